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

from __future__ import annotations

from domain import commands as c
from domain import events as ev
from domain.calendar import DueDate, local_date
from domain.courts import at_or_above, court_above
from domain.deadlines import AUTO_SUPERVISION_REPORT_DAYS, RULES
from domain.decision import Decision, calendar, not_future, open_of, reject
from domain.roles import CASE_STAFF, SUPERVISORS
from domain.spec import LIVE, Applier, Appliers, Commands, CommandSpec
from domain.state import URGINGS_KEPT, CaseState, Deadline, Petition, Supervision, Urging

OWN_RULES = ("supervision.", "petition.")  # deadlines of this module (not the case's own)
DELAY_LEVEL = 2  # a petition about delay: straight to the bureau head


def _open(
    d: Decision,
    court: str,
    due: DueDate,
    instructions: str,
    *,
    automatic: bool = False,
    trigger: str | None = None,
) -> None:
    supervision_id = f"SV{d.next_seq}"
    d.emit(
        ev.SupervisionOpened(
            supervision_id=supervision_id,
            supervising_court_code=court,
            report_due_on=due.on,
            instructions=instructions,
            automatic=automatic,
            trigger_deadline_id=trigger,
        )
    )
    d.open_deadline("supervision.report", supervision_id, due)


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
def open_supervision(d: Decision, cmd: c.OpenSupervision) -> None:
    court = d.actor.court_code
    if cmd.report_due_on <= d.today:
        raise reject(
            "supervision.report_date",
            f"报告期限（{cmd.report_due_on}）须晚于今天（{d.today}）",
            f"the report date ({cmd.report_due_on}) must be after today ({d.today})",
        )
    if any(x.supervising_court_code == court for x in d.case.open_supervisions()):
        raise reject(
            "supervision.already_open",
            f"{court} 对本案的督办尚未结束",
            f"{court} already supervises this case",
        )
    _open(d, court, DueDate(on=cmd.report_due_on), cmd.instructions)


def submit_supervision_report(d: Decision, cmd: c.SubmitSupervisionReport) -> None:
    _supervision(d.case, cmd.supervision_id)
    d.emit(ev.SupervisionReportSubmitted(supervision_id=cmd.supervision_id, summary=cmd.summary))
    d.meet("supervision.report", cmd.supervision_id)


def urge(d: Decision, cmd: c.Urge) -> None:
    supervision_id = cmd.supervision_id
    if supervision_id is not None:
        _supervision(d.case, supervision_id)
    else:
        live = d.case.open_supervisions()
        supervision_id = live[0].supervision_id if len(live) == 1 else None
    d.emit(
        ev.SupervisionUrged(
            supervision_id=supervision_id,
            urging_court_code=d.actor.court_code,
            message=cmd.message,
        )
    )


def close_supervision(d: Decision, cmd: c.CloseSupervision) -> None:
    supervision = _supervision(d.case, cmd.supervision_id)
    if not at_or_above(d.actor.court_code, supervision.supervising_court_code, d.case.chain):
        raise reject(
            "supervision.not_yours",
            f"督办由 {supervision.supervising_court_code} 发起，{d.actor.court_code} 不能结束",
            f"{supervision.supervising_court_code} opened this supervision; "
            f"{d.actor.court_code} cannot close it",
        )
    d.emit(ev.SupervisionClosed(supervision_id=cmd.supervision_id, reason=cmd.reason))
    d.waive(list(open_of(d.case, "supervision.report", cmd.supervision_id)), "督办结束 / closed")


def register_petition(d: Decision, cmd: c.RegisterPetition) -> None:
    received_on = cmd.received_on or d.today
    not_future(d, received_on, "信访收到日期", "petition receipt date")
    petition_id = f"P{d.next_seq}"
    d.emit(
        ev.PetitionRegistered(
            petition_id=petition_id,
            petitioner=cmd.petitioner,
            channel=cmd.channel,
            summary=cmd.summary,
            about_delay=cmd.about_delay,
            received_on=received_on,
        )
    )
    for rule_id in ("petition.register", "petition.conclude"):
        d.open_by_rule(rule_id, petition_id, received_on)
    if cmd.about_delay:
        for deadline in d.case.open_deadlines():
            if _overdue_for_petition(d, deadline):
                escalate(d, deadline, DELAY_LEVEL)


