"""提存 in the books (migrations/0011_escrow.sql), on a real PostgreSQL: a distribution suit's
disputed share moves into escrow and back out when the judgment divides it; at every step the
ledger reconciles with the case summary (receipts = payouts + fees + held + escrowed, the
escrow account = the domain's escrowed_fen), and a stray escrow entry is caught."""

from __future__ import annotations

import asyncpg
import pytest

from domain.state import Distribution
from store import ledger
from store.event_store import append
from tests.store.factory import CaseMaker

pytestmark = pytest.mark.integration


def plan(case: CaseMaker) -> Distribution:
    return list(case.state.distributions.values())[-1]


def pay(case: CaseMaker, payout_id: str) -> None:
    case.act(
        {"type": "record_payout", "payout_id": payout_id, "reference": f"T-{payout_id}"},
        role="integration",
    )


async def reconciled(conn: asyncpg.Connection, case: CaseMaker) -> ledger.AccountCheck:
    await append(conn, case.case_number, case.events)
    (check,) = await ledger.check(conn, case.case_number)
    assert check.problems == []
    assert (check.held_fen, check.escrowed_fen) == (case.state.held_fen, case.state.escrowed_fen)
    return check


async def test_the_escrow_is_booked_in_and_out_and_the_books_reconcile(
    store_pool: asyncpg.Pool,
) -> None:
    case = CaseMaker(principal_fen=30_000, respondent_kind="person")
    case.act(
        {
            "type": "record_funds_received",
            "source": "voluntary",
            "amount_fen": 30_000,
            "received_on": case.today.isoformat(),
        }
    )
    today = case.today.isoformat()
    case.act(
        {
            "type": "join_distribution",
            "creditor": {"party_id": "C2", "name": "赵六", "kind": "person"},
            "basis": {"kind": "judgment", "document_no": "(2025)京0106民初99号"},
            "owed_fen": 10_000,
            "applied_on": today,
        }
    )
    case.act(
        {
            "type": "approve_distribution",
            "claims": [
                {"claimant_id": "A1", "kind": "applicant", "owed_fen": 30_000},
                {"claimant_id": "C2", "kind": "applicant", "owed_fen": 10_000},
            ],
        },
        role="judge",
    )
    d = plan(case).distribution_id
    a1, c2 = (p.payout_id for p in plan(case).payouts)  # 22,500 and 7,500 (30,000 × 3:1)
    for command in (
        {"type": "serve_distribution_plan", "distribution_id": d, "served_on": today},
        {
            "type": "file_distribution_objection",
            "distribution_id": d,
            "objector_id": "C2",
            "against_payout_id": a1,
            "disputed_fen": 2_500,
            "filed_on": today,
            "notified_on": today,
            "reason": "利息计算有误",
        },
        {
            "type": "record_counter_opinion",
            "distribution_id": d,
            "opposed_by": ["A1"],
            "filed_on": today,
            "notified_on": today,
        },
        {
            "type": "record_distribution_suit",
            "distribution_id": d,
            "filed_on": today,
            "suit_case_number": "(2026)京0105民初777号",
        },
    ):
        case.act(command)
    async with store_pool.acquire() as conn:
        check = await reconciled(conn, case)
        assert (check.receipts_fen, check.escrow_fen, check.projection_escrowed_fen) == (
            30_000,
            2_500,
            2_500,
        )
        assert check.held_fen == 27_500
        pay(case, a1)  # 20,000: A1's undisputed part
        pay(case, c2)
        check = await reconciled(conn, case)
        assert (check.payouts_fen, check.held_fen, check.escrowed_fen) == (27_500, 0, 2_500)

        case.advance(60)
        case.act(
            {
                "type": "record_distribution_judgment",
                "distribution_id": d,
                "awarded_fen": 1_000,
                "judged_on": case.today.isoformat(),
                "document_no": "(2026)京0105民初777号",
            },
            role="judge",
        )
        check = await reconciled(conn, case)
        assert (check.escrow_release_fen, check.held_fen, check.escrowed_fen) == (2_500, 2_500, 0)
        for line in plan(case).payouts[2:]:  # 1,000 to C2, 1,500 back to A1
            pay(case, line.payout_id)
        check = await reconciled(conn, case)
        assert (check.payouts_fen, check.held_fen, check.escrowed_fen) == (30_000, 0, 0)
        kinds = [e.kind for e in await ledger.booked(conn, case.case_number)]
        assert kinds.count("escrow") == 1 and kinds.count("escrow_release") == 1

        # an escrow entry no event explains is a difference; an unknown kind is refused
        await conn.execute(
            """INSERT INTO ledger_entries
                   (case_id, kind, amount_fen, caused_by_seq, idempotency_key, booked_at)
               VALUES ($1, 'escrow', 5, 1, 'injected', now())""",
            case.case_number,
        )
        (check,) = await ledger.check(conn, case.case_number)
        assert any("escrow" in p for p in check.problems), check.problems
        with pytest.raises(asyncpg.CheckViolationError):
            await conn.execute(
                """INSERT INTO ledger_entries
                       (case_id, kind, amount_fen, caused_by_seq, idempotency_key, booked_at)
                   VALUES ($1, 'bogus', 5, 1, 'bogus', now())""",
                case.case_number,
            )
