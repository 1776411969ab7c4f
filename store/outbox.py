"""The notification outbox (`notification_outbox`): notices are written to PostgreSQL before
they are delivered, so none is lost to a crash.

- `NotificationOutbox.enqueue` stores a notice once per `notification_key` (a retried activity
  writes nothing new).
- `NotificationOutbox.deliver` hands one stored notice to a channel and marks it sent, holding
  the row lock meanwhile; a notice already sent is not delivered again.
- `NotificationOutbox.dispatch` delivers every unsent notice (`FOR UPDATE SKIP LOCKED`: two
  dispatchers, or a dispatcher and the activity, never deliver the same row at once); a channel
  failure is counted on the row (`attempts`, `last_error`) and retried on the next pass.
- `dispatch_forever` is the worker's loop; `zhixing notifications dispatch` runs one pass.

The channel is anything with `notify(notification)` (activities/adapters.py has the
notification log, the default).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any, Protocol

import asyncpg

from domain.effects import Notification
from runtime.logging import get_logger
from store.db import Database

log = get_logger("zhixing.notifications")

DISPATCH_BATCH = 100
DISPATCH_INTERVAL = 2.0  # seconds between passes of the worker's dispatcher


class Channel(Protocol):
    def notify(self, notification: Notification) -> Awaitable[None]: ...


def channel_name(channel: Channel) -> str:
    return type(channel).__name__


@dataclass(frozen=True)
class DispatchReport:
    sent: int = 0
    failed: int = 0


async def enqueue(conn: asyncpg.Connection, notification: Notification) -> bool:
    """Store a notice (once per key); True when this call stored it."""
    status = await conn.execute(
        """INSERT INTO notification_outbox (notification_key, case_number, payload)
           VALUES ($1, $2, $3) ON CONFLICT (notification_key) DO NOTHING""",
        notification.notification_key,
        notification.case_number,
        notification.model_dump(mode="json"),
    )
    return bool(status.endswith(" 1"))


async def _mark_sent(conn: asyncpg.Connection, outbox_id: int, channel: Channel) -> None:
    await conn.execute(
        """UPDATE notification_outbox SET sent_at = now(), channel = $2, attempts = attempts + 1,
                  last_error = NULL
           WHERE outbox_id = $1""",
        outbox_id,
        channel_name(channel),
    )


async def _mark_failed(conn: asyncpg.Connection, outbox_id: int, error: BaseException) -> None:
    await conn.execute(
        """UPDATE notification_outbox SET attempts = attempts + 1, last_error = $2
           WHERE outbox_id = $1""",
        outbox_id,
        f"{type(error).__name__}: {error}"[:1000],
    )


def _notification(row: Any) -> Notification:
    return Notification.model_validate(row["payload"])


async def deliver(conn: asyncpg.Connection, key: str, channel: Channel) -> bool:
    """Deliver the stored notice `key` unless it was sent already; True when this call sent it.
    A channel error propagates (the row stays unsent, with the error recorded)."""
    async with conn.transaction():
        row = await conn.fetchrow(
            """SELECT outbox_id, payload, sent_at FROM notification_outbox
               WHERE notification_key = $1 FOR UPDATE""",
            key,
        )
        if row is None or row["sent_at"] is not None:
            return False
        try:
            await channel.notify(_notification(row))
        except Exception as error:
            await _mark_failed(conn, row["outbox_id"], error)
            failed = error
        else:
            await _mark_sent(conn, row["outbox_id"], channel)
            return True
    raise failed


async def dispatch(
    conn: asyncpg.Connection, channel: Channel, *, batch: int = DISPATCH_BATCH
) -> DispatchReport:
    """Deliver every unsent notice, oldest first, in batches; each row is tried once a pass."""
    sent = failed = 0
    after = 0
    while True:
        async with conn.transaction():
            rows = await conn.fetch(
                """SELECT outbox_id, payload FROM notification_outbox
                   WHERE sent_at IS NULL AND outbox_id > $1
                   ORDER BY outbox_id LIMIT $2 FOR UPDATE SKIP LOCKED""",
                after,
                batch,
            )
            for row in rows:
                try:
                    await channel.notify(_notification(row))
                except Exception as error:
                    await _mark_failed(conn, row["outbox_id"], error)
                    log.warning(
                        "notification not delivered (will retry)",
                        notification_key=row["payload"]["notification_key"],
                        error=str(error),
                    )
                    failed += 1
                else:
                    await _mark_sent(conn, row["outbox_id"], channel)
                    sent += 1
        if len(rows) < batch:
            return DispatchReport(sent=sent, failed=failed)
        after = rows[-1]["outbox_id"]


async def unsent(conn: asyncpg.Connection) -> int:
    return int(
        await conn.fetchval("SELECT count(*) FROM notification_outbox WHERE sent_at IS NULL")
    )


class NotificationOutbox:
    """The outbox on the worker's database (the pool every activity of the process shares)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    async def enqueue(self, notification: Notification) -> bool:
        pool = await self.database.pool()
        async with pool.acquire() as conn:
            return await enqueue(conn, notification)

    async def deliver(self, key: str, channel: Channel) -> bool:
        pool = await self.database.pool()
        async with pool.acquire() as conn:
            return await deliver(conn, key, channel)

    async def dispatch(self, channel: Channel) -> DispatchReport:
        pool = await self.database.pool()
        async with pool.acquire() as conn:
            return await dispatch(conn, channel)


async def dispatch_forever(
    outbox: NotificationOutbox, channel: Channel, interval: float = DISPATCH_INTERVAL
) -> None:
    """The worker's dispatcher: a pass every `interval` seconds until cancelled; a database
    outage is logged and waited out."""
    while True:
        try:
            report = await outbox.dispatch(channel)
            if report.sent or report.failed:
                log.info("notifications dispatched", sent=report.sent, failed=report.failed)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            log.warning("notification dispatcher: database unavailable", error=str(error))
        await asyncio.sleep(interval)
