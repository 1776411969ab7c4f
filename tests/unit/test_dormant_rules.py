"""终本 (终结本次执行程序) as DOMAIN-2 §6 has it, for cases of edition COURTS (domain/dormant.py,
domain/procedure.py): given → when → then, one rule a test, each citing its DOMAIN-2 row.

Dates: filed Mon 2026-03-02; "more than three months since filing" (`dormant.conditions` (4))
is first met on 2026-06-03 (03-02 + 3 months = 06-02, and the day must be after it).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.commands import Actor
from domain.procedure import termination_obstacles
from tests.unit.gwt import (
    JUDGE,
    OFFICER,
    SUPERVISOR,
    applicant_signs_off,
    complete_asset_search,
    confirm_freeze,
    consumption_restriction,
    filed,
    finding,
    freeze_asset,
    given,
    hear_applicant,
    heard_and_signed_off,
    issue_notice,
    panel_reviews_termination,
    president_approves_termination,
    ready_for_termination,
    record_obstruction,
    request_asset_search,
    respondent_missing,
    respondent_sought,
    resume_enforcement,
    review_terminated_case,
    sanction_obstruction,
    terminate,
)

MAR_2 = date(2026, 3, 2)
TERMINATION_DAY = date(2026, 6, 3)  # the first day more than three months after 03-02


def searched() -> list[Any]:
    """终本规定 art. 1 (1)–(3): notice and report order, consumption restriction, a finished
    network search; neither the applicant heard nor any approval yet."""
    return [issue_notice(), consumption_restriction(), request_asset_search()]


def _ready(*more: Any, edition: int = 2) -> Any:
    return given(
        filed(on=MAR_2, edition=edition),
        *searched(),
        complete_asset_search(),
        *more,
        at=TERMINATION_DAY,
    )


def _dormant(case: Any) -> None:
    case.when(terminate()).then(state=lambda s: s.status == "dormant")


# -------------------------------------------------- `dormant.conditions` (5): 下落不明, 妨害执行


def test_a_missing_respondent_blocks_termination_until_searched_for() -> None:
    # DOMAIN-2 `dormant.conditions` (5): "被执行人下落不明的，已依法予以查找"
    case = _ready(*heard_and_signed_off(), respondent_missing("R1"))
    error = case.when(terminate()).then_rejected("termination.respondent_not_sought")
    assert "下落不明" in error.zh and "R1" in error.zh
    case.when(respondent_sought("R1")).then(events=["respondent_sought"])
    _dormant(case)


def test_a_respondent_located_is_no_longer_missing() -> None:
    case = _ready(*heard_and_signed_off(), respondent_missing("R1"))
    case.when(respondent_sought("R1", located=True)).then(state=lambda s: s.missing == {})
    _dormant(case)


def test_only_a_missing_respondent_is_sought() -> None:
    _ready().when(respondent_sought("R1")).then_rejected("respondent.not_missing")
    _ready().when(respondent_missing("A1")).then_rejected("party.not_respondent")


def test_an_unsanctioned_obstruction_blocks_termination_until_fined() -> None:
    # DOMAIN-2 `dormant.conditions` (5): "妨害执行的，已依法采取罚款、拘留等强制措施"
    case = _ready(*heard_and_signed_off(), record_obstruction("R1"))
    (obstruction,) = case.state.obstructions
    error = case.when(terminate()).then_rejected("termination.obstruction_unsanctioned")
    assert obstruction in error.zh
    case.when(sanction_obstruction(obstruction, "fine")).then(events=["obstruction_sanctioned"])
    _dormant(case)


def test_an_obstruction_by_another_person_referred_for_prosecution_no_longer_blocks() -> None:
    # "……构成犯罪的，已依法启动刑事责任追究程序": a referral is a decider's (no president needed)
    case = _ready(*heard_and_signed_off(), record_obstruction(None, obstructor="王五（案外人）"))
    (obstruction,) = case.state.obstructions
    case.when(sanction_obstruction(obstruction, "criminal_referral").by(JUDGE)).then()
    _dormant(case)


def test_a_fine_or_detention_needs_the_presidents_approval() -> None:
    # DOMAIN-2 `sanction.approval`: "拘传、罚款、拘留必须经院长批准"
    case = _ready(record_obstruction("R1"))
    (obstruction,) = case.state.obstructions
    for sanction in ("fine", "detention"):
        case.when(sanction_obstruction(obstruction, sanction).by(JUDGE)).then_rejected(
            "measure.approval_required"
        )
    case.when(sanction_obstruction(obstruction, "detention", days=15)).then()


def test_the_same_obstruction_is_not_fined_twice() -> None:
    # DOMAIN-2 `sanction.no_repeat`: "对同一妨害民事诉讼行为的罚款、拘留不得连续适用"
    case = _ready(record_obstruction("R1"))
    (obstruction,) = case.state.obstructions
    case.when(sanction_obstruction(obstruction, "fine")).then()
    case.when(sanction_obstruction(obstruction, "fine")).then_rejected(
        "obstruction.already_sanctioned"
    )
    case.when(sanction_obstruction(obstruction, "detention")).then()  # combined: allowed


# -------------------------------------------------- `dormant.hear_applicant`


def test_termination_is_refused_before_the_applicant_is_heard() -> None:
    # DOMAIN-2 `dormant.hear_applicant` (终本规定 art. 5): tell the applicant and hear it first,
    # whatever the approval route
    case = _ready(panel_reviews_termination(), president_approves_termination())
    error = case.when(terminate()).then_rejected("termination.applicant_not_heard")
    assert "听取其意见" in error.zh
    case.when(hear_applicant(opinion="不同意终本，但无新的财产线索")).then(
        events=["applicant_heard"]
    )
    _dormant(case)


def test_the_applicant_signs_off_only_after_being_heard() -> None:
    _ready().when(applicant_signs_off()).then_rejected("termination.sign_off_not_open")


# -------------------------------------------------- `dormant.approval` (民诉法解释 art. 517)


def test_termination_is_refused_without_an_approval_route() -> None:
    # "在申请执行人签字确认或者执行法院组成合议庭审查核实并经院长批准后，可以裁定终结本次执行程序"
    case = _ready(hear_applicant(opinion="不同意"))
    error = case.when(terminate()).then_rejected("termination.not_approved")
    assert "签字确认" in error.zh and "院长批准" in error.zh
    # the panel alone is not enough
    case.when(panel_reviews_termination()).then(events=["termination_panel_reviewed"])
    case.when(terminate()).then_rejected("termination.not_approved")


def test_approved_by_panel_and_president_after_the_applicant_was_heard() -> None:
    case = _ready(hear_applicant(opinion="不同意终本"))
    case.when(panel_reviews_termination()).then()
    case.when(president_approves_termination()).then(events=["termination_approved"])
    then = case.when(terminate()).then(
        events=["procedure_terminated", "deadline_waived", "deadline_opened"]
    )
    assert then.state.termination_file.panel == ["u-judge-1", "u-judge-2", "u-judge-3"]
    assert termination_obstacles(then.state, TERMINATION_DAY) == []


def test_approved_by_the_applicants_signature() -> None:
    case = _ready(hear_applicant())
    case.when(applicant_signs_off()).then(events=["applicant_signed_off"])
    _dormant(case)


def test_every_applicant_signs_off() -> None:
    two = [
        {"party_id": "A1", "name": "张三", "kind": "person"},
        {"party_id": "A2", "name": "李四", "kind": "person"},
    ]
    case = given(
        filed(on=MAR_2, applicants=two),
        *ready_for_termination(),
        hear_applicant("A2"),
        at=TERMINATION_DAY,
    )
    case.when(terminate()).then_rejected("termination.not_approved")
    case.when(applicant_signs_off("A2")).then()
    _dormant(case)


def test_the_president_approves_only_what_a_panel_agreed() -> None:
    _ready().when(president_approves_termination()).then_rejected("termination.panel_not_agreed")
    case = _ready(hear_applicant())
    case.when(panel_reviews_termination(agreed=False)).then()
    case.when(president_approves_termination()).then_rejected("termination.panel_not_agreed")


def test_the_panels_decision_is_its_presiding_judges_command() -> None:
    case = _ready()
    other_judge = ["u-judge-2", "u-judge-1", "u-judge-3"]
    case.when(panel_reviews_termination(members=other_judge)).then_rejected("panel.not_presiding")
    case.when(panel_reviews_termination(), actor=OFFICER).then_rejected("auth.forbidden")
    president = Actor(user_id="u-judge-1", role="president", court_code="京0105")
    case.when(panel_reviews_termination(), actor=president).then_rejected("auth.forbidden")


def test_a_resumed_case_is_heard_and_approved_again() -> None:
    # the 执恢 case is a new case: its 终本 rests on its own hearing and approval
    case = _ready(*heard_and_signed_off(), terminate(), resume_enforcement("(2026)京0105执恢12号"))
    assert case.state.termination_file.heard == {}
    codes = [p.code for p in termination_obstacles(case.state, date(2026, 9, 2))]
    assert "termination.applicant_not_heard" in codes and "termination.not_approved" in codes


# -------------------------------------------------- `dormant.undisposable` (b)


def _vehicle(measure: str) -> list[Any]:
    return [
        freeze_asset("CAR-1", 365, measure=measure),
        confirm_freeze("CAR-1"),
    ]


def _with_vehicle(*more: Any, edition: int = 2) -> Any:
    return given(
        filed(on=MAR_2, edition=edition),
        *searched(),
        complete_asset_search(finding("CAR-1", kind="vehicle")),
        *more,
        at=TERMINATION_DAY,
    )


def test_a_vehicle_sealed_at_the_registry_and_never_seized_does_not_block() -> None:
    # DOMAIN-2 `dormant.undisposable` (b): vehicles sealed at the registry but never physically
    # seized are property that cannot be disposed of; the seal stays (`dormant.seals`)
    case = _with_vehicle(*_vehicle("seal"), *heard_and_signed_off())
    then = case.when(terminate()).then()
    assert then.state.assets["CAR-1"].control is not None
    assert then.state.assets["CAR-1"].control.in_force


def test_a_seized_vehicle_or_one_not_yet_sealed_still_blocks() -> None:
    seized = _with_vehicle(*_vehicle("seize"), *heard_and_signed_off())
    seized.when(terminate()).then_rejected("termination.disposable_assets")
    unsealed = _with_vehicle(*heard_and_signed_off())
    unsealed.when(terminate()).then_rejected("termination.disposable_assets")


# -------------------------------------------------- edition 1 keeps the rule it was filed under


def test_an_edition_1_case_terminates_as_it_did() -> None:
    # no hearing, no approval route, no condition (5): the stored histories replay as they ran
    case = _ready(respondent_missing("R1"), edition=1)
    _dormant(case)


def test_in_an_edition_1_case_a_registry_sealed_vehicle_still_blocks() -> None:
    case = _with_vehicle(*_vehicle("seal"), edition=1)
    case.when(terminate()).then_rejected("termination.disposable_assets")


# -------------------------------------------------- 终本案件评查 (review by a court above)


def test_a_supervisor_above_reviews_a_terminated_case() -> None:
    case = _ready(*heard_and_signed_off(), terminate())
    then = case.when(review_terminated_case(False, "未穷尽财产调查措施")).then(
        events=["terminated_case_reviewed"]
    )
    (review,) = then.state.termination_reviews
    assert (review.terminated_on, review.qualified, review.court_code) == (
        TERMINATION_DAY,
        False,
        SUPERVISOR.court_code,
    )


def test_only_a_court_above_reviews_and_only_a_dormant_case() -> None:
    case = _ready(*heard_and_signed_off(), terminate())
    own = Actor(user_id="u-super-9", role="supervisor", court_code="京0105")
    case.when(review_terminated_case(True), actor=own).then_rejected("auth.forbidden")
    case.when(review_terminated_case(True), actor=OFFICER).then_rejected("auth.forbidden")
    _ready().when(review_terminated_case(True)).then_rejected("stage.not_allowed")
