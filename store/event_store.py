"""The append-only event store: `case_events`, with `case_summary` and the ledger in the same
transaction.

`append(conn, case_id, events)` is idempotent: rows already stored are skipped
(`INSERT … ON CONFLICT DO NOTHING`) and then compared with what was sent; a stored row that
differs (type, occurred_at, actor or payload) is a `DivergentDuplicate` and the whole append is
rolled back — never a silent skip. A batch that would leave a hole (its first seq beyond the
stored max + 1) is a `SeqGap`. Appends to one case are serialized by a transaction-scoped
advisory lock, so the comparison also sees a concurrent retry's rows.

Four round trips a call, whatever the batch: BEGIN with the lock, one read (stored max seq and
the summary row), one write (events, ledger entries and summary in one statement of
data-modifying CTEs), COMMIT. The store's cost is these round trips (asyncpg's per-statement
work), not the fold: see docs/PERFORMANCE.md.

Reads: `load_events` (the record as domain events), `audit_trail` (a page of it as stored, or
its newest events, for the web's 全程留痕), `stored_max_seqs`.
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import asyncpg
from pydantic import ValidationError

from domain import events as ev
from domain.state import CaseState
from store import ledger
from store.projection import (
    SUMMARY_COLUMNS,
    Projection,
    advance,
    projection_from_row,
    summary_row,
    summary_upsert,
)

_ENVELOPE_FIELDS = ("seq", "type", "occurred_at", "actor")
CASE_LOCK_SPACE = 0x7A68  # first key of pg_advisory_xact_lock(int, int) for per-case appends


def case_lock_key(case_id: str) -> int:
    """The second key of the per-case lock: the case id's CRC-32 as a signed int4 (an integer,
    so BEGIN and the lock go to the server as one simple query, no quoting)."""
    key = zlib.crc32(case_id.encode())
    return key - 2**32 if key >= 2**31 else key


class StoreError(Exception):
    code = "store.error"


class DivergentDuplicate(StoreError):
    code = "store.divergent_duplicate"

    def __init__(self, case_id: str, seqs: list[int]) -> None:
        self.case_id, self.seqs = case_id, seqs
        super().__init__(
            f"案件 {case_id} 的事件 {seqs} 已存在且内容不同 / events {seqs} of case {case_id} "
            "are already stored with different content"
        )


class SeqGap(StoreError):
    code = "store.seq_gap"

    def __init__(self, case_id: str, stored_max: int, first: int) -> None:
        self.case_id, self.stored_max, self.first = case_id, stored_max, first
        super().__init__(
            f"案件 {case_id} 事件序号不连续：已存 {stored_max}，本批始于 {first} / gap in case "
            f"{case_id}: stored up to {stored_max}, batch starts at {first}"
        )


class BadBatch(StoreError):
    code = "store.bad_batch"


@dataclass(frozen=True)
class AppendResult:
    case_id: str
    inserted: int
    duplicates: int
    last_seq: int
    summary_updated: bool
    ledger_entries: int


# ------------------------------------------------------------------------------- (de)serializing
def event_columns(event: ev.Event) -> tuple[int, str, datetime, str, str]:
    """(seq, type, occurred_at, actor JSON, payload JSON) of one event."""
    data = event.model_dump(mode="json")
    for name in _ENVELOPE_FIELDS:
        data.pop(name)
    return (
        event.seq,
        event.type,
        event.occurred_at,
        event.actor.model_dump_json(),
        json.dumps(data, ensure_ascii=False, separators=(",", ":")),
    )


def event_from_row(row: Any) -> ev.Event:
    actor, payload = row["actor"], row["payload"]
    if isinstance(actor, str):
        actor = json.loads(actor)
    if isinstance(payload, str):
        payload = json.loads(payload)
    return ev.EVENT_ADAPTER.validate_python(
        {
            **payload,
            "seq": row["seq"],
            "type": row["type"],
            "occurred_at": row["occurred_at"],
            "actor": actor,
        }
    )


async def load_events(
    conn: asyncpg.Connection, case_id: str, after: int = 0, upto: int | None = None
) -> list[ev.Event]:
    rows = await conn.fetch(
        """SELECT seq, type, occurred_at, actor, payload FROM case_events
           WHERE case_id = $1 AND seq > $2 AND ($3::int IS NULL OR seq <= $3) ORDER BY seq""",
        case_id,
        after,
        upto,
    )
    return [event_from_row(r) for r in rows]


async def audit_trail(
    conn: asyncpg.Connection | asyncpg.Pool,
    case_id: str,
    after: int,
    limit: int,
    *,
    newest_first: bool = False,
) -> list[dict[str, Any]]:
    """A page of a case's record as stored (全程留痕): the events after seq `after`, oldest
    first, at most `limit`, as JSON-ready rows (seq, type, occurred_at, actor, payload);
    `newest_first`: the last `limit` of them, newest first."""
    rows = await conn.fetch(
        f"""SELECT seq, type, occurred_at, actor, payload FROM case_events
           WHERE case_id = $1 AND seq > $2 ORDER BY seq {"DESC" if newest_first else ""}
           LIMIT $3""",
        case_id,
        after,
        limit,
    )
    return [
        {
            "seq": r["seq"],
            "type": r["type"],
            "occurred_at": r["occurred_at"].isoformat(),
            "actor": r["actor"],
            "payload": r["payload"],
        }
        for r in rows
    ]


# -------------------------------------------------------------------------------------- append
_READ = """
SELECT (SELECT coalesce(max(seq), 0) FROM case_events WHERE case_id = $1) AS stored_max,
       s.last_seq, s.state, s.terminated_on, s.termination_qualified
