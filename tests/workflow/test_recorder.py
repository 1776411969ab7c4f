"""The recorder's protocol (workflows/recorder.py) when its local append fails, on the
time-skipping server with real workers and a real PostgreSQL.

The case worker's append activity is the real one with a fault in front of it for the first
attempts only (`FaultyAppend`): the database is unreachable ([Errno 111], the error a SIGKILLed
PostgreSQL gives), or the record refuses the batch. A local activity that fails this way reaches
the workflow as a bare ApplicationError, not an ActivityError (temporalio/sdk-rust#323); before
the recorder read both, such a failure ended the recorder silently and the case's record stayed
behind for good (issue 13, item 1).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any

import asyncpg
import pytest
from temporalio import activity
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client
from temporalio.exceptions import ApplicationError
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.contracts import APPEND_ACTIVITY, AppendReceipt, CaseEventBatch
from activities.record import RecordActivities
from runtime import search_attributes as sa
from runtime.settings import Settings
from store.db import Database, create_pool
from store.event_store import load_events
from tests.store.conftest import recorded_settings
from tests.workflow.conftest import register_search_attributes
from tests.workflow.helpers import Case, case_events, eventually
from workers.wiring import court_system_activities
from workers.worker import workflow_runner
from workflows.catalog import CASE_WORKFLOWS
from workflows.recorder import RECORD_LAG, RECORD_REFUSED_PAUSE

pytestmark = pytest.mark.integration

LEAD = {"type": "register_property_lead", "lead_id": "L-1", "description": "某处房产"}


class FaultyAppend:
    """The real append, after `fail(n)` has refused its first n attempts."""

    def __init__(self, database: Database, fail: Callable[[int], BaseException | None]) -> None:
        self.real = RecordActivities(database)
        self.fail = fail
        self.calls: list[str] = []  # "local" or "durable", in order
        self.cases: list[Case] = []

    async def file(self, env: WorkflowEnvironment, settings: Settings) -> Case:
        case = await Case.file(env, settings)
        self.cases.append(case)
        return case

    @activity.defn(name=APPEND_ACTIVITY)
    async def append_case_events(self, batch: CaseEventBatch) -> AppendReceipt:
        self.calls.append("local" if activity.info().is_local else "durable")
        error = self.fail(len(self.calls))
        if error is not None:
            raise error
        return await self.real.append_case_events(batch)


@asynccontextmanager
async def faulty_worker(
    client: Client, settings: Settings, fail: Callable[[int], BaseException | None]
) -> AsyncIterator[FaultyAppend]:
    database = Database(url=settings.database_url)
    append = FaultyAppend(database, fail)
    worker = Worker(
        client,
        task_queue=settings.task_queue,
        workflows=list(CASE_WORKFLOWS),
        activities=[
            court_system_activities(settings, database).carry_out,
            append.append_case_events,
        ],
        workflow_runner=workflow_runner(),
    )
    try:
        async with worker:
            try:
                yield append
            finally:
                # No case may stay behind on a queue nobody polls: the time-skipping server
                # does not skip time past a workflow task nobody takes.
                for case in append.cases:
                    with contextlib.suppress(RPCError):
                        await case.handle.terminate("test over")
    finally:
        await database.close()


async def recorded_seq(pool: asyncpg.Pool, case: Case) -> int:
    number = (await case.snapshot()).case_number
    async with pool.acquire() as conn:
        return max((e.seq for e in await load_events(conn, number)), default=0)


async def history_kinds(case: Case) -> list[str]:
    """The history's events, each as its type name, with the local activity markers marked
    failed or done."""
    kinds = []
    async for e in case.handle.fetch_history_events():
        if e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED:
            failed = e.marker_recorded_event_attributes.HasField("failure")
            kinds.append("marker:failed" if failed else "marker:done")
        elif e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
            name = e.activity_task_scheduled_event_attributes.activity_type.name
            kinds.append(f"scheduled:{name}")
        else:
            kinds.append(EventType.Name(e.event_type))
    return kinds


async def _recorded_env(
    env: WorkflowEnvironment, postgres_url: str, tmp: Any, queue: str
) -> tuple[Settings, asyncpg.Pool]:
    await register_search_attributes(env)
    url, settings = await recorded_settings(postgres_url, tmp, queue)
    return settings, await create_pool(url, max_size=2)


async def test_a_local_append_the_database_refuses_to_connect_goes_on_durably(
    time_skipping_env: WorkflowEnvironment,
    postgres_url: str,
    tmp_path: Any,
) -> None:
    env = time_skipping_env
    settings, pool = await _recorded_env(env, postgres_url, tmp_path, "recorder-unreachable")

    def unreachable_once(attempt: int) -> BaseException | None:
        return ConnectionRefusedError(111, "Connection refused") if attempt == 1 else None

    try:
        async with (
            asyncio.timeout(90),
            faulty_worker(env.client, settings, unreachable_once) as append,
        ):
            case = await append.file(env, settings)
            await case.act(LEAD)
            total = len(await case_events(case))
            await env.sleep(RECORD_LAG * 2)  # at the latest a timer's task appends locally

            async def caught_up() -> bool:
                return await recorded_seq(pool, case) == total

            assert await eventually(caught_up, 30), append.calls
            assert append.calls[:2] == ["local", "durable"], append.calls
            kinds = await history_kinds(case)
            failed = kinds.index("marker:failed")
            assert f"scheduled:{APPEND_ACTIVITY}" in kinds[failed:], kinds
            # the recorder lives on: the next events are appended too
            await case.act({"type": "record_lead_checked", "lead_id": "L-1", "found": False})
            total = len(await case_events(case))
            await env.sleep(timedelta(seconds=10))
            assert await eventually(caught_up, 30)
    finally:
        await pool.close()


async def test_a_refused_local_append_pauses_the_recorder_which_tries_again(
    time_skipping_env: WorkflowEnvironment,
    postgres_url: str,
    tmp_path: Any,
) -> None:
    env = time_skipping_env
    settings, pool = await _recorded_env(env, postgres_url, tmp_path, "recorder-refused")

    def refused_once(attempt: int) -> BaseException | None:
        if attempt == 1:
            return ApplicationError(
                "simulated divergent duplicate",
                type="store.divergent_duplicate",
                non_retryable=True,
            )
        return None

    try:
        async with asyncio.timeout(90), faulty_worker(env.client, settings, refused_once) as append:
            case = await append.file(env, settings)
            await case.act(LEAD)
            total = len(await case_events(case))
            await env.sleep(RECORD_LAG * 2)  # at the latest a timer's task appends locally

            async def tried() -> bool:
                return bool(append.calls)

            assert await eventually(tried, 30)
            await asyncio.sleep(0.5)
            assert append.calls == ["local"]  # refused: no durable retry of a refusal
            assert await recorded_seq(pool, case) < total
            # the case says so: its snapshot, and the search attribute supervisors list by
            snap = await case.snapshot()
            assert snap.record_blocked == "store.divergent_duplicate"
            assert snap.recorded_seq is not None and snap.recorded_seq < snap.last_seq

            async def shown(blocked: bool) -> bool:
                attributes = (await case.handle.describe()).typed_search_attributes
                return attributes.get(sa.RECORD_BLOCKED) is blocked

            assert await eventually(lambda: shown(True), 10)
            # an effect still goes out (record, then act): its activity takes the events along
            # (the notice's documents answer after its effects: their writ_issued events wait
            # for the recorder's next try, below)
            notice = await case.decide({"type": "issue_notice"}, quiet=False)
            total = notice.last_seq

            async def caught_up() -> bool:
                return await recorded_seq(pool, case) >= total

            assert await eventually(caught_up, 30)
            assert (await case.snapshot()).record_blocked is None
            assert await eventually(lambda: shown(False), 10)
            # after the pause the recorder tries again (nothing is left: it stays quiet)
            await env.sleep(RECORD_REFUSED_PAUSE + timedelta(minutes=1))
            await case.act(
                {"type": "register_property_lead", "lead_id": "L-2", "description": "车"}
            )
            total = len(await case_events(case))
            await env.sleep(timedelta(seconds=10))
            assert await eventually(caught_up, 30), append.calls
    finally:
        await pool.close()
