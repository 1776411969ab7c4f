"""`zhixing dev`: the whole local system in one command: the embedded PostgreSQL, the Temporal
dev server (a child process), the workers and the web UI (tasks of this process), each kept
alive by the supervisor (workers/supervisor.py), and the demo cases.

What a death looks like and how each part comes back:

- PostgreSQL (embedded; `pg_ctl` detaches it, so it is not our child): its `postmaster.pid`
  names no live process. Started again on the same data directory: the same socket and URL, so
  the pool reconnects by itself. A server of its own (`ZHIXING_DATABASE_URL`) is not ours to
  watch.
- The Temporal dev server: its process exits. Started again on the same port and SQLite file,
  then set up again (`zhixing temporal setup`'s code, a no-op when nothing is missing). The
  Temporal client and the workers' pollers reconnect by themselves (they retry an unreachable
  server with a backoff), so the workers are left running.
- The workers, the web UI: their task ends. Started again on the same client and pool; the
  workers check their environment first (workers/preflight.py), as `zhixing worker` does.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal

import click
from temporalio.client import Client

from domain.labels import ROLE_ZH
from runtime.client import connect
from runtime.logging import get_logger
from runtime.settings import Settings
from store.courts import load_registry
from store.db import Database, EmbeddedPostgres, shared_database
from web.app import create_app
from web.server import EmbeddedServer, embedded_server, start, web_address
from web.server import stop as stop_web
from workers.demo import (
    DEMO_PASSWORD,
    DEMO_USERS,
    configure_demo_courts,
    create_demo_users,
    file_demo_cases,
)
from workers.devserver import DevServer
from workers.preflight import check_ready
from workers.supervisor import Supervisor
from workers.temporal_setup import setup_temporal
from workers.worker import build_workers, run_workers, stop_on_signals

log = get_logger("zhixing.dev")

POSTGRES_POLL = 0.5
"""Seconds between two looks at the embedded PostgreSQL's postmaster."""


def exit_cause(status: int) -> str:
    if status < 0:
        with contextlib.suppress(ValueError):
            return signal.Signals(-status).name
    return f"exit status {status}"


class CaseRecord:
    """The case record's PostgreSQL: opened (and migrated) at the first start."""

    zh = "PostgreSQL 案件库"
    en = "PostgreSQL case record"

    def __init__(self, database: Database) -> None:
        self.database = database
        self._opened = False

    async def start(self) -> str:
        embedded = self.database.embedded
        if self._opened and embedded is not None:
            await asyncio.to_thread(embedded.start)
        else:
            await self.database.pool()
            self._opened = True
        return "ZHIXING_DATABASE_URL" if embedded is None else str(embedded.pgdata)

    async def died(self) -> str:
        embedded = self.database.embedded
        # A server of its own URL is not ours to watch: it never "dies" here.
        while embedded is None or EmbeddedPostgres.running_uri(embedded.pgdata) is not None:
            await asyncio.sleep(POSTGRES_POLL)
        return "postmaster gone"

    async def stop(self) -> None:
        await self.database.close()


class TemporalDevServer:
    """The dev server child process, set up like any cluster; the one client of `zhixing dev`."""

    zh = "Temporal 开发服务器"
    en = "Temporal dev server"

    def __init__(self, settings: Settings, server: DevServer) -> None:
        self.settings = settings
        self.server = server
        self._client: Client | None = None

    @property
    def client(self) -> Client:
        assert self._client is not None, "the dev server has not started"
        return self._client

    async def start(self) -> str:
        await self.server.start()
        if self._client is None:
            self._client = await connect(self.settings, address=self.server.target, metrics=True)
        await setup_temporal(self._client, self.settings.temporal_namespace, self.server.target)
        return f"pid {self.server.pid}"

    async def died(self) -> str:
        status = await self.server.wait()
        await self.server.stop()  # closes its log file; start() opens it again
        return exit_cause(status)

    async def stop(self) -> None:
        await self.server.stop()


