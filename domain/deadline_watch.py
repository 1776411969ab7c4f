"""What the passing of time does to a case's deadlines (节点期限预警与超期升级): a warning before
the due date, then escalation level by level (DOMAIN.md "Escalation ladder"), a control measure
that lapses at level 1, the six-monthly re-search of a 终本 case, and the 督办 a level-3
escalation opens at the higher court. ``next_wakeup`` says when the next such moment is;
``wake_time`` when the workflow wakes for it (a day's turn spread over the night, per case).

Also how the deadline events change the case (their appliers).
"""

from __future__ import annotations

import zlib
from collections.abc import Callable
from datetime import datetime, time, timedelta

from domain import distribution, objections, procedure, supervision, valuation
from domain import events as ev
from domain.calendar import SHANGHAI
from domain.commands import Actor
from domain.deadlines import RULES
from domain.decision import Decision
from domain.spec import Applier, Appliers, Commands
from domain.state import CaseState, Deadline, Escalation

WATCH_USER = "deadline-watch"

Step = tuple[datetime, int]  # (moment, level); level 0 is the warning


def watcher(state: CaseState) -> Actor:
    """Who acts when time passes: the system, at the case's own court."""
    return Actor(user_id=WATCH_USER, role="system", court_code=state.court_code)


def steps(d: Deadline) -> list[Step]:
    """The deadline's steps still to come."""
    if d.state not in ("open", "overdue") or d.paused_on is not None:
        return []
    if d.rule == "dormant.requery":
        return [(d.due_at, 1)]
    ladder = RULES[d.rule].ladder
    found: list[Step] = []
    if not d.warned and d.escalation_level == 0:
        found.append((d.due_at - timedelta(days=ladder.warning_days_before), 0))
    for step in ladder.steps:
        if step.level > d.escalation_level:
            found.append((d.due_at + timedelta(days=step.days_after_due), step.level))
    return found


def next_wakeup(state: CaseState) -> datetime | None:
    return min((moment for d in state.deadlines.values() for moment, _ in steps(d)), default=None)


# Every deadline counted in days turns at 00:00 Asia/Shanghai, so every case with a step on a
# given day would wake at that one instant: some 600,000 a night in a national deployment, most
# of them replays (docs/SCALE.md, "the midnight wake-up"). A case wakes for such a step within
# NIGHT_SPREAD after it instead, at an offset of its own (its number's CRC-32: the same on every
# replay and every worker). Nothing waits for it at night: a warning or an escalation is there
# before the working day, and any command before then takes the step at once (`due_steps`). A
# step at another time of day (a deadline in hours: the family told within 24 hours of a
# detention) wakes the case on time.
NIGHT_SPREAD = timedelta(hours=6)


def night_offset(case_number: str) -> timedelta:
    """The case's own offset into the night, in [0, NIGHT_SPREAD), whole seconds."""
    spread = int(NIGHT_SPREAD.total_seconds())
    return timedelta(seconds=zlib.crc32(case_number.encode()) % spread)


def wake_time(state: CaseState) -> datetime | None:
    """When the case wakes for its next step: the step's moment, or for a step at the turn of a
    day that moment plus the case's `night_offset`; None without steps to come."""
    offset = night_offset(state.case_number)

    def wake(moment: datetime) -> datetime:
        at_midnight = moment.astimezone(SHANGHAI).time() == time.min
        return moment + offset if at_midnight else moment

    moments = (wake(moment) for d in state.deadlines.values() for moment, _ in steps(d))
    return min(moments, default=None)


def due_steps(state: CaseState, now: datetime) -> list[tuple[Deadline, list[Step]]]:
    """The deadlines with steps due by `now`, and those steps."""
    due = []
    for d in state.deadlines.values():
        reached = [(moment, level) for moment, level in steps(d) if moment <= now]
        if reached:
            due.append((d, reached))
    return due


def watch(d: Decision, due: list[tuple[Deadline, list[Step]]]) -> None:
    """Take the steps `due_steps` found (on ``d.before``)."""
    for deadline, reached in due:
        if deadline.rule == "dormant.requery":
            procedure.requery(d, deadline)
            continue
        for _, level in reached:
            if level == 0:
                if len(reached) == 1:  # skip a warning that is already past its due time
                    d.emit(
                        ev.DeadlineWarned(deadline_id=deadline.deadline_id, due_at=deadline.due_at)
                    )
                continue
            _escalate(d, deadline, level)


# A party's period (a plan's objection window, the time to apply for 复议 or to sue) is no
# court's obligation: when it ends, the case moves on by its area's rule instead of escalating.
PERIOD_ENDS: dict[str, Callable[[Decision, Deadline], None]] = {
    **dict.fromkeys(distribution.WINDOWS, distribution.window_closed),
    **dict.fromkeys(objections.PARTY_PERIODS, objections.period_lapsed),
}


def _escalate(d: Decision, deadline: Deadline, level: int) -> None:
    period_ended = PERIOD_ENDS.get(deadline.rule)
    if period_ended is not None:
        period_ended(d, deadline)
        return
    lapses = level == 1 and deadline.rule == "freeze.expiry"
    if lapses and d.case.assets[deadline.subject].controlled:
        d.emit(ev.ControlLapsed(asset_id=deadline.subject, expired_on=deadline.due_on))
    if level == 1 and deadline.rule == "valuation.validity":  # edition 3: the re-issue
        valuation.reissue_if_unused(d, deadline)
    supervision.escalate(d, deadline, level)


COMMANDS: Commands = ()  # none of its own


# -- how the deadline events change the case --------------------------------------------------
def _opened(s: CaseState, e: ev.DeadlineOpened) -> None:
    s.deadlines[e.deadline.deadline_id] = Deadline.model_validate(e.deadline.model_dump())


def _met(s: CaseState, e: ev.DeadlineMet) -> None:
    s.deadlines[e.deadline_id].state = "met"


def _waived(s: CaseState, e: ev.DeadlineWaived) -> None:
    s.deadlines[e.deadline_id].state = "waived"


def _warned(s: CaseState, e: ev.DeadlineWarned) -> None:
    s.deadlines[e.deadline_id].warned = True


def _escalated(s: CaseState, e: ev.DeadlineEscalated) -> None:
    deadline = s.deadlines[e.deadline_id]
    deadline.escalation_level = e.level
    deadline.state = "overdue"
    s.escalations.append(
        Escalation(
            deadline_id=e.deadline_id,
            rule=e.rule,
            level=e.level,
            at=e.occurred_at,
            notify_role=e.notify_role,
            notify_court_code=e.notify_court_code,
        )
    )


def _rescheduled(s: CaseState, e: ev.DeadlineRescheduled) -> None:
    deadline = s.deadlines[e.deadline_id]
    deadline.due_on, deadline.due_at, deadline.provisional = e.due_on, e.due_at, e.provisional
    deadline.nominal_on = e.nominal_on
    deadline.warned = False


APPLIERS: Appliers = (
    Applier(ev.DeadlineOpened, _opened),
    Applier(ev.DeadlineMet, _met),
    Applier(ev.DeadlineWaived, _waived),
    Applier(ev.DeadlineWarned, _warned),
    Applier(ev.DeadlineEscalated, _escalated),
    Applier(ev.DeadlineRescheduled, _rescheduled),
)
