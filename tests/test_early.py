"""SEG-EARLY: early adopters bought a new product within N days of its launch."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import (
    DuplicateError,
    EarlyAdopterPolicy,
    EmptyInputError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    Launch,
    Purchase,
    UnknownCustomerError,
    find_early_adopters,
)
from retention.segmentation import EarlyAdoption
from retention.testing import strategies as rst

LAUNCH = dt.date(2025, 3, 1)
P1 = Launch("p1", date=LAUNCH)


def on(days: int) -> dt.date:
    """The day ``days`` after the launch (negative: before it)."""
    return LAUNCH + dt.timedelta(days=days)


def buy(customer_id: str, day: dt.date, product: str | None = "p1") -> Purchase:
    """A purchase of ``product`` by ``customer_id`` on ``day``."""
    return Purchase(customer_id, date=day, amount="9.90", product=product)


# --- the window ------------------------------------------------------------------------------


def test_seg_early_launch_day_counts() -> None:
    """SEG-EARLY: a purchase on the launch day itself is early."""
    result = find_early_adopters([buy("c1", on(0))], [P1])
    assert "c1" in result
    assert result["c1"].products == ("p1",)


def test_seg_early_last_day_of_default_window_counts() -> None:
    """SEG-EARLY: launch + 29 days is day 30 of the default 30-day window, so early."""
    assert "c1" in find_early_adopters([buy("c1", on(29))], [P1])


def test_seg_early_day_after_default_window_does_not_count() -> None:
    """SEG-EARLY: launch + 30 days is day 31, outside the default window."""
    result = find_early_adopters([buy("c1", on(30))], [P1])
    assert "c1" not in result
    assert len(result) == 0


def test_seg_early_default_window_is_thirty_days() -> None:
    """SEG-EARLY: the default policy is a 30-day window with pre-orders counted."""
    policy = EarlyAdopterPolicy()
    assert policy.window_days == 30
    assert policy.include_preorders is True


@pytest.mark.parametrize(("window", "last_early"), [(1, 0), (7, 6), (90, 89)])
def test_seg_early_window_days_is_tunable(window: int, last_early: int) -> None:
    """SEG-EARLY: with window_days=N, launch + N-1 days is early and launch + N is not."""
    policy = EarlyAdopterPolicy(window_days=window)
    purchases = [buy("in", on(last_early)), buy("out", on(last_early + 1))]
    assert list(find_early_adopters(purchases, [P1], policy)) == ["in"]


# --- pre-orders --------------------------------------------------------------------------------


def test_seg_early_preorder_counts_by_default() -> None:
    """SEG-EARLY: a purchase before the launch day (a pre-order) is early by default."""
    result = find_early_adopters([buy("c1", on(-3))], [P1])
    assert result["c1"].products == ("p1",)


def test_seg_early_preorder_excluded_when_policy_says_so() -> None:
    """SEG-EARLY: with include_preorders=False a pre-order is not early, launch day still is."""
    policy = EarlyAdopterPolicy(include_preorders=False)
    result = find_early_adopters([buy("pre", on(-1)), buy("day0", on(0))], [P1], policy)
    assert list(result) == ["day0"]


# --- first purchase only -------------------------------------------------------------------


def test_seg_early_only_the_first_purchase_counts() -> None:
    """SEG-EARLY: a customer who first bought late is not early for buying again later."""
    late_then_again = [buy("c1", on(40)), buy("c1", on(45))]
    assert "c1" not in find_early_adopters(late_then_again, [P1])


def test_seg_early_first_purchase_decides_in_any_input_order() -> None:
    """SEG-EARLY: an early first purchase makes the customer early even if given last."""
    result = find_early_adopters([buy("c1", on(60)), buy("c1", on(5))], [P1])
    assert result["c1"].products == ("p1",)
    assert "on day 6 after its launch" in result["c1"].reasons[0].detail
    assert "2025-03-06" in result["c1"].reasons[0].detail


def test_seg_early_repeat_purchases_give_one_product_and_one_reason() -> None:
    """SEG-EARLY: buying a launched product three times in the window flags it once."""
    result = find_early_adopters([buy("c1", on(d)) for d in (2, 1, 3)], [P1])
    assert result["c1"].products == ("p1",)
    assert len(result["c1"].reasons) == 1


# --- what is ignored -------------------------------------------------------------------------


def test_seg_early_products_without_launch_are_ignored() -> None:
    """SEG-EARLY: a purchase of a product with no launch given never makes anyone early."""
    result = find_early_adopters([buy("c1", on(0), product="p9")], [P1])
    assert "c1" not in result


def test_seg_early_purchases_without_product_are_ignored() -> None:
    """SEG-EARLY: a purchase with product None is ignored."""
    result = find_early_adopters([buy("c1", on(0), product=None)], [P1])
    assert len(result) == 0


def test_seg_early_no_purchases_gives_no_adopters() -> None:
    """SEG-EARLY: launches with no purchases give an empty result, not an error."""
    assert dict(find_early_adopters([], [P1])) == {}


# --- several products ----------------------------------------------------------------------


def test_seg_early_several_products_sorted_with_one_reason_each() -> None:
    """SEG-EARLY: early for two launches lists both products sorted, one reason per product."""
    launches = [Launch("zeta", date=LAUNCH), Launch("alpha", date=on(100))]
    purchases = [
        buy("c1", on(3), product="zeta"),
        buy("c1", on(100), product="alpha"),
        buy("c2", on(3), product="alpha"),  # 97 days before alpha's launch: a pre-order
        buy("c3", on(50), product="zeta"),  # too late for zeta
    ]
    result = find_early_adopters(purchases, launches)
    assert list(result) == ["c1", "c2"]
    assert result["c1"].products == ("alpha", "zeta")
    assert [r.rule_id for r in result["c1"].reasons] == ["SEG-EARLY", "SEG-EARLY"]
    assert "'alpha'" in result["c1"].reasons[0].detail
    assert "'zeta'" in result["c1"].reasons[1].detail
    assert result["c2"].products == ("alpha",)


def test_seg_early_adopter_of_one_product_but_late_for_another() -> None:
    """SEG-EARLY: only the products bought within their own window are listed."""
    launches = [P1, Launch("p2", date=on(-100))]
    result = find_early_adopters([buy("c1", on(1)), buy("c1", on(1), product="p2")], launches)
    assert result["c1"].products == ("p1",)


# --- reasons -------------------------------------------------------------------------------


def test_seg_early_reason_names_rule_product_and_day() -> None:
    """SEG-EARLY: the reason names the rule, product, purchase day, launch and window."""
    result = find_early_adopters([buy("c1", on(29))], [P1])
    adoption = result["c1"]
    assert isinstance(adoption, EarlyAdoption)
    assert adoption.customer_id == "c1"
    (reason,) = adoption.reasons
    assert reason.rule_id == "SEG-EARLY"
    assert reason.detail.startswith("first bought 'p1' on 2025-03-30, on day 30 after its launch")
    assert "launch on 2025-03-01" in reason.detail
    assert "within the first 30 days" in reason.detail


def test_seg_early_launch_day_reason_says_day_one() -> None:
    """SEG-EARLY: a purchase on the launch day is day 1 of the window."""
    (reason,) = find_early_adopters([buy("c1", on(0))], [P1])["c1"].reasons
    assert "on day 1 after its launch on 2025-03-01" in reason.detail


@pytest.mark.parametrize(("before", "text"), [(1, "1 day before"), (3, "3 days before")])
def test_seg_early_preorder_reason_counts_days_before(before: int, text: str) -> None:
    """SEG-EARLY: a pre-order's reason says how many days before the launch it was."""
    (reason,) = find_early_adopters([buy("c1", on(-before))], [P1])["c1"].reasons
    assert f"{text} its launch on 2025-03-01 (pre-order)" in reason.detail


def test_seg_early_reason_shows_a_custom_window() -> None:
    """SEG-EARLY: the reason states the policy's window, not the default."""
    policy = EarlyAdopterPolicy(window_days=7)
    (reason,) = find_early_adopters([buy("c1", on(2))], [P1], policy)["c1"].reasons
    assert "within the first 7 days" in reason.detail


# --- the result mapping ------------------------------------------------------------------------


def test_seg_early_result_is_sorted_and_refuses_unknown_customers() -> None:
    """SEG-EARLY: the result iterates by customer ID; a non-adopter lookup is an error."""
    result = find_early_adopters([buy("c2", on(1)), buy("c1", on(2)), buy("c3", on(99))], [P1])
    assert list(result) == ["c1", "c2"]
    with pytest.raises(UnknownCustomerError, match=r"'c3' is not an early adopter"):
        result["c3"]
    with pytest.raises(TypeError, match="does not support item assignment"):
        result["c3"] = result["c1"]  # type: ignore[index]


def test_seg_early_takes_generators() -> None:
    """SEG-EARLY: purchases and launches may be one-shot iterators."""
    result = find_early_adopters((p for p in [buy("c1", on(0))]), iter([P1]))
    assert list(result) == ["c1"]


# --- input errors ------------------------------------------------------------------------------


