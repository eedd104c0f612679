"""Check and group plan_contacts' inputs before any planning starts.

Everything is validated here, so bad input raises before the planner builds anything
and never leaves a half-built plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from retention._validate import (
    add_days_or_edge,
    check_date,
    check_instance,
    check_items,
    policy_or_default,
)
from retention.cadence._model import (
    ContactRecord,
    CustomerProfile,
    ServiceTask,
    StaffMember,
    StoreEvent,
    Visit,
    WinBack,
)
from retention.cadence._policy import CadencePolicy
from retention.calendar import StoreCalendar
from retention.customers import Purchase, check_purchase
from retention.exceptions import (
    DuplicateError,
    InvalidInputError,
    OutOfCalendarError,
    UnknownCustomerError,
)

__all__ = ["Inputs", "gather"]


@attrs.define(kw_only=True)
class Inputs:
    """plan_contacts' arguments, checked and grouped by customer."""

    start: dt.date
    end: dt.date
    calendar: StoreCalendar
    policy: CadencePolicy
    profiles: dict[str, CustomerProfile]
    staff: list[StaffMember]
    events: list[StoreEvent]
    purchase_days: dict[str, tuple[dt.date, ...]]
    recent_purchases: dict[str, int]
    history: list[ContactRecord]
    done: dict[str, ContactRecord]
    visit_days: dict[str, set[dt.date]]
    tasks: dict[str, list[ServiceTask]]
    winbacks: dict[str, list[WinBack]]


def _range(start: object, end: object, calendar: object) -> tuple[dt.date, dt.date]:
    first = check_date("start", start)
    last = check_date("end", end)
    if last < first:
        msg = f"end: expected a date on or after start ({first}), got {last}"
        raise InvalidInputError(msg)
    store_calendar = check_instance("calendar", calendar, StoreCalendar)
    if not (store_calendar.covers(first) and store_calendar.covers(last)):
        years = f"{store_calendar.years[0]}..{store_calendar.years[-1]}"
        msg = f"calendar: expected a calendar covering {first}..{last}, got one for {years}"
        raise OutOfCalendarError(msg)
    return first, last


def _by_id(field: str, items: list, key: str) -> dict[str, object]:  # type: ignore[type-arg]
    found: dict[str, object] = {}
    for item in items:
        ident = getattr(item, key)
        if ident in found:
            msg = f"{field}: expected one entry per {key}, got two for {ident!r}"
            raise DuplicateError(msg)
        found[ident] = item
    return found


def _check_staff(field: str, staff_id: str | None, staff: dict[str, object]) -> None:
    if staff_id is not None and staff_id not in staff:
        known = ", ".join(repr(s) for s in sorted(staff)) or "none"
        msg = f"{field}: expected a staff ID of the staff passed ({known}), got {staff_id!r}"
        raise InvalidInputError(msg)


class _Owners:
    """Checks that an input's customer has a profile."""

    def __init__(self, profiles: dict[str, CustomerProfile]) -> None:
        self.profiles = profiles

    def __call__(self, field: str, customer_id: str) -> str:
        if customer_id not in self.profiles:
            msg = f"{field}: expected customers with a profile, got {customer_id!r}"
            raise UnknownCustomerError(msg)
        return customer_id


def _history(
    history: Iterable[ContactRecord], owner: _Owners, staff: dict[str, object]
) -> tuple[list[ContactRecord], dict[str, ContactRecord]]:
    records = check_items("history", history, ContactRecord, "ContactRecord objects")
    done: dict[str, ContactRecord] = {}
    seen: set[str] = set()
    for record in records:
        owner("history", record.customer_id)
        _check_staff("history", record.assignee, staff)
        if record.contact_id is not None:
            if record.contact_id in seen:
                msg = (
                    "history: expected one record per contact ID, "
                    f"got two for {record.contact_id!r}"
                )
                raise DuplicateError(msg)
            seen.add(record.contact_id)
            # Only a planner ID of the record's own customer ("c1/CAD-GREET/...") marks a
            # candidate done; the host's own IDs just count as contacts.
            if record.contact_id.startswith(record.customer_id + "/"):
                done[record.contact_id] = record
    records.sort(key=lambda r: (r.customer_id, r.date, r.purpose.value, r.contact_id or ""))
    return records, done


