"""确定参考价: fixing the reference price of property to be sold, by the parties' agreement
(议价), a directed or an online inquiry (定向询价, 网络询价) or an appraisal (委托评估), the
parties' objections to it, and how long it stays valid.

Source: 《关于人民法院确定财产处置参考价若干问题的规定》 (参考价规定).
"""

from __future__ import annotations

from datetime import date, timedelta

from domain import commands as c
from domain import events as ev
from domain.calendar import DueDate, add_months, local_date
from domain.deadlines import (
    APPRAISAL_EXTENSION_MAX_DAYS,
    APPRAISAL_EXTENSION_NOTICE_DAYS,
    APPRAISAL_MAX_EXTENSIONS,
    OBJECTION_WINDOW_DAYS,
    ONLINE_INQUIRY_EXTENSION_DAYS,
    VALUATION_VALID_YEARS,
    add_years,
)
from domain.decision import Decision, asset_of, calendar, has_open, not_future, open_of, reject
from domain.editions import CONTESTED
from domain.labels import VALUATION_METHOD_ZH
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
    from_edition,
)
from domain.state import Asset, CaseState, Deadline, Valuation

METHOD_RULE = {
    "online_inquiry": "valuation.online_inquiry",
    "directed_inquiry": "valuation.directed_inquiry",
    "appraisal": "valuation.appraisal",
}


def require_open(asset: Asset) -> None:
    if asset.disposition != "open":
        raise reject(
            "asset.closed",
            f"财产 {asset.asset_id} 已解除或已处置完毕",
            f"asset {asset.asset_id} is released or already realized",
        )


def valuation_pending(asset: Asset) -> bool:
    return asset.valuation is not None and asset.valuation.state == "pending"


def require_controlled(asset: Asset) -> None:
    if not asset.controlled:
        raise reject(
            "disposal.not_controlled",
            f"财产 {asset.asset_id} 未处于查封、扣押、冻结状态，不能处置",
            f"asset {asset.asset_id} is not under seal, seizure or freeze",
        )


def _valuation(asset: Asset) -> Valuation:
    if asset.valuation is None:
        raise reject(
            "valuation.none",
            f"财产 {asset.asset_id} 尚未启动确定参考价",
            f"no valuation was started for asset {asset.asset_id}",
        )
    return asset.valuation


def announced_within_validity(asset: Asset) -> bool:
    """Was the first auction announced while the reference price was valid (参考价规定 art. 27
    ¶3: the price then carries the disposal 6 months past its validity; art. 19 ¶4: otherwise
    the appraiser re-issues)?"""
    valid_until = asset.valuation.valid_until if asset.valuation is not None else None
    return valid_until is not None and any(
        a.round == 1 and a.announced_on <= valid_until for a in asset.auctions
    )


def valid_reference_price(asset: Asset, today: date, grace_months: int = 0) -> int:
    """The reference price disposal may rely on today, or a refusal saying why not."""
    v = _valuation(asset)
    if v.state != "fixed" or asset.reference_price_fen is None or v.valid_until is None:
        raise reject(
            "disposal.no_reference_price",
            f"财产 {asset.asset_id} 尚无参考价，不能处置",
            f"asset {asset.asset_id} has no reference price yet",
        )
    if v.contested:
        raise reject(
            "disposal.valuation_contested",
            "参考价异议尚未答复，暂不能处置",
            "an objection to the reference price awaits the appraiser's answer",
        )
    if today > add_months(v.valid_until, grace_months):
        raise reject(
            "disposal.reference_price_expired",
            f"参考价已于 {v.valid_until} 超过有效期，须重新确定",
            f"the reference price expired on {v.valid_until}; fix a new one",
        )
    return asset.reference_price_fen


def start_valuation(d: Decision, cmd: c.StartValuation) -> None:
    asset = asset_of(d.case, cmd.asset_id)
    require_open(asset)
    require_controlled(asset)
    require_disposable(d.case, asset.asset_id)
    if asset.kind == "bank_deposit":
        raise reject(
            "valuation.not_needed",
            "存款无需确定参考价，直接划拨",
            "a deposit needs no reference price: deduct it",
        )
    if valuation_pending(asset):
        raise reject(
            "valuation.pending",
            f"财产 {asset.asset_id} 已在确定参考价",
            f"a valuation of asset {asset.asset_id} is already under way",
        )
    if asset.disposing:
        raise reject(
            "valuation.disposal_under_way", "拍卖或变卖进行中", "an auction or sale is under way"
        )
    d.emit(ev.ValuationStarted(asset_id=asset.asset_id, method=cmd.method, agency=cmd.agency))
    d.meet("valuation.start", asset.asset_id)
    rule_id = METHOD_RULE.get(cmd.method)
    if rule_id is not None:
        d.open_by_rule(rule_id, asset.asset_id, d.today)


