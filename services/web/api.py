"""The JSON API: the page's queries, paginated where they list, and the exports. Every route is a GET."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, HTTPException, Path, Query, Request
from fastapi.responses import Response, StreamingResponse
from psycopg import AsyncConnection

from schemas.explorer import (
    ArticleDetail,
    DayCount,
    EventDetail,
    EventFilter,
    EventPage,
    EventQuery,
    LiveCounts,
    MapPoint,
    TimelineQuery,
)
from services.web import exports, queries

router = APIRouter(prefix="/api", tags=["api"])
T = TypeVar("T")
Id = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_.:-]+$")]
Kind = Annotated[str, Path(pattern=r"^(events|mentions)$", description="events or mentions")]


def connection(request: Request) -> Any:
    return request.app.state.pool.connection()


async def read(request: Request, query: Callable[..., Awaitable[T]], *args: Any, **kwargs: Any) -> T:
    """One of ``queries``' reads (``query(conn, *args, **kwargs)``) on a connection of the pool's own."""
    async with connection(request) as conn:
        return await query(conn, *args, **kwargs)


@router.get("/events", response_model=EventPage, summary="Events that match the filters, a page at a time")
async def list_events(request: Request, query: Annotated[EventQuery, Query()]) -> dict[str, Any]:
    total, rows = await read(request, queries.events_page, query.filters(), page=query.page, per_page=query.per_page)
    return {"total": total, "page": query.page, "per_page": query.per_page, "items": rows}


async def event_detail(conn: AsyncConnection[Any], event_id: str) -> dict[str, Any]:
    """The event and its mentions; a merged event answers with the event it merged into."""
    found = await queries.event(conn, event_id)
    if found is not None and found.get("merged_into"):
        found = await queries.event(conn, found["merged_into"])
    if found is None:
        raise HTTPException(404, f"no event {event_id}")
    return {"event": found, "mentions": await queries.event_mentions(conn, found["event_id"])}


@router.get("/events/{event_id}", response_model=EventDetail, summary="One event with every mention of it")
async def get_event(request: Request, event_id: Id) -> dict[str, Any]:
    return await read(request, event_detail, event_id)


async def article_detail(request: Request, article_id: str) -> dict[str, Any]:
    """The article with its mentions, or a 404."""
    found = await read(request, queries.article, article_id)
    if found is None:
        raise HTTPException(404, f"no article {article_id}")
    return found


@router.get("/articles/{article_id}", response_model=ArticleDetail, summary="One article, cleaned, with its events")
async def get_article(request: Request, article_id: Id) -> dict[str, Any]:
    return await article_detail(request, article_id)


@router.get("/timeline", response_model=list[DayCount], summary="Events per day (or week, or month) and type")
async def get_timeline(request: Request, query: Annotated[TimelineQuery, Query()]) -> list[dict[str, Any]]:
    return await read(request, queries.timeline, query.filters(), query.unit)


@router.get("/map", response_model=list[MapPoint], summary="Events per place (to a tenth of a degree)")
async def get_map(request: Request, filters: Annotated[EventFilter, Query()]) -> list[dict[str, Any]]:
    return await read(request, queries.map_points, filters)


@router.get("/counts", response_model=LiveCounts, summary="Rows landed so far and the pipeline's lag")
async def get_counts(request: Request) -> dict[str, Any]:
    found: dict[str, Any] = await read(request, queries.counts)
    lag = await request.app.state.lag.lag()
    return {**found, "lag": lag.records, "lag_error": lag.error}


@router.get(
    "/export/{kind}.csv",
    summary="The filtered events or mentions as CSV (GDELT-like columns)",
    response_class=StreamingResponse,
    responses={200: {"content": {"text/csv": {}}}},
)
async def export_csv(request: Request, kind: Kind, filters: Annotated[EventFilter, Query()]) -> StreamingResponse:
    async def body() -> AsyncIterator[bytes]:
        # The connection is held for as long as the client reads, and given back when it stops.
        async with connection(request) as conn:
            async for part in exports.csv_lines(queries.export_rows(conn, kind, filters)):
                yield part

    headers = {"Content-Disposition": f'attachment; filename="newsstream-{kind}.csv"'}
    return StreamingResponse(body(), media_type="text/csv; charset=utf-8", headers=headers)


@router.get(
    "/export/{kind}.parquet",
    summary="The filtered events or mentions as Parquet (GDELT-like columns)",
    response_class=Response,
    responses={200: {"content": {"application/vnd.apache.parquet": {}}}},
)
async def export_parquet(request: Request, kind: Kind, filters: Annotated[EventFilter, Query()]) -> Response:
    async with connection(request) as conn:  # the export's rows are read on the connection they are written from
        data = await exports.parquet(queries.export_rows(conn, kind, filters))
    headers = {"Content-Disposition": f'attachment; filename="newsstream-{kind}.parquet"'}
    return Response(data, media_type="application/vnd.apache.parquet", headers=headers)
