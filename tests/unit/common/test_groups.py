"""Connected groups: named by their smallest member whatever the order of the unions."""

from __future__ import annotations

import itertools

from services.common.groups import Groups


def test_groups_are_the_same_and_named_the_same_for_every_order_of_unions() -> None:
    pairs = [("c", "d"), ("a", "c"), ("e", "f")]
    answers = set()
    for order in itertools.permutations(pairs):
        g = Groups()
        for a, b in order:
            g.union(a, b)
        answers.add(tuple(g.find(x) for x in "abcdefz"))
    assert answers == {("a", "b", "a", "a", "e", "e", "z")}
