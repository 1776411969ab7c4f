"""The notification outbox on a real PostgreSQL: a notice is stored before it is delivered,
once per key; a channel that fails leaves it for the dispatcher; concurrent dispatchers deliver
each notice once; `zhixing notifications dispatch` and the worker's loop deliver what a crash
left behind; the case workflow's notices go through it."""

from __future__ import annotations

import asyncio
import contextlib
import os
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import asyncpg
import pytest
import pytest_asyncio
from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from activities.adapters import JsonlLog, NotificationLog, OutboxNotifier
from domain import events as ev
from domain.effects import Notification
from store import outbox
from store.db import Database
from tests.store.conftest import recorded_settings
from tests.workflow.helpers import Case, every_event, running_workers

pytestmark = pytest.mark.integration


def notice(n: int, case_number: str = "(2026)京0105执1号") -> Notification:
    return Notification(
        notification_key=f"{case_number}#{n}",
        case_number=case_number,
        court_code="京0105",
        recipient_role="officer",
        subject="期限预警：发出执行通知书",
        body=f"{case_number}「发出执行通知书」将于 2026-03-12 到期 ({n})",
    )


class Down:
    """A channel that is down."""

    async def notify(self, notification: Notification) -> None:
        raise ConnectionError("短信网关不可用 / gateway down")


