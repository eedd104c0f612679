"""Purchases, per-customer histories and spend totals.

A store passes its purchases as :class:`Purchase` values, in any order. One pass turns
them into spend totals (:func:`spend_totals`, the input of ABC classification) or full
histories (:func:`build_histories`, the input of attitude and early-adopter analysis).
Nothing here mutates its input, and the result never depends on the input's order.

Example:
    >>> import datetime as dt
    >>> from retention.customers import Purchase, spend_totals
    >>> purchases = [
    ...     Purchase(customer_id="c1", date=dt.date(2025, 3, 1), amount="19.90"),
    ...     Purchase(customer_id="c1", date=dt.date(2025, 3, 9), amount=5),
    ...     Purchase(customer_id="c2", date=dt.date(2025, 3, 2), amount="7.50"),
    ... ]
    >>> dict(spend_totals(purchases))
    {'c1': Decimal('24.90'), 'c2': Decimal('7.50')}
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal, localcontext
from typing import Any

import attrs

from retention._decimal import EXACT, ZERO
from retention._validate import (
    check_by_customer,
    check_count,
    check_date,
    check_id,
    check_iterable,
    check_optional_label,
    check_positive_int,
    describe,
    to_money,
    validator,
)
from retention.exceptions import InvalidInputError, InvalidTypeError, UnknownCustomerError
from retention.mappings import FrozenMap

__all__ = [
    "UNIT_PLACES",
    "CustomerHistory",
    "Purchase",
    "SpendTotals",
    "build_histories",
    "spend_totals",
]


def _amount(value: object) -> Decimal:
    return to_money("amount", value)


@attrs.frozen
class Purchase:
    """One purchase by one customer.

    Attributes:
        customer_id: The host's opaque customer ID (a non-empty string; an ``np.str_``
            is kept as a ``str``).
        date: The day of the purchase (a ``datetime.date``; a ``datetime`` is refused).
            A pandas ``Timestamp`` or numpy ``datetime64`` at midnight without a time
            zone is taken as its day; one with a time of day or a zone is refused (use
            ``.dt.date`` or ``.dt.normalize()``), and so is NaT.
        amount: What the customer paid, as a ``Decimal``. Ints, Decimals and decimal
            strings are taken as they are, numpy and pandas integers as ints. A finite
            float becomes the shortest decimal that reads back as the same float, so
            ``19.99`` and ``np.float64(19.99)`` give ``Decimal("19.99")`` (what was
            typed, not the binary expansion); ``np.float32`` and ``np.float16`` the
            same in their own precision. NaN, ``pd.NA``, infinities, negative amounts
            and bools (``np.bool_`` too) are refused: net refunds before passing
            purchases in.
        brand: The brand bought, if known (used for attitude, SEG-ATTITUDE). ``None``,
            NaN and ``pd.NA`` (a table's empty cell) all read as unknown, ``None``.
        product: The product bought, if known (used for early adopters, SEG-EARLY);
            missing as for ``brand``.
        category: The product category, if known; missing as for ``brand``.

    Raises:
        InvalidTypeError: A field has the wrong type.
        InvalidInputError: A field has a value out of range (empty ID, negative amount).
    """

    customer_id: str = attrs.field(validator=validator(check_id))
    date: dt.date = attrs.field(kw_only=True, validator=validator(check_date))
    amount: Decimal = attrs.field(kw_only=True, converter=_amount)
    brand: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    product: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    category: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    # Derived from amount (never passed in): the amount in 1/10,000ths when exact, and
    # its number of decimal places (so totals show the places Decimal addition would).
    _units: int | None = attrs.field(init=False, repr=False, eq=False, hash=False)
    _places: int = attrs.field(init=False, repr=False, eq=False, hash=False)

    def __attrs_post_init__(self) -> None:
        """Derive the integer amount used by :func:`spend_totals`."""
        exponent = self.amount.as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        object.__setattr__(self, "_places", places)
        object.__setattr__(
            self,
            "_units",
            int(EXACT.scaleb(self.amount, UNIT_PLACES)) if places <= UNIT_PLACES else None,
        )

    @classmethod
    def _of(  # noqa: PLR0917 - positional like the columns it reads; private
        cls,
        customer_id: str,
        day: dt.date,
        amount: Decimal,
        brand: str | None = None,
        product: str | None = None,
        category: str | None = None,
        *,
        units: tuple[int, int] | None = None,
    ) -> Purchase:
        """A purchase from values already checked as the constructor checks them.

        For the library's readers that check whole columns first (the command line's
        columnar reader); the fields are set without their validators. ``units`` is the
        amount in 1/10,000ths and its decimal places when the reader knows them (at most
        :data:`UNIT_PLACES` places), which spares deriving them from the ``Decimal``.
        """
        purchase = object.__new__(cls)
        for name, value in (
            ("customer_id", customer_id),
            ("date", day),
            ("amount", amount),
            ("brand", brand),
            ("product", product),
            ("category", category),
        ):
            object.__setattr__(purchase, name, value)
        if units is None:
            purchase.__attrs_post_init__()
        else:
            object.__setattr__(purchase, "_units", units[0])
            object.__setattr__(purchase, "_places", units[1])
        return purchase

    def sort_key(self) -> tuple[dt.date, Decimal, str, str, str]:
        """Return the key that orders a customer's purchases in time, ties included.

        Purchases on the same day are ordered by amount, then brand, product and
        category, so the order never depends on the order they arrived in. Two
        purchases equal in every field are interchangeable.
        """
        return (
            self.date,
            self.amount,
            self.brand or "",
            self.product or "",
            self.category or "",
        )


def check_purchase(item: object) -> Purchase:
    """Return ``item`` if it is a :class:`Purchase`, else raise ``InvalidTypeError``."""
    if not isinstance(item, Purchase):
        msg = f"purchases: expected Purchase items, got {describe(item)}"
        raise InvalidTypeError(msg)
    return item


def _missing_customer(key: object) -> UnknownCustomerError:
    return UnknownCustomerError(f"customer_id: no customer {key!r} in this input")


def _check_history(customer_id: str, value: object) -> None:
    if not isinstance(value, tuple) or not value:
        msg = f"purchases: expected a non-empty tuple of Purchase, got {describe(value)}"
        raise InvalidInputError(msg)
    previous = None
    for purchase in value:
        check_purchase(purchase)
        if purchase.customer_id != customer_id:
            msg = (
                f"purchases: expected purchases of customer {customer_id!r}, "
                f"got one of {purchase.customer_id!r}"
            )
            raise InvalidInputError(msg)
        key = purchase.sort_key()
        if previous is not None and key < previous:
            msg = (
                "purchases: expected time order (use CustomerHistory.of to sort), "
                f"got {purchase.date} after {previous[0]}"
            )
            raise InvalidInputError(msg)
        previous = key


@attrs.frozen
class CustomerHistory:
    """All purchases of one customer, in time order.

    Build one with :meth:`of` (which sorts) or get all of them from
    :func:`build_histories`.

    Attributes:
        customer_id: The customer.
        purchases: The purchases, ordered by :meth:`Purchase.sort_key`.
    """

    customer_id: str = attrs.field(validator=validator(check_id))
    purchases: tuple[Purchase, ...] = attrs.field(kw_only=True)

    def __attrs_post_init__(self) -> None:
        """Check the purchases: this customer's, in time order (a cross-field rule)."""
        _check_history(self.customer_id, self.purchases)

    @classmethod
    def of(cls, customer_id: str, purchases: Iterable[Purchase]) -> CustomerHistory:
        """Build a history from one customer's purchases in any order."""
        items = list(check_iterable("purchases", purchases, "Purchase"))
        for purchase in items:
            check_purchase(purchase)
        items.sort(key=Purchase.sort_key)
        return cls(customer_id, purchases=tuple(items))

    @property
    def total(self) -> Decimal:
        """The customer's total spend."""
        with localcontext(EXACT):
            return sum((p.amount for p in self.purchases), ZERO)

    @property
    def first_date(self) -> dt.date:
        """The day of the first purchase."""
        return self.purchases[0].date

    @property
    def last_date(self) -> dt.date:
        """The day of the last purchase."""
        return self.purchases[-1].date

    @property
    def brands(self) -> tuple[str, ...]:
        """The brands bought, in time order (purchases with no brand are left out)."""
        return tuple(p.brand for p in self.purchases if p.brand is not None)


