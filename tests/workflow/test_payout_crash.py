"""The worker process dies in the middle of a payout; the treasury pays once.

A real worker process (``workers.worker.build_workers``, simulated adapters, its own task
queues and data folder) runs the case. In that process the treasury is wrapped so that the
first payment is written to the treasury ledger and then the process is killed (``os._exit``)
before the payout activity (``carry_out``) can report back: the server still thinks the
activity runs.
A normal worker process is started in its place; once the activity's start-to-close timeout
(30 s, real time: this runs on the dev server) passes, the payout is retried there, the
treasury finds the idempotency key already paid and answers with the same receipt, and the case
records the payout once. The fault lives in this file only; production code has no hook for it.
"""

import asyncio
import json
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle
from temporalio.testing import WorkflowEnvironment

from activities.contracts import CARRY_OUT_ACTIVITY
from domain.editions import COURTS
from runtime.settings import PROJECT_ROOT, Settings
from tests.integration.command import process_env, stop_process
from tests.workflow.helpers import JUDGE, OFFICER, Case, case_events, eventually
from workflows.outbox import EFFECT_TIMEOUT as ACTIVITY_TIMEOUT

# The worker process. argv[1] is "crash" (the first payment kills the process after the
# treasury wrote it) or "normal".
WORKER = r"""
import asyncio
import os
import sys

from activities.adapters import SimulatedTreasury
from workers import wiring
from runtime.client import connect
from runtime.settings import load_settings
from workers.worker import build_workers, run_workers, stop_on_signals

MODE = sys.argv[1]


class CrashingTreasury(SimulatedTreasury):
    async def pay(self, order):
        receipt = await super().pay(order)  # the ledger line is written (and fsynced) here
        marker = self.ledger.path.parent / "crashed-in-payout"
        if not marker.exists():
            marker.write_text(order.payout_id)
            os._exit(9)  # killed before the activity can report the receipt
        return receipt


async def main():
    if MODE == "crash":
        wiring.SimulatedTreasury = CrashingTreasury
    settings = load_settings()
    client = await connect(settings)
    stop = asyncio.Event()
    stop_on_signals(stop)
    await run_workers(build_workers(client, settings), stop)


asyncio.run(main())
"""

TASK_QUEUE = "enforcement-payout-crash"
SIMULATOR_QUEUE = "sim-payout-crash"
# the payout's start-to-close timeout, then the first retry (1 s) and the fall-back from the
# dead worker's sticky queue, with room to spare
RETRY_WITHIN = ACTIVITY_TIMEOUT.total_seconds() + 30


@contextmanager
def worker_process(mode: str, settings: Settings) -> Iterator[subprocess.Popen[bytes]]:
    log = (settings.data_dir / f"worker-{mode}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-c", WORKER, mode],
        cwd=PROJECT_ROOT,
        env=process_env(settings),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        yield process
    finally:
        stop_process(process, 20)
        log.close()


async def exited(process: subprocess.Popen[bytes], seconds: float) -> int | None:
    deadline = asyncio.get_running_loop().time() + seconds
    while process.poll() is None and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.1)
    return process.poll()


def ledger(data_dir: Path) -> list[dict[str, Any]]:
    path = data_dir / "treasury-ledger.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def payouts_recorded(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for e in events if e["type"] == "payout_recorded"]


