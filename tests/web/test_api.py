"""The JSON API against the real app, dev server and PostgreSQL: statuses, roles, idempotency."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date, timedelta
from urllib.parse import quote

import httpx
import pytest

from domain.commands import FastTrackRule
from store.courts import set_fast_track_rule
from tests.web.harness import (
    PASSWORD,
    WebStack,
    assert_problem,
    file_case,
    filing,
    login,
    new_case_number,
    recorded,
)
from web.auth import upsert_user

pytestmark = pytest.mark.integration


async def test_login_is_required_and_csrf_guards_writes(stack: WebStack) -> None:
    async with httpx.AsyncClient(base_url=stack.base_url) as anonymous:
        response = await anonymous.get(f"/api/cases/{new_case_number('京0105')}")
        assert response.status_code == 401
        assert response.json()["code"] == "auth.required"
        bad = await anonymous.post(
            "/api/session", json={"user_id": "t-officer-0105", "password": "wrong"}
        )
        assert bad.status_code == 401
    async with login(stack, "t-officer-0105") as officer:
        del officer.headers["X-CSRF-Token"]
        response = await officer.post("/api/cases", json=filing("京0105", "t-officer-0105"))
        assert response.status_code == 403
        assert response.json()["code"] == "auth.csrf"


async def test_file_and_read_a_case_by_its_chinese_number(stack: WebStack) -> None:
    async with login(stack, "t-officer-0105") as officer:
        body = filing("京0105", "t-officer-0105")
        number = body["case_number"]
        snapshot = await file_case(officer, body)
        assert snapshot["case_number"] == number and snapshot["court_code"] == "京0105"

        full_width = number.replace("(", "（").replace(")", "）")
        for path in (number, quote(number, safe=""), quote(full_width, safe="")):
            response = await officer.get(f"/api/cases/{path}")
            assert response.status_code == 200, (path, response.text)
            assert response.json()["case_number"] == number

        again = await officer.post("/api/cases", json=body)
        assert again.status_code == 409
        assert again.json()["code"] == "case.already_filed"

        missing = await officer.get(f"/api/cases/{quote(new_case_number('京0105'))}")
        assert missing.status_code == 404
        assert missing.json()["code"] == "case.not_found"
        malformed = await officer.get("/api/cases/not-a-case-number")
        assert malformed.status_code == 422


async def test_command_statuses(stack: WebStack) -> None:
    async with login(stack, "t-officer-0105") as officer:
        number = (await file_case(officer, filing("京0105", "t-officer-0105")))["case_number"]
        url = f"/api/cases/{number}/commands"

        ok = await officer.post(url, json={"command": {"type": "issue_notice"}})
        assert ok.status_code == 200, ok.text
        assert ok.json()["stage"] == "service"

        refused = await officer.post(
            url,
            json={
                "command": {
                    "type": "freeze_asset",
                    "asset_id": "AS-404",
                    "measure": "freeze",
                    "period_days": 30,
                }
            },
        )
        assert refused.status_code == 409, refused.text
        body = refused.json()
        assert body["code"] == "asset.unknown"
        assert "AS-404" in body["zh"] and "AS-404" in body["en"]

        for malformed in (
            {"command": {"type": "freeze_asset", "asset_id": "AS-1"}},
            {"command": {"type": "no_such_command"}},
            {
                "command": {
                    "type": "freeze_asset",
                    "asset_id": "AS-1",
                    "measure": "freeze",
                    "period_days": -3,
                }
            },
            {},
        ):
            response = await officer.post(url, json=malformed)
            assert response.status_code == 422, (malformed, response.text)

        # 中止执行 is ordered by a judge's ruling: an officer may not
        forbidden = await officer.post(url, json={"command": {"type": "suspend", "reason": "x"}})
        assert forbidden.status_code == 403
        assert forbidden.json()["code"] == "auth.forbidden"

        unknown = await officer.post(
            f"/api/cases/{new_case_number('京0105')}/commands",
            json={"command": {"type": "issue_notice"}},
        )
        assert unknown.status_code == 404

    async with login(stack, "t-judge-0105") as judge:
        suspended = await judge.post(
            url, json={"command": {"type": "suspend", "reason": "被执行人申请破产审查"}}
        )
        assert suspended.status_code == 200, suspended.text
        assert suspended.json()["status"] == "suspended"


async def test_role_matrix(stack: WebStack) -> None:
    """Who reads a case follows the court registry: 京0105 (朝阳) is under 京03, 京0108 (海淀)
    under 京01, 京0106 (丰台) under 京02 (store/data/courts.csv)."""
    numbers = {}
    for court in ("京0105", "京0108", "京0106"):
        async with login(stack, f"t-officer-{court[1:]}") as officer:
            numbers[court] = (await file_case(officer, filing(court, f"t-officer-{court[1:]}")))[
                "case_number"
            ]

    async with login(stack, "t-officer-0105") as officer:
        assert (await officer.get(f"/api/cases/{numbers['京0105']}")).status_code == 200
        assert (await officer.get(f"/api/cases/{numbers['京0108']}")).status_code == 403
        assert (await officer.get(f"/api/cases/{numbers['京0108']}/events")).status_code == 403
        acting = await officer.post(
            f"/api/cases/{numbers['京0108']}/commands", json={"command": {"type": "issue_notice"}}
        )
        assert acting.status_code == 403

    async with login(stack, "t-sup-01") as supervisor:
        assert (await supervisor.get(f"/api/cases/{numbers['京0108']}")).status_code == 200
        assert (await supervisor.get(f"/api/cases/{numbers['京0105']}")).status_code == 403
        assert (await supervisor.get(f"/api/cases/{numbers['京0106']}")).status_code == 403
        urging = await supervisor.post(
            f"/api/cases/{numbers['京0105']}/commands",
            json={"command": {"type": "urge", "message": "请加快"}},
        )
        assert urging.status_code == 403  # 京01 is not above 朝阳
        as_officer = await supervisor.post(
            f"/api/cases/{numbers['京0108']}/commands", json={"command": {"type": "issue_notice"}}
        )
        assert as_officer.status_code == 403
        assert (await supervisor.get("/api/supervision/overdue?court=京02")).status_code == 403

    async with login(stack, "t-sup-03") as supervisor:
        snap = (await supervisor.get(f"/api/cases/{numbers['京0105']}")).json()
        assert snap["court_chain"] == ["京0105", "京03", "京", "最高法"]
        assert (await supervisor.get(f"/api/cases/{numbers['京0108']}")).status_code == 403
        urging = await supervisor.post(
            f"/api/cases/{numbers['京0105']}/commands",
            json={"command": {"type": "urge", "message": "请加快"}},
        )
        assert urging.status_code == 200, urging.text

    async with login(stack, "t-sup-jing") as high:
        for number in numbers.values():
            assert (await high.get(f"/api/cases/{number}")).status_code == 200


async def test_a_filing_for_a_court_the_registry_does_not_hold_is_refused(
    stack: WebStack,
) -> None:
    """京0208 looks like a Beijing court code, but no such court exists: refused, nothing
    started; a known court's case records its chain from the registry."""
    async with login(stack, "t-sup-jing") as high:
        before = (await high.get("/api/supervision/overdue?court=京")).json()["items"]
    body = filing("京0208", "t-officer-0208")
    async with login(stack, "t-officer-0208") as officer:
        refused = await officer.post("/api/cases", json=body)
        assert refused.status_code == 422, refused.text
        assert refused.json()["code"] == "court.unknown"
        assert "不在法院名录中" in refused.json()["zh"]
    async with login(stack, "t-sup-jing") as high:
        refused = await high.post("/api/cases", json=body)
        assert refused.status_code == 403  # a supervisor files nothing
        assert (await high.get("/api/supervision/overdue?court=京0208")).status_code == 404
        assert (await high.get("/api/supervision/overdue?court=京")).json()["items"] == before


