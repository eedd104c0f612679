"""A plan's decisions as compact rows, and the ContactDecision objects built from them.

A plan for 100,000 customers decides about close to a million contacts. Held as
:class:`~retention.cadence.ContactDecision` objects from the start, every decision is an
object CPython's cyclic garbage collector tracks, and the full collections a growing heap
triggers made planning scale worse than linearly (see the performance page). A row is a
plain tuple of atoms (``str``, ``int``, ``datetime.date``, ``None``): the collector stops
tracking such a tuple the first time it sees it. :class:`DecisionTable` holds the rows
and builds the ContactDecision objects when somebody asks for them.

Enums are stored as their position in :data:`PURPOSES`, :data:`STATUSES`,
:data:`CHANNELS` and :data:`SUPPRESSIONS` (an enum member is a tracked object), and a
decision's reasons as the position of its reasons tuple in the table's ``reasons``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Final, overload

from retention._validate import check_unique
from retention.cadence._model import Channel, ContactDecision, Purpose, Status, SuppressReason
from retention.rules import Reason

__all__ = [
    "ASSIGNEE",
    "BLOCKED_BY",
    "CHANNEL",
    "CHANNELS",
    "CHANNEL_CODE",
    "CONTACT",
    "CUSTOMER",
    "DATE",
    "DAY",
    "DUE",
    "INTO",
    "MADE_CODES",
    "PLANNED_CODES",
    "PRIORITY",
    "PURPOSE",
    "PURPOSES",
    "PURPOSE_CODE",
    "REASONS",
    "STATUS",
    "STATUSES",
    "STATUS_CODE",
    "SUBJECT",
    "SUPPRESSED",
    "SUPPRESSIONS",
    "SUPPRESS_CODE",
    "DecisionTable",
    "Row",
    "make_row",
    "row_of",
]

Row = tuple[
    dt.date,  # DAY: the planned day, else the due day
    str,  # CUSTOMER
    int,  # PRIORITY: the purpose's priority
    str,  # CONTACT: the contact ID
    int,  # PURPOSE: position in PURPOSES
    int,  # STATUS: position in STATUSES
    dt.date,  # DUE
    "dt.date | None",  # DATE
    int,  # CHANNEL: position in CHANNELS (0: None)
    "str | None",  # ASSIGNEE
    "str | None",  # INTO
    int,  # SUPPRESSED: position in SUPPRESSIONS (0: None)
    "str | None",  # BLOCKED_BY
    "str | None",  # SUBJECT
    int,  # REASONS: position in the table's reasons
]
"""One decision. The first four fields are the plan's order: a list of rows sorts
into plan order as it is (contact IDs are unique, so no two rows tie)."""

# Positions of a row's fields (literal, so type checkers know each field's type).
DAY: Final = 0
CUSTOMER: Final = 1
PRIORITY: Final = 2
CONTACT: Final = 3
PURPOSE: Final = 4
STATUS: Final = 5
DUE: Final = 6
DATE: Final = 7
CHANNEL: Final = 8
ASSIGNEE: Final = 9
INTO: Final = 10
SUPPRESSED: Final = 11
BLOCKED_BY: Final = 12
SUBJECT: Final = 13
REASONS: Final = 14

PURPOSES: Final = tuple(Purpose)
STATUSES: Final = tuple(Status)
CHANNELS: Final[tuple[Channel | None, ...]] = (None, *Channel)
SUPPRESSIONS: Final[tuple[SuppressReason | None, ...]] = (None, *SuppressReason)
PURPOSE_CODE: Final = {purpose: code for code, purpose in enumerate(PURPOSES)}
STATUS_CODE: Final = {status: code for code, status in enumerate(STATUSES)}
CHANNEL_CODE: Final = {channel: code for code, channel in enumerate(CHANNELS)}
SUPPRESS_CODE: Final = {kind: code for code, kind in enumerate(SUPPRESSIONS)}
PLANNED_CODES: Final = frozenset(STATUS_CODE[s] for s in Status if s.planned)
"""Status codes of the contacts to make in the plan (planned or deferred)."""
MADE_CODES: Final = PLANNED_CODES | {STATUS_CODE[Status.DONE]}
"""Status codes of contacts with a date and a channel (planned, deferred or done)."""


def make_row(  # noqa: PLR0917  # one per field; positional on the planner's hot path
    contact_id: str,
    customer_id: str,
    purpose: Purpose,
    status: Status,
    due: dt.date,
    date: dt.date | None,
    channel: Channel | None,
    assignee: str | None,
    into: str | None,
    suppressed: SuppressReason | None,
    blocked_by: str | None,
    subject: str | None,
    reasons: int,
) -> Row:
    """Return one decision's row: the one place that knows the layout of :data:`Row`."""
    return (
        due if date is None else date,
        customer_id,
        purpose.priority,
        contact_id,
        PURPOSE_CODE[purpose],
        STATUS_CODE[status],
        due,
        date,
        CHANNEL_CODE[channel],
        assignee,
        into,
        SUPPRESS_CODE[suppressed],
        blocked_by,
        subject,
        reasons,
    )


def row_of(decision: ContactDecision, reasons: int) -> Row:
    """Return ``decision`` as a row whose reasons are at position ``reasons``."""
    return make_row(
        decision.contact_id,
        decision.customer_id,
        decision.purpose,
        decision.status,
        decision.due,
        decision.date,
        decision.channel,
        decision.assignee,
        decision.into,
        decision.suppressed,
        decision.blocked_by,
        decision.subject,
        reasons,
    )


