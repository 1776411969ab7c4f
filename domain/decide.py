"""``decide``: what a command means for a case, or why it is refused.

``decide(state, envelope, now)`` returns the new events (numbered after ``state.last_seq``) or
raises ``DomainError``. It never changes ``state``. ``tick(state, now)`` returns what the passing
of time makes happen (warnings, escalations, lapses, the dormant re-search), and
``next_wakeup(state)`` says when the next such moment is.
"""

from datetime import date, datetime, timedelta

from domain import bankruptcy, disposal, funds, supervision
from domain import commands as c
from domain import events as ev
from domain.calendar import DueDate, add_months
from domain.case import Asset, CaseState, fold
from domain.deadlines import (
    DORMANT_REQUERY_YEARS,
    FREEZE_MAX_YEARS,
    LEAD_CHECK_URGENT_DAYS,
    RULES,
    TERMINATION_MIN_MONTHS,
    TIME_LIMIT_EXTENSION_MONTHS,
    TIME_LIMIT_EXTENSION_NOTICE_DAYS,
    add_years,
)
from domain.errors import DomainError
from domain.events import Deadline
from domain.labels import STATUS_ZH
from domain.money import format_yuan
from domain.policy import (
    MEASURE_APPROVERS,
    MEASURES_NEEDING_APPROVAL,
    ROLE_NAMES_ZH,
    may_issue,
)
from domain.recording import (
    Handler,
    Recorder,
    asset_of,
    calendar,
    control_of,
    meet,
    not_future,
    open_of,
    reject,
    reschedule,
    respondent,
)

FILING_DESK = "docketing"  # 立案庭: the start input carries no actor of its own


_LIVE = frozenset({"active", "suspended", "dormant", "transferred"})  # every status but closed

# command type -> the case statuses in which it can be taken at all
COMMAND_STATUSES: dict[str, frozenset[str]] = {
    "issue_notice": frozenset({"active"}),
    "record_service": frozenset({"active", "suspended", "transferred"}),
    "record_property_report": frozenset({"active", "suspended"}),
    "impose_measure": frozenset({"active"}),
    "request_asset_search": frozenset({"active"}),
    "complete_asset_search": frozenset({"active", "suspended", "dormant"}),
    "record_asset_found": frozenset({"active", "suspended", "dormant"}),
    "register_property_lead": frozenset({"active", "suspended", "dormant"}),
    "record_lead_checked": frozenset({"active", "suspended", "dormant"}),
    "freeze_asset": frozenset({"active"}),
    "confirm_freeze": frozenset({"active", "suspended", "dormant", "transferred"}),
    "renew_freeze": frozenset({"active", "suspended", "dormant", "transferred"}),
    "release_asset": frozenset({"active", "suspended", "dormant", "transferred"}),
    "deduct_funds": frozenset({"active"}),
    "suspend": frozenset({"active"}),
    "resume": frozenset({"suspended"}),
    "extend_time_limit": frozenset({"active", "suspended"}),
    "terminate_this_procedure": frozenset({"active"}),
    "resume_enforcement": frozenset({"dormant"}),
    "close_case": frozenset({"active", "suspended", "dormant"}),
    "start_valuation": frozenset({"active"}),
    "extend_valuation": frozenset({"active", "suspended"}),
    "record_valuation": frozenset({"active", "suspended"}),
    "record_valuation_objection": frozenset({"active", "suspended"}),
    "schedule_auction": frozenset({"active"}),
    "record_auction_result": frozenset({"active", "suspended"}),
    "start_sale": frozenset({"active"}),
    "record_sale_result": frozenset({"active", "suspended"}),
    "accept_in_kind": frozenset({"active"}),
    "record_funds_received": frozenset({"active", "suspended", "dormant"}),
    "approve_distribution": frozenset({"active", "suspended", "dormant"}),
    "record_payout": frozenset({"active", "suspended", "dormant", "transferred"}),
    "record_settlement": frozenset({"active"}),
    "record_installment_paid": frozenset({"active"}),
    "declare_settlement_default": frozenset({"active"}),
    "propose_bankruptcy_transfer": frozenset({"active", "suspended"}),
    "approve_bankruptcy_transfer": frozenset({"active", "suspended"}),
    "record_bankruptcy_decision": frozenset({"transferred"}),
    "open_supervision": _LIVE,
    "submit_supervision_report": _LIVE,
    "urge": _LIVE,
    "close_supervision": _LIVE,
    "register_petition": _LIVE,
    "respond_petition": _LIVE,
    "close_petition": _LIVE,
}