async def test_a_repeated_request_id_changes_nothing(stack: WebStack) -> None:
    async with login(stack, "t-officer-0105") as officer:
        number = (await file_case(officer, filing("京0105", "t-officer-0105")))["case_number"]
        request = {
            "request_id": f"web-test-{uuid.uuid4()}",
            "command": {"type": "request_asset_search", "scope": "network"},
        }
        url = f"/api/cases/{number}/commands"
        first = await officer.post(url, json=request)
        assert first.status_code == 200, first.text
        second = await officer.post(url, json=request)
        assert second.status_code == 200, second.text
        # each answers the case's snapshot after it: the same case (only what the workflow knows
        # of the record may have moved on in between)
        record = ("recorded_seq", "record_blocked")
        assert {k: v for k, v in second.json().items() if k not in record} == {
            k: v for k, v in first.json().items() if k not in record
        }
        seq = first.json()["last_seq"]
        now = (await officer.get(f"/api/cases/{number}")).json()
        assert now["last_seq"] == seq
        assert len(now["searches"]) == 1

        await recorded(stack.pool, number, seq)
        await asyncio.sleep(0.3)
        events = (await officer.get(f"/api/cases/{number}/events?limit=500")).json()
        assert [e["seq"] for e in events["items"]] == list(range(1, seq + 1))
        assert sum(e["type"] == "asset_search_requested" for e in events["items"]) == 1

        page = (await officer.get(f"/api/cases/{number}/events?limit=2")).json()
        assert [e["seq"] for e in page["items"]] == [1, 2] and page["next_after"] == 2
        rest = (await officer.get(f"/api/cases/{number}/events?after=2&limit=500")).json()
        assert rest["items"][0]["seq"] == 3 and rest["next_after"] is None


