"""The case's course: the six-month time limit (执行期限) and what stops it, suspension (中止执行)
and resumption, extension by the president, termination of this procedure (终结本次执行程序,
终本) with the six-monthly re-search while the case sleeps, resumption under an 执恢 number, and
closing the case (结案).

Sources: 《关于严格执行案件审理期限制度的若干规定》 arts. 5, 9 (the time limit and the periods
that do not count); 《关于严格规范终结本次执行程序的规定（试行）》 arts. 1, 9 (终本).
"""

from __future__ import annotations

from datetime import date

from domain import commands as c
from domain import dormant, supervision
from domain import events as ev
from domain.calendar import add_months
from domain.control import under_measure
from domain.deadlines import (
    DORMANT_REQUERY_YEARS,
    RULES,
    TERMINATION_MIN_MONTHS,
    TIME_LIMIT_EXTENSION_MONTHS,
    TIME_LIMIT_EXTENSION_NOTICE_DAYS,
    add_years,
)
from domain.decision import Decision, calendar, open_of, reject
from domain.editions import COURTS
from domain.errors import DomainError
from domain.investigation import open_leads, pending_searches
from domain.money import format_yuan
from domain.roles import CASE_STAFF, DECIDERS, PRESIDENT
from domain.spec import ACTIVE, ACTIVE_OR_SUSPENDED, OPEN, Applier, Appliers, Commands, CommandSpec
from domain.state import CaseState, Deadline


# -- the time limit -------------------------------------------------------------------------------
def time_limit_follows(d: Decision) -> None:
    """Stop the time limit when a reason to pause it begins; restart it, later by the days it
    stood still, when the last reason ends (期限规定 art. 9). Runs after every command."""
    if not d.events or d.before is None:
        return
    was, now_paused = d.before.time_limit_pause_reasons(), d.case.time_limit_pause_reasons()
    if not was and now_paused and d.case.status != "closed":
        d.emit(ev.TimeLimitPaused(on=d.today, reasons=now_paused))
    elif was and not now_paused and d.case.time_limit_paused_on is not None:
        paused = (d.today - d.case.time_limit_paused_on).days
        limits = list(open_of(d.case, "case.time_limit"))
        d.emit(ev.TimeLimitRunning(on=d.today, paused_days=paused))
        for limit in limits:
            if paused:
                due = calendar().days_after(limit.due_on, paused)
                d.reschedule(limit, due, "期限暂停期间不计入 / paused time does not count")


def open_time_limit(state: CaseState) -> Deadline | None:
    """The time limit, while it runs or stands still but has not run out."""
    limit = next(open_of(state, "case.time_limit"), None)
    return limit if limit is not None and limit.state == "open" else None


def _time_limit_open(state: CaseState) -> DomainError | None:
    if open_time_limit(state) is None:
        return reject(
            "time_limit.not_open",
            "执行期限已届满或不存在，不能延长",
            "the time limit has run out or does not exist",
        )
    return None


def extend_time_limit(d: Decision, cmd: c.ExtendTimeLimit) -> None:
    limit = open_time_limit(d.case)
    assert limit is not None  # `requires`
    if (limit.due_on - d.today).days < TIME_LIMIT_EXTENSION_NOTICE_DAYS:
        raise reject(
            "time_limit.too_late",
            f"延长执行期限须在届满 {TIME_LIMIT_EXTENSION_NOTICE_DAYS} 日前申请"
            f"（届满日 {limit.due_on}）",
            f"an extension must be asked at least {TIME_LIMIT_EXTENSION_NOTICE_DAYS} days "
            f"before the limit ({limit.due_on})",
        )
    if d.case.time_limit_extensions >= 1 and cmd.high_court_approval_no is None:
        raise reject(
            "time_limit.needs_high_court",
            "再次延长须报请高级人民法院批准，请填写批准文号",
            "a further extension must be approved by the high court: give its approval number",
        )
    d.emit(
        ev.TimeLimitExtended(
            months=TIME_LIMIT_EXTENSION_MONTHS,
            reason=cmd.reason,
            high_court_approval_no=cmd.high_court_approval_no,
        )
    )
    due = calendar().months_after(limit.due_on, TIME_LIMIT_EXTENSION_MONTHS)
    d.reschedule(limit, due, "延长执行期限 / time limit extended")


# -- suspension ---------------------------------------------------------------------------------
def suspend(d: Decision, cmd: c.Suspend) -> None:
    d.emit(ev.CaseSuspended(reason=cmd.reason, on=d.today))


def resume(d: Decision, cmd: c.Resume) -> None:
    suspended_on = d.case.suspended_on
    assert suspended_on is not None
    paused = (d.today - suspended_on).days
    stood_still = [
        x
        for x in d.case.open_deadlines()
        if x.paused_on is not None and x.rule != "case.time_limit"
    ]
    d.emit(ev.CaseResumed(on=d.today, paused_days=paused))
    for deadline in stood_still:
        due = calendar().days_after(deadline.due_on, paused)
        d.reschedule(deadline, due, "中止期间不计入 / suspension")


