"""以物抵债 above the claim, edition 3 on (DOMAIN-2 §12; 《关于人民法院民事执行中拍卖、变卖财产
的规定》 arts. 16, 20, 22). After a failed auction the applicant may take the asset at that round's
reserve price; when the price is more than the claim, the court orders the taker "在指定的期间内
补交差额" (`in_kind.difference`: the court sets the period, no statutory figure, configurable).
Paid in full, the asset is handed over and the in-kind ruling served within 10 days
(`in_kind.ruling`, art. 20). Unpaid when the period is over, the court may dispose of it again
(`in_kind.default`, art. 22: "承受人逾期未补交差价……可以裁定重新拍卖"): the next disposal
command on the asset records the default first. Before edition 3 a price above the claim is
refused (domain/disposal.py ``accept_in_kind``).

Money: the taker's claim is set off (``InKindAccepted`` at the claim: a receipt and a payout) and
the difference is paid into the case account (``InKindDifferencePaid``: a receipt, held), so
collected = paid out + held still holds.
"""

from __future__ import annotations

from domain import commands as c
from domain import events as ev
from domain.deadlines import RULES
from domain.decision import Decision, asset_of, calendar, not_future, open_of, reject
from domain.editions import CONTESTED
from domain.funds import open_payout_deadline
from domain.money import format_yuan
from domain.roles import CASE_STAFF
from domain.spec import ACTIVE, LIVE, Applier, Appliers, Commands, CommandSpec, from_edition
from domain.state import Asset, CaseState, InKindTaking

DIFFERENCE = "in_kind.difference"
RULING = "in_kind.ruling"


def order_difference(d: Decision, asset: Asset, cmd: c.AcceptInKind, price_fen: int) -> None:
    """The price is above what is outstanding: the taker pays the difference by the court's
    period (``cmd.difference_days``, else ``in_kind.difference``'s default)."""
    claim = d.case.outstanding_fen
    if claim == 0:
        raise reject(
            "in_kind.nothing_outstanding",
            "申请执行人已无未受清偿的债权，不能以物抵债",
            "nothing is outstanding: there is no claim to set the asset off against",
        )
    pay_by = RULES[DIFFERENCE].due(calendar(), d.today, cmd.difference_days)
    d.meet(None, asset.asset_id)  # the taking replaces the re-auction it was waiting for
    d.emit(
        ev.InKindDifferenceOrdered(
            asset_id=asset.asset_id,
            applicant_id=cmd.applicant_id,
            price_fen=price_fen,
            claim_fen=claim,
            difference_fen=price_fen - claim,
            pay_by=pay_by.on,
        )
    )
    d.open_deadline(DIFFERENCE, asset.asset_id, pay_by)


def awaiting_difference(asset: Asset) -> bool:
    return asset.in_kind is not None and asset.in_kind.state == "awaiting_difference"


def blocked(state: CaseState, asset: Asset) -> bool:
    """The asset is promised to a taker whose period to pay has not run out (its deadline not
    overdue): nothing else may be done to dispose of it."""
    return awaiting_difference(asset) and not any(
        x.state == "overdue" for x in open_of(state, DIFFERENCE, asset.asset_id)
    )


def clear_the_way(d: Decision, asset: Asset) -> None:
    """Before another disposal of ``asset``: refused while the taker's period runs; after it,
    the taker's default is recorded (`in_kind.default`) and the disposal goes on."""
    if not awaiting_difference(asset):
        return
    if blocked(d.case, asset):
        taking = asset.in_kind
        assert taking is not None
        raise reject(
            "in_kind.awaiting_difference",
            f"财产 {asset.asset_id} 已裁定以物抵债，承受人补交差价期间（至 {taking.pay_by}）"
            "未届满，不能另行处置",
            f"asset {asset.asset_id} awaits the taker's difference until {taking.pay_by}",
        )
    d.emit(ev.InKindDefaulted(asset_id=asset.asset_id))
    d.waive(list(open_of(d.case, DIFFERENCE, asset.asset_id)), "承受人逾期未补交差价")


