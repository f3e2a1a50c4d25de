"""Tying event mentions to real-world events, inside the sink's transaction.

A batch's mentions are tied to the stored mentions they could report (``services.events.resolution``): one read
of those (by type, shared country and a window of days), the decisions in memory, then one statement each for new
events, moved mentions and merged events. Each touched event's counts and summary (its day, place, sides and toll
range) are then recomputed from all its mentions, so neither a replay nor the order the mentions came in changes a
row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from psycopg import AsyncCursor, sql

from services.events.identity import Signature
from services.events.resolution import Mention, Resolution, candidate_reads, resolve
from services.sink.sql import columns, rendered
from services.sink.tables import MENTION_SIGNATURE_COLUMNS

_CANDIDATES = rendered(
    sql.SQL(
        "SELECT {cols}, e.first_seen FROM event_mentions m LEFT JOIN events e USING (event_id)"
        " WHERE m.mention_id IN ("
        " SELECT x.mention_id"
        " FROM unnest(%(types)s::text[], %(countries)s::text[], %(lo)s::date[], %(hi)s::date[]) AS r(type, cc, lo, hi)"
        " CROSS JOIN LATERAL ("
        "   SELECT mention_id FROM event_mentions WHERE type = r.type AND date BETWEEN r.lo AND r.hi"
        "   AND (actor_countries || recipient_countries) && string_to_array(r.cc, ',')"
        "   UNION ALL"
        "   SELECT mention_id FROM event_mentions WHERE type = r.type AND reported_on BETWEEN r.lo AND r.hi"
        "   AND (actor_countries || recipient_countries) && string_to_array(r.cc, ',')) x"
        " UNION SELECT mention_id FROM event_mentions WHERE article_id = ANY(%(articles)s))"
    ).format(cols=columns(MENTION_SIGNATURE_COLUMNS, "m"))
)


def _mention(row: Sequence[Any]) -> Mention:
    mention_id, event_id, type_, actors, recipients, date, reported, killed, place, place_country, article, admin1 = row
    sig = Signature(type_, frozenset(actors), frozenset(recipients), date, reported, killed, place, place_country,
                    article, admin1)  # fmt: skip
    return Mention(mention_id, sig, event_id)


async def resolve_mentions(cur: AsyncCursor[Any], mentions: Sequence[Mention]) -> set[str]:
    """Assigns each given mention (just written; its event, if it had one, is read here) an event; returns the ids
    of the events whose counts may have changed."""
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
    reads = candidate_reads(mentions)
    # One read per mention and window (LATERAL), each a range of the (type, date) or (type, reported_on) index; the
    # two halves stay apart, as one OR left the indexes (services/bench/event_reads.py). The batch's articles' own
    # mentions come too (``article_links`` ties an undated mention to its article's dated one), the batch's among
    # them with the event each already had; and each event's first sighting, which keeps its id in a merge.
    await cur.execute(
        _CANDIDATES,
        {
            "types": [r.type for r in reads],
            "countries": [",".join(r.countries) for r in reads],
            "lo": [r.lo for r in reads],
            "hi": [r.hi for r in reads],
            "articles": sorted({m.signature.article_id for m in mentions if m.signature.article_id}),
        },
    )
    rows = sorted(await cur.fetchall(), key=lambda r: r[0])
    had = {row[0]: row[1] for row in rows}
    batch = [replace(m, event_id=had.get(m.mention_id)) for m in sorted(mentions, key=lambda m: m.mention_id)]
    in_batch = {m.mention_id for m in batch}
    stored = [_mention(row[:-1]) for row in rows if row[0] not in in_batch and row[1] is not None]
    seen = sorted({(row[-1], row[1]) for row in rows if row[1] is not None and row[-1] is not None})
    rank = {event_id: i for i, (_, event_id) in enumerate(seen)}
    plan = resolve(batch, stored, rank)
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
            # a group named after a mention whose old event merged away revives that row
            " ON CONFLICT (event_id) DO UPDATE SET merged_into = NULL",
            (list(plan.created), list(plan.created.values())),
        )
    if plan.moves:
        await cur.execute(
            "UPDATE event_mentions m SET event_id = v.event_id"
            " FROM unnest(%s::text[], %s::text[]) AS v(mention_id, event_id) WHERE m.mention_id = v.mention_id",
            (list(plan.moves), list(plan.moves.values())),
        )
    if plan.merged:
        gone, kept = list(plan.merged), list(plan.merged.values())
        # every mention of a merged event moves, and whatever had merged into it points at the keeper
        await cur.execute(
            "UPDATE event_mentions m SET event_id = v.kept"
            " FROM unnest(%s::text[], %s::text[]) AS v(gone, kept) WHERE m.event_id = v.gone",
            (gone, kept),
        )
        await cur.execute(
            "UPDATE events e SET merged_into = v.kept, updated_at = now()"
            " FROM unnest(%s::text[], %s::text[]) AS v(gone, kept) WHERE e.event_id = v.gone OR e.merged_into = v.gone",
            (gone, kept),
        )


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
    await cur.execute(_RECOUNT, (ids,))
    # An event left without mentions goes, unless it merged into another: its row says where its mentions went.
    await cur.execute(
        "DELETE FROM events e WHERE e.event_id = ANY(%s) AND e.merged_into IS NULL"
        " AND NOT EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.event_id)",
        (ids,),
    )


# What an event says is what most of its mentions say (ties to the smallest value), whatever order they came in:
# its day, place and sides; its toll is the range of the mentions' tolls, and the lowest is its best estimate.
_RECOUNT = (
    "UPDATE events e SET num_mentions = s.n, num_articles = s.a, num_sources = s.src, date = s.day,"
    " location_name = s.place[1], location_country = s.place[2],"
    " actor_countries = string_to_array(split_part(s.sides, '>', 1), ','),"
    " recipient_countries = string_to_array(split_part(s.sides, '>', 2), ','),"
    " fatalities = s.low, fatalities_low = s.low, fatalities_high = s.high, first_reported = s.first,"
    " updated_at = now()"
    " FROM (SELECT m.event_id, count(*) AS n, count(DISTINCT m.article_id) AS a,"
    "       count(DISTINCT coalesce(ar.source, m.article_id)) AS src,"
    "       min(m.fatalities) AS low, max(m.fatalities) AS high, min(m.reported_on) AS first,"
    "       (SELECT x.date FROM event_mentions x WHERE x.event_id = m.event_id AND x.date IS NOT NULL"
    "        GROUP BY x.date ORDER BY count(*) DESC, x.date LIMIT 1) AS day,"
    "       (SELECT ARRAY[x.location_name, x.location_country] FROM event_mentions x"
    "        WHERE x.event_id = m.event_id AND x.location_name IS NOT NULL"
    "        GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1) AS place,"
    "       (SELECT array_to_string(x.actor_countries, ',') || '>' || array_to_string(x.recipient_countries, ',')"
    "        FROM event_mentions x WHERE x.event_id = m.event_id GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1)"
    "       AS sides"
    "       FROM event_mentions m LEFT JOIN articles ar USING (article_id)"
    "       WHERE m.event_id = ANY(%s) GROUP BY m.event_id) s"
    " WHERE e.event_id = s.event_id"
    # a replay rewrites nothing
    " AND (e.num_mentions, e.num_articles, e.num_sources, e.date, e.location_name, e.location_country,"
    "      e.actor_countries, e.recipient_countries, e.fatalities_low, e.fatalities_high, e.first_reported)"
    " IS DISTINCT FROM (s.n, s.a, s.src, s.day, s.place[1], s.place[2],"
    "      string_to_array(split_part(s.sides, '>', 1), ','), string_to_array(split_part(s.sides, '>', 2), ','),"
    "      s.low, s.high, s.first)"
)
