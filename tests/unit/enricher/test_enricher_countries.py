from __future__ import annotations

import csv

from services.enricher.countries import DATA, article_countries, find_countries, lookup


def _found(text: str) -> list[tuple[str, str, str]]:
    return [(m.text, m.iso3, m.kind) for m in find_countries(text)]


def test_every_iso_country_has_a_row_with_a_name() -> None:
    with (DATA / "countries.tsv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader((line for line in f if not line.startswith("#")), delimiter="\t"))
    assert len(rows) == 249
    assert all(r["iso3"] and r["name"] for r in rows)
    assert {r["iso3"] for r in rows} >= {"TUR", "RUS", "SYR", "SVN", "SVK", "USA", "CIV", "PSE", "TLS"}


def test_names_demonyms_and_capitals() -> None:
    text = "Turkish and Slovakian officials met in Ankara; Ankara and Moscow agreed, and Côte d'Ivoire abstained."
    assert _found(text) == [
        ("Turkish", "TUR", "demonym"),
        ("Slovakian", "SVK", "demonym"),
        ("Ankara", "TUR", "capital"),
        ("Ankara", "TUR", "capital"),
        ("Moscow", "RUS", "capital"),
        ("Côte d'Ivoire", "CIV", "name"),
    ]


def test_backers_possessives_and_compounds() -> None:
    ms = find_countries(
        "Russia-backed Syrian forces and Iranian-led militias; Turkey's minister; Russian-Turkish talks"
    )
    by_text = {(m.text, m.start): m for m in ms}
    assert [m.iso3 for m in ms] == ["RUS", "SYR", "IRN", "TUR", "RUS", "TUR"]
    assert by_text[("Russia", 0)].backer and not by_text[("Syrian", 14)].backer
    assert [m.backer for m in ms if m.text == "Iranian"] == [True]
    assert [m.possessive for m in ms if m.text == "Turkey"] == [True]


def test_longer_names_block_false_hits() -> None:
    assert _found("Migrants from Latin America crossed into New Mexico near the Gulf of Mexico.") == []
    assert _found("Papua New Guinea and Guinea-Bissau") == [
        ("Papua New Guinea", "PNG", "name"),
        ("Guinea-Bissau", "GNB", "name"),
    ]
    assert _found("the US military, not us") == [("US", "USA", "name")]


def test_lookup_single_form() -> None:
    assert lookup("Slovenian") == ("SVN", "demonym")
    assert lookup("Kyiv") == ("UKR", "capital")
    assert lookup("Bananas") is None


def test_article_countries_rank_title_first_and_drop_passing_mentions() -> None:
    body = find_countries("Syria and Syria and Syria. Turkey. Jordan.")
    # TUR 1+3, RUS 3, SYR 3 (a tie goes by code); Jordan, mentioned once, is not what the article is about
    assert article_countries(body, title="Turkey, Russia hold talks") == ["TUR", "RUS", "SYR"]
