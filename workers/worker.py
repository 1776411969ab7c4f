"""The worker process: the case workflows and activities, and the simulators on their own queue.

`zhixing worker` runs `run_worker(settings)`; `zhixing dev` runs the same workers in-process next
to the dev server; tests build theirs with `build_workers` / `workflow_runner()` so the sandbox
configuration is the one production uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import AsyncIterator, Sequence
from datetime import timedelta
from typing import TYPE_CHECKING, Any

from temporalio import activity
from temporalio.client import Client
from temporalio.worker import (
    ActivityInboundInterceptor,
    ExecuteActivityInput,
    Interceptor,
    Worker,
)
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from runtime.logging import case_context, get_logger
from runtime.settings import Settings

if TYPE_CHECKING:
    from store.db import Database

log = get_logger("zhixing.worker")

# Imported outside the sandbox and shared with it: deterministic code that is expensive to
# re-import per workflow run (pydantic models, the holiday table) or that must keep its identity
# (domain model classes seen by the data converter).
PASSTHROUGH_MODULES = (
    "domain",
    "activities.contracts",
    "activities.simulation",
    "runtime.contract",
    "runtime.search_attributes",
    "workflows.case_run",
    "workflows.case_metrics",
    "workflows.outbox",
    "workflows.recorder",
    "pydantic",
    "pydantic_core",
    "chinese_calendar",
    "structlog",
    "opentelemetry",  # the tracing interceptor's workflow side (runtime/telemetry.py)
)

GRACEFUL_SHUTDOWN = timedelta(seconds=10)


class _BindCase(ActivityInboundInterceptor):
    async def execute_activity(self, input: ExecuteActivityInput) -> Any:
        info = activity.info()
        number = info.workflow_id.removeprefix("case/") if info.workflow_id else None
        key = getattr(input.args[0], "request_key", None) if input.args else None
        with case_context(case_number=number, request_id=key or info.activity_id):
            return await self.next.execute_activity(input)


class CaseLogContext(Interceptor):
    """Every log line of an activity carries its case number and request key."""

    def intercept_activity(self, next: ActivityInboundInterceptor) -> ActivityInboundInterceptor:
        return _BindCase(next)


def workflow_runner() -> SandboxedWorkflowRunner:
    return SandboxedWorkflowRunner(
        restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH_MODULES)
    )


def build_workers(client: Client, settings: Settings) -> list[Worker]:
    """One worker for the cases (`settings.task_queue`), one for the simulators."""
    from workers.wiring import case_activities, simulator_activities
    from workflows.catalog import CASE_WORKFLOWS, SIMULATOR_WORKFLOWS

    return [
        Worker(
            client,
            task_queue=settings.task_queue,
            workflows=list(CASE_WORKFLOWS),
            activities=case_activities(settings),
            workflow_runner=workflow_runner(),
            max_cached_workflows=settings.cached_cases,
            graceful_shutdown_timeout=GRACEFUL_SHUTDOWN,
            interceptors=[CaseLogContext()],
        ),
        Worker(
            client,
            task_queue=settings.simulator_task_queue,
            workflows=list(SIMULATOR_WORKFLOWS),
            activities=simulator_activities(settings),
            workflow_runner=workflow_runner(),
            graceful_shutdown_timeout=GRACEFUL_SHUTDOWN,
        ),
    ]


def stop_on_signals(
    stop: asyncio.Event,
    signals: Sequence[signal.Signals] = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP),
) -> None:
    """Set `stop` on the first of `signals` (SIGHUP: the terminal went away)."""
    loop = asyncio.get_running_loop()

    def handler(sig: signal.Signals) -> None:
        if stop.is_set():
            log.warning("already stopping", signal=sig.name)
        else:
            log.info("stopping", signal=sig.name)
        stop.set()

    for sig in signals:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, handler, sig)


class Polling:
    """What the process's Temporal workers are doing, for the worker's /readyz: "ok" while they
    poll their task queues, "starting" before, "stopping" after (a worker process whose
    Temporal and PostgreSQL answer is not ready until its workers take tasks)."""

    def __init__(self) -> None:
        self.state = "starting"

    def __call__(self) -> str:
        return self.state


async def run_workers(
    workers: Sequence[Worker], stop: asyncio.Event, polling: Polling | None = None
) -> None:
    """Run `workers` until `stop` is set, then shut them all down (in-flight activities get
    `GRACEFUL_SHUTDOWN` to finish). A worker that fails fatally cancels the wait and its error
    is raised from here (that is how `Worker.__aenter__/__aexit__` behave). `polling` follows
    them."""
    polling = polling or Polling()
    async with contextlib.AsyncExitStack() as stack:
        for worker in workers:
            await stack.enter_async_context(worker)
        log.info("workers running", task_queues=[w.task_queue for w in workers])
        polling.state = "ok"
        try:
            await stop.wait()
        finally:
            polling.state = "stopping"
        log.info("shutting down workers")
    log.info("workers stopped")


async def run_worker(
    settings: Settings, client: Client | None = None, polling: Polling | None = None
) -> None:
    """`zhixing worker`: connect, run until SIGINT/SIGTERM, shut down gracefully."""
    from runtime.client import connect

    if client is None:
        client = await connect(settings)
    stop = asyncio.Event()
    stop_on_signals(stop)
    log.info(
        "worker starting",
        address=settings.temporal_address,
        namespace=settings.temporal_namespace,
        task_queue=settings.task_queue,
        simulator_task_queue=settings.simulator_task_queue,
        adapters=settings.adapters,
    )
    await run_workers(build_workers(client, settings), stop, polling)


async def serve(settings: Settings, client: Client) -> None:
    """`zhixing worker`: checked first (workers/preflight.py: `NotReady` when the namespace, the
    search attributes or the case record's schema are not there), then the case record opened
    (the pool; the embedded server when no ZHIXING_DATABASE_URL) and the notification
    dispatcher beside the workers, until a signal."""
    from store.db import shared_database
    from store.outbox import NotificationOutbox, dispatch_forever
    from workers.preflight import check_ready
    from workers.wiring import notification_log

    database = shared_database(settings)
    try:
        await check_ready(client, database)
        # Notices left in the outbox (a crash, the gateway down) are delivered from here.
        outbox = NotificationOutbox(database)
        dispatcher = asyncio.create_task(dispatch_forever(outbox, notification_log(settings)))
        polling = Polling()
        try:
            async with health_server(settings, client, database, polling):
                await run_worker(settings, client, polling)
        finally:
            dispatcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await dispatcher
    finally:
        await database.close()


@contextlib.asynccontextmanager
async def health_server(
    settings: Settings, client: Client, database: Database, polling: Polling
) -> AsyncIterator[None]:
    """/healthz and /readyz of the worker on `ZHIXING_WORKER_HEALTH_ADDRESS` (host:port), for
    the orchestrator's probes (web/health.py; /readyz also says what `polling` says); nothing
    when it is unset."""
    if not settings.worker_health_address:
        yield
        return
    from web.health import health_app
    from web.server import embedded_server, start, stop

    host, _, port = settings.worker_health_address.rpartition(":")
    app = health_app(client, lambda: database.pool(migrating=False), workers=polling)
    server = embedded_server(app, host or "0.0.0.0", int(port))
    task = await start(server)
    log.info("health endpoints", address=settings.worker_health_address)
    try:
        yield
    finally:
        await stop(server, task)
