"""The demo `make dev` files (workers/demo.py) passes the rules: every filing under the current
edition with its registry chain, every command accepted by the domain as the demo sends it (a
rejected demo command is only logged, so a rule change could silently empty the dashboards).
The clock runs as in the workflow: once filed and after every command (`tick`)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest

from domain.commands import Actor, Envelope, FileCase
from domain.decide import decide, decide_filing, tick
from domain.entrustment import with_receiving_chain
from domain.filing import under_current_rules
from store.courts import bundled_registry
from workers.demo import DEMO_FAST_TRACK, demo_cases

TODAY = date(2026, 12, 1)
NOON = datetime.combine(TODAY, time(12), ZoneInfo("Asia/Shanghai")).astimezone(UTC)
CASES = demo_cases(TODAY)


@pytest.mark.parametrize("index", range(len(CASES)))
def test_every_demo_command_is_accepted(index: int) -> None:
    filing_json, commands = CASES[index]
    filing = under_current_rules(
        FileCase.model_validate(filing_json),
        bundled_registry(),
        DEMO_FAST_TRACK.get(filing_json["court_code"]),
    )
    state = tick(decide_filing(filing, NOON).state, NOON).state
    for number, step in enumerate(commands, start=1):
        role, command = step if isinstance(step, tuple) else ("officer", step)
        user_id = filing.officer_id if role == "officer" else f"demo-{role}"
        actor = Actor(user_id=user_id, role=role, court_code=filing.court_code)
        envelope = Envelope.model_validate(
            {"request_id": f"demo:{number}", "actor": actor, "command": command}
        )
        entrusting = with_receiving_chain(envelope.command, bundled_registry())
        envelope = envelope.model_copy(update={"command": entrusting})
        state = decide(state, envelope, NOON).state  # raises DomainError when refused
        state = tick(state, NOON).state
