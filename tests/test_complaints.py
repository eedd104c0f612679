"""CMP-*: the complaint case, its SLA clocks, authority, promises, remedies and lessons.

Expected values are worked out by hand from RULES.md and the official calendars:

* China 2025 (Asia/Shanghai, UTC+8): golden week 10-01..08 off; make-up workdays
  Sunday 09-28 and Saturday 10-11; 09-12 is a Friday, 09-15 a Monday, 09-30 a Tuesday,
  10-09 a Thursday.
* Germany 2025 (Europe/Berlin): clocks forward on Sunday 03-30, back on Sunday 10-26.
* Store hours 09:00-21:00 (12 h a working day). Default SLA (working time): normal
  priority first response 2 h, resolution 24 h; urgent 30 min and 4 h. At risk from 75 %
  of a target used; breached when more than the target is used.
* Default compensation limits: clerk 50, supervisor 300, manager 2000, owner unlimited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

import attrs
import pytest

from retention import (
    DuplicateError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTransitionError,
    InvalidTypeError,
    StoreCalendar,
    StoreHours,
)
from retention.cadence import Channel, ServiceTask
from retention.complaints import (
    DEFAULT_LIMITS,
    Apologised,
    Case,
    Cause,
    CauseDiagnosed,
    Clock,
    ClockPaused,
    ClockResumed,
    Closed,
    CompensationApproved,
    Complaint,
    ComplaintChannel,
    ComplaintPolicy,
    Event,
    EventKind,
    FollowedUp,
    Listened,
    Median,
    Option,
    Priority,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
    PromiseStatus,
    Rate,
    Recorded,
    Remedy,
    ResolutionProposed,
    Resolved,
    SlaClock,
    SlaPolicy,
    SlaState,
    SlaTarget,
    Stage,
    lessons,
    sla_status,
)

H = dt.timedelta(hours=1)
MIN = dt.timedelta(minutes=1)
ZERO = dt.timedelta(0)
UTC = dt.UTC
SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")

CN_HOURS = StoreHours(StoreCalendar.build("CN", years=[2025]), timezone="Asia/Shanghai")
DE_HOURS = StoreHours(StoreCalendar.build("DE", years=[2025]), timezone="Europe/Berlin")

K = EventKind


def sh(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A 2025 wall-clock instant in Shanghai."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


def be(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A 2025 wall-clock instant in Berlin."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=BERLIN)


def utc(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A 2025 instant in UTC."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=UTC)


# --- the standard case: received Monday 2025-09-15 10:00 in Shanghai ------------------------------

CID = "C-001"
CUSTOMER = "cust-1"
RECEIVED_AT = sh(9, 15, 10)

REPAIR = Option(Remedy.REPAIR)
REFUND_30 = Option(Remedy.REFUND, amount=Decimal(30))
REFUND_120 = Option(Remedy.REFUND, amount=Decimal(120))

LISTENED = Listened(CID, at=sh(9, 15, 10, 10), by="li")
APOLOGISED = Apologised(CID, at=sh(9, 15, 10, 20), by="li")
DIAGNOSED = CauseDiagnosed(CID, at=sh(9, 15, 10, 40), cause=Cause.PRODUCT_QUALITY)
PROPOSED = ResolutionProposed(
    CID, at=sh(9, 15, 11), options=(REPAIR, REFUND_30), chosen=REFUND_30, role="clerk"
)
RESOLVED = Resolved(CID, at=sh(9, 15, 12))
FOLLOWED_UP = FollowedUp(CID, at=sh(9, 17, 10), satisfied=True)
RECORDED = Recorded(
    CID, at=sh(9, 17, 11), details="Leaking kettle refunded.", lesson="Test kettles before sale."
)
CLOSED = Closed(CID, at=sh(9, 17, 12))

SIX_STEPS: tuple[Event, ...] = (
    LISTENED,
    APOLOGISED,
    DIAGNOSED,
    PROPOSED,
    RESOLVED,
    FOLLOWED_UP,
    RECORDED,
    CLOSED,
)
#: The stage after the first k events of SIX_STEPS.
STAGES = (
    Stage.RECEIVED,
    Stage.LISTENED,
    Stage.APOLOGISED,
    Stage.DIAGNOSED,
    Stage.PROPOSED,
    Stage.RESOLVED,
    Stage.FOLLOWED_UP,
    Stage.RECORDED,
    Stage.CLOSED,
)
#: An instant after every event of the standard case.
LATE = sh(9, 18, 9)


def complaint(
    cid: str = CID,
    *,
    received: dt.datetime = RECEIVED_AT,
    priority: Priority = Priority.NORMAL,
    customer: str = CUSTOMER,
    product: str | None = None,
    staff: str | None = None,
) -> Complaint:
    """A complaint received in the store."""
    return Complaint(
        cid,
        customer_id=customer,
        received_at=received,
        channel=ComplaintChannel.IN_STORE,
        summary="The kettle leaks.",
        priority=priority,
        product=product,
        staff_id=staff,
    )


def open_case(
    *events: Event,
    of: Complaint | None = None,
    hours: StoreHours = CN_HOURS,
    policy: ComplaintPolicy | None = None,
) -> Case:
    """A case of ``of`` (default: the standard complaint) with ``events`` folded in."""
    return Case.open(complaint() if of is None else of, hours=hours, policy=policy, events=events)


def steps(
    cid: str,
    *times: dt.datetime,
    cause: Cause = Cause.PRODUCT_QUALITY,
    chosen: Option = REPAIR,
    role: str = "clerk",
) -> list[Event]:
    """Listened, Apologised, CauseDiagnosed, ResolutionProposed, Resolved at ``times``."""
    out: list[Event] = []
    for index, at in enumerate(times):
        if index == 0:
            out.append(Listened(cid, at=at))
        elif index == 1:
            out.append(Apologised(cid, at=at))
        elif index == 2:
            out.append(CauseDiagnosed(cid, at=at, cause=cause))
        elif index == 3:
            out.append(ResolutionProposed(cid, at=at, options=(chosen,), chosen=chosen, role=role))
        else:
            out.append(Resolved(cid, at=at))
    return out


def refused(case: Case, event: Event, match: str) -> None:
    """Assert that ``case`` refuses ``event`` and stays exactly as it was."""
    before_events, before_stage = case.events, case.stage
    with pytest.raises(InvalidTransitionError, match=match):
        case.apply(event)
    assert case.events == before_events
    assert case.stage is before_stage


# --- the complaint itself ---------------------------------------------------------------------


def test_complaint_defaults_and_conversions() -> None:
    """CMP-NOW: a complaint defaults to normal priority; channel and priority take their values."""
    plain = complaint()
    assert plain.priority is Priority.NORMAL
    assert plain.asks_for is None
    converted = Complaint(
        "C-9",
        customer_id="c",
        received_at=RECEIVED_AT,
        channel="phone",
        summary="Rude clerk.",
        priority="urgent",
        asks_for="refund",
    )
    assert converted.channel is ComplaintChannel.PHONE
    assert converted.priority is Priority.URGENT
    assert converted.asks_for is Remedy.REFUND


@pytest.mark.parametrize(
    ("changes", "error", "field"),
    [
        ({"received_at": dt.datetime(2025, 9, 15, 10)}, InvalidInputError, "received_at"),  # noqa: DTZ001
        ({"received_at": dt.date(2025, 9, 15)}, InvalidTypeError, "received_at"),
        ({"summary": ""}, InvalidInputError, "summary"),
        ({"summary": "   "}, InvalidInputError, "summary"),
        ({"channel": "fax"}, InvalidInputError, "channel"),
        ({"priority": "critical"}, InvalidInputError, "priority"),
        ({"asks_for": "apology"}, InvalidInputError, "asks_for"),
        ({"customer_id": ""}, InvalidInputError, "customer_id"),
        ({"complaint_id": 7}, InvalidTypeError, "complaint_id"),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_complaint_bad_input_raises_naming_the_field(
    changes: dict[str, object], error: type[Exception], field: str
) -> None:
    """CMP-STEPS: a complaint with a naive time, empty text or unknown enum value is refused."""
    fields: dict[str, object] = {
        "complaint_id": CID,
        "customer_id": CUSTOMER,
        "received_at": RECEIVED_AT,
        "channel": "in_store",
        "summary": "The kettle leaks.",
    }
    fields.update(changes)
    cid = fields.pop("complaint_id")
    with pytest.raises(error, match=rf"^{field}: "):
        Complaint(cid, **fields)  # type: ignore[arg-type]


# --- CMP-STEPS: the six steps in order --------------------------------------------------------


def test_cmp_steps_six_steps_in_order_reach_closed() -> None:
    """CMP-STEPS: listen, apologise, diagnose, propose+resolve, follow up, record, then close."""
    case = open_case()
    assert case.stage is Stage.RECEIVED
    for index, event in enumerate(SIX_STEPS, start=1):
        case = case.apply(event)
        assert case.stage is STAGES[index]
    assert case.closed
    assert case.events == SIX_STEPS
    assert case.last_at == CLOSED.at
    assert case.first_response_at == APOLOGISED.at
    assert case.resolved_at == RESOLVED.at
    assert case.record == RECORDED
    assert case.failures == 0


def test_cmp_steps_open_with_events_equals_applying_one_by_one() -> None:
    """CMP-STEPS: a case is a pure fold; opening with all events equals applying them in turn."""
    one_by_one = open_case()
    for event in SIX_STEPS:
        one_by_one = one_by_one.apply(event)
    assert open_case(*SIX_STEPS) == one_by_one


def test_cmp_steps_apply_leaves_the_original_case_unchanged() -> None:
    """CMP-STEPS: apply returns a new case; the one the caller holds is unchanged."""
    case = open_case(LISTENED)
    later = case.apply(APOLOGISED)
    assert case.stage is Stage.LISTENED
    assert case.events == (LISTENED,)
    assert later.stage is Stage.APOLOGISED


#: (events already applied, index in SIX_STEPS of an event that is not next).
OUT_OF_ORDER = [
    (done, wrong)
    for done in range(len(SIX_STEPS) + 1)
    for wrong in range(len(SIX_STEPS))
    # the next step is allowed, and at stage proposed a new proposal is too (CMP-CHOICE)
    if wrong != done and not (done == 4 and wrong == 3)
]


@pytest.mark.parametrize(
    ("done", "wrong"),
    OUT_OF_ORDER,
    ids=[f"at-{STAGES[d].value}-{SIX_STEPS[w].kind.value}" for d, w in OUT_OF_ORDER],
)
def test_cmp_steps_out_of_order_event_is_refused(done: int, wrong: int) -> None:
    """CMP-STEPS: every step event out of order raises InvalidTransitionError, case unchanged."""
    case = open_case(*SIX_STEPS[:done])
    event = attrs.evolve(SIX_STEPS[wrong], at=LATE)
    refused(case, event, r"CMP-STEPS")


def test_cmp_steps_refusal_says_stage_and_what_is_allowed() -> None:
    """CMP-STEPS: the refusal names the case, its stage and the events it takes next."""
    with pytest.raises(InvalidTransitionError) as info:
        open_case().apply(APOLOGISED)
    message = str(info.value)
    assert CID in message
    assert "stage received" in message
    assert "allowed next: listened, promise_made, clock_paused" in message


def test_cmp_steps_second_close_is_refused() -> None:
    """CMP-STEPS: a closed case takes no more events, not even a second close."""
    case = open_case(*SIX_STEPS)
    assert case.next_allowed() == ()
    refused(case, attrs.evolve(CLOSED, at=LATE), "closed")
    refused(case, PromiseMade(CID, at=LATE, promise_id="p", what="call", due=LATE), "closed")


def test_cmp_steps_refusal_on_a_closed_case_says_nothing_is_allowed() -> None:
    """CMP-STEPS: an event refused on a closed case says the case takes nothing more."""
    with pytest.raises(InvalidTransitionError) as info:
        open_case(*SIX_STEPS).apply(attrs.evolve(CLOSED, at=LATE))
    assert str(info.value).endswith(
        "(case C-001 is at stage closed; allowed next: nothing (the case is closed))"
    )


def test_cmp_steps_follow_up_before_resolution_is_refused() -> None:
    """CMP-STEPS: step 5 cannot come before step 4 is done."""
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED, PROPOSED)
    refused(case, FOLLOWED_UP, "CMP-STEPS")


def test_cmp_steps_close_without_follow_up_is_refused() -> None:
    """CMP-STEPS: a resolved case cannot close before the follow-up and the record."""
    case = open_case(*SIX_STEPS[:5])
    refused(case, CLOSED, "CMP-STEPS")


def test_cmp_steps_close_without_record_is_refused() -> None:
    """CMP-STEPS: a followed-up case cannot close before step 6, the record."""
    case = open_case(*SIX_STEPS[:6])
    refused(case, CLOSED, "CMP-STEPS")


def test_cmp_steps_event_of_another_complaint_is_refused() -> None:
    """CMP-STEPS: an event naming another complaint is refused, naming that complaint."""
    refused(open_case(), Listened("C-999", at=sh(9, 15, 10, 10)), "'C-999'")


def test_cmp_steps_timestamps_going_backwards_are_refused() -> None:
    """CMP-STEPS: an event dated before the last one is refused."""
    case = open_case(LISTENED)
    refused(case, Apologised(CID, at=sh(9, 15, 10, 5)), "forward in time")


def test_cmp_steps_event_before_receipt_is_refused() -> None:
    """CMP-STEPS: an event dated before the complaint arrived is refused."""
    refused(open_case(), Listened(CID, at=sh(9, 15, 9, 59)), "forward in time")


def test_cmp_steps_event_at_the_same_instant_is_accepted() -> None:
    """CMP-STEPS: two events at the same instant keep time order and are accepted."""
    case = open_case(Listened(CID, at=RECEIVED_AT), Apologised(CID, at=RECEIVED_AT))
    assert case.stage is Stage.APOLOGISED


def test_cmp_steps_timestamps_compare_as_instants_across_zones() -> None:
    """CMP-STEPS: 02:15 UTC is 10:15 Shanghai, after a 10:10 Shanghai event, so accepted."""
    case = open_case(LISTENED, Apologised(CID, at=utc(9, 15, 2, 15)))
    assert case.first_response_at == sh(9, 15, 10, 15)


def test_cmp_steps_non_event_is_a_type_error() -> None:
    """CMP-STEPS: only complaint events can be applied."""
    with pytest.raises(InvalidTypeError, match=r"^event: "):
        open_case().apply("listened")  # type: ignore[arg-type]


NEXT_ALLOWED = [
    (0, (K.LISTENED, K.PROMISE_MADE, K.CLOCK_PAUSED)),
    (1, (K.APOLOGISED, K.PROMISE_MADE, K.CLOCK_PAUSED)),
    (2, (K.CAUSE_DIAGNOSED, K.PROMISE_MADE, K.CLOCK_PAUSED)),
    (3, (K.RESOLUTION_PROPOSED, K.PROMISE_MADE, K.CLOCK_PAUSED)),
    (4, (K.RESOLUTION_PROPOSED, K.RESOLVED, K.PROMISE_MADE, K.CLOCK_PAUSED)),
    (5, (K.FOLLOWED_UP, K.PROMISE_MADE)),
    (6, (K.RECORDED, K.PROMISE_MADE)),
    (7, (K.CLOSED, K.PROMISE_MADE)),
    (8, ()),
]


@pytest.mark.parametrize(
    ("done", "expected"), NEXT_ALLOWED, ids=[STAGES[d].value for d, _ in NEXT_ALLOWED]
)
def test_cmp_steps_next_allowed_at_each_stage(done: int, expected: tuple[EventKind, ...]) -> None:
    """CMP-STEPS: next_allowed lists the next step, then promises and the clock pause."""
    assert open_case(*SIX_STEPS[:done]).next_allowed() == expected


def test_cmp_steps_next_allowed_with_open_promise_and_pause() -> None:
    """CMP-STEPS: an open promise allows keeping/breaking it; a pause allows only resuming."""
    case = open_case(
        LISTENED,
        PromiseMade(CID, at=sh(9, 15, 10, 12), promise_id="p1", what="call back", due=LATE),
        ClockPaused(CID, at=sh(9, 15, 10, 15), note="waiting for the receipt"),
    )
    assert case.next_allowed() == (
        K.APOLOGISED,
        K.PROMISE_MADE,
        K.PROMISE_KEPT,
        K.PROMISE_BROKEN,
        K.CLOCK_RESUMED,
    )


def test_cmp_steps_unhappy_follow_up_reopens_to_diagnosis() -> None:
    """CMP-STEPS: an unhappy follow-up reopens the case to step 3 and counts one failure."""
    unhappy = FollowedUp(CID, at=sh(9, 17, 10), satisfied=False)
    case = open_case(*SIX_STEPS[:5], unhappy)
    assert case.stage is Stage.REOPENED
    assert case.failures == 1
    assert case.resolved_at is None
    assert case.chosen is None
    assert case.options == ()
    assert case.resolving == ((RECEIVED_AT, RESOLVED.at), (unhappy.at, None))
    assert case.next_allowed() == (K.CAUSE_DIAGNOSED, K.PROMISE_MADE, K.CLOCK_PAUSED)
    refused(case, attrs.evolve(RECORDED, at=LATE), "CMP-STEPS")
    refused(case, attrs.evolve(PROPOSED, at=LATE), "CMP-STEPS")


def test_cmp_steps_reopened_resolution_clock_runs_again() -> None:
    """CMP-STEPS: after a reopen the resolution clock runs on from the 2 h already used."""
    unhappy = FollowedUp(CID, at=sh(9, 17, 10), satisfied=False)
    case = open_case(*SIX_STEPS[:5], unhappy)
    status = sla_status(case, sh(9, 17, 12))
    # 2 h to the first resolution (Mon 10-12), then Wed 10-12: 4 h of 24 h.
    assert status.resolution.state is SlaState.ON_TRACK
    assert status.resolution.used == 4 * H
    assert status.resolution.stopped_at is None
    # 20 h left from Wed 12:00: 9 h Wednesday, 11 h Thursday -> Thu 09-18 20:00.
    assert status.resolution.deadline == sh(9, 18, 20)
    # Between the resolution and the follow-up the clock stood still, met.
    between = sla_status(case, sh(9, 16, 12))
    assert between.resolution.state is SlaState.MET
    assert between.resolution.used == 2 * H


def test_cmp_steps_reopened_case_goes_round_again_and_closes() -> None:
    """CMP-STEPS: a reopened case is diagnosed, resolved, followed up again and can close."""
    unhappy = FollowedUp(CID, at=sh(9, 17, 10), satisfied=False)
    again = [
        CauseDiagnosed(CID, at=sh(9, 17, 10, 30), cause=Cause.EXPECTATION_GAP),
        ResolutionProposed(
            CID, at=sh(9, 17, 11), options=(REPAIR, REFUND_30), chosen=REPAIR, role="clerk"
        ),
        Resolved(CID, at=sh(9, 17, 15)),
        FollowedUp(CID, at=sh(9, 19, 10), satisfied=True),
        Recorded(CID, at=sh(9, 19, 11), details="Second try.", lesson="Explain the guarantee."),
        Closed(CID, at=sh(9, 19, 12)),
    ]
    case = open_case(*SIX_STEPS[:5], unhappy, *again)
    assert case.closed
    assert case.failures == 1
    assert case.causes == (Cause.PRODUCT_QUALITY, Cause.EXPECTATION_GAP)
    assert case.cause is Cause.EXPECTATION_GAP
    assert case.chosen == REPAIR
    assert case.resolved_at == sh(9, 17, 15)
    assert case.resolving == (
        (RECEIVED_AT, RESOLVED.at),
        (unhappy.at, sh(9, 17, 15)),
    )


def test_cmp_steps_reasons_name_the_stage() -> None:
    """CMP-STEPS: a case's reasons start with CMP-STEPS saying what step is next."""
    reasons = open_case().reasons()
    assert [r.rule_id for r in reasons] == ["CMP-STEPS"]
    assert "step 1" in reasons[0].detail
    closed = open_case(*SIX_STEPS).reasons()
    assert [r.rule_id for r in closed] == ["CMP-STEPS"]
    assert "closed" in closed[0].detail


