"""A second annotation scored against the gold by the extractor's own matching rules."""

from __future__ import annotations

from services.evaluation.agreement import agreement, agreement_line
from services.evaluation.corpus import CORPORA, load_corpus_gold


def _article(*events: dict) -> dict:
    return {"published": "2023-05-02", "events": list(events)}


def test_matching_and_disagreeing_events_are_counted_as_the_extractor_s_would_be() -> None:
    gold = {"articles": {"a.txt": _article(
        {"type": "ASSAULT", "actor": ["SDN"], "recipient": ["SDN"], "date": "2023-05-01"},
        {"type": "REQUEST", "actor": ["USA"], "recipient": ["SDN"], "date": None},
    ), "b.txt": _article({"type": "AGREE", "actor": ["IND"], "recipient": ["CHN"], "date": None})}}
    second = {"articles": {"a.txt": _article(
        {"type": "ASSAULT", "actor": ["SDN"], "recipient": ["SDN"], "date": "2023-05-02"},  # a day off: agrees
        {"type": "ACCUSE", "actor": ["USA"], "recipient": ["SDN"], "date": None},  # another type
        {"type": "SANCTION", "actor": ["USA"], "recipient": ["SDN"], "date": None},
    )}}
    d = agreement(gold, second)
    assert (d.articles, d.gold, d.produced, d.matched) == (1, 2, 3, 1)  # b.txt: not annotated twice, not scored
    assert d.type_errors == 1


def test_the_regression_set_s_second_annotation_is_read_and_scored() -> None:
    folder = CORPORA / "regression"
    line = agreement_line(folder, load_corpus_gold(folder))
    assert line is not None and "30 articles" in line
