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
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from schemas.records import (
    ArticleContent,
    ArticleEvents,
    DateMention,
    EnrichedArticle,
    Event,
    EventParty,
    Location,
    Place,
)
from services.common.ids import derived_id
from services.common.sentences import Span, clause_bounds, paragraph_starts, split_sentences
from services.enricher.dates import future_context
from services.extractor.counts import count_after, count_before
from services.extractor.deps import doc_for, failed_by_head
from services.extractor.modality import modality
from services.extractor.parties import (
    ArticleContext,
    Group,
    Side,
    build_context,
    party_name,
    resolve_parties,
    sentence_groups,
)
from services.extractor.triggers import Trigger, find_triggers

if TYPE_CHECKING:
    from spacy.tokens import Doc

SUPPORTED_LANGUAGES = frozenset({"en"})
DYADIC = frozenset({"CONSULT", "AGREE"})
SPLIT_COORDINATED = frozenset({"CONSULT", "AGREE", "SANCTION"})
VIOLENT = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
# Acts that are domestic unless the sentence names another country: protesters against their own government,
# police against their own citizens, a government yielding or mobilising at home (ACLED and POLECAT code such
# events with one country on both sides).
DOMESTIC = frozenset({"PROTEST", "COERCE", "MOBILIZE", "CONCEDE"})
HISTORICAL_DAYS = 90
MIN_CONFIDENCE = 0.3  # below it a mention is not reported: no side of its own and nothing new (date, count)
LEAD_PARAGRAPHS = 2
# Tenses and words of background rather than news: "has been", "had agreed", "since", "previously".
_BACKGROUND = re.compile(
    r"\b(?:had\s+(?:been\s+)?\w+ed|has\s+been|have\s+been|since|previously|formerly|earlier|in\s+the\s+past|"
    r"used\s+to|over\s+the\s+years|for\s+years)\b",
    re.I,
)
_OPENING_DATE = re.compile(r"^\s*(?:(?:on|in|later\s+in|earlier\s+in|early\s+in|since|by|as\s+of)\s+)?$", re.I)


@dataclass(slots=True)
class _Draft:
    sent: Span
    trig: Trigger
    actor: Side
    recipient: Side
    implicit: bool
    modality: str
    date: dt.date | None
    date_precision: str
    date_from_sentence: bool
    period_start: dt.date | None
    location: Location | None
    fatalities: int | None = None
    fatalities_qualifier: str | None = None
    injured: int | None = None
    injured_qualifier: str | None = None
    displaced: int | None = None
    displaced_qualifier: str | None = None
    source: Side = field(default_factory=Side)
    mode: str | None = None
    named_pair: bool = False
    extra_triggers: list[Trigger] = field(default_factory=list)


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
    drafts: list[_Draft] = []
    prev_groups: list[Group] = []
    sentences = [(sent, find_triggers(text, sent)) for sent in split_sentences(text)]
    # The model parses only the sentences with trigger words, all in one pass; None without the model.
    doc = doc_for(text, [(sent.start, sent.end) for sent, found in sentences if found])
    for sent, found in sentences:
        groups = sentence_groups(ctx, sent)
        sentence_drafts: list[_Draft] = []
        for trig in found:
            d = _draft(article, ctx, sent, trig, groups, prev_groups, pub, paragraphs, doc)
            if d is not None:
                sentence_drafts.append(d)
        drafts.extend(_attach_displaced(_merge_same_type(sentence_drafts)))
        if groups:
            prev_groups = groups
    _resolve_pairs(drafts, ctx)
    _fill_dyads(drafts, ctx)
    _target_from_place(drafts)
    _domestic_sides(drafts)
    events: list[Event] = []
    seen: set[str] = set()
    reported: set[tuple] = set()
    kept: list[_Draft] = []
    for d in drafts:
        if not _specific(d):
            continue
        if _confidence(d) < MIN_CONFIDENCE:
            continue
        if dedupe and _repeats(d, kept, pub):
            continue
        kept.append(d)
        ev = _event(article, d, pub)
        if ev is None or ev.event_id in seen:
            continue
        key = _report_key(ev)
        if dedupe and key is not None and key in reported:
            continue
        seen.add(ev.event_id)
        if key is not None:
            reported.add(key)
        events.append(ev)
    return events


