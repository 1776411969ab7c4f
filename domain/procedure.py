"""The case's course: the six-month time limit (执行期限) and what stops it, suspension (中止执行)
and resumption, extension by the president (or a vice-president), the periods that do not count,
termination of this procedure (终结本次执行程序, 终本) with the six-monthly re-search while the
case sleeps, resumption under an 执恢 number, and closing the case (结案).

Sources (DOMAIN-2 §10): 《关于严格执行案件审理期限制度的若干规定》 (2000, 审限规定) arts. 5, 9
(the time limit, its extension and the periods that do not count); 《执行工作若干问题规定》 item
63; 《关于人民法院办理执行案件若干期限的规定》 (法发〔2006〕35号) art. 1 (who approves an
extension, and when it is asked); 《关于严格规范终结本次执行程序的规定（试行）》 arts. 1, 9 (终本).

Edition 2 (domain/editions.py) reads the time limit as DOMAIN-2 §13 item 5 says; a case of
edition 1 keeps the earlier reading (``_extend_edition_1``) so its history replays as it ran.
"""

from __future__ import annotations

from datetime import date, timedelta

from domain import commands as c
from domain import dormant, supervision
from domain import events as ev
from domain.calendar import DueDate, add_months, months_between
from domain.control import under_measure
from domain.courts import high_court, is_above
from domain.deadlines import (
    CREDIT_RULES,
    DORMANT_REQUERY_YEARS,
    REQUERY_MONTHS,
    RULES,
    TERMINATION_MIN_MONTHS,
    TIME_LIMIT_EXTENSION_MONTHS,
    TIME_LIMIT_EXTENSION_NOTICE_DAYS,
    add_years,
)
from domain.decision import Decision, calendar, open_of, reject, waived_at_closing
from domain.editions import CONTESTED, COURTS
from domain.errors import DomainError
from domain.investigation import open_leads, pending_searches
from domain.money import format_yuan
from domain.roles import CASE_STAFF, DECIDERS, TIME_LIMIT_APPROVERS
from domain.spec import (
    ACTIVE,
    ACTIVE_OR_SUSPENDED,
    OPEN,
    Applier,
    Appliers,
    Commands,
    CommandSpec,
    from_edition,
)
from domain.state import CaseState, Deadline, ExcludedPeriod


# -- the time limit -------------------------------------------------------------------------------
def time_limit_follows(d: Decision) -> None:
    """Stop the time limit when a reason to pause it begins; restart it, later by the days it
    stood still, when the last reason ends (审限规定 art. 9). Runs after every command."""
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
                due = (
                    time_limit_due(d.case)
                    if d.case.edition >= CONTESTED
                    else calendar().days_after(limit.due_on, paused)  # from the rolled day
                )
                d.reschedule(limit, due, "期限暂停期间不计入 / paused time does not count")


def time_limit_due(state: CaseState) -> DueDate:
    """The time limit's last day (edition 3 on): its nominal last day, 6 months from the filing
    (or from 恢复执行), 3 more a granted extension, and the days it stood still, counted in that
    order and rolled off rest days once at the end (民诉法 (2023) art. 85: only the period's
    last day moves off a holiday; DOMAIN-2 `time.counting`). Filed 2026-04-01: 10-01, rolled
    past National Day to 10-08; after a 10-day pause 10-01 + 10 = Sun 10-11 → Mon 10-12, not
    10-08 + 10."""
    start = state.resumed_on or state.filed_on
    months = RULES["case.time_limit"].amount
    months += TIME_LIMIT_EXTENSION_MONTHS * state.time_limit_extensions
    nominal = add_months(start, months) + timedelta(days=state.paused_days)
    return calendar().days_after(nominal, 0)


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


def extension_window(due_on: date) -> tuple[date, date]:
    """The days on which an extension may be asked of a time limit whose last day is
    ``due_on``: "申请延长执行期限的，应当在期限届满前5日内提出" (2006 期限规定 art. 1; DOMAIN-2
    §10 ``case.time_limit.request``), read as written, *within* the last five days, not "at
    least five days before".

    Counted like any period (民事诉讼法 (2023) art. 85), backwards from the last day: the last
    day itself is not counted, as the day an event happens is not counted going forwards; the
    five days before it are the window. When the window's own last day (the day before
    expiry) is a rest day, the window ends on the first working day after it (art. 85: "期间届满
    的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期"), which is at the latest
    the time limit's last day. Counted by hand:

    - last day Wed 2026-09-02: window Fri 08-28 … Tue 09-01 (08-29/30 a weekend inside it,
      counted); 08-27 is early, 09-02 itself late.
    - last day Thu 2026-10-08 (the six months from 04-01 end on 10-01, National Day, rolled
      to 10-08): 10-03 … 10-07 are all holidays, so the window, 10-03 … 10-07, ends on
      10-08 instead: the expiry day is the only working day to ask on. Wed 09-30, the last
      working day before the holiday, is early (eight days before).
    - last day Mon 2026-09-28 (09-27 a Sunday of Mid-autumn): window Wed 09-23 … Sun 09-27,
      ending on Mon 09-28.
    """
    first = due_on - timedelta(days=TIME_LIMIT_EXTENSION_NOTICE_DAYS)
    last = min(calendar().next_working_day(due_on - timedelta(days=1)), due_on)
    return first, last


