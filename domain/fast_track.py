"""繁简分流 / 简案快执: simple cases on a fast track, as each court configures it.

No national rule sets the criteria or a target (DOMAIN-2 `fast_track.target` ✘, only local
practice ◐: e.g. "deposits frozen in full, or under ¥10,000: conclude within 45 days"). So a
court's rule is data (``FastTrackRule``, store table ``fast_track_rules``), off unless set, and a
case carries the rule of its court as it stood at filing (``FileCase.fast_track``).

A case is put on the fast track the first time one of the rule's criteria holds: at filing
(a small amount) or after any later command (its bank deposits frozen for all it still owes).
From then it carries a target date, ``target_days`` after filing (rolled past a rest day), with
its own deadline (`fast_track.target`: the officer, then the bureau head); the court's figures
count the fast-track cases concluded by their target (store/queries.py ``fast_track_figures``).
"""

from __future__ import annotations

from domain import events as ev
from domain.deadlines import RULES
from domain.decision import Decision, calendar
from domain.events import FastTrackCriterion
from domain.spec import Applier, Appliers, Commands
from domain.state import CaseState, FastTrack

RULE = "fast_track.target"


def criterion_met(state: CaseState) -> FastTrackCriterion | None:
    """Which of its court's criteria the case meets now (None: none, or no rule)."""
    rule = state.fast_track_rule
    if rule is None:
        return None
    if rule.max_due_fen is not None and state.due_fen <= rule.max_due_fen:
        return "small_amount"
    if rule.deposits_cover and state.outstanding_fen > 0:
        frozen = sum(
            (a.control.amount_fen or a.value_fen or 0) - a.control.deducted_fen
            for a in state.assets.values()
            if a.kind == "bank_deposit"
            and a.control is not None
            and a.control.measure == "freeze"
            and a.control.in_force
        )
        if frozen >= state.outstanding_fen:
            return "deposits_frozen"
    return None


def fast_track_follows(d: Decision) -> None:
    """Put the case on the fast track once a criterion holds. Runs at filing and after every
    command, like the time limit (domain/procedure.py)."""
    case = d.case
    if case.fast_track is not None or case.fast_track_rule is None or case.status != "active":
        return
    criterion = criterion_met(case)
    if criterion is None:
        return
    due = RULES[RULE].due(calendar(), case.filed_on, case.fast_track_rule.target_days)
    d.emit(ev.FastTrackQualified(criterion=criterion, qualified_on=d.today, target_on=due.on))
    d.open_deadline(RULE, "case", due)


def _qualified(s: CaseState, e: ev.FastTrackQualified) -> None:
    s.fast_track = FastTrack(
        criterion=e.criterion, qualified_on=e.qualified_on, target_on=e.target_on
    )


COMMANDS: Commands = ()  # none of its own: the court configures, the case follows
APPLIERS: Appliers = (Applier(ev.FastTrackQualified, _qualified),)
