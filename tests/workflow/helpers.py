"""Driving a case in workflow tests: file, act, read."""

import asyncio
import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar

from temporalio.client import (
    Client,
    WorkflowHandle,
    WorkflowQueryFailedError,
    WorkflowUpdateRPCTimeoutOrCancelledError,
)
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from domain import events as ev
from domain.calendar import local_date
from domain.commands import FileCase
from domain.deadline_watch import NIGHT_SPREAD
from domain.editions import TRAIL
from domain.snapshot import CaseSnapshot, CommandAnswer
from runtime.client import held_events
from runtime.contract import case_workflow_id
from runtime.settings import Settings
from store.db import connect, database_url
from store.event_store import load_events
from tests import samples
from workers.worker import build_workers
from workflows.enforcement_case import EnforcementCase

COURT = "京0105"
OFFICER = {"user_id": "u-officer-1", "role": "officer", "court_code": COURT}
JUDGE = {"user_id": "u-judge-1", "role": "judge", "court_code": COURT}
PRESIDENT = {"user_id": "u-president-1", "role": "president", "court_code": COURT}

# A timed step has not happened this long before its moment, and has this long after: a step at
# the turn of a day wakes the case within NIGHT_SPREAD after it (domain/deadline_watch.py).
MARGIN = NIGHT_SPREAD + timedelta(hours=1)

T = TypeVar("T")
_counter = iter(range(1, 1_000_000))


def filing(filed_on: date, **overrides: Any) -> FileCase:
    number = (
        overrides.pop("case_number", None)
        or f"({filed_on.year}){COURT}执{next(_counter) + 10000}号"
    )
    return samples.file_case(number, filed_on, **{"court_code": COURT, **overrides})


@asynccontextmanager
async def running_workers(client: Client, settings: Settings) -> AsyncIterator[list[Worker]]:
    workers = build_workers(client, settings)
    async with workers[0], workers[1]:
        yield workers


class Case:
    """A filed case and the handle to act on it."""

    def __init__(self, env: WorkflowEnvironment, handle: WorkflowHandle[Any, Any]) -> None:
        self.env = env
        self.handle = handle

    @classmethod
    async def file(cls, env: WorkflowEnvironment, settings: Settings, **overrides: Any) -> "Case":
        today = local_date(await env.get_current_time())
        case = filing(overrides.pop("filed_on", today), **overrides)
        handle = await env.client.start_workflow(
            EnforcementCase.run,
            case,
            id=case_workflow_id(case.case_number),
            task_queue=settings.task_queue,
        )
        return cls(env, handle)

    @property
    def number(self) -> str:
        """The case number (the workflow id is `case/<number>`)."""
        return self.handle.id.removeprefix("case/")

    async def decide(
        self,
        command: dict[str, Any],
        actor: dict[str, Any] | None = None,
        request_id: str | None = None,
        quiet: bool = True,
    ) -> CommandAnswer:
        """One command through the ``execute`` update (a new update id each time, so a repeated
        request id reaches the workflow): its answer, the decision; with `quiet`, once the
        documents it issued are recorded (``documents_recorded``)."""
        envelope = {
            "request_id": request_id or str(uuid.uuid4()),
            "actor": actor or OFFICER,
            "command": command,
        }
        answer = await send(self, envelope)
        if quiet and any(e.type in ISSUING for e in answer.events):
            await self.documents_recorded()
        return answer

    async def documents_recorded(self, seconds: float = 30) -> None:
        """Until the writ office has answered for every document the case's events issued (its
        ``writ_issued`` events come after the command, in real time): a test reads a quiet case.
        Not checked once the case continued as new (its run no longer holds every event)."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + seconds
        while True:
            try:
                held = await held_events(self.env.client, self.number)
            except (RPCError, WorkflowQueryFailedError):  # continuing as new, or gone: unchecked
                return
            if not held or held[0].seq != 1 or documents_done(held) or loop.time() > deadline:
                return
            await asyncio.sleep(0.1)

    async def act(
        self,
        command: dict[str, Any],
        actor: dict[str, Any] | None = None,
        request_id: str | None = None,
    ) -> CaseSnapshot:
        """One command (`decide`), then the case's snapshot: what most tests read."""
        await self.decide(command, actor, request_id)
        return await self.snapshot()

    async def snapshot(self) -> CaseSnapshot:
        """The ``snapshot`` query. The time-skipping test server drops a query that reaches a
        run in the task it continues as new in (the client waits out its deadline); the dev
        server answers it. So a query here waits 5 s, and one that fails is sent again, three
        times in all (the third failure is raised)."""
        for _ in range(2):
            with contextlib.suppress(RPCError):
                return await self._query_snapshot()
        return await self._query_snapshot()

    async def _query_snapshot(self) -> CaseSnapshot:
        snap: CaseSnapshot = await self.handle.query(
            "snapshot", result_type=CaseSnapshot, rpc_timeout=timedelta(seconds=5)
        )
        return snap

    async def today(self) -> date:
        return local_date(await self.env.get_current_time())


async def file_cases(env: WorkflowEnvironment, settings: Settings, n: int) -> list[Case]:
    """`n` cases filed at once."""
    return list(await asyncio.gather(*(Case.file(env, settings) for _ in range(n))))


async def terminate(cases: list[Case]) -> None:
    """End the cases (those already ended are left as they are)."""
    for case in cases:
        with contextlib.suppress(RPCError):
            await case.handle.terminate("test over")


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


# -- living through time and reading the record (stories) -------------------------------------
SUPERVISOR = {"user_id": "u-supervisor-1", "role": "supervisor", "court_code": "京03"}

OTHER_COURT_OFFICER = {"user_id": "u-officer-9", "role": "officer", "court_code": "京0108"}


