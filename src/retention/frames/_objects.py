"""Purchases from a frame as :class:`~retention.customers.Purchase` values.

The steps that need one object per purchase (histories for attitude and early
adopters, the purchases a plan reads) get them from here. The columns are checked in
the frame's engine first, with the same rules and messages as the other frame steps.
"""

from __future__ import annotations

from functools import partial

from retention._validate import is_missing
from retention.customers import CustomerHistory, Purchase, build_histories
from retention.frames._columns import DATE, _as_narwhals, _at, _name, is_dask, read_purchases
from retention.frames._columns import _schema as schema_of
from retention.mappings import FrozenMap

__all__ = ["histories", "purchases"]


def purchases(
    frame: object,
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    brand: str | None = None,
    product: str | None = None,
    category: str | None = None,
) -> tuple[Purchase, ...]:
    """Every row of a frame as a :class:`~retention.customers.Purchase`, in row order.

    Args:
        frame: Purchases (pandas, polars, pyarrow, DuckDB, Dask; a lazy frame is
            collected first).
        customer_id: The customer-ID column.
        date: The day column.
        amount: The amount column (at most 4 decimal places).
        brand: The brand column, if any (``None``, NaN and NA read as missing).
        product: The product column, if any.
        category: The category column, if any.

    Returns:
        The purchases, equal to building each :class:`Purchase` from the row's values.

    Raises:
        RetentionError: As :func:`retention.frames.spend_totals` and
            :func:`retention.frames.churn` raise them.
    """
    labels = {"brand": brand, "product": product, "category": category}
    wanted = {field: _name(field, column) for field, column in labels.items() if column is not None}
    if is_dask(frame):  # one collect, as for other lazy frames
        frame = frame.compute()  # type: ignore[attr-defined]
    wrapped, lazy = _as_narwhals(frame)  # not a frame: InvalidTypeError, as the others
    if lazy:  # one collect: the row order is then fixed
        wrapped = wrapped.collect()
    checked = read_purchases(wrapped, customer_id=customer_id, amount=amount, date=date)
    schema_of(checked.source, wanted)
    ids = checked.source[customer_id].to_list()
    days = checked.frame[DATE].to_list()
    amounts = checked.source[amount].to_list()
    columns = {
        field: [None if is_missing(v) else v for v in checked.source[column].to_list()]
        for field, column in wanted.items()
    }
    # Purchase checks what the engine did not (a blank ID, a label), named with the row.
    return tuple(
        _at(
            i,
            partial(
                Purchase,
                cid,
                date=day,
                amount=money,
                **{field: values[i] for field, values in columns.items()},
            ),
        )
        for i, (cid, day, money) in enumerate(zip(ids, days, amounts, strict=True))
    )


def histories(
    frame: object,
    *,
    customer_id: str = "customer_id",
    date: str = "date",
    amount: str = "amount",
    brand: str | None = "brand",
    product: str | None = "product",
    category: str | None = None,
) -> FrozenMap[str, CustomerHistory]:
    """Each customer's history from a frame, for attitude and early adopters.

    :func:`retention.customers.build_histories` of :func:`purchases`: attitude
    (SEG-ATTITUDE) reads the brands of each customer's purchases in time, and early
    adopters (SEG-EARLY) the products, so the history holds one
    :class:`~retention.customers.Purchase` per row.

    Args:
        frame: Purchases (see :func:`purchases`).
        customer_id: The customer-ID column.
        date: The day column.
        amount: The amount column.
        brand: The brand column (``None`` when the frame has none).
        product: The product column (``None`` when the frame has none).
        category: The category column, if any.

    Returns:
        The same mapping :func:`~retention.customers.build_histories` gives.

    Raises:
        RetentionError: As :func:`purchases` raises them.
    """
    return build_histories(
        purchases(
            frame,
            customer_id=customer_id,
            date=date,
            amount=amount,
            brand=brand,
            product=product,
            category=category,
        )
    )
