"""Which event each mention of a batch belongs to (pure): the sink loads what it needs once, asks this, and writes
the answer back in a few set-wise statements instead of several round trips per mention.

Mentions are taken in the order given. One that still fits its current event stays; otherwise it joins the first
known event that is ``same_event`` (in the order given, then events started earlier in this batch, by id) or
starts a new one. What a joining mention knows that its event did not (a day, a toll, a place, an earlier report)
is absorbed into the event and seen by the mentions after it.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace

from services.common.ranges import merged
from services.events.identity import REPORTING_WINDOW, Signature, new_event_id, same_event

# ``same_event`` never joins events whose days (date, or first report when undated) are further apart than the
# reporting window; a day more for the "within a day" of two dated reports.
_REACH = REPORTING_WINDOW + dt.timedelta(days=1)


@dataclass(frozen=True)
class Mention:
    mention_id: str
    signature: Signature
    event_id: str | None  # the event it belonged to before this batch, if any


@dataclass
class Resolution:
    moves: dict[str, str] = field(default_factory=dict)  # mention id -> its new event id
    created: dict[str, str] = field(default_factory=dict)  # new event id -> the mention it is copied from
    changed: dict[str, Signature] = field(default_factory=dict)  # event id -> what it now knows (absorbed)
    touched: set[str] = field(default_factory=set)  # events whose counts may have changed


def absorbed(event: Signature, mention: Signature) -> Signature:
    """The event with the blanks the mention fills, and the earlier of the two report dates."""
    reports = [d for d in (event.reported_on, mention.reported_on) if d is not None]
    return replace(
        event,
        date=event.date if event.date is not None else mention.date,
        fatalities=event.fatalities if event.fatalities is not None else mention.fatalities,
        location=event.location if event.location is not None else mention.location,
        reported_on=min(reports) if reports else None,
    )


def date_windows(mentions: Iterable[Mention]) -> list[tuple[dt.date, dt.date]]:
    """The days an event's date or first report must fall in to be joinable by one of the mentions, as few merged
    ranges (``candidate_reads`` takes them mention by mention). A mention with neither a date nor a report date can
    join nothing (``same_event`` needs one of them)."""
    return merged(
        _around(day) for m in mentions for day in (m.signature.date, m.signature.reported_on) if day is not None
    )


@dataclass(frozen=True, order=True, slots=True)
class CandidateRead:
    """Events of ``type`` sharing one of ``countries`` whose date or first report falls in ``lo``..``hi``."""

    type: str
    countries: tuple[str, ...]
    lo: dt.date
    hi: dt.date


def candidate_reads(mentions: Iterable[Mention]) -> list[CandidateRead]:
    """What the sink reads of the events table for a batch: for each mention, the events of its type that share one
    of its countries, within its ``date_windows``. Only those could match it (``same_event``), so the read grows
    neither with the table nor with how varied a batch is (all of a batch's types, countries and windows crossed
    read most of a large table). A mention without a country can join nothing."""
    out: set[CandidateRead] = set()
    for m in mentions:
        countries = tuple(sorted(m.signature.actors | m.signature.recipients))
        if countries:
            out.update(CandidateRead(m.signature.type, countries, lo, hi) for lo, hi in date_windows([m]))
    return sorted(out)


def _around(day: dt.date) -> tuple[dt.date, dt.date]:
    # Clamped: a misread year 1 or 9999 must not stop the sink with an OverflowError.
    lo = day - _REACH if day - dt.date.min > _REACH else dt.date.min
    hi = day + _REACH if dt.date.max - day > _REACH else dt.date.max
    return lo, hi


def resolve(mentions: Iterable[Mention], known: Mapping[str, Signature]) -> Resolution:
    """``known``: every event a mention could belong to (its current one, its would-be new id, every event of its
    type sharing a country within ``date_windows``), in the order the first match should be taken."""
    state = dict(known)
    order = list(known)
    started: list[str] = []  # events this batch created, kept by id: after the known ones, as first_seen then id sort
    out = Resolution()
    for m in mentions:
        sig = m.signature
        if m.event_id is not None:
            current = state.get(m.event_id)
            if current is not None and same_event(current, sig):
                continue
            out.touched.add(m.event_id)
        event_id = _first_match(sig, itertools.chain(order, started), state)
        if event_id is None:
            event_id = new_event_id(sig, m.mention_id)
            if event_id not in state:
                state[event_id] = sig
                bisect.insort(started, event_id)
                out.created[event_id] = m.mention_id
        updated = absorbed(state[event_id], sig)
        if updated != state[event_id]:
            state[event_id] = updated
            out.changed[event_id] = updated
        out.moves[m.mention_id] = event_id
        out.touched.add(event_id)
    return out


def _first_match(sig: Signature, order: Iterable[str], state: Mapping[str, Signature]) -> str | None:
    for event_id in order:
        if same_event(state[event_id], sig):
            return event_id
    return None
