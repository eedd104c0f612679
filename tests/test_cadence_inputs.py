"""Bad input to the cadence engine: clear RetentionError subclasses naming the field.

Also the decision value itself: a ContactDecision refuses fields that contradict its status.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from retention import (
    DuplicateError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    OutOfCalendarError,
    RetentionError,
    StoreCalendar,
    UnknownCustomerError,
)
from retention.cadence import (
    CadencePolicy,
    Channel,
    ContactDecision,
    ContactRecord,
    CustomerProfile,
    OptOut,
    Purpose,
    ServiceTask,
    StaffMember,
    Status,
    StoreEvent,
    SuppressReason,
    Visit,
    plan_contacts,
)
from retention.customers import Purchase
from retention.rules import Reason

CN = StoreCalendar.build("CN", years=[2025, 2026])
START = dt.date(2025, 3, 3)
END = dt.date(2025, 3, 16)
DUE = dt.date(2025, 3, 4)


def plan(**overrides: Any) -> object:
    """Call plan_contacts with one customer ``c1`` and valid defaults, then ``overrides``."""
    arguments: dict[str, Any] = {
        "purchases": [Purchase("c1", date=dt.date(2025, 3, 3), amount="10")],
        "start": START,
        "end": END,
        "calendar": CN,
    }
    arguments.update(overrides)
    customers = arguments.pop("customers", [CustomerProfile("c1")])
    return plan_contacts(customers, **arguments)


# --- the range and the calendar ---------------------------------------------------------------


def test_end_before_start_is_refused() -> None:
    """CAD-KEEP: a plan ending before it starts is an InvalidInputError naming ``end``."""
    with pytest.raises(InvalidInputError, match=r"^end: .*2025-03-03"):
        plan(end=dt.date(2025, 3, 2))


def test_one_day_plan_is_fine() -> None:
    """CAD-KEEP: start == end is a valid one-day plan."""
    assert plan(end=START).start == plan(end=START).end == START


def test_calendar_must_cover_the_range() -> None:
    """CAD-WORKDAY: a range running past the calendar's years is an OutOfCalendarError."""
    with pytest.raises(OutOfCalendarError, match=r"^calendar: .*2025\.\.2026"):
        plan(end=dt.date(2027, 1, 1))
    with pytest.raises(OutOfCalendarError, match=r"^calendar: "):
        plan(start=dt.date(2024, 12, 31))


