"""Login throttling (issue 13, item 9): failed logins counted per account and per client address
in PostgreSQL, 429 with Retry-After past the limit, a temporary lockout, the audit log."""

from __future__ import annotations

import asyncio
import ipaddress
import uuid

import httpx
import pytest

from tests.web.conftest import PROXIED_LIMITS
from tests.web.harness import PASSWORD, WebStack, assert_problem, csrf_token
from web.auth import upsert_user

pytestmark = pytest.mark.integration


async def _user(stack: WebStack) -> str:
    """An officer of 京0105 of this test alone (the throttle counts per account)."""
    user_id = f"t-throttle-{uuid.uuid4().hex[:12]}"
    await upsert_user(stack.pool, user_id, "测试限流", "officer", "京0105", PASSWORD)
    return user_id


def _address() -> str:
    """A client address of this test alone (2001:db8::/32, for documentation), named through
    the trusted proxy."""
    return str(ipaddress.IPv6Address(0x2001_0DB8 << 96 | uuid.uuid4().int >> 32))


async def _log_in(http: httpx.AsyncClient, user_id: str, password: str) -> httpx.Response:
    return await http.post("/api/session", json={"user_id": user_id, "password": password})


async def _audit(stack: WebStack, user_id: str) -> list[str]:
    rows = await stack.pool.fetch(
        "SELECT event FROM login_audit WHERE user_id = $1 ORDER BY id", user_id
    )
    return [r["event"] for r in rows]


async def test_wrong_passwords_on_one_account_end_in_429_and_a_lockout(stack: WebStack) -> None:
    """The outside tester's run: 30 wrong passwords in a row never saw a 429. With the default
    limits (5 failures in 15 minutes) the fifth failure locks the account."""
    user_id = await _user(stack)
    async with httpx.AsyncClient(base_url=stack.base_url) as http:
        statuses = [(await _log_in(http, user_id, f"wrong-{i}")).status_code for i in range(30)]
        assert statuses[:4] == [401] * 4
        assert set(statuses[4:]) == {429}, statuses
        locked = await _log_in(http, user_id, PASSWORD)  # the right password waits too
        body = assert_problem(locked, 429)
        assert 0 < int(locked.headers["retry-after"]) <= 900
        assert body["code"] == "auth.throttled"
        assert body["retry_after"] == int(locked.headers["retry-after"])
    assert await _audit(stack, user_id) == ["failure"] * 5 + ["lockout"]


async def test_the_lockout_is_temporary_and_a_success_resets_the_account(
    proxied: WebStack,
) -> None:
    user_id = await _user(proxied)
    limit = PROXIED_LIMITS["login_max_failures"]
    async with httpx.AsyncClient(
        base_url=proxied.base_url, headers={"X-Forwarded-For": _address()}
    ) as http:
        # limit - 1 failures, a success, limit - 1 failures again: never locked
        for _ in range(2):
            for _ in range(limit - 1):
                assert (await _log_in(http, user_id, "wrong")).status_code == 401
            assert (await _log_in(http, user_id, PASSWORD)).status_code == 200
        for _ in range(limit - 1):
            assert (await _log_in(http, user_id, "wrong")).status_code == 401
        locked = await _log_in(http, user_id, "wrong")
        assert locked.status_code == 429
        assert 0 < int(locked.headers["retry-after"]) <= PROXIED_LIMITS["login_lockout_seconds"]
        assert (await _log_in(http, user_id, PASSWORD)).status_code == 429
        await asyncio.sleep(int(locked.headers["retry-after"]) + 0.5)
        assert (await _log_in(http, user_id, PASSWORD)).status_code == 200
    events = await _audit(proxied, user_id)
    assert events.count("failure") == 3 * (limit - 1) + 1 and events.count("lockout") == 1


async def test_failures_from_one_address_lock_that_address_only(proxied: WebStack) -> None:
    """Spraying one password over many accounts: the address's limit stops it, while the same
    accounts still log in from elsewhere."""
    per_address = PROXIED_LIMITS["login_max_failures_per_address"]
    users = [await _user(proxied) for _ in range(per_address + 2)]
    attacker, colleague = _address(), _address()
    async with httpx.AsyncClient(
        base_url=proxied.base_url, headers={"X-Forwarded-For": attacker}
    ) as http:
        statuses = [(await _log_in(http, u, "123456")).status_code for u in users]
        assert statuses == [401] * (per_address - 1) + [429] * (len(users) - per_address + 1)
        refused = await _log_in(http, users[0], PASSWORD)
        assert refused.status_code == 429 and int(refused.headers["retry-after"]) > 0
    async with httpx.AsyncClient(
        base_url=proxied.base_url, headers={"X-Forwarded-For": colleague}
    ) as http:
        assert (await _log_in(http, users[0], PASSWORD)).status_code == 200
    rows = await proxied.pool.fetch(
        "SELECT event, user_id FROM login_audit WHERE address = $1 ORDER BY id", attacker
    )
    assert [r["event"] for r in rows] == ["failure"] * per_address + ["lockout"]


async def test_parallel_guesses_get_no_more_tries_than_the_limit(proxied: WebStack) -> None:
    """Each attempt takes its place in the count before the password is checked: a burst of
    concurrent guesses is judged no more often than the limit allows."""
    user_id = await _user(proxied)
    async with httpx.AsyncClient(
        base_url=proxied.base_url, headers={"X-Forwarded-For": _address()}, timeout=60
    ) as http:
        answers = await asyncio.gather(*(_log_in(http, user_id, f"g{i}") for i in range(20)))
    statuses = sorted(a.status_code for a in answers)
    assert statuses.count(401) <= PROXIED_LIMITS["login_max_failures"], statuses
    assert set(statuses) == {401, 429}
    assert (await _audit(proxied, user_id)).count("failure") <= PROXIED_LIMITS["login_max_failures"]


async def test_the_login_page_answers_429_with_retry_after(proxied: WebStack) -> None:
    user_id = await _user(proxied)
    async with httpx.AsyncClient(
        base_url=proxied.base_url, headers={"X-Forwarded-For": _address()}
    ) as browser:
        for attempt in range(PROXIED_LIMITS["login_max_failures"] + 1):
            form = await browser.get("/login")
            answer = await browser.post(
                "/login",
                data={"user_id": user_id, "password": "wrong", "csrf_token": csrf_token(form.text)},
            )
            if attempt < PROXIED_LIMITS["login_max_failures"] - 1:
                assert answer.status_code == 401 and "用户名或密码错误" in answer.text
        assert answer.status_code == 429
        assert int(answer.headers["retry-after"]) > 0
        assert "登录失败次数过多" in answer.text