def _overdue_for_petition(d: Decision, deadline: Deadline) -> bool:
    """An obligation of the case past its due time and below the bureau head's level. A lapsing
    freeze and the dormant re-search are left to the clock (their level 1 does something)."""
    if deadline.rule.startswith(OWN_RULES) or deadline.paused_on is not None:
        return False
    if deadline.escalation_level >= DELAY_LEVEL:
        return False
    if deadline.state == "overdue":
        return True
    return deadline.due_at <= d.now and deadline.rule not in ("freeze.expiry", "dormant.requery")


def respond_petition(d: Decision, cmd: c.RespondPetition) -> None:
    _petition(d.case, cmd.petition_id)
    d.emit(ev.PetitionResponded(petition_id=cmd.petition_id, response=cmd.response))
    d.meet("petition.register", cmd.petition_id)


def close_petition(d: Decision, cmd: c.ClosePetition) -> None:
    _petition(d.case, cmd.petition_id)
    d.emit(ev.PetitionClosed(petition_id=cmd.petition_id, outcome=cmd.outcome, note=cmd.note))
    for rule_id in ("petition.register", "petition.conclude"):
        d.meet(rule_id, cmd.petition_id)


COMMANDS: Commands = (
    # 督办 is opened, urged and closed by a higher court; the handling court reports.
    CommandSpec(
        c.OpenSupervision,
        label_zh="立案督办",
        statuses=LIVE,
        roles=SUPERVISORS,
        decide=open_supervision,
        from_above=True,
    ),
    CommandSpec(
        c.SubmitSupervisionReport,
        label_zh="报送督办情况",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=submit_supervision_report,
        offer_when=lambda s: bool(s.open_supervisions()),
    ),
    CommandSpec(
        c.Urge,
        label_zh="催办",
        statuses=LIVE,
        roles=SUPERVISORS,
        decide=urge,
        from_above=True,
    ),
    CommandSpec(
        c.CloseSupervision,
        label_zh="结束督办",
        statuses=LIVE,
        roles=SUPERVISORS,
        decide=close_supervision,
        offer_when=lambda s: bool(s.open_supervisions()),
        from_above=True,
    ),
    CommandSpec(
        c.RegisterPetition,
        label_zh="登记涉执信访",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=register_petition,
    ),
    CommandSpec(
        c.RespondPetition,
        label_zh="答复涉执信访",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=respond_petition,
        offer_when=lambda s: bool(s.open_petitions()),
    ),
    CommandSpec(
        c.ClosePetition,
        label_zh="办结涉执信访",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=close_petition,
        offer_when=lambda s: bool(s.open_petitions()),
    ),
)


# -- what other rules call --------------------------------------------------------------------
def close_with_case(d: Decision) -> None:
    """Closing the case closes its supervisions and petitions (their deadlines are waived with
    the case's)."""
    for supervision in d.case.open_supervisions():
        d.emit(
            ev.SupervisionClosed(
                supervision_id=supervision.supervision_id,
                reason="案件已结案 / the case was closed",
                with_case=True,
            )
        )
    for petition in d.case.open_petitions():
        d.emit(
            ev.PetitionClosed(
                petition_id=petition.petition_id,
                outcome="case_closed",
                note="案件已结案 / the case was closed",
            )
        )


def _escalation_court(state: CaseState, deadline: Deadline, notify_role: str) -> str:
    """Which court an escalation step of ``deadline`` goes to."""
    if deadline.rule == "supervision.report":
        supervising = state.supervisions[deadline.subject].supervising_court_code
        if notify_role == "higher_court":
            return court_above(supervising, state.chain)
        if notify_role == "supervising_leadership":
            return supervising
        return state.court_code
    return (
        court_above(state.court_code, state.chain)
        if notify_role == "higher_court"
        else state.court_code
    )


