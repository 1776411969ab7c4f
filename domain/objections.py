"""执行异议: objections to an enforcement act (执行行为异议, 民诉法 (2023) art. 236) and third
parties' objections to the object of enforcement (案外人异议, art. 238). DOMAIN-2 §§1-2.

- ``objection.act.*``: filed in writing, registered within 3 days or refused with a reason
  (`objection.act.register`), ruled on within 15 days of receipt by a collegial panel (合议庭)
  without the case's own officers (`objection.act.review`); 复议 to the court above within 10
  days of service (`objection.act.reconsider.apply`), decided there within 30 days, +30 with its
  president's approval (`objection.act.reconsider.decide`). Enforcement goes on meanwhile
  (`objection.act.no_stay`): nothing here stops a command. An objection to a valuation's basic
  data, scope, appraiser or procedure takes this route (`valuation.objection.scope`).
- ``objection.third_party.*``: names an asset; no disposal of it (valuation, auction, sale, in
  kind, deduction) while it is reviewed, for 15 days after a rejection is served, or while a
  suit runs (`no_disposal`, `hold_after_reject`, `no_disposal_suit`); upheld, enforcement of the
  asset is suspended, and if the applicant does not sue within 15 days the measures on it are
  released within 7 (`objection.third_party.release`). No 复议 (`objection.third_party.no_review`).
  The rest of the case goes on.

Left for later: the notice within 3 days of registration, the 3 days to complete a filing, the
higher court's orders when the court is late (`objection.act.overdue`), security that stops or
continues a disposal, stopping an auction already live when a third party objects.
"""

from __future__ import annotations

from collections.abc import Callable

from domain import commands as c
from domain import events as ev
from domain.decision import Decision, asset_of, calendar, has_open, not_future, open_of, reject
from domain.labels import VALUATION_GROUND_ZH
from domain.roles import CASE_STAFF, PRESIDING_JUDGE
from domain.spec import OPEN, Applier, Appliers, Commands, CommandSpec, any_asset
from domain.state import Asset, CaseState, Deadline, Objection

REGISTER = {"act": "objection.act.register", "third_party": "objection.third_party.register"}
REVIEW = {"act": "objection.act.review", "third_party": "objection.third_party.review"}
RECONSIDER_APPLY = "objection.act.reconsider.apply"
RECONSIDER_DECIDE = "objection.act.reconsider.decide"
SUE = "objection.third_party.sue"
RELEASE = "objection.third_party.release"
PARTY_PERIODS = frozenset({RECONSIDER_APPLY, SUE})  # they lapse rather than escalate


# -- the hold on a third party's asset ---------------------------------------------------------
def hold_on(state: CaseState, asset_id: str) -> Objection | None:
    """The third-party objection that keeps the asset from disposal, if any."""
    return next(
        (o for o in state.objections.values() if o.asset_id == asset_id and o.holds_asset), None
    )


def hold_reason_zh(o: Objection) -> str:
    """Why the asset may not be disposed of, in the court's words (also shown on the page)."""
    if o.state == "suit":
        why = "执行异议之诉审理期间不得处分（民诉法解释第313条）"
    elif o.ruling == "upheld" or o.judgment == "no_enforcement":
        why = "已裁定中止对该标的的执行（民诉法第238条）"
    elif o.ruling == "rejected":
        why = "驳回裁定送达之日起十五日内不得处分（民诉法解释第463条）"
    else:
        why = "异议审查期间不得处分（执行程序解释第15条）"
    return f"案外人{o.objector}提出异议（{o.objection_id}）：{why}"


def disposable(state: CaseState, asset: Asset) -> bool:
    return hold_on(state, asset.asset_id) is None


def any_disposable(state: CaseState, predicate: Callable[[Asset], bool]) -> bool:
    """``offer_when`` of a disposal command: an asset it could act on that no objection holds."""
    return any_asset(state, lambda a: predicate(a) and disposable(state, a))


def require_disposable(state: CaseState, asset_id: str) -> None:
    """A disposal command's refusal on an asset a third-party objection holds."""
    o = hold_on(state, asset_id)
    if o is not None:
        raise reject(
            "asset.under_objection",
            f"财产 {asset_id} 不得处分：{hold_reason_zh(o)}",
            f"asset {asset_id} may not be disposed of: third-party objection {o.objection_id} "
            f"({o.state}) holds it",
        )


