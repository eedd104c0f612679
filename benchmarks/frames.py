"""Benchmark the frames path (``retention.frames``) against the scripts analysts write.

Every contender gets its frame already built; each repeat runs them interleaved, in one
process, and the medians count (the machine is shared and noisy).

1. ABC classes from a pandas frame: ``frames.abc_classes(frame)`` against a pandas
   script (group-by sum, sort, cumulative share, the same A/B/C rule: a customer is in
   A while the spend before them is under 80 % of the total, in B under 95 %).
   Target: library / script <= 1.0.
2. The same from a polars frame against a polars script. Target: <= 1.5.
3. Disagreements with an exact reference (integer cents, Python's exact arithmetic):
   the library must have none; the float scripts' counts are printed too.
4. P(alive) for every CDNOW customer (the summary included) from a pandas frame:
   ``frames.churn(..., params=...)`` (which also gives the overdue test) and the leaner
   ``frames.p_alive(...)``, against lifetimes' ``summary_data_from_transaction_data`` +
   ``conditional_probability_alive``, with lifetimes' fitted parameters. Target: library
   / lifetimes <= 2.0 with max |difference| <= 1e-9.
5. Peak memory of ABC from a pandas frame, each contender in its own process: the peak
   resident set once the frame is built (frame included), and the increase over it
   (Linux: the peak is reset through ``/proc/self/clear_refs`` after the frame is built).
   Target: the library's peak <= 1.5 x the script's; both figures are printed.

Synthetic purchases: ``--sizes`` (default 10^5, 10^6, 5x10^6), ten purchases per customer,
lognormal amounts in cents, IDs like ``C0001234``; seeded. CDNOW comes with lifetimes
(``pip install lifetimes``, the ``bench`` extra). Run ``.venv/bin/python
benchmarks/frames.py``; the script exits 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import platform
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import polars as pl

from _report import seconds, status_kib, verdict
from retention import frames
from retention.churn import BgNbdParams

PANDAS_TARGET = 1.0
POLARS_TARGET = 1.5
PALIVE_TARGET = 2.0
PALIVE_TOLERANCE = 1e-9
MEMORY_TARGET = 1.5
PER_CUSTOMER = 10
SIZES = (100_000, 1_000_000, 5_000_000)


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--repeat", type=int, default=5, help="interleaved repeats (5)")
    parser.add_argument("--memory-child", nargs=2, metavar=("WHO", "SIZE"), help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def synthetic(size: int) -> pd.DataFrame:
    """``size`` purchases of ``size / 10`` customers: IDs, days and amounts in cents."""
    rng = np.random.default_rng(size)
    customers = max(size // PER_CUSTOMER, 1)
    ids = np.char.add("C", np.char.zfill(np.arange(customers).astype(str), 7))
    cents = np.round(rng.lognormal(7.0, 1.0, size)).astype(np.int64)
    days = np.datetime64("2025-01-01") + rng.integers(0, 365, size).astype("timedelta64[D]")
    return pd.DataFrame(
        {
            "customer_id": pd.array(ids[rng.integers(0, customers, size)], dtype="str"),
            "date": days.astype("datetime64[s]"),
            "amount": cents / 100,
        }
    )


def pandas_script(frame: pd.DataFrame) -> pd.DataFrame:
    """What an analyst writes in pandas: totals, sort, cumulative share, the A/B/C rule."""
    totals = frame.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    before = (totals.cumsum() - totals) / totals.sum()
    classes = np.where(before < 0.80, "A", np.where(before < 0.95, "B", "C"))
    return pd.DataFrame(
        {"customer_id": totals.index, "spend": totals.to_numpy(), "abc_class": classes}
    )


def polars_script(frame: pl.DataFrame) -> pl.DataFrame:
    """The same in polars."""
    spend = pl.col("spend")
    before = (spend.cum_sum() - spend) / spend.sum()
    return (
        frame.group_by("customer_id")
        .agg(pl.col("amount").sum().alias("spend"))
        .sort("spend", descending=True)
        .with_columns(
            pl.when(before < 0.80)
            .then(pl.lit("A"))
            .when(before < 0.95)
            .then(pl.lit("B"))
            .otherwise(pl.lit("C"))
            .alias("abc_class")
        )
    )


def exact_reference(frame: pd.DataFrame) -> dict[str, str]:
    """The classes by the rule in exact integer cents (ties share the class of the first)."""
    cents = np.round(frame["amount"].to_numpy() * 100).astype(np.int64)
    codes, ids = pd.factorize(frame["customer_id"])
    totals = np.bincount(codes, weights=None, minlength=len(ids)).astype(np.int64) * 0
    np.add.at(totals, codes, cents)
    order = np.argsort(-totals, kind="stable")
    desc = [int(v) for v in totals[order]]
    whole = sum(desc)
    classes: dict[str, str] = {}
    before, previous, previous_class = 0, None, "A"
    for position, value in zip(order, desc, strict=True):
        if value == previous:
            letter = previous_class  # equal spenders share a class
        elif value == 0:
            letter = "C"
        else:
            letter = "A" if before * 100 < 80 * whole else "B" if before * 100 < 95 * whole else "C"
        classes[str(ids[position])] = letter
        before += value
        previous, previous_class = value, letter
    return classes


def disagreements(result: Any, reference: dict[str, str]) -> int:  # noqa: ANN401 - any frame
    """Customers whose class differs from the reference."""
    table = pl.from_pandas(result) if isinstance(result, pd.DataFrame) else result
    got = dict(zip(table["customer_id"].to_list(), table["abc_class"].to_list(), strict=True))
    return sum(got[c] != letter for c, letter in reference.items())


def interleaved(contenders: dict[str, Callable[[], object]], repeat: int) -> dict[str, float]:
    """Median seconds of each contender, run in turn ``repeat`` times."""
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for run in contenders.values():  # warm-up: imports, caches
        run()
    for _ in range(repeat):
        for name, run in contenders.items():
            gc.collect()
            start = time.perf_counter()
            run()
            times[name].append(time.perf_counter() - start)
    return {name: statistics.median(values) for name, values in times.items()}


def abc_section(size: int, repeat: int) -> bool:
    """Time ABC on pandas and polars frames of ``size`` purchases; count disagreements."""
    frame = synthetic(size)
    polars_frame = pl.from_pandas(frame)
    medians = interleaved(
        {
            "library (pandas)": lambda: frames.abc_classes(frame),
            "pandas script": lambda: pandas_script(frame),
            "library (polars)": lambda: frames.abc_classes(polars_frame),
            "polars script": lambda: polars_script(polars_frame),
        },
        repeat,
    )
    print(f"\n{size:,} purchases, {frame['customer_id'].nunique():,} customers")
    for name, value in medians.items():
        print(f"  {name:<18} {seconds(value)}")
    reference = exact_reference(frame)
    for name, result in (
        ("library (pandas)", frames.abc_classes(frame)),
        ("library (polars)", frames.abc_classes(polars_frame)),
        ("pandas script", pandas_script(frame)),
        ("polars script", polars_script(polars_frame)),
    ):
        print(
            f"  disagreements with the exact reference, {name}: {disagreements(result, reference)}"
        )
    library_exact = disagreements(frames.abc_classes(frame), reference) == 0
    library_exact &= disagreements(frames.abc_classes(polars_frame), reference) == 0
    ok = verdict(
        f"  pandas frame, library / script at {size:,}",
        medians["library (pandas)"] / medians["pandas script"],
        PANDAS_TARGET,
    )
    ok &= verdict(
        f"  polars frame, library / script at {size:,}",
        medians["library (polars)"] / medians["polars script"],
        POLARS_TARGET,
    )
    if not library_exact:
        print("  FAIL: the library disagrees with the exact reference")
    return ok and library_exact


def cdnow() -> pd.DataFrame | None:
    """CDNOW's purchases from the lifetimes package, or ``None`` without it."""
    try:
        import lifetimes  # noqa: PLC0415 - optional: the bench extra
    except ImportError:
        return None
    path = Path(lifetimes.__file__).parent / "datasets" / "CDNOW_master.txt"
    frame = pd.read_csv(
        path,
        sep=r"\s+",
        skiprows=1,
        header=None,
        names=["customer_id", "date", "n", "amount"],
        dtype={"customer_id": str, "date": str},
    )
    frame["date"] = pd.to_datetime(frame["date"], format="%Y%m%d")
    return frame


