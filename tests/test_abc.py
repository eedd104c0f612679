"""SEG-ABC and SEG-FOCUS: ABC classes by spend or by count."""

from __future__ import annotations

import datetime as dt
import decimal
import random
import re
from decimal import Decimal
from fractions import Fraction
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import (
    AbcClass,
    AbcPolicy,
    EmptyInputError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    Purchase,
    UnknownCustomerError,
    classify_abc,
    fit_abc,
    spend_totals,
)
from retention.segmentation import AbcBasis, Boundary
from retention.testing import strategies as rst

A, B, C = AbcClass.A, AbcClass.B, AbcClass.C


def oracle(totals: dict[str, Decimal], policy: AbcPolicy) -> dict[str, AbcClass]:
    """Classify straight from the definition in the issue, in exact fractions, O(n^2)."""
    spends = {cid: Fraction(s) for cid, s in totals.items()}
    total, n = sum(spends.values()), len(spends)
    a, b = Fraction(policy.a), Fraction(policy.b)
    result = {}
    for cid, s in spends.items():
        if s == 0:
            result[cid] = C
            continue
        if policy.basis is AbcBasis.COUNT:
            value, lim_a, lim_b, strict = sum(1 for t in spends.values() if t > s), a * n, b * n, 1
        elif policy.boundary is Boundary.UPPER:
            value, lim_a, lim_b, strict = (
                sum(t for t in spends.values() if t > s),
                a * total,
                b * total,
                1,
            )
        else:
            value, lim_a, lim_b, strict = (
                sum(t for t in spends.values() if t >= s),
                a * total,
                b * total,
                0,
            )
        below_a = value < lim_a if strict else value <= lim_a
        below_b = value < lim_b if strict else value <= lim_b
        result[cid] = A if below_a else B if below_b else C
    return result


# --- examples worked out by hand -------------------------------------------------------


def test_seg_abc_default_policy_cuts_80_15_5() -> None:
    """SEG-ABC: 800/150/50 of 1000 gives A, B, C; exactly 80 % before `mid` puts it in B."""
    result = classify_abc({"big": 800, "mid": 150, "small": 50})
    assert dict(result) == {"big": A, "mid": B, "small": C}
    assert result.cutoffs.a_cutoff == 800
    assert result.cutoffs.b_cutoff == 150
    assert result.cutoffs.total == 1000


def test_seg_abc_upper_boundary_puts_crossing_customer_in_a() -> None:
    """SEG-ABC: under "upper" the customer who crosses the 80 % line is in A."""
    # G(x)=0, G(y)=500 < 800 (y crosses: 900), G(z)=900 >= 800 but < 950.
    result = classify_abc({"x": 500, "y": 400, "z": 100})
    assert dict(result) == {"x": A, "y": A, "z": B}
    assert result.row(A).spend == 900  # A holds at least 80 %


def test_seg_abc_inclusive_boundary_keeps_a_within_the_line() -> None:
    """SEG-ABC: under "inclusive" (SAP/OCA) A only holds customers within a*T, ties included."""
    # G'(x)=500 <= 800 -> A; G'(y)=900 > 800, <= 950 -> B; G'(z)=1000 > 950 -> C.
    policy = AbcPolicy.by_spend(boundary="inclusive")
    result = classify_abc({"x": 500, "y": 400, "z": 100}, policy)
    assert dict(result) == {"x": A, "y": B, "z": C}


def test_seg_abc_ties_never_split_upper() -> None:
    """SEG-ABC: three equal spenders straddling the 80 % line all land in A under "upper"."""
    result = classify_abc({"p": 300, "q": 300, "r": 300, "s": 100})
    assert dict(result) == {"p": A, "q": A, "r": A, "s": B}


def test_seg_abc_ties_never_split_inclusive_can_empty_a() -> None:
    """SEG-ABC: under "inclusive" a tie group that overshoots the line leaves A empty."""
    # G'(300) = 900 > 800 but <= 950: all three are B; G'(100) = 1000 > 950: C.
    policy = AbcPolicy.by_spend(boundary=Boundary.INCLUSIVE)
    result = classify_abc({"p": 300, "q": 300, "r": 300, "s": 100}, policy)
    assert dict(result) == {"p": B, "q": B, "r": B, "s": C}
    assert result.cutoffs.a_cutoff is None
    assert result.row(A).customers == 0
    assert result.row(A).lowest_spend is None


