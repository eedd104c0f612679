"""Purchase columns read and checked in the frame's own engine.

A frame's purchases are checked in bulk, as the object path checks each
:class:`~retention.customers.Purchase`: string customer IDs that are not blank, days
without a time of day or a zone, and finite, non-negative amounts. Amounts become whole
numbers of 1/10,000ths (:data:`~retention.customers.UNIT_PLACES`) inside the engine, and
the conversion is checked for loss, so every sum after it is exact. A float is read as
the shortest decimal that reads back as it, as the object path reads one.

Where a column cannot be checked in the engine (Python objects in a pandas ``object``
column, decimals with more places than the engine keeps), the values are read one by
one with the object path's own checks, and the first bad one is named.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

import attrs

from retention._validate import check_date, check_id, describe, to_money
from retention.customers import UNIT_PLACES
from retention.exceptions import (
    EmptyInputError,
    InvalidInputError,
    InvalidTypeError,
    MissingDependencyError,
)

if TYPE_CHECKING:
    from types import ModuleType

__all__ = ["WHITESPACE", "Checked", "check_ids", "narwhals", "read_purchases"]

#: 1/10,000ths of the money unit per unit.
UNIT = 10**UNIT_PLACES
#: The largest amount read in the engine: a column's total must fit a signed 64-bit
#: integer of 1/10,000ths, so an amount times the number of rows must stay below this.
_INT64 = 2**63 - 1
EPOCH = dt.date(1970, 1, 1)
_EPOCH_ORDINAL = EPOCH.toordinal()

# Internal column names: a leading "__retention_" keeps them apart from the caller's.
CID = "__retention_customer"
UNITS = "__retention_units"
DAY = "__retention_day"
DATE = "__retention_date"


def narwhals() -> ModuleType:
    """Import narwhals' stable API, or say how to install the ``frames`` extra."""
    try:
        import narwhals.stable.v2 as nw  # noqa: PLC0415 - optional, imported when used
    except ImportError as error:
        msg = (
            "retention.frames needs narwhals (frames of pandas, polars, pyarrow, DuckDB, "
            "Dask): pip install 'retention-kit[frames]'"
        )
        raise MissingDependencyError(msg) from error
    return nw


@attrs.define(kw_only=True)
class Checked:
    """Checked purchase columns, in the caller's engine.

    Internal and short-lived (one call), hence mutable: ``frame`` is built when a step
    first needs the engine's columns (the pandas fast path does not).

    Attributes:
        frame: A narwhals frame (eager or lazy) with the internal columns asked for.
        source: The caller's frame, wrapped by narwhals.
        exprs: The expressions that make ``frame`` from ``source``.
        extra: A column added to ``frame`` (amounts checked outside the engine).
        lazy: Whether ``frame`` is lazy.
        customer_id: The caller's name of the customer-ID column (outputs use it).
        float_amounts: Whether amounts came from a float column.
        units: An eager frame's amounts as a numpy int64 array of 1/10,000ths (the
            ``UNITS`` column of ``frame`` holds the same), else ``None``.
        ids: An eager frame's customer-ID column (a narwhals Series), else ``None``.
        places: The decimal places the totals show, when the amounts tell them
            (decimals keep theirs, as ``Decimal("5.00")`` does), else ``None``.
    """

    source: Any
    exprs: list[Any]
    extra: Any
    lazy: bool
    customer_id: str
    float_amounts: bool = False
    units: Any = None
    ids: Any = None
    places: int | None = None
    _frame: Any = None

    @property
    def frame(self) -> Any:
        """The checked columns under internal names, made when first asked for."""
        if self._frame is None:
            nw = narwhals()
            extra = self.extra
            if extra is None and self.units is not None:
                backend = nw.get_native_namespace(self.source)
                extra = nw.new_series(UNITS, self.units, nw.Int64, backend=backend)
            # One select, the checked series among the expressions: each eager step is
            # a query of its own in polars.
            self._frame = self.source.select(*self.exprs, *([] if extra is None else [extra]))
        return self._frame


