"""The explorer's filters: what a query string may say, and what it is refused for."""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from schemas.explorer import PLOVER_TYPES, EventFilter, EventQuery


def test_blank_boxes_of_the_form_mean_no_filter() -> None:
    f = EventFilter.model_validate({"type": [""], "country": "", "start": "", "end": "", "outlet": "", "q": ""})
    assert f == EventFilter()


def test_values_are_normalised() -> None:
    f = EventFilter.model_validate({"type": ["assault", " Protest "], "country": "ukr", "start": "2024-02-01"})
    assert f.type == ["ASSAULT", "PROTEST"]
    assert f.country == "UKR"
    assert f.start == dt.date(2024, 2, 1)


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"type": ["BOMBING"]}, "type", "ASSAULT"),
        ({"country": "Ukraine"}, "country", "three letters"),
        ({"start": "2024-13-01"}, "start", "month"),
        ({"start": "2024-03-02", "end": "2024-03-01"}, "end", "before start"),
        ({"q": "x" * 201}, "q", "200"),
        ({"colour": "red"}, "colour", "Extra"),
    ],
)
def test_a_wrong_value_names_its_parameter_and_why(params: dict[str, object], field: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        EventFilter.model_validate(params)
    errors = caught.value.errors()
    assert [e["loc"][0] for e in errors] == [field]
    assert words.lower() in errors[0]["msg"].lower()


def test_a_page_is_bounded() -> None:
    assert EventQuery().per_page == 50
    with pytest.raises(ValidationError):
        EventQuery(per_page=501)
    with pytest.raises(ValidationError):
        EventQuery(page=0)


def test_the_sixteen_plover_types() -> None:
    assert len(PLOVER_TYPES) == len(set(PLOVER_TYPES)) == 16


def test_a_query_gives_its_filters_alone() -> None:
    query = EventQuery(type=["AID"], country="SDN", page=3, per_page=20)
    assert query.filters() == EventFilter(type=["AID"], country="SDN")
    assert type(query.filters()) is EventFilter
