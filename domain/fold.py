"""The fold: events in, the case out. ``apply`` trusts its events (the rules checked them when
they were decided); it only folds them. Folding the same events always gives the same state.

Each area of the rules says how its own events change the case (its ``APPLIERS``); this module
only puts them together and keeps the sequence honest.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from domain import events as ev
from domain import filing
from domain.areas import AREAS
from domain.state import CaseState


def _appliers() -> dict[str, Callable[[CaseState, Any], None]]:
    found: dict[str, Callable[[CaseState, Any], None]] = {}
    for area in AREAS:
        for applier in area.APPLIERS:
            if applier.type in found:
                raise RuntimeError(f"two appliers for the event {applier.type}")
            found[applier.type] = applier.apply
    return found


APPLIERS = _appliers()


def apply_in_place(state: CaseState | None, event: ev.Event) -> CaseState:
    """Fold one event into ``state`` itself (a new state from ``case_filed``) and return it."""
    if isinstance(event, ev.CaseFiled) and state is None:
        return filing.new_case(event)
    if state is None:
        raise ValueError(f"event {event.type} before case_filed")
    if event.seq != state.last_seq + 1:
        raise ValueError(f"event seq {event.seq} does not follow {state.last_seq}")
    APPLIERS[event.type](state, event)
    state.last_seq = event.seq
    return state


def fold_in_place(state: CaseState | None, events: Iterable[ev.Event]) -> CaseState:
    """Fold events into ``state`` itself and return it. Only for the sole owner of a state,
    such as a projection being advanced: the copy ``fold`` makes is most of the cost."""
    current = state
    for event in events:
        current = apply_in_place(current, event)
    if current is None:
        raise ValueError("no events to fold")
    return current


def fold(state: CaseState | None, events: Iterable[ev.Event]) -> CaseState:
    """Fold events into a new state, copying the starting state once."""
    return fold_in_place(None if state is None else state.copied(), events)
