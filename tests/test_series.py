"""SEG-SERIES: the customer-series index of a customer base."""

from __future__ import annotations

import datetime as dt
import decimal
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import (
    AbcClass,
    AttitudeResult,
    EmptyInputError,
    InvalidTypeError,
    Launch,
    Purchase,
    SeriesIndex,
    UnknownCustomerError,
    classify_abc,
    classify_attitude,
    find_early_adopters,
    series_index,
)

A, B, C = AbcClass.A, AbcClass.B, AbcClass.C

# Ten customers. By hand:
#   class A: c1, c2                    -> 2
#   loyal:   c2 (AAAA), c3 (AABBAB)    -> 2   (c4 shifts, c5 switches, c6 has too few)
#   early:   c1, c3, c7                -> 3
#   members: c1, c2, c3, c7            -> 4 of 10 = 0.4 (c1, c2, c3 overlap, counted once)
BASE = {
    "c1": A,
    "c2": A,
    "c3": B,
    "c4": B,
    "c5": C,
    "c6": C,
    "c7": C,
    "c8": C,
    "c9": C,
    "c10": C,
}


def attitudes() -> dict[str, AttitudeResult]:
    """The attitude results of the hand-built base."""
    return {
        "c2": classify_attitude(list("AAAA")),
        "c3": classify_attitude(list("AABBAB")),
        "c4": classify_attitude(list("AAABBB")),
        "c5": classify_attitude(list("ACEBDB")),
        "c6": classify_attitude(list("AA")),
    }


EARLY = ("c1", "c3", "c7")


def test_seg_series_counts_each_member_once() -> None:
    """SEG-SERIES: loyal, early and A overlap; the series holds each customer once."""
    result = series_index(BASE, attitudes=attitudes(), early_adopters=EARLY)
    assert isinstance(result, SeriesIndex)
    assert result.customers == 10
    assert result.loyal == 2
    assert result.early_adopters == 3
    assert result.a_class == 2
    assert result.members == ("c1", "c2", "c3", "c7")


def test_seg_series_index_is_members_over_customers() -> None:
    """SEG-SERIES: index = members / customers = 4 / 10."""
    result = series_index(BASE, attitudes=attitudes(), early_adopters=EARLY)
    assert result.index == Decimal("0.4")


def test_seg_series_shares_of_each_part() -> None:
    """SEG-SERIES: each part's share of the base: loyal 2/10, early 3/10, A 2/10."""
    result = series_index(BASE, attitudes=attitudes(), early_adopters=EARLY)
    assert result.loyal_share == Decimal("0.2")
    assert result.early_adopter_share == Decimal("0.3")
    assert result.a_class_share == Decimal("0.2")


def test_seg_series_reason_names_the_rule_and_the_parts() -> None:
    """SEG-SERIES: one reason, naming the rule, the members, the percentage and each part."""
    result = series_index(BASE, attitudes=attitudes(), early_adopters=EARLY)
    (reason,) = result.reasons
    assert reason.rule_id == "SEG-SERIES"
    assert reason.detail == (
        "4 of 10 customers (40.0 %) are in the series: loyal 2, early adopters 3, "
        "class A 2 (each customer counted once)"
    )


def test_seg_series_index_of_a_third() -> None:
    """SEG-SERIES: 1 of 3 gives a 28-digit third and 33.3 % in the reason."""
    result = series_index({"x": A, "y": B, "z": C})
    assert result.index == Decimal("0.3333333333333333333333333333")
    assert result.members == ("x",)
    assert "(33.3 %)" in result.reasons[0].detail


def test_seg_series_without_attitudes_or_early_adopters_counts_class_a() -> None:
    """SEG-SERIES: with only ABC classes, the series is the A class."""
    result = series_index(BASE)
    assert result.members == ("c1", "c2")
    assert (result.loyal, result.early_adopters, result.a_class) == (0, 0, 2)
    assert result.index == Decimal("0.2")


