"""Fines and detention within the law, edition 3 (domain/sanctions.py; DOMAIN-2 §4, 民诉法 (2023)
arts. 118-119). Issue 14's case: a fine of 5,000,000,000 yuan was accepted, approved by a bureau
head. The sample respondent R1 is a company (a unit); the person is added where needed."""

from __future__ import annotations

from datetime import date

import pytest

from tests.unit.gwt import BUREAU_HEAD, PRESIDENT, Do, filed, given, impose_measure

MAR_2 = date(2026, 3, 2)
PERSON = [{"party_id": "R2", "name": "王五", "kind": "person", "birth_date": "1980-05-01"}]


def _case() -> object:
    return given(
        filed(
            on=MAR_2,
            respondents=[{"party_id": "R1", "name": "北京某某科技有限公司", "kind": "company"}]
            + PERSON,
        )
    )


def fine(party_id: str, yuan: int) -> Do:
    return impose_measure("fine", party_id=party_id, amount_fen=yuan * 100)


def test_the_issues_fine_is_refused_and_only_the_president_approves() -> None:
    """`sanction.approval`: the president, not the bureau head; `sanction.fine.cap`."""
    case = _case()
    case.when(fine("R1", 5_000_000_000), actor=PRESIDENT).then_rejected("sanction.fine.cap")
    case.when(fine("R1", 100_000), actor=BUREAU_HEAD).then_rejected("sanction.approval")
    case.when(impose_measure("detention", party_id="R2", days=15), actor=BUREAU_HEAD).then_rejected(
        "sanction.approval"
    )
    case.when(impose_measure("detention", party_id="R2", days=15), actor=PRESIDENT).then(
        events=["measure_imposed"]
    )


@pytest.mark.parametrize(
    ("party_id", "yuan", "refused"),
    [
        ("R2", 100_000, False),  # a person: up to ¥100,000
        ("R2", 100_001, True),
        ("R1", 49_999, True),  # a unit: ¥50,000 to ¥1,000,000
        ("R1", 50_000, False),
        ("R1", 1_000_000, False),
        ("R1", 1_000_001, True),
    ],
)
def test_the_caps_by_person_and_unit(party_id: str, yuan: int, refused: bool) -> None:
    outcome = _case().when(fine(party_id, yuan), actor=PRESIDENT)
    if refused:
        error = outcome.then_rejected("sanction.fine.cap")
        assert "民诉法第118条" in error.zh
    else:
        outcome.then(events=["measure_imposed"])
