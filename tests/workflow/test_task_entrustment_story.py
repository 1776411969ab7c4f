"""事项委托 through the workflow (time-skipping server, manual adapters; DOMAIN-2 `entrust.task`):
京0105 asks 沪0115 (浦东) to freeze a deposit held in Shanghai. No bank request leaves 京0105;
沪0115's officers are told; unanswered, the task climbs the requesting court's ladder; 沪0115's
late answer confirms the freeze in the requesting case as a bank's confirmation would.

Server time is shared by the session: dates come from the server clock; the due date is checked
against a working-day count made here by hand on weekdays only when no holiday is near (else
the count is read from the deadline and its weekday checked).
"""

from datetime import timedelta

from temporalio.testing import WorkflowEnvironment

from runtime.settings import Settings
from tests.workflow.conftest import notifications
from tests.workflow.helpers import MARGIN, Case, eventually, sleep_until

PUDONG = {"user_id": "u-officer-pd", "role": "officer", "court_code": "沪0115"}


async def test_a_task_answered_late_escalates_then_confirms_the_freeze(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    await case.act(
        {
            "type": "record_asset_found",
            "asset": {
                "asset_id": "D-SH",
                "kind": "bank_deposit",
                "description": "被执行人在上海某银行浦东支行的存款",
                "owner_party_id": "R1",
                "value_fen": 150_000_000,
            },
        }
    )
    snap = await case.act(
        {
            "type": "entrust_task",
            "task_id": "T-PD-1",
            "helping_court_code": "沪0115",
            "kind": "freeze",
            "instructions": "请协助冻结被执行人在浦东的银行存款",
            "asset_id": "D-SH",
            "measure": "freeze",
            "period_days": 365,
            "working_days": 5,
        }
    )
    [task] = [d for d in snap.deadlines if d.rule == "entrust.task"]
    today = await case.today()
    assert today < task.due_on <= today + timedelta(days=5 + 4 + 8)  # 5 working days
    assert task.due_on.weekday() < 5 or task.due_on.isoweekday() == 6  # a (make-up) workday
    [asset] = snap.assets
    assert asset.control is not None and asset.control.entrusted_to == "沪0115"

    async def told() -> bool:  # the notice goes out through the case's outbox
        mine = [n for n in notifications(manual_settings) if n["case_number"] == case.number]
        return ("沪0115", "officer") in {(n["court_code"], n["recipient_role"]) for n in mine}

    assert await eventually(told, seconds=20)

    # unanswered: level 1 (the officer) at the due date, level 2 (the bureau head) 3 days on
    await sleep_until(env, task.due_at + timedelta(days=3) + MARGIN)

    async def climbed() -> bool:
        s = await case.snapshot()
        return [e.level for e in s.escalations if e.deadline_id == task.deadline_id] == [1, 2]

    assert await eventually(climbed)

    answered = await case.act(
        {
            "type": "answer_entrusted_task",
            "task_id": "T-PD-1",
            "outcome": "done",
            "note": "已冻结",
            "done_on": (await case.today()).isoformat(),
            "frozen_fen": 150_000_000,
        },
        actor=PUDONG,
    )
    [asset] = answered.assets
    assert asset.control is not None and asset.control.state == "effective"
    [done] = [d for d in answered.deadlines if d.deadline_id == task.deadline_id]
    assert done.state == "met"
    assert any(d.rule == "freeze.expiry" and d.state == "open" for d in answered.deadlines)
