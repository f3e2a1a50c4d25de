"""The explorer's role as `newsstream db-setup --reader-role` makes it beside the sink's (docker-compose.yml): it
reads the tables the sink's role creates afterwards, in its schema, and can change none of them."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import psycopg
import pytest
from psycopg import sql
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from services.sink.migrate import migrate
from services.sink.roles import setup_reader_role, setup_sink_role
from services.web.db import WriterRole, refuse_writers
from tests.integration.services import Endpoints

PASSWORD = uuid.uuid4().hex  # the roles get one, for servers that ask (a testcontainers Postgres does)


def as_user(url: str, user: str, dbname: str | None = None) -> str:
    params = {k: v for k, v in conninfo_to_dict(url).items() if k != "options"}
    if user != params.get("user"):
        params.update(user=user, password=PASSWORD)
    if dbname:
        params["dbname"] = dbname
    return make_conninfo(**params)


@pytest.fixture
def own_database(services_endpoints: Endpoints) -> Iterator[tuple[str, str, str]]:
    """A database of its own on the shared server, and a sink and a reader role named for this test; the
    superuser's URL for it. Dropped afterwards."""
    url = services_endpoints.database_url
    superuser = as_user(url, "postgres") if services_endpoints.origin == "environment" else url
    tag = uuid.uuid4().hex[:8]
    database, sink, reader = f"roles_{tag}", f"sink_{tag}", f"reader_{tag}"
    with psycopg.connect(superuser, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(database)))
    try:
        yield as_user(superuser, str(conninfo_to_dict(superuser)["user"]), database), sink, reader
    finally:
        with psycopg.connect(superuser, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(database)))
            for role in (reader, sink):
                conn.execute(sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(role)))


def test_the_reader_reads_what_the_sink_creates_later_and_writes_nothing(own_database: tuple[str, str, str]) -> None:
    admin, sink, reader = own_database
    with psycopg.connect(admin, autocommit=True) as conn:
        setup_sink_role(conn, role=sink, schema="newsstream", password=PASSWORD)
        for _ in range(2):  # a second run, as on every `docker compose up`, changes nothing
            setup_reader_role(conn, role=reader, owner=sink, schema="newsstream", password=PASSWORD)

    async def migrated() -> None:
        async with await psycopg.AsyncConnection.connect(as_user(admin, sink)) as conn:
            await migrate(conn)
            await conn.execute("INSERT INTO dead_letters (dead_letter_id, stage, reason, error, payload_size,"
                               " failed_at) VALUES ('d1', 'cleaner', 'no_article', 'x', 0, now())")
            await conn.commit()

    asyncio.run(migrated())  # the sink's tables come after the roles, as on a first `docker compose up`
    with psycopg.connect(as_user(admin, reader), autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (0,)  # its search_path finds the schema
        assert conn.execute("SELECT count(*) FROM dead_letters").fetchone() == (1,)
        for statement in ("DELETE FROM dead_letters", "CREATE TABLE newsstream.x (a int)"):
            with pytest.raises(psycopg.Error):
                conn.execute(statement)
        conn.execute("SET default_transaction_read_only = off")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("UPDATE dead_letters SET error = 'y'")

    async def check(user: str) -> None:
        async with await psycopg.AsyncConnection.connect(as_user(admin, user)) as conn:
            await refuse_writers(conn)

    asyncio.run(check(reader))
    with pytest.raises(WriterRole):
        asyncio.run(check(sink))
