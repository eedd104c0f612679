"""fit_bgnbd: BG/NBD maximum likelihood (Fader, Hardie & Lee 2005, eq. 6), and p_alive_array.

Expected values: simulated samples drawn from the BG/NBD model itself (seeded numpy
Generator), whose fit must find the parameters they were drawn with; the CDNOW comparison
with lifetimes is ``benchmarks/fit_bgnbd.py`` (it needs lifetimes, which the tests do not).
"""

from __future__ import annotations

import math
import random
import subprocess
import sys
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from scipy import optimize, special

import retention
from retention import (
    EmptyInputError,
    InvalidInputError,
    InvalidTypeError,
    MissingDependencyError,
    RetentionError,
)
from retention.churn import BgNbdParams, RfmSummary, fit_bgnbd, p_alive
from retention.churn import _fit as fit_module
from retention.churn._bgnbd import p_alive_array
from retention.churn._fit import fit_arrays

TRUE = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)  # the paper's CDNOW fit, weeks


def simulate(size: int, params: BgNbdParams, seed: int) -> tuple[Any, Any, Any]:
    """Draw ``(x, t_x, T)`` for ``size`` customers from the BG/NBD model.

    Each customer buys at a rate ``lambda ~ Gamma(r, 1 / alpha)`` and drops out after
    each repeat purchase with probability ``p ~ Beta(a, b)``, so makes at most ``K ~
    Geometric(p)`` repeat purchases; observed over ``T`` weeks (uniform 20..40) the
    Poisson process gives ``N``, so ``x = min(N, K)``, and given ``N`` the arrival times
    are sorted uniforms, so the ``x``-th is ``T * Beta(x, N - x + 1)``.
    """
    rng = np.random.default_rng(seed)
    rate = rng.gamma(params.r, 1 / params.alpha, size)
    drop = rng.beta(params.a, params.b, size)
    big_t = rng.uniform(20, 40, size)
    arrivals = rng.poisson(rate * big_t)
    x = np.minimum(arrivals, rng.geometric(drop))
    t_x = np.zeros(size)
    some = x > 0
    t_x[some] = big_t[some] * rng.beta(x[some], arrivals[some] - x[some] + 1)
    return x, t_x, big_t


def summaries(x: Any, t_x: Any, big_t: Any) -> list[RfmSummary]:
    """The rows as RfmSummary values."""
    return [
        RfmSummary(int(n), t_x=float(t), T=float(u)) for n, t, u in zip(x, t_x, big_t, strict=True)
    ]


SAMPLE = simulate(20_000, TRUE, seed=14)
SMALL = summaries(*simulate(300, TRUE, seed=7))


def neg_log_likelihood(params: BgNbdParams, x: Any, t_x: Any, big_t: Any) -> float:
    """Minus the mean BG/NBD log-likelihood, eq. 6 of the paper, written out independently."""
    r, alpha, a, b = params.r, params.alpha, params.a, params.b
    first = (
        special.gammaln(r + x)
        - special.gammaln(r)
        + r * np.log(alpha)
        + special.betaln(a, b + x)
        - special.betaln(a, b)
    )
    alive = -(r + x) * np.log(alpha + big_t)
    dead = np.log(a) - np.log(b + np.maximum(x, 1) - 1) - (r + x) * np.log(alpha + t_x)
    both = np.where(x > 0, np.logaddexp(alive, dead), alive)
    return -float(np.mean(first + both))


@pytest.fixture(scope="module")
def fitted() -> BgNbdParams:
    """The fit of the large simulated sample."""
    return fit_arrays(*SAMPLE)


def test_fit_recovers_the_parameters_it_was_simulated_with(fitted: BgNbdParams) -> None:
    """CHURN-NOSURPRISE: 20,000 simulated customers give back the parameters they came from.

    Each within 15 %, and the true parameters inside the fit's 99.9 % likelihood-ratio
    region (twice the log-likelihood gap under chi-squared with 4 degrees of freedom,
    18.47).
    """
    for name in ("r", "alpha", "a", "b"):
        assert getattr(fitted, name) == pytest.approx(getattr(TRUE, name), rel=0.15), name
    gap = neg_log_likelihood(TRUE, *SAMPLE) - neg_log_likelihood(fitted, *SAMPLE)
    assert 0 < 2 * len(SAMPLE[0]) * gap < 18.47


