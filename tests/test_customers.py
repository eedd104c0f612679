"""Purchases, per-customer histories and spend totals."""

from __future__ import annotations

import datetime as dt
import decimal
import itertools
import pickle
import random
from decimal import Decimal
from fractions import Fraction

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import (
    CustomerHistory,
    InvalidInputError,
    InvalidTypeError,
    Purchase,
    SpendTotals,
    UnknownCustomerError,
    build_histories,
    spend_totals,
)
from retention.testing import strategies as rst

DAY = dt.date(2025, 3, 1)


def buy(
    customer_id: str = "c1",
    day: dt.date = DAY,
    amount: object = "10.00",
    **labels: str | None,
) -> Purchase:
    """Build a purchase with defaults for the fields a test does not care about."""
    return Purchase(customer_id, date=day, amount=amount, **labels)


# --- Purchase: construction --------------------------------------------------------------


def test_purchase_keyword_construction() -> None:
    """A Purchase takes the customer ID first and every other field by keyword."""
    purchase = Purchase(
        customer_id="c1",
        date=DAY,
        amount="19.90",
        brand="Acme",
        product="p1",
        category="food",
    )
    assert purchase.customer_id == "c1"
    assert purchase.date == DAY
    assert purchase.amount == Decimal("19.90")
    assert (purchase.brand, purchase.product, purchase.category) == ("Acme", "p1", "food")


def test_purchase_date_and_amount_are_keyword_only() -> None:
    """Passing date and amount by position is refused, so they cannot be swapped."""
    with pytest.raises(TypeError, match="positional"):
        Purchase("c1", DAY, "1.00")  # type: ignore[misc]


def test_purchase_labels_default_to_none() -> None:
    """Brand, product and category are optional and default to None."""
    purchase = buy()
    assert (purchase.brand, purchase.product, purchase.category) == (None, None, None)


def test_purchase_is_frozen() -> None:
    """A Purchase cannot be changed after construction."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        buy().amount = Decimal(1)  # type: ignore[misc]


# --- Purchase: amounts ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (5, "5"),
        (0, "0"),
        (Decimal("19.90"), "19.90"),
        ("19.90", "19.90"),
        ("  7.50 ", "7.50"),
        ("\t3\n", "3"),
        ("1e2", "1E+2"),
        (19.99, "19.99"),
        (0.1, "0.1"),
        (2.5, "2.5"),
        (100.0, "100.0"),
    ],
)
def test_purchase_amount_conversions(value: object, expected: str) -> None:
    """Ints, Decimals, decimal strings (spaces stripped) and floats become exact Decimals."""
    amount = buy(amount=value).amount
    assert type(amount) is Decimal
    assert amount == Decimal(expected)
    assert str(amount) == str(Decimal(expected))  # same digits, not just the same value


def test_purchase_float_is_what_was_typed_not_the_binary_expansion() -> None:
    """A float 19.99 gives Decimal("19.99"), not the float's exact value 19.989999..."""
    assert buy(amount=19.99).amount != Fraction(19.99)  # the float's exact binary value
    assert buy(amount=0.1).amount != Fraction(0.1)
    assert buy(amount=19.99).amount == Fraction(1999, 100)


@pytest.mark.parametrize("value", [-0.0, Decimal("-0"), Decimal("-0.00"), "-0", "-0.00"])
def test_purchase_negative_zero_becomes_zero(value: object) -> None:
    """A negative zero amount is taken as a plain (unsigned) zero."""
    amount = buy(amount=value).amount
    assert amount == 0
    assert not amount.is_signed()


@pytest.mark.parametrize(
    "value",
    [
        float("nan"),
        Decimal("NaN"),
        "NaN",
        "nan",
        float("inf"),
        float("-inf"),
        "Infinity",
        "-Infinity",
        Decimal("Infinity"),
        Decimal("sNaN"),
        "sNaN",
        -1,
        Decimal("-0.01"),
        "-5",
        -0.5,
        "abc",
        "",
        "1,5",
    ],
)
def test_purchase_refuses_bad_amount_values(value: object) -> None:
    """NaN, infinities, negatives and non-numbers are refused with a message naming amount."""
    with pytest.raises(InvalidInputError, match=r"^amount: expected a finite, non-negative"):
        buy(amount=value)


