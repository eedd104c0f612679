"""plan_contacts: turn customers, purchases, events and staff into a ContactPlan.

The planner works in three passes, all deterministic:

1. Candidates (``_candidates.py``). Every contact a rule asks for in the range, each
   with a stable ID, a due day and a window: door walks and post-purchase messages
   from purchases (CAD-DOOR, CAD-GREET, CAD-SURVEY), invitations from store events
   (CAD-INVITE), club rewards (CAD-CLUB) and the host's service tasks. A candidate
   already in the contact history is *done*.
2. Placement in priority order (``_engine.py``): service, post-purchase, invitations,
   club; within a kind A before B before C (SEG-FOCUS). Each candidate takes the first
   day of its window where the customer's caps (CAD-CAP), opt-outs and, for staff
   tasks, a working day (CAD-WORKDAY) and a staff member's capacity (CAD-CAPACITY)
   allow. A call that finds no room falls back to a message if the policy allows.
3. Keep-in-touch per customer (``_keep.py``, CAD-KEEP): ``keep_interval`` days after
   the last contact or purchase, moved onto a nearby occasion as the holiday wish; a
   purchase before it comes due cancels it and the rhythm restarts after the
   post-purchase contacts.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left
from collections.abc import Iterable
from typing import TYPE_CHECKING, cast

from retention._validate import check_instance, check_positive_int, policy_or_default
from retention.cadence._candidates import club, invitations, post_purchase, service
from retention.cadence._candidates import winbacks as winbacks_for
from retention.cadence._engine import CLASS_RANK, Candidate, Planner, Waiting
from retention.cadence._inputs import gather
from retention.cadence._keep import keep_in_touch
from retention.cadence._lifecycle import CustomerStage, WinbackSequence, stage_of
from retention.cadence._model import (
    Channel,
    ContactRecord,
    CustomerProfile,
    Purpose,
    ServiceTask,
    StaffMember,
    Status,
    StoreEvent,
    SuppressReason,
    Visit,
    WinBack,
)
from retention.cadence._plan import ContactPlan, StaffDay
from retention.cadence._policy import CadencePolicy
from retention.cadence._rows import (
    ASSIGNEE,
    CHANNEL,
    CHANNELS,
    CONTACT,
    CUSTOMER,
    DATE,
    DUE,
    PLANNED_CODES,
    PURPOSE,
    PURPOSES,
    REASONS,
    STATUS,
    SUBJECT,
    DecisionTable,
)
from retention.calendar import StoreCalendar
from retention.customers import Purchase
from retention.rules import Reason

if TYPE_CHECKING:
    from retention.churn import BgNbdParams, ChurnPolicy

__all__ = ["plan_contacts"]


def plan_contacts(  # the inputs a store passes; all keyword-only
    customers: Iterable[CustomerProfile],
    *,
    purchases: Iterable[Purchase],
    start: dt.date,
    end: dt.date,
    calendar: StoreCalendar,
    staff: Iterable[StaffMember] = (),
    events: Iterable[StoreEvent] = (),
    history: Iterable[ContactRecord] = (),
    visits: Iterable[Visit] = (),
    service_tasks: Iterable[ServiceTask] = (),
    winbacks: Iterable[WinBack] = (),
    policy: CadencePolicy | None = None,
    churn_policy: ChurnPolicy | None = None,
    params: BgNbdParams | None = None,
    unit_days: int = 7,
    previous: ContactPlan | None = None,
) -> ContactPlan:
    """Plan who is contacted from ``start`` to ``end``, when, how, by whom and why.

    Every candidate contact gets exactly one decision (planned, deferred, merged,
    suppressed or done), each with reasons that name the rules. Nothing is dropped
    silently: a contact that does not fit is reported with why.

    Args:
        customers: One profile per customer to plan for (segment, opt-outs, owner).
        purchases: Their purchases; those before ``start`` give the rhythm's anchors,
            those inside the range restart the post-purchase sequence.
        start: First day of the plan ("today" for a host planning ahead).
        end: Last day of the plan, on or after ``start``.
        calendar: The store's calendar; it must cover ``start`` to ``end``.
        staff: Staff members who do door walks and calls.
        events: Store events to invite old customers to (CAD-INVITE).
        history: Contacts already made; they count toward the caps and the rhythm, and
            a record with a planner contact ID marks that contact done.
        visits: Customers served without buying (used if the policy says so).
        service_tasks: Service contacts to make, e.g. complaint follow-ups.
        winbacks: The host's own win-back contacts (CHURN-WINBACK), e.g. from
            :meth:`retention.churn.ChurnReport.winbacks`; they rank with invitations.
            A win-back given for a customer's lapse (its ``anchor``, the last purchase)
            takes the place of the planner's own win-back sequence for that lapse.
        policy: The numbers; :class:`CadencePolicy` defaults if ``None``.
        churn_policy: The early warning's numbers, for the *at risk* stage, the
            win-back window and the classes called back
            (:class:`~retention.churn.ChurnPolicy` defaults if ``None``).
        params: Fitted BG/NBD parameters; with them a customer whose P(alive) falls
            below the churn policy's line is *at risk* too.
        unit_days: The time unit of ``params`` in days (7: weeks).
        previous: The plan made before this one, for a stable re-plan: every contact
            it planned from ``start`` on that is still allowed stays on its day and
            channel (and with its staff member if they have room). Pass the contacts
            made since as ``history``. A contact that moves or goes says why (a new
            purchase, an opt-out, a cap, a lapse).

    Returns:
        The plan. Equal inputs in any order give an equal plan.

    Raises:
        InvalidInputError: ``end`` before ``start``, or a staff ID that a profile or a
            record names and ``staff`` lacks.
        OutOfCalendarError: The calendar does not cover the range.
        DuplicateError: Two profiles, staff members or events with one ID, two history
            records with one contact ID, or two service tasks for one case and day.
        UnknownCustomerError: A purchase, record, visit or task of a customer without
            a profile.
        InvalidTypeError: An argument of the wrong type.
        InvalidPolicyError: ``policy`` is not a :class:`CadencePolicy` or
            ``churn_policy`` not a :class:`~retention.churn.ChurnPolicy`.
    """
    from retention.churn import BgNbdParams, ChurnPolicy  # noqa: PLC0415  # churn imports cadence

    used_churn = policy_or_default(churn_policy, ChurnPolicy)
    if params is not None:
        check_instance("params", params, BgNbdParams)
    unit_days = check_positive_int("unit_days", unit_days)
    if previous is not None:
        check_instance("previous", previous, ContactPlan)
    given = gather(
        customers,
        purchases=purchases,
        start=start,
        end=end,
        calendar=calendar,
        staff=staff,
        events=events,
        history=history,
        visits=visits,
        service=service_tasks,
        winbacks=winbacks,
        policy=policy,
    )
    planner = Planner(
        start=given.start,
        end=given.end,
        calendar=given.calendar,
        policy=given.policy,
        staff=given.staff,
        done=given.done,
        customers=[given.profiles[cid] for cid in sorted(given.profiles)],
        bought=given.purchase_days,
        churn_policy=used_churn,
        given_winbacks={
            cid: frozenset(item.anchor for item in items) for cid, items in given.winbacks.items()
        },
    )
    for record in given.history:
        planner.add_history(record)
    if previous is not None:
        _pin(planner, previous)

    candidates: list[Waiting] = []
    for profile in planner.customers:
        cid = profile.customer_id
        days = given.purchase_days.get(cid, ())
        candidates.extend(post_purchase(profile, days, given.visit_days.get(cid, set()), planner))
        candidates.extend(invitations(profile, days[0] if days else None, given.events, planner))
        candidates.extend(service(profile, given.tasks.get(cid, []), planner))
        candidates.extend(winbacks_for(profile, given.winbacks.get(cid, []), planner))
        candidates.extend(club(profile, days, given.recent_purchases.get(cid, 0), planner))
    # A waiting candidate starts with its placement order. Sorted backwards and popped,
    # each is freed as soon as it is placed, while it is still in the CPU's cache.
    candidates.sort(reverse=True)
    while candidates:
        planner.place(planner.candidate(candidates.pop()))

    skip = given.policy.no_wish_occasions
    occasions = tuple(
        o for o in given.calendar.occasions(given.start, given.end) if o.key not in skip
    )
    # the customers by class, then value (SEG-FOCUS): the store's daily limits are
    # given out in this order
    ranks = [CLASS_RANK[c.abc] for c in planner.customers]
    for seat in sorted(range(len(ranks)), key=lambda s: (ranks[s], planner.worth[s], s)):
        profile = planner.customers[seat]
        keep_in_touch(planner, profile, given.purchase_days.get(profile.customer_id, ()), occasions)

    if given.history or previous is not None:
        # what has a decision: one pass over the rows, for both reports below
        decided = {row[CONTACT] for rows in planner.rows.values() for row in rows}
        _history_in_range(planner, given.history, decided)
        if previous is not None:
            _gone(planner, decided)
    return ContactPlan(
        start=given.start,
        end=given.end,
        policy=given.policy,
        decisions=DecisionTable(planner.sorted_rows(), tuple(planner.reason_codes)),
        staff_load=_staff_load(planner),
        stages=_stages(planner, params, unit_days),
    )


def _stages(planner: Planner, params: BgNbdParams | None, unit_days: int) -> list[CustomerStage]:
    """Each customer's lifecycle stage on the plan's first day."""
    out = []
    start = planner.start

    def why(rule_id: str, detail: str) -> Reason:
        return planner.why(rule_id, detail=detail)

    for seat, profile in enumerate(planner.customers):
        days = planner.bought[seat]
        before = days[: bisect_left(days, start)]
        sequence = planner.sequences.get(seat)
        out.append(
            stage_of(
                profile.customer_id,
                before,
                as_of=start,
                policy=planner.policy,
                churn_policy=planner.churn_policy,
                params=params,
                unit_days=unit_days,
                sequence=None if sequence is None else WinbackSequence(*sequence),
                why=why,
            )
        )
    return out


def _pin(planner: Planner, previous: ContactPlan) -> None:
    """Keep the previous plan's contacts from ``start`` on where they still may go.

    Each is tried on its day and channel before anything else is placed, so nothing new
    takes its room; the staff member it had keeps it if they have room. One that may
    not go there any more is placed afresh, with the reason it moved.
    """
    start, end = planner.start, planner.end
    table = previous._table  # noqa: SLF001  # the rows, not a million decision objects
    for row in table.rows:
        day = row[DATE]
        seat = planner.seats.get(row[CUSTOMER])
        if row[STATUS] not in PLANNED_CODES or day is None or seat is None:
            continue
        if not start <= day <= end:
            continue
        contact_id = row[CONTACT]
        planner.previous[contact_id] = row
        if contact_id in planner.done:
            continue
        channel = cast("Channel", CHANNELS[row[CHANNEL]])  # a planned row has a channel
        purpose = PURPOSES[row[PURPOSE]]
        was = f"the previous plan had it on {day} by {channel.value}"
        days = planner.bought[seat]
        new = bisect_left(days, previous.start)
        if new < len(days) and days[new] <= end:
            planner.moved[contact_id] = planner.why(
                purpose.rule_id,
                detail=f"{was}; the purchase on {days[new]} since then plans their contacts afresh",
            )
            continue
        reasons = table.reasons[row[REASONS]]
        cand = Candidate(
            planner.customers[seat],
            seat=seat,
            contact_id=contact_id,
            purpose=purpose,
            channel=channel,
            due=row[DUE],
            last=day,
            reason=reasons[0],
            subject=row[SUBJECT],
        )
        block, member = planner.day_block(cand, channel, day)
        if block is not None:
            planner.moved[contact_id] = planner.why(
                block.reason.rule_id, detail=f"{was}; {block.reason.detail}"
            )
            continue
        member = planner.keeper(row[ASSIGNEE], day) or member
        kept = planner.why(
            purpose.rule_id, detail=f"kept on {day} by {channel.value} as in the previous plan"
        )
        planner.pins[contact_id] = planner.commit(cand, channel, day, member, (*reasons[1:], kept))
        if purpose is Purpose.HOLIDAY:
            planner.holidays_done[row[CUSTOMER], day] = contact_id
            planner.holiday_day[contact_id] = day


def _gone(planner: Planner, decided: set[str]) -> None:
    """Report the previous plan's contacts in the range that no rule asks for now.

    ``decided`` holds the contact IDs with a decision already.
    """
    for contact_id, row in planner.previous.items():
        if contact_id in decided:
            continue
        seat = planner.seats[row[CUSTOMER]]
        purpose = PURPOSES[row[PURPOSE]]
        cand = Candidate(
            planner.customers[seat],
            seat=seat,
            contact_id=contact_id,
            purpose=purpose,
            channel=Channel.MESSAGE,
            due=row[DUE],
            last=row[DUE],
            reason=planner.why(purpose.rule_id, detail=f"in the previous plan on {row[DATE]}"),
            subject=row[SUBJECT],
        )
        why = planner.moved.pop(contact_id, None) or planner.why(
            purpose.rule_id,
            detail=f"the previous plan had it on {row[DATE]}; no rule asks for it now (a "
            "contact or a purchase since moved the customer's rhythm)",
        )
        planner.emit(
            cand,
            Status.SUPPRESSED,
            suppressed=SuppressReason.SUPERSEDED,
            reasons=(cand.reason, why),
        )


def _history_in_range(planner: Planner, history: list[ContactRecord], decided: set[str]) -> None:
    """Report the history's planner contacts in the range that no candidate matched.

    A keep-in-touch made on its due day, or a holiday wish, moves the rhythm past its
    own candidate when the same range is planned again; it is still reported as done.
    ``decided`` holds the contact IDs with a decision; the ones reported join it.
    """
    for record in history:
        contact_id = record.contact_id
        if contact_id is None and record.purpose is Purpose.HOLIDAY:
            # a customer's holiday wish is known by its day, ID or not
            contact_id = f"{record.customer_id}/CAD-KEEP/holiday/{record.date}"
        if contact_id is None or contact_id in decided:
            continue
        if not planner.start <= record.date <= planner.end:
            continue
        decided.add(contact_id)
        seat = planner.seats[record.customer_id]
        made = Candidate(
            planner.customers[seat],
            seat=seat,
            contact_id=contact_id,
            purpose=record.purpose,
            channel=record.channel,
            due=record.date,
            last=record.date,
            reason=planner.why(
                record.purpose.rule_id, detail=f"made on {record.date} (contact history)"
            ),
        )
        planner.emit(
            made,
            Status.DONE,
            date=record.date,
            channel=record.channel,
            assignee=record.assignee,
            reasons=(made.reason,),
        )


def _staff_load(planner: Planner) -> tuple[StaffDay, ...]:
    working = list(planner.calendar.working_days(planner.start, planner.end))
    return tuple(
        StaffDay(
            member.staff_id,
            date=day,
            tasks=planner.load.get((member.staff_id, day), 0),
            capacity=member.daily_capacity,
        )
        for member in planner.staff
        for day in working
        if day not in member.days_off
    )
