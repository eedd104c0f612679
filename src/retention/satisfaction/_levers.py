"""What to do about the scores: the seed's levers and ways to satisfy, with reasons.

* SAT-LEVERS (seed 001): unique value, close contact (a club), a price advantage,
  rewards for frequent customers, capacity ahead of needs.
* SAT-DELIGHT (seed 001): complete high-quality service, a standard and fair service
  system, honest attractive standards, an unexpected surprise.
* SAT-EXPERIENCE (seed 002): experience decides whether customers return; treat them
  one by one.

:func:`recommend` reads a report's items, vetoes and loyalty outlook and returns one
:class:`Recommendation` per piece of advice that the figures call for, most urgent
first (failures before levers, SAT-VETO); each names the figures that triggered it.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence

import attrs

from retention._decimal import SHARE
from retention._text import percent, plural
from retention._validate import (
    check_id,
    check_instance,
    check_items,
    check_iterable,
    policy_or_default,
)
from retention.rules import Reason
from retention.satisfaction._policy import Competition, SatisfactionPolicy
from retention.satisfaction._results import ItemScore, LoyaltyOutlook
from retention.satisfaction._survey import Topic

__all__ = ["Advice", "Recommendation", "recommend"]


class Advice(enum.Enum):
    """One of the seeds' ways from satisfaction to loyalty, most urgent first."""

    COMPLETE_SERVICE = "complete_service"
    """Complete, high-quality service: fix what fails first (SAT-DELIGHT)."""
    INDIVIDUAL_CARE = "individual_care"
    """Contact the unhappy respondents one by one (SAT-EXPERIENCE)."""
    FAIR_SYSTEM = "fair_system"
    """A standard and fair service system (SAT-DELIGHT)."""
    HONEST_STANDARDS = "honest_standards"
    """Attractive but honest standards that do not over-promise (SAT-DELIGHT, SAT-GAP)."""
    PRICE_ADVANTAGE = "price_advantage"
    """A direct or indirect price advantage (SAT-LEVERS)."""
    CAPACITY_AHEAD = "capacity_ahead"
    """Service capacity ahead of customers' needs (SAT-LEVERS)."""
    CLOSE_CONTACT = "close_contact"
    """Close contact, e.g. a customer club (SAT-LEVERS)."""
    FREQUENT_REWARDS = "frequent_rewards"
    """Rewards for frequent customers (SAT-LEVERS)."""
    UNIQUE_VALUE = "unique_value"
    """Value no competitor offers (SAT-LEVERS)."""
    SURPRISE = "surprise"
    """An unexpected pleasant surprise (SAT-DELIGHT)."""

    @property
    def rule_id(self) -> str:
        """The rule the advice comes from."""
        return _RULE[self]


_RULE = {
    Advice.COMPLETE_SERVICE: "SAT-DELIGHT",
    Advice.INDIVIDUAL_CARE: "SAT-EXPERIENCE",
    Advice.FAIR_SYSTEM: "SAT-DELIGHT",
    Advice.HONEST_STANDARDS: "SAT-DELIGHT",
    Advice.PRICE_ADVANTAGE: "SAT-LEVERS",
    Advice.CAPACITY_AHEAD: "SAT-LEVERS",
    Advice.CLOSE_CONTACT: "SAT-LEVERS",
    Advice.FREQUENT_REWARDS: "SAT-LEVERS",
    Advice.UNIQUE_VALUE: "SAT-LEVERS",
    Advice.SURPRISE: "SAT-DELIGHT",
}


@attrs.frozen
class Recommendation:
    """One piece of advice and the figures behind it.

    Attributes:
        advice: What to do.
        reasons: Why: the rule and the figures, one reason per trigger.
        items: The items that triggered it, if any.
        respondents: Respondents to contact one by one (individual care).
    """

    advice: Advice
    reasons: tuple[Reason, ...] = attrs.field(kw_only=True)
    items: tuple[str, ...] = attrs.field(default=(), kw_only=True)
    respondents: tuple[str, ...] = attrs.field(default=(), kw_only=True)


class _Advisor:
    def __init__(self) -> None:
        self.reasons: dict[Advice, list[Reason]] = {}
        self.items: dict[Advice, list[str]] = {}
        self.respondents: tuple[str, ...] = ()

    def add(self, advice: Advice, detail: str, items: Sequence[str] = ()) -> None:
        self.reasons.setdefault(advice, []).append(Reason(advice.rule_id, detail=detail))
        listed = self.items.setdefault(advice, [])
        listed.extend(i for i in items if i not in listed)

    def result(self) -> tuple[Recommendation, ...]:
        return tuple(
            Recommendation(
                advice,
                reasons=tuple(self.reasons[advice]),
                items=tuple(self.items[advice]),
                respondents=self.respondents if advice is Advice.INDIVIDUAL_CARE else (),
            )
            for advice in Advice
            if advice in self.reasons
        )