def pay_in_kind_difference(d: Decision, cmd: c.PayInKindDifference) -> None:
    asset = asset_of(d.case, cmd.asset_id)
    taking = asset.in_kind
    if taking is None or taking.state != "awaiting_difference":
        raise reject(
            "in_kind.no_difference_owed",
            f"财产 {cmd.asset_id} 没有待补交的差价",
            f"no difference is owed for asset {cmd.asset_id}",
        )
    not_future(d, cmd.paid_on, "交付日期", "payment date")
    if cmd.amount_fen != taking.difference_fen:
        raise reject(
            "in_kind.difference_amount",
            f"应全额补交差价 {format_yuan(taking.difference_fen)} 元",
            f"the difference is paid in full: {format_yuan(taking.difference_fen)} yuan",
        )
    d.emit(
        ev.InKindDifferencePaid(
            asset_id=cmd.asset_id, amount_fen=cmd.amount_fen, paid_on=cmd.paid_on
        )
    )
    d.emit(
        ev.InKindAccepted(
            asset_id=cmd.asset_id, applicant_id=taking.applicant_id, price_fen=taking.claim_fen
        )
    )
    d.meet(None, cmd.asset_id)
    d.open_by_rule(RULING, cmd.asset_id, cmd.paid_on)
    open_payout_deadline(d)  # the difference is held in the account


def serve_in_kind_ruling(d: Decision, cmd: c.ServeInKindRuling) -> None:
    asset = asset_of(d.case, cmd.asset_id)
    taking = asset.in_kind
    if taking is None or not _ruling_owed(asset):
        raise reject(
            "in_kind.no_ruling_owed",
            f"财产 {cmd.asset_id} 没有待送达的以物抵债裁定",
            f"no in-kind ruling is owed for asset {cmd.asset_id}",
        )
    not_future(d, cmd.served_on, "送达日期", "service date")
    d.emit(ev.InKindRulingServed(asset_id=cmd.asset_id, served_on=cmd.served_on))
    d.meet(RULING, cmd.asset_id)


def _ruling_owed(asset: Asset) -> bool:
    taking = asset.in_kind
    return taking is not None and taking.state == "paid" and taking.ruling_served_on is None


COMMANDS: Commands = (
    CommandSpec(
        c.PayInKindDifference,
        label_zh="承受人补交差价",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=pay_in_kind_difference,
        requires=from_edition(CONTESTED),
        offer_when=lambda s: any(awaiting_difference(a) for a in s.assets.values()),
    ),
    CommandSpec(
        c.ServeInKindRuling,
        label_zh="送达以物抵债裁定",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=serve_in_kind_ruling,
        requires=from_edition(CONTESTED),
        offer_when=lambda s: any(_ruling_owed(a) for a in s.assets.values()),
    ),
)


def _ordered(s: CaseState, e: ev.InKindDifferenceOrdered) -> None:
    s.assets[e.asset_id].in_kind = InKindTaking(
        applicant_id=e.applicant_id,
        price_fen=e.price_fen,
        claim_fen=e.claim_fen,
        difference_fen=e.difference_fen,
        pay_by=e.pay_by,
    )


def _taking(s: CaseState, asset_id: str) -> InKindTaking:
    taking = s.assets[asset_id].in_kind
    assert taking is not None, f"no in-kind taking of {asset_id}"
    return taking


def _paid(s: CaseState, e: ev.InKindDifferencePaid) -> None:
    _taking(s, e.asset_id).state = "paid"
    s.collected_fen += e.amount_fen  # into the case account, held


def _defaulted(s: CaseState, e: ev.InKindDefaulted) -> None:
    _taking(s, e.asset_id).state = "defaulted"


def _served(s: CaseState, e: ev.InKindRulingServed) -> None:
    _taking(s, e.asset_id).ruling_served_on = e.served_on


APPLIERS: Appliers = (
    Applier(ev.InKindDifferenceOrdered, _ordered),
    Applier(ev.InKindDifferencePaid, _paid),
    Applier(ev.InKindDefaulted, _defaulted),
    Applier(ev.InKindRulingServed, _served),
)
