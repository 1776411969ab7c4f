"""终本 as the law has it (DOMAIN-2 §6; domain/dormant.py), lived through months in seconds on
the time-skipping server with manual adapters. Server time is shared by the whole session: dates
come from the server clock (``await case.today()``), never assumed.
"""

from datetime import date, timedelta
from typing import Any

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from domain.calendar import CourtCalendar
from runtime.settings import Settings
from tests.samples import HEAR_APPLICANT
from tests.workflow.helpers import (
    JUDGE,
    MARGIN,
    PRESIDENT,
    Case,
    served_and_searched,
    sleep_until,
)

CAL = CourtCalendar.default()
PANEL = ["u-judge-1", "u-judge-2", "u-judge-3"]  # JUDGE presides
REVIEWER = {"user_id": "u-supervisor-9", "role": "supervisor", "court_code": "京"}
TERMINATE = {"type": "terminate_this_procedure", "reason": "经网络查控未发现可供执行的财产"}


async def refused(case: Case, command: dict[str, Any], actor: dict[str, Any]) -> str:
    with pytest.raises(WorkflowUpdateFailedError) as rejected:
        await case.act(command, actor)
    cause = rejected.value.cause
    assert isinstance(cause, ApplicationError)
    assert cause.type is not None
    return cause.type


def plus_six_months(day: date) -> date:
    """Six calendar months on, by hand (the day clipped to the month's last)."""
    month = day.month + 6
    year, month = day.year + (month - 1) // 12, (month - 1) % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


async def test_dormant_approved_by_panel_and_president_after_the_applicant_was_heard(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    await case.act(  # 限制消费令: signed by the president (credit.consumption.order)
        {"type": "impose_measure", "measure": "consumption_restriction", "party_id": "R1"},
        PRESIDENT,
    )
    await served_and_searched(case, [])
    # The respondent hid its car from the court (`dormant.conditions` (5)).
    snap = await case.act(
        {
            "type": "record_obstruction",
            "obstructor": "北京某某科技有限公司",
            "party_id": "R1",
            "description": "拒不交出被查封车辆并将其转移",
        }
    )
    [obstruction] = snap.obstructions
    await env.sleep(timedelta(days=95))  # more than three months since filing

    # Nothing heard, nothing approved, the obstruction unpunished: refused, every reason listed.
    assert await refused(case, TERMINATE, JUDGE) == "termination.preconditions"
    await case.act(
        {
            "type": "sanction_obstruction",
            "obstruction_id": obstruction.obstruction_id,
            "sanction": "fine",
            "amount_fen": 5_000_000,
            "decision_no": "(2026)京0105司惩1号",
        },
        PRESIDENT,  # `sanction.approval`
    )

    # 民诉法解释 art. 517, second route: the panel reviews, the president approves.
    snap = await case.act(
        {
            "type": "review_termination_by_panel",
            "panel": {"members": PANEL},
            "agreed": True,
            "opinion": "经审查核实，已穷尽财产调查措施，符合终本条件",
        },
        JUDGE,
    )
    assert "approve_termination" in snap.allowed_commands
    snap = await case.act({"type": "approve_termination", "note": "同意"}, PRESIDENT)
    assert (snap.termination_file.panel, snap.termination_file.approved) == (PANEL, True)

    # ... but the applicant was not heard yet (`dormant.hear_applicant`).
    assert await refused(case, TERMINATE, JUDGE) == "termination.applicant_not_heard"
    await case.act({**HEAR_APPLICANT, "opinion": "不同意终本，但暂无新的财产线索"})

    snap = await case.act(TERMINATE, JUDGE)
    terminated_on = await case.today()
    assert (snap.status, snap.terminated_on) == ("dormant", terminated_on)
    [requery] = [d for d in snap.deadlines if d.rule == "dormant.requery"]
    assert requery.due_on == CAL.months_after(terminated_on, 6).on
    # six calendar months on, moved past a rest day at most (a week covers any holiday)
    assert plus_six_months(terminated_on) <= requery.due_on
    assert requery.due_on <= plus_six_months(terminated_on) + timedelta(days=8)

    # A court above reviews the 终本 (评查): recorded on the case.
    snap = await case.act(
        {"type": "review_terminated_case", "qualified": True, "reasons": "程序合法，符合终本规定"},
        REVIEWER,
    )
    [review] = snap.termination_reviews
    assert (review.terminated_on, review.qualified, review.court_code) == (
        terminated_on,
        True,
        "京",
    )

    # The six-monthly re-search timer is armed as before: nothing an hour early, a search after.
    await sleep_until(env, requery.due_at - MARGIN)
    assert not [s for s in (await case.snapshot()).searches if s.dormant_requery]
    await sleep_until(env, requery.due_at + MARGIN)
    snap = await case.snapshot()
    [search] = [s for s in snap.searches if s.dormant_requery]
    assert (search.state, search.scope, snap.status) == ("pending", "network", "dormant")
