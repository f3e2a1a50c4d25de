"""The explorer served for real over a replay of the seeds: the pipeline writes an isolated schema, and
``newsstream web``'s app reads it through the read-only role, on a uvicorn server in a thread."""

from __future__ import annotations

import asyncio
import contextlib
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import uvicorn
from pydantic import SecretStr

from services.common.settings import Settings
from services.devservices.isolation import free_port
from services.web.app import create_app

HOSTILE_ID = "0hostile0article"
HOSTILE_TITLE = '<script>alert("title")</script> Talks <b>resume</b>'
HOSTILE_BODY = 'Officials met in Geneva. <img src=x onerror="alert(1)"> They agreed to meet again.'
HOSTILE_REMOVED = '[{"kind": "promo", "text": "<script>alert(2)</script>", "line": 3}]'


@dataclass(frozen=True)
class Explorer:
    url: str
    database_url: str  # the owner's, for the tests' own reads
    reader_url: str
    settings: Settings  # the isolated topics and groups the seeds went through


def reader_url(owner_url: str) -> str:
    """The read-only role's URL for the same schema: the local services' reader, with the owner URL's options."""
    reader = os.environ.get("NEWSSTREAM_EXPLORER_DATABASE_URL")
    if not reader:
        raise RuntimeError(
            "NEWSSTREAM_EXPLORER_DATABASE_URL is not set: `eval \"$(newsstream services env)\"` after"
            " `newsstream services up` sets it"
        )
    options = owner_url.partition("?")[2]
    return f"{reader}?{options}" if options else reader


def add_hostile_article(owner_url: str) -> None:
    """An article whose title, body and cut lines hold markup, as a hostile page could: the pages must show it as
    text. Written with the owner's role, as the sink writes."""
    with psycopg.connect(owner_url, autocommit=True) as conn:
        conn.execute(
            "INSERT INTO articles (article_id, source_path, title, source, body, word_count, removed)"
            " VALUES (%s, 'hostile.txt', %s, '<i>Outlet</i>', %s, 12, %s::jsonb) ON CONFLICT DO NOTHING",
            (HOSTILE_ID, HOSTILE_TITLE, HOSTILE_BODY, HOSTILE_REMOVED),
        )


@contextlib.contextmanager
def serve(settings: Settings, reader: str) -> Iterator[str]:
    """The app on a free loopback port, in a thread; its URL. Stopped on the way out."""
    app = create_app(settings.model_copy(update={"explorer_database_url": SecretStr(reader)}))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, access_log=False))
    thread = threading.Thread(target=lambda: asyncio.run(server.serve()), name="explorer", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the explorer did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)


def seeds_replayed(settings: Settings, logs: Path, seeds: Path) -> None:
    from services.demo import check_alive, running_pipeline, wait_drained
    from services.producer.produce import produce

    env = {**os.environ}

    async def go() -> None:
        await produce(settings, [seeds], progress=False)
        await wait_drained(settings, timeout=240)

    with running_pipeline(env, logs) as procs:
        asyncio.run(go())
        check_alive(procs, logs)
