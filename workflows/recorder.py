"""The bridge from a case's events to its record: PostgreSQL ``case_events`` (with the
supervisors' ``case_summary`` and the case-funds ledger, written in the same transaction by the
append activity, activities/record.py). The workflow's events are the truth; the record is the
court's copy, and it must never fall behind silently.

What is recorded when
  1. Every event the case accepts is appended, in seq order, by one append at a time. An append
     is idempotent (the store skips what it already holds and refuses a divergent duplicate), so
     a retried or replayed append never records an event twice.
  2. An effect (a request to a court system, a notice, a payout order) goes out through one
     activity, ``carry_out(effect, batch)``, which first appends the events not yet recorded
     (``take`` / ``done``): the record holds an effect's cause before the effect leaves, and
     while effects flow recording costs no activity of its own. Effects in flight together
     (workflows/outbox.py) share this one append at a time: one takes the events, the others
     wait for it unless the record already holds their cause.
  3. What no effect carries is appended by a local activity in a later workflow task of the
     case's own: the next command's or activity answer's, at the latest a timer's after
     RECORD_LAG (under the `lean-history` patch one such timer, left running when a later task
     comes first, covers every event decided while it runs). A local activity runs inside the
     task that starts it, before that task is in the history; a worker that dies meanwhile
     leaves a task decided again at another ``now``.
     So it only ever takes events decided in an earlier task, which the history already holds
     (the history's length tells that a later task has begun).

What a command may wait for
  4. Only that quick local append: a command arriving while it runs is answered when its task
     completes (milliseconds; at most LOCAL_APPEND_TIMEOUT). Nothing waits on an outage.

When PostgreSQL is slow or away
  5. A local append that fails or times out becomes a durable activity, which the Temporal
     server retries (RECORD_RETRY: at most RECORD_RETRY_MAX between tries) whether or not a
     worker or the database is up: the record converges within RECORD_RETRY_MAX of PostgreSQL
     being reachable again. Meanwhile new events wait behind it (one append at a time) and are
     taken by the next append, in order. Every way the local attempt can fail is read: an
     error the activity raised reaches the workflow as a bare ApplicationError, a timeout as an
     ActivityError (temporalio/sdk-rust#323); missing the first let the recorder end silently
     with its append in flight, so the case's record stayed behind until it closed (issue 13).
  8. The recorder never ends. Should it ever, the case fails its workflow task (loudly, on every
     retry) instead of going on with a record that silently stays behind.

When the record refuses
  6. A divergent duplicate, a gap or a malformed batch cannot be cured by retrying: the
     activity alerts (its log line carries ``alert=True``), the record stays behind and the
     case says so (``blocked``: the search attribute ZhixingRecordBlocked, which supervisors'
     live lists show, and the snapshot's ``record_blocked``), and the recorder tries again
     after RECORD_REFUSED_PAUSE, so a repair by an operator is picked up.

Before the case closes
  7. The case waits (``settling(None)``, then ``recorded()``) until the record holds every
     event, appending at once instead of after a later task. (Cases started before issue 18
     waited the same way before continuing as new, up to the seq where they decided to.)

Before the case continues as new
  9. It does not wait for its record (``hand_over``): no new append starts, one in flight is
     cancelled and not waited for (it may still commit: the record skips what it holds, under
     the case's lock), and every event past ``recorded_seq`` travels in ``CaseRun``; the next
     run appends them. A record that is slow, away or refusing cannot hold a run open.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, ApplicationError, CancelledError, FailureError

with workflow.unsafe.imports_passed_through():
    from activities.contracts import APPEND_ACTIVITY, MAX_BATCH, NON_RETRYABLE, CaseEventBatch
    from workflows.case_run import CaseRun

RECORD_LAG = timedelta(seconds=5)  # at the latest, a timer's task records what nothing carried
COMMIT_WAIT = timedelta(milliseconds=1)  # a timer's task, when the case waits for its record
LOCAL_APPEND_TIMEOUT = timedelta(seconds=2)
LOCAL_APPEND_RETRY = RetryPolicy(maximum_attempts=1)
RECORD_TIMEOUT = timedelta(seconds=30)
RECORD_RETRY_MAX = timedelta(minutes=1)
RECORD_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    maximum_interval=RECORD_RETRY_MAX,
    non_retryable_error_types=list(NON_RETRYABLE),
)
RECORD_REFUSED_PAUSE = timedelta(hours=1)


def _raised(error: FailureError) -> BaseException | None:
    """What the append activity raised. A durable activity's failure reaches the workflow as an
    ActivityError caused by the activity's ApplicationError; a local activity's as that
    ApplicationError itself, unwrapped (temporalio/sdk-rust#323). Both are read here."""
    return error.cause if isinstance(error, ActivityError) else error


def refused(error: FailureError) -> bool:
    """The record refused an append (divergent duplicate, gap, malformed): retrying cannot help."""
    cause = _raised(error)
    return isinstance(cause, ApplicationError) and cause.type in NON_RETRYABLE


class CaseRecorder:
    """Carries one run's events to the record (the module's docstring holds its protocol)."""

    def __init__(self, run: CaseRun, effect_waiting: Callable[[], bool]) -> None:
        self._run = run
        self._effect_waiting = effect_waiting  # an effect is about to go out: it takes the events
        self._in_flight = False  # an append is running (the recorder's or an effect's)
        self._settling = False  # the case waits for its record to close or continue as new
        self._until: int | None = None  # continue-as-new: this run records up to here
        self._task: asyncio.Task[None] | None = None
        self._handed_over = False
        self._lean = False  # LEAN_HISTORY: one RECORD_LAG timer for what it covers
        self._lag: asyncio.Task[None] | None = None  # that timer, while it runs
        self.blocked: str | None = None  # the refusal's code while the record refuses the case

    def start(self, lean: bool) -> None:
        self._lean = lean
        self._task = asyncio.create_task(self._record())

    def hand_over(self) -> None:
        """Before continuing as new (rule 9): no new append; one in flight is cancelled and left
        to finish or not (the record skips what it holds, under the case's lock), not waited
        for; the events past ``recorded_seq`` travel in CaseRun and the next run appends
        them."""
        self._handed_over = True  # no new append, even should the cancellation be swallowed
        if self._task is not None:
            self._task.cancel()

    @property
    def stopped(self) -> bool:
        """The recorder's loop ended, which it never does of itself: a bug."""
        return self._task is not None and self._task.done() and not self._handed_over

    def raise_if_stopped(self) -> None:
        """Surface a recorder that stopped: the workflow task fails, loudly and again on every
        retry, instead of the case going on with a record that silently stays behind."""
        if not self.stopped:
            return
        assert self._task is not None
        error = None if self._task.cancelled() else self._task.exception()
        raise RuntimeError(f"the case's recorder stopped: {error!r}") from error

    # -- what an effect carries along ------------------------------------------------------
    def take(self, upto: int | None = None) -> CaseEventBatch | None:
        """The next events to append (none past `upto`), or None: nothing to record, or an
        append is in flight. The caller appends them and reports with `done` or `failed`."""
        start = self._run.recorded_seq
        last = self._recordable() if upto is None else min(self._recordable(), upto)
        end = min(last, start + MAX_BATCH)
        if self._in_flight or end <= start:
            return None
        self._in_flight = True
        return CaseEventBatch(
            case_id=self._run.filing.case_number, events=self._run.held(start, end)
        )

    def done(self, batch: CaseEventBatch) -> None:
        self._in_flight = False
        self._run.recorded_seq = batch.events[-1].seq
        self.blocked = None

    def release(self, batch: CaseEventBatch | None) -> None:
        """The batch's append did not happen, or nobody knows: it may be taken again (the
        record skips what it already holds)."""
        if batch is not None:
            self._in_flight = False

    async def append(self, batch: CaseEventBatch) -> None:
        """Append a batch taken with `take` now (rules 4-6), and report it."""
        try:
            await self._append(batch)
        except FailureError as error:  # refused (rule 6): `_append` retries all else
            self.failed(error)
            return
        except BaseException:
            self.release(batch)
            raise
        self.done(batch)

    def holds(self, seq: int) -> bool:
        """The record holds the events up to `seq`."""
        return self._run.recorded_seq >= seq

    def failed(self, error: FailureError) -> None:
        """The record refused the batch (the activity alerted); it stays unrecorded, and the
        case shows it (search attribute ZhixingRecordBlocked, the snapshot's record_blocked)."""
        self._in_flight = False
        cause = _raised(error)
        code = cause.type if isinstance(cause, ApplicationError) else None
        self.blocked = code or "store.refused"
        workflow.logger.error("the case record refused an append: %s", cause)

    @property
    def in_flight(self) -> bool:
        return self._in_flight

    # -- closing and continuing as new -----------------------------------------------------
    def recorded(self, upto: int | None = None) -> bool:
        """Nothing in flight and the record holds every event up to `upto` (None: all)."""
        target = self._recordable() if upto is None else upto
        return not self._in_flight and self._run.recorded_seq >= target

    def settling(self, upto: int | None) -> None:
        """The case waits for its record (rule 7): append at once, and in this run nothing past
        `upto` (None: everything)."""
        self._settling = True
        self._until = upto

    # -- the recorder's own appends --------------------------------------------------------
    def _recordable(self) -> int:
        last = max(self._run.last_held_seq, self._run.recorded_seq)
        return last if self._until is None else min(last, self._until)

    def _alone(self) -> bool:
        """Events to record, nobody appending them, and no effect about to take them along. An
        effect that waits while the case settles does not go out in this run (the case waits
        for its record first), so then the recorder does not wait for it."""
        return (
            not self._in_flight
            and not self._handed_over
            and (self._settling or not self._effect_waiting())
            and self._recordable() > self._run.recorded_seq
        )

    async def _record(self) -> None:
        while True:
            await workflow.wait_condition(self._alone)
            upto = self._recordable()
            await self._later_task()
            if not self._alone():  # an effect is about to go out: it takes them along
                continue
            batch = self.take(upto)
            if batch is None:
                continue
            await self.append(batch)
            # Not kept while the case waits for more: its events are objects (the run holds
            # them as JSON, CaseRun.hold).
            del batch
            if self.blocked is not None:  # refused (rule 6)
                await workflow.sleep(RECORD_REFUSED_PAUSE)

    async def _later_task(self) -> None:
        """Return in a workflow task later than this one (rule 3): the next one the case has
        anyway within RECORD_LAG, else (or at once when settling) a timer's."""
        decided_in = workflow.info().get_current_history_length()

        def later_or_settling() -> bool:
            return workflow.info().get_current_history_length() > decided_in or self._settling

        if self._lean:
            # A RECORD_LAG timer started for earlier events is left running when a later task
            # comes first: it fires within RECORD_LAG of these events too.
            if self._lag is None or self._lag.done():
                self._lag = asyncio.create_task(workflow.sleep(RECORD_LAG))
            lag = self._lag
            await workflow.wait_condition(lambda: later_or_settling() or lag.done())
        else:
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(later_or_settling, timeout=RECORD_LAG)
        if workflow.info().get_current_history_length() == decided_in:
            await workflow.sleep(COMMIT_WAIT)

    async def _append(self, batch: CaseEventBatch) -> None:
        """One quick local attempt, then a durable activity the server retries (rules 4, 5).
        Raises a FailureError only when the record refuses (rule 6). Whatever the local
        attempt's failure (an error of the activity, a timeout), it is read here: a failure
        that escaped would end the recorder silently with the append in flight for ever."""
        try:
            await workflow.execute_local_activity(
                APPEND_ACTIVITY,
                batch,
                start_to_close_timeout=LOCAL_APPEND_TIMEOUT,
                retry_policy=LOCAL_APPEND_RETRY,
            )
            return
        except CancelledError:
            raise
        except FailureError as error:
            if refused(error):
                raise
            workflow.logger.warning("case record slow or away, appending durably: %s", error)
        if self._handed_over:  # the run is ending (its local append was cancelled): no command
            raise asyncio.CancelledError()  # after continue-as-new; the next run appends them
        await workflow.execute_activity(
            APPEND_ACTIVITY,
            batch,
            start_to_close_timeout=RECORD_TIMEOUT,
            retry_policy=RECORD_RETRY,
        )
