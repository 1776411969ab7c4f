"""The enforcement rules of DOMAIN.md, one test per rule, driven through decide / tick.

2026 holiday facts used below (chinese-calendar 1.11; see test_calendar.py):
Spring Festival Feb 15-23 (make-up Sat Feb 14, Sat Feb 28); Tomb-sweeping Apr 4-6; Labour Day
May 1-5 (make-up Sat May 9); Dragon Boat Jun 19-21; Mid-autumn Sep 25-27; National Day Oct 1-7
(make-up Sun Sep 20, Sat Oct 10). 2026-03-02 is a Monday. 2027 is not announced yet.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from pydantic import ValidationError

from domain.calendar import CourtCalendar
from domain.commands import Envelope, FileCase
from domain.deadline_watch import next_wakeup
from domain.decide import decide_filing
from domain.editions import COURTS
from domain.errors import DomainError
from domain.events import DeadlineOpened
from domain.procedure import termination_obstacles
from domain.snapshot import snapshot
from tests.unit.gwt import (
    BUREAU_HEAD,
    COURT,
    INTEGRATION,
    JUDGE,
    OFFICER,
    OTHER_OFFICER,
    PRESIDENT,
    SUPERVISOR,
    approve_distribution,
    asset_found,
    close_case,
    complete_asset_search,
    confirm_freeze,
    consumption_restriction,
    control_of,
    day_end,
    deadline,
    deduct_funds,
    dormant_requeries,
    extend_time_limit,
    filed,
    filing,
    finding,
    freeze_asset,
    given,
    heard_and_signed_off,
    impose_measure,
    issue_notice,
    later,
    lead_checked,
    moment,
    ready_for_termination,
    record_payout,
    record_service,
    register_lead,
    release_asset,
    renew_freeze,
    request_asset_search,
    resume,
    resume_enforcement,
    suspend,
    terminate,
    ticked,
)

CAL = CourtCalendar.default()
MAR_2 = date(2026, 3, 2)  # a Monday


def _months(day: date, n: int) -> date:
    return CAL.months_after(day, n).on


# =============================================================================== filing


FILING_DEADLINES = [
    # rule, filed on, due on, why
    ("notice.issue", date(2026, 3, 2), date(2026, 3, 12), "Thu, a working day"),
    ("notice.issue", date(2026, 9, 21), date(2026, 10, 8), "Oct 1 National Day -> Thu Oct 8"),
    ("notice.issue", date(2026, 3, 4), date(2026, 3, 16), "Sat Mar 14 -> Mon Mar 16"),
    ("notice.issue", date(2026, 9, 10), date(2026, 9, 20), "Sun Sep 20 is a make-up working day"),
    ("notice.issue", date(2026, 9, 30), date(2026, 10, 10), "Sat Oct 10 is a make-up working day"),
    ("assets.search", date(2026, 3, 2), date(2026, 3, 9), "Sat Mar 7 -> Mon Mar 9"),
    ("assets.search", date(2026, 2, 10), date(2026, 2, 24), "Feb 15 Spring Festival -> Feb 24"),
    ("assets.search", date(2026, 2, 9), date(2026, 2, 14), "Sat Feb 14 is a make-up working day"),
    ("assets.search", date(2026, 3, 30), date(2026, 4, 7), "Apr 4 Tomb-sweeping -> Tue Apr 7"),
    ("assets.investigation", date(2026, 3, 2), date(2026, 4, 2), "Thu, a working day"),
    ("assets.investigation", date(2026, 4, 1), date(2026, 5, 6), "May 1 Labour Day -> May 6"),
    (
        "assets.investigation",
        date(2026, 1, 31),
        date(2026, 2, 28),
        "no Feb 31: month end, Sat Feb 28, a make-up working day",
    ),
    ("assets.investigation", date(2026, 3, 18), date(2026, 4, 20), "Sat Apr 18 -> Mon Apr 20"),
    ("assets.investigation", date(2026, 5, 19), date(2026, 6, 22), "Jun 19 Dragon Boat -> Jun 22"),
    ("case.time_limit", date(2026, 3, 2), date(2026, 9, 2), "Wed, a working day"),
    ("case.time_limit", date(2026, 4, 1), date(2026, 10, 8), "Oct 1 National Day -> Oct 8"),
    (
        "case.time_limit",
        date(2025, 8, 31),
        date(2026, 2, 28),
        "no Feb 31: month end, Sat Feb 28, a make-up working day",
    ),
    ("case.time_limit", date(2025, 8, 15), date(2026, 2, 24), "Feb 15 Spring Festival -> Feb 24"),
    ("case.time_limit", date(2026, 3, 27), date(2026, 9, 28), "Sun Sep 27 Mid-autumn -> Sep 28"),
]


@pytest.mark.parametrize(
    ("rule", "filed_on", "due_on", "why"),
    FILING_DEADLINES,
    ids=[f"{r}-{f}" for r, f, _, _ in FILING_DEADLINES],
)
def test_filing_opens_its_deadline_rolled_off_rest_days(
    rule: str, filed_on: date, due_on: date, why: str
) -> None:
    state = given(filed(on=filed_on)).state
    d = deadline(state, rule)
    assert (d.due_on, d.provisional) == (due_on, False), why
    assert d.due_at == day_end(due_on)
    assert d.state == "open" and d.escalation_level == 0


def test_filing_opens_exactly_the_four_filing_deadlines() -> None:
    events = decide_filing(filing(MAR_2), moment(MAR_2)).events
    assert [e.type for e in events] == ["case_filed"] + ["deadline_opened"] * 4
    assert {e.deadline.rule for e in events if isinstance(e, DeadlineOpened)} == {
        "case.time_limit",
        "notice.issue",
        "assets.search",
        "assets.investigation",
    }


def test_a_time_limit_ending_in_an_unannounced_year_is_provisional() -> None:
    # 2026-08-20 + 6 months = Sat 2027-02-20; 2027 has no holiday data: weekend roll only.
    d = deadline(given(filed(on=date(2026, 8, 20))).state, "case.time_limit")
    assert (d.due_on, d.provisional) == (date(2027, 2, 22), True)


def test_a_filing_date_after_today_is_refused() -> None:
    with pytest.raises(DomainError) as caught:
        decide_filing(filing(date(2026, 3, 3)), moment(MAR_2))
    assert caught.value.code == "filing.future_date"


# =============================================================================== freezes


def _asset_case(kind: str, requested_on: date, filed_on: date = MAR_2) -> Any:
    return given(filed(on=filed_on), asset_found("AS-1", kind=kind), at=requested_on)


FREEZE_MAXIMA = [
    # kind, requested on, the longest period in days
    ("bank_deposit", MAR_2, 365),  # 1 year
    ("bank_deposit", date(2027, 3, 1), 366),  # the year spans 29 Feb 2028
    ("movable", MAR_2, 731),  # 2 years, spanning 29 Feb 2028
    ("vehicle", MAR_2, 731),
    ("real_estate", MAR_2, 1096),  # 3 years, spanning 29 Feb 2028
    ("equity", MAR_2, 1096),
    ("other_property_right", MAR_2, 1096),
    ("real_estate", date(2028, 3, 1), 1095),  # 2028-03-01 .. 2031-03-01: no 29 Feb
]


@pytest.mark.parametrize(("kind", "requested_on", "maximum"), FREEZE_MAXIMA)
def test_a_measure_may_last_up_to_its_kind_maximum(
    kind: str, requested_on: date, maximum: int
) -> None:
    filed_on = min(requested_on, MAR_2)
    (
        _asset_case(kind, requested_on, filed_on)
        .when(freeze_asset("AS-1", period_days=maximum))
        .then(
            events=["freeze_requested"],
            state=lambda s: control_of(s, "AS-1").period_days == maximum,
        )
    )


@pytest.mark.parametrize(("kind", "requested_on", "maximum"), FREEZE_MAXIMA)
def test_a_measure_one_day_over_its_kind_maximum_is_refused(
    kind: str, requested_on: date, maximum: int
) -> None:
    filed_on = min(requested_on, MAR_2)
    error = (
        _asset_case(kind, requested_on, filed_on)
        .when(freeze_asset("AS-1", period_days=maximum + 1))
        .then_rejected("freeze.period_exceeds_maximum")
    )
    assert str(maximum) in error.en and str(maximum) in error.zh


def test_freezing_a_deposit_for_400_days_is_refused() -> None:
    (
        given(filed(on=MAR_2), asset_found("AS-1", kind="bank_deposit"), at=date(2026, 3, 3))
        .when(freeze_asset("AS-1", period_days=400), actor=OFFICER)
        .then_rejected("freeze.period_exceeds_maximum")
    )


def test_a_year_from_29_february_ends_on_28_february() -> None:
    # 2028-02-29 + 1 year = 2029-02-28 (add_years): 365 days, not 366.
    case = given(filed(on=date(2028, 2, 29)), asset_found("AS-1", kind="bank_deposit"))
    case.when(freeze_asset("AS-1", period_days=366)).then_rejected("freeze.period_exceeds_maximum")
    case.when(freeze_asset("AS-1", period_days=365)).then(events=["freeze_requested"])


MEASURE_FIT = {
    "bank_deposit": {"freeze"},
    "equity": {"freeze"},
    "other_property_right": {"freeze", "seal"},
    "real_estate": {"seal"},
    "movable": {"seal", "seize"},
    "vehicle": {"seal", "seize"},
}


@pytest.mark.parametrize("measure", ["freeze", "seal", "seize"])
@pytest.mark.parametrize("kind", sorted(MEASURE_FIT))
def test_the_measure_must_fit_the_kind_of_property(kind: str, measure: str) -> None:
    outcome = _asset_case(kind, MAR_2).when(freeze_asset("AS-1", 30, measure=measure))
    if measure in MEASURE_FIT[kind]:
        outcome.then(
            events=["freeze_requested"], state=lambda s: control_of(s, "AS-1").measure == measure
        )
    else:
        outcome.then_rejected("freeze.measure_not_fit")


def test_an_asset_under_a_measure_cannot_be_frozen_again() -> None:
    (
        given(filed(on=MAR_2), asset_found("AS-1"), freeze_asset("AS-1", 30))
        .when(freeze_asset("AS-1", 30))
        .then_rejected("freeze.already_controlled")
    )


def test_freezing_an_unknown_asset_is_refused() -> None:
    given(filed(on=MAR_2)).when(freeze_asset("AS-9", 30)).then_rejected("asset.unknown")


def test_a_released_asset_cannot_be_frozen() -> None:
    (
        given(filed(on=MAR_2), asset_found("AS-1"), release_asset("AS-1"))
        .when(freeze_asset("AS-1", 30))
        .then_rejected("asset.closed")
    )


def test_confirmation_sets_the_last_day_in_force_and_opens_freeze_expiry() -> None:
    # 365 days from Sun 2026-03-08 (counted) end on Sun 2027-03-07: no roll, a freeze lapses on
    # the calendar day whatever the weekday.
    then = (
        given(filed(on=MAR_2), asset_found("AS-1"), freeze_asset("AS-1", 365), at=date(2026, 3, 8))
        .when(confirm_freeze("AS-1", effective_on=date(2026, 3, 8), frozen_fen=5_000))
        .then(events=["freeze_confirmed", "deadline_opened"])
    )
    control = then.state.assets["AS-1"].control
    assert control is not None
    assert (control.state, control.effective_on, control.expires_on, control.amount_fen) == (
        "effective",
        date(2026, 3, 8),
        date(2027, 3, 7),
        5_000,
    )
    d = deadline(then.state, "freeze.expiry", "AS-1")
    assert (d.due_on, d.due_at, d.provisional) == (
        date(2027, 3, 7),
        day_end(date(2027, 3, 7)),
        False,
    )
    assert then.state.stage == "control"


def test_a_freeze_cannot_take_effect_before_it_was_requested() -> None:
    (
        given(filed(on=MAR_2), asset_found("AS-1"), freeze_asset("AS-1", 30), at=date(2026, 3, 5))
        .when(confirm_freeze("AS-1", effective_on=date(2026, 3, 4)))
        .then_rejected("freeze.before_request")
    )


def test_a_freeze_cannot_take_effect_in_the_future() -> None:
    (
        given(filed(on=MAR_2), asset_found("AS-1"), freeze_asset("AS-1", 30))
        .when(confirm_freeze("AS-1", effective_on=date(2026, 3, 3)))
        .then_rejected("date.in_future")
    )


def test_confirming_without_a_measure_is_refused() -> None:
    case = given(filed(on=MAR_2), asset_found("AS-1"))
    case.when(confirm_freeze("AS-1")).then_rejected("freeze.none")
    (
        given(
            filed(on=MAR_2), asset_found("AS-1"), freeze_asset("AS-1", 30), confirm_freeze("AS-1")
        )
        .when(confirm_freeze("AS-1"))
        .then_rejected("freeze.nothing_to_confirm")
    )


def _frozen_deposit(period: int = 365, effective_on: date = MAR_2) -> list[Any]:
    return [
        asset_found("AS-1", kind="bank_deposit"),
        freeze_asset("AS-1", period),
        confirm_freeze("AS-1", effective_on=effective_on),
    ]


def test_a_renewal_is_measured_from_the_day_after_the_old_expiry() -> None:
    # In force 2026-03-02 .. 2027-03-01; the renewal runs from 2027-03-02, a year that spans
    # 29 Feb 2028: 366 days at most.
    case = given(filed(on=MAR_2), *_frozen_deposit(), later(date(2027, 2, 20)))
    case.when(renew_freeze("AS-1", 367)).then_rejected("freeze.period_exceeds_maximum")
    case.when(renew_freeze("AS-1", 366)).then(
        events=["renewal_requested"],
        state=lambda s: control_of(s, "AS-1").state == "renewal_requested",
    )


def test_a_confirmed_renewal_extends_from_the_old_expiry_not_from_its_confirmation() -> None:
    then = (
        given(filed(on=MAR_2), *_frozen_deposit(), renew_freeze("AS-1", 365).on(date(2027, 2, 20)))
        .when(confirm_freeze("AS-1", effective_on=date(2027, 2, 25)), at=date(2027, 2, 25))
        .then(events=["freeze_renewed", "deadline_met", "deadline_opened"])
    )
    control = then.state.assets["AS-1"].control
    assert control is not None
    # 2027-03-01 + 365 days = 2028-02-29 (a leap day)
    assert (control.state, control.expires_on, control.renewals) == (
        "effective",
        date(2028, 2, 29),
        1,
    )
    expiries = [d for d in then.state.deadlines.values() if d.rule == "freeze.expiry"]
    assert [(d.due_on, d.state) for d in expiries] == [
        (date(2027, 3, 1), "met"),
        (date(2028, 2, 29), "open"),
    ]


def test_a_confirmed_measure_never_outlasts_its_kind_maximum_from_the_effective_day() -> None:
    # Requested Mon 2028-02-28 for 366 days (the year from 02-28 spans 29 Feb: allowed), but the
    # bank carries it out on 2028-03-01. A deposit freeze lasts at most one year from the day it
    # takes effect: 2028-03-01 .. 2029-02-28. Either refuse the confirmation or end it there.
    case = given(filed(on=date(2028, 2, 28)), asset_found("AS-1"), freeze_asset("AS-1", 366))
    outcome = case.when(confirm_freeze("AS-1", effective_on=date(2028, 3, 1)), at=date(2028, 3, 1))
    if outcome.error is None:
        control = outcome.state.assets["AS-1"].control
        assert control is not None and control.expires_on is not None
        assert control.expires_on <= date(2029, 2, 28), (
            f"in force until {control.expires_on}: one year and a day"
        )


@pytest.mark.parametrize("kind", ["movable", "real_estate"])
def test_each_renewal_is_at_most_the_kind_maximum(kind: str) -> None:
    years = {"movable": 2, "real_estate": 3}[kind]
    first = (date(2026 + years, 3, 2) - MAR_2).days
    expires = MAR_2 + timedelta(days=first - 1)
    start = expires + timedelta(days=1)
    maximum = (date(start.year + years, start.month, start.day) - start).days
    case = given(
        filed(on=MAR_2),
        asset_found("AS-1", kind=kind),
        freeze_asset("AS-1", first),
        confirm_freeze("AS-1"),
        later(expires - timedelta(days=20), ticking=False),
    )
    case.when(renew_freeze("AS-1", maximum + 1)).then_rejected("freeze.period_exceeds_maximum")
    case.when(renew_freeze("AS-1", maximum)).then(events=["renewal_requested"])


def test_an_expired_measure_cannot_be_renewed() -> None:
    # Without the clock having ticked, the rule itself still refuses a renewal after expiry.
    (
        given(filed(on=MAR_2), *_frozen_deposit(30), later(date(2026, 4, 1), ticking=False))
        .when(renew_freeze("AS-1", 30))
        .then_rejected("freeze.lapsed")
    )
    # Once the clock has ticked, the control has lapsed.
    (
        given(filed(on=MAR_2), *_frozen_deposit(30), later(date(2026, 4, 1)))
        .when(renew_freeze("AS-1", 30))
        .then_rejected("freeze.not_effective")
    )


def test_only_an_effective_measure_can_be_renewed() -> None:
    (
        given(filed(on=MAR_2), asset_found("AS-1"), freeze_asset("AS-1", 30))
        .when(renew_freeze("AS-1", 30))
        .then_rejected("freeze.not_effective")
    )
    (
        given(filed(on=MAR_2), *_frozen_deposit(30), renew_freeze("AS-1", 30))
        .when(renew_freeze("AS-1", 30))
        .then_rejected("freeze.not_effective")
    )


# =============================================================================== escalation


def _only_notice_open() -> Any:
    """Filed Mon 2026-03-02 with search done: notice.issue (due Thu 03-12) and the time limit
    (due 09-02) are the only open deadlines."""
    return given(filed(on=MAR_2), request_asset_search(), complete_asset_search())


def test_the_escalation_ladder_of_a_missed_deadline() -> None:
    case = _only_notice_open()
    due_at = day_end(date(2026, 3, 12))
    assert deadline(case.state, "notice.issue").due_at == due_at
    assert next_wakeup(case.state) == due_at - timedelta(days=3)
    case.when(ticked(due_at - timedelta(days=3, microseconds=1))).then(events=[])

    warned = case.when(ticked(due_at - timedelta(days=3))).then(events=["deadline_warned"])
    assert deadline(warned.state, "notice.issue").warned
    assert next_wakeup(warned.state) == due_at

    ladder = [
        (due_at, 1, "officer", COURT),
        (due_at + timedelta(days=3), 2, "bureau_head", COURT),
        (due_at + timedelta(days=10), 3, "higher_court", "京03"),  # 朝阳 is under 三中院
    ]
    for at, level, role, court in ladder:
        assert next_wakeup(case.state) == at
        # level 3 reaches the higher court's command centre, which opens a 督办 (supervision)
        more = ["supervision_opened", "deadline_opened"] if level == 3 else []
        then = case.when(ticked(at)).then(events=["deadline_escalated", *more])
        escalated = then.event("deadline_escalated")
        assert (
            escalated.rule,
            escalated.level,
            escalated.notify_role,
            escalated.notify_court_code,
        ) == ("notice.issue", level, role, court)
        d = deadline(then.state, "notice.issue")
        assert (d.state, d.escalation_level) == ("overdue", level)
    # nothing more about the notice: the next wake-up is the 督办 report's warning
    report = next(d for d in case.state.deadlines.values() if d.rule == "supervision.report")
    assert report.due_on == date(2026, 4, 7)  # 15 days from 03-22; 04-06 is 清明 (rolled)
    assert next_wakeup(case.state) == report.due_at - timedelta(days=3)
    assert len(case.state.escalations) == 3
    assert snapshot(case.state).escalation_level == 3


def test_a_late_tick_escalates_at_once_and_skips_the_stale_warning() -> None:
    due_at = day_end(date(2026, 3, 12))
    then = (
        _only_notice_open()
        .when(ticked(due_at + timedelta(days=4)))
        .then(events=["deadline_escalated", "deadline_escalated"])
    )
    assert [e.level for e in then.new_events] == [1, 2]
    assert not deadline(then.state, "notice.issue").warned


def test_meeting_an_overdue_deadline_stops_its_ladder() -> None:
    case = _only_notice_open()
    case.when(ticked(day_end(date(2026, 3, 12)))).then(events=["deadline_escalated"])
    then = case.when(issue_notice()).then(events=["notice_issued", "deadline_met"])
    assert deadline(then.state, "notice.issue").state == "met"
    assert next_wakeup(then.state) == day_end(date(2026, 9, 2)) - timedelta(days=3)


def _frozen_and_quiet(period: int) -> Any:
    """Only the time limit and the freeze's expiry are open."""
    return given(
        filed(on=MAR_2),
        issue_notice(),
        request_asset_search(),
        complete_asset_search(finding("AS-1")),
        freeze_asset("AS-1", period),
        confirm_freeze("AS-1"),
    )