def is_dask(frame: object) -> bool:
    """Whether ``frame`` is a Dask DataFrame, known by its type's package (none imported).

    The frames steps hand a Dask frame to :mod:`retention.chain`, which runs the same
    code partition by partition (narwhals' Dask support lacks the window the churn step
    needs, and is moving to a separate package).
    """
    return any(kind.__module__.partition(".")[0] == "dask" for kind in type(frame).__mro__)


def _as_narwhals(frame: object) -> tuple[Any, bool]:
    nw = narwhals()
    try:
        wrapped = nw.from_native(frame)
    except TypeError:
        msg = (
            "frame: expected a DataFrame or lazy frame (pandas, polars, pyarrow, DuckDB, "
            f"Dask ...), got {describe(frame)}"
        )
        raise InvalidTypeError(msg) from None
    if isinstance(wrapped, nw.Series):
        msg = f"frame: expected a DataFrame, got a Series ({describe(frame)})"
        raise InvalidTypeError(msg)
    return wrapped, isinstance(wrapped, nw.LazyFrame)


def _name(field: str, value: object) -> str:
    if not isinstance(value, str) or not value:
        msg = f"{field}: expected a column name (a non-empty string), got {describe(value)}"
        raise InvalidTypeError(msg)
    return value


def _schema(frame: Any, wanted: dict[str, str]) -> dict[str, Any]:
    """The dtypes of the ``wanted`` columns (argument -> column), all of which must exist."""
    schema = frame.collect_schema()
    missing = [
        f"{column!r} (the {arg}= argument)"
        for arg, column in wanted.items()
        if column not in schema
    ]
    if missing:
        msg = (
            f"frame: expected the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}, got columns {list(schema)}"
        )
        raise InvalidInputError(msg)
    return {arg: schema[column] for arg, column in wanted.items()}


def _collect_row(frame: Any, *exprs: Any) -> tuple[Any, ...]:
    """Evaluate aggregate ``exprs`` in one pass; a lazy frame is collected to one row."""
    selected = frame.select(*[expr.alias(f"v{i}") for i, expr in enumerate(exprs)])
    if hasattr(selected, "collect"):
        selected = selected.collect()
    return tuple(selected.row(0))


def _first_bad(frame: Any, ok: Any, columns: list[str]) -> dict[str, Any]:
    """The first row (by position when the frame is eager) where ``ok`` is false."""
    nw = narwhals()
    if isinstance(frame, nw.LazyFrame):
        bad = frame.filter(~ok).select(*columns).head(1).collect()
        return {"row": None, **bad.rows(named=True)[0]}
    bad = frame.with_row_index("__retention_row").filter(~ok).head(1)
    row = bad.rows(named=True)[0]
    return {"row": row.pop("__retention_row"), **{c: row[c] for c in columns}}


def _where(bad: dict[str, Any], customer_column: str) -> str:
    place = "" if bad["row"] is None else f"row {bad['row']}, "
    return f"frame: {place}customer {bad[customer_column]!r}"


def _customer_expr(nw: ModuleType, column: str, dtype: Any, frame: Any) -> Any:
    """The customer-ID column as strings, checked: no nulls, no blank IDs.

    An expression, or for an eager frame's column of Python objects (each checked to be
    a string ID) a Series of strings: only pandas groups and sorts object columns.
    """
    col = nw.col(column)
    if dtype == nw.Object:
        values = _values(frame, column)
        for position, value in enumerate(values):
            _at(position, partial(check_id, column, value))
        backend = nw.get_native_namespace(frame)
        if isinstance(frame, nw.LazyFrame) or getattr(backend, "__name__", "") == "pandas":
            return col
        return nw.new_series(column, values, nw.String, backend=backend)
    if dtype in {nw.Categorical, nw.Enum} or isinstance(dtype, nw.Enum):
        col = col.cast(nw.String)
    elif dtype != nw.String:
        msg = (
            f"{column}: expected a column of string customer IDs, got {dtype} "
            "(convert it, e.g. .astype(str) or .cast(pl.String))"
        )
        raise InvalidTypeError(msg)
    nulls = (
        frame[column].null_count()
        if isinstance(frame, nw.DataFrame)
        else _collect_row(frame, col.null_count())[0]
    )
    if nulls:
        _refuse_id(frame, ~col.is_null(), column)
    return col


