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
import zoneinfo
from decimal import Decimal

import attrs

from retention._validate import check_positive_int
from retention.cadence import OptOut, ServiceTask, StaffMember, StoreEvent
from retention.calendar import StoreDay
from retention.complaints import (
    Apologised,
    CauseDiagnosed,
    ClockPaused,
    ClockResumed,
    Closed,
    CompensationApproved,
    Complaint,
    Event,
    FollowedUp,
    Listened,
    Option,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
    Recorded,
    ResolutionProposed,
    Resolved,
)
from retention.customers import Purchase, spend_totals
from retention.mappings import FrozenMap
from retention.satisfaction import Item, ItemAnswer, Response, Scale, Survey
from retention.segmentation import Attitude, Launch, classify_abc

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
        timezone: The store's time zone (for the complaints' SLA clocks).
        complaints: Eight complaints of November 2025.
        complaint_events: What the staff recorded on them, in time order; the first
            complaint went through all six steps with a pause, an approval and a promise.
        todays_sales: Purchases made on :attr:`as_of` so far (not in :attr:`purchases`):
            the planner walks the returning ones to the door.
        survey: The November satisfaction survey, collected by staff on the phone: big
            customers answered far more often than small ones (the bias SAT-SURVEY
            weights away); segments are the respondents' ABC classes.
        competition: How hard the store's market competes (``"high"``: a street of
            cosmetics shops), for the loyalty outlook.
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
    timezone: str = "Asia/Shanghai"
    complaints: tuple[Complaint, ...] = ()
    complaint_events: tuple[Event, ...] = ()
    survey: Survey | None = None
    competition: str = "high"


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
        complaints=_complaints(ids),
        complaint_events=_complaint_events(),
        survey=_survey(store, rng),
    )


#: The sample survey's items: (ID, topic, SERVQUAL dimension, question).
_ITEMS = (
    ("price", "price", None, "The prices are fair for what I get"),
    ("staff", "service", "assurance", "Staff know the products and treat me well"),
    ("waiting", "capacity", "responsiveness", "I am served without waiting long"),
    ("quality", "quality", "reliability", "The products work as promised"),
    ("range", "range", None, "The store has what I need"),
    ("store", "environment", "tangibles", "The store is clean and pleasant"),
)
#: Share of each ABC class that answered: staff called big customers far more often.
_ANSWERED = {"A": 0.6, "B": 0.25, "C": 0.08}


def _survey(store: SampleStore, rng: random.Random) -> Survey:
    """A phone survey of November 2025 with a bias toward big customers."""
    abc = classify_abc(spend_totals(store.purchases))
    responses = []
    heard: set[str] = set()
    for cid in sorted(abc):
        segment = abc[cid].value
        if rng.random() >= _ANSWERED[segment] and segment in heard:
            continue  # every class has at least one answer, so weighting never divides by 0
        heard.add(segment)
        mood = {"A": 0.6, "B": 0.2, "C": -0.3}[segment] + rng.gauss(0, 0.8)
        answers = []
        for item_id, *_ in _ITEMS:
            expected = min(5, max(2, round(3.8 + rng.gauss(0, 0.6))))
            slip = -1.2 if item_id == "waiting" else (-0.6 if item_id == "price" else 0.0)
            seen = min(5, max(1, round(3.6 + mood + slip + rng.gauss(0, 0.7))))
            answers.append(ItemAnswer(item_id, perception=seen, expectation=expected))
        overall = min(5, max(1, round(3.7 + mood + rng.gauss(0, 0.4))))
        responses.append(
            Response(
                cid,
                answers=answers,
                segment=segment,
                overall=overall,
                repurchase=min(5, max(1, round(3.4 + mood * 0.6 + rng.gauss(0, 0.9)))),
                recommend=min(10, max(0, round(7 + mood * 2 + rng.gauss(0, 1.2)))),
                effort=min(7, max(1, round(5 + mood + rng.gauss(0, 1)))),
            )
        )
    return Survey(
        "2025-11 phone survey",
        scale=Scale(1, high=5),
        items=[
            Item(item_id, topic=topic, dimension=dimension, text=text)
            for item_id, topic, dimension, text in _ITEMS
        ],
        responses=responses,
        method="phone_follow_up",
        held_on=dt.date(2025, 11, 30),
    )


_ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")


def _at(day: str, time: str) -> dt.datetime:
    """``_at("11-24", "10:00")``: that minute of 2025 in the sample store's zone."""
    month, date = (int(part) for part in day.split("-"))
    hour, minute = (int(part) for part in time.split(":"))
    return dt.datetime(2025, month, date, hour, minute, tzinfo=_ZONE)


