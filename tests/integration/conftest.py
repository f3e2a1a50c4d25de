from __future__ import annotations

import asyncio
import contextlib
import os
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest

from services.common.kafka import create_topics
from services.common.settings import Settings, TopicNames
from tests.integration.services import Endpoints, endpoints

REPO = Path(__file__).resolve().parents[2]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "integration" in str(item.path):
            item.add_marker(pytest.mark.integration)


@pytest.fixture(scope="session")
def services_endpoints() -> Iterator[Endpoints]:
    with endpoints() as found:
        yield found


@dataclass
class Isolated:
    """One test's own topics and database schema on the shared services, and the env that selects them."""

    settings: Settings
    env: dict[str, str]


def with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@pytest.fixture
def isolated(services_endpoints: Endpoints) -> Iterator[Isolated]:
    with isolate(services_endpoints) as iso:
        yield iso


@pytest.fixture(scope="module")
def isolated_module(services_endpoints: Endpoints) -> Iterator[Isolated]:
    """The same for a whole module: its tests share one pipeline (the bad-input cases)."""
    with isolate(services_endpoints) as iso:
        yield iso


@contextlib.contextmanager
def isolate(services_endpoints: Endpoints) -> Iterator[Isolated]:
    tag = uuid.uuid4().hex[:8]
    schema = f"t_{tag}"
    with psycopg.connect(services_endpoints.database_url, autocommit=True) as conn:
        conn.execute(psycopg.sql.SQL("CREATE SCHEMA {}").format(psycopg.sql.Identifier(schema)))
    env = {
        "NEWSSTREAM_KAFKA_BOOTSTRAP": services_endpoints.kafka_bootstrap,
        "NEWSSTREAM_DATABASE_URL": with_search_path(services_endpoints.database_url, schema),
        "NEWSSTREAM_SINK_GROUP": f"sink-{tag}",
        "NEWSSTREAM_GROUP_PREFIX": f"test-{tag}",
        "NEWSSTREAM_STATE_DIR": str(REPO / ".newsstream" / "tests" / tag),
        "NEWSSTREAM_WEB_PORT": str(free_port()),
        "NEWSSTREAM_SINK_WEB_PORT": str(free_port()),
    }
    for field in TopicNames.model_fields:
        env[f"NEWSSTREAM_TOPIC_{field.upper()}"] = f"{field}-{tag}"
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        settings = Settings()
        asyncio.run(create_topics(settings))
        yield Isolated(settings, {**os.environ})
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        with psycopg.connect(services_endpoints.database_url, autocommit=True) as conn:
            conn.execute(psycopg.sql.SQL("DROP SCHEMA {} CASCADE").format(psycopg.sql.Identifier(schema)))


def free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