class InProcess:
    """A part that is a task of this process, on the dev server's client and the database."""

    def __init__(self, settings: Settings, temporal: TemporalDevServer, database: Database):
        self.settings = settings
        self.temporal = temporal
        self.database = database
        self._task: asyncio.Task[None] | None = None

    async def died(self) -> str:
        assert self._task is not None
        await asyncio.wait({self._task})  # not `await`: cancelling died() must not cancel it
        self._task.result()  # the task's error, which the supervisor tells (`outcome`)
        return "stopped"


class Workers(InProcess):
    """Both task queues' workers, checked before each start."""

    zh = "案件 worker"
    en = "workers"

    def __init__(self, settings: Settings, temporal: TemporalDevServer, database: Database):
        super().__init__(settings, temporal, database)
        self._stop = asyncio.Event()

    async def start(self) -> str:
        client = self.temporal.client
        await check_ready(client, self.database)
        self._stop = asyncio.Event()
        self._task = asyncio.create_task(
            run_workers(build_workers(client, self.settings), self._stop)
        )
        return f"{self.settings.task_queue}, {self.settings.simulator_task_queue}"

    async def stop(self) -> None:
        if self._task is not None and not self._task.done():
            self._stop.set()
            await self._task  # in-flight activities get GRACEFUL_SHUTDOWN to finish


class WebUI(InProcess):
    """The web UI and JSON API on the workers' client and pool."""

    zh = "网页服务"
    en = "web UI"

    def __init__(self, settings: Settings, temporal: TemporalDevServer, database: Database):
        super().__init__(settings, temporal, database)
        self.host, self.port = web_address()
        self._server: EmbeddedServer | None = None

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/"

    async def start(self) -> str:
        pool = await self.database.pool()
        app = create_app(self.settings, client=self.temporal.client, pool=pool)
        self._server = embedded_server(app, self.host, self.port)
        self._task = await start(self._server)
        return self.url

    async def stop(self) -> None:
        if self._server is not None and self._task is not None and not self._task.done():
            await stop_web(self._server, self._task)


async def run_dev(settings: Settings) -> None:
    """The whole system, until SIGINT/SIGTERM; `SupervisorError` when a part cannot start or
    keeps dying (everything is stopped by then)."""

    stop = asyncio.Event()
    stop_on_signals(stop)

    server = DevServer.from_settings(settings)
    database = shared_database(settings)
    temporal = TemporalDevServer(settings, server)
    web = WebUI(settings, temporal, database)
    server.ui_codec_endpoint = f"{web.url}codec"  # where the Temporal Web UI decodes payloads
    supervisor = Supervisor(
        [CaseRecord(database), temporal, Workers(settings, temporal, database), web]
    )
    async with supervisor.running():
        log.info(
            "temporal dev server up",
            address=server.target,
            db=str(server.db_path),
            pid=server.pid,
            server_log=str(server.log_path),
        )
        pool = await database.pool()
        await create_demo_users(pool)
        await configure_demo_courts(pool)
        watching = asyncio.create_task(supervisor.watch(stop))
        courts = await load_registry(pool)
        demo = asyncio.create_task(file_demo_cases(temporal.client, settings, courts))
        try:
            await asyncio.wait({demo, watching}, return_when=asyncio.FIRST_COMPLETED)
            if demo.done():
                numbers: list[str] = []
                if demo.exception() is not None:
                    log.error("demo cases not filed", exc_info=demo.exception())
                else:
                    numbers = demo.result()
                print_banner(settings, server.target, server.ui_url, numbers, web.url)
            await watching  # until a signal; raises when a part keeps dying
        finally:
            for task in (demo, watching):
                task.cancel()
            await asyncio.gather(demo, watching, return_exceptions=True)
    log.info("stopped")


def print_banner(
    settings: Settings,
    address: str,
    ui_url: str | None,
    numbers: list[str],
    web_url: str,
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
    out += [
        "",
        "  部件退出会被重启；反复退出则全部停止 / a part that dies is restarted; one that keeps "
        "dying stops everything",
        "  Ctrl-C 停止 / stops everything",
        "",
    ]
    click.echo("\n".join(out))
