"""Surveys: the scale, the items, each respondent's answers (SAT-GAP, SAT-SURVEY).

A :class:`Survey` holds what one round of measuring satisfaction collected: the rating
:class:`Scale`, the :class:`Item` list (each with a :class:`Topic` and an optional
dimension such as SERVQUAL's five), how it was collected (:class:`SurveyMethod`, seed
001's list, and whether a third party ran it) and one :class:`Response` per respondent.
Every answer is checked against the scale when the survey is built, so a survey that
exists is a survey that can be scored.
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from fractions import Fraction

import attrs

from retention._decimal import SHARE
from retention._text import escape_controls
from retention._validate import (
    as_integer,
    check_bool,
    check_date,
    check_field_name,
    check_id,
    check_optional_label,
    check_positive_int,
    check_unique,
    describe,
    is_missing,
    normalising,
    to_enum,
    validator,
)
from retention.exceptions import InvalidInputError, InvalidTypeError

__all__ = [
    "CES_SCALE",
    "NPS_SCALE",
    "Item",
    "ItemAnswer",
    "Response",
    "Scale",
    "Survey",
    "SurveyMethod",
    "Topic",
]


@normalising
def check_rating(field: str, value: object) -> int:
    """Return ``value`` if it is an int rating (not a bool, float or NaN).

    A numpy or pandas integer is returned as an ``int``.
    """
    rating = value if type(value) is int else as_integer(value)
    if rating is None:
        msg = f"{field}: expected an int rating, got {describe(value)}"
        raise InvalidTypeError(msg)
    return rating


def on_scale(scale: Scale, field: str, value: object) -> int:
    """:meth:`Scale.check` for the library's own field names, which need no checking.

    A field name built from a caller's IDs must have its control characters escaped.
    """
    rating = check_rating(field, value)
    if not scale.low <= rating <= scale.high:
        msg = f"{field}: expected an int rating from {scale.low} to {scale.high}, got {rating}"
        raise InvalidInputError(msg)
    return rating


@normalising
def _check_low(field: str, value: object) -> int:
    return check_rating(field, value)


@attrs.frozen
class Scale:
    """A rating scale of whole points from ``low`` to ``high``, e.g. 1..5 or 0..10.

    Attributes:
        low: The worst answer.
        high: The best answer; greater than ``low``.

    Example:
        >>> Scale(1, high=5).score(4)
        Decimal('75')
    """

    low: int = attrs.field(validator=validator(_check_low))
    high: int = attrs.field(kw_only=True, validator=validator(_check_low))

    def __attrs_post_init__(self) -> None:
        """Check that the scale has at least two points."""
        if self.high <= self.low:
            msg = f"high: expected an int > low ({self.low}), got {self.high}"
            raise InvalidInputError(msg)

    @property
    def points(self) -> int:
        """How many answers the scale has (5 for 1..5)."""
        return self.high - self.low + 1

    def check(self, field: str, value: object) -> int:
        """Return ``value`` if it is an int on this scale, else raise naming ``field``.

        Raises:
            InvalidInputError: ``value`` is off the scale, or ``field`` is not a field
                name (a non-empty string of printable characters).
            InvalidTypeError: ``value`` is not an int.
        """
        return on_scale(self, check_field_name("field", field), value)

    def score(self, rating: int) -> Decimal:
        """Rescale a rating to 0..100: ``low`` gives 0, ``high`` gives 100.

        Raises:
            InvalidInputError: ``rating`` is off the scale.
            InvalidTypeError: ``rating`` is not an int.
        """
        rating = on_scale(self, "rating", rating)
        return SHARE.divide(Decimal(100 * (rating - self.low)), Decimal(self.high - self.low))

    def exact(self, rating: int) -> Fraction:
        """:meth:`score` as an exact fraction (``1/3`` stays ``1/3``).

        Raises:
            InvalidInputError: ``rating`` is off the scale.
            InvalidTypeError: ``rating`` is not an int.
        """
        rating = on_scale(self, "rating", rating)
        return Fraction(100 * (rating - self.low), self.high - self.low)

    def span(self, points: int) -> Decimal:
        """A difference of ``points`` on this scale, in 0..100 score points.

        Raises:
            InvalidInputError: ``points`` is wider than the scale (more than ``high - low``
                either way).
            InvalidTypeError: ``points`` is not an int.
        """
        width = self.high - self.low
        points = check_rating("points", points)
        if not -width <= points <= width:
            msg = f"points: expected an int from {-width} to {width}, got {points}"
            raise InvalidInputError(msg)
        return SHARE.divide(Decimal(100 * points), Decimal(width))

    def top(self, boxes: int) -> range:
        """The ratings in the top ``boxes`` boxes (``top(2)`` on 1..5 is 4 and 5).

        Raises:
            InvalidInputError: ``boxes`` is below 1.
            InvalidTypeError: ``boxes`` is not an int.
        """
        boxes = check_positive_int("boxes", boxes)
        return range(max(self.low, self.high - boxes + 1), self.high + 1)

    def __str__(self) -> str:
        """Render as ``"1..5"``."""
        return f"{self.low}..{self.high}"


#: The 0..10 "how likely are you to recommend us" scale of the Net Promoter Score.
NPS_SCALE = Scale(0, high=10)
#: The 1..7 agreement scale of the Customer Effort Score (CES 2.0).
CES_SCALE = Scale(1, high=7)


class Topic(enum.Enum):
    """What an item asks about; the levers (SAT-LEVERS) and churn reasons read it."""

    PRICE = "price"
    """Price and value for money (a price advantage lever; the price-undercut reason)."""
    SERVICE = "service"
    """How staff serve (the fair service system; the bad-service reason)."""
    QUALITY = "quality"
    """Product quality (the quality-decline reason)."""
    RANGE = "range"
    """Whether the store has what the customer needs (the changed-needs reason)."""
    CAPACITY = "capacity"
    """Waiting, availability, opening hours (capacity ahead of needs)."""
    ENVIRONMENT = "environment"
    """The store itself."""
    OTHER = "other"
    """Anything else."""


class SurveyMethod(enum.Enum):
    """How the answers were collected: seed 001's ways of measuring (SAT-SURVEY)."""

    CALL_CENTRE = "call_centre"
    FORM = "form"
    PHONE_FOLLOW_UP = "phone_follow_up"
    FORUM = "forum"
    MYSTERY_SHOPPER = "mystery_shopper"
    LOST_CUSTOMER = "lost_customer"


