"""What the dashboard and the CSV export read: every available KPI for a period and the one before it."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from insights import values as v
from insights.kpis import KPIS, Kpi, Row, Table, pending_sources
from insights.periods import Period


@dataclass(frozen=True)
class Section:
    """One KPI on the page: its table (this period and the previous beside it) and its chart's data."""

    kpi: Kpi
    headers: list[str]
    rows: list[tuple[str, list[v.Value]]]
    chart: dict | None

    @property
    def chart_id(self) -> str:
        return f"chart-{self.kpi.key}"


def side_by_side(kpi: Kpi, period: Period) -> tuple[list[str], list[tuple[str, list[v.Value]]], Table, Table | None]:
    """The KPI's table for the period, with the previous period's value after each of its values."""
    current = kpi.compute(period)
    if kpi.snapshot:
        return [str(c) for c in current.columns], [(str(r.label), r.values) for r in current.rows], current, None
    previous = kpi.compute(period.previous)
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
                    (previous.row(row.key).values[column].chart() if previous.row(row.key) else None)
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
    sections = []
    for kpi in KPIS:
        if not kpi.available:
            continue
        headers, rows, current, previous = side_by_side(kpi, period)
        sections.append(Section(kpi, headers, rows, _chart(kpi, period, current, previous)))
    return {"sections": sections, "pending": pending_sources()}


def csv_rows(kpi: Kpi, period: Period) -> list[list[str]]:
    """The KPI's table as CSV rows: a header, then one row per table row (small counts as "< 5")."""
    headers, rows, _current, _previous = side_by_side(kpi, period)
    if kpi.snapshot:
        header = [_("Row"), *headers]
    else:
        labels = [period.label(), period.previous.label()]
        header = [_("Row"), *(f"{h} ({labels[i % 2]})" for i, h in enumerate(headers))]
    return [header, *([label, *(value.csv() for value in values)] for label, values in rows)]
