"""`zhixing dev` keeps its parts alive: each part (a child process or a task of this process) is
started in order and watched; one that dies is restarted, with a line on the console; one that
keeps dying (more than `max_restarts` deaths within `window` seconds, a failed restart counting
as one) stops everything, in reverse order, and the command exits non-zero. The system is never
left half alive.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import deque
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol

import click

from runtime.logging import get_logger

log = get_logger("zhixing.supervisor")


class Child(Protocol):
    """A part of the system: its name in Chinese and English, how it starts (returns a detail
    for the console, e.g. its pid), how its death shows (returns the cause), how it stops."""

    zh: str
    en: str

    async def start(self) -> str: ...

    async def died(self) -> str: ...

    async def stop(self) -> None: ...


class SupervisorError(Exception):
    """`zhixing dev` stopped: the message says which part and why, in Chinese and English."""


def say(line: str) -> None:
    click.echo(f"[zhixing dev] {line}")


def cause_of(error: BaseException) -> str:
    return f"{type(error).__name__}: {error}"


def outcome(died: asyncio.Task[str]) -> str:
    """Why a child died: what its `died()` returned, or the error it raised."""
    error = died.exception()
    return died.result() if error is None else cause_of(error)


@dataclass
class Supervisor:
    children: Sequence[Child]
    max_restarts: int = 3
    window: float = 60.0
    """Seconds over which deaths count against `max_restarts`."""
    backoff: float = 1.0
    """Seconds before the n-th restart within the window: backoff × (n − 1) (the first at once)."""
    echo: Callable[[str], None] = say

    _started: list[Child] = field(default_factory=list, init=False)
    _deaths: dict[int, deque[float]] = field(default_factory=dict, init=False)

    async def start(self) -> None:
        """Start every child in order; if one cannot start, stop those started and raise."""
        for child in self.children:
            try:
                detail = await child.start()
            except Exception as exc:
                await self.stop()
                raise SupervisorError(
                    f"{child.zh}未能启动，已全部停止 / the {child.en} did not start, everything "
                    f"stopped:\n{exc}"
                ) from exc
            self._started.append(child)
            log.info("started", child=child.en, detail=detail)

    async def stop(self) -> None:
        """Stop the started children in reverse order."""
        while self._started:
            child = self._started.pop()
            try:
                await child.stop()
            except Exception as exc:  # the others must stop still
                log.error("stop failed", child=child.en, error=cause_of(exc))

    @contextlib.asynccontextmanager
    async def running(self) -> AsyncIterator[Supervisor]:
        """Every child started for the duration, stopped at the end (whatever ends it)."""
        await self.start()
        try:
            yield self
        finally:
            await self.stop()

    async def watch(self, stop: asyncio.Event) -> None:
        """Restart every child that dies until `stop` is set; `SupervisorError` when one keeps
        dying (the caller then stops everything)."""
        stopping = asyncio.create_task(stop.wait())
        deaths = {asyncio.create_task(child.died()): child for child in self._started}
        try:
            while True:
                await asyncio.wait({stopping, *deaths}, return_when=asyncio.FIRST_COMPLETED)
                if stopping.done():
                    return
                for task in [task for task in deaths if task.done()]:
                    child = deaths.pop(task)
                    restart = asyncio.create_task(self._restart(child, outcome(task)))
                    await asyncio.wait({restart, stopping}, return_when=asyncio.FIRST_COMPLETED)
                    if not restart.done():
                        restart.cancel()
                        with contextlib.suppress(asyncio.CancelledError):
                            await restart
                        return
                    restart.result()
                    deaths[asyncio.create_task(child.died())] = child
        finally:
            waiting: list[asyncio.Task[object]] = [stopping, *deaths]
            for waiter in waiting:
                waiter.cancel()
            await asyncio.gather(*waiting, return_exceptions=True)

    async def _restart(self, child: Child, cause: str) -> None:
        loop = asyncio.get_running_loop()
        deaths = self._deaths.setdefault(id(child), deque())
        while True:
            now = loop.time()
            deaths.append(now)
            while deaths[0] < now - self.window:
                deaths.popleft()
            if len(deaths) > self.max_restarts:
                log.error("keeps dying", child=child.en, deaths=len(deaths), cause=cause)
                raise SupervisorError(
                    f"{child.zh}在 {self.window:.0f} 秒内退出 {len(deaths)} 次（{cause}），"
                    f"已全部停止 / the {child.en} exited {len(deaths)} times within "
                    f"{self.window:.0f} s ({cause}): everything stopped"
                )
            attempt = f"{len(deaths)}/{self.max_restarts}"
            self.echo(
                f"{child.zh}已退出（{cause}），正在重启（{attempt}）/ the {child.en} exited "
                f"({cause}), restarting ({attempt})"
            )
            log.warning("restarting", child=child.en, cause=cause, attempt=attempt)
            await asyncio.sleep(self.backoff * (len(deaths) - 1))
            try:
                detail = await child.start()
            except Exception as exc:
                cause = cause_of(exc)
                continue
            self.echo(f"{child.zh}已重启（{detail}）/ the {child.en} restarted ({detail})")
            log.info("restarted", child=child.en, detail=detail)
            return
