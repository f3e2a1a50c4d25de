"""Faults during a replay of a few hundred articles, against real Kafka and Postgres: a stage worker killed, the
sink killed between its database commit and its offset commit, Postgres stopped for half a minute, the broker
stopped and restarted. After each: one row per article and per event, none missing, none doubled, each article
with exactly the events ``newsstream process`` finds in it, and the dead letters expected (two bad files in the
folder). Each test prints the counts it checked (``pytest -s`` shows them; ``-rA`` too).

The tests that stop a service stop their own (``harness.own_service``), never the shared ones.
"""

from __future__ import annotations

import asyncio
import os
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from services.common.kafka import create_topics
from services.common.lag import group_lag
from services.common.settings import Settings
from services.demo import wait_drained
from services.producer.produce import produce
from services.sink.roles import role_report, setup_sink_role
from tests.integration.conftest import Isolated
from tests.integration.corpus import make_corpus
from tests.integration.harness import (
    Expected,
    check_exactly_once,
    count_rows,
    expected_for,
    http_get,
    own_service,
    pipeline,
    topic_records,
    wait_for,
)

N_ARTICLES = int(os.environ.get("NEWSSTREAM_FAULT_ARTICLES", "200"))
ARTICLES = "SELECT count(*) FROM articles"
# Enough landed that the fault hits the middle of the replay, not its start.
FAULT_AFTER = max(10, N_ARTICLES // 8)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Expected]:
    folder = tmp_path_factory.mktemp("corpus")
    make_corpus(folder, N_ARTICLES)
    (folder / "zz_empty.txt").write_bytes(b"")
    (folder / "zz_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00" + bytes(range(256)) * 8)
    started = time.perf_counter()
    expected = expected_for(folder)
    print(
        f"corpus: {len(expected.events)} articles, {expected.n_events} events, {len(expected.rejected)} rejected"
        f" files; `process` took {time.perf_counter() - started:.1f} s"
    )
    assert len(expected.events) == N_ARTICLES and len(expected.rejected) == 2
    return folder, expected


class Replay(threading.Thread):
    """The producer sending the folder, in the background, as `newsstream replay` would."""

    def __init__(self, settings: Settings, folder: Path, rate: float | None = None) -> None:
        super().__init__(daemon=True)
        self.settings, self.folder, self.rate = settings, folder, rate
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            asyncio.run(produce(self.settings, [self.folder], rate=self.rate, progress=False))
        except BaseException as exc:
            self.error = exc

    def finish(self, timeout: float = 300.0) -> None:
        self.join(timeout)
        assert not self.is_alive(), "the replay did not finish"
        if self.error is not None:
            raise self.error


REPLAY_RATE = N_ARTICLES / 40


def ready(env: dict[str, str]) -> None:
    """Both the worker and the sink answer /ready: the fault then hits the replay, not the start-up."""
    for var in ("NEWSSTREAM_WEB_PORT", "NEWSSTREAM_SINK_WEB_PORT"):
        port = int(env[var])
        wait_for(f"/ready on {port}", lambda port=port: http_get(port, "/ready")[0] == 200, timeout=180)


def drain(settings: Settings) -> float:
    started = time.perf_counter()
    asyncio.run(wait_drained(settings, timeout=900))
    return time.perf_counter() - started


def redelivered(settings: Settings, expected: Expected) -> str:
    records = topic_records(settings, settings.topics.events)
    return f"events topic holds {records} records (one per article) for {len(expected.events)} articles"


def test_worker_killed_with_sigkill_mid_replay_and_restarted(
    isolated: Isolated, corpus: tuple[Path, Expected], tmp_path: Path
) -> None:
    folder, expected = corpus
    url = isolated.settings.database_url.get_secret_value()
    with pipeline(isolated.env, tmp_path / "logs") as p:
        ready(isolated.env)
        # Paced over ~40 s, so the producer is still sending while the worker is dead.
        replay = Replay(isolated.settings, folder, rate=REPLAY_RATE)
        replay.start()
        at_kill = wait_for("articles in Postgres", lambda: (n := count_rows(url, ARTICLES)) >= FAULT_AFTER and n)
        p.kill("worker")
        print(
            f"worker SIGKILLed with {at_kill}/{N_ARTICLES} articles in Postgres; replay still sending:"
            f" {replay.is_alive()}"
        )
        time.sleep(2)
        p.start("worker")
        replay.finish()
        seconds = drain(isolated.settings)
        p.alive()
    print(f"drained {seconds:.1f} s after the replay; {redelivered(isolated.settings, expected)}")
    check_exactly_once(url, expected, "worker SIGKILL", dead_letters=len(expected.rejected))


def test_sink_killed_between_database_commit_and_offset_commit(
    isolated: Isolated, corpus: tuple[Path, Expected], tmp_path: Path
) -> None:
    folder, expected = corpus
    settings = isolated.settings
    url = settings.database_url.get_secret_value()
    with pipeline(isolated.env, tmp_path / "logs", sink_env={"NEWSSTREAM_SINK_CRASH_AFTER_WRITE": "3"}) as p:
        replay = Replay(settings, folder)
        replay.start()
        sink = p.procs["sink"]
        wait_for("the sink's injected crash", lambda: sink.poll() is not None, timeout=600)
        assert sink.returncode == 70, f"the sink exited with {sink.returncode}, not the fault injection's 70"
        assert "fault injection" in p.log("sink")
        rows = count_rows(url, ARTICLES) + count_rows(url, "SELECT count(*) FROM dead_letters")
        topics = [settings.topics.enriched, settings.topics.events, settings.topics.dead_letters]
        lag = asyncio.run(group_lag(settings, settings.sink_group, topics))
        print(
            f"sink crashed after its 3rd database commit: {rows} article and dead-letter rows committed;"
            f" its group had not committed {sum(lag.values())} records, which a restart reads again"
        )
        p.start("sink")
        replay.finish()
        seconds = drain(settings)
        p.alive()
    print(f"drained {seconds:.1f} s after the replay")
    check_exactly_once(url, expected, "sink crash after DB commit", dead_letters=len(expected.rejected))


SINK_ROLE, SINK_SCHEMA = "newsstream_sink", "newsstream"


@pytest.fixture
def own_postgres(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """This test's own Postgres, with the sink's role set up as `newsstream db-setup` does; yields the state
    dir and the sink's URL (as its role, which owns only its schema)."""
    state = tmp_path / "pg-state"
    with own_service("postgres", state) as url:
        admin = url.replace("://newsstream@", "://postgres@")
        with psycopg.connect(admin, autocommit=True) as conn:
            setup_sink_role(conn, role=SINK_ROLE, schema=SINK_SCHEMA)
        yield state, url.replace("://newsstream@", f"://{SINK_ROLE}@")


def test_postgres_stopped_for_half_a_minute_mid_replay(
    isolated: Isolated, corpus: tuple[Path, Expected], own_postgres: tuple[Path, str], tmp_path: Path
) -> None:
    from services.devservices import postgres_down, postgres_up

    folder, expected = corpus
    state, url = own_postgres
    env = {**isolated.env, "NEWSSTREAM_DATABASE_URL": url}
    sink_port = int(env["NEWSSTREAM_SINK_WEB_PORT"])
    with pipeline(env, tmp_path / "logs") as p:
        wait_for("the sink ready", lambda: http_get(sink_port, "/ready")[0] == 200, timeout=120)
        replay = Replay(isolated.settings, folder)
        replay.start()
        at_stop = wait_for("articles in Postgres", lambda: (n := count_rows(url, ARTICLES)) >= FAULT_AFTER and n)
        stopped = time.monotonic()
        assert postgres_down(state)
        print(f"Postgres stopped with {at_stop}/{N_ARTICLES} articles in it")
        status, body = wait_for(
            "the sink to report not ready", lambda: (r := http_get(sink_port, "/ready"))[0] == 503 and r, timeout=60
        )
        print(f"sink /ready while Postgres is down: {status} {body}")
        time.sleep(max(0.0, 30 - (time.monotonic() - stopped)))
        p.alive()  # the sink waits for the database; it does not die
        postgres_up(state)
        print(f"Postgres started again after {time.monotonic() - stopped:.1f} s")
        replay.finish()
        seconds = drain(isolated.settings)
        assert http_get(sink_port, "/ready")[0] == 200
        p.alive()
    print(f"drained {seconds:.1f} s after the replay")
    check_exactly_once(url, expected, "Postgres down 30 s", dead_letters=len(expected.rejected))
    with psycopg.connect(url.replace(f"://{SINK_ROLE}@", "://postgres@")) as conn:
        report = role_report(conn, role=SINK_ROLE, schema=SINK_SCHEMA)
    print(f"sink role after the run: {report}")
    assert report.owned_schemas == [SINK_SCHEMA] and not report.owned_relations_outside


def test_kafka_broker_stopped_and_restarted_mid_replay(
    isolated: Isolated, corpus: tuple[Path, Expected], tmp_path: Path
) -> None:
    from services.devservices import kafka_down, kafka_up

    folder, expected = corpus
    state = tmp_path / "kafka-state"
    url = isolated.settings.database_url.get_secret_value()
    with own_service("kafka", state) as bootstrap:
        settings = Settings(kafka_bootstrap=bootstrap)
        asyncio.run(create_topics(settings))
        env = {**isolated.env, "NEWSSTREAM_KAFKA_BOOTSTRAP": bootstrap}
        with pipeline(env, tmp_path / "logs") as p:
            ready(env)
            # Paced over ~40 s, so that the producer is still sending when the broker goes away.
            replay = Replay(settings, folder, rate=REPLAY_RATE)
            replay.start()
            at_stop = wait_for("articles in Postgres", lambda: (n := count_rows(url, ARTICLES)) >= FAULT_AFTER and n)
            stopped = time.monotonic()
            assert kafka_down(state)
            print(f"Kafka stopped with {at_stop}/{N_ARTICLES} articles in Postgres; replay still sending:"
                  f" {replay.is_alive()}")
            time.sleep(10)
            kafka_up(state)
            print(f"Kafka started again (same port, same data) after {time.monotonic() - stopped:.1f} s")
            replay.finish()
            seconds = drain(settings)
            p.alive()
        print(f"drained {seconds:.1f} s after the replay; {redelivered(settings, expected)}")
        check_exactly_once(url, expected, "Kafka restart", dead_letters=len(expected.rejected))
