"""The standard scores with their exact definitions: NPS, CSAT and CES.

* NPS (Reichheld 2003): answers 0..10 to "how likely are you to recommend us";
  promoters answer 9 or 10, detractors 0 to 6; NPS = % promoters - % detractors, from
  -100 to 100.
* CSAT: the share of answers in the top two boxes of the scale (4 or 5 on 1..5).
* CES (CES 2.0): answers 1..7 to "the company made it easy for me to handle my
  issue"; reported as the mean and the share answering 5 to 7.

Each result says how many answers stand behind it. An empty input raises
:class:`~retention.exceptions.EmptyInputError` rather than inventing a score. Inside a
:class:`~retention.satisfaction.SatisfactionReport` the same scores are weighted by
stratum (SAT-SURVEY); :attr:`effective_answers` then says how much information the
weighted answers carry (Kish's effective sample size).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import TypeVar

import attrs

from retention._decimal import SHARE
from retention._validate import check_instance, check_iterable, check_positive_int, describe
from retention.exceptions import EmptyInputError, InvalidInputError, InvalidTypeError
from retention.satisfaction._survey import CES_SCALE, NPS_SCALE, Scale, on_scale

__all__ = ["Ces", "Csat", "Nps", "ces", "csat", "nps"]

#: Lowest promoter answer and highest detractor answer of the NPS.
PROMOTER_FROM = 9
DETRACTOR_TO = 6
#: CES answers that count as "easy" (5..7 on 1..7).
EASY_FROM = 5

Weighted = Sequence[tuple[int, Fraction]]
_V = TypeVar("_V")


def to_decimal(value: Fraction) -> Decimal:
    """A fraction as a 28-digit Decimal (exact when it fits)."""
    return SHARE.divide(Decimal(value.numerator), Decimal(value.denominator))


def effective(weights: Iterable[Fraction]) -> Decimal:
    """Kish's effective sample size: (sum of weights)^2 / sum of squared weights."""
    listed = list(weights)
    total = sum(listed, Fraction(0))
    squares = sum((w * w for w in listed), Fraction(0))
    return to_decimal(total * total / squares) if squares else Decimal(0)


def normalised(pairs: Sequence[tuple[_V, Fraction]]) -> Sequence[tuple[_V, Fraction]]:
    """``pairs`` as they are, or with equal weights when all the weights are zero.

    A respondent in a segment without customers weighs nothing; when only such
    respondents answered, their plain mean is the figure rather than a division by zero.
    """
    if any(w for _, w in pairs):
        return pairs
    return [(v, Fraction(1)) for v, _ in pairs]


def _share(pairs: Weighted, keep: range) -> Fraction:
    pairs = normalised(pairs)
    total = sum((w for _, w in pairs), Fraction(0))
    return sum((w for v, w in pairs if v in keep), Fraction(0)) / total


def _weighted(field: str, pairs: object, scale: Scale) -> list[tuple[int, Fraction]]:
    """Check weighted answers: at least one ``(rating, weight)`` pair, on ``scale``.

    A weight is a ``Fraction`` or an ``int`` (not a bool), not negative.
    """
    checked = []
    for index, pair in enumerate(check_iterable(field, pairs, "(rating, weight) pairs")):
        if not isinstance(pair, tuple) or len(pair) != 2:  # noqa: PLR2004  # a pair
            msg = f"{field}[{index}]: expected a (rating, weight) pair, got {describe(pair)}"
            raise InvalidTypeError(msg)
        rating, weight = pair
        rating = on_scale(scale, f"{field}[{index}][0]", rating)
        if isinstance(weight, bool) or not isinstance(weight, Fraction | int):
            msg = f"{field}[{index}][1]: expected a Fraction weight, got {describe(weight)}"
            raise InvalidTypeError(msg)
        if weight < 0:
            msg = f"{field}[{index}][1]: expected a weight >= 0, got {weight}"
            raise InvalidInputError(msg)
        checked.append((rating, Fraction(weight)))
    if not checked:
        msg = f"{field}: expected at least one answer, got none"
        raise EmptyInputError(msg)
    return checked


def _ratings(field: str, values: object, scale: Scale) -> list[tuple[int, Fraction]]:
    pairs = [
        (on_scale(scale, f"{field}[{index}]", value), Fraction(1))
        for index, value in enumerate(check_iterable(field, values, "int ratings"))
    ]
    if not pairs:
        msg = f"{field}: expected at least one answer, got none"
        raise EmptyInputError(msg)
    return pairs