def _own_side(d: _Draft) -> bool:
    """Whether the mention's own sentence names a side (not one filled from the rest of the article)."""
    return d.named_pair or any(
        m.end > m.start and d.sent.start <= m.start < d.sent.end
        for side in (d.actor, d.recipient)
        for g in side.groups
        for m in g.mentions
    )


def _news(d: _Draft) -> bool:
    """Whether the mention's sentence tells something of its own: a side, a date, a count."""
    counts = (d.fatalities, d.injured, d.displaced)
    return _own_side(d) or d.date_from_sentence or any(c is not None for c in counts)


def _confidence(d: _Draft) -> float:
    """How sure the reading is: a verb with both sides named in its sentence and its own date is best; a mention
    whose sentence names no side, date or count ("We will hold talks.") is a back-reference, under the bar."""
    entry = d.trig.entry
    confidence = 0.5 + (0.15 if entry.pos == "verb" else 0.05)
    confidence += 0.15 if (d.actor.countries and d.recipient.countries and not d.implicit) else 0.0
    confidence += 0.1 if d.date_from_sentence else 0.0
    confidence -= 0.2 if d.implicit else 0.0
    confidence -= 0.1 if d.modality != "happened" else 0.0
    if not _news(d):
        confidence = min(confidence, 0.2)
    return round(min(0.95, max(0.05, confidence)), 2)


def _historical(d: _Draft, pub: dt.date | None) -> bool:
    return bool(pub and d.period_start and (pub - d.period_start).days > HISTORICAL_DAYS)


def _sides_key(d: _Draft) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(d.actor.countries), frozenset(d.recipient.countries)


def _repeats(d: _Draft, kept: list[_Draft], pub: dt.date | None) -> bool:
    """An undated mention of an event already reported in the article: same type, sides and modality, both
    current or both history, no count that differs ("Turkey was represented in talks ..." after "Turkish and
    Russian officials held talks on Saturday"). What it adds (a place, a count, a mode) goes to the first."""
    if d.date_from_sentence:
        return False
    a, r = _sides_key(d)
    if not (a or r):
        return False
    for k in kept:
        if k.trig.entry.type != d.trig.entry.type or k.modality != d.modality:
            continue
        if _historical(k, pub) != _historical(d, pub):
            continue
        ka, kr = _sides_key(k)
        same = (ka, kr) == (a, r) or (k.trig.entry.type in DYADIC and (ka, kr) == (r, a))
        if not same or (k.fatalities is not None and d.fatalities is not None and k.fatalities != d.fatalities):
            continue
        assumed = not d.date_from_sentence and d.trig.entry.type in DYADIC
        if k.date is not None and d.date is not None and k.date != d.date and not assumed:
            continue  # a meeting's day only assumed (the publication day) does not make another meeting
        if k.fatalities is None and d.fatalities is not None:
            k.fatalities, k.fatalities_qualifier = d.fatalities, d.fatalities_qualifier
        k.location = k.location or d.location
        k.mode = k.mode or d.mode
        return True
    return False


def _specific(d: _Draft) -> bool:
    """Whether a mention reports a particular event, not a standing situation ("as attacks continue").

    Violent types are often mentioned as a state of affairs ("as attacks by the regime continue"): they need both
    sides, a date from their own sentence, or a casualty count. Other types are particular by nature.
    """
    if d.modality == "planned" and not d.date_from_sentence:
        return False  # what is only intended is news when it is dated: "will meet on Saturday", "next week"
    if d.trig.entry.type not in VIOLENT:
        return True
    both = bool(d.actor.countries and d.recipient.countries)
    # a verb with a named doer and a day is an act, not a state of affairs: "Police fired tear gas"
    act = d.trig.entry.pos == "verb" and bool(d.actor.countries) and d.date is not None and not d.implicit
    return both or act or (d.date_from_sentence and d.date is not None) or d.fatalities is not None


