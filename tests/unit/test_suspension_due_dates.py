"""Deadlines that stood still during a suspension (中止执行), edition 3: after resumption they
move from their nominal last day, then roll once (the principle of domain/procedure.py
``time_limit_due``; DOMAIN-2 `time.counting`, 民诉法 (2023) art. 85: only a period's last day
moves off a holiday). Before edition 3 they moved from their rolled day.

Counted by hand over the 2026 schedule: Mid-Autumn Fri 09-25 … Sun 09-27 off, Sun 09-20 worked;
National Day Thu 10-01 … Wed 10-07 off, Sat 10-10 worked.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from domain.editions import COURTS
from tests.unit.gwt import Given, deadline, filed, given, resume, suspend

SEP_21 = date(2026, 9, 21)  # a Monday


def _suspended_two_days(**filing: Any) -> Given:
    """Filed Mon 09-21: the notice is due in 10 days (`notice.issue`), 09-21 + 10 = Thu 10-01,
    National Day → Thu 10-08. Suspended Tue 09-22, resumed Thu 09-24: 2 days stood still."""
    case = given(filed(on=SEP_21, **filing))
    notice = deadline(case.state, "notice.issue")
    assert notice.due_on == date(2026, 10, 8)
    case.when(suspend(), at=date(2026, 9, 22)).then()
    case.when(resume(), at=date(2026, 9, 24)).then()
    return case


def test_a_suspended_deadline_moves_from_its_nominal_last_day() -> None:
    """10-01 + 2 = Sat 10-03, National Day → Thu 10-08. From the rolled day it would be
    10-08 + 2 = Sat 10-10, a make-up working day: two days late."""
    case = _suspended_two_days()
    notice = deadline(case.state, "notice.issue")
    assert (notice.nominal_on, notice.due_on) == (date(2026, 10, 3), date(2026, 10, 8))


def test_a_second_suspension_moves_the_moved_nominal_day() -> None:
    """Then suspended again Mon 09-28 … Wed 09-30 (2 days): 10-03 + 2 = Mon 10-05, National
    Day → Thu 10-08 again; from the rolled day it would be 10-10 + 2 = Mon 10-12."""
    case = _suspended_two_days()
    case.when(suspend(), at=date(2026, 9, 28)).then()
    case.when(resume(), at=date(2026, 9, 30)).then()
    notice = deadline(case.state, "notice.issue")
    assert (notice.nominal_on, notice.due_on) == (date(2026, 10, 5), date(2026, 10, 8))


def test_before_edition_3_from_the_rolled_day() -> None:
    """Edition 2, as it ran: 10-08 + 2 = Sat 10-10, a make-up working day."""
    case = _suspended_two_days(edition=COURTS)
    notice = deadline(case.state, "notice.issue")
    assert (notice.nominal_on, notice.due_on) == (None, date(2026, 10, 10))
