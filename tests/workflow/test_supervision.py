"""督办 and 涉执信访 through the workflow (time-skipping server, manual adapters).

Server time is shared by the whole session: every date is computed from the server clock.
"""

import json
from datetime import date, timedelta
from typing import Any

from temporalio.testing import WorkflowEnvironment

from domain.calendar import local_date
from domain.deadline_watch import NIGHT_SPREAD
from domain.snapshot import CaseSnapshot
from runtime import search_attributes as sa
from runtime.settings import Settings
from tests.workflow.conftest import notifications
from tests.workflow.helpers import (
    COURT,
    JUDGE,
    MARGIN,
    OFFICER,
    SUPERVISOR,
    Case,
    eventually,
    sleep_until,
)

HIGH_COURT_SUPERVISOR = {"user_id": "u-supervisor-bj", "role": "supervisor", "court_code": "京"}


def _notices(settings: Settings, case_number: str) -> list[dict[str, Any]]:
    return [n for n in notifications(settings) if n["case_number"] == case_number]


async def _settled(case: Case, check: Any) -> CaseSnapshot:
    snap: CaseSnapshot | None = None

    async def ready() -> bool:
        nonlocal snap
        snap = await case.snapshot()
        return bool(check(snap))

    assert await eventually(ready), snap
    assert snap is not None
    return snap


async def _attributes(case: Case) -> Any:
    return (await case.handle.describe()).typed_search_attributes


