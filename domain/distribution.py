"""Contested distributions: 参与分配 (other creditors joining), the plan served and objected to
(分配方案异议), the counter-opinion (反对意见), the objector's suit (分配方案异议之诉) and the
disputed share held meanwhile (提存); and which court hosts a distribution (首先查封法院).

A plan with one creditor is paid at once, as it always was. A plan with several creditors, or
one a creditor joined, is *contested* (edition CONTESTED on): it is served on every creditor and
the respondent and paid only once nobody objected within 15 days, or the objection was settled:
unopposed within 15 days (the plan revised as the objection asks), not sued on within 15 days
(the original plan), or judged (the escrowed share as the judgment says; while the suit runs the
rest of the plan is paid). Each party window is a deadline whose end moves the plan on by itself
(``window_closed``, called by domain/deadline_watch.py).

Sources (DOMAIN-2 §3): 民诉法解释 arts. 506-510 (``distribution.join.who``,
``distribution.join.when``, ``distribution.ratio``, ``distribution.plan.*``), 514
(``priority.company_no_transfer``); 执行程序解释 arts. 17-18; 执行工作若干问题规定 item 56
(``distribution.host``).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Literal

from domain import commands as c
from domain import events as ev
from domain.deadlines import RULES
from domain.decision import Decision, calendar, has_open, not_future, reject
from domain.errors import DomainError
from domain.money import Allocation, format_yuan
from domain.roles import CASE_STAFF, DECIDERS
from domain.spec import ACTIVE, OPEN, Applier, Appliers, Commands, CommandSpec
from domain.state import (
    Asset,
    CaseState,
    Deadline,
    Distribution,
    DistributionObjection,
    JoinedCreditor,
    Payout,
)

OBJECTION, COUNTER, SUE = (
    "distribution.plan.objection",
    "distribution.plan.counter",
    "distribution.plan.sue",
)
WINDOWS: dict[str, ev.DistributionWindow] = {
    OBJECTION: "objection",
    COUNTER: "counter",
    SUE: "suit",
}


# -- who may claim, and whether a plan is contested ---------------------------------------------
def creditors_in(claims: list[c.DistributionClaim]) -> set[str]:
    return {x.claimant_id for x in claims if x.kind == "applicant"}


def check_claimants(case: CaseState, claims: list[c.DistributionClaim]) -> None:
    """Edition CONTESTED: a plan pays the case's applicants and the creditors who joined
    (参与分配), each at most what it is still owed."""
    applicants = {p.party_id for p in case.applicants}
    for claim in claims:
        if claim.kind != "applicant" or claim.claimant_id in applicants:
            continue
        joined = case.joined.get(claim.claimant_id)
        if joined is None:
            raise reject(
                "distribution.unknown_claimant",
                f"{claim.claimant_id} 既非申请执行人，也未申请参与分配",
                f"{claim.claimant_id} is neither an applicant nor a creditor who joined",
            )
        received = sum(
            p.allocation.amount_fen
            for x in case.distributions.values()
            for p in x.payouts
            if p.allocation.claimant_id == claim.claimant_id
        )
        if claim.owed_fen > joined.owed_fen - received:
            left = format_yuan(joined.owed_fen - received)
            raise reject(
                "distribution.exceeds_joined_claim",
                f"{claim.claimant_id} 参与分配的债权尚余 {left} 元",
                f"{claim.claimant_id} joined for what is left of its claim, {left} yuan",
            )


def contested(case: CaseState, claims: list[c.DistributionClaim]) -> bool:
    """Several creditors, or one who joined: the plan waits for their objections."""
    creditors = creditors_in(claims)
    return len(creditors) > 1 or bool(creditors & case.joined.keys())


# -- the first-sealing court (distribution.host) -------------------------------------------------
def host_court(case: CaseState, asset: Asset) -> str:
    """Who distributes what this asset brings: the court whose seal came first. Ours queued
    behind another court's: that court (执行工作若干问题规定 item 56)."""
    control = asset.control
    if control is not None and control.queued and control.prior_court_code is not None:
        return control.prior_court_code
    return case.court_code


