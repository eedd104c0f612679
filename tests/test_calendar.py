"""CAD-WORKDAY and CAD-KEEP: the store calendar's working days, holidays and occasions.

Expected values come from the official 2025 Chinese holiday schedule (State Council
notice of 2024-11-12) and the US federal holiday rules, not from the code under test:

* 元旦 01-01; 春节 01-28..02-04 (make-up workdays Sun 01-26, Sat 02-08);
  清明 04-04..06; 劳动节 05-01..05 (make-up Sun 04-27); 端午 05-31..06-02;
  国庆+中秋 10-01..08 (make-up Sun 09-28, Sat 10-11).
* US: a federal holiday on a Saturday is observed on the Friday before, on a Sunday on
  the Monday after (so 2026-07-03 and 2027-12-31 are days off).
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import (
    FrozenMap,
    InvalidInputError,
    InvalidTypeError,
    OutOfCalendarError,
    RetentionError,
    StoreCalendar,
    StoreDay,
)
from retention.calendar import DayKind, Occasion

D = dt.date

#: China's make-up workdays of 2025 (weekend days staff work), from the official notice.
CN_2025_MAKE_UP_DAYS = frozenset(
    {D(2025, 1, 26), D(2025, 2, 8), D(2025, 4, 27), D(2025, 9, 28), D(2025, 10, 11)}
)
#: Days of 2025 that are off in China only because a make-up day was traded for them,
#: plus the observed Dragon Boat day: none of them is an occasion for a wish.
CN_2025_SUBSTITUTED_DAYS_OFF = (
    D(2025, 2, 3),
    D(2025, 2, 4),
    D(2025, 5, 5),
    D(2025, 6, 2),
    D(2025, 10, 7),
    D(2025, 10, 8),
)
#: The eight public-holiday occasions of China in 2025: first day of each named holiday.
CN_2025_OCCASION_DATES = (
    D(2025, 1, 1),  # New Year's Day
    D(2025, 1, 28),  # Chinese New Year's Eve
    D(2025, 1, 29),  # Spring Festival
    D(2025, 4, 4),  # Tomb-Sweeping Day
    D(2025, 5, 1),  # Labor Day
    D(2025, 5, 31),  # Dragon Boat Festival
    D(2025, 10, 1),  # National Day
    D(2025, 10, 6),  # Mid-Autumn Festival
)

QIXI = StoreDay(D(2025, 8, 29), kind=DayKind.OCCASION, name="Qixi")
STOCKTAKING = StoreDay(D(2025, 3, 4), kind="closed", name="Stocktaking")  # a Tuesday
SATURDAY_SALE = StoreDay(D(2025, 3, 15), kind=DayKind.OPEN, name="Spring sale")
STAFF_OUTING = StoreDay(D(2025, 1, 26), kind=DayKind.CLOSED, name="Staff outing")  # make-up Sun
STORE_DAYS = (QIXI, STOCKTAKING, SATURDAY_SALE, STAFF_OUTING)


def days_of(start: dt.date, end: dt.date) -> Iterator[dt.date]:
    """Every day from ``start`` to ``end``, both included."""
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def answers(cal: StoreCalendar, day: dt.date) -> tuple[Any, ...]:
    """Everything a calendar says about ``day``."""
    return (cal.is_working_day(day), cal.holiday_name(day), cal.next_working_day(day))


# --- calendars, built once per module -------------------------------------------------------


@pytest.fixture(scope="module")
def cn() -> StoreCalendar:
    """China, 2025 only, English names."""
    return StoreCalendar.build("CN", years=[2025])


@pytest.fixture(scope="module")
def cn_zh_cn() -> StoreCalendar:
    """China, 2025, simplified Chinese names."""
    return StoreCalendar.build("CN", years=[2025], language="zh_CN")


@pytest.fixture(scope="module")
def cn_zh_tw() -> StoreCalendar:
    """China, 2025, traditional Chinese names."""
    return StoreCalendar.build("CN", years=[2025], language="zh_TW")


@pytest.fixture(scope="module")
def cn_three_years() -> StoreCalendar:
    """China, 2024..2026, for the property tests."""
    return StoreCalendar.build("CN", years=range(2024, 2027))


@pytest.fixture(scope="module")
def cn_reference() -> Any:
    """The ``holidays`` package's own calendar of China for 2024..2026."""
    import holidays  # noqa: PLC0415  # the reference implementation, only for these tests

    return holidays.country_holidays("CN", years=range(2024, 2027))


@pytest.fixture(scope="module")
def us() -> StoreCalendar:
    """United States (federal), 2025..2027."""
    return StoreCalendar.build("US", years=[2025, 2027])