# -- the rules -----------------------------------------------------------------------------------
def _objection(state: CaseState, objection_id: str) -> Objection:
    o = state.objections.get(objection_id)
    if o is None:
        raise reject(
            "objection.unknown", f"执行异议 {objection_id} 不存在", f"no objection {objection_id}"
        )
    return o


def file_objection(d: Decision, cmd: c.FileObjection) -> None:
    if cmd.objection_id in d.case.objections:
        raise reject(
            "objection.duplicate",
            f"异议编号 {cmd.objection_id} 已存在",
            f"objection {cmd.objection_id} already exists",
        )
    not_future(d, cmd.received_on, "收到异议日期", "receipt date")
    if cmd.asset_id is not None:
        asset = asset_of(d.case, cmd.asset_id)
        if cmd.kind == "third_party" and asset.disposition != "open":
            raise reject(
                "objection.third_party.late",
                f"财产 {asset.asset_id} 的执行程序已终结，不能再提出案外人异议"
                "（民诉法解释第462条）",
                f"enforcement against asset {asset.asset_id} has ended (SPC Interpretation "
                "art. 462)",
            )
        if cmd.valuation_ground is not None:
            _valuation_objection_in_time(asset, cmd)
    d.emit(
        ev.ObjectionFiled(
            objection_id=cmd.objection_id,
            kind=cmd.kind,
            objector=cmd.objector,
            received_on=cmd.received_on,
            grounds=cmd.grounds,
            asset_id=cmd.asset_id,
            valuation_ground=cmd.valuation_ground,
        )
    )
    d.open_by_rule(REGISTER[cmd.kind], cmd.objection_id, cmd.received_on)
    d.open_by_rule(REVIEW[cmd.kind], cmd.objection_id, cmd.received_on)


def _valuation_objection_in_time(asset: Asset, cmd: c.FileObjection) -> None:
    """`valuation.objection.scope`: within 5 days of receiving the report (参考价规定 art. 22)."""
    v = asset.valuation
    if v is None or v.state != "fixed" or v.objection_until is None:
        raise reject(
            "valuation.nothing_to_object",
            "参考价尚未确定，无从提出异议",
            "there is no reference price to object to",
        )
    if cmd.received_on > v.objection_until:
        ground = VALUATION_GROUND_ZH[cmd.valuation_ground or "procedure"]
        raise reject(
            "valuation.objection_late",
            f"对参考价（{ground}）的异议期已于 {v.objection_until} 届满"
            "（收到报告后五日内，参考价规定第22条）",
            f"the objection window closed on {v.objection_until} (5 days after the report)",
        )


def register_objection(d: Decision, cmd: c.RegisterObjection) -> None:
    o = _objection(d.case, cmd.objection_id)
    if o.state != "filed":
        raise reject(
            "objection.already_registered",
            f"执行异议 {o.objection_id} 已立案或已处理",
            f"objection {o.objection_id} was already registered or refused",
        )
    d.emit(
        ev.ObjectionRegistered(
            objection_id=o.objection_id, accepted=cmd.accepted, reason=cmd.reason
        )
    )
    d.meet(REGISTER[o.kind], o.objection_id)
    if not cmd.accepted:  # 裁定不予受理, served today: an act objector may still seek 复议
        d.waive(list(open_of(d.case, REVIEW[o.kind], o.objection_id)), "不予受理 / not accepted")
        if o.kind == "act":
            d.open_by_rule(RECONSIDER_APPLY, o.objection_id, d.today)


