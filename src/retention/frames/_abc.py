"""ABC classes of a frame's customers (SEG-ABC), exact, in the frame's own engine.

The split is the object path's: per-customer totals (a group-by in the engine, in whole
1/10,000ths), a global fit on the distribution of distinct totals (their counts and
cumulative sums, so equal spenders are never split), and the classes as thresholds on
the totals (an expression in the engine). The cut-offs are the ones
:func:`retention.segmentation.fit_abc` finds for the same purchases, to the cent.
"""

from __future__ import annotations

import importlib
from decimal import ROUND_CEILING, ROUND_FLOOR, Decimal, localcontext
from typing import Any

import attrs

from retention._decimal import EXACT
from retention._text import plural
from retention._validate import describe
from retention.customers import UNIT_PLACES, SpendTotals
from retention.exceptions import EmptyInputError, InvalidTypeError
from retention.frames._columns import (
    CID,
    UNIT,
    UNITS,
    WHITESPACE,
    Checked,
    blank,
    check_ids,
    exact_quotient,
    is_dask,
    narwhals,
    read_purchases,
    refuse_blank,
)
from retention.segmentation import AbcCutoffs, AbcPolicy, AbcResult
from retention.segmentation import classify_abc as classify_totals
from retention.segmentation._abc import AbcBasis, Boundary

__all__ = ["abc_classes", "classify_abc", "fit_abc", "spend_totals"]

_SPEND = "spend"
#: From this many purchases on, an eager polars frame is grouped in polars' streaming
#: engine, below in its in-memory one (polars 2.1, 2 cores: 127 ms against 303 ms at
#: 5 x 10**6 rows, 22 ms against 23 ms at 10**6, 2.2 ms against 1.9 ms at 10**5).
_STREAM_ROWS = 500_000
_BLANK = "__retention_blank"
_CLASS = "abc_class"


def _policy(policy: object) -> AbcPolicy:
    if policy is None:
        return AbcPolicy()
    if not isinstance(policy, AbcPolicy):
        msg = f"policy: expected an AbcPolicy, got {describe(policy)}"
        raise InvalidTypeError(msg)
    return policy


def _grouped(checked: Checked, frame: object, *, ordered: bool = False) -> Any:
    """The engine's per-customer totals (``CID``, ``UNITS``), IDs checked.

    ``ordered``: highest total first, then by ID (an eager frame only).
    """
    nw = narwhals()
    # Int64: DuckDB sums a BIGINT to a HUGEINT, which comes back as Decimal (the column's
    # total fits 64 bits: read_purchases checked it).
    units = nw.col(UNITS)
    if not checked.lazy and _native_name(checked.source) == "polars":
        return _polars_grouped(checked, frame, ordered=ordered)
    grouped = checked.frame.group_by(CID).agg(units.sum()).with_columns(units.cast(nw.Int64))
    check_ids(checked, grouped, frame)
    return grouped.sort([UNITS, CID], descending=[True, False]) if ordered else grouped


def _polars_grouped(checked: Checked, frame: object, *, ordered: bool) -> Any:
    """:func:`_grouped` of an eager polars frame, in as few polars queries as it takes.

    Each eager polars step is a query of its own, with a fixed cost that counts on small
    frames. So the frame is made from the checked columns without a query, and the
    group-by, the sort and the blank-ID test run as one lazy polars query (through
    narwhals it would cost about 0.4 ms more a call). From :data:`_STREAM_ROWS` rows
    on, the group-by runs in polars' streaming engine instead, which is faster there,
    and the sort after it eagerly (a streaming sort is slower).
    """
    nw = narwhals()
    pl = nw.get_native_namespace(checked.source)
    if checked.units is not None and checked.ids is not None:  # no query: the two columns
        ids = checked.ids.to_native()
        native = pl.DataFrame(
            [ids.cast(pl.String).alias(CID), pl.Series(UNITS, checked.units, dtype=pl.Int64)]
        )
    else:
        native = checked.frame.to_native()
    keys = {"by": [UNITS, CID], "descending": [True, False]}
    query = native.lazy().group_by(CID).agg(pl.col(UNITS).sum())
    streamed = native.height >= _STREAM_ROWS
    if ordered and not streamed:
        query = query.sort(**keys)
    query = query.with_columns(blank(pl, CID).alias(_BLANK))
    grouped = query.collect(engine="streaming" if streamed else "in-memory")
    if grouped.get_column(_BLANK).any():
        refuse_blank(checked, frame)
    grouped.drop_in_place(_BLANK)  # in place: a drop would be one more query
    return nw.from_native(grouped.sort(**keys) if ordered and streamed else grouped)


