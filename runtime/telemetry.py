"""Telemetry of the processes: the Temporal SDK runtime's Prometheus metrics (a worker's) and
OpenTelemetry traces through the SDK's tracing interceptor (every process's client).

Metrics: with `ZHIXING_WORKER_METRICS_ADDRESS` (host:port) the worker's Temporal runtime serves
Prometheus text at `http://host:port/metrics`: the SDK's own series (`temporal_*`: workflow and
activity task latencies, sticky cache hits and size, polls) and the commands the worker's cases
decided (`zhixing_commands_accepted`, `zhixing_commands_rejected` by `code`: workflows/
enforcement_case.py counts them through the workflow's metric meter, which records nothing
while a history replays). Unset: no metrics server.

Traces, off by default, configured by OpenTelemetry's standard variables: tracing is on when
`OTEL_TRACES_EXPORTER` names an exporter (`otlp`, `console`) or an OTLP endpoint is set
(`OTEL_EXPORTER_OTLP_ENDPOINT`, `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`; the exporter is then
`otlp`, over HTTP/protobuf), unless `OTEL_SDK_DISABLED=true` or `OTEL_TRACES_EXPORTER=none`.
`OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES` name the process (the SDK reads them). The
client's `TracingInterceptor` then spans every call to a case (start, update, query, signal),
carries the trace in the calls' headers to the workflow, its update handler and the activities
it starts; the web app adds a span per request around them (web/tracing.py).
"""

from __future__ import annotations

import os
from collections.abc import Mapping

from temporalio.client import Interceptor
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig

from runtime.logging import core_logging

_runtimes: dict[str, Runtime] = {}
_tracing: bool | None = None

COMMANDS_ACCEPTED = "zhixing_commands_accepted"
COMMANDS_REJECTED = "zhixing_commands_rejected"


def worker_telemetry(bind_address: str) -> TelemetryConfig:
    """Prometheus metrics on `bind_address`; Core's logs forwarded to the JSON log, as without
    metrics (a runtime's default logging prints them to stdout in Core's own format)."""
    return TelemetryConfig(metrics=PrometheusConfig(bind_address), logging=core_logging())


def metrics_runtime(bind_address: str | None) -> Runtime | None:
    """The Temporal runtime serving Prometheus metrics on `bind_address` (one per address and
    process: the port is bound once), None without an address."""
    if not bind_address:
        return None
    runtime = _runtimes.get(bind_address)
    if runtime is None:
        runtime = Runtime(telemetry=worker_telemetry(bind_address))
        _runtimes[bind_address] = runtime
    return runtime


def trace_exporter_name(environ: Mapping[str, str] | None = None) -> str | None:
    """The span exporter the `OTEL_*` variables ask for; None: tracing off."""
    env = os.environ if environ is None else environ
    if env.get("OTEL_SDK_DISABLED", "").strip().lower() == "true":
        return None
    named = env.get("OTEL_TRACES_EXPORTER", "").strip().lower()
    if named:
        return None if named == "none" else named.split(",")[0].strip()
    if env.get("OTEL_EXPORTER_OTLP_ENDPOINT") or env.get("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT"):
        return "otlp"
    return None


def tracing_enabled() -> bool:
    """Whether this process traces (the global tracer provider is set up on first call)."""
    global _tracing
    if _tracing is None:
        name = trace_exporter_name()
        if name is not None:
            _install_tracer_provider(name)
        _tracing = name is not None
    return _tracing


def _install_tracer_provider(exporter_name: str) -> None:
    from opentelemetry import trace
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import (
        BatchSpanProcessor,
        ConsoleSpanExporter,
        SpanExporter,
    )

    exporter: SpanExporter
    if exporter_name == "console":
        exporter = ConsoleSpanExporter()
    elif exporter_name == "otlp":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        exporter = OTLPSpanExporter()  # endpoint, headers, timeout: the OTEL_EXPORTER_OTLP_*
    else:
        raise ValueError(
            f"OTEL_TRACES_EXPORTER={exporter_name}: zhixing knows otlp, console and none"
        )
    provider = TracerProvider(resource=Resource.create())  # OTEL_SERVICE_NAME, ..._ATTRIBUTES
    provider.add_span_processor(BatchSpanProcessor(exporter))
    trace.set_tracer_provider(provider)


def client_interceptors() -> list[Interceptor]:
    """The Temporal client's interceptors: the tracing one when tracing is on. A client
    interceptor that is also a worker interceptor (this one is) applies to the workers built on
    the client too."""
    if not tracing_enabled():
        return []
    from temporalio.contrib.opentelemetry import TracingInterceptor

    return [TracingInterceptor()]