FROM (VALUES (1)) AS one (x) LEFT JOIN case_summary s ON s.case_id = $1
"""


def _write(with_summary: bool) -> str:
    """Insert the events, book the ledger entries and (`with_summary`) upsert the summary, in
    one statement; its rows compare the events that were already stored with those sent."""
    summary = (
        f"summary AS ({summary_upsert(13, only_newer=True)} RETURNING 1)"
        if with_summary
        else "summary AS (SELECT 1 WHERE false)"
    )
    return f"""
WITH input AS (
    SELECT * FROM unnest($2::int[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])
        AS t(seq, type, occurred_at, actor, payload)
), inserted AS (
    INSERT INTO case_events (case_id, seq, type, occurred_at, actor, payload)
    SELECT $1, seq, type, occurred_at, actor::jsonb, payload::jsonb FROM input ORDER BY seq
    ON CONFLICT (case_id, seq) DO NOTHING
    RETURNING seq
), booked AS (
    INSERT INTO ledger_entries
        (case_id, kind, amount_fen, caused_by_seq, idempotency_key, booked_at)
    SELECT * FROM unnest($7::text[], $8::text[], $9::bigint[], $10::int[], $11::text[],
                         $12::timestamptz[])
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING entry_id
), {summary}, counts AS (
    SELECT (SELECT count(*) FROM inserted) AS n_inserted,
           (SELECT count(*) FROM booked) AS n_booked,
           (SELECT count(*) FROM summary) AS n_summary
)
-- The outer query reads the statement's snapshot: it sees only rows stored BEFORE this insert.
SELECT i.seq,
       (e.type, e.occurred_at, e.actor, e.payload)
           IS DISTINCT FROM (i.type, i.occurred_at, i.actor::jsonb, i.payload::jsonb) AS differs,
       c.*
