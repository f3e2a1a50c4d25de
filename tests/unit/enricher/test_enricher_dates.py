from __future__ import annotations

import datetime as dt

import pytest

from services.enricher.dates import resolve_dates

PUB = dt.date(2020, 2, 10)  # a Monday


def _one(text: str, pub: dt.date | dt.datetime | None = PUB) -> tuple[dt.date | None, dt.date | None, str]:
    ms = resolve_dates(text, pub)
    assert len(ms) == 1, ms
    assert text[ms[0].start : ms[0].end] == ms[0].text
    return ms[0].date, ms[0].end_date, ms[0].precision


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The minister said Monday that talks failed.", (dt.date(2020, 2, 10), None, "day")),
        ("The first meeting was held on Saturday.", (dt.date(2020, 2, 8), None, "day")),
        ("On Feb. 3, an attack killed eight soldiers.", (dt.date(2020, 2, 3), None, "day")),
        ("Talks began on Feb. 17, 2019 in the capital.", (dt.date(2019, 2, 17), None, "day")),
        ("The truce of Dec. 15 collapsed.", (dt.date(2019, 12, 15), None, "day")),
        ("A new agreement was reached on Jan. 12 this year.", (dt.date(2020, 1, 12), None, "day")),
        ("A meeting began today.", (PUB, None, "day")),
        ("Soldiers were killed earlier this week.", (dt.date(2020, 2, 10), dt.date(2020, 2, 10), "week")),
        ("Their shelling last week killed eight.", (dt.date(2020, 2, 3), dt.date(2020, 2, 9), "week")),
        ("In September 2018, the two agreed.", (dt.date(2018, 9, 1), dt.date(2018, 9, 30), "month")),
        ("Civilians have been killed since March 2011.", (dt.date(2011, 3, 1), PUB, "range")),
        ("The war began in 2011.", (dt.date(2011, 1, 1), dt.date(2011, 12, 31), "year")),
        ("They met at the weekend.", (dt.date(2020, 2, 8), dt.date(2020, 2, 9), "range")),
    ],
)
def test_expressions(text: str, expected: tuple[dt.date | None, dt.date | None, str]) -> None:
    assert _one(text) == expected


def test_weekday_points_forward_in_future_talk() -> None:
    pub = dt.date(2020, 2, 7)  # a Friday
    assert _one("A delegation is expected to arrive in Ankara on Saturday.", pub)[0] == dt.date(2020, 2, 8)
    assert _one("A delegation will arrive on Thursday.", pub)[0] == dt.date(2020, 2, 13)
    assert _one("A delegation arrived on Thursday.", pub)[0] == dt.date(2020, 2, 6)


def test_month_day_near_publication_in_the_future_stays_this_year() -> None:
    assert _one("Discussions would continue on Feb. 18.", dt.date(2020, 2, 17))[0] == dt.date(2020, 2, 18)


def test_datetime_publication_and_year_boundary() -> None:
    pub = dt.datetime(2021, 1, 3, 9, 30)
    assert _one("Fighting flared on Dec. 30.", pub)[0] == dt.date(2020, 12, 30)
    assert _one("The ceasefire began in December.", pub)[:2] == (dt.date(2020, 12, 1), dt.date(2020, 12, 31))


def test_since_then_runs_from_the_date_before() -> None:
    ms = resolve_dates("In September 2018 they agreed; since then 1,800 civilians died.", PUB)
    assert [(m.text, m.date, m.end_date, m.precision) for m in ms] == [
        ("September 2018", dt.date(2018, 9, 1), dt.date(2018, 9, 30), "month"),
        ("since then", dt.date(2018, 9, 1), PUB, "range"),
    ]


def test_without_publication_date_only_absolute_dates_resolve() -> None:
    ms = resolve_dates("On Saturday and on Feb. 3 and on Feb. 17, 2020.", None)
    assert [(m.text, m.date) for m in ms] == [
        ("Saturday", None),
        ("Feb. 3", None),
        ("Feb. 17, 2020", dt.date(2020, 2, 17)),
    ]


def test_numbers_and_modal_may_are_not_dates() -> None:
    assert resolve_dates("More than 1,800 civilians and 2,000 troops; officials may meet.", PUB) == []
