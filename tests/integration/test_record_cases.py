"""The case record end to end on the real dev server and the embedded PostgreSQL: 50 cases
driven through their stages in parallel (manual adapters: every answer is a command); for each,
`case_events` holds exactly the workflow's `events` query result with contiguous seq, the
`case_summary` rows equal a rebuild and the ledger reconciles."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from temporalio.testing import WorkflowEnvironment

from store.db import shared_database
from tests.integration.record import (
    check_driven,
    drive,
    money_for,
    record_pool,
    wait_recorded,
)
from tests.store.conftest import recorded_settings
from tests.workflow.helpers import Case, file_cases, running_workers, terminate

pytestmark = pytest.mark.integration

CASES = 50


async def test_fifty_cases_in_parallel_are_recorded_exactly(
    dev_server: WorkflowEnvironment, postgres_url: str, tmp_path: Path
) -> None:
    url, settings = await recorded_settings(postgres_url, tmp_path, "record-fifty")
    cases: list[Case] = []
    try:
        async with record_pool(url) as pool, running_workers(dev_server.client, settings):
            cases = await file_cases(dev_server, settings, CASES)
            await asyncio.gather(*(drive(c, money_for(i)) for i, c in enumerate(cases)))
            expected = await wait_recorded(pool, cases)
            await check_driven(pool, expected)
    finally:
        await terminate(cases)
        await shared_database(settings).close()
