"""EnforcementCase: one enforcement case (执行案件) as one long-running workflow.

The story of a case, and nothing else: it is filed; commands arrive (the update ``execute``,
the signal ``submit``) and the rules decide them (``domain.decide``); time passes and the clock
decides what that means (``domain.decide.tick`` at ``next_wakeup``); what the events ask of the
world goes out through the outbox (workflows/outbox.py); every event reaches the court's record
through the recorder (workflows/recorder.py). A closed case ends when its record holds every
event; a long one continues as new when the server suggests it.
"""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from temporalio import workflow
from temporalio.common import SearchAttributeUpdate
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.contracts import PayoutReceipt
    from domain import events as ev
    from domain.commands import Actor, Envelope, FileCase, RecordPayout
    from domain.deadline_watch import next_wakeup
    from domain.decide import decide, decide_filing, tick
    from domain.decision import Outcome
    from domain.effects import PayoutOrder, effects_of
    from domain.errors import DomainError
    from domain.fold import fold
    from domain.snapshot import CaseSnapshot, snapshot
    from domain.state import CaseState
    from runtime import search_attributes as sa
    from runtime.contract import WORKFLOW_TYPE
    from workflows.case_run import CaseRun
    from workflows.outbox import CaseOutbox
    from workflows.recorder import CaseRecorder


def _rejection(error: DomainError) -> ApplicationError:
    return ApplicationError(
        f"{error.zh} / {error.en}", error.as_details(), type=error.code, non_retryable=True
    )


def _malformed(error: ValidationError) -> ApplicationError:
    problems = "; ".join(
        f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()[:5]
    )
    details = {
        "code": "command.malformed",
        "zh": f"命令格式不正确：{problems}",
        "en": f"malformed command: {problems}",
    }
    return ApplicationError(
        f"{details['zh']} / {details['en']}", details, type="command.malformed", non_retryable=True
    )


