"""The churn step per customer from a frame: (x, t_x, T), overdue, P(alive).

Everything per customer is an expression or a group-by in the frame's engine, so a lazy
frame gives a lazy result:

- purchase days (distinct days), the first and the last (CHURN-NOSURPRISE counts a
  basket split over two receipts as one visit, as :func:`retention.churn.overdue` does);
- the median gap between purchase days and the overdue test against the customer's own
  rhythm, or the store's hiatus with too few purchase days, in whole numbers
  (``2 x days since > factor x twice the median``), as :func:`retention.churn.overdue`;
- the BG/NBD summary ``x`` (purchase days after the first), ``t_x`` and ``T`` in units
  of ``unit_days``, as :func:`retention.churn.rfm_summary`, and P(alive) in logarithms
  as :func:`retention.churn.p_alive` (to about 1e-15).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from retention._validate import check_date, check_positive_int, describe, policy_or_default
from retention.churn import BgNbdParams, ChurnPolicy
from retention.exceptions import InvalidInputError, InvalidTypeError
from retention.frames._columns import (
    CID,
    DATE,
    DAY,
    Checked,
    _name,
    blank,
    check_ids,
    day_number,
    exact_quotient,
    from_day_number,
    is_dask,
    narwhals,
    read_purchases,
    require_rows,
)

__all__ = ["churn", "fit_bgnbd", "p_alive", "summaries"]

#: exp() of more than this overflows a float; 1 / (1 + e^z) is then below 1e-304.
_LARGEST_EXPONENT = 700.0


def _checked(frame: object, *, as_of: object, customer_id: str, date: str) -> tuple[Checked, int]:
    day = check_date("as_of", as_of)
    checked = read_purchases(frame, customer_id=customer_id, date=_name("date", date))
    nw = narwhals()
    late = checked.frame.select(
        (nw.col(DAY) > day_number(day)).sum().alias("late"),
        blank(nw, CID).any().alias("blank"),
    )
    if checked.lazy:
        late = late.collect()
    count, blanks = late.row(0)
    if blanks:  # a blank ID is refused as the ABC steps refuse it, with its row
        check_ids(checked, checked.frame, frame)
    if count:
        after = checked.frame.filter(nw.col(DAY) > day_number(day)).sort(DAY, CID).head(1)
        if checked.lazy:
            after = after.collect()
        customer, number = after.select(CID, DAY).row(0)
        msg = (
            f"frame: {date}: expected days on or before as_of ({day}), got "
            f"{from_day_number(int(number))} for customer {customer!r}"
        )
        raise InvalidInputError(msg)
    return checked, day_number(day)


def _per_customer(checked: Checked, today: int) -> Any:
    """One row per customer: days, first, last, days since, twice the median gap."""
    nw = narwhals()
    day = nw.col(DAY)
    customer = nw.col(CID)
    visits = checked.frame.unique([CID, DAY])
    if checked.lazy:
        before_day = day.shift(1).over(order_by=[CID, DAY])
        before_customer = customer.shift(1).over(order_by=[CID, DAY])
    else:  # a sorted frame's rows are in order (pyarrow has no shift over a partition)
        visits = visits.sort(CID, DAY)
        before_day, before_customer = day.shift(1), customer.shift(1)
    gap = nw.when(before_customer == customer).then(day - before_day)
    gaps = visits.with_columns(gap.alias("gap"))
    # pyarrow's group-by median is approximate (a t-digest): its gaps' median is found
    # by position instead.
    approximate = checked.source.implementation.is_pyarrow()
    medians = [] if approximate else [nw.col("gap").median().alias("median_gap")]
    per = gaps.group_by(CID).agg(
        nw.len().alias("purchase_days"),
        nw.col(DATE).min().alias("first_purchase"),
        nw.col(DATE).max().alias("last_purchase"),
        day.min().alias("first_day"),
        day.max().alias("last_day"),
        *medians,
    )
    if approximate:
        per = per.join(_median_by_position(gaps), on=CID, how="left")
    return per.with_columns((nw.lit(today) - nw.col("last_day")).alias("days_since"))


def _median_by_position(gaps: Any) -> Any:
    """Each customer's exact median gap (an eager frame): the middle one or two, sorted."""
    nw = narwhals()
    ranked = gaps.filter(~nw.col("gap").is_null()).sort(CID, "gap").with_row_index("row")
    bounds = ranked.group_by(CID).agg(nw.col("row").min().alias("start"), nw.len().alias("n"))
    start, n, row = nw.col("start"), nw.col("n"), nw.col("row")
    middle = ranked.join(bounds, on=CID).filter(
        (row == start + (n - 1) // 2) | (row == start + n // 2)
    )
    picked = middle.group_by(CID).agg(nw.col("gap").sum().alias("sum"), nw.len().alias("k"))
    return picked.select(nw.col(CID), (nw.col("sum") * (3 - nw.col("k")) / 2).alias("median_gap"))


def _summary_exprs(
    nw: Any, days: Any, first: Any, last: Any, *, today: int, unit: int
) -> list[Any]:
    """``x``, ``t_x`` and ``T`` from purchase days, first and last day (as rfm_summary).

    The times are divided correctly rounded, as :func:`retention.churn.rfm_summary`'s.
    """
    return [
        (days - 1).alias("x"),
        exact_quotient(last - first, unit).alias("t_x"),
        exact_quotient(nw.lit(today) - first, unit).alias("T"),
    ]


def _summary(checked: Checked, customer_id: str, *, today: int, unit: int) -> Any:
    """One row per customer, in ID order: ``x``, ``t_x``, ``T`` (no sort of the days)."""
    nw = narwhals()
    day = nw.col(DAY)
    per = checked.frame.group_by(CID).agg(
        day.n_unique().alias("days"), day.min().alias("first"), day.max().alias("last")
    )
    days, first, last = nw.col("days"), nw.col("first"), nw.col("last")
    return per.select(
        nw.col(CID).alias(customer_id),
        *_summary_exprs(nw, days, first, last, today=today, unit=unit),
    ).sort(customer_id)


def _p_alive(nw: Any, params: BgNbdParams) -> Any:
    """P(alive) of ``x``, ``t_x``, ``T`` (columns), as :func:`retention.churn.p_alive`."""
    x, t_x, big_t = nw.col("x"), nw.col("t_x"), nw.col("T")
    repeats = nw.when(x > 0).then(x).otherwise(nw.lit(1))  # log(b + x - 1) stays finite
    log_odds = (
        nw.lit(params.a).log()
        - (nw.lit(params.b) + repeats - 1).log()
        + (nw.lit(params.r) + x) * ((big_t + params.alpha).log() - (t_x + params.alpha).log())
    )
    bounded = nw.when(log_odds > _LARGEST_EXPONENT).then(nw.lit(_LARGEST_EXPONENT))
    alive = 1.0 / (1.0 + bounded.otherwise(log_odds).exp())
    return nw.when(x == 0).then(nw.lit(1.0)).otherwise(alive)


def _p_alive_part(part: Any, params: BgNbdParams) -> Any:
    """A pandas partition's P(alive) column beside its ``x``, ``t_x``, ``T``."""
    nw = narwhals()
    wrapped = nw.from_native(part.astype({"x": "int64"}))
    return wrapped.with_columns(_p_alive(nw, params).alias("p_alive")).to_native()


def churn(
    frame: object,
    *,
    as_of: dt.date,
    policy: ChurnPolicy | None = None,
    params: BgNbdParams | None = None,
    unit_days: int = 7,
    customer_id: str = "customer_id",
    date: str = "date",
) -> Any:
    """The churn step for every customer of a frame (CHURN-NOSURPRISE, CHURN-PALIVE).

    Args:
        frame: Purchases as a pandas, polars, pyarrow, DuckDB or Dask frame. A lazy
            frame gives a lazy result.
        as_of: The day of the check; no purchase may be after it.
        policy: The rhythm test's numbers; ``ChurnPolicy()`` when omitted.
        params: Fitted BG/NBD parameters (in units of ``unit_days``), for P(alive);
            :func:`fit_bgnbd` fits them on the same frame.
        unit_days: Days per time unit of ``t_x`` and ``T`` (7: weeks, 1: days).
        customer_id: The customer-ID column; the result keeps its name.
        date: The purchase-day column (dates, or datetimes at midnight without a zone).

    Returns:
        One row per customer, in customer-ID order (a Dask frame's: each partition,
        by :func:`retention.chain.churn`): ``purchase_days``,
        ``first_purchase``, ``last_purchase``, ``days_since``, ``median_gap`` (null
        with fewer than ``policy.min_purchases`` purchase days), ``limit`` (the days
        since that are overdue when exceeded), ``overdue``, ``x``, ``t_x``, ``T`` and,
        with ``params``, ``p_alive``.

    Raises:
        MissingDependencyError: narwhals is not installed (the ``frames`` extra).
        InvalidTypeError: Not a frame, a column of the wrong type, or ``params`` is not
            a :class:`~retention.churn.BgNbdParams`.
        InvalidInputError: A missing column, a bad value, or a purchase after ``as_of``.
    """
    used = policy_or_default(policy, ChurnPolicy)
    unit = check_positive_int("unit_days", unit_days)
    if params is not None and not isinstance(params, BgNbdParams):
        msg = f"params: expected a BgNbdParams, got {describe(params)}"
        raise InvalidTypeError(msg)
    if is_dask(frame):
        from retention import chain  # noqa: PLC0415 - Dask's own partition by partition

        return chain.churn(
            frame,
            as_of=as_of,
            policy=used,
            params=params,
            unit_days=unit,
            customer_id=customer_id,
            date=date,
        )
    checked, today = _checked(frame, as_of=as_of, customer_id=customer_id, date=date)
    nw = narwhals()
    per = _per_customer(checked, today)
    factor_num, factor_den = used.rhythm_factor.as_integer_ratio()
    has_rhythm = nw.col("purchase_days") >= used.min_purchases
    twice_median = (nw.col("median_gap") * 2).round(0).fill_null(0).cast(nw.Int64)
    since = nw.col("days_since")
    overdue = (
        nw.when(has_rhythm)
        .then(since * 2 * factor_den > twice_median * factor_num)
        .otherwise(since > used.hiatus_days)
    )
    # factor x median as one correctly rounded division of whole numbers, so it is the
    # float of the object path's exact Decimal limit (10.7 x 143.5 as floats is not).
    limit = (
        nw.when(has_rhythm)
        .then(exact_quotient(twice_median * factor_num, 2 * factor_den))
        .otherwise(nw.lit(float(used.hiatus_days)))
    )
    per = per.with_columns(
        nw.when(has_rhythm).then(nw.col("median_gap")).otherwise(None).alias("median_gap"),
        limit.alias("limit"),
        overdue.alias("overdue"),
        *_summary_exprs(
            nw,
            nw.col("purchase_days"),
            nw.col("first_day"),
            nw.col("last_day"),
            today=today,
            unit=unit,
        ),
    )
    if params is not None:
        per = per.with_columns(_p_alive(nw, params).alias("p_alive"))
    columns = [
        "purchase_days",
        "first_purchase",
        "last_purchase",
        "days_since",
        "median_gap",
        "limit",
        "overdue",
        "x",
        "t_x",
        "T",
    ]
    if params is not None:
        columns.append("p_alive")
    result = per.select(nw.col(CID).alias(customer_id), *columns).sort(customer_id)
    return result.to_native() if checked.lazy else nw.maybe_reset_index(result).to_native()


def p_alive(
    frame: object,
    params: BgNbdParams,
    *,
    as_of: dt.date,
    unit_days: int = 7,
    customer_id: str = "customer_id",
    date: str = "date",
) -> Any:
    """Every customer's BG/NBD summary and P(alive) (CHURN-PALIVE), in the frame's engine.

    The lean part of :func:`churn`: no rhythm test, so no sort of the purchase days.

    Args:
        frame: Purchases (a lazy frame gives a lazy result).
        params: Fitted BG/NBD parameters in units of ``unit_days``.
        as_of: The end of observation; no purchase may be after it.
        unit_days: Days per time unit of ``t_x`` and ``T``.
        customer_id: The customer-ID column; the result keeps its name.
        date: The purchase-day column.

    Returns:
        One row per customer, in customer-ID order (a Dask frame's: each partition):
        ``x``, ``t_x``, ``T``, ``p_alive``,
        as :func:`retention.churn.rfm_summary` and :func:`retention.churn.p_alive` give
        them customer by customer.

    Raises:
        RetentionError: As :func:`churn` raises them.
    """
    unit = check_positive_int("unit_days", unit_days)
    if not isinstance(params, BgNbdParams):
        msg = f"params: expected a BgNbdParams, got {describe(params)}"
        raise InvalidTypeError(msg)
    if is_dask(frame):
        from retention import chain  # noqa: PLC0415 - Dask's own partition by partition

        lazy = chain.summaries(
            frame, as_of=as_of, unit_days=unit, customer_id=customer_id, date=date
        )
        meta = _p_alive_part(lazy._meta, params)  # noqa: SLF001 - Dask's empty frame
        return lazy.map_partitions(_p_alive_part, params, meta=meta)
    checked, today = _checked(frame, as_of=as_of, customer_id=customer_id, date=date)
    nw = narwhals()
    per = _summary(checked, customer_id, today=today, unit=unit)
    result = per.with_columns(_p_alive(nw, params).alias("p_alive"))
    return result.to_native() if checked.lazy else nw.maybe_reset_index(result).to_native()


def summaries(
    frame: object,
    *,
    as_of: dt.date,
    unit_days: int = 7,
    customer_id: str = "customer_id",
    date: str = "date",
) -> tuple[Any, Any, Any]:
    """Every customer's BG/NBD ``(x, t_x, T)`` as three numpy arrays (customer-ID order).

    The arrays :func:`retention.churn.rfm_summary` gives customer by customer, computed
    in the frame's engine (a lazy frame is collected to one row per customer).

    Raises:
        RetentionError: As :func:`churn` raises them.
    """
    unit = check_positive_int("unit_days", unit_days)
    if is_dask(frame):
        from retention import chain  # noqa: PLC0415 - Dask's own partition by partition

        lazy = chain.summaries(
            frame, as_of=as_of, unit_days=unit, customer_id=customer_id, date=date
        )
        per = lazy.compute().sort_values(customer_id)
        require_rows(len(per))
        return per["x"].to_numpy().astype("int64"), per["t_x"].to_numpy(), per["T"].to_numpy()
    checked, today = _checked(frame, as_of=as_of, customer_id=customer_id, date=date)
    per = _summary(checked, CID, today=today, unit=unit)
    if checked.lazy:
        per = per.collect()
    require_rows(len(per))
    return per["x"].to_numpy(), per["t_x"].to_numpy(), per["T"].to_numpy()


def fit_bgnbd(
    frame: object,
    *,
    as_of: dt.date,
    unit_days: int = 7,
    penalizer: float = 0.0,
    customer_id: str = "customer_id",
    date: str = "date",
) -> BgNbdParams:
    """Fit BG/NBD parameters on a frame's purchases (CHURN-PALIVE), with scipy.

    The summaries are computed in the frame's engine (:func:`summaries`), then
    :func:`retention.churn.fit_bgnbd`'s maximum likelihood runs on them.

    Returns:
        The parameters, in units of ``unit_days``.

    Raises:
        MissingDependencyError: narwhals or scipy is not installed.
        RetentionError: The others :func:`churn` and :func:`retention.churn.fit_bgnbd` raise.
    """
    if is_dask(frame):  # only (x, t_x, T) reaches the driver, not the IDs
        from retention import chain  # noqa: PLC0415 - Dask's own partition by partition

        return chain.fit_bgnbd(
            frame,
            as_of=as_of,
            unit_days=unit_days,
            penalizer=penalizer,
            customer_id=customer_id,
            date=date,
        )
    from retention.churn._fit import fit_arrays  # noqa: PLC0415 - scipy's side, when used

    x, t_x, big_t = summaries(
        frame, as_of=as_of, unit_days=unit_days, customer_id=customer_id, date=date
    )
    return fit_arrays(x, t_x, big_t, penalizer=penalizer)
