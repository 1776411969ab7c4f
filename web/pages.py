"""The server-rendered pages (Simplified Chinese): login and logout, the home redirect, 我的案件,
the case page with its action panel (and the panel's form posts), and the 督办看板."""

from __future__ import annotations

import secrets
import uuid
from collections import Counter
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import quote

import asyncpg
from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError
from temporalio.client import Client
from temporalio.service import RPCError

from domain.commands import Actor, Envelope
from domain.courts import CourtRegistry
from domain.policy import may_issue, may_read
from domain.roles import CASE_STAFF
from domain.snapshot import CaseSnapshot
from runtime import client as engine
from runtime import search_attributes as sa
from runtime.client import LiveCase, list_cases
from runtime.contract import case_workflow_id
from runtime.settings import Settings
from store import event_store, ledger, queries
from store.writs import writs_of_case
from web import labels
from web.access import court_or_own, readable_snapshot, run_command
from web.auth import Session, csrf_ok, over_tls, same_secret, set_session_cookie
from web.deps import ClientDep, CourtsDep, OptionalSession, PoolDep, SessionDep, SessionsDep
from web.exports import court_cases
from web.forms import COMMAND_ADAPTER, COMMAND_MODELS, FormError, command_form, command_from_form
from web.problems import Problem, engine_call, forbidden
from web.svg import bar_chart, timeline
from web.templating import page
from web.throttle import log_in, wrong_credentials

router = APIRouter(include_in_schema=False)

LOGIN_CSRF_COOKIE = "zhixing_login_csrf"
ANSWER_TASK = "answer_entrusted_task"  # 答复委托事项 (domain/task_entrustment.py)


# ---------------------------------------------------------------------------------- session
def login_form(request: Request, problem: Problem | None = None) -> HTMLResponse:
    """The login page, with a fresh login CSRF token (in the form and in a cookie), and the
    last attempt's problem (its status and headers, such as 429's Retry-After)."""
    token = secrets.token_urlsafe(24)
    error = problem.zh if problem else None
    context = {"session": None, "login_csrf": token, "error": error}
    response = page(request, "login.html", context, problem.status if problem else 200)
    response.headers.update(problem.headers if problem else {})
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        token,
        httponly=True,
        samesite="strict",
        secure=over_tls(request),
        path="/login",
    )
    return response


@router.get("/login", response_class=HTMLResponse)
async def login_page(request: Request) -> Response:
    return login_form(request)


@router.post("/login", response_class=HTMLResponse)
async def login_submit(request: Request, sessions: SessionsDep) -> Response:
    form = await request.form()
    token = str(form.get("csrf_token", ""))
    expected = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    try:
        if not (expected and same_secret(token, expected)):
            raise wrong_credentials()
        user = await log_in(
            request, str(form.get("user_id", "")).strip(), str(form.get("password", ""))
        )
    except Problem as problem:
        return login_form(request, problem)
    cookie, _ = await sessions.create(user)
    redirect = RedirectResponse("/", status_code=303)
    set_session_cookie(request, redirect, cookie)
    redirect.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")
    return redirect


@router.post("/logout")
async def logout(request: Request, sessions: SessionsDep) -> Response:
    """Log out: the session ends on the server whatever the form carries (web/auth.py)."""
    response = RedirectResponse("/login", status_code=303)
    await sessions.log_out(request, response)
    return response


@router.get("/")
async def home(s: OptionalSession) -> Response:
    if s is None:
        return RedirectResponse("/login", status_code=303)
    return RedirectResponse(
        "/supervision" if s.user.role == "supervisor" else "/cases", status_code=303
    )


# ------------------------------------------------------------------------------------ cases
@router.get("/cases", response_class=HTMLResponse)
async def my_cases(request: Request, s: SessionDep, pool: PoolDep) -> Response:
    """我的案件: an officer's own cases; a judge or bureau head sees the court's. Below them,
    协助事项: the tasks other courts' cases asked of this court (事项委托), each with its
    answer form."""
    return await render_my_cases(request, s, pool)


