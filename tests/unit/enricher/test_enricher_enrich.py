from __future__ import annotations

import datetime as dt

from services.enricher.enrich import enrich_article
from tests.unit.enricher.helpers import clean_article, enriched

BODY = (
    "Turkey's foreign minister said Monday that there had been no consensus with the visiting Russian delegation.\n\n"
    "Mevlut Cavusoglu’s remarks came during a news conference in the capital Ankara.\n\n"
    "On Feb. 3, an attack in Idlib killed seven Turkish soldiers, and Cavusoglu said Turkey would respond."
)


def test_enriched_article_carries_everything_with_offsets() -> None:
    e = enriched(BODY, title="No consensus with Russian delegation")
    assert e.language == "en"
    assert set(e.countries[:2]) == {"TUR", "RUS"}  # the title tips Russia level with Turkey
    assert e.article.body == BODY  # the body is passed on untouched
    person = next(x for x in e.entities if x.label == "PERSON")
    assert person.name == "Mevlüt Çavuşoğlu" and person.country == "TUR" and len(person.mentions) == 2
    for x in e.entities:
        for m in x.mentions:
            assert BODY[m.start : m.end] == m.text
    assert {p.name for p in e.places} >= {"Ankara", "Idlib", "Turkey"}
    assert [(d.text, d.date) for d in e.dates] == [("Monday", dt.date(2020, 2, 10)), ("Feb. 3", dt.date(2020, 2, 3))]


def test_deterministic() -> None:
    a = enrich_article(clean_article(BODY)).model_dump_json()
    b = enrich_article(clean_article(BODY)).model_dump_json()
    assert a == b


def test_other_languages_are_marked_and_passed_on() -> None:
    body = (
        "Le ministre des affaires étrangères a déclaré lundi qu'il n'y avait pas de consensus avec la délégation russe."
    )
    e = enriched(body)
    assert e.language == "fr"
    assert e.entities == [] and e.places == [] and e.dates == [] and e.countries == []
    assert e.article.body == body


def test_empty_body_and_missing_publication_date() -> None:
    assert enriched("", published=None).entities == []
    e = enriched("Russian and Turkish officials met on Saturday in Ankara to discuss the situation.", published=None)
    assert [(d.text, d.date) for d in e.dates] == [("Saturday", None)]
    assert e.countries == ["TUR", "RUS"]  # Turkish + Ankara outweigh Russian; both are what it is about
