"""SAT-*: survey scores, the veto, word of mouth, loyalty, weighting and the advice.

Expected values are worked out by hand from RULES.md and the policy's documented
defaults:

* A rating rescales to 0..100: ``100 * (rating - low) / (high - low)``; on 1..5 the
  answers 1..5 score 0, 25, 50, 75, 100.
* An answer fails its item (SAT-VETO) when its perception scores at most 25 or its gap
  (perception minus expectation) is at most -50; a respondent with a failing item
  scores 0 after the veto (cap 0), or at most the weakest failing item (cap ``None``).
* Satisfied from 75, dissatisfied below 50 (or vetoed); the top box is 100.
* Loyalty curves (top / satisfied / rest): low 0.95 / 0.90 / 0.85, moderate
  0.90 / 0.40 / 0.15, high 0.90 / 0.15 / 0.05.
* Word of mouth: a satisfied customer tells 6, a dissatisfied one 15.
"""

from __future__ import annotations

import decimal
from collections.abc import Callable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from retention.exceptions import (
    DuplicateError,
    EmptyInputError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    RetentionError,
    UnknownCustomerError,
)
from retention.satisfaction import (
    CES_SCALE,
    NPS_SCALE,
    SATISFIED_WOULD_SWITCH,
    WOM_DISSATISFIED,
    WOM_SATISFIED,
    Advice,
    Box,
    Ces,
    Competition,
    Csat,
    Item,
    ItemAnswer,
    ItemScore,
    LoyaltyCurve,
    LoyaltyZone,
    Nps,
    Recommendation,
    RespondentScore,
    Response,
    SatisfactionPolicy,
    SatisfactionReport,
    Scale,
    Survey,
    SurveyMethod,
    Topic,
    ces,
    csat,
    expected_loyalty,
    loyalty_zone,
    nps,
    poststratify,
    recommend,
    satisfaction_report,
    word_of_mouth,
)
from retention.testing import strategies as rst

FIVE = Scale(1, high=5)
SEVEN = Scale(1, high=7)
TEN = Scale(0, high=10)

ITEMS = (
    Item("price", topic=Topic.PRICE),
    Item("service", topic=Topic.SERVICE, dimension="empathy"),
    Item("quality", topic=Topic.QUALITY, dimension="reliability"),
    Item("wait", topic=Topic.CAPACITY, dimension="reliability"),
    Item("store", topic=Topic.ENVIRONMENT),
)
ALL_FIVE: dict[str, Any] = {"price": 5, "service": 5, "quality": 5, "wait": 5, "store": 5}

# Drawing a survey of up to 12 responses and scoring it takes a few ms; these counts
# keep the file well under the time budget on the ci profile too.
SOME = 50
MAX_RESPONSES = 12

SHARES = decimal.Context(prec=28)


def exact(numerator: int, denominator: int = 1) -> Decimal:
    """``numerator / denominator`` rounded once to 28 significant digits (the library's)."""
    return SHARES.divide(Decimal(numerator), Decimal(denominator))


def loose(value: object) -> Any:
    """``value`` typed as Any: a deliberately wrong input that mypy must let through."""
    return value


def respond(
    respondent_id: str,
    *,
    segment: str | None = None,
    overall: int | None = None,
    repurchase: int | None = None,
    recommend: int | None = None,
    effort: int | None = None,
    **ratings: int | tuple[int, int],
) -> Response:
    """A response; each rating is ``item=perception`` (met expectation) or a pair."""
    answers = []
    for item_id, rating in ratings.items():
        seen, hoped = rating if isinstance(rating, tuple) else (rating, rating)
        answers.append(ItemAnswer(item_id, perception=seen, expectation=hoped))
    return Response(
        respondent_id,
        answers=answers,
        segment=segment,
        overall=overall,
        repurchase=repurchase,
        recommend=recommend,
        effort=effort,
    )


def all_five(**changes: int | tuple[int, int]) -> dict[str, Any]:
    """Every item of ITEMS rated 5 as expected, except ``changes``."""
    return {**ALL_FIVE, **changes}


def survey(
    *responses: Response, scale: Scale = FIVE, items: Sequence[Item] = ITEMS, **fields: Any
) -> Survey:
    """A survey of ITEMS (by default) on ``scale`` with ``responses``."""
    return Survey("S-1", scale=scale, items=items, responses=responses, **fields)


def report(*responses: Response, scale: Scale = FIVE, **options: Any) -> SatisfactionReport:
    """The report of a survey of ``responses`` (options go to satisfaction_report)."""
    return satisfaction_report(survey(*responses, scale=scale), **options)


def advice_of(result: SatisfactionReport) -> list[Advice]:
    """The advice of a report, in its order."""
    return [r.advice for r in result.advice]


def recommendation(result: SatisfactionReport, advice: Advice) -> Recommendation:
    """The report's recommendation of ``advice``."""
    (found,) = [r for r in result.advice if r.advice is advice]
    return found


def score_of(result: SatisfactionReport, respondent_id: str) -> RespondentScore:
    """The RespondentScore of ``respondent_id``."""
    (found,) = [s for s in result.scores if s.respondent_id == respondent_id]
    return found


def item_of(result: SatisfactionReport, item_id: str) -> ItemScore:
    """The ItemScore of ``item_id``."""
    (found,) = [i for i in result.items if i.item_id == item_id]
    return found


def reason(result: SatisfactionReport, rule_id: str) -> str:
    """The detail of the report's one reason citing ``rule_id``."""
    (found,) = [r.detail for r in result.reasons if r.rule_id == rule_id]
    return found


# --- SAT-GAP: experience minus expectation ---------------------------------------------


@pytest.mark.parametrize(
    ("scale", "rating", "expected"),
    [
        (FIVE, 1, Decimal(0)),
        (FIVE, 2, Decimal(25)),
        (FIVE, 4, Decimal(75)),
        (FIVE, 5, Decimal(100)),
        (TEN, 7, Decimal(70)),
        (TEN, 0, Decimal(0)),
        (SEVEN, 3, Decimal("33.33333333333333333333333333")),
        (SEVEN, 2, Decimal("16.66666666666666666666666667")),
    ],
)
def test_sat_gap_scale_rescales_a_rating_to_0_100(
    scale: Scale, rating: int, expected: Decimal
) -> None:
    """SAT-GAP: the worst answer scores 0, the best 100, linearly in between."""
    assert scale.score(rating) == expected


def test_sat_gap_scale_points_top_boxes_and_text() -> None:
    """SAT-GAP: 1..5 has 5 points, its top two boxes are 4 and 5, and it prints as 1..5."""
    assert FIVE.points == 5
    assert TEN.points == 11
    assert list(FIVE.top(2)) == [4, 5]
    assert list(TEN.top(3)) == [8, 9, 10]
    assert list(FIVE.top(9)) == [1, 2, 3, 4, 5]
    assert str(FIVE) == "1..5"
    assert NPS_SCALE == TEN
    assert CES_SCALE == SEVEN


@pytest.mark.parametrize(
    ("scale", "points", "expected"),
    [
        (FIVE, 2, Decimal(50)),
        (FIVE, -4, Decimal(-100)),
        (FIVE, 0, Decimal(0)),
        (TEN, 3, Decimal(30)),
        (SEVEN, 1, Decimal("16.66666666666666666666666667")),
    ],
)
def test_sat_gap_scale_span_turns_points_into_score_points(
    scale: Scale, points: int, expected: Decimal
) -> None:
    """SAT-GAP: a difference of n points is 100 n / (high - low) score points."""
    assert scale.span(points) == expected


def test_sat_gap_answer_gap_is_perception_minus_expectation_in_points() -> None:
    """SAT-GAP: an answer's gap is perception minus expectation on the scale."""
    assert ItemAnswer("price", perception=3, expectation=5).gap == -2
    assert ItemAnswer("price", perception=5, expectation=2).gap == 3
    assert ItemAnswer("price", perception=4, expectation=4).gap == 0


def test_sat_gap_item_score_is_mean_perception_minus_mean_expectation() -> None:
    """SAT-GAP: price (4 vs 5) and (2 vs 3): perception 50, expectation 75, gap -25."""
    result = report(respond("r1", price=(4, 5)), respond("r2", price=(2, 3)))
    price = item_of(result, "price")
    # (75 + 25) / 2 = 50; (100 + 50) / 2 = 75.
    assert price.perception == 50
    assert price.expectation == 75
    assert price.gap == -25
    assert price.answers == 2
    assert price.topic is Topic.PRICE
    assert price.dimension is None


def test_sat_gap_experience_above_expectation_gives_a_positive_gap() -> None:
    """SAT-GAP: a 5 where a 3 was expected is +50 points."""
    result = report(respond("r1", store=(5, 3)))
    assert item_of(result, "store").gap == 50


def test_sat_gap_on_a_0_10_scale() -> None:
    """SAT-GAP: on 0..10 a 9 against an expected 10 is 90 - 100 = -10 points."""
    items = (Item("q"),)
    result = satisfaction_report(survey(respond("r1", q=(9, 10)), scale=TEN, items=items))
    assert item_of(result, "q").perception == 90
    assert item_of(result, "q").gap == -10


def test_sat_gap_unanswered_item_has_no_scores() -> None:
    """SAT-GAP: an item nobody answered has 0 answers and no perception, expectation or gap."""
    result = report(respond("r1", price=4))
    service = item_of(result, "service")
    assert (service.answers, service.perception, service.expectation, service.gap) == (
        0,
        None,
        None,
        None,
    )
    assert [i.item_id for i in result.items] == ["price", "quality", "service", "store", "wait"]


def test_sat_gap_dimension_pools_the_answers_of_its_items() -> None:
    """SAT-GAP: reliability (quality, wait) averages its 4 answers; unanswered empathy is absent."""
    result = report(
        respond("r1", quality=(4, 5), wait=(2, 2)),
        respond("r2", quality=(5, 5), wait=(3, 4)),
    )
    (reliability,) = result.dimensions
    # Perceptions 75, 25, 100, 50 -> 62.5; expectations 100, 25, 100, 75 -> 75.
    assert reliability.name == "reliability"
    assert reliability.items == ("quality", "wait")
    assert reliability.answers == 4
    assert reliability.perception == Decimal("62.5")
    assert reliability.expectation == 75
    assert reliability.gap == Decimal("-12.5")


def test_sat_gap_reason_names_the_largest_shortfall() -> None:
    """SAT-GAP: the report's reason names the item furthest below expectation."""
    result = report(respond("r1", price=(4, 5), service=(3, 5), store=(5, 4)))
    # price -25, service -50 (also failing), store +25.
    assert "largest shortfall service (-50.0 points)" in reason(result, "SAT-GAP")


# --- SAT-VETO: 100 - 1 = 0 ---------------------------------------------------------------


def test_sat_veto_caps_a_respondent_with_one_failing_item_at_zero() -> None:
    """SAT-VETO: 5, 5, 5, 5 and a 1 average 80 but score 0 after the veto (cap 0)."""
    result = report(respond("r1", **all_five(wait=1)))
    r1 = score_of(result, "r1")
    # (4 * 100 + 0) / 5 = 80.
    assert r1.mean == 80
    assert r1.veto == 0
    assert r1.vetoed_by == ("wait",)
    assert result.mean == 80
    assert result.veto == 0
    assert result.vetoed == ("r1",)