# ---------------------------------------------------------------------------------------------
# Filing


def decide_filing(command: c.FileCase, now: datetime) -> list[ev.Event]:
    """立案: the case and the deadlines that start with it."""
    actor = c.Actor(user_id=FILING_DESK, role="integration", court_code=command.court_code)
    r = Recorder(0, actor, now, None)
    if command.filed_on > r.today:
        raise reject(
            "filing.future_date",
            f"立案日期 {command.filed_on} 晚于今天 {r.today}",
            f"filing date {command.filed_on} is after today {r.today}",
        )
    r.emit(ev.CaseFiled, **command.model_dump(exclude={"type"}))
    cal = calendar()
    for rule_id, subject in (
        ("case.time_limit", "case"),
        ("notice.issue", "case"),
        ("assets.search", "case"),
        ("assets.investigation", "case"),
    ):
        r.open_deadline(rule_id, subject, RULES[rule_id].due(cal, command.filed_on))
    return r.events


# ---------------------------------------------------------------------------------------------
# Commands


def decide(state: CaseState, envelope: c.Envelope, now: datetime) -> list[ev.Event]:
    actor, command = envelope.actor, envelope.command
    kind = command.type
    if not may_issue(actor, state.court_code, kind):
        raise reject(
            "auth.forbidden",
            f"{ROLE_NAMES_ZH.get(actor.role, actor.role)}（{actor.court_code}）"
            f"无权对本案执行“{kind}”",
            f"role {actor.role} of court {actor.court_code} may not {kind} on this case",
        )
    if state.status not in COMMAND_STATUSES[kind]:
        raise reject(
            "stage.not_allowed",
            f"案件当前状态为“{STATUS_ZH.get(state.status, state.status)}”，不能执行“{kind}”",
            f"{kind} is not allowed while the case is {state.status}",
        )
    r = Recorder(state.last_seq, actor, now, envelope.request_id)
    _HANDLERS[kind](state, command, r)
    _time_limit_follows(state, r)
    return r.events


def _time_limit_follows(before: CaseState, r: Recorder) -> None:
    """Stop the time limit when a reason to pause it begins; restart it, later by the days it
    stood still, when the last reason ends (期限规定 art. 9)."""
    if not r.events:
        return
    after = fold(before, r.events)
    was, now_paused = before.time_limit_pause_reasons(), after.time_limit_pause_reasons()
    if not was and now_paused and after.status != "closed":
        r.emit(ev.TimeLimitPaused, on=r.today, reasons=now_paused)
    elif was and not now_paused and after.time_limit_paused_on is not None:
        paused = (r.today - after.time_limit_paused_on).days
        r.emit(ev.TimeLimitRunning, on=r.today, paused_days=paused)
        for d in open_of(after, "case.time_limit"):
            if paused:
                due = calendar().days_after(d.due_on, paused)
                reschedule(r, d, due, "期限暂停期间不计入 / paused time does not count")


def notice_issued(state: CaseState) -> bool:
    return any(d.kind == "enforcement_notice" for d in state.documents.values())


def _issue_notice(state: CaseState, cmd: c.IssueNotice, r: Recorder) -> None:
    if notice_issued(state):
        raise reject(
            "notice.already_issued",
            "执行通知书和报告财产令已经发出",
            "the enforcement notice and property report order were already issued",
        )
    documents = [
        ev.Document(
            document_id=f"{prefix}-{party.party_id}",
            kind=kind,
            party_id=party.party_id,
            issued_on=r.today,
            method=cmd.method,
        )
        for party in state.respondents
        for prefix, kind in (("TZ", "enforcement_notice"), ("BG", "property_report_order"))
    ]
    r.emit(ev.NoticeIssued, documents=documents)
    meet(state, r, "notice.issue")


