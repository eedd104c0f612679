"""What a plan will do to the store: ContactPlan.summary() and PlanSummary (CAD-CAPACITY).

Plans are built by hand from ContactDecision values, so every expected count is read off
the decisions listed in the test.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retention import InvalidInputError, InvalidTypeError
from retention.cadence import (
    CadencePolicy,
    Channel,
    ContactDecision,
    ContactPlan,
    CustomerStage,
    DayLoad,
    PlanSummary,
    Purpose,
    Stage,
    Status,
    SuppressReason,
)
from retention.cadence._summary import summarize
from retention.mappings import FrozenMap
from retention.rules import Reason

START = dt.date(2025, 3, 3)  # a Monday
WHY = (Reason("CAD-KEEP", detail="a decision made by hand for the summary's tests"),)


def day(offset: int) -> dt.date:
    """The day ``offset`` days after START."""
    return START + dt.timedelta(days=offset)


def decision(  # one keyword per field a test varies
    number: int,
    offset: int,
    *,
    channel: Channel = Channel.MESSAGE,
    purpose: Purpose = Purpose.KEEP,
    status: Status = Status.PLANNED,
    customer: str | None = None,
) -> ContactDecision:
    """Decision ``number`` on START + ``offset`` with ``status`` (a valid one of each kind)."""
    when = day(offset)
    made = status in {Status.PLANNED, Status.DEFERRED, Status.DONE}
    staff = channel.staff_task and status.planned
    return ContactDecision(
        f"x{number}",
        customer_id=customer or f"c{number}",
        purpose=purpose,
        status=status,
        due=when - dt.timedelta(days=1) if status is Status.DEFERRED else when,
        date=when if made else None,
        channel=channel if made else None,
        assignee="s1" if staff else None,
        into="x0" if status is Status.MERGED else None,
        suppressed=SuppressReason.CAP if status is Status.SUPPRESSED else None,
        reasons=WHY,
    )


def stage(customer_id: str, value: Stage) -> CustomerStage:
    """``customer_id``'s stage on START."""
    return CustomerStage(
        customer_id,
        stage=value,
        as_of=START,
        last_purchase=None,
        lapse_day=None,
        reasons=(Reason("CAD-KEEP", detail=f"{value.value} by hand"),),
    )


def plan_of(
    decisions: list[ContactDecision],
    *,
    days: int = 5,
    stages: tuple[CustomerStage, ...] = (),
    policy: CadencePolicy | None = None,
) -> ContactPlan:
    """A plan over ``days`` days from START holding ``decisions``."""
    return ContactPlan(
        start=START,
        end=day(days - 1),
        policy=policy or CadencePolicy(),
        decisions=decisions,
        staff_load=(),
        stages=stages,
    )


def loads_on(count: int, offset: int, first: int = 0) -> list[ContactDecision]:
    """``count`` planned messages on START + ``offset``, numbered from ``first``."""
    return [decision(first + i, offset) for i in range(count)]


def test_per_day_counts_planned_contacts_by_channel_and_purpose() -> None:
    """CAD-CAPACITY: each day counts its planned and deferred contacts by channel and purpose."""
    plan = plan_of(
        [
            decision(1, 0, purpose=Purpose.GREET),
            decision(2, 0, channel=Channel.PHONE, purpose=Purpose.INVITE),
            decision(3, 0, channel=Channel.IN_PERSON, purpose=Purpose.DOOR),
            decision(4, 2, status=Status.DEFERRED),
            decision(5, 2, purpose=Purpose.GREET),
            decision(6, 2, status=Status.SUPPRESSED),
            decision(7, 2, status=Status.MERGED),
            decision(8, 3, status=Status.DONE),
        ]
    )
    summary = plan.summary()
    assert [load.date for load in summary.per_day] == [day(i) for i in range(5)]
    first, _, third, fourth, _ = summary.per_day
    assert first == DayLoad(
        day(0),
        messages=1,
        calls=1,
        in_person=1,
        by_purpose={"greet": 1, "invite": 1, "door": 1},
    )
    assert (third.messages, third.calls, third.in_person, third.total) == (2, 0, 0, 2)
    assert dict(third.by_purpose) == {"greet": 1, "keep": 1}
    assert fourth.total == 0  # a done contact is history, not plan
    assert fourth.by_purpose == {}
    assert summary.planned == len(plan.planned) == 5
    assert (summary.start, summary.end) == (plan.start, plan.end)


