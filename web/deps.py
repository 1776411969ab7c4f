"""FastAPI dependencies: the logged-in session (optional; required; required with the CSRF header
on the API's writes) and what the app holds in its state (pool, Temporal client, sessions,
settings), with their `Annotated` aliases for route signatures."""

from __future__ import annotations

from typing import Annotated

import asyncpg
from fastapi import Depends, Request
from temporalio.client import Client

from domain.courts import CourtRegistry
from runtime.settings import Settings
from web.auth import CSRF_HEADER, SESSION_COOKIE, Session, Sessions, csrf_ok
from web.problems import Problem, not_logged_in


def sessions_of(request: Request) -> Sessions:
    sessions: Sessions = request.app.state.sessions
    return sessions


def pool_of(request: Request) -> asyncpg.Pool:
    pool: asyncpg.Pool = request.app.state.pool
    return pool


def client_of(request: Request) -> Client:
    client: Client = request.app.state.client
    return client


async def courts_of(request: Request) -> CourtRegistry:
    """The court registry (store/courts.py RegistryCache)."""
    registry: CourtRegistry = await request.app.state.courts.get()
    return registry


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


async def optional_session(request: Request) -> Session | None:
    return await sessions_of(request).resolve(
        request.cookies.get(SESSION_COOKIE), {k.lower(): v for k, v in request.headers.items()}
    )


async def session(request: Request) -> Session:
    found = await optional_session(request)
    if found is None:
        raise not_logged_in()
    return found


async def api_session(request: Request) -> Session:
    """The session, and for unsafe methods the CSRF header."""
    found = await session(request)
    if request.method not in ("GET", "HEAD", "OPTIONS") and not csrf_ok(
        found, request.headers.get(CSRF_HEADER)
    ):
        raise Problem(403, "auth.csrf", "CSRF 校验失败", f"missing or wrong {CSRF_HEADER}")
    return found


OptionalSession = Annotated[Session | None, Depends(optional_session)]
SessionDep = Annotated[Session, Depends(session)]
ApiSession = Annotated[Session, Depends(api_session)]
PoolDep = Annotated[asyncpg.Pool, Depends(pool_of)]
ClientDep = Annotated[Client, Depends(client_of)]
SessionsDep = Annotated[Sessions, Depends(sessions_of)]
SettingsDep = Annotated[Settings, Depends(settings_of)]
CourtsDep = Annotated[CourtRegistry, Depends(courts_of)]
