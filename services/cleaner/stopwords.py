"""Stopwords from jusText's stoplists (about 100 languages), the page's language guessed by coverage.

Stopword density separates running prose (many function words) from headlines, labels and outlet names (few),
in any language jusText knows, without a language-specific rule.
"""

from __future__ import annotations

from collections import Counter
from functools import lru_cache

import justext


@lru_cache(maxsize=1)
def _stoplists() -> dict[str, frozenset[str]]:
    return {lang: frozenset(w.casefold() for w in justext.get_stoplist(lang)) for lang in justext.get_stoplists()}


def choose_stoplist(words: list[str]) -> frozenset[str]:
    """The stoplist covering most word tokens of the page; empty when no list covers any."""
    counts = Counter(w.casefold() for w in words)
    total = sum(counts.values())
    if not total:
        return frozenset()
    best: tuple[float, str] = (0.0, "")
    for lang, stoplist in _stoplists().items():
        covered = sum(n for w, n in counts.items() if w in stoplist)
        # Ties are broken by name so the choice never depends on dict order.
        best = max(best, (covered / total, lang), key=lambda t: (t[0], t[1] == "English", t[1]))
    return _stoplists()[best[1]] if best[1] else frozenset()
