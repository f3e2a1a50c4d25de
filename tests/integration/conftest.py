from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from services.common.kafka import create_topics
from services.common.settings import Settings
from services.devservices.isolation import free_port, isolated_env
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
    with isolated_env(services_endpoints.database_url, "test") as (own, tag):
        env = {
            **own,
            "NEWSSTREAM_KAFKA_BOOTSTRAP": services_endpoints.kafka_bootstrap,
            "NEWSSTREAM_STATE_DIR": str(REPO / ".newsstream" / "tests" / tag),
            "NEWSSTREAM_WEB_PORT": str(free_port()),
        }
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