def _record_service(state: CaseState, cmd: c.RecordService, r: Recorder) -> None:
    doc = state.documents.get(cmd.document_id)
    if doc is None:
        raise reject(
            "service.unknown_document",
            f"文书 {cmd.document_id} 不存在",
            f"no document {cmd.document_id}",
        )
    if doc.served_on is not None:
        raise reject(
            "service.already_served",
            f"文书 {cmd.document_id} 已于 {doc.served_on} 送达",
            f"document {cmd.document_id} was served on {doc.served_on}",
        )
    not_future(r, cmd.served_on, "送达日期", "service date")
    if cmd.served_on < doc.issued_on:
        raise reject(
            "service.before_issue",
            "送达日期早于发出日期",
            "the service date is before the document was issued",
        )
    r.emit(
        ev.DocumentServed, document_id=doc.document_id, served_on=cmd.served_on, method=cmd.method
    )
    if doc.kind == "bankruptcy_transfer_decision" and all(
        d.served_on is not None or d.document_id == doc.document_id
        for d in state.documents.values()
        if d.kind == doc.kind
    ):
        meet(state, r, "bankruptcy.serve_decision")


def _record_property_report(state: CaseState, cmd: c.RecordPropertyReport, r: Recorder) -> None:
    respondent(state, cmd.party_id)
    if f"BG-{cmd.party_id}" not in state.documents:
        raise reject(
            "report.no_order",
            "尚未向该被执行人发出报告财产令",
            "no property report order was issued to this respondent",
        )
    not_future(r, cmd.reported_on, "报告日期", "report date")
    r.emit(
        ev.PropertyReported, party_id=cmd.party_id, reported_on=cmd.reported_on, summary=cmd.summary
    )


def _impose_measure(state: CaseState, cmd: c.ImposeMeasure, r: Recorder) -> None:
    respondent(state, cmd.party_id)
    if cmd.measure in MEASURES_NEEDING_APPROVAL and r.actor.role not in MEASURE_APPROVERS:
        raise reject(
            "measure.approval_required",
            "罚款、拘留、限制出境须经院长或执行局长批准",
            "fines, detention and exit bans need the approval of the president or bureau head",
        )
    if cmd.measure in ("consumption_restriction", "dishonest_list") and any(
        m.measure == cmd.measure and m.party_id == cmd.party_id for m in state.measures
    ):
        raise reject(
            "measure.already_imposed",
            "该措施已对该被执行人采取",
            "this measure is already in force against this respondent",
        )
    r.emit(
        ev.MeasureImposed,
        measure_id=f"M{r.next_seq}",
        measure=cmd.measure,
        party_id=cmd.party_id,
        amount_fen=cmd.amount_fen,
        days=cmd.days,
        note=cmd.note,
    )


def _request_asset_search(state: CaseState, cmd: c.RequestAssetSearch, r: Recorder) -> None:
    if any(s.state == "pending" and s.scope == cmd.scope for s in state.searches.values()):
        raise reject(
            "search.pending",
            "已有未完成的查控请求",
            "an asset search of this scope is still pending",
        )
    r.emit(ev.AssetSearchRequested, search_id=f"S{r.next_seq}", scope=cmd.scope)
    if cmd.scope == "network":  # an on-site search does not stand in for the network search
        meet(state, r, "assets.search")


def _found(state: CaseState, r: Recorder, finding: c.AssetFinding, **origin: str | None) -> None:
    if finding.asset_id in state.assets:
        raise reject(
            "asset.duplicate",
            f"财产 {finding.asset_id} 已登记",
            f"asset {finding.asset_id} is already recorded",
        )
    respondent(state, finding.owner_party_id)
    r.emit(ev.AssetFound, asset=finding, movable=finding.kind in ("movable", "vehicle"), **origin)


