"""Benchmark :mod:`retention.chain`: a chain's purchases on a local Dask cluster.

A synthetic chain (seeded numpy ``Generator``) is written once per size as Parquet under
``benchmarks/.cache/chain/<size>/`` (``part-XXXX.parquet``, 250,000 rows a file, so the
partitions grow with the data; reused when the seed, size and layout match). It has 200
stores ``s000``..``s199``, ``size // 10`` customers each under exactly one store, purchase
days within the two years before ``AS_OF`` and amounts in cents. The purchases follow a
BG/NBD-like process, so that the BG/NBD fit converges without a penalizer: each customer
has a gamma-distributed purchase rate (mean 10 a year), a first day, and a beta-distributed
chance of leaving after each purchase, so a geometric number of purchases before they
leave; the rows are drawn customer by customer, weighted by rate times active days, and a
purchase day is uniform in the customer's active span.

For each size a fresh ``distributed.LocalCluster`` (two worker processes, one thread
each) reads the Parquet with ``dask.dataframe.read_parquet`` and runs, timed step by
step and as a whole:

1. ``chain.fit_abc`` then ``chain.abc_classes(..., cutoffs=...)`` to Parquet (classes);
2. ``chain.fit_bgnbd`` (only ``(x, t_x, T)`` per customer reaches the driver);
3. ``chain.churn(..., params=..., store="store")`` to Parquet;
4. ``chain.plans`` of 200 ``Store`` setups (3 staff members each, CN calendar), 30 days
   from ``AS_OF``, to Parquet.

Results go to Parquet on disk (a temporary folder), never to the driver. Each worker's
peak memory comes from the worker itself (``ru_maxrss`` of its process and the maximum
of its system monitor's memory samples); the driver's peak resident memory over the
timed runs is read from ``/proc/self/status`` (``VmHWM``, reset before the runs).

The in-process baseline (the ``retention.frames`` path) runs in a child process per
size, with the purchases read by pandas from the same Parquet: ``frames.fit_abc`` and
``frames.abc_classes``, ``frames.fit_bgnbd``, ``frames.churn``, and one
``Store(purchases=frames.purchases(rows), ...).plan(...)`` per store. It runs for the
sizes up to ``--baseline-max`` (default 4x10^6; the largest would hold 1.6x10^7
``Purchase`` objects in one process).

Medians of ``--repeat`` runs (3) for every size but the largest, which runs once unless
``--repeat-large``. Targets: the whole pipeline's time at the largest size over its time
at the smallest <= 18 when the largest is 16 x the smallest (1.125 x the ratio of the
sizes otherwise), and the peak memory of the workers at the largest size over the
smallest's <= 1.5. The script exits 1 when a target is missed.

Run ``.venv/bin/python benchmarks/chain.py`` (``--sizes 1e5,4e5,1.6e6`` for a quick check).
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import logging
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from _report import seconds, status_kib, verdict

SEED = 20261206
SIZES = (1_000_000, 4_000_000, 16_000_000)
ROWS_PER_FILE = 250_000
STORES = 200
PER_CUSTOMER = 10
STAFF_PER_STORE = 3
STAFF_CAPACITY = 20
AS_OF = dt.date(2026, 1, 1)
SPAN_DAYS = 730
PLAN_DAYS = 30
UNIT_DAYS = 7
PENALIZER = 0.0
RATE_SHAPE = 0.8  # the gamma shape of the customers' purchase rates (BG/NBD's r)
DROP_A, DROP_B = 2.0, 8.0  # the beta of the drop-out probabilities (BG/NBD's a, b)
GROWTH_SLACK = 18 / 16  # time at 16x the data over time at 1x <= 18
MEMORY_TARGET = 1.5
BASELINE_MAX = 4_000_000
CACHE = Path(__file__).parent / ".cache" / "chain"
LAYOUT = 2  # bump when the generator changes, so old caches are rewritten
STEPS = ("classes", "fit_bgnbd", "churn", "plans")


def parse_sizes(text: str) -> list[int]:
    """``"1e6,4e6,1.6e7"`` as whole numbers of purchases."""
    return [int(float(part)) for part in text.split(",") if part.strip()]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    """Read the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=list(SIZES),
        help="purchases, comma-separated (1e6,4e6,1.6e7)",
    )
    parser.add_argument("--repeat", type=int, default=3, help="runs of the smaller sizes (3)")
    parser.add_argument("--repeat-large", action="store_true", help="repeat the largest size too")
    parser.add_argument(
        "--baseline-max",
        type=parse_sizes,
        default=[BASELINE_MAX],
        help="largest size run in process too (4e6; 0 for none)",
    )
    parser.add_argument("--baseline-child", nargs=2, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


# -- the synthetic chain ------------------------------------------------------------------


def _customers(size: int) -> dict[str, Any]:
    """Each customer's store, weight and active span (days after the span's start).

    A BG/NBD-like process: a gamma purchase rate per customer (mean 10 a year), a
    beta drop-out probability per purchase, so a geometric number of purchases before
    the customer leaves; the weight is the rate times the active days.
    """
    rng = np.random.default_rng([SEED, size])
    customers = max(size // PER_CUSTOMER, 1)
    rate = rng.gamma(RATE_SHAPE, PER_CUSTOMER / 365 / RATE_SHAPE, customers)
    first = rng.integers(0, SPAN_DAYS, customers)
    leaves = rng.geometric(rng.beta(DROP_A, DROP_B, customers))
    last = np.minimum(first + np.ceil(leaves / rate).astype(np.int64), SPAN_DAYS - 1)
    weight = rate * (last - first + 1)
    return {
        "store": rng.integers(0, STORES, customers),
        "cumulative": np.cumsum(weight) / weight.sum(),
        "first": first,
        "last": last,
    }


def _chunk(size: int, index: int, rows: int, people: dict[str, Any]) -> pa.Table:
    """The ``index``-th file's rows: seeded by the size and the file, so reproducible."""
    rng = np.random.default_rng([SEED, size, index])
    who = np.searchsorted(people["cumulative"], rng.random(rows), side="right")
    who = np.minimum(who, len(people["cumulative"]) - 1)
    first, last = people["first"][who], people["last"][who]
    offset = first + np.floor(rng.random(rows) * (last - first + 1)).astype(np.int64)
    start = (AS_OF - dt.timedelta(days=SPAN_DAYS)).toordinal() - dt.date(1970, 1, 1).toordinal()
    days = (start + offset).astype(np.int32)
    cents = np.maximum(np.round(rng.lognormal(8.0, 1.0, rows)), 1).astype(np.int64)
    ids = np.char.add("C", np.char.zfill(who.astype(str), 8))
    stores = np.char.add("s", np.char.zfill(people["store"][who].astype(str), 3))
    return pa.table(
        {
            "customer_id": pa.array(ids.tolist(), type=pa.string()),
            "store": pa.array(stores.tolist(), type=pa.string()),
            "date": pa.array(days, type=pa.date32()),
            "amount": pa.array(cents / 100, type=pa.float64()),
        }
    )


def chain_data(size: int) -> Path:
    """The folder of ``size`` purchases as Parquet, written unless already there."""
    folder = CACHE / str(size)
    stamp = {"seed": SEED, "size": size, "rows_per_file": ROWS_PER_FILE, "layout": LAYOUT}
    marker = CACHE / f"{size}.json"
    if marker.exists() and json.loads(marker.read_text(encoding="utf-8")) == stamp:
        return folder
    marker.unlink(missing_ok=True)
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    people = _customers(size)
    start = time.perf_counter()
    for index, first in enumerate(range(0, size, ROWS_PER_FILE)):
        rows = min(ROWS_PER_FILE, size - first)
        pq.write_table(_chunk(size, index, rows, people), folder / f"part-{index:04d}.parquet")
    marker.write_text(json.dumps(stamp), encoding="utf-8")
    print(f"  wrote {size:,} purchases to {folder} in {seconds(time.perf_counter() - start)}")
    return folder


def store_setups() -> dict[str, Any]:
    """The 200 stores' setups: no purchases, the CN calendar, three staff members each."""
    from retention.cadence import StaffMember  # noqa: PLC0415 - after the cluster's fork
    from retention.store import Store  # noqa: PLC0415

    return {
        f"s{i:03d}": Store(
            purchases=(),
            country="CN",
            staff=tuple(
                StaffMember(f"s{i:03d}-{j}", daily_capacity=STAFF_CAPACITY)
                for j in range(STAFF_PER_STORE)
            ),
        )
        for i in range(STORES)
    }


# -- the cluster run ------------------------------------------------------------------------


def _reset_peak() -> None:
    """Reset this process's peak resident memory (``VmHWM``) to its current one (Linux)."""
    Path("/proc/self/clear_refs").write_text("5", encoding="ascii")


def _worker_memory(dask_worker: Any) -> dict[str, float]:  # noqa: ANN401 - a distributed Worker
    """Run on a worker: its process's peak resident memory and its monitor's highest sample."""
    import resource  # noqa: PLC0415 - runs in the worker process

    samples = list(dask_worker.monitor.quantities["memory"])
    return {
        "ru_maxrss": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024.0,
        "monitor": float(max(samples)) if samples else float("nan"),
    }


def cluster_run(client: Any, folder: Path, setups: dict[str, Any]) -> dict[str, float]:  # noqa: ANN401
    """One timed run of the pipeline on the cluster; each step's seconds and the whole."""
    import dask.dataframe as dd  # noqa: PLC0415 - the bench extra's

    from retention import chain  # noqa: PLC0415

    times: dict[str, float] = {}
    out = Path(tempfile.mkdtemp(prefix="chain-bench-"))
    try:
        gc.collect()
        begin = time.perf_counter()
        ddf = dd.read_parquet(str(folder))
        start = time.perf_counter()
        cut = chain.fit_abc(ddf)
        chain.abc_classes(ddf, cutoffs=cut).to_parquet(str(out / "classes"))
        times["classes"] = time.perf_counter() - start
        start = time.perf_counter()
        params = chain.fit_bgnbd(ddf, as_of=AS_OF, unit_days=UNIT_DAYS, penalizer=PENALIZER)
        times["fit_bgnbd"] = time.perf_counter() - start
        start = time.perf_counter()
        chain.churn(ddf, as_of=AS_OF, params=params, unit_days=UNIT_DAYS, store="store").to_parquet(
            str(out / "churn")
        )
        times["churn"] = time.perf_counter() - start
        start = time.perf_counter()
        chain.plans(ddf, setups, as_of=AS_OF, days=PLAN_DAYS, params=params).to_parquet(
            str(out / "plans")
        )
        times["plans"] = time.perf_counter() - start
        times["whole"] = time.perf_counter() - begin
        client.run(gc.collect)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    return times


def cluster_section(repeat: int, folder: Path) -> dict[str, Any]:
    """``repeat`` runs on a fresh two-worker cluster: median times and peak memory."""
    from distributed import Client, LocalCluster  # noqa: PLC0415 - the bench extra's

    setups = store_setups()
    with (
        LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            silence_logs=logging.ERROR,  # not the p2p shuffles' notices
        ) as cluster,
        Client(cluster) as client,
    ):
        gc.collect()
        _reset_peak()
        driver_before = status_kib("VmRSS")
        runs = [cluster_run(client, folder, setups) for _ in range(repeat)]
        driver_peak = status_kib("VmHWM")
        workers = client.run(_worker_memory)
    medians = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    return {
        "runs": runs,
        "medians": medians,
        "workers": workers,
        "driver_before_kib": driver_before,
        "driver_peak_kib": driver_peak,
    }


# -- the in-process baseline ------------------------------------------------------------------


def _dask_types(kind: pa.DataType) -> Any:  # noqa: ANN401 - a pandas dtype or None
    """Days as Dask reads them (``date32[pyarrow]``), not as ``datetime.date`` objects."""
    import pandas as pd  # noqa: PLC0415

    return pd.ArrowDtype(kind) if kind == pa.date32() else None


def baseline_run(folder: Path) -> dict[str, float]:
    """The frames path in this process: each step's seconds and the whole."""
    import attrs  # noqa: PLC0415

    from retention import frames  # noqa: PLC0415

    setups = store_setups()

    times: dict[str, float] = {}
    gc.collect()
    begin = time.perf_counter()
    purchases = pq.read_table(folder).to_pandas(types_mapper=_dask_types)
    times["read"] = time.perf_counter() - begin
    start = time.perf_counter()
    frames.fit_abc(purchases)
    frames.abc_classes(purchases)
    times["classes"] = time.perf_counter() - start
    start = time.perf_counter()
    params = frames.fit_bgnbd(purchases, as_of=AS_OF, unit_days=UNIT_DAYS, penalizer=PENALIZER)
    times["fit_bgnbd"] = time.perf_counter() - start
    start = time.perf_counter()
    frames.churn(purchases, as_of=AS_OF, params=params, unit_days=UNIT_DAYS)
    times["churn"] = time.perf_counter() - start
    start = time.perf_counter()
    for name, rows in purchases.groupby("store", sort=True):
        store = attrs.evolve(
            setups[str(name)], purchases=frames.purchases(rows.drop(columns=["store"]))
        )
        store.plan(AS_OF, days=PLAN_DAYS, params=params).to_frame("pandas")
    times["plans"] = time.perf_counter() - start
    times["whole"] = time.perf_counter() - begin
    return times


def baseline_child(folder: str, repeat: int) -> None:
    """Run the baseline ``repeat`` times in this (child) process; print the times as JSON."""
    runs = [baseline_run(Path(folder)) for _ in range(repeat)]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"runs": runs, "peak_kib": peak}))


