"""Field validators and converters shared by the value objects.

Every check raises a :class:`~retention.exceptions.RetentionError` child whose message
names the field, what was expected and what arrived. The helpers take the field name
explicitly so they can also check plain function arguments.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import operator
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, TypeVar

import attrs

from retention._text import escape_controls, plural
from retention.exceptions import (
    DuplicateError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    RetentionError,
)

_T = TypeVar("_T")
_E = TypeVar("_E", bound=enum.Enum)

__all__ = [
    "FIRST_INSTANT",
    "LAST_INSTANT",
    "RANGE",
    "SHARE_RANGE",
    "add_days",
    "add_days_or_edge",
    "as_integer",
    "as_policy_error",
    "check_aware",
    "check_bool",
    "check_by_customer",
    "check_date",
    "check_field_name",
    "check_fraction",
    "check_id",
    "check_instance",
    "check_items",
    "check_iterable",
    "check_number",
    "check_optional_date",
    "check_optional_label",
    "check_positive_int",
    "check_unique",
    "describe",
    "is_a",
    "is_missing",
    "key_repr",
    "normalising",
    "policy_flag_field",
    "policy_int_field",
    "policy_number_field",
    "policy_or_default",
    "to_enum",
    "to_money",
    "to_share",
    "validator",
]


_SHOWN = 60  # characters of a bad value shown in an error message


def describe(value: object) -> str:
    """Say what arrived, short enough for an error message, as one line of printable text.

    A value whose own ``__repr__`` raises is shown by its type alone: the message is about
    the caller's mistake, not about their repr.
    """
    try:
        text = escape_controls(repr(value))
    except Exception:  # noqa: BLE001 - any error of the caller's repr: say so, not raise it
        text = "<an object whose repr failed>"
    if len(text) > _SHOWN:
        text = text[: _SHOWN - 3] + "..."
    return f"{text} ({escape_controls(type(value).__name__)})"


#: The packages whose scalars are read as the Python values they stand for.
_NUMERIC_STACK = frozenset({"numpy", "pandas"})


def _from_stack(value: object) -> bool:
    """Whether ``value`` is a numpy or pandas scalar (by its type's module, no import)."""
    return type(value).__module__.partition(".")[0] in _NUMERIC_STACK


def _dtype_kind(value: object) -> str:
    """The numpy dtype kind of ``value`` (``"i"``, ``"f"``, ``"M"`` ...), ``""`` if none."""
    kind = getattr(getattr(value, "dtype", None), "kind", "")
    return kind if isinstance(kind, str) else ""


def is_missing(value: object) -> bool:
    """Whether ``value`` is how a table says "no value" in an optional field.

    ``None``, a NaN of any kind (``float``, ``Decimal``, numpy floats), pandas' ``NA`` and
    ``NaT``, and numpy's ``NaT``. Strings are never missing: ``"nan"`` is a label.
    """
    if value is None:
        return True
    kind = type(value)
    if kind is str or kind is int or kind is dt.date:
        return False
    if isinstance(value, Decimal):
        return value.is_nan()
    if isinstance(value, float):
        return math.isnan(value)
    return _from_stack(value) and not isinstance(value, str) and _stack_missing(value)


def _stack_missing(value: object) -> bool:
    """Whether a numpy or pandas scalar is NA, NaT or NaN."""
    if type(value).__name__ in {"NAType", "NaTType"}:
        return True
    if _dtype_kind(value) not in {"f", "c", "M", "m"}:
        return False
    try:
        return bool(value != value)  # noqa: PLR0124 - NaN and NaT differ from themselves
    except Exception:  # noqa: BLE001 - an odd value is not missing; its check says why
        return False


def as_integer(value: object) -> int | None:
    """Return ``value`` as an ``int`` if it is a whole-number type, else ``None``.

    An ``int`` (not a ``bool``) is returned as it is; a numpy or pandas integer
    (``np.int64``, ``np.uint8`` ...) or any other type with ``__index__`` becomes the
    ``int`` it stands for. ``np.bool_`` is not a number, nor are floats, even whole ones.
    """
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if _dtype_kind(value) == "b" or getattr(type(value), "__index__", None) is None:
        return None
    try:
        number = operator.index(value)  # type: ignore[arg-type]  # checked: has __index__
    except Exception:  # noqa: BLE001 - a broken __index__ is not a number
        return None
    return None if isinstance(number, bool) else number


def normalising(check: Callable[[str, Any], _T]) -> Callable[[str, Any], _T]:
    """Mark ``check`` as one whose return value is what a field keeps (see :func:`validator`).

    Such a check returns the value it was given when that is already the library's type,
    and the library's type otherwise: a numpy day as a ``datetime.date``, an
    ``np.int64`` as an ``int``, NaN in an optional label as ``None``.
    """
    check.__retention_normalises__ = True  # type: ignore[attr-defined]  # read by validator()
    return check


def key_repr(value: object) -> str:
    """A mapping key as a message shows it: ``str``'s own repr (a subclass's may lie)."""
    return str.__repr__(value) if isinstance(value, str) else describe(value)


@normalising
def check_id(field: str, value: object) -> str:
    """Return ``value`` if it is a non-empty string identifier (an ``np.str_`` as a ``str``)."""
    if type(value) is not str:
        if not isinstance(value, str):
            msg = f"{field}: expected a non-empty string ID, got {describe(value)}"
            raise InvalidTypeError(msg)
        if _from_stack(value):
            value = str(value)
    if not value.strip():
        msg = f"{field}: expected a non-empty string ID, got {value!r}"
        raise InvalidInputError(msg)
    return value


@normalising
def check_field_name(field: str, value: object) -> str:
    """Return ``value`` if it is a field name a message can start with.

    A non-empty string of printable characters: a caller's name for a field leads the
    message, which stays one line of plain text.
    """
    name = check_id(field, value)
    if not name.isprintable():
        msg = f"{field}: expected a field name of printable characters, got {name!r}"
        raise InvalidInputError(msg)
    return name


def check_instance(field: str, value: object, kind: type[_T]) -> _T:
    """Return ``value`` if it is a ``kind`` (``"field: expected a Kind, got ..."`` if not)."""
    if not isinstance(value, kind):
        name = kind.__name__
        article = "an" if name[:1] in "AEIOU" else "a"
        msg = f"{field}: expected {article} {name}, got {describe(value)}"
        raise InvalidTypeError(msg)
    return value


def is_a(
    kind: type, *, optional: bool = False, policy: bool = False
) -> Callable[[object, Any, Any], None]:
    """An attrs validator: the field's value must be a ``kind`` (:func:`check_instance`).

    With ``optional`` ``None`` passes too; with ``policy`` a wrong value raises
    :class:`~retention.exceptions.InvalidPolicyError` (a policy's part).
    """

    def check(field: str, value: object) -> None:
        if value is None and optional:
            return
        if policy:
            as_policy_error(lambda: check_instance(field, value, kind))
        else:
            check_instance(field, value, kind)

    return validator(check)


@normalising
def check_optional_label(field: str, value: object) -> str | None:
    """Return ``value`` if it is a non-empty string, ``None`` if missing (:func:`is_missing`).

    A table's empty cell (NaN, ``pd.NA``) reads as ``None``, like ``None`` itself.
    """
    if type(value) is str:
        return check_id(field, value)
    return None if is_missing(value) else check_id(field, value)


#: How to make a day of a pandas or numpy value, for the messages.
_DAY_HINT = "use .dt.date or .dt.normalize() on a column, .date() or .normalize() on a Timestamp"


@normalising
def check_date(field: str, value: object) -> dt.date:
    """Return ``value`` if it is a ``datetime.date`` and not a ``datetime.datetime``.

    A pandas ``Timestamp`` or numpy ``datetime64`` at midnight and without a time zone
    is the day it starts, as a ``datetime.date``; one with a time of day or a time zone
    is refused (say which day is meant: ``.dt.date``, ``.normalize()``), and so is NaT.
    """
    if type(value) is dt.date:
        return value
    if _from_stack(value):
        return _stack_day(field, value)
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        msg = f"{field}: expected a datetime.date (not a datetime), got {describe(value)}"
        raise InvalidTypeError(msg)
    return value


def _stack_day(field: str, value: object) -> dt.date:
    """The day a pandas ``Timestamp`` or numpy ``datetime64`` at midnight stands for."""
    if is_missing(value):
        msg = f"{field}: expected a day, got a missing value {describe(value)}"
        raise InvalidInputError(msg)
    if isinstance(value, dt.datetime):  # a pandas Timestamp
        if value.tzinfo is not None:
            msg = (
                f"{field}: expected a day (a date, or a Timestamp at midnight without a time "
                f"zone), got {value.isoformat()} in a time zone: take the day in the store's "
                "zone, .dt.tz_convert(zone).dt.date on a column, .tz_convert(zone).date() on "
                "a Timestamp"
            )
            raise InvalidInputError(msg)
        nanoseconds: object = getattr(value, "nanosecond", 0)
        if value.hour or value.minute or value.second or value.microsecond or nanoseconds:
            msg = (
                f"{field}: expected a day (a date, or a Timestamp at midnight), got "
                f"{value.isoformat()}, a time of day: {_DAY_HINT}"
            )
            raise InvalidInputError(msg)
        return dt.date(value.year, value.month, value.day)
    if _dtype_kind(value) == "M":
        return _datetime64_day(field, value)
    if isinstance(value, dt.date):
        return value
    msg = f"{field}: expected a datetime.date (not a datetime), got {describe(value)}"
    raise InvalidTypeError(msg)


def _datetime64_day(field: str, value: Any) -> dt.date:  # noqa: ANN401 - a numpy datetime64
    """The day a numpy ``datetime64`` at midnight stands for (no numpy import needed)."""
    unit = str(value.dtype.name)  # "datetime64[ns]"
    if unit.endswith(("[Y]", "[M]", "[W]")):
        msg = (
            f"{field}: expected a day (a datetime64 of unit D or finer), got "
            f"{describe(value)}, a year, month or week"
        )
        raise InvalidInputError(msg)
    try:
        day = value.astype("datetime64[D]")
        midnight = bool(day == value)
        found = day.item()
    except Exception:  # noqa: BLE001 - whatever numpy says, the value is no day
        found, midnight = None, True
    if not midnight:
        msg = (
            f"{field}: expected a day at midnight, got {describe(value)}, a time of day: "
            f"{_DAY_HINT}"
        )
        raise InvalidInputError(msg)
    if type(found) is not dt.date:
        msg = (
            f"{field}: expected a day from 0001-01-01 to 9999-12-31 (what a datetime.date "
            f"holds), got {describe(value)}"
        )
        raise InvalidInputError(msg)
    return found


@normalising
def check_optional_date(field: str, value: object) -> dt.date | None:
    """Return ``value`` if it is a day (:func:`check_date`), ``None`` if missing (NaT too)."""
    return None if is_missing(value) else check_date(field, value)


#: The first and last instants an aware datetime may be: a day inside the years a
#: ``datetime`` holds, so that it can be written in any time zone (offsets are under 24 h).
FIRST_INSTANT = dt.datetime(1, 1, 2, tzinfo=dt.UTC)
LAST_INSTANT = dt.datetime(9999, 12, 30, 23, 59, 59, 999999, tzinfo=dt.UTC)


@normalising
def check_aware(field: str, value: object) -> dt.datetime:
    """Return ``value`` if it is a timezone-aware ``datetime.datetime`` the library can use.

    The instant must lie from :data:`FIRST_INSTANT` to :data:`LAST_INSTANT` (0001-01-02
    to 9999-12-30 in UTC): the library turns instants into UTC and into the store's time
    zone, and an instant within a day of the ends of ``datetime`` has no such writing.
    A pandas ``Timestamp`` with a time zone becomes the ``datetime`` it stands for
    (nanoseconds dropped); NaT is refused.
    """
    if type(value) is not dt.datetime and _from_stack(value):
        value = _stack_instant(field, value)
    if not isinstance(value, dt.datetime):
        msg = f"{field}: expected a timezone-aware datetime.datetime, got {describe(value)}"
        raise InvalidTypeError(msg)
    if value.tzinfo is None or value.utcoffset() is None:
        msg = (
            f"{field}: expected a timezone-aware datetime (with tzinfo), got the naive "
            f"{value.isoformat()}"
        )
        raise InvalidInputError(msg)
    # Aware datetimes in different zones compare as instants, without leaving the range.
    if not FIRST_INSTANT <= value <= LAST_INSTANT:
        msg = (
            f"{field}: expected an instant from 0001-01-02 to 9999-12-30 (UTC), a day inside "
            f"the years a datetime can hold, got {value.isoformat()}"
        )
        raise InvalidInputError(msg)
    return value


def _stack_instant(field: str, value: object) -> object:
    """A pandas ``Timestamp`` with a time zone as a ``datetime``; anything else unchanged."""
    if is_missing(value):
        msg = f"{field}: expected a timezone-aware datetime, got a missing value {describe(value)}"
        raise InvalidInputError(msg)
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        return value  # refused by check_aware, in its words
    try:
        if getattr(value, "nanosecond", 0):
            value = value.replace(nanosecond=0)  # type: ignore[call-arg]  # a Timestamp's
        converted = value.to_pydatetime()  # type: ignore[attr-defined]  # a Timestamp's
    except Exception:  # noqa: BLE001 - whatever pandas says, the value is no instant
        msg = f"{field}: expected a timezone-aware datetime, got {describe(value)}"
        raise InvalidInputError(msg) from None
    return converted


def add_days(field: str, day: dt.date, days: int) -> dt.date:
    """Return ``day`` plus ``days`` days (minus, if negative), naming ``field`` if none exists.

    A ``datetime.date`` holds 0001-01-01 to 9999-12-31. Arithmetic past either end raises
    :class:`~retention.exceptions.InvalidInputError` naming the field the day was for
    (``"due: 9999-12-31 + 1 day is past 9999-12-31, the last day a date can hold"``),
    never ``OverflowError``.
    """
    if days >= 0 and days > (dt.date.max - day).days:
        msg = (
            f"{field}: {day.isoformat()} + {plural(days, 'day')} is past 9999-12-31, "
            "the last day a date can hold"
        )
        raise InvalidInputError(msg)
    if days < 0 and -days > (day - dt.date.min).days:
        msg = (
            f"{field}: {day.isoformat()} - {plural(-days, 'day')} is before 0001-01-01, "
            "the first day a date can hold"
        )
        raise InvalidInputError(msg)
    return day + dt.timedelta(days=days)


def add_days_or_edge(day: dt.date, days: int) -> dt.date:
    """Return ``day`` plus ``days`` days, held at 0001-01-01 or 9999-12-31.

    For the edge of a span ("the purchases since 365 days before the plan"): no day lies
    beyond the ends, so stopping there counts the same days.
    """
    if days >= 0:
        return day + dt.timedelta(days=min(days, (dt.date.max - day).days))
    return day - dt.timedelta(days=min(-days, (day - dt.date.min).days))


def check_bool(field: str, value: object) -> bool:
    """Return ``value`` if it is a ``bool`` (``0``, ``1`` and ``"false"`` are refused)."""
    if not isinstance(value, bool):
        msg = f"{field}: expected True or False, got {describe(value)}"
        raise InvalidTypeError(msg)
    return value


def check_positive_int(
    field: str, value: object, *, minimum: int = 1, maximum: int | None = None
) -> int:
    """Return ``value`` if it is an ``int`` (not a ``bool``) from ``minimum`` to ``maximum``.

    Without ``maximum`` only the lower bound is checked. A numpy or pandas integer
    (:func:`as_integer`) is returned as an ``int``.
    """
    if type(value) is not int:
        integer = as_integer(value)
        if integer is None:
            msg = f"{field}: expected {_int_range(minimum, maximum)}, got {describe(value)}"
            raise InvalidTypeError(msg)
        value = integer
    if value < minimum or (maximum is not None and value > maximum):
        msg = f"{field}: expected {_int_range(minimum, maximum)}, got {value}"
        raise InvalidInputError(msg)
    return value


def _int_range(minimum: int, maximum: int | None) -> str:
    return f"an int >= {minimum}" if maximum is None else f"an int from {minimum} to {maximum}"


@normalising
def check_count(field: str, value: object) -> int:
    """Return ``value`` if it is a count: an ``int`` (not a ``bool``) of at least 0."""
    return check_positive_int(field, value, minimum=0)


def check_iterable(field: str, value: object, item: str) -> Iterator[Any]:
    """Return an iterator over ``value`` if it is an iterable of items (not a str or mapping)."""
    if isinstance(value, str | bytes | Mapping) or not isinstance(value, Iterable):
        msg = f"{field}: expected an iterable of {item}, got {describe(value)}"
        raise InvalidTypeError(msg)
    return iter(value)


def check_items(field: str, value: object, kind: type[_T], item: str) -> list[_T]:
    """Return the items of ``value`` as a list after checking that each is a ``kind``.

    ``item`` says what was expected, for the message: ``"staff: expected StaffMember
    objects, got None (NoneType)"``.
    """
    items = []
    for entry in check_iterable(field, value, item):
        if not isinstance(entry, kind):
            msg = f"{field}: expected {item}, got {describe(entry)}"
            raise InvalidTypeError(msg)
        items.append(entry)
    return items


def check_by_customer(
    field: str,
    value: object,
    what: str,
    check: Callable[[str, object], _T] | None = None,
) -> dict[str, Any]:
    """Copy a mapping of customer ID to ``what``: each key an ID, each value ``check``-ed.

    ``check`` gets the value's field (``"totals['c1']"``) and the value, and returns what
    to keep; ``None`` keeps the values as they are, for the caller to check.
    """
    if not isinstance(value, Mapping):
        msg = f"{field}: expected a mapping of customer ID to {what}, got {describe(value)}"
        raise InvalidTypeError(msg)
    if check is None:
        for cid in value:
            check_id(f"{field} key", cid)
        return dict(value.items())
    checked: dict[str, _T] = {}
    for cid, item in value.items():
        check_id(f"{field} key", cid)
        checked[cid] = check(f"{field}[{key_repr(cid)}]", item)
    return checked


def check_unique(
    field: str, value: object, kind: type[_T], key: Callable[[_T], str], one: str
) -> list[_T]:
    """Return the items of ``value``: each a ``kind``, no two with the same ``key``.

    ``one`` says what is unique, for the message: ``"one response per respondent"``
    gives ``"responses: expected one response per respondent, got 'r1' twice"``.
    """
    items = []
    seen: set[str] = set()
    for item in check_iterable(field, value, f"{kind.__name__} values"):
        if not isinstance(item, kind):
            msg = f"{field}: expected {kind.__name__} values, got {describe(item)}"
            raise InvalidTypeError(msg)
        ident = key(item)
        if ident in seen:
            msg = f"{field}: expected {one}, got {ident!r} twice"
            raise DuplicateError(msg)
        seen.add(ident)
        items.append(item)
    return items


def _to_decimal(field: str, value: object, expected: str) -> Decimal:
    """Turn an int, Decimal, decimal string or finite float into a finite Decimal.

    The exact built-in types come first (the hot path); numpy and pandas scalars and
    subclasses go through :func:`_other_decimal`.
    """
    kind = type(value)
    if kind is Decimal:
        number: Decimal = value  # type: ignore[assignment]  # checked: exactly a Decimal
    elif kind is int:
        number = Decimal(value)  # type: ignore[arg-type]  # checked: exactly an int
    elif kind is str:
        number = _parse_decimal(field, value, value, expected)  # type: ignore[arg-type]
    elif kind is float:
        number = _float_decimal(field, value, value, expected)  # type: ignore[arg-type]
    else:
        number = _other_decimal(field, value, expected)
    if not number.is_finite():
        msg = f"{field}: expected {expected}, got {value!r}"
        raise InvalidInputError(msg)
    return number


def _parse_decimal(field: str, text: str, value: object, expected: str) -> Decimal:
    try:
        return Decimal(text.strip())
    except (InvalidOperation, ValueError):
        msg = f"{field}: expected {expected}, got {value!r} (not a decimal number)"
        raise InvalidInputError(msg) from None


def _float_decimal(field: str, number: float, value: object, expected: str) -> Decimal:
    if not math.isfinite(number):
        msg = f"{field}: expected {expected}, got {value!r}"
        raise InvalidInputError(msg)
    # repr() gives the shortest decimal that reads back as the same float:
    # 19.99 becomes Decimal("19.99"), not the binary expansion 19.989999...
    return Decimal(repr(number))


def _other_decimal(field: str, value: object, expected: str) -> Decimal:
    """:func:`_to_decimal` of anything but an exact int, Decimal, str or float.

    Subclasses (``np.float64`` is a float, ``np.str_`` a str) read as their base type;
    numpy and pandas integers as ints; numpy's other floats (``float32``, ``float16``,
    ``longdouble``) as the shortest decimal that reads back as them in their precision.
    """
    if isinstance(value, bool) or _dtype_kind(value) == "b":
        msg = f"{field}: expected {expected}, got {describe(value)}"
        raise InvalidTypeError(msg)
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        return _float_decimal(field, float(value), value, expected)
    if isinstance(value, str):
        return _parse_decimal(field, str(value), value, expected)
    integer = as_integer(value)
    if integer is not None:
        return Decimal(integer)
    if _from_stack(value) and _dtype_kind(value) == "f":
        try:
            finite = math.isfinite(float(value))  # type: ignore[arg-type]  # a numpy float
        except Exception:  # noqa: BLE001 - no float: not a number here
            finite = False
        if not finite:
            msg = f"{field}: expected {expected}, got {describe(value)}"
            raise InvalidInputError(msg)
        # numpy writes its floats as the shortest decimal that reads back in their own
        # precision: np.float32(0.1) is "0.1", not 0.10000000149011612.
        return _parse_decimal(field, str(value), value, expected)
    if _from_stack(value) and _stack_missing(value):  # pd.NA, NaT: a table's empty cell
        msg = f"{field}: expected {expected}, got a missing value {describe(value)}"
        raise InvalidInputError(msg)
    msg = f"{field}: expected {expected}, got {describe(value)}"
    raise InvalidTypeError(msg)


def to_money(field: str, value: object) -> Decimal:
    """Convert a money amount to a finite, non-negative ``Decimal``.

    Accepted: ``int``, ``Decimal``, decimal strings and finite ``float`` values, and
    numpy and pandas integers and floats. A float becomes the shortest decimal that
    reads back as that float (``19.99`` and ``np.float64(19.99)`` give
    ``Decimal("19.99")``; ``np.float32(19.99)`` too, in its own precision). Refused:
    ``bool`` and ``np.bool_``, NaN (``pd.NA`` too), infinities and negative amounts. A
    negative zero becomes zero.
    """
    number = _to_decimal(field, value, "a finite, non-negative amount")
    if number < 0:
        msg = f"{field}: expected a finite, non-negative amount, got {value!r}"
        raise InvalidInputError(msg)
    return number.copy_abs() if number.is_zero() else number


def to_share(field: str, value: object) -> Decimal:
    """Convert a share to a ``Decimal`` (range checks are the caller's)."""
    return _to_decimal(field, value, "a decimal share between 0 and 1")


def check_fraction(field: str, value: Decimal, *, allow_one: bool = True) -> Decimal:
    """Return ``value`` if ``0 < value <= 1`` (or ``< 1`` when ``allow_one`` is false)."""
    upper_ok = value <= 1 if allow_one else value < 1
    if not (value > 0 and upper_ok):
        bound = "<= 1" if allow_one else "< 1"
        msg = f"{field}: expected a share with 0 < {field} {bound}, got {value}"
        raise InvalidInputError(msg)
    return value


def as_policy_error(check: Callable[[], _T]) -> _T:
    """Run ``check()``; re-raise any library error as ``InvalidPolicyError``, same message."""
    try:
        return check()
    except RetentionError as exc:
        raise InvalidPolicyError(str(exc)) from None


def to_enum(field: str, enum_type: type[_E], value: object) -> _E:
    """Return ``value`` as a member of ``enum_type``, taking a member or its value."""
    if isinstance(value, enum_type):
        return value
    try:
        return enum_type(value)
    except (ValueError, TypeError):  # TypeError: pd.NA's == gives NA, which has no truth
        choices = [repr(member.value) for member in enum_type]
        expected = ", ".join(choices[:-1]) + " or " + choices[-1]
        msg = f"{field}: expected {expected}, got {describe(value)}"
        raise InvalidInputError(msg) from None


def policy_or_default(value: object, kind: type[_T]) -> _T:
    """Return ``value`` if it is a ``kind`` policy, ``kind()`` (the defaults) if ``None``.

    Anything else raises :class:`~retention.exceptions.InvalidPolicyError`.
    """
    if value is None:
        return kind()
    if not isinstance(value, kind):
        msg = f"policy: expected a {kind.__name__}, got {describe(value)}"
        raise InvalidPolicyError(msg)
    return value


#: The key of a policy number's ``(low, high)`` range in its attrs field's metadata.
RANGE = "retention.range"

#: The range of a share (whether 0 or 1 themselves are allowed is the field's to say).
SHARE_RANGE = (Decimal(0), Decimal(1))


def policy_int_field(name: str, default: int, *, low: int, high: int) -> Any:  # noqa: ANN401  # attrs.field's own type
    """An attrs field for a policy's int (days, contacts) from ``low`` to ``high``.

    Every policy number has a documented range: a day count of 10**9 is a mistake, not
    a plan, and a bounded number keeps the library's date arithmetic inside the years a
    ``datetime.date`` can hold. The range is kept in the field's metadata under
    :data:`RANGE`. A bad value raises :class:`~retention.exceptions.InvalidPolicyError`.
    """

    def convert(value: object) -> int:
        return as_policy_error(lambda: check_positive_int(name, value, minimum=low, maximum=high))

    return attrs.field(default=default, converter=convert, metadata={RANGE: (low, high)})


def validator(check: Callable[[str, Any], object]) -> Callable[[object, Any, Any], None]:
    """Wrap ``check(field, value)`` as an attrs validator that passes the field's name.

    This is how a field that keeps its value as given is checked; a field whose value is
    normalised (money to ``Decimal``, a value to its enum member) is checked by its
    converter instead, which calls the same kind of ``check(field, value)`` function.
    Either way the check raises a :class:`~retention.exceptions.RetentionError` that
    names the field (``tests/test_conventions.py`` holds every value class to this).

    A :func:`normalising` check (:func:`check_id`, :func:`check_date` ...) also hands back
    the value in the library's type when it arrived in another (a numpy day, an
    ``np.int64``, NaN in an optional label); the field keeps that. Validators run after
    every field is set and before ``__attrs_post_init__``, which sees the kept value.
    """
    if getattr(check, "__retention_normalises__", False):

        def normalise(instance: object, attribute: Any, value: Any) -> None:  # noqa: ANN401
            checked = check(attribute.name, value)
            if checked is not value:
                object.__setattr__(instance, attribute.name, checked)

        normalise.__retention_check__ = check  # type: ignore[attr-defined]  # the one way
        return normalise

    def validate(_instance: object, attribute: Any, value: Any) -> None:  # noqa: ANN401
        check(attribute.name, value)

    validate.__retention_check__ = check  # type: ignore[attr-defined]  # the one way, marked
    return validate


def check_number(
    field: str,
    value: object,
    *,
    low: Decimal | None = None,
    high: Decimal | None = None,
) -> Decimal:
    """Return ``value`` as a finite ``Decimal`` with ``low <= value <= high`` (bounds optional).

    Ints, Decimals, decimal strings and finite floats are taken (a float as the shortest
    decimal that reads back as it), numpy and pandas integers and floats too; bools
    (``np.bool_`` too), NaN (``pd.NA`` too) and infinities are refused.
    """
    if low is not None and high is not None:
        expected = f"a number from {low} to {high}"
    elif low is not None:
        expected = f"a number >= {low}"
    else:
        expected = "a finite number"
    number = _to_decimal(field, value, expected)
    if (low is not None and number < low) or (high is not None and number > high):
        msg = f"{field}: expected {expected}, got {value!r}"
        raise InvalidInputError(msg)
    return number


def policy_flag_field(name: str, *, default: bool) -> Any:  # noqa: ANN401  # attrs.field's own type
    """An attrs field for a policy's on/off setting: ``True`` or ``False``, nothing else.

    ``0``, ``1`` and ``"false"`` are refused with
    :class:`~retention.exceptions.InvalidPolicyError`.
    """

    def convert(value: object) -> bool:
        return as_policy_error(lambda: check_bool(name, value))

    return attrs.field(default=default, converter=convert)


def policy_number_field(
    name: str,
    default: Decimal | int | str,
    *,
    low: Decimal | int,
    high: Decimal | int,
) -> Any:  # noqa: ANN401  # attrs.field's own type
    """An attrs field for a policy's number from ``low`` to ``high``, stored as a ``Decimal``.

    The range is kept in the field's metadata under :data:`RANGE`. A bad value raises
    :class:`~retention.exceptions.InvalidPolicyError`.
    """
    lower, upper = Decimal(low), Decimal(high)

    def convert(value: object) -> Decimal:
        return as_policy_error(lambda: check_number(name, value, low=lower, high=upper))

    return attrs.field(
        default=Decimal(default), converter=convert, metadata={RANGE: (lower, upper)}
    )
