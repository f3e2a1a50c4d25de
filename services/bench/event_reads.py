"""``python -m services.bench.event_reads``: does the sink's event resolution slow down as the events table grows?

For each table size, synthetic events of one stored mention each (20 types, 60 countries, dates over 16 years) are
loaded into a local Postgres of its own, then 20 batches of 50 new mentions each are resolved by the sink's own
``services.sink.events.resolve_mentions`` (its candidate read, the decisions, the writes), each in a transaction that
is rolled back, so every batch meets the same table. Prints milliseconds a batch per table size.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import shutil
import time
from collections.abc import Sequence
from pathlib import Path

import psycopg

from services.devservices import postgres
from services.events.identity import Signature
from services.events.resolution import Mention
from services.sink.events import resolve_mentions
from services.sink.migrate import migrate

TYPES = [f"TYPE{i:02d}" for i in range(20)]
COUNTRIES = [f"C{i:02d}" for i in range(60)]
FIRST_DAY = dt.date(2010, 1, 1)
DAYS = 16 * 365
BATCHES = 20
BATCH = 50


def _day(rnd: random.Random) -> dt.date:
    return FIRST_DAY + dt.timedelta(days=rnd.randrange(DAYS))


async def _fill_events(conn: psycopg.AsyncConnection, upto: int, rnd: random.Random) -> None:
    """Events of one mention each: the resolution reads the stored mentions, and their events by id."""
    cur = await conn.execute("SELECT count(*) FROM events")
    have = (await cur.fetchone() or (0,))[0]
    rows = []
    for i in range(have, upto):
        day = _day(rnd)
        actors, recipients = rnd.sample(COUNTRIES, rnd.randint(1, 2)), rnd.sample(COUNTRIES, rnd.randint(0, 2))
        rows.append((f"bench-event-{i:08d}", rnd.choice(TYPES), actors, recipients,
                     day if rnd.random() < 0.6 else None, day + dt.timedelta(days=rnd.randrange(5))))  # fmt: skip
    async with conn.cursor() as cur:
        async with cur.copy(
            "COPY events (event_id, type, actor_countries, recipient_countries, date, first_reported) FROM STDIN"
        ) as copy:
            for row in rows:
                await copy.write_row(row)
        async with cur.copy(
            "COPY event_mentions (mention_id, event_id, article_id, type, actor_countries, recipient_countries, date,"
            " reported_on, date_precision, actors, recipients, modality, historical, sentence, sentence_start,"
            " sentence_end, confidence) FROM STDIN"
        ) as copy:
            for event_id, type_, actors, recipients, when, reported in rows:
                await copy.write_row((f"m-{event_id}", event_id, f"a-{event_id}", type_, actors, recipients, when,
                                      reported, "day", "[]", "[]", "asserted", False, "", 0, 0, 0.5))  # fmt: skip
    await conn.execute("ANALYZE events")
    await conn.execute("ANALYZE event_mentions")


def _mention(row: tuple) -> Mention:
    mention_id, article_id, type_, actors, recipients, day, reported = row
    sig = Signature(type_, frozenset(actors), frozenset(recipients), day, reported, None, article_id=article_id)
    return Mention(mention_id, sig, None)


async def _batch_ms(conn: psycopg.AsyncConnection, rnd: random.Random, batch: int) -> float:
    """One batch of new mentions, inserted and resolved in a transaction that is then rolled back."""
    rows = []
    for i in range(batch):
        day = _day(rnd)
        rows.append(
            (f"bench-mention-{i}", "bench-article", rnd.choice(TYPES), rnd.sample(COUNTRIES, 1),
             rnd.sample(COUNTRIES, 1), day, day)
        )  # fmt: skip
    async with conn.transaction(force_rollback=True), conn.cursor() as cur:
        await cur.executemany(
            "INSERT INTO event_mentions (mention_id, article_id, type, actor_countries, recipient_countries, date,"
            " reported_on, date_precision, actors, recipients, modality, historical, sentence, sentence_start,"
            " sentence_end, confidence)"
            " VALUES (%s, %s, %s, %s, %s, %s, %s, 'day', '[]', '[]', 'asserted', false, '', 0, 0, 0.5)",
            rows,
        )
        t0 = time.perf_counter()
        await resolve_mentions(cur, [_mention(r) for r in rows])
        return (time.perf_counter() - t0) * 1000


async def measure(url: str, sizes: Sequence[int], batches: int = BATCHES, batch: int = BATCH) -> dict[int, float]:
    """Median milliseconds a batch for each events-table size (ascending)."""
    rnd = random.Random(7)
    out: dict[int, float] = {}
    async with await psycopg.AsyncConnection.connect(url, autocommit=True) as conn:
        await migrate(conn)
        for size in sorted(sizes):
            await _fill_events(conn, size, rnd)
            times = sorted([await _batch_ms(conn, rnd, batch) for _ in range(batches)])
            out[size] = times[len(times) // 2]
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--sizes", default="1000,30000,300000", help="events-table sizes, comma-separated")
    ap.add_argument("--state", type=Path, default=Path(".newsstream/bench/event-reads"), help="Postgres state dir")
    args = ap.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    shutil.rmtree(args.state, ignore_errors=True)  # a table of its own each run: the sizes are what is measured
    url = postgres.start(args.state)
    try:
        result = asyncio.run(measure(url, sizes))
    finally:
        postgres.stop(args.state)
    print(f"event resolution, {BATCH} new mentions a batch (median of {BATCHES} batches):")
    for size, ms in result.items():
        print(f"  {size:>9,} events in the table   {ms:7.1f} ms a batch")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
