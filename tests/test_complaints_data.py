"""Complaint events, complaints and cases as plain data and as rows (CMP-STEPS, CMP-NOW).

``retention.config`` writes each event, complaint and case log as JSON-able dicts and
reads them back, checking rather than converting; ``Case`` and ``SlaStatus`` give rows
through the ``cases`` and ``sla_clocks`` tables. Times: Shanghai is UTC+8 all year;
Berlin goes from +02:00 back to +01:00 at 03:00 on Sunday 2025-10-26, so 02:30 that
night happens twice. Store hours 09:00-21:00; default SLA for normal priority: first
response 2 h, resolution 24 h of working time; high priority 1 h and 12 h.
"""

# Chinese captions use Chinese punctuation (full-width commas and semicolons).
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import StoreCalendar, StoreHours, _tables
from retention.complaints import (
    Apologised,
    Case,
    Cause,
    CauseDiagnosed,
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
    Option,
    Priority,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
    Recorded,
    Remedy,
    ResolutionProposed,
    Resolved,
    SlaState,
    Stage,
    case_frame,
    case_html,
    case_records,
    sla_status,
)
from retention.config import (
    case_from_dict,
    case_to_dict,
    complaint_from_dict,
    complaint_to_dict,
    event_from_dict,
    event_to_dict,
    to_dict,
)
from retention.exceptions import (
    DuplicateError,
    InvalidInputError,
    InvalidTransitionError,
    InvalidTypeError,
)
from retention.testing import strategies as rst

SHANGHAI = ZoneInfo("Asia/Shanghai")
BERLIN = ZoneInfo("Europe/Berlin")
CN_HOURS = StoreHours(StoreCalendar.build("CN", years=[2025]), timezone="Asia/Shanghai")
DE_HOURS = StoreHours(StoreCalendar.build("DE", years=[2025]), timezone="Europe/Berlin")
CID = "K-1"


