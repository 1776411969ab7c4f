"""The event store on a real PostgreSQL: idempotent append, divergent duplicates, gaps, the
last_seq guard, the projection equal to a rebuild, migrations."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import asyncpg
import pytest

from domain.snapshot import snapshot
from store import ledger
from store.db import migrate, migrations
from store.event_store import DivergentDuplicate, SeqGap, append, load_events
from store.rebuild import rebuild
from tests.store.factory import CaseMaker

pytestmark = pytest.mark.integration


def a_case_with_money() -> CaseMaker:
    case = CaseMaker(principal_fen=30_000)
    asset = case.deposit_found_and_frozen(value_fen=50_000)
    case.deduct(asset, 10_000)
    case.advance(3)
    case.deduct(asset, 20_000)
    return case


async def count(pool: asyncpg.Pool, case_id: str) -> int:
    return int(await pool.fetchval("SELECT count(*) FROM case_events WHERE case_id=$1", case_id))


async def test_the_same_batch_twice_is_stored_once(store_pool: asyncpg.Pool) -> None:
    case = a_case_with_money()
    async with store_pool.acquire() as conn:
        first = await append(conn, case.case_number, case.events)
        again = await append(conn, case.case_number, case.events)
        overlapping = await append(conn, case.case_number, case.events[3:9])
        stored = await load_events(conn, case.case_number)
    assert (first.inserted, first.duplicates) == (len(case.events), 0)
    assert (again.inserted, again.duplicates) == (0, len(case.events))
    assert overlapping.inserted == 0 and not overlapping.summary_updated
    assert stored == case.events  # the same events, field by field, back from PostgreSQL
    assert await count(store_pool, case.case_number) == len(case.events)
    entries = await store_pool.fetchval("SELECT count(*) FROM ledger_entries")
    assert entries == 2  # two 划拨, booked once however often the batch came


async def test_a_divergent_duplicate_is_refused_and_nothing_is_written(
    store_pool: asyncpg.Pool,
) -> None:
    case = CaseMaker()
    case.act({"type": "issue_notice"})
    async with store_pool.acquire() as conn:
        await append(conn, case.case_number, case.events[:3])
        forged = case.events[2].model_copy(update={"request_id": "someone-else"})
        more = case.events[3:]
        with pytest.raises(DivergentDuplicate) as caught:
            await append(conn, case.case_number, [forged, *more])
        assert caught.value.seqs == [3]
        assert caught.value.code == "store.divergent_duplicate"
        # The good events of the refused batch were not written either (one transaction).
        assert await count(store_pool, case.case_number) == 3
        # Content equal but the moment differs: divergent too.
        moved = case.events[1].model_copy(update={"occurred_at": case.now + timedelta(seconds=1)})
        with pytest.raises(DivergentDuplicate):
            await append(conn, case.case_number, [moved])


async def test_a_gap_is_refused(store_pool: asyncpg.Pool) -> None:
    case = CaseMaker()
    case.act({"type": "issue_notice"})
    async with store_pool.acquire() as conn:
        with pytest.raises(SeqGap):
            await append(conn, case.case_number, case.events[1:])  # no case_filed (seq 1)
        await append(conn, case.case_number, case.events[:2])
        with pytest.raises(SeqGap):
            await append(conn, case.case_number, case.events[3:])
        await append(conn, case.case_number, case.events[2:])
    assert await count(store_pool, case.case_number) == len(case.events)


async def test_a_late_retry_cannot_move_the_summary_backwards(store_pool: asyncpg.Pool) -> None:
    case = a_case_with_money()
    half = len(case.events) // 2
    async with store_pool.acquire() as conn:
        await append(conn, case.case_number, case.events[:half])
        early = await conn.fetchrow(
            "SELECT last_seq, stage FROM case_summary WHERE case_id=$1", case.case_number
        )
        await append(conn, case.case_number, case.events[half:])
        late = await append(conn, case.case_number, case.events[:half])  # the late retry
        row = await conn.fetchrow("SELECT * FROM case_summary WHERE case_id=$1", case.case_number)
    assert early["last_seq"] == half
    assert not late.summary_updated
    assert row["last_seq"] == case.state.last_seq
    snap = snapshot(case.state)
    assert (row["stage"], row["status"], row["collected_fen"], row["held_fen"]) == (
        snap.stage,
        snap.status,
        snap.amounts.collected_fen,
        snap.amounts.held_fen,
    )
    assert row["escalation_level"] == snap.escalation_level


async def test_concurrent_appends_of_one_case_store_one_copy(store_pool: asyncpg.Pool) -> None:
    case = a_case_with_money()

    async def one() -> None:
        async with store_pool.acquire() as conn:
            await append(conn, case.case_number, case.events)

    await asyncio.gather(one(), one(), one())
    assert await count(store_pool, case.case_number) == len(case.events)
    assert await store_pool.fetchval("SELECT count(*) FROM ledger_entries") == 2


async def test_the_projection_equals_a_rebuild_and_tampering_is_caught(
    store_pool: asyncpg.Pool,
) -> None:
    cases = [a_case_with_money(), CaseMaker(court_code="京0108"), CaseMaker(court_code="沪01")]
    cases[1].terminate_without_assets()
    cases[2].advance(40)
    async with store_pool.acquire() as conn:
        for case in cases:  # in uneven batches, as a workflow's recorder would send them
            for i in range(0, len(case.events), 4):
                await append(conn, case.case_number, case.events[i : i + 4])
        clean = await rebuild(conn, verify=True)
        assert clean.cases == 3 and clean.events == sum(len(c.events) for c in cases)
        assert clean.disagreements == []

        await conn.execute(
            "UPDATE case_summary SET stage = 'filing', held_fen = 1 WHERE case_id = $1",
            cases[0].case_number,
        )
        found = await rebuild(conn, verify=True)
        assert {(d.case_id, d.column) for d in found.disagreements} == {
            (cases[0].case_number, "stage"),
            (cases[0].case_number, "held_fen"),
        }
        fixed = await rebuild(conn, verify=False)
        assert fixed.rewritten == 1
        assert (await rebuild(conn, verify=True)).disagreements == []


async def test_termination_is_judged_when_made_and_kept(store_pool: asyncpg.Pool) -> None:
    case = CaseMaker()
    case.terminate_without_assets()
    async with store_pool.acquire() as conn:
        await append(conn, case.case_number, case.events)
        row = await conn.fetchrow(
            "SELECT status, terminated_on, termination_qualified FROM case_summary "
            "WHERE case_id = $1",
            case.case_number,
        )
    assert row["status"] == "dormant"
    assert row["terminated_on"] == case.state.terminated_on
    assert row["termination_qualified"] is True


async def test_the_record_is_append_only(store_pool: asyncpg.Pool) -> None:
    case = CaseMaker()
    async with store_pool.acquire() as conn:
        await append(conn, case.case_number, case.events)
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("DELETE FROM case_events WHERE case_id = $1", case.case_number)
        with pytest.raises(asyncpg.InsufficientPrivilegeError):
            await conn.execute("UPDATE case_events SET type = 'x'")


async def test_migrations_apply_once_even_when_two_workers_race(store_url: str) -> None:
    conns = [await asyncpg.connect(store_url) for _ in range(2)]
    try:
        results = await asyncio.gather(*(migrate(c) for c in conns))
        assert results == [[], []]  # the fixture applied them already
        versions = await conns[0].fetch("SELECT version FROM schema_migrations ORDER BY 1")
        assert [r["version"] for r in versions] == [m.version for m in migrations()]
    finally:
        for c in conns:
            await c.close()


async def test_ledger_check_passes_then_catches_an_injected_difference(
    store_pool: asyncpg.Pool,
) -> None:
    case = a_case_with_money()
    case.pay_out(fee_fen=1_000)  # 执行费 1,000 to the court, 29,000 to the applicant
    other = CaseMaker()
    async with store_pool.acquire() as conn:
        await append(conn, case.case_number, case.events)
        await append(conn, case.case_number, case.events[-3:])  # a retry books nothing twice
        await append(conn, other.case_number, other.events)
        checks = await ledger.check(conn)
        assert [c.problems for c in checks] == [[], []]
        mine = next(c for c in checks if c.case_id == case.case_number)
        assert (mine.receipts_fen, mine.fees_fen, mine.payouts_fen, mine.held_fen) == (
            30_000,
            1_000,
            29_000,
            0,
        )
        assert mine.projection_held_fen == 0

        # A stray receipt nobody's event explains (say, a hand-keyed treasury entry).
        await conn.execute(
            """INSERT INTO ledger_entries
                   (case_id, kind, amount_fen, caused_by_seq, idempotency_key, booked_at)
               VALUES ($1, 'receipt', 5, 1, 'injected', now())""",
            other.case_number,
        )
        checks = await ledger.check(conn)
        bad = [c for c in checks if c.problems]
        assert [c.case_id for c in bad] == [other.case_number]
        assert ledger.summary(checks) == {"accounts": 2, "differences": 1}