def _low(item: ItemScore, policy: SatisfactionPolicy) -> bool:
    return item.failing > 0 or (
        item.perception is not None and item.perception < policy.satisfied_from
    )


def _items_text(items: Sequence[ItemScore]) -> str:
    return ", ".join(
        f"{i.item_id} {i.perception:.1f}"
        + (f" (failing for {plural(i.failing, 'respondent')})" if i.failing else "")
        for i in items
    )


def recommend(
    items: Sequence[ItemScore],
    *,
    vetoed: Sequence[str],
    loyalty: LoyaltyOutlook,
    policy: SatisfactionPolicy,
) -> tuple[Recommendation, ...]:
    """Advice the figures call for, most urgent first (see the module docstring).

    Raises:
        InvalidTypeError: An argument of the wrong type.
        InvalidPolicyError: ``policy`` is not a :class:`SatisfactionPolicy`.
    """
    items = check_items("items", items, ItemScore, "ItemScore objects")
    vetoed = [check_id("vetoed", v) for v in check_iterable("vetoed", vetoed, "respondent IDs")]
    check_instance("loyalty", loyalty, LoyaltyOutlook)
    policy = policy_or_default(policy, SatisfactionPolicy)
    advisor = _Advisor()
    failing = [i for i in items if i.failing]
    if failing:
        advisor.add(
            Advice.COMPLETE_SERVICE,
            "fix what fails first: "
            + ", ".join(
                f"{i.item_id} failed for {plural(i.failing, 'respondent')}" for i in failing
            )
            + "; one failing item loses the whole customer (100 - 1 = 0)",
            [i.item_id for i in failing],
        )
    if vetoed:
        advisor.respondents = tuple(vetoed)
        advisor.add(
            Advice.INDIVIDUAL_CARE,
            f"contact {plural(len(vetoed), 'respondent')} with a failing item one by one: "
            "experience decides whether they come back",
        )
    for topic, advice, what in (
        (Topic.QUALITY, Advice.COMPLETE_SERVICE, "quality below satisfied"),
        (Topic.SERVICE, Advice.FAIR_SYSTEM, "service below satisfied"),
        (Topic.PRICE, Advice.PRICE_ADVANTAGE, "price below satisfied"),
        (Topic.CAPACITY, Advice.CAPACITY_AHEAD, "waiting or availability below satisfied"),
    ):
        low = [i for i in items if i.topic is topic and _low(i, policy)]
        if low:
            advisor.add(
                advice,
                f"{what} (under {policy.satisfied_from}) or failing: {_items_text(low)}",
                [i.item_id for i in low],
            )
    over = [i for i in items if i.gap is not None and i.gap <= -policy.gap_attention]
    if over:
        advisor.add(
            Advice.HONEST_STANDARDS,
            "experience falls short of expectation by "
            + ", ".join(f"{-i.gap:.1f} points on {i.item_id}" for i in over if i.gap is not None)
            + ": promise what the store delivers (SAT-GAP)",
            [i.item_id for i in over],
        )
    _loyalty_levers(advisor, loyalty, policy)
    return advisor.result()


def _loyalty_levers(advisor: _Advisor, loyalty: LoyaltyOutlook, policy: SatisfactionPolicy) -> None:
    mercenaries = loyalty.mercenary_share
    if mercenaries is not None and mercenaries >= policy.mercenary_alert:
        detail = (
            f"{percent(mercenaries)} of respondents are satisfied but not loyal (at or above "
            f"{percent(policy.mercenary_alert)}): satisfied is not loyal (SAT-LOYALTY)"
        )
        advisor.add(Advice.CLOSE_CONTACT, detail)
        advisor.add(Advice.FREQUENT_REWARDS, detail)
    top, satisfied = loyalty.top_share, loyalty.satisfied_share
    if top is None or satisfied is None or satisfied <= top:
        return
    below_top = percent(SHARE.subtract(satisfied, top))
    if loyalty.competition is Competition.HIGH:
        advisor.add(
            Advice.UNIQUE_VALUE,
            f"under high competition only the top box is secure; {below_top} are satisfied "
            "below it",
        )
    advisor.add(
        Advice.SURPRISE,
        f"{below_top} are satisfied but not completely: an unexpected surprise lifts them "
        "into the top box",
    )
