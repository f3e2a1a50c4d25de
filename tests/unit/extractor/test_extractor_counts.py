from __future__ import annotations

import pytest

from services.extractor.counts import count_after, count_before, parse_number


@pytest.mark.parametrize(
    ("text", "value"),
    [("76", 76), ("1,800", 1800), ("1.7 million", 1_700_000), ("seventy-six", 76), ("a dozen", 12),
     ("two hundred and five", 205), ("Five", 5), ("hundreds", None)],
)  # fmt: skip
def test_parse_number(text: str, value: int | None) -> None:
    assert parse_number(text) == value


def _after(text: str, verb: str) -> tuple[int, str | None] | None:
    c = count_after(text, text.index(verb) + len(verb), len(text))
    return (c.value, c.qualifier) if c else None


def _before(text: str, verb: str) -> tuple[int, str | None] | None:
    c = count_before(text, 0, text.index(verb))
    return (c.value, c.qualifier) if c else None


def test_object_counts_are_summed_over_coordination() -> None:
    text = "killed seven Ethiopian soldiers and one civilian contractor working with the army"
    assert _after(text, "killed") == (8, None)
    assert _after("killed 54 Sudanese soldiers.", "killed") == (54, None)
    assert _after("neutralized over 40 rebel fighters, officials said", "neutralized") == (40, "over")
    assert _after("killing at least 2,300 villagers since then", "killing") == (2300, "at least")


def test_passive_subject_counts() -> None:
    assert _before("But more than 2,400 villagers have been killed", "killed") == (2400, "more than")
    assert _before("after 11 Nigerien soldiers were killed", "killed") == (11, None)


def test_things_and_vague_amounts_are_no_casualties() -> None:
    assert _after("struck over 50 targets and killed nobody", "struck") is None
    assert _before("hundreds of thousands of Syrians have been killed", "killed") is None
