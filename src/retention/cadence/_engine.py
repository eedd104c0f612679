"""The planner's working state: candidates, the checks on one day, placement.

Private to :mod:`retention.cadence`. A :class:`Planner` lives for one call of
:func:`~retention.cadence.plan_contacts` and never leaves it.

What a large plan keeps for long is kept as tuples of atoms, which CPython's garbage
collector stops tracking: the waiting candidates (:meth:`Planner.waiting`), the
decisions (rows, see ``_rows.py``) and each customer's contact days. Objects (a
:class:`Candidate`, a :class:`Block`) live only while one candidate is placed.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from heapq import heapify, heappop, heapreplace
from typing import TYPE_CHECKING

from retention._text import count_of
from retention._validate import add_days_or_edge
from retention.cadence._model import (
    Channel,
    ContactRecord,
    CustomerProfile,
    Purpose,
    StaffMember,
    Status,
    SuppressReason,
    blocking_opt_out,
)
from retention.cadence._policy import CadencePolicy
from retention.cadence._rows import (
    CHANNEL_CODE,
    CHANNELS,
    DAY,
    PURPOSE_CODE,
    PURPOSES,
    Row,
    make_row,
)
from retention.calendar import StoreCalendar
from retention.rules import Reason
from retention.segmentation import AbcClass

if TYPE_CHECKING:
    from retention.churn import ChurnPolicy

__all__ = ["CLASS_RANK", "ONE", "Block", "Candidate", "Planner", "Waiting"]

ONE = dt.timedelta(days=1)
CLASS_RANK = {AbcClass.A: 0, AbcClass.B: 1, AbcClass.C: 2, None: 3}

Waiting = tuple[int, int, int, dt.date, int, str, int, int, dt.date, int, "str | None"]
"""A candidate waiting for its turn: priority, ABC rank, value rank (see
:class:`Planner`), due day, the customer's seat and contact ID (the placement order, so
a list of them sorts as it is), then the purpose and channel codes, the last day of the
window, the reason's code (see :meth:`Planner.why`) and the subject."""


class Candidate:
    """A contact some rule asks for, while the planner decides about it."""

    __slots__ = (
        "channel",
        "contact_id",
        "customer",
        "due",
        "first",
        "last",
        "purpose",
        "reason",
        "seat",
        "subject",
    )

    def __init__(  # a plain record; keywords keep call sites readable
        self,
        customer: CustomerProfile,
        *,
        seat: int,
        contact_id: str,
        purpose: Purpose,
        channel: Channel,
        due: dt.date,
        last: dt.date,
        reason: Reason,
        subject: str | None = None,
    ) -> None:
        self.customer = customer
        self.seat = seat
        self.contact_id = contact_id
        self.purpose = purpose
        self.channel = channel
        self.due = due
        self.first = due
        self.last = last
        self.reason = reason
        self.subject = subject


class Block:
    """Why a day did not work for a candidate."""

    __slots__ = ("blocked_by", "kind", "reason")

    def __init__(self, kind: SuppressReason, reason: Reason, blocked_by: str | None = None) -> None:
        self.kind = kind
        self.reason = reason
        self.blocked_by = blocked_by


