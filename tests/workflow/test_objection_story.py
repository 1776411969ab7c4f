"""A third-party objection (案外人异议) lived through weeks in seconds (time-skipping server): the
flat is sealed and priced; a third party objects to its enforcement; the panel rejects the
objection; the third party sues within 15 days; the suit fails; the auction goes ahead.
DOMAIN-2 `objection.third_party.*`. Dates come from the server clock (shared by the session),
so the hand-counted due dates are in tests/unit/test_objection_rules.py; here the story checks
the order of things: the asset stays held past the end of the 15 days while the suit runs.
"""

from datetime import timedelta

from temporalio.testing import WorkflowEnvironment

from domain.snapshot import CaseSnapshot, ObjectionView
from runtime.settings import Settings
from tests.workflow.helpers import COURT, Case, sleep_until
from tests.workflow.test_disposal_stories import (
    MARGIN,
    auction,
    deadlines,
    flat,
    rejected,
    under_control,
)

PRESIDING = {"user_id": "u-judge-2", "role": "judge", "court_code": COURT}
PANEL = ["u-judge-2", "u-judge-3", "u-judge-4"]
REFERENCE = 300_000_000
ROUND1 = 210_000_000  # 70% of the reference price


def objection(snap: CaseSnapshot) -> ObjectionView:
    [o] = snap.objections
    return o


async def test_a_rejected_third_party_sues_loses_and_the_auction_goes_ahead(
    manual_env: WorkflowEnvironment, manual_settings: Settings
) -> None:
    env = manual_env
    case = await Case.file(env, manual_settings)
    await under_control(case, flat("RE-1"), "seal", 3 * 365)
    await case.act({"type": "start_valuation", "asset_id": "RE-1", "method": "online_inquiry"})
    today = await case.today()
    snap = await case.act(
        {
            "type": "record_valuation",
            "asset_id": "RE-1",
            "reference_price_fen": REFERENCE,
            "received_on": today.isoformat(),
        }
    )
    assert "schedule_auction" in snap.allowed_commands

    # 案外人异议 received today: the flat may not be disposed of while it is reviewed.
    snap = await case.act(
        {
            "type": "file_objection",
            "objection_id": "YY-1",
            "kind": "third_party",
            "objector": "赵六",
            "received_on": today.isoformat(),
            "grounds": "该房屋已由案外人购买并实际占有",
            "asset_id": "RE-1",
        }
    )
    first = auction("RE-1", ROUND1, ROUND1 // 10, today + timedelta(days=30))
    assert "schedule_auction" not in snap.allowed_commands
    await rejected(case, first, "asset.under_objection")
    [review] = deadlines(snap, "objection.third_party.review")
    assert review.due_on >= today + timedelta(days=15)

    await case.act({"type": "register_objection", "objection_id": "YY-1"})
    await env.sleep(timedelta(days=7))
    served_on = await case.today()
    snap = await case.act(
        {
            "type": "rule_on_objection",
            "objection_id": "YY-1",
            "outcome": "rejected",
            "panel": {"members": PANEL},
            "served_on": served_on.isoformat(),
            "reasons": "案外人未能证明其对该房屋享有足以排除强制执行的民事权益",
        },
        PRESIDING,
    )
    assert (objection(snap).state, objection(snap).ruling) == ("ruled", "rejected")
    [sue] = deadlines(snap, "objection.third_party.sue", "open")
    assert sue.due_on >= served_on + timedelta(days=15)
    await rejected(
        case,
        {**first, "bidding_starts_on": (served_on + timedelta(days=30)).isoformat()},
        "asset.under_objection",
    )

    # The third party sues on the 10th day; the suit outlasts the 15 days and still holds.
    await env.sleep(timedelta(days=10))
    snap = await case.act(
        {
            "type": "record_objection_suit",
            "objection_id": "YY-1",
            "filed_on": (await case.today()).isoformat(),
            "suit_case_number": "(2026)京0105民初88号",
        }
    )
    assert objection(snap).state == "suit" and objection(snap).suit_plaintiff == "third_party"
    await sleep_until(env, sue.due_at + timedelta(days=5) + MARGIN)
    snap = await case.snapshot()
    assert objection(snap).blocks_disposal_zh is not None
    assert "执行异议之诉审理期间" in (objection(snap).blocks_disposal_zh or "")
    later = await case.today()
    after = {**first, "bidding_starts_on": (later + timedelta(days=30)).isoformat()}
    await rejected(case, after, "asset.under_objection")

    # The suit fails (准许执行): the auction goes ahead.
    snap = await case.act(
        {
            "type": "record_suit_judgment",
            "objection_id": "YY-1",
            "judgment": "enforce",
            "judged_on": later.isoformat(),
        }
    )
    assert objection(snap).state == "closed" and objection(snap).blocks_disposal_zh is None
    assert "schedule_auction" in snap.allowed_commands
    snap = await case.act(after)
    [round1] = next(a for a in snap.assets if a.asset_id == "RE-1").auctions
    assert (round1.round, round1.outcome) == (1, "scheduled")
