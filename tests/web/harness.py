"""The web stack for API and browser tests: the real app served by uvicorn on a free port, on
the session's Temporal dev server (with workers in manual-adapter mode on their own task queues)
and the session's PostgreSQL — nothing mocked."""

from __future__ import annotations

import asyncio
import random
import re
import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import asyncpg
import httpx
import requests
from temporalio.client import Client

from runtime.settings import Settings
from store.db import create_pool, migrate
from web.app import create_app
from web.auth import CSRF_HEADER, upsert_user
from web.labels import today as court_today  # the court's date (Asia/Shanghai)
from web.server import embedded_server, start, stop

PASSWORD = "pw-test-1"
USERS = {
    "t-officer-0105": ("测试承办人", "officer", "京0105"),
    "t-judge-0105": ("测试法官", "judge", "京0105"),
    "t-vp-0105": ("测试副院长", "vice_president", "京0105"),  # migrations/0007_vice_president
    "t-president-0105": ("测试院长", "president", "京0105"),
    "t-officer-0108": ("测试承办人八", "officer", "京0108"),
    "t-officer-0106": ("测试承办人二", "officer", "京0106"),
    "t-sup-01": ("测试督办一中院", "supervisor", "京01"),
    "t-sup-03": ("测试督办三中院", "supervisor", "京03"),
    "t-officer-0208": ("名录外法院的承办人", "officer", "京0208"),  # no such court
    "t-sup-jing": ("测试督办高院", "supervisor", "京"),
}
RUN = random.randint(100_000, 899_999)  # case numbers unique to this run
_seq = iter(range(RUN, RUN + 100_000))


@dataclass
class WebStack:
    base_url: str
    pool: asyncpg.Pool
    client: Client
    settings: Settings


def web_settings(data_dir: Any, name: str = "web") -> Settings:
    """Manual adapters; task queues of its own (one worker per queue and process)."""
    return Settings(
        data_dir=data_dir,
        adapters="manual",
        task_queue=f"{name}-enforcement",
        simulator_task_queue=f"{name}-simulators",
    )


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@asynccontextmanager
async def served(client: Client, settings: Settings, pool: asyncpg.Pool) -> AsyncIterator[WebStack]:
    """The app on `settings`, served by uvicorn on a free port of 127.0.0.1."""
    port = _free_port()
    server = embedded_server(create_app(settings, client=client, pool=pool), "127.0.0.1", port)
    task = await start(server)
    try:
        yield WebStack(f"http://127.0.0.1:{port}", pool, client, settings)
    finally:
        await stop(server, task)


@asynccontextmanager
async def web_stack(client: Client, settings: Settings, db_url: str) -> AsyncIterator[WebStack]:
    from tests.workflow.helpers import running_workers

    pool = await create_pool(db_url, max_size=6)
    async with pool.acquire() as conn:
        await migrate(conn)
    for user_id, (name, role, court) in USERS.items():
        await upsert_user(pool, user_id, name, role, court, PASSWORD)
    try:
        async with running_workers(client, settings), served(client, settings, pool) as stack:
            yield stack
    finally:
        await pool.close()


@asynccontextmanager
async def login(
    stack: WebStack, user_id: str, headers: dict[str, str] | None = None
) -> AsyncIterator[httpx.AsyncClient]:
    """An API client logged in as `user_id`, sending its CSRF token (and `headers`)."""
    async with httpx.AsyncClient(base_url=stack.base_url, timeout=60, headers=headers) as http:
        response = await http.post("/api/session", json={"user_id": user_id, "password": PASSWORD})
        assert response.status_code == 200, response.text
        http.headers[CSRF_HEADER] = response.json()["csrf_token"]
        yield http


def new_case_number(court: str, year: int | None = None) -> str:
    return f"({year or court_today().year}){court}执{next(_seq)}号"


def filing(court: str, officer: str, days_ago: int = 0, **extra: Any) -> dict[str, Any]:
    filed_on = court_today() - timedelta(days=days_ago)
    return {
        "type": "file_case",
        "case_number": new_case_number(court, filed_on.year),
        "court_code": court,
        "filed_on": filed_on.isoformat(),
        "basis": {"kind": "judgment", "document_no": f"(2025){court}民初1号"},
        "applicants": [{"party_id": "A1", "name": "张三", "kind": "person"}],
        "respondents": [{"party_id": "R1", "name": "北京某某科技有限公司", "kind": "company"}],
        "principal_fen": 100_000_000,
        "officer_id": officer,
        **extra,
    }


async def file_case(http: httpx.AsyncClient, body: dict[str, Any]) -> dict[str, Any]:
    response = await http.post("/api/cases", json=body)
    assert response.status_code == 201, response.text
    snapshot: dict[str, Any] = response.json()
    return snapshot


async def act(http: httpx.AsyncClient, number: str, command: dict[str, Any]) -> dict[str, Any]:
    response = await http.post(f"/api/cases/{number}/commands", json={"command": command})
    assert response.status_code == 200, response.text
    snapshot: dict[str, Any] = response.json()
    return snapshot


def csrf_token(html: str) -> str:
    """The CSRF token of a page's form (the login page's, a case page's)."""
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match is not None
    return match.group(1)


async def recorded(pool: asyncpg.Pool, number: str, seq: int, timeout: float = 20.0) -> None:
    """Wait until the case record (case_events + case_summary) has reached `seq`."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        stored = await pool.fetchval("SELECT last_seq FROM case_summary WHERE case_id = $1", number)
        if stored is not None and stored >= seq:
            return
        if loop.time() > deadline:
            raise AssertionError(f"{number} not recorded up to {seq} (at {stored})")
        await asyncio.sleep(0.1)


def problem_body(response: httpx.Response | requests.Response) -> dict[str, Any] | None:
    """The documented error body {code, zh, en} (each a non-empty string) of `response`; None
    when its body is not one."""
    try:
        body = response.json()
    except ValueError:  # not JSON
        return None
    if isinstance(body, dict) and all(
        isinstance(body.get(k), str) and body[k] for k in ("code", "zh", "en")
    ):
        return body
    return None


def assert_problem(response: httpx.Response, status: int | None = None) -> dict[str, Any]:
    """A 4xx answered with the documented body {code, zh, en} (and no stack trace)."""
    assert 400 <= response.status_code < 500, (response.request.url, response.text[:300])
    if status is not None:
        assert response.status_code == status, (response.request.url, response.text[:300])
    assert response.headers["content-type"].startswith("application/json")
    body = problem_body(response)
    assert body is not None, (response.request.url, response.text[:300])
    assert "Traceback" not in response.text
    return body
