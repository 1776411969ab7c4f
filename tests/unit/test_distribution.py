"""Distribution of case funds (参与分配 / 案款分配): domain.money.distribute."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from random import Random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.money import Allocation, Claim, distribute


def fee(claimant_id: str, owed: int) -> Claim:
    return Claim(claimant_id=claimant_id, kind="fee", owed_fen=owed)


def applicant(claimant_id: str, owed: int, priority: int = 0) -> Claim:
    return Claim(claimant_id=claimant_id, kind="applicant", priority=priority, owed_fen=owed)


def amounts(allocations: Sequence[Allocation]) -> dict[str, int]:
    return {a.claimant_id: a.amount_fen for a in allocations}


def group_key(claim: Claim) -> tuple[int, int]:
    """Payment class: all fees together, then applicants by priority."""
    return (0, 0) if claim.kind == "fee" else (1, claim.priority)


# ---------------------------------------------------------------------------- worked examples


def test_fees_are_paid_first() -> None:
    claims = [applicant("A1", 100_000), fee("court_fees", 5_000)]
    result = distribute(50_000, claims)
    assert result == [
        Allocation(claimant_id="court_fees", kind="fee", amount_fen=5_000),
        Allocation(claimant_id="A1", kind="applicant", amount_fen=45_000),
    ]


def test_fees_short_are_pro_rata_and_applicants_get_nothing() -> None:
    claims = [fee("court_fees", 3_000), fee("advanced_costs", 1_000), applicant("A1", 100)]
    assert amounts(distribute(2_000, claims)) == {
        "court_fees": 1_500,
        "advanced_costs": 500,
        "A1": 0,
    }


def test_two_applicants_two_to_one_leftover_fen_to_larger_remainder() -> None:
    # exact shares 66.67 and 33.33: floors 66 + 33 = 99, the last fen goes to A1 (remainder 2/3)
    claims = [applicant("B2", 100), applicant("A1", 200)]
    result = distribute(100, claims)
    assert result == [
        Allocation(claimant_id="A1", kind="applicant", amount_fen=67),
        Allocation(claimant_id="B2", kind="applicant", amount_fen=33),
    ]


def test_equal_remainders_go_to_the_smaller_claimant_id() -> None:
    claims = [applicant("C", 50), applicant("A", 50), applicant("B", 50)]
    assert amounts(distribute(100, claims)) == {"A": 34, "B": 33, "C": 33}
    assert distribute(100, claims) == distribute(100, list(reversed(claims)))


def test_priority_class_is_paid_in_full_before_ordinary() -> None:
    claims = [
        applicant("ordinary_1", 30_000, priority=1),
        applicant("secured", 40_000, priority=0),
        applicant("ordinary_2", 10_000, priority=1),
        fee("court_fees", 2_000),
    ]
    result = distribute(50_000, claims)
    assert [a.claimant_id for a in result] == ["court_fees", "secured", "ordinary_1", "ordinary_2"]
    # 50,000 - 2,000 fees - 40,000 secured = 8,000 for the ordinary class, 3:1
    assert amounts(result) == {
        "court_fees": 2_000,
        "secured": 40_000,
        "ordinary_1": 6_000,
        "ordinary_2": 2_000,
    }


def test_money_exceeding_all_claims_pays_everyone_in_full_surplus_unallocated() -> None:
    claims = [fee("court_fees", 1_000), applicant("A1", 5_000), applicant("A2", 7_000, 1)]
    result = distribute(1_000_000, claims)
    assert amounts(result) == {"court_fees": 1_000, "A1": 5_000, "A2": 7_000}
    assert sum(a.amount_fen for a in result) == 13_000


def test_every_claim_appears_zero_included() -> None:
    claims = [fee("court_fees", 100), applicant("A1", 100), applicant("A2", 0, 1)]
    assert amounts(distribute(0, claims)) == {"court_fees": 0, "A1": 0, "A2": 0}
    assert distribute(0, []) == []


def test_fees_ignore_priority() -> None:
    claims = [
        Claim(claimant_id="f2", kind="fee", priority=9, owed_fen=100),
        Claim(claimant_id="f1", kind="fee", priority=0, owed_fen=300),
    ]
    assert distribute(200, claims) == [
        Allocation(claimant_id="f1", kind="fee", amount_fen=150),
        Allocation(claimant_id="f2", kind="fee", amount_fen=50),
    ]


# ---------------------------------------------------------------------------- rejections


def test_negative_available_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"可分配金额不能为负数.* / available amount cannot"):
        distribute(-1, [applicant("A1", 100)])


def test_non_integer_available_is_rejected() -> None:
    with pytest.raises(TypeError, match=" / available amount must be an integer"):
        distribute(10.5, [applicant("A1", 100)])  # type: ignore[arg-type]


def test_negative_owed_is_rejected() -> None:
    with pytest.raises(ValueError, match=r"应分配金额不能为负数.* / owed amount cannot"):
        applicant("A1", -1)
    sneaky = Claim.model_construct(claimant_id="A1", kind="applicant", priority=0, owed_fen=-5)
    with pytest.raises(ValueError, match=" / owed amount cannot be negative"):
        distribute(100, [sneaky])


def test_duplicate_claimant_is_rejected() -> None:
    with pytest.raises(ValueError, match="债权人重复：A1 / duplicate claimant_id: A1"):
        distribute(100, [applicant("A1", 10), applicant("A1", 20, priority=1)])
    with pytest.raises(ValueError, match="duplicate claimant_id"):
        distribute(100, [fee("X", 10), applicant("X", 20)])


def test_claim_is_frozen_and_strict_about_fields() -> None:
    claim = applicant("A1", 100)
    with pytest.raises(ValidationError):
        claim.owed_fen = 5  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Claim(claimant_id="A1", kind="applicant", owed_fen=1, note="x")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Claim(claimant_id="A1", kind="secured", owed_fen=1)
    with pytest.raises(ValidationError):
        Claim(claimant_id="", kind="fee", owed_fen=1)


# ---------------------------------------------------------------------------- properties


claim_lists = st.lists(
    st.builds(
        Claim,
        claimant_id=st.text(alphabet="ABCDEFGHIJ0123456789_", min_size=1, max_size=4),
        kind=st.sampled_from(["fee", "applicant", "applicant"]),
        priority=st.integers(0, 3),
        owed_fen=st.one_of(st.integers(0, 200), st.integers(0, 10**10)),
    ),
    max_size=10,
    unique_by=lambda c: c.claimant_id,
)


@st.composite
def cases(draw: st.DrawFn) -> tuple[int, list[Claim]]:
    claims = draw(claim_lists)
    total = sum(c.owed_fen for c in claims)
    available = draw(
        st.one_of(
            st.integers(0, total + 10),
            st.integers(0, 10**11),
            st.just(total),
            st.just(max(total - 1, 0)),
        )
    )
    return available, claims


PROPERTY_SETTINGS = settings(max_examples=150, deadline=None)


@PROPERTY_SETTINGS
@given(cases())
def test_sum_paid_is_min_of_available_and_total_owed(case: tuple[int, list[Claim]]) -> None:
    available, claims = case
    result = distribute(available, claims)
    assert sum(a.amount_fen for a in result) == min(available, sum(c.owed_fen for c in claims))


@PROPERTY_SETTINGS
@given(cases())
def test_complete_plan_nobody_gets_more_than_owed(case: tuple[int, list[Claim]]) -> None:
    available, claims = case
    result = distribute(available, claims)
    assert sorted(a.claimant_id for a in result) == sorted(c.claimant_id for c in claims)
    owed = {c.claimant_id: c.owed_fen for c in claims}
    for a in result:
        assert 0 <= a.amount_fen <= owed[a.claimant_id]
        assert type(a.amount_fen) is int


@PROPERTY_SETTINGS
@given(cases())
def test_payment_order_rule(case: tuple[int, list[Claim]]) -> None:
    """A class gets money only when every higher class is paid in full; a short class leaves
    nothing for the classes below it; fees are short only if applicants get nothing."""
    available, claims = case
    paid = amounts(distribute(available, claims))
    for c in claims:
        higher = [o for o in claims if group_key(o) < group_key(c)]
        lower = [o for o in claims if group_key(o) > group_key(c)]
        if paid[c.claimant_id] > 0:
            assert all(paid[o.claimant_id] == o.owed_fen for o in higher)
        if paid[c.claimant_id] < c.owed_fen:
            assert all(paid[o.claimant_id] == 0 for o in lower)
            if c.kind == "fee":
                assert all(paid[o.claimant_id] == 0 for o in claims if o.kind == "applicant")


@PROPERTY_SETTINGS
@given(cases())
def test_short_class_is_pro_rata_within_one_fen(case: tuple[int, list[Claim]]) -> None:
    available, claims = case
    paid = amounts(distribute(available, claims))
    classes: dict[tuple[int, int], list[Claim]] = {}
    for c in claims:
        classes.setdefault(group_key(c), []).append(c)
    for members in classes.values():
        owed = sum(c.owed_fen for c in members)
        budget = sum(paid[c.claimant_id] for c in members)
        if budget == owed:
            continue
        for c in members:
            exact = Fraction(budget * c.owed_fen, owed)
            assert abs(paid[c.claimant_id] - exact) < 1


@PROPERTY_SETTINGS
@given(cases(), st.randoms(use_true_random=False))
def test_invariant_under_permutation_and_deterministic(
    case: tuple[int, list[Claim]], rnd: Random
) -> None:
    available, claims = case
    first = distribute(available, claims)
    shuffled = list(claims)
    rnd.shuffle(shuffled)
    assert distribute(available, shuffled) == first
    assert distribute(available, claims) == first
    assert distribute(available, tuple(claims)) == first
