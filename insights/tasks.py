"""Celery beat jobs of the insights app: thin, idempotent wrappers around ``summary_refresh``."""

from celery import shared_task

from insights.selectors import dashboard_warm
from insights.services import summary_refresh


@shared_task(soft_time_limit=240, time_limit=300)
def refresh_summary() -> int:
    """Count again the days that changed since the last run (every quarter of an hour), then compute
    this month's, quarter's and year's tables for the first visitor."""
    days = summary_refresh()
    dashboard_warm()
    return days


@shared_task(soft_time_limit=240, time_limit=300)
def rebuild_summary() -> int:
    """Count every day again (at night), so that nothing a change left unmarked stays behind."""
    days = summary_refresh(full=True)
    dashboard_warm()
    return days
