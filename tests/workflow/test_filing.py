"""A refused filing never burns its case number (issue 13, item 5): the rules judge the filing
before a workflow starts, and a filing the workflow itself refuses (its clock is another's) fails
the workflow, which leaves the number usable. A number that was filed stays taken."""

from __future__ import annotations

from datetime import timedelta

import pytest
from temporalio.client import WorkflowFailureError
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError, RPCStatusCode
from temporalio.testing import WorkflowEnvironment

from domain.calendar import local_date
from domain.errors import DomainError
from runtime.client import start_case
from runtime.contract import WORKFLOW_TYPE, case_workflow_id
from runtime.settings import Settings
from tests import samples
from tests.workflow.helpers import Case, filing
from web.labels import today as court_today


async def test_a_filing_dated_tomorrow_starts_nothing(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    tomorrow = court_today() + timedelta(days=1)
    case_filing = filing(tomorrow)
    with pytest.raises(DomainError) as refused:
        await start_case(manual_env.client, manual_settings, case_filing)
    assert refused.value.code == "filing.future_date"
    handle = manual_env.client.get_workflow_handle(case_workflow_id(case_filing.case_number))
    with pytest.raises(RPCError) as missing:
        await handle.describe()
    assert missing.value.status == RPCStatusCode.NOT_FOUND


async def test_a_filing_the_workflow_refuses_leaves_the_number_usable(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    server_today = local_date(await manual_env.get_current_time())
    refused = filing(server_today + timedelta(days=5))
    # the workflow's own clock refuses it (a client whose clock runs ahead would send this)
    handle = await manual_env.client.start_workflow(
        WORKFLOW_TYPE,
        refused,
        id=case_workflow_id(refused.case_number),
        task_queue=manual_settings.task_queue,
    )
    with pytest.raises(WorkflowFailureError):
        await handle.result()

    number = refused.case_number
    good = samples.file_case(number, min(court_today(), server_today), court_code="京0105")
    await start_case(manual_env.client, manual_settings, good)
    case = Case(manual_env, manual_env.client.get_workflow_handle(case_workflow_id(number)))
    snap = await case.act({"type": "issue_notice"})
    assert snap.case_number == number and snap.stage == "service"

    with pytest.raises(WorkflowAlreadyStartedError):  # a number that was filed stays taken
        await start_case(manual_env.client, manual_settings, good)
