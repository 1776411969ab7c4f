"""The case record end to end on the real dev server and the embedded PostgreSQL: 50 cases
driven through their stages in parallel (manual adapters: every answer is a command); for each,
`case_events` holds exactly the workflow's `events` query result with contiguous seq, the
`case_summary` rows equal a rebuild and the ledger reconciles.

The helpers here (`drive`, `wait_recorded`, `check_record`) are shared with the resilience
tests (test_record_resilience.py)."""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import asyncpg
import pytest
from temporalio.client import WorkflowQueryFailedError, WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from domain import events as ev
from domain.snapshot import CaseSnapshot
from store import ledger
from store.db import create_pool, shared_database
from store.event_store import load_events
from store.rebuild import rebuild
from tests.store.conftest import recorded_settings
from tests.workflow.helpers import JUDGE, Case, running_workers

pytestmark = pytest.mark.integration

T = TypeVar("T")
CASES = 50
CATCH_UP = 60.0  # seconds the record may lag behind the last answered update


@dataclass(frozen=True)
class Money:
    """What one driven case moved: the ledger must show exactly this."""

    deducted_fen: int
    fee_fen: int

    @property
    def paid_fen(self) -> int:
        return self.deducted_fen - self.fee_fen


def money_for(i: int) -> Money:
    return Money(deducted_fen=10_000_000 + 1_000 * i, fee_fen=50_000 if i % 2 else 0)


INTEGRATION = {"user_id": "u-bank-1", "role": "integration", "court_code": "京0105"}


TRANSIENT = (RPCError, WorkflowUpdateRPCTimeoutOrCancelledError, WorkflowQueryFailedError)


async def patiently(make: Callable[[], Awaitable[T]], seconds: float = 90) -> T:
    """Retry a call to a case while no worker can answer it (a worker killed and restarted)."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while True:
        try:
            return await make()
        except TRANSIENT:
            if loop.time() > deadline:
                raise
            await asyncio.sleep(0.5)


async def drive(
    case: Case,
    money: Money,
    pause: float = 0.0,
    answered: list[tuple[float, float]] | None = None,
) -> None:
    """file → notice → search → a deposit found → freeze → confirmed → 划拨 → 分配 (judge) →
    each payout recorded. Each command keeps its request id across retries (the workflow
    answers a repeated request id once). `pause` spaces the commands; `answered` collects
    (sent, answered) loop times of every update."""
    loop = asyncio.get_running_loop()

    async def act(command: dict[str, object], actor: dict[str, str] | None = None) -> CaseSnapshot:
        request_id = str(uuid.uuid4())
        sent = loop.time()
        snap = await patiently(lambda: case.act(command, actor=actor, request_id=request_id))
        if answered is not None:
            answered.append((sent, loop.time()))
        if pause:
            await asyncio.sleep(pause)
        return snap

    await act({"type": "issue_notice"})
    search = (await act({"type": "request_asset_search"})).searches[0].search_id
    deposit = {
        "asset_id": "AS-1",
        "kind": "bank_deposit",
        "description": "银行存款",
        "owner_party_id": "R1",
        "value_fen": 100_000_000,
        "holder": "某银行",
    }
    await act(
        {"type": "complete_asset_search", "search_id": search, "findings": [deposit]}, INTEGRATION
    )
    await act(
        {
            "type": "freeze_asset",
            "asset_id": "AS-1",
            "measure": "freeze",
            "period_days": 365,
            "amount_fen": 100_000_000,
        }
    )
    today = (await case.today()).isoformat()
    await act({"type": "confirm_freeze", "asset_id": "AS-1", "effective_on": today}, INTEGRATION)
    await act({"type": "deduct_funds", "asset_id": "AS-1", "amount_fen": money.deducted_fen})
    claims: list[dict[str, object]] = []
    if money.fee_fen:
        claims.append(
            {"claimant_id": "COURT", "kind": "fee", "priority": 0, "owed_fen": money.fee_fen}
        )
    claims.append({"claimant_id": "A1", "kind": "applicant", "owed_fen": money.paid_fen})
    await act({"type": "approve_distribution", "claims": claims}, JUDGE)
    events = await patiently(lambda: case.handle.query("events", result_type=list[ev.Event]))
    plan = next(e for e in reversed(events) if isinstance(e, ev.DistributionApproved))
    for payout in plan.payouts:
        if payout.allocation.amount_fen > 0:
            await act(
                {
                    "type": "record_payout",
                    "payout_id": payout.payout_id,
                    "reference": f"T-{payout.payout_id}",
                },
                INTEGRATION,
            )


def case_id(events: list[ev.Event]) -> str:
    first = events[0]
    assert isinstance(first, ev.CaseFiled)
    return first.case_number


async def workflow_events(cases: list[Case]) -> dict[str, list[ev.Event]]:
    results = await asyncio.gather(
        *(
            patiently(lambda c=c: c.handle.query("events", result_type=list[ev.Event]))
            for c in cases
        )
    )
    return {case_id(events): events for events in results}


async def wait_recorded(
    pool: asyncpg.Pool, cases: list[Case], timeout: float = CATCH_UP
) -> dict[str, list[ev.Event]]:
    """Poll case_summary.last_seq until every case's record holds all its workflow's events
    (bounded); returns the workflow's events per case id."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        expected = await workflow_events(cases)
        rows = await pool.fetch(
            "SELECT case_id, last_seq FROM case_summary WHERE case_id = any($1::text[])",
            list(expected),
        )
        recorded = {r["case_id"]: r["last_seq"] for r in rows}
        behind = {
            cid: (recorded.get(cid, 0), events[-1].seq)
            for cid, events in expected.items()
            if recorded.get(cid, 0) != events[-1].seq
        }
        if not behind:
            return expected
        if loop.time() > deadline:
            pytest.fail(f"the record did not catch up in {timeout:.0f} s: {behind}")
        await asyncio.sleep(0.2)


