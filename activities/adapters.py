"""Adapters to the outside world, chosen by ``ZHIXING_ADAPTERS``.

- ``simulated``: an honest simulator of the court systems. Each request starts a small
  simulator workflow on its own task queue that answers days later by Temporal timers (so
  time-skipping tests skip the wait), sometimes after a transient failure, deterministically
  for a given case number. It says it is a simulator in everything it writes.
- ``manual``: the request becomes a task for the officer (a line in the task log); the answer
  arrives later as a command (``record_service``, ``complete_asset_search``, ``confirm_freeze``).
  This is how a court without an integration works, so it is a real mode, not a test double.
"""

import contextlib
import fcntl
import json
import logging
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from temporalio import activity
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.exceptions import WorkflowAlreadyStartedError

from activities.contracts import DispatchReceipt, PayoutReceipt
from domain.effects import ExternalRequest, Notification, PayoutOrder


class CourtSystemsAdapter(Protocol):
    async def dispatch(self, request: ExternalRequest) -> DispatchReceipt: ...


class Notifier(Protocol):
    async def notify(self, notification: Notification) -> None: ...


class JsonlLog:
    """An append-only JSON-lines file, one record per key (a retried write is not repeated)."""

    def __init__(self, path: Path, key_field: str) -> None:
        self.path = path
        self.key_field = key_field
        self._keys: set[str] = set()  # keys in the file up to _offset
        self._offset = 0

    def append_once(self, record: dict[str, Any]) -> bool:
        """Append unless a record with this key is there; True when this call wrote it.

        Under an exclusive lock, only what other processes appended since this one last
        looked is read, so a write costs the same on the millionth record as on the first."""
        key = record[self.key_field]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a+b") as f:
            fcntl.flock(f, fcntl.LOCK_EX)  # two worker processes never both write a key
            f.seek(self._offset)
            for line in f.read().splitlines():
                if line.strip():
                    self._keys.add(json.loads(line)[self.key_field])
            self._offset = f.tell()
            if key in self._keys:
                return False
            f.write((json.dumps(record, ensure_ascii=False, default=str) + "\n").encode())
            f.flush()
            os.fsync(f.fileno())
            self._keys.add(key)
            self._offset = f.tell()
        return True

    def read(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        with self.path.open(encoding="utf-8") as f:
            return [json.loads(line) for line in f if line.strip()]


class ManualCourtSystems:
    """Records each request as a task for the officer; the answer comes as a command."""

    def __init__(self, task_log: JsonlLog) -> None:
        self.task_log = task_log

    async def dispatch(self, request: ExternalRequest) -> DispatchReceipt:
        self.task_log.append_once(
            {
                **request.model_dump(mode="json"),
                "recorded_at": datetime.now(UTC).isoformat(),
                "mode": "manual",
            },
        )
        return DispatchReceipt(mode="manual", reference=f"task:{request.request_key}")


SIMULATOR_WORKFLOW = "CourtSystemSimulator"


class SimulatedCourtSystems:
    """Hands each request to a simulator workflow that answers by itself, days later."""

    def __init__(self, simulator_task_queue: str) -> None:
        self.simulator_task_queue = simulator_task_queue

    async def dispatch(self, request: ExternalRequest) -> DispatchReceipt:
        client: Client = activity.client()
        workflow_id = f"sim/{request.request_key}"
        # A retried dispatch finds the simulator already running with it.
        with contextlib.suppress(WorkflowAlreadyStartedError):
            await client.start_workflow(
                SIMULATOR_WORKFLOW,
                request,
                id=workflow_id,
                task_queue=self.simulator_task_queue,
            )
        return DispatchReceipt(mode="simulated", reference=workflow_id)


class Treasury(Protocol):
    async def pay(self, order: PayoutOrder) -> PayoutReceipt: ...


class SimulatedTreasury:
    """A simulator of the court's treasury (案款管理系统): pays each idempotency key once.

    Its ledger is a JSON-lines file under the data folder; every record says it is simulated.
    """

    def __init__(self, ledger: JsonlLog) -> None:
        self.ledger = ledger

    async def pay(self, order: PayoutOrder) -> PayoutReceipt:
        reference = f"SIM-PAY-{order.idempotency_key}"
        self.ledger.append_once(
            {
                **order.model_dump(mode="json"),
                "reference": reference,
                "paid_at": datetime.now(UTC).isoformat(),
                "channel": "simulator（模拟支付，未真实划款）",
            },
        )
        return PayoutReceipt(paid=True, reference=reference)


class ManualTreasury:
    """The finance office pays by hand; the officer records the payout from the bank slip."""

    def __init__(self, task_log: JsonlLog) -> None:
        self.task_log = task_log

    async def pay(self, order: PayoutOrder) -> PayoutReceipt:
        self.task_log.append_once(
            {
                "request_key": order.idempotency_key,
                "kind": "pay_out",
                **order.model_dump(mode="json"),
                "mode": "manual",
            },
        )
        return PayoutReceipt(paid=False, reference=f"task:{order.idempotency_key}")


class NotificationLog:
    """The default notifier: a notification log under the data folder.

    It is a simulator of the court's SMS / internal messaging gateway and says so in every
    record; a real gateway goes behind the same ``notify``.
    """

    def __init__(self, log: JsonlLog) -> None:
        self.log = log

    async def notify(self, notification: Notification) -> None:
        self.log.append_once(
            {
                **notification.model_dump(mode="json"),
                "sent_at": datetime.now(UTC).isoformat(),
                "channel": "simulator（模拟通知，未真实发送）",
            },
        )


class NotificationStore(Protocol):
    """Where notices are kept until delivered (store.outbox.NotificationOutbox)."""

    async def enqueue(self, notification: Notification) -> bool: ...

    async def deliver(self, key: str, channel: Notifier) -> bool: ...


class OutboxNotifier:
    """Notices through the outbox of the case record: stored first (so a crash loses none; a
    database outage fails the activity, which Temporal retries), then handed to the channel at
    once. A channel failure does not fail the activity: the notice waits in the outbox for the
    dispatcher (`zhixing notifications dispatch`, the worker's loop)."""

    def __init__(self, store: NotificationStore, channel: Notifier) -> None:
        self.store = store
        self.channel = channel

    async def notify(self, notification: Notification) -> None:
        await self.store.enqueue(notification)
        try:
            await self.store.deliver(notification.notification_key, self.channel)
        except Exception as error:
            logging.getLogger("zhixing.notifications").warning(
                "notification %s kept in the outbox for the dispatcher: %s",
                notification.notification_key,
                error,
            )


async def deliver_answer(client: Client, workflow_id: str, envelope: dict[str, Any]) -> None:
    """How an integration answers a case: the ``submit`` signal, fire-and-forget."""
    handle = client.get_workflow_handle(workflow_id)
    description = await handle.describe()
    if description.status != WorkflowExecutionStatus.RUNNING:
        activity.logger.warning("case %s no longer running; answer dropped", workflow_id)
        return
    await handle.signal("submit", envelope)