def sh(month: int, day: int, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A 2025 wall-clock instant in Shanghai."""
    return dt.datetime(2025, month, day, hour, minute, tzinfo=SHANGHAI)


def json_trip(data: object) -> Any:  # whatever JSON gives back
    """``data`` through ``json.dumps`` and ``json.loads``."""
    return json.loads(json.dumps(data))


COMPLAINT = Complaint(
    CID,
    customer_id="cho",
    received_at=sh(9, 15, 10),
    channel=ComplaintChannel.PHONE,
    summary="The serum stings.",
    priority=Priority.HIGH,
    product="glow serum",
    staff_id="lin",
    asks_for=Remedy.REFUND,
)
REFUND = Option(Remedy.REFUND, amount=Decimal("120.50"), note="full price")
DELIVERY = Option(Remedy.DELIVERY, appointment=sh(9, 16, 15))

#: One event of each kind, every optional field used somewhere.
EVENTS: tuple[Event, ...] = (
    Listened(CID, at=sh(9, 15, 10, 5), by="lin", note="heard her out"),
    Apologised(CID, at=sh(9, 15, 10, 10)),
    CauseDiagnosed(CID, at=sh(9, 15, 10, 30), cause=Cause.OTHER, note="heat in the window"),
    ResolutionProposed(
        CID, at=sh(9, 15, 11), options=(REFUND, DELIVERY), chosen=REFUND, role="clerk"
    ),
    CompensationApproved(CID, at=sh(9, 15, 11, 30), role="supervisor", amount=Decimal("120.50")),
    Resolved(CID, at=sh(9, 15, 12)),
    FollowedUp(CID, at=sh(9, 17, 10), satisfied=False),
    Recorded(CID, at=sh(9, 18, 11), details="batch 2504", lesson="no serums in the window"),
    Closed(CID, at=sh(9, 18, 12)),
    PromiseMade(CID, at=sh(9, 15, 11), promise_id="p1", what="call back", due=sh(9, 16, 12)),
    PromiseKept(CID, at=sh(9, 16, 11), promise_id="p1"),
    PromiseBroken(CID, at=sh(9, 16, 11), promise_id="p1"),
    ClockPaused(CID, at=sh(9, 15, 13), note="waiting for her photo"),
    ClockResumed(CID, at=sh(9, 15, 14)),
)

#: A case that takes a promise, a pause, an approval and a reopen on its way to closing.
LOG: tuple[Event, ...] = (
    Listened(CID, at=sh(9, 15, 10, 5), by="lin"),
    Apologised(CID, at=sh(9, 15, 10, 10)),
    PromiseMade(CID, at=sh(9, 15, 10, 20), promise_id="p1", what="call back", due=sh(9, 15, 17)),
    CauseDiagnosed(CID, at=sh(9, 15, 10, 30), cause=Cause.PRODUCT_QUALITY),
    ClockPaused(CID, at=sh(9, 15, 10, 40), note="waiting for her photo"),
    ClockResumed(CID, at=sh(9, 15, 12)),
    ResolutionProposed(CID, at=sh(9, 15, 13), options=(REFUND,), chosen=REFUND, role="clerk"),
    CompensationApproved(CID, at=sh(9, 15, 13, 30), role="supervisor", amount=Decimal(200)),
    Resolved(CID, at=sh(9, 15, 14)),
    PromiseKept(CID, at=sh(9, 15, 16), promise_id="p1"),
    FollowedUp(CID, at=sh(9, 17, 10), satisfied=True),
    Recorded(CID, at=sh(9, 17, 11), details="batch 2504", lesson="no serums in the window"),
    Closed(CID, at=sh(9, 17, 12)),
)


def listened(**fields: object) -> dict[str, object]:
    """A plain ``listened`` event with ``fields`` on top."""
    return {"kind": "listened", "complaint_id": CID, "at": "2025-09-15T10:05:00+08:00", **fields}


def refusal(call: Any, *args: Any, **kwargs: Any) -> str:
    """The message of the InvalidInputError ``call(*args, **kwargs)`` raises."""
    with pytest.raises(InvalidInputError) as info:
        call(*args, **kwargs)
    return str(info.value)


# --- events to plain data and back ----------------------------------------------------------


def test_the_examples_cover_every_kind_of_event() -> None:
    """Each of the fourteen event kinds has an example below (CMP-STEPS)."""
    assert sorted(event.kind.value for event in EVENTS) == sorted(kind.value for kind in EventKind)


@pytest.mark.parametrize("event", EVENTS, ids=lambda event: event.kind.value)
def test_every_kind_of_event_round_trips_through_json(event: Event) -> None:
    """An event's plain data names its kind first and reads back equal after JSON (CMP-STEPS)."""
    data = event_to_dict(event)
    assert next(iter(data)) == "kind"
    assert data["kind"] == event.kind.value
    assert json_trip(data) == data
    assert event_from_dict(json_trip(data)) == event


def test_event_plain_forms_are_strings_with_offsets_and_zones() -> None:
    """Instants carry offset and zone, amounts are strings, None is null (CMP-CHOICE)."""
    data = event_to_dict(EVENTS[3])
    assert data == {
        "kind": "resolution_proposed",
        "complaint_id": CID,
        "at": "2025-09-15T11:00:00+08:00[Asia/Shanghai]",
        "by": None,
        "note": None,
        "options": [
            {"remedy": "refund", "amount": "120.50", "appointment": None, "note": "full price"},
            {
                "remedy": "delivery",
                "amount": "0",
                "appointment": "2025-09-16T15:00:00+08:00[Asia/Shanghai]",
                "note": None,
            },
        ],
        "chosen": {
            "remedy": "refund",
            "amount": "120.50",
            "appointment": None,
            "note": "full price",
        },
        "role": "clerk",
    }


def test_a_time_in_the_repeated_hour_keeps_its_zone_and_fold() -> None:
    """02:30 the second time round in Berlin reads back as that very time (CMP-NOW)."""
    second = dt.datetime(2025, 10, 26, 2, 30, tzinfo=BERLIN, fold=1)
    event = Listened(CID, at=second)
    data = event_to_dict(event)
    assert data["at"] == "2025-10-26T02:30:00+01:00[Europe/Berlin]"
    back = event_from_dict(json_trip(data))
    assert back == event
    assert back.at.tzinfo is BERLIN
    assert back.at.fold == 1
    first = event_from_dict(listened(at="2025-10-26T02:30:00+02:00[Europe/Berlin]"))
    assert first.at.fold == 0


def test_a_fixed_offset_is_written_without_a_zone_and_read_as_it_is() -> None:
    """UTC and plain offsets need no zone; a plain ISO 8601 text reads as its offset (CMP-NOW)."""
    event = Listened(CID, at=dt.datetime(2025, 9, 15, 2, 5, tzinfo=dt.UTC))
    assert event_to_dict(event)["at"] == "2025-09-15T02:05:00+00:00"
    assert event_from_dict(event_to_dict(event)) == event
    read = event_from_dict(listened(at="2025-09-15T10:05:00+08:00"))
    assert read.at.utcoffset() == dt.timedelta(hours=8)
    assert read.at == sh(9, 15, 10, 5)


def test_an_event_reads_python_values_a_database_hands_over() -> None:
    """An aware datetime and a Decimal or int amount are read as they are (CMP-COMPENSATE)."""
    at = sh(9, 15, 11, 30)
    approval = event_from_dict(
        {
            "kind": "compensation_approved",
            "complaint_id": CID,
            "at": at,
            "role": "owner",
            "amount": 7,
        }
    )
    assert approval == CompensationApproved(CID, at=at, role="owner", amount=Decimal(7))
    decimal = {"remedy": "refund", "amount": Decimal("1.5")}
    proposal = event_from_dict(
        listened(kind="resolution_proposed", options=[decimal], chosen=decimal, role="clerk")
    )
    assert isinstance(proposal, ResolutionProposed)
    assert proposal.chosen.amount == Decimal("1.5")


def test_optional_fields_may_be_left_out() -> None:
    """``by`` and ``note`` default to None when the keys are not there (CMP-STEPS)."""
    assert event_from_dict(listened()) == Listened(CID, at=sh(9, 15, 10, 5))


# --- refusals ---------------------------------------------------------------------------------


def test_an_event_without_a_known_kind_is_refused() -> None:
    """No kind, an unknown kind or one that is not a string: its path and the kinds (CMP-STEPS)."""
    message = refusal(event_from_dict, {"complaint_id": CID})
    assert message.startswith('$.kind: expected one of "listened", "apologised", ')
    assert message.endswith("got nothing: the key is missing")
    assert refusal(event_from_dict, listened(kind="cancelled")).endswith('got "cancelled"')
    assert refusal(event_from_dict, listened(kind=3)).endswith("got 3")
    assert refusal(event_from_dict, ["listened"]) == (
        '$: expected a mapping of event fields with its "kind", got a list'
    )


def test_an_event_with_wrong_types_is_refused_with_every_problem() -> None:
    """Each field's path, what it expects and what arrived, one line each (CMP-STEPS)."""
    message = refusal(event_from_dict, listened(complaint_id=3, by=5, nte="x"))
    assert message.splitlines() == [
        "$.complaint_id: expected a string, got 3",
        "$.by: expected a string or null, got 5",
        (
            '$.nte: unknown key, did you mean "note"? '
            "(the Listened fields: complaint_id, at, by, note)"
        ),
    ]
    message = refusal(event_from_dict, listened(zzz=1))
    assert message == "$.zzz: unknown key (the Listened fields: complaint_id, at, by, note)"


def test_a_missing_field_says_what_it_expects() -> None:
    """A required key that is not there names its path and its form (CMP-STEPS)."""
    message = refusal(event_from_dict, {"kind": "followed_up", "complaint_id": CID})
    assert message.splitlines() == [
        (
            "$.at: expected an ISO 8601 date and time with its UTC offset, such as "
            '"2025-05-28T19:00:00+08:00", optionally followed by its IANA zone: '
            '"2025-05-28T19:00:00+08:00[Asia/Shanghai]", got nothing: the key is missing'
        ),
        "$.satisfied: expected true or false, got nothing: the key is missing",
    ]


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        ("2025-09-15T10:05:00", "(a local time without one names no instant), got "),
        (dt.datetime(2025, 9, 15, 10, 5), "(a datetime without one names no instant), got "),  # noqa: DTZ001
        ("yesterday", 'optionally followed by its IANA zone: "2025-05-28T19:00:00+08:00'),
        ("2025-09-15T10:05+08:00[Asia/Shanghai]x", '[Asia/Shanghai]", got '),
        (1757901900, '[Asia/Shanghai]", got 1757901900'),
        ("2025-09-15T10:05+08:00[Mars/Olympus]", "expected a time zone the IANA database knows"),
        ("2025-09-15T10:05+08:00[../etc]", "expected a time zone the IANA database knows"),
        ("2025-09-15T10:05+08:00[Europe]", "expected a time zone the IANA database knows"),
        ("2025-09-15T10:05+08:00[Europe/Berlin]", "expected an offset that Europe/Berlin has"),
    ],
)
def test_an_instant_that_names_no_instant_or_a_wrong_zone_is_refused(
    at: object, expected: str
) -> None:
    """Naive times, non-ISO text, unknown zones and offsets the zone lacks are refused (CMP-NOW)."""
    message = refusal(event_from_dict, listened(at=at))
    assert message.startswith("$.at: expected ")
    assert expected in message


