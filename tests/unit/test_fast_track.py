"""繁简分流 / 简案快执 (domain/fast_track.py), a court's own rule (DOMAIN-2 `fast_track.target`:
no national figure, local practice only; `fast_track.local_examples`: 广平 "deposits fully
frozen, or under ¥10,000").

Target dates are counted by hand from 民诉法 (2023) art. 85 / 民诉法解释 art. 125 (`time.counting`:
from the next day; a last day on a statutory holiday moves to the first day after it) and the
2026 schedule: National Day Thu 10-01 … Wed 10-07, make-up working days Sun 09-20 and Sat 10-10.
"""

from __future__ import annotations

from datetime import date

from domain.commands import FastTrackRule
from tests.unit.gwt import (
    OFFICER,
    asset_found,
    close_case,
    confirm_freeze,
    deadline,
    filed,
    freeze_asset,
    given,
    later,
)

SMALL = FastTrackRule(target_days=24, max_due_fen=2_000_000)  # ¥20,000
DEPOSITS = FastTrackRule(target_days=45, deposits_cover=True)


def test_a_small_case_is_on_the_fast_track_from_filing() -> None:
    # filed Mon 09-07; 24 days from 09-08: 09-08 is day 1, 09-30 day 23, 10-01 day 24, which is
    # National Day → the first day after the holiday, Thu 10-08
    case = given(filed(date(2026, 9, 7), principal_fen=1_200_000, fast_track=SMALL))
    fast = case.state.fast_track
    assert fast is not None
    assert (fast.criterion, fast.qualified_on, fast.target_on) == (
        "small_amount",
        date(2026, 9, 7),
        date(2026, 10, 8),
    )
    assert deadline(case.state, "fast_track.target").due_on == date(2026, 10, 8)


def test_a_case_above_the_amount_is_not_and_a_court_without_a_rule_has_none() -> None:
    big = given(filed(date(2026, 9, 7), principal_fen=2_000_001, fast_track=SMALL))
    assert big.state.fast_track is None
    none = given(filed(date(2026, 9, 7), principal_fen=100))
    assert none.state.fast_track_rule is None and none.state.fast_track is None
    assert "fast_track.target" not in {d.rule for d in none.state.deadlines.values()}


def test_deposits_frozen_in_full_put_the_case_on_the_fast_track_when_confirmed() -> None:
    # ¥1,000,000 owed (the sample case); a deposit of ¥1,200,000 frozen for all of it
    case = given(
        filed(date(2026, 3, 2), fast_track=DEPOSITS),
        asset_found("D1", value_fen=120_000_000),
        freeze_asset("D1", 365, amount_fen=100_000_000).on(date(2026, 3, 4)),
    )
    assert case.state.fast_track is None  # requested, not yet in force
    then = case.when(confirm_freeze("D1").on(date(2026, 3, 5))).then()
    types = [e.type for e in then.new_events]
    assert types[0] == "freeze_confirmed" and types[-2:] == [
        "fast_track_qualified",
        "deadline_opened",
    ]
    # 45 days from the filing (03-02): from 03-03, day 29 is 03-31, day 45 is Thu 04-16
    assert then.state.fast_track is not None
    assert (then.state.fast_track.criterion, then.state.fast_track.target_on) == (
        "deposits_frozen",
        date(2026, 4, 16),
    )


def test_a_partial_freeze_does_not_and_qualifying_happens_once() -> None:
    case = given(
        filed(date(2026, 3, 2), fast_track=DEPOSITS),
        asset_found("D1", value_fen=50_000_000),
        freeze_asset("D1", 365, amount_fen=50_000_000),
        confirm_freeze("D1"),
    )
    assert case.state.fast_track is None  # half of what is owed
    case = given(
        filed(
            date(2026, 3, 2),
            principal_fen=1_000_000,
            fast_track=SMALL.model_copy(update={"deposits_cover": True}),
        ),
        asset_found("D1", value_fen=5_000_000),
        freeze_asset("D1", 365),
        confirm_freeze("D1"),
    )
    assert [e.type for e in case.scenario.events].count("fast_track_qualified") == 1


def test_late_the_officer_then_the_bureau_head_hear_of_it_and_not_the_court_above() -> None:
    case = given(filed(date(2026, 9, 7), principal_fen=1_200_000, fast_track=SMALL))
    then = case.when(later(date(2026, 11, 1))).then()
    levels = {
        (e.level, e.notify_role)
        for e in then.new_events
        if e.type == "deadline_escalated" and e.rule == "fast_track.target"
    }
    assert levels == {(1, "officer"), (2, "bureau_head")}


def test_closing_the_case_ends_its_fast_track_deadline() -> None:
    case = given(filed(date(2026, 9, 7), principal_fen=1_200_000, fast_track=SMALL))
    then = case.when(
        close_case("withdrawn", "申请执行人撤回申请"),
        actor=OFFICER.model_copy(update={"role": "judge", "user_id": "u-judge-1"}),
    ).then()
    assert deadline(then.state, "fast_track.target").state == "waived"