def test_calendar_must_be_a_store_calendar() -> None:
    """CAD-WORKDAY: a calendar that is not a StoreCalendar is an InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^calendar: "):
        plan(calendar="CN")


@pytest.mark.parametrize("field", ["start", "end"])
def test_datetime_instead_of_date_is_refused(field: str) -> None:
    """CAD-KEEP: a datetime for ``start`` or ``end`` is an InvalidTypeError naming it."""
    moment = dt.datetime(2025, 3, 3, 9, 0, tzinfo=dt.UTC)
    with pytest.raises(InvalidTypeError, match=rf"^{field}: .*datetime"):
        plan(**{field: moment})


# --- customers, staff, events, history --------------------------------------------------------


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("purchases", [Purchase("zz", date=dt.date(2025, 3, 3), amount="1")]),
        ("history", [ContactRecord("zz", date=DUE, channel="message", purpose="keep")]),
        ("visits", [Visit("zz", date=DUE)]),
        ("service_tasks", [ServiceTask("case-1", customer_id="zz", due=DUE)]),
    ],
)
def test_unknown_customer_is_refused(field: str, value: list[object]) -> None:
    """CAD-DOOR: input for a customer without a profile is an UnknownCustomerError (a KeyError)."""
    name = "service" if field == "service_tasks" else field
    with pytest.raises(UnknownCustomerError, match=rf"^{name}: .*'zz'") as caught:
        plan(**{field: value})
    assert isinstance(caught.value, KeyError)
    assert isinstance(caught.value, RetentionError)


def test_duplicate_profile_is_refused() -> None:
    """CAD-DOOR: two profiles with one customer ID are a DuplicateError naming ``customers``."""
    with pytest.raises(DuplicateError, match=r"^customers: .*'c1'"):
        plan(customers=[CustomerProfile("c1"), CustomerProfile("c1", abc="A")])


def test_duplicate_staff_member_is_refused() -> None:
    """CAD-CAPACITY: two staff members with one ID are a DuplicateError naming ``staff``."""
    members = [StaffMember("s1", daily_capacity=1), StaffMember("s1", daily_capacity=2)]
    with pytest.raises(DuplicateError, match=r"^staff: .*'s1'"):
        plan(staff=members)


def test_duplicate_event_is_refused() -> None:
    """CAD-INVITE: two events with one ID are a DuplicateError naming ``events``."""
    events = [
        StoreEvent("ev1", date=dt.date(2025, 3, 14), kind="promotion", name="Spring"),
        StoreEvent("ev1", date=dt.date(2025, 3, 15), kind="new_product", name="Serum"),
    ]
    with pytest.raises(DuplicateError, match=r"^events: .*'ev1'"):
        plan(events=events)


def test_duplicate_history_contact_id_is_refused() -> None:
    """CAD-CAP: two history records with one contact ID are a DuplicateError naming ``history``."""
    records = [
        ContactRecord("c1", date=DUE, channel="message", purpose="greet", contact_id="x1"),
        ContactRecord("c1", date=END, channel="message", purpose="keep", contact_id="x1"),
    ]
    with pytest.raises(DuplicateError, match=r"^history: .*'x1'"):
        plan(history=records)


def test_history_records_without_contact_id_may_repeat() -> None:
    """CAD-CAP: two records without a contact ID on one day are two contacts, not duplicates."""
    record = ContactRecord("c1", date=DUE, channel="message", purpose="keep")
    assert plan(history=[record, record]) is not None


def test_duplicate_service_task_is_refused() -> None:
    """CAD-CAP: two service tasks for one case and due day: a DuplicateError naming ``service``."""
    tasks = [ServiceTask("case-1", customer_id="c1", due=DUE)] * 2
    with pytest.raises(DuplicateError, match=r"^service: .*'case-1'"):
        plan(service_tasks=tasks)


def test_profile_owner_must_be_among_the_staff() -> None:
    """CAD-CAPACITY: a profile's staff_id missing from ``staff`` is an InvalidInputError."""
    with pytest.raises(InvalidInputError, match=r"^customers: .*'s9'"):
        plan(
            customers=[CustomerProfile("c1", staff_id="s9")],
            staff=[StaffMember("s1", daily_capacity=1)],
        )


def test_history_assignee_must_be_among_the_staff() -> None:
    """CAD-CAPACITY: a history record done by an unknown staff member is an InvalidInputError."""
    record = ContactRecord("c1", date=DUE, channel="phone", purpose="service", assignee="s9")
    with pytest.raises(InvalidInputError, match=r"^history: .*'s9'"):
        plan(history=[record])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("customers", ["c1"]),
        ("purchases", [("c1", "2025-03-03", 10)]),
        ("staff", [{"staff_id": "s1"}]),
        ("events", ["ev1"]),
        ("history", [None]),
        ("visits", [DUE]),
        ("service_tasks", ["case-1"]),
    ],
)
def test_items_of_the_wrong_type_are_refused(field: str, value: list[object]) -> None:
    """CAD-DOOR: an item of the wrong type in any input is an InvalidTypeError naming the input."""
    name = "service" if field == "service_tasks" else field
    with pytest.raises(InvalidTypeError, match=rf"^{name}: "):
        plan(**{field: value})


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        (
            "staff",
            [{"staff_id": "s1"}],
            "staff: expected StaffMember objects, got {'staff_id': 's1'} (dict)",
        ),
        ("service_tasks", ["case-1"], "service: expected ServiceTask objects, got 'case-1' (str)"),
        ("service_tasks", 5, "service: expected an iterable of ServiceTask objects, got 5 (int)"),
    ],
)
def test_wrong_items_message_names_what_was_expected(
    field: str, value: object, message: str
) -> None:
    """CAD-CAPACITY, CMP-STEPS: the message names the input, the kind expected and what came."""
    with pytest.raises(InvalidTypeError) as caught:
        plan(**{field: value})
    assert str(caught.value) == message


