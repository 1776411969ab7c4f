"""`zhixing dev`: the whole local system in one process: the Temporal dev server (a child
process), the embedded PostgreSQL, the workers, the demo cases and the web UI.
"""

from __future__ import annotations

import asyncio
from typing import Any

import click
from temporalio.client import Client

from domain.labels import ROLE_ZH
from runtime.client import connect
from runtime.logging import get_logger
from runtime.settings import Settings
from store.db import open_database
from web.app import create_app
from web.server import embedded_server, start, web_address
from web.server import stop as stop_web
from workers.demo import DEMO_PASSWORD, DEMO_USERS, create_demo_users, file_demo_cases
from workers.devserver import DevServer
from workers.worker import build_workers, run_workers, stop_on_signals

log = get_logger("zhixing.dev")


async def run_dev(settings: Settings) -> None:
    """The dev server, the case record, the workers, the demo cases and the web UI in this
    process, until SIGINT/SIGTERM."""

    stop = asyncio.Event()
    stop_on_signals(stop)

    host, port = web_address()
    server = DevServer.from_settings(settings, ui_codec_endpoint=f"http://{host}:{port}/codec")

    async with open_database(settings) as database, server:  # the case record (PostgreSQL)
        log.info(
            "temporal dev server up",
            address=server.target,
            db=str(server.db_path),
            pid=server.pid,
            server_log=str(server.log_path),
        )
        client = await connect(settings, address=server.target)
        runner = asyncio.create_task(run_workers(build_workers(client, settings), stop))
        demo = asyncio.create_task(file_demo_cases(client, settings))
        stopped = asyncio.create_task(stop.wait())
        web_server, web_task, web_url = await start_web(settings, client, database)
        try:
            done, _ = await asyncio.wait(
                {demo, runner, stopped}, return_when=asyncio.FIRST_COMPLETED
            )
            if demo in done:
                numbers: list[str] = []
                if demo.exception() is not None:
                    log.error("demo cases not filed", exc_info=demo.exception())
                else:
                    numbers = demo.result()
                print_banner(settings, server.target, server.ui_url, numbers, web_url)
                await asyncio.wait({runner, stopped}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            demo.cancel()
            stopped.cancel()
            stop.set()
            if web_server is not None and web_task is not None:
                await stop_web(web_server, web_task)
            await runner  # workers shut down first (and a worker's fatal error surfaces here)
    log.info("temporal dev server stopped")


async def start_web(
    settings: Settings, client: Client, database: Any
) -> tuple[Any, Any, str | None]:
    """The web UI next to the workers, with the demo logins; (None, None, None) if it cannot
    start (the rest of `zhixing dev` goes on without it)."""

    host, port = web_address()
    try:
        pool = await database.pool()
        await create_demo_users(pool)
        web_server = embedded_server(create_app(settings, client=client, pool=pool), host, port)
        task = await start(web_server)
    except (OSError, RuntimeError, SystemExit) as exc:
        get_logger("zhixing.dev").error("web UI not started", error=str(exc), port=port)
        return None, None, None
    return web_server, task, f"http://{host}:{port}/"


def print_banner(
    settings: Settings,
    address: str,
    ui_url: str | None,
    numbers: list[str],
    web_url: str | None = None,
) -> None:

    out = [
        "",
        "zhixing 执行 — 本地系统已启动 / local system running",
        f"  Temporal gRPC     {address}   namespace {settings.temporal_namespace}",
        f"  Temporal Web UI   {ui_url or '(headless)'}",
        f"  数据 / data        {settings.data_dir}",
        f"  外部系统 / adapters {settings.adapters}",
        "",
    ]
    if web_url:
        out += [f"  网页 / web UI      {web_url}   (接口文档 / API docs {web_url}api/docs)"]
        out += [f"  演示账号 / demo logins (密码 / password {DEMO_PASSWORD}):"]
        for user_id, name, role, court in DEMO_USERS:
            out.append(f"    {user_id:<16} {name}  {ROLE_ZH.get(role, role)} {court}")
        out.append("")
    if address != settings.temporal_address:
        out += [
            f"  (另一终端 / in another shell: export ZHIXING_TEMPORAL_ADDRESS={address})",
            "",
        ]
    out.append("  示例 / try:")
    for number in numbers[:3]:
        out.append(f"    zhixing case show '{number}'")
    if numbers:
        out.append(f"    zhixing case events '{numbers[0]}'")
    out += ["", "  Ctrl-C 停止 / stops everything", ""]
    click.echo("\n".join(out))
