"""The server-rendered pages through plain HTTP: login with CSRF, case page, a form's rejection."""

from __future__ import annotations

import re
from urllib.parse import quote

import httpx
import pytest

from domain.deadlines import add_years
from tests.web.harness import PASSWORD, WebStack, csrf_token, file_case, filing, login, recorded
from web.auth import CSRF_HEADER
from web.labels import today as court_today

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

        # 终本 (domain/dormant.py): an obstruction and the applicant heard, shown on the page
        obstruction = await browser.post(
            f"/cases/{quote(number)}/commands/record_obstruction",
            data={
                "csrf_token": token,
                "request_id": "r-3",
                "obstructor": "北京某某科技有限公司",
                "party_id": "R1",
                "description": "转移被查封的车辆",
            },
        )
        assert obstruction.status_code == 200 and "已执行：记录妨害执行行为" in obstruction.text
        assert 'id="termination-file"' in obstruction.text and "尚未处理" in obstruction.text
        assert 'id="cmd-sanction_obstruction"' not in obstruction.text  # the president's
        heard = await browser.post(
            f"/cases/{quote(number)}/commands/hear_applicant",
            data={
                "csrf_token": token,
                "request_id": "r-4",
                "applicant_id": "A1",
                "informed": "执行情况、财产调查、终本的依据和后果",
                "opinion": "同意终本",
            },
        )
        assert heard.status_code == 200 and "告知申请执行人 A1 并听取意见" in heard.text
        assert 'id="cmd-record_applicant_sign_off"' in heard.text

        assert (await browser.get("/supervision")).status_code == 403


async def _browser_login(browser: httpx.AsyncClient, user_id: str) -> str:
    form = await browser.get("/login")
    page = await browser.post(
        "/login",
        data={"user_id": user_id, "password": PASSWORD, "csrf_token": csrf_token(form.text)},
    )
    assert page.status_code == 200, page.text
    return page.text


async def test_a_task_entrusted_to_another_court_is_answered_from_its_page(
    stack: WebStack,
) -> None:
    """事项委托: 京0105 asks 京0108 to freeze a deposit; 京0108's officer sees it under 协助事项 and
    answers; the requesting case holds the freeze as confirmed by 京0108. A court the registry
    does not hold is refused; a third court may not answer."""
    async with login(stack, "t-officer-0105") as api:
        filed = await file_case(api, filing("京0105", "t-officer-0105"))
        number = filed["case_number"]
        url = f"/api/cases/{quote(number)}/commands"
        found = await api.post(
            url,
            json={
                "command": {
                    "type": "record_asset_found",
                    "asset": {
                        "asset_id": "D1",
                        "kind": "bank_deposit",
                        "description": "海淀某银行存款",
                        "owner_party_id": "R1",
                        "value_fen": 30_000_000,
                    },
                }
            },
        )
        assert found.status_code == 200, found.text
        task = {
            "type": "entrust_task",
            "task_id": "T1",
            "helping_court_code": "京0208",
            "kind": "freeze",
            "instructions": "请协助冻结被执行人在海淀的存款",
            "asset_id": "D1",
            "measure": "freeze",
            "period_days": 365,
        }
        unknown = await api.post(url, json={"command": task})
        assert unknown.status_code == 422 and unknown.json()["code"] == "court.unknown"
        entrusted = await api.post(url, json={"command": {**task, "helping_court_code": "京0108"}})
        assert entrusted.status_code == 200, entrusted.text
        snap = entrusted.json()
        assert snap["assets"][0]["control"]["entrusted_to"] == "京0108"
    await recorded(stack.pool, number, snap["last_seq"])

    async with login(stack, "t-officer-0106") as other:  # 丰台: not addressed to it
        assert "协助事项" not in (await other.get("/cases")).text
        token = other.headers[CSRF_HEADER]
        forbidden = await other.post(
            f"/tasks/{quote(number)}/T1",
            data={"csrf_token": token, "outcome": "done", "note": "x"},
        )
        assert forbidden.status_code == 403

    async with httpx.AsyncClient(base_url=stack.base_url, follow_redirects=True) as browser:
        page = await _browser_login(browser, "t-officer-0108")
        assert "协助事项" in page and number in page and "请协助冻结" in page
        token = csrf_token(page)
        action = f"/tasks/{quote(number)}/T1"
        no_date = await browser.post(
            action, data={"csrf_token": token, "outcome": "done", "note": "已冻结"}
        )
        assert no_date.status_code == 422 and "task.done_on" in no_date.text
        today = snap["filed_on"]
        done = await browser.post(
            action,
            data={
                "csrf_token": token,
                "request_id": "answer-1",
                "outcome": "done",
                "note": "已冻结",
                "done_on": today,
                "frozen_fen": "300000",
            },
        )
        assert done.status_code == 200 and "已答复委托事项 T1" in done.text

    async with login(stack, "t-officer-0105") as api:
        after = (await api.get(f"/api/cases/{quote(number)}")).json()
        control = after["assets"][0]["control"]
        assert (control["state"], control["effective_on"]) == ("effective", today)
        events = (await api.get(f"/api/cases/{quote(number)}/events?limit=500")).json()["items"]
        confirmed = [e for e in events if e["type"] == "freeze_confirmed"]
        if confirmed:  # the record may still be catching up; the workflow has it
            assert confirmed[0]["actor"]["court_code"] == "京0108"