@pytest.mark.parametrize("value", [True, False, None, [5], b"5", object()])
def test_purchase_refuses_bad_amount_types(value: object) -> None:
    """Bools, None, lists, bytes and other objects are refused with a message naming amount."""
    with pytest.raises(InvalidTypeError, match=r"^amount: expected a finite, non-negative"):
        buy(amount=value)


def test_purchase_amount_error_says_what_arrived() -> None:
    """The amount error names the value and type that arrived."""
    with pytest.raises(InvalidTypeError, match=r"got True \(bool\)"):
        buy(amount=True)
    with pytest.raises(InvalidInputError, match=r"got '-5'"):
        buy(amount="-5")


def test_purchase_amount_ignores_a_low_precision_caller_context() -> None:
    """An amount keeps all its digits even when the caller's decimal context has prec=3."""
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert buy(amount="1234.56").amount == Decimal("1234.56")
        assert buy(amount=1234.56).amount == Decimal("1234.56")
        assert buy(amount=123456).amount == Decimal(123456)


# --- Purchase: other fields ----------------------------------------------------------------


def test_purchase_refuses_a_datetime() -> None:
    """A datetime.datetime is refused as a date (InvalidTypeError naming date)."""
    with pytest.raises(InvalidTypeError, match=r"^date: expected a datetime.date \(not a datetime"):
        buy(day=dt.datetime(2025, 3, 1, 12, 0, tzinfo=dt.UTC))  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["2025-03-01", None, 20250301])
def test_purchase_refuses_a_non_date(value: object) -> None:
    """A string, None or number is refused as a date (InvalidTypeError naming date)."""
    with pytest.raises(InvalidTypeError, match=r"^date: "):
        buy(day=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["", "  ", "\t"])
def test_purchase_refuses_a_blank_customer_id(value: str) -> None:
    """An empty or blank customer ID is refused (InvalidInputError naming customer_id)."""
    with pytest.raises(InvalidInputError, match=r"^customer_id: expected a non-empty string ID"):
        buy(customer_id=value)


@pytest.mark.parametrize("value", [5, None, b"c1"])
def test_purchase_refuses_a_non_string_customer_id(value: object) -> None:
    """A non-string customer ID is refused (InvalidTypeError naming customer_id)."""
    with pytest.raises(InvalidTypeError, match=r"^customer_id: expected a non-empty string ID"):
        buy(customer_id=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["brand", "product", "category"])
def test_purchase_refuses_an_empty_label(field: str) -> None:
    """An empty brand, product or category is refused; leave it None instead."""
    with pytest.raises(InvalidInputError, match=rf"^{field}: expected a non-empty string"):
        buy(**{field: ""})


@pytest.mark.parametrize("field", ["brand", "product", "category"])
def test_purchase_refuses_a_non_string_label(field: str) -> None:
    """A non-string brand, product or category is refused (InvalidTypeError naming it)."""
    with pytest.raises(InvalidTypeError, match=rf"^{field}: "):
        buy(**{field: 5})  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["brand", "product", "category"])
def test_purchase_accepts_none_and_a_label(field: str) -> None:
    """Brand, product and category accept None and a non-empty string."""
    assert getattr(buy(**{field: None}), field) is None
    assert getattr(buy(**{field: "x"}), field) == "x"


# --- Purchase: sort key --------------------------------------------------------------------


def test_sort_key_orders_by_date_first() -> None:
    """An earlier purchase sorts first whatever its amount."""
    early = buy(day=DAY, amount=100)
    late = buy(day=DAY + dt.timedelta(days=1), amount=1)
    assert early.sort_key() < late.sort_key()


def test_sort_key_orders_same_day_purchases_independent_of_arrival() -> None:
    """Same-day purchases sort by amount, then brand, product, category, in any arrival order."""
    same_day = [
        buy(amount=5, brand="B"),
        buy(amount=5, brand="A", product="p2"),
        buy(amount=5, brand="A", product="p1"),
        buy(amount=5),
        buy(amount=1, brand="Z"),
        buy(amount=5, brand="A", product="p1", category="food"),
    ]
    expected = [
        buy(amount=1, brand="Z"),
        buy(amount=5),
        buy(amount=5, brand="A", product="p1"),
        buy(amount=5, brand="A", product="p1", category="food"),
        buy(amount=5, brand="A", product="p2"),
        buy(amount=5, brand="B"),
    ]
    for arrival in itertools.permutations(same_day):
        assert sorted(arrival, key=Purchase.sort_key) == expected


