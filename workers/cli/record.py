"""The case record's commands (PostgreSQL):

    zhixing db migrate                           apply the SQL migrations (a worker only checks)
    zhixing db url                               where the case record is
    zhixing projections rebuild [--verify]       fold every case's record again; compare/rewrite
    zhixing ledger check                         reconcile every case account
    zhixing notifications dispatch               deliver the notices still in the outbox
    zhixing record check [--repair] [--verify]   the cases whose record is behind (repaired), or
                                                 disagrees with the case about an event

Without `ZHIXING_DATABASE_URL` these use (and if needed start) the embedded PostgreSQL under
`<data_dir>/postgres`, the one `zhixing dev` and the workers use. Exit status: 0 fine, 1 a
disagreement or difference was found (or the database is unusable), 2 bad usage.
"""

from __future__ import annotations

import asyncio
from typing import Any

import click

from workers.cli.common import dump, settings, with_db


# ------------------------------------------------------------------------------------------ db
@click.group()
def db() -> None:
    """The case record's database (PostgreSQL)."""


@db.command("migrate")
def db_migrate() -> None:
    """Apply the SQL migrations not yet applied (advisory-locked). A worker refuses to start
    while one is pending; `zhixing dev` applies them itself."""
    from store.db import open_database

    config = settings()

    async def go() -> list[str]:
        async with open_database(config) as database:
            return database.applied

    applied = asyncio.run(go())
    click.echo("已是最新 / up to date" if not applied else "applied: " + ", ".join(applied))


@db.command("url")
def db_url() -> None:
    """Where the case record is (ZHIXING_DATABASE_URL, or the embedded server)."""
    from store.db import EmbeddedPostgres, database_url, embedded_pgdata

    config = settings()
    url = database_url(config)
    if url is not None:
        click.echo(url)
        return
    pgdata = embedded_pgdata(config)
    running = EmbeddedPostgres.running_uri(pgdata)
    click.echo(running or f"embedded, not running: {pgdata}")


# ----------------------------------------------------------------------------------- projections
@click.group()
def projections() -> None:
    """Supervisor projections (case_summary)."""


@projections.command("rebuild")
@click.option("--verify", is_flag=True, help="Only compare; write nothing.")
def projections_rebuild(verify: bool) -> None:
    """Fold every case's events through the domain reducer and compare with case_summary
    (rewriting disagreeing rows unless --verify). Exit 1 on any disagreement."""
    from store.rebuild import RebuildReport, rebuild

    async def work(pool: Any) -> RebuildReport:
        async with pool.acquire() as conn:
            return await rebuild(conn, verify=verify)

    report = with_db(settings(), work)
    for disagreement in report.disagreements[:50]:
        click.echo(f"  {disagreement}")
    if len(report.disagreements) > 50:
        click.echo(f"  … {len(report.disagreements) - 50} more")
    click.echo(
        f"{report.cases} cases, {report.events} events; {report.cases_disagreeing} disagreeing"
        + ("" if verify else f", {report.rewritten} rewritten")
    )
    if report.disagreements:
        raise click.exceptions.Exit(1)


# --------------------------------------------------------------------------------------- ledger
@click.group("ledger")
def ledger_group() -> None:
    """The case-funds ledger (一案一账号)."""


@ledger_group.command("check")
@click.option("--case", "case_id", default=None, help="One case number (default: every case).")
@click.option("--json", "as_json", is_flag=True)
def ledger_check(case_id: str | None, as_json: bool) -> None:
    """Reconcile every case account: receipts = payouts + fees + held, and held equals the
    case projection's. Exit 1 on any difference."""
    from store import ledger

    checks = with_db(settings(), lambda pool: ledger.check(pool, case_id))
    bad = [c for c in checks if c.problems]
    if as_json:
        click.echo(
            dump(
                {
                    **ledger.summary(checks),
                    "problems": {c.case_id: c.problems for c in bad},
                }
            )
        )
    else:
        for c in bad:
            click.echo(f"  {c.case_id}: {'; '.join(c.problems)}")
        click.echo(f"{len(checks)} accounts, {len(bad)} with differences")
    if bad:
        raise click.exceptions.Exit(1)


# -------------------------------------------------------------------------------- notifications
@click.group()
def notifications() -> None:
    """The notification outbox (notices stored before delivery)."""


@notifications.command("dispatch")
def notifications_dispatch() -> None:
    """Deliver every notice still unsent to the notification log and mark it sent (the worker
    does this every few seconds too). Exit 1 when a delivery failed."""
    from store import outbox
    from workers.wiring import notification_log

    config = settings()
    channel = notification_log(config)

    async def work(pool: Any) -> tuple[outbox.DispatchReport, int]:
        async with pool.acquire() as conn:
            report = await outbox.dispatch(conn, channel)
            return report, await outbox.unsent(conn)

    report, left = with_db(config, work)
    click.echo(f"sent {report.sent}, failed {report.failed}, unsent {left}")
    if report.failed:
        raise click.exceptions.Exit(1)


# ----------------------------------------------------------------------------------- record
@click.group("record")
def record_group() -> None:
    """The case record against the cases: lag, blocked records, repair."""


@record_group.command("check")
@click.option("--court", default=None, help="Only this court's subtree (default: every case).")
@click.option("--repair", is_flag=True, help="Append each laggard's missing events now.")
@click.option(
    "--verify",
    is_flag=True,
    help="Also compare every event each case holds with the record's (slower).",
)
@click.option("--json", "as_json", is_flag=True)
def record_check(court: str | None, repair: bool, verify: bool, as_json: bool) -> None:
    """Compare each running case's events with its record; list the cases behind (how many
    events, since when, blocked or not) and, with --verify, those whose record holds an event
    otherwise than the case. Exit 1 while a case is behind past the recorder's bound (or
    blocked) and --repair did not bring it up, or disagrees with its record."""
    from dataclasses import asdict
    from datetime import UTC, datetime

    from domain.courts import unknown_court
    from store.courts import load_registry
    from workers.cli.common import connect, contract_errors
    from workers.record_check import (
        BOUND,
        check_records,
        describe,
        running_cases_query,
        still_wrong,
    )

    config = settings()

    async def work(pool: Any) -> Any:
        client = await connect(config)
        scope = None
        if court is not None:
            courts = await load_registry(pool)
            if court not in courts:
                raise unknown_court(court)
            scope = courts.scope(court)
        return await check_records(
            client, pool, query=running_cases_query(scope), repair=repair, verify=verify
        )

    with contract_errors():
        behind = with_db(config, work)
    now = datetime.now(UTC)
    laggards = still_wrong(behind, now)
    if as_json:
        click.echo(
            dump({"bound_seconds": BOUND.total_seconds(), "behind": [asdict(r) for r in behind]})
        )
    else:
        for record in behind:
            click.echo(describe(record, now))
        click.echo(
            f"{len(behind)} 件记录落后，{len(laggards)} 件超过 {BOUND.total_seconds():.0f} 秒 / "
            f"{len(behind)} cases behind, {len(laggards)} past the bound"
        )
    if laggards:
        raise click.exceptions.Exit(1)


COMMANDS = (db, projections, ledger_group, notifications, record_group)
