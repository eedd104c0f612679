"""SatisfactionPolicy: every number of scoring, word of mouth and loyalty in one place.

The seeds give three numbers, kept as named constants that cite them:
:data:`WOM_SATISFIED` and :data:`WOM_DISSATISFIED` (seed 001, SAT-WOM) and
:data:`SATISFIED_WOULD_SWITCH` (seed 001, SAT-LOYALTY). Every other default is the
library's decision and its docstring says so.
"""

from __future__ import annotations

import enum
from decimal import Decimal
from typing import Any

import attrs

from retention._validate import (
    RANGE,
    as_policy_error,
    check_instance,
    check_number,
    policy_int_field,
    policy_number_field,
    to_enum,
)
from retention.exceptions import InvalidPolicyError

__all__ = [
    "SATISFIED_WOULD_SWITCH",
    "WOM_DISSATISFIED",
    "WOM_SATISFIED",
    "Competition",
    "LoyaltyCurve",
    "SatisfactionPolicy",
]

#: People a satisfied customer tells (seed 001, after the American Marketing Association:
#: 「一個滿意客戶的傳播人數是6」).
WOM_SATISFIED = 6
#: People a dissatisfied customer tells (seed 001: 「一個不滿意客戶的傳播人數是15」).
WOM_DISSATISFIED = 15
#: Share of satisfied customers who would still switch to a competitor (seed 001:
#: 「有85%的滿意客戶會毫不猶豫地選擇競爭對手的產品」). The seed cites no study and none
#: was found; it is kept as the seed's figure and can be overridden through
#: :class:`LoyaltyCurve`.
SATISFIED_WOULD_SWITCH = Decimal("0.85")


class Competition(enum.Enum):
    """How hard the store's market competes (SAT-LOYALTY)."""

    LOW = "low"
    """Near monopoly: customers stay whatever they feel; satisfaction moves loyalty little."""
    MODERATE = "moderate"
    """Some alternatives."""
    HIGH = "high"
    """Many easy alternatives: only completely satisfied customers are secure."""


def _share_field(name: str, default: str) -> Any:  # noqa: ANN401  # attrs.field's own type
    return policy_number_field(name, default, low=0, high=1)


@attrs.frozen(kw_only=True)
class LoyaltyCurve:
    """Expected repurchase rate by satisfaction box for one competition level.

    Attributes:
        top: For completely satisfied customers (the top box of the scale).
        satisfied: For satisfied customers below the top box.
        rest: For everybody else.

    Raises:
        InvalidPolicyError: A rate outside 0..1, or the rates falling as satisfaction
            rises (satisfaction never lowers expected loyalty).
    """

    top: Decimal = _share_field("top", "0.9")
    satisfied: Decimal = _share_field("satisfied", "0.4")
    rest: Decimal = _share_field("rest", "0.15")

    def __attrs_post_init__(self) -> None:
        """Check that the curve never falls as satisfaction rises."""
        if not self.rest <= self.satisfied <= self.top:
            msg = (
                "LoyaltyCurve: expected rest <= satisfied <= top, got "
                f"{self.rest}, {self.satisfied}, {self.top}"
            )
            raise InvalidPolicyError(msg)


def _curve(name: str, default: LoyaltyCurve) -> Any:  # noqa: ANN401  # attrs.field's own type
    def convert(value: object) -> LoyaltyCurve:
        return as_policy_error(lambda: check_instance(name, value, LoyaltyCurve))

    return attrs.field(default=default, converter=convert)


def _optional_cap(value: object) -> Decimal | None:
    if value is None:
        return None
    return as_policy_error(
        lambda: check_number("veto_cap", value, low=Decimal(0), high=Decimal(100))
    )