# --- CustomerHistory -------------------------------------------------------------------------


def test_history_of_sorts_purchases_in_time_order() -> None:
    """CustomerHistory.of takes purchases in any order and keeps them in time order."""
    first = buy(day=dt.date(2025, 1, 5), amount=3, brand="A")
    second = buy(day=dt.date(2025, 2, 1), amount=1, brand="B")
    third = buy(day=dt.date(2025, 2, 1), amount=2)
    history = CustomerHistory.of("c1", [third, first, second])
    assert history.customer_id == "c1"
    assert history.purchases == (first, second, third)


def test_history_of_takes_a_generator() -> None:
    """CustomerHistory.of consumes any iterable, a generator included."""
    purchases = [buy(day=dt.date(2025, 1, d)) for d in (3, 1, 2)]
    history = CustomerHistory.of("c1", (p for p in purchases))
    assert [p.date.day for p in history.purchases] == [1, 2, 3]


def test_history_of_refuses_a_non_purchase() -> None:
    """CustomerHistory.of refuses an item that is not a Purchase (InvalidTypeError)."""
    with pytest.raises(InvalidTypeError, match=r"^purchases: expected Purchase items"):
        CustomerHistory.of("c1", [buy(), "not a purchase"])  # type: ignore[list-item]


def test_history_constructor_refuses_unsorted_purchases() -> None:
    """The constructor refuses purchases out of time order and points at CustomerHistory.of."""
    later, earlier = buy(day=dt.date(2025, 2, 1)), buy(day=dt.date(2025, 1, 1))
    with pytest.raises(InvalidInputError, match=r"^purchases: expected time order.*\.of"):
        CustomerHistory("c1", purchases=(later, earlier))


def test_history_constructor_refuses_unsorted_same_day_purchases() -> None:
    """The constructor refuses same-day purchases out of sort-key order."""
    with pytest.raises(InvalidInputError, match=r"^purchases: expected time order"):
        CustomerHistory("c1", purchases=(buy(amount=5), buy(amount=1)))


def test_history_constructor_accepts_sorted_purchases() -> None:
    """The constructor takes purchases already in sort-key order, equal ones included."""
    purchases = (buy(amount=1), buy(amount=1), buy(day=DAY + dt.timedelta(days=1)))
    assert CustomerHistory("c1", purchases=purchases).purchases == purchases


@pytest.mark.parametrize("value", [(), [], None])
def test_history_constructor_refuses_empty_purchases(value: object) -> None:
    """A history needs a non-empty tuple of purchases."""
    with pytest.raises(InvalidInputError, match=r"^purchases: expected a non-empty tuple"):
        CustomerHistory("c1", purchases=value)  # type: ignore[arg-type]


def test_history_of_refuses_no_purchases() -> None:
    """CustomerHistory.of with nothing to hold is refused."""
    with pytest.raises(InvalidInputError, match=r"^purchases: expected a non-empty tuple"):
        CustomerHistory.of("c1", [])


def test_history_constructor_refuses_another_customers_purchase() -> None:
    """A history holds only its own customer's purchases; the message names both IDs."""
    with pytest.raises(InvalidInputError, match=r"customer 'c1', got one of 'c2'"):
        CustomerHistory("c1", purchases=(buy("c1"), buy("c2", day=DAY + dt.timedelta(days=1))))
    with pytest.raises(InvalidInputError, match=r"customer 'c1', got one of 'c2'"):
        CustomerHistory.of("c1", [buy("c2")])


def test_history_constructor_refuses_a_non_purchase_item() -> None:
    """The constructor refuses an item that is not a Purchase (InvalidTypeError)."""
    with pytest.raises(InvalidTypeError, match=r"^purchases: expected Purchase items"):
        CustomerHistory("c1", purchases=(buy(), {"amount": 5}))  # type: ignore[arg-type]


@pytest.mark.parametrize(("value", "error"), [("", InvalidInputError), (7, InvalidTypeError)])
def test_history_refuses_a_bad_customer_id(value: object, error: type[Exception]) -> None:
    """A history's customer ID is validated like a purchase's."""
    with pytest.raises(error, match=r"^customer_id: "):
        CustomerHistory(value, purchases=(buy(),))  # type: ignore[arg-type]


