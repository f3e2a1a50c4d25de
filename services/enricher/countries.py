"""Country mentions: names ("Turkey"), demonyms ("Turkish", "Russia-backed"), and capitals standing for their
governments ("Ankara and Moscow agreed"). The lexicon is ``data/countries.tsv`` (every ISO 3166 country), built by
``tools/build_countries.py``; matching is case-sensitive because these are proper nouns ("US" is not "us").
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

from services.common.alternation import longest_first

DATA = Path(__file__).resolve().parent / "data"

Kind = Literal["name", "demonym", "capital"]

# Longer phrases that contain a country form but name something else; matched first and then dropped.
_BLOCKERS = (
    "Latin America", "Latin American", "Latin Americans", "South America", "South American", "North America",
    "North American", "Central America", "Central American", "Native American", "Native Americans",
    "African American", "African Americans", "New Mexico", "Gulf of Mexico", "New Jersey", "Indian Ocean",
    "South China Sea", "East China Sea", "Persian Gulf", "Irish Sea", "Washington Post", "Washington state",
    "Washington State", "American Express", "New Guinea", "Arab Spring", "Sea of Japan", "Georgia State",
    "Jordan River", "Jordan Valley", "Turkey Point", "Chad Smith",
)  # fmt: skip

# "Russia-backed", "Iranian-led": the country stands behind the group named next, it is not the group itself.
# "Russia-backed", "Saudi-led": the country backs or leads the side named after it, it is not that side.
BACKER_SUFFIX = re.compile(r"-(?:backed|led|supported|sponsored|allied|aligned|funded|armed|trained|brokered)\b")
_POSSESSIVE_RE = re.compile(r"['’]s?\b")


@dataclass(frozen=True, slots=True)
class CountryMention:
    text: str
    start: int
    end: int
    iso3: str
    kind: Kind
    possessive: bool = False  # "Turkey's foreign minister"
    backer: bool = False  # "Russia-backed Syrian forces"


@dataclass(frozen=True, slots=True)
class Lexicon:
    pattern: re.Pattern[str]
    forms: dict[str, tuple[str, Kind] | None]
    names: dict[str, str]  # iso3 -> display name


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    forms: dict[str, tuple[str, Kind] | None] = {}
    names: dict[str, str] = {}
    with (DATA / "countries.tsv").open(encoding="utf-8") as f:
        rows = csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t")
        for row in rows:
            iso3 = row["iso3"]
            names[iso3] = row["name"]
            # Capitals first so that a name shared with a country ("Djibouti") ends up as the country.
            for col, kind in (("capitals", "capital"), ("demonyms", "demonym"), ("aliases", "name")):
                for form in filter(None, row[col].split("|")):
                    forms[form] = (iso3, kind)  # type: ignore[assignment]
    for b in _BLOCKERS:
        forms[b] = None
    pattern = re.compile(rf"(?<![\w.])(?:{longest_first(forms)})(?![\w]|\.\w)")
    return Lexicon(pattern, forms, names)


def country_name(iso3: str) -> str:
    return lexicon().names.get(iso3, iso3)


def lookup(form: str) -> tuple[str, Kind] | None:
    """The country a single surface form names, if any: ``lookup("Slovakian") == ("SVK", "demonym")``."""
    return lexicon().forms.get(form)


def find_countries(text: str) -> list[CountryMention]:
    lex = lexicon()
    out: list[CountryMention] = []
    for m in lex.pattern.finditer(text):
        hit = lex.forms.get(m.group())
        if hit is None:
            continue
        iso3, kind = hit
        tail = text[m.end() : m.end() + 16]
        out.append(
            CountryMention(
                text=m.group(),
                start=m.start(),
                end=m.end(),
                iso3=iso3,
                kind=kind,
                possessive=bool(_POSSESSIVE_RE.match(tail)) and kind != "demonym",
                backer=bool(BACKER_SUFFIX.match(tail)),
            )
        )
    return out


def article_countries(
    body_mentions: Iterable[CountryMention],
    title: str | None = None,
    place_countries: Iterable[str] = (),
    min_score: float = 2.0,
) -> list[str]:
    """Countries the article is about, most salient first.

    A mention in the title counts three times (the headline says what the story is about), a body mention once,
    a place inside the country half. A country is kept from ``min_score`` up, or from half the top score when
    that is lower (a short article); the top one always is.
    """
    score: dict[str, float] = defaultdict(float)
    for m in body_mentions:
        score[m.iso3] += 1.0
    for m in find_countries(title or ""):
        score[m.iso3] += 3.0
    for c in place_countries:
        score[c] += 0.5
    ranked = sorted(score.items(), key=lambda kv: (-kv[1], kv[0]))
    # A short article names each country once or twice: the bar is then half the top country's score.
    bar = min(min_score, ranked[0][1] / 2) if ranked else min_score
    return [c for c, s in ranked if s >= bar]