def _complaints(ids: list[str]) -> tuple[Complaint, ...]:
    """Eight complaints of November 2025, two from returning complainers."""
    rows = (
        ("K-01", 1, "11-24 10:00", "in_store", "high", "Glow Serum", "S02",
         "Rash after using the Glow Serum; wants her money back", "refund"),
        ("K-02", 7, "11-04 19:30", "phone", "normal", None, "S03",
         "Staff member was curt when asked about the ingredients", None),
        ("K-03", 12, "11-06 14:00", "in_store", "normal", "Glow Serum", None,
         "The serum's pump broke on the first day", "replacement"),
        ("K-04", 1, "11-10 11:00", "message", "low", None, None,
         "The promotion price was not applied at the till", "refund"),
        ("K-05", 20, "11-12 10:00", "in_store", "normal", "Night Cream", "S01",
         "Home delivery promised for Saturday morning did not come", None),
        ("K-06", 33, "11-17 20:00", "online", "urgent", "Glow Serum", None,
         "Allergic reaction; asks whether the serum is safe", "refund"),
        ("K-07", 45, "11-27 15:00", "phone", "normal", None, "S01",
         "Charged twice for one lipstick", "refund"),
        ("K-08", 7, "11-28 10:00", "in_store", "high", "Calm Mask", None,
         "The mask sold as fragrance-free smells strongly", None),
    )  # fmt: skip
    return tuple(
        Complaint(
            kid,
            customer_id=ids[index % len(ids)],
            received_at=_at(*when.split()),
            channel=channel,
            priority=priority,
            product=product,
            staff_id=staff,
            summary=summary,
            asks_for=asks,
        )
        for kid, index, when, channel, priority, product, staff, summary, asks in rows
    )


