"""The supervisor of `zhixing dev` (workers/supervisor.py) on parts made of asyncio events: a part
that dies is restarted with a console line, a failed restart counts as a death, one that keeps
dying stops everything in reverse order, one that cannot start stops those started.
(tests/integration/test_dev.py does the same to the real dev server and PostgreSQL.)"""

from __future__ import annotations

import asyncio
from collections.abc import Callable

import pytest

from workers.supervisor import Supervisor, SupervisorError


class Part:
    """A child whose death the test decides; `failing` start attempts raise."""

    def __init__(self, name: str, log: list[str], failing: int = 0) -> None:
        self.zh = self.en = name
        self.log = log
        self.failing = failing
        self.starts = 0
        self._dead = asyncio.Event()

    async def start(self) -> str:
        self.starts += 1
        if self.failing:
            self.failing -= 1
            raise RuntimeError(f"{self.en} cannot start")
        self._dead = asyncio.Event()
        self.log.append(f"start {self.en}")
        return f"run {self.starts}"

    def kill(self) -> None:
        self._dead.set()

    async def died(self) -> str:
        await self._dead.wait()
        return "killed"

    async def stop(self) -> None:
        self.log.append(f"stop {self.en}")


def supervisor(*parts: Part, lines: list[str], max_restarts: int = 2) -> Supervisor:
    return Supervisor(list(parts), max_restarts=max_restarts, backoff=0.0, echo=lines.append)


async def until(check: Callable[[], bool], seconds: float = 2.0) -> None:
    async with asyncio.timeout(seconds):
        while not check():
            await asyncio.sleep(0.01)


async def kill_and_restarted(part: Part) -> None:
    starts = part.starts
    part.kill()
    await until(lambda: part.starts == starts + 1)


async def test_a_part_that_dies_is_restarted_and_said_so() -> None:
    log: list[str] = []
    lines: list[str] = []
    db, server = Part("db", log), Part("server", log)
    stop = asyncio.Event()
    async with supervisor(db, server, lines=lines).running() as sup:
        watching = asyncio.create_task(sup.watch(stop))
        await kill_and_restarted(server)
        await kill_and_restarted(db)
        stop.set()
        await watching
    assert log == ["start db", "start server", "start server", "start db", "stop server", "stop db"]
    assert lines == [
        "server已退出（killed），正在重启（1/2）/ the server exited (killed), restarting (1/2)",
        "server已重启（run 2）/ the server restarted (run 2)",
        "db已退出（killed），正在重启（1/2）/ the db exited (killed), restarting (1/2)",
        "db已重启（run 2）/ the db restarted (run 2)",
    ]


async def test_a_part_that_keeps_dying_stops_everything() -> None:
    log: list[str] = []
    lines: list[str] = []
    db, server, web = Part("db", log), Part("server", log), Part("web", log)
    with pytest.raises(SupervisorError, match="server exited 3 times within 60 s"):
        async with supervisor(db, server, web, lines=lines).running() as sup:
            watching = asyncio.create_task(sup.watch(asyncio.Event()))
            await kill_and_restarted(server)
            await kill_and_restarted(server)
            server.kill()
            await watching
    assert log[-3:] == ["stop web", "stop server", "stop db"]
    assert len([line for line in lines if "restarting" in line]) == 2


async def test_a_failed_restart_counts_as_a_death() -> None:
    log: list[str] = []
    lines: list[str] = []
    server = Part("server", log)
    with pytest.raises(SupervisorError, match=r"RuntimeError: server cannot start"):
        async with supervisor(server, lines=lines).running() as sup:
            server.failing = 5
            server.kill()
            await sup.watch(asyncio.Event())
    assert server.starts == 3  # the first start, then two restarts that failed
    assert "restarting (2/2)" in lines[-1]
    assert log == ["start server", "stop server"]


async def test_a_part_that_cannot_start_stops_those_started() -> None:
    log: list[str] = []
    db, server, web = Part("db", log), Part("server", log, failing=1), Part("web", log)
    with pytest.raises(SupervisorError, match="the server did not start"):
        async with supervisor(db, server, web, lines=[]).running():
            pytest.fail("must not run")
    assert log == ["start db", "stop db"]
    assert web.starts == 0


async def test_a_stop_during_a_restart_ends_the_watch() -> None:
    lines: list[str] = []
    server = Part("server", [])
    stop = asyncio.Event()
    slow = Supervisor([server], backoff=30.0, echo=lines.append)
    async with slow.running():
        watching = asyncio.create_task(slow.watch(stop))
        await kill_and_restarted(server)  # the first restart is at once
        server.kill()  # the second waits 30 s
        await until(lambda: len(lines) == 3)
        stop.set()
        await asyncio.wait_for(watching, 2)
    assert server.starts == 2
