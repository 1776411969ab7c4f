"""An officer and a supervisor at work, in Chromium; screenshots go to docs/screenshots/."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from tests.web.harness import PASSWORD, WebStack, act, file_case, filing, login, recorded
from web.labels import today as court_today  # the court's date (Asia/Shanghai)

pytestmark = [pytest.mark.integration, pytest.mark.browser]

SHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
VIEWPORT = {"width": 1360, "height": 900}


async def _page_as(browser: Any, stack: WebStack, user_id: str) -> Any:
    context = await browser.new_context(viewport=VIEWPORT, locale="zh-CN")
    page = await context.new_page()
    page.set_default_timeout(20_000)
    await page.goto(stack.base_url + "/login")
    await page.fill("input[name=user_id]", user_id)
    await page.fill("input[name=password]", PASSWORD)
    await page.click("button[type=submit]")
    await page.wait_for_load_state()
    return page


async def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    await page.screenshot(path=str(SHOTS / name), full_page=True)


async def _prepared_case(stack: WebStack) -> str:
    """京0105: a bank deposit found; a flat sealed with a reference price of ¥1,000,000.00."""
    today = court_today().isoformat()
    async with login(stack, "t-officer-0105") as officer:
        number = (await file_case(officer, filing("京0105", "t-officer-0105")))["case_number"]
        for command in (
            {"type": "issue_notice"},
            {
                "type": "record_asset_found",
                "asset": {
                    "asset_id": "AS-1",
                    "kind": "bank_deposit",
                    "description": "基本存款账户 ****6021",
                    "owner_party_id": "R1",
                    "value_fen": 38_000_000,
                    "holder": "中国工商银行北京朝阳支行",
                },
            },
            {
                "type": "record_asset_found",
                "asset": {
                    "asset_id": "AS-2",
                    "kind": "real_estate",
                    "description": "北京市朝阳区某某路8号院2号楼601",
                    "owner_party_id": "R1",
                    "holder": "北京市朝阳区不动产登记中心",
                },
            },
            {"type": "freeze_asset", "asset_id": "AS-2", "measure": "seal", "period_days": 1095},
            {"type": "confirm_freeze", "asset_id": "AS-2", "effective_on": today},
            {"type": "start_valuation", "asset_id": "AS-2", "method": "appraisal"},
        ):
            await act(officer, number, command)
        snap = await act(
            officer,
            number,
            {
                "type": "record_valuation",
                "asset_id": "AS-2",
                "reference_price_fen": 100_000_000,
                "received_on": today,
            },
        )
        await recorded(stack.pool, number, snap["last_seq"])
    return number


async def test_officer_freezes_an_asset_and_is_refused_an_auction_below_the_floor(
    browser: Any, e2e_stack: WebStack
) -> None:
    stack = e2e_stack
    number = await _prepared_case(stack)
    page = await _page_as(browser, stack, "t-officer-0105")
    assert page.url.endswith("/cases")
    await page.wait_for_selector(f"#my-cases >> text={number}")
    await _shot(page, "my-cases.png")

    await page.click(f"#my-cases >> text={number}")
    await page.wait_for_selector("#timeline svg")

    # 冻结 the deposit for a year, then the bank confirms it today
    await page.click("#cmd-freeze_asset summary")
    form = page.locator("#cmd-freeze_asset form")
    await form.locator("input[name=asset_id]").fill("AS-1")
    await form.locator("select[name=measure]").select_option("freeze")
    await form.locator("input[name=period_days]").fill("365")
    await form.locator("input[name=amount_fen]").fill("380000")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("text=已执行：冻结／查封／扣押")

    await page.click("#cmd-confirm_freeze summary")
    form = page.locator("#cmd-confirm_freeze form")
    await form.locator("input[name=asset_id]").fill("AS-1")
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("text=已执行：确认控制措施生效")
    expiry = court_today() + timedelta(days=364)
    timeline = await page.locator("#timeline svg").inner_html()
    assert f"冻结 AS-1 至 {expiry}" in timeline
    assert "今天" in timeline
    await _shot(page, "case.png")

    # 起拍价 ¥600,000 against a reference price of ¥1,000,000: below the 70% floor
    await page.click("#cmd-schedule_auction summary")
    form = page.locator("#cmd-schedule_auction form")
    await form.locator("input[name=asset_id]").fill("AS-2")
    await form.locator("input[name=start_price_fen]").fill("600000")
    await form.locator("input[name=deposit_fen]").fill("60000")
    starts = (court_today() + timedelta(days=45)).isoformat()
    await form.locator("input[name=bidding_starts_on]").fill(starts)
    await form.locator("button[type=submit]").click()
    rejection = page.locator("#cmd-schedule_auction .rejection")
    await rejection.wait_for()
    text = await rejection.inner_text()
    assert "起拍价不得低于参考价的 70%" in text and "auction.below_floor" in text
    # what was typed stays in the form, next to the message
    assert await form.locator("input[name=start_price_fen]").input_value() == "600000"
    await rejection.scroll_into_view_if_needed()
    await _shot(page, "case-rejection.png")

    # the page follows the case by itself: a change made elsewhere shows up without a reload
    async with login(stack, "t-officer-0105") as officer:
        await act(
            officer,
            number,
            {
                "type": "register_property_lead",
                "lead_id": "L-7",
                "description": "申请人提供：被执行人在某某银行另有账户",
            },
        )
    await page.wait_for_selector("#audit >> text=#", timeout=5_000)
    # (a locator, not a JavaScript predicate: the page's CSP allows no eval)
    lead = page.locator("#audit").get_by_text(re.compile("property_lead_registered|线索"))
    await lead.first.wait_for(timeout=20_000)
    await page.context.close()


async def test_supervisor_sees_overdue_cases_of_the_subtree_only(
    browser: Any, e2e_stack: WebStack
) -> None:
    stack = e2e_stack
    numbers = {}
    for court in ("京0105", "京0106"):  # under 京03 and 京02 (the court registry)
        async with login(stack, f"t-officer-{court[1:]}") as officer:
            snap = await file_case(officer, filing(court, f"t-officer-{court[1:]}", days_ago=40))
            numbers[court] = snap["case_number"]
            await recorded(stack.pool, snap["case_number"], snap["last_seq"])

    # the officer of 京0105 has the case open while the supervisor looks at the dashboard
    officer_page = await _page_as(browser, stack, "t-officer-0105")
    await officer_page.goto(f"{stack.base_url}/cases/{quote(numbers['京0105'])}")
    await officer_page.wait_for_selector("#timeline svg")

    page = await _page_as(browser, stack, "t-sup-03")
    assert page.url.endswith("/supervision")
    overdue = page.locator("#overdue")
    await overdue.wait_for()
    row = overdue.locator("tr", has_text=numbers["京0105"])
    assert await row.count() == 1
    assert await page.locator(f"text={numbers['京0106']}").count() == 0
    chart = await page.locator("svg.barchart").inner_html()
    assert "京0105" in chart and "京0106" not in chart
    await _shot(page, "supervision.png")

    # 催办 from the dashboard: the case page opens on the urge form
    await row.locator("text=催办").click()
    await page.wait_for_selector("#cmd-urge[open]")
    assert await page.locator("#cmd-freeze_asset").count() == 0  # no officer's commands
    form = page.locator("#cmd-urge form")
    message = "请于五日内报告未发出执行通知的原因"
    await form.locator("[name=message]").fill(message)
    await form.locator("button[type=submit]").click()
    await page.wait_for_selector("text=已执行：催办")
    # the officer's page shows the urge without a reload (it polls the case's version)
    await officer_page.wait_for_selector(f"#supervision >> text={message}", timeout=20_000)
    await _shot(officer_page, "case-urged.png")
    await officer_page.context.close()
    await page.context.close()


async def test_the_pages_and_the_api_docs_run_under_the_content_security_policy(
    browser: Any, e2e_stack: WebStack
) -> None:
    """Issue 13: every page (and Swagger UI at /api/docs) works with the app's CSP, which
    allows no inline script or style: the browser reports no violation."""
    stack = e2e_stack
    async with login(stack, "t-officer-0105") as officer:
        number = (await file_case(officer, filing("京0105", "t-officer-0105")))["case_number"]
    page = await _page_as(browser, stack, "t-officer-0105")
    await page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation',"
        " e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));"
    )
    refused: list[str] = []
    page.on(
        "console",
        lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None,
    )
    seen = []
    for path, ready in (
        ("/cases", "#my-cases"),
        (f"/cases/{quote(number)}", "#timeline svg"),
        ("/api/docs", ".opblock"),
    ):
        response = await page.goto(stack.base_url + path)
        assert response is not None and "frame-ancestors 'none'" in (
            response.headers.get("content-security-policy") or ""
        )
        await page.wait_for_selector(ready)
        seen += await page.evaluate("window.__csp")
    # Swagger UI: an operation opens and its schema renders (React, no inline script)
    await page.click(".opblock-summary >> nth=0")
    await page.wait_for_selector(".opblock-body")
    seen += await page.evaluate("window.__csp")
    assert seen == [] and refused == [], (seen, refused)
    await page.context.close()
