"""The complaint, its choices and its promises: the values a case is made of."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import attrs

from retention._instants import utc
from retention._validate import (
    check_aware,
    check_id,
    check_optional_label,
    is_a,
    is_missing,
    normalising,
    to_enum,
    to_money,
    validator,
)
from retention.exceptions import InvalidInputError

__all__ = [
    "Cause",
    "Complaint",
    "ComplaintChannel",
    "Option",
    "Priority",
    "Promise",
    "PromiseStatus",
    "Remedy",
    "Stage",
]


class Priority(enum.Enum):
    """How urgent a complaint is; each priority has its own SLA targets (CMP-NOW)."""

    URGENT = "urgent"
    """Safety, a public scene, a large loss: first response within minutes."""
    HIGH = "high"
    """A big customer (SEG-FOCUS) or a repeated complaint."""
    NORMAL = "normal"
    """The usual complaint."""
    LOW = "low"
    """A remark rather than a grievance."""


class ComplaintChannel(enum.Enum):
    """How the complaint reached the store."""

    IN_STORE = "in_store"
    PHONE = "phone"
    MESSAGE = "message"
    ONLINE = "online"
    LETTER = "letter"


class Cause(enum.Enum):
    """The true cause found at step 3 (CMP-CAUSE, seed 004)."""

    EXPECTATION_GAP = "expectation_gap"
    """What was promised or expected was not met."""
    PRODUCT_QUALITY = "product_quality"
    """The product itself is faulty."""
    STAFF_SERVICE = "staff_service"
    """The way staff served the customer."""
    OTHER = "other"
    """Anything else; the diagnosis must then say what in its note."""


class Remedy(enum.Enum):
    """What the store does about a complaint (CMP-REMEDY, seed 004 (3)).

    Repair, replacement and refund are the "three guarantees" of after-sales service.
    Delivery and installation are appointments: choosing one makes a promise due at its
    time (CMP-PROMISE).
    """

    REPAIR = "repair"
    REPLACEMENT = "replacement"
    REFUND = "refund"
    SMALL_GIFT = "small_gift"
    DELIVERY = "delivery"
    INSTALLATION = "installation"
    OTHER = "other"

    @property
    def is_appointment(self) -> bool:
        """Whether the remedy happens at an agreed time (delivery, installation)."""
        return self in (Remedy.DELIVERY, Remedy.INSTALLATION)


class Stage(enum.Enum):
    """Where a case stands in the six steps (CMP-STEPS)."""

    RECEIVED = "received"
    """Nothing done yet; step 1 (listen) is next."""
    LISTENED = "listened"
    """Step 1 done: the criticism was heard and accepted."""
    APOLOGISED = "apologised"
    """Step 2 done: the first response is complete."""
    DIAGNOSED = "diagnosed"
    """Step 3 done: the true cause is known."""
    PROPOSED = "proposed"
    """Step 4 under way: options offered and one chosen."""
    RESOLVED = "resolved"
    """Step 4 done: the chosen option was carried out."""
    FOLLOWED_UP = "followed_up"
    """Step 5 done: the customer was contacted again, apologised to again, and is content."""
    REOPENED = "reopened"
    """The customer was still unhappy at the follow-up: back to diagnosis (step 3)."""
    RECORDED = "recorded"
    """Step 6 done: the details and the lesson are written down."""
    CLOSED = "closed"
    """The case is over; it takes no more events."""


class PromiseStatus(enum.Enum):
    """Where a promise stands (CMP-PROMISE)."""

    OPEN = "open"
    KEPT = "kept"
    """Kept by its due time."""
    KEPT_LATE = "kept_late"
    """Done, but after its due time: the promise as made was not kept."""
    BROKEN = "broken"


def _channel(value: object) -> ComplaintChannel:
    return to_enum("channel", ComplaintChannel, value)


def _priority(value: object) -> Priority:
    return to_enum("priority", Priority, value)


def _remedy(value: object) -> Remedy:
    return to_enum("remedy", Remedy, value)


def _optional_remedy(value: object) -> Remedy | None:
    return None if is_missing(value) else to_enum("asks_for", Remedy, value)


def _amount(value: object) -> Decimal:
    return to_money("amount", value)


@normalising
def _check_optional_aware(field: str, value: object) -> dt.datetime | None:
    return None if is_missing(value) else check_aware(field, value)


@attrs.frozen
class Complaint:
    """A complaint as it reached the store.

    Attributes:
        complaint_id: The host's ID of the complaint (also the case's ID).
        customer_id: Who complained.
        received_at: When it reached the store (timezone-aware); the SLA clocks start here.
        channel: How it reached the store.
        summary: What the customer says, in a line or a paragraph.
        priority: Sets the SLA targets (default normal).
        product: The product concerned, if any (counted in the lessons).
        staff_id: The staff member the complaint concerns, if any (counted in the lessons).
        asks_for: The remedy the customer asks for, if they said.

    Raises:
        InvalidInputError: A naive ``received_at``, an empty ID or summary, an unknown
            channel, priority or remedy.
        InvalidTypeError: A value of the wrong type.
    """

    complaint_id: str = attrs.field(validator=validator(check_id))
    customer_id: str = attrs.field(kw_only=True, validator=validator(check_id))
    received_at: dt.datetime = attrs.field(kw_only=True, validator=validator(check_aware))
    channel: ComplaintChannel = attrs.field(kw_only=True, converter=_channel)
    summary: str = attrs.field(kw_only=True, validator=validator(check_id))
    priority: Priority = attrs.field(default=Priority.NORMAL, kw_only=True, converter=_priority)
    product: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    staff_id: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    asks_for: Remedy | None = attrs.field(default=None, kw_only=True, converter=_optional_remedy)


@attrs.frozen
class Option:
    """One way to resolve a complaint, offered to the customer to choose (CMP-CHOICE).

    Attributes:
        remedy: What the store does (CMP-REMEDY).
        amount: The money it costs the store as compensation (a refund, a gift's value,
            a voucher); ``0`` for a repair under guarantee. Checked against the
            proposer's compensation limit (CMP-COMPENSATE).
        appointment: For a delivery or an installation, the agreed time (aware); it
            becomes a promise when the customer chooses this option. Required for those
            two remedies, refused for the others.
        note: What exactly is offered, if the remedy alone does not say.

    Raises:
        InvalidInputError: A negative amount, a missing or unexpected appointment, a
            naive appointment.
    """

    remedy: Remedy = attrs.field(converter=_remedy)
    amount: Decimal = attrs.field(default=Decimal(0), kw_only=True, converter=_amount)
    appointment: dt.datetime | None = attrs.field(
        default=None, kw_only=True, validator=validator(_check_optional_aware)
    )
    note: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )

    def __attrs_post_init__(self) -> None:
        """Check that appointments go with delivery and installation only."""
        if self.remedy.is_appointment and self.appointment is None:
            msg = (
                f"appointment: expected the agreed time for a {self.remedy.value} "
                "(CMP-REMEDY: on time, courteous), got None"
            )
            raise InvalidInputError(msg)
        if not self.remedy.is_appointment and self.appointment is not None:
            msg = (
                f"appointment: expected None for a {self.remedy.value} (only delivery and "
                f"installation are appointments), got {self.appointment.isoformat()}"
            )
            raise InvalidInputError(msg)

    def describe(self) -> str:
        """Say the option in a few words: ``"refund of 50"``, ``"repair"``."""
        text = self.remedy.value.replace("_", " ")
        if self.amount:
            text += f" worth {self.amount}"
        if self.appointment is not None:
            text += f" at {self.appointment.isoformat()}"
        return text


@attrs.frozen
class Promise:
    """A promise made to the customer in a case (CMP-PROMISE).

    Attributes:
        promise_id: The ID the host gave it (unique within the case).
        what: What was promised.
        made_at: When it was made.
        due: When it must be kept by.
        status: Open, kept, kept late or broken.
        settled_at: When it was kept or declared broken (``None`` while open).
    """

    promise_id: str
    what: str = attrs.field(kw_only=True)
    made_at: dt.datetime = attrs.field(kw_only=True)
    due: dt.datetime = attrs.field(kw_only=True)
    status: PromiseStatus = attrs.field(
        default=PromiseStatus.OPEN, kw_only=True, validator=is_a(PromiseStatus)
    )
    settled_at: dt.datetime | None = attrs.field(default=None, kw_only=True)

    def overdue(self, at: dt.datetime) -> bool:
        """Say whether the promise is still open after its due time at instant ``at``.

        The two are compared as instants (in UTC), whatever zones they are written in.
        """
        return self.status is PromiseStatus.OPEN and utc(check_aware("at", at)) > utc(self.due)