#: Every character ``str.strip()`` removes (``str.isspace()``): an ID of only these is
#: blank, as :func:`~retention._validate.check_id` says. Engines strip a slightly
#: different set by default, hence the explicit list (a test checks it is complete).
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004"
    "\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)


def blank(nw: ModuleType, column: str) -> Any:
    """Whether the ID in ``column`` is blank (empty or whitespace only).

    ``nw`` is narwhals, or polars itself (the same ``col``, ``str.strip_chars``).
    """
    return nw.col(column).str.strip_chars(WHITESPACE) == ""


def check_ids(checked: Checked, grouped: Any, original: object) -> None:
    """Refuse a blank customer ID, checked once per customer on the grouped IDs."""
    nw = narwhals()
    if _collect_row(grouped, blank(nw, CID).any())[0]:
        refuse_blank(checked, original)


def refuse_blank(checked: Checked, original: object) -> None:
    """Refuse the first row of ``original`` whose customer ID is blank (there is one)."""
    nw = narwhals()
    wrapped, _ = _as_narwhals(original)
    _refuse_id(wrapped, ~blank(nw, checked.customer_id), checked.customer_id)


def _refuse_id(frame: Any, ok: Any, column: str) -> None:
    bad = _first_bad(frame, ok, [column])
    place = "" if bad["row"] is None else f"row {bad['row']}: "
    msg = f"frame: {place}{column}: expected a non-empty string ID, got {bad[column]!r}"
    raise InvalidInputError(msg)


def _values(frame: Any, column: str) -> list[Any]:
    nw = narwhals()
    selected = frame.select(column)
    if isinstance(selected, nw.LazyFrame):
        selected = selected.collect()
    return list(selected[column].to_list())


def _at(position: int, check: Callable[[], Any]) -> Any:
    try:
        return check()
    except (InvalidInputError, InvalidTypeError) as error:
        msg = f"frame: row {position}: {error}"
        raise type(error)(msg) from None


def _units_expr(
    nw: ModuleType, column: str, dtype: Any, frame: Any, customer_column: str
) -> tuple[Any, bool]:
    """Amounts as Int64 1/10,000ths, checked; and whether they came from floats."""
    col = nw.col(column)
    # A lazy frame's decimals (DuckDB's DECIMAL, polars' Decimal) are scaled in the
    # engine: exact with at most 4 places. An eager frame's are read one by one.
    decimal = (
        isinstance(frame, nw.LazyFrame)
        and isinstance(dtype, nw.Decimal)
        and getattr(dtype, "scale", None) is not None
        and dtype.scale <= UNIT_PLACES
    )
    if dtype.is_integer() or decimal:
        rows, nulls, low, high = _collect_row(
            frame, nw.len(), col.null_count(), col.min(), col.max()
        )
        bound = _INT64 // (UNIT * max(rows, 1))
        if not nulls and (low is None or low >= 0) and (high is None or high <= bound):
            # A DECIMAL(18) times 10**4 overflows DuckDB's 64-bit decimals: scale it as
            # a DECIMAL(38) (the bound above makes the result fit 64 bits).
            if decimal:
                return (col.cast(nw.Decimal(38, dtype.scale)) * UNIT).cast(nw.Int64), False
            return col.cast(nw.Int64) * UNIT, False
        ok = ~col.is_null() & (col >= 0) & (col <= bound)
        _refuse_amount(frame, ok, column, customer_column, bound)
    if dtype.is_float():
        scaled = (col * UNIT).round(0)
        rows, nulls, nans, low, high, exact = _collect_row(
            frame,
            nw.len(),
            col.null_count(),
            col.is_nan().sum(),
            col.min(),
            col.max(),
            (exact_quotient(scaled, UNIT) == col).all(),
        )
        bound = _INT64 // (UNIT * max(rows, 1))
        if not nulls and not nans and (rows == 0 or (low >= 0 and high <= bound)):
            # Exact: every amount has at most 4 places. Otherwise the one-by-one reader
            # names the first amount with more.
            return (scaled.cast(nw.Int64) if rows == 0 or exact else None), True
        ok = ~col.is_null() & ~col.is_nan() & (col >= 0) & (col <= bound)
        _refuse_amount(frame, ok, column, customer_column, bound)
    return None, False


