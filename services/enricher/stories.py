"""Stories and copies within one run (``newsstream process``, the evaluation, the bench): the sketches of the
articles seen so far, grouped by the same functions as the sink's (``services.stories.grouping``).

In the stream the enricher only sketches each article (``services.stories.sketch``); the sink groups the sketches
in Postgres, so every worker and every restart sees the same stories. Here one index spans a run: an article's
answer is the story of its group when it came (a later article may merge two stories; the partition at the end of
the run is the sink's), and a redelivered article gets the answer it got the first time.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace

from schemas.records import StorySketch
from services.stories.grouping import Sketched, earliest_copy, group
from services.stories.sketch import band_keys, copy_shingles, query_keys, sketch_of, story_features

__all__ = ["StoryAnswer", "StoryIndex", "copy_shingles", "story_features"]


@dataclass(frozen=True, slots=True)
class StoryAnswer:
    story_id: str
    duplicate_of: str | None
    similarity: float | None  # estimated Jaccard with the closest article it was tied to, when it was


class StoryIndex:
    """What one run has seen: each article's sketch, story and copies (see the module)."""

    def __init__(self, max_articles: int = 100_000) -> None:
        self.max_articles = max_articles
        self._seen: dict[str, Sketched] = {}
        self._bands: dict[int, set[str]] = defaultdict(set)
        self._bodies: dict[str, set[str]] = defaultdict(set)
        self._copies: dict[str, set[str]] = defaultdict(set)
        self._answers: dict[str, StoryAnswer] = {}

    def __len__(self) -> int:
        return len(self._answers)

    def assign(
        self, article_id: str, body: str, names: Iterable[str] = (), published: dt.date | None = None
    ) -> StoryAnswer:
        return self.assign_sketch(article_id, sketch_of(body, names), published)

    def assign_sketch(self, article_id: str, sketch: StorySketch, published: dt.date | None) -> StoryAnswer:
        """The story and copy status of an article, recording it; the same id always gets the same answer."""
        known = self._answers.get(article_id)
        if known is not None:
            return known
        if len(self._answers) >= self.max_articles:
            self._forget(next(iter(self._answers)))
        keys = band_keys(sketch, published)
        found = [self._bands.get(k, set()) for k in query_keys(sketch, published)]
        near = set().union(*found, self._bodies.get(sketch.body_key, set()))
        article = Sketched(article_id, published, sketch)
        plan = group([article], [self._seen[a] for a in sorted(near)])
        for gone, kept in plan.renamed.items():
            for a, s in self._seen.items():
                if s.story_id == gone:
                    self._seen[a] = replace(s, story_id=kept)
        story_id = plan.story_of[article_id]
        self._seen[article_id] = replace(article, story_id=story_id)
        for k in keys:
            self._bands[k].add(article_id)
        self._bodies[sketch.body_key].add(article_id)
        for _, other in plan.copies:
            self._copies[article_id].add(other)
            self._copies[other].add(article_id)
        copies = [self._seen[c] for c in self._copies[article_id] if c in self._seen]
        answer = StoryAnswer(story_id, earliest_copy(article, copies), plan.similarity.get(article_id))
        self._answers[article_id] = answer
        return answer

    def _forget(self, article_id: str) -> None:
        self._answers.pop(article_id, None)
        gone = self._seen.pop(article_id, None)
        if gone is None:
            return
        for k in band_keys(gone.sketch, gone.published):
            self._bands[k].discard(article_id)
        self._bodies[gone.sketch.body_key].discard(article_id)
        for other in self._copies.pop(article_id, set()):
            self._copies[other].discard(article_id)
