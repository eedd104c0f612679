"""retention.frames by example: amounts, IDs, days, refusals, outputs and the two ABC paths.

The properties against the object path on every backend are in test_frames_properties.py.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import duckdb
import narwhals.stable.v2 as nw
import numpy as np
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from retention import frames
from retention.churn import ChurnPolicy, overdue
from retention.customers import Purchase, build_histories, spend_totals
from retention.exceptions import (
    EmptyInputError,
    InvalidInputError,
    InvalidTypeError,
    MissingDependencyError,
    RetentionError,
)
from retention.frames import _abc, _columns
from retention.segmentation import AbcPolicy, classify_abc

DAY = dt.date(2025, 3, 1)
AS_OF = dt.date(2025, 6, 1)
_DUCKDB = duckdb.connect()

#: Frame makers from a dict of columns (pyarrow infers the types, polars too).
MAKERS: dict[str, Callable[[dict[str, list[Any]]], Any]] = {
    "pandas": pd.DataFrame,
    "polars": pl.DataFrame,
    "polars-lazy": lambda data: pl.DataFrame(data).lazy(),
    "pyarrow": pa.table,
    "duckdb": lambda data: _DUCKDB.from_arrow(pa.table(data)),
}
EAGER = ("pandas", "polars", "pyarrow")
LAZY = ("polars-lazy", "duckdb")


def rows(result: Any) -> list[dict[str, Any]]:
    """A result frame of any backend as a list of rows."""
    wrapped = nw.from_native(result)
    if isinstance(wrapped, nw.LazyFrame):
        wrapped = wrapped.collect()
    return list(wrapped.rows(named=True))


def shown(totals: Any) -> dict[str, str]:
    """Totals as the strings they print as (so the decimal places count)."""
    return {cid: str(total) for cid, total in totals.items()}


def object_totals(ids: list[str], amounts: list[Any]) -> dict[str, str]:
    """The object path's totals of the same values, as strings."""
    purchases = [Purchase(c, date=DAY, amount=a) for c, a in zip(ids, amounts, strict=True)]
    return shown(spend_totals(purchases))


# --- amounts ---------------------------------------------------------------------------


@pytest.mark.parametrize("backend", list(MAKERS))
def test_integer_amounts_are_whole_totals(backend: str) -> None:
    """Integer amounts total as the object path's ints: no decimal places."""
    ids, amounts = ["a", "b", "a"], [500, 150, 300]
    found = frames.spend_totals(MAKERS[backend]({"customer_id": ids, "amount": amounts}))
    assert shown(found) == object_totals(ids, amounts) == {"a": "800", "b": "150"}


@pytest.mark.parametrize("backend", list(MAKERS))
def test_float_amounts_are_read_as_their_shortest_decimal(backend: str) -> None:
    """0.1 + 0.2 is 0.30 and 19.99 is 19.99, as Purchase reads floats; 12.0 shows 12.0."""
    ids = ["a", "a", "b", "c"]
    amounts = [0.1, 0.2, 19.99, 12.0]
    found = frames.spend_totals(MAKERS[backend]({"customer_id": ids, "amount": amounts}))
    assert shown(found) == object_totals(ids, amounts)
    assert shown(found) == {"a": "0.30", "b": "19.99", "c": "12.00"}
    whole = frames.spend_totals(MAKERS[backend]({"customer_id": ["a"], "amount": [12.0]}))
    assert shown(whole) == object_totals(["a"], [12.0]) == {"a": "12.0"}


def _decimal_frames() -> dict[str, Any]:
    ids = ["a", "b", "a"]
    values = [Decimal("5.00"), Decimal("1.50"), Decimal("0.25")]
    table = pa.table({"customer_id": ids, "amount": pa.array(values, pa.decimal128(12, 2))})
    polars = pl.DataFrame(
        {"customer_id": ids, "amount": pl.Series(values, dtype=pl.Decimal(12, 2))}
    )
    return {
        "pandas object": pd.DataFrame(
            {"customer_id": ids, "amount": pd.Series(values, dtype="object")}
        ),
        "pandas arrow": table.to_pandas(types_mapper=pd.ArrowDtype),
        "pyarrow decimal128": table,
        "polars Decimal": polars,
        "polars lazy Decimal": polars.lazy(),
        "duckdb DECIMAL": _DUCKDB.from_arrow(table),
    }


@pytest.mark.parametrize("name", list(_decimal_frames()))
def test_decimal_amounts_keep_their_places(name: str) -> None:
    """Decimals (pyarrow, polars, DuckDB decimals; pandas objects) keep their 2 places."""
    frame = _decimal_frames()[name]
    found = frames.spend_totals(frame)
    expected = object_totals(["a", "b", "a"], [Decimal("5.00"), Decimal("1.50"), Decimal("0.25")])
    assert shown(found) == expected == {"a": "5.25", "b": "1.50"}
    cutoffs = frames.fit_abc(frame)
    assert str(cutoffs.total) == "6.75"