def _refuse_amount(frame: Any, ok: Any, column: str, customer_column: str, bound: int) -> None:
    bad = _first_bad(frame, ok, [customer_column, column])
    value = bad[column]
    where = _where(bad, customer_column)
    if value is not None and 0 <= value < math.inf:  # not NaN nor infinite: too large
        msg = (
            f"{where}: {column}: expected an amount of at most {bound} (so that the "
            f"column's total fits 64-bit 1/10,000ths), got {value!r}"
        )
    else:
        msg = f"{where}: {column}: expected a finite, non-negative amount, got {value!r}"
    raise InvalidInputError(msg)


def read_purchases(
    frame: object,
    *,
    customer_id: str,
    amount: str | None = None,
    date: str | None = None,
) -> Checked:
    """Check a frame's purchase columns; return them in the engine under internal names.

    Args:
        frame: A native frame (pandas, polars, pyarrow, DuckDB, Dask ...).
        customer_id: The name of the customer-ID column.
        amount: The name of the amount column, when the step needs amounts.
        date: The name of the day column, when the step needs days.

    Returns:
        The checked columns: ``CID`` (strings), ``UNITS`` (Int64 1/10,000ths) when
        ``amount`` is given, ``DAY`` (Int64 days since 1970-01-01) and ``DATE`` when
        ``date`` is given.

    Raises:
        MissingDependencyError: narwhals is not installed.
        InvalidTypeError: ``frame`` is not a frame, or a column has a wrong type.
        InvalidInputError: A column is missing, or a value is bad (the first one is
            named, by row where the frame is eager).
    """
    nw = narwhals()
    wrapped, lazy = _as_narwhals(frame)
    wanted = {"customer_id": _name("customer_id", customer_id)}
    if amount is not None:
        wanted["amount"] = _name("amount", amount)
    if date is not None:
        wanted["date"] = _name("date", date)
    dtypes = _schema(wrapped, wanted)
    customer = _customer_expr(nw, customer_id, dtypes["customer_id"], wrapped)
    exprs = [customer.alias(CID)]
    float_amounts, one_by_one, array, places = False, None, None, None
    if amount is not None:
        if not lazy:
            array, float_amounts = _units_array(wrapped, amount, dtypes["amount"])
        if array is None:
            units, float_amounts = _units_expr(nw, amount, dtypes["amount"], wrapped, customer_id)
            if units is None:
                one_by_one, places = _python_units(nw, wrapped, amount, lazy=lazy)
            else:
                exprs.append(units.alias(UNITS))
                if isinstance(dtypes["amount"], nw.Decimal):  # every value shows the scale
                    places = dtypes["amount"].scale
    if date is not None:
        exprs.extend(_day_exprs(nw, wrapped, date, dtypes["date"], customer_id))
    return Checked(
        source=wrapped,
        exprs=exprs,
        extra=one_by_one,
        lazy=lazy,
        customer_id=customer_id,
        float_amounts=float_amounts,
        units=array,
        ids=None if lazy else _ids(nw, customer, wrapped, customer_id),
        places=places,
    )


def _ids(nw: ModuleType, customer: Any, frame: Any, column: str) -> Any:
    """An eager frame's customer IDs as a Series: the checked strings where made."""
    return customer if isinstance(customer, nw.Series) else frame[column]


