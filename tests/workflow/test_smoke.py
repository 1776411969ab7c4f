from datetime import timedelta

from temporalio.testing import WorkflowEnvironment

from runtime.settings import Settings
from tests.workflow.helpers import Case


async def test_filing_and_notice(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    case = await Case.file(manual_env, manual_settings)
    snap = await case.act({"type": "issue_notice"})
    assert snap.stage == "service"
    assert [d.document_id for d in snap.documents] == ["TZ-R1", "BG-R1"]
    await manual_env.sleep(timedelta(days=20))
    snap = await case.snapshot()
    assert snap.escalation_level >= 1
