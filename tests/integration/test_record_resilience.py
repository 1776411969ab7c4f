"""The case record survives its failures, on the real dev server and real PostgreSQL servers:

- the worker killed (SIGKILL) while appends are flowing and started again loses and duplicates
  nothing: a retried append that had already committed is skipped, not stored twice;
- PostgreSQL stopped for a while: the append retries (its failures are visible on the
  workflow's pending activity: the store's, or the outbox item's that carries the events) while
  the cases keep answering updates, and everything catches up when the server is back. That
  test stops a PostgreSQL of its own, never the session's.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from temporalio.testing import WorkflowEnvironment

from activities.contracts import APPEND_ACTIVITY, CARRY_OUT_ACTIVITY
from tests.integration.command import WorkerProcess, process_env
from tests.integration.record import (
    Money,
    check_driven,
    drive,
    own_record,
    record_pool,
    wait_recorded,
)
from tests.store.conftest import recorded_settings
from tests.workflow.helpers import Case, file_cases, running_workers, terminate
from workflows.recorder import RECORD_RETRY_MAX

pytestmark = pytest.mark.integration


def money_for(i: int) -> Money:
    return Money(deducted_fen=20_000_000 + 10_000 * i, fee_fen=100_000 if i % 3 == 0 else 0)


async def recorded_rows(pool: asyncpg.Pool) -> int:
    return int(await pool.fetchval("SELECT count(*) FROM case_events"))


async def until(check: Any, seconds: float, what: str) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + seconds
    while not await check():
        if loop.time() > deadline:
            pytest.fail(f"not within {seconds:.0f} s: {what}")
        await asyncio.sleep(0.05)


# --------------------------------------------------------------------- a worker killed mid-flight
async def test_killing_the_worker_during_appends_loses_and_duplicates_nothing(
    dev_server: WorkflowEnvironment, postgres_url: str, tmp_path: Path
) -> None:
    url, settings = await recorded_settings(postgres_url, tmp_path, "record-killed")
    target = dev_server.client.service_client.config.target_host
    env = process_env(settings, ZHIXING_TEMPORAL_ADDRESS=target)
    worker = WorkerProcess(env, tmp_path / "worker.log")
    cases: list[Case] = []
    worker.start()
    try:
        async with record_pool(url) as pool:
            cases = await file_cases(dev_server, settings, 12)
            driving = asyncio.gather(
                *(drive(c, money_for(i), pause=0.1) for i, c in enumerate(cases))
            )

            async def flowing() -> bool:
                return await recorded_rows(pool) >= 60

            await until(flowing, 60, "appends flowing")
            worker.kill()  # SIGKILL: no graceful shutdown, in-flight tasks just vanish
            at_kill = await recorded_rows(pool)
            assert not driving.done(), "the cases were meant to be mid-way when killed"
            await asyncio.sleep(1)
            worker.start()
            await driving
            # In-flight appends come back after their start-to-close timeout (30 s).
            expected = await wait_recorded(pool, cases, timeout=75)
            assert await recorded_rows(pool) > at_kill  # appended after the restart too
            await check_driven(pool, expected, money_for)
    finally:
        await terminate(cases)
        worker.stop()
    retries = worker.log.read_text(encoding="utf-8").count("already recorded (retry)")
    print(f"\nkilled at {at_kill} rows; appends found already recorded on retry: {retries}")


# ------------------------------------------------------------------------ PostgreSQL goes away
async def append_attempts(case: Case) -> int:
    """The attempt number of the case's pending append (0: none pending): the store's own
    activity, or an outbox item's that carries the events it follows (`record-with-outbox`)."""
    description = await case.handle.describe()
    return max(
        (
            p.attempt
            for p in description.raw_description.pending_activities
            if p.activity_type.name in (APPEND_ACTIVITY, CARRY_OUT_ACTIVITY)
        ),
        default=0,
    )


OUTAGE = 6.0  # seconds; RECORD_RETRY backs off 1, 2, 4 s... so the retries still come quickly


async def test_postgres_down_appends_retry_while_cases_answer_and_catch_up(
    dev_server: WorkflowEnvironment, tmp_path: Path
) -> None:
    async with own_record(tmp_path, "record-outage") as (pg, settings):
        cases: list[Case] = []
        answered: list[tuple[float, float]] = []
        loop = asyncio.get_running_loop()
        try:
            async with running_workers(dev_server.client, settings):
                cases = await file_cases(dev_server, settings, 6)
                async with record_pool(pg.url) as pool:
                    await wait_recorded(pool, cases, timeout=30)  # the filings are recorded

                await asyncio.to_thread(pg.stop)
                down_at = loop.time()
                # Commands keep coming during the outage; every one must be answered.
                driving = asyncio.gather(
                    *(
                        drive(c, money_for(i), pause=0.4, answered=answered)
                        for i, c in enumerate(cases)
                    )
                )

                async def retrying() -> bool:
                    return min([await append_attempts(c) for c in cases]) >= 2

                await until(retrying, OUTAGE, "every case's append retrying")
                await asyncio.sleep(max(0.0, down_at + OUTAGE - loop.time()))
                during = [a - s for s, a in answered if s >= down_at]
                await asyncio.to_thread(pg.start)
                up_at = loop.time()
                await driving
                async with record_pool(pg.url) as pool:
                    expected = await wait_recorded(pool, cases, timeout=60)
                    caught_up = loop.time() - up_at
                    await check_driven(pool, expected, money_for)
        finally:
            await terminate(cases)
    assert len(during) >= 2 * len(cases), "updates were answered while PostgreSQL was down"
    assert max(during) < 3.0, f"an update waited for the database: {max(during):.1f} s"
    print(
        f"\noutage {up_at - down_at:.1f} s; {len(during)} updates answered during it "
        f"(slowest {max(during):.2f} s); record caught up {caught_up:.1f} s after restart"
    )


KILLED_FOR = 8.0  # seconds PostgreSQL stays dead


async def test_postgres_killed_while_commands_flow_every_record_converges(
    dev_server: WorkflowEnvironment, tmp_path: Path
) -> None:
    """Issue 13, item 1: PostgreSQL SIGKILLed while commands flow without pause, so the
    recorder's local appends fail with the activity's own error; restarted on the same socket.
    Every case's record must converge within RECORD_RETRY_MAX of the restart (before the fix
    every case whose local append failed stayed behind for good)."""
    async with own_record(tmp_path, "record-killed") as (pg, settings):
        cases: list[Case] = []
        loop = asyncio.get_running_loop()
        try:
            async with running_workers(dev_server.client, settings):
                cases = await file_cases(dev_server, settings, 12)
                driving = asyncio.gather(
                    *(drive(c, money_for(i), pause=0.05) for i, c in enumerate(cases))
                )
                await asyncio.sleep(1.0)
                await asyncio.to_thread(pg.kill)
                await asyncio.sleep(KILLED_FOR)
                await asyncio.to_thread(pg.start)
                up_at = loop.time()
                await driving
                async with record_pool(pg.url) as pool:
                    within = RECORD_RETRY_MAX.total_seconds() + 20
                    expected = await wait_recorded(pool, cases, timeout=within)
                    caught_up = loop.time() - up_at
                    await check_driven(pool, expected, money_for)
        finally:
            await terminate(cases)
    print(f"\nkilled {KILLED_FOR:.0f} s; every record caught up {caught_up:.1f} s after restart")
