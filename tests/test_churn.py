"""CHURN-*: overdue rhythm, BG/NBD P(alive), likely reasons and win-back contacts.

Expected values are worked out by hand from RULES.md and the BG/NBD paper:

* P(alive) (Fader, Hardie & Lee 2005, eq. 12) with the CDNOW fit r=0.243, alpha=4.414,
  a=0.793, b=2.426 (weeks): the paper's and the issue's vectors, to 5e-7.
* CHURN-NOSURPRISE, default policy: with 3 or more purchase days, overdue when the days
  since the last purchase exceed 2 x the median gap between purchase days (strictly:
  exactly at the limit is not overdue); with fewer, after more than 180 days.
  2025-01-01, 01-31, 03-02: gaps 30 and 30, median 30, limit 60; 03-02 + 60 = 05-01.
* CHURN-REASONS weights: complaint cause product quality 3 (quality decline), staff
  service 3 and expectation gap 2 (bad service), a reopened or open case 2 (bad service),
  a host-flagged undercut category 3 (price undercut), the last 3 purchases out of the
  earlier main category 2 (needs changed), a low survey item 2 (its topic's reason).
* CHURN-WINBACK: a win-back anchored on the last purchase, due the day after ``as_of``,
  a call for class A and a message for the others, contact ID
  ``"{customer}/CHURN-WINBACK/{last purchase}"``.
* Calendar: China 2025; March 2025 has no holiday, 2025-03-10 is a Monday.
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections import defaultdict
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caps import assert_within_caps
from retention import (
    DuplicateError,
    EmptyInputError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    RetentionError,
    StoreCalendar,
    StoreHours,
    UnknownCustomerError,
)
from retention.cadence import (
    Channel,
    ContactDecision,
    ContactPlan,
    ContactRecord,
    CustomerProfile,
    OptOut,
    Purpose,
    StaffMember,
    Status,
    SuppressReason,
    WinBack,
    plan_contacts,
)
from retention.churn import (
    BgNbdParams,
    ChurnPolicy,
    ChurnReason,
    ChurnReport,
    LikelyReason,
    Overdue,
    RfmSummary,
    Signal,
    early_warning,
    likely_reasons,
    overdue,
    p_alive,
    rfm_summary,
)
from retention.complaints import (
    Apologised,
    Case,
    Cause,
    CauseDiagnosed,
    Closed,
    Complaint,
    ComplaintChannel,
    Event,
    FollowedUp,
    Listened,
    Option,
    Recorded,
    Remedy,
    ResolutionProposed,
    Resolved,
)
from retention.customers import Purchase
from retention.rules import Reason
from retention.satisfaction import (
    Item,
    ItemAnswer,
    Response,
    SatisfactionPolicy,
    Scale,
    Survey,
)
from retention.segmentation import AbcClass
from retention.testing import strategies as rst
from retention.testing.strategies import StoreInputs

CDNOW = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
CN = StoreCalendar.build("CN", years=[2025, 2026])
CN_HOURS = StoreHours(CN, timezone="Asia/Shanghai")
TOLERANCE = 5e-7


def d(text: str) -> dt.date:
    """The date written as ``YYYY-MM-DD``."""
    return dt.date.fromisoformat(text)


def days_of(*texts: str) -> list[dt.date]:
    """The dates written as ``YYYY-MM-DD``."""
    return [d(text) for text in texts]


def buy(customer_id: str, day: str, category: str | None = None, amount: str = "10") -> Purchase:
    """A purchase by ``customer_id`` on ``day``, optionally in ``category``."""
    return Purchase(customer_id, date=d(day), amount=amount, category=category)


def buys(customer_id: str, *days: str) -> list[Purchase]:
    """One purchase by ``customer_id`` on each of ``days``."""
    return [buy(customer_id, day) for day in days]


def rule_ids(reasons: Iterable[Any]) -> list[str]:
    """The rule IDs of ``reasons``, in order."""
    return [reason.rule_id for reason in reasons]


# --- complaint cases ----------------------------------------------------------------------

REPAIR = Option(Remedy.REPAIR)


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A wall-clock instant in Shanghai in September 2025."""
    return dt.datetime(2025, 9, day, hour, minute, tzinfo=CN_HOURS.zone)


def complaint(
    complaint_id: str, customer: str = "c1", received: dt.datetime | None = None
) -> Complaint:
    """A complaint by ``customer`` received on Monday 2025-09-15 10:00 (or ``received``)."""
    return Complaint(
        complaint_id,
        customer_id=customer,
        received_at=at(15, 10) if received is None else received,
        channel=ComplaintChannel.IN_STORE,
        summary="The kettle leaks.",
    )


def handled(complaint_id: str, cause: Cause) -> list[Event]:
    """Steps 1-5 of ``complaint_id`` on 2025-09-15, diagnosing ``cause``."""
    return [
        Listened(complaint_id, at=at(15, 10, 10)),
        Apologised(complaint_id, at=at(15, 10, 20)),
        CauseDiagnosed(
            complaint_id,
            at=at(15, 10, 40),
            cause=cause,
            note="the box was dented" if cause is Cause.OTHER else None,
        ),
        ResolutionProposed(
            complaint_id, at=at(15, 11), options=(REPAIR,), chosen=REPAIR, role="clerk"
        ),
        Resolved(complaint_id, at=at(15, 12)),
    ]


def closed_case(complaint_id: str, cause: Cause, customer: str = "c1") -> Case:
    """A case that went through all six steps, diagnosed as ``cause``, and closed."""
    events = [
        *handled(complaint_id, cause),
        FollowedUp(complaint_id, at=at(17, 10), satisfied=True),
        Recorded(complaint_id, at=at(17, 11), details="Repaired.", lesson="Test before sale."),
        Closed(complaint_id, at=at(17, 12)),
    ]
    return Case.open(complaint(complaint_id, customer), hours=CN_HOURS, events=events)


def reopened_case(complaint_id: str, cause: Cause, customer: str = "c1") -> Case:
    """A case resolved and then reopened by an unhappy follow-up (one failure)."""
    events = [
        *handled(complaint_id, cause),
        FollowedUp(complaint_id, at=at(17, 10), satisfied=False),
    ]
    return Case.open(complaint(complaint_id, customer), hours=CN_HOURS, events=events)


def open_case(complaint_id: str, customer: str = "c1", received: dt.datetime | None = None) -> Case:
    """A case just received: no cause yet, still open."""
    return Case.open(complaint(complaint_id, customer, received), hours=CN_HOURS)


def survey(*answers: tuple[str, ItemAnswer]) -> Survey:
    """A 1..5 survey of price, service, quality, range and store items; ``(who, answer)`` pairs."""
    by_respondent: dict[str, list[ItemAnswer]] = defaultdict(list)
    for who, answer in answers:
        by_respondent[who].append(answer)
    return Survey(
        "s1",
        scale=Scale(1, high=5),
        items=[
            Item("price", topic="price"),
            Item("staff", topic="service"),
            Item("goods", topic="quality"),
            Item("choice", topic="range"),
            Item("shop", topic="environment"),
        ],
        responses=[Response(who, answers=given) for who, given in by_respondent.items()],
    )


def answer(item_id: str, perception: int, expectation: int) -> ItemAnswer:
    """One answer to ``item_id``."""
    return ItemAnswer(item_id, perception=perception, expectation=expectation)


# --- BG/NBD P(alive): the vectors --------------------------------------------------


@pytest.mark.parametrize(
    ("x", "t_x", "big_t", "expected"),
    [
        (2, 30.43, 38.86, 0.726579),
        (1, 1, 2, 0.712487),
        (5, 10, 38.86, 0.024804),
        (10, 38, 38.86, 0.921450),
    ],
)
def test_churn_nosurprise_p_alive_matches_the_cdnow_vectors(
    x: int, t_x: float, big_t: float, expected: float
) -> None:
    """CHURN-NOSURPRISE: BG/NBD P(alive) with the CDNOW fit matches the issue's vectors."""
    assert p_alive(x, t_x, big_t, CDNOW) == pytest.approx(expected, abs=TOLERANCE)


def test_churn_nosurprise_p_alive_by_the_closed_form() -> None:
    """CHURN-NOSURPRISE: P(alive) is 1 / (1 + a/(b+x-1) ((alpha+T)/(alpha+t_x))^(r+x))."""
    x, t_x, big_t = 3, 12.0, 20.0
    odds = (
        CDNOW.a / (CDNOW.b + x - 1) * ((CDNOW.alpha + big_t) / (CDNOW.alpha + t_x)) ** (CDNOW.r + x)
    )
    assert p_alive(x, t_x, big_t, CDNOW) == pytest.approx(1 / (1 + odds), rel=1e-12)


def test_churn_nosurprise_p_alive_takes_decimals_and_ints() -> None:
    """CHURN-NOSURPRISE: times may be ints or Decimals, with the float's answer."""
    assert p_alive(2, Decimal("30.43"), Decimal("38.86"), CDNOW) == p_alive(2, 30.43, 38.86, CDNOW)
    assert p_alive(1, 1, 2, CDNOW) == p_alive(1, 1.0, 2.0, CDNOW)


def test_churn_nosurprise_p_alive_is_one_without_repeat_purchases() -> None:
    """CHURN-NOSURPRISE: a customer with no repeat purchase has P(alive) exactly 1."""
    assert p_alive(0, 0, 38.86, CDNOW) == 1.0
    assert p_alive(0, 0, 0, CDNOW) == 1.0


def test_churn_nosurprise_p_alive_is_one_half_at_even_odds() -> None:
    """CHURN-NOSURPRISE: with t_x = T and a = b (x = 1) the odds are 1, so P(alive) is 0.5."""
    params = BgNbdParams(r=1, alpha=1, a=2, b=2)
    assert p_alive(1, 5, 5, params) == 0.5


@pytest.mark.parametrize(
    ("x", "t_x", "big_t"),
    [
        (10_000, 0, 1e9),
        (10_000, 1e9, 1e9),
        (10_000, 1, 1e9),
        (1, 0, 1e9),
        (10_000, 0, 1e-9),
        (1_000_000, 999_999_999.0, 1e9),
    ],
)
def test_churn_nosurprise_p_alive_extreme_inputs_stay_finite(
    x: int, t_x: float, big_t: float
) -> None:
    """CHURN-NOSURPRISE: very many purchases or a very long time give a probability, no overflow."""
    value = p_alive(x, t_x, big_t, CDNOW)
    assert math.isfinite(value)
    assert 0.0 <= value <= 1.0


def test_churn_nosurprise_p_alive_extreme_values_keep_the_answer() -> None:
    """CHURN-NOSURPRISE: a long-gone customer is near 0 and a just-seen frequent one near 1."""
    assert p_alive(10_000, 0, 1e9, CDNOW) == 0.0
    assert p_alive(10_000, 1e9, 1e9, CDNOW) > 0.9999


