"""retention.chain on Dask against the in-process steps, on a two-process LocalCluster.

The properties draw small chains (a few stores, customers each under one store, up to 40
purchases over two years, cut into 1 to 3 partitions) and check on a
``distributed.LocalCluster`` with two worker processes that the Dask results are the
in-process ones exactly: the ABC cut-offs and classes (SEG-ABC), the churn step
(CHURN-NOSURPRISE, CHURN-PALIVE; P(alive) to 1e-12) and every decision of every store's
plan (the ``CAD-*`` rules). The examples pin down each refusal the docstrings name, on
Dask's synchronous scheduler where the cluster is not the point, and that a refusal
raised inside a worker reaches the caller as the library's own exception.
"""

from __future__ import annotations

import datetime as dt
import inspect
import math
import os
import re
import sys
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import attrs
import dask
import dask.dataframe as dd
import distributed
import pandas as pd
import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from fits import CONVERGING
from retention import chain, frames
from retention.cadence import StaffMember
from retention.churn import BgNbdParams, ChurnPolicy
from retention.customers import Purchase, spend_totals
from retention.exceptions import (
    EmptyInputError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    MissingDependencyError,
    RetentionError,
)
from retention.segmentation import AbcCutoffs, AbcPolicy, fit_abc
from retention.store import Store
from retention.testing import strategies as rst

AS_OF = dt.date(2025, 12, 1)
#: The purchases' window: up to two years before AS_OF (and AS_OF itself).
WINDOW_DAYS = 730
#: Fixed BG/NBD parameters (the CDNOW fit), so churn and plans read P(alive).
PARAMS = BgNbdParams(r=Decimal("0.24"), alpha=Decimal("4.41"), a=Decimal("0.79"), b="2.43")
#: A cluster computation costs a few tenths of a second on a shared 2-core machine:
#: these examples keep the properties' cluster work under half a minute.
CLUSTER_EXAMPLES = 6
COLUMNS = ["customer_id", "date", "amount", "store"]


# --- the cluster ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def client() -> Iterator[distributed.Client]:
    """A LocalCluster of two worker processes, one thread each; its Client is the default."""
    # With dashboard_address=None the scheduler still serves /health and /metrics, on
    # port 8787 by default: where another cluster holds 8787 it warns "Port 8787 is
    # already in use" (an error here) and leaks the socket of the failed bind (a
    # ResourceWarning). A free port, bound on the loopback only, avoids both; the
    # dashboard stays off.
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        ) as cluster,
        distributed.Client(cluster) as made,
    ):
        yield made


@pytest.fixture
def synchronous() -> Iterator[None]:
    """Dask's synchronous scheduler, for the examples where a cluster is not the point.

    Shuffles by tasks: a Client, once made, sets Dask's default to its peer-to-peer
    shuffle, which needs a worker.
    """
    with dask.config.set({"scheduler": "synchronous", "dataframe.shuffle.method": "tasks"}):
        yield


def on_the_cluster(client: distributed.Client) -> None:
    """The computations below run on ``client``'s cluster (the default scheduler)."""
    assert distributed.get_client() is client
    assert dask.base.get_scheduler() == client.get
    # Asked of the workers themselves: the client's cached scheduler info has been seen
    # with no workers in it under load (a run of make test beside another), and a worker
    # late to its heartbeat is waited for.
    client.wait_for_workers(2, timeout=120)
    assert len(set(client.run(os.getpid).values())) == 2


# --- random small chains ----------------------------------------------------------------


class Chain:
    """A drawn chain: its purchases (pandas and Dask) and each store's setup.

    A plain class, so that hypothesis reports a failing chain by the short ``repr``
    below rather than field by field (every Store in full).
    """

    def __init__(
        self,
        *,
        purchases: tuple[Purchase, ...],
        homes: dict[str, str],
        stores: dict[str, Store],
        npartitions: int,
    ) -> None:
        """Hold the purchases, each customer's store, each store's setup, the partitions."""
        self.purchases = purchases
        self.homes = homes
        self.stores = stores
        self.npartitions = npartitions

    @property
    def frame(self) -> pd.DataFrame:
        """The purchases as a pandas frame: customer_id, date, amount (Decimal), store."""
        return pd.DataFrame(
            {
                "customer_id": pd.Series([p.customer_id for p in self.purchases], dtype="str"),
                "date": pd.to_datetime(
                    pd.Series([p.date for p in self.purchases], dtype="object")
                ).astype("datetime64[s]"),
                "amount": pd.Series([p.amount for p in self.purchases], dtype="object"),
                "store": pd.Series(
                    [self.homes[p.customer_id] for p in self.purchases], dtype="str"
                ),
            }
        )

    @property
    def dask(self) -> dd.DataFrame:
        """The same frame in Dask, in the drawn number of partitions."""
        return dd.from_pandas(self.frame, npartitions=self.npartitions)

    def of_store(self, store: str) -> list[Purchase]:
        """The purchases of one store's customers."""
        return [p for p in self.purchases if self.homes[p.customer_id] == store]

    def __repr__(self) -> str:
        """The rows as code-like tuples, the homes, the staff and the partitions."""
        rows = ", ".join(
            f"({p.customer_id!r}, {p.date.isoformat()!r}, {str(p.amount)!r})"
            for p in self.purchases
        )
        staff = {
            name: [(m.staff_id, m.daily_capacity) for m in s.staff]
            for name, s in self.stores.items()
        }
        return (
            f"Chain(rows=[{rows}], homes={self.homes}, staff={staff}, "
            f"npartitions={self.npartitions})"
        )


