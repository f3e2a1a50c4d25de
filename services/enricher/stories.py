"""Stories and near-duplicates across articles: MinHash signatures in LSH indexes (``datasketch``).

Two questions, two signatures per article:

- copy: word 5-gram shingles of the body. An article whose folded body is byte-identical to one seen before, or
  whose shingles overlap one's by ``duplicate_threshold`` (estimated Jaccard), is a copy of it: ``duplicate_of``
  names the first one;
- story: content words (no function words, no numbers) plus the article's canonical people and organisations,
  places and day-precise dates. Reports of one story by different outlets share few 5-grams but many names,
  places and days. An article joins the story of its most similar predecessor published within
  ``story_window_days`` when their estimated Jaccard reaches ``story_threshold``, else starts a story of its own;
  ``story_id`` is then ``story:`` + the id of the story's first article.

The index is state: ``enrich_article`` takes it as an argument, so the function stays pure given its inputs, and
the caller decides its scope (one per worker process; one per ``newsstream process`` run). Answers are kept per
article id, so a redelivered article gets the answer it got the first time. Outcomes depend on arrival order:
the first article of a story names it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass

from datasketch import MinHash, MinHashLSH

from services.enricher.text import FUNCTION_WORDS, fold

NUM_PERM = 256
SHINGLE = 5
_WORD = re.compile(r"[^\W_]+")


@dataclass(frozen=True, slots=True)
class StoryAnswer:
    story_id: str
    duplicate_of: str | None
    similarity: float | None  # estimated Jaccard with the article it was matched to, when it was


def _words(body: str) -> list[str]:
    return _WORD.findall(fold(body))


def copy_shingles(body: str) -> set[str]:
    words = _words(body)
    if len(words) < SHINGLE:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + SHINGLE]) for i in range(len(words) - SHINGLE + 1)}


def story_features(body: str, names: Iterable[str] = ()) -> set[str]:
    """Content words of the body, plus ``names``: entity ids, places, dates (already prefixed by the caller)."""
    feats = {w for w in _words(body) if len(w) > 2 and not w.isdigit() and w not in FUNCTION_WORDS}
    feats.update(names)
    return feats


def _minhash(items: set[str]) -> MinHash:
    m = MinHash(num_perm=NUM_PERM, seed=1)
    m.update_batch([s.encode("utf-8") for s in sorted(items)])
    return m


def _body_key(body: str) -> str:
    return hashlib.sha256(" ".join(_words(body)).encode("utf-8")).hexdigest()


class StoryIndex:
    """What one process has seen: the articles' signatures, their stories and their copies (see the module)."""

    def __init__(
        self,
        story_threshold: float = 0.2,
        duplicate_threshold: float = 0.8,
        story_window_days: int = 7,
        max_articles: int = 100_000,
    ) -> None:
        self.story_threshold = story_threshold
        self.duplicate_threshold = duplicate_threshold
        self.story_window_days = story_window_days
        self.max_articles = max_articles
        # The LSH bands are tuned against false negatives (weights): every candidate is checked against the
        # threshold on its estimated Jaccard anyway, so a false positive costs only that check.
        self._copies = MinHashLSH(threshold=duplicate_threshold, num_perm=NUM_PERM, weights=(0.1, 0.9))
        self._stories = MinHashLSH(threshold=story_threshold, num_perm=NUM_PERM, weights=(0.1, 0.9))
        self._sigs: dict[str, tuple[MinHash, MinHash, dt.date | None]] = {}
        self._answers: OrderedDict[str, StoryAnswer] = OrderedDict()
        self._bodies: dict[str, str] = {}  # body key -> first article id with that body
        self._body_of: dict[str, str] = {}
        self._order: dict[str, int] = {}  # article id -> arrival number: ties go to the earlier article
        self._arrivals = 0

    def __len__(self) -> int:
        return len(self._answers)

    def assign(
        self, article_id: str, body: str, names: Iterable[str] = (), published: dt.date | None = None
    ) -> StoryAnswer:
        """The story and copy status of an article, recording it; the same id always gets the same answer."""
        known = self._answers.get(article_id)
        if known is not None:
            return known
        body_key = _body_key(body)
        copy_sig = _minhash(copy_shingles(body))
        story_sig = _minhash(story_features(body, names))
        duplicate_of: str | None = self._bodies.get(body_key)
        similarity: float | None = 1.0 if duplicate_of else None
        if duplicate_of is None and body.strip():
            best = self._best(self._copies.query(copy_sig), copy_sig, 0, published, self.duplicate_threshold)
            if best is not None:
                duplicate_of, similarity = best
        if duplicate_of is not None:
            story_id = self._answers[duplicate_of].story_id
        else:
            best = self._best(self._stories.query(story_sig), story_sig, 1, published, self.story_threshold)
            if best is not None:
                story_id, similarity = self._answers[best[0]].story_id, best[1]
            else:
                story_id = "story:" + article_id
        answer = StoryAnswer(story_id=story_id, duplicate_of=duplicate_of, similarity=similarity)
        self._record(article_id, body_key, copy_sig, story_sig, published, answer)
        return answer

    def _best(
        self, keys: list[str], sig: MinHash, which: int, published: dt.date | None, threshold: float
    ) -> tuple[str, float] | None:
        scored: list[tuple[float, str]] = []
        for key in keys:
            other = self._sigs.get(key)
            if other is None:
                continue
            if which == 1 and published and other[2] and abs((published - other[2]).days) > self.story_window_days:
                continue
            sim = sig.jaccard(other[which])
            if sim >= threshold:
                scored.append((sim, key))
        if not scored:
            return None
        sim, key = max(scored, key=lambda s: (s[0], -self._order[s[1]]))
        return key, round(sim, 3)

    def _record(
        self,
        article_id: str,
        body_key: str,
        copy_sig: MinHash,
        story_sig: MinHash,
        published: dt.date | None,
        answer: StoryAnswer,
    ) -> None:
        if len(self._answers) >= self.max_articles:
            oldest, _ = self._answers.popitem(last=False)
            self._copies.remove(oldest)
            self._stories.remove(oldest)
            self._sigs.pop(oldest, None)
            self._order.pop(oldest, None)
            old_key = self._body_of.pop(oldest, None)
            if old_key is not None and self._bodies.get(old_key) == oldest:
                del self._bodies[old_key]
        self._answers[article_id] = answer
        self._order[article_id] = self._arrivals
        self._arrivals += 1
        self._sigs[article_id] = (copy_sig, story_sig, published)
        self._copies.insert(article_id, copy_sig)
        self._stories.insert(article_id, story_sig)
        self._bodies.setdefault(body_key, article_id)
        self._body_of[article_id] = body_key
