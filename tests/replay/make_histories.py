"""Record the stored histories that ``tests/replay/test_replay.py`` replays.

    python -m tests.replay.make_histories            # write the stories not stored yet
    python -m tests.replay.make_histories --force    # rewrite every story (see the README)
    python -m tests.replay.make_histories dormant_resumed   # only the named stories
    python -m tests.replay.make_histories --out /tmp/h      # somewhere else (to compare)

Each story runs on its own time-skipping test server with real workers and writes the history
of every workflow it started to ``tests/histories/<story>.<workflow>.json``
(``WorkflowHistory.to_json()``): the case (one file per run when it continued as new) and, in
simulated mode, each ``CourtSystemSimulator``.

A stored history is a promise to the cases running in production. A code change that fails to
replay one goes behind ``workflow.patched``; regenerating the file instead hides the break.
"""

from __future__ import annotations

import argparse
import asyncio
import shutil
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from temporalio.client import Client, WorkflowHistory
from temporalio.testing import WorkflowEnvironment

from activities import simulation
from domain import events as ev
from domain.calendar import local_date
from domain.effects import ExternalRequest
from domain.snapshot import CaseSnapshot
from runtime.codec import data_converter
from runtime.contract import case_workflow_id
from runtime.settings import Settings
from store.db import shared_database
from tests.samples import HEARD_AND_SIGNED_OFF
from tests.workflow.conftest import register_search_attributes
from tests.workflow.helpers import (
    COURT,
    JUDGE,
    PRESIDENT,
    Case,
    every_event,
    filing,
    running_workers,
)
from workflows.case_run import CaseRun, RunLimits
from workflows.enforcement_case import EnforcementCase

HISTORIES = Path(__file__).resolve().parent.parent / "histories"
MAX_BYTES = 300_000
# The stored histories' payload key: public, for these tests only (tests/histories/README.md).
HISTORY_KEYS = Settings(payload_key_file=Path(__file__).resolve().parent / "payload-keys.json")
NETWORK = {"user_id": "net-control", "role": "integration", "court_code": COURT}


def deposit(asset_id: str) -> dict[str, Any]:
    return {
        "asset_id": asset_id,
        "kind": "bank_deposit",
        "description": "被执行人在某银行的存款账户",
        "owner_party_id": "R1",
        "value_fen": 5_000_000,
        "holder": "中国工商银行北京朝阳支行",
    }


async def settle(
    case: Case, ready: Callable[[CaseSnapshot], bool], tries: int = 100
) -> CaseSnapshot:
    """The server has moved the clock; give the workers a moment to act on it."""
    for _ in range(tries):
        snap = await case.snapshot()
        if ready(snap):
            return snap
        await asyncio.sleep(0.05)
    raise AssertionError(f"the case did not get there: {snap}")


async def pass_days(case: Case, days: int, ready: Callable[[CaseSnapshot], bool]) -> CaseSnapshot:
    await case.env.sleep(timedelta(days=days))
    return await settle(case, ready)


def control_state(snap: CaseSnapshot, asset_id: str) -> str | None:
    asset = next((a for a in snap.assets if a.asset_id == asset_id), None)
    return None if asset is None or asset.control is None else asset.control.state


Recorded = dict[str, WorkflowHistory]  # file name part -> history


async def run_histories(client: Client, workflow_id: str) -> list[WorkflowHistory]:
    """Every run of a workflow, first to last (following continue-as-new)."""
    latest = await client.get_workflow_handle(workflow_id).fetch_history()
    runs = [latest]
    start = latest.events[0].workflow_execution_started_event_attributes
    while start.continued_execution_run_id:
        previous = await client.get_workflow_handle(
            workflow_id, run_id=start.continued_execution_run_id
        ).fetch_history()
        runs.insert(0, previous)
        start = previous.events[0].workflow_execution_started_event_attributes
    return runs


# -- stories -------------------------------------------------------------------------------------