def test_cmp_steps_reasons_count_the_reopens() -> None:
    """CMP-STEPS: a reopened case has a second CMP-STEPS reason counting the failures."""
    case = open_case(*SIX_STEPS[:5], FollowedUp(CID, at=sh(9, 17, 10), satisfied=False))
    reasons = case.reasons()
    assert [r.rule_id for r in reasons] == ["CMP-STEPS", "CMP-STEPS"]
    assert "reopened 1 time(s)" in reasons[1].detail


def test_cmp_steps_kinds_lists_events_of_one_kind() -> None:
    """CMP-STEPS: kinds() picks the events of one kind in order."""
    case = open_case(*SIX_STEPS)
    assert case.kinds(K.RESOLVED) == (RESOLVED,)
    assert case.kinds(K.PROMISE_MADE) == ()


def test_cmp_lesson_record_is_none_before_step_6() -> None:
    """CMP-LESSON: a case has no record before step 6; after it, the Recorded event."""
    for done in range(7):
        assert open_case(*SIX_STEPS[:done]).record is None
    assert open_case(*SIX_STEPS[:7]).record == RECORDED


# --- CMP-STEPS: the step-5 follow-up task ------------------------------------------------------


def test_cmp_steps_follow_up_task_only_at_stage_resolved() -> None:
    """CMP-STEPS: a follow-up task exists only while the case waits for step 5."""
    for done in (0, 4, 6, 8):
        assert open_case(*SIX_STEPS[:done]).follow_up_task() is None
    assert open_case(*SIX_STEPS[:5]).follow_up_task() is not None


def test_cmp_steps_follow_up_task_is_due_two_days_after_resolution() -> None:
    """CMP-STEPS: resolved Mon 09-15 -> follow-up due Wed 09-17, a phone call, 3 days' window."""
    task = open_case(*SIX_STEPS[:5]).follow_up_task()
    assert task == ServiceTask(
        CID, customer_id=CUSTOMER, due=dt.date(2025, 9, 17), channel=Channel.PHONE, window_days=3
    )


def test_cmp_steps_follow_up_task_skips_cn_golden_week() -> None:
    """CMP-STEPS: resolved Tue 2025-09-30 in CN -> 10-02 is off, so due Thu 10-09."""
    cid = "C-GW"
    events = steps(cid, sh(9, 29, 10, 10), sh(9, 29, 10, 20), sh(9, 29, 11), sh(9, 29, 12))
    events.append(Resolved(cid, at=sh(9, 30, 15)))
    case = open_case(*events, of=complaint(cid, received=sh(9, 29, 10)))
    task = case.follow_up_task()
    assert task is not None
    assert task.due == dt.date(2025, 10, 9)
    assert task.case_id == cid
    assert task.customer_id == CUSTOMER


def test_cmp_steps_follow_up_task_counts_from_the_store_local_day() -> None:
    """CMP-STEPS: resolved Fri 09-26 20:00 UTC = Sat 09-27 04:00 Shanghai -> due Mon 09-29."""
    # From the UTC day (09-26) it would be 09-28, the make-up Sunday; the store's day is 09-27.
    cid = "C-TZ"
    events = steps(cid, sh(9, 26, 10, 10), sh(9, 26, 10, 20), sh(9, 26, 11), sh(9, 26, 12))
    events.append(Resolved(cid, at=utc(9, 26, 20)))
    case = open_case(*events, of=complaint(cid, received=sh(9, 26, 10)))
    task = case.follow_up_task()
    assert task is not None
    assert task.due == dt.date(2025, 9, 29)


