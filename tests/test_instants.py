"""CMP-NOW, CMP-STEPS, CMP-PROMISE: instants in the hour that is repeated and the one skipped.

Python compares two datetimes that share a ``tzinfo`` by their wall clocks, ignoring
``fold``, and subtracts them the same way; between two zones it compares in UTC, but
``==`` is always false for a time in a repeated or skipped hour. The library compares
every instant in UTC: a case, its clocks and the store's hours must behave the same
whether the host writes its times in the store's zone or in UTC.

Clock changes of 2025, from the IANA time zone database:

* Europe/Berlin: Sunday 10-26 at 03:00 CEST (UTC+2), 01:00 UTC, the clocks go back to
  02:00 CET (UTC+1): 02:00-02:59 happens twice, first CEST (``fold=0``, 00:00-00:59 UTC)
  then CET (``fold=1``, 01:00-01:59 UTC). Sunday 03-30 at 02:00 CET, 01:00 UTC, they go
  forward to 03:00 CEST: 02:00-02:59 is skipped, and 02:30 with ``fold=0`` takes the
  offset before the change (UTC+1), so it names 01:30 UTC, which is 03:30 CEST.
* America/New_York: Sunday 11-02 at 02:00 EDT (UTC-4), 06:00 UTC, back to 01:00 EST
  (UTC-5): 01:00-01:59 twice, EDT (``fold=0``, 05:00-05:59 UTC) then EST (``fold=1``,
  06:00-06:59 UTC). Sunday 03-09 at 02:00 EST, 07:00 UTC, forward to 03:00 EDT: 02:30
  names 07:30 UTC, 03:30 EDT.
* Australia/Sydney (southern hemisphere: back in April, forward in October): Sunday
  04-06 at 03:00 AEDT (UTC+11), 04-05 16:00 UTC, back to 02:00 AEST (UTC+10); Sunday
  10-05 at 02:00 AEST, 10-04 16:00 UTC, forward to 03:00 AEDT.
* Australia/Lord_Howe (a half-hour shift): Sunday 04-06 at 02:00 (UTC+11), 04-05 15:00
  UTC, back to 01:30 (UTC+10:30), so 01:30-01:59 happens twice; Sunday 10-05 at 02:00
  (UTC+10:30), 10-04 15:30 UTC, forward to 02:30 (UTC+11).

Each example store is open 01:00-05:00 on working days, with both Sundays of the
changes declared open; on the Sunday the clocks go back that is five hours (Berlin
2025-10-26: 01:00 CEST is 2025-10-25 23:00 UTC, 05:00 CET is 04:00 UTC). Urgent
complaints: first response 30 min, resolution 4 h of working time.
"""

from __future__ import annotations

import datetime as dt
import functools
from zoneinfo import ZoneInfo

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from retention import InvalidTransitionError, StoreCalendar, StoreDay, StoreHours
from retention.complaints import (
    Apologised,
    Case,
    Cause,
    CauseDiagnosed,
    ClockPaused,
    ClockResumed,
    Complaint,
    Event,
    Listened,
    Option,
    Priority,
    Promise,
    PromiseKept,
    PromiseMade,
    PromiseStatus,
    Remedy,
    ResolutionProposed,
    SlaClock,
    SlaState,
    SlaStatus,
    sla_status,
)
from retention.testing import strategies as rst

UTC = dt.UTC
MIN = dt.timedelta(minutes=1)
H = dt.timedelta(hours=1)
CID = "K-1"


@attrs.frozen
class Zone:
    """A store's zone and its 2025 clock changes (see the module docstring)."""

    name: str
    country: str
    back: dt.datetime
    """When the clocks go back (UTC)."""
    forward: dt.datetime
    """When the clocks go forward (UTC)."""
    shift: dt.timedelta
    """How far they move."""
    repeated: int
    """The wall-clock hour the going back repeats (from :30 on, for a half-hour shift)."""

    @property
    def tz(self) -> ZoneInfo:
        """The zone as a ``ZoneInfo``."""
        return ZoneInfo(self.name)

    @property
    def sundays(self) -> tuple[dt.date, dt.date]:
        """The local days of the two changes (both Sundays)."""
        return (self.back.astimezone(self.tz).date(), self.forward.astimezone(self.tz).date())


