"""The explorer's connections: a small pool of read-only sessions, on a role that must not be able to write."""

from __future__ import annotations

from typing import Any

from psycopg import AsyncConnection
from psycopg_pool import AsyncConnectionPool

from services.common.settings import Settings

# Any of these on any of the explorer's tables means the role can write: the explorer refuses to start on it.
WRITE_PRIVILEGES = "INSERT, UPDATE, DELETE, TRUNCATE"
WRITABLE_TABLES = (
    "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
    " WHERE c.relkind IN ('r', 'p') AND n.nspname = ANY (current_schemas(false))"
    " AND has_table_privilege(c.oid, %s) ORDER BY 1"
)


class WriterRole(RuntimeError):
    """The explorer was given a role that can write."""


class NotConfigured(RuntimeError):
    """No read-only database URL."""


class Unreachable(RuntimeError):
    """Postgres does not answer, or refuses the role."""


def reader_conninfo(settings: Settings) -> str:
    if settings.explorer_database_url is None or not settings.explorer_database_url.get_secret_value():
        raise NotConfigured(
            "the explorer reads through a role that can only read: set NEWSSTREAM_EXPLORER_DATABASE_URL (the local"
            " services write it to .newsstream/services.env; `newsstream db-setup --reader-role` creates the role)"
        )
    return settings.explorer_database_url.get_secret_value()


async def _configure(conn: AsyncConnection[Any]) -> None:
    # Belt and braces beside the role's own default: every statement read-only, none allowed to run away.
    await conn.execute("SET default_transaction_read_only = on")
    await conn.execute("SET statement_timeout = '10s'")


async def open_pool(conninfo: str, *, max_size: int = 8) -> AsyncConnectionPool:
    pool = AsyncConnectionPool(
        conninfo,
        min_size=1,
        max_size=max_size,
        kwargs={"autocommit": True},
        configure=_configure,
        open=False,
        name="explorer",
    )
    await pool.open(wait=True, timeout=15)
    return pool


async def refuse_writers(conn: AsyncConnection[Any]) -> None:
    """Raises WriterRole when the connected role may change any table it can see."""
    cur = await conn.execute(WRITABLE_TABLES, (WRITE_PRIVILEGES,))
    writable = [r[0] for r in await cur.fetchall()]
    if writable:
        user = (await (await conn.execute("SELECT current_user")).fetchone() or ("?",))[0]
        raise WriterRole(
            f"role {user} can write to {', '.join(writable[:5])}{'...' if len(writable) > 5 else ''}: the explorer"
            " needs a role that can only read (NEWSSTREAM_EXPLORER_DATABASE_URL; see services/web/README.md)"
        )


async def preflight(conninfo: str) -> None:
    """What ``newsstream web`` checks before it listens, so that a wrong setting is one clear line, not a server
    that starts and then fails every request."""
    import psycopg

    try:
        conn = await AsyncConnection.connect(conninfo, connect_timeout=5, autocommit=True)
    except psycopg.OperationalError as exc:
        detail = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise Unreachable(
            f"cannot reach Postgres with the explorer's URL ({detail}); is it running (`newsstream services up`)?"
        ) from exc
    async with conn:
        await refuse_writers(conn)
