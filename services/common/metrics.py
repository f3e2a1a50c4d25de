"""What every worker exposes for operation: Prometheus metrics, and the answers of /health and /ready.

The stage workers serve them from Faust's own web server (``services.app``), the sink from a small aiohttp server
(``serve_http``). Metric names (``stage`` is cleaner, enricher, extractor, sink or producer)::

    newsstream_records_in_total{stage}                 records read from the stage's topics
    newsstream_records_out_total{stage}                records written (stages: to their topic; sink: to Postgres)
    newsstream_dead_letters_total{stage,reason}        records that became dead letters
    newsstream_processing_seconds{stage}               histogram: one record (stages) or one batch (sink)
    newsstream_consumer_lag{stage,topic,partition}     records between the last one handled and the partition's end
                                                       (stages: also asked of the broker every lag_refresh_s)
    newsstream_ready{stage}                            1 when /ready answers 200
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Collection, Iterator, Mapping, MutableMapping
from typing import Any

from prometheus_client import CONTENT_TYPE_LATEST, Counter, Gauge, Histogram, generate_latest

RECORDS_IN = Counter("newsstream_records_in", "Records read from the stage's source topics.", ["stage"])
RECORDS_OUT = Counter(
    "newsstream_records_out", "Records written: to the target topic (stages) or to Postgres (sink).", ["stage"]
)
DEAD_LETTERS = Counter("newsstream_dead_letters", "Records that became dead letters.", ["stage", "reason"])
PROCESSING_SECONDS = Histogram(
    "newsstream_processing_seconds",
    "Time to process one record (stages) or to write one batch (sink).",
    ["stage"],
    buckets=(0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
CONSUMER_LAG = Gauge(
    "newsstream_consumer_lag",
    "Records between the last one the stage handled and the end of the partition (its high watermark).",
    ["stage", "topic", "partition"],
)
READY = Gauge("newsstream_ready", "1 when the worker is ready (its /ready answers 200).", ["stage"])


def render() -> tuple[bytes, str]:
    """The /metrics body and its content type."""
    return generate_latest(), CONTENT_TYPE_LATEST


@contextlib.contextmanager
def timed(stage: str) -> Iterator[None]:
    started = time.perf_counter()
    try:
        yield
    finally:
        PROCESSING_SECONDS.labels(stage).observe(time.perf_counter() - started)


def record_lag(stage: str, topic: str, partition: int, highwater: int | None, next_offset: int) -> None:
    """``next_offset`` is the offset after the last record handled; the high watermark is the partition's end."""
    if highwater is None:
        return
    CONSUMER_LAG.labels(stage, topic, str(partition)).set(max(0, highwater - next_offset))


def refresh_lag(
    stage: str, handled: MutableMapping[Any, int], assigned: Collection[Any], ends: Mapping[Any, int]
) -> None:
    """The gauge of every partition in ``handled`` (partition -> offset after the last record handled there) from
    the partitions' current ``ends``: it moves with records, so without this it would hold still while none are
    handled (a stalled stage), and keep the last figure of a partition a rebalance took away (dropped here)."""
    for tp in list(handled):
        if tp not in assigned:
            del handled[tp]
            with contextlib.suppress(KeyError):  # never set: nothing to drop
                CONSUMER_LAG.remove(stage, tp.topic, str(tp.partition))
        else:
            record_lag(stage, tp.topic, tp.partition, ends.get(tp), handled[tp])  # no end known: the figure stays


async def serve_http(
    port: int, *, stage: str, ready: Callable[[], tuple[bool, dict[str, Any]]], host: str = "0.0.0.0"
) -> Any:
    """/health, /ready and /metrics on ``port`` for a process that has no web server of its own (the sink).

    Returns the aiohttp runner; ``await runner.cleanup()`` stops it.
    """
    from aiohttp import web

    async def health(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok", "stage": stage})

    async def readiness(_: web.Request) -> web.Response:
        ok, detail = ready()
        READY.labels(stage).set(1 if ok else 0)
        return web.json_response({"ready": ok, "stage": stage, **detail}, status=200 if ok else 503)

    async def metrics(_: web.Request) -> web.Response:
        body, content_type = render()
        return web.Response(body=body, headers={"Content-Type": content_type})

    app = web.Application()
    app.router.add_get("/health", health)
    app.router.add_get("/ready", readiness)
    app.router.add_get("/metrics", metrics)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner
