"""Entity-resolution figures: distinct canonical people, and gold-event places and dates found in the enrichment.

The gold lists no people, so persons are counted, not scored: every PERSON canonical id across the outputs, with
the spellings that fold into it (the seeds name about a dozen people; each should be one id however spelled).
A gold event's place is resolved when the article's ``places`` hold a place of that name (names and mention texts
compared folded) with a country; its date when the article's ``dates`` hold a day-precise mention of that day.
"""

from __future__ import annotations

import unicodedata
from pathlib import PurePath
from typing import Any

from pydantic import BaseModel, Field

from services.evaluation.cleaning import as_day


class PersonFigure(BaseModel):
    entity_id: str
    name: str
    spellings: list[str]
    country: str | None = None
    articles: int


class EntityFigures(BaseModel):
    persons: list[PersonFigure] = Field(default_factory=list)
    places_checked: int = 0
    places_resolved: int = 0
    places_missed: list[str] = Field(default_factory=list, description="article: place")
    dates_checked: int = 0
    dates_resolved: int = 0
    dates_missed: list[str] = Field(default_factory=list, description="article: day")

    @property
    def places_share(self) -> float | None:
        return self.places_resolved / self.places_checked if self.places_checked else None

    @property
    def dates_share(self) -> float | None:
        return self.dates_resolved / self.dates_checked if self.dates_checked else None


def _fold(s: str) -> str:
    decomposed = unicodedata.normalize("NFKD", s)
    return " ".join("".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold().split())


def _place_names(out: dict[str, Any]) -> set[str]:
    names: set[str] = set()
    for p in out.get("places") or []:
        if not p.get("country"):
            continue
        names.add(_fold(str(p.get("name") or "")))
        names.update(_fold(str(m.get("text") or "")) for m in p.get("mentions") or [])
    return names


def _days(out: dict[str, Any]) -> set[Any]:
    return {as_day(d.get("date")) for d in out.get("dates") or [] if d.get("precision") == "day" and d.get("date")}


def entity_figures(outputs: list[dict[str, Any]], gold: dict[str, Any]) -> EntityFigures:
    """The figures above over ``outputs`` (what ``newsstream process`` prints) against ``gold`` (pure)."""
    gold_articles: dict[str, dict[str, Any]] = gold.get("articles", gold)
    figures = EntityFigures()
    persons: dict[str, PersonFigure] = {}
    by_name: dict[str, dict[str, Any]] = {}
    for out in outputs:
        by_name.setdefault(PurePath(str(out.get("source_path") or "")).name, out)
        for e in out.get("entities") or []:
            if e.get("label") != "PERSON":
                continue
            eid = str(e.get("entity_id"))
            p = persons.setdefault(eid, PersonFigure(entity_id=eid, name=str(e.get("name")), spellings=[], articles=0))
            p.articles += 1
            p.country = p.country or e.get("country")
            for m in e.get("mentions") or []:
                if m.get("text") and m["text"] not in p.spellings:
                    p.spellings.append(m["text"])
    figures.persons = sorted(persons.values(), key=lambda p: p.entity_id)
    for name, g in sorted(gold_articles.items()):
        out = by_name.get(name) or {}
        places, days = _place_names(out), _days(out)
        for ev in g.get("events") or []:
            where = ev.get("location")
            if where:
                figures.places_checked += 1
                if _fold(str(where)) in places:
                    figures.places_resolved += 1
                else:
                    figures.places_missed.append(f"{name}: {where}")
            day = as_day(ev.get("date"))
            if day is not None:
                figures.dates_checked += 1
                if day in days:
                    figures.dates_resolved += 1
                else:
                    figures.dates_missed.append(f"{name}: {day.isoformat()}")
    return figures


def format_entities(figures: EntityFigures) -> list[str]:
    def share(resolved: int, checked: int) -> str:
        return f"{resolved / checked:.3f} ({resolved}/{checked})" if checked else "-"

    rows = [
        f"entities          distinct persons {len(figures.persons)}  "
        f"gold-event places {share(figures.places_resolved, figures.places_checked)}  "
        f"dates {share(figures.dates_resolved, figures.dates_checked)}",
    ]
    for p in figures.persons:
        rows.append(f"  {p.entity_id:<34} {p.country or '-':<4} {p.articles} article(s)  {' / '.join(p.spellings)}")
    rows += [f"  place missed: {m}" for m in figures.places_missed]
    rows += [f"  date missed: {m}" for m in figures.dates_missed]
    return rows
