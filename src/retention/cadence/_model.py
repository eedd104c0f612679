"""What the cadence engine takes in and gives back: customers, staff, events, decisions."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal

import attrs

from retention._validate import (
    check_bool,
    check_count,
    check_date,
    check_id,
    check_iterable,
    check_optional_date,
    check_optional_label,
    check_positive_int,
    describe,
    is_missing,
    normalising,
    to_enum,
    to_money,
    validator,
)
from retention.exceptions import InvalidInputError, InvalidTypeError
from retention.rules import Reason
from retention.segmentation import AbcClass, Attitude

__all__ = [
    "Channel",
    "ContactDecision",
    "ContactRecord",
    "CustomerProfile",
    "EventKind",
    "OptOut",
    "Purpose",
    "ServiceTask",
    "StaffMember",
    "Status",
    "StoreEvent",
    "SuppressReason",
    "Visit",
    "WinBack",
    "blocking_opt_out",
]


class Channel(enum.Enum):
    """How a contact reaches the customer."""

    IN_PERSON = "in_person"
    """Face to face in the store (walking the customer to the door)."""
    MESSAGE = "message"
    """A text, app or e-mail message: no staff time is planned for it."""
    PHONE = "phone"
    """A call by a staff member: a staff task."""

    @property
    def staff_task(self) -> bool:
        """Whether a staff member must do it (and it needs a working day and capacity)."""
        return self is not Channel.MESSAGE


class Purpose(enum.Enum):
    """Why a contact is made; each purpose belongs to one rule."""

    SERVICE = "service"
    """Complaint follow-up (CMP-STEPS step 5): exempt from the caps, not from opt-outs."""
    DOOR = "door"
    """Walk the paying customer to the door (CAD-DOOR): part of the sale, not capped."""
    GREET = "greet"
    """Greeting message after the purchase (CAD-GREET)."""
    SURVEY = "survey"
    """Usage survey about a week after the purchase (CAD-SURVEY)."""
    INVITE = "invite"
    """Invitation to a store event (CAD-INVITE)."""
    CLUB = "club"
    """Club or frequent-customer reward message (CAD-CLUB)."""
    KEEP = "keep"
    """Regular keep-in-touch message (CAD-KEEP)."""
    HOLIDAY = "holiday"
    """Holiday wish: a keep-in-touch moved onto an occasion (CAD-KEEP)."""
    WINBACK = "winback"
    """Invitation back for a customer the churn early warning flags (CHURN-WINBACK);
    ranks with the invitations."""

    @property
    def rule_id(self) -> str:
        """The rule this purpose carries out."""
        return _RULE[self]

    @property
    def priority(self) -> int:
        """0 wins: service, post-purchase, invitations, club, keep-in-touch."""
        return _PRIORITY[self]

    @property
    def routine(self) -> bool:
        """Whether it is a routine contact, which stops when a customer lapses.

        Keep-in-touch, holiday wishes, invitations and club rewards are routine;
        service, the door walk, post-purchase messages and win-backs are not.
        """
        return self in (Purpose.KEEP, Purpose.HOLIDAY, Purpose.INVITE, Purpose.CLUB)

    @property
    def capped(self) -> bool:
        """Whether CAD-CAP's frequency caps count it (all but service and the door walk)."""
        return self not in (Purpose.SERVICE, Purpose.DOOR)


_RULE = {
    Purpose.SERVICE: "CMP-STEPS",
    Purpose.DOOR: "CAD-DOOR",
    Purpose.GREET: "CAD-GREET",
    Purpose.SURVEY: "CAD-SURVEY",
    Purpose.INVITE: "CAD-INVITE",
    Purpose.CLUB: "CAD-CLUB",
    Purpose.KEEP: "CAD-KEEP",
    Purpose.HOLIDAY: "CAD-KEEP",
    Purpose.WINBACK: "CHURN-WINBACK",
}
_PRIORITY = {
    Purpose.SERVICE: 0,
    Purpose.DOOR: 1,
    Purpose.GREET: 1,
    Purpose.SURVEY: 1,
    Purpose.INVITE: 2,
    Purpose.CLUB: 3,
    Purpose.KEEP: 4,
    Purpose.HOLIDAY: 4,
    Purpose.WINBACK: 2,
}


