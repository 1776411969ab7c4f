"""委托执行 on the time-skipping server: a case of 京0105 entrusted to 沪0115 (DOMAIN-2 §7).

The simulated filing desk of the receiving court dockets the letter by starting a new case
there (an activity, idempotent by workflow id); the new case sends its docketing notice back,
on which the entrusting case closes as 销案. The receiving case then starts, reports at 30 days
and concludes, each step told to the entrusting court. Server time is shared by the session:
dates are read from the server clock and counted with the court calendar.
"""

from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import pytest_asyncio
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment, WorkflowEnvironment

from activities.adapters import JsonlLog, SimulatedFilingDesk
from domain.calendar import CourtCalendar
from domain.commands import Basis, EntrustedFrom, Party
from domain.effects import EntrustmentLetter
from domain.snapshot import CaseSnapshot
from runtime.contract import case_workflow_id
from runtime.settings import Settings
from tests.samples import REGISTRY
from tests.workflow.conftest import notifications
from tests.workflow.helpers import COURT, Case, eventually, running_workers

CAL = CourtCalendar.default()
RECEIVING = "沪0115"  # 上海市浦东新区人民法院
SH_OFFICER = {"user_id": "sim-officer", "role": "officer", "court_code": RECEIVING}
SH_JUDGE = {"user_id": "u-judge-sh", "role": "judge", "court_code": RECEIVING}


@pytest.fixture(scope="session")
def entrust_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        data_dir=tmp_path_factory.mktemp("entrust"),
        adapters="simulated",
        task_queue="enforcement-entrust",
        simulator_task_queue="sim-entrust",
    )


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def entrust_env(
    manual_env: WorkflowEnvironment, entrust_settings: Settings
) -> AsyncIterator[WorkflowEnvironment]:
    """Simulated adapters (the filing desk dockets by itself); the search attributes are
    registered by ``manual_env``."""
    async with running_workers(manual_env.client, entrust_settings):
        yield manual_env


def rule(snap: CaseSnapshot, rule_id: str) -> Any:
    [found] = [d for d in snap.deadlines if d.rule == rule_id]
    return found


def told(settings: Settings, court: str, subject: str) -> list[dict[str, Any]]:
    return [
        n
        for n in notifications(settings)
        if n["court_code"] == court and str(n["subject"]).startswith(subject)
    ]


