"""Customer temperaments (SEG-TEMPER) and purchase motives (SEG-MOTIVE), from seed 001.

Rules as data: each temperament and motive is one row of a table below, with its
labels and, for temperaments, the handling the seed recommends. The seed's five types
come from an American retailer of electronic calculators ("retail selling"); the nine
motives are the seed's list of buying psychologies, which it notes vary by gender and
by customer type.
"""

from __future__ import annotations

import enum

import attrs

from retention._i18n import Language, check_language
from retention.rules import Reason

__all__ = ["Guidance", "Motive", "Temperament"]


@attrs.frozen(kw_only=True)
class Guidance:
    """How to serve a customer of one temperament (SEG-TEMPER).

    Attributes:
        temperament: The temperament.
        traits: How to recognise it.
        handling: What staff should do, in order of the seed's advice.
        reasons: The rule behind the advice.
    """

    temperament: Temperament
    traits: str
    handling: tuple[str, ...]
    reasons: tuple[Reason, ...]


class Temperament(enum.Enum):
    """The seed's five customer temperaments (seed 001)."""

    IRRITABLE = "irritable"
    DEPENDENT = "dependent"
    PICKY = "picky"
    EXPERIMENTING = "experimenting"
    RATIONAL = "rational"

    def label(self, language: Language = "en") -> str:
        """The name of the temperament in ``language`` (en, zh_CN, zh_TW)."""
        return _TEMPERAMENTS[self][0][LANGUAGES_INDEX[check_language(language)]]

    @property
    def guidance(self) -> Guidance:
        """The seed's handling advice for this temperament."""
        _, traits, handling = _TEMPERAMENTS[self]
        return Guidance(
            temperament=self,
            traits=traits,
            handling=handling,
            reasons=(
                Reason(
                    "SEG-TEMPER",
                    detail=f"{self.label()} customer: {handling[0]}",
                ),
            ),
        )


class Motive(enum.Enum):
    """The seed's nine purchase motives (seed 001, SEG-MOTIVE)."""

    BEAUTY = "beauty"
    LOW_PRICE = "low_price"
    NOVELTY = "novelty"
    PRESTIGE = "prestige"
    PRACTICALITY = "practicality"
    COMPARISON = "comparison"
    CONFORMITY = "conformity"
    CURIOSITY = "curiosity"
    HABIT = "habit"

    def label(self, language: Language = "en") -> str:
        """The name of the motive in ``language`` (en, zh_CN, zh_TW)."""
        return _MOTIVES[self][LANGUAGES_INDEX[check_language(language)]]


LANGUAGES_INDEX: dict[Language, int] = {"en": 0, "zh_CN": 1, "zh_TW": 2}

# SEG-TEMPER, seed 001 (the five types of "retail selling"). Each row holds the labels
# in English, simplified and traditional Chinese, the traits, and the handling.
_TEMPERAMENTS: dict[Temperament, tuple[tuple[str, str, str], str, tuple[str, ...]]] = {
    Temperament.IRRITABLE: (
        ("Irritable", "烦躁型", "煩躁型"),
        "impulsive, quick to get annoyed or angry",
        (
            "be warm, gentle and patient",
            "give a clear answer as fast as possible",
        ),
    ),
    Temperament.DEPENDENT: (
        ("Dependent", "依赖型", "依賴型"),
        "indecisive, without a firm view of their own",
        (
            "guide them",
            "offer reasonable suggestions, consultative service, to help them decide early",
        ),
    ),
    Temperament.PICKY: (
        ("Picky", "挑剔型", "挑剔型"),
        "perfectionist, keeps choosing and finding fault",
        (
            "keep enough patience",
            "offer several options",
            "answer each objection with the most convincing explanation",
        ),
    ),
    Temperament.EXPERIMENTING: (
        ("Experimenting", "尝试型", "嘗試型"),
        "likes to try things, often among the first buyers of new products, hard to win",
        (
            "guide them patiently to win them over",
            "tell them first about new products (they are likely early adopters)",
        ),
    ),
    Temperament.RATIONAL: (
        ("Rational", "常识型", "常識型"),
        "mature and rational, decides steadily with views of their own",
        (
            "no empty talk: stick to the facts",
            "win them with friendly service and reasoned persuasion",
        ),
    ),
}

# SEG-MOTIVE, seed 001. Each row holds the labels in English, simplified and
# traditional Chinese.
_MOTIVES: dict[Motive, tuple[str, str, str]] = {
    Motive.BEAUTY: ("Beauty", "求美", "求美"),
    Motive.LOW_PRICE: ("Low price", "求廉", "求廉"),
    Motive.NOVELTY: ("Novelty", "求新", "求新"),
    Motive.PRESTIGE: ("Prestige", "求名", "求名"),
    Motive.PRACTICALITY: ("Practicality", "求实", "求實"),
    Motive.COMPARISON: ("Keeping up with peers", "攀比", "攀比"),
    Motive.CONFORMITY: ("Conformity", "从众", "從眾"),
    Motive.CURIOSITY: ("Curiosity", "猎奇", "獵奇"),
    Motive.HABIT: ("Habit or hobby", "癖好", "癖好"),
}
