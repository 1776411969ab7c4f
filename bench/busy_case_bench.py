"""One busy case on the dev server (issue 18): the cost of a command as the case grows, the runs
it continues through, and the outbox's backlog. Asserts nothing (the test with the same driver,
tests/integration/test_busy_case.py, checks that nothing is lost).

    python -m bench.busy_case_bench                  (make bench; writes its section of
                                                     docs/PERFORMANCE.md)
    python -m bench.busy_case_bench --commands 1000 --out -

One dev server (its own SQLite file), one embedded PostgreSQL, one worker process with the
production workers (manual adapters, the case record on): a supervisor urges one case
`--commands` times in a row, each command answered before the next.
"""

from __future__ import annotations

import argparse
import asyncio
import compileall
import os
import shutil
import sys
import tempfile
from pathlib import Path

import asyncpg
from temporalio.client import Client

from bench.busy_case import BusyCase, drive
from bench.lifecycle_bench import (
    DATA_CONVERTER,
    PACKAGES,
    ROOT,
    WorkerProcess,
    machine_lines,
    postgres,
)
from bench.sections import publish_section
from runtime.settings import Settings

BEGIN, END = "<!-- busy_case_bench -->", "<!-- /busy_case_bench -->"


async def main(args: argparse.Namespace) -> None:
    from bench.append_bench import new_database
    from workers.devserver import DevServer, temporal_binary

    for package in PACKAGES:
        compileall.compile_dir(ROOT / package, quiet=1)
    parent = Path(tempfile.mkdtemp(prefix="zhixing-busy-"))
    parent.chmod(0o755)  # the embedded server runs as another user when we are root
    worker: WorkerProcess | None = None
    try:
        with postgres(parent) as (pg_url, _):
            db_url = await new_database(pg_url, "busy")
            async with DevServer.ephemeral(parent / "temporal") as server:
                info = machine_lines(server.binary or temporal_binary())
                data = parent / "data"
                data.mkdir()
                worker = WorkerProcess("engine", server.target, "busy", db_url, data, 100)
                worker.wait_ready()
                client = await Client.connect(server.target, data_converter=DATA_CONVERTER)
                settings = Settings(task_queue="busy", simulator_task_queue="busy-sim")
                pool = await asyncpg.create_pool(db_url, min_size=1, max_size=2)
                assert pool is not None
                try:
                    number = "(2026)京0105执90001号"
                    busy = await drive(client, settings, pool, number, args.commands)
                finally:
                    await pool.close()
    finally:
        if worker is not None:
            worker.stop()
        shutil.rmtree(parent, ignore_errors=True)
    text = "\n".join(report(info, busy))
    publish_section(args.out, BEGIN, END, text)


def report(info: list[str], busy: BusyCase) -> list[str]:
    slices = busy.slices()
    first, last = slices[0], slices[-1]
    o = [
        BEGIN,
        "# One busy case: 催办 after 催办 (bench/busy_case_bench.py)",
        "",
        *info,
        "",
        f"## Latency by 500-command slice ({busy.commands} commands to one case, in a row)",
        "",
        "| commands | p50 ms | p99 ms |",
        "|---|---:|---:|",
        *(f"| {s}–{s + 499} | {p50:.1f} | {p99:.1f} |" for s, p50, p99 in slices),
        "",
        f"Last slice against the first: p50 **{last[1] / first[1]:.2f}×**, "
        f"p99 {last[2] / first[2]:.2f}×. Refused: {len(busy.refused)}; every command answered "
        f"once: {busy.answered_once()}; urges in the case record: {busy.recorded_urges}.",
        "",
        "## Runs (continue-as-new)",
        "",
        "| run | history events | KiB | updates |",
        "|---|---:|---:|---:|",
        *(f"| {i + 1} | {r.events} | {r.kib:.0f} | {r.updates} |" for i, r in enumerate(busy.runs)),
        "",
        "## Outbox",
        "",
        f"- notices not yet out when the last command was answered: {busy.backlog_at_last}",
        f"- from the last answer until the record and every notice were complete: "
        f"{busy.settled_s:.1f} s",
    ]
    if busy.refused:
        o += ["", "Refusals (first 5):", "", *(f"- {r}" for r in busy.refused[:5])]
    return [*o, "", END]


def parse(argv: list[str] | None = None) -> argparse.Namespace:
    env = os.environ.get("ZHIXING_BENCH_BUSY_ARGS", "")
    argv = (env.split() if env else []) + list(sys.argv[1:] if argv is None else argv)
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--commands", type=int, default=5000)
    p.add_argument("--out", default=str(ROOT / "docs" / "PERFORMANCE.md"))
    return p.parse_args(argv)


if __name__ == "__main__":
    asyncio.run(main(parse()))