@workflow.defn(name=WORKFLOW_TYPE)
class EnforcementCase:
    @workflow.init
    def __init__(self, start: FileCase | CaseRun) -> None:
        # A new case starts from the file_case command; a continued one from what it carried.
        self._run = start if isinstance(start, CaseRun) else CaseRun(filing=start)
        self._state: CaseState | None = fold(None, self._run.events) if self._run.events else None
        self._recorder = CaseRecorder(self._run, effect_waiting=lambda: self._outbox.waiting())
        self._outbox = CaseOutbox(self._run, self._recorder, paid=self._record_payout)
        self._attributes: tuple[Any, ...] = ()
        self._record_blocked_shown = False  # as the search attribute last said
        self._decided: tuple[tuple[Envelope, int, datetime], Outcome] | None = None
        # Filing happens here, before any handler can run, so a command that arrives with the
        # start (update-with-start) already finds a filed case.
        self._filing_refused: DomainError | None = None
        if self._state is None:
            try:
                self._adopt(decide_filing(self._run.filing, workflow.now()))
            except DomainError as error:
                self._filing_refused = error

    # -- the story ---------------------------------------------------------------------------
    @workflow.run
    async def run(self, start: FileCase | CaseRun) -> CaseSnapshot:
        if self._filing_refused is not None:
            raise _rejection(self._filing_refused)
        self._recorder.start()
        while True:
            self._recorder.raise_if_stopped()
            await self._outbox.carry_out()
            self._adopt(tick(self.state, workflow.now()))
            self._publish_search_attributes()
            if self._run.outbox:
                continue  # the clock asked something of the world
            if self.state.status == "closed":
                await self._settle(None)
                if not self._run.outbox:  # no command slipped in meanwhile
                    return self._snapshot(self.state)
                continue
            if self._should_continue_as_new():
                await self._settle(self.state.last_seq)  # later events go with the CaseRun
                workflow.logger.info("continuing as new at seq %s", self.state.last_seq)
                workflow.continue_as_new(self._run)
            await self._sleep_until_something_happens()

    async def _sleep_until_something_happens(self) -> None:
        """Until the next deadline's step is due, or a new event (which may open or move a
        deadline), or the record becoming blocked or unblocked (which the case shows), or the
        server suggests continuing as new."""
        seen = self.state.last_seq

        def something_happened() -> bool:
            blocked = self._recorder.blocked is not None
            return (
                self.state.last_seq != seen
                or blocked != self._record_blocked_shown
                or self._should_continue_as_new()
                or self._recorder.stopped
            )

        wake = next_wakeup(self.state)
        timeout = None if wake is None else max(wake - workflow.now(), timedelta(0))
        with contextlib.suppress(TimeoutError):
            await workflow.wait_condition(something_happened, timeout=timeout)

    async def _settle(self, upto: int | None) -> None:
        """No handler running, and the record holding every event up to `upto` (None: all)."""
        self._recorder.settling(upto)
        await workflow.wait_condition(
            lambda: (
                (self._recorder.recorded(upto) and workflow.all_handlers_finished())
                or self._recorder.stopped
            )
        )
        self._recorder.raise_if_stopped()

    def _should_continue_as_new(self) -> bool:
        info = workflow.info()
        if info.is_continue_as_new_suggested():
            return True
        limit = self._run.history_limit
        return limit is not None and info.get_current_history_length() > limit

    @property
    def state(self) -> CaseState:
        if self._state is None:
            raise ApplicationError(
                "案件未立案 / the case was not filed", type="case.not_filed", non_retryable=True
            )
        return self._state

    def _adopt(self, outcome: Outcome, request: Envelope | None = None) -> None:
        """The case as a decision left it; its events and what they ask of the world."""
        if not outcome.events:
            return
        self._state = outcome.state
        self._run.events.extend(outcome.events)
        if request is not None:
            self._run.answered[request.request_id] = self.state.last_seq
            self._run.asked[request.request_id] = request.digest()
        for event in outcome.events:
            self._run.outbox.extend(effects_of(self.state, event))

    # -- commands ----------------------------------------------------------------------------
    def _parse(self, raw: Any) -> Envelope:
        try:
            return Envelope.model_validate(raw)
        except ValidationError as error:
            raise _malformed(error) from None

    def _decide(self, envelope: Envelope) -> Outcome:
        # The validator's decision serves the handler that follows it: the same command on the
        # same state (last_seq) at the same time decides the same events. On replay validators
        # do not run and the handler decides afresh, with the same result.
        now = workflow.now()
        key = (envelope, self.state.last_seq, now)
        if self._decided is not None and self._decided[0] == key:
            outcome, self._decided = self._decided[1], None
            return outcome
        try:
            outcome = decide(self.state, envelope, now)
        except DomainError as error:
            raise _rejection(error) from None
        self._decided = (key, outcome)
        return outcome

    def _answered(self, envelope: Envelope) -> int | None:
        """The seq the same request was answered at (a repeat changes nothing), None for a new
        one; a request id already used for another request is refused (``request.reused``)."""
        seq = self._run.answered.get(envelope.request_id)
        asked = self._run.asked.get(envelope.request_id)
        if seq is not None and asked is not None and asked != envelope.digest():
            raise _rejection(
                DomainError(
                    "request.reused",
                    f"请求号 {envelope.request_id} 已用于另一项请求，请换用新的请求号",
                    f"request id {envelope.request_id} was used for another request: "
                    "send this one under a new request id",
                )
            )
        return seq

    @workflow.update(name="execute")
    def execute(self, raw: Any) -> CaseSnapshot:
        envelope = self._parse(raw)
        answered = self._answered(envelope)
        if answered is not None:
            return snapshot(fold(None, self._run.events[:answered]))
        self._adopt(self._decide(envelope), envelope)
        return snapshot(self.state)

    @execute.validator
    def _validate_execute(self, raw: Any) -> None:
        envelope = self._parse(raw)
        if self._answered(envelope) is None:
            self._decide(envelope)

    @workflow.signal(name="submit")
    def submit(self, raw: Any) -> None:
        """Fire-and-forget commands from integrations; a refusal is logged, never applied."""
        try:
            envelope = self._parse(raw)
            if self._answered(envelope) is None:
                self._adopt(self._decide(envelope), envelope)
        except ApplicationError as error:
            workflow.logger.warning("submitted command refused: %s", error.message)

    @workflow.query(name="snapshot")
    def query_snapshot(self) -> CaseSnapshot:
        return self._snapshot(self.state)

    def _snapshot(self, state: CaseState) -> CaseSnapshot:
        """The rules' snapshot, with what the workflow knows of the case record now (the query's
        and the result's; an update answers the decision's snapshot alone, so a repeated
        request gets exactly its earlier answer)."""
        return snapshot(state).model_copy(
            update={
                "recorded_seq": self._run.recorded_seq,
                "record_blocked": self._recorder.blocked,
            }
        )

    @workflow.query(name="events")
    def query_events(self) -> list[ev.Event]:
        return self._run.events

    def _record_payout(self, order: PayoutOrder, receipt: PayoutReceipt) -> None:
        """The treasury paid: record it like any other answer, through the rules."""
        envelope = Envelope(
            request_id=f"treasury/{order.idempotency_key}",
            actor=Actor(user_id="treasury", role="integration", court_code=order.court_code),
            command=RecordPayout(payout_id=order.payout_id, reference=receipt.reference),
        )
        try:
            if self._answered(envelope) is None:
                self._adopt(self._decide(envelope), envelope)
        except ApplicationError as error:  # e.g. the officer already recorded it by hand
            workflow.logger.warning("payout %s not recorded: %s", order.payout_id, error.message)

    # -- what operators list -----------------------------------------------------------------
    def _publish_search_attributes(self) -> None:
        """Upsert the case's search attributes when they change (runtime/search_attributes.py)."""
        s = self.state
        open_deadlines = s.open_deadlines()
        next_deadline = min((d.due_at for d in open_deadlines), default=None)
        level = max((d.escalation_level for d in open_deadlines), default=0)
        supervised, open_petitions = bool(s.open_supervisions()), len(s.open_petitions())
        blocked = self._recorder.blocked is not None
        current: tuple[Any, ...] = (s.status, s.stage, s.officer_id, next_deadline, level)
        current += (supervised, open_petitions, blocked)
        if current == self._attributes:
            return
        self._attributes = current
        updates: list[SearchAttributeUpdate[Any]] = [
            sa.CASE_NUMBER.value_set(s.current_case_number),
            sa.COURT_CODE.value_set(s.court_code),
            sa.STAGE.value_set(s.stage),
            sa.STATUS.value_set(s.status),
            sa.OFFICER.value_set(s.officer_id),
            sa.ESCALATION_LEVEL.value_set(level),
            sa.NEXT_DEADLINE.value_set(next_deadline)
            if next_deadline is not None
            else sa.NEXT_DEADLINE.value_unset(),
            sa.SUPERVISED.value_set(supervised),
            sa.OPEN_PETITIONS.value_set(open_petitions),
        ]
        if blocked or self._record_blocked_shown:  # only a case whose record was ever blocked
            updates.append(sa.RECORD_BLOCKED.value_set(blocked))
            self._record_blocked_shown = blocked
        workflow.upsert_search_attributes(updates)
