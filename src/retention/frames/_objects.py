"""Purchases from a frame as :class:`~retention.customers.Purchase` values.

The steps that need one object per purchase (histories for attitude and early
adopters, the purchases a plan reads) get them from here. The columns are checked in
the frame's engine first, with the same rules and messages as the other frame steps.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

from retention._validate import check_id, check_optional_label, is_missing, to_money
from retention.customers import CustomerHistory, Purchase, build_histories
from retention.exceptions import InvalidInputError, InvalidTypeError
from retention.frames._columns import (
    DATE,
    DAY,
    _as_narwhals,
    _at,
    _name,
    from_day_number,
    is_dask,
    read_purchases,
)
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
    amounts = checked.source[amount].to_list()
    columns = {
        field: [None if is_missing(v) else v for v in checked.source[column].to_list()]
        for field, column in wanted.items()
    }
    try:
        return _made(ids, checked.frame[DAY].to_list(), amounts, columns, amount)
    except (InvalidInputError, InvalidTypeError, TypeError):
        pass  # the row-by-row pass below names the row (TypeError: an unhashable label)
    # Purchase checks what the engine did not (a blank ID, a label), named with the row.
    days = checked.frame[DATE].to_list()
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


def _made(
    ids: list[str],
    day_numbers: list[int],
    amounts: list[object],
    columns: dict[str, list[object]],
    amount: str,
) -> tuple[Purchase, ...]:
    """The purchases from columns the engine checked, each value checked once.

    A frame repeats its values (a customer's ID, a day, a price, a brand), so each
    distinct one is checked as :class:`Purchase` checks it, once, and the values are
    made with the checks done. The first bad value raises; the caller then names its row.
    """
    known_ids: dict[str, str] = {}
    known_days: dict[int, dt.date] = {}
    known_money: dict[object, tuple[Decimal, tuple[int, int]]] = {}
    known_labels: dict[str, dict[object, str | None]] = {field: {} for field in columns}
    label_columns = [(field, values, known_labels[field]) for field, values in columns.items()]
    made = []
    for i, cid in enumerate(ids):
        checked_id = known_ids.get(cid)
        if checked_id is None:
            checked_id = known_ids[cid] = check_id("customer_id", cid)
        number = day_numbers[i]
        day = known_days.get(number)
        if day is None:
            day = known_days[number] = from_day_number(number)
        value = amounts[i]
        # Equal floats or ints read the same; a Decimal or text keeps its own places
        # (Decimal("5.00") == Decimal(5)), so those are read each time.
        seen = type(value) is float or type(value) is int
        cached = known_money.get(value) if seen else None
        money, units = cached if cached is not None else (to_money(amount, value), None)
        labels: dict[str, str | None] = {}
        for field, values, known in label_columns:
            label = values[i]
            if label is None:
                labels[field] = None
            elif label in known:
                labels[field] = known[label]
            else:
                labels[field] = known[label] = check_optional_label(field, label)
        purchase = Purchase._of(  # noqa: SLF001 - every field checked above, as Purchase does
            checked_id,
            day,
            money,
            labels.get("brand"),
            labels.get("product"),
            labels.get("category"),
            units=units,
        )
        exact = purchase._units  # noqa: SLF001 - derived by Purchase from the amount
        if seen and cached is None and exact is not None:  # its 1/10,000ths, derived once
            known_money[value] = (money, (exact, purchase._places))  # noqa: SLF001
        made.append(purchase)
    return tuple(made)


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