@pytest.fixture(scope="module")
def store() -> StoreCalendar:
    """China 2025 with the store's own days."""
    return StoreCalendar.build("CN", years=[2025], store_days=STORE_DAYS)


# --- CAD-WORKDAY: China's working days --------------------------------------------------------


@pytest.mark.parametrize(
    "day",
    sorted(CN_2025_MAKE_UP_DAYS),
    ids=lambda d: f"{d}-{d:%a}",
)
def test_cad_workday_cn_make_up_weekend_days_are_working_days(
    cn: StoreCalendar, day: dt.date
) -> None:
    """CAD-WORKDAY: the make-up weekend days of 2025 (e.g. Sunday 01-26) are working days."""
    assert day.weekday() >= 5
    assert cn.is_working_day(day) is True


def test_cad_workday_cn_spring_festival_is_off(cn: StoreCalendar) -> None:
    """CAD-WORKDAY: the Spring Festival break 2025-01-28..02-04 has no working day."""
    off = list(days_of(D(2025, 1, 28), D(2025, 2, 4)))
    assert len(off) == 8
    assert [day for day in off if cn.is_working_day(day)] == []


def test_cad_workday_cn_national_day_golden_week_is_off(cn: StoreCalendar) -> None:
    """CAD-WORKDAY: 2025-10-01..08 (National Day and Mid-Autumn 10-06) are all days off."""
    golden_week = list(days_of(D(2025, 10, 1), D(2025, 10, 8)))
    assert D(2025, 10, 6) in golden_week
    assert [day for day in golden_week if cn.is_working_day(day)] == []


@pytest.mark.parametrize(
    "day",
    [D(2025, 1, 1), D(2025, 4, 4), D(2025, 5, 1), D(2025, 5, 2), D(2025, 5, 5), D(2025, 6, 2)],
)
def test_cad_workday_cn_weekday_holidays_are_off(cn: StoreCalendar, day: dt.date) -> None:
    """CAD-WORKDAY: weekday holidays and days off (New Year, Qingming, May Day, ...) are off."""
    assert day.weekday() < 5
    assert cn.is_working_day(day) is False


def test_cad_workday_cn_ordinary_monday_works_and_saturday_does_not(cn: StoreCalendar) -> None:
    """CAD-WORKDAY: an ordinary Monday (2025-03-03) works, an ordinary Saturday (03-08) doesn't."""
    assert cn.is_working_day(D(2025, 3, 3)) is True
    assert cn.is_working_day(D(2025, 3, 8)) is False
    assert cn.is_working_day(D(2025, 3, 9)) is False


def test_cad_workday_cn_weekend_workdays_are_exactly_the_2025_make_up_days(
    cn: StoreCalendar,
) -> None:
    """CAD-WORKDAY: weekend_workdays holds the five make-up days of 2025 and nothing else."""
    assert cn.weekend_workdays == CN_2025_MAKE_UP_DAYS
    assert isinstance(cn.weekend_workdays, frozenset)


def test_cad_workday_cn_weekend_workdays_stay_inside_the_loaded_years(
    cn_three_years: StoreCalendar,
) -> None:
    """CAD-WORKDAY: a 2024..2026 calendar lists no make-up day outside those years."""
    years = {day.year for day in cn_three_years.weekend_workdays}
    assert years == {2024, 2025, 2026}
    assert cn_three_years.weekend_workdays >= CN_2025_MAKE_UP_DAYS


def test_cad_workday_next_working_day_after_golden_week(cn: StoreCalendar) -> None:
    """CAD-WORKDAY: the first working day on or after 2025-10-01 is Thursday 10-09."""
    assert cn.next_working_day(D(2025, 10, 1)) == D(2025, 10, 9)
    assert cn.next_working_day(D(2025, 10, 9)) == D(2025, 10, 9)
    assert cn.next_working_day(D(2025, 9, 27)) == D(2025, 9, 28)  # Sat -> make-up Sun


def test_cad_workday_working_days_around_golden_week(cn: StoreCalendar) -> None:
    """CAD-WORKDAY: working_days(09-26, 10-13) yields both make-up days and skips the break."""
    expected = [
        D(2025, 9, 26),  # Fri
        D(2025, 9, 28),  # Sun, make-up
        D(2025, 9, 29),
        D(2025, 9, 30),
        D(2025, 10, 9),
        D(2025, 10, 10),
        D(2025, 10, 11),  # Sat, make-up
        D(2025, 10, 13),  # Mon (Sun 10-12 is off)
    ]
    assert list(cn.working_days(D(2025, 9, 26), D(2025, 10, 13))) == expected


