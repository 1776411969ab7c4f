"""委托执行 (entrusted enforcement, DOMAIN-2 §7), given → when → then.

Due dates counted by hand on the 2026 schedule: 中秋节 25–27 September, 国庆节 1–7 October
(Thursday to Wednesday), 10 October (Saturday) a make-up working day. A period starts the day
after its trigger; a last day on a rest day moves to the next working day (民诉法 art. 85,
DOMAIN-2 ``time.counting``).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.commands import Actor
from domain.effects import CaseMessage, EntrustmentLetter, Notification, effects_of
from domain.policy import may_issue
from domain.registry import offered
from domain.snapshot import snapshot
from tests.samples import REGISTRY
from tests.unit.gwt import (
    COURT,
    INTEGRATION,
    OFFICER,
    Do,
    asset_found,
    confirm_freeze,
    control_of,
    day_end,
    deadline,
    filed,
    freeze_asset,
    given,
    issue_notice,
    later,
    renew_freeze,
)

SEP_1 = date(2026, 9, 1)
SEP_22 = date(2026, 9, 22)
SEP_24 = date(2026, 9, 24)  # Thursday: the letter (委托执行函)
SEP_28 = date(2026, 9, 28)  # Monday: the receiving court dockets
SHANGHAI_COURT = "沪0115"  # 上海市浦东新区人民法院 (沪01 → 沪 → 最高法)
SH_OFFICER = Actor(user_id="u-officer-sh", role="officer", court_code=SHANGHAI_COURT)
RECEIVING_NUMBER = "(2026)沪0115执9001号"


def entrust(court: str = SHANGHAI_COURT, chain: tuple[str, ...] | None = None) -> Do:
    """What the web and the CLI send: the receiving court's chain from the registry."""
    found = REGISTRY.chain(court) if court in REGISTRY else ()
    return Do(
        lambda state, today: {
            "type": "entrust_case",
            "receiving_court_code": court,
            "receiving_court_chain": found if chain is None else chain,
            "reason": "被执行人在上海市浦东新区有房产",
        }
    )


def docketed(number: str = RECEIVING_NUMBER, on: date = SEP_28) -> Do:
    return Do(
        lambda state, today: {
            "type": "record_entrustment_docketed",
            "receiving_case_number": number,
            "docketed_on": on,
        },
        INTEGRATION,
    )


def entrusted_filing(**overrides: Any) -> Any:
    """The receiving court's filing of the case entrusted on 24 September."""
    return filed(
        SEP_28,
        case_number=RECEIVING_NUMBER,
        court_code=SHANGHAI_COURT,
        court_chain=REGISTRY.chain(SHANGHAI_COURT),
        officer_id="u-officer-sh",
        entrusted_from={
            "case_number": "(2026)京0105执1号",
            "court_code": COURT,
            "letter_on": SEP_24,
            "letter_key": "(2026)京0105执1号#12",
            **overrides,
        },
    )


# -- entrust.case.when ----------------------------------------------------------------------------
def test_entrusting_to_another_province_sends_the_letter_and_waits_7_days_for_docketing() -> None:
    """``entrust.case.when`` (another province, same level) and ``entrust.case.register``: the
    letter of Thursday 24 September; 7 days → 1 October, 国庆节 (1–7 October), so the period
    ends on the first day after the holiday: Thursday 8 October."""
    then = (
        given(filed(SEP_1), at=SEP_24).when(entrust()).then(["case_entrusted", "deadline_opened"])
    )
    letter = then.event("case_entrusted")
    assert letter.receiving_court_chain == ("沪0115", "沪01", "沪", "最高法")
    assert letter.letter_on == SEP_24 and letter.principal_fen == 100_000_000
    register = deadline(then.state, "entrust.case.register")
    assert register.due_on == date(2026, 10, 8)
    assert register.responsible_role == "receiving_court"
    assert then.state.status == "active"  # the entrusting court's case until the 销案
    assert snapshot(then.state).entrusted_to is not None
    [effect] = effects_of(then.state, letter)
    assert isinstance(effect, EntrustmentLetter)
    assert effect.receiving_court_code == SHANGHAI_COURT
    assert effect.entrusted_from.case_number == then.state.case_number
    assert effect.entrusted_from.letter_key == f"{then.state.case_number}#{letter.seq}"


def test_a_court_of_the_same_province_is_refused() -> None:
    """``entrust.case.when``: within a province each high court sets the rules (京0106 is under
    京02, another intermediate court, but the same high court 京)."""
    given(filed(SEP_1), at=SEP_24).when(entrust("京0106")).then_rejected("entrust.same_province")


