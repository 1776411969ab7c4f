"""The figures of a training sandbox's report (沙盘推演), read from the case record afterwards.

- Overdue cases and escalation levels over time: each case's events (`case_events`) are folded
  in order with the projection's own reducer (store/projection.py `advance`), and at each sample
  moment the case is read as `case_summary` would have read it then: overdue when it is not
  closed and its earliest open, not paused deadline was due before the moment
  (store/queries.py `overdue`); its level the highest among its open deadlines.
- The "3+1" indicators per calendar quarter of the run (store/queries.py `indicators`).
- The rules breached most: deadlines that reached escalation level 1 (超期), by `rule`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import asyncpg

from domain import events as ev
from domain.calendar import start_of_day
from domain.state import CaseState
from store.event_store import load_events
from store.projection import Projection, advance
from store.queries import Indicators, indicators, subtree_pattern

LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Sample:
    at: datetime
    overdue: int
    by_level: tuple[int, ...]  # cases whose highest open deadline is at level 1, 2, 3 (or more)

    def as_json(self) -> dict[str, Any]:
        return {"at": self.at.isoformat(), "overdue": self.overdue, "by_level": self.by_level}


@dataclass(frozen=True)
class SandboxFigures:
    court: str
    start: date
    end: date
    samples: list[Sample]
    quarters: list[Indicators]
    breached: list[tuple[str, int]]  # (rule, deadlines escalated to level 1), most first
    statuses: dict[str, int] = field(default_factory=dict)  # open cases by status at the end

    def as_json(self) -> dict[str, Any]:
        return {
            "court": self.court,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "samples": [s.as_json() for s in self.samples],
            "quarters": [
                {
                    "start": q.start.isoformat(),
                    "end": q.end.isoformat(),
                    "indicators": [i.as_json() for i in q.items],
                }
                for q in self.quarters
            ],
            "breached": [list(row) for row in self.breached],
            "statuses": self.statuses,
        }


def sample_moments(start: date, end: date, until: datetime, every_days: int = 7) -> list[datetime]:
    """The start of every `every_days`-th day from `start` through `end`, then `until`."""
    moments = []
    day = start
    while day <= end:
        moment = start_of_day(day)
        if moment < until:
            moments.append(moment)
        day += timedelta(days=every_days)
    return [*moments, until]


def overdue_and_level(state: CaseState, at: datetime) -> tuple[bool, int]:
    """Whether the case was overdue at `at`, and its escalation level (store/projection.py)."""
    if state.status == "closed":
        return False, 0
    open_deadlines = state.open_deadlines()
    live = [d.due_at for d in open_deadlines if d.paused_on is None]
    level = max((d.escalation_level for d in open_deadlines), default=0)
    return bool(live) and min(live) < at, level


async def sandbox_figures(
    conn: asyncpg.Connection, court: str, start: date, end: date, until: datetime
) -> SandboxFigures:
    """The report's figures for the cases of `court`'s subtree, filed from `start`; the run's
    last day is `end`, its last moment `until`."""
    moments = sample_moments(start, end, until)
    overdue = [0] * len(moments)
    levels = [[0] * len(LEVELS) for _ in moments]
    breached: Counter[str] = Counter()
    pattern = await subtree_pattern(conn, court)
    case_ids = [
        r["case_id"]
        for r in await conn.fetch(
            "SELECT case_id FROM case_summary WHERE ($1::text IS NULL OR court_path LIKE $1)"
            " ORDER BY case_id",
            pattern,
        )
    ]
    for case_id in case_ids:
        events = await load_events(conn, case_id)
        projection: Projection | None = None
        taken = 0
        for i, moment in enumerate(moments):
            upto = taken
            while upto < len(events) and events[upto].occurred_at < moment:
                upto += 1
            if upto > taken:
                projection = advance(projection, events[taken:upto])
                taken = upto
            if projection is None:
                continue
            late, level = overdue_and_level(projection.state, moment)
            overdue[i] += late
            if level:
                levels[i][min(level, LEVELS[-1]) - 1] += 1
        breached.update(
            e.rule for e in events if isinstance(e, ev.DeadlineEscalated) and e.level == 1
        )
    statuses = {
        r["status"]: r["n"]
        for r in await conn.fetch(
            "SELECT status, count(*) AS n FROM case_summary"
            " WHERE ($1::text IS NULL OR court_path LIKE $1) GROUP BY status ORDER BY status",
            pattern,
        )
    }
    return SandboxFigures(
        court=court,
        start=start,
        end=end,
        samples=[Sample(at, overdue[i], tuple(levels[i])) for i, at in enumerate(moments)],
        quarters=[await indicators(conn, court, a, b) for a, b in quarters(start, end)],
        breached=sorted(breached.items(), key=lambda kv: (-kv[1], kv[0])),
        statuses=statuses,
    )


def quarters(start: date, end: date) -> list[tuple[date, date]]:
    """The calendar quarters [start, end] touches, clipped to it."""
    found = []
    first = date(start.year, 3 * ((start.month - 1) // 3) + 1, 1)
    while first <= end:
        month = first.month + 3
        after = date(first.year + (month > 12), (month - 1) % 12 + 1, 1)
        found.append((max(first, start), min(after - timedelta(days=1), end)))
        first = after
    return found
