"""The court calendar: periods (期间), rest days, make-up working days (调休), Asia/Shanghai.

Holiday facts used below, as printed from chinese-calendar 1.11:
- 2026 National Day 国庆节: Oct 1 (Thu) - Oct 7 (Wed); make-up working days Sun Sep 20, Sat Oct 10.
- 2026 Spring Festival 春节: Feb 15 (Sun) - Feb 23 (Mon); make-up working days Sat Feb 14 and
  Sat Feb 28.
- 2026 Labour Day 劳动节: May 1 (Fri) - May 5 (Tue); make-up working day Sat May 9.
- 2025: National Day and Mid-autumn share one block, Oct 1-8; Oct 6 is named "Mid-autumn Festival".
- The longest run of rest days 2004-2026 is 10 days: Spring Festival 2020, Jan 24 - Feb 2
  (extended by the State Council for COVID-19).
- The package knows 2004-2026; 2027 is not announced.
"""

from __future__ import annotations

from calendar import monthrange
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone

import chinese_calendar
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.calendar import (
    SHANGHAI,
    CourtCalendar,
    DueDate,
    end_of_day,
    local_date,
    start_of_day,
)

CAL = CourtCalendar.default()

# Hypothesis draws from a range that spans unannounced years on both sides of the package data.
FIRST, LAST = date(2002, 1, 1), date(2029, 12, 31)
dates = st.dates(min_value=FIRST, max_value=LAST)
package_dates = st.dates(min_value=date(2004, 1, 1), max_value=date(2026, 12, 31))


def _days(start: date, end: date) -> list[date]:
    """Every day in [start, end]."""
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def _longest_rest_run(cal: CourtCalendar, start: date, end: date) -> int:
    best = run = 0
    for d in _days(start, end):
        run = run + 1 if cal.is_rest_day(d) else 0
        best = max(best, run)
    return best


LONGEST_REST_RUN = _longest_rest_run(CAL, FIRST - timedelta(days=31), LAST + timedelta(days=400))


# ---------------------------------------------------------------------- the holiday data


def test_the_facts_these_tests_rely_on_hold_in_the_package_data() -> None:
    national_day_2026 = [
        d for d, n in chinese_calendar.holidays.items() if d.year == 2026 and n == "National Day"
    ]
    assert sorted(national_day_2026) == _days(date(2026, 10, 1), date(2026, 10, 7))
    assert {d for d in chinese_calendar.workdays if d.year == 2026} == {
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    }
    spring_2026 = [
        d for d, n in chinese_calendar.holidays.items() if d.year == 2026 and n == "Spring Festival"
    ]
    assert sorted(spring_2026) == _days(date(2026, 2, 15), date(2026, 2, 23))
    assert LONGEST_REST_RUN == 10
    assert all(CAL.is_rest_day(d) for d in _days(date(2020, 1, 24), date(2020, 2, 2)))


@given(package_dates)
def test_within_the_package_years_working_days_agree_with_the_package(d: date) -> None:
    assert CAL.is_working_day(d) == chinese_calendar.is_workday(d)
    assert CAL.is_rest_day(d) == chinese_calendar.is_holiday(d)


def test_announced_years_are_those_the_package_knows() -> None:
    assert not CAL.is_announced(2003)
    assert CAL.is_announced(2004)
    assert CAL.is_announced(2026)
    assert not CAL.is_announced(2027)


def test_default_calendar_is_built_once() -> None:
    assert CourtCalendar.default() is CourtCalendar.default()


# ---------------------------------------------------------------------- rest and working days


def test_a_statutory_holiday_on_a_weekday_is_a_rest_day() -> None:
    assert CAL.is_rest_day(date(2026, 10, 1))  # Thursday, National Day
    assert CAL.holiday_name(date(2026, 10, 1)) == "National Day"


def test_a_make_up_working_saturday_is_a_working_day() -> None:
    assert date(2026, 10, 10).weekday() == 5
    assert CAL.is_working_day(date(2026, 10, 10))
    assert CAL.holiday_name(date(2026, 10, 10)) is None


def test_an_ordinary_weekend_is_a_rest_day_without_a_holiday_name() -> None:
    assert CAL.is_rest_day(date(2026, 10, 11))  # Sunday
    assert CAL.holiday_name(date(2026, 10, 11)) is None


