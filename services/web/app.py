"""The explorer as an ASGI app: the JSON API (``/api``, its OpenAPI schema at ``/api/openapi.json``) and the pages
drawn from the same queries. Read-only: every route is a GET, on a pool of a role that cannot write."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from psycopg import errors as pg_errors
from psycopg_pool import AsyncConnectionPool

from services.common.settings import Settings
from services.web import api, pages
from services.web.db import open_pool, reader_conninfo, refuse_writers
from services.web.live import LagWatch
from services.web.paths import STATIC


def create_app(settings: Settings, *, pool: AsyncConnectionPool | None = None) -> FastAPI:
    """``pool``: an open pool to use instead of one made from the settings (tests); it is not closed here."""

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        own = pool is None
        app.state.pool = pool or await open_pool(reader_conninfo(settings))
        app.state.lag = LagWatch(settings)
        try:
            async with app.state.pool.connection() as conn:
                await refuse_writers(conn)
            yield
        finally:
            await app.state.lag.close()
            if own:
                await app.state.pool.close()

    app = FastAPI(
        title="newsstream explorer",
        version="1",
        summary="Read-only access to the events, mentions and articles the newsstream sink wrote.",
        openapi_url="/api/openapi.json",
        # The interactive docs load their script from a CDN, which an offline machine cannot reach.
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.include_router(api.router)
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(RequestValidationError, bad_request)  # type: ignore[arg-type]
    app.add_exception_handler(pg_errors.UndefinedTable, nothing_landed)
    app.middleware("http")(security_headers)
    return app


def problems(exc: RequestValidationError) -> list[dict[str, str]]:
    """Each wrong parameter and why, in words (pydantic's message, its ``loc`` reduced to the parameter name)."""
    found = []
    for error in exc.errors():
        loc = [str(part) for part in error.get("loc", ()) if part not in ("query", "path")]
        name = loc[0] if loc else "query"
        if error.get("type") == "extra_forbidden":
            reason = "unknown parameter"
        else:
            reason = str(error.get("msg", "invalid")).removeprefix("Value error, ")
        found.append({"parameter": name, "reason": reason})
    return found


async def bad_request(request: Request, exc: RequestValidationError) -> Response:
    found = problems(exc)
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": "bad parameter", "problems": found}, status_code=400)
    return pages.error_page(request, 400, "Bad parameter", [f"{p['parameter']}: {p['reason']}" for p in found])


async def nothing_landed(request: Request, exc: Exception) -> Response:
    message = "No tables yet: the sink has not run against this database (run the demo first)."
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message}, status_code=503)
    return pages.error_page(request, 503, "Nothing has landed yet", [message])


async def security_headers(request: Request, call_next: Any) -> Response:
    response: Response = await call_next(request)
    # Scripts and styles only from this server, no inline script: a value that escaped would still not run.
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; object-src 'none';"
        " base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response

