"""Mutation testing of the domain packages with mutmut: a seeded sample, or every mutant.

``make mutants`` runs this script in the project's .venv with the ``mutants`` extra; see
docs/mutants.md. It generates every mutant with mutmut (in ``mutants/``, mutmut's work
folder), draws a seeded random sample stratified over the six scored groups, has mutmut
run the tests on the sample only, then prints a table per group and writes the surviving
mutants to ``mutants/survivors.md``::

    python benchmarks/mutants.py                     # seed 17, 1,500 mutants (250 a group)
    python benchmarks/mutants.py --seed 5 --size 3000
    python benchmarks/mutants.py --all               # every mutant, unscored modules too
    python benchmarks/mutants.py --dry-run           # count the mutants, draw, run nothing
    python benchmarks/mutants.py --resume            # keep the sample's verdicts, run the rest

The score of a group is (killed + timeout) / (sampled - other): a mutant is detected when
a test fails on it or it makes the tests run past mutmut's time limit; "survived" (the
tests pass) and "no tests" (no test calls the function) count as not detected; "other"
(an unexpected exit code, a crash, a run that was interrupted) is no verdict and leaves
the denominator.

The script must not import ``retention`` itself: mutmut puts ``mutants/src`` first on
``sys.path`` (and takes the editable install's ``src/`` off it) before the tests import
the package, so that they import the mutated copy.
"""

from __future__ import annotations

import argparse
import ast
import json
import math
import os
import random
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = Path("mutants")  # mutmut's work folder, relative to ROOT (gitignored)
SURVIVORS = WORK / "survivors.md"
REPORT = WORK / "sample.json"

# The scored groups, with the module prefix of their mutants and the score the
# acceptance of issue 17 asks for.
GROUPS: dict[str, tuple[str, float]] = {
    "segmentation": ("retention.segmentation.", 0.90),
    "complaints": ("retention.complaints.", 0.90),
    "hours": ("retention.hours.", 0.90),
    "churn": ("retention.churn.", 0.90),
    "satisfaction": ("retention.satisfaction.", 0.90),
    "cadence": ("retention.cadence.", 0.85),
}
OTHER = "other modules"  # mutated, never sampled, run by --all, not scored

DETECTED = ("killed", "timeout")
UNDETECTED = ("survived", "no tests")
COLUMNS = ("killed", "timeout", "survived", "no tests", "other")


def group_of(mutant: str) -> str:
    """Return the scored group of a mutant name (``retention.hours.x_add__mutmut_3``)."""
    for group, (prefix, _target) in GROUPS.items():
        if mutant.startswith(prefix):
            return group
    return OTHER


def column_of(status: str) -> str:
    """Return the table column of one of mutmut's statuses."""
    return status if status in DETECTED + UNDETECTED else "other"


def allocate(totals: dict[str, int], size: int) -> dict[str, int]:
    """Share ``size`` equally over the groups; a group smaller than its share gives all it has.

    What a small group cannot give goes to the others, equally again, so the sample
    reaches ``size`` while the groups hold that many mutants.
    """
    quota = dict.fromkeys(totals, 0)
    left = size
    open_groups = [group for group, total in totals.items() if total > 0]
    while left > 0 and open_groups:
        share, extra = divmod(left, len(open_groups))
        for index, group in enumerate(open_groups):
            quota[group] += share + (1 if index < extra else 0)
        left = 0
        for group in open_groups:
            if quota[group] > totals[group]:
                left += quota[group] - totals[group]
                quota[group] = totals[group]
        open_groups = [group for group in open_groups if quota[group] < totals[group]]
    return quota


def draw(by_group: dict[str, list[str]], quota: dict[str, int], seed: int) -> list[str]:
    """Draw each group's quota of mutants with its own generator, seeded by seed and group.

    The names are sorted first, so the draw depends on the seed and the mutants alone.
    """
    sample: list[str] = []
    for group, count in quota.items():
        rng = random.Random(f"{seed}:{group}")
        sample += rng.sample(sorted(by_group[group]), count)
    return sorted(sample)


