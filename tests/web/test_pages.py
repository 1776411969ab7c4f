"""The server-rendered pages through plain HTTP: login with CSRF, case page, a form's rejection."""

from __future__ import annotations

from urllib.parse import quote

import httpx
import pytest

from tests.web.harness import PASSWORD, WebStack, csrf_token, file_case, filing, login, recorded

pytestmark = pytest.mark.integration


async def test_login_form_case_page_and_form_rejection(stack: WebStack) -> None:
    async with login(stack, "t-officer-0105") as api:
        filed = await file_case(api, filing("京0105", "t-officer-0105"))
        number = filed["case_number"]
    await recorded(stack.pool, number, filed["last_seq"])  # 我的案件 lists the case record

    async with httpx.AsyncClient(base_url=stack.base_url, follow_redirects=True) as browser:
        assert (await browser.get("/cases")).url.path == "/login"
        form = await browser.get("/login")
        forged = await browser.post(
            "/login", data={"user_id": "t-officer-0105", "password": PASSWORD, "csrf_token": "x"}
        )
        assert forged.status_code == 401
        form = await browser.get("/login")
        mine = await browser.post(
            "/login",
            data={
                "user_id": "t-officer-0105",
                "password": PASSWORD,
                "csrf_token": csrf_token(form.text),
            },
        )
        assert mine.status_code == 200 and mine.url.path == "/cases"
        assert number in mine.text and "我的案件" in mine.text

        page = await browser.get(f"/cases/{quote(number)}")
        assert page.status_code == 200
        assert "时间轴" in page.text and "<svg" in page.text and "cdn" not in page.text.lower()
        assert 'id="cmd-issue_notice"' in page.text
        assert 'id="cmd-suspend"' not in page.text  # a judge's ruling, not the officer's
        token = csrf_token(page.text)

        action = f"/cases/{quote(number)}/commands/freeze_asset"
        refused = await browser.post(
            action,
            data={
                "csrf_token": token,
                "request_id": "r-1",
                "asset_id": "AS-9",
                "measure": "freeze",
                "period_days": "30",
            },
        )
        assert refused.status_code == 409
        assert "财产 AS-9 不存在" in refused.text and "asset.unknown" in refused.text

        bad_money = await browser.post(
            action,
            data={
                "csrf_token": token,
                "asset_id": "AS-9",
                "measure": "freeze",
                "period_days": "30",
                "amount_fen": "1.234",
            },
        )
        assert bad_money.status_code == 422 and "两位小数" in bad_money.text

        no_csrf = await browser.post(f"/cases/{quote(number)}/commands/issue_notice", data={})
        assert no_csrf.status_code == 403

        done = await browser.post(
            f"/cases/{quote(number)}/commands/issue_notice",
            data={"csrf_token": token, "request_id": "r-2", "method": "electronic"},
        )
        assert done.status_code == 200 and "已执行：发出执行通知书及报告财产令" in done.text

        assert (await browser.get("/supervision")).status_code == 403
