"""The explorer's pages: the same queries as the API, drawn with Jinja templates that escape every value."""

from __future__ import annotations

import asyncio
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from schemas.explorer import PLOVER_TYPES, EventFilter, EventQuery
from services.web import charts, queries
from services.web.api import Id, article_detail, event_detail, read
from services.web.basemap import Projection, country_shapes
from services.web.marking import mark_body, mark_sentence
from services.web.paths import TEMPLATES

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES)  # autoescape is on for .html
MAP = Projection(width=960, height=380)


def filter_params(filters: EventFilter, **changes: Any) -> dict[str, Any]:
    """The filters as query parameters, without the empty ones (a shared URL stays short)."""
    values = {**filters.model_dump(mode="json"), **changes}
    return {k: v for k, v in values.items() if v not in (None, "", [])}


def query_string(filters: EventFilter, **changes: Any) -> str:
    return urlencode(filter_params(filters, **changes), doseq=True)


def names(parties: list[dict[str, Any]]) -> list[str]:
    return [p["name"] for p in parties if p.get("name")]


@router.get("/types.css")
async def type_colours() -> Response:
    """Each type's colour as a class, from ``charts.TYPE_COLOURS``: the one list the bars and the badges share."""
    rules = [f".t-{kind} {{ fill: {c}; background: {c}; }}" for kind, c in charts.TYPE_COLOURS.items()]
    return Response("\n".join(rules) + "\n", media_type="text/css", headers={"Cache-Control": "max-age=3600"})


@router.get("/", response_class=HTMLResponse)
async def index(request: Request, query: Annotated[EventQuery, Query()]) -> Response:
    filters = query.filters()
    first, last = await read(request, queries.span, filters)
    unit = charts.unit_for(first, last) if first and last else "day"
    # The table, the timeline and the map read apart, each on a connection of its own: Postgres runs them side by
    # side, and the page waits for the slowest rather than for their sum.
    (total, rows), days, places, outlets = await asyncio.gather(
        read(request, queries.events_page, filters, page=query.page, per_page=query.per_page),
        read(request, queries.timeline, filters, unit),
        read(request, queries.map_points, filters),
        read(request, queries.outlets),
    )
    pages = max(1, -(-total // query.per_page))
    context = {
        "filters": filters,
        "query": query,
        "total": total,
        "events": rows,
        "pages": pages,
        "timeline": charts.timeline(days, unit=unit),
        "shapes": country_shapes(MAP),
        "dots": (found := charts.dots(places, MAP)),
        "view": charts.view(found, MAP),
        "map": MAP,
        "types": PLOVER_TYPES,
        "outlets": outlets,
        "qs": query_string(filters),
        "page_qs": {
            n: query_string(filters, page=n, per_page=query.per_page) for n in (query.page - 1, query.page + 1)
        },
    }
    return templates.TemplateResponse(request, "index.html", context)


@router.get("/events/{event_id}", response_class=HTMLResponse)
async def event_page(request: Request, event_id: Id) -> Response:
    found = await read(request, event_detail, event_id)
    if found["event"]["event_id"] != event_id:
        return RedirectResponse(f"/events/{found['event']['event_id']}", status_code=301)
    mentions = [
        {**m, "segments": mark_sentence(m["sentence"], m["trigger"], names(m["actors"]), names(m["recipients"]))}
        for m in found["mentions"]
    ]
    context = {"event": found["event"], "mentions": mentions}
    return templates.TemplateResponse(request, "event.html", context)


@router.get("/articles/{article_id}", response_class=HTMLResponse)
async def article_page(request: Request, article_id: Id) -> Response:
    found = await article_detail(request, article_id)
    context = {"article": found, "segments": mark_body(found["body"], found["mentions"])}
    return templates.TemplateResponse(request, "article.html", context)


def error_page(request: Request, status: int, title: str, lines: list[str]) -> Response:
    return templates.TemplateResponse(request, "error.html", {"title": title, "lines": lines}, status_code=status)
