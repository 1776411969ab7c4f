"""A real story produces its documents (文书): on the time-skipping Temporal server and the
workers' PostgreSQL, the notice and the consumption restriction issue 执行通知书, 报告财产令 and
限制消费令; each PDF is in ``case_writs`` and the case's ``writ_issued`` event carries the
SHA-256 and size of exactly those bytes (全程留痕)."""

import asyncio
import hashlib
import io
import re

from pypdf import PdfReader
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.contracts import WritReceipt
from activities.record import RecordActivities
from activities.writs import WritOffice
from domain import events as ev
from domain.effects import WritOrder
from runtime.settings import Settings
from store.db import connect, database_url
from store.event_store import load_events
from store.writs import writ_file, writs_of_case
from tests.workflow.helpers import (
    JUDGE,
    PRESIDENT,
    Case,
    empty_deciding_tasks,
    every_event,
    patches_recorded,
)
from workflows.enforcement_case import PATCHES_AT_START


async def _writs_issued(case: Case, count: int) -> list[ev.WritIssued]:
    """The case's writ_issued events, once there are `count` (the writ office works in real
    time, beside the case)."""
    for _ in range(240):
        issued = [e for e in await every_event(case) if isinstance(e, ev.WritIssued)]
        if len(issued) >= count:
            return issued
        await asyncio.sleep(0.25)
    raise AssertionError(f"only {len(issued)} of {count} documents recorded")


async def test_a_story_produces_its_documents_with_their_fingerprints(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    case = await Case.file(manual_env, manual_settings)
    notice = await case.decide({"type": "issue_notice"})
    await case.act(
        {"type": "impose_measure", "measure": "consumption_restriction", "party_id": "R1"},
        actor=PRESIDENT,
    )
    issued = await _writs_issued(case, 3)
    # each document goes out in its own lane: recorded in the order they are done
    issued.sort(key=lambda e: (e.cause_seq, e.writ_key))
    assert [e.title for e in issued] == ["执行通知书", "报告财产令", "限制消费令"]
    notice_seq = next(e.seq for e in notice.events if e.type == "notice_issued")
    assert [e.writ_key for e in issued[:2]] == [
        f"{case.number}#{notice_seq}/1",
        f"{case.number}#{notice_seq}/2",
    ]
    assert all(e.cause_seq == notice_seq for e in issued[:2])
    assert all(e.actor.user_id == "writ-office" for e in issued)

    url = database_url(manual_settings)
    assert url is not None
    conn = await connect(url)
    try:
        stored = await writs_of_case(conn, case.number)
        assert [w.writ_key for w in stored] == [e.writ_key for e in issued]
        for event, row in zip(issued, stored, strict=True):
            pdf = await writ_file(conn, case.number, event.writ_key)
            assert pdf is not None
            assert hashlib.sha256(pdf).hexdigest() == event.sha256 == row.sha256
            assert len(pdf) == event.size_bytes == row.size_bytes
            assert row.court_name == "北京市朝阳区人民法院"  # the court registry's 京0105
            text = re.sub(
                r"\s+", "", "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
            )
            assert event.title in text and case.number in text
            assert "北京市朝阳区人民法院" in text and "北京某某科技有限公司" in text
            assert "人民币壹佰万元整（¥1,000,000.00）" in text  # the sample's principal
    finally:
        await conn.close()
    snap = await case.snapshot()
    events = await every_event(case)
    assert snap.last_seq == max(e.seq for e in events)
    # The writ office's answers are decided in tasks of their own, which complete with a
    # command (`task-clock`): replayed, each writ_issued keeps the clock the record holds.
    assert await empty_deciding_tasks(case, events) == []
    # The story takes the branches of five patches (lanes, lean history, writs, task clock,
    # night spread) and its history records one marker for them all (`patches-at-start`)
    assert await patches_recorded(case) == [PATCHES_AT_START]


class HeldWritOffice:
    """The writ office, holding every document until `release` is set."""

    def __init__(self, office: WritOffice, release: asyncio.Event) -> None:
        self.office, self.release = office, release

    async def issue(self, order: WritOrder) -> WritReceipt:
        await self.release.wait()
        return await self.office.issue(order)


async def test_a_case_closed_before_its_documents_are_done_still_records_them(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    """The notice orders 执行通知书 and 报告财产令; the applicant withdraws (撤回) and the judge
    closes the case while the writ office still renders them. Both are recorded on the closed
    case (edition 4, 全程留痕), after its case_closed, and the workflow ends once they are."""
    from store.db import shared_database
    from workers.wiring import court_system_activities
    from workers.worker import workflow_runner
    from workflows.enforcement_case import EnforcementCase

    settings = manual_settings.model_copy(update={"task_queue": "enforcement-held-writs"})
    release = asyncio.Event()
    database = shared_database(settings)
    systems = court_system_activities(settings, database)
    assert systems.writ_office is not None
    systems.writ_office = HeldWritOffice(systems.writ_office, release)  # type: ignore[assignment]
    worker = Worker(
        manual_env.client,
        task_queue=settings.task_queue,
        workflows=[EnforcementCase],
        activities=[systems.carry_out, RecordActivities(database).append_case_events],
        workflow_runner=workflow_runner(),
    )
    async with worker:
        case = await Case.file(manual_env, settings)
        notice = await case.decide({"type": "issue_notice"}, quiet=False)
        closed = await case.decide(
            {"type": "close_case", "outcome": "withdrawn", "reason": "申请执行人撤回申请"},
            actor=JUDGE,
            quiet=False,
        )
        assert closed.status == "closed"
        assert not [e for e in await every_event(case) if isinstance(e, ev.WritIssued)]
        release.set()
        result = await case.handle.result()  # the workflow ends once both are recorded
        events = await every_event(case, settings)
    closed_seq = next(e.seq for e in closed.events if e.type == "case_closed")
    notice_seq = next(e.seq for e in notice.events if e.type == "notice_issued")
    issued = sorted((e for e in events if isinstance(e, ev.WritIssued)), key=lambda e: e.writ_key)
    assert [(e.title, e.writ_key) for e in issued] == [
        ("执行通知书", f"{case.number}#{notice_seq}/1"),
        ("报告财产令", f"{case.number}#{notice_seq}/2"),
    ]
    assert all(e.seq > closed_seq for e in issued)
    assert result.status == "closed"
    assert result.last_seq == events[-1].seq == max(e.seq for e in issued)
    conn = await connect(database_url(settings) or "")
    try:
        stored = {w.writ_key: w.sha256 for w in await writs_of_case(conn, case.number)}
        recorded = await load_events(conn, case.number)
    finally:
        await conn.close()
    assert stored == {e.writ_key: e.sha256 for e in issued}
    assert [e.seq for e in recorded] == [e.seq for e in events]  # the record has them too
