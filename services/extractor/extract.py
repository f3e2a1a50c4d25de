"""The extractor stage's pure function: an enriched article in, its political events out.

Dictionary-driven in the manner of PETRARCH/PLOVER coders: sentences (``sentences``), triggers from
``data/verbs.tsv`` (``triggers``), sides from the article's countries, people and actor words (``parties``),
casualty counts (``counts``), modality (``modality``). This module adds what needs the whole article:

- dates: a date expression in the trigger's clause, else one that opens the sentence ("On Feb. 3, ..."), else
  the nearest in the sentence; a sentence without one continues the story of the sentences before it, so a
  past-tense event takes the last day-precise date mentioned in this or the two paragraphs before (skipping
  dates said of the future); an event in the lead with no date anywhere before it is the day's news and takes
  the publication day. Only a day becomes ``date``: a week, month, year or "since ..." leaves it null;
- one event per (sentence, type) where triggers agree on sides and date ("an attack ... martyred seven");
- consultations and agreements with a side missing take it from the article's main pair of sides, the pair
  that its explicit CONSULT/AGREE events name most ("the talks had failed" after "talks with the Russian
  delegation"); "X and Y agreed" with no object is X with Y.
"""

from __future__ import annotations

import datetime as dt

from schemas.records import ArticleContent, ArticleEvents, EnrichedArticle, Event, EventParty
from services.common.ids import derived_id
from services.common.sentences import paragraph_starts, split_sentences
from services.extractor.deps import doc_for
from services.extractor.draft import DYADIC, Draft, confidence, historical
from services.extractor.lexicon import form_of
from services.extractor.parties import Group, Side, after_dateline, build_context, party_name, sentence_groups
from services.extractor.passes import PASSES, PassContext, drop_repeats, run_passes
from services.extractor.reading import read_trigger
from services.extractor.triggers import find_triggers

SUPPORTED_LANGUAGES = frozenset({"en"})


def warm_up() -> None:
    """Load the model and parse one sentence now (~1 s) rather than on the first article, when a replay's burst
    has every stage busy."""
    extract_events(EnrichedArticle(article_id="warm-up", source_path="", article=ArticleContent(body=_WARM_UP)))


_WARM_UP = "Turkish troops attacked Syrian forces in Idlib on Monday, killing eight soldiers, the ministry said."


def extract_article_events(article: EnrichedArticle) -> ArticleEvents:
    """The extractor's stage function: all of an article's events as one record, so that the sink can replace an
    earlier extraction's whole (none found is news too: the old ones go)."""
    return ArticleEvents(article_id=article.article_id, source_path=article.source_path, events=extract_events(article))


def extract_events(article: EnrichedArticle, dedupe: bool = True) -> list[Event]:
    """Events of one article, in text order. ``dedupe`` reports a dated event mentioned twice only once."""
    if article.language is not None and article.language not in SUPPORTED_LANGUAGES:
        return []
    text = article.article.body or ""
    if not text.strip():
        return []
    pub = article.article.published_day
    ctx = build_context(article)
    paragraphs = paragraph_starts(text)
    drafts: list[Draft] = []
    prev_groups: list[Group] = []
    sentences = [(sent, find_triggers(text, sent)) for sent in split_sentences(text)]
    # The model parses only the sentences with trigger words, all in one pass; None without the model.
    # (a dateline is left out: "CAMP DAVID, Md. — Biden and ..." would read as the subject)
    doc = doc_for(text, [(after_dateline(text, sent.start), sent.end) for sent, found in sentences if found])
    for sent, found in sentences:
        groups = sentence_groups(ctx, sent)
        for trig in found:
            d = read_trigger(article, ctx, sent, trig, groups, prev_groups, pub, paragraphs, doc)
            if d is not None:
                drafts.append(d)
        if groups:
            prev_groups = groups
    passes = PASSES if dedupe else tuple(p for p in PASSES if p is not drop_repeats)
    kept = run_passes(drafts, PassContext(ctx, pub), passes)
    return _events(article, kept, pub, dedupe)


def _events(article: EnrichedArticle, drafts: list[Draft], pub: dt.date | None, dedupe: bool) -> list[Event]:
    """The records of the drafts kept; two mentions of one dated event in an article are reported once."""
    events: list[Event] = []
    seen: set[str] = set()
    reported: dict[tuple, list[Event]] = {}
    for d in drafts:
        ev = _event(article, d, pub)
        if ev is None or ev.event_id in seen:
            continue
        key = _report_key(ev)
        if dedupe and key is not None and any(_same_event(ev, other) for other in reported.get(key, [])):
            continue
        seen.add(ev.event_id)
        if key is not None:
            reported.setdefault(key, []).append(ev)
        events.append(ev)
    return events


def _report_key(ev: Event) -> tuple | None:
    """Mentions that may be one dated event: same type, sides, day and modality."""
    if ev.date is None:
        return None
    a = frozenset(p.country for p in ev.actors if p.country)
    r = frozenset(p.country for p in ev.recipients if p.country)
    sides = frozenset((a, r)) if ev.type in DYADIC else (a, r)
    return (ev.type, sides, ev.date, ev.modality)


def _same_event(a: Event, b: Event) -> bool:
    """Two mentions of one key are one event unless they say otherwise: another place, another death toll (two
    strikes of one day, "35 killed in Rafah" and "an air raid on the university", are two)."""
    places = {x.location.name.lower() for x in (a, b) if x.location is not None}
    tolls = {x.fatalities for x in (a, b) if x.fatalities is not None}
    # one country's army and one country's insurgents are two sides though one country: militants' attack and
    # the security forces' response are two events
    doers = [{p.sector for p in x.actors if p.sector} for x in (a, b)]
    other_doer = all(doers) and not doers[0] & doers[1]
    return len(places) <= 1 and len(tolls) <= 1 and not other_doer


def _parties(side: Side) -> list[EventParty]:
    out: list[EventParty] = []
    for g in side.groups:
        entity_id = next((m.entity_id for m in g.mentions if m.kind == "person"), None) or (
            f"country:{g.country}" if g.country else next((m.entity_id for m in g.mentions if m.entity_id), None)
        )
        out.append(EventParty(name=party_name(g), country=g.country, entity_id=entity_id, sector=g.sector))  # type: ignore[arg-type]
    return out


def _event(article: EnrichedArticle, d: Draft, pub: dt.date | None) -> Event | None:
    if not d.actor.countries and not d.recipient.countries:
        return None  # nothing to code: no side has a country
    entry = d.trig.entry
    is_historical = historical(d, pub)
    sureness = confidence(d)
    trigger = form_of(d.trig.text)
    return Event(
        event_id=derived_id(article.article_id, d.sent.start, entry.type, trigger),
        article_id=article.article_id,
        type=entry.type,
        cameo_root=entry.cameo,
        actors=_parties(d.actor),
        recipients=_parties(d.recipient),
        date=d.date,
        date_precision=d.date_precision if d.date else "unknown",  # type: ignore[arg-type]
        location=d.location,
        fatalities=d.fatalities,
        fatalities_qualifier=d.fatalities_qualifier,
        injured=d.injured,
        injured_qualifier=d.injured_qualifier,
        displaced=d.displaced,
        displaced_qualifier=d.displaced_qualifier,
        sources=_parties(d.source),
        mode=d.mode,
        modality=d.modality,  # type: ignore[arg-type]
        historical=is_historical,
        reported_on=pub,
        sentence=d.sent.text,
        sentence_start=d.sent.start,
        sentence_end=d.sent.end,
        trigger=d.trig.text,
        confidence=sureness,
    )
