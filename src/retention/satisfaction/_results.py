"""The values a satisfaction report is made of: per item, dimension and respondent."""

from __future__ import annotations

from decimal import Decimal

import attrs

from retention.mappings import FrozenMap
from retention.rules import Reason
from retention.satisfaction._loyalty import Box, LoyaltyZone
from retention.satisfaction._policy import Competition
from retention.satisfaction._survey import Topic

__all__ = ["DimensionScore", "ItemScore", "LoyaltyOutlook", "RespondentScore"]


@attrs.frozen
class ItemScore:
    """One item's scores on 0..100, weighted when the report is (SAT-GAP).

    Attributes:
        item_id: The item.
        topic: What it asks about.
        dimension: Its dimension, if any.
        answers: How many respondents answered it.
        perception: Mean experience, 0..100.
        expectation: Mean expectation, 0..100.
        gap: ``perception - expectation``, -100..100; below zero the store promised
            (or the customer expected) more than it delivered.
        failing: Respondents for whom this item failed (SAT-VETO).
    """

    item_id: str
    topic: Topic = attrs.field(kw_only=True)
    dimension: str | None = attrs.field(kw_only=True)
    answers: int = attrs.field(kw_only=True)
    perception: Decimal | None = attrs.field(kw_only=True)
    expectation: Decimal | None = attrs.field(kw_only=True)
    gap: Decimal | None = attrs.field(kw_only=True)
    failing: int = attrs.field(kw_only=True)


@attrs.frozen
class DimensionScore:
    """A dimension's scores over all the answers to its items.

    Attributes:
        name: The dimension, e.g. ``"reliability"``.
        items: Its item IDs.
        answers: Answers to its items.
        perception: Mean experience, 0..100.
        expectation: Mean expectation, 0..100.
        gap: ``perception - expectation``.
    """

    name: str
    items: tuple[str, ...] = attrs.field(kw_only=True)
    answers: int = attrs.field(kw_only=True)
    perception: Decimal = attrs.field(kw_only=True)
    expectation: Decimal = attrs.field(kw_only=True)
    gap: Decimal = attrs.field(kw_only=True)


@attrs.frozen
class RespondentScore:
    """One respondent's scores.

    Attributes:
        respondent_id: Who answered.
        segment: Their stratum, if given.
        weight: Their weight in the report (1 / respondents when not weighted).
        mean: Mean experience over the items answered, 0..100 (``None``: no items).
        veto: The score after the veto: :attr:`mean`, or at most the policy's cap when
            an item failed (SAT-VETO).
        vetoed_by: The items that failed, if any.
        level: Overall satisfaction, 0..100: the ``overall`` answer if given, else
            :attr:`mean`.
        box: Satisfaction box for the loyalty outlook.
        loyal: Whether they intend to buy again: ``repurchase`` scores at least the
            policy's ``satisfied_from`` (75: the top two boxes of 1..5); ``None`` when
            not asked.
        zone: Their Jones & Sasser zone (``None`` when ``loyal`` is unknown).
    """

    respondent_id: str
    segment: str | None = attrs.field(kw_only=True)
    weight: Decimal = attrs.field(kw_only=True)
    mean: Decimal | None = attrs.field(kw_only=True)
    veto: Decimal | None = attrs.field(kw_only=True)
    vetoed_by: tuple[str, ...] = attrs.field(kw_only=True)
    level: Decimal | None = attrs.field(kw_only=True)
    box: Box | None = attrs.field(kw_only=True)
    loyal: bool | None = attrs.field(kw_only=True)
    zone: LoyaltyZone | None = attrs.field(kw_only=True)

    @property
    def satisfied(self) -> bool:
        """Whether the respondent is satisfied (top or satisfied box)."""
        return self.box in (Box.TOP, Box.SATISFIED)


@attrs.frozen
class LoyaltyOutlook:
    """What the survey says about loyalty under the market's competition (SAT-LOYALTY).

    Attributes:
        competition: The competition level assumed.
        answers: Respondents with a satisfaction level.
        expected: Expected repurchase rate, 0..1, from the boxes and the policy's curve.
        top_share: Share in the top box.
        satisfied_share: Share satisfied (top box included).
        secure_share: Share whose satisfaction keeps them under this competition (the
            top box only under high competition).
        zones: Respondents per Jones & Sasser zone (only those who answered
            ``repurchase``).
        mercenary_share: Share of zoned respondents who are satisfied but not loyal.
        reasons: Why (SAT-LOYALTY).
    """

    competition: Competition
    answers: int = attrs.field(kw_only=True)
    expected: Decimal | None = attrs.field(kw_only=True)
    top_share: Decimal | None = attrs.field(kw_only=True)
    satisfied_share: Decimal | None = attrs.field(kw_only=True)
    secure_share: Decimal | None = attrs.field(kw_only=True)
    zones: FrozenMap[str, int] = attrs.field(kw_only=True)
    mercenary_share: Decimal | None = attrs.field(kw_only=True)
    reasons: tuple[Reason, ...] = attrs.field(kw_only=True)
