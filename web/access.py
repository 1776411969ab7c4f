"""The policy at the web's door, shared by the API and the pages: the case a session may read (its
number, its snapshot), a command it may issue, the court subtree it may see. The rules are
`domain.policy`'s (may_read, may_issue); the engine's validator has the last word."""

from __future__ import annotations

import uuid

from temporalio.client import Client

from domain.commands import COURT_CODE_RE, Command, Envelope
from domain.courts import CourtRegistry
from domain.entrustment import with_receiving_chain
from domain.policy import may_issue, may_read
from domain.snapshot import CaseSnapshot
from runtime import client as engine
from web import labels
from web.auth import Session
from web.problems import Problem, case_number_or_problem, engine_call, forbidden

# The fields by which a command names another court (事项委托, 委托执行, 执转破): the registry
# must hold it (the rules cannot look it up).
NAMED_COURTS = ("helping_court_code", "receiving_court_code")


def readable_number(s: Session, raw: str, courts: CourtRegistry) -> tuple[str, str]:
    """(canonical case number, court) of a case the session may read, judged by its number and
    the registry's chain of its court."""
    number, court = case_number_or_problem(raw)
    if not may_read(s.user.actor, courts.reach(court)):
        raise forbidden("查看该案件")
    return number, court


async def readable_snapshot(
    client: Client, s: Session, raw: str, courts: CourtRegistry
) -> CaseSnapshot:
    """The case's snapshot, if the session may read it (by its number, and by the court chain
    the case recorded when it was filed)."""
    number, _ = readable_number(s, raw, courts)
    snap = await engine_call(number, engine.snapshot(client, number))
    if not may_read(s.user.actor, snap.court_chain):
        raise forbidden("查看该案件")
    return snap


async def run_command(
    client: Client,
    s: Session,
    raw_number: str,
    command: Command,
    request_id: str | None,
    courts: CourtRegistry,
) -> CaseSnapshot:
    """The command through the engine's `execute` update, if the policy lets the session issue
    it (the actor is the session's user), then the case's snapshot: the update answers the
    decision alone (`CommandAnswer`), the web shows and answers the whole case."""
    number, court = readable_number(s, raw_number, courts)
    actor = s.user.actor
    if not may_issue(actor, courts.reach(court), command.type):
        name = labels.COMMAND_ZH.get(command.type, command.type)
        raise Problem(
            403,
            "auth.forbidden",
            f"{labels.role_zh(actor.role)}（{actor.court_code}）无权执行“{name}”",
            f"{actor.role} of {actor.court_code} may not {command.type} here",
        )
    for named in NAMED_COURTS:  # another court a command names must exist
        code = getattr(command, named, None)
        if code is not None and code not in courts:
            raise Problem(
                422, "court.unknown", f"法院代码 {code} 不在法院名录中", f"unknown court {code}"
            )
    command = with_receiving_chain(command, courts)
    envelope = Envelope(request_id=request_id or str(uuid.uuid4()), actor=actor, command=command)
    await engine_call(number, engine.execute(client, number, envelope))
    return await engine_call(number, engine.snapshot(client, number))


def well_formed_court(court: str) -> bool:
    """Whether `court` is a court code: what a case number carries (domain.commands)."""
    return COURT_CODE_RE.fullmatch(court) is not None


def court_or_own(s: Session, court: str | None, courts: CourtRegistry) -> str:
    """The court asked for (the session's own by default), if it is a court code of the
    registry and the session may see its cases."""
    court = (court or s.user.court_code).strip()
    if not well_formed_court(court):
        raise Problem(
            422, "court.malformed", "法院代码格式不正确（如 京0105）", "malformed court code"
        )
    if court not in courts:
        raise Problem(
            404, "court.unknown", f"法院代码 {court} 不在法院名录中", f"unknown court {court}"
        )
    if not may_read(s.user.actor, courts.chain(court)):
        raise forbidden(f"查看 {court} 的案件")
    return court
