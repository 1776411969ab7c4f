"""The `login_throttle` and `login_audit` tables (migrations/0005_login_throttle.sql): failed logins
counted per key within a window, the lockouts, and the audit log of both. Every statement is one
atomic step, so the web processes sharing the database count the same attempts. How many, for
how long and what answers a caller gets is web/throttle.py's."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg


@dataclass(frozen=True)
class Count:
    """A key's count of attempts not known to succeed in its window (this one included), or the
    lockout it is under."""

    failures: int
    locked_until: datetime | None


async def take_attempt(
    conn: asyncpg.Connection | asyncpg.Pool, key: str, window: timedelta
) -> Count:
    """Count an attempt on `key` before its password is checked (a new window when the last one
    is over); a locked key counts nothing and tells until when."""
    row = await conn.fetchrow(
        """INSERT INTO login_throttle AS t (key, failures, window_started) VALUES ($1, 1, now())
           ON CONFLICT (key) DO UPDATE SET
               failures = CASE WHEN t.locked_until > now() THEN t.failures
                               WHEN t.window_started <= now() - $2::interval THEN 1
                               ELSE t.failures + 1 END,
               window_started = CASE WHEN t.locked_until > now() THEN t.window_started
                                     WHEN t.window_started <= now() - $2::interval THEN now()
                                     ELSE t.window_started END
           RETURNING failures,
                     CASE WHEN locked_until > now() THEN locked_until END AS locked_until""",
        key,
        window,
    )
    assert row is not None
    return Count(row["failures"], row["locked_until"])


async def lock(
    conn: asyncpg.Connection | asyncpg.Pool,
    key: str,
    lockout: timedelta,
    user_id: str,
    address: str,
) -> datetime:
    """Lock `key` for `lockout` from now (its count starts again), and log the lockout."""
    locked_until: datetime = await conn.fetchval(
        """WITH locked AS (
               UPDATE login_throttle SET locked_until = now() + $2::interval, failures = 0,
                                         window_started = now()
               WHERE key = $1 RETURNING locked_until)
           INSERT INTO login_audit (event, user_id, address, locked_key, locked_until)
           SELECT 'lockout', $3, $4, $1, locked_until FROM locked
           RETURNING locked_until""",
        key,
        lockout,
        user_id,
        address,
    )
    return locked_until


async def log_failure(conn: asyncpg.Connection | asyncpg.Pool, user_id: str, address: str) -> None:
    await conn.execute(
        "INSERT INTO login_audit (event, user_id, address) VALUES ('failure', $1, $2)",
        user_id,
        address,
    )


async def give_back(conn: asyncpg.Connection | asyncpg.Pool, key: str) -> None:
    """Take back an attempt counted on `key` that was not a failure after all (it succeeded, or
    another key refused it before its password was checked)."""
    await conn.execute(
        "UPDATE login_throttle SET failures = greatest(failures - 1, 0) WHERE key = $1", key
    )


async def forget(conn: asyncpg.Connection | asyncpg.Pool, key: str, window: timedelta) -> None:
    """Forget `key`'s count (its login succeeded), and every key whose window and lockout are
    both over."""
    await conn.execute(
        """DELETE FROM login_throttle
           WHERE key = $1 OR (window_started <= now() - $2::interval
                              AND (locked_until IS NULL OR locked_until <= now()))""",
        key,
        window,
    )
