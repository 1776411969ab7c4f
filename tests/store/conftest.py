"""Store fixtures: a fresh, migrated database per test on the session's PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import asyncpg
import pytest
import pytest_asyncio

from runtime.settings import Settings
from store.db import create_pool, migrate

pytestmark = pytest.mark.integration


def database_url(server_url: str, name: str) -> str:
    """The server's URL with another database name (keeps ?host=... for unix sockets)."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path="/" + name))


_templates: dict[str, str] = {}


async def fresh_database(server_url: str) -> str:
    """A new database with the migrations applied (copied from a template migrated once)."""
    admin = await asyncpg.connect(server_url)
    try:
        template = _templates.get(server_url)
        if template is None:
            template = f"zhixing_template_{uuid.uuid4().hex[:8]}"
            await admin.execute(f'CREATE DATABASE "{template}"')
            conn = await asyncpg.connect(database_url(server_url, template))
            try:
                await migrate(conn)
            finally:
                await conn.close()
            _templates[server_url] = template
        name = f"t_{uuid.uuid4().hex[:12]}"
        await admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY file_copy')
    finally:
        await admin.close()
    return database_url(server_url, name)


def record_settings(url: str, data_dir: Path, task_queue: str, **more: Any) -> Settings:
    """The settings of workers recording into the database at `url`: manual adapters, the case
    queue `task_queue` and the simulators' `task_queue`-sim, and `more`."""
    return Settings(
        data_dir=data_dir,
        adapters="manual",
        database_url=url,
        task_queue=task_queue,
        simulator_task_queue=f"{task_queue}-sim",
        **more,
    )


async def recorded_settings(
    server_url: str, data_dir: Path, task_queue: str
) -> tuple[str, Settings]:
    """A fresh database and the settings of workers recording into it (`record_settings`)."""
    url = await fresh_database(server_url)
    return url, record_settings(url, data_dir, task_queue)


@pytest_asyncio.fixture(loop_scope="session")
async def store_url(postgres_url: str) -> str:
    return await fresh_database(postgres_url)


@pytest_asyncio.fixture(loop_scope="session")
async def store_pool(store_url: str) -> AsyncIterator[asyncpg.Pool]:
    pool = await create_pool(store_url, max_size=4)
    try:
        yield pool
    finally:
        await pool.close()