def test_sat_veto_cap_none_caps_at_the_weakest_failing_item() -> None:
    """SAT-VETO: with veto_cap=None, a 2 (25) among four 5s caps the mean 85 at 25."""
    policy = SatisfactionPolicy(veto_cap=None)
    result = report(respond("r1", **all_five(wait=2)), policy=policy)
    r1 = score_of(result, "r1")
    # (4 * 100 + 25) / 5 = 85; the failing wait scores 25.
    assert r1.mean == 85
    assert r1.veto == 25


def test_sat_veto_cap_none_takes_the_lowest_of_several_failing_items() -> None:
    """SAT-VETO: failing items scoring 25 and 50 (by gap) cap at 25, the weakest."""
    policy = SatisfactionPolicy(veto_cap=None)
    result = report(respond("r1", **all_five(wait=2, service=(3, 5))), policy=policy)
    r1 = score_of(result, "r1")
    # (3 * 100 + 25 + 50) / 5 = 75.
    assert r1.mean == 75
    assert r1.vetoed_by == ("service", "wait")
    assert r1.veto == 25


@pytest.mark.parametrize(
    ("cap", "expected"), [(Decimal(40), Decimal(40)), (Decimal(90), Decimal(85))]
)
def test_sat_veto_cap_never_lifts_the_score_above_the_mean(cap: Decimal, expected: Decimal) -> None:
    """SAT-VETO: the veto gives min(mean, cap): cap 40 gives 40, cap 90 keeps the mean 85."""
    result = report(respond("r1", **all_five(wait=2)), policy=SatisfactionPolicy(veto_cap=cap))
    assert score_of(result, "r1").veto == expected


def test_sat_veto_a_gap_of_two_points_fails_a_middling_item() -> None:
    """SAT-VETO: a 3 where a 5 was expected (gap -50) fails; a 4 against a 5 (-25) does not."""
    result = report(respond("r1", **all_five(service=(3, 5))), respond("r2", service=(4, 5)))
    assert score_of(result, "r1").vetoed_by == ("service",)
    assert score_of(result, "r2").vetoed_by == ()
    assert score_of(result, "r2").veto == 75


def test_sat_veto_floor_is_inclusive_and_set_by_the_policy() -> None:
    """SAT-VETO: a 2 (25) fails at the default floor 25 but not at a floor of 24."""
    assert score_of(report(respond("r1", price=2)), "r1").vetoed_by == ("price",)
    lower = SatisfactionPolicy(veto_floor=Decimal(24))
    assert score_of(report(respond("r1", price=2), policy=lower), "r1").vetoed_by == ()
    stricter = SatisfactionPolicy(veto_floor=Decimal(50))
    assert score_of(report(respond("r1", price=3), policy=stricter), "r1").vetoed_by == ("price",)


def test_sat_veto_report_averages_the_capped_scores() -> None:
    """SAT-VETO: one vetoed respondent (mean 80, veto 0) and one perfect: mean 90, veto 50."""
    result = report(respond("r1", **all_five(wait=1)), respond("r2", **ALL_FIVE))
    assert result.mean == 90
    assert result.veto == 50
    assert result.vetoed == ("r1",)
    assert "mean 90.0, after the veto 50.0: 1 respondent with a failing item" in reason(
        result, "SAT-VETO"
    )


def test_sat_veto_vetoing_counts_the_respondents_each_item_failed() -> None:
    """SAT-VETO: wait failed for two respondents and price for one; passing items are absent."""
    result = report(
        respond("r1", wait=1, price=5),
        respond("r2", wait=2, price=(3, 5)),
        respond("r3", wait=5, price=5),
    )
    assert dict(result.vetoing) == {"price": 1, "wait": 2}
    assert item_of(result, "wait").failing == 2
    assert item_of(result, "price").failing == 1
    assert result.vetoed == ("r1", "r2")
    assert "failing items: price (1), wait (2)" in reason(result, "SAT-VETO")


def test_sat_veto_vetoed_respondent_is_dissatisfied_whatever_overall_says() -> None:
    """SAT-VETO: a failing item puts a respondent in the rest box even with overall 5."""
    result = report(respond("r1", overall=5, **all_five(wait=1)))
    r1 = score_of(result, "r1")
    assert r1.level == 100
    assert r1.box is Box.REST
    assert not r1.satisfied
    assert result.satisfied_share == 0
    assert result.dissatisfied_share == 1


def test_sat_veto_respondent_without_items_has_no_mean() -> None:
    """SAT-VETO: a response with only overall has no mean or veto and is not a respondent."""
    result = report(respond("r1", price=4), respond("r2", overall=5))
    r2 = score_of(result, "r2")
    assert (r2.mean, r2.veto, r2.vetoed_by) == (None, None, ())
    assert r2.level == 100
    assert result.respondents == 1
    assert result.mean == 75


def test_sat_veto_report_ignores_a_low_precision_caller_context() -> None:
    """SAT-VETO: a caller's 3-digit decimal context gives the same report as the default."""
    items = (Item("a"), Item("b"))
    rated = survey(
        respond("r1", a=2, b=2),
        respond("r2", a=7, b=6),
        respond("r3", a=4, b=4),
        scale=SEVEN,
        items=items,
    )
    normal = satisfaction_report(rated)
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        low = satisfaction_report(rated)
        low_reach = low.reach(1000)
    # r1: (100/6 + 100/6) / 2 = 16.666...7 to 28 digits.
    assert score_of(normal, "r1").mean == exact(100, 6)
    assert low == normal
    assert low_reach == normal.reach(1000)


def test_sat_veto_respondent_mean_is_rounded_once() -> None:
    """SAT-VETO: 7, 7, 7, 7 and 2 on 1..7 average exactly 500/6, rounded once to 28 digits."""
    items = tuple(Item(i) for i in "abcde")
    rated = survey(respond("r1", a=7, b=7, c=7, d=7, e=2), scale=SEVEN, items=items)
    # (4 * 100 + 100/6) / 5 = 2500 / 30 = 500 / 6 = 83.333...
    assert score_of(satisfaction_report(rated), "r1").mean == exact(500, 6)


# --- SAT-WOM: 6 and 15 -------------------------------------------------------------------


def test_sat_wom_constants_are_the_seeds_six_and_fifteen() -> None:
    """SAT-WOM: a satisfied customer tells 6 people, a dissatisfied one 15."""
    assert WOM_SATISFIED == 6
    assert WOM_DISSATISFIED == 15
    policy = SatisfactionPolicy()
    assert (policy.told_by_satisfied, policy.told_by_dissatisfied) == (6, 15)


def test_sat_wom_hundred_satisfied_and_twenty_dissatisfied() -> None:
    """SAT-WOM: 100 x 6 = 600 good, 20 x 15 = 300 bad, net 300."""
    result = word_of_mouth(satisfied=100, dissatisfied=20)
    assert result.positive == 600
    assert result.negative == 300
    assert result.net == 300
    (why,) = result.reasons
    assert why.rule_id == "SAT-WOM"
    assert "100 satisfied x 6 listeners = 600" in why.detail
    assert "20 dissatisfied x 15 listeners = 300" in why.detail


def test_sat_wom_equal_counts_shrink_the_reputation() -> None:
    """SAT-WOM: 10 satisfied and 10 dissatisfied reach 60 - 150 = -90 net."""
    assert word_of_mouth(satisfied=10, dissatisfied=10).net == -90


def test_sat_wom_custom_multipliers_and_fractional_counts() -> None:
    """SAT-WOM: 2.5 satisfied telling 4 and 1 dissatisfied telling 1 reach 10 and 1."""
    result = word_of_mouth(
        satisfied=Decimal("2.5"), dissatisfied=1, told_by_satisfied=4, told_by_dissatisfied=1
    )
    assert result.positive == 10
    assert result.negative == 1
    assert result.net == 9
    assert "1 listener" in result.reasons[0].detail


def test_sat_wom_report_counts_its_own_respondents() -> None:
    """SAT-WOM: 2 satisfied and 1 dissatisfied respondent reach 12 - 15 = -3 people net."""
    result = report(respond("r1", overall=5), respond("r2", overall=4), respond("r3", overall=1))
    assert result.word_of_mouth.satisfied == 2
    assert result.word_of_mouth.dissatisfied == 1
    assert result.word_of_mouth.net == -3


def test_sat_wom_report_uses_the_policys_multipliers() -> None:
    """SAT-WOM: telling 1 and 2 instead, 1 satisfied and 1 dissatisfied reach 1 - 2 = -1."""
    policy = SatisfactionPolicy(told_by_satisfied=1, told_by_dissatisfied=2)
    result = report(respond("r1", overall=5), respond("r2", overall=1), policy=policy)
    assert result.word_of_mouth.positive == 1
    assert result.word_of_mouth.negative == 2
    assert result.word_of_mouth.net == -1


def test_sat_wom_refuses_a_negative_dissatisfied_count() -> None:
    """SAT-WOM: -1 dissatisfied customers is refused naming the field and the value."""
    with pytest.raises(InvalidInputError) as caught:
        word_of_mouth(satisfied=1, dissatisfied=-1)
    assert str(caught.value) == "dissatisfied: expected a number >= 0, got -1"


def test_sat_wom_reach_projects_the_shares_onto_a_customer_base() -> None:
    """SAT-WOM: 60 % satisfied, 10 % dissatisfied of 1000 reach 3600 and 1500, net 2100."""
    responses = [respond(f"s{i}", overall=4) for i in range(6)]
    responses += [respond(f"n{i}", overall=3) for i in range(3)]  # 50: neither
    responses.append(respond("d0", overall=2))  # 25: below 50
    result = report(*responses)
    assert result.satisfied_share == Decimal("0.6")
    assert result.dissatisfied_share == Decimal("0.1")
    reach = result.reach(1000)
    assert reach.satisfied == 600
    assert reach.dissatisfied == 100
    assert reach.positive == 3600
    assert reach.negative == 1500
    assert reach.net == 2100
    assert result.reach(0).net == 0


def test_sat_wom_reach_uses_the_policys_multipliers() -> None:
    """SAT-WOM: telling 1 and 2 instead, 600 and 100 reach 600 - 200 = 400 net."""
    policy = SatisfactionPolicy(told_by_satisfied=1, told_by_dissatisfied=2)
    responses = [respond(f"s{i}", overall=5) for i in range(6)]
    responses += [respond(f"n{i}", overall=3) for i in range(3)]
    responses.append(respond("d0", overall=1))
    assert report(*responses, policy=policy).reach(1000).net == 400


@pytest.mark.parametrize(
    ("customers", "error"),
    [(-1, InvalidInputError), (True, InvalidTypeError), (1.5, InvalidTypeError)],
)
def test_sat_wom_reach_refuses_a_bad_customer_count(
    customers: object, error: type[RetentionError]
) -> None:
    """SAT-WOM: reach() needs a whole number of customers, naming the field."""
    result = report(respond("r1", overall=5))
    with pytest.raises(error, match=r"^customers: "):
        result.reach(loose(customers))