def _complete_asset_search(state: CaseState, cmd: c.CompleteAssetSearch, r: Recorder) -> None:
    search = state.searches.get(cmd.search_id)
    if search is None or search.state != "pending":
        raise reject(
            "search.not_pending",
            f"查控请求 {cmd.search_id} 不存在或已完成",
            f"asset search {cmd.search_id} is unknown or already finished",
        )
    ids = [f.asset_id for f in cmd.findings]
    if len(set(ids)) != len(ids):
        raise reject("asset.duplicate", "查控结果中财产编号重复", "duplicate asset_id in findings")
    r.emit(ev.AssetSearchCompleted, search_id=cmd.search_id, findings=len(cmd.findings))
    for finding in cmd.findings:
        _found(state, r, finding, search_id=cmd.search_id)
    if not any(s.state == "pending" for s in state.searches.values() if s is not search):
        meet(state, r, "assets.investigation")


def _record_asset_found(state: CaseState, cmd: c.RecordAssetFound, r: Recorder) -> None:
    if cmd.lead_id is not None and cmd.lead_id not in state.leads:
        raise reject("lead.unknown", f"财产线索 {cmd.lead_id} 不存在", f"no lead {cmd.lead_id}")
    _found(state, r, cmd.asset, lead_id=cmd.lead_id)


def _register_property_lead(state: CaseState, cmd: c.RegisterPropertyLead, r: Recorder) -> None:
    if cmd.lead_id in state.leads:
        raise reject(
            "lead.duplicate",
            f"财产线索 {cmd.lead_id} 已登记",
            f"lead {cmd.lead_id} is already registered",
        )
    r.emit(
        ev.PropertyLeadRegistered,
        lead_id=cmd.lead_id,
        description=cmd.description,
        urgent=cmd.urgent,
    )
    rule = RULES["assets.lead_check"]
    days = LEAD_CHECK_URGENT_DAYS if cmd.urgent else rule.amount
    r.open_deadline(rule.rule_id, cmd.lead_id, rule.due(calendar(), r.today, days))


def _record_lead_checked(state: CaseState, cmd: c.RecordLeadChecked, r: Recorder) -> None:
    lead = state.leads.get(cmd.lead_id)
    if lead is None or lead.state != "open":
        raise reject(
            "lead.not_open",
            f"财产线索 {cmd.lead_id} 不存在或已核查",
            f"lead {cmd.lead_id} is unknown or already checked",
        )
    r.emit(ev.PropertyLeadChecked, lead_id=cmd.lead_id, found=cmd.found, note=cmd.note)
    meet(state, r, "assets.lead_check", cmd.lead_id)


MEASURES_BY_KIND: dict[str, frozenset[str]] = {
    "bank_deposit": frozenset({"freeze"}),
    "equity": frozenset({"freeze"}),
    "other_property_right": frozenset({"freeze", "seal"}),
    "real_estate": frozenset({"seal"}),
    "movable": frozenset({"seal", "seize"}),
    "vehicle": frozenset({"seal", "seize"}),
}
MEASURE_ZH = {"freeze": "冻结", "seal": "查封", "seize": "扣押"}


def _check_period(asset: Asset, period_days: int, start: date) -> None:
    years = FREEZE_MAX_YEARS[asset.kind]
    maximum = (add_years(start, years) - start).days
    if period_days > maximum:
        raise reject(
            "freeze.period_exceeds_maximum",
            f"该类财产控制期限最长 {years} 年（{maximum} 天），申请 {period_days} 天",
            f"a measure on {asset.kind} lasts at most {years} year(s) ({maximum} days), "
            f"asked {period_days}",
        )


