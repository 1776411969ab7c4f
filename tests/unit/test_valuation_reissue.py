"""The reference price, edition 3 (domain/valuation.py; DOMAIN-2 §11, 参考价规定 arts. 19, 23,
24): an objection to its standard, method or result is forwarded to the platform or appraiser
within 3 days, which explains within 5 (`valuation.objection.forward`); a price no first auction
was announced on within its year is re-issued by the original appraiser within 15 days of its
expiry (`valuation.reissue`).

The story of test_disposal_rules.py: filed Mon 2026-03-02, the flat RE-1 sealed that day, its
online-inquiry price of 800,000 yuan received Wed 03-04 (valid for a year: to Wed 2027-03-03).
Dates counted by hand (民诉法 art. 85: from the next day, a last day on a rest day moved to the
next working day); 2027's holidays are not announced, so only its weekends are rest days.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain import registry
from domain.editions import COURTS
from tests.unit.gwt import (
    OFFICER,
    Do,
    day_end,
    deadline,
    filed,
    given,
    later,
    record_valuation,
    record_valuation_objection,
    schedule_auction,
    sealed_real_estate,
    start_valuation,
)

MAR_2 = date(2026, 3, 2)
PRICED_ON = date(2026, 3, 4)
REF = 80_000_000
VALID_UNTIL = date(2027, 3, 3)


def _priced(method: str = "online_inquiry", **filing: Any) -> Any:
    return given(
        filed(on=MAR_2, **filing),
        *sealed_real_estate(),
        start_valuation("RE-1", method),
        record_valuation("RE-1", REF).on(PRICED_ON),
    )


def _do(**command: Any) -> Do:
    return Do(lambda state, today: command, OFFICER)


def forward(on: date) -> Do:
    return _do(type="forward_valuation_objection", asset_id="RE-1", forwarded_on=on.isoformat())


def reissued(price_fen: int, received_on: date) -> Do:
    return _do(
        type="record_reissued_valuation",
        asset_id="RE-1",
        reference_price_fen=price_fen,
        received_on=received_on.isoformat(),
    )


# -- `valuation.objection.forward` ---------------------------------------------------------------
def test_an_objection_is_forwarded_within_3_days_and_answered_within_5_of_that() -> None:
    """Objected Thu 03-05 to the method: forwarded by 03-05 + 3 = Sun 03-08 → Mon 03-09.
    Forwarded Mon 03-09: explained by 03-09 + 5 = Sat 03-14 → Mon 03-16."""
    case = _priced()
    objection = record_valuation_objection("RE-1", filed_on=date(2026, 3, 5))
    case.when(objection, at=date(2026, 3, 5)).then(events=["valuation_objected", "deadline_opened"])
    assert deadline(case.state, "valuation.objection.forward", "RE-1").due_on == date(2026, 3, 9)
    assert "forward_valuation_objection" in registry.offered(case.state)
    case.when(forward(date(2026, 3, 9)), at=date(2026, 3, 9)).then(
        events=["valuation_objection_forwarded", "deadline_met", "deadline_opened"]
    )
    assert deadline(case.state, "valuation.objection", "RE-1").due_on == date(2026, 3, 16)
    valuation = case.state.assets["RE-1"].valuation
    assert valuation is not None and valuation.forwarded_on == date(2026, 3, 9)
    case.when(forward(date(2026, 3, 9))).then_rejected("valuation.nothing_to_forward")
    case.when(record_valuation("RE-1", REF), at=date(2026, 3, 12)).then()
    assert deadline(case.state, "valuation.objection", "RE-1").state == "met"


def test_no_objection_to_a_negotiated_or_directed_price() -> None:
    """`valuation.objection.late` (art. 24): "对议价或者定向询价提出异议的，人民法院不予受理"."""
    for method in ("negotiation", "directed_inquiry"):
        _priced(method).when(
            record_valuation_objection("RE-1", filed_on=date(2026, 3, 5)), at=date(2026, 3, 5)
        ).then_rejected("valuation.objection.not_accepted")


def test_before_edition_3_the_appraiser_has_5_days_from_the_objection() -> None:
    """Objected Thu 03-05: 03-05 + 5 = Tue 03-10, no forwarding step."""
    case = _priced(edition=COURTS)
    case.when(
        record_valuation_objection("RE-1", filed_on=date(2026, 3, 5)), at=date(2026, 3, 5)
    ).then()
    assert deadline(case.state, "valuation.objection", "RE-1").due_on == date(2026, 3, 10)
    assert "forward_valuation_objection" not in registry.offered(case.state)


# -- `valuation.reissue` -------------------------------------------------------------------------
def test_a_price_no_auction_was_announced_on_is_reissued_within_15_days_of_expiry() -> None:
    """Valid to Wed 2027-03-03, no first auction announced: when the day is over the original
    appraiser owes a new report by 03-03 + 15 = Thu 2027-03-18. Received Mon 03-15: a new price,
    valid to Tue 2028-03-14, and the sale to start within 10 days (03-25, a Thursday)."""
    case = _priced()
    case.when(later(day_end(VALID_UNTIL))).then()
    owed = deadline(case.state, "valuation.reissue", "RE-1")
    assert (owed.due_on, owed.state) == (date(2027, 3, 18), "open")
    assert "record_reissued_valuation" in registry.offered(case.state)
    then = case.when(reissued(82_000_000, date(2027, 3, 15)), at=date(2027, 3, 15)).then()
    assert deadline(then.state, "valuation.reissue", "RE-1").state == "met"
    assert then.state.assets["RE-1"].reference_price_fen == 82_000_000
    valuation = then.state.assets["RE-1"].valuation
    assert valuation is not None and valuation.valid_until == date(2028, 3, 14)
    assert deadline(then.state, "disposal.start", "RE-1").due_on == date(2027, 3, 25)
    case.when(reissued(82_000_000, date(2027, 3, 15))).then_rejected("valuation.no_reissue_owed")


def test_no_reissue_when_the_first_auction_was_announced_in_time() -> None:
    """`valuation.validity.grace`: round 1 announced Thu 2026-03-05, within the validity: at
    expiry the price carries the disposal 6 more months, nothing to re-issue."""
    case = _priced()
    case.when(schedule_auction("RE-1", 56_000_000, date(2026, 4, 13)), at=date(2026, 3, 5)).then()
    case.when(later(day_end(VALID_UNTIL))).then()
    assert not [d for d in case.state.deadlines.values() if d.rule == "valuation.reissue"]


def test_before_edition_3_nothing_is_reissued() -> None:
    case = _priced(edition=COURTS)
    case.when(later(day_end(VALID_UNTIL))).then()
    assert not [d for d in case.state.deadlines.values() if d.rule == "valuation.reissue"]
