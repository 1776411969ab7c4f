"""A request id names one request (issue 13, item 7): sent again with the same command it is
answered once; sent with another command it is refused (``request.reused``), so a caller never
believes a second command succeeded when only the first one ran."""

from __future__ import annotations

import pytest
from temporalio.client import WorkflowUpdateFailedError
from temporalio.testing import WorkflowEnvironment

from domain.commands import Envelope
from runtime.client import execute, refusal
from runtime.settings import Settings
from tests.workflow.helpers import OFFICER, Case, case_events, repeats


def _envelope(request_id: str, command: dict[str, object]) -> Envelope:
    return Envelope.model_validate({"request_id": request_id, "actor": OFFICER, "command": command})


async def test_a_request_id_reused_for_another_command_is_refused(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    case = await Case.file(manual_env, manual_settings)
    number = (await case.snapshot()).case_number
    client = manual_env.client
    lead = {"type": "register_property_lead", "lead_id": "L-1", "description": "某处房产"}

    first = await execute(client, number, _envelope("req-1", lead))
    assert not first.repeated and first.first_seq <= first.last_seq
    assert [e.seq for e in first.events] == list(range(first.first_seq, first.last_seq + 1))
    again = await execute(client, number, _envelope("req-1", lead))
    assert again == first  # the same update id: it joined the first update at the server
    # under another update id the workflow answers the repeat itself: the same seqs, nothing new
    repeat = await case.decide(lead, request_id="req-1")
    assert repeats(repeat, first) and repeat.events == first.events  # the run that added them
    events = len(await case_events(case))
    assert events == first.last_seq

    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await execute(client, number, _envelope("req-1", {"type": "issue_notice"}))
    assert refusal(refused.value).code == "request.reused"
    assert len(await case_events(case)) == events  # nothing happened
    assert (await case.snapshot()).documents == []

    # through the raw update too (a caller that reuses the update id as well)
    with pytest.raises(WorkflowUpdateFailedError) as raw:
        await case.act({"type": "issue_notice"}, request_id="req-1")
    assert refusal(raw.value).code == "request.reused"
    done = await execute(client, number, _envelope("req-2", {"type": "issue_notice"}))
    assert done.first_seq == first.last_seq + 1 and "notice_issued" in [e.type for e in done.events]
    assert [d.document_id for d in (await case.snapshot()).documents] == ["TZ-R1", "BG-R1"]
