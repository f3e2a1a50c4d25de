"""The seeds through the whole in-process pipeline: every place and date the gold events name is resolved to the
right country and day, and every person is one canonical entity however spelled."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from services.evaluation import load_gold
from services.evaluation.entities import entity_figures
from services.pipeline import process_paths

REPO = Path(__file__).resolve().parents[3]
GOLD = REPO.parent / "shared" / "eval" / "seeds-gold.json"
SEEDS = REPO / "seeds"

pytestmark = pytest.mark.usefixtures("shared_gold")  # a missing gold fails under CI=true

# Where the places of the gold events lie (the gold names them without a country).
PLACE_COUNTRY = {"Ankara": "TUR", "Idlib": "SYR", "Saraqeb": "SYR", "Astana": "KAZ", "Sochi": "RUS", "Moscow": "RUS"}


@pytest.fixture(scope="module")
def outputs() -> dict[str, dict[str, Any]]:
    return {Path(o["source_path"]).name: o for o in process_paths([SEEDS], max_bytes=10_000_000)}


@pytest.fixture(scope="module")
def gold() -> dict[str, Any]:
    return load_gold(GOLD, seeds_dir=SEEDS)


def test_every_gold_place_resolves_to_its_country(outputs: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    checked = 0
    for name, article in gold["articles"].items():
        for ev in article["events"]:
            where = ev.get("location")
            if not where:
                continue
            matches = [p for p in outputs[name]["places"] if where in {p["name"], *(m["text"] for m in p["mentions"])}]
            assert matches, f"{name}: {where} not among the places"
            assert all(p["country"] == PLACE_COUNTRY[where] for p in matches), (name, where, matches)
            assert all(p["latitude"] is not None for p in matches if p["precision"] != "country")
            checked += 1
    assert checked == sum(1 for a in gold["articles"].values() for ev in a["events"] if ev.get("location")) > 0


def test_every_gold_date_resolves_to_its_day(outputs: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    checked = 0
    for name, article in gold["articles"].items():
        days = {d["date"] for d in outputs[name]["dates"] if d["precision"] == "day"}
        for ev in article["events"]:
            if ev.get("date"):
                assert ev["date"][:10] in days, f"{name}: {ev['date']} not resolved ({sorted(days)})"
                checked += 1
    assert checked == sum(1 for a in gold["articles"].values() for ev in a["events"] if ev.get("date")) > 0


def test_idlib_the_province_and_the_city(outputs: dict[str, dict[str, Any]]) -> None:
    idlib = {p["precision"] for p in outputs["000_e796e37b9e4df858.txt"]["places"] if p["name"] == "Idlib"}
    assert idlib == {"city", "admin1"}  # "in Idlib" and "Idlib province"
    saraqib = next(p for p in outputs["001_95821b44631da6e0.txt"]["places"] if p["name"] == "Saraqib")
    saraqeb = next(p for p in outputs["002_6cfccd7445f53bbb.txt"]["places"] if p["name"] == "Saraqeb")
    assert saraqib["geonameid"] == saraqeb["geonameid"] is not None and saraqib["admin1"] == "Idlib"


def test_each_person_is_one_entity_however_spelled(outputs: dict[str, dict[str, Any]], gold: dict[str, Any]) -> None:
    figures = entity_figures(list(outputs.values()), gold)
    persons = {p.entity_id: p for p in figures.persons}
    # one entity per person: no two share a surname (a person split in two would)
    surnames = [p.entity_id.rsplit("-", 1)[-1] for p in persons.values()]
    assert persons and len(surnames) == len(set(surnames)), sorted(persons)
    assert set(persons["person:mevlut-cavusoglu"].spellings) >= {"Mevlut Cavusoglu", "Cavusoglu", "Mevlüt Çavuşoğlu"}
    assert set(persons["person:sedat-onal"].spellings) == {"Sedat Onal", "Sedat Önal"}
    assert persons["person:sergei-vershinin"].spellings == ["Sergey Vershinin"]
    assert {p.country for p in persons.values()} <= {"TUR", "RUS", "SYR", "SVN", "SVK"}
    assert all(p.country for p in persons.values())
    assert figures.places_share == 1.0 and figures.dates_share == 1.0


def test_roles_and_countries_of_people(outputs: dict[str, dict[str, Any]]) -> None:
    people = {e["entity_id"]: e for e in outputs["000_e796e37b9e4df858.txt"]["entities"] if e["label"] == "PERSON"}
    assert people["person:sedat-onal"]["role"] == "Deputy Foreign Minister"
    assert people["person:sedat-onal"]["country"] == "TUR"  # "chaired the Turkish delegation"
    assert people["person:alexander-lavrentiev"]["role"] == "special envoy"
    assert people["person:alexander-lavrentiev"]["country"] == "RUS"  # "The Russian side -- chaired by ..."
    assert people["person:miro-cerar"]["country"] == "SVN"


def test_stories_and_parse_across_the_seeds(outputs: dict[str, dict[str, Any]]) -> None:
    stories = {name: o["story_id"] for name, o in outputs.items()}
    assert all(s and s.startswith("story:") for s in stories.values())
    assert len(set(stories.values())) < len(stories)  # some seeds report the same story
    assert all(o["duplicate_of"] is None for o in outputs.values())
    for o in outputs.values():
        body = o["article"]["body"]
        assert o["sentences"] and all(0 <= s["start"] < s["end"] <= len(body) for s in o["sentences"])
