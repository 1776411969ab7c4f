"""控制: freezing (冻结), sealing (查封) and seizing (扣押) property, confirming and renewing the
measures before they lapse (续行), releasing them (解除), and deducting frozen deposits into the
case account (划拨).

Sources: 《民诉法解释》 art. 485 (periods of a measure, renewal); 《关于人民法院民事执行中查封、
扣押、冻结财产的规定》.
"""

from __future__ import annotations

from datetime import date, timedelta

from domain import commands as c
from domain import events as ev
from domain.calendar import DueDate, local_date
from domain.deadlines import FREEZE_MAX_YEARS, add_years
from domain.decision import Decision, asset_of, control_of, not_future, open_of, reject
from domain.funds import open_payout_deadline, realized
from domain.labels import MEASURE_ZH
from domain.objections import any_disposable, require_disposable
from domain.roles import ANSWERERS, CASE_STAFF
from domain.spec import ACTIVE, LIVE, Applier, Appliers, Commands, CommandSpec, any_asset
from domain.state import Asset, CaseState, Control

# which measure fits which kind of property
MEASURES_BY_KIND: dict[str, frozenset[str]] = {
    "bank_deposit": frozenset({"freeze"}),
    "equity": frozenset({"freeze"}),
    "other_property_right": frozenset({"freeze", "seal"}),
    "real_estate": frozenset({"seal"}),
    "movable": frozenset({"seal", "seize"}),
    "vehicle": frozenset({"seal", "seize"}),
}
# a measure asked for, in force, or queued behind another court's (轮候)
CONTROLLING = ("requested", "effective", "renewal_requested", "queued")


def under_measure(asset: Asset) -> bool:
    return asset.control is not None and asset.control.state in CONTROLLING


def freezable(asset: Asset) -> bool:
    return asset.disposition == "open" and not under_measure(asset)


def awaiting_confirmation(asset: Asset) -> bool:
    """A measure the registry or bank is to confirm (not one entrusted to another court)."""
    control = asset.control
    if control is None:
        return False
    return control.state == "renewal_requested" or (
        control.state == "requested" and control.entrusted_to is None
    )


def renewable(asset: Asset) -> bool:
    control = asset.control
    return control is not None and control.state == "effective" and control.expires_on is not None


def deductible(asset: Asset) -> bool:
    return asset.kind == "bank_deposit" and asset.controlled


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


def _open_asset(asset: Asset) -> None:
    if asset.disposition != "open":
        raise reject(
            "asset.closed",
            f"财产 {asset.asset_id} 已解除或已执行完毕",
            f"asset {asset.asset_id} is released or exhausted",
        )


def freeze_asset(d: Decision, cmd: c.FreezeAsset) -> None:
    request_control(d, cmd.asset_id, cmd.measure, cmd.period_days, cmd.amount_fen)


def request_control(
    d: Decision,
    asset_id: str,
    measure: c.ControlMeasure,
    period_days: int,
    amount_fen: int | None,
    entrusted_to: str | None = None,
) -> None:
    """冻结／查封／扣押 requested: from the registry or bank, or (``entrusted_to``) from another
    court asked to carry it out (事项委托, domain/task_entrustment.py)."""
    asset = asset_of(d.case, asset_id)
    _open_asset(asset)
    if under_measure(asset):
        raise reject(
            "freeze.already_controlled",
            f"财产 {asset.asset_id} 已在控制中",
            f"asset {asset.asset_id} is already under a measure",
        )
    fitting = MEASURES_BY_KIND[asset.kind]
    if measure not in fitting:
        raise reject(
            "freeze.measure_not_fit",
            f"该类财产应采取：{'、'.join(MEASURE_ZH[m] for m in sorted(fitting))}",
            f"{measure} does not fit {asset.kind}; use {', '.join(sorted(fitting))}",
        )
    _check_period(asset, period_days, d.today)
    d.waive(list(open_of(d.case, "freeze.expiry", asset.asset_id)), "重新控制 / new measure")
    d.emit(
        ev.FreezeRequested(
            asset_id=asset.asset_id,
            measure=measure,
            period_days=period_days,
            amount_fen=amount_fen,
            entrusted_to=entrusted_to,
        )
    )