@pytest.mark.parametrize("huge", [10**400, Decimal("1e400")], ids=["int", "decimal"])
def test_churn_nosurprise_p_alive_times_beyond_float_range_do_not_give_nan(huge: object) -> None:
    """CHURN-NOSURPRISE: a time too big for a float is refused or gives a probability, never NaN."""
    try:
        value = p_alive(1, huge, huge, CDNOW)
    except InvalidInputError:
        return
    assert 0.0 <= value <= 1.0


def test_churn_nosurprise_params_beyond_float_range_are_refused() -> None:
    """CHURN-NOSURPRISE: a parameter too big for a float is refused naming the field."""
    with pytest.raises(InvalidInputError, match=r"^r:"):
        BgNbdParams(r=Decimal("1e400"), alpha=1, a=1, b=1)


def test_churn_nosurprise_rfm_summary_beyond_float_range_says_what_was_expected() -> None:
    """CHURN-NOSURPRISE: an x or a time too big for a float is refused, naming field and kind."""
    with pytest.raises(InvalidInputError) as caught:
        RfmSummary(10**400, t_x=1, T=2)
    assert str(caught.value).startswith(
        "x: expected a count of repeat purchases below 1.8e308, got 1000"
    )
    with pytest.raises(InvalidInputError) as caught:
        RfmSummary(1, t_x=Decimal("1e400"), T=Decimal("1e400"))
    assert str(caught.value) == "t_x: expected a time >= 0 below 1.8e308, got 1E+400"
    with pytest.raises(InvalidInputError) as caught:
        RfmSummary(1, t_x=1, T=Decimal("1e400"))
    assert str(caught.value) == "T: expected a time >= 0 below 1.8e308, got 1E+400"


def test_churn_nosurprise_p_alive_huge_x_is_a_retention_error_or_a_probability() -> None:
    """CHURN-NOSURPRISE: an absurdly large x is refused as bad input or gives a probability."""
    try:
        value = p_alive(10**400, 1, 2, CDNOW)
    except RetentionError:
        return
    assert 0.0 <= value <= 1.0


# --- rfm_summary ---------------------------------------------------------------------------


def test_churn_nosurprise_rfm_summary_in_weeks() -> None:
    """CHURN-NOSURPRISE: x counts purchase days after the first; t_x and T count in weeks."""
    summary = rfm_summary(days_of("2025-01-01", "2025-01-15", "2025-01-29"), as_of=d("2025-03-01"))
    assert summary == RfmSummary(2, t_x=4.0, T=59 / 7)


def test_churn_nosurprise_rfm_summary_in_days() -> None:
    """CHURN-NOSURPRISE: with unit_days=1 the times are whole days."""
    summary = rfm_summary(
        days_of("2025-01-01", "2025-01-15", "2025-01-29"), as_of=d("2025-03-01"), unit_days=1
    )
    assert (summary.x, summary.t_x, summary.T) == (2, 28.0, 59.0)


def test_churn_nosurprise_rfm_summary_counts_a_day_once() -> None:
    """CHURN-NOSURPRISE: several purchases on one day are one purchase occasion."""
    dates = days_of("2025-01-29", "2025-01-01", "2025-01-29", "2025-01-01", "2025-01-15")
    summary = rfm_summary(dates, as_of=d("2025-01-29"), unit_days=1)
    assert (summary.x, summary.t_x, summary.T) == (2, 28.0, 28.0)


def test_churn_nosurprise_rfm_summary_of_one_day_has_no_repeats() -> None:
    """CHURN-NOSURPRISE: a single purchase day gives x = 0, t_x = 0 and P(alive) 1."""
    summary = rfm_summary(days_of("2025-01-01", "2025-01-01"), as_of=d("2025-01-15"))
    assert (summary.x, summary.t_x, summary.T) == (0, 0.0, 2.0)
    assert p_alive(summary.x, summary.t_x, summary.T, CDNOW) == 1.0


def test_churn_nosurprise_rfm_summary_refuses_a_purchase_after_as_of() -> None:
    """CHURN-NOSURPRISE: as_of earlier than a purchase raises, naming the dates."""
    with pytest.raises(InvalidInputError, match=r"^dates:.*2025-01-29"):
        rfm_summary(days_of("2025-01-01", "2025-01-29"), as_of=d("2025-01-28"))


@pytest.mark.parametrize(
    ("dates", "options", "error", "field"),
    [
        ([], {}, EmptyInputError, "dates"),
        ("2025-01-01", {}, InvalidTypeError, "dates"),
        (["2025-01-01"], {}, InvalidTypeError, "dates"),
        ([dt.datetime(2025, 1, 1, tzinfo=dt.UTC)], {}, InvalidTypeError, "dates"),
        ([dt.date(2025, 1, 1)], {"unit_days": 0}, InvalidInputError, "unit_days"),
        ([dt.date(2025, 1, 1)], {"unit_days": 7.0}, InvalidTypeError, "unit_days"),
        ([dt.date(2025, 1, 1)], {"unit_days": True}, InvalidTypeError, "unit_days"),
        ([dt.date(2025, 1, 1)], {"as_of": "2025-02-01"}, InvalidTypeError, "as_of"),
    ],
)
def test_churn_nosurprise_rfm_summary_bad_input(
    dates: object, options: dict[str, Any], error: type[RetentionError], field: str
) -> None:
    """CHURN-NOSURPRISE: bad input to rfm_summary raises naming the field."""
    arguments: dict[str, Any] = {"as_of": d("2025-02-01"), **options}
    with pytest.raises(error, match=rf"^{field}:"):
        rfm_summary(dates, **arguments)  # type: ignore[arg-type]


# --- p_alive and RfmSummary: bad input ------------------------------------------------------


@pytest.mark.parametrize(
    ("x", "t_x", "big_t", "error", "field"),
    [
        (-1, 0, 1, InvalidInputError, "x"),
        (True, 0, 1, InvalidTypeError, "x"),
        (1.0, 0, 1, InvalidTypeError, "x"),
        ("1", 0, 1, InvalidTypeError, "x"),
        (None, 0, 1, InvalidTypeError, "x"),
        (1, -1, 1, InvalidInputError, "t_x"),
        (1, -0.001, 1, InvalidInputError, "t_x"),
        (1, 0, -1, InvalidInputError, "T"),
        (1, math.nan, 1, InvalidInputError, "t_x"),
        (1, 0, math.nan, InvalidInputError, "T"),
        (1, 0, math.inf, InvalidInputError, "T"),
        (1, Decimal("NaN"), 1, InvalidInputError, "t_x"),
        (1, False, 1, InvalidTypeError, "t_x"),
        (1, 0, None, InvalidTypeError, "T"),
        (1, 2, 1, InvalidInputError, "t_x"),
        (0, 1, 2, InvalidInputError, "t_x"),
    ],
)
def test_churn_nosurprise_p_alive_bad_input(
    x: object, t_x: object, big_t: object, error: type[RetentionError], field: str
) -> None:
    """CHURN-NOSURPRISE: bad x, t_x or T to p_alive raise naming the field."""
    with pytest.raises(error, match=rf"^{field}:"):
        p_alive(x, t_x, big_t, CDNOW)


@pytest.mark.parametrize(
    ("x", "t_x", "big_t", "error", "field"),
    [
        (-1, 0, 1, InvalidInputError, "x"),
        (True, 0, 1, InvalidTypeError, "x"),
        (1, -1, 1, InvalidInputError, "t_x"),
        (1, 0, math.nan, InvalidInputError, "T"),
        (1, 2, 1, InvalidInputError, "t_x"),
        (0, 1, 2, InvalidInputError, "t_x"),
    ],
)
def test_churn_nosurprise_rfm_summary_value_bad_input(
    x: object, t_x: object, big_t: object, error: type[RetentionError], field: str
) -> None:
    """CHURN-NOSURPRISE: an RfmSummary whose numbers do not fit raises naming the field."""
    with pytest.raises(error, match=rf"^{field}:"):
        RfmSummary(x, t_x=t_x, T=big_t)


def test_churn_nosurprise_p_alive_refuses_params_of_the_wrong_type() -> None:
    """CHURN-NOSURPRISE: params that are not BgNbdParams raise InvalidTypeError naming params."""
    with pytest.raises(InvalidTypeError, match=r"^params:"):
        p_alive(1, 1, 2, (0.243, 4.414, 0.793, 2.426))  # type: ignore[arg-type]


@pytest.mark.parametrize("field", ["r", "alpha", "a", "b"])
@pytest.mark.parametrize(
    ("value", "error"),
    [
        (0, InvalidInputError),
        (-0.5, InvalidInputError),
        (math.nan, InvalidInputError),
        (math.inf, InvalidInputError),
        (True, InvalidTypeError),
        (None, InvalidTypeError),
    ],
)
def test_churn_nosurprise_params_must_be_positive_numbers(
    field: str, value: object, error: type[RetentionError]
) -> None:
    """CHURN-NOSURPRISE: a BG/NBD parameter that is not a positive number raises naming it."""
    fields: dict[str, Any] = {"r": 0.243, "alpha": 4.414, "a": 0.793, "b": 2.426, field: value}
    with pytest.raises(error, match=rf"^{field}:"):
        BgNbdParams(**fields)


def test_churn_nosurprise_params_take_decimals_as_floats() -> None:
    """CHURN-NOSURPRISE: BgNbdParams stores its numbers as floats."""
    params = BgNbdParams(r=Decimal("0.243"), alpha="4.414", a=Decimal("0.793"), b=2.426)
    assert params == CDNOW
    assert isinstance(params.r, float)


# --- BG/NBD properties --------------------------------------------------------------------

PARAMS = st.builds(
    BgNbdParams,
    r=st.floats(1e-3, 1e3),
    alpha=st.floats(1e-3, 1e3),
    a=st.floats(1e-3, 1e3),
    b=st.floats(1e-3, 1e3),
)
TIMES = st.floats(0, 1e9)
SHARES = st.floats(0, 1)


@given(st.integers(0, 10**6), TIMES, SHARES, PARAMS)
def test_churn_nosurprise_p_alive_is_a_probability(
    x: int, big_t: float, share: float, params: BgNbdParams
) -> None:
    """CHURN-NOSURPRISE: P(alive) is a finite number in [0, 1] for any valid input."""
    t_x = big_t * share if x else 0.0
    value = p_alive(x, t_x, big_t, params)
    assert math.isfinite(value)
    assert 0.0 <= value <= 1.0


@given(TIMES, PARAMS)
def test_churn_nosurprise_p_alive_is_one_when_x_is_zero(big_t: float, params: BgNbdParams) -> None:
    """CHURN-NOSURPRISE: with no repeat purchase (so t_x = 0) P(alive) is exactly 1."""
    assert p_alive(0, 0, big_t, params) == 1.0


@given(st.integers(0, 10**4), TIMES, SHARES, SHARES, PARAMS)
def test_churn_nosurprise_p_alive_does_not_grow_with_time(
    x: int, later: float, share: float, when: float, params: BgNbdParams
) -> None:
    """CHURN-NOSURPRISE: with x and t_x fixed, a larger T never raises P(alive)."""
    earlier = later * share
    t_x = earlier * when if x else 0.0
    assert p_alive(x, t_x, later, params) <= p_alive(x, t_x, earlier, params)