def test_seg_abc_by_count_top_20_next_30() -> None:
    """SEG-ABC: by count, N(c) < 0.2n is A and N(c) < 0.5n is B."""
    totals = {f"c{i}": 11 - i for i in range(1, 11)}  # c1 spends 10, ..., c10 spends 1
    result = classify_abc(totals, AbcPolicy.by_count())
    assert [result[f"c{i}"] for i in range(1, 11)] == [A, A, B, B, B, C, C, C, C, C]


def test_seg_abc_by_count_ties_share_the_better_class() -> None:
    """SEG-ABC: by count, customers tied with the last A customer are A too."""
    totals = {"a": 9, "b": 5, "c": 5, "d": 5, "e": 1}  # N(5) = 1 < 0.2*5 = 1? no: 1 < 1 false
    result = classify_abc(totals, AbcPolicy.by_count(a="0.4", b="0.9"))
    # a*n = 2: N(9)=0 -> A, N(5)=1 < 2 -> A (all three), N(1)=4 < 4.5 -> B
    assert dict(result) == {"a": A, "b": A, "c": A, "d": A, "e": B}


def test_seg_abc_zero_spend_is_always_c() -> None:
    """SEG-ABC: a customer with zero spend is C even where the count rule would say B."""
    # n=2, b*n = 1.8: N(z) = 1 < 1.8 would be B.
    result = classify_abc({"a": 100, "z": 0}, AbcPolicy.by_count(a="0.5", b="0.9"))
    assert dict(result) == {"a": A, "z": C}
    assert result.cutoffs.b_cutoff is None


def test_seg_abc_a_signed_zero_spend_is_zero() -> None:
    """SEG-ABC: a spend of Decimal("-0") is read as zero, as "-0" and -0.0 are."""
    for zero in (Decimal("-0"), "-0", -0.0):
        result = classify_abc({"a": zero, "b": 5})
        spend = result.totals["a"]
        assert (spend, spend.is_signed()) == (0, False)
        assert result.explain("a")[0].detail.startswith(("spend 0 ranks", "spend 0.0 ranks"))


def test_seg_abc_compares_exactly_whatever_the_callers_decimal_context() -> None:
    """SEG-ABC: sums and lines are exact even when the caller's context has 3 digits."""
    totals = {"x": Decimal("800.01"), "y": Decimal("149.99"), "z": Decimal("50.00")}
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        result = classify_abc(totals)
    # T = 1000.00 exactly; G(y) = 800.01 >= 800 -> B; G(z) = 950.00 >= 950 -> C.
    assert dict(result) == {"x": A, "y": B, "z": C}
    assert result.cutoffs.total == Decimal("1000.00")


def test_seg_abc_sums_exactly_under_a_three_digit_caller_context_near_the_b_line() -> None:
    """SEG-ABC: a 3-digit caller context rounds neither 949.99 onto the 95 % line nor a sum."""
    totals = {"x": Decimal("800.01"), "y": Decimal("149.98"), "z": Decimal("50.01")}
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        result = classify_abc(totals)
        spends = [result.row(abc_class).spend for abc_class in (A, B, C)]
    # T = 1000.00; G(y) = 800.01 >= 800 -> B; G(z) = 949.99 < 950 -> B (rounded: 950 -> C).
    assert dict(result) == {"x": A, "y": B, "z": B}
    assert str(result.cutoffs.total) == "1000.00"
    # A = {x}: 800.01; B = {y, z}: 149.98 + 50.01 = 199.99; C is empty.
    assert spends == [Decimal("800.01"), Decimal("199.99"), 0]


def test_seg_abc_inclusive_b_of_one_keeps_the_smallest_spender_in_b() -> None:
    """SEG-ABC: with b = 1 and the inclusive boundary, every positive spender is A or B."""
    result = classify_abc({"x": 90, "y": 9, "z": 1}, AbcPolicy.by_spend(b=1, boundary="inclusive"))
    # G'(z) = spend of customers spending >= 1 = 100 <= 1 * 100 -> B; lowest B spend = 1.
    assert result["z"] is B
    assert result.cutoffs.b_cutoff == 1


