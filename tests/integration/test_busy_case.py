"""A busy case stays inside Temporal's limits (issue 18), on the dev server with its real limits
and its own continue-as-new suggestions: 5,000 催办 to one case, each answered before the next.

Before issue 18 the server refused the 2,000th update (its limit on updates per run), the case
never continued as new while its outbox had work, and its history passed 20,000 events and 24
MB. The latencies by 500-command slice are bench figures (bench/busy_case_bench.py), not
asserted here.
"""

from pathlib import Path

import asyncpg
from temporalio.testing import WorkflowEnvironment

from bench.busy_case import drive
from tests.store.conftest import recorded_settings
from tests.workflow.helpers import running_workers

COMMANDS = 5000
# What a run may grow to: well inside Temporal's 51,200 events and 50 MB, near what the server
# suggests (4 MB / 4,096 events) or the case's own limits (workflows/case_run.py RunLimits).
MAX_RUN_EVENTS = 12_000
MAX_RUN_KIB = 12 * 1024


async def test_five_thousand_commands_to_one_case_continue_as_new_and_lose_nothing(
    dev_server: WorkflowEnvironment, postgres_url: str, tmp_path: Path
) -> None:
    url, settings = await recorded_settings(postgres_url, tmp_path, "busy-case")
    pool = await asyncpg.create_pool(url, min_size=1, max_size=2)
    assert pool is not None
    try:
        async with running_workers(dev_server.client, settings):
            busy = await drive(dev_server.client, settings, pool, "(2026)京0105执5000号", COMMANDS)
    finally:
        await pool.close()
    assert busy.refused == []
    assert busy.answered_once()
    assert busy.recorded_urges == COMMANDS  # the record complete
    assert len(busy.runs) >= 3, busy.runs  # 5,000 updates: at least 2 continue-as-new
    for run in busy.runs:
        assert run.updates < 2000, run  # the server's limit per run
        assert run.events < MAX_RUN_EVENTS and run.kib < MAX_RUN_KIB, run
