"""Users, passwords, sessions and CSRF tokens.

- Users, roles and courts live in PostgreSQL (`users`, migrations/0004_users.sql); passwords are
  argon2id hashes (argon2-cffi).
- A session is a row in `web_sessions`; the browser holds only its id in a cookie signed with
  itsdangerous (secret: `ZHIXING_WEB_SECRET`, else `<data_dir>/web-secret`, made on first use).
- Every form carries the session's CSRF token; JSON calls send it as `X-CSRF-Token`.
- Trusted-header mode (`ZHIXING_TRUSTED_HEADER=X-Remote-User`, off by default): a court's single
  sign-on proxy names the user in that header; the user must exist and be active here. Only turn
  it on behind a proxy that strips the header from clients.

What a user may do is never decided here: that is `domain.policy` (may_read / may_issue).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from itsdangerous import BadSignature, URLSafeTimedSerializer

from domain.commands import Actor

SESSION_COOKIE = "zhixing_session"
SESSION_TTL = timedelta(hours=12)
CSRF_HEADER = "X-CSRF-Token"

_hasher = PasswordHasher()


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


@dataclass(frozen=True)
class Session:
    user: User
    csrf_token: str
    session_id: str | None  # None in trusted-header mode


def load_secret(data_dir: Path) -> str:
    explicit = os.environ.get("ZHIXING_WEB_SECRET")
    if explicit:
        return explicit
    path = Path(data_dir) / "web-secret"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(48))
    return path.read_text().strip()


def hash_password(password: str) -> str:
    return _hasher.hash(password)


async def upsert_user(
    pool: asyncpg.Pool | asyncpg.Connection,
    user_id: str,
    display_name: str,
    role: str,
    court_code: str,
    password: str | None,
) -> None:
    await pool.execute(
        """INSERT INTO users (user_id, display_name, role, court_code, password_hash)
           VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (user_id) DO UPDATE SET display_name = EXCLUDED.display_name,
               role = EXCLUDED.role, court_code = EXCLUDED.court_code,
               password_hash = EXCLUDED.password_hash, active = true""",
        user_id,
        display_name,
        role,
        court_code,
        hash_password(password) if password is not None else None,
    )


def _user(row: asyncpg.Record) -> User:
    return User(row["user_id"], row["display_name"], row["role"], row["court_code"])


async def authenticate(pool: asyncpg.Pool, user_id: str, password: str) -> User | None:
    row = await pool.fetchrow(
        "SELECT * FROM users WHERE user_id = $1 AND active AND password_hash IS NOT NULL",
        user_id,
    )
    if row is None:
        _hasher.hash(password)  # same work whether or not the user exists
        return None
    try:
        _hasher.verify(row["password_hash"], password)
    except (VerificationError, InvalidHashError):
        return None
    if _hasher.check_needs_rehash(row["password_hash"]):
        await pool.execute(
            "UPDATE users SET password_hash = $2 WHERE user_id = $1",
            user_id,
            hash_password(password),
        )
    return _user(row)


async def active_user(pool: asyncpg.Pool, user_id: str) -> User | None:
    row = await pool.fetchrow("SELECT * FROM users WHERE user_id = $1 AND active", user_id)
    return None if row is None else _user(row)


class Sessions:
    def __init__(self, pool: asyncpg.Pool, secret: str, trusted_header: str | None) -> None:
        self.pool = pool
        self.secret = secret
        self.trusted_header = trusted_header
        self._serializer = URLSafeTimedSerializer(secret, salt="zhixing-session")

    async def create(self, user: User) -> tuple[str, str]:
        """A new session: (signed cookie value, csrf token)."""
        session_id = secrets.token_urlsafe(32)
        csrf = secrets.token_urlsafe(32)
        await self.pool.execute(
            """INSERT INTO web_sessions (session_id, user_id, csrf_token, expires_at)
               VALUES ($1, $2, $3, $4)""",
            session_id,
            user.user_id,
            csrf,
            datetime.now(UTC) + SESSION_TTL,
        )
        await self.pool.execute("DELETE FROM web_sessions WHERE expires_at < now()")
        return self._serializer.dumps(session_id), csrf

    async def end(self, cookie: str | None) -> None:
        session_id = self._session_id(cookie)
        if session_id is not None:
            await self.pool.execute("DELETE FROM web_sessions WHERE session_id = $1", session_id)

    def _session_id(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            value = self._serializer.loads(cookie, max_age=int(SESSION_TTL.total_seconds()))
        except BadSignature:
            return None
        return value if isinstance(value, str) else None

    async def resolve(self, cookie: str | None, headers: dict[str, str]) -> Session | None:
        if self.trusted_header:
            remote = headers.get(self.trusted_header.lower())
            if remote:
                user = await active_user(self.pool, remote.strip())
                if user is None:
                    return None
                return Session(user, self._trusted_csrf(user.user_id), None)
        session_id = self._session_id(cookie)
        if session_id is None:
            return None
        row = await self.pool.fetchrow(
            """SELECT u.*, s.csrf_token FROM web_sessions s JOIN users u USING (user_id)
               WHERE s.session_id = $1 AND s.expires_at > now() AND u.active""",
            session_id,
        )
        if row is None:
            return None
        return Session(_user(row), row["csrf_token"], session_id)

    def _trusted_csrf(self, user_id: str) -> str:
        return hmac.new(
            self.secret.encode(), f"csrf:{user_id}".encode(), hashlib.sha256
        ).hexdigest()


def csrf_ok(session: Session, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(session.csrf_token, str(token))
