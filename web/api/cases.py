"""The API's cases: file one (立案), read its snapshot, send it a command, page through its audit
trail (全程留痕) and poll its version."""

from __future__ import annotations

from typing import Annotated, Any

import asyncpg
from fastapi import APIRouter, Query
from pydantic import BaseModel, Field
from temporalio.exceptions import WorkflowAlreadyStartedError

from domain.commands import Command, FileCase, RequestId
from domain.errors import DomainError
from domain.filing import under_current_rules
from domain.policy import may_read
from domain.roles import CASE_STAFF
from domain.snapshot import CaseSnapshot
from runtime import client as engine
from store import event_store, queries, users
from store.courts import fast_track_rule
from web import labels
from web.access import readable_number, readable_snapshot, run_command
from web.deps import ApiSession, ClientDep, CourtsDep, PoolDep, SessionDep, SettingsDep
from web.problems import Problem, documented, engine_call, forbidden

router = APIRouter(prefix="/api/cases", tags=["cases"])

MAX_SEQ = 2**31 - 1  # case_events.seq is a PostgreSQL integer


class CommandRequest(BaseModel):
    """A command for a case; the actor is the logged-in user."""

    request_id: RequestId | None = Field(
        default=None,
        description="Idempotency key: a repeated request id changes nothing (the answer is the "
        "case's snapshot as it is then). Default: a new uuid4.",
    )
    command: Command


class EventPage(BaseModel):
    case_id: str
    items: list[dict[str, Any]]
    next_after: int | None


async def check_assignees(pool: asyncpg.Pool, filing: FileCase) -> None:
    """The filing's officer (and judge, if named) are active users of its court in that role."""
    for field, user_id, role in (
        ("officer_id", filing.officer_id, "officer"),
        ("judge_id", filing.judge_id, "judge"),
    ):
        if user_id is None:
            continue
        user = await users.active(pool, user_id)
        if user is None or user.role != role or user.court_code != filing.court_code:
            name = labels.role_zh(role)
            raise Problem(
                422,
                f"filing.{role}_not_of_court",
                f"{user_id} 不是 {filing.court_code} 在职的{name}，不能作为本案{name}",
                f"{field} {user_id} is not an active {role} of {filing.court_code}",
            )


FILING_PROBLEMS = {
    403: "the user may not file a case of that court",
    409: "already filed, or the rules refused it",
    422: "malformed, or the officer or judge is not of that court",
}
COMMAND_PROBLEMS = {
    403: "the policy does not allow it",
    404: "no such case",
    409: "the engine refused it",
    422: "malformed command",
    504: "the engine did not answer in time: retry with the same request id",
}


@router.post(
    "", status_code=201, response_model=CaseSnapshot, responses=documented(FILING_PROBLEMS)
)
async def api_file_case(
    body: FileCase,
    s: ApiSession,
    pool: PoolDep,
    client: ClientDep,
    settings: SettingsDep,
    courts: CourtsDep,
) -> Any:
    """立案: file a case of the user's own court (case staff only), naming an officer (and a
    judge) of that court. The case is filed under the current rules with its court chain from
    the registry (a court the registry does not hold is refused)."""
    actor = s.user.actor
    if actor.role not in CASE_STAFF or not may_read(actor, courts.reach(body.court_code)):
        raise forbidden("立案")
    try:
        body = under_current_rules(body, courts, await fast_track_rule(pool, body.court_code))
    except DomainError as error:
        raise Problem(422, error.code, error.zh, error.en) from None
    await check_assignees(pool, body)
    try:
        await engine_call(body.case_number, engine.start_case(client, settings, body))
    except WorkflowAlreadyStartedError:
        raise Problem(
            409, "case.already_filed", f"案件已立案：{body.case_number}", "case already filed"
        ) from None
    return await engine_call(body.case_number, engine.snapshot(client, body.case_number))


@router.get("/{case_number}", response_model=CaseSnapshot)
async def api_case(case_number: str, s: SessionDep, client: ClientDep, courts: CourtsDep) -> Any:
    """The case snapshot (the workflow's `snapshot` query)."""
    return await readable_snapshot(client, s, case_number, courts)


@router.post(
    "/{case_number}/commands", response_model=CaseSnapshot, responses=documented(COMMAND_PROBLEMS)
)
async def api_command(
    case_number: str, body: CommandRequest, s: ApiSession, client: ClientDep, courts: CourtsDep
) -> Any:
    """One command through the `execute` update; the actor is the logged-in user. Answers the
    case's snapshot after it (the `snapshot` query: the update itself answers the decision
    alone)."""
    return await run_command(client, s, case_number, body.command, body.request_id, courts)


@router.get("/{case_number}/events", response_model=EventPage)
async def api_events(
    case_number: str,
    s: SessionDep,
    pool: PoolDep,
    client: ClientDep,
    courts: CourtsDep,
    after: Annotated[int, Query(ge=0, le=MAX_SEQ)] = 0,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Any:
    """The audit trail (全程留痕) from PostgreSQL `case_events`, oldest first, paged by seq."""
    number, _ = readable_number(s, case_number, courts)
    items = await event_store.audit_trail(pool, number, after, limit)
    # nothing recorded yet, or no such case: the engine tells which (404)
    if not items and after == 0 and not await queries.is_recorded(pool, number):
        await engine_call(number, engine.snapshot(client, number))
    next_after = items[-1]["seq"] if len(items) == limit else None
    return EventPage(case_id=number, items=items, next_after=next_after)


@router.get("/{case_number}/version")
async def api_version(
    case_number: str, s: SessionDep, pool: PoolDep, courts: CourtsDep
) -> dict[str, Any]:
    """The last recorded event number: a cheap poll for pages that refresh themselves."""
    number, _ = readable_number(s, case_number, courts)
    stored = await event_store.stored_max_seqs(pool, [number])
    return {"case_id": number, "last_seq": stored.get(number, 0)}