def wilson(detected: int, scored: int) -> tuple[float, float]:
    """Return the 95 % Wilson interval of a score of ``detected`` out of ``scored``."""
    if not scored:
        return (0.0, 1.0)
    z = 1.96
    p = detected / scored
    centre = (p + z * z / (2 * scored)) / (1 + z * z / scored)
    half = z * math.sqrt(p * (1 - p) / scored + z * z / (4 * scored * scored))
    half /= 1 + z * z / scored
    return (max(0.0, centre - half), min(1.0, centre + half))


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=17, help="seed of the sample (17)")
    parser.add_argument(
        "--size",
        type=int,
        default=1500,
        help="mutants in the sample, shared equally by the six scored groups (1500)",
    )
    parser.add_argument("--all", action="store_true", help="run every mutant instead of a sample")
    parser.add_argument("--max-children", type=int, default=2, help="test processes at once (2)")
    parser.add_argument(
        "--resume",
        action="store_true",
        help="keep the verdicts mutants/ holds for the chosen mutants; run only the others",
    )
    parser.add_argument(
        "--survivors",
        action="store_true",
        help="run again only the chosen mutants that were not killed, after adding tests",
    )
    parser.add_argument(
        "--dry-run",
        action="store_true",
        help="generate and count the mutants, draw the sample, run no test",
    )
    parser.add_argument(
        "--deselect",
        action="append",
        default=[],
        metavar="NODEID",
        help="leave a test out of the run (repeatable), e.g. one that fails on work in progress",
    )
    args = parser.parse_args(argv)
    if args.size < 1 or args.max_children < 1:
        parser.error("--size and --max-children must be at least 1")
    if args.resume and args.survivors:
        parser.error("--resume and --survivors: choose one")
    return args


def main(argv: list[str] | None = None) -> int:
    """Generate, draw, run, report; return the exit status."""
    args = parse_args(argv)
    os.chdir(ROOT)
    # The tests' hypothesis profile for this run: derandomized, no example database and
    # few examples, so each mutant's verdict is repeatable and its test run short.
    os.environ["HYPOTHESIS_PROFILE"] = "mutants"

    # Imported here: mutmut reads [tool.mutmut] from the pyproject.toml of the working
    # directory, and its __main__ sets multiprocessing's start method to fork.
    import mutmut.__main__ as mutmut_main  # noqa: PLC0415
    from mutmut.configuration import config  # noqa: PLC0415

    if args.deselect:
        config().pytest_add_cli_args_test_selection += [
            f"--deselect={nodeid}" for nodeid in args.deselect
        ]

    started = time.perf_counter()
    generate(mutmut_main, args.max_children)
    generated = time.perf_counter() - started
    verdicts = read_verdicts()
    by_group: dict[str, list[str]] = {group: [] for group in [*GROUPS, OTHER]}
    for name in verdicts:
        by_group[group_of(name)].append(name)
    totals = {group: len(names) for group, names in by_group.items()}
    print(f"\nmutants generated in {generated:.0f} s, {sum(totals.values())} in all:")
    for group, total in totals.items():
        print(f"  {group:<14} {total:>6}")

    if args.all:
        chosen = sorted(verdicts)
        print(f"\nrunning every mutant: {len(chosen)}")
    else:
        quota = allocate({group: totals[group] for group in GROUPS}, args.size)
        chosen = draw(by_group, quota, args.seed)
        shares = ", ".join(f"{group} {count}" for group, count in quota.items())
        print(f"\nsample: seed {args.seed}, {len(chosen)} mutants ({shares})")
    if args.dry_run:
        return 0

    # --survivors keeps the killed verdicts: a test added since cannot bring a killed
    # mutant back (a test changed or removed can: then start afresh, docs/mutants.md).
    if args.survivors:
        to_run = [name for name in chosen if verdicts[name] not in DETECTED]
    else:
        to_run = [name for name in chosen if not args.resume or verdicts[name] is None]
    timings = Timings()
    if to_run:
        print(f"running {len(to_run)} mutants with {args.max_children} test processes")
        timings.run(mutmut_main, to_run, args.max_children)
    else:
        print("every chosen mutant has a verdict already (--resume), or was killed (--survivors)")

    verdicts = read_verdicts()
    durations = read_durations()
    report(chosen, verdicts, durations, args, timings)
    if to_run and not args.survivors and not any(verdicts[name] in DETECTED for name in to_run):
        # mutmut's forced failure should have caught it first: a run that kills nothing
        # ran the tests on the unmutated package.
        print("no mutant was killed: did the tests import src/ instead of mutants/src?")
        return 1
    return 0


