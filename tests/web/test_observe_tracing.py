"""Traces (issue 16): with the SDK's tracing interceptor on the Temporal client (what
runtime/telemetry.py installs when the OTEL_* variables turn tracing on) and the web's request
spans, one command sent through the web API is one trace: the request's span, the client's
update span under it, the workflow's validator and handler spans under that; the filing's trace
reaches the activities the case started. Spans are kept by an in-memory exporter.

A history recorded with tracing on replays with it and without it (turning tracing on or off
changes no case)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path

import pytest
from opentelemetry.sdk.trace import ReadableSpan, TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from temporalio.client import Client
from temporalio.contrib.opentelemetry import TracingInterceptor
from temporalio.worker import Replayer

from runtime.contract import case_workflow_id
from runtime.telemetry import trace_exporter_name
from tests.web.harness import WebStack, _free_port, act, file_case, filing, login, web_settings
from tests.workflow.helpers import running_workers
from web.app import create_app
from web.server import embedded_server, start, stop
from web.tracing import TraceRequests
from workers.worker import workflow_runner
from workflows.catalog import CASE_WORKFLOWS

pytestmark = pytest.mark.integration


def _one(spans: Sequence[ReadableSpan], name: str, **attributes: str) -> ReadableSpan:
    found = [
        s
        for s in spans
        if s.name == name and all((s.attributes or {}).get(k) == v for k, v in attributes.items())
    ]
    assert len(found) == 1, (name, attributes, sorted({s.name for s in spans}))
    return found[0]


def _parent(span: ReadableSpan) -> int | None:
    return span.parent.span_id if span.parent is not None else None


def test_tracing_is_off_unless_the_otel_variables_say_so() -> None:
    assert trace_exporter_name({}) is None
    assert trace_exporter_name({"OTEL_TRACES_EXPORTER": "none"}) is None
    assert trace_exporter_name({"OTEL_EXPORTER_OTLP_ENDPOINT": "http://collector:4318"}) == "otlp"
    assert trace_exporter_name({"OTEL_TRACES_EXPORTER": "console"}) == "console"
    assert (
        trace_exporter_name({"OTEL_TRACES_EXPORTER": "otlp", "OTEL_SDK_DISABLED": "true"}) is None
    )


async def test_one_command_through_the_web_is_one_trace(stack: WebStack, tmp_path: Path) -> None:
    exporter = InMemorySpanExporter()
    provider = TracerProvider()
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracing = TracingInterceptor(provider.get_tracer("zhixing-test"))
    config = stack.client.config()
    config["interceptors"] = [tracing]
    client = Client(**config)  # the same connection, traced
    settings = web_settings(tmp_path, "traced")

    app = create_app(settings, client=client, pool=stack.pool)
    app.add_middleware(TraceRequests, provider=provider)
    port = _free_port()
    server = embedded_server(app, "127.0.0.1", port)
    task = await start(server)
    traced = WebStack(f"http://127.0.0.1:{port}", stack.pool, client, settings)
    try:
        async with running_workers(client, settings), login(traced, "t-officer-0105") as officer:
            number = (await file_case(officer, filing("京0105", "t-officer-0105")))["case_number"]
            await act(officer, number, {"type": "issue_notice"})
            for _ in range(200):  # the activities the notice asks for (its record, serving it)
                names = {s.name for s in exporter.get_finished_spans()}
                if {"RunActivity:append_case_events", "RunActivity:carry_out"} <= names:
                    break
                await asyncio.sleep(0.1)
            history = await client.get_workflow_handle(case_workflow_id(number)).fetch_history()
    finally:
        await stop(server, task)
    spans = exporter.get_finished_spans()

    command_path = f"/api/cases/{number}/commands"
    request = _one(spans, "HTTP POST", **{"url.path": command_path})
    update = _one(spans, "StartWorkflowUpdate:execute")
    assert _parent(update) == request.context.span_id
    # the workflow's handlers run in the case's own trace (the filing's, below) and link to
    # the update that asked: the SDK's way, as a case outlives every request to it
    filed = _one(spans, "HTTP POST", **{"url.path": "/api/cases"})
    started = _one(spans, "StartWorkflow:EnforcementCase")
    assert _parent(started) == filed.context.span_id
    handled = [s for s in spans if s.name in ("ValidateUpdate:execute", "HandleUpdate:execute")]
    assert {s.name for s in handled} == {"ValidateUpdate:execute", "HandleUpdate:execute"}
    for span in handled:
        assert [link.context.span_id for link in span.links] == [update.context.span_id]
        assert span.context.trace_id == filed.context.trace_id
        assert _parent(span) == started.context.span_id

    # the activities of the case (its record, the notice the command asked for): each run
    # under the span that scheduled it, in the case's trace
    by_id = {s.context.span_id: s for s in spans}
    ran = {s.name: s for s in spans if s.name.startswith("RunActivity:")}
    assert {"RunActivity:append_case_events", "RunActivity:carry_out"} <= set(ran), sorted(ran)
    for span in ran.values():
        scheduled = by_id[_parent(span) or 0]
        assert scheduled.name == span.name.replace("Run", "Start", 1)
        assert _parent(scheduled) == started.context.span_id
        assert span.context.trace_id == filed.context.trace_id

    # the traced history replays with tracing and without it
    for interceptors in ([TracingInterceptor(provider.get_tracer("replay"))], []):
        replayer = Replayer(
            workflows=list(CASE_WORKFLOWS),
            data_converter=client.data_converter,
            workflow_runner=workflow_runner(),
            interceptors=interceptors,
        )
        result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
        assert result.replay_failure is None, repr(result.replay_failure)
