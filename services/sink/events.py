"""Tying event mentions to real-world events, inside the sink's transaction.

A mention that has no event yet (or no longer fits the one it had) is compared with the events of its type that
share a country (``services.events.identity.same_event``); it joins the first that fits or starts a new one. A batch
is resolved at once: one read of the events it could join, the decisions in memory
(``services.events.resolution``), then one statement each for new events, moved mentions and absorbed facts. The
counts on each touched event are then recomputed from its mentions, so a replay leaves every row as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import AsyncCursor

from services.events.identity import Signature, new_event_id
from services.events.resolution import Mention, Resolution, candidate_reads, resolve

_MENTION_COLS = (
    "mention_id, event_id, type, actor_countries, recipient_countries, date, reported_on, fatalities, location_name"
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
    mentions = [Mention(row[0], _signature(row[2:]), row[1]) for row in await cur.fetchall()]
    if not mentions:
        return set()
    # Two sinks resolving the same type at once could both start a new event for one real event; the locks are
    # taken in one order, so two sinks cannot wait on each other.
    types = sorted({m.signature.type for m in mentions})
    await cur.execute(
        "SELECT pg_advisory_xact_lock(hashtext('newsstream.events.' || t))"
        " FROM unnest(%s::text[]) WITH ORDINALITY AS u(t, i) ORDER BY i",
        (types,),
    )
    ids = {m.event_id for m in mentions if m.event_id} | {new_event_id(m.signature, m.mention_id) for m in mentions}
    reads = candidate_reads(mentions)
    # One read per mention and window (LATERAL), each a range of the (type, date) or (type, first_reported) index.
    # Written as one condition over the batch's types, countries and windows, it read most of a large table: 2.1 s
    # against 19 ms a batch of 50 at 300,000 events (services/bench/event_reads.py), the same decisions. The two
    # halves stay apart: joined by OR in one SELECT the planner left the indexes (243 ms at 300,000).
    await cur.execute(
        f"SELECT {_EVENT_COLS} FROM events WHERE event_id IN ("
        " SELECT unnest(%(ids)s::text[])"
        " UNION SELECT x.event_id"
        " FROM unnest(%(types)s::text[], %(countries)s::text[], %(lo)s::date[], %(hi)s::date[]) AS r(type, cc, lo, hi)"
        " CROSS JOIN LATERAL ("
        "   SELECT event_id FROM events WHERE type = r.type AND date BETWEEN r.lo AND r.hi"
        "   AND (actor_countries || recipient_countries) && string_to_array(r.cc, ',')"
        "   UNION ALL"
        "   SELECT event_id FROM events WHERE type = r.type AND first_reported BETWEEN r.lo AND r.hi"
        "   AND (actor_countries || recipient_countries) && string_to_array(r.cc, ',')) x)"
        " ORDER BY first_seen, event_id",
        {
            "ids": sorted(ids),
            "types": [r.type for r in reads],
            "countries": [",".join(r.countries) for r in reads],
            "lo": [r.lo for r in reads],
            "hi": [r.hi for r in reads],
        },
    )
    known = {row[0]: _signature(row[1:]) for row in await cur.fetchall()}
    plan = resolve(mentions, known)
    await _write(cur, plan)
    return plan.touched


async def _write(cur: AsyncCursor[Any], plan: Resolution) -> None:
    if plan.created:
        await cur.execute(
            "INSERT INTO events (event_id, type, mode, cameo_root, actor_countries, recipient_countries, date,"
            " location_name, location_country, latitude, longitude, fatalities, displaced, first_reported)"
            " SELECT v.event_id, type, mode, cameo_root, actor_countries, recipient_countries, date, location_name,"
            " location_country, latitude, longitude, fatalities, displaced, reported_on"
            " FROM unnest(%s::text[], %s::text[]) AS v(event_id, mention_id) JOIN event_mentions USING (mention_id)"
            " ON CONFLICT (event_id) DO NOTHING",
            (list(plan.created), list(plan.created.values())),
        )
    if plan.moves:
        await cur.execute(
            "UPDATE event_mentions m SET event_id = v.event_id"
            " FROM unnest(%s::text[], %s::text[]) AS v(mention_id, event_id) WHERE m.mention_id = v.mention_id",
            (list(plan.moves), list(plan.moves.values())),
        )
    if plan.changed:
        sigs = list(plan.changed.values())
        await cur.execute(
            "UPDATE events e SET date = v.date, fatalities = v.fatalities, location_name = v.location_name,"
            " first_reported = v.first_reported, updated_at = now()"
            " FROM unnest(%s::text[], %s::date[], %s::int[], %s::text[], %s::date[])"
            " AS v(event_id, date, fatalities, location_name, first_reported) WHERE e.event_id = v.event_id",
            (list(plan.changed), [s.date for s in sigs], [s.fatalities for s in sigs],
             [s.location for s in sigs], [s.reported_on for s in sigs]),
        )  # fmt: skip


async def retract_stale_mentions(cur: AsyncCursor[Any], article_ids: Sequence[str], keep: Sequence[str]) -> set[str]:
    """Deletes the given articles' mentions other than ``keep`` (what their newest extraction found); returns the
    events those belonged to, for ``recount``."""
    await cur.execute(
        "DELETE FROM event_mentions WHERE article_id = ANY(%s) AND NOT mention_id = ANY(%s) RETURNING event_id",
        (list(article_ids), list(keep)),
    )
    return {row[0] for row in await cur.fetchall() if row[0] is not None}


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
