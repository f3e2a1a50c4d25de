"""The explorer over 100,000 synthetic events (``services/web/synthetic.py``): each statement the app runs, with
representative filters, reads the tables through an index (EXPLAIN of the statement as the app sends it, through
the read-only role); and the API, served from the same schema, answers the counts direct SQL gives."""

from __future__ import annotations

import asyncio
import csv
import datetime as dt
import io
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import psycopg
import pytest
from psycopg import sql

from schemas.explorer import EventFilter
from services.devservices.isolation import with_search_path
from services.web import queries, synthetic
from services.web.app import create_app
from services.web.db import open_pool
from tests.integration.conftest import Isolated

EVENTS = 100_000
SEED = 7
TABLES = {"events", "event_mentions", "articles"}
WORLD = synthetic.world(SEED)
# A place's name is what a reader most often types in the search box: in a few hundred of the sentences.
PLACE = next(p.name for p in WORLD.places if p.country == "SYR")

# What a reader picks: the commonest type (a quarter of the events), the most reported country, a month, an outlet
# of middling size, a place's name, and several at once.
FILTERS = {
    "type": EventFilter(type=["ASSAULT"]),
    "country": EventFilter(country="UKR"),
    "dates": EventFilter(start=dt.date(2023, 3, 1), end=dt.date(2023, 3, 31)),
    "outlet": EventFilter(outlet="Outlet 10"),
    "words": EventFilter(q=PLACE),
    "combination": EventFilter(
        type=["ASSAULT", "COERCE"], country="UKR", start=dt.date(2023, 1, 1), end=dt.date(2023, 6, 30)
    ),
}
# The same filters in plain SQL over ``events e``, written apart from queries.where so that they check it.
CONDITIONS = {
    "type": ("e.type = 'ASSAULT'", ()),
    "country": ("'UKR' = ANY (e.actor_countries || e.recipient_countries)", ()),
    "dates": ("coalesce(e.date, e.first_reported) BETWEEN '2023-03-01' AND '2023-03-31'", ()),
    "outlet": (
        "EXISTS (SELECT 1 FROM event_mentions m JOIN articles a USING (article_id)"
        " WHERE m.event_id = e.event_id AND a.source = 'Outlet 10')",
        (),
    ),
    "words": (
        "EXISTS (SELECT 1 FROM event_mentions m WHERE m.event_id = e.event_id AND m.sentence ~* %s)",
        (rf"\m{PLACE}\M",),
    ),
}


@dataclass(frozen=True)
class Loaded:
    owner: str  # the owner's URL of the schema: the tests' own reads
    reader: str  # the read-only role's, as the explorer gets it
    rows: dict[str, int]
    event_id: str  # an event of several mentions
    merged_id: str
    article_id: str


def reader_base() -> str:
    url = os.environ.get("NEWSSTREAM_EXPLORER_DATABASE_URL")
    if not url:
        pytest.skip('NEWSSTREAM_EXPLORER_DATABASE_URL is not set: `eval "$(newsstream services env)"`')
    return url


@pytest.fixture(scope="module")
def loaded(isolated_module: Isolated) -> Iterator[Loaded]:
    owner = isolated_module.settings.database_url.get_secret_value()
    reader = reader_base()
    synthetic.migrate_schema(owner)
    with psycopg.connect(owner) as conn:
        rows = synthetic.load(conn, events=EVENTS, seed=SEED)
        schema = scalar_on(conn, "SELECT current_schema()")
        event_id = scalar_on(conn, "SELECT event_id FROM events WHERE num_mentions >= 3 ORDER BY event_id LIMIT 1")
        merged_id = scalar_on(conn, "SELECT event_id FROM events WHERE merged_into IS NOT NULL LIMIT 1")
        article_id = scalar_on(conn, "SELECT article_id FROM articles ORDER BY article_id LIMIT 1 OFFSET 500")
    yield Loaded(owner, with_search_path(reader, schema), rows, event_id, merged_id, article_id)


def scalar_on(conn: psycopg.Connection[Any], statement: str, params: tuple[Any, ...] = ()) -> Any:
    row = conn.execute(statement, params).fetchone()  # type: ignore[arg-type]
    return row[0] if row else None


def scalar(url: str, statement: str, params: tuple[Any, ...] = ()) -> Any:
    with psycopg.connect(url) as conn:
        return scalar_on(conn, statement, params)


# --- plans ---------------------------------------------------------------------------------------------------


