"""BG/NBD parameters by maximum likelihood (Fader, Hardie & Lee 2005, eq. 6).

The log-likelihood of a customer with ``x`` repeat purchases, the last at ``t_x``,
observed until ``T``, is::

    ln L = ln G(r + x) - ln G(r) + r ln(alpha)
         + ln G(a + b) + ln G(b + x) - ln G(b) - ln G(a + b + x)
         + ln( (alpha + T)^-(r + x)
               + [x > 0] a / (b + x - 1) (alpha + t_x)^-(r + x) )

(``G`` the gamma function). :func:`fit_bgnbd` minimises what lifetimes'
``BetaGeoFitter`` minimises, so the two agree: the weighted mean of ``-ln L`` plus
``penalizer * (r**2 + alpha**2 + a**2 + b**2)``, with the times (and so ``alpha``) first
divided by the longest ``T``. Dividing makes the penalty the same whatever the time unit;
without a penalty it changes nothing. Identical ``(x, t_x, T)`` rows are counted once with
their weight, and the search runs over the logarithms of the parameters with the exact
gradient and Hessian (scipy's ``trust-exact``), from ``r = alpha = a = b = 1``.

numpy and scipy are imported when a fit is asked for, never when the module is:
``pip install 'retention-kit[fit]'``.
"""

from __future__ import annotations

import importlib
import math
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

from retention._validate import check_iterable, check_number, describe
from retention.churn._bgnbd import BgNbdParams, RfmSummary
from retention.exceptions import (
    EmptyInputError,
    InvalidInputError,
    InvalidTypeError,
    MissingDependencyError,
)

if TYPE_CHECKING:
    from types import ModuleType

    import numpy as np
    import numpy.typing as npt

    Floats = np.ndarray[tuple[Any, ...], np.dtype[np.float64]]

__all__ = ["fit_arrays", "fit_bgnbd"]

#: The optimiser stops when the gradient of the objective in log-parameters is this small.
_GTOL = 1e-10
#: A stop short of _GTOL (rounding keeps the model from predicting any further gain) is
#: still a maximum when the largest gradient component is below this.
_GRADIENT_ENOUGH = 1e-8
#: A log-parameter (alpha's in units of the longest T) beyond +-30 (1e13 or 1e-13 times
#: the unit) is a parameter running off to a bound, not a maximum.
_RUNAWAY = 30.0
_MAXITER = 500
_FIELDS = ("r", "alpha", "a", "b")


class _Scipy(NamedTuple):
    optimize: ModuleType
    special: ModuleType


def _dependencies(feature: str) -> _Scipy:
    """Import numpy and scipy, or raise :class:`MissingDependencyError` naming the one missing."""
    try:
        importlib.import_module("numpy")
        found = _Scipy(
            importlib.import_module("scipy.optimize"), importlib.import_module("scipy.special")
        )
    except ImportError as error:
        name = (error.name or "scipy").split(".")[0]
        package = name if name in {"numpy", "scipy"} else "scipy"
        msg = f"{feature} needs {package}: pip install 'retention-kit[fit]'"
        raise MissingDependencyError(msg) from error
    return found


def _penalizer(value: object) -> float:
    number = check_number("penalizer", value, low=Decimal(0))
    converted = float(number)
    if not math.isfinite(converted):
        msg = f"penalizer: expected a number >= 0 below 1.8e308, got {value!r}"
        raise InvalidInputError(msg)
    return converted


def _summaries(value: object) -> Counter[tuple[int, float, float]]:
    """Count the ``(x, t_x, T)`` rows of ``summaries``: an iterable or mapping of them."""
    items = (
        value.values()
        if isinstance(value, Mapping)
        else check_iterable("summaries", value, "RfmSummary values")
    )
    rows: Counter[tuple[int, float, float]] = Counter()
    for item in items:
        if not isinstance(item, RfmSummary):
            msg = f"summaries: expected RfmSummary values, got {describe(item)}"
            raise InvalidTypeError(msg)
        rows[item.x, item.t_x, item.T] += 1
    return rows


