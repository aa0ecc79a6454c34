"""The project's one CSV writer (``leuvenhelpt/csv_export.py``), and that every download uses it."""

import ast
import csv
import io
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from leuvenhelpt.csv_export import cell, csv_response, csv_text

ROOT = Path(__file__).resolve().parents[1]


def _read(text: str) -> list[list[str]]:
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_bom_semicolon_and_quoting():
    text = csv_text([["naam", "opmerking"], ["Zoë", 'twee; "delen"\nen een regel']])
    assert text.startswith("\ufeffnaam;opmerking\r\n")
    assert _read(text) == [["naam", "opmerking"], ["Zoë", 'twee; "delen"\nen een regel']]


def test_numbers_have_a_decimal_comma_and_stay_numbers():
    assert [cell(v) for v in (12, -3, 12.5, 0.25, 3.0, Decimal("7.50"), -1.5)] == [
        "12",
        "-3",
        "12,5",
        "0,25",
        "3",
        "7,50",
        "-1,5",
    ]
    assert cell(None) == "" and cell(date(2026, 3, 1)) == "2026-03-01" and cell(True) == "1"


@pytest.mark.parametrize(
    "value",
    ["=1+1", "+32 470", "-2+3", "@SUM(A1)", "\t=1", "\r=1", '=HYPERLINK("https://evil.example")', "＝1+1"],
)
def test_formulas_are_neutralised(value):
    assert cell(value) == f"'{value}"
    assert _read(csv_text([[value]])) == [[f"'{value}"]]


def test_ordinary_text_is_left_alone():
    assert [cell(v) for v in ("Telefoon", "< 5", "1 maart 2026 – 31 maart 2026", "")] == [
        "Telefoon",
        "< 5",
        "1 maart 2026 – 31 maart 2026",
        "",
    ]


def test_the_response_is_a_utf8_download():
    response = csv_response([["a"]], filename="x.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response.content == "\ufeffa\r\n".encode()


def test_no_other_module_writes_csv():
    """Every export goes through the one writer: no other application module uses the csv module."""
    offenders = []
    for app in (
        "accounts",
        "assistant",
        "requests_app",
        "volunteers",
        "helpdesk",
        "privacy",
        "dataprotection",
        "insights",
        "outbox",
        "once",
        "leuvenhelpt",
    ):
        for path in (ROOT / app).rglob("*.py"):
            if path.name == "csv_export.py" or "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                names = []
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.module:
                    names = [node.module]
                if "csv" in names:
                    offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []
