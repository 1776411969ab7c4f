"""Input the record or the clock could not take is refused at the command (issue 13, items 2, 5
and 6): amounts beyond what PostgreSQL's bigint holds with room for sums, dates outside the
engine's horizon, and dates of things that happened before the case was filed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from domain.commands import EARLIEST_DATE, LATEST_DATE, Envelope, FileCase
from domain.money import MAX_FEN
from tests import samples
from tests.unit.gwt import OFFICER, Do, filed, given
from tests.unit.test_supervision_rules import register_petition

MAR_2 = date(2026, 3, 2)
BIGINT = 2**63 - 1


def _filing(**overrides: Any) -> dict[str, Any]:
    return samples.file_case(
        "(2026)京0105执777号", MAR_2, court_code="京0105", **overrides
    ).model_dump(mode="json")


@pytest.mark.parametrize("principal", [10**30, 2**63, MAX_FEN + 1])
def test_a_principal_past_the_cap_is_refused_at_filing(principal: int) -> None:
    with pytest.raises(ValidationError, match="less than or equal"):
        FileCase.model_validate({**_filing(), "principal_fen": principal})


def test_the_cap_leaves_room_for_sums_in_a_bigint() -> None:
    # a case's due amount is principal + other; the ledger and the summary add many such amounts
    assert 1000 * (2 * MAX_FEN) < BIGINT
    FileCase.model_validate({**_filing(), "principal_fen": MAX_FEN, "other_fen": MAX_FEN})


@pytest.mark.parametrize("filed_on", ["9999-12-01", "1970-01-01", "1999-12-31"])
def test_a_filing_date_outside_the_horizon_is_refused(filed_on: str) -> None:
    with pytest.raises(ValidationError):
        FileCase.model_validate({**_filing(), "filed_on": filed_on})


@pytest.mark.parametrize(
    "command",
    [
        {"type": "register_petition", "petitioner": "张三", "channel": "visit", "summary": "s",
         "received_on": "1970-01-01"},
        {"type": "open_supervision", "report_due_on": "9999-12-31", "instructions": "i"},
        {"type": "record_funds_received", "source": "voluntary", "amount_fen": 10**30,
         "received_on": "2026-03-03"},
        {"type": "extend_valuation", "asset_id": "AS-1", "days": 10**9, "reason": "r"},
        {"type": "freeze_asset", "asset_id": "AS-1", "measure": "freeze", "period_days": 10**9},
    ],
)  # fmt: skip
def test_commands_outside_the_bounds_are_malformed(command: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Envelope.model_validate(
            {"request_id": "r-1", "actor": OFFICER.model_dump(), "command": command}
        )


def test_a_petition_received_before_the_case_was_filed_is_refused() -> None:
    received = date(2025, 12, 31)
    assert EARLIEST_DATE < received < MAR_2 < LATEST_DATE
    given(filed(on=MAR_2)).when(register_petition(received_on=received)).then_rejected(
        "date.before_filing"
    )


def test_a_service_recorded_before_filing_is_refused_before_any_other_rule() -> None:
    record_service = Do(
        lambda state, today: {
            "type": "record_service",
            "document_id": "TZ-R9",  # unknown as well: the date is judged first
            "served_on": date(2026, 1, 5),
            "method": "electronic",
        },
        OFFICER,
    )
    given(filed(on=MAR_2)).when(record_service).then_rejected("date.before_filing")


def test_text_with_a_nul_character_is_malformed_whatever_the_door() -> None:
    """PostgreSQL cannot store U+0000: such text would poison the case's record."""
    with pytest.raises(ValidationError, match="NUL"):
        Envelope.model_validate(
            {
                "request_id": "r-1",
                "actor": OFFICER.model_dump(),
                "command": {"type": "suspend", "reason": "停\x00止"},
            }
        )
    with pytest.raises(ValidationError, match="NUL"):
        FileCase.model_validate(
            {
                **_filing(),
                "officer_id": "u-1",
                "basis": {"kind": "judgment", "document_no": "a\x00"},
            }
        )
