"""Grouping articles into stories and marking copies, inside the sink's transaction (``services.stories``).

Before a batch's articles are written, one read finds the stored articles that share a band or a body key with
them, and the decisions are made in memory (``grouping.group``), so each article row is written once, its story
and copy status in it. After, one statement each stores the sketches, renames merged stories, keeps the copy pairs
and points stored copies at an earlier copy that arrived later. A replay finds the same groups and writes nothing
new.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from psycopg import AsyncCursor

from schemas import EnrichedArticle, StorySketch
from services.stories.grouping import Sketched, StoryPlan, earliest_copy, group
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


@dataclass(frozen=True, slots=True)
class StoryStatus:
    story_id: str
    duplicate_of: str | None
    similarity: float | None


@dataclass
class StoryDecision:
    """What ``decide_stories`` found for a batch, for the article rows and for ``record_stories``."""

    status: dict[str, StoryStatus] = field(default_factory=dict)
    batch: list[Sketched] = field(default_factory=list)
    keys: dict[str, list[int]] = field(default_factory=dict)
    plan: StoryPlan = field(default_factory=StoryPlan)
    later_originals: dict[str, str] = field(default_factory=dict)  # stored copy -> a batch copy published before it


def _key(a: Sketched) -> tuple[dt.date, str]:
    return (a.published or dt.date.max, a.article_id)


async def decide_stories(cur: AsyncCursor[Any], articles: Sequence[EnrichedArticle]) -> StoryDecision:
    out = StoryDecision()
    out.batch = [Sketched(a.article_id, a.article.published_day, a.sketch) for a in articles if a.sketch is not None]
    if not out.batch:
        return out
    out.keys = {b.article_id: band_keys(b.sketch) for b in out.batch}
    # One sink at a time decides stories, so two batches cannot each start a story for one.
    await cur.execute("SELECT pg_advisory_xact_lock(hashtext('newsstream.stories'))")
    ids = [b.article_id for b in out.batch]
    await cur.execute(
        "SELECT s.article_id, s.published, s.body_key, s.copy_minhash, s.story_minhash, a.story_id, a.duplicate_of"
        " FROM article_sketches s JOIN articles a USING (article_id)"
        " WHERE (s.bands && %s::bigint[] OR s.body_key = ANY(%s)) AND NOT s.article_id = ANY(%s)",
        (sorted({k for ks in out.keys.values() for k in ks}), sorted({b.sketch.body_key for b in out.batch}), ids),
    )
    rows = sorted(await cur.fetchall())
    stored = {
        r[0]: Sketched(r[0], r[1], StorySketch(body_key=r[2], copy_minhash=r[3], story_minhash=r[4]), r[5])
        for r in rows
    }
    out.plan = group(out.batch, list(stored.values()))
    everyone = {**stored, **{b.article_id: b for b in out.batch}}
    copies: dict[str, list[Sketched]] = {b.article_id: [] for b in out.batch}
    for new, other in out.plan.copies:
        copies[new].append(everyone[other])
        if other in stored and _key(everyone[new]) < _key(stored[other]):
            out.later_originals[other] = new  # worked out again in SQL, among all of its copies
    for b in out.batch:
        aid, plan = b.article_id, out.plan
        out.status[aid] = StoryStatus(plan.story_of[aid], earliest_copy(b, copies[aid]), plan.similarity.get(aid))
    return out


async def record_stories(cur: AsyncCursor[Any], decision: StoryDecision) -> None:
    """After the article rows: the sketches, merged stories' new name, the copy pairs, and earlier copies."""
    if not decision.batch:
        return
    await cur.executemany(
        _UPSERT_SKETCH,
        [(b.article_id, b.published, b.sketch.body_key, b.sketch.copy_minhash, b.sketch.story_minhash,
          decision.keys[b.article_id]) for b in decision.batch],
    )  # fmt: skip
    plan = decision.plan
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
    if decision.later_originals:
        # a stored copy whose earliest copy may now be one of this batch: the earliest of all its copies
        await cur.execute(
            "UPDATE articles a SET duplicate_of = d.first"
            " FROM (SELECT me.article_id, (SELECT c.copy_of FROM article_copies c"
            "        JOIN article_sketches o ON o.article_id = c.copy_of WHERE c.article_id = me.article_id"
            "        AND (coalesce(o.published, 'infinity'::date), o.article_id)"
            "          < (coalesce(me.published, 'infinity'::date), me.article_id)"
            "        ORDER BY coalesce(o.published, 'infinity'::date), o.article_id LIMIT 1) AS first"
            "       FROM article_sketches me WHERE me.article_id = ANY(%s)) d"
            " WHERE a.article_id = d.article_id AND a.duplicate_of IS DISTINCT FROM d.first",
            (sorted(decision.later_originals),),
        )