# -- 终本 ----------------------------------------------------------------------------------------
def termination_obstacles(state: CaseState, today: date) -> list[DomainError]:
    """Every unmet precondition of 终本 (终本规定 art. 1), so the UI can list them all. From
    edition COURTS on also condition (5), the applicant heard and the approval of 民诉法解释
    art. 517, and a vehicle sealed at the registry but never seized does not block
    (domain/dormant.py); an edition-1 case keeps the rule it was filed under."""
    problems: list[DomainError] = []
    kinds = {doc.kind for doc in state.documents.values()}
    if not {"enforcement_notice", "property_report_order"} <= kinds:
        problems.append(
            reject(
                "termination.notice_not_issued",
                "尚未发出执行通知书和报告财产令",
                "the enforcement notice and property report order were not issued",
            )
        )
    restricted = {m.party_id for m in state.measures if m.measure == "consumption_restriction"}
    if not {p.party_id for p in state.respondents} <= restricted:
        problems.append(
            reject(
                "termination.no_consumption_restriction",
                "尚未对全部被执行人发出限制消费令",
                "a consumption restriction was not issued to every respondent",
            )
        )
    if not any(s.scope == "network" for s in state.searches.values()):
        problems.append(
            reject("termination.no_search", "尚未进行网络查控", "no asset search was made")
        )
    elif pending_searches(state):
        problems.append(
            reject(
                "termination.search_pending",
                "仍有未完成的财产查控",
                "an asset search is still pending",
            )
        )
    if open_leads(state):
        problems.append(
            reject(
                "termination.lead_open",
                "仍有未核查的财产线索",
                "a property lead is still unchecked",
            )
        )
    new_law = state.edition >= COURTS
    open_assets = [
        a.asset_id
        for a in state.assets.values()
        if a.disposition == "open" and not (new_law and dormant.undisposable(a))
    ]
    if open_assets:
        problems.append(
            reject(
                "termination.disposable_assets",
                f"仍有可处置财产：{'、'.join(open_assets)}",
                f"property left to dispose of: {', '.join(open_assets)}",
            )
        )
    earliest = add_months(state.current_filed_on, TERMINATION_MIN_MONTHS)
    if today <= earliest:
        problems.append(
            reject(
                "termination.too_early",
                f"立案未满三个月（{earliest} 之后方可终本）",
                f"less than three months since filing (possible after {earliest})",
            )
        )
    if new_law:
        problems.extend(dormant.obstacles(state))
    return problems


def terminate_this_procedure(d: Decision, cmd: c.TerminateThisProcedure) -> None:
    problems = termination_obstacles(d.case, d.today)
    if problems:
        raise reject(
            problems[0].code if len(problems) == 1 else "termination.preconditions",
            "不符合终本条件：" + "；".join(p.zh for p in problems),
            "termination preconditions not met: " + "; ".join(p.en for p in problems),
        )
    d.emit(ev.ProcedureTerminated(on=d.today, reason=cmd.reason))
    # a lapsing measure, a 督办 report and a petition are owed whether or not the case sleeps
    procedural = [
        x
        for x in d.case.open_deadlines()
        if x.rule != "freeze.expiry" and not x.rule.startswith(supervision.OWN_RULES)
    ]
    d.waive(procedural, "终本 / procedure terminated")
    d.open_by_rule("dormant.requery", "case", d.today)


def requery(d: Decision, due: Deadline) -> None:
    """终本后定期查控: search again, and schedule the next one while within five years."""
    d.emit(ev.DeadlineMet(deadline_id=due.deadline_id))
    if not pending_searches(d.case):
        d.emit(
            ev.AssetSearchRequested(
                search_id=f"S{d.next_seq}", scope="network", dormant_requery=True
            )
        )
    terminated_on = d.case.terminated_on
    assert terminated_on is not None
    if due.due_on < add_years(terminated_on, DORMANT_REQUERY_YEARS):
        d.open_by_rule("dormant.requery", "case", due.due_on)


def resume_enforcement(d: Decision, cmd: c.ResumeEnforcement) -> None:
    court = c.parse_case_number(cmd.resumed_case_number).group("court")
    if court != d.case.court_code:
        raise reject(
            "resume.court_mismatch",
            f"恢复执行案号的法院代码 {court} 与本案不符",
            f"the resumed number's court {court} is not this case's court",
        )
    d.emit(
        ev.EnforcementResumed(
            resumed_case_number=cmd.resumed_case_number, on=d.today, reason=cmd.reason
        )
    )
    d.waive(list(open_of(d.case, "dormant.requery")), "恢复执行 / resumed")
    d.open_by_rule("case.time_limit", "case", d.today)


