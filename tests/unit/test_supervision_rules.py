"""督办 (supervision) and 涉执信访 (petitions), given → when → then."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from domain.commands import Actor
from domain.deadline_watch import next_wakeup
from domain.policy import may_issue
from domain.snapshot import snapshot
from domain.state import URGINGS_KEPT, CaseState
from tests.unit.gwt import (
    BUREAU_HEAD,
    COURT,
    JUDGE,
    OFFICER,
    Do,
    close_case,
    day_end,
    deadline,
    filed,
    given,
    later,
    ready_for_termination,
    terminate,
)

MAR_2 = date(2026, 3, 2)
SUP_03 = Actor(user_id="u-sup-03", role="supervisor", court_code="京03")
SUP_BJ = Actor(user_id="u-sup-bj", role="supervisor", court_code="京")
SUP_02 = Actor(user_id="u-sup-02", role="supervisor", court_code="京02")
SUP_SAME = Actor(user_id="u-sup-0305", role="supervisor", court_code=COURT)


def _do(actor: Actor, **command: Any) -> Do:
    return Do(lambda state, today: dict(command), actor)


def open_supervision(report_due_on: date, actor: Actor = SUP_03) -> Do:
    return _do(
        actor,
        type="open_supervision",
        report_due_on=report_due_on,
        instructions="当事人反映久拖不执，请报告办理情况",
    )


def _only(state: CaseState) -> str:
    (supervision,) = state.supervisions.values()
    return supervision.supervision_id


def report(supervision_id: str | None = None) -> Do:
    def build(state: CaseState, today: date) -> dict[str, Any]:
        return {
            "type": "submit_supervision_report",
            "supervision_id": supervision_id or _only(state),
            "summary": "已冻结被执行人账户，正在评估",
        }

    return Do(build, OFFICER)


def urge(message: str = "请加快办理", actor: Actor = SUP_03) -> Do:
    return _do(actor, type="urge", message=message)


def close_supervision(actor: Actor = SUP_03) -> Do:
    return Do(
        lambda state, today: {
            "type": "close_supervision",
            "supervision_id": _only(state),
            "reason": "已妥善办理",
        },
        actor,
    )


def register_petition(about_delay: bool = False, received_on: date | None = None) -> Do:
    command: dict[str, Any] = {
        "type": "register_petition",
        "petitioner": "张三",
        "channel": "visit",
        "summary": "申请执行人反映案件长期未执行",
        "about_delay": about_delay,
    }
    if received_on is not None:
        command["received_on"] = received_on
    return Do(lambda state, today: command, OFFICER)


def _petition_id(state: CaseState) -> str:
    (petition,) = state.petitions.values()
    return petition.petition_id


def respond_petition() -> Do:
    return Do(
        lambda state, today: {
            "type": "respond_petition",
            "petition_id": _petition_id(state),
            "response": "已登记，由承办人办理",
        },
        OFFICER,
    )


def close_petition(outcome: str = "resolved") -> Do:
    return Do(
        lambda state, today: {
            "type": "close_petition",
            "petition_id": _petition_id(state),
            "outcome": outcome,
        },
        OFFICER,
    )


def _report_deadline(state: CaseState) -> Any:
    return deadline(state, "supervision.report", _only(state))


# ------------------------------------------------------------------------- who may supervise


def test_a_supervisor_of_a_higher_court_opens_a_supervision_with_a_report_deadline() -> None:
    then = (
        given(filed(on=MAR_2))
        .when(open_supervision(date(2026, 3, 20)))
        .then(events=["supervision_opened", "deadline_opened"])
    )
    opened = then.event("supervision_opened")
    assert (opened.supervising_court_code, opened.report_due_on) == ("京03", date(2026, 3, 20))
    d = _report_deadline(then.state)
    assert (d.due_on, d.responsible_role) == (date(2026, 3, 20), "bureau_head")
    snap = snapshot(then.state)
    assert snap.supervised and snap.supervisions[0].state == "open"
    assert "submit_supervision_report" in snap.allowed_commands
    assert may_issue(OFFICER, ("京0105", "京03", "京", "最高法"), "submit_supervision_report")


@pytest.mark.parametrize("actor", [SUP_SAME, SUP_02, OFFICER, BUREAU_HEAD])
def test_only_a_court_above_may_open_a_supervision(actor: Actor) -> None:
    given(filed(on=MAR_2)).when(open_supervision(date(2026, 3, 20), actor)).then_rejected(
        "auth.forbidden"
    )


def test_the_report_date_is_after_today_and_one_court_supervises_once() -> None:
    case = given(filed(on=MAR_2))
    case.when(open_supervision(MAR_2)).then_rejected("supervision.report_date")
    case = given(filed(on=MAR_2), open_supervision(date(2026, 3, 20)))
    case.when(open_supervision(date(2026, 3, 25))).then_rejected("supervision.already_open")
    # the high court may supervise the same case beside the intermediate court
    case.when(open_supervision(date(2026, 3, 25), SUP_BJ)).then(
        events=["supervision_opened", "deadline_opened"]
    )


# ------------------------------------------------------------------------- the report ladder


def test_an_unreported_supervision_climbs_its_own_ladder_to_the_court_above() -> None:
    case = given(filed(on=MAR_2), open_supervision(date(2026, 3, 20)))
    due_at = day_end(date(2026, 3, 20))
    report_id = _report_deadline(case.state).deadline_id
    steps = [
        (due_at, 1, "bureau_head", COURT),  # reminder to the handling court
        (due_at + timedelta(days=5), 2, "supervising_leadership", "京03"),
        (due_at + timedelta(days=15), 3, "higher_court", "京"),  # the court above 京03
    ]
    warned = case.when(later(due_at - timedelta(days=3)))
    assert [e.type for e in warned.new_events if getattr(e, "deadline_id", "") == report_id] == [
        "deadline_warned"
    ]
    for at, level, role, court in steps:
        assert next_wakeup(case.state) is not None
        then = case.when(later(at))
        mine = [
            e
            for e in then.new_events
            if e.type == "deadline_escalated" and e.deadline_id == report_id
        ]
        assert mine[0].occurred_at == at  # on the very day the ladder says
        assert [(e.level, e.notify_role, e.notify_court_code) for e in mine] == [
            (level, role, court)
        ]
        # a supervision's own ladder opens no further 督办
        assert not [e for e in then.new_events if e.type == "supervision_opened"]
    assert _report_deadline(case.state).escalation_level == 3


def test_a_report_meets_the_deadline_and_urging_is_recorded_any_number_of_times() -> None:
    case = given(filed(on=MAR_2), open_supervision(date(2026, 3, 20)))
    case.when(urge("第一次催办")).then(events=["supervision_urged"])
    then = case.when(urge("第二次催办", SUP_BJ)).then(events=["supervision_urged"])
    urgings = next(iter(then.state.supervisions.values())).urgings
    assert [(u.court_code, u.message) for u in urgings] == [
        ("京03", "第一次催办"),
        ("京", "第二次催办"),
    ]
    then = case.when(report()).then(events=["supervision_report_submitted", "deadline_met"])
    assert next(iter(then.state.supervisions.values())).state == "reported"
    assert not [d for d in then.state.open_deadlines() if d.rule == "supervision.report"]


def test_urged_without_limit_the_state_keeps_the_count_and_the_latest_urgings() -> None:
    # 催办 may be repeated any number of times; every urging is an event (the record keeps them
    # all), the state the count and the latest URGINGS_KEPT, so a command costs the same however
    # often the case was urged.
    case = given(filed(on=MAR_2), open_supervision(date(2026, 3, 20)))
    for n in range(1, URGINGS_KEPT + 6):
        then = case.when(urge(f"第{n}次催办")).then(events=["supervision_urged"])
    supervision = next(iter(then.state.supervisions.values()))
    assert supervision.urged == URGINGS_KEPT + 5
    assert [u.message for u in supervision.urgings] == [
        f"第{n}次催办" for n in range(6, URGINGS_KEPT + 6)
    ]


def test_an_officer_cannot_urge_and_a_sibling_court_cannot_close() -> None:
    case = given(filed(on=MAR_2), open_supervision(date(2026, 3, 20)))
    case.when(urge(actor=OFFICER)).then_rejected("auth.forbidden")
    case.when(close_supervision(SUP_02)).then_rejected("auth.forbidden")


def test_only_the_supervising_court_or_above_closes_a_supervision() -> None:
    case = given(filed(on=MAR_2), open_supervision(date(2026, 3, 20), SUP_BJ))
    case.when(close_supervision(SUP_03)).then_rejected("supervision.not_yours")
    then = case.when(close_supervision(SUP_BJ)).then(
        events=["supervision_closed", "deadline_waived"]
    )
    assert not snapshot(then.state).supervised


# ------------------------------------------------------------- automatic supervision (level 3)


def test_level_3_of_a_case_deadline_opens_a_supervision_at_the_higher_court() -> None:
    # assets.search is due 03-09 (03-07 is a Saturday); level 3 at the end of 03-19
    case = given(filed(on=MAR_2), later(date(2026, 3, 20)))
    opened = [e for e in case.scenario.events if e.type == "supervision_opened"]
    assert len(opened) == 1
    auto = opened[0]
    assert (auto.supervising_court_code, auto.automatic) == ("京03", True)
    assert auto.trigger_deadline_id == deadline(case.state, "assets.search").deadline_id
    assert auto.occurred_at == day_end(date(2026, 3, 19))
    # 15 days from 03-20 (the 19th is over) end on 04-04, 清明 (04-04..06): rolled to 04-07
    assert auto.report_due_on == date(2026, 4, 7)
    assert snapshot(case.state).supervised
    # another deadline reaching level 3 later does not open a second one from 京03
    case = given(filed(on=MAR_2), later(date(2026, 4, 30)))
    assert len([e for e in case.scenario.events if e.type == "supervision_opened"]) == 1


def test_a_case_already_supervised_by_the_higher_court_is_not_supervised_twice() -> None:
    case = given(filed(on=MAR_2), open_supervision(date(2026, 5, 30)), later(date(2026, 3, 22)))
    assert len(case.state.supervisions) == 1


# ------------------------------------------------------------------------------- petitions


def test_a_petition_on_the_friday_before_national_day_is_due_on_the_right_working_day() -> None:
    # Fri 2026-09-25 is 中秋 and National Day follows (10-01..07): working days 09-28, 29, 30,
    # 10-08 and 10-09 -> registration due Fri 10-09; 30 days end Sun 10-25 -> Mon 10-26.
    friday = date(2026, 9, 25)
    then = (
        given(filed(on=date(2026, 9, 1)))
        .when(register_petition(), at=friday)
        .then(events=["petition_registered", "deadline_opened", "deadline_opened"])
    )
    pid = _petition_id(then.state)
    assert deadline(then.state, "petition.register", pid).due_on == date(2026, 10, 9)
    assert deadline(then.state, "petition.conclude", pid).due_on == date(2026, 10, 26)
    snap = snapshot(then.state)
    assert snap.open_petitions == 1 and snap.petitions[0].received_on == friday


def test_a_petition_received_earlier_counts_from_its_receipt_and_not_from_the_future() -> None:
    case = given(filed(on=date(2026, 9, 1)), at=date(2026, 10, 12))
    then = case.when(register_petition(received_on=date(2026, 9, 25))).then()
    assert deadline(then.state, "petition.register", _petition_id(then.state)).due_on == date(
        2026, 10, 9
    )
    case.when(register_petition(received_on=date(2026, 10, 13))).then_rejected("date.in_future")


def test_responding_meets_registration_and_closing_concludes() -> None:
    case = given(filed(on=MAR_2), register_petition())
    case.when(respond_petition()).then(events=["petition_responded", "deadline_met"])
    then = case.when(close_petition("unfounded")).then(events=["petition_closed", "deadline_met"])
    petition = next(iter(then.state.petitions.values()))
    assert (petition.state, petition.outcome) == ("closed", "unfounded")
    assert snapshot(then.state).open_petitions == 0
    case.when(close_petition()).then_rejected("petition.not_open")


def test_a_petition_about_delay_puts_overdue_deadlines_before_the_bureau_head_at_once() -> None:
    # 03-13: notice.issue (due 03-12) is at level 1; assets.search (due 03-09) already at 2
    case = given(filed(on=MAR_2), at=date(2026, 3, 13))
    levels = {d.rule: d.escalation_level for d in case.state.open_deadlines()}
    assert (levels["notice.issue"], levels["assets.search"]) == (1, 2)
    then = case.when(register_petition(about_delay=True))
    escalated = [e for e in then.new_events if e.type == "deadline_escalated"]
    assert [(e.rule, e.level, e.notify_role, e.notify_court_code) for e in escalated] == [
        ("notice.issue", 2, "bureau_head", COURT)
    ]
    # a petition not about delay escalates nothing
    quiet = given(filed(on=MAR_2), at=date(2026, 3, 13)).when(register_petition())
    assert not [e for e in quiet.new_events if e.type == "deadline_escalated"]


# ------------------------------------------------------------------------- closing the case


def test_closing_the_case_closes_its_supervisions_and_petitions_with_a_reason() -> None:
    case = given(filed(on=MAR_2), open_supervision(date(2026, 3, 20)), register_petition())
    then = case.when(close_case("withdrawn"), actor=JUDGE).then()
    types = [e.type for e in then.new_events]
    assert types[0] == "case_closed" and "supervision_closed" in types
    assert "petition_closed" in types
    closed = then.event("supervision_closed")
    assert closed.with_case and "结案" in closed.reason
    assert then.event("petition_closed").outcome == "case_closed"
    snap = snapshot(then.state)
    assert not snap.supervised and snap.open_petitions == 0
    assert not then.state.open_deadlines()


def test_a_dormant_case_still_owes_its_petition_and_report() -> None:
    case = given(
        filed(on=MAR_2),
        *ready_for_termination(),
        open_supervision(date(2026, 7, 1), SUP_BJ),
        register_petition(),
        at=date(2026, 6, 5),
    )
    then = case.when(terminate(), actor=JUDGE).then()
    rules = {d.rule for d in then.state.open_deadlines()}
    assert {"supervision.report", "petition.register", "petition.conclude"} <= rules
