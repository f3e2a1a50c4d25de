"""The app's shape, without a database: read-only routes, loopback by default, bad parameters in words."""

from __future__ import annotations

import pytest
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from schemas.explorer import EventQuery
from services.common.settings import Settings
from services.web.app import create_app, problems
from services.web.pages import query_string


def test_every_route_only_reads() -> None:
    app = create_app(Settings())
    methods = {m for route in app.routes for m in (getattr(route, "methods", None) or set())}
    assert methods <= {"GET", "HEAD"}


def test_the_explorer_listens_on_loopback_unless_told() -> None:
    assert Settings().explorer_host == "127.0.0.1"


def test_problems_name_each_parameter() -> None:
    with pytest.raises(ValidationError) as caught:
        EventQuery.model_validate({"per_page": "lots", "colour": "red"})
    errors = [{**e, "loc": ("query", *e["loc"])} for e in caught.value.errors()]
    found = problems(RequestValidationError(errors))
    assert {p["parameter"] for p in found} == {"per_page", "colour"}
    assert next(p for p in found if p["parameter"] == "colour")["reason"] == "unknown parameter"


def test_a_shared_url_keeps_only_the_filters_set() -> None:
    query = EventQuery(type=["ASSAULT", "PROTEST"], country="SDN")
    assert query_string(query, page=2) == "type=ASSAULT&type=PROTEST&country=SDN&page=2&per_page=50"