def test_freeze_expiry_warns_fifteen_days_before_and_lapses_the_control_at_due() -> None:
    case = _frozen_and_quiet(30)  # in force 03-02 .. 03-31
    due_at = day_end(date(2026, 3, 31))
    assert next_wakeup(case.state) == due_at - timedelta(days=15)
    case.when(ticked(due_at - timedelta(days=15))).then(events=["deadline_warned"])
    assert next_wakeup(case.state) == due_at
    then = case.when(ticked(due_at)).then(events=["control_lapsed", "deadline_escalated"])
    assert then.event("control_lapsed").expired_on == date(2026, 3, 31)
    assert control_of(then.state, "AS-1").state == "lapsed"
    assert then.event("deadline_escalated").level == 1
    assert then.state.stage == "investigation"
    # the ladder goes on to the bureau head and the higher court, without lapsing twice
    case.when(ticked(due_at + timedelta(days=3))).then(events=["deadline_escalated"])
    case.when(ticked(due_at + timedelta(days=10))).then(
        events=["deadline_escalated", "supervision_opened", "deadline_opened"]
    )


def test_a_renewal_not_confirmed_by_the_expiry_lapses() -> None:
    case = given(
        filed(on=MAR_2),
        issue_notice(),
        request_asset_search(),
        complete_asset_search(finding("AS-1")),
        freeze_asset("AS-1", 30),
        confirm_freeze("AS-1"),
        renew_freeze("AS-1", 30),
    )
    then = case.when(ticked(day_end(date(2026, 3, 31)))).then(
        events=["control_lapsed", "deadline_escalated"]
    )
    assert control_of(then.state, "AS-1").state == "lapsed"
    case.when(confirm_freeze("AS-1", effective_on=date(2026, 4, 1))).then_rejected(
        "freeze.nothing_to_confirm"
    )


