"""The store's calendar: working days, public holidays and the store's own days.

A :class:`StoreCalendar` answers three questions for the cadence engine and the
complaint SLA clocks:

* Is a day a working day for the store's staff? (CAD-WORKDAY) The country's official
  working days, with China's make-up workdays (a weekend day that becomes a working
  day, e.g. Sunday 2025-01-26) and its bridged days off (2025-10-01..08), minus the
  store's own closures, plus any extra days the store declares open.
* Which days are occasions for a holiday wish? (CAD-KEEP) The named public holidays,
  without the substituted days off, plus the occasions the host adds (Qixi, Double-11,
  Valentine's Day, the store's anniversary, ...).
* What is the holiday called, in English or Chinese?

The public holidays come from the `holidays <https://holidays.readthedocs.io>`_ package,
which is imported only when a calendar is built. :meth:`StoreCalendar.build` loads every
year the host asks for at once and copies the answers into frozen sets and mappings; the
calendar keeps no ``holidays`` object, so it never grows, never mutates and can be shared
between threads and pickled. A date outside its years raises
:class:`~retention.exceptions.OutOfCalendarError` rather than being guessed.

One country per calendar: ``holidays`` loses China's make-up workdays when calendars are
added together (``CN + HK``), so the library never adds them.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs

from retention._i18n import Language, check_language
from retention._validate import (
    as_integer,
    check_date,
    check_id,
    check_iterable,
    describe,
    normalising,
    to_enum,
    validator,
)
from retention.exceptions import InvalidInputError, InvalidTypeError, OutOfCalendarError
from retention.mappings import FrozenMap

if TYPE_CHECKING:
    from holidays import HolidayBase

__all__ = ["MAX_YEARS", "DayKind", "Occasion", "StoreCalendar", "StoreDay"]

#: The ``holidays`` language code for each of the library's languages.
_HOLIDAYS_LANGUAGE: dict[str, str] = {"en": "en_US", "zh_CN": "zh_CN", "zh_TW": "zh_TW"}

#: The most years a calendar spans (a guard against typos such as ``years=range(2025, 20250)``).
MAX_YEARS = 50


class DayKind(enum.Enum):
    """What a store-specific day means."""

    CLOSED = "closed"
    """The store is closed: no staff tasks that day (messages may still go out)."""
    OPEN = "open"
    """The store is open on a day the country's calendar gives off (staff work)."""
    OCCASION = "occasion"
    """A day for a holiday wish the ``holidays`` package does not list (Qixi, an
    anniversary, Double-11, Valentine's Day); it does not change the working days."""


@normalising
def _check_name(field: str, value: object) -> str:
    return check_id(field, value)


def _day_kind(value: object) -> DayKind:
    return to_enum("kind", DayKind, value)


@attrs.frozen
class StoreDay:
    """A day the host declares for its store.

    Attributes:
        date: The day.
        kind: Closed, open, or an occasion for holiday wishes.
        name: What the day is (``"Qixi"``, ``"Store anniversary"``, ``"Stocktaking"``).

    Example:
        >>> StoreDay(dt.date(2025, 8, 29), kind="occasion", name="Qixi").kind
        <DayKind.OCCASION: 'occasion'>
    """

    date: dt.date = attrs.field(validator=validator(check_date))
    kind: DayKind = attrs.field(kw_only=True, converter=_day_kind)
    name: str = attrs.field(kw_only=True, validator=validator(_check_name))


@attrs.frozen
class Occasion:
    """A day fit for a holiday wish (CAD-KEEP).

    Attributes:
        date: The first day of the holiday (a three-day festival is one occasion).
        name: The holiday's name in the calendar's language.
        key: The holiday's English name (``holidays``' ``en_US`` name, or its default
            language's where it has no English), the same whatever :attr:`name`'s
            language: policies name occasions by it (e.g. the cadence's
            ``no_wish_occasions``). A host occasion's key is its name.
        public: ``True`` for a public holiday from the ``holidays`` package, ``False``
            for an occasion the host declared.
    """

    date: dt.date
    name: str = attrs.field(kw_only=True)
    key: str = attrs.field(kw_only=True)
    public: bool = attrs.field(kw_only=True)


def _check_years(field: str, value: object) -> None:
    """The years of a calendar: a tuple of contiguous years in order, as build() makes."""
    if not isinstance(value, tuple):
        msg = f"{field}: expected a tuple of years such as (2025, 2026), got {describe(value)}"
        raise InvalidTypeError(msg)
    span = _year_span(value)
    if span != value:
        msg = f"{field}: expected contiguous years in order such as (2025, 2026), got {value}"
        raise InvalidInputError(msg)


