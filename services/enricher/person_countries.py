"""Countries for people the text names without one, from where the text sets them.

- a place before the role: "Zaporizhzhia Oblast Governor Ivan Fedorov", "Katsina State Governor X" are of that
  place's country;
- an official of a one-country story: a spokesman, governor, general or minister with no country, in an article
  whose country mentions are mostly of one country, is of that country (a reader of a Nepali paper's report on
  Kathmandu gives the police chief it quotes to Nepal). An article about several countries gives no default.
"""

from __future__ import annotations

import re

from schemas.records import Entity, Place
from services.enricher.story_country import country_mentions, dominant

# Roles of officials who act for the place they serve (not an outside envoy's or a foreign guest's).
_OFFICIAL_ROLE = re.compile(
    r"governor|mayor|spokes|police|chief|commander|general|\bgen\b|colonel|\bcol\b|major|minister|secretary|"
    r"president|premier|speaker|lawmaker|senator|deputy|commissioner|judge|prosecutor|leader|official|director|"
    r"head|chairman|chair|army|officer",
    re.I,
)
_PLACE_GAP = re.compile(r"^(?:\s+(?:State|Province|Region|Oblast|Governorate|District|County))?\s+[\w .'’-]{0,40}$")


def _place_before(text: str, person: Entity, places: list[Place]) -> str | None:
    first = min(person.mentions, key=lambda m: m.start)
    for p in places:
        if not p.country or p.precision == "country":
            continue
        for m in p.mentions:
            gap = text[m.end : first.start]
            if 0 <= first.start - m.end <= 45 and "\n" not in gap and _PLACE_GAP.match(gap) and "," not in gap:
                return p.country
    return None


def fill_person_countries(text: str, entities: list[Entity], places: list[Place]) -> None:
    """Give a country to the people without one, in place, where the text sets them (see the module's rules)."""
    home = dominant(country_mentions(entities, places))
    for e in entities:
        if e.label != "PERSON" or e.country is not None or not e.mentions:
            continue
        e.country = _place_before(text, e, places)
        if e.country is None and home is not None and e.role and _OFFICIAL_ROLE.search(e.role):
            e.country = home
