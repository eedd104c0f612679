"""Typed data frames out of a result's rows: pandas, polars or pyarrow (``to_frame()``).

Every result with ``to_records()`` has ``to_frame(backend="pandas", *, money="float",
...)``: the same rows as a pandas or polars ``DataFrame`` or a pyarrow ``Table`` whose
column types come from the table's declared schema (:attr:`retention._tables.Column.dtype`),
never from the values. An empty result has typed columns too, and a column that is
``None`` in its first rows has the type of its declaration, where ``polars.DataFrame``
on the records would guess it from the first 100 rows.

The types (:data:`retention.Dtype`), by backend:

============  ===================  ==================  =============================
dtype         pyarrow              polars              pandas
============  ===================  ==================  =============================
string        string               String              string (``pd.NA`` for None)
int           int64                Int64               int64
int_or_null   int64                Int64               Int64 (nullable)
bool          bool                 Boolean             bool
bool_or_null  bool                 Boolean             boolean (nullable)
float         float64              Float64             float64
measure       float64, 6 places    Float64, 6 places   float64, 6 places
money         float64 or decimal   Float64 or Decimal  float64 or decimal (see below)
date          date32               Date                datetime64[s] at midnight
datetime      timestamp[us, UTC]   Datetime(us, UTC)   datetime64[us, UTC]
============  ===================  ==================  =============================

* Money is float64 unless ``money="decimal"``: then a 38-digit decimal whose scale is
  the most decimal places any amount of the column has, and at least 2 (cents), so no
  amount is rounded: pyarrow ``decimal128(38, scale)``, polars ``Decimal(38, scale)``,
  pandas ``ArrowDtype(decimal128(38, scale))`` when pyarrow is installed, else an
  ``object`` column of the ``Decimal`` values themselves.
* A measure (a share, a score, a ratio, a median or a limit in days: ``Decimal`` values
  of up to 28 digits in the records) is rounded half to even to 6 decimal places, then
  made a float: a share keeps 0.0001 % and prints as ``0.333333``, not 28 threes. A
  weight (which may be as small as one over the respondents) and a probability are
  floats as they are.
* pandas dates are ``datetime64[s]`` at midnight: pandas has no date type of its own
  without pyarrow, ``datetime64`` is what its time-series tools (``.dt``, ``resample``,
  plotting) work with, and seconds (not nanoseconds) reach the year 9999, which the
  library allows.

The backend is imported when a frame is asked for, never when this module is; a backend
that is not installed raises :class:`~retention.exceptions.MissingDependencyError`.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import MAX_PREC, ROUND_HALF_EVEN, Context, Decimal
from typing import Any, Literal, TypeAlias

from retention import _tables
from retention._i18n import check_language
from retention._tables import Dtype
from retention._validate import describe
from retention.exceptions import InvalidInputError, MissingDependencyError

__all__ = [
    "BACKENDS",
    "MONEY",
    "PLACES",
    "Backend",
    "Dtype",
    "Frame",
    "Money",
    "build",
    "check_backend",
    "check_money",
    "schema",
    "table_frame",
]

#: What ``to_frame()`` returns: a pandas or polars ``DataFrame`` or a pyarrow ``Table``
#: (typed ``Any``: the backends are optional, and pandas and pyarrow ship no type hints).
Frame: TypeAlias = Any
#: The data-frame libraries ``to_frame()`` builds for.
Backend = Literal["pandas", "polars", "pyarrow"]
#: How ``to_frame()`` types money: float64, or an exact decimal.
Money = Literal["float", "decimal"]
BACKENDS: tuple[Backend, ...] = ("pandas", "polars", "pyarrow")
MONEY: tuple[Money, ...] = ("float", "decimal")

#: Decimal places a measure keeps in a frame.
PLACES = 6
_QUANTUM = Decimal(1).scaleb(-PLACES)
# Rounding to PLACES never needs more digits than the value has: no precision limit.
_ROUND = Context(prec=MAX_PREC, rounding=ROUND_HALF_EVEN)
_MONEY_SCALE = 2  # money keeps at least cents
_MAX_DIGITS = 38  # decimal128

#: One column of a frame: its name and its type.
Schema = Sequence[tuple[str, Dtype]]


def _choice(field: str, value: object, choices: tuple[str, ...]) -> Any:  # noqa: ANN401  # the Literal checked
    if isinstance(value, str) and value in choices:
        return value
    names = ", ".join(repr(choice) for choice in choices)
    msg = f"{field}: expected one of {names}, got {describe(value)}"
    raise InvalidInputError(msg)


def check_backend(value: object) -> Backend:
    """Return ``value`` if it names a backend, else raise :class:`InvalidInputError`."""
    backend: Backend = _choice("backend", value, BACKENDS)
    return backend


def check_money(value: object) -> Money:
    """Return ``value`` if it is ``"float"`` or ``"decimal"``, else raise."""
    money: Money = _choice("money", value, MONEY)
    return money


def _import(name: str) -> Any:  # noqa: ANN401  # a module
    try:
        return importlib.import_module(name)
    except ImportError as error:
        # No extra brings the backends: the caller picks one (the `frames` extra is
        # narwhals and numpy, for retention.frames).
        msg = f"to_frame(backend={name!r}) needs {name}: pip install {name}"
        raise MissingDependencyError(msg) from error


# --- values ---------------------------------------------------------------------------


def _refuse(name: str, expected: str, value: object) -> InvalidInputError:
    return InvalidInputError(f"{name}: expected {expected}, got {describe(value)}")


def _float(name: str, value: object) -> float | None:
    """A number (a Decimal, an int or a float) as a float."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise _refuse(name, "a number", value)
    return float(value)


