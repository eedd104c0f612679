"""CMP-NOW: StoreHours, the store's opening hours and the working time they add up to.

Expected values are worked out by hand from the official calendars, not from the code:

* China 2025 (Asia/Shanghai, UTC+8 all year): National Day golden week 10-01..08 off;
  make-up workdays Sunday 09-28 and Saturday 10-11; 09-13/14 and 09-20/21 are ordinary
  weekends; 2025-09-12 is a Friday, 09-15 a Monday, 09-30 a Tuesday, 10-09 a Thursday.
* Germany 2025 (Europe/Berlin): the clocks go forward on Sunday 03-30 at 02:00 CET
  (UTC+1 -> UTC+2) and back on Sunday 10-26 at 03:00 CEST (UTC+2 -> UTC+1); 03-28 and
  10-24 are Fridays, 03-31 and 10-27 Mondays, none of them a public holiday.
* The default day is 09:00-21:00, twelve hours of wall clock.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from retention import (
    InvalidInputError,
    InvalidTypeError,
    OutOfCalendarError,
    StoreCalendar,
    StoreDay,
    StoreHours,
)

H = dt.timedelta(hours=1)
MIN = dt.timedelta(minutes=1)
UTC = dt.UTC
SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")

CN = StoreCalendar.build("CN", years=[2025])
DE = StoreCalendar.build("DE", years=[2025])
#: Germany with the store open on both 2025 DST Sundays.
DE_DST_SUNDAYS = StoreCalendar.build(
    "DE",
    years=[2025],
    store_days=[
        StoreDay(dt.date(2025, 3, 30), kind="open", name="Spring sale"),
        StoreDay(dt.date(2025, 10, 26), kind="open", name="Autumn sale"),
    ],
)

CN_HOURS = StoreHours(CN, timezone="Asia/Shanghai")
DE_HOURS = StoreHours(DE, timezone="Europe/Berlin")


def sh(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A 2025 wall-clock instant in Shanghai."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


def be(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A 2025 wall-clock instant in Berlin."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=BERLIN)


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A 2025 instant in UTC."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=UTC)


# --- construction and defaults ----------------------------------------------------------------


def test_default_hours_are_nine_to_nine() -> None:
    """CMP-NOW: a store day defaults to 09:00-21:00 with no per-weekday exceptions."""
    assert CN_HOURS.opens == dt.time(9)
    assert CN_HOURS.closes == dt.time(21)
    assert dict(CN_HOURS.by_weekday) == {}
    assert CN_HOURS.timezone == "Asia/Shanghai"
    assert CN_HOURS.zone == SHANGHAI


def test_window_of_a_working_day_is_in_utc() -> None:
    """CMP-NOW: Monday 2025-09-15 09:00-21:00 in Shanghai is 01:00-13:00 UTC."""
    assert CN_HOURS.window(dt.date(2025, 9, 15)) == (utc(9, 15, 1), utc(9, 15, 13))


def test_window_follows_berlin_offset_on_each_side_of_dst() -> None:
    """CMP-NOW: 09:00-21:00 is 08:00-20:00 UTC on Fri 03-28 (CET), 07:00-19:00 on Mon 03-31."""
    assert DE_HOURS.window(dt.date(2025, 3, 28)) == (utc(3, 28, 8), utc(3, 28, 20))
    assert DE_HOURS.window(dt.date(2025, 3, 31)) == (utc(3, 31, 7), utc(3, 31, 19))


@pytest.mark.parametrize(
    "day",
    [
        dt.date(2025, 9, 13),  # ordinary Saturday
        dt.date(2025, 9, 14),  # ordinary Sunday
        dt.date(2025, 10, 1),  # National Day
        dt.date(2025, 10, 8),  # last day of the golden week (substituted day off)
    ],
    ids=str,
)
def test_window_is_none_on_a_day_off(day: dt.date) -> None:
    """CMP-NOW: weekends and CN golden-week days have no opening window."""
    assert CN_HOURS.window(day) is None


@pytest.mark.parametrize("day", [dt.date(2025, 9, 28), dt.date(2025, 10, 11)], ids=str)
def test_window_on_a_cn_make_up_workday(day: dt.date) -> None:
    """CMP-NOW: CN make-up workdays (Sun 09-28, Sat 10-11) open 09:00-21:00 like any workday."""
    assert CN_HOURS.window(day) == (
        dt.datetime.combine(day, dt.time(1), tzinfo=UTC),
        dt.datetime.combine(day, dt.time(13), tzinfo=UTC),
    )


def test_window_outside_the_calendar_raises_out_of_calendar() -> None:
    """CMP-NOW: a day outside the calendar's years is refused, not guessed."""
    with pytest.raises(OutOfCalendarError):
        CN_HOURS.window(dt.date(2026, 1, 5))


