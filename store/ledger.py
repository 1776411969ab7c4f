"""The case-funds ledger (一案一账号): entries from money events, and the reconciliation.

Kinds (`entries_for` is the one place that maps events to entries):
- `receipt`: money arrives in the case account — `funds_deducted` (划拨 from a frozen deposit),
  `funds_received` (auction/sale proceeds, voluntary payment), `installment_paid` (和解 instalment),
  `in_kind_accepted` (以物抵债: received at the price and handed over at once, so a receipt
  and a payout), and `in_kind_difference_paid` (the difference a taker above the claim pays in).
- `payout`: money leaves to an applicant — `payout_recorded` of an applicant allocation; its
  idempotency key is the payout id the treasury adapter honours (`<case>/payout/<payout_id>`),
  so the treasury's payouts and the ledger agree one to one.
- `fee`: 执行费 and costs paid from the account — `payout_recorded` of a fee allocation.
- `escrow` / `escrow_release` (提存, migrations/0011): a distribution suit's disputed share set
  apart — `distribution_escrowed` — and given back to the free balance by the judgment —
  `distribution_judged` (whose lines are then paid out as usual).

The balance is derived, never stored: held = receipts − payouts − fees − escrowed, escrowed =
escrow − escrow_release. `check` reconciles every case against the `case_summary` projection:
receipts = payouts + fees + held + escrowed (the projection's `held_fen`, `escrowed_fen`),
receipts = its `collected_fen`, payouts + fees = its `paid_out_fen` (the domain counts fees
paid as paid out), escrowed = its `escrowed_fen`, and no account may go negative. `booked`
reads a case's entries back (the case page's 案款台账).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

import asyncpg

from domain import events as ev
from domain.state import CaseState

Kind = Literal["receipt", "fee", "payout", "escrow", "escrow_release"]


@dataclass(frozen=True)
class Entry:
    case_id: str
    kind: Kind
    amount_fen: int
    caused_by_seq: int
    idempotency_key: str
    booked_at: datetime


def entries_for(case_id: str, event: ev.Event, state: CaseState | None = None) -> list[Entry]:
    """The ledger entries an event causes; `state` (folded past the event) tells a payout's
    allocation kind (fee or applicant)."""

    def entry(kind: Kind, amount_fen: int, key: str | None = None) -> Entry:
        return Entry(
            case_id=case_id,
            kind=kind,
            amount_fen=amount_fen,
            caused_by_seq=event.seq,
            idempotency_key=key or f"{case_id}#{event.seq}:{kind}",
            booked_at=event.occurred_at,
        )

    match event:
        case (
            ev.FundsDeducted()
            | ev.FundsReceived()
            | ev.InstallmentPaid()
            | ev.InKindDifferencePaid()
        ):
            return [entry("receipt", event.amount_fen)]
        case ev.InKindAccepted():
            return [entry("receipt", event.price_fen), entry("payout", event.price_fen)]
        case ev.DistributionEscrowed():
            return [entry("escrow", event.amount_fen)]
        case ev.DistributionJudged() if event.released_fen > 0:
            return [entry("escrow_release", event.released_fen)]
        case ev.PayoutRecorded() if event.amount_fen > 0:
            kind: Kind = "payout"
            if state is not None and event.distribution_id in state.distributions:
                payouts = state.distributions[event.distribution_id].payouts
                paid = next((p for p in payouts if p.payout_id == event.payout_id), None)
                if paid is not None and paid.allocation.kind == "fee":
                    kind = "fee"
            return [entry(kind, event.amount_fen, f"{case_id}/payout/{event.payout_id}")]
    return []


def entry_columns(entries: list[Entry]) -> tuple[list[Any], ...]:
    """The entries as the column arrays the store's append unnests into `ledger_entries`
    (booked once: `ON CONFLICT (idempotency_key) DO NOTHING`)."""
    return (
        [e.case_id for e in entries],
        [e.kind for e in entries],
        [e.amount_fen for e in entries],
        [e.caused_by_seq for e in entries],
        [e.idempotency_key for e in entries],
        [e.booked_at for e in entries],
    )


async def booked(conn: asyncpg.Connection | asyncpg.Pool, case_id: str) -> list[Entry]:
    """A case's entries in the order they were booked."""
    rows = await conn.fetch(
        """SELECT case_id, kind, amount_fen, caused_by_seq, idempotency_key, booked_at
           FROM ledger_entries WHERE case_id = $1 ORDER BY entry_id""",
        case_id,
    )
    return [Entry(**dict(r)) for r in rows]


