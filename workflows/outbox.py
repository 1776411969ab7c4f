"""The case's outbox: what its events ask of the outside world (domain/effects.py), carried out
in order, each effect once (the activities honour its key), each only after its cause is in the
record: ``carry_out(effect, batch)`` appends the events the recorder hands it first.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy
from temporalio.exceptions import ActivityError

with workflow.unsafe.imports_passed_through():
    from activities.contracts import CARRY_OUT_ACTIVITY, CaseEventBatch, PayoutReceipt
    from domain.effects import Effect, PayoutOrder
    from workflows.case_run import CaseRun
    from workflows.recorder import CaseRecorder, refused

EFFECT_TIMEOUT = timedelta(seconds=30)
EFFECT_RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1), maximum_interval=timedelta(minutes=5)
)


class CaseOutbox:
    def __init__(
        self,
        run: CaseRun,
        recorder: CaseRecorder,
        paid: Callable[[PayoutOrder, PayoutReceipt], None],
    ) -> None:
        self._run = run
        self._recorder = recorder
        self._paid = paid  # the treasury paid a payout order: the case records it
        self._carrying = False

    def waiting(self) -> bool:
        """An effect is about to go out (and will take the unrecorded events along)."""
        return bool(self._run.outbox) and not self._carrying

    async def carry_out(self) -> None:
        """Carry out every effect asked so far, oldest first."""
        while self._run.outbox:
            effect = self._run.outbox[0]
            # Record, then act: an append in flight finishes first (its events may include this
            # effect's cause), then the effect takes the rest along.
            await workflow.wait_condition(
                lambda: not self._recorder.in_flight or self._recorder.stopped
            )
            self._recorder.raise_if_stopped()
            batch = self._recorder.take()
            self._carrying = True
            try:
                receipt = await self._perform(effect, batch)
            except ActivityError as error:
                if batch is None or not refused(error):
                    raise
                # the record refused the events (alerted, the recorder tries them again later):
                # the effect goes out alone
                self._recorder.failed(error)
                batch = None
                receipt = await self._perform(effect, None)
            finally:
                self._carrying = False
            if batch is not None:
                self._recorder.done(batch)
            self._run.outbox.pop(0)
            if isinstance(effect, PayoutOrder) and receipt is not None and receipt.paid:
                self._paid(effect, receipt)

    async def _perform(self, effect: Effect, batch: CaseEventBatch | None) -> PayoutReceipt | None:
        receipt: PayoutReceipt | None = await workflow.execute_activity(
            CARRY_OUT_ACTIVITY,
            args=[effect, batch],
            result_type=PayoutReceipt | None,  # type: ignore[arg-type]
            start_to_close_timeout=EFFECT_TIMEOUT,
            retry_policy=EFFECT_RETRY,
        )
        return receipt