# --- working_time -----------------------------------------------------------------------------


def test_working_time_within_one_day() -> None:
    """CMP-NOW: 10:00 to 12:30 on a working day is 2 h 30 min of working time."""
    assert CN_HOURS.working_time(sh(9, 15, 10), sh(9, 15, 12, 30)) == 2 * H + 30 * MIN


def test_working_time_of_a_whole_working_day_is_twelve_hours() -> None:
    """CMP-NOW: midnight to midnight of a working day counts only 09:00-21:00, 12 h."""
    assert CN_HOURS.working_time(sh(9, 15), sh(9, 16)) == 12 * H


def test_working_time_across_a_weekend() -> None:
    """CMP-NOW: Fri 09-12 18:00 to Mon 09-15 11:00 is 3 h Friday + 2 h Monday = 5 h."""
    assert CN_HOURS.working_time(sh(9, 12, 18), sh(9, 15, 11)) == 5 * H


def test_working_time_of_an_ordinary_weekend_is_zero() -> None:
    """CMP-NOW: Saturday 09-20 00:00 to Monday 09-22 00:00 has no working time."""
    assert CN_HOURS.working_time(sh(9, 20), sh(9, 22)) == dt.timedelta(0)


def test_working_time_across_cn_golden_week() -> None:
    """CMP-NOW: Tue 09-30 18:00 to Thu 10-09 11:00 skips 10-01..08: 3 h + 2 h = 5 h."""
    assert CN_HOURS.working_time(sh(9, 30, 18), sh(10, 9, 11)) == 5 * H


def test_working_time_inside_cn_golden_week_is_zero() -> None:
    """CMP-NOW: nothing of 10-01 00:00 .. 10-09 00:00 is working time."""
    assert CN_HOURS.working_time(sh(10, 1), sh(10, 9)) == dt.timedelta(0)


def test_cn_make_up_sunday_counts_as_working_time() -> None:
    """CMP-NOW: the make-up Sunday 2025-09-28 is a full 12-hour working day."""
    assert CN_HOURS.working_time(sh(9, 27), sh(9, 29)) == 12 * H


def test_cn_make_up_saturday_counts_as_working_time() -> None:
    """CMP-NOW: the make-up Saturday 2025-10-11 is a full 12-hour working day."""
    assert CN_HOURS.working_time(sh(10, 11), sh(10, 12)) == 12 * H


def test_working_time_across_berlin_spring_forward() -> None:
    """CMP-NOW: Fri 03-28 20:00 CET to Mon 03-31 12:00 CEST is 1 h + 3 h = 4 h."""
    assert DE_HOURS.working_time(be(3, 28, 20), be(3, 31, 12)) == 4 * H


def test_working_time_across_berlin_fall_back() -> None:
    """CMP-NOW: Fri 10-24 20:00 CEST to Mon 10-27 12:00 CET is 1 h + 3 h = 4 h."""
    assert DE_HOURS.working_time(be(10, 24, 20), be(10, 27, 12)) == 4 * H


def test_working_time_accepts_instants_in_any_zone() -> None:
    """CMP-NOW: the same instants written in UTC give the same working time."""
    # Fri 03-28 20:00 CET is 19:00 UTC; Mon 03-31 12:00 CEST is 10:00 UTC.
    assert DE_HOURS.working_time(utc(3, 28, 19), utc(3, 31, 10)) == 4 * H


