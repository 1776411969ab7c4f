"""The officer's page and 执行异议 (domain/objections.py): a third party objects to the flat;
the page lists the objection with its state and shows the flat blocked for disposal with the
reason (DOMAIN-2 `objection.third_party.no_disposal`); the auction is no longer offered."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from tests.web.harness import WebStack, act, csrf_token, file_case, filing, login
from tests.web.test_pages import _browser_login
from web.labels import today as court_today

pytestmark = pytest.mark.integration

FLAT = {
    "asset_id": "RE-1",
    "kind": "real_estate",
    "description": "朝阳区某小区3号楼101室",
    "owner_party_id": "R1",
    "value_fen": 80_000_000,
}


async def test_the_page_shows_the_objection_and_the_asset_blocked_for_disposal(
    stack: WebStack,
) -> None:
    today = court_today().isoformat()
    async with login(stack, "t-officer-0105") as api:
        number = (await file_case(api, filing("京0105", "t-officer-0105")))["case_number"]
        await act(api, quote(number), {"type": "record_asset_found", "asset": FLAT})
        await act(
            api,
            quote(number),
            {"type": "freeze_asset", "asset_id": "RE-1", "measure": "seal", "period_days": 1000},
        )
        sealed = await act(
            api,
            quote(number),
            {"type": "confirm_freeze", "asset_id": "RE-1", "effective_on": today},
        )
        assert "start_valuation" in sealed["allowed_commands"]
    case_url = f"/cases/{quote(number)}"

    async with httpx.AsyncClient(base_url=stack.base_url, follow_redirects=True) as browser:
        await _browser_login(browser, "t-officer-0105")
        page = await browser.get(case_url)
        assert 'id="cmd-file_objection"' in page.text and "收到书面异议日期" in page.text
        assert "不得处分" not in page.text
        filed = await browser.post(
            f"{case_url}/commands/file_objection",
            data={
                "csrf_token": csrf_token(page.text),
                "request_id": "r-objection",
                "objection_id": "YY-1",
                "kind": "third_party",
                "objector": "赵六",
                "received_on": today,
                "grounds": "该房屋已由案外人购买并实际占有",
                "asset_id": "RE-1",
            },
        )
        assert filed.status_code == 200, filed.text
        html = filed.text
        assert 'id="objections"' in html and "案外人异议" in html and "待立案" in html
        assert "不得处分" in html and "案外人赵六提出异议（YY-1）" in html
        assert "执行程序解释第15条" in html
        assert 'id="cmd-start_valuation"' not in html  # the flat is the only asset
        assert 'id="cmd-register_objection"' in html