def test_fit_is_a_maximum_of_the_papers_likelihood(fitted: BgNbdParams) -> None:
    """The gradient of eq. 6's log-likelihood in log-parameters is about zero at the fit."""
    names = ("r", "alpha", "a", "b")
    log_params = np.log([getattr(fitted, name) for name in names])

    def objective(point: Any) -> float:
        return neg_log_likelihood(
            BgNbdParams(**dict(zip(names, np.exp(point), strict=True))), *SAMPLE
        )

    step = 1e-5
    gradient = [
        (objective(log_params + step * unit) - objective(log_params - step * unit)) / (2 * step)
        for unit in np.eye(4)
    ]
    assert np.max(np.abs(gradient)) < 1e-6
    nudged = log_params + 0.01
    assert objective(log_params) < objective(nudged)


def test_exact_gradient_and_hessian_match_finite_differences() -> None:
    """The objective's own gradient and Hessian agree with its finite differences."""
    x, t_x, big_t = (column[:2000] for column in SAMPLE)
    counts, where = np.unique(x.astype(float), return_inverse=True)
    data = fit_module._Data(
        x.astype(float), t_x / 40, big_t / 40, np.full(2000, 1 / 2000), counts, where
    )
    objective = fit_module._Objective(special, data, 0.01)
    point = np.array([-1.2, -2.0, -0.3, 0.8])
    gradient = optimize.approx_fprime(point, objective.value, 1e-7)
    assert objective.gradient(point) == pytest.approx(gradient, abs=1e-5)
    hessian = [
        optimize.approx_fprime(point, lambda p, i=i: objective.gradient(p)[i], 1e-7)
        for i in range(4)
    ]
    assert objective.hessian(point) == pytest.approx(np.array(hessian), abs=1e-5)


def test_fit_does_not_depend_on_the_order_of_the_summaries() -> None:
    """Shuffled summaries, or the same as a mapping's values, give the very same parameters."""
    shuffled = SMALL.copy()
    random.Random(3).shuffle(shuffled)  # noqa: S311 - an order, not a secret
    by_customer = {f"c{i}": summary for i, summary in enumerate(reversed(SMALL))}
    assert fit_bgnbd(shuffled) == fit_bgnbd(SMALL) == fit_bgnbd(by_customer)


def test_fit_of_arrays_is_the_fit_of_summaries() -> None:
    """fit_arrays on the columns gives the same parameters as fit_bgnbd on the summaries."""
    x = np.array([s.x for s in SMALL])
    t_x = np.array([s.t_x for s in SMALL])
    big_t = np.array([s.T for s in SMALL])
    assert fit_arrays(x, t_x, big_t, penalizer=0.01) == fit_bgnbd(SMALL, penalizer=0.01)


def test_weights_are_repeated_rows() -> None:
    """A row of weight k is the same fit as the row given k times (and weight 0 as none)."""
    x, t_x, big_t = (column[:200] for column in SAMPLE)
    weights = np.arange(200) % 4
    repeated = (np.repeat(column, weights) for column in (x, t_x, big_t))
    assert fit_arrays(x, t_x, big_t, weights=weights) == fit_arrays(*repeated)


def test_penalizer_shrinks_the_parameters() -> None:
    """A larger penalizer gives a smaller norm of (r, alpha / max T, a, b), as in lifetimes."""
    longest = max(s.T for s in SMALL)

    def norm(params: BgNbdParams) -> float:
        return math.hypot(params.r, params.alpha / longest, params.a, params.b)

    norms = [norm(fit_bgnbd(SMALL, penalizer=p)) for p in (0, 0.01, 0.1, 1)]
    assert norms == sorted(norms, reverse=True)
    assert norms[-1] < norms[0] / 2


def test_penalizer_does_not_depend_on_the_time_unit() -> None:
    """The same customers in weeks and in days give the same fit, alpha times 7."""
    weeks = fit_bgnbd(SMALL, penalizer=0.1)
    days = fit_bgnbd([RfmSummary(s.x, t_x=s.t_x * 7, T=s.T * 7) for s in SMALL], penalizer=0.1)
    assert days.alpha == pytest.approx(weeks.alpha * 7, rel=1e-8)
    assert (days.r, days.a, days.b) == pytest.approx((weeks.r, weeks.a, weeks.b), rel=1e-8)


def test_fit_bgnbd_is_exported_from_the_package() -> None:
    """fit_bgnbd is re-exported by retention, the very function of retention.churn."""
    assert retention.fit_bgnbd is fit_bgnbd
    assert "fit_bgnbd" in retention.__all__