def _report_key(ev: Event) -> tuple | None:
    """Two mentions of one dated event in an article (same type, sides, day, modality) are reported once."""
    if ev.date is None:
        return None
    a = frozenset(p.country for p in ev.actors if p.country)
    r = frozenset(p.country for p in ev.recipients if p.country)
    sides = frozenset((a, r)) if ev.type in DYADIC else (a, r)
    return (ev.type, sides, ev.date, ev.modality)


def _draft(
    article: EnrichedArticle,
    ctx: ArticleContext,
    sent: Span,
    trig: Trigger,
    groups: list[Group],
    prev_groups: list[Group],
    pub: dt.date | None,
    paragraphs: list[int],
    doc: Doc | None = None,
) -> _Draft | None:
    text = ctx.text
    c_start, c_end = clause_bounds(text, sent, trig.start)
    mod = modality(text, trig, c_start, c_end)
    if mod == "happened" and doc is not None and failed_by_head(doc, trig.start, trig.end):
        mod = "failed"
    if mod == "hypothetical":
        return None
    if trig.entry.type in VIOLENT and mod != "happened":
        return None  # an attack only planned, denied or failed is no attack; a threat of one is THREATEN's
    parties = resolve_parties(ctx, sent, trig, groups, prev_groups, doc)
    if "counterpart" in trig.entry.flags and not (parties.actor.countries and parties.recipient.countries):
        return None
    if "joint" in trig.entry.flags and len(parties.actor.countries) < 2:
        return None
    date, precision, from_sentence, period = _pick_date(article, text, sent, trig, c_start, c_end, mod, pub, paragraphs)
    d = _Draft(
        sent=sent,
        trig=trig,
        actor=parties.actor,
        recipient=parties.recipient,
        implicit=parties.implicit,
        modality=mod,
        date=date,
        date_precision=precision,
        date_from_sentence=from_sentence,
        period_start=period,
        location=_pick_location(article.places, sent, trig, c_start, c_end),
        source=parties.source,
        mode=trig.entry.mode,
    )
    flags = trig.entry.flags
    if "kill" in flags or "injure" in flags or "displace" in flags:
        # "1,000 people have fled": the count of an intransitive verb stands before it, as a passive's does
        if trig.passive or "count_before" in flags:
            # the victims are the passive subject, which may stand a clause or two before the verb
            subject = parties.recipient.groups[0].start if parties.recipient else c_start
            count = count_before(text, min(c_start, clause_bounds(text, sent, subject)[0]), trig.start)
        else:
            count = count_after(text, trig.end, c_end)
        if count is not None:
            if "kill" in flags:
                d.fatalities, d.fatalities_qualifier = count.value, count.qualifier
            elif "injure" in flags:
                d.injured, d.injured_qualifier = count.value, count.qualifier
            else:
                d.displaced, d.displaced_qualifier = count.value, count.qualifier
    return d