@pytest.mark.integration
async def test_worker_killed_in_the_middle_of_a_payout_pays_once(
    dev_server: WorkflowEnvironment, postgres_url: str, tmp_path: Path
) -> None:
    # The real dev server: the time-skipping test server never hands a workflow task meant
    # for a dead worker's sticky queue to another worker, and it cannot skip the activity
    # timeout anyway (an activity in flight holds time still).
    env = dev_server
    settings = Settings(
        temporal_address=env.client.service_client.config.target_host,
        temporal_namespace=env.client.namespace,
        data_dir=tmp_path,
        adapters="simulated",
        database_url=postgres_url,
        task_queue=TASK_QUEUE,
        simulator_task_queue=SIMULATOR_QUEUE,
    )
    log_tail = ""
    with worker_process("crash", settings) as crashing:
        case = await Case.file(
            env,
            settings,
            applicants=[
                {"party_id": "A1", "name": "张三", "kind": "person"},
                {"party_id": "A2", "name": "李四", "kind": "person"},
            ],
            principal_fen=30_000_000,
            edition=COURTS,  # two creditors paid at once (edition 3 waits for objections)
        )
        number = (await case.snapshot()).case_number
        today = (await case.today()).isoformat()
        await case.act(
            {
                "type": "record_funds_received",
                "source": "voluntary",
                "amount_fen": 20_000_000,
                "received_on": today,
            },
            OFFICER,
        )
        # The answer only: the worker dies in the payout this starts, and a snapshot query
        # after it would wait for a worker that is gone.
        await case.decide(
            {
                "type": "approve_distribution",
                "claims": [
                    {"claimant_id": "A1", "kind": "applicant", "owed_fen": 18_000_000},
                    {"claimant_id": "A2", "kind": "applicant", "owed_fen": 12_000_000},
                ],
            },
            JUDGE,
        )
        # The first payout reaches the treasury, which pays; then the process dies.
        code = await exited(crashing, 30)
        log_tail = (tmp_path / "worker-crash.log").read_text(errors="replace")[-3000:]
    assert code == 9, f"the worker did not die in the payout (exit {code}):\n{log_tail}"
    crashed_payout = (tmp_path / "crashed-in-payout").read_text()
    [paid] = ledger(tmp_path)
    assert paid["payout_id"] == crashed_payout

    handle = case.handle
    try:
        with worker_process("normal", settings) as normal:
            # The server still thinks the payout runs on the dead worker. After the activity's
            # start-to-close timeout it is retried on the new worker (and the workflow task
            # meant for the dead worker's sticky queue falls back to the task queue). Until
            # then nothing may ask the case (a query would go to the dead worker): we watch
            # the case record in PostgreSQL instead.
            async def both_recorded() -> bool:
                return len(await stored_payouts(postgres_url, number)) == 2

            assert await stored_payouts(postgres_url, number) == []
            recorded_in_time = await eventually(both_recorded, seconds=RETRY_WITHIN)
            assert normal.poll() is None, "the restarted worker died"
            stored = await stored_payouts(postgres_url, number)
            assert recorded_in_time and len(stored) == 2, (
                tmp_path / "worker-normal.log"
            ).read_text(errors="replace")[-3000:]
            # The kill landed inside the activity: the first payout took a second attempt.
            assert await pay_out_attempts(env.client, handle) == [2, 1]

            # The treasury paid each key once: one ledger line for the interrupted payout.
            lines = ledger(tmp_path)
            assert [x["payout_id"] for x in lines].count(crashed_payout) == 1
            assert len({x["idempotency_key"] for x in lines}) == len(lines) == 2
            # The case recorded each payout once, the interrupted one with the treasury's own
            # reference, by the treasury integration.
            recorded = payouts_recorded(await case_events(case))
            assert sorted(e["payout_id"] for e in recorded) == sorted(stored)
            assert sorted(stored) == sorted(x["payout_id"] for x in lines)
            assert {x["payout_id"]: x["amount_fen"] for x in lines} == {
                e["payout_id"]: e["amount_fen"] for e in recorded
            }
            [crash_recorded] = [e for e in recorded if e["payout_id"] == crashed_payout]
            assert crash_recorded["reference"] == paid["reference"]
            assert crash_recorded["actor"]["role"] == "integration"
            snap = await case.snapshot()
            assert snap.amounts.paid_out_fen == 20_000_000 and snap.amounts.held_fen == 0
            assert snap.amounts.collected_fen == snap.amounts.paid_out_fen + snap.amounts.held_fen
            assert next(d for d in snap.deadlines if d.rule == "funds.payout").state == "met"
    finally:
        # No worker serves this queue any more: end the case so no later task waits for one.
        await handle.terminate("test finished")


async def pay_out_attempts(client: Client, handle: WorkflowHandle[Any, Any]) -> list[int]:
    """The attempt of each completed payout activity (``carry_out`` with a payout order), in
    the order they were scheduled."""
    payouts: set[int] = set()
    attempts: dict[int, int] = {}
    async for event in handle.fetch_history_events():
        if event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            attrs = event.activity_task_scheduled_event_attributes
            [item] = await client.data_converter.decode([attrs.input.payloads[0]])
            if attrs.activity_type.name == CARRY_OUT_ACTIVITY and "payout_id" in item:
                payouts.add(event.event_id)
        elif event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED:
            attrs_started = event.activity_task_started_event_attributes
            if attrs_started.scheduled_event_id in payouts:
                attempts[attrs_started.scheduled_event_id] = attrs_started.attempt
    return [attempts[k] for k in sorted(attempts)]


async def stored_payouts(database_url: str, case_number: str) -> list[str]:
    """Payout ids of the payout_recorded events in the case record (PostgreSQL)."""
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch(
            "SELECT payload FROM case_events WHERE case_id = $1 AND type = 'payout_recorded'",
            case_number,
        )
    except asyncpg.UndefinedTableError:  # no worker has opened the case record yet
        return []
    finally:
        await connection.close()
    return [json.loads(r["payload"])["payout_id"] for r in rows]
