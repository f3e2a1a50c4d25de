"""The committed regression set, scored as CI scores it: events on news the extractor was not built on.

The thresholds are floors under the figures of the current code (see services/evaluation/corpora/README.md), so
that a change that loses events on either half fails here; they are no target.
"""

from __future__ import annotations

from typing import Any

import pytest

from services.evaluation.corpus import CORPORA, corpus_outputs, find_texts, half, load_corpus_gold
from services.evaluation.diagnosis import Diagnosis, diagnose
from services.evaluation.grouping import gold_mentions, score_grouping

FOLDER = CORPORA / "regression"
FLOORS = {"dev": (0.30, 0.33), "blind": (0.22, 0.25)}  # (recall, precision)


@pytest.fixture(scope="module")
def scored() -> dict[str, Diagnosis]:
    gold = load_corpus_gold(FOLDER)
    texts = find_texts(gold["articles"], FOLDER / "texts")
    assert not texts.missing
    outputs: dict[str, dict[str, Any]] = corpus_outputs(gold, texts)
    return {which: diagnose(outputs, half(gold, which)) for which in ("dev", "blind")}  # type: ignore[arg-type]


@pytest.mark.parametrize("which", ["dev", "blind"])
def test_events_hold_on_both_halves(scored: dict[str, Diagnosis], which: str) -> None:
    d = scored[which]
    recall, precision = d.matched / d.gold, d.matched / d.produced
    floor_recall, floor_precision = FLOORS[which]
    assert recall >= floor_recall and precision >= floor_precision, (which, recall, precision)
    assert not d.missing_outputs


def test_places_and_persons_are_scored(scored: dict[str, Diagnosis]) -> None:
    for d in scored.values():
        assert d.places_gold > 100 and d.places_right / d.places_gold >= 0.65
        assert d.persons_gold > 80 and d.persons_right / d.persons_gold >= 0.65


def test_mentions_of_one_real_event_are_grouped_as_one() -> None:
    # the sink's grouping over the gold's own events, scored against their real-event ids (floor under 0.978)
    g = score_grouping(gold_mentions(load_corpus_gold(FOLDER)))
    assert g is not None and g.bcubed_f1 >= 0.95 and g.bcubed_recall >= 0.98, g
