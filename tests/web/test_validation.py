"""Validation at the edge (issue 13, item 8): inputs that answered 500 (found by an outside
tester's OpenAPI fuzzer) answer 422 with the documented body, and text the case record cannot
hold is refused before the engine accepts it. Against the real app, dev server and PostgreSQL."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.web.harness import WebStack, assert_problem, file_case, filing, login

pytestmark = pytest.mark.integration


async def test_the_fuzzers_500s_answer_4xx_with_the_documented_body(stack: WebStack) -> None:
    """Issue 13, item 8: each of these answered 500."""
    async with login(stack, "t-officer-0105") as officer:
        number = (await file_case(officer, filing("京0105", "t-officer-0105")))["case_number"]
    async with login(stack, "t-sup-jing") as supervisor:
        for after in (2**31, 10**30):
            response = await supervisor.get(f"/api/cases/{quote(number)}/events?after={after}")
            assert assert_problem(response, 422)["code"] == "request.malformed"
        response = await supervisor.get(f"/api/cases/{quote(number)}/events?after={2**31 - 1}")
        assert response.status_code == 200 and response.json()["items"] == []

        ancient = await supervisor.get(
            "/api/indicators", params={"court": "京", "from": "0001-01-01", "to": "0001-01-02"}
        )
        assert assert_problem(ancient, 422)["code"] == "request.malformed"

        for url in ("/api/supervision/overdue?court=京%00", "/api/indicators?court=京%00"):
            assert assert_problem(await supervisor.get(url), 422)["code"] == "court.malformed"
        page = await supervisor.get("/supervision?court=京%00")
        assert page.status_code == 422 and "court.malformed" in page.text
        assert page.headers["content-type"].startswith("text/html")


async def test_text_the_record_cannot_hold_is_refused_at_the_door(stack: WebStack) -> None:
    """PostgreSQL text takes no U+0000: the engine accepted such a command, and the case record
    stayed behind it for good (recorded_seq < last_seq). Refused as malformed, by the domain's
    own types, whatever the door."""
    async with login(stack, "t-officer-0105") as officer:
        filed = await file_case(officer, filing("京0105", "t-officer-0105"))
        number = filed["case_number"]
        lead = {"type": "register_property_lead", "lead_id": "L-1", "description": "存款\x00"}
        response = await officer.post(
            f"/api/cases/{quote(number)}/commands", json={"command": lead}
        )
        assert "NUL" in str(assert_problem(response, 422))
        request_id = {"request_id": "r\x00", "command": {**lead, "description": "存款"}}
        response = await officer.post(f"/api/cases/{quote(number)}/commands", json=request_id)
        assert "NUL" in str(assert_problem(response, 422))
        assert (await officer.get(f"/api/cases/{quote(number)}")).json()["last_seq"] == filed[
            "last_seq"
        ]

        body = filing("京0105", "t-officer-0105")
        body["applicants"][0]["name"] = "张\x00三"
        response = await officer.post("/api/cases", json=body)
        assert "NUL" in str(assert_problem(response, 422))
        assert (await officer.get(f"/api/cases/{quote(body['case_number'])}")).status_code == 404
