"""The Leuven catalogue as its users walk it (no database): what it asks whom."""

from pathlib import Path

import yaml

from assistant.engine import parse_catalogue

LEUVEN = Path(__file__).resolve().parents[2] / "assistant" / "catalogues" / "leuven.yaml"


def test_a_business_is_never_asked_whether_it_wants_to_volunteer():
    catalogue = parse_catalogue(yaml.safe_load(LEUVEN.read_text(encoding="utf-8")))
    evaluation = catalogue.evaluate({"audience": "business"})
    assert "wants_to_volunteer" in evaluation.skipped
    assert "leuven-helpt-vrijwilliger" not in evaluation.applies + evaluation.undecided
    for audience in ("citizen", "association"):
        assert "wants_to_volunteer" not in catalogue.evaluate({"audience": audience}).skipped