def test_cad_workday_working_days_of_an_empty_range_is_empty(cn: StoreCalendar) -> None:
    """CAD-WORKDAY: working_days with end before start yields nothing."""
    assert list(cn.working_days(D(2025, 3, 5), D(2025, 3, 4))) == []


def test_cad_workday_holiday_name_of_holiday_and_ordinary_day(cn: StoreCalendar) -> None:
    """CAD-WORKDAY: holiday_name names National Day on 10-01 and gives None on a plain day."""
    assert cn.holiday_name(D(2025, 10, 1)) == "National Day"
    assert cn.holiday_name(D(2025, 3, 3)) is None
    assert cn.holiday_name(D(2025, 1, 26)) is None  # a make-up workday is no holiday


# --- CAD-KEEP: occasions ----------------------------------------------------------------------


def test_cad_keep_cn_2025_occasions_in_english(cn: StoreCalendar) -> None:
    """CAD-KEEP: China 2025 has eight occasions, one per named holiday, on its first day."""
    occasions = cn.occasions(D(2025, 1, 1), D(2025, 12, 31))
    assert tuple(o.date for o in occasions) == CN_2025_OCCASION_DATES
    assert all(o.public for o in occasions)
    by_date = {o.date: o.name for o in occasions}
    assert by_date[D(2025, 1, 1)] == "New Year's Day"
    assert by_date[D(2025, 1, 28)] == "Chinese New Year's Eve"
    assert "Spring Festival" in by_date[D(2025, 1, 29)]
    assert "Tomb-Sweeping" in by_date[D(2025, 4, 4)]
    assert by_date[D(2025, 5, 1)] == "Labor Day"
    assert "Dragon Boat" in by_date[D(2025, 5, 31)]
    assert by_date[D(2025, 10, 1)] == "National Day"
    assert "Mid-Autumn" in by_date[D(2025, 10, 6)]


def test_cad_keep_multi_day_holidays_count_once(cn: StoreCalendar) -> None:
    """CAD-KEEP: Spring Festival (01-29..31), Labor Day and National Day are one occasion each."""
    assert cn.occasions(D(2025, 1, 30), D(2025, 2, 2)) == ()
    assert [o.date for o in cn.occasions(D(2025, 5, 1), D(2025, 5, 5))] == [D(2025, 5, 1)]
    assert [o.date for o in cn.occasions(D(2025, 10, 1), D(2025, 10, 5))] == [D(2025, 10, 1)]


@pytest.mark.parametrize("day", CN_2025_SUBSTITUTED_DAYS_OFF, ids=str)
def test_cad_keep_substituted_and_observed_days_off_are_no_occasion(
    cn: StoreCalendar, day: dt.date
) -> None:
    """CAD-KEEP: substituted days off (02-03, 05-05, ...) and observed 06-02 are not occasions."""
    assert cn.is_working_day(day) is False
    assert cn.holiday_name(day) is not None
    assert cn.occasions(day, day) == ()


def test_cad_keep_occasions_window_is_inclusive(cn: StoreCalendar) -> None:
    """CAD-KEEP: occasions(start, end) includes occasions on both ends of the window."""
    found = cn.occasions(D(2025, 1, 28), D(2025, 1, 29))
    assert [o.date for o in found] == [D(2025, 1, 28), D(2025, 1, 29)]
    assert all(isinstance(o, Occasion) for o in found)


@pytest.mark.parametrize(
    ("fixture", "language", "spring_festival", "national_day"),
    [("cn_zh_cn", "zh_CN", "春节", "国庆节"), ("cn_zh_tw", "zh_TW", "春節", "國慶節")],
)
def test_cad_keep_cn_occasions_in_chinese(
    request: pytest.FixtureRequest,
    fixture: str,
    language: str,
    spring_festival: str,
    national_day: str,
) -> None:
    """CAD-KEEP: zh_CN and zh_TW give the same eight occasions with Chinese names."""
    cal: StoreCalendar = request.getfixturevalue(fixture)
    occasions = cal.occasions(D(2025, 1, 1), D(2025, 12, 31))
    assert tuple(o.date for o in occasions) == CN_2025_OCCASION_DATES
    by_date = {o.date: o.name for o in occasions}
    assert by_date[D(2025, 1, 29)] == spring_festival
    assert by_date[D(2025, 10, 1)] == national_day
    assert cal.holiday_language == language