def test_a_string_is_not_a_list_of_customers() -> None:
    """CAD-DOOR: a bare string for ``customers`` is an InvalidTypeError, not a list of letters."""
    with pytest.raises(InvalidTypeError, match=r"^customers: "):
        plan(customers="c1")


# --- staff capacity ---------------------------------------------------------------------------


def test_negative_capacity_is_refused() -> None:
    """CAD-CAPACITY: daily_capacity=-1 is an InvalidInputError naming ``daily_capacity``."""
    with pytest.raises(InvalidInputError, match=r"^daily_capacity: "):
        StaffMember("s1", daily_capacity=-1)


@pytest.mark.parametrize("capacity", [True, "2", 2.0, None])
def test_capacity_of_the_wrong_type_is_refused(capacity: object) -> None:
    """CAD-CAPACITY: a bool, str, float or None capacity is an InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^daily_capacity: "):
        StaffMember("s1", daily_capacity=capacity)


def test_days_off_must_be_dates() -> None:
    """CAD-WORKDAY: a day off given as a string is an InvalidTypeError naming ``days_off``."""
    with pytest.raises(InvalidTypeError, match=r"^days_off: "):
        StaffMember("s1", daily_capacity=1, days_off=["2025-03-03"])


def test_days_off_must_be_an_iterable_of_dates() -> None:
    """CAD-WORKDAY: days_off=5 is an InvalidTypeError saying an iterable of dates is expected."""
    with pytest.raises(InvalidTypeError) as caught:
        StaffMember("s1", daily_capacity=1, days_off=5)
    assert str(caught.value) == "days_off: expected an iterable of dates, got 5 (int)"


# --- the policy -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fields", "named"),
    [
        ({"greet_from": 3, "greet_to": 2}, "greet_to"),
        ({"survey_from": 10, "survey_to": 9}, "survey_to"),
        ({"cap_per_day": 5, "cap_per_window": 4}, "cap_per_day"),
        ({"keep_interval": 30.0}, "keep_interval"),
        ({"cap_per_day": 1.5}, "cap_per_day"),
        ({"keep_interval": 0}, "keep_interval"),
        ({"keep_slack": -1}, "keep_slack"),
        ({"club_interval": True}, "club_interval"),
        ({"door_for_visits": "yes"}, "door_for_visits"),
        ({"close_classes": ["D"]}, "close_classes"),
        ({"close_attitudes": "loyal"}, "close_attitudes"),
        ({"close_classes": "A"}, "close_classes"),
        ({"close_attitudes": ["fond"]}, "close_attitudes"),
    ],
)
def test_bad_policy_is_refused(fields: dict[str, object], named: str) -> None:
    """CAD-CAP: an inconsistent or mistyped CadencePolicy: InvalidPolicyError naming the field."""
    with pytest.raises(InvalidPolicyError, match=rf"^{named}: "):
        CadencePolicy(**fields)


def test_equal_greeting_bounds_are_a_one_day_window() -> None:
    """CAD-GREET: greet_from == greet_to is allowed (a one-day window)."""
    assert CadencePolicy(greet_from=2, greet_to=2).greet_to == 2


def test_policy_must_be_a_cadence_policy() -> None:
    """CAD-CAP: a dict for ``policy`` is an InvalidPolicyError naming ``policy``."""
    with pytest.raises(InvalidPolicyError, match=r"^policy: "):
        plan(policy={"cap_per_day": 1})


# --- profiles, opt-outs, events, tasks --------------------------------------------------------


def test_opt_out_of_in_person_is_refused() -> None:
    """CAD-CAP: opting out of the walk-out is not a thing: OptOut('in_person') is refused."""
    with pytest.raises(InvalidInputError, match=r"^channel: .*in_person"):
        OptOut("in_person", since=DUE)


def test_opt_out_of_an_unknown_channel_is_refused() -> None:
    """CAD-CAP: OptOut('fax') is an InvalidInputError naming ``channel``."""
    with pytest.raises(InvalidInputError, match=r"^channel: "):
        OptOut("fax", since=DUE)


def test_profile_opt_outs_must_be_opt_out_objects() -> None:
    """CAD-CAP: a profile's opt-outs given as strings are an InvalidTypeError."""
    with pytest.raises(InvalidTypeError, match=r"^opt_outs: "):
        CustomerProfile("c1", opt_outs=["message"])


