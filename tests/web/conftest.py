from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from tests.web.harness import WebStack, web_settings, web_stack

pytestmark = pytest.mark.integration


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def stack(
    dev_server: WorkflowEnvironment,
    postgres_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[WebStack]:
    settings = web_settings(tmp_path_factory.mktemp("web-data"))
    async with web_stack(dev_server.client, settings, postgres_url) as running:
        yield running
