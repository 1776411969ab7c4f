"""Case funds (案款), their distribution and payout, and settlements (执行和解).

Every fen is accounted for: collected = paid out + held, always (一案一账号).

Sources: 《关于执行款物管理工作的规定》 (2017); 《关于执行和解若干问题的规定》 arts. 9-10.
"""

from __future__ import annotations

from domain import commands as c
from domain import events as ev
from domain.calendar import DueDate, local_date
from domain.decision import Decision, has_open, not_future, open_of, reject
from domain.distribution import check_claimants, contested
from domain.editions import CONTESTED, COURTS
from domain.errors import DomainError
from domain.money import Claim, distribute, format_yuan
from domain.roles import ANSWERERS, CASE_STAFF, DECIDERS
from domain.spec import ACTIVE, LIVE, OPEN, Applier, Appliers, Commands, CommandSpec
from domain.state import (
    Asset,
    CaseState,
    Distribution,
    Payout,
    Settlement,
    SettlementInstallment,
)


def open_payout_deadline(d: Decision) -> None:
    """Money that arrived must be paid out within 30 days (one deadline at a time)."""
    if not has_open(d.case, "funds.payout"):
        d.open_by_rule("funds.payout", "case", d.today)


def realized(asset: Asset) -> None:
    """The property has been turned into money (or handed over): nothing left to control."""
    asset.disposition = "exhausted"
    if asset.control is not None:
        asset.control.state = "released"


def record_funds_received(d: Decision, cmd: c.RecordFundsReceived) -> None:
    not_future(d, cmd.received_on, "到账日期", "arrival date")
    if cmd.source in ("auction", "sale"):
        if cmd.asset_id is None or cmd.asset_id not in d.case.assets:
            raise reject(
                "funds.asset_required",
                "拍卖、变卖价款须指明财产",
                "proceeds of an auction or sale name their asset",
            )
        due = d.case.assets[cmd.asset_id].proceeds_due_fen
        if due is None:
            raise reject(
                "funds.nothing_sold",
                f"财产 {cmd.asset_id} 没有待付的成交价款",
                f"asset {cmd.asset_id} has no sale price awaiting payment",
            )
        if cmd.amount_fen != due:
            raise reject(
                "funds.amount_mismatch",
                f"到账金额应为成交价 {format_yuan(due)} 元（含已交保证金）",
                f"the amount must equal the price {format_yuan(due)} yuan (deposit included)",
            )
    elif cmd.asset_id is not None:
        raise reject(
            "funds.asset_unexpected",
            "自动履行款不对应财产",
            "a voluntary payment names no asset",
        )
    d.emit(
        ev.FundsReceived(
            source=cmd.source,
            amount_fen=cmd.amount_fen,
            received_on=cmd.received_on,
            asset_id=cmd.asset_id,
        )
    )
    if cmd.asset_id is not None:  # its disposal is over: its deadlines with it
        d.meet(None, cmd.asset_id)
    open_payout_deadline(d)


def _distributable(state: CaseState) -> DomainError | None:
    if state.held_fen <= 0:
        return reject("distribution.nothing_held", "案款账户无可分配余额", "no funds are held")
    if any(not x.settled for x in state.distributions.values()):
        return reject(
            "distribution.unpaid_plan",
            "上一分配方案尚未发放完毕",
            "the previous distribution has unpaid lines",
        )
    return None


def approve_distribution(d: Decision, cmd: c.ApproveDistribution) -> None:
    case = d.case
    applicants = {p.party_id for p in case.applicants}
    owed_to_applicants = sum(x.owed_fen for x in cmd.claims if x.claimant_id in applicants)
    if owed_to_applicants > case.owed_to_applicants_fen:
        owed = format_yuan(case.owed_to_applicants_fen)
        raise reject(
            "distribution.exceeds_claim",
            f"申请执行人债权合计超过尚未受偿的金额（{owed} 元）",
            f"the applicants' claims exceed what they are still owed ({owed} yuan)",
        )
    disputable = case.edition >= CONTESTED
    if disputable:
        check_claimants(case, cmd.claims)
    try:
        allocations = distribute(
            case.held_fen,
            [
                Claim(
                    claimant_id=x.claimant_id, kind=x.kind, priority=x.priority, owed_fen=x.owed_fen
                )
                for x in cmd.claims
            ],
        )
    except ValueError as error:
        zh, _, en = str(error).partition(" / ")
        raise reject("distribution.invalid", zh, en or zh) from None
    distribution_id = f"D{d.next_seq}"
    d.emit(
        ev.DistributionApproved(
            distribution_id=distribution_id,
            available_fen=case.held_fen,
            payouts=[
                ev.PayoutLine(payout_id=f"{distribution_id}-{i}", allocation=a)
                for i, a in enumerate(allocations, start=1)
            ],
            contested=disputable and contested(case, cmd.claims),
        )
    )