@pytest.mark.parametrize(
    "value", [Decimal("1.00001"), 1.00001, 0.1 + 0.2], ids=["decimal", "float", "0.1+0.2"]
)
@pytest.mark.parametrize("backend", EAGER)
def test_more_than_four_places_are_refused(backend: str, value: Any) -> None:
    """An amount with more than 4 places is refused, naming the row, the value and the way out."""
    data = {
        "customer_id": ["a", "b"],
        "amount": [Decimal(1) if isinstance(value, Decimal) else 1.0, value],
    }
    frame = (
        pd.DataFrame(
            {
                "customer_id": data["customer_id"],
                "amount": pd.Series(data["amount"], dtype="object"),
            }
        )
        if backend == "pandas" and isinstance(value, Decimal)
        else MAKERS[backend](data)
    )
    with pytest.raises(InvalidInputError) as caught:
        frames.spend_totals(frame)
    message = str(caught.value)
    assert message.startswith("frame: row 1: amount: expected at most 4 decimal places")
    assert repr(value) in message
    assert "spend_totals(purchases)" in message


@pytest.mark.parametrize(
    ("value", "shown_as"),
    [
        (float("nan"), "nan"),
        (-1.5, "-1.5"),
        (float("inf"), "inf"),
        (-2, "-2"),
    ],
    ids=["nan", "negative", "inf", "negative-int"],
)
@pytest.mark.parametrize("backend", list(MAKERS))
def test_bad_amounts_are_refused_naming_row_and_customer(
    backend: str, value: Any, shown_as: str
) -> None:
    """NaN, negative and infinite amounts get Purchase's refusal, with row and customer."""
    filler = 1 if isinstance(value, int) else 1.0
    frame = MAKERS[backend]({"customer_id": ["a", "b"], "amount": [filler, value]})
    with pytest.raises(InvalidInputError) as caught:
        frames.spend_totals(frame)
    with pytest.raises(InvalidInputError) as expected:
        Purchase("b", date=DAY, amount=value)
    place = "row 1, " if backend in EAGER else ""
    assert str(caught.value) == f"frame: {place}customer 'b': {expected.value}"
    assert shown_as in str(caught.value)


@pytest.mark.parametrize("backend", list(MAKERS))
def test_null_amounts_are_refused_naming_row_and_customer(backend: str) -> None:
    """A null amount is refused with its row (eager frames) and customer."""
    frame = MAKERS[backend]({"customer_id": ["a", "b"], "amount": [1.0, None]})
    with pytest.raises(
        InvalidInputError, match="customer 'b': amount: expected a finite"
    ) as caught:
        frames.fit_abc(frame)
    assert ("row 1" in str(caught.value)) == (backend in EAGER)


def test_too_large_amounts_are_refused_with_the_bound() -> None:
    """An amount whose column total cannot fit 64-bit 1/10,000ths is refused, the bound named."""
    frame = pl.DataFrame({"customer_id": ["a", "b"], "amount": [1, 2**60]})
    with pytest.raises(
        InvalidInputError, match=r"row 1, customer 'b': amount: expected an amount of at most \d+"
    ):
        frames.spend_totals(frame)


# --- customer IDs ----------------------------------------------------------------------

BLANKS = ["", " ", "\u3000", "\x1c", "\t\n"]


@pytest.mark.parametrize("blank", BLANKS, ids=repr)
@pytest.mark.parametrize("backend", list(MAKERS))
def test_blank_customer_ids_are_refused_by_every_step(backend: str, blank: str) -> None:
    """An empty or whitespace-only ID (U+3000, U+001C) is refused as Purchase refuses it."""
    data = {"customer_id": ["a", blank], "amount": [1, 2], "date": [DAY, DAY]}
    with pytest.raises(InvalidInputError) as expected:
        Purchase(blank, date=DAY, amount=1)
    place = "row 1: " if backend in EAGER else ""
    steps: list[Callable[[Any], Any]] = [
        frames.spend_totals,
        frames.fit_abc,
        frames.abc_classes,
        frames.classify_abc,
        lambda frame: frames.churn(frame, as_of=AS_OF),
        lambda frame: frames.summaries(frame, as_of=AS_OF),
    ]
    for step in steps:
        with pytest.raises(InvalidInputError) as caught:
            step(MAKERS[backend](data))
        assert str(caught.value) == f"frame: {place}{expected.value}"
    with pytest.raises(InvalidInputError) as caught:  # collected first: rows are known
        frames.purchases(MAKERS[backend](data))
    assert str(caught.value) == f"frame: row 1: {expected.value}"


