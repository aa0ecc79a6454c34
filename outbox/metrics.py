"""The outbox's gauges for /metrics, read at scrape time (registered in ``OutboxConfig.ready``)."""

from collections.abc import Iterator

from prometheus_client.core import GaugeMetricFamily

from outbox.selectors import counts_by_status, depth_by_channel


def outbox_gauges() -> Iterator[GaugeMetricFamily]:
    waiting = GaugeMetricFamily("leuvenhelpt_outbox_waiting", "Messages waiting to be sent", labels=["channel"])
    oldest = GaugeMetricFamily(
        "leuvenhelpt_outbox_oldest_waiting_seconds", "Age of the oldest waiting message", labels=["channel"]
    )
    for channel, row in depth_by_channel().items():
        waiting.add_metric([channel], row["waiting"])
        oldest.add_metric([channel], row["oldest_age"])
    messages = GaugeMetricFamily(
        "leuvenhelpt_outbox_messages", "Messages in the outbox by status", labels=["channel", "status"]
    )
    for (channel, status), count in counts_by_status().items():
        messages.add_metric([channel, status], count)
    yield from (waiting, oldest, messages)
