from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from runtime.settings import WebSettings
from tests.web.harness import WebStack, served, web_settings, web_stack

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


# The login limits of `proxied`: low, and a lockout short enough to wait out.
PROXIED_LIMITS = {
    "login_max_failures": 3,
    "login_max_failures_per_address": 8,
    "login_window_seconds": 600,
    "login_lockout_seconds": 3,
}


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def proxied(stack: WebStack) -> AsyncIterator[WebStack]:
    """The same app on the same engine and database, behind a trusted proxy (127.0.0.1: the
    tests themselves), so each test names its client address in `X-Forwarded-For`, with low
    login limits."""
    web = WebSettings(trusted_proxies=("127.0.0.1",), **PROXIED_LIMITS)
    settings = stack.settings.model_copy(update={"web": web})
    async with served(stack.client, settings, stack.pool) as running:
        yield running
