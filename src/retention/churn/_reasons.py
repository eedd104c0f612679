"""Why a customer is drifting away: the seed's four reasons, ranked (CHURN-REASONS).

Seed 003 names four reasons customers leave, each with its cure: a competitor undercut
the price (of an offer easy to copy; cure: personalise it), bad service, a fall in
product quality, and needs that changed (look one or two years ahead).
:func:`likely_reasons` weighs the evidence the store has for each. The evidence and
its weights are the declarative tables below; each row says where it comes from.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Collection, Iterable, Sequence

import attrs

from retention._instants import utc
from retention._validate import check_id, check_instance, check_iterable, check_positive_int
from retention.complaints import Case, Cause
from retention.customers import Purchase, check_purchase
from retention.exceptions import InvalidInputError
from retention.rules import Reason
from retention.satisfaction import Response, SatisfactionPolicy, Scale, Survey, Topic

__all__ = ["ChurnReason", "LikelyReason", "likely_reasons"]


class ChurnReason(enum.Enum):
    """Seed 003's four reasons why customers leave, in the seed's order."""

    PRICE_UNDERCUT = "price_undercut"
    """A competitor offers the same for less."""
    BAD_SERVICE = "bad_service"
    """The service let the customer down."""
    QUALITY_DECLINE = "quality_decline"
    """The product got worse."""
    NEEDS_CHANGED = "needs_changed"
    """The customer now needs something else."""

    @property
    def cure(self) -> str:
        """The seed's answer to this reason."""
        return _CURE[self]


_CURE = {
    ChurnReason.PRICE_UNDERCUT: "personalise the offer so it cannot simply be copied and undercut",
    ChurnReason.BAD_SERVICE: "put the service right: listen, apologise, fix the cause and "
    "follow up (CMP-STEPS)",
    ChurnReason.QUALITY_DECLINE: "restore the product's quality and tell the customer what changed",
    ChurnReason.NEEDS_CHANGED: "look one or two years ahead at what the customer will need "
    "and offer it",
}

#: Complaint causes (CMP-CAUSE) and the reason each points to, with its weight.
COMPLAINT_EVIDENCE: dict[Cause, tuple[ChurnReason, int]] = {
    Cause.PRODUCT_QUALITY: (ChurnReason.QUALITY_DECLINE, 3),
    Cause.STAFF_SERVICE: (ChurnReason.BAD_SERVICE, 3),
    Cause.EXPECTATION_GAP: (ChurnReason.BAD_SERVICE, 2),
}
#: A complaint that reopened or is still open points to bad service, with this weight.
UNSETTLED_COMPLAINT = 2
#: Low satisfaction items (SAT-GAP, SAT-VETO) by topic and the reason each points to.
TOPIC_EVIDENCE: dict[Topic, tuple[ChurnReason, int]] = {
    Topic.PRICE: (ChurnReason.PRICE_UNDERCUT, 2),
    Topic.SERVICE: (ChurnReason.BAD_SERVICE, 2),
    Topic.CAPACITY: (ChurnReason.BAD_SERVICE, 1),
    Topic.QUALITY: (ChurnReason.QUALITY_DECLINE, 2),
    Topic.RANGE: (ChurnReason.NEEDS_CHANGED, 2),
}
#: The host flags a category where a competitor undercuts the store's price.
UNDERCUT_CATEGORY = 3
#: The customer's recent purchases left the category they used to buy.
CATEGORY_SHIFT = 2


@attrs.frozen
class LikelyReason:
    """One likely reason, the evidence for it and the seed's cure.

    Attributes:
        reason: Which of the four.
        weight: The summed weight of its evidence (higher: more likely).
        evidence: One line per piece of evidence.
        cure: What the seed says to do.
        reasons: The evidence as :class:`~retention.rules.Reason` values (CHURN-REASONS).
    """

    reason: ChurnReason
    weight: int = attrs.field(kw_only=True)
    evidence: tuple[str, ...] = attrs.field(kw_only=True)
    cure: str = attrs.field(kw_only=True)
    reasons: tuple[Reason, ...] = attrs.field(kw_only=True)


def _complaints(cases: Iterable[Case]) -> list[tuple[ChurnReason, int, str]]:
    found = []
    for case in sorted(cases, key=lambda c: (utc(c.complaint.received_at), c.complaint_id)):
        cid = case.complaint_id
        for cause in case.causes:
            if cause in COMPLAINT_EVIDENCE:
                reason, weight = COMPLAINT_EVIDENCE[cause]
                found.append((reason, weight, f"complaint {cid}: cause {cause.value}"))
        if case.failures or not case.closed:
            what = f"reopened {case.failures} time(s)" if case.failures else "still open"
            found.append((ChurnReason.BAD_SERVICE, UNSETTLED_COMPLAINT, f"complaint {cid} {what}"))
    return found


def _answers(
    response: Response, survey: Survey, policy: SatisfactionPolicy
) -> list[tuple[ChurnReason, int, str]]:
    scale: Scale = survey.scale
    found = []
    for answer in response.answers:
        seen = scale.exact(answer.perception)
        gap = seen - scale.exact(answer.expectation)
        low = seen < policy.dissatisfied_below or seen <= policy.veto_floor
        if not (low or gap <= policy.veto_gap):
            continue
        topic = survey.item(answer.item_id).topic
        if topic in TOPIC_EVIDENCE:
            reason, weight = TOPIC_EVIDENCE[topic]
            found.append(
                (
                    reason,
                    weight,
                    (
                        f"survey {survey.survey_id}: {answer.item_id} ({topic.value}) rated "
                        f"{answer.perception} against {answer.expectation} expected on {scale}"
                    ),
                )
            )
    return found