def _units_array(frame: Any, column: str, dtype: Any) -> tuple[Any, bool]:
    """An eager numeric column as numpy int64 1/10,000ths, if every amount is good.

    ``None`` when some amount is bad or has more than 4 places: the expression path
    then names it. numpy divides correctly rounded, so the loss check is exact.
    """
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    floats = dtype.is_float()
    if not (dtype.is_integer() or floats):
        return None, False
    values = frame[column].to_numpy()
    if not len(values):
        return np.zeros(0, dtype=np.int64), floats
    bound = _INT64 // (UNIT * len(values))
    kind = values.dtype.kind
    with np.errstate(invalid="ignore", over="ignore"):
        low, high = values.min(), values.max()  # NaN in, NaN out: the test below fails
        good = kind in "iuf" and low >= 0 and high <= bound
        if good and kind in "iu":
            return values.astype(np.int64) * UNIT, False
        if good:
            scaled = values * UNIT
            np.rint(scaled, out=scaled)
            if _round_trips(scaled, values):
                return scaled.astype(np.int64), floats
    return None, floats


#: Values per block in :func:`_round_trips`: 512 KiB of float64, which stays in cache.
_BLOCK = 1 << 16


def _round_trips(scaled: Any, values: Any) -> bool:
    """Whether ``scaled / UNIT == values`` everywhere (no amount had a fifth place).

    Block by block into one reused buffer: the same test as one whole-column division
    and comparison, without two more column-sized temporaries to allocate and fault in.
    """
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    buffer = np.empty(min(len(values), _BLOCK))
    for start in range(0, len(values), _BLOCK):
        block = scaled[start : start + _BLOCK]
        quotient = buffer[: len(block)]
        np.divide(block, UNIT, out=quotient)
        if not np.array_equal(quotient, values[start : start + _BLOCK]):
            return False
    return True


def _python_units(nw: ModuleType, frame: Any, column: str, *, lazy: bool) -> tuple[Any, int]:
    """Amounts the engine cannot check (objects, decimals): checked one by one.

    Returns the amounts as an Int64 series of 1/10,000ths, and the decimal places of the
    most precise one (at most 4), as :class:`~retention.customers.Purchase` counts them.
    """
    values = _values(frame, column)
    units: list[int] = []
    places = 0
    for position, value in enumerate(values):
        money: Decimal = _at(position, partial(to_money, column, value))
        exponent = money.as_tuple().exponent
        if isinstance(exponent, int) and -exponent > places:
            places = min(-exponent, UNIT_PLACES)
        scaled = money.scaleb(UNIT_PLACES)
        if scaled != scaled.to_integral_value():
            msg = (
                f"frame: row {position}: {column}: expected at most {UNIT_PLACES} decimal "
                f"places in a frame (use the object path, spend_totals(purchases), for "
                f"finer amounts), got {value!r}"
            )
            raise InvalidInputError(msg)
        units.append(int(scaled))
    total = sum(units)
    if total > _INT64:
        msg = f"{column}: expected a column total that fits 64-bit 1/10,000ths, got {total}"
        raise InvalidInputError(msg)
    if lazy:
        msg = f"{column}: expected a numeric amount column in a lazy frame, got Python objects"
        raise InvalidTypeError(msg)
    backend = nw.get_native_namespace(frame)
    return nw.new_series(UNITS, units, nw.Int64, backend=backend), places


