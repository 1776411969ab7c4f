"""A court's load shape on the dev server (issue 15): many open cases asleep, a few hundred
active, a handful of timers on a short horizon. Asserts nothing.

    python -m bench.soak_bench                     (make bench; writes its section of
                                                   docs/PERFORMANCE.md)
    python -m bench.soak_bench --cases 10000 --active 300 --short-timers 10 --out -

One dev server (its own SQLite file), one embedded PostgreSQL, two worker processes (the
lifecycle bench's: `engine` with the production workers, `bare` with bench/bare_workflow.py),
each keeping every case in its cache (`max_cached_workflows` above `--cases`). In order:
  1. bare: `--cases` `BareCase` workflows started (`--concurrency` at a time; each upserts its
     search attributes and sleeps on its 30-day deadline timer), then `--short-timers`
     `SleepingCase` workflows with a timer of `--short-seconds`, then an idle window of
     `--idle-seconds`: CPU and RSS of the dev server and the worker;
  2. engine: `--cases` cases filed (`EnforcementCase`, filed today, nothing done after the
     filing: each sleeps on its deadline-watch timer, the first step of its filing deadlines
     days away), then `--short-timers` cases filed back-dated (`--overdue-days`) so that their
     deadline watch acts at once, then the same idle window;
  3. `--active` of the sleeping engine cases acted on, the lifecycle bench's first
     `--active-steps` steps sent to all of them at once, step after step (update latency);
  4. a fresh engine worker (the old one stopped): the time to be ready, then one command each to
     `--cold` sleeping cases at random, one after the other (each a cache miss: a replay).
The bare flavour stays open while the engine is measured (the server holds both).

Run time: with the defaults (10,000 cases per flavour), about 11 minutes on two cores
(2026-12-01: 10.9 min), most of it the starts (~50 cases/s); RAM about 4.5 GiB (the engine
worker ~2.7 GiB, the bare one ~1.2 GiB, the dev server ~0.6 GiB). `--cases 1000` takes about
two minutes.

Why not 终本: a case reaches 终本 after three months from its filing (终本规定 art. 1) and about
ten commands (restriction, notice, search, hearing the applicant, the ruling); the dev server's
clock is real, and ten commands per case is most of an hour at 10,000 cases on two cores. The
sleeping cases here are filed and idle, a timer armed for their first deadline step; a 终本
case differs in holding a longer history and a timer six months away.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import contextlib
import functools
import random
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import psutil  # type: ignore[import-untyped]
from temporalio.client import Client

from bench.lifecycle_bench import (
    DATA_CONVERTER,
    PACKAGES,
    ROOT,
    Cpu,
    Driven,
    Flavor,
    Sample,
    WorkerProcess,
    file,
    filing_data,
    machine_lines,
    pct,
    postgres,
    postgres_processes,
    shanghai_today,
    steps,
)
from bench.sections import invocation, publish_section

BEGIN, END = "<!-- soak_bench -->", "<!-- /soak_bench -->"
MIB = 2**20


def rss(ps: psutil.Process) -> float:
    return float(ps.memory_info().rss) / MIB


def db_mib(path: Path) -> float:
    """The dev server's SQLite file with its WAL."""
    files = [path, path.with_name(path.name + "-wal")]
    return sum(f.stat().st_size for f in files if f.exists()) / MIB


async def start_many(
    n: int, concurrency: int, start: Callable[[], Awaitable[Any]], failures: list[str]
) -> tuple[float, list[Any]]:
    """`n` starts, `concurrency` at a time: seconds until the server accepted them all."""
    sem = asyncio.Semaphore(concurrency)

    async def one() -> Any:
        async with sem:
            try:
                return await start()
            except Exception as error:  # an overloaded server: count it, go on
                failures.append(repr(error)[:160])
                return None

    began = time.perf_counter()
    got = await asyncio.gather(*(one() for _ in range(n)))
    return time.perf_counter() - began, [g for g in got if g is not None]


async def settled(client: Client, queue: str, n: int, timeout: float) -> float:
    """Seconds until `n` running workflows of `queue` show their court code (their first
    workflow task done: both flavours upsert it there), polled every second."""
    began = time.perf_counter()
    query = f"TaskQueue = '{queue}' AND ExecutionStatus = 'Running' AND ZhixingCourtCode = '京0105'"
    while time.perf_counter() - began < timeout:
        count = (await client.count_workflows(query)).count
        if count >= n:
            break
        await asyncio.sleep(1.0)
    return time.perf_counter() - began


