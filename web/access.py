"""The policy at the web's door, shared by the API and the pages: the case a session may read (its
number, its snapshot), a command it may issue, the court subtree it may see. The rules are
`domain.policy`'s (may_read, may_issue); the engine's validator has the last word."""

from __future__ import annotations

import uuid
from functools import cache

from temporalio.client import Client

from domain.commands import COURT_CODE_RE, Command, Envelope
from domain.courts import CourtRegistry
from domain.entrustment import with_receiving_chain
from domain.policy import may_issue, may_read
from domain.snapshot import CaseSnapshot
from runtime import client as engine
from store.courts import bundled_registry
from web import labels
from web.auth import Session
from web.problems import Problem, case_number_or_problem, engine_call, forbidden


def readable_number(s: Session, raw: str) -> tuple[str, str]:
    """(canonical case number, court) of a case the session may read, judged by its number."""
    number, court = case_number_or_problem(raw)
    if not may_read(s.user.actor, court):
        raise forbidden("查看该案件")
    return number, court


async def readable_snapshot(client: Client, s: Session, raw: str) -> CaseSnapshot:
    """The case's snapshot, if the session may read it (by its number, and by its court)."""
    number, _ = readable_number(s, raw)
    snap = await engine_call(number, engine.snapshot(client, number))
    if not may_read(s.user.actor, snap.court_code):
        raise forbidden("查看该案件")
    return snap


async def run_command(
    client: Client, s: Session, raw_number: str, command: Command, request_id: str | None
) -> CaseSnapshot:
    """The command through the engine's `execute` update, if the policy lets the session issue
    it (the actor is the session's user), then the case's snapshot: the update answers the
    decision alone (`CommandAnswer`), the web shows and answers the whole case."""
    number, court = readable_number(s, raw_number)
    actor = s.user.actor
    if not may_issue(actor, court, command.type):
        name = labels.COMMAND_ZH.get(command.type, command.type)
        raise Problem(
            403,
            "auth.forbidden",
            f"{labels.role_zh(actor.role)}（{actor.court_code}）无权执行“{name}”",
            f"{actor.role} of {actor.court_code} may not {command.type} here",
        )
    command = with_receiving_chain(command, _courts())
    envelope = Envelope(request_id=request_id or str(uuid.uuid4()), actor=actor, command=command)
    await engine_call(number, engine.execute(client, number, envelope))
    return await engine_call(number, engine.snapshot(client, number))


@cache
def _courts() -> CourtRegistry:
    """The court registry the receiving court's chain of ``entrust_case`` is read from."""
    return bundled_registry()


def well_formed_court(court: str) -> bool:
    """Whether `court` is a court code: what a case number carries (domain.commands)."""
    return COURT_CODE_RE.fullmatch(court) is not None


def court_or_own(s: Session, court: str | None) -> str:
    """The court asked for (the session's own by default), if it is a court code and the
    session may see its cases."""
    court = (court or s.user.court_code).strip()
    if not well_formed_court(court):
        raise Problem(
            422, "court.malformed", "法院代码格式不正确（如 京0105）", "malformed court code"
        )
    if not may_read(s.user.actor, court):
        raise forbidden(f"查看 {court} 的案件")
    return court