BERLIN = Zone(
    "Europe/Berlin",
    "DE",
    back=dt.datetime(2025, 10, 26, 1, tzinfo=UTC),
    forward=dt.datetime(2025, 3, 30, 1, tzinfo=UTC),
    shift=H,
    repeated=2,
)
NEW_YORK = Zone(
    "America/New_York",
    "US",
    back=dt.datetime(2025, 11, 2, 6, tzinfo=UTC),
    forward=dt.datetime(2025, 3, 9, 7, tzinfo=UTC),
    shift=H,
    repeated=1,
)
SYDNEY = Zone(
    "Australia/Sydney",
    "AU",
    back=dt.datetime(2025, 4, 5, 16, tzinfo=UTC),
    forward=dt.datetime(2025, 10, 4, 16, tzinfo=UTC),
    shift=H,
    repeated=2,
)
LORD_HOWE = Zone(
    "Australia/Lord_Howe",
    "AU",
    back=dt.datetime(2025, 4, 5, 15, tzinfo=UTC),
    forward=dt.datetime(2025, 10, 4, 15, 30, tzinfo=UTC),
    shift=30 * MIN,
    repeated=1,
)
ZONES = (BERLIN, NEW_YORK, SYDNEY, LORD_HOWE)
#: The two zones of the bug report, for the examples.
EXAMPLE_ZONES = pytest.mark.parametrize("zone", [BERLIN, NEW_YORK], ids=lambda z: z.name)
#: The urgent resolution deadline of a complaint received at :08 in the first pass of
#: the repeated hour, unanswered, read at :37 in the second pass (89 min used, 2 h 31
#: min left). Berlin: 01:37 UTC + 2 h 31 min passes the close at 05:00 CET (04:00 UTC)
#: after 2 h 23 min; the last 8 min run from Monday's 01:00 CET. New York: 06:37 UTC +
#: 2 h 31 min is 09:08 UTC, 04:08 EST, before the close at 05:00 EST (10:00 UTC).
RESOLUTION_DUE = {
    BERLIN.name: dt.datetime(2025, 10, 27, 1, 8, tzinfo=BERLIN.tz),
    NEW_YORK.name: dt.datetime(2025, 11, 2, 4, 8, tzinfo=NEW_YORK.tz),
}


@functools.cache
def night_hours(zone: Zone) -> StoreHours:
    """The zone's store, open 01:00-05:00 on working days and both Sundays of the changes."""
    days = [StoreDay(day, kind="open", name="Clocks change") for day in zone.sundays]
    calendar = StoreCalendar.build(zone.country, years=[2025], store_days=days)
    return StoreHours(calendar, timezone=zone.name, opens=dt.time(1), closes=dt.time(5))


def repeated(zone: Zone, minute: int, *, fold: int) -> dt.datetime:
    """``minute`` past the repeated hour on the day the clocks go back, first or second pass."""
    day = zone.back.astimezone(zone.tz).date()
    return dt.datetime.combine(day, dt.time(zone.repeated, minute, fold=fold), tzinfo=zone.tz)


def skipped(zone: Zone, minute: int) -> dt.datetime:
    """``minute`` past 02:00 on the day the clocks go forward: a wall clock that never shows."""
    day = zone.forward.astimezone(zone.tz).date()
    return dt.datetime.combine(day, dt.time(2, minute), tzinfo=zone.tz)


def instant(at: dt.datetime) -> dt.datetime:
    """``at`` in UTC (the oracle never compares wall clocks)."""
    return at.astimezone(UTC)


def maybe_instant(at: dt.datetime | None) -> dt.datetime | None:
    """:func:`instant`, or ``None``."""
    return None if at is None else instant(at)


def complaint(received: dt.datetime, *, priority: Priority = Priority.URGENT) -> Complaint:
    """An urgent phone complaint received at ``received``."""
    return Complaint(
        CID,
        customer_id="c1",
        received_at=received,
        channel="phone",
        summary="The lid cracked",
        priority=priority,
    )


