"""`zhixing projections rebuild [--verify]`: fold every case's record again, compare.

Each case's events are read from `case_events` in seq order and folded from nothing through
`store.projection.advance` (that is, `domain.fold.fold`) — the code the append uses. A stored
`case_summary` row that differs in any column (or in its folded state), a case with events but
no row, and a row with no events are all disagreements. `--verify` only reports; without it the
rows are rewritten from the rebuild (and the disagreements are still reported).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import asyncpg

from domain.state import CaseState
from store.event_store import event_from_row
from store.projection import (
    COMPARED_COLUMNS,
    SUMMARY_COLUMNS,
    advance,
    summary_row,
    summary_upsert,
)

_WRITE_SUMMARY = summary_upsert(1, only_newer=False)


@dataclass(frozen=True)
class Disagreement:
    case_id: str
    column: str
    stored: Any
    rebuilt: Any

    def __str__(self) -> str:
        return f"{self.case_id}: {self.column} stored={self.stored!r} rebuilt={self.rebuilt!r}"


@dataclass
class RebuildReport:
    cases: int = 0
    events: int = 0
    rewritten: int = 0
    disagreements: list[Disagreement] = field(default_factory=list)

    @property
    def cases_disagreeing(self) -> int:
        return len({d.case_id for d in self.disagreements})


def compare(stored: Any, rebuilt: dict[str, Any]) -> list[tuple[str, Any, Any]]:
    """(column, stored, rebuilt) for each column where a stored row and a rebuild differ."""
    differences = [
        (column, stored[column], rebuilt[column])
        for column in COMPARED_COLUMNS
        if stored[column] != rebuilt[column]
    ]
    # As models: the same instant written with another UTC offset is the same state.
    if CaseState.model_validate_json(stored["state"]) != CaseState.model_validate_json(
        rebuilt["state"]
    ):
        differences.append(("state", "(stored state)", "(rebuilt state)"))
    return differences


async def rebuild(
    conn: asyncpg.Connection, *, verify: bool, batch_events: int = 5000
) -> RebuildReport:
    report = RebuildReport()
    summarized = {r["case_id"] for r in await conn.fetch("SELECT case_id FROM case_summary")}
    seen: set[str] = set()
    async with conn.transaction(isolation="repeatable_read", readonly=verify):
        cursor = conn.cursor(
            "SELECT case_id, seq, type, occurred_at, actor, payload FROM case_events "
            "ORDER BY case_id, seq",
            prefetch=batch_events,
        )
        current: str | None = None
        pending: list[Any] = []
        async for row in cursor:
            if row["case_id"] != current and pending:
                await _one(conn, report, pending, verify)
                pending = []
            current = row["case_id"]
            seen.add(current)
            pending.append(row)
        if pending:
            await _one(conn, report, pending, verify)
    for case_id in sorted(summarized - seen):
        report.disagreements.append(Disagreement(case_id, "(row)", "present", "no events"))
    return report


async def _one(
    conn: asyncpg.Connection, report: RebuildReport, rows: list[Any], verify: bool
) -> None:
    case_id = rows[0]["case_id"]
    events = [event_from_row(r) for r in rows]
    report.cases += 1
    report.events += len(events)
    rebuilt = summary_row(case_id, advance(None, events))
    stored = await conn.fetchrow("SELECT * FROM case_summary WHERE case_id = $1", case_id)
    if stored is None:
        report.disagreements.append(Disagreement(case_id, "(row)", None, "missing"))
        differs = True
    else:
        differences = compare(stored, rebuilt)
        report.disagreements += [Disagreement(case_id, *d) for d in differences]
        differs = bool(differences)
    if differs and not verify:
        await conn.execute(_WRITE_SUMMARY, *(rebuilt[c] for c in SUMMARY_COLUMNS))
        report.rewritten += 1
