"""Run the command line on a real public export: the CDNOW purchases.

CDNOW was an online CD store. Its "master" file (69,659 purchases by 23,570 customers who
first bought in the first quarter of 1997, up to the end of June 1998) is the data set
of Fader and Hardie's BG/NBD papers, and it ships in the ``lifetimes`` wheel on PyPI as
``lifetimes/datasets/CDNOW_master.txt``: customer ID, date (``yyyymmdd``), number of
CDs and dollar amount, separated by spaces.

The script

1. downloads the wheel once with ``pip download lifetimes==0.11.3 --no-deps`` into the
   cache directory (default ``benchmarks/.cache/cdnow``; nothing is committed),
2. turns the text file into the command line's purchases CSV (``customer_id`` like
   ``C00001``, ISO ``date``, ``amount`` as written, ``quantity``),
3. runs ``python -m retention segments``, ``churn`` and ``plan`` on it as separate
   processes (``churn`` and ``plan`` with ``--country US``: CDNOW was an American
   store), each writing CSV into the cache directory, and times each run (start-up and
   import included),
4. prints the figures: customers, purchases, the ABC classes with their shares,
   customers overdue, contacts planned, and the seconds of each command,
5. checks the July 1998 plan (issue 16): no routine contact to a lapsed customer, no
   customer with both a win-back and a holiday wish, the busiest day within the daily
   message limit; and prints the plan command's summary (stages, busiest day). A
   failed check makes the exit status 1.
6. compares the command line with what a notebook does (issue 14): a pandas script for
   ``segments`` (read, totals per customer, sort, cumulative share, A/B/C at 80 % and
   95 %, write CSV) and a pandas + lifetimes script for ``churn`` (read, purchase days
   per customer, overdue against 2 x the median gap or, with fewer than 3 purchase
   days, after 180 days, BG/NBD P(alive) with ``BetaGeoFitter``, write CSV). Each
   script is written to a temporary ``.py`` file and run as its own process, like the
   commands; whole processes are timed (start-up and imports included), interleaved,
   ``--repeat`` times (medians). It prints command / script for both and whether they
   meet the target (<= 1.5; a miss makes the exit status 1), and the command line's
   read of the purchases file against ``pandas.read_csv`` in one process.

Run it with ``.venv/bin/python benchmarks/cdnow.py``; ``--help`` lists the options. The
figures are quoted in ``docs/cli.md`` ("A real export: CDNOW").
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import platform
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

from _report import seconds, verdict

WHEEL = "lifetimes==0.11.3"
MEMBER = "lifetimes/datasets/CDNOW_master.txt"
COUNTRY = ["--country", "US"]  # CDNOW's calendar, for the commands that keep one
DEFAULT_CACHE = Path(__file__).parent / ".cache" / "cdnow"


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line.

    Args:
        argv: The arguments (``sys.argv[1:]`` when ``None``).

    Returns:
        The options.
    """
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--cache", type=Path, default=DEFAULT_CACHE, help=f"work directory ({DEFAULT_CACHE})"
    )
    parser.add_argument("--days", type=int, default=31, help="days of contact plan (31: July)")
    parser.add_argument(
        "--repeat",
        type=int,
        default=5,
        help="runs of each command and script in the comparison (medians; 0: no comparison)",
    )
    parser.add_argument(
        "--cli",
        type=Path,
        help="time this copy of retention/cli.py (its main()) in the comparison instead of "
        "python -m retention, e.g. the last commit's for a before/after",
    )
    return parser.parse_args(argv)


def wheel(cache: Path) -> Path:
    """Return the lifetimes wheel in ``cache``, downloading it with pip the first time."""
    found = sorted(cache.glob("[Ll]ifetimes-0.11.3-*.whl"))
    if not found:
        cache.mkdir(parents=True, exist_ok=True)
        print(f"downloading {WHEEL} into {cache} ...", flush=True)
        subprocess.run(  # noqa: S603 - this interpreter's own pip, fixed arguments
            [sys.executable, "-m", "pip", "download", WHEEL, "--no-deps", "-d", str(cache)],
            check=True,
        )
        found = sorted(cache.glob("[Ll]ifetimes-0.11.3-*.whl"))
    return found[0]


