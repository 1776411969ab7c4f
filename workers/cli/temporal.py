"""Temporal for zhixing:

    zhixing temporal setup       the namespace (created if missing) and the case search attributes

Run it once per namespace before the first `zhixing worker` (which refuses to start without
them); running it again changes nothing. Exit status: 0 ready, 1 it could not (a search attribute
registered with another type, Temporal Cloud, a refusal), with what to do instead.
"""

from __future__ import annotations

import asyncio
from datetime import timedelta

import click

from workers.cli.common import connect, fail, settings
from workers.temporal_setup import RETENTION, SetupError, SetupReport, setup_temporal


@click.group()
def temporal() -> None:
    """The Temporal namespace the cases run in."""


@temporal.command("setup")
@click.option(
    "--retention-days",
    default=RETENTION.days,
    show_default=True,
    type=click.IntRange(min=1),
    help="How long a new namespace keeps the histories of closed cases.",
)
def temporal_setup(retention_days: int) -> None:
    """Create the namespace if it is missing (on Temporal Cloud its console does that) and
    register the case search attributes (runtime/search_attributes.py). Idempotent; a search
    attribute registered with another type is reported, never changed (exit 1)."""
    config = settings()

    async def go() -> SetupReport:
        client = await connect(config)
        return await setup_temporal(
            client,
            config.temporal_namespace,
            config.temporal_address,
            timedelta(days=retention_days),
        )

    try:
        report = asyncio.run(go())
    except SetupError as exc:
        fail(str(exc))
    namespace = report.namespace
    click.echo(
        f"命名空间 {namespace}：已创建 / namespace {namespace}: created"
        if report.created
        else f"命名空间 {namespace}：已存在 / namespace {namespace}: exists"
    )
    if report.added:
        click.echo(f"新增搜索属性 / search attributes added: {', '.join(report.added)}")
    if report.present:
        click.echo(f"已有搜索属性 / search attributes present: {len(report.present)}")
    click.echo(f"Temporal 已就绪 / Temporal is set up ({config.temporal_address}, {namespace})")