def _hosted_elsewhere(case: CaseState) -> str | None:
    """Every measure of ours is queued behind one other court: it hosts the distribution."""
    controlled = [a for a in case.assets.values() if a.control is not None]
    hosts = {host_court(case, a) for a in controlled if a.disposition == "open"}
    if controlled and hosts and case.court_code not in hosts:
        return sorted(hosts)[0]
    return None


# -- the rules ---------------------------------------------------------------------------------
def _plan(case: CaseState, distribution_id: str, dispute: str, zh: str, en: str) -> Distribution:
    plan = case.distributions.get(distribution_id)
    if plan is None:
        raise reject(
            "distribution.unknown", f"分配方案 {distribution_id} 不存在", f"no {distribution_id}"
        )
    if plan.dispute != dispute:
        raise reject("distribution.not_" + dispute, f"分配方案 {distribution_id} {zh}", en)
    return plan


def _not_before(day: date, earliest: date, what_zh: str, what_en: str) -> None:
    if day < earliest:
        raise reject(
            "distribution.date_order",
            f"{what_zh}（{day}）不能早于 {earliest}",
            f"{what_en} ({day}) cannot be before {earliest}",
        )


def _in_window(day: date, last: date | None, code: str, zh: str, en: str) -> None:
    assert last is not None  # set with the state the caller checked
    if day > last:
        raise reject(code, f"{zh}已于 {last} 届满", f"{en} ended on {last}")


def serve_distribution_plan(d: Decision, cmd: c.ServeDistributionPlan) -> None:
    plan = _plan(
        d.case, cmd.distribution_id, "unserved", "无需送达或已送达", "is not awaiting service"
    )
    not_future(d, cmd.served_on, "送达日期", "service date")
    _not_before(cmd.served_on, plan.approved_on, "送达日期", "the service")
    due = RULES[OBJECTION].due(calendar(), cmd.served_on)
    d.emit(
        ev.DistributionPlanServed(
            distribution_id=plan.distribution_id,
            served_on=cmd.served_on,
            objection_until=due.on,
        )
    )
    d.open_deadline(OBJECTION, plan.distribution_id, due)


def _respondent_ids(case: CaseState) -> set[str]:
    return {p.party_id for p in case.respondents}


def _parties_of(case: CaseState, plan: Distribution) -> set[str]:
    """Who may object to or oppose on a plan: its creditors and the respondents."""
    creditors = {p.allocation.claimant_id for p in plan.payouts if p.allocation.kind != "fee"}
    return creditors | case.joined.keys() | _respondent_ids(case)


def file_distribution_objection(d: Decision, cmd: c.FileDistributionObjection) -> None:
    case = d.case
    plan = _plan(
        case, cmd.distribution_id, "objection_window", "不在异议期内", "is not open to objection"
    )
    assert plan.served_on is not None
    not_future(d, cmd.notified_on, "通知日期", "notice date")
    _not_before(cmd.filed_on, plan.served_on, "异议日期", "the objection")
    _not_before(cmd.notified_on, cmd.filed_on, "通知日期", "the notice")
    _in_window(
        cmd.filed_on,
        plan.objection_until,
        "distribution.objection_late",
        "异议期（收到分配方案后十五日）",
        "the 15 days to object",
    )
    if cmd.objector_id not in _parties_of(case, plan):
        raise reject(
            "distribution.not_a_party",
            f"{cmd.objector_id} 不是该分配方案的债权人或被执行人",
            f"{cmd.objector_id} is neither a creditor in the plan nor a respondent",
        )
    line = plan.line(cmd.against_payout_id)
    if line is None or line.allocation.claimant_id == cmd.objector_id:
        raise reject(
            "distribution.unknown_line",
            f"异议须针对他人的分配项，{cmd.against_payout_id} 不是",
            f"an objection disputes another's line; {cmd.against_payout_id} is not one",
        )
    if cmd.disputed_fen > line.allocation.amount_fen:
        amount = format_yuan(line.allocation.amount_fen)
        raise reject(
            "distribution.disputed_exceeds_line",
            f"争议金额超过该分配项（{amount} 元）",
            f"the disputed amount exceeds the line ({amount} yuan)",
        )
    due = RULES[COUNTER].due(calendar(), cmd.notified_on)
    d.emit(
        ev.DistributionObjectionFiled(
            distribution_id=plan.distribution_id,
            objector_id=cmd.objector_id,
            against_payout_id=cmd.against_payout_id,
            disputed_fen=cmd.disputed_fen,
            filed_on=cmd.filed_on,
            notified_on=cmd.notified_on,
            counter_until=due.on,
            reason=cmd.reason,
        )
    )
    d.meet(OBJECTION, plan.distribution_id)
    d.open_deadline(COUNTER, plan.distribution_id, due)