def rule_on_objection(d: Decision, cmd: c.RuleOnObjection) -> None:
    o = _objection(d.case, cmd.objection_id)
    if o.state != "registered":
        raise reject(
            "objection.not_under_review",
            f"执行异议 {o.objection_id} 不在审查中（须先立案，且尚未裁定）",
            f"objection {o.objection_id} is not under review (register it first; rule once)",
        )
    members = cmd.panel.members
    if members[0] != d.actor.user_id:
        raise reject(
            "panel.not_presiding",
            f"合议庭的裁定由审判长（{members[0]}）登记",
            f"the presiding judge ({members[0]}) records the panel's ruling",
        )
    officers = {x for x in (d.case.officer_id, d.case.judge_id) if x} & set(members)
    if officers:
        raise reject(
            "objection.panel.case_officer",
            f"办理执行实施案件的人员（{'、'.join(sorted(officers))}）不得参与异议审查"
            "（执行程序解释第5条）",
            f"the case's own officers ({', '.join(sorted(officers))}) may not sit on the panel",
        )
    not_future(d, cmd.served_on, "送达日期", "service date")
    if cmd.served_on < o.received_on:
        raise reject(
            "objection.served_before_receipt",
            f"裁定送达日期不能早于收到异议日期（{o.received_on}）",
            f"the ruling cannot be served before the objection arrived ({o.received_on})",
        )
    d.emit(
        ev.ObjectionRuled(
            objection_id=o.objection_id,
            outcome=cmd.outcome,
            panel=list(members),
            served_on=cmd.served_on,
            reasons=cmd.reasons,
        )
    )
    d.meet(REVIEW[o.kind], o.objection_id)
    if o.kind == "act":
        d.open_by_rule(RECONSIDER_APPLY, o.objection_id, cmd.served_on)
    elif cmd.outcome != "not_accepted":  # the third party (rejected) or the applicant (upheld)
        d.open_by_rule(SUE, o.objection_id, cmd.served_on)


def _period(d: Decision, o: Objection, rule_id: str) -> Deadline | None:
    return next(open_of(d.case, rule_id, o.objection_id), None)


def apply_for_reconsideration(d: Decision, cmd: c.ApplyForReconsideration) -> None:
    o = _objection(d.case, cmd.objection_id)
    if o.kind == "third_party":
        raise reject(
            "objection.third_party.no_review",
            "案外人异议裁定不能申请复议；不服的，可自裁定送达之日起十五日内提起执行异议之诉"
            "（民诉法第238条；执行异议和复议规定第16条第2款）",
            "a ruling on a third-party objection has no 复议: sue within 15 days of service "
            "(Civil Procedure Law art. 238)",
        )
    period = _period(d, o, RECONSIDER_APPLY)
    if o.state != "ruled" or period is None:
        raise reject(
            "objection.act.reconsider.closed",
            f"执行异议 {o.objection_id} 没有可申请复议的裁定（未裁定、已申请复议或复议期间已届满）",
            f"objection {o.objection_id} has no ruling open to 复议",
        )
    not_future(d, cmd.applied_on, "申请复议日期", "application date")
    if cmd.applied_on > period.due_on:
        raise reject(
            "objection.act.reconsider.late",
            f"复议申请须在裁定送达之日起十日内提出（至 {period.due_on}，民诉法第236条）",
            f"复议 must be applied for within 10 days of service (by {period.due_on})",
        )
    d.emit(
        ev.ReconsiderationApplied(
            objection_id=o.objection_id,
            applicant=cmd.applicant,
            applied_on=cmd.applied_on,
            grounds=cmd.grounds,
        )
    )
    d.meet(RECONSIDER_APPLY, o.objection_id)
    d.open_by_rule(RECONSIDER_DECIDE, o.objection_id, cmd.applied_on)


def _under_reconsideration(d: Decision, objection_id: str) -> tuple[Objection, Deadline]:
    o = _objection(d.case, objection_id)
    period = _period(d, o, RECONSIDER_DECIDE)
    if o.state != "reconsideration" or period is None:
        raise reject(
            "objection.no_reconsideration",
            f"执行异议 {o.objection_id} 没有正在审查的复议",
            f"objection {o.objection_id} has no 复议 under review",
        )
    return o, period


def extend_reconsideration(d: Decision, cmd: c.ExtendReconsideration) -> None:
    """执行程序解释 art. 8: the court above's president may extend by up to 30 days, once,
    counted from the nominal last day (the 30th after receipt) and rolled once."""
    o, period = _under_reconsideration(d, cmd.objection_id)
    if o.reconsideration_extended_days:
        raise reject(
            "objection.act.reconsider.extended",
            "复议审查期限已延长过一次（延长不超过三十日）",
            "the 复议 review was already extended (by at most 30 days)",
        )
    if d.today > period.due_on:
        raise reject(
            "objection.act.reconsider.extension_late",
            f"复议审查期限已于 {period.due_on} 届满，不能再延长",
            f"the 复议 review period ended on {period.due_on}",
        )
    assert o.reconsideration_applied_on is not None
    due = calendar().days_after(o.reconsideration_applied_on, 30 + cmd.days)
    d.emit(
        ev.ReconsiderationExtended(
            objection_id=o.objection_id, days=cmd.days, approval_no=cmd.approval_no
        )
    )
    d.reschedule(period, due, "上一级法院院长批准延长 / extended by the president")


