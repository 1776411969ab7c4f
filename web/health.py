"""Health (`/healthz`: the process is alive) and readiness (`/readyz`: Temporal answers, the case
record's PostgreSQL answers and has every migration), for the web process and, through
`health_app`, the worker process (`ZHIXING_WORKER_HEALTH_ADDRESS`, workers/worker.py), whose
/readyz also says whether its Temporal workers poll (`workers`).

`/readyz` answers 200 with each check's result when all pass, 503 with what failed otherwise;
each check gives up after `CHECK_TIMEOUT` so a probe never hangs on a dead server. Neither needs
a login (an orchestrator's probes call them).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import timedelta

import asyncpg
from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from temporalio.client import Client

from store.db import pending_migrations

CHECK_TIMEOUT = 3.0  # seconds
OK = "ok"

PoolSource = Callable[[], Awaitable[asyncpg.Pool]]

router = APIRouter(include_in_schema=False)


async def temporal_check(client: Client) -> str:
    try:
        healthy = await client.service_client.check_health(timeout=timedelta(seconds=CHECK_TIMEOUT))
    except Exception as exc:  # any failure to answer is "not ready", said as it is
        return f"unreachable: {type(exc).__name__}: {exc}"
    return OK if healthy else "not serving"


async def database_check(pool: PoolSource) -> str:
    async def check() -> str:
        async with (await pool()).acquire() as conn:
            pending = await pending_migrations(conn)
        return OK if not pending else "pending migrations: " + ", ".join(m.name for m in pending)

    try:
        return await asyncio.wait_for(check(), CHECK_TIMEOUT)
    except TimeoutError:
        return f"no answer within {CHECK_TIMEOUT:g}s"
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        return f"unusable: {type(exc).__name__}: {exc}"


async def readiness(client: Client, pool: PoolSource) -> dict[str, str]:
    """Each check's result: "ok", or what is wrong."""
    temporal, database = await asyncio.gather(temporal_check(client), database_check(pool))
    return {"temporal": temporal, "postgresql": database}


def _pool_source(request: Request) -> PoolSource:
    source: PoolSource | None = getattr(request.app.state, "pool_source", None)
    if source is not None:
        return source
    pool: asyncpg.Pool = request.app.state.pool

    async def given() -> asyncpg.Pool:
        return pool

    return given


@router.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": OK}


@router.get("/readyz")
async def readyz(request: Request) -> JSONResponse:
    checks = await readiness(request.app.state.client, _pool_source(request))
    workers: Callable[[], str] | None = getattr(request.app.state, "workers", None)
    if workers is not None:
        checks["workers"] = workers()
    ready = all(v == OK for v in checks.values())
    return JSONResponse(
        {"status": "ready" if ready else "not ready", "checks": checks},
        status_code=200 if ready else 503,
    )


def health_app(
    client: Client, pool: PoolSource, workers: Callable[[], str] | None = None
) -> FastAPI:
    """The worker's own small app: /healthz and /readyz, nothing else. `workers`: what the
    process's Temporal workers are doing ("ok": polling), one more check of /readyz."""
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    app.state.client = client
    app.state.pool_source = pool
    app.state.workers = workers
    app.include_router(router)
    return app