def fit_bgnbd(
    summaries: Iterable[RfmSummary] | Mapping[str, RfmSummary], *, penalizer: object = 0.0
) -> BgNbdParams:
    """Fit BG/NBD parameters to customers' summaries by maximum likelihood.

    What is minimised is lifetimes' ``BetaGeoFitter`` objective (see the module): the
    mean negative log-likelihood of Fader, Hardie & Lee (2005, eq. 6) plus
    ``penalizer`` times the sum of the squared parameters, ``alpha`` measured in units
    of the longest ``T``. The result does not depend on the order of the summaries.

    Args:
        summaries: The customers' :class:`RfmSummary` values (of
            :func:`~retention.churn.rfm_summary`), as an iterable or as a mapping of
            customer ID to summary (its values are used), all in one time unit.
        penalizer: An L2 penalty (a number >= 0) like lifetimes' ``penalizer_coef``:
            0 (the default) is plain maximum likelihood; a small value such as 0.001
            pulls the parameters towards 0 and keeps them finite on data that would
            send one to a bound.

    Returns:
        The fitted :class:`BgNbdParams`, in the time unit of the summaries.

    Raises:
        EmptyInputError: No summaries, or none with a repeat purchase (``x > 0``): the
            data say nothing about purchase rates or drop-out.
        InvalidInputError: A negative penalizer, every ``T`` equal to 0, or a fit that did
            not converge (the message says why, and where the parameters were going): on
            data with no sign of drop-out, say, where a penalizer > 0 helps.
        InvalidTypeError: ``summaries`` is not an iterable of :class:`RfmSummary`.
        MissingDependencyError: numpy or scipy is not installed.

    Example:
        >>> from retention.churn import RfmSummary, fit_bgnbd, p_alive
        >>> rows = [RfmSummary(x, t_x=t_x, T=t) for x, t_x, t in [
        ...     (0, 0, 40), (0, 0, 30), (1, 5, 40), (1, 30, 35), (2, 10, 40), (3, 35, 38),
        ...     (4, 12, 40), (6, 36, 39), (2, 30, 33), (0, 0, 20), (1, 2, 30), (0, 0, 36)]]
        >>> params = fit_bgnbd(rows, penalizer=0.001)
        >>> [round(v, 3) for v in (params.r, params.alpha, params.a, params.b)]
        [0.857, 10.942, 0.856, 2.511]
        >>> round(p_alive(1, 5, 40, params), 3)
        0.253
    """
    pen = _penalizer(penalizer)
    rows = _summaries(summaries)
    scipy = _dependencies("fit_bgnbd")
    import numpy as np  # noqa: PLC0415  # lazy: numpy is an optional extra

    if not rows:
        msg = "summaries: expected at least one RfmSummary, got none"
        raise EmptyInputError(msg)
    keys = sorted(rows)  # the same arrays, so the same floats, whatever the input order
    table = np.array(keys, dtype=np.float64)
    weights = np.array([rows[key] for key in keys], dtype=np.float64)
    return _fit(scipy, (table[:, 0], table[:, 1], table[:, 2], weights), pen, "summaries")