def escalate(d: Decision, deadline: Deadline, level: int) -> None:
    """``deadline`` reaches ``level`` of its ladder: the step's role at its court is notified;
    the higher court's step opens a 督办 there."""
    step = RULES[deadline.rule].ladder.step(level)
    court = _escalation_court(d.case, deadline, step.notify_role)
    d.emit(
        ev.DeadlineEscalated(
            deadline_id=deadline.deadline_id,
            rule=deadline.rule,
            level=level,
            notify_role=step.notify_role,
            notify_court_code=court,
        )
    )
    if step.notify_role == "higher_court":
        _supervise_from_escalation(d, deadline, court)


def _supervise_from_escalation(d: Decision, deadline: Deadline, court: str) -> None:
    """Level 3 of a case deadline reaches the higher court's command centre, which opens a 督办
    (unless it already supervises the case) with its own report deadline."""
    if deadline.rule.startswith("supervision.") or court == d.case.court_code:
        return
    if any(x.supervising_court_code == court for x in d.case.open_supervisions()):
        return
    rule = RULES[deadline.rule]
    _open(
        d,
        court,
        calendar().days_after(d.today, AUTO_SUPERVISION_REPORT_DAYS),
        f"「{rule.obligation_zh}」超期未办（{deadline.due_on} 到期），自动督办 / "
        f"automatic supervision: '{rule.obligation_en}' overdue since {deadline.due_on}",
        automatic=True,
        trigger=deadline.deadline_id,
    )


# -- how its events change the case -------------------------------------------------------------
def _opened(s: CaseState, e: ev.SupervisionOpened) -> None:
    s.supervisions[e.supervision_id] = Supervision(
        supervision_id=e.supervision_id,
        supervising_court_code=e.supervising_court_code,
        opened_on=local_date(e.occurred_at),
        opened_by=e.actor.user_id,
        instructions=e.instructions,
        report_due_on=e.report_due_on,
        automatic=e.automatic,
    )


def _reported(s: CaseState, e: ev.SupervisionReportSubmitted) -> None:
    supervision = s.supervisions[e.supervision_id]
    supervision.state, supervision.reported_on = "reported", local_date(e.occurred_at)
    supervision.reports.append(e.summary)


def _urged(s: CaseState, e: ev.SupervisionUrged) -> None:
    if e.supervision_id is not None:
        supervision = s.supervisions[e.supervision_id]
        supervision.urged += 1
        supervision.urgings.append(
            Urging(
                at=e.occurred_at,
                court_code=e.urging_court_code,
                user_id=e.actor.user_id,
                message=e.message,
            )
        )
        del supervision.urgings[:-URGINGS_KEPT]


def _closed(s: CaseState, e: ev.SupervisionClosed) -> None:
    supervision = s.supervisions[e.supervision_id]
    supervision.state, supervision.close_reason = "closed", e.reason
    supervision.closed_on = local_date(e.occurred_at)


def _petition_registered(s: CaseState, e: ev.PetitionRegistered) -> None:
    s.petitions[e.petition_id] = Petition(
        petition_id=e.petition_id,
        petitioner=e.petitioner,
        channel=e.channel,
        summary=e.summary,
        about_delay=e.about_delay,
        received_on=e.received_on,
    )


def _petition_responded(s: CaseState, e: ev.PetitionResponded) -> None:
    petition = s.petitions[e.petition_id]
    petition.state = "responded"
    petition.responses.append(e.response)


def _petition_closed(s: CaseState, e: ev.PetitionClosed) -> None:
    petition = s.petitions[e.petition_id]
    petition.state, petition.outcome = "closed", e.outcome
    petition.closed_on = local_date(e.occurred_at)


APPLIERS: Appliers = (
    Applier(ev.SupervisionOpened, _opened),
    Applier(ev.SupervisionReportSubmitted, _reported),
    Applier(ev.SupervisionUrged, _urged),
    Applier(ev.SupervisionClosed, _closed),
    Applier(ev.PetitionRegistered, _petition_registered),
    Applier(ev.PetitionResponded, _petition_responded),
    Applier(ev.PetitionClosed, _petition_closed),
)
