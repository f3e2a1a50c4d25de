"""An event mention while the extractor reads it: a trigger with its sides, day, place and counts.

The passes (``passes``) complete, merge and filter drafts; ``extract`` turns the survivors into ``Event`` records.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from schemas.records import Location
from services.common.sentences import Span
from services.extractor.parties import Group, PartyMention, Side
from services.extractor.triggers import Trigger

DYADIC = frozenset({"CONSULT", "AGREE"})
SPLIT_COORDINATED = frozenset({"CONSULT", "AGREE", "SANCTION"})
VIOLENT = frozenset({"ASSAULT", "COERCE", "MOBILIZE"})
# Acts that are domestic unless the sentence names another country: protesters against their own government,
# police against their own citizens, a government yielding or mobilising at home (ACLED and POLECAT code such
# events with one country on both sides).
DOMESTIC = frozenset({"PROTEST", "COERCE", "MOBILIZE", "CONCEDE"})

HISTORICAL_DAYS = 90
_PRONOUN = re.compile(r"\b(?:it|they|he|she|we)\b", re.I)


@dataclass(slots=True)
class Draft:
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


def country_group(iso3: str) -> Group:
    """A side that is a country and nothing more, as filled in from elsewhere ("both sides")."""
    return Group([PartyMention(0, 0, iso3, iso3, "country", entity_id=f"country:{iso3}")], iso3, None)


def own_side(d: Draft) -> bool:
    """Whether the mention's own sentence names a side (not one filled from the rest of the article), by name or
    by a pronoun whose antecedent the side is ("They fired tear gas")."""
    named = any(
        m.end > m.start and d.sent.start <= m.start < d.sent.end
        for side in (d.actor, d.recipient)
        for g in side.groups
        for m in g.mentions
    )
    referred = bool(d.actor.groups) and bool(_PRONOUN.search(d.sent.text))
    return d.named_pair or named or referred


def news(d: Draft) -> bool:
    """Whether the mention's sentence tells something of its own: a side, a date, a count."""
    counts = (d.fatalities, d.injured, d.displaced)
    return own_side(d) or d.date_from_sentence or any(c is not None for c in counts)


def confidence(d: Draft) -> float:
    """How sure the reading is: a verb with both sides named in its sentence and its own date is best; a mention
    whose sentence names no side, date or count ("We will hold talks.") is a back-reference, under the bar."""
    entry = d.trig.entry
    confidence = 0.5 + (0.15 if entry.pos == "verb" else 0.05)
    confidence += 0.15 if (d.actor.countries and d.recipient.countries and not d.implicit) else 0.0
    confidence += 0.1 if d.date_from_sentence else 0.0
    confidence -= 0.2 if d.implicit else 0.0
    confidence -= 0.1 if d.modality != "happened" else 0.0
    if not news(d):
        confidence = min(confidence, 0.2)
    return round(min(0.95, max(0.05, confidence)), 2)


def historical(d: Draft, pub: dt.date | None) -> bool:
    return bool(pub and d.period_start and (pub - d.period_start).days > HISTORICAL_DAYS)


def sides_key(d: Draft) -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(d.actor.countries), frozenset(d.recipient.countries)
