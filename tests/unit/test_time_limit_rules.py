"""The case time limit (执行期限) under edition 2, given → when → then, one block per row of
DOMAIN-2 §10 (and §13 item 5). Every due date is counted by hand in a comment on the court
calendar of 2026 (chinese-calendar's: Mid-autumn 09-25…27, National Day 10-01…07 with the
make-up working days Sun 09-20 and Sat 10-10); 2027 is not announced, so only weekends rest
there and its dates are provisional. Edition 1 keeps its own reading: tests/unit/test_rules.py
(the tests named "…in_edition_1")."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from domain.commands import Envelope
from domain.editions import COURTS
from domain.effects import Notification, effects_of
from domain.procedure import extension_window
from domain.snapshot import snapshot
from tests.unit.gwt import (
    BUREAU_HEAD,
    JUDGE,
    OFFICER,
    PRESIDENT,
    VICE_PRESIDENT,
    begin_excluded_period,
    deadline,
    end_excluded_period,
    extend_time_limit,
    filed,
    given,
    later,
    ready_for_termination,
    resume,
    resume_enforcement,
    suspend,
    terminate,
)

MAR_2 = date(2026, 3, 2)  # filed: the six months end on Wed 2026-09-02, a working day
SEP_2 = date(2026, 9, 2)


# ===================================================== case.time_limit.request (DOMAIN-2 §10)
# "申请延长执行期限的，应当在期限届满前5日内提出" (2006 期限规定 art. 1): within the last five
# days before the last day, not "at least five days before" (§13 item 5).


@pytest.mark.parametrize(
    ("filed_on", "asked_on", "code"),
    [
        # last day Wed 09-02: window Fri 08-28 … Tue 09-01 (Sat 08-29, Sun 08-30 inside it)
        (MAR_2, date(2026, 8, 27), "time_limit.too_early"),  # Thu: six days before
        (MAR_2, date(2026, 8, 28), None),  # Fri: five days before, the window's first day
        (MAR_2, date(2026, 8, 30), None),  # Sun, inside the window
        (MAR_2, date(2026, 9, 1), None),  # Tue: the day before, the window's last day
        (MAR_2, SEP_2, "time_limit.too_late"),  # the last day itself is not "before" it
        # filed 04-01: six months end on Thu 10-01 (National Day) → rolled to Thu 10-08. The
        # window 10-03 … 10-07 is all holiday; its last day rolls to the first working day
        # after it, Thu 10-08 (民诉法 (2023) art. 85), so the window is 10-03 … 10-08
        (date(2026, 4, 1), date(2026, 9, 30), "time_limit.too_early"),  # eight days before
        (date(2026, 4, 1), date(2026, 10, 2), "time_limit.too_early"),  # six days before
        (date(2026, 4, 1), date(2026, 10, 3), None),  # Sat, a holiday: five days before
        (date(2026, 4, 1), date(2026, 10, 8), None),  # the last day: the only working day
        # filed Fri 03-27: six months end on Sun 09-27 (Mid-autumn) → Mon 09-28. Window Wed
        # 09-23 … Sun 09-27, its last day rolled to Mon 09-28
        (date(2026, 3, 27), date(2026, 9, 22), "time_limit.too_early"),  # six days before
        (date(2026, 3, 27), date(2026, 9, 23), None),
        (date(2026, 3, 27), date(2026, 9, 28), None),
    ],
)
def test_an_extension_is_asked_within_the_last_five_days(
    filed_on: date, asked_on: date, code: str | None
) -> None:
    case = given(filed(on=filed_on), at=asked_on)
    outcome = case.when(extend_time_limit())
    if code is not None:
        error = outcome.then_rejected(code)
        assert "届满前5日内" in error.zh
    else:
        outcome.then(events=["time_limit_extended", "deadline_rescheduled"])


def test_the_window_counted_by_hand() -> None:
    assert extension_window(SEP_2) == (date(2026, 8, 28), date(2026, 9, 1))
    assert extension_window(date(2026, 10, 8)) == (date(2026, 10, 3), date(2026, 10, 8))
    assert extension_window(date(2026, 9, 28)) == (date(2026, 9, 23), date(2026, 9, 28))


def test_under_edition_2_an_extension_ran_three_months_from_the_rolled_last_day() -> None:
    # filed 04-01: last day Thu 10-08 (10-01 rolled). Asked on 10-08: + 3 months = Fri
    # 2027-01-08, a working day as far as is known (2027 not announced: provisional). Edition 3
    # counts from the nominal 10-01 instead (tests/unit/test_due_dates.py).
    then = (
        given(filed(on=date(2026, 4, 1), edition=COURTS), at=date(2026, 10, 8))
        .when(extend_time_limit())
        .then(events=["time_limit_extended", "deadline_rescheduled"])
    )
    limit = deadline(then.state, "case.time_limit")
    assert (limit.due_on, limit.provisional) == (date(2027, 1, 8), True)


def test_while_the_limit_stands_still_its_clock_stands_at_the_day_it_stopped() -> None:
    # suspended Mon 08-31 with two days left (last day 09-02): in the window, so the president
    # may extend during the suspension, on 10-15. The limit moves 09-02 → Wed 12-02 (+3
    # months); resumed Tue 10-20 after 50 days (08-31 → 09-30 is 30, → 10-20 is 20 more), it
    # moves by them: 12-02 + 50 = 2027-01-21 (12-02 + 29 = 12-31, + 21), a Thursday
    case = given(
        filed(on=MAR_2),
        suspend().on(date(2026, 8, 31)),
        extend_time_limit().on(date(2026, 10, 15)),
    )
    assert deadline(case.state, "case.time_limit").due_on == date(2026, 12, 2)
    then = case.when(resume(), at=date(2026, 10, 20)).then()
    limit = deadline(then.state, "case.time_limit")
    assert (limit.due_on, limit.provisional) == (date(2027, 1, 21), True)
    assert then.state.paused_days == 50


def test_a_limit_stopped_months_before_its_end_is_not_yet_in_its_window() -> None:
    # suspended 03-05, six months before the last day: asked on 08-30 (in the window by the
    # calendar), the limit still has 181 days to run (03-05 → 09-02), so it is early
    (
        given(filed(on=MAR_2), suspend().on(date(2026, 3, 5)), at=date(2026, 8, 30))
        .when(extend_time_limit())
        .then_rejected("time_limit.too_early")
    )


# ===================================================== case.time_limit.extend (DOMAIN-2 §10)
# "应当报请本院院长或副院长批准" (2006 期限规定 art. 1): the president or a vice-president.


@pytest.mark.parametrize("approver", [PRESIDENT, VICE_PRESIDENT])
def test_the_president_or_a_vice_president_extends_by_three_months(approver: Any) -> None:
    # asked Fri 08-28 (five days before Wed 09-02): 09-02 + 3 months = Wed 12-02
    then = (
        given(filed(on=MAR_2), at=date(2026, 8, 28))
        .when(extend_time_limit(), actor=approver)
        .then(events=["time_limit_extended", "deadline_rescheduled"])
    )
    assert then.event("time_limit_extended").actor.role == approver.role
    assert deadline(then.state, "case.time_limit").due_on == date(2026, 12, 2)
    assert snapshot(then.state).time_limit.extensions == 1


@pytest.mark.parametrize("actor", [OFFICER, JUDGE, BUREAU_HEAD])
def test_nobody_else_extends(actor: Any) -> None:
    (
        given(filed(on=MAR_2), at=date(2026, 8, 28))
        .when(extend_time_limit(), actor=actor)
        .then_rejected("auth.forbidden")
    )


def test_a_vice_president_does_not_extend_an_edition_1_case() -> None:
    # edition 1 reads the 2000 rule (the president alone), as its histories ran
    case = given(filed(on=MAR_2, edition=1), at=date(2026, 8, 28))
    case.when(extend_time_limit(), actor=VICE_PRESIDENT).then_rejected("auth.forbidden")
    case.when(extend_time_limit(), actor=PRESIDENT).then()


# ===================================================== case.time_limit.further (DOMAIN-2 §10)
# "还需延长的，层报高级人民法院备案" (审限规定 art. 5): reported up for the record, not approved.


def _extended_once() -> Any:
    # first extension Fri 08-28: last day Wed 12-02; its window Fri 11-27 … Tue 12-01
    return given(
        filed(on=MAR_2), extend_time_limit().on(date(2026, 8, 28)), later(date(2026, 11, 30))
    )


def test_a_further_extension_is_filed_with_the_high_court() -> None:
    # 京0105's chain: 京0105 → 京03 → 京 → 最高法. The high court is 京, the court just below
    # 最高法; the report goes up through 京03 (层报). Asked Mon 11-30: 12-02 + 3 months = Tue
    # 2027-03-02 (2027 not announced: provisional)
    then = (
        _extended_once()
        .when(extend_time_limit())
        .then(events=["time_limit_extended", "time_limit_extension_filed", "deadline_rescheduled"])
    )
    filed_with = then.event("time_limit_extension_filed")
    assert (filed_with.high_court_code, filed_with.through) == ("京", ["京03"])
    assert (filed_with.extension, filed_with.on) == (2, date(2026, 11, 30))
    assert then.event("time_limit_extended").high_court_approval_no is None
    limit = deadline(then.state, "case.time_limit")
    assert (limit.due_on, limit.provisional) == (date(2027, 3, 2), True)
    assert then.state.time_limit_extensions == 2
    # the high court's command centre is told (an effect: a notice to 京)
    [notice] = effects_of(then.state, filed_with)
    assert isinstance(notice, Notification)
    assert (notice.court_code, notice.recipient_role) == ("京", "higher_court")
    assert "备案" in notice.subject and "京03" in notice.body


def test_a_further_extension_asks_no_approval_number() -> None:
    (
        _extended_once()
        .when(extend_time_limit(high_court_approval_no="京高法执〔2026〕12号"))
        .then_rejected("time_limit.filed_not_approved")
    )


def test_the_first_extension_of_a_resumed_case_is_not_filed() -> None:
    # extended Fri 08-28 (last day → 12-02), 终本 Mon 08-31, 执恢 Tue 09-01: the 执恢 case's own
    # limit ends 2027-03-01 (Mon); its window 2027-02-24 … 02-28 (Sun) rolls to Mon 03-01.
    # Asked Thu 2027-02-25, it is the new case's first extension: nothing to file
    case = given(
        filed(on=MAR_2),
        *ready_for_termination(),
        extend_time_limit().on(date(2026, 8, 28)),
        terminate().on(date(2026, 8, 31)),
        resume_enforcement("(2026)京0105执恢12号").on(date(2026, 9, 1)),
        later(date(2027, 2, 25)),
    )
    assert deadline(case.state, "case.time_limit").due_on == date(2027, 3, 1)
    case.when(extend_time_limit()).then(events=["time_limit_extended", "deadline_rescheduled"])


# ===================================================== case.time_limit.excluded (DOMAIN-2 §10)
# 审限规定 art. 9: "（八）…由有关专业机构进行审计、评估、资产清理的期间" and "（十一）上级
# 人民法院通知暂缓执行的期间" do not count.


def test_an_agencys_audit_does_not_count() -> None:
    # audit Wed 04-01 → Mon 05-11: 40 days (04-01 → 05-01 is 30, → 05-11 is 10). The last
    # day moves 09-02 + 40 = Mon 10-12 (09-02 + 28 = 09-30, + 12)
    case = given(filed(on=MAR_2), begin_excluded_period("audit").on(date(2026, 4, 1)))
    assert case.state.time_limit_paused_on == date(2026, 4, 1)
    assert [e.type for e in case.scenario.events[-2:]] == [
        "excluded_period_began",
        "time_limit_paused",
    ]
    assert case.scenario.events[-1].reasons == ["audit"]
    then = case.when(end_excluded_period(), at=date(2026, 5, 11)).then(
        events=["excluded_period_ended", "time_limit_running", "deadline_rescheduled"]
    )
    assert then.event("time_limit_running").paused_days == 40
    assert deadline(then.state, "case.time_limit").due_on == date(2026, 10, 12)
    (period,) = snapshot(then.state).time_limit.excluded_periods
    assert (period.kind, period.began_on, period.ended_on) == (
        "audit",
        date(2026, 4, 1),
        date(2026, 5, 11),
    )


def test_asset_clearing_pushes_the_limit_past_national_day() -> None:
    # asset clearing Wed 05-06 → Fri 06-05: 30 days (05-06 → 06-05, May has 31). 09-02 + 30 =
    # Fri 10-02, National Day → rolled to Thu 10-08, the first working day after it
    then = (
        given(filed(on=MAR_2), begin_excluded_period("asset_clearing").on(date(2026, 5, 6)))
        .when(end_excluded_period(), at=date(2026, 6, 5))
        .then(events=["excluded_period_ended", "time_limit_running", "deadline_rescheduled"])
    )
    assert then.event("time_limit_running").paused_days == 30
    assert deadline(then.state, "case.time_limit").due_on == date(2026, 10, 8)


def test_a_stay_a_higher_court_ordered_does_not_count() -> None:
    # 京03 (above 京0105 in its chain) orders a stay Mon 06-01 → Tue 06-16: 15 days. 09-02 +
    # 15 = Thu 09-17
    then = (
        given(
            filed(on=MAR_2),
            begin_excluded_period("higher_court_stay", ordering_court_code="京03").on(
                date(2026, 6, 1)
            ),
        )
        .when(end_excluded_period(), at=date(2026, 6, 16))
        .then(events=["excluded_period_ended", "time_limit_running", "deadline_rescheduled"])
    )
    assert deadline(then.state, "case.time_limit").due_on == date(2026, 9, 17)
    (period,) = then.state.excluded_periods.values()
    assert period.ordering_court_code == "京03"


@pytest.mark.parametrize("court", ["京0105", "京01", "京0106"])
def test_a_stay_is_ordered_by_a_court_above_the_case(court: str) -> None:
    # 京0105 is the case's own court; 京01 and 京0106 are not in its chain
    (
        given(filed(on=MAR_2))
        .when(begin_excluded_period("higher_court_stay", ordering_court_code=court))
        .then_rejected("excluded.court_not_above")
    )


def test_the_limit_runs_again_when_the_last_reason_ends() -> None:
    # audit 04-01 → 05-11 and a stay 04-20 → 05-20 overlap: the limit stops on 04-01 and runs
    # again on 05-20, 49 days later (04-01 → 05-01 is 30, → 05-20 is 19). 09-02 + 49 = Wed
    # 10-21 (09-02 + 28 = 09-30, + 21)
    case = given(
        filed(on=MAR_2),
        begin_excluded_period("audit").on(date(2026, 4, 1)),
        begin_excluded_period("higher_court_stay", ordering_court_code="京").on(date(2026, 4, 20)),
    )
    audit = next(p.period_id for p in case.state.excluded_periods.values() if p.kind == "audit")
    case.when(end_excluded_period(audit), at=date(2026, 5, 11)).then(
        events=["excluded_period_ended"]
    )
    then = case.when(end_excluded_period(), at=date(2026, 5, 20)).then(
        events=["excluded_period_ended", "time_limit_running", "deadline_rescheduled"]
    )
    assert then.event("time_limit_running").paused_days == 49
    assert deadline(then.state, "case.time_limit").due_on == date(2026, 10, 21)


def test_a_period_ends_once() -> None:
    case = given(filed(on=MAR_2), begin_excluded_period("audit"))
    period_id = next(iter(case.state.excluded_periods))
    case.when(end_excluded_period(period_id)).then()
    case.when(end_excluded_period(period_id)).then_rejected("excluded.ended")
    case.when(end_excluded_period("X999")).then_rejected("excluded.unknown")


def test_termination_ends_the_periods_running() -> None:
    then = (
        given(
            filed(on=MAR_2),
            *ready_for_termination(),
            begin_excluded_period("audit").on(date(2026, 6, 1)),
        )
        .when(terminate(), at=date(2026, 6, 5))
        .then()
    )
    assert not any(p.running for p in then.state.excluded_periods.values())
    assert then.state.time_limit_paused_on is None


def test_an_edition_1_case_has_no_such_periods() -> None:
    case = given(filed(on=MAR_2, edition=1))
    assert "begin_excluded_period" not in snapshot(case.state).allowed_commands
    case.when(begin_excluded_period("audit")).then_rejected("edition.not_in_rules")


@pytest.mark.parametrize(
    "command",
    [
        {"kind": "higher_court_stay", "agency": "某机构"},  # a stay names its court
        {"kind": "audit"},  # an audit names its agency
        {"kind": "asset_clearing", "agency": " "},
        {"kind": "audit", "agency": "某会计师事务所", "ordering_court_code": "京03"},
    ],
)
def test_a_period_names_who_it_waits_for(command: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Envelope.model_validate(
            {
                "request_id": "r-1",
                "actor": OFFICER.model_dump(),
                "command": {"type": "begin_excluded_period", "reason": "理由", **command},
            }
        )