def _freeze_asset(state: CaseState, cmd: c.FreezeAsset, r: Recorder) -> None:
    asset = asset_of(state, cmd.asset_id)
    if asset.disposition != "open":
        raise reject(
            "asset.closed",
            f"财产 {asset.asset_id} 已解除或已执行完毕",
            f"asset {asset.asset_id} is released or exhausted",
        )
    if asset.control is not None and asset.control.state in (
        "requested",
        "effective",
        "renewal_requested",
    ):
        raise reject(
            "freeze.already_controlled",
            f"财产 {asset.asset_id} 已在控制中",
            f"asset {asset.asset_id} is already under a measure",
        )
    if cmd.measure not in MEASURES_BY_KIND[asset.kind]:
        allowed = "、".join(MEASURE_ZH[m] for m in sorted(MEASURES_BY_KIND[asset.kind]))
        raise reject(
            "freeze.measure_not_fit",
            f"该类财产应采取：{allowed}",
            f"{cmd.measure} does not fit {asset.kind}; use "
            f"{', '.join(sorted(MEASURES_BY_KIND[asset.kind]))}",
        )
    _check_period(asset, cmd.period_days, r.today)
    for lapsed in open_of(state, "freeze.expiry", asset.asset_id):
        r.emit(ev.DeadlineWaived, deadline_id=lapsed.deadline_id, reason="重新控制 / new measure")
    r.emit(
        ev.FreezeRequested,
        asset_id=asset.asset_id,
        measure=cmd.measure,
        period_days=cmd.period_days,
        amount_fen=cmd.amount_fen,
    )


def _confirm_freeze(state: CaseState, cmd: c.ConfirmFreeze, r: Recorder) -> None:
    asset = asset_of(state, cmd.asset_id)
    control = control_of(asset)
    not_future(r, cmd.effective_on, "生效日期", "effective date")
    if control.state == "requested":
        if cmd.effective_on < control.requested_on:
            raise reject(
                "freeze.before_request",
                "生效日期早于申请日期",
                "the measure cannot take effect before it was requested",
            )
        # The maximum runs from the day the measure takes effect: never past it.
        longest = add_years(cmd.effective_on, FREEZE_MAX_YEARS[asset.kind]) - timedelta(days=1)
        expires_on = min(cmd.effective_on + timedelta(days=control.period_days - 1), longest)
        r.emit(
            ev.FreezeConfirmed,
            asset_id=asset.asset_id,
            effective_on=cmd.effective_on,
            expires_on=expires_on,
            frozen_fen=cmd.frozen_fen,
        )
        if asset.kind != "bank_deposit" and asset.valuation is None:
            # property to be sold: fix its reference price within 30 days of the seizure
            start = RULES["valuation.start"]
            r.open_deadline(start.rule_id, asset.asset_id, start.due(calendar(), cmd.effective_on))
    elif control.state == "renewal_requested":
        assert control.expires_on is not None
        expires_on = control.expires_on + timedelta(days=control.period_days)
        r.emit(ev.FreezeRenewed, asset_id=asset.asset_id, expires_on=expires_on)
        meet(state, r, "freeze.expiry", asset.asset_id)
    else:
        raise reject(
            "freeze.nothing_to_confirm",
            f"财产 {asset.asset_id} 没有待确认的控制措施",
            f"asset {asset.asset_id} has no measure awaiting confirmation",
        )
    rule = RULES["freeze.expiry"]
    r.open_deadline(rule.rule_id, asset.asset_id, DueDate(on=expires_on))


def _renew_freeze(state: CaseState, cmd: c.RenewFreeze, r: Recorder) -> None:
    asset = asset_of(state, cmd.asset_id)
    control = control_of(asset)
    if control.state != "effective" or control.expires_on is None:
        raise reject(
            "freeze.not_effective",
            f"财产 {asset.asset_id} 的控制措施未生效或已失效",
            f"the measure on asset {asset.asset_id} is not in force",
        )
    if r.today > control.expires_on:
        raise reject(
            "freeze.lapsed",
            "控制措施已到期，不能续行",
            "the measure has expired and cannot be renewed",
        )
    _check_period(asset, cmd.period_days, control.expires_on + timedelta(days=1))
    r.emit(ev.RenewalRequested, asset_id=asset.asset_id, period_days=cmd.period_days)


def _release_asset(state: CaseState, cmd: c.ReleaseAsset, r: Recorder) -> None:
    asset = asset_of(state, cmd.asset_id)
    if asset.disposition != "open":
        raise reject(
            "asset.closed",
            f"财产 {asset.asset_id} 已解除或已执行完毕",
            f"asset {asset.asset_id} is released or exhausted",
        )
    r.emit(ev.AssetReleased, asset_id=asset.asset_id, reason=cmd.reason)
    meet(state, r, "freeze.expiry", asset.asset_id)