def _day_exprs(
    nw: ModuleType, frame: Any, column: str, dtype: Any, customer_column: str
) -> list[Any]:
    """The day column as ``DATE`` (a date type) and ``DAY`` (days since 1970-01-01)."""
    col = nw.col(column)
    if isinstance(dtype, nw.Datetime) or dtype == nw.Datetime:
        if getattr(dtype, "time_zone", None) is not None:
            msg = (
                f"{column}: expected days, got datetimes in the zone {dtype.time_zone} "
                "(take the local day first, e.g. .dt.tz_convert(zone).dt.date or "
                ".dt.convert_time_zone(zone).dt.date())"
            )
            raise InvalidTypeError(msg)
        midnight = (
            (col.dt.hour() == 0)
            & (col.dt.minute() == 0)
            & (col.dt.second() == 0)
            & (col.dt.nanosecond() == 0)
        )
        nulls, off = _collect_row(frame, col.null_count(), (~midnight).sum())
        if nulls or off:
            ok = ~col.is_null() & midnight
            bad = _first_bad(frame, ok, [customer_column, column])
            msg = (
                f"{_where(bad, customer_column)}: {column}: expected a day (midnight, no "
                f"time of day; use .dt.normalize() or .dt.date), got {bad[column]!r}"
            )
            raise InvalidInputError(msg)
        return [col.alias(DATE), _day_number_expr(nw, col).alias(DAY)]
    if dtype == nw.Date:
        nulls = _collect_row(frame, col.null_count())[0]
        if nulls:
            bad = _first_bad(frame, ~col.is_null(), [customer_column, column])
            msg = f"{_where(bad, customer_column)}: {column}: expected a day, got {bad[column]!r}"
            raise InvalidInputError(msg)
        return [col.alias(DATE), _day_number_expr(nw, col).alias(DAY)]
    if dtype in {nw.Object, nw.String}:
        # Strings are days written YYYY-MM-DD (the engine casts them); Python objects
        # are checked as Purchase checks its date.
        check = _iso_day if dtype == nw.String else check_date
        values = _values(frame, column)
        for position, value in enumerate(values):
            if type(value) is not dt.date:
                _at(position, partial(check, column, value))
        # polars 2 casts no string to a date; pandas has no str.to_date (numpy backend).
        parse = dtype == nw.String and not frame.implementation.is_pandas_like()
        as_date = col.str.to_date("%Y-%m-%d") if parse else col.cast(nw.Date)
        return [as_date.alias(DATE), _day_number_expr(nw, as_date).alias(DAY)]
    msg = f"{column}: expected a column of days (a date or datetime type), got {dtype}"
    raise InvalidTypeError(msg)


def _iso_day(column: str, value: object) -> dt.date:
    """A string column's day, written ``YYYY-MM-DD`` (the form every engine casts)."""
    if isinstance(value, str) and len(value) == 10 and value[4] == value[7] == "-":  # noqa: PLR2004
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    msg = f"{column}: expected a day written YYYY-MM-DD, got {value!r}"
    raise InvalidInputError(msg)


#: Leap days in the years 1 to 1969 (by the Gregorian rule).
_LEAP_DAYS_BEFORE_1970 = 1969 // 4 - 1969 // 100 + 1969 // 400


def _day_number_expr(nw: ModuleType, day: Any) -> Any:
    """Days from 1970-01-01 to a date or datetime (expression), as Int64.

    From the year and the day of the year, which every engine has (DuckDB, Ibis and
    Spark have no ``dt.timestamp``).
    """
    before = day.dt.year().cast(nw.Int64) - 1  # whole years before this one
    leap_days = before // 4 - before // 100 + before // 400 - _LEAP_DAYS_BEFORE_1970
    return (before - 1969) * 365 + leap_days + day.dt.ordinal_day().cast(nw.Int64) - 1


def exact_quotient(numerator: Any, denominator: int) -> Any:
    """``numerator / denominator`` as an expression correctly rounded in every engine.

    polars turns a division by a literal into a multiplication by its reciprocal, which
    is not correctly rounded (130400 / 10000 gives 13.040000000000001); a division by a
    column is. ``numerator * 0 + denominator`` is that column (``numerator`` is finite).
    """
    return numerator / (numerator * 0.0 + denominator)


def day_number(day: dt.date) -> int:
    """Days from 1970-01-01 to ``day`` (the engine's day numbers)."""
    return day.toordinal() - _EPOCH_ORDINAL


def from_day_number(number: int) -> dt.date:
    """The day ``number`` days after 1970-01-01."""
    return dt.date.fromordinal(number + _EPOCH_ORDINAL)


def require_rows(count: int, field: str = "frame") -> None:
    """Refuse an empty frame where a step needs purchases."""
    if not count:
        msg = f"{field}: expected at least one purchase, got an empty frame"
        raise EmptyInputError(msg)