def _pick_date(
    article: EnrichedArticle,
    text: str,
    sent: Span,
    trig: Trigger,
    c_start: int,
    c_end: int,
    mod: str,
    pub: dt.date | None,
    paragraphs: list[int],
) -> tuple[dt.date | None, str, bool, dt.date | None]:
    """(date, precision, whether the sentence gave it, start of the period it names)."""

    def usable(d: DateMention) -> bool:
        # A date after publication cannot date something that already happened.
        return not (mod == "happened" and pub is not None and d.date is not None and d.date > pub)

    in_sentence = [d for d in article.dates if sent.start <= d.start < sent.end and usable(d)]
    chosen: DateMention | None = None
    # A date that opens the next clause ("... since then") still dates the end of this one.
    in_clause = [d for d in in_sentence if c_start <= d.start <= c_end]
    if in_clause:
        chosen = min(in_clause, key=lambda d: abs(d.start - trig.start))
    else:
        opening = [d for d in in_sentence if _OPENING_DATE.match(text[sent.start : d.start])]
        if opening:
            chosen = opening[0]
        elif in_sentence:
            chosen = min(in_sentence, key=lambda d: abs(d.start - trig.start))
    if chosen is not None:
        if chosen.precision == "day" and chosen.date is not None:
            return chosen.date, "day", True, chosen.date
        return None, "unknown", True, chosen.date
    if mod == "planned" or pub is None:
        return None, "unknown", False, None
    # No date in the sentence: it goes on with the story of the sentences just before.
    para_index = max(i for i, p in enumerate(paragraphs) if p <= sent.start)
    horizon = paragraphs[max(0, para_index - 2)]
    for d in sorted(article.dates, key=lambda d: d.start, reverse=True):
        if d.start >= sent.start or d.start < horizon:
            continue
        if future_context(text, d.start) or (d.date is not None and d.date > pub):
            continue
        if d.precision == "day" and d.date is not None:
            return d.date, "day", False, d.date
        return None, "unknown", False, d.date
    # Nothing dates it and nothing just before it does: a report of what happened, not background, is the
    # day's news, as a wire story's undated sentences are ("Police fired tear gas", "X said it expelled ...").
    if not _BACKGROUND.search(text[sent.start : sent.end]):
        return pub, "day", False, pub
    return None, "unknown", False, None


def _pick_location(places: list[Place], sent: Span, trig: Trigger, c_start: int, c_end: int) -> Location | None:
    """A place below country level named in the sentence: in the trigger's clause first, else the nearest."""
    cands: list[tuple[int, int, Place, str]] = []
    for p in places:
        if p.precision == "country":
            continue
        for m in p.mentions:
            if sent.start <= m.start < sent.end:
                in_clause = 0 if c_start <= m.start < c_end else 1
                cands.append((in_clause, abs(m.start - trig.start), p, m.text))
    if not cands:
        return None
    _, _, p, name = min(cands, key=lambda c: (c[0], c[1]))
    return Location(name=name, country=p.country, admin1=p.admin1, latitude=p.latitude, longitude=p.longitude)


def _compatible(a: Side, b: Side) -> bool:
    ca, cb = set(a.countries), set(b.countries)
    return not ca or not cb or bool(ca & cb)


def _same_sides(a: _Draft, b: _Draft) -> bool:
    """Whether two mentions can be one event's: sides compatible (either way round for symmetric types)."""
    if _compatible(a.actor, b.actor) and _compatible(a.recipient, b.recipient):
        return True
    return a.trig.entry.type in DYADIC and _compatible(a.actor, b.recipient) and _compatible(a.recipient, b.actor)


def _merge_same_type(drafts: list[_Draft]) -> list[_Draft]:
    """Triggers of one type in one sentence that agree on sides and date are one event."""
    out: list[_Draft] = []
    for d in drafts:
        # The dead and wounded of an attack are counted on that attack: "shelled the city, killing three and
        # wounding 12" (a participle's subject is the main clause's).
        flags = d.trig.entry.flags
        consequence = (
            not d.trig.passive and ("injure" in flags or ("kill" in flags and d.trig.text.lower().endswith("ing")))
        ) or "displace" in flags
        host = next(
            (
                o for o in out
                if o.trig.entry.type == d.trig.entry.type
                and (consequence or _same_sides(o, d))
                and (o.date is None or d.date is None or o.date == d.date)
            ),
            None,
        )  # fmt: skip
        if host is None:
            out.append(d)
            continue
        host.extra_triggers.append(d.trig)
        # A consequence ("..., killing three civilians") lends its victims, never its subject.
        if not host.actor.countries and d.actor.countries and not consequence:
            host.actor = d.actor
        if not host.recipient.countries and d.recipient.countries:
            # a symmetric event named the other way round ("X held talks with the visiting Y"): Y's side
            reverse = host.trig.entry.type in DYADIC and set(d.recipient.countries) <= set(host.actor.countries)
            host.recipient = d.actor if reverse else d.recipient
        host.date = host.date or d.date
        if host.date is not None:
            host.date_precision = "day"
        host.period_start = host.period_start or d.period_start
        host.location = host.location or d.location
        if d.fatalities is not None and (host.fatalities is None or d.fatalities > host.fatalities):
            host.fatalities, host.fatalities_qualifier = d.fatalities, d.fatalities_qualifier
        if host.injured is None and d.injured is not None:
            host.injured, host.injured_qualifier = d.injured, d.injured_qualifier
        if host.displaced is None and d.displaced is not None:
            host.displaced, host.displaced_qualifier = d.displaced, d.displaced_qualifier
        host.mode = host.mode or d.mode
        if not host.source and d.source:
            host.source = d.source
        host.implicit = host.implicit and d.implicit
    return out