def confirm_freeze(d: Decision, cmd: c.ConfirmFreeze) -> None:
    control = control_of(asset_of(d.case, cmd.asset_id))
    if control.state == "requested" and control.entrusted_to is not None:
        raise reject(
            "freeze.entrusted",
            f"该措施已委托 {control.entrusted_to} 办理，由其答复确认",
            f"{control.entrusted_to} was asked to carry out this measure; its answer confirms it",
        )
    take_effect(d, cmd)


def take_effect(d: Decision, cmd: c.ConfirmFreeze) -> None:
    """The measure (or its renewal) took effect on ``cmd.effective_on``."""
    asset = asset_of(d.case, cmd.asset_id)
    control = control_of(asset)
    not_future(d, cmd.effective_on, "生效日期", "effective date")
    if control.state == "requested":
        if cmd.effective_on < control.requested_on:
            raise reject(
                "freeze.before_request",
                "生效日期早于申请日期",
                "the measure cannot take effect before it was requested",
            )
        expires_on = _in_force_from(d, asset, cmd.effective_on, cmd.frozen_fen)
    elif control.state == "renewal_requested":
        assert control.expires_on is not None
        expires_on = control.expires_on + timedelta(days=control.period_days)
        d.emit(ev.FreezeRenewed(asset_id=asset.asset_id, expires_on=expires_on))
        d.meet("freeze.expiry", asset.asset_id)
    else:
        raise reject(
            "freeze.nothing_to_confirm",
            f"财产 {asset.asset_id} 没有待确认的控制措施",
            f"asset {asset.asset_id} has no measure awaiting confirmation",
        )
    d.open_deadline("freeze.expiry", asset.asset_id, DueDate(on=expires_on))


def _in_force_from(d: Decision, asset: Asset, effective_on: date, frozen_fen: int | None) -> date:
    """The measure is in force from ``effective_on``: its period (never past the maximum for
    the kind of property) runs from that day. Returns its last day."""
    control = control_of(asset)
    longest = add_years(effective_on, FREEZE_MAX_YEARS[asset.kind]) - timedelta(days=1)
    expires_on = min(effective_on + timedelta(days=control.period_days - 1), longest)
    d.emit(
        ev.FreezeConfirmed(
            asset_id=asset.asset_id,
            effective_on=effective_on,
            expires_on=expires_on,
            frozen_fen=frozen_fen,
        )
    )
    if asset.kind != "bank_deposit" and asset.valuation is None:
        # property to be sold: fix its reference price within 30 days of the seizure
        d.open_by_rule("valuation.start", asset.asset_id, effective_on)
    return expires_on


def record_seal_queued(d: Decision, cmd: c.RecordSealQueued) -> None:
    """轮候查封 (查封扣押冻结规定 art. 26, DOMAIN-2 ``seal.queue``): the registry put our request
    behind another court's seal; ours is not in force (and has no expiry) until it is first."""
    asset = asset_of(d.case, cmd.asset_id)
    control = control_of(asset)
    if control.state != "requested" or control.entrusted_to is not None:
        raise reject(
            "seal.nothing_to_queue",
            f"财产 {asset.asset_id} 没有待登记机关答复的控制措施",
            f"asset {asset.asset_id} has no measure awaiting the registry's answer",
        )
    not_future(d, cmd.queued_on, "轮候登记日期", "queueing date")
    if cmd.queued_on < control.requested_on or cmd.prior_sealed_on > cmd.queued_on:
        raise reject(
            "seal.date_order",
            "轮候登记不能早于本院申请，首封不能晚于轮候登记",
            "a queued seal follows our request, and the first seal precedes it",
        )
    if cmd.prior_court_code == d.case.court_code:
        raise reject(
            "seal.own_court",
            "轮候查封排在其他法院的查封之后，首封法院不能是本院",
            "a queued seal waits behind another court's seal, not our own",
        )
    d.emit(
        ev.SealQueued(
            asset_id=asset.asset_id,
            prior_court_code=cmd.prior_court_code,
            prior_sealed_on=cmd.prior_sealed_on,
            position=cmd.position,
            queued_on=cmd.queued_on,
        )
    )


def queued(asset: Asset) -> bool:
    return asset.control is not None and asset.control.queued


