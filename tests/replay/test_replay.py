"""Replay every stored history against today's workflow code (tests/histories/README.md).

A failure here means a change would break cases already running: put it behind
``workflow.patched`` rather than regenerating the history.
"""

import json
from pathlib import Path

import pytest
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from runtime.codec import data_converter
from tests.replay.make_histories import HISTORY_KEYS
from workers.worker import workflow_runner
from workflows.catalog import CASE_WORKFLOWS, SIMULATOR_WORKFLOWS

HISTORIES = Path(__file__).resolve().parent.parent / "histories"
FILES = sorted(HISTORIES.glob("*.json"))
MAX_BYTES = 300_000


def _workflow_type(path: Path) -> str:
    first = json.loads(path.read_text(encoding="utf-8"))["events"][0]
    return first["workflowExecutionStartedEventAttributes"]["workflowType"]["name"]


def test_stored_histories_cover_the_stories() -> None:
    stories = {path.name.split(".")[0] for path in FILES}
    assert {"manual_lifecycle", "dormant_resumed", "simulated", "continue_as_new"} <= stories
    assert "supervision" in stories  # 督办 and 涉执信访
    assert "compact_run" in stories  # issue 18: lanes, hand-over, a compact CaseRun
    types = {_workflow_type(path) for path in FILES}
    assert types == {"EnforcementCase", "CourtSystemSimulator"}
    assert sum(1 for path in FILES if path.name.startswith("continue_as_new.")) >= 2
    for path in FILES:
        assert path.stat().st_size < MAX_BYTES, path.name


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
async def test_history_replays(path: Path) -> None:
    history = WorkflowHistory.from_json(path.stem, path.read_text(encoding="utf-8"))
    replayer = Replayer(
        workflows=[*CASE_WORKFLOWS, *SIMULATOR_WORKFLOWS],
        data_converter=data_converter(HISTORY_KEYS),
        workflow_runner=workflow_runner(),
    )
    result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
    assert result.replay_failure is None, f"{path.name}: {result.replay_failure!r}"
