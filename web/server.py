"""Serving the app: uvicorn inside an existing event loop (`zhixing dev`, tests) or alone."""

from __future__ import annotations

import asyncio
import contextlib
import os
import sys
from collections.abc import Iterator
from typing import Any

import uvicorn
from fastapi import FastAPI
from uvicorn.main import STARTUP_FAILURE

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


def web_address() -> tuple[str, int]:
    """`ZHIXING_WEB_HOST` / `ZHIXING_WEB_PORT`, else 127.0.0.1:8000."""
    host = os.environ.get("ZHIXING_WEB_HOST") or DEFAULT_HOST
    port = int(os.environ.get("ZHIXING_WEB_PORT") or DEFAULT_PORT)
    return host, port


class EmbeddedServer(uvicorn.Server):
    """A uvicorn server that leaves the process's signals to its owner (which sets
    `should_exit`), so it can share a loop with the workers."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def server_config(app: FastAPI, host: str, port: int, **options: Any) -> uvicorn.Config:
    """uvicorn's settings for the app, embedded or alone (`options`: the rest). uvicorn believes
    no proxy header itself: the app's ZHIXING_TRUSTED_PROXIES decide (web/edge.py); and it sends
    no Server header."""
    return uvicorn.Config(
        app, host=host, port=port, proxy_headers=False, server_header=False, **options
    )


def embedded_server(app: FastAPI, host: str, port: int) -> EmbeddedServer:
    """Quiet (warnings only, no access log) in a loop shared with the workers."""
    config = server_config(app, host, port, log_level="warning", lifespan="on", access_log=False)
    return EmbeddedServer(config)


def serve_alone(app: FastAPI, host: str, port: int) -> None:
    """`zhixing web`: serve in this process until SIGINT/SIGTERM, as `uvicorn.run` does (exit
    status 3 when the server did not start)."""
    server = uvicorn.Server(server_config(app, host, port, log_level="info"))
    with contextlib.suppress(KeyboardInterrupt):
        server.run()
    if not server.started:
        sys.exit(STARTUP_FAILURE)


async def _serve(server: EmbeddedServer) -> None:
    """uvicorn ends with `sys.exit` when it cannot start (a port in use): raised in a task, that
    SystemExit would stop the whole event loop (the workers beside it too), so it is an error."""
    try:
        await server.serve()
    except SystemExit as exc:
        config = server.config
        raise RuntimeError(
            f"网页服务未能在 {config.host}:{config.port} 启动 / the web server did not start on "
            f"{config.host}:{config.port} (status {exc.code}; ZHIXING_WEB_PORT chooses the port)"
        ) from None


async def start(server: EmbeddedServer, timeout: float = 30.0) -> asyncio.Task[None]:
    """Serve in the background; returns once the server listens (or raises its error)."""
    task = asyncio.create_task(_serve(server))
    deadline = asyncio.get_running_loop().time() + timeout
    while not server.started:
        if task.done():
            task.result()
            raise RuntimeError("网页服务未能启动 / the web server did not start")
        if asyncio.get_running_loop().time() > deadline:
            server.should_exit = True
            raise RuntimeError("网页服务启动超时 / the web server did not start in time")
        await asyncio.sleep(0.05)
    return task


async def stop(server: EmbeddedServer, task: asyncio.Task[None]) -> None:
    server.should_exit = True
    with contextlib.suppress(asyncio.CancelledError):
        await task
