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


def test_language_is_marked_and_the_parse_is_exposed() -> None:
    e = enriched(BODY)
    assert e.language_supported is True
    assert [BODY[s.start : s.end].split()[0] for s in e.sentences][:2] == ["Turkey's", "Mevlut"]
    person = next(x for x in e.entities if x.label == "PERSON")
    assert person.aliases == ["Mevlut Cavusoglu", "Cavusoglu"] and person.source == "lexicon"
    fr = enriched("Le ministre des affaires étrangères a déclaré lundi qu'il n'y avait pas de consensus avec eux.")
    assert fr.language == "fr" and fr.language_supported is False and fr.sentences == []


def test_story_index_is_passed_in_and_marks_copies() -> None:
    from services.enricher.stories import StoryIndex

    stories = StoryIndex()
    first = enrich_article(clean_article(BODY), stories)
    copy = enrich_article(clean_article(BODY).model_copy(update={"article_id": "ffffffffffffffff"}), stories)
    assert first.story_id == "story:a1b2c3d4e5f60718" and first.duplicate_of is None
    assert copy.duplicate_of == "a1b2c3d4e5f60718" and copy.story_id == first.story_id
    assert enrich_article(clean_article(BODY)).story_id is None  # no index, no story