async def quiet(procs: list[psutil.Process], timeout: float, below: float = 0.05) -> float:
    """Seconds until the processes together spend under `below` of a core over 5 s (what the
    first tasks left behind, the record's appends and timers, is done), at most `timeout`."""
    began = time.perf_counter()
    while time.perf_counter() - began < timeout:
        before = Cpu.seconds(procs)
        await asyncio.sleep(5.0)
        if (Cpu.seconds(procs) - before) / 5.0 < below:
            break
    return time.perf_counter() - began


async def armed_timers(client: Client, workflow_ids: list[str]) -> str:
    """Sleeping cases' histories: their length, the timers armed (started, neither fired nor
    cancelled), and those that fired, with how late (the fired event's time against the
    started event's time plus the timer's duration)."""
    from temporalio.api.enums.v1 import EventType

    lengths: list[float] = []
    armed: list[float] = []  # days
    fired: Counter[float] = Counter()  # seconds -> how many
    late: list[float] = []
    for workflow_id in workflow_ids:
        history = await client.get_workflow_handle(workflow_id).fetch_history()
        lengths.append(len(history.events))
        started: dict[int, tuple[float, float]] = {}  # event id -> (started at, seconds)
        for e in history.events:
            at = e.event_time.ToDatetime().timestamp()
            if e.event_type == EventType.EVENT_TYPE_TIMER_STARTED:
                timeout = e.timer_started_event_attributes.start_to_fire_timeout.ToTimedelta()
                started[e.event_id] = (at, timeout.total_seconds())
            elif e.event_type == EventType.EVENT_TYPE_TIMER_FIRED:
                began, seconds = started.pop(e.timer_fired_event_attributes.started_event_id)
                fired[seconds] += 1
                late.append((at - began - seconds) * 1000)
            elif e.event_type == EventType.EVENT_TYPE_TIMER_CANCELED:
                started.pop(e.timer_canceled_event_attributes.started_event_id, None)
        armed += [seconds / 86400 for _, seconds in started.values()]
    done = ", ".join(f"{v} of {k:g} s" for k, v in sorted(fired.items()))
    return (
        f"{len(workflow_ids)} cases: {min(lengths):.0f}–{max(lengths):.0f} history events, "
        f"{len(armed)} timers armed ({min(armed or [0]):.1f}–{max(armed or [0]):.1f} days); "
        + (
            f"timers fired: {done} (engine: the recorder's RECORD_LAG), late by p50 "
            f"{pct(late, 50):.0f} ms, max {max(late):.0f} ms"
            if late
            else "no timer fired"
        )
    )


class Idle:
    """CPU (cores, from Cpu) and RSS (sampled every 5 s: first, last, max) over a window."""

    def __init__(self, groups: dict[str, list[psutil.Process]], watch: dict[str, psutil.Process]):
        self.groups, self.watch = groups, watch
        self.samples: dict[str, list[float]] = {k: [] for k in watch}

    async def run(self, seconds: float) -> Idle:
        with Cpu(self.groups) as cpu:
            end = time.perf_counter() + seconds
            while True:
                for k, ps in self.watch.items():
                    with contextlib.suppress(psutil.Error):
                        self.samples[k].append(rss(ps))
                left = end - time.perf_counter()
                if left <= 0:
                    break
                await asyncio.sleep(min(5.0, left))
        self.cpu = cpu
        return self

    def cores(self, group: str) -> float:
        return self.cpu.cores[group]

    def mib(self, key: str) -> float:
        return self.samples[key][-1]