def test_profile_opt_out_message_quotes_the_item() -> None:
    """CAD-CAP: the message for an opt-out that is not an OptOut quotes the item given."""
    with pytest.raises(InvalidTypeError) as caught:
        CustomerProfile("c1", opt_outs=[OptOut("phone", since=DUE), "message"])
    assert str(caught.value) == "opt_outs: expected OptOut objects, got 'message' (str)"


@pytest.mark.parametrize(
    ("fields", "error", "named"),
    [
        ({"abc": "D"}, InvalidInputError, "abc"),
        ({"attitude": "fond"}, InvalidInputError, "attitude"),
        ({"close": "yes"}, InvalidTypeError, "close"),
        ({"club_member": None}, InvalidTypeError, "club_member"),
        ({"staff_id": ""}, InvalidInputError, "staff_id"),
    ],
)
def test_bad_profile_fields_are_refused(
    fields: dict[str, object], error: type[RetentionError], named: str
) -> None:
    """CAD-INVITE: a profile's class, attitude, close flag, club flag or owner is checked."""
    with pytest.raises(error, match=rf"^{named}: "):
        CustomerProfile("c1", **fields)


def test_event_kind_must_be_known() -> None:
    """CAD-INVITE: an event kind outside new product, promotion, expert visit is refused."""
    with pytest.raises(InvalidInputError, match=r"^kind: "):
        StoreEvent("ev1", date=DUE, kind="party", name="Party")


def test_event_segments_must_be_abc_classes() -> None:
    """CAD-INVITE: an event for segment 'VIP' is an InvalidInputError naming ``segments``."""
    with pytest.raises(InvalidInputError, match=r"^segments: "):
        StoreEvent("ev1", date=DUE, kind="promotion", name="Sale", segments=["VIP"])


def test_service_task_window_must_be_positive() -> None:
    """CAD-CAP: a service task window of 0 days is an InvalidInputError naming ``window_days``."""
    with pytest.raises(InvalidInputError, match=r"^window_days: "):
        ServiceTask("case-1", customer_id="c1", due=DUE, window_days=0)


def test_service_task_cannot_be_in_person() -> None:
    """CAD-CAP: a service task is a call or a message, never a walk-out."""
    with pytest.raises(InvalidInputError, match=r"^channel: "):
        ServiceTask("case-1", customer_id="c1", due=DUE, channel="in_person")


# --- ContactDecision refuses illegal states ---------------------------------------------------

REASON = (Reason("CAD-GREET", detail="greeting message day 1-2 after the purchase"),)


def decision(**fields: Any) -> ContactDecision:
    """A planned greeting due 03-04, with ``fields`` changed."""
    values: dict[str, Any] = {
        "customer_id": "c1",
        "purpose": Purpose.GREET,
        "status": Status.PLANNED,
        "due": DUE,
        "date": DUE,
        "channel": Channel.MESSAGE,
        "reasons": REASON,
    }
    values.update(fields)
    return ContactDecision("c1/CAD-GREET/2025-03-03", **values)


