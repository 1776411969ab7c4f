"""``decide``: what a command means for a case, or why it is refused; ``tick``: what the passing
of time makes happen; ``decide_filing``: the case itself.

Each returns an ``Outcome``: the new events (numbered after ``state.last_seq``) and the case
after them. None of them changes the state it is given; a refusal raises ``DomainError`` and
leaves no trace.
"""

from __future__ import annotations

from datetime import datetime

from domain import commands as c
from domain import deadline_watch, entrustment, fast_track, filing, measures, procedure
from domain.decision import Decision, Outcome, reject
from domain.fold import apply_in_place
from domain.labels import ROLE_ZH
from domain.policy import may_issue
from domain.registry import COMMANDS
from domain.spec import not_allowed_while
from domain.state import CaseState


def decide_filing(command: c.FileCase, now: datetime) -> Outcome:
    """立案: the case and the deadlines that start with it."""
    d = Decision(None, filing.filing_desk(command), now, None, apply_in_place)
    filing.file_case(d, command)
    fast_track.fast_track_follows(d)
    return d.outcome()


def decide(state: CaseState, envelope: c.Envelope, now: datetime) -> Outcome:
    actor, command = envelope.actor, envelope.command
    kind = command.type
    if not may_issue(actor, state.chain, kind):
        raise reject(
            "auth.forbidden",
            f"{ROLE_ZH.get(actor.role, actor.role)}（{actor.court_code}）无权对本案执行“{kind}”",
            f"role {actor.role} of court {actor.court_code} may not {kind} on this case",
        )
    spec = COMMANDS[kind]
    if state.status not in spec.statuses:
        raise not_allowed_while(state.status, kind)
    refusal = spec.requires(state)
    if refusal is not None:
        raise refusal
    for name, day in c.happened_on(command):
        if day < state.filed_on:
            raise reject(
                "date.before_filing",
                f"{name} 的日期 {day} 早于立案日期 {state.filed_on}",
                f"{name} ({day}) is before the case was filed ({state.filed_on})",
            )
    d = Decision(state, actor, now, envelope.request_id, apply_in_place)
    spec.decide(d, command)
    procedure.time_limit_follows(d)
    fast_track.fast_track_follows(d)
    entrustment.start_follows(d)
    measures.credit_follows(d)
    return d.outcome()


def tick(state: CaseState, now: datetime) -> Outcome:
    """What the clock makes happen by ``now``: warnings, escalations, lapses, re-searches, and
    the 督办 a level-3 escalation opens at the higher court."""
    due = deadline_watch.due_steps(state, now)
    if not due:
        return Outcome([], state)
    d = Decision(state, deadline_watch.watcher(state), now, None, apply_in_place)
    deadline_watch.watch(d, due)
    return d.outcome()