def record_reconsideration_decision(d: Decision, cmd: c.RecordReconsiderationDecision) -> None:
    o, _ = _under_reconsideration(d, cmd.objection_id)
    not_future(d, cmd.decided_on, "复议决定日期", "decision date")
    assert o.reconsideration_applied_on is not None
    if cmd.decided_on < o.reconsideration_applied_on:
        raise reject(
            "objection.decided_before_application",
            f"复议决定日期不能早于申请日期（{o.reconsideration_applied_on}）",
            f"the decision cannot precede the application ({o.reconsideration_applied_on})",
        )
    d.emit(
        ev.ReconsiderationDecided(
            objection_id=o.objection_id,
            outcome=cmd.outcome,
            decided_on=cmd.decided_on,
            reasons=cmd.reasons,
        )
    )
    d.meet(RECONSIDER_DECIDE, o.objection_id)


def record_objection_suit(d: Decision, cmd: c.RecordObjectionSuit) -> None:
    o = _objection(d.case, cmd.objection_id)
    period = _period(d, o, SUE)
    if o.kind != "third_party" or period is None:
        raise reject(
            "objection.third_party.no_suit",
            f"执行异议 {o.objection_id} 没有可提起执行异议之诉的裁定"
            "（执行行为异议申请复议；案外人异议须已裁定且起诉期间未届满）",
            f"objection {o.objection_id} has no ruling open to a suit",
        )
    not_future(d, cmd.filed_on, "起诉日期", "filing date")
    if cmd.filed_on > period.due_on:
        raise reject(
            "objection.third_party.sue_late",
            f"执行异议之诉须在裁定送达之日起十五日内提起（至 {period.due_on}，民诉法第238条）",
            f"the suit must be filed within 15 days of service (by {period.due_on})",
        )
    d.emit(
        ev.ObjectionSuitFiled(
            objection_id=o.objection_id,
            plaintiff="applicant" if o.ruling == "upheld" else "third_party",
            filed_on=cmd.filed_on,
            suit_case_number=cmd.suit_case_number,
        )
    )
    d.meet(SUE, o.objection_id)


def record_suit_judgment(d: Decision, cmd: c.RecordSuitJudgment) -> None:
    o = _objection(d.case, cmd.objection_id)
    if o.state != "suit":
        raise reject(
            "objection.no_suit_pending",
            f"执行异议 {o.objection_id} 没有正在审理的执行异议之诉",
            f"objection {o.objection_id} has no suit pending",
        )
    not_future(d, cmd.judged_on, "判决日期", "judgment date")
    d.emit(
        ev.ObjectionSuitJudged(
            objection_id=o.objection_id, judgment=cmd.judgment, judged_on=cmd.judged_on
        )
    )


def period_lapsed(d: Decision, period: Deadline) -> None:
    """The deadline watch: the period for 复议 or for the suit ended with nobody acting. After
    an upheld third-party objection the measures on the asset are then released within 7 days
    of the period's end (民诉法解释 art. 314, `objection.third_party.release`)."""
    o = d.case.objections[period.subject]
    d.emit(
        ev.ObjectionWindowLapsed(
            objection_id=o.objection_id, rule=period.rule, last_day=period.due_on
        )
    )
    d.waive([period], "期间届满 / the period ran out")
    asset = d.case.assets.get(o.asset_id or "")
    if period.rule == SUE and o.ruling == "upheld" and asset and asset.disposition == "open":
        d.open_by_rule(RELEASE, asset.asset_id, period.due_on)


# -- what is offered -------------------------------------------------------------------------------
def _any(state: CaseState, predicate: Callable[[Objection], bool]) -> bool:
    return any(predicate(o) for o in state.objections.values())


