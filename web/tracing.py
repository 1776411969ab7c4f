"""A span per web request when tracing is on (runtime/telemetry.py): the parent of the spans the
Temporal client's tracing interceptor opens for the calls the request makes (an update to a
case, a query), which carry the trace on to the workflow and its activities."""

from __future__ import annotations

from typing import Any

from opentelemetry import trace
from starlette.types import ASGIApp, Receive, Scope, Send


class TraceRequests:
    """ASGI middleware: `HTTP <method>` spans, the path and the response's status as
    attributes (the span's name leaves out the path: case numbers are not span names)."""

    def __init__(self, app: ASGIApp, provider: trace.TracerProvider | None = None) -> None:
        self.app = app
        self.tracer = trace.get_tracer("zhixing.web", tracer_provider=provider)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        name = f"HTTP {scope['method']}"
        attributes = {"http.request.method": scope["method"], "url.path": scope["path"]}
        with self.tracer.start_as_current_span(
            name, kind=trace.SpanKind.SERVER, attributes=attributes
        ) as span:

            async def sending(message: Any) -> None:
                if message["type"] == "http.response.start":
                    span.set_attribute("http.response.status_code", message["status"])
                await send(message)

            await self.app(scope, receive, sending)
