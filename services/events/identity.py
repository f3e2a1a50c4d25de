"""When two event mentions report one real event (pure, and symmetric: the answer never depends on which of the
two came first, so the events built from it do not depend on the order the mentions arrive in).

GDELT keeps Events and Mentions apart; so does the sink. Two mentions are one event when their types agree, their
sides agree, their places and death tolls are compatible, and their days fit:
- both dated: within a day (outlets date a night strike on either side of midnight);
- one dated, the other undated and reported within a fortnight after that day: only with compatible, non-zero
  tolls (the "earlier this week" report of an attack); an undated "also agreed" of an article that dates the
  same event elsewhere is tied to that mention by ``article_links``;
- both undated: with compatible, non-zero tolls reported within a fortnight of each other.
Sides agree when each named side shares a country with the other's (an open side contradicts nothing); for the
symmetric types, when one set of parties holds the other ("Turkey and Russia met", "Russia met Turkey"), not
when two meetings merely share a party. Tolls are compatible when one is unknown or they differ by a few ("30",
"33", "over 30"), not by a multiple ("8" and "70"). Places are compatible when one is unknown, they are the same,
or one is the province or country the other lies in. Two mentions of one article are never tied by these rules:
the extractor already gives one mention per real event of an article, and two it kept apart are two events.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from schemas.records import Event
from services.common.ids import derived_id
from services.enricher.countries import country_name

# Types whose sides are interchangeable: "Turkey and Russia agreed" is "Russia and Turkey agreed".
SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE", "COOPERATE"})
REPORTING_WINDOW = dt.timedelta(days=14)
DATE_SLACK = dt.timedelta(days=1)
# Two tolls are one report's and another's of the same deaths when they differ by at most this many, or by at
# most this share of the larger (early and later counts, "over 30" beside "33").
TOLL_SLACK = 3
TOLL_SHARE = 0.2


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
    location_country: str | None = None  # the country the place lies in; a country's own name is its place
    article_id: str | None = None
    location_admin1: str | None = None  # the province the place lies in

    def sides(self) -> tuple[frozenset[str], frozenset[str]]:
        if self.type in SYMMETRIC_TYPES:
            both = self.actors | self.recipients
            return both, both
        return self.actors, self.recipients

    def countries(self) -> frozenset[str]:
        return self.actors | self.recipients


def signature_of(ev: Event) -> Signature:
    """An extracted mention's signature, as the sink stores it (``services.sink.rows.event_row``)."""
    loc = ev.location
    return Signature(
        ev.type,
        frozenset(p.country for p in ev.actors if p.country),
        frozenset(p.country for p in ev.recipients if p.country),
        ev.date,
        ev.reported_on,
        ev.fatalities,
        loc.name if loc else None,
        loc.country if loc else None,
        ev.article_id,
        loc.admin1 if loc else None,
    )


def sides_agree(a: Signature, b: Signature) -> bool:
    if a.type in SYMMETRIC_TYPES:
        # the parties of a meeting or a deal: one set inside the other ("Turkey and Russia" and "Russia"), not two
        # meetings that share a party (Turkey with Russia, Turkey with Slovakia)
        x, y = a.countries(), b.countries()
        return bool(x & y) and (x <= y or y <= x)
    # An open side (the text does not say who) is no contradiction; a named side must share a country.
    return all(not x or not y or bool(x & y) for x, y in ((a.actors, b.actors), (a.recipients, b.recipients))) and bool(
        a.countries() & b.countries()
    )


def places_agree(a: Signature, b: Signature) -> bool:
    if a.location is None or b.location is None:
        return True
    if a.location.casefold() == b.location.casefold():
        return True
    if a.location_country and b.location_country and a.location_country != b.location_country:
        return False
    # one place inside the other: a town and its province, or its country, named as the other's place
    for outer, inner in ((a.location, b), (b.location, a)):
        within = [inner.location_admin1, country_name(inner.location_country) if inner.location_country else None]
        if any(w and outer.casefold() == w.casefold() for w in within):
            return True
    return False


def tolls_agree(a: int | None, b: int | None) -> bool:
    if a is None or b is None:
        return True
    return abs(a - b) <= max(TOLL_SLACK, TOLL_SHARE * max(a, b))


def _tolls_tie(a: Signature, b: Signature) -> bool:
    """Both report deaths, and compatible ones: what lets an undated report stand for a dated one."""
    return bool(a.fatalities) and bool(b.fatalities) and tolls_agree(a.fatalities, b.fatalities)


def _reported_after(dated: Signature, undated: Signature) -> bool:
    assert dated.date is not None
    return undated.reported_on is not None and dt.timedelta(0) <= undated.reported_on - dated.date <= REPORTING_WINDOW


def compatible(a: Signature, b: Signature) -> bool:
    """Nothing about type, sides, place or toll tells the two apart (days aside)."""
    return (
        a.type == b.type
        and sides_agree(a, b)
        and tolls_agree(a.fatalities, b.fatalities)
        and places_agree(a, b)
    )


def same_event(a: Signature, b: Signature) -> bool:
    if a.article_id is not None and a.article_id == b.article_id:
        return False  # the extractor tells one article's events apart; only ``article_links`` ties them
    if not compatible(a, b):
        return False
    if a.date is not None and b.date is not None:
        return abs(a.date - b.date) <= DATE_SLACK
    if a.date is not None or b.date is not None:
        dated, undated = (a, b) if a.date is not None else (b, a)
        return _tolls_tie(a, b) and _reported_after(dated, undated)
    if a.reported_on is None or b.reported_on is None:
        return False
    return _tolls_tie(a, b) and abs(a.reported_on - b.reported_on) <= REPORTING_WINDOW


def article_links(mentions: Sequence[tuple[str, Signature]]) -> list[tuple[str, str]]:
    """Within one article: an undated mention and the article's only dated mention it is compatible with are one
    event ("Turkey and Russia agreed on Thursday to ..." and, lower down, "they also agreed ..."), when the article
    names the same sides for both. With two such dated mentions the undated one could be either, and is tied to
    neither."""
    links: list[tuple[str, str]] = []
    for mid, sig in mentions:
        if sig.date is not None:
            continue
        # the same sides, not merely compatible ones: the article names them alike when it tells one event twice
        dated = [
            other for other, o in mentions
            if o.date is not None and o.sides() == sig.sides() and compatible(sig, o)
        ]  # fmt: skip
        if len(dated) == 1:
            links.append((mid, dated[0]))
    return links


def new_event_id(sig: Signature, first_mention_id: str) -> str:
    """A new event's id comes from the smallest mention id it starts with: the same mentions rebuild the same id."""
    return derived_id("event", sig.type, first_mention_id)