async def manual_lifecycle(env: WorkflowEnvironment, settings: Settings) -> Recorded:
    """Manual mode: notice, service, search, freeze, renewal, lapse escalating to level 3, close."""
    case = await Case.file(env, settings)
    today = await case.today()
    await case.act({"type": "issue_notice"})
    for doc in ("TZ-R1", "BG-R1"):
        await case.act(
            {
                "type": "record_service",
                "document_id": doc,
                "served_on": str(today),
                "method": "electronic",
            }
        )
    snap = await case.act({"type": "request_asset_search"})
    search_id = snap.searches[0].search_id
    await case.act(
        {"type": "complete_asset_search", "search_id": search_id, "findings": [deposit("DEP-1")]},
        actor=NETWORK,
    )
    await case.act(
        {
            "type": "freeze_asset",
            "asset_id": "DEP-1",
            "measure": "freeze",
            "period_days": 30,
            "amount_fen": 5_000_000,
        }
    )
    await case.act(
        {"type": "confirm_freeze", "asset_id": "DEP-1", "effective_on": str(today)}, actor=NETWORK
    )
    # The freeze warning comes 15 days before expiry; renew after it.
    await pass_days(
        case, 16, lambda s: any(d.rule == "freeze.expiry" and d.warned for d in s.deadlines)
    )
    await case.act({"type": "renew_freeze", "asset_id": "DEP-1", "period_days": 30})
    snap = await case.act(
        {"type": "confirm_freeze", "asset_id": "DEP-1", "effective_on": str(await case.today())},
        actor=NETWORK,
    )
    assert control_state(snap, "DEP-1") == "effective"
    # Nobody renews again: the freeze lapses and the deadline climbs the ladder.
    await pass_days(
        case, 60, lambda s: control_state(s, "DEP-1") == "lapsed" and s.escalation_level == 3
    )
    await case.act(
        {"type": "close_case", "outcome": "withdrawn", "reason": "申请执行人撤回申请"}, actor=JUDGE
    )
    await case.handle.result()
    return {"case": await case.handle.fetch_history()}


async def dormant_resumed(env: WorkflowEnvironment, settings: Settings) -> Recorded:
    """终本 with nothing found; the six-monthly re-search finds a deposit; 恢复执行 (执恢)."""
    case = await Case.file(env, settings)
    today = await case.today()
    await case.act({"type": "issue_notice"})
    for doc in ("TZ-R1", "BG-R1"):
        await case.act(
            {
                "type": "record_service",
                "document_id": doc,
                "served_on": str(today),
                "method": "electronic",
            }
        )
    await case.act(  # the president signs it (限消规定 art. 4; asked from edition 2)
        {"type": "impose_measure", "measure": "consumption_restriction", "party_id": "R1"},
        actor=PRESIDENT,
    )
    snap = await case.act({"type": "request_asset_search"})
    await case.act(
        {"type": "complete_asset_search", "search_id": snap.searches[0].search_id, "findings": []},
        actor=NETWORK,
    )
    await env.sleep(timedelta(days=95))
    for command in HEARD_AND_SIGNED_OFF:  # edition COURTS on (domain/dormant.py)
        await case.act(command)
    snap = await case.act(
        {"type": "terminate_this_procedure", "reason": "经网络查控未发现可供执行的财产"},
        actor=JUDGE,
    )
    assert snap.status == "dormant"
    snap = await pass_days(
        case, 190, lambda s: any(x.dormant_requery and x.state == "pending" for x in s.searches)
    )
    requery = next(x for x in snap.searches if x.dormant_requery)
    await case.act(
        {
            "type": "complete_asset_search",
            "search_id": requery.search_id,
            "findings": [deposit("DEP-9")],
        },
        actor=NETWORK,
    )
    year = (await case.today()).year
    snap = await case.act(
        {
            "type": "resume_enforcement",
            "resumed_case_number": f"({year}){COURT}执恢{900 + year % 100}号",
            "reason": "定期查控发现可供执行的存款",
        }
    )
    assert snap.status == "active"
    return {"case": await case.handle.fetch_history()}


def _simulated_case_number(today: date) -> str:
    """A case whose notice delivery fails once (the first request: seq 6 after filing)."""
    for n in range(80_000, 81_000):
        number = f"({today.year}){COURT}执{n}号"
        request = ExternalRequest(
            kind="serve_documents",
            request_key=f"{number}#6",
            case_id=number,
            case_number=number,
            court_code=COURT,
            requested_on=today,
            payload={},
        )
        if simulation.plan(request).fail_first_attempt:
            return number
    raise AssertionError("no suitable case number")