def _deduct_funds(state: CaseState, cmd: c.DeductFunds, r: Recorder) -> None:
    asset = asset_of(state, cmd.asset_id)
    control = control_of(asset)
    if asset.kind != "bank_deposit" or not control.in_force:
        raise reject(
            "deduct.not_frozen_deposit",
            "只能划拨已冻结的存款",
            "only a frozen bank deposit can be deducted",
        )
    if control.amount_fen is not None:
        available: int | None = control.amount_fen - control.deducted_fen
    elif asset.value_fen is not None:
        available = asset.value_fen - asset.deducted_fen
    else:
        available = None
    if available is not None and cmd.amount_fen > available:
        raise reject(
            "deduct.exceeds_frozen",
            f"划拨金额超过冻结余额（{available} 分）",
            f"deduction exceeds the frozen balance ({available} fen)",
        )
    if cmd.amount_fen > state.outstanding_fen:
        raise reject(
            "deduct.exceeds_outstanding",
            f"划拨金额超过未执行金额（{state.outstanding_fen} 分）",
            f"deduction exceeds the outstanding amount ({state.outstanding_fen} fen)",
        )
    r.emit(ev.FundsDeducted, asset_id=asset.asset_id, amount_fen=cmd.amount_fen)
    if available is not None and cmd.amount_fen >= available:
        meet(state, r, "freeze.expiry", asset.asset_id)
    funds.open_payout_deadline(state, r)  # deducted money must be paid out within 30 days


def _suspend(state: CaseState, cmd: c.Suspend, r: Recorder) -> None:
    r.emit(ev.CaseSuspended, reason=cmd.reason, on=r.today)


def _resume(state: CaseState, cmd: c.Resume, r: Recorder) -> None:
    assert state.suspended_on is not None
    paused = (r.today - state.suspended_on).days
    r.emit(ev.CaseResumed, on=r.today, paused_days=paused)
    for d in state.open_deadlines():
        if d.paused_on is not None and d.rule != "case.time_limit":
            reschedule(r, d, calendar().days_after(d.due_on, paused), "中止期间不计入 / suspension")


def _extend_time_limit(state: CaseState, cmd: c.ExtendTimeLimit, r: Recorder) -> None:
    limit = next(open_of(state, "case.time_limit"), None)
    if limit is None or limit.state != "open":
        raise reject(
            "time_limit.not_open",
            "执行期限已届满或不存在，不能延长",
            "the time limit has run out or does not exist",
        )
    if (limit.due_on - r.today).days < TIME_LIMIT_EXTENSION_NOTICE_DAYS:
        raise reject(
            "time_limit.too_late",
            f"延长执行期限须在届满 {TIME_LIMIT_EXTENSION_NOTICE_DAYS} 日前申请"
            f"（届满日 {limit.due_on}）",
            f"an extension must be asked at least {TIME_LIMIT_EXTENSION_NOTICE_DAYS} days "
            f"before the limit ({limit.due_on})",
        )
    if state.time_limit_extensions >= 1 and cmd.high_court_approval_no is None:
        raise reject(
            "time_limit.needs_high_court",
            "再次延长须报请高级人民法院批准，请填写批准文号",
            "a further extension must be approved by the high court: give its approval number",
        )
    r.emit(
        ev.TimeLimitExtended,
        months=TIME_LIMIT_EXTENSION_MONTHS,
        reason=cmd.reason,
        high_court_approval_no=cmd.high_court_approval_no,
    )
    due = calendar().months_after(limit.due_on, TIME_LIMIT_EXTENSION_MONTHS)
    reschedule(r, limit, due, "延长执行期限 / time limit extended")