def test_seg_early_duplicate_launch_raises_naming_the_product() -> None:
    """SEG-EARLY: two launches of one product raise DuplicateError naming it and both days."""
    with pytest.raises(DuplicateError, match=r"'p1' on 2025-03-01 and on 2025-04-01"):
        find_early_adopters([], [P1, Launch("p1", date=dt.date(2025, 4, 1))])


def test_seg_early_identical_launch_twice_is_a_duplicate() -> None:
    """SEG-EARLY: even the very same launch given twice is refused as a duplicate."""
    with pytest.raises(DuplicateError, match=r"^launches: expected one launch per product"):
        find_early_adopters([], [P1, P1])


def test_seg_early_no_launches_raises_empty_input() -> None:
    """SEG-EARLY: without any launch there is nothing to be early for."""
    with pytest.raises(EmptyInputError, match=r"^launches: expected at least one product launch"):
        find_early_adopters([buy("c1", on(0))], [])


def test_seg_early_refuses_a_non_launch() -> None:
    """SEG-EARLY: a launch that is not a Launch raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^launches: expected Launch items, got \('p1'"):
        find_early_adopters([], [("p1", LAUNCH)])  # type: ignore[list-item]


def test_seg_early_refuses_a_non_purchase() -> None:
    """SEG-EARLY: a purchase that is not a Purchase raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^purchases: expected Purchase items, got 'c1'"):
        find_early_adopters(["c1"], [P1])  # type: ignore[list-item]


def test_seg_early_refuses_a_non_policy() -> None:
    """SEG-EARLY: a policy that is not an EarlyAdopterPolicy raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^policy: expected an EarlyAdopterPolicy"):
        find_early_adopters([], [P1], {"window_days": 30})  # type: ignore[arg-type]


@pytest.mark.parametrize(("purchases", "launches"), [([], None), ([], P1), (None, [P1])])
def test_seg_early_refuses_a_non_iterable_argument(purchases: object, launches: object) -> None:
    """SEG-EARLY: a non-iterable purchases or launches raises InvalidTypeError naming it."""
    with pytest.raises(InvalidTypeError, match=r"^(purchases|launches): "):
        find_early_adopters(purchases, launches)  # type: ignore[arg-type]


def test_seg_early_non_iterable_launches_message_names_launch_items() -> None:
    """SEG-EARLY: launches=None is refused saying an iterable of Launch was expected."""
    with pytest.raises(InvalidTypeError) as caught:
        find_early_adopters([], None)  # type: ignore[arg-type]
    assert str(caught.value) == "launches: expected an iterable of Launch, got None (NoneType)"


# --- policy validation ---------------------------------------------------------------------


@pytest.mark.parametrize("value", [0, -1])
def test_seg_early_policy_refuses_window_below_one(value: int) -> None:
    """SEG-EARLY: window_days must be at least 1 (InvalidPolicyError naming it)."""
    with pytest.raises(
        InvalidPolicyError, match=rf"^window_days: expected an int from 1 to 365, got {value}"
    ):
        EarlyAdopterPolicy(window_days=value)


@pytest.mark.parametrize("value", [True, "30", 30.0, None])
def test_seg_early_policy_refuses_window_of_wrong_type(value: object) -> None:
    """SEG-EARLY: window_days must be an int, not a bool, string or float."""
    with pytest.raises(InvalidPolicyError, match=r"^window_days: expected an int from 1 to 365"):
        EarlyAdopterPolicy(window_days=value)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["yes", 1, 0, None])
def test_seg_early_policy_refuses_non_bool_preorders(value: object) -> None:
    """SEG-EARLY: include_preorders must be a bool (InvalidPolicyError naming it)."""
    with pytest.raises(InvalidPolicyError, match=r"^include_preorders: expected True or False"):
        EarlyAdopterPolicy(include_preorders=value)  # type: ignore[arg-type]


def test_seg_early_policy_is_keyword_only_and_frozen() -> None:
    """SEG-EARLY: the policy takes keywords only and cannot be changed afterwards."""
    with pytest.raises(TypeError, match="positional"):
        EarlyAdopterPolicy(7)  # type: ignore[misc]
    policy = EarlyAdopterPolicy(window_days=7)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.window_days = 8  # type: ignore[misc]
    assert attrs.evolve(policy, window_days=8).window_days == 8


def test_seg_early_evolve_validates_policy() -> None:
    """SEG-EARLY: attrs.evolve runs the same validation as construction."""
    with pytest.raises(InvalidPolicyError, match=r"^window_days: "):
        attrs.evolve(EarlyAdopterPolicy(), window_days=0)


# --- Launch validation ---------------------------------------------------------------------


def test_seg_early_launch_fields() -> None:
    """SEG-EARLY: a Launch holds a product and a launch day, given by keyword."""
    launch = Launch("p1", date=LAUNCH)
    assert (launch.product, launch.date) == ("p1", LAUNCH)
    with pytest.raises(TypeError, match="positional"):
        Launch("p1", LAUNCH)  # type: ignore[misc]


@pytest.mark.parametrize("value", ["", "  "])
def test_seg_early_launch_refuses_blank_product(value: str) -> None:
    """SEG-EARLY: a launch's product must be a non-empty string ID."""
    with pytest.raises(InvalidInputError, match=r"^product: expected a non-empty string ID"):
        Launch(value, date=LAUNCH)