async def main(args: argparse.Namespace) -> None:
    from bench.append_bench import new_database
    from workers.devserver import DevServer, temporal_binary

    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
    parent = Path(tempfile.mkdtemp(prefix="zhixing-soak-"))
    parent.chmod(0o755)  # the embedded server runs as another user when we are root
    cached = args.cases + args.short_timers + 100
    workers: list[WorkerProcess] = []
    r: dict[str, Any] = {"notes": []}
    notes: list[str] = r["notes"]
    began_run = time.perf_counter()
    try:
        with postgres(parent) as (pg_url, pgdata):
            db_url = await new_database(pg_url, "soak")
            server = DevServer.ephemeral(parent / "temporal")
            async with server:
                assert server.pid is not None and server.db_path is not None
                r["info"] = machine_lines(server.binary or temporal_binary())
                client = await Client.connect(server.target, data_converter=DATA_CONVERTER)
                procs: dict[str, WorkerProcess] = {}
                for name in ("bare", "engine"):
                    d = parent / f"data-{name}"
                    d.mkdir()
                    procs[name] = WorkerProcess(
                        name, server.target, f"soak-{name}", db_url, d, cached
                    )
                    workers.append(procs[name])
                for w in workers:
                    w.wait_ready()
                srv = psutil.Process(server.pid)
                groups = {
                    "dev server": [srv],
                    "bare worker": [procs["bare"].ps],
                    "engine worker": [procs["engine"].ps],
                    "postgres": postgres_processes(pgdata),
                    "driver": [psutil.Process()],
                }
                watch = {"server": srv, "bare": procs["bare"].ps, "engine": procs["engine"].ps}
                await asyncio.sleep(2)
                r["rss0"] = {k: rss(p) for k, p in watch.items()}
                r["db0"] = db_mib(server.db_path)
                flavors = {
                    name: Flavor(name, wf, f"soak-{name}", f"{name}/")
                    for name, wf in (("bare", "BareCase"), ("engine", "EnforcementCase"))
                }
                sleeping: dict[str, list[Driven]] = {}
                for name in ("bare", "engine"):
                    fl = flavors[name]
                    log: list[Sample] = []
                    failures: list[str] = []
                    print(f"{name}: starting {args.cases} cases …", flush=True)
                    with Cpu(groups) as cpu:
                        seconds, cases = await start_many(
                            args.cases,
                            args.concurrency,
                            functools.partial(file, client, fl, log),
                            failures,
                        )
                        caught_up = seconds + await settled(
                            client, fl.queue, len(cases), timeout=args.cases
                        )
                        short = short_timers(client, fl, args)  # fire while the rest sleep
                        busy = [srv, procs[name].ps, *groups["postgres"]]
                        done = caught_up + await quiet(busy, timeout=args.cases)
                    sleeping[name] = cases
                    r[f"armed-{name}"] = await armed_timers(
                        client, [c.handle.id for c in random.sample(cases, min(20, len(cases)))]
                    )
                    if failures:
                        notes.append(f"- {name}: {len(failures)} starts failed ({failures[0]})")
                    r[f"start-{name}"] = (len(cases), seconds, caught_up, done, cpu)
                    print(
                        f"  {len(cases)} started in {seconds:.1f} s, first tasks done at "
                        f"{caught_up:.1f} s, quiet at {done:.1f} s; cores: {cpu.line()}; "
                        f"{r[f'armed-{name}']}",
                        flush=True,
                    )
                    print(f"  idle {args.idle_seconds:g} s …", flush=True)
                    r[f"idle-{name}"] = await Idle(groups, watch).run(args.idle_seconds)
                    r[f"db-{name}"] = db_mib(server.db_path)
                    idle = r[f"idle-{name}"]
                    print(
                        f"  idle cores: {idle.cpu.line()}; RSS MiB: "
                        + ", ".join(f"{k} {v[0]:.0f}→{v[-1]:.0f}" for k, v in idle.samples.items())
                        + f"; SQLite {r[f'db-{name}']:.0f} MiB",
                        flush=True,
                    )
                    r[f"short-{name}"] = await short
                    print(f"  short timers: {r[f'short-{name}']}", flush=True)

                # 3. a few hundred active among the sleeping engine cases
                rng = random.Random(15)
                pool_ = list(sleeping["engine"])
                rng.shuffle(pool_)
                active, rest = pool_[: args.active], pool_[args.active :]
                if active:
                    print(f"active: {len(active)} cases × {args.active_steps} steps …", flush=True)
                    act_log: list[Sample] = []
                    for c in active:
                        c.log = act_log
                    per_case = [steps(c)[: args.active_steps] for c in active]
                    answers: list[Any] = [None] * len(active)
                    with Cpu(groups) as cpu:
                        for k in range(args.active_steps):
                            answers = list(
                                await asyncio.gather(
                                    *(per_case[i][k](answers[i]) for i in range(len(active))),
                                    return_exceptions=True,
                                )
                            )
                            bad = [a for a in answers if isinstance(a, BaseException)]
                            if bad:
                                notes.append(
                                    f"- active step {k}: {len(bad)} failed ({bad[0]!r})"[:300]
                                )
                    r["active"] = (act_log, cpu)
                    ms = [s.ms for s in act_log]
                    print(f"  {len(ms)} updates p50 {pct(ms, 50):.0f} p99 {pct(ms, 99):.0f} ms")

                # 4. a fresh engine worker, then commands to sleeping cases it never saw
                busy = [srv, procs["engine"].ps, *groups["postgres"]]
                r["active-quiet"] = await quiet(busy, timeout=300)
                print(f"  quiet {r['active-quiet']:.0f} s after the active phase", flush=True)
                procs["engine"].stop()
                d = parent / "data-engine-fresh"
                d.mkdir()
                t0 = time.perf_counter()
                fresh = WorkerProcess("engine", server.target, "soak-engine", db_url, d, cached)
                workers.append(fresh)
                fresh.wait_ready()
                ready = time.perf_counter() - t0
                cold_log: list[Sample] = []
                histories: list[int] = []
                for c in rng.sample(rest, min(args.cold, len(rest))):
                    c.log = cold_log
                    try:
                        await asyncio.wait_for(c.act({"type": "issue_notice"}), args.cold_timeout)
                    except TimeoutError:
                        notes.append(
                            f"- the fresh worker did not answer `issue_notice` to {c.number} "
                            f"within {args.cold_timeout:g} s: "
                            + await backlog(client, "soak-engine")
                        )
                        print(notes[-1], flush=True)
                        break
                    h = await c.handle.fetch_history()
                    histories.append(len(h.events))
                first = (time.perf_counter() - t0) - ready
                r["fresh"] = (ready, cold_log, histories, rss(fresh.ps))
                print(
                    f"fresh worker: ready {ready:.1f} s; commands "
                    f"{[round(s.ms) for s in cold_log]} ms ({first:.1f} s in all)",
                    flush=True,
                )
                r["db-end"] = db_mib(server.db_path)
    finally:
        for w in workers:
            w.stop()
        shutil.rmtree(parent, ignore_errors=True)
    r["wall"] = time.perf_counter() - began_run
    text = "\n".join(report(args, r))
    publish_section(args.out, BEGIN, END, text)


