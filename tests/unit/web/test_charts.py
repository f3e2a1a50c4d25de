"""The timeline's bars and the map's circles, as plain geometry."""

from __future__ import annotations

import datetime as dt

from services.web.basemap import Projection
from services.web.charts import TYPE_COLOURS, View, dots, timeline, view


def day(n: int) -> dt.date:
    return dt.date(2024, 1, 1) + dt.timedelta(days=n)


def test_bars_stack_per_day_and_the_tallest_fills_the_height() -> None:
    rows = [
        {"day": day(0), "type": "ASSAULT", "events": 3},
        {"day": day(0), "type": "AGREE", "events": 1},
        {"day": day(2), "type": "PROTEST", "events": 2},
    ]
    t = timeline(rows, width=300, height=100)
    assert (t.first, t.last, t.peak, t.unit) == (day(0), day(2), 4, "day")
    first_day = [b for b in t.bars if b.start == day(0)]
    # cooperative types at the bottom: AGREE below ASSAULT, and the stack reaches the top
    assert [b.type for b in first_day] == ["AGREE", "ASSAULT"]
    assert first_day[0].y + first_day[0].height == 100
    assert min(b.y for b in first_day) == 0
    assert {b.x for b in t.bars} == {0, 200}  # three day slots of 100: day 0 and day 2
    assert all(b.colour == TYPE_COLOURS[b.type] for b in t.bars)


def test_long_ranges_count_weeks_then_months() -> None:
    two_years = [{"day": day(0), "type": "AID", "events": 1}, {"day": day(700), "type": "AID", "events": 1}]
    assert timeline(two_years).unit == "week"
    ten_years = [{"day": day(0), "type": "AID", "events": 1}, {"day": day(3650), "type": "AID", "events": 1}]
    t = timeline(ten_years)
    assert t.unit == "month" and all(b.start.day == 1 for b in t.bars)


def test_no_rows_no_bars() -> None:
    t = timeline([])
    assert t.bars == () and t.first is None


def test_dots_sit_on_the_projection_and_grow_with_events() -> None:
    projection = Projection(width=360, height=142)
    rows = [
        {"latitude": 0.0, "longitude": 0.0, "place": "A", "country": None, "events": 1, "fatalities": 0},
        {"latitude": 50.4, "longitude": 30.5, "place": "Kyiv", "country": "UKR", "events": 40, "fatalities": 3},
    ]
    found = dots(rows, projection)
    assert [d.place for d in found] == ["Kyiv", "A"]  # largest first, so small ones are drawn on top
    assert found[0].r > found[1].r
    assert (found[1].x, found[1].y) == projection.point(0.0, 0.0)


def test_the_map_frames_the_places_found_at_its_proportions() -> None:
    projection = Projection(width=960, height=380)
    assert view([], projection) == View(0.0, 0.0, 960, 380, 1.0)
    rows = [
        {"latitude": 36.2, "longitude": 37.2, "place": "Aleppo", "country": "SYR", "events": 3, "fatalities": 0},
        {"latitude": 39.9, "longitude": 32.9, "place": "Ankara", "country": "TUR", "events": 1, "fatalities": 0},
    ]
    found = dots(rows, projection)
    v = view(found, projection)
    assert v.width == 240 and abs(v.width / v.height - 960 / 380) < 0.01 and v.scale == 0.25
    for d in found:  # every place inside the frame
        assert v.x <= d.x <= v.x + v.width and v.y <= d.y <= v.y + v.height
    corner = dots([{**rows[0], "latitude": 83.0, "longitude": 179.0}], projection)
    edge = view(corner, projection)
    assert edge.x + edge.width <= 960 and edge.y >= 0  # kept inside the map


def test_the_axis_names_a_few_bins() -> None:
    rows = [{"day": day(n), "type": "AID", "events": 1} for n in range(30)]
    t = timeline(rows, width=300)
    assert 2 <= len(t.ticks) <= 7
    assert t.ticks[0] == (0, "2024-01-01")
    assert all(0 <= x < 300 for x, _ in t.ticks)


def test_rows_binned_by_the_caller_keep_its_unit() -> None:
    # 125 days of events are counted by week; the weeks' first days span only 119 days, which alone would read
    # as days and draw each week as a one-day bar among empty ones.
    weeks = [{"day": day(0) + dt.timedelta(days=7 * k), "type": "AID", "events": 2} for k in range(18)]
    t = timeline(weeks, unit="week", width=180)
    assert t.unit == "week"
    assert len(t.bars) == 18 and {b.width for b in t.bars} == {9.0}
    assert timeline(weeks, width=180).unit == "day"  # what the rows alone would have said