def test_contact_decision_legal_states_are_accepted() -> None:
    """CAD-GREET: planned, deferred, merged, suppressed and done decisions build when consistent."""
    later = dt.date(2025, 3, 5)
    assert decision().status is Status.PLANNED
    assert decision(status=Status.DEFERRED, date=later).date == later
    merged = decision(status=Status.MERGED, date=None, channel=None, into="x")
    assert merged.into == "x"
    suppressed = decision(
        status=Status.SUPPRESSED, date=None, channel=None, suppressed=SuppressReason.CAP
    )
    assert suppressed.day == DUE
    assert decision(status=Status.DONE, date=dt.date(2025, 3, 1)).status is Status.DONE


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"date": dt.date(2025, 3, 5)}, id="planned-not-on-due"),
        pytest.param({"date": None}, id="planned-without-date"),
        pytest.param({"channel": None}, id="planned-without-channel"),
        pytest.param({"reasons": ()}, id="no-reason"),
        pytest.param({"suppressed": SuppressReason.CAP}, id="planned-and-suppressed"),
        pytest.param({"into": "x"}, id="planned-and-merged"),
        pytest.param({"channel": Channel.PHONE}, id="call-without-assignee"),
        pytest.param({"status": Status.DEFERRED}, id="deferred-on-due"),
        pytest.param(
            {"status": Status.DEFERRED, "date": dt.date(2025, 3, 3)}, id="deferred-before-due"
        ),
        pytest.param({"status": Status.SUPPRESSED, "date": None, "channel": None}, id="no-why"),
        pytest.param(
            {"status": Status.SUPPRESSED, "suppressed": SuppressReason.CAP}, id="suppressed-dated"
        ),
        pytest.param({"status": Status.MERGED, "date": None, "channel": None}, id="merged-nowhere"),
        pytest.param({"status": Status.MERGED, "into": "x"}, id="merged-dated"),
        pytest.param({"status": Status.DONE, "date": None}, id="done-without-date"),
    ],
)
def test_contact_decision_illegal_states_are_refused(fields: dict[str, object]) -> None:
    """CAD-CAP: a decision whose fields contradict its status is an InvalidInputError."""
    with pytest.raises(InvalidInputError, match=r"^status: "):
        decision(**fields)


BLOCKED = {"blocked_by": "h1"}


@pytest.mark.parametrize(
    ("fields", "needs"),
    [
        pytest.param({"date": None}, "a planned contact needs a date and a channel", id="no-date"),
        pytest.param(
            {"blocked_by": "h1"},
            "a planned contact needs no blocking contact",
            id="planned-blocked",
        ),
        pytest.param(
            {"status": Status.MERGED, "date": None, "channel": None, "into": "x"} | BLOCKED,
            "a merged contact needs no blocking contact",
            id="merged-blocked",
        ),
    ],
)
def test_contact_decision_illegal_state_message_says_what_is_needed(
    fields: dict[str, object], needs: str
) -> None:
    """CAD-CAP: the message for a decision contradicting its status says what the status needs."""
    with pytest.raises(InvalidInputError) as caught:
        decision(**fields)
    assert str(caught.value).startswith(f"status: {needs}, got ContactDecision(")


@pytest.mark.parametrize(
    ("fields", "named", "error"),
    [
        ({"channel": "fax"}, "channel", InvalidInputError),
        ({"channel": 5}, "channel", InvalidInputError),
        ({"date": dt.datetime(2025, 3, 4, tzinfo=dt.UTC)}, "date", InvalidTypeError),
        (
            {"suppressed": "never", "status": Status.SUPPRESSED, "date": None},
            "suppressed",
            InvalidInputError,
        ),
        ({"reasons": ("CAD-GREET: greeting",)}, "reasons", InvalidTypeError),
    ],
)
def test_contact_decision_fields_of_the_wrong_type_are_refused(
    fields: dict[str, object], named: str, error: type[Exception]
) -> None:
    """CAD-GREET: a channel, date, suppress reason or reason that is none of its kind: refused.

    An enum field takes a member or its value ("message"), as every value class does.
    """
    with pytest.raises(error, match=rf"^{named}: "):
        decision(**fields)


def test_contact_decision_reasons_must_be_an_iterable() -> None:
    """CAD-GREET: reasons=5 is an InvalidTypeError saying an iterable of Reason objects is due."""
    with pytest.raises(InvalidTypeError) as caught:
        decision(reasons=5)
    assert str(caught.value) == "reasons: expected an iterable of Reason objects, got 5 (int)"


def test_contact_decision_reasons_given_as_a_list_are_kept_as_a_tuple() -> None:
    """CAD-GREET: reasons passed as a list become a tuple, so the decision stays hashable."""
    made = decision(reasons=list(REASON))
    assert made.reasons == REASON
    assert type(made.reasons) is tuple
    assert hash(made) == hash(decision())
