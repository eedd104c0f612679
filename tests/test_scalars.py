"""Scalars from the numeric stack: numpy and pandas values wherever a number or a day goes.

Issue 14. A host reads its purchases with pandas, so a row holds ``np.int64``,
``np.float64``, ``np.str_``, ``pd.Timestamp``, and NaN or ``pd.NA`` in its empty cells.
Integers read as ints, floats as the shortest decimal, a day at midnight as its
``datetime.date``; an optional field's empty cell is ``None``; everything else is
refused with a :class:`~retention.exceptions.RetentionError` that names the field. The
properties feed foreign scalars to every public constructor and to the functions that
take numbers or days: only a RetentionError may come out.
"""

from __future__ import annotations

import datetime as dt
import functools
import importlib
import inspect
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import attrs
import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import retention
from retention import (
    AbcPolicy,
    CadencePolicy,
    Complaint,
    CustomerProfile,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    Purchase,
    RetentionError,
    StoreCalendar,
    spend_totals,
)
from retention._validate import as_integer, check_positive_int, is_missing
from retention.cadence import StaffMember, WinBack
from retention.churn import BgNbdParams, ChurnPolicy, overdue, p_alive, rfm_summary
from retention.complaints import Option
from retention.satisfaction import (
    ItemAnswer,
    Response,
    Scale,
    csat,
    expected_loyalty,
    nps,
    word_of_mouth,
)
from test_junk import world  # valid instances of every public type, from the sample store

DAY = dt.date(2025, 3, 1)
CDNOW = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426}


def buy(**fields: object) -> Purchase:
    """A purchase of "c1" on DAY for 10, with ``fields`` replaced."""
    given_fields: dict[str, Any] = {"customer_id": "c1", "date": DAY, "amount": 10, **fields}
    return Purchase(**given_fields)


# --- numbers --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (np.int64(42), Decimal(42)),
        (np.int8(7), Decimal(7)),
        (np.uint8(255), Decimal(255)),
        (np.uint64(2**64 - 1), Decimal(2**64 - 1)),
        (np.float64(11.77), Decimal("11.77")),
        (np.float64(19.99), Decimal("19.99")),
        (np.float64(-0.0), Decimal("0.0")),
        (np.float32(0.1), Decimal("0.1")),
        (np.float32(19.99), Decimal("19.99")),
        (np.float16(0.5), Decimal("0.5")),
        (pd.Series([3], dtype="Int64")[0], Decimal(3)),
        (pd.Series([2.25])[0], Decimal("2.25")),
        (np.str_("19.90"), Decimal("19.90")),
    ],
    ids=repr,
)
def test_a_numpy_or_pandas_number_is_an_amount(value: object, expected: Decimal) -> None:
    """Integers read as ints, floats as the shortest decimal in their own precision."""
    amount = buy(amount=value).amount
    assert amount == expected
    assert type(amount) is Decimal
    assert str(amount) == str(expected)


def test_a_numpy_float64_reads_like_the_python_float() -> None:
    """np.float64(11.77) gives the amount 11.77 gives, not a bare decimal.InvalidOperation."""
    assert buy(amount=np.float64(11.77)) == buy(amount=11.77)


@pytest.mark.parametrize("value", [True, False, np.True_, np.False_], ids=repr)
def test_a_bool_is_not_an_amount(value: object) -> None:
    """Neither bool nor np.bool_ is a number: an InvalidTypeError naming the field."""
    with pytest.raises(InvalidTypeError, match=r"^amount: expected a finite, non-negative"):
        buy(amount=value)


@pytest.mark.parametrize(
    "value",
    [
        np.float64("nan"),
        np.float64("inf"),
        np.float64("-inf"),
        np.float32("nan"),
        np.float16("inf"),
        pd.NA,
        pd.NaT,
        Decimal("NaN"),
        np.int64(-1),
    ],
    ids=repr,
)
def test_a_missing_or_infinite_amount_is_refused(value: object) -> None:
    """NaN, pd.NA, NaT and infinities in a required number: an InvalidInputError."""
    with pytest.raises(InvalidInputError, match=r"^amount: expected a finite, non-negative"):
        buy(amount=value)


def test_the_refusal_shows_the_numpy_value() -> None:
    """The message names the field, what was expected and the value as numpy shows it."""
    with pytest.raises(InvalidInputError) as caught:
        buy(amount=np.float64("nan"))
    assert str(caught.value) == (
        "amount: expected a finite, non-negative amount, got np.float64(nan)"
    )


