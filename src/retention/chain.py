"""A chain's purchases on Dask: the same steps, partition by partition, nothing on the driver.

A chain holds billions of purchases in Parquet and runs Dask. These functions take a
lazy :class:`dask.dataframe.DataFrame` of purchases and run the library's steps inside
Dask, with no scheduler of the library's own: each partition is a pandas frame, and on
it runs the same code as :mod:`retention.frames` runs in one process, so the answers are
the in-process ones, to the cent.

- **ABC (SEG-ABC), fit then apply.** :func:`fit_abc` shuffles the customer IDs and
  amounts by customer and sums each customer's amounts where they all are (whole
  1/10,000ths, checked as the frames path checks them), and collects only the distinct
  totals and how many customers have each: the cut-offs come from those, with equal
  spenders never split.
  :func:`abc_classes` then classifies every customer in the partitions (lazy).
- **Churn (CHURN-NOSURPRISE, CHURN-PALIVE).** :func:`churn` shuffles the purchase days by
  customer, so each customer's days are in one partition, and runs
  :func:`retention.frames.churn` on each (lazy). :func:`fit_bgnbd` collects one
  ``(x, t_x, T)`` row per customer, never a purchase, and fits on the driver.
- **Plans per store (the ``CAD-*`` rules).** :func:`plans` shuffles the purchases by
  store and runs one :meth:`retention.store.Store.plan` per store, with the store's own
  staff, capacity, events and calendar, shipped to the workers once. A customer belongs
  to one store for planning: the host says which by the store column of the customer's
  purchases (a customer under two stores is refused, since their contact caps would be
  counted twice).

Install the ``chain`` extra (``pip install 'retention-kit[chain]'``): Dask with its
``distributed`` scheduler and the ``frames`` extra. The recipe page "A chain on Dask"
shows the whole run on a ``distributed.LocalCluster``, and what changes for Spark.
"""

from __future__ import annotations

import datetime as dt
import importlib
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import attrs

from retention._validate import (
    check_date,
    check_fraction,
    check_positive_int,
    describe,
    policy_or_default,
    to_money,
    to_share,
)
from retention.churn import BgNbdParams, ChurnPolicy
from retention.customers import UNIT_PLACES, SpendTotals
from retention.exceptions import (
    EmptyInputError,
    InvalidInputError,
    InvalidTypeError,
    MissingDependencyError,
)
from retention.segmentation import AbcCutoffs, AbcPolicy

if TYPE_CHECKING:
    from types import ModuleType

    from retention.store import Store

__all__ = [
    "abc_classes",
    "by_customer",
    "churn",
    "fit_abc",
    "fit_abc_counts",
    "fit_bgnbd",
    "plans",
    "spend_totals",
    "summaries",
]

#: The totals' amount column, in whole 1/10,000ths.
_UNITS = "__retention_units"
#: The decimal places the totals show (the most precise amount's), per customer.
_PLACES = "__retention_places"
_INT64 = 2**63 - 1
#: The most partitions a shuffle is asked for (Dask's hash partitioning needs far fewer).
_MAX_PARTITIONS = 1_000_000
#: The low bits of a customer's total, summed apart from the high bits (no overflow).
_LOW_BITS = 31


def _module(name: str) -> Any:  # noqa: ANN401 - pandas and dask come untyped
    """Import ``name`` (pandas, dask): the chain extra's, present once Dask is."""
    return importlib.import_module(name)


def _dask() -> ModuleType:
    """Import ``dask.dataframe``, or say how to install the ``chain`` extra."""
    try:
        import dask.dataframe as dd  # noqa: PLC0415 - optional, imported when used
    except ImportError as error:
        msg = "retention.chain needs Dask: pip install 'retention-kit[chain]'"
        raise MissingDependencyError(msg) from error
    return dd