class Planner:
    """The mutable working state of one planning run (never leaves plan_contacts).

    Each customer has a seat: their position in customer-ID order. What the planner
    keeps per customer is in lists by seat, and the waiting candidates sort by seat, so
    placing a day's candidates walks those lists in order instead of hashing customer IDs
    into large dicts at random (the cost that grows with a large store's memory).
    """

    def __init__(  # the validated inputs of plan_contacts
        self,
        *,
        start: dt.date,
        end: dt.date,
        calendar: StoreCalendar,
        policy: CadencePolicy,
        staff: list[StaffMember],
        done: dict[str, ContactRecord],
        customers: list[CustomerProfile],
        bought: dict[str, tuple[dt.date, ...]],
        churn_policy: ChurnPolicy,
        given_winbacks: dict[str, frozenset[dt.date]],
    ) -> None:
        self.start = start
        self.end = end
        self.calendar = calendar
        self.policy = policy
        self.staff = staff
        self.staff_by_id = {member.staff_id: member for member in staff}
        self.done = done
        self.customers = customers  # by seat: in customer-ID order
        self.seats = {customer.customer_id: seat for seat, customer in enumerate(customers)}
        # by seat: the purchase days, sorted (the lifecycle's evidence)
        self.bought = [bought.get(customer.customer_id, ()) for customer in customers]
        self.lapse_days = policy.lapse_days
        # the keep-in-touch rhythm's interval and slack, made once (CAD-KEEP)
        self.keep_interval = dt.timedelta(days=policy.keep_interval)
        self.keep_slack = dt.timedelta(days=policy.keep_slack)
        self.lapse = dt.timedelta(days=policy.lapse_days + 1)
        # by seat: the rank of the customer's value, highest first (SEG-FOCUS: within a
        # class, the more valuable go first where the store's daily limits are short)
        values = sorted({c.value for c in customers if c.value is not None}, reverse=True)
        place = {value: rank for rank, value in enumerate(values)}
        self.worth = [place.get(c.value, len(values)) for c in customers]  # type: ignore[arg-type]
        # contacts per (channel code, day), store-wide: the daily limits (CAD-CAPACITY)
        self.sent: dict[tuple[int, dt.date], int] = {}
        # the blocks of the days found full, and of each lapse day (made once each)
        self.full: dict[tuple[int, dt.date], Block] = {}
        self.lapse_blocks: dict[dt.date, Block] = {}
        # a re-plan: the previous plan's planned rows in range by contact ID; the rows kept
        # on their day (pinned) and why the others moved
        self.previous: dict[str, Row] = {}
        self.pins: dict[str, Row] = {}
        self.moved: dict[str, Reason] = {}
        # the win-back sequence: the churn policy's window and classes called; by seat,
        # the (first due, last day) of the sequence of the last lapse before the plan;
        # by customer, the lapses (last purchase days) the host gave win-backs for
        self.churn_policy = churn_policy
        self.sequences: dict[int, tuple[dt.date, dt.date]] = {}
        self.given_winbacks = given_winbacks
        # the decisions' rows by day (DAY): sorting each day's rows is sorting the plan
        self.rows: dict[dt.date, list[Row]] = {}
        # every reason given so far, to share equal ones, numbered in the order first
        # given; every reasons tuple, numbered the same way (a row's REASONS)
        self.reasons: dict[tuple[str, str], int] = {}
        self.reason_list: list[Reason] = []
        self.reason_codes: dict[tuple[Reason, ...], int] = {}
        # by seat: each customer's capped contacts, sorted (date, contact_id) pairs
        self.capped: list[tuple[tuple[dt.date, str], ...]] = [()] * len(customers)
        # by seat: every contact day (planned or done), for the keep-in-touch rhythm
        self.touches: list[tuple[dt.date, ...]] = [()] * len(customers)
        self.load: dict[tuple[str, dt.date], int] = {}
        self.holidays_done: dict[tuple[str, dt.date], str] = {}
        # the day of each holiday wish a keep-in-touch was merged into
        self.holiday_day: dict[str, dt.date] = {}
        # per day: a heap of (load, staff_id) of the members not on a day off, and
        # whether anyone is on duty
        self.pool: dict[dt.date, list[tuple[int, str]]] = {}
        self.on_duty: dict[dt.date, bool] = {}

    # -- bookkeeping ------------------------------------------------------------------

    def why(self, rule_id: str, *, detail: str) -> Reason:
        """Return the reason, shared with every decision of this plan that gives it.

        Many customers share a reason word for word (a greeting after a purchase on the
        same day, an invitation to the same event); one object for each keeps a large
        plan's memory, and the garbage collector's work, in proportion.
        """
        return self.reason_list[self.reason_code(rule_id, detail)]

    def reason_code(self, rule_id: str, detail: str) -> int:
        """Return the number of the reason (see :meth:`why`), making it if it is new."""
        key = (rule_id, detail)
        code = self.reasons.get(key)
        if code is None:
            code = self.reasons[key] = len(self.reason_list)
            self.reason_list.append(Reason(rule_id, detail=detail))
        return code

    def waiting(  # a plain record; keywords keep call sites readable
        self,
        customer: CustomerProfile,
        *,
        contact_id: str,
        purpose: Purpose,
        channel: Channel,
        due: dt.date,
        last: dt.date,
        rule_id: str,
        detail: str,
        subject: str | None = None,
    ) -> Waiting:
        """Return a candidate contact as a tuple of atoms, to sort and place later."""
        seat = self.seats[customer.customer_id]
        return (
            purpose.priority,
            CLASS_RANK[customer.abc],
            self.worth[seat],
            due,
            seat,
            contact_id,
            PURPOSE_CODE[purpose],
            CHANNEL_CODE[channel],
            last,
            self.reason_code(rule_id, detail),
            subject,
        )

    def record(self, seat: int, purpose: Purpose, day: dt.date, contact_id: str) -> None:
        """Count a contact (planned or done) against caps and the keep rhythm.

        ``contact_id`` is ``""`` for a history record without one.
        """
        touches = self.touches[seat]
        if day not in touches:
            self.touches[seat] = (*touches, day)
        if purpose.capped:
            placed = self.capped[seat]
            at = bisect_right(placed, (day, contact_id))
            self.capped[seat] = (*placed[:at], (day, contact_id), *placed[at:])

    def add_history(self, record: ContactRecord) -> None:
        """Count a contact from the host's history."""
        seat = self.seats[record.customer_id]
        self.record(seat, record.purpose, record.date, record.contact_id or "")
        if record.purpose is Purpose.HOLIDAY:
            self.holidays_done[record.customer_id, record.date] = (
                record.contact_id or f"{record.customer_id}/CAD-KEEP/holiday/{record.date}"
            )
        if self.start <= record.date <= self.end:
            if record.assignee in self.staff_by_id:
                key = (record.assignee, record.date)
                self.load[key] = self.load.get(key, 0) + 1
            self.count_sent(record.channel, record.date)

    def count_sent(self, channel: Channel, day: dt.date) -> None:
        """Count a contact against the store's daily limit of its channel."""
        if channel is Channel.MESSAGE:
            key = (_MESSAGE, day)
        elif channel is Channel.PHONE:
            key = (_PHONE, day)
        else:
            return  # no store-wide limit on contacts in person (staff capacity holds them)
        self.sent[key] = self.sent.get(key, 0) + 1

    def last_purchase(self, seat: int, day: dt.date) -> dt.date | None:
        """The customer's last purchase day on or before ``day``, if any."""
        days = self.bought[seat]
        if not days or days[0] > day:
            return None
        return days[bisect_right(days, day) - 1]

    def lapse_day(self, seat: int, day: dt.date) -> dt.date | None:
        """The day the customer lapses after their last purchase on or before ``day``.

        ``lapse_days`` after that purchase (held at 9999-12-31); ``None`` without one.
        """
        last = self.last_purchase(seat, day)
        return None if last is None else add_days_or_edge(last, self.policy.lapse_days + 1)

    def lapsed_on(self, seat: int, day: dt.date) -> dt.date | None:
        """The day the customer lapsed, if they have lapsed by ``day`` (else ``None``).

        A customer lapses ``lapse_days`` after their last purchase on or before ``day``;
        a customer without a purchase has not lapsed. (A hot path: inline, no calls.)
        """
        days = self.bought[seat]
        at = bisect_right(days, day)
        if not at:
            return None
        last = days[at - 1]
        if (day - last).days <= self.lapse_days:
            return None
        return last + self.lapse  # on or before ``day``

    def lapse_block(self, seat: int, day: dt.date) -> Block | None:
        """What stops a routine contact on ``day``: the customer has lapsed (CHURN-WINBACK)."""
        lapsed = self.lapsed_on(seat, day)
        if lapsed is None:
            return None
        block = self.lapse_blocks.get(lapsed)
        if block is None:
            detail = (
                f"lapsed on {lapsed}: no purchase for more than {self.policy.lapse_days} days, "
                "so routine contacts stop and the win-back sequence takes over"
            )
            block = Block(SuppressReason.LIFECYCLE, self.why("CHURN-WINBACK", detail=detail))
            self.lapse_blocks[lapsed] = block
        return block

    def limit_block(self, channel: Channel, day: dt.date) -> Block | None:
        """What stops one more ``channel`` contact on ``day``: the store's daily limit."""
        if channel is Channel.MESSAGE:
            key, limit, what = (_MESSAGE, day), self.policy.messages_per_day, "message"
        elif channel is Channel.PHONE:
            key, limit, what = (_PHONE, day), self.policy.calls_per_day, "call"
        else:
            return None
        if self.sent.get(key, 0) < limit:
            return None
        block = self.full.get(key)  # a full day stays full
        if block is None:
            detail = (
                f"{day} already has the store's {count_of(limit, what)} a day (the policy's "
                "limit); a wave spreads over its window by class and value"
            )
            block = Block(SuppressReason.THROUGHPUT, self.why("CAD-CAPACITY", detail=detail))
            self.full[key] = block
        return block

    # -- checks on one day ------------------------------------------------------------

    def cap_block(self, seat: int, day: dt.date) -> Block | None:
        """Return what blocks a capped contact on ``day`` (CAD-CAP), if anything."""
        placed = self.capped[seat]
        if not placed:
            return None
        policy = self.policy
        span = dt.timedelta(days=policy.cap_window_days - 1)
        lo = bisect_left(placed, (day - span,))
        hi = bisect_left(placed, (day + span + ONE,))
        near = placed[lo:hi]
        same_day = [cid for d, cid in near if d == day]
        if len(same_day) >= policy.cap_per_day:
            return Block(
                SuppressReason.CAP,
                self.why(
                    "CAD-CAP",
                    detail=f"{day} already has {len(same_day)} contact(s), "
                    f"the cap is {policy.cap_per_day} a day",
                ),
                same_day[0] or None,
            )
        if len(near) < policy.cap_per_window:
            return None
        # The fullest window containing `day` starts at day - span or just where a later
        # contact enters it.
        starts = [day - span] + [d - span for d, _ in near if d > day]
        for begin in starts:
            inside = [cid for d, cid in near if begin <= d <= begin + span]
            if len(inside) >= policy.cap_per_window:
                return Block(
                    SuppressReason.CAP,
                    self.why(
                        "CAD-CAP",
                        detail=f"{len(inside)} contacts in the {policy.cap_window_days} days "
                        f"{begin}..{begin + span}, the cap is {policy.cap_per_window}",
                    ),
                    inside[0] or None,
                )
        return None

    def free_member(self, customer: CustomerProfile, day: dt.date) -> StaffMember | None:
        """Pick who does a task on ``day``: the customer's own, else the least loaded.

        Ties go to the lower staff ID. Each day keeps a heap of ``(load, staff_id)``
        that is refreshed lazily (loads only grow), so a pick costs O(log staff).
        """
        load = self.load
        if customer.staff_id is not None:
            owner = self.staff_by_id[customer.staff_id]
            if (
                day not in owner.days_off
                and load.get((owner.staff_id, day), 0) < owner.daily_capacity
            ):
                return owner
        heap = self.pool.get(day)
        if heap is None:
            heap = [
                (load.get((m.staff_id, day), 0), m.staff_id)
                for m in self.staff
                if day not in m.days_off
            ]
            heapify(heap)
            self.pool[day] = heap
        while heap:
            stored, staff_id = heap[0]
            member = self.staff_by_id[staff_id]
            actual = load.get((staff_id, day), 0)
            if actual >= member.daily_capacity:
                heappop(heap)
            elif actual != stored:
                heapreplace(heap, (actual, staff_id))
            else:
                return member
        return None

    def keeper(self, staff_id: str | None, day: dt.date) -> StaffMember | None:
        """``staff_id``'s member if they work on ``day`` and have room left (a re-plan's pick)."""
        member = self.staff_by_id.get(staff_id) if staff_id is not None else None
        if member is None or day in member.days_off:
            return None
        if self.load.get((member.staff_id, day), 0) >= member.daily_capacity:
            return None
        return member

    def any_on_duty(self, day: dt.date) -> bool:
        """Whether any staff member is not on a day off on ``day`` (cached per day)."""
        found = self.on_duty.get(day)
        if found is None:
            found = not self.staff or any(day not in m.days_off for m in self.staff)
            self.on_duty[day] = found
        return found

    def customer_block(self, cand: Candidate, channel: Channel, day: dt.date) -> Block | None:
        """What blocks ``cand`` before staff: an opt-out, the store's limit, a lapse, a cap."""
        customer = cand.customer
        opt_out = blocking_opt_out(customer, channel, day) if customer.opt_outs else None
        if opt_out is not None:
            detail = f"opted out of {channel.value} contacts since {opt_out.since}"
            return Block(SuppressReason.OPT_OUT, self.why("CAD-CAP", detail=detail))
        # the store's daily limit first: a dict lookup, and a full day stays full
        block = self.limit_block(channel, day)
        if block is None and cand.purpose.routine:
            block = self.lapse_block(cand.seat, day)
        if block is None and cand.purpose.capped:
            block = self.cap_block(cand.seat, day)
        return block

    def day_block(
        self, cand: Candidate, channel: Channel, day: dt.date
    ) -> tuple[Block | None, StaffMember | None]:
        """What blocks ``cand`` on ``day`` over ``channel``; else the staff member (if any)."""
        customer = cand.customer
        block = self.customer_block(cand, channel, day)
        if block is not None:
            return block, None
        if not channel.staff_task:
            return None, None
        if not self.calendar.is_working_day(day):
            detail = f"{day} is not a working day; staff tasks fall on working days"
            return Block(SuppressReason.OVERFLOW, self.why("CAD-WORKDAY", detail=detail)), None
        member = self.free_member(customer, day)
        if member is None:
            if not self.any_on_duty(day):
                detail = f"no staff member works on {day} (days off)"
                reason = self.why("CAD-WORKDAY", detail=detail)
            else:
                reason = self.why(
                    "CAD-CAPACITY", detail=f"no staff member has capacity left on {day}"
                )
            return Block(SuppressReason.OVERFLOW, reason), None
        return None, member

    # -- decisions ----------------------------------------------------------------------

    def candidate(self, row: Waiting) -> Candidate:
        """Turn a waiting candidate back into a :class:`Candidate` to place."""
        due, seat, contact_id, purpose, channel, last, reason, subject = row[3:]
        return Candidate(
            self.customers[seat],
            seat=seat,
            contact_id=contact_id,
            purpose=PURPOSES[purpose],
            channel=CHANNELS[channel],  # type: ignore[arg-type]  # never code 0 (None)
            due=due,
            last=last,
            reason=self.reason_list[reason],
            subject=subject,
        )

    def sorted_rows(self) -> tuple[Row, ...]:
        """Every decision's row in plan order (day, customer, priority, contact ID).

        A row starts with that order, so each day's rows sort as they are; sorting day by
        day keeps each sort's working set small, which matters more than the comparisons
        for a plan of a million rows.
        """
        return tuple(row for day in sorted(self.rows) for row in sorted(self.rows[day]))

    def emit(  # the decision fields a candidate does not give
        self,
        cand: Candidate,
        status: Status,
        *,
        reasons: tuple[Reason, ...],
        date: dt.date | None = None,
        channel: Channel | None = None,
        assignee: str | None = None,
        into: str | None = None,
        suppressed: SuppressReason | None = None,
        blocked_by: str | None = None,
    ) -> Row:
        """Record the decision about ``cand`` as a row (see ``_rows.py``) and return it."""
        if self.moved and cand.contact_id in self.moved:
            reasons = (*reasons, self.moved.pop(cand.contact_id))
        row = make_row(
            cand.contact_id,
            cand.customer.customer_id,
            cand.purpose,
            status,
            cand.due,
            date,
            channel,
            assignee,
            into,
            suppressed,
            blocked_by,
            cand.subject,
            self.reason_codes.setdefault(reasons, len(self.reason_codes)),
        )
        day = row[DAY]
        same_day = self.rows.get(day)
        if same_day is None:
            self.rows[day] = [row]
        else:
            same_day.append(row)
        return row

    def emit_done(self, cand: Candidate) -> Row:
        record = self.done[cand.contact_id]
        detail = f"already made on {record.date} (contact history)"
        return self.emit(
            cand,
            Status.DONE,
            date=record.date,
            channel=record.channel,
            assignee=record.assignee,
            reasons=(cand.reason, self.why(cand.purpose.rule_id, detail=detail)),
        )

    def place(self, cand: Candidate) -> Row:
        """Decide about one candidate: done, planned, deferred or suppressed.

        A contact a re-plan kept on its previous day (a pin) already has its decision.
        """
        if self.pins and cand.contact_id in self.pins:
            return self.pins[cand.contact_id]
        return self.decide(cand)

    def decide(self, cand: Candidate) -> Row:
        """Decide about a candidate that has no decision yet (see :meth:`place`)."""
        if cand.contact_id in self.done:
            return self.emit_done(cand)
        if cand.last < self.start:
            detail = (
                f"its window {cand.first}..{cand.last} closed before the plan starts "
                f"({self.start}) and the contact history has no record of it"
            )
            return self.emit(
                cand,
                Status.SUPPRESSED,
                suppressed=SuppressReason.WINDOW_EXPIRED,
                reasons=(cand.reason, self.why(cand.purpose.rule_id, detail=detail)),
            )
        tried = self.try_channel(cand, cand.channel, ())
        if isinstance(tried, tuple):
            return tried
        first_block = tried[0]  # the first day's block is the first of its kind
        met = tuple(block.reason for block in tried)
        kinds = {block.kind for block in tried}
        if (
            cand.channel is Channel.PHONE
            and self.policy.call_fallback_to_message
            and kinds & {SuppressReason.OVERFLOW, SuppressReason.OPT_OUT, SuppressReason.THROUGHPUT}
            and cand.last <= self.end  # else the call may still fit after the plan's end
        ):
            fallback = _fallback_reason(kinds)
            retried = self.try_channel(cand, Channel.MESSAGE, (*met, fallback))
            if isinstance(retried, tuple):
                return retried
            failed = tuple(
                self.why(b.reason.rule_id, detail=f"the message failed too: {b.reason.detail}")
                for b in retried
            )
            return self.suppress(cand, first_block, (*met[1:], fallback, *failed))
        return self.suppress(cand, first_block, met[1:])

    def try_channel(
        self, cand: Candidate, channel: Channel, extra: tuple[Reason, ...]
    ) -> Row | list[Block]:
        """Plan ``cand`` on the first day of its window that works.

        Returns:
            The decision's row, or, when no day works, the first block of each kind met, in
            day order (so the first is the first day's block). A window inside the
            plan always has a day, so the list is never empty.
        """
        day = max(cand.first, self.start)
        last = min(cand.last, self.end)
        blocks: list[Block] = []
        while day <= last:
            block, member = self.day_block(cand, channel, day)
            if block is None:
                reasons = tuple(b.reason for b in blocks)
                return self.commit(cand, channel, day, member, (*extra, *reasons))
            if all(block.kind is not met.kind for met in blocks):  # at most one per kind
                blocks.append(block)
            day += ONE
        return blocks

    def commit(
        self,
        cand: Candidate,
        channel: Channel,
        day: dt.date,
        member: StaffMember | None,
        extra: tuple[Reason, ...],
    ) -> Row:
        assignee = None
        if member is not None:
            assignee = member.staff_id
            key = (assignee, day)
            self.load[key] = self.load.get(key, 0) + 1
        self.record(cand.seat, cand.purpose, day, cand.contact_id)
        self.count_sent(channel, day)
        status = Status.PLANNED if day == cand.due else Status.DEFERRED
        reasons = (cand.reason, *extra)
        if status is Status.DEFERRED and not extra:
            detail = f"due {cand.due}, before the plan starts; made on its first day {day}"
            reasons = (cand.reason, self.why(cand.purpose.rule_id, detail=detail))
        return self.emit(
            cand, status, date=day, channel=channel, assignee=assignee, reasons=reasons
        )

    def suppress(self, cand: Candidate, block: Block, extra: tuple[Reason, ...] = ()) -> Row:
        kind = block.kind
        reasons = [cand.reason, block.reason, *extra]
        if cand.last > self.end and kind not in _STAYS:
            kind = SuppressReason.HORIZON_END
            reasons.append(
                self.why(
                    cand.purpose.rule_id,
                    detail=f"no day up to the plan's end {self.end} worked; its window runs "
                    f"to {cand.last}: plan again later",
                )
            )
        return self.emit(
            cand,
            Status.SUPPRESSED,
            suppressed=kind,
            blocked_by=block.blocked_by,
            reasons=tuple(reasons),
        )


_MESSAGE = CHANNEL_CODE[Channel.MESSAGE]
_PHONE = CHANNEL_CODE[Channel.PHONE]

# Blocks that later days of a window would meet as well: no "plan again later".
_STAYS = frozenset({SuppressReason.OPT_OUT, SuppressReason.LIFECYCLE})


def _fallback_reason(kinds: set[SuppressReason]) -> Reason:
    """Why a call becomes a message (CAD-CAP for an opt-out, else CAD-CAPACITY)."""
    if SuppressReason.OPT_OUT in kinds:
        return Reason(
            "CAD-CAP", detail="the customer opted out of calls, so the call becomes a message"
        )
    if SuppressReason.THROUGHPUT in kinds:
        return Reason(
            "CAD-CAPACITY",
            detail="no day of its window had room for a call (the store's calls for the day "
            "were full, or no staff member had room), so the call becomes a message",
        )
    return Reason(
        "CAD-CAPACITY",
        detail="no staff member had room on a working day of its window, so the call "
        "becomes a message",
    )
