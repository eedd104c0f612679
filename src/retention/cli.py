"""The command line: ``python -m retention demo``.

This is the only module of the package that prints. The demo builds the sample store
(:mod:`retention.sample`) and shows what the library makes of it: the ABC table, the
attitude groups, the series index and five customers with the reasons behind their
segments.
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from retention.customers import build_histories, spend_totals
from retention.sample import SampleStore, sample_store
from retention.segmentation import (
    AbcClass,
    AbcResult,
    Attitude,
    AttitudeResult,
    EarlyAdoption,
    KotlerPattern,
    classify_abc,
    classify_attitudes,
    find_early_adopters,
    series_index,
)

__all__ = ["main"]


def _pct(value: Decimal) -> str:
    return f"{value * 100:5.1f} %"


def _abc_table(abc: AbcResult) -> list[str]:
    cut = abc.cutoffs
    lines = [
        (
            f"ABC classes (SEG-ABC, {cut.policy.describe()}; total spend {cut.total:,f}, "
            f"{cut.customers} customers)"
        ),
        f"  {'class':<6}{'customers':>10}{'share':>10}{'spend':>14}{'share':>10}{'lowest':>11}",
    ]
    for row in abc.summary:
        lowest = "-" if row.lowest_spend is None else f"{row.lowest_spend:,f}"
        lines.append(
            f"  {row.abc_class.value:<6}{row.customers:>10}{_pct(row.share_of_customers):>10}"
            f"{row.spend:>14,f}{_pct(row.share_of_spend):>10}{lowest:>11}"
        )
    lines.append(
        f"  cut-off spends: A >= {cut.a_cutoff:,f}, B >= {cut.b_cutoff:,f}"
        if cut.a_cutoff is not None and cut.b_cutoff is not None
        else f"  cut-off spends: A >= {cut.a_cutoff}, B >= {cut.b_cutoff}"
    )
    return lines


def _attitude_table(attitudes: Mapping[str, AttitudeResult]) -> list[str]:
    results = list(attitudes.values())
    groups = Counter(r.attitude for r in results)
    patterns = Counter(r.pattern for r in results)
    decided = Counter(r.decided_by for r in results)
    lines = ["Attitude groups (SEG-ATTITUDE)"]
    for attitude in (*Attitude, None):
        name = "not enough evidence" if attitude is None else attitude.value
        lines.append(f"  {name:<22}{groups[attitude]:>5}")
    lines.append(
        "  Kotler patterns: "
        + ", ".join(f"{p.value} {patterns[p]}" for p in KotlerPattern)
        + f", none {patterns[None]}"
    )
    lines.append(
        "  decided by: " + ", ".join(f"{e.value} {n}" for e, n in sorted(decided.items(), key=str))
    )
    return lines


def _pick_customers(
    abc: AbcResult,
    attitudes: Mapping[str, AttitudeResult],
    early: Mapping[str, EarlyAdoption],
) -> list[str]:
    """Five customers worth showing: top A, a B, a C, an early adopter, a shifter."""
    by_spend = sorted(abc, key=lambda c: (-abc.totals[c], c))
    first_b = next(c for c in by_spend if abc[c] is AbcClass.B)
    last_c = by_spend[-1]
    picks = [by_spend[0], first_b, last_c]
    picks += [next(c for c in sorted(early) if c not in picks)]
    picks += [
        next(
            c
            for c in sorted(attitudes)
            if attitudes[c].pattern is KotlerPattern.SHIFTING and c not in picks
        )
    ]
    return picks


def demo(store: SampleStore) -> list[str]:
    """Return the demo's report on ``store`` as lines of text."""
    abc = classify_abc(spend_totals(store.purchases))
    histories = build_histories(store.purchases)
    attitudes = classify_attitudes(histories, declared=store.declared)
    early = find_early_adopters(store.purchases, store.launches)
    series = series_index(abc, attitudes=attitudes, early_adopters=early)
    lines = [
        f"Sample store: {len(store.purchases)} purchases by {len(histories)} customers, "
        f"{len({p.brand for p in store.purchases})} brands, launches: "
        + ", ".join(f"{launch.product} ({launch.date})" for launch in store.launches),
        "",
        *_abc_table(abc),
        "",
        *_attitude_table(attitudes),
        "",
        f"Early adopters (SEG-EARLY): {len(early)} customers",
        "",
        (
            f"Customer series (SEG-SERIES): index {series.index:.3f} "
            f"({len(series.members)} of {series.customers}; loyal {series.loyal}, "
            f"early adopters {series.early_adopters}, class A {series.a_class})"
        ),
        "",
        "Five customers and why:",
    ]
    for cid in _pick_customers(abc, attitudes, early):
        result = attitudes[cid]
        group = result.attitude.value if result.attitude else "not enough evidence"
        flag = ", early adopter" if cid in early else ""
        lines.append(f"  {cid}: class {abc[cid].value}, {group}{flag}")
        reasons = [*abc.explain(cid), *result.reasons]
        if cid in early:
            reasons += early[cid].reasons
        lines.extend(f"    - {reason}" for reason in reasons)
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m retention", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("demo", help="segment the built-in sample store and explain it")
    run.add_argument("--customers", type=int, default=240, help="sample size (default 240)")
    run.add_argument("--seed", type=int, default=2025, help="sample seed (default 2025)")
    args = parser.parse_args(argv)
    store = sample_store(customers=args.customers, seed=args.seed)
    print("\n".join(demo(store)))
    return 0
