"""事项委托 (domain/task_entrustment.py; DOMAIN-2 `entrust.task`, 委托执行规定 arts. 2 ¶2, 4 ¶2): a
case of 京0105 asks 沪0115 (浦东) to freeze a deposit held in Shanghai, to serve a document, to
look for property; 沪0115's officer answers, and the case holds the events a local action leaves.

Deadlines are counted by hand (working days skip weekends and statutory holidays and count the
make-up working days; 2026 National Day: Thu 10-01 … Wed 10-07 off, Sat 10-10 worked).
"""

from __future__ import annotations

from datetime import date

from domain.commands import Actor
from domain.effects import ExternalRequest, Notification, effects_of
from domain.policy import may_issue
from tests.unit.gwt import (
    OFFICER,
    Do,
    asset_found,
    confirm_freeze,
    deadline,
    filed,
    freeze_asset,
    given,
    issue_notice,
    later,
)

PUDONG = Actor(user_id="u-officer-pd", role="officer", court_code="沪0115")
XUHUI = Actor(user_id="u-officer-xh", role="officer", court_code="沪0104")


def entrust(kind: str, **fields: object) -> Do:
    return Do(
        lambda state, today: {
            "type": "entrust_task",
            "task_id": "T1",
            "helping_court_code": "沪0115",
            "kind": kind,
            "instructions": "请协助办理",
            **fields,
        }
    )


def answer(outcome: str = "done", **fields: object) -> Do:
    return Do(
        lambda state, today: {
            "type": "answer_entrusted_task",
            "task_id": "T1",
            "outcome": outcome,
            "note": "已办理" if outcome == "done" else "该账户不在本辖区",
            **fields,
        },
        PUDONG,
    )


def deposit_entrusted() -> object:
    return given(
        filed(date(2026, 9, 21)),
        asset_found("D1", value_fen=80_000_000),
        entrust("freeze", asset_id="D1", measure="freeze", period_days=365).on(date(2026, 9, 28)),
    )


def test_a_freeze_is_entrusted_to_the_helping_court_not_sent_to_the_registry() -> None:
    case = given(filed(date(2026, 9, 21)), asset_found("D1", value_fen=80_000_000))
    then = case.when(
        entrust("freeze", asset_id="D1", measure="freeze", period_days=365), at=date(2026, 9, 28)
    ).then(events=["freeze_requested", "task_entrusted", "deadline_opened"])
    requested = then.event("freeze_requested")
    assert requested.entrusted_to == "沪0115"
    effects = [x for e in then.new_events for x in effects_of(then.state, e)]
    assert not [x for x in effects if isinstance(x, ExternalRequest)]  # no bank request here
    (told,) = [x for x in effects if isinstance(x, Notification)]
    assert (told.court_code, told.recipient_role) == ("沪0115", "officer")
    assert "事项委托" in told.subject
    # requested Mon 09-28, 10 working days from 09-29: 09-29, 09-30, (10-01…07 off), 10-08,
    # 10-09, Sat 10-10 (make-up), 10-12, 10-13, 10-14, 10-15, Fri 10-16
    assert deadline(then.state, "entrust.task", "T1").due_on == date(2026, 10, 16)


def test_the_helping_courts_answer_leaves_the_local_actions_events() -> None:
    case = deposit_entrusted()
    # the case's own officer may not confirm it, nor may another court answer
    case.when(confirm_freeze("D1").by(OFFICER), at=date(2026, 10, 9)).then_rejected(
        "freeze.entrusted"
    )
    case.when(answer().by(XUHUI), at=date(2026, 10, 9)).then_rejected("task.not_yours")
    then = case.when(
        answer(done_on="2026-10-09", frozen_fen=80_000_000), at=date(2026, 10, 9)
    ).then(events=["task_answered", "freeze_confirmed", "deadline_opened", "deadline_met"])
    confirmed = then.event("freeze_confirmed")
    assert confirmed.actor == PUDONG  # 全程留痕: who did it, of which court
    assert confirmed.expires_on == date(2027, 10, 8)  # 365 days from 10-09, that day included
    assert then.state.assets["D1"].control is not None
    assert then.state.assets["D1"].control.state == "effective"
    assert deadline(then.state, "entrust.task", "T1").state == "met"
    assert then.state.entrusted_tasks["T1"].state == "done"


def test_a_refused_freeze_leaves_the_asset_free_to_ask_again() -> None:
    case = deposit_entrusted()
    then = case.when(answer("refused"), at=date(2026, 9, 30)).then(
        events=["task_answered", "deadline_met"]
    )
    assert then.state.assets["D1"].control is None
    assert then.state.entrusted_tasks["T1"].note == "该账户不在本辖区"
    case.when(freeze_asset("D1", 365), at=date(2026, 9, 30)).then(events=["freeze_requested"])


def test_service_and_investigation_answers() -> None:
    case = given(filed(date(2026, 3, 2)), issue_notice())
    document_id = next(iter(case.state.documents))
    case.when(entrust("service", document_id=document_id)).then(
        events=["task_entrusted", "deadline_opened"]
    )
    case.when(answer(done_on="2026-03-03"), at=date(2026, 3, 3)).then_rejected("task.method")
    then = case.when(answer(done_on="2026-03-03", method="direct"), at=date(2026, 3, 3)).then()
    assert "document_served" in [e.type for e in then.new_events]
    assert then.state.documents[document_id].served_on == date(2026, 3, 3)

    other = given(filed(date(2026, 3, 2)))
    other.when(entrust("investigation")).then()
    finding = {
        "asset_id": "RE-SH",
        "kind": "real_estate",
        "description": "上海市浦东新区某路1号",
        "owner_party_id": "R1",
        "holder": "上海市浦东新区不动产登记中心",
    }
    found = other.when(answer(findings=[finding])).then(
        events=["task_answered", "asset_found", "deadline_met"]
    )
    assert "RE-SH" in found.state.assets


def test_entrusting_needs_another_court_and_the_terms() -> None:
    case = given(filed(date(2026, 3, 2)), asset_found("D1"))
    own = Do(
        lambda s, t: {
            "type": "entrust_task",
            "task_id": "T1",
            "helping_court_code": "京0105",
            "kind": "investigation",
            "instructions": "x",
        }
    )
    case.when(own).then_rejected("task.own_court")
    case.when(entrust("freeze", asset_id="D1")).then_rejected("task.freeze_terms")
    case.when(entrust("service", document_id="DOC-X")).then_rejected("task.document")


def test_only_another_courts_staff_may_answer() -> None:
    chain = ("京0105", "京03", "京", "最高法")
    assert may_issue(PUDONG, chain, "answer_entrusted_task")
    assert not may_issue(OFFICER, chain, "answer_entrusted_task")  # not the case's own court
    assert may_issue(OFFICER, chain, "entrust_task")
    assert not may_issue(PUDONG, chain, "entrust_task")


def test_an_unanswered_task_escalates_on_the_requesting_courts_ladder() -> None:
    case = deposit_entrusted()
    then = case.when(later(date(2026, 10, 27))).then()  # due 10-16; +10 days = 10-26
    climbed = [
        (e.level, e.notify_role, e.notify_court_code)
        for e in then.new_events
        if e.type == "deadline_escalated" and e.deadline_id.startswith("entrust.task")
    ]
    assert climbed == [
        (1, "officer", "京0105"),
        (2, "bureau_head", "京0105"),
        (3, "higher_court", "京03"),
    ]
