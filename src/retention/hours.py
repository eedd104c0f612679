"""The store's opening hours and the working time they add up to (CMP-NOW).

A complaint's service level is counted in the store's working time: the hours it is open
on the :class:`~retention.calendar.StoreCalendar`'s working days, in the store's own
time zone. :class:`StoreHours` answers two questions for the SLA clocks of
:mod:`retention.complaints`:

* How much working time lies between two instants? (:meth:`StoreHours.working_time`)
* When will a given amount of working time have passed? (:meth:`StoreHours.add`)

Opening hours are wall-clock times in the store's zone, so a day of 09:00-21:00 is
twelve hours whatever the season; each day's window is turned into UTC on its own, so a
daylight-saving change between two days (Europe/Berlin moves its clocks on the last
Sunday of March and October) shifts the window in UTC the way it shifts the store's
clocks. Elapsed time is always measured in UTC, never by subtracting two local times,
and instants are compared in UTC too: in the hour the clocks go back, 02:05 with
``fold=1`` (the second 02:05) comes after 02:10 with ``fold=0``.

Example:
    >>> import datetime as dt
    >>> from retention.calendar import StoreCalendar
    >>> berlin = StoreHours(StoreCalendar.build("DE", years=[2025]), timezone="Europe/Berlin")
    >>> friday = dt.datetime(2025, 3, 28, 20, 0, tzinfo=berlin.zone)
    >>> berlin.add(friday, dt.timedelta(hours=4)).isoformat()  # 1 h Friday, 3 h Monday
    '2025-03-31T12:00:00+02:00'
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections.abc import Iterator, Mapping

import attrs

from retention._instants import local, utc
from retention._validate import check_aware, describe, is_a, validator
from retention.calendar import StoreCalendar
from retention.exceptions import InvalidInputError, InvalidTypeError, OutOfCalendarError
from retention.mappings import FrozenMap

__all__ = ["StoreHours"]

_ONE_DAY = dt.timedelta(days=1)
_NOTHING = dt.timedelta(0)


def _check_time(field: str, value: object) -> dt.time:
    if not isinstance(value, dt.time):
        msg = f"{field}: expected a datetime.time, got {describe(value)}"
        raise InvalidTypeError(msg)
    if value.tzinfo is not None:
        msg = (
            f"{field}: expected a wall-clock datetime.time without tzinfo (the store's "
            f"time zone applies), got {value.isoformat()}"
        )
        raise InvalidInputError(msg)
    return value


def _check_span(field: str, opens: object, closes: object) -> tuple[dt.time, dt.time]:
    first = _check_time(f"{field} opens", opens)
    last = _check_time(f"{field} closes", closes)
    if first >= last:
        msg = (
            f"{field}: expected the opening time before the closing time (no overnight "
            f"hours), got {first.isoformat()}-{last.isoformat()}"
        )
        raise InvalidInputError(msg)
    return first, last


def _to_week(value: object) -> FrozenMap[int, tuple[dt.time, dt.time]]:
    if not isinstance(value, Mapping):
        msg = (
            "by_weekday: expected a mapping of weekday (0 = Monday .. 6 = Sunday) to "
            f"(opens, closes), got {describe(value)}"
        )
        raise InvalidTypeError(msg)
    week: dict[int, tuple[dt.time, dt.time]] = {}
    for day, span in value.items():
        if isinstance(day, bool) or not isinstance(day, int) or not 0 <= day <= 6:  # noqa: PLR2004  # Sunday
            msg = f"by_weekday: expected weekday keys 0 (Monday) .. 6 (Sunday), got {describe(day)}"
            raise InvalidInputError(msg)
        if not isinstance(span, tuple) or len(span) != 2:  # noqa: PLR2004  # a pair
            msg = f"by_weekday[{day}]: expected a pair (opens, closes), got {describe(span)}"
            raise InvalidTypeError(msg)
        week[day] = _check_span(f"by_weekday[{day}]", *span)
    return FrozenMap(week)


def _to_zone(value: object) -> str:
    if not isinstance(value, str):
        msg = (
            "timezone: expected an IANA time zone name such as 'Asia/Shanghai', "
            f"got {describe(value)}"
        )
        raise InvalidTypeError(msg)
    try:
        zoneinfo.ZoneInfo(value)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        msg = f"timezone: expected an IANA time zone name such as 'Asia/Shanghai', got {value!r}"
        raise InvalidInputError(msg) from None
    return value


@attrs.frozen
class StoreHours:
    """When the store's staff are at work: opening hours on the calendar's working days.

    Attributes:
        calendar: The store's calendar; its working days (make-up workdays included,
            holidays and closures excluded) are the days the hours apply to.
        timezone: The store's IANA time zone, e.g. ``"Asia/Shanghai"``.
        opens: Opening time on a working day (wall clock), default 09:00.
        closes: Closing time on a working day (wall clock), default 21:00; after
            :attr:`opens` (hours do not run overnight).
        by_weekday: Other hours for some weekdays (0 = Monday .. 6 = Sunday), e.g.
            ``{5: (time(10), time(18))}`` for shorter Saturdays. A weekday listed here
            still counts only when the calendar says it is a working day.

    Raises:
        InvalidInputError: An unknown time zone, closing before opening, a bad weekday.
        InvalidTypeError: A value of the wrong type.
    """

    calendar: StoreCalendar = attrs.field(validator=is_a(StoreCalendar))
    timezone: str = attrs.field(kw_only=True, converter=_to_zone)
    opens: dt.time = attrs.field(default=dt.time(9), kw_only=True, validator=validator(_check_time))
    closes: dt.time = attrs.field(
        default=dt.time(21), kw_only=True, validator=validator(_check_time)
    )
    by_weekday: FrozenMap[int, tuple[dt.time, dt.time]] = attrs.field(
        factory=dict, kw_only=True, converter=_to_week
    )

    def __attrs_post_init__(self) -> None:
        """Check that the default day opens before it closes."""
        _check_span("opens/closes", self.opens, self.closes)

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        """The store's time zone as a ``ZoneInfo``."""
        return zoneinfo.ZoneInfo(self.timezone)

    def window(self, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
        """Return the day's opening window in UTC, or ``None`` on a day off.

        Raises:
            OutOfCalendarError: ``day`` is outside the calendar's years.
        """
        if not self.calendar.is_working_day(day):
            return None
        opens, closes = self.by_weekday.get(day.weekday(), (self.opens, self.closes))
        zone = self.zone
        return (
            utc(dt.datetime.combine(day, opens, tzinfo=zone)),
            utc(dt.datetime.combine(day, closes, tzinfo=zone)),
        )

    def _windows(self, start: dt.datetime) -> Iterator[tuple[dt.datetime, dt.datetime]]:
        """Yield the windows from ``start``'s local day on, until the calendar ends."""
        day = start.astimezone(self.zone).date()
        while self.calendar.covers(day):
            span = self.window(day)
            if span is not None:
                yield span
            day += _ONE_DAY

    def is_open(self, at: dt.datetime) -> bool:
        """Say whether the instant ``at`` falls inside the store's working time."""
        at = utc(check_aware("at", at))
        span = self.window(at.astimezone(self.zone).date())
        return span is not None and span[0] <= at < span[1]

    def working_time(self, start: dt.datetime, end: dt.datetime) -> dt.timedelta:
        """Return the working time between two instants (zero if ``end`` is not later).

        Args:
            start: Aware start instant.
            end: Aware end instant.

        Raises:
            InvalidInputError: A naive datetime.
            OutOfCalendarError: The span leaves the calendar's years.
        """
        start = utc(check_aware("start", start))
        end = utc(check_aware("end", end))
        if end <= start:
            return _NOTHING
        self._cover("start", start)
        # The span is half-open: ending at midnight after the last covered day is fine.
        self._cover("end", end - dt.timedelta(microseconds=1))
        total = _NOTHING
        for opens, closes in self._windows(start):
            if opens >= end:
                break
            low, high = max(opens, start), min(closes, end)
            if low < high:
                total += high - low
        return total

    def add(self, start: dt.datetime, duration: dt.timedelta) -> dt.datetime:
        """Return the instant at which ``duration`` of working time after ``start`` is used.

        The result is in the store's time zone, built from UTC (so its ``fold`` is right
        in the hour the clocks go back). A zero duration gives ``start`` back as the same
        instant in the store's zone.

        Args:
            start: Aware start instant.
            duration: Working time to add; not negative.

        Raises:
            InvalidInputError: A naive datetime or a negative duration.
            OutOfCalendarError: The calendar's years end before the time is used.
        """
        start = check_aware("start", start)
        if not isinstance(duration, dt.timedelta):
            msg = f"duration: expected a datetime.timedelta, got {describe(duration)}"
            raise InvalidTypeError(msg)
        if duration < _NOTHING:
            msg = f"duration: expected a timedelta >= 0, got {duration}"
            raise InvalidInputError(msg)
        zone = self.zone
        if not duration:
            return local(start, zone)
        self._cover("start", start)
        begin = utc(start)
        left = duration
        for opens, closes in self._windows(begin):
            low = max(opens, begin)
            if low >= closes:
                continue
            if left <= closes - low:
                return local(low + left, zone)
            left -= closes - low
        msg = (
            f"duration: {duration} of working time from {start.isoformat()} runs past the "
            f"calendar's last year {self.calendar.years[-1]}; build the calendar with more years"
        )
        raise OutOfCalendarError(msg)

    def _cover(self, field: str, at: dt.datetime) -> None:
        """Refuse an instant whose local day the calendar does not cover."""
        day = at.astimezone(self.zone).date()
        if not self.calendar.covers(day):
            years = self.calendar.years
            msg = (
                f"{field}: expected an instant in {years[0]}..{years[-1]} (the years the "
                f"store's calendar loaded), got {at.isoformat()}"
            )
            raise OutOfCalendarError(msg)