async def check_record(
    pool: asyncpg.Pool, expected: dict[str, list[ev.Event]], money: dict[str, Money]
) -> None:
    """case_events == the events query (contiguous seq, nothing lost or doubled), the summary
    equals a rebuild, the ledger reconciles and books exactly the money that moved."""
    async with pool.acquire() as conn:
        for cid, events in expected.items():
            stored = await load_events(conn, cid)
            assert [e.seq for e in stored] == list(range(1, len(events) + 1)), cid
            assert stored == events, cid
        total = await conn.fetchval("SELECT count(*) FROM case_events")
        assert total == sum(len(events) for events in expected.values())
        report = await rebuild(conn, verify=True)
        checks = await ledger.check(conn)
        books = await conn.fetch(
            """SELECT case_id, kind, sum(amount_fen) AS fen, count(*) AS n
               FROM ledger_entries GROUP BY case_id, kind"""
        )
    assert report.cases == len(expected)
    assert report.disagreements == []
    assert [(c.case_id, c.problems) for c in checks if c.problems] == []
    assert len(checks) == len(expected)
    booked = {(r["case_id"], r["kind"]): r["fen"] for r in books}
    for cid, m in money.items():
        assert booked.get((cid, "receipt")) == m.deducted_fen, cid
        assert booked.get((cid, "payout")) == m.paid_fen, cid
        assert booked.get((cid, "fee")) == (m.fee_fen or None), cid
    assert all(r["n"] == 1 for r in books), "one 划拨 and one line per kind: nothing doubled"


async def terminate(cases: list[Case]) -> None:
    for case in cases:
        with contextlib.suppress(RPCError):
            await case.handle.terminate("test over")


@contextlib.asynccontextmanager
async def record_pool(url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(url, max_size=2)
    try:
        yield pool
    finally:
        await pool.close()


async def test_fifty_cases_in_parallel_are_recorded_exactly(
    dev_server: WorkflowEnvironment, postgres_url: str, tmp_path: Path
) -> None:
    url, settings = await recorded_settings(postgres_url, tmp_path, "record-fifty")
    cases: list[Case] = []
    try:
        async with record_pool(url) as pool, running_workers(dev_server.client, settings):
            cases = list(
                await asyncio.gather(*(Case.file(dev_server, settings) for _ in range(CASES)))
            )
            await asyncio.gather(*(drive(c, money_for(i)) for i, c in enumerate(cases)))
            expected = await wait_recorded(pool, cases)
            ids = [case_id(expected_events) for expected_events in expected.values()]
            await check_record(pool, expected, {cid: money_for(i) for i, cid in enumerate(ids)})
    finally:
        await terminate(cases)
        await shared_database(settings).close()