def test_seg_abc_accepts_ints_strings_and_floats_as_spend() -> None:
    """SEG-ABC: spends may be ints, decimal strings or floats (read as typed)."""
    result = classify_abc({"x": 19.99, "y": "5.01", "z": 0})
    assert result.totals["x"] == Decimal("19.99")
    # T = 25.00, a*T = 20: G(y) = 19.99 < 20 -> A (y crosses the line); z spends 0 -> C.
    assert dict(result) == {"x": A, "y": A, "z": C}


def test_seg_abc_summary_rows_count_and_share() -> None:
    """SEG-ABC: the table gives each class's customers, spend and shares."""
    result = classify_abc({"x": 500, "y": 400, "z": 100})
    a_row, b_row, c_row = result.summary
    assert (a_row.customers, a_row.spend, a_row.share_of_spend) == (2, 900, Decimal("0.9"))
    assert (b_row.customers, b_row.spend, b_row.share_of_spend) == (1, 100, Decimal("0.1"))
    assert (c_row.customers, c_row.spend) == (0, 0)
    assert a_row.share_of_customers == Fraction(2, 3).numerator / Decimal(3)
    assert a_row.lowest_spend == 400


def test_seg_abc_summary_html_shows_the_three_rows_and_no_more() -> None:
    """SEG-ABC: the summary table of five customers has its three class rows and no "more" line."""
    result = classify_abc({"a": 1, "b": 2, "c": 3, "d": 4, "e": 5})
    html = result.to_html(table="summary")
    assert html.count("<tr><td>") == 3
    assert "more row" not in html
    assert "<tfoot>" not in html


def test_seg_abc_explain_gives_rule_and_figures() -> None:
    """SEG-ABC, SEG-FOCUS: explain() names both rules and the figures that decided."""
    result = classify_abc({"big": 800, "mid": 150, "small": 50})
    abc_reason, focus = result.explain("mid")
    assert abc_reason.rule_id == "SEG-ABC"
    # G(mid) = 800 of T = 1000: 80 %, not under the A line 80 %, under the B line 95 %.
    assert (
        "customers who spent more hold 80 % of total spend 1,000, "
        "at or over the A line 80 %, under the B line 95 %"
    ) in abc_reason.detail
    assert "ranks 2 of 3" in abc_reason.detail
    assert "80 %" in abc_reason.detail
    assert "class B" in abc_reason.detail
    assert focus.rule_id == "SEG-FOCUS"
    assert "take care of" in focus.detail


def test_seg_abc_explain_inclusive_and_count_and_zero() -> None:
    """SEG-ABC: explain() words the inclusive, count and zero-spend cases."""
    inclusive = classify_abc(
        {"x": 500, "y": 400, "z": 100}, AbcPolicy.by_spend(boundary="inclusive")
    )
    assert "at least as much hold 90 %" in inclusive.explain("y")[0].detail
    assert "over the A line 80 %, within the B line 95 %" in inclusive.explain("y")[0].detail
    by_count = classify_abc({"a": 9, "b": 1}, AbcPolicy.by_count())
    assert "1 customer spent more" in by_count.explain("b")[0].detail
    assert "under the A line 20 %" in by_count.explain("a")[0].detail
    zero = classify_abc({"a": 9, "z": 0})
    assert "zero spend is always class C" in zero.explain("z")[0].detail


def test_seg_focus_orders_a_before_b_before_c() -> None:
    """SEG-FOCUS: classes sort by priority, A first, and say what the store owes each."""
    assert sorted([C, A, B]) == [A, B, C]
    assert A < B < C
    assert A <= A
    assert C >= A
    assert [c.rank for c in (A, B, C)] == [0, 1, 2]
    assert "win and hold" in A.focus
    assert "lowest cost" in C.focus
    assert A.__lt__("A") is NotImplemented


def test_seg_focus_no_class_comes_before_itself() -> None:
    """SEG-FOCUS: priority is strict: a class is never ahead of itself."""
    assert not A < A
    assert not B < B
    assert not C > C
    assert not B > B


def test_seg_abc_unknown_customer_is_a_key_error() -> None:
    """SEG-ABC: asking for a customer not in the base raises UnknownCustomerError."""
    result = classify_abc({"x": 1})
    with pytest.raises(UnknownCustomerError, match="'nobody'"):
        result["nobody"]
    with pytest.raises(KeyError):
        result.explain("nobody")
    assert "nobody" not in result
    assert "x" in result


