"""B-cubed and pairwise scores of a grouping, on a case worked by hand."""

from __future__ import annotations

import datetime as dt

from services.evaluation.grouping import gold_mentions, score_grouping
from services.events.identity import Signature
from services.events.resolution import Mention


def _m(mid: str, day: int, article: str) -> Mention:
    sig = Signature("ASSAULT", frozenset({"SYR"}), frozenset({"TUR"}), dt.date(2020, 2, day), None, None,
                    article_id=article)  # fmt: skip
    return Mention(mid, sig, None)


def test_scores_of_a_grouping_worked_by_hand() -> None:
    # a, b, c report one attack (3 and 4 Feb); d is another attack on 4 Feb that the rules cannot tell apart
    scored = [(_m("a", 3, "x"), "R1"), (_m("b", 4, "y"), "R1"), (_m("c", 3, "z"), "R1"), (_m("d", 4, "w"), "R2")]
    g = score_grouping(scored)
    assert g is not None and (g.mentions, g.events, g.real_events) == (4, 1, 2)
    # precision: a, b, c each 3/4, d 1/4 -> 10/16; recall: all 1
    assert abs(g.bcubed_precision - 10 / 16) < 1e-9 and g.bcubed_recall == 1.0
    assert (g.pair_precision, g.pair_recall) == (3 / 6, 1.0)


def test_gold_events_become_mentions_with_their_real_event() -> None:
    gold = {"articles": {"a.txt": {"published": "2020-02-05", "events": [
        {"type": "ASSAULT", "actor": ["SYR"], "recipient": ["TUR"], "date": "2020-02-03", "real_event": "R1"},
        {"type": "CONSULT", "actor": ["TUR"], "recipient": ["RUS"], "date": None},
    ]}}}  # fmt: skip
    (first, real1), (_, real2) = gold_mentions(gold)
    assert real1 == "R1" and real2 == "a.txt#1"
    assert first.signature.reported_on == dt.date(2020, 2, 5) and first.signature.article_id == "a.txt"