def test_working_time_on_the_spring_forward_day_is_elapsed_time() -> None:
    """CMP-NOW: 01:00 CET-05:00 CEST on 2025-03-30 is 3 h elapsed, not 4 h of wall clock."""
    hours = StoreHours(
        DE_DST_SUNDAYS, timezone="Europe/Berlin", by_weekday={6: (dt.time(1), dt.time(5))}
    )
    # 01:00 CET = 00:00 UTC; 05:00 CEST = 03:00 UTC.
    assert hours.window(dt.date(2025, 3, 30)) == (utc(3, 30, 0), utc(3, 30, 3))
    assert hours.working_time(be(3, 30), be(3, 31)) == 3 * H


def test_working_time_on_the_fall_back_day_is_elapsed_time() -> None:
    """CMP-NOW: 01:00 CEST-05:00 CET on 2025-10-26 is 5 h elapsed, not 4 h of wall clock."""
    hours = StoreHours(
        DE_DST_SUNDAYS, timezone="Europe/Berlin", by_weekday={6: (dt.time(1), dt.time(5))}
    )
    # 01:00 CEST = 23:00 UTC the day before; 05:00 CET = 04:00 UTC.
    assert hours.window(dt.date(2025, 10, 26)) == (utc(10, 25, 23), utc(10, 26, 4))
    assert hours.working_time(be(10, 26), be(10, 27)) == 5 * H


def test_default_day_on_a_dst_sunday_is_twelve_hours() -> None:
    """CMP-NOW: an open DST Sunday's 09:00-21:00 (after the switch) is still 12 h."""
    hours = StoreHours(DE_DST_SUNDAYS, timezone="Europe/Berlin")
    assert hours.working_time(be(3, 30), be(3, 31)) == 12 * H
    assert hours.working_time(be(10, 26), be(10, 27)) == 12 * H


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (sh(9, 15, 12), sh(9, 15, 12)),  # equal
        (sh(9, 15, 12), sh(9, 15, 10)),  # end before start
        (sh(9, 15, 12), sh(9, 12, 10)),  # end days before start
    ],
    ids=["equal", "hours-before", "days-before"],
)
def test_working_time_end_not_after_start_is_zero(start: dt.datetime, end: dt.datetime) -> None:
    """CMP-NOW: an end at or before the start gives zero working time."""
    assert CN_HOURS.working_time(start, end) == dt.timedelta(0)


def test_working_time_outside_opening_hours_is_zero() -> None:
    """CMP-NOW: 21:00 Monday to 09:00 Tuesday, the night, counts nothing."""
    assert CN_HOURS.working_time(sh(9, 15, 21), sh(9, 16, 9)) == dt.timedelta(0)


def test_working_time_by_weekday_shorter_saturday() -> None:
    """CMP-NOW: with Saturdays 10:00-16:00, Fri 10-10 20:00 to Mon 10-13 10:00 is 1+6+1 = 8 h."""
    hours = StoreHours(CN, timezone="Asia/Shanghai", by_weekday={5: (dt.time(10), dt.time(16))})
    assert hours.working_time(sh(10, 10, 20), sh(10, 13, 10)) == 8 * H
    # Saturday 10-11 is a make-up workday: 10:00-16:00 Shanghai is 02:00-08:00 UTC.
    assert hours.window(dt.date(2025, 10, 11)) == (utc(10, 11, 2), utc(10, 11, 8))


def test_by_weekday_does_not_open_a_day_off() -> None:
    """CMP-NOW: hours listed for Saturday do not make an ordinary Saturday a working day."""
    hours = StoreHours(CN, timezone="Asia/Shanghai", by_weekday={5: (dt.time(10), dt.time(16))})
    assert hours.window(dt.date(2025, 9, 13)) is None
    assert hours.working_time(sh(9, 13), sh(9, 14)) == dt.timedelta(0)


def test_by_weekday_leaves_other_days_at_default_hours() -> None:
    """CMP-NOW: a shorter Saturday leaves Monday at 09:00-21:00."""
    hours = StoreHours(CN, timezone="Asia/Shanghai", by_weekday={5: (dt.time(10), dt.time(16))})
    assert hours.working_time(sh(9, 15), sh(9, 16)) == 12 * H


