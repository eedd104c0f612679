"""Fit BG/NBD on CDNOW with ``fit_bgnbd`` and with lifetimes, and compare the parameters.

CDNOW (69,659 purchases by 23,570 customers, January 1997 to June 1998) is the data set
of Fader, Hardie & Lee's BG/NBD paper; it ships in the ``lifetimes`` wheel as
``lifetimes/datasets/CDNOW_master.txt`` (a header line, then customer ID, ``yyyymmdd``
date, number of CDs and dollar amount, separated by spaces).

The script

1. reads the file from the installed lifetimes (``--data`` for another copy),
2. builds each customer's summary with the library's ``rfm_summary(dates,
   as_of=1998-06-30, unit_days=1)``, and lifetimes' with
   ``summary_data_from_transaction_data(..., observation_period_end="1998-06-30",
   freq="D")``, and checks that the two agree,
3. fits ``fit_bgnbd(summaries, penalizer=p)`` and ``BetaGeoFitter(penalizer_coef=p)``
   for p = 0 and 0.001, each ``--repeat`` times (median of the times),
4. prints both parameter sets, the largest relative difference and the times; the exit
   status is 1 when a difference exceeds ``--tolerance`` (1e-4).

Run it with ``.venv/bin/python benchmarks/fit_bgnbd.py`` (needs lifetimes and pandas, and
the library's ``fit`` extra). Without a penalty the paper's daily fit is r = 0.2671,
alpha = 41.91, a = 0.4835, b = 2.112.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import statistics
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from _report import seconds
from retention.churn import BgNbdParams, RfmSummary, fit_bgnbd, rfm_summary

AS_OF = dt.date(1998, 6, 30)
PENALIZERS = (0.0, 0.001)
NAMES = ("r", "alpha", "a", "b")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line.

    Args:
        argv: The arguments (``sys.argv[1:]`` when ``None``).

    Returns:
        The options.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=None, help="CDNOW_master.txt")
    parser.add_argument("--repeat", type=int, default=5, help="fits per library (median)")
    parser.add_argument("--tolerance", type=float, default=1e-4, help="max relative diff")
    return parser.parse_args(argv)


def cdnow_path() -> Path:
    """Find CDNOW_master.txt in the installed lifetimes package.

    Returns:
        The path of the file.
    """
    spec = importlib.util.find_spec("lifetimes")
    if spec is None or spec.origin is None:
        msg = "lifetimes is not installed: pass --data or pip install lifetimes==0.11.3"
        raise SystemExit(msg)
    return Path(spec.origin).parent / "datasets" / "CDNOW_master.txt"


def read_days(path: Path) -> dict[str, list[dt.date]]:
    """Read each customer's purchase dates.

    Args:
        path: CDNOW_master.txt.

    Returns:
        Customer ID to purchase dates, in file order.
    """
    days: dict[str, list[dt.date]] = defaultdict(list)
    with path.open(encoding="ascii") as lines:
        next(lines)  # the header
        for line in lines:
            if line.strip():
                cid, date, *_ = line.split()
                days[cid].append(dt.datetime.strptime(date, "%Y%m%d").date())  # noqa: DTZ007
    return dict(days)


def lifetimes_summary(days: dict[str, list[dt.date]]) -> Any:  # noqa: ANN401  # a DataFrame
    """Lifetimes' daily summary, the frequency/recency/T frame of its documentation.

    Args:
        days: Customer ID to purchase dates.

    Returns:
        The summary frame, indexed by customer ID.
    """
    import pandas as pd  # noqa: PLC0415  # only the comparison needs it
    from lifetimes.utils import summary_data_from_transaction_data  # noqa: PLC0415

    frame = pd.DataFrame(
        [(cid, day) for cid, dates in days.items() for day in dates], columns=["cid", "date"]
    )
    frame["date"] = pd.to_datetime(frame["date"])
    return summary_data_from_transaction_data(
        frame, "cid", "date", observation_period_end=AS_OF.isoformat(), freq="D"
    )


def check_summaries(ours: dict[str, RfmSummary], theirs: Any) -> int:  # noqa: ANN401
    """Count customers whose ``(x, t_x, T)`` differ between the two summaries.

    Args:
        ours: The library's summaries.
        theirs: Lifetimes' summary frame.

    Returns:
        The number of customers that differ (0 expected).
    """
    differ = 0
    for cid, row in theirs.iterrows():
        mine = ours[str(cid)]
        if (mine.x, mine.t_x, mine.T) != (row["frequency"], row["recency"], row["T"]):
            differ += 1
    return differ + abs(len(ours) - len(theirs))


def timed(call: Callable[[], object], repeat: int) -> tuple[Any, float]:
    """Run ``call`` ``repeat`` times.

    Args:
        call: What to time.
        repeat: How many runs.

    Returns:
        The last result and the median of the times in seconds.
    """
    times = []
    result: object = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = call()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


def fit_lifetimes(summary: Any, penalizer: float) -> dict[str, float]:  # noqa: ANN401
    """Fit lifetimes' BetaGeoFitter.

    Args:
        summary: Lifetimes' summary frame.
        penalizer: Its ``penalizer_coef``.

    Returns:
        The fitted parameters by name.
    """
    from lifetimes import BetaGeoFitter  # noqa: PLC0415  # only the comparison needs it

    fitter = BetaGeoFitter(penalizer_coef=penalizer)
    fitter.fit(summary["frequency"], summary["recency"], summary["T"])
    return {name: float(fitter.params_[name]) for name in NAMES}


def main(argv: Sequence[str] | None = None) -> int:
    """Compare the fits and print the figures.

    Args:
        argv: The arguments (``sys.argv[1:]`` when ``None``).

    Returns:
        0 when every parameter agrees within the tolerance, 1 otherwise.
    """
    args = parse_args(argv)
    warnings.simplefilter("ignore")  # lifetimes' pandas and autograd deprecation warnings
    days = read_days(args.data or cdnow_path())
    summaries = {cid: rfm_summary(dates, as_of=AS_OF, unit_days=1) for cid, dates in days.items()}
    theirs = lifetimes_summary(days)
    differ = check_summaries(summaries, theirs)
    purchases = sum(len(dates) for dates in days.values())
    print(f"CDNOW: {len(days):,} customers, {purchases:,} purchases, as of {AS_OF}, in days")
    print(f"summaries that differ from lifetimes': {differ}")
    worst = 0.0
    for penalizer in PENALIZERS:
        params: BgNbdParams
        params, ours_time = timed(
            lambda p=penalizer: fit_bgnbd(summaries, penalizer=p), args.repeat
        )
        reference, their_time = timed(lambda p=penalizer: fit_lifetimes(theirs, p), args.repeat)
        ours = {name: getattr(params, name) for name in NAMES}
        relative = max(abs(ours[n] - reference[n]) / abs(reference[n]) for n in NAMES)
        worst = max(worst, relative)
        print(f"\npenalizer {penalizer}")
        print(f"  {'':10} {'r':>10} {'alpha':>11} {'a':>10} {'b':>10} {'median time':>12}")
        for label, values, took in (
            ("fit_bgnbd", ours, ours_time),
            ("lifetimes", reference, their_time),
        ):
            figures = " ".join(f"{values[n]:10.6f}" for n in NAMES)
            print(f"  {label:10} {figures}  {seconds(took)}")
        print(f"  max relative difference {relative:.2e} (tolerance {args.tolerance:g})")
    passed = worst <= args.tolerance and differ == 0
    print(f"\n{'PASS' if passed else 'FAIL'}: max relative difference {worst:.2e}")
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
