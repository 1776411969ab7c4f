"""Logging in, throttled (issue 13): failed logins are counted per account and per client address
in PostgreSQL (store/login_throttle.py), so every web process agrees.

- Each attempt takes its place in both counts *before* its password is checked, so a burst of
  concurrent guesses is judged no more often than the limit allows; a success takes its place
  back (and forgets the account's count altogether).
- The failure that reaches a limit within the window (`ZHIXING_LOGIN_MAX_FAILURES` for an
  account, `ZHIXING_LOGIN_MAX_FAILURES_PER_ADDRESS` for an address; `ZHIXING_LOGIN_WINDOW_SECONDS`)
  locks that key for `ZHIXING_LOGIN_LOCKOUT_SECONDS`: until then every attempt on it, the right
  password included, is answered 429 with `Retry-After` without being checked. Then the count
  starts again.
- Failures and lockouts go to the `login_audit` table.

The client address is the connection's, or a trusted proxy's `X-Forwarded-For`
(`ZHIXING_TRUSTED_PROXIES`, web/edge.py). A user id that cannot exist is refused like a wrong
password, without being counted or looked up.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

from fastapi import Request

from store import login_throttle
from store.users import User
from web.auth import authenticate, well_formed_user_id
from web.deps import pool_of, settings_of
from web.problems import Problem


def wrong_credentials() -> Problem:
    return Problem(401, "auth.failed", "用户名或密码错误", "wrong user id or password")


def throttled(locked_until: datetime) -> Problem:
    seconds = max(1, math.ceil((locked_until - datetime.now(UTC)).total_seconds()))
    minutes = math.ceil(seconds / 60)
    return Problem(
        429,
        "auth.throttled",
        f"登录失败次数过多，请 {minutes} 分钟后再试",
        f"too many failed logins: try again in {seconds} s",
        headers={"Retry-After": str(seconds)},
        retry_after=seconds,
    )


async def log_in(request: Request, user_id: str, password: str) -> User:
    """The user, or a Problem: 401 wrong credentials, 429 too many failures (Retry-After)."""
    if not well_formed_user_id(user_id):
        raise wrong_credentials()
    pool, limits = pool_of(request), settings_of(request).web
    address = request.client.host if request.client else "unknown"
    window = timedelta(seconds=limits.login_window_seconds)
    lockout = timedelta(seconds=limits.login_lockout_seconds)
    address_key, account_key = f"address:{address}", f"account:{user_id}"
    keys = {
        address_key: limits.login_max_failures_per_address,
        account_key: limits.login_max_failures,
    }
    counts: dict[str, int] = {}
    for key, limit in keys.items():  # the address first: a locked one leaves accounts alone
        count = await login_throttle.take_attempt(pool, key, window)
        locked_until = count.locked_until
        if locked_until is None and count.failures > limit:  # concurrent attempts past it
            locked_until = await login_throttle.lock(pool, key, lockout, user_id, address)
        if locked_until is not None:
            for taken in counts:  # refused unchecked: no failure on the keys counted so far
                await login_throttle.give_back(pool, taken)
            raise throttled(locked_until)
        counts[key] = count.failures
    user = await authenticate(pool, user_id, password)
    if user is not None:
        await login_throttle.give_back(pool, address_key)
        await login_throttle.forget(pool, account_key, window)
        return user
    await login_throttle.log_failure(pool, user_id, address)
    reached = [key for key, limit in keys.items() if counts[key] >= limit]
    if reached:
        locks = [await login_throttle.lock(pool, k, lockout, user_id, address) for k in reached]
        raise throttled(max(locks))
    raise wrong_credentials()
