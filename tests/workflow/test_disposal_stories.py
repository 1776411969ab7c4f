"""Disposal, money and bankruptcy stories, lived through months in seconds (time-skipping server).

Manual adapters unless a story says otherwise: every answer of the outside world (the appraiser,
the auction platform, the bank slip of a payout) arrives as a command, so each story controls
exactly what happens and when. Server time is shared by the whole session: dates always come
from the server clock (``await case.today()``), never assumed.
"""

import json
from collections.abc import AsyncIterator
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from temporalio.client import WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.testing import WorkflowEnvironment

from domain.calendar import SHANGHAI, CourtCalendar, add_months
from domain.editions import BASELINE, COURTS
from domain.snapshot import CaseSnapshot
from domain.state import Deadline
from runtime.settings import Settings
from tests.workflow.conftest import notifications
from tests.workflow.helpers import (
    COURT,
    JUDGE,
    MARGIN,
    OFFICER,
    Case,
    case_events,
    eventually,
    running_workers,
    served_and_searched,
    sleep_until,
)

CAL = CourtCalendar.default()
HIGHER_COURT = "京03"  # 朝阳 (京0105) is under 三中院 (store/data/courts.csv)
LADDER = [
    (1, 0, "officer", COURT),
    (2, 3, "bureau_head", COURT),
    (3, 10, "higher_court", HIGHER_COURT),
]
TWO_APPLICANTS = [
    {"party_id": "A1", "name": "张三", "kind": "person"},
    {"party_id": "A2", "name": "北京某某商贸有限公司", "kind": "company"},
]


# -- reading the case ------------------------------------------------------------------------


def deadlines(snap: CaseSnapshot, rule: str, state: str | None = None) -> list[Deadline]:
    return [d for d in snap.deadlines if d.rule == rule and (state is None or d.state == state)]


def deadline(snap: CaseSnapshot, deadline_id: str) -> Deadline:
    return next(d for d in snap.deadlines if d.deadline_id == deadline_id)


def levels(snap: CaseSnapshot, deadline_id: str) -> list[int]:
    return [e.level for e in snap.escalations if e.deadline_id == deadline_id]


def asset(snap: CaseSnapshot, asset_id: str) -> Any:
    return next(a for a in snap.assets if a.asset_id == asset_id)


def balanced(snap: CaseSnapshot) -> bool:
    """一案一账号: every fen collected is paid out, held, or escrowed (提存)."""
    a = snap.amounts
    return a.collected_fen == a.paid_out_fen + a.held_fen + a.escrowed_fen and a.held_fen >= 0


def officer_tasks(settings: Settings, case_number: str, kind: str) -> list[dict[str, Any]]:
    """What the manual adapters asked the officer to do for this case."""
    path = Path(settings.data_dir) / "officer-tasks.jsonl"
    if not path.exists():
        return []
    tasks = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [t for t in tasks if t["case_number"] == case_number and t["kind"] == kind]


def treasury_ledger(settings: Settings, case_number: str) -> list[dict[str, Any]]:
    """The simulated treasury's payments for this case (one JSON line each)."""
    path = Path(settings.data_dir) / "treasury-ledger.jsonl"
    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    return [x for x in lines if x["case_number"] == case_number]


async def tasks_appear(
    settings: Settings, case_number: str, kind: str, count: int
) -> list[dict[str, Any]]:
    async def there() -> bool:
        return len(officer_tasks(settings, case_number, kind)) >= count

    assert await eventually(there), f"no {kind} task for the officer"
    return officer_tasks(settings, case_number, kind)


async def rejected(
    case: Case, command: dict[str, Any], code: str, actor: dict[str, Any] = OFFICER
) -> None:
    """The command is refused with ``code`` and a bilingual message, and nothing is recorded."""
    before = (await case.snapshot()).last_seq
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await case.act(command, actor)
    cause = refused.value.cause
    assert isinstance(cause, ApplicationError) and cause.type == code, (code, cause)
    assert " / " in cause.message, cause.message  # 中文 / English
    assert (await case.snapshot()).last_seq == before


def nominal_time_limit(filed_on: date, paused_days: int) -> date:
    """The time limit after a pause (edition 3, issue 14): 6 months from filing plus the days
    paused, counted from that nominal day and rolled off a rest day once at the end."""
    return CAL.days_after(add_months(filed_on, 6) + timedelta(days=paused_days), 0).on


