"""Which event each mention belongs to (pure): the connected groups of mentions that ``same_event`` or an
article's own ``article_links`` tie together.

A group is defined by the mentions alone, not by the order they came in: the sink reads, for a batch, every stored
mention the batch's mentions could be tied to (``candidate_reads``) and unites their events with the batch. When a
mention bridges two events they merge: the one first seen keeps its id and the other records which it merged into,
so nothing a user stored goes dangling. Mentions only ever join, so replaying any order or any batch split of the
same articles ends in the same partition (an article's mentions arrive together, as one record).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from services.common.groups import Groups
from services.common.ranges import merged
from services.events.identity import DATE_SLACK, REPORTING_WINDOW, Signature, article_links, new_event_id, same_event

# ``same_event`` ties no mentions whose days (date, or report when undated) are further apart than the reporting
# window and the day of slack.
_REACH = REPORTING_WINDOW + DATE_SLACK


@dataclass(frozen=True)
class Mention:
    mention_id: str
    signature: Signature
    event_id: str | None  # the event it belongs to already, if any


@dataclass
class Resolution:
    moves: dict[str, str] = field(default_factory=dict)  # batch mention id -> its event id, where that changed
    created: dict[str, str] = field(default_factory=dict)  # new event id -> the mention it is copied from
    merged: dict[str, str] = field(default_factory=dict)  # event id -> the event it merged into
    touched: set[str] = field(default_factory=set)  # events whose counts and summary may have changed


def date_windows(mentions: Iterable[Mention]) -> list[tuple[dt.date, dt.date]]:
    """The days a stored mention's date or report must fall in to be tied to one of ``mentions``, as few merged
    ranges. A mention with neither a date nor a report date can be tied by nothing but its article."""
    return merged(
        _around(day) for m in mentions for day in (m.signature.date, m.signature.reported_on) if day is not None
    )


@dataclass(frozen=True, order=True, slots=True)
class CandidateRead:
    """Stored mentions of ``type`` sharing one of ``countries`` whose date or report falls in ``lo``..``hi``."""

    type: str
    countries: tuple[str, ...]
    lo: dt.date
    hi: dt.date


def candidate_reads(mentions: Iterable[Mention]) -> list[CandidateRead]:
    """What the sink reads of the stored mentions for a batch: for each mention, those of its type that share one
    of its countries, within its ``date_windows``. Only those could be tied to it (``same_event``), so the read
    grows neither with the table nor with how varied a batch is. A mention without a country is tied to nothing
    but its article's mentions."""
    out: set[CandidateRead] = set()
    for m in mentions:
        countries = tuple(sorted(m.signature.countries()))
        if countries:
            out.update(CandidateRead(m.signature.type, countries, lo, hi) for lo, hi in date_windows([m]))
    return sorted(out)


def _around(day: dt.date) -> tuple[dt.date, dt.date]:
    # Clamped: a misread year 1 or 9999 must not stop the sink with an OverflowError.
    lo = day - _REACH if day - dt.date.min > _REACH else dt.date.min
    hi = day + _REACH if dt.date.max - day > _REACH else dt.date.max
    return lo, hi


def _tie(batch: Sequence[Mention], stored: Sequence[Mention]) -> Groups:
    everyone = {m.mention_id: m for m in (*stored, *batch)}
    groups = Groups.known((m.mention_id, m.event_id) for m in everyone.values())
    others = sorted(everyone.values(), key=lambda m: m.mention_id)
    # only mentions of one type that share a country can be one event: compare those pairs alone
    sharing: dict[tuple[str, str], list[Mention]] = defaultdict(list)
    for o in others:
        for country in o.signature.countries():
            sharing[(o.signature.type, country)].append(o)
    for m in batch:
        near = {o.mention_id: o for c in m.signature.countries() for o in sharing[(m.signature.type, c)]}
        for o in near.values():
            if o.mention_id != m.mention_id and same_event(m.signature, o.signature):
                groups.union(m.mention_id, o.mention_id)
    by_article: dict[str, list[tuple[str, Signature]]] = defaultdict(list)
    for m in others:
        if m.signature.article_id is not None:
            by_article[m.signature.article_id].append((m.mention_id, m.signature))
    for article in sorted({m.signature.article_id for m in batch if m.signature.article_id is not None}):
        for a, b in article_links(by_article[article]):
            groups.union(a, b)
    return groups


def resolve(batch: Sequence[Mention], stored: Sequence[Mention], rank: Mapping[str, int] | None = None) -> Resolution:
    """``stored``: the mentions already stored that the batch could be tied to (``candidate_reads``), with their
    events. ``rank``: each stored event's place in the order first seen (events without one sort by id after).
    The batch's mentions go to the event of their group; a group holding several events merges them into the
    first-ranked one; a group holding none starts one, named after its smallest mention id."""
    groups = _tie(batch, stored)
    members: dict[str, list[Mention]] = defaultdict(list)
    for m in (*stored, *batch):
        members[groups.find(m.mention_id)].append(m)
    out = Resolution()
    ranks = rank or {}
    in_batch = {m.mention_id for m in batch}
    for root in sorted({groups.find(m.mention_id) for m in batch}):
        group = members[root]
        events = sorted({m.event_id for m in group if m.event_id}, key=lambda e: (e not in ranks, ranks.get(e, 0), e))
        if events:
            keeper = events[0]
            for other in events[1:]:
                out.merged[other] = keeper
        else:
            first = min(group, key=lambda m: m.mention_id)
            keeper = new_event_id(first.signature, first.mention_id)
            out.created[keeper] = first.mention_id
        out.touched.update(events)
        out.touched.add(keeper)
        for m in group:
            if m.mention_id in in_batch and m.event_id != keeper:
                out.moves[m.mention_id] = keeper
    return out


def partition(mentions: Iterable[Mention]) -> dict[str, str]:
    """Every mention's event when all are resolved at once (the evaluation's view of the sink's answer)."""
    batch = list(mentions)
    plan = resolve(batch, [])
    return {m.mention_id: plan.moves.get(m.mention_id, m.event_id or "") for m in batch}