def _native_name(frame: Any) -> str:
    """The name of a narwhals frame's native package (``"polars"``, ``"pandas"`` ...)."""
    return str(getattr(narwhals().get_native_namespace(frame), "__name__", ""))


def _pandas_fast(checked: Checked) -> tuple[Any, Any] | None:
    """:func:`_pandas_totals`, unless an ID is blank (the engine's path names its row)."""
    fast = _pandas_totals(checked)
    if fast is None:
        return None
    pandas = nw_namespace(checked.ids)
    if bool((pandas.Series(fast[0]).str.strip(WHITESPACE) == "").any()):
        return None
    return fast


def _places(checked: Checked) -> int:
    """Decimal places of the most precise amount, as the object path shows totals.

    A float is read through its ``repr``, which always shows one place (``12.0``). Amounts
    read one by one (decimals, Python objects) keep their own places (``Decimal("5.00")``).
    """
    if checked.places is not None:
        return checked.places
    nw = narwhals()
    units = nw.col(UNITS)
    tests = [(units % (10**k) == 0).all() for k in range(1, UNIT_PLACES + 1)]
    selected = checked.frame.select(*[t.alias(f"p{i}") for i, t in enumerate(tests)])
    if checked.lazy:
        selected = selected.collect()
    whole = selected.row(0)  # whole[i]: every amount is a multiple of 10**(i + 1) units
    places = UNIT_PLACES
    for exact in whole:
        if not exact:
            break
        places -= 1
    return max(places, 1) if checked.float_amounts else places