def test_seg_series_no_member_gives_zero() -> None:
    """SEG-SERIES: a base with no loyal, early or A customer has index 0."""
    result = series_index({"x": B, "y": C})
    assert result.members == ()
    assert result.index == 0
    assert "0 of 2 customers (0.0 %)" in result.reasons[0].detail


def test_seg_series_everyone_a_member_gives_one() -> None:
    """SEG-SERIES: a base entirely in the series has index 1."""
    result = series_index({"x": A, "y": C}, early_adopters={"y"})
    assert result.members == ("x", "y")
    assert result.index == 1
    assert "2 of 2 customers (100.0 %)" in result.reasons[0].detail


def test_seg_series_declared_loyal_counts() -> None:
    """SEG-SERIES: a customer loyal by declaration (too few purchases) is loyal."""
    declared = classify_attitude(["A"], declared="loyal")
    result = series_index({"x": C, "y": C}, attitudes={"x": declared})
    assert result.loyal == 1
    assert result.members == ("x",)
    assert result.index == Decimal("0.5")


def test_seg_series_not_loyal_attitudes_do_not_count() -> None:
    """SEG-SERIES: switching, no-loyalty and undecided customers are not in the series."""
    results = {
        "s": classify_attitude(list("AAABBB")),
        "n": classify_attitude(list("ACEBDB")),
        "u": classify_attitude([]),
    }
    result = series_index({"s": C, "n": C, "u": B}, attitudes=results)
    assert result.loyal == 0
    assert result.members == ()


def test_seg_series_accepts_an_abc_result_and_an_early_adopter_map() -> None:
    """SEG-SERIES: classify_abc's result and find_early_adopters' map plug straight in."""
    abc = classify_abc({"big": 800, "mid": 150, "small": 50})  # big is A (80 %)
    day = dt.date(2025, 3, 1)
    early = find_early_adopters(
        [Purchase("small", date=day, amount=50, product="p1")], [Launch("p1", date=day)]
    )
    result = series_index(abc, early_adopters=early)
    assert result.members == ("big", "small")
    assert result.early_adopters == 1
    assert result.index == Decimal(2) / Decimal(3)


def test_seg_series_early_adopters_given_twice_count_once() -> None:
    """SEG-SERIES: a customer listed twice among early adopters counts once."""
    result = series_index({"x": C, "y": C}, early_adopters=["x", "x"])
    assert result.early_adopters == 1
    assert result.index == Decimal("0.5")


def test_seg_series_shares_of_an_empty_base_are_zero() -> None:
    """SEG-SERIES: a SeriesIndex over no customers reports zero shares instead of dividing by 0."""
    empty = SeriesIndex(
        customers=0, loyal=0, early_adopters=0, a_class=0, members=(), index=Decimal(0), reasons=()
    )
    assert empty.loyal_share == 0
    assert empty.early_adopter_share == 0
    assert empty.a_class_share == 0


# --- errors ----------------------------------------------------------------------------------


def test_seg_series_empty_base_raises() -> None:
    """SEG-SERIES: an empty base has no index (EmptyInputError)."""
    with pytest.raises(EmptyInputError, match=r"^abc: expected at least one customer"):
        series_index({})


def test_seg_series_attitude_outside_base_raises() -> None:
    """SEG-SERIES: an attitude for a customer outside the base raises UnknownCustomerError."""
    with pytest.raises(UnknownCustomerError, match=r"^attitudes: customer 'zz' is not in"):
        series_index(BASE, attitudes={"zz": classify_attitude(list("AAAA"))})


def test_seg_series_early_adopter_outside_base_raises() -> None:
    """SEG-SERIES: an early adopter outside the base raises UnknownCustomerError (a KeyError)."""
    with pytest.raises(UnknownCustomerError, match=r"^early_adopters: customer 'zz' is not in"):
        series_index(BASE, early_adopters=["c1", "zz"])
    with pytest.raises(KeyError):
        series_index(BASE, early_adopters=["zz"])


@pytest.mark.parametrize("value", [[("c1", A)], None, "c1"])
def test_seg_series_abc_not_a_mapping_raises(value: object) -> None:
    """SEG-SERIES: the base must be a mapping of customer ID to class."""
    with pytest.raises(InvalidTypeError, match=r"^abc: expected a mapping"):
        series_index(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["c1", 5, None, (c for c in ["c1"])])
