"""Operation: each worker's /health, /ready and /metrics; and load: a replay far faster than the slowest stage
keeps the workers' memory bounded (peak RSS, printed) and the consumer lag drains once the replay stops."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import threading
import time
from pathlib import Path

from aiokafka.errors import KafkaError

from services.app import STAGES, app_id
from services.bench.rss import RssSampler
from services.common.lag import group_lag
from services.demo import wait_drained
from services.producer.produce import produce
from tests.integration.conftest import REPO, Isolated
from tests.integration.corpus import make_corpus
from tests.integration.harness import count_rows, http_get, pipeline, wait_for

SEEDS = REPO / "seeds"
LOAD_ARTICLES = int(os.environ.get("NEWSSTREAM_LOAD_ARTICLES", "150"))
LOAD_LOOPS = 2


def metric(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus text; 0 when absent."""
    total = 0.0
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0])) if "{" in line else {}
        if all(found.get(k) == v for k, v in labels.items()):
            total += float(line.rsplit(" ", 1)[1])
    return total


def ports(iso: Isolated) -> tuple[int, int]:
    return int(iso.env["NEWSSTREAM_WEB_PORT"]), int(iso.env["NEWSSTREAM_SINK_WEB_PORT"])


def test_health_readiness_and_metrics_of_each_worker(isolated: Isolated, tmp_path: Path) -> None:
    worker_port, sink_port = ports(isolated)
    with pipeline(isolated.env, tmp_path / "logs") as p:
        for port in (worker_port, sink_port):
            wait_for(f"/health on {port}", lambda port=port: http_get(port, "/health")[0] == 200, timeout=120)
            wait_for(f"/ready on {port}", lambda port=port: http_get(port, "/ready")[0] == 200, timeout=120)
        asyncio.run(produce(isolated.settings, [SEEDS], progress=False))
        asyncio.run(wait_drained(isolated.settings, timeout=300))
        p.alive()
        worker_status, worker = http_get(worker_port, "/metrics")
        sink_status, sink = http_get(sink_port, "/metrics")
        print("worker /ready:", http_get(worker_port, "/ready"), "sink /ready:", http_get(sink_port, "/ready"))
    assert (worker_status, sink_status) == (200, 200), worker[:300]
    print("\n".join(line for line in worker.splitlines() if line.startswith("newsstream_records")))
    for stage in STAGES:
        ins, outs = (
            metric(worker, "newsstream_records_in_total", stage=stage),
            metric(worker, "newsstream_records_out_total", stage=stage),
        )
        print(f"{stage}: in={ins} out={outs}")
        assert ins >= 5 and outs >= 5
        assert metric(worker, "newsstream_processing_seconds_count", stage=stage) == ins
        assert "newsstream_consumer_lag{" in worker
    assert metric(worker, "newsstream_consumer_lag", stage="cleaner") == 0
    assert metric(sink, "newsstream_records_in_total", stage="sink") >= 5
    assert metric(sink, "newsstream_records_out_total", stage="sink") >= 5
    assert metric(sink, "newsstream_processing_seconds_count", stage="sink") >= 1
    assert metric(sink, "newsstream_consumer_lag", stage="sink") == 0
    assert "newsstream_dead_letters_total" in worker  # declared even before the first dead letter


class LagWatch(threading.Thread):
    """Polls the stage group's lag every second: its peak shows where the backlog waited (in Kafka)."""

    def __init__(self, iso: Isolated) -> None:
        super().__init__(daemon=True)
        self.iso, self.peak, self.stop = iso, 0, threading.Event()

    def run(self) -> None:
        t = self.iso.settings.topics
        group = app_id(self.iso.settings.group_prefix, STAGES)

        async def once() -> int:
            return sum((await group_lag(self.iso.settings, group, [t.raw, t.clean, t.enriched])).values())

        while not self.stop.wait(1.0):
            with contextlib.suppress(KafkaError, LookupError):
                self.peak = max(self.peak, asyncio.run(once()))


def test_a_replay_far_faster_than_the_stages_keeps_memory_bounded_and_lag_drains(
    isolated: Isolated, tmp_path: Path
) -> None:
    worker_port, sink_port = ports(isolated)
    folder = tmp_path / "corpus"
    make_corpus(folder, LOAD_ARTICLES)
    url = isolated.settings.database_url.get_secret_value()
    with pipeline(isolated.env, tmp_path / "logs") as p:
        for port in (worker_port, sink_port):
            wait_for(f"/ready on {port}", lambda port=port: http_get(port, "/ready")[0] == 200, timeout=120)
        time.sleep(3)
        worker_pid, sink_pid = p.procs["worker"].pid, p.procs["sink"].pid
        with RssSampler([worker_pid]) as idle_worker, RssSampler([sink_pid]) as idle_sink:
            time.sleep(2)
        lag = LagWatch(isolated)
        with RssSampler([worker_pid]) as worker, RssSampler([sink_pid]) as sink:
            lag.start()
            started = time.perf_counter()
            report = asyncio.run(produce(isolated.settings, [folder], loops=LOAD_LOOPS, progress=False))
            sent_in = time.perf_counter() - started
            at_end_of_replay = count_rows(url, "SELECT count(*) FROM articles")
            drained_at = time.perf_counter()
            asyncio.run(wait_drained(isolated.settings, timeout=1200))
            drain = time.perf_counter() - drained_at
            lag.stop.set()
            lag.join()
        p.alive()
        final = asyncio.run(
            group_lag(
                isolated.settings,
                app_id(isolated.settings.group_prefix, STAGES),
                [isolated.settings.topics.raw, isolated.settings.topics.clean, isolated.settings.topics.enriched],
            )
        )
    processed_rate = report.sent / (sent_in + drain)
    print(
        f"replay: {report.sent} records in {sent_in:.1f} s ({report.sent / sent_in:.0f}/s); pipeline: "
        f"{processed_rate:.1f} records/s end to end; {at_end_of_replay}/{LOAD_ARTICLES} articles in Postgres when "
        f"the replay ended; peak stage lag {lag.peak} records; drained {drain:.1f} s after the replay stopped; "
        f"final lag {final}"
    )
    print(
        f"RSS worker: idle {idle_worker.peaks[0]:.0f} MB, peak {worker.peaks[0]:.0f} MB "
        f"(+{worker.peaks[0] - idle_worker.peaks[0]:.0f}); sink: idle {idle_sink.peaks[0]:.0f} MB, "
        f"peak {sink.peaks[0]:.0f} MB (+{sink.peaks[0] - idle_sink.peaks[0]:.0f})"
    )
    assert report.sent == LOAD_ARTICLES * LOAD_LOOPS
    assert report.sent / sent_in > 5 * processed_rate, "the replay was not much faster than the stages"
    assert lag.peak > 0 and not any(final.values())
    assert count_rows(url, "SELECT count(*) FROM articles") == LOAD_ARTICLES
    # Bounded: the backlog waits in Kafka. The buffers (stream_buffer_maxsize records per partition) are what a
    # worker may hold; hundreds of MB more would mean the replay is piling up in memory.
    assert worker.peaks[0] - idle_worker.peaks[0] < 400
    assert sink.peaks[0] - idle_sink.peaks[0] < 200