def extend_time_limit(d: Decision, cmd: c.ExtendTimeLimit) -> None:
    """延长执行期限 by three months (审限规定 art. 5), approved by the president or a
    vice-president (2006 期限规定 art. 1), asked within the last five days (``extension_window``;
    while the limit stands still its clock stands at the day it stopped). A further extension
    is reported up to the high court for the record (层报高级人民法院备案, art. 5): the high
    court files it, it does not approve it, so no approval number is asked; the event names the
    high court (the court just below 最高法 in the case's chain) and the courts between."""
    limit = open_time_limit(d.case)
    assert limit is not None  # `requires`
    if d.case.edition < COURTS:
        _extend_edition_1(d, cmd, limit)
        return
    clock = limit.paused_on or d.today
    first, last = extension_window(limit.due_on)
    window_zh = f"延长执行期限须在届满前5日内申请（{first} 至 {last}，届满日 {limit.due_on}）"
    window_en = f"an extension is asked within the last 5 days ({first} to {last})"
    if clock < first:
        raise reject("time_limit.too_early", window_zh, window_en)
    if clock > last:
        raise reject("time_limit.too_late", window_zh, window_en)
    if cmd.high_court_approval_no is not None:
        raise reject(
            "time_limit.filed_not_approved",
            "再次延长报高级人民法院备案，不需高院批准文号",
            "a further extension is reported to the high court for the record, not approved "
            "by it: give no approval number",
        )
    d.emit(
        ev.TimeLimitExtended(
            months=TIME_LIMIT_EXTENSION_MONTHS, reason=cmd.reason, high_court_approval_no=None
        )
    )
    if d.case.time_limit_extensions > 1:
        chain = d.case.chain
        high = high_court(chain)
        d.emit(
            ev.TimeLimitExtensionFiled(
                extension=d.case.time_limit_extensions,
                high_court_code=high,
                through=list(chain[1 : chain.index(high)]),
                on=d.today,
            )
        )
    due = (
        time_limit_due(d.case)  # from the nominal last day (edition 3)
        if d.case.edition >= CONTESTED
        else calendar().months_after(limit.due_on, TIME_LIMIT_EXTENSION_MONTHS)
    )
    d.reschedule(limit, due, "延长执行期限 / time limit extended")


def _extend_edition_1(d: Decision, cmd: c.ExtendTimeLimit, limit: Deadline) -> None:
    """Edition 1, as it ran: the president alone, asked at least five days before expiry, a
    further extension approved by the high court (its approval number)."""
    if d.actor.role != "president":
        raise reject(
            "auth.forbidden",
            "本案按第 1 版规则办理：延长执行期限由院长批准",
            "under edition 1 of the rules only the president extends the time limit",
        )
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


# -- periods that do not count (edition 2) ----------------------------------------------------
def begin_excluded_period(d: Decision, cmd: c.BeginExcludedPeriod) -> None:
    """Not counted toward the time limit (审限规定 art. 9): (八) the period an agency audits or
    clears the assets (审计、资产清理; appraisal has its own pause, domain/valuation.py), (十一)
    the period of a stay a higher court ordered (上级人民法院通知暂缓执行), which must be a
    court above the case's own in its chain. The time limit stops from today
    (``time_limit_follows``) until the last such reason ends."""
    if cmd.ordering_court_code is not None and not is_above(cmd.ordering_court_code, d.case.chain):
        raise reject(
            "excluded.court_not_above",
            f"{cmd.ordering_court_code} 不是本案法院的上级法院",
            f"{cmd.ordering_court_code} is not a court above the case's court",
        )
    d.emit(
        ev.ExcludedPeriodBegan(
            period_id=f"X{d.next_seq}",
            kind=cmd.kind,
            agency=cmd.agency.strip(),
            ordering_court_code=cmd.ordering_court_code,
            document_no=cmd.document_no,
            reason=cmd.reason,
            on=d.today,
        )
    )


def running_periods(state: CaseState) -> list[ExcludedPeriod]:
    return [p for p in state.excluded_periods.values() if p.running]