def test_a_float_amount_is_refused_and_a_negative_one_by_its_check() -> None:
    """An amount is a decimal string or an int, never a float; and not below 0 (CMP-COMPENSATE)."""
    event = {"kind": "compensation_approved", "complaint_id": CID, "at": sh(9, 15), "role": "a"}
    assert refusal(event_from_dict, {**event, "amount": 0.1}) == (
        '$.amount: expected an amount as a decimal string such as "12.50", or an int, got 0.1'
    )
    message = refusal(event_from_dict, {**event, "amount": "-5"})
    assert message.startswith("$.amount: expected ")
    assert message.endswith('got "-5"')


def test_options_must_be_a_list_of_valid_options() -> None:
    """Options are a list; each problem has its index; the choice must be offered (CMP-CHOICE)."""
    proposal = listened(kind="resolution_proposed", role="clerk", chosen={"remedy": "repair"})
    assert refusal(event_from_dict, {**proposal, "options": "repair"}) == (
        '$.options: expected a list, got "repair"'
    )
    message = refusal(event_from_dict, {**proposal, "options": [{"remedy": "repair"}, 3]})
    assert message == "$.options[1]: expected a mapping of Option fields, got 3"
    message = refusal(event_from_dict, {**proposal, "options": [{"remedy": "delivery"}]})
    assert message.startswith("$.options[0]: appointment: expected the agreed time")
    message = refusal(event_from_dict, {**proposal, "options": [{"remedy": "refund"}]})
    assert message.startswith("$: chosen: expected one of the options offered (CMP-CHOICE)")


def test_a_check_across_fields_is_reported_at_the_event() -> None:
    """A cause 'other' without a note is refused at the event's own path (CMP-CAUSE)."""
    message = refusal(event_from_dict, listened(kind="cause_diagnosed", cause="other"))
    assert message == (
        "$: note: expected what the cause is when cause is 'other' (CMP-CAUSE), got None"
    )
    message = refusal(event_from_dict, listened(kind="cause_diagnosed", cause="weather"))
    assert message.startswith('$.cause: expected one of "expectation_gap", ')


def test_to_dict_of_what_is_not_an_event_complaint_or_case_is_a_type_error() -> None:
    """Only the fourteen kinds, a Complaint and a Case convert (CMP-STEPS)."""
    with pytest.raises(InvalidTypeError, match=r"^event: expected one of Listened, .*got"):
        event_to_dict(Event(CID, at=sh(9, 15)))
    with pytest.raises(InvalidTypeError, match=r"^complaint: expected"):
        complaint_to_dict(EVENTS[0])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^case: expected"):
        case_to_dict(COMPLAINT)  # type: ignore[arg-type]


# --- complaints ---------------------------------------------------------------------------------


def test_a_complaint_round_trips_and_its_defaults_may_be_left_out() -> None:
    """Every field is written; priority and the optional fields may be left out (CMP-NOW)."""
    data = complaint_to_dict(COMPLAINT)
    assert data == {
        "complaint_id": CID,
        "customer_id": "cho",
        "received_at": "2025-09-15T10:00:00+08:00[Asia/Shanghai]",
        "channel": "phone",
        "summary": "The serum stings.",
        "priority": "high",
        "product": "glow serum",
        "staff_id": "lin",
        "asks_for": "refund",
    }
    assert complaint_from_dict(json_trip(data)) == COMPLAINT
    short = {key: data[key] for key in ("complaint_id", "customer_id", "received_at", "channel")}
    plain = complaint_from_dict({**short, "summary": "x"})
    assert (plain.priority, plain.product, plain.asks_for) == (Priority.NORMAL, None, None)


def test_a_complaint_with_problems_is_refused_with_each_path() -> None:
    """Missing and malformed fields are named one by one (CMP-NOW)."""
    message = refusal(
        complaint_from_dict, {"complaint_id": "", "customer_id": "cho", "channel": "fax"}
    )
    lines = message.splitlines()
    assert lines[0].startswith("$.complaint_id: expected a non-empty")
    assert lines[1].startswith("$.received_at: expected an ISO 8601 date and time")
    assert lines[2].startswith('$.channel: expected one of "in_store", ')
    assert lines[3] == "$.summary: expected a string, got nothing: the key is missing"
    assert refusal(complaint_from_dict, "K-1") == (
        '$: expected a mapping of Complaint fields, got "K-1"'
    )


