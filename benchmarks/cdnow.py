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

Run it with ``.venv/bin/python benchmarks/cdnow.py``; ``--help`` lists the options. The
figures are quoted in ``docs/cli.md`` ("A real export: CDNOW").
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import platform
import subprocess
import sys
import time
import zipfile
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path

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


def run(command: list[str]) -> float:
    """Run ``python -m retention <command>`` and return its wall-clock seconds."""
    start = time.perf_counter()
    done = subprocess.run(  # noqa: S603 - the package's own command
        [sys.executable, "-m", "retention", *command, "--quiet"],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr, file=sys.stderr)
        msg = f"python -m retention {command[0]} exited with status {done.returncode}"
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
    return 1 if failed else 0


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
