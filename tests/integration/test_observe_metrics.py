"""Metrics and health (issue 16) on a real system: a `zhixing worker` process with its
Prometheus and health addresses, the web app, the dev server, and a PostgreSQL of the test's
own, which the test stops.

The story: two cases of 京0105 filed through the web API, one of them 40 days back (its
execution notice was due within 10 days of filing, `notice.issue`, so it is overdue at once);
the other takes one command (`issue_notice`) and is refused a second (the notice was already
issued). Then the worker's metrics show the SDK's own series and the commands by type and
refusal code, the web's show the cases by court and stage and the overdue one; /readyz of both
turns 503 while PostgreSQL is stopped and 200 again once it is back."""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from pathlib import Path

import asyncpg
import httpx
import pytest
from temporalio.testing import WorkflowEnvironment

from store.db import create_pool
from tests.integration.command import WorkerProcess, process_env
from tests.integration.record import own_record
from tests.integration.test_record_resilience import until
from tests.web.harness import PASSWORD, file_case, filing, login, recorded, served
from web.auth import upsert_user
from workers.devserver import free_port

pytestmark = pytest.mark.integration

DASHBOARD = Path(__file__).resolve().parents[2] / "deploy" / "grafana" / "zhixing-dashboard.json"


async def _status(url: str) -> int:
    try:
        async with httpx.AsyncClient(timeout=10) as http:
            return (await http.get(url)).status_code
    except httpx.TransportError:
        return 0


def _series(text: str, name: str) -> dict[str, float]:
    """The samples of metric `name` (its label sets as written, e.g. '{court="京0105"}')."""
    found = {}
    for line in text.splitlines():
        if line.startswith(name) and line[len(name)] in "{ ":
            labels, _, value = line[len(name) :].rpartition(" ")
            found[labels.strip()] = float(value)
    return found


async def test_metrics_and_health_of_the_worker_and_the_web(
    dev_server: WorkflowEnvironment, tmp_path: Path
) -> None:
    metrics_port, health_port = free_port(), free_port()
    async with own_record(tmp_path, "observe") as (server, settings):
        worker_env = process_env(
            settings,
            ZHIXING_TEMPORAL_ADDRESS=dev_server.client.service_client.config.target_host,
            ZHIXING_WORKER_METRICS_ADDRESS=f"127.0.0.1:{metrics_port}",
            ZHIXING_WORKER_HEALTH_ADDRESS=f"127.0.0.1:{health_port}",
        )
        worker = WorkerProcess(worker_env, tmp_path / "worker.log")
        pool = await create_pool(server.url, max_size=4)
        await upsert_user(pool, "t-officer-0105", "测试承办人", "officer", "京0105", PASSWORD)
        health = f"http://127.0.0.1:{health_port}"
        worker.start()
        try:
            await until(lambda: _ok(f"{health}/healthz"), 60, "the worker's /healthz")
            async with served(dev_server.client, settings, pool) as web:
                await _story_and_metrics(web, metrics_port)
                async with httpx.AsyncClient(timeout=20) as http:
                    worker_ready = await http.get(f"{health}/readyz")
                    web_ready = await http.get(f"{web.base_url}/readyz")
                # the worker's readiness says its Temporal workers poll; the web has none
                assert worker_ready.status_code == 200, worker_ready.text
                assert worker_ready.json()["checks"]["workers"] == "ok"
                assert web_ready.status_code == 200, web_ready.text
                assert "workers" not in web_ready.json()["checks"]
                assert await _status(f"{web.base_url}/healthz") == 200

                server.stop()  # PostgreSQL down: neither process is ready, both alive
                async with httpx.AsyncClient(timeout=20) as http:
                    assert (await http.get(f"{web.base_url}/metrics")).status_code == 503
                for base in (health, web.base_url):
                    async with httpx.AsyncClient(timeout=20) as http:
                        ready = await http.get(f"{base}/readyz")
                    assert ready.status_code == 503, ready.text
                    checks = ready.json()["checks"]
                    assert checks["temporal"] == "ok" and checks["postgresql"] != "ok", checks
                    assert await _status(f"{base}/healthz") == 200

                server.start()  # back: ready again (the pools reconnect)
                for base in (health, web.base_url):
                    await until(lambda b=base: _ok(f"{b}/readyz"), 60, f"{base}/readyz again")
        finally:
            worker.stop()
            await pool.close()


async def _ok(url: str) -> bool:
    return await _status(url) == 200