def baseline_section(folder: Path, repeat: int) -> dict[str, Any]:
    """The baseline in a child process of its own, so the driver never holds the purchases."""
    done = subprocess.run(  # noqa: S603 - this interpreter, this script
        [sys.executable, __file__, "--baseline-child", str(folder), str(repeat)],
        check=True,
        capture_output=True,
        text=True,
    )
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    runs = figures["runs"]
    figures["medians"] = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    return figures


# -- the report -------------------------------------------------------------------------------


def _mib(value: float) -> str:
    return f"{value / 2**20:8.1f} MiB"


def print_size(size: int, cluster: dict[str, Any], baseline: dict[str, Any] | None) -> None:
    """One size's times (medians), the cluster / in-process ratios and the memory."""
    runs = len(cluster["runs"])
    print(f"\n{size:,} purchases, {max(size // PER_CUSTOMER, 1):,} customers, {STORES} stores")
    header = f"  {'step':<11} {'cluster':>11}"
    if baseline is not None:
        header += f" {'in-process':>11} {'ratio':>7}"
    print(header + f"   (medians of {runs} run{'s' if runs > 1 else ''})")
    for step in (*STEPS, "whole"):
        line = f"  {step:<11} {seconds(cluster['medians'][step]):>11}"
        if baseline is not None:
            ours, theirs = cluster["medians"][step], baseline["medians"][step]
            line += f" {seconds(theirs):>11} {ours / theirs:7.2f}"
        print(line)
    if baseline is not None:
        print(f"  (in-process: pandas read_parquet {seconds(baseline['medians']['read'])}")
        print(f"   included in its whole; its peak memory {_mib(baseline['peak_kib'] * 1024)})")
    wholes = ", ".join(seconds(run["whole"]).strip() for run in cluster["runs"])
    print(f"  cluster whole, every run: {wholes}")
    for address, figure in sorted(cluster["workers"].items()):
        print(
            f"  worker {address}: peak RSS {_mib(figure['ru_maxrss'])}, "
            f"monitor max {_mib(figure['monitor'])}"
        )
    print(
        f"  driver: RSS {_mib(cluster['driver_before_kib'] * 1024)} before the runs, "
        f"peak {_mib(cluster['driver_peak_kib'] * 1024)} during them"
    )