def test_cmp_steps_follow_up_task_follows_the_policy() -> None:
    """CMP-STEPS: follow_up_days=0 makes it due on the resolution day, with the policy window."""
    policy = ComplaintPolicy(follow_up_days=0, follow_up_window_days=1)
    task = open_case(*SIX_STEPS[:5], policy=policy).follow_up_task()
    assert task is not None
    assert task.due == dt.date(2025, 9, 15)
    assert task.window_days == 1


def test_cmp_steps_follow_up_task_past_the_last_date_names_the_due_day() -> None:
    """CMP-STEPS: resolved 9999-12-30, a follow-up 2 days on has no date: an error naming due."""
    cid = "C-END"

    def end(hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime(9999, 12, 30, hour, minute, tzinfo=SHANGHAI)

    events = steps(cid, end(10, 10), end(10, 20), end(10, 30), end(11), end(12))
    case = open_case(*events, of=complaint(cid, received=end(10)))
    assert case.stage is Stage.RESOLVED
    with pytest.raises(InvalidInputError, match=r"^due: 9999-12-30 \+ 2 days is past 9999-12-31"):
        case.follow_up_task()


# --- CMP-CAUSE --------------------------------------------------------------------------------


def test_cmp_cause_the_four_causes() -> None:
    """CMP-CAUSE: the causes are expectation gap, product quality, staff service and other."""
    assert [c.value for c in Cause] == [
        "expectation_gap",
        "product_quality",
        "staff_service",
        "other",
    ]


def test_cmp_cause_diagnosis_sets_the_cause() -> None:
    """CMP-CAUSE: the case has no cause before step 3 and the diagnosed one after."""
    assert open_case(LISTENED, APOLOGISED).cause is None
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED)
    assert case.cause is Cause.PRODUCT_QUALITY
    assert case.causes == (Cause.PRODUCT_QUALITY,)


def test_cmp_cause_accepts_the_value_string() -> None:
    """CMP-CAUSE: the cause may be given by its value."""
    event = CauseDiagnosed(CID, at=LATE, cause="staff_service")
    assert event.cause is Cause.STAFF_SERVICE


def test_cmp_cause_other_requires_a_note() -> None:
    """CMP-CAUSE: cause 'other' without a note saying what it is is refused."""
    with pytest.raises(InvalidInputError, match=r"^note: .*CMP-CAUSE"):
        CauseDiagnosed(CID, at=LATE, cause=Cause.OTHER)
    event = CauseDiagnosed(CID, at=LATE, cause=Cause.OTHER, note="parking fine at the door")
    assert event.cause is Cause.OTHER


@pytest.mark.parametrize("cause", ["weather", "", "PRODUCT_QUALITY"], ids=repr)
def test_cmp_cause_unknown_cause_is_refused(cause: str) -> None:
    """CMP-CAUSE: a cause outside the four is refused."""
    with pytest.raises(InvalidInputError, match=r"^cause: "):
        CauseDiagnosed(CID, at=LATE, cause=cause)


# --- CMP-CHOICE -------------------------------------------------------------------------------


def test_cmp_choice_proposal_records_options_and_choice() -> None:
    """CMP-CHOICE: the case shows the options offered and the one the customer chose."""
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED, PROPOSED)
    assert case.options == (REPAIR, REFUND_30)
    assert case.chosen == REFUND_30
    assert case.compensation == Decimal(30)


def test_cmp_choice_no_options_before_a_proposal() -> None:
    """CMP-CHOICE: before step 4 there are no options and no compensation."""
    case = open_case(LISTENED)
    assert case.options == ()
    assert case.chosen is None
    assert case.compensation == Decimal(0)


def test_cmp_choice_needs_at_least_one_option() -> None:
    """CMP-CHOICE: a proposal with no option to choose from is refused."""
    with pytest.raises(InvalidInputError, match=r"^options: .*CMP-CHOICE"):
        ResolutionProposed(CID, at=LATE, options=(), chosen=REPAIR, role="clerk")


def test_cmp_choice_chosen_must_be_offered() -> None:
    """CMP-CHOICE: the customer can only choose an option that was offered."""
    with pytest.raises(InvalidInputError, match=r"^chosen: .*CMP-CHOICE"):
        ResolutionProposed(CID, at=LATE, options=(REPAIR,), chosen=REFUND_30, role="clerk")


def test_cmp_choice_duplicate_options_are_refused() -> None:
    """CMP-CHOICE: offering the same option twice is refused."""
    with pytest.raises(InvalidInputError, match=r"^options: .*twice"):
        ResolutionProposed(
            CID,
            at=LATE,
            options=(REFUND_30, Option(Remedy.REFUND, amount="30.00")),
            chosen=REFUND_30,
            role="clerk",
        )


def test_cmp_choice_options_must_be_options() -> None:
    """CMP-CHOICE: options must be a tuple or list of Option values."""
    with pytest.raises(InvalidTypeError, match=r"^options"):
        ResolutionProposed(CID, at=LATE, options=("repair",), chosen=REPAIR, role="clerk")
    with pytest.raises(InvalidTypeError, match=r"^options: "):
        ResolutionProposed(CID, at=LATE, options=REPAIR, chosen=REPAIR, role="clerk")
    with pytest.raises(InvalidTypeError, match=r"^chosen: "):
        ResolutionProposed(CID, at=LATE, options=(REPAIR,), chosen="repair", role="clerk")  # type: ignore[arg-type]


def test_cmp_choice_options_may_be_a_list() -> None:
    """CMP-CHOICE: options given as a list become a tuple."""
    event = ResolutionProposed(CID, at=LATE, options=[REPAIR, REFUND_30], chosen=REPAIR, role="c")
    assert event.options == (REPAIR, REFUND_30)


def test_cmp_choice_re_proposal_replaces_the_first() -> None:
    """CMP-CHOICE: a new proposal before resolution replaces the options and the choice."""
    second = ResolutionProposed(
        CID,
        at=sh(9, 15, 11, 30),
        options=(Option(Remedy.REPLACEMENT), REPAIR),
        chosen=REPAIR,
        role="clerk",
    )
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED, PROPOSED, second)
    assert case.stage is Stage.PROPOSED
    assert case.options == (Option(Remedy.REPLACEMENT), REPAIR)
    assert case.chosen == REPAIR
    assert case.compensation == Decimal(0)


def test_cmp_choice_reason_compares_the_choice_with_what_was_asked_for() -> None:
    """CMP-CHOICE: the reason says whether the chosen option is what the customer asked for."""
    events = (LISTENED, APOLOGISED, DIAGNOSED, PROPOSED)  # offered repair, refund 30: refund
    asked_refund = attrs.evolve(complaint(), asks_for=Remedy.REFUND)
    reasons = open_case(*events, of=asked_refund).reasons()
    assert [r.rule_id for r in reasons] == ["CMP-STEPS", "CMP-CHOICE"]
    assert reasons[1].detail == (
        "offered 2 options, the customer chose refund worth 30 (as they asked for: refund)"
    )
    asked_gift = attrs.evolve(complaint(), asks_for=Remedy.SMALL_GIFT)
    assert (
        open_case(*events, of=asked_gift)
        .reasons()[1]
        .detail.endswith("refund worth 30 (not what they asked for: small gift)")
    )
    asked_nothing = open_case(*events).reasons()[1].detail
    assert asked_nothing == "offered 2 options, the customer chose refund worth 30"


def test_cmp_choice_no_re_proposal_after_resolution() -> None:
    """CMP-CHOICE: once resolved, a new proposal is refused (it would need a reopen)."""
    refused(open_case(*SIX_STEPS[:5]), attrs.evolve(PROPOSED, at=LATE), "CMP-STEPS")


# --- CMP-PROMISE ------------------------------------------------------------------------------

PROMISE = PromiseMade(
    CID, at=sh(9, 15, 10, 30), promise_id="call-1", what="call back with stock", due=sh(9, 15, 15)
)


def test_cmp_promise_made_is_open() -> None:
    """CMP-PROMISE: a promise made is open, with its due time, until kept or broken."""
    case = open_case(LISTENED, PROMISE)
    (promise,) = case.promises
    assert promise.promise_id == "call-1"
    assert promise.what == "call back with stock"
    assert promise.made_at == sh(9, 15, 10, 30)
    assert promise.due == sh(9, 15, 15)
    assert promise.status is PromiseStatus.OPEN
    assert promise.settled_at is None


def test_cmp_promise_kept_by_due_time() -> None:
    """CMP-PROMISE: kept at or before its due time counts as kept."""
    case = open_case(LISTENED, PROMISE, PromiseKept(CID, at=sh(9, 15, 15), promise_id="call-1"))
    (promise,) = case.promises
    assert promise.status is PromiseStatus.KEPT
    assert promise.settled_at == sh(9, 15, 15)


def test_cmp_promise_kept_late() -> None:
    """CMP-PROMISE: kept after its due time counts as kept late, not kept."""
    case = open_case(LISTENED, PROMISE, PromiseKept(CID, at=sh(9, 15, 15, 1), promise_id="call-1"))
    assert case.promises[0].status is PromiseStatus.KEPT_LATE


def test_cmp_promise_broken() -> None:
    """CMP-PROMISE: a promise declared broken is broken, dated."""
    case = open_case(LISTENED, PROMISE, PromiseBroken(CID, at=sh(9, 15, 14), promise_id="call-1"))
    (promise,) = case.promises
    assert promise.status is PromiseStatus.BROKEN
    assert promise.settled_at == sh(9, 15, 14)


def test_cmp_promise_overdue_at_an_instant() -> None:
    """CMP-PROMISE: an open promise is overdue only strictly after its due time."""
    case = open_case(LISTENED, PROMISE)
    assert case.overdue_promises(sh(9, 15, 14, 59)) == ()
    assert case.overdue_promises(sh(9, 15, 15)) == ()
    assert case.overdue_promises(sh(9, 15, 15, 1)) == case.promises
    assert case.overdue_promises(utc(9, 15, 7, 1)) == case.promises  # 15:01 Shanghai


def test_cmp_promise_settled_is_never_overdue() -> None:
    """CMP-PROMISE: a kept or broken promise is not overdue."""
    kept = open_case(LISTENED, PROMISE, PromiseKept(CID, at=sh(9, 16, 9), promise_id="call-1"))
    assert kept.overdue_promises(LATE) == ()


def test_cmp_promise_overdue_naive_instant_is_refused() -> None:
    """CMP-PROMISE: overdue_promises needs an aware instant."""
    with pytest.raises(InvalidInputError, match=r"^at: "):
        open_case(LISTENED, PROMISE).overdue_promises(dt.datetime(2025, 9, 16))  # noqa: DTZ001


def test_cmp_promise_overdue_of_a_promise_itself_names_at() -> None:
    """CMP-PROMISE: Promise.overdue refuses a naive instant with an error naming at."""
    (promise,) = open_case(LISTENED, PROMISE).promises
    with pytest.raises(InvalidInputError, match=r"^at: expected a timezone-aware datetime"):
        promise.overdue(dt.datetime(2025, 9, 16))  # noqa: DTZ001


def test_cmp_promise_cannot_close_with_an_open_promise() -> None:
    """CMP-PROMISE: a recorded case with an open promise cannot close until it is settled."""
    case = open_case(*SIX_STEPS[:2], PROMISE, *SIX_STEPS[2:7])
    assert case.stage is Stage.RECORDED
    assert case.next_allowed() == (K.PROMISE_MADE, K.PROMISE_KEPT, K.PROMISE_BROKEN)
    refused(case, CLOSED, "cannot close with an open promise")
    settled = case.apply(PromiseBroken(CID, at=sh(9, 17, 11, 30), promise_id="call-1"))
    assert settled.apply(CLOSED).closed


