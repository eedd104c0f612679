"""A deterministic sample store for the demo, tutorials and tests.

:func:`sample_store` builds the same store for the same seed on every machine: a few
hundred customers of five kinds (hard-core loyal, split loyal, shifting, switchers and
occasional buyers), two product launches with early adopters among the buyers, and
spend spread the way retail spend usually is (a few big customers, many small ones).
It uses its own seeded ``random.Random``; nothing global is touched.
"""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import attrs

from retention._validate import check_positive_int
from retention.customers import Purchase
from retention.mappings import FrozenMap
from retention.segmentation import Attitude, Launch

__all__ = ["SampleStore", "sample_store"]

_BRANDS = ("Acme", "Brio", "Cato", "Dune", "Eko")
_CATEGORIES = ("skin care", "hair care", "make-up")
_PRODUCTS = {
    "skin care": ("Day Cream", "Night Cream", "Toner"),
    "hair care": ("Shampoo", "Conditioner"),
    "make-up": ("Lipstick", "Foundation"),
}
_LAUNCHES = (("Glow Serum", dt.date(2025, 3, 1)), ("Calm Mask", dt.date(2025, 9, 15)))
_START = dt.date(2025, 1, 1)
_DAYS = 334  # 2025-01-01 .. 2025-11-30
_EXPERIMENTING = 0.2  # share of customers who buy the launches (most of them early)
_DECLARING = 0.1  # share of customers who declared an attitude in a survey


@attrs.frozen(kw_only=True)
class SampleStore:
    """A sample store's data.

    Attributes:
        purchases: Every purchase, in the order a till would export them (by day).
        launches: The two product launches of the year.
        declared: Attitudes some customers declared in a survey.
        as_of: The day after the last purchase, the demo's "today".
    """

    purchases: tuple[Purchase, ...]
    launches: tuple[Launch, ...]
    declared: FrozenMap[str, Attitude]
    as_of: dt.date


def _brand_plan(kind: str, rng: random.Random, visits: int) -> list[str]:
    """Return the brands of a customer's ``visits`` purchases for their kind."""
    first, second = rng.sample(_BRANDS, 2)
    if kind == "hard_core":
        return [first] * visits
    if kind == "split":
        return [rng.choice((first, second)) for _ in range(visits)]
    if kind == "shifting":
        switch = max(2, visits // 2)
        return [first] * switch + [second] * (visits - switch)
    return [rng.choice(_BRANDS) for _ in range(visits)]


def sample_store(*, customers: int = 240, seed: int = 2025) -> SampleStore:
    """Build the sample store: ``customers`` customers, about ten purchases each.

    Args:
        customers: How many customers (at least 10).
        seed: The seed of the store's own random generator.

    Returns:
        The store's purchases, launches, declared attitudes and "today".
    """
    check_positive_int("customers", customers, minimum=10)
    rng = random.Random(seed)  # noqa: S311 - sample data, not cryptography
    kinds = ("hard_core", "split", "shifting", "switcher", "occasional")
    weights = (0.25, 0.2, 0.15, 0.25, 0.15)
    purchases: list[Purchase] = []
    declared: dict[str, Attitude] = {}
    for number in range(customers):
        cid = f"C{number + 1:04d}"
        kind = rng.choices(kinds, weights)[0]
        visits = rng.randint(1, 2) if kind == "occasional" else rng.randint(4, 18)
        basket = rng.lognormvariate(3.6, 1.4)  # a customer's typical spend per visit
        days = sorted(rng.randrange(_DAYS) for _ in range(visits))
        experimenting = rng.random() < _EXPERIMENTING
        for day, brand in zip(days, _brand_plan(kind, rng, visits), strict=True):
            category = rng.choice(_CATEGORIES)
            product = rng.choice(_PRODUCTS[category])
            amount = Decimal(f"{basket * rng.uniform(0.5, 1.6):.2f}")
            purchases.append(
                Purchase(
                    cid,
                    date=_START + dt.timedelta(days=day),
                    amount=amount,
                    brand=brand,
                    product=product,
                    category=category,
                )
            )
        if experimenting:
            for product, launched in _LAUNCHES:
                delay = rng.randrange(0, 45)
                purchases.append(
                    Purchase(
                        cid,
                        date=launched + dt.timedelta(days=delay),
                        amount=Decimal(f"{rng.uniform(60, 180):.2f}"),
                        brand="Acme",
                        product=product,
                        category="skin care",
                    )
                )
        if rng.random() < _DECLARING:
            declared[cid] = rng.choice(tuple(Attitude))
    purchases.sort(key=lambda p: (p.date, p.customer_id))
    return SampleStore(
        purchases=tuple(purchases),
        launches=tuple(Launch(p, date=d) for p, d in _LAUNCHES),
        declared=FrozenMap(declared),
        as_of=_START + dt.timedelta(days=_DAYS),
    )