async def simulated(env: WorkflowEnvironment, settings: Settings) -> Recorded:
    """Simulated mode: service, search and freeze answered by the simulators, one retried."""
    today = local_date(await env.get_current_time())
    number = _simulated_case_number(today)
    case = await Case.file(env, settings, case_number=number)
    await case.act({"type": "issue_notice"})
    await case.act({"type": "request_asset_search"})
    snap = await pass_days(case, 1, lambda s: True)
    for _ in range(10):
        if snap.searches[0].state == "finished" and all(d.served_on for d in snap.documents):
            break
        snap = await pass_days(case, 1, lambda s: True)
    found = next(a for a in snap.assets if a.kind == "bank_deposit")
    await case.act(
        {
            "type": "freeze_asset",
            "asset_id": found.asset_id,
            "measure": "freeze",
            "period_days": 180,
        }
    )
    for _ in range(10):
        snap = await pass_days(case, 1, lambda s: True)
        if control_state(snap, found.asset_id) == "effective":
            break
    assert control_state(snap, found.asset_id) == "effective"
    events = await every_event(case)
    recorded: Recorded = {"case": await case.handle.fetch_history()}
    asks = (ev.NoticeIssued, ev.AssetSearchRequested, ev.FreezeRequested)
    for e in events:
        if isinstance(e, asks):
            sim = env.client.get_workflow_handle(f"sim/{number}#{e.seq}")
            await sim.result()
            recorded[f"simulator-{e.type}"] = await sim.fetch_history()
    notice = recorded["simulator-notice_issued"]
    attempts = [
        x.activity_task_started_event_attributes.attempt
        for x in notice.events
        if x.HasField("activity_task_started_event_attributes")
    ]
    assert attempts == [2], f"the notice delivery should have been retried once: {attempts}"
    return recorded


async def continue_as_new(env: WorkflowEnvironment, settings: Settings) -> Recorded:
    """A case with a low history limit: commands and escalations across several runs."""
    case_filing = filing(local_date(await env.get_current_time()))
    workflow_id = case_workflow_id(case_filing.case_number)
    await env.client.start_workflow(
        EnforcementCase.run,
        CaseRun(filing=case_filing, history_limit=40),
        id=workflow_id,
        task_queue=settings.task_queue,
    )
    case = Case(env, env.client.get_workflow_handle(workflow_id))
    await case.act(
        {
            "type": "register_property_lead",
            "lead_id": "L0",
            "description": "申请人提供：某银行账户",
        },
        request_id="early-lead-0",
    )
    for i in range(1, 9):
        await case.act(
            {"type": "register_property_lead", "lead_id": f"L{i}", "description": f"线索 {i}"}
        )
        await case.act({"type": "record_lead_checked", "lead_id": f"L{i}", "found": False})
    await case.act(
        {
            "type": "register_property_lead",
            "lead_id": "L0",
            "description": "申请人提供：某银行账户",
        },
        request_id="early-lead-0",
    )
    await pass_days(case, 22, lambda s: s.escalation_level == 3)
    runs = await run_histories(env.client, workflow_id)
    assert len(runs) >= 3, len(runs)
    return {f"case-run{n}": history for n, history in enumerate(runs, start=1)}


async def compact_run(env: WorkflowEnvironment, settings: Settings) -> Recorded:
    """Behind the `compact-run` patch (issue 18): a run continues as new after 3 updates and
    carries its state, not its story; effects go out in lanes (the notice's service, a search,
    the urges' notices) and are handed over to the next run; a request sent again in a later
    run; escalations in the last runs."""
    case_filing = filing(local_date(await env.get_current_time()))
    workflow_id = case_workflow_id(case_filing.case_number)
    await env.client.start_workflow(
        EnforcementCase.run,
        CaseRun(filing=case_filing, limits=RunLimits(updates=3)),
        id=workflow_id,
        task_queue=settings.task_queue,
    )
    case = Case(env, env.client.get_workflow_handle(workflow_id))
    early = {"type": "register_property_lead", "lead_id": "L0", "description": "某银行账户"}
    await case.act(early, request_id="early-lead-0")
    await case.act({"type": "issue_notice"})
    await case.act({"type": "request_asset_search"})
    high = {"user_id": "u-sup-bj", "role": "supervisor", "court_code": "京"}
    today = await case.today()
    await case.act(
        {
            "type": "open_supervision",
            "report_due_on": str(today + timedelta(days=30)),
            "instructions": "请报告办理情况",
        },
        actor=high,
    )
    # One at a time: the time-skipping server mishandles a command that reaches a run as it
    # continues as new (commands arriving during the switch: tests/workflow/
    # test_continue_as_new.py, on the dev server).
    for i in range(1, 7):
        await case.decide({"type": "urge", "message": f"第{i}次催办"}, actor=high)
        await case.decide(
            {"type": "register_property_lead", "lead_id": f"L{i}", "description": "车"}
        )
    await case.decide(early, request_id="early-lead-0")
    for _ in range(25):  # a day at a time, as tests/workflow/test_continue_as_new.py does
        if (await pass_days(case, 1, lambda s: True)).escalation_level == 3:
            break
    runs = await run_histories(env.client, workflow_id)
    assert len(runs) >= 3, len(runs)
    return {f"case-run{n}": history for n, history in enumerate(runs, start=1)}


