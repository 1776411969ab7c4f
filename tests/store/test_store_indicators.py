"""The "3+1" indicators 1 and 2 as issue 17 has them (store/queries.py), on a seeded set of cases
whose right answers are counted by hand below.

The period is the second half of 2026, [2026-07-01, 2026-12-31], for the subtree of 京01 (京0108
is under it by the prefix rule and by the registry alike; 沪0101 under neither).

Time limits (`case.time_limit`, 6 months from filing, moved past a rest day; 2026 holidays: Dragon
Boat Jun 19-21, Mid-autumn Sep 25-27, National Day Oct 1-7; 2027 not announced, weekends only):
- filed Mon 2026-03-02 → Wed 2026-09-02 (a working day)
- filed Tue 2026-01-06 → Mon 2026-07-06 (a working day)
- filed Tue 2026-09-01 → Mon 2027-03-01 (a weekday)
- filed Mon 2025-12-01 → Mon 2026-06-01 (a working day)
"""

from __future__ import annotations

from datetime import date

import asyncpg
import pytest

from domain import events as ev
from domain.commands import Envelope
from domain.decide import decide
from store import queries
from store.event_store import append
from tests.store.factory import CaseMaker

pytestmark = pytest.mark.integration

START, END = date(2026, 7, 1), date(2026, 12, 31)
COURT = "京0108"


async def record(pool: asyncpg.Pool, *cases: CaseMaker) -> None:
    async with pool.acquire() as conn:
        for case in cases:
            await append(conn, case.case_number, case.events)


def days_until(case: CaseMaker, day: date) -> int:
    return (day - case.today).days


def with_property(filed_on: date, court: str = COURT) -> CaseMaker:
    """A case where a deposit was found and frozen on the day it was filed."""
    case = CaseMaker(court, filed_on, principal_fen=40_000)
    case.deposit_found_and_frozen(40_000)
    return case


def enforced(filed_on: date, closed_on: date) -> CaseMaker:
    """Found, deducted in full, paid out and closed as fully enforced (执行完毕) on the day."""
    case = with_property(filed_on)
    case.advance(days_until(case, closed_on))
    case.deduct(next(iter(case.state.assets)), 40_000)
    case.pay_out()
    case.close_fully_enforced()
    assert case.state.closed_on == closed_on
    return case


def review(case: CaseMaker, qualified: bool) -> list[ev.Event]:
    """终本案件评查 by a supervisor of the high court above the case's (京, 沪)."""
    envelope = Envelope.model_validate(
        {
            "request_id": f"review-{case.state.last_seq}",
            "actor": {
                "user_id": "u-super-1",
                "role": "supervisor",
                "court_code": case.state.chain[2],
            },
            "command": {
                "type": "review_terminated_case",
                "qualified": qualified,
                "reasons": "符合终本规定" if qualified else "未穷尽财产调查措施",
            },
        }
    )
    return case._commit(decide(case.state, envelope, case.now).events)


def terminated(filed_on: date, court: str = COURT) -> CaseMaker:
    """终本 with nothing found, 100 days after filing (CaseMaker.terminate_without_assets)."""
    case = CaseMaker(court, filed_on)
    case.terminate_without_assets()
    return case