def test_mid_autumn_inside_the_2025_national_day_block_keeps_its_own_name() -> None:
    assert CAL.holiday_name(date(2025, 10, 6)) == "Mid-autumn Festival"
    assert CAL.holiday_name(date(2025, 10, 8)) == "National Day"


def test_next_working_day_is_the_day_itself_when_it_is_a_working_day() -> None:
    assert CAL.next_working_day(date(2026, 9, 30)) == date(2026, 9, 30)
    assert CAL.next_working_day(date(2026, 10, 10)) == date(2026, 10, 10)


def test_next_working_day_skips_a_whole_holiday_block() -> None:
    assert CAL.next_working_day(date(2026, 10, 1)) == date(2026, 10, 8)
    assert CAL.next_working_day(date(2026, 2, 15)) == date(2026, 2, 24)


# ---------------------------------------------------------------------- periods in days


def test_a_period_starts_the_day_after_the_trigger() -> None:
    # Thu 2026-09-03 + 10 days = Sun 09-13, a rest day -> Mon 09-14.
    assert CAL.days_after(date(2026, 9, 2), 10) == DueDate(on=date(2026, 9, 14))
    assert CAL.days_after(date(2026, 9, 1), 10) == DueDate(on=date(2026, 9, 11))  # a Friday


def test_a_10_day_period_ending_in_national_day_2026_ends_on_the_first_working_day_after() -> None:
    # Last day Sun 2026-10-04 is inside Oct 1-7 -> Thu 2026-10-08.
    assert CAL.days_after(date(2026, 9, 24), 10) == DueDate(on=date(2026, 10, 8))
    # Last day Thu 2026-10-01, the first holiday -> also Oct 8.
    assert CAL.days_after(date(2026, 9, 21), 10) == DueDate(on=date(2026, 10, 8))


def test_holidays_inside_a_period_are_counted_not_skipped() -> None:
    # Sep 28 + 15 days runs through the whole National Day block and ends on Tue Oct 13.
    assert CAL.days_after(date(2026, 9, 28), 15) == DueDate(on=date(2026, 10, 13))


def test_a_period_ending_on_a_make_up_working_saturday_is_not_rolled() -> None:
    assert CAL.days_after(date(2026, 9, 30), 10) == DueDate(on=date(2026, 10, 10))


def test_a_period_ending_on_a_make_up_working_sunday_is_not_rolled() -> None:
    assert CAL.days_after(date(2026, 9, 10), 10) == DueDate(on=date(2026, 9, 20))


def test_a_zero_day_period_is_the_trigger_day_rolled_off_rest_days() -> None:
    assert CAL.days_after(date(2026, 9, 30), 0) == DueDate(on=date(2026, 9, 30))
    assert CAL.days_after(date(2026, 10, 3), 0) == DueDate(on=date(2026, 10, 8))


# ---------------------------------------------------------------------- periods in working days


def test_a_working_day_period_across_spring_festival_2026_counts_the_make_up_days() -> None:
    friday = date(2026, 2, 13)
    # Sat Feb 14 (make-up) is working day 1; Feb 15-23 are holidays; Feb 24-27 are 2-5;
    # Sat Feb 28 (make-up) is 6; Mon Mar 2 is 7.
    assert CAL.working_days_after(friday, 1) == DueDate(on=date(2026, 2, 14))
    assert CAL.working_days_after(friday, 2) == DueDate(on=date(2026, 2, 24))
    assert CAL.working_days_after(friday, 6) == DueDate(on=date(2026, 2, 28))
    assert CAL.working_days_after(friday, 7) == DueDate(on=date(2026, 3, 2))


def test_petition_registered_within_5_working_days_of_the_friday_before_labour_day() -> None:
    # Petition (涉执信访) received Fri 2026-04-30; Labour Day is May 1-5; May 6, 7, 8 are working
    # days 1-3, the make-up Saturday May 9 is day 4, Mon May 11 is day 5.
    assert CAL.working_days_after(date(2026, 4, 30), 5) == DueDate(on=date(2026, 5, 11))


def test_zero_working_days_is_the_trigger_itself() -> None:
    assert CAL.working_days_after(date(2026, 10, 3), 0) == DueDate(on=date(2026, 10, 3))


# ---------------------------------------------------------------------- periods in months


def test_months_after_the_31st_clamps_to_february_end_and_rolls() -> None:
    # 2026-08-31 + 6 months -> 2027-02-28, a Sunday in an unannounced year -> Mon 2027-03-01.
    assert CAL.months_after(date(2026, 8, 31), 6) == DueDate(on=date(2027, 3, 1), provisional=True)