@pytest.mark.parametrize("fixture", ["cn", "cn_zh_cn", "cn_zh_tw"])
def test_cad_keep_occasion_keys_are_english_in_every_language(
    request: pytest.FixtureRequest, cn: StoreCalendar, fixture: str
) -> None:
    """CAD-KEEP: an occasion's key is its English name whatever the calendar's language."""
    cal: StoreCalendar = request.getfixturevalue(fixture)
    english = [o.name for o in cn.occasions(D(2025, 1, 1), D(2025, 12, 31))]
    keys = [o.key for o in cal.occasions(D(2025, 1, 1), D(2025, 12, 31))]
    assert keys == english
    (national_day,) = cal.occasions(D(2025, 10, 1), D(2025, 10, 1))
    assert national_day.key == "National Day"


def test_cad_keep_zh_tw_names_are_traditional(cn_zh_tw: StoreCalendar) -> None:
    """CAD-KEEP: language="zh_TW" names holidays in traditional characters (春節, not 春节)."""
    assert cn_zh_tw.language == "zh_TW"
    assert cn_zh_tw.holiday_name(D(2025, 1, 29)) == "春節"
    assert cn_zh_tw.holiday_name(D(2025, 4, 4)) == "清明節"
    assert cn_zh_tw.holiday_name(D(2025, 5, 31)) == "端午節"


def test_cad_keep_language_does_not_change_working_days(
    cn: StoreCalendar, cn_zh_cn: StoreCalendar, cn_zh_tw: StoreCalendar
) -> None:
    """CAD-WORKDAY: the language of names does not change a single working day of 2025."""
    year = list(days_of(D(2025, 1, 1), D(2025, 12, 31)))
    english = [cn.is_working_day(day) for day in year]
    assert [cn_zh_cn.is_working_day(day) for day in year] == english
    assert [cn_zh_tw.is_working_day(day) for day in year] == english


def test_cad_keep_us_christmas_is_an_occasion(us: StoreCalendar) -> None:
    """CAD-KEEP: Christmas Day 2025-12-25 is a public occasion in the US."""
    (christmas,) = us.occasions(D(2025, 12, 25), D(2025, 12, 25))
    assert christmas == Occasion(
        D(2025, 12, 25), name="Christmas Day", key="Christmas Day", public=True
    )
    assert us.is_working_day(D(2025, 12, 25)) is False


@pytest.mark.parametrize(
    ("observed", "actual"),
    [
        (D(2026, 7, 3), D(2026, 7, 4)),  # Independence Day on a Saturday
        (D(2027, 7, 5), D(2027, 7, 4)),  # Independence Day on a Sunday
        (D(2027, 12, 24), D(2027, 12, 25)),  # Christmas on a Saturday
    ],
    ids=str,
)
def test_cad_keep_us_observed_days_are_off_but_no_occasion(
    us: StoreCalendar, observed: dt.date, actual: dt.date
) -> None:
    """CAD-KEEP: a US observed day (e.g. 2026-07-03) is no occasion and no working day."""
    assert us.is_working_day(observed) is False
    assert us.occasions(observed, observed) == ()
    assert [o.date for o in us.occasions(actual, actual)] == [actual]


def test_cad_workday_us_next_working_day_is_none_past_the_years(us: StoreCalendar) -> None:
    """CAD-WORKDAY: Fri 2027-12-31 is New Year's Day 2028 observed, so no working day follows."""
    assert us.is_working_day(D(2027, 12, 31)) is False
    assert us.next_working_day(D(2027, 12, 31)) is None


def test_cad_keep_national_day_counts_once_when_mid_autumn_falls_on_it() -> None:
    """CAD-KEEP: in 2020 Mid-Autumn fell on 10-01; National Day 10-02/03 is no second occasion."""
    cal = StoreCalendar.build("CN", years=[2020])
    found = cal.occasions(D(2020, 10, 1), D(2020, 10, 8))
    assert {o.date for o in found} == {D(2020, 10, 1)}


# --- the store's own days ---------------------------------------------------------------------


def test_cad_keep_store_occasion_is_private_and_keeps_working_days(
    store: StoreCalendar, cn: StoreCalendar
) -> None:
    """CAD-KEEP: the store's Qixi (2025-08-29) is a private occasion; that Friday still works."""
    assert store.occasions(D(2025, 8, 29), D(2025, 8, 29)) == (
        Occasion(D(2025, 8, 29), name="Qixi", key="Qixi", public=False),
    )
    assert store.is_working_day(D(2025, 8, 29)) is True
    assert store.holiday_name(D(2025, 8, 29)) is None
    public = store.occasions(D(2025, 1, 1), D(2025, 12, 31))
    assert [o for o in public if o.public] == list(cn.occasions(D(2025, 1, 1), D(2025, 12, 31)))


