"""督办 (supervision by a higher court) and 涉执信访 (petitions about a case).

Where they live — the design call. A supervision is state and deadlines *inside the case*, not a
workflow of its own. Everything a supervision needs is what the case already does for every
other obligation: a `supervision.report` deadline recorded in an event (due date computed once),
a timer at `next_wakeup`, an escalation ladder (`deadlines.SUPERVISION_LADDER`: report overdue →
reminder to the handling court's bureau head → the supervising court's leadership → the court
above it) where every step is a `deadline_escalated` event on the case's own record and a
notification, replay-safe history, continue-as-new and the PostgreSQL projection. A separate
`Supervision` workflow would duplicate those timers and need signals both ways to keep the
case's snapshot, search attributes and record (全程留痕) in step with it, and a case closing
would have to chase its children. Supervisors see a supervision through the case they may read
(`policy.may_read`), and list supervised cases through the `ZhixingSupervised` search attribute.

Petitions: `register_petition` opens `petition.register` (5 working days on the court calendar,
met by the first `respond_petition`) and `petition.conclude` (30 days, met by `close_petition`).
A petition about delay puts every overdue deadline of the case in front of the bureau head at
once (escalated to level 2 with a notification).
"""

from domain import commands as c
from domain import events as ev
from domain.calendar import DueDate
from domain.case import CaseState, Petition, Supervision
from domain.deadlines import AUTO_SUPERVISION_REPORT_DAYS, RULES
from domain.events import Deadline
from domain.policy import court_covers, higher_court
from domain.recording import Handler, Recorder, calendar, meet, not_future, open_of, reject

OWN_RULES = ("supervision.", "petition.")  # deadlines of this module (not the case's own)
DELAY_LEVEL = 2  # a petition about delay: straight to the bureau head


def _open(
    r: Recorder,
    court: str,
    due: DueDate,
    instructions: str,
    *,
    automatic: bool = False,
    trigger: str | None = None,
) -> None:
    supervision_id = f"SV{r.next_seq}"
    r.emit(
        ev.SupervisionOpened,
        supervision_id=supervision_id,
        supervising_court_code=court,
        report_due_on=due.on,
        instructions=instructions,
        automatic=automatic,
        trigger_deadline_id=trigger,
    )
    r.open_deadline("supervision.report", supervision_id, due)


def _supervision(state: CaseState, supervision_id: str) -> Supervision:
    found = state.supervisions.get(supervision_id)
    if found is None or found.state == "closed":
        raise reject(
            "supervision.not_open",
            f"督办 {supervision_id} 不存在或已结束",
            f"supervision {supervision_id} is unknown or closed",
        )
    return found


def _petition(state: CaseState, petition_id: str) -> Petition:
    found = state.petitions.get(petition_id)
    if found is None or found.state == "closed":
        raise reject(
            "petition.not_open",
            f"信访 {petition_id} 不存在或已办结",
            f"petition {petition_id} is unknown or concluded",
        )
    return found


# -- commands ---------------------------------------------------------------------------------


def open_supervision(state: CaseState, cmd: c.OpenSupervision, r: Recorder) -> None:
    court = r.actor.court_code
    if cmd.report_due_on <= r.today:
        raise reject(
            "supervision.report_date",
            f"报告期限（{cmd.report_due_on}）须晚于今天（{r.today}）",
            f"the report date ({cmd.report_due_on}) must be after today ({r.today})",
        )
    if any(x.supervising_court_code == court for x in state.open_supervisions()):
        raise reject(
            "supervision.already_open",
            f"{court} 对本案的督办尚未结束",
            f"{court} already supervises this case",
        )
    _open(r, court, DueDate(on=cmd.report_due_on), cmd.instructions)


def submit_supervision_report(
    state: CaseState, cmd: c.SubmitSupervisionReport, r: Recorder
) -> None:
    _supervision(state, cmd.supervision_id)
    r.emit(ev.SupervisionReportSubmitted, supervision_id=cmd.supervision_id, summary=cmd.summary)
    meet(state, r, "supervision.report", cmd.supervision_id)


def urge(state: CaseState, cmd: c.Urge, r: Recorder) -> None:
    supervision_id = cmd.supervision_id
    if supervision_id is not None:
        _supervision(state, supervision_id)
    else:
        live = state.open_supervisions()
        supervision_id = live[0].supervision_id if len(live) == 1 else None
    r.emit(
        ev.SupervisionUrged,
        supervision_id=supervision_id,
        urging_court_code=r.actor.court_code,
        message=cmd.message,
    )


def close_supervision(state: CaseState, cmd: c.CloseSupervision, r: Recorder) -> None:
    supervision = _supervision(state, cmd.supervision_id)
    if not court_covers(r.actor.court_code, supervision.supervising_court_code):
        raise reject(
            "supervision.not_yours",
            f"督办由 {supervision.supervising_court_code} 发起，{r.actor.court_code} 不能结束",
            f"{supervision.supervising_court_code} opened this supervision; "
            f"{r.actor.court_code} cannot close it",
        )
    r.emit(ev.SupervisionClosed, supervision_id=cmd.supervision_id, reason=cmd.reason)
    for d in open_of(state, "supervision.report", cmd.supervision_id):
        r.emit(ev.DeadlineWaived, deadline_id=d.deadline_id, reason="督办结束 / closed")