def in_utc(event: Event) -> Event:
    """``event`` with its time (and a promise's due time) written in UTC."""
    if isinstance(event, PromiseMade):
        return attrs.evolve(event, at=instant(event.at), due=instant(event.due))
    return attrs.evolve(event, at=instant(event.at))


def open_both(
    zone: Zone, received: dt.datetime, *events: Event, priority: Priority = Priority.URGENT
) -> tuple[Case, Case]:
    """The case as written in the store's zone, and the same instants written in UTC."""
    hours = night_hours(zone)
    local = Case.open(complaint(received, priority=priority), hours=hours, events=events)
    in_utc_case = Case.open(
        complaint(instant(received), priority=priority),
        hours=hours,
        events=[in_utc(event) for event in events],
    )
    return local, in_utc_case


def made_in_zone(value: dt.datetime | None, zone: ZoneInfo) -> None:
    """Assert that a time the library made is in ``zone``, with the fold its instant has."""
    if value is None:
        return
    assert value.tzinfo is zone, value
    again = instant(value).astimezone(zone)
    assert (value.replace(tzinfo=None), value.fold) == (again.replace(tzinfo=None), again.fold)


def clock_view(clock: SlaClock) -> tuple[object, ...]:
    """A clock's outcome with every instant in UTC, to compare two ways of writing a case."""
    return (
        clock.clock,
        clock.state,
        clock.target,
        clock.used,
        clock.left,
        maybe_instant(clock.deadline),
        maybe_instant(clock.breached_at),
        maybe_instant(clock.stopped_at),
        clock.paused,
    )


def status_view(status: SlaStatus, zone: ZoneInfo) -> tuple[object, ...]:
    """Both clocks' outcomes; the instants the library made are in the store's zone."""
    for clock in status.clocks:
        made_in_zone(clock.deadline, zone)
        made_in_zone(clock.breached_at, zone)
        made_in_zone(clock.stopped_at, zone)
    return (clock_view(status.first_response), clock_view(status.resolution))


def spans_view(spans: tuple[tuple[dt.datetime, dt.datetime | None], ...]) -> tuple[object, ...]:
    """Spans with both ends in UTC."""
    return tuple((instant(start), maybe_instant(end)) for start, end in spans)


def case_view(case: Case) -> tuple[object, ...]:
    """Where a case stands, with every instant in UTC."""
    promises = tuple(
        (
            p.promise_id,
            p.status,
            instant(p.made_at),
            instant(p.due),
            maybe_instant(p.settled_at),
        )
        for p in case.promises
    )
    return (
        case.stage,
        case.next_allowed(),
        case.failures,
        case.causes,
        case.awaiting_approval,
        case.compensation,
        case.paused,
        promises,
        spans_view(case.pauses),
        spans_view(case.resolving),
        instant(case.last_at),
        maybe_instant(case.first_response_at),
        maybe_instant(case.resolved_at),
        case.follow_up_task(),
        tuple(reason.rule_id for reason in case.reasons()),
    )


# --- the zones' clock changes are where the docstring says -------------------------------------


@pytest.mark.parametrize("zone", ZONES, ids=lambda z: z.name)
def test_clock_changes_are_where_the_docstring_says(zone: Zone) -> None:
    """CMP-NOW: each zone moves its clocks by its shift at the instants the tests assume."""
    tz = zone.tz
    second = dt.timedelta(seconds=1)
    for change, moved in ((zone.back, -zone.shift), (zone.forward, zone.shift)):
        before = (change - second).astimezone(tz).utcoffset()
        after = change.astimezone(tz).utcoffset()
        assert before is not None
        assert after is not None
        assert after - before == moved
    first, second = repeated(zone, 35, fold=0), repeated(zone, 35, fold=1)
    assert second - first == dt.timedelta(0)  # Python subtracts the wall clocks
    assert instant(second) - instant(first) == zone.shift


# --- the bug report, in Berlin and New York -----------------------------------------------------


