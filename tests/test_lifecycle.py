"""Lifecycle stages, the win-back sequence, the store's daily limits and re-plans (issue 16).

Rules: CHURN-NOSURPRISE, CHURN-WINBACK, CAD-KEEP, CAD-CAP, CAD-CAPACITY, SEG-FOCUS.

Every expected date is worked out by hand from the rules and the official 2025 Chinese
holiday schedule, never by running the planner:

* June 8 .. September 23, 2025 is more than seven days from any Chinese occasion (Dragon
  Boat 05-31, National Day 10-01), so a keep-in-touch due then is never a holiday wish;
  its weekends are days off and its weekdays working days. 2025-07-07 is a Monday.
* Defaults: keep in touch 30 days after the last touch, a window of 7 more days; lapsed
  after more than 180 days without a purchase (the lapse day is the purchase + 181);
  new for 30 days after the first purchase; win-back steps 14 days apart, each with the
  churn policy's 7-day window; A customers get the call of step 2.
* A customer whose last purchase was P and who has no other contact lapses on P + 181,
  so the rhythm's first turn on or after it is P + 210 (seven intervals): the win-back
  sequence runs P + 210, P + 224, P + 238 and ends on P + 244 (the last window's end).
  For P = 2025-01-06: lapsed from 2025-07-06, steps 08-04, 08-18, 09-01, ends 09-07.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

import pytest

from retention import InvalidInputError, InvalidTypeError, StoreCalendar, classify_abc
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
    StaffMember,
    Stage,
    Status,
    StoreEvent,
    SuppressReason,
    WinBack,
    build_profiles,
    plan_contacts,
)
from retention.churn import BgNbdParams, ChurnPolicy
from retention.customers import Purchase
from retention.exceptions import InvalidPolicyError, UnknownCustomerError
from retention.rules import Reason
from retention.segmentation import AbcClass

CN = StoreCalendar.build("CN", years=[2025, 2026])


def d(text: str) -> dt.date:
    """The date written as ``YYYY-MM-DD``."""
    return dt.date.fromisoformat(text)


def buy(customer_id: str, day: str) -> Purchase:
    """A purchase by ``customer_id`` on ``day``."""
    return Purchase(customer_id, date=d(day), amount="10")


def staff(staff_id: str = "s1", capacity: int = 5) -> StaffMember:
    """A staff member with ``capacity`` tasks a day."""
    return StaffMember(staff_id, daily_capacity=capacity)


def make_plan(
    customers: Iterable[CustomerProfile | str],
    purchases: Iterable[Purchase] = (),
    *,
    start: str,
    end: str,
    **options: Any,
) -> ContactPlan:
    """Plan from ``start`` to ``end`` on the CN calendar; a bare string is a plain profile."""
    profiles = [CustomerProfile(c) if isinstance(c, str) else c for c in customers]
    return plan_contacts(
        profiles, purchases=purchases, start=d(start), end=d(end), calendar=CN, **options
    )


def made(plan: ContactPlan, before: str) -> list[ContactRecord]:
    """The plan's contacts before ``before``, as the host records them once made."""
    return [
        ContactRecord(
            x.customer_id,
            date=x.date,
            channel=x.channel,
            purpose=x.purpose,
            contact_id=x.contact_id,
            assignee=x.assignee,
        )
        for x in plan.planned
        if x.date is not None and x.date < d(before)
    ]


def of(plan: ContactPlan, customer_id: str, *purposes: Purpose) -> list[ContactDecision]:
    """One customer's decisions with one of ``purposes``, in plan order."""
    return [x for x in plan.for_customer(customer_id) if x.purpose in purposes]


def lapse_reason(lapsed: str) -> Reason:
    """The CHURN-WINBACK reason a routine contact of a customer lapsed on ``lapsed`` gets."""
    return Reason(
        "CHURN-WINBACK",
        detail=f"lapsed on {lapsed}: no purchase for more than 180 days, so routine contacts "
        "stop and the win-back sequence takes over",
    )


def limit_reason(day: str, limit: int, what: str) -> Reason:
    """The CAD-CAPACITY reason of a day whose store-wide limit is full (``what`` agrees)."""
    return Reason(
        "CAD-CAPACITY",
        detail=f"{day} already has the store's {limit} {what} a day (the policy's limit); "
        "a wave spreads over its window by class and value",
    )


# -- lifecycle stages ------------------------------------------------------------------

STAGE_PURCHASES = [
    buy("new", "2025-06-20"),
    *(buy("active", day) for day in ("2025-03-07", "2025-04-07", "2025-05-07", "2025-06-07")),
    *(buy("risk", day) for day in ("2025-02-03", "2025-02-10", "2025-02-17")),
    buy("lapsed", "2025-01-06"),
    buy("sunset", "2024-10-07"),
]
STAGE_CUSTOMERS = ["nobody", "new", "active", "risk", "lapsed", "sunset"]


def stages_plan() -> ContactPlan:
    """Six customers, one per stage (and one without a purchase), on Monday 2025-07-07."""
    return make_plan(STAGE_CUSTOMERS, STAGE_PURCHASES, start="2025-07-07", end="2025-08-31")


def test_customer_without_purchase_is_new() -> None:
    """A customer with no purchase yet is new, with no lapse day (CAD-KEEP)."""
    stage = stages_plan().stages["nobody"]
    assert (stage.stage, stage.as_of, stage.last_purchase, stage.lapse_day) == (
        Stage.NEW,
        d("2025-07-07"),
        None,
        None,
    )
    assert stage.reasons == (
        Reason("CAD-KEEP", detail="no purchase on record yet: a new customer"),
    )


def test_first_purchase_within_new_days_is_new() -> None:
    """A first purchase 17 days before the plan is within new_days 30: new (CAD-KEEP)."""
    stage = stages_plan().stages["new"]
    assert stage.stage is Stage.NEW
    assert (stage.last_purchase, stage.lapse_day) == (d("2025-06-20"), d("2025-12-18"))
    assert stage.reasons[-1] == Reason(
        "CAD-KEEP", detail="new: first purchase on 2025-06-20, at most 30 days ago"
    )


def test_buying_within_own_rhythm_is_active() -> None:
    """30 days since the last purchase, within 2 x the median gap of 31: active (CAD-KEEP)."""
    stage = stages_plan().stages["active"]
    assert stage.stage is Stage.ACTIVE
    # 2025-06-07 is day 158 of the year; + 181 is day 339, 5 December
    assert (stage.last_purchase, stage.lapse_day) == (d("2025-06-07"), d("2025-12-05"))
    # gaps 31, 30, 31 days: 30 days since is within 2 x 31
    assert stage.reasons[-1] == Reason(
        "CAD-KEEP",
        detail="active: 30 days since the last purchase, within the rhythm and the 180-day lapse",
    )


def test_overdue_against_own_rhythm_is_at_risk() -> None:
    """140 days since the last purchase, over 2 x a median gap of 7: at risk (CHURN-NOSURPRISE)."""
    stage = stages_plan().stages["risk"]
    assert stage.stage is Stage.AT_RISK
    # 2025-02-17 is day 48; + 181 is day 229, 17 August; 07-07 is day 188: 140 days since
    assert (stage.last_purchase, stage.lapse_day) == (d("2025-02-17"), d("2025-08-17"))
    assert stage.reasons == (
        Reason(
            "CHURN-NOSURPRISE",
            detail="140 days since the last purchase on 2025-02-17, over 2 x the median gap "
            "of 7 days between 3 purchase days (14 days)",
        ),
        Reason(
            "CHURN-NOSURPRISE",
            detail="at risk: routine contacts go on, to keep them in touch before they lapse "
            "on 2025-08-17",
        ),
    )


def test_at_risk_customer_still_gets_routine_contacts() -> None:
    """An at-risk customer's keep-in-touch goes on its grid day (CHURN-NOSURPRISE, CAD-KEEP)."""
    plan = stages_plan()
    # 02-17 + 4 x 30 = 06-17 is the last grid day whose window closed before the plan
    keeps = of(plan, "risk", Purpose.KEEP)
    assert [(x.contact_id, x.status, x.date) for x in keeps] == [
        ("risk/CAD-KEEP/2025-06-17", Status.PLANNED, d("2025-07-17")),
        # 08-16 is 180 days after 02-17: not lapsed yet
        ("risk/CAD-KEEP/2025-07-17", Status.PLANNED, d("2025-08-16")),
    ]


def test_no_purchase_over_lapse_days_is_lapsed() -> None:
    """182 days without a purchase, over lapse_days 180: lapsed (CHURN-WINBACK)."""
    stage = stages_plan().stages["lapsed"]
    assert stage.stage is Stage.LAPSED
    assert (stage.last_purchase, stage.lapse_day) == (d("2025-01-06"), d("2025-07-06"))
    assert stage.reasons == (
        Reason(
            "CHURN-WINBACK",
            detail="lapsed: 182 days since the last purchase on 2025-01-06, over the 180-day "
            "lapse (lapsed from 2025-07-06); routine contacts stop, the win-back sequence "
            "runs (2025-08-04..2025-09-07)",
        ),
    )


def test_lapsed_customer_keep_in_touch_is_suppressed_lifecycle() -> None:
    """A keep-in-touch with no day before the lapse is suppressed LIFECYCLE (CHURN-WINBACK)."""
    plan = stages_plan()
    # 01-06 + 5 x 30 = 06-05: due 07-05, window 07-05..07-12, tried from the plan's 07-07
    keep = plan["lapsed/CAD-KEEP/2025-06-05"]
    assert (keep.status, keep.suppressed, keep.due) == (
        Status.SUPPRESSED,
        SuppressReason.LIFECYCLE,
        d("2025-07-05"),
    )
    assert keep.reasons[1:] == (lapse_reason("2025-07-06"),)


def test_win_back_sequence_ended_without_purchase_is_sunset() -> None:
    """The win-back sequence ended on 2025-06-08 without a purchase: sunset (CAD-CAP)."""
    stage = stages_plan().stages["sunset"]
    assert stage.stage is Stage.SUNSET
    # 2024-10-07 + 181 = 2025-04-06; + 210 = 2025-05-05, the first step; + 34 = 06-08
    assert (stage.last_purchase, stage.lapse_day) == (d("2024-10-07"), d("2025-04-06"))
    assert stage.reasons == (
        Reason(
            "CAD-CAP",
            detail="sunset: 273 days since the last purchase on 2024-10-07, over the 180-day "
            "lapse (lapsed from 2025-04-06); the win-back sequence ended on 2025-06-08 "
            "without a purchase, so no marketing until they buy again (service contacts "
            "still go)",
        ),
    )


def test_summary_counts_the_stages() -> None:
    """The plan's summary counts each stage's customers on the first day (CAD-CAPACITY)."""
    summary = stages_plan().summary()
    assert dict(summary.stages) == {
        "active": 1,
        "at_risk": 1,
        "lapsed": 1,
        "new": 2,
        "sunset": 1,
    }


def test_low_p_alive_makes_at_risk() -> None:
    """P(alive) 0.2 below the churn policy's 0.5 makes a new customer at risk (CHURN-NOSURPRISE)."""
    # x = 1 repeat, t_x = 1 week, T = 3 weeks; with r = alpha = a = b = 1 the odds of
    # having dropped out are a / (b + x - 1) * ((alpha + T) / (alpha + t_x)) ** (r + x)
    # = 1 * (4 / 2) ** 2 = 4, so P(alive) = 1 / (1 + 4) = 0.2
    purchases = [buy("c1", "2025-06-16"), buy("c1", "2025-06-23")]
    params = BgNbdParams(r=1, alpha=1, a=1, b=1)
    plain = make_plan(["c1"], purchases, start="2025-07-07", end="2025-07-31")
    assert plain.stages["c1"].stage is Stage.NEW  # first purchase 21 days ago
    plan = make_plan(
        ["c1"],
        purchases,
        start="2025-07-07",
        end="2025-07-31",
        params=params,
        unit_days=7,
        churn_policy=ChurnPolicy(p_alive_below=Decimal("0.5")),
    )
    stage = plan.stages["c1"]
    assert stage.stage is Stage.AT_RISK
    # 14 days since the last purchase: not overdue against the 180-day hiatus
    assert stage.reasons[-2:] == (
        Reason("CHURN-NOSURPRISE", detail="BG/NBD P(alive) 0.200 below 0.5"),
        Reason(
            "CHURN-NOSURPRISE",
            # 06-23 is day 174; + 181 is day 355, 21 December
            detail="at risk: routine contacts go on, to keep them in touch before they lapse "
            "on 2025-12-21",
        ),
    )


def test_p_alive_at_the_line_is_not_at_risk() -> None:
    """P(alive) at the churn policy's line does not make a customer at risk (CHURN-NOSURPRISE)."""
    purchases = [buy("c1", "2025-06-16"), buy("c1", "2025-06-23")]
    plan = make_plan(
        ["c1"],
        purchases,
        start="2025-07-07",
        end="2025-07-31",
        params=BgNbdParams(r=1, alpha=1, a=1, b=1),
        churn_policy=ChurnPolicy(p_alive_below=Decimal("0.2")),
    )
    stage = plan.stages["c1"]
    assert stage.stage is Stage.NEW
    assert Reason("CHURN-NOSURPRISE", detail="BG/NBD P(alive) 0.200 at or above 0.2") in (
        stage.reasons
    )


# -- the win-back sequence ---------------------------------------------------------------

SEQUENCE: dict[str, Any] = {"start": "2025-07-07", "end": "2025-09-30", "staff": [staff()]}


def test_a_customer_gets_three_win_back_steps() -> None:
    """A lapsed A customer: a message, a call, a last message, 14 days apart (CHURN-WINBACK)."""
    plan = make_plan([CustomerProfile("a", abc="A")], [buy("a", "2025-01-06")], **SEQUENCE)
    steps = of(plan, "a", Purpose.WINBACK)
    assert [(x.contact_id, x.due, x.date, x.channel, x.assignee) for x in steps] == [
        ("a/CHURN-WINBACK/2025-01-06/1", d("2025-08-04"), d("2025-08-04"), Channel.MESSAGE, None),
        ("a/CHURN-WINBACK/2025-01-06/2", d("2025-08-18"), d("2025-08-18"), Channel.PHONE, "s1"),
        ("a/CHURN-WINBACK/2025-01-06/3", d("2025-09-01"), d("2025-09-01"), Channel.MESSAGE, None),
    ]
    assert all(x.status is Status.PLANNED for x in steps)
    assert [x.reasons[0] for x in steps] == [
        Reason(
            "CHURN-WINBACK",
            detail=f"win-back step {n} of 3 ({what}): lapsed on 2025-07-06, no purchase "
            "since 2025-01-06",
        )
        for n, what in ((1, "a message"), (2, "a call"), (3, "a last message"))
    ]
    assert all(x.subject == "2025-01-06" for x in steps)
    # after the last window (09-07) nothing more: the customer is sunset
    assert [x.contact_id for x in plan.for_customer("a") if x.day > d("2025-09-07")] == []


def test_c_customer_gets_two_win_back_messages() -> None:
    """A C customer is not called back: steps 1 and 3 only, by message (CHURN-WINBACK)."""
    plan = make_plan([CustomerProfile("c", abc="C")], [buy("c", "2025-01-06")], **SEQUENCE)
    steps = of(plan, "c", Purpose.WINBACK)
    assert [(x.contact_id, x.date, x.channel) for x in steps] == [
        ("c/CHURN-WINBACK/2025-01-06/1", d("2025-08-04"), Channel.MESSAGE),
        ("c/CHURN-WINBACK/2025-01-06/3", d("2025-09-01"), Channel.MESSAGE),
    ]
    assert "c/CHURN-WINBACK/2025-01-06/2" not in plan


def test_win_back_spacing_and_window_follow_the_policies() -> None:
    """winback_spacing_days and the churn policy's call_classes shape the steps (CHURN-WINBACK)."""
    plan = make_plan(
        [CustomerProfile("c", abc="C")],
        [buy("c", "2025-01-06")],
        policy=CadencePolicy(winback_spacing_days=7),
        churn_policy=ChurnPolicy(call_classes=["C"]),
        **SEQUENCE,
    )
    steps = of(plan, "c", Purpose.WINBACK)
    # 08-04, 08-11 (Monday, a working day), 08-18
    assert [(x.contact_id, x.date, x.channel) for x in steps] == [
        ("c/CHURN-WINBACK/2025-01-06/1", d("2025-08-04"), Channel.MESSAGE),
        ("c/CHURN-WINBACK/2025-01-06/2", d("2025-08-11"), Channel.PHONE),
        ("c/CHURN-WINBACK/2025-01-06/3", d("2025-08-18"), Channel.MESSAGE),
    ]


def test_purchase_between_steps_supersedes_the_later_steps() -> None:
    """A purchase on 08-12 cancels steps 2 and 3; the rhythm restarts from it (CHURN-WINBACK)."""
    plan = make_plan(
        [CustomerProfile("a", abc="A")],
        [buy("a", "2025-01-06"), buy("a", "2025-08-12")],
        **SEQUENCE,
    )
    first = plan["a/CHURN-WINBACK/2025-01-06/1"]
    assert (first.status, first.date) == (Status.PLANNED, d("2025-08-04"))
    for number, due in ((2, "2025-08-18"), (3, "2025-09-01")):
        step = plan[f"a/CHURN-WINBACK/2025-01-06/{number}"]
        assert (step.status, step.suppressed, step.due) == (
            Status.SUPPRESSED,
            SuppressReason.SUPERSEDED,
            d(due),
        )
        assert step.reasons[-1] == Reason(
            "CHURN-WINBACK", detail="cancelled: the customer bought again on 2025-08-12"
        )
    # the purchase brings back the post-purchase contacts and the rhythm:
    # greeting 08-13, survey 08-18, keep-in-touch 30 days after the survey
    assert plan["a/CAD-GREET/2025-08-12"].date == d("2025-08-13")
    assert plan["a/CAD-SURVEY/2025-08-12"].date == d("2025-08-18")
    keep = plan["a/CAD-KEEP/2025-08-18"]
    assert (keep.status, keep.date) == (Status.PLANNED, d("2025-09-17"))


def test_sunset_customer_gets_no_marketing_but_service_goes() -> None:
    """Sunset: no routine contact and no win-back, but a service call goes (CAD-CAP)."""
    launch = StoreEvent("ev", date=d("2025-10-20"), kind="new_product", name="Serum")
    task = ServiceTask("K-1", customer_id="s", due=d("2025-09-16"))
    plan = make_plan(
        [CustomerProfile("s", abc="A", close=True)],
        [buy("s", "2025-01-06")],
        start="2025-09-15",
        end="2025-10-31",
        staff=[staff()],
        events=[launch],
        service_tasks=[task],
    )
    assert plan.stages["s"].stage is Stage.SUNSET  # the sequence ended on 09-07
    service = plan["s/CMP-STEPS/K-1/2025-09-16"]
    assert (service.status, service.date, service.channel, service.assignee) == (
        Status.PLANNED,
        d("2025-09-16"),
        Channel.PHONE,
        "s1",
    )
    invite = plan["s/CAD-INVITE/ev"]
    assert (invite.status, invite.suppressed) == (Status.SUPPRESSED, SuppressReason.LIFECYCLE)
    assert invite.reasons[1] == lapse_reason("2025-07-06")
    assert of(plan, "s", Purpose.KEEP, Purpose.HOLIDAY, Purpose.WINBACK) == []
    assert [x.contact_id for x in plan.planned] == ["s/CMP-STEPS/K-1/2025-09-16"]


def test_host_win_back_whose_window_closed_is_window_expired() -> None:
    """A host WinBack whose window closed before the plan is WINDOW_EXPIRED (CHURN-WINBACK)."""
    asked = WinBack("w", anchor=d("2025-01-06"), due=d("2025-06-20"), window_days=7)
    plan = make_plan(
        ["w"], [buy("w", "2025-01-06")], start="2025-07-07", end="2025-09-30", winbacks=[asked]
    )
    expired = plan["w/CHURN-WINBACK/2025-01-06"]
    assert (expired.status, expired.suppressed, expired.due) == (
        Status.SUPPRESSED,
        SuppressReason.WINDOW_EXPIRED,
        d("2025-06-20"),
    )
    assert expired.reasons[1] == Reason(
        "CHURN-WINBACK",
        detail="its window 2025-06-20..2025-06-26 closed before the plan starts (2025-07-07) "
        "and the contact history has no record of it",
    )
    # the host's win-back takes the place of the planner's own sequence for that lapse
    assert [x.contact_id for x in of(plan, "w", Purpose.WINBACK)] == ["w/CHURN-WINBACK/2025-01-06"]


def test_host_win_back_replaces_the_sequence_even_when_the_customer_comes_back() -> None:
    """A host WinBack for the lapse, then a purchase: no step of the sequence is reported."""
    asked = WinBack("w", anchor=d("2025-01-06"), due=d("2025-08-04"), window_days=7)
    plan = make_plan(
        ["w"],
        [buy("w", "2025-01-06"), buy("w", "2025-08-12")],
        start="2025-07-07",
        end="2025-09-30",
        winbacks=[asked],
    )
    # the sequence (due 08-04, 08-18, 09-01) is the host's to make: its steps after the
    # purchase on 08-12 are not the planner's to cancel
    assert [x.contact_id for x in of(plan, "w", Purpose.WINBACK)] == ["w/CHURN-WINBACK/2025-01-06"]


# -- the keep-in-touch grid ---------------------------------------------------------------


def test_closed_keep_in_touch_window_steps_on_the_grid() -> None:
    """A keep-in-touch whose window closed before the plan steps on its grid (CAD-KEEP)."""
    # g: 03-03 + 30 = 04-02, 05-02, 06-01 (window to 06-08) all closed before 06-16;
    # the next grid day is 07-01, then 07-31.
    # h: 04-10 + 30 = 05-10 closed; 06-09 has its window to 06-16, the plan's first day.
    plan = make_plan(
        ["g", "h"],
        [buy("g", "2025-03-03"), buy("h", "2025-04-10")],
        start="2025-06-16",
        end="2025-07-31",
    )
    keeps = of(plan, "g", Purpose.KEEP)
    assert [(x.contact_id, x.status, x.due, x.date) for x in keeps] == [
        ("g/CAD-KEEP/2025-06-01", Status.PLANNED, d("2025-07-01"), d("2025-07-01")),
        ("g/CAD-KEEP/2025-07-01", Status.PLANNED, d("2025-07-31"), d("2025-07-31")),
    ]
    first = of(plan, "h", Purpose.KEEP)[0]
    assert (first.contact_id, first.status, first.due, first.date) == (
        "h/CAD-KEEP/2025-05-10",
        Status.DEFERRED,
        d("2025-06-09"),
        d("2025-06-16"),
    )
    assert first.reasons[1] == Reason(
        "CAD-KEEP",
        detail="due 2025-06-09, before the plan starts; made on its first day 2025-06-16",
    )


# -- the store's daily limits -----------------------------------------------------------


def test_message_limit_spreads_greetings_by_class_then_value() -> None:
    """Two messages a day: greetings by class, then value; the rest THROUGHPUT (CAD-CAPACITY)."""
    customers = [
        CustomerProfile("a", abc="A", value=100),
        CustomerProfile("b", abc="B", value=5),
        CustomerProfile("c1", abc="C", value=10),
        CustomerProfile("c2", abc="C", value=50),
        CustomerProfile("x"),  # messaged on 07-09 already (the history)
    ]
    sent = ContactRecord("x", date=d("2025-07-09"), channel="message", purpose="keep")
    plan = make_plan(
        customers,
        [buy(cid, "2025-07-07") for cid in ("a", "b", "c1", "c2")],
        start="2025-07-07",
        end="2025-07-16",
        history=[sent],
        policy=CadencePolicy(messages_per_day=2),
    )
    greet = {cid: plan[f"{cid}/CAD-GREET/2025-07-07"] for cid in ("a", "b", "c1", "c2")}
    assert [(greet[c].status, greet[c].date) for c in ("a", "b", "c2")] == [
        (Status.PLANNED, d("2025-07-08")),
        (Status.PLANNED, d("2025-07-08")),
        (Status.DEFERRED, d("2025-07-09")),  # the one place the history left
    ]
    assert greet["c2"].reasons[1] == limit_reason("2025-07-08", 2, "messages")
    last = greet["c1"]
    assert (last.status, last.suppressed) == (Status.SUPPRESSED, SuppressReason.THROUGHPUT)
    assert last.reasons == (
        Reason("CAD-GREET", detail="greeting message day 1-2 after the purchase on 2025-07-07"),
        limit_reason("2025-07-08", 2, "messages"),
    )
    # the surveys (day 6-9): A and B on 07-13, the two C customers on 07-14, c2 first
    surveys = {cid: plan[f"{cid}/CAD-SURVEY/2025-07-07"].date for cid in ("a", "b", "c1", "c2")}
    assert surveys == {
        "a": d("2025-07-13"),
        "b": d("2025-07-13"),
        "c1": d("2025-07-14"),
        "c2": d("2025-07-14"),
    }
    assert all(count["message"] <= 2 for count in plan.counts_by_day().values())


def test_keep_in_touch_chains_are_placed_by_class_then_value() -> None:
    """One message a day: keep-in-touch chains by class, then value (SEG-FOCUS)."""
    customers = [
        CustomerProfile("x", abc="C", value=2),
        CustomerProfile("y", abc="C", value=9),
        CustomerProfile("z", abc="A", value=1),
    ]
    plan = make_plan(
        customers,
        [buy(cid, "2025-06-10") for cid in ("x", "y", "z")],
        start="2025-07-01",
        end="2025-07-31",
        policy=CadencePolicy(messages_per_day=1),
    )
    keeps = [plan[f"{cid}/CAD-KEEP/2025-06-10"] for cid in ("z", "y", "x")]
    assert [(x.status, x.due, x.date) for x in keeps] == [
        (Status.PLANNED, d("2025-07-10"), d("2025-07-10")),
        (Status.DEFERRED, d("2025-07-10"), d("2025-07-11")),
        (Status.DEFERRED, d("2025-07-10"), d("2025-07-12")),
    ]
    assert keeps[1].reasons[1] == limit_reason("2025-07-10", 1, "message")


def call_limit_plan(**policy: Any) -> ContactPlan:
    """Two close A customers (p2 worth more) invited by phone to 07-10, one call a day.

    ``invite_lead`` 1: the invitation is due 07-09 and its window is that day only.
    """
    customers = [
        CustomerProfile("p1", abc="A", close=True, value=10),
        CustomerProfile("p2", abc="A", close=True, value=20),
    ]
    launch = StoreEvent("ev", date=d("2025-07-10"), kind="promotion", name="Summer sale")
    return make_plan(
        customers,
        [buy(cid, "2025-06-20") for cid in ("p1", "p2")],
        start="2025-07-07",
        end="2025-07-20",
        staff=[staff()],
        events=[launch],
        policy=CadencePolicy(calls_per_day=1, invite_lead=1, **policy),
    )


def test_call_limit_turns_a_call_into_a_message() -> None:
    """One call a day: the invitation call worth less falls back to a message (CAD-CAPACITY)."""
    plan = call_limit_plan()
    call = plan["p2/CAD-INVITE/ev"]
    assert (call.status, call.date, call.channel, call.assignee) == (
        Status.PLANNED,
        d("2025-07-09"),
        Channel.PHONE,
        "s1",
    )
    message = plan["p1/CAD-INVITE/ev"]
    assert (message.status, message.date, message.channel, message.assignee) == (
        Status.PLANNED,
        d("2025-07-09"),
        Channel.MESSAGE,
        None,
    )
    assert message.reasons[1:] == (
        limit_reason("2025-07-09", 1, "call"),
        Reason(
            "CAD-CAPACITY",
            detail="no day of its window had room for a call (the store's calls for the "
            "day were full, or no staff member had room), so the call becomes a message",
        ),
    )


def test_call_limit_without_fallback_is_throughput() -> None:
    """Without the fallback, a call finding the calls full is THROUGHPUT (CAD-CAPACITY)."""
    plan = call_limit_plan(call_fallback_to_message=False)
    call = plan["p1/CAD-INVITE/ev"]
    assert (call.status, call.suppressed) == (Status.SUPPRESSED, SuppressReason.THROUGHPUT)
    assert call.reasons[1] == limit_reason("2025-07-09", 1, "call")


# -- re-plans ------------------------------------------------------------------------------------

LAUNCH = StoreEvent("ev", date=d("2025-08-08"), kind="new_product", name="Serum")
REPLAN_PURCHASES = [buy("k", "2025-06-10"), buy("m", "2025-06-12"), buy("p", "2025-06-15")]


def replan_profiles(*, opt_out: bool = False) -> list[CustomerProfile]:
    """Profiles k and p plain; m an A customer marked close, opted out of calls if asked."""
    outs = [OptOut("phone", since=d("2025-07-20"))] if opt_out else []
    return [
        CustomerProfile("k"),
        CustomerProfile("m", abc="A", close=True, opt_outs=outs),
        CustomerProfile("p"),
    ]


def first_plan() -> ContactPlan:
    """July and August, from Tuesday 2025-07-01."""
    return plan_contacts(
        replan_profiles(),
        purchases=REPLAN_PURCHASES,
        start=d("2025-07-01"),
        end=d("2025-08-31"),
        calendar=CN,
        staff=[staff()],
        events=[LAUNCH],
    )


def second_plan(first: ContactPlan) -> ContactPlan:
    """From 07-15: m opted out of calls on 07-20, p bought again on 07-14."""
    return plan_contacts(
        replan_profiles(opt_out=True),
        purchases=[*REPLAN_PURCHASES, buy("p", "2025-07-14")],
        start=d("2025-07-15"),
        end=d("2025-08-31"),
        calendar=CN,
        staff=[staff()],
        events=[LAUNCH],
        history=made(first, "2025-07-15"),
        previous=first,
    )


def test_first_plan_of_the_re_plan_cases() -> None:
    """The first plan: keep-in-touch 30 days on, the invitation call three days early (CAD-KEEP)."""
    first = first_plan()
    assert [(x.contact_id, x.date, x.channel) for x in first.planned] == [
        ("k/CAD-KEEP/2025-06-10", d("2025-07-10"), Channel.MESSAGE),
        ("m/CAD-KEEP/2025-06-12", d("2025-07-12"), Channel.MESSAGE),
        ("p/CAD-KEEP/2025-06-15", d("2025-07-15"), Channel.MESSAGE),
        ("k/CAD-INVITE/ev", d("2025-08-05"), Channel.MESSAGE),
        ("m/CAD-INVITE/ev", d("2025-08-05"), Channel.PHONE),
        ("p/CAD-INVITE/ev", d("2025-08-05"), Channel.MESSAGE),
    ]


def test_re_plan_keeps_a_still_allowed_contact() -> None:
    """A contact the previous plan had on 08-05 that still may go stays there (CAD-INVITE)."""
    second = second_plan(first_plan())
    kept = second["k/CAD-INVITE/ev"]
    assert (kept.status, kept.date, kept.channel) == (
        Status.PLANNED,
        d("2025-08-05"),
        Channel.MESSAGE,
    )
    assert kept.reasons[-1] == Reason(
        "CAD-INVITE",
        detail="kept on 2025-08-05 by message as in the previous plan",
    )
    # k's keep-in-touch made on 07-10 is not planned again; the invitation moves the rhythm
    assert "k/CAD-KEEP/2025-06-10" not in {x.contact_id for x in second.planned}


def test_re_plan_moves_a_call_after_a_new_opt_out() -> None:
    """A call the customer opted out of since is placed afresh as a message, with why (CAD-CAP)."""
    second = second_plan(first_plan())
    moved = second["m/CAD-INVITE/ev"]
    assert (moved.status, moved.date, moved.channel, moved.assignee) == (
        Status.PLANNED,
        d("2025-08-05"),
        Channel.MESSAGE,
        None,
    )
    assert moved.reasons[1:] == (
        Reason("CAD-CAP", detail="opted out of phone contacts since 2025-07-20"),
        Reason("CAD-CAP", detail="the customer opted out of calls, so the call becomes a message"),
        Reason(
            "CAD-CAP",
            detail="the previous plan had it on 2025-08-05 by phone; opted out of phone "
            "contacts since 2025-07-20",
        ),
    )


def test_re_plan_supersedes_contacts_a_purchase_replaced() -> None:
    """A purchase since the previous plan supersedes its keep-in-touch, with why (CAD-KEEP)."""
    second = second_plan(first_plan())
    gone = second["p/CAD-KEEP/2025-06-15"]
    assert (gone.status, gone.suppressed, gone.due) == (
        Status.SUPPRESSED,
        SuppressReason.SUPERSEDED,
        d("2025-07-15"),
    )
    assert gone.reasons == (
        Reason("CAD-KEEP", detail="in the previous plan on 2025-07-15"),
        Reason(
            "CAD-KEEP",
            detail="the previous plan had it on 2025-07-15 by message; the purchase on "
            "2025-07-14 since then plans their contacts afresh",
        ),
    )
    # planned afresh: greeting 07-15, survey 07-20, the invitation on its due day 08-05,
    # and the keep-in-touch 30 days after the invitation falls after the plan
    assert [(x.contact_id, x.date) for x in second.for_customer("p") if x.status.planned] == [
        ("p/CAD-GREET/2025-07-14", d("2025-07-15")),
        ("p/CAD-SURVEY/2025-07-14", d("2025-07-20")),
        ("p/CAD-INVITE/ev", d("2025-08-05")),
    ]


def test_re_plan_without_changes_keeps_the_schedule() -> None:
    """Planned again from 07-15 with nothing new, every contact stays as it was (CAD-KEEP)."""
    first = first_plan()
    again = plan_contacts(
        replan_profiles(),
        purchases=REPLAN_PURCHASES,
        start=d("2025-07-15"),
        end=d("2025-08-31"),
        calendar=CN,
        staff=[staff()],
        events=[LAUNCH],
        history=made(first, "2025-07-15"),
        previous=first,
    )

    def schedule(decisions: Iterable[ContactDecision]) -> set[tuple[object, ...]]:
        return {(x.contact_id, x.date, x.channel, x.assignee) for x in decisions}

    assert schedule(again.planned) == schedule(x for x in first.planned if x.day >= d("2025-07-15"))


# -- CustomerProfile.value and build_profiles ------------------------------------------


@pytest.mark.parametrize(
    ("value", "error"),
    [(-1, InvalidInputError), (True, InvalidTypeError), (float("inf"), InvalidInputError)],
    ids=["negative", "bool", "inf"],
)
def test_profile_value_refuses_bad_numbers(value: object, error: type[Exception]) -> None:
    """A negative, bool or infinite value is refused, naming the field (SEG-FOCUS).

    NaN is a table's empty cell: an unknown value, None (issue 14, tests/test_scalars.py).
    """
    with pytest.raises(error, match=r"^value: expected a finite, non-negative amount"):
        CustomerProfile("c1", value=value)


def test_profile_value_is_a_decimal() -> None:
    """A value becomes an exact Decimal; None stays unknown (SEG-FOCUS)."""
    assert CustomerProfile("c1", value=19.99).value == Decimal("19.99")
    assert CustomerProfile("c1", value="0").value == Decimal(0)
    assert CustomerProfile("c1").value is None


def test_build_profiles_takes_values_from_abc_totals() -> None:
    """build_profiles gives each profile its spend from an AbcResult by default (SEG-FOCUS)."""
    profiles = build_profiles(classify_abc({"a": Decimal(100), "b": Decimal(5)}))
    assert [(p.customer_id, p.abc, p.value) for p in profiles] == [
        ("a", AbcClass.A, Decimal(100)),
        ("b", AbcClass.C, Decimal(5)),
    ]
    given = build_profiles(classify_abc({"a": Decimal(100), "b": Decimal(5)}), values={"b": 7})
    assert [p.value for p in given] == [None, Decimal(7)]
    assert [p.value for p in build_profiles({"a": AbcClass.A})] == [None]


def test_build_profiles_refuses_values_of_unknown_customers() -> None:
    """A value for a customer the ABC result lacks is refused, naming values (SEG-FOCUS)."""
    with pytest.raises(UnknownCustomerError, match=r"^'?values: expected customers"):
        build_profiles(classify_abc({"a": Decimal(100)}), values={"zz": 1})


# -- the new policy fields' ranges -------------------------------------------------------

RANGES = [
    ("new_days", 1, 3_660),
    ("lapse_days", 1, 3_660),
    ("winback_spacing_days", 1, 365),
    ("messages_per_day", 1, 10**9),
    ("calls_per_day", 1, 10**9),
    ("busy_day_factor", 1, 1_000),
]


@pytest.mark.parametrize(("field", "low", "high"), RANGES, ids=[r[0] for r in RANGES])
def test_new_policy_fields_have_ranges(field: str, low: int, high: int) -> None:
    """Each new CadencePolicy number takes its range's ends, refuses beyond (CAD-CAPACITY)."""
    ends: list[dict[str, Any]] = [{field: low}, {field: high}]
    assert [getattr(CadencePolicy(**end), field) for end in ends] == [low, high]
    beyond: list[dict[str, Any]] = [{field: low - 1}, {field: high + 1}]
    for values in beyond:
        with pytest.raises(InvalidPolicyError, match=rf"^{field}: expected an int from {low} to"):
            CadencePolicy(**values)


def test_new_policy_defaults() -> None:
    """The new numbers' defaults: 30, 180, 14, 1,000, 100 and 3 (CAD-CAPACITY)."""
    policy = CadencePolicy()
    assert (
        policy.new_days,
        policy.lapse_days,
        policy.winback_spacing_days,
        policy.messages_per_day,
        policy.calls_per_day,
        policy.busy_day_factor,
    ) == (30, 180, 14, 1_000, 100, 3)