class Status(enum.Enum):
    """The one decision a candidate contact gets."""

    PLANNED = "planned"
    """Planned on its due date."""
    DEFERRED = "deferred"
    """Planned later than its due date, inside its window."""
    MERGED = "merged"
    """Folded into another contact (a keep-in-touch into a holiday wish)."""
    SUPPRESSED = "suppressed"
    """Not planned; :attr:`ContactDecision.suppressed` says why."""
    DONE = "done"
    """Already in the contact history the host passed."""

    @property
    def planned(self) -> bool:
        """Whether the contact is to be made in this plan (planned or deferred)."""
        return self in (Status.PLANNED, Status.DEFERRED)


class SuppressReason(enum.Enum):
    """Why a candidate contact was not planned.

    For a contact that tried the days of its window, it is what blocked the first day;
    the decision's reasons name every kind of block met on the other days.
    """

    CAP = "cap"
    """The customer's frequency caps were full on the first day tried (CAD-CAP)."""
    OPT_OUT = "opt_out"
    """The customer opted out of the channel (CAD-CAP)."""
    WINDOW_EXPIRED = "window_expired"
    """The window closed before the plan starts and the history has no record of it."""
    OVERFLOW = "overflow"
    """No staff member had a working day with capacity in the window (CAD-CAPACITY)."""
    SUPERSEDED = "superseded"
    """A new purchase restarted the post-purchase sequence (CAD-KEEP)."""
    HORIZON_END = "horizon_end"
    """Blocked up to the end of the plan; the window goes on after it: plan again later."""
    THROUGHPUT = "throughput"
    """The store's messages or calls for the day were full (CAD-CAPACITY)."""
    LIFECYCLE = "lifecycle"
    """The customer has lapsed or is sunset: routine contacts stop (CHURN-WINBACK)."""


class EventKind(enum.Enum):
    """The store events CAD-INVITE names."""

    NEW_PRODUCT = "new_product"
    PROMOTION = "promotion"
    EXPERT_VISIT = "expert_visit"


def _opt_channel(value: object) -> Channel:
    channel = to_enum("channel", Channel, value)
    if channel is Channel.IN_PERSON:
        msg = "channel: expected 'message' or 'phone', got 'in_person'"
        raise InvalidInputError(msg)
    return channel


@attrs.frozen
class OptOut:
    """A customer's opt-out of a channel, effective from a date (CAD-CAP).

    Attributes:
        channel: ``message`` or ``phone``.
        since: First day the opt-out holds.
    """

    channel: Channel = attrs.field(converter=_opt_channel)
    since: dt.date = attrs.field(kw_only=True, validator=validator(check_date))


def _value(value: object) -> Decimal | None:
    return None if is_missing(value) else to_money("value", value)


def _abc(value: object) -> AbcClass | None:
    return None if is_missing(value) else to_enum("abc", AbcClass, value)


def _attitude(value: object) -> Attitude | None:
    return None if is_missing(value) else to_enum("attitude", Attitude, value)


def _channel(value: object) -> Channel:
    return to_enum("channel", Channel, value)


def _purpose(value: object) -> Purpose:
    return to_enum("purpose", Purpose, value)


def _status(value: object) -> Status:
    return to_enum("status", Status, value)


def _optional_channel(value: object) -> Channel | None:
    return None if is_missing(value) else to_enum("channel", Channel, value)


def _optional_suppressed(value: object) -> SuppressReason | None:
    return None if is_missing(value) else to_enum("suppressed", SuppressReason, value)


def _event_kind(value: object) -> EventKind:
    return to_enum("kind", EventKind, value)


def _optional_bool(field: str, value: object) -> None:
    if value is not None:
        check_bool(field, value)


def _opt_outs(value: object) -> tuple[OptOut, ...]:
    items = []
    for item in check_iterable("opt_outs", value, "OptOut objects"):
        if not isinstance(item, OptOut):
            msg = f"opt_outs: expected OptOut objects, got {describe(item)}"
            raise InvalidTypeError(msg)
        items.append(item)
    return tuple(sorted(items, key=lambda o: (o.channel.value, o.since)))


