"""`/metrics` of the web process (Prometheus text format): the engine's figures, read from the
case record's projections at each scrape (store/figures.py), and the process's own (CPU,
memory, garbage collection: prometheus_client's defaults).

Which process shows what (docs in README, "Metrics, health and traces"):
- the web process: what the record holds about every case (`zhixing_cases`,
  `zhixing_overdue_cases`, `zhixing_escalated_cases`, `zhixing_payouts`, `zhixing_record_lag_*`,
  `zhixing_notices_pending`): one scrape target sees all of it, however many workers run;
- each worker: the Temporal SDK's own metrics (task latencies, sticky cache, polls) and the
  commands its cases accepted and refused by code (`zhixing_commands_*`, counted by the
  workflow as it decides), on `ZHIXING_WORKER_METRICS_ADDRESS` (runtime/telemetry.py).

The endpoint needs no login: serve it on an internal network only (a proxy keeps it from the
outside), as every other Prometheus target.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import asyncpg
from fastapi import APIRouter
from fastapi.responses import Response
from prometheus_client import REGISTRY, CollectorRegistry, Gauge, generate_latest
from prometheus_client.exposition import CONTENT_TYPE_LATEST

from store.figures import EngineFigures, engine_figures
from web.deps import PoolDep

router = APIRouter(include_in_schema=False)
SCRAPE_TIMEOUT = 10.0  # seconds (Prometheus's default scrape timeout)


def engine_registry(f: EngineFigures) -> CollectorRegistry:
    """The figures as gauges of a registry of their own (built afresh at each scrape)."""
    registry = CollectorRegistry()

    def gauge(name: str, doc: str, labels: tuple[str, ...] = ()) -> Gauge:
        return Gauge(name, doc, labels, registry=registry)

    cases = gauge("zhixing_cases", "Cases in the record", ("court", "stage", "status"))
    for court, stage, status, n in f.cases:
        cases.labels(court, stage, status).set(n)
    overdue = gauge("zhixing_overdue_cases", "Open cases past their next deadline", ("court",))
    for court, n in f.overdue:
        overdue.labels(court).set(n)
    escalated = gauge(
        "zhixing_escalated_cases", "Cases escalated, by level (1-3)", ("court", "level")
    )
    for court, level, n in f.escalated:
        escalated.labels(court, str(level)).set(n)
    payouts = gauge("zhixing_payouts", "Payout lines of distribution plans", ("state",))
    payout_fen = gauge("zhixing_payouts_fen", "Amount of the payout lines (fen)", ("state",))
    for state, lines, fen in f.payouts:
        payouts.labels(state).set(lines)
        payout_fen.labels(state).set(fen)
    gauge("zhixing_record_events_recent", "Events recorded in the last 5 minutes").set(
        f.recorded_recently
    )
    gauge(
        "zhixing_record_lag_max_seconds",
        "Longest decision-to-record delay of the events recorded in the last 5 minutes",
    ).set(f.record_lag_max_seconds)
    gauge(
        "zhixing_record_lag_avg_seconds",
        "Mean decision-to-record delay of the events recorded in the last 5 minutes",
    ).set(f.record_lag_avg_seconds)
    gauge("zhixing_notices_pending", "Notices not yet delivered (outbox)").set(f.notices_pending)
    gauge("zhixing_notice_oldest_pending_seconds", "Age of the oldest undelivered notice").set(
        f.oldest_notice_pending_seconds
    )
    return registry


@router.get("/metrics")
async def metrics(pool: PoolDep) -> Response:
    """503 while the case record cannot be read (the scrape fails: Prometheus's `up` says so)."""
    try:
        figures = await asyncio.wait_for(engine_figures(pool, datetime.now(UTC)), SCRAPE_TIMEOUT)
    except (TimeoutError, OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as exc:
        text = f"the case record (PostgreSQL) cannot be read: {type(exc).__name__}\n"
        return Response(text, status_code=503, media_type="text/plain")
    body = generate_latest(REGISTRY) + generate_latest(engine_registry(figures))
    return Response(body, media_type=CONTENT_TYPE_LATEST)
