"""The court's 繁简分流 figures (store/queries.py `fast_track_figures`) on cases whose right
answer is counted by hand: a fast-track case counts in the period its target date falls in; it
is in time when concluded (closed or 终本) by that date; an open case past its target counts
against the court."""

from __future__ import annotations

from datetime import date

import asyncpg
import pytest

from domain.commands import FastTrackRule
from store import queries
from store.courts import fast_track_rule, set_fast_track_rule
from store.event_store import append
from tests.store.factory import CaseMaker

pytestmark = pytest.mark.integration

SMALL = FastTrackRule(target_days=30, max_due_fen=2_000_000)  # ¥20,000 within 30 days


def small(court: str) -> CaseMaker:
    # filed Mon 03-02; 30 days from 03-03: day 29 is 03-31, day 30 Wed 04-01 (a working day)
    case = CaseMaker(court, date(2026, 3, 2), principal_fen=1_500_000, fast_track=SMALL)
    assert case.state.fast_track is not None
    assert case.state.fast_track.target_on == date(2026, 4, 1)
    return case


async def test_fast_track_figures_count_by_target_date(store_pool: asyncpg.Pool) -> None:
    in_time = small("京0108")
    in_time.advance(20)  # 03-22
    in_time.act({"type": "close_case", "outcome": "withdrawn"}, role="judge")
    late = small("京0108")
    late.advance(40)  # 04-11, after the target
    late.act({"type": "close_case", "outcome": "withdrawn"}, role="judge")
    still_open = small("京0114")  # 昌平, under 京01 too: past its target, not concluded
    still_open.advance(40)
    elsewhere = small("京0105")  # 朝阳: under 京03, not 京01
    big = CaseMaker("京0108", date(2026, 3, 2), fast_track=SMALL)  # ¥1,000,000: not simple
    async with store_pool.acquire() as conn:
        for case in (in_time, late, still_open, elsewhere, big):
            await append(conn, case.case_number, case.events)

    figures = await queries.fast_track_figures(
        store_pool, "京01", date(2026, 4, 1), date(2026, 4, 30)
    )
    assert (figures.cases, figures.in_time) == (3, 1)  # in_time ✓, late ✗, still_open ✗
    beijing = await queries.fast_track_figures(
        store_pool, "京", date(2026, 1, 1), date(2026, 12, 31)
    )
    assert (beijing.cases, beijing.in_time) == (4, 1)  # and 朝阳's open one
    march = await queries.fast_track_figures(store_pool, "京", date(2026, 3, 1), date(2026, 3, 31))
    assert (march.cases, march.rate) == (0, None)  # no target fell in March


async def test_a_courts_rule_is_set_read_and_removed(store_pool: asyncpg.Pool) -> None:
    assert await fast_track_rule(store_pool, "京0108") is None  # off by default
    await set_fast_track_rule(store_pool, "京0108", SMALL)
    assert await fast_track_rule(store_pool, "京0108") == SMALL
    await set_fast_track_rule(store_pool, "京0108", None)
    assert await fast_track_rule(store_pool, "京0108") is None
    with pytest.raises(asyncpg.ForeignKeyViolationError):
        await set_fast_track_rule(store_pool, "京0208", SMALL)  # no such court