@attrs.frozen
class CustomerProfile:
    """What the planner needs to know about one customer besides the purchases.

    Attributes:
        customer_id: The host's customer ID.
        abc: ABC class (SEG-ABC), ``None`` if not classified; decides priority.
        attitude: Attitude group (SEG-ATTITUDE), ``None`` if unknown.
        close: The host's flag for a close relationship (CAD-INVITE phones these);
            ``None`` lets the policy decide from :attr:`abc` and :attr:`attitude`.
        club_member: Member of the store's club (CAD-CLUB).
        staff_id: The staff member who looks after the customer, tried first for
            staff tasks; ``None`` for anyone.
        opt_outs: Channels the customer opted out of, each from a date.
        value: What the customer is worth to the store (their spend, or an expected
            value), ``None`` if unknown; within a class, a higher value goes first where
            the store's daily limits are short (SEG-FOCUS).
    """

    customer_id: str = attrs.field(validator=validator(check_id))
    abc: AbcClass | None = attrs.field(default=None, kw_only=True, converter=_abc)
    attitude: Attitude | None = attrs.field(default=None, kw_only=True, converter=_attitude)
    close: bool | None = attrs.field(
        default=None, kw_only=True, validator=validator(_optional_bool)
    )
    club_member: bool = attrs.field(default=False, kw_only=True, validator=validator(check_bool))
    staff_id: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    opt_outs: tuple[OptOut, ...] = attrs.field(default=(), kw_only=True, converter=_opt_outs)
    value: Decimal | None = attrs.field(default=None, kw_only=True, converter=_value)

    def opted_out(self, channel: Channel, day: dt.date) -> OptOut | None:
        """Return the opt-out that blocks ``channel`` (or its value) on ``day``, if any.

        Raises:
            InvalidInputError: ``channel`` is not a channel.
            InvalidTypeError: ``day`` is not a date.
        """
        return blocking_opt_out(self, to_enum("channel", Channel, channel), check_date("day", day))


def blocking_opt_out(customer: CustomerProfile, channel: Channel, day: dt.date) -> OptOut | None:
    """:meth:`CustomerProfile.opted_out` of a checked channel and day (the planner's)."""
    for opt_out in customer.opt_outs:
        if opt_out.channel is channel and opt_out.since <= day:
            return opt_out
    return None


def _days_off(value: object) -> frozenset[dt.date]:
    return frozenset(
        check_date("days_off", day) for day in check_iterable("days_off", value, "dates")
    )


@attrs.frozen
class StaffMember:
    """A member of staff who does staff tasks (door walks, calls) (CAD-CAPACITY).

    Attributes:
        staff_id: The host's staff ID.
        daily_capacity: Most staff tasks a day (0 for someone who does none).
        days_off: Personal days off (leave, rota) on top of the store's calendar.
    """

    staff_id: str = attrs.field(validator=validator(check_id))
    daily_capacity: int = attrs.field(kw_only=True, validator=validator(check_count))
    days_off: frozenset[dt.date] = attrs.field(
        default=frozenset(), kw_only=True, converter=_days_off
    )


def _segments(value: object) -> frozenset[AbcClass]:
    return frozenset(
        to_enum("segments", AbcClass, v) for v in check_iterable("segments", value, "ABC classes")
    )


@attrs.frozen
class StoreEvent:
    """A new product, promotion or expert visit old customers are invited to (CAD-INVITE).

    Attributes:
        event_id: The host's ID for the event.
        date: The day of the event.
        kind: New product, promotion or expert visit.
        name: What it is called.
        segments: ABC classes invited; empty for every old customer.
    """

    event_id: str = attrs.field(validator=validator(check_id))
    date: dt.date = attrs.field(kw_only=True, validator=validator(check_date))
    kind: EventKind = attrs.field(kw_only=True, converter=_event_kind)
    name: str = attrs.field(kw_only=True, validator=validator(check_id))
    segments: frozenset[AbcClass] = attrs.field(
        default=frozenset(), kw_only=True, converter=_segments
    )


@attrs.frozen
class Visit:
    """A customer served without buying (CAD-DOOR's extension, off by default).

    Attributes:
        customer_id: Who visited.
        date: When.
    """

    customer_id: str = attrs.field(validator=validator(check_id))
    date: dt.date = attrs.field(kw_only=True, validator=validator(check_date))


