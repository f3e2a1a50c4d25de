from __future__ import annotations

import pytest

from services.common.sentences import split_sentences
from services.extractor.lexicon import triggers
from services.extractor.triggers import find_triggers


def _found(text: str) -> list[tuple[str, str, bool]]:
    (sent,) = split_sentences(text)
    return [(t.text, t.entry.type, t.passive) for t in find_triggers(text, sent)]


def test_dictionary_covers_the_core_types() -> None:
    table = triggers()
    assert table["talks"].type == "CONSULT" and table["talks"].cameo == "04"
    assert table["telephone conversation"].type == "CONSULT"
    assert table["agreed"].type == "AGREE"
    assert table["martyred"].type == "ASSAULT" and "kill" in table["martyred"].flags
    assert table["postponed"].type == "SANCTION"
    assert {table[w].type for w in ("threatened", "accused", "demanded")} == {"THREATEN", "ACCUSE", "REQUEST"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Russian officials had talks with Turkish officials.", [("talks", "CONSULT", False)]),
        ("Erdogan and Putin spoke during a telephone conversation.", [("telephone conversation", "CONSULT", False)]),
        ("Turkey and Russia canceled a joint patrol.", [("canceled", "SANCTION", False)]),
        ("The patrol was postponed over harsh weather.", [("postponed", "SANCTION", True)]),
        (
            "Civilians were killed in attacks by the regime.",
            [("killed", "ASSAULT", True), ("attacks", "ASSAULT", False)],
        ),
        ("Syrian forces entered the town.", [("entered", "ASSAULT", False)]),
    ],
)
def test_triggers(text: str, expected: list[tuple[str, str, bool]]) -> None:
    assert _found(text) == expected


def test_context_checks() -> None:
    assert _found("Despite agreements in Sochi, the fighting went on.") == []  # names an earlier agreement
    assert _found("After the attack on Feb. 3, nothing happened.") == []
    assert _found("Ankara aims to halt a humanitarian crisis.") == []  # nothing cut between two sides
    assert _found("The delegation entered the room.") == []  # "entered" needs an armed subject
    assert _found("We need to deal with the crisis.") == []


def test_every_form_has_one_meaning_and_every_plover_type_has_forms() -> None:
    from collections import Counter

    from services.extractor.lexicon import _rows

    forms = Counter(f.strip().lower() for row in _rows("verbs.tsv") for f in row["forms"].split("|") if f.strip())
    assert [f for f, n in forms.items() if n > 1] == []
    plover = {
        "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
        "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
    }  # fmt: skip
    assert {e.type for e in triggers().values()} == plover
