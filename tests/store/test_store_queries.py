"""Supervisor queries and the "3+1" indicators on generated cases with known answers."""

from __future__ import annotations

from datetime import date, timedelta

import asyncpg
import pytest

from domain import events as ev
from domain.commands import Actor
from store import queries
from store.event_store import append
from tests.store.factory import CaseMaker, at

pytestmark = pytest.mark.integration

NOW = at(date(2026, 4, 11), 12)


def stale(court: str, officer: str = "u-officer-1") -> CaseMaker:
    """Filed 2026-03-02, nothing done for 40 days: overdue, escalated to level 3."""
    case = CaseMaker(court, date(2026, 3, 2), officer_id=officer)
    case.advance(40)
    return case


def fresh(court: str, officer: str = "u-officer-1") -> CaseMaker:
    """Filed 2026-04-10: the first deadline (asset search, 5 days) is ahead."""
    return CaseMaker(court, date(2026, 4, 10), officer_id=officer)


async def record(pool: asyncpg.Pool, *cases: CaseMaker) -> None:
    async with pool.acquire() as conn:
        for case in cases:
            await append(conn, case.case_number, case.events)


def numbers(rows: list[queries.CaseRow]) -> set[str]:
    return {r.case_id for r in rows}


async def test_supervisor_lists_follow_the_court_subtree(store_pool: asyncpg.Pool) -> None:
    """The subtree is the registry's (store/data/courts.csv), not the code's prefix: 京0105
    (朝阳) is under 京03, 京0108 (海淀) under 京01, 京0106 (丰台) under 京02."""
    s0105 = stale("京0105", "u-a")
    f0105 = fresh("京0105", "u-a")
    s0108 = stale("京0108", "u-b")
    s01 = stale("京01", "u-c")
    s0106 = stale("京0106")
    f0106 = fresh("京0106")
    s_hu = stale("沪0101")
    closed = CaseMaker("京0105", date(2026, 3, 2), officer_id="u-a")
    closed.act({"type": "close_case", "outcome": "withdrawn"}, role="judge")
    await record(store_pool, s0105, f0105, s0108, s01, s0106, f0106, s_hu, closed)

    async def overdue(court: str) -> set[str]:
        return numbers(await queries.overdue(store_pool, court, NOW))

    beijing_01 = {s0108.case_number, s01.case_number}
    beijing = beijing_01 | {s0105.case_number, s0106.case_number}
    assert await overdue("京01") == beijing_01  # 京0108 and 京01 itself; 京0105 is not under it
    assert await overdue("京03") == {s0105.case_number}
    assert await overdue("京0105") == {s0105.case_number}
    assert await overdue("京02") == {s0106.case_number}
    assert await overdue("京") == beijing
    assert await overdue("最高法") == beijing | {s_hu.case_number}
    assert await overdue("京04") == set()
    assert await overdue("京99") == set()  # a court the registry does not hold: nothing

    rows = await queries.overdue(store_pool, "京", NOW)
    assert [r.next_deadline_at for r in rows] == sorted(r.next_deadline_at for r in rows)
    assert all(r.escalation_level == 3 and r.overdue_count >= 1 for r in rows)

    due = await queries.due_within(store_pool, "京", NOW, 7)
    assert numbers(due) == {f0105.case_number, f0106.case_number}
    assert numbers(await queries.due_within(store_pool, "京03", NOW, 7)) == {f0105.case_number}
    assert numbers(await queries.due_within(store_pool, "京01", NOW, 7)) == set()
    assert numbers(await queries.due_within(store_pool, "京", NOW, 1)) == set()

    assert numbers(await queries.by_escalation(store_pool, "京01", 3)) == beijing_01
    assert numbers(await queries.by_escalation(store_pool, "京", 1)) == beijing

    mine = await queries.by_officer(store_pool, "u-a")
    assert numbers(mine) == {s0105.case_number, f0105.case_number}
    assert numbers(await queries.by_officer(store_pool, "u-a", include_closed=True)) == {
        s0105.case_number,
        f0105.case_number,
        closed.case_number,
    }
    assert numbers(await queries.by_officer(store_pool, "u-a", "京0108")) == set()
    # level 3 reached the higher court, which opened a 督办 on every stale case; no petitions
    assert numbers(await queries.supervised(store_pool, "京")) == beijing
    assert numbers(await queries.supervised(store_pool, "京03")) == {s0105.case_number}
    assert await queries.with_open_petitions(store_pool, "京") == []


