from __future__ import annotations

from schemas.records import Entity
from services.enricher.countries import find_countries
from services.enricher.entities import find_entities
from services.enricher.places import is_known_place
from services.enricher.text import name_key


def _entities(text: str) -> list[Entity]:
    ents = find_entities(text, find_countries(text), is_place=is_known_place)
    for e in ents:
        for m in e.mentions:
            assert text[m.start : m.end] == m.text  # every offset points into the body
    return ents


def _people(text: str) -> dict[str, Entity]:
    return {e.name: e for e in _entities(text) if e.label == "PERSON"}


def test_role_and_nationality_before_the_name() -> None:
    people = _people("Hungarian Foreign Minister Péter Szijjártó met Deputy Prime Minister Ana Novak on Monday.")
    assert people["Péter Szijjártó"].country == "HUN"
    assert people["Péter Szijjártó"].role == "Foreign Minister"
    assert people["Ana Novak"].role == "Deputy Prime Minister"
    assert people["Ana Novak"].country is None


def test_lowercase_roles_possessives_and_portfolios() -> None:
    text = (
        "He spoke with his Slovakian counterpart Miroslav Lajcak and with Russia's Vladimir Putin. "
        "The special envoy on Syria Alexander Lavrentiev attended."
    )
    people = _people(text)
    assert people["Miroslav Lajcak"].country == "SVK"
    assert people["Miroslav Lajcak"].role == "counterpart"
    assert people["Vladimir Putin"].country == "RUS"
    assert people["Alexander Lavrentiev"].country is None  # "on Syria" is his portfolio, not his nationality


def test_spellings_fold_to_one_id_and_surnames_link() -> None:
    a = _people("Peter Szijjarto said the talks failed. Szijjarto added that they would meet again.")
    b = _people("Péter Szijjártó spoke.")
    (ent,) = a.values()
    assert ent.entity_id == b["Péter Szijjártó"].entity_id
    assert [m.text for m in ent.mentions] == ["Peter Szijjarto", "Szijjarto"]
    assert name_key("Sergey Lavrov") == name_key("Sergei Lavrov")


def test_known_figures_get_their_country_from_the_dictionary() -> None:
    people = _people("On Friday Recep Tayyip Erdogan and Bashar al-Assad were named. Erdoğan spoke.")
    erdogan = people["Recep Tayyip Erdoğan"]
    assert erdogan.country == "TUR" and len(erdogan.mentions) == 2
    assert people["Bashar al-Assad"].country == "SYR"


def test_organisations_and_places_are_not_people() -> None:
    ents = _entities(
        "Officials from the National Defense Ministry, the General Staff and the United Nations Security Council "
        "met in the Gaza Strip and the Eastern Ghouta region. Hamas said nothing."
    )
    labels = {e.name: e.label for e in ents}
    assert labels["National Defense Ministry"] == "ORG"
    assert labels["General Staff"] == "ORG"
    assert labels["Security Council"] == "ORG"
    assert labels["United Nations"] == "ORG"
    assert {e.name: e.country for e in ents}["Hamas"] == "PSE"
    assert not any(e.label == "PERSON" for e in ents), labels


def test_country_entities_are_not_people() -> None:
    assert (
        _people("Russian Federation Ambassador Anatoly Antonov arrived.")["Anatoly Antonov"].country == "RUS"
    )
    assert _people("Turkey and Russia agreed.") == {}
