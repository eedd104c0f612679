"""Early adopters: among the first buyers of a new product (SEG-EARLY).

Seed 004 counts the first users of new products among the loyal customers, and seed
001 names them as a customer type (the "experimenting" temperament). The library flags
a customer who bought a launched product within ``window_days`` of its launch: on the
launch day or one of the ``window_days - 1`` days after it. A purchase before the
launch day (a pre-order) counts too unless the policy says otherwise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from retention._text import plural
from retention._validate import (
    check_date,
    check_id,
    check_iterable,
    describe,
    policy_flag_field,
    policy_int_field,
    validator,
)
from retention.customers import Purchase, check_purchase
from retention.exceptions import (
    DuplicateError,
    EmptyInputError,
    InvalidTypeError,
    UnknownCustomerError,
)
from retention.mappings import FrozenMap
from retention.rules import Reason

__all__ = ["EarlyAdopterPolicy", "EarlyAdoption", "Launch", "find_early_adopters"]


@attrs.frozen
class Launch:
    """The launch of a new product.

    Attributes:
        product: The product, as it appears in :attr:`Purchase.product`.
        date: The launch day.
    """

    product: str = attrs.field(validator=validator(check_id))
    date: dt.date = attrs.field(kw_only=True, validator=validator(check_date))


@attrs.frozen(kw_only=True)
class EarlyAdopterPolicy:
    """Who counts as an early adopter (SEG-EARLY).

    Attributes:
        window_days: A purchase on the launch day or in the ``window_days - 1`` days
            after it is early (default 30: the first 30 days; 1 to 365, since a
            purchase a year after the launch is not early).
        include_preorders: Whether a purchase before the launch day counts as early.
    """

    window_days: int = policy_int_field("window_days", 30, low=1, high=365)
    include_preorders: bool = policy_flag_field("include_preorders", default=True)


@attrs.frozen(kw_only=True)
class EarlyAdoption:
    """One early adopter and the launches they were early for.

    Attributes:
        customer_id: The customer.
        products: The launched products they bought early, sorted.
        reasons: One SEG-EARLY reason per product, with the days since launch.
    """

    customer_id: str
    products: tuple[str, ...]
    reasons: tuple[Reason, ...]


def _missing_customer(key: object) -> UnknownCustomerError:
    return UnknownCustomerError(f"customer_id: {key!r} is not an early adopter in this input")


def find_early_adopters(
    purchases: Iterable[Purchase],
    launches: Iterable[Launch],
    policy: EarlyAdopterPolicy | None = None,
) -> FrozenMap[str, EarlyAdoption]:
    """Find the customers who bought a new product early (SEG-EARLY).

    Args:
        purchases: All purchases, in any order.
        launches: The launches to look at; one per product.
        policy: The window; ``EarlyAdopterPolicy()`` (30 days) when omitted.

    Returns:
        A read-only mapping from customer ID to :class:`EarlyAdoption`, holding only
        the early adopters, so ``customer_id in result`` is the flag.

    Raises:
        EmptyInputError: No launches.
        DuplicateError: Two launches of the same product.
        InvalidTypeError: An item of the wrong type.
    """
    policy = EarlyAdopterPolicy() if policy is None else policy
    if not isinstance(policy, EarlyAdopterPolicy):
        msg = f"policy: expected an EarlyAdopterPolicy, got {describe(policy)}"
        raise InvalidTypeError(msg)
    launched = _index_launches(check_iterable("launches", launches, "Launch"))
    firsts = _first_purchases(check_iterable("purchases", purchases, "Purchase"), launched, policy)
    result = {}
    for cid, bought in firsts.items():
        early = []
        for product in sorted(bought):
            days = (bought[product] - launched[product]).days
            if days < policy.window_days:
                early.append((product, _detail(product, bought[product], days, launched, policy)))
        if early:
            result[cid] = EarlyAdoption(
                customer_id=cid,
                products=tuple(p for p, _ in early),
                reasons=tuple(Reason("SEG-EARLY", detail=d) for _, d in early),
            )
    return FrozenMap(result, missing=_missing_customer)


def _index_launches(launches: Iterable[Launch]) -> dict[str, dt.date]:
    """Return product -> launch day, refusing duplicates and an empty input."""
    launched: dict[str, dt.date] = {}
    for launch in launches:
        if not isinstance(launch, Launch):
            msg = f"launches: expected Launch items, got {describe(launch)}"
            raise InvalidTypeError(msg)
        if launch.product in launched:
            msg = (
                f"launches: expected one launch per product, got {launch.product!r} "
                f"on {launched[launch.product]} and on {launch.date}"
            )
            raise DuplicateError(msg)
        launched[launch.product] = launch.date
    if not launched:
        msg = "launches: expected at least one product launch, got none"
        raise EmptyInputError(msg)
    return launched


def _first_purchases(
    purchases: Iterable[Purchase], launched: dict[str, dt.date], policy: EarlyAdopterPolicy
) -> dict[str, dict[str, dt.date]]:
    """Return customer -> launched product -> the first day they bought it.

    Without pre-orders, purchases before the launch day are left out, so a customer who
    pre-ordered and bought again on day 2 is early by the day-2 purchase.
    """
    firsts: dict[str, dict[str, dt.date]] = {}
    for purchase in purchases:
        check_purchase(purchase)
        product = purchase.product
        if product is None or product not in launched:
            continue
        if not policy.include_preorders and purchase.date < launched[product]:
            continue
        seen = firsts.setdefault(purchase.customer_id, {})
        if product not in seen or purchase.date < seen[product]:
            seen[product] = purchase.date
    return firsts


def _detail(
    product: str, day: dt.date, days: int, launched: dict[str, dt.date], policy: EarlyAdopterPolicy
) -> str:
    when = (
        f"{plural(-days, 'day')} before its launch on {launched[product]} (pre-order)"
        if days < 0
        else f"on day {days + 1} after its launch on {launched[product]}"
    )
    return (
        f"first bought {product!r} on {day}, {when}, within the first "
        f"{policy.window_days} days: early adopter, counted with the loyal for focus"
    )