def test_importing_churn_loads_neither_numpy_nor_scipy() -> None:
    """Neither numpy nor scipy is imported with retention.churn, only when a fit is asked for."""
    code = (
        "import sys, retention.churn\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('numpy', 'scipy')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# --- errors ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rows", "error", "match"),
    [
        ([], EmptyInputError, r"^summaries: expected at least one RfmSummary, got none"),
        ({}, EmptyInputError, r"^summaries: expected at least one RfmSummary"),
        (
            [RfmSummary(0, t_x=0, T=5), RfmSummary(0, t_x=0, T=9)],
            EmptyInputError,
            (
                r"^summaries: expected at least one customer with a repeat purchase \(x > 0\), "
                r"got none: with no repeat purchase there is nothing to fit"
            ),
        ),
        ([RfmSummary(2, t_x=0, T=0)], InvalidInputError, r"^summaries: expected some T > 0"),
        ("abc", InvalidTypeError, r"^summaries: expected an iterable of RfmSummary values"),
        (None, InvalidTypeError, r"^summaries: expected an iterable of RfmSummary values"),
        ([(1, 2.0, 3.0)], InvalidTypeError, r"^summaries: expected RfmSummary values, got"),
        ({"c1": (1, 2.0, 3.0)}, InvalidTypeError, r"^summaries: expected RfmSummary values"),
    ],
)
def test_fit_refuses_input_with_nothing_to_fit(rows: object, error: type, match: str) -> None:
    """Empty input, no repeat purchase, no time observed or wrong types: an error naming it."""
    with pytest.raises(error, match=match):
        fit_bgnbd(rows)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("penalizer", "error"),
    [
        (-0.1, InvalidInputError),
        ("x", InvalidInputError),
        (True, InvalidTypeError),
        (None, InvalidTypeError),
        (math.inf, InvalidInputError),
    ],
)
def test_fit_refuses_a_bad_penalizer(penalizer: object, error: type) -> None:
    """The penalizer is a finite number >= 0; anything else is refused, naming penalizer."""
    with pytest.raises(error, match=r"^penalizer: expected a number >= 0"):
        fit_bgnbd(SMALL, penalizer=penalizer)


def test_fit_that_does_not_converge_says_so() -> None:
    """With no drop-out ever seen the likelihood has no maximum: the error says where it went."""
    rows = [RfmSummary(2, t_x=5, T=5), RfmSummary(3, t_x=7, T=7), RfmSummary(0, t_x=0, T=3)]
    with pytest.raises(InvalidInputError, match=r"^summaries: expected data the BG/NBD") as caught:
        fit_bgnbd(rows)
    assert "did not converge" in str(caught.value)
    assert "a penalizer > 0" in str(caught.value)


def test_fit_whose_parameters_run_away_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """An optimiser that 'succeeds' with a parameter past e^30: an error, not huge params."""

    class Result:
        success = True
        x = np.array([800.0, 0.0, 0.0, 0.0])
        jac = np.zeros(4)
        nit = 9

    monkeypatch.setattr(optimize, "minimize", lambda *_args, **_kwargs: Result())
    ran_off = (
        r"did not converge \(a parameter ran off towards 0 or infinity\) after 9 steps, at r=inf"
    )
    with pytest.raises(InvalidInputError, match=ran_off):
        fit_bgnbd(SMALL)


@pytest.mark.parametrize(
    ("columns", "weights", "error", "match"),
    [
        (
            ([1, 2], [1.0], [2.0, 3.0]),
            None,
            InvalidInputError,
            r"^x, t_x, T: expected arrays of one length, got 2, 1, 2",
        ),
        (([[1]], [[1.0]], [[2.0]]), None, InvalidInputError, r"^x: expected a 1-D array, got 2"),
        (
            ([1, 2], [1.0, math.nan], [2.0, 3.0]),
            None,
            InvalidInputError,
            r"^t_x: expected finite numbers, got nan at row 1",
        ),
        (
            ([1, -1], [1.0, 0.0], [2.0, 3.0]),
            None,
            InvalidInputError,
            r"^x: expected whole numbers >= 0, got -1.0 at row 1",
        ),
        (
            ([1, 1.5], [1.0, 1.0], [2.0, 3.0]),
            None,
            InvalidInputError,
            r"^x: expected whole numbers >= 0, got 1.5",
        ),
        (([1, 1], [1.0, -1.0], [2.0, 3.0]), None, InvalidInputError, r"^t_x: expected a time >= 0"),
        (
            ([1, 1], [1.0, 4.0], [2.0, 3.0]),
            None,
            InvalidInputError,
            r"^t_x: expected at most T, got 4.0 at row 1",
        ),
        (
            ([1, 0], [1.0, 1.0], [2.0, 3.0]),
            None,
            InvalidInputError,
            r"^t_x: expected 0 when x is 0",
        ),
        (([], [], []), None, EmptyInputError, r"^x, t_x, T: expected at least one row"),
        (
            ([1, 0], [1.0, 0.0], [2.0, 3.0]),
            [0, 0],
            EmptyInputError,
            r"^x, t_x, T: expected at least one row of weight > 0",
        ),
        (
            ([1, 0], [1.0, 0.0], [2.0, 3.0]),
            [1, -1],
            InvalidInputError,
            r"^weights: expected a weight >= 0, got -1.0 at row 1",
        ),
        (
            ([1, 0], [1.0, 0.0], [2.0, 3.0]),
            [1],
            InvalidInputError,
            r"^weights: expected 2 values \(one per row\), got 1",
        ),
        (
            ([0, 0], [0.0, 0.0], [2.0, 3.0]),
            None,
            EmptyInputError,
            r"^x, t_x, T: expected at least one customer with a repeat",
        ),
        ((["a"], [1.0], [2.0]), None, InvalidTypeError, r"^x: expected an array of numbers, got"),
    ],
)
def test_fit_arrays_refuses_bad_columns(
    columns: tuple[Any, Any, Any],
    weights: Any,
    error: type,
    match: str,
) -> None:
    """fit_arrays checks its columns as RfmSummary checks one row, naming column and row."""
    with pytest.raises(error, match=match):
        fit_arrays(*columns, weights=weights)