def plan_of(reader: str, statement: queries.Statement, params: dict[str, Any], *, cursor: bool = False) -> dict:
    """EXPLAIN of the statement with its parameters bound, as the app sends it; ``cursor``: as the exports run it,
    a cursor declared after their planning setting."""
    with psycopg.connect(reader) as conn:
        if cursor:
            conn.execute(queries.EXPORT_PLANNING)
            explain = sql.SQL("EXPLAIN (FORMAT JSON) DECLARE export CURSOR FOR ") + statement
        else:
            explain = sql.SQL("EXPLAIN (FORMAT JSON) ") + statement
        found = conn.execute(explain, params).fetchone()
        conn.rollback()
    assert found is not None
    return found[0][0]["Plan"]


def nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", []):
        yield from nodes(child)


def reads(plan: dict) -> list[str]:
    """How each table is read: ``Seq Scan events``, ``Index Scan events_day (events)``, ``Bitmap Index Scan ...``."""
    found = []
    for node in nodes(plan):
        kind, table, index = node["Node Type"], node.get("Relation Name"), node.get("Index Name")
        if table or index:
            found.append(f"{kind} {index or table}" + (f" ({table})" if index and table else ""))
    return found


def seq_scanned(plan: dict) -> set[str]:
    return {n["Relation Name"] for n in nodes(plan) if n["Node Type"] == "Seq Scan"} & TABLES


def filtered_statements(filters: EventFilter) -> dict[str, tuple[queries.Statement, dict[str, Any], bool]]:
    """Every statement a filter reaches: the table's count and page, the timeline, the map, both exports."""
    return {
        "count": (*queries.count_statement(filters), False),
        "page": (*queries.page_statement(filters, page=1, per_page=50), False),
        "span": (*queries.span_statement(filters), False),
        "timeline": (*queries.timeline_statement(filters), False),
        "timeline by week": (*queries.timeline_statement(filters, "week"), False),
        "map": (*queries.map_statement(filters), False),
        "export events": (*queries.export_statement("events", filters), True),
        "export mentions": (*queries.export_statement("mentions", filters), True),
    }


@pytest.mark.parametrize("name", list(FILTERS))
def test_a_filtered_query_reads_through_indexes(loaded: Loaded, name: str) -> None:
    for what, (statement, params, cursor) in filtered_statements(FILTERS[name]).items():
        plan = plan_of(loaded.reader, statement, params, cursor=cursor)
        assert not seq_scanned(plan), f"{what} with {name}: {reads(plan)}"


def test_the_unfiltered_page_is_driven_by_the_day_index(loaded: Loaded) -> None:
    statement, params = queries.page_statement(EventFilter(), page=1, per_page=50)
    plan = plan_of(loaded.reader, statement, params)
    events = [n for n in nodes(plan) if n.get("Relation Name") == "events"]
    assert [(n["Node Type"], n.get("Index Name")) for n in events] == [("Index Scan", "events_day")], reads(plan)
    # read in the index's order: nothing between the scan and the top sorts them (the sides' sort is per event)
    above = ancestors(plan, events[0])
    assert not [n for n in above if "Sort" in n["Node Type"]], [n["Node Type"] for n in above]


def ancestors(plan: dict, target: dict) -> list[dict]:
    """The nodes from the top of ``plan`` down to ``target``'s parent."""
    if plan is target:
        return []
    for child in plan.get("Plans", []):
        found = ancestors(child, target)
        if child is target or found:
            return [plan, *found]
    return []


LOOK_UPS = {
    "event": ["events_pkey", "event_mentions_event"],
    "mentions of the event": ["event_mentions_event", "articles_pkey"],
    "article": ["articles_pkey"],
    "mentions of the article": ["event_mentions_article_event", "articles_pkey"],
    "outlets": ["articles_source"],
}


@pytest.mark.parametrize("what", list(LOOK_UPS))
def test_a_look_up_reads_its_index(loaded: Loaded, what: str) -> None:
    statement, params = {
        "event": (queries.EVENT, {"id": loaded.event_id}),
        "mentions of the event": (queries.EVENT_MENTIONS, {"id": loaded.event_id}),
        "article": (queries.ARTICLE, {"id": loaded.article_id}),
        "mentions of the article": (queries.ARTICLE_MENTIONS, {"id": loaded.article_id}),
        "outlets": (queries.OUTLETS, {"limit": 300}),
    }[what]
    plan = plan_of(loaded.reader, statement, params)
    assert not seq_scanned(plan), reads(plan)
    assert {n["Index Name"] for n in nodes(plan) if "Index Name" in n} == set(LOOK_UPS[what]), reads(plan)