# --- SAT-LOYALTY: satisfied is not loyal -------------------------------------------------


def test_sat_loyalty_high_competition_satisfied_keep_only_fifteen_percent() -> None:
    """SAT-LOYALTY: 85 % of satisfied customers would switch: a 75 keeps 0.15 under high."""
    assert Decimal("0.85") == SATISFIED_WOULD_SWITCH
    assert expected_loyalty(75, "high") == Decimal("0.15")
    assert expected_loyalty(99, Competition.HIGH) == Decimal("0.15")


def test_sat_loyalty_high_competition_top_box_is_six_times_as_loyal() -> None:
    """SAT-LOYALTY: completely satisfied (100) keep 0.9 = 6 x 0.15; below 75 only 0.05."""
    assert expected_loyalty(100, "high") == Decimal("0.9")
    assert expected_loyalty(100, "high") == 6 * expected_loyalty(75, "high")
    assert expected_loyalty(Decimal("74.9"), "high") == Decimal("0.05")
    assert expected_loyalty(0, "high") == Decimal("0.05")


def test_sat_loyalty_moderate_competition_is_the_default() -> None:
    """SAT-LOYALTY: moderate competition gives 0.9 / 0.4 / 0.15 and is the default."""
    assert expected_loyalty(100) == Decimal("0.9")
    assert expected_loyalty(80) == Decimal("0.4")
    assert expected_loyalty(50) == Decimal("0.15")
    assert expected_loyalty(80, "moderate") == expected_loyalty(80)


def test_sat_loyalty_low_competition_barely_moves_with_satisfaction() -> None:
    """SAT-LOYALTY: in a near monopoly 0.95 / 0.9 / 0.85, a spread of 0.1 against 0.85."""
    low = [expected_loyalty(level, "low") for level in (100, 80, 10)]
    high = [expected_loyalty(level, "high") for level in (100, 80, 10)]
    assert low == [Decimal("0.95"), Decimal("0.9"), Decimal("0.85")]
    assert max(low) - min(low) == Decimal("0.1")
    assert max(high) - min(high) == Decimal("0.85")


def test_sat_loyalty_policy_sets_the_curve_and_the_satisfied_line() -> None:
    """SAT-LOYALTY: a custom high curve and a satisfied line at 60 change the rates."""
    policy = SatisfactionPolicy(
        satisfied_from=Decimal(60),
        high_competition=LoyaltyCurve(top=Decimal(1), satisfied=Decimal("0.5"), rest=Decimal(0)),
    )
    assert expected_loyalty(60, "high", policy=policy) == Decimal("0.5")
    assert expected_loyalty(59, "high", policy=policy) == 0
    assert expected_loyalty(100, "high", policy=policy) == 1


@pytest.mark.parametrize(
    ("satisfied", "loyal", "zone"),
    [
        (True, True, LoyaltyZone.LOYALIST),
        (True, False, LoyaltyZone.MERCENARY),
        (False, True, LoyaltyZone.HOSTAGE),
        (False, False, LoyaltyZone.DEFECTOR),
    ],
)
def test_sat_loyalty_jones_sasser_zones(*, satisfied: bool, loyal: bool, zone: LoyaltyZone) -> None:
    """SAT-LOYALTY: satisfaction and loyalty give the four Jones & Sasser zones."""
    assert loyalty_zone(satisfied=satisfied, loyal=loyal) is zone


def test_sat_loyalty_report_counts_the_zones_of_those_who_answered_repurchase() -> None:
    """SAT-LOYALTY: one respondent per zone; one without repurchase is not zoned."""
    result = report(
        respond("r1", overall=5, repurchase=5),  # satisfied, loyal
        respond("r2", overall=4, repurchase=2),  # satisfied, not loyal
        respond("r3", overall=2, repurchase=4),  # loyal (75), not satisfied
        respond("r4", overall=1, repurchase=3),  # neither (50 < 75)
        respond("r5", overall=5),
    )
    assert dict(result.loyalty.zones) == {
        "loyalist": 1,
        "mercenary": 1,
        "hostage": 1,
        "defector": 1,
    }
    assert result.loyalty.mercenary_share == Decimal("0.25")
    zones = {s.respondent_id: s.zone for s in result.scores}
    assert zones == {
        "r1": LoyaltyZone.LOYALIST,
        "r2": LoyaltyZone.MERCENARY,
        "r3": LoyaltyZone.HOSTAGE,
        "r4": LoyaltyZone.DEFECTOR,
        "r5": None,
    }
    assert score_of(result, "r5").loyal is None
    assert any("25.0 % of 4 respondents" in r.detail for r in result.loyalty.reasons)


@pytest.mark.parametrize(
    ("competition", "expected", "secure"),
    [
        # Boxes top, satisfied, rest: (0.95 + 0.9 + 0.85) / 3, 2 of 3 secure.
        ("low", exact(270, 300), exact(2, 3)),
        # Moderate: the mean of 0.9, 0.4 and 0.15.
        ("moderate", exact(145, 300), exact(2, 3)),
        # (0.9 + 0.15 + 0.05) / 3, only the top box secure.
        ("high", exact(110, 300), exact(1, 3)),
    ],
)
def test_sat_loyalty_outlook_by_competition(
    competition: str, expected: Decimal, secure: Decimal
) -> None:
    """SAT-LOYALTY: one top, one satisfied and one other respondent under each competition."""
    result = report(
        respond("r1", overall=5),
        respond("r2", overall=4),
        respond("r3", overall=2),
        competition=competition,
    )
    outlook = result.loyalty
    assert outlook.competition is Competition(competition)
    assert outlook.answers == 3
    assert outlook.expected == expected
    assert outlook.top_share == exact(1, 3)
    assert outlook.satisfied_share == exact(2, 3)
    assert outlook.secure_share == secure
    assert outlook.reasons[0].rule_id == "SAT-LOYALTY"
    assert outlook.reasons[0].detail.startswith(f"{competition} competition: ")


def test_sat_loyalty_boxes_of_respondents() -> None:
    """SAT-LOYALTY: overall 5 is the top box, 4 satisfied, 3 the rest; repurchase 4 is loyal."""
    result = report(
        respond("r1", overall=5, repurchase=4),
        respond("r2", overall=4, repurchase=3),
        respond("r3", overall=3),
    )
    assert [s.box for s in result.scores] == [Box.TOP, Box.SATISFIED, Box.REST]
    assert [s.loyal for s in result.scores] == [True, False, None]


# --- SAT-SURVEY: weighted by segment, with the count behind it --------------------------


def segmented(counts: dict[str, int]) -> list[Response]:
    """``counts[segment]`` responses per segment, IDs like ``"A0"``."""
    return [
        Response(f"{segment}{index}", segment=segment)
        for segment, count in counts.items()
        for index in range(count)
    ]


def test_sat_survey_poststratify_weights_each_segment_by_its_customers() -> None:
    """SAT-SURVEY: A/B/C with 48/72/120 customers and 4/1/5 answers weigh 1/20, 3/10, 1/10."""
    weights = poststratify(segmented({"A": 4, "B": 1, "C": 5}), {"A": 48, "B": 72, "C": 120})
    # Shares 0.2, 0.3, 0.5 of 240 customers, divided by the answers.
    assert weights.exact("A0") == Fraction(1, 20)
    assert weights.exact("B0") == Fraction(3, 10)
    assert weights.exact("C4") == Fraction(1, 10)
    assert weights.by_respondent["A3"] == Decimal("0.05")
    assert [
        (s.segment, s.population_share, s.answers, s.answer_share, s.weight, s.effective_answers)
        for s in weights.strata
    ] == [
        ("A", Decimal("0.2"), 4, Decimal("0.4"), Decimal("0.05"), Decimal(4)),
        ("B", Decimal("0.3"), 1, Decimal("0.1"), Decimal("0.3"), Decimal(1)),
        ("C", Decimal("0.5"), 5, Decimal("0.5"), Decimal("0.1"), Decimal(5)),
    ]
    # Kish: 1 / (4/400 + 9/100 + 5/100) = 1 / 0.15 = 20/3.
    assert weights.effective_answers == exact(20, 3)


def test_sat_survey_weights_sum_to_one_and_give_each_segment_its_share() -> None:
    """SAT-SURVEY: whoever answered, the weights sum to 1 and each segment weighs its share."""
    responses = segmented({"A": 3, "B": 7})
    weights = poststratify(responses, {"A": Decimal("0.7"), "B": Decimal("0.3")})
    assert sum(weights.exact(r.respondent_id) for r in responses) == 1
    assert sum(weights.exact(f"A{i}") for i in range(3)) == Fraction(7, 10)
    assert sum(weights.exact(f"B{i}") for i in range(7)) == Fraction(3, 10)


def test_sat_survey_segment_without_customers_weighs_nothing() -> None:
    """SAT-SURVEY: answers from a segment with 0 customers weigh 0 and count 0 effective."""
    weights = poststratify(segmented({"A": 2, "Z": 3}), {"A": 10, "Z": 0})
    assert weights.exact("Z0") == 0
    assert weights.exact("A1") == Fraction(1, 2)
    (_, zero) = weights.strata
    assert (zero.segment, zero.answers) == ("Z", 3)
    assert zero.weight == zero.effective_answers == 0
    assert weights.effective_answers == 2


def test_sat_survey_report_is_weighted_by_the_population() -> None:
    """SAT-SURVEY: A (1 of 4 customers) 100, B (3 of 4) 0 and 50: mean 43.75, not 50."""
    rated = survey(
        respond("r1", segment="A", recommend=10, price=5),
        respond("r2", segment="B", recommend=0, price=1),
        respond("r3", segment="B", recommend=10, price=3),
    )
    plain = satisfaction_report(rated)
    weighted = satisfaction_report(rated, population={"A": 1, "B": 3})
    assert plain.mean == 50
    # r1 weighs 1/4, r2 and r3 3/8: 100/4 + 0 + 50 * 3/8 = 43.75.
    assert weighted.mean == Decimal("43.75")
    assert score_of(weighted, "r2").weight == Decimal("0.375")
    # Promoters 1/4 + 3/8 = 5/8, detractors 3/8: NPS 25 (unweighted 100/3).
    assert weighted.nps is not None
    assert weighted.nps.score == 25
    assert plain.nps is not None
    assert plain.nps.score == exact(100, 3)
    # Kish's n: one over the squared weights 1/16 + 9/64 + 9/64, i.e. 32/11.
    assert weighted.effective_respondents == exact(32, 11)
    assert plain.effective_respondents == 3
    assert weighted.weights is not None
    assert plain.weights is None


