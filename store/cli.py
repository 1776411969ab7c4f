"""The case-record commands of `zhixing` (registered in workers/cli.py):

    zhixing db migrate                           apply the SQL migrations (workers do it too)
    zhixing db url                               where the case record is
    zhixing projections rebuild [--verify]       fold every case's record again; compare/rewrite
    zhixing supervise overdue --court 京01       overdue cases in the court's subtree
    zhixing supervise due --court 京01 --days 7  cases due within N days
    zhixing supervise indicators --court 京 --from 2026-01-01 --to 2026-12-31
    zhixing ledger check                         reconcile every case account
    zhixing notifications dispatch               deliver the notices still in the outbox

Without `ZHIXING_DATABASE_URL` these use (and if needed start) the embedded PostgreSQL under
`<data_dir>/postgres`, the one `zhixing dev` and the workers use. Exit status: 0 fine, 1 a
disagreement or difference was found (or the database is unusable), 2 bad usage.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from typing import Any, NoReturn, TypeVar

import click

from workers.config import ConfigError, Settings, load_settings

T = TypeVar("T")


def _fail(message: str, status: int = 1) -> NoReturn:
    click.echo(message, err=True)
    raise click.exceptions.Exit(status)


def _settings() -> Settings:
    try:
        return load_settings()
    except ConfigError as exc:
        _fail(str(exc), 2)


def _with_db(settings: Settings, work: Callable[[Any], Awaitable[T]]) -> T:
    """Run `work(pool)` on the case record (migrated), then let the database go."""
    import asyncpg

    from store.db import open_database

    async def go() -> T:
        async with open_database(settings) as database:
            return await work(await database.pool())

    try:
        return asyncio.run(go())
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        _fail(f"案件库不可用 / the case record (PostgreSQL) is unusable: {exc}")


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2, default=str)


async def recorded_events(settings: Settings, case_number: str) -> list[Any] | None:
    """The case's events from case_events when the database is reachable (never starts one);
    None when it is not, or holds nothing for the case."""
    from store.db import connect, reachable_url
    from store.event_store import load_events

    url = await reachable_url(settings)
    if url is None:
        return None
    try:
        conn = await asyncio.wait_for(connect(url), 3)
    except Exception:  # unreachable or not ours: the workflow still answers
        return None
    try:
        events = await load_events(conn, case_number)
    except Exception:
        return None
    finally:
        await conn.close()
    return events or None


# ------------------------------------------------------------------------------------------ db
@click.group()
def db() -> None:
    """The case record's database (PostgreSQL)."""


@db.command("migrate")
def db_migrate() -> None:
    """Apply the SQL migrations not yet applied (advisory-locked; workers do it at start)."""
    from store.db import open_database

    settings = _settings()

    async def go() -> list[str]:
        async with open_database(settings) as database:
            return database.applied

    applied = asyncio.run(go())
    click.echo("已是最新 / up to date" if not applied else "applied: " + ", ".join(applied))


@db.command("url")
def db_url() -> None:
    """Where the case record is (ZHIXING_DATABASE_URL, or the embedded server)."""
    from store.db import EmbeddedPostgres, database_url, embedded_pgdata

    settings = _settings()
    url = database_url(settings)
    if url is not None:
        click.echo(url)
        return
    pgdata = embedded_pgdata(settings)
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

    report = _with_db(_settings(), work)
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


# ------------------------------------------------------------------------------------ supervise
@click.group()
def supervise() -> None:
    """Supervisor lists and indicators over a court's subtree (court-code prefix)."""


def _print_cases(rows: list[Any], as_json: bool) -> None:
    from dataclasses import asdict

    if as_json:
        click.echo(_dump([asdict(r) for r in rows]))
        return
    for r in rows:
        due = r.next_deadline_at.isoformat() if r.next_deadline_at else "—"
        click.echo(
            f"{r.case_number}  {r.court_code}  {r.status}/{r.stage}  承办 {r.officer_id}  "
            f"期限 {due} ({r.next_deadline_rule or '—'})  超期 {r.overdue_count}  "
            f"级别 {r.escalation_level}"
        )
    click.echo(f"({len(rows)})")


@supervise.command("overdue")
@click.option("--court", required=True, help="Court code; its whole subtree is listed.")
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def supervise_overdue(court: str, limit: int, as_json: bool) -> None:
    """Overdue cases in the court's subtree, most overdue first."""
    from store import queries

    now = datetime.now(UTC)
    rows = _with_db(_settings(), lambda pool: queries.overdue(pool, court, now, limit=limit))
    _print_cases(rows, as_json)


@supervise.command("due")
@click.option("--court", required=True)
@click.option("--days", default=7, show_default=True)
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "as_json", is_flag=True)
def supervise_due(court: str, days: int, limit: int, as_json: bool) -> None:
    """Cases whose next deadline falls within N days."""
    from store import queries

    now = datetime.now(UTC)
    rows = _with_db(
        _settings(), lambda pool: queries.due_within(pool, court, now, days, limit=limit)
    )
    _print_cases(rows, as_json)


@supervise.command("indicators")
@click.option("--court", required=True)
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--json", "as_json", is_flag=True)
def supervise_indicators(court: str, start: datetime, end: datetime, as_json: bool) -> None:
    """The "3+1" core indicators of the court's subtree for the period (store/queries.py
    documents each operational definition)."""
    from store import queries

    first: date = start.date()
    last: date = end.date()
    if last < first:
        _fail("--to 早于 --from / --to is before --from", 2)
    result = _with_db(_settings(), lambda pool: queries.indicators(pool, court, first, last))
    if as_json:
        click.echo(
            _dump(
                {
                    "court": court,
                    "from": first,
                    "to": last,
                    "indicators": [i.as_json() for i in result.items],
                }
            )
        )
        return
    click.echo(f"{court}  {first} — {last}")
    for i in result.items:
        rate = "—" if i.rate is None else f"{i.rate:.1%}"
        mark = {True: "✔", False: "✘", None: " "}[i.meets_target]
        click.echo(
            f"  {mark} {i.name_zh:<24} {rate:>7}  ({i.numerator}/{i.denominator}, "
            f"目标 ≥ {i.target:.0%})"
        )


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

    checks = _with_db(_settings(), lambda pool: ledger.check(pool, case_id))
    bad = [c for c in checks if c.problems]
    if as_json:
        click.echo(
            _dump(
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
    from activities import notification_log
    from store import outbox

    settings = _settings()
    channel = notification_log(settings)

    async def work(pool: Any) -> tuple[outbox.DispatchReport, int]:
        async with pool.acquire() as conn:
            report = await outbox.dispatch(conn, channel)
            return report, await outbox.unsent(conn)

    report, left = _with_db(settings, work)
    click.echo(f"sent {report.sent}, failed {report.failed}, unsent {left}")
    if report.failed:
        raise click.exceptions.Exit(1)


COMMANDS = (db, projections, supervise, ledger_group, notifications)
