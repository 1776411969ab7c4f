"""How a change to running cases goes in (CONTRIBUTING.md): behind ``workflow.patched``.

A case started before a change replays its history through the new code. The example change
here makes the case wait one second before it begins (a new timer: a new command). Unguarded, it
breaks every stored history (the replayer finds a timer the history never had); behind
``workflow.patched`` the old histories take the old branch and replay, while new cases take the
new one and record the patch's marker.
"""

from __future__ import annotations

import json
from pathlib import Path

from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from runtime.codec import data_converter
from tests.replay.make_histories import HISTORY_KEYS
from tests.replay.patched_cases import PatchedCase, UnguardedCase
from workers.worker import workflow_runner
from workflows.catalog import SIMULATOR_WORKFLOWS

HISTORIES = Path(__file__).resolve().parent.parent / "histories"
STORED = sorted(p for p in HISTORIES.glob("*.case*.json"))


async def _replay(workflow_class: type, path: Path) -> BaseException | None:
    history = WorkflowHistory.from_json(path.stem, path.read_text(encoding="utf-8"))
    replayer = Replayer(
        workflows=[workflow_class, *SIMULATOR_WORKFLOWS],
        data_converter=data_converter(HISTORY_KEYS),
        workflow_runner=workflow_runner(),
    )
    result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
    return result.replay_failure


def _started_fresh(path: Path) -> bool:
    """A first run (filed), not a run that continued as new."""
    first = json.loads(path.read_text(encoding="utf-8"))["events"][0]
    attributes = first["workflowExecutionStartedEventAttributes"]
    return "continuedExecutionRunId" not in attributes


async def test_a_patched_change_replays_the_stored_histories() -> None:
    assert STORED
    for path in STORED:
        failure = await _replay(PatchedCase, path)
        assert failure is None, f"{path.name}: {failure!r}"


async def test_the_same_change_unpatched_breaks_them() -> None:
    fresh = [path for path in STORED if _started_fresh(path)]
    assert fresh
    for path in fresh:
        failure = await _replay(UnguardedCase, path)
        assert failure is not None, f"{path.name} replayed an unguarded change"
        assert "nondeterminism" in repr(failure).lower() or "timer" in repr(failure).lower()