def record_counter_opinion(d: Decision, cmd: c.RecordCounterOpinion) -> None:
    case = d.case
    plan = _plan(
        case, cmd.distribution_id, "counter_window", "不在反对意见期内", "awaits no opposition"
    )
    objection = plan.objection
    assert objection is not None
    not_future(d, cmd.notified_on, "通知日期", "notice date")
    _not_before(cmd.filed_on, objection.notified_on, "反对意见日期", "the opposition")
    _not_before(cmd.notified_on, cmd.filed_on, "通知日期", "the notice")
    _in_window(
        cmd.filed_on,
        plan.counter_until,
        "distribution.counter_late",
        "反对意见期（收到通知后十五日）",
        "the 15 days to oppose",
    )
    others = _parties_of(case, plan) - {objection.objector_id}
    strangers = sorted(set(cmd.opposed_by) - others)
    if strangers:
        raise reject(
            "distribution.not_a_party",
            f"{'、'.join(strangers)} 不是可提出反对意见的债权人或被执行人",
            f"{', '.join(strangers)} may not oppose: not another creditor or a respondent",
        )
    due = RULES[SUE].due(calendar(), cmd.notified_on)
    d.emit(
        ev.CounterOpinionRecorded(
            distribution_id=plan.distribution_id,
            opposed_by=sorted(set(cmd.opposed_by)),
            filed_on=cmd.filed_on,
            notified_on=cmd.notified_on,
            suit_until=due.on,
        )
    )
    d.meet(COUNTER, plan.distribution_id)
    d.open_deadline(SUE, plan.distribution_id, due)


def record_distribution_suit(d: Decision, cmd: c.RecordDistributionSuit) -> None:
    plan = _plan(d.case, cmd.distribution_id, "suit_window", "不在起诉期内", "awaits no suit")
    objection = plan.objection
    assert objection is not None
    not_future(d, cmd.filed_on, "起诉日期", "filing date")
    _in_window(
        cmd.filed_on,
        plan.suit_until,
        "distribution.suit_late",
        "起诉期（收到反对意见通知后十五日）",
        "the objector's 15 days to sue",
    )
    d.emit(
        ev.DistributionSuitFiled(
            distribution_id=plan.distribution_id,
            filed_on=cmd.filed_on,
            suit_case_number=cmd.suit_case_number,
        )
    )
    d.meet(SUE, plan.distribution_id)
    d.emit(  # 提存 the disputed share; the rest of the plan is paid (art. 510 ¶3)
        ev.DistributionEscrowed(
            distribution_id=plan.distribution_id,
            payout_id=objection.against_payout_id,
            amount_fen=objection.disputed_fen,
        )
    )