def _measure(name: str, value: object) -> float | None:
    """A Decimal (or int) rounded half to even to :data:`PLACES` places, as a float."""
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        if isinstance(exponent, int) and exponent < -PLACES:
            return float(value.quantize(_QUANTUM, context=_ROUND))
    return _float(name, value)


def _utc(name: str, value: object) -> dt.datetime | None:
    """An aware datetime in UTC (a naive one is refused: it names no instant)."""
    if value is None:
        return None
    if not isinstance(value, dt.datetime) or value.utcoffset() is None:
        raise _refuse(name, "an aware datetime", value)
    return value.astimezone(dt.UTC)


def _midnight(name: str, value: object) -> dt.datetime | None:
    """A date as a naive datetime at midnight (pandas ``datetime64[s]``)."""
    if value is None:
        return None
    if not isinstance(value, dt.date):
        raise _refuse(name, "a date", value)
    return dt.datetime(value.year, value.month, value.day)  # noqa: DTZ001  # a calendar day


def _same(_name: str, value: object) -> object:
    return value


_CONVERT: dict[Dtype, Callable[[str, object], object]] = {
    "string": _same,
    "int": _same,
    "int_or_null": _same,
    "bool": _same,
    "bool_or_null": _same,
    "float": _float,
    "measure": _measure,
    "money": _float,
    "date": _same,
    "datetime": _utc,
}


def _money_scale(name: str, values: Iterable[object]) -> int:
    """The decimal places of a money column: its longest amount's, at least 2."""
    scale, digits = _MONEY_SCALE, 1
    for value in values:
        if isinstance(value, Decimal) and value.is_finite():
            exponent = value.as_tuple().exponent
            assert isinstance(exponent, int)  # noqa: S101  # finite
            scale = max(scale, -exponent)
            digits = max(digits, value.adjusted() + 1)
    if digits + scale > _MAX_DIGITS:
        msg = (
            f"money: expected amounts that fit {_MAX_DIGITS} digits as decimals, got "
            f"{digits} digits before the point and {scale} after in {name!r}; "
            'use money="float"'
        )
        raise InvalidInputError(msg)
    return scale


class _Column:
    """One column's values, converted for its type, ready for a backend."""

    def __init__(self, name: str, dtype: Dtype, raw: list[object], money: Money) -> None:
        self.name = name
        self.dtype = dtype
        self.decimal = dtype == "money" and money == "decimal"
        self.scale = _money_scale(name, raw) if self.decimal else 0
        convert = _same if self.decimal else _CONVERT[dtype]
        self.values = [convert(name, value) for value in raw]


# --- backends -------------------------------------------------------------------------


def _pyarrow_type(pa: Any, column: _Column) -> Any:  # noqa: ANN401  # pyarrow objects
    if column.decimal:
        return pa.decimal128(_MAX_DIGITS, column.scale)
    return {
        "string": pa.string(),
        "int": pa.int64(),
        "int_or_null": pa.int64(),
        "bool": pa.bool_(),
        "bool_or_null": pa.bool_(),
        "float": pa.float64(),
        "measure": pa.float64(),
        "money": pa.float64(),
        "date": pa.date32(),
        "datetime": pa.timestamp("us", tz="UTC"),
    }[column.dtype]


