"""Continue-as-new: a case that outlives many histories stays one case, and what a run carries
stays small.

``CaseRun(limits=RunLimits(...))`` lowers the limits a run continues at, so a handful of
commands and a few weeks carry a case across several runs (the time-skipping server never
suggests continuing as new itself).
"""

import asyncio
from datetime import timedelta
from typing import Any

from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowExecutionStatus, WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from domain import events as ev
from domain.calendar import local_date
from domain.fold import fold
from domain.snapshot import CaseSnapshot, snapshot
from runtime.contract import case_workflow_id
from runtime.settings import Settings
from store.db import shared_database
from store.event_store import load_events
from tests.workflow.helpers import Case, filing
from workflows.case_run import CaseRun, RunLimits
from workflows.enforcement_case import EnforcementCase

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


async def _start(
    env: WorkflowEnvironment, settings: Settings, limits: RunLimits
) -> tuple[Case, str]:
    case_filing = filing(local_date(await env.get_current_time()))
    workflow_id = case_workflow_id(case_filing.case_number)
    await env.client.start_workflow(
        EnforcementCase.run,
        CaseRun(filing=case_filing, limits=limits),
        id=workflow_id,
        task_queue=settings.task_queue,
    )
    # Always the latest run: no run id.
    return Case(env, env.client.get_workflow_handle(workflow_id)), case_filing.case_number


async def _recorded(settings: Settings, case_number: str, last_seq: int) -> list[ev.Event]:
    """The case record once it holds `last_seq` events (the recorder appends within seconds)."""
    pool = await shared_database(settings).pool()
    for _ in range(200):
        async with pool.acquire() as conn:
            events = await load_events(conn, case_number)
        if len(events) >= last_seq:
            return events
        await asyncio.sleep(0.05)
    raise AssertionError(f"the record holds {len(events)} of {last_seq} events")


async def _runs(case: Case, first_run: str) -> list[str]:
    """The case's runs from `first_run` on, each continued as new by the one before."""
    runs = [first_run]
    while True:
        history = await case.env.client.get_workflow_handle(
            case.handle.id, run_id=runs[-1]
        ).fetch_history()
        last = history.events[-1]
        if last.event_type != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
            return runs
        runs.append(last.workflow_execution_continued_as_new_event_attributes.new_execution_run_id)


async def _carried(case: Case, run_id: str) -> CaseRun:
    """What the run `run_id` started from (the previous run's CaseRun)."""
    history = await case.env.client.get_workflow_handle(
        case.handle.id, run_id=run_id
    ).fetch_history()
    started = history.events[0]
    assert started.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED
    payloads = started.workflow_execution_started_event_attributes.input.payloads
    [carried] = await case.env.client.data_converter.decode(payloads, [CaseRun])
    assert isinstance(carried, CaseRun)
    return carried


async def test_case_continues_as_new_without_losing_anything(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    case, number = await _start(manual_env, manual_settings, RunLimits(history_events=40))
    handle = case.handle
    first_run = await _run_id(handle)
    early = await case.decide(LEAD_0, request_id="early-lead-0")
    assert [e.type for e in early.events][0] == "property_lead_registered"

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
    first = await manual_env.client.get_workflow_handle(handle.id, run_id=first_run).describe()
    assert first.status == WorkflowExecutionStatus.CONTINUED_AS_NEW
    assert (await handle.describe()).status == WorkflowExecutionStatus.RUNNING
    for run in runs[1:-1]:
        middle = await manual_env.client.get_workflow_handle(handle.id, run_id=run).describe()
        assert middle.status == WorkflowExecutionStatus.CONTINUED_AS_NEW

    # A run carries the case's state, not its story: no event the record already held.
    for run in runs[1:]:
        carried = await _carried(case, run)
        assert carried.state is not None
        assert all(e.seq > carried.recorded_seq for e in carried.events)
        assert len(carried.events) <= carried.state.last_seq - carried.recorded_seq

    # A request answered before continue-as-new still gets its earlier answer, and nothing new.
    before = await case.snapshot()
    again = await case.decide(LEAD_0, request_id="early-lead-0")
    assert again.repeated and not early.repeated
    assert (again.first_seq, again.last_seq) == (early.first_seq, early.last_seq)
    assert again.events == []  # the run that held them is gone: they are in the record
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

    # The record is continuous across all runs: nothing lost, nothing repeated.
    final = await case.snapshot()
    events = await _recorded(manual_settings, number, final.last_seq)
    assert [e.seq for e in events] == list(range(1, final.last_seq + 1))
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
    assert rules_view(final) == snapshot(fold(None, events))
    assert final.recorded_seq is not None and final.record_blocked is None
    assert final.escalation_level == 3

    # The events query pages through what the latest run holds; older pages are the record's.
    page = await handle.query("events", args=[0, 5])
    assert page["first_held_seq"] > 1 and page["last_seq"] == final.last_seq
    assert [e["seq"] for e in page["events"]] == list(
        range(page["first_held_seq"], min(page["first_held_seq"] + 5, final.last_seq + 1))
    )


async def test_commands_arriving_while_the_case_continues_as_new_are_each_applied_once(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    # A run continues as new after 4 updates: 40 commands sent together cross several runs, and
    # some arrive while a run hands over.
    case, number = await _start(manual_env, manual_settings, RunLimits(updates=4))
    first_run = await _run_id(case.handle)
    commands = [
        {"type": "register_property_lead", "lead_id": f"L{i}", "description": f"线索 {i}"}
        for i in range(40)
    ]
    answers = await asyncio.gather(
        *(case.decide(command, request_id=f"burst-{i}") for i, command in enumerate(commands))
    )
    # Each answered once, with the events it added, and no two answers share an event.
    added = [answer.first_seq for answer in answers]
    assert not any(a.repeated for a in answers)
    assert all(a.events[0].type == "property_lead_registered" for a in answers)
    seqs = [seq for a in answers for seq in range(a.first_seq, a.last_seq + 1)]
    assert len(seqs) == len(set(seqs))
    # The same requests again change nothing, in whichever run they now arrive.
    again = await asyncio.gather(
        *(case.decide(command, request_id=f"burst-{i}") for i, command in enumerate(commands))
    )
    assert [a.first_seq for a in again] == added and all(a.repeated for a in again)

    final = await case.snapshot()
    assert {lead.lead_id for lead in final.leads} >= {f"L{i}" for i in range(40)}
    events = await _recorded(manual_settings, number, final.last_seq)
    assert [e.seq for e in events] == list(range(1, final.last_seq + 1))
    registered = [e.lead_id for e in events if isinstance(e, ev.PropertyLeadRegistered)]
    assert sorted(registered) == sorted(f"L{i}" for i in range(40))
    # A run takes every command delivered with the task it would continue in (the server
    # refuses to end a run with commands it has not seen: they are applied first), so a burst
    # puts the switch off; a few commands one at a time then see it happen.
    for i in range(5):
        await case.decide(
            {"type": "register_property_lead", "lead_id": f"S{i}", "description": "车"}
        )
    assert len(await _runs(case, first_run)) >= 2