def test_the_counts_read_the_wide_tables_by_their_indexes(loaded: Loaded) -> None:
    """Every row is counted; articles and event_mentions are read through a narrow index rather than their wide
    rows. The events table, narrow itself, may be read whole."""
    plan = plan_of(loaded.reader, queries.COUNTS, {})
    assert not seq_scanned(plan) & {"articles", "event_mentions"}, reads(plan)


# --- the API against direct SQL ---------------------------------------------------------------------------------


def direct_count(loaded: Loaded, name: str) -> int:
    condition, params = CONDITIONS[name]
    statement = f"SELECT count(*) FROM events e WHERE e.merged_into IS NULL AND {condition}"
    return int(scalar(loaded.owner, statement, params))


async def ask(loaded: Loaded, settings: Any, calls: list[tuple[str, dict[str, Any]]]) -> list[httpx.Response]:
    """The app on a pool of the reader's URL for the schema, asked ``calls`` in turn."""
    pool = await open_pool(loaded.reader)
    try:
        app = create_app(settings, pool=pool)
        async with app.router.lifespan_context(app):
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://explorer", timeout=60) as client:
                return [await client.get(path, params=params) for path, params in calls]
    finally:
        await pool.close()


def test_the_api_counts_what_sql_counts(loaded: Loaded, isolated_module: Isolated) -> None:
    names = ["type", "country", "dates", "outlet", "words"]
    calls: list[tuple[str, dict[str, Any]]] = [("/api/counts", {})]
    for name in names:
        params = FILTERS[name].model_dump(mode="json", exclude_none=True, exclude_defaults=True)
        calls += [("/api/events", params), ("/api/timeline", params), ("/api/export/mentions.csv", params)]
    answers = asyncio.run(ask(loaded, isolated_module.settings, calls))
    assert all(a.status_code == 200 for a in answers), [a.text[:200] for a in answers if a.status_code != 200]

    counts = answers[0].json()
    assert counts["articles"] == loaded.rows["articles"] == scalar(loaded.owner, "SELECT count(*) FROM articles")
    assert counts["events"] == loaded.rows["events"] - loaded.rows["merged_events"]
    assert counts["mentions"] == loaded.rows["event_mentions"]
    for i, name in enumerate(names):
        events, timeline, export = answers[1 + 3 * i : 4 + 3 * i]
        expected = direct_count(loaded, name)
        assert expected > 0, name
        assert events.json()["total"] == expected, name
        assert len(events.json()["items"]) == min(50, expected)
        assert sum(d["events"] for d in timeline.json()) == expected, name  # every synthetic event has a day
        condition, params = CONDITIONS[name]
        mentions = scalar(
            loaded.owner,
            "SELECT count(*) FROM event_mentions m JOIN events e ON e.event_id = m.event_id"
            f" WHERE e.merged_into IS NULL AND {condition}",
            params,
        )
        assert len(list(csv.DictReader(io.StringIO(export.text)))) == mentions, name


def test_an_event_and_an_article_answer_with_their_rows(loaded: Loaded, isolated_module: Isolated) -> None:
    calls: list[tuple[str, dict[str, Any]]] = [
        (f"/api/events/{loaded.event_id}", {}),
        (f"/api/events/{loaded.merged_id}", {}),
        (f"/api/articles/{loaded.article_id}", {}),
        (f"/events/{loaded.event_id}", {}),
        (f"/articles/{loaded.article_id}", {}),
        ("/", {"type": "ASSAULT", "country": "UKR"}),
    ]
    event, merged, article, event_page, article_page, index = asyncio.run(ask(loaded, isolated_module.settings, calls))
    mentions = scalar(loaded.owner, "SELECT count(*) FROM event_mentions WHERE event_id = %s", (loaded.event_id,))
    assert len(event.json()["mentions"]) == event.json()["event"]["num_mentions"] == mentions >= 3
    kept = scalar(loaded.owner, "SELECT merged_into FROM events WHERE event_id = %s", (loaded.merged_id,))
    assert merged.json()["event"]["event_id"] == kept
    body = article.json()
    on_article = scalar(loaded.owner, "SELECT count(*) FROM event_mentions WHERE article_id = %s", (loaded.article_id,))
    assert len(body["mentions"]) == on_article
    for m in body["mentions"]:  # each mention's sentence is where its offsets say
        assert body["body"][m["sentence_start"] : m["sentence_end"]] == m["sentence"]
    assert event_page.status_code == article_page.status_code == index.status_code == 200