# --- CHURN-NOSURPRISE: the rhythm rule -----------------------------------------------------

RHYTHM = days_of("2025-01-01", "2025-01-31", "2025-03-02")


def test_churn_nosurprise_rhythm_overdue_after_twice_the_median_gap() -> None:
    """CHURN-NOSURPRISE: gaps 30, 30 give limit 60; 61 days since the last purchase is overdue."""
    check = overdue("c1", RHYTHM, as_of=d("2025-05-02"))
    assert check == Overdue(
        "c1",
        signal=Signal.RHYTHM,
        overdue=True,
        last_purchase=d("2025-03-02"),
        days_since=61,
        purchase_days=3,
        median_gap=Decimal(30),
        limit=Decimal(60),
        reasons=check.reasons,
    )
    assert rule_ids(check.reasons) == ["CHURN-NOSURPRISE"]


def test_churn_nosurprise_rhythm_exactly_at_the_limit_is_not_overdue() -> None:
    """CHURN-NOSURPRISE: 60 days since with limit 60 is within the rhythm (strictly more needed)."""
    check = overdue("c1", RHYTHM, as_of=d("2025-05-01"))
    assert check.signal is Signal.RHYTHM
    assert check.days_since == 60
    assert check.limit == Decimal(60)
    assert not check.overdue


def test_churn_nosurprise_rhythm_reason_names_the_rule_and_the_numbers() -> None:
    """CHURN-NOSURPRISE: the reason gives days since, the last day, k, the median gap and limit."""
    late = overdue("c1", RHYTHM, as_of=d("2025-05-02")).reasons[0]
    assert late.rule_id == "CHURN-NOSURPRISE"
    for part in ("61 days since", "2025-03-02", "over 2 x", "median gap of 30 days", "(60 days)"):
        assert part in late.detail
    assert "3 purchase days" in late.detail
    within = overdue("c1", RHYTHM, as_of=d("2025-05-01")).reasons[0]
    assert "60 days since" in within.detail
    assert "within 2 x" in within.detail


def test_churn_nosurprise_rhythm_takes_the_median_not_the_mean() -> None:
    """CHURN-NOSURPRISE: gaps 5, 10, 60 have median 10 (mean 25), so the limit is 20."""
    dates = days_of("2025-01-01", "2025-01-06", "2025-01-16", "2025-03-17")
    check = overdue("c1", dates, as_of=d("2025-04-06"))
    assert check.median_gap == Decimal(10)
    assert check.limit == Decimal(20)
    assert check.days_since == 20
    assert not check.overdue
    assert overdue("c1", dates, as_of=d("2025-04-07")).overdue


def test_churn_nosurprise_rhythm_even_gaps_give_a_half_day_median() -> None:
    """CHURN-NOSURPRISE: gaps 10 and 15 give median 12.5 and limit 25."""
    dates = days_of("2025-01-01", "2025-01-11", "2025-01-26")
    within = overdue("c1", dates, as_of=d("2025-02-20"))
    assert within.median_gap == Decimal("12.5")
    assert within.limit == Decimal(25)
    assert within.days_since == 25
    assert not within.overdue
    assert "median gap of 12.5 days" in within.reasons[0].detail
    assert overdue("c1", dates, as_of=d("2025-02-21")).overdue


def test_churn_nosurprise_rhythm_factor_override_with_a_fraction() -> None:
    """CHURN-NOSURPRISE: k = 1.5 on a median of 12.5 gives the limit 18.75 days."""
    dates = days_of("2025-01-01", "2025-01-11", "2025-01-26")
    policy = ChurnPolicy(rhythm_factor=Decimal("1.5"))
    within = overdue("c1", dates, as_of=d("2025-02-13"), policy=policy)
    assert within.limit == Decimal("18.75")
    assert within.days_since == 18
    assert not within.overdue
    late = overdue("c1", dates, as_of=d("2025-02-14"), policy=policy)
    assert late.overdue
    assert "over 1.5 x" in late.reasons[0].detail
    assert "(18.75 days)" in late.reasons[0].detail


def test_churn_nosurprise_rhythm_factor_override_whole() -> None:
    """CHURN-NOSURPRISE: k = 3 on a median of 30 gives the limit 90 days."""
    policy = ChurnPolicy(rhythm_factor=Decimal(3))
    assert overdue("c1", RHYTHM, as_of=d("2025-05-31"), policy=policy).limit == Decimal(90)
    assert not overdue("c1", RHYTHM, as_of=d("2025-05-31"), policy=policy).overdue
    assert overdue("c1", RHYTHM, as_of=d("2025-06-01"), policy=policy).overdue


def test_churn_nosurprise_same_day_purchases_count_once_for_the_rhythm() -> None:
    """CHURN-NOSURPRISE: a basket split over two receipts is one purchase day."""
    dates = [*RHYTHM, d("2025-03-02"), d("2025-01-01")]
    check = overdue("c1", reversed(dates), as_of=d("2025-05-02"))
    assert check.purchase_days == 3
    assert check.median_gap == Decimal(30)


def test_churn_nosurprise_lateness_is_days_since_over_the_limit() -> None:
    """CHURN-NOSURPRISE: 90 days since on a limit of 60 is a lateness of 1.5."""
    assert overdue("c1", RHYTHM, as_of=d("2025-05-31")).lateness == Decimal("1.5")


# --- CHURN-NOSURPRISE: the hiatus rule ------------------------------------------------------


def test_churn_nosurprise_hiatus_with_two_purchase_days() -> None:
    """CHURN-NOSURPRISE: with 2 purchase days, 180 days is within and 181 overdue."""
    dates = days_of("2025-01-01", "2025-03-02")
    within = overdue("c1", dates, as_of=d("2025-08-29"))
    assert within.signal is Signal.HIATUS
    assert within.days_since == 180
    assert within.limit == Decimal(180)
    assert within.median_gap is None
    assert not within.overdue
    late = overdue("c1", dates, as_of=d("2025-08-30"))
    assert late.overdue
    assert late.days_since == 181


def test_churn_nosurprise_hiatus_with_one_purchase_day() -> None:
    """CHURN-NOSURPRISE: a single purchase day uses the hiatus as well."""
    check = overdue("c1", [d("2025-01-01")], as_of=d("2025-07-01"))
    assert check.signal is Signal.HIATUS
    assert check.purchase_days == 1
    assert check.days_since == 181
    assert check.overdue


def test_churn_nosurprise_hiatus_reason_names_the_rule_and_the_numbers() -> None:
    """CHURN-NOSURPRISE: the hiatus reason gives days since, the hiatus and the purchase days."""
    reason = overdue("c1", days_of("2025-01-01", "2025-03-02"), as_of=d("2025-08-30")).reasons[0]
    assert reason.rule_id == "CHURN-NOSURPRISE"
    for part in ("181 days since", "2025-03-02", "over the", "180-day hiatus", "2 purchase days"):
        assert part in reason.detail
    assert "fewer than 3" in reason.detail


def test_churn_nosurprise_hiatus_days_override() -> None:
    """CHURN-NOSURPRISE: hiatus_days=30 makes 31 days since a single purchase overdue."""
    policy = ChurnPolicy(hiatus_days=30)
    assert not overdue("c1", [d("2025-01-01")], as_of=d("2025-01-31"), policy=policy).overdue
    late = overdue("c1", [d("2025-01-01")], as_of=d("2025-02-01"), policy=policy)
    assert late.overdue
    assert late.limit == Decimal(30)
    assert "30-day hiatus" in late.reasons[0].detail


def test_churn_nosurprise_min_purchases_override_raises_the_bar() -> None:
    """CHURN-NOSURPRISE: min_purchases=4 puts 3 purchase days under the hiatus rule."""
    check = overdue("c1", RHYTHM, as_of=d("2025-05-02"), policy=ChurnPolicy(min_purchases=4))
    assert check.signal is Signal.HIATUS
    assert not check.overdue
    assert "fewer than 4" in check.reasons[0].detail


def test_churn_nosurprise_min_purchases_override_lowers_the_bar() -> None:
    """CHURN-NOSURPRISE: min_purchases=2 gives 2 purchase days a rhythm: gap 59, limit 118."""
    dates = days_of("2025-01-01", "2025-03-01")
    policy = ChurnPolicy(min_purchases=2)
    check = overdue("c1", dates, as_of=d("2025-06-28"), policy=policy)
    assert check.signal is Signal.RHYTHM
    assert check.median_gap == Decimal(59)
    assert check.limit == Decimal(118)
    assert check.days_since == 119
    assert check.overdue


def test_churn_nosurprise_bought_today_is_not_overdue() -> None:
    """CHURN-NOSURPRISE: a purchase on as_of itself is 0 days since."""
    check = overdue("c1", RHYTHM, as_of=d("2025-03-02"))
    assert check.days_since == 0
    assert not check.overdue


@pytest.mark.parametrize(
    ("arguments", "error", "field"),
    [
        ({"dates": []}, EmptyInputError, "dates"),
        ({"dates": [d("2025-06-01")]}, InvalidInputError, "dates"),
        ({"dates": "2025-01-01"}, InvalidTypeError, "dates"),
        ({"dates": [dt.datetime(2025, 1, 1, tzinfo=dt.UTC)]}, InvalidTypeError, "dates"),
        ({"customer_id": ""}, InvalidInputError, "customer_id"),
        ({"customer_id": 7}, InvalidTypeError, "customer_id"),
        ({"as_of": "2025-05-01"}, InvalidTypeError, "as_of"),
        ({"policy": {"rhythm_factor": 2}}, InvalidPolicyError, "policy"),
    ],
)
def test_churn_nosurprise_overdue_bad_input(
    arguments: dict[str, Any], error: type[RetentionError], field: str
) -> None:
    """CHURN-NOSURPRISE: bad input to overdue raises naming the field."""
    call: dict[str, Any] = {"customer_id": "c1", "dates": RHYTHM, "as_of": d("2025-05-01")}
    call.update(arguments)
    customer_id = call.pop("customer_id")
    dates = call.pop("dates")
    with pytest.raises(error, match=rf"^{field}:"):
        overdue(customer_id, dates, **call)


def test_churn_nosurprise_overdue_dates_not_iterable_says_it_takes_dates() -> None:
    """CHURN-NOSURPRISE: one date string instead of dates is refused, saying dates are expected."""
    with pytest.raises(InvalidTypeError) as caught:
        overdue("c1", "2025-01-01", as_of=d("2025-05-01"))  # type: ignore[arg-type]
    assert str(caught.value) == "dates: expected an iterable of dates, got '2025-01-01' (str)"


# --- ChurnPolicy --------------------------------------------------------------------------


def test_churn_policy_defaults() -> None:
    """CHURN-NOSURPRISE, CHURN-WINBACK: the defaults are k=2, 3 days, 180 days, 0.5, 3, 7, A."""
    policy = ChurnPolicy()
    assert policy.rhythm_factor == Decimal(2)
    assert policy.min_purchases == 3
    assert policy.hiatus_days == 180
    assert policy.p_alive_below == Decimal("0.5")
    assert policy.recent_purchases == 3
    assert policy.winback_window_days == 7
    assert policy.call_classes == frozenset({AbcClass.A})