def test_cad_workday_store_closure_on_a_weekday_is_off(store: StoreCalendar) -> None:
    """CAD-WORKDAY: a CLOSED store day (given as "closed") on Tuesday 2025-03-04 is off."""
    assert STOCKTAKING.kind is DayKind.CLOSED
    assert store.is_working_day(D(2025, 3, 4)) is False
    assert store.next_working_day(D(2025, 3, 4)) == D(2025, 3, 5)
    assert store.occasions(D(2025, 3, 4), D(2025, 3, 4)) == ()


def test_cad_workday_store_closure_on_a_make_up_day_is_off(store: StoreCalendar) -> None:
    """CAD-WORKDAY: closing on make-up Sunday 2025-01-26 makes it a day off for the store."""
    assert store.is_working_day(D(2025, 1, 26)) is False
    assert D(2025, 1, 26) not in store.weekend_workdays


def test_cad_workday_store_open_saturday_works(store: StoreCalendar) -> None:
    """CAD-WORKDAY: an OPEN store day on Saturday 2025-03-15 is a working weekend day."""
    assert store.is_working_day(D(2025, 3, 15)) is True
    assert store.weekend_workdays == (CN_2025_MAKE_UP_DAYS - {D(2025, 1, 26)}) | {D(2025, 3, 15)}


def test_cad_workday_store_open_on_a_public_holiday_works() -> None:
    """CAD-WORKDAY: a store open on Thursday 2025-10-02 (National Day) works that day."""
    open_day = StoreDay(D(2025, 10, 2), kind="open", name="Golden-week sale")
    cal = StoreCalendar.build("CN", years=[2025], store_days=[open_day])
    assert cal.is_working_day(D(2025, 10, 2)) is True
    assert cal.next_working_day(D(2025, 10, 1)) == D(2025, 10, 2)
    assert cal.holiday_name(D(2025, 10, 2)) == "National Day"


def test_cad_workday_open_weekday_is_not_a_weekend_workday() -> None:
    """CAD-WORKDAY: an OPEN store day on a weekday holiday is not listed as a weekend workday."""
    open_day = StoreDay(D(2025, 10, 2), kind="open", name="Golden-week sale")
    cal = StoreCalendar.build("CN", years=[2025], store_days=[open_day])
    assert all(day.weekday() >= 5 for day in cal.weekend_workdays)


def test_cad_workday_store_day_outside_the_years_is_refused() -> None:
    """CAD-WORKDAY: a store day outside the loaded years is refused, naming store_days."""
    far = StoreDay(D(2030, 3, 9), kind=DayKind.OPEN, name="Far away")
    with pytest.raises(InvalidInputError, match=r"store_days: .*2025\.\.2025.*2030-03-09"):
        StoreCalendar.build("CN", years=[2025], store_days=[far])


def test_cad_workday_store_days_are_sorted_by_date(store: StoreCalendar) -> None:
    """CAD-WORKDAY: store_days come back sorted by date, whatever order they were given in."""
    assert store.store_days == (STAFF_OUTING, STOCKTAKING, SATURDAY_SALE, QIXI)


@pytest.mark.parametrize(
    "days",
    [
        [
            StoreDay(D(2025, 3, 4), kind="closed", name="Stocktaking"),
            StoreDay(D(2025, 3, 4), kind="open", name="Sale"),
        ],
        [
            StoreDay(D(2025, 3, 4), kind="closed", name="Stocktaking"),
            StoreDay(D(2025, 3, 4), kind="closed", name="Inventory"),
        ],
        [
            StoreDay(D(2025, 3, 15), kind="open", name="Sale"),
            StoreDay(D(2025, 3, 15), kind="open", name="Sale"),
        ],
    ],
    ids=["closed-and-open", "two-closures", "two-openings"],
)
def test_cad_workday_conflicting_store_days_raise(days: list[StoreDay]) -> None:
    """CAD-WORKDAY: closed+open, two closures or two openings on one date: InvalidInputError."""
    with pytest.raises(InvalidInputError, match=r"^store_days: expected .* on 2025-03-"):
        StoreCalendar.build("CN", years=[2025], store_days=days)


def test_cad_keep_two_occasions_on_one_date_are_allowed() -> None:
    """CAD-KEEP: two store occasions on one date are both kept, sorted by name."""
    days = [
        StoreDay(D(2025, 8, 29), kind="occasion", name="Qixi"),
        StoreDay(D(2025, 8, 29), kind="occasion", name="Anniversary"),
    ]
    cal = StoreCalendar.build("CN", years=[2025], store_days=days)
    names = [o.name for o in cal.occasions(D(2025, 8, 29), D(2025, 8, 29))]
    assert names == ["Anniversary", "Qixi"]