def _line(
    payout_id: str, claimant_id: str, kind: Literal["fee", "applicant"], amount_fen: int
) -> ev.PayoutLine:
    allocation = Allocation(claimant_id=claimant_id, kind=kind, amount_fen=amount_fen)
    return ev.PayoutLine(payout_id=payout_id, allocation=allocation)


def _objector_is_creditor(case: CaseState, objection: DistributionObjection) -> bool:
    return objection.objector_id not in _respondent_ids(case)


def judgment_lines(case: CaseState, plan: Distribution, awarded_fen: int) -> list[ev.PayoutLine]:
    """The escrow as the judgment divides it: ``awarded_fen`` to the objector (a creditor; a
    respondent's share stays in the account, not owed to anyone), the rest to the line it
    disputed."""
    objection = plan.objection
    assert objection is not None
    against = plan.line(objection.against_payout_id)
    assert against is not None
    lines = []
    if awarded_fen and _objector_is_creditor(case, objection):
        lines.append(
            _line(f"{plan.distribution_id}-J1", objection.objector_id, "applicant", awarded_fen)
        )
    rest = objection.disputed_fen - awarded_fen
    if rest:
        lines.append(
            _line(
                f"{plan.distribution_id}-J2",
                against.allocation.claimant_id,
                against.allocation.kind,
                rest,
            )
        )
    return lines


def record_distribution_judgment(d: Decision, cmd: c.RecordDistributionJudgment) -> None:
    case = d.case
    plan = _plan(case, cmd.distribution_id, "in_suit", "没有审理中的异议之诉", "has no suit")
    objection = plan.objection
    assert objection is not None and objection.suit_filed_on is not None
    not_future(d, cmd.judged_on, "判决生效日期", "judgment date")
    _not_before(cmd.judged_on, objection.suit_filed_on, "判决生效日期", "the judgment")
    if cmd.awarded_fen > objection.disputed_fen:
        disputed = format_yuan(objection.disputed_fen)
        raise reject(
            "distribution.award_exceeds_dispute",
            f"判决支持的金额超过争议金额（{disputed} 元）",
            f"the award exceeds the disputed amount ({disputed} yuan)",
        )
    d.emit(
        ev.DistributionJudged(
            distribution_id=plan.distribution_id,
            judged_on=cmd.judged_on,
            document_no=cmd.document_no,
            awarded_fen=cmd.awarded_fen,
            released_fen=plan.escrowed_fen,
            payouts=judgment_lines(case, plan, cmd.awarded_fen),
        )
    )
    # the escrow is back in the account: 30 days to pay it out (funds.payout)
    if not has_open(d.case, "funds.payout"):
        d.open_by_rule("funds.payout", "case", cmd.judged_on)


def revised_lines(case: CaseState, plan: Distribution) -> list[ev.PayoutLine]:
    """The plan as the unopposed objection asks (民诉法解释 art. 510 ¶1): the disputed share
    moves from the line it disputed to the objector (a creditor), or out of the plan (the
    respondent: it was not owed)."""
    objection = plan.objection
    assert objection is not None
    to_objector = _objector_is_creditor(case, objection)
    lines: list[ev.PayoutLine] = []
    for p in plan.payouts:
        amount = p.allocation.amount_fen
        if p.payout_id == objection.against_payout_id:
            amount -= objection.disputed_fen
        if to_objector and p.allocation.claimant_id == objection.objector_id:
            amount += objection.disputed_fen
            to_objector = False
        lines.append(_line(p.payout_id, p.allocation.claimant_id, p.allocation.kind, amount))
    if to_objector:  # a creditor the plan left out
        lines.append(
            _line(
                f"{plan.distribution_id}-R1",
                objection.objector_id,
                "applicant",
                objection.disputed_fen,
            )
        )
    return lines