def fit_arrays(
    x: npt.ArrayLike,
    t_x: npt.ArrayLike,
    T: npt.ArrayLike,  # noqa: N803  # the paper's name
    *,
    weights: npt.ArrayLike | None = None,
    penalizer: object = 0.0,
) -> BgNbdParams:
    """Fit BG/NBD parameters to arrays of ``(x, t_x, T)``: :func:`fit_bgnbd` for columns.

    Internal: the entry of :mod:`retention.frames`. Identical rows are merged first, their
    weights added, so ``weights=[2]`` is the same fit as the row given twice.

    Args:
        x: Repeat purchases, whole numbers >= 0 (any numeric dtype).
        t_x: Times of the last purchase, >= 0, 0 where ``x`` is 0.
        T: Times observed, >= ``t_x``.
        weights: How many customers each row stands for (numbers >= 0, not all 0);
            ``None`` counts each row once.
        penalizer: As for :func:`fit_bgnbd`.

    Returns:
        The fitted :class:`BgNbdParams`, in the time unit of the arrays.

    Raises:
        EmptyInputError: No rows (or only rows of weight 0), or no row with ``x > 0``.
        InvalidInputError: Arrays of different lengths or not 1-D, values out of range,
            or a fit that did not converge.
        InvalidTypeError: An array that does not hold numbers.
        MissingDependencyError: numpy or scipy is not installed.
    """
    pen = _penalizer(penalizer)
    scipy = _dependencies("fit_bgnbd")
    import numpy as np  # noqa: PLC0415  # lazy: numpy is an optional extra

    counts, last, now = check_rows(x, t_x, T)
    if weights is None:
        weight = np.ones_like(counts)
    else:
        weight = _column("weights", weights)
        if weight.shape != counts.shape:
            msg = f"weights: expected {counts.shape[0]} values (one per row), got {weight.shape[0]}"
            raise InvalidInputError(msg)
        _refuse("weights", weight < 0, weight, "a weight >= 0")
    keep = weight > 0
    table = np.stack([counts[keep], last[keep], now[keep]], axis=1)
    if table.shape[0] == 0:
        msg = "x, t_x, T: expected at least one row of weight > 0, got none"
        raise EmptyInputError(msg)
    unique, inverse = np.unique(table, axis=0, return_inverse=True)
    merged = np.bincount(inverse.ravel(), weights=weight[keep], minlength=unique.shape[0]).astype(
        np.float64
    )
    return _fit(scipy, (unique[:, 0], unique[:, 1], unique[:, 2], merged), pen, "x, t_x, T")


def _column(field: str, value: object) -> Floats:
    """``value`` as a finite 1-D float64 array, or an error naming ``field``."""
    import numpy as np  # noqa: PLC0415  # lazy: numpy is an optional extra

    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError):
        msg = f"{field}: expected an array of numbers, got {describe(value)}"
        raise InvalidTypeError(msg) from None
    if array.ndim != 1:
        msg = f"{field}: expected a 1-D array, got {array.ndim} dimensions"
        raise InvalidInputError(msg)
    _refuse(field, ~np.isfinite(array), array, "finite numbers")
    return array


def _refuse(field: str, bad: npt.NDArray[np.bool_], values: Floats, expected: str) -> None:
    """Raise naming the first row where ``bad`` holds, if any."""
    if bad.any():
        row = int(bad.argmax())
        msg = f"{field}: expected {expected}, got {float(values[row])!r} at row {row}"
        raise InvalidInputError(msg)


def check_rows(x: object, t_x: object, T: object) -> tuple[Floats, Floats, Floats]:  # noqa: N803
    """``(x, t_x, T)`` as float64 arrays, checked like :class:`RfmSummary` checks one row.

    Internal, shared with :func:`~retention.churn._bgnbd.p_alive_array`.
    """
    counts = _column("x", x)
    last = _column("t_x", t_x)
    now = _column("T", T)
    if not counts.shape == last.shape == now.shape:
        msg = (
            "x, t_x, T: expected arrays of one length, "
            f"got {counts.shape[0]}, {last.shape[0]}, {now.shape[0]}"
        )
        raise InvalidInputError(msg)
    _refuse("x", (counts < 0) | (counts % 1 != 0), counts, "whole numbers >= 0")
    _refuse("t_x", last < 0, last, "a time >= 0")
    _refuse("t_x", last > now, last, "at most T")
    _refuse("t_x", (counts == 0) & (last != 0), last, "0 when x is 0 (no repeat purchase)")
    return counts, last, now