def test_a_confirmed_renewal_does_not_lapse_at_the_old_expiry() -> None:
    case = given(
        filed(on=MAR_2),
        issue_notice(),
        request_asset_search(),
        complete_asset_search(finding("AS-1")),
        freeze_asset("AS-1", 30),
        confirm_freeze("AS-1"),
        renew_freeze("AS-1", 30).on(date(2026, 3, 20)),
        confirm_freeze("AS-1"),
    )
    case.when(ticked(day_end(date(2026, 3, 31)))).then(events=[])
    assert next_wakeup(case.state) == day_end(date(2026, 4, 30)) - timedelta(days=15)


def test_releasing_the_asset_meets_its_freeze_expiry() -> None:
    then = (
        _frozen_and_quiet(30)
        .when(release_asset("AS-1"))
        .then(events=["asset_released", "deadline_met"])
    )
    assert control_of(then.state, "AS-1").state == "released"
    then.scenario.advance(day_end(date(2026, 4, 30)))
    assert not any(e.type == "control_lapsed" for e in then.scenario.events)


def test_a_measure_whose_frozen_amount_was_all_deducted_is_not_in_force_after_expiry() -> None:
    # 1,000,000 fen in the account, 600,000 frozen and then all deducted: the freeze.expiry
    # deadline is met, yet the control stays "effective" after its expiry date, forever.
    case = given(
        filed(on=MAR_2),
        issue_notice(),
        request_asset_search(),
        complete_asset_search(finding("AS-1", value_fen=1_000_000)),
        freeze_asset("AS-1", 30, amount_fen=600_000),
        confirm_freeze("AS-1"),
    )
    case.when(deduct_funds("AS-1", 600_000)).then(
        events=["funds_deducted", "deadline_met", "deadline_opened"]
    )
    case.scenario.advance(moment(date(2026, 4, 15)))  # expired on 03-31
    control = case.state.assets["AS-1"].control
    assert control is not None
    assert not control.in_force, f"control still {control.state} after {control.expires_on}"