async def climbs_the_ladder(
    env: WorkflowEnvironment, case: Case, d: Deadline, ladder: list[Any] = LADDER
) -> None:
    """Warning 3 days before due, then level 1 at due, 2 at +3 days, 3 at +10, each on time."""
    warn_at = d.due_at - timedelta(days=3)
    await sleep_until(env, warn_at - MARGIN)
    assert not deadline(await case.snapshot(), d.deadline_id).warned
    await sleep_until(env, warn_at + MARGIN)
    assert deadline(await case.snapshot(), d.deadline_id).warned
    for level, days_after, role, court in ladder:
        at = d.due_at + timedelta(days=days_after)
        await sleep_until(env, at - MARGIN)
        assert levels(await case.snapshot(), d.deadline_id) == list(range(1, level))
        await sleep_until(env, at + MARGIN)
        snap = await case.snapshot()
        now = deadline(snap, d.deadline_id)
        assert (now.state, now.escalation_level) == ("overdue", level)
        [step] = [
            e for e in snap.escalations if e.deadline_id == d.deadline_id and e.level == level
        ]
        assert (step.notify_role, step.notify_court_code) == (role, court)
        assert at <= step.at < at + MARGIN, f"level {level} at {step.at}, due {at}"


# -- getting a case to the point of disposal ---------------------------------------------------


def flat(asset_id: str) -> dict[str, Any]:
    return {
        "asset_id": asset_id,
        "kind": "real_estate",
        "description": "被执行人名下朝阳区某小区住宅一套（建筑面积 89.6 平方米）",
        "owner_party_id": "R1",
        "holder": "北京市朝阳区不动产登记中心",
    }


def car(asset_id: str) -> dict[str, Any]:
    return {
        "asset_id": asset_id,
        "kind": "vehicle",
        "description": "被执行人名下小型轿车一辆（京A·12345）",
        "owner_party_id": "R1",
        "holder": "北京市公安局公安交通管理局",
    }


async def under_control(case: Case, finding: dict[str, Any], measure: str, days: int) -> None:
    """Found by the network search, then sealed or seized; the registry confirms the same day."""
    await served_and_searched(case, [finding])
    await case.act(
        {
            "type": "freeze_asset",
            "asset_id": finding["asset_id"],
            "measure": measure,
            "period_days": days,
        }
    )
    snap = await case.act(
        {
            "type": "confirm_freeze",
            "asset_id": finding["asset_id"],
            "effective_on": (await case.today()).isoformat(),
        }
    )
    control = asset(snap, finding["asset_id"]).control
    assert control is not None and control.state == "effective" and control.measure == measure


def auction(asset_id: str, start: int, deposit: int, bidding_starts_on: Any) -> dict[str, Any]:
    return {
        "type": "schedule_auction",
        "asset_id": asset_id,
        "start_price_fen": start,
        "deposit_fen": deposit,
        "bidding_starts_on": bidding_starts_on.isoformat(),
    }


def result(auction_id: str, outcome: str, price: int | None = None) -> dict[str, Any]:
    command: dict[str, Any] = {
        "type": "record_auction_result",
        "auction_id": auction_id,
        "outcome": outcome,
    }
    if price is not None:
        command |= {"price_fen": price, "buyer": "竞买人 王五"}
    return command


# -----------------------------------------------------------------------------------------------
# 1. A flat: appraised, two failed auctions, sold at the third step, paid out, closed


REFERENCE = 300_000_000  # 3,000,000.00 yuan
ROUND1 = 210_000_000  # 70% of the reference price
ROUND2 = 168_000_000  # 20% below round 1
FEES = 2_000_000  # 执行费 and the costs the court advanced
OWED_A1, OWED_A2 = 100_000_000, 66_000_000  # principal 1.6M + interest 60k, as the judgment says


