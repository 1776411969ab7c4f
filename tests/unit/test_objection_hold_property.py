"""A property (hypothesis): no disposal command (start_valuation, schedule_auction, start_sale,
accept_in_kind, deduct_funds) is ever accepted on an asset a third-party objection holds
(DOMAIN-2 `objection.third_party.no_disposal`, `.hold_after_reject`, `.no_disposal_suit`,
`.review`), whatever the objections went through and however much time passed; and a refusal
naming the objection (`asset.under_objection`) comes only while one holds the asset.

Every step runs through the given-when-then helper, which also checks that an accepted command
was offered and that the case a decision leaves is the fold of its events.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from domain.objections import hold_on
from domain.state import CaseState
from tests.unit import gwt
from tests.unit.gwt import Do, Given, later, moment
from tests.unit.test_objection_rules import (
    _priced,
    file_objection,
    judgment,
    register,
    rule,
    suit,
)

ASSETS = ["RE-1", "BD-1"]
DISPOSALS = ["start_valuation", "schedule_auction", "start_sale", "accept_in_kind", "deduct_funds"]


def _dispose(kind: str, asset_id: str) -> Do:
    def build(state: CaseState, today: date) -> dict[str, Any]:
        fields: dict[str, Any] = {"type": kind, "asset_id": asset_id}
        if kind == "start_valuation":
            fields["method"] = "online_inquiry"
        elif kind == "schedule_auction":
            fields |= {
                "start_price_fen": 56_000_000,
                "deposit_fen": 5_600_000,
                "bidding_starts_on": today + timedelta(days=40),
            }
        elif kind == "start_sale":
            fields["price_fen"] = 45_000_000
        elif kind == "accept_in_kind":
            fields["applicant_id"] = "A1"
        else:
            fields["amount_fen"] = 1_000_000
        return fields

    return Do(build)


def _latest(state: CaseState) -> str:
    return next(reversed(state.objections), "OB-none")


def _on_latest(make: Any) -> Do:
    """An objection command on the latest objection, served or filed today."""

    def build(state: CaseState, today: date) -> dict[str, Any]:
        step = make(_latest(state), today)
        built: dict[str, Any] = step.build(state, today)
        return built

    first = make("OB-none", date(2026, 1, 1))
    return Do(build, first.default_actor)


disposal = st.tuples(st.sampled_from(DISPOSALS), st.sampled_from(ASSETS))
steps = st.one_of(
    st.tuples(st.just("file"), st.sampled_from(ASSETS)),
    disposal,
    disposal,
    st.tuples(st.just("register"), st.booleans()),
    st.tuples(st.just("rule"), st.sampled_from(["upheld", "rejected", "not_accepted"])),
    st.tuples(st.just("suit"), st.none()),
    st.tuples(st.just("judgment"), st.sampled_from(["enforce", "no_enforcement"])),
    st.tuples(st.just("wait"), st.integers(min_value=1, max_value=20)),
)


def _step(case: Given, kind: str, arg: Any, n: int) -> Do | Any:
    if kind == "file":
        return Do(
            lambda s, today: file_objection(f"OB-{n}", "third_party", today, arg).build(s, today)
        )
    if kind == "register":
        return _on_latest(lambda oid, today: register(oid, arg, "" if arg else "不符合受理条件"))
    if kind == "rule":
        return _on_latest(lambda oid, today: rule(oid, arg, today))
    if kind == "suit":
        return _on_latest(lambda oid, today: suit(oid, today))
    if kind == "judgment":
        return _on_latest(lambda oid, today: judgment(oid, arg, today))
    if kind == "wait":
        return later(case.scenario.clock + timedelta(days=arg))
    return _dispose(kind, arg)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(ASSETS), st.lists(steps, min_size=1, max_size=25))
def test_no_disposal_is_ever_accepted_on_an_asset_a_third_party_objection_holds(
    first: str, plan: list[tuple[str, Any]]
) -> None:
    """The history starts with a third-party objection on ``first``; random steps follow."""
    case = gwt.given(*_priced(), at=moment(date(2026, 3, 4), hour=11))
    for n, (kind, arg) in enumerate([("file", first), *plan]):
        before = case.state
        holder = hold_on(before, arg) if kind in DISPOSALS else None
        outcome = case.when(_step(case, kind, arg, n))
        if kind not in DISPOSALS:
            continue
        code = outcome.error.code if outcome.error is not None else None
        if holder is not None:
            assert outcome.error is not None, f"{kind} accepted on {arg} held by {holder}"
            assert not outcome.new_events
        else:
            assert code != "asset.under_objection", f"{kind} refused on {arg}, which nothing holds"
