"""``zhixing record check [--repair] [--verify]`` on the real dev server and PostgreSQL: a case
whose record lost its last events is listed (how many, since when) and repaired from the
workflow's own events; the record then equals the workflow's events and its projections check
out. A record that holds an event otherwise than its case is found by ``--verify`` only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import pytest
from temporalio.testing import WorkflowEnvironment

from domain.events import Event
from store.db import shared_database
from tests.integration.record import (
    check_driven,
    drive,
    money_for,
    record_pool,
    wait_recorded,
)
from tests.store.conftest import recorded_settings
from tests.workflow.helpers import Case, running_workers, terminate
from workers.record_check import (
    BOUND,
    check_records,
    describe,
    running_cases_query,
    still_wrong,
)

pytestmark = pytest.mark.integration
QUEUE = "record-check"
QUERY = f"{running_cases_query(None)} AND TaskQueue = '{QUEUE}'"  # this test's cases only


async def lose_tail(pool: asyncpg.Pool, case_id: str, after: int) -> None:
    """What a restore from an older backup leaves: the case's events after `after` gone, with
    the ledger entries they booked (the append-only triggers set aside for the purpose)."""
    async with pool.acquire() as conn, conn.transaction():
        for table in ("case_events", "ledger_entries"):
            await conn.execute(f"ALTER TABLE {table} DISABLE TRIGGER {table}_append_only")
        await conn.execute(
            "DELETE FROM ledger_entries WHERE case_id = $1 AND caused_by_seq > $2", case_id, after
        )
        await conn.execute(
            "DELETE FROM case_events WHERE case_id = $1 AND seq > $2", case_id, after
        )
        for table in ("case_events", "ledger_entries"):
            await conn.execute(f"ALTER TABLE {table} ENABLE TRIGGER {table}_append_only")


@asynccontextmanager
async def driven(
    dev_server: WorkflowEnvironment, postgres_url: str, tmp_path: Path, count: int
) -> AsyncIterator[tuple[asyncpg.Pool, dict[str, list[Event]]]]:
    """`count` cases driven through their stages and recorded, with the record's pool and each
    case's events; the cases are terminated at the end."""
    url, settings = await recorded_settings(postgres_url, tmp_path, QUEUE)
    cases: list[Case] = []
    try:
        async with running_workers(dev_server.client, settings), record_pool(url) as pool:
            cases = [await Case.file(dev_server, settings) for _ in range(count)]
            for i, case in enumerate(cases):
                await drive(case, money_for(i))
            expected = await wait_recorded(pool, cases)
            assert await check_records(dev_server.client, pool, query=QUERY, verify=True) == []
            yield pool, expected
    finally:
        await terminate(cases)
        await shared_database(settings).close()


async def test_a_record_that_lost_its_tail_is_found_and_repaired(
    dev_server: WorkflowEnvironment, postgres_url: str, tmp_path: Path
) -> None:
    async with driven(dev_server, postgres_url, tmp_path, 3) as (pool, expected):
        # the record loses the last 4 events of one case (restored from an older backup)
        lost, kept = list(expected)[1], 4
        last = expected[lost][-1].seq
        await lose_tail(pool, lost, after=last - kept)
        [record] = await check_records(dev_server.client, pool, query=QUERY)
        assert (record.case_id, record.behind, record.recorded_seq) == (lost, kept, last - kept)
        assert record.behind_since == expected[lost][last - kept].occurred_at
        now = datetime.now(UTC)
        assert not record.lagging(now) and record.lagging(now + BOUND + timedelta(seconds=1))
        assert f"落后 {kept} 个事件" in describe(record, now)

        [repaired] = await check_records(dev_server.client, pool, query=QUERY, repair=True)
        assert repaired.repaired == kept and repaired.error is None
        assert still_wrong([repaired], now + BOUND + timedelta(seconds=1)) == []
        assert await check_records(dev_server.client, pool, query=QUERY) == []
        await check_driven(pool, expected)


async def tamper(pool: asyncpg.Pool, case_id: str, seq: int, moved: timedelta) -> None:
    """The record holds event `seq` with another `occurred_at` than the case (what the SDK's
    replay of an empty task once did the other way round: RELIABILITY.md, `task-clock`)."""
    async with pool.acquire() as conn, conn.transaction():
        await conn.execute("ALTER TABLE case_events DISABLE TRIGGER case_events_append_only")
        await conn.execute(
            "UPDATE case_events SET occurred_at = occurred_at + $3 WHERE case_id = $1 AND seq = $2",
            case_id,
            seq,
            moved,
        )
        await conn.execute("ALTER TABLE case_events ENABLE TRIGGER case_events_append_only")


async def test_a_record_that_disagrees_with_its_case_is_found_by_verify(
    dev_server: WorkflowEnvironment, postgres_url: str, tmp_path: Path
) -> None:
    async with driven(dev_server, postgres_url, tmp_path, 2) as (pool, expected):
        case_id = list(expected)[0]
        event = expected[case_id][4]
        await tamper(pool, case_id, event.seq, timedelta(milliseconds=34))
        # not behind: the plain check sees nothing
        assert await check_records(dev_server.client, pool, query=QUERY) == []
        [record] = await check_records(dev_server.client, pool, query=QUERY, verify=True)
        assert record.case_id == case_id and record.behind == 0
        assert record.diverged == (event.seq, event.type, ["occurred_at"])
        assert still_wrong([record], datetime.now(UTC)) == [record]  # the check exits 1
        line = describe(record, datetime.now(UTC))
        assert f"记录与案件不一致：#{event.seq} {event.type} 的 occurred_at 不同" in line