@pytest.mark.parametrize("backend", list(MAKERS))
def test_null_customer_ids_are_refused(backend: str) -> None:
    """A null customer ID is refused, with its row in an eager frame."""
    data = {"customer_id": ["a", None], "amount": [1, 2], "date": [DAY, DAY]}
    for step in (frames.spend_totals, lambda f: frames.churn(f, as_of=AS_OF)):
        with pytest.raises(
            InvalidInputError, match="customer_id: expected a non-empty string ID"
        ) as caught:
            step(MAKERS[backend](data))
        assert ("row 1" in str(caught.value)) == (backend in EAGER)


@pytest.mark.parametrize("backend", list(MAKERS))
def test_integer_customer_ids_are_refused_with_the_hint(backend: str) -> None:
    """An integer ID column is a type error that says how to convert it."""
    frame = MAKERS[backend]({"customer_id": [1, 2], "amount": [1, 2]})
    with pytest.raises(
        InvalidTypeError,
        match=r"customer_id: expected a column of string customer IDs, got Int64 \(convert it",
    ):
        frames.spend_totals(frame)


def test_categorical_customer_ids_are_read_as_strings() -> None:
    """A pandas categorical or polars Categorical ID column is read as its strings."""
    ids = ["b", "a", "b"]
    pandas = pd.DataFrame({"customer_id": pd.Categorical(ids), "amount": [1, 2, 3]})
    polars = pl.DataFrame(
        {"customer_id": pl.Series(ids, dtype=pl.Categorical), "amount": [1, 2, 3]}
    )
    for frame in (pandas, polars):
        assert shown(frames.spend_totals(frame)) == {"a": "2", "b": "4"}


def test_whitespace_is_every_character_str_isspace_calls_space() -> None:
    """WHITESPACE (what a blank ID is made of) is exactly the characters of str.isspace()."""
    spaces = {chr(code) for code in range(0x110000) if chr(code).isspace()}
    assert set(_columns.WHITESPACE) == spaces
    assert len(_columns.WHITESPACE) == len(spaces)


# --- days ------------------------------------------------------------------------------


def test_datetimes_with_a_time_of_day_are_refused_with_the_hint() -> None:
    """A datetime with a time of day is refused with row and customer, hinting .dt.normalize."""
    stamps = pd.to_datetime(["2025-01-01 00:00", "2025-01-02 10:30"])
    frames_ = {
        "pandas": pd.DataFrame({"customer_id": ["a", "b"], "date": stamps}),
        "polars": pl.DataFrame({"customer_id": ["a", "b"], "date": pl.Series(stamps)}),
        "pyarrow": pa.table({"customer_id": ["a", "b"], "date": pa.array(stamps)}),
    }
    for frame in frames_.values():
        with pytest.raises(InvalidInputError) as caught:
            frames.churn(frame, as_of=AS_OF)
        message = str(caught.value)
        assert message.startswith("frame: row 1, customer 'b': date: expected a day (midnight")
        assert ".dt.normalize()" in message
        assert ".dt.date" in message
    lazy = pl.DataFrame({"customer_id": ["a", "b"], "date": pl.Series(stamps)}).lazy()
    with pytest.raises(InvalidInputError, match=r"^frame: customer 'b': date: expected a day"):
        frames.churn(lazy, as_of=AS_OF)


@pytest.mark.parametrize("backend", list(MAKERS))
def test_datetimes_at_midnight_are_days(backend: str) -> None:
    """Datetimes at midnight without a zone are read as their days."""
    stamps = [dt.datetime(2025, 1, 1), dt.datetime(2025, 1, 31)]  # noqa: DTZ001 - naive on purpose
    frame = MAKERS[backend]({"customer_id": ["a", "a"], "date": stamps})
    [row] = rows(frames.churn(frame, as_of=AS_OF))
    assert row["purchase_days"] == 2
    assert row["days_since"] == (AS_OF - dt.date(2025, 1, 31)).days


def test_time_zone_aware_datetimes_are_refused() -> None:
    """Datetimes in a time zone are refused: the local day must be taken first."""
    stamps = pd.to_datetime(["2025-01-01", "2025-01-02"]).tz_localize("Europe/Paris")
    for frame in (
        pd.DataFrame({"customer_id": ["a", "b"], "date": stamps}),
        pl.DataFrame({"customer_id": ["a", "b"], "date": pl.Series(stamps)}),
    ):
        with pytest.raises(
            InvalidTypeError, match=r"date: expected days, got datetimes in the zone Europe/Paris"
        ):
            frames.churn(frame, as_of=AS_OF)