def test_churn_policy_takes_class_names() -> None:
    """CHURN-WINBACK: call_classes takes AbcClass members or their values."""
    assert ChurnPolicy(call_classes=["A", AbcClass.B]).call_classes == {AbcClass.A, AbcClass.B}
    assert ChurnPolicy(call_classes=()).call_classes == frozenset()


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("rhythm_factor", Decimal("0.5")),
        ("rhythm_factor", 0),
        ("rhythm_factor", 101),
        ("rhythm_factor", math.nan),
        ("rhythm_factor", "two"),
        ("rhythm_factor", True),
        ("min_purchases", 1),
        ("min_purchases", 3.0),
        ("hiatus_days", 0),
        ("hiatus_days", -180),
        ("hiatus_days", True),
        ("p_alive_below", Decimal("1.5")),
        ("p_alive_below", -0.1),
        ("p_alive_below", None),
        ("recent_purchases", 0),
        ("winback_window_days", 0),
        ("winback_window_days", "7"),
        ("call_classes", "A"),
        ("call_classes", ["Z"]),
        ("call_classes", 1),
    ],
)
def test_churn_policy_bad_values(field: str, value: object) -> None:
    """CHURN-NOSURPRISE, CHURN-WINBACK: a bad policy number raises InvalidPolicyError naming it."""
    fields: dict[str, Any] = {field: value}
    with pytest.raises(InvalidPolicyError, match=rf"^{field}:"):
        ChurnPolicy(**fields)


def test_churn_policy_call_classes_as_one_string_says_it_takes_abc_classes() -> None:
    """CHURN-WINBACK: call_classes="A" (not a collection) is refused, saying ABC classes."""
    with pytest.raises(InvalidPolicyError) as caught:
        ChurnPolicy(call_classes="A")
    assert str(caught.value) == "call_classes: expected an iterable of ABC classes, got 'A' (str)"


def test_churn_policy_is_frozen() -> None:
    """CHURN-NOSURPRISE: a ChurnPolicy cannot be changed after it is made."""
    policy = ChurnPolicy()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        policy.hiatus_days = 10  # type: ignore[misc]


# --- CHURN-NOSURPRISE: early_warning ------------------------------------------------------


def test_churn_nosurprise_early_warning_flags_only_overdue_customers() -> None:
    """CHURN-NOSURPRISE: every customer is checked; only the overdue ones are at risk."""
    purchases = [
        *buys("late", "2025-01-01", "2025-01-31", "2025-03-02"),
        *buys("fine", "2025-03-01", "2025-04-01", "2025-05-01"),
    ]
    report = early_warning(purchases, as_of=d("2025-05-02"))
    assert report.as_of == d("2025-05-02")
    assert set(report.checks) == {"late", "fine"}
    assert report.checks["late"].overdue
    assert not report.checks["fine"].overdue
    assert [risk.customer_id for risk in report.at_risk] == ["late"]
    risk = report.at_risk[0]
    assert risk.overdue == report.checks["late"]
    assert risk.p_alive is None
    assert risk.summary is None
    assert risk.abc is None
    assert rule_ids(risk.reasons) == ["CHURN-NOSURPRISE"]
    assert report.policy == ChurnPolicy()


def test_churn_nosurprise_early_warning_without_purchases_is_empty() -> None:
    """CHURN-NOSURPRISE: no purchases give an empty report, no customer to check."""
    report = early_warning([], as_of=d("2025-05-02"))
    assert len(report.checks) == 0
    assert report.at_risk == ()
    assert report.winbacks() == ()


def test_churn_nosurprise_early_warning_uses_the_policys_rhythm() -> None:
    """CHURN-NOSURPRISE: with k = 3 a median gap of 30 gives limit 90: 61 days is not overdue."""
    purchases = buys("c1", "2025-01-01", "2025-01-31", "2025-03-02")
    as_of = d("2025-05-02")  # 61 days after 03-02: over the default limit of 60
    assert early_warning(purchases, as_of=as_of).checks["c1"].overdue
    report = early_warning(purchases, as_of=as_of, policy=ChurnPolicy(rhythm_factor=Decimal(3)))
    assert report.checks["c1"].limit == Decimal(90)
    assert not report.checks["c1"].overdue
    assert report.at_risk == ()


def test_churn_nosurprise_early_warning_uses_the_policys_hiatus() -> None:
    """CHURN-NOSURPRISE: with hiatus_days 30 a one-purchase customer is late after 31 days."""
    purchases = buys("c1", "2025-01-01")
    as_of = d("2025-02-01")  # 31 days since the only purchase; the default hiatus is 180
    assert early_warning(purchases, as_of=as_of).at_risk == ()
    report = early_warning(purchases, as_of=as_of, policy=ChurnPolicy(hiatus_days=30))
    assert [risk.customer_id for risk in report.at_risk] == ["c1"]


def test_churn_nosurprise_html_at_risk_table_counts_only_the_customers_at_risk() -> None:
    """CHURN-NOSURPRISE: the at-risk table of 1 late customer of 2 shows no "more rows" line."""
    purchases = [
        *buys("late", "2025-01-01", "2025-01-31", "2025-03-02"),
        *buys("fine", "2025-03-01", "2025-04-01", "2025-05-01"),
    ]
    report = early_warning(purchases, as_of=d("2025-05-02"))
    assert "more row" not in report.to_html()
    assert "(no rows)" not in report.to_html()
    assert "\u2026 1 more row" in report.to_html(table="checks", max_rows=1)
    steady = buys("c1", "2025-01-01", "2025-01-31", "2025-03-02")
    nobody = early_warning(steady, as_of=d("2025-04-02"))  # 31 days since 03-02, limit 60
    assert len(nobody.checks) == 1
    assert nobody.at_risk == ()
    assert "(no rows)" in nobody.to_html()
    assert "more row" not in nobody.to_html()


def test_churn_nosurprise_p_alive_below_the_line_flags_a_customer_not_overdue() -> None:
    """CHURN-NOSURPRISE: P(alive) 0.354 < 0.5 flags a customer the 180-day hiatus does not."""
    purchases = buys("c1", "2025-01-01", "2025-01-08")
    as_of = d("2025-05-01")  # 113 days since 01-08; T = 120 days = 17.14 weeks
    report = early_warning(purchases, as_of=as_of, params=CDNOW)
    assert not report.checks["c1"].overdue
    [risk] = report.at_risk
    assert risk.summary == RfmSummary(1, t_x=1.0, T=120 / 7)
    assert risk.p_alive == p_alive(1, 1.0, 120 / 7, CDNOW)
    # log odds = ln .793 - ln 2.426 + 1.243 (ln 21.557 - ln 5.414) = 0.599 -> 0.354
    assert risk.p_alive == pytest.approx(0.3546, abs=5e-4)
    assert rule_ids(risk.reasons) == ["CHURN-NOSURPRISE", "CHURN-NOSURPRISE"]
    assert "BG/NBD P(alive) 0.35" in risk.reasons[1].detail
    assert "below 0.5" in risk.reasons[1].detail


def test_churn_nosurprise_p_alive_reason_gives_the_purchases_and_times() -> None:
    """CHURN-NOSURPRISE: the P(alive) reason says 1 repeat purchase, last at week 1.0 of 17.1."""
    purchases = buys("c1", "2025-01-01", "2025-01-08")
    report = early_warning(purchases, as_of=d("2025-05-01"), params=CDNOW)
    [risk] = report.at_risk
    # x = 1 repeat purchase day; t_x = 7 / 7 = 1.0 weeks; T = 120 / 7 = 17.14 weeks.
    assert "(1 repeat purchase, last at 1.0 of 17.1 units of 7 days)" in risk.reasons[1].detail


def test_churn_nosurprise_p_alive_line_is_a_policy_number() -> None:
    """CHURN-NOSURPRISE: with p_alive_below 0.3 the same customer (0.354) is not flagged."""
    purchases = buys("c1", "2025-01-01", "2025-01-08")
    report = early_warning(
        purchases,
        as_of=d("2025-05-01"),
        params=CDNOW,
        policy=ChurnPolicy(p_alive_below=Decimal("0.3")),
    )
    assert report.at_risk == ()


def test_churn_nosurprise_p_alive_counts_in_unit_days() -> None:
    """CHURN-NOSURPRISE: unit_days=1 sums up in days for parameters fitted in days."""
    purchases = buys("c1", "2025-01-01", "2025-01-08")
    report = early_warning(
        purchases,
        as_of=d("2025-05-01"),
        params=CDNOW,
        unit_days=1,
        policy=ChurnPolicy(p_alive_below=Decimal(1)),
    )
    [risk] = report.at_risk
    assert risk.summary == RfmSummary(1, t_x=7.0, T=120.0)
    assert risk.p_alive == p_alive(1, 7, 120, CDNOW)


def test_churn_nosurprise_at_risk_ranks_class_a_then_lateness_then_id() -> None:
    """CHURN-NOSURPRISE: class A first, then the most overdue, then by customer ID."""
    purchases = [
        *buys("b-very-late", "2025-01-01", "2025-01-11", "2025-01-21"),  # limit 20
        *buys("a-just-late", "2025-01-01", "2025-01-31", "2025-03-02"),  # limit 60
        *buys("y-late", "2025-01-01", "2025-01-11", "2025-01-21"),
        *buys("x-late", "2025-01-01", "2025-01-11", "2025-01-21"),
    ]
    classes = {"b-very-late": AbcClass.B, "a-just-late": AbcClass.A, "y-late": AbcClass.C}
    report = early_warning(purchases, as_of=d("2025-05-02"), classes=classes)
    assert [risk.customer_id for risk in report.at_risk] == [
        "a-just-late",
        "b-very-late",
        "y-late",
        "x-late",
    ]
    unclassed = early_warning(purchases, as_of=d("2025-05-02"))
    assert [risk.customer_id for risk in unclassed.at_risk] == [
        "b-very-late",
        "x-late",
        "y-late",
        "a-just-late",
    ]


def test_churn_nosurprise_early_warning_refuses_a_purchase_after_as_of() -> None:
    """CHURN-NOSURPRISE: a purchase after as_of raises InvalidInputError naming the dates."""
    with pytest.raises(InvalidInputError, match=r"^dates:"):
        early_warning(buys("c1", "2025-05-03"), as_of=d("2025-05-02"))


