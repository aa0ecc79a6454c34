"""The Leuven catalogue, imported and published by ``seed_demo`` (once), with anonymous answer sets for "Wie krijgt
dit?" made from its example cases (as if people had answered like them over the last weeks)."""

from datetime import timedelta
from pathlib import Path

from django.utils import timezone

from assistant import services
from assistant.engine import load_catalogue_text, parse_catalogue
from assistant.models import AnswerSet, Edition

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
    if not AnswerSet.objects.exists():
        catalogue = parse_catalogue(edition.document)
        today = timezone.localdate()
        recorded = 0
        for number, case in enumerate(catalogue.cases):
            answers = catalogue.evaluate(case.answers).effective_answers
            for time in range(1 + (number * 7) % 5):  # 1 to 5 people answered like this case
                services.answer_set_record(
                    edition_id=edition.pk, answers=answers, day=today - timedelta(weeks=(number + time) % 12)
                )
                recorded += 1
        stdout.write(f"Assistant: {recorded} anonymous answer sets of the last 12 weeks for 'Wie krijgt dit?'.")
