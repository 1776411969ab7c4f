"""`zhixing export`: the supervisors' spreadsheets (XLSX or CSV), the tables the dashboard's
download links give (web/exports.py), under the same access rules: the actor (--user, --role,
--as-court, or ZHIXING_USER / ZHIXING_ROLE / ZHIXING_COURT) must be allowed to list the court's
cases (domain.policy.may_list over the court registry's chain).

zhixing export overdue --court 京01 -o overdue.xlsx       a subtree's overdue cases
zhixing export cases --court 京0105 --format csv          a court's open cases and deadlines
zhixing export indicators --court 京 --from 2026-01-01 --to 2026-06-30
"""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import click

from workers.cli.common import EXIT_MALFORMED, fail, settings, with_db

DATE = click.DateTime(["%Y-%m-%d"])


@click.group()
def export() -> None:
    """Spreadsheets of a court's lists and indicators (XLSX or CSV)."""


def _options(command: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(
        (
            click.option("--court", required=True, help="Court code (a subtree for overdue)."),
            click.option(
                "--format",
                "fmt",
                type=click.Choice(["xlsx", "csv"]),
                default="xlsx",
                show_default=True,
            ),
            click.option(
                "-o",
                "--output",
                default=None,
                help="File to write ('-': standard output); default: the table's name.",
            ),
            click.option(
                "--user", envvar="ZHIXING_USER", default="cli.supervisor", show_default=True
            ),
            click.option("--role", envvar="ZHIXING_ROLE", default="supervisor", show_default=True),
            click.option(
                "--as-court",
                envvar="ZHIXING_COURT",
                default=None,
                help="The actor's court [env ZHIXING_COURT; default: --court].",
            ),
        )
    ):
        command = option(command)
    return command


def _export(
    court: str,
    fmt: str,
    output: str | None,
    user: str,
    role: str,
    as_court: str | None,
    build: Callable[[Any, Any], Awaitable[Any]],
) -> None:
    """Check the actor may list `court`'s cases, build the table on the case record, write it."""
    from pydantic import ValidationError

    from domain.commands import Actor
    from domain.policy import may_list
    from store.courts import load_registry
    from web import exports

    try:
        actor = Actor(user_id=user, role=role, court_code=as_court or court)
    except ValidationError as error:
        fail(f"身份不正确 / invalid actor: {error}", EXIT_MALFORMED)

    async def work(pool: Any) -> Any:
        courts = await load_registry(pool)
        if court not in courts:
            fail(f"法院代码 {court} 不在法院名录中 / unknown court {court}")
        if not may_list(actor, courts.chain(court)):
            fail(
                f"{actor.role}（{actor.court_code}）无权查看 {court} 的案件 / "
                f"{actor.role} of {actor.court_code} may not list the cases of {court}"
            )
        return await build(pool, actor)

    table = with_db(settings(), work)
    kind: exports.Format = "csv" if fmt == "csv" else "xlsx"
    data = exports.render(table, kind)
    if output == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    path = Path(output or exports.file_name(table, kind))
    path.write_bytes(data)
    click.echo(f"{path}  ({len(table.rows)} 行 / rows)", err=True)


@export.command("overdue")
@_options
def export_overdue(**kw: Any) -> None:
    """Overdue cases of the court's subtree (the 督办看板's list), most overdue first."""
    from web import exports

    now = datetime.now(UTC)
    _export(**kw, build=lambda pool, _: exports.overdue_table(pool, kw["court"], now))


@export.command("cases")
@_options
def export_cases(**kw: Any) -> None:
    """The court's open cases with their next deadline (an officer: their own, as 我的案件)."""
    from web import exports

    now = datetime.now(UTC)
    _export(**kw, build=lambda pool, actor: exports.cases_table(pool, actor, kw["court"], now))


@export.command("indicators")
@_options
@click.option("--from", "start", type=DATE, default=None, help="First day (default: 1 January).")
@click.option("--to", "end", type=DATE, default=None, help="Last day (default: today).")
def export_indicators(start: datetime | None, end: datetime | None, **kw: Any) -> None:
    """The "3+1" indicators of the court's subtree for the period (store/queries.py)."""
    from web import exports
    from web.labels import today

    last: date = end.date() if end else today()
    first: date = start.date() if start else date(last.year, 1, 1)
    if last < first:
        fail("--to 早于 --from / --to is before --from", EXIT_MALFORMED)
    _export(
        **kw,
        build=lambda pool, _: exports.indicators_table(pool, kw["court"], first, last),
    )
