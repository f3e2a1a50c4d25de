"""Which story each article is in, and which article it copies (pure): the connected groups of articles that
``same_story`` ties, as ``services.events.resolution`` groups event mentions.

Two articles are copies when their folded bodies are identical or their copy signatures agree on ``COPY_THRESHOLD``
of their values; they share a story when they are copies, or their story signatures agree on ``STORY_THRESHOLD``
and they were published at most ``STORY_WINDOW`` apart (or are both undated). A story is a connected group, so it
does not depend on the order the articles came in; when an article bridges two stories they merge into the one
whose id sorts first. A copy's ``duplicate_of`` is the earliest published of its copies (then the smallest id), so
that too is the same for every order.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from schemas.records import StorySketch
from services.common.groups import Groups
from services.stories.sketch import COPY_THRESHOLD, STORY_THRESHOLD, jaccard

STORY_WINDOW = dt.timedelta(days=7)


@dataclass(frozen=True)
class Sketched:
    article_id: str
    published: dt.date | None
    sketch: StorySketch
    story_id: str | None = None  # the story it is in already


def copy_similarity(a: Sketched, b: Sketched) -> float:
    if a.sketch.body_key == b.sketch.body_key:
        return 1.0
    return jaccard(a.sketch.copy_minhash, b.sketch.copy_minhash)


def story_similarity(a: Sketched, b: Sketched) -> float:
    """How alike two articles' stories are; 0 when published further apart than the window, or when one has a day
    and the other none (an undated article shares stories with undated ones only)."""
    if (a.published is None) != (b.published is None):
        return 0.0
    if a.published and b.published and abs(a.published - b.published) > STORY_WINDOW:
        return 0.0
    return jaccard(a.sketch.story_minhash, b.sketch.story_minhash)


@dataclass
class StoryPlan:
    story_of: dict[str, str] = field(default_factory=dict)  # batch article -> its story
    renamed: dict[str, str] = field(default_factory=dict)  # story id -> the story it merged into
    copies: set[tuple[str, str]] = field(default_factory=set)  # (batch article, an article it copies or is copied by)
    similarity: dict[str, float] = field(default_factory=dict)  # batch article -> its best tie's estimated Jaccard


def group(batch: Sequence[Sketched], stored: Sequence[Sketched]) -> StoryPlan:
    """``stored``: the articles already grouped that the batch could be tied to (they share a band or a body key),
    with their stories."""
    everyone = {a.article_id: a for a in (*stored, *batch)}
    groups = Groups.known((a.article_id, a.story_id) for a in everyone.values())
    plan = StoryPlan()
    in_batch = {a.article_id for a in batch}
    for a in batch:
        best = 0.0
        for b in everyone.values():
            if b.article_id == a.article_id:
                continue
            copy = copy_similarity(a, b)
            if copy >= COPY_THRESHOLD:
                plan.copies.add((a.article_id, b.article_id))
                tie = copy
            else:
                tie = story_similarity(a, b)
                if tie < STORY_THRESHOLD:
                    continue
            groups.union(a.article_id, b.article_id)
            best = max(best, tie)
        if best:
            plan.similarity[a.article_id] = round(best, 3)
    members: dict[str, list[Sketched]] = defaultdict(list)
    for a in everyone.values():
        members[groups.find(a.article_id)].append(a)
    for root in sorted({groups.find(a.article_id) for a in batch}):
        group_ = members[root]
        stories = sorted({a.story_id for a in group_ if a.story_id})
        keeper = stories[0] if stories else "story:" + min(a.article_id for a in group_)
        for other in stories[1:]:
            plan.renamed[other] = keeper
        for a in group_:
            if a.article_id in in_batch:
                plan.story_of[a.article_id] = keeper
    return plan


def first_key(a: Sketched) -> tuple[dt.date, str]:
    """Which of two copies came first: the earlier published (undated last), then the smaller id."""
    return (a.published or dt.date.max, a.article_id)


def earliest_copy(article: Sketched, copies: Iterable[Sketched]) -> str | None:
    """The copy published first (then the smallest id), when it came before ``article``; None for an original."""
    first = min([article, *copies], key=first_key)
    return None if first.article_id == article.article_id else first.article_id
