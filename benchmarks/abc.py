"""Benchmark ABC classification: the library against pandas and against ``sorted()``.

Synthetic purchases (lognormal amounts, about 5 purchases per customer) are built once
per size, outside the timed region. Each repeat then times, interleaved so that machine
noise hits them alike:

1. the library, from purchase objects to ABC classes:
   ``classify_abc(spend_totals(purchases))`` with the default policy;
2. pandas, from the same purchase objects: DataFrame build, groupby-sum, sort,
   cumsum and the same classification rule, giving a Series customer -> class letter;
3. ``sorted(totals.values())`` on the library's totals (a ``Decimal`` per customer);
4. ``classify_abc(totals)`` alone, on the same totals;
5. ``sorted()`` of a plain ``dict[str, Decimal]`` holding the same totals (what a host
   that keeps its own totals passes);
6. ``classify_abc`` of that plain dict.

The median of the repeats is what counts. Targets: library / pandas <= 1.0 at every
size, and classification alone <= 2.5 x ``sorted()``, for the library's totals and for a
plain dict. The script exits with status 1
when a target is missed.

Run it with ``make bench`` (which runs ``.venv/bin/python benchmarks/abc.py``).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import platform
import random
import shlex
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from decimal import Decimal
from types import ModuleType
from typing import Any

import retention
from _report import seconds, verdict
from retention.customers import Purchase, SpendTotals, spend_totals
from retention.segmentation import AbcPolicy, AbcResult, classify_abc

LIBRARY_VS_PANDAS_TARGET = 1.0
CLASSIFY_VS_SORTED_TARGET = 2.5
PURCHASES_PER_CUSTOMER = 5
BRANDS = ("Acme", "Globex", "Initech", "Umbrella", "Hooli", "Stark", "Wayne", "Tyrell")
FIRST_DAY = dt.date(2025, 1, 1)
DAYS = 365

LIBRARY = "(1) library: purchases -> ABC"
PANDAS = "(2) pandas: purchases -> ABC"
SORTED = "(3) sorted(totals.values())"
CLASSIFY = "(4) classify_abc(totals) alone"
PLAIN_SORTED = "(5) sorted(plain.values())"
PLAIN_CLASSIFY = "(6) classify_abc(plain dict) alone"


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
        default=[100_000, 1_000_000],
        help="numbers of purchases to benchmark (default: 100000 1000000)",
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="timed repeats per size; the median counts (default: 5)",
    )
    parser.add_argument("--seed", type=int, default=42, help="random seed (default: 42)")
    args = parser.parse_args(argv)
    if args.repeat < 1 or any(size < PURCHASES_PER_CUSTOMER for size in args.sizes):
        parser.error(f"--repeat must be >= 1 and every size >= {PURCHASES_PER_CUSTOMER}")
    return args


def make_purchases(size: int, seed: int) -> list[Purchase]:
    """Build ``size`` synthetic purchases by ``size // 5`` customers.

    Amounts are ``lognormvariate(mu=3.5, sigma=1.0)`` rounded to cents, as ``Decimal``;
    each purchase goes to a customer drawn uniformly, so a customer makes about five.

    Args:
        size: The number of purchases.
        seed: The seed of the ``random.Random`` that draws everything.

    Returns:
        The purchases, in the order they were drawn.
    """
    rng = random.Random(seed)
    customers = size // PURCHASES_PER_CUSTOMER
    purchases = []
    for _ in range(size):
        customer_id = f"c{rng.randrange(customers):07d}"
        amount = Decimal(f"{rng.lognormvariate(3.5, 1.0):.2f}")
        day = FIRST_DAY + dt.timedelta(days=rng.randrange(DAYS))
        brand = rng.choice(BRANDS)
        purchases.append(Purchase(customer_id, date=day, amount=amount, brand=brand))
    return purchases


def run_library(purchases: list[Purchase]) -> AbcResult:
    """Go from purchase objects to ABC classes with the library (default policy).

    Args:
        purchases: The purchases.

    Returns:
        The library's ABC result.
    """
    return classify_abc(spend_totals(purchases))


def run_pandas(pd: ModuleType, purchases: list[Purchase]) -> Any:  # noqa: ANN401
    """Go from purchase objects to ABC classes with pandas, by the library's rule.

    For a customer with spend ``s``, ``G(s)`` is the spend of all customers who spent
    strictly more; the class is A if ``G < 0.8*T``, else B if ``G < 0.95*T``, else C.
    After sorting by spend, descending, ``G`` is the cumulative sum before the first row
    of the customer's group of equal spenders, so ties share a class.

    Args:
        pd: The pandas module.
        purchases: The purchases; amounts become floats, as a pandas user would have them.

    Returns:
        A ``pandas.Series`` from customer ID to class letter (``"A"``, ``"B"``, ``"C"``).
    """
    frame = pd.DataFrame(
        {
            "customer_id": [p.customer_id for p in purchases],
            "amount": [float(p.amount) for p in purchases],
        }
    )
    spend = frame.groupby("customer_id", sort=False)["amount"].sum()
    spend = spend.sort_values(ascending=False)
    cumulative = spend.cumsum()
    total = cumulative.iloc[-1]
    before = cumulative.shift(1, fill_value=0.0)
    above = before.groupby(spend.to_numpy(), sort=False).transform("min")
    classes = pd.Series("C", index=spend.index)
    classes[above < 0.95 * total] = "B"
    classes[above < 0.8 * total] = "A"
    return classes


def sort_totals(totals: SpendTotals) -> list[Decimal]:
    """Sort the spend totals: the baseline that any ABC classification must pay for.

    Args:
        totals: The library's spend totals.

    Returns:
        The totals in ascending order.
    """
    return sorted(totals.values())


def timed(call: Callable[[], object]) -> float:
    """Time one call after a full garbage collection (the collector stays enabled).

    Args:
        call: What to time.

    Returns:
        The wall-clock seconds the call took, by ``time.perf_counter``.
    """
    gc.collect()
    start = time.perf_counter()
    call()
    return time.perf_counter() - start


def disagreements(library: AbcResult, pandas_classes: Any) -> int:  # noqa: ANN401
    """Count the customers that the library and pandas put in different classes.

    Args:
        library: The library's result.
        pandas_classes: The pandas Series from customer ID to class letter.

    Returns:
        The number of customers classified differently, or missing on one side.
    """
    theirs: dict[str, str] = pandas_classes.to_dict()
    ours = {cid: abc_class.value for cid, abc_class in library.classes.items()}
    missing = len(ours.keys() ^ theirs.keys())
    return missing + sum(ours[cid] != theirs[cid] for cid in ours.keys() & theirs.keys())


def bench_size(pd: ModuleType, size: int, repeat: int, seed: int) -> dict[str, float]:
    """Build the data for one size, check the answers agree, time and print a table.

    Args:
        pd: The pandas module.
        size: The number of purchases.
        repeat: How many timed repeats.
        seed: The data seed.

    Returns:
        The two ratios of medians: ``"library/pandas"`` and ``"classify/sorted"``.
    """
    start = time.perf_counter()
    purchases = make_purchases(size, seed)
    built = time.perf_counter() - start

    # Warm-up run of each contender, which also gives the answers to compare.
    totals = spend_totals(purchases)
    library = classify_abc(totals)
    mismatches = disagreements(library, run_pandas(pd, purchases))
    # Iterate once so the totals' sorted key order is cached and sorted() times the sort.
    sort_totals(totals)
    plain = dict(totals.items())
    del library

    contenders: list[tuple[str, Callable[[], object]]] = [
        (LIBRARY, lambda: run_library(purchases)),
        (PANDAS, lambda: run_pandas(pd, purchases)),
        (SORTED, lambda: sort_totals(totals)),
        (CLASSIFY, lambda: classify_abc(totals)),
        (PLAIN_SORTED, lambda: sorted(plain.values())),
        (PLAIN_CLASSIFY, lambda: classify_abc(plain)),
    ]
    times: dict[str, list[float]] = {name: [] for name, _ in contenders}
    for i in range(repeat):
        # Interleave, and rotate who goes first, so noise and heap state hit all alike.
        for name, call in contenders[i % len(contenders) :] + contenders[: i % len(contenders)]:
            times[name].append(timed(call))
    median = {name: statistics.median(values) for name, values in times.items()}

    customers = len(totals)
    print()
    print(
        f"== {size:,} purchases, {customers:,} customers "
        f"(Purchase objects built in {built:.1f} s, not timed) =="
    )
    print(f"{'contender':<34} {'median':>10} {'min':>10}")
    for name, values in times.items():
        print(f"{name:<34} {seconds(median[name]):>10} {seconds(min(values)):>10}")
    ratios = {
        "library/pandas": median[LIBRARY] / median[PANDAS],
        "classify/sorted": median[CLASSIFY] / median[SORTED],
        "plain/sorted": median[PLAIN_CLASSIFY] / median[PLAIN_SORTED],
    }
    print(f"library / pandas          = {ratios['library/pandas']:.2f}  (medians)")
    print(f"classification / sorted() = {ratios['classify/sorted']:.2f}  (medians)")
    print(f"plain dict: classification / sorted() = {ratios['plain/sorted']:.2f}  (medians)")
    print(f"class disagreements library vs pandas: {mismatches:,} of {customers:,} customers")
    return ratios


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print the tables and verdicts.

    Args:
        argv: The arguments (``sys.argv[1:]`` when ``None``).

    Returns:
        0 when every target is met, 1 otherwise.
    """
    args = parse_args(argv)
    import numpy as np  # noqa: PLC0415  # only the benchmark needs numpy and pandas
    import pandas as pd  # type: ignore[import-untyped]  # noqa: PLC0415

    command = shlex.join(
        [
            ".venv/bin/python",
            "benchmarks/abc.py",
            "--sizes",
            *map(str, args.sizes),
            "--repeat",
            str(args.repeat),
            "--seed",
            str(args.seed),
        ]
    )
    print("ABC classification benchmark")
    print(f"python   {platform.python_implementation()} {sys.version.split()[0]}")
    print(f"pandas   {pd.__version__} (numpy {np.__version__})")
    print(f"platform {platform.platform()} ({platform.machine()})")
    print(f"retention {retention.__version__}; policy: {AbcPolicy().describe()}")
    print(f"repeats  {args.repeat} per size (median counts), seed {args.seed}")
    print(f"command  make bench  (= {command})")
    print(
        "data     lognormvariate(mu=3.5, sigma=1.0) amounts rounded to cents as Decimal, "
        f"size // {PURCHASES_PER_CUSTOMER} customers drawn uniformly, a date and a brand"
    )
    print(
        "pandas   builds its DataFrame (customer_id, amount) from the same Purchase objects,"
        " with amount as float (what a pandas user does); the library sums exact amounts"
        " (integer 1/10,000ths)"
    )
    print("timing   time.perf_counter, gc.collect() before each call, contenders interleaved")

    results = {size: bench_size(pd, size, args.repeat, args.seed) for size in args.sizes}

    print()
    ok = True
    for size, ratios in results.items():
        print(f"-- {size:,} purchases")
        ok &= verdict("library/pandas", ratios["library/pandas"], LIBRARY_VS_PANDAS_TARGET)
        ok &= verdict(
            "classification/sorted()", ratios["classify/sorted"], CLASSIFY_VS_SORTED_TARGET
        )
        ok &= verdict(
            "plain dict: classification/sorted()",
            ratios["plain/sorted"],
            CLASSIFY_VS_SORTED_TARGET,
        )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
