"""The sink's writer on a real database: an article's newest extraction replaces its mentions as a whole; copies and
stories are decided there, whatever order the articles come in."""

from __future__ import annotations

import asyncio
import datetime as dt

import psycopg

from schemas import ArticleEvents, EnrichedArticle, Event, EventParty
from services.sink.migrate import migrate
from services.sink.writer import Batch, write_batch
from services.stories.sketch import sketch_of
from tests.integration.conftest import Isolated

ARTICLE = EnrichedArticle(
    article_id="a1",
    source_path="inbox/a1.txt",
    article={"title": "T", "body": "Turkey and Russia met. Shelling killed 3 in Idlib.", "published_at": "2020-02-18"},
)


def mention(mention_id: str, type_: str, killed: int | None = None) -> Event:
    return Event(
        event_id=mention_id,
        article_id="a1",
        type=type_,
        actors=[EventParty(name="Turkey", country="TUR")],
        recipients=[EventParty(name="Russia", country="RUS")],
        date=dt.date(2020, 2, 17),
        reported_on=dt.date(2020, 2, 18),
        fatalities=killed,
        sentence="Turkey and Russia met.",
        sentence_start=0,
        sentence_end=22,
        confidence=0.5,
    )


def test_a_new_extraction_replaces_the_articles_mentions_and_empties_events_go(isolated: Isolated) -> None:
    url = isolated.settings.database_url.get_secret_value()

    async def write_and_read(batch: Batch) -> tuple[set[str], int]:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            await migrate(conn)
            await write_batch(conn, batch)
            cur = await conn.execute("SELECT mention_id FROM event_mentions WHERE article_id = 'a1'")
            mentions = {row[0] for row in await cur.fetchall()}
            cur = await conn.execute("SELECT count(*) FROM events")
            row = await cur.fetchone()
            assert row is not None
            return mentions, row[0]

    def extraction(*events: Event) -> Batch:
        return Batch(extractions=[ArticleEvents(article_id="a1", events=list(events))])

    consult, assault = mention("m-consult", "CONSULT"), mention("m-assault", "ASSAULT", killed=3)
    assert asyncio.run(write_and_read(Batch(articles=[ARTICLE]))) == (set(), 0)
    assert asyncio.run(write_and_read(extraction(consult, assault))) == ({"m-consult", "m-assault"}, 2)
    assert asyncio.run(write_and_read(extraction(consult, assault))) == ({"m-consult", "m-assault"}, 2)  # a replay
    # A later extractor (or cleaner) no longer finds the attack: its mention goes, and its event with it.
    assert asyncio.run(write_and_read(extraction(consult))) == ({"m-consult"}, 1)
    # Nothing found at all is news too.
    assert asyncio.run(write_and_read(extraction())) == (set(), 0)
    # Two extractions of one article in one batch: the later one is the truth.
    both = Batch(extractions=[ArticleEvents(article_id="a1", events=[consult]), ArticleEvents(article_id="a1")])
    assert asyncio.run(write_and_read(both)) == (set(), 0)


def _article(article_id: str, day: str, body: str) -> EnrichedArticle:
    return EnrichedArticle(
        article_id=article_id,
        source_path=f"inbox/{article_id}.txt",
        article={"title": "T", "body": body, "published_at": day},
        sketch=sketch_of(body),
    )


def test_copies_and_stories_are_decided_in_postgres_whatever_the_order(isolated: Isolated) -> None:
    url = isolated.settings.database_url.get_secret_value()
    body = (
        "Negotiators from the two countries met in the capital on Monday and agreed to reopen the border crossing "
        "for grain trucks, ending a month-long dispute over tariffs that had left hundreds of drivers stranded."
    )
    other = "Floods swept through three northern provinces after a week of heavy rain, the disaster agency said."
    early, late, unrelated = _article("b-early", "2021-03-01", body), _article("a-late", "2021-03-02", body), \
        _article("c-other", "2021-03-01", other)  # fmt: skip

    async def write(*articles: EnrichedArticle) -> dict[str, tuple[str, str | None]]:
        async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
            await migrate(conn)
            for a in articles:  # one batch each, the later copy first
                await write_batch(conn, Batch(articles=[a]))
            cur = await conn.execute("SELECT article_id, story_id, duplicate_of FROM articles")
            return {row[0]: (row[1], row[2]) for row in await cur.fetchall()}

    rows = asyncio.run(write(late, unrelated, early))
    assert rows["a-late"] == ("story:a-late", "b-early")  # the earlier copy came later: the stored copy points at it
    assert rows["b-early"] == ("story:a-late", None)
    assert rows["c-other"] == ("story:c-other", None)
    assert asyncio.run(write(early, late)) == rows  # a replay changes nothing
