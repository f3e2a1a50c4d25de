from __future__ import annotations

import datetime as dt

from services.enricher.enrich import enrich_article
from tests.unit.enricher.helpers import clean_article, enriched

BODY = (  # made up, in the manner of a wire report
    "Venezuela's president said Monday that there had been no consensus with the visiting Colombian delegation.\n\n"
    "Nicolas Maduro’s remarks came during a news conference in the capital Caracas.\n\n"
    "On Feb. 3, an attack in Maracaibo killed seven Venezuelan soldiers, and Maduro said Venezuela would respond."
)


def test_enriched_article_carries_everything_with_offsets() -> None:
    e = enriched(BODY, title="No consensus with Colombian delegation")
    assert e.language == "en"
    assert set(e.countries[:2]) == {"VEN", "COL"}  # the title tips Colombia level with Venezuela
    assert e.article.body == BODY  # the body is passed on untouched
    person = next(x for x in e.entities if x.label == "PERSON")
    assert person.name == "Nicolás Maduro" and person.country == "VEN" and len(person.mentions) == 2
    for x in e.entities:
        for m in x.mentions:
            assert BODY[m.start : m.end] == m.text
    assert {p.name for p in e.places} >= {"Caracas", "Maracaibo", "Venezuela"}
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
    e = enriched("Colombian and Venezuelan officials met on Saturday in Caracas to discuss the border.", published=None)
    assert [(d.text, d.date) for d in e.dates] == [("Saturday", None)]
    assert e.countries == ["VEN", "COL"]  # Venezuelan + Caracas outweigh Colombian; both are what it is about


def test_language_is_marked_and_the_parse_is_exposed() -> None:
    e = enriched(BODY)
    assert e.language_supported is True
    assert [BODY[s.start : s.end].split()[0] for s in e.sentences][:2] == ["Venezuela's", "Nicolas"]
    person = next(x for x in e.entities if x.label == "PERSON")
    assert person.aliases == ["Nicolas Maduro", "Maduro"] and person.source == "lexicon"
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