@EXAMPLE_ZONES
def test_cmp_steps_event_in_the_second_pass_of_the_repeated_hour_is_accepted(zone: Zone) -> None:
    """CMP-STEPS: received at :10 (first pass), listened at :05 in the second pass, 55 min later."""
    received, listened = repeated(zone, 10, fold=0), repeated(zone, 5, fold=1)
    assert instant(listened) - instant(received) == 55 * MIN
    local, as_utc = open_both(zone, received, Listened(CID, at=listened))
    assert case_view(local) == case_view(as_utc)
    assert local.stage.value == "listened"
    assert local.last_at is listened  # the caller's own value, zone and fold kept


@EXAMPLE_ZONES
def test_cmp_steps_event_in_the_first_pass_after_the_second_is_refused(zone: Zone) -> None:
    """CMP-STEPS: received at :05 (second pass), listened at :10 (first pass): 55 min back."""
    received, listened = repeated(zone, 5, fold=1), repeated(zone, 10, fold=0)
    for at in (listened, instant(listened)):
        with pytest.raises(InvalidTransitionError, match="events go forward in time"):
            Case.open(complaint(received), hours=night_hours(zone), events=[Listened(CID, at=at)])


@EXAMPLE_ZONES
def test_cmp_now_apology_in_the_first_pass_stops_the_clock_read_in_the_second(zone: Zone) -> None:
    """CMP-NOW: apologised at :30 (first pass): at :05 (second pass) the first response is met."""
    local, as_utc = open_both(
        zone,
        repeated(zone, 0, fold=0),
        Listened(CID, at=repeated(zone, 10, fold=0)),
        Apologised(CID, at=repeated(zone, 30, fold=0)),
    )
    at = repeated(zone, 5, fold=1)
    status = sla_status(local, at)
    assert status.at is at
    assert status_view(status, zone.tz) == status_view(sla_status(as_utc, instant(at)), zone.tz)
    first = status.first_response
    assert first.state is SlaState.MET
    assert first.used == 30 * MIN
    assert first.stopped_at is not None
    assert instant(first.stopped_at) == instant(repeated(zone, 30, fold=0))


@EXAMPLE_ZONES
def test_cmp_now_breach_in_the_first_pass_stays_when_read_in_the_second(zone: Zone) -> None:
    """CMP-NOW: received at :08 (first pass), read at :37 (second pass): breached at :38."""
    local, as_utc = open_both(zone, repeated(zone, 8, fold=0))
    at = repeated(zone, 37, fold=1)
    status = sla_status(local, at)
    assert status_view(status, zone.tz) == status_view(sla_status(as_utc, instant(at)), zone.tz)
    first = status.first_response
    assert first.state is SlaState.BREACHED
    assert first.used == 89 * MIN  # :08 first pass to :37 second pass
    assert first.breached_at is not None
    assert instant(first.breached_at) == instant(repeated(zone, 38, fold=0))
    assert first.breached_at.fold == 0
    resolution = status.resolution
    assert resolution.state is SlaState.ON_TRACK
    assert resolution.left == 4 * H - 89 * MIN
    assert resolution.deadline is not None
    assert instant(resolution.deadline) == instant(RESOLUTION_DUE[zone.name])


@EXAMPLE_ZONES
def test_cmp_now_status_in_the_second_pass_of_a_case_received_in_the_first(zone: Zone) -> None:
    """CMP-NOW: received at :20 (first pass); sla_status at :05 in the second pass is 45 min on."""
    local, as_utc = open_both(zone, repeated(zone, 20, fold=0))
    at = repeated(zone, 5, fold=1)
    status = sla_status(local, at)
    assert status_view(status, zone.tz) == status_view(sla_status(as_utc, instant(at)), zone.tz)
    assert status.first_response.used == 45 * MIN
    assert status.first_response.breached_at is not None
    assert instant(status.first_response.breached_at) == instant(repeated(zone, 50, fold=0))


