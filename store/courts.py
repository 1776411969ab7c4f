"""The court registry in PostgreSQL (table ``courts``, migrations/0006_courts.sql).

Seeded from ``store/data/courts.csv`` (a copy of the team's registry with a source per row) when
the table is created; ``zhixing courts import FILE.csv`` adds or updates rows from a fuller
national table. An import is one transaction and lands only if the table that results is still
one tree under the Supreme People's Court (``domain.courts.CourtRegistry``).
"""

from __future__ import annotations

import csv
import io
import time
from importlib import resources

import asyncpg
from pydantic import ValidationError

from domain.commands import FastTrackRule
from domain.courts import Court, CourtRegistry

COLUMNS = ("code", "name", "level", "parent_code")


def read_courts_csv(text: str) -> list[Court]:
    """The rows of a courts CSV (header ``code,name,level,parent_code[,source]``); a bad row is
    refused with its line number."""
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in COLUMNS if c not in (reader.fieldnames or ())]
    if missing:
        raise ValueError(f"CSV 缺少列 {missing} / the CSV lacks the columns {missing}")
    courts = []
    for row in reader:
        try:
            courts.append(
                Court(
                    code=row["code"].strip(),
                    name=row["name"].strip(),
                    level=row["level"].strip(),
                    parent_code=row["parent_code"].strip() or None,
                )
            )
        except ValidationError as error:
            problem = error.errors()[0]
            raise ValueError(
                f"第 {reader.line_num} 行无效 / line {reader.line_num} is invalid: "
                f"{'.'.join(map(str, problem['loc']))}: {problem['msg']}"
            ) from None
    return courts


def bundled_courts() -> list[Court]:
    """The courts of ``store/data/courts.csv``."""
    text = resources.files("store").joinpath("data/courts.csv").read_text(encoding="utf-8")
    return read_courts_csv(text)


def bundled_registry() -> CourtRegistry:
    return CourtRegistry(bundled_courts())


async def load_registry(conn: asyncpg.Connection | asyncpg.Pool) -> CourtRegistry:
    rows = await conn.fetch("SELECT code, name, level, parent_code FROM courts")
    return CourtRegistry(Court(**dict(r)) for r in rows)


class RegistryCache:
    """The registry as a long-running process reads it: loaded from the table, read again when
    older than ``ttl`` seconds (an import reaches every process within that time)."""

    def __init__(self, pool: asyncpg.Pool, ttl: float = 60.0) -> None:
        self._pool, self._ttl = pool, ttl
        self._registry: CourtRegistry | None = None
        self._loaded_at = 0.0

    async def get(self) -> CourtRegistry:
        if self._registry is None or time.monotonic() - self._loaded_at > self._ttl:
            self._registry = await load_registry(self._pool)
            self._loaded_at = time.monotonic()
        return self._registry


async def fast_track_rule(
    conn: asyncpg.Connection | asyncpg.Pool, court: str
) -> FastTrackRule | None:
    """The court's 繁简分流 rule (None: the court has none, the default)."""
    row = await conn.fetchrow(
        "SELECT target_days, max_due_fen, deposits_cover FROM fast_track_rules "
        "WHERE court_code = $1",
        court,
    )
    return None if row is None else FastTrackRule(**dict(row))


async def set_fast_track_rule(
    conn: asyncpg.Connection | asyncpg.Pool, court: str, rule: FastTrackRule | None
) -> None:
    """Set (or with None, remove) the court's rule; cases filed from now on take it."""
    if rule is None:
        await conn.execute("DELETE FROM fast_track_rules WHERE court_code = $1", court)
        return
    await conn.execute(
        """INSERT INTO fast_track_rules (court_code, target_days, max_due_fen, deposits_cover)
           VALUES ($1, $2, $3, $4)
           ON CONFLICT (court_code) DO UPDATE SET target_days = excluded.target_days,
               max_due_fen = excluded.max_due_fen, deposits_cover = excluded.deposits_cover,
               updated_at = now()""",
        court,
        rule.target_days,
        rule.max_due_fen,
        rule.deposits_cover,
    )


async def import_courts(conn: asyncpg.Connection, courts: list[Court]) -> CourtRegistry:
    """Add or update ``courts``; the registry as it stands after, or an error and no change."""
    async with conn.transaction():
        await conn.executemany(
            """INSERT INTO courts (code, name, level, parent_code) VALUES ($1, $2, $3, $4)
               ON CONFLICT (code) DO UPDATE SET name = excluded.name, level = excluded.level,
                   parent_code = excluded.parent_code""",
            [(c.code, c.name, c.level, c.parent_code) for c in courts],
        )
        return await load_registry(conn)  # raises (and rolls back) unless still one tree