def _topic(value: object) -> Topic:
    return to_enum("topic", Topic, value)


@attrs.frozen
class Item:
    """One question of a survey.

    Attributes:
        item_id: The host's ID for the item, e.g. ``"price"`` or ``"Q3"``.
        topic: What it asks about (:class:`Topic`, default ``other``).
        dimension: A group of items, e.g. one of SERVQUAL's five (tangibles,
            reliability, responsiveness, assurance, empathy), or ``None``.
        text: The question as asked, for reports.
    """

    item_id: str = attrs.field(validator=validator(check_id))
    topic: Topic = attrs.field(default=Topic.OTHER, kw_only=True, converter=_topic)
    dimension: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    text: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )


@normalising
def _check_expectation(field: str, value: object) -> int:
    if value is None:
        msg = (
            f"{field}: expected an int rating (SAT-GAP compares the experience with what the "
            "customer expected), got None"
        )
        raise InvalidInputError(msg)
    return check_rating(field, value)


@attrs.frozen
class ItemAnswer:
    """One respondent's answer to one item: what they expected and what they got.

    Both ratings are on the survey's scale; the survey checks the range.

    Attributes:
        item_id: The item answered.
        perception: How good the experience was.
        expectation: How good they expected it to be. Required: leaving it out raises
            :class:`~retention.exceptions.InvalidInputError`, not a bare ``TypeError``.
    """

    item_id: str = attrs.field(validator=validator(check_id))
    perception: int = attrs.field(kw_only=True, validator=validator(check_rating))
    expectation: int = attrs.field(
        default=None, kw_only=True, validator=validator(_check_expectation)
    )

    @property
    def gap(self) -> int:
        """Perception minus expectation, in scale points (SAT-GAP)."""
        return self.perception - self.expectation


def _item_id(item: ItemAnswer | Item) -> str:
    return item.item_id


def _respondent_id(response: Response) -> str:
    return response.respondent_id


def _answers(value: object) -> tuple[ItemAnswer, ...]:
    items = check_unique("answers", value, ItemAnswer, _item_id, "one answer per item")
    return tuple(sorted(items, key=_item_id))


@normalising
def _optional_rating(field: str, value: object) -> int | None:
    """A rating, or ``None`` when missing (None, NaN, ``pd.NA``: an unanswered question)."""
    return None if is_missing(value) else check_rating(field, value)


@normalising
def _recommend(field: str, value: object) -> int | None:
    return None if is_missing(value) else on_scale(NPS_SCALE, field, value)


@normalising
def _effort(field: str, value: object) -> int | None:
    return None if is_missing(value) else on_scale(CES_SCALE, field, value)