def test_seg_abc_result_iterates_in_customer_id_order() -> None:
    """SEG-ABC: the result is a read-only mapping iterated by customer ID."""
    result = classify_abc({"z": 1, "a": 2, "m": 3})
    assert list(result) == ["a", "m", "z"]
    assert len(result) == 3
    with pytest.raises(TypeError):
        result["a"] = C  # type: ignore[index]


# --- fit, then apply -------------------------------------------------------------------


def test_seg_abc_fit_then_classify_each_customer_alone() -> None:
    """SEG-ABC: fit once on the whole base, classify each customer alone: same answer."""
    totals = {"x": 500, "y": 400, "z": 100, "w": 0}
    cutoffs = fit_abc(totals)
    result = classify_abc(totals)
    assert {cid: cutoffs.classify(s) for cid, s in totals.items()} == dict(result)
    assert cutoffs == result.cutoffs


def test_seg_abc_cutoffs_classify_validates_spend() -> None:
    """SEG-ABC: a single spend is checked like any amount."""
    cutoffs = fit_abc({"x": 10})
    assert cutoffs.classify(Decimal(11)) is A
    assert cutoffs.classify("0") is C
    with pytest.raises(InvalidInputError, match="spend"):
        cutoffs.classify(-1)
    with pytest.raises(InvalidInputError, match="spend"):
        cutoffs.classify(Decimal("NaN"))
    with pytest.raises(InvalidTypeError, match="spend"):
        cutoffs.classify(None)  # type: ignore[arg-type]


# --- policies --------------------------------------------------------------------------


def test_seg_abc_default_policy_is_spend_80_95_upper() -> None:
    """SEG-ABC: AbcPolicy() is the spend policy with 0.80 / 0.95 and the upper boundary."""
    policy = AbcPolicy()
    assert (policy.basis, policy.a, policy.b, policy.boundary) == (
        AbcBasis.SPEND,
        Decimal("0.80"),
        Decimal("0.95"),
        Boundary.UPPER,
    )
    assert AbcPolicy.by_spend() == policy
    assert AbcPolicy.by_count() == AbcPolicy(basis="count", a="0.20", b="0.50")  # type: ignore[arg-type]
    assert policy.describe() == "spend 80 % / 95 %, upper"
    assert AbcPolicy.by_count().describe() == "count 20 % / 50 % of customers"


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"a": "0.9", "b": "0.8"}, "0 < a < b <= 1"),
        ({"a": "0.8", "b": "0.8"}, "0 < a < b <= 1"),
        ({"a": "0", "b": "0.5"}, "a: expected a share"),
        ({"a": "0.5", "b": "1.01"}, "b: expected a share"),
        ({"a": "1", "b": "1"}, "a: expected a share"),
        ({"a": "lots", "b": "0.9"}, "a: expected"),
        ({"a": float("nan"), "b": "0.9"}, "a: expected"),
        ({"a": True, "b": "0.9"}, "a: expected"),
        ({"boundary": "lower"}, "boundary: expected 'upper' or 'inclusive'"),
    ],
)
def test_seg_abc_policy_refuses_bad_lines(kwargs: dict[str, object], match: str) -> None:
    """SEG-ABC: cut-offs must satisfy 0 < a < b <= 1; bad values name the field."""
    with pytest.raises(InvalidPolicyError, match=match):
        AbcPolicy.by_spend(**kwargs)  # type: ignore[arg-type]


def test_seg_abc_policy_refuses_unknown_basis() -> None:
    """SEG-ABC: the basis is spend or count."""
    with pytest.raises(InvalidPolicyError, match="basis: expected 'spend' or 'count'"):
        AbcPolicy(basis="margin")  # type: ignore[arg-type]


def test_seg_abc_b_may_be_one() -> None:
    """SEG-ABC: b = 1 puts every positive spender in A or B."""
    result = classify_abc({"x": 90, "y": 9, "z": 1, "w": 0}, AbcPolicy.by_spend(b=1))
    assert dict(result) == {"x": A, "y": B, "z": B, "w": C}
    inclusive = classify_abc(
        {"x": 90, "y": 9, "z": 1, "w": 0}, AbcPolicy.by_spend(b=1, boundary="inclusive")
    )
    assert dict(inclusive) == {"x": B, "y": B, "z": B, "w": C}


