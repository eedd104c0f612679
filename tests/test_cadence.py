"""The cadence engine: who is contacted when, how, by whom and why (CAD-* rules).

Every expected date is worked out by hand from the rules and the official 2025 Chinese
holiday schedule, never by running the planner:

* March 2025 has no Chinese holiday; 2025-03-03 is a Monday, 03-08/09 a weekend.
* Spring Festival: 01-28 (New Year's Eve) .. 02-04 off; Sunday 01-26 and Saturday 02-08
  are make-up workdays. National Day and Mid-Autumn: 10-01 .. 10-08 off (Mid-Autumn is
  10-06); Sunday 09-28 and Saturday 10-11 are make-up workdays.
* Day 0 is the purchase day: greeting day 1..2, survey day 6..9, keep-in-touch 30 days
  after the last touch, club rewards every 90 days, invitations 3 days before the event.
"""

from __future__ import annotations

import datetime as dt
import pickle
from collections.abc import Iterable
from typing import Any

import attrs
import pytest

from retention import (
    DuplicateError,
    InvalidInputError,
    InvalidTypeError,
    StoreCalendar,
    StoreDay,
    UnknownCustomerError,
    build_histories,
    classify_abc,
    classify_attitudes,
)
from retention.cadence import (
    CadencePolicy,
    Channel,
    ContactDecision,
    ContactPlan,
    ContactRecord,
    CustomerProfile,
    OptOut,
    Purpose,
    ServiceTask,
    StaffDay,
    StaffMember,
    Status,
    StoreEvent,
    SuppressReason,
    Visit,
    WinBack,
    build_profiles,
    plan_contacts,
)
from retention.cadence._rows import DecisionTable
from retention.customers import Purchase
from retention.rules import Reason
from retention.segmentation import AbcClass, Attitude

CN = StoreCalendar.build("CN", years=[2025, 2026])
#: The same calendar with Qixi (2025-08-29) declared as the store's own occasion.
CN_QIXI = StoreCalendar.build(
    "CN",
    years=[2025, 2026],
    store_days=[StoreDay(dt.date(2025, 8, 29), kind="occasion", name="Qixi")],
)
#: The same calendar with the store closed for stocktaking on Monday 2025-03-03.
CN_CLOSED = StoreCalendar.build(
    "CN",
    years=[2025, 2026],
    store_days=[StoreDay(dt.date(2025, 3, 3), kind="closed", name="Stocktaking")],
)


def d(text: str) -> dt.date:
    """The date written as ``YYYY-MM-DD``."""
    return dt.date.fromisoformat(text)


def buy(customer_id: str, day: str) -> Purchase:
    """A purchase by ``customer_id`` on ``day``."""
    return Purchase(customer_id, date=d(day), amount="10")


def staff(staff_id: str = "s1", capacity: int = 5, days_off: Iterable[str] = ()) -> StaffMember:
    """A staff member with ``capacity`` tasks a day."""
    return StaffMember(staff_id, daily_capacity=capacity, days_off=[d(x) for x in days_off])


def record(  # a history entry; keywords keep call sites readable
    customer_id: str,
    day: str,
    *,
    purpose: str = "keep",
    channel: str = "message",
    contact_id: str | None = None,
    assignee: str | None = None,
) -> ContactRecord:
    """A contact already made, for the history."""
    return ContactRecord(
        customer_id,
        date=d(day),
        channel=channel,
        purpose=purpose,
        contact_id=contact_id,
        assignee=assignee,
    )


def event(event_id: str, day: str, **fields: Any) -> StoreEvent:
    """A promotion on ``day``."""
    return StoreEvent(event_id, date=d(day), kind="promotion", name=f"event {event_id}", **fields)


def make_plan(
    customers: Iterable[CustomerProfile | str],
    purchases: Iterable[Purchase] = (),
    *,
    start: str,
    end: str,
    calendar: StoreCalendar = CN,
    **options: Any,
) -> ContactPlan:
    """Plan from ``start`` to ``end`` on the CN calendar; a bare string is a plain profile."""
    profiles = [CustomerProfile(c) if isinstance(c, str) else c for c in customers]
    return plan_contacts(
        profiles, purchases=purchases, start=d(start), end=d(end), calendar=calendar, **options
    )


def rule_ids(decision: ContactDecision) -> list[str]:
    """The rule IDs of a decision's reasons, in order."""
    return [reason.rule_id for reason in decision.reasons]


def ids_of(plan: ContactPlan, purpose: Purpose) -> list[str]:
    """The contact IDs of the plan's decisions with ``purpose``, in plan order."""
    return [x.contact_id for x in plan.decisions if x.purpose is purpose]


def close_customer(customer_id: str = "c1", **fields: Any) -> CustomerProfile:
    """An A-class loyal customer: close by the default policy, so invited by phone."""
    return CustomerProfile(customer_id, abc="A", attitude="loyal", **fields)


# --- CAD-GREET -------------------------------------------------------------------------------


def test_cad_greet_message_the_day_after_the_purchase() -> None:
    """CAD-GREET: a purchase on Monday gets a greeting message on Tuesday."""
    plan = make_plan(["c1"], [buy("c1", "2025-03-03")], start="2025-03-03", end="2025-03-16")
    greet = plan["c1/CAD-GREET/2025-03-03"]
    assert greet.status is Status.PLANNED
    assert greet.purpose is Purpose.GREET
    assert greet.due == d("2025-03-04")
    assert greet.date == d("2025-03-04")
    assert greet.channel is Channel.MESSAGE
    assert greet.assignee is None
    assert rule_ids(greet) == ["CAD-GREET"]


def test_cad_greet_moves_to_day_two_when_day_one_is_taken() -> None:
    """CAD-GREET: with a contact already on day 1, the greeting is deferred to day 2 (CAD-CAP)."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        history=[record("c1", "2025-03-04", contact_id="h1")],
    )
    greet = plan["c1/CAD-GREET/2025-03-03"]
    assert greet.status is Status.DEFERRED
    assert greet.due == d("2025-03-04")
    assert greet.date == d("2025-03-05")
    assert rule_ids(greet) == ["CAD-GREET", "CAD-CAP"]


def test_cad_greet_suppressed_when_both_days_are_taken() -> None:
    """CAD-GREET: contacts on day 1 and day 2 leave no room: suppressed by the cap."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        history=[
            record("c1", "2025-03-04", contact_id="h1"),
            record("c1", "2025-03-05", contact_id="h2"),
        ],
    )
    greet = plan["c1/CAD-GREET/2025-03-03"]
    assert greet.status is Status.SUPPRESSED
    assert greet.suppressed is SuppressReason.CAP
    assert greet.blocked_by == "h1"
    assert greet.date is None
    assert greet.channel is None
    assert "CAD-CAP" in rule_ids(greet)


def test_cad_greet_window_expired_before_the_plan_starts() -> None:
    """CAD-GREET: a greeting window (day 1..2) that closed before the start is WINDOW_EXPIRED."""
    plan = make_plan(["c1"], [buy("c1", "2025-03-03")], start="2025-03-06", end="2025-03-16")
    greet = plan["c1/CAD-GREET/2025-03-03"]
    assert greet.status is Status.SUPPRESSED
    assert greet.suppressed is SuppressReason.WINDOW_EXPIRED
    assert rule_ids(greet) == ["CAD-GREET", "CAD-GREET"]


def test_cad_greet_in_history_is_done_not_expired() -> None:
    """CAD-GREET: a greeting the history records under its contact ID is DONE on that day."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-03-03")],
        start="2025-03-06",
        end="2025-03-16",
        history=[record("c1", "2025-03-04", purpose="greet", contact_id="c1/CAD-GREET/2025-03-03")],
    )
    greet = plan["c1/CAD-GREET/2025-03-03"]
    assert greet.status is Status.DONE
    assert greet.date == d("2025-03-04")
    assert greet.channel is Channel.MESSAGE
    assert greet not in plan.planned


def test_cad_greet_horizon_end_when_the_window_runs_past_the_plan() -> None:
    """CAD-GREET: blocked on the plan's last day with day 2 after it: HORIZON_END, plan later."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-04",
        history=[record("c1", "2025-03-04", contact_id="h1")],
    )
    greet = plan["c1/CAD-GREET/2025-03-03"]
    assert greet.status is Status.SUPPRESSED
    assert greet.suppressed is SuppressReason.HORIZON_END
    assert greet.blocked_by == "h1"
    assert rule_ids(greet) == ["CAD-GREET", "CAD-CAP", "CAD-GREET"]


def test_cad_greet_one_per_purchase_day() -> None:
    """CAD-GREET: two purchases on one day give one greeting and one survey, not two."""
    purchases = [buy("c1", "2025-03-03"), buy("c1", "2025-03-03")]
    plan = make_plan(["c1"], purchases, start="2025-03-03", end="2025-03-16")
    assert ids_of(plan, Purpose.GREET) == ["c1/CAD-GREET/2025-03-03"]
    assert ids_of(plan, Purpose.SURVEY) == ["c1/CAD-SURVEY/2025-03-03"]


def test_cad_greet_lands_on_national_day() -> None:
    """CAD-GREET: a message may fall on a public holiday (CAD-WORKDAY binds staff only)."""
    plan = make_plan(["c1"], [buy("c1", "2025-09-30")], start="2025-09-30", end="2025-10-05")
    greet = plan["c1/CAD-GREET/2025-09-30"]
    assert greet.status is Status.PLANNED
    assert greet.date == d("2025-10-01")
    assert not CN.is_working_day(d("2025-10-01"))


# --- CAD-SURVEY ------------------------------------------------------------------------------


def test_cad_survey_six_days_after_the_purchase() -> None:
    """CAD-SURVEY: a Monday purchase gets its usage survey on Sunday, day 6, by message."""
    plan = make_plan(["c1"], [buy("c1", "2025-03-03")], start="2025-03-03", end="2025-03-16")
    survey = plan["c1/CAD-SURVEY/2025-03-03"]
    assert survey.status is Status.PLANNED
    assert survey.purpose is Purpose.SURVEY
    assert survey.date == d("2025-03-09")
    assert survey.channel is Channel.MESSAGE
    assert rule_ids(survey) == ["CAD-SURVEY"]


def test_cad_survey_due_before_start_is_made_on_the_first_day() -> None:
    """CAD-SURVEY: bought 9 days before the start, the survey (due day 6) goes out on day 9."""
    plan = make_plan(["c1"], [buy("c1", "2025-03-02")], start="2025-03-11", end="2025-03-20")
    survey = plan["c1/CAD-SURVEY/2025-03-02"]
    assert survey.status is Status.DEFERRED
    assert survey.due == d("2025-03-08")
    assert survey.date == d("2025-03-11")
    assert rule_ids(survey) == ["CAD-SURVEY", "CAD-SURVEY"]
    assert plan["c1/CAD-GREET/2025-03-02"].suppressed is SuppressReason.WINDOW_EXPIRED


def test_cad_survey_not_asked_for_a_purchase_ten_days_before_start() -> None:
    """CAD-SURVEY: a purchase whose survey window (day 9) ended before the start asks nothing."""
    plan = make_plan(["c1"], [buy("c1", "2025-03-01")], start="2025-03-11", end="2025-03-20")
    assert "c1/CAD-SURVEY/2025-03-01" not in plan
    assert "c1/CAD-GREET/2025-03-01" not in plan


