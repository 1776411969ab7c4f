"""执行异议 (domain/objections.py), rule by rule, each test citing its DOMAIN-2 row (§§1-2, and
`valuation.objection.scope` of §11). Due dates are counted by hand from the rule and the 2026
holidays: Spring Festival 02-15..02-23, Labour Day 05-01..05-05, Mid-Autumn 09-25..09-27,
National Day 10-01..10-07 (make-up working days Sun 09-20 and Sat 10-10). A period starts the
next day; a last day that is a rest day moves to the first working day after it (`time.counting`).

The case: filed Mon 2026-03-02, the respondent's flat RE-1 sealed that day and priced by online
inquiry on Wed 03-04 (800,000 yuan); a frozen deposit BD-1 of 200,000 yuan. Its officer is
u-officer-1 and its judge u-judge-1: neither may sit on an objection's panel.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.commands import Actor
from domain.snapshot import snapshot
from domain.state import CaseState
from tests.unit.gwt import (
    COURT,
    JUDGE,
    OFFICER,
    Do,
    Given,
    asset_found,
    confirm_freeze,
    day_end,
    deadline,
    deduct_funds,
    filed,
    freeze_asset,
    given,
    later,
    record_auction_result,
    record_valuation,
    release_asset,
    schedule_auction,
    sealed_real_estate,
    start_valuation,
)

PRESIDING = Actor(user_id="u-judge-2", role="judge", court_code=COURT)
PANEL = ["u-judge-2", "u-judge-3", "u-judge-4"]
MAR_2 = date(2026, 3, 2)
PRICED_ON = date(2026, 3, 4)
REF = 80_000_000
START1 = 56_000_000  # 70% of REF


def _do(default: Actor = OFFICER, **fields: Any) -> Do:
    return Do(lambda state, today: dict(fields), default)


def file_objection(
    objection_id: str,
    kind: str,
    received_on: date,
    asset_id: str | None = None,
    objector: str = "赵六",
    **extra: Any,
) -> Do:
    return _do(
        type="file_objection",
        objection_id=objection_id,
        kind=kind,
        objector=objector,
        received_on=received_on,
        grounds="该房屋系案外人所有" if kind == "third_party" else "查封超标的",
        asset_id=asset_id,
        **extra,
    )


def register(objection_id: str, accepted: bool = True, reason: str = "") -> Do:
    return _do(
        type="register_objection", objection_id=objection_id, accepted=accepted, reason=reason
    )


def rule(objection_id: str, outcome: str, served_on: date, panel: list[str] = PANEL) -> Do:
    return _do(
        PRESIDING,
        type="rule_on_objection",
        objection_id=objection_id,
        outcome=outcome,
        panel={"members": panel},
        served_on=served_on,
        reasons="经合议庭审查",
    )


def apply_for_reconsideration(objection_id: str, applied_on: date) -> Do:
    return _do(
        type="apply_for_reconsideration",
        objection_id=objection_id,
        applicant="北京某某科技有限公司",
        applied_on=applied_on,
        grounds="不服异议裁定",
    )


def extend_reconsideration(objection_id: str, days: int) -> Do:
    return _do(
        type="extend_reconsideration",
        objection_id=objection_id,
        days=days,
        approval_no="（2026）京01执复延1号",
    )


def reconsideration_decided(objection_id: str, decided_on: date, outcome: str = "affirmed") -> Do:
    return _do(
        type="record_reconsideration_decision",
        objection_id=objection_id,
        outcome=outcome,
        decided_on=decided_on,
        reasons="复议审查",
    )


def suit(objection_id: str, filed_on: date) -> Do:
    return _do(
        type="record_objection_suit",
        objection_id=objection_id,
        filed_on=filed_on,
        suit_case_number="(2026)京0105民初88号",
    )


def judgment(objection_id: str, outcome: str, judged_on: date) -> Do:
    return _do(
        type="record_suit_judgment",
        objection_id=objection_id,
        judgment=outcome,
        judged_on=judged_on,
    )


def _priced(on: date = MAR_2) -> list[Any]:
    return [
        filed(on=on),
        *sealed_real_estate("RE-1"),
        asset_found("BD-1", kind="bank_deposit", value_fen=20_000_000),
        freeze_asset("BD-1", 300),
        confirm_freeze("BD-1"),
        start_valuation("RE-1", "online_inquiry"),
        record_valuation("RE-1", REF).on(PRICED_ON),
    ]


def priced(*more: Any) -> Given:
    return given(*_priced(), *more)


def due(state: CaseState, rule_id: str, subject: str) -> date:
    return deadline(state, rule_id, subject).due_on


def auction(on: date) -> Do:
    """Round 1, announced ``on``: bidding 40 days later (an immovable needs 30 days' notice)."""
    return schedule_auction("RE-1", START1, date.fromordinal(on.toordinal() + 40)).on(on)


# -- 执行行为异议 --------------------------------------------------------------------------------


def test_an_act_objection_is_registered_within_3_days_and_ruled_on_within_15() -> None:
    """`objection.act.register`, `objection.act.review`. Received Thu 04-30: register by
    04-30 + 3 = Sun 05-03, in Labour Day (05-01..05-05) → Wed 05-06; rule by 04-30 + 15 =
    Fri 05-15, a working day."""
    case = priced().when(file_objection("OB-1", "act", date(2026, 4, 30)), at=date(2026, 4, 30))
    case.then(events=["objection_filed", "deadline_opened", "deadline_opened"])
    assert due(case.state, "objection.act.register", "OB-1") == date(2026, 5, 6)
    assert due(case.state, "objection.act.review", "OB-1") == date(2026, 5, 15)
    registered = Given(case.scenario).when(register("OB-1"), at=date(2026, 5, 6))
    registered.then(events=["objection_registered", "deadline_met"])
    view = snapshot(registered.state).objections[0]
    assert (view.objection_id, view.kind, view.state) == ("OB-1", "act", "registered")
    assert {d.rule for d in view.deadlines} == {"objection.act.register", "objection.act.review"}
    ruled = Given(registered.scenario).when(
        rule("OB-1", "rejected", date(2026, 5, 15)), at=date(2026, 5, 15)
    )
    ruled.then(events=["objection_ruled", "deadline_met", "deadline_opened"])
    assert deadline(ruled.state, "objection.act.review", "OB-1").state == "met"


def test_the_panel_excludes_the_cases_own_officers_and_is_recorded_by_its_presiding_judge() -> None:
    """`objection.act.review`: 执行程序解释 art. 5, "办理执行实施案件的人员不得参与"."""
    case = priced(file_objection("OB-1", "act", PRICED_ON).on(PRICED_ON))
    case.when(rule("OB-1", "upheld", PRICED_ON)).then_rejected("objection.not_under_review")
    registered = given(*_priced(), file_objection("OB-1", "act", PRICED_ON), register("OB-1"))
    with_officer = ["u-judge-2", "u-judge-1", "u-judge-3"]  # u-judge-1 is the case's judge
    error = registered.when(rule("OB-1", "upheld", PRICED_ON, with_officer)).then_rejected(
        "objection.panel.case_officer"
    )
    assert "u-judge-1" in error.zh and "执行程序解释第5条" in error.zh
    registered.when(rule("OB-1", "upheld", PRICED_ON), actor=JUDGE).then_rejected(
        "panel.not_presiding"
    )
    registered.when(rule("OB-1", "upheld", PRICED_ON), actor=OFFICER).then_rejected(
        "auth.forbidden"
    )


def test_an_objection_not_accepted_gives_its_reason_and_may_go_to_reconsideration() -> None:
    """`objection.act.register`: 不予受理 with a reason; its 复议 within 10 days. Refused Mon
    03-09: 03-09 + 10 = Thu 03-19."""
    case = priced(file_objection("OB-1", "act", PRICED_ON))
    refused = Given(case.scenario).when(
        register("OB-1", accepted=False, reason="异议人非利害关系人"), at=date(2026, 3, 9)
    )
    refused.then(
        events=["objection_registered", "deadline_met", "deadline_waived", "deadline_opened"]
    )
    o = refused.state.objections["OB-1"]
    assert (o.state, o.ruling, o.refusal_reason) == ("ruled", "not_accepted", "异议人非利害关系人")
    assert due(refused.state, "objection.act.reconsider.apply", "OB-1") == date(2026, 3, 19)


def test_enforcement_goes_on_during_an_act_objection() -> None:
    """`objection.act.no_stay`: 执行程序解释 art. 9, "执行异议审查和复议期间，不停止执行"."""
    case = priced(file_objection("OB-1", "act", PRICED_ON, asset_id="RE-1"))
    case.when(auction(date(2026, 3, 5))).then(
        events=["auction_scheduled", "deadline_met", "time_limit_paused"]
    )


def test_reconsideration_within_10_days_of_service_across_national_day() -> None:
    """`objection.act.reconsider.apply`. Served Tue 09-22: 09-22 + 10 = Fri 10-02, in National
    Day (10-01..10-07) → Thu 10-08. An application received 10-08 is in time; 10-09 is late;
    once 10-08 is over with none, the ruling stands."""
    ruled = given(
        *_priced(),
        file_objection("OB-1", "act", date(2026, 9, 15)).on(date(2026, 9, 15)),
        register("OB-1"),
        rule("OB-1", "rejected", date(2026, 9, 22)).on(date(2026, 9, 22)),
    )
    assert due(ruled.state, "objection.act.reconsider.apply", "OB-1") == date(2026, 10, 8)
    ruled.when(
        apply_for_reconsideration("OB-1", date(2026, 10, 9)), at=date(2026, 10, 9)
    ).then_rejected("objection.act.reconsider.late")
    ruled.when(apply_for_reconsideration("OB-1", date(2026, 10, 8)), at=date(2026, 10, 8)).then(
        events=["reconsideration_applied", "deadline_met", "deadline_opened"]
    )
    lapsed = Given(ruled.scenario).when(later(day_end(date(2026, 10, 8))))
    assert lapsed.state.objections["OB-1"].state == "reconsideration"  # nothing lapses


def test_a_ruling_stands_once_the_reconsideration_period_is_over() -> None:
    """`objection.act.reconsider.apply`: nothing applied by Thu 10-08 (as above)."""
    ruled = given(
        *_priced(),
        file_objection("OB-1", "act", date(2026, 9, 15)).on(date(2026, 9, 15)),
        register("OB-1"),
        rule("OB-1", "rejected", date(2026, 9, 22)).on(date(2026, 9, 22)),
        later(day_end(date(2026, 10, 8))),
    )
    o = ruled.state.objections["OB-1"]
    assert o.state == "closed"
    assert deadline(ruled.state, "objection.act.reconsider.apply", "OB-1").state == "waived"
    ruled.when(
        apply_for_reconsideration("OB-1", date(2026, 10, 9)), at=date(2026, 10, 9)
    ).then_rejected("objection.act.reconsider.closed")


def test_a_third_party_ruling_has_no_reconsideration() -> None:
    """`objection.third_party.no_review`: 异议复议规定 art. 16 ¶2 — the right is to sue."""
    case = priced(
        file_objection("OB-9", "third_party", PRICED_ON, asset_id="RE-1"),
        register("OB-9"),
        rule("OB-9", "rejected", PRICED_ON),
        file_objection("OB-1", "act", PRICED_ON),
        register("OB-1"),
        rule("OB-1", "rejected", PRICED_ON),
    )
    error = case.when(apply_for_reconsideration("OB-9", PRICED_ON)).then_rejected(
        "objection.third_party.no_review"
    )
    assert "执行异议之诉" in error.zh


def test_the_higher_court_decides_in_30_days_and_its_president_may_add_30() -> None:
    """`objection.act.reconsider.decide`. Filed Mon 01-05; the 复议 received Wed 01-21:
    01-21 + 30 = Fri 02-20, in Spring Festival (02-15..02-23) → Tue 02-24. Extended by 30 from
    the nominal last day 02-20: Sun 03-22 → Mon 03-23 (not 02-24 + 30 = 03-26)."""
    jan_5 = date(2026, 1, 5)
    case = given(
        filed(on=jan_5),
        file_objection("OB-1", "act", date(2026, 1, 6)).on(date(2026, 1, 6)),
        register("OB-1"),
        rule("OB-1", "upheld", date(2026, 1, 16)).on(date(2026, 1, 16)),
        apply_for_reconsideration("OB-1", date(2026, 1, 21)).on(date(2026, 1, 21)),
    )
    assert due(case.state, "objection.act.reconsider.decide", "OB-1") == date(2026, 2, 24)
    extended = case.when(extend_reconsideration("OB-1", 30), at=date(2026, 2, 10))
    extended.then(events=["reconsideration_extended", "deadline_rescheduled"])
    assert due(extended.state, "objection.act.reconsider.decide", "OB-1") == date(2026, 3, 23)
    Given(extended.scenario).when(extend_reconsideration("OB-1", 5)).then_rejected(
        "objection.act.reconsider.extended"
    )
    decided = Given(extended.scenario).when(
        reconsideration_decided("OB-1", date(2026, 3, 20), "revoked"), at=date(2026, 3, 20)
    )
    decided.then(events=["reconsideration_decided", "deadline_met"])
    o = decided.state.objections["OB-1"]
    assert (o.state, o.reconsideration) == ("closed", "revoked")


def test_valuation_scope_objections_go_the_act_route_within_5_days_of_the_report() -> None:
    """`valuation.objection.scope` (参考价规定 art. 22): the report received Wed 03-04, the
    window ends 03-04 + 5 = Mon 03-09; handled as an act objection (`objection.act.*`)."""
    scope = {"asset_id": "RE-1", "valuation_ground": "scope"}
    late = priced().when(
        file_objection("OB-1", "act", date(2026, 3, 10), **scope), at=date(2026, 3, 10)
    )
    late.then_rejected("valuation.objection_late")
    in_time = priced().when(
        file_objection("OB-1", "act", date(2026, 3, 9), **scope), at=date(2026, 3, 9)
    )
    in_time.then(events=["objection_filed", "deadline_opened", "deadline_opened"])
    assert in_time.state.objections["OB-1"].valuation_ground == "scope"
    # 03-09 + 15 = Tue 03-24
    assert due(in_time.state, "objection.act.review", "OB-1") == date(2026, 3, 24)


# -- 案外人异议 ------------------------------------------------------------------------------------


def test_no_disposal_of_the_asset_while_a_third_party_objection_is_reviewed() -> None:
    """`objection.third_party.no_disposal` (执行程序解释 art. 15): RE-1 is neither offered nor
    taken for auction; the rest of the case goes on (BD-1 is deducted)."""
    case = priced(file_objection("OB-1", "third_party", PRICED_ON, asset_id="RE-1"))
    offered = snapshot(case.state).allowed_commands
    assert "schedule_auction" not in offered and "deduct_funds" in offered
    error = case.when(auction(PRICED_ON)).then_rejected("asset.under_objection")
    assert "OB-1" in error.zh and "执行程序解释第15条" in error.zh
    view = snapshot(case.state).objections[0]
    assert view.asset_id == "RE-1" and view.blocks_disposal_zh is not None
    case.when(deduct_funds("BD-1", 10_000_000)).then(events=["funds_deducted", "deadline_opened"])


def test_an_auction_under_way_when_a_third_party_objects_is_not_sold_meanwhile() -> None:
    """`objection.third_party.no_disposal`: the auction was announced on 03-04 (bidding 04-13,
    03-04 + 40 days, for 24 hours); the third party objects on 04-10, before bidding. After the
    bidding the sale is not recorded while the objection is reviewed (the auction stays open
    for the court to suspend); a failed round may still be recorded."""
    case = priced(
        auction(PRICED_ON),
        file_objection("OB-1", "third_party", date(2026, 4, 10), asset_id="RE-1").on(
            date(2026, 4, 10)
        ),
    )
    sold = record_auction_result("RE-1", "sold", START1, "某公司").on(date(2026, 4, 15))
    error = case.when(sold).then_rejected("asset.under_objection")
    assert "OB-1" in error.zh
    failed = record_auction_result("RE-1", "failed").on(date(2026, 4, 15))
    case.when(failed).event("auction_failed")


def test_a_deposit_under_a_third_party_objection_is_not_deducted() -> None:
    """`objection.third_party.no_disposal`: 划拨 is a disposal of the deposit."""
    case = priced(file_objection("OB-1", "third_party", PRICED_ON, asset_id="BD-1"))
    assert "deduct_funds" not in snapshot(case.state).allowed_commands
    case.when(deduct_funds("BD-1", 10_000_000)).then_rejected("asset.under_objection")


def test_a_rejection_holds_the_asset_15_days_after_service_then_frees_it() -> None:
    """`objection.third_party.hold_after_reject` (民诉法解释 art. 463 ¶2) and
    `objection.third_party.sue`: served Mon 04-20, 04-20 + 15 = Tue 05-05, in Labour Day →
    Wed 05-06. On 05-06 the asset is still held; from 05-07 the auction may go ahead."""
    ruled = priced(
        file_objection("OB-1", "third_party", date(2026, 4, 15), asset_id="RE-1").on(
            date(2026, 4, 15)
        ),
        register("OB-1"),
        rule("OB-1", "rejected", date(2026, 4, 20)).on(date(2026, 4, 20)),
    )
    assert due(ruled.state, "objection.third_party.sue", "OB-1") == date(2026, 5, 6)
    ruled.when(auction(date(2026, 5, 6))).then_rejected("asset.under_objection")
    freed = Given(ruled.scenario).when(later(day_end(date(2026, 5, 6))))
    assert freed.state.objections["OB-1"].state == "closed"
    assert "schedule_auction" in snapshot(freed.state).allowed_commands
    Given(freed.scenario).when(auction(date(2026, 5, 7))).then(
        events=["auction_scheduled", "deadline_met", "time_limit_paused"]
    )


def test_no_disposal_while_the_third_partys_suit_runs() -> None:
    """`objection.third_party.no_disposal_suit` (民诉法解释 art. 313): sued Wed 05-06, the last
    day (as above); the asset stays held until a judgment allows its enforcement."""
    suing = priced(
        file_objection("OB-1", "third_party", date(2026, 4, 15), asset_id="RE-1").on(
            date(2026, 4, 15)
        ),
        register("OB-1"),
        rule("OB-1", "rejected", date(2026, 4, 20)).on(date(2026, 4, 20)),
        suit("OB-1", date(2026, 5, 6)).on(date(2026, 5, 6)),
        later(date(2026, 6, 1)),
    )
    o = suing.state.objections["OB-1"]
    assert (o.state, o.suit_plaintiff) == ("suit", "third_party")
    suing.when(auction(date(2026, 6, 1))).then_rejected("asset.under_objection")
    lost = suing.when(judgment("OB-1", "no_enforcement", date(2026, 6, 1)))
    assert lost.state.objections["OB-1"].holds_asset
    won = given(*_priced(), *_rejected_and_sued()).when(
        judgment("OB-1", "enforce", date(2026, 6, 1)), at=date(2026, 6, 1)
    )
    assert not won.state.objections["OB-1"].holds_asset
    Given(won.scenario).when(auction(date(2026, 6, 1))).then(
        events=["auction_scheduled", "deadline_met", "time_limit_paused"]
    )


def _rejected_and_sued() -> list[Any]:
    return [
        file_objection("OB-1", "third_party", date(2026, 4, 15), asset_id="RE-1").on(
            date(2026, 4, 15)
        ),
        register("OB-1"),
        rule("OB-1", "rejected", date(2026, 4, 20)).on(date(2026, 4, 20)),
        suit("OB-1", date(2026, 5, 6)).on(date(2026, 5, 6)),
    ]


def test_a_suit_after_the_15_days_is_refused() -> None:
    """`objection.third_party.sue`: the last day is Wed 05-06 (as above)."""
    ruled = priced(
        file_objection("OB-1", "third_party", date(2026, 4, 15), asset_id="RE-1").on(
            date(2026, 4, 15)
        ),
        register("OB-1"),
        rule("OB-1", "rejected", date(2026, 4, 20)).on(date(2026, 4, 20)),
    )
    ruled.when(suit("OB-1", date(2026, 5, 7)), at=date(2026, 5, 7)).then_rejected(
        "objection.third_party.sue_late"
    )


def test_upheld_suspends_the_asset_and_without_a_suit_its_measures_are_released_in_7_days() -> None:
    """`objection.third_party.review` (upheld: enforcement of the asset suspended) and
    `objection.third_party.release` (民诉法解释 art. 314). Served Fri 09-18: the applicant's 15
    days end 09-18 + 15 = Sat 10-03, in National Day → Thu 10-08; the release is due 7 days
    after, 10-08 + 7 = Thu 10-15."""
    upheld = priced(
        file_objection("OB-1", "third_party", date(2026, 9, 10), asset_id="RE-1").on(
            date(2026, 9, 10)
        ),
        register("OB-1"),
        rule("OB-1", "upheld", date(2026, 9, 18)).on(date(2026, 9, 18)),
    )
    assert due(upheld.state, "objection.third_party.sue", "OB-1") == date(2026, 10, 8)
    assert "已裁定中止对该标的的执行" in (
        snapshot(upheld.state).objections[0].blocks_disposal_zh or ""
    )
    lapsed = upheld.when(later(day_end(date(2026, 10, 8))))
    assert "objection_window_lapsed" in [e.type for e in lapsed.new_events]
    assert due(lapsed.state, "objection.third_party.release", "RE-1") == date(2026, 10, 15)
    assert lapsed.state.objections["OB-1"].holds_asset
    Given(lapsed.scenario).when(auction(date(2026, 10, 9))).then_rejected("asset.under_objection")
    released = Given(lapsed.scenario).when(release_asset("RE-1", "案外人异议成立"))
    assert deadline(released.state, "objection.third_party.release", "RE-1").state == "met"
    assert snapshot(released.state).objections[0].blocks_disposal_zh is None


def test_the_applicant_may_sue_after_an_upheld_objection_and_win_the_asset_back() -> None:
    """`objection.third_party.sue`: after an upheld ruling the applicant sues (民诉法解释 art.
    304); a judgment allowing enforcement (准许执行) frees the asset and no release is due."""
    sued = priced(
        file_objection("OB-1", "third_party", date(2026, 9, 10), asset_id="RE-1").on(
            date(2026, 9, 10)
        ),
        register("OB-1"),
        rule("OB-1", "upheld", date(2026, 9, 18)).on(date(2026, 9, 18)),
        suit("OB-1", date(2026, 9, 30)).on(date(2026, 9, 30)),
        later(day_end(date(2026, 10, 20))),
    )
    assert sued.state.objections["OB-1"].suit_plaintiff == "applicant"
    assert not [d for d in sued.state.deadlines.values() if d.rule.endswith(".release")]
    won = sued.when(judgment("OB-1", "enforce", date(2026, 10, 21)), at=date(2026, 10, 21))
    assert snapshot(won.state).objections[0].blocks_disposal_zh is None


def test_a_third_party_objection_not_accepted_holds_nothing() -> None:
    """`objection.third_party.register`: 不予受理 ends the hold; there is nothing to sue."""
    refused = priced(
        file_objection("OB-1", "third_party", PRICED_ON, asset_id="RE-1"),
        register("OB-1", accepted=False, reason="未提供权属证明"),
    )
    assert refused.state.objections["OB-1"].state == "closed"
    assert "schedule_auction" in snapshot(refused.state).allowed_commands


def test_a_third_party_objection_names_an_open_asset_of_the_case() -> None:
    """`objection.third_party.file` (民诉法解释 art. 462): before enforcement of the asset ends."""
    case = priced()
    case.when(file_objection("OB-1", "third_party", PRICED_ON, asset_id="XX-9")).then_rejected(
        "asset.unknown"
    )
    released = priced(release_asset("BD-1"))
    released.when(file_objection("OB-1", "third_party", PRICED_ON, asset_id="BD-1")).then_rejected(
        "objection.third_party.late"
    )
    with_one = priced(file_objection("OB-1", "act", PRICED_ON))
    with_one.when(file_objection("OB-1", "act", PRICED_ON)).then_rejected("objection.duplicate")
