"""The HTTP edge (issue 13): unknown routes and unparsable bodies answer the documented body,
oversized bodies 413, every answer carries the security headers. Against the real app."""

from __future__ import annotations

from collections.abc import AsyncIterator
from urllib.parse import quote

import httpx
import pytest

from tests.web.harness import WebStack, assert_problem, filing, login, new_case_number

pytestmark = pytest.mark.integration

MiB = 1024 * 1024


async def test_unknown_routes_and_unparsable_bodies_answer_the_documented_body(
    stack: WebStack,
) -> None:
    async with login(stack, "t-officer-0105") as officer:
        assert assert_problem(await officer.get("/api/no-such-thing"), 404)["code"] == (
            "http.not_found"
        )
        assert assert_problem(await officer.get("/api/docs-assets/nope.js"), 404)
        wrong_method = await officer.put("/api/cases")
        assert assert_problem(wrong_method, 405)["code"] == "http.method_not_allowed"
        assert "POST" in wrong_method.headers["allow"]

        headers = {"Content-Type": "application/json"}
        broken = await officer.post("/api/cases", content=b'{"type": ', headers=headers)
        assert assert_problem(broken, 422)["code"] == "request.malformed"
        latin = b'{"case_number": "\xff"}'
        assert assert_problem(await officer.post("/api/cases", content=latin, headers=headers))
        for body in (b"[]", b"null", b"1e999999"):
            assert assert_problem(await officer.post("/api/cases", content=body, headers=headers))

        # pages keep their HTML error page
        page = await officer.get("/no-such-page")
        assert page.status_code == 404 and page.headers["content-type"].startswith("text/html")


async def test_bodies_over_the_limit_answer_413_before_they_are_read(stack: WebStack) -> None:
    async with login(stack, "t-officer-0105") as officer:
        big = b'{"padding": "' + b"x" * (2 * MiB) + b'"}'
        headers = {"Content-Type": "application/json"}
        declared = await officer.post("/api/cases", content=big, headers=headers)
        assert assert_problem(declared, 413)["code"] == "request.too_large"

        async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: chunked
            for start in range(0, len(big), 64 * 1024):
                yield big[start : start + 64 * 1024]

        streamed = await officer.post("/api/cases", content=chunks(), headers=headers)
        assert "content-length" not in streamed.request.headers
        assert assert_problem(streamed, 413)["code"] == "request.too_large"

        form = await officer.post(
            f"/cases/{quote(new_case_number('京0105'))}/commands/issue_notice",
            data={"note": "x" * (2 * MiB)},
        )
        assert form.status_code == 413

        # a body within the limit still goes through
        ok = await officer.post("/api/cases", json=filing("京0105", "t-officer-0105"))
        assert ok.status_code == 201, ok.text


async def test_every_response_carries_the_security_headers(stack: WebStack) -> None:
    async with httpx.AsyncClient(base_url=stack.base_url) as anonymous:
        for url in ("/login", "/api/me", "/static/app.css", "/api/docs", "/api/nope", "/nope"):
            response = await anonymous.get(url)
            headers = response.headers
            assert headers["x-frame-options"] == "DENY", url
            assert headers["x-content-type-options"] == "nosniff", url
            assert headers["referrer-policy"] == "same-origin", url
            policy = headers["content-security-policy"]
            assert "frame-ancestors 'none'" in policy and "default-src 'self'" in policy, url
            assert "'unsafe-inline'" not in policy and "http" not in policy, url
        docs = await anonymous.get("/api/docs")
        assert "<script>" not in docs.text and "/static/api-docs.js" in docs.text
