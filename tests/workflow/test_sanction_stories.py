"""Fines and detention within the law (DOMAIN-2 §4, domain/sanctions.py), lived through on the
time-skipping server with manual adapters. Server time is shared by the whole session: dates
come from the server clock (``await case.today()``), never assumed.
"""

from datetime import timedelta
from typing import Any

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from domain.snapshot import CaseSnapshot
from runtime.settings import Settings
from tests.workflow.helpers import OFFICER, PRESIDENT, Case, sleep_until

PERSON = {"party_id": "R2", "name": "王五", "kind": "person", "birth_date": "1980-05-01"}
COMPANY = {"party_id": "R1", "name": "北京某某科技有限公司", "kind": "company"}
ACT = "持刀阻挠查封现场"


async def refused(case: Case, command: dict[str, Any], actor: dict[str, Any]) -> str:
    with pytest.raises(WorkflowUpdateFailedError) as rejected:
        await case.act(command, actor)
    cause = rejected.value.cause
    assert isinstance(cause, ApplicationError) and cause.type is not None
    return cause.type


def _owed(snap: CaseSnapshot, rule: str) -> Any:
    [found] = [d for d in snap.deadlines if d.rule == rule]
    return found


async def test_emergency_detention_approved_after_the_fact_reviewed_and_upheld(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings, respondents=[COMPANY, PERSON])
    # `sanction.fine.cap`: a unit is fined ¥50,000 to ¥1,000,000; `sanction.approval`: by the
    # president
    fine = {"type": "impose_measure", "measure": "fine", "party_id": "R1", "act": ACT}
    too_much = {**fine, "amount_fen": 200_000_000}  # ¥2,000,000
    assert await refused(case, too_much, PRESIDENT) == "sanction.fine.cap"
    assert await refused(case, {**fine, "amount_fen": 10_000_000}, OFFICER) == "sanction.approval"
    await case.act({**fine, "amount_fen": 10_000_000}, PRESIDENT)

    # `sanction.emergency`: the officer detains first ...
    detained_at = await env.get_current_time()
    detention = {"type": "impose_measure", "measure": "detention", "party_id": "R2", "days": 10}
    snap = await case.act({**detention, "act": ACT, "emergency": True}, OFFICER)
    [sanction] = [m for m in snap.measures if m.measure == "detention"]
    assert sanction.awaiting_approval
    assert "approve_sanction" in snap.allowed_commands
    for rule in ("sanction.emergency", "sanction.notify_family"):  # 24 hours from detention
        due_at = _owed(snap, rule).due_at
        assert abs(due_at - (detained_at + timedelta(hours=24))) < timedelta(minutes=1), rule

    # ... the president approves that evening, the family is told the next morning
    await sleep_until(env, detained_at + timedelta(hours=10))
    snap = await case.act(
        {"type": "approve_sanction", "sanction_id": sanction.measure_id, "decision": "approved"},
        PRESIDENT,
    )
    await sleep_until(env, detained_at + timedelta(hours=20))
    snap = await case.act(
        {"type": "record_family_notified", "sanction_id": sanction.measure_id, "note": "电话通知"}
    )
    assert _owed(snap, "sanction.emergency").state == "met"
    assert _owed(snap, "sanction.notify_family").state == "met"

    # `sanction.no_repeat`: not detained again for the same act
    again = {**detention, "act": ACT}
    assert await refused(case, again, PRESIDENT) == "sanction.no_repeat"

    # `sanction.reconsider.apply`: received the decision today, applies the same day
    await sleep_until(env, detained_at + timedelta(hours=30))
    received_on = await case.today()
    snap = await case.act(
        {
            "type": "apply_for_sanction_review",
            "sanction_id": sanction.measure_id,
            "received_on": received_on.isoformat(),
            "grounds": "未持刀，仅言语争执",
        }
    )
    decide = _owed(snap, "sanction.reconsider.decide")
    # 5 days from the application, moved off rest days at most (a week covers any holiday)
    assert received_on + timedelta(days=5) <= decide.due_on
    assert decide.due_on <= received_on + timedelta(days=13)
    [sanction] = [m for m in snap.measures if m.measure == "detention"]
    assert sanction.in_force  # 复议期间不停止执行

    # a day past the family's 24 hours: nothing was escalated, both deadlines met in time
    await sleep_until(env, detained_at + timedelta(hours=48))
    snap = await case.snapshot()
    late = {_owed(snap, r).deadline_id for r in ("sanction.emergency", "sanction.notify_family")}
    assert not [e for e in snap.escalations if e.deadline_id in late]

    # `sanction.reconsider.decide`: the court above upholds it within the 5 days
    snap = await case.act(
        {"type": "record_sanction_review", "sanction_id": sanction.measure_id, "outcome": "upheld"}
    )
    assert _owed(snap, "sanction.reconsider.decide").state == "met"
    [sanction] = [m for m in snap.measures if m.measure == "detention"]
    assert (sanction.review_outcome, sanction.in_force) == ("upheld", True)
    assert "record_sanction_review" not in snap.allowed_commands
    assert "apply_for_sanction_review" in snap.allowed_commands  # the fine still may be