def _pyarrow(columns: list[_Column]) -> Any:  # noqa: ANN401  # a pyarrow.Table
    pa = _import("pyarrow")
    arrays = [pa.array(column.values, type=_pyarrow_type(pa, column)) for column in columns]
    return pa.Table.from_arrays(arrays, names=[column.name for column in columns])


def _polars_type(pl: Any, column: _Column) -> Any:  # noqa: ANN401  # polars objects
    if column.decimal:
        return pl.Decimal(_MAX_DIGITS, column.scale)
    return {
        "string": pl.String,
        "int": pl.Int64,
        "int_or_null": pl.Int64,
        "bool": pl.Boolean,
        "bool_or_null": pl.Boolean,
        "float": pl.Float64,
        "measure": pl.Float64,
        "money": pl.Float64,
        "date": pl.Date,
        "datetime": pl.Datetime("us", "UTC"),
    }[column.dtype]


def _polars(columns: list[_Column]) -> Any:  # noqa: ANN401  # a polars.DataFrame
    pl = _import("polars")
    series = [
        pl.Series(column.name, column.values, dtype=_polars_type(pl, column), strict=True)
        for column in columns
    ]
    return pl.DataFrame(series)


_PANDAS_TYPES: dict[Dtype, str] = {
    "int": "int64",
    "int_or_null": "Int64",
    "bool": "bool",
    "bool_or_null": "boolean",
    "float": "float64",
    "measure": "float64",
    "money": "float64",
    "date": "datetime64[s]",
    "datetime": "datetime64[us, UTC]",
}


def _pandas_type(pd: Any, column: _Column) -> object:  # noqa: ANN401  # pandas
    if column.decimal:
        try:
            pa = importlib.import_module("pyarrow")
        except ImportError:  # pandas alone: the Decimals themselves
            return object
        return pd.ArrowDtype(pa.decimal128(_MAX_DIGITS, column.scale))
    if column.dtype == "string":
        return pd.StringDtype()
    return _PANDAS_TYPES[column.dtype]


def _pandas(columns: list[_Column]) -> Any:  # noqa: ANN401  # a pandas.DataFrame
    pd = _import("pandas")
    data = {}
    for column in columns:
        values = column.values
        if column.dtype == "date":
            values = [_midnight(column.name, value) for value in values]
        data[column.name] = pd.Series(values, dtype=_pandas_type(pd, column))
    return pd.DataFrame(data, columns=[column.name for column in columns])


_BUILDERS: dict[Backend, Callable[[list[_Column]], Any]] = {
    "pandas": _pandas,
    "polars": _polars,
    "pyarrow": _pyarrow,
}


# --- entry points ---------------------------------------------------------------------


def build(
    records: Sequence[Mapping[str, object]],
    schema: Schema,
    *,
    backend: object,
    money: object,
) -> Any:  # noqa: ANN401  # a pandas or polars DataFrame or a pyarrow Table
    """Return ``records`` as a frame of ``backend`` with the columns of ``schema``.

    Args:
        records: The rows, each keyed by every name of ``schema``.
        schema: Each column's name and type, in order.
        backend: ``"pandas"``, ``"polars"`` or ``"pyarrow"``.
        money: ``"float"`` or ``"decimal"``: how money columns are typed.

    Raises:
        InvalidInputError: An unknown backend or money type.
        MissingDependencyError: The backend is not installed.
    """
    chosen = check_backend(backend)
    kind = check_money(money)
    columns = [_Column(name, dtype, [row[name] for row in records], kind) for name, dtype in schema]
    return _BUILDERS[chosen](columns)


def schema(table: _tables.Table, labels: object) -> list[tuple[str, Dtype]]:
    """The columns of ``table`` named as ``to_records(labels=labels)`` names them."""
    names = table.keys if labels is None else table.labels(check_language(labels, field="labels"))
    return [(name, column.dtype) for name, column in zip(names, table.columns, strict=True)]


def table_frame(
    table: _tables.Table,
    rows: Iterable[_tables.Row],
    labels: object,
    *,
    backend: object,
    money: object,
) -> Any:  # noqa: ANN401  # a pandas or polars DataFrame or a pyarrow Table
    """Return the rows of ``table`` as :func:`_tables.records` gives them, in a typed frame.

    The backend and money type are checked before any row is read.

    Raises:
        InvalidInputError: An unknown backend, money type or language.
        MissingDependencyError: The backend is not installed.
    """
    check_backend(backend)
    check_money(money)
    columns = schema(table, labels)
    return build(_tables.records(table, rows, labels), columns, backend=backend, money=money)