def test_store_day_kind_accepts_its_string_value() -> None:
    """A StoreDay kind given as "closed", "open" or "occasion" becomes the DayKind member."""
    for kind in DayKind:
        assert StoreDay(D(2025, 1, 1), kind=kind.value, name="x").kind is kind


@pytest.mark.parametrize(
    ("kwargs", "error", "pattern"),
    [
        ({"kind": "holiday", "name": "x"}, InvalidInputError, r"^kind: expected 'closed'"),
        ({"kind": None, "name": "x"}, InvalidInputError, r"^kind: "),
        ({"kind": "closed", "name": ""}, InvalidInputError, r"^name: "),
        ({"kind": "closed", "name": 7}, InvalidTypeError, r"^name: "),
    ],
)
def test_store_day_bad_kind_or_name_raises(
    kwargs: dict[str, Any], error: type[Exception], pattern: str
) -> None:
    """A StoreDay with an unknown kind or an empty/non-str name raises, naming the field."""
    with pytest.raises(error, match=pattern):
        StoreDay(D(2025, 1, 1), **kwargs)


@pytest.mark.parametrize("value", [dt.datetime(2025, 8, 29, tzinfo=dt.UTC), "2025-08-29"])
def test_store_day_date_must_be_a_date(value: object) -> None:
    """A StoreDay dated with a datetime or a string raises InvalidTypeError naming 'date'."""
    with pytest.raises(InvalidTypeError, match=r"^date: expected a datetime.date"):
        StoreDay(value, kind="closed", name="x")  # type: ignore[arg-type]


def test_build_store_days_must_be_store_day_objects() -> None:
    """StoreCalendar.build refuses store_days that are not StoreDay objects."""
    with pytest.raises(InvalidTypeError, match=r"^store_days: expected StoreDay objects"):
        StoreCalendar.build("CN", years=[2025], store_days=[(D(2025, 3, 4), "closed")])  # type: ignore[list-item]


# --- language ---------------------------------------------------------------------------------


def test_language_without_translation_falls_back_to_the_default() -> None:
    """A US calendar asked for zh_CN keeps language='zh_CN' but names holidays in en_US."""
    cal = StoreCalendar.build("US", years=[2025], language="zh_CN")
    assert cal.language == "zh_CN"
    assert cal.holiday_language == "en_US"
    assert cal.holiday_name(D(2025, 12, 25)) == "Christmas Day"


def test_language_defaults_to_english(cn: StoreCalendar) -> None:
    """A calendar built without a language is in English (holidays' en_US)."""
    assert cn.language == "en"
    assert cn.holiday_language == "en_US"


@pytest.mark.parametrize("language", ["fr", "zh", "EN", "", None])
def test_language_unknown_raises(language: object) -> None:
    """An unknown language raises InvalidInputError naming 'language'."""
    with pytest.raises(InvalidInputError, match=r"^language: expected one of en, zh_CN, zh_TW"):
        StoreCalendar.build("CN", years=[2025], language=language)  # type: ignore[arg-type]


# --- build errors -----------------------------------------------------------------------------


def test_error_unknown_country_names_country() -> None:
    """An unknown country 'XX' raises InvalidInputError (a RetentionError and ValueError)."""
    with pytest.raises(InvalidInputError, match=r"^country: .*got 'XX'") as info:
        StoreCalendar.build("XX", years=[2025])
    assert isinstance(info.value, RetentionError)
    assert isinstance(info.value, ValueError)


def test_error_country_must_be_a_string() -> None:
    """A country that is not a string raises InvalidTypeError (also a TypeError)."""
    with pytest.raises(InvalidTypeError, match=r"^country: ") as info:
        StoreCalendar.build(86, years=[2025])  # type: ignore[arg-type]
    assert isinstance(info.value, TypeError)


def test_error_unknown_subdivision_names_subdivision() -> None:
    """An unknown subdivision of the US raises InvalidInputError naming 'subdivision'."""
    with pytest.raises(InvalidInputError, match=r"^subdivision: .*got 'ZZ'"):
        StoreCalendar.build("US", years=[2025], subdivision="ZZ")


def test_known_subdivision_is_kept() -> None:
    """A known subdivision (Bavaria) builds and is kept on the calendar."""
    cal = StoreCalendar.build("DE", years=[2025], subdivision="BY")
    assert cal.subdivision == "BY"
    assert cal.is_working_day(D(2025, 1, 6)) is False  # Epiphany is a holiday in Bavaria


