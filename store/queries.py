"""Queries over `case_summary` for the CLI and the web: the supervisors' lists, a court's own open
cases, whether a case is recorded yet, and the "3+1" indicators.

The court-subtree rule: a supervisor of court C sees every case whose chain of courts passes
through C: 京03 sees 京0105 (朝阳), 京01 sees 京0108 (海淀) and not 京0105; 京 sees all of
Beijing; 最高法 sees everything. The chain is the one each case recorded at filing (from the
court registry, domain/courts.py; the code's prefix for a case filed before it), held as
`case_summary.court_path` ('/最高法/京/京03/京0105/'); C's subtree is every path starting with
C's own path in the registry (SQL `court_path(C)`), an index range as the prefix once was
(migrations/0010_court_path.sql; docs/PERFORMANCE.md has the measurements).

"Overdue" means: the case is not closed and its earliest open, not paused deadline
(`next_deadline_at`, see store/projection.py) is before `now`.

The "3+1" indicators (SPC 2018 targets), for a court's subtree and a period [start, end] of days
(inclusive). Operational definitions, from the projection:

1. 有财产可供执行案件法定期限内实际执结率 (target ≥ 90%) — of the cases where an asset was ever
   found (`has_assets`), each is judged once, on the earlier of the day it concluded (closed, or
   终本) and the day its statutory time limit ended (`time_limit_due_on`, extensions included;
   a limit standing still, `time_limit_paused_on`, has not ended): denominator: those judged in
   the period, **open cases whose limit ran out in the period included**; numerator: those closed
   as fully enforced (`outcome = fully_enforced`, 执行完毕) on or before their limit.
2. 终本案件合格率 (target ≥ 90%) — judged afterwards, by the review (评查) of a supervisor of a
   court above (`review_terminated_case`, domain/dormant.py; the state's `termination_reviews`),
   not by the rule that let the 终本 through: denominator: cases whose (latest) 终本 date is in
   the period and that were reviewed (at any time, the latest review of that 终本 counting);
   numerator: those whose review found the 终本 qualified (合格). **Unreviewed 终本 cases count in
   neither**: the rate is that of the reviewed ones, and none reviewed means no rate (None). A
   case terminated twice counts with its latest 终本. (`termination_qualified`, the engine's own
   check when the 终本 was made, is no longer read here.)
3. 涉执信访办结率 (target ≥ 90%) — of the petitions received in the period on the subtree's
   cases (`register_petition`), those concluded by the period's end (`close_petition`, or closed
   with the case), read per petition from the projection's folded state. No petitions means no
   rate (None), not 100%.
+1. 三年内整体结案率 (target ≥ 80%) — denominator: cases filed in the three years ending on `end`
   (filed_on in (end − 3 years, end]); numerator: those concluded by `end` (closed, or 终本 —
   court statistics count 终本 as 结案). `start` does not apply to this one.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import asyncpg

from domain.calendar import add_months
from domain.courts import SUPREME_COURT, prefix_chain
from store.projection import court_path

CASE_COLUMNS = (
    "case_id, case_number, court_code, stage, status, officer_id, next_deadline_at, "
    "next_deadline_rule, overdue_count, escalation_level, outstanding_fen, held_fen, supervised, "
    "open_petitions, last_seq"
)


@dataclass(frozen=True)
class CaseRow:
    case_id: str
    case_number: str
    court_code: str
    stage: str
    status: str
    officer_id: str
    next_deadline_at: datetime | None
    next_deadline_rule: str | None
    overdue_count: int
    escalation_level: int
    outstanding_fen: int
    held_fen: int
    supervised: bool
    open_petitions: int
    last_seq: int


async def subtree_pattern(conn: asyncpg.Connection | asyncpg.Pool, court: str) -> str | None:
    """The LIKE pattern of ``court``'s subtree on ``court_path`` (None: every court). A court
    the registry does not hold is read by its code's prefix, as cases filed before the
    registry were (domain/courts.py ``prefix_chain``)."""
    court = court.strip()
    if not court or court == SUPREME_COURT:
        return None
    path = await conn.fetchval("SELECT court_path($1)", court) or court_path(prefix_chain(court))
    return path.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


async def _cases(
    conn: asyncpg.Connection | asyncpg.Pool, where: str, order: str, *args: Any, limit: int
) -> list[CaseRow]:
    rows = await conn.fetch(
        f"SELECT {CASE_COLUMNS} FROM case_summary "
        f"WHERE ($1::text IS NULL OR court_path LIKE $1) AND {where}"
        f" ORDER BY {order} LIMIT {int(limit)}",
        *args,
    )
    return [CaseRow(**dict(r)) for r in rows]


async def overdue(
    conn: asyncpg.Connection | asyncpg.Pool, court: str, now: datetime, *, limit: int = 100
) -> list[CaseRow]:
    """Overdue cases in the court's subtree, most overdue first."""
    return await _cases(
        conn,
        "status <> 'closed' AND next_deadline_at < $2",
        "next_deadline_at, case_id",
        await subtree_pattern(conn, court),
        now,
        limit=limit,
    )


