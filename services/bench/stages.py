"""In-process throughput of each stage alone, beside a plain spaCy ``nlp.pipe`` over the same bodies, and a profile.

Every figure is over the same articles, in one process, one after another, so they compare as ratios even on a noisy
machine. Words are the whitespace-separated words of the cleaned bodies (what the enricher and extractor read).
"""

from __future__ import annotations

import cProfile
import io
import pstats
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path
from typing import Any

from schemas import CleanArticle, EnrichedArticle, Event, RawArticle
from services.cleaner.clean import clean_article
from services.cleaner.clean import warm_up as warm_up_cleaner
from services.common.codec import decode, encode
from services.enricher.enrich import enrich_article, warm_up
from services.enricher.nlp import MODEL_PACKAGE
from services.enricher.stories import StoryIndex
from services.extractor.extract import extract_events
from services.producer.reader import RejectedFile, read_article

_WARM_PIPE = (
    "Officials from both countries met again on Tuesday in the capital, the ministry said in a statement. "
    "The talks, which lasted four hours, ended without agreement; a third round is planned for next month."
)


@dataclass
class Rate:
    """Seconds spent on ``articles`` articles of ``words`` words."""

    seconds: float
    articles: int
    words: int

    @property
    def articles_per_s(self) -> float:
        return self.articles / self.seconds if self.seconds else 0.0

    @property
    def words_per_s(self) -> float:
        return self.words / self.seconds if self.seconds else 0.0

    def as_dict(self) -> dict[str, float]:
        return {
            "seconds": round(self.seconds, 3),
            "articles": self.articles,
            "words": self.words,
            "articles_per_s": round(self.articles_per_s, 2),
            "words_per_s": round(self.words_per_s, 1),
        }


@dataclass
class StageResult:
    rates: dict[str, Rate] = field(default_factory=dict)
    events: int = 0
    duplicates: int = 0
    stories: int = 0
    profile: list[dict[str, Any]] = field(default_factory=list)
    profile_groups: dict[str, float] = field(default_factory=dict)


def read_raw(paths: Sequence[Path]) -> list[RawArticle]:
    out = []
    for path in paths:
        try:
            out.append(read_article(path, max_bytes=10_000_000, root=path.parent))
        except (RejectedFile, OSError):
            continue
    return out


def words_of(clean: CleanArticle) -> int:
    return len((clean.article.body or "").split())


def plain_nlp(*, numpy_blas: bool = False) -> Any:
    """The model as spaCy loads it by default (every component its package enables): the reference. With
    ``numpy_blas``, its matrix products go to numpy's BLAS as the enricher's do (``services.enricher.nlp``)."""
    if not numpy_blas:
        return import_module(MODEL_PACKAGE).load()
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        return import_module(MODEL_PACKAGE).load()


def _pipe_rate(nlp: Any, texts: Sequence[str], words: int) -> Rate:
    """``nlp.pipe`` over ``texts``, after a warm-up call outside them (the first call allocates its buffers)."""
    list(nlp.pipe([_WARM_PIPE, _WARM_PIPE.upper()]))
    t0 = time.perf_counter()
    for _ in nlp.pipe(texts):
        pass
    return Rate(time.perf_counter() - t0, len(texts), words)


def _cleaned(raws: Sequence[RawArticle]) -> tuple[float, list[CleanArticle], int]:
    """(seconds the cleaner took, the articles with a body, their words)."""
    t0 = time.perf_counter()
    cleans = [clean_article(r) for r in raws]
    seconds = time.perf_counter() - t0
    cleans = [c for c in cleans if (c.article.body or "").strip()]
    return seconds, cleans, sum(words_of(c) for c in cleans)


@dataclass
class _Timed:
    enrich_s: float = 0.0
    extract_s: float = 0.0
    codec_s: float = 0.0
    events: int = 0
    enriched: list[EnrichedArticle] = field(default_factory=list)


def _enrich_and_extract(cleans: Sequence[CleanArticle]) -> _Timed:
    """The enricher then the extractor on each article, as a worker running both; and, untimed by either, what
    Kafka adds around them (each record encoded by its producer and decoded by its consumer)."""
    stories = StoryIndex()
    out = _Timed()
    for c in cleans:
        t0 = time.perf_counter()
        e = enrich_article(c, stories)
        t1 = time.perf_counter()
        events = list(extract_events(e))
        t2 = time.perf_counter()
        decode(encode(e), EnrichedArticle)
        for ev in events:
            decode(encode(ev), Event)
        t3 = time.perf_counter()
        out.enrich_s += t1 - t0
        out.extract_s += t2 - t1
        out.codec_s += t3 - t2
        out.events += len(events)
        out.enriched.append(e)
    return out


