"""`zhixing`: the command line.

    zhixing dev                                  the whole local system (Temporal + workers + demo)
    zhixing worker                               a worker process (checks its environment first)
    zhixing temporal setup                       the namespace and search attributes it needs
    zhixing web                                  the web UI and JSON API (/api, docs /api/docs)
    zhixing case file|act|show|events            cases (workers/cli/case.py)
    zhixing supervise overdue|due|indicators|list  a supervisor's lists (workers/cli/supervise.py)
    zhixing db|projections|ledger|notifications  the case record (workers/cli/record.py)
    zhixing courts import|show|list              the court registry (workers/cli/courts.py)
    zhixing schema                               JSON Schemas of the contract
    zhixing export overdue|cases|indicators      spreadsheets, XLSX or CSV (workers/cli/export.py)
    zhixing sandbox                              a training sandbox: court-years in minutes

Exit status: 0 done; 1 refused (a business rule, a duplicate or unknown case, Temporal
unreachable); 2 malformed input (JSON, fields, usage).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

import click
from pydantic import TypeAdapter

from workers.cli import case, courts, export, record, supervise, temporal
from workers.cli.common import connect, dump, fail, run, settings


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--log-level",
    default=lambda: os.environ.get("ZHIXING_LOG_LEVEL", "INFO"),
    show_default="INFO or $ZHIXING_LOG_LEVEL",
    help="Level of the JSON logs on stderr.",
)
@click.pass_context
def cli(ctx: click.Context, log_level: str) -> None:
    """zhixing 执行 — durable enforcement cases on Temporal."""
    from runtime.logging import configure_logging

    configure_logging(log_level)
    ctx.ensure_object(dict)


@cli.command()
def dev() -> None:
    """Run the whole local system: PostgreSQL, Temporal dev server, workers, web UI, demo cases
    (Ctrl-C stops). A part that dies is restarted; one that keeps dying stops everything (exit
    1)."""
    from workers.dev import run_dev
    from workers.supervisor import SupervisorError

    try:
        asyncio.run(run_dev(settings()))
    except SupervisorError as exc:
        fail(str(exc))
    except KeyboardInterrupt:
        pass


@cli.command()
@click.option("--host", envvar="ZHIXING_WEB_HOST", default="127.0.0.1", show_default=True)
@click.option("--port", envvar="ZHIXING_WEB_PORT", default=8000, show_default=True, type=int)
def web(host: str, port: int) -> None:
    """Run the web UI and the JSON API (/api, docs at /api/docs) on a running system.

    Needs Temporal (ZHIXING_TEMPORAL_ADDRESS) and the case record (ZHIXING_DATABASE_URL or the
    embedded PostgreSQL of the data directory). Set ZHIXING_TRUSTED_HEADER to accept a single
    sign-on proxy's user header (off by default)."""
    from web.app import create_app
    from web.server import serve_alone

    config = settings()
    click.echo(f"zhixing 网页 / web UI: http://{host}:{port}/  (API docs /api/docs)")
    serve_alone(create_app(config), host, port)


@cli.command()
def worker() -> None:
    """Run a worker (both task queues) until SIGINT/SIGTERM.

    It first checks the namespace, the case search attributes (fix: zhixing temporal setup) and
    the case record's schema (fix: zhixing db migrate), and exits 1 saying what is wrong.
    ZHIXING_WORKER_METRICS_ADDRESS (host:port) serves Prometheus metrics (/metrics),
    ZHIXING_WORKER_HEALTH_ADDRESS (host:port) /healthz and /readyz; both off when unset."""
    from workers.preflight import NotReady
    from workers.worker import serve

    config = settings()

    async def go() -> None:
        await serve(config, await connect(config, metrics=True))

    with contextlib.suppress(KeyboardInterrupt):
        try:
            run(go)
        except NotReady as exc:
            fail(str(exc))


@cli.command()
def schema() -> None:
    """Print the JSON Schemas of the contract (Envelope, Command, FileCase, CaseSnapshot,
    CommandAnswer, EventsPage, Event) as one JSON document."""
    click.echo(dump(contract_schema()))


