"""Stories that live through months and years in seconds (time-skipping server, manual adapters).

Every answer from the outside world arrives as a command (``record_service``,
``complete_asset_search``, ``confirm_freeze``), so each story controls exactly what happens and
when. Server time is shared by the whole session: dates are always computed from
``await case.today()`` / the server clock, never assumed.
"""

import asyncio
import json
import re
import uuid
import zlib
from datetime import datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import WorkflowExecutionStatus, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError, WorkflowAlreadyStartedError
from temporalio.testing import WorkflowEnvironment

from domain.calendar import SHANGHAI, CourtCalendar, add_months
from domain.snapshot import CaseSnapshot
from domain.state import Deadline
from runtime.settings import Settings
from tests.samples import HEARD_AND_SIGNED_OFF
from tests.workflow.conftest import notifications
from tests.workflow.helpers import (
    COURT,
    JUDGE,
    MARGIN,
    OFFICER,
    OTHER_COURT_OFFICER,
    PRESIDENT,
    SUPERVISOR,
    Case,
    case_events,
    eventually,
    repeats,
    resumed_number,
    running_workers,
    send,
    served_and_searched,
    sleep_until,
)
from workflows.recorder import RECORD_LAG

# How far either side of a moment we look: the step must not have happened an hour before it,
# and must have happened (exactly at it) an hour after.
HIGHER_COURT = "京03"  # 朝阳 (京0105) is under 三中院 (store/data/courts.csv)
CAL = CourtCalendar.default()
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN = re.compile(r"[A-Za-z]{3,}")


def deposit(asset_id: str, value_fen: int = 5_000_000) -> dict[str, Any]:
    return {
        "asset_id": asset_id,
        "kind": "bank_deposit",
        "description": "被执行人在某银行的存款账户",
        "owner_party_id": "R1",
        "value_fen": value_fen,
        "holder": "中国工商银行北京朝阳支行",
    }


def deadlines(snap: CaseSnapshot, rule: str) -> list[Deadline]:
    return [d for d in snap.deadlines if d.rule == rule]


def deadline(snap: CaseSnapshot, deadline_id: str) -> Deadline:
    return next(d for d in snap.deadlines if d.deadline_id == deadline_id)


def levels(snap: CaseSnapshot, deadline_id: str) -> list[int]:
    return [e.level for e in snap.escalations if e.deadline_id == deadline_id]


def pending_searches(snap: CaseSnapshot) -> list[Any]:
    return [s for s in snap.searches if s.state == "pending"]


def event_moment(events: list[dict[str, Any]], type_: str, **match: Any) -> datetime:
    """When the single event of ``type_`` matching ``match`` happened."""
    found = [
        e for e in events if e["type"] == type_ and all(e.get(k) == v for k, v in match.items())
    ]
    assert len(found) == 1, f"expected one {type_} {match}, got {found}"
    return datetime.fromisoformat(found[0]["occurred_at"])


def assert_at(moment: datetime, expected: datetime) -> None:
    """A timed step happened at its moment (timers fire on time on the test server)."""
    assert expected <= moment < expected + MARGIN, f"{moment} is not at {expected}"


def officer_tasks(settings: Settings) -> list[dict[str, Any]]:
    """What the manual adapter asked the officer to do (one JSON line per request)."""
    path = settings.data_dir / "officer-tasks.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def case_notices(settings: Settings, case_number: str) -> list[dict[str, Any]]:
    return [n for n in notifications(settings) if n["case_number"] == case_number]


# -----------------------------------------------------------------------------------------------
# 1. Freeze, renew once, then let it lapse