def palive_section(repeat: int) -> bool:
    """P(alive) on CDNOW: the library against lifetimes, with lifetimes' parameters."""
    frame = cdnow()
    if frame is None:
        print("\nP(alive) on CDNOW: skipped (lifetimes is not installed)")
        return True
    from lifetimes import BetaGeoFitter  # noqa: PLC0415
    from lifetimes.utils import summary_data_from_transaction_data  # noqa: PLC0415

    as_of = dt.date(1998, 6, 30)
    end = pd.Timestamp(as_of)

    def lifetimes_run() -> pd.Series:
        summary = summary_data_from_transaction_data(
            frame, "customer_id", "date", observation_period_end=end, freq="D"
        )
        alive = fitter.conditional_probability_alive(
            summary["frequency"], summary["recency"], summary["T"]
        )
        return pd.Series(np.asarray(alive), index=summary.index)

    summary = summary_data_from_transaction_data(
        frame, "customer_id", "date", observation_period_end=end, freq="D"
    )
    fitter = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
    params = BgNbdParams(**{k: float(v) for k, v in fitter.params_.items()})
    medians = interleaved(
        {
            "library frames.p_alive": lambda: frames.p_alive(
                frame, params, as_of=as_of, unit_days=1
            ),
            "library frames.churn": lambda: frames.churn(
                frame, as_of=as_of, params=params, unit_days=1
            ),
            "lifetimes": lifetimes_run,
        },
        repeat,
    )
    ours = frames.p_alive(frame, params, as_of=as_of, unit_days=1).set_index("customer_id")
    theirs = lifetimes_run()
    churned = frames.churn(frame, as_of=as_of, params=params, unit_days=1)
    difference = float(
        np.max(np.abs(ours["p_alive"].to_numpy() - theirs.loc[ours.index].to_numpy()))
    )
    difference_churn = float(
        np.max(
            np.abs(churned["p_alive"].to_numpy() - theirs.loc[churned["customer_id"]].to_numpy())
        )
    )
    print(f"\nP(alive) on CDNOW ({len(frame):,} purchases, {len(ours):,} customers)")
    for name, value in medians.items():
        print(f"  {name:<24} {seconds(value)}")
    print(
        f"  max |library - lifetimes|: {difference:.3g} (p_alive), {difference_churn:.3g} (churn)"
    )
    ok = verdict(
        "  CDNOW P(alive), library / lifetimes",
        medians["library frames.p_alive"] / medians["lifetimes"],
        PALIVE_TARGET,
    )
    verdict(
        "  CDNOW churn step with P(alive), library / lifetimes",
        medians["library frames.churn"] / medians["lifetimes"],
        PALIVE_TARGET,
    )
    close = max(difference, difference_churn) <= PALIVE_TOLERANCE
    print(f"  max |difference| <= {PALIVE_TOLERANCE:g}: {'PASS' if close else 'FAIL'}")
    return ok and close