class DecisionTable(Sequence[ContactDecision]):
    """A plan's decisions: one row each, in plan order, and the reasons they share.

    Reads like a sequence of :class:`~retention.cadence.ContactDecision`. Each object is
    built from its row through the public constructor (so it is checked like any other)
    when asked for; :meth:`all` builds them all once and keeps them. Two tables are
    equal when their decisions are, however their reasons are numbered.

    Args:
        rows: The rows, in plan order, with unique contact IDs.
        reasons: The reasons tuples the rows' ``REASONS`` fields point into.
        decisions: The decisions the rows were made from, if they exist already.
    """

    __slots__ = ("_decisions", "_hash", "_index", "reasons", "rows")

    def __init__(
        self,
        rows: tuple[Row, ...],
        reasons: tuple[tuple[Reason, ...], ...],
        *,
        decisions: tuple[ContactDecision, ...] | None = None,
    ) -> None:
        """Wrap the rows; the caller guarantees they are valid and their IDs unique."""
        self.rows = rows
        self.reasons = reasons
        self._decisions = decisions
        self._index: dict[str, int] | None = None
        self._hash: int | None = None

    @classmethod
    def of(cls, decisions: Iterable[ContactDecision]) -> DecisionTable:
        """Build a table from decision objects, in the order given.

        Raises:
            InvalidTypeError: An item is not a ContactDecision.
            DuplicateError: Two decisions share a contact ID.
        """
        if isinstance(decisions, DecisionTable):
            return decisions
        items = tuple(
            check_unique(
                "decisions",
                decisions,
                ContactDecision,
                lambda decision: decision.contact_id,
                "one decision per contact ID",
            )
        )
        codes: dict[tuple[Reason, ...], int] = {}
        rows = [row_of(item, codes.setdefault(item.reasons, len(codes))) for item in items]
        return cls(tuple(rows), tuple(codes), decisions=items)

    def __len__(self) -> int:
        """Return the number of decisions."""
        return len(self.rows)

    @overload
    def __getitem__(self, position: int) -> ContactDecision: ...

    @overload
    def __getitem__(self, position: slice) -> tuple[ContactDecision, ...]: ...

    def __getitem__(self, position: int | slice) -> ContactDecision | tuple[ContactDecision, ...]:
        """Return the decision at ``position`` (a tuple of them for a slice)."""
        if self._decisions is not None:
            return self._decisions[position]
        if isinstance(position, slice):
            return tuple(self.build(row) for row in self.rows[position])
        return self.build(self.rows[position])

    def __iter__(self) -> Iterator[ContactDecision]:
        """Iterate over the decisions in plan order (building them all once)."""
        return iter(self.all())

    def all(self) -> tuple[ContactDecision, ...]:
        """Every decision, built once and kept."""
        if self._decisions is None:
            # Two threads may both build them; either result is the same.
            self._decisions = tuple(map(self.build, self.rows))
        return self._decisions

    def build(self, row: Row) -> ContactDecision:
        """Return the decision one of this table's rows stands for."""
        return ContactDecision(
            row[CONTACT],
            customer_id=row[CUSTOMER],
            purpose=PURPOSES[row[PURPOSE]],
            status=STATUSES[row[STATUS]],
            due=row[DUE],
            date=row[DATE],
            channel=CHANNELS[row[CHANNEL]],
            assignee=row[ASSIGNEE],
            into=row[INTO],
            suppressed=SUPPRESSIONS[row[SUPPRESSED]],
            blocked_by=row[BLOCKED_BY],
            subject=row[SUBJECT],
            reasons=self.reasons[row[REASONS]],
        )

    def select(self, keep: frozenset[int], field: int) -> tuple[ContactDecision, ...]:
        """The decisions whose row has one of the codes ``keep`` in ``field``."""
        return tuple(self[i] for i, row in enumerate(self.rows) if row[field] in keep)

    def position(self, contact_id: object) -> int | None:
        """Where the decision about ``contact_id`` is (``None`` if there is none)."""
        if self._index is None:
            self._index = {row[CONTACT]: i for i, row in enumerate(self.rows)}
        return self._index.get(contact_id) if isinstance(contact_id, str) else None

    def __eq__(self, other: object) -> bool:
        """Compare the decisions, whatever numbers the two tables give their reasons."""
        if not isinstance(other, DecisionTable):
            return NotImplemented
        if self.reasons == other.reasons:
            return self.rows == other.rows
        if len(self.rows) != len(other.rows):
            return False
        mine, theirs = self.reasons, other.reasons
        return all(
            a[:REASONS] == b[:REASONS] and mine[a[REASONS]] == theirs[b[REASONS]]
            for a, b in zip(self.rows, other.rows, strict=True)
        )

    def __hash__(self) -> int:
        """Hash the decisions, consistent with ``==``."""
        if self._hash is None:
            self._hash = hash(
                tuple((row[:REASONS], self.reasons[row[REASONS]]) for row in self.rows)
            )
        return self._hash

    def __repr__(self) -> str:
        """Say how many decisions there are, not what they are."""
        return f"<{len(self.rows):,} decisions>"