# --- bad input -------------------------------------------------------------------------


def test_seg_abc_refuses_empty_and_zero_totals() -> None:
    """SEG-ABC: nothing to rank is an error, not an empty or arbitrary answer."""
    with pytest.raises(EmptyInputError, match="at least one customer"):
        classify_abc({})
    with pytest.raises(EmptyInputError, match="positive total spend"):
        classify_abc({"x": 0, "y": "0.00"})
    with pytest.raises(EmptyInputError):
        fit_abc({})


def test_seg_abc_zero_total_message_counts_the_customers() -> None:
    """SEG-ABC: a zero total is refused saying how many customers spent 0."""
    with pytest.raises(EmptyInputError) as caught:
        classify_abc({"x": 0, "y": "0.00"})
    assert str(caught.value).endswith("got 2 customers spending 0")


@pytest.mark.parametrize(
    ("totals", "error", "match"),
    [
        ([("x", 1)], InvalidTypeError, "totals: expected a mapping"),
        ({1: 5}, InvalidTypeError, "totals key"),
        ({"": 5}, InvalidInputError, "totals key"),
        ({"x": -1}, InvalidInputError, r"totals\['x'\]"),
        ({"x": Decimal("NaN")}, InvalidInputError, r"totals\['x'\]"),
        ({"x": float("inf")}, InvalidInputError, r"totals\['x'\]"),
        ({"x": True}, InvalidTypeError, r"totals\['x'\]"),
        ({"x": None}, InvalidTypeError, r"totals\['x'\]"),
    ],
)
def test_seg_abc_refuses_bad_totals(totals: object, error: type[Exception], match: str) -> None:
    """SEG-ABC: a bad spend or key raises a RetentionError naming where it is."""
    with pytest.raises(error, match=match):
        classify_abc(totals)  # type: ignore[arg-type]


def test_seg_abc_non_mapping_totals_message_quotes_the_value() -> None:
    """SEG-ABC: totals that are not a mapping are refused quoting what arrived."""
    with pytest.raises(InvalidTypeError) as caught:
        classify_abc([("x", 1)])  # type: ignore[arg-type]
    assert str(caught.value) == (
        "totals: expected a mapping of customer ID to spend, got [('x', 1)] (list)"
    )


def test_seg_abc_refuses_a_policy_of_the_wrong_type() -> None:
    """SEG-ABC: the policy must be an AbcPolicy."""
    with pytest.raises(InvalidTypeError, match="policy: expected an AbcPolicy"):
        classify_abc({"x": 1}, "80/20")  # type: ignore[arg-type]


# --- properties ------------------------------------------------------------------------


@given(rst.spend_totals(), rst.abc_policies())
def test_seg_abc_matches_the_definition(totals: dict[str, Decimal], policy: AbcPolicy) -> None:
    """SEG-ABC: every class equals the issue's formula computed literally in fractions."""
    assert dict(classify_abc(totals, policy)) == oracle(totals, policy)


@given(rst.spend_totals(), rst.abc_policies())
def test_seg_abc_is_a_partition(totals: dict[str, Decimal], policy: AbcPolicy) -> None:
    """SEG-ABC: every customer is in exactly one class; the rows add up to the base."""
    result = classify_abc(totals, policy)
    assert set(result) == set(totals)
    assert sum(row.customers for row in result.summary) == len(totals)
    assert sum(row.spend for row in result.summary) == sum(totals.values())


@given(rst.spend_totals(), rst.abc_policies())
def test_seg_abc_more_spend_never_lower_class(
    totals: dict[str, Decimal], policy: AbcPolicy
) -> None:
    """SEG-ABC: a customer who spent more is never in a lower class; ties share a class."""
    result = classify_abc(totals, policy)
    for x, spend_x in totals.items():
        for y, spend_y in totals.items():
            if spend_x > spend_y:
                assert result[x] <= result[y]
            if spend_x == spend_y:
                assert result[x] is result[y]