def end_excluded_period(d: Decision, cmd: c.EndExcludedPeriod) -> None:
    period = d.case.excluded_periods.get(cmd.period_id)
    if period is None:
        raise reject(
            "excluded.unknown", f"没有期间 {cmd.period_id}", f"no excluded period {cmd.period_id}"
        )
    if not period.running:
        raise reject(
            "excluded.ended",
            f"期间 {cmd.period_id} 已于 {period.ended_on} 结束",
            f"period {cmd.period_id} ended on {period.ended_on}",
        )
    d.emit(ev.ExcludedPeriodEnded(period_id=cmd.period_id, on=d.today, note=cmd.note))


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
        # edition 3: from its nominal last day, rolled once (as ``time_limit_due``; a deadline
        # opened before edition 3 or at a fixed date has none: from its rolled day, as it ran)
        nominal = deadline.nominal_on
        if nominal is None:
            due = calendar().days_after(deadline.due_on, paused)
            d.reschedule(deadline, due, "中止期间不计入 / suspension")
            continue
        moved = nominal + timedelta(days=paused)
        d.reschedule(
            deadline, calendar().days_after(moved, 0), "中止期间不计入 / suspension", moved
        )


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
    for period in running_periods(d.case):  # the time limit they stopped ends here
        d.emit(ev.ExcludedPeriodEnded(period_id=period.period_id, on=d.today, note="终本"))
    # a lapsing measure, a 督办 report, a petition and a listing's deletion are owed whether or
    # not the case sleeps
    procedural = [
        x
        for x in d.case.open_deadlines()
        if x.rule != "freeze.expiry"
        and not x.rule.startswith((*supervision.OWN_RULES, CREDIT_RULES))
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
    if d.case.edition < CONTESTED:  # as it ran: each from the last one's rolled day, drifting
        if due.due_on < add_years(terminated_on, DORMANT_REQUERY_YEARS):
            d.open_by_rule("dormant.requery", "case", due.due_on)
        return
    # Every re-search counts from the 终本 date, 6, 12, 18 … months, each rolled on its own
    # (终本规定 art. 9: every six months for five years): the 10th of a 终本 on 2026-03-19 falls
    # on 2031-03-19, not on a date carried forward from each rolled one.
    months = REQUERY_MONTHS * (
        round(months_between(terminated_on, due.due_on) / REQUERY_MONTHS) + 1
    )
    if months <= 12 * DORMANT_REQUERY_YEARS:
        d.open_deadline("dormant.requery", "case", calendar().months_after(terminated_on, months))


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
    if case.escrowed_fen > 0:  # 提存 until a distribution suit is judged (domain/distribution.py)
        raise reject(
            "close.funds_escrowed",
            f"尚有 {format_yuan(case.escrowed_fen)} 元提存，待分配方案异议之诉判决后发放",
            f"{format_yuan(case.escrowed_fen)} yuan are escrowed until the distribution suit "
            "is judged",
        )
    in_force = [a.asset_id for a in case.assets.values() if under_measure(a)]
    if in_force:
        raise reject(
            "close.controls_in_force",
            f"结案前须解除控制措施：{'、'.join(in_force)}",
            f"release the measures before closing: {', '.join(in_force)}",
        )
    d.emit(ev.CaseClosed(outcome=cmd.outcome, on=d.today, reason=cmd.reason))
    d.waive(waived_at_closing(d.case), "结案 / case closed")
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
        roles=TIME_LIMIT_APPROVERS,  # 院长或副院长批准 (edition 1: 院长, in the rule)
        decide=extend_time_limit,
        requires=_time_limit_open,
    ),
    CommandSpec(
        c.BeginExcludedPeriod,
        label_zh="登记不计入执行期限的期间",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=CASE_STAFF,
        decide=begin_excluded_period,
        requires=from_edition(COURTS),
    ),
    CommandSpec(
        c.EndExcludedPeriod,
        label_zh="登记不计入期间结束",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=end_excluded_period,
        requires=from_edition(COURTS),
        offer_when=lambda s: bool(running_periods(s)),
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


def _period_began(s: CaseState, e: ev.ExcludedPeriodBegan) -> None:
    s.excluded_periods[e.period_id] = ExcludedPeriod(
        period_id=e.period_id,
        kind=e.kind,
        agency=e.agency,
        ordering_court_code=e.ordering_court_code,
        document_no=e.document_no,
        began_on=e.on,
    )


def _period_ended(s: CaseState, e: ev.ExcludedPeriodEnded) -> None:
    s.excluded_periods[e.period_id].ended_on = e.on


def _extension_filed(s: CaseState, e: ev.TimeLimitExtensionFiled) -> None:
    """The record-filing changes nothing of the case: the extension did (``_extended``)."""


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
    Applier(ev.TimeLimitExtensionFiled, _extension_filed),
    Applier(ev.ExcludedPeriodBegan, _period_began),
    Applier(ev.ExcludedPeriodEnded, _period_ended),
    Applier(ev.ProcedureTerminated, _terminated),
    Applier(ev.EnforcementResumed, _enforcement_resumed),
    Applier(ev.CaseClosed, _closed),
    Applier(ev.TimeLimitPaused, _time_limit_paused),
    Applier(ev.TimeLimitRunning, _time_limit_running),
)