def termination_obstacles(state: CaseState, today: date) -> list[DomainError]:
    """Every unmet precondition of 终本 (终本规定 art. 1), so the UI can list them all."""
    problems: list[DomainError] = []
    kinds = {d.kind for d in state.documents.values()}
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
    elif any(s.state == "pending" for s in state.searches.values()):
        problems.append(
            reject(
                "termination.search_pending",
                "仍有未完成的财产查控",
                "an asset search is still pending",
            )
        )
    if any(lead.state == "open" for lead in state.leads.values()):
        problems.append(
            reject(
                "termination.lead_open",
                "仍有未核查的财产线索",
                "a property lead is still unchecked",
            )
        )
    open_assets = [a.asset_id for a in state.assets.values() if a.disposition == "open"]
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
    return problems


def _terminate(state: CaseState, cmd: c.TerminateThisProcedure, r: Recorder) -> None:
    problems = termination_obstacles(state, r.today)
    if problems:
        raise reject(
            problems[0].code if len(problems) == 1 else "termination.preconditions",
            "不符合终本条件：" + "；".join(p.zh for p in problems),
            "termination preconditions not met: " + "; ".join(p.en for p in problems),
        )
    r.emit(ev.ProcedureTerminated, on=r.today, reason=cmd.reason)
    _waive_procedural(state, r, "终本 / procedure terminated")
    _open_requery(r, r.today)


def _waive_procedural(state: CaseState, r: Recorder, reason: str) -> None:
    for d in state.open_deadlines():
        # a 督办 report and a petition are owed whether or not the case sleeps
        if d.rule != "freeze.expiry" and not d.rule.startswith(supervision.OWN_RULES):
            r.emit(ev.DeadlineWaived, deadline_id=d.deadline_id, reason=reason)


def _open_requery(r: Recorder, after: date) -> None:
    rule = RULES["dormant.requery"]
    r.open_deadline(rule.rule_id, "case", rule.due(calendar(), after))


def _resume_enforcement(state: CaseState, cmd: c.ResumeEnforcement, r: Recorder) -> None:
    court = c.parse_case_number(cmd.resumed_case_number).group("court")
    if court != state.court_code:
        raise reject(
            "resume.court_mismatch",
            f"恢复执行案号的法院代码 {court} 与本案不符",
            f"the resumed number's court {court} is not this case's court",
        )
    r.emit(
        ev.EnforcementResumed,
        resumed_case_number=cmd.resumed_case_number,
        on=r.today,
        reason=cmd.reason,
    )
    for d in open_of(state, "dormant.requery"):
        r.emit(ev.DeadlineWaived, deadline_id=d.deadline_id, reason="恢复执行 / resumed")
    r.open_deadline("case.time_limit", "case", RULES["case.time_limit"].due(calendar(), r.today))


def _close_case(state: CaseState, cmd: c.CloseCase, r: Recorder) -> None:
    if cmd.outcome == "fully_enforced" and state.outstanding_fen > 0:
        raise reject(
            "close.outstanding",
            f"尚有 {format_yuan(state.outstanding_fen)} 元未执行到位，不能以执行完毕结案",
            f"{format_yuan(state.outstanding_fen)} yuan are still outstanding",
        )
    if state.held_fen > 0:
        raise reject(
            "close.funds_held",
            f"案款账户尚有 {format_yuan(state.held_fen)} 元未发放",
            f"{format_yuan(state.held_fen)} yuan of case funds are not paid out yet",
        )
    in_force = [
        a.asset_id
        for a in state.assets.values()
        if a.control is not None
        and a.control.state in ("requested", "effective", "renewal_requested")
    ]
    if in_force:
        raise reject(
            "close.controls_in_force",
            f"结案前须解除控制措施：{'、'.join(in_force)}",
            f"release the measures before closing: {', '.join(in_force)}",
        )
    r.emit(ev.CaseClosed, outcome=cmd.outcome, on=r.today, reason=cmd.reason)
    for d in state.open_deadlines():
        r.emit(ev.DeadlineWaived, deadline_id=d.deadline_id, reason="结案 / case closed")
    supervision.close_with_case(state, r)