def test_sat_survey_reason_says_how_many_answered_how_and_who_ran_it() -> None:
    """SAT-SURVEY: the reason gives the responses, the method, the third party and the strata."""
    rated = survey(
        respond("r1", segment="A", price=5),
        respond("r2", segment="B", price=1),
        respond("r3", segment="B", price=3),
        method="phone_follow_up",
        third_party=True,
    )
    weighted = satisfaction_report(rated, population={"A": 1, "B": 3})
    assert weighted.method is SurveyMethod.PHONE_FOLLOW_UP
    assert weighted.third_party is True
    assert reason(weighted, "SAT-SURVEY") == (
        "3 responses by phone follow up, run by a third party; weighted so each segment "
        "counts by its share of customers (A 25.0 % of customers, 1 answer, "
        "B 75.0 % of customers, 2 answers)"
    )


def test_sat_survey_default_is_a_form_run_by_the_store_itself() -> None:
    """SAT-SURVEY: by default a survey is a form the store ran, every respondent equal."""
    result = report(respond("r1", price=4))
    assert result.method is SurveyMethod.FORM
    assert result.third_party is False
    assert reason(result, "SAT-SURVEY") == (
        "1 response by form, run by the store itself; every respondent weighs the same "
        "(no population given)"
    )


def test_sat_survey_scores_say_how_many_answers_stand_behind_them() -> None:
    """SAT-SURVEY: item respondents, NPS, CSAT and CES answers are counted separately."""
    result = report(
        respond("r1", price=4, recommend=10, overall=5, effort=7),
        respond("r2", price=2, recommend=6, overall=4),
        respond("r3", recommend=8, overall=2, effort=4),
        respond("r4"),
    )
    assert result.respondents == 2
    assert item_of(result, "price").answers == 2
    assert result.nps is not None
    assert result.csat is not None
    assert result.ces is not None
    # NPS: 1 promoter, 1 passive, 1 detractor -> 0.
    assert (result.nps.score, result.nps.answers) == (Decimal(0), 3)
    # CSAT: 5 and 4 of 5, 4, 2 -> 2/3.
    assert (result.csat.share, result.csat.answers) == (exact(2, 3), 3)
    # CES: 7 and 4 -> mean 5.5, half easy.
    assert (result.ces.mean, result.ces.easy_share, result.ces.answers) == (
        Decimal("5.5"),
        Decimal("0.5"),
        2,
    )


def test_sat_survey_no_answers_give_no_standard_scores() -> None:
    """SAT-SURVEY: nobody answered recommend, overall or effort: no NPS, CSAT or CES."""
    result = report(respond("r1", price=4))
    assert (result.nps, result.csat, result.ces) == (None, None, None)


def test_sat_survey_report_csat_uses_the_policys_boxes() -> None:
    """SAT-SURVEY: with csat_boxes=1 only the 5 of 5, 4, 2 counts: CSAT 1/3."""
    result = report(
        respond("r1", overall=5),
        respond("r2", overall=4),
        respond("r3", overall=2),
        policy=SatisfactionPolicy(csat_boxes=1),
    )
    assert result.csat is not None
    assert result.csat.share == exact(1, 3)
    assert result.csat.boxes == (5,)


def test_sat_survey_keeps_items_and_responses_sorted_by_id() -> None:
    """SAT-SURVEY: the survey sorts items, responses and answers, so arrival order is moot."""
    shuffled = survey(
        respond("r2", store=4, price=3),
        respond("r1", wait=2),
        items=list(reversed(ITEMS)),
        method="mystery_shopper",
    )
    assert [i.item_id for i in shuffled.items] == ["price", "quality", "service", "store", "wait"]
    assert [r.respondent_id for r in shuffled.responses] == ["r1", "r2"]
    assert [a.item_id for a in shuffled.responses[1].answers] == ["price", "store"]
    assert shuffled.method is SurveyMethod.MYSTERY_SHOPPER
    assert shuffled.item("wait").topic is Topic.CAPACITY
    assert Item("x", topic="price").topic is Topic.PRICE


def test_sat_survey_dimension_rows_list_their_items_comma_separated() -> None:
    """SAT-SURVEY: the dimensions table gives reliability's items as "quality, wait"."""
    rows = report(respond("r1", **ALL_FIVE)).to_records(table="dimensions")
    assert [(row["dimension"], row["items"]) for row in rows] == [
        ("empathy", "service"),
        ("reliability", "quality, wait"),
    ]


def test_sat_survey_html_tables_count_their_own_rows() -> None:
    """SAT-SURVEY: 3 respondents and 2 dimensions: each table shows all its rows, none more."""
    three = report(*(respond(f"r{i}", **ALL_FIVE) for i in range(3)))
    for table in ("items", "dimensions", "respondents"):
        text = three.to_html(table=table)
        assert "more row" not in text
        assert "(no rows)" not in text
    one = report(respond("r1", **ALL_FIVE))
    assert "more row" not in one.to_html(table="respondents")
    assert "\u2026 1 more row" in one.to_html(table="dimensions", max_rows=1)


def test_sat_survey_html_shows_fifty_rows_by_default() -> None:
    """SAT-SURVEY: of 51 respondents the HTML table shows 50 and says 1 more row."""
    many = report(*(respond(f"r{i:02}", overall=4) for i in range(51)))
    text = many.to_html(table="respondents")
    assert text.count("<tr><td>") == 50
    assert "\u2026 1 more row" in text
    assert "r49" in text
    assert "r50" not in text


# --- SAT-LEVERS, SAT-DELIGHT, SAT-EXPERIENCE: the advice ---------------------------------


def test_sat_levers_low_price_asks_for_a_price_advantage() -> None:
    """SAT-LEVERS: price at 50 (under 75) asks for a price advantage, naming the item."""
    result = report(respond("r1", overall=5, **all_five(price=3)))
    assert advice_of(result) == [Advice.PRICE_ADVANTAGE]
    found = recommendation(result, Advice.PRICE_ADVANTAGE)
    assert found.items == ("price",)
    assert found.respondents == ()
    (why,) = found.reasons
    assert why.rule_id == "SAT-LEVERS"
    assert "price 50.0" in why.detail


def test_sat_levers_price_at_the_satisfied_line_asks_nothing() -> None:
    """SAT-LEVERS: price at exactly 75 (a 4) is satisfied: no advice at all."""
    result = report(respond("r1", overall=5, **all_five(price=4)))
    assert result.advice == ()


def test_sat_levers_low_capacity_asks_for_capacity_ahead_of_needs() -> None:
    """SAT-LEVERS: waiting at 50 asks for capacity ahead of needs."""
    result = report(respond("r1", overall=5, **all_five(wait=3)))
    assert advice_of(result) == [Advice.CAPACITY_AHEAD]
    found = recommendation(result, Advice.CAPACITY_AHEAD)
    assert found.items == ("wait",)
    assert found.reasons[0].rule_id == "SAT-LEVERS"


def test_sat_delight_low_service_asks_for_a_fair_service_system() -> None:
    """SAT-DELIGHT: service at 50 asks for a standard and fair service system."""
    result = report(respond("r1", overall=5, **all_five(service=3)))
    assert advice_of(result) == [Advice.FAIR_SYSTEM]
    assert recommendation(result, Advice.FAIR_SYSTEM).reasons[0].rule_id == "SAT-DELIGHT"


def test_sat_delight_low_quality_asks_for_complete_service() -> None:
    """SAT-DELIGHT: quality at 50 asks for complete high-quality service, no one-by-one care."""
    result = report(respond("r1", overall=5, **all_five(quality=3)))
    assert advice_of(result) == [Advice.COMPLETE_SERVICE]
    found = recommendation(result, Advice.COMPLETE_SERVICE)
    assert found.items == ("quality",)
    assert found.reasons[0].rule_id == "SAT-DELIGHT"


def test_sat_experience_failing_item_asks_to_contact_the_vetoed_one_by_one() -> None:
    """SAT-EXPERIENCE: store failing for r1 and r2 fixes it first and lists them for care."""
    result = report(
        respond("r1", overall=5, **all_five(store=(1, 1))),
        respond("r2", overall=5, **all_five(store=(2, 2))),
        respond("r3", overall=5, **ALL_FIVE),
    )
    assert advice_of(result) == [Advice.COMPLETE_SERVICE, Advice.INDIVIDUAL_CARE]
    complete = recommendation(result, Advice.COMPLETE_SERVICE)
    assert complete.items == ("store",)
    assert complete.reasons[0].rule_id == "SAT-DELIGHT"
    assert "store failed for 2 respondents" in complete.reasons[0].detail
    care = recommendation(result, Advice.INDIVIDUAL_CARE)
    assert care.respondents == ("r1", "r2")
    assert care.items == ()
    (why,) = care.reasons
    assert why.rule_id == "SAT-EXPERIENCE"
    assert "contact 2 respondents" in why.detail


def test_sat_levers_topic_advice_says_which_items_fail_and_only_care_lists_respondents() -> None:
    """SAT-LEVERS: price 0 fails for 1 respondent and says so; wait at 50 fails nobody."""
    result = report(respond("r1", overall=5, **all_five(price=(1, 1), wait=3)))
    assert advice_of(result) == [
        Advice.COMPLETE_SERVICE,
        Advice.INDIVIDUAL_CARE,
        Advice.PRICE_ADVANTAGE,
        Advice.CAPACITY_AHEAD,
    ]
    (price,) = recommendation(result, Advice.PRICE_ADVANTAGE).reasons
    assert price.detail == (
        "price below satisfied (under 75) or failing: price 0.0 (failing for 1 respondent)"
    )
    (wait,) = recommendation(result, Advice.CAPACITY_AHEAD).reasons
    assert wait.detail == "waiting or availability below satisfied (under 75) or failing: wait 50.0"
    # SAT-EXPERIENCE: only individual care names the respondents to contact.
    assert recommendation(result, Advice.INDIVIDUAL_CARE).respondents == ("r1",)
    for advice in (Advice.COMPLETE_SERVICE, Advice.PRICE_ADVANTAGE, Advice.CAPACITY_AHEAD):
        assert recommendation(result, advice).respondents == ()


def test_sat_experience_low_but_not_failing_asks_for_no_individual_care() -> None:
    """SAT-EXPERIENCE: a respondent at 50 everywhere fails nothing, so nobody is listed."""
    middling: dict[str, Any] = dict.fromkeys(ALL_FIVE, 3)
    result = report(respond("r1", overall=3, **middling))
    assert result.vetoed == ()
    assert Advice.INDIVIDUAL_CARE not in advice_of(result)
    # Quality, service, price and waiting all sit at 50, under the satisfied line.
    assert advice_of(result) == [
        Advice.COMPLETE_SERVICE,
        Advice.FAIR_SYSTEM,
        Advice.PRICE_ADVANTAGE,
        Advice.CAPACITY_AHEAD,
    ]


def test_sat_experience_individual_care_lists_the_vetoed_whatever_their_weight() -> None:
    """SAT-EXPERIENCE: a vetoed respondent of a 0-customer segment is still contacted."""
    rated = survey(
        respond("p1", segment="prospects", overall=5, **all_five(wait=1)),
        respond("a1", segment="A", overall=5, **ALL_FIVE),
        respond("a2", segment="A", overall=5, **all_five(price=(1, 1))),
    )
    result = satisfaction_report(rated, population={"A": 10, "prospects": 0})
    assert score_of(result, "p1").weight == 0
    assert recommendation(result, Advice.INDIVIDUAL_CARE).respondents == ("a2", "p1")
    assert dict(result.vetoing) == {"price": 1, "wait": 1}