@pytest.mark.parametrize(
    "value",
    [np.datetime64("2025-03-01"), pd.Timestamp(DAY), pd.Timedelta(days=1), np.complex128(1)],
    ids=repr,
)
def test_a_day_or_a_duration_is_not_a_number(value: object) -> None:
    """A date, a duration or a complex number where a number goes: an InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^amount: "):
        buy(amount=value)


def test_a_numpy_integer_is_an_int() -> None:
    """An int parameter takes numpy integers and keeps a plain int; floats stay refused."""
    assert type(check_positive_int("n", np.int64(3))) is int
    assert as_integer(np.uint16(9)) == 9
    assert as_integer(np.True_) is None
    assert as_integer(np.float64(3.0)) is None
    with pytest.raises(InvalidInputError, match=r"^n: expected an int from 1 to 10, got 18446"):
        check_positive_int("n", np.uint64(2**64 - 1), maximum=10)
    with pytest.raises(InvalidTypeError, match=r"^n: expected an int >= 1, got np.float64"):
        check_positive_int("n", np.float64(3.0))


def test_spend_totals_of_numpy_amounts_are_exact() -> None:
    """Amounts from a float64 column add up to the decimals that were typed."""
    column = pd.Series([0.1, 0.2, 19.99])
    totals = spend_totals([buy(amount=value) for value in column])
    assert totals["c1"] == Decimal("20.29")


# --- days -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "value",
    [
        np.datetime64("2025-03-01"),
        np.datetime64("2025-03-01T00:00:00"),
        np.datetime64("2025-03-01T00:00:00.000000000"),
        pd.Timestamp("2025-03-01"),
        pd.Series(pd.to_datetime(["2025-03-01"]))[0],
        pd.Series(pd.to_datetime(["2025-03-01"])).to_numpy()[0],
    ],
    ids=repr,
)
def test_a_numpy_or_pandas_day_at_midnight_is_a_date(value: object) -> None:
    """A datetime64 or Timestamp at midnight without a time zone is its datetime.date."""
    day = buy(date=value).date
    assert day == DAY
    assert type(day) is dt.date


@pytest.mark.parametrize(
    ("value", "hint"),
    [
        (pd.Timestamp("2025-03-01 10:30"), r"a time of day: use \.dt\.date"),
        (pd.Timestamp("2025-03-01 00:00:00.000000001"), "a time of day"),
        (pd.Timestamp("2025-03-01", tz="Asia/Shanghai"), r"in a time zone: .*\.dt\.date"),
        (np.datetime64("2025-03-01T10:30"), r"a time of day: .*normalize\(\)"),
        (np.datetime64("2025-03"), "a year, month or week"),
        (np.datetime64("10000-01-01"), "from 0001-01-01 to 9999-12-31"),
        (np.datetime64("NaT"), "a missing value"),
        (pd.NaT, "a missing value"),
    ],
    ids=repr,
)
def test_a_numpy_or_pandas_value_that_is_no_day_is_refused(value: object, hint: str) -> None:
    """A time of day, a time zone, a month or NaT: an InvalidInputError with a hint."""
    with pytest.raises(InvalidInputError, match=rf"^date: expected a day.*{hint}"):
        buy(date=value)


def test_a_plain_datetime_stays_refused_for_a_day() -> None:
    """datetime.datetime is still no day, even at midnight (as before issue 14)."""
    with pytest.raises(InvalidTypeError, match=r"^date: expected a datetime.date \(not a dat"):
        buy(date=dt.datetime(2025, 3, 1))  # noqa: DTZ001 - naive on purpose


def test_rfm_summary_and_overdue_take_numpy_days() -> None:
    """Purchase days and as_of from numpy and pandas count like dates."""
    days = pd.Series(pd.to_datetime(["2025-01-01", "2025-01-15", "2025-01-29"]))
    as_of = np.datetime64("2025-03-01")
    plain = [dt.date(2025, 1, 1), dt.date(2025, 1, 15), dt.date(2025, 1, 29)]
    expected = rfm_summary(plain, as_of=dt.date(2025, 3, 1), unit_days=7)
    assert rfm_summary(list(days), as_of=as_of, unit_days=np.int64(7)) == expected
    assert rfm_summary(list(days.to_numpy()), as_of=pd.Timestamp(as_of)) == expected
    check = overdue(np.str_("c1"), list(days), as_of=as_of)
    assert check == overdue("c1", plain, as_of=dt.date(2025, 3, 1))
    assert type(check.customer_id) is str
    with pytest.raises(InvalidInputError, match=r"^as_of: expected a day, got a missing"):
        rfm_summary(plain, as_of=pd.NaT)


# --- optional fields and strings ----------------------------------------------------------


@pytest.mark.parametrize(
    "empty", [None, float("nan"), np.float64("nan"), pd.NA, pd.NaT, Decimal("NaN")], ids=repr
)
def test_an_empty_cell_in_an_optional_label_is_none(empty: object) -> None:
    """NaN, pd.NA, NaT and None in brand, product or category all read as None."""
    purchase = buy(brand=empty, product=empty, category=empty)
    assert (purchase.brand, purchase.product, purchase.category) == (None, None, None)
    assert is_missing(empty)


def test_a_string_nan_is_a_label() -> None:
    """The text "nan" is a label someone typed, not an empty cell."""
    assert buy(brand="nan").brand == "nan"
    assert not is_missing("nan")
    assert not is_missing(np.str_("nan"))


def test_numpy_strings_are_plain_strings() -> None:
    """np.str_ IDs and labels are kept as str, so reasons and reprs show plain text."""
    purchase = buy(customer_id=np.str_("c1"), brand=np.str_("Acme"))
    assert purchase == buy(brand="Acme")
    assert type(purchase.customer_id) is str
    assert type(purchase.brand) is str
    assert "np.str_" not in repr(purchase)
    with pytest.raises(InvalidInputError, match=r"^customer_id: expected a non-empty string"):
        buy(customer_id=np.str_(" "))


def test_a_purchase_from_a_dataframe_row() -> None:
    """Every field of a DataFrame row goes straight into a Purchase."""
    frame = pd.DataFrame(
        {
            "customer_id": ["c1", "c2"],
            "date": pd.to_datetime(["2025-03-01", "2025-03-02"]),
            "amount": [19.99, 5.0],
            "brand": ["Acme", None],
            "product": pd.array(["p1", pd.NA], dtype="string"),
            "category": [np.nan, "food"],
        }
    )
    first, second = (Purchase(**row) for row in frame.to_dict("records"))
    assert first == Purchase("c1", date=DAY, amount="19.99", brand="Acme", product="p1")
    assert second == Purchase("c2", date=dt.date(2025, 3, 2), amount="5.0", category="food")


# --- the other public types and functions ------------------------------------------------


def test_a_customer_profile_from_a_dataframe_row() -> None:
    """A profile takes np.str_ IDs, a float64 value, and NaN for an unknown class, owner, value."""
    profile = CustomerProfile(
        np.str_("c1"), abc=np.nan, attitude=pd.NA, staff_id=np.nan, value=np.float64(19.99)
    )
    assert profile == CustomerProfile("c1", value=Decimal("19.99"))
    assert CustomerProfile("c1", abc=np.str_("A")).abc == retention.AbcClass.A
    assert CustomerProfile("c1", value=np.nan).value is None  # an unknown worth
    with pytest.raises(InvalidInputError, match=r"^value: expected a finite, non-negative"):
        CustomerProfile("c1", value=np.float64("inf"))


def test_bgnbd_params_take_a_fitters_numpy_floats() -> None:
    """BgNbdParams(**fitter.params_) works when the fitted parameters are np.float64."""
    fitted = {name: np.float64(value) for name, value in CDNOW.items()}
    params = BgNbdParams(**fitted)
    assert params == BgNbdParams(**CDNOW)
    assert all(type(getattr(params, name)) is float for name in CDNOW)
    alive = p_alive(np.int64(2), np.float64(30.43), np.float32(38.86), params)
    assert round(alive, 4) == round(p_alive(2, 30.43, float(np.float32(38.86)), params), 4)
    with pytest.raises(InvalidInputError, match=r"^r: expected a number >= 0, got np.float64"):
        BgNbdParams(**{**fitted, "r": np.float64("nan")})
    with pytest.raises(InvalidTypeError, match=r"^x: expected an int >= 0, got np.True_"):
        p_alive(np.True_, 0, 1, params)


def test_policy_numbers_take_numpy_scalars() -> None:
    """Policy fields read numpy numbers; NaN and np.bool_ are InvalidPolicyErrors naming them."""
    assert AbcPolicy(a=np.float64(0.7), b=np.float32(0.9)) == AbcPolicy(a="0.7", b="0.9")
    assert CadencePolicy(keep_interval=np.int64(45)).keep_interval == 45
    assert type(CadencePolicy(keep_interval=np.int64(45)).keep_interval) is int
    assert ChurnPolicy(rhythm_factor=np.float64(2.5)).rhythm_factor == Decimal("2.5")
    with pytest.raises(InvalidPolicyError, match=r"^rhythm_factor: expected a number from 1"):
        ChurnPolicy(rhythm_factor=np.float64("nan"))
    with pytest.raises(InvalidPolicyError, match=r"^keep_interval: expected an int"):
        CadencePolicy(keep_interval=np.True_)


def test_survey_ratings_take_numpy_integers() -> None:
    """Ratings read numpy integers as ints; an unanswered question (NaN, pd.NA) is None."""
    answer = ItemAnswer("price", perception=np.int64(4), expectation=np.int8(3))
    assert answer == ItemAnswer("price", perception=4, expectation=3)
    assert type(answer.gap) is int
    response = Response("r1", recommend=pd.NA, effort=np.nan, overall=np.int64(4))
    assert (response.recommend, response.effort, response.overall) == (None, None, 4)
    assert Scale(np.int64(1), high=np.int64(5)) == Scale(1, high=5)
    assert nps([np.int64(10), np.int64(0)]).score == 0
    assert csat([np.int64(5)], boxes=np.int64(2)).share == 1
    with pytest.raises(InvalidTypeError, match=r"^perception: expected an int rating"):
        ItemAnswer("price", perception=np.float64(4.0), expectation=3)


def test_satisfaction_functions_take_numpy_numbers() -> None:
    """Word of mouth and expected loyalty take numpy numbers like Python ones."""
    assert word_of_mouth(satisfied=np.int64(10), dissatisfied=np.float64(2.0)) == word_of_mouth(
        satisfied=10, dissatisfied=2.0
    )
    assert expected_loyalty(np.float64(80.5)) == expected_loyalty(Decimal("80.5"))


def test_other_days_and_counts_take_numpy_scalars() -> None:
    """Staff, win-backs and calendars read numpy days, counts and years."""
    staff = StaffMember(
        np.str_("s1"), daily_capacity=np.int64(8), days_off=[np.datetime64("2025-03-01")]
    )
    assert staff == StaffMember("s1", daily_capacity=8, days_off=[DAY])
    winback = WinBack(
        "c1", anchor=pd.Timestamp(DAY), due=np.datetime64("2025-03-08"), window_days=np.uint8(7)
    )
    assert winback == WinBack("c1", anchor=DAY, due=dt.date(2025, 3, 8), window_days=7)
    calendar = StoreCalendar.build("CN", years=pd.Series([2025]).unique())
    assert calendar.years == (2025,)
    assert calendar.is_working_day(np.datetime64("2025-01-26"))  # a make-up workday


def test_an_aware_timestamp_is_an_instant() -> None:
    """A pandas Timestamp with a time zone is taken as its datetime; NaT and naive ones not."""
    at = pd.Timestamp("2025-03-07 20:00:00.000000500", tz="Asia/Shanghai")
    complaint = Complaint(
        "K-1", customer_id="c3", received_at=at, channel="phone", summary="melted"
    )
    assert type(complaint.received_at) is dt.datetime
    assert complaint.received_at == at.floor("us").to_pydatetime()
    with pytest.raises(InvalidInputError, match=r"^received_at: expected a timezone-aware"):
        attrs.evolve(complaint, received_at=pd.Timestamp("2025-03-07 20:00"))
    with pytest.raises(InvalidInputError, match=r"^received_at: expected a timezone-aware .*NaT"):
        attrs.evolve(complaint, received_at=pd.NaT)
    option = Option("refund", amount=np.float64(12.5), appointment=pd.NaT)
    assert (option.amount, option.appointment) == (Decimal("12.5"), None)


# --- properties: only a RetentionError comes out -------------------------------------------

#: Scalars from numpy and pandas (and a Decimal NaN): good ones and bad ones of every kind.
FOREIGN: tuple[object, ...] = (
    np.int64(3),
    np.int64(0),
    np.int64(-1),
    np.int64(2**63 - 1),
    np.int8(-128),
    np.uint8(7),
    np.uint64(2**64 - 1),
    np.float64(11.77),
    np.float64(0.5),
    np.float64(-0.0),
    np.float64(1e300),
    np.float64("nan"),
    np.float64("inf"),
    np.float64("-inf"),
    np.float32(0.1),
    np.float32("nan"),
    np.float16(65504),
    np.longdouble("1e4000"),
    np.complex128(1 + 2j),
    np.True_,
    np.False_,
    np.datetime64("2025-03-01"),
    np.datetime64("2025-03-01T00:00:00.000000000"),
    np.datetime64("2025-03-01T10:30"),
    np.datetime64("2025-03"),
    np.datetime64("0001-01-01"),
    np.datetime64("9999-12-31"),
    np.datetime64("10000-01-01"),
    np.datetime64("NaT"),
    np.timedelta64(1, "D"),
    np.timedelta64("NaT"),
    pd.Timestamp("2025-03-01"),
    pd.Timestamp("2025-03-01 10:30"),
    pd.Timestamp("2025-03-01", tz="Asia/Shanghai"),
    pd.Timestamp("2025-03-01 10:30:00.000000001", tz="UTC"),
    pd.Timestamp.min.tz_localize("UTC"),
    pd.Timestamp.max.tz_localize("Pacific/Kiritimati"),
    pd.Timedelta(days=1),
    pd.NA,
    pd.NaT,
    np.str_("c1"),
    np.str_(""),
    np.str_("A"),
    np.str_("greet"),
    np.str_("12.5"),
    Decimal("NaN"),
    Decimal("sNaN"),
)

_FOREIGN = st.sampled_from(FOREIGN)
#: The profile's examples (200 in make test): a sixteenth per class, all for the functions.
_PROFILE_EXAMPLES = settings().max_examples
_STACK = {"numpy", "pandas"}

#: The modules whose ``__all__`` holds the public value classes.
_PUBLIC = (
    "retention",
    "retention.customers",
    "retention.segmentation",
    "retention.cadence",
    "retention.complaints",
    "retention.satisfaction",
    "retention.churn",
    "retention.calendar",
    "retention.hours",
    "retention.rules",
    "retention.mappings",
)


def _public_classes() -> list[type]:
    found: dict[str, type] = {}
    for name in _PUBLIC:
        module = importlib.import_module(name)
        for public in module.__all__:
            obj = getattr(module, public)
            if inspect.isclass(obj) and attrs.has(obj):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return [found[key] for key in sorted(found)]


CLASSES = _public_classes()


def _from_stack(value: object) -> bool:
    return type(value).__module__.partition(".")[0] in _STACK


def test_the_public_classes_were_found() -> None:
    """The walk finds the value classes of every domain package, and the world has most."""
    names = {cls.__qualname__ for cls in CLASSES}
    assert {"Purchase", "CustomerProfile", "BgNbdParams", "Complaint", "Survey"} <= names
    missing = [cls.__qualname__ for cls in CLASSES if not world().of(cls)]
    assert len(missing) < len(CLASSES) // 10, missing


@pytest.mark.parametrize("cls", CLASSES, ids=lambda cls: cls.__qualname__)
@settings(max_examples=max(1, _PROFILE_EXAMPLES // 16))
@given(data=st.data())
def test_a_foreign_scalar_in_any_field_is_taken_or_refused(cls: type, data: st.DataObject) -> None:
    """Any field given a numpy or pandas scalar: the value is built or a RetentionError.

    When built, the field keeps no numpy or pandas scalar where it was given one (an
    ``np.int64`` became an ``int``, a day a ``datetime.date``, NaN ``None``) unless the
    field is one no caller fills (the results' own numbers).
    """
    instances = world().of(cls)
    if not instances:
        pytest.skip(f"the sample world holds no {cls.__qualname__}")
    instance = data.draw(st.sampled_from(instances[:20]), label="instance")
    fields = [field for field in attrs.fields(cls) if field.init]
    field = data.draw(st.sampled_from(fields), label="field")
    foreign = data.draw(_FOREIGN, label="foreign")
    try:
        built = attrs.evolve(instance, **{field.alias: foreign})
    except RetentionError as error:
        message = str(error)
        assert message.isprintable(), message
        return
    kept = getattr(built, field.name)
    # A pd.Timedelta is a timedelta and works as one: durations are not issue 14's.
    if (field.validator is not None or field.converter is not None) and not isinstance(
        kept, dt.timedelta
    ):
        assert not _from_stack(kept), f"{cls.__qualname__}.{field.name} kept {kept!r}"


@functools.cache
def _calls() -> dict[str, Callable[[object], object]]:
    """Public calls that take numbers or days, each with one argument foreign."""
    days = [dt.date(2025, 1, 1), dt.date(2025, 1, 15)]
    params = BgNbdParams(**CDNOW)
    sample = world()
    store = sample.store
    calendar = sample.calendar
    hours = sample.hours
    plan = sample.of(retention.ContactPlan)[0]
    churn = sample.of(retention.churn.ChurnReport)[0]
    report = sample.of(retention.satisfaction.SatisfactionReport)[0]
    cutoffs = sample.of(retention.AbcCutoffs)[0]
    case = sample.of(retention.Case)[0]
    totals = sample.of(retention.SpendTotals)[0]
    purchases = store.purchases[:60]
    return {
        "p_alive.x": lambda v: p_alive(v, 0, 10, params),
        "p_alive.t_x": lambda v: p_alive(2, v, 10, params),
        "p_alive.T": lambda v: p_alive(2, 1, v, params),
        "rfm_summary.dates": lambda v: rfm_summary([*days, v], as_of=dt.date(2025, 3, 1)),
        "rfm_summary.as_of": lambda v: rfm_summary(days, as_of=v),
        "rfm_summary.unit_days": lambda v: rfm_summary(days, as_of=DAY, unit_days=v),
        "overdue.customer_id": lambda v: overdue(v, days, as_of=DAY),
        "overdue.as_of": lambda v: overdue("c1", days, as_of=v),
        "early_warning.as_of": lambda v: retention.churn.early_warning(purchases, as_of=v),
        "early_warning.unit_days": lambda v: retention.churn.early_warning(
            purchases, as_of=store.as_of, unit_days=v
        ),
        "ChurnReport.winbacks.due": lambda v: churn.winbacks(due=v),
        "word_of_mouth.satisfied": lambda v: word_of_mouth(satisfied=v, dissatisfied=3),
        "word_of_mouth.told_by_satisfied": lambda v: word_of_mouth(
            satisfied=3, dissatisfied=1, told_by_satisfied=v
        ),
        "expected_loyalty.level": expected_loyalty,
        "nps.scores": lambda v: nps([9, v]),
        "csat.boxes": lambda v: csat([4, 5], boxes=v),
        "Scale.score": lambda v: Scale(1, high=5).score(v),
        "SatisfactionReport.reach": report.reach,
        "AbcCutoffs.classify": cutoffs.classify,
        "SpendTotals.to_money": totals.to_money,
        "StoreCalendar.is_working_day": calendar.is_working_day,
        "StoreCalendar.working_days.end": lambda v: calendar.working_days(dt.date(2025, 3, 1), v),
        "StoreCalendar.next_working_day": calendar.next_working_day,
        "StoreCalendar.holiday_name": calendar.holiday_name,
        "StoreCalendar.covers": calendar.covers,
        "StoreCalendar.occasions.start": lambda v: calendar.occasions(v, dt.date(2025, 5, 1)),
        "StoreHours.is_open": hours.is_open,
        "StoreHours.working_time.start": lambda v: hours.working_time(
            v, dt.datetime(2025, 12, 1, tzinfo=hours.zone)
        ),
        "StoreHours.add.start": lambda v: hours.add(v, dt.timedelta(hours=3)),
        "Case.overdue_promises.at": case.overdue_promises,
        "StoreHours.window": hours.window,
        "sla_status.at": lambda v: retention.sla_status(case, v),
        "ContactPlan.on": plan.on,
        "CustomerProfile.opted_out.day": lambda v: CustomerProfile("c1").opted_out(
            retention.cadence.Channel.PHONE, v
        ),
        "ComplaintPolicy.covers.amount": lambda v: retention.ComplaintPolicy().covers("clerk", v),
    }


@settings(max_examples=_PROFILE_EXAMPLES)
@given(name=st.deferred(lambda: st.sampled_from(sorted(_calls()))), foreign=_FOREIGN)
def test_a_foreign_scalar_in_a_function_is_taken_or_refused(name: str, foreign: object) -> None:
    """A function given a numpy or pandas number or day returns or raises a RetentionError."""
    call = _calls()[name]
    try:
        call(foreign)
    except RetentionError as error:
        message = str(error)
        assert message.isprintable(), message
