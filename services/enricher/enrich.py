"""The enricher stage's pure function: a clean article in, the same article with what it is about out.

Each resolver is its own module so that a model can replace one piece at a time (spaCy for ``entities``, say)
without touching the others. Everything here is deterministic: the same article always gives the same record.
"""

from __future__ import annotations

from schemas.records import ArticleContent, CleanArticle, EnrichedArticle
from services.enricher.countries import article_countries, find_countries
from services.enricher.dates import resolve_dates
from services.enricher.entities import country_entities, find_entities
from services.enricher.language import detect_language
from services.enricher.places import find_places, is_known_place

# The rules below read English; other languages are marked and passed on untouched.
SUPPORTED_LANGUAGES = frozenset({"en"})


def warm_up() -> None:
    """Build the lookup tables now (the gazetteer takes ~5 s) rather than on the first article."""
    from services.enricher.gazetteer import gazetteer

    gazetteer()
    enrich_article(CleanArticle(article_id="warm-up", source_path="", article=ArticleContent(body=_WARM_UP)))


_WARM_UP = "Turkish and Russian officials met in Ankara on Monday, the ministry said."


def enrich_article(clean: CleanArticle) -> EnrichedArticle:
    content = clean.article
    body = content.body or ""
    language = detect_language(body)
    base = clean.model_dump()
    if language is not None and language not in SUPPORTED_LANGUAGES:
        return EnrichedArticle(**base, language=language)

    mentions = find_countries(body)
    about = article_countries(mentions, content.title)
    dates = resolve_dates(body, content.published_at)
    people_orgs = find_entities(body, mentions, is_place=is_known_place)
    exclude = [(m.start, m.end) for e in people_orgs for m in e.mentions]
    exclude += [(d.start, d.end) for d in dates]
    places = find_places(body, mentions, about, exclude=exclude)
    # Places count toward their country, except capitals, already counted as country mentions.
    capital_spans = {(m.start, m.end) for m in mentions}
    place_countries = [
        p.country
        for p in places
        if p.country and p.precision != "country"
        for pm in p.mentions
        if (pm.start, pm.end) not in capital_spans
    ]
    countries = article_countries(mentions, content.title, place_countries=place_countries)
    entities = people_orgs + country_entities(mentions)
    entities.sort(key=lambda e: (e.mentions[0].start if e.mentions else 0, e.entity_id))
    return EnrichedArticle(
        **base,
        language=language or "en",
        entities=entities,
        places=places,
        dates=dates,
        countries=countries,
    )
