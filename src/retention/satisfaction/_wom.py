"""Word-of-mouth reach of a customer base (SAT-WOM, seed 001).

A satisfied customer tells 6 people and a dissatisfied one tells 15
(:data:`~retention.satisfaction.WOM_SATISFIED`,
:data:`~retention.satisfaction.WOM_DISSATISFIED`). :func:`word_of_mouth` turns counts
(or a survey's weighted shares projected onto the whole base) into the people reached
with good news, with bad news, and the net.
"""

from __future__ import annotations

from decimal import Decimal

import attrs

from retention._decimal import EXACT
from retention._text import plural
from retention._validate import check_number, check_positive_int
from retention.rules import Reason
from retention.satisfaction._policy import WOM_DISSATISFIED, WOM_SATISFIED

__all__ = ["WordOfMouth", "word_of_mouth"]


@attrs.frozen
class WordOfMouth:
    """How far word of mouth reaches.

    Attributes:
        satisfied: Satisfied customers (may be fractional when projected from a survey).
        dissatisfied: Dissatisfied customers.
        positive: People told good things: ``satisfied x told_by_satisfied``.
        negative: People told bad things: ``dissatisfied x told_by_dissatisfied``.
        net: ``positive - negative``; below zero the store's reputation is shrinking.
        reasons: Why, with the multipliers used (SAT-WOM).
    """

    satisfied: Decimal
    dissatisfied: Decimal = attrs.field(kw_only=True)
    positive: Decimal = attrs.field(kw_only=True)
    negative: Decimal = attrs.field(kw_only=True)
    net: Decimal = attrs.field(kw_only=True)
    reasons: tuple[Reason, ...] = attrs.field(kw_only=True)


def word_of_mouth(
    *,
    satisfied: int | Decimal,
    dissatisfied: int | Decimal,
    told_by_satisfied: int = WOM_SATISFIED,
    told_by_dissatisfied: int = WOM_DISSATISFIED,
) -> WordOfMouth:
    """The word-of-mouth reach of ``satisfied`` and ``dissatisfied`` customers (SAT-WOM).

    Example:
        >>> word_of_mouth(satisfied=100, dissatisfied=20).net
        Decimal('300')

    Raises:
        InvalidInputError: A negative or non-finite count or multiplier.
    """
    happy = check_number("satisfied", satisfied, low=Decimal(0))
    unhappy = check_number("dissatisfied", dissatisfied, low=Decimal(0))
    per_happy = check_positive_int("told_by_satisfied", told_by_satisfied, minimum=0)
    per_unhappy = check_positive_int("told_by_dissatisfied", told_by_dissatisfied, minimum=0)
    positive = EXACT.multiply(happy, Decimal(per_happy))
    negative = EXACT.multiply(unhappy, Decimal(per_unhappy))
    net = EXACT.subtract(positive, negative)
    return WordOfMouth(
        happy,
        dissatisfied=unhappy,
        positive=positive,
        negative=negative,
        net=net,
        reasons=(
            Reason(
                "SAT-WOM",
                detail=f"{happy} satisfied x {plural(per_happy, 'listener')} = {positive} "
                f"told good news; {unhappy} dissatisfied x {plural(per_unhappy, 'listener')} "
                f"= {negative} told bad news; net {net}",
            ),
        ),
    )
