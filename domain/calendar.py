"""Court calendar: Asia/Shanghai dates, statutory holidays and the rule on periods (期间).

Rules (DOMAIN.md, "Counting time"):

- A period counted in days starts the day after its trigger: the trigger day itself is not
  counted (Civil Procedure Law 民事诉讼法 (2023) art. 85: 期间开始的时和日，不计算在期间内).
- When the last day of a period is a rest day, the period ends on the next working day (same
  article: 期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期). Court
  practice treats ordinary weekends as rest days too. Rest days in the middle of a period are
  counted, not skipped.
- A period counted in months ends on the same day-number in the last month, or on that month's
  last day when it has no such day, and is then rolled like a period in days.
- "Working days" skip weekends and statutory holidays (法定节假日) but count the official make-up
  working days (调休上班日, a Saturday or Sunday worked to bridge a holiday).

Holiday data comes from the ``chinese-calendar`` package (its module-level ``holidays`` and
``workdays`` dicts; its functions raise ``NotImplementedError`` outside the years they know), plus
whatever configuration adds. The State Council announces each year's schedule late in the year
before, so a year with no data is "not announced": only weekends are rest days there, and any due
date whose computation had to classify a day of such a year is marked ``provisional``.

This module is pure and deterministic (no I/O, no clock, no randomness, no Temporal imports): it
runs inside Temporal's workflow sandbox.

Due dates are recorded in events, but Temporal replays a case by running ``decide`` again, so
the holiday table is part of the code running cases replay: ``chinese-calendar`` is pinned, and
loading a newly announced year is a change to running cases (``workflow.patched``, with the
provisional due dates re-evaluated by an explicit event), never a silent upgrade.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta, timezone
from typing import ClassVar

import chinese_calendar
from pydantic import BaseModel, ConfigDict

__all__ = [
    "SHANGHAI",
    "CourtCalendar",
    "DueDate",
    "end_of_day",
    "local_date",
    "start_of_day",
]

# China has had no daylight saving time since 1991; a fixed offset avoids reading tzdata (I/O)
# inside the workflow sandbox.
SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")

_ONE_DAY = timedelta(days=1)
_SATURDAY = 5  # date.weekday(): Monday == 0 ... Saturday == 5, Sunday == 6


class DueDate(BaseModel):
    """The last day of a period, after the rest-day roll.

    ``provisional`` is True when the computation classified a day of a year whose holidays have
    not been announced yet: the date may move once that year's schedule is loaded.
    """

    model_config = ConfigDict(frozen=True)

    on: date
    provisional: bool = False


def _require_date(d: date) -> None:
    # A datetime is a date subclass, but it never equals a date, so it would silently miss every
    # holiday lookup; and its calendar day depends on its time zone. Convert with local_date().
    if isinstance(d, datetime):
        raise TypeError("expected a date, got a datetime; convert it with local_date() first")


def _require_non_negative(value: int, unit: str) -> None:
    if value < 0:
        raise ValueError(f"a period cannot be negative: {value} {unit}")


def add_months(d: date, months: int) -> date:
    """The same day-number ``months`` later, clamped to the last day of the target month."""
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    month = month0 + 1
    last_day = 31 if month == 12 else (date(year, month + 1, 1) - _ONE_DAY).day
    return date(year, month, min(d.day, last_day))


def months_between(start: date, end: date) -> int:
    """Whole calendar months from ``start``'s month to ``end``'s (days ignored): 2026-03-19 to
    2026-09-21 is 6."""
    return (end.year - start.year) * 12 + end.month - start.month


class CourtCalendar:
    """Rest days, working days and period arithmetic for the courts.

    ``holidays`` and ``workdays`` (make-up working days, 调休) map a date to the holiday's name;
    they are added to the ``chinese-calendar`` package's data. A year is announced when the
    package covers it, when a supplied holiday or workday falls in it, or when it is listed in
    ``announced_years``. A date may not be both a holiday and a make-up working day.
    """

    _default: ClassVar[CourtCalendar | None] = None

    def __init__(
        self,
        holidays: Mapping[date, str] | None = None,
        workdays: Mapping[date, str] | None = None,
        announced_years: Iterable[int] | None = None,
    ) -> None:
        package_holidays: Mapping[date, str] = chinese_calendar.holidays
        package_workdays: Mapping[date, str] = chinese_calendar.workdays
        # The package's own notion of coverage: every year between its first and last holiday.
        first_year = min(package_holidays).year
        last_year = max(package_holidays).year

        holiday_names: dict[date, str] = dict(package_holidays)
        holiday_names.update(holidays or {})
        workday_days = set(package_workdays).union(workdays or ())
        years = set(range(first_year, last_year + 1))
        for d in (*(holidays or ()), *(workdays or ())):
            _require_date(d)
            years.add(d.year)
        holiday_days = set(holiday_names)

        clash = holiday_days & workday_days
        if clash:
            listed = ", ".join(sorted(d.isoformat() for d in clash))
            raise ValueError(f"dates both a holiday and a make-up working day: {listed}")
        if announced_years is not None:
            years.update(announced_years)

        self._holidays: frozenset[date] = frozenset(holiday_days)
        self._workdays: frozenset[date] = frozenset(workday_days)
        self._announced: frozenset[int] = frozenset(years)
        self._holiday_names: Mapping[date, str] = holiday_names

    @classmethod
    def default(cls) -> CourtCalendar:
        """The calendar of the ``chinese-calendar`` package alone, built once and shared."""
        cached = CourtCalendar._default
        if cached is None:
            cached = CourtCalendar()
            CourtCalendar._default = cached
        return cached

    # ------------------------------------------------------------------ classification

    def is_announced(self, year: int) -> bool:
        """Whether the holiday schedule of ``year`` is known (from the package or configuration)."""
        return year in self._announced

    def is_rest_day(self, d: date) -> bool:
        """A statutory holiday, or a Saturday/Sunday that is not a make-up working day."""
        _require_date(d)
        return self._is_rest(d)

    def is_working_day(self, d: date) -> bool:
        _require_date(d)
        return not self._is_rest(d)

    def holiday_name(self, d: date) -> str | None:
        """The holiday's name (the package's English names, e.g. "National Day"), else None.

        An ordinary weekend is a rest day without a name; a make-up working day has no name here.
        """
        _require_date(d)
        return self._holiday_names.get(d)

    def _is_rest(self, d: date) -> bool:
        # Hot path: two frozenset lookups at most. Unannounced years have no entries, so there
        # only weekends are rest days, as the rule requires.
        if d in self._holidays:
            return True
        return d.weekday() >= _SATURDAY and d not in self._workdays

    # ------------------------------------------------------------------ periods

    def next_working_day(self, d: date) -> date:
        """``d`` itself when it is a working day, else the first working day after it."""
        _require_date(d)
        return self._roll(d)[0]

    def days_after(self, trigger: date, days: int) -> DueDate:
        """A period of ``days`` calendar days from ``trigger`` (not counted), rolled off rest days.

        Rest days inside the period count; only a rest last day moves the end to the next
        working day. ``days=0`` is the trigger day itself, rolled the same way.
        """
        _require_date(trigger)
        _require_non_negative(days, "days")
        on, provisional = self._roll(trigger + timedelta(days=days))
        return DueDate(on=on, provisional=provisional)

    def working_days_after(self, trigger: date, days: int) -> DueDate:
        """The ``days``-th working day after ``trigger`` (``days=0`` is ``trigger`` itself)."""
        _require_date(trigger)
        _require_non_negative(days, "working days")
        announced = self._announced
        d = trigger
        provisional = False
        remaining = days
        while remaining:
            d += _ONE_DAY
            if d.year not in announced:
                provisional = True
            if not self._is_rest(d):
                remaining -= 1
        return DueDate(on=d, provisional=provisional)

    def months_after(self, trigger: date, months: int) -> DueDate:
        """A period of ``months`` months: the same day-number ``months`` later (clamped to the
        last day of a shorter month), then rolled off rest days like ``days_after``."""
        _require_date(trigger)
        _require_non_negative(months, "months")
        on, provisional = self._roll(add_months(trigger, months))
        return DueDate(on=on, provisional=provisional)

    def _roll(self, d: date) -> tuple[date, bool]:
        """The first working day on or after ``d``, and whether any day looked at is unannounced."""
        announced = self._announced
        provisional = d.year not in announced
        while self._is_rest(d):
            d += _ONE_DAY
            if d.year not in announced:
                provisional = True
        return d, provisional


# ---------------------------------------------------------------------- time of day


def local_date(moment: datetime) -> date:
    """The Asia/Shanghai calendar date of an aware ``moment``; a naive datetime is refused."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("a naive datetime has no place in time; give it a time zone")
    return moment.astimezone(SHANGHAI).date()


def start_of_day(d: date) -> datetime:
    """00:00 Asia/Shanghai on ``d`` (aware)."""
    _require_date(d)
    return datetime(d.year, d.month, d.day, tzinfo=SHANGHAI)


def end_of_day(d: date) -> datetime:
    """The moment day ``d`` is over: 00:00 Asia/Shanghai of the next day (aware).

    A deadline due "on" ``d`` is missed at this instant, not at 23:59:59.
    """
    _require_date(d)
    return start_of_day(d + _ONE_DAY)
