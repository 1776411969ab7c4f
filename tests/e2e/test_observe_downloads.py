"""A supervisor downloads the overdue list and the indicators from the 督办看板 (issue 16), in
Chromium; the files hold the rows of the query the page shows. The case page links to the case
in the Temporal Web UI."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from store import queries
from tests.e2e.test_browser import _page_as
from tests.web.harness import WebStack, file_case, filing, login, recorded
from web import exports

pytestmark = [pytest.mark.integration, pytest.mark.browser]


async def test_the_dashboards_exports_download(
    browser: Any, e2e_stack: WebStack, tmp_path: Path
) -> None:
    stack = e2e_stack
    async with login(stack, "t-officer-0105") as officer:  # 京0105 is under 京03
        snap = await file_case(officer, filing("京0105", "t-officer-0105", days_ago=40))
        number = snap["case_number"]
        await recorded(stack.pool, number, snap["last_seq"])

    page = await _page_as(browser, stack, "t-sup-03")
    await page.locator("#overdue").wait_for()
    async with page.expect_download() as waiting:
        await page.click("#export-overdue-xlsx")
    download = await waiting.value
    assert download.suggested_filename == "overdue-京03.xlsx"
    saved = tmp_path / download.suggested_filename
    await download.save_as(saved)
    rows = exports.rows_of(saved.read_bytes(), "xlsx")
    assert rows[0] == list(exports.CASE_HEADER)
    expected = await queries.overdue(stack.pool, "京03", datetime.now(UTC), limit=10_000)
    assert [r[0] for r in rows[1:]] == [r.case_number for r in expected]
    assert number in {r[0] for r in rows[1:]}

    async with page.expect_download() as waiting:
        await page.click("#export-indicators-csv")
    indicators = await waiting.value
    text = Path(await indicators.path()).read_bytes().decode("utf-8-sig")
    assert text.startswith(",".join(exports.INDICATOR_HEADER))
    assert "三年内整体结案率" in text

    # the case page: a link to the case's workflow in the Temporal Web UI (the dev server's)
    await page.goto(f"{stack.base_url}/cases/{quote(number)}")
    link = await page.locator("#temporal-ui").get_attribute("href")
    settings = stack.settings
    assert link == (
        f"http://127.0.0.1:{settings.dev_server.ui_port}/namespaces/default/workflows/"
        + quote(f"case/{number}", safe="")
    )
    await page.context.close()
