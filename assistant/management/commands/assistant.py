"""`python manage.py assistant import|export|test|evaluate` as the catalogue contract describes."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from assistant import services
from assistant.engine import AnswerError, CatalogueError, dump_catalogue_text, load_catalogue_text, parse_catalogue
from assistant.models import Edition


class Command(BaseCommand):
    help = "Import, export, test and evaluate assistant catalogues (format leuvenhelpt-catalogue/1)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="import|export|test|evaluate")
        imp = sub.add_parser("import", help="validate FILE and store it as a new draft edition")
        imp.add_argument("file")
        imp.add_argument("--publish", action="store_true", help="publish at once (every case must pass)")
        exp = sub.add_parser("export", help="print the published (or named) edition")
        exp.add_argument("--edition", metavar="LABEL")
        exp.add_argument("--format", choices=["yaml", "json"], default="yaml")
        test = sub.add_parser("test", help="run the cases of FILE or of the published edition")
        test.add_argument("file", nargs="?")
        evaluate = sub.add_parser("evaluate", help="evaluate answers against the published (or named) edition")
        evaluate.add_argument("--answers", required=True, metavar="JSON")
        evaluate.add_argument("--edition", metavar="LABEL")

    def handle(self, *args, action: str, **options):
        return getattr(self, f"do_{action}")(**options)

    # -- helpers ----------------------------------------------------------------
    def fail(self, lines: list[str]) -> None:
        """One line per problem on standard error, then a non-zero exit."""
        for line in lines:
            self.stderr.write(line)
        sys.exit(1)

    def read_file(self, file: str) -> dict:
        path = Path(file)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"{file}: cannot read the file ({exc.strerror})") from None
        try:
            return load_catalogue_text(text)
        except CatalogueError as exc:
            self.fail(exc.problems)

    def edition(self, label: str | None) -> Edition:
        if label:
            edition = Edition.objects.filter(label=label).first()
            if edition is None:
                raise CommandError(f'there is no edition "{label}"')
            return edition
        edition = Edition.objects.filter(state=Edition.State.PUBLISHED).first()
        if edition is None:
            raise CommandError("there is no published edition; import one with --publish")
        return edition

    # -- the four actions -----------------------------------------------------------
    def do_import(self, *, file: str, publish: bool, **options):
        document = self.read_file(file)
        try:
            edition = services.edition_import(document=document, publish=publish)
        except CatalogueError as exc:
            self.fail(exc.problems)
        except services.PublishRefused as exc:
            self.fail([f"case {r.name!r}: {line}" for r in exc.failures for line in r.describe()])
        catalogue = parse_catalogue(edition.document)
        for warning in catalogue.warnings:
            self.stderr.write(f"warning: {warning}")
        self.stdout.write(
            f'Imported edition "{edition.label}" as {edition.state}: {len(catalogue.questions)} questions, '
            f"{len(catalogue.products)} products, {len(catalogue.cases)} cases."
        )

    def do_export(self, *, edition: str | None, format: str, **options):
        document = self.edition(edition).document
        self.stdout.write(dump_catalogue_text(document, fmt=format), ending="")

    def do_test(self, *, file: str | None, **options):
        document = self.read_file(file) if file else self.edition(None).document
        try:
            catalogue = parse_catalogue(document)
        except CatalogueError as exc:
            self.fail(exc.problems)
        results = catalogue.run_cases()
        failures = [result for result in results if not result.passed]
        for result in failures:
            self.stdout.write(f"FAIL {result.name}")
            for line in result.describe():
                self.stdout.write(f"  {line}")
        self.stdout.write(f"{len(results) - len(failures)} passed, {len(failures)} failed")
        if failures:
            sys.exit(1)

    def do_evaluate(self, *, answers: str, edition: str | None, **options):
        try:
            given = json.loads(answers)
        except json.JSONDecodeError as exc:
            raise CommandError(f"--answers is not valid JSON: {exc.msg} (at character {exc.pos})") from None
        catalogue = parse_catalogue(self.edition(edition).document)
        try:
            evaluation = catalogue.evaluate(given)
        except AnswerError as exc:
            self.fail(exc.messages)
        self.stdout.write(json.dumps(evaluation.as_dict(), ensure_ascii=False))
