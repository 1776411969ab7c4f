"""EnforcementCase: one enforcement case (执行案件) as one long-running workflow.

The story of a case, and nothing else: it is filed; commands arrive (the update ``execute``,
the signal ``submit``) and the rules decide them (``domain.decide``); time passes and the clock
decides what that means (``domain.decide.tick`` at ``next_wakeup``); what the events ask of the
world goes out through the outbox (workflows/outbox.py); every event reaches the court's record
through the recorder (workflows/recorder.py). A closed case ends when its record holds every
event and its outbox is empty; a long one continues as new when the server suggests it or a run
nears Temporal's limits (``RunLimits``), carrying its state, not its story (``CaseRun``).

Each command costs the same however long the case: the update answers the decision
(``CommandAnswer``), not the snapshot; the rules copy the state, which does not grow with
repeated commands; nothing folds or serializes the event list.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from pydantic import ValidationError
from temporalio import workflow
from temporalio.common import SearchAttributeUpdate
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.contracts import PayoutReceipt, WritReceipt
    from domain.commands import Actor, Envelope, FileCase, RecordPayout, RecordWrit
    from domain.deadline_watch import next_wakeup, wake_time
    from domain.decide import decide, decide_filing, tick
    from domain.decision import Outcome
    from domain.effects import Effect, PayoutOrder, WritOrder, effects_of
    from domain.errors import DomainError
    from domain.fold import fold
    from domain.registry import offered
    from domain.snapshot import CaseSnapshot, CommandAnswer, EventsPage, snapshot
    from domain.state import CaseState
    from runtime import search_attributes as sa
    from runtime.contract import EVENTS_PAGE, EVENTS_PAGE_MAX, WORKFLOW_TYPE
    from workflows.case_metrics import CommandCounters
    from workflows.case_run import Answered, CaseRun, Pending
    from workflows.outbox import CaseOutbox
    from workflows.recorder import CaseRecorder


COMPACT_RUN = "compact-run"
"""The patch (workflow.patched) of issue 18: effects in lanes beside the case, continue-as-new
that hands over instead of waiting, limits of its own. Histories without its marker replay the
case as it was: one effect at a time, continue-as-new once the outbox is empty and the record
complete, on the server's suggestion or past ``history_limit``."""

LEAN_HISTORY = "lean-history"
"""The patch of issue 15: less history per command. A timer is started only when its moment
changes: the case's wake-up timer stays armed across commands that leave the next deadline step
where it was, and the recorder's RECORD_LAG timer covers every event decided while it runs (it is
not cancelled when a later task comes first). A search-attribute upsert carries only the
attributes that changed. Histories without the marker replay a timer started and cancelled
around every command, twice (four history events a command), and every attribute upserted."""


WRITS = "writs"
"""The patch (workflow.patched) of issue 16: the documents an event issues (domain/writs.py) are
rendered and kept in the record, and the case records each one's fingerprint (``writ_issued``).
Histories without its marker replay without them. Asked the first time an event issues one."""

TASK_CLOCK = "task-clock"
"""The patch of the record's divergence (issue 16): a workflow task in which the case decided
events outside an update completes with a command (a memo of the case's last seq), never empty.
Temporal's SDK core, replaying a history, folds an empty task into the task that follows it at
once and replays the first task's inbound events (an activity's answer, a signal, a timer) at the
second task's clock (temporalio/sdk-rust#1146, arch_docs/workflow_task_chunking.md). A document's
fingerprint recorded in such a task was appended to the record with the first clock and replayed
with the second: the case and its record disagreed about the event, silently. An update's task is
never empty (its acceptance follows it in the history). Histories without the marker replay
without the memo."""

NIGHT_SPREAD = "night-spread"
"""The patch of issue 15: the case wakes for a step at the turn of a day at its own offset into
the night (``domain.deadline_watch.wake_time``), not with every other case at 00:00. Histories
without the marker replay the wake-up at the step's moment (``next_wakeup``)."""

PATCHES_AT_START = "patches-at-start"
"""The patch of issue 15: a run begun on this code records one marker for the patches of
``AT_START``, asked first thing (``EnforcementCase.__init__``), and asks none of them. A patch
costs a marker and an upsert of ``TemporalChangeVersion`` (a visibility write on the server) in
every run that asks it: a new case asked all five. A run begun before it (no marker) asks each
where it always did. A patch added later is asked on its own (``_patched``) until a patch like
this one takes it in."""

AT_START = frozenset({COMPACT_RUN, LEAN_HISTORY, WRITS, TASK_CLOCK, NIGHT_SPREAD})