@EXAMPLE_ZONES
def test_cmp_now_pause_into_the_second_pass_stops_the_clocks_for_its_real_length(
    zone: Zone,
) -> None:
    """CMP-NOW: paused at :40 (first pass), resumed at :10 (second pass): 30 min paused."""
    local, as_utc = open_both(
        zone,
        repeated(zone, 0, fold=0),
        Listened(CID, at=repeated(zone, 5, fold=0)),
        ClockPaused(CID, at=repeated(zone, 40, fold=0)),
        ClockResumed(CID, at=repeated(zone, 10, fold=1)),
    )
    assert case_view(local) == case_view(as_utc)
    at = repeated(zone, 20, fold=1)
    status = sla_status(local, at)
    assert status_view(status, zone.tz) == status_view(sla_status(as_utc, instant(at)), zone.tz)
    assert status.resolution.used == 50 * MIN  # 40 min before the pause, 10 after


@EXAMPLE_ZONES
def test_cmp_promise_due_in_the_second_pass_of_a_promise_made_in_the_first(zone: Zone) -> None:
    """CMP-PROMISE: made at :50 (first pass), due at :05 in the second (15 min on), kept on time."""
    made = PromiseMade(
        CID,
        at=repeated(zone, 50, fold=0),
        promise_id="p1",
        what="call back",
        due=repeated(zone, 5, fold=1),
    )
    on_time = PromiseKept(CID, at=repeated(zone, 55, fold=0), promise_id="p1")
    late = PromiseKept(CID, at=repeated(zone, 10, fold=1), promise_id="p1")
    received = repeated(zone, 0, fold=0)
    for kept, status in ((on_time, PromiseStatus.KEPT), (late, PromiseStatus.KEPT_LATE)):
        local, as_utc = open_both(zone, received, made, kept)
        assert case_view(local) == case_view(as_utc)
        assert local.promises[0].status is status
    (promise,) = open_both(zone, received, made)[0].promises
    assert not promise.overdue(repeated(zone, 0, fold=1))
    assert promise.overdue(repeated(zone, 10, fold=1))


@EXAMPLE_ZONES
def test_cmp_promise_overdue_compares_instants(zone: Zone) -> None:
    """CMP-PROMISE: due at :10 (first pass), a promise is overdue at :05 in the second pass."""
    due = repeated(zone, 10, fold=0)
    promise = Promise("p1", what="call back", made_at=due - H, due=due)
    for at in (repeated(zone, 5, fold=1), instant(repeated(zone, 5, fold=1))):
        assert promise.overdue(at)
    assert not promise.overdue(repeated(zone, 5, fold=0))


@EXAMPLE_ZONES
def test_cmp_promise_reasons_name_the_earliest_due_instant(zone: Zone) -> None:
    """CMP-PROMISE: of promises due at :10 (second pass) and :50 (first), the :50 one is next."""
    first_pass = repeated(zone, 50, fold=0)
    second_pass = repeated(zone, 10, fold=1)
    at = repeated(zone, 0, fold=0)
    case = Case.open(
        complaint(at),
        hours=night_hours(zone),
        events=[
            PromiseMade(CID, at=at, promise_id="p1", what="call back", due=second_pass),
            PromiseMade(CID, at=at, promise_id="p2", what="refund", due=first_pass),
        ],
    )
    (reason,) = (r for r in case.reasons() if r.rule_id == "CMP-PROMISE")
    assert f"the next due {first_pass.isoformat()};" in reason.detail


@EXAMPLE_ZONES
def test_cmp_remedy_appointment_is_the_same_only_at_the_same_instant(zone: Zone) -> None:
    """CMP-REMEDY: deliveries at :30 in each pass are two promises; :30 again in UTC is the same."""
    first_pass, second_pass = repeated(zone, 30, fold=0), repeated(zone, 30, fold=1)

    def propose(minute: int, appointment: dt.datetime) -> ResolutionProposed:
        option = Option(Remedy.DELIVERY, appointment=appointment)
        at = repeated(zone, minute, fold=0)
        return ResolutionProposed(CID, at=at, options=(option,), chosen=option, role="clerk")

    start = [
        Listened(CID, at=repeated(zone, 1, fold=0)),
        Apologised(CID, at=repeated(zone, 2, fold=0)),
        CauseDiagnosed(CID, at=repeated(zone, 3, fold=0), cause=Cause.PRODUCT_QUALITY),
        propose(4, first_pass),
    ]
    received = repeated(zone, 0, fold=0)
    hours = night_hours(zone)
    two = Case.open(complaint(received), hours=hours, events=[*start, propose(5, second_pass)])
    assert [instant(p.due) for p in two.promises] == [instant(first_pass), instant(second_pass)]
    same = Case.open(
        complaint(received), hours=hours, events=[*start, propose(5, instant(first_pass))]
    )
    assert len(same.promises) == 1


