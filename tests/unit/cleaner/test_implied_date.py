"""The publication day an undated text implies: its latest full date, moved on by the days it names after."""

from __future__ import annotations

import datetime as dt

import pytest

from services.cleaner.clean import clean_article
from services.cleaner.implied_date import implied_publication_day
from services.cleaner.patterns import load_patterns
from tests.unit.cleaner.helpers import make_raw

READ_ON = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("Talks began in Moscow on Feb. 17, 2020. They went on on Feb. 18 and Feb. 19.", dt.date(2020, 2, 19)),
        ("The vote on 3 March 2021 passed; the count ended on 5 March.", dt.date(2021, 3, 5)),
        ("The deal signed on 2019-07-01 was extended.", dt.date(2019, 7, 1)),
        ("Russian officials had talks on Feb. 8 and again on Saturday.", None),  # no year anywhere
        ("In September 2018 the two sides agreed on a zone.", None),  # a month, not a day
        ("The plant will open on 2030-01-01, the company said.", None),  # after the file was read
        ("Talks on Feb. 17, 2020; a summit planned for Oct. 3.", dt.date(2020, 2, 17)),  # too far on to be the same run
    ],
)
def test_implied_publication_day(text: str, day: dt.date | None) -> None:
    assert implied_publication_day(text, load_patterns().months, READ_ON) == day


def test_a_printed_stamp_or_sidecar_wins_and_the_text_is_the_last_resort() -> None:
    body = "Officials met in Ankara on Feb. 17, 2020, the ministry said. Talks resumed on Feb. 18, diplomats said."
    page = "Leaders agree to extend the truce\n\n" + body
    read = dt.datetime(2026, 11, 25, tzinfo=dt.UTC)
    raw = make_raw(page).model_copy(update={"produced_at": read})
    assert clean_article(raw).article.published_at == dt.date(2020, 2, 18)
    sidecar = make_raw(page, published_at="2020-02-19").model_copy(update={"produced_at": read})
    assert clean_article(sidecar).article.published_at == dt.date(2020, 2, 19)
    # Read before those days, the file cannot be from after them: nothing is implied.
    assert clean_article(make_raw(page)).article.published_at is None
