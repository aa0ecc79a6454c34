"""The rules engine is pure Python: it imports nothing from Django."""

import ast
import subprocess
import sys
from pathlib import Path

import assistant.engine

ENGINE = Path(assistant.engine.__file__).resolve().parent
ROOT = ENGINE.parent.parent


def imported_modules(path):
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            yield node.module


def test_no_engine_module_imports_django():
    files = sorted(ENGINE.glob("*.py"))
    assert len(files) >= 5
    offending = [
        f"{path.name}: {name}"
        for path in files
        for name in imported_modules(path)
        if name == "django" or name.startswith("django.")
    ]
    assert offending == []


def test_importing_and_using_the_engine_loads_no_django():
    script = (
        "import sys\n"
        "from assistant.engine import parse_catalogue, load_catalogue_text\n"
        'doc = load_catalogue_text(\'{"format": "leuvenhelpt-catalogue/1", "edition": "x", '
        '"default_language": "nl", "questions": [], "products": []}\')\n'
        "parse_catalogue(doc).evaluate({})\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded)\n"
    )
    result = subprocess.run(  # noqa: S603 - a fixed script run with this interpreter
        [sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True, timeout=60
    )
    assert result.stdout.strip() == "[]"
