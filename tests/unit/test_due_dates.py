"""Issue 14's two date bugs, fixed under edition 3 of the rules (domain/editions.py ``CONTESTED``):
a pause or an extension of the time limit counts from the nominal last day and is rolled off
rest days once; each 终本 re-search counts from the 终本 date (test_rules.py has the ten of one).

Counted by hand from 民诉法 (2023) art. 85 / 民诉法解释 art. 125 (DOMAIN-2 `time.counting`: a period
starts the next day; a last day on a statutory holiday moves to the first day after it) and the
2026 schedule (Labour Day Fri 05-01 … Tue 05-05 off, Sat 05-09 worked; National Day Thu 10-01 …
Wed 10-07 off, Sun 09-20 and Sat 10-10 worked). Later years are not announced: only weekends.
"""

from __future__ import annotations

from datetime import date

from domain.editions import COURTS
from tests.unit.gwt import (
    PRESIDENT,
    deadline,
    dormant_requeries,
    extend_time_limit,
    filed,
    given,
    ready_for_termination,
    resume,
    suspend,
    terminate,
)


def test_a_pause_counts_from_the_nominal_last_day() -> None:
    """Issue 14's case. Filed Wed 2026-04-01: 6 months → Thu 10-01, National Day → Thu 10-08
    (`case.time_limit.base`). Suspended 06-01, resumed 06-11: 10 days stand still
    (`case.time_limit.excluded`). 10-01 + 10 = Sun 10-11 → Mon 10-12; from the rolled day it
    was 10-08 + 10 = Sun 10-18 → Mon 10-19."""
    case = given(filed(on=date(2026, 4, 1)))
    assert deadline(case.state, "case.time_limit").due_on == date(2026, 10, 8)
    case.when(suspend(), at=date(2026, 6, 1)).then()
    case.when(resume(), at=date(2026, 6, 11)).then()
    assert deadline(case.state, "case.time_limit").due_on == date(2026, 10, 12)


def test_an_extension_counts_from_the_nominal_last_day() -> None:
    """Filed Tue 2025-11-04: 6 months → Mon 2026-05-04, Labour Day → Wed 05-06. Extended on
    05-06, the last day (the last five days before it: 05-01 … 05-06, `case.time_limit
    .request`): + 3 months from 05-04 = Tue 08-04 (`case.time_limit.extend`); from the rolled
    day it was 05-06 + 3 months = Thu 08-06."""
    case = given(filed(on=date(2025, 11, 4)))
    assert deadline(case.state, "case.time_limit").due_on == date(2026, 5, 6)
    case.when(extend_time_limit().by(PRESIDENT), at=date(2026, 5, 6)).then(
        events=["time_limit_extended", "deadline_rescheduled"]
    )
    assert deadline(case.state, "case.time_limit").due_on == date(2026, 8, 4)


def test_a_pause_after_an_extension_counts_from_both_nominal_days() -> None:
    """Filed 2025-11-04, extended 05-06 (nominal 05-04 + 3 months = 08-04), then suspended
    Mon 06-01 … Wed 06-17: 16 days. 08-04 + 16 = Thu 08-20, a working day."""
    case = given(filed(on=date(2025, 11, 4)))
    case.when(extend_time_limit().by(PRESIDENT), at=date(2026, 5, 6)).then()
    case.when(suspend(), at=date(2026, 6, 1)).then()
    case.when(resume(), at=date(2026, 6, 17)).then()
    assert deadline(case.state, "case.time_limit").due_on == date(2026, 8, 20)


def test_a_case_of_edition_2_keeps_the_arithmetic_it_ran_with() -> None:
    """Edition 2 (and 1) replay as they ran: 10-08 + 10 = Sun 10-18 → Mon 10-19."""
    case = given(filed(on=date(2026, 4, 1), edition=COURTS))
    case.when(suspend(), at=date(2026, 6, 1)).then()
    case.when(resume(), at=date(2026, 6, 11)).then()
    assert deadline(case.state, "case.time_limit").due_on == date(2026, 10, 19)


def test_the_tenth_re_search_falls_five_years_after_the_termination() -> None:
    """Issue 14's case: 终本 on Thu 2026-03-19 (filed Mon 2025-12-01, more than three months
    before). Re-searches at 6, 12 … 60 months from it, each rolled on its own (终本规定 art. 9,
    DOMAIN-2 `dormant.requery`): Sat 2026-09-19 → Sun 09-20, a make-up working day; Sun
    2027-09-19 → Mon 09-20; Sun 2028-03-19 → Mon 03-20; the rest fall on working days. The
    tenth is Wed 2031-03-19, inside the five years; chained from each rolled date it was 03-25."""
    case = given(
        filed(on=date(2025, 12, 1)), *ready_for_termination(), terminate(), at=date(2026, 3, 19)
    )
    assert dormant_requeries(case, date(2032, 1, 1)) == [
        date(2026, 9, 20),
        date(2027, 3, 19),
        date(2027, 9, 20),
        date(2028, 3, 20),
        date(2028, 9, 19),
        date(2029, 3, 19),
        date(2029, 9, 19),
        date(2030, 3, 19),
        date(2030, 9, 19),
        date(2031, 3, 19),
    ]
