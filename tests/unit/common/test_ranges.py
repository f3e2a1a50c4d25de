import datetime as dt

from services.common.ranges import merged


def test_overlapping_and_touching_ranges_join_and_come_out_in_order() -> None:
    assert merged([(10, 12), (0, 3), (3, 5), (4, 8), (20, 21)]) == [(0, 8), (10, 12), (20, 21)]
    assert merged([]) == []


def test_days_merge_the_same_way() -> None:
    d = dt.date
    days = [(d(2020, 2, 1), d(2020, 2, 10)), (d(2020, 2, 5), d(2020, 2, 20))]
    assert merged(days) == [(d(2020, 2, 1), d(2020, 2, 20))]
