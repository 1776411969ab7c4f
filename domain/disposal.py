"""处置: selling property once its reference price is fixed: online judicial auctions (网络司法
拍卖) with their floors, deposits, announcements and re-auctions, the sale (变卖) after two
failed rounds, and in-kind satisfaction (以物抵债).

Sources: 《关于人民法院网络司法拍卖若干问题的规定》 (网拍规定), 《关于人民法院民事执行中拍卖、
变卖财产的规定》 (拍卖变卖规定).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time, timedelta

from domain import commands as c
from domain import events as ev
from domain import in_kind
from domain.calendar import SHANGHAI, local_date
from domain.deadlines import (
    ANNOUNCEMENT_LEAD_DAYS,
    AUCTION_FLOOR_PERCENT,
    DEPOSIT_MAX_PERCENT,
    DEPOSIT_MIN_PERCENT,
    MAX_AUCTION_ROUNDS,
    MIN_BIDDING_HOURS,
    RELIST_MAX_CUT_PERCENT,
    RULES,
    SALE_GRACE_MONTHS,
)
from domain.decision import Decision, asset_of, calendar, reject
from domain.editions import CONTESTED
from domain.funds import realized
from domain.money import format_yuan
from domain.objections import any_disposable, require_disposable
from domain.roles import ANSWERERS, CASE_STAFF
from domain.spec import (
    ACTIVE,
    ACTIVE_OR_SUSPENDED,
    Applier,
    Appliers,
    Commands,
    CommandSpec,
    any_asset,
)
from domain.state import Asset, Auction, CaseState, Sale
from domain.valuation import (
    announced_within_validity,
    require_controlled,
    require_open,
    valid_reference_price,
)

BIDDING_STARTS_AT = time(10, 0)  # bidding opens at 10:00 on the announced day


def _percent_at_least(amount: int, base: int, percent: int) -> bool:
    return amount * 100 >= base * percent


def _grace_months(state: CaseState, asset: Asset, as_it_ran: int) -> int:
    """How long past its validity the reference price carries this asset's disposal. Edition 3
    on (参考价规定 art. 27 ¶3, DOMAIN-2 `valuation.validity.grace`): 6 months, if and only if the
    first auction was announced within the validity ("在……有效期内发布一拍拍卖公告……拍卖、变卖时
    未超过有效期六个月的，无需重新确定参考价"); otherwise none, and a new price is needed
    (`valuation.reissue`). Before edition 3: ``as_it_ran`` (6 months for a sale, none for an
    auction, whenever the first auction was announced)."""
    if state.edition < CONTESTED:
        return as_it_ran
    return SALE_GRACE_MONTHS if announced_within_validity(asset) else 0


def _disposable(d: Decision, asset_id: str) -> Asset:
    """The asset a disposal command names, open to disposal (a taker's lapsed in-kind period
    recorded as a default first, domain/in_kind.py)."""
    in_kind.clear_the_way(d, asset_of(d.case, asset_id))
    asset = asset_of(d.case, asset_id)
    require_open(asset)
    require_disposable(d.case, asset.asset_id)
    return asset


def _free(state: CaseState, predicate: Callable[[Asset], bool]) -> bool:
    """``offer_when`` of a disposal command: an asset it could act on, neither promised to a
    taker still in time nor held by a third-party objection."""
    return any_disposable(state, lambda a: predicate(a) and not in_kind.blocked(state, a))


def schedule_auction(d: Decision, cmd: c.ScheduleAuction) -> None:
    asset = _disposable(d, cmd.asset_id)
    require_controlled(asset)
    reference = valid_reference_price(asset, d.today, _grace_months(d.case, asset, 0))
    if asset.live_auction is not None:
        raise reject("auction.live", "该财产已有进行中的拍卖", "an auction of this asset is live")
    if asset.sale is not None:
        raise reject("auction.after_sale", "已进入变卖程序", "the asset is already in a sale")
    if any(a.outcome == "sold" for a in asset.auctions):
        raise reject("auction.sold", "该财产已拍卖成交", "the asset was already sold")
    failed = [a for a in asset.auctions if a.outcome in ("failed", "buyer_default")]
    round_no = asset.failed_rounds + 1
    if round_no > MAX_AUCTION_ROUNDS:
        raise reject(
            "auction.rounds_exhausted",
            "两次拍卖流拍后应变卖或以物抵债",
            "after two failed auctions the asset goes to sale or in-kind satisfaction",
        )
    yuan = format_yuan
    if round_no == 1 and not failed:
        if not _percent_at_least(cmd.start_price_fen, reference, AUCTION_FLOOR_PERCENT):
            raise reject(
                "auction.below_floor",
                f"起拍价不得低于参考价的 {AUCTION_FLOOR_PERCENT}%（参考价 {yuan(reference)} 元，"
                f"最低 {yuan(-(-reference * AUCTION_FLOOR_PERCENT // 100))} 元）",
                f"the start price must be at least {AUCTION_FLOOR_PERCENT}% of the reference "
                f"price {yuan(reference)} yuan",
            )
    else:
        previous = failed[-1]
        floor_percent = 100 - RELIST_MAX_CUT_PERCENT
        if previous.outcome == "failed" and not _percent_at_least(
            cmd.start_price_fen, previous.start_price_fen, floor_percent
        ):
            raise reject(
                "auction.cut_too_deep",
                f"再次拍卖的起拍价降价幅度不得超过前次起拍价的 {RELIST_MAX_CUT_PERCENT}%"
                f"（前次 {yuan(previous.start_price_fen)} 元）",
                f"a re-auction may cut at most {RELIST_MAX_CUT_PERCENT}% from the previous start "
                f"price {yuan(previous.start_price_fen)} yuan",
            )
        if previous.outcome == "buyer_default" and cmd.start_price_fen < previous.start_price_fen:
            raise reject(
                "auction.default_relist_price",
                "悔拍后重新拍卖的起拍价不得低于原起拍价",
                "after a buyer default the asset is relisted at no less than its start price",
            )
        assert previous.ended_on is not None
        relist = RULES["auction.relist"]
        latest = relist.due(calendar(), previous.ended_on).on
        if cmd.bidding_starts_on > latest:
            raise reject(
                "auction.relist_too_late",
                f"应在流拍或悔拍后 {relist.amount} 日内再次拍卖（最迟 {latest}）",
                f"the re-auction must start within {relist.amount} days ({latest})",
            )
    if not (
        _percent_at_least(cmd.deposit_fen, cmd.start_price_fen, DEPOSIT_MIN_PERCENT)
        and cmd.deposit_fen * 100 <= cmd.start_price_fen * DEPOSIT_MAX_PERCENT
    ):
        raise reject(
            "auction.deposit_out_of_range",
            f"保证金应为起拍价的 {DEPOSIT_MIN_PERCENT}%至{DEPOSIT_MAX_PERCENT}%",
            f"the deposit must be {DEPOSIT_MIN_PERCENT}-{DEPOSIT_MAX_PERCENT}% of the start price",
        )
    if cmd.bidding_hours < MIN_BIDDING_HOURS:
        raise reject(
            "auction.bidding_too_short",
            f"竞价时间不得少于 {MIN_BIDDING_HOURS} 小时",
            f"bidding lasts at least {MIN_BIDDING_HOURS} hours",
        )
    first_lead, relist_lead = ANNOUNCEMENT_LEAD_DAYS[asset.movable]
    lead = first_lead if not failed else relist_lead
    earliest = d.today + timedelta(days=lead)
    if cmd.bidding_starts_on < earliest:
        kind_zh = "动产" if asset.movable else "不动产及其他财产权"
        raise reject(
            "auction.announcement_too_short",
            f"{kind_zh}{'首次' if not failed else '再次'}拍卖应于拍卖 {lead} 日前公告"
            f"（最早 {earliest} 开拍）",
            f"the announcement must precede bidding by {lead} days (earliest {earliest})",
        )
    starts = datetime.combine(cmd.bidding_starts_on, BIDDING_STARTS_AT, SHANGHAI)
    d.emit(
        ev.AuctionScheduled(
            auction_id=f"AU{d.next_seq}",
            asset_id=asset.asset_id,
            round=round_no,
            start_price_fen=cmd.start_price_fen,
            deposit_fen=cmd.deposit_fen,
            announced_on=d.today,
            bidding_starts_at=starts,
            bidding_ends_at=starts + timedelta(hours=cmd.bidding_hours),
        )
    )
    for rule_id in ("disposal.start", "auction.relist"):
        d.meet(rule_id, asset.asset_id)


def _find_auction(state: CaseState, auction_id: str) -> tuple[Asset, Auction] | None:
    for asset in state.assets.values():
        for auction in asset.auctions:
            if auction.auction_id == auction_id:
                return asset, auction
    return None


def _auction(state: CaseState, auction_id: str) -> tuple[Asset, Auction]:
    found = _find_auction(state, auction_id)
    if found is None:
        raise reject("auction.unknown", f"拍卖 {auction_id} 不存在", f"no auction {auction_id}")
    return found


def record_auction_result(d: Decision, cmd: c.RecordAuctionResult) -> None:
    asset, auction = _auction(d.case, cmd.auction_id)
    if cmd.outcome == "buyer_default":
        if auction.outcome != "sold" or asset.proceeds_due_fen is None:
            raise reject(
                "auction.no_sale_to_default",
                "只有成交且尾款未付的拍卖才可能悔拍",
                "only a sold auction whose balance is unpaid can be defaulted",
            )
        d.emit(
            ev.AuctionDefaulted(
                auction_id=auction.auction_id,
                forfeited_fen=auction.deposit_fen,
                defaulted_on=d.today,
            )
        )
        _open_relist(d, asset)
        return
    if auction.outcome != "scheduled":
        raise reject(
            "auction.not_live", f"拍卖 {auction.auction_id} 已结束", "this auction is over"
        )
    if d.now < auction.bidding_ends_at:
        raise reject(
            "auction.bidding_not_over",
            f"竞价尚未结束（{auction.bidding_ends_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M} 结束）",
            f"bidding is not over until {auction.bidding_ends_at.isoformat()}",
        )
    if cmd.outcome == "sold":  # a sale completes the disposal: not while an objection holds it
        require_disposable(d.case, asset.asset_id)
        assert cmd.price_fen is not None
        if cmd.price_fen < auction.start_price_fen:
            raise reject(
                "auction.price_below_start",
                "成交价不得低于起拍价",
                "the price cannot be below the start price",
            )
        d.emit(
            ev.AuctionSold(auction_id=auction.auction_id, price_fen=cmd.price_fen, buyer=cmd.buyer)
        )
        return
    d.emit(ev.AuctionFailed(auction_id=auction.auction_id, failed_on=d.today))
    if asset.failed_rounds < MAX_AUCTION_ROUNDS:  # this round counts already
        _open_relist(d, asset)


def _open_relist(d: Decision, asset: Asset) -> None:
    d.open_by_rule("auction.relist", asset.asset_id, d.today)


def _after_two_failures(asset: Asset) -> Auction:
    if asset.failed_rounds < MAX_AUCTION_ROUNDS:
        raise reject(
            "sale.needs_two_failed_auctions",
            "两次拍卖流拍后方可变卖",
            "a sale (变卖) needs two failed auctions first",
        )
    return asset.failed_auctions[-1]


def start_sale(d: Decision, cmd: c.StartSale) -> None:
    asset = _disposable(d, cmd.asset_id)
    require_controlled(asset)
    last = _after_two_failures(asset)
    valid_reference_price(asset, d.today, _grace_months(d.case, asset, SALE_GRACE_MONTHS))
    if asset.sale_open:
        raise reject("sale.open", "变卖正在进行", "a sale is already open")
    if cmd.price_fen < last.start_price_fen:
        raise reject(
            "sale.below_last_price",
            f"变卖价不得低于最后一次拍卖的起拍价（{format_yuan(last.start_price_fen)} 元）",
            f"the sale price cannot be below the last start price "
            f"({format_yuan(last.start_price_fen)} yuan)",
        )
    due = RULES["sale.period"].due(calendar(), d.today, cmd.period_days)
    d.emit(ev.SaleStarted(asset_id=asset.asset_id, price_fen=cmd.price_fen, ends_on=due.on))
    d.open_deadline("sale.period", asset.asset_id, due)


def record_sale_result(d: Decision, cmd: c.RecordSaleResult) -> None:
    asset = asset_of(d.case, cmd.asset_id)
    if not asset.sale_open:
        raise reject("sale.not_open", "没有进行中的变卖", "no sale is open for this asset")
    assert asset.sale is not None
    if cmd.outcome == "sold":
        require_disposable(d.case, asset.asset_id)
    if cmd.outcome == "sold" and (cmd.price_fen or 0) < asset.sale.price_fen:
        raise reject(
            "sale.price_below_sale_price",
            "成交价不得低于变卖价",
            "the price cannot be below the sale price",
        )
    d.emit(ev.SaleEnded(asset_id=asset.asset_id, outcome=cmd.outcome, price_fen=cmd.price_fen))
    d.meet("sale.period", asset.asset_id)


def accept_in_kind(d: Decision, cmd: c.AcceptInKind) -> None:
    asset = _disposable(d, cmd.asset_id)
    if cmd.applicant_id not in {p.party_id for p in d.case.applicants}:
        raise reject(
            "party.not_applicant",
            f"{cmd.applicant_id} 不是本案申请执行人",
            f"{cmd.applicant_id} is not an applicant",
        )
    failed = asset.failed_auctions
    if not failed or asset.live_auction is not None:
        raise reject(
            "in_kind.needs_failed_auction",
            "流拍后方可以物抵债",
            "in-kind satisfaction needs a failed auction first",
        )
    price = failed[-1].start_price_fen  # the failed round's reserve price
    if price > d.case.outstanding_fen and d.case.edition >= CONTESTED:
        in_kind.order_difference(d, asset, cmd, price)  # `in_kind.difference`
        return
    if cmd.difference_days is not None:
        raise reject(
            "in_kind.no_difference",
            "抵债价未超过未执行金额，无须补交差价",
            "the in-kind price does not exceed the claim: there is no difference to pay",
        )
    if price > d.case.outstanding_fen:
        raise reject(
            "in_kind.exceeds_claim",
            f"抵债价 {format_yuan(price)} 元超过未执行金额，须由申请执行人补足差价后另行处理",
            f"the in-kind price {format_yuan(price)} yuan exceeds the outstanding claim",
        )
    d.emit(
        ev.InKindAccepted(asset_id=asset.asset_id, applicant_id=cmd.applicant_id, price_fen=price)
    )
    d.meet(None, asset.asset_id)


def stop_disposal(d: Decision, reason: str) -> None:
    """Cancel every live auction and open sale (执转破 stops disposal; freezes stay)."""
    for asset in list(d.case.assets.values()):
        live = asset.live_auction
        if live is not None:
            d.emit(ev.AuctionCancelled(auction_id=live.auction_id, reason=reason))
        if asset.sale_open:
            d.emit(ev.SaleEnded(asset_id=asset.asset_id, outcome="cancelled", price_fen=None))
    disposal_deadlines = [
        x
        for x in d.case.open_deadlines()
        if x.rule.startswith(("valuation.", "disposal.", "auction.", "sale."))
    ]
    d.waive(disposal_deadlines, reason)


# -- what is offered: the same predicates the rules above apply to the asset a command names ------
def _auctionable(a: Asset) -> bool:
    v = a.valuation
    return (
        a.disposition == "open"
        and a.controlled
        and v is not None
        and v.state == "fixed"
        and not v.contested
        and a.live_auction is None
        and a.sale is None
        and not any(x.outcome == "sold" for x in a.auctions)
        and a.failed_rounds < MAX_AUCTION_ROUNDS
    )


def _for_sale(a: Asset) -> bool:
    return (
        a.disposition == "open"
        and a.controlled
        and a.failed_rounds >= MAX_AUCTION_ROUNDS
        and not a.sale_open
    )


def _takeable_in_kind(a: Asset) -> bool:
    return a.disposition == "open" and a.failed_rounds > 0 and a.live_auction is None


COMMANDS: Commands = (
    CommandSpec(
        c.ScheduleAuction,
        label_zh="发布网络司法拍卖",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=schedule_auction,
        offer_when=lambda s: _free(s, _auctionable),
    ),
    CommandSpec(
        c.RecordAuctionResult,
        label_zh="登记拍卖结果",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_auction_result,
        offer_when=lambda s: any_asset(
            s, lambda a: a.live_auction is not None or a.proceeds_due_fen is not None
        ),
    ),
    CommandSpec(
        c.StartSale,
        label_zh="启动变卖",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=start_sale,
        offer_when=lambda s: _free(s, _for_sale),
    ),
    CommandSpec(
        c.RecordSaleResult,
        label_zh="登记变卖结果",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_sale_result,
        offer_when=lambda s: any_asset(s, lambda a: a.sale_open),
    ),
    CommandSpec(
        c.AcceptInKind,
        label_zh="以物抵债",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=accept_in_kind,
        offer_when=lambda s: _free(s, _takeable_in_kind),
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _auction_of(s: CaseState, auction_id: str) -> tuple[Asset, Auction]:
    found = _find_auction(s, auction_id)
    if found is None:
        raise AssertionError(f"no auction {auction_id}")
    return found


def _auction_scheduled(s: CaseState, e: ev.AuctionScheduled) -> None:
    s.assets[e.asset_id].auctions.append(
        Auction(
            auction_id=e.auction_id,
            round=e.round,
            start_price_fen=e.start_price_fen,
            deposit_fen=e.deposit_fen,
            announced_on=e.announced_on,
            bidding_starts_at=e.bidding_starts_at,
            bidding_ends_at=e.bidding_ends_at,
        )
    )


def _auction_sold(s: CaseState, e: ev.AuctionSold) -> None:
    asset, auction = _auction_of(s, e.auction_id)
    auction.outcome, auction.price_fen = "sold", e.price_fen
    auction.ended_on = local_date(e.occurred_at)
    asset.proceeds_due_fen = e.price_fen


def _auction_failed(s: CaseState, e: ev.AuctionFailed) -> None:
    _, auction = _auction_of(s, e.auction_id)
    auction.outcome, auction.ended_on = "failed", e.failed_on


def _auction_defaulted(s: CaseState, e: ev.AuctionDefaulted) -> None:
    asset, auction = _auction_of(s, e.auction_id)
    auction.outcome, auction.ended_on = "buyer_default", e.defaulted_on
    asset.proceeds_due_fen = None
    s.collected_fen += e.forfeited_fen  # the forfeited deposit joins the case funds


def _auction_cancelled(s: CaseState, e: ev.AuctionCancelled) -> None:
    _, auction = _auction_of(s, e.auction_id)
    auction.outcome, auction.ended_on = "cancelled", local_date(e.occurred_at)


def _sale_started(s: CaseState, e: ev.SaleStarted) -> None:
    s.assets[e.asset_id].sale = Sale(
        price_fen=e.price_fen, started_on=local_date(e.occurred_at), ends_on=e.ends_on
    )


def _sale_ended(s: CaseState, e: ev.SaleEnded) -> None:
    asset = s.assets[e.asset_id]
    assert asset.sale is not None
    asset.sale.outcome, asset.sale.sold_price_fen = e.outcome, e.price_fen
    if e.outcome == "sold":
        asset.proceeds_due_fen = e.price_fen


def _in_kind_accepted(s: CaseState, e: ev.InKindAccepted) -> None:
    realized(s.assets[e.asset_id])
    s.collected_fen += e.price_fen  # taken at the price and handed over at once
    s.paid_out_fen += e.price_fen


APPLIERS: Appliers = (
    Applier(ev.AuctionScheduled, _auction_scheduled),
    Applier(ev.AuctionSold, _auction_sold),
    Applier(ev.AuctionFailed, _auction_failed),
    Applier(ev.AuctionDefaulted, _auction_defaulted),
    Applier(ev.AuctionCancelled, _auction_cancelled),
    Applier(ev.SaleStarted, _sale_started),
    Applier(ev.SaleEnded, _sale_ended),
    Applier(ev.InKindAccepted, _in_kind_accepted),
)