def extend_valuation(d: Decision, cmd: c.ExtendValuation) -> None:
    asset = asset_of(d.case, cmd.asset_id)
    v = _valuation(asset)
    rule_id = METHOD_RULE.get(v.method)
    deadline = next(open_of(d.case, rule_id, asset.asset_id), None) if rule_id else None
    if v.state != "pending" or deadline is None:
        raise reject(
            "valuation.nothing_to_extend",
            "没有可延长的询价或评估期限",
            "there is no inquiry or appraisal deadline to extend",
        )
    if v.method == "online_inquiry":
        if v.extensions >= 1 or cmd.days > ONLINE_INQUIRY_EXTENSION_DAYS:
            raise reject(
                "valuation.extension_refused",
                f"网络询价只能延长一次，且不超过 {ONLINE_INQUIRY_EXTENSION_DAYS} 日",
                f"an online inquiry may be extended once, by at most "
                f"{ONLINE_INQUIRY_EXTENSION_DAYS} days",
            )
    elif v.method == "appraisal":
        if v.extensions >= APPRAISAL_MAX_EXTENSIONS or cmd.days > APPRAISAL_EXTENSION_MAX_DAYS:
            raise reject(
                "valuation.extension_refused",
                f"评估最多延长 {APPRAISAL_MAX_EXTENSIONS} 次，每次不超过 "
                f"{APPRAISAL_EXTENSION_MAX_DAYS} 日",
                f"an appraisal may be extended at most {APPRAISAL_MAX_EXTENSIONS} times, by at "
                f"most {APPRAISAL_EXTENSION_MAX_DAYS} days each",
            )
        if (deadline.due_on - d.today).days < APPRAISAL_EXTENSION_NOTICE_DAYS:
            raise reject(
                "valuation.extension_too_late",
                f"延长评估期限须在届满 {APPRAISAL_EXTENSION_NOTICE_DAYS} 日前申请"
                f"（届满日 {deadline.due_on}）",
                f"an appraisal extension must be asked at least "
                f"{APPRAISAL_EXTENSION_NOTICE_DAYS} days before {deadline.due_on}",
            )
    else:
        raise reject(
            "valuation.extension_refused",
            f"{VALUATION_METHOD_ZH[v.method]}不适用延期",
            f"{v.method} has no extension",
        )
    d.emit(ev.ValuationExtended(asset_id=asset.asset_id, days=cmd.days, reason=cmd.reason))
    d.reschedule(deadline, calendar().days_after(deadline.due_on, cmd.days), "延期 / extended")


def record_valuation(d: Decision, cmd: c.RecordValuation) -> None:
    asset = asset_of(d.case, cmd.asset_id)
    v = _valuation(asset)
    if v.state == "fixed" and not v.contested:
        raise reject(
            "valuation.already_fixed",
            "参考价已确定；如需重新确定请重新启动",
            "the reference price is already fixed; start a new valuation to change it",
        )
    not_future(d, cmd.received_on, "收到日期", "receipt date")
    if cmd.received_on < v.started_on:
        raise reject(
            "valuation.before_start",
            "收到日期早于启动日期",
            "the result cannot arrive before the valuation started",
        )
    _fix_price(d, asset, cmd.reference_price_fen, cmd.received_on, not v.contested)


def _fix_price(d: Decision, asset: Asset, price_fen: int, received_on: date, fresh: bool) -> None:
    """The reference price arrived (``fresh``: not an answer to an objection, so the sale is to
    start within 10 days): its objection window and validity, and what it meets."""
    valid_until = add_years(received_on, VALUATION_VALID_YEARS) - timedelta(days=1)
    d.emit(
        ev.ValuationRecorded(
            asset_id=asset.asset_id,
            reference_price_fen=price_fen,
            received_on=received_on,
            objection_until=calendar().days_after(received_on, OBJECTION_WINDOW_DAYS).on,
            valid_until=valid_until,
        )
    )
    for rule_id in (*METHOD_RULE.values(), *ANSWERED_BY_A_PRICE):
        d.meet(rule_id, asset.asset_id)
    if fresh:
        d.open_by_rule("disposal.start", asset.asset_id, received_on)
    d.open_deadline("valuation.validity", asset.asset_id, DueDate(on=valid_until))