# =============================================================================== suspension


def test_suspension_pauses_procedural_deadlines_and_resumption_shifts_them() -> None:
    # suspended 03-05, resumed 03-25: 20 days. The freeze (in force to 03-31) is not paused.
    case = given(
        filed(on=MAR_2),
        *_frozen_deposit(30),
        suspend().on(date(2026, 3, 5)),
        later(date(2026, 3, 24)),
    )
    paused = {d.rule: d.paused_on for d in case.state.deadlines.values()}
    assert paused == {
        "case.time_limit": date(2026, 3, 5),
        "notice.issue": date(2026, 3, 5),
        "assets.search": date(2026, 3, 5),
        "assets.investigation": date(2026, 3, 5),
        "freeze.expiry": None,
    }
    # while suspended only the freeze's expiry warned (03-17 00:00); the rest stayed quiet
    ladder = [
        e for e in case.scenario.events if e.type in ("deadline_warned", "deadline_escalated")
    ]
    assert [e.deadline_id for e in ladder] == [
        deadline(case.state, "freeze.expiry", "AS-1").deadline_id
    ]

    # the procedural deadlines move with the suspension; the time limit restarts on its own
    # clock (it also stops for appraisal, auction/sale and settlement)
    then = case.when(resume(), at=date(2026, 3, 25)).then(
        events=["case_resumed"]
        + ["deadline_rescheduled"] * 3
        + ["time_limit_running", "deadline_rescheduled"]
    )
    assert then.event("case_resumed").paused_days == 20
    due = {d.rule: d.due_on for d in then.state.deadlines.values()}
    assert due == {
        "notice.issue": date(2026, 4, 1),  # 03-12 + 20
        # 03-02 + 5 = Sat 03-07 (rolled to Mon 03-09); edition 3 moves the nominal day:
        # 03-07 + 20 = Fri 03-27 (from the rolled day it was Sun 03-29 -> Mon 03-30)
        "assets.search": date(2026, 3, 27),
        "assets.investigation": date(2026, 4, 22),  # 04-02 + 20
        "case.time_limit": date(2026, 9, 22),  # 09-02 + 20
        "freeze.expiry": date(2026, 3, 31),  # not paused
    }
    assert all(d.paused_on is None for d in then.state.deadlines.values())
    assert then.state.paused_days == 20 and snapshot(then.state).time_limit.paused_days == 20
    assert then.state.status == "active"