class Counting:
    """A slow channel that counts what it was handed."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()

    async def notify(self, notification: Notification) -> None:
        await asyncio.sleep(0.005)
        self.seen[notification.notification_key] += 1


@pytest_asyncio.fixture(loop_scope="session")
async def database(store_url: str) -> AsyncIterator[Database]:
    db = Database(url=store_url)
    try:
        yield db
    finally:
        await db.close()


def log_channel(tmp_path: Path) -> NotificationLog:
    return NotificationLog(JsonlLog(tmp_path / "notifications.jsonl", "notification_key"))


async def rows(pool: asyncpg.Pool) -> list[asyncpg.Record]:
    return list(await pool.fetch("SELECT * FROM notification_outbox ORDER BY outbox_id"))


async def test_a_notice_is_stored_then_delivered_once_per_key(
    database: Database, tmp_path: Path
) -> None:
    channel = log_channel(tmp_path)
    notifier = OutboxNotifier(outbox.NotificationOutbox(database), channel)
    await notifier.notify(notice(4))
    await notifier.notify(notice(4))  # the activity retried
    [row] = await rows(await database.pool())
    assert row["notification_key"] == notice(4).notification_key
    assert Notification.model_validate(row["payload"]) == notice(4)
    assert row["sent_at"] is not None and row["sent_at"] >= row["created_at"]
    assert (row["channel"], row["attempts"], row["last_error"]) == ("NotificationLog", 1, None)
    assert [line["notification_key"] for line in channel.log.read()] == [row["notification_key"]]


async def test_a_channel_down_leaves_the_notice_to_the_dispatcher(
    database: Database, tmp_path: Path
) -> None:
    box = outbox.NotificationOutbox(database)
    await OutboxNotifier(box, Down()).notify(notice(5))  # the activity still succeeds
    [row] = await rows(await database.pool())
    assert row["sent_at"] is None and row["attempts"] == 1
    assert "gateway down" in row["last_error"]

    assert await box.dispatch(Down()) == outbox.DispatchReport(sent=0, failed=1)
    channel = log_channel(tmp_path)
    assert await box.dispatch(channel) == outbox.DispatchReport(sent=1, failed=0)
    assert await box.dispatch(channel) == outbox.DispatchReport()
    [row] = await rows(await database.pool())
    assert row["sent_at"] is not None and row["attempts"] == 3 and row["last_error"] is None
    assert len(channel.log.read()) == 1


async def test_concurrent_dispatchers_deliver_each_notice_once(database: Database) -> None:
    box = outbox.NotificationOutbox(database)
    for n in range(1, 251):
        await box.enqueue(notice(n))
    channel = Counting()
    reports = await asyncio.gather(*(box.dispatch(channel) for _ in range(3)))
    assert sum(r.sent for r in reports) == 250 and all(r.failed == 0 for r in reports)
    assert set(channel.seen.values()) == {1} and len(channel.seen) == 250
    pool = await database.pool()
    async with pool.acquire() as conn:
        assert await outbox.unsent(conn) == 0


async def test_the_worker_loop_delivers_what_a_crash_left(
    database: Database, tmp_path: Path
) -> None:
    box = outbox.NotificationOutbox(database)
    await box.enqueue(notice(7))  # stored, then the worker died before delivering
    channel = log_channel(tmp_path)
    loop = asyncio.create_task(outbox.dispatch_forever(box, channel, interval=0.05))
    try:
        # delivered to the channel first, then marked sent: wait for the mark
        for _ in range(100):
            [row] = await rows(await database.pool())
            if row["sent_at"] is not None:
                break
            await asyncio.sleep(0.05)
    finally:
        loop.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await loop
    assert [line["notification_key"] for line in channel.log.read()] == [notice(7).notification_key]
    [row] = await rows(await database.pool())
    assert row["sent_at"] is not None


def test_the_dispatch_command_delivers_and_marks_sent(store_url: str, tmp_path: Path) -> None:
    async def stored() -> None:
        db = Database(url=store_url)
        try:
            box = outbox.NotificationOutbox(db)
            for n in (1, 2):
                await box.enqueue(notice(n))
        finally:
            await db.close()

    async def left() -> int:
        conn = await asyncpg.connect(store_url)
        try:
            return int(
                await conn.fetchval(
                    "SELECT count(*) FROM notification_outbox WHERE sent_at IS NULL"
                )
            )
        finally:
            await conn.close()

    asyncio.run(stored())
    env = {**os.environ, "ZHIXING_DATABASE_URL": store_url, "ZHIXING_DATA_DIR": str(tmp_path)}
    zhixing = str(Path(sys.executable).parent / "zhixing")
    done = subprocess.run(
        [zhixing, "notifications", "dispatch"], env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert "sent 2, failed 0, unsent 0" in done.stdout
    assert asyncio.run(left()) == 0
    keys = [line["notification_key"] for line in log_channel(tmp_path).log.read()]
    assert keys == [notice(1).notification_key, notice(2).notification_key]


async def test_the_case_workflow_notices_go_through_the_outbox(
    time_skipping_env: WorkflowEnvironment, postgres_url: str, tmp_path: Path
) -> None:
    from tests.workflow.conftest import register_search_attributes

    url, settings = await recorded_settings(postgres_url, tmp_path, "record-outbox")
    await register_search_attributes(time_skipping_env)
    db = Database(url=url)
    try:
        async with running_workers(time_skipping_env.client, settings):
            case = await Case.file(time_skipping_env, settings)
            try:
                # Nothing done for three weeks: the notice deadline warns, then escalates.
                await time_skipping_env.sleep(timedelta(days=21))
                events = await every_event(case, settings)
                told = [
                    e for e in events if isinstance(e, ev.DeadlineWarned | ev.DeadlineEscalated)
                ]
                assert told, "three idle weeks produce warnings and escalations"
                number = case.number
                expected = {f"{number}#{e.seq}" for e in told}
                # the last notices may still be on their way: the case stays until they are out
                for _ in range(200):
                    stored = await rows(await db.pool())
                    if expected <= {r["notification_key"] for r in stored}:
                        break
                    await asyncio.sleep(0.05)
            finally:
                with contextlib.suppress(RPCError):
                    await case.handle.terminate("test over")
        keys = [r["notification_key"] for r in stored]
        assert expected <= set(keys) and len(set(keys)) == len(keys)
        assert {k.rsplit("#", 1)[0] for k in keys} == {number}
        assert all(r["sent_at"] is not None for r in stored)
        logged = [line["notification_key"] for line in log_channel(tmp_path).log.read()]
        # each delivered once; not in the order stored: a notice is a lane of its own
        # (domain.effects.lane_of), so two notices' activities run together, either first
        assert sorted(logged) == sorted(keys)
    finally:
        await db.close()