# --- the skipped hour ---------------------------------------------------------------------------


@EXAMPLE_ZONES
def test_cmp_steps_receipt_written_in_the_skipped_hour_is_the_instant_it_names(zone: Zone) -> None:
    """CMP-STEPS: received "02:30" on the night it is skipped (03:30): 03:10 is going back."""
    received = skipped(zone, 30)
    assert instant(received) == zone.forward + 30 * MIN  # 03:30 after the change
    early = received.replace(hour=3, minute=10)
    with pytest.raises(InvalidTransitionError, match="events go forward in time"):
        Case.open(complaint(received), hours=night_hours(zone), events=[Listened(CID, at=early)])
    local, as_utc = open_both(zone, received, Listened(CID, at=received.replace(hour=3, minute=40)))
    assert case_view(local) == case_view(as_utc)
    at = received.replace(hour=3, minute=50)
    status = sla_status(local, at)
    assert status_view(status, zone.tz) == status_view(sla_status(as_utc, instant(at)), zone.tz)
    assert status.first_response.used == 20 * MIN


@EXAMPLE_ZONES
def test_cmp_now_add_nothing_to_a_time_in_the_skipped_hour_gives_the_real_instant(
    zone: Zone,
) -> None:
    """CMP-NOW: add(02:30 on the night it is skipped, 0) is 03:30 after the change, as written."""
    hours = night_hours(zone)
    result = hours.add(skipped(zone, 30), dt.timedelta(0))
    assert instant(result) == zone.forward + 30 * MIN
    assert result.replace(tzinfo=None).time() == dt.time(3, 30)
    made_in_zone(result, zone.tz)
    assert hours.add(repeated(zone, 30, fold=1), dt.timedelta(0)).fold == 1


# --- properties over the four zones --------------------------------------------------------------

#: Seconds either side of a clock change that the properties draw from.
REACH = 2 * 3600


def near_a_change(zone: Zone) -> st.SearchStrategy[dt.datetime]:
    """Whole seconds within two hours of either 2025 change of ``zone``, in UTC."""
    return st.sampled_from((zone.back, zone.forward)).flatmap(
        lambda change: st.integers(-REACH, REACH).map(lambda s: change + dt.timedelta(seconds=s))
    )


def ways_to_write(at: dt.datetime, zone: Zone) -> list[dt.datetime]:
    """The ways a host may write the instant ``at``: in the zone, in UTC, at a fixed offset.

    In the zone: the usual way first (``fold=1`` in the second pass of a repeated hour),
    then with the fold flipped where that names the same instant, and as the wall clock
    of the skipped hour that names it (02:30 for 03:30 just after the clocks go forward).
    """
    tz = zone.tz
    usual = at.astimezone(tz)
    in_zone = [usual]
    naive = usual.replace(tzinfo=None)
    for wall in (naive, naive - zone.shift, naive + zone.shift):
        for fold in (0, 1):
            way = wall.replace(tzinfo=tz, fold=fold)
            if instant(way) == at and (wall, fold) not in {
                (w.replace(tzinfo=None), w.fold) for w in in_zone
            }:
                in_zone.append(way)
    offset = usual.utcoffset()
    assert offset is not None
    return [*in_zone, instant(at), at.astimezone(dt.timezone(offset))]


def written(at: dt.datetime, zone: Zone) -> st.SearchStrategy[dt.datetime]:
    """One of :func:`ways_to_write`; shrinks toward the usual way in the zone."""
    return st.sampled_from(ways_to_write(at, zone))


@st.composite
def zone_and_instants(draw: st.DrawFn, count: int) -> tuple[Zone, list[dt.datetime]]:
    """A zone and ``count`` instants near its clock changes, each written some way."""
    zone = draw(st.sampled_from(ZONES))
    instants = [
        draw(near_a_change(zone).flatmap(lambda at: written(at, zone))) for _ in range(count)
    ]
    return zone, instants


