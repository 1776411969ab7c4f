"""The documents (文书) in the record: ``case_writs`` (migrations/0012), one row per writ key.

The writ office stores a document once (``keep``: a retried activity finds the row and
answers with the stored fingerprint, never a second file); the case page lists and serves them
(``writs_of_case``, ``writ_file``).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg

from domain.writs import WritContent


@dataclass(frozen=True)
class StoredWrit:
    writ_key: str
    case_id: str
    kind: str
    title: str
    court_name: str
    content: WritContent
    sha256: str
    size_bytes: int
    created_at: datetime

    @property
    def ref(self) -> str:
        """The key's tail, as the pages address it: '<case>#12/1' → '12-1'."""
        return self.writ_key.rpartition("#")[2].replace("/", "-")


def fingerprint(pdf: bytes) -> str:
    return hashlib.sha256(pdf).hexdigest()


async def keep(
    conn: asyncpg.Connection | asyncpg.Pool,
    writ_key: str,
    case_id: str,
    court_name: str,
    content: WritContent,
    pdf: bytes,
) -> tuple[str, int]:
    """Store the document once per key; its (sha256, size) as stored, this call's or an
    earlier one's."""
    row = await conn.fetchrow(
        """WITH added AS (
               INSERT INTO case_writs
                   (writ_key, case_id, kind, title, court_name, content, pdf, sha256, size_bytes)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
               ON CONFLICT (writ_key) DO NOTHING
               RETURNING sha256, size_bytes)
           SELECT sha256, size_bytes FROM added
           UNION ALL
           SELECT sha256, size_bytes FROM case_writs WHERE writ_key = $1
           LIMIT 1""",
        writ_key,
        case_id,
        content.kind,
        content.title,
        court_name,
        content.model_dump(mode="json"),
        pdf,
        fingerprint(pdf),
        len(pdf),
    )
    assert row is not None
    return str(row["sha256"]), int(row["size_bytes"])


def _stored(row: Any) -> StoredWrit:
    return StoredWrit(
        writ_key=row["writ_key"],
        case_id=row["case_id"],
        kind=row["kind"],
        title=row["title"],
        court_name=row["court_name"],
        content=WritContent.model_validate(row["content"]),
        sha256=row["sha256"],
        size_bytes=row["size_bytes"],
        created_at=row["created_at"],
    )


_COLUMNS = "writ_key, case_id, kind, title, court_name, content, sha256, size_bytes, created_at"


async def writs_of_case(conn: asyncpg.Connection | asyncpg.Pool, case_id: str) -> list[StoredWrit]:
    """A case's documents, in the order its events issued them."""
    rows = await conn.fetch(
        rf"""SELECT {_COLUMNS} FROM case_writs WHERE case_id = $1
            ORDER BY substring(writ_key from '#(\d+)/\d+$')::int,
                     substring(writ_key from '/(\d+)$')::int""",
        case_id,
    )
    return [_stored(r) for r in rows]


async def writ_of_case(
    conn: asyncpg.Connection | asyncpg.Pool, case_id: str, writ_key: str
) -> StoredWrit | None:
    row = await conn.fetchrow(
        f"SELECT {_COLUMNS} FROM case_writs WHERE case_id = $1 AND writ_key = $2",
        case_id,
        writ_key,
    )
    return None if row is None else _stored(row)


async def writ_file(
    conn: asyncpg.Connection | asyncpg.Pool, case_id: str, writ_key: str
) -> bytes | None:
    pdf = await conn.fetchval(
        "SELECT pdf FROM case_writs WHERE case_id = $1 AND writ_key = $2", case_id, writ_key
    )
    return None if pdf is None else bytes(pdf)