def test_a_paused_deadline_does_not_escalate_while_suspended() -> None:
    case = given(filed(on=MAR_2), suspend(), later(date(2026, 12, 31)))
    assert not any(
        e.type in ("deadline_warned", "deadline_escalated") for e in case.scenario.events
    )
    assert next_wakeup(case.state) is None


def test_only_the_suspended_case_can_be_resumed_and_only_the_active_suspended() -> None:
    given(filed(on=MAR_2)).when(resume()).then_rejected("stage.not_allowed")
    given(filed(on=MAR_2), suspend()).when(suspend()).then_rejected("stage.not_allowed")
    given(filed(on=MAR_2)).when(suspend(), actor=OFFICER).then_rejected("auth.forbidden")


def test_extending_the_time_limit_while_suspended_keeps_it_paused() -> None:
    # The time limit is paused during suspension (DOMAIN.md); an extension granted meanwhile
    # must not restart its clock: on resumption it still moves by the days paused. Edition 1
    # (an extension months ahead); edition 2's window: tests/unit/test_time_limit_rules.py.
    case = given(
        filed(on=MAR_2, edition=1),
        suspend().on(date(2026, 3, 5)),
        extend_time_limit().on(date(2026, 3, 10)),
    )
    limit = deadline(case.state, "case.time_limit")
    assert limit.due_on == date(2026, 12, 2)  # 09-02 + 3 months
    assert limit.paused_on is not None, "the extension un-paused the time limit"
    then = case.when(resume(), at=date(2026, 3, 25)).then()
    assert deadline(then.state, "case.time_limit").due_on == date(2026, 12, 22)  # + 20 days


# =============================================================================== time limit


def test_the_president_extends_the_time_limit_by_three_months() -> None:
    then = (
        # 5 days before 09-02: "at least five days before" (edition 1) and "within the last
        # five days" (edition 2, the window's first day) agree on it
        given(filed(on=MAR_2), at=date(2026, 8, 28))
        .when(extend_time_limit())
        .then(events=["time_limit_extended", "deadline_rescheduled"])
    )
    assert then.event("time_limit_extended").months == 3
    d = deadline(then.state, "case.time_limit")
    assert (d.due_on, d.due_at) == (date(2026, 12, 2), day_end(date(2026, 12, 2)))
    assert snapshot(then.state).time_limit.extensions == 1
    assert snapshot(then.state).time_limit.due_on == date(2026, 12, 2)


def test_an_extension_asked_less_than_five_days_before_expiry_is_refused_in_edition_1() -> None:
    (
        given(filed(on=MAR_2, edition=1), at=date(2026, 8, 29))
        .when(extend_time_limit())
        .then_rejected("time_limit.too_late")
    )


@pytest.mark.parametrize("actor", [OFFICER, JUDGE, BUREAU_HEAD])
def test_only_the_president_extends_the_time_limit(actor: Any) -> None:
    given(filed(on=MAR_2)).when(extend_time_limit(), actor=actor).then_rejected("auth.forbidden")
    given(filed(on=MAR_2, edition=1)).when(extend_time_limit(), actor=actor).then_rejected(
        "auth.forbidden"
    )


def test_a_second_extension_needs_the_high_courts_approval_number_in_edition_1() -> None:
    case = given(filed(on=MAR_2, edition=1), extend_time_limit(), at=date(2026, 6, 1))
    case.when(extend_time_limit()).then_rejected("time_limit.needs_high_court")
    then = case.when(extend_time_limit(high_court_approval_no="京高法执〔2026〕12号")).then(
        events=["time_limit_extended", "deadline_rescheduled"]
    )
    d = deadline(then.state, "case.time_limit")
    assert (d.due_on, d.provisional) == (date(2027, 3, 2), True)  # 12-02 + 3 months, in 2027
    assert then.state.time_limit_extensions == 2


def test_an_expired_time_limit_cannot_be_extended() -> None:
    (
        given(filed(on=MAR_2), at=date(2026, 9, 4))
        .when(extend_time_limit())
        .then_rejected("time_limit.not_open")
    )


# =============================================================================== 终本


TERMINATION_DAY = date(2026, 6, 3)  # the first day "more than three months" after 03-02