def test_cmp_promise_close_refusal_explains_the_open_promise() -> None:
    """CMP-PROMISE: the refused close names the event, its time and the open-promise rule."""
    case = open_case(*SIX_STEPS[:2], PROMISE, *SIX_STEPS[2:7])
    with pytest.raises(InvalidTransitionError) as info:
        case.apply(CLOSED)
    assert str(info.value).startswith(
        "closed at 2025-09-17T12:00:00+08:00: a case cannot close with an open promise "
        "(CMP-PROMISE) (case C-001 is at stage recorded;"
    )


def test_cmp_promise_reasons_name_open_promises() -> None:
    """CMP-PROMISE: an open promise shows in the case's reasons with the next due time."""
    reasons = open_case(LISTENED, PROMISE).reasons()
    assert [r.rule_id for r in reasons] == ["CMP-STEPS", "CMP-PROMISE"]
    assert "1 open promise(s)" in reasons[1].detail
    assert "2025-09-15T15:00:00+08:00" in reasons[1].detail


def test_cmp_promise_settling_an_unknown_promise_is_refused() -> None:
    """CMP-PROMISE: keeping or breaking a promise never made is refused."""
    refused(open_case(LISTENED), PromiseKept(CID, at=LATE, promise_id="call-1"), "no open promise")
    refused(
        open_case(LISTENED, PROMISE),
        PromiseKept(CID, at=LATE, promise_id="call-9"),
        "'call-9' is not an open promise",
    )
    refused(
        open_case(LISTENED, PROMISE),
        PromiseBroken(CID, at=LATE, promise_id="call-9"),
        "'call-9' is not an open promise",
    )


def test_cmp_promise_settling_twice_is_refused() -> None:
    """CMP-PROMISE: a promise already kept cannot be kept or broken again."""
    other = PromiseMade(CID, at=sh(9, 15, 10, 35), promise_id="call-2", what="visit", due=LATE)
    case = open_case(
        LISTENED, PROMISE, other, PromiseKept(CID, at=sh(9, 15, 11), promise_id="call-1")
    )
    refused(case, PromiseBroken(CID, at=LATE, promise_id="call-1"), "not an open promise")


def test_cmp_promise_duplicate_id_is_refused() -> None:
    """CMP-PROMISE: a second promise with the same ID is refused, even after the first is kept."""
    again = attrs.evolve(PROMISE, at=sh(9, 15, 11))
    refused(open_case(LISTENED, PROMISE), again, "'call-1' was already made")
    kept = open_case(LISTENED, PROMISE, PromiseKept(CID, at=sh(9, 15, 10, 45), promise_id="call-1"))
    refused(kept, again, "'call-1' was already made")


def test_cmp_promise_due_before_made_is_refused() -> None:
    """CMP-PROMISE: a promise due before it was made is refused; due at once is accepted."""
    with pytest.raises(InvalidInputError, match=r"^due: "):
        PromiseMade(CID, at=sh(9, 15, 11), promise_id="p", what="call", due=sh(9, 15, 10))
    at_once = PromiseMade(CID, at=sh(9, 15, 11), promise_id="p", what="call", due=sh(9, 15, 11))
    assert at_once.due == at_once.at


def test_cmp_promise_naive_due_is_refused() -> None:
    """CMP-PROMISE: a promise's due time must be aware."""
    with pytest.raises(InvalidInputError, match=r"^due: "):
        PromiseMade(CID, at=LATE, promise_id="p", what="call", due=dt.datetime(2025, 9, 20))  # noqa: DTZ001


def test_cmp_promise_can_be_made_at_any_open_stage() -> None:
    """CMP-PROMISE: promises may be made before the first step and after the record."""
    early = PromiseMade(CID, at=RECEIVED_AT, promise_id="p0", what="call", due=LATE)
    assert open_case(early).promises[0].promise_id == "p0"
    late = PromiseMade(CID, at=sh(9, 17, 11, 10), promise_id="p9", what="voucher", due=LATE)
    assert open_case(*SIX_STEPS[:7], late).promises[0].promise_id == "p9"


# --- CMP-COMPENSATE ---------------------------------------------------------------------------

PROPOSED_120 = ResolutionProposed(
    CID, at=sh(9, 15, 11), options=(REPAIR, REFUND_120), chosen=REFUND_120, role="clerk"
)
AWAITING = (LISTENED, APOLOGISED, DIAGNOSED, PROPOSED_120)


def test_cmp_compensate_default_limits() -> None:
    """CMP-COMPENSATE: defaults are clerk 50, supervisor 300, manager 2000, owner no limit."""
    expected = {
        "clerk": Decimal(50),
        "supervisor": Decimal(300),
        "manager": Decimal(2000),
        "owner": None,
    }
    assert dict(DEFAULT_LIMITS) == expected
    policy = ComplaintPolicy()
    assert dict(policy.limits) == expected
    assert policy.limit("clerk") == Decimal(50)
    assert policy.limit("owner") is None


@pytest.mark.parametrize(
    ("role", "amount", "covered"),
    [
        ("clerk", "50", True),
        ("clerk", "50.01", False),
        ("supervisor", "300", True),
        ("supervisor", "300.01", False),
        ("manager", "2000", True),
        ("manager", "2000.01", False),
        ("owner", "1000000", True),
    ],
)
def test_cmp_compensate_covers_up_to_the_limit(role: str, amount: str, covered: bool) -> None:  # noqa: FBT001
    """CMP-COMPENSATE: a role covers amounts up to and including its limit."""
    assert ComplaintPolicy().covers(role, Decimal(amount)) is covered


def test_cmp_compensate_unknown_role_in_policy_lookup() -> None:
    """CMP-COMPENSATE: asking the policy about an unknown role is an InvalidInputError."""
    with pytest.raises(InvalidInputError, match=r"^role: .*'intern'"):
        ComplaintPolicy().limit("intern")


def test_cmp_compensate_non_string_role_in_policy_lookup() -> None:
    """CMP-COMPENSATE: asking the policy about a role that is no string names the role."""
    with pytest.raises(InvalidTypeError, match=r"^role: expected a str, got 5 \(int\)$"):
        ComplaintPolicy().limit(5)  # type: ignore[arg-type]


def test_cmp_compensate_within_limit_resolves_without_approval() -> None:
    """CMP-COMPENSATE: a clerk's refund of 30 (limit 50) needs no approval."""
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED, PROPOSED)
    assert not case.awaiting_approval
    assert case.apply(RESOLVED).stage is Stage.RESOLVED


def test_cmp_compensate_exactly_the_limit_needs_no_approval() -> None:
    """CMP-COMPENSATE: a clerk's refund of exactly 50 is within the clerk's authority."""
    fifty = Option(Remedy.REFUND, amount=50)
    proposal = ResolutionProposed(
        CID, at=sh(9, 15, 11), options=(fifty,), chosen=fifty, role="clerk"
    )
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED, proposal)
    assert not case.awaiting_approval
    assert case.apply(RESOLVED).stage is Stage.RESOLVED


def test_cmp_compensate_above_limit_refuses_resolution_until_approved() -> None:
    """CMP-COMPENSATE: compensation above the clerk's limit needs approval before resolving."""
    case = open_case(*AWAITING)
    assert case.awaiting_approval
    assert case.next_allowed() == (
        K.RESOLUTION_PROPOSED,
        K.COMPENSATION_APPROVED,
        K.PROMISE_MADE,
        K.CLOCK_PAUSED,
    )
    refused(case, RESOLVED, r"compensation 120 is above the clerk's limit 50.*CMP-COMPENSATE")
    approved = case.apply(
        CompensationApproved(CID, at=sh(9, 15, 11, 30), role="supervisor", amount=120)
    )
    assert not approved.awaiting_approval
    assert K.RESOLVED in approved.next_allowed()
    assert approved.apply(RESOLVED).stage is Stage.RESOLVED


def test_cmp_compensate_approval_by_a_role_too_small_is_refused() -> None:
    """CMP-COMPENSATE: an approver whose own limit does not cover the amount is refused."""
    refused(
        open_case(*AWAITING),
        CompensationApproved(CID, at=sh(9, 15, 11, 30), role="clerk", amount=120),
        r"clerk's limit 50 does not cover 120 \(CMP-COMPENSATE\)",
    )


def test_cmp_compensate_approval_below_the_needed_amount_is_refused() -> None:
    """CMP-COMPENSATE: an approval for less than the chosen amount is refused."""
    refused(
        open_case(*AWAITING),
        CompensationApproved(CID, at=sh(9, 15, 11, 30), role="supervisor", amount=100),
        "the approval covers 100, the chosen option needs 120",
    )


def test_cmp_compensate_approval_by_unknown_role_is_invalid_input() -> None:
    """CMP-COMPENSATE: an approval naming a role the policy lacks is an InvalidInputError."""
    with pytest.raises(InvalidInputError, match="'intern'"):
        open_case(*AWAITING).apply(
            CompensationApproved(CID, at=sh(9, 15, 11, 30), role="intern", amount=120)
        )


def test_cmp_compensate_proposal_by_unknown_role_is_invalid_input() -> None:
    """CMP-COMPENSATE: a proposal by a role the policy lacks is an InvalidInputError."""
    with pytest.raises(InvalidInputError, match="'intern'"):
        open_case(LISTENED, APOLOGISED, DIAGNOSED).apply(attrs.evolve(PROPOSED, role="intern"))


def test_cmp_compensate_negative_amounts_are_invalid_input() -> None:
    """CMP-COMPENSATE: negative compensation or approval amounts are refused."""
    with pytest.raises(InvalidInputError, match=r"^amount: "):
        Option(Remedy.REFUND, amount=-5)
    with pytest.raises(InvalidInputError, match=r"^amount: "):
        CompensationApproved(CID, at=LATE, role="owner", amount=Decimal(-1))


def test_cmp_compensate_approval_when_none_is_needed_is_refused() -> None:
    """CMP-COMPENSATE: an approval with nothing waiting for one is refused."""
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED, PROPOSED)
    refused(
        case,
        CompensationApproved(CID, at=sh(9, 15, 11, 30), role="owner", amount=30),
        "no proposal waits for approval",
    )


def test_cmp_compensate_second_approval_is_refused() -> None:
    """CMP-COMPENSATE: once approved, a second approval is refused."""
    approval = CompensationApproved(CID, at=sh(9, 15, 11, 30), role="manager", amount=120)
    case = open_case(*AWAITING, approval)
    refused(case, attrs.evolve(approval, at=sh(9, 15, 11, 40)), "CMP-COMPENSATE")


def test_cmp_compensate_owner_approves_above_the_manager() -> None:
    """CMP-COMPENSATE: a manager's 2500 needs the owner; the manager cannot approve it."""
    big = Option(Remedy.REPLACEMENT, amount=2500)
    proposal = ResolutionProposed(CID, at=sh(9, 15, 11), options=(big,), chosen=big, role="manager")
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED, proposal)
    assert case.awaiting_approval
    refused(
        case,
        CompensationApproved(CID, at=sh(9, 15, 12), role="manager", amount=2500),
        "does not cover",
    )
    approved = case.apply(CompensationApproved(CID, at=sh(9, 15, 12), role="owner", amount=2500))
    assert approved.apply(Resolved(CID, at=sh(9, 15, 13))).stage is Stage.RESOLVED


def test_cmp_compensate_supervisor_within_own_limit() -> None:
    """CMP-COMPENSATE: the same 120 proposed by a supervisor (limit 300) needs no approval."""
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED, attrs.evolve(PROPOSED_120, role="supervisor"))
    assert not case.awaiting_approval


