"""Continue-as-new: a case that outlives many histories stays one case.

``CaseRun(history_limit=40)`` makes the case continue as new every few commands, so a handful
of commands and a few weeks carry it across several runs.
"""

from datetime import timedelta
from typing import Any

from temporalio.client import WorkflowExecutionStatus, WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from domain import events as ev
from domain.calendar import local_date
from domain.fold import fold
from domain.snapshot import CaseSnapshot, snapshot
from runtime.contract import case_workflow_id
from runtime.settings import Settings
from tests.workflow.helpers import Case, every_event, filing
from workflows import CaseRun, EnforcementCase

HISTORY_LIMIT = 40
LEAD_0 = {
    "type": "register_property_lead",
    "lead_id": "L0",
    "description": "申请人提供：某银行账户",
}


def rules_view(snap: CaseSnapshot) -> CaseSnapshot:
    """The snapshot without what the query adds about the record (it moves on by itself)."""
    return snap.model_copy(update={"recorded_seq": None, "record_blocked": None})


async def _run_id(handle: WorkflowHandle[Any, Any]) -> str:
    return (await handle.describe()).run_id


async def test_case_continues_as_new_without_losing_anything(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    client = manual_env.client
    today = local_date(await manual_env.get_current_time())
    case_filing = filing(today)
    workflow_id = case_workflow_id(case_filing.case_number)
    await client.start_workflow(
        EnforcementCase.run,
        CaseRun(filing=case_filing, history_limit=HISTORY_LIMIT),
        id=workflow_id,
        task_queue=manual_settings.task_queue,
    )
    # Always the latest run: no run id.
    handle = client.get_workflow_handle(workflow_id)
    case = Case(manual_env, handle)
    first_run = await _run_id(handle)

    early = await case.act(LEAD_0, request_id="early-lead-0")
    assert [lead.lead_id for lead in early.leads] == ["L0"]

    # Commands until the case has continued as new at least three times.
    runs = [first_run]
    for i in range(1, 41):
        await case.act(
            {"type": "register_property_lead", "lead_id": f"L{i}", "description": f"线索 {i}"}
        )
        await case.act({"type": "record_lead_checked", "lead_id": f"L{i}", "found": False})
        run = await _run_id(handle)
        if run != runs[-1]:
            runs.append(run)
        if len(runs) >= 4:
            break
    assert len(runs) >= 4, f"only {len(runs) - 1} continue-as-new in {i} rounds"
    leads = i
    first = await client.get_workflow_handle(workflow_id, run_id=first_run).describe()
    assert first.status == WorkflowExecutionStatus.CONTINUED_AS_NEW
    assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING
    for run in runs[1:-1]:
        middle = await client.get_workflow_handle(workflow_id, run_id=run).describe()
        assert middle.status == WorkflowExecutionStatus.CONTINUED_AS_NEW

    # A request answered before continue-as-new still gets its earlier answer, and nothing new.
    before = await case.snapshot()
    again = await case.act(LEAD_0, request_id="early-lead-0")
    assert again == early
    assert rules_view(await case.snapshot()) == rules_view(before)

    # Time alone keeps escalating the open deadlines in the continued runs: the notice was
    # never issued (due 10 days after filing; level 3 ten days after that).
    command_run = runs[-1]
    notice_id = next(d.deadline_id for d in before.deadlines if d.rule == "notice.issue")
    for _ in range(30):
        await manual_env.sleep(timedelta(days=1))
        run = await _run_id(handle)
        if run != runs[-1]:
            runs.append(run)
        notice = next(d for d in (await case.snapshot()).deadlines if d.deadline_id == notice_id)
        if notice.escalation_level == 3:
            break
    assert notice.escalation_level == 3, notice
    assert runs[-1] != command_run, "the escalations should have continued the case as new too"

    # The record is continuous across all runs: nothing lost, nothing repeated (the last run
    # holds its own events, the earlier ones are read in the record).
    events = await every_event(case, manual_settings)
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
    registered = [e.lead_id for e in events if isinstance(e, ev.PropertyLeadRegistered)]
    assert registered == [f"L{n}" for n in range(leads + 1)]
    checked = [e.lead_id for e in events if isinstance(e, ev.PropertyLeadChecked)]
    assert checked == [f"L{n}" for n in range(1, leads + 1)]
    levels = [
        e.level
        for e in events
        if isinstance(e, ev.DeadlineEscalated) and e.deadline_id == notice_id
    ]
    assert levels == [1, 2, 3]
    assert min(e.seq for e in events if isinstance(e, ev.DeadlineEscalated)) > before.last_seq

    final = await case.snapshot()
    assert final.last_seq == len(events)
    assert rules_view(final) == snapshot(fold(None, events))
    assert final.recorded_seq is not None and final.record_blocked is None
    assert final.escalation_level == 3