async def test_overdue_and_indicators_follow_the_court_subtree(stack: WebStack) -> None:
    overdue = {}
    for court in ("京0108", "京0106"):
        async with login(stack, f"t-officer-{court[1:]}") as officer:
            snap = await file_case(officer, filing(court, f"t-officer-{court[1:]}", days_ago=40))
            overdue[court] = snap["case_number"]
            await recorded(stack.pool, snap["case_number"], snap["last_seq"])

    async with login(stack, "t-sup-01") as supervisor:
        response = await supervisor.get("/api/supervision/overdue")
        assert response.status_code == 200
        listed = {row["case_number"] for row in response.json()["items"]}
        assert overdue["京0108"] in listed
        assert overdue["京0106"] not in listed

        indicators = await supervisor.get(
            "/api/indicators", params={"court": "京01", "from": "2026-01-01", "to": "2026-12-31"}
        )
        assert indicators.status_code == 200, indicators.text
        targets = {i["key"]: i["target"] for i in indicators.json()["items"]}
        assert sorted(targets.values()) == [0.8, 0.9, 0.9, 0.9]
        reversed_period = await supervisor.get(
            "/api/indicators", params={"from": "2026-12-31", "to": "2026-01-01"}
        )
        assert reversed_period.status_code == 422

    async with login(stack, "t-sup-jing") as high:
        listed = {
            r["case_number"] for r in (await high.get("/api/supervision/overdue")).json()["items"]
        }
        assert {overdue["京0108"], overdue["京0106"]} <= listed

    async with login(stack, "t-officer-0105") as officer:
        assert (await officer.get("/api/supervision/overdue?court=京01")).status_code == 403
        assert (await officer.get("/api/indicators?court=京01")).status_code == 403


async def test_openapi_docs_are_served_by_the_app(stack: WebStack) -> None:
    async with httpx.AsyncClient(base_url=stack.base_url) as http:
        docs = await http.get("/api/docs")
        assert docs.status_code == 200
        assert (
            "cdn" not in docs.text.lower() and "/api/docs-assets/swagger-ui-bundle.js" in docs.text
        )
        assert (await http.get("/api/docs-assets/swagger-ui-bundle.js")).status_code == 200
        schema = (await http.get("/api/openapi.json")).json()
        assert "/api/cases/{case_number}/commands" in schema["paths"]


async def test_a_filing_names_an_officer_and_a_judge_of_its_own_court(stack: WebStack) -> None:
    """Issue 13, item 11: officer_id and judge_id are active users of the filing's court with
    the fitting role."""
    await upsert_user(stack.pool, "t-gone-0105", "测试离职", "officer", "京0105", PASSWORD)
    await stack.pool.execute("UPDATE users SET active = false WHERE user_id = 't-gone-0105'")
    async with login(stack, "t-officer-0105") as officer:
        for extra, code in (
            ({"officer_id": "t-gone-0105"}, "filing.officer_not_of_court"),
            ({"officer_id": "t-officer-0108"}, "filing.officer_not_of_court"),
            ({"officer_id": "t-judge-0105"}, "filing.officer_not_of_court"),
            ({"officer_id": "no-such-user"}, "filing.officer_not_of_court"),
            ({"judge_id": "t-officer-0105"}, "filing.judge_not_of_court"),
            ({"judge_id": "t-sup-jing"}, "filing.judge_not_of_court"),
        ):
            body = {**filing("京0105", "t-officer-0105"), **extra}
            refused = assert_problem(await officer.post("/api/cases", json=body), 422)
            assert refused["code"] == code, (extra, refused)
            unknown = await officer.get(f"/api/cases/{quote(body['case_number'])}")
            assert unknown.status_code == 404  # nothing was filed

        both = filing("京0105", "t-officer-0105", judge_id="t-judge-0105")
        assert (await file_case(officer, both))["judge_id"] == "t-judge-0105"


async def test_a_court_with_a_fast_track_files_its_small_cases_on_it(stack: WebStack) -> None:
    """繁简分流 is the court's own rule (off by default): 京0108 sets one, its small case is on
    the fast track with a target date, a case of 京0106 (no rule) is not; the case page says so
    and the dashboard counts it."""
    await set_fast_track_rule(
        stack.pool, "京0108", FastTrackRule(target_days=30, max_due_fen=2_000_000)
    )
    try:
        async with login(stack, "t-officer-0108") as officer:
            snap = await file_case(
                officer, filing("京0108", "t-officer-0108", principal_fen=900_000)
            )
            filed_on = date.fromisoformat(snap["filed_on"])
            assert snap["fast_track"]["criterion"] == "small_amount"
            target = date.fromisoformat(snap["fast_track"]["target_on"])
            assert filed_on + timedelta(days=30) <= target <= filed_on + timedelta(days=40)
            page = await officer.get(f"/cases/{quote(snap['case_number'])}")
            assert "简案快执" in page.text and "无全国统一期限" in page.text
        async with login(stack, "t-officer-0106") as officer:
            other = await file_case(
                officer, filing("京0106", "t-officer-0106", principal_fen=900_000)
            )
            assert other["fast_track"] is None
    finally:
        await set_fast_track_rule(stack.pool, "京0108", None)
