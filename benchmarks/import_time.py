"""Benchmark how long ``import retention`` takes, in a fresh interpreter each time.

Each repeat starts new Python processes, interleaved so that machine noise hits them
alike, and each process reports its own ``time.perf_counter()`` around one statement:

1. ``import retention``: what every host pays (target <= 100 ms on this machine);
2. ``import retention`` and then every name of ``retention.__all__``: the whole
   re-exported API, which imports the domain modules on first use;
3. ``import attrs``: the baseline, the library's one required runtime import.

Interpreter start-up is outside the timed region. The medians count; the script also
checks in each process that none of holidays, cattrs, hypothesis, pytest or pandas was
imported by ``import retention``, and exits with status 1 when a target is missed.

Run it with ``make bench`` (``.venv/bin/python benchmarks/import_time.py``).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys

from _report import seconds, verdict

HEAVY = ("holidays", "cattrs", "hypothesis", "pytest", "pandas")

#: The statement each process times, by what it measures.
STATEMENTS = {
    "import retention": "import retention",
    "retention + all names": (
        "import retention\nfor name in retention.__all__: getattr(retention, name)"
    ),
    "import attrs (baseline)": "import attrs",
}

PROBE = """
import json, sys, time
start = time.perf_counter()
exec(compile({statement!r}, "<bench>", "exec"))
elapsed = time.perf_counter() - start
heavy = sorted(m for m in sys.modules if m.split(".")[0] in {heavy!r})
print(json.dumps({{"seconds": elapsed, "heavy": heavy}}))
"""


def measure(statement: str) -> tuple[float, list[str]]:
    """Time ``statement`` in a new interpreter; return seconds and heavy modules seen."""
    code = PROBE.format(statement=statement, heavy=HEAVY)
    # Our own fixed probe, run by this very interpreter: no untrusted input.
    out = subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    result = json.loads(out)
    return float(result["seconds"]), list(result["heavy"])


def main() -> int:
    """Run the benchmark and print the table and the verdicts."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="processes per statement")
    args = parser.parse_args()

    times: dict[str, list[float]] = {label: [] for label in STATEMENTS}
    heavy_seen: set[str] = set()
    for _ in range(args.repeats):
        for label, statement in STATEMENTS.items():
            elapsed, heavy = measure(statement)
            times[label].append(elapsed)
            if label == "import retention":
                heavy_seen.update(heavy)

    print(f"Python {sys.version.split()[0]}, {args.repeats} fresh processes per line")
    medians = {label: statistics.median(values) for label, values in times.items()}
    for label, median in medians.items():
        print(f"{label:<26} median {seconds(median)}  (min {seconds(min(times[label]))})")
    baseline = medians["import attrs (baseline)"]
    print(f"import retention / import attrs = {medians['import retention'] / baseline:.2f}")
    print(f"all names / import attrs = {medians['retention + all names'] / baseline:.2f}")
    ok = verdict("import retention (ms)", medians["import retention"] * 1000, 100)
    if heavy_seen:
        print(f"import retention imported {', '.join(sorted(heavy_seen))}: FAIL")
        ok = False
    else:
        print(f"import retention imported none of {', '.join(HEAVY)}: PASS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
