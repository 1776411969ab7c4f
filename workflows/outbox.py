"""The case's outbox: what its events ask of the outside world (domain/effects.py), each effect
carried out once (the activities honour its key), each only after its cause is in the record:
``carry_out(effect, batch)`` appends the events the recorder hands it first.

Effects go out in lanes (``domain.effects.lane_of``: one external system and subject; a notice
alone): in a lane in the order asked, across lanes together, at most MAX_IN_FLIGHT at once, so a
burst of commands does not build a backlog of minutes. The outbox works beside the case; before
continuing as new it stops (``stop``): nothing new goes out, an effect in flight finishes or is
cancelled, and what is left travels in ``CaseRun.outbox`` to the next run.

Cases started before issue 18 replay their histories with the outbox of their time:
``carry_out``, one effect at a time, oldest first, the case waiting for it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError, CancelledError
from temporalio.workflow import ActivityCancellationType

with workflow.unsafe.imports_passed_through():
    from activities.contracts import (
        CARRY_OUT_ACTIVITY,
        CaseEventBatch,
        EffectReceipt,
        PayoutReceipt,
        WritReceipt,
    )
    from domain.effects import Effect, PayoutOrder, WritOrder, lane_of
    from workflows.case_run import CaseRun, Pending
    from workflows.recorder import CaseRecorder, refused

EFFECT_TIMEOUT = timedelta(seconds=30)
EFFECT_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=5)
)
MAX_IN_FLIGHT = 8  # effects carried out at once (each an activity)
# Stopping waits for an effect in an attempt to end: two attempts of one effect never overlap,
# not even across runs.
WAIT = ActivityCancellationType.WAIT_CANCELLATION_COMPLETED


class CaseOutbox:
    def __init__(
        self,
        run: CaseRun,
        recorder: CaseRecorder,
        paid: Callable[[PayoutOrder, PayoutReceipt], None],
        issued: Callable[[WritOrder, WritReceipt], None],
    ) -> None:
        self._run = run
        self._recorder = recorder
        self._paid = paid  # the treasury paid a payout order: the case records it
        self._issued = issued  # a document is in the record: the case records its fingerprint
        self._carrying: list[Pending] = []  # in flight
        self._tasks: list[asyncio.Task[None]] = []
        self._dispatcher: asyncio.Task[None] | None = None
        self._stopping = False
        self._failure: BaseException | None = None

    def waiting(self) -> bool:
        """An effect is about to go out (and will take the unrecorded events along)."""
        if self._dispatcher is None:  # one at a time (before issue 18)
            return bool(self._run.outbox) and not self._carrying
        return self._ready() is not None

    @property
    def idle(self) -> bool:
        """Nothing asked and nothing in flight."""
        return not self._run.outbox and not self._carrying

    # -- lanes (issue 18) --------------------------------------------------------------------
    def start(self) -> None:
        self._dispatcher = asyncio.create_task(self._dispatch())

    @property
    def failed(self) -> bool:
        return self._failure is not None

    def raise_if_failed(self) -> None:
        """An effect failed for good (an error no retry cures): the case fails, as it did when
        it carried effects out itself."""
        if self._failure is not None:
            raise self._failure

    async def stop(self) -> None:
        """Before continuing as new: nothing new goes out; an effect in flight is cancelled (one
        between attempts at once, one in an attempt when the attempt ends) or finishes."""
        self._stopping = True
        for task in [self._dispatcher, *self._tasks]:
            if task is not None:
                task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)

    def _ready(self) -> Pending | None:
        """The oldest effect of a lane with nothing in flight, while there is room."""
        if self._stopping or self._failure is not None or len(self._carrying) >= MAX_IN_FLIGHT:
            return None
        busy = {lane_of(p.effect) for p in self._carrying}
        for pending in self._run.outbox:
            lane = lane_of(pending.effect)
            if lane not in busy and all(pending is not p for p in self._carrying):
                return pending
            busy.add(lane)  # what comes later in this lane waits for this one
        return None

    async def _dispatch(self) -> None:
        while True:
            await workflow.wait_condition(lambda: self._ready() is not None)
            pending = self._ready()
            assert pending is not None
            self._carrying.append(pending)
            self._tasks = [t for t in self._tasks if not t.done()]
            self._tasks.append(asyncio.create_task(self._carry(pending)))

    async def _carry(self, pending: Pending) -> None:
        try:
            receipt = await self._record_then_act(pending)
        except (asyncio.CancelledError, CancelledError):
            return  # stopped: it stays in the outbox and goes with the next run
        except ActivityError as error:
            if not (self._stopping and isinstance(error.cause, CancelledError)):
                self._failure = error
            return
        except BaseException as error:  # a bug: the case fails its task, loudly
            self._failure = error
            return
        finally:
            self._carrying = [p for p in self._carrying if p is not pending]
        self._run.outbox = [p for p in self._run.outbox if p is not pending]
        self._answered(pending.effect, receipt)

    def _answered(self, effect: Effect, receipt: EffectReceipt) -> None:
        """What the world answered that the case records: a payout paid, a document kept."""
        if isinstance(effect, PayoutOrder) and isinstance(receipt, PayoutReceipt) and receipt.paid:
            self._paid(effect, receipt)
        elif isinstance(effect, WritOrder) and isinstance(receipt, WritReceipt):
            self._issued(effect, receipt)

    async def _record_then_act(self, pending: Pending) -> EffectReceipt:
        """Carry the effect out once the record holds its cause; it takes the events not yet
        recorded along when nobody else is appending them."""
        recorder = self._recorder
        while True:
            await workflow.wait_condition(
                lambda: (
                    recorder.holds(pending.cause_seq)
                    or not recorder.in_flight
                    or recorder.stopped
                    or self._stopping
                )
            )
            if self._stopping:  # a cancellation a condition met at once may have swallowed
                raise asyncio.CancelledError()
            recorder.raise_if_stopped()
            batch = recorder.take()
            if batch is None:
                if recorder.holds(pending.cause_seq):
                    return await self._act(pending.effect, None)
                continue  # another effect took the events: wait for its append
            # While the record refuses the case, the effect tries the events once and goes.
            if batch.events[-1].seq >= pending.cause_seq or recorder.blocked is not None:
                return await self._act(pending.effect, batch)
            await recorder.append(batch)  # a backlog longer than one batch: record first

    async def _act(self, effect: Effect, batch: CaseEventBatch | None) -> EffectReceipt:
        try:
            receipt = await self._perform(effect, batch, WAIT)
        except ActivityError as error:
            if batch is None or not refused(error):
                self._recorder.release(batch)
                raise
            # the record refused the events (alerted, the recorder tries them again later):
            # the effect goes out alone
            self._recorder.failed(error)
            return await self._act(effect, None)
        except BaseException:
            self._recorder.release(batch)
            raise
        if batch is not None:
            self._recorder.done(batch)
        return receipt

    # -- one at a time (cases started before issue 18) ---------------------------------------
    async def carry_out(self) -> None:
        """Carry out every effect asked so far, oldest first."""
        while self._run.outbox:
            pending = self._run.outbox[0]
            # Record, then act: an append in flight finishes first (its events may include this
            # effect's cause), then the effect takes the rest along.
            await workflow.wait_condition(
                lambda: not self._recorder.in_flight or self._recorder.stopped
            )
            self._recorder.raise_if_stopped()
            batch = self._recorder.take()
            self._carrying = [pending]
            try:
                receipt = await self._perform(pending.effect, batch)
            except ActivityError as error:
                if batch is None or not refused(error):
                    raise
                # the record refused the events (alerted, the recorder tries them again later):
                # the effect goes out alone
                self._recorder.failed(error)
                batch = None
                receipt = await self._perform(pending.effect, None)
            finally:
                self._carrying = []
            if batch is not None:
                self._recorder.done(batch)
            self._run.outbox.pop(0)
            self._answered(pending.effect, receipt)

    async def _perform(
        self,
        effect: Effect,
        batch: CaseEventBatch | None,
        cancellation: ActivityCancellationType = ActivityCancellationType.TRY_CANCEL,
    ) -> EffectReceipt:
        receipt: EffectReceipt = await workflow.execute_activity(  # type: ignore[call-overload]
            CARRY_OUT_ACTIVITY,
            args=[effect, batch],
            result_type=EffectReceipt,
            start_to_close_timeout=EFFECT_TIMEOUT,
            retry_policy=EFFECT_RETRY,
            cancellation_type=cancellation,
        )
        return receipt
