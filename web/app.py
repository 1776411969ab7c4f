"""The FastAPI application: JSON API under /api (OpenAPI docs at /api/docs) and the pages.

Every read and every command goes through the one shared policy (`domain.policy.may_read`,
`may_issue`); the engine itself (the workflow's validator) has the last word on the rules.

HTTP statuses of the API: 200/201 done; 401 not logged in; 403 the policy says no (or the CSRF
token is missing); 404 no such case; 409 the engine refused the command (body: code, zh, en);
422 malformed input; 504 the engine did not answer in time (outcome unknown: retry with the same
request id, it is idempotent).
"""

import asyncio
import secrets
import uuid
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Annotated, Any

import asyncpg
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field, ValidationError
from temporalio.client import Client, WorkflowQueryFailedError, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode

from domain.commands import Command, Envelope, FileCase, normalize_case_number, parse_case_number
from domain.policy import CASE_STAFF, higher_court, may_issue, may_read
from domain.snapshot import CaseSnapshot
from runtime import client as engine
from runtime.settings import Settings, load_settings
from store import event_store, ledger, queries
from web import labels, payload_codec
from web.auth import (
    CSRF_HEADER,
    SESSION_COOKIE,
    Session,
    Sessions,
    clear_session_cookie,
    csrf_ok,
    set_session_cookie,
)
from web.forms import COMMAND_ADAPTER, COMMAND_MODELS, FormError, command_form, command_from_form
from web.svg import bar_chart, timeline

HERE = Path(__file__).resolve().parent
ENGINE_TIMEOUT = 30.0
LOGIN_CSRF_COOKIE = "zhixing_login_csrf"


# ------------------------------------------------------------------------------------ problems
class Problem(Exception):
    """An error answer: HTTP status, stable code, Chinese and English message."""

    def __init__(self, status: int, code: str, zh: str, en: str, **extra: Any) -> None:
        super().__init__(f"{code}: {zh} / {en}")
        self.status, self.code, self.zh, self.en, self.extra = status, code, zh, en, extra

    def body(self) -> dict[str, Any]:
        return {"code": self.code, "zh": self.zh, "en": self.en, **self.extra}


def not_logged_in() -> Problem:
    return Problem(401, "auth.required", "请先登录", "login required")


def forbidden(what: str = "") -> Problem:
    return Problem(
        403, "auth.forbidden", f"无权{what}", f"not allowed{(' to ' + what) if what else ''}"
    )


def no_such_case(number: str) -> Problem:
    return Problem(404, "case.not_found", f"案件不存在：{number}", f"no such case: {number}")


def case_number_or_problem(raw: str) -> tuple[str, str]:
    """(canonical case number, its court code); 422 when malformed."""
    try:
        court = parse_case_number(raw).group("court")
    except ValueError:
        raise Problem(
            422, "case_number.malformed", f"案号格式不正确：{raw}", f"malformed case number {raw!r}"
        ) from None
    return normalize_case_number(raw), court


def rejection(error: WorkflowUpdateFailedError) -> Problem:
    cause = error.cause
    if isinstance(cause, ApplicationError):
        detail = cause.details[0] if cause.details else None
        if isinstance(detail, dict) and "code" in detail:
            status = 422 if detail["code"] == "command.malformed" else 409
            return Problem(
                status, str(detail["code"]), str(detail.get("zh", "")), str(detail.get("en", ""))
            )
        return Problem(409, cause.type or "rejected", cause.message, cause.message)
    return Problem(409, "rejected", f"操作被拒绝：{cause}", f"refused: {cause}")


async def engine_call(number: str, call: Any) -> Any:
    """Await a Temporal call, mapping its failures to problems."""
    try:
        return await asyncio.wait_for(call, ENGINE_TIMEOUT)
    except TimeoutError:
        raise Problem(
            504,
            "engine.timeout",
            "执行引擎未及时响应，结果未知；可用同一请求号重试",
            "the engine did not answer in time; retry with the same request id",
        ) from None
    except WorkflowUpdateFailedError as error:
        raise rejection(error) from None
    except WorkflowQueryFailedError as error:
        raise Problem(
            502, "engine.query_failed", f"查询失败：{error}", f"query failed: {error}"
        ) from None
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            raise no_such_case(number) from None
        raise Problem(
            502,
            "engine.unavailable",
            f"执行引擎调用失败：{error.message}",
            f"engine call failed: {error.message}",
        ) from None


