"""One decision on a case, and what every rule needs while it decides.

A ``Decision`` collects the events of one command (or one passing of time): it numbers them after
the case's last seq, stamps them with the moment and the actor, and applies each to its own copy
of the case as it is emitted. So a rule reads ``d.case``, the case as the events so far have left
it, and never has to reason about events it has emitted but not yet seen; ``d.before`` is the
case as the command found it, left untouched. The events and ``d.case`` are the outcome: the
workflow adopts that state instead of folding the events again.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import TypeVar, cast

from domain import commands as c
from domain import events as ev
from domain.calendar import CourtCalendar, DueDate, end_of_day, local_date
from domain.deadlines import CREDIT_RULES, RULES
from domain.editions import CONTESTED
from domain.errors import DomainError
from domain.state import Asset, CaseState, Control, Deadline

E = TypeVar("E", bound=ev.EventBase)

Apply = Callable[[CaseState | None, ev.Event], CaseState]  # domain.fold.apply_in_place


def reject(code: str, zh: str, en: str) -> DomainError:
    return DomainError(code, zh, en)


def calendar() -> CourtCalendar:
    return CourtCalendar.default()


@dataclass(frozen=True)
class Outcome:
    """What a decision came to: its events, and the case after them (the case it was given,
    untouched, when there are none)."""

    events: list[ev.Event]
    state: CaseState


class Decision:
    def __init__(
        self,
        before: CaseState | None,
        actor: c.Actor,
        now: datetime,
        request_id: str | None,
        apply: Apply,
    ) -> None:
        self.before = before
        self._state = None if before is None else before.copied()
        self._apply = apply
        self.events: list[ev.Event] = []
        self._seq = 0 if before is None else before.last_seq
        self.actor = actor
        self.now = now
        self.today = local_date(now)
        self._request_id = request_id

    @property
    def case(self) -> CaseState:
        """The case after the events emitted so far."""
        if self._state is None:
            raise ValueError("no case yet: the decision has not filed it")
        return self._state

    def outcome(self) -> Outcome:
        return Outcome(self.events, self.case)

    @property
    def next_seq(self) -> int:
        return self._seq + 1

    def emit(self, event: E) -> E:
        """Number, stamp and apply `event`; returns it as recorded."""
        self._seq += 1
        stamped = event.model_copy(
            update={
                "seq": self._seq,
                "occurred_at": self.now,
                "actor": self.actor,
                "request_id": self._request_id,
            }
        )
        recorded = cast(ev.Event, stamped)
        self._state = self._apply(self._state, recorded)
        self.events.append(recorded)
        return stamped

    # -- deadlines --------------------------------------------------------------------------
    def open_deadline(
        self,
        rule_id: str,
        subject: str,
        due: DueDate,
        due_at: datetime | None = None,
        nominal_on: date | None = None,
    ) -> None:
        """``due_at``: a deadline counted in hours is over at that moment, not at the end of its
        due day (domain/sanctions.py). ``nominal_on``: its last day before the roll."""
        rule = RULES[rule_id]
        self.emit(
            ev.DeadlineOpened(
                deadline=ev.DeadlineTerms(
                    deadline_id=f"{rule_id}:{subject}:{self.next_seq}",
                    rule=rule_id,
                    subject=subject,
                    due_on=due.on,
                    due_at=end_of_day(due.on) if due_at is None else due_at,
                    provisional=due.provisional,
                    responsible_role=rule.responsible_role,
                    nominal_on=nominal_on,
                )
            )
        )

    def open_by_rule(self, rule_id: str, subject: str, trigger: date) -> None:
        """Open `rule_id`'s deadline counted from `trigger` by the rule's own period; from
        edition 3 it records its last day before the roll (what a suspension moves)."""
        rule = RULES[rule_id]
        nominal = rule.nominal(trigger) if self.case.edition >= CONTESTED else None
        self.open_deadline(rule_id, subject, rule.due(calendar(), trigger), nominal_on=nominal)

    def meet(self, rule_id: str | None, subject: str | None = None) -> None:
        """Every open deadline of `rule_id` (None: of any rule) on `subject` is met."""
        for d in list(open_of(self.case, rule_id, subject)):
            self.emit(ev.DeadlineMet(deadline_id=d.deadline_id))

    def waive(self, deadlines: list[Deadline], reason: str) -> None:
        for d in deadlines:
            self.emit(ev.DeadlineWaived(deadline_id=d.deadline_id, reason=reason))

    def reschedule(
        self, d: Deadline, due: DueDate, reason: str, nominal_on: date | None = None
    ) -> None:
        self.emit(
            ev.DeadlineRescheduled(
                deadline_id=d.deadline_id,
                due_on=due.on,
                due_at=end_of_day(due.on),
                provisional=due.provisional,
                reason=reason,
                nominal_on=nominal_on,
            )
        )


# -- what many rules look up -----------------------------------------------------------------
def open_of(
    state: CaseState, rule_id: str | None, subject: str | None = None
) -> Iterator[Deadline]:
    for d in state.open_deadlines():
        if (rule_id is None or d.rule == rule_id) and (subject is None or d.subject == subject):
            yield d


def has_open(state: CaseState, rule_id: str, subject: str | None = None) -> bool:
    """A deadline of `rule_id` (on `subject`, when given) is open."""
    return next(open_of(state, rule_id, subject), None) is not None


def waived_at_closing(state: CaseState) -> list[Deadline]:
    """What closing a case waives: every open deadline but a listing's deletion, which the
    closing itself meets (domain/measures.py ``credit_follows``)."""
    return [x for x in state.open_deadlines() if not x.rule.startswith(CREDIT_RULES)]


def respondent(state: CaseState, party_id: str) -> None:
    if party_id not in {p.party_id for p in state.respondents}:
        raise reject(
            "party.not_respondent",
            f"{party_id} 不是本案被执行人",
            f"{party_id} is not a respondent of this case",
        )


def not_future(d: Decision, day: date, what_zh: str, what_en: str) -> None:
    if day > d.today:
        raise reject(
            "date.in_future",
            f"{what_zh}（{day}）不能晚于今天（{d.today}）",
            f"{what_en} ({day}) cannot be after today ({d.today})",
        )


def asset_of(state: CaseState, asset_id: str) -> Asset:
    asset = state.assets.get(asset_id)
    if asset is None:
        raise reject("asset.unknown", f"财产 {asset_id} 不存在", f"no asset {asset_id}")
    return asset


def control_of(asset: Asset) -> Control:
    if asset.control is None:
        raise reject(
            "freeze.none",
            f"财产 {asset.asset_id} 未采取控制措施",
            f"asset {asset.asset_id} is under no control measure",
        )
    return asset.control
