from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from runtime.settings import Settings
from tests.workflow.helpers import running_workers


@pytest.fixture(scope="session")
def manual_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        data_dir=tmp_path_factory.mktemp("manual"),
        adapters="manual",
        task_queue="enforcement-manual",
        simulator_task_queue="sim-manual",
    )


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def manual_env(
    time_skipping_env: WorkflowEnvironment, manual_settings: Settings
) -> AsyncIterator[WorkflowEnvironment]:
    """Time-skipping server with workers in manual adapter mode: every answer is a command."""
    await register_search_attributes(time_skipping_env)
    async with running_workers(time_skipping_env.client, manual_settings):
        yield time_skipping_env


async def register_search_attributes(env: WorkflowEnvironment) -> None:
    """The time-skipping server takes custom search attributes through the operator API."""
    from workers.sandbox import register_search_attributes as register

    await register(env.client)


def notifications(settings: Settings) -> list[dict[str, object]]:
    import json

    path = Path(settings.data_dir) / "notifications.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