def _attach_displaced(drafts: list[_Draft]) -> list[_Draft]:
    """Displacement is a count on an event, not an event: "displacing 600,000 people" lends its count to the
    sentence's attack, and goes when the sentence has none."""
    hosts = [d for d in drafts if "displace" not in d.trig.entry.flags]
    for d in drafts:
        if "displace" in d.trig.entry.flags and d.displaced is not None:
            host = next((h for h in hosts if h.trig.entry.type == d.trig.entry.type and h.displaced is None), None)
            if host is not None:
                host.displaced, host.displaced_qualifier = d.displaced, d.displaced_qualifier
                host.extra_triggers.append(d.trig)
    return hosts


def _resolve_pairs(drafts: list[_Draft], ctx: ArticleContext) -> None:
    """ "Both sides", "the two countries": the two countries the article is most about, other than the other side's
    ("Egyptian mediators held talks with both sides", "the two sides will meet again")."""
    for d in drafts:
        for attr, other_attr in (("actor", "recipient"), ("recipient", "actor")):
            side, other = getattr(d, attr), getattr(d, other_attr)
            if not (len(side.groups) == 1 and side.groups[0].pair):
                continue
            pair = [c for c in ctx.about if c not in other.countries][:2]
            if len(pair) < 2:
                continue
            d.named_pair = True  # "the two sides" is named in the sentence, though its countries come from the article
            if other.groups:
                setattr(d, attr, Side([_country_group(c) for c in pair]))
            else:
                setattr(d, attr, Side([_country_group(pair[0])]))
                setattr(d, other_attr, Side([_country_group(pair[1])]))
            d.implicit = True


def _fill_dyads(drafts: list[_Draft], ctx: ArticleContext) -> None:
    """Complete consultations and agreements whose sentence names only one side, or none."""
    pairs: Counter[frozenset[str]] = Counter()
    for d in drafts:
        if d.trig.entry.type in DYADIC and not d.implicit and d.actor.countries and d.recipient.countries:
            for ac in d.actor.countries:
                for rc in d.recipient.countries:
                    if ac != rc:
                        pairs[frozenset((ac, rc))] += 1
    for d in drafts:
        kind = d.trig.entry.type
        if kind in SPLIT_COORDINATED and not d.recipient.countries and len(d.actor.groups) >= 2:
            # "Turkey and Russia canceled a joint patrol": the first named with the others.
            d.actor, d.recipient = Side(d.actor.groups[:1]), Side(d.actor.groups[1:])
            continue
        if kind in SPLIT_COORDINATED and not d.actor.countries and len(d.recipient.groups) >= 2:
            d.actor, d.recipient = Side(d.recipient.groups[:1]), Side(d.recipient.groups[1:])
            continue
        if kind not in DYADIC:
            continue
        a, r = d.actor.countries, d.recipient.countries
        # A side named without a country ("both sides", "the Security Council") is not filled from elsewhere.
        if (a or d.actor.groups) and (r or d.recipient.groups):
            continue
        named = a or r
        if ((d.actor.groups and not a) or (d.recipient.groups and not r)) and not named:
            continue
        if named:
            partner = _partner(named[0], pairs, ctx.about)
            if partner is None:
                continue
            filler = Side([_country_group(partner)])
            if a and not d.recipient.groups:
                d.recipient = filler
            elif r and not d.actor.groups:
                d.actor = filler
            else:
                continue
        else:
            pair = _main_pair(pairs, ctx.about)
            if pair is None:
                continue
            d.actor, d.recipient = Side([_country_group(pair[0])]), Side([_country_group(pair[1])])
        d.implicit = True


