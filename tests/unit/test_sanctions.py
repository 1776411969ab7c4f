"""Fines and detention within the law, edition 3 (domain/sanctions.py; DOMAIN-2 §4, 民诉法 (2023)
arts. 118-119). Issue 14's case: a fine of 5,000,000,000 yuan was accepted, approved by a bureau
head. The sample respondent R1 is a company (a unit); the person is added where needed."""

from __future__ import annotations

import zlib
from datetime import date, datetime, time, timedelta
from typing import Any

import pytest

from domain import registry
from domain.calendar import SHANGHAI
from domain.deadline_watch import next_wakeup, wake_time
from domain.editions import COURTS
from tests.unit.gwt import (
    BUREAU_HEAD,
    OFFICER,
    PRESIDENT,
    Do,
    deadline,
    filed,
    given,
    impose_measure,
    later,
    moment,
)

MAR_2 = date(2026, 3, 2)
PERSON = [{"party_id": "R2", "name": "王五", "kind": "person", "birth_date": "1980-05-01"}]


def _case(on: date = MAR_2) -> Any:
    return given(
        filed(
            on=on,
            respondents=[{"party_id": "R1", "name": "北京某某科技有限公司", "kind": "company"}]
            + PERSON,
        )
    )


ACT = "2026-03-05 拒不到庭接受询问"


def fine(party_id: str, yuan: int, act: str = ACT) -> Do:
    return impose_measure("fine", party_id=party_id, amount_fen=yuan * 100, act=act)


def _do(**fields: Any) -> Do:
    return Do(lambda state, today: dict(fields), OFFICER)


def approve_sanction(sanction_id: str, decision: str) -> Do:
    return _do(type="approve_sanction", sanction_id=sanction_id, decision=decision)


def record_family_notified(sanction_id: str) -> Do:
    return _do(type="record_family_notified", sanction_id=sanction_id, note="电话通知其配偶")


def review(sanction_id: str, received_on: date) -> Do:
    return _do(
        type="apply_for_sanction_review",
        sanction_id=sanction_id,
        received_on=received_on.isoformat(),
        grounds="未妨害执行",
    )


def record_review(sanction_id: str, outcome: str) -> Do:
    return _do(type="record_sanction_review", sanction_id=sanction_id, outcome=outcome)


def detention(days: int = 15, act: str = ACT, emergency: bool = False) -> Do:
    return impose_measure("detention", party_id="R2", days=days, act=act, emergency=emergency)


def test_the_issues_fine_is_refused_and_only_the_president_approves() -> None:
    """`sanction.approval`: the president, not the bureau head; `sanction.fine.cap`."""
    case = _case()
    case.when(fine("R1", 5_000_000_000), actor=PRESIDENT).then_rejected("sanction.fine.cap")
    case.when(fine("R1", 100_000), actor=BUREAU_HEAD).then_rejected("sanction.approval")
    case.when(detention(), actor=BUREAU_HEAD).then_rejected("sanction.approval")
    case.when(detention(), actor=PRESIDENT).then(
        events=["measure_imposed", "deadline_opened"]  # and the family's notice (below)
    )


@pytest.mark.parametrize(
    ("party_id", "yuan", "refused"),
    [
        ("R2", 100_000, False),  # a person: up to ¥100,000
        ("R2", 100_001, True),
        ("R1", 49_999, True),  # a unit: ¥50,000 to ¥1,000,000
        ("R1", 50_000, False),
        ("R1", 1_000_000, False),
        ("R1", 1_000_001, True),
    ],
)
def test_the_caps_by_person_and_unit(party_id: str, yuan: int, refused: bool) -> None:
    outcome = _case().when(fine(party_id, yuan), actor=PRESIDENT)
    if refused:
        error = outcome.then_rejected("sanction.fine.cap")
        assert "民诉法第118条" in error.zh
    else:
        outcome.then(events=["measure_imposed"])


# -- `sanction.no_repeat` (民诉法解释 art. 184)
def test_a_fine_or_detention_names_the_act_it_punishes() -> None:
    _case().when(
        impose_measure("fine", party_id="R2", amount_fen=100_000), actor=PRESIDENT
    ).then_rejected("sanction.act_required")


