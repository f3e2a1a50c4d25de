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


def test_members_stored_under_one_name_start_together() -> None:
    g = Groups.known([("m3", "ev1"), ("m1", "ev2"), ("m2", "ev1"), ("m4", None)])
    assert g.find("m2") == g.find("m3") == "m2"
    assert g.find("m1") == "m1" and g.find("m4") == "m4"
    assert set(g.parent) == {"m1", "m2", "m3", "m4"}