def test_termination_when_every_precondition_holds() -> None:
    then = (
        given(filed(on=MAR_2), *ready_for_termination(), at=TERMINATION_DAY)
        .when(terminate())
        .then(events=["procedure_terminated", "deadline_waived", "deadline_opened"])
    )
    s = then.state
    assert (s.status, s.stage, s.terminated_on) == ("dormant", "dormant", TERMINATION_DAY)
    assert deadline(s, "case.time_limit").state == "waived"
    requery = deadline(s, "dormant.requery")
    assert requery.due_on == date(2026, 12, 3)
    assert termination_obstacles(s, TERMINATION_DAY) == []


@pytest.mark.parametrize(
    ("steps", "code"),
    [
        (
            [
                consumption_restriction(),
                request_asset_search(),
                complete_asset_search(),
                *heard_and_signed_off(),
            ],
            "termination.notice_not_issued",
        ),
        (
            [
                issue_notice(),
                request_asset_search(),
                complete_asset_search(),
                *heard_and_signed_off(),
            ],
            "termination.no_consumption_restriction",
        ),
        (
            [issue_notice(), consumption_restriction(), *heard_and_signed_off()],
            "termination.no_search",
        ),
        (
            [
                issue_notice(),
                consumption_restriction(),
                request_asset_search(),
                *heard_and_signed_off(),
            ],
            "termination.search_pending",
        ),
        ([*ready_for_termination(), register_lead("L-1")], "termination.lead_open"),
        ([*ready_for_termination(), asset_found("AS-1")], "termination.disposable_assets"),
        (
            [
                issue_notice(),
                consumption_restriction(),
                request_asset_search(),
                complete_asset_search(finding("AS-1", kind="vehicle")),
                *heard_and_signed_off(),
            ],
            "termination.disposable_assets",
        ),
    ],
    ids=["notice", "restriction", "no-search", "search-pending", "lead", "asset", "found-asset"],
)
def test_each_termination_precondition_on_its_own(steps: list[Any], code: str) -> None:
    given(filed(on=MAR_2), *steps, at=TERMINATION_DAY).when(terminate()).then_rejected(code)


def test_an_on_site_search_does_not_replace_the_network_search() -> None:
    # assets.search is "start the network asset search" (网络查控); the 终本 refusal itself says
    # 尚未进行网络查控. An on-site search alone satisfies neither.
    on_site = given(filed(on=MAR_2)).when(request_asset_search("on_site")).then()
    assert deadline(on_site.state, "assets.search").state == "open"
    (
        given(
            filed(on=MAR_2),
            issue_notice(),
            consumption_restriction(),
            request_asset_search("on_site"),
            complete_asset_search(),
            *heard_and_signed_off(),
            at=TERMINATION_DAY,
        )
        .when(terminate())
        .then_rejected("termination.no_search")
    )


def test_termination_needs_more_than_three_months_since_filing() -> None:
    case = given(filed(on=MAR_2), *ready_for_termination(), at=date(2026, 6, 2))
    case.when(terminate()).then_rejected("termination.too_early")
    case.when(terminate(), at=TERMINATION_DAY).then(state=lambda s: s.status == "dormant")


def test_every_respondent_needs_a_consumption_restriction() -> None:
    two = [
        {"party_id": "R1", "name": "甲公司", "kind": "company"},
        {"party_id": "R2", "name": "李四", "kind": "person"},
    ]
    case = given(filed(on=MAR_2, respondents=two), *ready_for_termination(), at=TERMINATION_DAY)
    case.when(terminate()).then_rejected("termination.no_consumption_restriction")
    case.when(consumption_restriction("R2")).then()
    case.when(terminate()).then(state=lambda s: s.status == "dormant")


def test_a_checked_lead_and_a_released_asset_no_longer_block_termination() -> None:
    case = given(
        filed(on=MAR_2),
        *ready_for_termination(),
        register_lead("L-1"),
        asset_found("AS-1", lead_id="L-1"),
        at=TERMINATION_DAY,
    )
    case.when(lead_checked("L-1", found=True)).then()
    case.when(release_asset("AS-1")).then()
    case.when(terminate()).then(state=lambda s: s.status == "dormant")


def test_all_unmet_preconditions_are_listed_together() -> None:
    case = given(filed(on=MAR_2), at=date(2026, 4, 1))
    error = case.when(terminate()).then_rejected("termination.preconditions")
    codes = [p.code for p in termination_obstacles(case.state, date(2026, 4, 1))]
    assert codes == [
        "termination.notice_not_issued",
        "termination.no_consumption_restriction",
        "termination.no_search",
        "termination.too_early",
        "termination.applicant_not_heard",
        "termination.not_approved",
    ]
    assert "三个月" in error.zh


def test_only_a_decider_terminates() -> None:
    (
        given(filed(on=MAR_2), *ready_for_termination(), at=TERMINATION_DAY)
        .when(terminate(), actor=OFFICER)
        .then_rejected("auth.forbidden")
    )


def _dormant() -> Any:
    return given(filed(on=MAR_2), *ready_for_termination(), terminate(), at=TERMINATION_DAY)


def test_a_dormant_case_is_searched_again_every_six_months_for_five_years() -> None:
    case = _dormant()
    scenario = case.scenario
    since_termination = len(scenario.events)
    requeries = dormant_requeries(case, date(2032, 6, 3))
    # 终本 Wed 2026-06-03; every re-search counts from it (6, 12 … 60 months), each rolled off a
    # rest day on its own (终本规定 art. 9; DOMAIN-2 `dormant.requery`, issue 14). Counted by hand;
    # the years after 2026 are not announced, so only weekends are rest days there:
    assert requeries == [
        date(2026, 12, 3),  # Thu
        date(2027, 6, 3),  # Thu
        date(2027, 12, 3),  # Fri
        date(2028, 6, 5),  # 06-03 is a Saturday → Mon 06-05
        date(2028, 12, 4),  # 12-03 is a Sunday → Mon 12-04 (chained, it drifted to 12-05)
        date(2029, 6, 4),  # 06-03 is a Sunday → Mon 06-04
        date(2029, 12, 3),  # Mon
        date(2030, 6, 3),  # Mon
        date(2030, 12, 3),  # Tue
        date(2031, 6, 3),  # Tue: five years to the day, the last one
    ]
    # no warnings, no escalations: the system does this by itself
    assert not any(
        e.type in ("deadline_warned", "deadline_escalated")
        for e in scenario.events[since_termination:]
    )
    assert scenario.case.status == "dormant"


def test_a_dormant_requery_does_not_pile_up_searches() -> None:
    case = _dormant()
    case.scenario.advance(moment(date(2027, 12, 31)))
    pending = [s for s in case.state.searches.values() if s.state == "pending"]
    assert len(pending) == 1 and pending[0].dormant_requery


