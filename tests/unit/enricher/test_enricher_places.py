from __future__ import annotations

import pytest

from schemas.records import Place
from services.enricher.countries import article_countries, find_countries
from services.enricher.gazetteer import candidates
from services.enricher.places import find_places


def _places(text: str, about: list[str]) -> dict[str, Place]:
    out = {}
    for p in find_places(text, find_countries(text), about):
        for m in p.mentions:
            assert text[m.start : m.end] == m.text
            out[m.text] = p
    return out


def test_gazetteer_knows_alternate_spellings_and_small_towns() -> None:
    (saraqib, *_) = candidates("Saraqeb")
    assert saraqib.name == "Saraqib" and saraqib.iso2 == "SY"
    assert candidates("Idlib")[0].iso2 == "SY"


def test_city_town_country_and_admin1() -> None:
    text = "Forces entered the strategic town of Saraqeb, east of Idlib, Syria. Fighting spread across Idlib province."
    places = _places(text, ["SYR", "TUR"])
    assert places["Saraqeb"].country == "SYR" and places["Saraqeb"].admin1 == "Idlib"
    assert places["Saraqeb"].latitude == pytest.approx(35.86, abs=0.05)
    assert places["Syria"].precision == "country"
    assert [p.precision for t, p in _places(text, ["SYR"]).items() if t == "Idlib"] in (["city"], ["admin1"])
    admin = [p for p in find_places(text, find_countries(text), ["SYR"]) if p.precision == "admin1"]
    assert [p.country for p in admin] == ["SYR"]


def test_article_countries_decide_between_namesakes() -> None:
    assert _places("Talks were held in Moscow.", ["RUS"])["Moscow"].country == "RUS"
    assert _places("The event was held in Damascus.", ["SYR"])["Damascus"].country == "SYR"


def test_ordinary_words_are_not_places() -> None:
    text = "Most officials agreed. Asked about it, most said nothing. Deputy ministers left."
    assert _places(text, ["TUR"]) == {}


def test_regions_from_the_data_file() -> None:
    places = _places("Warplanes struck targets in the Gaza Strip overnight.", ["ISR"])
    assert places["Gaza Strip"].country == "PSE" and places["Gaza Strip"].precision == "region"


def _places_of(text: str) -> dict[str, str | None]:
    mentions = find_countries(text)
    return {p.name: p.country for p in find_places(text, mentions, article_countries(mentions, None))}


def test_a_division_named_alone_is_in_the_story_country() -> None:
    found = _places_of("Mozambican troops fought insurgents across Cabo Delgado on Monday, officials said.")
    assert found.get("Cabo Delgado") == "MOZ"


def test_a_lone_namesake_far_from_the_story_is_dropped_and_a_near_one_kept() -> None:
    text = (
        "Mozambican troops retook Mocimboa da Praia in Cabo Delgado province, then moved north to Palma, "
        "where insurgents had killed dozens."
    )
    assert "Palma" not in _places_of(text)  # Palma de Mallorca is 8,000 km from Cabo Delgado
    near = "Israeli jets struck Beirut's southern suburbs and Tyre on Monday, then targets in Gaza."
    assert _places_of(near).get("Gaza") == "PSE"