# --- cases ----------------------------------------------------------------------------------------


def log_case() -> Case:
    """The case of LOG under a policy whose clerk may give up to 60."""
    policy = ComplaintPolicy(limits={"clerk": Decimal(60), "supervisor": Decimal(300)})
    return Case.open(COMPLAINT, hours=CN_HOURS, policy=policy, events=LOG)


def test_a_case_round_trips_through_json() -> None:
    """Complaint, policy and events go out and the fold comes back equal (CMP-STEPS)."""
    case = log_case()
    data = case_to_dict(case)
    assert list(data) == ["complaint", "policy", "events"]
    assert data["policy"] == to_dict(case.policy)
    assert [event["kind"] for event in data["events"]] == [e.kind.value for e in LOG]
    back = case_from_dict(json_trip(data), hours=CN_HOURS)
    assert back == case
    assert back.stage is Stage.CLOSED


def test_a_case_without_policy_or_events_takes_the_defaults() -> None:
    """No policy is the default policy, no events a new case (CMP-STEPS)."""
    data = {"complaint": complaint_to_dict(COMPLAINT)}
    assert case_from_dict(data, hours=CN_HOURS) == Case.open(COMPLAINT, hours=CN_HOURS)
    partial = {**data, "policy": {"follow_up_days": 5}}
    assert case_from_dict(partial, hours=CN_HOURS).policy == ComplaintPolicy(follow_up_days=5)


def test_a_case_reports_every_problem_of_form_at_once() -> None:
    """Complaint, policy, each event and unknown keys each get their path (CMP-STEPS)."""
    data = {
        "complaint": {**complaint_to_dict(COMPLAINT), "channel": "fax"},
        "policy": {"follow_up_days": "two"},
        "events": [listened(), {"kind": "resolved", "complaint_id": CID}],
        "hours": "09-21",
    }
    lines = refusal(case_from_dict, data, hours=CN_HOURS).splitlines()
    assert [line.partition(": ")[0] for line in lines] == [
        "$.complaint.channel",
        "$.policy.follow_up_days",
        "$.events[1].at",
        "$.hours",
    ]
    assert lines[-1] == "$.hours: unknown key (the keys: complaint, policy, events)"
    message = refusal(case_from_dict, {"events": {}}, hours=CN_HOURS)
    assert message.splitlines() == [
        "$.complaint: expected a mapping of Complaint fields, got nothing: the key is missing",
        "$.events: expected a list of events, got a mapping",
    ]
    assert refusal(case_from_dict, [], hours=CN_HOURS) == (
        "$: expected a mapping of complaint, policy, events, got a list"
    )
    with pytest.raises(InvalidTypeError, match=r"^hours: expected"):
        case_from_dict({}, hours="09-21")  # type: ignore[arg-type]


@pytest.mark.parametrize("refused", [0, 1, 4, 5, 7, 11])
def test_a_refused_event_names_its_index(refused: int) -> None:
    """An event the fold refuses raises InvalidTransitionError with its path first (CMP-STEPS)."""
    events = [event_to_dict(event) for event in LOG]
    events.insert(refused, event_to_dict(Closed(CID, at=LOG[refused].at)))
    data = {"complaint": complaint_to_dict(COMPLAINT), "events": events}
    with pytest.raises(InvalidTransitionError, match=rf"^\$\.events\[{refused}\]: closed at "):
        case_from_dict(data, hours=CN_HOURS)


def test_a_role_the_policy_lacks_is_refused_at_its_event() -> None:
    """A proposal by a role without a limit is an InvalidInputError at its path (CMP-COMPENSATE)."""
    events = [event_to_dict(event) for event in LOG[:4]]
    events.append({**event_to_dict(LOG[6]), "role": "intern"})
    data = {"complaint": complaint_to_dict(COMPLAINT), "events": events}
    assert refusal(case_from_dict, data, hours=CN_HOURS).startswith("$.events[4]: ")


@given(case=rst.cases())
def test_any_case_round_trips_and_survives_json(case: Case) -> None:
    """Every drawn case's log survives JSON and folds back to an equal case (CMP-STEPS)."""
    data = case_to_dict(case)
    assert json_trip(data) == data
    assert case_from_dict(json_trip(data), hours=case.hours) == case