@pytest.mark.parametrize(
    ("options", "error", "field"),
    [
        ({"purchases": ["c1"]}, InvalidTypeError, "purchases"),
        (
            {"purchases": [buy("c1", "2025-01-01"), ("c1", "2025-02-01")]},
            InvalidTypeError,
            "purchases",
        ),
        ({"purchases": buy("c1", "2025-01-01")}, InvalidTypeError, "purchases"),
        ({"cases": ["K1"]}, InvalidTypeError, "cases"),
        ({"cases": "K1"}, InvalidTypeError, "cases"),
        ({"params": (0.243, 4.414, 0.793, 2.426)}, InvalidTypeError, "params"),
        ({"params": {"r": 0.243}}, InvalidTypeError, "params"),
        ({"survey": "s1"}, InvalidTypeError, "survey"),
        ({"survey": [Response("c1")]}, InvalidTypeError, "survey"),
        ({"classes": [("c1", AbcClass.A)]}, InvalidTypeError, "classes"),
        ({"as_of": dt.datetime(2025, 5, 2, tzinfo=dt.UTC)}, InvalidTypeError, "as_of"),
        ({"policy": "strict"}, InvalidPolicyError, "policy"),
        ({"params": CDNOW, "unit_days": 0}, InvalidInputError, "unit_days"),
        ({"undercut": "food"}, InvalidTypeError, "undercut"),
        ({"satisfaction_policy": ChurnPolicy()}, InvalidTypeError, "satisfaction_policy"),
    ],
)
def test_churn_nosurprise_early_warning_bad_input(
    options: dict[str, Any], error: type[RetentionError], field: str
) -> None:
    """CHURN-NOSURPRISE: bad input to early_warning raises naming the argument."""
    arguments: dict[str, Any] = {
        "purchases": buys("c1", "2025-01-01", "2025-01-31", "2025-03-02"),
        "as_of": d("2025-05-02"),  # c1 is overdue, so the reasons are looked for
        **options,
    }
    purchases = arguments.pop("purchases")
    with pytest.raises(error, match=rf"^{field}:"):
        early_warning(purchases, **arguments)


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"cases": "K1"},
            InvalidTypeError,
            "cases: expected an iterable of Case values, got 'K1' (str)",
        ),
        (
            {"undercut": "food"},
            InvalidTypeError,
            "undercut: expected an iterable of category names, got 'food' (str)",
        ),
        ({"undercut": [""]}, InvalidInputError, "undercut: expected a non-empty string ID, got ''"),
    ],
)
def test_churn_nosurprise_early_warning_bad_collections_say_what_they_take(
    options: dict[str, Any], error: type[RetentionError], message: str
) -> None:
    """CHURN-NOSURPRISE: bad cases or undercut arguments are refused saying what was expected."""
    purchases = buys("c1", "2025-01-01", "2025-01-31", "2025-03-02")
    with pytest.raises(error) as caught:
        early_warning(purchases, as_of=d("2025-05-02"), **options)
    assert str(caught.value) == message


def test_churn_nosurprise_early_warning_refuses_class_names_that_are_not_abc_classes() -> None:
    """CHURN-NOSURPRISE: classes with a value that is not an AbcClass raise a RetentionError."""
    purchases = buys("c1", "2025-01-01", "2025-01-31", "2025-03-02")
    try:
        report = early_warning(purchases, as_of=d("2025-05-02"), classes={"c1": "A"})  # type: ignore[dict-item]
    except RetentionError:
        return
    assert report.at_risk[0].abc is AbcClass.A


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"unit_days": "7"}, "unit_days"),
        ({"undercut": "food"}, "undercut"),
        ({"satisfaction_policy": "lenient"}, "satisfaction_policy"),
    ],
)
def test_churn_nosurprise_early_warning_checks_every_argument_up_front(
    options: dict[str, Any], field: str
) -> None:
    """CHURN-NOSURPRISE: a wrong-typed argument raises even when nobody is at risk."""
    purchases = buys("c1", "2025-01-01", "2025-01-31", "2025-03-02")
    with pytest.raises(InvalidTypeError, match=rf"^{field}:"):
        early_warning(purchases, as_of=d("2025-03-03"), **options)


# --- CHURN-NOSURPRISE properties ----------------------------------------------------------

DAY_OFFSETS = st.lists(st.integers(0, 400), min_size=1, max_size=8)
CHURN_POLICIES = st.builds(
    ChurnPolicy,
    rhythm_factor=st.sampled_from([Decimal(1), Decimal("1.5"), Decimal(2), Decimal("3.25")]),
    min_purchases=st.integers(2, 5),
    hiatus_days=st.integers(1, 250),
)
EPOCH = dt.date(2024, 1, 1)


@given(DAY_OFFSETS, st.integers(0, 500), st.integers(0, 500), CHURN_POLICIES)
def test_churn_nosurprise_overdue_stays_overdue_later(
    offsets: list[int], wait: int, more: int, policy: ChurnPolicy
) -> None:
    """CHURN-NOSURPRISE: a later as_of never turns an overdue customer back to not overdue."""
    dates = [EPOCH + dt.timedelta(days=n) for n in offsets]
    first = max(dates) + dt.timedelta(days=wait)
    later = first + dt.timedelta(days=more)
    before = overdue("c1", dates, as_of=first, policy=policy)
    after = overdue("c1", dates, as_of=later, policy=policy)
    assert after.days_since == before.days_since + more
    assert after.limit == before.limit
    if before.overdue:
        assert after.overdue


@given(DAY_OFFSETS, st.integers(0, 500), CHURN_POLICIES)
def test_churn_nosurprise_overdue_is_days_since_over_the_limit(
    offsets: list[int], wait: int, policy: ChurnPolicy
) -> None:
    """CHURN-NOSURPRISE: overdue exactly when days since exceed the rhythm or hiatus limit."""
    dates = [EPOCH + dt.timedelta(days=n) for n in offsets]
    check = overdue("c1", dates, as_of=max(dates) + dt.timedelta(days=wait), policy=policy)
    distinct = sorted(set(dates))
    assert check.purchase_days == len(distinct)
    assert check.days_since == wait
    assert check.overdue == (check.days_since > check.limit)
    if len(distinct) >= policy.min_purchases:
        assert check.signal is Signal.RHYTHM
        assert check.median_gap is not None
        assert check.limit == policy.rhythm_factor * check.median_gap
    else:
        assert check.signal is Signal.HIATUS
        assert check.limit == policy.hiatus_days


PURCHASES = st.lists(rst.purchases(customers=6, start=dt.date(2024, 1, 1), days=500), max_size=25)
AS_OF = dt.date(2025, 6, 1)


@settings(max_examples=40)
@given(PURCHASES, st.integers(0, 200), st.integers(1, 200))
def test_churn_nosurprise_a_later_day_never_unflags_a_customer(
    purchases: list[Purchase], wait: int, more: int
) -> None:
    """CHURN-NOSURPRISE: with the same purchases, a later as_of keeps every flagged customer."""
    as_of = AS_OF + dt.timedelta(days=wait)
    before = early_warning(purchases, as_of=as_of, params=CDNOW)
    after = early_warning(purchases, as_of=as_of + dt.timedelta(days=more), params=CDNOW)
    assert {r.customer_id for r in before.at_risk} <= {r.customer_id for r in after.at_risk}


@st.composite
def warning_inputs(draw: st.DrawFn) -> tuple[list[Purchase], list[Case], dict[str, AbcClass]]:
    """Purchases of c000..c005, a few complaint cases of theirs and some ABC classes."""
    purchases = draw(PURCHASES)
    cases = draw(
        st.lists(
            rst.cases(
                complaint=rst.complaints(customer_ids=rst.customer_ids(count=6)), max_events=8
            ),
            max_size=3,
            unique_by=lambda case: case.complaint_id,
        )
    )
    classes = draw(
        st.dictionaries(rst.customer_ids(count=6), st.sampled_from(AbcClass), max_size=6)
    )
    return purchases, cases, classes


@settings(max_examples=30)
@given(warning_inputs(), st.randoms(use_true_random=False))
def test_churn_nosurprise_early_warning_does_not_depend_on_input_order(
    inputs: tuple[list[Purchase], list[Case], dict[str, AbcClass]], rnd: random.Random
) -> None:
    """CHURN-NOSURPRISE: shuffled purchases and cases give an equal report."""
    purchases, cases, classes = inputs
    options: dict[str, Any] = {"as_of": AS_OF, "classes": classes, "params": CDNOW}
    report = early_warning(purchases, cases=cases, undercut={"food"}, **options)
    mixed_purchases = rnd.sample(purchases, len(purchases))
    mixed_cases = rnd.sample(cases, len(cases))
    again = early_warning(mixed_purchases, cases=mixed_cases, undercut=["food"], **options)
    assert again == report
    assert again.winbacks() == report.winbacks()


# --- CHURN-REASONS ------------------------------------------------------------------------


def test_churn_reasons_no_evidence_gives_no_reason() -> None:
    """CHURN-REASONS: with no complaints, answers or telling purchases the tuple is empty."""
    assert likely_reasons() == ()
    purchases = [buy("c1", f"2025-01-0{n}", "food") for n in range(1, 6)]
    assert likely_reasons(purchases=purchases, cases=[closed_case("K1", Cause.OTHER)]) == ()


def test_churn_reasons_product_quality_complaint_points_to_quality_decline() -> None:
    """CHURN-REASONS: a complaint caused by product quality is quality decline, weight 3."""
    [likely] = likely_reasons(cases=[closed_case("K1", Cause.PRODUCT_QUALITY)])
    assert likely == LikelyReason(
        ChurnReason.QUALITY_DECLINE,
        weight=3,
        evidence=("complaint K1: cause product_quality",),
        cure=ChurnReason.QUALITY_DECLINE.cure,
        reasons=likely.reasons,
    )
    assert rule_ids(likely.reasons) == ["CHURN-REASONS"]
    assert "complaint K1: cause product_quality" in likely.reasons[0].detail
    assert "(weight 3)" in likely.reasons[0].detail


def test_churn_reasons_staff_service_complaint_points_to_bad_service() -> None:
    """CHURN-REASONS: a complaint caused by staff service is bad service, weight 3."""
    [likely] = likely_reasons(cases=[closed_case("K1", Cause.STAFF_SERVICE)])
    assert likely.reason is ChurnReason.BAD_SERVICE
    assert likely.weight == 3
    assert likely.evidence == ("complaint K1: cause staff_service",)


def test_churn_reasons_expectation_gap_complaint_points_to_bad_service() -> None:
    """CHURN-REASONS: a complaint caused by an expectation gap is bad service, weight 2."""
    [likely] = likely_reasons(cases=[closed_case("K1", Cause.EXPECTATION_GAP)])
    assert (likely.reason, likely.weight) == (ChurnReason.BAD_SERVICE, 2)


def test_churn_reasons_open_case_points_to_bad_service() -> None:
    """CHURN-REASONS: a complaint still open is bad service, weight 2."""
    [likely] = likely_reasons(cases=[open_case("K1")])
    assert likely.reason is ChurnReason.BAD_SERVICE
    assert likely.weight == 2
    assert likely.evidence == ("complaint K1 still open",)


def test_churn_reasons_reopened_case_points_to_bad_service() -> None:
    """CHURN-REASONS: a reopened case adds bad service (2) to its cause's reason."""
    reasons = likely_reasons(cases=[reopened_case("K1", Cause.PRODUCT_QUALITY)])
    assert [(r.reason, r.weight) for r in reasons] == [
        (ChurnReason.QUALITY_DECLINE, 3),
        (ChurnReason.BAD_SERVICE, 2),
    ]
    assert reasons[1].evidence == ("complaint K1 reopened 1 time(s)",)