async def test_freeze_renewed_once_then_lapses_and_escalates(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    snap = await served_and_searched(case, [deposit("AS-1")])
    assert [a.asset_id for a in snap.assets] == ["AS-1"]
    assert snap.stage == "investigation"

    today = await case.today()
    await case.act(
        {
            "type": "freeze_asset",
            "asset_id": "AS-1",
            "measure": "freeze",
            "period_days": 365,
            "amount_fen": 5_000_000,
        }
    )
    snap = await case.act(
        {
            "type": "confirm_freeze",
            "asset_id": "AS-1",
            "effective_on": today.isoformat(),
            "frozen_fen": 5_000_000,
        }
    )
    control = snap.assets[0].control
    assert control is not None and control.state == "effective"
    assert control.expires_on == today + timedelta(days=364)  # 365 days counting the first
    assert snap.stage == "control"
    [first] = deadlines(snap, "freeze.expiry")
    assert first.state == "open" and first.due_on == control.expires_on

    # The first warning comes 15 days before expiry; then the officer renews.
    await sleep_until(env, first.due_at - timedelta(days=15) - MARGIN)
    assert not deadline(await case.snapshot(), first.deadline_id).warned
    await sleep_until(env, first.due_at - timedelta(days=15) + MARGIN)
    assert deadline(await case.snapshot(), first.deadline_id).warned
    await case.act({"type": "renew_freeze", "asset_id": "AS-1", "period_days": 365})
    snap = await case.snapshot()
    assert snap.assets[0].control is not None
    assert snap.assets[0].control.state == "renewal_requested"
    snap = await case.act(
        {
            "type": "confirm_freeze",
            "asset_id": "AS-1",
            "effective_on": (await case.today()).isoformat(),
        }
    )
    control = snap.assets[0].control
    assert control is not None and control.state == "effective" and control.renewals == 1
    assert control.expires_on == first.due_on + timedelta(days=365)
    assert deadline(snap, first.deadline_id).state == "met"
    [second] = [d for d in deadlines(snap, "freeze.expiry") if d.state == "open"]
    assert second.due_on == control.expires_on
    assert levels(snap, first.deadline_id) == []  # renewed in time: never escalated

    # Then nobody renews: warning at -15 days, lapse and level 1 at expiry, 2 at +3, 3 at +10.
    warn_at = second.due_at - timedelta(days=15)
    await sleep_until(env, warn_at - MARGIN)
    assert not deadline(await case.snapshot(), second.deadline_id).warned
    await sleep_until(env, warn_at + MARGIN)
    snap = await case.snapshot()
    assert deadline(snap, second.deadline_id).warned
    assert deadline(snap, second.deadline_id).escalation_level == 0

    await sleep_until(env, second.due_at - MARGIN)
    snap = await case.snapshot()
    assert snap.assets[0].control is not None
    assert snap.assets[0].control.state == "effective"
    assert levels(snap, second.deadline_id) == []

    steps = [
        (1, 0, "officer", COURT),
        (2, 3, "bureau_head", COURT),
        (3, 10, "higher_court", HIGHER_COURT),
    ]
    for level, days_after, role, court in steps:
        at = second.due_at + timedelta(days=days_after)
        await sleep_until(env, at - MARGIN)
        assert levels(await case.snapshot(), second.deadline_id) == list(range(1, level))
        await sleep_until(env, at + MARGIN)
        snap = await case.snapshot()
        d = deadline(snap, second.deadline_id)
        assert d.state == "overdue" and d.escalation_level == level
        [escalation] = [
            e for e in snap.escalations if e.deadline_id == second.deadline_id and e.level == level
        ]
        assert (escalation.notify_role, escalation.notify_court_code) == (role, court)
        assert_at(escalation.at, at)
        control = snap.assets[0].control
        assert control is not None and control.state == "lapsed"

    events = await case_events(case)
    assert_at(event_moment(events, "deadline_warned", deadline_id=second.deadline_id), warn_at)
    assert_at(event_moment(events, "control_lapsed", asset_id="AS-1"), second.due_at)
    lapsed = next(e for e in events if e["type"] == "control_lapsed")
    assert lapsed["expired_on"] == second.due_on.isoformat()

    # The notification log holds every one of those notices, level 3 addressed to 京03.
    subject = "控制措施到期前续行或解除"

    async def all_sent() -> bool:
        return (
            len(
                [
                    n
                    for n in case_notices(manual_settings, snap.case_number)
                    if subject in n["subject"]
                ]
            )
            >= 5
        )

    assert await eventually(all_sent)
    sent = [
        (n["subject"], n["recipient_role"], n["court_code"])
        for n in case_notices(manual_settings, snap.case_number)
        if subject in n["subject"]
    ]
    assert sent == [
        (f"期限预警：{subject}", "officer", COURT),  # the first term's warning
        (f"期限预警：{subject}", "officer", COURT),  # the renewed term's warning
        (f"超期1级：{subject}", "officer", COURT),
        (f"超期2级：{subject}", "bureau_head", COURT),
        (f"超期3级：{subject}", "higher_court", HIGHER_COURT),
    ]
    level3 = [
        n
        for n in case_notices(manual_settings, snap.case_number)
        if n["subject"] == f"超期3级：{subject}"
    ][0]
    assert second.due_on.isoformat() in level3["body"]


# -----------------------------------------------------------------------------------------------
# 2. 终本, dormant re-searches at 6 and 12 months, an asset appears, 执恢


async def test_terminated_case_is_researched_and_resumes_under_zhihui_number(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    filed_on = await case.today()
    await case.act(  # the president signs it (限消规定 art. 4)
        {"type": "impose_measure", "measure": "consumption_restriction", "party_id": "R1"},
        PRESIDENT,
    )
    snap = await served_and_searched(case, [])
    assert snap.assets == [] and pending_searches(snap) == []
    for command in HEARD_AND_SIGNED_OFF:  # the applicant heard and signing 终本 off
        await case.act(command)

    # Too early: 终本 needs more than three months since filing.
    with pytest.raises(WorkflowUpdateFailedError) as rejected:
        await case.act({"type": "terminate_this_procedure", "reason": "无可供执行财产"}, JUDGE)
    assert isinstance(rejected.value.cause, ApplicationError)
    assert rejected.value.cause.type == "termination.too_early"

    await env.sleep(timedelta(days=95))
    assert (await case.today()) > filed_on + timedelta(days=92)
    snap = await case.act({"type": "terminate_this_procedure", "reason": "无可供执行财产"}, JUDGE)
    terminated_on = await case.today()
    assert snap.status == "dormant" and snap.stage == "dormant"
    assert snap.terminated_on == terminated_on
    assert all(d.state in ("met", "waived") for d in snap.deadlines if d.rule != "dormant.requery")
    [requery1] = deadlines(snap, "dormant.requery")
    assert requery1.due_on == CAL.months_after(terminated_on, 6).on

    # Six months on: a new network search, by the system, marked as the dormant re-query.
    await sleep_until(env, requery1.due_at - MARGIN)
    assert pending_searches(await case.snapshot()) == []
    await sleep_until(env, requery1.due_at + MARGIN)
    snap = await case.snapshot()
    [search1] = pending_searches(snap)
    assert search1.dormant_requery and search1.scope == "network"
    assert snap.status == "dormant"
    assert deadline(snap, requery1.deadline_id).state == "met"
    [requery2] = [d for d in deadlines(snap, "dormant.requery") if d.state == "open"]
    # edition 3 (issue 14): 12 months from the 终本 date itself, not 6 from the rolled first
    assert requery2.due_on == CAL.months_after(terminated_on, 12).on
    snap = await case.act(
        {"type": "complete_asset_search", "search_id": search1.search_id, "findings": []}
    )
    assert snap.status == "dormant" and pending_searches(snap) == []

    # Twelve months on: searched again; this time a deposit turns up.
    await sleep_until(env, requery2.due_at - MARGIN)
    assert pending_searches(await case.snapshot()) == []
    await sleep_until(env, requery2.due_at + MARGIN)
    snap = await case.snapshot()
    [search2] = pending_searches(snap)
    assert search2.dormant_requery and search2.search_id != search1.search_id
    snap = await case.act(
        {
            "type": "complete_asset_search",
            "search_id": search2.search_id,
            "findings": [deposit("AS-9", 3_000_000)],
        }
    )
    assert snap.status == "dormant"
    assert [a.asset_id for a in snap.assets] == ["AS-9"]

    # The applicant was told the result of each re-query.
    async def told_twice() -> bool:
        return (
            len(
                [
                    n
                    for n in case_notices(manual_settings, snap.case_number)
                    if n["subject"] == "终本案件定期查控结果"
                ]
            )
            == 2
        )

    assert await eventually(told_twice)
    told = [
        n
        for n in case_notices(manual_settings, snap.case_number)
        if n["subject"] == "终本案件定期查控结果"
    ]
    assert all(n["recipient_role"] == "applicant" for n in told)

    # 恢复执行 under a new 执恢 number: active again, with a new time limit.
    today = await case.today()
    number = resumed_number(today.year)
    snap = await case.act(
        {
            "type": "resume_enforcement",
            "resumed_case_number": number,
            "reason": "定期查控发现被执行人银行存款",
        }
    )
    assert snap.status == "active"
    assert snap.current_case_number == number and snap.case_number != number
    limits = deadlines(snap, "case.time_limit")
    assert [d.state for d in limits] == ["waived", "open"]
    assert limits[-1].due_on == CAL.months_after(today, 6).on
    assert snap.time_limit.due_on == limits[-1].due_on
    assert all(d.state != "open" for d in deadlines(snap, "dormant.requery"))
    assert "freeze_asset" in snap.allowed_commands
    # The resumed case goes on under its new number: the freeze request carries it.
    snap = await case.act(
        {"type": "freeze_asset", "asset_id": "AS-9", "measure": "freeze", "period_days": 365}
    )
    assert snap.assets[0].control is not None
    assert snap.assets[0].control.state == "requested"

    async def freeze_task() -> bool:
        return any(
            t["kind"] == "apply_control"
            and t["payload"].get("asset_id") == "AS-9"
            and t["case_number"] == number
            for t in officer_tasks(manual_settings)
        )

    assert await eventually(freeze_task)

    # The new time limit runs: its warning comes three days before it is due.
    new_limit = limits[-1]
    await sleep_until(env, new_limit.due_at - timedelta(days=3) + MARGIN)
    d = deadline(await case.snapshot(), new_limit.deadline_id)
    assert d.warned, "the resumed case's time limit never woke the case"
    await sleep_until(env, new_limit.due_at + MARGIN)
    assert deadline(await case.snapshot(), new_limit.deadline_id).escalation_level == 1


# -----------------------------------------------------------------------------------------------
# 3. The enforcement notice is never issued: the ladder, step by step


async def test_overdue_notice_escalates_step_by_step(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    filed_on = await case.today()
    snap = await case.snapshot()
    [notice] = deadlines(snap, "notice.issue")
    assert notice.due_on == CAL.days_after(filed_on, 10).on
    d_id = notice.deadline_id

    def check(snap: CaseSnapshot, *, warned: bool, level: int) -> None:
        d = deadline(snap, d_id)
        assert (d.warned, d.escalation_level) == (warned, level), d
        assert d.state == ("open" if level == 0 else "overdue")
        assert levels(snap, d_id) == list(range(1, level + 1))

    warn_at = notice.due_at - timedelta(days=3)
    await sleep_until(env, warn_at - MARGIN)
    check(await case.snapshot(), warned=False, level=0)
    await sleep_until(env, warn_at + MARGIN)
    check(await case.snapshot(), warned=True, level=0)  # warning only

    for level, days_after, role, court in [
        (1, 0, "officer", COURT),
        (2, 3, "bureau_head", COURT),
        (3, 10, "higher_court", HIGHER_COURT),
    ]:
        at = notice.due_at + timedelta(days=days_after)
        await sleep_until(env, at - MARGIN)
        check(await case.snapshot(), warned=True, level=level - 1)
        await sleep_until(env, at + MARGIN)
        snap = await case.snapshot()
        check(snap, warned=True, level=level)
        escalation = [e for e in snap.escalations if e.deadline_id == d_id][-1]
        assert (escalation.notify_role, escalation.notify_court_code) == (role, court)
        assert_at(escalation.at, at)

    events = await case_events(case)
    assert_at(event_moment(events, "deadline_warned", deadline_id=d_id), warn_at)

    # Nothing further on the ladder: a month later the level is still 3.
    await env.sleep(timedelta(days=30))
    check(await case.snapshot(), warned=True, level=3)

    # Issued late at last: the overdue obligation is met and stops escalating.
    snap = await case.act({"type": "issue_notice"})
    assert deadline(snap, d_id).state == "met"
    assert snap.stage == "service"


async def test_cases_wake_for_a_days_turn_each_at_its_own_offset_into_the_night(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    """`night-spread`: two cases filed together miss their notice deadline at the same instant,
    00:00 Asia/Shanghai; each wakes and escalates at its own offset after it, the CRC-32 of its
    number modulo six hours. The formula is pinned here: changed, it would move the timers of
    running cases (their replays would no longer match their histories)."""
    env = manual_env
    cases = [await Case.file(env, manual_settings) for _ in range(2)]
    [notice] = deadlines(await cases[0].snapshot(), "notice.issue")
    assert notice.due_at.astimezone(SHANGHAI).time() == time.min
    await sleep_until(env, notice.due_at + timedelta(hours=6, minutes=1))
    escalated = []
    for case in cases:
        snap = await case.snapshot()
        [mine] = deadlines(snap, "notice.issue")
        due_at = mine.due_at
        assert due_at == notice.due_at
        [level_1] = [e for e in snap.escalations if e.deadline_id == mine.deadline_id]
        offset = timedelta(seconds=zlib.crc32(case.number.encode()) % (6 * 3600))
        assert abs(level_1.at - (due_at + offset)) < timedelta(seconds=1), (case.number, offset)
        escalated.append(level_1.at)
    assert escalated[0] != escalated[1]


# -----------------------------------------------------------------------------------------------
# 4. Suspension pauses the time limit


async def test_suspension_pauses_the_time_limit(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    snap = await case.snapshot()
    before = snap.time_limit.due_on
    assert before is not None and snap.time_limit.paused_days == 0
    [limit] = deadlines(snap, "case.time_limit")

    suspended_on = await case.today()
    snap = await case.act({"type": "suspend", "reason": "案外人提出异议，中止执行"}, JUDGE)
    assert snap.status == "suspended"
    assert deadline(snap, limit.deadline_id).paused_on == suspended_on

    await env.sleep(timedelta(days=40))
    snap = await case.snapshot()
    assert snap.status == "suspended"
    # Paused obligations neither warn nor escalate (the notice was due on day 10).
    assert snap.escalations == []
    assert not any(d.warned for d in snap.deadlines)

    snap = await case.act({"type": "resume", "reason": "异议已审查完毕"}, JUDGE)
    assert snap.status == "active"
    assert (await case.today()) - suspended_on == timedelta(days=40)
    assert snap.time_limit.paused_days == 40
    # edition 3 (issue 14): from the nominal last day, 6 months from filing, + 40, rolled once
    expected = CAL.days_after(add_months(snap.filed_on, 6) + timedelta(days=40), 0).on
    assert snap.time_limit.due_on == expected
    assert before < expected and CAL.is_working_day(expected)
    d = deadline(snap, limit.deadline_id)
    assert d.state == "open" and d.paused_on is None and d.due_on == expected

    # The other procedural deadlines moved with it and run again after the resumption.
    [notice] = deadlines(snap, "notice.issue")
    assert notice.paused_on is None and notice.state == "open"
    await sleep_until(env, notice.due_at + MARGIN)
    assert deadline(await case.snapshot(), notice.deadline_id).escalation_level == 1


# -----------------------------------------------------------------------------------------------
# 4b. A deadline opened by a command that asks nothing of the outside world


async def test_lead_check_deadline_wakes_the_case_on_time(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    """The applicant hands in a lead; the 7-day check escalates on day 7, not whenever the case
    happens to wake next (here: the time limit, months away)."""
    env = manual_env
    case = await Case.file(env, manual_settings)
    await served_and_searched(case, [])
    snap = await case.act(
        {
            "type": "register_property_lead",
            "lead_id": "L1",
            "description": "申请人提供：被执行人在某银行另有账户",
        }
    )
    [lead] = deadlines(snap, "assets.lead_check")
    assert lead.due_on == CAL.days_after(await case.today(), 7).on
    await sleep_until(env, lead.due_at - timedelta(days=3) + MARGIN)
    assert deadline(await case.snapshot(), lead.deadline_id).warned
    await sleep_until(env, lead.due_at + MARGIN)
    snap = await case.snapshot()
    assert deadline(snap, lead.deadline_id).escalation_level == 1
    assert levels(snap, lead.deadline_id) == [1]


# -----------------------------------------------------------------------------------------------
# 5. Bad commands are refused before anything is written


def _ok(command: Any, actor: dict[str, Any] | None = None) -> dict[str, Any]:
    """An envelope around ``command`` (which may itself be malformed)."""
    return {"request_id": f"bad-{uuid.uuid4()}", "actor": actor or OFFICER, "command": command}


REJECTIONS: list[tuple[str, Any, str]] = [
    ("resume while active", _ok({"type": "resume", "reason": "x"}, JUDGE), "stage.not_allowed"),
    (
        "resume_enforcement while active",
        _ok(
            {
                "type": "resume_enforcement",
                "resumed_case_number": "(2026)京0105执恢1号",
                "reason": "x",
            }
        ),
        "stage.not_allowed",
    ),
    (
        "officer of another court",
        _ok({"type": "issue_notice"}, OTHER_COURT_OFFICER),
        "auth.forbidden",
    ),
    ("supervisor of the higher court", _ok({"type": "issue_notice"}, SUPERVISOR), "auth.forbidden"),
    (
        "officer approving 终本",
        _ok({"type": "terminate_this_procedure", "reason": "无财产"}),
        "auth.forbidden",
    ),
    ("officer suspending", _ok({"type": "suspend", "reason": "x"}), "auth.forbidden"),
    (
        "negative amount",
        _ok({"type": "deduct_funds", "asset_id": "AS-1", "amount_fen": -5}),
        "command.malformed",
    ),
    (
        "zero amount",
        _ok({"type": "deduct_funds", "asset_id": "AS-1", "amount_fen": 0}),
        "command.malformed",
    ),
    (
        "amount as float",
        _ok({"type": "deduct_funds", "asset_id": "AS-1", "amount_fen": 1.5}),
        "command.malformed",
    ),
    ("unknown type", _ok({"type": "launch_rocket"}), "command.malformed"),
    ("no type", _ok({"document_id": "TZ-R1"}), "command.malformed"),
    ("missing fields", _ok({"type": "record_service"}), "command.malformed"),
    ("extra field", _ok({"type": "issue_notice", "urgent": True}), "command.malformed"),
    ("string for the command", _ok("issue_notice"), "command.malformed"),
    (
        "string for the actor",
        {"request_id": "r-1", "actor": "officer", "command": {"type": "issue_notice"}},
        "command.malformed",
    ),
    (
        "unknown role",
        _ok({"type": "issue_notice"}, {"user_id": "u-1", "role": "emperor", "court_code": COURT}),
        "command.malformed",
    ),
    ("no request_id", {"actor": OFFICER, "command": {"type": "issue_notice"}}, "command.malformed"),
    ("a list, not an envelope", [OFFICER, {"type": "issue_notice"}], "command.malformed"),
    (
        "unknown document",
        _ok(
            {
                "type": "record_service",
                "document_id": "TZ-R9",
                "served_on": "2099-12-31",  # the unknown document is refused before the date
                "method": "postal",
            }
        ),
        "service.unknown_document",
    ),
    (
        "unknown asset",
        _ok({"type": "deduct_funds", "asset_id": "AS-404", "amount_fen": 5}),
        "asset.unknown",
    ),
    (
        "renew an unknown asset",
        _ok({"type": "renew_freeze", "asset_id": "AS-404", "period_days": 1000}),
        "asset.unknown",
    ),
]


# What a rejected update may leave in the history. On the real server nothing: the validator runs
# in a speculative workflow task that is dropped. The time-skipping test server has no
# speculative tasks (temporalio/sdk-java#1769), so there a rejection leaves one empty workflow
# task (scheduled, started, completed): no update, no command, no marker.
WORKFLOW_TASK_BOOKKEEPING = {
    EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
    EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED,
}


ACTIVITY_ENDINGS = (
    EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_FAILED,
    EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT,
    EventType.EVENT_TYPE_ACTIVITY_TASK_CANCELED,
)


async def _history(case: Case) -> list[HistoryEvent]:
    return [e async for e in case.handle.fetch_history_events()]


def _recorder_work(history: list[HistoryEvent]) -> tuple[int, set[int]]:
    """The recorder's own work (`record-after-commit`): how many of its short timers are
    pending, and the event ids of those that fired and of its local activity's markers. It goes
    on by itself, so they may land while a rejected command is checked; a rejection can start
    neither. Deadlines are days; the recorder's waits are RECORD_LAG or less (a float
    `now + delay` may end a hair past it)."""
    pending: set[str] = set()
    ids: set[int] = set()
    for e in history:
        if e.HasField("timer_started_event_attributes"):
            started = e.timer_started_event_attributes
            if started.start_to_fire_timeout.ToTimedelta() <= 2 * RECORD_LAG:
                pending.add(started.timer_id)
        elif e.HasField("timer_fired_event_attributes"):
            if e.timer_fired_event_attributes.timer_id in pending:
                pending.discard(e.timer_fired_event_attributes.timer_id)
                ids.add(e.event_id)
        elif e.HasField("timer_canceled_event_attributes"):
            pending.discard(e.timer_canceled_event_attributes.timer_id)
        elif e.marker_recorded_event_attributes.marker_name == "core_local_activity":
            ids.add(e.event_id)
    return len(pending), ids


async def _settled(case: Case) -> list[EventType.ValueType]:
    """The history once the workflow is idle: its last workflow task completed, nothing moves."""
    await case.snapshot()
    previous: list[EventType.ValueType] = []
    for _ in range(400):
        events = await _history(case)
        history = [e.event_type for e in events]
        tasks = [t for t in history if t in WORKFLOW_TASK_BOOKKEEPING]
        # An activity in flight (the background append to the case record) writes its
        # events only when it finishes, the recorder's short timer when it fires: idle means
        # none is outstanding.
        in_flight = history.count(EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) - sum(
            history.count(t) for t in ACTIVITY_ENDINGS
        )
        if (
            history == previous
            and in_flight == 0
            and tasks[-1] == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED
            and _recorder_work(events)[0] == 0
        ):
            return history
        previous = history
        await asyncio.sleep(0.05)
    raise AssertionError(f"the workflow never settled: {previous}")


async def _reject_all(case: Case, *, speculative: bool) -> None:
    """Send every bad envelope; each must be refused with its code and leave no trace.

    Problems are collected so one run reports every envelope that is handled wrongly.
    """
    problems: list[str] = []
    for label, envelope, code in REJECTIONS:
        history, events = await _settled(case), await case_events(case)
        try:
            await send(case, envelope)
        except WorkflowUpdateFailedError as rejected:
            cause = rejected.cause
        else:
            problems.append(f"{label}: accepted")
            continue
        if not isinstance(cause, ApplicationError) or cause.type != code:
            problems.append(f"{label}: expected {code}, got {cause!r}")
        elif not (
            cause.non_retryable and CJK.search(cause.message) and LATIN.search(cause.message)
        ):
            problems.append(f"{label}: message not bilingual or retryable: {cause.message}")
        else:
            details = cause.details[0] if cause.details else {}
            if not (
                isinstance(details, dict)
                and details.get("code") == code
                and CJK.search(details["zh"])
                and LATIN.search(details["en"])
            ):
                problems.append(f"{label}: details {details!r}")
        after_events = await _history(case)
        after = [e.event_type for e in after_events]
        _, recorder = _recorder_work(after_events)
        added = [t for i, t in enumerate(after, start=1) if i > len(history) and i not in recorder]
        if after[: len(history)] != history:
            problems.append(f"{label}: history rewritten")
        elif speculative and added:
            problems.append(f"{label}: history grew by {[EventType.Name(t) for t in added]}")
        elif not set(added) <= WORKFLOW_TASK_BOOKKEEPING:
            problems.append(f"{label}: history gained {[EventType.Name(t) for t in added]}")
        if await case_events(case) != events:
            problems.append(f"{label}: events changed")
        if (await case.handle.describe()).status != WorkflowExecutionStatus.RUNNING:
            problems.append(f"{label}: the workflow stopped")
            break
    assert problems == []


async def test_bad_commands_are_rejected_without_trace(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    case = await Case.file(manual_env, manual_settings)
    snap = await case.snapshot()
    await _reject_all(case, speculative=False)

    # A malformed signal is refused too: the signal itself is in the history, no event is.
    events = await case_events(case)
    await case.handle.signal(
        "submit",
        {
            "request_id": "sig-bad",
            "actor": OFFICER,
            "command": {"type": "deduct_funds", "amount_fen": -5},
        },
    )
    await case.handle.signal("submit", _ok({"type": "issue_notice"}, OTHER_COURT_OFFICER))
    assert await case_events(case) == events
    assert (await case.handle.describe()).status == WorkflowExecutionStatus.RUNNING

    # The case still works.
    after = await case.act({"type": "issue_notice"})
    assert after.last_seq > snap.last_seq and after.stage == "service"


@pytest.mark.integration
async def test_bad_commands_leave_the_history_untouched_on_the_real_server(
    dev_server: WorkflowEnvironment, tmp_path: Path
) -> None:
    """The same refusals on the dev server, where the history length must not move at all."""
    settings = Settings(
        data_dir=tmp_path,
        adapters="manual",
        task_queue="enforcement-stories",
        simulator_task_queue="sim-stories",
    )
    async with running_workers(dev_server.client, settings):
        case = await Case.file(dev_server, settings)
        await _reject_all(case, speculative=True)
        assert (await case.act({"type": "issue_notice"})).stage == "service"


# -----------------------------------------------------------------------------------------------
# 6. A repeated request_id


async def test_repeated_request_id_returns_the_earlier_answer(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    case = await Case.file(manual_env, manual_settings)
    first = await case.decide({"type": "issue_notice"}, request_id="req-notice-1")
    assert not first.repeated
    events = await case_events(case)
    again = await case.decide({"type": "issue_notice"}, request_id="req-notice-1")
    assert repeats(again, first)
    assert await case_events(case) == events

    # Later commands do not change what the old request answers; a retry changes nothing.
    later = await case.decide({"type": "request_asset_search"}, request_id="req-search-1")
    assert later.first_seq > first.last_seq
    events = await case_events(case)
    again = await case.decide({"type": "issue_notice"}, request_id="req-notice-1")
    assert repeats(again, first)
    again = await case.decide({"type": "request_asset_search"}, request_id="req-search-1")
    assert repeats(again, later)
    assert await case_events(case) == events
    assert (await case.snapshot()).last_seq == later.last_seq

    # The same through the signal: a retried integration answer is applied once.
    today = (await case.today()).isoformat()
    answer = {
        "request_id": "int-served-1",
        "actor": {"user_id": "e-service", "role": "integration", "court_code": COURT},
        "command": {
            "type": "record_service",
            "document_id": "TZ-R1",
            "served_on": today,
            "method": "electronic",
        },
    }
    for _ in range(3):
        await case.handle.signal("submit", answer)
    snap = await case.snapshot()
    assert snap.last_seq == later.last_seq + 1
    served = [e for e in await case_events(case) if e["type"] == "document_served"]
    assert len(served) == 1


# -----------------------------------------------------------------------------------------------
# Filing the same case twice


async def test_filing_the_same_case_twice_is_refused(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    case = await Case.file(manual_env, manual_settings)
    number = (await case.snapshot()).case_number
    with pytest.raises(WorkflowAlreadyStartedError):
        await Case.file(manual_env, manual_settings, case_number=number)
    # Also in the full-width form people type: it is the same case.
    with pytest.raises(WorkflowAlreadyStartedError):
        await Case.file(
            manual_env, manual_settings, case_number=number.replace("(", "（").replace(")", "）")
        )
    assert (await case.snapshot()).last_seq > 0
