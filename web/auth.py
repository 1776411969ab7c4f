"""Users, passwords, sessions and CSRF tokens.

- Users, roles and courts live in PostgreSQL (`users`, read and written by store/users.py);
  passwords are argon2id hashes (argon2-cffi), made and checked here.
- A session is a row in `web_sessions`; the browser holds only its id in a cookie signed with
  itsdangerous (secret: `ZHIXING_WEB_SECRET`, else `<data_dir>/web-secret`, made on first use).
- Every form carries the session's CSRF token; JSON calls send it as `X-CSRF-Token`. Logging out
  needs none: it always ends the session on the server (a forged logout could only log a user
  out, and the SameSite=Lax cookie does not ride a cross-site POST anyway).
- The cookie is HttpOnly, SameSite=Lax, and Secure when the request came over TLS (https, or a
  trusted proxy's `X-Forwarded-Proto: https`, web/edge.py).
- Logging in is throttled per account and per client address (web/throttle.py).
- Trusted-header mode (`ZHIXING_TRUSTED_HEADER=X-Remote-User`, off by default): a court's single
  sign-on proxy names the user in that header; the user must exist and be active here. Only turn
  it on behind a proxy that strips the header from clients.

What a user may do is never decided here: that is `domain.policy` (may_read / may_issue).
"""

from __future__ import annotations

import asyncio
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
from fastapi import Request, Response
from itsdangerous import BadSignature, URLSafeTimedSerializer
from pydantic import TypeAdapter, ValidationError

from domain.commands import Identifier
from store import users
from store.users import User

SESSION_COOKIE = "zhixing_session"
SESSION_TTL = timedelta(hours=12)
CSRF_HEADER = "X-CSRF-Token"

_hasher = PasswordHasher()
_user_id = TypeAdapter(Identifier)


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


def well_formed_user_id(user_id: str) -> bool:
    """Whether `user_id` could name a user (the `users` table's own rule)."""
    try:
        _user_id.validate_python(user_id)
    except ValidationError:
        return False
    return True


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
    await users.upsert(
        pool,
        user_id,
        display_name,
        role,
        court_code,
        hash_password(password) if password is not None else None,
    )


def _verify(stored_hash: str | None, password: str) -> bool:
    """argon2 (a few tens of ms: run off the event loop); no hash: the same work, and no."""
    if stored_hash is None:
        _hasher.hash(password)  # same work whether or not the user exists
        return False
    try:
        return _hasher.verify(stored_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def authenticate(pool: asyncpg.Pool, user_id: str, password: str) -> User | None:
    """Throttled callers only: web/throttle.py's `log_in`."""
    found = await users.with_password(pool, user_id)
    verified = await asyncio.to_thread(_verify, None if found is None else found[1], password)
    if found is None or not verified:
        return None
    user, stored_hash = found
    if _hasher.check_needs_rehash(stored_hash):
        await users.set_password_hash(pool, user_id, hash_password(password))
    return user


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
        await users.create_session(
            self.pool, session_id, user.user_id, csrf, datetime.now(UTC) + SESSION_TTL
        )
        return self._serializer.dumps(session_id), csrf

    async def log_out(self, request: Request, response: Response) -> None:
        """End the request's session on the server, whatever else the request carries, and
        clear its cookie."""
        session_id = self._session_id(request.cookies.get(SESSION_COOKIE))
        if session_id is not None:
            await users.end_session(self.pool, session_id)
        response.delete_cookie(SESSION_COOKIE, path="/")

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
            remote = headers.get(self.trusted_header.lower(), "").strip()
            if remote:
                if not well_formed_user_id(remote):
                    return None
                user = await users.active(self.pool, remote)
                if user is None:
                    return None
                return Session(user, self._trusted_csrf(user.user_id), None)
        session_id = self._session_id(cookie)
        if session_id is None:
            return None
        found = await users.session_user(self.pool, session_id)
        if found is None:
            return None
        user, csrf = found
        return Session(user, csrf, session_id)

    def _trusted_csrf(self, user_id: str) -> str:
        return hmac.new(
            self.secret.encode(), f"csrf:{user_id}".encode(), hashlib.sha256
        ).hexdigest()


def same_secret(given: str | None, expected: str) -> bool:
    """A token as sent (any text: a header or a form field) against the one expected, in
    constant time."""
    return bool(given) and hmac.compare_digest(str(given).encode(), expected.encode())


def csrf_ok(session: Session, token: str | None) -> bool:
    return same_secret(token, session.csrf_token)


def over_tls(request: Request) -> bool:
    """Whether the request came over TLS (a trusted proxy's X-Forwarded-Proto counts: web/edge.py),
    so the cookies set in answer are Secure."""
    return request.url.scheme == "https"


def set_session_cookie(request: Request, response: Response, cookie: str) -> None:
    response.set_cookie(
        SESSION_COOKIE,
        cookie,
        max_age=int(SESSION_TTL.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=over_tls(request),
        path="/",
    )
