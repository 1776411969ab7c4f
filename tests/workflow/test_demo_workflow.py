"""The demo `make dev` files (workers/demo.py), through the workflow this time: every command of
every case, the generated ones included (workers/demo_generated.py), is accepted. The generated
cases refer to ids the case numbered (a search's, its findings'), which holds only if the
workflow's events come in the order the demo was made in: the clock's first, then each command.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

from temporalio.service import RPCError
from temporalio.testing import WorkflowEnvironment

from domain.calendar import local_date
from runtime.client import case_handle, held_events
from runtime.settings import Settings
from store.courts import bundled_registry
from tests.workflow.helpers import running_workers
from workers.demo import demo_cases, file_demo_cases


async def test_every_demo_command_is_accepted_by_the_workflow(
    manual_env: WorkflowEnvironment, tmp_path: Path
) -> None:
    # Workers of its own (`manual_env` registered the search attributes): the demo's officer
    # tasks (entrustment letters among them) stay out of the other stories' task file.
    settings = Settings(
        data_dir=tmp_path,
        adapters="manual",
        task_queue="enforcement-demo",
        simulator_task_queue="sim-demo",
    )
    now = await manual_env.get_current_time()  # other tests may have skipped months ahead
    today = local_date(now)
    numbers: list[str] = []
    async with running_workers(manual_env.client, settings):
        try:
            numbers = await file_demo_cases(manual_env.client, settings, bundled_registry(), now)
            cases = demo_cases(today)
            assert len(numbers) == len(cases) > 30
            for number, (_, commands) in zip(numbers, cases, strict=True):
                events = await held_events(manual_env.client, number)
                accepted = {e.request_id for e in events if e.request_id}
                expected = {f"demo:{number}:{i}" for i in range(1, len(commands) + 1)}
                assert expected <= accepted, f"{number}: refused {sorted(expected - accepted)}"
        finally:
            # No worker polls their queue once this test ends: their timers would hold the
            # shared server's clock for the tests that follow.
            for number in numbers:
                with contextlib.suppress(RPCError):
                    await case_handle(manual_env.client, number).terminate("test over")
