"""Benchmark the cadence engine: ``plan_contacts`` for 10k and 100k customers over 90 days.

A synthetic store (seeded ``random.Random``) is built once per size, outside the timed
region: customers with an ABC class and an attitude spread like retail (20/30/50 % A/B/C),
a few purchases each in the 180 days before the start and some inside the range, about
10 % club members, about 5 % with an opt-out, ``N // 500`` staff members (at least 3) with
a daily capacity of 20, and 4 store events in the range (one for A and B only). The plan
runs 90 days from 2025-09-01 on the CN calendar, so National Day's golden week and the
Mid-Autumn Festival fall inside it.

Each repeat then times, interleaved so that machine noise hits them alike:

1. ``plan_contacts(...)`` on the store's inputs;
2. the baseline: building as many ``ContactDecision`` objects as the plan has, through
   the public constructor, with the plan's own field values (taken out into plain tuples
   before timing; the plan's ``Reason`` objects are reused);
3. ``plan_contacts(...)`` and then reading ``plan.decisions``. A plan builds its
   ``ContactDecision`` objects the first time they are asked for, so this is what a host
   that reads every decision pays. No target; it is printed so the figures of (1) are
   not mistaken for the whole cost.

Runs of the sizes are interleaved too. The median of the repeats is what counts.
Targets: the time of (1) for the largest size over its time for the smallest <= 1.1 x
the ratio of their sizes (11 for 100k / 10k), and (1) / (2) <= 5 at every size. The
script exits with status 1 when a target is missed.

Run it with ``make bench`` (which runs ``.venv/bin/python benchmarks/cadence.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import os
import platform
import random
import shlex
import statistics
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from decimal import Decimal

import attrs

import retention
from _report import seconds, verdict
from retention.cadence import (
    CadencePolicy,
    Channel,
    ContactDecision,
    ContactPlan,
    CustomerProfile,
    OptOut,
    Purpose,
    StaffMember,
    Status,
    StoreEvent,
    SuppressReason,
    plan_contacts,
)
from retention.calendar import StoreCalendar
from retention.customers import Purchase
from retention.rules import Reason

REPEAT = 5  # with 3 runs at 100k, a median was 4 % above its run's minimum (shared machine)
SCALING_SLACK = 1.1  # the largest size may take 1.1 x its share: 11 for 100k / 10k
PLAN_VS_BUILD_TARGET = 5.0
START = dt.date(2025, 9, 1)
DAYS = 90
END = START + dt.timedelta(days=DAYS - 1)
LOOKBACK = 180
CALENDAR_YEARS = (2025, 2026)
CUSTOMERS_PER_STAFF = 500
MIN_STAFF = 3
STAFF_CAPACITY = 20
BRANDS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell")

# Retail spread: class shares, and purchases before / inside the range by class.
ABC_WEIGHTS = {"A": 20, "B": 30, "C": 50}
PURCHASES_BEFORE = {"A": (3, 8), "B": (2, 5), "C": (1, 3)}
PURCHASES_INSIDE = {"A": (0, 3), "B": (0, 2), "C": (0, 1)}
ATTITUDE_WEIGHTS = {"loyal": 30, "switching": 35, "no_loyalty": 25, None: 10}
CLUB_SHARE = 0.10
OPT_OUT_SHARE = 0.05
OWNED_SHARE_OF_A = 0.5  # half the A customers have a staff member of their own

PLAN = "(1) plan_contacts"
BUILD = "(2) build the decisions"
READ = "(3) plan, read .decisions"


@attrs.frozen
class Store:
    """The inputs of one ``plan_contacts`` call, built once per size."""

    customers: tuple[CustomerProfile, ...]
    purchases: tuple[Purchase, ...]
    staff: tuple[StaffMember, ...]
    events: tuple[StoreEvent, ...]
    calendar: StoreCalendar


@attrs.frozen
class Result:
    """One size's medians and counts."""

    size: int
    decisions: int
    plan: float
    build: float
    read: float


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line.

    Args:
        argv: The arguments (``sys.argv[1:]`` when ``None``).

    Returns:
        The parsed options: ``sizes``, ``repeat`` and ``seed``.
    """
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="+",
        default=[10_000, 100_000],
        help="numbers of customers to benchmark (default: 10000 100000)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=REPEAT,
        help=f"timed repeats per size; the median counts (default: {REPEAT})",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or any(size < 1 for size in args.sizes):
        parser.error("--repeat and every size must be >= 1")
    args.sizes = sorted(set(args.sizes))
    return args


def day(offset: int) -> dt.date:
    """Return the day ``offset`` days from :data:`START` (negative: before it).

    Args:
        offset: Days from the start.

    Returns:
        The date.
    """
    return START + dt.timedelta(days=offset)


def make_store(size: int, seed: int) -> Store:
    """Build a synthetic store with ``size`` customers.

    Args:
        size: The number of customers.
        seed: The seed of the ``random.Random`` that draws everything.

    Returns:
        The store's customers, purchases, staff, events and calendar.
    """
    rng = random.Random(seed)
    staff = tuple(
        StaffMember(f"s{i:04d}", daily_capacity=STAFF_CAPACITY)
        for i in range(max(MIN_STAFF, size // CUSTOMERS_PER_STAFF))
    )
    classes, class_weights = list(ABC_WEIGHTS), list(ABC_WEIGHTS.values())
    attitudes, attitude_weights = list(ATTITUDE_WEIGHTS), list(ATTITUDE_WEIGHTS.values())
    customers: list[CustomerProfile] = []
    purchases: list[Purchase] = []
    for i in range(size):
        cid = f"c{i:07d}"
        abc = rng.choices(classes, class_weights)[0]
        opt_outs: tuple[OptOut, ...] = ()
        if rng.random() < OPT_OUT_SHARE:
            channel = rng.choice(("message", "phone"))
            opt_outs = (OptOut(channel, since=day(rng.randrange(-LOOKBACK, DAYS))),)
        owner = None
        if abc == "A" and rng.random() < OWNED_SHARE_OF_A:
            owner = rng.choice(staff).staff_id
        customers.append(
            CustomerProfile(
                cid,
                abc=abc,
                attitude=rng.choices(attitudes, attitude_weights)[0],
                club_member=rng.random() < CLUB_SHARE,
                staff_id=owner,
                opt_outs=opt_outs,
            )
        )
        offsets = [-rng.randint(1, LOOKBACK) for _ in range(rng.randint(*PURCHASES_BEFORE[abc]))]
        offsets += [rng.randrange(DAYS) for _ in range(rng.randint(*PURCHASES_INSIDE[abc]))]
        purchases.extend(
            Purchase(
                cid,
                date=day(offset),
                amount=Decimal(f"{rng.lognormvariate(3.5, 1.0):.2f}"),
                brand=rng.choice(BRANDS),
            )
            for offset in offsets
        )
    rng.shuffle(purchases)
    events = (
        StoreEvent("EV1", date=day(12), kind="promotion", name="Back-to-school sale"),
        StoreEvent(
            "EV2",
            date=day(33),
            kind="expert_visit",
            name="Skin-care expert day",
            segments=frozenset({"A", "B"}),
        ),
        StoreEvent("EV3", date=day(58), kind="new_product", name="Winter Serum launch"),
        StoreEvent("EV4", date=day(71), kind="promotion", name="Double-11 sale"),
    )
    calendar = StoreCalendar.build("CN", years=list(CALENDAR_YEARS))
    return Store(
        customers=tuple(customers),
        purchases=tuple(purchases),
        staff=staff,
        events=events,
        calendar=calendar,
    )


def plan_and_read(store: Store) -> tuple[ContactDecision, ...]:
    """Plan the store's 90 days and read every decision (building the objects).

    Args:
        store: The inputs.

    Returns:
        The plan's decisions.
    """
    return run_plan(store).decisions


def run_plan(store: Store) -> ContactPlan:
    """Plan the store's 90 days with the default policy, limits grown with the store.

    Args:
        store: The inputs.

    Returns:
        The plan.
    """
    return plan_contacts(
        store.customers,
        purchases=store.purchases,
        start=START,
        end=END,
        calendar=store.calendar,
        staff=store.staff,
        events=store.events,
        policy=policy_for(len(store.customers)),
    )


def policy_for(customers: int) -> CadencePolicy:
    """The default policy with the store's daily limits grown with its size.

    The default of 1,000 messages and 100 calls a day fits a store of about 10,000
    customers; a store ten times the size sets ten times the limits. Kept in proportion,
    the limits bind alike at every size, so the sizes' times compare the engine.
    """
    scale = max(1, customers // 10_000)
    default = CadencePolicy()
    return attrs.evolve(
        default,
        messages_per_day=default.messages_per_day * scale,
        calls_per_day=default.calls_per_day * scale,
    )


Row = tuple[
    str,
    str,
    Purpose,
    Status,
    dt.date,
    dt.date | None,
    Channel | None,
    str | None,
    str | None,
    SuppressReason | None,
    str | None,
    str | None,
    tuple[Reason, ...],
]


def decision_rows(plan: ContactPlan) -> list[Row]:
    """Take every decision's constructor arguments out into a plain tuple.

    Args:
        plan: The plan.

    Returns:
        One tuple per decision, in the order of :func:`build_decisions`' parameters.
    """
    return [
        (
            d.contact_id,
            d.customer_id,
            d.purpose,
            d.status,
            d.due,
            d.date,
            d.channel,
            d.assignee,
            d.into,
            d.suppressed,
            d.blocked_by,
            d.subject,
            d.reasons,
        )
        for d in plan.decisions
    ]


def build_decisions(rows: list[Row]) -> list[ContactDecision]:
    """Build one ``ContactDecision`` per row through the public constructor.

    Args:
        rows: The rows of :func:`decision_rows`.

    Returns:
        The decisions.
    """
    return [
        ContactDecision(
            contact_id,
            customer_id=customer_id,
            purpose=purpose,
            status=status,
            due=due,
            date=date,
            channel=channel,
            assignee=assignee,
            into=into,
            suppressed=suppressed,
            blocked_by=blocked_by,
            subject=subject,
            reasons=reasons,
        )
        for (
            contact_id,
            customer_id,
            purpose,
            status,
            due,
            date,
            channel,
            assignee,
            into,
            suppressed,
            blocked_by,
            subject,
            reasons,
        ) in rows
    ]


def timed(call: Callable[[], object]) -> float:
    """Time one call after a full garbage collection (the collector stays enabled).

    The result is dropped after the clock stops, so freeing it is not timed.

    Args:
        call: What to time.

    Returns:
        The wall-clock seconds the call took, by ``time.perf_counter``.
    """
    gc.collect()
    start = time.perf_counter()
    result = call()
    elapsed = time.perf_counter() - start
    del result
    return elapsed


def describe_plan(size: int, store: Store, plan: ContactPlan, built: float) -> None:
    """Print what one size's store and plan hold.

    Args:
        size: The number of customers.
        store: The inputs.
        plan: The warm-up plan.
        built: Seconds it took to build the inputs (not timed).
    """
    statuses = Counter(d.status.value for d in plan.decisions)
    purposes = Counter(d.purpose.value for d in plan.decisions)
    suppressed = Counter(d.suppressed.value for d in plan.decisions if d.suppressed)
    print()
    print(
        f"== {size:,} customers, {len(store.purchases):,} purchases, {len(store.staff)} staff, "
        f"{len(store.events)} events (inputs built in {built:.1f} s, not timed) =="
    )
    print(f"decisions  {len(plan):,} ({len(plan) / size:.1f} per customer)")
    print("  status   " + ", ".join(f"{k} {v:,}" for k, v in sorted(statuses.items())))
    print("  purpose  " + ", ".join(f"{k} {v:,}" for k, v in sorted(purposes.items())))
    print("  suppress " + ", ".join(f"{k} {v:,}" for k, v in sorted(suppressed.items())))


def bench(sizes: list[int], repeat: int, seed: int) -> list[Result]:
    """Build each size's inputs, then time planning and building, interleaved.

    Args:
        sizes: The numbers of customers, ascending.
        repeat: The ``--repeat`` option: timed runs per size.
        seed: The data seed.

    Returns:
        Each size's medians.
    """
    stores: dict[int, Store] = {}
    rows: dict[int, list[Row]] = {}
    for size in sizes:
        start = time.perf_counter()
        store = make_store(size, seed)
        built = time.perf_counter() - start
        # Warm-up run, which also gives the decisions' field values for the baseline.
        plan = run_plan(store)
        describe_plan(size, store, plan, built)
        stores[size], rows[size] = store, decision_rows(plan)
        del plan
        build_decisions(rows[size])  # warm-up of the baseline

    contenders = {
        size: [
            (PLAN, lambda size=size: run_plan(stores[size])),
            (BUILD, lambda size=size: build_decisions(rows[size])),
            (READ, lambda size=size: plan_and_read(stores[size])),
        ]
        for size in sizes
    }
    times: dict[int, dict[str, list[float]]] = {
        size: {PLAN: [], BUILD: [], READ: []} for size in sizes
    }
    for i in range(repeat):
        # Interleave sizes and contenders, rotating who goes first, so noise and heap
        # state hit all alike.
        order = sizes[i % len(sizes) :] + sizes[: i % len(sizes)]
        for size in order:
            trio = contenders[size]
            turn = i % len(trio)
            for name, call in trio[turn:] + trio[:turn]:
                times[size][name].append(timed(call))

    print()
    print(f"{'customers':>10} {'contender':<26} {'runs':>4} {'median':>10} {'min':>10}")
    results = []
    for size in sizes:
        for name, values in times[size].items():
            print(
                f"{size:>10,} {name:<26} {len(values):>4} "
                f"{seconds(statistics.median(values)):>10} {seconds(min(values)):>10}"
            )
        results.append(
            Result(
                size=size,
                decisions=len(rows[size]),
                plan=statistics.median(times[size][PLAN]),
                build=statistics.median(times[size][BUILD]),
                read=statistics.median(times[size][READ]),
            )
        )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables and verdicts.

    Args:
        argv: The arguments (``sys.argv[1:]`` when ``None``).

    Returns:
        0 when every target is met, 1 otherwise.
    """
    args = parse_args(argv)
    command = [".venv/bin/python", "benchmarks/cadence.py", "--sizes", *map(str, args.sizes)]
    if args.repeat != REPEAT:
        command += ["--repeat", str(args.repeat)]
    command += ["--seed", str(args.seed)]
    print("Cadence benchmark: plan_contacts")
    print(f"date     {time.strftime('%Y-%m-%d %H:%M:%S %Z')}")
    print(f"python   {platform.python_implementation()} {sys.version.split()[0]}")
    print(f"platform {platform.platform()} ({platform.machine()}), {os.cpu_count()} CPUs")
    print(f"retention {retention.__version__}; policy: {CadencePolicy().describe()}")
    print(f"repeats  {args.repeat} per size (median counts), seed {args.seed}")
    print(f"command  make bench  (= {shlex.join(command)})")
    print(
        f"data     {START}..{END} ({DAYS} days) on the CN calendar "
        f"{CALENDAR_YEARS[0]}-{CALENDAR_YEARS[-1]}; ABC "
        + "/".join(f"{w}" for w in ABC_WEIGHTS.values())
        + f" %, {CLUB_SHARE:.0%} club, {OPT_OUT_SHARE:.0%} opt-outs, purchases in the "
        f"{LOOKBACK} days before and inside the range, 1 staff per {CUSTOMERS_PER_STAFF} "
        f"customers (at least {MIN_STAFF}), capacity {STAFF_CAPACITY}, 4 events"
    )
    print(
        "baseline ContactDecision(...) through the public constructor, once per decision of "
        "the plan, with its field values taken out into tuples before timing"
    )
    print(
        "reading  (3) plans and then reads plan.decisions, which builds the ContactDecision "
        "objects (no target)"
    )
    print("timing   time.perf_counter, gc.collect() before each call, runs interleaved")

    results = bench(args.sizes, args.repeat, args.seed)

    print()
    for result in results:
        print(
            f"{result.size:>10,} customers: {result.size / result.plan:>10,.0f} customers/s, "
            f"{result.decisions / result.plan:>10,.0f} decisions/s planned, "
            f"{result.decisions / result.build:>10,.0f} decisions/s built"
        )

    print()
    ok = True
    smallest, largest = results[0], results[-1]
    if largest.size > smallest.size:
        growth = largest.size / smallest.size
        print(
            f"time {largest.size:,} / {smallest.size:,} customers, planning and reading every "
            f"decision = {largest.read / smallest.read:.2f} (no target)"
        )
        ok &= verdict(
            f"time {largest.size:,} / {smallest.size:,} customers",
            largest.plan / smallest.plan,
            round(SCALING_SLACK * growth, 6),
        )
    for result in results:
        ok &= verdict(
            f"planning / building the decisions, {result.size:,} customers",
            result.plan / result.build,
            PLAN_VS_BUILD_TARGET,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