def test_churn_reasons_weights_add_up_per_reason() -> None:
    """CHURN-REASONS: a staff complaint (3) and an open quality one (3 + 2) rank 5 then 3."""
    reopened = reopened_case("K2", Cause.PRODUCT_QUALITY)
    reasons = likely_reasons(cases=[reopened, closed_case("K1", Cause.STAFF_SERVICE)])
    assert [(r.reason, r.weight) for r in reasons] == [
        (ChurnReason.BAD_SERVICE, 5),
        (ChurnReason.QUALITY_DECLINE, 3),
    ]
    # both cases were received at the same instant: by complaint ID then
    assert reasons[0].evidence == (
        "complaint K1: cause staff_service",
        "complaint K2 reopened 1 time(s)",
    )
    assert len(reasons[0].reasons) == 2


def test_churn_reasons_cases_in_order_of_receipt() -> None:
    """CHURN-REASONS: the evidence lists complaints in the order they were received."""
    early = open_case("K9", received=at(12, 10))
    late = open_case("K1", received=at(16, 10))
    [likely] = likely_reasons(cases=[late, early])
    assert likely.evidence == ("complaint K9 still open", "complaint K1 still open")
    assert likely.weight == 4


def test_churn_reasons_low_price_answer_points_to_price_undercut() -> None:
    """CHURN-REASONS: a price item rated 2 of 1..5 (score 25, below 50) is price undercut, 2."""
    answers = survey(("c1", answer("price", 2, 4)))
    [likely] = likely_reasons(response=answers.responses[0], survey=answers)
    assert likely.reason is ChurnReason.PRICE_UNDERCUT
    assert likely.weight == 2
    assert likely.evidence == ("survey s1: price (price) rated 2 against 4 expected on 1..5",)
    assert likely.cure == ChurnReason.PRICE_UNDERCUT.cure
    assert rule_ids(likely.reasons) == ["CHURN-REASONS"]


def test_churn_reasons_a_wide_gap_counts_even_when_the_rating_is_middling() -> None:
    """CHURN-REASONS: 3 against 5 expected is a gap of -50 points, at the veto gap: it counts."""
    answers = survey(("c1", answer("goods", 3, 5)))
    [likely] = likely_reasons(response=answers.responses[0], survey=answers)
    assert (likely.reason, likely.weight) == (ChurnReason.QUALITY_DECLINE, 2)


def test_churn_reasons_topics_point_to_their_reasons() -> None:
    """CHURN-REASONS: low service, quality and range items are bad service, quality, needs."""
    answers = survey(
        ("c1", answer("staff", 1, 4)),
        ("c1", answer("goods", 1, 3)),
        ("c1", answer("choice", 2, 3)),
        ("c1", answer("shop", 1, 5)),  # the store itself: no churn reason
        ("c1", answer("price", 4, 4)),  # satisfied: no evidence
    )
    reasons = likely_reasons(response=answers.responses[0], survey=answers)
    assert [(r.reason, r.weight) for r in reasons] == [
        (ChurnReason.BAD_SERVICE, 2),
        (ChurnReason.QUALITY_DECLINE, 2),
        (ChurnReason.NEEDS_CHANGED, 2),
    ]


def test_churn_reasons_satisfaction_policy_sets_what_is_low() -> None:
    """CHURN-REASONS: with dissatisfied_below 80, a price rated 4 of 1..5 (75) counts."""
    answers = survey(("c1", answer("price", 4, 4)))
    response = answers.responses[0]
    assert likely_reasons(response=response, survey=answers) == ()
    strict = SatisfactionPolicy(dissatisfied_below=Decimal(80), satisfied_from=Decimal(90))
    [likely] = likely_reasons(response=response, survey=answers, satisfaction_policy=strict)
    assert likely.reason is ChurnReason.PRICE_UNDERCUT


def test_churn_reasons_an_answer_at_the_dissatisfied_line_is_no_evidence() -> None:
    """CHURN-REASONS: a price rated 3 of 1..5 as expected scores 50, not below 50: no reason."""
    answers = survey(("c1", answer("price", 3, 3)))
    response = answers.responses[0]
    assert likely_reasons(response=response, survey=answers) == ()
    # With the line at 51 the same 50 is below it.
    policy = SatisfactionPolicy(dissatisfied_below=Decimal(51))
    [likely] = likely_reasons(response=response, survey=answers, satisfaction_policy=policy)
    assert likely.reason is ChurnReason.PRICE_UNDERCUT


def test_churn_reasons_undercut_category_points_to_price_undercut() -> None:
    """CHURN-REASONS: buying in a category the host flags as undercut is price undercut, 3."""
    purchases = [buy("c1", "2025-01-01", "skincare"), buy("c1", "2025-01-02", "food")]
    [likely] = likely_reasons(purchases=purchases, undercut={"skincare", "toys"})
    assert likely.reason is ChurnReason.PRICE_UNDERCUT
    assert likely.weight == 3
    assert likely.evidence == ("buys skincare, where a competitor undercuts the store's price",)


def test_churn_reasons_each_undercut_category_counts_once() -> None:
    """CHURN-REASONS: two undercut categories weigh 6; repeat purchases in one do not add."""
    purchases = [
        buy("c1", "2025-01-01", "skincare"),
        buy("c1", "2025-01-05", "skincare"),
        buy("c1", "2025-01-09", "food"),
    ]
    [likely] = likely_reasons(purchases=purchases, undercut=["skincare", "food"])
    assert likely.weight == 6
    assert likely.evidence == (
        "buys food, where a competitor undercuts the store's price",
        "buys skincare, where a competitor undercuts the store's price",
    )


def test_churn_reasons_category_shift_points_to_needs_changed() -> None:
    """CHURN-REASONS: 4 food purchases, then the last 3 in beauty and home: needs changed, 2."""
    purchases = [
        buy("c1", "2025-01-01", "food"),
        buy("c1", "2025-01-08", "food"),
        buy("c1", "2025-01-15", "beauty"),
        buy("c1", "2025-01-22", "food"),
        buy("c1", "2025-01-29", "food"),
        buy("c1", "2025-02-05", "beauty"),
        buy("c1", "2025-02-12", "home"),
        buy("c1", "2025-02-19", "beauty"),
        buy("c1", "2025-02-20"),  # no category: not counted
    ]
    [likely] = likely_reasons(purchases=list(reversed(purchases)))
    assert likely.reason is ChurnReason.NEEDS_CHANGED
    assert likely.weight == 2
    assert likely.evidence == (
        "the last 3 purchases were beauty, home, none in food (4 of the 5 earlier ones)",
    )


def test_churn_reasons_no_shift_while_the_main_category_is_still_bought() -> None:
    """CHURN-REASONS: one of the last 3 purchases in the main category: no shift."""
    purchases = [
        buy("c1", "2025-01-01", "food"),
        buy("c1", "2025-01-08", "food"),
        buy("c1", "2025-01-15", "beauty"),
        buy("c1", "2025-01-22", "food"),
        buy("c1", "2025-01-29", "home"),
    ]
    assert likely_reasons(purchases=purchases) == ()


def test_churn_reasons_no_shift_without_earlier_purchases() -> None:
    """CHURN-REASONS: with only the 3 recent purchases there is nothing to compare against."""
    purchases = [buy("c1", f"2025-01-0{n}", "beauty") for n in range(1, 4)]
    assert likely_reasons(purchases=purchases) == ()
    one_more = [buy("c1", "2024-12-01", "food"), *purchases]
    [likely] = likely_reasons(purchases=one_more)
    assert likely.reason is ChurnReason.NEEDS_CHANGED


def test_churn_reasons_recent_sets_how_many_purchases_are_compared() -> None:
    """CHURN-REASONS: with recent=2 the last 2 purchases out of food are already a shift."""
    purchases = [
        buy("c1", "2025-01-01", "food"),
        buy("c1", "2025-01-08", "food"),
        buy("c1", "2025-01-15", "food"),
        buy("c1", "2025-01-22", "home"),
        buy("c1", "2025-01-29", "home"),
    ]
    assert likely_reasons(purchases=purchases) == ()
    [likely] = likely_reasons(purchases=purchases, recent=2)
    assert likely.evidence == (
        "the last 2 purchases were home, none in food (3 of the 3 earlier ones)",
    )


def test_churn_reasons_main_category_tie_goes_to_the_first_name() -> None:
    """CHURN-REASONS: two earlier categories bought equally often: the main is the first by name."""
    purchases = [
        buy("c1", "2025-01-01", "home"),
        buy("c1", "2025-01-08", "food"),
        buy("c1", "2025-01-15", "beauty"),
        buy("c1", "2025-01-22", "home"),
        buy("c1", "2025-01-29", "home"),
    ]
    # earlier: home, food -> tie, main is food; the last 3 have no food
    [likely] = likely_reasons(purchases=purchases)
    assert "none in food (1 of the 2 earlier ones)" in likely.evidence[0]


def test_churn_reasons_ties_rank_in_the_seeds_order() -> None:
    """CHURN-REASONS: equal weights rank in the seed's order: price before quality."""
    purchases = [buy("c1", "2025-01-01", "skincare")]
    reasons = likely_reasons(
        purchases=purchases,
        cases=[closed_case("K1", Cause.PRODUCT_QUALITY)],
        undercut={"skincare"},
    )
    assert [(r.reason, r.weight) for r in reasons] == [
        (ChurnReason.PRICE_UNDERCUT, 3),
        (ChurnReason.QUALITY_DECLINE, 3),
    ]


def test_churn_reasons_rank_by_weight_before_the_seeds_order() -> None:
    """CHURN-REASONS: needs changed (2 + 2) outranks price undercut (3)."""
    purchases = [
        buy("c1", "2025-01-01", "food"),
        buy("c1", "2025-01-08", "beauty"),
        buy("c1", "2025-01-15", "beauty"),
        buy("c1", "2025-01-22", "beauty"),
    ]
    answers = survey(("c1", answer("choice", 1, 4)))
    reasons = likely_reasons(
        purchases=purchases,
        undercut={"beauty"},
        response=answers.responses[0],
        survey=answers,
    )
    assert [(r.reason, r.weight) for r in reasons] == [
        (ChurnReason.NEEDS_CHANGED, 4),
        (ChurnReason.PRICE_UNDERCUT, 3),
    ]


def test_churn_reasons_all_four_with_the_seeds_cures() -> None:
    """CHURN-REASONS: every reason carries the seed's cure and CHURN-REASONS reasons."""
    purchases = [
        buy("c1", "2025-01-01", "food"),
        buy("c1", "2025-01-08", "beauty"),
        buy("c1", "2025-01-15", "beauty"),
        buy("c1", "2025-01-22", "beauty"),
    ]
    reasons = likely_reasons(
        purchases=purchases,
        cases=[closed_case("K1", Cause.PRODUCT_QUALITY), closed_case("K2", Cause.STAFF_SERVICE)],
        undercut={"beauty"},
    )
    assert {r.reason for r in reasons} == set(ChurnReason)
    for likely in reasons:
        assert likely.cure == likely.reason.cure
        assert rule_ids(likely.reasons) == ["CHURN-REASONS"] * len(likely.evidence)
    assert "personalise" in ChurnReason.PRICE_UNDERCUT.cure
    assert "one or two years ahead" in ChurnReason.NEEDS_CHANGED.cure
    assert "quality" in ChurnReason.QUALITY_DECLINE.cure
    assert "CMP-STEPS" in ChurnReason.BAD_SERVICE.cure


