"""One busy case (issue 18): a higher court's supervisor urges (催办) one case N times in a row,
each command answered before the next, as an integration would; then the case is left alone.

Shared by the test (tests/integration/test_busy_case.py: 5,000 commands on the dev server, none
refused, each answered once, the record complete, the runs bounded) and the bench
(bench/busy_case_bench.py: the same figures for docs/PERFORMANCE.md). Asserts nothing itself.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

import asyncpg
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowUpdateFailedError
from temporalio.service import RPCError

from domain.commands import Actor, Envelope, OpenSupervision, Urge
from domain.snapshot import CommandAnswer
from runtime.client import case_handle, execute, start_case
from runtime.settings import Settings
from tests.samples import file_case

COURT = "京0105"
SUPERVISOR = Actor(user_id="u-supervisor-1", role="supervisor", court_code="京03")  # above 朝阳


@dataclass
class RunFigures:
    """One run of the case, from its history."""

    run_id: str
    events: int
    kib: float
    updates: int


@dataclass
class BusyCase:
    case_number: str
    commands: int
    latencies_ms: list[float] = field(default_factory=list)
    answers: list[CommandAnswer] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    backlog_at_last: int = 0  # urges whose notice was not yet out when the last was answered
    settled_s: float = 0.0  # from the last answer until the record and the notices were complete
    runs: list[RunFigures] = field(default_factory=list)
    recorded_urges: int = 0  # SupervisionUrged events in the case record

    def slices(self, size: int = 500) -> list[tuple[int, float, float]]:
        """(first command, p50 ms, p99 ms) per `size` commands."""
        out = []
        for start in range(0, len(self.latencies_ms), size):
            chunk = sorted(self.latencies_ms[start : start + size])
            p99 = chunk[min(len(chunk) - 1, round(0.99 * (len(chunk) - 1)))]
            out.append((start + 1, statistics.median(chunk), p99))
        return out

    def answered_once(self) -> bool:
        """Every command answered once: fresh answers, no event in two answers, seqs rising."""
        seqs = [s for a in self.answers for s in range(a.first_seq, a.last_seq + 1)]
        return (
            len(self.answers) == self.commands
            and not any(a.repeated for a in self.answers)
            and seqs == sorted(set(seqs))
        )


async def _notices_out(pool: asyncpg.Pool, case_number: str) -> int:
    count: int = await pool.fetchval(
        "SELECT count(*) FROM notification_outbox WHERE case_number = $1 AND payload->>'subject' "
        "LIKE '催办%'",
        case_number,
    )
    return count


async def _recorded(pool: asyncpg.Pool, case_number: str) -> tuple[int, int]:
    row = await pool.fetchrow(
        "SELECT coalesce(max(seq), 0) AS last, count(*) FILTER (WHERE type = 'supervision_urged')"
        " AS urges FROM case_events WHERE case_id = $1",
        case_number,
    )
    assert row is not None
    return row["last"], row["urges"]


async def runs_of(client: Client, workflow_id: str, first_run: str) -> list[RunFigures]:
    """Each run from `first_run` on, following continue-as-new."""
    runs: list[RunFigures] = []
    run_id: str | None = first_run
    while run_id is not None:
        history = await client.get_workflow_handle(workflow_id, run_id=run_id).fetch_history()
        updates = sum(
            1
            for e in history.events
            if e.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED
        )
        size = sum(e.ByteSize() for e in history.events)
        runs.append(RunFigures(run_id, len(history.events), size / 1024, updates))
        last = history.events[-1]
        continued = last.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW
        attributes = last.workflow_execution_continued_as_new_event_attributes
        run_id = attributes.new_execution_run_id if continued else None
    return runs


async def drive(
    client: Client, settings: Settings, pool: asyncpg.Pool, number: str, commands: int
) -> BusyCase:
    """File case `number`, open a 督办 on it, urge it `commands` times; wait until its record and
    its notices are complete (at most 10 minutes), and read its runs."""
    today = date.today()
    handle = await start_case(client, settings, file_case(number, today, court_code=COURT))
    first_run = handle.result_run_id or (await handle.describe()).run_id
    opened = OpenSupervision(report_due_on=today + timedelta(days=30), instructions="限期报告")
    await execute(client, number, Envelope(request_id="open", actor=SUPERVISOR, command=opened))
    busy = BusyCase(number, commands)
    for i in range(commands):
        urge = Urge(message=f"第{i + 1}次催办")
        envelope = Envelope(request_id=f"urge-{i}", actor=SUPERVISOR, command=urge)
        started = time.perf_counter()
        try:
            busy.answers.append(await execute(client, number, envelope))
        except (WorkflowUpdateFailedError, RPCError) as error:
            busy.refused.append(f"{i}: {getattr(error, 'cause', None) or error}")
            continue
        finally:
            busy.latencies_ms.append((time.perf_counter() - started) * 1000)
    last_answer = time.perf_counter()
    last_seq = busy.answers[-1].last_seq if busy.answers else 0
    busy.backlog_at_last = commands - await _notices_out(pool, number)
    while time.perf_counter() - last_answer < 600:
        recorded, urges = await _recorded(pool, number)
        if recorded >= last_seq and await _notices_out(pool, number) >= len(busy.answers):
            break
        await asyncio.sleep(0.1)
    busy.settled_s = time.perf_counter() - last_answer
    busy.recorded_urges = (await _recorded(pool, number))[1]
    busy.runs = await runs_of(client, case_handle(client, number).id, first_run)
    return busy
