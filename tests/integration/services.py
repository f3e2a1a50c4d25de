"""Where integration tests get a real broker and a real database.

In order: the environment (``NEWSSTREAM_KAFKA_BOOTSTRAP`` and ``NEWSSTREAM_DATABASE_URL``, as the test command sets
after starting the project's local services), else testcontainers when a Docker engine answers. Without either,
under CI the run fails; elsewhere the tests are skipped with the command that starts the services.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass

import pytest


@dataclass(frozen=True)
class Endpoints:
    kafka_bootstrap: str
    database_url: str
    origin: str


def docker_answers() -> bool:
    try:
        import docker

        docker.from_env(timeout=3).ping()
        return True
    except Exception:  # no client config, no socket, no engine: all mean "no Docker here"
        return False


@contextlib.contextmanager
def from_containers() -> Iterator[Endpoints]:
    from testcontainers.community.kafka import KafkaContainer
    from testcontainers.community.postgres import PostgresContainer

    with KafkaContainer().with_kraft() as kafka, PostgresContainer("postgres:17", driver=None) as pg:
        yield Endpoints(kafka.get_bootstrap_server(), pg.get_connection_url(), "testcontainers")


@contextlib.contextmanager
def endpoints() -> Iterator[Endpoints]:
    bootstrap = os.environ.get("NEWSSTREAM_KAFKA_BOOTSTRAP")
    database = os.environ.get("NEWSSTREAM_DATABASE_URL")
    if bootstrap and database:
        yield Endpoints(bootstrap, database, "environment")
        return
    if docker_answers():
        with from_containers() as found:
            yield found
        return
    message = (
        "no Kafka/Postgres: set NEWSSTREAM_KAFKA_BOOTSTRAP and NEWSSTREAM_DATABASE_URL "
        '(`eval "$(newsstream services env)"` after `newsstream services up`), or run with a Docker engine'
    )
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)
