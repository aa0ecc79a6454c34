"""`manage.py assistant import|export|test|evaluate`, as the catalogue contract describes."""

import copy
import io
import json

import pytest
import yaml
from django.core.management import CommandError, call_command

from assistant.demo import LEUVEN_CATALOGUE
from assistant.engine import load_catalogue_text
from assistant.models import CatalogueProduct, Edition, EditionChange

pytestmark = pytest.mark.django_db

DOC = {
    "format": "leuvenhelpt-catalogue/1",
    "edition": "test-1",
    "default_language": "nl",
    "questions": [
        {
            "key": "lives_in_leuven",
            "type": "boolean",
            "text": {"nl": "Woont u in Leuven?", "en": "Do you live in Leuven?"},
        },
        {
            "key": "age",
            "type": "number",
            "text": {"nl": "Hoe oud bent u?"},
            "min": 0,
            "max": 120,
            "ask_if": {"var": "lives_in_leuven"},
        },
        {"key": "has_car", "type": "boolean", "text": {"nl": "Heeft u een auto?"}},
    ],
    "products": [
        {
            "key": "sociaal-tarief-ouderen",
            "name": {"nl": "Sociaal tarief voor ouderen"},
            "kind": "service",
            "audiences": ["citizen"],
            "theme": "welzijn",
            "summary": {"nl": "Korting voor ouderen."},
            "applies_if": {"and": [{"var": "lives_in_leuven"}, {">=": [{"var": "age"}, 65]}]},
            "help_route": "volunteer",
        },
        {
            "key": "bewonersparkeerkaart",
            "name": {"nl": "Bewonersparkeerkaart"},
            "kind": "service",
            "audiences": ["citizen"],
            "theme": "mobiliteit",
            "summary": {"nl": "Parkeren in uw buurt."},
            "applies_if": {"and": [{"var": "lives_in_leuven"}, {"var": "has_car"}]},
        },
    ],
    "cases": [
        {
            "name": "Senior in Leuven without a car",
            "answers": {"lives_in_leuven": True, "age": 70, "has_car": False},
            "applies": ["sociaal-tarief-ouderen"],
            "not_applies": ["bewonersparkeerkaart"],
        }
    ],
}


def write(tmp_path, document, name="catalogue.yaml") -> str:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return str(path)


def run(*args) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("assistant", *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return out.getvalue(), err.getvalue(), exc.code
    return out.getvalue(), err.getvalue(), 0


def test_import_stores_a_draft_and_logs_it(tmp_path):
    out, _err, code = run("import", write(tmp_path, DOC))
    assert code == 0
    assert 'Imported edition "test-1" as draft: 3 questions, 2 products, 1 cases.' in out
    edition = Edition.objects.get(label="test-1")
    assert edition.state == Edition.State.DRAFT
    assert edition.document == DOC
    assert list(CatalogueProduct.objects.filter(edition=edition).values_list("key", flat=True)) == [
        "sociaal-tarief-ouderen",
        "bewonersparkeerkaart",
    ]
    assert EditionChange.objects.get(edition=edition).action == "imported"


def test_import_publish_and_export_give_back_the_same_document(tmp_path):
    _out, _err, code = run("import", write(tmp_path, DOC), "--publish")
    assert code == 0
    assert Edition.objects.get(label="test-1").state == Edition.State.PUBLISHED
    out, _err, code = run("export")
    assert code == 0
    assert load_catalogue_text(out) == DOC
    out, _err, _code = run("export", "--edition", "test-1", "--format", "json")
    assert json.loads(out) == DOC


def test_the_leuven_catalogue_round_trips(tmp_path):
    document = load_catalogue_text(LEUVEN_CATALOGUE.read_text(encoding="utf-8"))
    _out, err, code = run("import", str(LEUVEN_CATALOGUE), "--publish")
    assert code == 0, err
    out, _err, _code = run("export")
    assert load_catalogue_text(out) == document


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["products"][1].update(applies_if={"xor": [True, False]}),
            'products[1].applies_if: unknown operator "xor"',
        ),
        (
            lambda d: d["questions"][0].update(ask_if={"var": "age"}),
            'questions[0].ask_if: mentions "age", which does not come earlier',
        ),
        (lambda d: d["questions"][2].update(key="age"), "questions[2].key"),
        (lambda d: d["products"][0]["name"].pop("nl"), "products[0].name"),
        (lambda d: d["products"][0].update(applies_if={"var": "missing"}), "products[0].applies_if"),
    ],
    ids=["operator", "later-question", "duplicate-key", "missing-default-text", "missing-question"],
)
def test_invalid_import_changes_nothing_and_says_why(tmp_path, change, message):
    document = copy.deepcopy(DOC)
    change(document)
    _out, err, code = run("import", write(tmp_path, document))
    assert code == 1
    assert message in err
    assert all(line.startswith(("products[", "questions[", "cases[", "edition", "format")) for line in err.splitlines())
    assert not Edition.objects.exists()
    assert not CatalogueProduct.objects.exists()