async def due_within(
    conn: asyncpg.Connection | asyncpg.Pool,
    court: str,
    now: datetime,
    days: int,
    *,
    limit: int = 100,
) -> list[CaseRow]:
    """Cases whose next deadline falls in [now, now + days)."""
    return await _cases(
        conn,
        "status <> 'closed' AND next_deadline_at >= $2 AND next_deadline_at < $2 + make_interval("
        "days => $3)",
        "next_deadline_at, case_id",
        await subtree_pattern(conn, court),
        now,
        days,
        limit=limit,
    )


async def by_escalation(
    conn: asyncpg.Connection | asyncpg.Pool, court: str, min_level: int = 1, *, limit: int = 100
) -> list[CaseRow]:
    """Cases escalated to at least `min_level` (highest first)."""
    return await _cases(
        conn,
        "escalation_level >= greatest($2::int, 1)",
        "escalation_level DESC, next_deadline_at, case_id",
        await subtree_pattern(conn, court),
        min_level,
        limit=limit,
    )


async def supervised(
    conn: asyncpg.Connection | asyncpg.Pool, court: str, *, limit: int = 100
) -> list[CaseRow]:
    """Cases under 督办."""
    return await _cases(
        conn,
        "supervised",
        "next_deadline_at, case_id",
        await subtree_pattern(conn, court),
        limit=limit,
    )


async def with_open_petitions(
    conn: asyncpg.Connection | asyncpg.Pool, court: str, *, limit: int = 100
) -> list[CaseRow]:
    """Cases with an open 涉执信访."""
    return await _cases(
        conn,
        "open_petitions > 0",
        "open_petitions DESC, case_id",
        await subtree_pattern(conn, court),
        limit=limit,
    )


async def by_officer(
    conn: asyncpg.Connection | asyncpg.Pool,
    officer_id: str,
    court: str = SUPREME_COURT,
    *,
    include_closed: bool = False,
    limit: int = 100,
) -> list[CaseRow]:
    """An officer's cases, nearest deadline first."""
    return await _cases(
        conn,
        "officer_id = $2 AND ($3 OR status <> 'closed')",
        "next_deadline_at NULLS LAST, case_id",
        await subtree_pattern(conn, court),
        officer_id,
        include_closed,
        limit=limit,
    )


async def open_in_court(
    conn: asyncpg.Connection | asyncpg.Pool, court: str, *, limit: int = 100
) -> list[CaseRow]:
    """The open cases of one court itself (not its subtree): a judge's or a bureau head's list."""
    where = "court_code = $2 AND status <> 'closed'"  # no subtree pattern ($1 is None)
    order = "next_deadline_at NULLS LAST, case_id"
    return await _cases(conn, where, order, None, court, limit=limit)