def hand_made_termination(case: CaseMaker, after_days: int) -> None:
    """A 终本 the current rules would refuse (as from an old system's import): unqualified."""
    case.now += timedelta(days=after_days)
    event = ev.ProcedureTerminated(
        seq=case.state.last_seq + 1,
        occurred_at=case.now,
        actor=Actor(user_id="u-judge-1", role="judge", court_code=case.court_code),
        on=case.today,
        reason="导入的终本",
    )
    case._commit([event])


async def test_three_plus_one_indicators(store_pool: asyncpg.Pool) -> None:
    enforced = CaseMaker("京0108", date(2026, 3, 2), principal_fen=40_000)
    deposit = enforced.deposit_found_and_frozen(40_000)
    enforced.deduct(deposit, 40_000)
    enforced.pay_out()
    enforced.close_fully_enforced()

    still_frozen = CaseMaker("京0108", date(2026, 3, 2))
    still_frozen.deposit_found_and_frozen()

    withdrawn = CaseMaker("京0108", date(2026, 3, 2))
    asset = withdrawn.deposit_found_and_frozen()
    withdrawn.act({"type": "release_asset", "asset_id": asset, "reason": "和解"})
    withdrawn.act({"type": "close_case", "outcome": "withdrawn"}, role="judge")

    elsewhere = CaseMaker("京0106", date(2026, 3, 2), principal_fen=40_000)
    elsewhere_deposit = elsewhere.deposit_found_and_frozen(40_000)
    elsewhere.deduct(elsewhere_deposit, 40_000)
    elsewhere.pay_out()
    elsewhere.close_fully_enforced()

    qualified = CaseMaker("京0108", date(2026, 3, 2))
    qualified.terminate_without_assets()

    unqualified = CaseMaker("京0108", date(2026, 3, 2))
    hand_made_termination(unqualified, 10)

    old = CaseMaker("京0108", date(2022, 6, 1))  # filed more than three years before the end

    await record(
        store_pool, enforced, still_frozen, withdrawn, elsewhere, qualified, unqualified, old
    )
    result = await queries.indicators(store_pool, "京01", date(2026, 1, 1), date(2026, 12, 31))
    got = {key: (i.numerator, i.denominator) for key, i in result.by_key().items()}
    assert got == {
        # enforced ✓, withdrawn ✗, still_frozen ✗ (open; its limit ran out on 09-02)
        "asset_cases_concluded_in_time": (1, 3),
        "termination_qualified": (0, 0),  # neither 终本 reviewed yet (test_store_indicators.py)
        "petitions_concluded": (0, 0),
        "concluded_within_three_years": (4, 5),  # enforced, withdrawn, 2×终本 of 5 filed in 2026
    }
    by_key = result.by_key()
    assert by_key["asset_cases_concluded_in_time"].rate == 1 / 3
    assert by_key["asset_cases_concluded_in_time"].meets_target is False
    assert by_key["petitions_concluded"].rate is None
    assert by_key["concluded_within_three_years"].meets_target is True

    # A period before anything concluded: no denominators for the period-bound rates.
    early = await queries.indicators(store_pool, "京01", date(2026, 1, 1), date(2026, 2, 1))
    assert early.by_key()["asset_cases_concluded_in_time"].denominator == 0
    # 京 sees 京02xx too.
    beijing = await queries.indicators(store_pool, "京", date(2026, 1, 1), date(2026, 12, 31))
    assert beijing.by_key()["asset_cases_concluded_in_time"].numerator == 2
