"""Case funds (案款), their distribution and payout, and settlements (执行和解).

Every fen is accounted for: collected = paid out + held, always (一案一账号).
"""

from domain import commands as c
from domain import events as ev
from domain.calendar import DueDate
from domain.case import CaseState
from domain.deadlines import RULES
from domain.money import Claim, distribute, format_yuan
from domain.recording import Handler, Recorder, calendar, meet, not_future, open_of, reject


def open_payout_deadline(state: CaseState, r: Recorder) -> None:
    if next(open_of(state, "funds.payout"), None) is None:
        rule = RULES["funds.payout"]
        r.open_deadline(rule.rule_id, "case", rule.due(calendar(), r.today))


def record_funds_received(state: CaseState, cmd: c.RecordFundsReceived, r: Recorder) -> None:
    not_future(r, cmd.received_on, "到账日期", "arrival date")
    if cmd.source in ("auction", "sale"):
        if cmd.asset_id is None or cmd.asset_id not in state.assets:
            raise reject(
                "funds.asset_required",
                "拍卖、变卖价款须指明财产",
                "proceeds of an auction or sale name their asset",
            )
        due = state.assets[cmd.asset_id].proceeds_due_fen
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
    r.emit(
        ev.FundsReceived,
        source=cmd.source,
        amount_fen=cmd.amount_fen,
        received_on=cmd.received_on,
        asset_id=cmd.asset_id,
    )
    if cmd.asset_id is not None:
        for d in state.open_deadlines():
            if d.subject == cmd.asset_id:
                r.emit(ev.DeadlineMet, deadline_id=d.deadline_id)
    open_payout_deadline(state, r)


def approve_distribution(state: CaseState, cmd: c.ApproveDistribution, r: Recorder) -> None:
    if state.held_fen <= 0:
        raise reject("distribution.nothing_held", "案款账户无可分配余额", "no funds are held")
    if any(not d.settled for d in state.distributions.values()):
        raise reject(
            "distribution.unpaid_plan",
            "上一分配方案尚未发放完毕",
            "the previous distribution has unpaid lines",
        )
    applicants = {p.party_id for p in state.applicants}
    owed_to_applicants = sum(x.owed_fen for x in cmd.claims if x.claimant_id in applicants)
    if owed_to_applicants > state.owed_to_applicants_fen:
        owed = format_yuan(state.owed_to_applicants_fen)
        raise reject(
            "distribution.exceeds_claim",
            f"申请执行人债权合计超过尚未受偿的金额（{owed} 元）",
            f"the applicants' claims exceed what they are still owed ({owed} yuan)",
        )
    try:
        allocations = distribute(
            state.held_fen,
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
    distribution_id = f"D{r.next_seq}"
    r.emit(
        ev.DistributionApproved,
        distribution_id=distribution_id,
        available_fen=state.held_fen,
        payouts=[
            ev.Payout(payout_id=f"{distribution_id}-{i}", allocation=a)
            for i, a in enumerate(allocations, start=1)
        ],
    )


def record_payout(state: CaseState, cmd: c.RecordPayout, r: Recorder) -> None:
    for distribution in state.distributions.values():
        for payout in distribution.payouts:
            if payout.payout_id == cmd.payout_id:
                if payout.paid:
                    raise reject(
                        "payout.already_paid",
                        f"{cmd.payout_id} 已发放（{payout.reference}）",
                        f"{cmd.payout_id} was already paid ({payout.reference})",
                    )
                r.emit(
                    ev.PayoutRecorded,
                    payout_id=payout.payout_id,
                    distribution_id=distribution.distribution_id,
                    amount_fen=payout.allocation.amount_fen,
                    reference=cmd.reference,
                )
                unpaid = [
                    p
                    for p in distribution.payouts
                    if not p.paid and p.allocation.amount_fen > 0 and p is not payout
                ]
                if not unpaid and state.held_fen == payout.allocation.amount_fen:
                    meet(state, r, "funds.payout")
                return
    raise reject("payout.unknown", f"发放项 {cmd.payout_id} 不存在", f"no payout {cmd.payout_id}")


def record_settlement(state: CaseState, cmd: c.RecordSettlement, r: Recorder) -> None:
    if state.settlement is not None and state.settlement.state == "active":
        raise reject("settlement.active", "已有履行中的和解协议", "a settlement is in force")
    dates = [x.due_on for x in cmd.installments]
    if dates != sorted(dates) or len(set(dates)) != len(dates) or dates[0] <= r.today:
        raise reject(
            "settlement.bad_schedule",
            "分期履行日期须晚于今天并逐期递增",
            "instalment dates must be after today and strictly increasing",
        )
    if sum(x.amount_fen for x in cmd.installments) > state.outstanding_fen:
        raise reject(
            "settlement.exceeds_claim",
            "和解金额合计超过未执行金额",
            "the instalments exceed what is outstanding",
        )
    r.emit(ev.SettlementRecorded, installments=cmd.installments, note=cmd.note)
    for i, x in enumerate(cmd.installments, start=1):
        r.open_deadline("settlement.installment", f"installment-{i}", DueDate(on=x.due_on))


def record_installment_paid(state: CaseState, cmd: c.RecordInstallmentPaid, r: Recorder) -> None:
    s = state.settlement
    if s is None or s.state != "active":
        raise reject("settlement.none", "没有履行中的和解协议", "no settlement is in force")
    if cmd.index > len(s.installments):
        raise reject(
            "settlement.no_installment", f"没有第 {cmd.index} 期", f"no instalment {cmd.index}"
        )
    installment = s.installments[cmd.index - 1]
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
    not_future(r, cmd.paid_on, "履行日期", "payment date")
    r.emit(ev.InstallmentPaid, index=cmd.index, amount_fen=cmd.amount_fen, paid_on=cmd.paid_on)
    meet(state, r, "settlement.installment", f"installment-{cmd.index}")
    if all(x.paid_fen >= x.amount_fen or x.index == cmd.index for x in s.installments):
        r.emit(ev.SettlementEnded, outcome="performed", reason="全部履行 / fully performed")
    open_payout_deadline(state, r)


def declare_settlement_default(
    state: CaseState, cmd: c.DeclareSettlementDefault, r: Recorder
) -> None:
    if state.settlement is None or state.settlement.state != "active":
        raise reject("settlement.none", "没有履行中的和解协议", "no settlement is in force")
    r.emit(ev.SettlementEnded, outcome="defaulted", reason=cmd.reason)
    for d in open_of(state, "settlement.installment"):
        r.emit(ev.DeadlineWaived, deadline_id=d.deadline_id, reason="和解未履行 / default")


HANDLERS: dict[str, Handler] = {
    "record_funds_received": record_funds_received,
    "approve_distribution": approve_distribution,
    "record_payout": record_payout,
    "record_settlement": record_settlement,
    "record_installment_paid": record_installment_paid,
    "declare_settlement_default": declare_settlement_default,
}
