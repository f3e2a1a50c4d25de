"""Upsert and COPY statements, built once from column lists and rendered once (psycopg would otherwise compose
them again at every execute); values always go in as parameters."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from typing import Any

from psycopg import AsyncCursor, sql


def rendered(statement: sql.Composable) -> sql.SQL:
    """The statement as plain SQL text: identifiers quoted the way psycopg quotes them, placeholders kept."""
    return sql.SQL(statement.as_string(None))


def upsert(
    table: str, columns: Sequence[str], key: Sequence[str], *, touch: bool = True, keep_first: bool = False
) -> sql.SQL:
    """INSERT … ON CONFLICT (key) DO UPDATE, skipping the write when nothing changed (so a replay is a no-op).

    ``keep_first``: DO NOTHING instead, for rows that record a fact once (a dead letter).
    """
    updates = [] if keep_first else [c for c in columns if c not in key]
    assignments: list[sql.Composable] = [sql.SQL("{0} = EXCLUDED.{0}").format(sql.Identifier(c)) for c in updates]
    if touch:
        assignments.append(sql.SQL("updated_at = now()"))
    changed = sql.SQL(" OR ").join(
        sql.SQL("{t}.{c} IS DISTINCT FROM EXCLUDED.{c}").format(t=sql.Identifier(table), c=sql.Identifier(c))
        for c in updates
    )
    conflict = (
        sql.SQL("DO UPDATE SET {a} WHERE {w}").format(a=sql.SQL(", ").join(assignments), w=changed)
        if updates
        else sql.SQL("DO NOTHING")
    )
    return rendered(
        sql.SQL("INSERT INTO {t} ({cols}) VALUES ({vals}) ON CONFLICT ({key}) {conflict}").format(
            t=sql.Identifier(table),
            cols=sql.SQL(", ").join(map(sql.Identifier, columns)),
            vals=sql.SQL(", ").join(sql.Placeholder(c) for c in columns),
            key=sql.SQL(", ").join(map(sql.Identifier, key)),
            conflict=conflict,
        )
    )


def delete_by_article(table: str) -> sql.SQL:
    """DELETE of a table's rows of the given articles (``%s``: an array of article ids)."""
    return rendered(sql.SQL("DELETE FROM {} WHERE article_id = ANY(%s)").format(sql.Identifier(table)))


def columns(names: Sequence[str], alias: str | None = None) -> sql.Composable:
    """ "a"."x", "a"."y": a select list of a table's columns (``tables.py``), to compose into a statement."""
    return sql.SQL(", ").join(sql.Identifier(*((alias, c) if alias else (c,))) for c in names)


@functools.cache
def copy_statement(table: str, columns: tuple[str, ...]) -> sql.SQL:
    """COPY ``table`` (``columns``) FROM STDIN, quoted as every other statement here is."""
    return rendered(
        sql.SQL("COPY {t} ({cols}) FROM STDIN").format(
            t=sql.Identifier(table), cols=sql.SQL(", ").join(map(sql.Identifier, columns))
        )
    )


async def copy_rows(
    cur: AsyncCursor[Any], table: str, columns: Sequence[str], rows: Sequence[Mapping[str, Any]]
) -> None:
    """Rows into a table by COPY: one statement for the lot, for rows that cannot conflict (their article's old rows
    were just deleted, and the row builders keep one row per key)."""
    async with cur.copy(copy_statement(table, tuple(columns))) as copy:
        for row in rows:
            await copy.write_row([row[c] for c in columns])