# ------------------------------------------------------------------------------------ API models
class CommandRequest(BaseModel):
    """A command for a case; the actor is the logged-in user."""

    request_id: Annotated[str, Field(min_length=1, max_length=100)] | None = Field(
        default=None,
        description="Idempotency key: a repeated request id returns the earlier result and "
        "changes nothing. Default: a new uuid4.",
    )
    command: Command


class LoginRequest(BaseModel):
    user_id: str
    password: str


class Me(BaseModel):
    user_id: str
    display_name: str
    role: str
    court_code: str
    csrf_token: str


class EventPage(BaseModel):
    case_id: str
    items: list[dict[str, Any]]
    next_after: int | None


# ------------------------------------------------------------------------------------ the app
def create_app(
    settings: Settings | None = None,
    *,
    client: Client | None = None,
    pool: asyncpg.Pool | None = None,
    trusted_header: str | None = None,
) -> FastAPI:
    import os

    settings = settings or load_settings()
    header = (
        trusted_header if trusted_header is not None else os.environ.get("ZHIXING_TRUSTED_HEADER")
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        from store.db import shared_database
        from web.auth import load_secret

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
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.filters.update(labels.filters())
    templates.env.globals["COMMAND_MODELS"] = COMMAND_MODELS
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")
    _mount_docs(app)
    app.include_router(payload_codec.router)

    # -- errors -----------------------------------------------------------------------------
    @app.exception_handler(Problem)
    async def _problem(request: Request, exc: Problem) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse(exc.body(), status_code=exc.status)
        if exc.status == 401:
            return RedirectResponse("/login", status_code=303)
        return templates.TemplateResponse(
            request, "error.html", {"problem": exc, "session": None}, status_code=exc.status
        )

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

    # -- sessions ---------------------------------------------------------------------------
    async def optional_session(request: Request) -> Session | None:
        sessions: Sessions = request.app.state.sessions
        return await sessions.resolve(
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

    SessionDep = Annotated[Session, Depends(session)]
    ApiSession = Annotated[Session, Depends(api_session)]

    def pool_of(request: Request) -> asyncpg.Pool:
        return request.app.state.pool

    def client_of(request: Request) -> Client:
        return request.app.state.client

    # -- API: session -----------------------------------------------------------------------
    def me(s: Session) -> Me:
        u = s.user
        return Me(
            user_id=u.user_id,
            display_name=u.display_name,
            role=u.role,
            court_code=u.court_code,
            csrf_token=s.csrf_token,
        )

    @app.post("/api/session", response_model=Me, tags=["session"])
    async def api_login(body: LoginRequest, request: Request) -> Response:
        from web.auth import authenticate

        user = await authenticate(pool_of(request), body.user_id, body.password)
        if user is None:
            raise Problem(401, "auth.failed", "用户名或密码错误", "wrong user id or password")
        cookie, csrf = await request.app.state.sessions.create(user)
        response = JSONResponse(me(Session(user, csrf, None)).model_dump())
        set_session_cookie(response, cookie)
        return response

    @app.get("/api/me", response_model=Me, tags=["session"])
    async def api_me(s: SessionDep) -> Me:
        return me(s)

    @app.delete("/api/session", status_code=204, tags=["session"])
    async def api_logout(request: Request, s: ApiSession) -> Response:
        await request.app.state.sessions.end(request.cookies.get(SESSION_COOKIE))
        response = Response(status_code=204)
        clear_session_cookie(response)
        return response

    # -- API: cases -------------------------------------------------------------------------
    @app.post("/api/cases", status_code=201, response_model=CaseSnapshot, tags=["cases"])
    async def api_file_case(body: FileCase, request: Request, s: ApiSession) -> Any:
        """立案: file a case of the user's own court (case staff only)."""
        actor = s.user.actor
        if actor.role not in CASE_STAFF or not may_read(actor, body.court_code):
            raise forbidden("立案")
        client = client_of(request)
        try:
            await engine_call(
                body.case_number, engine.start_case(client, request.app.state.settings, body)
            )
        except WorkflowAlreadyStartedError:
            raise Problem(
                409, "case.already_filed", f"案件已立案：{body.case_number}", "case already filed"
            ) from None
        return await engine_call(body.case_number, engine.snapshot(client, body.case_number))

    async def readable_snapshot(request: Request, s: Session, raw: str) -> CaseSnapshot:
        number, court = case_number_or_problem(raw)
        if not may_read(s.user.actor, court):
            raise forbidden("查看该案件")
        snap: CaseSnapshot = await engine_call(number, engine.snapshot(client_of(request), number))
        if not may_read(s.user.actor, snap.court_code):
            raise forbidden("查看该案件")
        return snap

    @app.get("/api/cases/{case_number}", response_model=CaseSnapshot, tags=["cases"])
    async def api_case(case_number: str, request: Request, s: SessionDep) -> Any:
        """The case snapshot (the workflow's `snapshot` query)."""
        return await readable_snapshot(request, s, case_number)

    async def run_command(
        request: Request, s: Session, raw_number: str, command: Any, request_id: str | None
    ) -> CaseSnapshot:
        number, court = case_number_or_problem(raw_number)
        actor = s.user.actor
        if not may_read(actor, court):
            raise forbidden("查看该案件")
        if not may_issue(actor, court, command.type):
            name = labels.COMMAND_ZH.get(command.type, command.type)
            raise Problem(
                403,
                "auth.forbidden",
                f"{labels.role_zh(actor.role)}（{actor.court_code}）无权执行“{name}”",
                f"{actor.role} of {actor.court_code} may not {command.type} here",
            )
        envelope = Envelope(
            request_id=request_id or str(uuid.uuid4()), actor=actor, command=command
        )
        result: CaseSnapshot = await engine_call(
            number, engine.execute(client_of(request), number, envelope)
        )
        return result

    @app.post(
        "/api/cases/{case_number}/commands",
        response_model=CaseSnapshot,
        tags=["cases"],
        responses={
            403: {"description": "the policy does not allow it"},
            404: {"description": "no such case"},
            409: {"description": "the engine refused it: {code, zh, en}"},
            422: {"description": "malformed command"},
        },
    )
    async def api_command(
        case_number: str, body: CommandRequest, request: Request, s: ApiSession
    ) -> Any:
        """One command through the `execute` update; the actor is the logged-in user."""
        return await run_command(request, s, case_number, body.command, body.request_id)

    @app.get("/api/cases/{case_number}/events", response_model=EventPage, tags=["cases"])
    async def api_events(
        case_number: str,
        request: Request,
        s: SessionDep,
        after: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
    ) -> Any:
        """The audit trail (全程留痕) from PostgreSQL `case_events`, oldest first, paged by seq."""
        number, court = case_number_or_problem(case_number)
        if not may_read(s.user.actor, court):
            raise forbidden("查看该案件")
        pool = pool_of(request)
        items = await event_store.audit_trail(pool, number, after, limit)
        # nothing recorded yet, or no such case: the engine tells which (404)
        if not items and after == 0 and not await queries.is_recorded(pool, number):
            await engine_call(number, engine.snapshot(client_of(request), number))
        next_after = items[-1]["seq"] if len(items) == limit else None
        return EventPage(case_id=number, items=items, next_after=next_after)

    @app.get("/api/cases/{case_number}/version", tags=["cases"])
    async def api_version(case_number: str, request: Request, s: SessionDep) -> dict[str, Any]:
        """The last recorded event number: a cheap poll for pages that refresh themselves."""
        number, court = case_number_or_problem(case_number)
        if not may_read(s.user.actor, court):
            raise forbidden("查看该案件")
        return {
            "case_id": number,
            "last_seq": await event_store.stored_max_seq(pool_of(request), number),
        }

    # -- API: supervision -------------------------------------------------------------------
    def court_or_own(s: Session, court: str | None) -> str:
        court = (court or s.user.court_code).strip()
        if not may_read(s.user.actor, court):
            raise forbidden(f"查看 {court} 的案件")
        return court

    def row_json(row: queries.CaseRow) -> dict[str, Any]:
        data = dict(row.__dict__)
        if row.next_deadline_at is not None:
            data["next_deadline_at"] = row.next_deadline_at.isoformat()
        return data

    @app.get("/api/supervision/overdue", tags=["supervision"])
    async def api_overdue(
        request: Request,
        s: SessionDep,
        court: str | None = None,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
    ) -> dict[str, Any]:
        """Overdue cases of a court's subtree (a supervisor's own court by default)."""
        court = court_or_own(s, court)
        rows = await queries.overdue(pool_of(request), court, datetime.now(UTC), limit=limit)
        return {"court": court, "items": [row_json(r) for r in rows]}

    @app.get("/api/indicators", tags=["supervision"])
    async def api_indicators(
        request: Request,
        s: SessionDep,
        court: str | None = None,
        from_: Annotated[date | None, Query(alias="from")] = None,
        to: date | None = None,
    ) -> dict[str, Any]:
        """The "3+1" core indicators of a court's subtree for [from, to] (default: this year)."""
        court = court_or_own(s, court)
        end = to or labels.today()
        start = from_ or date(end.year, 1, 1)
        if end < start:
            raise Problem(
                422, "period.reversed", "起止日期颠倒", "the period ends before it starts"
            )
        result = await queries.indicators(pool_of(request), court, start, end)
        return {
            "court": court,
            "from": start.isoformat(),
            "to": end.isoformat(),
            "items": [i.as_json() for i in result.items],
        }

    # -- pages ------------------------------------------------------------------------------
    def page(
        request: Request, name: str, context: dict[str, Any], status: int = 200
    ) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_page(request: Request) -> Response:
        token = secrets.token_urlsafe(24)
        response = page(
            request, "login.html", {"session": None, "login_csrf": token, "error": None}
        )
        response.set_cookie(
            LOGIN_CSRF_COOKIE, token, httponly=True, samesite="strict", path="/login"
        )
        return response

    @app.post("/login", response_class=HTMLResponse, include_in_schema=False)
    async def login_submit(request: Request) -> Response:
        from web.auth import authenticate

        form = await request.form()
        token = str(form.get("csrf_token", ""))
        expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
        user = None
        if token and expected and secrets.compare_digest(token, expected):
            user = await authenticate(
                pool_of(request),
                str(form.get("user_id", "")).strip(),
                str(form.get("password", "")),
            )
        if user is None:
            fresh = secrets.token_urlsafe(24)
            response = page(
                request,
                "login.html",
                {"session": None, "login_csrf": fresh, "error": "用户名或密码错误"},
                status=401,
            )
            response.set_cookie(
                LOGIN_CSRF_COOKIE, fresh, httponly=True, samesite="strict", path="/login"
            )
            return response
        cookie, _ = await request.app.state.sessions.create(user)
        redirect = RedirectResponse("/", status_code=303)
        set_session_cookie(redirect, cookie)
        redirect.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
        return redirect

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request, s: SessionDep) -> Response:
        form = await request.form()
        if csrf_ok(s, str(form.get("csrf_token", ""))):
            await request.app.state.sessions.end(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/login", status_code=303)
        clear_session_cookie(response)
        return response

    @app.get("/", include_in_schema=False)
    async def home(request: Request) -> Response:
        s = await optional_session(request)
        if s is None:
            return RedirectResponse("/login", status_code=303)
        return RedirectResponse(
            "/supervision" if s.user.role == "supervisor" else "/cases", status_code=303
        )

    @app.get("/cases", response_class=HTMLResponse, include_in_schema=False)
    async def my_cases(request: Request, s: SessionDep) -> Response:
        """我的案件: an officer's own cases; a judge or bureau head sees the court's."""
        pool = pool_of(request)
        user = s.user
        if user.role == "supervisor":
            return RedirectResponse("/supervision", status_code=303)
        if user.role == "officer":
            rows = await queries.by_officer(pool, user.user_id, user.court_code, limit=500)
        else:
            rows = await queries.open_in_court(pool, user.court_code, limit=500)
        now = datetime.now(UTC)
        far = datetime.max.replace(tzinfo=UTC)

        def urgency(row: queries.CaseRow) -> tuple[bool, int, datetime]:
            overdue = row.next_deadline_at is not None and row.next_deadline_at < now
            return (not overdue, -row.escalation_level, row.next_deadline_at or far)

        rows.sort(key=urgency)
        items = [
            {
                "row": r,
                "overdue": r.next_deadline_at is not None and r.next_deadline_at < now,
                "countdown": labels.countdown(r.next_deadline_at, now),
            }
            for r in rows
        ]
        return page(request, "cases.html", {"session": s, "items": items})

    async def render_case(
        request: Request,
        s: Session,
        snap: CaseSnapshot,
        *,
        status: int = 200,
        outcome: dict[str, Any] | None = None,
    ) -> HTMLResponse:
        pool = pool_of(request)
        actor = s.user.actor
        allowed = [
            t
            for t in snap.allowed_commands
            if t in COMMAND_MODELS and may_issue(actor, snap.court_code, t)
        ]
        today = labels.today()
        forms = {t: command_form(t, snap, today) for t in allowed}
        events = await event_store.audit_trail(pool, snap.case_number, 0, 10_000)
        now = datetime.now(UTC)
        return page(
            request,
            "case.html",
            {
                "session": s,
                "snap": snap,
                "timeline": timeline(snap, today),
                "allowed": allowed,
                "forms": forms,
                "outcome": outcome or {},
                "request_ids": {t: str(uuid.uuid4()) for t in allowed},
                "events": list(reversed(events))[:200],
                "ledger": await ledger.booked(pool, snap.case_number),
                "countdown": labels.countdown(snap.next_deadline_at, now),
                "now": now,
            },
            status=status,
        )

    @app.get("/cases/{case_number}", response_class=HTMLResponse, include_in_schema=False)
    async def case_page(case_number: str, request: Request, s: SessionDep) -> Response:
        snap = await readable_snapshot(request, s, case_number)
        return await render_case(request, s, snap)

    @app.post(
        "/cases/{case_number}/commands/{command_type}",
        response_class=HTMLResponse,
        include_in_schema=False,
    )
    async def case_command(
        case_number: str, command_type: str, request: Request, s: SessionDep
    ) -> Response:
        """A form of the action panel: the page is rendered again from the returned snapshot, or
        with the engine's rejection next to the form."""
        form = {k: str(v) for k, v in (await request.form()).items()}
        if not csrf_ok(s, form.get("csrf_token")):
            raise Problem(403, "auth.csrf", "表单已过期，请刷新页面后重试", "CSRF check failed")
        if command_type not in COMMAND_MODELS:
            raise Problem(404, "command.unknown", f"没有该操作：{command_type}", "unknown command")
        outcome: dict[str, Any] = {"type": command_type, "form_values": form}
        try:
            data = command_from_form(command_type, form)
            command = COMMAND_ADAPTER.validate_python(data)
        except FormError as error:
            outcome["error"] = {
                "code": "form.invalid",
                "zh": f"{error.field_name}：{error}",
                "en": "",
            }
            snap = await readable_snapshot(request, s, case_number)
            return await render_case(request, s, snap, status=422, outcome=outcome)
        except ValidationError as error:
            problems = "；".join(
                f"{_field_label(e['loc'])}：{e['msg']}" for e in error.errors(include_url=False)
            )
            outcome["error"] = {"code": "command.malformed", "zh": problems, "en": ""}
            snap = await readable_snapshot(request, s, case_number)
            return await render_case(request, s, snap, status=422, outcome=outcome)
        try:
            snap = await run_command(request, s, case_number, command, form.get("request_id"))
        except Problem as problem:
            if problem.status not in (409, 422):
                raise
            outcome["error"] = problem.body()
            snap = await readable_snapshot(request, s, case_number)
            return await render_case(request, s, snap, status=problem.status, outcome=outcome)
        outcome = {"type": command_type, "done": True}
        return await render_case(request, s, snap, outcome=outcome)

    @app.get("/supervision", response_class=HTMLResponse, include_in_schema=False)
    async def supervision(request: Request, s: SessionDep, court: str | None = None) -> Response:
        """督办看板: the supervisor's court subtree."""
        if s.user.role != "supervisor":
            raise forbidden("查看督办看板")
        court = court_or_own(s, court)
        pool = pool_of(request)
        now = datetime.now(UTC)
        overdue = await queries.overdue(pool, court, now, limit=1000)
        counts = Counter(r.court_code for r in overdue)
        chart = bar_chart(
            sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])),
            title=f"{court} 辖区超期案件数（按法院）",
            link="/supervision?court=",
        )
        escalated = await queries.by_escalation(pool, court, 1, limit=200)
        supervised = await queries.supervised(pool, court, limit=200)
        petitions = await queries.with_open_petitions(pool, court, limit=200)
        end = labels.today()
        indicators = await queries.indicators(pool, court, date(end.year, 1, 1), end)
        urge = "urge" in COMMAND_MODELS
        parent = higher_court(court)
        return page(
            request,
            "supervision.html",
            {
                "session": s,
                "court": court,
                "overdue": [(r, labels.countdown(r.next_deadline_at, now)) for r in overdue[:200]],
                "chart": chart,
                "escalated": escalated,
                "supervised": supervised,
                "petitions": petitions,
                "indicators": indicators,
                "urge": urge,
                "parent": parent if parent != court and may_read(s.user.actor, parent) else None,
            },
        )

    return app


def _field_label(loc: tuple[Any, ...]) -> str:
    name = str(loc[-1]) if loc else ""
    return labels.FIELD_ZH.get(name, ".".join(map(str, loc)))


def _mount_docs(app: FastAPI) -> None:
    """Swagger UI from the swagger-ui-py wheel's static files: nothing from a CDN."""
    import swagger_ui

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