#: Amounts with at most 2 places: the few fixed ones make ties between customers' totals
#: common (9.9 and 9.90 are equal, shown differently), zeros now and then (a store or a
#: chain whose customers all spent 0 is refused: rare enough to leave most examples).
AMOUNTS = st.one_of(
    st.sampled_from(
        [
            *(Decimal("9.90"), Decimal(20), Decimal("4.5"), Decimal("9.9"), Decimal("20.00")),
            *(Decimal(1), Decimal("0.00"), Decimal(0)),
        ]
    ),
    st.decimals(min_value="0.01", max_value=500, places=2, allow_nan=False, allow_infinity=False),
)


@st.composite
def chains(draw: st.DrawFn) -> Chain:
    """A small random chain: 1-4 stores, customers each under one store, 1-40 purchases.

    Days are up to two years before ``AS_OF``; amounts have at most 2 places, with zeros
    and ties between customers' totals. Store ``s0`` always has a member of staff with
    capacity (the others may), so plans have assignees. Shrinks toward one store, one
    customer, one purchase of 9.90 on ``AS_OF``, the least staff, one partition.
    """
    store_count = draw(st.integers(1, 4), label="stores")
    customer_count = draw(st.integers(1, 8), label="customers")
    names = [f"s{number}" for number in range(store_count)]
    homes = {
        f"c{number}": names[draw(st.integers(0, store_count - 1))]
        for number in range(customer_count)
    }
    rows = draw(
        st.lists(
            st.tuples(st.integers(0, customer_count - 1), st.integers(0, WINDOW_DAYS), AMOUNTS),
            min_size=1,
            max_size=40,
        ),
        label="rows",
    )
    purchases = tuple(
        Purchase(f"c{number}", date=AS_OF - dt.timedelta(days=back), amount=amount)
        for number, back, amount in rows
    )
    stores = {}
    for name in names:
        capacity = draw(st.integers(1, 3)) if name == "s0" else draw(st.integers(0, 2))
        staff = [StaffMember(f"{name}-clerk", daily_capacity=capacity)] if capacity else []
        stores[name] = Store(purchases=[], country="CN", staff=staff)
    used = {p.customer_id for p in purchases}
    return Chain(
        purchases=purchases,
        homes={cid: home for cid, home in homes.items() if cid in used},
        stores=stores,
        npartitions=draw(st.integers(1, 3), label="npartitions"),
    )


def sorted_classes(found: pd.DataFrame) -> pd.DataFrame:
    """abc_classes' rows highest spend first, then by ID; the ID column as ``string``."""
    ordered = found.sort_values(
        ["spend", "customer_id"], ascending=[False, True], kind="stable", ignore_index=True
    )
    return ordered.astype({"customer_id": "string"})


def by_id(found: pd.DataFrame) -> pd.DataFrame:
    """Rows in customer-ID order; the ID column as ``string`` (pandas 3 says ``str``)."""
    ordered = found.sort_values("customer_id", kind="stable", ignore_index=True)
    return ordered.astype({"customer_id": "string"})


def assert_same_churn(found: pd.DataFrame, expected: pd.DataFrame) -> None:
    """Every column equal and of the same type; P(alive) within 1e-12, absolute."""
    assert list(found.columns) == list(expected.columns)
    if "p_alive" in expected:
        for got, want in zip(found["p_alive"], expected["p_alive"], strict=True):
            assert math.isclose(got, want, rel_tol=0, abs_tol=1e-12), (got, want)
        found, expected = found.drop(columns="p_alive"), expected.drop(columns="p_alive")
    pd.testing.assert_frame_equal(found, expected, check_exact=True)


def computed(step: Callable[[], object]) -> object:
    """What ``step`` returns, computed when it is a lazy Dask frame."""
    result = step()
    return result.compute() if isinstance(result, dd.DataFrame) else result


def raised(step: Callable[[], object]) -> RetentionError | None:
    """The RetentionError ``step`` raises, or ``None`` when it returns."""
    try:
        step()
    except RetentionError as error:
        return error
    return None


# --- the properties, on the cluster --------------------------------------------------------


@settings(max_examples=CLUSTER_EXAMPLES)
@given(drawn=chains(), policy=rst.abc_policies())
def test_abc_on_the_cluster_is_the_in_process_fit_and_classes(
    client: distributed.Client, drawn: Chain, policy: AbcPolicy
) -> None:
    """SEG-ABC: the chain's cut-offs and classes are the object path's and frames', exactly."""
    on_the_cluster(client)
    purchases = drawn.dask
    refused = raised(lambda: fit_abc(spend_totals(drawn.purchases), policy))
    event("refused" if refused else "fitted")
    if refused is not None:  # a total spend of zero
        for step in (chain.fit_abc, chain.abc_classes):
            with pytest.raises(type(refused)) as caught:
                step(purchases, policy=policy)
            assert str(caught.value) == str(refused)
        return
    totals = chain.spend_totals(purchases)
    assert dict(totals) == dict(spend_totals(drawn.purchases))
    assert {k: str(v) for k, v in totals.items()} == {
        k: str(v) for k, v in spend_totals(drawn.purchases).items()
    }
    expected = fit_abc(spend_totals(drawn.purchases), policy)
    fitted = chain.fit_abc(purchases, policy=policy)
    assert fitted == expected
    for name in ("total", "a_cutoff", "b_cutoff"):
        assert str(getattr(fitted, name)) == str(getattr(expected, name)), name
    found = chain.abc_classes(purchases, policy=policy).compute()
    pd.testing.assert_frame_equal(
        sorted_classes(found),
        sorted_classes(frames.abc_classes(drawn.frame, policy=policy)),
        check_exact=True,
    )