def test_sat_experience_every_response_gets_its_own_score() -> None:
    """SAT-EXPERIENCE: each respondent, even a prospect who answered nothing, is scored apart."""
    result = report(
        respond("c1", overall=4, **ALL_FIVE),
        respond("c2", **all_five(service=1)),
        respond("prospect"),
    )
    assert [s.respondent_id for s in result.scores] == ["c1", "c2", "prospect"]
    c1, c2, prospect = result.scores
    assert (c1.veto, c1.box, c1.vetoed_by) == (Decimal(100), Box.SATISFIED, ())
    assert (c2.veto, c2.box, c2.vetoed_by) == (Decimal(0), Box.REST, ("service",))
    assert (prospect.mean, prospect.level, prospect.box, prospect.zone) == (None, None, None, None)
    assert prospect.weight == exact(1, 3)


def test_sat_delight_expectation_gap_asks_for_honest_standards() -> None:
    """SAT-DELIGHT: store 4 against an expected 5 (gap -25) asks for honest standards."""
    result = report(respond("r1", overall=5, **all_five(store=(4, 5))))
    assert advice_of(result) == [Advice.HONEST_STANDARDS]
    found = recommendation(result, Advice.HONEST_STANDARDS)
    assert found.items == ("store",)
    assert found.reasons[0].rule_id == "SAT-DELIGHT"
    assert "25.0 points on store" in found.reasons[0].detail


def test_sat_delight_honest_standards_lists_every_short_item() -> None:
    """SAT-DELIGHT: service and store 4 against 5 expected each fall 25 points short."""
    result = report(respond("r1", overall=5, **all_five(service=(4, 5), store=(4, 5))))
    found = recommendation(result, Advice.HONEST_STANDARDS)
    assert found.items == ("service", "store")
    (why,) = found.reasons
    assert why.detail == (
        "experience falls short of expectation by 25.0 points on service, "
        "25.0 points on store: promise what the store delivers (SAT-GAP)"
    )


@pytest.mark.parametrize(("attention", "advised"), [(10, True), (25, True), (26, False)])
def test_sat_gap_attention_line_is_inclusive(*, attention: int, advised: bool) -> None:
    """SAT-GAP: a gap of -25 asks for honest standards at a line of 10 or 25, not 26."""
    policy = SatisfactionPolicy(gap_attention=Decimal(attention))
    result = report(respond("r1", overall=5, **all_five(store=(4, 5))), policy=policy)
    assert (Advice.HONEST_STANDARDS in advice_of(result)) is advised


def test_sat_levers_mercenaries_ask_for_close_contact_and_rewards() -> None:
    """SAT-LEVERS: 1 of 5 satisfied-but-not-loyal (0.2) asks for a club and rewards."""
    responses = [respond("m", overall=5, repurchase=2, **ALL_FIVE)]
    responses += [respond(f"l{i}", overall=5, repurchase=5, **ALL_FIVE) for i in range(4)]
    result = report(*responses)
    assert result.loyalty.mercenary_share == Decimal("0.2")
    assert advice_of(result) == [Advice.CLOSE_CONTACT, Advice.FREQUENT_REWARDS]
    for advice in (Advice.CLOSE_CONTACT, Advice.FREQUENT_REWARDS):
        (why,) = recommendation(result, advice).reasons
        assert why.rule_id == "SAT-LEVERS"
        assert "20.0 % of respondents are satisfied but not loyal" in why.detail


def test_sat_levers_few_mercenaries_ask_nothing() -> None:
    """SAT-LEVERS: 1 of 6 mercenaries (under 0.2) asks for no loyalty lever."""
    responses = [respond("m", overall=5, repurchase=2, **ALL_FIVE)]
    responses += [respond(f"l{i}", overall=5, repurchase=5, **ALL_FIVE) for i in range(5)]
    assert report(*responses).advice == ()


def test_sat_levers_high_competition_satisfied_below_top_ask_for_unique_value() -> None:
    """SAT-LEVERS: high competition, satisfied below the top: unique value and a surprise."""
    responses = [respond("r1", overall=4, **ALL_FIVE), respond("r2", overall=4, **ALL_FIVE)]
    result = report(*responses, competition="high")
    assert advice_of(result) == [Advice.UNIQUE_VALUE, Advice.SURPRISE]
    unique = recommendation(result, Advice.UNIQUE_VALUE)
    assert unique.reasons[0].rule_id == "SAT-LEVERS"
    assert "100.0 % are satisfied below it" in unique.reasons[0].detail
    surprise = recommendation(result, Advice.SURPRISE)
    assert surprise.reasons[0].rule_id == "SAT-DELIGHT"


@pytest.mark.parametrize("competition", ["low", "moderate"])
def test_sat_delight_satisfied_below_top_ask_for_a_surprise(competition: str) -> None:
    """SAT-DELIGHT: without high competition, satisfied-not-top asks only for a surprise."""
    result = report(respond("r1", overall=4, **ALL_FIVE), competition=competition)
    assert advice_of(result) == [Advice.SURPRISE]


@pytest.mark.parametrize("unknown", ["top_share", "satisfied_share"])
def test_sat_delight_outlook_without_a_share_asks_for_no_surprise(unknown: str) -> None:
    """SAT-DELIGHT: an outlook lacking the top or satisfied share cannot call for a surprise."""
    result = report(respond("r1", overall=4, **ALL_FIVE))
    assert advice_of(result) == [Advice.SURPRISE]  # satisfied 1, top 0
    changes: dict[str, Any] = {unknown: None}
    outlook = attrs.evolve(result.loyalty, **changes)
    advice = recommend(result.items, vetoed=(), loyalty=outlook, policy=SatisfactionPolicy())
    assert advice == ()


def test_sat_levers_advice_comes_most_urgent_first() -> None:
    """SAT-LEVERS: a failing item comes before one-by-one care, which comes before price."""
    result = report(respond("r1", **all_five(store=1, price=3)))
    assert advice_of(result) == [
        Advice.COMPLETE_SERVICE,
        Advice.INDIVIDUAL_CARE,
        Advice.PRICE_ADVANTAGE,
    ]


@pytest.mark.parametrize(
    ("advice", "rule_id"),
    [
        (Advice.COMPLETE_SERVICE, "SAT-DELIGHT"),
        (Advice.INDIVIDUAL_CARE, "SAT-EXPERIENCE"),
        (Advice.FAIR_SYSTEM, "SAT-DELIGHT"),
        (Advice.HONEST_STANDARDS, "SAT-DELIGHT"),
        (Advice.PRICE_ADVANTAGE, "SAT-LEVERS"),
        (Advice.CAPACITY_AHEAD, "SAT-LEVERS"),
        (Advice.CLOSE_CONTACT, "SAT-LEVERS"),
        (Advice.FREQUENT_REWARDS, "SAT-LEVERS"),
        (Advice.UNIQUE_VALUE, "SAT-LEVERS"),
        (Advice.SURPRISE, "SAT-DELIGHT"),
    ],
)
def test_sat_levers_each_advice_names_its_rule(advice: Advice, rule_id: str) -> None:
    """SAT-LEVERS: each piece of advice cites the rule it comes from."""
    assert advice.rule_id == rule_id


# --- the standard scores: NPS, CSAT, CES -------------------------------------------------


def test_sat_survey_nps_of_every_answer_once() -> None:
    """SAT-SURVEY: NPS of 0..10 is (2 - 7) / 11 x 100 = -500/11, with its counts."""
    result = nps(range(11))
    assert result.score == exact(-500, 11)
    assert (result.promoters, result.passives, result.detractors) == (2, 2, 7)
    assert result.answers == 11
    assert result.effective_answers == 11
    assert str(result) == "NPS -45.5 (n=11)"


@pytest.mark.parametrize(
    ("answer", "kind", "score"),
    [
        (0, "detractors", -100),
        (6, "detractors", -100),
        (7, "passives", 0),
        (8, "passives", 0),
        (9, "promoters", 100),
        (10, "promoters", 100),
    ],
)
def test_sat_survey_nps_boundaries(answer: int, kind: str, score: int) -> None:
    """SAT-SURVEY: 0-6 detract, 7-8 are passive, 9-10 promote."""
    result = nps([answer])
    assert getattr(result, kind) == 1
    assert result.promoters + result.passives + result.detractors == 1
    assert result.score == score


def test_sat_survey_nps_mixed_answers() -> None:
    """SAT-SURVEY: 10, 9, 8, 3 are 2 promoters and 1 detractor of 4: NPS 25."""
    assert nps([10, 9, 8, 3]).score == 25
    assert nps(iter([9, 6, 6])).score == exact(-100, 3)


@pytest.mark.parametrize(
    ("ratings", "options", "share", "boxes"),
    [
        ([5, 4, 3, 2], {}, Decimal("0.5"), (4, 5)),
        ([5, 4, 3], {"boxes": 1}, exact(1, 3), (5,)),
        ([7, 6, 5], {"scale": SEVEN}, exact(2, 3), (6, 7)),
        ([10, 8, 7, 0], {"scale": TEN, "boxes": 3}, Decimal("0.5"), (8, 9, 10)),
        ([1, 1], {}, Decimal(0), (4, 5)),
        ([2, 1], {"boxes": 5}, Decimal(1), (1, 2, 3, 4, 5)),
    ],
)
def test_sat_survey_csat_is_the_top_box_share(
    ratings: list[int], options: dict[str, Any], share: Decimal, boxes: tuple[int, ...]
) -> None:
    """SAT-SURVEY: CSAT is the share of answers in the top boxes (top-2 of 1..5 by default)."""
    result = csat(ratings, **options)
    assert result.share == share
    assert result.boxes == boxes
    assert result.answers == len(ratings)


@pytest.mark.parametrize(
    ("ratings", "mean", "easy"),
    [
        ([7, 5, 3, 1], Decimal(4), Decimal("0.5")),
        ([5, 6, 7], Decimal(6), Decimal(1)),
        ([1, 2], Decimal("1.5"), Decimal(0)),
        ([4, 5], Decimal("4.5"), Decimal("0.5")),
        ([1, 2, 2], exact(5, 3), Decimal(0)),
    ],
)
def test_sat_survey_ces_mean_and_easy_share(
    ratings: list[int], mean: Decimal, easy: Decimal
) -> None:
    """SAT-SURVEY: CES is the mean answer on 1..7 and the share answering 5 to 7."""
    result = ces(ratings)
    assert result.mean == mean
    assert result.easy_share == easy
    assert result.answers == len(ratings)
    assert result.effective_answers == len(ratings)


# --- bad input ---------------------------------------------------------------------------


