"""督办 and 涉执信访 in the case record: the projection's columns, the supervisor lists and the
petition conclusion rate of the "3+1" indicators."""

from __future__ import annotations

from datetime import date

import asyncpg

from store import queries
from store.event_store import append
from tests.store.factory import CaseMaker


def _petition(case: CaseMaker) -> str:
    case.act(
        {"type": "register_petition", "petitioner": "张三", "channel": "visit", "summary": "催办"}
    )
    return list(case.state.petitions)[-1]


async def test_supervisions_and_petitions_reach_the_lists_and_the_indicators(
    store_pool: asyncpg.Pool,
) -> None:
    supervised = CaseMaker("京0108", date(2026, 3, 2))  # 海淀, under 京01
    supervised.court_code, court = "京01", supervised.court_code
    supervised.act(
        {"type": "open_supervision", "report_due_on": "2026-03-20", "instructions": "请报告"},
        role="supervisor",
    )
    supervised.court_code = court

    petitioned = CaseMaker("京0108", date(2026, 3, 2))
    concluded = _petition(petitioned)
    petitioned.act({"type": "close_petition", "petition_id": concluded, "outcome": "resolved"})
    _petition(petitioned)  # still open

    sibling = CaseMaker("京0106", date(2026, 3, 2))  # 丰台, under 京02
    _petition(sibling)

    async with store_pool.acquire() as conn:
        for case in (supervised, petitioned, sibling):
            await append(conn, case.case_number, case.events)

    assert [r.case_id for r in await queries.supervised(store_pool, "京01")] == [
        supervised.case_number
    ]
    rows = await queries.with_open_petitions(store_pool, "京01")
    assert [(r.case_id, r.open_petitions) for r in rows] == [(petitioned.case_number, 1)]
    result = await queries.indicators(store_pool, "京01", date(2026, 1, 1), date(2026, 12, 31))
    assert result.by_key()["petitions_concluded"].numerator == 1
    assert result.by_key()["petitions_concluded"].denominator == 2
    beijing = await queries.indicators(store_pool, "京", date(2026, 1, 1), date(2026, 12, 31))
    assert (beijing.by_key()["petitions_concluded"].denominator) == 3
    # the rate counts the petitions received in the period, not every petition ever
    before = await queries.indicators(store_pool, "京", date(2025, 1, 1), date(2025, 12, 31))
    assert before.by_key()["petitions_concluded"].denominator == 0


async def test_a_petition_counts_as_concluded_only_in_periods_ending_after_it_closed(
    store_pool: asyncpg.Pool,
) -> None:
    case = CaseMaker("京0105", date(2026, 3, 2))  # 朝阳, under 京03; received 03-02
    petition = _petition(case)
    case.advance(10)
    case.act({"type": "close_petition", "petition_id": petition, "outcome": "resolved"})
    async with store_pool.acquire() as conn:
        await append(conn, case.case_number, case.events)
    early = await queries.indicators(store_pool, "京03", date(2026, 3, 1), date(2026, 3, 5))
    assert (
        early.by_key()["petitions_concluded"].numerator,
        early.by_key()["petitions_concluded"].denominator,
    ) == (0, 1)
    month = await queries.indicators(store_pool, "京03", date(2026, 3, 1), date(2026, 3, 31))
    assert (
        month.by_key()["petitions_concluded"].numerator,
        month.by_key()["petitions_concluded"].denominator,
    ) == (1, 1)