def store_hours(zone: Zone) -> st.SearchStrategy[StoreHours]:
    """The night store, or any hours ``rst.store_hours`` draws, open on both Sundays."""
    days = tuple(StoreDay(day, kind="open", name="Clocks change") for day in zone.sundays)
    drawn = rst.store_hours(country=zone.country, timezone=zone.name, store_days=days)
    return st.just(night_hours(zone)) | drawn


def test_ways_to_write_include_the_skipped_hour_and_the_second_pass() -> None:
    """CMP-NOW: the tests' own writer gives 02:30 for 03:30 CEST, and fold=1 in the second pass."""
    ways = ways_to_write(BERLIN.forward + 30 * MIN, BERLIN)
    walls = [(w.replace(tzinfo=None).time(), w.fold) for w in ways if w.tzinfo is BERLIN.tz]
    assert walls == [(dt.time(3, 30), 0), (dt.time(3, 30), 1), (dt.time(2, 30), 0)]
    (second, *others) = ways_to_write(BERLIN.back + 5 * MIN, BERLIN)
    assert (second.hour, second.minute, second.fold) == (2, 5, 1)
    assert all(way.tzinfo is not BERLIN.tz for way in others)


@given(zone_and_instants(2))
def test_cmp_steps_an_event_later_in_utc_is_accepted_whatever_its_wall_clock(
    drawn: tuple[Zone, list[dt.datetime]],
) -> None:
    """CMP-STEPS: an event is accepted exactly when it is not earlier in UTC than the receipt."""
    zone, (received, at) = drawn
    hours = night_hours(zone)
    if instant(at) >= instant(received):
        case = Case.open(complaint(received), hours=hours, events=[Listened(CID, at=at)])
        assert case.last_at is at
    else:
        with pytest.raises(InvalidTransitionError, match="events go forward in time"):
            Case.open(complaint(received), hours=hours, events=[Listened(CID, at=at)])


@settings(max_examples=100)
@given(st.sampled_from(ZONES), st.data())
def test_cmp_now_a_case_written_in_the_store_zone_behaves_as_in_utc(
    zone: Zone, data: st.DataObject
) -> None:
    """CMP-NOW, CMP-STEPS, CMP-PROMISE: the same instants written in UTC give the same case.

    (Not ``==``: Python says a time of a repeated or skipped hour never equals a time of
    another zone, even the same instant.)
    """
    change = data.draw(st.sampled_from((zone.back, zone.forward)), label="change")
    case = data.draw(
        rst.cases(
            hours=store_hours(zone),
            complaint=rst.complaints(
                complaint_id=CID, zone=zone.name, start=change - 2 * H, end=change + H
            ),
            max_events=12,
            max_gap=30 * MIN,
        ),
        label="case",
    )
    as_utc = Case.open(
        attrs.evolve(case.complaint, received_at=instant(case.complaint.received_at)),
        hours=case.hours,
        policy=case.policy,
        events=[in_utc(event) for event in case.events],
    )
    assert case_view(case) == case_view(as_utc)
    end = instant(case.last_at) + H
    start = instant(case.complaint.received_at)
    seconds = int((end - start).total_seconds())
    later = data.draw(st.integers(0, seconds).map(lambda s: start + dt.timedelta(seconds=s)))
    for at in (case.last_at, data.draw(written(later, zone), label="at")):
        status = sla_status(case, at)
        assert status.at is at
        expected = status_view(sla_status(as_utc, instant(at)), zone.tz)
        assert status_view(status, zone.tz) == expected


@given(zone_and_instants(3), st.data())
def test_cmp_now_working_time_adds_up_and_is_the_utc_working_time(
    drawn: tuple[Zone, list[dt.datetime]], data: st.DataObject
) -> None:
    """CMP-NOW: working_time(a, c) == (a, b) + (b, c) in UTC order, and equals it given in UTC."""
    zone, moments = drawn
    hours = data.draw(store_hours(zone), label="hours")
    a, b, c = sorted(moments, key=instant)
    whole = hours.working_time(a, c)
    assert whole == hours.working_time(a, b) + hours.working_time(b, c)
    assert whole == hours.working_time(instant(a), instant(c))
    assert whole <= instant(c) - instant(a)
    assert hours.working_time(c, a) == dt.timedelta(0)