async def is_recorded(conn: asyncpg.Connection | asyncpg.Pool, case_id: str) -> bool:
    """Whether the case has a `case_summary` row (its first events are recorded)."""
    return bool(await conn.fetchval("SELECT 1 FROM case_summary WHERE case_id = $1", case_id))


# ------------------------------------------------------------------------------- indicators
@dataclass(frozen=True)
class Indicator:
    key: str
    name_zh: str
    numerator: int
    denominator: int
    target: float

    @property
    def rate(self) -> float | None:
        return None if self.denominator == 0 else self.numerator / self.denominator

    @property
    def meets_target(self) -> bool | None:
        rate = self.rate
        return None if rate is None else rate >= self.target

    def as_json(self) -> dict[str, object]:
        """The indicator as the CLI's `--json` and the web API show it."""
        return {
            "key": self.key,
            "name_zh": self.name_zh,
            "numerator": self.numerator,
            "denominator": self.denominator,
            "rate": self.rate,
            "target": self.target,
            "meets_target": self.meets_target,
        }


@dataclass(frozen=True)
class Indicators:
    court: str
    start: date
    end: date
    items: tuple[Indicator, ...]

    def by_key(self) -> dict[str, Indicator]:
        return {i.key: i for i in self.items}


# The day a case with property is judged (indicator 1): concluded, or its time limit ended.
_ASSET_JUDGED_ON = """least(closed_on, terminated_on,
                          CASE WHEN state ->> 'time_limit_paused_on' IS NULL
                               THEN time_limit_due_on END)"""
# The latest review (评查) of the case's latest 终本: qualified or not, NULL when unreviewed.
_REVIEW_QUALIFIED = """(SELECT (r.v ->> 'qualified')::boolean
     FROM json_array_elements(state -> 'termination_reviews') WITH ORDINALITY AS r(v, n)
    WHERE (r.v ->> 'terminated_on')::date = terminated_on ORDER BY r.n DESC LIMIT 1)"""

_INDICATORS_SQL = f"""
SELECT
  count(*) FILTER (WHERE has_assets AND {_ASSET_JUDGED_ON} BETWEEN $2 AND $3) AS asset_den,
  count(*) FILTER (WHERE has_assets AND {_ASSET_JUDGED_ON} BETWEEN $2 AND $3
                   AND outcome = 'fully_enforced'
                   AND closed_on <= time_limit_due_on) AS asset_num,
  count(*) FILTER (WHERE terminated_on BETWEEN $2 AND $3
                   AND {_REVIEW_QUALIFIED} IS NOT NULL) AS term_den,
  count(*) FILTER (WHERE terminated_on BETWEEN $2 AND $3
                   AND {_REVIEW_QUALIFIED}) AS term_num,
  (SELECT count(*) FROM case_summary c, json_each(c.state -> 'petitions') AS p(id, v)
    WHERE ($1::text IS NULL OR c.court_path LIKE $1)
      AND (p.v ->> 'received_on')::date BETWEEN $2 AND $3) AS pet_den,
  (SELECT count(*) FROM case_summary c, json_each(c.state -> 'petitions') AS p(id, v)
    WHERE ($1::text IS NULL OR c.court_path LIKE $1)
      AND (p.v ->> 'received_on')::date BETWEEN $2 AND $3
      AND (p.v ->> 'closed_on')::date <= $3) AS pet_num,
  count(*) FILTER (WHERE filed_on > $4 AND filed_on <= $3) AS three_den,
  count(*) FILTER (WHERE filed_on > $4 AND filed_on <= $3
                   AND (closed_on <= $3 OR terminated_on <= $3)) AS three_num
FROM case_summary
WHERE ($1::text IS NULL OR court_path LIKE $1)
"""


