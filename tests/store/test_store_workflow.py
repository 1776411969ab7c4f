"""Cases driven through the real workflow (time-skipping server, real workers) are recorded in
PostgreSQL: case_events equals the workflow's `events` query (every event: the cases stay in their
first run), the summary equals a rebuild, the ledger reconciles."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any

import asyncpg
import pytest
import pytest_asyncio
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from activities.contracts import APPEND_ACTIVITY, CARRY_OUT_ACTIVITY
from domain import events as ev
from runtime.settings import Settings
from store import ledger
from store.db import create_pool
from store.event_store import load_events
from store.rebuild import rebuild
from tests.store.conftest import recorded_settings
from tests.workflow.helpers import (
    JUDGE,
    Case,
    documents_done,
    empty_deciding_tasks,
    every_event,
    running_workers,
)

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture(loop_scope="session")
async def recorded_env(
    time_skipping_env: WorkflowEnvironment,
    postgres_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[tuple[WorkflowEnvironment, Settings, asyncpg.Pool]]:
    from tests.workflow.conftest import register_search_attributes

    url, settings = await recorded_settings(
        postgres_url, tmp_path_factory.mktemp("recorded"), "enforcement-recorded"
    )
    await register_search_attributes(time_skipping_env)
    pool = await create_pool(url, max_size=2)
    try:
        async with running_workers(time_skipping_env.client, settings):
            yield time_skipping_env, settings, pool
    finally:
        await pool.close()


async def drive(case: Case, story: int) -> None:
    await case.act({"type": "issue_notice"})
    await case.act({"type": "request_asset_search"})
    search = (await case.snapshot()).searches[0].search_id
    deposit = {
        "asset_id": "AS-1",
        "kind": "bank_deposit",
        "description": "银行存款",
        "owner_party_id": "R1",
        "value_fen": 100_000_000,
        "holder": "某银行",
    }
    await case.act({"type": "complete_asset_search", "search_id": search, "findings": [deposit]})
    if story == 0:
        return
    await case.act(
        {
            "type": "freeze_asset",
            "asset_id": "AS-1",
            "measure": "freeze",
            "period_days": 365,
            "amount_fen": 100_000_000,
        }
    )
    today = (await case.today()).isoformat()
    await case.act({"type": "confirm_freeze", "asset_id": "AS-1", "effective_on": today})
    await case.act({"type": "deduct_funds", "asset_id": "AS-1", "amount_fen": 30_000_000})
    if story == 1:
        return
    await case.act({"type": "deduct_funds", "asset_id": "AS-1", "amount_fen": 70_000_000})
    claims = [{"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000_000}]
    approved = await case.decide({"type": "approve_distribution", "claims": claims}, actor=JUDGE)
    plan = next(e for e in approved.events if isinstance(e, ev.DistributionApproved))
    for payout in plan.payouts:
        await case.act({"type": "record_payout", "payout_id": payout.payout_id, "reference": "T-1"})
    await case.act({"type": "close_case", "outcome": "fully_enforced"}, actor=JUDGE)


async def caught_up(pool: asyncpg.Pool, case: Case, timeout: float = 20) -> list[ev.Event]:
    """The workflow's events, once the case record holds as many (it is asynchronous)."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        events = await every_event(case)
        async with pool.acquire() as conn:
            stored = await load_events(conn, case.number)
        quiet = len(stored) >= len(events) and documents_done(events)
        if quiet or asyncio.get_running_loop().time() > deadline:
            return events
        await asyncio.sleep(0.1)


async def test_cases_through_the_workflow_are_recorded_exactly(
    recorded_env: tuple[WorkflowEnvironment, Settings, asyncpg.Pool],
) -> None:
    env, settings, pool = recorded_env
    cases = [await Case.file(env, settings) for _ in range(6)]
    try:
        await asyncio.gather(*(drive(case, i % 3) for i, case in enumerate(cases)))
        await check_recorded(pool, cases)
    finally:
        # Our workers stop with this test: a case left running here would hold the shared
        # time-skipping server's clock (its timers fire into a queue nobody polls).
        for case in cases:
            with contextlib.suppress(RPCError):
                await case.handle.terminate("test over")


async def check_recorded(pool: asyncpg.Pool, cases: list[Case]) -> None:
    for case in cases:
        events = await caught_up(pool, case)
        async with pool.acquire() as conn:
            stored = await load_events(conn, case.number)
            row = await conn.fetchrow("SELECT * FROM case_summary WHERE case_id = $1", case.number)
        assert [e.seq for e in stored] == list(range(1, len(stored) + 1))
        assert stored == events
        # and each event replays as recorded: no task that decided one completed empty (the
        # replay would give it the next task's clock: `task-clock`)
        assert await empty_deciding_tasks(case, events) == []
        snap = await case.snapshot()
        assert (row["last_seq"], row["stage"], row["status"], row["held_fen"]) == (
            snap.last_seq,
            snap.stage,
            snap.status,
            snap.amounts.held_fen,
        )
    async with pool.acquire() as conn:
        report = await rebuild(conn, verify=True)
        checks = await ledger.check(conn)
    assert report.cases == len(cases) and report.disagreements == []
    assert [c.case_id for c in checks if c.problems] == []
    receipts = sorted(c.receipts_fen for c in checks)
    assert receipts == [0, 0, 30_000_000, 30_000_000, 100_000_000, 100_000_000]


async def test_an_outbox_activity_records_the_events_before_it_acts(
    recorded_env: tuple[WorkflowEnvironment, Settings, asyncpg.Pool],
) -> None:
    """`record-with-outbox`: the notice's service request goes out in an activity that first
    appends the notice's events, so no separate append is scheduled for them, and by the time
    the officer's task exists the record holds its cause."""
    env, settings, pool = recorded_env
    case = await Case.file(env, settings)
    try:
        await case.act({"type": "issue_notice"})
        events = await caught_up(pool, case)
        notice = next(e for e in events if isinstance(e, ev.NoticeIssued))
        scheduled: list[tuple[str, list[Any]]] = []
        async for event in case.handle.fetch_history_events():
            if event.HasField("activity_task_scheduled_event_attributes"):
                attrs = event.activity_task_scheduled_event_attributes
                args = await env.client.data_converter.decode(attrs.input.payloads)
                scheduled.append((attrs.activity_type.name, args))
        # the service request (the notice's documents go out beside it: domain/writs.py)
        [(_, (request, carried))] = [
            s for s in scheduled if s[0] == CARRY_OUT_ACTIVITY and "request_key" in s[1][0]
        ]
        assert request["request_key"].endswith(f"#{notice.seq}")
        assert notice.seq in [e["seq"] for e in carried["events"]]
        appended = [
            e["seq"]
            for name, args in scheduled
            if name == APPEND_ACTIVITY
            for e in args[0]["events"]
        ]
        assert notice.seq not in appended, "the notice was appended twice"
        async with pool.acquire() as conn:
            stored = await load_events(conn, events[0].case_number)  # type: ignore[union-attr]
            assert [e.seq for e in stored] == [e.seq for e in events]
    finally:
        with contextlib.suppress(RPCError):
            await case.handle.terminate("test over")
