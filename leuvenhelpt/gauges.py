"""Gauges that apps read at scrape time for /metrics (``leuvenhelpt.observability``): the outbox's come from
the database. Each app adds its function here in its ``AppConfig.ready()`` (``outbox.apps``): the project's
own modules sit above or below the apps and never reach into one."""

from collections.abc import Callable, Iterable

from prometheus_client.core import Metric

_LIVE_GAUGES: list[Callable[[], Iterable[Metric]]] = []


def live_gauges_register(gauges: Callable[[], Iterable[Metric]]) -> None:
    if gauges not in _LIVE_GAUGES:
        _LIVE_GAUGES.append(gauges)


def live_gauges() -> tuple[Callable[[], Iterable[Metric]], ...]:
    return tuple(_LIVE_GAUGES)
