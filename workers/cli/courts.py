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
