"""Chaos: cases driven concurrently while the worker, the Temporal server and PostgreSQL are
killed (SIGKILL) and restarted, and PostgreSQL is stopped for a while; then, for every case,
nothing lost, nothing doubled (events, ledger lines, payouts), the record equal to the workflow's
events within the recorder's bound, and no workflow stuck.

Everything here is real and of the test's own: a `temporal server start-dev` with its SQLite
file (killed and started again on the same file and port), an embedded PostgreSQL (killed,
stopped, started again on the same socket), `zhixing worker` as a process (manual adapters).
Each fault waits for the worker to take tasks (its /readyz), and most commands must be answered
while the faults go on: a fault on a worker still starting would test nothing.

    make test    the short run (8 cases, PostgreSQL stopped 5 s)
    make chaos   the long run (ZHIXING_CHAOS=long: 40 cases, every fault twice, PostgreSQL
                 stopped 60 s); its figures are in docs/RELIABILITY.md
"""

from __future__ import annotations

import asyncio
import os
import signal
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from runtime.client import connect
from tests.integration.command import WorkerProcess, process_env
from tests.integration.record import (
    OwnPostgres,
    check_driven,
    drive,
    money_for,
    own_record,
    record_pool,
    wait_recorded,
)
from tests.integration.test_record_resilience import until
from tests.workflow.helpers import Case, file_cases, terminate
from workers.devserver import DevServer, free_port
from workflows.recorder import RECORD_RETRY_MAX

pytestmark = pytest.mark.integration


@dataclass(frozen=True)
class Scale:
    cases: int
    pause: float  # between one case's commands
    rounds: int  # how many times each kill happens
    postgres_stopped: float  # seconds

    @classmethod
    def from_env(cls) -> Scale:
        if os.environ.get("ZHIXING_CHAOS") == "long":
            return cls(cases=40, pause=0.2, rounds=2, postgres_stopped=60.0)
        return cls(cases=8, pause=0.1, rounds=1, postgres_stopped=5.0)

    @property
    def fault_window(self) -> float:
        """About how long the faults take (each kill ~3 s, then the stop)."""
        return self.rounds * 3 * 3.5 + self.postgres_stopped

    @property
    def stagger(self) -> float:
        """Seconds between one case's first command and the next's: the load spans the
        faults instead of being over before they come."""
        return self.fault_window / self.cases


@dataclass
class Chaos:
    """The faults, with what happened, for the report."""

    server: DevServer
    postgres: OwnPostgres
    worker: WorkerProcess
    log: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    worker_restarts: int = 0

    def note(self, what: str) -> None:
        self.log.append(f"{time.monotonic() - self.started:6.1f} s  {what}")

    def keep_worker_alive(self) -> None:
        """A worker that died of a fault (not of ours) is started again, and counted."""
        status = self.worker.exited
        if status is not None:
            self.note(f"worker exited by itself ({status}): started again")
            self.worker.start()
            self.worker_restarts += 1

    async def worker_ready(self, within: float = 90.0) -> None:
        """The worker taking tasks (its /readyz 200: Temporal and the record reachable, its
        workers polling), started again (and counted) whenever it died: each fault then hits a
        worker at work, not one still starting."""

        async def ready() -> bool:
            self.keep_worker_alive()
            return await self.worker.ready()

        await until(ready, within, "the worker ready after the fault")
        self.note("worker ready")

    async def kill_worker(self) -> None:
        self.worker.kill()
        self.note("worker SIGKILL")
        await asyncio.sleep(1.0)
        self.worker.start()
        self.note("worker started")

    async def kill_temporal(self) -> None:
        process = self.server._process
        assert process is not None
        process.send_signal(signal.SIGKILL)
        await process.wait()
        self.note("Temporal dev server SIGKILL")
        await asyncio.sleep(2.0)
        await self.server.start()
        self.note("Temporal dev server started (same file, same port)")

    async def kill_postgres(self) -> None:
        await asyncio.to_thread(self.postgres.kill)
        self.note("PostgreSQL SIGKILL")
        await asyncio.sleep(3.0)
        await asyncio.to_thread(self.postgres.start)
        self.note("PostgreSQL started")

    async def stop_postgres(self, seconds: float) -> None:
        await asyncio.to_thread(self.postgres.stop)
        self.note(f"PostgreSQL stopped for {seconds:.0f} s")
        await asyncio.sleep(seconds)
        await asyncio.to_thread(self.postgres.start)
        self.note("PostgreSQL started")


