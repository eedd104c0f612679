"""Hypothesis strategies that generate valid :mod:`retention` inputs.

Use them in your own tests::

    from hypothesis import given
    from retention.testing import strategies as rst

    @given(rst.purchases())
    def test_my_report(purchases): ...

Every strategy says what it shrinks toward, so a failing example comes out small.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from hypothesis import strategies as st

from retention.customers import Purchase
from retention.segmentation import AbcPolicy, Boundary

__all__ = [
    "abc_policies",
    "amounts",
    "brand_sequences",
    "customer_ids",
    "purchase_lists",
    "purchases",
    "spend_totals",
]

_EPOCH = dt.date(2020, 1, 1)


def customer_ids(*, count: int = 50) -> st.SearchStrategy[str]:
    """Customer IDs ``"c000"`` ... drawn from ``count`` of them; shrinks toward ``"c000"``."""
    width = len(str(max(count - 1, 0)))
    return st.integers(0, count - 1).map(lambda i: f"c{i:0{max(width, 3)}d}")


def amounts(*, max_cents: int = 10_000_00, allow_zero: bool = True) -> st.SearchStrategy[Decimal]:
    """Money amounts with two decimals, from 0 (or 0.01) to ``max_cents``/100.

    Shrinks toward the smallest amount allowed.
    """
    low = 0 if allow_zero else 1
    return st.integers(low, max_cents).map(lambda cents: Decimal(cents).scaleb(-2))


def purchases(
    *,
    customers: int = 50,
    brands: tuple[str, ...] = ("A", "B", "C", "D"),
    products: tuple[str, ...] = ("p1", "p2", "p3"),
    start: dt.date = _EPOCH,
    days: int = 730,
) -> st.SearchStrategy[Purchase]:
    """One valid purchase: a customer among ``customers``, a day in ``start + [0, days)``.

    Shrinks toward customer ``"c000"`` on ``start`` paying 0.00, with no brand, product
    or category.
    """
    return st.builds(
        Purchase,
        customer_ids(count=customers),
        date=st.integers(0, days - 1).map(lambda d: start + dt.timedelta(days=d)),
        amount=amounts(),
        brand=st.none() | st.sampled_from(brands),
        product=st.none() | st.sampled_from(products),
        category=st.none() | st.sampled_from(("food", "beauty", "home")),
    )


def purchase_lists(
    *, min_size: int = 0, max_size: int = 60, customers: int = 20
) -> st.SearchStrategy[list[Purchase]]:
    """Lists of purchases by up to ``customers`` customers; shrinks toward short lists."""
    return st.lists(purchases(customers=customers), min_size=min_size, max_size=max_size)


def spend_totals(
    *, min_customers: int = 1, max_customers: int = 40, positive: bool = True
) -> st.SearchStrategy[dict[str, Decimal]]:
    """Customer ID -> spend, with ties likely (amounts from a small pool).

    With ``positive`` (the default) the total is above zero, so ABC can rank it.
    Shrinks toward one customer with the smallest spend.
    """
    pool = st.sampled_from([Decimal(v) for v in ("0", "1", "5", "10", "10", "99.99", "250")])
    spend = st.one_of(pool, amounts())

    def valid(totals: dict[str, Decimal]) -> bool:
        return not positive or sum(totals.values()) > 0

    return st.dictionaries(
        customer_ids(count=max(max_customers * 2, 10)),
        spend,
        min_size=min_customers,
        max_size=max_customers,
    ).filter(valid)


@st.composite
def abc_policies(draw: st.DrawFn) -> AbcPolicy:
    """Valid ABC policies (``0 < a < b <= 1``), by spend or count, either boundary.

    Shrinks toward a spend policy with boundary "upper", ``a = 0.01`` and ``b = 0.02``.
    """
    a = draw(st.integers(1, 98))
    b = draw(st.integers(a + 1, 100))
    a_share, b_share = Decimal(a).scaleb(-2), Decimal(b).scaleb(-2)
    if draw(st.booleans()):
        return AbcPolicy.by_count(a=a_share, b=b_share)
    boundary = draw(st.sampled_from(Boundary))
    return AbcPolicy.by_spend(a=a_share, b=b_share, boundary=boundary)


def brand_sequences(
    *, alphabet: str = "ABCDEF", min_size: int = 0, max_size: int = 12
) -> st.SearchStrategy[list[str]]:
    """Brand sequences over one-letter brands; shrinks toward short runs of ``"A"``."""
    return st.lists(st.sampled_from(tuple(alphabet)), min_size=min_size, max_size=max_size)
