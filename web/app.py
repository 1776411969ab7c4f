"""The FastAPI application: JSON API under /api (OpenAPI docs at /api/docs) and the pages.

Every read and every command goes through the one shared policy (`domain.policy.may_read`,
`may_issue`); the engine itself (the workflow's validator) has the last word on the rules.

HTTP statuses of the API, every error with the body {code, zh, en}: 200/201 done; 401 not logged
in (or a wrong password); 403 the policy says no (or the CSRF token is missing); 404 no such case
(or no such address); 405 a method the address does not take; 409 the engine refused the
command; 413 a request body over 1 MiB; 422 malformed input; 429 too many failed logins (see
Retry-After); 504 the engine did not answer in time (outcome unknown: retry with the same request
id, it is idempotent).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import swagger_ui
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from temporalio.client import Client

from runtime import client as engine
from runtime import telemetry
from runtime.settings import Settings, load_settings
from store.courts import RegistryCache
from store.db import shared_database
from web import edge, exports, health, metrics, pages, payload_codec, writs
from web.api import cases, session, supervision
from web.auth import Sessions, load_secret
from web.problems import documented
from web.templating import page
from web.tracing import TraceRequests

HERE = Path(__file__).resolve().parent


def create_app(
    settings: Settings | None = None,
    *,
    client: Client | None = None,
    pool: asyncpg.Pool | None = None,
    trusted_header: str | None = None,
) -> FastAPI:
    """The app on `settings`: a given Temporal client and pool (tests, `zhixing dev`) are used
    as they are; otherwise the lifespan connects and opens them (and closes the database it
    opened).
    `trusted_header` defaults to `ZHIXING_TRUSTED_HEADER` (web/auth.py)."""
    settings = settings or load_settings()
    header = (
        trusted_header if trusted_header is not None else os.environ.get("ZHIXING_TRUSTED_HEADER")
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        database = None
        app.state.client = client or await engine.connect(settings)
        if pool is None:
            database = shared_database(settings)
            app.state.pool = await database.pool()
        else:
            app.state.pool = pool
        app.state.courts = RegistryCache(app.state.pool)
        app.state.sessions = Sessions(
            app.state.pool, load_secret(settings.data_dir), header or None
        )
        try:
            yield
        finally:
            if database is not None:
                await database.close()

    app = FastAPI(
        title="zhixing 执行 API",
        description=__doc__,
        lifespan=lifespan,
        docs_url=None,
        redoc_url=None,
        openapi_url="/api/openapi.json",
        responses=documented(
            {
                401: "not logged in",
                413: "request body over 1 MiB",
                422: "malformed input (`errors` says what and where)",
            }
        ),
    )
    app.state.settings = settings
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _mount_docs(app)
    for router in (
        payload_codec.router,
        session.router,
        cases.router,
        supervision.router,
        pages.router,
        exports.router,
        health.router,
        metrics.router,
        writs.router,
    ):
        app.include_router(router)

    edge.install(app, settings.web)
    if telemetry.tracing_enabled():
        app.add_middleware(TraceRequests)
    return app


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI from the swagger-ui-py wheel's static files: nothing from a CDN. The page
    (templates/api-docs.html) starts it from static/api-docs.js: the CSP allows no inline
    script."""
    assets = Path(swagger_ui.__file__).resolve().parent / "static"
    app.mount("/api/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/api/docs", include_in_schema=False)
    async def docs(request: Request) -> HTMLResponse:
        return page(request, "api-docs.html", {"openapi_url": app.openapi_url})