def _money(units: int, places: int) -> Decimal:
    return EXACT.scaleb(Decimal(units // 10 ** (UNIT_PLACES - places)), -places)


@attrs.frozen(kw_only=True)
class _Cut:
    """The fitted thresholds in 1/10,000ths (``None``: the class is empty)."""

    customers: int
    total: int
    a_cut: int | None
    b_cut: int | None


def _distinct(grouped: Any, *, lazy: bool) -> tuple[Any, Any]:
    """Distinct totals, highest first, and how many customers have each (numpy)."""
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    nw = narwhals()
    counted = grouped.group_by(UNITS).agg(nw.len().alias("n"))
    if lazy:
        counted = counted.collect()
    values = counted[UNITS].to_numpy().astype(np.int64, copy=False)
    counts = counted["n"].to_numpy().astype(np.int64, copy=False)
    order = np.argsort(values)[::-1]
    return values[order], counts[order]


def _cut(values: Any, counts: Any, policy: AbcPolicy) -> _Cut:
    """The object path's thresholds (``segmentation._abc._threshold``) on distinct totals.

    ``values`` are the distinct totals, highest first; ``counts`` how many customers
    have each. With ``K`` the cumulative counts and ``S`` the cumulative sums, every
    test of the object path on the sorted list of all totals becomes a search in ``K``
    or ``S``: a run of equal totals is one step of both.
    """
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    customers = int(counts.sum()) if len(counts) else 0
    if not customers:
        msg = "totals: expected at least one customer, got an empty mapping"
        raise EmptyInputError(msg)
    cum_counts = np.cumsum(counts)
    cum_sums = np.cumsum(values * counts)
    total = int(cum_sums[-1])
    if not total:
        msg = (
            "totals: expected a positive total spend to rank, "
            f"got {plural(customers, 'customer')} spending 0"
        )
        raise EmptyInputError(msg)

    def threshold(line: Decimal) -> int | None:
        with localcontext(EXACT):
            if policy.basis is AbcBasis.COUNT:
                j = int((line * customers).to_integral_value(rounding=ROUND_CEILING))
                return int(values[int(np.searchsorted(cum_counts, j, side="left"))])
            limit = line * total
            if policy.boundary is Boundary.UPPER:
                at_least = int(limit.to_integral_value(rounding=ROUND_CEILING))
                return int(values[int(np.searchsorted(cum_sums, at_least, side="left"))])
            above = int(limit.to_integral_value(rounding=ROUND_FLOOR)) + 1
        i = int(np.searchsorted(cum_sums, above, side="left"))
        if i >= len(values):
            return int(values[-1])
        return None if i == 0 else int(values[i - 1])

    def lowest_at_or_above(cut: int | None) -> int | None:
        if cut is None or cut:
            return cut
        positive = values[values > 0]
        return int(positive[-1]) if len(positive) else None

    a_cut = lowest_at_or_above(threshold(policy.a))
    b_cut = lowest_at_or_above(threshold(policy.b))
    if b_cut is not None and a_cut is not None and b_cut >= a_cut:
        b_cut = None
    return _Cut(customers=customers, total=total, a_cut=a_cut, b_cut=b_cut)


def _cutoffs(cut: _Cut, policy: AbcPolicy, places: int) -> AbcCutoffs:
    return AbcCutoffs(
        policy=policy,
        customers=cut.customers,
        total=_money(cut.total, places),
        a_cutoff=None if cut.a_cut is None else _money(cut.a_cut, places),
        b_cutoff=None if cut.b_cut is None else _money(cut.b_cut, places),
    )


def spend_totals(
    frame: object, *, customer_id: str = "customer_id", amount: str = "amount"
) -> SpendTotals:
    """Each customer's total spend, from a frame: the same as the object path's.

    Args:
        frame: Purchases as a pandas, polars, pyarrow, DuckDB or Dask frame (a lazy
            frame is collected to one row per customer).
        customer_id: The customer-ID column (strings).
        amount: The amount column: integers, floats (each read as its shortest decimal)
            or decimals, with at most 4 decimal places, none negative.

    Returns:
        The :class:`~retention.customers.SpendTotals` that
        :func:`retention.customers.spend_totals` gives for the same purchases.

    Raises:
        MissingDependencyError: narwhals is not installed (the ``frames`` extra).
        InvalidTypeError: Not a frame, or a column of the wrong type.
        InvalidInputError: A missing column or a bad value (named with its row).
    """
    if is_dask(frame):
        from retention import chain  # noqa: PLC0415 - Dask's own partition by partition

        return chain.spend_totals(frame, customer_id=customer_id, amount=amount)
    checked = read_purchases(frame, customer_id=customer_id, amount=amount)
    fast = _pandas_fast(checked)
    if fast is not None:
        ids, totals = _by_id(*fast)
        units = dict(zip(ids.tolist(), totals.tolist(), strict=True))
    else:
        grouped = _grouped(checked, frame)
        if checked.lazy:
            grouped = grouped.collect()
        units = dict(zip(grouped[CID].to_list(), grouped[UNITS].to_list(), strict=True))
    return SpendTotals._of({}, units, _places(checked))  # noqa: SLF001 - checked totals


def fit_abc(
    frame: object,
    *,
    policy: AbcPolicy | None = None,
    customer_id: str = "customer_id",
    amount: str = "amount",
) -> AbcCutoffs:
    """Fit the ABC cut-offs (SEG-ABC) on a frame's purchases, in the frame's engine.

    Only the distinct totals and their counts leave the engine (for a lazy frame, that
    is all that is collected).

    Returns:
        The :class:`~retention.segmentation.AbcCutoffs` that
        :func:`retention.segmentation.fit_abc` gives for the same purchases.

    Raises:
        EmptyInputError: No purchases, or a total spend of zero.
        RetentionError: The others :func:`spend_totals` raises (a bad frame, column or value).
    """
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    used = _policy(policy)
    if is_dask(frame):
        from retention import chain  # noqa: PLC0415 - Dask's own partition by partition

        return chain.fit_abc(frame, policy=used, customer_id=customer_id, amount=amount)
    checked = read_purchases(frame, customer_id=customer_id, amount=amount)
    fast = _pandas_fast(checked)
    if fast is not None:
        cut = _cut_sorted(np.sort(fast[1])[::-1], used)
    else:
        cut = _cut(*_distinct(_grouped(checked, frame), lazy=checked.lazy), used)
    return _cutoffs(cut, used, _places(checked))


def abc_classes(
    frame: object,
    *,
    policy: AbcPolicy | None = None,
    customer_id: str = "customer_id",
    amount: str = "amount",
) -> Any:
    """The ABC class of every customer (SEG-ABC), as a frame of the caller's kind.

    Exact (amounts as whole 1/10,000ths in the engine, checked for loss; equal
    spenders always share a class) and independent of the rows' order, like
    :func:`retention.segmentation.classify_abc`.

    Args:
        frame: Purchases (see :func:`spend_totals`). A lazy frame gives a lazy result;
            only the distinct totals are collected for the fit.
        policy: The cut; ``AbcPolicy()`` (spend 80 % / 95 %) when omitted.
        customer_id: The customer-ID column; the result keeps its name.
        amount: The amount column.

    Returns:
        One row per customer: the customer-ID column, ``spend`` (float64, the exact
        total's nearest float) and ``abc_class`` (``"A"``, ``"B"`` or ``"C"``), highest
        spend first, then by customer ID. A Dask frame is handed to
        :func:`retention.chain.abc_classes`: its lazy result is in no particular order
        (a global sort would be one more shuffle). :func:`classify_abc` gives the exact
        ``Decimal`` totals and the reasons.

    Raises:
        EmptyInputError: No purchases, or a total spend of zero.
        RetentionError: The others :func:`spend_totals` raises (a bad frame, column or value).

    Example:
        >>> import pandas as pd
        >>> from retention import frames
        >>> purchases = pd.DataFrame(
        ...     {"customer_id": ["big", "mid", "small", "big"], "amount": [500, 150, 50, 300]}
        ... )
        >>> frames.abc_classes(purchases)
          customer_id  spend abc_class
        0         big  800.0         A
        1         mid  150.0         B
        2       small   50.0         C
    """
    used = _policy(policy)
    if is_dask(frame):
        from retention import chain  # noqa: PLC0415 - Dask's own partition by partition

        return chain.abc_classes(frame, policy=used, customer_id=customer_id, amount=amount)
    nw = narwhals()
    checked = read_purchases(frame, customer_id=customer_id, amount=amount)
    fast = _pandas_fast(checked)
    if fast is not None:
        return _pandas_classes(*fast, used, customer_id, nw_namespace(checked.ids))
    if not checked.lazy:
        return _eager_classes(nw, _grouped(checked, frame, ordered=True), used, customer_id)
    grouped = _grouped(checked, frame)
    values, counts = _distinct(grouped, lazy=True)
    units = nw.col(UNITS)
    result = grouped.select(
        nw.col(CID).alias(customer_id),
        _spend_expr(nw, units).alias(_SPEND),
        _class_expr(nw, units, _cut(values, counts, used)).alias(_CLASS),
    )
    return result.sort([_SPEND, customer_id], descending=[True, False]).to_native()


def _eager_classes(nw: Any, ordered: Any, policy: AbcPolicy, customer_id: str) -> Any:
    """:func:`abc_classes` of an eager frame from its sorted totals: numpy cuts and divides.

    The sorted frame's classes are three runs (A, then B, then C), so they are made as
    such, and the spend as numpy's quotient: one query fewer than expressions would
    take, and each eager step is a query of its own in polars.
    """
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    totals = ordered[UNITS].to_numpy().astype(np.int64, copy=False)
    sizes = _class_sizes(totals, _cut_sorted(totals, policy))
    backend = nw.get_native_namespace(ordered)
    if getattr(backend, "__name__", "") == "polars":  # the same frame without narwhals' costs
        letters = backend.Series(_CLASS, ["A", "B", "C"], dtype=backend.String)
        return backend.DataFrame(
            [
                ordered.to_native().get_column(CID).alias(customer_id),
                backend.Series(_SPEND, _spend(totals), dtype=backend.Float64),
                letters.gather(np.repeat(np.arange(3, dtype=np.uint32), sizes)),
            ]
        )
    classes = [letter for letter, size in zip("ABC", sizes, strict=True) for _ in range(size)]
    result = nw.from_dict(
        {
            customer_id: ordered[CID].alias(customer_id),
            _SPEND: nw.new_series(_SPEND, _spend(totals), nw.Float64, backend=backend),
            _CLASS: nw.new_series(_CLASS, classes, nw.String, backend=backend),
        },
        backend=backend,
    )
    native = nw.maybe_reset_index(result).to_native()
    if getattr(backend, "__name__", "") == "pandas":  # the classes as the fast path gives them
        native[_CLASS] = backend.Categorical(native[_CLASS], ["A", "B", "C"], ordered=True)
    return native


def _class_sizes(ranked: Any, cut: _Cut) -> tuple[int, int, int]:
    """How many of the totals (highest first) are in A, B and C."""
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    in_a = 0 if cut.a_cut is None else int(np.count_nonzero(ranked >= cut.a_cut))
    in_ab = in_a if cut.b_cut is None else max(in_a, int(np.count_nonzero(ranked >= cut.b_cut)))
    return in_a, in_ab - in_a, len(ranked) - in_ab


def _spend(totals: Any) -> Any:
    """Each total in 1/10,000ths as the float nearest its exact value (numpy float64).

    Below 2**53 a total converts to float exactly and one division rounds correctly.
    From 2**53 on, converting first would round twice; the whole part (below 2**50, so
    exact) plus the fraction's quotient rounds correctly there instead: the quotient's
    error (under 2**-53) is far below the distance, at least 1 / (10**4 * 2**14), from
    any total in 1/10,000ths past 900 billion to a point halfway between two floats.
    """
    if not len(totals) or int(totals.max()) < 2**53:
        return totals / UNIT
    whole, fraction = divmod(totals, UNIT)
    return whole.astype("float64") + fraction / UNIT


def _spend_expr(nw: Any, units: Any) -> Any:
    """:func:`_spend` as an expression in the engine (``units`` Int64)."""
    big = (units // UNIT).cast(nw.Float64) + exact_quotient((units % UNIT).cast(nw.Float64), UNIT)
    small = exact_quotient(units.cast(nw.Float64), UNIT)
    return nw.when(units < 2**53).then(small).otherwise(big)


def _pandas_totals(checked: Checked) -> tuple[Any, Any] | None:
    """A pandas frame's totals by ``pandas.factorize`` and ``numpy.bincount``.

    Returns the customer IDs in order of first appearance (a pandas Index) and their
    totals (int64), or ``None`` when the frame is not pandas or the totals might pass
    2**53 (where a float64 ``bincount`` would stop being exact). The IDs are numbered
    unsorted: a frame has several purchases per customer, so sorting only the distinct
    IDs afterwards (:func:`_by_id`, :func:`_ranked`) does a fraction of the work
    ``factorize(sort=True)`` does renumbering every row.
    """
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    if checked.units is None or checked.ids is None:
        return None
    native = checked.ids.to_native()
    pandas = nw_namespace(checked.ids)
    if getattr(pandas, "__name__", "") != "pandas" or int(checked.units.sum()) >= 2**53:
        return None
    codes, ids = pandas.factorize(native, sort=False)
    totals = np.bincount(codes, weights=checked.units, minlength=len(ids))
    return ids, totals.astype(np.int64)


def _by_id(ids: Any, totals: Any) -> tuple[Any, Any]:
    """:func:`_pandas_totals`' IDs and totals in ID order."""
    order = _as_text(ids).argsort()
    return ids.take(order), totals[order]


def _as_text(ids: Any) -> Any:
    """The IDs as an Index that sorts by the IDs' text.

    A categorical Index sorts by its categories' order, which need not be the text's.
    """
    dtype = ids.dtype
    return ids.astype(dtype.categories.dtype) if hasattr(dtype, "categories") else ids


def _ranked(ids: Any, totals: Any) -> Any:
    """The order of highest total first, then ID (numpy positions into ``ids``).

    Arrow-backed IDs (pandas' default strings with pyarrow) are sorted by both keys in
    one Arrow sort, which compares IDs only where totals tie; others are sorted by ID,
    then stably by total.
    """
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    ids = _as_text(ids)
    if hasattr(ids.array, "__arrow_array__"):
        # Behind pandas' Arrow strings, so installed (and untyped: imported by name).
        pa = importlib.import_module("pyarrow")
        pc = importlib.import_module("pyarrow.compute")
        table = pa.table({"total": totals, "id": pa.array(ids.array)})
        keys = [("total", "descending"), ("id", "ascending")]
        return pc.sort_indices(table, sort_keys=keys).to_numpy()
    by_id = ids.argsort()
    return by_id[np.argsort(-totals[by_id], kind="stable")]


def nw_namespace(series: Any) -> Any:
    """The native namespace (the pandas module, say) of a narwhals Series."""
    return narwhals().get_native_namespace(series)


def _pandas_classes(ids: Any, totals: Any, policy: AbcPolicy, customer_id: str, pandas: Any) -> Any:
    """:func:`abc_classes` of a pandas frame from its ID-ordered totals."""
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    order = _ranked(ids, totals)
    ranked = totals[order]
    sizes = _class_sizes(ranked, _cut_sorted(ranked, policy))
    codes = np.repeat(np.arange(3, dtype=np.int8), sizes)
    return pandas.DataFrame(
        {
            customer_id: ids.take(order),
            _SPEND: ranked / UNIT,
            _CLASS: pandas.Categorical.from_codes(codes, ["A", "B", "C"], ordered=True),
        }
    )


def _cut_sorted(totals: Any, policy: AbcPolicy) -> _Cut:
    """:func:`_cut` from every customer's total, highest first (runs found in one pass)."""
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency, used here only

    if not len(totals):
        return _cut(totals, totals, policy)
    starts = np.flatnonzero(np.diff(totals)) + 1
    starts = np.concatenate(([0], starts))
    counts = np.diff(np.concatenate((starts, [len(totals)])))
    return _cut(totals[starts].astype(np.int64), counts, policy)


def _class_expr(nw: Any, units: Any, cut: _Cut) -> Any:
    """``"A"`` at or above the A cut, ``"B"`` at or above B's, else ``"C"``."""
    below_a = nw.lit("C")
    if cut.b_cut is not None:
        below_a = nw.when(units >= cut.b_cut).then(nw.lit("B")).otherwise(nw.lit("C"))
    if cut.a_cut is None:
        return below_a
    return nw.when(units >= cut.a_cut).then(nw.lit("A")).otherwise(below_a)


def classify_abc(
    frame: object,
    *,
    policy: AbcPolicy | None = None,
    customer_id: str = "customer_id",
    amount: str = "amount",
) -> AbcResult:
    """:func:`retention.segmentation.classify_abc` of a frame's purchases, with reasons.

    The totals are summed in the frame's engine; the result holds one Python entry per
    customer (use :func:`abc_classes` to stay in the engine).

    Returns:
        The :class:`~retention.segmentation.AbcResult` of the object path.

    Raises:
        RetentionError: As :func:`fit_abc` raises them.
    """
    used = _policy(policy)
    return classify_totals(spend_totals(frame, customer_id=customer_id, amount=amount), used)
