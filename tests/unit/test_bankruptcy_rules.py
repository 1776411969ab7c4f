"""执转破 under edition 2 (issue 17), rule by rule: DOMAIN-2 §5 and §13 item 3.

The standard story: filed Mon 2026-06-01 against a company (R1). A deposit (AC-1) is frozen and
a flat (RE-1) sealed, both confirmed that day. The officer proposes the transfer on Tue 09-01
with the applicant's consent, the collegial panel (合议庭) agrees on Thu 09-03, the president
signs the transfer decision on Fri 09-04, and the receiving court (京01) receives the materials
on Thu 09-10.

2026 holidays used below (chinese-calendar, tests/unit/test_calendar.py): Mid-autumn Fri 09-25;
National Day Thu 10-01 to Wed 10-07, make-up working days Sun 09-20 and **Sat 10-10**.

The rules of edition 1 (one judge approves, the 30 days from the approval) are tested in
test_disposal_rules.py on cases filed under edition 1.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from domain.commands import CollegialPanel
from domain.editions import BASELINE
from domain.snapshot import snapshot
from domain.state import CaseState
from tests.unit.gwt import (
    INTEGRATION,
    JUDGE,
    OFFICER,
    PRESIDENT,
    Given,
    Step,
    agree_bankruptcy_transfer,
    approve_bankruptcy_transfer,
    approve_distribution,
    asset_found,
    confirm_freeze,
    control_of,
    deadline,
    filed,
    freeze_asset,
    given,
    later,
    propose_bankruptcy_transfer,
    ready_for_termination,
    record_bankruptcy_decision,
    record_bankruptcy_materials_received,
    record_funds_received,
    record_payout,
    release_asset,
    renew_freeze,
    schedule_auction,
    sign_bankruptcy_transfer,
    start_sale,
    terminate,
)

FILED_ON = date(2026, 6, 1)  # a Monday
PROPOSED_ON = date(2026, 9, 1)
AGREED_ON = date(2026, 9, 3)
SIGNED_ON = date(2026, 9, 4)  # a Friday
RECEIVED_ON = date(2026, 9, 10)  # a Thursday
OLD_RULES = {"edition": BASELINE, "court_chain": ()}


def _types(events: list[Any]) -> list[str]:
    return [e.type for e in events]


def _measures() -> list[Step]:
    """AC-1 (deposit) frozen for a year and RE-1 (flat) sealed for three, confirmed at once."""
    return [
        asset_found("AC-1", kind="bank_deposit", value_fen=5_000_000),
        freeze_asset("AC-1", 365),
        confirm_freeze("AC-1"),
        asset_found("RE-1", kind="real_estate"),
        freeze_asset("RE-1", 1000),
        confirm_freeze("RE-1"),
    ]


def proposed(*steps: Step, **filing: Any) -> Given:
    return given(
        filed(on=FILED_ON, **filing),
        *_measures(),
        *steps,
        propose_bankruptcy_transfer().on(PROPOSED_ON),
    )


def decided(*steps: Step) -> Given:
    """Proposed, agreed by the panel and signed by the president."""
    case = proposed(*steps)
    case.when(agree_bankruptcy_transfer(), at=AGREED_ON).then()
    case.when(sign_bankruptcy_transfer(), at=SIGNED_ON).then()
    return case


def received(*steps: Step) -> Given:
    case = decided(*steps)
    case.when(record_bankruptcy_materials_received(RECEIVED_ON), at=RECEIVED_ON).then()
    return case


# ======================================================== bankruptcy.transfer.decision


def test_a_single_judges_approval_is_refused_for_an_edition_2_case() -> None:
    """`bankruptcy.transfer.decision`: 经合议庭评议同意后，由执行法院院长签署移送决定."""
    case = proposed()
    case.when(approve_bankruptcy_transfer(), actor=JUDGE).then_rejected("bankruptcy.panel_required")
    case.when(approve_bankruptcy_transfer(), actor=PRESIDENT).then_rejected(
        "bankruptcy.panel_required"
    )
    assert case.state.status == "active" and case.state.bankruptcy is not None
    assert case.state.bankruptcy.state == "proposed"


def test_the_panel_agrees_then_the_president_signs_the_decision() -> None:
    """`bankruptcy.transfer.decision`: officer proposes → panel agrees → president signs."""
    case = proposed()
    # the president cannot sign what no panel has agreed to
    case.when(sign_bankruptcy_transfer(), at=AGREED_ON).then_rejected("bankruptcy.not_agreed")
    agreed = case.when(agree_bankruptcy_transfer(), at=AGREED_ON).then(
        events=["bankruptcy_transfer_agreed"]
    )
    transfer = agreed.state.bankruptcy
    assert transfer is not None
    assert (transfer.state, transfer.panel, transfer.agreed_on) == (
        "agreed",
        ["u-judge-1", "u-judge-2", "u-judge-3"],
        AGREED_ON,
    )
    assert agreed.state.status == "active"  # nothing is decided yet
    # the agreement is the panel's: it does not decide, and it is given once
    case.when(agree_bankruptcy_transfer(), at=AGREED_ON).then_rejected("bankruptcy.not_proposed")
    case.when(sign_bankruptcy_transfer(), actor=JUDGE, at=SIGNED_ON).then_rejected("auth.forbidden")
    signed = case.when(sign_bankruptcy_transfer(), at=SIGNED_ON).then()
    types = _types(signed.new_events)
    assert types[0] == "bankruptcy_transfer_approved" and "notice_issued" in types
    assert signed.event("bankruptcy_transfer_approved").actor == PRESIDENT
    s = signed.state
    assert s.status == "transferred"
    assert s.bankruptcy is not None and s.bankruptcy.state == "approved"
    assert (s.bankruptcy.receiving_court_code, s.bankruptcy.approved_on) == ("京01", SIGNED_ON)
    # served within 5 days (`bankruptcy.serve_decision`): Fri 09-04 + 5 = Wed 09-09
    assert deadline(s, "bankruptcy.serve_decision").due_on == date(2026, 9, 9)
    # no acceptance clock yet: it waits for the receipt of the materials
    assert not [d for d in s.deadlines.values() if d.rule == "bankruptcy.acceptance"]


def test_only_the_presiding_judge_records_the_panels_agreement() -> None:
    """`bankruptcy.transfer.decision`: the panel's decision is its presiding judge's command."""
    case = proposed()
    case.when(agree_bankruptcy_transfer(), actor=OFFICER).then_rejected("auth.forbidden")
    case.when(agree_bankruptcy_transfer(), actor=PRESIDENT).then_rejected("auth.forbidden")
    case.when(agree_bankruptcy_transfer("u-judge-2", "u-judge-1", "u-judge-3")).then_rejected(
        "bankruptcy.not_presiding"
    )
    case.when(
        agree_bankruptcy_transfer("u-judge-1", "u-judge-2", "u-judge-3", "u-judge-4", "u-judge-5")
    ).then(events=["bankruptcy_transfer_agreed"])
    with pytest.raises(ValidationError):  # a panel is 3, 5 or 7 distinct judges
        CollegialPanel(members=["u-judge-1", "u-judge-2"])


def test_an_edition_1_case_keeps_the_judges_approval() -> None:
    """Edition 1 keeps its rules: no panel step, a judge approves (`bankruptcy.transfer.decision`
    applies from edition 2)."""
    case = proposed(**OLD_RULES)
    case.when(agree_bankruptcy_transfer()).then_rejected("bankruptcy.old_rules")
    then = case.when(approve_bankruptcy_transfer(), at=SIGNED_ON).then()
    assert then.state.status == "transferred"
    # ... and its acceptance clock still runs from the approval: 09-04 + 30 = Sun 10-04, inside
    # National Day (10-01..10-07) -> Thu 10-08
    assert deadline(then.state, "bankruptcy.acceptance").due_on == date(2026, 10, 8)
    case.when(record_bankruptcy_materials_received()).then_rejected("bankruptcy.old_rules")


# ======================================================== bankruptcy.acceptance


def test_the_30_days_run_from_the_receipt_of_the_materials() -> None:
    """`bankruptcy.acceptance` (民诉法解释 art. 512): 自收到执行案件相关材料之日起三十日内.

    Received Thu 2026-09-10. Day 1 is 09-11 (the day of receipt is not counted): 09-11..09-30
    is 20 days, 10-01..10-10 another 10, so day 30 is Sat 10-10. That Saturday is a make-up
    working day (调休上班) after National Day, not a rest day: the period ends on it.
    Counted from the decision (Fri 09-04) it would have ended on Sun 10-04, inside National Day,
    rolled to Thu 10-08: two days early.
    """
    case = decided()
    then = case.when(record_bankruptcy_materials_received(RECEIVED_ON), at=RECEIVED_ON).then(
        events=["bankruptcy_materials_received", "deadline_opened"]
    )
    acceptance = deadline(then.state, "bankruptcy.acceptance")
    assert (acceptance.due_on, acceptance.state) == (date(2026, 10, 10), "open")
    assert acceptance.responsible_role == "receiving_court"
    assert then.state.bankruptcy is not None
    assert then.state.bankruptcy.materials_received_on == RECEIVED_ON
    case.when(record_bankruptcy_materials_received(RECEIVED_ON)).then_rejected(
        "bankruptcy.materials_already_received"
    )


def test_materials_received_over_national_day_roll_past_it() -> None:
    """`bankruptcy.acceptance`: received Tue 09-01 (decision signed the same day): 09-02..09-30
    is 29 days, day 30 is Thu 10-01, the first day of National Day (10-01..10-07): the period
    ends on the first day after the holiday, Thu 10-08."""
    case = given(
        filed(on=FILED_ON),
        propose_bankruptcy_transfer().on(date(2026, 8, 28)),
        agree_bankruptcy_transfer().on(date(2026, 8, 31)),
        sign_bankruptcy_transfer().on(date(2026, 9, 1)),
    )
    then = case.when(record_bankruptcy_materials_received(), at=date(2026, 9, 1)).then()
    assert deadline(then.state, "bankruptcy.acceptance").due_on == date(2026, 10, 8)


def test_the_receipt_is_neither_before_the_decision_nor_in_the_future() -> None:
    """`bankruptcy.acceptance`: the trigger is a receipt after the transfer decision."""
    case = decided()
    case.when(record_bankruptcy_materials_received(date(2026, 9, 3)), at=RECEIVED_ON).then_rejected(
        "bankruptcy.received_before_decision"
    )
    case.when(
        record_bankruptcy_materials_received(date(2026, 9, 11)), at=RECEIVED_ON
    ).then_rejected("date.in_future")
    proposed().when(record_bankruptcy_materials_received()).then_rejected("stage.not_allowed")


def test_the_receiving_court_rules_only_on_materials_it_received() -> None:
    """`bankruptcy.acceptance`: it rules within 30 days of receiving the materials; not before."""
    case = decided()
    case.when(record_bankruptcy_decision("accepted"), at=RECEIVED_ON).then_rejected(
        "bankruptcy.materials_not_received"
    )
    case.when(record_bankruptcy_decision("rejected"), at=RECEIVED_ON).then_rejected(
        "bankruptcy.materials_not_received"
    )
    assert "record_bankruptcy_decision" not in snapshot(case.state).allowed_commands
    case.when(record_bankruptcy_materials_received(RECEIVED_ON), at=date(2026, 9, 14)).then()
    assert "record_bankruptcy_decision" in snapshot(case.state).allowed_commands
    case.when(
        record_bankruptcy_decision("accepted", decided_on=date(2026, 9, 9)), at=date(2026, 9, 14)
    ).then_rejected("bankruptcy.ruled_before_receipt")
    then = case.when(record_bankruptcy_decision("accepted"), at=date(2026, 9, 14)).then()
    assert deadline(then.state, "bankruptcy.acceptance").state == "met"


def test_the_receiving_courts_silence_escalates_from_the_due_day_counted_from_receipt() -> None:
    """`bankruptcy.acceptance`: due Sat 10-10 (see above); level 1 the day after it ends."""
    case = received()
    case.when(later(date(2026, 10, 10))).then()
    assert deadline(case.state, "bankruptcy.acceptance").escalation_level == 0
    case.when(later(date(2026, 10, 11))).then()
    assert deadline(case.state, "bankruptcy.acceptance").escalation_level == 1


# ======================================================== enforcement suspended (art. 511)


def _paying() -> list[Step]:
    """1,000 yuan arrive on 08-03 and a plan pays them to A1 (the order is out at the treasury)."""
    return [
        record_funds_received(100_000).on(date(2026, 8, 3)),
        approve_distribution({"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000}),
    ]


def test_no_payout_between_the_decision_and_the_outcome() -> None:
    """`bankruptcy.transfer.conditions` (解释 art. 511: 裁定中止对该被执行人的执行) and
    `bankruptcy.other_courts` (proceeds are not distributed): from the decision to the outcome
    the court pays nothing out."""
    before = proposed(*_paying())
    # before the decision the plan is still paid
    before.when(record_payout(), at=AGREED_ON).then(events=["payout_recorded", "deadline_met"])

    case = decided(*_paying())
    case.when(record_payout(), at=SIGNED_ON).then_rejected("bankruptcy.payouts_suspended")
    case.when(record_bankruptcy_materials_received(RECEIVED_ON), at=RECEIVED_ON).then()
    case.when(record_bankruptcy_decision("accepted"), at=RECEIVED_ON).then()
    case.when(record_payout(), at=RECEIVED_ON).then_rejected("bankruptcy.payouts_suspended")
    assert case.state.held_fen == 100_000  # for the bankruptcy court


def test_the_treasurys_receipt_for_an_order_sent_before_the_decision_is_recorded() -> None:
    """`bankruptcy.transfer.conditions`: the court stops paying, but money the treasury already
    paid on an order sent before the decision has left the account: its receipt is a fact."""
    case = decided(*_paying())
    case.when(record_payout(), actor=INTEGRATION, at=SIGNED_ON).then(
        events=["payout_recorded", "deadline_met"]
    )
    assert case.state.held_fen == 0


def test_payouts_resume_with_enforcement_after_a_rejection() -> None:
    """`bankruptcy.rejected`: 不受理破产案件的，执行法院应当恢复执行."""
    case = received(*_paying())
    case.when(record_bankruptcy_decision("rejected"), at=date(2026, 9, 14)).then()
    case.when(record_payout(), at=date(2026, 9, 14)).then(
        events=["payout_recorded", "deadline_met"]
    )


def test_an_edition_1_case_still_pays_out_while_transferred() -> None:
    """Edition 1 keeps its rules (payouts went on during a transfer)."""
    case = proposed(*_paying(), **OLD_RULES)
    case.when(approve_bankruptcy_transfer(), at=SIGNED_ON).then()
    case.when(record_payout(), at=SIGNED_ON).then(events=["payout_recorded", "deadline_met"])


def test_no_disposal_between_the_decision_and_the_outcome() -> None:
    """`bankruptcy.transfer.conditions` (解释 art. 511: 中止执行): no auction, sale or in-kind
    satisfaction from the decision to the outcome, before and after acceptance. (The perishable
    goods 指导意见 art. 8 lets the court still sell, `bankruptcy.other_courts`, are left out.)"""
    case = decided()
    auction = schedule_auction("RE-1", 56_000_000, date(2026, 10, 20))
    for step in (auction, start_sale("RE-1", 50_000_000)):
        case.when(step, at=SIGNED_ON).then_rejected("stage.not_allowed")
    case.when(record_bankruptcy_materials_received(RECEIVED_ON), at=RECEIVED_ON).then()
    case.when(record_bankruptcy_decision("accepted"), at=RECEIVED_ON).then()
    case.when(auction, at=RECEIVED_ON).then_rejected("stage.not_allowed")


# ======================================================== the measures


def test_the_decision_lifts_no_measure_and_renewals_go_on() -> None:
    """`bankruptcy.freeze_continuity` (指导意见 art. 9): between the decision and acceptance the
    seals are not lifted; the enforcement court renews them."""
    case = received()
    s = case.state
    for asset_id in ("AC-1", "RE-1"):
        assert control_of(s, asset_id).in_force
        assert deadline(s, "freeze.expiry", asset_id).state == "open"
    assert "asset_released" not in _types(case.scenario.events)
    case.when(renew_freeze("AC-1", 365), at=date(2026, 9, 15)).then(events=["renewal_requested"])
    case.when(confirm_freeze("AC-1"), at=date(2026, 9, 16)).then(
        state=lambda s: control_of(s, "AC-1").renewals == 1
    )


def test_acceptance_lifts_every_measure_still_in_force() -> None:
    """`bankruptcy.release_on_acceptance` (解释 art. 513; 企业破产法 art. 19): 裁定受理破产案件的，
    执行法院应当解除对被执行人财产的保全措施 - every freeze, seal and seizure in force or asked
    for, each through its own release; nothing else."""
    case = received(
        asset_found("VH-1", kind="vehicle"),
        freeze_asset("VH-1", 700, measure="seize"),  # asked for, not yet confirmed
        asset_found("MV-1", kind="movable"),  # found, never controlled
        asset_found("AC-2", kind="bank_deposit"),
        freeze_asset("AC-2", 365),
        confirm_freeze("AC-2"),
        release_asset("AC-2", "错误冻结"),
    )
    then = case.when(record_bankruptcy_decision("accepted"), at=date(2026, 9, 14)).then()
    released = [e.asset_id for e in then.new_events if e.type == "asset_released"]
    assert sorted(released) == ["AC-1", "RE-1", "VH-1"]
    s = then.state
    assert all(control_of(s, asset_id).state == "released" for asset_id in released)
    assert deadline(s, "freeze.expiry", "RE-1").state == "met"  # nothing left to renew
    assert not [d for d in s.open_deadlines() if d.rule == "freeze.expiry"]
    assert s.assets["MV-1"].disposition == "open"
    # enforcement stays suspended until bankruptcy is declared
    assert s.status == "transferred" and s.bankruptcy is not None
    assert s.bankruptcy.state == "accepted"


def test_bankruptcy_declared_terminates_enforcement() -> None:
    """`bankruptcy.declared` (解释 art. 513 ¶1): 裁定宣告被执行人破产的，执行法院应当裁定终结."""
    case = received(asset_found("MV-1", kind="movable"))
    case.when(record_bankruptcy_decision("accepted"), at=date(2026, 9, 14)).then()
    then = case.when(record_bankruptcy_decision("declared_bankrupt"), at=date(2026, 11, 2)).then()
    assert [e.asset_id for e in then.new_events if e.type == "asset_released"] == ["MV-1"]
    assert then.event("case_closed").outcome == "bankruptcy"
    assert then.state.status == "closed" and not then.state.open_deadlines()


# ======================================================== rejection


def test_a_rejection_resumes_enforcement_and_no_second_transfer() -> None:
    """`bankruptcy.rejected` (解释 art. 513 ¶2) and `bankruptcy.no_retransfer` (指导意见 art. 19:
    人民法院不得重复启动执行案件移送破产审查程序)."""
    case = received()
    then = case.when(record_bankruptcy_decision("rejected"), at=date(2026, 9, 30)).then()
    s = then.state
    assert s.status == "active" and s.bankruptcy is not None and s.bankruptcy.state == "rejected"
    assert control_of(s, "RE-1").in_force  # nothing was lifted
    case.when(propose_bankruptcy_transfer(), at=date(2026, 9, 30)).then_rejected(
        "bankruptcy.already_rejected"
    )
    case.when(agree_bankruptcy_transfer(), at=date(2026, 9, 30)).then_rejected(
        "bankruptcy.not_proposed"
    )


# ======================================================== bankruptcy.from_dormant

TERMINATED_ON = date(2026, 9, 2)  # more than three months after 06-01


def dormant(**filing: Any) -> Given:
    case = given(filed(on=FILED_ON, **filing), *ready_for_termination(), at=TERMINATED_ON)
    case.when(terminate()).then(state=lambda s: s.status == "dormant")
    return case


def test_a_transfer_is_proposed_from_a_dormant_case() -> None:
    """`bankruptcy.from_dormant`: 终本 cases are the main source of transfers."""
    case = dormant()
    case.when(propose_bankruptcy_transfer(), at=date(2026, 9, 7)).then(
        events=["bankruptcy_transfer_proposed"]
    )
    case.when(agree_bankruptcy_transfer(), at=date(2026, 9, 8)).then()
    then = case.when(sign_bankruptcy_transfer(), at=date(2026, 9, 9)).then()
    assert then.state.status == "transferred"
    # the six-monthly re-search of a 终本 case stops while the receiving court examines it
    assert deadline(then.state, "dormant.requery").state == "waived"


def test_an_edition_1_dormant_case_cannot_be_transferred() -> None:
    """Edition 1 keeps its rules: `bankruptcy.from_dormant` applies from edition 2."""
    dormant(**OLD_RULES).when(propose_bankruptcy_transfer()).then_rejected("stage.not_allowed")


def test_a_refused_transfer_of_a_dormant_case_leaves_it_dormant_and_searched_again() -> None:
    """`bankruptcy.rejected` + `bankruptcy.from_dormant`: enforcement resumes where the transfer
    found it, a 终本 case (its six-monthly re-search runs again, from the rejection); and
    `bankruptcy.no_retransfer`."""
    case = dormant()
    for step, on in (
        (propose_bankruptcy_transfer(), date(2026, 9, 7)),
        (agree_bankruptcy_transfer(), date(2026, 9, 8)),
        (sign_bankruptcy_transfer(), date(2026, 9, 9)),
        (record_bankruptcy_materials_received(), date(2026, 9, 14)),
    ):
        case.when(step, at=on).then()
    then = case.when(record_bankruptcy_decision("rejected"), at=date(2026, 10, 9)).then()
    s: CaseState = then.state
    assert s.status == "dormant"
    # 10-09 + 6 months = Fri 2027-04-09 (2027 is not announced: provisional)
    requery = deadline(s, "dormant.requery")
    assert (requery.state, requery.due_on) == ("open", date(2027, 4, 9))
    case.when(propose_bankruptcy_transfer(), at=date(2026, 10, 9)).then_rejected(
        "bankruptcy.already_rejected"
    )