def test_history_total_first_last_and_brands() -> None:
    """A history's total sums the amounts, first/last_date bound it, brands skip None."""
    history = CustomerHistory.of(
        "c1",
        [
            buy(day=dt.date(2025, 3, 9), amount="5", brand="B"),
            buy(day=dt.date(2025, 1, 2), amount="19.90", brand="A"),
            buy(day=dt.date(2025, 2, 2), amount="0.10"),
            buy(day=dt.date(2025, 4, 1), amount=0, brand="A"),
        ],
    )
    assert history.total == Decimal("25.00")
    assert history.first_date == dt.date(2025, 1, 2)
    assert history.last_date == dt.date(2025, 4, 1)
    assert history.brands == ("A", "B", "A")


def test_history_total_is_exact_in_a_low_precision_context() -> None:
    """CustomerHistory.total is exact even when the caller's context has prec=3."""
    history = CustomerHistory.of("c1", [buy(amount="1234.56"), buy(amount="0.01")])
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        assert history.total == Decimal("1234.57")


def test_history_of_one_purchase() -> None:
    """A one-purchase history starts and ends on that day and totals its amount."""
    history = CustomerHistory.of("c1", [buy(amount="2.50", brand="A")])
    assert history.first_date == history.last_date == DAY
    assert history.total == Decimal("2.50")
    assert history.brands == ("A",)


# --- spend_totals ---------------------------------------------------------------------------


def sample() -> list[Purchase]:
    """Three customers, given out of ID order; c1 buys twice."""
    return [
        buy("c3", amount="7.50"),
        buy("c1", amount="19.90"),
        buy("c2", amount=1),
        buy("c1", day=dt.date(2025, 3, 9), amount=5),
    ]


def test_spend_totals_sums_per_customer() -> None:
    """spend_totals sums each customer's amounts."""
    totals = spend_totals(sample())
    assert dict(totals) == {"c1": Decimal("24.90"), "c2": Decimal(1), "c3": Decimal("7.50")}
    assert isinstance(totals, SpendTotals)


def test_spend_totals_exact_in_a_low_precision_context() -> None:
    """Sums are exact even when the caller's decimal context has prec=3."""
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        totals = spend_totals([buy(amount="1234.56"), buy(amount="0.01")])
        assert totals["c1"] == Decimal("1234.57")
        assert ctx.prec == 3  # the caller's context is left alone
    assert str(totals["c1"]) == "1234.57"


def test_spend_totals_is_read_only() -> None:
    """The result refuses item assignment and deletion."""
    totals = spend_totals(sample())
    with pytest.raises(TypeError, match="does not support item assignment"):
        totals["c1"] = Decimal(0)  # type: ignore[index]
    with pytest.raises(TypeError, match="does not support item deletion"):
        del totals["c1"]  # type: ignore[attr-defined]
    assert totals["c1"] == Decimal("24.90")


def test_spend_totals_unknown_customer_raises() -> None:
    """Looking up an absent customer raises UnknownCustomerError, which is also a KeyError."""
    totals = spend_totals(sample())
    with pytest.raises(UnknownCustomerError, match=r"^customer_id: no customer 'c9'"):
        totals["c9"]
    with pytest.raises(KeyError):
        totals["c9"]
    assert totals.get("c9") is None
    assert "c9" not in totals


def test_spend_totals_iterates_in_customer_id_order() -> None:
    """Keys, values and items come in customer-ID order, not in input order."""
    totals = spend_totals(sample())
    assert list(totals) == ["c1", "c2", "c3"]
    assert list(totals.values()) == [Decimal("24.90"), Decimal(1), Decimal("7.50")]
    assert [cid for cid, _ in totals.items()] == ["c1", "c2", "c3"]


def test_spend_totals_does_not_mutate_its_input() -> None:
    """The input list is left as it was."""
    purchases = sample()
    before = list(purchases)
    spend_totals(purchases)
    assert purchases == before


def test_spend_totals_takes_a_generator() -> None:
    """A generator of purchases works like a list."""
    assert spend_totals(p for p in sample()) == spend_totals(sample())


def test_spend_totals_refuses_a_non_purchase() -> None:
    """An item that is not a Purchase raises InvalidTypeError naming what arrived."""
    with pytest.raises(InvalidTypeError, match=r"^purchases: expected Purchase items, got 5"):
        spend_totals([buy(), 5])  # type: ignore[list-item]


