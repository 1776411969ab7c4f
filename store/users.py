"""The `users` and `web_sessions` tables (migrations/0004_users.sql): who may log in, with which
password hash, and the server-side sessions of the web UI. Hashing, cookies and CSRF are
web/auth.py's; what a user may do is `domain.policy`'s."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

from domain.commands import Actor


@dataclass(frozen=True)
class User:
    user_id: str
    display_name: str
    role: str
    court_code: str

    @property
    def actor(self) -> Actor:
        return Actor.model_validate(
            {"user_id": self.user_id, "role": self.role, "court_code": self.court_code}
        )


def _user(row: asyncpg.Record) -> User:
    return User(row["user_id"], row["display_name"], row["role"], row["court_code"])


async def upsert(
    conn: asyncpg.Connection | asyncpg.Pool,
    user_id: str,
    display_name: str,
    role: str,
    court_code: str,
    password_hash: str | None,
) -> None:
    """Create or update a user, active (again); no hash: only the trusted header logs them in."""
    await conn.execute(
        """INSERT INTO users (user_id, display_name, role, court_code, password_hash)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name,
               role = EXCLUDED.role, court_code = EXCLUDED.court_code,
               password_hash = EXCLUDED.password_hash, active = true""",
        user_id,
        display_name,
        role,
        court_code,
        password_hash,
    )


async def with_password(
    conn: asyncpg.Connection | asyncpg.Pool, user_id: str
) -> tuple[User, str] | None:
    """An active user who has a password, and its hash."""
    row = await conn.fetchrow(
        "SELECT * FROM users WHERE user_id = $1 AND active AND password_hash IS NOT NULL",
        user_id,
    )
    return None if row is None else (_user(row), row["password_hash"])


async def set_password_hash(
    conn: asyncpg.Connection | asyncpg.Pool, user_id: str, password_hash: str
) -> None:
    await conn.execute(
        "UPDATE users SET password_hash = $2 WHERE user_id = $1", user_id, password_hash
    )


async def active(conn: asyncpg.Connection | asyncpg.Pool, user_id: str) -> User | None:
    row = await conn.fetchrow("SELECT * FROM users WHERE user_id = $1 AND active", user_id)
    return None if row is None else _user(row)


async def create_session(
    conn: asyncpg.Connection | asyncpg.Pool,
    session_id: str,
    user_id: str,
    csrf_token: str,
    expires_at: datetime,
) -> None:
    """A new session; the expired ones go at the same time."""
    await conn.execute(
        """INSERT INTO web_sessions (session_id, user_id, csrf_token, expires_at)
           VALUES ($1, $2, $3, $4)""",
        session_id,
        user_id,
        csrf_token,
        expires_at,
    )
    await conn.execute("DELETE FROM web_sessions WHERE expires_at < now()")


async def end_session(conn: asyncpg.Connection | asyncpg.Pool, session_id: str) -> None:
    await conn.execute("DELETE FROM web_sessions WHERE session_id = $1", session_id)


async def session_user(
    conn: asyncpg.Connection | asyncpg.Pool, session_id: str
) -> tuple[User, str] | None:
    """The user of a live session (not expired, the user still active), and its CSRF token."""
    row = await conn.fetchrow(
        """SELECT u.*, s.csrf_token FROM web_sessions s JOIN users u USING (user_id)
           WHERE s.session_id = $1 AND s.expires_at > now() AND u.active""",
        session_id,
    )
    return None if row is None else (_user(row), row["csrf_token"])