def memory_child(who: str, size: int) -> None:
    """Run one contender in this process; print its peak resident memory (Linux).

    The frame is built first; then the peak is reset (``/proc/self/clear_refs``), so
    the peak printed is the frame's resident memory plus what the contender adds, not
    the data generator's own temporaries.
    """
    frame = synthetic(size)
    gc.collect()
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")  # reset VmHWM
    before = status_kib("VmRSS")
    if who == "library":
        frames.abc_classes(frame)
    else:
        pandas_script(frame)
    peak = status_kib("VmHWM")
    print(json.dumps({"peak_kib": peak, "increase_kib": peak - before}))


def memory_section(size: int) -> bool:
    """Peak memory of ABC from a pandas frame, each contender in a fresh process."""
    figures = {}
    for who in ("library", "script"):
        done = subprocess.run(  # noqa: S603 - this interpreter, this script
            [sys.executable, __file__, "--memory-child", who, str(size)],
            check=True,
            capture_output=True,
            text=True,
        )
        figures[who] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"\nPeak memory, ABC from a pandas frame of {size:,} purchases (own processes)")
    for who, figure in figures.items():
        print(
            f"  {who:<8} peak {figure['peak_kib'] / 1024:8.1f} MiB, "
            f"increase over the frame {figure['increase_kib'] / 1024:8.1f} MiB"
        )
    return verdict(
        f"  peak memory, library / script at {size:,}",
        figures["library"]["peak_kib"] / figures["script"]["peak_kib"],
        MEMORY_TARGET,
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return 1 when a target is missed."""
    args = parse_args(argv)
    if args.memory_child:
        memory_child(args.memory_child[0], int(args.memory_child[1]))
        return 0
    print(
        f"retention.frames benchmark, {dt.datetime.now(tz=dt.UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()}, pandas {pd.__version__}, polars {pl.__version__}, "
        f"medians of {args.repeat} interleaved runs"
    )
    ok = True
    for size in args.sizes:
        ok &= abc_section(size, args.repeat)
    ok &= palive_section(args.repeat)
    ok &= memory_section(max(args.sizes))
    print("\nall targets met" if ok else "\nsome target missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
