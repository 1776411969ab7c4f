"""Contested distributions (DOMAIN-2 §3, ``distribution.*``): a plan of several creditors is
served, waits 15 days for objections, an objection waits 15 days for opposition, an opposition
15 days for the objector's suit; while the suit runs the disputed share is escrowed (提存) and
the rest paid. 参与分配 only against a natural person or 其他组织.

Every due date is counted by hand from the rule and the 2026 holiday schedule (民诉法 art. 85:
the trigger day is not counted; a last day that is a rest day moves to the next working day).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import given as hypothesis_given
from hypothesis import strategies as st

from domain.editions import COURTS
from domain.effects import PayoutOrder, effects_of
from domain.state import CaseState, Distribution
from tests.unit.gwt import (
    JUDGE,
    OFFICER,
    Do,
    Given,
    approve_distribution,
    close_case,
    day_end,
    deadline,
    filed,
    given,
    later,
    record_funds_received,
    record_payout,
)

MAR_2 = date(2026, 3, 2)
PERSON = [{"party_id": "R1", "name": "李四", "kind": "person"}]
FUNDS = 30_000_000  # ¥300,000 realized
C2 = {"party_id": "C2", "name": "赵六", "kind": "person"}
C2_BASIS = {"kind": "judgment", "document_no": "(2025)京0106民初99号"}
CLAIMS = (
    {"claimant_id": "court_fees", "kind": "fee", "owed_fen": 1_000_000},
    {"claimant_id": "A1", "kind": "applicant", "owed_fen": 100_000_000},
    {"claimant_id": "C2", "kind": "applicant", "owed_fen": 50_000_000},
)
# distribution.ratio: fees first (1,000,000), then 29,000,000 pro rata 100:50 → A1
# 19,333,333.33…, C2 9,666,666.66…; the odd fen to the larger remainder (C2)
A1_SHARE, C2_SHARE = 19_333_333, 9_666_667


def cmd(actor: Any = OFFICER, **fields: Any) -> Do:
    return Do(lambda state, today: dict(fields), actor)


def plan_of(state: CaseState) -> Distribution:
    return list(state.distributions.values())[-1]


def line(state: CaseState, claimant_id: str) -> str:
    return next(
        p.payout_id for p in plan_of(state).payouts if p.allocation.claimant_id == claimant_id
    )


def serve(served_on: date) -> Do:
    return Do(
        lambda s, t: {
            "type": "serve_distribution_plan",
            "distribution_id": plan_of(s).distribution_id,
            "served_on": served_on,
        }
    ).on(served_on)


def objection(objector: str, against: str, disputed: int, filed_on: date, notified_on: date) -> Do:
    return Do(
        lambda s, t: {
            "type": "file_distribution_objection",
            "distribution_id": plan_of(s).distribution_id,
            "objector_id": objector,
            "against_payout_id": line(s, against),
            "disputed_fen": disputed,
            "filed_on": filed_on,
            "notified_on": notified_on,
            "reason": "申请执行人 A1 的利息计算有误",
        }
    ).on(notified_on)


def counter(opposed_by: list[str], filed_on: date, notified_on: date) -> Do:
    return Do(
        lambda s, t: {
            "type": "record_counter_opinion",
            "distribution_id": plan_of(s).distribution_id,
            "opposed_by": opposed_by,
            "filed_on": filed_on,
            "notified_on": notified_on,
        }
    ).on(notified_on)


def suit(filed_on: date) -> Do:
    return Do(
        lambda s, t: {
            "type": "record_distribution_suit",
            "distribution_id": plan_of(s).distribution_id,
            "filed_on": filed_on,
            "suit_case_number": "(2026)京0105民初777号",
        }
    ).on(filed_on)


def judgment(awarded: int, judged_on: date) -> Do:
    return Do(
        lambda s, t: {
            "type": "record_distribution_judgment",
            "distribution_id": plan_of(s).distribution_id,
            "awarded_fen": awarded,
            "judged_on": judged_on,
            "document_no": "(2026)京0105民初777号",
        },
        JUDGE,
    ).on(judged_on)


def join(applied_on: date, creditor: dict[str, str] = C2, **fields: Any) -> Do:
    return cmd(
        type="join_distribution",
        creditor=creditor,
        basis=fields.pop("basis", C2_BASIS),
        owed_fen=fields.pop("owed_fen", 50_000_000),
        applied_on=applied_on,
        **fields,
    )


def pay(payout_id_of: Any, reference: str = "TR") -> Do:
    return Do(
        lambda s, t: {
            "type": "record_payout",
            "payout_id": payout_id_of(s),
            "reference": reference,
        }
    )


def window_events(then: Any) -> list[str]:
    """What the passing of time did to the plan (the case's other deadlines escalate too)."""
    types = [e.type for e in then.then().new_events]
    return [
        t
        for i, t in enumerate(types)
        if t == "distribution_window_closed"
        or (t == "deadline_met" and i and types[i - 1] == "distribution_window_closed")
    ]


CLOSED = ["distribution_window_closed", "deadline_met"]


def now(step: Do) -> Do:
    """The step at the scenario's own clock."""
    return Do(step.build, step.default_actor)


def balanced(s: CaseState) -> None:
    """Money conservation: collected = paid + held + escrowed, none negative."""
    assert s.collected_fen == s.paid_out_fen + s.held_fen + s.escrowed_fen
    assert min(s.held_fen, s.escrowed_fen, s.paid_out_fen) >= 0
    assert s.escrowed_fen == sum(x.escrowed_fen for x in s.distributions.values())


def contested_plan() -> Given:
    """A1 and C2 (joined 04-15) share ¥300,000 approved on Thu 2026-04-16."""
    return given(
        filed(on=MAR_2, respondents=PERSON),
        record_funds_received(FUNDS).on(date(2026, 4, 14)),
        join(date(2026, 4, 15)).on(date(2026, 4, 15)),
        approve_distribution(*CLAIMS).on(date(2026, 4, 16)),
    )


# -- a single creditor: paid at once, as before -----------------------------------------------
def test_a_plan_with_one_creditor_is_paid_at_once() -> None:
    """distribution.plan.objection: no other creditor to object, nothing to wait for."""
    case = given(filed(on=MAR_2), record_funds_received(FUNDS).on(date(2026, 4, 14)))
    then = case.when(
        approve_distribution({"claimant_id": "A1", "kind": "applicant", "owed_fen": FUNDS})
    ).then(events=["distribution_approved"])
    assert plan_of(then.state).dispute == "uncontested"
    case.when(record_payout(1)).then(events=["payout_recorded", "deadline_met"])


def test_two_creditors_were_paid_at_once_under_edition_2() -> None:
    """The rule that a plan waits is edition 3's (CONTESTED): stored histories replay as run."""
    two = [
        {"party_id": "A1", "name": "张三", "kind": "person"},
        {"party_id": "A2", "name": "王五", "kind": "person"},
    ]
    case = given(
        filed(on=MAR_2, applicants=two, edition=COURTS),
        record_funds_received(FUNDS).on(date(2026, 4, 14)),
        approve_distribution(
            {"claimant_id": "A1", "kind": "applicant", "owed_fen": 60_000_000},
            {"claimant_id": "A2", "kind": "applicant", "owed_fen": 40_000_000},
        ),
    )
    assert plan_of(case.state).dispute == "uncontested"
    case.when(record_payout(1)).then(events=["payout_recorded"])


# -- distribution.plan.objection -----------------------------------------------------------------
def test_a_contested_plan_is_served_and_paid_only_after_the_15_day_objection_window() -> None:
    """distribution.plan.objection (民诉法解释 art. 509): served Mon 04-20; 04-20 + 15 days =
    Tue 05-05, inside Labour Day (05-01..05-05) → the window's last day is Wed 05-06."""
    case = contested_plan()
    approved = case.scenario.events[-1]
    assert approved.type == "distribution_approved" and approved.contested
    assert effects_of(case.state, approved) == []  # no payout order before the windows end
    s = case.state
    assert plan_of(s).dispute == "unserved"
    assert [p.allocation.amount_fen for p in plan_of(s).payouts] == [1_000_000, A1_SHARE, C2_SHARE]
    case.when(record_payout(1)).then_rejected("payout.awaiting_parties")
    case.when(serve(date(2026, 4, 15))).then_rejected("distribution.date_order")
    then = case.when(serve(date(2026, 4, 20)), at=date(2026, 4, 21)).then(
        events=["distribution_plan_served", "deadline_opened"]
    )
    assert plan_of(then.state).objection_until == date(2026, 5, 6)
    window = deadline(
        then.state, "distribution.plan.objection", plan_of(then.state).distribution_id
    )
    assert window.due_on == date(2026, 5, 6) and window.responsible_role == "officer"
    case.when(serve(date(2026, 4, 20))).then_rejected("distribution.not_unserved")
    case.when(record_payout(2)).then_rejected("payout.awaiting_parties")
    # the last day of the window is still the parties'
    assert window_events(case.when(later(day_end(date(2026, 5, 6)) - timedelta(seconds=1)))) == []
    case.when(record_payout(2), at=date(2026, 5, 6)).then_rejected("payout.awaiting_parties")
    closed = case.when(later(date(2026, 5, 7)))
    assert window_events(closed) == CLOSED
    plan = plan_of(closed.state)
    assert (plan.dispute, plan.outcome) == ("final", "unopposed")
    # a party's window ends: nobody is late
    assert not [x for x in closed.state.escalations if x.rule.startswith("distribution.")]
    orders = [x for e in closed.new_events for x in effects_of(closed.state, e)]
    assert sorted(o.amount_fen for o in orders if isinstance(o, PayoutOrder)) == sorted(
        [1_000_000, A1_SHARE, C2_SHARE]
    )
    for i in (1, 2, 3):
        case.when(record_payout(i, f"TR-{i}")).then()
    assert plan_of(case.state).settled
    balanced(case.state)
    # what C2 received pays C2's claim, not the applicant's
    assert case.state.owed_to_applicants_fen == 100_000_000 - A1_SHARE


def test_an_objection_after_the_window_is_refused() -> None:
    """distribution.plan.objection: filed on Thu 05-07, a day after the window (05-06)."""
    case = contested_plan()
    case.when(serve(date(2026, 4, 20))).then()
    case.when(
        objection("C2", "A1", 1_000_000, date(2026, 5, 7), date(2026, 5, 7)), at=date(2026, 5, 7)
    ).then_rejected("distribution.objection_late")  # the watch had not closed it yet
    case.when(later(date(2026, 5, 7))).then()
    case.when(objection("C2", "A1", 1_000_000, date(2026, 5, 6), date(2026, 5, 7))).then_rejected(
        "distribution.not_objection_window"
    )


def test_an_objection_names_another_line_within_its_amount() -> None:
    case = contested_plan()
    case.when(serve(date(2026, 4, 20))).then()
    on = date(2026, 4, 28)
    case.when(objection("X9", "A1", 1, on, on), at=on).then_rejected("distribution.not_a_party")
    case.when(objection("C2", "C2", 1, on, on), at=on).then_rejected("distribution.unknown_line")
    case.when(objection("C2", "A1", A1_SHARE + 1, on, on), at=on).then_rejected(
        "distribution.disputed_exceeds_line"
    )
    case.when(objection("C2", "A1", 1, on, date(2026, 4, 27)), at=on).then_rejected(
        "distribution.date_order"
    )


# -- distribution.plan.counter -------------------------------------------------------------------
def test_an_unopposed_objection_revises_the_plan_as_it_asks() -> None:
    """distribution.plan.counter (art. 510 ¶1): C2 objects Tue 04-28 that ¥20,000 of A1's line
    is its own; the others are notified Wed 04-29: 04-29 + 15 days = Thu 05-14 (a working day).
    Nobody opposes: from 05-15 the plan pays A1 ¥20,000 less and C2 ¥20,000 more."""
    case = contested_plan()
    case.when(serve(date(2026, 4, 20))).then()
    then = case.when(
        objection("C2", "A1", 2_000_000, date(2026, 4, 28), date(2026, 4, 29)),
        at=date(2026, 4, 29),
    ).then(events=["distribution_objection_filed", "deadline_met", "deadline_opened"])
    plan = plan_of(then.state)
    assert (plan.dispute, plan.counter_until) == ("counter_window", date(2026, 5, 14))
    assert deadline(then.state, "distribution.plan.objection", plan.distribution_id).state == "met"
    case.when(record_payout(2)).then_rejected("payout.awaiting_parties")
    assert window_events(case.when(later(date(2026, 5, 14)))) == []
    closed = case.when(later(date(2026, 5, 15)))
    assert window_events(closed) == CLOSED
    plan = plan_of(closed.state)
    assert (plan.dispute, plan.outcome) == ("final", "revised")
    assert [p.allocation.amount_fen for p in plan.payouts] == [
        1_000_000,
        A1_SHARE - 2_000_000,
        C2_SHARE + 2_000_000,
    ]
    for i in (1, 2, 3):
        case.when(record_payout(i, f"TR-{i}")).then()
    balanced(case.state)
    assert case.state.held_fen == 0


# -- distribution.plan.sue -------------------------------------------------------------------------
def opposed() -> Given:
    """C2's objection (notified Wed 05-20: counter window to Thu 06-04); A1 opposes Wed 06-03,
    C2 is notified Thu 06-04: 06-04 + 15 days = Fri 06-19, Dragon Boat (06-19..06-21) → the
    suit window's last day is Mon 06-22."""
    case = contested_plan()
    case.when(serve(date(2026, 4, 20))).then()
    case.when(
        objection("C2", "A1", 2_000_000, date(2026, 4, 28), date(2026, 5, 20)),
        at=date(2026, 5, 20),
    ).then()
    assert plan_of(case.state).counter_until == date(2026, 6, 4)
    case.when(counter(["A1"], date(2026, 6, 3), date(2026, 6, 4)).on(date(2026, 6, 4))).then(
        events=["counter_opinion_recorded", "deadline_met", "deadline_opened"]
    )
    return case


def test_an_opposition_opens_the_objectors_15_days_to_sue() -> None:
    case = opposed()
    plan = plan_of(case.state)
    assert (plan.dispute, plan.suit_until) == ("suit_window", date(2026, 6, 22))
    assert plan.objection is not None and plan.objection.opposed_by == ["A1"]
    assert deadline(case.state, "distribution.plan.sue", plan.distribution_id).due_on == date(
        2026, 6, 22
    )
    case.when(record_payout(1)).then_rejected("payout.awaiting_parties")


def test_only_another_creditor_or_the_respondent_opposes() -> None:
    case = contested_plan()
    case.when(serve(date(2026, 4, 20))).then()
    on = date(2026, 4, 28)
    case.when(objection("C2", "A1", 2_000_000, on, on), at=on).then()
    case.when(counter(["C2"], on, on)).then_rejected("distribution.not_a_party")
    case.when(counter(["R1"], on, on)).then()  # the respondent may oppose too


def test_no_suit_within_15_days_pays_the_original_plan() -> None:
    """distribution.plan.sue: nothing filed by Mon 06-22 → from 06-23 the original plan."""
    case = opposed()
    assert window_events(case.when(later(date(2026, 6, 22)))) == []
    closed = case.when(later(date(2026, 6, 23)))
    assert window_events(closed) == CLOSED
    plan = plan_of(closed.state)
    assert (plan.dispute, plan.outcome) == ("final", "original")
    assert [p.allocation.amount_fen for p in plan.payouts] == [1_000_000, A1_SHARE, C2_SHARE]
    case.when(suit(date(2026, 6, 22))).then_rejected("distribution.not_suit_window")


# -- distribution.plan.escrow ---------------------------------------------------------------------
def test_a_suit_escrows_the_disputed_share_and_the_rest_is_paid_then_the_judgment_divides_it() -> (
    None
):
    """distribution.plan.escrow (art. 510 ¶3; 执行程序解释 art. 18 ¶3): C2 sues Mon 06-22, the
    last day. ¥20,000 of A1's line is held; A1's ¥173,333.33 and the others are paid. The
    judgment gives C2 ¥15,000 of it and A1 the other ¥5,000."""
    case = opposed()
    then = case.when(suit(date(2026, 6, 22)), at=date(2026, 6, 22)).then(
        events=["distribution_suit_filed", "deadline_met", "distribution_escrowed"]
    )
    s = then.state
    plan = plan_of(s)
    assert (plan.dispute, plan.escrowed_fen, s.escrowed_fen) == ("in_suit", 2_000_000, 2_000_000)
    assert [p.allocation.amount_fen for p in plan.payouts] == [
        1_000_000,
        A1_SHARE - 2_000_000,
        C2_SHARE,
    ]
    assert s.held_fen == FUNDS - 2_000_000
    balanced(s)
    orders = [x for e in then.new_events for x in effects_of(s, e)]
    assert sorted(o.amount_fen for o in orders if isinstance(o, PayoutOrder)) == sorted(
        [1_000_000, A1_SHARE - 2_000_000, C2_SHARE]
    )
    for i in (1, 2, 3):
        case.when(record_payout(i, f"TR-{i}")).then()
        balanced(case.state)
    s = case.state
    assert (s.held_fen, s.escrowed_fen, s.paid_out_fen) == (0, 2_000_000, FUNDS - 2_000_000)
    assert not plan_of(s).settled  # the escrow is still to be paid
    # the escrow waits lawfully for the suit: nothing is late meanwhile (funds.payout met)
    assert deadline(s, "funds.payout").state == "met"
    case.when(close_case("withdrawn")).then_rejected("close.funds_escrowed")
    case.when(approve_distribution(*CLAIMS)).then_rejected("distribution.nothing_held")
    case.when(judgment(2_000_001, date(2026, 9, 1)), at=date(2026, 9, 2)).then_rejected(
        "distribution.award_exceeds_dispute"
    )
    case.when(judgment(1_500_000, date(2026, 6, 1)), at=date(2026, 9, 2)).then_rejected(
        "distribution.date_order"
    )
    judged = case.when(judgment(1_500_000, date(2026, 9, 1)), at=date(2026, 9, 2)).then(
        events=["distribution_judged", "deadline_opened"]
    )
    s = judged.state
    # the escrow back in the account: paid out within 30 days of the judgment, 09-01 + 30 =
    # Thu 10-01, National Day (10-01..10-07) → Thu 10-08
    payout = deadline(s, "funds.payout")
    assert (payout.state, payout.due_on) == ("open", date(2026, 10, 8))
    plan = plan_of(s)
    assert (plan.dispute, plan.outcome, plan.escrowed_fen) == ("final", "judged", 0)
    assert [(p.allocation.claimant_id, p.allocation.amount_fen) for p in plan.payouts[3:]] == [
        ("C2", 1_500_000),
        ("A1", 500_000),
    ]
    assert (s.held_fen, s.escrowed_fen) == (2_000_000, 0)
    balanced(s)
    case.when(record_payout(4, "TR-4")).then()
    case.when(record_payout(5, "TR-5")).then(events=["payout_recorded", "deadline_met"])
    s = case.state
    assert plan_of(s).settled and (s.held_fen, s.paid_out_fen) == (0, FUNDS)
    balanced(s)


# -- 参与分配: distribution.join.who / when, distribution.ratio ------------------------------------
def test_only_creditors_of_a_person_or_other_organization_join() -> None:
    """distribution.join.who (民诉法解释 art. 506): against a company (the sample respondent)
    ordinary creditors are paid in the order of the seals (art. 514), no 参与分配."""
    case = given(filed(on=MAR_2), record_funds_received(FUNDS).on(date(2026, 4, 14)))
    case.when(join(date(2026, 4, 14))).then_rejected("distribution.join.who")
    org = [{"party_id": "R1", "name": "某某合伙企业", "kind": "organization"}]
    given(
        filed(on=MAR_2, respondents=org), record_funds_received(FUNDS).on(date(2026, 4, 14))
    ).when(join(date(2026, 4, 14))).then(events=["creditor_joined"])


def test_a_creditor_joins_with_a_basis_before_the_assets_are_exhausted() -> None:
    """distribution.join.when (art. 507) and distribution.join.who: a basis of its own, unless
    it holds a priority or security right on the sealed property."""
    case = given(filed(on=MAR_2, respondents=PERSON))
    case.when(join(MAR_2)).then_rejected("distribution.join.when")  # nothing to enforce on
    case = given(
        filed(on=MAR_2, respondents=PERSON), record_funds_received(FUNDS).on(date(2026, 4, 14))
    )
    case.when(join(date(2026, 4, 14), basis=None)).then_rejected("distribution.join.basis_required")
    case.when(
        join(date(2026, 4, 14), creditor={"party_id": "A1", "name": "张三", "kind": "person"})
    ).then_rejected("distribution.join.already_party")
    then = case.when(join(date(2026, 4, 14), basis=None, secured=True)).then()
    assert then.state.joined["C2"].secured


def test_a_plan_pays_only_applicants_and_joined_creditors_up_to_their_claims() -> None:
    """distribution.ratio (art. 508): the joined creditors share pro rata with the applicant."""
    case = given(
        filed(on=MAR_2, respondents=PERSON), record_funds_received(FUNDS).on(date(2026, 4, 14))
    )
    case.when(approve_distribution(*CLAIMS)).then_rejected("distribution.unknown_claimant")
    case.when(join(date(2026, 4, 14))).then()
    case.when(
        approve_distribution({"claimant_id": "C2", "kind": "applicant", "owed_fen": 50_000_001})
    ).then_rejected("distribution.exceeds_joined_claim")
    then = case.when(approve_distribution(*CLAIMS)).then()
    assert [p.allocation.amount_fen for p in plan_of(then.state).payouts] == [
        1_000_000,
        A1_SHARE,
        C2_SHARE,
    ]
    # C2 alone is still 参与分配: its plan is contested too
    assert plan_of(then.state).dispute == "unserved"


# -- properties --------------------------------------------------------------------------------
STEPS = ["serve", "object", "counter", "suit", "judge", "pay", "pay", "time", "time"]
NEXT = {  # the step a plan in this state waits for (drawn more often)
    "unserved": "serve",
    "objection_window": "object",
    "counter_window": "counter",
    "suit_window": "suit",
    "in_suit": "judge",
    "final": "pay",
    "uncontested": "pay",
}


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@hypothesis_given(st.data())
def test_money_is_conserved_through_objections_suits_and_escrow(data: st.DataObject) -> None:
    """collected = paid + held + escrowed after every step, whatever is accepted or refused."""
    funds = data.draw(st.integers(1, 40_000_000), label="funds")
    case = given(
        filed(on=MAR_2, respondents=PERSON),
        record_funds_received(funds).on(date(2026, 4, 14)),
        join(date(2026, 4, 15)).on(date(2026, 4, 15)),
        approve_distribution(*CLAIMS).on(date(2026, 4, 16)),
    )
    for _ in range(data.draw(st.integers(3, 20), label="steps")):
        s = case.state
        plan = plan_of(s)
        today = case.scenario.today
        step = data.draw(st.sampled_from([NEXT[plan.dispute]] * 4 + STEPS))
        amount = data.draw(st.integers(1, max(1, funds)))
        if step == "time":
            case.when(later(case.scenario.clock + timedelta(days=data.draw(st.integers(1, 20)))))
        elif step == "serve":
            case.when(now(serve(today)))
        elif step == "object":
            case.when(
                now(objection(data.draw(st.sampled_from(["C2", "R1"])), "A1", amount, today, today))
            )
        elif step == "counter":
            case.when(now(counter(["A1"], today, today)))
        elif step == "suit":
            case.when(now(suit(today)))
        elif step == "judge":
            disputed = plan.objection.disputed_fen if plan.objection else amount
            case.when(now(judgment(data.draw(st.integers(0, disputed)), today)))
        else:
            unpaid = [p.payout_id for p in plan.payouts if not p.paid] or ["D999-1"]
            chosen = data.draw(st.sampled_from(unpaid))
            case.when(pay(lambda _s, chosen=chosen: chosen))
        balanced(case.state)
        assert case.state.collected_fen == funds


def test_an_unopposed_objection_of_the_respondent_takes_the_share_out_of_the_plan() -> None:
    """distribution.plan.counter: the respondent objects (art. 509 lets it) that ¥10,000 of C2's
    line is not owed; nobody opposes by Thu 05-14 (notified Wed 04-29 + 15 days): C2's line
    shrinks and the ¥10,000 stays in the account, for another plan."""
    case = contested_plan()
    case.when(serve(date(2026, 4, 20))).then()
    case.when(objection("R1", "C2", 1_000_000, date(2026, 4, 28), date(2026, 4, 29))).then()
    case.when(later(date(2026, 5, 15))).then()
    s = case.state
    assert [p.allocation.amount_fen for p in plan_of(s).payouts] == [
        1_000_000,
        A1_SHARE,
        C2_SHARE - 1_000_000,
    ]
    for i in (1, 2, 3):
        case.when(record_payout(i, f"TR-{i}")).then()
    assert plan_of(case.state).settled and case.state.held_fen == 1_000_000
    balanced(case.state)
