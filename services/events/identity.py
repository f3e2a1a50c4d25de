"""When two event mentions are one real event (pure).

GDELT keeps Events and Mentions apart; so does the sink. A mention joins an existing event when the event's type
and sides agree and nothing about time, place or toll contradicts it: both dated within a day; or one dated and
the other reported undated within a fortnight after that day with an equal toll (the "earlier this week" report of
an attack); or both undated with an equal, non-zero toll reported within a fortnight of each other.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from services.common.ids import derived_id

# Types whose sides are interchangeable: "Turkey and Russia agreed" is "Russia and Turkey agreed".
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
REPORTING_WINDOW = dt.timedelta(days=14)


@dataclass(frozen=True)
class Signature:
    """What identity depends on, from an event mention and the article that reported it."""

    type: str
    actors: frozenset[str]
    recipients: frozenset[str]
    date: dt.date | None
    reported_on: dt.date | None
    fatalities: int | None
    location: str | None = None

    def sides(self) -> tuple[frozenset[str], frozenset[str]]:
        if self.type in SYMMETRIC_TYPES:
            both = self.actors | self.recipients
            return both, both
        return self.actors, self.recipients


def _sides_agree(a: Signature, b: Signature) -> bool:
    (a_act, a_rec), (b_act, b_rec) = a.sides(), b.sides()
    # An open side (the text does not say who) is no contradiction; a named side must share a country.
    return all(not x or not y or bool(x & y) for x, y in ((a_act, b_act), (a_rec, b_rec))) and bool(
        (a_act | a_rec) & (b_act | b_rec)
    )


def _place_agrees(a: Signature, b: Signature) -> bool:
    return a.location is None or b.location is None or a.location.casefold() == b.location.casefold()


def _toll_agrees(a: Signature, b: Signature) -> bool:
    return a.fatalities is None or b.fatalities is None or a.fatalities == b.fatalities


def _reported_after(dated: Signature, undated: Signature) -> bool:
    assert dated.date is not None
    return undated.reported_on is not None and dt.timedelta(0) <= undated.reported_on - dated.date <= REPORTING_WINDOW


def same_event(a: Signature, b: Signature) -> bool:
    if a.type != b.type or not _sides_agree(a, b) or not _toll_agrees(a, b) or not _place_agrees(a, b):
        return False
    if a.date is not None and b.date is not None:
        return abs(a.date - b.date) <= dt.timedelta(days=1)
    same_toll = a.fatalities is not None and a.fatalities == b.fatalities and a.fatalities > 0
    if a.date is not None or b.date is not None:
        dated, undated = (a, b) if a.date is not None else (b, a)
        return same_toll and _reported_after(dated, undated)
    if a.reported_on is None or b.reported_on is None:
        return False
    return same_toll and abs(a.reported_on - b.reported_on) <= REPORTING_WINDOW


def new_event_id(sig: Signature, first_mention_id: str) -> str:
    """An event's id comes from its first mention, so replaying the same articles rebuilds the same ids."""
    return derived_id("event", sig.type, first_mention_id)