def _complaint_events() -> tuple[Event, ...]:
    """What the staff recorded on the sample complaints, in time order."""
    refund_320 = Option("refund", amount=320)
    events: list[Event] = [
        # K-01: all six steps, a pause while the customer finds the batch number, an
        # approval above the clerk's and the supervisor's limits, and a promise kept.
        Listened("K-01", at=_at("11-24", "10:05"), by="S01"),
        Apologised("K-01", at=_at("11-24", "10:15"), by="S01"),
        ClockPaused(
            "K-01", at=_at("11-24", "10:30"), by="S01", note="waiting for the batch number"
        ),
        ClockResumed("K-01", at=_at("11-24", "16:00"), by="S01"),
        CauseDiagnosed(
            "K-01",
            at=_at("11-24", "17:00"),
            by="S01",
            cause="product_quality",
            note="batch 2511 irritates sensitive skin",
        ),
        ResolutionProposed(
            "K-01",
            at=_at("11-24", "17:30"),
            by="S01",
            role="clerk",
            options=(
                refund_320,
                Option("replacement", note="a Calm Mask instead"),
                Option("delivery", appointment=_at("11-26", "15:00"), note="a new jar home"),
            ),
            chosen=refund_320,
        ),
        PromiseMade(
            "K-01",
            at=_at("11-24", "17:35"),
            by="S01",
            promise_id="P1",
            what="call back with the manager's decision",
            due=_at("11-25", "12:00"),
        ),
        CompensationApproved(
            "K-01", at=_at("11-25", "10:00"), by="S03", role="manager", amount=320
        ),
        PromiseKept("K-01", at=_at("11-25", "10:05"), by="S01", promise_id="P1"),
        Resolved("K-01", at=_at("11-25", "11:00"), by="S01"),
        FollowedUp("K-01", at=_at("11-27", "10:00"), by="S01", satisfied=True),
        Recorded(
            "K-01",
            at=_at("11-27", "10:30"),
            by="S01",
            details="rash from batch 2511; refunded 320 after manager approval",
            lesson="ask about sensitive skin and offer a patch test before selling serums",
        ),
        Closed("K-01", at=_at("11-27", "10:31"), by="S01"),
    ]
    gift = Option("small_gift", amount=30, note="a travel-size toner")
    events += [
        # K-02: the first response came after the 2-hour target (breached).
        Listened("K-02", at=_at("11-05", "09:30"), by="S02"),
        Apologised("K-02", at=_at("11-05", "09:45"), by="S02"),
        CauseDiagnosed("K-02", at=_at("11-05", "10:00"), by="S02", cause="staff_service"),
        ResolutionProposed(
            "K-02", at=_at("11-05", "10:30"), by="S02", role="clerk", options=(gift,), chosen=gift
        ),
        Resolved("K-02", at=_at("11-05", "12:00"), by="S02"),
        FollowedUp("K-02", at=_at("11-07", "11:00"), by="S02", satisfied=True),
        Recorded(
            "K-02",
            at=_at("11-07", "11:30"),
            by="S02",
            details="asked about ingredients during a rush; got a short answer",
            lesson="keep the ingredient sheets at the counter; coach on busy-hour manners",
        ),
        Closed("K-02", at=_at("11-07", "11:31"), by="S02"),
    ]
    replace = Option("replacement")
    refund_180 = Option("refund", amount=180)
    events += [
        # K-03: the replacement failed too; the follow-up reopened the case.
        Listened("K-03", at=_at("11-06", "14:05"), by="S03"),
        Apologised("K-03", at=_at("11-06", "14:10"), by="S03"),
        CauseDiagnosed("K-03", at=_at("11-06", "14:30"), by="S03", cause="product_quality"),
        ResolutionProposed(
            "K-03",
            at=_at("11-06", "14:40"),
            by="S03",
            role="clerk",
            options=(Option("repair"), replace),
            chosen=replace,
        ),
        Resolved("K-03", at=_at("11-06", "16:00"), by="S03"),
        FollowedUp("K-03", at=_at("11-08", "10:00"), by="S03", satisfied=False),
        CauseDiagnosed(
            "K-03", at=_at("11-08", "11:00"), by="S03", cause="product_quality", note="pump batch"
        ),
        ResolutionProposed(
            "K-03",
            at=_at("11-08", "11:30"),
            by="S02",
            role="supervisor",
            options=(refund_180, replace),
            chosen=refund_180,
        ),
        Resolved("K-03", at=_at("11-10", "11:00"), by="S02"),
        FollowedUp("K-03", at=_at("11-12", "10:00"), by="S03", satisfied=True),
        Recorded(
            "K-03",
            at=_at("11-12", "10:20"),
            by="S03",
            details="two pumps of the same batch broke",
            lesson="check the pump before handing over a replacement from the same batch",
        ),
        Closed("K-03", at=_at("11-12", "10:21"), by="S03"),
    ]
    difference = Option("refund", amount=15, note="the price difference")
    events += [
        # K-04: the same customer as K-01, an expectation gap about a promotion.
        Listened("K-04", at=_at("11-10", "11:30"), by="S01"),
        Apologised("K-04", at=_at("11-10", "11:35"), by="S01"),
        CauseDiagnosed("K-04", at=_at("11-10", "12:00"), by="S01", cause="expectation_gap"),
        ResolutionProposed(
            "K-04",
            at=_at("11-10", "12:10"),
            by="S01",
            role="clerk",
            options=(difference,),
            chosen=difference,
        ),
        Resolved("K-04", at=_at("11-10", "15:00"), by="S01"),
        FollowedUp("K-04", at=_at("11-12", "15:00"), by="S01", satisfied=True),
        Recorded(
            "K-04",
            at=_at("11-12", "15:10"),
            by="S01",
            details="shelf label showed the promotion, the till did not",
            lesson="check promotion prices at the till the morning a promotion starts",
        ),
        Closed("K-04", at=_at("11-12", "15:11"), by="S01"),
    ]
    deliver = Option("delivery", appointment=_at("11-15", "10:00"))
    events += [
        # K-05: the delivery appointment (a promise) was broken before it was kept.
        Listened("K-05", at=_at("11-12", "10:05"), by="S02"),
        Apologised("K-05", at=_at("11-12", "10:10"), by="S02"),
        CauseDiagnosed("K-05", at=_at("11-12", "10:30"), by="S02", cause="expectation_gap"),
        ResolutionProposed(
            "K-05",
            at=_at("11-12", "10:40"),
            by="S02",
            role="clerk",
            options=(deliver, Option("refund", amount=40)),
            chosen=deliver,
        ),
        PromiseBroken(
            "K-05",
            at=_at("11-15", "12:00"),
            by="S02",
            promise_id="delivery@2025-11-15T10:00:00+08:00",
            note="the courier did not come",
        ),
        Resolved("K-05", at=_at("11-15", "17:00"), by="S01"),
        FollowedUp("K-05", at=_at("11-17", "10:00"), by="S02", satisfied=True),
        Recorded(
            "K-05",
            at=_at("11-17", "10:30"),
            by="S02",
            details="the Saturday courier slot was not booked",
            lesson="book the courier before promising a delivery time",
        ),
        Closed("K-05", at=_at("11-17", "10:31"), by="S02"),
    ]
    refund_280 = Option("refund", amount=280)
    events += [
        # K-06: urgent, first response late (the message came in after hours); resolved,
        # the follow-up is still to come (a service task for the cadence engine).
        Listened("K-06", at=_at("11-18", "09:10"), by="S03"),
        Apologised("K-06", at=_at("11-18", "09:15"), by="S03"),
        CauseDiagnosed("K-06", at=_at("11-18", "10:00"), by="S02", cause="product_quality"),
        ResolutionProposed(
            "K-06",
            at=_at("11-18", "10:20"),
            by="S02",
            role="supervisor",
            options=(refund_280,),
            chosen=refund_280,
        ),
        Resolved("K-06", at=_at("11-18", "11:00"), by="S02"),
        # K-07: waiting on the customer's bank statement.
        Listened("K-07", at=_at("11-27", "15:10"), by="S01"),
        Apologised("K-07", at=_at("11-27", "15:20"), by="S01"),
        ClockPaused(
            "K-07", at=_at("11-27", "15:30"), by="S01", note="waiting for the bank statement"
        ),
        # K-08: heard, not yet apologised to.
        Listened("K-08", at=_at("11-28", "10:20"), by="S02"),
    ]
    return tuple(sorted(events, key=lambda e: e.at))