def test_cmp_compensate_re_proposal_drops_the_approval() -> None:
    """CMP-COMPENSATE: a new proposal replaces the approval given for the old one."""
    approval = CompensationApproved(CID, at=sh(9, 15, 11, 30), role="supervisor", amount=120)
    again = attrs.evolve(PROPOSED_120, at=sh(9, 15, 11, 40))
    case = open_case(*AWAITING, approval, again)
    assert case.awaiting_approval
    refused(case, RESOLVED, "CMP-COMPENSATE")


def test_cmp_compensate_custom_limits() -> None:
    """CMP-COMPENSATE: with a clerk limit of 10, a refund of 30 needs approval."""
    policy = ComplaintPolicy(limits={"clerk": 10, "owner": None})
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED, PROPOSED, policy=policy)
    assert case.awaiting_approval


def test_cmp_compensate_reason_while_awaiting_approval() -> None:
    """CMP-COMPENSATE: a case waiting for approval says so in its reasons."""
    reasons = open_case(*AWAITING).reasons()
    assert [r.rule_id for r in reasons] == ["CMP-STEPS", "CMP-CHOICE", "CMP-COMPENSATE"]
    assert "compensation 120 is above the clerk's limit 50" in reasons[2].detail


# --- CMP-REMEDY -------------------------------------------------------------------------------

APPOINTMENT = sh(9, 16, 15)


def test_cmp_remedy_appointment_remedies() -> None:
    """CMP-REMEDY: delivery and installation are appointments; the others are not."""
    appointments = {r for r in Remedy if r.is_appointment}
    assert appointments == {Remedy.DELIVERY, Remedy.INSTALLATION}


@pytest.mark.parametrize("remedy", [Remedy.DELIVERY, Remedy.INSTALLATION], ids=str)
def test_cmp_remedy_appointment_needs_a_time(remedy: Remedy) -> None:
    """CMP-REMEDY: a delivery or installation without an agreed time is refused."""
    with pytest.raises(InvalidInputError, match=r"^appointment: .*CMP-REMEDY"):
        Option(remedy)
    assert Option(remedy, appointment=APPOINTMENT).appointment == APPOINTMENT


@pytest.mark.parametrize(
    "remedy",
    [Remedy.REPAIR, Remedy.REPLACEMENT, Remedy.REFUND, Remedy.SMALL_GIFT, Remedy.OTHER],
    ids=str,
)
def test_cmp_remedy_other_remedies_refuse_an_appointment(remedy: Remedy) -> None:
    """CMP-REMEDY: only delivery and installation take an appointment."""
    with pytest.raises(InvalidInputError, match=r"^appointment: expected None"):
        Option(remedy, appointment=APPOINTMENT)


def test_cmp_remedy_naive_appointment_is_refused() -> None:
    """CMP-REMEDY: an appointment time must be aware."""
    with pytest.raises(InvalidInputError, match=r"^appointment: "):
        Option(Remedy.INSTALLATION, appointment=dt.datetime(2025, 9, 16, 15))  # noqa: DTZ001


def test_cmp_remedy_unknown_remedy_is_refused() -> None:
    """CMP-REMEDY: a remedy outside the list is refused."""
    with pytest.raises(InvalidInputError, match=r"^remedy: "):
        Option("smile")


def test_cmp_remedy_option_describe() -> None:
    """CMP-REMEDY: an option says itself in a few words."""
    assert REPAIR.describe() == "repair"
    assert REFUND_30.describe() == "refund worth 30"
    delivery = Option(Remedy.DELIVERY, appointment=APPOINTMENT)
    assert delivery.describe() == "delivery at 2025-09-16T15:00:00+08:00"


def test_cmp_remedy_choosing_an_appointment_makes_an_open_promise() -> None:
    """CMP-REMEDY: choosing a delivery makes an open promise due at the appointment."""
    delivery = Option(Remedy.DELIVERY, appointment=APPOINTMENT)
    proposal = ResolutionProposed(
        CID, at=sh(9, 15, 11), options=(REPAIR, delivery), chosen=delivery, role="clerk"
    )
    case = open_case(LISTENED, APOLOGISED, DIAGNOSED, proposal)
    (promise,) = case.promises
    assert promise.status is PromiseStatus.OPEN
    assert promise.due == APPOINTMENT
    assert promise.made_at == sh(9, 15, 11)
    assert promise.promise_id == "delivery@2025-09-16T15:00:00+08:00"
    assert promise.what == "delivery at 2025-09-16T15:00:00+08:00"
    assert case.overdue_promises(sh(9, 16, 15, 30)) == (promise,)
    # The case resolves, but cannot close until the delivery promise is settled.
    rest = [
        Resolved(CID, at=sh(9, 15, 12)),
        FollowedUp(CID, at=sh(9, 17, 10), satisfied=True),
        RECORDED,
    ]
    recorded = open_case(LISTENED, APOLOGISED, DIAGNOSED, proposal, *rest)
    refused(recorded, CLOSED, "open promise")
    kept = recorded.apply(PromiseKept(CID, at=sh(9, 17, 11, 30), promise_id=promise.promise_id))
    assert kept.promises[0].status is PromiseStatus.KEPT_LATE  # done after 09-16 15:00
    assert kept.apply(CLOSED).closed


def test_cmp_remedy_offered_but_not_chosen_appointment_makes_no_promise() -> None:
    """CMP-REMEDY: an appointment offered but not chosen promises nothing."""
    delivery = Option(Remedy.DELIVERY, appointment=APPOINTMENT)
    proposal = ResolutionProposed(
        CID, at=sh(9, 15, 11), options=(REPAIR, delivery), chosen=REPAIR, role="clerk"
    )
    assert open_case(LISTENED, APOLOGISED, DIAGNOSED, proposal).promises == ()


def test_cmp_remedy_appointment_in_the_past_is_refused() -> None:
    """CMP-REMEDY: choosing an appointment already past when proposed is refused (CMP-PROMISE)."""
    install = Option(Remedy.INSTALLATION, appointment=sh(9, 15, 10, 50))
    proposal = ResolutionProposed(
        CID, at=sh(9, 15, 11), options=(install,), chosen=install, role="clerk"
    )
    refused(
        open_case(LISTENED, APOLOGISED, DIAGNOSED),
        proposal,
        r"cannot be due before it is made \(CMP-PROMISE\)",
    )


# --- CMP-NOW: SLA clocks ----------------------------------------------------------------------


def test_cmp_now_on_track() -> None:
    """CMP-NOW: 1 h after receipt, 1 h of the 2 h first response is used: on track."""
    status = sla_status(open_case(), sh(9, 15, 11))
    first, resolution = status.first_response, status.resolution
    assert first.state is SlaState.ON_TRACK
    assert first.target == 2 * H
    assert first.used == H
    assert first.left == H
    assert first.deadline == sh(9, 15, 12)
    assert first.breached_at is None
    assert first.stopped_at is None
    assert not first.paused
    assert first.share_used == Decimal("0.5")
    assert resolution.state is SlaState.ON_TRACK
    assert resolution.used == H
    # 23 h left from Mon 11:00: 10 h Monday, 12 h Tuesday, 1 h Wednesday -> Wed 10:00.
    assert resolution.deadline == sh(9, 17, 10)
    assert not status.breached
    assert status.complaint_id == CID
    assert status.at == sh(9, 15, 11)


def test_cmp_now_at_risk_from_75_percent() -> None:
    """CMP-NOW: 1 h 30 min of 2 h (75 %) is at risk; 1 h 29 min is still on track."""
    case = open_case(LISTENED)
    at_risk = sla_status(case, sh(9, 15, 11, 30)).first_response
    assert at_risk.state is SlaState.AT_RISK
    assert at_risk.left == 30 * MIN
    assert at_risk.deadline == sh(9, 15, 12)
    assert sla_status(case, sh(9, 15, 11, 29)).first_response.state is SlaState.ON_TRACK


def test_cmp_now_at_risk_share_follows_the_policy() -> None:
    """CMP-NOW: with at_risk 0.5, 1 h of 2 h is already at risk."""
    case = open_case(policy=ComplaintPolicy(sla=SlaPolicy(at_risk="0.5")))
    assert sla_status(case, sh(9, 15, 11)).first_response.state is SlaState.AT_RISK


def test_cmp_now_breached() -> None:
    """CMP-NOW: no apology by 12:00 on a 10:00 complaint breaches the first response at 12:00."""
    status = sla_status(open_case(LISTENED), sh(9, 15, 12, 30))
    first = status.first_response
    assert first.state is SlaState.BREACHED
    assert first.breached_at == sh(9, 15, 12)
    assert first.used == 2 * H + 30 * MIN
    assert first.left == ZERO
    assert first.deadline is None
    assert status.breached


def test_cmp_now_exactly_the_target_is_not_breached() -> None:
    """CMP-NOW: a first response after exactly 2 h meets the target (breach is more than it)."""
    case = open_case(LISTENED, Apologised(CID, at=sh(9, 15, 12)))
    first = sla_status(case, sh(9, 15, 13)).first_response
    assert first.state is SlaState.MET
    assert first.breached_at is None


def test_cmp_now_met() -> None:
    """CMP-NOW: a first response after 1 h is met; the clock stops at the apology."""
    case = open_case(LISTENED, Apologised(CID, at=sh(9, 15, 11)))
    first = sla_status(case, sh(9, 15, 13)).first_response
    assert first.state is SlaState.MET
    assert first.used == H
    assert first.stopped_at == sh(9, 15, 11)
    assert first.deadline is None
    assert first.breached_at is None


def test_cmp_now_breach_stays_after_the_clock_stops() -> None:
    """CMP-NOW: an apology at 12:30 stops the clock, but the breach at 12:00 stands."""
    case = open_case(LISTENED, Apologised(CID, at=sh(9, 15, 12, 30)))
    first = sla_status(case, sh(9, 15, 13)).first_response
    assert first.state is SlaState.BREACHED
    assert first.breached_at == sh(9, 15, 12)
    assert first.stopped_at == sh(9, 15, 12, 30)


def test_cmp_now_resolution_met() -> None:
    """CMP-NOW: resolved 2 h after receipt meets the 24 h resolution target."""
    resolution = sla_status(open_case(*SIX_STEPS), LATE).resolution
    assert resolution.state is SlaState.MET
    assert resolution.used == 2 * H
    assert resolution.stopped_at == RESOLVED.at


def test_cmp_now_reasons_name_the_rule() -> None:
    """CMP-NOW: each clock gives one CMP-NOW reason with its figures."""
    status = sla_status(open_case(LISTENED), sh(9, 15, 12, 30))
    assert [r.rule_id for r in status.reasons] == ["CMP-NOW", "CMP-NOW"]
    assert "breached at 2025-09-15T12:00:00+08:00" in status.first_response.reasons[0].detail


def test_cmp_now_reason_of_a_running_clock_gives_its_figures() -> None:
    """CMP-NOW: 1 h of the 2 h first response: the reason gives target, use, what is left, due."""
    first = sla_status(open_case(), sh(9, 15, 11)).first_response
    assert first.reasons[0].detail == (
        "first response target 2 h of working time (normal priority), 1 h used (50 %): "
        "1 h left, due by 2025-09-15T12:00:00+08:00"
    )


def test_cmp_now_reason_of_an_at_risk_clock_says_from_what_share() -> None:
    """CMP-NOW: 1 h 30 min of 2 h used: the reason says at risk from 75 %, then left and due."""
    first = sla_status(open_case(LISTENED), sh(9, 15, 11, 30)).first_response
    assert first.reasons[0].detail == (
        "first response target 2 h of working time (normal priority), 1 h 30 min used (75 %): "
        "at risk (from 75 %), 30 min left, due by 2025-09-15T12:00:00+08:00"
    )


