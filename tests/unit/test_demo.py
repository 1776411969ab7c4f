"""The demo `make dev` files (workers/demo.py) passes the rules: every filing under the current
edition with its registry chain, every command accepted by the domain as the demo sends it (a
rejected demo command is only logged, so a rule change could silently empty the dashboards).
The clock runs as in the workflow: once filed and after every command (`tick`)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from domain.decide import decide, decide_filing, tick
from domain.state import CaseState
from store.courts import bundled_registry
from workers.demo import demo_cases, demo_envelope, demo_filing

TODAY = date(2026, 12, 1)
NOON = datetime.combine(TODAY, time(12), ZoneInfo("Asia/Shanghai")).astimezone(UTC)
CASES = demo_cases(TODAY)


def states_of(index: int) -> Iterator[CaseState]:
    """The demo case `index` once filed, then after each command (the clock run after each)."""
    filing_json, commands = CASES[index]
    registry = bundled_registry()
    filing = demo_filing(filing_json, registry)
    state = tick(decide_filing(filing, NOON).state, NOON).state
    yield state
    for number, step in enumerate(commands, start=1):
        envelope = demo_envelope(filing, f"demo:{number}", step, registry)
        state = decide(state, envelope, NOON).state  # raises DomainError when refused
        state = tick(state, NOON).state
        yield state


@pytest.mark.parametrize("index", range(len(CASES)))
def test_every_demo_command_is_accepted(index: int) -> None:
    assert len(list(states_of(index))) == len(CASES[index][1]) + 1


@pytest.mark.parametrize("index", range(len(CASES)))
def test_a_decision_copies_the_case_whole_and_apart(index: int) -> None:
    """`CaseState.copied` (what a decision changes in place) equals the case in every field
    and shares nothing mutable with it: emptying every container of the copy leaves the case
    as it was."""
    for state in states_of(index):
        before = state.model_dump_json()
        copy = state.copied()
        assert copy == state and copy.model_dump_json() == before
        for name in CaseState.model_fields:
            value = getattr(copy, name)
            if isinstance(value, dict | list):
                value.clear()
        assert state.model_dump_json() == before