# what a price arriving meets besides its method's deadline (the last two edition 3's only)
ANSWERED_BY_A_PRICE = (
    "valuation.objection",
    "valuation.validity",
    "valuation.objection.forward",
    "valuation.reissue",
)
FORWARD = "valuation.objection.forward"
REISSUE = "valuation.reissue"
NOT_OBJECTED_TO = ("negotiation", "directed_inquiry")  # 参考价规定 art. 24


def record_reissued_valuation(d: Decision, cmd: c.RecordReissuedValuation) -> None:
    """`valuation.reissue`: the re-issued report fixes a new price, valid for a year again."""
    asset = asset_of(d.case, cmd.asset_id)
    if not has_open(d.case, REISSUE, asset.asset_id):
        raise reject(
            "valuation.no_reissue_owed",
            f"财产 {asset.asset_id} 没有待重新出具的评估报告",
            f"no re-issued report is owed for asset {asset.asset_id}",
        )
    not_future(d, cmd.received_on, "收到日期", "receipt date")
    _fix_price(d, asset, cmd.reference_price_fen, cmd.received_on, fresh=True)


def reissue_if_unused(d: Decision, validity: Deadline) -> None:
    """The price's validity is over (deadline_watch, level 1; edition 3): with no first auction
    announced within it, the court notifies the original appraiser, who re-issues its report
    within 15 days of the expiry (参考价规定 art. 19 ¶4: "未在评估结果有效期内发布一拍拍卖公告
    或者直接进入变卖程序的，应当通知原评估机构在十五日内重新出具评估报告")."""
    asset = d.case.assets[validity.subject]
    v = asset.valuation
    if (
        d.case.edition < CONTESTED
        or asset.disposition != "open"
        or v is None
        or v.method not in METHOD_RULE
        or announced_within_validity(asset)
    ):
        return
    d.open_by_rule(REISSUE, asset.asset_id, validity.due_on)


def record_valuation_objection(d: Decision, cmd: c.RecordValuationObjection) -> None:
    asset = asset_of(d.case, cmd.asset_id)
    v = _valuation(asset)
    if cmd.party_id not in {p.party_id for p in (*d.case.applicants, *d.case.respondents)}:
        raise reject(
            "party.unknown", f"{cmd.party_id} 不是本案当事人", f"{cmd.party_id} is not a party"
        )
    if v.state != "fixed" or v.objection_until is None:
        raise reject(
            "valuation.nothing_to_object",
            "参考价尚未确定，无从提出异议",
            "there is no reference price to object to",
        )
    not_future(d, cmd.filed_on, "异议日期", "objection date")
    if cmd.filed_on > v.objection_until:
        raise reject(
            "valuation.objection_late",
            f"异议期已于 {v.objection_until} 届满（收到报告后 {OBJECTION_WINDOW_DAYS} 日内）",
            f"the objection window closed on {v.objection_until} "
            f"({OBJECTION_WINDOW_DAYS} days after receipt)",
        )
    if asset.live_auction is not None:
        raise reject("valuation.disposal_under_way", "拍卖进行中", "an auction is under way")
    contested = d.case.edition >= CONTESTED
    if contested and v.method in NOT_OBJECTED_TO:
        raise reject(
            "valuation.objection.not_accepted",
            f"对{VALUATION_METHOD_ZH[v.method]}提出的异议，人民法院不予受理（参考价规定第24条）",
            f"an objection to a {v.method} price is not accepted (参考价规定 art. 24)",
        )
    d.emit(
        ev.ValuationObjected(
            asset_id=asset.asset_id,
            party_id=cmd.party_id,
            filed_on=cmd.filed_on,
            grounds=cmd.grounds,
            about=cmd.about,
        )
    )
    if contested:  # the court forwards it within 3 days; the 5 days run from then
        d.open_by_rule(FORWARD, asset.asset_id, d.today)
    else:
        d.open_by_rule("valuation.objection", asset.asset_id, d.today)


