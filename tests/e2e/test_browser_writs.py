"""文书 in Chromium: the officer opens a document's printable preview from the case page
(screenshot docs/screenshots/writ-preview.png) and downloads its PDF, the bytes whose SHA-256
the record keeps; an officer of another court gets neither."""

from __future__ import annotations

import asyncio
import hashlib
import io
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest
from pypdf import PdfReader

from store.writs import StoredWrit, writs_of_case
from tests.web.harness import PASSWORD, WebStack, act, file_case, filing, login

pytestmark = [pytest.mark.integration, pytest.mark.browser]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1100, "height": 1300}


async def _kept(stack: WebStack, number: str, count: int) -> list[StoredWrit]:
    for _ in range(200):
        stored = await writs_of_case(stack.pool, number)
        if len(stored) >= count:
            return stored
        await asyncio.sleep(0.1)
    raise AssertionError(f"{number}: {count} documents expected in the record")


async def test_officer_previews_and_downloads_a_document_from_the_case_page(
    browser: Any, e2e_stack: WebStack
) -> None:
    stack = e2e_stack
    async with login(stack, "t-officer-0105") as officer:
        body = filing("京0105", "t-officer-0105", principal_fen=1_234_567)
        number = (await file_case(officer, body))["case_number"]
        await act(officer, number, {"type": "issue_notice"})
    notice, report = await _kept(stack, number, 2)
    assert (notice.title, report.title) == ("执行通知书", "报告财产令")

    context = await browser.new_context(viewport=VIEWPORT, locale="zh-CN", accept_downloads=True)
    page = await context.new_page()
    page.set_default_timeout(20_000)
    await page.goto(stack.base_url + "/login")
    await page.fill("input[name=user_id]", "t-officer-0105")
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_load_state()
    await page.goto(f"{stack.base_url}/cases/{quote(number)}")
    await page.wait_for_selector("#writs >> text=执行通知书")
    assert notice.sha256[:12] in await page.locator("#writs").inner_text()

    # the PDF, as kept: the same bytes as the record's fingerprint
    async with page.expect_download() as info:
        await page.locator("#writs a.writ-pdf").first.click()
    download = await info.value
    pdf = Path(await download.path()).read_bytes()
    assert hashlib.sha256(pdf).hexdigest() == notice.sha256
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert "执行通知书" in text and number in text
    assert "人民币壹万贰仟叁佰肆拾伍元陆角柒分（¥12,345.67）" in text

    # the printable preview, from the same content
    await page.locator("#writs").get_by_text("预览").first.click()
    await page.wait_for_selector("#writ")
    preview = await page.locator("#writ").inner_text()
    assert "北京市朝阳区人民法院" in preview and "执行通知书" in preview and number in preview
    assert "人民币壹万贰仟叁佰肆拾伍元陆角柒分（¥12,345.67）" in preview
    assert "《中华人民共和国民事诉讼法》第二百五十一条" in preview
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / "writ-preview.png"), full_page=True)
    await context.close()

    # an officer of another court reads neither the preview nor the file
    async with login(stack, "t-officer-0106") as stranger:
        base = f"/cases/{quote(number)}/writs/{notice.ref}"
        for url in (base, base + ".pdf"):
            response = await stranger.get(url)
            assert response.status_code == 403, (url, response.status_code)