def test_spend_totals_of_nothing_is_empty() -> None:
    """Empty input gives an empty mapping."""
    totals = spend_totals([])
    assert len(totals) == 0
    assert dict(totals) == {}


def test_spend_totals_zero_amount_customer_is_kept() -> None:
    """A customer who only paid zero still appears, with a total of zero."""
    assert spend_totals([buy("c1", amount=0)]) == {"c1": Decimal(0)}


# --- build_histories ----------------------------------------------------------------------------


def test_build_histories_groups_and_sorts() -> None:
    """build_histories gives each customer a history in time order."""
    histories = build_histories(sample())
    assert list(histories) == ["c1", "c2", "c3"]
    c1 = histories["c1"]
    assert isinstance(c1, CustomerHistory)
    assert [p.amount for p in c1.purchases] == [Decimal("19.90"), Decimal(5)]
    assert c1.total == Decimal("24.90")
    assert histories["c3"].purchases == (buy("c3", amount="7.50"),)


def test_build_histories_is_read_only() -> None:
    """The result refuses item assignment."""
    histories = build_histories(sample())
    with pytest.raises(TypeError, match="does not support item assignment"):
        histories["c1"] = histories["c2"]  # type: ignore[index]


def test_build_histories_unknown_customer_raises() -> None:
    """Looking up an absent customer raises UnknownCustomerError (a KeyError)."""
    histories = build_histories(sample())
    with pytest.raises(UnknownCustomerError, match=r"^customer_id: no customer 'c9'"):
        histories["c9"]
    assert histories.get("c9") is None


def test_build_histories_does_not_mutate_its_input() -> None:
    """The input list keeps its order."""
    purchases = sample()
    before = list(purchases)
    build_histories(purchases)
    assert purchases == before


def test_build_histories_takes_a_generator() -> None:
    """A generator of purchases works like a list."""
    assert build_histories(p for p in sample()) == build_histories(sample())


