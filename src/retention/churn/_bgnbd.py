"""BG/NBD P(alive) in closed form (Fader, Hardie & Lee 2005), in pure Python.

The BG/NBD model says a customer buys at a Poisson rate while "alive" and may drop out
after any purchase. With parameters ``r, alpha, a, b`` fitted on the store's data (by
:func:`~retention.churn.fit_bgnbd`, or by the host with another library), the
probability that a customer who made ``x`` repeat purchases, the last at ``t_x``, is
still alive at ``T`` is::

    P(alive) = 1                                                   if x = 0
    P(alive) = 1 / (1 + a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x))

Times count from the customer's first purchase in one unit (days or weeks). The power
is taken in logarithms, so large ``x`` or ``T`` neither overflow nor lose the answer.
:func:`p_alive_array` is the same formula over numpy arrays (numpy imported when called).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from retention._validate import (
    check_date,
    check_iterable,
    check_number,
    check_positive_int,
    describe,
)
from retention.exceptions import EmptyInputError, InvalidInputError, InvalidTypeError

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

__all__ = ["BgNbdParams", "RfmSummary", "p_alive", "rfm_summary"]


def _finite(field: str, number: Decimal, expected: str) -> float:
    """``number`` as a float, refused when it does not fit one (about 1.8e308)."""
    converted = float(number)
    if not math.isfinite(converted):
        msg = f"{field}: expected {expected} below 1.8e308, got {number}"
        raise InvalidInputError(msg)
    return converted


def _positive(field: str, value: object) -> float:
    number = check_number(field, value, low=Decimal(0))
    if not number:
        msg = f"{field}: expected a number > 0, got {value!r}"
        raise InvalidInputError(msg)
    return _finite(field, number, "a number > 0")


def _time(field: str, value: object) -> float:
    return _finite(field, check_number(field, value, low=Decimal(0)), "a time >= 0")


def _r(value: object) -> float:
    return _positive("r", value)


def _alpha(value: object) -> float:
    return _positive("alpha", value)


def _a(value: object) -> float:
    return _positive("a", value)


def _b(value: object) -> float:
    return _positive("b", value)


def _t_x(value: object) -> float:
    return _time("t_x", value)


def _big_t(value: object) -> float:
    return _time("T", value)


@attrs.frozen
class BgNbdParams:
    """Fitted BG/NBD parameters (all positive).

    Attributes:
        r: Shape of the gamma distribution of purchase rates.
        alpha: Its scale, in the time unit of the summaries.
        a: First shape of the beta distribution of drop-out probabilities.
        b: Its second shape.

    Example:
        >>> cdnow = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
        >>> round(p_alive(2, 30.43, 38.86, cdnow), 6)
        0.726579
    """

    r: float = attrs.field(kw_only=True, converter=_r)
    alpha: float = attrs.field(kw_only=True, converter=_alpha)
    a: float = attrs.field(kw_only=True, converter=_a)
    b: float = attrs.field(kw_only=True, converter=_b)


def _repeat(value: object) -> int:
    repeats = check_positive_int("x", value, minimum=0)
    _finite("x", Decimal(repeats), "a count of repeat purchases")
    return repeats


@attrs.frozen
class RfmSummary:
    """A customer's purchases as BG/NBD sees them.

    Attributes:
        x: Repeat purchases (purchase periods after the first).
        t_x: Time from the first purchase to the last, in the unit.
        T: Time from the first purchase to the end of observation, in the unit.

    Raises:
        InvalidInputError: Negative times, ``t_x`` after ``T``, or ``t_x > 0`` with no
            repeat purchase.
    """

    x: int = attrs.field(converter=_repeat)
    t_x: float = attrs.field(kw_only=True, converter=_t_x)
    T: float = attrs.field(kw_only=True, converter=_big_t)

    def __attrs_post_init__(self) -> None:
        """Check that the three numbers fit together."""
        _consistent(self.x, self.t_x, self.T)


def _consistent(x: int, t_x: float, big_t: float) -> None:
    if t_x > big_t:
        msg = f"t_x: expected at most T ({big_t}), got {t_x}"
        raise InvalidInputError(msg)
    if x == 0 and t_x != 0:
        msg = f"t_x: expected 0 when x is 0 (no repeat purchase), got {t_x}"
        raise InvalidInputError(msg)


def p_alive(x: object, t_x: object, T: object, params: BgNbdParams) -> float:  # noqa: N803  # the paper's name
    """P(alive) of a customer with ``x`` repeat purchases, the last at ``t_x``, now ``T``.

    Args:
        x: Repeat purchases (an int >= 0).
        t_x: Time of the last purchase since the first (>= 0).
        T: Time since the first purchase (>= ``t_x``).
        params: The fitted :class:`BgNbdParams`, in the same time unit.

    Returns:
        A probability in [0, 1]; exactly 1 when ``x`` is 0.

    Raises:
        InvalidInputError: Negative or non-finite times, ``t_x > T``, ``t_x > 0`` with
            ``x == 0``.
        InvalidTypeError: ``params`` is not a :class:`BgNbdParams`.
    """
    if not isinstance(params, BgNbdParams):
        msg = f"params: expected a BgNbdParams, got {describe(params)}"
        raise InvalidTypeError(msg)
    repeats = _repeat(x)
    last, now = _time("t_x", t_x), _time("T", T)
    _consistent(repeats, last, now)
    return checked_p_alive(repeats, last, now, params)


def checked_p_alive(repeats: int, last: float, now: float, params: BgNbdParams) -> float:
    """:func:`p_alive` of checked numbers (an int and two consistent finite times)."""
    if repeats == 0:
        return 1.0
    log_odds = (
        math.log(params.a)
        - math.log(params.b + repeats - 1)
        + (params.r + repeats) * (math.log(params.alpha + now) - math.log(params.alpha + last))
    )
    if math.isnan(log_odds):  # both logs infinite: alpha + T overflowed a float
        msg = f"T: expected a time that fits a float with alpha added, got {now}"
        raise InvalidInputError(msg)
    # 1 / (1 + e^z) without overflow: for large z it is e^-z / (1 + e^-z)
    if log_odds > 0:
        small = math.exp(-log_odds)
        return small / (1.0 + small)
    return 1.0 / (1.0 + math.exp(log_odds))


def p_alive_array(
    x: npt.ArrayLike,
    t_x: npt.ArrayLike,
    T: npt.ArrayLike,  # noqa: N803  # the paper's name
    params: BgNbdParams,
) -> np.ndarray[Any, np.dtype[np.float64]]:
    """:func:`p_alive` for 1-D arrays of ``(x, t_x, T)``, row by row (internal, for frames).

    The same formula in logarithms as :func:`p_alive`, so the two agree to rounding.

    Raises:
        InvalidInputError: Arrays of different lengths, or a row :func:`p_alive` refuses.
        InvalidTypeError: ``params`` is not a :class:`BgNbdParams`, or an array holds no
            numbers.
    """
    import numpy  # noqa: ICN001, PLC0415  # lazy: numpy is an optional extra

    from retention.churn._fit import check_rows  # noqa: PLC0415  # _fit imports this module

    if not isinstance(params, BgNbdParams):
        msg = f"params: expected a BgNbdParams, got {describe(params)}"
        raise InvalidTypeError(msg)
    repeats, last, now = check_rows(x, t_x, T)
    with numpy.errstate(all="ignore"):
        log_odds = (
            math.log(params.a)
            - numpy.log(params.b + numpy.maximum(repeats, 1.0) - 1.0)
            + (params.r + repeats)
            * (numpy.log(params.alpha + now) - numpy.log(params.alpha + last))
        )
        if numpy.isnan(log_odds).any():  # both logs infinite: alpha + T overflowed a float
            row = int(numpy.argmax(numpy.isnan(log_odds)))
            msg = (
                "T: expected a time that fits a float with alpha added, "
                f"got {float(now[row])} at row {row}"
            )
            raise InvalidInputError(msg)
        small = numpy.exp(-numpy.abs(log_odds))  # 1 / (1 + e^z) without overflow, as p_alive
        alive = numpy.where(log_odds > 0, small / (1.0 + small), 1.0 / (1.0 + small))
    result: np.ndarray[Any, np.dtype[np.float64]] = numpy.where(repeats == 0, 1.0, alive)
    return result


def rfm_summary(dates: Iterable[dt.date], *, as_of: dt.date, unit_days: int = 7) -> RfmSummary:
    """Summarise purchase days as ``(x, t_x, T)`` in units of ``unit_days`` days.

    Several purchases on one day count once (the model counts purchase occasions).
    ``x`` is the number of purchase days after the first; ``t_x`` and ``T`` count from
    the first purchase day to the last and to ``as_of``.

    Example:
        >>> import datetime as dt
        >>> days = [dt.date(2025, 1, 1), dt.date(2025, 1, 15), dt.date(2025, 1, 29)]
        >>> rfm_summary(days, as_of=dt.date(2025, 3, 1), unit_days=7)
        RfmSummary(x=2, t_x=4.0, T=8.428571428571429)

    Raises:
        EmptyInputError: No dates.
        InvalidInputError: A date after ``as_of``.
    """
    as_of = check_date("as_of", as_of)
    unit = check_positive_int("unit_days", unit_days)
    days = sorted({check_date("dates", d) for d in check_iterable("dates", dates, "dates")})
    if not days:
        msg = "dates: expected at least one purchase day, got none"
        raise EmptyInputError(msg)
    if days[-1] > as_of:
        msg = f"dates: expected days on or before as_of ({as_of}), got {days[-1]}"
        raise InvalidInputError(msg)
    return checked_rfm_summary(days, as_of=as_of, unit=unit)


def checked_rfm_summary(days: Sequence[dt.date], *, as_of: dt.date, unit: int) -> RfmSummary:
    """:func:`rfm_summary` of sorted distinct ``days``, none after ``as_of`` (unchecked).

    The numbers fit together by construction, so the summary is made without its
    converters (the early warning makes one per customer).
    """
    first = days[0]
    summary = object.__new__(RfmSummary)
    object.__setattr__(summary, "x", len(days) - 1)
    object.__setattr__(summary, "t_x", (days[-1] - first).days / unit)
    object.__setattr__(summary, "T", (as_of - first).days / unit)
    return summary