def bad_answer(**changes: object) -> Callable[[], object]:
    """A survey build where r1's price answer has ``changes``."""

    def build() -> object:
        fields: dict[str, Any] = {"perception": 3, "expectation": 3, **changes}
        return survey(Response("r1", answers=[ItemAnswer("price", **fields)]))

    return build


def bad_response(**fields: Any) -> Callable[[], object]:
    """A survey build where r1 has ``fields``."""
    return lambda: survey(Response("r1", **fields))


BAD_INPUT: list[tuple[str, Callable[[], object], type[RetentionError], str]] = [
    ("scale high = low", lambda: Scale(5, high=5), InvalidInputError, "high"),
    ("scale high < low", lambda: Scale(5, high=1), InvalidInputError, "high"),
    ("scale float low", lambda: Scale(loose(1.0), high=5), InvalidTypeError, "low"),
    ("scale bool high", lambda: Scale(0, high=True), InvalidTypeError, "high"),
    (
        "perception off scale",
        bad_answer(perception=6),
        InvalidInputError,
        r"responses\['r1'\]\.price\.perception",
    ),
    (
        "expectation off scale",
        bad_answer(expectation=0),
        InvalidInputError,
        r"responses\['r1'\]\.price\.expectation",
    ),
    (
        "expectation missing",
        lambda: ItemAnswer("price", perception=3),
        InvalidInputError,
        "expectation",
    ),
    ("expectation None", bad_answer(expectation=None), InvalidInputError, "expectation"),
    ("perception NaN", bad_answer(perception=float("nan")), InvalidTypeError, "perception"),
    ("perception float", bad_answer(perception=3.0), InvalidTypeError, "perception"),
    ("perception bool", bad_answer(perception=True), InvalidTypeError, "perception"),
    ("expectation Decimal", bad_answer(expectation=Decimal(3)), InvalidTypeError, "expectation"),
    (
        "empty item ID",
        lambda: ItemAnswer("", perception=3, expectation=3),
        InvalidInputError,
        "item_id",
    ),
    (
        "overall off scale",
        bad_response(overall=6),
        InvalidInputError,
        r"responses\['r1'\]\.overall",
    ),
    (
        "repurchase off scale",
        bad_response(repurchase=0),
        InvalidInputError,
        r"responses\['r1'\]\.repurchase",
    ),
    ("overall float", bad_response(overall=4.5), InvalidTypeError, "overall"),
    ("recommend off 0..10", bad_response(recommend=11), InvalidInputError, "recommend"),
    ("recommend bool", bad_response(recommend=False), InvalidTypeError, "recommend"),
    ("effort off 1..7", bad_response(effort=0), InvalidInputError, "effort"),
    (
        "unknown item",
        bad_response(answers=[ItemAnswer("colour", perception=3, expectation=3)]),
        InvalidInputError,
        r"responses\['r1'\]\.answers",
    ),
    ("answers not ItemAnswers", bad_response(answers=[3]), InvalidTypeError, "answers"),
    (
        "duplicate answer",
        bad_response(answers=[ItemAnswer("price", perception=3, expectation=3)] * 2),
        DuplicateError,
        "answers",
    ),
    (
        "duplicate respondent",
        lambda: survey(respond("r1", price=3), respond("r1", wait=3)),
        DuplicateError,
        "responses",
    ),
    (
        "duplicate item",
        lambda: survey(items=[Item("price"), Item("price", topic="quality")]),
        DuplicateError,
        "items",
    ),
    ("unknown topic", lambda: Item("price", topic="colour"), InvalidInputError, "topic"),
    ("unknown method", lambda: survey(method="email"), InvalidInputError, "method"),
    ("third party not bool", lambda: survey(third_party="yes"), InvalidTypeError, "third_party"),
    (
        "scale not a Scale",
        lambda: Survey("S", scale=loose("1..5"), items=[], responses=[]),
        InvalidTypeError,
        "scale",
    ),
    (
        "items not iterable",
        lambda: Survey("S", scale=FIVE, items=5, responses=[]),
        InvalidTypeError,
        "items",
    ),
    ("unknown item lookup", lambda: survey().item("colour"), InvalidInputError, "item_id"),
]


@pytest.mark.parametrize(
    ("build", "error", "field"),
    [pytest.param(build, error, field, id=name) for name, build, error, field in BAD_INPUT],
)
def test_sat_survey_bad_input_raises_naming_the_field(
    build: Callable[[], object], error: type[RetentionError], field: str
) -> None:
    """SAT-SURVEY: a rating off the scale, a wrong type or a duplicate raises, naming the field."""
    with pytest.raises(error, match=rf"^{field}: "):
        build()


def test_sat_gap_missing_expectation_message_cites_the_rule() -> None:
    """SAT-GAP: leaving the expectation out says the gap needs it."""
    with pytest.raises(InvalidInputError, match=r"^expectation: .*SAT-GAP"):
        ItemAnswer("price", perception=3)


def test_sat_survey_duplicate_respondent_message_says_one_response_each() -> None:
    """SAT-SURVEY: two responses of r1 are refused: one response per respondent."""
    with pytest.raises(DuplicateError) as caught:
        survey(respond("r1", price=3), respond("r1", wait=3))
    assert str(caught.value) == "responses: expected one response per respondent, got 'r1' twice"


def test_sat_survey_unknown_item_message_lists_the_survey_items() -> None:
    """SAT-SURVEY: an answer to an unknown item names the item and the survey's items."""
    with pytest.raises(InvalidInputError, match=r"'colour'") as info:
        survey(respond("r1", colour=3), items=[Item("price"), Item("wait")])
    assert "(price, wait)" in str(info.value)


BAD_WEIGHTING: list[tuple[str, dict[str, object], list[Response], type[RetentionError], str]] = [
    (
        "stratum without answers",
        {"A": 1, "C": 5},
        segmented({"A": 2}),
        EmptyInputError,
        r"population\['C'\]",
    ),
    (
        "segment the population lacks",
        {"A": 1},
        segmented({"A": 1, "D": 1}),
        InvalidInputError,
        r"responses\['D0'\]\.segment",
    ),
    ("no segment", {"A": 1}, [Response("r1")], InvalidInputError, r"responses\['r1'\]\.segment"),
    ("no customers at all", {"A": 0}, segmented({"A": 1}), EmptyInputError, "population"),
    (
        "negative count",
        {"A": -1, "B": 2},
        segmented({"A": 1, "B": 1}),
        InvalidInputError,
        r"population\['A'\]",
    ),
    (
        "NaN count",
        {"A": float("nan")},
        segmented({"A": 1}),
        InvalidInputError,
        r"population\['A'\]",
    ),
    ("bool count", {"A": True}, segmented({"A": 1}), InvalidTypeError, r"population\['A'\]"),
    ("empty segment name", {"": 1}, segmented({"A": 1}), InvalidInputError, "population"),
]


@pytest.mark.parametrize(
    ("population", "responses", "error", "field"),
    [pytest.param(p, r, e, f, id=name) for name, p, r, e, f in BAD_WEIGHTING],
)
def test_sat_survey_bad_population_raises_naming_the_field(
    population: dict[str, object],
    responses: list[Response],
    error: type[RetentionError],
    field: str,
) -> None:
    """SAT-SURVEY: a population that cannot weigh the answers raises, naming the field."""
    with pytest.raises(error, match=rf"^{field}: "):
        poststratify(responses, population)
    with pytest.raises(error, match=rf"^{field}: "):
        satisfaction_report(survey(*responses), population=population)


def test_sat_survey_stratum_without_answers_names_its_share() -> None:
    """SAT-SURVEY: the empty stratum's message gives its share of the customers."""
    with pytest.raises(EmptyInputError, match=r"^population\['C'\]: .*83\.3 % of them"):
        poststratify(segmented({"A": 2}), {"A": 1, "C": 5})


def test_sat_survey_population_must_be_a_mapping() -> None:
    """SAT-SURVEY: a population that is not a mapping is a type error naming population."""
    with pytest.raises(InvalidTypeError, match=r"^population: "):
        poststratify(segmented({"A": 1}), loose([("A", 1)]))
    with pytest.raises(InvalidTypeError, match=r"^responses: "):
        poststratify(loose(["r1"]), {"A": 1})


def test_sat_survey_no_responses_with_an_empty_segment_raise_empty_input() -> None:
    """SAT-SURVEY: no answers at all, with a 0-customer segment first, is EmptyInputError."""
    with pytest.raises(EmptyInputError, match=r"^population\['B'\]: "):
        poststratify([], {"A": 0, "B": 10})


def test_sat_survey_poststratify_refuses_a_duplicate_respondent() -> None:
    """SAT-SURVEY: two responses with one respondent ID cannot be weighted (DuplicateError)."""
    with pytest.raises(DuplicateError, match=r"^responses: .*'r1'"):
        poststratify([Response("r1", segment="A"), Response("r1", segment="B")], {"A": 1, "B": 1})


BAD_STANDARD: list[tuple[str, Callable[[], object], type[RetentionError], str]] = [
    ("empty nps", lambda: nps([]), EmptyInputError, "scores"),
    ("empty csat", lambda: csat([]), EmptyInputError, "ratings"),
    ("empty ces", lambda: ces(iter([])), EmptyInputError, "ratings"),
    ("nps 11", lambda: nps([9, 11]), InvalidInputError, r"scores\[1\]"),
    ("nps -1", lambda: nps([-1]), InvalidInputError, r"scores\[0\]"),
    ("nps float", lambda: nps([loose(9.0)]), InvalidTypeError, r"scores\[0\]"),
    ("nps NaN", lambda: nps([loose(float("nan"))]), InvalidTypeError, r"scores\[0\]"),
    ("nps bool", lambda: nps([True]), InvalidTypeError, r"scores\[0\]"),
    ("nps string", lambda: nps(loose("910")), InvalidTypeError, "scores"),
    ("csat off 1..5", lambda: csat([6]), InvalidInputError, r"ratings\[0\]"),
    ("csat 0 boxes", lambda: csat([5], boxes=0), InvalidInputError, "boxes"),
    ("csat bad scale", lambda: csat([5], scale=loose("1..5")), InvalidTypeError, "scale"),
    ("ces off 1..7", lambda: ces([8]), InvalidInputError, r"ratings\[0\]"),
    ("ces 0", lambda: ces([0]), InvalidInputError, r"ratings\[0\]"),
    ("level above 100", lambda: expected_loyalty(101), InvalidInputError, "level"),
    ("level negative", lambda: expected_loyalty(-1), InvalidInputError, "level"),
    ("level NaN", lambda: expected_loyalty(float("nan")), InvalidInputError, "level"),
    ("level bool", lambda: expected_loyalty(level=True), InvalidTypeError, "level"),
    (
        "unknown competition",
        lambda: expected_loyalty(50, "fierce"),
        InvalidInputError,
        "competition",
    ),
    (
        "negative satisfied",
        lambda: word_of_mouth(satisfied=-1, dissatisfied=0),
        InvalidInputError,
        "satisfied",
    ),
    (
        "NaN dissatisfied",
        lambda: word_of_mouth(satisfied=1, dissatisfied=Decimal("NaN")),
        InvalidInputError,
        "dissatisfied",
    ),
    (
        "negative multiplier",
        lambda: word_of_mouth(satisfied=1, dissatisfied=1, told_by_satisfied=-1),
        InvalidInputError,
        "told_by_satisfied",
    ),
    (
        "float multiplier",
        lambda: word_of_mouth(satisfied=1, dissatisfied=1, told_by_dissatisfied=loose(1.5)),
        InvalidTypeError,
        "told_by_dissatisfied",
    ),
    (
        "report of a non-survey",
        lambda: satisfaction_report(loose("S-1")),
        InvalidTypeError,
        "survey",
    ),
    (
        "report unknown competition",
        lambda: satisfaction_report(survey(), competition="fierce"),
        InvalidInputError,
        "competition",
    ),
]