def test_custom_default_hours() -> None:
    """CMP-NOW: opens/closes set the hours of every working day without an exception."""
    hours = StoreHours(CN, timezone="Asia/Shanghai", opens=dt.time(8), closes=dt.time(17, 30))
    assert hours.working_time(sh(9, 15), sh(9, 16)) == 9 * H + 30 * MIN


def test_working_time_out_of_calendar_start_raises() -> None:
    """CMP-NOW: a start before the calendar's first year is refused, naming start."""
    with pytest.raises(OutOfCalendarError, match=r"^start: "):
        CN_HOURS.working_time(dt.datetime(2024, 12, 30, 10, tzinfo=SHANGHAI), sh(1, 2, 10))


def test_working_time_out_of_calendar_end_raises() -> None:
    """CMP-NOW: an end after the calendar's last year is refused, naming end."""
    with pytest.raises(OutOfCalendarError, match=r"^end: "):
        CN_HOURS.working_time(sh(12, 30, 10), dt.datetime(2026, 1, 5, 10, tzinfo=SHANGHAI))


def test_working_time_may_end_at_midnight_after_the_calendars_last_day() -> None:
    """CMP-NOW: the span is half-open: an end at 2026-01-01 00:00 is fine, 1 microsecond on not."""
    new_year = dt.datetime(2026, 1, 1, tzinfo=SHANGHAI)
    # Wednesday 2025-12-31 is a working day: 20:00-21:00 is 1 h.
    assert CN_HOURS.working_time(sh(12, 31, 20), new_year) == H
    with pytest.raises(OutOfCalendarError, match=r"^end: "):
        CN_HOURS.working_time(sh(12, 31, 20), new_year + dt.timedelta(microseconds=1))


def test_out_of_calendar_is_judged_on_the_store_local_day() -> None:
    """CMP-NOW: 2024-12-31 20:00 UTC is already 2025-01-01 04:00 in Shanghai, so it is covered."""
    # 2025-01-01 is New Year's Day, 01-02 a working Thursday: 09:00-10:00 is 1 h.
    start = dt.datetime(2024, 12, 31, 20, tzinfo=UTC)
    assert CN_HOURS.working_time(start, sh(1, 2, 10)) == H


# --- add --------------------------------------------------------------------------------------


def test_add_within_one_day() -> None:
    """CMP-NOW: Monday 10:00 + 2 h is Monday 12:00."""
    assert CN_HOURS.add(sh(9, 15, 10), 2 * H) == sh(9, 15, 12)


def test_add_result_is_in_the_store_zone() -> None:
    """CMP-NOW: add answers in the store's time zone even for a UTC start."""
    result = CN_HOURS.add(utc(9, 15, 2), H)  # 10:00 Shanghai
    assert result == sh(9, 15, 11)
    assert result.utcoffset() == 8 * H


def test_add_zero_returns_start() -> None:
    """CMP-NOW: adding no working time gives the start instant back, even outside hours."""
    start = sh(9, 13, 3)  # a Saturday night
    assert CN_HOURS.add(start, dt.timedelta(0)) == start


def test_add_from_before_opening_starts_at_opening() -> None:
    """CMP-NOW: Monday 07:00 + 1 h starts counting at 09:00, so ends at 10:00."""
    assert CN_HOURS.add(sh(9, 15, 7), H) == sh(9, 15, 10)


def test_add_from_after_closing_starts_next_working_day() -> None:
    """CMP-NOW: Monday 22:00 + 30 min is Tuesday 09:30."""
    assert CN_HOURS.add(sh(9, 15, 22), 30 * MIN) == sh(9, 16, 9, 30)


def test_add_from_a_weekend_starts_next_monday() -> None:
    """CMP-NOW: Saturday 09-13 12:00 + 1 h is Monday 09-15 10:00."""
    assert CN_HOURS.add(sh(9, 13, 12), H) == sh(9, 15, 10)


