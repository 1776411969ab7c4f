"""What every rule needs: numbering events, refusing, and finding deadlines and assets."""

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import Any

from domain import commands as c
from domain import events as ev
from domain.calendar import CourtCalendar, DueDate, end_of_day, local_date
from domain.case import Asset, CaseState, Control
from domain.deadlines import RULES
from domain.errors import DomainError
from domain.events import Deadline


def reject(code: str, zh: str, en: str) -> DomainError:
    return DomainError(code, zh, en)


class Recorder:
    """Numbers and stamps the events of one decision."""

    def __init__(
        self, last_seq: int, actor: c.Actor, now: datetime, request_id: str | None
    ) -> None:
        self.events: list[ev.Event] = []
        self._seq = last_seq
        self.actor = actor
        self.now = now
        self._request_id = request_id
        self.today = local_date(now)

    @property
    def next_seq(self) -> int:
        return self._seq + 1

    def emit(self, cls: type[Any], **fields: Any) -> Any:
        self._seq += 1
        event = cls(
            seq=self._seq,
            occurred_at=self.now,
            actor=self.actor,
            request_id=self._request_id,
            **fields,
        )
        self.events.append(event)
        return event

    def open_deadline(self, rule_id: str, subject: str, due: DueDate) -> None:
        rule = RULES[rule_id]
        self.emit(
            ev.DeadlineOpened,
            deadline=Deadline(
                deadline_id=f"{rule_id}:{subject}:{self.next_seq}",
                rule=rule_id,
                subject=subject,
                due_on=due.on,
                due_at=end_of_day(due.on),
                provisional=due.provisional,
                responsible_role=rule.responsible_role,
            ),
        )


Handler = Callable[[CaseState, Any, "Recorder"], None]  # one per command type


def calendar() -> CourtCalendar:
    return CourtCalendar.default()


def open_of(state: CaseState, rule_id: str, subject: str | None = None) -> Iterator[Deadline]:
    for d in state.open_deadlines():
        if d.rule == rule_id and (subject is None or d.subject == subject):
            yield d


def meet(state: CaseState, r: Recorder, rule_id: str, subject: str | None = None) -> None:
    for d in open_of(state, rule_id, subject):
        r.emit(ev.DeadlineMet, deadline_id=d.deadline_id)


def respondent(state: CaseState, party_id: str) -> None:
    if party_id not in {p.party_id for p in state.respondents}:
        raise reject(
            "party.not_respondent",
            f"{party_id} 不是本案被执行人",
            f"{party_id} is not a respondent of this case",
        )


def not_future(r: Recorder, day: date, what_zh: str, what_en: str) -> None:
    if day > r.today:
        raise reject(
            "date.in_future",
            f"{what_zh}（{day}）不能晚于今天（{r.today}）",
            f"{what_en} ({day}) cannot be after today ({r.today})",
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


def reschedule(r: Recorder, d: Deadline, due: DueDate, reason: str) -> None:
    r.emit(
        ev.DeadlineRescheduled,
        deadline_id=d.deadline_id,
        due_on=due.on,
        due_at=end_of_day(due.on),
        provisional=due.provisional,
        reason=reason,
    )