def _purchases(
    frame: object, columns: Mapping[str, object], optional: frozenset[str] = frozenset()
) -> Any:  # noqa: ANN401
    """A Dask DataFrame's ``columns`` (argument -> column name), else a clear error.

    The arguments in ``optional`` may be ``None`` (no such column); each column plays one
    role only.
    """
    from retention.frames._columns import _name  # noqa: PLC0415 - the frames path's check

    dd = _dask()
    if not isinstance(frame, dd.DataFrame):
        msg = f"purchases: expected a Dask DataFrame, got {describe(frame)}"
        raise InvalidTypeError(msg)
    wanted: dict[str, str] = {}
    for arg, column in columns.items():
        if column is None and arg in optional:
            continue
        name = _name(arg, column)
        for other, taken in wanted.items():
            if taken == name:
                msg = f"{arg}: expected a column apart from {other}'s, got {name!r} for both"
                raise InvalidInputError(msg)
        wanted[arg] = name
    missing = [f"{c!r} (the {arg}= argument)" for arg, c in wanted.items() if c not in frame]
    if missing:
        msg = (
            f"purchases: expected the column{'s' if len(missing) > 1 else ''} "
            f"{', '.join(missing)}, got columns {list(frame.columns)}"
        )
        raise InvalidInputError(msg)
    return frame[list(wanted.values())]


def by_customer(
    purchases: object, *, customer_id: str = "customer_id", npartitions: int | None = None
) -> Any:  # noqa: ANN401 - a Dask DataFrame
    """The purchases shuffled so that each customer's rows are in one partition.

    The steps that read a customer's whole history (churn) shuffle this way themselves;
    call it once and ``persist()`` the result to share one shuffle between several steps.

    Args:
        purchases: A Dask DataFrame of purchases.
        customer_id: The customer-ID column (the shuffle's key).
        npartitions: The partitions of the result; the input's count when omitted.

    Returns:
        A lazy Dask DataFrame with the same rows, partitioned by a hash of the ID.

    Raises:
        MissingDependencyError: Dask is not installed (the ``chain`` extra).
        InvalidTypeError: Not a Dask DataFrame, or a bad column name or partition count.
        InvalidInputError: The customer-ID column is missing.
    """
    _purchases(purchases, {"customer_id": customer_id})
    if npartitions is not None:
        npartitions = check_positive_int("npartitions", npartitions, maximum=_MAX_PARTITIONS)
    frame: Any = purchases
    return frame.shuffle(on=customer_id, npartitions=npartitions)


# -- ABC (SEG-ABC) ----------------------------------------------------------------------


def _customer_totals(part: Any, customer_id: str, amount: str) -> Any:  # noqa: ANN401
    """The totals of a partition's customers, in 1/10,000ths, and its decimal places.

    The partition holds whole customers (the purchases were shuffled by customer), so
    each total is the customer's whole spend.
    """
    pd = _module("pandas")

    import numpy as np  # noqa: PLC0415 - the frames extra's dependency

    from retention.frames._abc import (  # noqa: PLC0415 - the frames path's own checks
        _by_id,
        _grouped,
        _pandas_fast,
        _places,
    )
    from retention.frames._columns import CID, UNITS, read_purchases  # noqa: PLC0415

    checked = read_purchases(part, customer_id=customer_id, amount=amount)
    fast = _pandas_fast(checked)
    if fast is not None:
        ids, totals = _by_id(*fast)
    else:
        grouped = _grouped(checked, part).to_native()
        ids, totals = grouped[CID], grouped[UNITS].to_numpy()
    places = _places(checked) if len(part) else 0
    return pd.DataFrame(
        {
            customer_id: pd.array(ids, dtype="string"),
            _UNITS: totals.astype("int64"),
            _PLACES: np.full(len(totals), places, dtype=np.int8),
        }
    )


def _totals(purchases: object, customer_id: str, amount: str) -> Any:  # noqa: ANN401
    """Per-customer totals (lazy): the purchases shuffled by customer, summed per partition.

    One shuffle of two columns; each customer is then summed once, where all of their
    purchases are, by the frames path's own code.
    """
    pd = _module("pandas")

    frame = _purchases(purchases, {"customer_id": customer_id, "amount": amount})
    meta = pd.DataFrame(
        {
            customer_id: pd.Series([], dtype="string"),
            _UNITS: pd.Series([], dtype="int64"),
            _PLACES: pd.Series([], dtype="int8"),
        }
    )
    shuffled = frame.shuffle(on=customer_id)
    return shuffled.map_partitions(_customer_totals, customer_id, amount, meta=meta)


