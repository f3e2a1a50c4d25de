"""One trigger read into a draft: its modality, sides, day, place and casualty counts."""

from __future__ import annotations

import datetime as dt
import re
from typing import TYPE_CHECKING

from schemas.records import DateMention, EnrichedArticle, Location, Place
from services.common.sentences import Span, clause_bounds
from services.enricher.dates import future_context
from services.extractor.counts import count_after, count_before
from services.extractor.deps import failed_by_head
from services.extractor.draft import VIOLENT, Draft
from services.extractor.modality import modality
from services.extractor.parties import ArticleContext, Group, resolve_parties
from services.extractor.triggers import Trigger

if TYPE_CHECKING:
    from spacy.tokens import Doc

# Tenses and words of background rather than news: "has been", "had agreed", "since", "previously".
_BACKGROUND = re.compile(
    r"\b(?:had\s+(?:been\s+)?\w+ed|has\s+been|have\s+been|since|previously|formerly|earlier|in\s+the\s+past|"
    r"used\s+to|over\s+the\s+years|for\s+years)\b",
    re.I,
)

_OPENING_DATE = re.compile(r"^\s*(?:(?:on|in|later\s+in|earlier\s+in|early\s+in|since|by|as\s+of)\s+)?$", re.I)


def read_trigger(
    article: EnrichedArticle,
    ctx: ArticleContext,
    sent: Span,
    trig: Trigger,
    groups: list[Group],
    prev_groups: list[Group],
    pub: dt.date | None,
    paragraphs: list[int],
    doc: Doc | None = None,
) -> Draft | None:
    text = ctx.text
    c_start, c_end = clause_bounds(text, sent, trig.start)
    # A conditional threat ("any attack would draw an immediate response") is said, so it happened, whatever
    # its "if" and "would".
    mod = "happened" if "conditional" in trig.entry.flags else modality(text, trig, c_start, c_end)
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
    d = Draft(
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
