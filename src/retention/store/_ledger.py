"""PurchaseLedger: a store's purchases, checked once and held by columns.

Every step of a store's review reads the same purchases: the ABC classes their totals,
the attitudes and early adopters the brands and products, the early warning each
customer's purchase days, the planner the recent ones. The ledger checks them once
(:meth:`PurchaseLedger.of` takes :class:`~retention.customers.Purchase` values, the
command line's columnar reader hands over columns it checked in bulk) and keeps them as
columns: customer IDs, days, amounts in whole 1/10,000ths. The steps that need
``Purchase`` values get them from :meth:`PurchaseLedger.purchases`, for the customers
they need; the others work on the columns.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import NamedTuple

import attrs

from retention._validate import check_date, check_id, check_iterable
from retention.customers import UNIT_PLACES, Purchase, SpendTotals

__all__ = ["PurchaseLedger", "Visits"]

_LABELS = ("brand", "product", "category")


class Visits(NamedTuple):
    """One customer's purchases at a glance (a named tuple: one is made per customer).

    ``purchases`` is how many purchases, ``first`` and ``last`` the days of the first and
    the last.
    """

    purchases: int
    first: dt.date
    last: dt.date


def _places(amount: Decimal | str) -> int:
    """The decimal places ``amount`` is written with (``"12.50"``: 2)."""
    if isinstance(amount, Decimal):
        exponent = amount.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    point = amount.find(".")
    return 0 if point < 0 else len(amount) - point - 1


@attrs.frozen(eq=False)
class PurchaseLedger:
    """A store's purchases, checked once, one tuple per column.

    Build it with :meth:`of`. Two ledgers are equal when they hold the same purchases in
    any order.

    Attributes:
        customer_ids: The customer of each purchase.
        days: The day of each purchase as a proleptic ordinal (``date.toordinal()``).
        units: The amount of each purchase in whole 1/10,000ths.
        amounts: The amount of each purchase as given (a ``Decimal``, or the text a
            reader read, which keeps its decimal places).
        labels: ``brand``, ``product`` and ``category`` columns (``None`` for an unknown
            value); a column no purchase has is left out.
    """

    customer_ids: tuple[str, ...]
    days: tuple[int, ...] = attrs.field(kw_only=True)
    units: tuple[int, ...] = attrs.field(kw_only=True)
    amounts: tuple[Decimal | str, ...] = attrs.field(kw_only=True, repr=False)
    labels: dict[str, tuple[str | None, ...]] = attrs.field(kw_only=True, repr=False)
    # Each customer's purchase days, grouped once when first asked for (the fit and the
    # early warning both read them); derived from the columns, so not part of equality.
    _days_of: dict[str, list[dt.date]] | None = attrs.field(
        init=False, default=None, repr=False, eq=False
    )
    # The Purchase values of every row, in row order: those a ledger was made of, or
    # made once when all are first asked for (attitudes, early adopters and the planner
    # each read them all).
    _objects: tuple[Purchase, ...] | None = attrs.field(
        init=False, default=None, repr=False, eq=False
    )

    @classmethod
    def of(cls, purchases: Iterable[Purchase]) -> PurchaseLedger:
        """Check ``purchases`` (any order, any iterable) and hold them by columns.

        Raises:
            InvalidTypeError: ``purchases`` is not iterable, or an item is not a
                :class:`~retention.customers.Purchase`.
            InvalidInputError: An amount has more than 4 decimal places (the ledger
                counts in 1/10,000ths).
        """
        items = list(check_iterable("purchases", purchases, "Purchase"))
        units = []
        for index, item in enumerate(items):
            if not isinstance(item, Purchase):
                from retention.customers import check_purchase  # noqa: PLC0415 - the refusal

                check_purchase(item)
            exact = item._units  # noqa: SLF001 - derived by Purchase from its amount
            if exact is None:
                from retention.exceptions import InvalidInputError  # noqa: PLC0415

                msg = (
                    f"purchases[{index}].amount: expected at most {UNIT_PLACES} decimal "
                    f"places, got {item.amount}"
                )
                raise InvalidInputError(msg)
            units.append(exact)
        labels: dict[str, Sequence[str | None]] = {}
        for name in _LABELS:
            column = [getattr(p, name) for p in items]
            if any(value is not None for value in column):
                labels[name] = column
        ledger = cls._of(
            [p.customer_id for p in items],
            [p.date.toordinal() for p in items],
            units,
            [p.amount for p in items],
            labels,
        )
        object.__setattr__(ledger, "_objects", tuple(items))
        return ledger

    @classmethod
    def _of(
        cls,
        customer_ids: Sequence[str],
        days: Sequence[int],
        units: Sequence[int],
        amounts: Sequence[Decimal | str],
        labels: Mapping[str, Sequence[str | None]],
    ) -> PurchaseLedger:
        """A ledger of columns already checked as :class:`Purchase` checks its fields.

        For the library's readers that check whole columns (the command line's columnar
        reader); nothing is checked again.
        """
        return cls(
            tuple(customer_ids),
            days=tuple(days),
            units=tuple(units),
            amounts=tuple(amounts),
            labels={name: tuple(column) for name, column in labels.items()},
        )

    def __len__(self) -> int:
        """The number of purchases."""
        return len(self.customer_ids)

    def __eq__(self, other: object) -> bool:
        """Equal when both hold the same purchases, in any order."""
        if not isinstance(other, PurchaseLedger):
            return NotImplemented
        return self._rows() == other._rows()

    __hash__ = None  # type: ignore[assignment]  # equal ledgers may differ in order

    def _rows(self) -> list[tuple[object, ...]]:
        columns = [self.labels.get(name, (None,) * len(self)) for name in _LABELS]
        return sorted(
            zip(
                self.customer_ids,
                self.days,
                self.units,
                *((value or "" for value in column) for column in columns),
                strict=True,
            )
        )

    @property
    def first_day(self) -> dt.date | None:
        """The day of the first purchase (``None`` for an empty ledger)."""
        return dt.date.fromordinal(min(self.days)) if self.days else None

    @property
    def last_day(self) -> dt.date | None:
        """The day of the last purchase (``None`` for an empty ledger)."""
        return dt.date.fromordinal(max(self.days)) if self.days else None

    @property
    def has_brands(self) -> bool:
        """Whether any purchase names its brand (attitudes need brands, SEG-ATTITUDE)."""
        return "brand" in self.labels

    def up_to(self, day: dt.date) -> PurchaseLedger:
        """The purchases made on or before ``day`` (the ledger itself when all are).

        Raises:
            InvalidTypeError: ``day`` is not a date.
        """
        limit = check_date("day", day).toordinal()
        if all(d <= limit for d in self.days):
            return self
        keep = [i for i, d in enumerate(self.days) if d <= limit]
        kept = PurchaseLedger._of(
            [self.customer_ids[i] for i in keep],
            [self.days[i] for i in keep],
            [self.units[i] for i in keep],
            [self.amounts[i] for i in keep],
            _labels_at(self.labels, keep),
        )
        if self._objects is not None:
            objects = self._objects
            object.__setattr__(kept, "_objects", tuple(objects[i] for i in keep))
        return kept

    def totals(self) -> SpendTotals:
        """Each customer's spend (SEG-ABC), summed in whole 1/10,000ths.

        The totals show the most decimal places an amount was given with, as
        :func:`~retention.customers.spend_totals` of the same purchases does.
        """
        sums: dict[str, int] = {}
        get = sums.get
        for cid, amount in zip(self.customer_ids, self.units, strict=True):
            sums[cid] = get(cid, 0) + amount
        places = max(map(_places, set(self.amounts)), default=0)
        return SpendTotals(units=sums, places=places)

    def purchase_days(self) -> dict[str, list[dt.date]]:
        """Each customer's distinct purchase days, in order (the churn step's input).

        Grouped once per ledger; each call returns a new dict (the lists are shared and
        must not be changed).
        """
        days = self._days_of
        if days is None:
            days = self._group_days()
            object.__setattr__(self, "_days_of", days)
        return dict(days)

    def _group_days(self) -> dict[str, list[dt.date]]:
        seen: dict[str, set[int]] = {}
        for cid, day in zip(self.customer_ids, self.days, strict=True):
            days = seen.get(cid)
            if days is None:
                seen[cid] = {day}
            else:
                days.add(day)
        to_date = dt.date.fromordinal
        return {cid: [to_date(day) for day in sorted(days)] for cid, days in sorted(seen.items())}

    def visits(self) -> dict[str, Visits]:
        """Each customer's number of purchases and first and last purchase day."""
        seen: dict[str, list[int]] = {}
        for cid, day in zip(self.customer_ids, self.days, strict=True):
            known = seen.get(cid)
            if known is None:
                seen[cid] = [1, day, day]
            else:
                known[0] += 1
                known[1] = min(known[1], day)
                known[2] = max(known[2], day)
        to_date = dt.date.fromordinal
        return {
            cid: Visits(n, to_date(first), to_date(last))
            for cid, (n, first, last) in sorted(seen.items())
        }

    def purchases(self, customers: Collection[str] | None = None) -> list[Purchase]:
        """The purchases as :class:`Purchase` values (only ``customers``' when given).

        All of them are made once per ledger (or are the values it was made of); only
        some customers' are made each time they are asked for, so a step that needs a few
        customers' purchases does not make everyone's.

        Raises:
            InvalidTypeError: ``customers`` is not a collection of customer IDs.
        """
        if customers is not None:
            customers = {
                check_id("customers", cid)
                for cid in check_iterable("customers", customers, "customer IDs")
            }
            if self._objects is not None:
                return [p for p in self._objects if p.customer_id in customers]
            return self._made(customers)
        objects = self._objects
        if objects is None:
            objects = tuple(self._made(None))
            object.__setattr__(self, "_objects", objects)
        return list(objects)

    def _made(self, customers: Collection[str] | None) -> list[Purchase]:
        """Purchase values made from the columns (only ``customers``' when given)."""
        brand, product, category = (self.labels.get(name) for name in _LABELS)
        made = Purchase._of  # noqa: SLF001 - the columns were checked as Purchase checks
        return [
            made(
                cid,
                dt.date.fromordinal(self.days[i]),
                Decimal(self.amounts[i]),
                brand[i] if brand is not None else None,
                product[i] if product is not None else None,
                category[i] if category is not None else None,
                units=(self.units[i], _places(self.amounts[i])),
            )
            for i, cid in enumerate(self.customer_ids)
            if customers is None or cid in customers
        ]


def _labels_at(
    labels: Mapping[str, Sequence[str | None]], keep: Sequence[int]
) -> dict[str, list[str | None]]:
    """The label columns at the rows ``keep``, leaving out a column with no value there."""
    out = {}
    for name, column in labels.items():
        kept = [column[i] for i in keep]
        if any(value is not None for value in kept):
            out[name] = kept
    return out
