"""The FastAPI application: JSON API under /api (OpenAPI docs at /api/docs) and the pages.

Every read and every command goes through the one shared policy (`domain.policy.may_read`,
`may_issue`); the engine itself (the workflow's validator) has the last word on the rules.

HTTP statuses of the API: 200/201 done; 401 not logged in; 403 the policy says no (or the CSRF
token is missing); 404 no such case; 409 the engine refused the command (body: code, zh, en);
422 malformed input; 504 the engine did not answer in time (outcome unknown: retry with the same
request id, it is idempotent).
"""

from __future__ import annotations

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
import swagger_ui
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from temporalio.client import Client

from runtime import client as engine
from runtime.settings import Settings, load_settings
from store.db import shared_database
from web import pages, payload_codec
from web.api import cases, session, supervision
from web.auth import Sessions, load_secret
from web.problems import Problem
from web.templating import page

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
    ):
        app.include_router(router)

    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        """JSON under /api; elsewhere the login page (401) or the error page."""
        if request.url.path.startswith("/api/"):
            return JSONResponse(exc.body(), status_code=exc.status)
        if exc.status == 401:
            return RedirectResponse("/login", status_code=303)
        return page(request, "error.html", {"problem": exc, "session": None}, exc.status)

    @app.exception_handler(RequestValidationError)
    async def _malformed(request: Request, exc: RequestValidationError) -> Response:
        errors = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg"), "type": e.get("type")}
            for e in exc.errors()
        ]
        return JSONResponse(
            {
                "code": "request.malformed",
                "zh": "输入格式不正确",
                "en": "malformed input",
                "errors": errors,
            },
            status_code=422,
        )

    return app


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI from the swagger-ui-py wheel's static files: nothing from a CDN."""
    assets = Path(swagger_ui.__file__).resolve().parent / "static"
    app.mount("/api/docs-assets", StaticFiles(directory=str(assets)), name="docs-assets")

    @app.get("/api/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/api/openapi.json",
            title="zhixing 执行 API",
            swagger_js_url="/api/docs-assets/swagger-ui-bundle.js",
            swagger_css_url="/api/docs-assets/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        )
