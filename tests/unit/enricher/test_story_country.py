from __future__ import annotations

from collections import Counter

from schemas.records import Entity, Mention, Place
from services.enricher.story_country import country_mentions, dominant, most_mentioned


def _mentions(n: int) -> list[Mention]:
    return [Mention(text="x", start=i, end=i + 1) for i in range(n)]


def test_names_adjectives_and_places_below_country_count() -> None:
    entities = [
        Entity(entity_id="country:NPL", name="Nepal", label="GPE", country="NPL", mentions=_mentions(2)),
        Entity(entity_id="person:x", name="X", label="PERSON", country="IND", mentions=_mentions(5)),
    ]
    places = [
        Place(name="Kathmandu", country="NPL", precision="city", mentions=_mentions(3)),
        Place(name="India", country="IND", precision="country", mentions=_mentions(4)),
    ]
    assert country_mentions(entities, places) == Counter({"NPL": 5})


def test_the_most_mentioned_and_the_dominant_country() -> None:
    assert most_mentioned(Counter({"IND": 2, "BGD": 2, "NPL": 1})) == "BGD"  # equals: the first by code
    assert dominant(Counter({"NPL": 6, "IND": 4})) == "NPL"
    assert dominant(Counter({"NPL": 5, "IND": 4})) is None
    assert most_mentioned(Counter()) is None and dominant(Counter()) is None
