"""The training sandbox's report in Chromium (its screenshot: docs/screenshots/sandbox-report.png).
A run of its own, a little longer than tests/integration/test_sandbox_run.py's, so the charts
have a shape; the figures themselves are checked there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.store.conftest import fresh_database
from workers.sandbox import SandboxOptions, run_sandbox

pytestmark = [pytest.mark.integration, pytest.mark.browser]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


async def test_sandbox_report_opens_in_the_browser(
    browser: Any, postgres_url: str, tmp_path: Path
) -> None:
    folder = tmp_path / "sandbox"
    options = SandboxOptions(court="京0105", cases=30, days=270, seed=2)
    _, figures = await run_sandbox(folder, options, await fresh_database(postgres_url))
    context = await browser.new_context(viewport={"width": 1100, "height": 900}, locale="zh-CN")
    page = await context.new_page()
    await page.goto((folder / "report.html").as_uri())
    assert await page.title() == "沙盘推演报告 — 京0105"
    assert await page.locator("svg").count() == 3
    # The quarter rows of the 3+1 table, one per quarter of the run.
    assert await page.locator("table tr").count() == 1 + len(figures.quarters)
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / "sandbox-report.png"), full_page=True)
    await context.close()