@attrs.frozen
class Response:
    """Everything one respondent answered.

    Attributes:
        respondent_id: The customer (or prospect, SAT-EXPERIENCE) who answered.
        answers: One :class:`ItemAnswer` per item answered, kept in item order.
        segment: The stratum the respondent belongs to for weighting (SAT-SURVEY),
            e.g. their ABC class ``"A"``; ``None`` if unknown.
        overall: Overall satisfaction on the survey's scale, if asked; the loyalty
            outlook and word of mouth use it, else the mean of the items.
        repurchase: "Will you buy here again?" on the survey's scale, if asked; the
            loyalty zones need it.
        recommend: "How likely are you to recommend us?" on 0..10 (NPS), if asked.
        effort: "The store made it easy for me" on 1..7 (CES), if asked.
    """

    respondent_id: str = attrs.field(validator=validator(check_id))
    answers: tuple[ItemAnswer, ...] = attrs.field(default=(), kw_only=True, converter=_answers)
    segment: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    overall: int | None = attrs.field(
        default=None, kw_only=True, validator=validator(_optional_rating)
    )
    repurchase: int | None = attrs.field(
        default=None, kw_only=True, validator=validator(_optional_rating)
    )
    recommend: int | None = attrs.field(default=None, kw_only=True, validator=validator(_recommend))
    effort: int | None = attrs.field(default=None, kw_only=True, validator=validator(_effort))


def _method(value: object) -> SurveyMethod:
    return to_enum("method", SurveyMethod, value)


def _third_party(value: object) -> bool:
    return check_bool("third_party", value)


def _items(value: object) -> tuple[Item, ...]:
    items = check_unique("items", value, Item, _item_id, "unique item IDs")
    return tuple(sorted(items, key=_item_id))


def _responses(value: object) -> tuple[Response, ...]:
    items = check_unique(
        "responses", value, Response, _respondent_id, "one response per respondent"
    )
    return tuple(sorted(items, key=_respondent_id))


def _scale(field: str, value: object) -> None:
    if not isinstance(value, Scale):
        msg = f"{field}: expected a Scale, got {describe(value)}"
        raise InvalidTypeError(msg)


@normalising
def _held_on(field: str, value: object) -> dt.date | None:
    return None if is_missing(value) else check_date(field, value)


@attrs.frozen
class Survey:
    """One round of satisfaction measurement (SAT-SURVEY).

    Items and responses are kept sorted by ID, so the order they arrive in never
    matters. Building the survey checks every rating against the scale and every
    answer against the items.

    Attributes:
        survey_id: The host's ID for the survey.
        scale: The rating scale of the items, ``overall`` and ``repurchase``.
        items: The questions.
        responses: One per respondent.
        method: How the answers were collected (default ``form``).
        third_party: Whether an outside party ran it, which the seed calls more
            objective (default ``False``).
        held_on: When it closed, if the host wants it on reports.

    Raises:
        InvalidInputError: A rating off the scale, or an answer to an unknown item.
        DuplicateError: Two items or two responses with one ID.
    """

    survey_id: str = attrs.field(validator=validator(check_id))
    scale: Scale = attrs.field(kw_only=True, validator=validator(_scale))
    items: tuple[Item, ...] = attrs.field(kw_only=True, converter=_items)
    responses: tuple[Response, ...] = attrs.field(kw_only=True, converter=_responses)
    method: SurveyMethod = attrs.field(default=SurveyMethod.FORM, kw_only=True, converter=_method)
    third_party: bool = attrs.field(default=False, kw_only=True, converter=_third_party)
    held_on: dt.date | None = attrs.field(default=None, kw_only=True, validator=validator(_held_on))

    def __attrs_post_init__(self) -> None:
        """Check every answer against the items and the scale."""
        known = {item.item_id for item in self.items}
        scale = self.scale
        for response in self.responses:
            where = f"responses[{response.respondent_id!r}]"
            for answer in response.answers:
                if answer.item_id not in known:
                    msg = (
                        f"{where}.answers: expected an item of the survey "
                        f"({escape_controls(', '.join(sorted(known))) or 'none'}), "
                        f"got {answer.item_id!r}"
                    )
                    raise InvalidInputError(msg)
                at = f"{where}.{escape_controls(answer.item_id)}"
                on_scale(scale, f"{at}.perception", answer.perception)
                on_scale(scale, f"{at}.expectation", answer.expectation)
            for name in ("overall", "repurchase"):
                rating = getattr(response, name)
                if rating is not None:
                    on_scale(scale, f"{where}.{name}", rating)

    def item(self, item_id: str) -> Item:
        """Return the item with ID ``item_id``."""
        for item in self.items:
            if item.item_id == item_id:
                return item
        msg = f"item_id: expected an item of the survey, got {describe(item_id)}"
        raise InvalidInputError(msg)
