"""``zhixing record check [--repair]``: is every open case's record (``case_events``) up with
its workflow?

For each running case (Temporal visibility, optionally a court's subtree) it compares the
workflow's last seq (the ``snapshot`` query) with the record's, and reports each case behind:
by how many events, since when (the first unrecorded event's time), and whether its record is
blocked (the record refused its events: the snapshot's ``record_blocked``). A case behind by
less than the recorder's bound (``BOUND``) is still being recorded; past it, it is a laggard.

``--verify`` also compares, event by event, what the case's run holds with what the record holds
at the same seqs, and reports the first event where they differ (which fields): a case and its
record that disagree about an event (the SDK's replay of an empty task once gave an event
another clock: RELIABILITY.md, `task-clock`) are not behind, and only this finds them. It reads
every held event of every running case, so it is the slower check.

``--repair`` appends a laggard's missing events now, from the workflow's own (the ``events``
query, paged from the record's last seq: the run holds every event not yet recorded), through
the store's append (idempotent; a divergent duplicate or a gap is refused and reported, never
overwritten) — the same path the case's recorder takes, so the projections and the ledger follow.
"""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

import asyncpg
from temporalio.client import Client

from activities.contracts import MAX_BATCH
from domain.events import Event
from runtime import search_attributes as sa
from runtime.client import held_events, snapshot
from store.event_store import StoreError, append, load_events, stored_max_seqs
from workflows.recorder import RECORD_LAG, RECORD_RETRY_MAX

# A record may trail its case by RECORD_LAG when all is well and converges within
# RECORD_RETRY_MAX of PostgreSQL being back: behind for longer, a case is a laggard.
BOUND = RECORD_LAG + RECORD_RETRY_MAX
CONCURRENT_QUERIES = 16


@dataclass
class CaseRecord:
    case_id: str
    workflow_seq: int
    recorded_seq: int
    behind_since: datetime | None = None  # the first unrecorded event's time
    blocked: str | None = None
    repaired: int = 0  # events appended by --repair
    error: str | None = None  # what the record said when --repair appended
    diverged: tuple[int, str, list[str]] | None = None  # --verify: seq, type, differing fields

    @property
    def behind(self) -> int:
        return self.workflow_seq - self.recorded_seq

    def lagging(self, now: datetime) -> bool:
        """Behind for longer than the recorder's bound, blocked, or diverged."""
        if self.blocked is not None or self.diverged is not None:
            return True
        return self.behind_since is not None and now - self.behind_since > BOUND


def still_wrong(records: list[CaseRecord], now: datetime) -> list[CaseRecord]:
    """The cases `zhixing record check` fails on: behind past the bound (or blocked) and not
    brought up by --repair, or disagreeing with their record (which no repair rewrites)."""
    return [
        r for r in records if r.lagging(now) and (r.repaired != r.behind or r.diverged is not None)
    ]


def running_cases_query(courts: Collection[str] | None) -> str:
    """The running cases of `courts` (a subtree of the registry; None: of every court)."""
    return sa.subtree_query(courts, sa.RUNNING)


async def check_records(
    client: Client,
    pool: asyncpg.Pool,
    *,
    query: str | None = None,
    repair: bool = False,
    verify: bool = False,
) -> list[CaseRecord]:
    """Every running case the visibility `query` selects (default: all) whose record is
    behind or blocked (`verify`: or disagrees with the case about an event it holds)."""
    case_ids = [
        execution.id.removeprefix("case/")
        async for execution in client.list_workflows(query or running_cases_query(None))
    ]
    limit = asyncio.Semaphore(CONCURRENT_QUERIES)

    async def workflow_side(case_id: str) -> tuple[int, str | None]:
        async with limit:
            snap = await snapshot(client, case_id)
        return snap.last_seq, snap.record_blocked

    sides = await asyncio.gather(*(workflow_side(c) for c in case_ids))
    stored = await stored_max_seqs(pool, case_ids)
    records = [
        CaseRecord(case_id, last_seq, stored.get(case_id, 0), blocked=blocked)
        for case_id, (last_seq, blocked) in zip(case_ids, sides, strict=True)
    ]
    if verify:

        async def compare(record: CaseRecord) -> None:
            async with limit:
                held = await held_events(client, record.case_id)
            record.diverged = await _first_difference(pool, record.case_id, held)

        await asyncio.gather(*(compare(r) for r in records))
    behind = [
        r
        for r in records
        if r.workflow_seq > r.recorded_seq or r.blocked is not None or r.diverged is not None
    ]
    for record in behind:
        missing = await held_events(client, record.case_id, after=record.recorded_seq)
        if missing:
            record.behind_since = missing[0].occurred_at
        if repair and missing:
            await _append_missing(pool, record, missing)
    return behind


async def _first_difference(
    pool: asyncpg.Pool, case_id: str, held: list[Event]
) -> tuple[int, str, list[str]] | None:
    """The first of the `held` events that the record holds otherwise: its seq, its type and
    the fields that differ; None when the record agrees with every one it holds."""
    if not held:
        return None
    async with pool.acquire() as conn:
        stored = await load_events(conn, case_id, after=held[0].seq - 1, upto=held[-1].seq)
    ours = {e.seq: e for e in held}
    for theirs in stored:
        event = ours.get(theirs.seq)
        if event is not None and event != theirs:
            a, b = event.model_dump(), theirs.model_dump()
            fields = sorted(k for k in a.keys() | b.keys() if a.get(k) != b.get(k))
            return theirs.seq, theirs.type, fields
    return None


async def _append_missing(pool: asyncpg.Pool, record: CaseRecord, missing: list[Event]) -> None:
    async with pool.acquire() as conn:
        for start in range(0, len(missing), MAX_BATCH):
            batch = missing[start : start + MAX_BATCH]
            try:
                result = await append(conn, record.case_id, batch)
            except StoreError as error:
                record.error = f"{error.code}: {error}"
                return
            record.repaired += result.inserted


def describe(record: CaseRecord, now: datetime) -> str:
    since = "—"
    if record.behind_since is not None:
        age = now - record.behind_since
        since = f"{record.behind_since.isoformat()}（{_age(age)}前）"
    line = (
        f"{record.case_id}  流程 #{record.workflow_seq}  记录 #{record.recorded_seq}  "
        f"落后 {record.behind} 个事件，自 {since} / {record.behind} events behind"
    )
    if record.blocked:
        line += f"  记录受阻 / blocked: {record.blocked}"
    if record.repaired:
        line += f"  已补记 / repaired {record.repaired}"
    if record.error:
        line += f"  补记被拒 / refused: {record.error}"
    if record.diverged is not None:
        seq, kind, fields = record.diverged
        line += (
            f"  记录与案件不一致：#{seq} {kind} 的 {'、'.join(fields)} 不同"
            "（须人工核对，不会自动修复）"
            f" / diverged at #{seq} {kind}: {', '.join(fields)} differ (an operator decides)"
        )
    return line


def _age(delta: timedelta) -> str:
    seconds = int(delta.total_seconds())
    if seconds < 120:
        return f"{seconds} 秒"
    if seconds < 7200:
        return f"{seconds // 60} 分钟"
    return f"{seconds // 3600} 小时"
