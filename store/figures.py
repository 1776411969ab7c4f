"""The engine's figures for monitoring (web/metrics.py turns them into Prometheus series), read
from the case record's projections at each scrape: what every case's workflow last recorded.

- cases by court, stage and status (`case_summary`);
- overdue cases by court (as `store.queries.overdue` counts them: not closed, the earliest open
  deadline past `now`) and escalated cases by court and level (`escalation_level`);
- payouts of the distribution plans by state (paid or awaiting the treasury), count and amount;
- record lag: how long the newest events took from their decision to the record
  (`case_events.recorded_at - occurred_at`, the events recorded in the last five minutes), and
  the notices still undelivered in the outbox with the age of the oldest.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import asyncpg

RECENT = "5 minutes"  # the window of the record-lag figures


@dataclass(frozen=True)
class EngineFigures:
    cases: list[tuple[str, str, str, int]]  # (court, stage, status, cases)
    overdue: list[tuple[str, int]]  # (court, cases)
    escalated: list[tuple[str, int, int]]  # (court, level, cases)
    payouts: list[tuple[str, int, int]]  # (state: paid | pending, lines, fen)
    recorded_recently: int  # events recorded within RECENT
    record_lag_max_seconds: float  # the slowest of them (0 when none)
    record_lag_avg_seconds: float
    notices_pending: int
    oldest_notice_pending_seconds: float  # 0 when none


async def engine_figures(conn: asyncpg.Connection | asyncpg.Pool, now: datetime) -> EngineFigures:
    cases = await conn.fetch(
        "SELECT court_code, stage, status, count(*) AS n FROM case_summary "
        "GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
    )
    overdue = await conn.fetch(
        "SELECT court_code, count(*) AS n FROM case_summary "
        "WHERE status <> 'closed' AND next_deadline_at < $1 GROUP BY 1 ORDER BY 1",
        now,
    )
    escalated = await conn.fetch(
        "SELECT court_code, escalation_level, count(*) AS n FROM case_summary "
        "WHERE escalation_level > 0 GROUP BY 1, 2 ORDER BY 1, 2"
    )
    payouts = await conn.fetch(
        """SELECT CASE WHEN (p ->> 'paid')::boolean THEN 'paid' ELSE 'pending' END AS state,
                  count(*) AS n,
                  coalesce(sum((p -> 'allocation' ->> 'amount_fen')::bigint), 0) AS fen
           FROM case_summary, json_array_elements(state -> 'payouts') AS p
           GROUP BY 1 ORDER BY 1"""
    )
    lag = await conn.fetchrow(
        f"""SELECT count(*) AS n,
                   coalesce(extract(epoch FROM max(recorded_at - occurred_at)), 0) AS max_s,
                   coalesce(extract(epoch FROM avg(recorded_at - occurred_at)), 0) AS avg_s
            FROM case_events WHERE recorded_at > $1::timestamptz - interval '{RECENT}'""",
        now,
    )
    notices = await conn.fetchrow(
        """SELECT count(*) AS n, coalesce(extract(epoch FROM $1::timestamptz - min(created_at)),
                  0) AS oldest_s
           FROM notification_outbox WHERE sent_at IS NULL""",
        now,
    )
    assert lag is not None and notices is not None
    return EngineFigures(
        cases=[(r["court_code"], r["stage"], r["status"], r["n"]) for r in cases],
        overdue=[(r["court_code"], r["n"]) for r in overdue],
        escalated=[(r["court_code"], r["escalation_level"], r["n"]) for r in escalated],
        payouts=[(r["state"], r["n"], int(r["fen"])) for r in payouts],
        recorded_recently=lag["n"],
        record_lag_max_seconds=max(0.0, float(lag["max_s"])),
        record_lag_avg_seconds=max(0.0, float(lag["avg_s"])),
        notices_pending=notices["n"],
        oldest_notice_pending_seconds=max(0.0, float(notices["oldest_s"])),
    )
