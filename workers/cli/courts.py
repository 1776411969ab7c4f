"""`zhixing courts`: the court registry (table `courts`, store/courts.py).

zhixing courts import FILE.csv   add or update courts (header code,name,level,parent_code)
zhixing courts show CODE         a court and the chain of courts above it
zhixing courts list [--under C]  the courts of a subtree (default: every court)
"""

from __future__ import annotations

from typing import Any

import click

from workers.cli.common import EXIT_MALFORMED, fail, settings, with_db


@click.group()
def courts() -> None:
    """The court registry: which court is above which."""


@courts.command("import")
@click.argument("source", metavar="FILE.csv", type=click.Path(exists=True, dir_okay=False))
def courts_import(source: str) -> None:
    """Add or update the courts of FILE.csv (one transaction: nothing lands unless every row is
    valid and the table stays one tree under 最高法)."""
    from pathlib import Path

    from store.courts import import_courts, read_courts_csv

    try:
        rows = read_courts_csv(Path(source).read_text(encoding="utf-8-sig"))
    except (ValueError, UnicodeDecodeError) as error:
        fail(str(error), EXIT_MALFORMED)

    async def work(pool: Any) -> int:
        async with pool.acquire() as conn:
            try:
                return len(await import_courts(conn, rows))
            except ValueError as error:
                fail(f"导入被拒绝，未做任何更改 / import refused, nothing changed: {error}")

    total = with_db(settings(), work)
    click.echo(
        f"已导入 {len(rows)} 个法院，名录共 {total} 个 / imported {len(rows)}, {total} in all"
    )


@courts.command("show")
@click.argument("code")
def courts_show(code: str) -> None:
    """A court and each court above it."""
    from store.courts import load_registry

    registry = with_db(settings(), load_registry)
    if code not in registry:
        fail(f"法院代码 {code} 不在法院名录中 / court {code} is not in the court registry")
    for depth, above in enumerate(registry.chain(code)):
        court = registry.get(above)
        click.echo(f"{'  ' * depth}{court.code}  {court.name}  ({court.level})")


@courts.command("list")
@click.option("--under", default=None, help="Only this court and the courts below it.")
def courts_list(under: str | None) -> None:
    """The courts of the registry (or of a subtree), by code."""
    from store.courts import load_registry

    registry = with_db(settings(), load_registry)
    if under is not None and under not in registry:
        fail(f"法院代码 {under} 不在法院名录中 / court {under} is not in the court registry")
    codes = registry.subtree(under) if under is not None else {c.code for c in registry}
    for code in sorted(codes):
        court = registry.get(code)
        click.echo(f"{court.code}\t{court.name}\t{court.level}\t{court.parent_code or ''}")


@courts.command("fast-track")
@click.argument("code")
@click.option("--days", type=int, help="Target: concluded within this many days of filing.")
@click.option("--max-yuan", type=str, help="Small amounts: principal and costs at most this.")
@click.option("--deposits-cover", is_flag=True, help="Bank deposits frozen for all it owes.")
@click.option("--off", is_flag=True, help="Remove the court's fast track (the default).")
def courts_fast_track(
    code: str, days: int | None, max_yuan: str | None, deposits_cover: bool, off: bool
) -> None:
    """The court's 繁简分流 rule: which cases are simple and their target in days. No national
    figure exists (DOMAIN-2 `fast_track.target`); cases filed from now on take the rule."""
    from decimal import Decimal, InvalidOperation

    from pydantic import ValidationError

    from domain.commands import FastTrackRule
    from store.courts import load_registry, set_fast_track_rule

    rule: FastTrackRule | None = None
    if not off:
        try:
            max_fen = None if max_yuan is None else int(Decimal(max_yuan) * 100)
            rule = FastTrackRule(
                target_days=days, max_due_fen=max_fen, deposits_cover=deposits_cover
            )
        except (InvalidOperation, ValidationError) as error:
            fail(f"简案规则不正确 / invalid fast-track rule: {error}", EXIT_MALFORMED)

    async def work(pool: Any) -> None:
        if code not in await load_registry(pool):
            fail(f"法院代码 {code} 不在法院名录中 / court {code} is not in the court registry")
        await set_fast_track_rule(pool, code, rule)

    with_db(settings(), work)
    click.echo(f"{code}：" + ("已关闭简案快执 / off" if rule is None else rule.model_dump_json()))