def test_a_court_of_another_level_is_refused() -> None:
    """``entrust.case.when``: "委托异地的同级人民法院"; 沪01 is an intermediate court."""
    given(filed(SEP_1), at=SEP_24).when(entrust("沪01")).then_rejected("entrust.not_same_level")


def test_a_court_the_registry_does_not_hold_is_refused() -> None:
    given(filed(SEP_1), at=SEP_24).when(entrust("粤9999")).then_rejected("entrust.unknown_court")


def test_a_made_up_chain_is_refused() -> None:
    """The chain must be the receiving court's own (it starts with it, ends at 最高法)."""
    chain = ("沪0116", "沪01", "沪", "最高法")
    given(filed(SEP_1), at=SEP_24).when(entrust(chain=chain)).then_rejected("entrust.unknown_court")


def test_an_edition_1_case_is_not_offered_entrustment() -> None:
    """Rules for edition >= COURTS only: a case filed before them runs as it ran."""
    case = given(filed(SEP_1, edition=1, court_chain=()), at=SEP_24)
    assert "entrust_case" not in offered(case.state)
    case.when(entrust()).then_rejected("entrust.edition")


def test_a_case_is_entrusted_once() -> None:
    case = given(filed(SEP_1), entrust().on(SEP_24))
    assert "entrust_case" not in offered(case.state)
    case.when(entrust()).then_rejected("entrust.already")


# -- entrust.case.formalities ---------------------------------------------------------------------
def test_a_freeze_with_less_than_a_month_left_is_renewed_first() -> None:
    """``entrust.case.formalities``: "不足1个月的，委托法院应当先行续封或者续冻，再移交". A deposit
    frozen for 30 days from 1 September is in force to 30 September: on 24 September less than
    a month is left, so the entrustment is refused until the renewal is in force."""
    case = given(
        filed(SEP_1), asset_found("DEP-1"), freeze_asset("DEP-1", 30), confirm_freeze("DEP-1")
    )
    assert control_of(case.state, "DEP-1").expires_on == date(2026, 9, 30)
    error = case.when(entrust().on(SEP_24)).then_rejected("entrust.renew_first")
    assert "DEP-1" in error.zh and "续" in error.zh

    renewing = given(
        filed(SEP_1),
        asset_found("DEP-1"),
        freeze_asset("DEP-1", 30),
        confirm_freeze("DEP-1"),
        renew_freeze("DEP-1", 365).on(SEP_24),
    )
    renewing.when(entrust()).then_rejected("entrust.renew_first")  # not yet in force
    then = (
        given(
            filed(SEP_1),
            asset_found("DEP-1"),
            freeze_asset("DEP-1", 30),
            confirm_freeze("DEP-1"),
            renew_freeze("DEP-1", 365).on(SEP_24),
            confirm_freeze("DEP-1").on(SEP_24),
        )
        .when(entrust())
        .then(["case_entrusted", "deadline_opened"])
    )
    assert then.event("case_entrusted").handed_over == ["DEP-1"]


# -- entrust.case.close_origin, entrust.case.notify_applicant ------------------------------------
def test_the_docketing_notice_closes_the_entrusting_case_as_xiaoan() -> None:
    """``entrust.case.close_origin``: 销案 (outcome ``entrusted``, not 执结) on the receiving
    court's docketing notice of Monday 28 September, which meets ``entrust.case.register``
    (due 8 October). ``entrust.case.notify_applicant``: 7 days from the 28th → 5 October, in
    the holiday → Thursday 8 October; the written notice goes out with the decision."""
    then = (
        given(filed(SEP_22), entrust().on(SEP_24), later(SEP_28))  # no escalation yet
        .when(docketed())
        .then(
            [
                "entrustment_docketed",
                "deadline_met",
                "case_closed",
                *["deadline_waived"] * 4,  # the time limit, notice, search, investigation
                "deadline_opened",
                "deadline_met",
            ]
        )
    )
    state = then.state
    assert state.status == "closed" and state.outcome == "entrusted"
    assert state.entrusted_to is not None
    assert state.entrusted_to.case_number == RECEIVING_NUMBER
    assert state.entrusted_to.docketed_on == SEP_28
    assert deadline(state, "entrust.case.register").state == "met"
    notify = deadline(state, "entrust.case.notify_applicant")
    assert (notify.due_on, notify.state) == (date(2026, 10, 8), "met")
    [notice] = effects_of(state, then.event("entrustment_docketed"))
    assert isinstance(notice, Notification)
    assert notice.recipient_role == "applicant" and RECEIVING_NUMBER in notice.body


