"""Tracing does not change what a case does on replay: every stored history replays with the
SDK's tracing interceptor on (runtime/telemetry.py turns it on with the OTEL_* variables), and
with spans actually recorded (an in-memory exporter), not a no-op tracer."""

from pathlib import Path

import pytest
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from temporalio.client import WorkflowHistory
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.worker import Replayer

from runtime.codec import data_converter
from tests.replay.make_histories import HISTORY_KEYS
from tests.replay.test_replay import FILES
from workers.worker import workflow_runner
from workflows.catalog import CASE_WORKFLOWS, SIMULATOR_WORKFLOWS


def test_every_history_is_checked() -> None:
    assert len(FILES) >= 10


@pytest.mark.parametrize("path", FILES, ids=[path.stem for path in FILES])
async def test_history_replays_traced(path: Path) -> None:
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(InMemorySpanExporter()))
    history = WorkflowHistory.from_json(path.stem, path.read_text(encoding="utf-8"))
    replayer = Replayer(
        workflows=[*CASE_WORKFLOWS, *SIMULATOR_WORKFLOWS],
        data_converter=data_converter(HISTORY_KEYS),
        workflow_runner=workflow_runner(),
        interceptors=[
            TracingInterceptor(
                provider.get_tracer("replay-test"), always_create_workflow_spans=True
            )
        ],
    )
    result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
    assert result.replay_failure is None, f"{path.name}: {result.replay_failure!r}"