def generate(mutmut_main: ModuleType, max_children: int) -> None:
    """Copy src/, the tests and also_copy into mutants/ and write the mutated files.

    These are the first steps of ``mutmut run``; files whose source has not changed since
    they were mutated are left as they are.
    """
    from mutmut.utils import file_utils  # noqa: PLC0415

    WORK.mkdir(exist_ok=True)
    with mutmut_main.CatchOutput(spinner_title="Generating mutants"):
        file_utils.copy_src_dir()
        file_utils.copy_also_copy_files()
        file_utils.setup_source_paths()
        mutmut_main.create_mutants(max_children)


def mutation_data() -> Iterator[Any]:
    """Yield the record mutmut keeps of each mutated file (``SourceFileMutationData``)."""
    from mutmut.mutation.data import SourceFileMutationData  # noqa: PLC0415
    from mutmut.utils.file_utils import walk_mutatable_files  # noqa: PLC0415

    for path in walk_mutatable_files():
        data = SourceFileMutationData(path=path)
        data.load()
        yield data


def read_verdicts() -> dict[str, str | None]:
    """Return every mutant's status (mutmut's word), or None while it has none."""
    from mutmut.stats import status_by_exit_code  # noqa: PLC0415

    return {
        name: None if code is None else status_by_exit_code[code]
        for data in mutation_data()
        for name, code in data.exit_code_by_key.items()
    }


def read_durations() -> dict[str, float]:
    """Return the seconds each mutant's test process took in its last run."""
    return {
        name: seconds for data in mutation_data() for name, seconds in data.durations_by_key.items()
    }


class Timings:
    """Run mutmut on some mutants and time its phases (wall-clock seconds)."""

    def __init__(self) -> None:
        """Start with nothing timed."""
        self.stats = 0.0
        self.clean = 0.0
        self.mutants = 0.0
        self.total = 0.0
        self.count = 0

    def run(self, mutmut_main: ModuleType, names: list[str], max_children: int) -> None:
        """Run mutmut's ``run`` on ``names`` with ``max_children`` test processes."""
        marks: dict[str, float] = {}

        def timed(label: str, function: Callable[..., object]) -> Callable[..., object]:
            def wrapper(*args: object, **kwargs: object) -> object:
                marks[f"{label} start"] = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    marks[f"{label} end"] = time.perf_counter()

            return wrapper

        wanted = set(names)
        builtin_print = print

        def quiet_print(*args: object, **kwargs: object) -> None:
            # mutmut lists every named mutant with its verdict at the end; the table
            # and mutants/survivors.md say it better.
            if len(args) == 2 and args[1] in wanted:  # (emoji, name)
                return
            if args in {("Mutant results",), ("--------------",)}:
                return
            builtin_print(*args, **kwargs)

        patched = {
            "collect_or_load_stats": mutmut_main.collect_or_load_stats,
            "run_forced_fail_test": mutmut_main.run_forced_fail_test,
        }
        mutmut_main.collect_or_load_stats = timed("stats", patched["collect_or_load_stats"])
        mutmut_main.run_forced_fail_test = timed("fail", patched["run_forced_fail_test"])
        mutmut_main.print = quiet_print
        start = time.perf_counter()
        try:
            mutmut_main._run(names, max_children)  # noqa: SLF001 - `mutmut run` on a list
        finally:
            end = time.perf_counter()
            for name, function in patched.items():
                setattr(mutmut_main, name, function)
            del mutmut_main.print
        self.total = end - start
        self.stats = marks.get("stats end", start) - marks.get("stats start", start)
        self.clean = marks.get("fail end", start) - marks.get("stats end", start)
        self.mutants = end - marks.get("fail end", end)
        self.count = len(names)