@pytest.mark.parametrize("backend", list(MAKERS))
def test_iso_date_strings_are_days(backend: str) -> None:
    """Strings "2025-01-01" are read as days, by every engine."""
    frame = MAKERS[backend]({"customer_id": ["a", "b"], "date": ["2025-01-01", "2024-12-01"]})
    found = rows(frames.churn(frame, as_of=AS_OF))
    assert [row["days_since"] for row in found] == [
        (AS_OF - dt.date(2025, 1, 1)).days,
        (AS_OF - dt.date(2024, 12, 1)).days,
    ]
    eager = MAKERS[backend if backend in EAGER else "polars"](
        {"customer_id": ["a"], "date": ["2025-01-01"], "amount": [1]}
    )
    assert frames.purchases(eager) == (Purchase("a", date=dt.date(2025, 1, 1), amount=1),)


@pytest.mark.parametrize("text", ["2024-13-01", "20241201", "1 March 2025"])
@pytest.mark.parametrize("backend", EAGER)
def test_bad_date_strings_are_refused_with_the_row(backend: str, text: str) -> None:
    """A string that is not a YYYY-MM-DD day is refused, naming its row and value."""
    frame = MAKERS[backend]({"customer_id": ["a", "b"], "date": ["2025-01-01", text]})
    with pytest.raises(
        InvalidInputError,
        match=f"^frame: row 1: date: expected a day written YYYY-MM-DD, got '{text}'$",
    ):
        frames.churn(frame, as_of=AS_OF)


def test_a_pandas_object_column_of_dates_is_read() -> None:
    """A pandas object column of datetime.date values is accepted, with the object path's answer."""
    days = [dt.date(2025, 1, 1), dt.date(2025, 1, 11), dt.date(2025, 1, 31)]
    frame = pd.DataFrame({"customer_id": ["a", "a", "a"], "date": pd.Series(days, dtype="object")})
    [row] = rows(frames.churn(frame, as_of=AS_OF))
    check = overdue("a", days, as_of=AS_OF)
    assert row["median_gap"] == float(check.median_gap or 0) == 15.0
    assert row["overdue"] == check.overdue


def test_a_pandas_object_column_with_a_datetime_is_refused_as_purchase_refuses_it() -> None:
    """A datetime among the dates of an object column gets Purchase's own message, with the row."""
    value = dt.datetime(2025, 1, 2, 10, 30)  # noqa: DTZ001 - naive on purpose
    frame = pd.DataFrame(
        {"customer_id": ["a", "b"], "date": pd.Series([dt.date(2025, 1, 1), value], dtype="object")}
    )
    with pytest.raises(RetentionError) as expected:
        Purchase("b", date=value, amount=1)
    with pytest.raises(type(expected.value)) as caught:
        frames.churn(frame, as_of=AS_OF)
    assert str(caught.value) == f"frame: row 1: {expected.value}"


@pytest.mark.parametrize("backend", list(MAKERS))
def test_a_purchase_after_as_of_is_refused(backend: str) -> None:
    """A purchase after as_of is refused with its day and customer, as overdue() refuses it."""
    frame = MAKERS[backend]({"customer_id": ["a", "b"], "date": [DAY, dt.date(2025, 7, 1)]})
    for step in (frames.churn, frames.summaries):
        with pytest.raises(InvalidInputError) as caught:
            step(frame, as_of=AS_OF)
        assert str(caught.value) == (
            "frame: date: expected days on or before as_of (2025-06-01), got 2025-07-01 "
            "for customer 'b'"
        )


# --- frames, columns, empty input ------------------------------------------------------


def test_a_missing_column_names_the_column_and_the_argument() -> None:
    """A missing column is named with the keyword argument that names it."""
    frame = pd.DataFrame({"cid": ["a"], "paid": [1]})
    with pytest.raises(InvalidInputError) as caught:
        frames.spend_totals(frame, customer_id="cid")
    assert str(caught.value) == (
        "frame: expected the column 'amount' (the amount= argument), got columns ['cid', 'paid']"
    )
    with pytest.raises(
        InvalidInputError,
        match=r"'cust' \(the customer_id= argument\), 'date' \(the date= argument\)",
    ):
        frames.churn(frame, as_of=AS_OF, customer_id="cust")


