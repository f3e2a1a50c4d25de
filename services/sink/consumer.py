"""The sink's consume loop: fetch a batch, write it in one transaction, then commit the offsets.

Like the Kafka Connect JDBC sink: upserts keyed by the records' ids, batches, a dead-letter topic for records that
fail to decode, and offsets committed only after the database commit, so a crash in between replays the batch
(absorbed by the upserts) and never loses it. A plain aiokafka consumer, not a Faust agent: Faust acks and
commits on its own schedule, and the sink must decide when offsets move.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from collections.abc import Iterable
from typing import Any

import psycopg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord
from aiokafka.errors import CommitFailedError
from pydantic import BaseModel

from schemas import ArticleEvents, DeadLetter, EnrichedArticle
from services.common.codec import RecordError, decode, encode
from services.common.deadletters import dead_letter
from services.common.kafka import consumer, producer
from services.common.logging import get_logger
from services.common.metrics import DEAD_LETTERS, RECORDS_IN, RECORDS_OUT, record_lag, serve_http, timed
from services.common.settings import Settings
from services.sink.migrate import migrate
from services.sink.writer import Batch, write_batch

log = get_logger("sink")


def topic_models(settings: Settings) -> dict[str, type[BaseModel]]:
    t = settings.topics
    return {t.enriched: EnrichedArticle, t.events: ArticleEvents, t.dead_letters: DeadLetter}


def to_batch(
    messages: Iterable[ConsumerRecord], models: dict[str, type[BaseModel]], max_inline: int
) -> tuple[Batch, list[DeadLetter]]:
    """Decodes fetched messages into a batch; the ones that fail become dead letters (pure)."""
    batch = Batch()
    failed: list[DeadLetter] = []
    for msg in messages:
        try:
            record = decode(msg.value, models[msg.topic])
        except RecordError as exc:
            failed.append(
                dead_letter(
                    stage="sink",
                    reason=exc.reason,
                    error=str(exc),
                    payload=msg.value,
                    max_inline=max_inline,
                    source_topic=msg.topic,
                    partition=msg.partition,
                    offset=msg.offset,
                )
            )
            continue
        if isinstance(record, EnrichedArticle):
            batch.articles.append(record)
        elif isinstance(record, ArticleEvents):
            batch.extractions.append(record)
        elif isinstance(record, DeadLetter):
            batch.dead_letters.append(record)
    return batch, failed


class Sink:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.models = topic_models(settings)
        self._conn: psycopg.AsyncConnection | None = None
        self._stopping = asyncio.Event()
        self._writes = 0
        # What /ready reports: migrated, consuming, and the database answered the last time it was asked.
        self.state: dict[str, Any] = {"migrated": False, "consuming": False, "database": "unknown"}

    def ready(self) -> tuple[bool, dict[str, Any]]:
        st = self.state
        return bool(st["migrated"] and st["consuming"] and st["database"] == "up"), dict(st)

    def stop(self) -> None:
        self._stopping.set()

    async def _connection(self) -> psycopg.AsyncConnection:
        if self._conn is None or self._conn.closed:
            self._conn = await psycopg.AsyncConnection.connect(
                self.settings.database_conninfo(), autocommit=True, connect_timeout=10
            )
        return self._conn

    async def _write_with_retry(self, batch: Batch) -> None:
        """Retries until the batch is written: Postgres being away must lose nothing, so the loop waits."""
        delay = 0.5
        while True:
            try:
                await write_batch(await self._connection(), batch)
                self.state["database"] = "up"
                return
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                # OperationalError: the server went away or refuses; InterfaceError: our connection is closed.
                # Either way the transaction did not commit: the batch is written again, whole.
                self.state["database"] = "down"
                log.warning("database unavailable, retrying", error=str(exc)[:300], retry_in=round(delay, 2))
                if self._conn is not None:
                    await self._conn.close()
                    self._conn = None
                if self._stopping.is_set():
                    raise
                await asyncio.sleep(delay + random.uniform(0, delay / 2))
                delay = min(delay * 2, 10.0)

    async def prepare(self) -> None:
        delay = 0.5
        while True:
            try:
                conn = await self._connection()
                applied = await migrate(conn)
                log.info("migrations applied", applied=applied)
                await self._warn_if_privileged(conn)
                self.state.update(migrated=True, database="up")
                return
            except (psycopg.OperationalError, psycopg.InterfaceError) as exc:
                self.state["database"] = "down"
                log.warning("database unavailable at start, retrying", error=str(exc)[:300])
                self._conn = None
                await asyncio.sleep(delay)
                delay = min(delay * 2, 10.0)

    async def _warn_if_privileged(self, conn: psycopg.AsyncConnection) -> None:
        """The sink needs only its own tables; a superuser (or a role that may create roles or databases)
        would turn a leaked credential or an SQL bug into the whole server. Say so, loudly, once."""
        cur = await conn.execute(
            "SELECT rolsuper, rolcreaterole, rolcreatedb FROM pg_roles WHERE rolname = current_user"
        )
        row = await cur.fetchone()
        if row is not None and any(row):
            log.warning(
                "the sink's database role has more rights than it needs",
                superuser=row[0],
                createrole=row[1],
                createdb=row[2],
                hint="give the sink a role that owns only its schema: `newsstream db-setup` (see README)",
            )

    def _maybe_crash(self) -> None:
        """Fault injection (NEWSSTREAM_SINK_CRASH_AFTER_WRITE=N): die after the N-th database commit, before the
        offsets of that batch are committed, with no cleanup at all, as a power cut would."""
        limit = self.settings.sink_crash_after_write
        if limit is not None and self._writes >= limit:
            log.critical("fault injection: exiting between the database commit and the offset commit")
            os._exit(70)

    async def run(self) -> None:
        http = await serve_http(self.settings.sink_web_port, stage="sink", ready=self.ready)
        try:
            await self.prepare()
            await self._consume()
        finally:
            await http.cleanup()

    async def _consume(self) -> None:
        kafka: AIOKafkaConsumer = consumer(
            self.settings,
            *self.models,
            group_id=self.settings.sink_group,
            max_poll_interval_ms=30 * 60 * 1000,  # a long database outage must not cost us the partitions
            # Only committed records: the stages' outputs under exactly_once are transactional.
            isolation_level="read_committed",
            max_partition_fetch_bytes=self.settings.consumer_max_fetch_bytes,
            fetch_min_bytes=self.settings.sink_fetch_min_bytes,
            fetch_max_wait_ms=self.settings.sink_fetch_max_wait_ms,
        )
        dead: AIOKafkaProducer = producer(self.settings)
        await kafka.start()
        await dead.start()
        self.state["consuming"] = True
        log.info("sink started", topics=list(self.models))
        try:
            while not self._stopping.is_set():
                fetched = await kafka.getmany(
                    timeout_ms=self.settings.sink_batch_timeout_ms, max_records=self.settings.sink_batch_size
                )
                messages = [m for part in fetched.values() for m in part]
                if not messages:
                    continue
                RECORDS_IN.labels("sink").inc(len(messages))
                started = time.perf_counter()
                batch, failed = to_batch(messages, self.models, self.settings.max_payload_in_dead_letter)
                # Undecodable records go to the dead-letter topic; they come back through it into the table.
                for letter in failed:
                    await dead.send_and_wait(self.settings.topics.dead_letters, encode(letter))
                    DEAD_LETTERS.labels("sink", letter.reason).inc()
                    log.warning("dead letter", reason=letter.reason, error=letter.error[:300])
                if len(batch):
                    with timed("sink"):
                        await self._write_with_retry(batch)
                    self._writes += 1
                    RECORDS_OUT.labels("sink").inc(len(batch))
                    self._maybe_crash()
                for tp, part in fetched.items():
                    if part:
                        record_lag("sink", tp.topic, tp.partition, kafka.highwater(tp), part[-1].offset + 1)
                log.debug("batch done", records=len(messages), seconds=round(time.perf_counter() - started, 3))
                try:
                    await kafka.commit()
                except CommitFailedError as exc:
                    # The group moved on (rebalance): another member re-reads the batch; upserts absorb it.
                    log.warning("offset commit failed after write; batch will be replayed", error=str(exc))
                for article in batch.articles:
                    log.info("article written", article_id=article.article_id, entities=len(article.entities))
                for extraction in batch.extractions:
                    log.info("events written", article_id=extraction.article_id, count=len(extraction.events))
        finally:
            self.state["consuming"] = False
            await kafka.stop()
            await dead.stop()
            if self._conn is not None:
                await self._conn.close()