async def test_cases_with_property_count_once_their_time_limit_ran_out(
    store_pool: asyncpg.Pool,
) -> None:
    # judged on the earlier of conclusion and the end of the time limit:
    in_time = enforced(date(2026, 3, 2), date(2026, 7, 15))  # 07-15 ≤ limit 09-02: ✓, judged 07-15
    late = enforced(date(2026, 1, 6), date(2026, 8, 3))  # limit 07-06 < 08-03: ✗, judged 07-06
    open_overdue = with_property(date(2026, 3, 2))  # open past its limit 09-02: ✗, judged 09-02
    not_yet = with_property(date(2026, 9, 1))  # limit 2027-03-01: after the period
    earlier = with_property(date(2025, 12, 1))  # limit 2026-06-01: judged before the period
    paused = with_property(date(2026, 3, 2))  # suspended on 08-03 before its limit: not ended
    paused.advance(days_until(paused, date(2026, 8, 3)))
    paused.act({"type": "suspend", "reason": "案外人异议"}, role="judge")
    assert paused.state.time_limit_paused_on == date(2026, 8, 3)
    elsewhere = with_property(date(2026, 3, 2), court="沪0101")  # outside 京01
    no_property = CaseMaker(COURT, date(2026, 3, 2))  # never had an asset: not in indicator 1
    for case in (open_overdue, not_yet, earlier, elsewhere, no_property):
        case.advance(days_until(case, date(2026, 12, 31)))
    deadlines = {
        c.case_number: [d.due_on for d in c.state.deadlines.values() if d.rule == "case.time_limit"]
        for c in (in_time, late, open_overdue, not_yet, earlier)
    }
    assert deadlines == {
        in_time.case_number: [date(2026, 9, 2)],
        late.case_number: [date(2026, 7, 6)],
        open_overdue.case_number: [date(2026, 9, 2)],
        not_yet.case_number: [date(2027, 3, 1)],
        earlier.case_number: [date(2026, 6, 1)],
    }
    await record(
        store_pool, in_time, late, open_overdue, not_yet, earlier, paused, elsewhere, no_property
    )

    result = await queries.indicators(store_pool, "京01", START, END)
    rate = result.by_key()["asset_cases_concluded_in_time"]
    # denominator: in_time, late, open_overdue = 3; numerator: in_time = 1 → 1/3 < 90%
    assert (rate.numerator, rate.denominator) == (1, 3)
    assert rate.meets_target is False
    # the first half of 2026: only `earlier` (open when its limit ended on 06-01) → 0/1
    first_half = await queries.indicators(store_pool, "京01", date(2026, 1, 1), date(2026, 6, 30))
    first = first_half.by_key()["asset_cases_concluded_in_time"]
    assert (first.numerator, first.denominator) == (0, 1)


async def test_the_termination_rate_is_the_reviews(store_pool: asyncpg.Pool) -> None:
    # filed 2026-04-01, 终本 100 days later: Apr 1 + 29 = Apr 30, + 31 = May 31, + 30 = Jun 30,
    # + 10 = Fri 2026-07-10, in the period
    qualified = terminated(date(2026, 4, 1))
    review(qualified, True)
    unqualified = terminated(date(2026, 4, 1))
    review(unqualified, False)
    reviewed_again = terminated(date(2026, 4, 1))
    review(reviewed_again, False)
    review(reviewed_again, True)  # the latest review counts
    unreviewed = terminated(date(2026, 4, 1))  # in neither numerator nor denominator
    # filed 2026-03-02: Mar 2 + 29 = Mar 31, + 30 = Apr 30, + 31 = May 31, + 10 = Wed 06-10
    before = terminated(date(2026, 3, 2))
    review(before, True)
    elsewhere = terminated(date(2026, 4, 1), court="沪0101")
    review(elsewhere, False)
    assert [c.state.terminated_on for c in (qualified, unreviewed, before)] == [
        date(2026, 7, 10),
        date(2026, 7, 10),
        date(2026, 6, 10),
    ]
    assert all(c.state.status == "dormant" for c in (qualified, unreviewed, before))
    await record(store_pool, qualified, unqualified, reviewed_again, unreviewed, before, elsewhere)

    result = await queries.indicators(store_pool, "京01", START, END)
    rate = result.by_key()["termination_qualified"]
    # denominator: qualified, unqualified, reviewed_again = 3 reviewed 终本 of the period;
    # numerator: qualified, reviewed_again = 2 → 2/3 < 90%
    assert (rate.numerator, rate.denominator) == (2, 3)
    assert rate.meets_target is False
    # no reviewed 终本 in the first half but `before` → 1/1; none at all in 2025 → no rate
    first_half = await queries.indicators(store_pool, "京01", date(2026, 1, 1), date(2026, 6, 30))
    assert first_half.by_key()["termination_qualified"].rate == 1.0
    none = await queries.indicators(store_pool, "京01", date(2025, 1, 1), date(2025, 12, 31))
    assert none.by_key()["termination_qualified"].rate is None
