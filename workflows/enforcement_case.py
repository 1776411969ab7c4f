"""EnforcementCase: one enforcement case (执行案件) as one long-running workflow.

Orchestration only. ``domain.decide`` decides, ``domain.case.fold`` folds; this class receives
commands (update ``execute``, signal ``submit``), lets time pass (``domain.decide.tick`` at
``next_wakeup``), and carries out what the new events ask of the outside world through
activities: documents to serve, searches and control measures at the court network, and
notifications of warnings and escalations.
"""

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from temporalio import workflow
from temporalio.common import RetryPolicy, SearchAttributeUpdate
from temporalio.exceptions import ActivityError, ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.contracts import (
        APPEND_ACTIVITY,
        CARRY_OUT_ACTIVITY,
        MAX_BATCH,
        NON_RETRYABLE,
        CaseEventBatch,
        PayoutReceipt,
    )
    from domain import events as ev
    from domain.case import CaseState, fold, fold_in_place
    from domain.commands import Actor, Envelope, FileCase, RecordPayout
    from domain.decide import decide, decide_filing, next_wakeup, tick
    from domain.effects import Effect, ExternalRequest, PayoutOrder, effects_of
    from domain.errors import DomainError
    from domain.snapshot import CaseSnapshot, snapshot
    from runtime import search_attributes as sa
    from workflows.case_run import CaseRun

ACTIVITY_TIMEOUT = timedelta(seconds=30)
ACTIVITY_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=5)
)
# The case record (PostgreSQL): retried for ever, so an outage only delays it.
RECORD_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    maximum_interval=timedelta(minutes=1),
    non_retryable_error_types=list(NON_RETRYABLE),
)
RECORD_REFUSED_PAUSE = timedelta(hours=1)  # after a refusal (alerted): try again after repair
# `record-after-commit`: the recorder's own appends run as local activities in a workflow task
# after the one that decided the events (see _record): the next command's or activity answer's,
# or at the latest a timer's after RECORD_LAG; when the case is about to close or continue as
# new, a timer's after COMMIT_WAIT. One quick attempt (a command arriving meanwhile waits for it):
# a database that is slow or away gets the durable activity instead, so nothing waits on an outage.
RECORD_LAG = timedelta(seconds=5)
COMMIT_WAIT = timedelta(milliseconds=1)
LOCAL_APPEND_TIMEOUT = timedelta(seconds=2)
LOCAL_APPEND_RETRY = RetryPolicy(maximum_attempts=1)


def _rejection(error: DomainError) -> ApplicationError:
    return ApplicationError(
        f"{error.zh} / {error.en}", error.as_details(), type=error.code, non_retryable=True
    )


def _refused(error: ActivityError) -> bool:
    """The case record refused an append (divergent duplicate, gap): retrying cannot help."""
    return isinstance(error.cause, ApplicationError) and error.cause.type in NON_RETRYABLE


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


