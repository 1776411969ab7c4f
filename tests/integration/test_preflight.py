"""A worker checks before it serves, and `zhixing temporal setup` fixes what it finds (issue 13,
item 3), on a real dev server started here without the case search attributes and the real
PostgreSQL: the namespace, the search attributes and their types, the case record's schema.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import subprocess
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio
from google.protobuf.duration_pb2 import Duration
from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import AddSearchAttributesRequest
from temporalio.api.workflowservice.v1 import RegisterNamespaceRequest

from domain.calendar import local_date
from runtime.client import connect, snapshot, start_case
from runtime.search_attributes import ALL, NEXT_DEADLINE
from runtime.settings import Settings
from tests.integration.command import ZHIXING, process_env, zhixing
from tests.store.conftest import database_url, fresh_database
from tests.workflow.helpers import filing
from workers.devserver import DevServer
from workers.temporal_setup import registered_search_attributes

pytestmark = pytest.mark.integration

QUEUE = "preflight"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def bare_temporal() -> AsyncIterator[DevServer]:
    """A dev server with no custom search attribute: a namespace nobody has set up."""
    server = DevServer.ephemeral(persistent=False)
    server.search_attributes = ()
    async with server:
        yield server


def environment(server: DevServer, namespace: str, database: str, data_dir: Path) -> dict[str, str]:
    settings = Settings(
        temporal_address=server.target,
        temporal_namespace=namespace,
        database_url=database,
        data_dir=data_dir,
        task_queue=QUEUE,
        simulator_task_queue=f"{QUEUE}-sim",
        adapters="manual",
    )
    return process_env(settings, ZHIXING_LOG_LEVEL="WARNING")


async def serves(server: DevServer, env: dict[str, str]) -> None:
    """A case filed on the worker's queue is answered (its snapshot query)."""
    settings = Settings(
        temporal_namespace=env["ZHIXING_TEMPORAL_NAMESPACE"],
        task_queue=QUEUE,
        payload_key_file=env["ZHIXING_PAYLOAD_KEY_FILE"],  # the worker process's key
    )
    client = await connect(settings, address=server.target)
    case = filing(local_date(datetime.now(UTC)), case_number="(2026)京0105执91001号")
    await start_case(client, settings, case)
    async with asyncio.timeout(60):
        while True:
            with contextlib.suppress(Exception):
                answer = await asyncio.wait_for(snapshot(client, case.case_number), 5)
                assert answer.case_number == case.case_number
                break
            await asyncio.sleep(0.2)
    await client.get_workflow_handle(f"case/{case.case_number}").terminate("test over")


async def test_a_worker_refuses_a_namespace_without_the_search_attributes_until_set_up(
    bare_temporal: DevServer, postgres_url: str, tmp_path: Path
) -> None:
    env = environment(bare_temporal, "default", await fresh_database(postgres_url), tmp_path)

    code, _, err = await zhixing("worker", env=env)
    assert code == 1, err
    assert "缺少搜索属性" in err and "lacks search attributes" in err
    assert "ZhixingNextDeadline (Datetime)" in err
    assert "fix: zhixing temporal setup" in err
    assert "migrate" not in err  # the database is fine

    code, out, err = await zhixing("temporal", "setup", env=env)
    assert code == 0, err
    assert "search attributes added: ZhixingCaseNumber" in out
    code, out, err = await zhixing("temporal", "setup", env=env)  # again: nothing to do
    assert code == 0, err
    assert "added" not in out and f"search attributes present: {len(ALL)}" in out
    client = await connect(Settings(), address=bare_temporal.target)
    registered = await registered_search_attributes(client, "default")
    assert {key.name: registered[key.name] for key in ALL} == {
        key.name: int(key.indexed_value_type) for key in ALL
    }

    worker = subprocess.Popen(
        [str(ZHIXING), "worker"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "worker.log").open("wb"),
        start_new_session=True,
    )
    try:
        await serves(bare_temporal, env)
    finally:
        worker.send_signal(signal.SIGTERM)
        status = await asyncio.to_thread(worker.wait, 30)
    assert status == 0, (tmp_path / "worker.log").read_text()


async def test_setup_creates_a_missing_namespace_and_reports_a_conflicting_type(
    bare_temporal: DevServer, postgres_url: str, tmp_path: Path
) -> None:
    database = await fresh_database(postgres_url)
    env = environment(bare_temporal, "made-by-setup", database, tmp_path)
    code, _, err = await zhixing("worker", env=env)
    assert code == 1 and "命名空间 made-by-setup 不存在" in err
    assert "namespace made-by-setup does not exist" in err and "zhixing temporal setup" in err
    code, out, err = await zhixing("temporal", "setup", env=env)
    assert code == 0, err
    assert "namespace made-by-setup: created" in out

    # Someone registered ZhixingNextDeadline as a Keyword in namespace "clash".
    client = await connect(Settings(), address=bare_temporal.target)
    await client.workflow_service.register_namespace(
        RegisterNamespaceRequest(
            namespace="clash", workflow_execution_retention_period=Duration(seconds=86400)
        )
    )
    await client.operator_service.add_search_attributes(
        AddSearchAttributesRequest(
            namespace="clash",
            search_attributes={NEXT_DEADLINE.name: IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD},
        )
    )
    env = environment(bare_temporal, "clash", database, tmp_path)
    for _ in range(2):  # reported each time, nothing changed
        code, _, err = await zhixing("temporal", "setup", env=env)
        assert code == 1
        assert "类型不符" in err and "have another type" in err
        assert "ZhixingNextDeadline (Keyword ≠ Datetime)" in err
        assert "temporal operator search-attribute remove --namespace clash" in err
    assert set(await registered_search_attributes(client, "clash")) == {NEXT_DEADLINE.name}
    code, _, err = await zhixing("worker", env=env)
    assert code == 1 and "ZhixingNextDeadline (Keyword ≠ Datetime)" in err


async def test_a_worker_refuses_an_unmigrated_case_record(
    bare_temporal: DevServer, postgres_url: str, tmp_path: Path
) -> None:
    name = f"unmigrated_{uuid.uuid4().hex[:12]}"
    admin = await asyncpg.connect(postgres_url)
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    url = database_url(postgres_url, name)
    env = environment(bare_temporal, "default", url, tmp_path)
    code, _, err = await zhixing("temporal", "setup", env=env)
    assert code == 0, err

    code, _, err = await zhixing("worker", env=env)
    assert code == 1
    assert "案件库尚未迁移" in err and "the case record is not migrated" in err
    assert "pending: 0001_event_store" in err and "fix: zhixing db migrate" in err
    assert "temporal setup" not in err  # Temporal is fine
    conn = await asyncpg.connect(url)
    try:  # the worker only checked
        assert await conn.fetchval("SELECT to_regclass('schema_migrations')") is None
    finally:
        await conn.close()

    code, out, err = await zhixing("db", "migrate", env=env)
    assert code == 0 and "applied: 0001_event_store" in out, err