def _target_from_place(drafts: list[_Draft]) -> None:
    """An attack with no named target hits the country where it happened, when that is not the attacker's own
    ("warplanes struck targets in the Gaza Strip"), or when the attacker is an armed group or the police at home."""
    for d in drafts:
        if d.trig.entry.type != "ASSAULT" or d.recipient.countries or not d.actor.countries or d.location is None:
            continue
        where = d.location.country
        # A state's forces attacking at home hit someone the sentence does not name; a non-state group's attack
        # at home hits its own country ("the RSF shelled a market in el-Fasher").
        at_home = all(g.sector == "rebel" or any(m.resolve == "home" for m in g.mentions) for g in d.actor.groups)
        if where and (where not in d.actor.countries or at_home):
            d.recipient = Side([_country_group(where)])
            d.implicit = True


def _domestic_sides(drafts: list[_Draft]) -> None:
    """A domestic act whose sentence names one country's side only has that country on the other side too
    ("police fired tear gas at crowds in Tbilisi", "thousands protested against the government")."""
    for d in drafts:
        if d.trig.entry.type not in DOMESTIC:
            continue
        a, r = d.actor.countries, d.recipient.countries
        if a and not r:
            d.recipient = Side([*d.recipient.groups, _country_group(a[0])])
        elif r and not a and d.trig.entry.type == "PROTEST":
            d.actor = Side([*d.actor.groups, _country_group(r[0])])


def _partner(country: str, pairs: Counter[frozenset[str]], about: list[str]) -> str | None:
    with_it = [(n, sorted(p - {country})[0]) for p, n in pairs.items() if country in p]
    if with_it:
        return min(with_it, key=lambda x: (-x[0], x[1]))[1]
    return next((c for c in about if c != country), None)


def _main_pair(pairs: Counter[frozenset[str]], about: list[str]) -> tuple[str, str] | None:
    if pairs:
        best = min(pairs.items(), key=lambda kv: (-kv[1], sorted(kv[0])))[0]
        ordered = [c for c in about if c in best] + sorted(best - set(about))
        return ordered[0], ordered[1]
    return (about[0], about[1]) if len(about) >= 2 else None


def _country_group(iso3: str) -> Group:
    from services.extractor.parties import PartyMention

    return Group([PartyMention(0, 0, iso3, iso3, "country", entity_id=f"country:{iso3}")], iso3, None)


def _parties(side: Side) -> list[EventParty]:
    out: list[EventParty] = []
    for g in side.groups:
        entity_id = next((m.entity_id for m in g.mentions if m.kind == "person"), None) or (
            f"country:{g.country}" if g.country else next((m.entity_id for m in g.mentions if m.entity_id), None)
        )
        out.append(EventParty(name=party_name(g), country=g.country, entity_id=entity_id, sector=g.sector))  # type: ignore[arg-type]
    return out


def _event(article: EnrichedArticle, d: _Draft, pub: dt.date | None) -> Event | None:
    if not d.actor.countries and not d.recipient.countries:
        return None  # nothing to code: no side has a country
    entry = d.trig.entry
    historical = _historical(d, pub)
    confidence = _confidence(d)
    trigger = re.sub(r"\s+", " ", d.trig.text.lower())
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
        historical=historical,
        reported_on=pub,
        sentence=d.sent.text,
        sentence_start=d.sent.start,
        sentence_end=d.sent.end,
        trigger=d.trig.text,
        confidence=confidence,
    )