# -- closing ------------------------------------------------------------------------------------
def close_case(d: Decision, cmd: c.CloseCase) -> None:
    case = d.case
    if cmd.outcome == "fully_enforced" and case.outstanding_fen > 0:
        raise reject(
            "close.outstanding",
            f"尚有 {format_yuan(case.outstanding_fen)} 元未执行到位，不能以执行完毕结案",
            f"{format_yuan(case.outstanding_fen)} yuan are still outstanding",
        )
    if case.held_fen > 0:
        raise reject(
            "close.funds_held",
            f"案款账户尚有 {format_yuan(case.held_fen)} 元未发放",
            f"{format_yuan(case.held_fen)} yuan of case funds are not paid out yet",
        )
    in_force = [a.asset_id for a in case.assets.values() if under_measure(a)]
    if in_force:
        raise reject(
            "close.controls_in_force",
            f"结案前须解除控制措施：{'、'.join(in_force)}",
            f"release the measures before closing: {', '.join(in_force)}",
        )
    d.emit(ev.CaseClosed(outcome=cmd.outcome, on=d.today, reason=cmd.reason))
    d.waive(d.case.open_deadlines(), "结案 / case closed")
    supervision.close_with_case(d)


COMMANDS: Commands = (
    CommandSpec(
        c.Suspend,
        label_zh="中止执行",
        statuses=ACTIVE,
        roles=DECIDERS,  # 中止执行 is ordered by ruling
        decide=suspend,
    ),
    CommandSpec(
        c.Resume,
        label_zh="恢复执行（中止后）",
        statuses=frozenset({"suspended"}),
        roles=DECIDERS,
        decide=resume,
    ),
    CommandSpec(
        c.ExtendTimeLimit,
        label_zh="延长执行期限",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=PRESIDENT,  # 院长批准
        decide=extend_time_limit,
        requires=_time_limit_open,
    ),
    CommandSpec(
        c.TerminateThisProcedure,
        label_zh="终结本次执行程序（终本）",
        statuses=ACTIVE,
        roles=DECIDERS,
        decide=terminate_this_procedure,
    ),
    CommandSpec(
        c.ResumeEnforcement,
        label_zh="恢复执行（终本后，执恢）",
        statuses=frozenset({"dormant"}),
        roles=CASE_STAFF,
        decide=resume_enforcement,
    ),
    CommandSpec(
        c.CloseCase,
        label_zh="结案",
        statuses=OPEN,
        roles=DECIDERS,
        decide=close_case,
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _suspended(s: CaseState, e: ev.CaseSuspended) -> None:
    s.status, s.suspended_on = "suspended", e.on
    for deadline in s.open_deadlines():
        if RULES[deadline.rule].pauses_when_suspended and deadline.rule != "case.time_limit":
            deadline.paused_on = e.on


def _resumed(s: CaseState, e: ev.CaseResumed) -> None:
    s.status, s.suspended_on = "active", None
    for deadline in s.deadlines.values():
        if deadline.rule != "case.time_limit":  # the time limit has its own pause
            deadline.paused_on = None


def _extended(s: CaseState, e: ev.TimeLimitExtended) -> None:
    s.time_limit_extensions += 1


def _terminated(s: CaseState, e: ev.ProcedureTerminated) -> None:
    s.status, s.terminated_on = "dormant", e.on


def _enforcement_resumed(s: CaseState, e: ev.EnforcementResumed) -> None:
    s.status = "active"
    s.resumed_case_number, s.resumed_on = e.resumed_case_number, e.on
    s.terminated_on = None
    dormant.new_file(s)
    # The 执恢 case is a new case: its own time limit, extensions and pauses.
    s.time_limit_extensions, s.paused_days = 0, 0


def _closed(s: CaseState, e: ev.CaseClosed) -> None:
    s.status, s.closed_on, s.outcome = "closed", e.on, e.outcome


def _time_limit_paused(s: CaseState, e: ev.TimeLimitPaused) -> None:
    s.time_limit_paused_on = e.on
    for deadline in s.open_deadlines():
        if deadline.rule == "case.time_limit":
            deadline.paused_on = e.on


def _time_limit_running(s: CaseState, e: ev.TimeLimitRunning) -> None:
    s.time_limit_paused_on = None
    s.paused_days += e.paused_days
    for deadline in s.deadlines.values():
        if deadline.rule == "case.time_limit":
            deadline.paused_on = None


APPLIERS: Appliers = (
    Applier(ev.CaseSuspended, _suspended),
    Applier(ev.CaseResumed, _resumed),
    Applier(ev.TimeLimitExtended, _extended),
    Applier(ev.ProcedureTerminated, _terminated),
    Applier(ev.EnforcementResumed, _enforcement_resumed),
    Applier(ev.CaseClosed, _closed),
    Applier(ev.TimeLimitPaused, _time_limit_paused),
    Applier(ev.TimeLimitRunning, _time_limit_running),
)
