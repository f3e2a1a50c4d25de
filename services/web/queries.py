"""The explorer's reads: each a statement composed once with psycopg.sql from fixed fragments, every value a bound
parameter. The filters become one WHERE clause that the table, the timeline, the map and the exports share, so
they always show the same events; each fragment has an index behind it (migrations 015 and 016)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from psycopg import AsyncConnection, sql
from psycopg.rows import dict_row

from schemas.explorer import EventFilter

# The day an event is placed on: its own date, else the day it was first reported (as undated mentions are).
DAY = sql.SQL("coalesce(e.date, e.first_reported)")

_FILTERS: dict[str, sql.Composable] = {
    "type": sql.SQL("e.type = ANY(%(type)s)"),
    "country": sql.SQL("(e.actor_countries || e.recipient_countries) @> ARRAY[%(country)s]::text[]"),
    "start": sql.SQL("{} >= %(start)s").format(DAY),
    "end": sql.SQL("{} <= %(end)s").format(DAY),
    "outlet": sql.SQL(
        "e.event_id IN (SELECT m.event_id FROM event_mentions m JOIN articles a ON a.article_id = m.article_id"
        " WHERE a.source = %(outlet)s)"
    ),
    # OFFSET 0 keeps the word's matches one subquery, found once through the GIN index. Flattened into a join, the
    # planner could instead walk the events and compute to_tsvector for each of their mentions, which it costs far
    # below its real price: 200 ms for a page of a word in 1% of the sentences, against 8 ms this way.
    "q": sql.SQL(
        "e.event_id IN (SELECT m.event_id FROM event_mentions m"
        " WHERE to_tsvector('simple', m.sentence) @@ websearch_to_tsquery('simple', %(q)s) OFFSET 0)"
    ),
}

EVENT_COLUMNS = sql.SQL(
    "e.event_id, e.type, e.actor_countries, e.recipient_countries, e.date, e.first_reported, e.location_name,"
    " e.location_country, e.latitude, e.longitude, e.fatalities, e.fatalities_low, e.fatalities_high,"
    " e.num_mentions, e.num_sources, e.num_articles"
)
# The sides' names come from the event's most confident mention (the events table keeps only their countries).
SIDES = sql.SQL(
    "LEFT JOIN LATERAL (SELECT m.actors, m.recipients FROM event_mentions m WHERE m.event_id = e.event_id"
    " ORDER BY m.confidence DESC, m.mention_id LIMIT 1) s ON true"
)
MENTION_COLUMNS = sql.SQL(
    "m.mention_id, m.event_id, m.article_id, m.type, m.actors, m.recipients, m.trigger, m.sentence,"
    " m.sentence_start, m.sentence_end, m.date, m.fatalities, m.confidence, a.source AS outlet,"
    " a.published_date AS published, a.title, a.url"
)


def where(filters: EventFilter) -> tuple[sql.Composed, dict[str, Any]]:
    """The WHERE clause of ``filters`` over ``events e`` (merged events left out) and its parameters."""
    params: dict[str, Any] = {}
    clauses: list[sql.Composable] = [sql.SQL("e.merged_into IS NULL")]
    for name, fragment in _FILTERS.items():
        value = getattr(filters, name)
        if value is None or value == []:
            continue
        params[name] = list(value) if isinstance(value, list) else value
        clauses.append(fragment)
    return sql.SQL(" AND ").join(clauses), params


Statement = sql.SQL | sql.Composed


async def _all(conn: AsyncConnection[Any], statement: Statement, params: dict[str, Any]) -> list[dict[str, Any]]:
    async with conn.cursor(row_factory=dict_row) as cur:
        # Never prepared: a prepared statement gets one generic plan after five runs, and one plan cannot serve a
        # filter's values alike (a type of 1.5 % or of 24 % of the events, a word in 0.1 % or 80 % of sentences).
        await cur.execute(statement, params, prepare=False)
        return await cur.fetchall()


def _sides(row: dict[str, Any]) -> dict[str, Any]:
    """``actors``/``recipients`` as name and country only, from the mention's stored parties."""
    for side in ("actors", "recipients"):
        parties = row.get(side) or []
        row[side] = [{"name": p.get("name", ""), "country": p.get("country")} for p in parties]
    return row