def forward_valuation_objection(d: Decision, cmd: c.ForwardValuationObjection) -> None:
    """`valuation.objection.forward`: sent to the platform or appraiser, whose written
    explanation is due within 5 days (`valuation.objection`)."""
    asset = asset_of(d.case, cmd.asset_id)
    if not has_open(d.case, FORWARD, asset.asset_id):
        raise reject(
            "valuation.nothing_to_forward",
            f"财产 {asset.asset_id} 没有待转交的参考价异议",
            f"no objection to asset {asset.asset_id}'s price awaits forwarding",
        )
    not_future(d, cmd.forwarded_on, "转交日期", "forwarding date")
    d.emit(ev.ValuationObjectionForwarded(asset_id=asset.asset_id, forwarded_on=cmd.forwarded_on))
    d.meet(FORWARD, asset.asset_id)
    d.open_by_rule("valuation.objection", asset.asset_id, cmd.forwarded_on)


# -- what is offered: the same predicates the rules above apply to the asset a command names ------
def _valuable(a: Asset) -> bool:
    return (
        a.disposition == "open"
        and a.controlled
        and a.kind != "bank_deposit"
        and not valuation_pending(a)
        and not a.disposing
    )


COMMANDS: Commands = (
    CommandSpec(
        c.StartValuation,
        label_zh="启动确定参考价",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=start_valuation,
        offer_when=lambda s: any_disposable(s, _valuable),
    ),
    CommandSpec(
        c.ExtendValuation,
        label_zh="延长评估期限",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=CASE_STAFF,
        decide=extend_valuation,
        offer_when=lambda s: any_asset(
            s,
            lambda a: (
                valuation_pending(a)
                and a.valuation is not None
                and a.valuation.method in METHOD_RULE
            ),
        ),
    ),
    CommandSpec(
        c.RecordValuation,
        label_zh="登记参考价",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_valuation,
        offer_when=lambda s: any_asset(
            s, lambda a: valuation_pending(a) or (a.valuation is not None and a.valuation.contested)
        ),
    ),
    CommandSpec(
        c.RecordValuationObjection,
        label_zh="登记对参考价的异议",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=CASE_STAFF,
        decide=record_valuation_objection,
        offer_when=lambda s: any_asset(
            s, lambda a: a.valuation is not None and a.valuation.state == "fixed"
        ),
    ),
    CommandSpec(
        c.ForwardValuationObjection,
        label_zh="将参考价异议转交评估机构",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=CASE_STAFF,
        decide=forward_valuation_objection,
        requires=from_edition(CONTESTED),
        offer_when=lambda s: has_open(s, FORWARD),
    ),
    CommandSpec(
        c.RecordReissuedValuation,
        label_zh="登记重新出具的评估报告",
        statuses=ACTIVE_OR_SUSPENDED,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_reissued_valuation,
        requires=from_edition(CONTESTED),
        offer_when=lambda s: has_open(s, REISSUE),
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _valuation_of(s: CaseState, asset_id: str) -> Valuation:
    valuation = s.assets[asset_id].valuation
    assert valuation is not None, f"asset {asset_id} has no valuation"
    return valuation


def _valuation_started(s: CaseState, e: ev.ValuationStarted) -> None:
    s.assets[e.asset_id].valuation = Valuation(
        method=e.method, started_on=local_date(e.occurred_at)
    )


def _valuation_extended(s: CaseState, e: ev.ValuationExtended) -> None:
    _valuation_of(s, e.asset_id).extensions += 1


def _valuation_recorded(s: CaseState, e: ev.ValuationRecorded) -> None:
    v = _valuation_of(s, e.asset_id)
    v.state = "fixed"
    s.assets[e.asset_id].reference_price_fen = e.reference_price_fen
    v.received_on, v.objection_until, v.valid_until = (
        e.received_on,
        e.objection_until,
        e.valid_until,
    )
    v.contested, v.forwarded_on = False, None


def _valuation_objected(s: CaseState, e: ev.ValuationObjected) -> None:
    _valuation_of(s, e.asset_id).contested = True


def _objection_forwarded(s: CaseState, e: ev.ValuationObjectionForwarded) -> None:
    _valuation_of(s, e.asset_id).forwarded_on = e.forwarded_on


APPLIERS: Appliers = (
    Applier(ev.ValuationStarted, _valuation_started),
    Applier(ev.ValuationExtended, _valuation_extended),
    Applier(ev.ValuationRecorded, _valuation_recorded),
    Applier(ev.ValuationObjected, _valuation_objected),
    Applier(ev.ValuationObjectionForwarded, _objection_forwarded),
)