@pytest.mark.parametrize("thing", [[1, 2], {"customer_id": ["a"]}, "frame", None, pd.Series([1])])
def test_not_a_frame_is_a_type_error(thing: object) -> None:
    """Anything but a DataFrame or lazy frame (a list, a dict, a Series) is an InvalidTypeError."""
    for step in (frames.spend_totals, frames.abc_classes, frames.purchases):
        with pytest.raises(InvalidTypeError, match=r"^frame: expected a DataFrame"):
            step(thing)
    with pytest.raises(InvalidTypeError, match=r"^frame: expected a DataFrame"):
        frames.churn(thing, as_of=AS_OF)


@pytest.mark.parametrize("backend", list(MAKERS))
def test_an_empty_frame_cannot_be_ranked(backend: str) -> None:
    """SEG-ABC: no purchases is an EmptyInputError for fit_abc and abc_classes; totals are empty."""
    data = {"customer_id": pa.array([], pa.string()), "amount": pa.array([], pa.float64())}
    table = pa.table(data)
    frame = {
        "pandas": table.to_pandas(),
        "polars": pl.from_arrow(table),
        "polars-lazy": pl.from_arrow(table).lazy(),  # type: ignore[union-attr]
        "pyarrow": table,
        "duckdb": _DUCKDB.from_arrow(table),
    }[backend]
    assert dict(frames.spend_totals(frame)) == {}
    for step in (frames.fit_abc, frames.abc_classes, frames.classify_abc):
        with pytest.raises(EmptyInputError, match=r"^totals: expected at least one customer"):
            step(frame)


@pytest.mark.parametrize("backend", list(MAKERS))
def test_a_total_spend_of_zero_cannot_be_ranked(backend: str) -> None:
    """SEG-ABC: customers who all spent 0 are refused, as classify_abc refuses them."""
    frame = MAKERS[backend]({"customer_id": ["a", "b"], "amount": [0, 0]})
    with pytest.raises(EmptyInputError) as expected:
        classify_abc({"a": Decimal(0), "b": Decimal(0)})
    for step in (frames.fit_abc, frames.abc_classes, frames.classify_abc):
        with pytest.raises(EmptyInputError) as caught:
            step(frame)
        assert str(caught.value) == str(expected.value)


# --- ABC outputs -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "policy",
    [
        AbcPolicy(),
        AbcPolicy.by_spend(boundary="inclusive"),
        AbcPolicy.by_spend(a="0.70", b="0.90"),
        AbcPolicy.by_count(a="0.50", b="0.75"),
    ],
    ids=["upper", "inclusive", "70-90", "count"],
)
@pytest.mark.parametrize("backend", list(MAKERS))
def test_equal_spenders_share_a_class_at_the_line(backend: str, policy: AbcPolicy) -> None:
    """SEG-ABC: a tie exactly at the 80 % line is never split; the classes are the object path's."""
    totals = {"big": 50, "tie1": 15, "tie2": 15, "mid": 10, "small": 10}  # 50 + 15 + 15 = 80 %
    frame = MAKERS[backend]({"customer_id": list(totals), "amount": list(totals.values())})
    found = {
        row["customer_id"]: row["abc_class"]
        for row in rows(frames.abc_classes(frame, policy=policy))
    }
    expected = classify_abc({k: Decimal(v) for k, v in totals.items()}, policy)
    assert found == {cid: cls.value for cid, cls in expected.classes.items()}
    assert found["tie1"] == found["tie2"]
    assert found["mid"] == found["small"]


@pytest.mark.parametrize("backend", list(MAKERS))
def test_custom_column_names_are_kept(backend: str) -> None:
    """customer_id=, amount= and date= name the columns; the outputs keep the ID column's name."""
    data = {"cid": ["b", "a", "a"], "day": [DAY, DAY, dt.date(2025, 3, 8)], "paid": [5, 1, 2]}
    frame = MAKERS[backend](data)
    classes = rows(frames.abc_classes(frame, customer_id="cid", amount="paid"))
    assert [row["cid"] for row in classes] == ["b", "a"]
    assert list(classes[0]) == ["cid", "spend", "abc_class"]
    churned = rows(frames.churn(frame, as_of=AS_OF, customer_id="cid", date="day"))
    assert [row["cid"] for row in churned] == ["a", "b"]
    assert next(iter(churned[0])) == "cid"
    assert shown(frames.spend_totals(frame, customer_id="cid", amount="paid")) == {
        "a": "3",
        "b": "5",
    }
    if backend in EAGER:
        assert frames.purchases(frame, customer_id="cid", date="day", amount="paid")[0] == Purchase(
            "b", date=DAY, amount=5
        )


