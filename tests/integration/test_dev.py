"""`zhixing dev` heals or stops (issue 13, item 4): the command itself in a subprocess, with its own
data directory and free ports. Its Temporal dev server and its embedded PostgreSQL are SIGKILLed:
each comes back (a line on the console) and cases go on working; a part that keeps dying stops
everything, and the command exits non-zero leaving nothing running.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import psutil
import pytest

from domain.calendar import local_date
from store.db import EmbeddedPostgres
from tests.integration.command import ZHIXING, stop_process, zhixing
from tests.workflow.helpers import filing
from workers.devserver import free_port, port_in_use

pytestmark = pytest.mark.integration

STARTED = "本地系统已启动 / local system running"


class Dev:
    """One `zhixing dev`: its console (stdout) and log (stderr) in files of its data directory."""

    def __init__(self, data_dir: Path, web_port: int) -> None:
        self.data_dir = data_dir
        self.port = free_port()
        self.env = {
            key: value for key, value in os.environ.items() if key != "ZHIXING_DATABASE_URL"
        } | {
            "ZHIXING_DATA_DIR": str(data_dir),
            "ZHIXING_DEV_PORT": str(self.port),
            "ZHIXING_DEV_UI_PORT": str(free_port()),
            "ZHIXING_WEB_PORT": str(web_port),
            "ZHIXING_TEMPORAL_ADDRESS": f"127.0.0.1:{self.port}",
        }
        self.console = data_dir / "console.txt"
        self.log = data_dir / "dev.log"
        with self.console.open("wb") as out, self.log.open("wb") as err:
            self.process = subprocess.Popen(
                [str(ZHIXING), "dev"], env=self.env, stdout=out, stderr=err
            )

    def output(self) -> str:
        return self.console.read_text(encoding="utf-8")

    def mark(self) -> int:
        """Where the console is now: `says(..., since=mark)` looks only after it."""
        return len(self.output())

    async def says(self, line: str, since: int = 0, seconds: float = 60) -> None:
        """Until the console prints `line` (after `since`)."""
        async with asyncio.timeout(seconds):
            while line not in self.output()[since:]:
                assert self.process.poll() is None, self.tail()
                await asyncio.sleep(0.1)

    def tail(self) -> str:
        log = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        return self.output() + "\n".join(log[-30:])

    def temporal_pid(self) -> int:
        children = psutil.Process(self.process.pid).children()
        [server] = [child for child in children if child.name() == "temporal"]
        return int(server.pid)

    @property
    def pgdata(self) -> Path:
        return self.data_dir / "postgres"

    def postmaster_pid(self) -> int:
        return int((self.pgdata / "postmaster.pid").read_text().split()[0])

    async def exited(self, seconds: float = 60) -> int:
        return await asyncio.wait_for(asyncio.to_thread(self.process.wait), seconds)

    def stop(self) -> None:
        stop_process(self.process, 30)


@contextmanager
def zhixing_dev(web_port: int | None = None) -> Iterator[Dev]:
    # Not under pytest's basetemp (kept 0700): the embedded PostgreSQL may run as another user.
    data_dir = Path(tempfile.mkdtemp(prefix="zhixing-dev-"))
    data_dir.chmod(0o755)
    dev = Dev(data_dir, web_port or free_port())
    try:
        yield dev
    finally:
        dev.stop()
        for process in psutil.process_iter(["cmdline"]):  # what a failed test left behind
            if str(data_dir) in " ".join(process.info["cmdline"] or []):
                with suppress(psutil.Error):
                    process.kill()
        shutil.rmtree(data_dir, ignore_errors=True)


def alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


async def recorded(dev: Dev, case_number: str, event_type: str, seconds: float = 30) -> None:
    url = EmbeddedPostgres.running_uri(dev.pgdata)
    assert url is not None
    conn = await asyncpg.connect(url)
    try:
        async with asyncio.timeout(seconds):
            while not await conn.fetchval(
                "SELECT count(*) FROM case_events WHERE case_id = $1 AND type = $2",
                case_number,
                event_type,
            ):
                await asyncio.sleep(0.2)
    finally:
        await conn.close()


async def test_zhixing_dev_restarts_a_killed_dev_server_and_postgresql() -> None:
    with zhixing_dev() as dev:
        await dev.says(STARTED)
        case = filing(local_date(datetime.now(UTC)), case_number="(2026)京0105执92001号")
        case_file = dev.data_dir / "file_case.json"
        case_file.write_text(case.model_dump_json(), encoding="utf-8")

        mark = dev.mark()
        os.kill(dev.temporal_pid(), signal.SIGKILL)
        await dev.says("the Temporal dev server restarted", mark)
        assert "Temporal 开发服务器已退出（SIGKILL），正在重启（1/3）" in dev.output()[mark:]
        code, out, err = await zhixing("case", "file", str(case_file), env=dev.env)
        assert code == 0, err
        code, out, err = await zhixing("case", "show", case.case_number, env=dev.env)
        assert code == 0 and case.case_number in out, err  # a worker answered the query

        mark = dev.mark()
        os.kill(dev.postmaster_pid(), signal.SIGKILL)
        await dev.says("the PostgreSQL case record restarted", mark)
        assert "PostgreSQL 案件库已退出" in dev.output()[mark:]
        code, _, err = await zhixing(
            "case", "act", case.case_number, "-", env=dev.env, stdin='{"type": "issue_notice"}'
        )
        assert code == 0, err
        await recorded(dev, case.case_number, "notice_issued")  # the pool reconnected

        temporal, postmaster = dev.temporal_pid(), dev.postmaster_pid()
        dev.process.send_signal(signal.SIGTERM)
        assert await dev.exited() == 0, dev.tail()
        assert not alive(temporal) and not alive(postmaster)


async def test_zhixing_dev_stops_everything_when_a_part_keeps_dying() -> None:
    with zhixing_dev() as dev:
        await dev.says(STARTED)
        postmaster = dev.postmaster_pid()
        killed = []
        for _ in range(3):  # three restarts within a minute are allowed
            mark = dev.mark()
            killed.append(dev.temporal_pid())
            os.kill(killed[-1], signal.SIGKILL)
            await dev.says("the Temporal dev server restarted", mark)
        killed.append(dev.temporal_pid())
        os.kill(killed[-1], signal.SIGKILL)  # the fourth is one too many

        assert await dev.exited() == 1, dev.tail()
        message = dev.log.read_text(encoding="utf-8")
        assert "Temporal 开发服务器在 60 秒内退出 4 次" in message
        assert "dev server exited 4 times within 60 s (SIGKILL): everything stopped" in message
        assert not any(alive(pid) for pid in [*killed, postmaster])
        assert EmbeddedPostgres.running_uri(dev.pgdata) is None


async def test_zhixing_dev_that_cannot_start_a_part_stops_everything() -> None:
    """The web UI's port is taken: the parts started before it are stopped again."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with zhixing_dev(web_port=port) as dev:
            assert await dev.exited() == 1, dev.tail()
            message = dev.log.read_text(encoding="utf-8")
            assert "网页服务未能启动，已全部停止 / the web UI did not start" in message
            assert f"the web server did not start on 127.0.0.1:{port}" in message
            assert not port_in_use("127.0.0.1", dev.port)  # the dev server is gone
            assert EmbeddedPostgres.running_uri(dev.pgdata) is None