@pytest.mark.parametrize("years", [[], (), range(2025, 2025)], ids=["list", "tuple", "range"])
def test_error_no_years_raises(years: Any) -> None:
    """An empty years raises InvalidInputError naming 'years'."""
    with pytest.raises(InvalidInputError, match=r"^years: expected at least one year"):
        StoreCalendar.build("CN", years=years)


@pytest.mark.parametrize(
    "years", [[2025, True], [True], ["2025"], [2025.0], "2025", 2025], ids=repr
)
def test_error_years_of_wrong_type_raise(years: Any) -> None:
    """Years holding a bool, str or float, or not an iterable, raise InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^years: expected"):
        StoreCalendar.build("CN", years=years)


@pytest.mark.parametrize("years", [[0], [1], [9999], [10_000]])
def test_error_years_out_of_range_raise(years: list[int]) -> None:
    """A year the calendar cannot cover (1, 9999, ...) raises InvalidInputError."""
    with pytest.raises(InvalidInputError, match=r"^years: expected years between"):
        StoreCalendar.build("US", years=years)


def test_error_more_than_fifty_years_raises() -> None:
    """A span of 51 years (1990..2040) raises InvalidInputError; 50 years builds."""
    with pytest.raises(InvalidInputError, match=r"^years: expected at most 50 years"):
        StoreCalendar.build("US", years=[1990, 2040])
    assert len(StoreCalendar.build("US", years=[1990, 2039]).years) == 50


def test_years_gaps_are_filled() -> None:
    """years=[2027, 2025] loads 2025, 2026 and 2027, in ascending order."""
    cal = StoreCalendar.build("CN", years=[2027, 2025])
    assert cal.years == (2025, 2026, 2027)
    assert cal.covers(D(2026, 6, 30)) is True


# --- out of the calendar ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "ask",
    [
        lambda cal: cal.is_working_day(D(2024, 12, 31)),
        lambda cal: cal.holiday_name(D(2026, 1, 1)),
        lambda cal: cal.occasions(D(2025, 12, 1), D(2026, 1, 31)),
        lambda cal: cal.occasions(D(2024, 12, 1), D(2025, 1, 31)),
        lambda cal: cal.next_working_day(D(2026, 1, 2)),
        lambda cal: list(cal.working_days(D(2025, 12, 1), D(2026, 1, 5))),
    ],
    ids=[
        "is_working_day",
        "holiday_name",
        "occasions-end",
        "occasions-start",
        "next_working_day",
        "working_days",
    ],
)
def test_error_dates_outside_the_years_raise(cn: StoreCalendar, ask: Any) -> None:
    """A date outside the loaded years raises OutOfCalendarError, also a ValueError."""
    with pytest.raises(OutOfCalendarError, match=r"expected a date in 2025\.\.2025") as info:
        ask(cn)
    assert isinstance(info.value, InvalidInputError)
    assert isinstance(info.value, RetentionError)
    assert isinstance(info.value, ValueError)


def test_covers_says_false_outside_the_years(cn: StoreCalendar) -> None:
    """covers() is True on the first and last day of 2025 and False just outside."""
    assert cn.covers(D(2025, 1, 1)) is True
    assert cn.covers(D(2025, 12, 31)) is True
    assert cn.covers(D(2024, 12, 31)) is False
    assert cn.covers(D(2026, 1, 1)) is False


def test_lookups_refuse_a_datetime(cn: StoreCalendar) -> None:
    """Lookups given a datetime instead of a date raise InvalidTypeError."""
    moment = dt.datetime(2025, 3, 3, 9, tzinfo=dt.UTC)
    with pytest.raises(InvalidTypeError, match=r"^day: expected a datetime.date"):
        cn.is_working_day(moment)
    with pytest.raises(InvalidTypeError, match=r"^day: expected a datetime.date"):
        cn.covers(moment)


# --- immutability, identity, pickling, threads ------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "value"), [("country", "US"), ("years", (2026,)), ("_days_off", frozenset())]
)
def test_calendar_is_frozen(cn: StoreCalendar, attribute: str, value: object) -> None:
    """A calendar's attributes cannot be set (attrs FrozenInstanceError)."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(cn, attribute, value)