@attrs.frozen(eq=False)
class StoreCalendar:
    """A frozen calendar of one store: working days, holidays, occasions.

    Build it with :meth:`build`; the constructor is for the library and for pickling.
    Every lookup is a set or dict lookup, so a shared calendar is safe across threads.

    Attributes:
        country: ISO 3166 country code, e.g. ``"CN"``.
        subdivision: Province or state code, or ``None``.
        language: Language of holiday names the host asked for.
        years: The years loaded, ascending and contiguous.
        holiday_language: The ``holidays`` language code actually used for names (the
            country's default when it has no translation into :attr:`language`).
        store_days: The host's own days, sorted by date.
    """

    country: str
    subdivision: str | None = attrs.field(kw_only=True)
    language: Language = attrs.field(kw_only=True)
    years: tuple[int, ...] = attrs.field(kw_only=True, validator=validator(_check_years))
    holiday_language: str = attrs.field(kw_only=True)
    store_days: tuple[StoreDay, ...] = attrs.field(kw_only=True)
    _days_off: frozenset[dt.date] = attrs.field(kw_only=True, alias="days_off", repr=False)
    _weekend: frozenset[int] = attrs.field(kw_only=True, alias="weekend", repr=False)
    _weekend_workdays: frozenset[dt.date] = attrs.field(
        kw_only=True, alias="weekend_workdays", repr=False
    )
    _holidays: FrozenMap[dt.date, str] = attrs.field(kw_only=True, alias="holidays", repr=False)
    _occasions: tuple[Occasion, ...] = attrs.field(kw_only=True, alias="occasions", repr=False)
    _first: dt.date = attrs.field(init=False, repr=False)
    _last: dt.date = attrs.field(init=False, repr=False)

    def __attrs_post_init__(self) -> None:
        """Derive the first and last day covered."""
        object.__setattr__(self, "_first", dt.date(self.years[0], 1, 1))
        object.__setattr__(self, "_last", dt.date(self.years[-1], 12, 31))

    @classmethod
    def build(
        cls,
        country: str,
        *,
        years: Iterable[int],
        language: Language = "en",
        subdivision: str | None = None,
        store_days: Iterable[StoreDay] = (),
    ) -> StoreCalendar:
        """Build a calendar for ``country`` covering ``years``, loading them all now.

        Args:
            country: ISO 3166-1 alpha-2 code the ``holidays`` package supports
                (``"CN"``, ``"US"``, ``"DE"``, ...).
            years: Every year the calendar must answer for, e.g. ``range(2025, 2027)``.
                Gaps are filled: ``[2025, 2027]`` loads 2025, 2026 and 2027.
            language: ``"en"``, ``"zh_CN"`` or ``"zh_TW"`` for holiday names.
            subdivision: Province or state code (``"BY"`` for Bavaria), or ``None``.
            store_days: The store's closures, extra open days and occasions.

        Raises:
            InvalidInputError: An unknown country or subdivision, no years, more than 50
                years, or two store days of the same kind on the same date.
            InvalidTypeError: An argument of the wrong type.

        Example:
            >>> cn = StoreCalendar.build("CN", years=[2025])
            >>> cn.is_working_day(dt.date(2025, 1, 26))  # a make-up Sunday
            True
            >>> cn.is_working_day(dt.date(2025, 10, 8))  # National Day golden week
            False
        """
        check_id("country", country)
        if subdivision is not None:
            check_id("subdivision", subdivision)
        lang = check_language(language)
        span = _year_span(years)
        days = _check_store_days(store_days, span)
        loaded = _load_holidays(country, subdivision, span, _HOLIDAYS_LANGUAGE[lang])
        names = {day: str(name) for day, name in loaded.items()}
        english = (
            loaded
            if loaded.language == "en_US"
            else _load_holidays(country, subdivision, span, "en_US")
        )
        keys = {day: str(name) for day, name in english.items()}
        days_off = frozenset(names)
        occasions = _public_occasions(names, keys, _day_off_patterns(loaded))
        weekend_workdays = frozenset(
            day for day in loaded.weekend_workdays if span[0] <= day.year <= span[-1]
        )
        # Store days override the country's: a closure makes a day off, an open day a
        # working day; occasions only add wishes.
        weekend = frozenset(loaded.weekend)
        closed = {d.date for d in days if d.kind is DayKind.CLOSED}
        opened = {d.date for d in days if d.kind is DayKind.OPEN}
        for day in days:
            if day.kind is DayKind.OCCASION:
                occasions.append(Occasion(day.date, name=day.name, key=day.name, public=False))
        occasions.sort(key=lambda o: (o.date, o.name))
        return cls(
            country.upper(),
            subdivision=subdivision,
            language=lang,
            years=span,
            holiday_language=str(loaded.language or loaded.default_language),
            store_days=days,
            days_off=(days_off | closed) - opened,
            weekend=weekend,
            weekend_workdays=(weekend_workdays | {d for d in opened if d.weekday() in weekend})
            - closed,
            holidays=FrozenMap(names),
            occasions=tuple(occasions),
        )

    # -- lookups ---------------------------------------------------------------------

    def _check(self, field: str, day: object) -> dt.date:
        checked = check_date(field, day)
        if not self._first <= checked <= self._last:
            msg = (
                f"{field}: expected a date in {self.years[0]}..{self.years[-1]} "
                f"(the years this {self.country} calendar loaded), got {checked.isoformat()}"
            )
            raise OutOfCalendarError(msg)
        return checked

    def covers(self, day: dt.date) -> bool:
        """Say whether ``day`` falls in one of the calendar's years."""
        return self._first <= check_date("day", day) <= self._last

    def is_working_day(self, day: dt.date) -> bool:
        """Say whether staff work on ``day`` (CAD-WORKDAY).

        A weekend day is a working day only if it is a make-up workday or the store
        declared it open; any other day is a working day unless it is a public holiday,
        a substituted day off or a store closure.

        Raises:
            OutOfCalendarError: ``day`` is outside the calendar's years.
        """
        day = self._check("day", day)
        if day.weekday() in self._weekend:
            return day in self._weekend_workdays
        return day not in self._days_off

    def _working(self, day: dt.date) -> bool:
        """:meth:`is_working_day` for a date already checked to be in range."""
        if day.weekday() in self._weekend:
            return day in self._weekend_workdays
        return day not in self._days_off

    def next_working_day(self, day: dt.date) -> dt.date | None:
        """Return the first working day on or after ``day``, or ``None`` past the years."""
        day = self._check("day", day)
        one = dt.timedelta(days=1)
        while day <= self._last:
            if self._working(day):
                return day
            day += one
        return None

    def working_days(self, start: dt.date, end: dt.date) -> tuple[dt.date, ...]:
        """Return the working days from ``start`` to ``end``, both included.

        Raises:
            OutOfCalendarError: ``start`` or ``end`` is outside the calendar's years.
        """
        start = self._check("start", start)
        end = self._check("end", end)
        days = (start + dt.timedelta(days=n) for n in range((end - start).days + 1))
        return tuple(day for day in days if self._working(day))

    def holiday_name(self, day: dt.date) -> str | None:
        """Return the public holiday's name on ``day`` (``None`` if there is none).

        Substituted days off are listed under the name ``holidays`` gives them
        (``"Day off (substituted from 01/26/2025)"``).
        """
        return self._holidays.get(self._check("day", day))

    @property
    def holidays(self) -> FrozenMap[dt.date, str]:
        """Every public holiday and day off the ``holidays`` package lists, by date."""
        return self._holidays

    @property
    def weekend_workdays(self) -> frozenset[dt.date]:
        """Weekend days that are working days (China's make-up workdays, open days)."""
        return self._weekend_workdays

    def occasions(self, start: dt.date, end: dt.date) -> tuple[Occasion, ...]:
        """Return the occasions for a holiday wish from ``start`` to ``end`` (CAD-KEEP).

        Named public holidays count once, on their first day (the three days of the
        Spring Festival are one occasion); substituted days off do not count. The
        host's occasions come with them, sorted by date then name.
        """
        start = self._check("start", start)
        end = self._check("end", end)
        return tuple(o for o in self._occasions if start <= o.date <= end)

    # -- identity --------------------------------------------------------------------

    def _key(self) -> tuple[Any, ...]:
        return (self.country, self.subdivision, self.language, self.years, self.store_days)

    def __eq__(self, other: object) -> bool:
        """Two calendars are equal when they were built from the same arguments."""
        if not isinstance(other, StoreCalendar):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        """Hash the build arguments."""
        return hash(self._key())