def count_statement(filters: EventFilter) -> tuple[Statement, dict[str, Any]]:
    """How many events match (the table's total)."""
    clause, params = where(filters)
    return sql.SQL("SELECT count(*) AS n FROM events e WHERE {}").format(clause), params


def page_statement(filters: EventFilter, *, page: int, per_page: int) -> tuple[Statement, dict[str, Any]]:
    """One page of the matching events, newest first, undated last."""
    clause, params = where(filters)
    # The page is cut before the sides are looked up, so they are looked up for its rows only. Joined first, they
    # were looked up for every matching event the plan sorted, or for every row skipped on the way to page 50, and
    # that cost drove the planner to walk the day index for a common word (230 ms for a page of a word in a fifth
    # of the events, 55 ms this way; page 50 of everything, 15 ms to 3 ms).
    # (The day is a column of the cut so that its order carries over, not sorted again.)
    statement = sql.SQL(
        "SELECT {cols}, s.actors, s.recipients FROM (SELECT e.*, {day} AS day FROM events e WHERE {where}"
        " ORDER BY {day} DESC NULLS LAST, e.event_id LIMIT %(limit)s OFFSET %(offset)s) e {sides}"
        " ORDER BY e.day DESC NULLS LAST, e.event_id"
    ).format(cols=EVENT_COLUMNS, sides=SIDES, where=clause, day=DAY)
    return statement, {**params, "limit": per_page, "offset": (page - 1) * per_page}


async def events_page(
    conn: AsyncConnection[Any], filters: EventFilter, *, page: int, per_page: int
) -> tuple[int, list[dict[str, Any]]]:
    total_rows = await _all(conn, *count_statement(filters))
    rows = await _all(conn, *page_statement(filters, page=page, per_page=per_page))
    return int(total_rows[0]["n"]), [_sides(r) for r in rows]


# A bin of the timeline: its first day. date_trunc's week starts on a Monday, as charts.timeline's does.
_BINS: dict[str, sql.Composable] = {
    "day": DAY,
    "week": sql.SQL("date_trunc('week', {})::date").format(DAY),
    "month": sql.SQL("date_trunc('month', {})::date").format(DAY),
}


def span_statement(filters: EventFilter) -> tuple[Statement, dict[str, Any]]:
    """The first and last day of the matching events: it decides the timeline's bins before they are counted."""
    clause, params = where(filters)
    return sql.SQL("SELECT min({day}) AS first, max({day}) AS last FROM events e WHERE {where}").format(
        day=DAY, where=clause
    ), params


def timeline_statement(filters: EventFilter, unit: str = "day") -> tuple[Statement, dict[str, Any]]:
    """Events per bin and type: counted per week or month in Postgres, so three years answer 2,500 rows, not
    16,000."""
    clause, params = where(filters)
    statement = sql.SQL(
        "SELECT {bin} AS day, e.type, count(*) AS events FROM events e WHERE {where} AND {day} IS NOT NULL"
        " GROUP BY 1, 2 ORDER BY 1, 2"
    ).format(bin=_BINS[unit], day=DAY, where=clause)
    return statement, params


async def span(conn: AsyncConnection[Any], filters: EventFilter) -> tuple[Any, Any]:
    row = (await _all(conn, *span_statement(filters)))[0]
    return row["first"], row["last"]


async def timeline(conn: AsyncConnection[Any], filters: EventFilter, unit: str = "day") -> list[dict[str, Any]]:
    return await _all(conn, *timeline_statement(filters, unit))


def map_statement(filters: EventFilter, *, limit: int = 2000) -> tuple[Statement, dict[str, Any]]:
    """Events per place (coordinates rounded to a tenth of a degree, about 10 km), the busiest first."""
    clause, params = where(filters)
    # Rounded as floats: a cast to numeric for each row took three quarters of the query's time (100,000 events).
    statement = sql.SQL(
        "SELECT round(e.latitude * 10) / 10 AS latitude, round(e.longitude * 10) / 10 AS longitude,"
        " min(e.location_name) AS place, min(e.location_country) AS country, count(*) AS events,"
        " coalesce(sum(e.fatalities), 0) AS fatalities"
        " FROM events e WHERE {where} AND e.latitude IS NOT NULL AND e.longitude IS NOT NULL"
        " GROUP BY 1, 2 ORDER BY events DESC, 1, 2 LIMIT %(limit)s"
    ).format(where=clause)
    return statement, {**params, "limit": limit}


