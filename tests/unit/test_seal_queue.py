"""Queued seals (轮候查封, DOMAIN-2 ``seal.queue``, 查封扣押冻结规定 art. 26) and the court that
hosts a distribution (``distribution.host``, 执行工作若干问题规定 item 56).

Due dates are counted by hand (民诉法 art. 85; 2026 holidays: National Day 10-01..10-07).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import given as hypothesis_given
from hypothesis import strategies as st

from domain.snapshot import snapshot
from domain.state import CaseState, Control
from tests.unit.gwt import (
    INTEGRATION,
    OFFICER,
    Do,
    Given,
    asset_found,
    confirm_freeze,
    deadline,
    filed,
    freeze_asset,
    given,
    later,
    record_funds_received,
)

MAR_2 = date(2026, 3, 2)
PERSON = [{"party_id": "R1", "name": "李四", "kind": "person"}]
OTHER = "京0106"


def queued(position: int = 2, on: date = date(2026, 3, 11)) -> Do:
    return Do(
        lambda s, t: {
            "type": "record_seal_queued",
            "asset_id": "AS-1",
            "prior_court_code": OTHER,
            "prior_sealed_on": date(2026, 1, 15),
            "position": position,
            "queued_on": on,
        },
        INTEGRATION,
    )


def prior_released(on: date) -> Do:
    return Do(
        lambda s, t: {"type": "record_prior_seal_released", "asset_id": "AS-1", "released_on": on},
        OFFICER,
    ).on(on)


def control(s: CaseState) -> Control:
    c = s.assets["AS-1"].control
    assert c is not None
    return c


def sealed_behind(**filing: Any) -> Given:
    """A flat sealed on 03-10 for 365 days; the registry answers on 03-11: queued behind 京0106's
    seal of 01-15, second in line."""
    return given(
        filed(on=MAR_2, **filing),
        asset_found("AS-1", kind="real_estate").on(date(2026, 3, 10)),
        freeze_asset("AS-1", period_days=365).on(date(2026, 3, 10)),
        queued().on(date(2026, 3, 11)),
    )


def test_a_seal_on_property_another_court_sealed_first_is_queued_and_not_in_force() -> None:
    """seal.queue: ours is registered behind the first seal, with its place, and has no expiry
    of its own while it waits."""
    case = sealed_behind()
    c = control(case.state)
    assert (c.state, c.queued, c.in_force, c.queue_position) == ("queued", True, False, 2)
    assert (c.prior_court_code, c.expires_on) == (OTHER, None)
    assert not [d for d in case.state.deadlines.values() if d.rule == "freeze.expiry"]
    case.when(confirm_freeze("AS-1")).then_rejected("freeze.nothing_to_confirm")
    case.when(queued()).then_rejected("seal.nothing_to_queue")
    seal = snapshot(case.state).seals[0]
    assert (seal.queued, seal.position, seal.host_court_code) == (True, 2, OTHER)


def test_a_queued_seal_names_another_court_sealing_before_it() -> None:
    case = given(
        filed(on=MAR_2),
        asset_found("AS-1", kind="real_estate").on(date(2026, 3, 10)),
        freeze_asset("AS-1", period_days=365).on(date(2026, 3, 10)),
    )
    case.when(queued(on=date(2026, 3, 9))).then_rejected("seal.date_order")
    own = Do(
        lambda s, t: {
            "type": "record_seal_queued",
            "asset_id": "AS-1",
            "prior_court_code": "京0105",
            "prior_sealed_on": date(2026, 1, 15),
            "queued_on": date(2026, 3, 10),
        },
        INTEGRATION,
    )
    case.when(own).then_rejected("seal.own_court")


def test_the_queued_seal_takes_effect_by_itself_when_the_first_is_released() -> None:
    """seal.queue: released ahead of us on 05-06 → first in line, still queued; the first seal
    is released Wed 09-30 → ours is in force that day, its 365 days from then: last day
    09-30 + 364 = 2027-09-29 (a Wednesday). The reference price is due 30 days after the
    seizure: 09-30 + 30 = Fri 10-30 (National Day is over by then)."""
    case = sealed_behind()
    moved = case.when(prior_released(date(2026, 5, 6))).then(events=["prior_seal_released"])
    c = control(moved.state)
    assert (c.queued, c.queue_position) == (True, 1)
    effective = case.when(prior_released(date(2026, 9, 30))).then()
    assert [e.type for e in effective.new_events] == [
        "prior_seal_released",
        "freeze_confirmed",
        "deadline_opened",  # valuation.start
        "deadline_opened",  # freeze.expiry
    ]
    c = control(effective.state)
    assert (c.state, c.queue_position, c.effective_on) == ("effective", 0, date(2026, 9, 30))
    assert c.expires_on == date(2027, 9, 29)
    assert deadline(effective.state, "freeze.expiry", "AS-1").due_on == date(2027, 9, 29)
    assert deadline(effective.state, "valuation.start", "AS-1").due_on == date(2026, 10, 30)
    seal = snapshot(effective.state).seals[0]
    assert (seal.queued, seal.position, seal.host_court_code) == (False, 0, "京0105")
    case.when(prior_released(date(2026, 10, 8))).then_rejected("seal.not_queued")


def test_the_first_sealing_court_hosts_the_distribution() -> None:
    """distribution.host: every seal of ours queued behind 京0106's → a creditor applies to join
    there, not here; once ours is in force, here."""
    case = sealed_behind(respondents=PERSON)
    join = Do(
        lambda s, t: {
            "type": "join_distribution",
            "creditor": {"party_id": "C2", "name": "赵六", "kind": "person"},
            "basis": {"kind": "judgment", "document_no": "(2025)京0106民初99号"},
            "owed_fen": 10_000_000,
            "applied_on": t,
        },
        OFFICER,
    )
    case.when(join).then_rejected("distribution.host")
    case.when(prior_released(date(2026, 5, 6))).then()
    case.when(prior_released(date(2026, 5, 7))).then()
    case.when(join).then(events=["creditor_joined"])


# -- property: a queued seal is never in force while a seal is ahead of it -----------------------
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@hypothesis_given(st.data())
def test_a_queued_seal_is_never_effective_while_the_first_is(data: st.DataObject) -> None:
    position = data.draw(st.integers(1, 3), label="position")
    case = given(
        filed(on=MAR_2, respondents=PERSON),
        asset_found("AS-1", kind="real_estate").on(date(2026, 3, 10)),
        freeze_asset("AS-1", period_days=365).on(date(2026, 3, 10)),
        queued(position).on(date(2026, 3, 11)),
        record_funds_received(1_000_000).on(date(2026, 3, 12)),
    )
    ahead = position  # seals of other courts still ahead of ours
    for _ in range(data.draw(st.integers(1, 12), label="steps")):
        step = data.draw(st.sampled_from(["release_prior", "confirm", "renew", "queue", "time"]))
        today = case.scenario.today
        if step == "release_prior":
            then = case.when(
                Do(
                    lambda s, t: {
                        "type": "record_prior_seal_released",
                        "asset_id": "AS-1",
                        "released_on": t,
                    },
                    OFFICER,
                )
            )
            if then.error is None:
                ahead -= 1
        elif step == "confirm":
            case.when(confirm_freeze("AS-1"))
        elif step == "renew":
            case.when(
                Do(lambda s, t: {"type": "renew_freeze", "asset_id": "AS-1", "period_days": 30})
            )
        elif step == "queue":
            case.when(queued(1, today))
        else:
            case.when(later(case.scenario.clock + timedelta(days=data.draw(st.integers(1, 60)))))
        c = control(case.state)
        assert ahead >= 0
        if ahead > 0:
            assert not c.in_force and c.queue_position == ahead
        elif c.state != "lapsed":
            assert c.in_force
