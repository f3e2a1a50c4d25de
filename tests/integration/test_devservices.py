"""The local stack for real: a Kafka broker and a Postgres server started from a temp state dir.

Needs Java 17+ and Maven (the first run fetches Kafka's jars into $NEWSSTREAM_CACHE or ~/.cache/newsstream).
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import psycopg
import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.structs import TopicPartition

from services.devservices import (
    down,
    kafka_down,
    kafka_up,
    postgres_down,
    postgres_up,
    read_env,
    status,
    up,
)

pytestmark = pytest.mark.integration

TOPIC = "devservices.selftest.v1"


async def _create_topic(bootstrap: str) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name=TOPIC, num_partitions=1, replication_factor=1)])
    finally:
        await admin.close()


async def _produce(bootstrap: str, value: bytes) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(TOPIC, value, key=b"k")
    finally:
        await producer.stop()


async def _read_all(bootstrap: str, timeout: float = 30.0) -> list[bytes]:
    """Everything in the topic from offset 0 to its end, without a consumer group (nothing committed)."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        partition = TopicPartition(TOPIC, 0)
        consumer.assign([partition])
        await consumer.seek_to_beginning(partition)
        end = (await consumer.end_offsets([partition]))[partition]
        values: list[bytes] = []
        deadline = time.monotonic() + timeout
        while await consumer.position(partition) < end and time.monotonic() < deadline:
            batch = await consumer.getmany(partition, timeout_ms=1000)
            values.extend(msg.value for msg in batch.get(partition, []) if msg.value is not None)
        return values
    finally:
        await consumer.stop()


def _select_one(url: str) -> int:
    with psycopg.connect(url, connect_timeout=5) as conn:
        row = conn.execute("SELECT 1").fetchone()
    assert row is not None
    return int(row[0])


def test_stack_up_use_restart_down(tmp_path: Path) -> None:
    state = tmp_path / "state"
    try:
        endpoints = up(state)
        assert read_env(state) == endpoints.env()
        assert status(state).all_running
        assert up(state) == endpoints  # idempotent: reuses the running services

        asyncio.run(_create_topic(endpoints.kafka_bootstrap))
        asyncio.run(_produce(endpoints.kafka_bootstrap, b"kept across a restart"))
        assert asyncio.run(_read_all(endpoints.kafka_bootstrap)) == [b"kept across a restart"]
        assert _select_one(endpoints.database_url) == 1

        # The broker goes down and comes back on the same address with its data.
        assert kafka_down(state) is True
        assert kafka_down(state) is False
        assert not status(state).kafka.running
        assert kafka_up(state) == endpoints.kafka_bootstrap
        assert asyncio.run(_read_all(endpoints.kafka_bootstrap)) == [b"kept across a restart"]

        # So does Postgres.
        with psycopg.connect(endpoints.database_url, autocommit=True) as conn:
            conn.execute("CREATE TABLE kept (v text)")
            conn.execute("INSERT INTO kept VALUES ('row')")
        assert postgres_down(state) is True
        with pytest.raises(psycopg.OperationalError):
            _select_one(endpoints.database_url)
        assert postgres_up(state) == endpoints.database_url
        with psycopg.connect(endpoints.database_url) as conn:
            assert conn.execute("SELECT v FROM kept").fetchall() == [("row",)]
    finally:
        down(state)
    final = status(state)
    assert not final.kafka.running
    assert not final.postgres.running
    assert not (state / "services.env").exists()