@pytest.mark.parametrize(
    "amounts",
    [[5, 1, 3, 1], [Decimal("5.5"), Decimal(1), Decimal(3), Decimal(1)], [2**40, 2**40, 3, 1]],
    ids=["fast path", "decimals", "past 2**53"],
)
def test_pandas_output_has_a_fresh_index_and_ordered_classes(amounts: list[Any]) -> None:
    """On pandas, abc_classes has a RangeIndex and an ordered Categorical A < B < C, any path."""
    frame = pd.DataFrame(
        {"customer_id": ["a", "b", "c", "d"], "amount": pd.Series(amounts, dtype="object")}
    )
    if not isinstance(amounts[0], Decimal):
        frame["amount"] = frame["amount"].astype("int64")
    frame.index = pd.Index([10, 3, 7, 7])
    result = frames.abc_classes(frame)
    assert isinstance(result.index, pd.RangeIndex)
    assert list(result.index) == list(range(len(result)))
    dtype = result["abc_class"].dtype
    assert isinstance(dtype, pd.CategoricalDtype)
    assert dtype.ordered
    assert list(dtype.categories) == ["A", "B", "C"]
    assert result["spend"].dtype == np.float64
    churned = frames.churn(
        pd.DataFrame({"customer_id": ["a", "b"], "date": [DAY, DAY]}, index=[5, 5]), as_of=AS_OF
    )
    assert isinstance(churned.index, pd.RangeIndex)


@pytest.mark.parametrize("backend", list(MAKERS))
def test_a_spend_past_2_53_units_is_the_nearest_float_to_the_exact_total(backend: str) -> None:
    """SEG-ABC: 900719925474.0995 is 2**53 + 3 units; no rounding to float before dividing.

    Rounding the total to float64 first gives 900719925474.0996; the total's own nearest
    float is the one ``float(Decimal(...))`` gives.
    """
    total = Decimal("900719925474.0995")
    assert float(int(total * 10_000)) / 10_000 != float(total)  # the trap is real
    values = [total, Decimal(1)]
    data: dict[str, list[Any]] = {"customer_id": ["big", "small"], "amount": values}
    if backend == "pandas":
        data["amount"] = pd.Series(values, dtype="object")
    elif backend.startswith("polars"):
        data["amount"] = pl.Series(values, dtype=pl.Decimal(16, 4))
    else:
        data["amount"] = pa.array(values, pa.decimal128(16, 4))
    found = rows(frames.abc_classes(MAKERS[backend](data)))
    assert [(row["customer_id"], row["spend"]) for row in found] == [
        ("big", float(total)),
        ("small", 1.0),
    ]


@pytest.mark.parametrize("ids", ["category", "string[python]", "string[pyarrow]", "object"])
def test_equal_spenders_are_in_id_order_whatever_the_pandas_id_dtype(ids: str) -> None:
    """SEG-ABC: ties in ID text order, a category's own order (here reversed) aside."""
    dtype: Any = pd.CategoricalDtype(["d", "c", "b", "a"]) if ids == "category" else ids
    frame = pd.DataFrame(
        {
            "customer_id": pd.Series(["b", "a", "c", "a", "d"], dtype=dtype),
            "amount": [5.0, 1.0, 5.0, 2.0, 5.0],
        }
    )
    found = frames.abc_classes(frame)
    assert found["customer_id"].astype(str).tolist() == ["b", "c", "d", "a"]
    assert found["abc_class"].astype(str).tolist() == ["A", "A", "A", "B"]
    assert list(frames.spend_totals(frame)) == ["a", "b", "c", "d"]


def test_a_polars_column_of_python_string_objects_is_read_as_ids() -> None:
    """SEG-ABC, CHURN-NOSURPRISE: polars Object IDs work (polars cannot cast them itself)."""
    ids = pl.Series(["b", "a", "b"], dtype=pl.Object)
    frame = pl.DataFrame({"customer_id": ids, "date": [DAY] * 3, "amount": [1.0, 2.0, 3.0]})
    assert rows(frames.abc_classes(frame)) == [
        {"customer_id": "b", "spend": 4.0, "abc_class": "A"},
        {"customer_id": "a", "spend": 2.0, "abc_class": "A"},
    ]
    assert shown(frames.spend_totals(frame)) == {"a": "2.0", "b": "4.0"}
    churned = rows(frames.churn(frame, as_of=AS_OF))
    assert [(row["customer_id"], row["purchase_days"]) for row in churned] == [("a", 1), ("b", 1)]
    blank = frame.with_columns(pl.Series("customer_id", ["b", " ", "b"], dtype=pl.Object))
    with pytest.raises(InvalidInputError, match=r"^frame: row 1: customer_id: expected a non-emp"):
        frames.abc_classes(blank)