def test_the_same_act_is_not_punished_again_a_new_act_is() -> None:
    """`sanction.no_repeat`: "对同一妨害民事诉讼行为的罚款、拘留不得连续适用。发生新的妨害
    民事诉讼行为的，人民法院可以重新予以罚款、拘留". A fine and a detention together for one
    act are one punishment (art. 183: "可以合并适用"), not a repeat."""
    case = _case()
    case.when(fine("R2", 10_000), actor=PRESIDENT).then(events=["measure_imposed"])
    error = case.when(fine("R2", 20_000), actor=PRESIDENT).then_rejected("sanction.no_repeat")
    assert "民诉法解释第184条" in error.zh
    case.when(detention(), actor=PRESIDENT).then()  # combined with the fine
    case.when(detention(), actor=PRESIDENT).then_rejected("sanction.no_repeat")
    case.when(fine("R2", 20_000, act="2026-03-10 转移被查封车辆"), actor=PRESIDENT).then(
        events=["measure_imposed"]
    )


# -- `sanction.emergency` (民诉法解释 art. 181), `sanction.notify_family` (art. 180)
def _detained_in_an_emergency(at: datetime) -> Any:
    case = _case()
    case.when(detention(emergency=True), actor=OFFICER, at=at).then(
        events=["measure_imposed", "deadline_opened", "deadline_opened"]
    )
    return case


def test_an_officer_detains_first_and_the_president_approves_after_the_fact() -> None:
    """Detained Tue 2026-03-03 22:00 by the officer: the president's approval is owed "at
    once" (立即; the engine allows 24 hours, ✘ configurable) and the family's notice within 24
    hours: both due Wed 03-04 22:00."""
    at = moment(date(2026, 3, 3), hour=22)
    case = _detained_in_an_emergency(at)
    [sanction] = case.state.measures
    assert sanction.awaiting_approval and sanction.in_force
    for rule in ("sanction.emergency", "sanction.notify_family"):
        owed = deadline(case.state, rule, sanction.measure_id)
        assert owed.due_at == moment(date(2026, 3, 4), hour=22), rule
    # not an emergency: the officer cannot detain on his own
    case.when(detention(act="另一行为"), actor=OFFICER).then_rejected("sanction.approval")
    case.when(approve_sanction(sanction.measure_id, "approved"), actor=OFFICER).then_rejected(
        "auth.forbidden"
    )
    case.when(approve_sanction(sanction.measure_id, "approved"), actor=PRESIDENT, at=at).then(
        events=["sanction_approved", "deadline_met"]
    )
    assert not case.state.measures[0].awaiting_approval
    case.when(
        approve_sanction(sanction.measure_id, "approved"), actor=PRESIDENT, at=at
    ).then_rejected("sanction.not_awaiting_approval")


def test_the_president_releases_an_improper_detention() -> None:
    """ "院长认为拘留不当的，应当解除拘留" (art. 181): released, the detention no longer stands,
    so the act may still be punished properly (it was not punished: no repeat)."""
    at = moment(date(2026, 3, 3), hour=22)
    case = _detained_in_an_emergency(at)
    [sanction] = case.state.measures
    case.when(approve_sanction(sanction.measure_id, "released"), actor=PRESIDENT, at=at).then(
        events=["sanction_approved", "deadline_met"]
    )
    assert not case.state.measures[0].in_force
    case.when(detention(), actor=PRESIDENT, at=at).then()


def test_the_family_notice_is_counted_in_hours_and_never_rolled() -> None:
    """Detained by the president Sat 2026-02-14 18:00 (a make-up working day): notice by Sun
    02-15 18:00, the first day of Spring Festival; 24 hours are not moved off a holiday (a
    period in days is, 民诉法 art. 85 ¶3). Missed: level 1 at 18:00."""
    at = moment(date(2026, 2, 14), hour=18)
    case = _case(on=date(2026, 2, 2))
    case.when(detention(), actor=PRESIDENT, at=at).then()
    [sanction] = case.state.measures
    owed = deadline(case.state, "sanction.notify_family", sanction.measure_id)
    assert (owed.due_on, owed.due_at) == (date(2026, 2, 15), at + timedelta(hours=24))

    def escalations(to: datetime) -> list[tuple[str, int]]:
        passed = case.when(later(to)).new_events
        return [(e.rule, e.level) for e in passed if e.type == "deadline_escalated"]

    assert ("sanction.notify_family", 1) not in escalations(at + timedelta(hours=23, minutes=59))
    assert escalations(at + timedelta(hours=24)) == [("sanction.notify_family", 1)]
    notified = record_family_notified(sanction.measure_id)
    case.when(notified, at=at + timedelta(hours=25)).then(
        events=["family_notified", "deadline_met"]
    )
    assert case.state.measures[0].family_notified_at == at + timedelta(hours=25)
    case.when(notified).then_rejected("sanction.family_not_owed")