FROM input i JOIN case_events e ON e.case_id = $1 AND e.seq = i.seq, counts c
UNION ALL
SELECT NULL, false, c.* FROM counts c
"""


_WRITE_WITH_SUMMARY = _write(with_summary=True)
_WRITE_EVENTS_ONLY = _write(with_summary=False)


def _check_batch(case_id: str, events: Sequence[ev.Event]) -> None:
    if not events:
        raise BadBatch(f"empty batch for case {case_id}")
    for before, after in zip(events, events[1:], strict=False):
        if after.seq != before.seq + 1:
            raise BadBatch(f"batch for case {case_id} is not contiguous at seq {after.seq}")


async def append(
    conn: asyncpg.Connection, case_id: str, events: Sequence[ev.Event]
) -> AppendResult:
    """Append a contiguous batch; update case_summary and the ledger in the same transaction."""
    _check_batch(case_id, events)
    columns = [event_columns(e) for e in events]
    # BEGIN and the lock in one round trip (integers only); COMMIT or ROLLBACK below.
    await conn.execute(
        f"BEGIN; SELECT pg_advisory_xact_lock({CASE_LOCK_SPACE}, {case_lock_key(case_id)})"
    )
    try:
        row = await conn.fetchrow(_READ, case_id)
        stored_max = int(row["stored_max"])
        if events[0].seq > stored_max + 1:
            raise SeqGap(case_id, stored_max, events[0].seq)
        summary, state = await _project(conn, case_id, events, row)
        entries = [entry for e in events for entry in ledger.entries_for(case_id, e, state)]
        rows = await conn.fetch(
            _WRITE_EVENTS_ONLY if summary is None else _WRITE_WITH_SUMMARY,
            case_id,
            [c[0] for c in columns],
            [c[1] for c in columns],
            [c[2] for c in columns],
            [c[3] for c in columns],
            [c[4] for c in columns],
            *ledger.entry_columns(entries),
            *(() if summary is None else (summary[c] for c in SUMMARY_COLUMNS)),
        )
        divergent = sorted(r["seq"] for r in rows if r["seq"] is not None and r["differs"])
        if divergent:
            raise DivergentDuplicate(case_id, divergent)
        await conn.execute("COMMIT")
    except BaseException:
        if conn.is_in_transaction():
            await conn.execute("ROLLBACK")
        raise
    counts = rows[-1]
    inserted = int(counts["n_inserted"])
    return AppendResult(
        case_id=case_id,
        inserted=inserted,
        duplicates=len(events) - inserted,
        last_seq=max(stored_max, events[-1].seq),
        summary_updated=int(counts["n_summary"]) > 0,
        ledger_entries=int(counts["n_booked"]),
    )


async def _project(
    conn: asyncpg.Connection, case_id: str, events: Sequence[ev.Event], row: Any
) -> tuple[dict[str, Any] | None, CaseState | None]:
    """The case_summary row after `events` (None: the stored one is already past them) and
    the case's current folded state; `row` is the stored summary (columns None: no row yet)."""
    summary_seq = row["last_seq"] if row["last_seq"] is not None else 0
    if events[-1].seq <= summary_seq:  # a late retry: the projection is already past it
        try:
            return None, projection_from_row(row).state
        except ValidationError:
            return None, None
    previous: Projection | None = None
    if row["last_seq"] is not None:
        try:
            previous = projection_from_row(row)
        except ValidationError:
            # The stored state's shape predates the current domain model: fold from the record.
            summary_seq, previous = 0, None
    new = [e for e in events if e.seq > summary_seq]
    if new[0].seq != summary_seq + 1:  # the projection lags the record: fold the stored middle
        new = [*await load_events(conn, case_id, summary_seq, new[0].seq - 1), *new]
    projection = advance(previous, new)
    return summary_row(case_id, projection), projection.state


async def stored_max_seqs(
    conn: asyncpg.Connection | asyncpg.Pool, case_ids: Sequence[str]
) -> dict[str, int]:
    """The last recorded seq of each case that has any (absent: nothing recorded)."""
    rows = await conn.fetch(
        """SELECT case_id, max(seq) AS last_seq FROM case_events
           WHERE case_id = any($1::text[]) GROUP BY case_id""",
        list(case_ids),
    )
    return {r["case_id"]: int(r["last_seq"]) for r in rows}