def test_cmp_now_share_used_is_exact_beyond_float_precision() -> None:
    """CMP-NOW: share_used is used / target exactly, even for 2**53 + 1 microseconds used."""
    clock = SlaClock(
        Clock.RESOLUTION,
        state=SlaState.BREACHED,
        target=dt.timedelta(seconds=1),
        used=dt.timedelta(microseconds=2**53 + 1),  # 9007199254740993 us, no float holds it
        left=ZERO,
        deadline=None,
        breached_at=None,
        stopped_at=None,
        paused=False,
        reasons=(),
    )
    assert clock.share_used == Decimal("9007199254.740993")


def test_cmp_now_across_a_weekend() -> None:
    """CMP-NOW: received Fri 09-12 20:00: 1 h Friday, so at risk Mon 09:30, breached at 10:00."""
    case = open_case(of=complaint(received=sh(9, 12, 20)))
    monday = sla_status(case, sh(9, 15, 9, 30)).first_response
    assert monday.used == 90 * MIN
    assert monday.state is SlaState.AT_RISK
    assert monday.deadline == sh(9, 15, 10)
    later = sla_status(case, sh(9, 15, 11)).first_response
    assert later.breached_at == sh(9, 15, 10)


def test_cmp_now_across_cn_golden_week() -> None:
    """CMP-NOW: received Tue 09-30 20:00, the clocks skip 10-01..08."""
    case = open_case(of=complaint(received=sh(9, 30, 20)))
    during = sla_status(case, sh(10, 5, 12))
    assert during.first_response.used == H
    assert during.first_response.state is SlaState.ON_TRACK
    assert during.first_response.deadline == sh(10, 9, 10)
    # 23 h after 09-30: 12 h on Thu 10-09, 11 h on Fri 10-10 -> 20:00.
    assert during.resolution.deadline == sh(10, 10, 20)
    after = sla_status(case, sh(10, 10, 20, 30))
    assert after.resolution.state is SlaState.BREACHED
    assert after.resolution.breached_at == sh(10, 10, 20)
    assert after.first_response.breached_at == sh(10, 9, 10)


def test_cmp_now_counts_the_cn_make_up_sunday() -> None:
    """CMP-NOW: received Fri 09-26 20:00, first response due on make-up Sunday 09-28 10:00."""
    case = open_case(of=complaint(received=sh(9, 26, 20)))
    saturday = sla_status(case, sh(9, 27, 12)).first_response
    assert saturday.used == H
    assert saturday.deadline == sh(9, 28, 10)
    assert sla_status(case, sh(9, 28, 11)).first_response.breached_at == sh(9, 28, 10)


def test_cmp_now_counts_the_cn_make_up_saturday() -> None:
    """CMP-NOW: received Fri 10-10 20:00, first response due on make-up Saturday 10-11 10:00."""
    case = open_case(of=complaint(received=sh(10, 10, 20)))
    assert sla_status(case, sh(10, 10, 22)).first_response.deadline == sh(10, 11, 10)


def test_cmp_now_across_berlin_spring_forward() -> None:
    """CMP-NOW: urgent, received Fri 03-28 20:00 CET: the 4 h resolution ends Mon 12:00 CEST."""
    case = open_case(of=complaint(received=be(3, 28, 20), priority=Priority.URGENT), hours=DE_HOURS)
    weekend = sla_status(case, be(3, 29, 12))
    assert weekend.first_response.breached_at == be(3, 28, 20, 30)
    assert weekend.resolution.used == H
    assert weekend.resolution.deadline == utc(3, 31, 10)
    monday = sla_status(case, be(3, 31, 11)).resolution
    assert monday.used == 3 * H
    assert monday.state is SlaState.AT_RISK
    breached = sla_status(case, be(3, 31, 13)).resolution
    assert breached.breached_at is not None
    assert breached.breached_at.isoformat() == "2025-03-31T12:00:00+02:00"


def test_cmp_now_across_berlin_fall_back() -> None:
    """CMP-NOW: urgent, received Fri 10-24 20:00 CEST: the 4 h resolution ends Mon 12:00 CET."""
    case = open_case(
        of=complaint(received=be(10, 24, 20), priority=Priority.URGENT), hours=DE_HOURS
    )
    breached = sla_status(case, be(10, 27, 13)).resolution
    assert breached.breached_at is not None
    assert breached.breached_at == utc(10, 27, 11)
    assert breached.breached_at.isoformat() == "2025-10-27T12:00:00+01:00"
    assert breached.used == 5 * H


def test_cmp_now_pause_stops_the_resolution_clock() -> None:
    """CMP-NOW: paused Mon 11:00 to Tue 11:00, the resolution clock counts only 10-11 and 11-12."""
    case = open_case(
        LISTENED,
        APOLOGISED,
        ClockPaused(CID, at=sh(9, 15, 11), note="waiting for photos"),
        ClockResumed(CID, at=sh(9, 16, 11)),
    )
    assert case.pauses == ((sh(9, 15, 11), sh(9, 16, 11)),)
    paused = sla_status(case, sh(9, 15, 15))
    assert paused.resolution.paused
    assert paused.resolution.used == H
    assert paused.resolution.deadline is None
    assert paused.resolution.state is SlaState.ON_TRACK
    assert "paused" in paused.resolution.reasons[0].detail
    # The first response stopped at 10:20 and is met, not paused.
    assert paused.first_response.state is SlaState.MET
    assert not paused.first_response.paused
    resumed = sla_status(case, sh(9, 16, 12)).resolution
    assert not resumed.paused
    assert resumed.used == 2 * H
    # 22 h left from Tue 12:00: 9 h Tuesday, 12 h Wednesday, 1 h Thursday -> Thu 10:00.
    assert resumed.deadline == sh(9, 18, 10)


def test_cmp_now_pause_stops_the_first_response_clock() -> None:
    """CMP-NOW: paused 10:30-14:00 before the apology, the first response counts 30 min + 1 h."""
    case = open_case(ClockPaused(CID, at=sh(9, 15, 10, 30)), ClockResumed(CID, at=sh(9, 15, 14)))
    during = sla_status(case, sh(9, 15, 12)).first_response
    assert during.paused
    assert during.used == 30 * MIN
    assert during.deadline is None
    after = sla_status(case, sh(9, 15, 15)).first_response
    assert after.used == 90 * MIN
    assert after.state is SlaState.AT_RISK
    assert after.deadline == sh(9, 15, 15, 30)


def test_cmp_now_a_pause_resumed_at_once_does_not_hide_a_later_pause() -> None:
    """CMP-NOW: a pause resumed at once, then one 11:00-14:00: at 14:30, 1 h 30 min is used."""
    case = open_case(
        ClockPaused(CID, at=sh(9, 15, 10, 30)),
        ClockResumed(CID, at=sh(9, 15, 10, 30)),
        ClockPaused(CID, at=sh(9, 15, 11)),
        ClockResumed(CID, at=sh(9, 15, 14)),
    )
    status = sla_status(case, sh(9, 15, 14, 30))
    # 10:00-11:00 and 14:00-14:30 ran: 90 of 120 minutes, 75 %, at risk.
    assert status.first_response.used == 90 * MIN
    assert status.first_response.state is SlaState.AT_RISK
    assert status.resolution.used == 90 * MIN


def test_cmp_now_case_is_paused_while_a_pause_lasts() -> None:
    """CMP-NOW: the case says it is paused until the clocks resume."""
    pause = ClockPaused(CID, at=sh(9, 15, 11))
    case = open_case(LISTENED, pause)
    assert case.paused
    assert case.pauses == ((sh(9, 15, 11), None),)
    assert not case.apply(ClockResumed(CID, at=sh(9, 15, 12))).paused


def test_cmp_now_pause_rules() -> None:
    """CMP-NOW: no second pause, no resume without a pause, no pause once resolved."""
    paused = open_case(LISTENED, ClockPaused(CID, at=sh(9, 15, 11)))
    refused(paused, ClockPaused(CID, at=sh(9, 15, 12)), "already paused")
    refused(open_case(LISTENED), ClockResumed(CID, at=sh(9, 15, 12)), "not paused")
    refused(open_case(*SIX_STEPS[:5]), ClockPaused(CID, at=LATE), "no longer run")


def test_cmp_now_resolving_ends_a_pause() -> None:
    """CMP-NOW: resolving while paused ends the pause at the resolution."""
    case = open_case(
        LISTENED, APOLOGISED, DIAGNOSED, PROPOSED, ClockPaused(CID, at=sh(9, 15, 11, 10)), RESOLVED
    )
    assert case.pauses == ((sh(9, 15, 11, 10), RESOLVED.at),)
    assert not case.paused
    resolution = sla_status(case, LATE).resolution
    assert resolution.state is SlaState.MET
    assert resolution.used == 70 * MIN


def test_cmp_now_pause_after_the_breach_does_not_move_breached_at() -> None:
    """CMP-NOW: urgent (4 h) received 10:00 breaches at 14:00; a pause at 15:00 changes nothing."""
    urgent = complaint(priority=Priority.URGENT)
    base = (LISTENED, APOLOGISED)
    case = open_case(*base, ClockPaused(CID, at=sh(9, 15, 15)), of=urgent)
    resolution = sla_status(case, sh(9, 15, 16)).resolution
    assert resolution.state is SlaState.BREACHED
    assert resolution.breached_at == sh(9, 15, 14)
    assert resolution.used == 5 * H
    assert resolution.paused
    assert sla_status(open_case(*base, of=urgent), sh(9, 15, 16)).resolution.breached_at == (
        sh(9, 15, 14)
    )


@pytest.mark.parametrize("resume", [sh(9, 15, 22), sh(9, 16, 8)], ids=["22:00", "next-08:00"])
def test_cmp_now_pause_at_the_breach_instant_does_not_move_breached_at(
    resume: dt.datetime,
) -> None:
    """CMP-NOW: urgent 4 h used up at 14:00, paused then; a resume in closed hours moves nothing."""
    case = open_case(
        LISTENED,
        APOLOGISED,
        ClockPaused(CID, at=sh(9, 15, 14)),
        ClockResumed(CID, at=resume),
        of=complaint(priority=Priority.URGENT),
    )
    resolution = sla_status(case, sh(9, 16, 12)).resolution
    # Mon 10:00-14:00 (4 h) + Tue 09:00-12:00 (3 h): 7 h, breached.
    assert resolution.used == 7 * H
    assert resolution.state is SlaState.BREACHED
    # The target ran out at 14:00 Monday (as an unpaused clock would say); at the latest
    # the breach is the first working instant after it, 09:00 Tuesday. Never a closed hour
    # that depends on when the resume was recorded.
    assert resolution.breached_at in {sh(9, 15, 14), sh(9, 16, 9)}


def test_cmp_now_pause_before_the_breach_moves_it() -> None:
    """CMP-NOW: urgent, paused 13:00-15:00, the 4 h run out at 16:00 instead of 14:00."""
    case = open_case(
        LISTENED,
        APOLOGISED,
        ClockPaused(CID, at=sh(9, 15, 13)),
        ClockResumed(CID, at=sh(9, 15, 15)),
        of=complaint(priority=Priority.URGENT),
    )
    assert sla_status(case, sh(9, 15, 17)).resolution.breached_at == sh(9, 15, 16)


def test_cmp_now_earlier_instant_ignores_later_events() -> None:
    """CMP-NOW: at 10:15 the closed case stands as it did then: both clocks running."""
    status = sla_status(open_case(*SIX_STEPS), sh(9, 15, 10, 15))
    assert status.first_response.state is SlaState.ON_TRACK
    assert status.first_response.used == 15 * MIN
    assert status.first_response.stopped_at is None
    assert status.first_response.deadline == sh(9, 15, 12)
    assert status.resolution.state is SlaState.ON_TRACK
    assert status.resolution.stopped_at is None