def test_a_deadline_in_hours_wakes_the_case_on_time_one_in_days_later_in_the_night() -> None:
    """night-spread: detained Tue 2026-03-03 22:00, the family's notice is due Wed 22:00 and the
    case wakes then, to the second. The deadlines left, counted in days, turn at 00:00: the case
    wakes for their next step at its own offset after it, the CRC-32 of its number modulo six
    hours."""
    at = moment(date(2026, 3, 3), hour=22)
    case = _case(on=date(2026, 3, 2))
    case.when(detention(), actor=PRESIDENT, at=at).then()
    [sanction] = case.state.measures
    family = deadline(case.state, "sanction.notify_family", sanction.measure_id)
    assert family.due_at == moment(date(2026, 3, 4), hour=22)
    assert wake_time(case.state) == family.due_at  # the earliest; in hours: not moved
    notified = record_family_notified(sanction.measure_id)
    case.when(notified, at=at + timedelta(hours=1)).then(events=["family_notified", "deadline_met"])
    step = next_wakeup(case.state)
    assert step is not None and step.astimezone(SHANGHAI).time() == time.min
    offset = timedelta(seconds=zlib.crc32(case.state.case_number.encode()) % (6 * 3600))
    assert wake_time(case.state) == step + offset


# -- `sanction.reconsider.apply`, `sanction.reconsider.decide` (民诉法 art. 119, 解释 art. 185)
def _fined_before_labour_day() -> Any:
    case = _case()
    case.when(fine("R2", 50_000), actor=PRESIDENT, at=date(2026, 4, 30)).then()
    return case


def test_review_within_3_days_of_receipt_rolled_past_labour_day() -> None:
    """Received Thu 2026-04-30: 3 days are 05-01 … 05-03, the last a Labour Day holiday (05-01
    … 05-05 off) → Wed 05-06. Applied on 05-06: the court above decides within 5 days, 05-07 …
    05-11 → Mon 05-11 (a working day). The fine stands meanwhile (复议期间不停止执行)."""
    case = _fined_before_labour_day()
    sid = case.state.measures[0].measure_id
    applied = case.when(review(sid, received_on=date(2026, 4, 30)), at=date(2026, 5, 6))
    applied.then(events=["sanction_review_applied", "deadline_opened"])
    assert deadline(case.state, "sanction.reconsider.decide", sid).due_on == date(2026, 5, 11)
    assert case.state.measures[0].in_force  # not suspended
    case.when(review(sid, received_on=date(2026, 4, 30)), at=date(2026, 5, 6)).then_rejected(
        "sanction.reconsider.once"
    )
    case.when(record_review(sid, "upheld"), at=date(2026, 5, 11)).then(
        events=["sanction_reviewed", "deadline_met"]
    )
    assert case.state.measures[0].in_force
    case.when(record_review(sid, "upheld")).then_rejected("sanction.not_under_review")


def test_review_applied_for_on_the_fourth_day_is_late() -> None:
    """Received 04-30, last day Wed 05-06 (above): Thu 05-07 is late."""
    case = _fined_before_labour_day()
    sid = case.state.measures[0].measure_id
    error = case.when(
        review(sid, received_on=date(2026, 4, 30)), at=date(2026, 5, 7)
    ).then_rejected("sanction.reconsider.late")
    assert "2026-05-06" in error.zh


def test_a_revoked_sanction_ends_and_an_unapproved_one_is_not_yet_reviewable() -> None:
    case = _fined_before_labour_day()
    sid = case.state.measures[0].measure_id
    case.when(review(sid, received_on=date(2026, 5, 6)), at=date(2026, 5, 6)).then()
    case.when(record_review(sid, "revoked"), at=date(2026, 5, 8)).then()
    assert not case.state.measures[0].in_force
    emergency = _detained_in_an_emergency(moment(date(2026, 3, 3), hour=22))
    detained = emergency.state.measures[0].measure_id
    emergency.when(review(detained, received_on=date(2026, 3, 3))).then_rejected(
        "sanction.not_yet_approved"
    )


def test_before_edition_3_there_is_no_emergency_detention() -> None:
    case = given(filed(on=MAR_2, respondents=PERSON, edition=COURTS))
    case.when(
        impose_measure("detention", party_id="R2", days=5, emergency=True), actor=PRESIDENT
    ).then_rejected("sanction.edition")
    assert "apply_for_sanction_review" not in registry.offered(case.state)