async def _story_and_metrics(web: object, metrics_port: int) -> None:
    from tests.web.harness import WebStack

    assert isinstance(web, WebStack)
    async with login(web, "t-officer-0105") as officer:
        late = await file_case(officer, filing("京0105", "t-officer-0105", days_ago=40))
        fresh = await file_case(officer, filing("京0105", "t-officer-0105"))
        number = fresh["case_number"]
        done = await officer.post(
            f"/api/cases/{number}/commands", json={"command": {"type": "issue_notice"}}
        )
        assert done.status_code == 200, done.text
        again = await officer.post(
            f"/api/cases/{number}/commands", json={"command": {"type": "issue_notice"}}
        )
        assert again.status_code == 409, again.text
        refusal = again.json()["code"]
    await recorded(web.pool, late["case_number"], late["last_seq"])
    await recorded(web.pool, number, done.json()["last_seq"])

    async with httpx.AsyncClient(timeout=20) as http:
        worker_text = (await http.get(f"http://127.0.0.1:{metrics_port}/metrics")).text
        web_metrics = await http.get(f"{web.base_url}/metrics")
    assert web_metrics.status_code == 200
    web_text = web_metrics.text

    # the worker: the SDK's own series (task latencies, sticky cache, polls) ...
    for name in (
        "temporal_workflow_task_execution_latency_bucket",
        "temporal_activity_execution_latency_bucket",
        "temporal_sticky_cache_size",
        "temporal_num_pollers",
    ):
        assert _series(worker_text, name), f"{name} missing from the worker's metrics"
    # ... and the commands its cases decided, by type and by refusal code
    accepted = _series(worker_text, "zhixing_commands_accepted")
    assert any('command="issue_notice"' in k and v >= 1 for k, v in accepted.items()), accepted
    rejected = _series(worker_text, "zhixing_commands_rejected")
    assert any(
        f'code="{refusal}"' in k and 'command="issue_notice"' in k and v >= 1
        for k, v in rejected.items()
    ), rejected

    # the web: the record's figures (this PostgreSQL holds these two cases only)
    cases = _series(web_text, "zhixing_cases")
    assert sum(v for k, v in cases.items() if 'court="京0105"' in k) == 2, cases
    assert _series(web_text, "zhixing_overdue_cases") == {'{court="京0105"}': 1.0}
    assert _series(web_text, "zhixing_record_events_recent")[""] >= late["last_seq"]
    assert _series(web_text, "zhixing_record_lag_max_seconds")[""] >= 0
    assert "process_cpu_seconds_total" in web_text

    # every series the Grafana dashboard draws is one of these processes' (declared, at least)
    dashboard = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    exprs = [t["expr"] for p in dashboard["panels"] for t in p.get("targets", [])]
    names = set(re.findall(r"\b((?:zhixing|temporal)_[a-z_]+)\b", " ".join(exprs)))
    assert len(names) >= 15
    for name in sorted(names):
        base = name.removesuffix("_bucket")
        assert any(f"# TYPE {base} " in text for text in (worker_text, web_text)), name


async def test_readyz_names_pending_migrations_and_an_unreachable_temporal(
    dev_server: WorkflowEnvironment, postgres_url: str
) -> None:
    """The worker's health app (web/health.py) on an empty database and on a Temporal address
    where nothing listens."""
    from temporalio.client import Client

    from tests.store.conftest import database_url
    from web.health import health_app

    admin = await asyncpg.connect(postgres_url)
    name = f"t_empty_{uuid.uuid4().hex[:8]}"
    await admin.execute(f'CREATE DATABASE "{name}"')
    await admin.close()
    pool = await create_pool(database_url(postgres_url, name), max_size=2)
    nowhere = await Client.connect(f"127.0.0.1:{free_port()}", lazy=True)

    async def source() -> asyncpg.Pool:
        return pool

    try:
        for client, failing in ((dev_server.client, "postgresql"), (nowhere, "temporal")):
            app = health_app(client, source)
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=transport, base_url="http://w") as http:
                ready = await http.get("/readyz")
                assert (await http.get("/healthz")).status_code == 200
            assert ready.status_code == 503
            checks = ready.json()["checks"]
            assert checks["postgresql"].startswith("pending migrations: 0001_event_store")
            if failing == "temporal":
                assert checks["temporal"].startswith("unreachable"), checks
            else:
                assert checks["temporal"] == "ok"
    finally:
        await pool.close()


async def test_a_worker_is_ready_only_while_its_workers_poll(
    dev_server: WorkflowEnvironment, postgres_url: str, tmp_path: Path
) -> None:
    """The worker's /readyz with Temporal and a migrated record that both answer: 503
    ("starting") before its Temporal workers run, 200 while they poll, 503 ("stopping") once
    they are told to stop: a process that has not taken or no longer takes tasks is not
    ready, whatever its servers say."""
    from tests.store.conftest import fresh_database, record_settings
    from web.health import health_app
    from workers.worker import Polling, build_workers, run_workers

    pool = await create_pool(await fresh_database(postgres_url), max_size=2)

    async def source() -> asyncpg.Pool:
        return pool

    polling = Polling()
    transport = httpx.ASGITransport(app=health_app(dev_server.client, source, workers=polling))

    async def readyz() -> httpx.Response:
        async with httpx.AsyncClient(transport=transport, base_url="http://w") as http:
            return await http.get("/readyz")

    stop = asyncio.Event()
    settings = record_settings("unused", tmp_path, f"ready-{uuid.uuid4().hex[:8]}")
    try:
        before = await readyz()
        assert before.status_code == 503
        assert before.json()["checks"] == {
            "temporal": "ok",
            "postgresql": "ok",
            "workers": "starting",
        }
        running = asyncio.create_task(
            run_workers(build_workers(dev_server.client, settings), stop, polling)
        )

        async def ready() -> bool:
            return (await readyz()).status_code == 200

        await until(ready, 30, "the workers polling")
        stop.set()
        await running
        after = await readyz()
        assert after.status_code == 503 and after.json()["checks"]["workers"] == "stopping"
    finally:
        stop.set()
        await pool.close()