def test_add_that_fills_the_day_ends_at_closing() -> None:
    """CMP-NOW: Monday 20:00 + 1 h is reached at 21:00 Monday, not Tuesday's opening."""
    assert CN_HOURS.add(sh(9, 15, 20), H) == sh(9, 15, 21)


def test_add_across_a_weekend() -> None:
    """CMP-NOW: Friday 09-12 20:00 + 2 h is 1 h Friday + 1 h Monday = Monday 10:00."""
    assert CN_HOURS.add(sh(9, 12, 20), 2 * H) == sh(9, 15, 10)


def test_add_across_cn_golden_week() -> None:
    """CMP-NOW: Tue 09-30 20:00 + 2 h is 1 h on 09-30 + 1 h on Thu 10-09 = 10-09 10:00."""
    assert CN_HOURS.add(sh(9, 30, 20), 2 * H) == sh(10, 9, 10)


def test_add_lands_on_cn_make_up_sunday() -> None:
    """CMP-NOW: Fri 09-26 20:00 + 2 h lands on the make-up Sunday 09-28 at 10:00."""
    assert CN_HOURS.add(sh(9, 26, 20), 2 * H) == sh(9, 28, 10)


def test_add_lands_on_cn_make_up_saturday() -> None:
    """CMP-NOW: Fri 10-10 20:00 + 2 h lands on the make-up Saturday 10-11 at 10:00."""
    assert CN_HOURS.add(sh(10, 10, 20), 2 * H) == sh(10, 11, 10)


def test_add_across_berlin_spring_forward() -> None:
    """CMP-NOW: Fri 03-28 20:00 CET + 4 h is Mon 03-31 12:00 CEST, 10:00 UTC."""
    result = DE_HOURS.add(be(3, 28, 20), 4 * H)
    assert result == utc(3, 31, 10)
    assert result.isoformat() == "2025-03-31T12:00:00+02:00"


def test_add_across_berlin_fall_back() -> None:
    """CMP-NOW: Fri 10-24 20:00 CEST + 4 h is Mon 10-27 12:00 CET, 11:00 UTC."""
    result = DE_HOURS.add(be(10, 24, 20), 4 * H)
    assert result == utc(10, 27, 11)
    assert result.isoformat() == "2025-10-27T12:00:00+01:00"


def test_add_with_shorter_saturday() -> None:
    """CMP-NOW: with Saturdays 10:00-16:00, Fri 10-10 20:00 + 8 h is Mon 10-13 10:00."""
    hours = StoreHours(CN, timezone="Asia/Shanghai", by_weekday={5: (dt.time(10), dt.time(16))})
    # 1 h Friday, 6 h on the make-up Saturday 10-11, 1 h Monday.
    assert hours.add(sh(10, 10, 20), 8 * H) == sh(10, 13, 10)


def test_add_past_the_calendar_end_raises() -> None:
    """CMP-NOW: Wed 2025-12-31 20:00 + 2 h needs 2026, which a 2025 calendar does not hold."""
    with pytest.raises(OutOfCalendarError, match="2025"):
        CN_HOURS.add(sh(12, 31, 20), 2 * H)


def test_add_from_outside_the_calendar_raises() -> None:
    """CMP-NOW: a start outside the calendar's years is refused."""
    with pytest.raises(OutOfCalendarError, match=r"^start: "):
        CN_HOURS.add(dt.datetime(2026, 1, 5, 10, tzinfo=SHANGHAI), H)


def test_add_negative_duration_raises() -> None:
    """CMP-NOW: a negative duration is refused, naming duration."""
    with pytest.raises(InvalidInputError, match=r"^duration: "):
        CN_HOURS.add(sh(9, 15, 10), -H)


def test_add_non_timedelta_duration_raises_invalid_type() -> None:
    """CMP-NOW: a duration that is not a timedelta is a type error."""
    with pytest.raises(InvalidTypeError, match=r"^duration: "):
        CN_HOURS.add(sh(9, 15, 10), 2)  # type: ignore[arg-type]