@settings(max_examples=CLUSTER_EXAMPLES)
@given(drawn=chains(), policy=rst.churn_policies())
def test_churn_on_the_cluster_is_the_in_process_churn(
    client: distributed.Client, drawn: Chain, policy: ChurnPolicy
) -> None:
    """CHURN-NOSURPRISE, CHURN-PALIVE: each customer's row is frames.churn's; with stores too."""
    on_the_cluster(client)
    expected = by_id(frames.churn(drawn.frame, as_of=AS_OF, policy=policy, params=PARAMS))
    found = chain.churn(drawn.dask, as_of=AS_OF, policy=policy, params=PARAMS).compute()
    assert_same_churn(by_id(found), expected)
    summary = chain.summaries(drawn.dask, as_of=AS_OF).compute()
    pd.testing.assert_frame_equal(
        by_id(summary),
        expected[["customer_id", "x", "t_x", "T"]].astype({"x": "float64"}),
        check_exact=True,
    )
    with_store = chain.churn(drawn.dask, as_of=AS_OF, policy=policy, params=PARAMS, store="store")
    expected.insert(1, "store", expected["customer_id"].map(drawn.homes).astype("string"))
    assert_same_churn(by_id(with_store.compute()), expected)


@settings(max_examples=2 * CLUSTER_EXAMPLES)  # the cheapest of the three
@given(drawn=chains())
def test_plans_on_the_cluster_are_each_stores_own_plan(
    client: distributed.Client, drawn: Chain
) -> None:
    """CAD-*: every decision of every store's plan is Store.plan's, in plan order."""
    on_the_cluster(client)
    expected: dict[str, pd.DataFrame] = {}
    refusals = set()
    for name, setup in drawn.stores.items():
        if not drawn.of_store(name):  # not in the frame: the chain plans nothing for it
            continue
        whole = attrs.evolve(setup, purchases=drawn.of_store(name))
        try:
            expected[name] = whole.plan(AS_OF, days=30, params=PARAMS).to_frame("pandas")
        except RetentionError as error:  # e.g. a store whose customers all spent 0
            refusals.add((type(error), str(error)))
    planned = chain.plans(drawn.dask, drawn.stores, as_of=AS_OF, days=30, params=PARAMS)
    event("a store's plan is refused" if refusals else "every store planned")
    if refusals:  # one store's refusal, raised in a worker, is the chain's
        with pytest.raises(RetentionError) as caught:
            planned.compute()
        assert (type(caught.value), str(caught.value)) in refusals
        return
    found = planned.compute()
    assert set(found["store"]) <= set(expected)
    for name, plan in expected.items():
        mine = found[found["store"] == name].drop(columns="store").reset_index(drop=True)
        pd.testing.assert_frame_equal(mine, plan, check_exact=True)


# --- refusals before any compute -----------------------------------------------------------

DAY = dt.date(2025, 3, 1)
_SMALL = pd.DataFrame(
    {
        "customer_id": pd.Series(["a", "a", "b", "c"], dtype="str"),
        "date": pd.to_datetime(
            pd.Series(["2025-01-06", "2025-02-03", "2025-02-10", "2025-02-28"])
        ).astype("datetime64[s]"),
        "amount": [Decimal("12.50"), Decimal(3), Decimal("7.25"), Decimal("7.25")],
        "store": pd.Series(["s0", "s0", "s1", "s1"], dtype="str"),
    }
)
SETUPS = {
    "s0": Store(purchases=[], country="CN", staff=[StaffMember("ann", daily_capacity=2)]),
    "s1": Store(purchases=[], country="CN"),
}


def small(frame: pd.DataFrame = _SMALL, npartitions: int = 2) -> dd.DataFrame:
    """Four purchases of three customers at two stores, as a Dask frame."""
    return dd.from_pandas(frame, npartitions=npartitions)


#: Each public step with valid arguments but the purchases, by name.
STEPS: dict[str, Callable[..., object]] = {
    "by_customer": chain.by_customer,
    "fit_abc": chain.fit_abc,
    "abc_classes": chain.abc_classes,
    "churn": lambda purchases, **kw: chain.churn(purchases, as_of=DAY, **kw),
    "fit_bgnbd": lambda purchases, **kw: chain.fit_bgnbd(purchases, as_of=DAY, **kw),
    "spend_totals": chain.spend_totals,
    "summaries": lambda purchases, **kw: chain.summaries(purchases, as_of=DAY, **kw),
    "plans": lambda purchases, **kw: chain.plans(purchases, SETUPS, as_of=DAY, **kw),
}
#: The column arguments each step reads (the plans' optional label columns aside).
READS: dict[str, tuple[str, ...]] = {
    "by_customer": ("customer_id",),
    "fit_abc": ("customer_id", "amount"),
    "abc_classes": ("customer_id", "amount"),
    "churn": ("customer_id", "date", "store"),
    "fit_bgnbd": ("customer_id", "date"),
    "spend_totals": ("customer_id", "amount"),
    "summaries": ("customer_id", "date"),
    "plans": ("store", "customer_id", "date", "amount"),
}
COLUMN_ARGS = [(step, arg) for step, args in READS.items() for arg in args]
#: The columns a step cannot do without (churn's store column is optional: None is none).
NEEDED = [(step, arg) for step, arg in COLUMN_ARGS if (step, arg) != ("churn", "store")]


def test_the_module_exports_the_steps() -> None:
    """retention.chain's __all__ names its steps, each a function of the module."""
    assert sorted(chain.__all__) == sorted([*STEPS, "fit_abc_counts"])
    for name in chain.__all__:
        assert getattr(chain, name).__module__ == "retention.chain"


@pytest.mark.parametrize("step", sorted(STEPS))
@pytest.mark.parametrize("frame", [_SMALL, [], None], ids=["pandas", "list", "none"])
def test_a_non_dask_frame_is_refused(step: str, frame: object) -> None:
    """Every step takes a Dask DataFrame only, and says what it got (a pandas frame too)."""
    with pytest.raises(InvalidTypeError, match=r"^purchases: expected a Dask DataFrame, got "):
        STEPS[step](frame)


@pytest.mark.parametrize(("step", "arg"), COLUMN_ARGS)
def test_a_missing_column_is_named(step: str, arg: str) -> None:
    """A column a step reads is missing: InvalidInputError naming it and its argument."""
    expected = rf"^purchases: expected the column 'gone' \(the {arg}= argument\), got columns"
    with pytest.raises(InvalidInputError, match=expected):
        STEPS[step](small(), **{arg: "gone"})


@pytest.mark.parametrize(("step", "arg"), COLUMN_ARGS)
@pytest.mark.parametrize("name", ["", 3, b"store", ("customer_id",)], ids=repr)
def test_a_bad_column_name_is_refused(step: str, arg: str, name: object) -> None:
    """A column name that is not a non-empty string: InvalidTypeError naming the argument."""
    with pytest.raises(InvalidTypeError, match=rf"^{arg}: expected a column name"):
        STEPS[step](small(), **{arg: name})


@pytest.mark.parametrize(("step", "arg"), NEEDED)
def test_none_as_a_column_name_is_refused(synchronous: None, step: str, arg: str) -> None:
    """None for a column a step reads is refused as frames refuses it (InvalidTypeError)."""
    del synchronous
    with pytest.raises(InvalidTypeError, match=rf"^{arg}: expected a column name"):
        computed(lambda: STEPS[step](small(), **{arg: None}))


def test_cutoffs_beside_a_policy_are_refused() -> None:
    """SEG-ABC: abc_classes takes cut-offs or a policy, not both; and cut-offs must be cut-offs."""
    cutoffs = fit_abc(spend_totals([Purchase("a", date=DAY, amount=Decimal(1))]))
    with pytest.raises(InvalidTypeError, match=r"^policy: expected None beside cutoffs"):
        chain.abc_classes(small(), cutoffs=cutoffs, policy=AbcPolicy())
    with pytest.raises(InvalidTypeError, match=r"^cutoffs: expected an AbcCutoffs, got"):
        chain.abc_classes(small(), cutoffs=AbcPolicy())  # type: ignore[arg-type]


@pytest.mark.parametrize("step", ["fit_abc", "abc_classes"])
def test_a_bad_policy_is_refused(step: str) -> None:
    """SEG-ABC: a policy that is not an AbcPolicy is an InvalidPolicyError, before any compute."""
    with pytest.raises(InvalidPolicyError, match=r"^policy: expected a AbcPolicy, got "):
        STEPS[step](small(), policy=ChurnPolicy())


@pytest.mark.parametrize("step", ["churn", "plans"])
@pytest.mark.parametrize("params", [{"r": 1}, "params", (1, 2, 3, 4)], ids=repr)
def test_bad_params_are_refused(step: str, params: object) -> None:
    """CHURN-PALIVE: params that are not BgNbdParams: InvalidTypeError before any compute."""
    with pytest.raises(InvalidTypeError, match=r"^params: expected a BgNbdParams, got"):
        STEPS[step](small(), params=params)


@pytest.mark.parametrize(
    ("step", "kwargs", "head"),
    [
        ("churn", {"as_of": "2025-03-01"}, "as_of"),
        ("churn", {"unit_days": 0}, "unit_days"),
        ("fit_bgnbd", {"as_of": None}, "as_of"),
        ("by_customer", {"npartitions": 0}, "npartitions"),
        ("by_customer", {"npartitions": True}, "npartitions"),
        ("plans", {"days": 0}, "days"),
        ("plans", {"days": 3661}, "days"),
    ],
)
def test_bad_numbers_and_days_are_refused(step: str, kwargs: dict[str, Any], head: str) -> None:
    """A bad day, unit or count is a RetentionError naming the argument, before any compute."""
    function = {
        "churn": chain.churn,
        "fit_bgnbd": chain.fit_bgnbd,
        "by_customer": chain.by_customer,
        "plans": lambda purchases, **kw: chain.plans(purchases, SETUPS, **kw),
    }[step]
    arguments = {"as_of": DAY} if step != "by_customer" else {}
    with pytest.raises(RetentionError, match=rf"^{head}: "):
        function(small(), **{**arguments, **kwargs})


@pytest.mark.parametrize(
    ("stores", "error", "head"),
    [
        ([("s0", SETUPS["s0"])], InvalidTypeError, r"stores: expected a mapping"),
        ({"": SETUPS["s0"]}, InvalidTypeError, r"stores: expected store IDs"),
        ({1: SETUPS["s0"]}, InvalidTypeError, r"stores: expected store IDs"),
        ({"s0": "setup"}, InvalidTypeError, r"stores\['s0'\]: expected a Store"),
    ],
)
def test_bad_setups_are_refused(stores: object, error: type[Exception], head: str) -> None:
    """CAD-*: plans takes a mapping of store IDs to Store setups, and names what is wrong."""
    with pytest.raises(error, match=rf"^{head}"):
        chain.plans(small(), stores, as_of=DAY)  # type: ignore[arg-type]


def test_a_setup_holding_purchases_is_refused() -> None:
    """CAD-*: a store's purchases come from the chain's frame, never also from its setup."""
    held = Store(purchases=[Purchase("a", date=DAY, amount=Decimal(1))], country="CN")
    with pytest.raises(
        InvalidInputError, match=r"^stores\['s1'\]: expected a Store without purchases .* got 1 "
    ):
        chain.plans(small(), {**SETUPS, "s1": held}, as_of=DAY)