def register_petition(state: CaseState, cmd: c.RegisterPetition, r: Recorder) -> None:
    received_on = cmd.received_on or r.today
    not_future(r, received_on, "信访收到日期", "petition receipt date")
    petition_id = f"P{r.next_seq}"
    r.emit(
        ev.PetitionRegistered,
        petition_id=petition_id,
        petitioner=cmd.petitioner,
        channel=cmd.channel,
        summary=cmd.summary,
        about_delay=cmd.about_delay,
        received_on=received_on,
    )
    cal = calendar()
    for rule_id in ("petition.register", "petition.conclude"):
        r.open_deadline(rule_id, petition_id, RULES[rule_id].due(cal, received_on))
    if cmd.about_delay:
        for d in state.open_deadlines():
            if _overdue_for_petition(d, r):
                step = RULES[d.rule].ladder.step(DELAY_LEVEL)
                r.emit(
                    ev.DeadlineEscalated,
                    deadline_id=d.deadline_id,
                    rule=d.rule,
                    level=DELAY_LEVEL,
                    notify_role=step.notify_role,
                    notify_court_code=state.court_code,
                )


def _overdue_for_petition(d: Deadline, r: Recorder) -> bool:
    """An obligation of the case past its due time and below the bureau head's level. A lapsing
    freeze and the dormant re-search are left to the clock (their level 1 does something)."""
    if d.rule.startswith(OWN_RULES) or d.paused_on is not None:
        return False
    if d.escalation_level >= DELAY_LEVEL:
        return False
    if d.state == "overdue":
        return True
    return d.due_at <= r.now and d.rule not in ("freeze.expiry", "dormant.requery")


def respond_petition(state: CaseState, cmd: c.RespondPetition, r: Recorder) -> None:
    _petition(state, cmd.petition_id)
    r.emit(ev.PetitionResponded, petition_id=cmd.petition_id, response=cmd.response)
    meet(state, r, "petition.register", cmd.petition_id)


def close_petition(state: CaseState, cmd: c.ClosePetition, r: Recorder) -> None:
    _petition(state, cmd.petition_id)
    r.emit(ev.PetitionClosed, petition_id=cmd.petition_id, outcome=cmd.outcome, note=cmd.note)
    for rule_id in ("petition.register", "petition.conclude"):
        meet(state, r, rule_id, cmd.petition_id)


HANDLERS: dict[str, Handler] = {
    "open_supervision": open_supervision,
    "submit_supervision_report": submit_supervision_report,
    "urge": urge,
    "close_supervision": close_supervision,
    "register_petition": register_petition,
    "respond_petition": respond_petition,
    "close_petition": close_petition,
}


# -- what other rules call --------------------------------------------------------------------


def close_with_case(state: CaseState, r: Recorder) -> None:
    """Closing the case closes its supervisions and petitions (their deadlines are waived with
    the case's)."""
    for supervision in state.open_supervisions():
        r.emit(
            ev.SupervisionClosed,
            supervision_id=supervision.supervision_id,
            reason="案件已结案 / the case was closed",
            with_case=True,
        )
    for petition in state.open_petitions():
        r.emit(
            ev.PetitionClosed,
            petition_id=petition.petition_id,
            outcome="case_closed",
            note="案件已结案 / the case was closed",
        )


def escalation_court(state: CaseState, d: Deadline, notify_role: str) -> str:
    """Which court an escalation step of ``d`` goes to."""
    if d.rule == "supervision.report":
        supervising = state.supervisions[d.subject].supervising_court_code
        if notify_role == "higher_court":
            return higher_court(supervising)
        if notify_role == "supervising_leadership":
            return supervising
        return state.court_code
    return higher_court(state.court_code) if notify_role == "higher_court" else state.court_code


def supervise_from_escalation(state: CaseState, r: Recorder, d: Deadline, court: str) -> None:
    """Level 3 of a case deadline reaches the higher court's command centre, which opens a 督办
    (unless it already supervises the case) with its own report deadline."""
    if d.rule.startswith("supervision.") or court == state.court_code:
        return
    if any(x.supervising_court_code == court for x in state.open_supervisions()):
        return
    opened_now = (e for e in r.events if isinstance(e, ev.SupervisionOpened))
    if any(e.supervising_court_code == court for e in opened_now):
        return
    rule = RULES[d.rule]
    _open(
        r,
        court,
        calendar().days_after(r.today, AUTO_SUPERVISION_REPORT_DAYS),
        f"「{rule.obligation_zh}」超期未办（{d.due_on} 到期），自动督办 / "
        f"automatic supervision: '{rule.obligation_en}' overdue since {d.due_on}",
        automatic=True,
        trigger=d.deadline_id,
    )