def write_purchases(source: Path, target: Path) -> tuple[int, int, dt.date, dt.date]:
    """Write the CLI's purchases CSV from CDNOW_master.txt inside the wheel ``source``.

    Returns:
        Purchases, customers, first and last purchase day.
    """
    with zipfile.ZipFile(source) as archive:
        text = archive.read(MEMBER).decode("ascii")
    lines = text.splitlines()
    rows = []
    for line in lines[1:]:  # the first line names the columns
        if not line.strip():
            continue
        customer, day, cds, dollars = line.split()
        amount = Decimal(dollars)
        if amount < 0:
            msg = f"CDNOW: a negative amount {dollars!r} in {line!r}"
            raise ValueError(msg)
        rows.append(
            (
                f"C{int(customer):05d}",
                dt.datetime.strptime(day, "%Y%m%d").date().isoformat(),  # noqa: DTZ007 - a plain day
                f"{amount:f}",
                int(cds),
            )
        )
    with target.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow(("customer_id", "date", "amount", "quantity"))
        writer.writerows(rows)
    days = sorted(dt.date.fromisoformat(row[1]) for row in rows)
    return len(rows), len({row[0] for row in rows}), days[0], days[-1]


def run(command: list[str], *, program: Sequence[str] = ("-m", "retention")) -> float:
    """Run ``python -m retention <command>`` and return its wall-clock seconds.

    ``program`` replaces ``-m retention``: a script's path, e.g. a copy of ``cli.py``.
    """
    return timed([*program, *command, "--quiet"])


def timed(arguments: Sequence[str]) -> float:
    """Run this interpreter with ``arguments``; return its wall-clock seconds.

    A failed run stops the benchmark with the process's stderr.
    """
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - this interpreter, on the package or our own scripts
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        msg = f"python {' '.join(arguments[:3])} exited with status {done.returncode}"
        raise SystemExit(msg)
    return elapsed


def read_csv(path: Path) -> list[dict[str, str]]:
    """The rows of a CSV the command line wrote."""
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the three commands on CDNOW and print the figures."""
    args = parse_args(argv)
    cache: Path = args.cache
    purchases = cache / "cdnow_purchases.csv"
    count, customers, first, last = write_purchases(wheel(cache), purchases)
    print(f"Python {platform.python_version()} on {platform.machine()}, {dt.date.today()}")  # noqa: DTZ011 - the run's date, for the docs
    print(f"CDNOW: {count:,} purchases by {customers:,} customers, {first} .. {last}")
    print(f"purchases CSV: {purchases} ({purchases.stat().st_size / 1e6:.1f} MB)")

    timings = {}
    source = ["--purchases", str(purchases), "--format", "csv", "--output"]
    for name, extra in (
        ("segments", []),
        ("churn", COUNTRY),
        ("plan", [*COUNTRY, "--days", str(args.days)]),
    ):
        output = cache / f"{name}.csv"
        timings[name] = run([name, *source, str(output), *extra])

    segments = read_csv(cache / "segments.csv")
    total = sum(Decimal(row["spend"]) for row in segments)
    print()
    print(f"segments: {len(segments):,} customers, total spend {total:,.2f}")
    print(f"  {'class':<6}{'customers':>10}{'share':>9}{'spend':>15}{'share':>9}")
    for letter in "ABC":
        rows = [row for row in segments if row["abc_class"] == letter]
        spend = sum(Decimal(row["spend"]) for row in rows)
        print(
            f"  {letter:<6}{len(rows):>10,}{len(rows) / len(segments):>9.1%}"
            f"{spend:>15,.2f}{spend / total:>9.1%}"
        )
    churn = read_csv(cache / "churn.csv")
    by_class = Counter(row["abc_class"] for row in churn)
    calls = sum(1 for row in churn if row["winback_channel"] == "phone")
    print(
        f"churn: {len(churn):,} customers overdue on {last + dt.timedelta(days=1)} "
        f"(A {by_class['A']:,}, B {by_class['B']:,}, C {by_class['C']:,}); "
        f"win-back: {calls:,} calls, {len(churn) - calls:,} messages"
    )
    plan = read_csv(cache / "plan.csv")
    statuses = Counter(row["status"] for row in plan)
    planned = statuses["planned"] + statuses["deferred"]
    purposes = Counter(row["purpose"] for row in plan if row["status"] in ("planned", "deferred"))
    reasons = Counter(row["suppressed"] for row in plan if row["suppressed"])
    print(
        f"plan ({args.days} days): {len(plan):,} candidate contacts, {planned:,} planned "
        f"({statuses['deferred']:,} deferred), {statuses['suppressed']:,} suppressed"
    )
    print("  planned by purpose: " + ", ".join(f"{k} {n:,}" for k, n in sorted(purposes.items())))
    print("  not planned because: " + ", ".join(f"{k} {n:,}" for k, n in sorted(reasons.items())))
    failed = check_plan(plan, purchases, last + dt.timedelta(days=1))
    table = subprocess.run(  # noqa: S603 - the package's own command: its summary for people
        [
            sys.executable,
            "-m",
            "retention",
            "plan",
            "--purchases",
            str(purchases),
            *COUNTRY,
            "--days",
            str(args.days),
            "--quiet",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.splitlines()
    print("  the command's summary:")
    for line in table:
        if line.strip().startswith(("Customers by stage", "Busiest day", "Typical day")):
            print(f"  {line.strip()}")
    print()
    for name, elapsed in timings.items():
        print(f"python -m retention {name:<9} {elapsed:6.2f} s (start-up and import included)")
    if args.repeat > 0:
        as_of = last + dt.timedelta(days=1)
        program = ("-m", "retention")
        if args.cli is not None:  # a copy of cli.py: run its main() on the arguments
            program = (
                "-c",
                f"import runpy, sys; sys.exit(runpy.run_path({str(args.cli)!r})['main']())",
            )
        print()
        missed = not compare(purchases, as_of, repeat=args.repeat, program=program)
        read_times(purchases, repeat=args.repeat)
        failed = failed or missed
    return 1 if failed else 0


# -- the comparison with a notebook (issue 14) ----------------------------------------

#: ``segments`` as a notebook writes it with pandas: argv is the purchases CSV and the output.
SEGMENTS_SCRIPT = """\
import sys

