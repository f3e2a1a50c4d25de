"""Whose story an article is: its country mentions counted, and the country that holds most of them.

The enricher gives the officials of a one-country story that country (``person_countries``); the extractor gives
it an unmodified "police" or "parliament" (``services.extractor.parties``). Both count the same way.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from schemas.records import Entity, Place

DOMINANT_SHARE = 0.6  # of an article's country mentions, for it to be a one-country story


def country_mentions(entities: Iterable[Entity], places: Iterable[Place]) -> Counter[str]:
    """Mentions per country: its names and adjectives, and the mentions of the places (below country) in it."""
    counts: Counter[str] = Counter()
    for e in entities:
        if e.label in ("GPE", "NORP") and e.country:
            counts[e.country] += len(e.mentions)
    for p in places:
        if p.country and p.precision != "country":
            counts[p.country] += len(p.mentions)
    return counts


def most_mentioned(counts: Counter[str]) -> str | None:
    """The country with the most mentions (the first by code among equals)."""
    return min(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0] if counts else None


def dominant(counts: Counter[str]) -> str | None:
    """The country holding at least ``DOMINANT_SHARE`` of the mentions, if one does (one at most can)."""
    country = most_mentioned(counts)
    return country if country is not None and counts[country] / sum(counts.values()) >= DOMINANT_SHARE else None