@given(zone_and_instants(1), st.integers(0, 6 * 3600), st.data())
def test_cmp_now_add_then_working_time_gives_the_duration_back(
    drawn: tuple[Zone, list[dt.datetime]], seconds: int, data: st.DataObject
) -> None:
    """CMP-NOW: working_time(start, add(start, d)) == d, the end made in the store's zone."""
    zone, (start,) = drawn
    hours = data.draw(store_hours(zone), label="hours")
    span = dt.timedelta(seconds=seconds)
    end = hours.add(start, span)
    made_in_zone(end, zone.tz)
    assert instant(end) == instant(hours.add(instant(start), span))
    assert instant(end) >= instant(start)
    assert hours.working_time(start, end) == span


@given(zone_and_instants(1), st.data())
def test_cmp_now_is_open_is_the_same_however_the_instant_is_written(
    drawn: tuple[Zone, list[dt.datetime]], data: st.DataObject
) -> None:
    """CMP-NOW: is_open(t) is is_open(t in UTC), and says whether the next second is worked."""
    zone, (at,) = drawn
    hours = data.draw(store_hours(zone), label="hours")
    second = dt.timedelta(seconds=1)
    assert hours.is_open(at) == hours.is_open(instant(at))
    assert hours.is_open(at) == (hours.working_time(at, instant(at) + second) == second)


@given(zone_and_instants(2))
def test_cmp_promise_overdue_is_the_utc_comparison(drawn: tuple[Zone, list[dt.datetime]]) -> None:
    """CMP-PROMISE: an open promise is overdue at t exactly when t is after its due time in UTC."""
    _zone, (due, at) = drawn
    promise = Promise("p1", what="call back", made_at=due, due=due)
    assert promise.overdue(at) == (instant(at) > instant(due))


# --- the library's own strategies draw these instants -----------------------------------------

#: ``find`` looks this far; under the repeatable profile it finds the same example each run.
SEARCH = settings(max_examples=2000)


# A whole hour and a half hour: every zone goes through the same code in the strategies.
@pytest.mark.parametrize("zone", [BERLIN, LORD_HOWE], ids=lambda z: z.name)
def test_rst_complaints_draw_the_second_pass_and_the_skipped_hour(zone: Zone) -> None:
    """CMP-NOW: rst.complaints draws fold=1 in a repeated hour and wall clocks of a skipped one."""
    complaints = rst.complaints(zone=zone.name)

    def in_the_second_pass(drawn: Complaint) -> bool:
        at = drawn.received_at
        return at.fold == 1 and zone.back <= instant(at) < zone.back + zone.shift

    second = find(complaints, in_the_second_pass, settings=SEARCH).received_at
    assert second.hour == zone.repeated
    assert second.tzinfo is zone.tz
    forward_day = zone.forward.astimezone(zone.tz).date()
    two = dt.datetime.combine(forward_day, dt.time(2))

    def in_the_skipped_hour(drawn: Complaint) -> bool:
        at = drawn.received_at
        return at.tzinfo is zone.tz and two <= at.replace(tzinfo=None) < two + zone.shift

    gap = find(complaints, in_the_skipped_hour, settings=SEARCH).received_at
    assert zone.forward - zone.shift <= instant(gap) < zone.forward + zone.shift


@given(
    rst.complaints(
        zone=BERLIN.name, start=repeated(BERLIN, 30, fold=0), end=repeated(BERLIN, 10, fold=1)
    )
)
def test_rst_complaints_span_is_measured_in_utc(received: Complaint) -> None:
    """CMP-NOW: rst.complaints from :30 (first pass) to :10 (second pass) draws those 40 minutes."""
    at = instant(received.received_at)
    assert instant(repeated(BERLIN, 30, fold=0)) <= at <= instant(repeated(BERLIN, 10, fold=1))