def test_churn_reasons_early_warning_uses_the_customers_own_evidence() -> None:
    """CHURN-REASONS: an at-risk customer's reasons come from their own cases and answers."""
    purchases = [
        *buys("c1", "2025-01-01", "2025-01-31", "2025-03-02"),
        *buys("c2", "2025-01-01", "2025-01-31", "2025-03-02"),
    ]
    answers = survey(("c1", answer("price", 1, 4)), ("c2", answer("staff", 1, 5)))
    cases = [closed_case("K1", Cause.PRODUCT_QUALITY, customer="c2")]
    report = early_warning(purchases, as_of=d("2025-05-02"), cases=cases, survey=answers)
    first, second = report.at_risk
    assert [r.reason for r in first.likely] == [ChurnReason.PRICE_UNDERCUT]
    assert [r.reason for r in second.likely] == [
        ChurnReason.QUALITY_DECLINE,
        ChurnReason.BAD_SERVICE,
    ]
    assert rule_ids(second.reasons) == ["CHURN-NOSURPRISE", "CHURN-REASONS", "CHURN-REASONS"]


def test_churn_reasons_are_not_looked_for_customers_not_at_risk() -> None:
    """CHURN-REASONS: a customer who is not flagged gets no ChurnRisk, complaints or not."""
    purchases = buys("c1", "2025-01-01", "2025-01-31", "2025-03-02")
    cases = [closed_case("K1", Cause.PRODUCT_QUALITY)]
    assert early_warning(purchases, as_of=d("2025-04-01"), cases=cases).at_risk == ()


@pytest.mark.parametrize(
    ("options", "error", "field"),
    [
        ({"response": Response("c1")}, InvalidInputError, "survey"),
        ({"response": "c1", "survey": survey()}, InvalidTypeError, "response"),
        ({"response": Response("c1"), "survey": "s1"}, InvalidTypeError, "survey"),
        ({"purchases": [("c1", "2025-01-01")]}, InvalidTypeError, "purchases"),
        ({"purchases": "c1"}, InvalidTypeError, "purchases"),
        ({"cases": [complaint("K1")]}, InvalidTypeError, "cases"),
        ({"undercut": "food"}, InvalidTypeError, "undercut"),
        ({"undercut": [""]}, InvalidInputError, "undercut"),
        ({"undercut": [3]}, InvalidTypeError, "undercut"),
        ({"recent": 0}, InvalidInputError, "recent"),
        ({"recent": True}, InvalidTypeError, "recent"),
        ({"satisfaction_policy": ChurnPolicy()}, InvalidTypeError, "satisfaction_policy"),
    ],
)
def test_churn_reasons_bad_input(
    options: dict[str, Any], error: type[RetentionError], field: str
) -> None:
    """CHURN-REASONS: bad input to likely_reasons raises naming the argument."""
    with pytest.raises(error, match=rf"^{field}:"):
        likely_reasons(**options)


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"cases": "K1"}, "cases: expected an iterable of Case values, got 'K1' (str)"),
        (
            {"undercut": "food"},
            "undercut: expected an iterable of category names, got 'food' (str)",
        ),
    ],
)
def test_churn_reasons_bad_collections_say_what_they_take(
    options: dict[str, Any], message: str
) -> None:
    """CHURN-REASONS: cases or undercut given as one string are refused saying what they take."""
    with pytest.raises(InvalidTypeError) as caught:
        likely_reasons(**options)
    assert str(caught.value) == message


def test_churn_reasons_answer_to_an_item_the_survey_lacks_raises() -> None:
    """CHURN-REASONS: a response from another survey is refused, naming the response."""
    other = Survey(
        "s2",
        scale=Scale(1, high=5),
        items=[Item("wait", topic="capacity")],
        responses=[Response("c1", answers=[answer("wait", 1, 5)])],
    )
    with pytest.raises(InvalidInputError, match=r"^response: expected a response of survey"):
        likely_reasons(response=other.responses[0], survey=survey())


# --- CHURN-WINBACK ------------------------------------------------------------------------

LAPSED = [
    *buys("c1", "2025-01-06", "2025-01-20", "2025-02-03"),  # gaps 14: limit 28
    *buys("c2", "2025-01-06", "2025-01-20", "2025-02-03"),
]
MONDAY = d("2025-03-10")  # 35 days after 02-03: both overdue


def lapsed_report(as_of: dt.date = MONDAY, **options: Any) -> ChurnReport:
    """The early warning of the two lapsed customers; c1 is class A, c2 class B."""
    classes = {"c1": AbcClass.A, "c2": AbcClass.B}
    return early_warning(LAPSED, as_of=as_of, classes=classes, **options)


def plan_winbacks(
    winbacks: Iterable[WinBack],
    *,
    start: dt.date = MONDAY,
    days: int = 21,
    customers: Iterable[CustomerProfile] | None = None,
    history: Iterable[ContactRecord] = (),
    purchases: Iterable[Purchase] = LAPSED,
) -> ContactPlan:
    """Plan c1 and c2 for ``days`` days from ``start`` with one staff member s1."""
    profiles = [CustomerProfile("c1"), CustomerProfile("c2")] if customers is None else customers
    return plan_contacts(
        profiles,
        purchases=purchases,
        start=start,
        end=start + dt.timedelta(days=days - 1),
        calendar=CN,
        staff=[StaffMember("s1", daily_capacity=5)],
        history=history,
        winbacks=winbacks,
    )


def winback_decisions(plan: ContactPlan) -> dict[str, ContactDecision]:
    """The plan's win-back decisions by contact ID."""
    return {x.contact_id: x for x in plan.decisions if x.purpose is Purpose.WINBACK}


def test_churn_winback_call_for_class_a_and_message_for_the_others() -> None:
    """CHURN-WINBACK: class A is called back, class B gets a message; anchored on the last buy."""
    call, message = lapsed_report().winbacks()
    assert call == WinBack(
        "c1",
        anchor=d("2025-02-03"),
        due=d("2025-03-11"),
        channel=Channel.PHONE,
        window_days=7,
        why="no likely reason on record: ask them why (lost-customer analysis)",
    )
    assert (message.customer_id, message.channel) == ("c2", Channel.MESSAGE)
    assert message.anchor == d("2025-02-03")
    assert message.due == d("2025-03-11")


def test_churn_winback_without_classes_everyone_gets_a_message() -> None:
    """CHURN-WINBACK: customers without a class get a message."""
    report = early_warning(LAPSED, as_of=MONDAY)
    assert [w.channel for w in report.winbacks()] == [Channel.MESSAGE, Channel.MESSAGE]


def test_churn_winback_policy_names_the_classes_called_and_the_window() -> None:
    """CHURN-WINBACK: call_classes={B} calls c2 only; winback_window_days sets the window."""
    policy = ChurnPolicy(call_classes=[AbcClass.B], winback_window_days=3)
    first, second = lapsed_report(policy=policy).winbacks()
    assert (first.customer_id, first.channel, first.window_days) == ("c1", Channel.MESSAGE, 3)
    assert (second.customer_id, second.channel, second.window_days) == ("c2", Channel.PHONE, 3)


def test_churn_winback_due_day_can_be_given() -> None:
    """CHURN-WINBACK: winbacks(due=...) sets the due day of every contact."""
    winbacks = lapsed_report().winbacks(due=d("2025-03-17"))
    assert {w.due for w in winbacks} == {d("2025-03-17")}


def test_churn_winback_why_names_the_top_reason_and_its_cure() -> None:
    """CHURN-WINBACK: the win-back says the most likely reason and the seed's cure."""
    cases = [closed_case("K1", Cause.STAFF_SERVICE, customer="c2")]
    _, message = lapsed_report(cases=cases).winbacks()
    assert message.why == f"likely bad service: {ChurnReason.BAD_SERVICE.cure}"


def test_churn_winback_planned_with_its_contact_id_and_rule() -> None:
    """CHURN-WINBACK: plan_contacts plans "{cid}/CHURN-WINBACK/{anchor}", a call by staff."""
    found = winback_decisions(plan_winbacks(lapsed_report().winbacks()))
    assert set(found) == {"c1/CHURN-WINBACK/2025-02-03", "c2/CHURN-WINBACK/2025-02-03"}
    call = found["c1/CHURN-WINBACK/2025-02-03"]
    assert call.status is Status.PLANNED
    assert (call.date, call.channel, call.assignee) == (d("2025-03-11"), Channel.PHONE, "s1")
    assert call.subject == "2025-02-03"
    assert call.reasons[0].rule_id == "CHURN-WINBACK"
    assert "last bought on 2025-02-03 by phone" in call.reasons[0].detail
    assert "ask them why" in call.reasons[0].detail
    message = found["c2/CHURN-WINBACK/2025-02-03"]
    assert (message.status, message.channel, message.assignee) == (
        Status.PLANNED,
        Channel.MESSAGE,
        None,
    )
    assert rule_ids(message.reasons) == ["CHURN-WINBACK"]


def test_churn_winback_made_is_not_planned_again() -> None:
    """CHURN-WINBACK: with the win-back in the contact history, re-planning plans no new one."""
    made = ContactRecord(
        "c1",
        date=d("2025-03-11"),
        channel=Channel.PHONE,
        purpose=Purpose.WINBACK,
        contact_id="c1/CHURN-WINBACK/2025-02-03",
        assignee="s1",
    )
    later = lapsed_report(as_of=d("2025-03-17"))  # a week on, still lapsed, same last purchase
    plan = plan_winbacks(later.winbacks(), start=d("2025-03-17"), history=[made])
    found = winback_decisions(plan)
    assert found["c1/CHURN-WINBACK/2025-02-03"].status is Status.DONE
    assert found["c1/CHURN-WINBACK/2025-02-03"].date == d("2025-03-11")
    planned_winbacks = [x for x in plan.planned if x.purpose is Purpose.WINBACK]
    assert [x.customer_id for x in planned_winbacks] == ["c2"]


def test_churn_winback_a_later_day_keeps_the_contact_id() -> None:
    """CHURN-WINBACK: a later as_of with the same last purchase gives the same contact ID."""
    first = winback_decisions(plan_winbacks(lapsed_report().winbacks()))
    later_day = d("2025-04-14")
    later = lapsed_report(as_of=later_day).winbacks()
    assert [w.due for w in later] == [d("2025-04-15"), d("2025-04-15")]
    again = winback_decisions(plan_winbacks(later, start=later_day))
    assert set(again) == set(first)


