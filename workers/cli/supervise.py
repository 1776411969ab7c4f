"""`zhixing supervise`: a supervisor's lists and indicators over a court's subtree.

zhixing supervise overdue --court 京01       overdue cases (case record, PostgreSQL)
zhixing supervise due --court 京01 --days 7  cases due within N days
zhixing supervise indicators --court 京 --from 2026-01-01 --to 2026-12-31
zhixing supervise list --court 京01          live cases from Temporal visibility: overdue
                                             or supervised (--query selects otherwise)
"""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import UTC, date, datetime
from typing import Any

import click

from workers.cli.common import (
    EXIT_MALFORMED,
    connect,
    dump,
    fail,
    fail_coded,
    run,
    settings,
    with_db,
)


@click.group()
def supervise() -> None:
    """Supervisor lists and indicators over a court's subtree (court-code prefix)."""


def _print_cases(rows: list[Any], json_out: bool) -> None:
    from dataclasses import asdict

    if json_out:
        click.echo(dump([asdict(r) for r in rows]))
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
@click.option("--json", "json_out", is_flag=True)
def supervise_overdue(court: str, limit: int, json_out: bool) -> None:
    """Overdue cases in the court's subtree, most overdue first."""
    from store import queries

    now = datetime.now(UTC)
    rows = with_db(settings(), lambda pool: queries.overdue(pool, court, now, limit=limit))
    _print_cases(rows, json_out)


@supervise.command("due")
@click.option("--court", required=True)
@click.option("--days", default=7, show_default=True)
@click.option("--limit", default=100, show_default=True)
@click.option("--json", "json_out", is_flag=True)
def supervise_due(court: str, days: int, limit: int, json_out: bool) -> None:
    """Cases whose next deadline falls within N days."""
    from store import queries

    now = datetime.now(UTC)
    rows = with_db(settings(), lambda pool: queries.due_within(pool, court, now, days, limit=limit))
    _print_cases(rows, json_out)


@supervise.command("indicators")
@click.option("--court", required=True)
@click.option("--from", "start", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--to", "end", required=True, type=click.DateTime(["%Y-%m-%d"]))
@click.option("--json", "json_out", is_flag=True)
def supervise_indicators(court: str, start: datetime, end: datetime, json_out: bool) -> None:
    """The "3+1" core indicators of the court's subtree for the period (store/queries.py
    documents each operational definition)."""
    from store import queries

    first: date = start.date()
    last: date = end.date()
    if last < first:
        fail("--to 早于 --from / --to is before --from", 2)
    result = with_db(settings(), lambda pool: queries.indicators(pool, court, first, last))
    if json_out:
        click.echo(
            dump(
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


@supervise.command("list")
@click.option("--court", required=True, help="Court code; its whole subtree is listed.")
@click.option("--query", "raw", default=None, help="A raw visibility query, ANDed in the scope.")
@click.option("--user", envvar="ZHIXING_USER", default="cli.supervisor", show_default=True)
@click.option("--role", envvar="ZHIXING_ROLE", default="supervisor", show_default=True)
@click.option(
    "--as-court",
    envvar="ZHIXING_COURT",
    default=None,
    help="The actor's court [env ZHIXING_COURT; default: --court].",
)
@click.option("--limit", default=1000, show_default=True)
@click.option("--json", "json_out", is_flag=True)
def supervise_list(
    court: str,
    raw: str | None,
    user: str,
    role: str,
    as_court: str | None,
    limit: int,
    json_out: bool,
) -> None:
    """Live cases of the court's subtree from Temporal visibility: by default the running ones
    with an overdue deadline or under 督办; --query selects otherwise (within the subtree)."""
    from pydantic import ValidationError

    from domain.commands import Actor
    from domain.errors import DomainError
    from runtime.client import LiveCase, list_cases
    from store.courts import load_registry

    try:
        actor = Actor(user_id=user, role=role, court_code=as_court or court)
    except ValidationError as error:
        fail(f"身份不正确 / invalid actor: {error}", EXIT_MALFORMED)
    config = settings()

    courts = with_db(config, load_registry)

    async def go() -> list[LiveCase]:
        client = await connect(config)
        try:
            return await list_cases(client, actor, courts, court, raw, limit)
        except DomainError as error:
            status = EXIT_MALFORMED if error.code == "query.malformed" else 1
            fail_coded(error, status)

    cases = run(go, 60.0)
    if json_out:
        click.echo(
            json.dumps([asdict(c) for c in cases], ensure_ascii=False, indent=2, default=str)
        )
        return
    for c in cases:
        due = c.next_deadline.isoformat() if c.next_deadline else "—"
        flags = ("督办 " if c.supervised else "") + (
            f"信访 {c.open_petitions} " if c.open_petitions else ""
        )
        flags += "记录受阻 " if c.record_blocked else ""
        click.echo(
            f"{c.case_number}  {c.court_code}  {c.status}/{c.stage}  级别 {c.escalation_level}  "
            f"期限 {due}  {flags}".rstrip()
        )
    click.echo(f"({len(cases)})")