def test_store_day_is_frozen() -> None:
    """A StoreDay's attributes cannot be set (attrs FrozenInstanceError)."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        QIXI.name = "Double-11"  # type: ignore[misc]


def test_calendar_pickle_round_trips(store: StoreCalendar) -> None:
    """A pickled calendar is equal to the original and answers every 2025 day the same."""
    again = pickle.loads(pickle.dumps(store))  # noqa: S301 - our own bytes
    assert again == store
    assert hash(again) == hash(store)
    year = list(days_of(D(2025, 1, 1), D(2025, 12, 31)))
    assert [answers(again, day) for day in year] == [answers(store, day) for day in year]
    assert again.occasions(D(2025, 1, 1), D(2025, 12, 31)) == store.occasions(
        D(2025, 1, 1), D(2025, 12, 31)
    )
    assert again.weekend_workdays == store.weekend_workdays
    assert again.covers(D(2026, 1, 1)) is False


def test_calendars_from_equal_arguments_are_equal() -> None:
    """Equal build arguments (store days in any order, 'cn' or 'CN') give equal calendars."""
    first = StoreCalendar.build("CN", years=[2025], store_days=STORE_DAYS)
    second = StoreCalendar.build("cn", years=(2025,), store_days=reversed(STORE_DAYS))
    assert first == second
    assert hash(first) == hash(second)
    assert first.country == "CN"
    assert len({first, second}) == 1


def test_calendars_from_different_arguments_differ(cn: StoreCalendar, store: StoreCalendar) -> None:
    """Calendars from different years, languages or store days are not equal."""
    assert cn != store
    assert cn != StoreCalendar.build("CN", years=[2025, 2026])
    assert cn != StoreCalendar.build("CN", years=[2025], language="zh_CN")
    assert cn != "CN"


def test_calendar_answers_the_same_from_eight_threads(store: StoreCalendar) -> None:
    """One calendar queried from 8 threads over every day of 2025 answers as a single thread."""
    year = list(days_of(D(2025, 1, 1), D(2025, 12, 31)))
    single = [answers(store, day) for day in year]
    with ThreadPoolExecutor(max_workers=8) as pool:
        threaded = list(pool.map(lambda day: answers(store, day), year, chunksize=7))
    assert threaded == single


# --- properties -------------------------------------------------------------------------------

THREE_YEARS = st.dates(min_value=D(2024, 1, 1), max_value=D(2026, 12, 31))


@given(day=THREE_YEARS)
def test_cad_workday_matches_the_holidays_package(
    cn_three_years: StoreCalendar, cn_reference: Any, day: dt.date
) -> None:
    """CAD-WORKDAY: is_working_day agrees with holidays' own CN is_working_day for 2024..2026."""
    assert cn_three_years.is_working_day(day) is cn_reference.is_working_day(day)


@given(day=THREE_YEARS)
def test_cad_workday_next_working_day_is_the_first_on_or_after(
    cn_three_years: StoreCalendar, day: dt.date
) -> None:
    """CAD-WORKDAY: next_working_day(d) is a working day >= d with no working day in between."""
    found = cn_three_years.next_working_day(day)
    assert found is not None
    assert found >= day
    assert cn_three_years.is_working_day(found)
    between = list(days_of(day, found - dt.timedelta(days=1)))
    assert not any(cn_three_years.is_working_day(other) for other in between)
    assert list(cn_three_years.working_days(day, found)) == [found]


def _calendar_with_years(years: object) -> StoreCalendar:
    """The constructor (for the library and pickling) with ``years`` and empty contents."""
    return StoreCalendar(
        "CN",
        subdivision=None,
        language="en",
        years=years,  # type: ignore[arg-type]
        holiday_language="en_US",
        store_days=(),
        days_off=frozenset(),
        weekend=frozenset({5, 6}),
        weekend_workdays=frozenset(),
        holidays=FrozenMap({}),
        occasions=(),
    )


def test_the_constructor_checks_the_years_it_derives_the_first_and_last_day_from() -> None:
    """CAD-WORKDAY: StoreCalendar(years=NaN) or a gap names years (not a TypeError on [0])."""
    with pytest.raises(InvalidTypeError) as caught:
        _calendar_with_years(Decimal("NaN"))
    assert str(caught.value) == (
        "years: expected a tuple of years such as (2025, 2026), got Decimal('NaN') (Decimal)"
    )
    with pytest.raises(InvalidInputError) as caught:
        _calendar_with_years((2025, 2027))
    assert str(caught.value) == (
        "years: expected contiguous years in order such as (2025, 2026), got (2025, 2027)"
    )
    with pytest.raises(InvalidInputError, match=r"^years: expected years between 2 and 9998"):
        _calendar_with_years((1,))
    assert _calendar_with_years((2025, 2026)).covers(D(2026, 12, 31))
