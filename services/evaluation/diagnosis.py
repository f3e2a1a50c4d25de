"""Why events miss: a confusion matrix of types, side errors apart from type errors, and places a reader names.

For each gold event left unmatched by ``match_events``, the produced events of its article that are still free are
searched, in this order, for one with
- the same type and matching sides but another day: a *date* error;
- the same type and a day that fits, but sides that do not: a *side* error;
- matching sides and day but another type: a *type* error (a cell of the confusion matrix);
and otherwise it is *missed* (the matrix's "none" column). Produced events left free after that are spurious
(the "none" row).

Places: each place the gold names for an article is *found* when the article's ``places`` hold one of that name
(names and mention texts compared folded, a designator word such as "State" or "valley" aside), *right* when that
place is in the gold's country. A produced place in a country that no gold place or gold country of the article
has is *unfounded*. Persons: one the gold ties to a country is *found* when a PERSON entity shares its surname,
*right* when one of those has that country.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from services.evaluation.cleaning import as_day
from services.evaluation.events import MAX_DATE_GAP_DAYS, SYMMETRIC_TYPES, _countries, _side_ok, match_events

NONE = "none"


def _sides_fit(produced: dict[str, Any], gold: dict[str, Any]) -> bool:
    actors, recipients = _countries(produced.get("actors")), _countries(produced.get("recipients"))
    ga, gr = list(gold.get("actor") or []), list(gold.get("recipient") or [])
    if _side_ok(actors, ga) and _side_ok(recipients, gr):
        return True
    return str(gold.get("type")).upper() in SYMMETRIC_TYPES and _side_ok(recipients, ga) and _side_ok(actors, gr)


def _day_fits(produced: dict[str, Any], gold: dict[str, Any]) -> bool:
    gold_day = as_day(gold.get("date"))
    if gold_day is None:
        return True
    day = as_day(produced.get("date"))
    return day is not None and abs((day - gold_day).days) <= MAX_DATE_GAP_DAYS


@dataclass
class Diagnosis:
    gold: int = 0
    produced: int = 0
    matched: int = 0
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)  # (gold type, produced type or none)
    date_errors: int = 0
    side_errors: int = 0
    type_errors: int = 0
    missed: int = 0
    spurious: Counter[str] = field(default_factory=Counter)
    fatalities_checked: int = 0
    fatalities_correct: int = 0
    per_type_gold: Counter[str] = field(default_factory=Counter)
    per_type_produced: Counter[str] = field(default_factory=Counter)
    per_type_matched: Counter[str] = field(default_factory=Counter)
    places_gold: int = 0
    places_found: int = 0
    places_right: int = 0
    places_unfounded: int = 0
    persons_gold: int = 0
    persons_found: int = 0
    persons_right: int = 0
    articles: int = 0
    missing_outputs: list[str] = field(default_factory=list)

    def add(self, other: Diagnosis) -> None:
        for name, value in vars(other).items():
            mine = getattr(self, name)
            if isinstance(mine, Counter):
                mine.update(value)
            elif isinstance(mine, list):
                mine.extend(value)
            else:
                setattr(self, name, mine + value)


def _classify_unmatched(
    diag: Diagnosis, produced: list[dict[str, Any]], gold: list[dict[str, Any]], free: set[int], unmatched: list[int]
) -> None:
    tests = (
        ("date", lambda p, g: p.get("type") == g.get("type") and _sides_fit(p, g)),
        ("side", lambda p, g: p.get("type") == g.get("type") and _day_fits(p, g)),
        ("type", lambda p, g: _sides_fit(p, g) and _day_fits(p, g)),
    )
    for gi in unmatched:
        g = gold[gi]
        gtype = str(g.get("type")).upper()
        for kind, test in tests:
            hit = next((pi for pi in sorted(free) if test(produced[pi], g)), None)
            if hit is None:
                continue
            free.discard(hit)
            if kind == "type":
                diag.type_errors += 1
                diag.confusion[(gtype, str(produced[hit].get("type")))] += 1
            else:
                setattr(diag, f"{kind}_errors", getattr(diag, f"{kind}_errors") + 1)
            break
        else:
            diag.missed += 1
            diag.confusion[(gtype, NONE)] += 1


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(text.lower().replace("-", " ").split())


def _place_names(place: dict[str, Any]) -> set[str]:
    names = {_fold(place.get("name") or "")}
    names.update(_fold(m.get("text") or "") for m in place.get("mentions") or [])
    return names - {""}


_DESIGNATORS = frozenset(
    {"province", "state", "region", "district", "governorate", "oblast", "county", "valley", "city", "town",
     "village", "island", "islands", "camp", "air", "base", "airbase", "border", "crossing"}
)  # fmt: skip


def _same_place(gold: str, produced: str) -> bool:
    """The same name, or one with a designator word the other lacks ("Zamfara State", "Zamfara")."""
    if gold == produced:
        return True
    g, p = gold.split(), produced.split()
    shorter, longer = (g, p) if len(g) < len(p) else (p, g)
    return longer[: len(shorter)] == shorter and all(w in _DESIGNATORS for w in longer[len(shorter) :])


def _diagnose_places(diag: Diagnosis, out: dict[str, Any], gold: dict[str, Any]) -> None:
    produced = list(out.get("places") or [])
    allowed = {str(c).upper() for c in gold.get("countries") or []}
    for gp in gold.get("places") or []:
        allowed.add(str(gp.get("country") or "").upper())
        diag.places_gold += 1
        name = _fold(gp.get("name") or "")
        hits = [p for p in produced if any(_same_place(name, n) for n in _place_names(p))]
        if hits:
            diag.places_found += 1
            wanted = str(gp.get("country")).upper()
            diag.places_right += any(str(p.get("country") or "").upper() == wanted for p in hits)
    if gold.get("places"):
        countries = [str(p["country"]).upper() for p in produced if p.get("country")]
        diag.places_unfounded += sum(1 for c in countries if c not in allowed)


def _surname(name: str) -> str:
    words = _fold(name).split()
    return words[-1] if words else ""


def _diagnose_persons(diag: Diagnosis, out: dict[str, Any], gold: dict[str, Any]) -> None:
    """A person the gold ties to a country is *found* when a PERSON entity shares its surname, *right* when one of
    those has that country."""
    people = [e for e in out.get("entities") or [] if e.get("label") == "PERSON"]
    for gp in gold.get("persons") or []:
        diag.persons_gold += 1
        surname = _surname(gp.get("name") or "")
        hits = [e for e in people if surname and surname in _fold(e.get("name") or "").split()]
        if hits:
            diag.persons_found += 1
            wanted = str(gp.get("country")).upper()
            diag.persons_right += any(str(e.get("country") or "").upper() == wanted for e in hits)


def diagnose_article(out: dict[str, Any] | None, gold: dict[str, Any]) -> Diagnosis:
    diag = Diagnosis(articles=1)
    gold_events = list(gold.get("events") or [])
    produced = list((out or {}).get("events") or [])
    match = match_events(produced, gold_events)
    diag.gold, diag.produced, diag.matched = len(gold_events), len(produced), len(match.pairs)
    diag.fatalities_checked, diag.fatalities_correct = match.fatalities_checked, match.fatalities_correct
    diag.per_type_gold.update(str(g.get("type")).upper() for g in gold_events)
    diag.per_type_produced.update(str(p.get("type")) for p in produced)
    for gi, _ in match.pairs:
        t = str(gold_events[gi].get("type")).upper()
        diag.per_type_matched[t] += 1
        diag.confusion[(t, t)] += 1
    used_gold = {gi for gi, _ in match.pairs}
    free = set(range(len(produced))) - {pi for _, pi in match.pairs}
    _classify_unmatched(diag, produced, gold_events, free, [i for i in range(len(gold_events)) if i not in used_gold])
    for pi in free:
        diag.spurious[str(produced[pi].get("type"))] += 1
    if out is not None:
        _diagnose_places(diag, out, gold)
        _diagnose_persons(diag, out, gold)
    return diag


def diagnose(outputs: dict[str, dict[str, Any]], gold: dict[str, Any]) -> Diagnosis:
    total = Diagnosis()
    for name, g in sorted(gold["articles"].items()):
        out = outputs.get(name)
        if out is None:
            total.missing_outputs.append(name)
        total.add(diagnose_article(out, g))
    return total


def _r(num: int, den: int) -> str:
    return f"{num / den:.3f}" if den else "-"


def format_diagnosis(title: str, d: Diagnosis, *, details: bool = True) -> str:
    rows = [
        f"== {title}: {d.articles} articles",
        f"events      recall {_r(d.matched, d.gold)}  precision {_r(d.matched, d.produced)}  "
        f"(matched {d.matched}, gold {d.gold}, produced {d.produced})",
        f"fatalities  {_r(d.fatalities_correct, d.fatalities_checked)} "
        f"({d.fatalities_correct}/{d.fatalities_checked} matched ASSAULT events with a gold count)",
        f"unmatched gold: type errors {d.type_errors}, side errors {d.side_errors}, date errors {d.date_errors}, "
        f"missed {d.missed}; spurious produced {sum(d.spurious.values())}",
    ]
    if d.places_gold:
        rows.append(
            f"places      found {_r(d.places_found, d.places_gold)}  in the right country "
            f"{_r(d.places_right, d.places_gold)} ({d.places_right}/{d.places_gold}); "
            f"unfounded countries {d.places_unfounded}"
        )
    if d.persons_gold:
        rows.append(
            f"persons     found {_r(d.persons_found, d.persons_gold)}  with the right country "
            f"{_r(d.persons_right, d.persons_gold)} ({d.persons_right}/{d.persons_gold})"
        )
    if d.missing_outputs:
        rows.append(f"no output for {len(d.missing_outputs)}: {', '.join(d.missing_outputs)}")
    if not details:
        return "\n".join(rows)
    types = sorted(set(d.per_type_gold) | set(d.per_type_produced))
    rows.append(f"{'type':<10} {'gold':>5} {'prod':>5} {'match':>6} {'R':>6} {'P':>6}")
    for t in types:
        g, p, m = d.per_type_gold[t], d.per_type_produced[t], d.per_type_matched[t]
        rows.append(f"{t:<10} {g:>5} {p:>5} {m:>6} {_r(m, g):>6} {_r(m, p):>6}")
    cols = [*sorted({c for _, c in d.confusion} - {NONE}), NONE]
    rows.append("confusion (rows gold, columns produced; off-diagonal: same sides and day, other type)")
    rows.append(" " * 10 + "".join(f"{c[:6]:>7}" for c in cols))
    for t in sorted({g for g, _ in d.confusion}):
        rows.append(f"{t:<10}" + "".join(f"{d.confusion.get((t, c), 0) or '.':>7}" for c in cols))
    spurious = "  ".join(f"{t} {n}" for t, n in sorted(d.spurious.items()))
    rows.append(f"spurious by type: {spurious or '-'}")
    return "\n".join(rows)