@pytest.mark.parametrize(
    ("build", "error", "field"),
    [pytest.param(build, error, field, id=name) for name, build, error, field in BAD_STANDARD],
)
def test_sat_loyalty_bad_scores_input_raises_naming_the_field(
    build: Callable[[], object], error: type[RetentionError], field: str
) -> None:
    """SAT-LOYALTY: bad NPS/CSAT/CES, loyalty, word-of-mouth or report input names the field."""
    with pytest.raises(error, match=rf"^{field}: "):
        build()


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: nps(loose("910")), "scores: expected an iterable of int ratings, got '910' (str)"),
        (lambda: ces(loose(7)), "ratings: expected an iterable of int ratings, got 7 (int)"),
    ],
)
def test_sat_survey_ratings_not_iterable_say_int_ratings_are_expected(
    build: Callable[[], object], message: str
) -> None:
    """SAT-SURVEY: nps() and ces() of one value instead of ratings say int ratings are expected."""
    with pytest.raises(InvalidTypeError) as caught:
        build()
    assert str(caught.value) == message


BAD_POLICY: list[tuple[str, Callable[[], object], str]] = [
    ("veto floor negative", lambda: SatisfactionPolicy(veto_floor=Decimal(-1)), "veto_floor"),
    ("veto floor above 100", lambda: SatisfactionPolicy(veto_floor=Decimal(101)), "veto_floor"),
    ("veto gap positive", lambda: SatisfactionPolicy(veto_gap=Decimal(1)), "veto_gap"),
    ("veto cap above 100", lambda: SatisfactionPolicy(veto_cap=101), "veto_cap"),
    ("veto cap negative", lambda: SatisfactionPolicy(veto_cap=-1), "veto_cap"),
    ("veto cap NaN", lambda: SatisfactionPolicy(veto_cap=float("nan")), "veto_cap"),
    ("veto cap bool", lambda: SatisfactionPolicy(veto_cap=True), "veto_cap"),
    (
        "satisfied above 100",
        lambda: SatisfactionPolicy(satisfied_from=Decimal(120)),
        "satisfied_from",
    ),
    (
        "dissatisfied above satisfied",
        lambda: SatisfactionPolicy(dissatisfied_below=Decimal(80)),
        "dissatisfied_below",
    ),
    ("negative listeners", lambda: SatisfactionPolicy(told_by_satisfied=-1), "told_by_satisfied"),
    (
        "float listeners",
        lambda: SatisfactionPolicy(told_by_dissatisfied=loose(1.5)),
        "told_by_dissatisfied",
    ),
    ("no csat box", lambda: SatisfactionPolicy(csat_boxes=0), "csat_boxes"),
    (
        "mercenary above 1",
        lambda: SatisfactionPolicy(mercenary_alert=Decimal("1.5")),
        "mercenary_alert",
    ),
    (
        "gap attention negative",
        lambda: SatisfactionPolicy(gap_attention=Decimal(-1)),
        "gap_attention",
    ),
    (
        "curve not a curve",
        lambda: SatisfactionPolicy(low_competition=loose("flat")),
        "low_competition",
    ),
    ("curve rate above 1", lambda: LoyaltyCurve(top=Decimal(2)), "top"),
    ("curve falling", lambda: LoyaltyCurve(top=Decimal("0.3")), "LoyaltyCurve"),
    (
        "report policy not a policy",
        lambda: satisfaction_report(survey(), policy=loose({"veto_cap": 0})),
        "policy",
    ),
]


@pytest.mark.parametrize(
    ("build", "field"),
    [pytest.param(build, field, id=name) for name, build, field in BAD_POLICY],
)
def test_sat_veto_bad_policy_raises_invalid_policy(build: Callable[[], object], field: str) -> None:
    """SAT-VETO: a policy value out of range or inconsistent raises InvalidPolicyError."""
    with pytest.raises(InvalidPolicyError, match=rf"^{field}: "):
        build()


def test_sat_veto_policy_defaults() -> None:
    """SAT-VETO: defaults are floor 25, gap -50, cap 0, satisfied 75, dissatisfied 50."""
    policy = SatisfactionPolicy()
    assert policy.veto_floor == 25
    assert policy.veto_gap == -50
    assert policy.veto_cap == 0
    assert policy.satisfied_from == 75
    assert policy.dissatisfied_below == 50
    assert policy.csat_boxes == 2
    assert policy.mercenary_alert == Decimal("0.2")
    assert policy.gap_attention == 10
    assert policy.curve(Competition.HIGH).satisfied == 1 - SATISFIED_WOULD_SWITCH


# --- properties --------------------------------------------------------------------------


@st.composite
def populations(draw: st.DrawFn, rated: Survey) -> dict[str, int]:
    """Customers per segment of the survey's respondents (maybe none in some, never in all).

    Sometimes adds a segment ``"Z"`` with no customers and no answers.
    """
    present = sorted({r.segment for r in rated.responses if r.segment is not None})
    counts = {segment: draw(st.integers(0, 500)) for segment in present}
    if not any(counts.values()):
        counts[present[0]] = draw(st.integers(1, 500))
    if draw(st.booleans()):
        counts["Z"] = 0
    return counts


def in_range(value: Decimal | None, low: int, high: int) -> bool:
    """Whether ``value`` is None or within ``[low, high]``."""
    return value is None or low <= value <= high


@settings(max_examples=SOME)
@given(
    rst.surveys(max_responses=MAX_RESPONSES),
    st.sampled_from(Competition),
    st.sampled_from([Decimal(0), None, Decimal(60)]),
    st.data(),
)
def test_sat_veto_scores_stay_in_range(
    rated: Survey, competition: Competition, cap: Decimal | None, data: st.DataObject
) -> None:
    """SAT-VETO: means, vetoes and gaps stay on 0..100 (gaps -100..100), shares on 0..1."""
    population = data.draw(st.none() | populations(rated))
    result = satisfaction_report(
        rated,
        population=population,
        competition=competition,
        policy=SatisfactionPolicy(veto_cap=cap),
    )
    assert in_range(result.mean, 0, 100)
    assert in_range(result.veto, 0, 100)
    for item in result.items:
        assert in_range(item.perception, 0, 100)
        assert in_range(item.expectation, 0, 100)
        assert in_range(item.gap, -100, 100)
        assert 0 <= item.failing <= item.answers
    for dimension in result.dimensions:
        assert in_range(dimension.perception, 0, 100)
        assert in_range(dimension.gap, -100, 100)
    for score in result.scores:
        assert in_range(score.mean, 0, 100)
        assert in_range(score.veto, 0, 100)
        assert in_range(score.level, 0, 100)
        assert 0 <= score.weight <= 1
    outlook = result.loyalty
    for share in (
        result.satisfied_share,
        result.dissatisfied_share,
        outlook.top_share,
        outlook.satisfied_share,
        outlook.secure_share,
        outlook.mercenary_share,
    ):
        assert in_range(share, 0, 1)
    curve = result.policy.curve(competition)
    assert outlook.expected is None or curve.rest <= outlook.expected <= curve.top
    assert result.nps is None or -100 <= result.nps.score <= 100
    assert result.csat is None or 0 <= result.csat.share <= 1
    assert result.ces is None or 1 <= result.ces.mean <= 7
    assert 0 <= result.effective_respondents <= result.respondents
    assert result.respondents == sum(1 for s in result.scores if s.mean is not None)


@settings(max_examples=SOME)
@given(rst.surveys(max_responses=MAX_RESPONSES), st.data())
def test_sat_veto_never_exceeds_the_mean(rated: Survey, data: st.DataObject) -> None:
    """SAT-VETO: after the veto, no respondent and no report scores above the plain mean."""
    population = data.draw(st.none() | populations(rated))
    cap = data.draw(st.sampled_from([Decimal(0), None, Decimal(50)]))
    result = satisfaction_report(
        rated, population=population, policy=SatisfactionPolicy(veto_cap=cap)
    )
    for score in result.scores:
        if score.mean is None:
            assert score.veto is None
            continue
        assert score.veto is not None
        assert score.veto <= score.mean
        assert (score.veto == score.mean) or bool(score.vetoed_by)
        if score.vetoed_by and cap is not None:
            assert score.veto <= cap
    if result.mean is not None:
        assert result.veto is not None
        assert result.veto <= result.mean
    assert set(result.vetoed) == {s.respondent_id for s in result.scores if s.vetoed_by}
    assert sum(result.vetoing.values()) == sum(len(s.vetoed_by) for s in result.scores)


@settings(max_examples=SOME)
@given(rst.surveys(max_responses=MAX_RESPONSES))
def test_sat_veto_weakest_link_cap_never_scores_below_the_zero_cap(rated: Survey) -> None:
    """SAT-VETO: capping at the weakest failing item never scores below capping at 0."""
    zero = satisfaction_report(rated)
    weakest = satisfaction_report(rated, policy=SatisfactionPolicy(veto_cap=None))
    for strict, lenient in zip(zero.scores, weakest.scores, strict=True):
        assert (strict.veto is None) == (lenient.veto is None)
        if strict.veto is not None and lenient.veto is not None:
            assert strict.veto <= lenient.veto
    assert zero.mean == weakest.mean


@settings(max_examples=SOME)
@given(rst.surveys(max_responses=MAX_RESPONSES), st.data())
def test_sat_gap_raising_one_perception_never_lowers_the_scores(
    rated: Survey, data: st.DataObject
) -> None:
    """SAT-GAP: a better experience on one item never lowers the mean, the veto or the item."""
    high = rated.scale.high
    choices = [(r, a) for r in rated.responses for a in r.answers if a.perception < high]
    assume(choices)
    response, answer = data.draw(st.sampled_from(choices))
    better = attrs.evolve(answer, perception=data.draw(st.integers(answer.perception + 1, high)))
    raised_response = attrs.evolve(
        response, answers=[better if a is answer else a for a in response.answers]
    )
    raised = attrs.evolve(
        rated, responses=[raised_response if r is response else r for r in rated.responses]
    )
    population = data.draw(st.none() | populations(rated))
    cap = data.draw(st.sampled_from([Decimal(0), None]))
    policy = SatisfactionPolicy(veto_cap=cap)
    before = satisfaction_report(rated, population=population, policy=policy)
    after = satisfaction_report(raised, population=population, policy=policy)
    assert before.mean is not None
    assert after.mean is not None
    assert after.mean >= before.mean
    assert before.veto is not None
    assert after.veto is not None
    assert after.veto >= before.veto
    was, now = item_of(before, answer.item_id), item_of(after, answer.item_id)
    assert was.perception is not None
    assert now.perception is not None
    assert now.perception >= was.perception
    assert now.failing <= was.failing
    mine_before = score_of(before, response.respondent_id)
    mine_after = score_of(after, response.respondent_id)
    assert mine_before.mean is not None
    assert mine_after.mean is not None
    assert mine_after.mean > mine_before.mean
    assert mine_before.veto is not None
    assert mine_after.veto is not None
    assert mine_after.veto >= mine_before.veto


