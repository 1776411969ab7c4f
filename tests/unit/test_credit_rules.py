"""Credit measures under edition 2 (限制消费令, 失信被执行人名单), given → when → then, one block
per row of DOMAIN-2 §9. Every date is counted by hand in a comment on the court calendar of 2026
(chinese-calendar's: Tomb-sweeping 04-04…06, Labour Day 05-01…05, Dragon Boat 06-19…21,
Mid-autumn 09-25…27, National Day 10-01…07, make-up working days Sun 09-20 and Sat 10-10);
2027 and 2028 are not announced, so only weekends rest there and their dates are provisional.
Edition 1 keeps the earlier rules (the last tests here; tests/unit/test_rules.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from pydantic import ValidationError

from domain.commands import Envelope, FileCase
from domain.measures import age_on
from domain.snapshot import snapshot
from tests.unit.gwt import (
    BUREAU_HEAD,
    JUDGE,
    OFFICER,
    PRESIDENT,
    VICE_PRESIDENT,
    close_case,
    consumption_restriction,
    day_end,
    deadline,
    delete_listing,
    filed,
    filing,
    given,
    impose_measure,
    later,
    list_dishonest,
    listing_of,
    ready_for_termination,
    record_funds_received,
    record_installment_paid,
    record_settlement,
    suspend,
    terminate,
)

MAR_10 = date(2026, 3, 10)  # a Tuesday
DUE_FEN = 100_000_000  # the sample case: ¥1,000,000 owed, nothing else
PERSON = {"party_id": "R2", "name": "李四", "kind": "person"}
COMPANY = {"party_id": "R1", "name": "北京某某科技有限公司", "kind": "company"}


def _with_person(birth_date: date | None = None) -> dict[str, Any]:
    person = dict(PERSON, birth_date=birth_date) if birth_date else PERSON
    return {"respondents": [COMPANY, person]}


# ===================================================== credit.consumption.order (DOMAIN-2 §9)
# "限制消费令由人民法院院长签发" (限消规定 art. 4; DOMAIN-2 cites arts. 4–5).


def test_the_president_signs_a_consumption_restriction_order() -> None:
    case = given(filed(on=MAR_10))
    for actor in (OFFICER, JUDGE, BUREAU_HEAD, VICE_PRESIDENT):
        error = case.when(consumption_restriction(), actor=actor).then_rejected(
            "credit.consumption.president_signs"
        )
        assert "院长签发" in error.zh
    case.when(consumption_restriction(), actor=PRESIDENT).then(events=["measure_imposed"])
    case.when(consumption_restriction()).then_rejected("measure.already_imposed")


# ===================================================== credit.blacklist.grounds / .term
# 失信规定 art. 1 (six grounds), art. 2: "纳入失信被执行人名单的期限为二年。被执行人以暴力、
# 威胁方法妨碍、抗拒执行情节严重或具有多项失信行为的，可以延长一至三年"; ground (一) no term.


def test_a_listing_names_its_grounds() -> None:
    (
        given(filed(on=MAR_10))
        .when(list_dishonest())
        .then_rejected("credit.blacklist.grounds_required")
    )


def test_a_listing_on_grounds_two_to_six_runs_two_years() -> None:
    # decided Tue 2026-03-10: listed from the next day up to and including Fri 2028-03-10
    # (2026-03-10 + 2 years). Deleted within 3 working days after it (art. 10 ¶2): Mon
    # 2028-03-13, Tue 03-14, Wed 03-15 (2028 not announced: provisional)
    then = (
        given(filed(on=MAR_10))
        .when(list_dishonest("evasion"))
        .then(events=["measure_imposed", "deadline_opened"])
    )
    imposed = then.event("measure_imposed")
    assert (imposed.grounds, imposed.extra_years, imposed.expires_on) == (
        ["evasion"],
        0,
        date(2028, 3, 10),
    )
    owed = deadline(then.state, "credit.blacklist.delete", imposed.measure_id)
    assert (owed.due_on, owed.provisional, owed.due_at) == (
        date(2028, 3, 15),
        True,
        day_end(date(2028, 3, 15)),
    )
    assert listing_of(then.state).expires_on == date(2028, 3, 10)
    assert snapshot(then.state).measures[-1].grounds == ["evasion"]


@pytest.mark.parametrize(
    ("grounds", "extra_years", "expires_on"),
    [
        # violent or threatening obstruction (ground 二): 2 + 3 = 5 years → 2031-03-10
        (["obstruction"], 3, date(2031, 3, 10)),
        # several grounds: 2 + 1 = 3 years → 2029-03-10 (kept in the order of art. 1)
        (["property_report", "evasion"], 1, date(2029, 3, 10)),
        (["evasion", "consumption_order", "settlement"], 2, date(2030, 3, 10)),
    ],
)
def test_aggravation_adds_one_to_three_years(
    grounds: list[str], extra_years: int, expires_on: date
) -> None:
    then = (
        given(filed(on=MAR_10))
        .when(list_dishonest(*grounds, extra_years=extra_years))
        .then(events=["measure_imposed", "deadline_opened"])
    )
    imposed = then.event("measure_imposed")
    assert imposed.expires_on == expires_on
    assert imposed.grounds == sorted(
        grounds,
        key=["obstruction", "evasion", "property_report", "consumption_order", "settlement"].index,
    )


def test_one_ground_without_obstruction_is_not_extended() -> None:
    (
        given(filed(on=MAR_10))
        .when(list_dishonest("evasion", extra_years=1))
        .then_rejected("credit.blacklist.extension_not_grounded")
    )


def test_more_than_three_years_is_not_a_command() -> None:
    with pytest.raises(ValidationError):
        Envelope.model_validate(
            {
                "request_id": "r-1",
                "actor": JUDGE.model_dump(),
                "command": {
                    "type": "impose_measure",
                    "measure": "dishonest_list",
                    "party_id": "R1",
                    "grounds": ["obstruction"],
                    "extra_years": 4,
                },
            }
        )


@pytest.mark.parametrize("grounds", [["able_but_refuses"], ["able_but_refuses", "evasion"]])
def test_ground_one_has_no_fixed_term(grounds: list[str]) -> None:
    then = (
        given(filed(on=MAR_10))
        .when(list_dishonest(*grounds))
        .then(events=["measure_imposed"])  # no term, so no deletion is due yet
    )
    assert then.event("measure_imposed").expires_on is None
    given(filed(on=MAR_10)).when(list_dishonest(*grounds, extra_years=1)).then_rejected(
        "credit.blacklist.no_term_to_extend"
    )


def test_only_a_respondent_who_owes_something_is_listed() -> None:
    (
        given(filed(on=MAR_10), record_funds_received(DUE_FEN))
        .when(list_dishonest("evasion"))
        .then_rejected("credit.blacklist.nothing_outstanding")
    )


# ===================================================== credit.blacklist.bar (DOMAIN-2 §9)
# "被执行人为未成年人的，人民法院不得将其纳入失信被执行人名单" (失信规定 art. 4). A person's age is
# read from the birth date on the day of the decision (未成年人: under 18, 民法典 art. 17).


def test_a_minor_is_never_listed() -> None:
    # born 2010-05-01: 15 on 2026-03-10
    (
        given(filed(on=MAR_10, **_with_person(date(2010, 5, 1))))
        .when(list_dishonest("evasion", party_id="R2"))
        .then_rejected("credit.blacklist.minor")
    )


def test_a_person_is_listed_from_the_eighteenth_birthday() -> None:
    # born 2008-03-11: 17 on Tue 2026-03-10, 18 on Wed 2026-03-11
    born = date(2008, 3, 11)
    assert (age_on(born, MAR_10), age_on(born, date(2026, 3, 11))) == (17, 18)
    case = given(filed(on=MAR_10, **_with_person(born)))
    case.when(list_dishonest("evasion", party_id="R2")).then_rejected("credit.blacklist.minor")
    then = case.when(list_dishonest("evasion", party_id="R2").on(date(2026, 3, 11))).then(
        events=["measure_imposed", "deadline_opened"]
    )
    assert then.event("measure_imposed").birth_date == born


def test_born_on_29_february_a_person_comes_of_age_on_28_february() -> None:
    assert age_on(date(2008, 2, 29), date(2026, 2, 27)) == 17
    assert age_on(date(2008, 2, 29), date(2026, 2, 28)) == 18


def test_a_persons_age_must_be_known_before_listing() -> None:
    case = given(filed(on=MAR_10, **_with_person()))
    case.when(list_dishonest("evasion", party_id="R2")).then_rejected(
        "credit.blacklist.birth_date_unknown"
    )
    # the listing records the person's age (失信规定 art. 6): the birth date may come with it
    case.when(list_dishonest("evasion", party_id="R2", birth_date=date(2009, 1, 1))).then_rejected(
        "credit.blacklist.minor"
    )
    then = case.when(list_dishonest("evasion", party_id="R2", birth_date=date(1980, 1, 1))).then(
        events=["measure_imposed", "deadline_opened"]
    )
    assert then.event("measure_imposed").birth_date == date(1980, 1, 1)


def test_the_listing_and_the_filing_agree_on_the_birth_date() -> None:
    case = given(filed(on=MAR_10, **_with_person(date(1980, 1, 1))))
    case.when(list_dishonest("evasion", party_id="R2", birth_date=date(1981, 1, 1))).then_rejected(
        "credit.blacklist.birth_date_mismatch"
    )
    case.when(list_dishonest("evasion", party_id="R1", birth_date=date(1981, 1, 1))).then_rejected(
        "credit.blacklist.birth_date_not_person"
    )


def test_only_a_person_has_a_birth_date_and_not_after_the_filing() -> None:
    with pytest.raises(ValidationError, match="only a natural person"):
        filing(MAR_10, respondents=[dict(COMPANY, birth_date="1990-01-01")])
    with pytest.raises(ValidationError, match="born after the filing"):
        filing(MAR_10, respondents=[dict(PERSON, birth_date="2026-03-11")])
    assert isinstance(filing(MAR_10, **_with_person(date(1990, 1, 1))), FileCase)


# ===================================================== credit.blacklist.delete (DOMAIN-2 §9)
# "具有下列情形之一的，人民法院应当在三个工作日内删除失信信息" (失信规定 art. 10).


def test_paid_in_full_the_listing_is_deleted_within_three_working_days() -> None:
    # listed on ground (一) Tue 03-10 (no term, no deletion due). Paid in full Thu 06-18: Fri
    # 06-19 … Sun 06-21 Dragon Boat and a weekend; working days Mon 06-22 (1), Tue 06-23 (2),
    # Wed 06-24 (3): due 06-24
    case = given(filed(on=MAR_10), list_dishonest("able_but_refuses"))
    then = case.when(record_funds_received(DUE_FEN), at=date(2026, 6, 18)).then(
        events=["funds_received", "deadline_opened", "deadline_opened"]
    )
    owed = deadline(then.state, "credit.blacklist.delete", listing_of(then.state).measure_id)
    assert (owed.due_on, owed.provisional) == (date(2026, 6, 24), False)
    done = case.when(delete_listing("performed"), at=date(2026, 6, 22)).then(
        events=["dishonest_listing_deleted", "deadline_met"]
    )
    listing = listing_of(done.state)
    assert (listing.deleted_on, listing.deletion_reason) == (date(2026, 6, 22), "performed")
    assert not done.state.dishonest_listings()
    assert "delete_dishonest_listing" not in snapshot(done.state).allowed_commands


def test_paid_on_the_eve_of_national_day_the_third_working_day_is_a_make_up_saturday() -> None:
    # paid in full Wed 09-30: 10-01 … 10-07 National Day; Thu 10-08 (1), Fri 10-09 (2), Sat
    # 10-10, a make-up working day (3): due Sat 10-10
    then = (
        given(filed(on=MAR_10), list_dishonest("able_but_refuses"))
        .when(record_funds_received(DUE_FEN), at=date(2026, 9, 30))
        .then()
    )
    owed = deadline(then.state, "credit.blacklist.delete", listing_of(then.state).measure_id)
    assert owed.due_on == date(2026, 10, 10)


def test_paid_in_full_moves_up_the_deletion_a_term_set() -> None:
    # listed Tue 03-10 on ground (三): deletion due 2028-03-15 (the term's). Paid in full Thu
    # 04-02: Fri 04-03 (1); Sat 04-04 … Mon 04-06 Tomb-sweeping and a weekend; Tue 04-07 (2),
    # Wed 04-08 (3): due 04-08
    then = (
        given(filed(on=MAR_10), list_dishonest("evasion"))
        .when(record_funds_received(DUE_FEN), at=date(2026, 4, 2))
        .then(events=["funds_received", "deadline_opened", "deadline_rescheduled"])
    )
    owed = deadline(then.state, "credit.blacklist.delete", listing_of(then.state).measure_id)
    assert (owed.due_on, owed.provisional) == (date(2026, 4, 8), False)


def test_a_deletion_left_undone_escalates() -> None:
    # due Wed 06-24 (above): missed at Thu 06-25 00:00, level 1 (the officer)
    case = given(
        filed(on=MAR_10),
        list_dishonest("able_but_refuses"),
        record_funds_received(DUE_FEN).on(date(2026, 6, 18)),
        later(date(2026, 6, 25)),
    )
    owed = deadline(case.state, "credit.blacklist.delete", listing_of(case.state).measure_id)
    assert (owed.state, owed.escalation_level) == ("overdue", 1)
    assert case.state.escalations[-1].rule == "credit.blacklist.delete"


def test_a_performed_settlement_opens_the_deletion() -> None:
    # a settlement of ¥500,000 in one instalment, paid Thu 07-30: Fri 07-31 (1), Mon 08-03 (2),
    # Tue 08-04 (3): due 08-04 (something is still owed under the judgment: art. 10 (二))
    then = (
        given(
            filed(on=MAR_10),
            list_dishonest("able_but_refuses"),
            record_settlement((date(2026, 7, 31), 50_000_000)),
        )
        .when(record_installment_paid(1, 50_000_000), at=date(2026, 7, 30))
        .then()
    )
    assert then.state.outstanding_fen == 50_000_000
    owed = deadline(then.state, "credit.blacklist.delete", listing_of(then.state).measure_id)
    assert owed.due_on == date(2026, 8, 4)
    given(filed(on=MAR_10), list_dishonest("evasion")).when(
        delete_listing("settlement_performed")
    ).then_rejected("credit.blacklist.settlement_not_performed")


def test_closing_the_case_deletes_its_listings_at_once() -> None:
    # a closed case's workflow ends and takes no command: the closing is the deletion (day 0
    # of the three working days), and the deadline the term opened is met, not waived
    then = (
        given(filed(on=MAR_10), list_dishonest("evasion"))
        .when(close_case("withdrawn"), at=date(2026, 4, 1))
        .then()
    )
    types = [e.type for e in then.new_events]
    assert types[0] == "case_closed" and types[-2:] == ["dishonest_listing_deleted", "deadline_met"]
    deleted = then.event("dishonest_listing_deleted")
    assert (deleted.reason, deleted.on, deleted.party_id) == ("case_closed", date(2026, 4, 1), "R1")
    owed = deadline(then.state, "credit.blacklist.delete", deleted.measure_id)
    assert owed.state == "met"


def test_the_term_over_the_listing_is_deleted() -> None:
    # listed Tue 2026-03-10 on ground (三): last day Fri 2028-03-10
    case = given(filed(on=MAR_10), list_dishonest("evasion"), suspend(), later(date(2028, 3, 10)))
    case.when(delete_listing("term_expired")).then_rejected("credit.blacklist.term_not_over")
    then = case.when(delete_listing("term_expired"), at=date(2028, 3, 13)).then(
        events=["dishonest_listing_deleted", "deadline_met"]
    )
    assert listing_of(then.state).deletion_reason == "term_expired"


def test_suspension_and_termination_leave_the_deletion_owed() -> None:
    # the deadline neither stands still while the case is suspended nor is waived by 终本
    case = given(filed(on=MAR_10), list_dishonest("evasion"), suspend())
    owed = deadline(case.state, "credit.blacklist.delete", listing_of(case.state).measure_id)
    assert owed.paused_on is None
    dormant = (
        given(filed(on=MAR_10), *ready_for_termination(), list_dishonest("evasion"))
        .when(terminate(), at=date(2026, 6, 11))
        .then()
    )
    owed = deadline(dormant.state, "credit.blacklist.delete", listing_of(dormant.state).measure_id)
    assert (dormant.state.status, owed.state) == ("dormant", "open")
    assert "delete_dishonest_listing" in snapshot(dormant.state).allowed_commands


def test_performed_means_nothing_outstanding() -> None:
    (
        given(filed(on=MAR_10), list_dishonest("evasion"))
        .when(delete_listing("performed"))
        .then_rejected("credit.blacklist.not_performed")
    )


def test_deleted_a_respondent_may_be_listed_again_on_a_new_ground() -> None:
    # 失信规定 art. 10 (last ¶): "人民法院…可以重新将其纳入失信被执行人名单"
    case = given(filed(on=MAR_10), list_dishonest("evasion"), delete_listing("applicant_request"))
    case.when(list_dishonest("property_report")).then(events=["measure_imposed", "deadline_opened"])
    assert len(case.state.measures) == 2 and len(case.state.dishonest_listings()) == 1


# ===================================================== edition 1 keeps its rules


def test_an_edition_1_listing_records_no_grounds_term_or_deletion() -> None:
    case = given(filed(on=MAR_10, edition=1))
    case.when(list_dishonest("evasion")).then_rejected("credit.blacklist.edition")
    then = case.when(impose_measure("dishonest_list"), actor=OFFICER).then(
        events=["measure_imposed"]
    )
    assert then.event("measure_imposed").expires_on is None
    assert "delete_dishonest_listing" not in snapshot(then.state).allowed_commands
    closed = case.when(close_case("withdrawn")).then()
    assert "dishonest_listing_deleted" not in [e.type for e in closed.new_events]
