"""One run's own corner of shared Kafka and Postgres (a test, a benchmark run): fresh topic names, consumer groups
and a database schema, named by a random tag, selected through the environment; the schema is dropped afterwards."""

from __future__ import annotations

import contextlib
import socket
import uuid
from collections.abc import Iterator

import psycopg
from psycopg import sql

from services.common.settings import TopicNames


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def with_search_path(url: str, schema: str) -> str:
    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}"


@contextlib.contextmanager
def isolated_env(database_url: str, label: str) -> Iterator[tuple[dict[str, str], str]]:
    """``NEWSSTREAM_*`` variables naming fresh topics, groups, a sink port and a schema (created here, dropped on
    exit), and the tag they share; names start with ``label``."""
    tag = uuid.uuid4().hex[:8]
    schema = f"{label}_{tag}"
    with psycopg.connect(database_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema)))
    env = {
        "NEWSSTREAM_DATABASE_URL": with_search_path(database_url, schema),
        "NEWSSTREAM_SINK_GROUP": f"{label}-sink-{tag}",
        "NEWSSTREAM_GROUP_PREFIX": f"{label}-{tag}",
        "NEWSSTREAM_SINK_WEB_PORT": str(free_port()),
    }
    for name in TopicNames.model_fields:
        env[f"NEWSSTREAM_TOPIC_{name.upper()}"] = f"{label}-{name}-{tag}"
    try:
        yield env, tag
    finally:
        with psycopg.connect(database_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(schema)))