def test_resuming_enforcement_under_an_enforcement_resumed_number() -> None:
    then = (
        _dormant()
        .when(resume_enforcement("（2026）京0105执恢12号"), at=date(2026, 7, 1))
        .then(events=["enforcement_resumed", "deadline_waived", "deadline_opened"])
    )
    s = then.state
    assert (s.status, s.current_case_number, s.resumed_on) == (
        "active",
        "(2026)京0105执恢12号",
        date(2026, 7, 1),
    )
    assert deadline(s, "dormant.requery").state == "waived"
    limits = [d for d in s.deadlines.values() if d.rule == "case.time_limit"]
    assert [d.state for d in limits] == ["waived", "open"]
    # 07-01 + 6 months = Fri 2027-01-01: 2027 is not announced, so only weekends are rest days
    assert (limits[-1].due_on, limits[-1].provisional) == (date(2027, 1, 1), True)
    assert snapshot(s).current_case_number == "(2026)京0105执恢12号"


def test_resuming_under_another_courts_number_is_refused() -> None:
    _dormant().when(resume_enforcement("(2026)京0106执恢12号")).then_rejected(
        "resume.court_mismatch"
    )


def test_only_a_dormant_case_resumes_enforcement() -> None:
    given(filed(on=MAR_2)).when(resume_enforcement("(2026)京0105执恢12号")).then_rejected(
        "stage.not_allowed"
    )


def test_a_resumed_case_extends_its_new_time_limit_like_a_first_one() -> None:
    # The 执恢 case has its own 6-month limit; its first extension is the president's alone.
    # Edition 1 (an extension at any time); edition 2: tests/unit/test_time_limit_rules.py.
    case = given(
        filed(on=MAR_2, edition=1),
        *ready_for_termination(),
        extend_time_limit(),
        terminate().on(TERMINATION_DAY),
        resume_enforcement("(2026)京0105执恢12号").on(date(2026, 7, 1)),
    )
    case.when(extend_time_limit()).then(events=["time_limit_extended", "deadline_rescheduled"])


def test_a_resumed_case_needs_three_months_since_its_own_filing_before_termination() -> None:
    # The 执恢 case is a new case filed on the day enforcement resumed (终本规定 art. 1: more
    # than three months since the case was filed); it cannot be terminated again the next day.
    case = given(
        filed(on=MAR_2),
        *ready_for_termination(),
        terminate().on(TERMINATION_DAY),
        resume_enforcement("(2026)京0105执恢12号").on(date(2026, 7, 1)),
        *heard_and_signed_off(),  # the 执恢 case hears the applicant again (dormant.py)
    )
    case.when(terminate(), at=date(2026, 7, 2)).then_rejected("termination.too_early")


# =============================================================================== closing


def test_closing_as_withdrawn_waives_every_open_deadline() -> None:
    then = (
        given(filed(on=MAR_2))
        .when(close_case("withdrawn"))
        .then(events=["case_closed"] + ["deadline_waived"] * 4)
    )
    s = then.state
    assert (s.status, s.stage, s.outcome, s.closed_on) == ("closed", "closed", "withdrawn", MAR_2)
    assert next_wakeup(s) is None
    # only the writ office's record of a document still rendering (edition 4), no officer's
    assert snapshot(s).allowed_commands == ["record_writ"]


def test_closing_as_terminated() -> None:
    given(filed(on=MAR_2)).when(close_case("terminated")).then(
        state=lambda s: (s.status, s.outcome) == ("closed", "terminated")
    )


def test_fully_enforced_needs_nothing_outstanding() -> None:
    given(filed(on=MAR_2)).when(close_case("fully_enforced")).then_rejected("close.outstanding")


