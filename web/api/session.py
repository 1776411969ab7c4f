"""The API's session: log in (the session cookie and the CSRF token), who is logged in, log out."""

from __future__ import annotations

from dataclasses import asdict

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from web.auth import Session, set_session_cookie
from web.deps import SessionDep, SessionsDep
from web.problems import documented
from web.throttle import log_in

router = APIRouter(prefix="/api", tags=["session"])


class LoginRequest(BaseModel):
    user_id: str = Field(max_length=200)
    password: str = Field(max_length=1000)


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


LOGIN_PROBLEMS = {
    401: "wrong user id or password",
    429: "too many failed logins (of the account or from the address): see Retry-After",
}


@router.post("/session", response_model=Me, responses=documented(LOGIN_PROBLEMS))
async def api_login(request: Request, body: LoginRequest, sessions: SessionsDep) -> Response:
    user = await log_in(request, body.user_id, body.password)
    cookie, csrf = await sessions.create(user)
    response = JSONResponse(me(Session(user, csrf, None)).model_dump())
    set_session_cookie(request, response, cookie)
    return response


@router.get("/me", response_model=Me)
async def api_me(s: SessionDep) -> Me:
    return me(s)


@router.delete("/session", status_code=204)
async def api_logout(request: Request, sessions: SessionsDep) -> Response:
    """Log out: the session ends on the server (no CSRF token needed, see web/auth.py)."""
    response = Response(status_code=204)
    await sessions.log_out(request, response)
    return response