def _year_span(years: object) -> tuple[int, ...]:
    values = []
    for year in check_iterable("years", years, "years (int)"):
        number = as_integer(year)  # np.int64 too: df["date"].dt.year.unique()
        if number is None:
            msg = f"years: expected ints such as 2025, got {describe(year)}"
            raise InvalidTypeError(msg)
        if not dt.MINYEAR < number < dt.MAXYEAR:
            low, high = dt.MINYEAR + 1, dt.MAXYEAR - 1
            msg = f"years: expected years between {low} and {high}, got {number}"
            raise InvalidInputError(msg)
        values.append(number)
    if not values:
        msg = "years: expected at least one year, got none"
        raise InvalidInputError(msg)
    first, last = min(values), max(values)
    if last - first >= MAX_YEARS:
        msg = f"years: expected at most {MAX_YEARS} years, got {first}..{last}"
        raise InvalidInputError(msg)
    return tuple(range(first, last + 1))


def _check_store_days(store_days: object, years: tuple[int, ...]) -> tuple[StoreDay, ...]:
    days = []
    seen: set[tuple[dt.date, DayKind]] = set()
    for day in check_iterable("store_days", store_days, "StoreDay objects"):
        if not isinstance(day, StoreDay):
            msg = f"store_days: expected StoreDay objects, got {describe(day)}"
            raise InvalidTypeError(msg)
        if not years[0] <= day.date.year <= years[-1]:
            msg = (
                f"store_days: expected dates in the calendar's years {years[0]}..{years[-1]}, "
                f"got {day.kind.value} {day.name!r} on {day.date}"
            )
            raise InvalidInputError(msg)
        if day.kind is not DayKind.OCCASION:
            if (day.date, day.kind) in seen:
                msg = (
                    f"store_days: expected one {day.kind.value} entry per date, "
                    f"got two on {day.date}"
                )
                raise InvalidInputError(msg)
            other = DayKind.OPEN if day.kind is DayKind.CLOSED else DayKind.CLOSED
            if (day.date, other) in seen:
                msg = (
                    "store_days: expected a date to be either closed or open, "
                    f"got both on {day.date}"
                )
                raise InvalidInputError(msg)
            seen.add((day.date, day.kind))
        days.append(day)
    days.sort(key=lambda d: (d.date, d.kind.value, d.name))
    return tuple(days)


