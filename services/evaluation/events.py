"""Event scores: one-to-one matching of produced events to gold events of the same article.

A produced event matches a gold one when the types agree, each side's countries overlap the gold side's
(either order for the symmetric types), and, where gold gives a date, the dates are at most one day apart. An
empty gold side ("the text leaves it open") matches any produced side, empty or not: the gold makes no
claim there, so no produced answer can contradict it. A non-empty gold side needs at least one shared country.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from services.evaluation.cleaning import as_day

SYMMETRIC_TYPES = frozenset({"CONSULT", "AGREE"})
MAX_DATE_GAP_DAYS = 1


def _countries(parties: Any) -> set[str]:
    found: set[str] = set()
    for party in parties or []:
        country = party.get("country") if isinstance(party, dict) else party
        if isinstance(country, str) and country.strip():
            found.add(country.strip().upper())
    return found


def _side_ok(produced: set[str], gold: list[str]) -> bool:
    return not gold or bool(produced & {g.upper() for g in gold})


def event_matches(produced: dict[str, Any], gold: dict[str, Any]) -> bool:
    if str(produced.get("type") or "").strip().upper() != str(gold.get("type") or "").strip().upper():
        return False
    actors, recipients = _countries(produced.get("actors")), _countries(produced.get("recipients"))
    gold_actor, gold_recipient = list(gold.get("actor") or []), list(gold.get("recipient") or [])
    sides = _side_ok(actors, gold_actor) and _side_ok(recipients, gold_recipient)
    if not sides and str(gold.get("type")).upper() in SYMMETRIC_TYPES:
        sides = _side_ok(recipients, gold_actor) and _side_ok(actors, gold_recipient)
    if not sides:
        return False
    gold_day = as_day(gold.get("date"))
    if gold_day is None:
        return True
    day = as_day(produced.get("date"))
    return day is not None and abs((day - gold_day).days) <= MAX_DATE_GAP_DAYS


def fatalities_checked(gold: dict[str, Any]) -> bool:
    return str(gold.get("type")).upper() == "ASSAULT" and gold.get("fatalities") is not None


def fatalities_right(produced: dict[str, Any], gold: dict[str, Any]) -> bool:
    value = produced.get("fatalities")
    try:
        return value is not None and int(value) == int(gold["fatalities"])
    except (TypeError, ValueError):
        return False


def _max_weight_assignment(weights: list[list[int]]) -> list[int]:
    """Hungarian algorithm on an n×m matrix with n <= m: for each row, its column, maximising the total."""
    n, m = len(weights), len(weights[0]) if weights else 0
    top = max((w for row in weights for w in row), default=0)
    cost = [[top - w for w in row] for row in weights]
    inf = float("inf")
    u, v = [0.0] * (n + 1), [0.0] * (m + 1)
    p, way = [0] * (m + 1), [0] * (m + 1)
    for i in range(1, n + 1):
        p[0] = i
        j0 = 0
        minv = [inf] * (m + 1)
        used = [False] * (m + 1)
        while True:
            used[j0] = True
            i0, delta, j1 = p[j0], inf, 0
            for j in range(1, m + 1):
                if not used[j]:
                    cur = cost[i0 - 1][j - 1] - u[i0] - v[j]
                    if cur < minv[j]:
                        minv[j], way[j] = cur, j0
                    if minv[j] < delta:
                        delta, j1 = minv[j], j
            for j in range(m + 1):
                if used[j]:
                    u[p[j]] += delta
                    v[j] -= delta
                else:
                    minv[j] -= delta
            j0 = j1
            if p[j0] == 0:
                break
        while j0:
            j1 = way[j0]
            p[j0] = p[j1]
            j0 = j1
    assignment = [-1] * n
    for j in range(1, m + 1):
        if p[j]:
            assignment[p[j] - 1] = j - 1
    return assignment


@dataclass(frozen=True)
class EventMatch:
    pairs: list[tuple[int, int]]  # (gold index, produced index)
    fatalities_checked: int
    fatalities_correct: int


def match_events(produced: list[dict[str, Any]], gold: list[dict[str, Any]]) -> EventMatch:
    """The most matches possible, each gold and produced event used at most once; among those, the pairing
    that gets the most fatality counts right (so a tie is never scored against the pipeline)."""
    if not produced or not gold:
        return EventMatch(pairs=[], fatalities_checked=0, fatalities_correct=0)
    big = len(gold) + 1  # one more match always outweighs every fatality bonus together
    weights = [
        [(big + int(fatalities_checked(g) and fatalities_right(p, g))) if event_matches(p, g) else 0 for p in produced]
        for g in gold
    ]
    transpose = len(gold) > len(produced)
    matrix = [list(col) for col in zip(*weights, strict=True)] if transpose else weights
    assignment = _max_weight_assignment(matrix)
    pairs: list[tuple[int, int]] = []
    for row, col in enumerate(assignment):
        g, p = (col, row) if transpose else (row, col)
        if col >= 0 and weights[g][p] > 0:
            pairs.append((g, p))
    pairs.sort()
    checked = [(g, p) for g, p in pairs if fatalities_checked(gold[g])]
    correct = sum(fatalities_right(produced[p], gold[g]) for g, p in checked)
    return EventMatch(pairs=pairs, fatalities_checked=len(checked), fatalities_correct=correct)