@given(case=rst.cases(country="DE", max_events=12, max_gap=dt.timedelta(hours=30)))
def test_any_berlin_case_round_trips_with_its_folds(case: Case) -> None:
    """Times near Berlin's clock changes keep their zone and fold through JSON (CMP-NOW)."""
    back = case_from_dict(json_trip(case_to_dict(case)), hours=case.hours)
    assert back == case
    for read, written in zip(back.events, case.events, strict=True):
        assert read.at.tzinfo is written.at.tzinfo
        assert read.at.utcoffset() == written.at.utcoffset()
        assert read.at.replace(tzinfo=None) == written.at.replace(tzinfo=None)


# --- rows ---------------------------------------------------------------------------------------


def test_a_case_row_without_an_instant_has_no_clocks() -> None:
    """The row says stage, cause, compensation, promises and what comes next (CMP-STEPS)."""
    case = Case.open(COMPLAINT, hours=CN_HOURS, events=LOG[:4])
    (row,) = case.to_records()
    assert list(row) == list(_tables.CASES.keys)
    assert row == {
        "complaint_id": CID,
        "customer_id": "cho",
        "priority": "high",
        "channel": "phone",
        "received_at": sh(9, 15, 10),
        "stage": "diagnosed",
        "cause": "product_quality",
        "compensation": Decimal(0),
        "open_promises": 1,
        "follow_up_due": None,
        "next": "resolution_proposed, promise_made, promise_kept, promise_broken, clock_paused",
        "first_response": None,
        "first_response_deadline": None,
        "first_response_breached_at": None,
        "resolution": None,
        "resolution_deadline": None,
        "resolution_breached_at": None,
    }


def test_a_case_row_at_an_instant_has_both_clocks() -> None:
    """States, deadlines and breach instants of both clocks at the instant (CMP-NOW)."""
    case = Case.open(COMPLAINT, hours=CN_HOURS, events=LOG[:1])  # high: 1 h and 12 h
    (row,) = case.to_records(at=sh(9, 15, 12))
    assert row["first_response"] == "breached"
    assert row["first_response_breached_at"] == sh(9, 15, 11)
    assert row["first_response_deadline"] is None
    assert row["resolution"] == "on_track"
    assert row["resolution_deadline"] == sh(9, 16, 10)  # 9 h to closing, 1 h the next day
    assert row["resolution_breached_at"] is None
    (labelled,) = case.to_records(at=sh(9, 15, 12), labels="zh_TW")
    assert list(labelled) == list(_tables.CASES.labels("zh_TW"))


def test_a_resolved_case_row_has_its_follow_up_day_and_a_closed_one_nothing_next() -> None:
    """The step-5 call's day once resolved; ``next`` is None once closed (CMP-STEPS)."""
    resolved = Case.open(COMPLAINT, hours=CN_HOURS, policy=ComplaintPolicy(), events=LOG[:9])
    assert resolved.to_records()[0]["follow_up_due"] == dt.date(2025, 9, 17)
    closed = log_case().to_records(at=sh(9, 20))[0]
    assert (closed["stage"], closed["next"], closed["resolution"]) == ("closed", None, "met")


def test_a_case_row_refuses_a_naive_or_early_instant() -> None:
    """The instant must be aware and not before the complaint arrived (CMP-NOW)."""
    case = log_case()
    with pytest.raises(InvalidInputError, match=r"^at: expected"):
        case.to_records(at=dt.datetime(2025, 9, 16))  # noqa: DTZ001
    with pytest.raises(InvalidInputError, match=r"^at: expected an instant at or after complaint"):
        case.to_records(at=sh(9, 14))


def test_a_case_frame_and_html() -> None:
    """The row as a typed frame and a one-row HTML table with a caption (CMP-STEPS)."""
    case = log_case()
    frame = case.to_frame("pyarrow", at=sh(9, 20))
    assert frame.column_names == list(_tables.CASES.keys)
    assert str(frame.schema.field("received_at").type) == "timestamp[us, tz=UTC]"
    assert frame.column("compensation").to_pylist() == [120.5]
    text = case.to_html(at=sh(9, 20), language="zh_CN")
    assert "1 件投诉，已结案 1 件；SLA 计时时点 2025-09-20T00:00:00+08:00" in text
    assert "产品质量" in text
    assert "SLA clocks at \u2014" in case._repr_html_()


