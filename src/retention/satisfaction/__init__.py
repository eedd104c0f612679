"""Satisfaction scoring: gap, veto, NPS/CSAT/CES, word of mouth, loyalty and advice.

Where each rule lives:

* SAT-GAP (experience minus expectation): :class:`ItemAnswer` and the item scores of
  :func:`satisfaction_report` (``_report.py``)
* SAT-VETO ("100 - 1 = 0"): ``_Respondent`` in ``_report.py``; the numbers are
  :class:`SatisfactionPolicy`'s ``veto_*`` fields
* SAT-SURVEY (methods, third party, weighting by segment): :class:`Survey` and
  :func:`poststratify` (``_weights.py``)
* SAT-WOM (6 and 15): :func:`word_of_mouth` (``_wom.py``)
* SAT-LOYALTY (satisfied is not loyal): :func:`expected_loyalty`, :func:`loyalty_zone`
  (``_loyalty.py``) and :class:`LoyaltyOutlook`
* SAT-LEVERS, SAT-DELIGHT, SAT-EXPERIENCE: :func:`recommend` (``_levers.py``)
* The standard scores with their definitions: :func:`nps`, :func:`csat`, :func:`ces`
  (``_standard.py``)

Example:
    >>> from retention.satisfaction import nps
    >>> nps([10, 9, 8, 3]).score
    Decimal('25')
"""

from __future__ import annotations

from retention.satisfaction._levers import Advice, Recommendation, recommend
from retention.satisfaction._loyalty import (
    Box,
    LoyaltyZone,
    expected_loyalty,
    loyalty_zone,
)
from retention.satisfaction._policy import (
    SATISFIED_WOULD_SWITCH,
    WOM_DISSATISFIED,
    WOM_SATISFIED,
    Competition,
    LoyaltyCurve,
    SatisfactionPolicy,
)
from retention.satisfaction._report import SatisfactionReport, satisfaction_report
from retention.satisfaction._results import (
    DimensionScore,
    ItemScore,
    LoyaltyOutlook,
    RespondentScore,
)
from retention.satisfaction._standard import Ces, Csat, Nps, ces, csat, nps
from retention.satisfaction._survey import (
    CES_SCALE,
    NPS_SCALE,
    Item,
    ItemAnswer,
    Response,
    Scale,
    Survey,
    SurveyMethod,
    Topic,
)
from retention.satisfaction._weights import Stratum, Weights, poststratify
from retention.satisfaction._wom import WordOfMouth, word_of_mouth

__all__ = [
    "CES_SCALE",
    "NPS_SCALE",
    "SATISFIED_WOULD_SWITCH",
    "WOM_DISSATISFIED",
    "WOM_SATISFIED",
    "Advice",
    "Box",
    "Ces",
    "Competition",
    "Csat",
    "DimensionScore",
    "Item",
    "ItemAnswer",
    "ItemScore",
    "LoyaltyCurve",
    "LoyaltyOutlook",
    "LoyaltyZone",
    "Nps",
    "Recommendation",
    "RespondentScore",
    "Response",
    "SatisfactionPolicy",
    "SatisfactionReport",
    "Scale",
    "Stratum",
    "Survey",
    "SurveyMethod",
    "Topic",
    "Weights",
    "WordOfMouth",
    "ces",
    "csat",
    "expected_loyalty",
    "loyalty_zone",
    "nps",
    "poststratify",
    "recommend",
    "satisfaction_report",
    "word_of_mouth",
]
