"""Simulated adapter mode: the court systems answer by themselves, days later.

The simulator workflows (``CourtSystemSimulator``) wait on Temporal timers, so the time-skipping
server skips the days; their answers reach the case through ``deliver_simulated_answer`` (the
``submit`` signal), which fails once on the way for about one request in three.
"""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator, Callable
from datetime import date, timedelta
from typing import Any

import pytest
import pytest_asyncio
from temporalio.api.enums.v1 import EventType
from temporalio.testing import WorkflowEnvironment

from activities import simulation
from domain import events as ev
from domain.calendar import local_date
from domain.commands import Actor, Envelope
from domain.decide import decide, decide_filing
from domain.effects import ExternalRequest, RequestKind
from domain.fold import fold
from domain.snapshot import CaseSnapshot
from domain.writs import writs_of
from runtime.settings import Settings
from tests.workflow.helpers import COURT, OFFICER, Case, every_event, filing, running_workers


@pytest.fixture(scope="session")
def simulated_settings(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    return Settings(
        data_dir=tmp_path_factory.mktemp("simulated"),
        adapters="simulated",
        task_queue="enforcement-simulated",
        simulator_task_queue="sim-simulated",
    )


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def simulated_env(
    manual_env: WorkflowEnvironment, simulated_settings: Settings
) -> AsyncIterator[WorkflowEnvironment]:
    """Time-skipping server with workers in simulated adapter mode.

    It builds on ``manual_env`` for the search attributes: that fixture registers them, and the
    server refuses a second registration (ALREADY_EXISTS), so registering here as well would
    break whichever of the two fixtures came second.
    """
    async with running_workers(manual_env.client, simulated_settings):
        yield manual_env


# -- choosing a case whose requests the simulator treats as we want --------------------------


def _predicted_keys(case_number: str, today: date) -> dict[str, str]:
    """Request keys of the notice and the search when both are asked right after filing."""
    from datetime import datetime, time
    from zoneinfo import ZoneInfo

    now = datetime.combine(today, time(12), tzinfo=ZoneInfo("Asia/Shanghai"))
    events = decide_filing(filing(today, case_number=case_number), now).events
    keys: dict[str, str] = {}
    actor = Actor.model_validate(OFFICER)
    documents = 0  # writ_issued events: the helpers' commands wait for them (domain/writs.py)
    for kind, command in (
        ("serve_documents", {"type": "issue_notice"}),
        ("search_assets", {"type": "request_asset_search"}),
    ):
        envelope = Envelope.model_validate(
            {"request_id": kind, "actor": actor.model_dump(), "command": command}
        )
        outcome = decide(fold(None, events), envelope, now)
        keys[kind] = f"{case_number}#{outcome.events[0].seq + documents}"
        documents += sum(len(writs_of(outcome.state, e)) for e in outcome.events)
        events += outcome.events
    return keys


def _request(
    kind: RequestKind, key: str, case_number: str, today: date, **payload: Any
) -> ExternalRequest:
    return ExternalRequest(
        kind=kind,
        request_key=key,
        case_id=case_number,
        case_number=case_number,
        court_code=COURT,
        requested_on=today,
        payload=payload,
    )


def _choose_case_number(today: date) -> str:
    """A case whose service request fails once on delivery and whose search finds a deposit."""
    for n in range(70_000, 71_000):
        number = f"({today.year}){COURT}执{n}号"
        keys = _predicted_keys(number, today)
        serve = _request("serve_documents", keys["serve_documents"], number, today)
        search = _request(
            "search_assets",
            keys["search_assets"],
            number,
            today,
            search_id="S",
            respondent_ids=["R1"],
        )
        found = simulation.answer(search, today.isoformat())[0]["findings"]
        if simulation.plan(serve).fail_first_attempt and any(
            f["kind"] == "bank_deposit" for f in found
        ):
            return number
    raise AssertionError("no suitable case number in range")


# -- waiting for the simulator -----------------------------------------------------------------


async def _until(
    case: Case, ready: Callable[[CaseSnapshot], bool], max_days: int = 10
) -> CaseSnapshot:
    """Let the days pass one by one until the snapshot says the answer has arrived."""
    for _ in range(max_days + 1):
        for _ in range(4):  # the delivery activity runs in real time once its day has come
            snap = await case.snapshot()
            if ready(snap):
                return snap
            await asyncio.sleep(0.05)
        await case.env.sleep(timedelta(days=1))
    raise AssertionError(f"the simulator did not answer within {max_days} days: {snap}")


async def _delivery_attempts(env: WorkflowEnvironment, request_key: str) -> list[int]:
    """Attempt numbers of the simulator's delivery activity, as its history records them."""
    simulator = env.client.get_workflow_handle(f"sim/{request_key}")
    await simulator.result()  # the started event of a retried activity is written at its end
    history = await simulator.fetch_history()
    return [
        e.activity_task_started_event_attributes.attempt
        for e in history.events
        if e.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
    ]


async def test_simulator_answers_by_itself(
    simulated_env: WorkflowEnvironment, simulated_settings: Settings
) -> None:
    today = local_date(await simulated_env.get_current_time())
    number = _choose_case_number(today)
    case = await Case.file(simulated_env, simulated_settings, case_number=number)

    # 1. notice: both documents are served by the e-service platform, days later.
    snap = await case.act({"type": "issue_notice"})
    assert all(d.served_on is None for d in snap.documents)
    # 2. asset search through the network, asked the same day.
    snap = await case.act({"type": "request_asset_search"})
    (search,) = snap.searches
    assert search.state == "pending"

    events = await every_event(case)
    notice = next(e for e in events if isinstance(e, ev.NoticeIssued))
    asked = next(e for e in events if isinstance(e, ev.AssetSearchRequested))
    serve_key, search_key = f"{number}#{notice.seq}", f"{number}#{asked.seq}"
    assert _predicted_keys(number, today) == {
        "serve_documents": serve_key,
        "search_assets": search_key,
    }
    serve_request = _request("serve_documents", serve_key, number, today)
    assert simulation.plan(serve_request).fail_first_attempt

    snap = await _until(case, lambda s: all(d.served_on is not None for d in s.documents))
    served_days = (snap.documents[0].served_on - today).days  # type: ignore[operator]
    assert served_days == simulation.plan(serve_request).delay_days
    events = await every_event(case)
    served = [e for e in events if isinstance(e, ev.DocumentServed)]
    assert sorted(e.document_id for e in served) == ["BG-R1", "TZ-R1"]  # once each
    assert {(e.actor.role, e.actor.user_id) for e in served} == {("integration", "simulator")}
    # The first delivery failed (simulated transient failure) and the retry got through.
    assert await _delivery_attempts(simulated_env, serve_key) == [2]

    # 3. the search completes with findings deterministic for the case number.
    snap = await _until(case, lambda s: s.searches[0].state == "finished")
    expected = simulation.answer(
        _request(
            "search_assets",
            search_key,
            number,
            today,
            search_id=search.search_id,
            respondent_ids=["R1"],
        ),
        today.isoformat(),
    )[0]["findings"]
    assert expected
    assert [(a.asset_id, a.kind, a.value_fen) for a in snap.assets] == [
        (f["asset_id"], f["kind"], f.get("value_fen")) for f in expected
    ]
    assert snap.searches[0].findings == len(expected)
    deposit = next(a for a in snap.assets if a.kind == "bank_deposit")

    # 4. freeze the deposit: the bank's confirmation arrives by itself.
    snap = await case.act(
        {
            "type": "freeze_asset",
            "asset_id": deposit.asset_id,
            "measure": "freeze",
            "period_days": 180,
        }
    )
    asset = next(a for a in snap.assets if a.asset_id == deposit.asset_id)
    assert asset.control is not None and asset.control.state == "requested"
    snap = await _until(
        case,
        lambda s: (
            next(a for a in s.assets if a.asset_id == deposit.asset_id).control.state == "effective"
        ),
    )  # type: ignore[union-attr]
    control = next(a for a in snap.assets if a.asset_id == deposit.asset_id).control
    assert control is not None and control.effective_on is not None
    assert control.expires_on == control.effective_on + timedelta(days=179)
    assert any(
        d.rule == "freeze.expiry"
        and d.subject == deposit.asset_id
        and d.due_on == control.expires_on
        and d.state == "open"
        for d in snap.deadlines
    )

    # Every answer arrived exactly once, however many delivery attempts it took.
    await simulated_env.sleep(timedelta(days=5))
    events = await every_event(case)
    answers = Counter(
        (
            e.type,
            getattr(e, "document_id", None)
            or getattr(e, "search_id", None)
            or getattr(e, "asset_id", None),
        )
        for e in events
        if isinstance(e, ev.DocumentServed | ev.AssetSearchCompleted | ev.FreezeConfirmed)
    )
    assert set(answers.values()) == {1}, answers
    assert len(answers) == 4
    assert [e.seq for e in events] == list(range(1, len(events) + 1))