#: The longest window a service task or a win-back may take: a year, like a policy's.
MAX_WINDOW_DAYS = 365


@normalising
def _window_days(field: str, value: object) -> int:
    return check_positive_int(field, value, maximum=MAX_WINDOW_DAYS)


@attrs.frozen
class ServiceTask:
    """A service contact the host needs made, e.g. a complaint follow-up (CMP-STEPS 5).

    Service contacts come first, are exempt from the frequency caps and still respect
    the customer's opt-outs.

    Attributes:
        case_id: The case (or other subject) the contact is about.
        customer_id: Whom to contact.
        due: The day it is due.
        channel: ``phone`` (a staff task, the default) or ``message``.
        window_days: Days it may take from ``due`` on (``1``: the due day only), at
            most 365.
    """

    case_id: str = attrs.field(validator=validator(check_id))
    customer_id: str = attrs.field(kw_only=True, validator=validator(check_id))
    due: dt.date = attrs.field(kw_only=True, validator=validator(check_date))
    channel: Channel = attrs.field(default=Channel.PHONE, kw_only=True, converter=_opt_channel)
    window_days: int = attrs.field(default=2, kw_only=True, validator=validator(_window_days))


@attrs.frozen
class WinBack:
    """A win-back contact the churn early warning asks for (CHURN-WINBACK).

    Made by :meth:`retention.churn.ChurnReport.winbacks`, or by the host. It ranks with
    the invitations, counts toward the caps and respects the opt-outs; a call is a staff
    task like any other.

    Attributes:
        customer_id: Whom to invite back.
        anchor: The customer's last purchase day: one win-back per lapse, so planning
            again later finds the same contact ID.
        due: The day it is due.
        channel: ``message`` (default) or ``phone``.
        window_days: Days it may take from ``due`` on, at most 365.
        why: The likely reason and its cure, for the staff member or the message.
    """

    customer_id: str = attrs.field(validator=validator(check_id))
    anchor: dt.date = attrs.field(kw_only=True, validator=validator(check_date))
    due: dt.date = attrs.field(kw_only=True, validator=validator(check_date))
    channel: Channel = attrs.field(default=Channel.MESSAGE, kw_only=True, converter=_opt_channel)
    window_days: int = attrs.field(default=7, kw_only=True, validator=validator(_window_days))
    why: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )

    def __attrs_post_init__(self) -> None:
        """Check that the contact comes after the purchase it follows."""
        if self.due <= self.anchor:
            msg = f"due: expected a day after anchor ({self.anchor}), got {self.due}"
            raise InvalidInputError(msg)


@attrs.frozen
class ContactRecord:
    """A contact already made, from the host's contact history.

    Records count toward the caps and the keep-in-touch rhythm; a record whose
    ``contact_id`` matches a candidate marks that candidate done, so re-planning never
    plans a contact twice.

    Attributes:
        customer_id: Who was contacted.
        date: When.
        channel: How.
        purpose: Why.
        contact_id: The planner's contact ID if it came from a plan, else ``None``.
        assignee: The staff member who did it, if a staff task.
    """

    customer_id: str = attrs.field(validator=validator(check_id))
    date: dt.date = attrs.field(kw_only=True, validator=validator(check_date))
    channel: Channel = attrs.field(kw_only=True, converter=_channel)
    purpose: Purpose = attrs.field(kw_only=True, converter=_purpose)
    contact_id: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    assignee: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )


def _made_problem(decision: ContactDecision) -> str | None:  # noqa: PLR0911  # one check a line
    """What a planned, deferred or done decision lacks or must not have."""
    status, day, channel = decision.status, decision.date, decision.channel
    if day is None or channel is None:
        return "a date and a channel"
    if decision.into is not None or decision.suppressed is not None:
        return "no merge target and no suppress reason"
    if decision.blocked_by is not None:
        return "no blocking contact"
    if status is Status.PLANNED and day != decision.due:
        return f"date == due ({decision.due})"
    if status is Status.DEFERRED and day <= decision.due:
        return f"date after due ({decision.due})"
    if status.planned and channel.staff_task != (decision.assignee is not None):
        return "an assignee exactly when it is a staff task"
    return None


