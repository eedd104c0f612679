"""Post-stratified weights: each segment counts by its share of customers (SAT-SURVEY).

Seed 001 warns that staff who collect opinions listen to big customers and ignore small
ones. Whoever happened to answer, :func:`poststratify` gives each stratum (an ABC class,
a store, a region) the weight of its share of the customer base: every answer in
stratum *s* weighs ``population share of s / answers in s``. The weights sum to 1 and
reproduce the population shares exactly (they are kept as fractions inside).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal
from fractions import Fraction

import attrs

from retention._validate import check_id, check_instance, check_number, check_unique, describe
from retention.exceptions import (
    EmptyInputError,
    InvalidInputError,
    InvalidTypeError,
    UnknownCustomerError,
)
from retention.mappings import FrozenMap
from retention.satisfaction._standard import effective, to_decimal
from retention.satisfaction._survey import Response

__all__ = ["Stratum", "Weights", "poststratify"]


@attrs.frozen
class Stratum:
    """One segment's place in the weighting.

    Attributes:
        segment: The segment, e.g. ``"A"``.
        population_share: Its share of the customer base, 0..1.
        answers: How many responses came from it.
        answer_share: Its share of the responses, 0..1.
        weight: What each of its responses weighs (all weights sum to 1).
        effective_answers: Kish's effective sample size of the stratum (its answers:
            weights are equal inside a stratum).
    """

    segment: str
    population_share: Decimal = attrs.field(kw_only=True)
    answers: int = attrs.field(kw_only=True)
    answer_share: Decimal = attrs.field(kw_only=True)
    weight: Decimal = attrs.field(kw_only=True)
    effective_answers: Decimal = attrs.field(kw_only=True)


@attrs.frozen
class Weights:
    """The weight of every response, by stratum.

    Attributes:
        strata: One :class:`Stratum` per segment of the population, by segment.
        by_respondent: Each respondent's weight (they sum to 1).
        effective_answers: Kish's effective sample size of all the responses: how many
            unweighted answers would carry as much information.
    """

    strata: tuple[Stratum, ...]
    by_respondent: FrozenMap[str, Decimal] = attrs.field(kw_only=True)
    effective_answers: Decimal = attrs.field(kw_only=True)
    _exact: FrozenMap[str, Fraction] = attrs.field(kw_only=True, repr=False, alias="exact")

    def exact(self, respondent_id: str) -> Fraction:
        """The exact weight of ``respondent_id``, as a fraction.

        Raises:
            UnknownCustomerError: No such respondent.
            InvalidTypeError: ``respondent_id`` is not a string.
        """
        try:
            return self._exact[check_instance("respondent_id", respondent_id, str)]
        except KeyError:
            msg = f"respondent_id: expected a respondent of the survey, got {respondent_id!r}"
            raise UnknownCustomerError(msg) from None


def _population(value: object) -> dict[str, Fraction]:
    if not isinstance(value, Mapping):
        msg = f"population: expected a mapping of segment to customers, got {describe(value)}"
        raise InvalidTypeError(msg)
    counts: dict[str, Fraction] = {}
    for segment, size in value.items():
        check_id("population", segment)
        number = check_number(f"population[{segment!r}]", size, low=Decimal(0))
        counts[segment] = Fraction(number)
    total = sum(counts.values(), Fraction(0))
    if not total:
        msg = "population: expected at least one segment with customers, got none"
        raise EmptyInputError(msg)
    return {segment: count / total for segment, count in counts.items()}


def poststratify(responses: Iterable[Response], population: Mapping[str, object]) -> Weights:
    """Weight ``responses`` so each segment counts by its share of ``population``.

    Args:
        responses: The responses; each needs a :attr:`~Response.segment` that
            ``population`` has.
        population: Customers per segment (counts or shares; only the proportions
            matter), e.g. ``{"A": 48, "B": 72, "C": 120}``.

    Returns:
        The weights. A segment with no customers weighs nothing.

    Raises:
        EmptyInputError: A segment with customers and no answers (its weight would be a
            division by zero), or a population with no customers.
        DuplicateError: Two responses of one respondent.
        InvalidInputError: A response without a segment or in a segment the population
            lacks; a negative or non-numeric count.
    """
    shares = _population(population)
    members: dict[str, list[str]] = {segment: [] for segment in shares}
    listed = check_unique(
        "responses",
        responses,
        Response,
        lambda response: response.respondent_id,
        "one response per respondent",
    )
    for response in listed:
        if response.segment not in members:
            msg = (
                f"responses[{response.respondent_id!r}].segment: expected one of the "
                f"population's segments ({', '.join(sorted(shares))}), got {response.segment!r}"
            )
            raise InvalidInputError(msg)
        members[response.segment].append(response.respondent_id)
    for segment in sorted(shares):
        if shares[segment] and not members[segment]:
            msg = (
                f"population[{segment!r}]: expected at least one answer from a segment with "
                f"customers ({to_decimal(shares[segment] * 100):.1f} % of them), got none"
            )
            raise EmptyInputError(msg)
    exact: dict[str, Fraction] = {}
    strata = []
    for segment in sorted(shares):
        share, ids = shares[segment], members[segment]
        weight = share / len(ids) if ids else Fraction(0)
        exact.update(dict.fromkeys(ids, weight))
        strata.append(
            Stratum(
                segment,
                population_share=to_decimal(share),
                answers=len(ids),
                answer_share=to_decimal(Fraction(len(ids), len(listed))),
                weight=to_decimal(weight),
                effective_answers=Decimal(len(ids)) if share else Decimal(0),
            )
        )
    return Weights(
        tuple(strata),
        by_respondent=FrozenMap({rid: to_decimal(w) for rid, w in exact.items()}),
        effective_answers=effective(exact.values()),
        exact=FrozenMap(exact),
    )