@pytest.mark.parametrize("seed", range(8))
def test_the_pandas_fast_path_agrees_with_the_narwhals_path(seed: int) -> None:
    """The pandas path (factorize + bincount) gives pyarrow's (the narwhals path) results."""
    rng = np.random.default_rng(seed)
    size = int(rng.integers(1, 60))
    ids = [f"c{i:02d}" for i in rng.integers(0, 15, size)]
    amounts = (rng.integers(0, 5, size) * 2.5).tolist()  # few distinct values: ties
    if not any(amounts):
        amounts[0] = 1.25
    policy = AbcPolicy.by_spend(a="0.60", b="0.85", boundary="inclusive" if seed % 2 else "upper")
    pandas = pd.DataFrame({"customer_id": ids, "amount": amounts})
    arrow = pa.table({"customer_id": ids, "amount": amounts})
    checked = _columns.read_purchases(pandas, customer_id="customer_id", amount="amount")
    assert _abc._pandas_totals(checked) is not None  # the fast path is taken
    arrow_checked = _columns.read_purchases(arrow, customer_id="customer_id", amount="amount")
    assert _abc._pandas_totals(arrow_checked) is None
    assert shown(frames.spend_totals(pandas)) == shown(frames.spend_totals(arrow))
    assert frames.fit_abc(pandas, policy=policy) == frames.fit_abc(arrow, policy=policy)
    assert rows(frames.abc_classes(pandas, policy=policy)) == rows(
        frames.abc_classes(arrow, policy=policy)
    )


