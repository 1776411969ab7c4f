"""The API's supervision (督办) reads: the overdue cases and the "3+1" indicators of a court's
subtree (the session's own court by default)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query

from store import queries
from web.access import court_or_own
from web.deps import CourtsDep, PoolDep, SessionDep
from web.exports import CourtAndPeriod

router = APIRouter(prefix="/api", tags=["supervision"])


def row_json(row: queries.CaseRow) -> dict[str, Any]:
    data = dict(row.__dict__)
    if row.next_deadline_at is not None:
        data["next_deadline_at"] = row.next_deadline_at.isoformat()
    return data


@router.get("/supervision/overdue")
async def api_overdue(
    s: SessionDep,
    pool: PoolDep,
    courts: CourtsDep,
    court: str | None = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 100,
) -> dict[str, Any]:
    """Overdue cases of a court's subtree (a supervisor's own court by default)."""
    court = court_or_own(s, court, courts)
    rows = await queries.overdue(pool, court, datetime.now(UTC), limit=limit)
    return {"court": court, "items": [row_json(r) for r in rows]}


@router.get("/indicators")
async def api_indicators(pool: PoolDep, scope: CourtAndPeriod) -> dict[str, Any]:
    """The "3+1" core indicators of a court's subtree for [from, to] (default: this year; days
    within 2000–2099, the engine's horizon)."""
    court, start, end = scope
    result = await queries.indicators(pool, court, start, end)
    fast = await queries.fast_track_figures(pool, court, start, end)
    return {
        "court": court,
        "from": start.isoformat(),
        "to": end.isoformat(),
        "items": [i.as_json() for i in result.items],
        "fast_track": {"cases": fast.cases, "in_time": fast.in_time, "rate": fast.rate},
    }