#: Amounts with at most this many decimal places are summed as exact integers of
#: 10**-UNIT_PLACES (an integer sum allocates less and sorts faster than Decimal).
UNIT_PLACES = 4
_UNIT = 10**UNIT_PLACES


class SpendTotals(FrozenMap[str, Decimal]):
    """Spend per customer, as returned by :func:`spend_totals`.

    A read-only mapping from customer ID to ``Decimal``, iterated in customer-ID order.
    Its values are known to be valid amounts, so ABC classification skips checking them.

    When every amount had at most :data:`UNIT_PLACES` decimal places, the totals are
    kept as exact integers and each ``Decimal`` is made when asked for, with as many
    decimal places as the most precise amount had (``19.90 + 5`` gives ``24.90``).
    """

    __slots__ = ("_places", "_units")

    def __init__(
        self,
        data: dict[str, Decimal] | None = None,
        *,
        units: dict[str, int] | None = None,
        places: int = UNIT_PLACES,
    ) -> None:
        """Wrap Decimal totals, or integer totals in 1/10,000ths (exactly one of them).

        ``places`` is how many decimal places the integer totals are shown with. The
        totals are checked (string IDs, valid amounts, ``places`` from 0 to
        :data:`UNIT_PLACES`) and copied, since classification trusts them.
        """
        if (data is None) == (units is None):
            msg = "SpendTotals: expected exactly one of data and units"
            raise InvalidInputError(msg)
        if data is not None:
            self._setup(check_by_customer("data", data, "total", to_money), None, UNIT_PLACES)
        else:
            shown = check_positive_int("places", places, minimum=0, maximum=UNIT_PLACES)
            self._setup({}, check_by_customer("units", units, "total", check_count), shown)

    @classmethod
    def _of(
        cls, data: dict[str, Decimal], units: dict[str, int] | None, places: int
    ) -> SpendTotals:
        """Wrap totals :func:`spend_totals` summed from checked purchases, unchecked."""
        totals = cls.__new__(cls)
        totals._setup(data, units, places)  # noqa: SLF001 - the class's own constructor
        return totals

    def _setup(self, data: dict[str, Decimal], units: dict[str, int] | None, places: int) -> None:
        super().__init__(data, missing=_missing_customer)
        self._units = units
        self._places = places

    def _numbers(self) -> tuple[dict[str, int] | dict[str, Decimal], Callable[[Any], Decimal]]:
        """The raw totals (ints or Decimals) and the function that turns one into money.

        For the library's own fast paths; the raw dict must not be changed.
        """
        if self._units is None:
            return self._data, _same
        return self._units, self._money

    def to_money(self, units: int | Decimal) -> Decimal:
        """Turn a number of 1/10,000ths (or a Decimal) into money like the totals.

        Raises:
            InvalidTypeError: ``units`` is not an int or a Decimal.
            InvalidInputError: ``units`` is negative, or a Decimal NaN or infinity.
        """
        if isinstance(units, Decimal):
            return to_money("units", units)
        return self._money(check_count("units", units))

    def _money(self, units: int | Decimal) -> Decimal:
        """:meth:`to_money` of a total this map holds (already checked)."""
        if self._units is None or isinstance(units, Decimal):
            return Decimal(units)
        places = self._places
        return EXACT.scaleb(Decimal(units // 10 ** (UNIT_PLACES - places)), -places)

    def _raw(self) -> dict[str, Decimal]:
        """The Decimal totals, made once when first needed."""
        units = self._units
        if units is not None and len(self._data) != len(units):
            money = self._money
            self._data = {cid: money(u) for cid, u in units.items()}
        return self._data

    def __getitem__(self, customer_id: str) -> Decimal:
        """Return the total of ``customer_id``."""
        units = self._units
        if units is None:
            return super().__getitem__(customer_id)
        try:
            return self._money(units[customer_id])
        except KeyError:
            raise _missing_customer(customer_id) from None

    def __contains__(self, customer_id: object) -> bool:
        """Say whether ``customer_id`` bought anything."""
        return customer_id in (self._data if self._units is None else self._units)

    def __len__(self) -> int:
        """Return the number of customers."""
        return len(self._data if self._units is None else self._units)

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as a SpendTotals with the same totals."""
        if self._units is None:
            return (SpendTotals, (dict(self._data),))
        return (_rebuild_units, (dict(self._units), self._places))


def _rebuild_units(units: dict[str, int], places: int) -> SpendTotals:
    return SpendTotals(units=units, places=places)


def _same(value: Decimal) -> Decimal:
    return value


def spend_totals(purchases: Iterable[Purchase]) -> SpendTotals:
    """Sum each customer's spend in one pass over ``purchases``.

    Args:
        purchases: Purchases in any order; an iterator is consumed, a list is not changed.

    Returns:
        A read-only mapping from customer ID to total spend (exact sums, whatever the
        caller's decimal context). Empty input gives an empty mapping. Looking up an
        unknown customer raises :class:`UnknownCustomerError`.

    Raises:
        InvalidTypeError: ``purchases`` is not iterable, or an item is not a
            :class:`Purchase`.
    """
    items = check_iterable("purchases", purchases, "Purchase")
    units: dict[str, int] = {}
    get, purchase_type = units.get, Purchase  # locals: this loop is the hot path
    places = 0
    for purchase in items:
        if type(purchase) is not purchase_type:  # the fast test; subclasses go the slow way
            check_purchase(purchase)
        amount = purchase._units  # noqa: SLF001 - Purchase's own derived field
        if amount is None:
            return _exact_totals(units, purchase, items)
        # A comparison costs less than a max() call in this hot loop (hence PLR1730).
        if purchase._places > places:  # noqa: SLF001, PLR1730 - Purchase's derived field
            places = purchase._places  # noqa: SLF001
        cid = purchase.customer_id
        units[cid] = get(cid, 0) + amount
    return SpendTotals._of({}, units, places)  # noqa: SLF001 - sums of checked purchases


def _exact_totals(units: dict[str, int], first: Purchase, rest: Iterator[Purchase]) -> SpendTotals:
    """Finish the pass in Decimals once an amount has more than 4 decimal places."""
    with localcontext(EXACT):
        totals = {cid: Decimal(u).scaleb(-UNIT_PLACES) for cid, u in units.items()}
        get = totals.get
        for purchase in itertools.chain((first,), rest):
            check_purchase(purchase)
            cid = purchase.customer_id
            totals[cid] = get(cid, ZERO) + purchase.amount
    return SpendTotals._of(totals, None, UNIT_PLACES)  # noqa: SLF001 - checked purchases


def build_histories(purchases: Iterable[Purchase]) -> FrozenMap[str, CustomerHistory]:
    """Group purchases into one :class:`CustomerHistory` per customer, in one pass.

    Args:
        purchases: Purchases in any order; an iterator is consumed, a list is not changed.

    Returns:
        A read-only mapping from customer ID to that customer's history, iterated in
        customer-ID order. Empty input gives an empty mapping.

    Raises:
        InvalidTypeError: ``purchases`` is not iterable, or an item is not a
            :class:`Purchase`.
    """
    groups: dict[str, list[Purchase]] = {}
    for purchase in check_iterable("purchases", purchases, "Purchase"):
        check_purchase(purchase)
        groups.setdefault(purchase.customer_id, []).append(purchase)
    histories = {}
    for cid, items in groups.items():
        items.sort(key=Purchase.sort_key)
        histories[cid] = CustomerHistory(cid, purchases=tuple(items))
    return FrozenMap(histories, missing=_missing_customer)