def test_a_docketing_notice_of_another_court_is_refused() -> None:
    case = given(filed(SEP_1), entrust().on(SEP_24), later(SEP_28))
    case.when(docketed("(2026)沪0104执9001号")).then_rejected("entrust.wrong_court")


def test_without_a_docketing_notice_the_register_deadline_escalates() -> None:
    """``entrust.case.register`` missed (due 8 October): overdue the moment the day is over."""
    case = given(filed(SEP_1), entrust().on(SEP_24))
    then = case.when(later(day_end(date(2026, 10, 8))))
    assert deadline(then.state, "entrust.case.register").state == "overdue"


def test_the_docketing_notice_is_not_offered_without_an_entrustment() -> None:
    case = given(filed(SEP_1), at=SEP_24)
    assert "record_entrustment_docketed" not in offered(case.state)
    case.when(docketed()).then_rejected("entrust.none_pending")


# -- the receiving court: entrust.case.start, entrust.case.overdue --------------------------------
def test_the_receiving_case_opens_its_own_deadlines_and_tells_the_entrusting_case() -> None:
    """Counted from the letter's receipt (24 September): ``entrust.case.start`` 15 days → Friday
    9 October; the 30-day report → Saturday 24 October, a rest day → Monday 26 October.
    ``entrust.case.overdue``: 6 months from the docketing (28 September) → Sunday 28 March 2027
    → Monday 29 March 2027."""
    case = given(entrusted_filing())
    state = case.state
    assert deadline(state, "entrust.case.start").due_on == date(2026, 10, 9)
    assert deadline(state, "entrust.case.report").due_on == date(2026, 10, 26)
    assert deadline(state, "entrust.case.overdue").due_on == date(2027, 3, 29)
    assert state.entrusted_from is not None
    assert state.entrusted_from.case_number == "(2026)京0105执1号"
    assert snapshot(state).entrusted_from == state.entrusted_from
    [message] = effects_of(state, case.scenario.events[0])
    assert isinstance(message, CaseMessage)
    assert (message.case_number, message.court_code) == ("(2026)京0105执1号", COURT)
    assert message.command == {
        "type": "record_entrustment_docketed",
        "receiving_case_number": RECEIVING_NUMBER,
        "docketed_on": "2026-09-28",
    }


def test_the_first_act_of_enforcement_meets_the_15_days() -> None:
    """``entrust.case.start``: "必须在十五日内开始执行": the enforcement notice is a start."""
    then = given(entrusted_filing()).when(issue_notice().by(SH_OFFICER).on(date(2026, 9, 30)))
    assert deadline(then.state, "entrust.case.start").state == "met"
    assert deadline(then.state, "entrust.case.report").state == "open"


def test_not_started_in_15_days_is_overdue() -> None:
    then = given(entrusted_filing()).when(later(day_end(date(2026, 10, 9))))
    assert deadline(then.state, "entrust.case.start").state == "overdue"


def test_the_30_day_report_goes_to_the_entrusting_court() -> None:
    """``entrust.case.start``: "在三十日内如果还未执行完毕，也应当将执行情况函告委托人民法院"."""
    report = Do(
        lambda state, today: {"type": "report_entrustment_progress", "summary": "已查封房产"},
        SH_OFFICER,
    )
    then = (
        given(entrusted_filing())
        .when(report.on(date(2026, 10, 23)))
        .then(["entrustment_reported", "deadline_met"])
    )
    assert deadline(then.state, "entrust.case.report").state == "met"
    [notice] = effects_of(then.state, then.event("entrustment_reported"))
    assert isinstance(notice, Notification)
    assert (notice.court_code, notice.recipient_role) == (COURT, "officer")


def test_only_an_entrusted_case_reports_to_an_entrusting_court() -> None:
    case = given(filed(SEP_1), at=SEP_24)
    assert "report_entrustment_progress" not in offered(case.state)


def test_each_court_acts_on_its_own_side() -> None:
    """The entrusting court's officer entrusts its case; the receiving court's acts on its own."""
    origin = given(filed(SEP_1)).state
    receiving = given(entrusted_filing()).state
    assert may_issue(OFFICER, origin.chain, "entrust_case")
    assert not may_issue(SH_OFFICER, origin.chain, "entrust_case")
    assert may_issue(SH_OFFICER, receiving.chain, "report_entrustment_progress")
    assert not may_issue(OFFICER, receiving.chain, "report_entrustment_progress")