def report(
    chosen: list[str],
    verdicts: dict[str, str | None],
    durations: dict[str, float],
    args: argparse.Namespace,
    timings: Timings,
) -> None:
    """Print the table per group and the timings; write the survivors and the summary."""
    table: dict[str, Counter[str]] = {group: Counter() for group in [*GROUPS, OTHER]}
    for name in chosen:
        status = verdicts.get(name) or "not checked"
        table[group_of(name)][column_of(status)] += 1
        table[group_of(name)]["sampled"] += 1
    if not table[OTHER]["sampled"]:
        del table[OTHER]

    what = "every mutant" if args.all else f"sample of {len(chosen)}, seed {args.seed}"
    print(f"\nmutation score per group ({what}); score = (killed + timeout) / (sampled - other)")
    head = ("group", "sampled", *COLUMNS, "score", "95 % interval", "target")
    rows = [head]
    summary: dict[str, dict[str, Any]] = {}
    for group, counts in table.items():
        detected = counts["killed"] + counts["timeout"]
        scored = counts["sampled"] - counts["other"]
        low, high = wilson(detected, scored)
        target = GROUPS[group][1] if group in GROUPS else None
        score = detected / scored if scored else None
        verdict = "" if target is None or score is None else ("met" if score >= target else "under")
        rows.append(
            (
                group,
                str(counts["sampled"]),
                *(str(counts[column]) for column in COLUMNS),
                "-" if score is None else f"{score:.1%}",
                f"{low:.1%}-{high:.1%}" if scored else "-",
                "-" if target is None else f">= {target:.0%} {verdict}",
            )
        )
        summary[group] = {**{key: counts[key] for key in ("sampled", *COLUMNS)}, "score": score}
    widths = [max(len(row[index]) for row in rows) for index in range(len(head))]
    for row in rows:
        cells = [row[0].ljust(widths[0])] + [
            cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)
        ]
        print("  ".join(cells))

    ran = [durations[name] for name in chosen if name in durations]
    if timings.count:
        print(
            f"\ntimes: stats {timings.stats:.0f} s, clean tests and forced failure"
            f" {timings.clean:.0f} s, {timings.count} mutants {timings.mutants:.0f} s"
            f" ({timings.mutants / timings.count:.2f} s a mutant with {args.max_children}"
            f" processes), in all {timings.total:.0f} s"
        )
    if ran:
        mean = sum(ran) / len(ran)
        every = len(verdicts) * mean / args.max_children
        print(
            f"a mutant's test process takes {mean:.2f} s on average; every mutant"
            f" ({len(verdicts)}) would take about {every / 3600:.1f} h with"
            f" {args.max_children} processes"
        )

    survivors = [name for name in chosen if (verdicts.get(name) or "") in UNDETECTED]
    write_survivors(survivors, verdicts, what)
    REPORT.write_text(
        json.dumps(
            {
                "what": what,
                "seed": None if args.all else args.seed,
                "size": len(chosen),
                "groups": summary,
                "mutants": {name: verdicts.get(name) for name in chosen},
                "seconds": {
                    "stats": timings.stats,
                    "clean": timings.clean,
                    "mutants": timings.mutants,
                    "total": timings.total,
                },
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    print(f"\n{len(survivors)} surviving mutants in {SURVIVORS}; the table in {REPORT}")
    print("show one with: .venv/bin/mutmut show <name>; browse them with .venv/bin/mutmut browse")


def write_survivors(survivors: list[str], verdicts: dict[str, str | None], what: str) -> None:
    """Write each surviving mutant's name, file, line and diff, by group."""
    from mutmut.mutation.diff_apply import find_mutant, get_diff_for_mutant  # noqa: PLC0415

    lines = [f"# Surviving mutants ({what})", ""]
    for group in [*GROUPS, OTHER]:
        names = [name for name in survivors if group_of(name) == group]
        if not names:
            continue
        lines += [f"## {group} ({len(names)})", ""]
        for name in names:
            path = Path(find_mutant(name).path)
            diff = get_diff_for_mutant(name, path=path)
            line = source_line(path, name, diff)
            lines += [
                f"### {name}",
                "",
                f"{path}:{line} ({verdicts[name]})",
                "",
                "```diff",
                *diff.splitlines()[2:],  # the ---/+++ header names the file again
                "```",
                "",
            ]
    SURVIVORS.write_text("\n".join(lines), encoding="utf-8")


HUNK = re.compile(r"^@@ -(\d+)")


def source_line(path: Path, mutant: str, diff: str) -> int | str:
    """Return the line of ``path`` that ``mutant`` changes (its first changed line).

    mutmut's diff counts lines from the function's ``def``; the function is found in the
    source with ``ast``.
    """
    from mutmut.utils.format_utils import orig_function_and_class_names_from_key  # noqa: PLC0415

    function, owner = orig_function_and_class_names_from_key(mutant)
    tree = ast.parse(path.read_text(encoding="utf-8"))
    scope: Iterable[ast.stmt] = tree.body
    if owner is not None:
        classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
        scope = next((node.body for node in classes if node.name == owner), [])
    defs = [
        node
        for node in scope
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name == function
    ]
    offset = None
    index = 0
    for text in diff.splitlines()[2:]:
        match = HUNK.match(text)
        if match:
            index = int(match.group(1)) - 1
        elif text.startswith(("-", "+")):
            offset = index
            break
        else:
            index += 1
    if not defs or offset is None:
        return "?"
    return defs[-1].lineno + offset


if __name__ == "__main__":
    sys.exit(main())