@pytest.mark.parametrize("value", [None, 1])
def test_seg_early_launch_refuses_non_string_product(value: object) -> None:
    """SEG-EARLY: a launch's product of the wrong type raises InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^product: "):
        Launch(value, date=LAUNCH)  # type: ignore[arg-type]


@pytest.mark.parametrize("value", [dt.datetime(2025, 3, 1, tzinfo=dt.UTC), "2025-03-01", None])
def test_seg_early_launch_refuses_a_non_date(value: object) -> None:
    """SEG-EARLY: a launch day must be a datetime.date, not a datetime or a string."""
    with pytest.raises(InvalidTypeError, match=r"^date: expected a datetime.date"):
        Launch("p1", date=value)  # type: ignore[arg-type]


# --- properties ----------------------------------------------------------------------------


@given(
    purchases=rst.purchase_lists(),
    window=st.integers(1, 365),
    preorders=st.booleans(),
    data=st.data(),
)
def test_seg_early_matches_the_definition(
    *, purchases: list[Purchase], window: int, preorders: bool, data: st.DataObject
) -> None:
    """SEG-EARLY: the adopters are exactly those whose first purchase falls in the window."""
    launch = Launch(
        "p1", date=dt.date(2020, 1, 1) + dt.timedelta(days=data.draw(st.integers(0, 729)))
    )
    policy = EarlyAdopterPolicy(window_days=window, include_preorders=preorders)
    firsts: dict[str, dt.date] = {}
    for p in purchases:
        if p.product == "p1":
            firsts[p.customer_id] = min(p.date, firsts.get(p.customer_id, p.date))
    expected = set()
    for cid, first in firsts.items():
        days = (first - launch.date).days
        if (preorders or days >= 0) and days < window:
            expected.add(cid)
    shuffled = data.draw(st.permutations(purchases))
    result = find_early_adopters(shuffled, [launch], policy)
    assert set(result) == expected
    assert result == find_early_adopters(purchases, [launch], policy)


def test_seg_early_without_preorders_a_later_purchase_still_counts() -> None:
    """SEG-EARLY: with pre-orders excluded, a pre-order plus a day-2 purchase is early."""
    launch = Launch("Glow", date=dt.date(2025, 3, 1))
    purchases = [
        Purchase("c1", date=dt.date(2025, 2, 20), amount=10, product="Glow"),
        Purchase("c1", date=dt.date(2025, 3, 2), amount=10, product="Glow"),
    ]
    result = find_early_adopters(purchases, [launch], EarlyAdopterPolicy(include_preorders=False))
    assert result["c1"].products == ("Glow",)
    assert "day 2 after its launch" in result["c1"].reasons[0].detail