def test_churn_winback_a_new_purchase_is_a_new_lapse() -> None:
    """CHURN-WINBACK: after a purchase and a new lapse the anchor and the contact ID move on."""
    purchases = [*LAPSED, buy("c1", "2025-03-20")]  # gaps 14, 14, 45: median 14, limit 28
    report = early_warning(purchases, as_of=d("2025-05-05"), classes={"c1": AbcClass.A})
    call = report.winbacks()[0]
    assert call.anchor == d("2025-03-20")
    plan = plan_winbacks([call], start=d("2025-05-05"), purchases=purchases)
    assert set(winback_decisions(plan)) == {"c1/CHURN-WINBACK/2025-03-20"}


def test_churn_winback_opted_out_channel_suppresses_the_message() -> None:
    """CHURN-WINBACK: a customer who opted out of messages gets no win-back message."""
    customers = [
        CustomerProfile("c1"),
        CustomerProfile("c2", opt_outs=[OptOut("message", since=d("2025-01-01"))]),
    ]
    found = winback_decisions(plan_winbacks(lapsed_report().winbacks(), customers=customers))
    message = found["c2/CHURN-WINBACK/2025-02-03"]
    assert message.status is Status.SUPPRESSED
    assert message.suppressed is SuppressReason.OPT_OUT
    assert message.date is None
    assert rule_ids(message.reasons) == ["CHURN-WINBACK", "CAD-CAP"]


def test_churn_winback_call_opted_out_never_goes_by_phone() -> None:
    """CHURN-WINBACK: a class-A customer who opted out of calls is never phoned."""
    customers = [
        CustomerProfile("c1", opt_outs=[OptOut("phone", since=d("2025-01-01"))]),
        CustomerProfile("c2"),
    ]
    found = winback_decisions(plan_winbacks(lapsed_report().winbacks(), customers=customers))
    call = found["c1/CHURN-WINBACK/2025-02-03"]
    assert call.channel is not Channel.PHONE
    assert "CAD-CAP" in rule_ids(call.reasons)


def test_churn_winback_waits_for_its_due_day() -> None:
    """CHURN-WINBACK: a win-back due after the plan's end is left for a later plan."""
    winbacks = lapsed_report().winbacks(due=d("2025-04-15"))
    assert winback_decisions(plan_winbacks(winbacks, days=14)) == {}


@pytest.mark.parametrize("due", ["2025-02-03", "2025-02-02"])
def test_churn_winback_due_must_follow_the_anchor(due: str) -> None:
    """CHURN-WINBACK: a WinBack due on or before its anchor raises naming due."""
    with pytest.raises(InvalidInputError, match=r"^due:"):
        WinBack("c1", anchor=d("2025-02-03"), due=d(due))


def test_churn_winback_report_due_must_follow_the_last_purchase() -> None:
    """CHURN-WINBACK: winbacks(due=...) on the last purchase day raises naming due."""
    with pytest.raises(InvalidInputError, match=r"^due:"):
        lapsed_report().winbacks(due=d("2025-02-03"))
    with pytest.raises(InvalidTypeError, match=r"^due:"):
        lapsed_report().winbacks(due="2025-03-11")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("fields", "error", "field"),
    [
        ({"customer_id": ""}, InvalidInputError, "customer_id"),
        ({"anchor": "2025-02-03"}, InvalidTypeError, "anchor"),
        ({"channel": "in_person"}, InvalidInputError, "channel"),
        ({"channel": "fax"}, InvalidInputError, "channel"),
        ({"window_days": 0}, InvalidInputError, "window_days"),
        ({"window_days": 7.0}, InvalidTypeError, "window_days"),
        ({"why": 5}, InvalidTypeError, "why"),
    ],
)
def test_churn_winback_value_bad_input(
    fields: dict[str, Any], error: type[RetentionError], field: str
) -> None:
    """CHURN-WINBACK: a WinBack with a bad field raises naming it."""
    given_fields: dict[str, Any] = {
        "customer_id": "c1",
        "anchor": d("2025-02-03"),
        "due": d("2025-03-11"),
        **fields,
    }
    customer_id = given_fields.pop("customer_id")
    with pytest.raises(error, match=rf"^{field}:"):
        WinBack(customer_id, **given_fields)


def test_churn_winback_duplicates_raise() -> None:
    """CHURN-WINBACK: two win-backs for one customer and last purchase raise DuplicateError."""
    one = WinBack("c1", anchor=d("2025-02-03"), due=d("2025-03-11"))
    two = WinBack("c1", anchor=d("2025-02-03"), due=d("2025-03-12"), channel="phone")
    with pytest.raises(DuplicateError, match=r"^winbacks:"):
        plan_winbacks([one, two])


def test_churn_winback_for_a_customer_without_a_profile_raises() -> None:
    """CHURN-WINBACK: a win-back for a customer the plan has no profile of raises."""
    stranger = WinBack("c9", anchor=d("2025-02-03"), due=d("2025-03-11"))
    with pytest.raises(UnknownCustomerError, match="c9"):
        plan_winbacks([stranger])


def test_churn_winback_plan_refuses_other_objects() -> None:
    """CHURN-WINBACK: winbacks must be WinBack objects."""
    with pytest.raises(InvalidTypeError, match=r"^winbacks:"):
        plan_winbacks([("c1", "2025-02-03")])  # type: ignore[list-item]


# --- CHURN-WINBACK properties -------------------------------------------------------------


@st.composite
def stores_with_winbacks(draw: st.DrawFn) -> tuple[StoreInputs, list[WinBack]]:
    """A drawn store and up to two win-backs a customer, most due inside the plan."""
    store = draw(rst.stores(max_customers=5))
    span = (store.end - store.start).days
    winbacks: list[WinBack] = []
    for profile in store.customers:
        lapses = draw(st.lists(st.integers(1, 150), min_size=1, max_size=2, unique=True))
        anchors: set[dt.date] = set()
        for back in lapses:
            due = store.start + dt.timedelta(days=draw(st.integers(-5, span + 2)))
            if due - dt.timedelta(days=back) in anchors:
                continue  # one win-back per customer and last purchase
            anchors.add(due - dt.timedelta(days=back))
            winbacks.append(
                WinBack(
                    profile.customer_id,
                    anchor=due - dt.timedelta(days=back),
                    due=due,
                    channel=draw(st.sampled_from([Channel.MESSAGE, Channel.PHONE])),
                    window_days=draw(st.integers(1, 10)),
                )
            )
    return store, winbacks


def plan_store(store: StoreInputs, winbacks: list[WinBack]) -> ContactPlan:
    """plan_contacts of the drawn store with ``winbacks``."""
    return plan_contacts(
        store.customers,
        purchases=store.purchases,
        start=store.start,
        end=store.end,
        calendar=store.calendar,
        staff=store.staff,
        events=store.events,
        history=store.history,
        visits=store.visits,
        service_tasks=store.service_tasks,
        winbacks=winbacks,
        policy=store.policy,
    )


@settings(max_examples=50)
@given(stores_with_winbacks())
def test_churn_winback_plans_never_exceed_the_caps(
    inputs: tuple[StoreInputs, list[WinBack]],
) -> None:
    """CHURN-WINBACK, CAD-CAP: with win-backs, no day or rolling window goes over the caps."""
    store, winbacks = inputs
    assert_within_caps(plan_store(store, winbacks), store.history, store.policy)


@settings(max_examples=50)
@given(stores_with_winbacks())
def test_churn_winback_every_win_back_in_range_has_one_decision(
    inputs: tuple[StoreInputs, list[WinBack]],
) -> None:
    """CHURN-WINBACK: each win-back due by the plan's end gets one decision; expired ones say so."""
    store, winbacks = inputs
    plan = plan_store(store, winbacks)
    by_id = {f"{w.customer_id}/CHURN-WINBACK/{w.anchor}": w for w in winbacks}
    expected = {key for key, w in by_id.items() if w.due <= store.end}
    # the host's win-backs; the planner's own sequence has a step number after the anchor
    found = [x for x in plan.decisions if x.contact_id in by_id]
    assert sorted(x.contact_id for x in found) == sorted(expected)
    for decision in found:
        asked = by_id[decision.contact_id]
        if asked.due + dt.timedelta(days=asked.window_days - 1) < store.start:
            assert decision.suppressed is SuppressReason.WINDOW_EXPIRED, decision
    for decision in plan.planned:
        if decision.contact_id not in by_id:
            continue
        asked = by_id[decision.contact_id]
        assert decision.date is not None
        assert store.start <= decision.date <= store.end
        assert asked.due <= decision.date <= asked.due + dt.timedelta(days=asked.window_days - 1)
        assert decision.reasons[0].rule_id == "CHURN-WINBACK"


@settings(max_examples=50)
@given(stores_with_winbacks())
def test_churn_winback_respects_the_opt_outs(inputs: tuple[StoreInputs, list[WinBack]]) -> None:
    """CHURN-WINBACK, CAD-CAP: no win-back is planned on a channel the customer opted out of."""
    store, winbacks = inputs
    plan = plan_store(store, winbacks)
    profiles = {p.customer_id: p for p in store.customers}
    for decision in plan.planned:
        if decision.purpose is not Purpose.WINBACK:
            continue
        assert decision.date is not None
        for opt_out in profiles[decision.customer_id].opt_outs:
            if opt_out.since <= decision.date:
                assert decision.channel is not opt_out.channel, decision


def test_churn_winback_default_due_after_9999_12_31_names_due() -> None:
    """CHURN-WINBACK: as of 9999-12-31 there is no next day; winbacks() says so, naming due."""
    days = [dt.date(9999, 1, 1) + dt.timedelta(days=n) for n in (0, 10, 20, 30)]
    warning = early_warning(
        [Purchase("c1", date=day, amount=30) for day in days], as_of=dt.date(9999, 12, 31)
    )
    assert [risk.customer_id for risk in warning.at_risk] == ["c1"]
    with pytest.raises(InvalidInputError) as caught:
        warning.winbacks()
    assert str(caught.value) == (
        "due: 9999-12-31 + 1 day is past 9999-12-31, the last day a date can hold"
    )
    with pytest.raises(InvalidInputError, match=r"^due: expected a day after anchor"):
        warning.winbacks(due=dt.date(9999, 1, 31))


def test_churn_winback_channels_are_the_winbacks_channels() -> None:
    """CHURN-WINBACK: winback_channels() names the channel of every win-back, no more."""
    report = lapsed_report()
    assert report.winback_channels() == {"c1": Channel.PHONE, "c2": Channel.MESSAGE}
    policy = ChurnPolicy(call_classes=[AbcClass.B])
    other = lapsed_report(policy=policy)
    assert other.winback_channels() == {w.customer_id: w.channel for w in other.winbacks()}
    assert other.winback_channels() == {"c1": Channel.MESSAGE, "c2": Channel.PHONE}


def test_churn_nosurprise_reasons_made_without_checks_pass_the_checks() -> None:
    """CHURN-NOSURPRISE: the early warning's unchecked reasons are valid Reason values."""
    params = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    report = early_warning(LAPSED, as_of=MONDAY, params=params)
    made = [r for check in report.checks.values() for r in check.reasons]
    made += [r for risk in report.at_risk for r in risk.reasons]
    assert made
    for reason in made:
        assert Reason(reason.rule_id, detail=reason.detail) == reason