def test_days_without_contacts_are_listed_with_zero() -> None:
    """CAD-CAPACITY: a plan with nothing planned still lists each of its days, all zero."""
    summary = plan_of([decision(1, 1, status=Status.SUPPRESSED)], days=3).summary()
    assert [(load.date, load.total) for load in summary.per_day] == [
        (day(0), 0),
        (day(1), 0),
        (day(2), 0),
    ]
    assert summary.busiest is None
    assert summary.typical == Decimal(0)
    assert summary.warnings == ()


def test_busiest_day_is_the_earliest_of_the_tied_days() -> None:
    """CAD-CAPACITY: the busiest day has the most contacts; on a tie, the earliest wins."""
    plan = plan_of(loads_on(1, 0) + loads_on(3, 1, first=10) + loads_on(3, 3, first=20))
    busiest = plan.summary().busiest
    assert busiest is not None
    assert (busiest.date, busiest.total) == (day(1), 3)


def test_typical_day_is_the_median_of_the_days_with_contacts() -> None:
    """CAD-CAPACITY: the typical day is the median total over days with any contact."""
    odd = plan_of(loads_on(1, 0) + loads_on(4, 1, first=10) + loads_on(9, 4, first=20))
    assert odd.summary().typical == Decimal(4)  # 1, 4, 9; days 2 and 3 are left out
    even = plan_of(loads_on(1, 0) + loads_on(4, 1, first=10))
    assert even.summary().typical == Decimal("2.5")  # (1 + 4) / 2


def test_stages_count_customers_in_every_stage() -> None:
    """CAD-CAPACITY: customers per stage on the plan's first day, 0 for an empty stage."""
    stages = (
        stage("a", Stage.NEW),
        stage("b", Stage.ACTIVE),
        stage("c", Stage.ACTIVE),
        stage("d", Stage.SUNSET),
    )
    summary = plan_of([], stages=stages).summary()
    assert summary.stages == {"new": 1, "active": 2, "at_risk": 0, "lapsed": 0, "sunset": 1}
    assert list(summary.stages._raw()) == [s.value for s in Stage]  # built in Stage order


def test_a_day_far_above_the_typical_day_is_warned_about() -> None:
    """CAD-CAPACITY: a day above busy_day_factor times the typical day gets a warning."""
    decisions = loads_on(1, 0) + loads_on(1, 1, first=10) + loads_on(1, 2, first=20)
    plan = plan_of(decisions + loads_on(7, 3, first=30))
    assert plan.summary().warnings == (
        Reason(
            "CAD-CAPACITY",
            detail="2025-03-06: 7 contacts, 7.0 times the typical day of 1 "
            "(the policy warns above 3 times)",
        ),
    )


def test_a_day_at_exactly_the_factor_is_not_warned_about() -> None:
    """CAD-CAPACITY: the warning is for more than busy_day_factor times, not as many."""
    decisions = loads_on(2, 0) + loads_on(2, 1, first=10) + loads_on(8, 2, first=20)
    policy = CadencePolicy(busy_day_factor=4)
    assert plan_of(decisions, policy=policy).summary().warnings == ()
    assert plan_of(decisions, policy=CadencePolicy(busy_day_factor=3)).summary().warnings == (
        Reason(
            "CAD-CAPACITY",
            detail="2025-03-05: 8 contacts, 4.0 times the typical day of 2 "
            "(the policy warns above 3 times)",
        ),
    )


def test_days_at_the_store_limits_are_warned_about() -> None:
    """CAD-CAPACITY: a day whose messages or calls reach the policy's limit gets a warning."""
    calls = [decision(10 + i, 1, channel=Channel.PHONE) for i in range(2)]
    plan = plan_of(
        loads_on(3, 0) + calls,
        policy=CadencePolicy(messages_per_day=3, calls_per_day=2),
    )
    summary = plan.summary()
    assert summary.limits == {"messages_per_day": 3, "calls_per_day": 2}
    assert [str(reason) for reason in summary.warnings] == [
        (
            "CAD-CAPACITY: 2025-03-03: 3 messages reach the store's limit of 3 a day; "
            "the rest were spread or reported"
        ),
        (
            "CAD-CAPACITY: 2025-03-04: 2 calls reach the store's limit of 2 a day; "
            "the rest were spread or reported"
        ),
    ]


def test_a_hand_built_plan_over_a_limit_is_warned_about() -> None:
    """CAD-CAPACITY: more messages than the limit (a plan built by hand) says it is over."""
    plan = plan_of(loads_on(2, 0), days=1, policy=CadencePolicy(messages_per_day=1))
    assert [reason.detail for reason in plan.summary().warnings] == [
        "2025-03-03: 2 messages, over the store's limit of 1 a day"
    ]


def test_records_have_one_row_per_day_with_channels_total_and_purposes() -> None:
    """CAD-CAPACITY: to_records gives date, channels, total, then every purpose's count."""
    records = plan_of([decision(1, 1, purpose=Purpose.GREET)], days=2).summary().to_records()
    assert len(records) == 2
    assert list(records[0]) == [
        "date",
        "messages",
        "calls",
        "in_person",
        "total",
        *(purpose.value for purpose in Purpose),
    ]
    assert records[1]["date"] == day(1)
    assert (records[1]["messages"], records[1]["total"], records[1]["greet"]) == (1, 1, 1)
    assert records[1]["keep"] == 0


def test_lines_summarize_the_plan_for_people() -> None:
    """CAD-CAPACITY: lines() gives the range, stages, busiest and typical day, and warnings."""
    stages = (stage("a", Stage.NEW), stage("b", Stage.AT_RISK))
    decisions = [
        *loads_on(1, 0),
        *loads_on(1, 1, first=10),
        *loads_on(1, 2, first=20),
        decision(30, 3, channel=Channel.PHONE),
        *loads_on(4, 3, first=40),
    ]
    lines = plan_of(decisions, stages=stages).summary().lines()
    assert lines == [
        "Plan 2025-03-03 .. 2025-03-07: 8 contacts planned",
        "  Customers by stage: new 1, active 0, at risk 1, lapsed 0, sunset 0",
        "  Busiest day: 2025-03-06 (Thu), 5 contacts: 4 messages, 1 call, 0 in person",
        "  Typical day: 1 contact (the median of the 4 days with any)",
        "  Store limits: 1,000 messages and 100 calls a day",
        "  Warnings (1):",
        (
            "    CAD-CAPACITY: 2025-03-06: 5 contacts, 5.0 times the typical day of 1 "
            "(the policy warns above 3 times)"
        ),
    ]


def test_lines_of_an_empty_plan_say_so() -> None:
    """CAD-CAPACITY: with nothing planned, lines() says there is no busiest or typical day."""
    lines = plan_of([]).summary().lines()
    assert lines[2:4] == ["  Busiest day: none, no contact is planned", "  Typical day: none"]
    assert lines[-1] == "  Warnings: none"


def test_summary_is_summarize_of_the_plan() -> None:
    """CAD-CAPACITY: plan.summary() is summarize(plan), an equal value each time."""
    plan = plan_of(loads_on(2, 1))
    assert plan.summary() == summarize(plan) == plan.summary()
    assert hash(plan.summary()) == hash(summarize(plan))
    assert repr(plan.summary()).startswith(
        "PlanSummary(start=datetime.date(2025, 3, 3), end=datetime.date(2025, 3, 7), "
        "per_day=<5 days, 2 contacts>"
    )


def test_contacts_outside_a_hand_built_plan_range_are_still_counted() -> None:
    """CAD-CAPACITY: per_day runs out to a planned day outside the range, so none is lost."""
    summary = plan_of([decision(1, -1), decision(2, 4)], days=2).summary()
    assert [load.date for load in summary.per_day] == [day(i) for i in range(-1, 5)]
    assert summary.planned == 2


def test_day_load_purposes_must_add_up_to_its_channels() -> None:
    """CAD-CAPACITY: a DayLoad whose purpose counts do not add up is refused, naming the field."""
    with pytest.raises(InvalidInputError, match=r"^by_purpose: expected counts adding up"):
        DayLoad(day(0), messages=2, calls=0, in_person=0, by_purpose={"keep": 1})
    with pytest.raises(InvalidInputError, match=r"^by_purpose\['keep'\]: expected an int >= 1"):
        DayLoad(day(0), messages=0, calls=0, in_person=0, by_purpose={"keep": 0})
    with pytest.raises(InvalidInputError, match=r"^by_purpose key: expected 'service'"):
        DayLoad(day(0), messages=1, calls=0, in_person=0, by_purpose={"hello": 1})
    with pytest.raises(InvalidTypeError, match=r"^calls: expected an int >= 0"):
        DayLoad(day(0), messages=1, calls=True, in_person=0, by_purpose={"keep": 1})


def test_plan_summary_checks_its_days_stages_and_limits() -> None:
    """CAD-CAPACITY: a PlanSummary whose days miss the range, or a stage, is refused."""
    loads = [DayLoad(day(i), messages=0, calls=0, in_person=0) for i in range(3)]
    fields = {
        "start": day(0),
        "end": day(2),
        "per_day": loads,
        "stages": dict.fromkeys(Stage, 0),
        "limits": {"messages_per_day": 10, "calls_per_day": 1},
    }
    assert PlanSummary(**fields).stages == dict.fromkeys([s.value for s in Stage], 0)  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^per_day: expected one DayLoad a day"):
        PlanSummary(**{**fields, "per_day": [loads[0], loads[2]]})  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^end: expected a date on or after start"):
        PlanSummary(**{**fields, "end": day(-1)})  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^stages: expected a count for every stage"):
        PlanSummary(**{**fields, "stages": {"new": 1}})  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^limits key: expected 'messages_per_day'"):
        PlanSummary(**{**fields, "limits": {"emails": 1}})  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^warnings: expected Reason objects"):
        PlanSummary(**{**fields, "warnings": ["busy"]})  # type: ignore[arg-type]
    assert isinstance(PlanSummary(**fields).stages, FrozenMap)  # type: ignore[arg-type]


# --- properties ----------------------------------------------------------------------------

#: A decision drawn as (day offset, channel, purpose, status); days -2..11 around a
#: ten-day plan, so some fall outside a hand-built plan's range.
_DRAWN = st.tuples(
    st.integers(-2, 11),
    st.sampled_from(Channel),
    st.sampled_from(Purpose),
    st.sampled_from(Status),
)


@settings(max_examples=50)
@given(st.lists(_DRAWN, max_size=60), st.integers(1, 5))
def test_per_day_totals_add_up_to_the_planned_contacts(
    drawn: list[tuple[int, Channel, Purpose, Status]], factor: int
) -> None:
    """CAD-CAPACITY: per-day totals sum to len(plan.planned); the busiest day has the most."""
    decisions = [
        decision(i, offset, channel=channel, purpose=purpose, status=status)
        for i, (offset, channel, purpose, status) in enumerate(drawn)
    ]
    plan = plan_of(decisions, days=10, policy=CadencePolicy(busy_day_factor=factor))
    summary = plan.summary()
    totals = [load.total for load in summary.per_day]
    assert sum(totals) == summary.planned == len(plan.planned)
    dates = [load.date.toordinal() for load in summary.per_day]
    assert dates == list(range(dates[0], dates[-1] + 1))
    assert dates[0] <= plan.start.toordinal() <= plan.end.toordinal() <= dates[-1]
    busiest = summary.busiest
    if busiest is None:
        assert not plan.planned
    else:
        assert all(busiest.total >= total for total in totals)
        assert busiest.date == next(
            load.date for load in summary.per_day if load.total == max(totals)
        )
    for load in summary.per_day:
        assert sum(load.by_purpose.values()) == load.total
        assert all(count > 0 for count in load.by_purpose.values())
