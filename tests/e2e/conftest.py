"""Browser tests: Playwright (from PyPI) driving Debian's Chromium, headless.

Nothing downloads a browser: `.ci/run` / `make test` install Debian's `chromium` package when
they run as root. Without it these tests are skipped, loudly, with the reason; under CI=true a
missing browser is a failure, never a skip.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import AsyncIterator
from typing import Any

import pytest
import pytest_asyncio
from temporalio.testing import WorkflowEnvironment

from tests.web.harness import WebStack, web_settings, web_stack

CHROMIUM = os.environ.get("ZHIXING_CHROMIUM") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def _missing() -> str | None:
    if not (os.path.isfile(CHROMIUM) or shutil.which(CHROMIUM)):
        return (
            f"Chromium not found at {CHROMIUM}: browser tests NOT RUN "
            "(as root: apt-get install chromium fonts-noto-cjk; `make test` does it)"
        )
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="session")
def chromium_path() -> str:
    reason = _missing()
    if reason is not None:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI never skips the browser tests: {reason}")
        pytest.skip(reason)
    return CHROMIUM


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser(chromium_path: str) -> AsyncIterator[Any]:
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        launched = await p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        try:
            yield launched
        finally:
            await launched.close()


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def e2e_stack(
    chromium_path: str,
    dev_server: WorkflowEnvironment,
    postgres_url: str,
    tmp_path_factory: pytest.TempPathFactory,
) -> AsyncIterator[WebStack]:
    settings = web_settings(tmp_path_factory.mktemp("e2e-data"), "e2e")
    async with web_stack(dev_server.client, settings, postgres_url) as running:
        yield running