@attrs.frozen(kw_only=True)
class SatisfactionPolicy:
    """The numbers of scoring, the veto, word of mouth and the loyalty outlook.

    Scores are on 0..100 (the scale's worst answer is 0, its best 100), so one policy
    works for surveys on any scale.

    Every number has a range, checked on construction: scores 0 to 100 (``veto_gap``
    -100 to 0, ``gap_attention`` 0 to 200), people told 0 to 1,000, ``csat_boxes``
    1 to 10 and shares 0 to 1.

    Attributes:
        veto_floor: An answer whose perception scores at or below this fails its item
            (SAT-VETO). Library decision: 25, i.e. 1 or 2 on a 1..5 scale.
        veto_gap: An answer whose gap (perception minus expectation) is at or below
            this fails its item, however good the perception (SAT-GAP and SAT-VETO).
            Library decision: -50, i.e. two points below expectation on 1..5.
        veto_cap: What a respondent with a failing item scores at most. The seed's
            "100 - 1 = 0" read to the letter: 0 (the default). ``None`` caps at the
            failing item's own score instead (the weakest link).
        satisfied_from: A respondent whose overall level reaches this is satisfied
            (word of mouth, loyalty). Library decision: 75, the top two boxes of 1..5.
        dissatisfied_below: A respondent below this, or vetoed, is dissatisfied.
            Library decision: 50, the midpoint.
        told_by_satisfied: People a satisfied customer tells (:data:`WOM_SATISFIED`).
        told_by_dissatisfied: People a dissatisfied customer tells
            (:data:`WOM_DISSATISFIED`).
        csat_boxes: How many top boxes count as satisfied in CSAT (2: top-2-box).
        low_competition: Expected loyalty by box in a near monopoly. Library decision:
            0.95 / 0.90 / 0.85, loyalty barely moves with satisfaction (seed 001).
        moderate_competition: Library decision: 0.90 / 0.40 / 0.15.
        high_competition: Satisfied-but-not-top customers keep the seed's figure,
            1 - :data:`SATISFIED_WOULD_SWITCH` = 0.15; completely satisfied ones six
            times that, 0.90 (Jones & Sasser 1995 report totally satisfied Xerox
            customers six times as likely to buy again as satisfied ones); the rest 0.05.
        mercenary_alert: A share of satisfied-but-not-loyal respondents ("mercenaries")
            at or above this recommends the loyalty levers. Library decision: 0.2.
        gap_attention: An item whose mean gap is at or below minus this many points
            asks for honest standards that do not over-promise (SAT-GAP). Decision: 10.
    """

    veto_floor: Decimal = policy_number_field("veto_floor", 25, low=0, high=100)
    veto_gap: Decimal = policy_number_field("veto_gap", -50, low=-100, high=0)
    veto_cap: Decimal | None = attrs.field(
        default=Decimal(0), converter=_optional_cap, metadata={RANGE: (Decimal(0), Decimal(100))}
    )
    satisfied_from: Decimal = policy_number_field("satisfied_from", 75, low=0, high=100)
    dissatisfied_below: Decimal = policy_number_field("dissatisfied_below", 50, low=0, high=100)
    told_by_satisfied: int = policy_int_field("told_by_satisfied", WOM_SATISFIED, low=0, high=1_000)
    told_by_dissatisfied: int = policy_int_field(
        "told_by_dissatisfied", WOM_DISSATISFIED, low=0, high=1_000
    )
    csat_boxes: int = policy_int_field("csat_boxes", 2, low=1, high=10)
    low_competition: LoyaltyCurve = _curve(
        "low_competition",
        LoyaltyCurve(top=Decimal("0.95"), satisfied=Decimal("0.9"), rest=Decimal("0.85")),
    )
    moderate_competition: LoyaltyCurve = _curve("moderate_competition", LoyaltyCurve())
    high_competition: LoyaltyCurve = _curve(
        "high_competition",
        LoyaltyCurve(
            top=Decimal("0.9"),
            satisfied=1 - SATISFIED_WOULD_SWITCH,
            rest=Decimal("0.05"),
        ),
    )
    mercenary_alert: Decimal = _share_field("mercenary_alert", "0.2")
    gap_attention: Decimal = policy_number_field("gap_attention", 10, low=0, high=200)

    def __attrs_post_init__(self) -> None:
        """Check that the satisfied and dissatisfied lines agree."""
        if self.dissatisfied_below > self.satisfied_from:
            msg = (
                "dissatisfied_below: expected at most satisfied_from "
                f"({self.satisfied_from}), got {self.dissatisfied_below}"
            )
            raise InvalidPolicyError(msg)

    def curve(self, competition: Competition) -> LoyaltyCurve:
        """The loyalty curve for ``competition`` (a :class:`Competition` or its value).

        Raises:
            InvalidInputError: ``competition`` is not a level of competition.
        """
        return {
            Competition.LOW: self.low_competition,
            Competition.MODERATE: self.moderate_competition,
            Competition.HIGH: self.high_competition,
        }[to_enum("competition", Competition, competition)]