import pandas as pd

source, target = sys.argv[1:3]
purchases = pd.read_csv(source, dtype={"customer_id": str}, parse_dates=["date"])
customers = (
    purchases.groupby("customer_id")
    .agg(
        spend=("amount", "sum"),
        purchases=("amount", "size"),
        first_purchase=("date", "min"),
        last_purchase=("date", "max"),
    )
    .reset_index()
    .sort_values(["spend", "customer_id"], ascending=[False, True])
)
customers["share_of_spend"] = customers["spend"] / customers["spend"].sum()
# "upper": a customer whose predecessors hold under 80 % of spend is A, under 95 % B
before = customers["share_of_spend"].cumsum() - customers["share_of_spend"]
customers["abc_class"] = "C"
customers.loc[before < 0.95, "abc_class"] = "B"
customers.loc[before < 0.80, "abc_class"] = "A"
customers["rank"] = range(1, len(customers) + 1)
customers.round({"spend": 2}).to_csv(target, index=False, date_format="%Y-%m-%d")
"""

#: ``churn`` as a notebook writes it with pandas and lifetimes: argv is the purchases
#: CSV, the as-of day and the output. The overdue rule is ChurnPolicy's defaults
#: (retention.churn._rhythm): purchase days, not purchases; over 2 x the median gap
#: between them with 3 or more, over 180 days without a purchase with fewer.
CHURN_SCRIPT = """\
import sys

import pandas as pd
from lifetimes import BetaGeoFitter
from lifetimes.utils import summary_data_from_transaction_data

source, as_of, target = sys.argv[1], pd.Timestamp(sys.argv[2]), sys.argv[3]
purchases = pd.read_csv(source, dtype={"customer_id": str}, parse_dates=["date"])
purchases = purchases[purchases["date"] <= as_of]

spend = purchases.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
share = spend / spend.sum()
before = share.cumsum() - share
abc_class = pd.Series("C", index=spend.index)
abc_class[before < 0.95] = "B"
abc_class[before < 0.80] = "A"