def test_seg_series_early_adopters_not_a_collection_raises(value: object) -> None:
    """SEG-SERIES: early_adopters must be a collection of IDs, not a string or iterator."""
    with pytest.raises(InvalidTypeError, match=r"^early_adopters: expected a collection"):
        series_index(BASE, early_adopters=value)  # type: ignore[arg-type]


def test_seg_series_early_adopters_as_bytes_raises() -> None:
    """SEG-SERIES: early_adopters given as bytes is refused like a string."""
    with pytest.raises(InvalidTypeError, match=r"^early_adopters: expected a collection"):
        series_index(BASE, early_adopters=b"c1")  # type: ignore[arg-type]


def test_seg_series_early_adopters_message_quotes_the_value() -> None:
    """SEG-SERIES: early_adopters given as one string is refused quoting that string."""
    with pytest.raises(InvalidTypeError) as caught:
        series_index(BASE, early_adopters="c1")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "early_adopters: expected a collection of customer IDs, got 'c1' (str)"
    )


@pytest.mark.parametrize("value", [["c1"], "c1"])
def test_seg_series_attitudes_not_a_mapping_raises(value: object) -> None:
    """SEG-SERIES: attitudes must be a mapping of customer ID to AttitudeResult."""
    with pytest.raises(InvalidTypeError, match=r"^attitudes: expected a mapping"):
        series_index(BASE, attitudes=value)  # type: ignore[arg-type]


def test_seg_series_attitude_value_not_a_result_raises() -> None:
    """SEG-SERIES: an attitude that is not an AttitudeResult raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^attitudes\['c1'\]: expected an AttitudeResult"):
        series_index(BASE, attitudes={"c1": "loyal"})


def test_seg_series_abc_value_not_a_class_raises() -> None:
    """SEG-SERIES: an ABC class that is not an AbcClass raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^abc"):
        series_index({"c1": "A", "c2": B})


def test_seg_series_abc_value_message_names_the_customer_and_the_value() -> None:
    """SEG-SERIES: a class given as the letter "A" is refused naming the customer and quoting it."""
    with pytest.raises(InvalidTypeError) as caught:
        series_index({"c1": "A", "c2": B})  # type: ignore[dict-item]
    assert str(caught.value) == "abc['c1']: expected an AbcClass, got 'A' (str)"


def test_seg_series_ignores_a_low_precision_caller_context() -> None:
    """SEG-SERIES: the index and its reason do not depend on the caller's decimal context."""
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        result = series_index({"x": A})
    assert result.index == 1
    assert "1 of 1 customer" in result.reasons[0].detail
    assert "(100.0 %)" in result.reasons[0].detail


# --- properties ------------------------------------------------------------------------------

IDS = st.sampled_from([f"c{i}" for i in range(12)])


@given(
    base=st.dictionaries(IDS, st.sampled_from(AbcClass), min_size=1),
    data=st.data(),
)
def test_seg_series_index_is_the_share_of_the_union(
    base: dict[str, AbcClass], data: st.DataObject
) -> None:
    """SEG-SERIES: members = loyal | early | A, and 0 <= index = |members| / |base| <= 1."""
    ids = sorted(base)
    early = data.draw(st.sets(st.sampled_from(ids)))
    loyal_ids = data.draw(st.sets(st.sampled_from(ids)))
    results = {cid: classify_attitude(list("AAAA" if cid in loyal_ids else "AB")) for cid in ids}
    result = series_index(base, attitudes=results, early_adopters=early)
    expected = loyal_ids | early | {cid for cid, cls in base.items() if cls is A}
    assert result.members == tuple(sorted(expected))
    assert 0 <= result.index <= 1
    assert abs(Fraction(result.index) - Fraction(len(expected), len(base))) < Fraction(1, 10**27)
    assert result.loyal == len(loyal_ids)
    assert result.early_adopters == len(early)
