"""Grouping articles into stories and marking copies, inside the sink's transaction (``services.stories``).

Before a batch's articles are written, one read finds the stored articles that share a key (a copy band, a name
in the fortnight) or a body key with them, and the decisions are made in memory (``grouping.group``), so each
article row is written once, with its sketch, its keys, its story and its copy status. After, one statement each
renames merged stories, keeps the copy pairs and points stored copies at an earlier copy that arrived later. A
replay finds the same groups and writes nothing new.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from psycopg import AsyncCursor

from schemas import EnrichedArticle, StorySketch
from services.stories.grouping import Sketched, StoryPlan, earliest_copy, first_key, group
from services.stories.sketch import band_keys, query_keys


@dataclass(frozen=True, slots=True)
class StoryStatus:
    story_id: str
    duplicate_of: str | None
    similarity: float | None
    keys: list[int]  # the keys the article is found by (``sketch.band_keys``)


@dataclass
class StoryDecision:
    """What ``decide_stories`` found for a batch, for the article rows and for ``record_stories``."""

    status: dict[str, StoryStatus] = field(default_factory=dict)
    batch: list[Sketched] = field(default_factory=list)
    keys: dict[str, list[int]] = field(default_factory=dict)
    plan: StoryPlan = field(default_factory=StoryPlan)
    later_originals: dict[str, str] = field(default_factory=dict)  # stored copy -> a batch copy published before it


async def decide_stories(cur: AsyncCursor[Any], articles: Sequence[EnrichedArticle]) -> StoryDecision:
    out = StoryDecision()
    out.batch = [Sketched(a.article_id, a.article.published_day, a.sketch) for a in articles if a.sketch is not None]
    if not out.batch:
        return out
    out.keys = {b.article_id: band_keys(b.sketch, b.published) for b in out.batch}
    wanted = sorted({k for b in out.batch for k in query_keys(b.sketch, b.published)})
    # One sink at a time decides stories, so two batches cannot each start a story for one. The read below takes the
    # index, not a scan of the whole table, which the planner picks while the table is small; the batch's other
    # reads go by key too, so the setting holds to the end of its transaction.
    await cur.execute(
        "SELECT pg_advisory_xact_lock(hashtext('newsstream.stories')); SET LOCAL enable_seqscan = off"
    )
    ids = [b.article_id for b in out.batch]
    await cur.execute(
        "SELECT article_id, published_date, body_key, copy_minhash, story_minhash, name_keys, story_id FROM articles"
        " WHERE (sketch_keys && %s::bigint[] OR body_key = ANY(%s)) AND NOT article_id = ANY(%s)",
        (wanted, sorted({b.sketch.body_key for b in out.batch}), ids),
    )
    rows = sorted(await cur.fetchall())
    stored = {}
    for aid, day, body_key, copy, story, names, story_id in rows:
        sketch = StorySketch(body_key=body_key, copy_minhash=copy, story_minhash=story, name_keys=names)
        stored[aid] = Sketched(aid, day, sketch, story_id)
    out.plan = group(out.batch, list(stored.values()))
    everyone = {**stored, **{b.article_id: b for b in out.batch}}
    copies: dict[str, list[Sketched]] = {b.article_id: [] for b in out.batch}
    for new, other in out.plan.copies:
        copies[new].append(everyone[other])
        if other in stored and first_key(everyone[new]) < first_key(stored[other]):
            out.later_originals[other] = new  # worked out again in SQL, among all of its copies
    for b in out.batch:
        aid, plan = b.article_id, out.plan
        first = earliest_copy(b, copies[aid])
        out.status[aid] = StoryStatus(plan.story_of[aid], first, plan.similarity.get(aid), out.keys[aid])
    return out


async def record_stories(cur: AsyncCursor[Any], decision: StoryDecision) -> None:
    """After the article rows (which hold the sketches): merged stories' new name, the copy pairs, earlier copies."""
    if not decision.batch:
        return
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
            "        JOIN articles o ON o.article_id = c.copy_of WHERE c.article_id = me.article_id"
            "        AND (coalesce(o.published_date, 'infinity'::date), o.article_id)"
            "          < (coalesce(me.published_date, 'infinity'::date), me.article_id)"
            "        ORDER BY coalesce(o.published_date, 'infinity'::date), o.article_id LIMIT 1) AS first"
            "       FROM articles me WHERE me.article_id = ANY(%s)) d"
            " WHERE a.article_id = d.article_id AND a.duplicate_of IS DISTINCT FROM d.first",
            (sorted(decision.later_originals),),
        )