def test_add_non_timedelta_duration_message_quotes_the_value() -> None:
    """CMP-NOW: a duration given as text is refused quoting it."""
    with pytest.raises(InvalidTypeError) as caught:
        CN_HOURS.add(sh(9, 15, 10), "2h")  # type: ignore[arg-type]
    assert str(caught.value) == "duration: expected a datetime.timedelta, got '2h' (str)"


def test_add_and_working_time_agree() -> None:
    """CMP-NOW: the working time from a start to start + 25 h of working time is 25 h."""
    end = CN_HOURS.add(sh(9, 29, 15), 25 * H)
    # Mon 09-29 15-21 = 6 h, Tue 09-30 12 h = 18 h, golden week off, Thu 10-09 09:00 + 7 h.
    assert end == sh(10, 9, 16)
    assert CN_HOURS.working_time(sh(9, 29, 15), end) == 25 * H


# --- is_open ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (sh(9, 15, 9), True),  # opening instant
        (sh(9, 15, 14), True),
        (sh(9, 15, 20, 59), True),
        (sh(9, 15, 21), False),  # closing instant
        (sh(9, 15, 8, 59), False),
        (sh(9, 13, 12), False),  # ordinary Saturday
        (sh(10, 3, 12), False),  # golden week
        (sh(9, 28, 12), True),  # make-up Sunday
        (utc(9, 15, 2), True),  # 10:00 Shanghai
    ],
    ids=str,
)
def test_is_open(at: dt.datetime, expected: bool) -> None:  # noqa: FBT001
    """CMP-NOW: is_open holds from opening (included) to closing (excluded) on working days."""
    assert CN_HOURS.is_open(at) is expected


def test_is_open_follows_berlin_dst() -> None:
    """CMP-NOW: 07:30 UTC is 08:30 CET (closed) on Fri 03-28 but 09:30 CEST (open) on Mon 03-31."""
    assert DE_HOURS.is_open(utc(3, 28, 7, 30)) is False
    assert DE_HOURS.is_open(utc(3, 31, 7, 30)) is True


# --- bad input --------------------------------------------------------------------------------


def test_working_time_naive_start_raises_naming_the_field() -> None:
    """CMP-NOW: a naive start is refused with InvalidInputError naming start."""
    with pytest.raises(InvalidInputError, match=r"^start: .*naive"):
        CN_HOURS.working_time(dt.datetime(2025, 9, 15, 10), sh(9, 15, 12))  # noqa: DTZ001


def test_working_time_naive_end_raises_naming_the_field() -> None:
    """CMP-NOW: a naive end is refused with InvalidInputError naming end."""
    with pytest.raises(InvalidInputError, match=r"^end: .*naive"):
        CN_HOURS.working_time(sh(9, 15, 10), dt.datetime(2025, 9, 15, 12))  # noqa: DTZ001


def test_add_naive_start_raises_naming_the_field() -> None:
    """CMP-NOW: add refuses a naive start with InvalidInputError naming start."""
    with pytest.raises(InvalidInputError, match=r"^start: .*naive"):
        CN_HOURS.add(dt.datetime(2025, 9, 15, 10), H)  # noqa: DTZ001


def test_is_open_naive_raises_naming_the_field() -> None:
    """CMP-NOW: is_open refuses a naive instant with InvalidInputError naming at."""
    with pytest.raises(InvalidInputError, match=r"^at: .*naive"):
        CN_HOURS.is_open(dt.datetime(2025, 9, 15, 10))  # noqa: DTZ001


@pytest.mark.parametrize("value", [dt.date(2025, 9, 15), "2025-09-15T10:00+08:00", 0], ids=repr)
def test_non_datetime_raises_invalid_type(value: object) -> None:
    """CMP-NOW: a date, a string or a number where an instant belongs is a type error."""
    with pytest.raises(InvalidTypeError, match=r"^start: "):
        CN_HOURS.working_time(value, sh(9, 15, 12))  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^start: "):
        CN_HOURS.add(value, H)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["Mars/Olympus", "", "../etc/passwd", "UTC+8"], ids=repr)