def _payable_lines(state: CaseState) -> bool:
    return any(x.payable(p) for x in state.distributions.values() for p in x.payouts)


def _no_payout_while_transferred(d: Decision) -> None:
    """执转破 (edition 2): from the transfer decision to the receiving court's outcome the
    enforcement against the respondent is suspended (民诉法解释 art. 511; DOMAIN-2
    ``bankruptcy.transfer.conditions``) and what the court holds goes to the bankruptcy court,
    not to the applicants (指导意见 art. 8, ``bankruptcy.other_courts``): the court pays nothing
    out. The treasury's receipt (an integration) for an order sent before the decision is still
    recorded: that money has already left the case account."""
    case = d.case
    if case.status == "transferred" and case.edition >= COURTS and d.actor.role not in ANSWERERS:
        raise reject(
            "bankruptcy.payouts_suspended",
            "已决定移送破产审查，执行中止，案款不得发放",
            "the case is transferred to bankruptcy review: enforcement is suspended, no payout",
        )


def record_payout(d: Decision, cmd: c.RecordPayout) -> None:
    _no_payout_while_transferred(d)
    for distribution in d.case.distributions.values():
        for payout in distribution.payouts:
            if payout.payout_id != cmd.payout_id:
                continue
            if payout.paid:
                raise reject(
                    "payout.already_paid",
                    f"{cmd.payout_id} 已发放（{payout.reference}）",
                    f"{cmd.payout_id} was already paid ({payout.reference})",
                )
            if not distribution.payable(payout):
                raise reject(
                    "payout.awaiting_parties",
                    f"分配方案 {distribution.distribution_id} 尚在送达、异议或诉讼期间，"
                    f"{cmd.payout_id} 暂不能发放",
                    f"{distribution.distribution_id} awaits service, objections or a suit: "
                    f"{cmd.payout_id} cannot be paid yet",
                )
            d.emit(
                ev.PayoutRecorded(
                    payout_id=payout.payout_id,
                    distribution_id=distribution.distribution_id,
                    amount_fen=payout.allocation.amount_fen,
                    reference=cmd.reference,
                )
            )
            if d.case.held_fen == 0 and not _payable_lines(d.case):
                d.meet("funds.payout")  # what is escrowed (提存) waits lawfully for its suit
            return
    raise reject("payout.unknown", f"发放项 {cmd.payout_id} 不存在", f"no payout {cmd.payout_id}")


def _no_settlement_active(state: CaseState) -> DomainError | None:
    if state.settlement_active:
        return reject("settlement.active", "已有履行中的和解协议", "a settlement is in force")
    return None


def _settlement_active(state: CaseState) -> DomainError | None:
    if not state.settlement_active:
        return reject("settlement.none", "没有履行中的和解协议", "no settlement is in force")
    return None


def record_settlement(d: Decision, cmd: c.RecordSettlement) -> None:
    dates = [x.due_on for x in cmd.installments]
    if dates != sorted(dates) or len(set(dates)) != len(dates) or dates[0] <= d.today:
        raise reject(
            "settlement.bad_schedule",
            "分期履行日期须晚于今天并逐期递增",
            "instalment dates must be after today and strictly increasing",
        )
    if sum(x.amount_fen for x in cmd.installments) > d.case.outstanding_fen:
        raise reject(
            "settlement.exceeds_claim",
            "和解金额合计超过未执行金额",
            "the instalments exceed what is outstanding",
        )
    d.emit(ev.SettlementRecorded(installments=cmd.installments, note=cmd.note))
    for i, x in enumerate(cmd.installments, start=1):
        d.open_deadline("settlement.installment", f"installment-{i}", DueDate(on=x.due_on))


