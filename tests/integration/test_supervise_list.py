"""`zhixing supervise list` on the real dev server: the court subtree from Temporal visibility.

Forty cases across 京0108 and 京0114 (海淀 and 昌平, both under 京01), 京0105 (朝阳: its code
starts with 京01, but it is under 京03) and 京0106 (丰台, under 京02), as the court registry has
them (store/data/courts.csv); some are filed 40 days back so their deadlines are long overdue at
once (escalated, and supervised by the higher court from level 3). The intermediate court 京01
must see exactly its overdue ones.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from domain.calendar import local_date
from domain.commands import Actor
from runtime.client import list_cases
from runtime.contract import case_workflow_id
from runtime.settings import Settings
from store.courts import bundled_registry
from tests.workflow.helpers import filing, running_workers
from workflows.enforcement_case import EnforcementCase

pytestmark = pytest.mark.integration

COURTS = ("京0108", "京0114", "京0105", "京0106")
OVERDUE_EVERY = 3  # every third case of each court is filed 40 days back


async def _zhixing(target: str, namespace: str, *args: str) -> tuple[int, str, str]:
    env = {
        **os.environ,
        "ZHIXING_TEMPORAL_ADDRESS": target,
        "ZHIXING_TEMPORAL_NAMESPACE": namespace,
    }
    process = await asyncio.create_subprocess_exec(
        str(Path(sys.executable).parent / "zhixing"),
        *args,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    out, err = await process.communicate()
    assert process.returncode is not None
    return process.returncode, out.decode(), err.decode()


async def test_supervise_list_shows_exactly_the_overdue_cases_of_the_subtree(
    dev_server: WorkflowEnvironment, tmp_path: Path
) -> None:
    client = dev_server.client
    settings = Settings(
        data_dir=tmp_path,
        adapters="manual",
        task_queue="supervise-list",
        simulator_task_queue="supervise-list-sim",
    )
    today = local_date(await dev_server.get_current_time())
    run = uuid.uuid4().int % 90_000 + 10_000
    overdue: dict[str, set[str]] = {court: set() for court in COURTS}
    async with running_workers(client, settings):
        handles = []
        for i in range(40):
            court = COURTS[i % 4]
            late = (i // 4) % OVERDUE_EVERY == 0
            filed_on = today - timedelta(days=40) if late else today
            number = f"({filed_on.year}){court}执{run * 100 + i}号"
            case = filing(
                filed_on,
                case_number=number,
                court_code=court,
                basis={"kind": "judgment", "document_no": f"(2025){court}民初{i}号"},
            )
            handles.append(
                await client.start_workflow(
                    EnforcementCase.run,
                    case,
                    id=case_workflow_id(number),
                    task_queue=settings.task_queue,
                )
            )
            if late:
                overdue[court].add(case_workflow_id(number))
        expected = overdue["京0108"] | overdue["京0114"]
        assert len(expected) == 8 and len(overdue["京0105"]) == len(overdue["京0106"]) == 4

        supervisor = Actor(user_id="u-sup-01", role="supervisor", court_code="京01")
        courts = bundled_registry()
        listed: set[str] = set()
        for _ in range(150):  # visibility is eventually consistent
            found = await list_cases(client, supervisor, courts, "京01")
            listed = {c.workflow_id for c in found if str(run) in c.workflow_id}
            if listed == expected:
                break
            await asyncio.sleep(0.2)
        assert listed == expected

        target = client.service_client.config.target_host
        status, out, err = await _zhixing(
            target, client.namespace, "supervise", "list", "--court", "京01", "--json"
        )
        assert status == 0, err
        rows = [r for r in json.loads(out) if str(run) in r["workflow_id"]]
        assert {r["workflow_id"] for r in rows} == expected
        assert all(r["court_code"] in ("京0108", "京0114") for r in rows)
        assert all(r["escalation_level"] >= 1 and r["supervised"] for r in rows)

        # a raw query is ANDed inside the subtree: 朝阳's cases never come through
        status, out, err = await _zhixing(
            target,
            client.namespace,
            "supervise",
            "list",
            "--court",
            "京01",
            "--query",
            "ZhixingCourtCode = '京0105'",
            "--json",
        )
        assert status == 0, err
        assert json.loads(out) == []
        # the other intermediate courts' supervisors see their own overdue cases only
        for court, below in (("京02", "京0106"), ("京03", "京0105")):
            status, out, _ = await _zhixing(
                target, client.namespace, "supervise", "list", "--court", court, "--json"
            )
            listed = {r["workflow_id"] for r in json.loads(out) if str(run) in r["workflow_id"]}
            assert listed == overdue[below]
        # a basic court's officer may not list the intermediate court; a broken query is refused
        status, _, err = await _zhixing(
            target, client.namespace, "supervise", "list", "--court", "京01", "--role", "officer",
            "--as-court", "京0105",
        )  # fmt: skip
        assert status == 1 and "auth.forbidden" in err
        status, _, err = await _zhixing(
            target, client.namespace, "supervise", "list", "--court", "京01",
            "--query", "ZhixingStage = 'x') OR (WorkflowType = 'EnforcementCase'",
        )  # fmt: skip
        assert status == 2 and "query.malformed" in err
        for handle in handles:
            await handle.terminate("test over")
