"""执转破 under edition 2 (issue 17), lived through months in seconds (time-skipping server).

Manual adapters: every request to a registry or bank is a task for the officer
(officer-tasks.jsonl), every answer a command. Dates come from the server clock. The rules, one
by one and with dates counted by hand, are in tests/unit/test_bankruptcy_rules.py (DOMAIN-2 §5).
"""

from datetime import timedelta

from temporalio.testing import WorkflowEnvironment

from domain.calendar import CourtCalendar
from domain.snapshot import CaseSnapshot
from runtime.settings import Settings
from tests.samples import HEARD_AND_SIGNED_OFF
from tests.workflow.helpers import (
    JUDGE,
    PRESIDENT,
    Case,
    served_and_searched,
    sleep_until,
)
from tests.workflow.test_disposal_stories import (
    asset,
    auction,
    car,
    deadlines,
    officer_tasks,
    rejected,
    tasks_appear,
)
from tests.workflow.test_stories import deposit

CAL = CourtCalendar.default()
RECEIVING_COURT = "京01"
PANEL = {"members": ["u-judge-1", "u-judge-2", "u-judge-3"]}  # JUDGE presides
INTEGRATION = {"user_id": "bankruptcy-court-link", "role": "integration", "court_code": "京0105"}
PROPOSAL = {
    "type": "propose_bankruptcy_transfer",
    "respondent_id": "R1",
    "consenting_party_id": "A1",
    "reason": "被执行人不能清偿到期债务且明显缺乏清偿能力",
}


async def decided(case: Case) -> CaseSnapshot:
    """Proposed by the officer, agreed by the panel, signed by the president (DOMAIN-2
    ``bankruptcy.transfer.decision``)."""
    snap = await case.act(PROPOSAL)
    if snap.status == "active":  # a single judge's approval is refused
        await rejected(
            case,
            {"type": "approve_bankruptcy_transfer", "receiving_court_code": RECEIVING_COURT},
            "bankruptcy.panel_required",
            JUDGE,
        )
    snap = await case.act({"type": "agree_bankruptcy_transfer", "panel": PANEL}, JUDGE)
    assert snap.bankruptcy is not None and snap.bankruptcy.state == "agreed"
    snap = await case.act(
        {"type": "sign_bankruptcy_transfer", "receiving_court_code": RECEIVING_COURT}, PRESIDENT
    )
    assert snap.status == "transferred"
    assert not deadlines(snap, "bankruptcy.acceptance")  # it waits for the materials
    return snap


async def materials_received(case: Case) -> CaseSnapshot:
    """The receiving court's system reports the receipt: its 30 days start (解释 art. 512)."""
    received_on = await case.today()
    snap = await case.act(
        {"type": "record_bankruptcy_materials_received", "received_on": received_on.isoformat()},
        INTEGRATION,
    )
    [acceptance] = deadlines(snap, "bankruptcy.acceptance", "open")
    assert acceptance.due_on == CAL.days_after(received_on, 30).on
    return snap


async def ruling(case: Case, decision: str) -> CaseSnapshot:
    return await case.act(
        {
            "type": "record_bankruptcy_decision",
            "decision": decision,
            "decided_on": (await case.today()).isoformat(),
        }
    )


# -----------------------------------------------------------------------------------------------
# 1. A 终本 case is transferred; the receiving court takes its time, accepts, then declares