@workflow.defn(name="EnforcementCase")
class EnforcementCase:
    @workflow.init
    def __init__(self, start: FileCase | CaseRun) -> None:
        # A new case starts from the file_case command; a continued one from what it carried.
        self._run = start if isinstance(start, CaseRun) else CaseRun(filing=start)
        self._state: CaseState | None = fold(None, self._run.events) if self._run.events else None
        self._attributes: tuple[Any, ...] = ()
        self._recorder: asyncio.Task[None] | None = None
        self._appending = False  # an append is in flight (the recorder's or an outbox item's)
        self._record_with_outbox = False  # set in run (workflow.patched)
        self._record_after_commit = False  # set in run (workflow.patched)
        self._settling = False  # the loop waits for the record before it closes or continues
        self._carrying = False  # an outbox activity is in flight
        self._record_until: int | None = None  # set when continuing as new
        # Filing happens here, before any handler can run, so a command that arrives with the
        # start (update-with-start) already finds a filed case.
        self._filing_refused: DomainError | None = None
        self._decided: tuple[tuple[Envelope, int, datetime], list[ev.Event]] | None = None
        # 督办 from a level-3 escalation and the supervision search attributes (set in run)
        self._supervision_rules = False
        if self._state is None:
            try:
                self._commit(decide_filing(self._run.filing, workflow.now()))
            except DomainError as error:
                self._filing_refused = error

    # -- the loop ----------------------------------------------------------------------------
    @workflow.run
    async def run(self, start: FileCase | CaseRun) -> CaseSnapshot:
        if self._filing_refused is not None:
            raise _rejection(self._filing_refused)
        # An outbox activity carries the events not yet recorded and appends them before it
        # acts (one activity instead of two); cases started before replay without it.
        self._record_with_outbox = workflow.patched("record-with-outbox")
        # The recorder's own appends: a local activity in a later workflow task, not an activity.
        self._record_after_commit = workflow.patched("record-after-commit")
        if workflow.patched("case-record"):
            self._recorder = asyncio.create_task(self._record())
        # Cases recorded before supervision existed replay without it (tests/histories).
        self._supervision_rules = workflow.patched("supervision")
        while True:
            await self._carry_out()
            self._commit(tick(self.state, workflow.now(), auto_supervise=self._supervision_rules))
            self._publish_search_attributes()
            if self._run.outbox:
                continue
            if self.state.status == "closed":
                self._settling = True
                await workflow.wait_condition(self._settled(None))
                if not self._run.outbox:
                    return snapshot(self.state)
                continue
            if self._should_continue_as_new():
                self._record_until = self.state.last_seq  # later events go with CaseRun
                self._settling = True
                await workflow.wait_condition(self._settled(self._record_until))
                workflow.logger.info("continuing as new at seq %s", self.state.last_seq)
                workflow.continue_as_new(self._run)
            wake = next_wakeup(self.state)
            timeout = None if wake is None else max(wake - workflow.now(), timedelta(0))
            # Any new event may open or move a deadline: wake up to re-arm the timer.
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(
                    self._woken_after(self.state.last_seq), timeout=timeout
                )

    @property
    def state(self) -> CaseState:
        if self._state is None:
            raise ApplicationError(
                "案件未立案 / the case was not filed", type="case.not_filed", non_retryable=True
            )
        return self._state

    def _woken_after(self, seen: int) -> Callable[[], bool]:
        return lambda: self.state.last_seq != seen or self._should_continue_as_new()

    def _settled(self, upto: int | None) -> Callable[[], bool]:
        """No handler running, no append in flight, and the case record holds every event up
        to `upto` (None: all of them). Before continue-as-new `upto` is the seq when it was
        decided: later events travel in CaseRun (with recorded_seq) and the next run records
        them, so a stream of commands cannot hold the case back."""

        def settled() -> bool:
            target = self.state.last_seq if upto is None else upto
            recorded = self._recorder is None or (
                not self._appending and self._run.recorded_seq >= target
            )
            return recorded and workflow.all_handlers_finished()

        return settled

    async def _record(self) -> None:
        """Append new events to the case record, in order, batching what accumulated; runs
        beside the loop, so no update waits for a database that is slow or away.

        With `record-after-commit` the append is a local activity in a workflow task that the
        case has anyway (the next command's, an activity's answer), so it costs the Temporal
        server no task of its own. A local activity runs inside the workflow task that starts
        it, before that task is in history; a worker that dies then leaves a task that is
        decided again, at another `now()`. So it only takes events decided in an earlier task:
        in a later one (a longer history), that task is in history, and a retried task replays
        them unchanged. With no later task within RECORD_LAG, or when the case waits for its
        record to close or continue as new, a timer makes one."""
        while True:
            await workflow.wait_condition(self._record_alone)
            upto = None
            if self._record_after_commit:
                upto = self.state.last_seq
                decided_in = workflow.info().get_current_history_length()
                with contextlib.suppress(TimeoutError):
                    await workflow.wait_condition(
                        self._later_task_or_settling(decided_in), timeout=RECORD_LAG
                    )
                if workflow.info().get_current_history_length() == decided_in:
                    await workflow.sleep(COMMIT_WAIT)
                if not self._record_alone():  # an outbox item waits: it takes them along
                    continue
            batch = self._take_record(upto)
            if batch is None:  # an outbox item took them meanwhile
                continue
            try:
                await self._append(batch)
            except ActivityError as error:
                # Refused (divergent duplicate, gap): the activity alerted; the case goes on.
                self._recorded(None)
                workflow.logger.error("case record refused the append: %s", error.cause)
                await workflow.sleep(RECORD_REFUSED_PAUSE)
                continue
            self._recorded(batch)

    def _later_task_or_settling(self, decided_in: int) -> Callable[[], bool]:
        """A workflow task after the one at history length `decided_in` (which is then in
        history), or the loop waiting for the record."""
        return lambda: workflow.info().get_current_history_length() > decided_in or self._settling

    async def _append(self, batch: CaseEventBatch) -> None:
        if self._record_after_commit:
            try:
                await workflow.execute_local_activity(
                    APPEND_ACTIVITY,
                    batch,
                    start_to_close_timeout=LOCAL_APPEND_TIMEOUT,
                    retry_policy=LOCAL_APPEND_RETRY,
                )
                return
            except ActivityError as error:
                if _refused(error):
                    raise
                workflow.logger.warning("case record slow or away, retrying durably: %s", error)
        await workflow.execute_activity(
            APPEND_ACTIVITY,
            batch,
            start_to_close_timeout=ACTIVITY_TIMEOUT,
            retry_policy=RECORD_RETRY,
        )

    def _record_alone(self) -> bool:
        """Events to record and nobody appending them; with `record-with-outbox`, not while an
        outbox item waits to start: its activity takes them along."""
        waiting_item = self._record_with_outbox and bool(self._run.outbox) and not self._carrying
        return (
            not self._appending and not waiting_item and self._recordable() > self._run.recorded_seq
        )

    def _take_record(self, upto: int | None = None) -> CaseEventBatch | None:
        """The next batch of unrecorded events, none past `upto` (None: none, or an append is
        in flight); the caller appends it and reports with `_recorded`."""
        start = self._run.recorded_seq  # events[i] has seq i + 1
        last = self._recordable() if upto is None else min(self._recordable(), upto)
        end = min(last, start + MAX_BATCH)
        if self._recorder is None or self._appending or end <= start:
            return None
        self._appending = True
        return CaseEventBatch(
            case_id=self._run.filing.case_number, events=self._run.events[start:end]
        )

    def _recorded(self, batch: CaseEventBatch | None) -> None:
        """The append of `batch` is over: done, or (None) refused and left to the recorder."""
        self._appending = False
        if batch is not None:
            self._run.recorded_seq = batch.events[-1].seq

    def _recordable(self) -> int:
        """The last seq to record in this run (not past the continue-as-new point)."""
        if self._record_until is None:
            return self.state.last_seq
        return min(self.state.last_seq, self._record_until)

    def _should_continue_as_new(self) -> bool:
        info = workflow.info()
        if info.is_continue_as_new_suggested():
            return True
        limit = self._run.history_limit
        return limit is not None and info.get_current_history_length() > limit

    # -- commands ----------------------------------------------------------------------------
    def _parse(self, raw: Any) -> Envelope:
        try:
            return Envelope.model_validate(raw)
        except ValidationError as error:
            raise _malformed(error) from None

    def _decide(self, envelope: Envelope) -> list[ev.Event]:
        # The validator's decision serves the handler that follows it: the same command on the
        # same state (last_seq) at the same time decides the same events. On replay validators
        # do not run and the handler decides afresh, with the same result.
        now = workflow.now()
        key = (envelope, self.state.last_seq, now)
        if self._decided is not None and self._decided[0] == key:
            events, self._decided = self._decided[1], None
            return events
        try:
            events = decide(self.state, envelope, now)
        except DomainError as error:
            raise _rejection(error) from None
        self._decided = (key, events)
        return events

    @workflow.update(name="execute")
    def execute(self, raw: Any) -> CaseSnapshot:
        envelope = self._parse(raw)
        answered = self._run.answered.get(envelope.request_id)
        if answered is not None:
            return snapshot(fold(None, self._run.events[:answered]))
        self._commit(self._decide(envelope), envelope.request_id)
        return snapshot(self.state)

    @execute.validator
    def _validate_execute(self, raw: Any) -> None:
        envelope = self._parse(raw)
        if envelope.request_id not in self._run.answered:
            self._decide(envelope)

    @workflow.signal(name="submit")
    def submit(self, raw: Any) -> None:
        """Fire-and-forget commands from integrations; a refusal is logged, never applied."""
        try:
            envelope = self._parse(raw)
            if envelope.request_id not in self._run.answered:
                self._commit(self._decide(envelope), envelope.request_id)
        except ApplicationError as error:
            workflow.logger.warning("submitted command refused: %s", error.message)

    @workflow.query(name="snapshot")
    def query_snapshot(self) -> CaseSnapshot:
        return snapshot(self.state)

    @workflow.query(name="events")
    def query_events(self) -> list[ev.Event]:
        return self._run.events

    # -- recording and its consequences -------------------------------------------------------
    def _commit(self, new_events: list[ev.Event], request_id: str | None = None) -> None:
        if not new_events:
            return
        self._state = fold_in_place(self._state, new_events)
        self._run.events.extend(new_events)
        if request_id is not None:
            self._run.answered[request_id] = self.state.last_seq
        for event in new_events:
            self._run.outbox.extend(effects_of(self.state, event))

    async def _carry_out(self) -> None:
        """Carry out the outbox in order; each item is idempotent by its key. With
        `record-with-outbox` no item goes out before its cause is in the case record: the
        item's activity first appends the events not yet recorded; if the record refuses them
        (alerted), the item goes alone and the recorder meets the refusal."""
        while self._run.outbox:
            item = self._run.outbox[0]
            record = None
            if self._record_with_outbox:
                # Record, then act: an append in flight finishes first (its events may include
                # this item's cause), then the item takes the rest along.
                await workflow.wait_condition(lambda: not self._appending)
                record = self._take_record()
            self._carrying = True
            try:
                await self._perform(item, record)
            except ActivityError as error:
                if record is None or not _refused(error):
                    raise
                self._recorded(None)
                record = None
                await self._perform(item, None)
            finally:
                self._carrying = False
            if record is not None:
                self._recorded(record)
            self._run.outbox.pop(0)

    async def _perform(self, item: Effect, record: CaseEventBatch | None) -> None:
        if self._record_with_outbox:
            receipt = await workflow.execute_activity(
                CARRY_OUT_ACTIVITY,
                args=[item, record],
                result_type=PayoutReceipt | None,  # type: ignore[arg-type]
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
            )
        elif isinstance(item, ExternalRequest):
            receipt = None
            await workflow.execute_activity(
                "dispatch_request",
                item,
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
            )
        elif isinstance(item, PayoutOrder):
            receipt = await workflow.execute_activity(
                "pay_out",
                item,
                result_type=PayoutReceipt,
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
            )
        else:
            receipt = None
            await workflow.execute_activity(
                "send_notification",
                item,
                start_to_close_timeout=ACTIVITY_TIMEOUT,
                retry_policy=ACTIVITY_RETRY,
            )
        if isinstance(item, PayoutOrder) and receipt is not None and receipt.paid:
            self._record_payout(item, receipt)

    def _record_payout(self, order: PayoutOrder, receipt: PayoutReceipt) -> None:
        """The treasury paid: record it like any other answer, through the rules."""
        envelope = Envelope(
            request_id=f"treasury/{order.idempotency_key}",
            actor=Actor(user_id="treasury", role="integration", court_code=order.court_code),
            command=RecordPayout(payout_id=order.payout_id, reference=receipt.reference),
        )
        if envelope.request_id in self._run.answered:
            return
        try:
            self._commit(self._decide(envelope), envelope.request_id)
        except ApplicationError as error:  # e.g. the officer already recorded it by hand
            workflow.logger.warning("payout %s not recorded: %s", order.payout_id, error.message)

    def _publish_search_attributes(self) -> None:
        s = self.state
        snap_deadline = min((d.due_at for d in s.open_deadlines()), default=None)
        level = max((d.escalation_level for d in s.open_deadlines()), default=0)
        supervised, open_petitions = bool(s.open_supervisions()), len(s.open_petitions())
        current = (
            s.status,
            s.stage,
            s.officer_id,
            snap_deadline,
            level,
            supervised,
            open_petitions,
        )
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
            sa.NEXT_DEADLINE.value_set(snap_deadline)
            if snap_deadline is not None
            else sa.NEXT_DEADLINE.value_unset(),
        ]
        if self._supervision_rules:
            updates += [
                sa.SUPERVISED.value_set(supervised),
                sa.OPEN_PETITIONS.value_set(open_petitions),
            ]
        workflow.upsert_search_attributes(updates)
