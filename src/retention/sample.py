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
from retention.cadence import OptOut, ServiceTask, StaffMember, StoreEvent
from retention.calendar import StoreDay
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
        country: The store's country, for its :class:`~retention.calendar.StoreCalendar`.
        store_days: The store's own days: a stocktaking closure and two occasions.
        staff: Three staff members with their daily capacity and days off.
        events: Three store events in the 60 days after :attr:`as_of`.
        club_members: Customers in the store's club (every twelfth customer).
        owners: The staff member who looks after some customers.
        opt_outs: Customers who opted out of messages or calls.
        service_tasks: Two complaint follow-ups due in the first week.
        todays_sales: Purchases made on :attr:`as_of` so far (not in :attr:`purchases`):
            the planner walks the returning ones to the door.
    """

    purchases: tuple[Purchase, ...]
    launches: tuple[Launch, ...]
    declared: FrozenMap[str, Attitude]
    as_of: dt.date
    country: str = "CN"
    store_days: tuple[StoreDay, ...] = ()
    staff: tuple[StaffMember, ...] = ()
    events: tuple[StoreEvent, ...] = ()
    club_members: frozenset[str] = frozenset()
    owners: FrozenMap[str, str] = attrs.field(factory=lambda: FrozenMap({}))
    opt_outs: FrozenMap[str, tuple[OptOut, ...]] = attrs.field(factory=lambda: FrozenMap({}))
    service_tasks: tuple[ServiceTask, ...] = ()
    todays_sales: tuple[Purchase, ...] = ()


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
    as_of = _START + dt.timedelta(days=_DAYS)
    ids = [f"C{number + 1:04d}" for number in range(customers)]
    return _with_contact_data(
        SampleStore(
            purchases=tuple(purchases),
            launches=tuple(Launch(p, date=d) for p, d in _LAUNCHES),
            declared=FrozenMap(declared),
            as_of=as_of,
        ),
        ids,
        random.Random(seed + 1),  # noqa: S311 - sample data, not cryptography
    )


def _with_contact_data(store: SampleStore, ids: list[str], rng: random.Random) -> SampleStore:
    """Add the store's calendar days, staff, events, club and opt-outs (for the cadence)."""
    as_of = store.as_of

    def day(offset: int) -> dt.date:
        return as_of + dt.timedelta(days=offset)

    staff = (
        StaffMember("S01", daily_capacity=4, days_off=frozenset({day(9), day(10)})),
        StaffMember("S02", daily_capacity=3),
        StaffMember("S03", daily_capacity=2, days_off=frozenset({day(22), day(23), day(24)})),
    )
    owners = {cid: staff[index % 3].staff_id for index, cid in enumerate(ids[:30])}
    opt_outs: dict[str, tuple[OptOut, ...]] = {}
    for cid in rng.sample(ids, max(1, len(ids) // 20)):
        channel = rng.choice(("message", "phone"))
        opt_outs[cid] = (OptOut(channel, since=day(-rng.randrange(1, 200))),)
    todays_sales = tuple(
        Purchase(
            cid,
            date=as_of,
            amount=Decimal(f"{rng.uniform(20, 240):.2f}"),
            brand=rng.choice(_BRANDS),
            category="skin care",
        )
        for cid in sorted(rng.sample(ids, min(len(ids), 9)))
    )
    return attrs.evolve(
        store,
        todays_sales=todays_sales,
        country="CN",
        store_days=(
            StoreDay(dt.date(as_of.year, 12, 25), kind="occasion", name="Christmas"),
            StoreDay(day(30), kind="closed", name="Stocktaking"),
            StoreDay(day(38), kind="occasion", name="Store anniversary"),
        ),
        staff=staff,
        events=(
            StoreEvent("EV1", date=day(11), kind="promotion", name="Double-12 sale"),
            StoreEvent(
                "EV2",
                date=day(40),
                kind="expert_visit",
                name="Skin-care expert day",
                segments=frozenset({"A", "B"}),
            ),
            StoreEvent("EV3", date=day(52), kind="new_product", name="Spring Serum launch"),
        ),
        club_members=frozenset(ids[::12]),
        owners=FrozenMap(owners),
        opt_outs=FrozenMap(opt_outs),
        service_tasks=(
            ServiceTask("CASE-1", customer_id=ids[1], due=day(1)),
            ServiceTask("CASE-2", customer_id=ids[7], due=day(3), channel="message"),
        ),
    )
