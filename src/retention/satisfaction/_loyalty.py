"""Satisfied is not loyal: expected loyalty and the Jones & Sasser zones (SAT-LOYALTY).

Seed 001: satisfaction is necessary but not sufficient for loyalty. 85 % of satisfied
customers would switch (:data:`~retention.satisfaction.SATISFIED_WOULD_SWITCH`); in a
near monopoly satisfaction moves loyalty little; under strong competition only
completely satisfied customers are much more loyal. Jones and Sasser ("Why satisfied
customers defect", HBR 1995) draw the same picture and name four zones by
satisfaction and loyalty: loyalists, mercenaries (satisfied, not loyal), hostages
(loyal, not satisfied) and defectors.

A respondent falls in one of three boxes: *top* (the best answer, completely
satisfied), *satisfied* (at or above the policy's ``satisfied_from``) or *rest*
(including anyone an item vetoed, SAT-VETO). :func:`expected_loyalty` reads the
policy's :class:`~retention.satisfaction.LoyaltyCurve` for the market's competition.
"""

from __future__ import annotations

import enum
from decimal import Decimal

from retention._validate import check_number, policy_or_default, to_enum
from retention.satisfaction._policy import Competition, SatisfactionPolicy

__all__ = ["Box", "LoyaltyZone", "box_of", "expected_loyalty", "loyalty_zone"]

_HUNDRED = Decimal(100)


class Box(enum.Enum):
    """A respondent's satisfaction box."""

    TOP = "top"
    """Completely satisfied: the best answer the scale has."""
    SATISFIED = "satisfied"
    """Satisfied, below the top box."""
    REST = "rest"
    """Neither (or vetoed by a failing item)."""


class LoyaltyZone(enum.Enum):
    """Jones & Sasser's zones of satisfaction and loyalty."""

    LOYALIST = "loyalist"
    """Satisfied and loyal."""
    MERCENARY = "mercenary"
    """Satisfied but not loyal: seed 001's satisfied customers who would switch."""
    HOSTAGE = "hostage"
    """Loyal but not satisfied: stays for lack of choice, leaves when one appears."""
    DEFECTOR = "defector"
    """Neither satisfied nor loyal."""


def box_of(level: Decimal, *, vetoed: bool, policy: SatisfactionPolicy) -> Box:
    """The box of a satisfaction ``level`` on 0..100 (a vetoed respondent is ``rest``)."""
    if vetoed or level < policy.satisfied_from:
        return Box.REST
    return Box.TOP if level >= _HUNDRED else Box.SATISFIED


def loyalty_zone(*, satisfied: bool, loyal: bool) -> LoyaltyZone:
    """The Jones & Sasser zone of a respondent.

    Example:
        >>> loyalty_zone(satisfied=True, loyal=False).value
        'mercenary'
    """
    if satisfied:
        return LoyaltyZone.LOYALIST if loyal else LoyaltyZone.MERCENARY
    return LoyaltyZone.HOSTAGE if loyal else LoyaltyZone.DEFECTOR


def secure(box: Box, competition: Competition) -> bool:
    """Whether satisfaction in ``box`` keeps a customer under ``competition``.

    Under high competition only the top box is secure; elsewhere satisfied is enough.
    """
    if competition is Competition.HIGH:
        return box is Box.TOP
    return box is not Box.REST


def rate(box: Box, competition: Competition, policy: SatisfactionPolicy) -> Decimal:
    """The expected repurchase rate of ``box`` under ``competition``."""
    curve = policy.curve(competition)
    return {Box.TOP: curve.top, Box.SATISFIED: curve.satisfied, Box.REST: curve.rest}[box]


def expected_loyalty(
    level: object,
    competition: object = Competition.MODERATE,
    *,
    policy: SatisfactionPolicy | None = None,
) -> Decimal:
    """Expected repurchase rate of a customer whose satisfaction is ``level`` (0..100).

    Example:
        >>> str(expected_loyalty(75, "high"))
        '0.15'

    Raises:
        InvalidInputError: ``level`` outside 0..100, or an unknown competition level.
    """
    used = policy_or_default(policy, SatisfactionPolicy)
    value = check_number("level", level, low=Decimal(0), high=_HUNDRED)
    market = to_enum("competition", Competition, competition)
    return rate(box_of(value, vetoed=False, policy=used), market, used)