async def test_real_estate_appraised_auctioned_twice_sold_and_paid_out(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env, settings = manual_env, manual_settings
    case = await Case.file(
        env, settings, applicants=TWO_APPLICANTS, principal_fen=160_000_000, other_fen=6_000_000
    )
    number = (await case.snapshot()).case_number
    await under_control(case, flat("RE-1"), "seal", 3 * 365)
    sealed_on = await case.today()
    snap = await case.snapshot()
    [start] = deadlines(snap, "valuation.start")
    assert start.due_on == CAL.days_after(sealed_on, 30).on
    [limit] = deadlines(snap, "case.time_limit")

    # 委托评估: 30 days for the report; the time limit stands still meanwhile.
    snap = await case.act(
        {
            "type": "start_valuation",
            "asset_id": "RE-1",
            "method": "appraisal",
            "agency": "北京某某房地产土地评估有限公司",
        }
    )
    assert deadline(snap, start.deadline_id).state == "met"
    [appraisal] = deadlines(snap, "valuation.appraisal", "open")
    assert appraisal.due_on == CAL.days_after(sealed_on, 30).on
    assert deadline(snap, limit.deadline_id).paused_on == sealed_on
    [task] = await tasks_appear(settings, number, "request_valuation", 1)
    assert task["payload"]["method"] == "appraisal" and task["mode"] == "manual"

    await env.sleep(timedelta(days=20))
    valued_on = await case.today()
    snap = await case.act(
        {
            "type": "record_valuation",
            "asset_id": "RE-1",
            "reference_price_fen": REFERENCE,
            "received_on": valued_on.isoformat(),
        }
    )
    assert asset(snap, "RE-1").reference_price_fen == REFERENCE
    assert deadline(snap, appraisal.deadline_id).state == "met"
    assert snap.time_limit.paused_days == (valued_on - sealed_on).days == 20
    assert snap.time_limit.due_on == nominal_time_limit(snap.filed_on, 20)
    [dispose] = deadlines(snap, "disposal.start", "open")
    assert dispose.due_on == CAL.days_after(valued_on, 10).on

    # Round 1: announced 30 days ahead (immovable), at 70% of the reference price.
    today = await case.today()
    first = auction("RE-1", ROUND1, ROUND1 // 10, today + timedelta(days=30))
    await rejected(case, first | {"start_price_fen": ROUND1 - 1}, "auction.below_floor")
    await rejected(
        case,
        first | {"bidding_starts_on": (today + timedelta(days=29)).isoformat()},
        "auction.announcement_too_short",
    )
    await rejected(case, first | {"deposit_fen": ROUND1 // 25}, "auction.deposit_out_of_range")
    await rejected(case, first | {"bidding_hours": 23}, "auction.bidding_too_short")
    snap = await case.act(first)
    [round1] = asset(snap, "RE-1").auctions
    assert (round1.round, round1.outcome, round1.start_price_fen) == (1, "scheduled", ROUND1)
    starts = datetime.combine(today + timedelta(days=30), time(10), SHANGHAI)
    assert round1.bidding_starts_at == starts
    assert round1.bidding_ends_at == starts + timedelta(hours=24)
    assert deadline(snap, dispose.deadline_id).state == "met"
    assert deadline(snap, limit.deadline_id).paused_on == today  # auction under way
    [published] = await tasks_appear(settings, number, "publish_auction", 1)
    assert published["payload"]["auction_id"] == round1.auction_id

    await rejected(case, result(round1.auction_id, "failed"), "auction.bidding_not_over")
    await sleep_until(env, round1.bidding_ends_at + MARGIN)
    snap = await case.act(result(round1.auction_id, "failed"))
    failed_on = await case.today()
    [relist] = deadlines(snap, "auction.relist", "open")
    assert relist.due_on == CAL.days_after(failed_on, 30).on

    # Round 2 (再次拍卖): within 30 days, announced at least 15 days ahead, cut at most 20%.
    second = auction("RE-1", ROUND2, ROUND2 // 10, failed_on + timedelta(days=15))
    await rejected(case, second | {"start_price_fen": ROUND2 - 1}, "auction.cut_too_deep")
    await rejected(
        case,
        second | {"bidding_starts_on": (failed_on + timedelta(days=14)).isoformat()},
        "auction.announcement_too_short",
    )
    await rejected(
        case,
        second | {"bidding_starts_on": (relist.due_on + timedelta(days=1)).isoformat()},
        "auction.relist_too_late",
    )
    snap = await case.act(second)
    round2 = asset(snap, "RE-1").auctions[-1]
    assert (round2.round, round2.start_price_fen) == (2, ROUND2)
    assert deadline(snap, relist.deadline_id).state == "met"
    await sleep_until(env, round2.bidding_ends_at + MARGIN)
    snap = await case.act(result(round2.auction_id, "failed"))
    assert [a.outcome for a in asset(snap, "RE-1").auctions] == ["failed", "failed"]
    assert deadlines(snap, "auction.relist", "open") == []  # two failures: no third auction
    await rejected(
        case,
        auction("RE-1", ROUND2, ROUND2 // 10, (await case.today()) + timedelta(days=15)),
        "auction.rounds_exhausted",
    )

    # 变卖 at the last start price; a buyer comes forward within the sale period.
    await rejected(
        case,
        {"type": "start_sale", "asset_id": "RE-1", "price_fen": ROUND2 - 1},
        "sale.below_last_price",
    )
    snap = await case.act({"type": "start_sale", "asset_id": "RE-1", "price_fen": ROUND2})
    [period] = deadlines(snap, "sale.period", "open")
    assert period.due_on == CAL.days_after(await case.today(), 60).on
    await env.sleep(timedelta(days=20))
    snap = await case.act(
        {"type": "record_sale_result", "asset_id": "RE-1", "outcome": "sold", "price_fen": ROUND2}
    )
    assert asset(snap, "RE-1").proceeds_due_fen == ROUND2
    assert deadline(snap, period.deadline_id).state == "met"

    # The buyer pays a week later: the money is in the case account, 30 days to pay it out.
    await env.sleep(timedelta(days=7))
    received_on = await case.today()
    funds = {
        "type": "record_funds_received",
        "source": "sale",
        "asset_id": "RE-1",
        "amount_fen": ROUND2,
        "received_on": received_on.isoformat(),
    }
    await rejected(case, funds | {"amount_fen": ROUND2 - 1}, "funds.amount_mismatch")
    snap = await case.act(funds)
    assert (snap.amounts.collected_fen, snap.amounts.held_fen) == (ROUND2, ROUND2) and balanced(
        snap
    )
    assert asset(snap, "RE-1").disposition == "exhausted"
    [payout_due] = deadlines(snap, "funds.payout", "open")
    assert payout_due.due_on == CAL.days_after(received_on, 30).on
    assert snap.stage == "payout"
    await rejected(
        case, {"type": "close_case", "outcome": "fully_enforced"}, "close.funds_held", JUDGE
    )

    # The judge approves the plan: fees first, then both applicants in full.
    await env.sleep(timedelta(days=3))
    plan = {
        "type": "approve_distribution",
        "claims": [
            {"claimant_id": "court_fees", "kind": "fee", "owed_fen": FEES},
            {"claimant_id": "A1", "kind": "applicant", "owed_fen": OWED_A1},
            {"claimant_id": "A2", "kind": "applicant", "owed_fen": OWED_A2},
        ],
    }
    await rejected(case, plan, "auth.forbidden")  # the officer cannot approve it
    snap = await case.act(plan, JUDGE)
    assert balanced(snap) and snap.amounts.outstanding_fen == 0
    # Two creditors (edition 3): the plan is served on them and paid once their 15 days to
    # object are over (distribution.plan.objection; the dates by hand in
    # tests/workflow/test_distribution_story.py).
    [contested] = snap.distributions
    snap = await case.act(
        {
            "type": "serve_distribution_plan",
            "distribution_id": contested.distribution_id,
            "served_on": (await case.today()).isoformat(),
        }
    )
    assert officer_tasks(settings, number, "pay_out") == []
    until = snap.distributions[0].objection_until
    assert until is not None
    await sleep_until(env, datetime.combine(until + timedelta(days=1), time(9), SHANGHAI))
    orders = await tasks_appear(settings, number, "pay_out", 3)
    assert sorted((t["claimant_id"], t["amount_fen"]) for t in orders) == [
        ("A1", OWED_A1),
        ("A2", OWED_A2),
        ("court_fees", FEES),
    ]
    # Manual treasury: the finance office pays by hand; nothing is recorded until the slip.
    assert [e for e in await case_events(case) if e["type"] == "payout_recorded"] == []

    await env.sleep(timedelta(days=1))
    for order in orders:
        snap = await case.act(
            {
                "type": "record_payout",
                "payout_id": order["payout_id"],
                "reference": f"银行回单 {order['payout_id']}",
            }
        )
        assert balanced(snap)
    await rejected(
        case,
        {"type": "record_payout", "payout_id": orders[0]["payout_id"], "reference": "again"},
        "payout.already_paid",
    )
    paid_on = await case.today()
    assert paid_on <= payout_due.due_on
    assert snap.amounts.paid_out_fen == ROUND2 and snap.amounts.held_fen == 0
    d = deadline(snap, payout_due.deadline_id)
    assert (d.state, d.escalation_level, d.warned) == ("met", 0, False)
    assert snap.amounts.outstanding_fen == 0

    # Nothing outstanding, nothing held, the flat sold: 执行完毕.
    snap = await case.act({"type": "close_case", "outcome": "fully_enforced"}, JUDGE)
    assert (snap.status, snap.outcome) == ("closed", "fully_enforced")
    assert balanced(snap) and snap.amounts.collected_fen == ROUND2
    final = await case.handle.result()
    assert final.status == "closed" and final.last_seq == snap.last_seq


# -----------------------------------------------------------------------------------------------
# 2. 悔拍: the buyer does not pay; the deposit is forfeited and the car is relisted


async def test_buyer_default_forfeits_the_deposit_and_the_car_is_relisted(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings, principal_fen=20_000_000)
    await under_control(case, car("VH-1"), "seize", 700)
    await case.act({"type": "start_valuation", "asset_id": "VH-1", "method": "online_inquiry"})
    await env.sleep(timedelta(days=1))
    await case.act(
        {
            "type": "record_valuation",
            "asset_id": "VH-1",
            "reference_price_fen": 20_000_000,
            "received_on": (await case.today()).isoformat(),
        }
    )
    today = await case.today()
    start, deposit = 14_000_000, 1_400_000
    first = auction("VH-1", start, deposit, today + timedelta(days=15))  # movable: 15 days
    await rejected(
        case,
        first | {"bidding_starts_on": (today + timedelta(days=14)).isoformat()},
        "auction.announcement_too_short",
    )
    snap = await case.act(first)
    [sold] = asset(snap, "VH-1").auctions
    await sleep_until(env, sold.bidding_ends_at + MARGIN)
    snap = await case.act(result(sold.auction_id, "sold", 15_200_000))
    assert asset(snap, "VH-1").proceeds_due_fen == 15_200_000
    assert snap.amounts.collected_fen == 0

    # Ten days on the balance has not come: 悔拍.
    await env.sleep(timedelta(days=10))
    defaulted_on = await case.today()
    snap = await case.act(result(sold.auction_id, "buyer_default"))
    car_now = asset(snap, "VH-1")
    assert car_now.auctions[0].outcome == "buyer_default" and car_now.proceeds_due_fen is None
    assert snap.amounts.collected_fen == deposit and snap.amounts.held_fen == deposit
    assert balanced(snap)
    [relist] = deadlines(snap, "auction.relist", "open")
    assert relist.due_on == CAL.days_after(defaulted_on, 30).on
    events = await case_events(case)
    [forfeit] = [e for e in events if e["type"] == "auction_defaulted"]
    assert forfeit["forfeited_fen"] == deposit
    await rejected(
        case,
        {
            "type": "record_funds_received",
            "source": "auction",
            "asset_id": "VH-1",
            "amount_fen": 15_200_000,
            "received_on": defaulted_on.isoformat(),
        },
        "funds.nothing_sold",
    )
    await rejected(case, result(sold.auction_id, "buyer_default"), "auction.no_sale_to_default")

    # Relisted (7 days' notice for a movable re-auction), never below the start price.
    again = auction("VH-1", start, deposit, defaulted_on + timedelta(days=7))
    await rejected(case, again | {"start_price_fen": start - 1}, "auction.default_relist_price")
    snap = await case.act(again)
    relisted = asset(snap, "VH-1").auctions[-1]
    assert relisted.auction_id != sold.auction_id
    assert (relisted.outcome, relisted.start_price_fen) == ("scheduled", start)
    assert relisted.start_price_fen >= sold.start_price_fen
    assert deadline(snap, relist.deadline_id).state == "met"

    # This time the buyer pays: the price joins the forfeited deposit in the account.
    await sleep_until(env, relisted.bidding_ends_at + MARGIN)
    await case.act(result(relisted.auction_id, "sold", 14_300_000))
    snap = await case.act(
        {
            "type": "record_funds_received",
            "source": "auction",
            "asset_id": "VH-1",
            "amount_fen": 14_300_000,
            "received_on": (await case.today()).isoformat(),
        }
    )
    assert snap.amounts.collected_fen == deposit + 14_300_000 and balanced(snap)
    assert snap.amounts.outstanding_fen == 20_000_000 - deposit - 14_300_000
    assert len(deadlines(snap, "funds.payout", "open")) == 1


# -----------------------------------------------------------------------------------------------
# 3. An online inquiry that never answers: extended once, then up the ladder


async def test_online_inquiry_overruns_and_escalates(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    number = (await case.snapshot()).case_number
    await under_control(case, car("VH-2"), "seal", 700)
    started_on = await case.today()
    snap = await case.act(
        {
            "type": "start_valuation",
            "asset_id": "VH-2",
            "method": "online_inquiry",
            "agency": "人民法院询价评估系统",
        }
    )
    [inquiry] = deadlines(snap, "valuation.online_inquiry")
    assert inquiry.due_on == CAL.days_after(started_on, 3).on
    [task] = await tasks_appear(manual_settings, number, "request_valuation", 1)
    assert task["payload"]["method"] == "online_inquiry"

    extend = {
        "type": "extend_valuation",
        "asset_id": "VH-2",
        "days": 3,
        "reason": "询价平台反馈需补充车辆登记信息",
    }
    await rejected(case, extend | {"days": 4}, "valuation.extension_refused")
    snap = await case.act(extend)
    extended = deadline(snap, inquiry.deadline_id)
    assert extended.state == "open"
    assert extended.due_on == CAL.days_after(inquiry.due_on, 3).on
    await rejected(case, extend | {"days": 1}, "valuation.extension_refused")  # only once

    await climbs_the_ladder(env, case, extended)

    # The result comes at last: the obligation is met and stops climbing.
    snap = await case.act(
        {
            "type": "record_valuation",
            "asset_id": "VH-2",
            "reference_price_fen": 8_000_000,
            "received_on": (await case.today()).isoformat(),
        }
    )
    assert deadline(snap, inquiry.deadline_id).state == "met"
    await env.sleep(timedelta(days=5))
    assert levels(await case.snapshot(), inquiry.deadline_id) == [1, 2, 3]


# -----------------------------------------------------------------------------------------------
# 4. A settlement in three instalments; the second is missed; enforcement resumes


async def test_settlement_second_instalment_missed_enforcement_resumes(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env, settings = manual_env, manual_settings
    case = await Case.file(env, settings, principal_fen=30_000_000)
    number = (await case.snapshot()).case_number
    await served_and_searched(case, [])
    snap = await case.snapshot()
    [limit] = deadlines(snap, "case.time_limit")
    limit_due = snap.time_limit.due_on
    assert limit_due == limit.due_on

    settled_on = await case.today()
    instalment = 10_000_000
    installments = [
        {"due_on": (settled_on + timedelta(days=days)).isoformat(), "amount_fen": instalment}
        for days in (10, 40, 70)
    ]
    plan = {
        "type": "record_settlement",
        "installments": installments,
        "note": "双方达成执行和解，分三期履行",
    }
    too_much = plan | {
        "installments": [*installments[:2], installments[2] | {"amount_fen": instalment + 1}]
    }
    await rejected(case, too_much, "settlement.exceeds_claim")
    snap = await case.act(plan)
    assert snap.stage == "settlement"
    assert deadline(snap, limit.deadline_id).paused_on == settled_on
    first, second, third = deadlines(snap, "settlement.installment")
    assert [d.subject for d in (first, second, third)] == [
        "installment-1",
        "installment-2",
        "installment-3",
    ]
    assert second.due_on == settled_on + timedelta(days=40)

    # The first instalment is paid on time and paid out to the applicant.
    await env.sleep(timedelta(days=8))
    snap = await case.act(
        {
            "type": "record_installment_paid",
            "index": 1,
            "amount_fen": instalment,
            "paid_on": (await case.today()).isoformat(),
        }
    )
    assert deadline(snap, first.deadline_id).state == "met"
    assert snap.amounts.collected_fen == instalment and balanced(snap)
    await case.act(
        {
            "type": "approve_distribution",
            "claims": [{"claimant_id": "A1", "kind": "applicant", "owed_fen": 30_000_000}],
        },
        JUDGE,
    )
    [order] = await tasks_appear(settings, number, "pay_out", 1)
    assert order["amount_fen"] == instalment
    snap = await case.act(
        {"type": "record_payout", "payout_id": order["payout_id"], "reference": "银行回单 0001"}
    )
    assert snap.amounts.paid_out_fen == instalment and snap.amounts.held_fen == 0
    assert [d.state for d in deadlines(snap, "funds.payout")] == ["met"]

    # The second is not paid: level 1 on its due day, not before.
    await sleep_until(env, second.due_at - MARGIN)
    snap = await case.snapshot()
    assert deadline(snap, second.deadline_id).warned and levels(snap, second.deadline_id) == []
    await sleep_until(env, second.due_at + MARGIN)
    snap = await case.snapshot()
    d = deadline(snap, second.deadline_id)
    assert (d.state, d.escalation_level) == ("overdue", 1)
    [step] = [e for e in snap.escalations if e.deadline_id == second.deadline_id]
    assert second.due_at <= step.at < second.due_at + MARGIN
    assert step.notify_role == "officer"

    # The applicant asks to resume; the judge declares the default.
    await env.sleep(timedelta(days=2))
    default = {"type": "declare_settlement_default", "reason": "被执行人未按期履行第二期"}
    await rejected(case, default, "auth.forbidden")
    defaulted_on = await case.today()
    snap = await case.act(default, JUDGE)
    assert snap.status == "active" and snap.stage != "settlement"
    assert [deadline(snap, x.deadline_id).state for x in (first, second, third)] == [
        "met",
        "waived",
        "waived",
    ]
    events = await case_events(case)
    [ended] = [e for e in events if e["type"] == "settlement_ended"]
    assert ended["outcome"] == "defaulted"

    # The time limit runs again, later by the days the settlement held it.
    paused = (defaulted_on - settled_on).days
    assert snap.time_limit.paused_days == paused
    assert snap.time_limit.due_on == nominal_time_limit(snap.filed_on, paused)
    running = deadline(snap, limit.deadline_id)
    assert running.paused_on is None and running.state == "open"
    assert running.due_on == snap.time_limit.due_on

    # What was paid counts: the rest is outstanding and enforcement goes on.
    assert snap.amounts.collected_fen == instalment and balanced(snap)
    assert snap.amounts.outstanding_fen == 30_000_000 - instalment
    await rejected(
        case,
        {
            "type": "record_installment_paid",
            "index": 2,
            "amount_fen": instalment,
            "paid_on": defaulted_on.isoformat(),
        },
        "settlement.none",
    )
    snap = await case.act({"type": "request_asset_search"})
    assert [s.state for s in snap.searches][-1] == "pending"


# -----------------------------------------------------------------------------------------------
# 5. 执转破: the receiving court keeps silent for 30 days, then refuses; disposal continues
#    (a case of edition 1, whose rules a judge approves under; edition 2: test_bankruptcy_stories)


async def test_bankruptcy_transfer_ignored_then_rejected_and_disposal_continues(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env, settings = manual_env, manual_settings
    case = await Case.file(
        env, settings, principal_fen=50_000_000, edition=BASELINE, court_chain=()
    )
    number = (await case.snapshot()).case_number
    await under_control(case, car("VH-3"), "seize", 700)
    await case.act({"type": "start_valuation", "asset_id": "VH-3", "method": "negotiation"})
    today = await case.today()
    await case.act(
        {
            "type": "record_valuation",
            "asset_id": "VH-3",
            "reference_price_fen": 30_000_000,
            "received_on": today.isoformat(),
        }
    )
    limit_due = (await case.snapshot()).time_limit.due_on
    assert limit_due is not None
    snap = await case.act(auction("VH-3", 21_000_000, 2_100_000, today + timedelta(days=15)))
    [scheduled] = asset(snap, "VH-3").auctions
    [limit] = deadlines(snap, "case.time_limit")
    assert limit.paused_on == today  # the auction holds the time limit, then the transfer

    # The applicant consents; the judge transfers the case to 京01 for bankruptcy review.
    await case.act(
        {
            "type": "propose_bankruptcy_transfer",
            "respondent_id": "R1",
            "consenting_party_id": "A1",
            "reason": "被执行人不能清偿到期债务且明显缺乏清偿能力",
        }
    )
    approved_on = await case.today()
    snap = await case.act(
        {"type": "approve_bankruptcy_transfer", "receiving_court_code": HIGHER_COURT}, JUDGE
    )
    assert snap.status == "transferred"
    vh = asset(snap, "VH-3")
    assert vh.auctions[0].outcome == "cancelled"
    assert vh.control is not None and vh.control.state == "effective"  # the seizure stays
    assert deadlines(snap, "freeze.expiry", "open")  # and its expiry is still watched
    [serve] = deadlines(snap, "bankruptcy.serve_decision", "open")
    assert serve.due_on == CAL.days_after(approved_on, 5).on
    [acceptance] = deadlines(snap, "bankruptcy.acceptance", "open")
    assert acceptance.due_on == CAL.days_after(approved_on, 30).on
    assert acceptance.responsible_role == "receiving_court"
    [cancel] = await tasks_appear(settings, number, "cancel_auction", 1)
    assert cancel["payload"]["auction_id"] == scheduled.auction_id

    async def receiving_court_told() -> bool:
        return any(
            n["case_number"] == number
            and n["recipient_role"] == "receiving_court"
            and n["court_code"] == HIGHER_COURT
            for n in notifications(settings)
        )

    assert await eventually(receiving_court_told)
    await rejected(
        case,
        auction("VH-3", 21_000_000, 2_100_000, approved_on + timedelta(days=15)),
        "stage.not_allowed",
    )

    # The decision is served on every party within 5 days.
    for doc in ("ZP-A1", "ZP-R1"):
        snap = await case.act(
            {
                "type": "record_service",
                "document_id": doc,
                "served_on": (await case.today()).isoformat(),
                "method": "electronic",
            }
        )
    assert deadline(snap, serve.deadline_id).state == "met"

    # The receiving court says nothing: warning, then levels 1, 2, 3 on due, +3, +10.
    # an edition-1 case reads the courts above it by the code's prefix (domain/editions.py)
    await climbs_the_ladder(env, case, acceptance, [*LADDER[:2], (3, 10, "higher_court", "京01")])

    # Then it refuses to accept the case: enforcement resumes where it stood.
    await env.sleep(timedelta(days=1))
    rejected_on = await case.today()
    snap = await case.act(
        {
            "type": "record_bankruptcy_decision",
            "decision": "rejected",
            "decided_on": rejected_on.isoformat(),
        }
    )
    assert snap.status == "active"
    assert deadline(snap, acceptance.deadline_id).state == "met"
    paused = (rejected_on - today).days
    assert paused >= 40 and snap.time_limit.paused_days == paused
    # an edition-1 case, as it ran: the days paused added to the rolled last day
    assert snap.time_limit.due_on == CAL.days_after(limit_due, paused).on
    assert deadline(snap, limit.deadline_id).paused_on is None
    assert asset(snap, "VH-3").auctions[0].outcome == "cancelled"

    # Disposal continues: a new auction of the car.
    snap = await case.act(auction("VH-3", 21_000_000, 2_100_000, rejected_on + timedelta(days=15)))
    fresh = asset(snap, "VH-3").auctions[-1]
    assert fresh.auction_id != scheduled.auction_id and fresh.outcome == "scheduled"
    await tasks_appear(settings, number, "publish_auction", 2)

    # A second transfer of this case is refused.
    await rejected(
        case,
        {
            "type": "propose_bankruptcy_transfer",
            "respondent_id": "R1",
            "consenting_party_id": "R1",
            "reason": "再次申请移送破产审查",
        },
        "bankruptcy.already_rejected",
    )


# -----------------------------------------------------------------------------------------------
# 6. Simulated treasury: the payouts pay and record themselves, once each


@pytest.fixture(scope="session")
def treasury_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        data_dir=tmp_path_factory.mktemp("sim-treasury"),
        adapters="simulated",
        task_queue="enforcement-sim-treasury",
        simulator_task_queue="sim-sim-treasury",
    )


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def treasury_env(
    manual_env: WorkflowEnvironment, treasury_settings: Settings
) -> AsyncIterator[WorkflowEnvironment]:
    """Workers in simulated mode on their own queues, for the whole session (like
    ``simulated_env``): a case left waiting on a queue nobody serves would stall time skipping
    for every later test."""
    async with running_workers(manual_env.client, treasury_settings):
        yield manual_env


async def test_simulated_treasury_pays_each_line_once(
    treasury_env: WorkflowEnvironment, treasury_settings: Settings
) -> None:
    env, settings = treasury_env, treasury_settings
    # edition 2: a plan of two creditors is paid at once (from edition 3 it waits for their
    # objections), so the treasury pays as soon as the judge approves
    case = await Case.file(
        env, settings, applicants=TWO_APPLICANTS, principal_fen=29_500_000, edition=COURTS
    )
    number = (await case.snapshot()).case_number
    # The respondent pays everything at once; the judge approves the plan.
    await case.act(
        {
            "type": "record_funds_received",
            "source": "voluntary",
            "amount_fen": 30_000_000,
            "received_on": (await case.today()).isoformat(),
        }
    )
    await case.act(
        {
            "type": "approve_distribution",
            "claims": [
                {"claimant_id": "court_fees", "kind": "fee", "owed_fen": 500_000},
                {"claimant_id": "A1", "kind": "applicant", "owed_fen": 17_700_000},
                {"claimant_id": "A2", "kind": "applicant", "owed_fen": 11_800_000},
            ],
        },
        JUDGE,
    )
    [plan] = [e for e in await case_events(case) if e["type"] == "distribution_approved"]
    expected = {p["payout_id"]: p["allocation"]["amount_fen"] for p in plan["payouts"]}
    assert sorted(expected.values()) == [500_000, 11_800_000, 17_700_000]

    # Nobody records anything: the treasury pays, and its receipts are recorded by the rules.
    async def all_recorded() -> bool:
        events = await case_events(case)
        return len([e for e in events if e["type"] == "payout_recorded"]) == 3

    assert await eventually(all_recorded)
    recorded = [e for e in await case_events(case) if e["type"] == "payout_recorded"]
    assert {e["payout_id"]: e["amount_fen"] for e in recorded} == expected
    assert {(e["actor"]["role"], e["actor"]["user_id"]) for e in recorded} == {
        ("integration", "treasury")
    }
    ours = treasury_ledger(settings, number)
    assert sorted(x["payout_id"] for x in ours) == sorted(expected)  # one line per payout
    assert {x["payout_id"]: x["amount_fen"] for x in ours} == expected
    assert {e["payout_id"]: e["reference"] for e in recorded} == {
        x["payout_id"]: x["reference"] for x in ours
    }
    snap = await case.snapshot()
    assert snap.amounts.paid_out_fen == 30_000_000 and snap.amounts.held_fen == 0
    assert balanced(snap) and snap.amounts.outstanding_fen == 0
    assert [d.state for d in deadlines(snap, "funds.payout")] == ["met"]

    # A week later nothing more was paid; the case closes as fully enforced.
    await env.sleep(timedelta(days=7))
    assert treasury_ledger(settings, number) == ours
    snap = await case.act({"type": "close_case", "outcome": "fully_enforced"}, JUDGE)
    assert (snap.status, snap.outcome) == ("closed", "fully_enforced")
    assert (await case.handle.result()).status == "closed"