@settings(max_examples=SOME)
@given(rst.surveys(max_responses=MAX_RESPONSES), st.data())
def test_sat_survey_weights_sum_to_one_and_reproduce_the_population(
    rated: Survey, data: st.DataObject
) -> None:
    """SAT-SURVEY: exact weights sum to 1 and each stratum's weights sum to its share."""
    population = data.draw(populations(rated))
    weights = poststratify(rated.responses, population)
    ids = [r.respondent_id for r in rated.responses]
    assert set(weights.by_respondent) == set(ids)
    assert sum(weights.exact(rid) for rid in ids) == 1
    total = sum(population.values())
    assert [s.segment for s in weights.strata] == sorted(population)
    for stratum in weights.strata:
        members = [r.respondent_id for r in rated.responses if r.segment == stratum.segment]
        share = Fraction(population[stratum.segment], total)
        assert sum(weights.exact(rid) for rid in members) == share
        assert stratum.answers == len(members)
        assert stratum.population_share == exact(share.numerator, share.denominator)
        for rid in members:
            assert weights.exact(rid) == (share / len(members) if share else 0)
            assert weights.by_respondent[rid] == stratum.weight
    assert 0 < weights.effective_answers <= len(ids)


@settings(max_examples=SOME)
@given(rst.surveys(max_responses=MAX_RESPONSES))
def test_sat_survey_population_in_proportion_to_the_answers_changes_no_score(
    rated: Survey,
) -> None:
    """SAT-SURVEY: when each segment answered in proportion to its customers, weighting is moot."""
    counts: dict[str, int] = {}
    for response in rated.responses:
        assert response.segment is not None
        counts[response.segment] = counts.get(response.segment, 0) + 1
    plain = satisfaction_report(rated)
    weighted = satisfaction_report(rated, population={s: 3 * n for s, n in counts.items()})
    assert weighted.mean == plain.mean
    assert weighted.veto == plain.veto
    assert weighted.items == plain.items
    assert weighted.nps == plain.nps
    assert weighted.csat == plain.csat
    assert weighted.loyalty == plain.loyalty
    assert weighted.advice == plain.advice


@settings(max_examples=SOME)
@given(rst.surveys(max_responses=MAX_RESPONSES), st.data())
def test_sat_survey_order_of_responses_and_items_never_matters(
    rated: Survey, data: st.DataObject
) -> None:
    """SAT-SURVEY: shuffling responses, items and answers gives an equal survey and report."""
    responses = [
        attrs.evolve(r, answers=data.draw(st.permutations(r.answers)))
        for r in data.draw(st.permutations(rated.responses))
    ]
    shuffled = attrs.evolve(
        rated, items=data.draw(st.permutations(rated.items)), responses=responses
    )
    assert shuffled == rated
    population = data.draw(st.none() | populations(rated))
    assert satisfaction_report(shuffled, population=population) == satisfaction_report(
        rated, population=population
    )


@given(st.lists(st.integers(0, 10), min_size=1, max_size=40))
def test_sat_survey_nps_stays_between_minus_and_plus_hundred(scores: list[int]) -> None:
    """SAT-SURVEY: NPS is in -100..100 and its three groups add up to the answers."""
    result = nps(scores)
    assert -100 <= result.score <= 100
    assert result.promoters + result.passives + result.detractors == result.answers == len(scores)
    expected = Fraction(100 * (result.promoters - result.detractors), len(scores))
    assert result.score == exact(expected.numerator, expected.denominator)


@given(st.lists(st.integers(1, 7), min_size=1, max_size=40), st.integers(1, 8))
def test_sat_survey_csat_and_ces_shares_stay_between_zero_and_one(
    ratings: list[int], boxes: int
) -> None:
    """SAT-SURVEY: CSAT and the CES easy share are in 0..1; the CES mean is in 1..7."""
    share = csat(ratings, scale=SEVEN, boxes=boxes).share
    assert 0 <= share <= 1
    assert share == exact(sum(r > 7 - boxes for r in ratings), len(ratings))
    effort = ces(ratings)
    assert 1 <= effort.mean <= 7
    assert 0 <= effort.easy_share <= 1
    assert effort.mean == exact(sum(ratings), len(ratings))


@settings(max_examples=SOME)
@given(rst.surveys(segments=("A", "B"), max_responses=8))
def test_sat_survey_strategy_draws_valid_narrowed_surveys(rated: Survey) -> None:
    """SAT-SURVEY: surveys() honours its segments and size limits and builds a scorable survey."""
    assert 1 <= len(rated.responses) <= 8
    assert 1 <= len(rated.items) <= 5
    assert {r.segment for r in rated.responses} <= {"A", "B"}
    assert rated.scale in (FIVE, SEVEN, TEN)
    satisfaction_report(rated, competition="high")


# --- only a RetentionError escapes (issue 17) ----------------------------------------------


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda s: s.check("\x1b[31m", 3),
            InvalidInputError,
            "field: expected a field name of printable characters, got '\\x1b[31m'",
        ),
        (
            lambda s: s.score(6),
            InvalidInputError,
            "rating: expected an int rating from 1 to 5, got 6",
        ),
        (lambda s: s.exact("3"), InvalidTypeError, "rating: expected an int rating, got '3' (str)"),
        (lambda s: s.span(5), InvalidInputError, "points: expected an int from -4 to 4, got 5"),
        (lambda s: s.span(" "), InvalidTypeError, "points: expected an int rating, got ' ' (str)"),
        (lambda s: s.top(0), InvalidInputError, "boxes: expected an int >= 1, got 0"),
        (lambda s: s.top({}), InvalidTypeError, "boxes: expected an int >= 1, got {} (dict)"),
    ],
)
def test_a_scale_checks_what_it_is_asked_about(
    call: Callable[[Scale], object], error: type[Exception], message: str
) -> None:
    """SAT-GAP: a scale's score, exact, span, top and check name a bad argument."""
    with pytest.raises(error) as caught:
        call(Scale(1, high=5))
    assert str(caught.value) == message


def test_sat_survey_item_id_with_a_control_character_is_checked_on_one_line() -> None:
    """SAT-SURVEY: an item ID with a control character is valid; a bad rating there is one line."""
    item = Item("q\x85x")

    def survey(expectation: int) -> Survey:
        answer = ItemAnswer("q\x85x", perception=4, expectation=expectation)
        return Survey("s", scale=FIVE, items=[item], responses=[Response("r1", answers=[answer])])

    assert survey(3).items == (item,)
    with pytest.raises(InvalidInputError) as caught:
        survey(9)
    assert str(caught.value) == (
        "responses['r1'].q\\x85x.expectation: expected an int rating from 1 to 5, got 9"
    )


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: Nps.of([(11, Fraction(1))]),
            InvalidInputError,
            "pairs[0][0]: expected an int rating from 0 to 10, got 11",
        ),
        (lambda: Nps.of([]), EmptyInputError, "pairs: expected at least one answer, got none"),
        (
            lambda: Nps.of(None),
            InvalidTypeError,
            "pairs: expected an iterable of (rating, weight) pairs, got None (NoneType)",
        ),
        (
            lambda: Nps.of([3]),
            InvalidTypeError,
            "pairs[0]: expected a (rating, weight) pair, got 3 (int)",
        ),
        (
            lambda: Ces.of([(3, -1)]),
            InvalidInputError,
            "pairs[0][1]: expected a weight >= 0, got -1",
        ),
        (
            lambda: Ces.of([(3, 1.5)]),
            InvalidTypeError,
            "pairs[0][1]: expected a Fraction weight, got 1.5 (float)",
        ),
        (
            lambda: Csat.of([(3, 1)], None, 2),
            InvalidTypeError,
            "scale: expected a Scale, got None (NoneType)",
        ),
    ],
)
def test_standard_scores_of_weighted_answers_check_the_pairs(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    """SAT-SURVEY: Nps.of, Csat.of and Ces.of refuse pairs that are not (rating, weight)."""
    with pytest.raises(error) as caught:
        call()
    assert str(caught.value) == message


def test_standard_scores_of_weighted_answers_take_int_weights() -> None:
    """SAT-SURVEY: an int weight counts like the same Fraction."""
    assert Nps.of([(10, 1), (0, Fraction(1))]) == Nps.of([(10, Fraction(1)), (0, Fraction(1))])


def test_a_policy_curve_takes_a_competition_or_its_value() -> None:
    """SAT-LOYALTY: curve("high") is the high-competition curve; curve("fierce") is refused."""
    policy = SatisfactionPolicy()
    assert policy.curve("high") == policy.high_competition  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError) as caught:
        policy.curve("fierce")  # type: ignore[arg-type]
    assert str(caught.value) == (
        "competition: expected 'low', 'moderate' or 'high', got 'fierce' (str)"
    )


def test_recommend_checks_its_arguments() -> None:
    """SAT-LEVERS: recommend() with items that are not ItemScores, or no outlook, names them."""
    result = report(respond("r1", **all_five()), respond("r2", **all_five(price=(1, 5))))
    policy = SatisfactionPolicy()
    with pytest.raises(InvalidTypeError) as caught:
        recommend(loose([1]), vetoed=(), loyalty=result.loyalty, policy=policy)
    assert str(caught.value) == "items: expected ItemScore objects, got 1 (int)"
    with pytest.raises(InvalidTypeError) as caught:
        recommend(result.items, vetoed=(), loyalty=loose(None), policy=policy)
    assert str(caught.value) == "loyalty: expected a LoyaltyOutlook, got None (NoneType)"
    advice = recommend(result.items, vetoed=result.vetoed, loyalty=result.loyalty, policy=policy)
    assert advice == result.advice


def test_weights_exact_names_an_unknown_respondent() -> None:
    """SAT-SURVEY: weights.exact("nobody") is an UnknownCustomerError, [] an InvalidTypeError."""
    responses = [Response("r1", segment="A"), Response("r2", segment="B")]
    weights = poststratify(responses, {"A": 1, "B": 1})
    assert weights.exact("r1") == Fraction(1, 2)
    with pytest.raises(UnknownCustomerError) as caught:
        weights.exact("nobody")
    assert str(caught.value) == "respondent_id: expected a respondent of the survey, got 'nobody'"
    with pytest.raises(InvalidTypeError) as caught:
        weights.exact([])  # type: ignore[arg-type]
    assert str(caught.value) == "respondent_id: expected a str, got [] (list)"