def contract_schema() -> dict[str, Any]:
    from domain.commands import Command, Envelope, FileCase
    from domain.events import Event
    from domain.snapshot import CaseSnapshot, CommandAnswer, EventsPage
    from runtime.contract import EVENTS_PAGE, EVENTS_PAGE_MAX

    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "zhixing contract",
        "description": (
            "Workflow EnforcementCase, id case/<case number>, task queue enforcement. Start "
            "input: FileCase. Update execute(Envelope) -> CommandAnswer; signal "
            "submit(Envelope); query snapshot -> CaseSnapshot; query events(after, limit) -> "
            f"EventsPage (the events after seq `after`, default 0, at most `limit`, default "
            f"{EVENTS_PAGE}, at most {EVENTS_PAGE_MAX}, among those the case's current run "
            "holds; older ones are in the case record)."
        ),
        "schemas": {
            "Envelope": Envelope.model_json_schema(),
            "Command": TypeAdapter(Command).json_schema(),
            "FileCase": FileCase.model_json_schema(),
            "CaseSnapshot": CaseSnapshot.model_json_schema(mode="serialization"),
            "CommandAnswer": CommandAnswer.model_json_schema(mode="serialization"),
            "EventsPage": EventsPage.model_json_schema(mode="serialization"),
            "Event": TypeAdapter(Event).json_schema(mode="serialization"),
        },
    }


@cli.command()
@click.option("--court", default="京0105", show_default=True, help="The court whose cases run.")
@click.option("--cases", default=300, show_default=True, type=click.IntRange(1, 5000))
@click.option("--days", default=730, show_default=True, type=click.IntRange(7, 3650))
@click.option("--seed", default=1, show_default=True, type=int)
@click.option(
    "--start",
    type=click.DateTime(["%Y-%m-%d"]),
    help="The first day (default: tomorrow); the same seed and start give the same figures.",
)
@click.option(
    "--data",
    "data_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=lambda: str(settings().data_dir / "sandbox"),
    show_default=".data/sandbox",
    help="A new folder: the sandbox's PostgreSQL case record and its report.",
)
def sandbox(
    court: str, cases: int, days: int, seed: int, start: datetime | None, data_dir: Path
) -> None:
    """A training sandbox (沙盘推演): `cases` cases of `court` filed over `days` days, worked by
    simulated staff on the time-skipping test server; writes report.html and figures.json to
    the data folder, whose case record `ZHIXING_DATA_DIR=<folder> zhixing dev` opens (the lists,
    supervision and indicators; not the case pages: the workflows ended with the run)."""
    from workers.sandbox import SandboxError, SandboxOptions, run_sandbox

    # The simulated platforms fail now and then on purpose; their retries are not news here.
    logging.getLogger("temporalio").setLevel(logging.ERROR)
    options = SandboxOptions(court, cases, days, seed, start.date() if start else None)
    try:
        run(lambda: run_sandbox(data_dir, options))
    except SandboxError as exc:
        fail(str(exc))
    click.echo(f"沙盘推演报告 / report: {data_dir / 'report.html'}")
    click.echo(f"打开案件 / open the cases: ZHIXING_DATA_DIR={data_dir} zhixing dev")


cli.add_command(case.case)
cli.add_command(courts.courts)
cli.add_command(supervise.supervise)
cli.add_command(temporal.temporal)
cli.add_command(export.export)
for _command in record.COMMANDS:
    cli.add_command(_command)


def main(argv: list[str] | None = None) -> NoReturn:
    """The `zhixing` console script.

    Ends with `os._exit` after flushing: the Temporal client's Rust threads can crash CPython's
    finalization of a short-lived process ("PyGILState_Release ... finalizing", temporalio
    sdk-python issue #300); everything of ours is closed by then (workers, dev server).
    """
    try:
        cli.main(args=argv, prog_name="zhixing", standalone_mode=True)
        status = 0
    except SystemExit as exc:
        status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    main()
