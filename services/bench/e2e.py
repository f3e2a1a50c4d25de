"""End to end through real Kafka and Postgres: worker subprocesses (every stage) and the sink, as deployed.

Each run gets its own topics, consumer groups and database schema (nothing is shared with another run or with the
demo). The bench sends the articles itself, recording the wall-clock time of each send; after the pipeline has
drained it reads ``articles.first_seen`` (Postgres ``now()`` at insert, the same machine's clock) per article id.
Throughput is rows over the time from the first send to the last row written (article, event mention or dead
letter); latency is send to article row. Worker memory is sampled with psutil while the run lasts.
"""

from __future__ import annotations

import asyncio
import os
import sys
import time
import urllib.request
from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from psycopg import sql

from schemas import RawArticle
from services.app import STAGES
from services.bench import cpu
from services.bench.rss import RssSampler
from services.common.codec import encode
from services.common.kafka import create_topics, producer
from services.common.settings import Settings
from services.demo import spawn, terminate, wait_drained
from services.devservices.isolation import free_port, isolated_env

# The nice of a worker that yields the CPU: a weight of 110 against a normal process's 1024 in Linux's table, about
# what docker-compose.yml's cpu_shares (128 against the default 1024) give the stages that are not the slowest.
YIELD_NICE = 10


def percentile(values: Sequence[float], q: float) -> float:
    """The q-th percentile (0..100) with linear interpolation between closest ranks (numpy's default)."""
    if not values:
        raise ValueError("no values")
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100.0
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo)


@dataclass
class RunResult:
    name: str
    workers: int
    articles: int
    words: int
    rate_asked: float | None
    seconds: float = 0.0
    rows: int = 0
    events: int = 0
    dead_letters: int = 0
    latencies: list[float] = field(default_factory=list)
    landed: list[float] = field(default_factory=list)  # each article row's time, in order
    peak_rss_mb: list[float] = field(default_factory=list)
    sink_peak_rss_mb: float = 0.0
    send_seconds: float = 0.0
    layout: list[list[str]] = field(default_factory=list)
    cpu_s: dict[str, float] = field(default_factory=dict)

    @property
    def articles_per_s(self) -> float:
        return self.rows / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words * (self.rows / self.articles) / self.seconds if self.seconds and self.articles else 0.0

    @property
    def steady_articles_per_s(self) -> float:
        """Rows a second between the 10th and the 90th percentile row: the rate once the pipeline is full, without
        its start (a replay's burst into the first stage, cold caches) or its last records' trip. Meaningful when
        one process per stage: a worker running every stage cleans most of the backlog first, so its later rows
        come faster than its work allows."""
        if len(self.landed) < 20:
            return 0.0
        lo, hi = len(self.landed) // 10, len(self.landed) * 9 // 10
        span = self.landed[hi] - self.landed[lo]
        return (hi - lo) / span if span > 0 else 0.0

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "name": self.name,
            "workers": self.workers,
            "articles_sent": self.articles,
            "article_rows": self.rows,
            "dead_letters": self.dead_letters,
            "event_mentions": self.events,
            "rate_asked_per_s": None if self.rate_asked is None else round(self.rate_asked, 2),
            "send_seconds": round(self.send_seconds, 2),
            "seconds_first_send_to_last_row": round(self.seconds, 2),
            "articles_per_s": round(self.articles_per_s, 2),
            "words_per_s": round(self.words_per_s, 1),
            "steady_articles_per_s": round(self.steady_articles_per_s, 2),
            "worker_peak_rss_mb": [round(r, 1) for r in self.peak_rss_mb],
            "sink_peak_rss_mb": round(self.sink_peak_rss_mb, 1),
            "worker_stages": self.layout,
            "cpu_s": self.cpu_s,
            "cpu_ms_per_article": {g: round(1000 * s / max(self.rows, 1), 1) for g, s in self.cpu_s.items()},
        }
        if self.latencies:
            out["latency_s"] = {f"p{q}": round(percentile(self.latencies, q), 3) for q in (50, 95, 99)} | {
                "max": round(max(self.latencies), 3),
                "n": len(self.latencies),
            }
        return out


def settings_for(env: dict[str, str]) -> Settings:
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        settings = Settings()
        _ = settings.topics  # read the topic names while the env says them
        return settings
    finally:
        os.environ.clear()
        os.environ.update(saved)


def wait_ready(ports: Sequence[int], timeout: float = 180.0, procs: Sequence[Any] = ()) -> None:
    deadline = time.monotonic() + timeout
    pending = list(ports)
    while pending:
        for p in procs:
            if p.poll() is not None:
                raise RuntimeError(f"{p.args!r} exited with {p.returncode} before it was ready")
        port = pending[0]
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/ready", timeout=2) as r:
                if r.status == 200:
                    pending.pop(0)
                    continue
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"not ready in {timeout:.0f} s: ports {pending}")
        time.sleep(0.5)


async def send(settings: Settings, raws: Sequence[RawArticle], rate: float | None) -> tuple[dict[str, float], float]:
    """Sends every article (paced at ``rate`` a second when given); returns send times (epoch s) by id."""
    payloads = [(r.article_id, encode(r)) for r in raws]  # encoded before the clock starts
    kafka = producer(settings)
    await kafka.start()
    sent: dict[str, float] = {}
    try:
        started = time.perf_counter()
        futures = []
        for i, (article_id, payload) in enumerate(payloads):
            if rate:
                ahead = i / rate - (time.perf_counter() - started)
                if ahead > 0:
                    await asyncio.sleep(ahead)
            sent.setdefault(article_id, time.time())
            futures.append(await kafka.send(settings.topics.raw, payload, key=article_id.encode()))
        await kafka.flush()
        await asyncio.gather(*futures)
        return sent, time.perf_counter() - started
    finally:
        await kafka.stop()


