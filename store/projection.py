"""The `case_summary` projection: one row per case, folded by the domain's own reducer.

`advance(previous, events)` folds new events onto the previous projection with
`domain.fold.fold_in_place` (the reducer the workflow uses); the append activity and
`zhixing projections rebuild` both call it, so a disagreement between them is a bug.

Besides the folded `CaseState`, a projection remembers what the state forgets: the last 终本
(`terminated_on`, cleared in the state when enforcement resumes) and whether it was qualified
(合格) — judged, when the `procedure_terminated` event is folded, by the domain's own 终本 rule
(`domain.procedure.termination_obstacles`) on the state just before it. The 终本合格率 does not
read it: it is the reviews' (评查, store/queries.py).

Operational definitions of the columns (supervisor lists):
- `next_deadline_at`: the earliest `due_at` among open or overdue deadlines that are not paused
  (a suspended case's paused deadlines are rescheduled on resumption, so they are not "due").
- `overdue_count`: deadlines whose state is `overdue` (escalated at least to level 1).
- `escalation_level`: the highest escalation level among open/overdue deadlines (as the snapshot).
- `supervised`: the case has an open 督办 (not closed; a reported one is still open).
- `open_petitions`, `petitions_registered`, `petitions_concluded`: the case's 涉执信访 — open
  (registered or responded), all, and closed (with an outcome, or closed with the case).
- `court_path`: the case's courts from the top down, from the chain it recorded at filing
  (the code's prefix for a case filed before the registry): what a subtree's lists match.
- `has_assets`: an asset was ever found for the case (有财产可供执行).
- `fast_track_target_on`: the target date of a case on its court's fast track (繁简分流).
- `helping_courts`: the courts the case asked to do a task (事项委托) that have not answered.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from domain import events as ev
from domain.fold import fold_in_place
from domain.procedure import termination_obstacles
from domain.state import CaseState

SUMMARY_COLUMNS = (
    "case_id",
    "case_number",
    "court_code",
    "court_path",
    "stage",
    "status",
    "officer_id",
    "filed_on",
    "due_fen",
    "collected_fen",
    "paid_out_fen",
    "held_fen",
    "outstanding_fen",
    "next_deadline_at",
    "next_deadline_rule",
    "overdue_count",
    "escalation_level",
    "supervised",
    "open_petitions",
    "petitions_registered",
    "petitions_concluded",
    "has_assets",
    "fast_track_target_on",
    "helping_courts",
    "time_limit_due_on",
    "closed_on",
    "outcome",
    "terminated_on",
    "termination_qualified",
    "last_seq",
    "state",
    "escrowed_fen",
)
# Compared by `projections rebuild --verify` (state is compared separately, as JSON).
COMPARED_COLUMNS = tuple(c for c in SUMMARY_COLUMNS if c != "state")


def summary_upsert(first_param: int, *, only_newer: bool) -> str:
    """`INSERT … ON CONFLICT DO UPDATE` of one case_summary row from the parameters
    `$first_param…` in SUMMARY_COLUMNS order; `only_newer` leaves a row whose last_seq is
    already at or past the new one."""
    return f"""INSERT INTO case_summary ({", ".join(SUMMARY_COLUMNS)}, updated_at)
VALUES ({", ".join(f"${first_param + i}" for i in range(len(SUMMARY_COLUMNS)))}, now())
ON CONFLICT (case_id) DO UPDATE SET
    {", ".join(f"{c} = EXCLUDED.{c}" for c in SUMMARY_COLUMNS if c != "case_id")},
    updated_at = now()
{"WHERE case_summary.last_seq < EXCLUDED.last_seq" if only_newer else ""}"""


@dataclass
class Projection:
    state: CaseState
    terminated_on: date | None = None
    termination_qualified: bool | None = None


def advance(previous: Projection | None, events: Sequence[ev.Event]) -> Projection:
    """Fold `events` (contiguous, following `previous`) into the projection after them. The
    previous state is folded in place (no copy): callers pass one freshly read from its row."""
    state = previous.state if previous is not None else None
    terminated_on = previous.terminated_on if previous is not None else None
    qualified = previous.termination_qualified if previous is not None else None
    start = 0
    for i, event in enumerate(events):
        if isinstance(event, ev.ProcedureTerminated):
            if i > start:
                state = fold_in_place(state, events[start:i])
            assert state is not None, "procedure_terminated before case_filed"
            qualified = not termination_obstacles(state, event.on)
            terminated_on = event.on
            state = fold_in_place(state, [event])
            start = i + 1
    if start < len(events) or state is None:
        state = fold_in_place(state, events[start:])
    return Projection(state, terminated_on, qualified)


def court_path(chain: Sequence[str]) -> str:
    """The case's courts from the Supreme People's Court down, as ``case_summary.court_path``
    holds them: ("京0105", "京03", "京", "最高法") → "/最高法/京/京03/京0105/"."""
    return "/" + "/".join(reversed(chain)) + "/"


def summary_row(case_id: str, projection: Projection) -> dict[str, Any]:
    s = projection.state
    open_deadlines = s.open_deadlines()
    live = [d for d in open_deadlines if d.paused_on is None]
    nearest = min(live, key=lambda d: d.due_at, default=None)
    time_limit = next(
        (d for d in reversed(s.deadlines.values()) if d.rule == "case.time_limit"), None
    )
    open_petitions = len(s.open_petitions())
    return {
        "case_id": case_id,
        "case_number": s.current_case_number,
        "court_code": s.court_code,
        "court_path": court_path(s.chain),
        "stage": s.stage,
        "status": s.status,
        "officer_id": s.officer_id,
        "filed_on": s.filed_on,
        "due_fen": s.due_fen,
        "collected_fen": s.collected_fen,
        "paid_out_fen": s.paid_out_fen,
        "held_fen": s.held_fen,
        "outstanding_fen": s.outstanding_fen,
        "next_deadline_at": nearest.due_at if nearest else None,
        "next_deadline_rule": nearest.rule if nearest else None,
        "overdue_count": sum(1 for d in open_deadlines if d.state == "overdue"),
        "escalation_level": max((d.escalation_level for d in open_deadlines), default=0),
        "supervised": bool(s.open_supervisions()),
        "open_petitions": open_petitions,
        "petitions_registered": len(s.petitions),
        "petitions_concluded": len(s.petitions) - open_petitions,
        "has_assets": bool(s.assets),
        "fast_track_target_on": s.fast_track.target_on if s.fast_track else None,
        "helping_courts": sorted(
            {t.helping_court_code for t in s.entrusted_tasks.values() if t.state == "open"}
        ),
        "time_limit_due_on": time_limit.due_on if time_limit else None,
        "closed_on": s.closed_on,
        "outcome": s.outcome,
        "terminated_on": projection.terminated_on,
        "termination_qualified": projection.termination_qualified,
        "last_seq": s.last_seq,
        "state": s.model_dump_json(),
        "escrowed_fen": s.escrowed_fen,
    }


def projection_from_row(row: Any) -> Projection:
    """The stored projection (raises pydantic.ValidationError if the state's shape changed)."""
    return Projection(
        state=CaseState.model_validate_json(row["state"]),
        terminated_on=row["terminated_on"],
        termination_qualified=row["termination_qualified"],
    )