async def supervision(env: WorkflowEnvironment, settings: Settings) -> Recorded:
    """督办 and 涉执信访 (behind the `supervision` patch): the high court supervises, the report
    is never made and climbs its ladder, an urge between levels; a petition about delay; the
    case's own level 3 opens a 督办 at 京01; closing the case closes both."""
    case = await Case.file(env, settings)
    today = await case.today()
    high = {"user_id": "u-sup-bj", "role": "supervisor", "court_code": "京"}
    snap = await case.act(
        {
            "type": "open_supervision",
            "report_due_on": str(today + timedelta(days=5)),
            "instructions": "请报告办理情况",
        },
        actor=high,
    )
    await pass_days(
        case,
        6,
        lambda s: any(
            d.rule == "supervision.report" and d.escalation_level >= 1 for d in s.deadlines
        ),
    )
    await case.act({"type": "urge", "message": "请立即报告"}, actor=high)
    await case.act(
        {
            "type": "register_petition",
            "petitioner": "张三",
            "channel": "visit",
            "summary": "反映拖延执行",
            "about_delay": True,
        }
    )
    snap = await pass_days(case, 20, lambda s: len(s.supervisions) == 2)
    petition = snap.petitions[0].petition_id
    await case.act({"type": "respond_petition", "petition_id": petition, "response": "已登记"})
    await case.act(
        {"type": "close_case", "outcome": "withdrawn", "reason": "申请执行人撤回申请"}, actor=JUDGE
    )
    await case.handle.result()
    return {"case": await case.handle.fetch_history()}


async def entrusted(env: WorkflowEnvironment, settings: Settings) -> Recorded:
    """委托执行 (issue 17, manual mode): 京0105 entrusts its case to 沪0115; the letter is a task
    for 沪0115's filing desk, which files the case with where it came from; the new case's
    docketing notice closes the entrusting case as 销案; 沪0115 starts, reports, concludes."""
    import json

    from domain.effects import EntrustmentLetter
    from domain.entrustment import docketing
    from tests.samples import REGISTRY

    origin = await Case.file(env, settings)
    today = await origin.today()
    await origin.act(
        {
            "type": "entrust_case",
            "receiving_court_code": "沪0115",
            "receiving_court_chain": list(REGISTRY.chain("沪0115")),
            "reason": "被执行人在上海市浦东新区有房产",
        }
    )
    tasks = settings.data_dir / "officer-tasks.jsonl"
    for _ in range(100):
        lines = tasks.read_text(encoding="utf-8").splitlines() if tasks.exists() else []
        found = [json.loads(x) for x in lines if '"docket_entrusted_case"' in x]
        if found:
            break
        await asyncio.sleep(0.05)
    task = found[0]
    letter = EntrustmentLetter.model_validate(
        {k: v for k, v in task.items() if k not in ("request_key", "kind", "mode")}
    )
    await pass_days(origin, 2, lambda s: True)
    number = f"({today.year})沪0115执70001号"  # its own server: no other case there
    filed = docketing(letter, number, "u-officer-sh", await origin.today())
    handle = await env.client.start_workflow(
        EnforcementCase.run, filed, id=case_workflow_id(number), task_queue=settings.task_queue
    )
    receiving = Case(env, handle)
    await settle(origin, lambda s: s.status == "closed")
    await origin.handle.result()
    shanghai = {"user_id": "u-officer-sh", "role": "officer", "court_code": "沪0115"}
    await receiving.act({"type": "issue_notice"}, actor=shanghai)
    await pass_days(receiving, 20, lambda s: True)
    await receiving.act(
        {"type": "report_entrustment_progress", "summary": "已送达执行通知"}, actor=shanghai
    )
    await receiving.act(
        {"type": "close_case", "outcome": "withdrawn", "reason": "申请执行人撤回申请"},
        actor={"user_id": "u-judge-sh", "role": "judge", "court_code": "沪0115"},
    )
    await receiving.handle.result()
    return {
        "origin": await origin.handle.fetch_history(),
        "receiving": await receiving.handle.fetch_history(),
    }