def worker_peak(cluster: dict[str, Any]) -> float:
    """The highest peak resident memory among the workers (bytes)."""
    return max(figure["ru_maxrss"] for figure in cluster["workers"].values())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; return 1 when a target is missed."""
    args = parse_args(argv)
    if args.baseline_child:
        baseline_child(args.baseline_child[0], int(args.baseline_child[1]))
        return 0
    import dask  # noqa: PLC0415
    import distributed  # noqa: PLC0415
    import pandas as pd  # noqa: PLC0415

    sizes = sorted(args.sizes)
    print(
        f"retention.chain benchmark, {dt.datetime.now(tz=dt.UTC):%Y-%m-%d}, Python "
        f"{platform.python_version()}, dask {dask.__version__}, distributed "
        f"{distributed.__version__}, pandas {pd.__version__}, {os.cpu_count()} CPUs; "
        f"LocalCluster of 2 worker processes x 1 thread; {ROWS_PER_FILE:,} rows a file"
    )
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        folder = chain_data(size)
        repeat = args.repeat if (size != sizes[-1] or args.repeat_large) else 1
        if len(sizes) == 1:
            repeat = args.repeat
        cluster = cluster_section(repeat, folder)
        baseline = None
        if size <= args.baseline_max[0]:
            baseline = baseline_section(folder, repeat)
        else:
            print(f"\n  (in-process baseline skipped at {size:,}: above --baseline-max)")
        print_size(size, cluster, baseline)
        results[size] = cluster
    ok = True
    if len(sizes) > 1:
        small, large = sizes[0], sizes[-1]
        factor = large / small
        print(f"\nTargets, {large:,} against {small:,} purchases ({factor:g} x the data)")
        for step in STEPS:
            ratio = results[large]["medians"][step] / results[small]["medians"][step]
            print(f"  growth of {step:<10} = {ratio:.2f}")
        ok &= verdict(
            "  growth, time of the whole",
            results[large]["medians"]["whole"] / results[small]["medians"]["whole"],
            GROWTH_SLACK * factor,
        )
        ok &= verdict(
            "  worker peak memory (highest worker)",
            worker_peak(results[large]) / worker_peak(results[small]),
            MEMORY_TARGET,
        )
    print("\nall targets met" if ok else "\nsome target missed")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