async def test_a_dormant_case_is_transferred_accepted_and_closed_by_bankruptcy(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    """``bankruptcy.from_dormant``, ``bankruptcy.acceptance``, ``bankruptcy.release_on_acceptance``,
    ``bankruptcy.declared``. The case holds a car sealed at the registry and never seized, which
    does not bar 终本 (``dormant.undisposable`` (b)) and whose seal stays until acceptance."""
    env, settings = manual_env, manual_settings
    case = await Case.file(env, settings)
    await case.act(  # 限制消费令: signed by the president (credit.consumption.order)
        {"type": "impose_measure", "measure": "consumption_restriction", "party_id": "R1"},
        PRESIDENT,
    )
    await served_and_searched(case, [car("VH-1")])
    await case.act(
        {"type": "freeze_asset", "asset_id": "VH-1", "measure": "seal", "period_days": 700}
    )
    await case.act(
        {
            "type": "confirm_freeze",
            "asset_id": "VH-1",
            "effective_on": (await case.today()).isoformat(),
        },
        INTEGRATION,
    )
    await env.sleep(timedelta(days=95))
    for command in HEARD_AND_SIGNED_OFF:  # 终本: the applicant heard and signing off (art. 517)
        await case.act(command)
    snap = await case.act({"type": "terminate_this_procedure", "reason": "无可供执行财产"}, JUDGE)
    assert snap.status == "dormant"
    [requery] = deadlines(snap, "dormant.requery", "open")

    snap = await decided(case)
    assert [d.state for d in deadlines(snap, "dormant.requery")] == ["waived"]

    # The materials reach the receiving court a week later; its 30 days run from then, and it
    # accepts two days before they are over.
    await env.sleep(timedelta(days=7))
    snap = await materials_received(case)
    [acceptance] = deadlines(snap, "bankruptcy.acceptance", "open")
    await sleep_until(env, acceptance.due_at - timedelta(days=2))
    snap = await ruling(case, "accepted")
    assert snap.status == "transferred" and snap.bankruptcy is not None
    [met] = deadlines(snap, "bankruptcy.acceptance")
    assert (met.state, met.escalation_level) == ("met", 0)
    # every measure lifted on acceptance, at the registry that carries it
    control = asset(snap, "VH-1").control
    assert control is not None and control.state == "released"
    assert not deadlines(snap, "freeze.expiry", "open")
    await tasks_appear(settings, case.number, "apply_control", 2)  # the seal, then its release
    actions = [
        t["payload"]["action"] for t in officer_tasks(settings, case.number, "apply_control")
    ]
    assert actions == ["freeze", "release"]

    # No six-monthly re-search while the bankruptcy court has the case.
    await sleep_until(env, requery.due_at + timedelta(days=1))
    snap = await case.snapshot()
    assert not [s for s in snap.searches if s.dormant_requery]
    snap = await ruling(case, "declared_bankrupt")
    assert snap.status == "closed" and snap.outcome == "bankruptcy"


# -----------------------------------------------------------------------------------------------
# 2. A case with a frozen deposit and a seized car: enforcement stops at the decision, the
#    measures stay until acceptance, then every one is lifted at its registry


async def test_acceptance_lifts_every_measure_at_its_registry(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    """``bankruptcy.freeze_continuity``, ``bankruptcy.release_on_acceptance``, and no payout or
    disposal from the decision to the outcome (解释 art. 511)."""
    env, settings = manual_env, manual_settings
    case = await Case.file(env, settings)
    number = case.number
    await served_and_searched(case, [deposit("AC-1"), car("VH-1")])
    for asset_id, measure, days in (("AC-1", "freeze", 365), ("VH-1", "seize", 700)):
        await case.act(
            {"type": "freeze_asset", "asset_id": asset_id, "measure": measure, "period_days": days}
        )
        await case.act(
            {
                "type": "confirm_freeze",
                "asset_id": asset_id,
                "effective_on": (await case.today()).isoformat(),
            }
        )
    await case.act({"type": "start_valuation", "asset_id": "VH-1", "method": "negotiation"})
    await case.act(
        {
            "type": "record_valuation",
            "asset_id": "VH-1",
            "reference_price_fen": 10_000_000,
            "received_on": (await case.today()).isoformat(),
        }
    )
    # The respondent pays 1,000 yuan; the plan is approved and the order goes to the treasury.
    await case.act(
        {
            "type": "record_funds_received",
            "source": "voluntary",
            "amount_fen": 100_000,
            "received_on": (await case.today()).isoformat(),
        }
    )
    await case.act(
        {
            "type": "approve_distribution",
            "claims": [{"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000}],
        },
        JUDGE,
    )
    [order] = await tasks_appear(settings, number, "pay_out", 1)

    await env.sleep(timedelta(days=10))
    snap = await decided(case)
    # Enforcement is suspended: no payout, no auction; the measures stay and are still watched.
    await rejected(
        case,
        {"type": "record_payout", "payout_id": order["payout_id"], "reference": "银行回单 0001"},
        "bankruptcy.payouts_suspended",
    )
    today = await case.today()
    await rejected(
        case,
        auction("VH-1", 7_000_000, 700_000, today + timedelta(days=15)),
        "stage.not_allowed",
    )
    for asset_id in ("AC-1", "VH-1"):
        control = asset(snap, asset_id).control
        assert control is not None and control.state == "effective"
    assert len(deadlines(snap, "freeze.expiry", "open")) == 2

    await env.sleep(timedelta(days=5))
    await materials_received(case)
    await env.sleep(timedelta(days=20))
    snap = await ruling(case, "accepted")
    for asset_id in ("AC-1", "VH-1"):
        control = asset(snap, asset_id).control
        assert control is not None and control.state == "released"
    assert not deadlines(snap, "freeze.expiry", "open")
    assert snap.amounts.held_fen == 100_000  # kept for the bankruptcy court
    await rejected(
        case,
        {"type": "record_payout", "payout_id": order["payout_id"], "reference": "银行回单 0001"},
        "bankruptcy.payouts_suspended",
    )

    # Each release reached the registry or bank that carries the measure, once.
    await tasks_appear(settings, number, "apply_control", 4)
    releases = [
        t["payload"]["asset_id"]
        for t in officer_tasks(settings, number, "apply_control")
        if t["payload"]["action"] == "release"
    ]
    assert sorted(releases) == ["AC-1", "VH-1"]


# -----------------------------------------------------------------------------------------------
# 3. The receiving court refuses: enforcement resumes, and the case is never transferred again


async def test_a_rejected_transfer_resumes_enforcement_and_is_not_repeated(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    """``bankruptcy.rejected``, ``bankruptcy.no_retransfer``."""
    env, settings = manual_env, manual_settings
    case = await Case.file(env, settings)
    await served_and_searched(case, [deposit("AC-1")])
    await case.act(
        {"type": "freeze_asset", "asset_id": "AC-1", "measure": "freeze", "period_days": 365}
    )
    await case.act(
        {
            "type": "confirm_freeze",
            "asset_id": "AC-1",
            "effective_on": (await case.today()).isoformat(),
        }
    )
    await decided(case)
    await env.sleep(timedelta(days=3))
    await materials_received(case)
    await env.sleep(timedelta(days=25))
    snap = await ruling(case, "rejected")
    assert snap.status == "active"
    assert snap.bankruptcy is not None and snap.bankruptcy.state == "rejected"
    control = asset(snap, "AC-1").control
    assert control is not None and control.state == "effective"  # never lifted
    # Enforcement resumes: the deposit is deducted.
    snap = await case.act({"type": "deduct_funds", "asset_id": "AC-1", "amount_fen": 1_000_000})
    assert snap.amounts.collected_fen == 1_000_000
    await rejected(case, PROPOSAL | {"consenting_party_id": "R1"}, "bankruptcy.already_rejected")
    assert "propose_bankruptcy_transfer" not in snap.allowed_commands
    assert officer_tasks(settings, case.number, "apply_control")  # the freeze went out
    assert not [
        t
        for t in officer_tasks(settings, case.number, "apply_control")
        if t["payload"]["action"] == "release"
    ]
