"""The customer-series degree of a customer base (SEG-SERIES).

Seed 004: the "customer series" is the store's loyal customers and early adopters, or
its A-class customers; a high degree signals a good store image and draws
brand-switching and no-loyalty customers. The library's index is the share of
customers who are in the series: loyal (by attitude), early adopters, or class A (a
customer who is several of these counts once).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import Decimal

import attrs

from retention._decimal import share
from retention._text import percent
from retention._validate import describe, key_repr
from retention.exceptions import EmptyInputError, InvalidTypeError, UnknownCustomerError
from retention.rules import Reason
from retention.segmentation._abc import AbcClass
from retention.segmentation._attitude import AttitudeResult

__all__ = ["SeriesIndex", "series_index"]


@attrs.frozen(kw_only=True)
class SeriesIndex:
    """How much of a customer base is in the customer series (SEG-SERIES).

    Attributes:
        customers: The size of the base.
        loyal: Customers whose attitude is loyal.
        early_adopters: Customers flagged as early adopters.
        a_class: Customers in class A.
        members: The customers in the series (any of the three), sorted.
        index: ``len(members) / customers``, from 0 to 1.
        reasons: Why (SEG-SERIES), with the parts.
    """

    customers: int
    loyal: int
    early_adopters: int
    a_class: int
    members: tuple[str, ...]
    index: Decimal
    reasons: tuple[Reason, ...]

    @property
    def loyal_share(self) -> Decimal:
        """Share of the base that is loyal."""
        return share(self.loyal, self.customers)

    @property
    def early_adopter_share(self) -> Decimal:
        """Share of the base that adopted a new product early."""
        return share(self.early_adopters, self.customers)

    @property
    def a_class_share(self) -> Decimal:
        """Share of the base in class A."""
        return share(self.a_class, self.customers)


def _subset(field: str, keys: Collection[str], base: Mapping[str, AbcClass]) -> None:
    for cid in keys:
        if cid not in base:
            msg = f"{field}: customer {cid!r} is not in the ABC result's customer base"
            raise UnknownCustomerError(msg)


def series_index(
    abc: Mapping[str, AbcClass],
    *,
    attitudes: Mapping[str, AttitudeResult] | None = None,
    early_adopters: Collection[str] = (),
) -> SeriesIndex:
    """Measure the customer-series degree of a base (SEG-SERIES).

    Args:
        abc: The ABC class of every customer; its keys are the customer base.
        attitudes: Attitude results by customer (customers left out are not loyal).
        early_adopters: The early adopters' IDs (e.g. the result of
            :func:`~retention.segmentation.find_early_adopters`).

    Returns:
        The index and its parts.

    Raises:
        EmptyInputError: The base is empty.
        UnknownCustomerError: ``attitudes`` or ``early_adopters`` name a customer
            outside the base.
        InvalidTypeError: An argument has the wrong type.
    """
    if not isinstance(abc, Mapping):
        msg = f"abc: expected a mapping of customer ID to AbcClass, got {describe(abc)}"
        raise InvalidTypeError(msg)
    if not abc:
        msg = "abc: expected at least one customer, got none"
        raise EmptyInputError(msg)
    attitudes = {} if attitudes is None else attitudes
    if not isinstance(attitudes, Mapping):
        msg = (
            "attitudes: expected a mapping of customer ID to AttitudeResult, "
            f"got {describe(attitudes)}"
        )
        raise InvalidTypeError(msg)
    if isinstance(early_adopters, str | bytes) or not isinstance(early_adopters, Collection):
        msg = (
            f"early_adopters: expected a collection of customer IDs, got {describe(early_adopters)}"
        )
        raise InvalidTypeError(msg)
    for cid, abc_class in abc.items():
        if not isinstance(abc_class, AbcClass):
            msg = f"abc[{key_repr(cid)}]: expected an AbcClass, got {describe(abc_class)}"
            raise InvalidTypeError(msg)
    _subset("attitudes", attitudes, abc)
    _subset("early_adopters", early_adopters, abc)
    for cid, result in attitudes.items():
        if not isinstance(result, AttitudeResult):
            msg = f"attitudes[{cid!r}]: expected an AttitudeResult, got {describe(result)}"
            raise InvalidTypeError(msg)
    loyal = {cid for cid, result in attitudes.items() if result.is_loyal}
    early = set(early_adopters)
    a_class = {cid for cid, abc_class in abc.items() if abc_class is AbcClass.A}
    members = tuple(sorted(loyal | early | a_class))
    n = len(abc)
    index = share(len(members), n)
    detail = (
        f"{len(members)} of {n} customers ({percent(index)}) are in "
        f"the series: loyal {len(loyal)}, early adopters {len(early)}, class A {len(a_class)} "
        "(each customer counted once)"
    )
    return SeriesIndex(
        customers=n,
        loyal=len(loyal),
        early_adopters=len(early),
        a_class=len(a_class),
        members=members,
        index=index,
        reasons=(Reason("SEG-SERIES", detail=detail),),
    )