def test_fully_enforced_after_the_whole_amount_is_deducted() -> None:
    case = given(
        filed(on=MAR_2),
        asset_found("AS-1", value_fen=100_000_000),
        freeze_asset("AS-1", 365),
        confirm_freeze("AS-1"),
    )
    then = case.when(deduct_funds("AS-1", 100_000_000)).then(
        events=["funds_deducted", "deadline_met", "deadline_opened"]
    )
    s = then.state
    assert (s.collected_fen, s.outstanding_fen, s.held_fen) == (100_000_000, 0, 100_000_000)
    assert s.assets["AS-1"].disposition == "exhausted"
    # the money must reach the applicant before the case closes as fully enforced
    case.when(close_case("fully_enforced")).then_rejected("close.funds_held")
    paid = given(
        filed(on=MAR_2),
        asset_found("AS-1", value_fen=100_000_000),
        freeze_asset("AS-1", 365),
        confirm_freeze("AS-1"),
        deduct_funds("AS-1", 100_000_000),
        approve_distribution({"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000_000}),
        record_payout(1),
    )
    assert (paid.state.paid_out_fen, paid.state.held_fen) == (100_000_000, 0)
    paid.when(close_case("fully_enforced")).then(state=lambda s: s.outcome == "fully_enforced")


def test_a_case_with_a_measure_in_force_cannot_be_closed() -> None:
    case = given(filed(on=MAR_2), asset_found("AS-1"), freeze_asset("AS-1", 30))
    case.when(close_case("withdrawn")).then_rejected("close.controls_in_force")
    case.when(release_asset("AS-1")).then()
    case.when(close_case("withdrawn")).then(state=lambda s: s.status == "closed")


def test_a_dormant_or_suspended_case_can_be_closed() -> None:
    # the way to 终本 let deadlines reach level 3, so the higher court supervises the case:
    # closing waives the re-search and the 督办 report and closes the 督办
    _dormant().when(close_case("terminated")).then(
        events=["case_closed", "deadline_waived", "deadline_waived", "supervision_closed"],
        state=lambda s: s.status == "closed" and not s.open_supervisions(),
    )
    given(filed(on=MAR_2), suspend()).when(close_case("withdrawn")).then(
        state=lambda s: s.status == "closed"
    )


def test_closing_is_for_deciders_and_a_closed_case_takes_no_command() -> None:
    given(filed(on=MAR_2)).when(close_case("withdrawn"), actor=OFFICER).then_rejected(
        "auth.forbidden"
    )
    closed = given(filed(on=MAR_2), close_case("withdrawn"))
    for step in (issue_notice(), close_case("withdrawn"), asset_found("AS-1"), suspend()):
        closed.when(step).then_rejected("stage.not_allowed")


# =============================================================================== roles


def test_an_officer_of_another_court_may_not_act() -> None:
    error = (
        given(filed(on=MAR_2))
        .when(issue_notice(), actor=OTHER_OFFICER)
        .then_rejected("auth.forbidden")
    )
    assert "京0106" in error.en


@pytest.mark.parametrize("court", ["京", "京01", COURT])
def test_a_supervisor_reads_but_issues_no_case_command(court: str) -> None:
    supervisor = SUPERVISOR.model_copy(update={"court_code": court})
    case = given(filed(on=MAR_2))
    for step in (issue_notice(), suspend(), close_case("withdrawn"), request_asset_search()):
        case.when(step, actor=supervisor).then_rejected("auth.forbidden")


def test_an_integration_only_answers() -> None:
    case = given(
        filed(on=MAR_2),
        issue_notice(),
        request_asset_search(),
        asset_found("AS-1"),
        freeze_asset("AS-1", 30),
    )
    for step in (
        issue_notice(),
        freeze_asset("AS-1", 30),
        suspend(),
        terminate(),
        close_case("withdrawn"),
        extend_time_limit(),
        request_asset_search(),
        consumption_restriction(),
        register_lead("L-1"),
        release_asset("AS-1"),
    ):
        case.when(step, actor=INTEGRATION).then_rejected("auth.forbidden")
    case.when(confirm_freeze("AS-1"), actor=INTEGRATION).then()
    case.when(complete_asset_search(finding("AS-2")), actor=INTEGRATION).then()
    case.when(asset_found("AS-3"), actor=INTEGRATION).then()
    case.when(record_service("TZ-R1", MAR_2), actor=INTEGRATION).then(events=["document_served"])
    case.when(deduct_funds("AS-1", 100), actor=INTEGRATION).then(
        events=["funds_deducted", "deadline_opened"]
    )


@pytest.mark.parametrize("measure", ["fine", "detention", "exit_ban"])
def test_fines_detention_and_exit_bans_need_the_bureau_head_or_president(measure: str) -> None:
    """Editions 1 and 2, as they ran; edition 3: tests/unit/test_sanctions.py."""
    fields: dict[str, Any] = {
        "fine": {"amount_fen": 100_000},
        "detention": {"days": 15},
        "exit_ban": {},
    }[measure]
    case = given(filed(on=MAR_2, edition=COURTS))
    for actor in (OFFICER, JUDGE):
        case.when(impose_measure(measure, **fields), actor=actor).then_rejected(
            "measure.approval_required"
        )
    for actor in (BUREAU_HEAD, PRESIDENT):
        case.when(impose_measure(measure, **fields), actor=actor).then(events=["measure_imposed"])


def test_an_officer_restricts_consumption_once_and_only_of_a_respondent_in_edition_1() -> None:
    # edition 2: the president signs it (tests/unit/test_credit_rules.py)
    case = given(filed(on=MAR_2, edition=1))
    case.when(consumption_restriction("A1"), actor=OFFICER).then_rejected("party.not_respondent")
    case.when(consumption_restriction(), actor=OFFICER).then(events=["measure_imposed"])
    case.when(consumption_restriction(), actor=OFFICER).then_rejected("measure.already_imposed")


# =============================================================================== wire format


def _envelope(command: dict[str, Any], actor: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"request_id": "r-1", "actor": actor or OFFICER.model_dump(), "command": command}


MALFORMED = {
    "negative amount": {"type": "deduct_funds", "asset_id": "AS-1", "amount_fen": -1},
    "zero amount": {"type": "deduct_funds", "asset_id": "AS-1", "amount_fen": 0},
    "unknown type": {"type": "seize_everything", "asset_id": "AS-1"},
    "no type": {"asset_id": "AS-1", "amount_fen": 100},
    "zero period": {
        "type": "freeze_asset",
        "asset_id": "AS-1",
        "measure": "freeze",
        "period_days": 0,
    },
    "unknown measure": {
        "type": "freeze_asset",
        "asset_id": "AS-1",
        "measure": "confiscate",
        "period_days": 30,
    },
    "fine without amount": {"type": "impose_measure", "measure": "fine", "party_id": "R1"},
    "detention over 15 days": {
        "type": "impose_measure",
        "measure": "detention",
        "party_id": "R1",
        "days": 16,
    },
    "resumed under an 执 number": {
        "type": "resume_enforcement",
        "resumed_case_number": "(2026)京0105执12号",
        "reason": "x",
    },
    "resumed under a bad number": {
        "type": "resume_enforcement",
        "resumed_case_number": "2026京0105执恢12号",
        "reason": "x",
    },
    "unknown field": {"type": "issue_notice", "method": "electronic", "urgent": True},
    "bad asset id": {"type": "release_asset", "asset_id": "资产 1", "reason": "x"},
    "empty reason": {"type": "suspend", "reason": ""},
}


@pytest.mark.parametrize("command", MALFORMED.values(), ids=MALFORMED.keys())
def test_a_malformed_command_is_refused_before_any_rule(command: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Envelope.model_validate(_envelope(command))


@pytest.mark.parametrize(
    "actor",
    [
        {"user_id": "u-1", "role": "clerk", "court_code": COURT},
        {"user_id": "", "role": "officer", "court_code": COURT},
        {"user_id": "u-1", "role": "officer"},
    ],
)
def test_a_malformed_actor_is_refused(actor: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Envelope.model_validate(_envelope({"type": "issue_notice"}, actor))


@pytest.mark.parametrize(
    "overrides",
    [
        {"case_number": "2026京0105执1234号"},
        {"case_number": "(2026)京0105民初1234号"},
        {"case_number": "(2026)京0105执恢1234号"},
        {"case_number": "(2026)京0106执1234号"},  # court code does not match
        {"principal_fen": -100},
        {"principal_fen": 0},
        {"applicants": []},
        {"respondents": [{"party_id": "A1", "name": "张三", "kind": "person"}]},  # duplicate id
    ],
)
def test_a_malformed_filing_is_refused(overrides: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        filing(MAR_2, **overrides)


def test_a_full_width_case_number_is_stored_in_its_canonical_form() -> None:
    command = filing(MAR_2, case_number="（2026）京0105执1234号")
    assert isinstance(command, FileCase)
    assert command.case_number == "(2026)京0105执1234号"