def test_cmp_now_earlier_instant_ignores_a_later_pause() -> None:
    """CMP-NOW: a pause at 11:00 does not show when asking about 10:45."""
    case = open_case(LISTENED, ClockPaused(CID, at=sh(9, 15, 11)))
    first = sla_status(case, sh(9, 15, 10, 45)).first_response
    assert not first.paused
    assert first.deadline == sh(9, 15, 12)


def test_cmp_now_at_before_receipt_is_refused() -> None:
    """CMP-NOW: asking about an instant before the complaint arrived is refused."""
    with pytest.raises(InvalidInputError, match=r"^at: .*at or after the complaint arrived"):
        sla_status(open_case(), sh(9, 15, 9, 59))


def test_cmp_now_naive_at_is_refused() -> None:
    """CMP-NOW: a naive instant is refused, naming at."""
    with pytest.raises(InvalidInputError, match=r"^at: .*naive"):
        sla_status(open_case(), dt.datetime(2025, 9, 15, 11))  # noqa: DTZ001


def test_cmp_now_non_datetime_at_is_a_type_error() -> None:
    """CMP-NOW: a date is not an instant."""
    with pytest.raises(InvalidTypeError, match=r"^at: "):
        sla_status(open_case(), dt.date(2025, 9, 15))  # type: ignore[arg-type]


# --- CMP-LESSON -------------------------------------------------------------------------------


def lesson_cases() -> list[Case]:
    """Five cases whose figures are worked out by hand in the tests below."""
    # L1: ann, kettle, li. First response 1 h (met), resolution 4 h (met), promise kept,
    # followed up, recorded, closed.
    l1 = open_case(
        Listened("L1", at=sh(9, 15, 9, 30)),
        Apologised("L1", at=sh(9, 15, 10)),
        PromiseMade("L1", at=sh(9, 15, 10, 30), promise_id="p", what="call", due=sh(9, 15, 12)),
        CauseDiagnosed("L1", at=sh(9, 15, 10, 40), cause=Cause.PRODUCT_QUALITY),
        ResolutionProposed("L1", at=sh(9, 15, 11), options=(REPAIR,), chosen=REPAIR, role="clerk"),
        PromiseKept("L1", at=sh(9, 15, 11, 30), promise_id="p"),
        Resolved("L1", at=sh(9, 15, 13)),
        FollowedUp("L1", at=sh(9, 17, 10), satisfied=True),
        Recorded("L1", at=sh(9, 17, 10, 30), details="d", lesson="l"),
        Closed("L1", at=sh(9, 17, 11)),
        of=complaint("L1", received=sh(9, 15, 9), customer="ann", product="kettle", staff="li"),
    )
    # L2: ann, kettle, wang. First response 3 h (breached), resolution Tue 12 h + Wed 12 h +
    # Thu 6 h = 30 h (breached), promise kept late, never followed up.
    l2 = open_case(
        Listened("L2", at=sh(9, 16, 11)),
        Apologised("L2", at=sh(9, 16, 12)),
        PromiseMade("L2", at=sh(9, 16, 12, 10), promise_id="p", what="call", due=sh(9, 17, 12)),
        CauseDiagnosed("L2", at=sh(9, 16, 12, 20), cause=Cause.PRODUCT_QUALITY),
        ResolutionProposed(
            "L2", at=sh(9, 16, 12, 30), options=(REPAIR,), chosen=REPAIR, role="clerk"
        ),
        PromiseKept("L2", at=sh(9, 17, 13), promise_id="p"),
        Resolved("L2", at=sh(9, 18, 15)),
        of=complaint("L2", received=sh(9, 16, 9), customer="ann", product="kettle", staff="wang"),
    )
    # L3: bo, sofa, li. First response 30 min (met), resolved after 6 h, unhappy at the
    # follow-up, diagnosed again as an expectation gap: reopened, not resolved now.
    l3 = open_case(
        *steps(
            "L3",
            sh(9, 15, 14, 10),
            sh(9, 15, 14, 30),
            sh(9, 15, 15),
            sh(9, 15, 15, 30),
            sh(9, 15, 20),
            cause=Cause.STAFF_SERVICE,
        ),
        FollowedUp("L3", at=sh(9, 17, 10), satisfied=False),
        CauseDiagnosed("L3", at=sh(9, 17, 10, 30), cause=Cause.EXPECTATION_GAP),
        of=complaint("L3", received=sh(9, 15, 14), customer="bo", product="sofa", staff="li"),
    )
    # L4: cy, no product, zhou. First response 1 h 30 min (met), resolution 10 h (met),
    # followed up, recorded, closed.
    l4 = open_case(
        *steps(
            "L4",
            sh(9, 15, 10, 30),
            sh(9, 15, 11, 30),
            sh(9, 15, 12),
            sh(9, 15, 12, 30),
            sh(9, 15, 20),
        ),
        FollowedUp("L4", at=sh(9, 17, 9, 30), satisfied=True),
        Recorded("L4", at=sh(9, 17, 9, 40), details="d", lesson="l"),
        Closed("L4", at=sh(9, 17, 9, 50)),
        of=complaint("L4", received=sh(9, 15, 10), customer="cy", staff="zhou"),
    )
    # L5: bo, sofa, no staff. Nothing but a broken promise.
    l5 = open_case(
        PromiseMade("L5", at=sh(9, 16, 9, 30), promise_id="p", what="call", due=sh(9, 16, 12)),
        PromiseBroken("L5", at=sh(9, 16, 13), promise_id="p"),
        of=complaint("L5", received=sh(9, 16, 9), customer="bo", product="sofa"),
    )
    return [l1, l2, l3, l4, l5]


def test_cmp_lesson_counts_causes_ranked_with_cumulative_shares() -> None:
    """CMP-LESSON: product quality 3 of 4 diagnosed cases (the latest cause counts), then gap 1."""
    result = lessons(lesson_cases())
    assert result.cases == 5
    assert [(t.label, t.count, t.share, t.cumulative, t.n) for t in result.by_cause] == [
        ("product_quality", 3, Decimal("0.75"), Decimal("0.75"), 4),
        ("expectation_gap", 1, Decimal("0.25"), Decimal(1), 4),
    ]
    assert result.vital_few == ("product_quality", "expectation_gap")


def test_cmp_lesson_counts_by_product_and_staff() -> None:
    """CMP-LESSON: kettle 2 and sofa 2 of 4; staff li 2, wang 1, zhou 1 of 4 (ties by name)."""
    result = lessons(lesson_cases())
    assert [(t.label, t.count, t.share, t.cumulative, t.n) for t in result.by_product] == [
        ("kettle", 2, Decimal("0.5"), Decimal("0.5"), 4),
        ("sofa", 2, Decimal("0.5"), Decimal(1), 4),
    ]
    assert [(t.label, t.count, t.share, t.cumulative, t.n) for t in result.by_staff] == [
        ("li", 2, Decimal("0.5"), Decimal("0.5"), 4),
        ("wang", 1, Decimal("0.25"), Decimal("0.75"), 4),
        ("zhou", 1, Decimal("0.25"), Decimal(1), 4),
    ]


def test_cmp_lesson_medians() -> None:
    """CMP-LESSON: first response median of 30 min, 1 h, 1 h 30, 3 h is 1 h 15; resolution 10 h."""
    result = lessons(lesson_cases())
    assert result.first_response == Median(75 * MIN, n=4)
    # Resolved now: L1 4 h, L2 30 h, L4 10 h (L3 is reopened).
    assert result.resolution == Median(10 * H, n=3)


def test_cmp_lesson_rates() -> None:
    """CMP-LESSON: in-SLA, promises kept, followed-up and reopened rates, each with its n."""
    result = lessons(lesson_cases())
    assert result.first_response_in_sla == Rate(Decimal("0.75"), count=3, n=4)
    assert result.resolved_in_sla == Rate(Decimal("0.6666666666666666666666666667"), count=2, n=3)
    # kept, kept late, broken: only one kept by its due time.
    assert result.promises_kept == Rate(Decimal("0.3333333333333333333333333333"), count=1, n=3)
    # Ever resolved: L1, L2, L3, L4; followed up: L1, L3, L4.
    assert result.followed_up == Rate(Decimal("0.75"), count=3, n=4)
    assert result.reopened == Rate(Decimal("0.2"), count=1, n=5)
    assert str(result.followed_up) == "75 % of 4"


def test_cmp_lesson_repeat_customers() -> None:
    """CMP-LESSON: ann and bo complained twice each; cy once is not a repeat."""
    assert lessons(lesson_cases()).repeat_customers == (("ann", 2), ("bo", 2))


def test_cmp_lesson_repeat_customers_most_complaints_first() -> None:
    """CMP-LESSON: zed with 3 complaints comes before amy and bob with 2 each (ties by ID)."""
    owners = ["bob", "zed", "amy", "zed", "bob", "amy", "zed", "cy"]
    cases = [open_case(of=complaint(f"R{i}", customer=c)) for i, c in enumerate(owners)]
    assert lessons(cases).repeat_customers == (("zed", 3), ("amy", 2), ("bob", 2))


def test_cmp_lesson_reasons() -> None:
    """CMP-LESSON: the reasons name the vital few causes and the repeat customers."""
    reasons = lessons(lesson_cases()).reasons
    assert [r.rule_id for r in reasons] == ["CMP-LESSON", "CMP-LESSON"]
    assert "product_quality 3 (75 %)" in reasons[0].detail
    assert "4 diagnosed cases" in reasons[0].detail
    assert "2 customers complained more than once" in reasons[1].detail


def test_cmp_lesson_reason_without_a_diagnosis_counts_the_cases() -> None:
    """CMP-LESSON: with no cause diagnosed, the reason says so and counts the cases."""
    assert [r.detail for r in lessons([]).reasons] == ["no diagnosed cause yet among 0 cases"]
    one = lessons([open_case()])
    assert [r.detail for r in one.reasons] == ["no diagnosed cause yet among 1 case"]


def test_cmp_lesson_html_caption_counts_the_diagnosed_cases() -> None:
    """CMP-LESSON: the HTML caption gives the cases and how many of them have a cause."""
    caption = "<caption>Lessons from {} complaints ({} with a diagnosed cause)</caption>"
    assert caption.format(0, 0) in lessons([]).to_html()
    one_cause = [
        open_case(of=complaint("U1")),
        diagnosed("P1", Cause.PRODUCT_QUALITY, "a"),
        diagnosed("P2", Cause.PRODUCT_QUALITY, "b"),
    ]
    assert caption.format(3, 2) in lessons(one_cause).to_html()
    assert caption.format(5, 4) in lessons(lesson_cases()).to_html()


def test_cmp_lesson_html_shows_at_most_max_rows() -> None:
    """CMP-LESSON: max_rows=1 shows the top cause only and counts the one row left out."""
    text = lessons(lesson_cases()).to_html(max_rows=1)
    assert text.count("<tr><td>") == 1
    assert "<tr><td>product quality</td>" in text
    assert "\u2026 1 more row" in text
    assert lessons(lesson_cases()).to_html().count("<tr><td>") == 2


def test_cmp_lesson_order_of_cases_does_not_matter() -> None:
    """CMP-LESSON: the cases in reverse order give the same lessons."""
    cases = lesson_cases()
    assert lessons(reversed(cases)) == lessons(cases)
    assert lessons(iter(cases[2:] + cases[:2])) == lessons(cases)


def diagnosed(cid: str, cause: Cause, customer: str) -> Case:
    """A case diagnosed with ``cause``, nothing more."""
    note = "other cause" if cause is Cause.OTHER else None
    return open_case(
        Listened(cid, at=sh(9, 15, 10, 10)),
        Apologised(cid, at=sh(9, 15, 10, 20)),
        CauseDiagnosed(cid, at=sh(9, 15, 10, 30), cause=cause, note=note),
        of=complaint(cid, customer=customer),
    )