def test_cad_survey_gives_way_to_a_later_purchase_greeting() -> None:
    """CAD-SURVEY: a greeting due the same day takes it; the survey moves one day (CAD-CAP)."""
    purchases = [buy("c1", "2025-03-03"), buy("c1", "2025-03-08")]
    plan = make_plan(["c1"], purchases, start="2025-03-03", end="2025-03-16")
    assert plan["c1/CAD-GREET/2025-03-08"].date == d("2025-03-09")
    survey = plan["c1/CAD-SURVEY/2025-03-03"]
    assert survey.status is Status.DEFERRED
    assert survey.date == d("2025-03-10")
    assert rule_ids(survey) == ["CAD-SURVEY", "CAD-CAP"]


def test_cad_survey_window_follows_the_policy() -> None:
    """CAD-SURVEY: with a one-day window (day 7) a taken day 7 suppresses the survey."""
    policy = CadencePolicy(survey_from=7, survey_to=7)
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        policy=policy,
        history=[record("c1", "2025-03-10", contact_id="h1")],
    )
    survey = plan["c1/CAD-SURVEY/2025-03-03"]
    assert survey.due == d("2025-03-10")
    assert survey.suppressed is SuppressReason.CAP
    assert survey.blocked_by == "h1"


# --- CAD-DOOR --------------------------------------------------------------------------------


def test_cad_door_returning_customer_is_walked_out_on_the_purchase_day() -> None:
    """CAD-DOOR: a returning customer who pays on Monday is walked to the door that day."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-02-20"), buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        staff=[staff("s1")],
    )
    door = plan["c1/CAD-DOOR/2025-03-03"]
    assert door.status is Status.PLANNED
    assert door.purpose is Purpose.DOOR
    assert door.date == d("2025-03-03")
    assert door.channel is Channel.IN_PERSON
    assert door.assignee == "s1"
    assert rule_ids(door) == ["CAD-DOOR"]


def test_cad_door_first_purchase_only_when_the_policy_says() -> None:
    """CAD-DOOR: a first-time buyer is not walked out unless door_for_new_customers is set."""
    purchases = [buy("c1", "2025-03-03")]
    plain = make_plan(["c1"], purchases, start="2025-03-03", end="2025-03-16", staff=[staff()])
    assert "c1/CAD-DOOR/2025-03-03" not in plain
    policy = CadencePolicy(door_for_new_customers=True)
    wide = make_plan(
        ["c1"], purchases, start="2025-03-03", end="2025-03-16", staff=[staff()], policy=policy
    )
    assert wide["c1/CAD-DOOR/2025-03-03"].status is Status.PLANNED


def test_cad_door_visit_without_purchase_only_when_the_policy_says() -> None:
    """CAD-DOOR: a customer served without buying is walked out only with door_for_visits."""
    visits = [Visit("c1", date=d("2025-03-05"))]
    plain = make_plan(["c1"], start="2025-03-03", end="2025-03-16", staff=[staff()], visits=visits)
    assert "c1/CAD-DOOR/2025-03-05" not in plain
    policy = CadencePolicy(door_for_visits=True)
    wide = make_plan(
        ["c1"], start="2025-03-03", end="2025-03-16", staff=[staff()], visits=visits, policy=policy
    )
    door = wide["c1/CAD-DOOR/2025-03-05"]
    assert door.status is Status.PLANNED
    assert door.assignee == "s1"


def test_cad_door_is_not_capped() -> None:
    """CAD-DOOR: the walk-out is part of the sale: a full cap blocks the greeting, not it."""
    history = [record("c1", day, contact_id=f"h{day[-1]}") for day in ("2025-02-25", "2025-02-27")]
    history += [
        record("c1", "2025-03-01", contact_id="h3"),
        record("c1", "2025-03-03", contact_id="h4"),
    ]
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-02-20"), buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        staff=[staff()],
        history=history,
    )
    assert plan["c1/CAD-DOOR/2025-03-03"].status is Status.PLANNED
    greet = plan["c1/CAD-GREET/2025-03-03"]
    assert greet.suppressed is SuppressReason.CAP


def test_cad_door_only_for_purchases_inside_the_range() -> None:
    """CAD-DOOR: a purchase before the plan starts gets no walk-out in this plan."""
    purchases = [buy("c1", "2025-02-20"), buy("c1", "2025-02-28"), buy("c1", "2025-03-03")]
    plan = make_plan(["c1"], purchases, start="2025-03-03", end="2025-03-16", staff=[staff()])
    assert ids_of(plan, Purpose.DOOR) == ["c1/CAD-DOOR/2025-03-03"]


def test_cad_door_reason_says_whom_to_walk_out_and_what_to_remind() -> None:
    """CAD-DOOR: the reason names a returning, first-time or non-buying customer, and the ask."""
    plan = make_plan(
        ["back", "new", "visitor"],
        [buy("back", "2025-02-20"), buy("back", "2025-03-03"), buy("new", "2025-03-04")],
        start="2025-03-03",
        end="2025-03-07",
        staff=[staff()],
        visits=[Visit("visitor", date=d("2025-03-05"))],
        policy=CadencePolicy(door_for_new_customers=True, door_for_visits=True),
    )
    ask = "remind them to come often and bring friends"
    assert plan["back/CAD-DOOR/2025-03-03"].reasons[0].detail == (
        f"walk a paying returning customer to the door on 2025-03-03; {ask}"
    )
    assert plan["new/CAD-DOOR/2025-03-04"].reasons[0].detail == (
        f"walk a paying first-time customer to the door on 2025-03-04; {ask}"
    )
    assert plan["visitor/CAD-DOOR/2025-03-05"].reasons[0].detail == (
        f"walk a customer served without buying to the door on 2025-03-05; {ask}"
    )


def test_cad_door_visits_on_the_first_and_last_day_of_the_plan_are_walked_out() -> None:
    """CAD-DOOR: with door_for_visits, visits on start and end count; one after the end does not."""
    visits = [Visit("c1", date=d(x)) for x in ("2025-03-03", "2025-03-07", "2025-03-08")]
    plan = make_plan(
        ["c1"],
        start="2025-03-03",
        end="2025-03-07",
        staff=[staff()],
        visits=visits,
        policy=CadencePolicy(door_for_visits=True),
    )
    assert ids_of(plan, Purpose.DOOR) == ["c1/CAD-DOOR/2025-03-03", "c1/CAD-DOOR/2025-03-07"]
    assert plan["c1/CAD-DOOR/2025-03-03"].date == d("2025-03-03")


# --- CAD-CAPACITY and SEG-FOCUS --------------------------------------------------------------


def returning(*customer_ids: str, day: str = "2025-03-03") -> list[Purchase]:
    """A first purchase on 2025-02-20 and a returning one on ``day`` for each customer."""
    return [buy(c, x) for c in customer_ids for x in ("2025-02-20", day)]


def test_cad_capacity_what_does_not_fit_is_reported_as_overflow() -> None:
    """CAD-CAPACITY: capacity 2 and three walk-outs: two planned, the third is overflow."""
    plan = make_plan(
        ["a", "b", "c"],
        returning("a", "b", "c"),
        start="2025-03-03",
        end="2025-03-03",
        staff=[staff("s1", capacity=2)],
    )
    assert plan["a/CAD-DOOR/2025-03-03"].assignee == "s1"
    assert plan["b/CAD-DOOR/2025-03-03"].assignee == "s1"
    left = plan["c/CAD-DOOR/2025-03-03"]
    assert left.status is Status.SUPPRESSED
    assert left.suppressed is SuppressReason.OVERFLOW
    assert rule_ids(left) == ["CAD-DOOR", "CAD-CAPACITY"]
    assert plan.overflow == (left,)
    assert plan.staff_load == (StaffDay("s1", date=d("2025-03-03"), tasks=2, capacity=2),)
    assert plan.staff_load[0].free == 0


def test_cad_capacity_zero_capacity_member_takes_no_task() -> None:
    """CAD-CAPACITY: a member with capacity 0 gets nothing; the walk-out overflows."""
    plan = make_plan(
        ["a"], returning("a"), start="2025-03-03", end="2025-03-03", staff=[staff(capacity=0)]
    )
    assert plan["a/CAD-DOOR/2025-03-03"].suppressed is SuppressReason.OVERFLOW
    (load,) = plan.staff_load
    assert (load.tasks, load.capacity, load.free) == (0, 0, 0)


def test_cad_capacity_no_staff_means_overflow() -> None:
    """CAD-CAPACITY: with no staff at all, a walk-out is reported, never dropped."""
    plan = make_plan(["a"], returning("a"), start="2025-03-03", end="2025-03-03")
    door = plan["a/CAD-DOOR/2025-03-03"]
    assert door.suppressed is SuppressReason.OVERFLOW
    assert plan.overflow == (door,)
    assert plan.staff_load == ()


def test_cad_capacity_history_tasks_use_up_the_day() -> None:
    """CAD-CAPACITY: a call already made that day by the only member fills her capacity of 1."""
    plan = make_plan(
        ["a", "x"],
        returning("a"),
        start="2025-03-03",
        end="2025-03-04",
        staff=[staff("s1", capacity=1)],
        history=[record("x", "2025-03-03", purpose="service", channel="phone", assignee="s1")],
    )
    assert plan["a/CAD-DOOR/2025-03-03"].suppressed is SuppressReason.OVERFLOW
    assert plan.staff_load == (
        StaffDay("s1", date=d("2025-03-03"), tasks=1, capacity=1),
        StaffDay("s1", date=d("2025-03-04"), tasks=0, capacity=1),
    )


def test_cad_capacity_owner_first_then_least_loaded_then_by_id() -> None:
    """CAD-CAPACITY: the customer's own member first; others go to the least loaded, ties by ID."""
    profiles = [CustomerProfile("a", staff_id="s2"), "b", "c"]
    plan = make_plan(
        profiles,
        returning("a", "b", "c"),
        start="2025-03-03",
        end="2025-03-03",
        staff=[staff("s2"), staff("s1")],
    )
    assert plan["a/CAD-DOOR/2025-03-03"].assignee == "s2"
    assert plan["b/CAD-DOOR/2025-03-03"].assignee == "s1"
    assert plan["c/CAD-DOOR/2025-03-03"].assignee == "s1"
    assert [(x.staff_id, x.tasks) for x in plan.staff_load] == [("s1", 2), ("s2", 1)]


def test_cad_capacity_full_owner_hands_over_to_a_colleague() -> None:
    """CAD-CAPACITY: when the customer's own member is full, another member takes the task."""
    profiles = [CustomerProfile("a", staff_id="s1"), CustomerProfile("b", staff_id="s1")]
    plan = make_plan(
        profiles,
        returning("a", "b"),
        start="2025-03-03",
        end="2025-03-03",
        staff=[staff("s1", capacity=1), staff("s2", capacity=1)],
    )
    assert plan["a/CAD-DOOR/2025-03-03"].assignee == "s1"
    assert plan["b/CAD-DOOR/2025-03-03"].assignee == "s2"


def test_cad_capacity_member_on_leave_takes_no_task() -> None:
    """CAD-CAPACITY: a member's own day off counts; a colleague takes over, or it overflows."""
    alone = make_plan(
        ["a"],
        returning("a"),
        start="2025-03-03",
        end="2025-03-03",
        staff=[staff("s1", days_off=["2025-03-03"])],
    )
    assert alone["a/CAD-DOOR/2025-03-03"].suppressed is SuppressReason.OVERFLOW
    assert alone.staff_load == ()
    shared = make_plan(
        ["a"],
        returning("a"),
        start="2025-03-03",
        end="2025-03-03",
        staff=[staff("s1", days_off=["2025-03-03"]), staff("s2")],
    )
    assert shared["a/CAD-DOOR/2025-03-03"].assignee == "s2"


def test_seg_focus_a_customer_walk_wins_over_c_customer_walk() -> None:
    """SEG-FOCUS: one slot, an A and a C customer: the A customer is walked out (CAD-CAPACITY)."""
    profiles = [CustomerProfile("alice", abc="C"), CustomerProfile("zoe", abc="A")]
    plan = make_plan(
        profiles,
        returning("alice", "zoe"),
        start="2025-03-03",
        end="2025-03-03",
        staff=[staff(capacity=1)],
    )
    assert plan["zoe/CAD-DOOR/2025-03-03"].status is Status.PLANNED
    assert plan["alice/CAD-DOOR/2025-03-03"].suppressed is SuppressReason.OVERFLOW


def test_seg_focus_a_before_b_before_c_before_unclassified() -> None:
    """SEG-FOCUS: two slots among A, B, C and unclassified customers go to A and B."""
    profiles = [
        CustomerProfile("w"),
        CustomerProfile("x", abc="C"),
        CustomerProfile("y", abc="B"),
        CustomerProfile("z", abc="A"),
    ]
    plan = make_plan(
        profiles,
        returning("w", "x", "y", "z"),
        start="2025-03-03",
        end="2025-03-03",
        staff=[staff(capacity=2)],
    )
    planned = sorted(x.customer_id for x in plan.planned)
    assert planned == ["y", "z"]
    assert sorted(x.customer_id for x in plan.overflow) == ["w", "x"]


def test_cmp_steps_service_call_comes_before_a_walk_out() -> None:
    """CMP-STEPS: a complaint follow-up call beats a walk-out to the last slot (CAD-CAPACITY)."""
    plan = make_plan(
        ["a", "b"],
        returning("a"),
        start="2025-03-03",
        end="2025-03-03",
        staff=[staff(capacity=1)],
        service_tasks=[ServiceTask("case-1", customer_id="b", due=d("2025-03-03"), window_days=1)],
    )
    call = plan["b/CMP-STEPS/case-1/2025-03-03"]
    assert call.status is Status.PLANNED
    assert call.purpose is Purpose.SERVICE
    assert call.channel is Channel.PHONE
    assert call.assignee == "s1"
    assert call.subject == "case-1"
    assert plan["a/CAD-DOOR/2025-03-03"].suppressed is SuppressReason.OVERFLOW


def test_cad_capacity_walk_out_of_a_c_customer_before_an_a_customer_call() -> None:
    """CAD-CAPACITY: the purpose ranks before the class: a C walk-out beats an A invitation call."""
    profiles = [close_customer("a"), CustomerProfile("c", abc="C")]
    plan = make_plan(
        profiles,
        [buy("a", "2025-02-10"), *returning("c")],
        start="2025-03-03",
        end="2025-03-16",
        staff=[staff(capacity=1)],
        events=[event("ev1", "2025-03-06")],
    )
    assert plan["c/CAD-DOOR/2025-03-03"].assignee == "s1"
    call = plan["a/CAD-INVITE/ev1"]
    assert call.status is Status.DEFERRED
    assert call.due == d("2025-03-03")
    assert call.date == d("2025-03-04")
    assert call.channel is Channel.PHONE
    assert rule_ids(call) == ["CAD-INVITE", "CAD-CAPACITY"]


# --- CAD-CAP ---------------------------------------------------------------------------------


def four_contacts(customer_id: str, days: Iterable[str]) -> list[ContactRecord]:
    """History records h1..h4 on ``days``."""
    return [record(customer_id, x, contact_id=f"h{i}") for i, x in enumerate(days, start=1)]


def test_cad_cap_four_in_thirty_days_from_the_history() -> None:
    """CAD-CAP: four contacts since 02-10 block the greeting; the survey waits for 02-10 to age."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        history=four_contacts("c1", ["2025-02-10", "2025-02-15", "2025-02-20", "2025-02-25"]),
    )
    greet = plan["c1/CAD-GREET/2025-03-03"]
    assert greet.suppressed is SuppressReason.CAP
    assert greet.blocked_by == "h1"
    survey = plan["c1/CAD-SURVEY/2025-03-03"]
    assert survey.status is Status.DEFERRED
    assert survey.date == d("2025-03-12")
    assert rule_ids(survey) == ["CAD-SURVEY", "CAD-CAP"]


def test_cad_cap_rolling_window_looks_forward_too() -> None:
    """CAD-CAP: four contacts already set for 03-20..04-01 leave no room on 03-04 or 03-05."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        history=four_contacts("c1", ["2025-03-20", "2025-03-25", "2025-03-28", "2025-04-01"]),
    )
    greet = plan["c1/CAD-GREET/2025-03-03"]
    assert greet.suppressed is SuppressReason.CAP
    assert greet.blocked_by == "h1"


def test_cad_cap_window_length_and_count_follow_the_policy() -> None:
    """CAD-CAP: one contact per 7 days: 03-01 blocks 03-04 and 03-05, not the survey on 03-09."""
    policy = CadencePolicy(cap_per_window=1, cap_window_days=7)
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        policy=policy,
        history=[record("c1", "2025-03-01", contact_id="h1")],
    )
    assert plan["c1/CAD-GREET/2025-03-03"].suppressed is SuppressReason.CAP
    assert plan["c1/CAD-SURVEY/2025-03-03"].status is Status.PLANNED


def test_cad_cap_two_a_day_when_the_policy_allows() -> None:
    """CAD-CAP: with cap_per_day=2 the greeting shares day 1 with an earlier contact."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        policy=CadencePolicy(cap_per_day=2),
        history=[record("c1", "2025-03-04", contact_id="h1")],
    )
    assert plan["c1/CAD-GREET/2025-03-03"].status is Status.PLANNED


def test_cad_cap_service_contact_is_exempt() -> None:
    """CAD-CAP: a complaint follow-up goes out on a capped day and does not use up the cap."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        service_tasks=[
            ServiceTask("case-1", customer_id="c1", due=d("2025-03-04"), channel="message")
        ],
    )
    service = plan["c1/CMP-STEPS/case-1/2025-03-04"]
    assert service.status is Status.PLANNED
    assert service.channel is Channel.MESSAGE
    assert plan["c1/CAD-GREET/2025-03-03"].date == d("2025-03-04")
    assert {x.purpose for x in plan.on(d("2025-03-04"))} == {Purpose.SERVICE, Purpose.GREET}


def test_cad_cap_message_opt_out_suppresses_marketing() -> None:
    """CAD-CAP: a customer who opted out of messages gets no greeting (OPT_OUT)."""
    profile = CustomerProfile("c1", opt_outs=[OptOut("message", since=d("2025-01-01"))])
    plan = make_plan([profile], [buy("c1", "2025-03-03")], start="2025-03-03", end="2025-03-16")
    greet = plan["c1/CAD-GREET/2025-03-03"]
    assert greet.status is Status.SUPPRESSED
    assert greet.suppressed is SuppressReason.OPT_OUT
    assert greet.blocked_by is None
    assert rule_ids(greet) == ["CAD-GREET", "CAD-CAP"]


def test_cad_cap_opt_out_holds_from_its_date_on() -> None:
    """CAD-CAP: an opt-out since 03-06 lets the 03-04 greeting through and stops the survey."""
    profile = CustomerProfile("c1", opt_outs=[OptOut("message", since=d("2025-03-06"))])
    plan = make_plan([profile], [buy("c1", "2025-03-03")], start="2025-03-03", end="2025-03-10")
    assert plan["c1/CAD-GREET/2025-03-03"].status is Status.PLANNED
    survey = plan["c1/CAD-SURVEY/2025-03-03"]
    # the survey window runs to 03-12, past the end, yet an opt-out is final, not HORIZON_END
    assert survey.suppressed is SuppressReason.OPT_OUT


def test_cad_cap_service_is_not_exempt_from_opt_out() -> None:
    """CAD-CAP: a service message to a customer who opted out of messages is suppressed."""
    profile = CustomerProfile("c1", opt_outs=[OptOut("message", since=d("2025-01-01"))])
    task = ServiceTask("case-1", customer_id="c1", due=d("2025-03-04"), channel="message")
    plan = make_plan([profile], start="2025-03-03", end="2025-03-16", service_tasks=[task])
    service = plan["c1/CMP-STEPS/case-1/2025-03-04"]
    assert service.suppressed is SuppressReason.OPT_OUT
    assert rule_ids(service) == ["CMP-STEPS", "CAD-CAP"]


def test_cad_cap_phone_opt_out_turns_a_service_call_into_a_message() -> None:
    """CAD-CAP: a follow-up call to a customer who refuses calls goes out as a message."""
    profile = CustomerProfile("c1", opt_outs=[OptOut("phone", since=d("2025-01-01"))])
    task = ServiceTask("case-1", customer_id="c1", due=d("2025-03-04"))
    plan = make_plan(
        [profile], start="2025-03-03", end="2025-03-16", service_tasks=[task], staff=[staff()]
    )
    service = plan["c1/CMP-STEPS/case-1/2025-03-04"]
    assert service.status is Status.PLANNED
    assert service.channel is Channel.MESSAGE
    assert service.assignee is None
    assert rule_ids(service)[:2] == ["CMP-STEPS", "CAD-CAP"]


def test_cad_cap_greeting_before_invitation_on_the_same_day() -> None:
    """CAD-CAP: one contact a day: the greeting keeps 03-04, the invitation moves to 03-05."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-02-10"), buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        staff=[staff()],
        events=[event("ev1", "2025-03-07")],
    )
    assert plan["c1/CAD-GREET/2025-03-03"].date == d("2025-03-04")
    invite = plan["c1/CAD-INVITE/ev1"]
    assert invite.status is Status.DEFERRED
    assert invite.due == d("2025-03-04")
    assert invite.date == d("2025-03-05")
    assert rule_ids(invite) == ["CAD-INVITE", "CAD-CAP"]


# --- CAD-INVITE ------------------------------------------------------------------------------


def test_cad_invite_message_three_days_before_the_event() -> None:
    """CAD-INVITE: an old customer gets a message invitation on Tuesday for Friday's event."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-02-10")],
        start="2025-03-03",
        end="2025-03-16",
        events=[event("ev1", "2025-03-14")],
    )
    invite = plan["c1/CAD-INVITE/ev1"]
    assert invite.status is Status.PLANNED
    assert invite.purpose is Purpose.INVITE
    assert invite.date == d("2025-03-11")
    assert invite.channel is Channel.MESSAGE
    assert invite.subject == "ev1"
    assert rule_ids(invite) == ["CAD-INVITE"]


def test_cad_invite_only_old_customers() -> None:
    """CAD-INVITE: a first purchase the day before the due day counts as old; on it, not."""
    plan = make_plan(
        ["old", "new", "none"],
        [buy("old", "2025-03-10"), buy("new", "2025-03-11")],
        start="2025-03-03",
        end="2025-03-16",
        events=[event("ev1", "2025-03-14")],
    )
    assert ids_of(plan, Purpose.INVITE) == ["old/CAD-INVITE/ev1"]


def test_cad_invite_segments_restrict_by_abc_class() -> None:
    """CAD-INVITE: an event for class A invites the A customer, not B or unclassified ones."""
    profiles = [CustomerProfile("a", abc="A"), CustomerProfile("b", abc="B"), "n"]
    plan = make_plan(
        profiles,
        [buy(c, "2025-02-10") for c in ("a", "b", "n")],
        start="2025-03-03",
        end="2025-03-16",
        events=[event("ev1", "2025-03-14", segments=["A"])],
    )
    assert ids_of(plan, Purpose.INVITE) == ["a/CAD-INVITE/ev1"]


def test_cad_invite_phones_close_relationships() -> None:
    """CAD-INVITE: A and loyal, or flagged close: a call; C, or flagged not close: a message."""
    profiles = [
        close_customer("a-loyal"),
        CustomerProfile("c-loyal", abc="C", attitude="loyal"),
        CustomerProfile("c-flag", abc="C", close=True),
        close_customer("a-flag", close=False),
    ]
    plan = make_plan(
        profiles,
        [buy(p.customer_id, "2025-02-10") for p in profiles],
        start="2025-03-03",
        end="2025-03-16",
        staff=[staff()],
        events=[event("ev1", "2025-03-14")],
    )
    channels = {
        x.customer_id: (x.channel, x.assignee)
        for x in plan.decisions
        if x.purpose is Purpose.INVITE
    }
    assert channels == {
        "a-loyal": (Channel.PHONE, "s1"),
        "c-loyal": (Channel.MESSAGE, None),
        "c-flag": (Channel.PHONE, "s1"),
        "a-flag": (Channel.MESSAGE, None),
    }


def test_cad_invite_close_classes_follow_the_policy() -> None:
    """CAD-INVITE: with close_classes={B} a B and loyal customer is phoned, an A one is not."""
    policy = CadencePolicy(close_classes=["B"])
    profiles = [close_customer("a"), CustomerProfile("b", abc="B", attitude="loyal")]
    plan = make_plan(
        profiles,
        [buy(c, "2025-02-10") for c in ("a", "b")],
        start="2025-03-03",
        end="2025-03-16",
        staff=[staff()],
        events=[event("ev1", "2025-03-14")],
        policy=policy,
    )
    assert plan["a/CAD-INVITE/ev1"].channel is Channel.MESSAGE
    assert plan["b/CAD-INVITE/ev1"].channel is Channel.PHONE


def test_cad_invite_call_without_staff_becomes_a_message() -> None:
    """CAD-INVITE: no staff to phone a close customer: the invitation goes out as a message."""
    plan = make_plan(
        [close_customer()],
        [buy("c1", "2025-02-10")],
        start="2025-03-03",
        end="2025-03-16",
        events=[event("ev1", "2025-03-14")],
    )
    invite = plan["c1/CAD-INVITE/ev1"]
    assert invite.status is Status.PLANNED
    assert invite.date == d("2025-03-11")
    assert invite.channel is Channel.MESSAGE
    assert rule_ids(invite) == ["CAD-INVITE", "CAD-CAPACITY", "CAD-CAPACITY"]


def test_cad_invite_call_overflows_when_fallback_is_off() -> None:
    """CAD-INVITE: with call_fallback_to_message=False a call with no staff is overflow."""
    plan = make_plan(
        [close_customer()],
        [buy("c1", "2025-02-10")],
        start="2025-03-03",
        end="2025-03-16",
        events=[event("ev1", "2025-03-14")],
        policy=CadencePolicy(call_fallback_to_message=False),
    )
    invite = plan["c1/CAD-INVITE/ev1"]
    assert invite.suppressed is SuppressReason.OVERFLOW
    assert plan.overflow == (invite,)
    assert rule_ids(invite) == ["CAD-INVITE", "CAD-CAPACITY"]


def test_cad_invite_phone_opt_out_gets_a_message() -> None:
    """CAD-INVITE: a close customer who refuses calls is invited by message (CAD-CAP)."""
    profile = close_customer(opt_outs=[OptOut("phone", since=d("2025-01-01"))])
    plan = make_plan(
        [profile],
        [buy("c1", "2025-02-10")],
        start="2025-03-03",
        end="2025-03-16",
        staff=[staff()],
        events=[event("ev1", "2025-03-14")],
    )
    invite = plan["c1/CAD-INVITE/ev1"]
    assert invite.channel is Channel.MESSAGE
    assert invite.date == d("2025-03-11")


def test_cad_invite_due_before_start_goes_out_on_the_first_day() -> None:
    """CAD-INVITE: due 03-11, the plan starts 03-12: sent 03-12; an event on 03-12 is too late."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-02-10")],
        start="2025-03-12",
        end="2025-03-20",
        events=[event("ev1", "2025-03-14"), event("ev0", "2025-03-12")],
    )
    invite = plan["c1/CAD-INVITE/ev1"]
    assert invite.status is Status.DEFERRED
    assert invite.due == d("2025-03-11")
    assert invite.date == d("2025-03-12")
    assert "c1/CAD-INVITE/ev0" not in plan


def test_cad_invite_in_history_is_done() -> None:
    """CAD-INVITE: an invitation the history has under its contact ID is not sent again."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-02-10")],
        start="2025-03-03",
        end="2025-03-16",
        events=[event("ev1", "2025-03-14")],
        history=[record("c1", "2025-03-10", purpose="invite", contact_id="c1/CAD-INVITE/ev1")],
    )
    invite = plan["c1/CAD-INVITE/ev1"]
    assert invite.status is Status.DONE
    assert invite.date == d("2025-03-10")


def test_cad_invite_call_blocked_by_cap_then_weekend_falls_back_to_message() -> None:
    """CAD-INVITE: Friday capped, Saturday and Sunday no working day: the call becomes a message."""
    plan = make_plan(
        [close_customer()],
        [buy("c1", "2025-02-10")],
        start="2025-03-03",
        end="2025-03-31",
        staff=[staff()],
        events=[event("ev1", "2025-03-17")],
        history=[record("c1", "2025-03-14", contact_id="h1")],
    )
    invite = plan["c1/CAD-INVITE/ev1"]
    assert invite.status is Status.DEFERRED
    assert invite.channel is Channel.MESSAGE
    assert invite.date == d("2025-03-15")


def test_cad_invite_reason_names_the_event_the_channel_and_why() -> None:
    """CAD-INVITE: the reason names the event's kind and name, phone or message, and why."""
    profiles = [CustomerProfile("flag", abc="C", close=True), CustomerProfile("b", abc="B")]
    serum = StoreEvent("ev1", date=d("2025-03-14"), kind="new_product", name="Serum")
    plan = make_plan(
        profiles,
        [buy(c, "2025-02-10") for c in ("flag", "b")],
        start="2025-03-03",
        end="2025-03-16",
        staff=[staff()],
        events=[serum],
    )
    invite = "invite an old customer to new product 'Serum' on 2025-03-14"
    assert plan["flag/CAD-INVITE/ev1"].reasons[0].detail == (
        f"{invite} by phone (the store marks the relationship as close)"
    )
    assert plan["b/CAD-INVITE/ev1"].reasons[0].detail == (
        f"{invite} by message (class B and unknown attitude: not close by the policy)"
    )


def test_cad_invite_call_and_fallback_message_both_blocked_is_explained() -> None:
    """CAD-INVITE: no staff for the call and messages opted out: overflow, with every step why."""
    profile = close_customer(opt_outs=[OptOut("message", since=d("2025-01-01"))])
    plan = make_plan(
        [profile],
        [buy("c1", "2025-02-10")],
        start="2025-03-03",
        end="2025-03-16",
        events=[event("ev1", "2025-03-14")],
    )
    invite = plan["c1/CAD-INVITE/ev1"]
    assert invite.status is Status.SUPPRESSED
    assert invite.suppressed is SuppressReason.OVERFLOW
    # the call's block, the switch to a message (CAD-CAPACITY), the message's opt-out
    assert rule_ids(invite) == ["CAD-INVITE", "CAD-CAPACITY", "CAD-CAPACITY", "CAD-CAP"]
    assert "so the call becomes a message" in invite.reasons[2].detail
    assert invite.reasons[3].detail == (
        "the message failed too: opted out of message contacts since 2025-01-01"
    )


# --- CAD-CLUB --------------------------------------------------------------------------------


def test_cad_club_member_rewarded_90_days_after_the_first_purchase() -> None:
    """CAD-CLUB: a club member who first bought on 01-02 gets a reward message on 04-02."""
    plan = make_plan(
        [CustomerProfile("c1", club_member=True)],
        [buy("c1", "2025-01-02")],
        start="2025-04-01",
        end="2025-04-10",
    )
    assert ids_of(plan, Purpose.CLUB) == ["c1/CAD-CLUB/2025-04-02"]
    reward = plan["c1/CAD-CLUB/2025-04-02"]
    assert reward.status is Status.PLANNED
    assert reward.date == d("2025-04-02")
    assert reward.channel is Channel.MESSAGE
    assert rule_ids(reward) == ["CAD-CLUB"]


def test_cad_club_reason_names_a_club_member() -> None:
    """CAD-CLUB: a member's reward says it is for a club member, every 90 days from day one."""
    plan = make_plan(
        [CustomerProfile("c1", club_member=True)],
        [buy("c1", "2025-01-02")],
        start="2025-04-01",
        end="2025-04-10",
    )
    assert plan["c1/CAD-CLUB/2025-04-02"].reasons[0].detail == (
        "reward message for a club member, every 90 days from 2025-01-02"
    )


def test_cad_club_every_90_days_across_the_year() -> None:
    """CAD-CLUB: rewards fall on a fixed 90-day grid: 04-02, 07-01, 09-29, 12-28."""
    plan = make_plan(
        [CustomerProfile("c1", club_member=True)],
        [buy("c1", "2025-01-02")],
        start="2025-03-01",
        end="2025-12-31",
    )
    assert ids_of(plan, Purpose.CLUB) == [
        "c1/CAD-CLUB/2025-04-02",
        "c1/CAD-CLUB/2025-07-01",
        "c1/CAD-CLUB/2025-09-29",
        "c1/CAD-CLUB/2025-12-28",
    ]


def test_cad_club_grid_stays_on_the_first_purchase() -> None:
    """CAD-CLUB: a club message sent off-grid (02-01) does not move the grid from 2024-06-01."""
    plan = make_plan(
        [CustomerProfile("c1", club_member=True)],
        [buy("c1", "2024-06-01")],
        start="2025-03-01",
        end="2025-05-31",
        history=[record("c1", "2025-02-01", purpose="club")],
        policy=CadencePolicy(lapse_days=3_660),  # a club member who has not lapsed
    )
    # 2024-06-01 + 90 n: 08-30, 11-28, 2025-02-26 (window to 03-05), 2025-05-27
    assert ids_of(plan, Purpose.CLUB) == ["c1/CAD-CLUB/2025-02-26", "c1/CAD-CLUB/2025-05-27"]
    late = plan["c1/CAD-CLUB/2025-02-26"]
    assert late.status is Status.DEFERRED
    assert late.date == d("2025-03-01")


FREQUENT_DAYS = ["2024-04-10", "2024-06-10", "2024-08-10", "2024-10-10", "2024-12-10", "2025-02-10"]


def test_cad_club_six_purchases_in_a_year_make_a_frequent_customer() -> None:
    """CAD-CLUB: six purchases in the 365 days before the start earn rewards without membership."""
    plan = make_plan(
        ["c1"],
        [buy("c1", x) for x in FREQUENT_DAYS],
        start="2025-03-01",
        end="2025-04-30",
    )
    # the grid from the first purchase 2024-04-10: 07-09, 10-07, 2025-01-05, 2025-04-05
    assert ids_of(plan, Purpose.CLUB) == ["c1/CAD-CLUB/2025-04-05"]
    assert plan["c1/CAD-CLUB/2025-04-05"].status is Status.PLANNED


def test_cad_club_five_purchases_are_not_enough() -> None:
    """CAD-CLUB: five purchases in the year and no membership: no club reward."""
    plan = make_plan(
        ["c1"],
        [buy("c1", x) for x in FREQUENT_DAYS[:5]],
        start="2025-03-01",
        end="2025-04-30",
    )
    assert ids_of(plan, Purpose.CLUB) == []


def test_cad_club_member_without_purchases_gets_nothing() -> None:
    """CAD-CLUB: a member who never bought has no anchor for the 90-day rhythm."""
    plan = make_plan(
        [CustomerProfile("c1", club_member=True), "c2"],
        [buy("c2", "2025-01-02")],
        start="2025-03-01",
        end="2025-06-30",
    )
    assert plan.for_customer("c1") == ()


def test_cad_club_reward_deferred_by_the_daily_cap() -> None:
    """CAD-CLUB: another contact on 04-02 moves the reward to 04-03 (CAD-CAP)."""
    plan = make_plan(
        [CustomerProfile("c1", club_member=True)],
        [buy("c1", "2025-01-02")],
        start="2025-04-01",
        end="2025-04-10",
        history=[record("c1", "2025-04-02", contact_id="h1")],
    )
    reward = plan["c1/CAD-CLUB/2025-04-02"]
    assert reward.status is Status.DEFERRED
    assert reward.date == d("2025-04-03")
    assert rule_ids(reward) == ["CAD-CLUB", "CAD-CAP"]


def test_cad_club_reward_in_history_is_done() -> None:
    """CAD-CLUB: a reward the history records under its ID is done, not sent twice."""
    plan = make_plan(
        [CustomerProfile("c1", club_member=True)],
        [buy("c1", "2025-01-02")],
        start="2025-04-01",
        end="2025-04-10",
        history=[record("c1", "2025-04-02", purpose="club", contact_id="c1/CAD-CLUB/2025-04-02")],
    )
    assert plan["c1/CAD-CLUB/2025-04-02"].status is Status.DONE


def test_cad_club_two_purchases_on_one_day_count_twice() -> None:
    """CAD-CLUB: six purchases (two on each of three days) make a frequent customer."""
    days = ["2024-06-10", "2024-06-10", "2024-09-10", "2024-09-10", "2024-12-10", "2024-12-10"]
    plan = make_plan(["c1"], [buy("c1", x) for x in days], start="2025-03-01", end="2025-03-31")
    # grid from 2024-06-10: 09-08, 12-07, 2025-03-07
    assert "c1/CAD-CLUB/2025-03-07" in plan


# --- CAD-KEEP --------------------------------------------------------------------------------


def test_cad_keep_thirty_days_after_the_last_purchase() -> None:
    """CAD-KEEP: last bought 02-10, nothing since: a keep-in-touch message on 03-12."""
    plan = make_plan(["c1"], [buy("c1", "2025-02-10")], start="2025-03-01", end="2025-03-31")
    keep = plan["c1/CAD-KEEP/2025-02-10"]
    assert keep.status is Status.PLANNED
    assert keep.purpose is Purpose.KEEP
    assert keep.date == d("2025-03-12")
    assert keep.channel is Channel.MESSAGE
    assert rule_ids(keep) == ["CAD-KEEP"]
    assert plan.for_customer("c1") == (keep,)


def test_cad_keep_a_window_closed_before_the_plan_passes_on_the_rhythm() -> None:
    """CAD-KEEP: last bought 01-05; 02-04's window closed (02-11), so the rhythm's next is 03-06."""
    plan = make_plan(["c1"], [buy("c1", "2025-01-05")], start="2025-03-01", end="2025-03-20")
    assert "c1/CAD-KEEP/2025-01-05" not in plan
    keep = plan["c1/CAD-KEEP/2025-02-04"]
    assert keep.status is Status.PLANNED
    assert keep.date == keep.due == d("2025-03-06")


def test_cad_keep_a_window_open_on_the_first_day_is_deferred_to_it() -> None:
    """CAD-KEEP: last bought 01-25, due 02-24 with its window to 03-03: made on the first day."""
    plan = make_plan(["c1"], [buy("c1", "2025-01-25")], start="2025-03-01", end="2025-03-20")
    keep = plan["c1/CAD-KEEP/2025-01-25"]
    assert keep.status is Status.DEFERRED
    assert keep.due == d("2025-02-24")
    assert keep.date == d("2025-03-01")


def test_cad_keep_chain_restarts_from_each_contact() -> None:
    """CAD-KEEP: planned 03-12, the next keep-in-touch follows 30 days later, on 04-11."""
    plan = make_plan(["c1"], [buy("c1", "2025-02-10")], start="2025-03-01", end="2025-04-30")
    assert ids_of(plan, Purpose.KEEP) == ["c1/CAD-KEEP/2025-02-10", "c1/CAD-KEEP/2025-03-12"]
    assert plan["c1/CAD-KEEP/2025-03-12"].date == d("2025-04-11")


def test_cad_keep_any_contact_resets_the_rhythm() -> None:
    """CAD-KEEP: an invitation on 03-11 is contact enough; the next keep is 30 days after it."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-02-10")],
        start="2025-03-01",
        end="2025-04-30",
        events=[event("ev1", "2025-03-14")],
    )
    assert ids_of(plan, Purpose.KEEP) == ["c1/CAD-KEEP/2025-03-11"]
    assert plan["c1/CAD-KEEP/2025-03-11"].date == d("2025-04-10")


def test_cad_keep_deferred_within_its_slack_by_the_rolling_cap() -> None:
    """CAD-KEEP: one contact per 35 days after 02-10: due 03-12, sent 03-17 (CAD-CAP)."""
    policy = CadencePolicy(cap_per_window=1, cap_window_days=35)
    plan = make_plan(
        ["c1"],
        start="2025-03-01",
        end="2025-03-31",
        policy=policy,
        history=[record("c1", "2025-02-10", contact_id="h1")],
    )
    keep = plan["c1/CAD-KEEP/2025-02-10"]
    assert keep.status is Status.DEFERRED
    assert keep.due == d("2025-03-12")
    assert keep.date == d("2025-03-17")
    assert rule_ids(keep) == ["CAD-KEEP", "CAD-CAP"]


def test_cad_keep_new_purchase_supersedes_the_pending_keep() -> None:
    """CAD-KEEP: a purchase on 08-25 cancels the keep-in-touch due 08-31 (SUPERSEDED)."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-08-01"), buy("c1", "2025-08-25")],
        start="2025-08-20",
        end="2025-09-20",
        staff=[staff()],
    )
    keep = plan["c1/CAD-KEEP/2025-08-01"]
    assert keep.status is Status.SUPPRESSED
    assert keep.suppressed is SuppressReason.SUPERSEDED
    assert keep.due == d("2025-08-31")
    assert rule_ids(keep) == ["CAD-KEEP", "CAD-KEEP"]
    # the post-purchase sequence takes over: greeting 08-26, survey 08-31
    assert plan["c1/CAD-GREET/2025-08-25"].date == d("2025-08-26")
    assert plan["c1/CAD-SURVEY/2025-08-25"].date == d("2025-08-31")
    assert ids_of(plan, Purpose.KEEP) == ["c1/CAD-KEEP/2025-08-01"]


def test_cad_keep_superseded_reasons_name_the_anchor_and_the_purchase() -> None:
    """CAD-KEEP: a superseded keep says whom it followed (08-01) and which purchase cancelled it."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-08-01"), buy("c1", "2025-08-25")],
        start="2025-08-20",
        end="2025-09-20",
    )
    keep = plan["c1/CAD-KEEP/2025-08-01"]
    assert [reason.detail for reason in keep.reasons] == [
        "keep in touch 30 days after 2025-08-01",
        "cancelled: the purchase on 2025-08-25 starts the post-purchase sequence again",
    ]


def test_cad_keep_merges_into_the_mid_autumn_wish() -> None:
    """CAD-KEEP: a keep-in-touch due 10-07 becomes the Mid-Autumn wish on 10-06 (CN 2025)."""
    plan = make_plan(["c1"], [buy("c1", "2025-09-07")], start="2025-09-20", end="2025-10-20")
    keep = plan["c1/CAD-KEEP/2025-09-07"]
    assert keep.status is Status.MERGED
    assert keep.due == d("2025-10-07")
    assert keep.date is None
    assert keep.into == "c1/CAD-KEEP/holiday/2025-10-06"
    assert rule_ids(keep) == ["CAD-KEEP", "CAD-KEEP"]
    wish = plan["c1/CAD-KEEP/holiday/2025-10-06"]
    assert wish.status is Status.PLANNED
    assert wish.purpose is Purpose.HOLIDAY
    assert wish.date == d("2025-10-06")
    assert wish.channel is Channel.MESSAGE
    assert wish.rule_id == "CAD-KEEP"
    assert ids_of(plan, Purpose.HOLIDAY) == ["c1/CAD-KEEP/holiday/2025-10-06"]


def test_cad_keep_merges_into_the_national_day_wish_once() -> None:
    """CAD-KEEP: due 09-29, the wish goes out on National Day 10-01 and not again on 10-06."""
    plan = make_plan(["c1"], [buy("c1", "2025-08-30")], start="2025-09-15", end="2025-10-20")
    keep = plan["c1/CAD-KEEP/2025-08-30"]
    assert keep.status is Status.MERGED
    assert keep.into == "c1/CAD-KEEP/holiday/2025-10-01"
    assert ids_of(plan, Purpose.HOLIDAY) == ["c1/CAD-KEEP/holiday/2025-10-01"]
    assert [x.date for x in plan.planned] == [d("2025-10-01")]


def test_cad_keep_wish_a_day_after_the_aim_restarts_the_rhythm_from_the_wish() -> None:
    """CAD-KEEP: due 09-30, National Day 10-01 is one day after; the next keep is 30 days on."""
    plan = make_plan(["c1"], [buy("c1", "2025-08-31")], start="2025-09-15", end="2025-11-15")
    keep = plan["c1/CAD-KEEP/2025-08-31"]
    assert keep.status is Status.MERGED
    assert keep.due == d("2025-09-30")
    assert keep.into == "c1/CAD-KEEP/holiday/2025-10-01"
    assert keep.reasons[1].detail == (
        "National Day on 2025-10-01 is 1 day(s) after the aim 2025-09-30; the contact "
        "becomes the holiday wish"
    )
    # the wish on 10-01 is the last contact: the next keep-in-touch is due 10-31
    assert ids_of(plan, Purpose.KEEP) == ["c1/CAD-KEEP/2025-08-31", "c1/CAD-KEEP/2025-10-01"]
    assert plan["c1/CAD-KEEP/2025-10-01"].date == d("2025-10-31")


def test_cad_keep_merges_into_the_spring_festival_wish() -> None:
    """CAD-KEEP: due 01-29, the Spring Festival itself: one wish then, none on New Year's Eve."""
    plan = make_plan(["c1"], [buy("c1", "2024-12-30")], start="2025-01-20", end="2025-02-15")
    keep = plan["c1/CAD-KEEP/2024-12-30"]
    assert keep.status is Status.MERGED
    assert keep.due == d("2025-01-29")
    assert keep.into == "c1/CAD-KEEP/holiday/2025-01-29"
    assert ids_of(plan, Purpose.HOLIDAY) == ["c1/CAD-KEEP/holiday/2025-01-29"]


def test_cad_keep_wish_already_sent_is_not_sent_again() -> None:
    """CAD-KEEP: a National Day wish in the history takes the keep-in-touch; no second wish."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-08-30")],
        start="2025-09-15",
        end="2025-10-20",
        history=[record("c1", "2025-10-01", purpose="holiday", contact_id="wish-nd")],
    )
    keep = plan["c1/CAD-KEEP/2025-08-30"]
    assert keep.status is Status.MERGED
    assert keep.into == "wish-nd"
    # the wish in the history shows up as done, so `into` names a decision of the plan
    assert ids_of(plan, Purpose.HOLIDAY) == ["wish-nd"]
    assert plan["wish-nd"].status is Status.DONE
    assert plan.planned == ()


def test_cad_keep_no_wish_on_qingming_by_default() -> None:
    """CAD-KEEP: due 04-02, Qingming (04-04) is no day for a wish: a plain keep-in-touch instead."""
    purchases = [buy("c1", "2025-03-03")]
    plan = make_plan(["c1"], purchases, start="2025-03-20", end="2025-04-20")
    keep = plan["c1/CAD-KEEP/2025-03-03"]
    assert keep.status is Status.PLANNED
    assert keep.date == d("2025-04-02")
    assert ids_of(plan, Purpose.HOLIDAY) == []
    policy = CadencePolicy(no_wish_occasions=[])
    wished = make_plan(["c1"], purchases, start="2025-03-20", end="2025-04-20", policy=policy)
    assert wished["c1/CAD-KEEP/2025-03-03"].into == "c1/CAD-KEEP/holiday/2025-04-04"


def test_cad_keep_merges_into_a_store_occasion() -> None:
    """CAD-KEEP: due 08-24, the store's own Qixi occasion on 08-29 takes the keep-in-touch."""
    purchases = [buy("c1", "2025-07-25")]
    plain = make_plan(["c1"], purchases, start="2025-08-10", end="2025-09-10")
    assert plain["c1/CAD-KEEP/2025-07-25"].date == d("2025-08-24")
    qixi = make_plan(["c1"], purchases, start="2025-08-10", end="2025-09-10", calendar=CN_QIXI)
    keep = qixi["c1/CAD-KEEP/2025-07-25"]
    assert keep.status is Status.MERGED
    assert keep.into == "c1/CAD-KEEP/holiday/2025-08-29"
    assert qixi["c1/CAD-KEEP/holiday/2025-08-29"].date == d("2025-08-29")


def test_cad_keep_holiday_window_follows_the_policy() -> None:
    """CAD-KEEP: with holiday_window=1, National Day (2 days from 09-29) no longer takes it."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-08-30")],
        start="2025-09-15",
        end="2025-10-20",
        policy=CadencePolicy(holiday_window=1),
    )
    keep = plan["c1/CAD-KEEP/2025-08-30"]
    assert keep.status is Status.PLANNED
    assert keep.date == d("2025-09-29")


def test_cad_keep_no_contact_without_any_touch() -> None:
    """CAD-KEEP: a customer with no purchase and no contact has no rhythm to keep."""
    plan = make_plan(["c1", "c2"], [buy("c2", "2025-02-10")], start="2025-03-01", end="2025-03-31")
    assert all(x.customer_id == "c2" for x in plan.decisions)


def test_cad_keep_replanned_keep_is_done() -> None:
    """CAD-KEEP: re-planning after the 03-12 keep-in-touch was made reports it DONE."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-02-10")],
        start="2025-03-01",
        end="2025-03-31",
        history=[record("c1", "2025-03-12", contact_id="c1/CAD-KEEP/2025-02-10")],
    )
    assert plan["c1/CAD-KEEP/2025-02-10"].status is Status.DONE


def test_cad_keep_replanned_deferred_keep_is_done() -> None:
    """CAD-KEEP: a keep-in-touch made after its due day and recorded is DONE on re-planning."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-02-10")],
        start="2025-03-01",
        end="2025-03-31",
        history=[record("c1", "2025-03-14", contact_id="c1/CAD-KEEP/2025-02-10")],
    )
    keep = plan["c1/CAD-KEEP/2025-02-10"]
    assert keep.status is Status.DONE
    assert keep.date == d("2025-03-14")


# --- CAD-WORKDAY (CN 2025) -------------------------------------------------------------------


def test_cad_workday_make_up_sunday_takes_a_walk_out() -> None:
    """CAD-WORKDAY: Sunday 2025-01-26 is a make-up workday, so the walk-out is planned."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-01-10"), buy("c1", "2025-01-26")],
        start="2025-01-20",
        end="2025-01-27",
        staff=[staff()],
    )
    door = plan["c1/CAD-DOOR/2025-01-26"]
    assert door.status is Status.PLANNED
    assert door.assignee == "s1"


def test_cad_workday_ordinary_sunday_walk_out_overflows() -> None:
    """CAD-WORKDAY: Sunday 2025-01-19 is no working day; the one-day walk-out overflows."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-01-10"), buy("c1", "2025-01-19")],
        start="2025-01-13",
        end="2025-01-20",
        staff=[staff()],
    )
    door = plan["c1/CAD-DOOR/2025-01-19"]
    assert door.suppressed is SuppressReason.OVERFLOW
    assert rule_ids(door) == ["CAD-DOOR", "CAD-WORKDAY"]
    assert plan.overflow == (door,)


def test_cad_workday_spring_festival_walk_out_overflows() -> None:
    """CAD-WORKDAY: a purchase on Spring Festival 2025-01-29: staff off, the walk-out overflows."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-01-10"), buy("c1", "2025-01-29")],
        start="2025-01-27",
        end="2025-02-10",
        staff=[staff()],
    )
    door = plan["c1/CAD-DOOR/2025-01-29"]
    assert door.suppressed is SuppressReason.OVERFLOW
    assert rule_ids(door) == ["CAD-DOOR", "CAD-WORKDAY"]
    # the greeting is a message: it goes out on the holiday
    assert plan["c1/CAD-GREET/2025-01-29"].date == d("2025-01-30")


def test_cad_workday_store_closure_stops_staff_tasks_not_messages() -> None:
    """CAD-WORKDAY: on a stocktaking Monday the walk-out overflows; the survey still goes out."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "2025-02-20"), buy("c1", "2025-02-25"), buy("c1", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-03",
        staff=[staff()],
        calendar=CN_CLOSED,
    )
    door = plan["c1/CAD-DOOR/2025-03-03"]
    assert door.suppressed is SuppressReason.OVERFLOW
    assert rule_ids(door) == ["CAD-DOOR", "CAD-WORKDAY"]
    assert plan["c1/CAD-SURVEY/2025-02-25"].date == d("2025-03-03")
    assert plan.staff_load == ()


def test_cad_workday_golden_week_call_moves_to_the_first_working_day() -> None:
    """CAD-WORKDAY: an invitation call due 10-07 (day off) is made on Thursday 10-09."""
    plan = make_plan(
        [close_customer()],
        [buy("c1", "2025-08-01")],
        start="2025-10-01",
        end="2025-10-15",
        staff=[staff()],
        events=[event("ev1", "2025-10-10")],
    )
    call = plan["c1/CAD-INVITE/ev1"]
    assert call.status is Status.DEFERRED
    assert call.due == d("2025-10-07")
    assert call.date == d("2025-10-09")
    assert call.channel is Channel.PHONE
    assert call.assignee == "s1"
    assert rule_ids(call) == ["CAD-INVITE", "CAD-WORKDAY"]


def test_cad_workday_golden_week_call_with_no_working_day_becomes_a_message() -> None:
    """CAD-WORKDAY: a call window 10-06..10-08 has no working day: a message on Mid-Autumn."""
    options: dict[str, Any] = {
        "start": "2025-10-01",
        "end": "2025-10-15",
        "staff": [staff()],
        "events": [event("ev1", "2025-10-09")],
    }
    plan = make_plan([close_customer()], [buy("c1", "2025-08-01")], **options)
    invite = plan["c1/CAD-INVITE/ev1"]
    assert invite.status is Status.PLANNED
    assert invite.date == d("2025-10-06")
    assert invite.channel is Channel.MESSAGE
    assert rule_ids(invite) == ["CAD-INVITE", "CAD-WORKDAY", "CAD-CAPACITY"]
    strict = CadencePolicy(call_fallback_to_message=False)
    refused = make_plan([close_customer()], [buy("c1", "2025-08-01")], policy=strict, **options)
    assert refused["c1/CAD-INVITE/ev1"].suppressed is SuppressReason.OVERFLOW


def test_cad_workday_saturday_call_waits_for_the_make_up_sunday() -> None:
    """CAD-WORKDAY: a follow-up call due Saturday 01-25 is made on make-up Sunday 01-26."""
    task = ServiceTask("case-1", customer_id="c1", due=d("2025-01-25"))
    plan = make_plan(
        ["c1"], start="2025-01-20", end="2025-01-31", staff=[staff()], service_tasks=[task]
    )
    call = plan["c1/CMP-STEPS/case-1/2025-01-25"]
    assert call.status is Status.DEFERRED
    assert call.date == d("2025-01-26")
    assert call.channel is Channel.PHONE
    assert rule_ids(call) == ["CMP-STEPS", "CAD-WORKDAY"]


def test_cad_workday_spring_festival_call_waits_inside_its_window() -> None:
    """CAD-WORKDAY: a call due 01-29 with 8 days is made 02-05; with 7 days it becomes a message."""
    long_task = ServiceTask("long", customer_id="c1", due=d("2025-01-29"), window_days=8)
    short_task = ServiceTask("short", customer_id="c2", due=d("2025-01-29"), window_days=7)
    plan = make_plan(
        ["c1", "c2"],
        start="2025-01-27",
        end="2025-02-15",
        staff=[staff()],
        service_tasks=[long_task, short_task],
    )
    call = plan["c1/CMP-STEPS/long/2025-01-29"]
    assert call.status is Status.DEFERRED
    assert call.date == d("2025-02-05")
    assert call.channel is Channel.PHONE
    message = plan["c2/CMP-STEPS/short/2025-01-29"]
    assert message.status is Status.PLANNED
    assert message.date == d("2025-01-29")
    assert message.channel is Channel.MESSAGE


def test_cad_workday_staff_load_lists_working_days_only() -> None:
    """CAD-WORKDAY: around the Spring Festival the staff days are 01-26, 01-27, 02-05..02-08."""
    plan = make_plan(["c1"], start="2025-01-25", end="2025-02-09", staff=[staff(capacity=3)])
    assert [x.date for x in plan.staff_load] == [
        d("2025-01-26"),
        d("2025-01-27"),
        d("2025-02-05"),
        d("2025-02-06"),
        d("2025-02-07"),
        d("2025-02-08"),
    ]
    assert all((x.tasks, x.capacity, x.free) == (0, 3, 3) for x in plan.staff_load)


# --- the plan --------------------------------------------------------------------------------


def mixed_plan() -> ContactPlan:
    """A returning customer ``a`` with staff, a new customer ``b`` and an event."""
    return make_plan(
        ["a", "b"],
        [*returning("a"), buy("b", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        staff=[staff()],
        events=[event("ev1", "2025-03-14")],
    )


def test_plan_explain_names_the_decision_and_its_rules() -> None:
    """CAD-GREET: explain() gives the decision on one line, then one line per reason."""
    plan = mixed_plan()
    lines = plan.explain("b/CAD-GREET/2025-03-03").splitlines()
    assert lines[0] == "b/CAD-GREET/2025-03-03: planned on 2025-03-04 by message"
    assert lines[1].startswith("  CAD-GREET: ")
    assert len(lines) == 2
    door = plan.explain("a/CAD-DOOR/2025-03-03").splitlines()[0]
    assert door == "a/CAD-DOOR/2025-03-03: planned on 2025-03-03 by in_person (s1)"


def test_plan_explain_merged_and_suppressed() -> None:
    """CAD-KEEP: explain() says what a merged contact went into and why one was suppressed."""
    plan = make_plan(["c1"], [buy("c1", "2025-09-07")], start="2025-09-20", end="2025-10-20")
    assert plan.explain("c1/CAD-KEEP/2025-09-07").splitlines()[0] == (
        "c1/CAD-KEEP/2025-09-07: merged into c1/CAD-KEEP/holiday/2025-10-06"
    )
    expired = make_plan(["c1"], [buy("c1", "2025-03-03")], start="2025-03-06", end="2025-03-16")
    assert expired.explain("c1/CAD-GREET/2025-03-03").splitlines()[0] == (
        "c1/CAD-GREET/2025-03-03: suppressed (window_expired)"
    )


def test_plan_for_customer_is_the_timeline_in_day_order() -> None:
    """CAD-SURVEY: a customer's timeline: the greeting, then the survey, then the invitation."""
    plan = mixed_plan()
    timeline = plan.for_customer("b")
    assert [x.contact_id for x in timeline] == [
        "b/CAD-GREET/2025-03-03",
        "b/CAD-SURVEY/2025-03-03",
        "b/CAD-INVITE/ev1",
    ]
    assert [x.day for x in timeline] == [d("2025-03-04"), d("2025-03-09"), d("2025-03-11")]


def test_plan_for_customer_without_decisions_is_empty() -> None:
    """CAD-GREET: for_customer on a customer without decisions gives an empty timeline."""
    plan = mixed_plan()
    assert plan.for_customer("zz") == ()


def test_plan_lookup_by_contact_id() -> None:
    """CAD-DOOR: the plan is indexed by contact ID; an unknown ID is a KeyError."""
    plan = mixed_plan()
    assert "a/CAD-DOOR/2025-03-03" in plan
    assert "b/CAD-DOOR/2025-03-03" not in plan
    with pytest.raises(KeyError, match="contact_id"):
        plan["b/CAD-DOOR/2025-03-03"]
    assert len(plan) == len(plan.decisions)


def test_plan_on_a_day_lists_the_planned_contacts() -> None:
    """CAD-GREET: plan.on(03-04) holds both customers' greetings and nothing else."""
    plan = mixed_plan()
    assert [x.contact_id for x in plan.on(d("2025-03-04"))] == [
        "a/CAD-GREET/2025-03-03",
        "b/CAD-GREET/2025-03-03",
    ]
    assert plan.on(d("2025-03-05")) == ()


def rebuilt(plan: ContactPlan, decisions: Iterable[ContactDecision]) -> ContactPlan:
    """A plan with ``plan``'s range, policy and staff load, and ``decisions``."""
    return ContactPlan(
        start=plan.start,
        end=plan.end,
        policy=plan.policy,
        decisions=decisions,
        staff_load=plan.staff_load,
        stages=plan.stages.values(),
    )


def test_plan_built_from_its_decisions_equals_the_plan() -> None:
    """CAD-GREET: a plan built from another's decisions is equal, hashes alike and pickles."""
    plan = mixed_plan()
    again = rebuilt(plan, plan.decisions)
    assert again == plan
    assert hash(again) == hash(plan)
    assert pickle.loads(pickle.dumps(plan)) == plan  # noqa: S301 - our own bytes
    assert again.planned == plan.planned


def test_decision_table_of_decisions_keeps_those_objects() -> None:
    """A table built from decision objects hands back those objects, not rebuilt copies."""
    given = tuple(mixed_plan().decisions)
    table = DecisionTable.of(list(given))
    assert table[0] is given[0]
    assert all(mine is theirs for mine, theirs in zip(table, given, strict=True))


def test_plan_with_other_reasons_is_not_equal() -> None:
    """CAD-GREET: changing one decision's reasons, or dropping one, makes a different plan."""
    plan = mixed_plan()
    first, *rest = plan.decisions
    other = attrs.evolve(first, reasons=(Reason(first.rule_id, detail="another reason"),))
    assert rebuilt(plan, [other, *rest]) != plan
    assert rebuilt(plan, rest) != plan
    assert plan != "a plan"


def test_decision_tables_equal_however_reasons_are_numbered() -> None:
    """CAD-GREET: two tables of the same decisions are equal whatever numbers their reasons."""
    plan = mixed_plan()
    table = DecisionTable.of(plan.decisions)
    backwards = tuple(reversed(table.reasons))
    renumbered = DecisionTable(
        tuple((*row[:-1], len(backwards) - 1 - row[-1]) for row in table.rows), backwards
    )
    assert len(table.reasons) > 1
    assert renumbered == table
    assert hash(renumbered) == hash(table)
    assert renumbered[0] == plan.decisions[0]
    assert renumbered[1:3] == plan.decisions[1:3]
    assert list(renumbered) == list(plan.decisions)
    assert hash(renumbered) == hash(renumbered)  # kept, not worked out again
    assert table != plan.decisions  # a table is not a tuple of decisions
    assert repr(table) == f"<{len(plan)} decisions>"


def test_plan_views_need_not_build_every_decision() -> None:
    """CAD-DOOR: lookups, timelines and counts answer from the rows, equal to the decisions."""
    plan = mixed_plan()
    door = plan["a/CAD-DOOR/2025-03-03"]
    timeline = plan.for_customer("a")
    counts = plan.counts_by_day()
    assert door in timeline
    assert timeline == tuple(x for x in plan.decisions if x.customer_id == "a")
    assert plan["a/CAD-DOOR/2025-03-03"] is plan.decisions[plan.decisions.index(door)]
    assert counts == mixed_plan().counts_by_day()


def test_plan_repr_counts_rather_than_lists() -> None:
    """CAD-GREET: a plan's repr names its range and counts its decisions and staff days."""
    plan = mixed_plan()
    text = repr(plan)
    assert text.startswith("ContactPlan(start=datetime.date(2025, 3, 3), end=")
    assert f"decisions=<{len(plan)} decisions>" in text
    assert f"staff_load=<{len(plan.staff_load)} staff days>" in text


def test_plan_refuses_two_decisions_about_one_contact() -> None:
    """CAD-GREET: one decision per candidate contact, so a repeated contact ID is refused."""
    plan = mixed_plan()
    with pytest.raises(DuplicateError, match=r"decisions: expected one decision per contact"):
        rebuilt(plan, [plan.decisions[0], plan.decisions[0]])


@pytest.mark.parametrize(
    ("fields", "error", "message"),
    [
        ({"decisions": ["not a decision"]}, InvalidTypeError, "decisions: expected Contact"),
        ({"decisions": 3}, InvalidTypeError, "decisions"),
        ({"policy": "default"}, InvalidTypeError, "policy: expected a CadencePolicy"),
        (
            {"start": dt.datetime(2025, 3, 3, tzinfo=dt.UTC)},
            InvalidTypeError,
            "start: expected a datetime",
        ),
        ({"end": d("2025-03-02")}, InvalidInputError, r"end: expected a date on or after"),
        ({"staff_load": ["S01"]}, InvalidTypeError, "staff_load: expected StaffDay objects"),
    ],
)
def test_plan_checks_what_it_is_built_from(
    fields: dict[str, Any], error: type[Exception], message: str
) -> None:
    """CAD-CAPACITY: a plan built by hand checks each field and names the one that is wrong."""
    plan = mixed_plan()
    given: dict[str, Any] = {
        "start": plan.start,
        "end": plan.end,
        "policy": plan.policy,
        "decisions": plan.decisions,
        "staff_load": plan.staff_load,
        **fields,
    }
    with pytest.raises(error, match=message):
        ContactPlan(**given)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"tasks": -1}, "tasks: expected an int >= 0"),
        ({"capacity": 1.5}, "capacity: expected an int >= 0"),
        ({"date": "2025-03-03"}, "date: expected a datetime.date"),
        ({"staff_id": ""}, "staff_id"),
    ],
)
def test_staff_day_checks_its_fields(fields: dict[str, Any], message: str) -> None:
    """CAD-CAPACITY: a staff day needs a staff ID, a date and counts of at least 0."""
    given: dict[str, Any] = {"staff_id": "s1", "date": d("2025-03-03"), "tasks": 0, "capacity": 1}
    given.update(fields)
    staff_id = given.pop("staff_id")
    with pytest.raises((InvalidTypeError, InvalidInputError), match=message):
        StaffDay(staff_id, **given)


def test_plan_with_status_needs_a_status() -> None:
    """CAD-GREET: with_status takes a Status; anything else is an error, not an empty answer."""
    plan = mixed_plan()
    assert plan.with_status(Status.PLANNED) == tuple(
        x for x in plan.decisions if x.status is Status.PLANNED
    )
    with pytest.raises(InvalidTypeError, match="status: expected a Status, got 'planned'"):
        plan.with_status("planned")  # type: ignore[arg-type]


def test_plan_counts_by_day_per_channel() -> None:
    """CAD-DOOR: counts_by_day has one walk-out on 03-03 and two messages on 03-04."""
    counts = mixed_plan().counts_by_day()
    assert dict(counts[d("2025-03-03")]) == {"in_person": 1, "message": 0, "phone": 0}
    assert dict(counts[d("2025-03-04")]) == {"in_person": 0, "message": 2, "phone": 0}
    assert d("2025-03-05") not in counts


def test_plan_views_split_the_decisions() -> None:
    """CAD-GREET: planned, not_planned and with_status partition the decisions."""
    plan = make_plan(["c1"], [buy("c1", "2025-03-03")], start="2025-03-06", end="2025-03-16")
    assert [x.contact_id for x in plan.planned] == ["c1/CAD-SURVEY/2025-03-03"]
    assert [x.contact_id for x in plan.not_planned] == ["c1/CAD-GREET/2025-03-03"]
    assert plan.with_status(Status.SUPPRESSED) == plan.not_planned
    assert plan.with_status(Status.MERGED) == ()


def test_plan_reasons_carry_the_rule_of_each_purpose() -> None:
    """CAD-INVITE: every decision's first reason names the rule of its purpose."""
    plan = mixed_plan()
    expected = {
        Purpose.DOOR: "CAD-DOOR",
        Purpose.GREET: "CAD-GREET",
        Purpose.SURVEY: "CAD-SURVEY",
        Purpose.INVITE: "CAD-INVITE",
    }
    assert {x.purpose for x in plan.decisions} == set(expected)
    for decision in plan.decisions:
        assert decision.reasons[0].rule_id == expected[decision.purpose]
        assert decision.rule_id == expected[decision.purpose]


def test_plan_does_not_depend_on_input_order() -> None:
    """CAD-CAPACITY: the same inputs in reverse order give an equal plan."""
    profiles = [CustomerProfile(c) for c in ("a", "b", "c")]
    purchases = returning("a", "b", "c")
    options: dict[str, Any] = {
        "start": d("2025-03-03"),
        "end": d("2025-03-16"),
        "calendar": CN,
        "events": [event("ev1", "2025-03-14"), event("ev2", "2025-03-10")],
    }
    forward = plan_contacts(
        profiles, purchases=purchases, staff=[staff("s1", 1), staff("s2", 1)], **options
    )
    backward = plan_contacts(
        profiles[::-1],
        purchases=purchases[::-1],
        staff=[staff("s2", 1), staff("s1", 1)],
        **options,
    )
    assert forward == backward


def test_plan_replanned_with_its_own_contacts_marks_them_done() -> None:
    """CAD-DOOR: re-planning with the planned walk-out, messages and call in history: all DONE."""
    first = mixed_plan()
    history = [
        ContactRecord(
            x.customer_id,
            date=x.day,
            channel=x.channel,
            purpose=x.purpose,
            contact_id=x.contact_id,
            assignee=x.assignee,
        )
        for x in first.planned
    ]
    again = make_plan(
        ["a", "b"],
        [*returning("a"), buy("b", "2025-03-03")],
        start="2025-03-03",
        end="2025-03-16",
        staff=[staff()],
        events=[event("ev1", "2025-03-14")],
        history=history,
    )
    assert first.planned
    for x in first.planned:
        assert again[x.contact_id].status is Status.DONE
        assert again[x.contact_id].date == x.date
    assert again.planned == ()


def test_cmp_steps_recorded_call_no_candidate_asks_for_is_done_with_its_assignee() -> None:
    """CMP-STEPS: a recorded follow-up call in the range, not asked for again, is DONE by s1."""
    call = record(
        "c1",
        "2025-03-05",
        purpose="service",
        channel="phone",
        contact_id="c1/CMP-STEPS/case-9/2025-03-05",
        assignee="s1",
    )
    plan = make_plan(["c1"], start="2025-03-03", end="2025-03-16", staff=[staff()], history=[call])
    done = plan["c1/CMP-STEPS/case-9/2025-03-05"]
    assert done.status is Status.DONE
    assert done.date == d("2025-03-05")
    assert done.channel is Channel.PHONE
    assert done.assignee == "s1"
    assert done.reasons[0].detail == "made on 2025-03-05 (contact history)"


def test_cmp_steps_service_task_due_after_the_end_is_left_for_later() -> None:
    """CMP-STEPS: a follow-up due after the plan's end does not break the plan."""
    task = ServiceTask("case-1", customer_id="c1", due=d("2025-03-20"))
    plan = make_plan(["c1"], start="2025-03-03", end="2025-03-10", service_tasks=[task])
    assert "c1/CMP-STEPS/case-1/2025-03-20" not in plan


def test_cmp_steps_service_task_expired_before_the_start() -> None:
    """CMP-STEPS: a follow-up whose window closed before the plan is WINDOW_EXPIRED."""
    task = ServiceTask("case-1", customer_id="c1", due=d("2025-03-01"), window_days=2)
    plan = make_plan(["c1"], start="2025-03-03", end="2025-03-10", service_tasks=[task])
    assert plan["c1/CMP-STEPS/case-1/2025-03-01"].suppressed is SuppressReason.WINDOW_EXPIRED


def test_cmp_steps_service_reason_names_step_five_and_the_cap_exemption() -> None:
    """CMP-STEPS: a follow-up's reason names the case, step 5 and that it is exempt from caps."""
    task = ServiceTask("case-1", customer_id="c1", due=d("2025-03-04"), channel="message")
    plan = make_plan(["c1"], start="2025-03-03", end="2025-03-10", service_tasks=[task])
    assert plan["c1/CMP-STEPS/case-1/2025-03-04"].reasons[0].detail == (
        "follow up case case-1 (step 5: contact again, apologise again); exempt from the caps"
    )


# --- profiles from segmentation ---------------------------------------------------------------


def test_seg_abc_build_profiles_from_classify_abc() -> None:
    """SEG-ABC: build_profiles turns an ABC result, owners and club members into profiles."""
    abc = classify_abc({"a": 100, "b": 5})
    profiles = build_profiles(abc, club_members=["b"], owners={"a": "s1"})
    assert [(p.customer_id, p.abc, p.club_member, p.staff_id) for p in profiles] == [
        ("a", AbcClass.A, False, "s1"),
        ("b", AbcClass.C, True, None),
    ]
    assert all(p.attitude is None and p.close is None for p in profiles)


def test_seg_attitude_built_profiles_phone_the_loyal_a_customer() -> None:
    """SEG-ATTITUDE: a declared-loyal A customer is phoned about an event (CAD-INVITE)."""
    purchases = [buy("a", "2025-02-10"), buy("b", "2025-02-10")]
    attitudes = classify_attitudes(build_histories(purchases), declared={"a": "loyal"})
    profiles = build_profiles(classify_abc({"a": 100, "b": 5}), attitudes=attitudes)
    assert profiles[0].attitude is Attitude.LOYAL
    plan = plan_contacts(
        profiles,
        purchases=purchases,
        start=d("2025-03-03"),
        end=d("2025-03-16"),
        calendar=CN,
        staff=[staff()],
        events=[event("ev1", "2025-03-14")],
    )
    assert plan["a/CAD-INVITE/ev1"].channel is Channel.PHONE
    assert plan["b/CAD-INVITE/ev1"].channel is Channel.MESSAGE


def test_seg_abc_build_profiles_refuses_unknown_customers() -> None:
    """SEG-ABC: a club member the ABC result does not have is an UnknownCustomerError."""
    with pytest.raises(UnknownCustomerError, match="club_members"):
        build_profiles(classify_abc({"a": 100}), club_members=["zz"])


# --- the ends of time and inputs that are not what they say (issue 17) ----------------------

#: Calendars of the first and the last two years a calendar can hold.
CN_FIRST_YEARS = StoreCalendar.build("CN", years=[2, 3])
CN_LAST_YEARS = StoreCalendar.build("CN", years=[9997, 9998])


def test_cad_club_look_back_before_0001_counts_from_the_first_day() -> None:
    """CAD-CLUB: a plan in year 2 looking back 3,660 days counts purchases from 0001-01-01."""
    policy = CadencePolicy(frequent_lookback_days=3660, frequent_purchases=2)
    plan = make_plan(
        ["c1"],
        [buy("c1", "0001-01-01"), buy("c1", "0001-06-01")],
        start="0002-01-01",
        end="0002-03-31",
        calendar=CN_FIRST_YEARS,
        policy=policy,
    )
    (club, *_) = [d for d in plan.for_customer("c1") if d.purpose is Purpose.CLUB]
    assert "frequent customer (2 purchases in 3660 days)" in club.reasons[0].detail


def test_cad_invite_an_event_on_0001_01_01_invites_nobody() -> None:
    """CAD-INVITE: an event on the first day a date holds, before the plan, is no invitation."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "0001-01-01")],
        start="0002-01-01",
        end="0002-01-31",
        calendar=CN_FIRST_YEARS,
        events=[event("e1", "0001-01-01")],
    )
    assert ids_of(plan, Purpose.INVITE) == []


def test_cad_keep_and_club_a_first_purchase_on_9999_12_31_plans_nothing_in_9998() -> None:
    """CAD-KEEP, CAD-CLUB: a first purchase after the plan, on the last day, asks for nothing."""
    plan = make_plan(
        [CustomerProfile("c1", club_member=True)],
        [buy("c1", "9999-12-31")],
        start="9998-12-01",
        end="9998-12-31",
        calendar=CN_LAST_YEARS,
    )
    assert plan.for_customer("c1") == ()


def test_cad_keep_a_record_dated_9999_12_31_ends_the_rhythm() -> None:
    """CAD-KEEP: a keep-in-touch recorded as made on 9999-12-31 is done; none follows it."""
    plan = make_plan(
        ["c1"],
        [buy("c1", "9998-10-01")],
        start="9998-12-01",
        end="9998-12-31",
        calendar=CN_LAST_YEARS,
        history=[record("c1", "9999-12-31", contact_id="c1/CAD-KEEP/9998-10-01")],
    )
    keeps = [d for d in plan.for_customer("c1") if d.purpose is Purpose.KEEP]
    assert [(k.contact_id, k.status, k.date) for k in keeps] == [
        ("c1/CAD-KEEP/9998-10-01", Status.DONE, d("9999-12-31"))
    ]


@pytest.mark.parametrize(
    "build",
    [
        lambda days: ServiceTask("k1", customer_id="c1", due=d("2025-03-01"), window_days=days),
        lambda days: WinBack("c1", anchor=d("2025-03-01"), due=d("2025-03-02"), window_days=days),
    ],
    ids=["service", "winback"],
)
@pytest.mark.parametrize("days", [366, 10**30])
def test_a_task_window_is_at_most_a_year(build: Any, days: int) -> None:
    """CMP-STEPS, CHURN-WINBACK: a window of 366 days or 10**30 is refused, naming window_days."""
    with pytest.raises(InvalidInputError) as caught:
        build(days)
    assert str(caught.value) == f"window_days: expected an int from 1 to 365, got {days}"


@pytest.mark.parametrize(
    ("options", "error", "message"),
    [
        (
            {"attitudes": ["c1"]},
            InvalidTypeError,
            "attitudes: expected a mapping of customer ID to AttitudeResult, got ['c1'] (list)",
        ),
        (
            {"attitudes": {"c1": "loyal"}},
            InvalidTypeError,
            "attitudes['c1']: expected an AttitudeResult, got 'loyal' (str)",
        ),
        (
            {"owners": iter([])},
            InvalidTypeError,
            "owners: expected a mapping of customer ID to staff ID, got <list_iterator",
        ),
        (
            {"opt_outs": {"c1": 5}},
            InvalidTypeError,
            "opt_outs['c1']: expected an iterable of OptOut objects, got 5 (int)",
        ),
        (
            {"owners": {None: "s1"}},
            InvalidTypeError,
            "owners key: expected a non-empty string ID, got None (NoneType)",
        ),
        (
            {"club_members": 5},
            InvalidTypeError,
            "club_members: expected an iterable of customer IDs, got 5 (int)",
        ),
        (
            {"opt_outs": ["c1"]},
            InvalidTypeError,
            "opt_outs: expected a mapping of customer ID to OptOut objects, got ['c1'] (list)",
        ),
    ],
)
def test_build_profiles_checks_its_mappings(
    options: dict[str, object], error: type[Exception], message: str
) -> None:
    """build_profiles names a mapping that is not one, or a key or value of the wrong type."""
    with pytest.raises(error) as caught:
        build_profiles(classify_abc({"c1": 100, "c2": 5}), **options)  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


def test_build_profiles_refuses_an_abc_mapping_with_a_key_that_is_not_an_id() -> None:
    """build_profiles({"c1": A, 1: B}) names the key (not a TypeError from sorting)."""
    with pytest.raises(InvalidTypeError) as caught:
        build_profiles({"c1": AbcClass.A, 1: AbcClass.B})  # type: ignore[dict-item]
    assert str(caught.value) == "abc key: expected a non-empty string ID, got 1 (int)"


def test_opted_out_checks_the_channel_and_the_day() -> None:
    """CAD-CAP: opted_out("phone", day) reads the value; a list for a day names ``day``."""
    profile = CustomerProfile("c1", opt_outs=[OptOut("phone", since=d("2025-01-01"))])
    assert profile.opted_out("phone", d("2025-02-01")) == profile.opt_outs[0]  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError) as caught:
        profile.opted_out(Channel.PHONE, [d("2025-02-01")])  # type: ignore[arg-type]
    assert str(caught.value) == (
        "day: expected a datetime.date (not a datetime), got [datetime.date(2025, 2, 1)] (list)"
    )
