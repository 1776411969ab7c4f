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
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, Protocol

from temporalio import activity
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError

from activities.contracts import DispatchReceipt, PayoutReceipt
from domain.calendar import local_date
from domain.effects import EntrustmentLetter, ExternalRequest, Notification, PayoutOrder
from domain.entrustment import docketing
from runtime.contract import QUERY_SNAPSHOT, WORKFLOW_TYPE, case_workflow_id


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


class FilingDesk(Protocol):
    """The receiving court's filing desk (立案庭): dockets an entrusted case (委托执行函)."""

    async def docket(self, letter: EntrustmentLetter) -> DispatchReceipt: ...


class ManualFilingDesk:
    """The letter becomes a task for the receiving court's filing desk, which files the case by
    hand (``zhixing case file`` with ``entrusted_from``) within 7 days."""

    def __init__(self, task_log: JsonlLog) -> None:
        self.task_log = task_log

    async def docket(self, letter: EntrustmentLetter) -> DispatchReceipt:
        self.task_log.append_once(
            {
                "request_key": letter.letter_key,
                "kind": "docket_entrusted_case",
                **letter.model_dump(mode="json"),
                "mode": "manual",
            },
        )
        return DispatchReceipt(mode="manual", reference=f"task:{letter.letter_key}")


SIMULATED_FIRST_NUMBER = 9001  # the simulated desk's numbers: 9001, 9002, … per court and year
SIMULATED_OFFICER = "sim-officer"


class SimulatedFilingDesk:
    """A simulator of the receiving court's filing desk: dockets the letter the day it arrives
    under the next number of its own series (per court and year, from 9001: simulated numbers),
    names a simulated officer and starts the case's workflow. Its log (one record per letter,
    written once under a lock) fixes each letter's number and day, so a retried letter finds
    its number again and its case already started (idempotent by workflow id)."""

    def __init__(self, log: JsonlLog, task_queue: str) -> None:
        self.log = log
        self.task_queue = task_queue

    def _number_and_day(self, letter: EntrustmentLetter) -> tuple[str, date]:
        today = max(letter.entrusted_from.letter_on, local_date(datetime.now(UTC)))
        court = letter.receiving_court_code
        self.log.append_once(
            {
                "letter_key": letter.letter_key,
                "court_code": court,
                "filed_on": today.isoformat(),
                "desk": "simulator（模拟立案）",
            }
        )
        records = self.log.read()
        mine = next(r for r in records if r["letter_key"] == letter.letter_key)
        filed_on = date.fromisoformat(mine["filed_on"])
        series = [
            r["letter_key"]
            for r in records
            if r["court_code"] == court and r["filed_on"][:4] == mine["filed_on"][:4]
        ]
        seq = SIMULATED_FIRST_NUMBER + series.index(letter.letter_key)
        return f"({filed_on.year}){court}执{seq}号", filed_on

    async def docket(self, letter: EntrustmentLetter) -> DispatchReceipt:
        number, filed_on = self._number_and_day(letter)
        workflow_id = case_workflow_id(number)
        client: Client = activity.client()
        try:
            await client.start_workflow(
                WORKFLOW_TYPE,
                docketing(letter, number, SIMULATED_OFFICER, filed_on),
                id=workflow_id,
                task_queue=self.task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE_FAILED_ONLY,
            )
        except WorkflowAlreadyStartedError:  # a retried letter, or a number filed by hand
            await self._ours(client, workflow_id, letter)
        return DispatchReceipt(mode="simulated", reference=workflow_id)

    @staticmethod
    async def _ours(client: Client, workflow_id: str, letter: EntrustmentLetter) -> None:
        """The case under this number is the one this letter started, or the letter fails for
        good (the entrusting case's docketing deadline then escalates)."""
        snap = await client.get_workflow_handle(workflow_id).query(QUERY_SNAPSHOT)
        origin = (snap.get("entrusted_from") or {}).get("case_number")
        if origin != letter.entrusted_from.case_number:
            raise ApplicationError(
                f"模拟立案案号 {workflow_id} 已被其他案件占用 / the simulated number is taken",
                type="entrust.number_taken",
                non_retryable=True,
            )


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
