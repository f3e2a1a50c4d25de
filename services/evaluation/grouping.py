"""Whether the events group mentions as the gold's real events do: pairwise and B-cubed precision and recall.

The mentions scored are the produced events that match a gold event (``match_events``), each carrying its gold
event's ``real_event`` id (a gold event without one is a real event of its own). They are grouped into events by
the sink's own function (``services.events.resolution.partition``), all at once, as the order of arrival does not
change the partition. B-cubed (Bagga and Baldwin, 1998) averages, over mentions, the share of a mention's event
that is its real event (precision) and the share of its real event that is in its event (recall); pairwise counts
the pairs of mentions put together and the pairs that belong together. The gold's own events, grouped by the same
function (``gold_mentions``), measure the grouping rules apart from what the extractor misses.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from schemas.records import Event
from services.evaluation.cleaning import as_day
from services.evaluation.events import match_events
from services.events.identity import Signature, signature_of
from services.events.resolution import Mention, partition


@dataclass(frozen=True)
class Grouping:
    mentions: int
    events: int
    real_events: int
    bcubed_precision: float
    bcubed_recall: float
    pair_precision: float
    pair_recall: float

    @property
    def bcubed_f1(self) -> float:
        p, r = self.bcubed_precision, self.bcubed_recall
        return 2 * p * r / (p + r) if p + r else 0.0


def matched_mentions(outputs: dict[str, dict[str, Any]], gold: dict[str, Any]) -> list[tuple[Mention, str]]:
    """Each produced event that matches a gold event, as a mention, with its real event's id."""
    out: list[tuple[Mention, str]] = []
    for name, article in sorted(gold["articles"].items()):
        produced = (outputs.get(name) or {}).get("events") or []
        gold_events = article.get("events") or []
        for gi, pi in match_events(produced, gold_events).pairs:
            ev = Event.model_validate(produced[pi])
            real = gold_events[gi].get("real_event") or f"{name}#{gi}"
            out.append((Mention(ev.event_id, signature_of(ev), None), str(real)))
    return out


def gold_mentions(gold: dict[str, Any]) -> list[tuple[Mention, str]]:
    """The gold's own events as mentions, with their real event's id: the grouping rules measured apart from the
    extractor (as if it found every event exactly as annotated)."""
    out: list[tuple[Mention, str]] = []
    for name, article in sorted(gold["articles"].items()):
        published = as_day(article.get("published"))
        for gi, e in enumerate(article.get("events") or []):
            sig = Signature(
                str(e.get("type")), frozenset(e.get("actor") or []), frozenset(e.get("recipient") or []),
                as_day(e.get("date")), published, e.get("fatalities"), e.get("location"), None, name,
            )  # fmt: skip
            out.append((Mention(f"{name}#{gi}", sig, None), str(e.get("real_event") or f"{name}#{gi}")))
    return out


def _bcubed(items: list[str], mine: dict[str, str], theirs: dict[str, str]) -> float:
    groups: dict[str, set[str]] = defaultdict(set)
    for i in items:
        groups[mine[i]].add(i)
    members: dict[str, set[str]] = defaultdict(set)
    for i in items:
        members[theirs[i]].add(i)
    return sum(len(groups[mine[i]] & members[theirs[i]]) / len(groups[mine[i]]) for i in items) / len(items)


def _pairs(items: list[str], key: dict[str, str]) -> set[tuple[str, str]]:
    return {(a, b) for a, b in combinations(sorted(items), 2) if key[a] == key[b]}


def grouping(outputs: dict[str, dict[str, Any]], gold: dict[str, Any]) -> Grouping | None:
    return score_grouping(matched_mentions(outputs, gold))


def score_grouping(scored: list[tuple[Mention, str]]) -> Grouping | None:
    if not scored:
        return None
    event_of = partition(m for m, _ in scored)
    real_of = {m.mention_id: real for m, real in scored}
    items = sorted(real_of)
    put, belong = _pairs(items, event_of), _pairs(items, real_of)
    return Grouping(
        mentions=len(items),
        events=len({event_of[i] for i in items}),
        real_events=len({real_of[i] for i in items}),
        bcubed_precision=_bcubed(items, event_of, real_of),
        bcubed_recall=_bcubed(items, real_of, event_of),
        pair_precision=len(put & belong) / len(put) if put else 1.0,
        pair_recall=len(put & belong) / len(belong) if belong else 1.0,
    )


def format_grouping(g: Grouping | None, what: str = "matched mentions") -> str:
    if g is None:
        return f"grouping    no {what}"
    return (
        f"grouping    {g.mentions} {what} in {g.events} events ({g.real_events} real): B-cubed precision "
        f"{g.bcubed_precision:.3f} recall {g.bcubed_recall:.3f} F1 {g.bcubed_f1:.3f}; pairwise precision "
        f"{g.pair_precision:.3f} recall {g.pair_recall:.3f}"
    )
