"""The events the host records on a complaint; a case is the fold of them.

Six events are the seed's six steps (CMP-STEPS): :class:`Listened`, :class:`Apologised`,
:class:`CauseDiagnosed`, :class:`ResolutionProposed` then :class:`Resolved`,
:class:`FollowedUp`, :class:`Recorded`; :class:`Closed` ends the case. The others may
happen along the way: promises (CMP-PROMISE), an approval of compensation above the
proposer's limit (CMP-COMPENSATE), and pausing the SLA clocks while the store waits on
the customer (CMP-NOW).
"""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from typing import ClassVar

import attrs

from retention._instants import utc
from retention._validate import (
    check_aware,
    check_bool,
    check_id,
    check_optional_label,
    describe,
    to_enum,
    to_money,
    validator,
)
from retention.complaints._model import Cause, Option
from retention.exceptions import InvalidInputError, InvalidTypeError

__all__ = [
    "Apologised",
    "CauseDiagnosed",
    "ClockPaused",
    "ClockResumed",
    "Closed",
    "CompensationApproved",
    "Event",
    "EventKind",
    "FollowedUp",
    "Listened",
    "PromiseBroken",
    "PromiseKept",
    "PromiseMade",
    "Recorded",
    "ResolutionProposed",
    "Resolved",
]


class EventKind(enum.Enum):
    """The kinds of event, in the order of the six steps, then the others."""

    LISTENED = "listened"
    APOLOGISED = "apologised"
    CAUSE_DIAGNOSED = "cause_diagnosed"
    RESOLUTION_PROPOSED = "resolution_proposed"
    COMPENSATION_APPROVED = "compensation_approved"
    RESOLVED = "resolved"
    FOLLOWED_UP = "followed_up"
    RECORDED = "recorded"
    CLOSED = "closed"
    PROMISE_MADE = "promise_made"
    PROMISE_KEPT = "promise_kept"
    PROMISE_BROKEN = "promise_broken"
    CLOCK_PAUSED = "clock_paused"
    CLOCK_RESUMED = "clock_resumed"


@attrs.frozen
class Event:
    """What every event has: the complaint it belongs to, when, by whom.

    Attributes:
        complaint_id: The complaint's ID; an event of another complaint is refused.
        at: When it happened (timezone-aware); a case's events never go back in time
            (compared as instants, in UTC, whatever zone each is written in).
        by: The staff member who did it, if known.
        note: Free text for the record.
    """

    kind: ClassVar[EventKind]

    complaint_id: str = attrs.field(validator=validator(check_id))
    at: dt.datetime = attrs.field(kw_only=True, validator=validator(check_aware))
    by: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )
    note: str | None = attrs.field(
        default=None, kw_only=True, validator=validator(check_optional_label)
    )


@attrs.frozen
class Listened(Event):
    """Step 1: the staff member listened and accepted the criticism sincerely."""

    kind: ClassVar[EventKind] = EventKind.LISTENED


@attrs.frozen
class Apologised(Event):
    """Step 2: apologised and calmed the customer; this completes the first response."""

    kind: ClassVar[EventKind] = EventKind.APOLOGISED


def _cause(value: object) -> Cause:
    return to_enum("cause", Cause, value)


@attrs.frozen
class CauseDiagnosed(Event):
    """Step 3: the root of the dissatisfaction, found by asking carefully (CMP-CAUSE).

    Attributes:
        cause: Expectation gap, product quality, staff service, or other (then
            :attr:`note` must say what).
    """

    kind: ClassVar[EventKind] = EventKind.CAUSE_DIAGNOSED

    cause: Cause = attrs.field(kw_only=True, converter=_cause)

    def __attrs_post_init__(self) -> None:
        """Require a note for the cause ``other``."""
        if self.cause is Cause.OTHER and self.note is None:
            msg = "note: expected what the cause is when cause is 'other' (CMP-CAUSE), got None"
            raise InvalidInputError(msg)


def _options(value: object) -> tuple[Option, ...]:
    if isinstance(value, str | bytes) or not isinstance(value, tuple | list):
        msg = f"options: expected a tuple of Option, got {describe(value)}"
        raise InvalidTypeError(msg)
    options = tuple(value)
    for index, option in enumerate(options):
        if not isinstance(option, Option):
            msg = f"options[{index}]: expected an Option, got {describe(option)}"
            raise InvalidTypeError(msg)
    if not options:
        msg = "options: expected at least one option to choose from (CMP-CHOICE), got none"
        raise InvalidInputError(msg)
    if len(set(options)) != len(options):
        msg = "options: expected different options, got the same option twice"
        raise InvalidInputError(msg)
    return options