async def writs(env: WorkflowEnvironment, settings: Settings) -> Recorded:
    """文书 (issue 16, behind the `writs` patch): the notice issues 执行通知书 and 报告财产令, a
    found deposit's freeze a 协助执行通知书, the consumption restriction a 限制消费令; the writ
    office keeps each and the case records its fingerprint (``writ_issued``); closed."""
    case = await Case.file(env, settings)
    await case.act({"type": "issue_notice"})
    await case.act({"type": "record_asset_found", "asset": deposit("DEP-1")})
    await case.act(
        {"type": "freeze_asset", "asset_id": "DEP-1", "measure": "freeze", "period_days": 365}
    )
    await case.act(
        {"type": "impose_measure", "measure": "consumption_restriction", "party_id": "R1"},
        actor=PRESIDENT,
    )
    for _ in range(400):
        if sum(e.type == "writ_issued" for e in await every_event(case)) == 4:
            break
        await asyncio.sleep(0.05)
    await case.act({"type": "release_asset", "asset_id": "DEP-1", "reason": "申请执行人撤回申请"})
    await case.act(
        {"type": "close_case", "outcome": "withdrawn", "reason": "申请执行人撤回申请"}, actor=JUDGE
    )
    await case.handle.result()
    return {"case": await case.handle.fetch_history()}


STORIES: dict[str, Callable[[WorkflowEnvironment, Settings], Awaitable[Recorded]]] = {
    "manual_lifecycle": manual_lifecycle,
    "dormant_resumed": dormant_resumed,
    "simulated": simulated,
    "continue_as_new": continue_as_new,
    "supervision": supervision,
    "compact_run": compact_run,
    "entrusted": entrusted,
    # issue 15's `lean-history` patch: the manual lifecycle again, under the marker
    "lean_history": manual_lifecycle,
    "writs": writs,
    # `task-clock` (issue 16): the documents' story again, each writ_issued's task with a memo
    "task_clock": writs,
    # `night-spread` (issue 15): the manual lifecycle again, its wake-ups at its night offset
    "night_spread": manual_lifecycle,
    # `patches-at-start` (issue 15): the documents' story again, one patch marker for the five
    "patches_at_start": writs,
}


# -- running -------------------------------------------------------------------------------------


def _binary(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    found = str(candidate) if candidate.is_file() else shutil.which(name)
    if found is None:
        raise SystemExit(f"`{name}` not found next to {sys.executable} nor on PATH")
    return found


async def record(name: str, data_dir: Path, out: Path) -> list[Path]:
    adapters = "simulated" if name == "simulated" else "manual"
    # One data folder for every story: one embedded PostgreSQL for the case record.
    settings = Settings(
        data_dir=data_dir,
        adapters=adapters,
        task_queue=f"histories-{name}",
        simulator_task_queue=f"histories-sim-{name}",
    )
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=_binary("temporal-test-server"),
        data_converter=data_converter(HISTORY_KEYS),
        test_server_startup_timeout=timedelta(seconds=30),
    )
    try:
        await register_search_attributes(env)
        # The embedded PostgreSQL up and migrated before any case: its first start blocks the
        # workers' event loop for seconds, and a query meanwhile times out.
        await shared_database(settings).pool()
        async with running_workers(env.client, settings):
            recorded = await STORIES[name](env, settings)
    finally:
        await env.shutdown()
    written = []
    for part, history in recorded.items():
        path = out / f"{name}.{part}.json"
        text = history.to_json()
        if len(text.encode()) > MAX_BYTES:
            raise AssertionError(f"{path.name}: {len(text.encode())} bytes > {MAX_BYTES}")
        path.write_text(text + "\n", encoding="utf-8")
        written.append(path)
    return written


async def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "stories",
        nargs="*",
        metavar="STORY",
        help=f"stories to record (default all): {', '.join(STORIES)}",
    )
    parser.add_argument(
        "--out", type=Path, default=HISTORIES, help="where to write (default tests/histories)"
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="overwrite stored histories (read tests/histories/README.md first)",
    )
    args = parser.parse_args(argv)
    unknown = set(args.stories) - set(STORIES)
    if unknown:
        parser.error(f"unknown stories: {', '.join(sorted(unknown))}")
    out: Path = args.out.resolve()
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="zhixing-histories-") as tmp:
        # The embedded PostgreSQL may run as another user (it does when started as root).
        Path(tmp).chmod(0o755)
        for name in args.stories or list(STORIES):
            existing = sorted(out.glob(f"{name}.*.json"))
            if existing and not args.force:
                print(f"{name}: kept {len(existing)} stored file(s) (--force to overwrite)")
                continue
            for path in existing:
                path.unlink()
            for path in await record(name, Path(tmp), out):
                print(f"{name}: wrote {path} ({path.stat().st_size // 1024} KB)")


if __name__ == "__main__":
    asyncio.run(main())