async def test_the_credit_measures_through_the_action_panel(stack: WebStack) -> None:
    """The president signs the consumption restriction order and lists the respondent on the
    dishonest-debtor list with its grounds ticked (a checkbox each); the listing shows its
    term; the officer deletes it (失信规定 arts. 1, 2, 10; 限消规定 art. 4)."""
    async with login(stack, "t-officer-0105") as api:
        number = (await file_case(api, filing("京0105", "t-officer-0105")))["case_number"]
    case_url = f"/cases/{quote(number)}"

    async with httpx.AsyncClient(base_url=stack.base_url, follow_redirects=True) as browser:
        await _browser_login(browser, "t-vp-0105")
        page = await browser.get(case_url)
        assert "（副院长）" in page.text and 'id="cmd-extend_time_limit"' in page.text

    async with httpx.AsyncClient(base_url=stack.base_url, follow_redirects=True) as browser:
        await _browser_login(browser, "t-president-0105")
        page = await browser.get(case_url)
        assert 'name="grounds:evasion"' in page.text and "（三）以虚假诉讼" in page.text
        token = csrf_token(page.text)
        action = f"{case_url}/commands/impose_measure"
        signed = await browser.post(
            action,
            data={
                "csrf_token": token,
                "request_id": "r-limit",
                "measure": "consumption_restriction",
                "party_id": "R1",
                "extra_years": "0",
            },
        )
        assert signed.status_code == 200 and "已执行：采取强制措施" in signed.text
        unground = await browser.post(
            action,
            data={"csrf_token": token, "measure": "dishonest_list", "party_id": "R1"},
        )
        assert unground.status_code == 409
        assert "credit.blacklist.grounds_required" in unground.text
        listed = await browser.post(
            action,
            data={
                "csrf_token": token,
                "request_id": "r-list",
                "measure": "dishonest_list",
                "party_id": "R1",
                "grounds:evasion": "on",
                "grounds:property_report": "on",
                "extra_years": "1",
            },
        )
        assert listed.status_code == 200, listed.text
        # several grounds, one year added: three years from today
        until = add_years(court_today(), 3)
        assert f"纳入至 {until}（延长 1 年）" in listed.text
        assert "（三）以虚假诉讼" in listed.text and "（四）违反财产报告制度" in listed.text

    async with httpx.AsyncClient(base_url=stack.base_url, follow_redirects=True) as browser:
        await _browser_login(browser, "t-officer-0105")
        page = await browser.get(case_url)
        [measure_id] = re.findall(r'<option value="(M\d+)">M\d+ R1</option>', page.text)
        deleted = await browser.post(
            f"{case_url}/commands/delete_dishonest_listing",
            data={
                "csrf_token": csrf_token(page.text),
                "request_id": "r-delete",
                "measure_id": measure_id,
                "reason": "applicant_request",
            },
        )
        assert deleted.status_code == 200, deleted.text
        assert f"{court_today()} 已删除（申请执行人申请删除）" in deleted.text