def test_unknown_timezone_raises_invalid_input(name: str) -> None:
    """CMP-NOW: a time zone name IANA does not know is refused, naming timezone."""
    with pytest.raises(InvalidInputError, match=r"^timezone: "):
        StoreHours(CN, timezone=name)


def test_non_string_timezone_raises_invalid_type() -> None:
    """CMP-NOW: a time zone given as a number (an offset) is a type error."""
    with pytest.raises(InvalidTypeError, match=r"^timezone: "):
        StoreHours(CN, timezone=8)


def test_non_string_timezone_message_gives_an_example_and_the_value() -> None:
    """CMP-NOW: a numeric time zone is refused with an IANA example and the value it got."""
    with pytest.raises(InvalidTypeError) as caught:
        StoreHours(CN, timezone=8)
    assert str(caught.value) == (
        "timezone: expected an IANA time zone name such as 'Asia/Shanghai', got 8 (int)"
    )


def test_non_calendar_raises_invalid_type() -> None:
    """CMP-NOW: the calendar must be a StoreCalendar."""
    with pytest.raises(InvalidTypeError, match=r"^calendar: "):
        StoreHours("CN", timezone="Asia/Shanghai")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(dt.time(21), dt.time(9)), (dt.time(9), dt.time(9)), (dt.time(22), dt.time(2))],
    ids=["reversed", "equal", "overnight"],
)
def test_opens_not_before_closes_raises(opens: dt.time, closes: dt.time) -> None:
    """CMP-NOW: opening at or after closing (or overnight hours) is refused."""
    with pytest.raises(InvalidInputError, match="opening time before the closing time"):
        StoreHours(CN, timezone="Asia/Shanghai", opens=opens, closes=closes)


def test_opens_not_before_closes_message_names_opens_closes_and_shows_the_hours() -> None:
    """CMP-NOW: reversed default hours are refused naming opens/closes and showing both times."""
    with pytest.raises(InvalidInputError) as caught:
        StoreHours(CN, timezone="Asia/Shanghai", opens=dt.time(21), closes=dt.time(9))
    assert str(caught.value) == (
        "opens/closes: expected the opening time before the closing time (no overnight "
        "hours), got 21:00:00-09:00:00"
    )


def test_by_weekday_opens_not_before_closes_raises() -> None:
    """CMP-NOW: a weekday whose hours close before they open is refused, naming the day."""
    with pytest.raises(InvalidInputError, match=r"^by_weekday\[5\]: "):
        StoreHours(CN, timezone="Asia/Shanghai", by_weekday={5: (dt.time(16), dt.time(10))})


def test_tz_aware_time_raises_invalid_input() -> None:
    """CMP-NOW: opening hours are wall clock; a time with tzinfo is refused."""
    with pytest.raises(InvalidInputError, match=r"^opens: .*without tzinfo"):
        StoreHours(CN, timezone="Asia/Shanghai", opens=dt.time(9, tzinfo=SHANGHAI))


def test_tz_aware_time_in_by_weekday_raises_invalid_input() -> None:
    """CMP-NOW: a by_weekday time with tzinfo is refused too."""
    with pytest.raises(InvalidInputError, match="without tzinfo"):
        StoreHours(
            CN,
            timezone="Asia/Shanghai",
            by_weekday={5: (dt.time(10), dt.time(16, tzinfo=UTC))},
        )


def test_non_time_opening_raises_invalid_type() -> None:
    """CMP-NOW: an opening time given as a number is a type error."""
    with pytest.raises(InvalidTypeError, match=r"^opens: "):
        StoreHours(CN, timezone="Asia/Shanghai", opens=9)  # type: ignore[arg-type]


def test_non_time_in_by_weekday_names_the_day_and_side() -> None:
    """CMP-NOW: a by_weekday non-time is refused naming the day, the side and the value."""
    with pytest.raises(InvalidTypeError) as caught:
        StoreHours(CN, timezone="Asia/Shanghai", by_weekday={5: (10, dt.time(16))})
    assert str(caught.value) == "by_weekday[5] opens: expected a datetime.time, got 10 (int)"
    with pytest.raises(InvalidTypeError) as caught:
        StoreHours(CN, timezone="Asia/Shanghai", by_weekday={5: (dt.time(10), "16:00")})
    assert str(caught.value) == (
        "by_weekday[5] closes: expected a datetime.time, got '16:00' (str)"
    )


