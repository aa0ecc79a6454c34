"""The Leuven catalogue, imported and published by ``seed_demo`` (once)."""

from pathlib import Path

from assistant import services
from assistant.engine import load_catalogue_text
from assistant.models import Edition

LEUVEN_CATALOGUE = Path(__file__).resolve().parent / "catalogues" / "leuven.yaml"


def seed(*, stdout) -> None:
    document = load_catalogue_text(LEUVEN_CATALOGUE.read_text(encoding="utf-8"))
    edition = Edition.objects.filter(label=document["edition"]).first()
    if edition is None:
        edition = services.edition_import(document=document, publish=True)
        stdout.write(f"Assistant: imported and published the Leuven catalogue ({document['edition']}).")
    elif not Edition.objects.filter(state=Edition.State.PUBLISHED).exists():
        services.edition_publish(edition=edition, actor=None, review=False)
    stdout.write(f"Assistant: {edition.product_rows.count()} products in edition {edition.label}.")