async def backlog(client: Client, queue: str) -> str:
    """The workflow task queue's backlog and its pollers, as the server describes them."""
    from temporalio.api.enums.v1 import TaskQueueType
    from temporalio.api.taskqueue.v1 import TaskQueue
    from temporalio.api.workflowservice.v1 import DescribeTaskQueueRequest

    try:
        d = await client.workflow_service.describe_task_queue(
            DescribeTaskQueueRequest(
                namespace=client.namespace,
                task_queue=TaskQueue(name=queue),
                task_queue_type=TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW,
                report_stats=True,
            )
        )
    except Exception as error:
        return f"(describe failed: {error!r})"
    now = time.time()
    pollers = ", ".join(
        f"{p.identity} polled {now - p.last_access_time.ToDatetime().timestamp():.0f} s ago"
        for p in d.pollers
    )
    return (
        f"workflow backlog {d.stats.approximate_backlog_count} tasks, the oldest "
        f"{d.stats.approximate_backlog_age.ToTimedelta().total_seconds():.0f} s; pollers: "
        f"{pollers}"
    )


def short_timers(client: Client, fl: Flavor, args: argparse.Namespace) -> asyncio.Task[str]:
    """Start the flavour's short-horizon cases now; the task answers what they did once the idle
    window is over (bare: `SleepingCase` timers and how late each woke; engine: cases filed
    `--overdue-days` ago and the deadline events their first task decided)."""

    async def bare() -> str:
        handles = [
            await client.start_workflow(
                "SleepingCase",
                args.short_seconds,
                id=f"sleeping/{i}-{time.time_ns()}",
                task_queue=fl.queue,
            )
            for i in range(args.short_timers)
        ]
        late = []
        for h in handles:
            res = await asyncio.wait_for(h.result(), args.short_seconds + args.idle_seconds + 300)
            began, woke = datetime.fromisoformat(res["began"]), datetime.fromisoformat(res["woke"])
            late.append((woke - began - timedelta(seconds=args.short_seconds)).total_seconds())
        return (
            f"{len(late)} of {args.short_timers} `SleepingCase` timers of {args.short_seconds:g} s "
            f"fired; woke late by {min(late) * 1000:.0f}–{max(late) * 1000:.0f} ms "
            f"(median {pct(late, 50) * 1000:.0f} ms)"
            if late
            else "none"
        )

    async def engine() -> str:
        filed_on = shanghai_today() - timedelta(days=args.overdue_days)
        started: list[Any] = []
        for _ in range(args.short_timers):
            data = filing_data(filed_on)
            h = await client.start_workflow(
                fl.workflow,
                fl.arg(data),
                id=f"{fl.prefix}{data['case_number']}",
                task_queue=fl.queue,
            )
            started.append(h)
        await asyncio.sleep(args.idle_seconds)
        kinds: Counter[str] = Counter()
        took = 0
        for h in started:
            page = await h.query("events", args=[0, 200])
            watch = [e for e in page["events"] if str(e["type"]).startswith("deadline_")]
            kinds.update(e["type"] for e in watch)
            took += any(e["type"] != "deadline_opened" for e in watch)
        return (
            f"{took} of {len(started)} cases filed on {filed_on} "
            f"({args.overdue_days} days back) took their overdue deadline steps in their first "
            "workflow task, no timer involved: "
            + ", ".join(f"{k} ×{v}" for k, v in kinds.most_common())
        )

    return asyncio.create_task(bare() if fl.name == "bare" else engine())