class _Data(NamedTuple):
    """Unique rows: times divided by the longest ``T``, weights summing to 1.

    ``counts`` are the distinct values of ``x`` and ``where`` each row's index into them,
    so the gamma-function terms are worked out once per distinct ``x``.
    """

    x: Floats
    t_x: Floats
    T: Floats
    weights: Floats
    counts: Floats
    where: npt.NDArray[np.intp]


def _fit(
    scipy: _Scipy, rows: tuple[Floats, Floats, Floats, Floats], penalizer: float, field: str
) -> BgNbdParams:
    """Minimise the penalised objective on unique, weighted rows and check the result."""
    import numpy as np  # noqa: PLC0415  # lazy: numpy is an optional extra

    x, t_x, big_t, weights = rows
    if not (x > 0).any():
        msg = (
            f"{field}: expected at least one customer with a repeat purchase (x > 0), got "
            f"none: with no repeat purchase there is nothing to fit"
        )
        raise EmptyInputError(msg)
    scale = float(big_t.max())
    if scale == 0:
        msg = f"{field}: expected some T > 0 (a customer observed for some time), got all 0"
        raise InvalidInputError(msg)
    counts, where = np.unique(x, return_inverse=True)
    data = _Data(x, t_x / scale, big_t / scale, weights / weights.sum(), counts, where.ravel())
    objective = _Objective(scipy.special, data, penalizer)
    try:
        result = scipy.optimize.minimize(
            objective.value,
            np.zeros(4),
            method="trust-exact",
            jac=objective.gradient,
            hess=objective.hessian,
            options={"gtol": _GTOL, "maxiter": _MAXITER},
        )
    except ValueError as error:  # the Hessian overflowed on the way (scipy checks it)
        msg = (
            f"{field}: expected data the BG/NBD likelihood has a maximum for, got a fit that "
            f"did not converge (scipy: {error}); a penalizer > 0 keeps the parameters finite"
        )
        raise InvalidInputError(msg) from None
    with np.errstate(over="ignore"):  # a run-away parameter may become inf: refused below
        found = dict(zip(_FIELDS, (float(v) for v in np.exp(result.x)), strict=True))
    found["alpha"] *= scale
    shown = ", ".join(f"{name}={value:.6g}" for name, value in found.items())
    runaway = float(np.max(np.abs(result.x))) > _RUNAWAY
    if runaway or not (result.success or float(np.max(np.abs(result.jac))) <= _GRADIENT_ENOUGH):
        why = "a parameter ran off towards 0 or infinity" if runaway else result.message
        msg = (
            f"{field}: expected data the BG/NBD likelihood has a maximum for, got a fit that "
            f"did not converge ({why}) after {result.nit} steps, at {shown}; a penalizer > 0 "
            f"keeps the parameters finite"
        )
        raise InvalidInputError(msg)
    return BgNbdParams(**found)


class _Objective:
    """The objective in log-parameters, with its exact gradient and Hessian.

    The value is the weighted mean of ``-ln L`` over :class:`_Data` plus the penalty.
    Evaluations at one point are cached: scipy asks for the three in turn.
    """

    def __init__(self, special: ModuleType, data: _Data, penalizer: float) -> None:
        self._special = special
        self._data = data
        self._penalizer = penalizer
        self._at: Floats | None = None
        self._cached: tuple[float, Floats, Floats] | None = None

    def value(self, eta: Floats) -> float:
        """The objective at ``eta = log(r, alpha, a, b)``; ``inf`` where it overflows."""
        value = self._evaluate(eta)[0]
        return value if math.isfinite(value) else math.inf

    def gradient(self, eta: Floats) -> Floats:
        """The gradient in ``eta``."""
        return self._evaluate(eta)[1]

    def hessian(self, eta: Floats) -> Floats:
        """The Hessian in ``eta``."""
        return self._evaluate(eta)[2]

    def _evaluate(self, eta: Floats) -> tuple[float, Floats, Floats]:
        import numpy as np  # noqa: PLC0415  # lazy: numpy is an optional extra

        if self._cached is not None and self._at is not None and np.array_equal(self._at, eta):
            return self._cached
        with np.errstate(all="ignore"):  # overflow far out gives inf: the search backs off
            self._cached = _terms(self._special, np.array(eta), self._data, self._penalizer)
        self._at = np.array(eta)
        return self._cached


