from __future__ import annotations

from schemas.records import Entity, Mention, Place
from services.enricher.person_countries import fill_person_countries


def _person(name: str, start: int, role: str | None) -> Entity:
    return Entity(
        entity_id=f"person:{name}", name=name, label="PERSON", role=role,
        mentions=[Mention(text=name, start=start, end=start + len(name))],
    )  # fmt: skip


def _country(iso3: str, start: int, n: int = 1) -> Entity:
    return Entity(
        entity_id=f"country:{iso3}", name=iso3, label="GPE", country=iso3,
        mentions=[Mention(text=iso3, start=start + i, end=start + i + 1) for i in range(n)],
    )  # fmt: skip


def test_a_place_before_the_role_gives_its_country() -> None:
    text = "Kherson Oblast Governor Ivan Petrenko said two people were hurt."
    place = Place(name="Kherson Oblast", country="UKR", precision="admin1",
                  mentions=[Mention(text="Kherson Oblast", start=0, end=14)])  # fmt: skip
    person = _person("Ivan Petrenko", text.index("Ivan"), "Governor")
    fill_person_countries(text, [person, _country("RUS", 60), _country("UKR", 61)], [place])
    assert person.country == "UKR"


def test_an_official_of_a_one_country_story_is_of_that_country_and_of_none_otherwise() -> None:
    text = "x" * 200
    spokesman = _person("Ram Thapa", 10, "police spokesman")
    nobody = _person("Sita Rai", 40, None)
    fill_person_countries(text, [spokesman, nobody, _country("NPL", 100, 5), _country("IND", 150, 1)], [])
    assert spokesman.country == "NPL" and nobody.country is None
    mixed = _person("Ram Thapa", 10, "police spokesman")
    fill_person_countries(text, [mixed, _country("NPL", 100, 3), _country("IND", 150, 3)], [])
    assert mixed.country is None
