"""retention.frames against the object path, on every backend, for generated purchases.

Each property draws purchases from :mod:`retention.testing.strategies`, puts them in a
pandas, polars (eager or lazy), pyarrow or DuckDB frame, and checks that the frame step
gives the object path's answer for the same values: spend totals to the cent and with
the same decimal places, the ABC fit and classes (SEG-ABC), the churn step per customer
(CHURN-NOSURPRISE, CHURN-PALIVE), the Purchase values; and that shuffling the rows
changes nothing.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import Counter
from decimal import Decimal
from typing import Any
from unittest.mock import patch

import duckdb
import narwhals.stable.v2 as nw
import pandas as pd
import polars as pl
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retention import frames
from retention.churn import BgNbdParams, ChurnPolicy, overdue, p_alive, rfm_summary
from retention.customers import Purchase, spend_totals
from retention.exceptions import EmptyInputError
from retention.frames import _abc
from retention.segmentation import AbcCutoffs, AbcPolicy, classify_abc, fit_abc
from retention.testing import strategies as rst

BACKENDS = ("pandas", "polars", "polars-lazy", "pyarrow", "duckdb")
#: The ABC steps' own paths besides: pandas IDs as Python objects (sorted by numpy, not
#: Arrow) and an eager polars frame grouped in polars' streaming engine (large frames).
ABC_BACKENDS = (*BACKENDS, "pandas-object", "polars-streaming")
LAZY = frozenset({"polars-lazy", "duckdb"})
#: How the amounts are stored: each as the same Python value in the object path.
KINDS = ("decimal", "float", "int")

# A frame step takes a few milliseconds per backend; these counts keep the file's run
# well under a minute on a shared 2-core machine.
FEW = 25
SOME = 40

_DUCKDB = duckdb.connect()


def amount_as(kind: str, amount: Decimal) -> Decimal | float | int:
    """``amount`` as a ``kind`` column holds it (``int`` keeps the whole part)."""
    if kind == "float":
        return float(amount)
    if kind == "int":
        return int(amount)
    return amount


def stored(purchases: list[Purchase], kind: str) -> list[Purchase]:
    """The purchases a frame of ``kind`` amounts holds: no labels, amounts as stored."""
    return [
        Purchase(p.customer_id, date=p.date, amount=amount_as(kind, p.amount)) for p in purchases
    ]


def to_frame(backend: str, purchases: list[Purchase], kind: str) -> Any:
    """The purchases as a ``backend`` frame with columns customer_id, date, amount.

    Decimals are each engine's decimal type (a pandas ``object`` column of ``Decimal``),
    pandas days are ``datetime64`` at midnight.
    """
    ids = [p.customer_id for p in purchases]
    days = [p.date for p in purchases]
    values = [amount_as(kind, p.amount) for p in purchases]
    if backend in {"pandas", "pandas-object"}:
        return pd.DataFrame(
            {
                "customer_id": pd.Series(ids, dtype="str" if backend == "pandas" else "object"),
                "date": pd.to_datetime(pd.Series(days, dtype="object")).astype("datetime64[s]"),
                "amount": pd.Series(values, dtype="object" if kind == "decimal" else None),
            }
        )
    amount_type = {"decimal": pa.decimal128(14, 2), "float": pa.float64(), "int": pa.int64()}
    table = pa.table(
        {
            "customer_id": pa.array(ids, pa.string()),
            "date": pa.array(days, pa.date32()),
            "amount": pa.array(values, amount_type[kind]),
        }
    )
    if backend == "pyarrow":
        return table
    if backend == "duckdb":
        return _DUCKDB.from_arrow(table)
    frame = pl.from_arrow(table)
    assert isinstance(frame, pl.DataFrame)
    return frame.lazy() if backend == "polars-lazy" else frame


def rows(result: Any) -> list[dict[str, Any]]:
    """A result frame of any backend as plain rows (days as dates, numbers as Python's)."""
    wrapped = nw.from_native(result)
    if isinstance(wrapped, nw.LazyFrame):
        wrapped = wrapped.collect()
    return [{k: _plain(v) for k, v in row.items()} for row in wrapped.rows(named=True)]


def _plain(value: Any) -> Any:
    if isinstance(value, pd.Timestamp | dt.datetime):
        return value.date()
    if hasattr(value, "item"):  # a numpy scalar
        value = value.item()
    if isinstance(value, float) and math.isnan(value):  # pandas' null in a float column
        return None
    return value


def shuffled(purchases: list[Purchase], seed: int) -> list[Purchase]:
    """The same purchases in another order."""
    moved = list(purchases)
    random.Random(seed).shuffle(moved)  # noqa: S311 - a test's reproducible shuffle
    return moved


def assert_same_totals(found: Any, expected: Any) -> None:
    """Equal mappings, and every total shown with the same decimal places."""
    assert dict(found) == dict(expected)
    assert {k: str(v) for k, v in found.items()} == {k: str(v) for k, v in expected.items()}


def assert_same_cutoffs(found: AbcCutoffs, expected: AbcCutoffs) -> None:
    """Equal cut-offs, each Decimal shown the same."""
    assert found == expected
    for name in ("total", "a_cutoff", "b_cutoff"):
        assert str(getattr(found, name)) == str(getattr(expected, name)), name


def expected_classes(purchases: list[Purchase], policy: AbcPolicy) -> list[dict[str, Any]]:
    """abc_classes' rows from the object path: highest spend first, then customer ID."""
    result = classify_abc(spend_totals(purchases), policy)
    found = [
        {"customer_id": cid, "spend": float(result.totals[cid]), "abc_class": cls.value}
        for cid, cls in result.classes.items()
    ]
    return sorted(found, key=lambda row: (-row["spend"], row["customer_id"]))


@pytest.mark.parametrize("backend", ABC_BACKENDS)
@settings(max_examples=SOME)
@given(
    purchases=rst.purchase_lists(max_size=40, customers=12),
    policy=rst.abc_policies(),
    kind=st.sampled_from(KINDS),
    seed=st.integers(0, 2**16),
)
def test_abc_steps_match_the_object_path(
    backend: str, purchases: list[Purchase], policy: AbcPolicy, kind: str, seed: int
) -> None:
    """SEG-ABC: totals, fit, classes and Purchase values are the object path's, any order."""
    streaming = 0 if backend == "polars-streaming" else _abc._STREAM_ROWS
    with patch.object(_abc, "_STREAM_ROWS", streaming):
        check_abc_steps(backend, purchases, policy, kind, seed)


def check_abc_steps(
    backend: str, purchases: list[Purchase], policy: AbcPolicy, kind: str, seed: int
) -> None:
    """The assertions of :func:`test_abc_steps_match_the_object_path`."""
    held = stored(purchases, kind)
    frame = to_frame(backend, held, kind)
    assert_same_totals(frames.spend_totals(frame), spend_totals(held))
    if backend in LAZY:
        assert Counter(frames.purchases(frame)) == Counter(held)
    else:
        assert list(frames.purchases(frame)) == held
    refused = None
    try:
        expected_fit = fit_abc(spend_totals(held), policy)
    except EmptyInputError as error:  # no purchases, or a total of zero
        refused = str(error)
    if refused is not None:
        for step in (frames.fit_abc, frames.abc_classes, frames.classify_abc):
            with pytest.raises(EmptyInputError) as caught:
                step(frame, policy=policy)
            assert str(caught.value) == refused
        return
    assert_same_cutoffs(frames.fit_abc(frame, policy=policy), expected_fit)
    assert frames.classify_abc(frame, policy=policy) == classify_abc(spend_totals(held), policy)
    classes = frames.abc_classes(frame, policy=policy)
    if backend in LAZY:
        assert isinstance(classes, pl.LazyFrame | duckdb.DuckDBPyRelation)
    assert rows(classes) == expected_classes(held, policy)
    again = to_frame(backend, shuffled(held, seed), kind)
    assert rows(frames.abc_classes(again, policy=policy)) == rows(classes)
    assert_same_totals(frames.spend_totals(again), spend_totals(held))
    assert_same_cutoffs(frames.fit_abc(again, policy=policy), expected_fit)


# --- churn -----------------------------------------------------------------------------

positive = st.floats(0.01, 50.0, allow_nan=False, allow_infinity=False)
params_strategy = st.builds(BgNbdParams, r=positive, alpha=positive, a=positive, b=positive)


def expected_churn(
    purchases: list[Purchase],
    *,
    as_of: dt.date,
    policy: ChurnPolicy,
    params: BgNbdParams,
    unit_days: int,
) -> list[dict[str, Any]]:
    """churn()'s rows from overdue(), rfm_summary() and p_alive(), customer by customer."""
    days: dict[str, list[dt.date]] = {}
    for p in purchases:
        days.setdefault(p.customer_id, []).append(p.date)
    found = []
    for cid in sorted(days):
        check = overdue(cid, days[cid], as_of=as_of, policy=policy)
        summary = rfm_summary(days[cid], as_of=as_of, unit_days=unit_days)
        found.append(
            {
                "customer_id": cid,
                "purchase_days": check.purchase_days,
                "first_purchase": min(days[cid]),
                "last_purchase": check.last_purchase,
                "days_since": check.days_since,
                "median_gap": None if check.median_gap is None else float(check.median_gap),
                "limit": float(check.limit),
                "overdue": check.overdue,
                "x": summary.x,
                "t_x": summary.t_x,
                "T": summary.T,
                "p_alive": p_alive(summary.x, summary.t_x, summary.T, params),
            }
        )
    return found


def assert_same_rows(found: list[dict[str, Any]], expected: list[dict[str, Any]]) -> None:
    """Rows equal column by column; P(alive) within 1e-12, everything else exact."""
    assert [row["customer_id"] for row in found] == [row["customer_id"] for row in expected]
    for got, want in zip(found, expected, strict=True):
        assert set(got) == set(want)
        for column, value in want.items():
            if column == "p_alive":
                assert math.isclose(got[column], value, rel_tol=0, abs_tol=1e-12), got
            else:
                assert got[column] == value, (column, got, want)
                assert type(got[column]) is type(value), (column, got, want)


@pytest.mark.parametrize("backend", BACKENDS)
@settings(max_examples=FEW)
@given(
    purchases=rst.purchase_lists(min_size=1, max_size=40, customers=6),
    policy=rst.churn_policies(),
    params=params_strategy,
    later=st.integers(0, 400),
    unit_days=st.sampled_from([1, 7, 30]),
    seed=st.integers(0, 2**16),
)
def test_churn_matches_the_object_path(
    backend: str,
    *,
    purchases: list[Purchase],
    policy: ChurnPolicy,
    params: BgNbdParams,
    later: int,
    unit_days: int,
    seed: int,
) -> None:
    """CHURN-NOSURPRISE, CHURN-PALIVE: churn and p_alive are overdue, rfm_summary, p_alive."""
    as_of = max(p.date for p in purchases) + dt.timedelta(days=later)
    expected = expected_churn(
        purchases, as_of=as_of, policy=policy, params=params, unit_days=unit_days
    )
    frame = to_frame(backend, purchases, "decimal")
    found = frames.churn(frame, as_of=as_of, policy=policy, params=params, unit_days=unit_days)
    if backend in LAZY:
        assert isinstance(found, pl.LazyFrame | duckdb.DuckDBPyRelation)
    assert_same_rows(rows(found), expected)
    alive = frames.p_alive(frame, params, as_of=as_of, unit_days=unit_days)
    lean = ["customer_id", "x", "t_x", "T", "p_alive"]
    assert_same_rows(rows(alive), [{k: row[k] for k in lean} for row in expected])
    x, t_x, big_t = frames.summaries(frame, as_of=as_of, unit_days=unit_days)
    assert x.tolist() == [row["x"] for row in expected]
    assert t_x.tolist() == [row["t_x"] for row in expected]
    assert big_t.tolist() == [row["T"] for row in expected]
    again = to_frame(backend, shuffled(purchases, seed), "decimal")
    moved = frames.churn(again, as_of=as_of, policy=policy, params=params, unit_days=unit_days)
    assert rows(moved) == rows(found)
