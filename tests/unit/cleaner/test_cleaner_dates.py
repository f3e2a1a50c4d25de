"""Printed publication stamps: which lines are stamps, and what they say."""

from __future__ import annotations

import datetime as dt

import pytest

from services.cleaner.dates import parse_date_line
from services.cleaner.patterns import load_patterns


@pytest.mark.parametrize(
    ("line", "value"),
    [
        ("• February 18 2020 12:15:00", dt.datetime(2020, 2, 18, 12, 15)),
        ("Published: 18.02.2020 - 12:15", dt.datetime(2020, 2, 18, 12, 15)),
        ("Feb. 18, 2020 3:05 pm GMT+3", dt.datetime(2020, 2, 18, 15, 5)),
        ("2020-02-18T12:15:00+03:00", dt.datetime(2020, 2, 18, 12, 15)),
        ("Tuesday, 18 February 2020", dt.date(2020, 2, 18)),
        ("18 Şubat 2020 Salı 12:15", dt.datetime(2020, 2, 18, 12, 15)),
        ("February 18, 2020 / 12:06 PM / Updated 3 hours ago", dt.datetime(2020, 2, 18, 12, 6)),
        ("Jane Doe | 29.02.2020", dt.date(2020, 2, 29)),
        ("ISTANBUL Feb 18, 2020", dt.date(2020, 2, 18)),
        ("Published: 18.02.2020 12:15 | Updated: 18.02.2020 16:40", dt.datetime(2020, 2, 18, 12, 15)),
        ("Posted on Tuesday, February 18, 2020 by Jane Doe", dt.date(2020, 2, 18)),
        ("Jane Doe | Capital Wire Service | 18 February 2020", dt.date(2020, 2, 18)),
    ],
)
def test_stamp_lines(line: str, value: dt.date) -> None:
    stamp = parse_date_line(line, load_patterns())
    assert stamp is not None and stamp.value == value


@pytest.mark.parametrize(
    "line",
    [
        "On Feb. 3, an attack in the province killed seven soldiers and one civilian contractor.",
        "Talks resumed on February 18 2020 in the capital",
        "Feb 2020",
        "31.02.2020",
        "Three people were hurt",
    ],
)
def test_sentences_and_partial_dates_are_not_stamps(line: str) -> None:
    assert parse_date_line(line, load_patterns()) is None


def test_update_stamp_is_flagged_and_place_kept() -> None:
    patterns = load_patterns()
    stamp = parse_date_line("Updated: 19.02.2020 09:00", patterns)
    assert stamp is not None and stamp.is_update
    placed = parse_date_line("ISTANBUL Feb 18, 2020", patterns)
    assert placed is not None and placed.leftover == "ISTANBUL"


def test_an_update_is_one_only_when_the_word_comes_before_the_date() -> None:
    patterns = load_patterns()
    both = parse_date_line("Published: 18.02.2020 12:15 | Updated: 18.02.2020 16:40", patterns)
    assert both is not None and not both.is_update
    update = parse_date_line("Last updated on February 19, 2020", patterns)
    assert update is not None and update.is_update


def test_a_sentence_with_a_date_and_an_agent_is_no_stamp() -> None:
    assert parse_date_line("The town was shelled on February 18, 2020 by government forces", load_patterns()) is None