def _shift(purchases: Sequence[Purchase], recent: int) -> list[tuple[ChurnReason, int, str]]:
    if sum(1 for p in purchases if p.category) <= recent:  # too few to compare: no sort
        return []
    bought = [p.category for p in sorted(purchases, key=Purchase.sort_key) if p.category]
    if len(bought) <= recent:
        return []
    earlier, latest = bought[:-recent], bought[-recent:]
    counts = Counter(earlier)
    main = min(counts, key=lambda c: (-counts[c], c))
    if main in latest:
        return []
    now = ", ".join(sorted(set(latest)))
    return [
        (
            ChurnReason.NEEDS_CHANGED,
            CATEGORY_SHIFT,
            (
                f"the last {recent} purchases were {now}, none in {main} "
                f"({counts[main]} of the {len(earlier)} earlier ones)"
            ),
        )
    ]


def _undercut(
    purchases: Sequence[Purchase], undercut: Collection[str]
) -> list[tuple[ChurnReason, int, str]]:
    if not undercut:
        return []
    hit = sorted({p.category for p in purchases if p.category and p.category in undercut})
    return [
        (
            ChurnReason.PRICE_UNDERCUT,
            UNDERCUT_CATEGORY,
            f"buys {category}, where a competitor undercuts the store's price",
        )
        for category in hit
    ]


def likely_reasons(
    *,
    purchases: Sequence[Purchase] = (),
    cases: Iterable[Case] = (),
    response: Response | None = None,
    survey: Survey | None = None,
    undercut: Collection[str] = frozenset(),
    recent: int = 3,
    satisfaction_policy: SatisfactionPolicy | None = None,
) -> tuple[LikelyReason, ...]:
    """The likely reasons one customer is leaving, best supported first.

    Args:
        purchases: The customer's purchases (for a shift in categories and undercut
            categories).
        cases: The customer's complaint cases.
        response: The customer's survey response, if they answered one.
        survey: The survey ``response`` belongs to (its items' topics and scale).
        undercut: Categories where the host knows a competitor undercuts its price.
        recent: Recent purchases compared with the earlier ones.
        satisfaction_policy: Lines for a low answer (defaults if ``None``).

    Returns:
        One :class:`LikelyReason` per reason with evidence, by weight then the seed's
        order; empty when the store has no evidence (then ask: a lost-customer
        interview is one of SAT-SURVEY's methods).
    """
    bought = [check_purchase(p) for p in check_iterable("purchases", purchases, "Purchase values")]
    listed = [
        check_instance("cases", c, Case) for c in check_iterable("cases", cases, "Case values")
    ]
    flagged = frozenset(
        check_id("undercut", c) for c in check_iterable("undercut", undercut, "category names")
    )
    recent = check_positive_int("recent", recent)
    policy = (
        SatisfactionPolicy()
        if satisfaction_policy is None
        else check_instance("satisfaction_policy", satisfaction_policy, SatisfactionPolicy)
    )
    if response is not None:
        check_instance("response", response, Response)
        if survey is None:
            msg = "survey: expected the Survey the response belongs to, got None"
            raise InvalidInputError(msg)
        check_instance("survey", survey, Survey)
        if response not in survey.responses:
            msg = (
                f"response: expected a response of survey {survey.survey_id!r}, got the one "
                f"of {response.respondent_id!r}, which it does not hold"
            )
            raise InvalidInputError(msg)
    return checked_likely_reasons(
        bought, listed, flagged, recent=recent, policy=policy, response=response, survey=survey
    )


def checked_likely_reasons(
    bought: Sequence[Purchase],
    listed: Sequence[Case],
    flagged: Collection[str],
    *,
    recent: int,
    policy: SatisfactionPolicy,
    response: Response | None,
    survey: Survey | None,
) -> tuple[LikelyReason, ...]:
    """:func:`likely_reasons` of checked arguments (the early warning's loop)."""
    found = _complaints(listed) + _undercut(bought, flagged) + _shift(bought, recent)
    if response is not None and survey is not None:
        found += _answers(response, survey, policy)
    if not found:
        return ()
    grouped: dict[ChurnReason, list[tuple[int, str]]] = {}
    for reason, weight, text in found:
        grouped.setdefault(reason, []).append((weight, text))
    order = list(ChurnReason)
    ranked = sorted(grouped, key=lambda r: (-sum(w for w, _ in grouped[r]), order.index(r)))
    return tuple(
        LikelyReason(
            reason,
            weight=sum(w for w, _ in grouped[reason]),
            evidence=tuple(text for _, text in grouped[reason]),
            cure=reason.cure,
            reasons=tuple(
                Reason(
                    "CHURN-REASONS",
                    detail=f"{reason.value.replace('_', ' ')}: {text} (weight {w})",
                )
                for w, text in grouped[reason]
            ),
        )
        for reason in ranked
    )
