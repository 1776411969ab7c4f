"""A contested distribution through the workflow (time-skipping server, manual adapters; DOMAIN-2
§3 ``distribution.plan.*``): a natural-person respondent pays ¥300,000; a second creditor joins
(参与分配); the judge's plan is served and waits; the joined creditor objects that part of the
applicant's share is its own; the applicant opposes; the objector sues on the last day of its
window; the disputed share is held (提存) and the rest paid; the judgment divides the escrow
and it is paid out. No payout order leaves before the plan may be paid.

Server time is shared by the session: dates come from the server clock. Each window's last day
is counted here by hand: 15 days after its trigger (the trigger day not counted, 民诉法 art. 85),
moved past weekends and the 2026 holidays listed below to the next working day (a year not in
the list: weekends only; its date is provisional in the engine).
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from temporalio.testing import WorkflowEnvironment

from domain.calendar import SHANGHAI
from domain.snapshot import CaseSnapshot
from runtime.settings import Settings
from tests.workflow.helpers import JUDGE, OFFICER, Case, eventually, sleep_until
from tests.workflow.test_disposal_stories import balanced, officer_tasks, rejected

# 2026's statutory rest days and make-up working days (国务院办公厅 2025-11 notice)
HOLIDAYS_2026 = {
    *(date(2026, 1, d) for d in (1, 2, 3)),
    *(date(2026, 2, d) for d in range(15, 24)),
    *(date(2026, 4, d) for d in (4, 5, 6)),
    *(date(2026, 5, d) for d in range(1, 6)),
    *(date(2026, 6, d) for d in (19, 20, 21)),
    *(date(2026, 9, d) for d in (25, 26, 27)),
    *(date(2026, 10, d) for d in range(1, 8)),
}
MAKE_UP_2026 = {date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20)}
MAKE_UP_2026 |= {date(2026, 10, 10)}


def last_day(trigger: date, days: int = 15) -> date:
    day = trigger + timedelta(days=days)
    while day in HOLIDAYS_2026 or (day.weekday() >= 5 and day not in MAKE_UP_2026):
        day += timedelta(days=1)
    return day


def morning(day: date) -> datetime:
    return datetime.combine(day, time(9), SHANGHAI)


def plan(snap: CaseSnapshot) -> Any:
    [only] = snap.distributions
    return only


async def pay_orders(settings: Settings, number: str, count: int) -> list[dict[str, Any]]:
    async def there() -> bool:
        return len(officer_tasks(settings, number, "pay_out")) >= count

    assert await eventually(there), "no payout order for the officer"
    return officer_tasks(settings, number, "pay_out")


async def test_objection_counter_opinion_suit_escrow_judgment_and_payout(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env, settings = manual_env, manual_settings
    case = await Case.file(
        env, settings, respondents=[{"party_id": "R1", "name": "李四", "kind": "person"}]
    )
    number = (await case.snapshot()).case_number
    today = await case.today()
    await case.act(
        {
            "type": "record_funds_received",
            "source": "voluntary",
            "amount_fen": 30_000_000,
            "received_on": today.isoformat(),
        }
    )
    await case.act(
        {
            "type": "join_distribution",
            "creditor": {"party_id": "C2", "name": "赵六", "kind": "person"},
            "basis": {"kind": "judgment", "document_no": "(2025)京0106民初99号"},
            "owed_fen": 50_000_000,
            "applied_on": today.isoformat(),
        }
    )
    snap = await case.act(
        {
            "type": "approve_distribution",
            "claims": [
                {"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000_000},
                {"claimant_id": "C2", "kind": "applicant", "owed_fen": 50_000_000},
            ],
        },
        JUDGE,
    )
    d = plan(snap)
    # distribution.ratio: 30,000,000 shared 100:50
    assert [(p.allocation.claimant_id, p.allocation.amount_fen) for p in d.payouts] == [
        ("A1", 20_000_000),
        ("C2", 10_000_000),
    ]
    a1, c2 = (p.payout_id for p in d.payouts)
    assert d.dispute == "unserved"
    pay_a1 = {"type": "record_payout", "payout_id": a1, "reference": "回单 1"}
    await rejected(case, pay_a1, "payout.awaiting_parties")

    # served the same day: 15 days to object (distribution.plan.objection)
    served_on = await case.today()
    snap = await case.act(
        {
            "type": "serve_distribution_plan",
            "distribution_id": d.distribution_id,
            "served_on": served_on.isoformat(),
        }
    )
    assert plan(snap).objection_until == last_day(served_on)

    # five days on, C2 objects: ¥30,000 of A1's share is its own; the others are told that day
    await env.sleep(timedelta(days=5))
    objected_on = await case.today()
    snap = await case.act(
        {
            "type": "file_distribution_objection",
            "distribution_id": d.distribution_id,
            "objector_id": "C2",
            "against_payout_id": a1,
            "disputed_fen": 3_000_000,
            "filed_on": objected_on.isoformat(),
            "notified_on": objected_on.isoformat(),
            "reason": "A1 的利息计算有误，多分 3 万元",
        }
    )
    assert plan(snap).counter_until == last_day(objected_on)  # distribution.plan.counter

    # three days on, A1 opposes; C2 is told that day: 15 days to sue (distribution.plan.sue)
    await env.sleep(timedelta(days=3))
    opposed_on = await case.today()
    snap = await case.act(
        {
            "type": "record_counter_opinion",
            "distribution_id": d.distribution_id,
            "opposed_by": ["A1"],
            "filed_on": opposed_on.isoformat(),
            "notified_on": opposed_on.isoformat(),
        }
    )
    suit_until = last_day(opposed_on)
    assert (plan(snap).dispute, plan(snap).suit_until) == ("suit_window", suit_until)
    assert officer_tasks(settings, number, "pay_out") == []  # nothing paid while they argue

    # C2 sues on the window's last day: ¥30,000 is escrowed, the rest of the plan is paid
    await sleep_until(env, morning(suit_until))
    snap = await case.act(
        {
            "type": "record_distribution_suit",
            "distribution_id": d.distribution_id,
            "filed_on": suit_until.isoformat(),
            "suit_case_number": "(2026)京0105民初777号",
        }
    )
    assert (plan(snap).dispute, snap.amounts.escrowed_fen) == ("in_suit", 3_000_000)
    assert balanced(snap) and snap.amounts.held_fen == 27_000_000
    orders = await pay_orders(settings, number, 2)
    assert sorted((o["claimant_id"], o["amount_fen"]) for o in orders) == [
        ("A1", 17_000_000),
        ("C2", 10_000_000),
    ]
    for payout_id in (a1, c2):
        snap = await case.act(
            {"type": "record_payout", "payout_id": payout_id, "reference": f"回单 {payout_id}"},
            OFFICER,
        )
        assert balanced(snap)
    assert (snap.amounts.held_fen, snap.amounts.escrowed_fen) == (0, 3_000_000)
    assert not plan(snap).settled

    # two months later the judgment: ¥10,000 of it is C2's, ¥20,000 stays A1's
    await env.sleep(timedelta(days=60))
    snap = await case.act(
        {
            "type": "record_distribution_judgment",
            "distribution_id": d.distribution_id,
            "awarded_fen": 1_000_000,
            "judged_on": (await case.today()).isoformat(),
            "document_no": "(2026)京0105民初777号",
        },
        JUDGE,
    )
    assert (plan(snap).dispute, plan(snap).outcome, snap.amounts.escrowed_fen) == (
        "final",
        "judged",
        0,
    )
    orders = await pay_orders(settings, number, 4)
    judged = [o for o in orders if o["payout_id"] not in (a1, c2)]
    assert sorted((o["claimant_id"], o["amount_fen"]) for o in judged) == [
        ("A1", 2_000_000),
        ("C2", 1_000_000),
    ]
    for order in judged:
        snap = await case.act(
            {"type": "record_payout", "payout_id": order["payout_id"], "reference": "回单"},
            OFFICER,
        )
    assert plan(snap).settled and balanced(snap)
    assert (snap.amounts.paid_out_fen, snap.amounts.held_fen) == (30_000_000, 0)
    # C2's ¥110,000 paid its own claim: the applicant is still owed ¥1,000,000 − ¥190,000
    assert snap.amounts.outstanding_fen == 100_000_000 - 19_000_000