def test_a_missing_dask_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without Dask, each step says to install the chain extra (MissingDependencyError)."""
    monkeypatch.setitem(sys.modules, "dask.dataframe", None)
    for step in STEPS.values():
        with pytest.raises(MissingDependencyError, match=r"retention-kit\[chain\]"):
            step(_SMALL)


# --- refusals that read the data (the synchronous scheduler) --------------------------------


def test_a_store_without_a_setup_is_refused(synchronous: None) -> None:
    """CAD-*: every store in the purchases needs a setup; the missing ones are named."""
    del synchronous
    with pytest.raises(
        InvalidInputError,
        match=r"^stores: expected a setup for every store in the purchases, got none for 's1'$",
    ):
        chain.plans(small(), {"s0": SETUPS["s0"]}, as_of=DAY)


def test_a_customer_under_two_stores_is_refused_before_planning(synchronous: None) -> None:
    """CAD-CAPACITY: a customer under two stores is refused before any plan is made."""
    del synchronous
    moved = _SMALL.assign(store=pd.Series(["s0", "s1", "s1", "s1"], dtype="str"))
    with pytest.raises(
        InvalidInputError,
        match=r"^purchases: store: expected one store per customer for planning, got 2 stores "
        r"for some customers, e\.g\. 'a'$",
    ):
        chain.plans(small(moved), SETUPS, as_of=DAY)


def test_no_purchases_are_refused_by_the_fits(synchronous: None) -> None:
    """SEG-ABC, CHURN-PALIVE: fits on nothing (or nothing spent) refuse as in process."""
    del synchronous
    empty = small(_SMALL.iloc[:0], npartitions=1)
    with pytest.raises(EmptyInputError) as caught:
        frames.fit_abc(_SMALL.iloc[:0])
    for step in (chain.fit_abc, chain.abc_classes):
        with pytest.raises(EmptyInputError, match=f"^{caught.value}$"):
            step(empty)
    with pytest.raises(EmptyInputError, match=r"^purchases: expected at least one purchase"):
        chain.fit_bgnbd(empty, as_of=DAY)
    unspent = _SMALL.assign(amount=[Decimal(0), Decimal("0.00"), Decimal(0), Decimal(0)])
    with pytest.raises(EmptyInputError) as nothing_spent:
        frames.fit_abc(unspent)
    for step in (chain.fit_abc, chain.abc_classes):
        with pytest.raises(EmptyInputError) as caught:
            step(small(unspent))
        assert str(caught.value) == str(nothing_spent.value)


def test_no_purchases_make_empty_churn_and_plans(synchronous: None) -> None:
    """CHURN-NOSURPRISE, CAD-*: no purchases give empty results with the right columns."""
    del synchronous
    empty = small(_SMALL.iloc[:0], npartitions=1)
    churned = chain.churn(empty, as_of=DAY).compute()
    assert churned.empty
    assert list(churned.columns) == list(frames.churn(_SMALL.iloc[:0], as_of=DAY).columns)
    planned = chain.plans(empty, SETUPS, as_of=DAY).compute()
    assert planned.empty
    assert planned.columns[0] == "store"


# --- the steps' own promises -----------------------------------------------------------------


def test_fit_then_apply_is_the_same_as_fitting_inside(synchronous: None) -> None:
    """SEG-ABC: abc_classes with fit_abc's cut-offs equals abc_classes fitting its own."""
    del synchronous
    purchases = small()
    cutoffs = chain.fit_abc(purchases)
    assert isinstance(cutoffs, AbcCutoffs)
    applied = sorted_classes(chain.abc_classes(purchases, cutoffs=cutoffs).compute())
    fitted = sorted_classes(chain.abc_classes(purchases).compute())
    pd.testing.assert_frame_equal(applied, fitted, check_exact=True)
    assert list(applied["customer_id"]) == ["a", "b", "c"]
    assert applied["abc_class"][1] == applied["abc_class"][2]  # b and c tie: never split


def test_abc_classes_is_lazy_with_the_frames_columns(synchronous: None) -> None:
    """SEG-ABC: abc_classes is a Dask frame of ID, spend (float64) and ordered A < B < C."""
    del synchronous
    found = chain.abc_classes(small())
    assert isinstance(found, dd.DataFrame)
    assert list(found.columns) == ["customer_id", "spend", "abc_class"]
    assert found.dtypes["spend"] == "float64"
    assert list(found.dtypes["abc_class"].categories) == ["A", "B", "C"]
    assert found.dtypes["abc_class"].ordered


@pytest.mark.parametrize("npartitions", [None, 1, 3])
def test_by_customer_puts_each_customers_rows_in_one_partition(
    synchronous: None, npartitions: int | None
) -> None:
    """Each customer's rows are all in one partition; the rows are the input's."""
    del synchronous
    rows = pd.concat([_SMALL] * 3, ignore_index=True).assign(
        customer_id=lambda f: pd.Series([f"c{i % 7}" for i in range(len(f))], dtype="str")
    )
    shuffled = chain.by_customer(small(rows, npartitions=3), npartitions=npartitions)
    assert shuffled.npartitions == (npartitions or 3)
    parts = [shuffled.get_partition(n).compute() for n in range(shuffled.npartitions)]
    homes: dict[str, int] = {}
    for number, part in enumerate(parts):
        for cid in part["customer_id"]:
            assert homes.setdefault(cid, number) == number, cid
    # Dask holds the Decimal amounts as strings ("dataframe.convert-string"): compared so.
    together = pd.concat(parts).astype(str).sort_values(COLUMNS, ignore_index=True)
    expected = rows.astype(str).sort_values(COLUMNS, ignore_index=True)
    pd.testing.assert_frame_equal(together, expected)