def test_a_lazy_frame_gives_a_lazy_result_and_collects_only_distinct_totals(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """SEG-ABC: a polars LazyFrame in, a LazyFrame out; only the distinct totals are collected."""
    collected: list[pl.DataFrame] = []
    original = pl.LazyFrame.collect

    def spy(self: pl.LazyFrame, *args: Any, **kwargs: Any) -> Any:
        result = original(self, *args, **kwargs)
        collected.append(result)
        return result

    monkeypatch.setattr(pl.LazyFrame, "collect", spy)
    ids = [f"c{i}" for i in range(30)]
    frame = pl.DataFrame({"customer_id": ids, "amount": [10, 20, 30] * 10}).lazy()
    result = frames.abc_classes(frame)
    assert isinstance(result, pl.LazyFrame)
    assert collected  # the fit read something
    assert max(len(part) for part in collected) <= 3  # three distinct totals, 30 customers
    assert all("customer_id" not in part.columns for part in collected)
    collected.clear()
    monkeypatch.setattr(pl.LazyFrame, "collect", original)
    assert len(result.collect()) == 30
    churned = frames.churn(pl.DataFrame({"customer_id": ["a"], "date": [DAY]}).lazy(), as_of=AS_OF)
    assert isinstance(churned, pl.LazyFrame)
    assert isinstance(
        frames.p_alive(
            pl.DataFrame({"customer_id": ["a"], "date": [DAY]}).lazy(), _params(), as_of=AS_OF
        ),
        pl.LazyFrame,
    )


def _params() -> Any:
    from retention.churn import BgNbdParams  # noqa: PLC0415 - one test needs it

    return BgNbdParams(r=0.24, alpha=4.4, a=0.79, b=2.4)


def test_classify_abc_of_a_frame_is_the_object_result() -> None:
    """SEG-ABC: classify_abc(frame) is classify_abc(spend_totals(purchases)), reasons and all."""
    ids = ["a", "b", "c", "a", "d"]
    amounts = [Decimal("19.90"), Decimal(5), Decimal("250.00"), Decimal("0.10"), Decimal(0)]
    purchases = [Purchase(c, date=DAY, amount=a) for c, a in zip(ids, amounts, strict=True)]
    frame = pa.table({"customer_id": ids, "amount": pa.array(amounts, pa.decimal128(10, 2))})
    found = frames.classify_abc(frame)
    expected = classify_abc(spend_totals(purchases))
    assert found == expected
    assert found.explain("a") == expected.explain("a")


# --- churn -----------------------------------------------------------------------------


@pytest.mark.parametrize("backend", list(MAKERS))
def test_the_median_gap_is_exact_on_every_engine(backend: str) -> None:
    """CHURN-NOSURPRISE: gaps 1 and 286 have the median 143.5 on every engine, pyarrow too."""
    days = [dt.date(2020, 1, 1), dt.date(2020, 1, 2), dt.date(2020, 10, 14)]
    policy = ChurnPolicy(rhythm_factor=Decimal("10.7"))
    frame = MAKERS[backend]({"customer_id": ["c"] * 3, "date": days})
    [row] = rows(frames.churn(frame, as_of=dt.date(2021, 1, 1), policy=policy))
    check = overdue("c", days, as_of=dt.date(2021, 1, 1), policy=policy)
    assert row["median_gap"] == float(check.median_gap or 0) == 143.5
    assert row["limit"] == float(check.limit) == 1535.45  # not 10.7 * 143.5 in floats
    assert row["overdue"] == check.overdue


@pytest.mark.parametrize("backend", list(MAKERS))
def test_a_basket_split_over_two_receipts_is_one_purchase_day(backend: str) -> None:
    """CHURN-NOSURPRISE: two purchases on one day count once, in the rhythm and in x."""
    days = [dt.date(2025, 1, 1), dt.date(2025, 1, 1), dt.date(2025, 1, 11), dt.date(2025, 1, 21)]
    frame = MAKERS[backend]({"customer_id": ["c"] * 4, "date": days})
    [row] = rows(frames.churn(frame, as_of=AS_OF))
    assert row["purchase_days"] == 3
    assert row["x"] == 2
    assert row["median_gap"] == 10.0


# --- the frames extra ------------------------------------------------------------------


def test_without_narwhals_the_frames_extra_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without narwhals, every step raises MissingDependencyError naming retention-kit[frames]."""
    monkeypatch.setitem(sys.modules, "narwhals.stable.v2", None)
    frame = pd.DataFrame({"customer_id": ["a"], "amount": [1], "date": [DAY]})
    for step in (frames.spend_totals, frames.abc_classes, frames.purchases):
        with pytest.raises(MissingDependencyError, match=r"retention-kit\[frames\]"):
            step(frame)
    with pytest.raises(MissingDependencyError, match=r"pip install 'retention-kit\[frames\]'"):
        frames.churn(frame, as_of=AS_OF)


def test_frames_histories_equal_the_object_paths_with_brands_and_products() -> None:
    """SEG-ATTITUDE, SEG-EARLY: frames.histories equals build_histories of the same purchases."""
    rows = [
        ("a", dt.date(2025, 1, 3), 10.5, "Acme", "p1"),
        ("b", dt.date(2025, 1, 2), 4.0, None, "p2"),
        ("a", dt.date(2025, 1, 1), 2.25, "Hooli", None),
    ]
    frame = pd.DataFrame(rows, columns=["customer_id", "date", "amount", "brand", "product"])
    frame["date"] = pd.to_datetime(frame["date"])
    expected = build_histories(
        Purchase(c, date=d, amount=a, brand=b, product=p) for c, d, a, b, p in rows
    )
    assert frames.histories(frame) == expected
    assert frames.histories(frame)["a"].brands == ("Hooli", "Acme")
    assert (
        frames.histories(frame[["customer_id", "date", "amount"]], brand=None, product=None)["b"]
        .purchases[0]
        .brand
        is None
    )


def test_repeated_values_make_the_purchases_each_row_makes() -> None:
    """Values a frame repeats (IDs, days, prices, brands) give each row's own Purchase."""
    frame = pd.DataFrame(
        {
            "customer_id": ["a", "b", "a", "b", "a"],
            "date": [DAY, DAY, DAY, dt.date(2025, 1, 2), DAY],
            "amount": [19.99, 19.99, 0.12345, 0.12345, 5.0],
            "brand": ["x", None, "x", float("nan"), "y"],
        }
    )
    expected = tuple(
        Purchase(cid, date=day, amount=amount, brand=None if brand != brand else brand)
        for cid, day, amount, brand in frame.itertuples(index=False)
    )
    with pytest.raises(InvalidInputError, match="at most 4 decimal places"):
        frames.purchases(frame, brand="brand")  # a frame keeps 4 places (0.12345 has 5)
    kept = frame.iloc[[0, 1, 4]]
    assert frames.purchases(kept, brand="brand") == tuple(expected[i] for i in (0, 1, 4))
    decimals = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "date": [DAY, DAY],
            "amount": [Decimal("5.00"), Decimal(5)],
        }
    )
    made = frames.purchases(decimals)
    assert [str(p.amount) for p in made] == ["5.00", "5"]


@pytest.mark.parametrize(
    ("brand", "error", "head"),
    [
        ("  ", InvalidInputError, "frame: row 1: brand: "),
        (["x"], InvalidTypeError, "frame: row 1:"),
    ],
    ids=["blank", "unhashable"],
)
def test_a_bad_label_is_named_with_its_row(
    brand: object, error: type[Exception], head: str
) -> None:
    """A blank or non-text label is refused as Purchase refuses it, naming its row."""
    frame = pd.DataFrame(
        {
            "customer_id": ["a", "b"],
            "date": [DAY, DAY],
            "amount": [1, 2],
            "brand": pd.Series(["x", brand], dtype=object),
        }
    )
    with pytest.raises(error, match=rf"^{head}"):
        frames.purchases(frame, brand="brand")