async def indicators(
    conn: asyncpg.Connection | asyncpg.Pool, court: str, start: date, end: date
) -> Indicators:
    """The "3+1" core indicators of a court's subtree for [start, end] (definitions above)."""
    if end < start:
        raise ValueError(f"the period ends ({end}) before it starts ({start})")
    r = await conn.fetchrow(
        _INDICATORS_SQL, await subtree_pattern(conn, court), start, end, add_months(end, -36)
    )
    assert r is not None
    return Indicators(
        court=court,
        start=start,
        end=end,
        items=(
            Indicator(
                "asset_cases_concluded_in_time",
                "有财产可供执行案件法定期限内实际执结率",
                r["asset_num"],
                r["asset_den"],
                0.90,
            ),
            Indicator(
                "termination_qualified",
                "终本案件合格率",
                r["term_num"],
                r["term_den"],
                0.90,
            ),
            Indicator(
                "petitions_concluded",
                "涉执信访办结率",
                int(r["pet_num"]),
                int(r["pet_den"]),
                0.90,
            ),
            Indicator(
                "concluded_within_three_years",
                "三年内整体结案率",
                r["three_num"],
                r["three_den"],
                0.80,
            ),
        ),
    )


# ------------------------------------------------------------------------- 繁简分流 figures
@dataclass(frozen=True)
class FastTrackFigures:
    """The fast-track cases of a court's subtree whose target date fell in [start, end]: how
    many, how many concluded (closed, or 终本) by their target, how many later or not yet. Open
    cases past their target count against the court, as they should."""

    court: str
    start: date
    end: date
    cases: int
    in_time: int

    @property
    def rate(self) -> float | None:
        return None if self.cases == 0 else self.in_time / self.cases


async def fast_track_figures(
    conn: asyncpg.Connection | asyncpg.Pool, court: str, start: date, end: date
) -> FastTrackFigures:
    r = await conn.fetchrow(
        """SELECT count(*) AS cases,
                  count(*) FILTER (WHERE least(closed_on, terminated_on) <= fast_track_target_on)
                      AS in_time
           FROM case_summary
           WHERE ($1::text IS NULL OR court_path LIKE $1)
             AND fast_track_target_on BETWEEN $2 AND $3""",
        await subtree_pattern(conn, court),
        start,
        end,
    )
    assert r is not None
    return FastTrackFigures(court, start, end, r["cases"], r["in_time"])


# ------------------------------------------------------------------------------- 事项委托
@dataclass(frozen=True)
class TaskRow:
    """A task another court's case asked of ``court`` (事项委托), still unanswered."""

    case_id: str
    case_number: str
    requesting_court: str
    task_id: str
    kind: str
    subject: str | None
    instructions: str
    entrusted_on: date
    due_on: date | None


async def tasks_for(
    conn: asyncpg.Connection | asyncpg.Pool, court: str, *, limit: int = 200
) -> list[TaskRow]:
    """The open tasks addressed to ``court``, the nearest answer deadline first."""
    rows = await conn.fetch(
        """SELECT case_id, case_number, court_code, t.key AS task_id, t.value AS task,
                  (SELECT (d.value->>'due_on')::date FROM json_each(state->'deadlines') d
                    WHERE d.value->>'rule' = 'entrust.task' AND d.value->>'subject' = t.key
                    ORDER BY 1 DESC LIMIT 1) AS due_on
           FROM case_summary, json_each(state->'entrusted_tasks') t
           WHERE $1 = ANY(helping_courts) AND t.value->>'helping_court_code' = $1
             AND t.value->>'state' = 'open'
           ORDER BY due_on NULLS LAST, case_id, task_id
           LIMIT $2""",
        court,
        limit,
    )
    found = []
    for r in rows:
        task = json.loads(r["task"]) if isinstance(r["task"], str) else r["task"]
        found.append(
            TaskRow(
                case_id=r["case_id"],
                case_number=r["case_number"],
                requesting_court=r["court_code"],
                task_id=r["task_id"],
                kind=task["kind"],
                subject=task["subject"],
                instructions=task["instructions"],
                entrusted_on=date.fromisoformat(task["entrusted_on"]),
                due_on=r["due_on"],
            )
        )
    return found