def record_prior_seal_released(d: Decision, cmd: c.RecordPriorSealReleased) -> None:
    """A seal ahead of ours was released: ours moves up one place; once first it takes effect by
    itself that day, with its own period from then (``seal.queue``)."""
    asset = asset_of(d.case, cmd.asset_id)
    control = control_of(asset)
    if not control.queued:
        raise reject(
            "seal.not_queued",
            f"财产 {asset.asset_id} 上没有本院的轮候查封",
            f"asset {asset.asset_id} carries no queued seal of ours",
        )
    not_future(d, cmd.released_on, "解除日期", "release date")
    assert control.prior_sealed_on is not None and control.queue_position is not None
    if cmd.released_on < control.prior_sealed_on:
        raise reject(
            "seal.date_order",
            f"首封解除日期不能早于首封日期（{control.prior_sealed_on}）",
            f"the first seal cannot be released before it was made ({control.prior_sealed_on})",
        )
    position = control.queue_position - 1
    d.emit(
        ev.PriorSealReleased(
            asset_id=asset.asset_id, released_on=cmd.released_on, position=position
        )
    )
    if position == 0:
        expires_on = _in_force_from(d, asset, cmd.released_on, None)
        d.open_deadline("freeze.expiry", asset.asset_id, DueDate(on=expires_on))


def renew_freeze(d: Decision, cmd: c.RenewFreeze) -> None:
    asset = asset_of(d.case, cmd.asset_id)
    control_of(asset)
    if not renewable(asset):
        raise reject(
            "freeze.not_effective",
            f"财产 {asset.asset_id} 的控制措施未生效或已失效",
            f"the measure on asset {asset.asset_id} is not in force",
        )
    assert asset.control is not None and asset.control.expires_on is not None
    expires_on = asset.control.expires_on
    if d.today > expires_on:
        raise reject(
            "freeze.lapsed",
            "控制措施已到期，不能续行",
            "the measure has expired and cannot be renewed",
        )
    _check_period(asset, cmd.period_days, expires_on + timedelta(days=1))
    d.emit(ev.RenewalRequested(asset_id=asset.asset_id, period_days=cmd.period_days))


def release_asset(d: Decision, cmd: c.ReleaseAsset) -> None:
    asset = asset_of(d.case, cmd.asset_id)
    _open_asset(asset)
    d.emit(ev.AssetReleased(asset_id=asset.asset_id, reason=cmd.reason))
    d.meet("freeze.expiry", asset.asset_id)
    d.meet("objection.third_party.release", asset.asset_id)  # 民诉法解释 art. 314


def _deductible_fen(asset: Asset, control: Control) -> int | None:
    """What is left to deduct under the freeze (None: the balance is not known)."""
    if control.amount_fen is not None:
        return control.amount_fen - control.deducted_fen
    if asset.value_fen is not None:
        return asset.value_fen - asset.deducted_fen
    return None


def deduct_funds(d: Decision, cmd: c.DeductFunds) -> None:
    asset = asset_of(d.case, cmd.asset_id)
    control = control_of(asset)
    require_disposable(d.case, asset.asset_id)
    if not deductible(asset):
        raise reject(
            "deduct.not_frozen_deposit",
            "只能划拨已冻结的存款",
            "only a frozen bank deposit can be deducted",
        )
    available = _deductible_fen(asset, control)
    if available is not None and cmd.amount_fen > available:
        raise reject(
            "deduct.exceeds_frozen",
            f"划拨金额超过冻结余额（{available} 分）",
            f"deduction exceeds the frozen balance ({available} fen)",
        )
    outstanding = d.case.outstanding_fen
    if cmd.amount_fen > outstanding:
        raise reject(
            "deduct.exceeds_outstanding",
            f"划拨金额超过未执行金额（{outstanding} 分）",
            f"deduction exceeds the outstanding amount ({outstanding} fen)",
        )
    d.emit(ev.FundsDeducted(asset_id=asset.asset_id, amount_fen=cmd.amount_fen))
    if available is not None and cmd.amount_fen >= available:
        d.meet("freeze.expiry", asset.asset_id)
    open_payout_deadline(d)  # deducted money must be paid out within 30 days


