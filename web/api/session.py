"""The API's session: log in (the session cookie and the CSRF token), who is logged in, log out."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from web.auth import (
    SESSION_COOKIE,
    Session,
    authenticate,
    clear_session_cookie,
    set_session_cookie,
)
from web.deps import ApiSession, PoolDep, SessionDep, SessionsDep
from web.problems import Problem

router = APIRouter(prefix="/api", tags=["session"])


class LoginRequest(BaseModel):
    user_id: str
    password: str


# The logged-in user (its `users` row) and the session's CSRF token. (A docstring would show in
# the OpenAPI schema.)
class Me(BaseModel):
    user_id: str
    display_name: str
    role: str
    court_code: str
    csrf_token: str


def me(s: Session) -> Me:
    return Me(**asdict(s.user), csrf_token=s.csrf_token)


@router.post("/session", response_model=Me)
async def api_login(body: LoginRequest, pool: PoolDep, sessions: SessionsDep) -> Response:
    user = await authenticate(pool, body.user_id, body.password)
    if user is None:
        raise Problem(401, "auth.failed", "用户名或密码错误", "wrong user id or password")
    cookie, csrf = await sessions.create(user)
    response = JSONResponse(me(Session(user, csrf, None)).model_dump())
    set_session_cookie(response, cookie)
    return response


@router.get("/me", response_model=Me)
async def api_me(s: SessionDep) -> Me:
    return me(s)


@router.delete("/session", status_code=204)
async def api_logout(request: Request, s: ApiSession, sessions: SessionsDep) -> Response:
    await sessions.end(request.cookies.get(SESSION_COOKIE))
    response = Response(status_code=204)
    clear_session_cookie(response)
    return response