def test_fit_bgnbd_is_the_in_process_fit(synchronous: None) -> None:
    """CHURN-PALIVE: the chain's BG/NBD fit from per-customer summaries is frames.fit_bgnbd's."""
    del synchronous
    days = []
    for number, (x, t_x, big_t) in enumerate(CONVERGING):
        first = AS_OF - dt.timedelta(weeks=big_t)
        days.append((f"c{number}", first))
        days += [
            (f"c{number}", first + dt.timedelta(days=7 * t_x * k // x)) for k in range(1, x + 1)
        ]
    frame = pd.DataFrame(
        {
            "customer_id": pd.Series([cid for cid, _ in days], dtype="str"),
            "date": pd.to_datetime(pd.Series([day for _, day in days])).astype("datetime64[s]"),
        }
    )
    expected = frames.fit_bgnbd(frame, as_of=AS_OF, penalizer=0.01)
    found = chain.fit_bgnbd(small(frame, npartitions=3), as_of=AS_OF, penalizer=0.01)
    assert found == expected


def converging_frame(copies: int) -> pd.DataFrame:
    """The converging customers ``copies`` times over, under distinct IDs."""
    days = []
    for copy in range(copies):
        for number, (x, t_x, big_t) in enumerate(CONVERGING):
            cid = f"c{copy}-{number}"
            first = AS_OF - dt.timedelta(weeks=big_t)
            days.append((cid, first))
            days += [(cid, first + dt.timedelta(days=7 * t_x * k // x)) for k in range(1, x + 1)]
    return pd.DataFrame(
        {
            "customer_id": pd.Series([cid for cid, _ in days], dtype="str"),
            "date": pd.to_datetime(pd.Series([day for _, day in days])).astype("datetime64[s]"),
        }
    )


def test_a_sampled_fit_takes_the_same_customers_whatever_the_partitioning(
    synchronous: None,
) -> None:
    """CHURN-PALIVE: sample= fits on the customers their IDs' hash picks, whatever the rows."""
    del synchronous
    frame = converging_frame(8)
    reversed_rows = frame.iloc[::-1].reset_index(drop=True)
    one = chain.fit_bgnbd(small(frame, 1), as_of=AS_OF, penalizer=0.01, sample=0.5)
    three = chain.fit_bgnbd(small(reversed_rows, 3), as_of=AS_OF, penalizer=0.01, sample=0.5)
    assert one == three
    hashes = pd.util.hash_pandas_object(frame["customer_id"], index=False).to_numpy()
    kept = frame[hashes < 2**63]
    assert 0 < kept["customer_id"].nunique() < frame["customer_id"].nunique()
    assert one == frames.fit_bgnbd(kept, as_of=AS_OF, penalizer=0.01)
    whole = chain.fit_bgnbd(small(frame, 2), as_of=AS_OF, penalizer=0.01)
    assert chain.fit_bgnbd(small(frame, 2), as_of=AS_OF, penalizer=0.01, sample=1) == whole
    assert one != whole


@pytest.mark.parametrize("sample", [0, -0.5, 1.5, "half", float("nan")], ids=repr)
def test_a_bad_sample_is_refused(sample: object) -> None:
    """CHURN-PALIVE: a sample share outside (0, 1] is refused, naming sample."""
    with pytest.raises(RetentionError, match=r"^sample: expected a"):
        chain.fit_bgnbd(small(), as_of=AS_OF, sample=sample)


def test_plans_put_the_store_first_with_rule_ids_and_reasons(synchronous: None) -> None:
    """CAD-KEEP and the other CAD-* rules: each decision names its store, rule and reasons."""
    del synchronous
    found = chain.plans(small(), SETUPS, as_of=DAY, days=30)
    assert list(found.columns[:2]) == ["store", "contact_id"]
    assert {"rule_id", "reasons"} <= set(found.columns)
    planned = found.compute()
    assert set(planned["store"]) == {"s0", "s1"}
    assert planned["rule_id"].str.match(r"^CAD-[A-Z]+$").all()
    assert "CAD-KEEP" in set(planned["rule_id"])
    for rule, reasons in zip(planned["rule_id"], planned["reasons"], strict=True):
        assert reasons.startswith(f"{rule}: "), reasons
    staffed = planned[planned["assignee"].notna()]
    assert set(staffed["store"]) <= {"s0"}  # s1 has no staff


# --- refusals raised inside the workers --------------------------------------------------------


def test_a_refusal_inside_a_worker_arrives_as_the_librarys_error(
    client: distributed.Client,
) -> None:
    """CHURN-NOSURPRISE: a purchase after as_of, found in a worker, is an InvalidInputError."""
    on_the_cluster(client)
    early = DAY - dt.timedelta(days=5)
    with pytest.raises(InvalidInputError, match=r"expected days on or before as_of") as caught:
        chain.churn(small(), as_of=early).compute()
    assert type(caught.value) is InvalidInputError
    with pytest.raises(InvalidInputError) as in_process:
        frames.churn(_SMALL, as_of=early)
    assert str(caught.value).endswith(str(in_process.value).split(": ", 1)[1])


def test_churn_by_store_refuses_a_customer_under_two_stores_in_a_worker(
    client: distributed.Client,
) -> None:
    """CHURN-NOSURPRISE: churn with a store column refuses a customer under two, on compute."""
    on_the_cluster(client)
    moved = _SMALL.assign(store=pd.Series(["s0", "s1", "s1", "s1"], dtype="str"))
    lazy = chain.churn(small(moved), as_of=DAY, store="store")  # nothing computed yet
    with pytest.raises(
        InvalidInputError,
        match=r"^purchases: store: expected one store per customer, got 's0', "
        r"'s1' for customer 'a'$",
    ) as caught:
        lazy.compute()
    assert type(caught.value) is InvalidInputError


def test_a_plan_refusal_inside_a_worker_arrives_as_the_librarys_error(
    client: distributed.Client,
) -> None:
    """SEG-ABC, CAD-*: Store.plan's refusal in a worker (nothing spent) is the caller's, as is."""
    on_the_cluster(client)
    unspent = _SMALL.assign(amount=[Decimal(0), Decimal(0), Decimal(5), Decimal(1)])
    with pytest.raises(EmptyInputError) as in_process:
        attrs.evolve(SETUPS["s0"], purchases=frames.purchases(unspent.iloc[:2])).plan(DAY)
    lazy = chain.plans(small(unspent), SETUPS, as_of=DAY)  # the stores' check passes
    with pytest.raises(EmptyInputError) as caught:
        lazy.compute()
    assert type(caught.value) is EmptyInputError
    assert str(caught.value) == str(in_process.value)


# --- junk: only a RetentionError escapes -------------------------------------------------------

#: Junk of many types for any argument (tests/test_junk.py walks the other modules).
JUNK: tuple[object, ...] = (
    None,
    True,
    0,
    -1,
    10**30,
    1.5,
    math.nan,
    Decimal("NaN"),
    "",
    " ",
    "\x00",
    "line\nbreak",
    "nope",
    "customer_id",
    "store",
    b"bytes",
    (),
    [],
    {},
    object(),
    dt.date.min,
    dt.date.max,
    dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC),
)
#: The messages' head: the field they are about (as tests/test_junk.py reads it).
HEAD = re.compile(r"^[A-Za-z_]\w*(\[[^\]]*\]|\.\w+| key)*(, [A-Za-z_]\w*)*: \S")
JUNK_ARGS = [
    (name, param.name)
    for name in chain.__all__
    for param in inspect.signature(getattr(chain, name)).parameters.values()
]


def _valid(name: str) -> dict[str, Any]:
    """Valid arguments for ``name`` but the purchases: the day and the setups."""
    params = inspect.signature(getattr(chain, name)).parameters
    return {k: v for k, v in {"as_of": DAY, "stores": SETUPS}.items() if k in params}


@pytest.mark.parametrize(("name", "arg"), JUNK_ARGS)
def test_junk_into_a_step_raises_only_retention_errors(
    synchronous: None, name: str, arg: str
) -> None:
    """Junk in any one argument: a result, or a RetentionError whose message names a field."""
    del synchronous
    step = getattr(chain, name)
    for junk in JUNK:
        if name == "fit_bgnbd" and arg != "purchases":
            continue  # the fit of the small chain fails: test_a_fit_that_fails_is_a_retention_error
        base: dict[str, Any] = (
            {"purchases": small()} if name != "fit_abc_counts" else {"counts": {Decimal(5): 2}}
        )
        arguments: dict[str, Any] = {**base, **_valid(name), arg: junk}
        try:
            computed(lambda arguments=arguments: step(**arguments))
        except RetentionError as error:
            message = str(error)
            assert message.isprintable(), (arg, junk, message)
            assert HEAD.match(message), (arg, junk, message)


def test_a_huge_partition_count_is_refused(synchronous: None) -> None:
    """by_customer refuses a partition count no index can hold, as a RetentionError."""
    del synchronous
    with pytest.raises(InvalidInputError, match=r"^npartitions: "):
        computed(lambda: chain.by_customer(small(), npartitions=10**30))


@pytest.mark.parametrize(
    "columns", [{"store": "customer_id"}, {"customer_id": "store"}], ids=["store", "customer_id"]
)
def test_one_column_for_two_roles_is_refused(synchronous: None, columns: dict[str, str]) -> None:
    """CAD-*: plans refuses one column as both the store and the customer ID."""
    del synchronous
    with pytest.raises(InvalidInputError, match=r"^(store|customer_id): expected a column apart"):
        chain.plans(small(), SETUPS, as_of=DAY, **columns)


def test_a_fit_that_fails_is_a_retention_error(synchronous: None) -> None:
    """CHURN-PALIVE: three customers the fit cannot use give a RetentionError, as in process."""
    del synchronous
    with pytest.raises(InvalidInputError, match=r"^x, t_x, T: .* did not converge"):
        frames.fit_bgnbd(_SMALL, as_of=DAY)
    with pytest.raises(InvalidInputError, match=r"^x, t_x, T: .* did not converge"):
        chain.fit_bgnbd(small(), as_of=DAY)


# --- the fit from a distribution of totals -----------------------------------------------------

_TOTALS = st.dictionaries(
    st.text("abcdef", min_size=1, max_size=3),
    st.decimals(min_value=0, max_value=10_000, places=2, allow_nan=False, allow_infinity=False),
    min_size=1,
    max_size=30,
)


@given(totals=_TOTALS, policy=rst.abc_policies())
def test_the_fit_from_counts_is_the_fit_from_totals(
    totals: dict[str, Decimal], policy: AbcPolicy
) -> None:
    """SEG-ABC: the cut-offs from each distinct total's count are fit_abc's on the totals."""
    counts: dict[Decimal, int] = {}
    for total in totals.values():
        counts[total] = counts.get(total, 0) + 1
    try:
        expected = fit_abc(totals, policy)
    except EmptyInputError:
        with pytest.raises(EmptyInputError):
            chain.fit_abc_counts(counts, policy=policy)
        return
    assert chain.fit_abc_counts(counts, policy=policy) == expected


def test_the_fit_from_counts_reads_money_as_the_object_path_does() -> None:
    """SEG-ABC: ints, strings and floats as totals give the Decimal totals' cut-offs."""
    counts = {500: 1, "150.50": 2, 50.25: 1}
    expected = fit_abc(
        {"a": Decimal(500), "b": Decimal("150.50"), "c": Decimal("150.50"), "d": Decimal("50.25")}
    )
    assert chain.fit_abc_counts(counts) == expected


@pytest.mark.parametrize(
    ("counts", "error", "head"),
    [
        ([(1, 2)], InvalidTypeError, "counts: expected a mapping"),
        ({}, EmptyInputError, "totals: expected at least one customer"),
        ({Decimal("1.00001"): 1}, InvalidInputError, "counts: expected totals with at most 4"),
        ({-1: 1}, InvalidInputError, "counts[-1]: expected a finite, non-negative amount"),
        ({5: 0}, InvalidInputError, "counts[5]: expected"),
        ({5: 1.5}, InvalidTypeError, "counts[5]: expected"),
        ({5: True}, InvalidTypeError, "counts[5]: expected"),
        ({2**62: 4}, InvalidInputError, "counts: expected a total spend that fits"),
        ({0: 3}, EmptyInputError, "totals: expected a positive total spend"),
    ],
    ids=repr,
)
def test_bad_counts_are_refused(counts: object, error: type[Exception], head: str) -> None:
    """SEG-ABC: a bad distribution of totals is refused, naming what is wrong."""
    with pytest.raises(error, match=rf"^{re.escape(head)}"):
        chain.fit_abc_counts(counts)  # type: ignore[arg-type]


# --- retention.frames hands a Dask frame to the chain --------------------------------------------


def test_the_frames_steps_take_a_dask_frame(synchronous: None) -> None:
    """SEG-ABC, CHURN-PALIVE: frames' steps on a Dask frame give their pandas answers."""
    del synchronous
    pdf = converging_frame(2).astype({"customer_id": "string"})
    pdf["amount"] = [Decimal(5 + i % 7) for i in range(len(pdf))]
    ddf = small(pdf, 3)
    params = BgNbdParams(r=0.8, alpha=4.0, a=0.7, b=2.5)
    assert frames.spend_totals(ddf) == frames.spend_totals(pdf)
    assert frames.fit_abc(ddf) == frames.fit_abc(pdf)
    assert frames.classify_abc(ddf) == frames.classify_abc(pdf)
    pd.testing.assert_frame_equal(
        sorted_classes(frames.abc_classes(ddf).compute()),
        frames.abc_classes(pdf),
        check_dtype=False,
    )
    assert_same_churn(
        by_id(frames.churn(ddf, as_of=AS_OF, params=params).compute()),
        frames.churn(pdf, as_of=AS_OF, params=params),
    )
    found = by_id(frames.p_alive(ddf, params, as_of=AS_OF).compute())
    expected = frames.p_alive(pdf, params, as_of=AS_OF)
    assert found["customer_id"].tolist() == expected["customer_id"].tolist()
    assert found["x"].tolist() == expected["x"].tolist()
    assert (found["p_alive"] - expected["p_alive"]).abs().max() <= 1e-12
    for got, want in zip(
        frames.summaries(ddf, as_of=AS_OF), frames.summaries(pdf, as_of=AS_OF), strict=True
    ):
        assert got.tolist() == want.tolist()
    assert frames.fit_bgnbd(ddf, as_of=AS_OF, penalizer=0.01) == frames.fit_bgnbd(
        pdf, as_of=AS_OF, penalizer=0.01
    )
    assert frames.purchases(ddf) == frames.purchases(pdf)


def test_amounts_as_text_are_summed_one_by_one(synchronous: None) -> None:
    """SEG-ABC: amounts Dask keeps as text (decimals) are read exactly, as the object path does."""
    del synchronous
    text = _SMALL.assign(amount=["12.50", "3", "7.25", "7.25"])
    expected = spend_totals(
        Purchase(cid, date=day.date(), amount=Decimal(amount))
        for cid, day, amount in zip(text["customer_id"], text["date"], text["amount"], strict=True)
    )
    assert chain.spend_totals(small(text)) == expected


def test_one_customer_is_the_a_class_alone(synchronous: None) -> None:
    """SEG-ABC: a chain of one spender has them in A, and B empty, as in process."""
    del synchronous
    one = _SMALL[_SMALL["customer_id"] == "a"]
    found = chain.abc_classes(small(one, 1)).compute()
    assert found["abc_class"].astype(str).tolist() == ["A"]
    assert chain.fit_abc(small(one, 1)).b_cutoff is None


def test_a_chain_total_beyond_64_bits_is_refused(synchronous: None) -> None:
    """SEG-ABC: amounts whose sum passes 64-bit 1/10,000ths are refused, never wrapped."""
    del synchronous
    huge = pd.DataFrame(
        {
            "customer_id": pd.Series([f"c{i}" for i in range(5)], dtype="str"),
            "amount": [2 * 10**14] * 5,
        }
    )
    with pytest.raises(InvalidInputError, match=r"64-bit 1/10,000ths"):
        chain.fit_abc(small(huge, 5))


def test_a_spend_past_2_53_units_is_the_nearest_float_to_the_exact_total(
    synchronous: None,
) -> None:
    """SEG-ABC: a chain's classes give 900719925474.0995 (2**53 + 3 units) as its own float."""
    del synchronous
    total = Decimal("900719925474.0995")
    frame = pd.DataFrame(
        {"customer_id": ["big", "small"], "amount": pd.Series([total, Decimal(1)], dtype=object)}
    )
    found = chain.abc_classes(small(frame)).compute()
    assert dict(zip(found["customer_id"], found["spend"], strict=True)) == {
        "big": float(total),
        "small": 1.0,
    }