def _terms(
    special: ModuleType, eta: Floats, data: _Data, penalizer: float
) -> tuple[float, Floats, Floats]:
    """Value, gradient and Hessian of the objective at ``eta`` (see :class:`_Objective`)."""
    import numpy as np  # noqa: PLC0415  # lazy: numpy is an optional extra

    x, t_x, big_t, w, counts, where = data
    theta = np.exp(eta)
    r, alpha, a, b = theta  # numpy floats: 1 / 0 is inf, not an exception, far out
    gammaln, digamma = special.gammaln, special.digamma

    def trigamma(z: object) -> Any:  # noqa: ANN401  # a float or an array, as z
        return special.polygamma(1, z)

    def per_row(function: Any, z: np.float64) -> Floats:  # noqa: ANN401  # a scipy ufunc
        """``function(z + x)`` for each row, worked out once per distinct ``x``."""
        values: Floats = function(z + counts)[where]
        return values

    repeat = x > 0
    shifted = b + np.maximum(x, 1.0) - 1.0  # b + x - 1, kept positive where x = 0
    ln_now, ln_last = np.log(alpha + big_t), np.log(alpha + t_x)
    rx = r + x
    a1 = per_row(gammaln, r) - gammaln(r) + r * np.log(alpha)
    a2 = gammaln(a + b) - gammaln(b) + per_row(gammaln, b) - per_row(gammaln, a + b)
    a3 = -rx * ln_now
    a4 = np.where(repeat, np.log(a) - np.log(shifted) - rx * ln_last, -np.inf)
    mix = np.logaddexp(a3, a4)
    value = -float(w @ (a1 + a2 + mix)) + penalizer * float(theta @ theta)

    w3, w4 = np.exp(a3 - mix), np.exp(a4 - mix)  # shares of the two terms, summing to 1
    n = x.shape[0]
    zero = np.zeros(n)
    g3 = np.stack([-ln_now, -rx / (alpha + big_t), zero, zero], axis=1)
    g4 = np.stack([-ln_last, -rx / (alpha + t_x), np.full(n, 1 / a), -1 / shifted], axis=1)
    ab = digamma(a + b) - per_row(digamma, a + b)
    g12 = np.stack(
        [
            per_row(digamma, r) - digamma(r) + np.log(alpha),
            np.full(n, r / alpha),
            ab,
            ab + per_row(digamma, b) - digamma(b),
        ],
        axis=1,
    )
    rows = g12 + w3[:, None] * g3 + w4[:, None] * g4
    grad = -(w @ rows) + 2 * penalizer * theta

    hess = np.zeros((4, 4))
    tab = trigamma(a + b) - per_row(trigamma, a + b)
    hess[0, 0] = w @ per_row(trigamma, r) - trigamma(r)
    hess[0, 1] = 1 / alpha - w @ (w3 / (alpha + big_t) + w4 / (alpha + t_x))
    hess[1, 1] = w @ (-r / alpha**2 + w3 * rx / (alpha + big_t) ** 2 + w4 * rx / (alpha + t_x) ** 2)
    hess[2, 2] = w @ (tab - w4 / a**2)
    hess[2, 3] = w @ tab
    hess[3, 3] = w @ (tab + per_row(trigamma, b) - trigamma(b) + w4 / shifted**2)
    hess = np.triu(hess) + np.triu(hess, 1).T
    diff = g3 - g4
    hess += np.einsum("i,ij,ik->jk", w * w3 * w4, diff, diff)
    hess = -hess + 2 * penalizer * np.eye(4)

    # from theta to eta = log(theta): chain rule, first and second order
    grad_eta = theta * grad
    hess_eta = np.outer(theta, theta) * hess + np.diag(grad_eta)
    return value, grad_eta, hess_eta