@attrs.frozen
class Nps:
    """A Net Promoter Score.

    Attributes:
        score: % promoters minus % detractors, -100..100.
        promoters: Answers of 9 or 10.
        passives: Answers of 7 or 8.
        detractors: Answers of 0 to 6.
        answers: How many answers stand behind the score.
        effective_answers: Kish's effective sample size (equal to :attr:`answers`
            when the answers are not weighted).
    """

    score: Decimal
    promoters: int = attrs.field(kw_only=True)
    passives: int = attrs.field(kw_only=True)
    detractors: int = attrs.field(kw_only=True)
    answers: int = attrs.field(kw_only=True)
    effective_answers: Decimal = attrs.field(kw_only=True)

    @classmethod
    def of(cls, pairs: Weighted) -> Nps:
        """Score weighted answers ``(rating, weight)``; the weights need not sum to 1.

        Raises:
            InvalidInputError: A rating off 0..10 or a negative weight.
            InvalidTypeError: A pair, rating or weight of the wrong type.
            EmptyInputError: No answers.
        """
        pairs = _weighted("pairs", pairs, NPS_SCALE)
        promoters = _share(pairs, range(PROMOTER_FROM, NPS_SCALE.high + 1))
        detractors = _share(pairs, range(NPS_SCALE.low, DETRACTOR_TO + 1))
        values = [v for v, _ in pairs]
        return cls(
            to_decimal((promoters - detractors) * 100),
            promoters=sum(v >= PROMOTER_FROM for v in values),
            passives=sum(DETRACTOR_TO < v < PROMOTER_FROM for v in values),
            detractors=sum(v <= DETRACTOR_TO for v in values),
            answers=len(values),
            effective_answers=effective(w for _, w in pairs),
        )

    def __str__(self) -> str:
        """Render as ``"NPS 20.0 (n=40)"``."""
        return f"NPS {self.score:.1f} (n={self.answers})"


def nps(scores: Iterable[int]) -> Nps:
    """The Net Promoter Score of answers on 0..10.

    Example:
        >>> str(nps(range(11)))
        'NPS -45.5 (n=11)'

    Raises:
        InvalidInputError: An answer off 0..10.
        InvalidTypeError: An answer that is not an int.
        EmptyInputError: No answers.
    """
    return Nps.of(_ratings("scores", scores, NPS_SCALE))


@attrs.frozen
class Csat:
    """A CSAT score: the share of answers in the top boxes.

    Attributes:
        share: The share of answers in the top boxes, 0..1.
        boxes: The ratings that count (4 and 5 for top-2-box on 1..5).
        answers: How many answers stand behind the score.
        effective_answers: Kish's effective sample size.
    """

    share: Decimal
    boxes: tuple[int, ...] = attrs.field(kw_only=True)
    answers: int = attrs.field(kw_only=True)
    effective_answers: Decimal = attrs.field(kw_only=True)

    @classmethod
    def of(cls, pairs: Weighted, scale: Scale, boxes: int) -> Csat:
        """Score weighted answers ``(rating, weight)`` on ``scale``.

        Raises:
            InvalidInputError: A rating off the scale, a negative weight, ``boxes`` below 1.
            InvalidTypeError: A pair, rating, weight, scale or box count of the wrong type.
            EmptyInputError: No answers.
        """
        pairs = _weighted("pairs", pairs, check_instance("scale", scale, Scale))
        top = scale.top(boxes)
        return cls(
            to_decimal(_share(pairs, top)),
            boxes=tuple(top),
            answers=len(pairs),
            effective_answers=effective(w for _, w in pairs),
        )


def csat(ratings: Iterable[int], *, scale: Scale | None = None, boxes: int = 2) -> Csat:
    """CSAT: the share of ``ratings`` in the top ``boxes`` boxes of ``scale`` (1..5).

    Example:
        >>> csat([5, 4, 3, 2]).share
        Decimal('0.5')

    Raises:
        InvalidInputError: A rating off the scale, or ``boxes`` below 1.
        EmptyInputError: No ratings.
    """
    used = Scale(1, high=5) if scale is None else check_instance("scale", scale, Scale)
    boxes = check_positive_int("boxes", boxes)
    return Csat.of(_ratings("ratings", ratings, used), used, boxes)


@attrs.frozen
class Ces:
    """A Customer Effort Score on 1..7.

    Attributes:
        mean: The mean answer, 1..7 (higher: easier).
        easy_share: The share answering 5 to 7.
        answers: How many answers stand behind the score.
        effective_answers: Kish's effective sample size.
    """

    mean: Decimal
    easy_share: Decimal = attrs.field(kw_only=True)
    answers: int = attrs.field(kw_only=True)
    effective_answers: Decimal = attrs.field(kw_only=True)

    @classmethod
    def of(cls, pairs: Weighted) -> Ces:
        """Score weighted answers ``(rating, weight)`` on 1..7.

        Raises:
            InvalidInputError: A rating off 1..7 or a negative weight.
            InvalidTypeError: A pair, rating or weight of the wrong type.
            EmptyInputError: No answers.
        """
        pairs = normalised(_weighted("pairs", pairs, CES_SCALE))
        total = sum((w for _, w in pairs), Fraction(0))
        mean = sum((v * w for v, w in pairs), Fraction(0)) / total
        return cls(
            to_decimal(mean),
            easy_share=to_decimal(_share(pairs, range(EASY_FROM, CES_SCALE.high + 1))),
            answers=len(pairs),
            effective_answers=effective(w for _, w in pairs),
        )


def ces(ratings: Iterable[int]) -> Ces:
    """CES 2.0: the mean of answers on 1..7 and the share answering 5 to 7.

    Example:
        >>> ces([7, 5, 3, 1]).mean
        Decimal('4')

    Raises:
        InvalidInputError: A rating off 1..7.
        EmptyInputError: No ratings.
    """
    return Ces.of(_ratings("ratings", ratings, CES_SCALE))