def wait_landed(url: str, articles: int, timeout: float) -> None:
    """Until every article has a row (or a dead letter). Asking Postgres is nearly free; asking Kafka for every
    group's lag (``wait_drained``, which follows for the events) opens clients each time and would load the broker
    being measured."""
    deadline = time.monotonic() + timeout
    with psycopg.connect(url, autocommit=True) as conn:
        while time.monotonic() < deadline:
            row = conn.execute(
                "SELECT (SELECT count(*) FROM articles)"
                " + (SELECT count(DISTINCT article_id) FROM dead_letters WHERE article_id IS NOT NULL)"
            ).fetchone()
            if row is not None and row[0] >= articles:
                return
            time.sleep(0.5)
    raise TimeoutError(f"{articles} articles did not land in {timeout:.0f} s")


def _rows(url: str, since_ids: dict[str, float]) -> tuple[dict[str, float], float, int, int]:
    with psycopg.connect(url) as conn:
        firsts = {
            aid: ts.timestamp()
            for aid, ts in conn.execute("SELECT article_id, first_seen FROM articles").fetchall()
            if aid in since_ids
        }
        last = 0.0
        for table in ("articles", "event_mentions", "dead_letters"):
            row = conn.execute(sql.SQL("SELECT max(first_seen) FROM {}").format(sql.Identifier(table))).fetchone()
            if row and row[0] is not None:
                last = max(last, row[0].timestamp())
        events = conn.execute("SELECT count(*) FROM event_mentions").fetchone()
        dead = conn.execute("SELECT count(*) FROM dead_letters").fetchone()
    return firsts, last, int(events[0] if events else 0), int(dead[0] if dead else 0)


def run(
    name: str,
    base_env: dict[str, str],
    raws: Sequence[RawArticle],
    words: int,
    logs: Path,
    *,
    workers: int = 1,
    stages: Sequence[Sequence[str]] | None = None,
    rate: float | None = None,
    partitions: int = 4,
    drain_timeout: float = 900.0,
    yielding: Collection[str] = (),
) -> RunResult:
    """One run: ``workers`` worker processes running every stage, or one per entry of ``stages`` running those
    stages (``[["cleaner"], ["enricher"], ["extractor"]]`` is docker-compose's layout), and the sink. A worker whose
    stages are all ``yielding`` runs at a lower CPU priority (``YIELD_NICE``), as docker-compose's ``cpu_shares``
    has it."""
    layout = [list(s) for s in stages] if stages else [list(STAGES) for _ in range(workers)]
    result = RunResult(name, len(layout), len(raws), words, rate, layout=layout)
    with isolated_env(base_env["NEWSSTREAM_DATABASE_URL"], "bench") as (fresh, _tag):
        env = {**base_env, **fresh, "NEWSSTREAM_PARTITIONS": str(partitions), "NEWSSTREAM_LOG_LEVEL": "INFO"}
        settings = settings_for(env)
        asyncio.run(create_topics(settings))
        ports = [free_port() for _ in layout]
        procs = []
        for old in logs.glob(f"{name}-*.log"):  # spawn appends: a log holds this run only
            old.unlink()

        try:
            for i, (port, own) in enumerate(zip(ports, layout, strict=True)):
                wenv = {**env, "NEWSSTREAM_WEB_PORT": str(port)}
                args = [sys.executable, "-m", "services.cli", "worker", *(a for st in own for a in ("--stage", st))]
                nice = YIELD_NICE if set(own) <= set(yielding) else 0
                procs.append(spawn(f"{name}-worker{i}", args, wenv, logs, nice=nice))
            sink = spawn(f"{name}-sink", [sys.executable, "-m", "services.cli", "sink"], env, logs)
            procs.append(sink)
            wait_ready([*ports, int(env["NEWSSTREAM_SINK_WEB_PORT"])], procs=procs)
            time.sleep(3.0)  # let a second worker's join settle: the group rebalances once more
            wait_ready(ports, procs=procs)
            roles = {p.pid: "worker " + "+".join(own) for p, own in zip(procs[:-1], layout, strict=True)}
            roles[sink.pid] = "sink"
            cpu_before = cpu.snapshot(roles)
            with RssSampler([p.pid for p in procs[:-1]]) as rss, RssSampler([sink.pid]) as sink_rss:
                sent, result.send_seconds = asyncio.run(send(settings, raws, rate))
                wait_landed(env["NEWSSTREAM_DATABASE_URL"], len(sent), timeout=drain_timeout)
                result.cpu_s = cpu.spent(cpu_before, cpu.snapshot(roles))
                asyncio.run(wait_drained(settings, timeout=drain_timeout, layout=layout))
            result.peak_rss_mb = rss.peaks
            result.sink_peak_rss_mb = sink_rss.peaks[0]
        finally:
            for p in procs:
                terminate(p)
        firsts, last, result.events, result.dead_letters = _rows(env["NEWSSTREAM_DATABASE_URL"], sent)
    first_send = min(sent.values())
    result.rows = len(firsts)
    result.seconds = max(0.0, last - first_send)
    result.latencies = [firsts[a] - sent[a] for a in firsts]
    result.landed = sorted(firsts.values())
    return result
