"""The apps depend one way (docs/architecture.md, "Layers"): import-linter's contract in pyproject.toml is
kept, a new upward import or cycle between apps breaks it, and no app hides an import of another app inside a
function (the old way of breaking a cycle). A failure here names the import; move the code to the right
layer, or let the upper app subscribe to a signal or registry of the lower one."""

import ast
import copy
import re
import tomllib
from pathlib import Path

import grimp
import pytest
from importlinter import api as importlinter_api  # noqa: F401 - configures import-linter, as its CLI does
from importlinter.application.use_cases import lint_imports

ROOT = Path(__file__).resolve().parents[1]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
PACKAGES = CONFIG["root_packages"]
(LAYERS,) = [c["layers"] for c in CONFIG["contracts"] if c["type"] == "layers"]


def _layers() -> list[grimp.Layer]:
    """The contract's layers as grimp reads them (``a | b``: independent, ``a : b``: may import each other)."""
    parsed = []
    for line in LAYERS:
        independent = ":" not in line
        tails = [part.strip() for part in line.replace(":", "|").split("|")]
        parsed.append(grimp.Layer(*tails, independent=independent))
    return parsed


@pytest.fixture(scope="module")
def built() -> grimp.ImportGraph:
    return grimp.build_graph(*PACKAGES, cache_dir=None)


@pytest.fixture
def graph(built) -> grimp.ImportGraph:
    return copy.deepcopy(built)


def test_the_contracts_are_kept(monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    kept = lint_imports(config_filenames=[str(ROOT / "pyproject.toml")], cache_dir=None, no_logo=True)
    assert kept, capsys.readouterr().out


def test_an_upward_import_breaks_the_layers(graph):
    assert graph.find_illegal_dependencies_for_layers(layers=_layers()) == set()
    # people is under requests_app: people importing it would close a cycle between the two apps.
    graph.add_import(importer="people.models", imported="requests_app.models", line_number=1, line_contents="x")
    illegal = graph.find_illegal_dependencies_for_layers(layers=_layers())
    assert {(d.importer, d.imported) for d in illegal} == {("people", "requests_app")}


def test_apps_on_one_line_do_not_import_each_other(graph):
    graph.add_import(importer="helpdesk.views", imported="volunteers.selectors", line_number=1, line_contents="x")
    illegal = graph.find_illegal_dependencies_for_layers(layers=_layers())
    assert {(d.importer, d.imported) for d in illegal} == {("helpdesk", "volunteers")}


def test_every_module_of_the_project_package_has_its_layer():
    """``leuvenhelpt`` is listed module by module (the wiring on top, the helpers at the bottom): a new
    module must be placed, else the contract would not look at it."""
    listed = {part.strip() for line in LAYERS for part in line.replace(":", "|").split("|")}
    modules = {f"leuvenhelpt.{p.stem}" for p in (ROOT / "leuvenhelpt").glob("*.py") if p.stem != "__init__"}
    assert modules - listed == set()


# Imports of another app inside a function that are not a cycle broken by hand: an AppConfig.ready()
# connecting to a lower app's signal or registry is the way Django wires an app in.
def _function_imports_of_other_apps() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts or path.name == "apps.py":
                continue
            tree = ast.parse(path.read_text())
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                        names = [node.module]
                    elif isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                    else:
                        continue
                    for name in names:
                        top = name.split(".")[0]
                        if top in PACKAGES and top != package:
                            found.append(f"{path.relative_to(ROOT)}:{node.lineno} imports {name}")
    return found


def test_no_app_imports_another_inside_a_function():
    assert _function_imports_of_other_apps() == []


# Templates ask the workflow ({{ obj|can:"accept" }}) or a model property ({{ erasure.is_pending }}), never
# compare a state string: the states and what they allow are written in one place.
STATE_COMPARISON = re.compile(r"\.(state|status)\s*(==|!=|\bin\b)")


def test_no_template_compares_a_state_string():
    found = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "templates").rglob("*.html"))
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if "{%" in line and STATE_COMPARISON.search(line)
    ]
    assert found == []