async def map_points(conn: AsyncConnection[Any], filters: EventFilter, *, limit: int = 2000) -> list[dict[str, Any]]:
    return await _all(conn, *map_statement(filters, limit=limit))


EVENT = sql.SQL(
    "SELECT {cols}, s.actors, s.recipients, e.merged_into FROM events e {sides} WHERE e.event_id = %(id)s"
).format(cols=EVENT_COLUMNS, sides=SIDES)
EVENT_MENTIONS = sql.SQL(
    "SELECT {cols} FROM event_mentions m LEFT JOIN articles a ON a.article_id = m.article_id"
    " WHERE m.event_id = %(id)s ORDER BY a.published_date NULLS LAST, m.article_id, m.sentence_start"
).format(cols=MENTION_COLUMNS)
ARTICLE = sql.SQL(
    "SELECT article_id, title, source, section, dateline_place, published_at, published_date, url, language,"
    " word_count, countries, story_id, duplicate_of, standfirst, body, removed FROM articles"
    " WHERE article_id = %(id)s"
)
ARTICLE_MENTIONS = sql.SQL(
    "SELECT {cols} FROM event_mentions m LEFT JOIN articles a ON a.article_id = m.article_id"
    " WHERE m.article_id = %(id)s ORDER BY m.sentence_start, m.mention_id"
).format(cols=MENTION_COLUMNS)


async def event(conn: AsyncConnection[Any], event_id: str) -> dict[str, Any] | None:
    """The event, or the one it merged into (``redirect`` names it), or None."""
    rows = await _all(conn, EVENT, {"id": event_id})
    return _sides(rows[0]) if rows else None


async def event_mentions(conn: AsyncConnection[Any], event_id: str) -> list[dict[str, Any]]:
    return [_sides(r) for r in await _all(conn, EVENT_MENTIONS, {"id": event_id})]


async def article(conn: AsyncConnection[Any], article_id: str) -> dict[str, Any] | None:
    rows = await _all(conn, ARTICLE, {"id": article_id})
    if not rows:
        return None
    return {**rows[0], "mentions": [_sides(r) for r in await _all(conn, ARTICLE_MENTIONS, {"id": article_id})]}


OUTLETS = sql.SQL(
    "SELECT source FROM articles WHERE source IS NOT NULL GROUP BY source ORDER BY count(*) DESC, source"
    " LIMIT %(limit)s"
)


async def outlets(conn: AsyncConnection[Any], *, limit: int = 300) -> list[str]:
    return [r["source"] for r in await _all(conn, OUTLETS, {"limit": limit})]


COUNTS = sql.SQL(
    "SELECT (SELECT count(*) FROM articles) AS articles,"
    " (SELECT count(*) FROM events WHERE merged_into IS NULL) AS events,"
    " (SELECT count(*) FROM event_mentions) AS mentions,"
    " (SELECT count(*) FROM dead_letters) AS dead_letters"
)


async def counts(conn: AsyncConnection[Any]) -> dict[str, int]:
    rows = await _all(conn, COUNTS, {})
    return {k: int(v) for k, v in rows[0].items()}


# --- exports: GDELT-like columns (GDELT 2.0 Event and Mentions codebooks), one row per event or mention ---------