async def not_stuck(client: Client, cases: list[Case]) -> list[str]:
    """The cases whose workflow task keeps failing (a stuck workflow)."""
    stuck = []
    for case in cases:
        description = await case.handle.describe()
        pending = description.raw_description.pending_workflow_task
        if pending is not None and pending.attempt > 2:
            stuck.append(case.handle.id)
    return stuck


async def test_cases_survive_every_fault_and_their_records_converge(tmp_path: Path) -> None:
    scale = Scale.from_env()
    server = DevServer.ephemeral(tmp_path / "temporal")
    await server.start()
    cases: list[Case] = []
    answered: list[tuple[float, float]] = []
    async with own_record(
        tmp_path / "data",
        "chaos",
        temporal_address=server.target,
        # the payload key of the worker process (tests/conftest.py points processes at it)
        payload_key_file=os.environ["ZHIXING_PAYLOAD_KEY_FILE"],
    ) as (pg, settings):
        health = f"127.0.0.1:{free_port()}"
        worker = WorkerProcess(
            process_env(settings, ZHIXING_WORKER_HEALTH_ADDRESS=health), tmp_path / "worker.log"
        )
        chaos = Chaos(server, pg, worker)
        worker.start()
        await chaos.worker_ready()
        client = await connect(settings)
        env = WorkflowEnvironment.from_client(client)
        loop = asyncio.get_running_loop()
        try:
            cases = await file_cases(env, settings, scale.cases)
            chaos.note(f"{len(cases)} cases filed")

            async def drive_later(i: int, case: Case) -> None:
                await asyncio.sleep(i * scale.stagger)
                await drive(case, money_for(i), pause=scale.pause, answered=answered)

            driving = asyncio.gather(*(drive_later(i, c) for i, c in enumerate(cases)))
            faults: list[Callable[[], Awaitable[None]]] = []
            for _ in range(scale.rounds):
                faults += [chaos.kill_worker, chaos.kill_temporal, chaos.kill_postgres]
            faults.append(lambda: chaos.stop_postgres(scale.postgres_stopped))
            first_fault = loop.time()
            for fault in faults:
                await asyncio.sleep(0.5)
                await fault()
                await chaos.worker_ready()
            last_restart = loop.time()
            # answered while the faults went on: the faults hit cases at work
            amid = sum(first_fault <= done <= last_restart for _, done in answered)
            chaos.note(f"{amid} commands answered between the first fault and the last")
            assert amid >= len(answered) // 2, "the load was meant to run through the faults"
            await driving
            chaos.note(f"every case driven ({len(answered)} commands answered)")
            async with record_pool(pg.url) as pool:
                within = RECORD_RETRY_MAX.total_seconds() + 30
                expected = await wait_recorded(pool, cases, timeout=within)
                converged = loop.time() - last_restart
                chaos.note(
                    f"every record equal to its case, {converged:.1f} s after the last fault"
                )
                await check_driven(pool, expected)
            assert await not_stuck(client, cases) == []
        finally:
            await terminate(cases)
            worker.stop()
            await server.stop()
            server.cleanup()
    longest = max(done - sent for sent, done in answered)
    report = "\n".join(chaos.log)
    print(
        f"\n{report}\ncommands answered: {len(answered)}; longest answer {longest:.1f} s; "
        f"worker restarts after faults: {chaos.worker_restarts}"
    )
    # every command of every case answered, once: 7 before the payouts, one payout a plan line
    lines = sum(2 if money_for(i).fee_fen else 1 for i in range(scale.cases))
    assert len(answered) == 7 * scale.cases + lines
