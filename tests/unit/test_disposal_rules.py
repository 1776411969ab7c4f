"""Disposal, money, settlement and 执转破 (issue 3), rule by rule, driven through decide / tick.

The standard story: filed Mon 2026-03-02 (principal 1,000,000 yuan); the respondent's flat RE-1
is sealed (查封) and confirmed that day; an online inquiry fixes its reference price of
800,000 yuan on Wed 03-04. Round 1 is announced 03-05 and bids from Mon 04-13 10:00 for 24 h;
a failure on Tue 04-14 lets round 2 be announced that day for Wed 04-29.

2026 holidays used below: Tomb-sweeping Apr 4-6; Labour Day May 1-5 (make-up Sat May 9);
Dragon Boat Jun 19-21; National Day Oct 1-7 (see test_calendar.py).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from domain.calendar import CourtCalendar, add_months
from domain.commands import Envelope
from domain.editions import BASELINE, COURTS
from domain.snapshot import snapshot
from domain.state import CaseState
from tests.unit.gwt import (
    BUREAU_HEAD,
    INTEGRATION,
    OFFICER,
    PRESIDENT,
    Do,
    Given,
    accept_in_kind,
    approve_bankruptcy_transfer,
    approve_distribution,
    asset_found,
    close_case,
    confirm_freeze,
    control_of,
    day_end,
    deadline,
    declare_settlement_default,
    deduct_funds,
    extend_valuation,
    filed,
    freeze_asset,
    given,
    later,
    latest_auction,
    moment,
    propose_bankruptcy_transfer,
    record_auction_result,
    record_bankruptcy_decision,
    record_funds_received,
    record_installment_paid,
    record_payout,
    record_sale_result,
    record_service,
    record_settlement,
    record_valuation,
    record_valuation_objection,
    release_asset,
    renew_freeze,
    schedule_auction,
    sealed_real_estate,
    start_sale,
    start_valuation,
    suspend,
    ticked,
)

CAL = CourtCalendar.default()
MAR_2 = date(2026, 3, 2)  # a Monday
PRICED_ON = date(2026, 3, 4)  # the reference price arrives
REF = 80_000_000  # 800,000.00 yuan
ROUND1_ON = date(2026, 3, 5)  # round 1 announced
ROUND1_BIDS = date(2026, 4, 13)  # round 1 bidding opens (Mon 10:00)
ROUND1_ENDS = date(2026, 4, 14)  # ... and closes (Tue 10:00)
START1 = 56_000_000  # exactly 70% of REF
START2 = 44_800_000  # exactly 80% of START1
ROUND2_BIDS = date(2026, 4, 29)  # 15 days after the failure of round 1 (immovable re-auction)
ROUND2_ENDS = date(2026, 4, 30)
TWO_APPLICANTS = [
    {"party_id": "A1", "name": "张三", "kind": "person"},
    {"party_id": "A2", "name": "王五", "kind": "person"},
]
COMPANY_AND_PERSON = [
    {"party_id": "R1", "name": "北京某某科技有限公司", "kind": "company"},
    {"party_id": "R2", "name": "李四", "kind": "person"},
]


def _days(day: date, n: int) -> date:
    return CAL.days_after(day, n).on


def _types(events: list[Any]) -> list[str]:
    return [e.type for e in events]


def _balanced(state: CaseState) -> None:
    """一案一账号: every fen collected is either paid out or held, and nothing is negative."""
    amounts = snapshot(state).amounts
    assert amounts.collected_fen == amounts.paid_out_fen + amounts.held_fen, amounts
    assert min(amounts.collected_fen, amounts.paid_out_fen, amounts.held_fen) >= 0, amounts


def _priced(reference_fen: int = REF, asset_id: str = "RE-1", **filing: Any) -> list[Any]:
    """Filed 03-02, RE-1 sealed that day, priced by online inquiry on 03-04."""
    return [
        filed(on=MAR_2, **filing),
        *sealed_real_estate(asset_id),
        start_valuation(asset_id, "online_inquiry"),
        record_valuation(asset_id, reference_fen).on(PRICED_ON),
    ]


def priced(reference_fen: int = REF, **filing: Any) -> Given:
    return given(*_priced(reference_fen, **filing))


def _movable_priced() -> list[Any]:
    return [
        filed(on=MAR_2),
        asset_found("MV-1", kind="movable"),
        freeze_asset("MV-1", 700, measure="seize"),
        confirm_freeze("MV-1"),
        start_valuation("MV-1", "online_inquiry"),
        record_valuation("MV-1", REF).on(PRICED_ON),
    ]


ROUND1 = schedule_auction("RE-1", START1, ROUND1_BIDS).on(ROUND1_ON)
ROUND1_FAILED = record_auction_result("RE-1", "failed").on(ROUND1_ENDS)
ROUND2 = schedule_auction("RE-1", START2, ROUND2_BIDS).on(ROUND1_ENDS)
ROUND2_FAILED = record_auction_result("RE-1", "failed").on(ROUND2_ENDS)


def failed_once() -> Given:
    return given(*_priced(), ROUND1, ROUND1_FAILED)


def failed_twice(**filing: Any) -> Given:
    return given(*_priced(**filing), ROUND1, ROUND1_FAILED, ROUND2, ROUND2_FAILED)


def sold(price_fen: int = 60_000_000) -> Given:
    return given(
        *_priced(), ROUND1, record_auction_result("RE-1", "sold", price_fen).on(ROUND1_ENDS)
    )


# =============================================================================== valuation


def test_sealing_real_estate_opens_valuation_start_thirty_days_from_the_seizure() -> None:
    case = given(filed(on=MAR_2), asset_found("RE-1", kind="real_estate"))
    case.when(freeze_asset("RE-1", 1000, measure="seal")).then(events=["freeze_requested"])
    # the registry confirms on 03-05 that the seal took effect on 03-02: 30 days from 03-02
    then = case.when(confirm_freeze("RE-1", effective_on=MAR_2), at=date(2026, 3, 5)).then(
        events=["freeze_confirmed", "deadline_opened", "deadline_opened"]
    )
    start = deadline(then.state, "valuation.start", "RE-1")
    assert (start.due_on, start.state) == (date(2026, 4, 1), "open")
    assert deadline(then.state, "freeze.expiry", "RE-1").state == "open"


def test_a_frozen_deposit_needs_no_valuation() -> None:
    case = given(
        filed(on=MAR_2),
        asset_found("AS-1", kind="bank_deposit", value_fen=5_000_000),
        freeze_asset("AS-1", 365),
    )
    then = case.when(confirm_freeze("AS-1")).then(events=["freeze_confirmed", "deadline_opened"])
    assert not [d for d in then.state.deadlines.values() if d.rule == "valuation.start"]
    case.when(start_valuation("AS-1", "online_inquiry")).then_rejected("valuation.not_needed")


def test_valuation_needs_a_known_asset_under_a_measure_in_force() -> None:
    found = given(filed(on=MAR_2), asset_found("RE-1", kind="real_estate"))
    found.when(start_valuation("RE-1")).then_rejected("disposal.not_controlled")
    found.when(start_valuation("RE-9")).then_rejected("asset.unknown")
    requested = given(
        filed(on=MAR_2),
        asset_found("RE-1", kind="real_estate"),
        freeze_asset("RE-1", 1000, measure="seal"),
    )
    requested.when(start_valuation("RE-1")).then_rejected("disposal.not_controlled")
    released = given(filed(on=MAR_2), *sealed_real_estate(), release_asset("RE-1"))
    released.when(start_valuation("RE-1")).then_rejected("asset.closed")


def test_an_online_inquiry_has_three_days_and_meets_valuation_start() -> None:
    case = given(filed(on=MAR_2), *sealed_real_estate())
    then = case.when(start_valuation("RE-1", "online_inquiry")).then(
        events=["valuation_started", "deadline_met", "deadline_opened"]
    )
    assert deadline(then.state, "valuation.start", "RE-1").state == "met"
    inquiry = deadline(then.state, "valuation.online_inquiry", "RE-1")
    assert (inquiry.due_on, inquiry.state) == (date(2026, 3, 5), "open")
    assert then.state.time_limit_paused_on is None, "an online inquiry does not pause the limit"
    case.when(start_valuation("RE-1", "appraisal")).then_rejected("valuation.pending")


def test_an_online_inquiry_that_overruns_escalates() -> None:
    case = given(filed(on=MAR_2), *sealed_real_estate(), start_valuation("RE-1", "online_inquiry"))
    case.when(later(day_end(date(2026, 3, 5)))).then()
    inquiry = deadline(case.state, "valuation.online_inquiry", "RE-1")
    assert (inquiry.state, inquiry.escalation_level) == ("overdue", 1)


def test_an_appraisal_has_thirty_days_and_pauses_the_time_limit() -> None:
    case = given(filed(on=MAR_2), *sealed_real_estate())
    then = case.when(start_valuation("RE-1", "appraisal"), at=date(2026, 3, 10)).then(
        events=["valuation_started", "deadline_met", "deadline_opened", "time_limit_paused"]
    )
    assert deadline(then.state, "valuation.appraisal", "RE-1").due_on == date(2026, 4, 9)
    assert then.event("time_limit_paused").reasons == ["appraisal"]
    assert deadline(then.state, "case.time_limit").paused_on == date(2026, 3, 10)


def test_negotiation_opens_no_result_deadline() -> None:
    case = given(filed(on=MAR_2), *sealed_real_estate())
    case.when(start_valuation("RE-1", "negotiation")).then(
        events=["valuation_started", "deadline_met"]
    )
    case.when(extend_valuation("RE-1", 3)).then_rejected("valuation.nothing_to_extend")


def test_an_online_inquiry_is_extended_once_by_at_most_three_days() -> None:
    case = given(filed(on=MAR_2), *sealed_real_estate(), start_valuation("RE-1", "online_inquiry"))
    case.when(extend_valuation("RE-1", 4), at=date(2026, 3, 4)).then_rejected(
        "valuation.extension_refused"
    )
    then = case.when(extend_valuation("RE-1", 3), at=date(2026, 3, 4)).then(
        events=["valuation_extended", "deadline_rescheduled"]
    )
    # 03-05 + 3 = Sun 03-08 -> Mon 03-09
    assert deadline(then.state, "valuation.online_inquiry", "RE-1").due_on == date(2026, 3, 9)
    case.when(extend_valuation("RE-1", 1), at=date(2026, 3, 5)).then_rejected(
        "valuation.extension_refused"
    )


def test_an_appraisal_is_extended_at_most_twice_by_fifteen_days_asked_five_days_ahead() -> None:
    case = given(
        filed(on=MAR_2),
        *sealed_real_estate(),
        start_valuation("RE-1", "appraisal").on(date(2026, 3, 10)),
    )
    due = date(2026, 4, 9)
    case.when(extend_valuation("RE-1", 16), at=due - timedelta(days=5)).then_rejected(
        "valuation.extension_refused"
    )
    case.when(extend_valuation("RE-1", 15), at=due - timedelta(days=4)).then_rejected(
        "valuation.extension_too_late"
    )
    case.when(extend_valuation("RE-1", 15), at=due - timedelta(days=5)).then(
        events=["valuation_extended", "deadline_rescheduled"]
    )
    due = deadline(case.state, "valuation.appraisal", "RE-1").due_on
    assert due == date(2026, 4, 24)
    case.when(extend_valuation("RE-1", 15), at=due - timedelta(days=5)).then()
    due = deadline(case.state, "valuation.appraisal", "RE-1").due_on
    assert due == date(2026, 5, 9)  # a Saturday, but a make-up working day
    case.when(extend_valuation("RE-1", 1), at=due - timedelta(days=10)).then_rejected(
        "valuation.extension_refused"
    )
    assert case.state.assets["RE-1"].valuation.extensions == 2  # type: ignore[union-attr]


def test_a_directed_inquiry_has_no_extension_and_nothing_started_has_nothing_to_extend() -> None:
    case = given(filed(on=MAR_2), *sealed_real_estate())
    case.when(extend_valuation("RE-1", 3)).then_rejected("valuation.none")
    case.when(start_valuation("RE-1", "directed_inquiry")).then()
    case.when(extend_valuation("RE-1", 3)).then_rejected("valuation.extension_refused")


def test_recording_the_price_opens_disposal_start_and_validity() -> None:
    case = given(filed(on=MAR_2), *sealed_real_estate(), start_valuation("RE-1", "online_inquiry"))
    then = case.when(record_valuation("RE-1", REF), at=PRICED_ON).then(
        events=["valuation_recorded", "deadline_met", "deadline_opened", "deadline_opened"]
    )
    v = then.state.assets["RE-1"].valuation
    assert v is not None
    assert (v.state, v.received_on) == ("fixed", PRICED_ON)
    assert then.state.assets["RE-1"].reference_price_fen == REF
    assert deadline(then.state, "valuation.online_inquiry", "RE-1").state == "met"
    assert deadline(then.state, "disposal.start", "RE-1").due_on == date(2026, 3, 16)  # Sat->Mon
    assert deadline(then.state, "valuation.validity", "RE-1").state == "open"
    case.when(record_valuation("RE-1", REF + 1)).then_rejected("valuation.already_fixed")


def test_the_price_cannot_arrive_before_the_valuation_started_nor_in_the_future() -> None:
    case = given(
        filed(on=MAR_2),
        *sealed_real_estate(),
        start_valuation("RE-1", "online_inquiry").on(date(2026, 3, 3)),
    )
    case.when(record_valuation("RE-1", REF, received_on=MAR_2), at=PRICED_ON).then_rejected(
        "valuation.before_start"
    )
    case.when(
        record_valuation("RE-1", REF, received_on=date(2026, 3, 5)), at=PRICED_ON
    ).then_rejected("date.in_future")


def test_an_objection_within_five_days_of_receipt_is_recorded_a_later_one_refused() -> None:
    last_day = PRICED_ON + timedelta(days=5)  # Mon 03-09
    case = priced()
    case.when(
        record_valuation_objection("RE-1", filed_on=last_day + timedelta(days=1)),
        at=last_day + timedelta(days=1),
    ).then_rejected("valuation.objection_late")
    case.when(record_valuation_objection("RE-1", party_id="X9"), at=last_day).then_rejected(
        "party.unknown"
    )
    then = case.when(record_valuation_objection("RE-1", filed_on=last_day), at=last_day).then(
        events=["valuation_objected", "deadline_opened"]
    )
    assert then.state.assets["RE-1"].valuation.contested  # type: ignore[union-attr]
    # edition 3: forwarded to the appraiser within 3 days (`valuation.objection.forward`, 参考价
    # 规定 art. 23): Mon 03-09 + 3 = Thu 03-12 (test_valuation_reissue.py has the 5 days after)
    forward = deadline(then.state, "valuation.objection.forward", "RE-1")
    assert forward.due_on == date(2026, 3, 12)


def test_an_objection_window_ending_on_a_rest_day_ends_on_the_next_working_day() -> None:
    # Counting time (DOMAIN.md): received Mon 03-09, day 5 is Sat 03-14 -> Mon 03-16.
    case = given(
        filed(on=MAR_2),
        *sealed_real_estate(),
        start_valuation("RE-1", "online_inquiry"),
        record_valuation("RE-1", REF).on(date(2026, 3, 9)),
    )
    case.when(record_valuation_objection("RE-1"), at=date(2026, 3, 16)).then(
        events=["valuation_objected", "deadline_opened"]
    )


def test_there_is_no_objection_before_a_price() -> None:
    case = given(filed(on=MAR_2), *sealed_real_estate(), start_valuation("RE-1", "appraisal"))
    case.when(record_valuation_objection("RE-1")).then_rejected("valuation.nothing_to_object")


def test_a_contested_price_blocks_the_auction_until_the_appraiser_answers() -> None:
    case = priced()
    case.when(record_valuation_objection("RE-1"), at=date(2026, 3, 5)).then()
    case.when(schedule_auction("RE-1", START1, ROUND1_BIDS), at=date(2026, 3, 6)).then_rejected(
        "disposal.valuation_contested"
    )
    forwarded = Do(
        lambda state, today: {
            "type": "forward_valuation_objection",
            "asset_id": "RE-1",
            "forwarded_on": "2026-03-06",
        }
    )
    case.when(forwarded, at=date(2026, 3, 6)).then()  # edition 3: 参考价规定 art. 23
    answer = case.when(record_valuation("RE-1", 90_000_000), at=date(2026, 3, 7)).then(
        events=[
            "valuation_recorded",
            "deadline_met",  # valuation.objection
            "deadline_met",  # the old validity
            "deadline_opened",  # the new validity
        ]
    )
    assert deadline(answer.state, "valuation.objection", "RE-1").state == "met"
    assert not answer.state.assets["RE-1"].valuation.contested  # type: ignore[union-attr]
    # the new price is the base now: 70% of 900,000 yuan
    case.when(schedule_auction("RE-1", 62_999_999, ROUND1_BIDS), at=date(2026, 3, 8)).then_rejected(
        "auction.below_floor"
    )
    case.when(schedule_auction("RE-1", 63_000_000, ROUND1_BIDS), at=date(2026, 3, 8)).then()


def test_no_auction_without_a_fixed_reference_price() -> None:
    sealed = given(filed(on=MAR_2), *sealed_real_estate())
    sealed.when(schedule_auction("RE-1", START1, ROUND1_BIDS)).then_rejected("valuation.none")
    sealed.when(start_valuation("RE-1", "appraisal")).then()
    sealed.when(schedule_auction("RE-1", START1, ROUND1_BIDS)).then_rejected(
        "disposal.no_reference_price"
    )


def test_the_price_is_valid_for_a_year_then_an_auction_is_refused() -> None:
    case = priced()
    valid_until = case.state.assets["RE-1"].valuation.valid_until  # type: ignore[union-attr]
    assert valid_until is not None
    assert valid_until in (date(2027, 3, 3), date(2027, 3, 4))  # one year from 2026-03-04
    case.when(later(valid_until, ticking=False)).then()
    case.when(
        schedule_auction("RE-1", START1, valid_until + timedelta(days=60)),
        at=valid_until + timedelta(days=1),
    ).then_rejected("disposal.reference_price_expired")
    case.when(schedule_auction("RE-1", START1, valid_until + timedelta(days=60))).then(
        events=["auction_scheduled", "deadline_met", "time_limit_paused"]
    )


def test_the_validity_deadline_falls_on_the_last_day_the_price_is_valid() -> None:
    # received Wed 2026-03-04; neither 2027-03-03 nor 03-04 is a rest day, so no roll hides it.
    v = priced().state
    validity = deadline(v, "valuation.validity", "RE-1")
    valid_until = v.assets["RE-1"].valuation.valid_until  # type: ignore[union-attr]
    assert validity.due_on == valid_until, (
        f"the valuation.validity deadline is due {validity.due_on} but the price may only be "
        f"relied on until {valid_until}"
    )


def test_a_sale_may_rely_on_the_price_up_to_six_months_past_its_validity() -> None:
    case = failed_twice()
    valid_until = case.state.assets["RE-1"].valuation.valid_until  # type: ignore[union-attr]
    assert valid_until is not None
    grace_end = add_months(valid_until, 6)
    case.when(later(grace_end, ticking=False)).then()
    case.when(start_sale("RE-1", START2), at=grace_end + timedelta(days=1)).then_rejected(
        "disposal.reference_price_expired"
    )
    case.when(start_sale("RE-1", START2)).then(
        events=["sale_started", "deadline_opened", "time_limit_paused"]
    )


# =============================================================================== auction


FLOORS = [
    # reference price, the lowest start price allowed
    (80_000_000, 56_000_000),
    (80_000_001, 56_000_001),  # 70% is 56,000,000.7 fen: one fen more, never less
]


@pytest.mark.parametrize(("reference", "floor"), FLOORS)
def test_round_one_starts_at_no_less_than_seventy_percent(reference: int, floor: int) -> None:
    case = priced(reference)
    error = case.when(schedule_auction("RE-1", floor - 1, ROUND1_BIDS), at=ROUND1_ON).then_rejected(
        "auction.below_floor"
    )
    assert "70%" in error.en and "70%" in error.zh
    then = case.when(schedule_auction("RE-1", floor, ROUND1_BIDS), at=ROUND1_ON).then(
        events=["auction_scheduled", "deadline_met", "time_limit_paused"]
    )
    auction = then.event("auction_scheduled")
    assert (auction.round, auction.start_price_fen, auction.announced_on) == (1, floor, ROUND1_ON)
    assert auction.bidding_starts_at == moment(ROUND1_BIDS)
    assert auction.bidding_ends_at == moment(ROUND1_ENDS)
    assert deadline(then.state, "disposal.start", "RE-1").state == "met"
    assert then.event("time_limit_paused").reasons == ["auction_or_sale"]


DEPOSITS = [
    (2_799_999, False),  # 5% of 56,000,000 is 2,800,000
    (2_800_000, True),
    (11_200_000, True),  # 20%
    (11_200_001, False),
]


@pytest.mark.parametrize(("deposit", "accepted"), DEPOSITS)
def test_the_deposit_is_five_to_twenty_percent_of_the_start_price(
    deposit: int, accepted: bool
) -> None:
    then = priced().when(
        schedule_auction("RE-1", START1, ROUND1_BIDS, deposit_fen=deposit), at=ROUND1_ON
    )
    if accepted:
        then.then(state=lambda s: latest_auction(s, "RE-1").deposit_fen == deposit)
    else:
        then.then_rejected("auction.deposit_out_of_range")


def test_bidding_lasts_at_least_twenty_four_hours() -> None:
    case = priced()
    case.when(
        schedule_auction("RE-1", START1, ROUND1_BIDS, bidding_hours=23), at=ROUND1_ON
    ).then_rejected("auction.bidding_too_short")
    case.when(schedule_auction("RE-1", START1, ROUND1_BIDS, bidding_hours=24), at=ROUND1_ON).then()


@pytest.mark.parametrize(("movable", "lead"), [(False, 30), (True, 15)])
def test_round_one_is_announced_fifteen_or_thirty_days_ahead(movable: bool, lead: int) -> None:
    asset = "MV-1" if movable else "RE-1"
    case = given(*(_movable_priced() if movable else _priced()))
    error = case.when(
        schedule_auction(asset, START1, ROUND1_ON + timedelta(days=lead - 1)), at=ROUND1_ON
    ).then_rejected("auction.announcement_too_short")
    assert str(lead) in error.en
    case.when(schedule_auction(asset, START1, ROUND1_ON + timedelta(days=lead)), at=ROUND1_ON).then(
        state=lambda s: s.assets[asset].movable is movable
    )


@pytest.mark.parametrize(("movable", "lead"), [(False, 15), (True, 7)])
def test_a_re_auction_is_announced_seven_or_fifteen_days_ahead(movable: bool, lead: int) -> None:
    asset = "MV-1" if movable else "RE-1"
    case = given(
        *(_movable_priced() if movable else _priced()),
        schedule_auction(asset, START1, ROUND1_BIDS).on(ROUND1_ON),
        record_auction_result(asset, "failed").on(ROUND1_ENDS),
    )
    case.when(
        schedule_auction(asset, START2, ROUND1_ENDS + timedelta(days=lead - 1)), at=ROUND1_ENDS
    ).then_rejected("auction.announcement_too_short")
    then = case.when(
        schedule_auction(asset, START2, ROUND1_ENDS + timedelta(days=lead)), at=ROUND1_ENDS
    ).then(events=["auction_scheduled", "deadline_met", "time_limit_paused"])
    assert then.event("auction_scheduled").round == 2
    assert deadline(then.state, "auction.relist", asset).state == "met"


def test_a_failed_round_opens_the_relist_deadline_and_lets_the_time_limit_run() -> None:
    case = given(*_priced(), ROUND1)
    then = case.when(ROUND1_FAILED).then(
        events=["auction_failed", "deadline_opened", "time_limit_running", "deadline_rescheduled"]
    )
    assert deadline(then.state, "auction.relist", "RE-1").due_on == date(2026, 5, 14)
    assert then.event("time_limit_running").paused_days == (ROUND1_ENDS - ROUND1_ON).days
    assert latest_auction(then.state, "RE-1").outcome == "failed"


def test_a_re_auction_cuts_at_most_twenty_percent() -> None:
    case = failed_once()
    case.when(schedule_auction("RE-1", START2 - 1, ROUND2_BIDS), at=ROUND1_ENDS).then_rejected(
        "auction.cut_too_deep"
    )
    case.when(schedule_auction("RE-1", START2, ROUND2_BIDS), at=ROUND1_ENDS).then()


def test_a_re_auction_takes_place_within_thirty_days_of_the_failure() -> None:
    case = failed_once()
    last = ROUND1_ENDS + timedelta(days=30)  # Thu 05-14
    case.when(
        schedule_auction("RE-1", START2, last + timedelta(days=1)), at=ROUND1_ENDS
    ).then_rejected("auction.relist_too_late")
    case.when(schedule_auction("RE-1", START2, last), at=ROUND1_ENDS).then()


def test_a_re_auction_on_the_relist_deadlines_due_day_is_accepted() -> None:
    # failed Sun 04-05; day 30 is Tue 05-05, inside Labour Day: the deadline moves to 05-06.
    case = given(
        *_priced(),
        schedule_auction("RE-1", START1, date(2026, 4, 4)).on(ROUND1_ON),
        record_auction_result("RE-1", "failed").on(date(2026, 4, 5)),
    )
    due = deadline(case.state, "auction.relist", "RE-1").due_on
    case.when(schedule_auction("RE-1", START2, due), at=date(2026, 4, 6)).then()


def test_no_third_auction_after_two_failures() -> None:
    case = failed_twice()
    assert "auction.relist" not in {d.rule for d in case.state.open_deadlines()}
    case.when(
        schedule_auction("RE-1", START2, ROUND2_ENDS + timedelta(days=15)), at=ROUND2_ENDS
    ).then_rejected("auction.rounds_exhausted")


def test_one_live_auction_at_a_time() -> None:
    case = given(*_priced(), ROUND1)
    case.when(
        schedule_auction("RE-1", START1, ROUND1_BIDS + timedelta(days=1)), at=ROUND1_ON
    ).then_rejected("auction.live")


def test_the_result_waits_for_the_end_of_bidding() -> None:
    case = given(*_priced(), ROUND1)
    ends = moment(ROUND1_ENDS)  # 10:00 the day after bidding opened
    case.when(
        record_auction_result("RE-1", "failed"), at=ends - timedelta(minutes=1)
    ).then_rejected("auction.bidding_not_over")
    case.when(record_auction_result("RE-1", "failed"), at=ends).then()
    case.when(record_auction_result("RE-1", "failed"), at=ends).then_rejected("auction.not_live")


def test_the_price_is_at_least_the_start_price() -> None:
    case = given(*_priced(), ROUND1)
    case.when(record_auction_result("RE-1", "sold", START1 - 1), at=ROUND1_ENDS).then_rejected(
        "auction.price_below_start"
    )
    then = case.when(record_auction_result("RE-1", "sold", START1, "赵六"), at=ROUND1_ENDS).then(
        events=["auction_sold", "time_limit_running", "deadline_rescheduled"]
    )
    assert then.state.assets["RE-1"].proceeds_due_fen == START1
    case.when(schedule_auction("RE-1", START1, ROUND1_ENDS + timedelta(days=30))).then_rejected(
        "auction.sold"
    )


def test_a_buyer_default_needs_a_sale() -> None:
    live = given(*_priced(), ROUND1)
    live.when(record_auction_result("RE-1", "buyer_default"), at=ROUND1_ENDS).then_rejected(
        "auction.no_sale_to_default"
    )
    failed_once().when(record_auction_result("RE-1", "buyer_default")).then_rejected(
        "auction.no_sale_to_default"
    )
    paid = sold()
    paid.when(record_funds_received(60_000_000, "auction", "RE-1")).then()
    paid.when(record_auction_result("RE-1", "buyer_default")).then_rejected(
        "auction.no_sale_to_default"
    )


def test_a_buyer_default_forfeits_the_deposit_and_relists_at_no_less_than_the_start() -> None:
    case = sold()
    deposit = latest_auction(case.state, "RE-1").deposit_fen
    assert deposit == START1 // 10
    default_on = date(2026, 4, 20)
    then = case.when(record_auction_result("RE-1", "buyer_default"), at=default_on).then(
        events=["auction_defaulted", "deadline_opened"]
    )
    assert then.event("auction_defaulted").forfeited_fen == deposit
    s = then.state
    assert (s.collected_fen, s.held_fen, s.paid_out_fen) == (deposit, deposit, 0)
    assert s.assets["RE-1"].proceeds_due_fen is None
    _balanced(s)
    assert deadline(s, "auction.relist", "RE-1").due_on == _days(default_on, 30)
    case.when(record_funds_received(60_000_000, "auction", "RE-1")).then_rejected(
        "funds.nothing_sold"
    )
    relist_on = default_on + timedelta(days=15)  # an immovable relisted: 15 days' notice
    case.when(schedule_auction("RE-1", START1 - 1, relist_on), at=default_on).then_rejected(
        "auction.default_relist_price"
    )
    relisted = case.when(schedule_auction("RE-1", START1, relist_on), at=default_on).then(
        events=["auction_scheduled", "deadline_met", "time_limit_paused"]
    )
    assert relisted.state.assets["RE-1"].failed_rounds == 0


def test_auction_proceeds_must_equal_the_price_then_the_asset_is_exhausted() -> None:
    case = sold(60_000_000)
    case.when(record_funds_received(59_999_999, "auction", "RE-1")).then_rejected(
        "funds.amount_mismatch"
    )
    case.when(record_funds_received(60_000_000, "auction")).then_rejected("funds.asset_required")
    case.when(record_funds_received(60_000_000, "voluntary", "RE-1")).then_rejected(
        "funds.asset_unexpected"
    )
    arrival = date(2026, 4, 24)
    then = case.when(record_funds_received(60_000_000, "auction", "RE-1"), at=arrival).then()
    assert _types(then.new_events)[0] == "funds_received"
    assert _types(then.new_events)[-1] == "deadline_opened"
    s = then.state
    asset = s.assets["RE-1"]
    assert (asset.disposition, control_of(s, "RE-1").state) == ("exhausted", "released")
    assert asset.proceeds_due_fen is None
    assert deadline(s, "freeze.expiry", "RE-1").state == "met"
    assert all(d.state != "open" for d in s.deadlines.values() if d.subject == "RE-1")
    assert deadline(s, "funds.payout").due_on == _days(arrival, 30)
    assert (s.collected_fen, s.held_fen) == (60_000_000, 60_000_000)
    _balanced(s)


# =============================================================================== sale, in kind


def test_a_sale_needs_two_failed_auctions() -> None:
    failed_once().when(start_sale("RE-1", START1), at=date(2026, 4, 15)).then_rejected(
        "sale.needs_two_failed_auctions"
    )


def test_a_sale_at_no_less_than_the_last_start_price_for_at_most_sixty_days() -> None:
    case = failed_twice()
    sale_on = date(2026, 5, 6)
    case.when(start_sale("RE-1", START2 - 1), at=sale_on).then_rejected("sale.below_last_price")
    then = case.when(start_sale("RE-1", START2), at=sale_on).then(
        events=["sale_started", "deadline_opened", "time_limit_paused"]
    )
    assert then.event("sale_started").ends_on == date(2026, 7, 6)
    assert deadline(then.state, "sale.period", "RE-1").due_on == date(2026, 7, 6)
    case.when(start_sale("RE-1", START2), at=sale_on).then_rejected("sale.open")
    with pytest.raises(ValidationError):
        Envelope.model_validate(
            {
                "request_id": "r-61",
                "actor": OFFICER.model_dump(),
                "command": {
                    "type": "start_sale",
                    "asset_id": "RE-1",
                    "price_fen": START2,
                    "period_days": 61,
                },
            }
        )


def test_a_sale_result_at_no_less_than_the_sale_price() -> None:
    failed_twice().when(record_sale_result("RE-1", "failed")).then_rejected("sale.not_open")
    case = failed_twice()
    case.when(start_sale("RE-1", START2), at=date(2026, 5, 6)).then()
    sold_on = date(2026, 6, 1)
    case.when(record_sale_result("RE-1", "sold", START2 - 1), at=sold_on).then_rejected(
        "sale.price_below_sale_price"
    )
    then = case.when(record_sale_result("RE-1", "sold", START2), at=sold_on).then(
        events=["sale_ended", "deadline_met", "time_limit_running", "deadline_rescheduled"]
    )
    assert then.state.assets["RE-1"].proceeds_due_fen == START2
    case.when(record_funds_received(START2 - 1, "sale", "RE-1"), at=sold_on).then_rejected(
        "funds.amount_mismatch"
    )
    paid = case.when(record_funds_received(START2, "sale", "RE-1"), at=sold_on).then()
    assert paid.state.assets["RE-1"].disposition == "exhausted"
    _balanced(paid.state)


def test_the_applicant_takes_the_property_at_the_failed_price() -> None:
    case = failed_twice()
    case.when(accept_in_kind("RE-1", "R1")).then_rejected("party.not_applicant")
    before = case.state
    then = case.when(accept_in_kind("RE-1", "A1"), at=date(2026, 5, 6)).then()
    assert _types(then.new_events)[0] == "in_kind_accepted"
    assert then.event("in_kind_accepted").price_fen == START2
    s = then.state
    assert s.collected_fen - before.collected_fen == START2
    assert s.paid_out_fen - before.paid_out_fen == START2
    assert s.held_fen == before.held_fen
    assert s.outstanding_fen == before.outstanding_fen - START2
    assert s.assets["RE-1"].disposition == "exhausted"
    assert all(d.state != "open" for d in s.deadlines.values() if d.subject == "RE-1")
    _balanced(s)


def test_in_kind_needs_a_failed_auction_and_no_live_one() -> None:
    priced().when(accept_in_kind("RE-1")).then_rejected("in_kind.needs_failed_auction")
    given(*_priced(), ROUND1).when(accept_in_kind("RE-1")).then_rejected(
        "in_kind.needs_failed_auction"
    )
    given(*_priced(), ROUND1, ROUND1_FAILED, ROUND2).when(accept_in_kind("RE-1")).then_rejected(
        "in_kind.needs_failed_auction"
    )


def test_in_kind_cannot_exceed_what_is_outstanding_before_edition_3() -> None:
    """Edition 3 orders the taker to pay the difference (test_in_kind_rules.py)."""
    small = failed_twice(principal_fen=START2 - 1, edition=COURTS)
    small.when(accept_in_kind("RE-1")).then_rejected("in_kind.exceeds_claim")


# =============================================================================== money


def test_money_deducted_from_a_frozen_deposit_opens_the_payout_deadline() -> None:
    # issue 3: funds from deductions, auctions, sales or voluntary payment open funds.payout
    case = given(
        filed(on=MAR_2),
        asset_found("AS-1", kind="bank_deposit", value_fen=5_000_000),
        freeze_asset("AS-1", 365),
        confirm_freeze("AS-1"),
    )
    then = case.when(deduct_funds("AS-1", 1_000_000), at=date(2026, 3, 10)).then()
    assert then.state.held_fen == 1_000_000
    assert deadline(then.state, "funds.payout").due_on == date(2026, 4, 9)


def test_funds_received_open_the_thirty_day_payout_deadline_once() -> None:
    case = given(filed(on=MAR_2))
    then = case.when(record_funds_received(1_000_000), at=date(2026, 3, 10)).then(
        events=["funds_received", "deadline_opened"]
    )
    assert deadline(then.state, "funds.payout").due_on == date(2026, 4, 9)
    case.when(record_funds_received(2_000_000), at=date(2026, 3, 11)).then(
        events=["funds_received"]
    )
    case.when(
        record_funds_received(1, received_on=date(2026, 3, 12)), at=date(2026, 3, 11)
    ).then_rejected("date.in_future")
    assert case.state.collected_fen == 3_000_000
    _balanced(case.state)


def test_a_distribution_is_approved_by_a_judge_fees_first_then_pro_rata() -> None:
    case = given(
        filed(on=MAR_2, applicants=TWO_APPLICANTS),
        record_funds_received(10_000_001).on(date(2026, 3, 10)),
    )
    claims = (
        {"claimant_id": "A1", "kind": "applicant", "owed_fen": 60_000_000},
        {"claimant_id": "A2", "kind": "applicant", "owed_fen": 40_000_000},
        {"claimant_id": "court_fees", "kind": "fee", "owed_fen": 1_000_000},
    )
    case.when(approve_distribution(*claims), actor=OFFICER).then_rejected("auth.forbidden")
    then = case.when(approve_distribution(*claims)).then(events=["distribution_approved"])
    plan = then.event("distribution_approved")
    assert plan.available_fen == 10_000_001
    # fees in full, then 9,000,001 split 60:40; the odd fen to the larger remainder (A1)
    assert [(p.allocation.claimant_id, p.allocation.amount_fen) for p in plan.payouts] == [
        ("court_fees", 1_000_000),
        ("A1", 5_400_001),
        ("A2", 3_600_000),
    ]
    for actor in (BUREAU_HEAD, PRESIDENT):
        assert (
            given(filed(on=MAR_2), record_funds_received(5).on(date(2026, 3, 10)))
            .when(
                approve_distribution({"claimant_id": "A1", "kind": "applicant", "owed_fen": 5}),
                actor=actor,
            )
            .then()
        )


def test_a_distribution_needs_funds_held_and_never_claims_more_than_owed() -> None:
    given(filed(on=MAR_2)).when(
        approve_distribution({"claimant_id": "A1", "kind": "applicant", "owed_fen": 1})
    ).then_rejected("distribution.nothing_held")
    case = given(
        filed(on=MAR_2, applicants=TWO_APPLICANTS),
        record_funds_received(10_000_000).on(date(2026, 3, 10)),
    )
    case.when(
        approve_distribution(
            {"claimant_id": "A1", "kind": "applicant", "owed_fen": 60_000_000},
            {"claimant_id": "A2", "kind": "applicant", "owed_fen": 40_000_001},
        )
    ).then_rejected("distribution.exceeds_claim")
    case.when(
        approve_distribution(
            {"claimant_id": "A1", "kind": "applicant", "owed_fen": 1},
            {"claimant_id": "A1", "kind": "applicant", "owed_fen": 2},
        )
    ).then_rejected("distribution.invalid")


def test_payouts_move_money_from_held_to_paid_out_once_each() -> None:
    # edition 2: a plan of two creditors was paid at once (from edition 3 it waits for their
    # objections: tests/unit/test_distribution_disputes.py)
    case = given(
        filed(on=MAR_2, applicants=TWO_APPLICANTS, edition=COURTS),
        record_funds_received(10_000_001).on(date(2026, 3, 10)),
        approve_distribution(
            {"claimant_id": "A1", "kind": "applicant", "owed_fen": 60_000_000},
            {"claimant_id": "A2", "kind": "applicant", "owed_fen": 40_000_000},
            {"claimant_id": "court_fees", "kind": "fee", "owed_fen": 1_000_000},
        ),
    )
    _balanced(case.state)
    case.when(
        approve_distribution({"claimant_id": "A1", "kind": "applicant", "owed_fen": 1})
    ).then_rejected("distribution.unpaid_plan")
    then = case.when(record_payout(1, "TR-1"), at=date(2026, 3, 12)).then(
        events=["payout_recorded"]
    )
    assert (then.state.paid_out_fen, then.state.held_fen) == (1_000_000, 9_000_001)
    _balanced(then.state)
    case.when(record_payout(1, "TR-1b")).then_rejected("payout.already_paid")
    case.when(
        Do(lambda s, t: {"type": "record_payout", "payout_id": "D999-1", "reference": "x"})
    ).then_rejected("payout.unknown")
    case.when(record_payout(2, "TR-2"), actor=INTEGRATION).then(events=["payout_recorded"])
    _balanced(case.state)
    last = case.when(record_payout(3, "TR-3")).then(events=["payout_recorded", "deadline_met"])
    s = last.state
    assert (s.collected_fen, s.paid_out_fen, s.held_fen) == (10_000_001,) * 2 + (0,)
    assert deadline(s, "funds.payout").state == "met"
    # what the applicants received no longer counts as owed to them
    assert s.owed_to_applicants_fen == 100_000_000 - 9_000_001
    _balanced(s)


def test_fully_enforced_only_when_nothing_is_outstanding_and_nothing_held() -> None:
    case = given(filed(on=MAR_2), record_funds_received(100_000_000).on(date(2026, 3, 10)))
    assert case.state.outstanding_fen == 0
    case.when(close_case("fully_enforced")).then_rejected("close.funds_held")
    case.when(
        approve_distribution(
            {"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000_000},
            {"claimant_id": "court_fees", "kind": "fee", "owed_fen": 1_000_000},
        )
    ).then()
    case.when(record_payout(1)).then()
    case.when(record_payout(2)).then()
    _balanced(case.state)
    # the fee came out of the money: the applicant still lacks 10,000 yuan
    assert (case.state.held_fen, case.state.outstanding_fen) == (0, 1_000_000)
    case.when(close_case("fully_enforced")).then_rejected("close.outstanding")
    case.when(record_funds_received(1_000_000), at=date(2026, 3, 20)).then()
    case.when(
        approve_distribution({"claimant_id": "A1", "kind": "applicant", "owed_fen": 1_000_001})
    ).then_rejected("distribution.exceeds_claim")
    case.when(
        approve_distribution({"claimant_id": "A1", "kind": "applicant", "owed_fen": 1_000_000})
    ).then()
    case.when(record_payout(1)).then()
    _balanced(case.state)
    case.when(close_case("fully_enforced")).then(
        state=lambda s: (s.status, s.outcome) == ("closed", "fully_enforced")
    )


def test_the_books_balance_through_a_whole_disposal() -> None:
    """Every step of: auction sold, buyer default, relist sold, balance paid, distribution."""
    case = given(*_priced(), ROUND1)
    steps = [
        (record_auction_result("RE-1", "sold", 60_000_000), ROUND1_ENDS),
        (record_auction_result("RE-1", "buyer_default"), date(2026, 4, 20)),
        (schedule_auction("RE-1", START1, date(2026, 5, 6)), date(2026, 4, 20)),
        (record_auction_result("RE-1", "sold", 57_000_000), date(2026, 5, 7)),
        (record_funds_received(57_000_000, "auction", "RE-1"), date(2026, 5, 12)),
        (
            approve_distribution(
                {"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000_000}
            ),
            date(2026, 5, 13),
        ),
        (record_payout(1), date(2026, 5, 14)),
    ]
    for step, on in steps:
        case.when(step, at=on).then()
        _balanced(case.state)
    s = case.state
    deposit = START1 // 10
    assert (s.collected_fen, s.paid_out_fen, s.held_fen) == (57_000_000 + deposit,) * 2 + (0,)
    assert s.outstanding_fen == 100_000_000 - 57_000_000 - deposit


# =============================================================================== settlement


INSTALMENTS = (
    (date(2026, 4, 10), 10_000_000),
    (date(2026, 5, 11), 10_000_000),
    (date(2026, 6, 10), 10_000_000),
)


def settled() -> Given:
    return given(filed(on=MAR_2), record_settlement(*INSTALMENTS).on(date(2026, 3, 10)))


def test_a_settlement_opens_a_deadline_per_instalment_and_pauses_the_time_limit() -> None:
    case = given(filed(on=MAR_2))
    then = case.when(record_settlement(*INSTALMENTS), at=date(2026, 3, 10))
    then.then(events=["settlement_recorded"] + ["deadline_opened"] * 3 + ["time_limit_paused"])
    assert then.event("time_limit_paused").reasons == ["settlement"]
    for i, (due_on, _) in enumerate(INSTALMENTS, start=1):
        d = deadline(then.state, "settlement.installment", f"installment-{i}")
        assert (d.due_on, d.state) == (due_on, "open")
    case.when(record_settlement((date(2026, 7, 1), 1))).then_rejected("settlement.active")


@pytest.mark.parametrize(
    "installments",
    [
        ((date(2026, 3, 10), 1), (date(2026, 4, 10), 1)),  # the first one today
        ((date(2026, 3, 9), 1),),  # in the past
        ((date(2026, 5, 10), 1), (date(2026, 4, 10), 1)),  # decreasing
        ((date(2026, 4, 10), 1), (date(2026, 4, 10), 1)),  # twice the same day
    ],
)
def test_instalment_dates_are_after_today_and_increasing(
    installments: tuple[tuple[date, int], ...],
) -> None:
    given(filed(on=MAR_2)).when(
        record_settlement(*installments), at=date(2026, 3, 10)
    ).then_rejected("settlement.bad_schedule")


def test_a_settlement_cannot_promise_more_than_is_outstanding() -> None:
    given(filed(on=MAR_2)).when(
        record_settlement((date(2026, 4, 10), 100_000_001)), at=date(2026, 3, 10)
    ).then_rejected("settlement.exceeds_claim")


def test_an_instalment_is_paid_in_its_exact_amount() -> None:
    case = settled()
    paid_on = date(2026, 4, 9)
    case.when(record_installment_paid(1, 9_999_999), at=paid_on).then_rejected(
        "settlement.amount_mismatch"
    )
    case.when(record_installment_paid(4, 10_000_000), at=paid_on).then_rejected(
        "settlement.no_installment"
    )
    case.when(
        record_installment_paid(1, 10_000_000, paid_on=paid_on + timedelta(days=1)), at=paid_on
    ).then_rejected("date.in_future")
    then = case.when(record_installment_paid(1, 10_000_000), at=paid_on).then(
        events=["installment_paid", "deadline_met", "deadline_opened"]
    )
    assert deadline(then.state, "settlement.installment", "installment-1").state == "met"
    assert deadline(then.state, "funds.payout").state == "open"
    assert (then.state.collected_fen, then.state.held_fen) == (10_000_000, 10_000_000)
    _balanced(then.state)
    case.when(record_installment_paid(1, 10_000_000), at=paid_on).then_rejected(
        "settlement.installment_paid"
    )
    given(filed(on=MAR_2)).when(record_installment_paid(1, 1)).then_rejected("settlement.none")


def test_a_missed_instalment_escalates() -> None:
    case = settled()
    case.when(record_installment_paid(1, 10_000_000), at=date(2026, 4, 10)).then()
    missed_at = day_end(date(2026, 5, 11))
    case.when(later(missed_at - timedelta(days=3))).then()
    assert deadline(case.state, "settlement.installment", "installment-2").warned
    then = case.when(ticked(missed_at)).then()
    escalated = [e for e in then.new_events if e.type == "deadline_escalated"]
    # (the first instalment's money, unpaid since 04-10, is due for payout at that moment too)
    assert sorted((e.rule, e.level) for e in escalated) == [
        ("funds.payout", 1),
        ("settlement.installment", 1),
    ]
    d = deadline(then.state, "settlement.installment", "installment-2")
    assert (d.state, d.escalation_level) == ("overdue", 1)


def test_a_judge_declares_the_default_and_enforcement_goes_on_with_what_was_paid() -> None:
    case = settled()
    case.when(record_installment_paid(1, 10_000_000), at=date(2026, 4, 10)).then()
    case.when(later(day_end(date(2026, 5, 11)))).then()
    default_on = date(2026, 5, 20)
    case.when(declare_settlement_default(), actor=OFFICER, at=default_on).then_rejected(
        "auth.forbidden"
    )
    then = case.when(declare_settlement_default(), at=default_on).then(
        events=[
            "settlement_ended",
            "deadline_waived",
            "deadline_waived",
            "time_limit_running",
            "deadline_rescheduled",
        ]
    )
    s = then.state
    assert (s.status, s.settlement.state) == ("active", "defaulted")  # type: ignore[union-attr]
    for i in (2, 3):
        assert deadline(s, "settlement.installment", f"installment-{i}").state == "waived"
    assert (s.collected_fen, s.outstanding_fen) == (10_000_000, 90_000_000)
    assert then.event("time_limit_running").paused_days == (default_on - date(2026, 3, 10)).days
    case.when(declare_settlement_default(), at=default_on).then_rejected("settlement.none")
    case.when(record_installment_paid(2, 10_000_000), at=default_on).then_rejected(
        "settlement.none"
    )


def test_all_instalments_paid_is_a_performed_settlement() -> None:
    case = settled()
    for i, (due_on, amount) in enumerate(INSTALMENTS[:2], start=1):
        case.when(record_installment_paid(i, amount), at=due_on).then()
    due_on, amount = INSTALMENTS[2]
    then = case.when(record_installment_paid(3, amount), at=due_on).then(
        events=[
            "installment_paid",
            "deadline_met",
            "settlement_ended",
            "time_limit_running",
            "deadline_rescheduled",
        ]
    )
    assert then.event("settlement_ended").outcome == "performed"
    assert then.state.settlement.state == "performed"  # type: ignore[union-attr]
    assert then.state.collected_fen == 30_000_000
    _balanced(then.state)


# =============================================================================== time limit


def test_the_time_limit_stands_still_during_an_appraisal() -> None:
    case = given(
        filed(on=MAR_2),
        *sealed_real_estate(),
        start_valuation("RE-1", "appraisal").on(date(2026, 3, 10)),
    )
    assert case.state.time_limit_pause_reasons() == ["appraisal"]
    then = case.when(record_valuation("RE-1", REF), at=date(2026, 4, 1)).then(
        events=[
            "valuation_recorded",
            "deadline_met",
            "deadline_opened",
            "deadline_opened",
            "time_limit_running",
            "deadline_rescheduled",
        ]
    )
    assert then.event("time_limit_running").paused_days == 22
    limit = deadline(then.state, "case.time_limit")
    assert (limit.due_on, limit.paused_on) == (date(2026, 9, 24), None)  # 09-02 + 22
    assert snapshot(then.state).time_limit.paused_days == 22
    assert snapshot(then.state).time_limit.due_on == date(2026, 9, 24)


def test_the_time_limit_stands_still_while_an_auction_is_live() -> None:
    case = given(*_priced())
    case.when(ROUND1).then(state=lambda s: s.time_limit_paused_on == ROUND1_ON)
    then = case.when(ROUND1_FAILED).then()
    paused = (ROUND1_ENDS - ROUND1_ON).days  # 40
    # 09-02 + 40 = 10-12
    assert deadline(then.state, "case.time_limit").due_on == _days(date(2026, 9, 2), paused)
    assert then.state.paused_days == paused


def test_the_time_limit_stands_still_during_a_settlement() -> None:
    case = settled()
    assert deadline(case.state, "case.time_limit").paused_on == date(2026, 3, 10)
    # while paused, the time limit does not warn or escalate, even past its old due date
    case.when(later(date(2026, 9, 10))).then()
    limit = deadline(case.state, "case.time_limit")
    assert (limit.state, limit.warned) == ("open", False)
    then = case.when(declare_settlement_default(), at=date(2026, 9, 10)).then()
    assert then.event("time_limit_running").paused_days == 184
    assert deadline(then.state, "case.time_limit").due_on == _days(date(2026, 9, 2), 184)


# =============================================================================== 执转破
# Under the rules of edition 1 (a judge approves; the edition-2 law: test_bankruptcy_rules.py).
OLD_RULES = {"edition": BASELINE, "court_chain": ()}


def transfer_case() -> Given:
    """RE-1 priced and on a live auction; a transfer is proposed on 03-10."""
    return given(
        *_priced(respondents=COMPANY_AND_PERSON, **OLD_RULES),
        ROUND1,
        propose_bankruptcy_transfer().on(date(2026, 3, 10)),
    )


APPROVED_ON = date(2026, 3, 11)


def transferred() -> Given:
    case = transfer_case()
    case.when(approve_bankruptcy_transfer(), at=APPROVED_ON).then()
    return case


def test_a_transfer_needs_a_company_respondent() -> None:
    case = given(filed(on=MAR_2, respondents=COMPANY_AND_PERSON))
    case.when(propose_bankruptcy_transfer("R2")).then_rejected("bankruptcy.not_company")
    case.when(propose_bankruptcy_transfer("A1")).then_rejected("bankruptcy.not_company")


def test_a_transfer_needs_the_consent_of_an_applicant_or_the_respondent() -> None:
    case = given(filed(on=MAR_2, respondents=COMPANY_AND_PERSON))
    case.when(propose_bankruptcy_transfer("R1", "X9")).then_rejected("bankruptcy.no_consent")
    case.when(propose_bankruptcy_transfer("R1", "R1")).then(events=["bankruptcy_transfer_proposed"])
    case.when(propose_bankruptcy_transfer("R1", "A1")).then_rejected("bankruptcy.in_progress")
    given(filed(on=MAR_2)).when(propose_bankruptcy_transfer("R1", "A1")).then(
        events=["bankruptcy_transfer_proposed"]
    )


def test_a_co_respondent_cannot_consent_for_the_company() -> None:
    # 民诉法解释 art. 511: "申请执行人之一或者被执行人同意" - the respondent is the company
    # whose case is transferred; a co-debtor (R2, a person) is neither.
    given(filed(on=MAR_2, respondents=COMPANY_AND_PERSON)).when(
        propose_bankruptcy_transfer("R1", "R2")
    ).then_rejected("bankruptcy.no_consent")


def test_only_a_judge_approves_a_proposed_transfer() -> None:
    given(filed(on=MAR_2, **OLD_RULES)).when(approve_bankruptcy_transfer()).then_rejected(
        "bankruptcy.not_proposed"
    )
    transfer_case().when(approve_bankruptcy_transfer(), actor=OFFICER).then_rejected(
        "auth.forbidden"
    )


def test_approval_stops_disposal_keeps_freezes_and_opens_service_and_acceptance() -> None:
    case = transfer_case()
    live = latest_auction(case.state, "RE-1").auction_id
    then = case.when(approve_bankruptcy_transfer(), at=APPROVED_ON).then()
    types = _types(then.new_events)
    assert types[:2] == ["bankruptcy_transfer_approved", "auction_cancelled"]
    assert then.event("auction_cancelled").auction_id == live
    s = then.state
    assert s.status == "transferred" and snapshot(s).status == "transferred"
    assert latest_auction(s, "RE-1").outcome == "cancelled"
    # the seal stays and its expiry is still watched
    assert control_of(s, "RE-1").in_force
    assert deadline(s, "freeze.expiry", "RE-1").state == "open"
    assert deadline(s, "freeze.expiry", "RE-1").paused_on is None
    assert deadline(s, "valuation.validity", "RE-1").state == "waived"
    serve = deadline(s, "bankruptcy.serve_decision")
    acceptance = deadline(s, "bankruptcy.acceptance")
    assert (serve.due_on, serve.state) == (_days(APPROVED_ON, 5), "open")
    assert (acceptance.due_on, acceptance.state) == (_days(APPROVED_ON, 30), "open")
    decisions = {
        d.document_id: d.party_id
        for d in s.documents.values()
        if d.kind == "bankruptcy_transfer_decision"
    }
    assert decisions == {"ZP-A1": "A1", "ZP-R1": "R1", "ZP-R2": "R2"}
    # the time limit stands still while the receiving court examines the case
    assert s.time_limit_pause_reasons() == ["bankruptcy_transfer"]
    assert deadline(s, "case.time_limit").paused_on == ROUND1_ON
    case.when(schedule_auction("RE-1", START1, date(2026, 5, 1))).then_rejected("stage.not_allowed")


def test_approval_cancels_an_open_sale() -> None:
    case = failed_twice(**OLD_RULES)
    case.when(start_sale("RE-1", START2), at=date(2026, 5, 6)).then()
    case.when(propose_bankruptcy_transfer(), at=date(2026, 5, 7)).then()
    then = case.when(approve_bankruptcy_transfer(), at=date(2026, 5, 8)).then()
    assert then.event("sale_ended").outcome == "cancelled"
    assert deadline(then.state, "sale.period", "RE-1").state == "waived"
    assert control_of(then.state, "RE-1").in_force


def test_a_rejected_transfer_of_a_suspended_case_leaves_no_deadline_paused_for_ever() -> None:
    # approved while suspended, rejected: the case comes back active (or suspended again), but
    # never active with deadlines still frozen by a suspension nobody can lift any more.
    case = given(
        filed(on=MAR_2, **OLD_RULES),
        suspend().on(date(2026, 3, 5)),
        propose_bankruptcy_transfer().on(date(2026, 3, 6)),
        approve_bankruptcy_transfer().on(date(2026, 3, 10)),
    )
    then = case.when(record_bankruptcy_decision("rejected"), at=date(2026, 4, 20)).then()
    s = then.state
    frozen = [d.rule for d in s.open_deadlines() if d.paused_on is not None]
    assert s.status == "suspended" or not frozen, (
        f"status {s.status}, yet {frozen} stay paused since {s.suspended_on}"
    )


def test_serving_every_transfer_decision_meets_the_service_deadline() -> None:
    case = transferred()
    served_on = date(2026, 3, 12)
    for document_id in ("ZP-A1", "ZP-R1"):
        case.when(record_service(document_id, served_on), at=served_on).then(
            events=["document_served"]
        )
    case.when(record_service("ZP-R2", served_on), at=served_on).then(
        events=["document_served", "deadline_met"]
    )
    assert deadline(case.state, "bankruptcy.serve_decision").state == "met"


def test_a_freeze_can_be_renewed_while_the_receiving_court_examines_the_case() -> None:
    # 指导意见: the enforcement court keeps the measures and renews them meanwhile
    case = transferred()
    case.when(renew_freeze("RE-1", 1000), at=date(2026, 3, 20)).then(events=["renewal_requested"])
    case.when(confirm_freeze("RE-1"), at=date(2026, 3, 21)).then(
        state=lambda s: control_of(s, "RE-1").renewals == 1
    )


def test_the_receiving_courts_silence_escalates() -> None:
    case = transferred()
    due_at = deadline(case.state, "bankruptcy.acceptance").due_at
    assert due_at == day_end(date(2026, 4, 10))  # 03-11 + 30
    case.when(later(due_at + timedelta(days=10))).then()
    escalations = [
        (e.level, e.at - due_at, e.notify_role)
        for e in case.state.escalations
        if e.rule == "bankruptcy.acceptance"
    ]
    assert escalations == [
        (1, timedelta(0), "officer"),
        (2, timedelta(days=3), "bureau_head"),
        (3, timedelta(days=10), "higher_court"),
    ]
    assert deadline(case.state, "bankruptcy.acceptance").state == "overdue"


def test_rejection_resumes_enforcement_and_the_case_cannot_be_transferred_again() -> None:
    case = transferred()
    rejected_on = date(2026, 4, 20)
    case.when(record_bankruptcy_decision("declared_bankrupt"), at=rejected_on).then_rejected(
        "bankruptcy.unexpected_decision"
    )
    then = case.when(record_bankruptcy_decision("rejected"), at=rejected_on).then()
    assert _types(then.new_events)[:2] == ["bankruptcy_decided", "deadline_met"]
    assert "time_limit_running" in _types(then.new_events)
    s = then.state
    assert (s.status, s.bankruptcy.state) == ("active", "rejected")  # type: ignore[union-attr]
    assert deadline(s, "bankruptcy.acceptance").state == "met"
    assert s.time_limit_paused_on is None
    case.when(record_bankruptcy_decision("accepted"), at=rejected_on).then_rejected(
        "stage.not_allowed"
    )
    case.when(propose_bankruptcy_transfer(), at=rejected_on).then_rejected(
        "bankruptcy.already_rejected"
    )
    # disposal continues where it stopped: a new first round on the still valid price
    case.when(
        schedule_auction("RE-1", START1, rejected_on + timedelta(days=30)), at=rejected_on
    ).then(state=lambda s: latest_auction(s, "RE-1").outcome == "scheduled")


def test_acceptance_then_bankruptcy_closes_the_case_and_releases_the_assets() -> None:
    case = transferred()
    case.when(record_bankruptcy_decision("accepted"), at=date(2026, 4, 1)).then(
        events=["bankruptcy_decided", "deadline_met"]
    )
    assert case.state.status == "transferred"
    case.when(record_bankruptcy_decision("accepted"), at=date(2026, 4, 2)).then_rejected(
        "bankruptcy.unexpected_decision"
    )
    then = case.when(record_bankruptcy_decision("declared_bankrupt"), at=date(2026, 6, 1)).then()
    assert "asset_released" in _types(then.new_events)
    closed = then.event("case_closed")
    assert closed.outcome == "bankruptcy"
    s = then.state
    assert (s.status, s.bankruptcy.state) == ("closed", "declared_bankrupt")  # type: ignore[union-attr]
    assert s.assets["RE-1"].disposition == "released"
    assert control_of(s, "RE-1").state == "released"
    assert not s.open_deadlines()
    case.when(record_bankruptcy_decision("declared_bankrupt")).then_rejected("stage.not_allowed")


def test_a_second_auction_past_the_validity_stands_when_the_first_was_announced_in_time() -> None:
    """参考价规定 art. 27 ¶3 (DOMAIN-2 `valuation.validity.grace`, issue 14, edition 3): the
    first auction is announced 10 days before the price's validity ends and fails after it; the
    re-auction (within the 30 days `auction.relist` allows) may still rely on the price, which
    is less than 6 months past its validity. Before edition 3 it was refused as expired."""

    def first_round_late(**filing: Any) -> Given:
        case = priced(**filing)
        valid_until = case.state.assets["RE-1"].valuation.valid_until  # type: ignore[union-attr]
        assert valid_until is not None and valid_until.year == 2027  # a year from 2026-03-04
        announced = valid_until - timedelta(days=10)
        bids = announced + (ROUND1_BIDS - ROUND1_ON)  # the notice period the stories use
        case.when(later(announced, ticking=False)).then()
        case.when(schedule_auction("RE-1", START1, bids), at=announced).then()
        ended = bids + timedelta(days=1)
        case.when(later(ended, ticking=False)).then()
        case.when(record_auction_result("RE-1", "failed"), at=ended).then()
        assert ended > valid_until
        return case

    case = first_round_late()
    ended = case.scenario.clock.date()
    second = schedule_auction("RE-1", START2, ended + (ROUND2_BIDS - ROUND1_ENDS))
    case.when(second, at=ended).then()  # the price still carries the re-auction

    old = first_round_late(edition=COURTS)
    old.when(second, at=ended).then_rejected("disposal.reference_price_expired")