def test_sla_status_rows_are_one_per_clock() -> None:
    """Both clocks: state, working hours used, left and overdue, instants (CMP-NOW)."""
    case = Case.open(COMPLAINT, hours=CN_HOURS, events=LOG[:1])
    status = sla_status(case, sh(9, 15, 12))
    first, resolution = status.to_records()
    assert list(first) == list(_tables.SLA_CLOCKS.keys)
    assert first == {
        "complaint_id": CID,
        "clock": "first_response",
        "state": "breached",
        "target_hours": Decimal("1.00"),
        "used_hours": Decimal("2.00"),
        "left_hours": Decimal("0.00"),
        "overdue_hours": Decimal("1.00"),
        "deadline": None,
        "breached_at": sh(9, 15, 11),
        "stopped_at": None,
        "paused": False,
        "reasons": str(status.first_response.reasons[0]),
    }
    assert (resolution["state"], resolution["left_hours"], resolution["overdue_hours"]) == (
        "on_track",
        Decimal("10.00"),
        Decimal("0.00"),
    )
    assert status.first_response.overdue == dt.timedelta(hours=1)
    assert status.resolution.overdue == dt.timedelta(0)
    assert status.first_response.state is SlaState.BREACHED


def test_sla_status_frame_and_html() -> None:
    """Two typed rows; HTML with the case and the instant in the caption (CMP-NOW)."""
    status = sla_status(log_case(), sh(9, 15, 11))
    frame = status.to_frame("polars", labels="en")
    assert frame.height == 2
    assert frame.columns == list(_tables.SLA_CLOCKS.labels("en"))
    text = status.to_html(language="zh_TW")
    assert f"客訴 {CID} 於 2025-09-15T11:00:00+08:00 的 SLA 計時" in text
    assert status._repr_html_() == status.to_html()
    assert status.to_records(labels="zh_CN")[0]["计时项目"] == "first_response"


def second_case() -> Case:
    """Another customer's complaint, received later, still at its first step."""
    complaint = Complaint(
        "K-0", customer_id="dev", received_at=sh(9, 15, 11), channel="in_store", summary="x"
    )
    return Case.open(complaint, hours=CN_HOURS)


def test_case_records_of_many_are_in_complaint_id_order() -> None:
    """One row per case in ID order, both clocks at the instant (CMP-NOW)."""
    rows = case_records([log_case(), second_case()], sh(9, 16, 9))
    assert [row["complaint_id"] for row in rows] == ["K-0", CID]
    assert rows[0]["first_response"] == "breached"
    assert rows[0]["first_response_breached_at"] == sh(9, 15, 13)
    assert rows[1]["first_response"] == "met"
    frame = case_frame([second_case()], sh(9, 15, 12), "pandas", money="decimal")
    assert list(frame.columns) == list(_tables.CASES.keys)
    text = case_html([log_case(), second_case()], sh(9, 20), max_rows=1)
    assert "2 complaint cases, 1 closed; SLA clocks at 2025-09-20T00:00:00+08:00" in text
    assert "1 more row" in text


def test_case_records_refuse_duplicates_other_values_and_early_instants() -> None:
    """One case per complaint, only cases, an aware instant after every receipt (CMP-NOW)."""
    with pytest.raises(DuplicateError):
        case_records([log_case(), log_case()], sh(9, 20))
    with pytest.raises(InvalidTypeError):
        case_records([COMPLAINT], sh(9, 20))  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match=r"^at: expected"):
        case_records([log_case()], dt.datetime(2025, 9, 20))  # noqa: DTZ001
    with pytest.raises(InvalidInputError, match=r"complaint 'K-0' arrived"):
        case_records([second_case()], sh(9, 15, 10))


@given(case=rst.cases(), hours=st.integers(0, 24 * 30))
def test_any_case_has_one_row_whose_clocks_match_sla_status(case: Case, hours: int) -> None:
    """The row's clock columns are sla_status's at the same instant (CMP-NOW)."""
    at = case.last_at + dt.timedelta(hours=hours)
    (row,) = case_records([case], at)
    status = sla_status(case, at)
    assert row["first_response"] == status.first_response.state.value
    assert row["resolution_deadline"] == status.resolution.deadline
    assert row["resolution_breached_at"] == status.resolution.breached_at
    assert row["next"] == (", ".join(k.value for k in case.next_allowed()) or None)