def record_installment_paid(d: Decision, cmd: c.RecordInstallmentPaid) -> None:
    settlement = d.case.settlement
    assert settlement is not None  # `requires`
    if cmd.index > len(settlement.installments):
        raise reject(
            "settlement.no_installment", f"没有第 {cmd.index} 期", f"no instalment {cmd.index}"
        )
    installment = settlement.installments[cmd.index - 1]
    if installment.paid_fen >= installment.amount_fen:
        raise reject(
            "settlement.installment_paid",
            f"第 {cmd.index} 期已履行",
            f"instalment {cmd.index} is already paid",
        )
    if cmd.amount_fen != installment.amount_fen - installment.paid_fen:
        raise reject(
            "settlement.amount_mismatch",
            f"第 {cmd.index} 期应付 {format_yuan(installment.amount_fen)} 元",
            f"instalment {cmd.index} is {format_yuan(installment.amount_fen)} yuan",
        )
    not_future(d, cmd.paid_on, "履行日期", "payment date")
    d.emit(ev.InstallmentPaid(index=cmd.index, amount_fen=cmd.amount_fen, paid_on=cmd.paid_on))
    d.meet("settlement.installment", f"installment-{cmd.index}")
    if all(x.paid_fen >= x.amount_fen for x in settlement.installments):
        d.emit(ev.SettlementEnded(outcome="performed", reason="全部履行 / fully performed"))
    open_payout_deadline(d)


def declare_settlement_default(d: Decision, cmd: c.DeclareSettlementDefault) -> None:
    d.emit(ev.SettlementEnded(outcome="defaulted", reason=cmd.reason))
    d.waive(list(open_of(d.case, "settlement.installment")), "和解未履行 / default")


COMMANDS: Commands = (
    CommandSpec(
        c.RecordFundsReceived,
        label_zh="登记执行款到账",
        statuses=OPEN,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_funds_received,
    ),
    CommandSpec(
        c.ApproveDistribution,
        label_zh="批准案款分配方案",
        statuses=OPEN,
        roles=DECIDERS,  # 案款分配 is approved by the judge
        decide=approve_distribution,
        requires=_distributable,
    ),
    CommandSpec(
        c.RecordPayout,
        label_zh="登记案款发放",
        statuses=LIVE,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_payout,
        offer_when=_payable_lines,
    ),
    CommandSpec(
        c.RecordSettlement,
        label_zh="登记执行和解",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=record_settlement,
        requires=_no_settlement_active,
    ),
    CommandSpec(
        c.RecordInstallmentPaid,
        label_zh="登记分期履行",
        statuses=ACTIVE,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_installment_paid,
        requires=_settlement_active,
    ),
    CommandSpec(
        c.DeclareSettlementDefault,
        label_zh="认定不履行和解协议",
        statuses=ACTIVE,
        roles=DECIDERS,
        decide=declare_settlement_default,
        requires=_settlement_active,
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _received(s: CaseState, e: ev.FundsReceived) -> None:
    s.collected_fen += e.amount_fen
    if e.asset_id is not None:
        asset = s.assets[e.asset_id]
        asset.proceeds_due_fen = None
        realized(asset)


def _distribution_approved(s: CaseState, e: ev.DistributionApproved) -> None:
    s.distributions[e.distribution_id] = Distribution(
        distribution_id=e.distribution_id,
        approved_on=local_date(e.occurred_at),
        available_fen=e.available_fen,
        payouts=[Payout.model_validate(p.model_dump()) for p in e.payouts],
        dispute="unserved" if e.contested else "uncontested",
    )
    s.fees_allocated_fen += sum(
        p.allocation.amount_fen for p in e.payouts if p.allocation.kind == "fee"
    )


def _payout_recorded(s: CaseState, e: ev.PayoutRecorded) -> None:
    payout = next(
        p for p in s.distributions[e.distribution_id].payouts if p.payout_id == e.payout_id
    )
    payout.paid, payout.reference = True, e.reference
    s.paid_out_fen += e.amount_fen


def _settlement_recorded(s: CaseState, e: ev.SettlementRecorded) -> None:
    s.settlement = Settlement(
        recorded_on=local_date(e.occurred_at),
        installments=[
            SettlementInstallment(index=i, due_on=x.due_on, amount_fen=x.amount_fen)
            for i, x in enumerate(e.installments, start=1)
        ],
    )


def _installment_paid(s: CaseState, e: ev.InstallmentPaid) -> None:
    assert s.settlement is not None
    installment = s.settlement.installments[e.index - 1]
    installment.paid_fen += e.amount_fen
    installment.paid_on = e.paid_on
    s.collected_fen += e.amount_fen


def _settlement_ended(s: CaseState, e: ev.SettlementEnded) -> None:
    assert s.settlement is not None
    s.settlement.state = e.outcome


APPLIERS: Appliers = (
    Applier(ev.FundsReceived, _received),
    Applier(ev.DistributionApproved, _distribution_approved),
    Applier(ev.PayoutRecorded, _payout_recorded),
    Applier(ev.SettlementRecorded, _settlement_recorded),
    Applier(ev.InstallmentPaid, _installment_paid),
    Applier(ev.SettlementEnded, _settlement_ended),
)
