"""The enricher stage's pure function: a clean article in, the same article with what it is about out.

Each resolver is its own module: language (``language``, lingua), the parse and the model's entities (``nlp``,
``ner``: spaCy ``en_core_web_sm``), people and organisations by rule (``entities``), countries (``countries``),
places (``places`` over the GeoNames gazetteer of ``gazetteer``), dates (``dates``), stories and copies
(``stories``). Everything is deterministic given its inputs: the same article and the same ``StoryIndex`` state
always give the same record. The index is the only state, and it is passed in.
"""

from __future__ import annotations

from schemas.records import ArticleContent, CleanArticle, EnrichedArticle, Entity, Place, SentenceSpan
from services.common.sentences import split_sentences
from services.enricher.countries import article_countries, find_countries
from services.enricher.dates import resolve_dates
from services.enricher.entities import country_entities, find_entities, known_people
from services.enricher.language import detect_language
from services.enricher.ner import (
    PLACE_LABELS,
    delegation_countries,
    explained_spans,
    merge_model_entities,
    model_scope,
    model_spans,
)
from services.enricher.nlp import load_nlp, named_entities
from services.enricher.person_countries import fill_person_countries
from services.enricher.places import find_places, is_known_place, looks_like_place
from services.enricher.stories import StoryIndex
from services.enricher.text import name_key
from services.stories.sketch import sketch_of

# The rules and the model read English; other languages are marked and passed on untouched.
SUPPORTED_LANGUAGES = frozenset({"en"})


def warm_up() -> None:
    """Load the model, the language detector and the gazetteer now (~2 s) rather than on the first article."""
    from services.enricher.gazetteer import gazetteer
    from services.enricher.language import detector

    load_nlp()
    detector()
    gazetteer()
    enrich_article(CleanArticle(article_id="warm-up", source_path="", article=ArticleContent(body=_WARM_UP)))


_WARM_UP = "Turkish and Russian officials met in Ankara on Monday, the ministry said. Vladimir Putin spoke."


def enrich_article(clean: CleanArticle, stories: StoryIndex | None = None) -> EnrichedArticle:
    """Enrich one article; with ``stories``, also give it a story id and mark copies (and record it there)."""
    content = clean.article
    body = content.body or ""
    language = detect_language(body)
    base = clean.model_dump()
    if language is not None and language not in SUPPORTED_LANGUAGES:
        out = EnrichedArticle(**base, language=language, language_supported=False)
        return _with_story(out, stories)

    mentions = find_countries(body)
    about = article_countries(mentions, content.title)
    dates = resolve_dates(body, content.published_at)
    date_spans = [(d.start, d.end) for d in dates]
    people_orgs = find_entities(body, mentions, is_place=is_known_place)
    sentences = [(s.start, s.end) for s in split_sentences(body)]
    # The model reads only around the words it can add something to.
    scope = model_scope(body, sentences, explained_spans(people_orgs, mentions, date_spans))
    found = [e for e in named_entities(body, scope.windows) if scope.asked(e[0], e[1])]
    spans = model_spans(body, found)
    people_orgs = merge_model_entities(body, people_orgs, spans, mentions, is_place=is_known_place, taken=date_spans)
    delegation_countries(body, people_orgs, mentions)
    people_orgs = [e for e in people_orgs if not looks_like_place(body, e, about)]
    exclude = [(m.start, m.end) for e in people_orgs for m in e.mentions] + date_spans
    hints = frozenset((s.start, s.end) for s in spans if s.label in PLACE_LABELS)
    places = find_places(body, mentions, about, exclude=exclude, hints=hints)
    places = _with_caption_places(places, "\n".join(content.captions), about)
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
    fill_person_countries(body, entities, places)
    _finish(entities)
    entities.sort(key=lambda e: (e.mentions[0].start if e.mentions else 0, e.entity_id))
    out = EnrichedArticle(
        **base,
        language=language or "en",
        language_supported=True,
        entities=entities,
        places=places,
        dates=dates,
        countries=countries,
        sentences=[SentenceSpan(start=a, end=b) for a, b in sentences],
    )
    return _with_story(out, stories)


def _with_caption_places(places: list[Place], captions: str, about: list[str]) -> list[Place]:
    """Photo captions name places too ("a camp in Qatmah village, West of Azaz"): geocoded with the article's
    countries as context, their mentions kept apart from the body's."""
    if not captions.strip():
        return places
    by_name = {p.name: p for p in places}
    for found in find_places(captions, find_countries(captions), about):
        place = by_name.get(found.name)
        if place is None:
            place = by_name[found.name] = found.model_copy(update={"mentions": []})
            places.append(place)
        place.caption_mentions.extend(found.mentions)
    return places


def _finish(entities: list[Entity]) -> None:
    """Aliases (the other spellings used) and what found each entity (the model marks its own in ``ner``)."""
    lexicon = known_people()
    for e in entities:
        aliases: list[str] = []
        for m in e.mentions:
            if m.text != e.name and m.text not in aliases:
                aliases.append(m.text)
        e.aliases = aliases
        if e.label in ("GPE", "NORP"):
            e.source = "lexicon"
        elif e.source is None:
            e.source = "lexicon" if name_key(e.name) in lexicon else "rules"


def _with_story(article: EnrichedArticle, stories: StoryIndex | None) -> EnrichedArticle:
    """The article's sketch, always (the sink groups the stream's sketches); its story and copy status too when a
    run keeps its own index."""
    names = [f"E:{e.entity_id}" for e in article.entities if e.label in ("PERSON", "ORG")]
    names += [f"P:{p.name}" for p in article.places]
    names += [f"D:{d.date.isoformat()}" for d in article.dates if d.precision == "day" and d.date]
    article.sketch = sketch_of(article.article.body or "", names)
    if stories is None:
        return article
    answer = stories.assign_sketch(article.article_id, article.sketch, article.article.published_day)
    article.story_id = answer.story_id
    article.duplicate_of = answer.duplicate_of
    article.story_similarity = answer.similarity
    return article
