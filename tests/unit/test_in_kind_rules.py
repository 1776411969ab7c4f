"""以物抵债 above the claim, edition 3 (domain/in_kind.py; DOMAIN-2 §12, 拍卖变卖规定 arts. 16,
20, 22). The story of test_disposal_rules.py: filed Mon 2026-03-02, the flat RE-1 priced at
800,000 yuan on 03-04; round 1 (reserve 560,000) fails Tue 04-14, round 2 (reserve 448,000)
Thu 04-30. The applicant is owed 300,000 yuan here, less than either reserve.

Due dates counted by hand (民诉法 art. 85: from the next day; a last day on a rest day moves to
the next working day) over the 2026 schedule: Labour Day Fri 05-01 … Tue 05-05 off, Sat 05-09
worked; Dragon Boat Fri 06-19 … Sun 06-21.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain import registry
from domain.editions import COURTS
from domain.snapshot import snapshot
from store import ledger
from tests.unit.gwt import (
    OFFICER,
    Do,
    Given,
    day_end,
    deadline,
    given,
    later,
    schedule_auction,
)
from tests.unit.test_disposal_rules import (
    ROUND1,
    ROUND1_FAILED,
    ROUND2,
    ROUND2_FAILED,
    START1,
    START2,
    _priced,
)

OWED = 30_000_000  # 300,000 yuan
MAY_6 = date(2026, 5, 6)  # Wed, the first working day after Labour Day


def _failed(*rounds: Any, **filing: Any) -> Given:
    return given(*_priced(principal_fen=OWED, **filing), *rounds)


def _taken(days: int | None = None) -> Do:
    fields: dict[str, Any] = {"type": "accept_in_kind", "asset_id": "RE-1", "applicant_id": "A1"}
    if days is not None:
        fields["difference_days"] = days
    return Do(lambda state, today: fields, OFFICER)


def pay(amount_fen: int, paid_on: date) -> Do:
    command = {
        "type": "pay_in_kind_difference",
        "asset_id": "RE-1",
        "amount_fen": amount_fen,
        "paid_on": paid_on.isoformat(),
    }
    return Do(lambda state, today: command, OFFICER)


def serve(served_on: date) -> Do:
    command = {
        "type": "serve_in_kind_ruling",
        "asset_id": "RE-1",
        "served_on": served_on.isoformat(),
    }
    return Do(lambda state, today: command, OFFICER)


def test_above_the_claim_the_taker_is_ordered_to_pay_the_difference() -> None:
    """`in_kind.difference`: after round 2 fails the applicant takes the flat at 448,000 yuan,
    owed 300,000 (plus what the filing adds): the difference is ordered, the period the court's
    own (default 15 days, ✘ configurable): Wed 05-06 + 15 = Thu 05-21, a working day."""
    case = _failed(ROUND1, ROUND1_FAILED, ROUND2, ROUND2_FAILED)
    claim = case.state.outstanding_fen
    then = case.when(_taken(), at=MAY_6).then()
    ordered = then.event("in_kind_difference_ordered")
    assert (ordered.price_fen, ordered.claim_fen) == (START2, claim)
    assert ordered.difference_fen == START2 - claim > 0
    assert ordered.pay_by == date(2026, 5, 21)
    assert deadline(then.state, "in_kind.difference", "RE-1").due_on == date(2026, 5, 21)
    assert then.state.assets["RE-1"].disposition == "open"  # not handed over yet
    assert then.state.collected_fen == 0


def test_the_court_sets_the_period_and_the_ruling_follows_full_payment_within_10_days() -> None:
    """10 days from Wed 05-06: Sat 05-16 → Mon 05-18. Paid in full on Wed 05-20 (late, but the
    court had not disposed of the flat again): handed over; the ruling within 10 days (`in_kind
    .ruling`, art. 20): 05-20 + 10 = Sat 05-30 → Mon 06-01. The difference enters the case
    account: collected = paid out + held."""
    case = _failed(ROUND1, ROUND1_FAILED, ROUND2, ROUND2_FAILED)
    claim = case.state.outstanding_fen
    case.when(_taken(days=10), at=MAY_6).then()
    assert deadline(case.state, "in_kind.difference", "RE-1").due_on == date(2026, 5, 18)
    difference = START2 - claim
    paid_on = date(2026, 5, 20)
    case.when(pay(difference - 1, paid_on), at=paid_on).then_rejected("in_kind.difference_amount")
    then = case.when(pay(difference, paid_on), at=paid_on).then()
    assert [e.type for e in then.new_events][:2] == ["in_kind_difference_paid", "in_kind_accepted"]
    assert then.event("in_kind_accepted").price_fen == claim
    s = then.state
    assert s.assets["RE-1"].disposition == "exhausted"
    assert (s.collected_fen, s.paid_out_fen, s.held_fen) == (START2, claim, difference)
    assert s.outstanding_fen == 0
    amounts = snapshot(s).amounts
    assert amounts.collected_fen == amounts.paid_out_fen + amounts.held_fen
    assert deadline(s, "in_kind.difference", "RE-1").state == "met"
    assert deadline(s, "in_kind.ruling", "RE-1").due_on == date(2026, 6, 1)
    assert deadline(s, "funds.payout").state == "open"  # the difference is held, to be settled
    # the ledger books the difference as a receipt: receipts = collected, balance = held
    entries = [x for e in case.scenario.events for x in ledger.entries_for("c", e, s)]
    receipts = sum(x.amount_fen for x in entries if x.kind == "receipt")
    spent = sum(x.amount_fen for x in entries if x.kind != "receipt")
    assert (receipts, receipts - spent) == (s.collected_fen, s.held_fen)
    case.when(pay(difference, paid_on), at=paid_on).then_rejected("in_kind.no_difference_owed")
    case.when(serve(date(2026, 5, 25)), at=date(2026, 5, 25)).then(
        events=["in_kind_ruling_served", "deadline_met"]
    )
    case.when(serve(date(2026, 5, 25))).then_rejected("in_kind.no_ruling_owed")


def test_unpaid_in_time_the_court_re_auctions() -> None:
    """`in_kind.default` (art. 22): round 1 failed Tue 04-14; the applicant takes the flat at
    its reserve, 560,000, on Mon 04-20 with 5 days to pay: Sat 04-25 → Mon 04-27. Until the
    period is over nothing else disposes of the flat; after it, round 2 is announced on Tue
    04-28 (within 30 days of the failure; bids from Wed 05-13, 15 days on) and the taking is
    recorded as defaulted."""
    case = _failed(ROUND1, ROUND1_FAILED)
    claim = case.state.outstanding_fen
    case.when(_taken(days=5), at=date(2026, 4, 20)).then()
    taking = case.state.assets["RE-1"].in_kind
    assert taking is not None
    assert (taking.difference_fen, taking.pay_by) == (START1 - claim, date(2026, 4, 27))
    round2 = schedule_auction("RE-1", START2, date(2026, 5, 13))
    case.when(round2, at=date(2026, 4, 27)).then_rejected("in_kind.awaiting_difference")
    assert "schedule_auction" not in registry.offered(case.state)
    case.when(later(day_end(date(2026, 4, 27)))).then()
    assert deadline(case.state, "in_kind.difference", "RE-1").state == "overdue"
    assert "schedule_auction" in registry.offered(case.state)
    then = case.when(round2, at=date(2026, 4, 28)).then()
    assert [e.type for e in then.new_events][:2] == ["in_kind_defaulted", "deadline_waived"]
    taking = then.state.assets["RE-1"].in_kind
    assert taking is not None and taking.state == "defaulted"
    assert then.state.assets["RE-1"].live_auction is not None


def test_before_edition_3_above_the_claim_is_refused() -> None:
    case = _failed(ROUND1, ROUND1_FAILED, edition=COURTS)
    case.when(_taken(), at=MAY_6).then_rejected("in_kind.exceeds_claim")
    assert "pay_in_kind_difference" not in registry.offered(case.state)


def test_no_period_for_a_price_within_the_claim() -> None:
    case = given(*_priced(), ROUND1, ROUND1_FAILED)  # owed 1,000,000, reserve 560,000
    case.when(_taken(days=10), at=MAY_6).then_rejected("in_kind.no_difference")
