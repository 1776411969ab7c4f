"""The local Temporal: the dev-server fixture and `workers/devserver.py` (restart, cleanup)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import IndexedValueType
from temporalio.api.operatorservice.v1 import ListSearchAttributesRequest
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from runtime.search_attributes import ALL
from runtime.settings import Settings
from workers.devserver import CLI_TYPE_NAMES, DevServer, DevServerError

pytestmark = pytest.mark.integration


async def _custom_search_attributes(client: Client) -> dict[str, int]:
    response = await client.operator_service.list_search_attributes(
        ListSearchAttributesRequest(namespace=client.namespace)
    )
    return dict(response.custom_attributes)


def _expected_search_attributes() -> dict[str, int]:
    return {key.name: int(key.indexed_value_type) for key in ALL}


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


async def test_fixture_registers_the_case_search_attributes(
    dev_server: WorkflowEnvironment,
) -> None:
    registered = await _custom_search_attributes(dev_server.client)
    expected = _expected_search_attributes()
    assert {name: registered.get(name) for name in expected} == expected
    assert IndexedValueType.INDEXED_VALUE_TYPE_DATETIME in registered.values()


def test_command_line_has_database_pragmas_and_search_attributes(tmp_path: Path) -> None:
    server = DevServer(db_path=tmp_path / "t.sqlite", port=17233, ui_port=18233)
    args = server.command()
    assert Path(args[0]).name == "temporal"
    assert args[1:3] == ["server", "start-dev"]
    pairs = list(zip(args, args[1:], strict=False))
    assert ("--db-filename", str(tmp_path / "t.sqlite")) in pairs
    assert ("--sqlite-pragma", "journal_mode=wal") in pairs
    assert ("--sqlite-pragma", "synchronous=normal") in pairs
    assert ("--port", "17233") in pairs and ("--ui-port", "18233") in pairs
    for key in ALL:
        expected = f"{key.name}={CLI_TYPE_NAMES[key.indexed_value_type]}"
        assert ("--search-attribute", expected) in pairs


async def test_restart_with_the_same_database_keeps_a_started_workflow(tmp_path: Path) -> None:
    server = DevServer.ephemeral(tmp_path)
    workflow_id = "case/(2026)京0105执1号"
    try:
        await server.start()
        first_pid = server.pid
        assert first_pid is not None
        client = await Client.connect(server.target)
        # No worker for this type: the execution just has to be stored.
        await client.start_workflow(
            "NoSuchWorkflow", "payload", id=workflow_id, task_queue="nobody-polls-this"
        )
        assert await server.stop() == 0
        assert not _alive(first_pid), "the temporal process outlived stop()"

        await server.start()
        client = await Client.connect(server.target)
        description = await client.get_workflow_handle(workflow_id).describe()
        assert description.status == WorkflowExecutionStatus.RUNNING
        assert description.workflow_type == "NoSuchWorkflow"
        # Registering the attributes again on an existing database is harmless.
        registered = await _custom_search_attributes(client)
        assert set(_expected_search_attributes()) <= set(registered)
    finally:
        await server.stop()
    assert (tmp_path / "temporal.sqlite").is_file()


async def test_a_busy_port_is_refused_not_shared(dev_server: WorkflowEnvironment) -> None:
    host, port = dev_server.client.service_client.config.target_host.rsplit(":", 1)
    server = DevServer(db_path=None, ip=host, port=int(port), ui_port=None)
    with pytest.raises(DevServerError, match="in use"):
        await server.start()
    assert server.pid is None


def test_zhixing_devs_server_leaves_the_search_attributes_to_the_setup(tmp_path: Path) -> None:
    """`zhixing dev` registers them with `zhixing temporal setup`'s code, which also reports one
    of another type (the `--search-attribute` flag keeps such an attribute silently)."""
    server = DevServer.from_settings(Settings(data_dir=tmp_path))
    assert "--search-attribute" not in server.command()