@dataclass(frozen=True)
class AccountCheck:
    case_id: str
    receipts_fen: int
    payouts_fen: int
    fees_fen: int
    projection_held_fen: int | None
    projection_collected_fen: int | None
    projection_paid_out_fen: int | None
    escrow_fen: int = 0
    escrow_release_fen: int = 0
    projection_escrowed_fen: int | None = None

    @property
    def escrowed_fen(self) -> int:
        return self.escrow_fen - self.escrow_release_fen

    @property
    def held_fen(self) -> int:
        return self.receipts_fen - self.payouts_fen - self.fees_fen - self.escrowed_fen

    @property
    def problems(self) -> list[str]:
        found: list[str] = []
        if self.projection_held_fen is None:
            found.append("no case_summary row for this account")
            return found
        if self.held_fen < 0:
            found.append(f"negative balance {self.held_fen}")
        if self.escrowed_fen < 0:
            found.append(f"negative escrow {self.escrowed_fen}")
        escrowed = self.projection_escrowed_fen or 0
        if (
            self.receipts_fen
            != self.payouts_fen + self.fees_fen + self.projection_held_fen + escrowed
        ):
            found.append(
                f"receipts {self.receipts_fen} != payouts {self.payouts_fen} + fees "
                f"{self.fees_fen} + held {self.projection_held_fen} + escrowed {escrowed}"
            )
        if self.escrowed_fen != escrowed:
            found.append(f"escrow {self.escrowed_fen} != escrowed {escrowed}")
        if self.receipts_fen != self.projection_collected_fen:
            found.append(
                f"receipts {self.receipts_fen} != collected {self.projection_collected_fen}"
            )
        if self.payouts_fen + self.fees_fen != self.projection_paid_out_fen:
            found.append(
                f"payouts {self.payouts_fen} + fees {self.fees_fen} != paid out "
                f"{self.projection_paid_out_fen}"
            )
        return found


async def check(conn: asyncpg.Connection, case_id: str | None = None) -> list[AccountCheck]:
    """Reconcile every case account (or one) against the projection."""
    rows = await conn.fetch(
        """WITH books AS (
               SELECT case_id,
                      coalesce(sum(amount_fen) FILTER (WHERE kind = 'receipt'), 0) AS receipts,
                      coalesce(sum(amount_fen) FILTER (WHERE kind = 'payout'), 0) AS payouts,
                      coalesce(sum(amount_fen) FILTER (WHERE kind = 'fee'), 0) AS fees,
                      coalesce(sum(amount_fen) FILTER (WHERE kind = 'escrow'), 0) AS escrow,
                      coalesce(sum(amount_fen) FILTER (WHERE kind = 'escrow_release'), 0)
                          AS escrow_release
               FROM ledger_entries WHERE $1::text IS NULL OR case_id = $1 GROUP BY case_id)
           SELECT coalesce(b.case_id, s.case_id) AS case_id,
                  coalesce(b.receipts, 0) AS receipts, coalesce(b.payouts, 0) AS payouts,
                  coalesce(b.fees, 0) AS fees, coalesce(b.escrow, 0) AS escrow,
                  coalesce(b.escrow_release, 0) AS escrow_release,
                  s.held_fen, s.collected_fen, s.paid_out_fen, s.escrowed_fen
           FROM books b
           FULL JOIN (SELECT case_id, held_fen, collected_fen, paid_out_fen, escrowed_fen
                      FROM case_summary
                      WHERE $1::text IS NULL OR case_id = $1) s ON s.case_id = b.case_id
           ORDER BY 1""",
        case_id,
    )
    return [
        AccountCheck(
            case_id=r["case_id"],
            receipts_fen=r["receipts"],
            payouts_fen=r["payouts"],
            fees_fen=r["fees"],
            projection_held_fen=r["held_fen"],
            projection_collected_fen=r["collected_fen"],
            projection_paid_out_fen=r["paid_out_fen"],
            escrow_fen=r["escrow"],
            escrow_release_fen=r["escrow_release"],
            projection_escrowed_fen=r["escrowed_fen"],
        )
        for r in rows
    ]


def summary(checks: list[AccountCheck]) -> dict[str, Any]:
    bad = [c for c in checks if c.problems]
    return {"accounts": len(checks), "differences": len(bad)}