def run_stages(raws: Sequence[RawArticle], *, reference: bool = True) -> StageResult:
    """Each stage over ``raws`` in turn, the extractor on the enricher's records, as in a worker running both."""
    warm_up_cleaner()
    warm_up()
    result = StageResult()
    clean_s, cleans, words = _cleaned(raws)
    result.rates["cleaner"] = Rate(clean_s, len(raws), words)
    texts = [c.article.body or "" for c in cleans]
    if reference:
        # The reference: a plain nlp.pipe, default batch size, over the same bodies; then the same with the
        # enricher's BLAS, to tell what running only what is read adds beyond faster matrix products.
        result.rates["nlp.pipe (plain model)"] = _pipe_rate(plain_nlp(), texts, words)
        result.rates["nlp.pipe (plain model, numpy BLAS)"] = _pipe_rate(plain_nlp(numpy_blas=True), texts, words)
    t = _enrich_and_extract(cleans)
    result.events = t.events
    result.duplicates = sum(e.duplicate_of is not None for e in t.enriched)
    result.stories = len({e.story_id for e in t.enriched})
    m = len(cleans)
    result.rates["enricher"] = Rate(t.enrich_s, m, words)
    result.rates["extractor"] = Rate(t.extract_s, m, words)
    result.rates["enricher+extractor"] = Rate(t.enrich_s + t.extract_s, m, words)
    result.rates["codec (encode+decode records)"] = Rate(t.codec_s, m, words)
    result.rates["worker (all stages in sequence)"] = Rate(clean_s + t.enrich_s + t.extract_s, m, words)
    return result


def stage_rate(stage: str, raws: Sequence[RawArticle]) -> Rate:
    """One stage alone over ``raws`` again, timed as ``run_stages`` times it: the slowest stage's reference taken a
    second time, after the end-to-end runs, so that one slow moment of a shared machine does not set it."""
    clean_s, cleans, words = _cleaned(raws)
    if stage == "cleaner":
        return Rate(clean_s, len(raws), words)
    t = _enrich_and_extract(cleans)
    return Rate(t.enrich_s if stage == "enricher" else t.extract_s, len(cleans), words)


_GROUPS = (
    # nlp.py's own lines are where the model's compiled code (not seen by cProfile) is called from.
    ("spacy model (thinc, spacy)", ("thinc/", "spacy/", "srsly/", "numpy", "blis", "enricher/nlp.py")),
    ("gazetteer and places", ("enricher/gazetteer.py", "enricher/places.py")),
    ("entities and NER rules", ("enricher/entities.py", "enricher/ner.py", "enricher/text.py")),
    ("countries", ("enricher/countries.py",)),
    ("dates", ("enricher/dates.py",)),
    ("stories (MinHash)", ("enricher/stories.py", "/datasketch/")),
    ("language (lingua)", ("enricher/language.py", "/lingua/", "lingua.LanguageDetector")),
    ("extractor", ("/extractor/",)),
    ("pydantic (records)", ("/pydantic", "/schemas/")),
    ("regex", ("{method 'sub' of 're", "{method 'finditer' of 're", "{method 'search' of 're", "re.py", "/re/")),
)


def _group(filename: str, func: str) -> str:
    key = f"{filename}:{func}"
    for name, needles in _GROUPS:
        if any(n in key for n in needles):
            return name
    return "other (interpreter, builtins)"


def profile_sample(cleans: Sequence[CleanArticle], top: int = 20) -> tuple[list[dict[str, Any]], dict[str, float]]:
    """cProfile of the enricher and extractor over ``cleans``: the top functions by own time, and own time by
    component (share of the total)."""
    warm_up()
    stories = StoryIndex()
    prof = cProfile.Profile()
    prof.enable()
    for c in cleans:
        list(extract_events(enrich_article(c, stories)))
    prof.disable()
    stats = pstats.Stats(prof, stream=io.StringIO())
    raw: dict[Any, Any] = stats.stats  # type: ignore[attr-defined]
    total = sum(v[2] for v in raw.values()) or 1.0
    groups: dict[str, float] = defaultdict(float)
    rows = []
    for (filename, line, func), (_cc, calls, tottime, cumtime, _callers) in raw.items():
        groups[_group(filename, func)] += tottime
        rows.append(
            {
                "function": f"{_short(filename)}:{line}({func})",
                "calls": calls,
                "own_s": round(tottime, 3),
                "cum_s": round(cumtime, 3),
                "own_share": round(tottime / total, 4),
            }
        )
    rows.sort(key=lambda r: -r["own_s"])
    shares = {k: round(v / total, 4) for k, v in sorted(groups.items(), key=lambda kv: -kv[1])}
    return rows[:top], shares


def _short(filename: str) -> str:
    for marker in ("site-packages/", "/work/main/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename
