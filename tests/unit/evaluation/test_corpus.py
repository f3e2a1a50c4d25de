from __future__ import annotations

import json
from pathlib import Path

import pytest

from services.evaluation.corpus import (
    CORPORA,
    MissingGold,
    find_texts,
    half,
    load_corpus_gold,
    raw_articles,
    split_of,
)
from services.evaluation.diagnosis import diagnose_article, format_diagnosis


def test_the_half_depends_on_the_name_alone_and_splits_about_evenly() -> None:
    names = [f"g{i:03d}_story.txt" for i in range(400)]
    assert [split_of(n) for n in names] == [split_of(n) for n in names]
    share = sum(split_of(n) == "dev" for n in names) / len(names)
    assert 0.4 < share < 0.6


def test_gold_parts_merge_and_missing_gold_is_named(tmp_path: Path) -> None:
    (tmp_path / "gold.a.json").write_text(json.dumps({"about": "A", "articles": {"x.txt": {"events": []}}}))
    (tmp_path / "gold.b.json").write_text(json.dumps({"about": "B", "articles": {"y.txt": {"events": []}}}))
    gold = load_corpus_gold(tmp_path)
    assert set(gold["articles"]) == {"x.txt", "y.txt"}
    both = half(gold, "dev")["articles"].keys() | half(gold, "blind")["articles"].keys()
    assert both == {"x.txt", "y.txt"}
    with pytest.raises(MissingGold, match=str(tmp_path / "empty")):
        load_corpus_gold(tmp_path / "empty")


def test_texts_found_and_missing_and_the_gold_day_is_the_sidecar(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("Title\n\nBody text.\n")
    gold = {"articles": {"x.txt": {"published": "2022-03-04", "url": "https://example.org/x"}, "y.txt": {}}}
    texts = find_texts(gold["articles"], tmp_path)
    assert list(texts.found) == ["x.txt"] and texts.missing == ["y.txt"]
    (raw,) = raw_articles(gold, texts)
    assert str(raw.meta.published_at) == "2022-03-04" and raw.meta.url == "https://example.org/x"


def test_the_committed_regression_set_is_there_with_its_texts_and_breadth() -> None:
    gold = load_corpus_gold(CORPORA / "regression")
    texts = find_texts(gold["articles"], CORPORA / "regression" / "texts")
    assert not texts.missing and len(gold["articles"]) >= 60
    types = {e["type"] for a in gold["articles"].values() for e in a["events"]}
    assert len(types) == 16
    assert len({a["situation"] for a in gold["articles"].values()}) >= 25


def _gold_event(kind: str, actor: list[str], recipient: list[str], date: str | None = None) -> dict:
    return {"type": kind, "actor": actor, "recipient": recipient, "date": date}


def _produced(kind: str, actor: str, recipient: str, date: str | None = None) -> dict:
    return {"type": kind, "actors": [{"country": actor}], "recipients": [{"country": recipient}], "date": date}


def test_unmatched_gold_is_told_apart_as_type_side_date_or_missed() -> None:
    gold = {
        "events": [
            _gold_event("ACCUSE", ["IND"], ["PAK"]),
            _gold_event("ASSAULT", ["IND"], ["PAK"]),
            _gold_event("CONSULT", ["FRA"], ["DEU"], "2022-01-10"),
            _gold_event("PROTEST", ["KEN"], ["KEN"]),
        ],
        "places": [{"name": "Nairobi", "country": "KEN"}],
        "countries": ["KEN"],
    }
    out = {
        "events": [
            _produced("REJECT", "IND", "PAK"),  # type error
            _produced("ASSAULT", "PAK", "IND"),  # side error
            _produced("CONSULT", "FRA", "DEU", "2022-01-20"),  # date error
        ],
        "places": [{"name": "Nairobi", "country": "KEN", "mentions": []}, {"name": "Paris", "country": "FRA"}],
    }
    d = diagnose_article(out, gold)
    assert (d.matched, d.type_errors, d.side_errors, d.date_errors, d.missed) == (0, 1, 1, 1, 1)
    assert d.confusion[("ACCUSE", "REJECT")] == 1 and d.confusion[("PROTEST", "none")] == 1
    assert (d.places_gold, d.places_found, d.places_right, d.places_unfounded) == (1, 1, 1, 1)
    assert "type errors 1, side errors 1, date errors 1, missed 1" in format_diagnosis("t", d)