@pytest.mark.parametrize("missing", ["scipy", "numpy"])
def test_missing_dependency_names_the_package_and_the_extra(
    monkeypatch: pytest.MonkeyPatch, missing: str
) -> None:
    """Without scipy or numpy a fit raises MissingDependencyError (an ImportError) naming it."""
    for name in [m for m in sys.modules if m == missing or m.startswith(f"{missing}.")]:
        monkeypatch.setitem(sys.modules, name, None)
    with pytest.raises(MissingDependencyError) as caught:
        fit_bgnbd(SMALL)
    assert str(caught.value) == f"fit_bgnbd needs {missing}: pip install 'retention-kit[fit]'"
    assert isinstance(caught.value, ImportError)
    assert isinstance(caught.value, RetentionError)


def test_missing_dependency_error_is_exported_and_plain() -> None:
    """MissingDependencyError is re-exported by retention and takes a plain message."""
    assert "MissingDependencyError" in retention.__all__
    error = retention.MissingDependencyError(
        "frames needs narwhals: pip install 'retention-kit[frames]'"
    )
    assert str(error) == "frames needs narwhals: pip install 'retention-kit[frames]'"
    assert not issubclass(MissingDependencyError, ValueError | TypeError | KeyError)


# --- p_alive_array -----------------------------------------------------------------------

PARAMS = st.builds(
    BgNbdParams,
    r=st.floats(1e-3, 1e3),
    alpha=st.floats(1e-3, 1e3),
    a=st.floats(1e-3, 1e3),
    b=st.floats(1e-3, 1e3),
)
ROWS = st.lists(
    st.tuples(st.integers(0, 10**6), st.floats(0, 1e9), st.floats(0, 1)), min_size=1, max_size=8
)


@given(ROWS, PARAMS)
def test_churn_nosurprise_p_alive_array_agrees_with_p_alive(
    rows: list[tuple[int, float, float]], params: BgNbdParams
) -> None:
    """CHURN-NOSURPRISE: p_alive_array gives p_alive's value for every row, to 1e-12."""
    x = [n for n, _, _ in rows]
    big_t = [t for _, t, _ in rows]
    t_x = [t * share if n else 0.0 for n, t, share in rows]
    values = p_alive_array(np.array(x), np.array(t_x), np.array(big_t), params)
    for row, value in enumerate(values):
        assert abs(value - p_alive(x[row], t_x[row], big_t[row], params)) <= 1e-12


def test_p_alive_array_on_the_papers_values() -> None:
    """CHURN-NOSURPRISE: the paper's reference values, and 1 when x is 0."""
    values = p_alive_array([2, 1, 0], [30.43, 1, 0], [38.86, 2, 38.86], TRUE)
    assert values.tolist() == pytest.approx([0.726579, 0.712487, 1.0], abs=5e-7)


def test_p_alive_array_refuses_what_p_alive_refuses() -> None:
    """Wrong params, bad rows, and a T that overflows with alpha added: errors naming them."""
    with pytest.raises(InvalidTypeError, match=r"^params: expected a BgNbdParams"):
        p_alive_array([1], [1.0], [2.0], (1, 1, 1, 1))  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^t_x: expected at most T"):
        p_alive_array([1], [3.0], [2.0], TRUE)
    huge = BgNbdParams(r=1, alpha=1.7e308, a=1, b=1)
    with pytest.raises(InvalidInputError, match=r"^T: expected a time that fits a float"):
        p_alive_array([1], [1.7e308], [1.7e308], huge)