def _load_holidays(
    country: str, subdivision: str | None, years: tuple[int, ...], wanted: str
) -> HolidayBase:
    """Build the ``holidays`` calendar with every year loaded and expansion off."""
    import holidays  # noqa: PLC0415  # heavy import, only when a calendar is built

    code = country.upper()
    if code not in holidays.list_supported_countries():
        msg = (
            "country: expected a country code the holidays package supports "
            f"(e.g. 'CN', 'US'), got {country!r}"
        )
        raise InvalidInputError(msg)
    try:
        # An empty calendar of the country says which languages it can name holidays in.
        supported = holidays.country_holidays(code, years=(), expand=False).supported_languages
        chosen = wanted if wanted in supported else None
        return holidays.country_holidays(
            code,
            subdiv=subdivision,
            years=years,
            expand=False,
            language=chosen,
        )
    except NotImplementedError as exc:
        msg = (
            f"subdivision: expected a subdivision of {code} the holidays package "
            f"supports, got {subdivision!r} ({exc})"
        )
        raise InvalidInputError(msg) from None


#: Labels ``holidays`` formats the names of days off that are not occasions with.
_DAY_OFF_LABELS = ("substituted_label", "observed_label", "observed_estimated_label")


def _day_off_patterns(loaded: HolidayBase) -> tuple[tuple[str, str], ...]:
    """Return (head, tail) of each day-off label in the calendar's language.

    ``"Day off (substituted from %s)"`` gives ``("Day off (substituted from ", ")")``,
    ``"%s (observed)"`` gives ``("", " (observed)")``: a name that starts with the head
    and ends with the tail names a substituted or observed day off, not an occasion.
    """
    patterns = []
    for attribute in _DAY_OFF_LABELS:
        label = getattr(loaded, attribute, None)
        if not label:
            continue
        text = str(loaded.tr(label))
        if text.count("%s") != 1:
            continue
        head, tail = text.split("%s")
        patterns.append((head, tail))
    return tuple(patterns)


def _is_day_off_name(name: str, patterns: tuple[tuple[str, str], ...]) -> bool:
    return any(
        len(name) > len(head) + len(tail) and name.startswith(head) and name.endswith(tail)
        for head, tail in patterns
    )


_JOIN = "; "  # how ``holidays`` joins the names of two holidays on one date


def _public_occasions(
    names: dict[dt.date, str], keys: dict[dt.date, str], patterns: tuple[tuple[str, str], ...]
) -> list[Occasion]:
    """One occasion per run of consecutive days of a holiday, on its first day.

    Two holidays on one date (``"Mid-Autumn Festival; National Day"``, 2020-10-01) are
    two occasions, and the run of each goes on through the joined name.
    """
    occasions = []
    running: set[str] = set()  # the holidays of the previous day
    previous_day: dt.date | None = None
    for day in sorted(names):
        parts = names[day].split(_JOIN)
        key_parts = keys.get(day, names[day]).split(_JOIN)
        if len(key_parts) != len(parts):
            key_parts = parts
        consecutive = previous_day is not None and (day - previous_day).days == 1
        current = set()
        for name, key in zip(parts, key_parts, strict=True):
            if _is_day_off_name(name, patterns):
                continue
            current.add(name)
            if not (consecutive and name in running):
                occasions.append(Occasion(day, name=name, key=key, public=True))
        running, previous_day = current, day
    return occasions