def test_cmp_lesson_pareto_vital_few_stops_at_80_percent() -> None:
    """CMP-LESSON: product quality 4 of 5 is 80 %, so it alone is the vital few."""
    cases = [diagnosed(f"P{i}", Cause.PRODUCT_QUALITY, f"c{i}") for i in range(4)]
    cases.append(diagnosed("P9", Cause.STAFF_SERVICE, "c9"))
    result = lessons(cases)
    assert [(t.label, t.cumulative) for t in result.by_cause] == [
        ("product_quality", Decimal("0.8")),
        ("staff_service", Decimal(1)),
    ]
    assert result.vital_few == ("product_quality",)


def test_cmp_lesson_ties_rank_in_cause_order() -> None:
    """CMP-LESSON: equal counts rank gap, quality, service, other; vital few up to 80 %."""
    cases = [
        diagnosed("T1", Cause.OTHER, "a"),
        diagnosed("T2", Cause.STAFF_SERVICE, "b"),
        diagnosed("T3", Cause.EXPECTATION_GAP, "c"),
        diagnosed("T4", Cause.PRODUCT_QUALITY, "d"),
        diagnosed("T5", Cause.PRODUCT_QUALITY, "e"),
    ]
    result = lessons(cases)
    assert [(t.label, t.count, t.cumulative) for t in result.by_cause] == [
        ("product_quality", 2, Decimal("0.4")),
        ("expectation_gap", 1, Decimal("0.6")),
        ("staff_service", 1, Decimal("0.8")),
        ("other", 1, Decimal(1)),
    ]
    assert result.vital_few == ("product_quality", "expectation_gap", "staff_service")


def test_cmp_lesson_duplicate_complaint_ids_are_refused() -> None:
    """CMP-LESSON: two cases of the same complaint raise DuplicateError."""
    case = diagnosed("D1", Cause.PRODUCT_QUALITY, "a")
    with pytest.raises(DuplicateError, match="'D1' twice"):
        lessons([case, case.apply(attrs.evolve(PROPOSED, complaint_id="D1", at=LATE))])


def test_cmp_lesson_non_case_is_a_type_error() -> None:
    """CMP-LESSON: only cases can be counted."""
    with pytest.raises(InvalidTypeError, match=r"^cases\[1\]: "):
        lessons([open_case(), "C-2"])  # type: ignore[list-item]


def test_cmp_lesson_empty_input_gives_figures_of_nothing() -> None:
    """CMP-LESSON: no cases give n = 0 everywhere and no values."""
    result = lessons([])
    assert result.cases == 0
    assert result.by_cause == ()
    assert result.by_product == ()
    assert result.by_staff == ()
    assert result.first_response == Median(None, n=0)
    assert result.resolution == Median(None, n=0)
    for rate in (
        result.first_response_in_sla,
        result.resolved_in_sla,
        result.promises_kept,
        result.followed_up,
        result.reopened,
    ):
        assert rate == Rate(None, count=0, n=0)
    assert str(result.reopened) == "n/a (0)"
    assert result.repeat_customers == ()
    assert result.vital_few == ()
    assert [r.rule_id for r in result.reasons] == ["CMP-LESSON"]


# --- the case's and the policy's own inputs ---------------------------------------------------


def test_cmp_steps_case_arguments_are_type_checked() -> None:
    """CMP-STEPS: a case needs a Complaint, a StoreHours, a ComplaintPolicy and an event list."""
    with pytest.raises(InvalidTypeError, match=r"^complaint: "):
        Case.open("C-001", hours=CN_HOURS)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^hours: "):
        Case.open(complaint(), hours="09-21")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^policy: "):
        Case.open(complaint(), hours=CN_HOURS, policy={"clerk": 50})  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^events: "):
        Case(complaint(), hours=CN_HOURS, policy=ComplaintPolicy(), events=5)


@pytest.mark.parametrize("events", [None, 5, "listened", {"listened": 1}], ids=repr)
def test_cmp_steps_case_open_checks_the_events_argument(events: object) -> None:
    """CMP-STEPS: Case.open refuses events that are not an iterable of events, naming events."""
    with pytest.raises(InvalidTypeError, match=r"^events: "):
        Case.open(complaint(), hours=CN_HOURS, events=events)  # type: ignore[arg-type]


def test_cmp_steps_events_argument_error_says_what_was_expected() -> None:
    """CMP-STEPS: a bad events argument is named, with what was expected and what came."""
    expected = r"^events: expected an iterable of complaint events, got 5 \(int\)$"
    with pytest.raises(InvalidTypeError, match=expected):
        Case.open(complaint(), hours=CN_HOURS, events=5)  # type: ignore[arg-type]


def test_cmp_steps_open_with_a_refused_event_refuses_the_case() -> None:
    """CMP-STEPS: opening a case with an out-of-order event list raises, no half case."""
    with pytest.raises(InvalidTransitionError, match="CMP-STEPS"):
        open_case(LISTENED, DIAGNOSED)


def test_cmp_now_default_sla_targets() -> None:
    """CMP-NOW: default targets in working time per priority (first response, resolution)."""
    sla = SlaPolicy()
    assert {p: (sla.target(p).first_response, sla.target(p).resolution) for p in Priority} == {
        Priority.URGENT: (30 * MIN, 4 * H),
        Priority.HIGH: (H, 12 * H),
        Priority.NORMAL: (2 * H, 24 * H),
        Priority.LOW: (4 * H, 48 * H),
    }
    assert open_case().target == SlaTarget(2 * H, resolution=24 * H)


def test_cmp_now_policy_targets_set_the_clocks() -> None:
    """CMP-NOW: with a 1 h normal first response, 1 h 30 min after receipt is breached at 11:00."""
    sla = SlaPolicy(normal=SlaTarget(H, resolution=8 * H))
    case = open_case(policy=ComplaintPolicy(sla=sla))
    status = sla_status(case, sh(9, 15, 11, 30))
    assert status.first_response.breached_at == sh(9, 15, 11)
    # 8 h from Mon 10:00: 10:00-18:00.
    assert status.resolution.deadline == sh(9, 15, 18)


@pytest.mark.parametrize(
    "build",
    [
        lambda: SlaTarget(ZERO, resolution=H),
        lambda: SlaTarget(2 * H, resolution=H),
        lambda: SlaTarget(H, resolution=-H),
        lambda: ComplaintPolicy(sla={Priority.NORMAL: SlaTarget(H, resolution=H)}),
        lambda: SlaPolicy(at_risk=1),
        lambda: SlaPolicy(at_risk=0),
        lambda: ComplaintPolicy(limits={}),
        lambda: ComplaintPolicy(limits={"clerk": -5}),
        lambda: ComplaintPolicy(follow_up_days=-1),
        lambda: ComplaintPolicy(follow_up_window_days=0),
    ],
    ids=[
        "zero-first-response",
        "resolution-before-first-response",
        "negative-resolution",
        "missing-priorities",
        "at-risk-1",
        "at-risk-0",
        "no-roles",
        "negative-limit",
        "negative-follow-up-days",
        "zero-follow-up-window",
    ],
)
def test_cmp_now_and_compensate_bad_policy_raises(build: Callable[[], object]) -> None:
    """CMP-NOW/CMP-COMPENSATE: contradictory or out-of-range policy settings are refused."""
    with pytest.raises(InvalidPolicyError):
        build()


@pytest.mark.parametrize(
    ("build", "error", "message"),
    [
        (
            lambda: SlaPolicy(at_risk="most"),
            InvalidPolicyError,
            r"^at_risk: expected a decimal share between 0 and 1, got 'most'",
        ),
        (
            lambda: ComplaintPolicy(limits=50),
            InvalidPolicyError,
            r"^limits: expected a mapping of role to compensation limit, got 50 \(int\)$",
        ),
        (
            # A caller's bad argument, not a bad policy: either error class is acceptable.
            lambda: SlaPolicy().target("critical"),  # type: ignore[arg-type]
            (InvalidInputError, InvalidPolicyError),
            r"^priority: expected 'urgent', 'high', 'normal' or 'low', got 'critical' \(str\)$",
        ),
    ],
    ids=["at-risk-not-a-number", "limits-not-a-mapping", "unknown-priority"],
)
def test_cmp_now_and_compensate_policy_errors_name_the_field(
    build: Callable[[], object],
    error: type[Exception] | tuple[type[Exception], ...],
    message: str,
) -> None:
    """CMP-NOW/CMP-COMPENSATE: a bad policy value's error names the field and what came."""
    with pytest.raises(error, match=message):
        build()


@pytest.mark.parametrize(
    ("build", "error", "field"),
    [
        (lambda: Listened(CID, at=dt.datetime(2025, 9, 15, 10)), InvalidInputError, "at"),  # noqa: DTZ001
        (lambda: Listened("", at=LATE), InvalidInputError, "complaint_id"),
        (lambda: Listened(CID, at=LATE, by=""), InvalidInputError, "by"),
        (
            lambda: FollowedUp(CID, at=LATE, satisfied=1),  # type: ignore[arg-type]
            InvalidTypeError,
            "satisfied",
        ),
        (lambda: Recorded(CID, at=LATE, details="d", lesson=" "), InvalidInputError, "lesson"),
        (lambda: Recorded(CID, at=LATE, details="", lesson="l"), InvalidInputError, "details"),
        (lambda: PromiseKept(CID, at=LATE, promise_id=""), InvalidInputError, "promise_id"),
        (
            lambda: CompensationApproved(CID, at=LATE, role="", amount=10),
            InvalidInputError,
            "role",
        ),
    ],
    ids=[
        "naive-at",
        "empty-complaint-id",
        "empty-by",
        "int-satisfied",
        "blank-lesson",
        "empty-details",
        "empty-promise-id",
        "empty-role",
    ],
)
def test_cmp_steps_bad_event_fields_raise_naming_the_field(
    build: Callable[[], object], error: type[Exception], field: str
) -> None:
    """CMP-STEPS: events refuse naive times, empty IDs and texts, non-bool satisfaction."""
    with pytest.raises(error, match=rf"^{field}: "):
        build()


def test_cmp_now_answered_overnight_after_the_target_ran_out_at_closing_is_breached() -> None:
    """CMP-NOW: urgent at Mon 20:30 runs out at 21:00; an answer at 22:05 is breached at 21:00."""
    late = complaint(received=sh(9, 15, 20, 30), priority=Priority.URGENT)
    case = open_case(Listened(CID, at=sh(9, 15, 22)), Apologised(CID, at=sh(9, 15, 22, 5)), of=late)
    clock = sla_status(case, sh(9, 15, 23)).first_response
    assert clock.state is SlaState.BREACHED
    assert clock.used == 30 * MIN  # no working time after closing
    assert clock.breached_at == sh(9, 15, 21)


def test_cmp_now_answered_at_the_very_instant_the_target_runs_out_is_met() -> None:
    """CMP-NOW: the same complaint answered at 21:00 sharp met its 30-minute target."""
    late = complaint(received=sh(9, 15, 20, 30), priority=Priority.URGENT)
    case = open_case(
        Listened(CID, at=sh(9, 15, 20, 50)), Apologised(CID, at=sh(9, 15, 21)), of=late
    )
    clock = sla_status(case, sh(9, 15, 23)).first_response
    assert clock.state is SlaState.MET
    assert clock.breached_at is None


def test_cmp_now_running_clock_at_its_last_instant_is_not_yet_breached() -> None:
    """CMP-NOW: read at 21:00 sharp, the unanswered clock has 0 left; a minute on, breached."""
    late = complaint(received=sh(9, 15, 20, 30), priority=Priority.URGENT)
    case = open_case(of=late)
    assert sla_status(case, sh(9, 15, 21)).first_response.state is SlaState.AT_RISK
    later = sla_status(case, sh(9, 15, 21, 1)).first_response
    assert later.state is SlaState.BREACHED
    assert later.breached_at == sh(9, 15, 21)
