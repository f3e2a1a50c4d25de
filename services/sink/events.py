"""Tying event mentions to real-world events, inside the sink's transaction.

A mention that has no event yet (or no longer fits the one it had) is compared with the events of its type that
share a country (``services.events.identity.same_event``); it joins the first that fits or starts a new one. The
counts on each touched event are then recomputed from its mentions, so a replay leaves every row as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import AsyncCursor

from services.events.identity import Signature, new_event_id, same_event

_MENTION_COLS = (
    "mention_id, type, actor_countries, recipient_countries, date, reported_on, fatalities, location_name, event_id"
)
_EVENT_COLS = "event_id, type, actor_countries, recipient_countries, date, first_reported, fatalities, location_name"


def _signature(row: Sequence[Any]) -> Signature:
    type_, actors, recipients, date, reported, killed, place = row
    return Signature(type_, frozenset(actors), frozenset(recipients), date, reported, killed, place)


async def resolve_mentions(cur: AsyncCursor[Any], mention_ids: Sequence[str]) -> set[str]:
    """Assigns each given mention an event; returns the ids of the events whose counts may have changed."""
    await cur.execute(
        f"SELECT {_MENTION_COLS} FROM event_mentions WHERE mention_id = ANY(%s) ORDER BY mention_id",
        (list(mention_ids),),
    )
    mentions = await cur.fetchall()
    # Two sinks resolving the same type at once could both start a new event for one real event.
    for type_ in sorted({m[1] for m in mentions}):
        await cur.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"newsstream.events.{type_}",))
    touched: set[str] = set()
    for mention_id, *fields, current in mentions:
        sig = _signature(fields)
        if current is not None:
            await cur.execute(f"SELECT {_EVENT_COLS} FROM events WHERE event_id = %s", (current,))
            row = await cur.fetchone()
            if row is not None and same_event(_signature(row[1:]), sig):
                continue
            touched.add(current)
        event_id = await _find_event(cur, sig) or await _new_event(cur, sig, mention_id)
        await cur.execute("UPDATE event_mentions SET event_id = %s WHERE mention_id = %s", (event_id, mention_id))
        await _absorb(cur, event_id, sig)
        touched.add(event_id)
    return touched


async def _find_event(cur: AsyncCursor[Any], sig: Signature) -> str | None:
    countries = sorted(sig.actors | sig.recipients)
    await cur.execute(
        f"SELECT {_EVENT_COLS} FROM events WHERE type = %s AND (actor_countries || recipient_countries) && %s"
        " ORDER BY first_seen, event_id",
        (sig.type, countries),
    )
    for row in await cur.fetchall():
        if same_event(_signature(row[1:]), sig):
            return str(row[0])
    return None


async def _new_event(cur: AsyncCursor[Any], sig: Signature, mention_id: str) -> str:
    event_id = new_event_id(sig, mention_id)
    await cur.execute(
        "INSERT INTO events (event_id, type, mode, cameo_root, actor_countries, recipient_countries, date,"
        " location_name, location_country, latitude, longitude, fatalities, displaced, first_reported)"
        " SELECT %s, type, mode, cameo_root, actor_countries, recipient_countries, date, location_name,"
        " location_country, latitude, longitude, fatalities, displaced, reported_on"
        " FROM event_mentions WHERE mention_id = %s"
        " ON CONFLICT (event_id) DO NOTHING",
        (event_id, mention_id),
    )
    return event_id


async def _absorb(cur: AsyncCursor[Any], event_id: str, sig: Signature) -> None:
    """What a new mention knows that its event did not yet (a day, a toll, a place, an earlier report)."""
    await cur.execute(
        "UPDATE events SET date = coalesce(date, %s), fatalities = coalesce(fatalities, %s),"
        " location_name = coalesce(location_name, %s), first_reported = least(first_reported, %s),"
        " updated_at = now()"
        " WHERE event_id = %s AND (date IS NULL AND %s::date IS NOT NULL OR fatalities IS NULL AND %s::int IS NOT NULL"
        " OR location_name IS NULL AND %s::text IS NOT NULL OR first_reported > %s::date)",
        (sig.date, sig.fatalities, sig.location, sig.reported_on, event_id,
         sig.date, sig.fatalities, sig.location, sig.reported_on),
    )  # fmt: skip


async def recount(cur: AsyncCursor[Any], event_ids: set[str] | None = None, article_ids: Sequence[str] = ()) -> None:
    """Recomputes mention, article and source counts of events (given, or mentioned by the given articles); an
    event left without mentions goes."""
    if event_ids is None:
        event_ids = set()
    if article_ids:
        await cur.execute(
            "SELECT DISTINCT event_id FROM event_mentions WHERE article_id = ANY(%s) AND event_id IS NOT NULL",
            (list(article_ids),),
        )
        event_ids |= {row[0] for row in await cur.fetchall()}
    if not event_ids:
        return
    ids = sorted(event_ids)
    await cur.execute(
        "UPDATE events e SET num_mentions = s.n, num_articles = s.a, num_sources = s.src, updated_at = now()"
        " FROM (SELECT m.event_id, count(*) AS n, count(DISTINCT m.article_id) AS a,"
        "       count(DISTINCT coalesce(ar.source, m.article_id)) AS src"
        "       FROM event_mentions m LEFT JOIN articles ar USING (article_id)"
        "       WHERE m.event_id = ANY(%s) GROUP BY m.event_id) s"
        " WHERE e.event_id = s.event_id"
        " AND (e.num_mentions, e.num_articles, e.num_sources) IS DISTINCT FROM (s.n, s.a, s.src)",
        (ids,),
    )
    await cur.execute(
        "DELETE FROM events e WHERE e.event_id = ANY(%s)"
        " AND NOT EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.event_id)",
        (ids,),
    )