COMMANDS: Commands = (
    CommandSpec(
        c.FileObjection,
        label_zh="登记执行异议",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=file_objection,
    ),
    CommandSpec(
        c.RegisterObjection,
        label_zh="执行异议立案／不予受理",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=register_objection,
        offer_when=lambda s: _any(s, lambda o: o.state == "filed"),
    ),
    CommandSpec(
        c.RuleOnObjection,
        label_zh="合议庭作出异议裁定",
        statuses=OPEN,
        roles=PRESIDING_JUDGE,  # the presiding judge, carrying the panel
        decide=rule_on_objection,
        offer_when=lambda s: _any(s, lambda o: o.state == "registered"),
    ),
    CommandSpec(
        c.ApplyForReconsideration,
        label_zh="登记复议申请",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=apply_for_reconsideration,
        offer_when=lambda s: has_open(s, RECONSIDER_APPLY),
    ),
    # The court above decides and its president extends; the enforcement court's staff record
    # what it received from there, in the case it runs (the court above works in its own 执复
    # case, not in this one).
    CommandSpec(
        c.ExtendReconsideration,
        label_zh="登记复议审查期限延长",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=extend_reconsideration,
        offer_when=lambda s: _any(
            s, lambda o: o.state == "reconsideration" and not o.reconsideration_extended_days
        ),
    ),
    CommandSpec(
        c.RecordReconsiderationDecision,
        label_zh="登记复议决定",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=record_reconsideration_decision,
        offer_when=lambda s: _any(s, lambda o: o.state == "reconsideration"),
    ),
    CommandSpec(
        c.RecordObjectionSuit,
        label_zh="登记执行异议之诉",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=record_objection_suit,
        offer_when=lambda s: has_open(s, SUE),
    ),
    CommandSpec(
        c.RecordSuitJudgment,
        label_zh="登记执行异议之诉判决",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=record_suit_judgment,
        offer_when=lambda s: _any(s, lambda o: o.state == "suit"),
    ),
)


# -- how its events change the case ----------------------------------------------------------------
def _filed(s: CaseState, e: ev.ObjectionFiled) -> None:
    s.objections[e.objection_id] = Objection(
        objection_id=e.objection_id,
        kind=e.kind,
        objector=e.objector,
        received_on=e.received_on,
        grounds=e.grounds,
        asset_id=e.asset_id,
        valuation_ground=e.valuation_ground,
    )


def _registered(s: CaseState, e: ev.ObjectionRegistered) -> None:
    o = s.objections[e.objection_id]
    if e.accepted:
        o.state = "registered"
        return
    o.ruling, o.refusal_reason = "not_accepted", e.reason
    o.state = "ruled" if o.kind == "act" else "closed"


def _ruled(s: CaseState, e: ev.ObjectionRuled) -> None:
    o = s.objections[e.objection_id]
    o.ruling, o.panel, o.served_on = e.outcome, list(e.panel), e.served_on
    o.state = "closed" if o.kind == "third_party" and e.outcome == "not_accepted" else "ruled"


def _reconsideration_applied(s: CaseState, e: ev.ReconsiderationApplied) -> None:
    o = s.objections[e.objection_id]
    o.state, o.reconsideration_applied_on = "reconsideration", e.applied_on


def _reconsideration_extended(s: CaseState, e: ev.ReconsiderationExtended) -> None:
    s.objections[e.objection_id].reconsideration_extended_days = e.days


def _reconsideration_decided(s: CaseState, e: ev.ReconsiderationDecided) -> None:
    o = s.objections[e.objection_id]
    o.state, o.reconsideration = "closed", e.outcome


def _suit_filed(s: CaseState, e: ev.ObjectionSuitFiled) -> None:
    o = s.objections[e.objection_id]
    o.state, o.suit_plaintiff, o.suit_case_number = "suit", e.plaintiff, e.suit_case_number


def _suit_judged(s: CaseState, e: ev.ObjectionSuitJudged) -> None:
    o = s.objections[e.objection_id]
    o.state, o.judgment = "closed", e.judgment


def _period_lapsed(s: CaseState, e: ev.ObjectionWindowLapsed) -> None:
    s.objections[e.objection_id].state = "closed"


APPLIERS: Appliers = (
    Applier(ev.ObjectionFiled, _filed),
    Applier(ev.ObjectionRegistered, _registered),
    Applier(ev.ObjectionRuled, _ruled),
    Applier(ev.ReconsiderationApplied, _reconsideration_applied),
    Applier(ev.ReconsiderationExtended, _reconsideration_extended),
    Applier(ev.ReconsiderationDecided, _reconsideration_decided),
    Applier(ev.ObjectionSuitFiled, _suit_filed),
    Applier(ev.ObjectionSuitJudged, _suit_judged),
    Applier(ev.ObjectionWindowLapsed, _period_lapsed),
)