@given(rst.spend_totals(), rst.abc_policies(), st.randoms(use_true_random=False))
def test_seg_abc_input_order_never_matters(
    totals: dict[str, Decimal], policy: AbcPolicy, rng: random.Random
) -> None:
    """SEG-ABC: shuffling the input gives an equal result, in the same iteration order."""
    items = list(totals.items())
    rng.shuffle(items)
    first, second = classify_abc(totals, policy), classify_abc(dict(items), policy)
    assert first == second
    assert list(first.items()) == list(second.items())
    assert first.summary == second.summary


@given(rst.spend_totals(), rst.abc_policies(), st.integers(1, 10_000), st.integers(0, 4))
def test_seg_abc_scaling_all_amounts_changes_nothing(
    totals: dict[str, Decimal], policy: AbcPolicy, numerator: int, places: int
) -> None:
    """SEG-ABC: multiplying every spend by the same positive factor keeps every class."""
    factor = Decimal(numerator).scaleb(-places)
    scaled = {cid: s * factor for cid, s in totals.items()}
    assert dict(classify_abc(scaled, policy)) == dict(classify_abc(totals, policy))


@given(rst.spend_totals(), st.integers(1, 98), st.data())
def test_seg_abc_upper_a_holds_at_least_a_share(
    totals: dict[str, Decimal], a: int, data: st.DataObject
) -> None:
    """SEG-ABC: under "upper", class A holds at least a*T and A-or-B at least b*T."""
    b = data.draw(st.integers(a + 1, 100))
    policy = AbcPolicy.by_spend(a=Decimal(a).scaleb(-2), b=Decimal(b).scaleb(-2))
    result = classify_abc(totals, policy)
    total = sum(totals.values())
    assert result.row(A).spend >= policy.a * total
    assert result.row(A).spend + result.row(B).spend >= policy.b * total


@given(rst.spend_totals(), st.integers(1, 98), st.data())
def test_seg_abc_inclusive_a_holds_at_most_a_share(
    totals: dict[str, Decimal], a: int, data: st.DataObject
) -> None:
    """SEG-ABC: under "inclusive", class A holds at most a*T and A-or-B at most b*T."""
    b = data.draw(st.integers(a + 1, 100))
    policy = AbcPolicy.by_spend(
        a=Decimal(a).scaleb(-2), b=Decimal(b).scaleb(-2), boundary="inclusive"
    )
    result = classify_abc(totals, policy)
    total = sum(totals.values())
    assert result.row(A).spend <= policy.a * total
    assert result.row(A).spend + result.row(B).spend <= policy.b * total


@given(rst.spend_totals(), rst.abc_policies())
def test_seg_abc_fit_apply_equals_classify(totals: dict[str, Decimal], policy: AbcPolicy) -> None:
    """SEG-ABC: cut-offs fitted on the base classify every customer as classify_abc does."""
    cutoffs = fit_abc(totals, policy)
    expected = classify_abc(totals, policy)
    assert {cid: cutoffs.classify(s) for cid, s in totals.items()} == dict(expected)
    for abc_class in AbcClass:
        assert (
            expected.row(abc_class).lowest_spend
            == {
                A: cutoffs.a_cutoff,
                B: cutoffs.b_cutoff,
                C: expected.row(C).lowest_spend,
            }[abc_class]
        )


@given(rst.spend_totals(), rst.abc_policies())
def test_seg_abc_every_customer_is_explained(totals: dict[str, Decimal], policy: AbcPolicy) -> None:
    """SEG-ABC, SEG-FOCUS: explain() gives both rules and names the customer's class."""
    result = classify_abc(totals, policy)
    for cid, abc_class in result.items():
        reasons = result.explain(cid)
        assert [r.rule_id for r in reasons] == ["SEG-ABC", "SEG-FOCUS"]
        assert f"class {abc_class.value}" in reasons[0].detail


def test_seg_abc_on_totals_with_more_than_four_places() -> None:
    """SEG-ABC: totals summed as exact Decimals (amounts past 4 places) classify the same."""
    day = dt.date(2025, 1, 1)
    amounts = {"x": "500.00001", "y": "400", "z": "99.99999"}
    totals = spend_totals([Purchase(c, date=day, amount=a) for c, a in amounts.items()])
    result = classify_abc(totals)
    # T = 1000 exactly; G(y) = 500.00001 < 800 -> A; G(z) = 900.00001 -> B.
    assert dict(result) == {"x": A, "y": A, "z": B}
    assert result.cutoffs.total == Decimal(1000)
    assert "ranks 3 of 3" in result.explain("z")[0].detail