def test_build_histories_refuses_a_non_purchase() -> None:
    """An item that is not a Purchase raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^purchases: expected Purchase items, got None"):
        build_histories([buy(), None])  # type: ignore[list-item]


def test_build_histories_of_nothing_is_empty() -> None:
    """Empty input gives an empty mapping."""
    assert dict(build_histories([])) == {}


# --- properties -------------------------------------------------------------------------------


@given(purchases=rst.purchase_lists(), data=st.data())
def test_spend_totals_do_not_depend_on_order(
    purchases: list[Purchase], data: st.DataObject
) -> None:
    """Any permutation of the purchases gives equal spend totals in the same key order."""
    shuffled = data.draw(st.permutations(purchases))
    totals, again = spend_totals(purchases), spend_totals(shuffled)
    assert again == totals
    assert list(again.items()) == list(totals.items())


@given(purchases=rst.purchase_lists(), seed=st.integers(0, 2**32 - 1))
def test_histories_do_not_depend_on_order(purchases: list[Purchase], seed: int) -> None:
    """Any shuffle of the purchases gives equal histories, purchase for purchase."""
    shuffled = purchases[:]
    random.Random(seed).shuffle(shuffled)  # noqa: S311 - test data, not cryptography
    histories, again = build_histories(purchases), build_histories(shuffled)
    assert again == histories
    assert list(again) == list(histories)


@given(rst.purchase_lists())
def test_sum_of_totals_is_sum_of_amounts(purchases: list[Purchase]) -> None:
    """Nothing is lost or double-counted: the totals add up to the amounts, exactly."""
    totals = spend_totals(purchases)
    assert sum(map(Fraction, totals.values())) == sum(Fraction(p.amount) for p in purchases)


@given(rst.purchase_lists())
def test_one_total_per_distinct_customer(purchases: list[Purchase]) -> None:
    """There is exactly one total, and one history, per distinct customer."""
    customers = {p.customer_id for p in purchases}
    assert len(spend_totals(purchases)) == len(customers)
    assert set(spend_totals(purchases)) == customers
    assert set(build_histories(purchases)) == customers


@given(rst.purchase_lists())
def test_each_history_holds_its_customers_purchases(purchases: list[Purchase]) -> None:
    """A customer's history holds exactly that customer's purchases, in date order."""
    for cid, history in build_histories(purchases).items():
        own = [p for p in purchases if p.customer_id == cid]
        assert sorted(history.purchases, key=repr) == sorted(own, key=repr)
        dates = [p.date for p in history.purchases]
        assert dates == sorted(dates)
        assert Fraction(history.total) == sum(Fraction(p.amount) for p in own)


def test_purchase_error_shortens_a_long_value() -> None:
    """An error message shows at most 60 characters of a bad value, then its type."""
    with pytest.raises(InvalidTypeError) as caught:
        buy(amount=list(range(100)))
    shown = str(caught.value).split("got ", 1)[1]  # 57 characters of the repr, then "..."
    assert shown == "[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16... (list)"


# --- integer units and the lazy Decimal view ------------------------------------------


def _p(cid: str, amount: str) -> Purchase:
    return Purchase(cid, date=dt.date(2025, 1, 1), amount=amount)


def test_spend_totals_show_the_places_the_totals_need() -> None:
    """Totals of cent amounts read as cents: 19.90 + 5.00 is Decimal('24.90')."""
    totals = spend_totals([_p("a", "19.90"), _p("a", "5"), _p("b", "7.5")])
    assert str(totals["a"]) == "24.90"
    assert str(totals["b"]) == "7.50"
    assert str(spend_totals([_p("a", "3"), _p("a", "4")])["a"]) == "7"


def test_spend_totals_fall_back_to_decimals_past_four_places() -> None:
    """An amount with 5 decimal places switches the pass to exact Decimals mid-stream."""
    purchases = [_p("a", "1.10"), _p("b", "2"), _p("a", "0.00001"), _p("b", "3.5")]
    totals = spend_totals(iter(purchases))
    assert totals["a"] == Decimal("1.10001")
    assert totals["b"] == Decimal("5.5")
    with pytest.raises(InvalidTypeError, match="expected Purchase items"):
        spend_totals([_p("a", "0.00001"), "not a purchase"])  # type: ignore[list-item]


def test_spend_totals_lookups_do_not_need_the_whole_view() -> None:
    """Lookups, membership and length work before and after the Decimal view is built."""
    totals = spend_totals([_p("a", "1.25"), _p("b", "2")])
    assert "a" in totals
    assert "z" not in totals
    assert len(totals) == 2
    assert totals["b"] == Decimal(2)
    with pytest.raises(UnknownCustomerError, match="'z'"):
        totals["z"]
    assert dict(totals) == {"a": Decimal("1.25"), "b": Decimal("2.00")}
    assert totals["a"] == Decimal("1.25")


def test_spend_totals_pickle_as_spend_totals() -> None:
    """A SpendTotals survives pickling with its type and missing-customer error."""
    for totals in (
        spend_totals([_p("a", "1.25")]),
        spend_totals([_p("a", "0.00001")]),
    ):
        again = pickle.loads(pickle.dumps(totals))  # noqa: S301 - our own data
        assert type(again) is SpendTotals
        assert again == totals
        with pytest.raises(UnknownCustomerError):
            again["z"]


def test_spend_totals_refuses_a_non_iterable() -> None:
    """spend_totals(None) names the argument instead of a bare TypeError."""
    with pytest.raises(InvalidTypeError, match="purchases: expected an iterable of Purchase"):
        spend_totals(None)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="purchases"):
        build_histories("abc")  # type: ignore[arg-type]


def test_spend_totals_needs_exactly_one_source() -> None:
    """SpendTotals is built from Decimal totals or integer units, not both or neither."""
    with pytest.raises(InvalidInputError, match="exactly one"):
        SpendTotals()
    with pytest.raises(InvalidInputError, match="exactly one"):
        SpendTotals({"a": Decimal(1)}, units={"a": 10000})
    assert SpendTotals(units={"a": 12345}).to_money(Decimal("1.5")) == Decimal("1.5")
    assert str(SpendTotals(units={"a": 12345}, places=4)["a"]) == "1.2345"


@given(
    st.lists(
        st.tuples(
            st.sampled_from(["a", "b", "c"]),
            st.integers(0, 10**7),
            st.integers(0, 6),
        ),
        max_size=30,
    )
)
def test_spend_totals_are_exact_sums(rows: list[tuple[str, int, int]]) -> None:
    """Whatever the number of decimal places, each total is the exact sum of its amounts."""
    purchases = [_p(cid, str(Decimal(n).scaleb(-places))) for cid, n, places in rows]
    totals = spend_totals(purchases)
    for cid in {cid for cid, _, _ in rows}:
        expected = sum(
            (Fraction(Decimal(n).scaleb(-places)) for c, n, places in rows if c == cid),
            Fraction(0),
        )
        assert Fraction(totals[cid]) == expected


# --- only a RetentionError escapes (issue 17) ----------------------------------------------


class _SneakyRepr:
    """An object whose own repr holds a newline and a terminal escape."""

    def __repr__(self) -> str:
        """Two lines and a colour change."""
        return "two\nlines\x1b[31m"


def test_a_message_quotes_a_callers_object_with_its_control_characters_escaped() -> None:
    """A repr with a newline and an escape sequence is quoted escaped: one line, no control."""
    with pytest.raises(InvalidTypeError) as caught:
        Purchase(_SneakyRepr(), date=DAY, amount=1)  # type: ignore[arg-type]
    assert str(caught.value) == (
        r"customer_id: expected a non-empty string ID, got two\nlines\x1b[31m (_SneakyRepr)"
    )


@pytest.mark.parametrize(
    ("data", "units", "places", "error", "message"),
    [
        (
            {"c1": "ten"},
            None,
            4,
            InvalidInputError,
            "data['c1']: expected a finite, non-negative amount, got 'ten' (not a decimal number)",
        ),
        (
            {None: 1},
            None,
            4,
            InvalidTypeError,
            "data key: expected a non-empty string ID, got None (NoneType)",
        ),
        (
            [1],
            None,
            4,
            InvalidTypeError,
            "data: expected a mapping of customer ID to total, got [1] (list)",
        ),
        (None, {"c1": -1}, 4, InvalidInputError, "units['c1']: expected an int >= 0, got -1"),
        (
            None,
            {"c1": 1.5},
            4,
            InvalidTypeError,
            "units['c1']: expected an int >= 0, got 1.5 (float)",
        ),
        (None, {"c1": 1}, 9, InvalidInputError, "places: expected an int from 0 to 4, got 9"),
    ],
)
def test_spend_totals_built_by_hand_are_checked(
    data: object, units: object, places: object, error: type[Exception], message: str
) -> None:
    """SEG-ABC trusts a SpendTotals, so one built by hand is checked: IDs, amounts, places."""
    with pytest.raises(error) as caught:
        SpendTotals(data, units=units, places=places)  # type: ignore[arg-type]
    assert str(caught.value) == message


def test_spend_totals_to_money_refuses_what_is_not_a_count() -> None:
    """to_money(None) or to_money(NaN) names ``units`` instead of a TypeError from //."""
    totals = SpendTotals(units={"c1": 12345})
    with pytest.raises(InvalidTypeError) as caught:
        totals.to_money(None)  # type: ignore[arg-type]
    assert str(caught.value) == "units: expected an int >= 0, got None (NoneType)"
    with pytest.raises(InvalidInputError) as caught:
        totals.to_money(Decimal("NaN"))
    assert str(caught.value) == "units: expected a finite, non-negative amount, got Decimal('NaN')"
    assert totals.to_money(12345) == Decimal("1.2345")


def test_history_of_refuses_a_non_iterable() -> None:
    """CustomerHistory.of("c1", 5) names ``purchases`` instead of a bare TypeError."""
    with pytest.raises(InvalidTypeError) as caught:
        CustomerHistory.of("c1", 5)  # type: ignore[arg-type]
    assert str(caught.value) == "purchases: expected an iterable of Purchase, got 5 (int)"


@pytest.mark.parametrize("written", ["12", "12.5", "12.50", "0.0001", "7.1234", "0"])
def test_purchase_of_checked_columns_equals_the_checked_constructor(written: str) -> None:
    """A purchase made from checked columns, units given or derived, is the constructor's."""
    day = dt.date(2025, 3, 1)
    made = Purchase("c1", date=day, amount=written, brand="Acme")
    point = written.find(".")
    places = 0 if point < 0 else len(written) - point - 1
    units = int(Decimal(written).scaleb(4))
    for fast in (
        Purchase._of("c1", day, Decimal(written), "Acme"),
        Purchase._of("c1", day, Decimal(written), "Acme", units=(units, places)),
    ):
        assert fast == made
        assert (fast._units, fast._places) == (made._units, made._places)
        assert str(spend_totals([fast])["c1"]) == str(spend_totals([made])["c1"])