WRIT_OFFICE_USER = "writ-office"  # who records a document's fingerprint (an integration)


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
        self._state: CaseState | None = self._run.state
        run = self._run
        if self._state is None and run.last_held_seq >= run.first_held_seq:  # continued before
            self._state = fold(None, run.held(0, run.last_held_seq))  # issue 18: every event
        self._run.state = None  # the live state is self._state; carried again when continuing
        self._recorder = CaseRecorder(self._run, effect_waiting=lambda: self._outbox.waiting())
        self._outbox = CaseOutbox(
            self._run, self._recorder, paid=self._record_payout, issued=self._record_writ
        )
        self._attributes: tuple[Any, ...] = ()
        # each search attribute's value as last upserted (LEAN_HISTORY)
        self._upserted: dict[str, Any] = {}
        self._record_blocked_shown = False  # as the search attribute last said
        self._decided: tuple[tuple[Envelope, int, datetime], Outcome] | None = None
        self._lanes = False  # effects in lanes, the case not waiting for them (COMPACT_RUN)
        self._lean = False  # less history per command (LEAN_HISTORY)
        self._wake: tuple[datetime, asyncio.Task[None]] | None = None  # the armed wake-up
        self._updates = 0  # accepted by this run
        self._signals = 0  # received by this run
        self._counters = CommandCounters()
        self._at_start = workflow.patched(PATCHES_AT_START)  # before any other patch is asked
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
        self._lanes = self._patched(COMPACT_RUN)
        self._lean = self._patched(LEAN_HISTORY)
        self._recorder.start(lean=self._lean)
        if self._lanes:
            self._outbox.start()
        while True:
            self._recorder.raise_if_stopped()
            self._outbox.raise_if_failed()
            if not self._lanes:
                await self._outbox.carry_out()
            self._adopt(tick(self.state, workflow.now()))
            self._publish_search_attributes()
            if not self._lanes and self._run.outbox:
                continue  # the clock asked something of the world
            if self.state.status == "closed":
                await self._settle(None)
                if not self._run.outbox:  # no command slipped in meanwhile
                    return self._snapshot(self.state)
                continue
            if self._should_continue_as_new():
                await self._continue_as_new()
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
                or self._outbox.failed
            )

        spread = self._patched(NIGHT_SPREAD)  # (memoized: the run's first sleep decides)
        wake = wake_time(self.state) if spread else next_wakeup(self.state)
        if self._lean:
            woken = self._armed(wake)
            await workflow.wait_condition(lambda: something_happened() or woken())
            return
        timeout = None if wake is None else max(wake - workflow.now(), timedelta(0))
        with contextlib.suppress(TimeoutError):
            await workflow.wait_condition(something_happened, timeout=timeout)

    def _armed(self, wake: datetime | None) -> Callable[[], bool]:
        """A timer for `wake` (LEAN_HISTORY): the one already armed when the moment is the
        same and it has not fired, else a new one (the old one cancelled). Returns "has it
        fired"."""
        if self._wake is not None and (self._wake[0] != wake or self._wake[1].done()):
            self._wake[1].cancel()
            self._wake = None
        if wake is not None and self._wake is None:
            delay = max(wake - workflow.now(), timedelta(milliseconds=1))
            self._wake = (wake, asyncio.create_task(workflow.sleep(delay)))
        armed = self._wake
        return lambda: armed is not None and armed[1].done()

    async def _settle(self, upto: int | None) -> None:
        """No handler running, nothing in the outbox's flight, and the record holding every
        event up to `upto` (None: all)."""
        self._recorder.settling(upto)
        await workflow.wait_condition(
            lambda: (
                (
                    self._recorder.recorded(upto)
                    and workflow.all_handlers_finished()
                    and (not self._lanes or self._outbox.idle)
                )
                or self._recorder.stopped
                or self._outbox.failed
            )
        )
        self._recorder.raise_if_stopped()
        self._outbox.raise_if_failed()

    def _should_continue_as_new(self) -> bool:
        info = workflow.info()
        if info.is_continue_as_new_suggested():
            return True
        limits = self._run.limits
        if not self._lanes:  # before issue 18: a history length, and only when one was given
            given = "history_events" in limits.model_fields_set
            return given and info.get_current_history_length() > limits.history_events
        return (
            info.get_current_history_length() > limits.history_events
            or info.get_current_history_size() > limits.history_bytes
            or self._updates >= limits.updates
            or self._signals >= limits.signals
        )

    async def _continue_as_new(self) -> None:
        """Continue as new now, whatever keeps arriving. The outbox stops (an effect in flight
        finishes or is cancelled), the recorder hands over; what is not done travels in
        CaseRun: the state, the unrecorded events, the effects asked, the requests answered.
        A command arriving meanwhile is applied by this run and carried, or reaches the next."""
        if self._lanes:
            await self._outbox.stop()
            self._recorder.hand_over()
            await workflow.wait_condition(workflow.all_handlers_finished)
        else:  # before issue 18: the case waited for its outbox and its record
            await self._settle(self.state.last_seq)  # later events go with the CaseRun
        run = self._run.carry(self.state.last_seq)
        run.state = self.state
        workflow.logger.info(
            "continuing as new at seq %s (recorded %s, %s effects pending)",
            self.state.last_seq,
            run.recorded_seq,
            len(run.outbox),
        )
        workflow.continue_as_new(run)

    def _patched(self, patch: str) -> bool:
        """Whether this run takes the branch of `patch` (workflow.patched), one marker for all
        of AT_START in a run begun on this code (PATCHES_AT_START)."""
        return (self._at_start and patch in AT_START) or workflow.patched(patch)

    @property
    def state(self) -> CaseState:
        if self._state is None:
            raise ApplicationError(
                "案件未立案 / the case was not filed", type="case.not_filed", non_retryable=True
            )
        return self._state

    def _adopt(self, outcome: Outcome, request: Envelope | None = None) -> Answered:
        """The case as a decision left it; its events and what they ask of the world."""
        first_seq = (self._state.last_seq if self._state is not None else 0) + 1
        if not outcome.events:
            return Answered(digest="", first_seq=first_seq, last_seq=first_seq - 1)
        self._state = outcome.state
        self._run.hold(outcome.events)
        answered = Answered(
            digest="" if request is None else request.digest(),
            first_seq=first_seq,
            last_seq=self.state.last_seq,
        )
        if request is not None:
            self._run.remember(request.request_id, answered)
        if first_seq > 1:  # (filing is in the first task, which upserts search attributes)
            self._keep_clock()
        for event in outcome.events:
            self._run.outbox.extend(
                Pending(cause_seq=event.seq, effect=effect)
                for effect in effects_of(self.state, event)
                if self._carries(effect)
            )
        return answered

    def _keep_clock(self) -> None:
        """The task that decided events replays at its own clock (TASK_CLOCK): it completes
        with a command, the memo of the case's last seq, unless an update decided them."""
        if workflow.current_update_info() is None and self._patched(TASK_CLOCK):
            workflow.upsert_memo({"last_seq": self.state.last_seq})

    def _carries(self, effect: Effect) -> bool:
        """Whether this case carries the effect out: a document only under the patch WRITS."""
        return not isinstance(effect, WritOrder) or self._patched(WRITS)

    # -- commands ----------------------------------------------------------------------------
    def _parse(self, raw: Any) -> Envelope:
        try:
            return Envelope.model_validate(raw)
        except ValidationError as error:
            raise _malformed(error) from None

    def _decide(self, envelope: Envelope, *, keep: bool = False) -> Outcome:
        # The validator's decision (`keep`) serves the handler that follows it: the same command
        # on the same state (last_seq) at the same time decides the same events. On replay
        # validators do not run and the handler decides afresh, with the same result. Nothing
        # else is kept: a kept decision holds a whole copy of the case until it is served.
        now = workflow.now()
        key = (envelope, self.state.last_seq, now)
        if self._decided is not None and self._decided[0] == key:
            outcome, self._decided = self._decided[1], None
            return outcome
        try:
            outcome = decide(self.state, envelope, now)
        except DomainError as error:
            raise _rejection(error) from None
        if keep:
            self._decided = (key, outcome)
        return outcome

    def _answered(self, envelope: Envelope) -> Answered | None:
        """How the same request was answered (a repeat changes nothing), None for a new one; a
        request id already used for another request is refused (``request.reused``)."""
        answered = self._run.requests.get(envelope.request_id)
        if answered is not None and answered.digest != envelope.digest():
            raise _rejection(
                DomainError(
                    "request.reused",
                    f"请求号 {envelope.request_id} 已用于另一项请求，请换用新的请求号",
                    f"request id {envelope.request_id} was used for another request: "
                    "send this one under a new request id",
                )
            )
        return answered

    @workflow.update(name="execute")
    def execute(self, raw: Any) -> CommandAnswer:
        envelope = self._parse(raw)
        answered = self._answered(envelope)
        repeated = answered is not None
        if answered is None:
            answered = self._adopt(self._decide(envelope), envelope)
            self._counters.accepted(envelope.command.type)
        self._updates += 1
        s = self.state
        return CommandAnswer(
            case_number=s.case_number,
            request_id=envelope.request_id,
            first_seq=answered.first_seq,
            last_seq=answered.last_seq,
            events=self._events_of(answered),
            repeated=repeated,
            status=s.status,
            stage=s.stage,
            allowed_commands=offered(s),
        )

    @execute.validator
    def _validate_execute(self, raw: Any) -> None:
        try:
            envelope = self._parse(raw)
            if self._answered(envelope) is None:
                self._decide(envelope, keep=True)
        except ApplicationError as error:
            self._counters.rejected(raw, error.type)
            raise

    def _events_of(self, answered: Answered) -> list[Any]:
        """The events a request added, all of them while this run holds them, else none."""
        if answered.first_seq < self._run.first_held_seq:
            return []
        return self._run.held(answered.first_seq - 1, answered.last_seq)

    @workflow.signal(name="submit")
    def submit(self, raw: Any) -> None:
        """Fire-and-forget commands from integrations; a refusal is logged, never applied."""
        self._signals += 1
        try:
            envelope = self._parse(raw)
            if self._answered(envelope) is None:
                self._adopt(self._decide(envelope), envelope)
                self._counters.accepted(envelope.command.type)
        except ApplicationError as error:
            self._counters.rejected(raw, error.type)
            workflow.logger.warning("submitted command refused: %s", error.message)

    @workflow.query(name="snapshot")
    def query_snapshot(self) -> CaseSnapshot:
        return self._snapshot(self.state)

    def _snapshot(self, state: CaseState) -> CaseSnapshot:
        """The rules' snapshot, with what the workflow knows of the case record now (the query's
        and the result's)."""
        return snapshot(state).model_copy(
            update={
                "recorded_seq": self._run.recorded_seq,
                "record_blocked": self._recorder.blocked,
            }
        )

    @workflow.query(name="events")
    def query_events(self, after: int = 0, limit: int = EVENTS_PAGE) -> EventsPage:
        """The events after seq `after`, at most `limit` (up to EVENTS_PAGE_MAX), among those
        this run holds: a page that starts past `after` + 1 left older ones to the case record."""
        s = self.state
        start = max(after, self._run.first_held_seq - 1)
        end = min(s.last_seq, start + max(1, min(limit, EVENTS_PAGE_MAX)))
        return EventsPage(
            case_number=s.case_number,
            events=self._run.held(start, end),
            first_held_seq=self._run.first_held_seq,
            last_seq=s.last_seq,
        )

    def _record_payout(self, order: PayoutOrder, receipt: PayoutReceipt) -> None:
        """The treasury paid: record it like any other answer, through the rules."""
        envelope = Envelope(
            request_id=f"treasury/{order.idempotency_key}",
            actor=Actor(user_id="treasury", role="integration", court_code=order.court_code),
            command=RecordPayout(payout_id=order.payout_id, reference=receipt.reference),
        )
        self._record_answer(envelope)  # refused e.g. when the officer recorded it by hand

    def _record_answer(self, envelope: Envelope) -> None:
        """Record what the world answered, through the rules; a refusal is logged."""
        try:
            if self._answered(envelope) is None:
                self._adopt(self._decide(envelope), envelope)
        except ApplicationError as error:
            workflow.logger.warning("%s not recorded: %s", envelope.request_id, error.message)

    def _record_writ(self, order: WritOrder, receipt: WritReceipt) -> None:
        """A document is in the record: the case records its fingerprint, through the rules."""
        envelope = Envelope(
            request_id=f"writs/{order.writ_key}",
            actor=Actor(
                user_id=WRIT_OFFICE_USER, role="integration", court_code=self.state.court_code
            ),
            command=RecordWrit(
                writ_key=order.writ_key,
                kind=order.content.kind,
                sha256=receipt.sha256,
                size_bytes=receipt.size_bytes,
            ),
        )
        self._record_answer(envelope)  # refused e.g. when the case was closed meanwhile

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
        if self._lean:  # only what changed since the last upsert
            updates = [
                u
                for u in updates
                if u.key.name not in self._upserted or self._upserted[u.key.name] != u.value
            ]
            self._upserted.update((u.key.name, u.value) for u in updates)
        if updates:
            workflow.upsert_search_attributes(updates)