async def render_my_cases(
    request: Request,
    s: Session,
    pool: asyncpg.Pool,
    *,
    status: int = 200,
    outcome: dict[str, Any] | None = None,
) -> Response:
    user = s.user
    if user.role == "supervisor":
        return RedirectResponse("/supervision", status_code=303)
    rows = await court_cases(pool, user.actor, user.court_code, limit=500)
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
    tasks = await queries.tasks_for(pool, user.court_code) if user.role in CASE_STAFF else []
    return page(
        request,
        "cases.html",
        {
            "session": s,
            "items": items,
            "tasks": tasks,
            "today": labels.today(),
            "task_form": command_form(ANSWER_TASK, None, labels.today()),
            "task_request_ids": {(t.case_id, t.task_id): str(uuid.uuid4()) for t in tasks},
            "outcome": outcome or {},
        },
        status=status,
    )


@router.post("/tasks/{case_number}/{task_id}", response_class=HTMLResponse)
async def answer_task(
    case_number: str,
    task_id: str,
    request: Request,
    s: SessionDep,
    pool: PoolDep,
    client: ClientDep,
) -> Response:
    """The answer to a task another court's case asked of the user's court (事项委托): only a
    task addressed to that court, listed on its page; the engine's rule has the last word."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    if not csrf_ok(s, form.get("csrf_token")):
        raise Problem(403, "auth.csrf", "表单已过期，请刷新页面后重试", "CSRF check failed")
    actor = s.user.actor
    open_here = await queries.tasks_for(pool, actor.court_code)
    task = next((t for t in open_here if (t.case_id, t.task_id) == (case_number, task_id)), None)
    if task is None or actor.role not in CASE_STAFF:
        raise forbidden("答复该委托事项")
    outcome: dict[str, Any] = {"task": (case_number, task_id)}
    try:
        data = command_from_form(ANSWER_TASK, form) | {"task_id": task_id}
        command = COMMAND_ADAPTER.validate_python(data)
        envelope = Envelope(
            request_id=form.get("request_id") or str(uuid.uuid4()), actor=actor, command=command
        )
        await engine_call(case_number, engine.execute(client, case_number, envelope))
    except FormError as bad:
        outcome["error"] = {"code": "form.invalid", "zh": f"{bad.field_name}：{bad}", "en": ""}
    except ValidationError as bad:
        problems = "；".join(
            f"{_field_label(e['loc'])}：{e['msg']}" for e in bad.errors(include_url=False)
        )
        outcome["error"] = {"code": "command.malformed", "zh": problems, "en": ""}
    except Problem as problem:
        if problem.status not in (409, 422):
            raise
        outcome["error"] = problem.body()
    else:
        outcome["done"] = True
        return await render_my_cases(request, s, pool, outcome=outcome)
    outcome["form_values"] = form
    return await render_my_cases(request, s, pool, status=422, outcome=outcome)


async def render_case(
    request: Request,
    pool: asyncpg.Pool,
    s: Session,
    snap: CaseSnapshot,
    *,
    status: int = 200,
    outcome: dict[str, Any] | None = None,
) -> HTMLResponse:
    """The case page: snapshot, timeline, ledger, audit trail and the commands the session may
    issue (with `outcome`: the last form's result or its error)."""
    actor = s.user.actor
    allowed = [t for t in snap.allowed_commands if may_issue(actor, snap.court_chain, t)]
    today = labels.today()
    forms = {t: command_form(t, snap, today) for t in allowed}
    events = await event_store.audit_trail(pool, snap.case_number, 0, 200, newest_first=True)
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
            "events": events,
            "ledger": await ledger.booked(pool, snap.case_number),
            "writs": await writs_of_case(pool, snap.case_number),
            "countdown": labels.countdown(snap.next_deadline_at, now),
            "now": now,
            "plan_windows": {
                d.distribution_id: labels.plan_window(d, today) for d in snap.distributions
            },
            "temporal_ui_url": temporal_ui_link(request.app.state.settings, snap.case_number),
        },
        status=status,
    )


def temporal_ui_link(settings: Settings, case_number: str) -> str:
    """The case's workflow in the Temporal Web UI (`ZHIXING_TEMPORAL_UI_URL`)."""
    namespace = quote(settings.temporal_namespace, safe="")
    workflow_id = quote(case_workflow_id(case_number), safe="")
    return f"{settings.temporal_ui}/namespaces/{namespace}/workflows/{workflow_id}"


