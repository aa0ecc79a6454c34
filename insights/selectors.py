"""What the dashboard and the CSV export read: every available KPI for a period and the one before it."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from insights import values as v
from insights.kpis import KPIS, Kpi, Row, Table
from insights.models import SummaryRun
from insights.periods import PRESETS, Period

# A KPI table is computed once per summary refresh (the key holds the refresh time); a day at most.
CACHE_SECONDS = 24 * 3600


@dataclass(frozen=True)
class Section:
    """One KPI on the page: its table (this period and the previous beside it) and its chart's data."""

    kpi: Kpi
    columns: list[str]
    rows: list[tuple[str, list[v.Value]]]
    chart: dict | None

    @property
    def chart_id(self) -> str:
        return f"chart-{self.kpi.key}"

    @property
    def has_hidden(self) -> bool:
        """Whether a cell shows "< 5" (the table then says why)."""
        return any(not value.shown for _label, values in self.rows for value in values)


def summary_stamp() -> str:
    """When the summary was last refreshed: the KPI tables cannot change in between."""
    run = SummaryRun.objects.filter(pk=1).values_list("refreshed_at", flat=True).first()
    return run.isoformat() if run else "never"


def table(kpi: Kpi, period: Period, stamp: str | None) -> Table:
    """The KPI's table, kept in the cache until the summary is refreshed (snapshots are not cached)."""
    if stamp is None or kpi.snapshot:
        return kpi.compute(period)
    key = f"insights:{kpi.key}:{period.start}:{period.end}:{stamp}:{get_language()}"
    found = cache.get(key)
    if found is None:
        computed = kpi.compute(period)
        # Labels as plain text in the page's language: lazy translations are slow to unpickle.
        found = Table(
            [str(column) for column in computed.columns],
            [Row(row.key, str(row.label), row.values) for row in computed.rows],
        )
        cache.set(key, found, timeout=CACHE_SECONDS)
    return found


def side_by_side(
    kpi: Kpi, period: Period, stamp: str | None = None
) -> tuple[list[str], list[tuple[str, list[v.Value]]], Table, Table | None]:
    """The KPI's table for the period, with the previous period's value after each of its values."""
    current = table(kpi, period, stamp)
    if kpi.snapshot:
        return [str(c) for c in current.columns], [(str(r.label), r.values) for r in current.rows], current, None
    previous = table(kpi, period.previous, stamp)
    headers = []
    for column in current.columns:
        headers += [str(column), _("%(column)s, previous period") % {"column": column}]
    rows = []
    for row in current.rows:
        before = previous.row(row.key) or Row(row.key, row.label, [v.Count(0)] * len(row.values))
        rows.append((str(row.label), [value for pair in zip(row.values, before.values, strict=True) for value in pair]))
    return headers, rows, current, previous


def _chart(kpi: Kpi, period: Period, current: Table, previous: Table | None) -> dict | None:
    if kpi.chart_column is None:
        return None
    column = kpi.chart_column
    datasets = [{"label": period.label(), "data": [row.values[column].chart() for row in current.rows]}]
    if previous is not None:
        datasets.append(
            {
                "label": period.previous.label(),
                "data": [
                    (before.values[column].chart() if (before := previous.row(row.key)) else None)
                    for row in current.rows
                ],
            }
        )
    return {
        "title": str(current.columns[column]),
        "labels": [str(row.label) for row in current.rows],
        "datasets": datasets,
    }


def dashboard(period: Period) -> dict:
    stamp = summary_stamp()
    sections = []
    for kpi in KPIS:
        _headers, rows, current, previous = side_by_side(kpi, period, stamp)
        columns = [str(column) for column in current.columns]
        sections.append(Section(kpi, columns, rows, _chart(kpi, period, current, previous)))
    return {"sections": sections, "refreshed_at": _refreshed_at(stamp)}


def _refreshed_at(stamp: str):
    return None if stamp == "never" else datetime.fromisoformat(stamp)


def csv_rows(kpi: Kpi, period: Period) -> list[list[str]]:
    """The KPI's table as CSV rows: a header, then one row per table row (small counts as "< 5")."""
    headers, rows, _current, _previous = side_by_side(kpi, period, summary_stamp())
    if kpi.snapshot:
        header = [_("Row"), *headers]
    else:
        labels = [period.label(), period.previous.label()]
        header = [_("Row"), *(f"{h} ({labels[i % 2]})" for i, h in enumerate(headers))]
    body: list[list] = [[label, *(value.csv() for value in values)] for label, values in rows]
    return [header, *body]


def dashboard_warm() -> int:
    """Compute the preset periods' tables in every language of the staff pages right after a refresh, so the
    first visitor does not wait for them. Returns how many tables were computed."""
    stamp, today, computed = summary_stamp(), timezone.localdate(), 0
    for language in settings.LANGUAGE_POLICY["staff"]:
        with translation.override(language):
            for preset in PRESETS.values():
                period = preset(today)
                for kpi in KPIS:
                    if not kpi.snapshot:
                        table(kpi, period, stamp)
                        table(kpi, period.previous, stamp)
                        computed += 2
    return computed
