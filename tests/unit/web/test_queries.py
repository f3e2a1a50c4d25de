"""The shared WHERE clause: each filter adds its fragment, every value goes in as a parameter."""

from __future__ import annotations

import datetime as dt

from schemas.explorer import EventFilter
from services.web.queries import export_statement, where


def rendered(filters: EventFilter) -> tuple[str, dict[str, object]]:
    clause, params = where(filters)
    return clause.as_string(None), params


def test_no_filter_leaves_out_only_merged_events() -> None:
    assert rendered(EventFilter()) == ("e.merged_into IS NULL", {})


def test_each_filter_is_a_bound_parameter_never_text_in_the_statement() -> None:
    hostile = "x'); DROP TABLE events; --"
    filters = EventFilter(
        type=["ASSAULT"], country="UKR", start=dt.date(2024, 1, 1), end=dt.date(2024, 1, 31), outlet=hostile, q=hostile
    )
    text, params = rendered(filters)
    assert hostile not in text and "UKR" not in text
    assert params == {
        "type": ["ASSAULT"], "country": "UKR", "start": dt.date(2024, 1, 1), "end": dt.date(2024, 1, 31),
        "outlet": hostile, "q": hostile,
    }  # fmt: skip
    for placeholder in ("%(type)s", "%(country)s", "%(start)s", "%(end)s", "%(outlet)s", "%(q)s"):
        assert placeholder in text


def test_exports_share_the_filters() -> None:
    for kind in ("events", "mentions"):
        statement, params = export_statement(kind, EventFilter(country="SYR"))
        assert "%(country)s" in statement.as_string(None) and params == {"country": "SYR"}


def test_the_timeline_counts_bins_in_postgres() -> None:
    from services.web.queries import timeline_statement

    day, _ = timeline_statement(EventFilter())
    week, _ = timeline_statement(EventFilter(), "week")
    assert "date_trunc" not in day.as_string(None)
    assert "date_trunc('week'" in week.as_string(None)