def test_months_after_clamps_to_february_29_in_a_leap_year() -> None:
    assert CAL.months_after(date(2023, 8, 31), 6) == DueDate(on=date(2024, 2, 29))


def test_months_after_landing_on_a_make_up_saturday_is_not_rolled() -> None:
    # 2025-08-31 + 6 months -> Sat 2026-02-28, a make-up working day of Spring Festival 2026.
    assert CAL.months_after(date(2025, 8, 31), 6) == DueDate(on=date(2026, 2, 28))


def test_months_after_keeps_the_day_number() -> None:
    # Filing on 2026-03-02, the 6-month time limit ends on 2026-09-02 (a Wednesday).
    assert CAL.months_after(date(2026, 3, 2), 6) == DueDate(on=date(2026, 9, 2))
    # 2026-03-31 + 2 months -> Sun 2026-05-31 -> Mon 2026-06-01.
    assert CAL.months_after(date(2026, 3, 31), 2) == DueDate(on=date(2026, 6, 1))


# ---------------------------------------------------------------------- unannounced years


def test_a_period_ending_in_2027_is_provisional_and_only_weekends_roll() -> None:
    # 2027-01-01 (Fri) will be New Year's Day, but 2027 is not announced: it is a working day.
    assert CAL.days_after(date(2026, 12, 22), 10) == DueDate(on=date(2027, 1, 1), provisional=True)
    # Sat 2027-01-02 rolls over the weekend only.
    assert CAL.days_after(date(2026, 12, 23), 10) == DueDate(on=date(2027, 1, 4), provisional=True)


def test_a_period_ending_on_the_last_working_day_of_2026_is_not_provisional() -> None:
    assert CAL.days_after(date(2026, 12, 21), 10) == DueDate(on=date(2026, 12, 31))


def test_working_days_counted_into_2027_are_provisional() -> None:
    # Dec 29, 30, 31 are days 1-3; Fri 2027-01-01 counts as day 4 (unannounced); Mon Jan 4 is 5.
    assert CAL.working_days_after(date(2026, 12, 28), 5) == DueDate(
        on=date(2027, 1, 4), provisional=True
    )
    assert CAL.working_days_after(date(2026, 12, 28), 3) == DueDate(on=date(2026, 12, 31))


def test_years_before_the_package_data_are_unannounced_too() -> None:
    assert CAL.days_after(date(2003, 6, 1), 1) == DueDate(on=date(2003, 6, 2), provisional=True)


# ---------------------------------------------------------------------- configuration


def test_configured_holidays_announce_their_year() -> None:
    cal = CourtCalendar(holidays={date(2027, 1, 1): "New Year's Day"})
    assert cal.is_announced(2027)
    assert cal.holiday_name(date(2027, 1, 1)) == "New Year's Day"
    assert cal.days_after(date(2026, 12, 22), 10) == DueDate(on=date(2027, 1, 4))
    # Package data is kept.
    assert cal.days_after(date(2026, 9, 24), 10) == DueDate(on=date(2026, 10, 8))


def test_configured_make_up_working_day_is_a_working_day() -> None:
    cal = CourtCalendar(workdays={date(2027, 1, 2): "New Year's Day"})
    assert cal.is_working_day(date(2027, 1, 2))
    assert cal.days_after(date(2026, 12, 23), 10) == DueDate(on=date(2027, 1, 2))


def test_a_year_can_be_announced_without_extra_dates() -> None:
    cal = CourtCalendar(announced_years=[2027])
    assert cal.days_after(date(2026, 12, 22), 10) == DueDate(on=date(2027, 1, 1))


def test_a_date_cannot_be_both_a_holiday_and_a_make_up_working_day() -> None:
    with pytest.raises(ValueError, match="2026-10-10"):
        CourtCalendar(holidays={date(2026, 10, 10): "National Day"})


def test_the_default_calendar_is_not_changed_by_a_configured_one() -> None:
    CourtCalendar(holidays={date(2027, 1, 1): "New Year's Day"})
    assert not CourtCalendar.default().is_announced(2027)


# ---------------------------------------------------------------------- refusals


@pytest.mark.parametrize(
    "compute",
    [
        lambda: CAL.days_after(date(2026, 1, 5), -1),
        lambda: CAL.working_days_after(date(2026, 1, 5), -1),
        lambda: CAL.months_after(date(2026, 1, 5), -1),
    ],
    ids=["days", "working_days", "months"],
)
def test_a_negative_period_is_refused(compute: Callable[[], DueDate]) -> None:
    with pytest.raises(ValueError, match="negative"):
        compute()