def window_closed(d: Decision, deadline: Deadline) -> None:
    """A party's window on a plan ended with nobody acting (the deadline watch calls this at the
    end of its last day): no objection → the plan stands; no opposition → revised as the
    objection asks; no suit → the original plan (民诉法解释 arts. 509-510)."""
    plan = d.case.distributions[deadline.subject]
    window = WINDOWS[deadline.rule]
    d.emit(
        ev.DistributionWindowClosed(
            distribution_id=plan.distribution_id,
            window=window,
            closed_on=deadline.due_on,
            payouts=revised_lines(d.case, plan) if window == "counter" else [],
        )
    )
    d.meet(deadline.rule, deadline.subject)


def _joinable(state: CaseState) -> DomainError | None:
    """参与分配 is for a respondent who is a natural person or 其他组织 (民诉法解释 art. 506); an
    enterprise's ordinary creditors are paid in the order of their seals (art. 514)."""
    companies = [p.party_id for p in state.respondents if p.kind == "company"]
    if companies:
        return reject(
            "distribution.join.who",
            "被执行人为企业法人，不适用参与分配：普通债权按查封、扣押、冻结的先后顺序受偿",
            "the respondent is an enterprise: no 参与分配; ordinary claims are paid in the "
            "order of the seals",
        )
    return None


def join_distribution(d: Decision, cmd: c.JoinDistribution) -> None:
    case = d.case
    creditor = cmd.creditor
    not_future(d, cmd.applied_on, "申请日期", "application date")
    known = {p.party_id for p in (*case.applicants, *case.respondents)} | case.joined.keys()
    if creditor.party_id in known:
        raise reject(
            "distribution.join.already_party",
            f"{creditor.party_id} 已是本案当事人或已参与分配",
            f"{creditor.party_id} is already a party or has joined",
        )
    if cmd.basis is None and not cmd.secured:
        raise reject(
            "distribution.join.basis_required",
            "申请参与分配须已取得执行依据（对查封财产有优先权、担保物权的债权人除外）",
            "a creditor joins with an enforcement basis (unless it holds a priority or "
            "security right on the sealed property)",
        )
    if case.held_fen == 0 and not any(a.disposition == "open" for a in case.assets.values()):
        raise reject(
            "distribution.join.when",
            "被执行人的财产已执行终结，不能再申请参与分配",
            "enforcement against the respondent's assets has ended: too late to join",
        )
    host = _hosted_elsewhere(case)
    if host is not None:
        raise reject(
            "distribution.host",
            f"本院查封为轮候查封，应向首先查封的 {host} 申请参与分配",
            f"our seals are queued: apply to {host}, the court that sealed first",
        )
    d.emit(
        ev.CreditorJoined(
            creditor=creditor,
            basis=cmd.basis,
            owed_fen=cmd.owed_fen,
            secured=cmd.secured,
            applied_on=cmd.applied_on,
        )
    )


def _waiting(dispute: str) -> Callable[[CaseState], bool]:
    """``offer_when``: a plan stands at ``dispute``."""
    return lambda s: any(x.dispute == dispute for x in s.distributions.values())


