"""Sessions (issue 13, item 11): logging out ends the session on the server whatever the CSRF
token says; the session cookie is Secure when served over TLS (a trusted proxy's
X-Forwarded-Proto counts, nobody else's); a token of any text is compared, never crashed on."""

from __future__ import annotations

import httpx
import pytest

from tests.web.harness import PASSWORD, WebStack, assert_problem, csrf_token, filing, login
from web.auth import CSRF_HEADER, SESSION_COOKIE

pytestmark = pytest.mark.integration


async def _page_login(browser: httpx.AsyncClient, user_id: str) -> str:
    """Log in through the login page; the session cookie."""
    form = await browser.get("/login")
    done = await browser.post(
        "/login",
        data={"user_id": user_id, "password": PASSWORD, "csrf_token": csrf_token(form.text)},
    )
    assert done.status_code == 303, done.text
    cookie = browser.cookies.get(SESSION_COOKIE)
    assert cookie
    return cookie


async def _alive(stack: WebStack, cookie: str) -> bool:
    async with httpx.AsyncClient(base_url=stack.base_url, cookies={SESSION_COOKIE: cookie}) as c:
        return (await c.get("/api/me")).status_code == 200


@pytest.mark.parametrize("token", [None, "forged"])
async def test_logout_ends_the_session_on_the_server_without_a_csrf_token(
    stack: WebStack, token: str | None
) -> None:
    async with httpx.AsyncClient(base_url=stack.base_url) as browser:
        cookie = await _page_login(browser, "t-officer-0105")
        assert await _alive(stack, cookie)
        data = {} if token is None else {"csrf_token": token}
        out = await browser.post("/logout", data=data)
        assert out.status_code == 303 and out.headers["location"] == "/login"
        assert SESSION_COOKIE not in browser.cookies
    assert not await _alive(stack, cookie)  # not only forgotten by the browser: ended


async def test_api_logout_ends_the_session_without_a_csrf_token(stack: WebStack) -> None:
    async with httpx.AsyncClient(base_url=stack.base_url) as http:
        response = await http.post(
            "/api/session", json={"user_id": "t-officer-0105", "password": PASSWORD}
        )
        cookie = response.cookies[SESSION_COOKIE]
        assert (await http.delete("/api/session")).status_code == 204
    assert not await _alive(stack, cookie)


async def test_the_session_cookie_is_secure_over_tls_only(
    stack: WebStack, proxied: WebStack
) -> None:
    def set_cookie(response: httpx.Response) -> str:
        return next(v for v in response.headers.get_list("set-cookie") if SESSION_COOKIE in v)

    login = {"user_id": "t-officer-0105", "password": PASSWORD}
    tls = {"X-Forwarded-Proto": "https"}
    async with httpx.AsyncClient() as http:
        plain = await http.post(f"{stack.base_url}/api/session", json=login)
        assert "secure" not in set_cookie(plain).lower()
        # no proxy is trusted by default: a client's own X-Forwarded-Proto changes nothing
        claimed = await http.post(f"{stack.base_url}/api/session", json=login, headers=tls)
        assert "secure" not in set_cookie(claimed).lower()
        forwarded = await http.post(f"{proxied.base_url}/api/session", json=login, headers=tls)
        cookie = set_cookie(forwarded).lower()
        assert "; secure" in cookie and "httponly" in cookie and "samesite=lax" in cookie


async def test_tokens_of_any_text_are_refused_not_crashed_on(stack: WebStack) -> None:
    """A CSRF token is compared in constant time; one that is not ASCII used to raise (500)."""
    async with login(stack, "t-officer-0105") as officer:
        officer.headers[CSRF_HEADER] = "令牌"  # not ASCII on the wire
        forged = await officer.post("/api/cases", json=filing("京0105", "t-officer-0105"))
        assert assert_problem(forged, 403)["code"] == "auth.csrf"
    async with httpx.AsyncClient(base_url=stack.base_url) as browser:
        await browser.get("/login")  # sets the login form's CSRF cookie
        answer = await browser.post(
            "/login", data={"user_id": "t-officer-0105", "password": "x", "csrf_token": "令牌"}
        )
        assert answer.status_code == 401 and "用户名或密码错误" in answer.text