def test_a_datetime_is_refused_where_a_date_is_expected() -> None:
    with pytest.raises(TypeError):
        CAL.days_after(datetime(2026, 1, 5, tzinfo=SHANGHAI), 1)


def test_due_date_is_immutable_and_serialises_as_an_iso_date() -> None:
    due = DueDate(on=date(2026, 10, 8))
    with pytest.raises(ValidationError):
        due.on = date(2026, 10, 9)  # type: ignore[misc]
    assert due.model_dump(mode="json") == {"on": "2026-10-08", "provisional": False}


# ---------------------------------------------------------------------- Asia/Shanghai


def test_local_date_is_the_shanghai_calendar_day() -> None:
    assert local_date(datetime(2026, 3, 1, 15, 59, tzinfo=UTC)) == date(2026, 3, 1)
    assert local_date(datetime(2026, 3, 1, 16, 0, tzinfo=UTC)) == date(2026, 3, 2)


def test_local_date_refuses_a_naive_datetime() -> None:
    with pytest.raises(ValueError, match="naive"):
        local_date(datetime(2026, 3, 1, 12, 0))


def test_a_day_runs_from_its_midnight_to_the_next_midnight_in_shanghai() -> None:
    assert start_of_day(date(2026, 10, 8)) == datetime(2026, 10, 7, 16, 0, tzinfo=UTC)
    assert end_of_day(date(2026, 10, 8)) == datetime(2026, 10, 8, 16, 0, tzinfo=UTC)
    assert end_of_day(date(2026, 12, 31)) == start_of_day(date(2027, 1, 1))


# ---------------------------------------------------------------------- properties


@given(dates, st.integers(min_value=0, max_value=400))
def test_days_after_ends_on_the_first_working_day_on_or_after_the_last_day(
    trigger: date, days: int
) -> None:
    due = CAL.days_after(trigger, days)
    last_day = trigger + timedelta(days=days)
    assert CAL.is_working_day(due.on)
    assert due.on >= last_day
    assert (due.on - last_day).days <= LONGEST_REST_RUN
    looked_at = _days(last_day, due.on)
    assert all(CAL.is_rest_day(d) for d in looked_at[:-1])
    assert due.provisional == any(not CAL.is_announced(d.year) for d in looked_at)


@given(dates, st.integers(min_value=0, max_value=60))
def test_working_days_after_has_exactly_n_working_days_in_between(trigger: date, n: int) -> None:
    due = CAL.working_days_after(trigger, n)
    between = _days(trigger + timedelta(days=1), due.on) if due.on > trigger else []
    assert sum(CAL.is_working_day(d) for d in between) == n
    if n:
        assert CAL.is_working_day(due.on)
    assert due.provisional == any(not CAL.is_announced(d.year) for d in between)


@given(dates, dates, st.integers(min_value=0, max_value=36))
def test_months_after_is_monotone_in_the_trigger(a: date, b: date, months: int) -> None:
    early, late = min(a, b), max(a, b)
    assert CAL.months_after(early, months).on <= CAL.months_after(late, months).on


@given(dates, st.integers(min_value=0, max_value=36))
def test_months_after_is_the_same_day_number_clamped_then_rolled(
    trigger: date, months: int
) -> None:
    year, month0 = divmod(trigger.year * 12 + trigger.month - 1 + months, 12)
    month = month0 + 1
    clamped = date(year, month, min(trigger.day, monthrange(year, month)[1]))
    due = CAL.months_after(trigger, months)
    assert due == CAL.days_after(clamped, 0)
    assert due.on == CAL.next_working_day(clamped)


@given(dates, st.integers(min_value=-12 * 60, max_value=14 * 60), st.integers(0, 86_399))
def test_local_date_start_and_end_of_day_agree(d: date, offset_min: int, second: int) -> None:
    assert local_date(start_of_day(d)) == d
    assert local_date(end_of_day(d) - timedelta(microseconds=1)) == d
    assert end_of_day(d) - start_of_day(d) == timedelta(days=1)
    moment = start_of_day(d) + timedelta(seconds=second)
    elsewhere = moment.astimezone(timezone(timedelta(minutes=offset_min)))
    assert local_date(elsewhere) == d