days = purchases[["customer_id", "date"]].drop_duplicates().sort_values(["customer_id", "date"])
days["gap"] = days.groupby("customer_id")["date"].diff().dt.days
customers = days.groupby("customer_id").agg(
    purchase_days=("date", "size"),
    last_purchase=("date", "max"),
    median_gap=("gap", "median"),
)
customers["days_since"] = (as_of - customers["last_purchase"]).dt.days
own_rhythm = customers["purchase_days"] >= 3
customers["limit"] = (2 * customers["median_gap"]).where(own_rhythm, 180)
customers["overdue"] = customers["days_since"] > customers["limit"]

summary = summary_data_from_transaction_data(
    purchases, "customer_id", "date", observation_period_end=as_of, freq="D", freq_multiplier=7
)
bgf = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
customers["p_alive"] = bgf.conditional_probability_alive(
    summary["frequency"], summary["recency"], summary["T"]
)
customers["abc_class"] = abc_class
at_risk = customers[customers["overdue"] | (customers["p_alive"] < 0.5)].copy()
at_risk["lateness"] = at_risk["days_since"] / at_risk["limit"]
at_risk = at_risk.sort_values(["abc_class", "lateness"], ascending=[True, False])
at_risk.to_csv(target, date_format="%Y-%m-%d")
"""

TARGET = 1.5  # issue 14: each command at most 1.5 x the notebook's script


def compare(purchases: Path, as_of: dt.date, *, repeat: int, program: Sequence[str]) -> bool:
    """Time ``segments`` and ``churn`` against the notebook's scripts; print the ratios.

    Each command and each script runs ``repeat`` times as its own process, interleaved
    (command, script, command, script ...), so that the machine's noise hits all alike.

    Returns:
        Whether both ratios of medians meet :data:`TARGET`.
    """
    source = ["--purchases", str(purchases), "--format", "csv", "--output"]
    with tempfile.TemporaryDirectory(prefix="cdnow-notebook-") as folder:
        work = Path(folder)
        (work / "segments_notebook.py").write_text(SEGMENTS_SCRIPT, encoding="utf-8")
        (work / "churn_notebook.py").write_text(CHURN_SCRIPT, encoding="utf-8")
        runs = {
            "segments command": lambda: run(
                ["segments", *source, str(work / "segments.csv")], program=program
            ),
            "segments script": lambda: timed(
                [str(work / "segments_notebook.py"), str(purchases), str(work / "seg_nb.csv")]
            ),
            "churn command": lambda: run(
                ["churn", *source, str(work / "churn.csv"), *COUNTRY], program=program
            ),
            "churn script": lambda: timed(
                [
                    str(work / "churn_notebook.py"),
                    str(purchases),
                    as_of.isoformat(),
                    str(work / "churn_nb.csv"),
                ]
            ),
        }
        times: dict[str, list[float]] = {name: [] for name in runs}
        for _ in range(repeat):
            for name, go in runs.items():
                times[name].append(go())
        agree = agreement(work)
    medians = {name: statistics.median(values) for name, values in times.items()}
    shown = " ".join(program) if program[0] == "-m" else program[1]
    print(f"The command line ({shown}) against a notebook's script, whole processes,")
    print(f"medians of {repeat} interleaved runs:")
    for name, value in medians.items():
        spread = f"{min(times[name]):.2f} .. {max(times[name]):.2f} s"
        print(f"  {name:<17}{seconds(value)}  ({spread})")
    print(agree)
    ok = [
        verdict(
            f"{name} command / script",
            medians[f"{name} command"] / medians[f"{name} script"],
            TARGET,
        )
        for name in ("segments", "churn")
    ]
    return all(ok)


def agreement(work: Path) -> str:
    """Say how far the scripts' answers agree with the commands' (a sanity check)."""
    command = {row["customer_id"]: row["abc_class"] for row in read_csv(work / "segments.csv")}
    script = {row["customer_id"]: row["abc_class"] for row in read_csv(work / "seg_nb.csv")}
    same = sum(1 for cid, letter in command.items() if script.get(cid) == letter)
    flagged = {row["customer_id"] for row in read_csv(work / "churn.csv")}
    notebook = {row["customer_id"] for row in read_csv(work / "churn_nb.csv")}
    p_alive = sum(1 for row in read_csv(work / "churn.csv") if row["p_alive"])
    return (
        f"  the scripts agree: ABC class of {same:,} of {len(command):,} customers; "
        f"{len(flagged & notebook):,} customers at risk in both, {len(flagged - notebook):,} "
        f"only in the command's, {len(notebook - flagged):,} only in the script's; the "
        f"command's P(alive) on {p_alive:,} rows"
    )


def read_times(purchases: Path, *, repeat: int) -> None:
    """Print the command line's read of the purchases file against ``pandas.read_csv``.

    In this process, after one warm-up read each (imports out of the timing): the
    command line's reader (by columns with the frames extra, else the careful reader),
    the careful reader alone, and ``pandas.read_csv`` with string customer IDs.
    """
    import pandas as pd  # noqa: PLC0415  # the bench extra

    from retention import cli  # noqa: PLC0415  # the command line's own reader
    from retention.exports import read_purchases  # noqa: PLC0415

    path = str(purchases)
    readers = {
        "the command line's reader": lambda: cli._load_purchases(path),  # noqa: SLF001
        "the careful reader (read_purchases)": lambda: read_purchases(
            purchases.read_text(encoding="utf-8"),
            source=path,
            dates=cli._DATES,  # noqa: SLF001
        ),
        "pandas.read_csv": lambda: pd.read_csv(path, dtype={"customer_id": str}),
    }
    times: dict[str, list[float]] = {name: [] for name in readers}
    for _ in range(repeat + 1):
        for name, read in readers.items():
            start = time.perf_counter()
            read()
            times[name].append(time.perf_counter() - start)
    kind = type(cli._load_purchases(path)).__name__  # noqa: SLF001
    print(f"Reading the purchases file in one process (medians of {repeat}, after a warm-up):")
    for name, values in times.items():
        print(f"  {name:<37}{seconds(statistics.median(values[1:]))}")
    print(f"  (the command line's reader gave {kind}: _Columns is the columnar path)")


ROUTINE = frozenset({"keep", "holiday", "invite", "club"})


def check_plan(plan: list[dict[str, str]], purchases: Path, start: dt.date) -> bool:
    """Print issue 16's checks of the plan; return whether one failed.

    With the default policy: no routine contact (keep-in-touch, holiday wish, invitation,
    club reward) to a customer whose last purchase is more than ``lapse_days`` before
    the plan; no customer with both a win-back and a holiday wish; the busiest day's
    messages within ``messages_per_day``.
    """
    from retention.cadence import CadencePolicy  # noqa: PLC0415  # the script's one import of it

    policy = CadencePolicy()
    last: dict[str, dt.date] = {}
    for row in read_csv(purchases):
        day = dt.date.fromisoformat(row["date"])
        if day < start and day > last.get(row["customer_id"], dt.date.min):
            last[row["customer_id"]] = day
    made = [row for row in plan if row["status"] in ("planned", "deferred")]
    lapsed = sum(
        1
        for row in made
        if row["purpose"] in ROUTINE and (start - last[row["customer_id"]]).days > policy.lapse_days
    )
    winback = {row["customer_id"] for row in made if row["purpose"] == "winback"}
    wished = {row["customer_id"] for row in made if row["purpose"] == "holiday"}
    messages = Counter(row["date"] for row in made if row["channel"] == "message")
    day, busiest = messages.most_common(1)[0] if messages else ("none", 0)
    checks = [
        (
            f"routine contacts to customers silent more than {policy.lapse_days} days: {lapsed:,}",
            lapsed == 0,
        ),
        (
            f"customers with both a win-back and a holiday wish: {len(winback & wished):,}",
            not winback & wished,
        ),
        (
            (
                f"busiest day {day}: {busiest:,} messages (the policy's limit "
                f"{policy.messages_per_day:,} a day)"
            ),
            busiest <= policy.messages_per_day,
        ),
    ]
    for text, ok in checks:
        print(f"  {text}: {'ok' if ok else 'FAIL'}")
    return not all(ok for _, ok in checks)


if __name__ == "__main__":
    sys.exit(main())
