"""Product ``priority`` (crisis, obligation, normal): parsed, defaulted by kind, exported as given, linted."""

import pytest

from assistant.engine import CatalogueError, dump_catalogue_text, load_catalogue_text, parse_catalogue


def test_older_documents_without_priority_stay_valid_and_default_by_kind(doc):
    catalogue = parse_catalogue(doc)
    priorities = {product.key: product.effective_priority for product in catalogue.products}
    assert priorities["ondernemingsloket"] == "obligation"  # kind obligation
    assert priorities["bewonersparkeerkaart"] == "normal"  # kind service
    assert all(product.priority is None for product in catalogue.products)
    assert all("priority" not in product for product in catalogue.to_document()["products"])


@pytest.mark.parametrize("priority", ["crisis", "obligation", "normal"])
def test_a_given_priority_is_kept_and_exported_after_help_route(doc, priority):
    doc["products"][0]["priority"] = priority
    catalogue = parse_catalogue(doc)
    assert catalogue.products[0].effective_priority == priority
    exported = catalogue.to_document()["products"][0]
    assert exported["priority"] == priority
    assert list(exported)[-2:] == ["help_route", "priority"]
    text = dump_catalogue_text(catalogue.to_document())
    assert parse_catalogue(load_catalogue_text(text)).to_document() == catalogue.to_document()


@pytest.mark.parametrize("bad", ["urgent", "", None, 1, ["crisis"]])
def test_an_unknown_priority_is_refused_naming_the_product(doc, bad):
    doc["products"][1]["priority"] = bad
    with pytest.raises(CatalogueError) as refused:
        parse_catalogue(doc)
    assert any(line.startswith("products[1].priority: must be one of") for line in refused.value.problems)


def test_a_crisis_product_that_applies_to_everyone_is_warned_about(make_doc):
    document = make_doc([("a", "boolean")], {"p": {"var": "a"}, "q": True})
    document["products"][0]["priority"] = "crisis"
    document["products"][1]["priority"] = "crisis"
    warnings = parse_catalogue(document).warnings
    assert warnings == [
        'products[1].priority: crisis product "q" applies to everyone, so every result would open with the urgent banner'
    ]