def resumed_number(year: int) -> str:
    """A fresh 执恢 number of this court, e.g. (2027)京0105执恢12号."""
    return f"({year}){COURT}执恢{next(_counter)}号"


async def sleep_until(env: WorkflowEnvironment, moment: datetime) -> None:
    """Let server time pass until ``moment`` (no-op when it is already past)."""
    gap = moment - await env.get_current_time()
    if gap > timedelta(0):
        await env.sleep(gap)


async def every_event(case: Case, settings: Settings | None = None) -> list[ev.Event]:
    """Every event of the case, oldest first. The ``events`` query, page after page
    (`runtime.client.held_events`), holds them all in the case's first run; once the case
    continued as new its run holds only the events it added and those not yet recorded, and the
    earlier ones are read in the record (``case_events``) that its workers (`settings`) write."""
    held = await held_events(case.env.client, case.number)
    if held and held[0].seq == 1:
        return held
    assert settings is not None, "the case continued as new: its earlier events are in the record"
    url = database_url(settings)
    assert url is not None, "the workers record into the embedded PostgreSQL: no URL to read"
    conn = await connect(url)
    try:
        earlier = await load_events(conn, case.number, upto=held[0].seq - 1 if held else None)
    finally:
        await conn.close()
    events = earlier + held
    assert [e.seq for e in events] == list(range(1, len(events) + 1)), "the record has a gap"
    return events


async def case_events(case: Case) -> list[dict[str, Any]]:
    """`every_event` as plain JSON (the wire form other systems see)."""
    return [event.model_dump(mode="json") for event in await every_event(case)]


# the events that may issue documents (domain/writs.py writs_of): a command that added none of
# them leaves nothing for the writ office
ISSUING = {"notice_issued", "freeze_requested", "measure_imposed", "procedure_terminated"}


def documents_done(events: list[ev.Event]) -> bool:
    """Whether every document the events issued (domain/writs.py) is recorded (``writ_issued``):
    the writ office answers after the command, so a case is quiet only once they are."""
    from domain.fold import fold
    from domain.writs import writs_of

    asked, state = 0, None
    for event in events:
        state = fold(state, [event])
        asked += len(writs_of(state, event))
    if state is not None and state.status == "closed" and state.edition < TRAIL:
        return True  # refused on a closed case before edition 4: nothing more comes
    return sum(isinstance(e, ev.WritIssued) for e in events) == asked


def repeats(again: CommandAnswer, first: CommandAnswer) -> bool:
    """Whether `again` answers `first`'s request sent again: marked repeated, the same seqs and
    the same events (while the run that added them lasts: afterwards none)."""
    same = (again.first_seq, again.last_seq) == (first.first_seq, first.last_seq)
    return again.repeated and same and again.events in (first.events, [])


async def send(case: Case, envelope: Any) -> CommandAnswer:
    """Send a raw envelope (possibly malformed) through the ``execute`` update."""
    return await case.handle.execute_update("execute", envelope, result_type=CommandAnswer)


async def eventually(check: Callable[[], Awaitable[bool]], seconds: float = 5.0) -> bool:
    """Poll ``check`` in real time (server time stays put) until true or ``seconds`` pass."""
    deadline = asyncio.get_running_loop().time() + seconds
    while True:
        if await check():
            return True
        if asyncio.get_running_loop().time() > deadline:
            return False
        await asyncio.sleep(0.05)


async def served_and_searched(case: Case, findings: list[dict[str, Any]]) -> CaseSnapshot:
    """Notice issued and served, one network search answered with ``findings``."""
    today = (await case.today()).isoformat()
    await case.act({"type": "issue_notice"})
    for doc in ("TZ-R1", "BG-R1"):
        await case.act(
            {
                "type": "record_service",
                "document_id": doc,
                "served_on": today,
                "method": "electronic",
            }
        )
    snap = await case.act({"type": "request_asset_search"})
    [search] = [s for s in snap.searches if s.state == "pending"]
    return await case.act(
        {"type": "complete_asset_search", "search_id": search.search_id, "findings": findings}
    )


async def empty_deciding_tasks(case: Case, events: list[ev.Event]) -> list[int]:
    """The seqs of events decided in a workflow task that completed empty (no command after
    its completion). The SDK core replays such a task's inbound events at the clock of the task
    that follows it in the history (temporalio/sdk-rust#1146), so those events would replay
    with another `occurred_at` than the record holds. An event's deciding task is the one that
    started at its `occurred_at`; an event is listed only when every task started at that
    moment completed empty."""
    from temporalio.api.enums.v1 import EventType

    history = [e async for e in case.handle.fetch_history_events()]
    started: datetime | None = None  # the latest task started (the time-skipping server
    empty: dict[datetime, list[bool]] = {}  # leaves a completion's started_event_id unset)
    for i, event in enumerate(history):
        if event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED:
            started = event.event_time.ToDatetime(tzinfo=UTC)
        elif event.event_type == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
            assert started is not None
            following = history[i + 1].event_type if i + 1 < len(history) else None
            # the last one is empty too: the next task to come will follow it at once
            empty.setdefault(started, []).append(
                following in (None, EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED)
            )
    return [e.seq for e in events if all(empty.get(e.occurred_at, [False]))]


async def patches_recorded(case: Case) -> list[str]:
    """The ids of the patch markers (workflow.patched) in the case's history, in order."""
    from temporalio.api.enums.v1 import EventType

    return [
        json.loads(e.marker_recorded_event_attributes.details["patch-data"].payloads[0].data)["id"]
        async for e in case.handle.fetch_history_events()
        if e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
        and e.marker_recorded_event_attributes.marker_name == "core_patch"
    ]