COMMANDS: Commands = (
    CommandSpec(
        c.FreezeAsset,
        label_zh="冻结／查封／扣押",
        statuses=ACTIVE,
        roles=CASE_STAFF,
        decide=freeze_asset,
        offer_when=lambda s: any_asset(s, freezable),
    ),
    CommandSpec(
        c.ConfirmFreeze,
        label_zh="确认控制措施生效",
        statuses=LIVE,
        roles=CASE_STAFF | ANSWERERS,
        decide=confirm_freeze,
        offer_when=lambda s: any_asset(s, awaiting_confirmation),
    ),
    CommandSpec(
        c.RenewFreeze,
        label_zh="续行控制措施",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=renew_freeze,
        offer_when=lambda s: any_asset(s, renewable),
    ),
    CommandSpec(
        c.ReleaseAsset,
        label_zh="解除控制措施",
        statuses=LIVE,
        roles=CASE_STAFF,
        decide=release_asset,
        offer_when=lambda s: any_asset(s, lambda a: a.disposition == "open"),
    ),
    CommandSpec(
        c.RecordSealQueued,
        label_zh="登记轮候查封",
        statuses=LIVE,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_seal_queued,
        offer_when=lambda s: any_asset(s, awaiting_confirmation),
    ),
    CommandSpec(
        c.RecordPriorSealReleased,
        label_zh="登记首封解除（轮候查封生效）",
        statuses=LIVE,
        roles=CASE_STAFF | ANSWERERS,
        decide=record_prior_seal_released,
        offer_when=lambda s: any_asset(s, queued),
    ),
    CommandSpec(
        c.DeductFunds,
        label_zh="划拨存款",
        statuses=ACTIVE,
        roles=CASE_STAFF | ANSWERERS,
        decide=deduct_funds,
        offer_when=lambda s: s.outstanding_fen > 0 and any_disposable(s, deductible),
    ),
)


# -- how its events change the case -------------------------------------------------------------
def _control(state: CaseState, asset_id: str) -> Control:
    control = state.assets[asset_id].control
    assert control is not None, f"asset {asset_id} has no control measure"
    return control


def _requested(s: CaseState, e: ev.FreezeRequested) -> None:
    s.assets[e.asset_id].control = Control(
        measure=e.measure,
        state="requested",
        period_days=e.period_days,
        amount_fen=e.amount_fen,
        requested_on=local_date(e.occurred_at),
        entrusted_to=e.entrusted_to,
    )


def _confirmed(s: CaseState, e: ev.FreezeConfirmed) -> None:
    control = _control(s, e.asset_id)
    control.state = "effective"
    control.effective_on, control.expires_on = e.effective_on, e.expires_on
    if e.frozen_fen is not None:
        control.amount_fen = e.frozen_fen


def _renewal_requested(s: CaseState, e: ev.RenewalRequested) -> None:
    control = _control(s, e.asset_id)
    control.state, control.period_days = "renewal_requested", e.period_days


def _renewed(s: CaseState, e: ev.FreezeRenewed) -> None:
    control = _control(s, e.asset_id)
    control.state, control.expires_on = "effective", e.expires_on
    control.renewals += 1


def _released(s: CaseState, e: ev.AssetReleased) -> None:
    asset = s.assets[e.asset_id]
    asset.disposition = "released"
    if asset.control is not None:
        asset.control.state = "released"


def _queued(s: CaseState, e: ev.SealQueued) -> None:
    control = _control(s, e.asset_id)
    control.state, control.queue_position = "queued", e.position
    control.prior_court_code, control.prior_sealed_on = e.prior_court_code, e.prior_sealed_on


def _prior_released(s: CaseState, e: ev.PriorSealReleased) -> None:
    _control(s, e.asset_id).queue_position = e.position  # FreezeConfirmed follows at 0


def _lapsed(s: CaseState, e: ev.ControlLapsed) -> None:
    _control(s, e.asset_id).state = "lapsed"


def _deducted(s: CaseState, e: ev.FundsDeducted) -> None:
    asset = s.assets[e.asset_id]
    control = _control(s, e.asset_id)
    asset.deducted_fen += e.amount_fen
    control.deducted_fen += e.amount_fen
    s.collected_fen += e.amount_fen
    if control.amount_fen is not None and control.deducted_fen >= control.amount_fen:
        control.state = "released"  # nothing left under this freeze
    if asset.value_fen is not None and asset.deducted_fen >= asset.value_fen:
        realized(asset)


APPLIERS: Appliers = (
    Applier(ev.FreezeRequested, _requested),
    Applier(ev.FreezeConfirmed, _confirmed),
    Applier(ev.RenewalRequested, _renewal_requested),
    Applier(ev.FreezeRenewed, _renewed),
    Applier(ev.AssetReleased, _released),
    Applier(ev.ControlLapsed, _lapsed),
    Applier(ev.FundsDeducted, _deducted),
    Applier(ev.SealQueued, _queued),
    Applier(ev.PriorSealReleased, _prior_released),
)