COMMANDS: Commands = (
    CommandSpec(
        c.ServeDistributionPlan,
        label_zh="送达分配方案",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=serve_distribution_plan,
        offer_when=_waiting("unserved"),
    ),
    CommandSpec(
        c.FileDistributionObjection,
        label_zh="登记分配方案异议",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=file_distribution_objection,
        offer_when=_waiting("objection_window"),
    ),
    CommandSpec(
        c.RecordCounterOpinion,
        label_zh="登记反对意见",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=record_counter_opinion,
        offer_when=_waiting("counter_window"),
    ),
    CommandSpec(
        c.RecordDistributionSuit,
        label_zh="登记分配方案异议之诉",
        statuses=OPEN,
        roles=CASE_STAFF,
        decide=record_distribution_suit,
        offer_when=_waiting("suit_window"),
    ),
    CommandSpec(
        c.RecordDistributionJudgment,
        label_zh="登记异议之诉判决",
        statuses=OPEN,
        roles=DECIDERS | CASE_STAFF,
        decide=record_distribution_judgment,
        offer_when=_waiting("in_suit"),
    ),
    CommandSpec(
        c.JoinDistribution,
        label_zh="登记参与分配申请",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=join_distribution,
        requires=_joinable,
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _payouts(lines: list[ev.PayoutLine]) -> list[Payout]:
    return [Payout.model_validate(p.model_dump()) for p in lines]


def _served(s: CaseState, e: ev.DistributionPlanServed) -> None:
    plan = s.distributions[e.distribution_id]
    plan.served_on, plan.objection_until = e.served_on, e.objection_until
    plan.dispute = "objection_window"


def _objected(s: CaseState, e: ev.DistributionObjectionFiled) -> None:
    plan = s.distributions[e.distribution_id]
    plan.objection = DistributionObjection(
        objector_id=e.objector_id,
        against_payout_id=e.against_payout_id,
        disputed_fen=e.disputed_fen,
        filed_on=e.filed_on,
        notified_on=e.notified_on,
        reason=e.reason,
    )
    plan.counter_until, plan.dispute = e.counter_until, "counter_window"


def _countered(s: CaseState, e: ev.CounterOpinionRecorded) -> None:
    plan = s.distributions[e.distribution_id]
    assert plan.objection is not None
    plan.objection.opposed_by = list(e.opposed_by)
    plan.suit_until, plan.dispute = e.suit_until, "suit_window"


def _sued(s: CaseState, e: ev.DistributionSuitFiled) -> None:
    plan = s.distributions[e.distribution_id]
    assert plan.objection is not None
    plan.objection.suit_filed_on = e.filed_on
    plan.objection.suit_case_number = e.suit_case_number
    plan.dispute = "in_suit"


def _escrowed(s: CaseState, e: ev.DistributionEscrowed) -> None:
    plan = s.distributions[e.distribution_id]
    line = plan.line(e.payout_id)
    assert line is not None
    line.allocation = line.allocation.model_copy(
        update={"amount_fen": line.allocation.amount_fen - e.amount_fen}
    )
    plan.escrowed_fen += e.amount_fen
    s.escrowed_fen += e.amount_fen


OUTCOME: dict[str, Literal["unopposed", "revised", "original"]] = {
    "objection": "unopposed",
    "counter": "revised",
    "suit": "original",
}


def _window_closed(s: CaseState, e: ev.DistributionWindowClosed) -> None:
    plan = s.distributions[e.distribution_id]
    if e.window == "counter":
        plan.payouts = _payouts(e.payouts)
    plan.dispute = "final"
    plan.outcome = OUTCOME[e.window]


def _judged(s: CaseState, e: ev.DistributionJudged) -> None:
    plan = s.distributions[e.distribution_id]
    assert plan.objection is not None
    plan.objection.judged_on, plan.objection.awarded_fen = e.judged_on, e.awarded_fen
    plan.escrowed_fen -= e.released_fen
    s.escrowed_fen -= e.released_fen
    plan.payouts.extend(_payouts(e.payouts))
    plan.dispute, plan.outcome = "final", "judged"


def _joined(s: CaseState, e: ev.CreditorJoined) -> None:
    s.joined[e.creditor.party_id] = JoinedCreditor(
        creditor=e.creditor,
        basis=e.basis,
        owed_fen=e.owed_fen,
        secured=e.secured,
        applied_on=e.applied_on,
    )


APPLIERS: Appliers = (
    Applier(ev.DistributionPlanServed, _served),
    Applier(ev.DistributionObjectionFiled, _objected),
    Applier(ev.CounterOpinionRecorded, _countered),
    Applier(ev.DistributionSuitFiled, _sued),
    Applier(ev.DistributionEscrowed, _escrowed),
    Applier(ev.DistributionWindowClosed, _window_closed),
    Applier(ev.DistributionJudged, _judged),
    Applier(ev.CreditorJoined, _joined),
)