@attrs.frozen
class ResolutionProposed(Event):
    """Step 4, first half: options offered and the one the customer chose (CMP-CHOICE).

    A second proposal before the case is resolved replaces the first (and any approval
    given for it).

    Attributes:
        options: What was offered; at least one, no two alike.
        chosen: The option the customer chose; one of :attr:`options`.
        role: The proposer's role; its compensation limit (CMP-COMPENSATE) decides
            whether the chosen option's amount needs approval.
    """

    kind: ClassVar[EventKind] = EventKind.RESOLUTION_PROPOSED

    options: tuple[Option, ...] = attrs.field(kw_only=True, converter=_options)
    chosen: Option = attrs.field(kw_only=True)
    role: str = attrs.field(kw_only=True, validator=validator(check_id))

    def __attrs_post_init__(self) -> None:
        """Check that the chosen option was offered."""
        if not isinstance(self.chosen, Option):
            msg = f"chosen: expected an Option, got {describe(self.chosen)}"
            raise InvalidTypeError(msg)
        if self.chosen not in self.options:
            msg = (
                "chosen: expected one of the options offered (CMP-CHOICE), got "
                f"{self.chosen.describe()!r}"
            )
            raise InvalidInputError(msg)


def _approved_amount(value: object) -> Decimal:
    return to_money("amount", value)


@attrs.frozen
class CompensationApproved(Event):
    """Approval of compensation above the proposer's limit (CMP-COMPENSATE).

    Attributes:
        role: The approver's role; its limit must cover :attr:`amount`.
        amount: The amount approved; at least the chosen option's amount.
    """

    kind: ClassVar[EventKind] = EventKind.COMPENSATION_APPROVED

    role: str = attrs.field(kw_only=True, validator=validator(check_id))
    amount: Decimal = attrs.field(kw_only=True, converter=_approved_amount)


@attrs.frozen
class Resolved(Event):
    """Step 4, second half: the chosen option was carried out (or agreed and under way)."""

    kind: ClassVar[EventKind] = EventKind.RESOLVED


@attrs.frozen
class FollowedUp(Event):
    """Step 5: contacted the customer again after handling, and apologised again.

    Attributes:
        satisfied: Whether the customer is content now. ``False`` reopens the case to
            diagnosis (step 3) and counts a failure.
    """

    kind: ClassVar[EventKind] = EventKind.FOLLOWED_UP

    satisfied: bool = attrs.field(kw_only=True, validator=validator(check_bool))


@attrs.frozen
class Recorded(Event):
    """Step 6: the complaint recorded in detail and the lesson drawn (CMP-LESSON).

    Attributes:
        details: What happened, for the record.
        lesson: What the store changes so it does not happen again.
    """

    kind: ClassVar[EventKind] = EventKind.RECORDED

    details: str = attrs.field(kw_only=True, validator=validator(check_id))
    lesson: str = attrs.field(kw_only=True, validator=validator(check_id))


@attrs.frozen
class Closed(Event):
    """The case is over: all six steps done and no promise left open."""

    kind: ClassVar[EventKind] = EventKind.CLOSED


@attrs.frozen
class PromiseMade(Event):
    """A promise to the customer (CMP-PROMISE).

    Attributes:
        promise_id: Unique within the case.
        what: What was promised.
        due: When it must be kept by (aware, not before :attr:`at` as an instant,
            whatever zones the two are written in).
    """

    kind: ClassVar[EventKind] = EventKind.PROMISE_MADE

    promise_id: str = attrs.field(kw_only=True, validator=validator(check_id))
    what: str = attrs.field(kw_only=True, validator=validator(check_id))
    due: dt.datetime = attrs.field(kw_only=True, validator=validator(check_aware))

    def __attrs_post_init__(self) -> None:
        """Refuse a promise due before it was made."""
        if utc(self.due) < utc(self.at):
            msg = (
                f"due: expected a time at or after the promise was made ({self.at.isoformat()}), "
                f"got {self.due.isoformat()}"
            )
            raise InvalidInputError(msg)


@attrs.frozen
class PromiseKept(Event):
    """The promise was kept (after its due time it counts as kept late).

    Attributes:
        promise_id: The promise.
    """

    kind: ClassVar[EventKind] = EventKind.PROMISE_KEPT

    promise_id: str = attrs.field(kw_only=True, validator=validator(check_id))


@attrs.frozen
class PromiseBroken(Event):
    """The promise will not be kept.

    Attributes:
        promise_id: The promise.
    """

    kind: ClassVar[EventKind] = EventKind.PROMISE_BROKEN

    promise_id: str = attrs.field(kw_only=True, validator=validator(check_id))


@attrs.frozen
class ClockPaused(Event):
    """The SLA clocks stop while the store waits on the customer (CMP-NOW).

    :attr:`note` should say what the store waits for.
    """

    kind: ClassVar[EventKind] = EventKind.CLOCK_PAUSED


@attrs.frozen
class ClockResumed(Event):
    """The SLA clocks run again."""

    kind: ClassVar[EventKind] = EventKind.CLOCK_RESUMED
