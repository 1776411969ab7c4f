"""Running the `zhixing` command of this virtualenv as a subprocess, as an operator would."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

import httpx

from runtime.settings import Settings

ZHIXING = Path(sys.executable).parent / "zhixing"


async def zhixing(
    *args: str, env: Mapping[str, str], stdin: str | None = None
) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of `zhixing *args` in `env`."""
    process = await asyncio.create_subprocess_exec(
        str(ZHIXING),
        *args,
        env=dict(env),
        stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate(stdin.encode() if stdin is not None else None)
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


def process_env(settings: Settings, **extra: str) -> dict[str, str]:
    """The environment of a `zhixing` process with the Temporal, task queues, case record, data
    directory and adapters of `settings` (what `load_settings` reads back), and `extra`; the rest
    as in this process (the payload key file tests/conftest.py points processes at)."""
    assert settings.database_url is not None, "a process of its own needs the record's URL"
    return {
        **os.environ,
        "ZHIXING_TEMPORAL_ADDRESS": settings.temporal_address,
        "ZHIXING_TEMPORAL_NAMESPACE": settings.temporal_namespace,
        "ZHIXING_TASK_QUEUE": settings.task_queue,
        "ZHIXING_SIMULATOR_TASK_QUEUE": settings.simulator_task_queue,
        "ZHIXING_DATABASE_URL": settings.database_url,
        "ZHIXING_DATA_DIR": str(settings.data_dir),
        "ZHIXING_ADAPTERS": settings.adapters,
        **extra,
    }


def stop_process(process: subprocess.Popen[bytes], grace: float) -> int:
    """SIGTERM, `grace` seconds to exit, then SIGKILL; the exit status (-N: signal N)."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
    return process.returncode


class WorkerProcess:
    """`zhixing worker` in its own process and session, in `env` (`process_env`), its output
    appended to `log`; it may be killed and started again."""

    def __init__(self, env: Mapping[str, str], log: Path) -> None:
        self.env = dict(env)
        self.log = log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with self.log.open("ab") as out:
            self.process = subprocess.Popen(
                [str(ZHIXING), "worker"],
                env=self.env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(10)

    def stop(self) -> None:
        if self.process is not None:
            stop_process(self.process, 20)

    @property
    def exited(self) -> int | None:
        """The exit status of a worker that has exited (by itself or killed), else None."""
        return None if self.process is None else self.process.poll()

    async def ready(self) -> bool:
        """Its /readyz answers 200: Temporal and the record answer it and its Temporal workers
        poll (the env must set ZHIXING_WORKER_HEALTH_ADDRESS)."""
        address = self.env["ZHIXING_WORKER_HEALTH_ADDRESS"]
        try:
            async with httpx.AsyncClient(timeout=5) as http:
                return (await http.get(f"http://{address}/readyz")).status_code == 200
        except httpx.TransportError:
            return False
