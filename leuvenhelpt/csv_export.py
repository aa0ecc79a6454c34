"""The one CSV writer of the project: every download of a table goes through it.

For Belgian Excel (and LibreOffice with the same defaults):

- UTF-8 with a byte-order mark, so accents survive opening the file by double-clicking it;
- ``;`` between cells (the list separator of a Belgian locale), ``\\r\\n`` between rows, cells with ``;``,
  quotes or line breaks quoted;
- numbers with a decimal comma (``12,5``); whole numbers as they are; dates as ``2026-03-01``;
- formulas neutralised: a text cell starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (or
  their full-width forms) gets a leading apostrophe, so a spreadsheet shows it as text instead of running it
  (OWASP "CSV injection"). Numbers are passed as numbers, so a negative number stays a number.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

BOM = "\ufeff"
SEPARATOR = ";"
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def cell(value: Any) -> str:
    """One value as the text of a cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float | Decimal):
        text = f"{value:.2f}".rstrip("0").rstrip(".") if isinstance(value, float) else format(value, "f")
        return text.replace(".", ",")
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="minutes")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    if text.startswith(FORMULA_START):
        return f"'{text}"
    return text


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    """The whole file as text, the byte-order mark first."""
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=SEPARATOR, lineterminator="\r\n")
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue()


def csv_response(rows: Iterable[Sequence[Any]], *, filename: str) -> HttpResponse:
    """A download of ``rows`` named ``filename``."""
    response = HttpResponse(csv_text(rows).encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