def others(idle: Idle) -> float:
    """Cores the rest of the (shared) machine used in the window."""
    return max(0.0, idle.cpu.machine - sum(idle.cpu.cores.values()))


def report(args: argparse.Namespace, r: dict[str, Any]) -> list[str]:
    n = args.cases
    o = [
        BEGIN,
        "## Soak: a court's open cases asleep",
        "",
        f"Measured by `make bench` (`{invocation('bench.soak_bench', args)}`) on "
        f"{date.today()} in {r['wall'] / 60:.1f} min; bench/soak_bench.py says how. One run, "
        "nothing asserted.",
        "",
        *r["info"],
        "",
        "Sleeping cases: engine = `EnforcementCase` filed today and left alone (status active, "
        "stage filed, its filing deadlines open, one timer armed for the first deadline step, "
        "days away); bare = `BareCase` started and left alone (one 30-day timer, search "
        "attributes upserted). Not 终本: see the bench's docstring. Every case stays in its "
        "worker's cache.",
        "",
        "### Starting the cases",
        "",
        f"`--concurrency` {args.concurrency} starts in flight. Accepted: every "
        "`start_workflow` answered; first tasks: every case shows its search attributes (its "
        "first workflow task done); quiet: the dev server, the worker and PostgreSQL together "
        "under 0.05 of a core over 5 s (the record's appends and the timers after the filing "
        "done). CPU per case: each process's CPU seconds from the first start to quiet, over the "
        "cases.",
        "",
        "| flavour | cases | accepted, s | first tasks, s | cases/s | quiet, s | "
        "server CPU ms/case | worker CPU ms/case | PostgreSQL CPU ms/case | cores used |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for name in ("bare", "engine"):
        got, s, caught, done, cpu = r[f"start-{name}"]
        per = {k: v * cpu.wall * 1000 / max(1, got) for k, v in cpu.cores.items()}
        o.append(
            f"| {name} | {got} | {s:.1f} | {caught:.1f} | {got / caught:.0f} | {done:.1f} | "
            f"{per['dev server']:.1f} | {per[name + ' worker']:.1f} | {per['postgres']:.1f} | "
            f"{cpu.line()} |"
        )
    o += [
        "",
        f"A sleeping case's history once quiet (20 of them at random): bare {r['armed-bare']}; "
        f"engine {r['armed-engine']}.",
    ]
    rss0 = r["rss0"]
    ib, ie = r["idle-bare"], r["idle-engine"]
    server_bare = ib.mib("server") - rss0["server"]
    server_engine = ie.mib("server") - ib.mib("server")
    worker_bare = ib.mib("bare") - rss0["bare"]
    worker_engine = ie.mib("engine") - rss0["engine"]
    db_bare, db_engine = r["db-bare"] - r["db0"], r["db-engine"] - r["db-bare"]
    o += [
        "",
        f"### Idle: {n} cases of each flavour asleep, {args.idle_seconds:g} s",
        "",
        "CPU in cores over the window (children included); RSS at the window's end, and its "
        "growth since before the flavour's cases were started, per case. The dev server's "
        "figures for the engine are on top of the bare cases, still open: its caches are "
        "bounded, so its growth per case is not a cost per case (the bare flavour filled them "
        "first) and its ratio means nothing.",
        "",
        "| | bare | engine | engine/bare |",
        "|---|---:|---:|---:|",
        f"| dev server CPU, cores | {ib.cores('dev server'):.3f} | "
        f"{ie.cores('dev server'):.3f} | |",
        f"| worker CPU, cores | {ib.cores('bare worker'):.3f} | "
        f"{ie.cores('engine worker'):.3f} | |",
        f"| PostgreSQL CPU, cores | {ib.cores('postgres'):.3f} | {ie.cores('postgres'):.3f} | |",
        f"| dev server RSS, MiB | {ib.mib('server'):.0f} | {ie.mib('server'):.0f} | |",
        f"| dev server RSS per open case, KiB | {server_bare * 1024 / n:.1f} | "
        f"{server_engine * 1024 / n:.1f} | |",
        f"| worker RSS, MiB | {ib.mib('bare'):.0f} | {ie.mib('engine'):.0f} | |",
        f"| worker RSS per cached case, KiB | {worker_bare * 1024 / n:.0f} | "
        f"{worker_engine * 1024 / n:.0f} | {worker_engine / worker_bare:.2f} |",
        f"| SQLite (+WAL) growth, MiB | {db_bare:.1f} | {db_engine:.1f} | |",
        f"| SQLite per case, KiB | {db_bare * 1024 / n:.1f} | {db_engine * 1024 / n:.1f} | "
        f"{db_engine / db_bare if db_bare else float('nan'):.2f} |",
        f"| other processes on the machine, cores | {others(ib):.2f} | {others(ie):.2f} | |",
        "",
        "### Timers on a short horizon",
        "",
        f"- bare: {r['short-bare']}",
        f"- engine: {r['short-engine']}",
    ]
    if "active" in r:
        log, cpu = r["active"]
        ms = [s.ms for s in log]
        o += [
            "",
            f"### {args.active} active among the sleeping",
            "",
            f"{args.active} of the sleeping engine cases, the lifecycle bench's first "
            f"{args.active_steps} steps (notice, search, found, freeze, confirm), each step sent "
            f"to all at once: {len(ms)} updates, p50 {pct(ms, 50):.0f} ms, p95 "
            f"{pct(ms, 95):.0f} ms, p99 {pct(ms, 99):.0f} ms, max {max(ms or [0]):.0f} ms, in "
            f"{cpu.wall:.1f} s; cores: {cpu.line()}.",
        ]
    ready, cold, histories, fresh_rss = r["fresh"]
    cms = [s.ms for s in cold]
    o += [
        "",
        "### A fresh worker and a sleeping case",
        "",
        f"The engine worker stopped and a new one started: ready (workers polling) in "
        f"{ready:.1f} s. Then `issue_notice` to {len(cms)} sleeping cases at random, one after "
        f"the other, each a cache miss (the worker replays the sleeping case's history first; "
        f"{min(histories or [0])}–{max(histories or [0])} events once the command is in): "
        + ", ".join(f"{m:.0f}" for m in cms)
        + f" ms. The fresh worker's RSS then: "
        f"{fresh_rss:.0f} MiB. SQLite at the end: {r['db-end']:.0f} MiB.",
    ]
    if r["notes"]:
        o += ["", "### Notes of this run", "", *r["notes"]]
    o += ["", END]
    return o


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--cases", type=int, default=10_000, help="sleeping cases per flavour")
    p.add_argument("--active", type=int, default=300, help="of them acted on")
    p.add_argument("--active-steps", type=int, default=5)
    p.add_argument("--short-timers", type=int, default=10)
    p.add_argument("--short-seconds", type=float, default=30.0, help="bare SleepingCase timer")
    p.add_argument("--overdue-days", type=int, default=20, help="engine cases filed back-dated")
    p.add_argument("--idle-seconds", type=float, default=60.0)
    p.add_argument("--concurrency", type=int, default=50, help="starts in flight")
    p.add_argument(
        "--cold", type=int, default=5, help="sleeping cases sent a command by a fresh worker"
    )
    p.add_argument("--cold-timeout", type=float, default=120.0, help="per cold command, s")
    p.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    return p.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse()))