_HANDLERS: dict[str, Handler] = {
    "issue_notice": _issue_notice,
    "record_service": _record_service,
    "record_property_report": _record_property_report,
    "impose_measure": _impose_measure,
    "request_asset_search": _request_asset_search,
    "complete_asset_search": _complete_asset_search,
    "record_asset_found": _record_asset_found,
    "register_property_lead": _register_property_lead,
    "record_lead_checked": _record_lead_checked,
    "freeze_asset": _freeze_asset,
    "confirm_freeze": _confirm_freeze,
    "renew_freeze": _renew_freeze,
    "release_asset": _release_asset,
    "deduct_funds": _deduct_funds,
    "suspend": _suspend,
    "resume": _resume,
    "extend_time_limit": _extend_time_limit,
    "terminate_this_procedure": _terminate,
    "resume_enforcement": _resume_enforcement,
    "close_case": _close_case,
    **disposal.HANDLERS,
    **funds.HANDLERS,
    **bankruptcy.HANDLERS,
    **supervision.HANDLERS,
}


# ---------------------------------------------------------------------------------------------
# Time


SYSTEM = c.Actor(user_id="deadline-watch", role="system", court_code="-")


def _steps(d: Deadline) -> list[tuple[datetime, int]]:
    """(moment, level) of the deadline's steps still to come; level 0 is the warning."""
    if d.state not in ("open", "overdue") or d.paused_on is not None:
        return []
    ladder = RULES[d.rule].ladder
    if d.rule == "dormant.requery":
        return [(d.due_at, 1)]
    steps: list[tuple[datetime, int]] = []
    if not d.warned and d.escalation_level == 0:
        steps.append((d.due_at - timedelta(days=ladder.warning_days_before), 0))
    for step in ladder.steps:
        if step.level > d.escalation_level:
            steps.append((d.due_at + timedelta(days=step.days_after_due), step.level))
    return steps


def next_wakeup(state: CaseState) -> datetime | None:
    moments = [moment for d in state.deadlines.values() for moment, _ in _steps(d)]
    return min(moments, default=None)


def tick(state: CaseState, now: datetime, auto_supervise: bool = True) -> list[ev.Event]:
    """What the clock makes happen by ``now``: warnings, escalations, lapses, re-searches, and
    (``auto_supervise``) the 督办 a level-3 escalation opens at the higher court. The workflow
    passes False for cases recorded before that rule existed (``workflow.patched``)."""
    system = SYSTEM.model_copy(update={"court_code": state.court_code})
    r = Recorder(state.last_seq, system, now, None)
    for d in list(state.deadlines.values()):
        due_steps = [(moment, level) for moment, level in _steps(d) if moment <= now]
        if not due_steps:
            continue
        if d.rule == "dormant.requery":
            _requery(state, d, r)
            continue
        for _, level in due_steps:
            if level == 0:
                if len(due_steps) == 1:  # skip a warning that is already past its due time
                    r.emit(ev.DeadlineWarned, deadline_id=d.deadline_id, due_at=d.due_at)
                continue
            if level == 1 and d.rule == "freeze.expiry":
                asset = state.assets[d.subject]
                if asset.control is not None and asset.control.in_force:
                    r.emit(ev.ControlLapsed, asset_id=d.subject, expired_on=d.due_on)
            step = RULES[d.rule].ladder.step(level)
            court = supervision.escalation_court(state, d, step.notify_role)
            r.emit(
                ev.DeadlineEscalated,
                deadline_id=d.deadline_id,
                rule=d.rule,
                level=level,
                notify_role=step.notify_role,
                notify_court_code=court,
            )
            if auto_supervise and step.notify_role == "higher_court":
                supervision.supervise_from_escalation(state, r, d, court)
    return r.events


def _requery(state: CaseState, d: Deadline, r: Recorder) -> None:
    """终本后定期查控: search again, and schedule the next one while within five years."""
    r.emit(ev.DeadlineMet, deadline_id=d.deadline_id)
    if not any(s.state == "pending" for s in state.searches.values()):
        r.emit(
            ev.AssetSearchRequested,
            search_id=f"S{r.next_seq}",
            scope="network",
            dormant_requery=True,
        )
    assert state.terminated_on is not None
    if d.due_on < add_years(state.terminated_on, DORMANT_REQUERY_YEARS):
        _open_requery(r, d.due_on)