def test_import_with_publish_refuses_a_failing_case(tmp_path):
    document = copy.deepcopy(DOC)
    document["cases"][0]["applies"] = ["bewonersparkeerkaart"]
    document["cases"][0]["not_applies"] = []
    _out, err, code = run("import", write(tmp_path, document), "--publish")
    assert code == 1
    assert "Senior in Leuven without a car" in err
    assert not Edition.objects.exists()


def test_import_of_an_unreadable_file(tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("format: [unclosed\n", encoding="utf-8")
    _out, err, code = run("import", str(path))
    assert code == 1
    assert err.strip()
    with pytest.raises(CommandError, match="cannot read"):
        call_command("assistant", "import", str(tmp_path / "nope.yaml"))


def test_test_command_reports_failing_cases(tmp_path):
    out, _err, code = run("test", write(tmp_path, DOC))
    assert (code, out.strip().splitlines()[-1]) == (0, "1 passed, 0 failed")
    document = copy.deepcopy(DOC)
    document["cases"][0]["answers"]["has_car"] = True
    out, _err, code = run("test", write(tmp_path, document))
    assert code == 1
    assert "FAIL Senior in Leuven without a car" in out
    assert "bewonersparkeerkaart" in out
    assert out.strip().splitlines()[-1] == "0 passed, 1 failed"


def test_test_command_without_file_uses_the_published_edition(tmp_path):
    with pytest.raises(CommandError, match="no published edition"):
        call_command("assistant", "test")
    run("import", write(tmp_path, DOC), "--publish")
    out, _err, code = run("test")
    assert code == 0 and "1 passed" in out


def test_evaluate_prints_the_contract_object(tmp_path):
    run("import", write(tmp_path, DOC), "--publish")
    out, _err, code = run("evaluate", "--answers", '{"lives_in_leuven": true}')
    assert code == 0
    assert json.loads(out) == {
        "applies": [],
        "not_applies": [],
        "undecided": ["bewonersparkeerkaart", "sociaal-tarief-ouderen"],
        "skipped": [],
        "next_question": "age",
    }
    out, _err, _code = run("evaluate", "--answers", '{"lives_in_leuven": false}')
    assert json.loads(out) == {
        "applies": [],
        "not_applies": ["bewonersparkeerkaart", "sociaal-tarief-ouderen"],
        "undecided": [],
        "skipped": ["age"],
        "next_question": None,
    }


@pytest.mark.parametrize(
    ("answers", "fragment"),
    [
        ('{"shoe_size": 42}', "shoe_size"),
        ('{"lives_in_leuven": "yes"}', "lives_in_leuven"),
        ('{"lives_in_leuven": true, "age": 130}', "age"),
    ],
)
def test_evaluate_rejects_bad_answers(tmp_path, answers, fragment):
    run("import", write(tmp_path, DOC), "--publish")
    out, err, code = run("evaluate", "--answers", answers)
    assert code == 1
    assert fragment in err
    assert out == ""


def test_evaluate_with_invalid_json_or_unknown_edition(tmp_path):
    run("import", write(tmp_path, DOC), "--publish")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("assistant", "evaluate", "--answers", "{nope")
    with pytest.raises(CommandError, match='no edition "2099"'):
        call_command("assistant", "evaluate", "--answers", "{}", "--edition", "2099")


def test_second_import_with_the_same_label_is_refused(tmp_path):
    run("import", write(tmp_path, DOC))
    _out, err, code = run("import", write(tmp_path, DOC))
    assert code == 1
    assert 'an edition "test-1" already exists' in err
    assert Edition.objects.count() == 1
