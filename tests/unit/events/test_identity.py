import datetime as dt

from services.events.identity import Signature, same_event

D = dt.date
REPORTED = D(2020, 2, 10)


def sig(
    type_: str = "ASSAULT",
    actors: str = "SYR",
    recipients: str = "TUR",
    date: dt.date | None = None,
    reported: dt.date | None = REPORTED,
    killed: int | None = 8,
    where: str | None = None,
) -> Signature:
    return Signature(type_, frozenset(filter(None, actors.split(","))), frozenset(filter(None, recipients.split(","))),
                     date, reported, killed, where)  # fmt: skip


def test_same_attack_dated_in_two_reports() -> None:
    assert same_event(sig(date=D(2020, 2, 3)), sig(date=D(2020, 2, 4), reported=D(2020, 2, 4)))


def test_dates_two_days_apart_are_different_events() -> None:
    assert not same_event(sig(date=D(2020, 2, 3)), sig(date=D(2020, 2, 5)))


def test_undated_report_days_later_with_same_toll_joins_the_dated_event() -> None:
    assert same_event(sig(date=D(2020, 2, 3)), sig(date=None, reported=D(2020, 2, 7)))


def test_undated_report_with_other_toll_stays_apart() -> None:
    assert not same_event(sig(date=D(2020, 2, 3)), sig(date=None, reported=D(2020, 2, 24), killed=16))


def test_undated_report_before_the_event_cannot_be_it() -> None:
    assert not same_event(sig(date=D(2020, 2, 3)), sig(date=None, reported=D(2020, 1, 30)))


def test_undated_without_toll_never_merges() -> None:
    assert not same_event(sig(date=D(2020, 2, 3), killed=None), sig(date=None, reported=D(2020, 2, 5), killed=None))


def test_symmetric_types_ignore_order() -> None:
    a = sig("CONSULT", "TUR", "RUS", D(2020, 2, 8), killed=None)
    b = sig("CONSULT", "RUS", "TUR", D(2020, 2, 8), killed=None)
    assert same_event(a, b)
    assert not same_event(sig("ASSAULT", "TUR", "SYR", D(2020, 2, 3)), sig("ASSAULT", "SYR", "TUR", D(2020, 2, 3)))


def test_other_type_or_place_is_another_event() -> None:
    assert not same_event(sig(date=D(2020, 2, 3)), sig("PROTEST", date=D(2020, 2, 3)))
    a, b = sig(date=D(2020, 2, 3), where="Idlib"), sig(date=D(2020, 2, 3), where="Aleppo")
    assert not same_event(a, b)


def test_an_open_side_is_no_contradiction() -> None:
    assert same_event(sig(date=D(2020, 2, 6), recipients="", killed=None), sig(date=D(2020, 2, 6), killed=None))


def test_tolls_that_differ_by_a_few_agree_and_a_multiple_does_not() -> None:
    assert same_event(sig(date=D(2020, 2, 3), killed=30), sig(date=D(2020, 2, 3), killed=34))
    assert not same_event(sig(date=D(2020, 2, 3), killed=8), sig(date=D(2020, 2, 3), killed=70))


def test_a_place_inside_the_country_named_as_the_other_s_place_agrees() -> None:
    town = Signature("ASSAULT", frozenset({"SYR"}), frozenset({"TUR"}), D(2020, 2, 3), REPORTED, 8, "Saraqib", "SYR")
    country = Signature("ASSAULT", frozenset({"SYR"}), frozenset({"TUR"}), D(2020, 2, 3), REPORTED, 8, "Syria", "SYR")
    abroad = Signature("ASSAULT", frozenset({"SYR"}), frozenset({"TUR"}), D(2020, 2, 3), REPORTED, 8, "Hatay", "TUR")
    assert same_event(town, country) and same_event(country, town)
    assert not same_event(town, abroad)


def test_an_undated_mention_is_tied_to_its_article_s_only_dated_one() -> None:
    from services.events.identity import article_links

    dated, undated = sig("AGREE", date=D(2020, 3, 5), killed=None), sig("AGREE", date=None, killed=None)
    assert article_links([("a", dated), ("b", undated)]) == [("b", "a")]
    assert article_links([("a", dated), ("b", undated), ("c", sig("AGREE", date=D(2020, 3, 1), killed=None))]) == []