def _collect(totals: Any, wanted: Any) -> tuple[Any, int]:  # noqa: ANN401
    """Compute ``wanted`` with the chain's total (checked to fit int64) and decimal places.

    The customers' totals are added in two halves of their bits, so no sum in Dask can
    overflow before the exact total is known.
    """
    dask = _module("dask")
    units = totals[_UNITS]
    result, high, low, places = dask.compute(
        wanted,
        (units // 2**_LOW_BITS).sum(),
        (units % 2**_LOW_BITS).sum(),
        totals[_PLACES].max(),
    )
    total = int(high) * 2**_LOW_BITS + int(low)
    if total > _INT64:
        msg = (
            f"amount: expected a chain total that fits 64-bit 1/10,000ths, got {total} 1/10,000ths"
        )
        raise InvalidInputError(msg)
    return result, 0 if _isna(places) else int(places)


def _fit(totals: Any, policy: AbcPolicy) -> AbcCutoffs:  # noqa: ANN401
    """The cut-offs from the distinct totals and their counts (all that is collected)."""
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency

    from retention.frames._abc import _cut, _cutoffs  # noqa: PLC0415 - the frames path's fit

    counts, places = _collect(totals, totals[_UNITS].value_counts())
    values = counts.index.to_numpy().astype(np.int64)
    order = np.argsort(values)[::-1]
    cut = _cut(values[order], counts.to_numpy().astype(np.int64)[order], policy)
    return _cutoffs(cut, policy, places)


def fit_abc_counts(counts: Mapping[Any, int], *, policy: AbcPolicy | None = None) -> AbcCutoffs:
    """Fit the ABC cut-offs (SEG-ABC) from the distribution of the customers' totals.

    What any engine can hand over cheaply: each distinct total spend and how many
    customers have it (in Spark, ``groupBy("total").count()`` over the per-customer
    totals). The cut-offs are those :func:`retention.segmentation.fit_abc` finds for
    customers with those totals, equal spenders never split.

    Args:
        counts: Distinct total -> how many customers spent it. Totals are money
            (``Decimal``, ``int``, decimal strings or floats read as their shortest
            decimal) with at most 4 decimal places; counts are whole numbers, at
            least 1.
        policy: The cut; ``AbcPolicy()`` (spend 80 % / 95 %) when omitted.

    Returns:
        The cut-offs; totals show the places of the most precise total given.

    Raises:
        InvalidTypeError: ``counts`` is not a mapping, or a count is not an integer.
        InvalidInputError: A bad total, a total with more than 4 places, a count below
            1, or a sum beyond 64-bit 1/10,000ths.
        InvalidPolicyError: A policy that is not an
            :class:`~retention.segmentation.AbcPolicy`.
        EmptyInputError: No totals, or a total spend of zero.
    """
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency

    from retention.frames._abc import _cut, _cutoffs  # noqa: PLC0415 - the frames path's fit
    from retention.frames._columns import UNIT  # noqa: PLC0415

    used = policy_or_default(policy, AbcPolicy)
    if not isinstance(counts, Mapping):
        msg = f"counts: expected a mapping of total to customers, got {describe(counts)}"
        raise InvalidTypeError(msg)
    units: dict[int, int] = {}
    places = 0
    for key, value in counts.items():
        money = to_money(f"counts[{key!r}]", key)
        exponent = money.as_tuple().exponent
        shown = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        scaled = money * UNIT
        if shown > UNIT_PLACES or scaled != scaled.to_integral_value():
            msg = f"counts: expected totals with at most {UNIT_PLACES} decimal places, got {key!r}"
            raise InvalidInputError(msg)
        places = max(places, shown)
        many = check_positive_int(f"counts[{key!r}]", value)
        units[int(scaled)] = units.get(int(scaled), 0) + many
    grand = sum(total * many for total, many in units.items())
    if grand > _INT64:
        msg = f"counts: expected a total spend that fits 64-bit 1/10,000ths, got {grand}"
        raise InvalidInputError(msg)
    values = np.array(sorted(units, reverse=True), dtype=np.int64)
    how_many = np.array([units[int(v)] for v in values], dtype=np.int64)
    return _cutoffs(_cut(values, how_many, used), used, places)


def spend_totals(
    purchases: object, *, customer_id: str = "customer_id", amount: str = "amount"
) -> SpendTotals:
    """Each customer's total spend in a chain, collected: one entry per customer.

    Raises:
        RetentionError: As :func:`fit_abc` raises them.
    """
    totals = _totals(purchases, customer_id, amount)
    computed, places = _collect(totals, totals[[customer_id, _UNITS]])
    units = dict(zip(computed[customer_id].tolist(), computed[_UNITS].tolist(), strict=True))
    return SpendTotals._of({}, units, places)  # noqa: SLF001 - checked, exact totals


def fit_abc(
    purchases: object,
    *,
    policy: AbcPolicy | None = None,
    customer_id: str = "customer_id",
    amount: str = "amount",
) -> AbcCutoffs:
    """Fit the ABC cut-offs (SEG-ABC) on a chain's purchases, in Dask.

    The customer IDs and amounts are shuffled by customer; each partition's amounts are
    checked and summed per customer as :func:`retention.frames.fit_abc` does; only the
    distinct totals, how many customers have each, and the chain's total reach the
    driver.

    Args:
        purchases: A Dask DataFrame of purchases (any partitioning).
        policy: The cut; ``AbcPolicy()`` (spend 80 % / 95 %) when omitted.
        customer_id: The customer-ID column (strings).
        amount: The amount column (integers, floats or decimals, at most 4 places).

    Returns:
        The :class:`~retention.segmentation.AbcCutoffs` that
        :func:`retention.segmentation.fit_abc` gives for the same purchases, to the cent.

    Raises:
        MissingDependencyError: Dask is not installed (the ``chain`` extra).
        InvalidTypeError: Not a Dask DataFrame, or a bad column name or type.
        InvalidPolicyError: A policy that is not an
            :class:`~retention.segmentation.AbcPolicy`.
        InvalidInputError: A missing column, a bad value, or a chain total beyond 64-bit
            1/10,000ths.
        EmptyInputError: No purchases, or a total spend of zero.
    """
    used = policy_or_default(policy, AbcPolicy)
    return _fit(_totals(purchases, customer_id, amount), used)


def _classify(part: Any, customer_id: str, a_cut: int | None, b_cut: int | None) -> Any:  # noqa: ANN401
    """One partition's classes from its customers' totals and the fitted thresholds."""
    import numpy as np  # noqa: PLC0415 - the frames extra's dependency

    pd = _module("pandas")

    from retention.frames._abc import _spend  # noqa: PLC0415 - the frames path's own

    units = part[_UNITS].to_numpy()
    codes = np.full(len(units), 2, dtype=np.int8)
    if b_cut is not None:
        codes[units >= b_cut] = 1
    if a_cut is not None:
        codes[units >= a_cut] = 0
    return pd.DataFrame(
        {
            customer_id: part[customer_id].to_numpy(),
            "spend": _spend(units),
            "abc_class": pd.Categorical.from_codes(codes, ["A", "B", "C"], ordered=True),
        }
    ).astype({customer_id: "string"})


def _isna(value: object) -> bool:
    """Whether a collected aggregate is missing (the max of no rows is NaN)."""
    return bool(_module("pandas").isna(value))


def _units(money: Decimal | None) -> int | None:
    """A cut-off in whole 1/10,000ths (``None`` stays ``None``)."""
    from retention.frames._columns import UNIT  # noqa: PLC0415

    return None if money is None else int(money * UNIT)


def abc_classes(
    purchases: object,
    *,
    cutoffs: AbcCutoffs | None = None,
    policy: AbcPolicy | None = None,
    customer_id: str = "customer_id",
    amount: str = "amount",
) -> Any:  # noqa: ANN401 - a Dask DataFrame
    """The ABC class of every customer of a chain (SEG-ABC), as a lazy Dask DataFrame.

    Fit then apply: with ``cutoffs`` (from :func:`fit_abc` on the same purchases) the
    classes are only applied; without, they are fitted first (one pass that collects
    the distinct totals), then applied when the result is computed.

    Args:
        purchases: A Dask DataFrame of purchases.
        cutoffs: Fitted cut-offs; fitted here with ``policy`` when omitted.
        policy: The cut for the fit; not allowed beside ``cutoffs`` (theirs is used).
        customer_id: The customer-ID column; the result keeps its name.
        amount: The amount column.

    Returns:
        A lazy frame, one row per customer in no particular order: the ID column,
        ``spend`` (float64, the exact total's nearest float) and ``abc_class`` (an
        ordered categorical ``A`` < ``B`` < ``C``), as
        :func:`retention.frames.abc_classes` gives them in one process.

    Raises:
        InvalidTypeError: ``cutoffs`` is not an :class:`~retention.segmentation.AbcCutoffs`,
            or both ``cutoffs`` and ``policy`` are given.
        RetentionError: The others :func:`fit_abc` raises.
    """
    pd = _module("pandas")

    if cutoffs is not None:
        if not isinstance(cutoffs, AbcCutoffs):
            msg = f"cutoffs: expected an AbcCutoffs, got {describe(cutoffs)}"
            raise InvalidTypeError(msg)
        if policy is not None:
            msg = "policy: expected None beside cutoffs (the cut-offs carry their policy)"
            raise InvalidTypeError(msg)
    used = policy_or_default(policy, AbcPolicy)
    totals = _totals(purchases, customer_id, amount)
    fitted = cutoffs if cutoffs is not None else _fit(totals, used)
    meta = pd.DataFrame(
        {
            customer_id: pd.Series([], dtype="string"),
            "spend": pd.Series([], dtype="float64"),
            "abc_class": pd.Categorical([], ["A", "B", "C"], ordered=True),
        }
    )
    return totals.map_partitions(
        _classify,
        customer_id,
        _units(fitted.a_cutoff),
        _units(fitted.b_cutoff),
        meta=meta,
    )


# -- churn (CHURN-NOSURPRISE, CHURN-PALIVE) --------------------------------------------


def _by_customer_days(
    purchases: object, customer_id: str, date: str, extra: str | None = None
) -> Any:  # noqa: ANN401
    columns = {"customer_id": customer_id, "date": date, "store": extra}
    frame = _purchases(purchases, columns, frozenset({"store"}))
    return frame.shuffle(on=customer_id)


def _churn_part(part: Any, store: str | None, **kwargs: Any) -> Any:  # noqa: ANN401
    """:func:`retention.frames.churn` of one partition's customers (whole histories)."""
    from retention import frames  # noqa: PLC0415 - the partition's own step

    result = frames.churn(part.drop(columns=[store]) if store else part, **kwargs)
    if store is None:
        return result
    homes = _homes(part, kwargs["customer_id"], store)
    result.insert(1, store, result[kwargs["customer_id"]].map(homes).astype("string"))
    return result


def _homes(part: Any, customer_id: str, store: str) -> Any:  # noqa: ANN401
    """Each customer's one store in a partition holding whole histories, else refuse."""
    pairs = part[[customer_id, store]].drop_duplicates()
    twice = pairs[pairs[customer_id].duplicated(keep=False)]
    if len(twice):
        cid = min(twice[customer_id])
        names = sorted(twice.loc[twice[customer_id] == cid, store].astype(str))
        msg = (
            f"purchases: {store}: expected one store per customer, got "
            f"{', '.join(repr(n) for n in names)} for customer {cid!r}"
        )
        raise InvalidInputError(msg)
    return pairs.set_index(customer_id)[store]


def churn(
    purchases: object,
    *,
    as_of: dt.date,
    policy: ChurnPolicy | None = None,
    params: BgNbdParams | None = None,
    unit_days: int = 7,
    customer_id: str = "customer_id",
    date: str = "date",
    store: str | None = None,
) -> Any:  # noqa: ANN401 - a Dask DataFrame
    """The churn step for every customer of a chain, as a lazy Dask DataFrame.

    The purchase days are shuffled by customer; on each partition,
    :func:`retention.frames.churn` finds every customer's purchase days, overdue test by
    their own rhythm (CHURN-NOSURPRISE) and, with ``params``, P(alive) (CHURN-PALIVE).

    Args:
        purchases: A Dask DataFrame of purchases.
        as_of: The day of the check; no purchase may be after it.
        policy: The rhythm test's numbers; ``ChurnPolicy()`` when omitted.
        params: Fitted BG/NBD parameters (:func:`fit_bgnbd`), for ``p_alive``.
        unit_days: Days per time unit of ``t_x`` and ``T``.
        customer_id: The customer-ID column; the result keeps its name.
        date: The purchase-day column.
        store: A store column, for the early-warning report per store: the result
            gains it after the ID (each customer's one store; two are refused).

    Returns:
        A lazy frame with the columns of :func:`retention.frames.churn`, one row per
        customer, each partition in customer-ID order.

    Raises:
        InvalidTypeError: Not a Dask DataFrame, a bad column name, or bad ``params``.
        InvalidInputError: A missing column; when computed, what
            :func:`retention.frames.churn` raises (a bad value, a purchase after
            ``as_of``) and, with ``store``, a customer under two stores.
    """
    pd = _module("pandas")

    day = check_date("as_of", as_of)
    used = policy_or_default(policy, ChurnPolicy)
    unit = check_positive_int("unit_days", unit_days)
    if params is not None and not isinstance(params, BgNbdParams):
        msg = f"params: expected a BgNbdParams, got {describe(params)}"
        raise InvalidTypeError(msg)
    shuffled = _by_customer_days(purchases, customer_id, date, store)
    kwargs: dict[str, Any] = {
        "as_of": day,
        "policy": used,
        "params": params,
        "unit_days": unit,
        "customer_id": customer_id,
        "date": date,
    }
    empty = shuffled._meta  # noqa: SLF001 - Dask's own empty frame of the right types
    meta = _churn_part(empty, store, **kwargs)
    if store is not None:
        meta[store] = pd.Series([], dtype="string")
    return shuffled.map_partitions(_churn_part, store, meta=meta, **kwargs)


def _summary_part(part: Any, **kwargs: Any) -> Any:  # noqa: ANN401
    """One partition's ``(x, t_x, T)`` per customer, in customer-ID order."""
    from retention.frames._churn import _checked, _summary  # noqa: PLC0415 - the frames step

    cid = kwargs["customer_id"]
    checked, today = _checked(part, as_of=kwargs["as_of"], customer_id=cid, date=kwargs["date"])
    per = _summary(checked, cid, today=today, unit=kwargs["unit_days"]).to_native()
    return per.reset_index(drop=True).astype({cid: "string", "x": "float64"})


def summaries(
    purchases: object,
    *,
    as_of: dt.date,
    unit_days: int = 7,
    customer_id: str = "customer_id",
    date: str = "date",
) -> Any:  # noqa: ANN401 - a Dask DataFrame
    """Every customer's BG/NBD ``(x, t_x, T)`` (CHURN-PALIVE), as a lazy Dask DataFrame.

    Returns:
        The ID column, then ``x`` (float64), ``t_x`` and ``T``, as
        :func:`retention.churn.rfm_summary` gives them; each partition in ID order.

    Raises:
        RetentionError: As :func:`churn` raises them.
    """
    day = check_date("as_of", as_of)
    unit = check_positive_int("unit_days", unit_days)
    shuffled = _by_customer_days(purchases, customer_id, date)
    kwargs = {"as_of": day, "unit_days": unit, "customer_id": customer_id, "date": date}
    meta = _summary_part(shuffled._meta, **kwargs)  # noqa: SLF001 - Dask's empty frame
    return shuffled.map_partitions(_summary_part, meta=meta, **kwargs)


def fit_bgnbd(
    purchases: object,
    *,
    as_of: dt.date,
    unit_days: int = 7,
    penalizer: float = 0.0,
    sample: float | Decimal | None = None,
    customer_id: str = "customer_id",
    date: str = "date",
) -> BgNbdParams:
    """Fit BG/NBD parameters on a chain's purchases (CHURN-PALIVE).

    The summaries ``(x, t_x, T)`` are made per customer in Dask; the driver collects
    those (24 bytes a customer, never a purchase) and fits with scipy as
    :func:`retention.churn.fit_bgnbd` does. The order of customers does not change the
    likelihood, so the parameters are the in-process ones.

    Args:
        purchases: A Dask DataFrame of purchases.
        as_of: The end of observation; no purchase may be after it.
        unit_days: Days per time unit of ``t_x`` and ``T``.
        penalizer: The L2 penalty of :func:`retention.churn.fit_bgnbd` (0: none).
        sample: Fit on this share of the customers (``0 < sample <= 1``), for a chain
            whose summaries would crowd the driver (10⁸ customers are 2.4 GB). The
            customers are those whose ID hashes (pandas' stable hash) below that share
            of the hash range: the same ones whatever the partitioning or row order.
            ``None``: every customer.
        customer_id: The customer-ID column.
        date: The purchase-day column.

    Raises:
        MissingDependencyError: Dask or scipy is not installed.
        EmptyInputError: No purchases.
        RetentionError: The others :func:`churn` raises.
    """
    from retention.churn._fit import fit_arrays  # noqa: PLC0415 - scipy's side, when used

    share = None if sample is None else check_fraction("sample", to_share("sample", sample))
    lazy = summaries(
        purchases, as_of=as_of, unit_days=unit_days, customer_id=customer_id, date=date
    )
    if share is not None and share < 1:
        lazy = lazy.map_partitions(_hashed_below, customer_id, share, meta=lazy._meta)  # noqa: SLF001
    summary = lazy[["x", "t_x", "T"]].compute()
    if not len(summary):
        msg = "purchases: expected at least one purchase, got an empty frame"
        raise EmptyInputError(msg)
    # fit_arrays merges equal rows into sorted unique ones with counts, so the order of
    # the partitions' customers does not reach the sums of the likelihood.
    return fit_arrays(
        summary["x"].to_numpy(),
        summary["t_x"].to_numpy(),
        summary["T"].to_numpy(),
        penalizer=penalizer,
    )


def _hashed_below(part: Any, customer_id: str, share: Decimal) -> Any:  # noqa: ANN401
    """The rows whose customer ID hashes below ``share`` of the 64-bit range."""
    pd = _module("pandas")
    hashes = pd.util.hash_pandas_object(part[customer_id], index=False).to_numpy()
    return part[hashes < int(share * 2**64)]


# -- plans per store (CAD-*) ------------------------------------------------------------


@attrs.frozen(kw_only=True)
class _PlanJob:
    """What every store's plan shares: the day, the length, the columns, the params."""

    as_of: dt.date
    days: int
    params: BgNbdParams | None
    store: str
    columns: dict[str, Any]


def _plan_frame(setup: Store, rows: Any, job: _PlanJob) -> Any:  # noqa: ANN401
    """One store's plan, as the decisions frame, from its rows and its own setup."""
    from retention import frames  # noqa: PLC0415 - the partition's own step

    made = frames.purchases(rows, **job.columns)
    return (
        attrs.evolve(setup, purchases=made)
        .plan(job.as_of, days=job.days, params=job.params)
        .to_frame("pandas")
    )


def _plans_part(part: Any, setups: Mapping[str, Store], job: _PlanJob) -> Any:  # noqa: ANN401
    """The plans of the stores in one partition (each store's rows all here)."""
    pd = _module("pandas")

    pieces = [_empty_plan(job.store)]
    for name, rows in sorted(part.groupby(job.store, observed=True, sort=False), key=_first):
        plan = _plan_frame(setups[str(name)], rows.drop(columns=[job.store]), job)
        plan.insert(0, job.store, pd.Series([str(name)] * len(plan), dtype="string"))
        pieces.append(plan)
    return pd.concat(pieces, ignore_index=True)


def _first(item: tuple[Any, Any]) -> str:
    return str(item[0])


def _empty_plan(store: str) -> Any:  # noqa: ANN401
    """An empty decisions frame with the plan's column types, after the store column."""
    pd = _module("pandas")

    from retention import _frames_out, _tables  # noqa: PLC0415

    empty = _frames_out.table_frame(_tables.PLAN, [], None, backend="pandas", money="float")
    empty.insert(0, store, pd.Series([], dtype="string"))
    return empty


def _setups(stores: object) -> dict[str, Store]:
    from retention.store import Store  # noqa: PLC0415 - loaded when used

    if not isinstance(stores, Mapping):
        msg = f"stores: expected a mapping of store ID to Store, got {describe(stores)}"
        raise InvalidTypeError(msg)
    setups: dict[str, Store] = {}
    for name, setup in stores.items():
        if not isinstance(name, str) or not name.strip():
            msg = f"stores: expected store IDs as non-empty strings, got {describe(name)}"
            raise InvalidTypeError(msg)
        if not isinstance(setup, Store):
            msg = f"stores[{name!r}]: expected a Store, got {describe(setup)}"
            raise InvalidTypeError(msg)
        if len(setup.purchases):
            msg = (
                f"stores[{name!r}]: expected a Store without purchases (they come from "
                f"the chain's frame), got {len(setup.purchases)} purchases"
            )
            raise InvalidInputError(msg)
        setups[name] = setup
    return setups


def plans(
    purchases: object,
    stores: Mapping[str, Store],
    *,
    as_of: dt.date,
    days: int = 30,
    params: BgNbdParams | None = None,
    store: str = "store",
    customer_id: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    brand: str | None = None,
    product: str | None = None,
    category: str | None = None,
) -> Any:  # noqa: ANN401 - a Dask DataFrame
    """Every store's contact plan (the ``CAD-*`` rules), as a lazy Dask DataFrame.

    The purchases are shuffled by store; each store's plan is
    :meth:`retention.store.Store.plan` of its setup in ``stores`` with the store's
    purchases, so its staff, capacity, events, CRM list, complaints and calendar are the
    store's own. The setups travel to the workers once, as one piece of the task graph.

    Before anything is planned, one pass over the store and customer columns checks that
    every store in the frame has a setup and that each customer is under one store: a
    customer planned by two stores would get both stores' contacts, past the caps.

    Args:
        purchases: A Dask DataFrame of purchases with a store column.
        stores: Each store's :class:`~retention.store.Store` without purchases (its
            country, time zone, staff, events, customers, complaints, policies).
        as_of: The first day of the plans.
        days: How many days the plans cover.
        params: Fitted BG/NBD parameters for the win-back rules (:func:`fit_bgnbd`).
        store: The store column (strings).
        customer_id: The customer-ID column.
        date: The day column.
        amount: The amount column.
        brand: The brand column, if any (attitudes read it).
        product: The product column, if any.
        category: The category column, if any.

    Returns:
        A lazy frame: the store column, then the columns of
        :meth:`retention.cadence.ContactPlan.to_frame` (one row per decision, with its
        ``rule_id`` and ``reasons``), each store's decisions in its plan's order. A
        store with a setup but no purchases in the frame has no plan (as in one
        process, its classes would have nothing to rank).

    Raises:
        MissingDependencyError: Dask is not installed (the ``chain`` extra).
        InvalidTypeError: Not a Dask DataFrame, a bad column name, or a bad setup.
        InvalidInputError: A missing column, a store without a setup, a customer under
            two stores, a setup holding purchases; when computed, what
            :meth:`~retention.store.Store.plan` raises.
    """
    dask = _module("dask")

    setups = _setups(stores)
    as_of = check_date("as_of", as_of)
    days = check_positive_int("days", days, maximum=3660)
    if params is not None and not isinstance(params, BgNbdParams):
        msg = f"params: expected a BgNbdParams, got {describe(params)}"
        raise InvalidTypeError(msg)
    columns = {
        "customer_id": customer_id,
        "date": date,
        "amount": amount,
        "brand": brand,
        "product": product,
        "category": category,
    }
    frame = _purchases(
        purchases, {**columns, "store": store}, frozenset({"brand", "product", "category"})
    )
    present = _check_stores(frame, setups, store, customer_id)
    job = _PlanJob(as_of=as_of, days=days, params=params, store=store, columns=columns)
    shipped = dask.delayed(setups, pure=True)
    # A partition for each store present (hashing puts a few together, leaves some
    # empty): many small tasks, which the scheduler balances over the workers.
    by_store = frame.shuffle(on=store, npartitions=max(present, 1))
    return by_store.map_partitions(_plans_part, shipped, job, meta=_empty_plan(store))


def _check_stores(frame: Any, setups: Mapping[str, Store], store: str, customer_id: str) -> int:  # noqa: ANN401
    """Every store has a setup; every customer is under one store (one collected pass).

    Returns:
        How many stores the purchases name.
    """
    dask = _module("dask")

    pairs = frame[[customer_id, store]].drop_duplicates(split_out=max(frame.npartitions // 4, 1))
    per_customer = pairs.groupby(customer_id)[store].count()
    names, widest = dask.compute(frame[store].unique(), per_customer.max())
    unknown = sorted(str(n) for n in names if str(n) not in setups)
    if unknown:
        msg = (
            f"stores: expected a setup for every store in the purchases, got none for "
            f"{', '.join(repr(n) for n in unknown[:5])}"
            + (f" and {len(unknown) - 5} more" if len(unknown) > 5 else "")  # noqa: PLR2004
        )
        raise InvalidInputError(msg)
    if not _isna(widest) and widest > 1:
        twice = per_customer[per_customer > 1].index.compute()
        cid = min(twice)
        msg = (
            f"purchases: {store}: expected one store per customer for planning, got "
            f"{int(widest)} stores for some customers, e.g. {cid!r}"
        )
        raise InvalidInputError(msg)
    return len(names)