async def test_an_entrusted_case_from_beijing_to_shanghai(
    entrust_env: WorkflowEnvironment, entrust_settings: Settings
) -> None:
    env, settings = entrust_env, entrust_settings
    origin = await Case.file(env, settings)
    letter_on = await origin.today()

    # 京0105's officer entrusts the case to 沪0115 (the chain as the web fills it).
    answer = await origin.decide(
        {
            "type": "entrust_case",
            "receiving_court_code": RECEIVING,
            "receiving_court_chain": list(REGISTRY.chain(RECEIVING)),
            "reason": "被执行人在上海市浦东新区有房产",
        }
    )
    assert [e.type for e in answer.events] == ["case_entrusted", "deadline_opened"]

    # The receiving court dockets it under its own number; the notice closes the origin: 销案.
    async def closed() -> bool:
        return (await origin.snapshot()).status == "closed"

    assert await eventually(closed, seconds=30)
    snap = await origin.snapshot()
    assert snap.outcome == "entrusted" and snap.entrusted_to is not None
    receiving_number = snap.entrusted_to.case_number
    assert receiving_number is not None and receiving_number.startswith(
        f"({letter_on.year})沪0115执"
    )
    assert rule(snap, "entrust.case.register").state == "met"
    notify = rule(snap, "entrust.case.notify_applicant")
    assert notify.state == "met"
    assert notify.due_on == CAL.days_after(snap.entrusted_to.docketed_on, 7).on
    # Its workflow ends once its outbox is empty: the applicant has been told, in writing.
    assert (await origin.handle.result()).outcome == "entrusted"
    assert told(settings, COURT, "委托执行通知书")

    # The receiving case: where it came from, and its own deadlines from the letter's receipt.
    handle = env.client.get_workflow_handle(case_workflow_id(receiving_number))
    receiving = Case(env, handle)
    snap = await receiving.snapshot()
    assert snap.court_code == RECEIVING and snap.status == "active"
    assert snap.entrusted_from is not None
    assert (snap.entrusted_from.court_code, snap.entrusted_from.case_number) == (
        COURT,
        origin.number,
    )
    assert rule(snap, "entrust.case.start").due_on == CAL.days_after(letter_on, 15).on
    report_due = CAL.days_after(letter_on, 30).on
    assert rule(snap, "entrust.case.report").due_on == report_due
    assert rule(snap, "entrust.case.overdue").due_on == CAL.months_after(snap.filed_on, 6).on

    # It starts within 15 days: the enforcement notice.
    snap = await receiving.act({"type": "issue_notice"}, SH_OFFICER)
    assert rule(snap, "entrust.case.start").state == "met"

    # Not finished at 30 days: it reports to the entrusting court.
    await env.sleep(timedelta(days=28))
    snap = await receiving.act(
        {"type": "report_entrustment_progress", "summary": "已送达执行通知，正在查控房产"},
        SH_OFFICER,
    )
    assert rule(snap, "entrust.case.report").state == "met"
    assert snap.entrusted_from is not None and snap.entrusted_from.reported_on is not None

    async def reported() -> bool:
        return bool(told(settings, COURT, "受托案件执行情况"))

    assert await eventually(reported, seconds=30)

    # The respondent pays; the plan is paid out by the treasury; the case concludes (执结).
    today = (await receiving.today()).isoformat()
    await receiving.act(
        {
            "type": "record_funds_received",
            "source": "voluntary",
            "amount_fen": 100_000_000,
            "received_on": today,
        },
        SH_OFFICER,
    )
    await receiving.act(
        {
            "type": "approve_distribution",
            "claims": [{"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000_000}],
        },
        SH_JUDGE,
    )

    async def paid() -> bool:
        return (await receiving.snapshot()).amounts.held_fen == 0

    assert await eventually(paid, seconds=30)
    snap = await receiving.act({"type": "close_case", "outcome": "fully_enforced"}, SH_JUDGE)
    assert (snap.status, snap.outcome) == ("closed", "fully_enforced")
    assert rule(snap, "entrust.case.overdue").state == "waived"
    assert (await handle.result())["status"] == "closed"
    assert told(settings, COURT, "受托案件结案")  # the result, to the entrusting court


async def test_the_simulated_desk_dockets_a_letter_once_and_never_over_another_case(
    entrust_env: WorkflowEnvironment, entrust_settings: Settings, tmp_path: Path
) -> None:
    """A letter sent again (the activity retried) finds its case started; a number already taken
    by another case fails the letter for good instead of passing it off as docketed."""
    env, settings = entrust_env, entrust_settings
    origin = await Case.file(env, settings)
    letter_on = await origin.today()
    letter = EntrustmentLetter(
        entrusted_from=EntrustedFrom(
            case_number=origin.number,
            court_code=COURT,
            letter_on=letter_on,
            letter_key=f"{origin.number}#99",
        ),
        receiving_court_code="沪0104",  # a court no other story here entrusts to
        receiving_court_chain=REGISTRY.chain("沪0104"),
        reason="被执行人在上海有存款",
        basis=Basis(kind="judgment", document_no="(2025)京0105民初1号"),
        applicants=[Party(party_id="A1", name="张三", kind="person")],
        respondents=[Party(party_id="R1", name="某公司", kind="company")],
        principal_fen=100,
    )
    desk = SimulatedFilingDesk(JsonlLog(tmp_path / "desk.jsonl", "letter_key"), settings.task_queue)
    activities = ActivityEnvironment(client=env.client)
    first = await activities.run(desk.docket, letter)
    again = await activities.run(desk.docket, letter)
    assert first == again
    receiving = Case(env, env.client.get_workflow_handle(first.reference))
    snap = await receiving.snapshot()
    assert snap.entrusted_from is not None and snap.entrusted_from.case_number == origin.number

    # Another desk log numbers another letter into the same slot: the case there is not its own.
    other = letter.model_copy(
        update={
            "entrusted_from": letter.entrusted_from.model_copy(
                update={"case_number": "(2026)京0105执77777号", "letter_key": "other#1"}
            )
        }
    )
    stranger = SimulatedFilingDesk(
        JsonlLog(tmp_path / "other-desk.jsonl", "letter_key"), settings.task_queue
    )
    with pytest.raises(ApplicationError, match="entrust.number_taken|已被其他案件占用"):
        await activities.run(stranger.docket, other)
    await receiving.handle.terminate("test over")
