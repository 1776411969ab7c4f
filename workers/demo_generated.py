"""Generated demo cases, made the way the training sandbox makes its cases (workers/sandbox.py):
the same made-up filings, the same simulated staff (workers/sandbox_staff.py) and the same
simulated court systems (activities/simulation.py), played here on the rules alone, at demo time.

Each case is filed some days or months ago (a seeded draw) and its officer makes a drawn number
of moves today; when a move asks the world for something (a service, a network search, a
freeze), the simulated system's answer follows at once as an integration's command. So the
dashboards of `make dev` show cases in every stage, across 京 and 沪 courts: just filed,
investigated, with deposits frozen, deducted and paid out, 终本, and running late (a filing
months ago that nobody has worked yet is overdue, and escalates as soon as its workflow starts).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from datetime import date, datetime, time, timedelta
from typing import Any

from activities import simulation
from domain.calendar import SHANGHAI
from domain.commands import Actor, Envelope, FastTrackRule, FileCase
from domain.decide import decide, decide_filing, tick
from domain.effects import ExternalRequest, effects_of
from domain.errors import DomainError
from domain.filing import under_current_rules
from domain.snapshot import snapshot
from domain.state import CaseState
from store.courts import bundled_registry
from workers import sandbox_staff as staff
from workers.sandbox import filing

# (court, its demo officer, its demo judge, cases): the officers and judges of workers/demo.py
GENERATED_COURTS: tuple[tuple[str, str, str | None, int], ...] = (
    ("京0105", "u-officer-1", "u-judge-1", 14),
    ("京0108", "u-officer-0108", None, 8),
    ("沪0115", "u-officer-2", "u-judge-2", 10),
)
FIRST_NUMBER = 6001  # above the hand-written demo's numbers
MOST_MOVES = 14
SEED = 16


def _actor(role: str, court: str, officer: str) -> Actor:
    user_id = officer if role == "officer" else f"demo-{role}"
    return Actor.model_validate({"user_id": user_id, "role": role, "court_code": court})


def play(
    filing_json: dict[str, Any], moves: int, today: date, fast_track: FastTrackRule | None
) -> list[tuple[str, dict[str, Any]]]:
    """The commands of up to `moves` officer moves and the simulated systems' answers, each
    accepted by the rules at noon `today` (a move the rules refuse ends the play), for a court
    with the 繁简分流 rule `fast_track` (or none)."""
    now = datetime.combine(today, time(12), SHANGHAI)
    command = under_current_rules(
        FileCase.model_validate(filing_json), bundled_registry(), fast_track
    )
    # The workflow runs the clock (`tick`) once filed and after every decision, before the next
    # command: a filing months ago escalates at once, and those events take their numbers.
    state: CaseState = tick(decide_filing(command, now).state, now).state
    court, officer = command.court_code, command.officer_id
    steps: list[tuple[str, dict[str, Any]]] = []

    def apply(role: str, command: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
        nonlocal state
        envelope = Envelope.model_validate(
            {
                "request_id": f"demo-gen:{len(steps)}",
                "actor": _actor(role, court, officer),
                "command": command,
            }
        )
        outcome = decide(state, envelope, now)
        steps.append((role, command))
        answers = [
            ("integration", answer)
            for event in outcome.events
            for effect in effects_of(outcome.state, event)
            if isinstance(effect, ExternalRequest)
            for answer in simulation.answer(effect, today.isoformat())
        ]
        state = tick(outcome.state, now).state
        return answers

    for _ in range(moves):
        move = staff.officer_move(snapshot(state), today)
        if move is None:
            break
        try:
            answers = apply(*move)
            for answer in answers:
                apply(*answer)
        except DomainError:
            break
    return steps


def generated_cases(
    today: date, fast_track: Mapping[str, FastTrackRule], seed: int = SEED
) -> list[tuple[dict[str, Any], list[Any]]]:
    """The generated demo cases (filing, commands): a command is (role, command), or the
    officer's own command alone, as workers/demo.py takes them; `fast_track`: the demo courts'
    繁简分流 rules."""
    rng = random.Random(seed)
    cases: list[tuple[dict[str, Any], list[Any]]] = []
    number = FIRST_NUMBER
    for court, officer, judge, count in GENERATED_COURTS:
        for _ in range(count):
            filed_on = today - timedelta(days=rng.randrange(0, 200))
            filing_json = filing(court, number, filed_on, officer, rng) | {"judge_id": judge}
            number += 1
            steps = play(filing_json, rng.randrange(MOST_MOVES + 1), today, fast_track.get(court))
            cases.append(
                (filing_json, [cmd if role == "officer" else (role, cmd) for role, cmd in steps])
            )
    return cases
