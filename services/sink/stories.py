"""Grouping articles into stories and marking copies, inside the sink's transaction (``services.stories``).

A batch's sketches are stored with their bands; one read finds the stored articles that share a band or a body
key with one of them; the decisions are made in memory (``grouping.group``); then one statement each sets the
batch's stories, renames merged stories, keeps the copy pairs and works out ``duplicate_of`` again for the batch
and the copies it has. A replay finds the same groups and writes nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from psycopg import AsyncCursor

from schemas import EnrichedArticle, StorySketch
from services.stories.grouping import Sketched, group
from services.stories.sketch import band_keys

_UPSERT_SKETCH = (
    "INSERT INTO article_sketches (article_id, published, body_key, copy_minhash, story_minhash, bands)"
    " VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (article_id) DO UPDATE SET published = EXCLUDED.published,"
    " body_key = EXCLUDED.body_key, copy_minhash = EXCLUDED.copy_minhash, story_minhash = EXCLUDED.story_minhash,"
    " bands = EXCLUDED.bands"
    " WHERE (article_sketches.published, article_sketches.body_key, article_sketches.copy_minhash,"
    "        article_sketches.story_minhash) IS DISTINCT FROM"
    "       (EXCLUDED.published, EXCLUDED.body_key, EXCLUDED.copy_minhash, EXCLUDED.story_minhash)"
)


async def group_stories(cur: AsyncCursor[Any], articles: Sequence[EnrichedArticle]) -> None:
    batch = [
        Sketched(a.article_id, a.article.published_day, a.sketch) for a in articles if a.sketch is not None
    ]
    if not batch:
        return
    keys = {b.article_id: band_keys(b.sketch) for b in batch}
    await cur.executemany(
        _UPSERT_SKETCH,
        [(b.article_id, b.published, b.sketch.body_key, b.sketch.copy_minhash, b.sketch.story_minhash,
          keys[b.article_id]) for b in batch],
    )  # fmt: skip
    # One sink at a time decides stories, so two batches cannot each start a story for one.
    await cur.execute("SELECT pg_advisory_xact_lock(hashtext('newsstream.stories'))")
    ids = [b.article_id for b in batch]
    await cur.execute(
        "SELECT s.article_id, s.published, s.body_key, s.copy_minhash, s.story_minhash, a.story_id"
        " FROM article_sketches s JOIN articles a USING (article_id)"
        " WHERE (s.bands && %s::bigint[] OR s.body_key = ANY(%s)) AND NOT s.article_id = ANY(%s)"
        " ORDER BY s.article_id",
        (sorted({k for ks in keys.values() for k in ks}), sorted({b.sketch.body_key for b in batch}), ids),
    )
    stored = [
        Sketched(row[0], row[1], StorySketch(body_key=row[2], copy_minhash=row[3], story_minhash=row[4]), row[5])
        for row in await cur.fetchall()
    ]
    plan = group(batch, stored)
    await cur.execute(
        "UPDATE articles a SET story_id = v.story, story_similarity = v.sim"
        " FROM unnest(%s::text[], %s::text[], %s::real[]) AS v(id, story, sim)"
        " WHERE a.article_id = v.id AND (a.story_id, a.story_similarity) IS DISTINCT FROM (v.story, v.sim)",
        (ids, [plan.story_of[i] for i in ids], [plan.similarity.get(i) for i in ids]),
    )
    if plan.renamed:
        await cur.execute(
            "UPDATE articles a SET story_id = v.kept FROM unnest(%s::text[], %s::text[]) AS v(gone, kept)"
            " WHERE a.story_id = v.gone",
            (list(plan.renamed), list(plan.renamed.values())),
        )
    pairs = sorted(plan.copies | {(b, a) for a, b in plan.copies})
    if pairs:
        await cur.execute(
            "INSERT INTO article_copies (article_id, copy_of) SELECT * FROM unnest(%s::text[], %s::text[])"
            " ON CONFLICT DO NOTHING",
            ([a for a, _ in pairs], [b for _, b in pairs]),
        )
    touched = sorted(set(ids) | {b for _, b in pairs})
    # duplicate_of: the copy published first (then the smallest id), when it came before the article
    await cur.execute(
        "UPDATE articles a SET duplicate_of = d.first"
        " FROM (SELECT me.article_id, (SELECT c.copy_of FROM article_copies c"
        "        JOIN article_sketches o ON o.article_id = c.copy_of WHERE c.article_id = me.article_id"
        "        AND (coalesce(o.published, 'infinity'::date), o.article_id)"
        "          < (coalesce(me.published, 'infinity'::date), me.article_id)"
        "        ORDER BY coalesce(o.published, 'infinity'::date), o.article_id LIMIT 1) AS first"
        "       FROM article_sketches me WHERE me.article_id = ANY(%s)) d"
        " WHERE a.article_id = d.article_id AND a.duplicate_of IS DISTINCT FROM d.first",
        (touched,),
    )