def _tasks(service: Iterable[ServiceTask], owner: _Owners) -> dict[str, list[ServiceTask]]:
    tasks: dict[str, list[ServiceTask]] = {}
    seen: set[tuple[str, str, dt.date]] = set()
    for task in check_items("service", service, ServiceTask, "ServiceTask objects"):
        key = (task.customer_id, task.case_id, task.due)
        if key in seen:
            msg = (
                "service: expected one task per case and due day, "
                f"got two for {task.case_id!r} on {task.due}"
            )
            raise DuplicateError(msg)
        seen.add(key)
        tasks.setdefault(owner("service", task.customer_id), []).append(task)
    for items in tasks.values():
        items.sort(key=lambda t: (t.due, t.case_id))
    return tasks


def _winbacks(asked: Iterable[WinBack], owner: _Owners) -> dict[str, list[WinBack]]:
    out: dict[str, list[WinBack]] = {}
    seen: set[tuple[str, dt.date]] = set()
    for item in check_items("winbacks", asked, WinBack, "WinBack objects"):
        key = (item.customer_id, item.anchor)
        if key in seen:
            msg = (
                "winbacks: expected one win-back per customer and last purchase, got two "
                f"for {item.customer_id!r} after {item.anchor}"
            )
            raise DuplicateError(msg)
        seen.add(key)
        out.setdefault(owner("winbacks", item.customer_id), []).append(item)
    return out


def gather(  # plan_contacts' keyword arguments, passed through
    customers: Iterable[CustomerProfile],
    *,
    purchases: Iterable[Purchase],
    start: dt.date,
    end: dt.date,
    calendar: StoreCalendar,
    staff: Iterable[StaffMember],
    events: Iterable[StoreEvent],
    history: Iterable[ContactRecord],
    visits: Iterable[Visit],
    service: Iterable[ServiceTask],
    winbacks: Iterable[WinBack],
    policy: CadencePolicy | None,
) -> Inputs:
    """Check every input; group purchases, history, visits and tasks by customer."""
    first, last = _range(start, end, calendar)
    checked_policy = policy_or_default(policy, CadencePolicy)
    profile_list = check_items("customers", customers, CustomerProfile, "CustomerProfile objects")
    profiles: dict[str, CustomerProfile] = _by_id("customers", profile_list, "customer_id")  # type: ignore[assignment]
    staff_list = check_items("staff", staff, StaffMember, "StaffMember objects")
    members = _by_id("staff", staff_list, "staff_id")
    for profile in profile_list:
        _check_staff("customers", profile.staff_id, members)
    event_list = check_items("events", events, StoreEvent, "StoreEvent objects")
    _by_id("events", event_list, "event_id")
    owner = _Owners(profiles)
    # each customer's purchase days; tuples, which the garbage collector stops tracking
    days: dict[str, tuple[dt.date, ...]] = {}
    recent: dict[str, int] = {}  # purchases in the club's look-back before start (CAD-CLUB)
    since = add_days_or_edge(first, -checked_policy.frequent_lookback_days)
    for item in check_items("purchases", purchases, object, "Purchase objects"):
        bought = check_purchase(item)
        customer_id, day = bought.customer_id, bought.date
        known = days.get(customer_id)
        if known is None:  # a customer's first purchase here: check the profile once
            owner("purchases", customer_id)
        days[customer_id] = (day,) if known is None else (*known, day)
        if since <= day < first:
            recent[customer_id] = recent.get(customer_id, 0) + 1
    records, done = _history(history, owner, members)
    visit_days: dict[str, set[dt.date]] = {}
    for visit in check_items("visits", visits, Visit, "Visit objects"):
        owner("visits", visit.customer_id)
        if checked_policy.door_for_visits and first <= visit.date <= last:
            visit_days.setdefault(visit.customer_id, set()).add(visit.date)
    return Inputs(
        start=first,
        end=last,
        calendar=calendar,
        policy=checked_policy,
        profiles=profiles,
        staff=sorted(staff_list, key=lambda m: m.staff_id),
        events=sorted(event_list, key=lambda e: (e.date, e.event_id)),
        purchase_days={cid: d if len(d) == 1 else tuple(sorted(set(d))) for cid, d in days.items()},
        recent_purchases=recent,
        history=records,
        done=done,
        visit_days=visit_days,
        tasks=_tasks(service, owner),
        winbacks=_winbacks(winbacks, owner),
    )