@router.get("/cases/{case_number}", response_class=HTMLResponse)
async def case_page(
    case_number: str,
    request: Request,
    s: SessionDep,
    pool: PoolDep,
    client: ClientDep,
    courts: CourtsDep,
) -> Response:
    snap = await readable_snapshot(client, s, case_number, courts)
    return await render_case(request, pool, s, snap)


@router.post("/cases/{case_number}/commands/{command_type}", response_class=HTMLResponse)
async def case_command(
    case_number: str,
    command_type: str,
    request: Request,
    s: SessionDep,
    pool: PoolDep,
    client: ClientDep,
    courts: CourtsDep,
) -> Response:
    """A form of the action panel: the page is rendered again from the returned snapshot, or
    with the engine's rejection next to the form."""
    form = {k: str(v) for k, v in (await request.form()).items()}
    if not csrf_ok(s, form.get("csrf_token")):
        raise Problem(403, "auth.csrf", "表单已过期，请刷新页面后重试", "CSRF check failed")
    if command_type not in COMMAND_MODELS:
        raise Problem(404, "command.unknown", f"没有该操作：{command_type}", "unknown command")
    error: dict[str, Any]
    status = 422
    try:
        command = COMMAND_ADAPTER.validate_python(command_from_form(command_type, form))
    except FormError as bad:
        error = {"code": "form.invalid", "zh": f"{bad.field_name}：{bad}", "en": ""}
    except ValidationError as bad:
        problems = "；".join(
            f"{_field_label(e['loc'])}：{e['msg']}" for e in bad.errors(include_url=False)
        )
        error = {"code": "command.malformed", "zh": problems, "en": ""}
    else:
        try:
            snap = await run_command(
                client, s, case_number, command, form.get("request_id"), courts
            )
        except Problem as problem:
            if problem.status not in (409, 422):
                raise
            error, status = problem.body(), problem.status
        else:
            done = {"type": command_type, "done": True}
            return await render_case(request, pool, s, snap, outcome=done)
    snap = await readable_snapshot(client, s, case_number, courts)
    outcome = {"type": command_type, "form_values": form, "error": error}
    return await render_case(request, pool, s, snap, status=status, outcome=outcome)


def _field_label(loc: tuple[Any, ...]) -> str:
    name = str(loc[-1]) if loc else ""
    return labels.FIELD_ZH.get(name, ".".join(map(str, loc)))


# ------------------------------------------------------------------------------ supervision
async def record_blocked(
    client: Client, actor: Actor, courts: CourtRegistry, court: str
) -> list[LiveCase] | None:
    """The subtree's cases whose record refuses their events (workflows/recorder.py): they are
    missing from, or stale in, every list drawn from the record, so they are asked of Temporal's
    visibility. None when visibility cannot answer (the page says so)."""
    query = f"{sa.RECORD_BLOCKED.name} = true AND ExecutionStatus = 'Running'"
    try:
        return await list_cases(client, actor, courts, court, query, limit=200)
    except RPCError:
        return None


@router.get("/supervision", response_class=HTMLResponse)
async def supervision(
    request: Request,
    s: SessionDep,
    pool: PoolDep,
    client: ClientDep,
    courts: CourtsDep,
    court: str | None = None,
) -> Response:
    """督办看板: the supervisor's court subtree."""
    if s.user.role != "supervisor":
        raise forbidden("查看督办看板")
    court = court_or_own(s, court, courts)
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
    blocked = await record_blocked(client, s.user.actor, courts, court)
    end = labels.today()
    indicators = await queries.indicators(pool, court, date(end.year, 1, 1), end)
    fast_track = await queries.fast_track_figures(pool, court, date(end.year, 1, 1), end)
    parent = courts.get(court).parent_code
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
            "blocked": blocked,
            "indicators": indicators,
            "fast_track": fast_track,
            "court_name": courts.get(court).name,
            "parent": parent if parent and may_read(s.user.actor, courts.chain(parent)) else None,
        },
    )