async def test_an_unreported_supervision_climbs_every_level_and_an_urge_is_recorded(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    today = await case.today()
    due_on = today + timedelta(days=20)
    snap = await case.act(
        {
            "type": "open_supervision",
            "report_due_on": due_on.isoformat(),
            "instructions": "请报告财产查控和处置情况",
        },
        actor=SUPERVISOR,
    )
    [supervision] = snap.supervisions
    assert snap.supervised and supervision.supervising_court_code == "京03"
    [report] = [d for d in snap.deadlines if d.rule == "supervision.report"]
    assert report.due_on == due_on

    async def flagged() -> bool:
        return (await _attributes(case)).get(sa.SUPERVISED) is True

    assert await eventually(flagged)

    def report_levels(s: CaseSnapshot) -> list[tuple[int, Any, str, str]]:
        return [
            (e.level, e.at, e.notify_role, e.notify_court_code)
            for e in s.escalations
            if e.deadline_id == report.deadline_id
        ]

    ladder = [
        (report.due_at, 1, "bureau_head", COURT),  # reminder to the handling court
        (report.due_at + timedelta(days=5), 2, "supervising_leadership", "京03"),
        (report.due_at + timedelta(days=15), 3, "higher_court", "京"),
    ]
    expected: list[tuple[int, Any, str, str]] = []
    for at, level, role, court in ladder:
        await sleep_until(env, at - MARGIN)
        assert len(report_levels(await case.snapshot())) == level - 1
        await sleep_until(env, at + MARGIN)
        expected.append((level, at, role, court))
        await _settled(case, lambda s, n=level: len(report_levels(s)) == n)
        got = report_levels(await case.snapshot())
        assert [(lv, r, c) for lv, _, r, c in got] == [(lv, r, c) for lv, _, r, c in expected]
        # each on the night after its moment, at the case's own offset (night-spread)
        assert all(x[1] <= g[1] < x[1] + NIGHT_SPREAD for g, x in zip(got, expected, strict=True))
        if level == 1:  # 催办 between the levels
            snap = await case.act(
                {"type": "urge", "message": "报告已逾期，请立即报告"}, actor=SUPERVISOR
            )
            [urging] = snap.supervisions[0].urgings
            assert urging.court_code == "京03" and at < urging.at < ladder[1][0]
    snap = await case.snapshot()
    assert len(snap.supervisions) == 1  # the case's own level 3 opens none beside 京03's
    notices = _notices(manual_settings, snap.case_number)
    subjects = [(n["court_code"], n["recipient_role"], n["subject"]) for n in notices]
    assert ("京0105", "bureau_head", "催办：京03") in subjects
    for _, level, role, court in ladder:
        assert (court, role, f"超期{level}级：报告督办案件办理情况") in subjects


async def test_level_3_of_the_case_ladder_opens_a_supervision_at_the_higher_court(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    snap = await case.snapshot()
    first = min(
        (d for d in snap.deadlines if d.rule in ("notice.issue", "assets.search")),
        key=lambda d: d.due_at,
    )
    level_3 = first.due_at + timedelta(days=10)
    await sleep_until(env, level_3 - MARGIN)
    assert not (await case.snapshot()).supervised
    assert (await _attributes(case)).get(sa.SUPERVISED) is False
    await sleep_until(env, level_3 + MARGIN)
    snap = await _settled(case, lambda s: s.supervised)
    [auto] = snap.supervisions
    assert (auto.supervising_court_code, auto.automatic, auto.state) == ("京03", True, "open")
    assert auto.opened_on == local_date(level_3)

    async def flagged() -> bool:
        return (await _attributes(case)).get(sa.SUPERVISED) is True

    assert await eventually(flagged)
    # the handling court hears of it, and the supervisor of 京03 can urge and close it
    assert any(
        n["subject"].startswith("督办通知：京03")
        for n in _notices(manual_settings, snap.case_number)
    )
    snap = await case.act(
        {"type": "close_supervision", "supervision_id": auto.supervision_id, "reason": "已整改"},
        actor=SUPERVISOR,
    )
    assert not snap.supervised


async def test_a_petition_received_on_the_friday_before_national_day(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    friday = date(2026, 9, 25)  # 中秋 (09-25..27), then National Day (10-01..07)
    case = await Case.file(env=manual_env, settings=manual_settings, filed_on=date(2026, 9, 1))
    snap = await case.act(
        {
            "type": "register_petition",
            "petitioner": "张三",
            "channel": "letter",
            "summary": "反映案件久拖未执行",
            "received_on": friday.isoformat(),
        }
    )
    [petition] = snap.petitions
    due = {d.rule: d.due_on for d in snap.deadlines if d.subject == petition.petition_id}
    # working days 09-28, 29, 30, 10-08, 10-09; 30 days end on Sunday 10-25 -> Monday 10-26
    assert due == {"petition.register": date(2026, 10, 9), "petition.conclude": date(2026, 10, 26)}
    assert snap.open_petitions == 1

    async def counted() -> bool:
        return (await _attributes(case)).get(sa.OPEN_PETITIONS) == 1

    assert await eventually(counted)


async def test_a_petition_about_delay_reaches_the_bureau_head_at_once(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    snap = await case.snapshot()
    [notice] = [d for d in snap.deadlines if d.rule == "notice.issue"]
    await sleep_until(env, notice.due_at + MARGIN)  # level 1, not yet 2
    await _settled(
        case,
        lambda s: next(d for d in s.deadlines if d.rule == "notice.issue").escalation_level == 1,
    )
    snap = await case.act(
        {
            "type": "register_petition",
            "petitioner": "张三",
            "channel": "visit",
            "summary": "立案后一直未发执行通知",
            "about_delay": True,
        }
    )
    assert next(d for d in snap.deadlines if d.rule == "notice.issue").escalation_level == 2
    now = await env.get_current_time()
    assert any(
        e.rule == "notice.issue" and e.level == 2 and e.at < now + timedelta(seconds=1)
        for e in snap.escalations
    )

    async def told() -> bool:
        return any(
            n["recipient_role"] == "bureau_head"
            and n["subject"] == "超期2级：发出执行通知书和报告财产令"
            for n in _notices(manual_settings, snap.case_number)
        )

    assert await eventually(told)


async def test_closing_a_case_closes_its_supervision_and_petition(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    case = await Case.file(manual_env, manual_settings)
    today = await case.today()
    await case.act(
        {
            "type": "open_supervision",
            "report_due_on": (today + timedelta(days=30)).isoformat(),
            "instructions": "请报告",
        },
        actor=HIGH_COURT_SUPERVISOR,
    )
    await case.act(
        {"type": "register_petition", "petitioner": "李四", "channel": "phone", "summary": "催促"},
        actor=OFFICER,
    )

    async def flagged() -> bool:
        attrs = await _attributes(case)
        return (attrs.get(sa.SUPERVISED), attrs.get(sa.OPEN_PETITIONS)) == (True, 1)

    assert await eventually(flagged)
    snap = await case.act(
        {"type": "close_case", "outcome": "withdrawn", "reason": "申请执行人撤回申请"}, actor=JUDGE
    )
    assert snap.status == "closed" and not snap.supervised and snap.open_petitions == 0
    [supervision] = snap.supervisions
    assert supervision.state == "closed" and "结案" in (supervision.close_reason or "")
    [petition] = snap.petitions
    assert (petition.state, petition.outcome) == ("closed", "case_closed")
    assert all(d.state in ("met", "waived") for d in snap.deadlines)
    await case.handle.result()
    # the last upsert clears both (describe cannot decode the unset deadline on this server)
    history = await case.handle.fetch_history()
    upserts = [
        e.upsert_workflow_search_attributes_event_attributes.search_attributes.indexed_fields
        for e in history.events
        if e.HasField("upsert_workflow_search_attributes_event_attributes")
    ]
    last = upserts[-1]
    values = {k: json.loads(last[k].data) for k in (sa.SUPERVISED.name, sa.OPEN_PETITIONS.name)}
    assert values == {sa.SUPERVISED.name: False, sa.OPEN_PETITIONS.name: 0}