@pytest.mark.parametrize("key", [7, -1, True, "sat", 5.0], ids=repr)
def test_bad_weekday_key_raises_invalid_input(key: object) -> None:
    """CMP-NOW: weekday keys must be the ints 0 (Monday) .. 6 (Sunday)."""
    with pytest.raises(InvalidInputError, match=r"^by_weekday: "):
        StoreHours(CN, timezone="Asia/Shanghai", by_weekday={key: (dt.time(10), dt.time(16))})


def test_bad_weekday_key_message_quotes_the_key() -> None:
    """CMP-NOW: a weekday key given as a name is refused quoting it."""
    with pytest.raises(InvalidInputError) as caught:
        StoreHours(CN, timezone="Asia/Shanghai", by_weekday={"sat": (dt.time(10), dt.time(16))})
    assert str(caught.value) == (
        "by_weekday: expected weekday keys 0 (Monday) .. 6 (Sunday), got 'sat' (str)"
    )


def test_by_weekday_value_not_a_pair_raises_invalid_type() -> None:
    """CMP-NOW: each weekday's hours must be an (opens, closes) pair."""
    with pytest.raises(InvalidTypeError, match=r"^by_weekday\[5\]: "):
        StoreHours(CN, timezone="Asia/Shanghai", by_weekday={5: dt.time(10)})


def test_by_weekday_value_not_a_pair_message_quotes_the_value() -> None:
    """CMP-NOW: a weekday's hours given as one time are refused quoting that time."""
    with pytest.raises(InvalidTypeError) as caught:
        StoreHours(CN, timezone="Asia/Shanghai", by_weekday={5: dt.time(10)})
    assert str(caught.value) == (
        "by_weekday[5]: expected a pair (opens, closes), got datetime.time(10, 0) (time)"
    )


def test_by_weekday_not_a_mapping_raises_invalid_type() -> None:
    """CMP-NOW: by_weekday must be a mapping."""
    with pytest.raises(InvalidTypeError, match=r"^by_weekday: "):
        StoreHours(CN, timezone="Asia/Shanghai", by_weekday=[(5, dt.time(10))])


def test_by_weekday_not_a_mapping_message_explains_the_keys_and_quotes_the_value() -> None:
    """CMP-NOW: by_weekday as a list is refused saying 0 = Monday .. 6 = Sunday and quoting it."""
    with pytest.raises(InvalidTypeError) as caught:
        StoreHours(CN, timezone="Asia/Shanghai", by_weekday=[(5, dt.time(10))])
    assert str(caught.value) == (
        "by_weekday: expected a mapping of weekday (0 = Monday .. 6 = Sunday) to "
        "(opens, closes), got [(5, datetime.time(10, 0))] (list)"
    )


@pytest.mark.parametrize(
    ("at", "shown"),
    [
        (dt.datetime.max.replace(tzinfo=dt.UTC), "9999-12-31T23:59:59.999999+00:00"),
        (
            dt.datetime.max.replace(tzinfo=dt.timezone(-dt.timedelta(hours=5))),
            "9999-12-31T23:59:59.999999-05:00",
        ),
        (
            dt.datetime.min.replace(tzinfo=dt.timezone(dt.timedelta(hours=8))),
            "0001-01-01T00:00:00+08:00",
        ),
    ],
)
def test_an_instant_within_a_day_of_the_ends_of_datetime_is_refused(
    at: dt.datetime, shown: str
) -> None:
    """CMP-NOW: an instant no time zone can write is refused naming the field, no OverflowError."""
    hours = StoreHours(StoreCalendar.build("CN", years=[9997, 9998]), timezone="Asia/Shanghai")
    with pytest.raises(InvalidInputError) as caught:
        hours.is_open(at)
    assert str(caught.value) == (
        "at: expected an instant from 0001-01-02 to 9999-12-30 (UTC), a day inside the years "
        f"a datetime can hold, got {shown}"
    )