@given(rst.purchase_lists(min_size=1, max_size=60, customers=15), rst.abc_policies())
def test_seg_abc_on_spend_totals_matches_the_definition(
    purchases: list[Purchase], policy: AbcPolicy
) -> None:
    """SEG-ABC: totals from spend_totals (exact integer units) classify as the definition says."""
    totals = spend_totals(purchases)
    plain = dict(totals)  # the Decimal values, through the public mapping
    if not sum(plain.values()):
        return  # nothing to rank; the refusal is tested elsewhere
    result = classify_abc(totals, policy)
    assert dict(result) == oracle(plain, policy)
    assert result == classify_abc(plain, policy)
    assert result.summary == classify_abc(plain, policy).summary
    assert fit_abc(totals, policy) == result.cutoffs


def test_row_takes_a_class_or_its_value_and_names_a_bad_one() -> None:
    """SEG-ABC: result.row("A") is the A row; row("Z") or row(set()) is an InvalidInputError."""
    result = classify_abc({"a": Decimal(100), "b": Decimal(5)})
    assert result.row("A") == result.row(A)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError) as caught:
        result.row("Z")  # type: ignore[arg-type]
    assert str(caught.value) == "abc_class: expected 'A', 'B' or 'C', got 'Z' (str)"
    with pytest.raises(InvalidInputError, match=r"^abc_class: expected 'A', 'B' or 'C', got set"):
        result.row(set())  # type: ignore[arg-type]


def test_explain_refuses_a_customer_id_that_is_not_a_string() -> None:
    """SEG-ABC: explain([]) names customer_id (not an unhashable-type TypeError)."""
    result = classify_abc({"a": Decimal(100), "b": Decimal(5)})
    with pytest.raises(InvalidTypeError) as caught:
        result.explain([])  # type: ignore[arg-type]
    assert str(caught.value) == "customer_id: expected a str, got [] (list)"
    with pytest.raises(UnknownCustomerError):
        result.explain("")


@pytest.mark.parametrize(
    ("bad", "error", "named"),
    [
        ({"c1": Decimal(5), " ": Decimal(1)}, InvalidInputError, "totals key"),
        ({"c1": Decimal(5), "c2": Decimal("NaN")}, InvalidInputError, "totals['c2']"),
        ({"c1": Decimal(5), "c2": Decimal(-1)}, InvalidInputError, "totals['c2']"),
        ({"c1": Decimal(5), 7: Decimal(1)}, InvalidTypeError, "totals key"),
        ({"c1": Decimal(5), "c2": Decimal("Infinity")}, InvalidInputError, "totals['c2']"),
        ({"c1": Decimal(5), "c2": Decimal("-Infinity")}, InvalidInputError, "totals['c2']"),
        ({"c1": Decimal("sNaN")}, InvalidInputError, "totals['c1']"),
    ],
)
def test_seg_abc_a_plain_dict_with_a_bad_entry_is_checked_the_careful_way(
    bad: dict[object, Decimal], error: type[Exception], named: str
) -> None:
    """SEG-ABC: a plain dict with a bad entry goes the careful way, which names the entry."""
    with pytest.raises(error, match=re.escape(named)):
        classify_abc(bad)  # type: ignore[arg-type]


def test_seg_abc_a_plain_dict_and_a_mapping_of_it_classify_alike() -> None:
    """SEG-ABC: a plain dict (the fast check) and any other mapping give equal classes."""
    totals = {f"c{i}": Decimal(i * 7 % 23) for i in range(40)}
    assert dict(classify_abc(totals)) == dict(classify_abc(MappingProxyType(totals)))


def test_seg_abc_a_plain_dict_with_signed_zeros_reads_them_as_zero() -> None:
    """SEG-ABC: -0 among a plain dict's zeros goes the careful way and counts as zero."""
    totals = {"c1": Decimal(5), "c2": Decimal(0), "c3": Decimal("-0"), "c4": Decimal("0.0")}
    result = classify_abc(totals)
    assert result.totals["c3"] == 0
    assert not result.totals["c3"].is_signed()
    assert result["c3"] is C
