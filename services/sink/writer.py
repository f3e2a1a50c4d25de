"""Writing one batch of records in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import psycopg

from schemas import ArticleEvents, DeadLetter, EnrichedArticle
from services.events.identity import signature_of
from services.events.resolution import Mention
from services.sink import rows
from services.sink.events import recount, resolve_mentions, retract_stale_mentions
from services.sink.sql import copy_rows, delete_by_article, upsert
from services.sink.stories import decide_stories, record_stories
from services.sink.tables import (
    ARTICLE_COLUMNS,
    ARTICLE_DATE_COLUMNS,
    ARTICLE_ENTITY_COLUMNS,
    ARTICLE_PLACE_COLUMNS,
    DEAD_LETTER_COLUMNS,
    ENTITY_COLUMNS,
    MENTION_COLUMNS,
)

_UPSERT_ARTICLE = upsert("articles", ARTICLE_COLUMNS, ["article_id"])
_UPSERT_ENTITY = upsert("entities", ENTITY_COLUMNS, ["entity_id"])
# An article's entities, places and dates: replaced as a whole, so copied in after a delete (no conflicts).
_ARTICLE_PARTS = (
    ("article_entities", ARTICLE_ENTITY_COLUMNS, rows.article_entity_rows),
    ("article_places", ARTICLE_PLACE_COLUMNS, rows.place_rows),
    ("article_dates", ARTICLE_DATE_COLUMNS, rows.date_rows),
)
_DELETE_PARTS = {table: delete_by_article(table) for table, _, _ in _ARTICLE_PARTS}
_UPSERT_MENTION = upsert("event_mentions", MENTION_COLUMNS, ["mention_id"])
# A dead letter is a fact about one failure: the first copy stays, replays of the same failure add nothing.
_INSERT_DEAD = upsert("dead_letters", DEAD_LETTER_COLUMNS, ["dead_letter_id"], keep_first=True)


@dataclass
class Batch:
    articles: list[EnrichedArticle] = field(default_factory=list)
    extractions: list[ArticleEvents] = field(default_factory=list)
    dead_letters: list[DeadLetter] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.articles) + len(self.extractions) + len(self.dead_letters)


def _latest_by(items: list[Any], key: str) -> list[Any]:
    """Keeps the last record per id: a batch may hold two versions of one article; the later one wins."""
    return list({getattr(i, key): i for i in items}.values())


async def write_batch(conn: psycopg.AsyncConnection, batch: Batch) -> None:
    articles = _latest_by(batch.articles, "article_id")
    async with conn.transaction(), conn.cursor() as cur:
        if articles:
            # story_id and duplicate_of are the sink's to decide, from the sketches: before the rows are written
            stories = await decide_stories(cur, articles)
            await cur.executemany(
                _UPSERT_ARTICLE, [rows.article_row(a, stories.status.get(a.article_id)) for a in articles]
            )
            entities = {r["entity_id"]: r for a in articles for r in rows.entity_rows(a)}
            if entities:
                await cur.executemany(_UPSERT_ENTITY, list(entities.values()))
            ids = [a.article_id for a in articles]
            # An article's entities, places and dates are replaced as a whole: the newest enrichment is the truth.
            for table, columns, make in _ARTICLE_PARTS:
                await cur.execute(_DELETE_PARTS[table], (ids,))
                params = [r for a in articles for r in make(a)]
                if params:
                    await copy_rows(cur, table, columns, params)
            await record_stories(cur, stories)
        extractions = _latest_by(batch.extractions, "article_id")
        events = _latest_by([e for x in extractions for e in x.events], "event_id")
        touched: set[str] = set()
        if extractions:
            # An article's mentions are replaced as a whole, as its entities are: an earlier extraction's that this
            # one no longer finds go, and their events are recounted (and go when left without mentions).
            touched = await retract_stale_mentions(
                cur, [x.article_id for x in extractions], [e.event_id for e in events]
            )
        if events:
            await cur.executemany(_UPSERT_MENTION, [rows.event_row(e) for e in events])
            touched |= await resolve_mentions(cur, [Mention(e.event_id, signature_of(e), None) for e in events])
        # Counts change with new mentions, and sources with the articles that name them.
        await recount(cur, touched, [a.article_id for a in articles])
        letters = _latest_by(batch.dead_letters, "dead_letter_id")
        if letters:
            await cur.executemany(_INSERT_DEAD, [rows.dead_letter_row(d) for d in letters])