def _unmade_problem(decision: ContactDecision) -> str | None:
    """What a merged or suppressed decision lacks or must not have."""
    if decision.date is not None or decision.channel is not None:
        return "no date and no channel"
    if decision.assignee is not None:
        return "no assignee"
    if decision.status is Status.MERGED:
        if decision.into is None or decision.suppressed is not None:
            return "a merge target and no suppress reason"
        if decision.blocked_by is not None:
            return "no blocking contact"
    elif decision.suppressed is None or decision.into is not None:
        return "a suppress reason and no merge target"
    return None


def _check_decision(decision: ContactDecision) -> None:
    """Refuse a decision whose fields contradict its status (no illegal state)."""
    status = decision.status
    made = status.planned or status is Status.DONE
    problem = _made_problem(decision) if made else _unmade_problem(decision)
    if problem is None and not decision.reasons:
        problem = "at least one reason"
    if problem is not None:
        msg = f"status: a {status.value} contact needs {problem}, got {decision!r}"
        raise InvalidInputError(msg)


def _reasons(value: object) -> tuple[Reason, ...]:
    # a tuple is kept as it is (plans share equal reasons tuples between decisions)
    items = (
        value if type(value) is tuple else tuple(check_iterable("reasons", value, "Reason objects"))
    )
    for item in items:
        if not isinstance(item, Reason):
            msg = f"reasons: expected Reason objects, got {describe(item)}"
            raise InvalidTypeError(msg)
    return items


@attrs.frozen
class ContactDecision:
    """The one decision about one candidate contact, with its reasons.

    Attributes:
        contact_id: Stable ID from customer, rule, and anchor (purchase day, event,
            case, or the last contact): ``"c42/CAD-GREET/2025-11-03"``.
        customer_id: Whom it is for.
        purpose: What it is for.
        status: Planned, deferred, merged, suppressed or done.
        due: The day it was due (for a deferral, the original day).
        date: The day it is planned or was done; ``None`` if merged or suppressed.
        channel: How; ``None`` if merged or suppressed.
        assignee: The staff member for a staff task.
        into: The contact a merged one was folded into.
        suppressed: Why a suppressed one was not planned.
        blocked_by: The contact whose place blocked it (cap), if any.
        subject: The event or case it is about, if any.
        reasons: Why, each with the rule ID that decided.
    """

    contact_id: str = attrs.field(validator=validator(check_id))
    customer_id: str = attrs.field(kw_only=True, validator=validator(check_id))
    purpose: Purpose = attrs.field(kw_only=True, converter=_purpose)
    status: Status = attrs.field(kw_only=True, converter=_status)
    due: dt.date = attrs.field(kw_only=True, validator=validator(check_date))
    date: dt.date | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_date)
    )
    channel: Channel | None = attrs.field(default=None, kw_only=True, converter=_optional_channel)
    assignee: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    into: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    suppressed: SuppressReason | None = attrs.field(
        default=None, kw_only=True, converter=_optional_suppressed
    )
    blocked_by: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    subject: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    reasons: tuple[Reason, ...] = attrs.field(default=(), kw_only=True, converter=_reasons)

    def __attrs_post_init__(self) -> None:
        """Check that the fields fit the status (a cross-field rule)."""
        _check_decision(self)

    @property
    def rule_id(self) -> str:
        """The rule the contact carries out."""
        return self.purpose.rule_id

    @property
    def day(self) -> dt.date:
        """The planned day if there is one, else the due day (for sorting and timelines)."""
        return self.date if self.date is not None else self.due

    def explain(self) -> str:
        """The decision and its reasons, one per line."""
        head = f"{self.contact_id}: {self.status.value}"
        if self.date is not None:
            head += f" on {self.date.isoformat()}"
        if self.channel is not None:
            head += f" by {self.channel.value}"
        if self.assignee is not None:
            head += f" ({self.assignee})"
        if self.into is not None:
            head += f" into {self.into}"
        if self.suppressed is not None:
            head += f" ({self.suppressed.value})"
        return "\n".join([head, *(f"  {reason}" for reason in self.reasons)])