EXPORT_EVENTS = sql.SQL(
    "SELECT e.event_id AS \"GLOBALEVENTID\", to_char({day}, 'YYYYMMDD')::int AS \"SQLDATE\","
    " e.type AS \"EventType\", e.cameo_root AS \"EventRootCode\", e.mode AS \"EventMode\","
    " array_to_string(e.actor_countries, ';') AS \"Actor1CountryCode\","
    " (SELECT string_agg(p->>'name', ';') FROM jsonb_array_elements(s.actors) p) AS \"Actor1Name\","
    " array_to_string(e.recipient_countries, ';') AS \"Actor2CountryCode\","
    " (SELECT string_agg(p->>'name', ';') FROM jsonb_array_elements(s.recipients) p) AS \"Actor2Name\","
    " e.location_name AS \"ActionGeo_FullName\", e.location_country AS \"ActionGeo_CountryCode\","
    " e.latitude AS \"ActionGeo_Lat\", e.longitude AS \"ActionGeo_Long\","
    " e.fatalities AS \"Fatalities\", e.fatalities_low AS \"FatalitiesLow\", e.fatalities_high AS \"FatalitiesHigh\","
    " e.num_mentions AS \"NumMentions\", e.num_sources AS \"NumSources\", e.num_articles AS \"NumArticles\","
    " e.date IS NULL AS \"Undated\", e.first_reported AS \"FirstReported\", e.first_seen AS \"DATEADDED\""
    " FROM events e {sides} WHERE {where} ORDER BY {day}, e.event_id"
)
_EXPORT_MENTION_COLUMNS = (
    "SELECT m.event_id AS \"GLOBALEVENTID\", to_char(coalesce(m.date, m.reported_on), 'YYYYMMDD')::int"
    " AS \"EventTimeDate\", to_char(a.published_date, 'YYYYMMDD')::int AS \"MentionTimeDate\","
    " a.source AS \"MentionSourceName\", a.url AS \"MentionIdentifier\", m.article_id AS \"ArticleId\","
    " m.mention_id AS \"MentionId\", m.type AS \"EventType\","
    " array_to_string(m.actor_countries, ';') AS \"Actor1CountryCode\","
    " array_to_string(m.recipient_countries, ';') AS \"Actor2CountryCode\","
    " m.sentence_start AS \"SentenceCharOffset\", m.sentence_end AS \"SentenceCharEnd\","
    " m.trigger AS \"Trigger\", m.fatalities AS \"Fatalities\", m.confidence AS \"Confidence\","
    " m.sentence AS \"Sentence\""
)
EXPORT_MENTIONS = sql.SQL(
    _EXPORT_MENTION_COLUMNS + " FROM event_mentions m JOIN events e ON e.event_id = m.event_id"
    " LEFT JOIN articles a ON a.article_id = m.article_id"
    " WHERE {where} ORDER BY m.event_id, m.mention_id"
)
# Filtered, the matching events' ids come first and their mentions are read by event_mentions_event. Joined, the
# planner hashed the events and read all of event_mentions (its widest table) for even 3 % of the events: 98 ms
# against 41 ms this way. Unfiltered, the join reads everything in one pass, the faster way to export it all.
EXPORT_MENTIONS_OF = sql.SQL(
    _EXPORT_MENTION_COLUMNS + " FROM event_mentions m LEFT JOIN articles a ON a.article_id = m.article_id"
    " WHERE m.event_id = ANY(ARRAY(SELECT e.event_id FROM events e WHERE {where}))"
    " ORDER BY m.event_id, m.mention_id"
)
# A cursor is planned for its first tenth by default (cursor_tuple_fraction): an export reads it to the end, so it is
# planned for all its rows. Fast-start plans walked the whole events_pkey index for a filter of a few percent.
EXPORT_PLANNING = sql.SQL("SET LOCAL cursor_tuple_fraction = 1.0")


def export_statement(kind: str, filters: EventFilter) -> tuple[Statement, dict[str, Any]]:
    clause, params = where(filters)
    if kind == "events":
        return EXPORT_EVENTS.format(day=DAY, sides=SIDES, where=clause), params
    if kind == "mentions":
        return (EXPORT_MENTIONS_OF if params else EXPORT_MENTIONS).format(where=clause), params
    raise ValueError(f"unknown export {kind!r}")


async def export_rows(
    conn: AsyncConnection[Any], kind: str, filters: EventFilter, *, chunk: int = 2000
) -> AsyncIterator[tuple[list[str], list[tuple[Any, ...]]]]:
    """The export's column names and its rows, ``chunk`` at a time from a server-side cursor (a large export is
    never held whole in the worker)."""
    statement, params = export_statement(kind, filters)
    async with conn.transaction(), conn.cursor(name=f"export_{kind}") as cur:
        await conn.execute(EXPORT_PLANNING, prepare=False)
        await cur.execute(statement, params)
        names = [d.name for d in cur.description or []]
        first = True
        while True:
            rows = await cur.fetchmany(chunk)
            if rows or first:  # an empty export still has its header
                yield names, rows
            if not rows:
                return
            first = False

