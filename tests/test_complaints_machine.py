"""A state machine and property tests of complaint cases, SLA clocks, lessons and hours.

The machine holds one :class:`~retention.complaints.Case` and throws every kind of event
at it, allowed or not, valid or not: a refused event must raise and leave the case as
it was, an accepted one must add exactly that event. After every step the invariants of
the six steps (CMP-STEPS), promises (CMP-PROMISE), compensation authority
(CMP-COMPENSATE) and the SLA clocks (CMP-NOW) must hold, checked against a small model
of the process written from the documentation.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from decimal import Decimal

import attrs
import pytest
from hypothesis import event as record_event
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from hypothesis.vendor.pretty import RepresentationPrinter, for_type_by_name

from retention.calendar import StoreCalendar, StoreDay
from retention.complaints import (
    Apologised,
    Case,
    Cause,
    CauseDiagnosed,
    ClockPaused,
    ClockResumed,
    Closed,
    CompensationApproved,
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
    PromiseStatus,
    Recorded,
    Remedy,
    ResolutionProposed,
    Resolved,
    SlaClock,
    SlaPolicy,
    SlaState,
    Stage,
    lessons,
    sla_status,
)
from retention.exceptions import InvalidInputError, InvalidTransitionError
from retention.hours import StoreHours
from retention.testing import strategies as rst

# --- printing falsifying examples ----------------------------------------------------------


def _pretty_calendar(obj: StoreCalendar, p: RepresentationPrinter, cycle: bool) -> None:  # noqa: FBT001  # hypothesis's protocol
    """Print a calendar as the call that builds it, not its hundreds of days off."""
    del cycle
    days = f", store_days={obj.store_days!r}" if obj.store_days else ""
    p.text(f"StoreCalendar.build({obj.country!r}, years={obj.years!r}{days})")


for_type_by_name("retention.calendar", "StoreCalendar", _pretty_calendar)

# --- strategies ------------------------------------------------------------------------------

#: Sundays on which Berlin and New York change their clocks; a store open on them has a
#: window that starts or ends at a wall-clock time that does not exist, or exists twice.
DST_SUNDAYS = {
    "DE": (dt.date(2025, 3, 30), dt.date(2025, 10, 26), dt.date(2026, 3, 29)),
    "US": (dt.date(2025, 3, 9), dt.date(2025, 11, 2), dt.date(2026, 3, 8)),
}


def _open_on(days: tuple[dt.date, ...]) -> tuple[StoreDay, ...]:
    return tuple(StoreDay(day, kind="open", name="Clocks change") for day in days)


HOURS = st.one_of(
    rst.store_hours(country="CN"),
    rst.store_hours(country="DE"),
    rst.store_hours(country="US"),
    rst.store_hours(country="DE", store_days=_open_on(DST_SUNDAYS["DE"])),
    rst.store_hours(country="US", store_days=_open_on(DST_SUNDAYS["US"])),
)
CASES = rst.cases(hours=HOURS)
ROLES = ("clerk", "supervisor", "manager", "owner")
UNKNOWN_ROLE = "intern"
#: Seconds from the case's last event to the next attempt: mostly forward, sometimes back.
WHEN = st.integers(-3 * 3600, 2 * 24 * 3600)
#: One attempt in ten names another complaint.
FOREIGN = st.integers(0, 9).map(lambda n: n == 0)
OTHER_ID = "someone-else"
SIMPLE = (
    EventKind.LISTENED,
    EventKind.APOLOGISED,
    EventKind.RESOLVED,
    EventKind.CLOSED,
    EventKind.CLOCK_PAUSED,
    EventKind.CLOCK_RESUMED,
)
SIMPLE_EVENTS: dict[EventKind, type[Event]] = {
    EventKind.LISTENED: Listened,
    EventKind.APOLOGISED: Apologised,
    EventKind.RESOLVED: Resolved,
    EventKind.CLOSED: Closed,
    EventKind.CLOCK_PAUSED: ClockPaused,
    EventKind.CLOCK_RESUMED: ClockResumed,
}
CENT = Decimal("0.01")


def instant(at: dt.datetime) -> dt.datetime:
    """``at`` in UTC: the oracle compares and subtracts instants, never wall clocks.

    Python compares two datetimes of one ``tzinfo`` by their wall clocks, ignoring
    ``fold``: in the hour the clocks go back, 02:05 with ``fold=1`` would seem to come
    before 02:10 with ``fold=0``.
    """
    return at.astimezone(dt.UTC)


@st.composite
def instants(draw: st.DrawFn, case: Case, *, beyond: dt.timedelta) -> dt.datetime:
    """Instants from the case's receipt to ``beyond`` after its last event, in UTC."""
    received = instant(case.complaint.received_at)
    span = instant(case.last_at) - received + beyond
    return received + dt.timedelta(seconds=draw(st.integers(0, int(span.total_seconds()))))


@st.composite
def case_lists(draw: st.DrawFn) -> list[Case]:
    """Up to five cases of different complaints, some of the same customer."""
    count = draw(st.integers(0, 5))
    return [
        draw(rst.cases(complaint=rst.complaints(complaint_id=f"k{index}"), max_events=20))
        for index in range(count)
    ]


# --- a model of the six steps, from the documentation ----------------------------------------

#: The six steps as a word: Listened, Apologised, then Diagnosed, Proposed (again and
#: again), Resolved and a follow-up that finds the customer Unhappy (back to diagnosis)
#: or Satisfied, then Written down (recorded) and closed (X). Approvals are left out.
SIX_STEPS = re.compile(r"LA(?:DP+RU)*DP+RSWX")
#: The same word, one letter at a time: (stage, letter) -> stage.
STEP_AFTER: dict[tuple[Stage, str], Stage] = {
    (Stage.RECEIVED, "L"): Stage.LISTENED,
    (Stage.LISTENED, "A"): Stage.APOLOGISED,
    (Stage.APOLOGISED, "D"): Stage.DIAGNOSED,
    (Stage.REOPENED, "D"): Stage.DIAGNOSED,
    (Stage.DIAGNOSED, "P"): Stage.PROPOSED,
    (Stage.PROPOSED, "P"): Stage.PROPOSED,
    (Stage.PROPOSED, "R"): Stage.RESOLVED,
    (Stage.RESOLVED, "U"): Stage.REOPENED,
    (Stage.RESOLVED, "S"): Stage.FOLLOWED_UP,
    (Stage.FOLLOWED_UP, "W"): Stage.RECORDED,
    (Stage.RECORDED, "X"): Stage.CLOSED,
}
#: The step each stage waits for.
NEXT_STEP: dict[Stage, EventKind] = {
    Stage.RECEIVED: EventKind.LISTENED,
    Stage.LISTENED: EventKind.APOLOGISED,
    Stage.APOLOGISED: EventKind.CAUSE_DIAGNOSED,
    Stage.REOPENED: EventKind.CAUSE_DIAGNOSED,
    Stage.DIAGNOSED: EventKind.RESOLUTION_PROPOSED,
    Stage.PROPOSED: EventKind.RESOLVED,
    Stage.RESOLVED: EventKind.FOLLOWED_UP,
    Stage.FOLLOWED_UP: EventKind.RECORDED,
    Stage.RECORDED: EventKind.CLOSED,
}
#: Stages before resolution, in which the clocks run and may be paused (CMP-NOW).
RUNNING = {
    Stage.RECEIVED,
    Stage.LISTENED,
    Stage.APOLOGISED,
    Stage.DIAGNOSED,
    Stage.PROPOSED,
    Stage.REOPENED,
}


def letter(event: Event) -> str | None:
    """The event's letter in :data:`SIX_STEPS`, ``None`` for side events and approvals."""
    if isinstance(event, FollowedUp):
        return "S" if event.satisfied else "U"
    letters = {
        EventKind.LISTENED: "L",
        EventKind.APOLOGISED: "A",
        EventKind.CAUSE_DIAGNOSED: "D",
        EventKind.RESOLUTION_PROPOSED: "P",
        EventKind.RESOLVED: "R",
        EventKind.RECORDED: "W",
        EventKind.CLOSED: "X",
    }
    return letters.get(event.kind)


@attrs.frozen
class Model:
    """Where the model says a case stands after its events."""

    stage: Stage
    paused: bool
    needs_approval: bool
    word: str


def model(case: Case) -> Model:
    """Replay the case's events through the documented process (CMP-STEPS, CMP-NOW)."""
    stage, paused, word = Stage.RECEIVED, False, ""
    proposal: ResolutionProposed | None = None
    approved = False
    for event in case.events:
        step = letter(event)
        if step is not None:
            after = STEP_AFTER.get((stage, step))
            assert after is not None, f"{step} after stage {stage.value}: {word + step}"
            stage, word = after, word + step
        if isinstance(event, ResolutionProposed):
            proposal, approved = event, False
        elif isinstance(event, CompensationApproved):
            approved = True
        elif isinstance(event, ClockPaused):
            paused = True
        elif isinstance(event, ClockResumed | Resolved):
            paused = False
        elif isinstance(event, FollowedUp) and not event.satisfied:
            proposal, approved = None, False
    needs = (
        stage is Stage.PROPOSED
        and proposal is not None
        and not approved
        and not case.policy.covers(proposal.role, proposal.chosen.amount)
    )
    return Model(stage, paused=paused, needs_approval=needs, word=word)


def allowed_by_model(case: Case, state: Model) -> set[EventKind]:
    """The kinds of event the documentation says the case takes now."""
    if state.stage is Stage.CLOSED:
        return set()
    open_promise = any(p.status is PromiseStatus.OPEN for p in case.promises)
    kinds = {EventKind.PROMISE_MADE, NEXT_STEP[state.stage]}
    if state.stage is Stage.PROPOSED:
        kinds.add(EventKind.RESOLUTION_PROPOSED)
    if state.needs_approval:
        kinds = (kinds - {EventKind.RESOLVED}) | {EventKind.COMPENSATION_APPROVED}
    if state.stage is Stage.RECORDED and open_promise:
        kinds.discard(EventKind.CLOSED)
    if open_promise:
        kinds |= {EventKind.PROMISE_KEPT, EventKind.PROMISE_BROKEN}
    if state.paused:
        kinds.add(EventKind.CLOCK_RESUMED)
    elif state.stage in RUNNING:
        kinds.add(EventKind.CLOCK_PAUSED)
    return kinds


def check_clock(clock: SlaClock, case: Case, at: dt.datetime) -> None:
    """One clock at ``at`` agrees with itself and with the wall clock (CMP-NOW)."""
    received = instant(case.complaint.received_at)
    assert clock.used >= dt.timedelta(0)
    assert clock.used <= instant(at) - received, clock
    assert clock.left == max(clock.target - clock.used, dt.timedelta(0))
    assert (clock.breached_at is not None) == (clock.state is SlaState.BREACHED), clock
    if clock.breached_at is not None:
        assert received <= instant(clock.breached_at) <= instant(at), clock
        # The target ran out at breached_at, strictly before the clock stopped (or the
        # instant asked, while it runs); stopping at that very instant counts as met.
        assert clock.used >= clock.target, clock
        assert instant(clock.breached_at) < instant(clock.stopped_at or at), clock
    if clock.state is SlaState.MET:
        assert clock.stopped_at is not None
        assert clock.used <= clock.target
    if clock.state in {SlaState.ON_TRACK, SlaState.AT_RISK}:
        assert clock.stopped_at is None
        assert clock.used <= clock.target
        assert (clock.state is SlaState.AT_RISK) == (clock.share_used >= case.policy.sla.at_risk)
    if clock.deadline is not None:
        assert instant(clock.deadline) >= instant(at)
        assert case.hours.working_time(at, clock.deadline) == clock.left, clock


# --- the state machine ---------------------------------------------------------------------


class CaseMachine(RuleBasedStateMachine):
    """One case, every kind of event thrown at it, allowed or not."""

    case: Case

    def __init__(self) -> None:
        """Start with no case (``start`` draws one) and no breach seen."""
        super().__init__()
        self.breaches: dict[str, dt.datetime] = {}

    @initialize(case=CASES)
    def start(self, case: Case) -> None:
        """Begin from a case driven through random allowed events (maybe none)."""
        self.case = case

    # -- attempting one event -----------------------------------------------------------------

    def at(self, seconds: int) -> dt.datetime:
        """``seconds`` after the last event (before it when negative), in the store's zone."""
        last = self.case.last_at.astimezone(dt.UTC)
        return (last + dt.timedelta(seconds=seconds)).astimezone(self.case.hours.zone)

    def complaint_id(self, foreign: bool) -> str:  # noqa: FBT001  # a drawn flag
        """The case's ID, or another complaint's."""
        return OTHER_ID if foreign else self.case.complaint_id

    def attempt(self, event: Event, *, problem: bool = False, unknown_role: bool = False) -> None:
        """Apply ``event``: refused iff not allowed or invalid, and then the case is unchanged.

        Args:
            event: The event.
            problem: The event is invalid for the case for a reason of its kind (a taken
                promise ID, an approval that does not cover, an appointment in the past).
            unknown_role: The event names a role the policy does not have.
        """
        before = self.case
        events = before.events
        refused_outright = (
            event.kind not in before.next_allowed()
            or event.complaint_id != before.complaint_id
            or instant(event.at) < instant(before.last_at)
        )
        accepted = not (refused_outright or problem or unknown_role)
        record_event(f"{event.kind.value} {'accepted' if accepted else 'refused'}")
        if accepted:
            after = before.apply(event)
            assert after.events == (*events, event)
            assert after.last_at == event.at
            self.case = after
            return
        if refused_outright or (problem and not unknown_role):
            expected: tuple[type[Exception], ...] = (InvalidTransitionError,)
        elif problem:  # which of the two is found first is the case's business
            expected = (InvalidTransitionError, InvalidInputError)
        else:
            expected = (InvalidInputError,)
        with pytest.raises(expected) as refused:
            before.apply(event)
        if not refused_outright and not problem:
            assert not isinstance(refused.value, InvalidTransitionError)
        assert self.case is before
        assert self.case == before
        assert self.case.events == events
        assert self.case.stage is model(self.case).stage

    # -- the rules: one per kind of event (or family of kinds) ----------------------------------

    @precondition(lambda self: not rst.complaint_events(self.case).is_empty)
    @rule(data=st.data())
    def move_on(self, data: st.DataObject) -> None:
        """CMP-STEPS: an event drawn from next_allowed() is accepted (the case moves on)."""
        event = data.draw(rst.complaint_events(self.case), label="event")
        assert event.kind in self.case.next_allowed()
        self.attempt(event, problem=False)

    @precondition(lambda self: not rst.complaint_events(self.case).is_empty)
    @rule(data=st.data())
    def move_on_by_a_step(self, data: st.DataObject) -> None:
        """CMP-STEPS: the same, twice as likely, so that runs often reach the close."""
        self.move_on(data)

    @rule(kind=st.sampled_from(SIMPLE), when=WHEN, foreign=FOREIGN)
    def simple(self, kind: EventKind, when: int, foreign: bool) -> None:  # noqa: FBT001
        """CMP-STEPS, CMP-NOW: listen, apologise, resolve, close, pause or resume."""
        event = SIMPLE_EVENTS[kind](self.complaint_id(foreign), at=self.at(when))
        self.attempt(event)

    @rule(cause=st.sampled_from(Cause), when=WHEN, foreign=FOREIGN)
    def diagnose(self, cause: Cause, when: int, foreign: bool) -> None:  # noqa: FBT001
        """CMP-STEPS: step 3, a diagnosis (``other`` with a note saying what)."""
        note = "the box was crushed" if cause is Cause.OTHER else None
        event = CauseDiagnosed(self.complaint_id(foreign), at=self.at(when), cause=cause, note=note)
        self.attempt(event)

    @rule(
        remedies=st.lists(st.sampled_from(Remedy), min_size=1, max_size=3, unique=True),
        data=st.data(),
        role=st.sampled_from((*ROLES, UNKNOWN_ROLE)),
        when=WHEN,
        foreign=FOREIGN,
    )
    def propose(
        self,
        remedies: list[Remedy],
        data: st.DataObject,
        role: str,
        when: int,
        foreign: bool,  # noqa: FBT001
    ) -> None:
        """CMP-CHOICE, CMP-COMPENSATE: options (amounts around the limits) and the choice."""
        at = self.at(when)
        zone = self.case.hours.zone
        options = []
        for remedy in remedies:
            amount = data.draw(
                st.sampled_from((Decimal(0), Decimal(50), Decimal("50.01"), Decimal("2000.01")))
                | st.integers(0, 3_000_00).map(lambda cents: Decimal(cents) * CENT)
            )
            appointment = None
            if remedy.is_appointment:  # mostly ahead, sometimes already past
                ahead = data.draw(st.integers(-3600, 7 * 24 * 3600))
                appointment = (at.astimezone(dt.UTC) + dt.timedelta(seconds=ahead)).astimezone(zone)
            options.append(Option(remedy, amount=amount, appointment=appointment))
        chosen = options[data.draw(st.integers(0, len(options) - 1))]
        event = ResolutionProposed(
            self.complaint_id(foreign),
            at=at,
            options=tuple(options),
            chosen=chosen,
            role=role,
        )
        # A chosen appointment already past is refused unless the same appointment (the
        # same remedy at the same instant, however written) is already a promise of the
        # case (an earlier proposal chose it).
        past = (
            chosen.appointment is not None
            and instant(chosen.appointment) < instant(at)
            and not any(
                p.promise_id.startswith(f"{chosen.remedy.value}@")
                and instant(p.due) == instant(chosen.appointment)
                for p in self.case.promises
            )
        )
        self.attempt(event, problem=past, unknown_role=role not in self.case.policy.limits)

    @rule(
        role=st.sampled_from((*ROLES, UNKNOWN_ROLE)),
        extra=st.sampled_from((-1, 0, 1)) | st.integers(-100_00, 3_000_00),
        when=WHEN,
        foreign=FOREIGN,
    )
    def approve(self, role: str, extra: int, when: int, foreign: bool) -> None:  # noqa: FBT001
        """CMP-COMPENSATE: approval by a role, of around the chosen amount (cents either way)."""
        needed = self.case.compensation
        amount = max(needed + extra * CENT, Decimal(0))
        event = CompensationApproved(
            self.complaint_id(foreign), at=self.at(when), role=role, amount=amount
        )
        policy = self.case.policy
        known = role in policy.limits
        problem = amount < needed or (known and not policy.covers(role, amount))
        self.attempt(event, problem=problem, unknown_role=not known)

    @rule(satisfied=st.booleans(), when=WHEN, foreign=FOREIGN)
    def follow_up(self, satisfied: bool, when: int, foreign: bool) -> None:  # noqa: FBT001
        """CMP-STEPS: step 5, content (on to step 6) or not (back to step 3)."""
        event = FollowedUp(self.complaint_id(foreign), at=self.at(when), satisfied=satisfied)
        self.attempt(event)

    @rule(when=WHEN, foreign=FOREIGN)
    def record(self, when: int, foreign: bool) -> None:  # noqa: FBT001
        """CMP-STEPS, CMP-LESSON: step 6, the details and the lesson written down."""
        event = Recorded(
            self.complaint_id(foreign),
            at=self.at(when),
            details="cream caused a rash",
            lesson="test each batch",
        )
        self.attempt(event)

    @rule(data=st.data(), due=st.integers(0, 7 * 24 * 3600), when=WHEN, foreign=FOREIGN)
    def promise(self, data: st.DataObject, due: int, when: int, foreign: bool) -> None:  # noqa: FBT001
        """CMP-PROMISE: a promise, under a new ID or one the case already has."""
        taken = sorted(p.promise_id for p in self.case.promises)
        fresh = f"p{len(taken)}"
        promise_id = data.draw(st.sampled_from([fresh, *taken]))
        at = self.at(when)
        event = PromiseMade(
            self.complaint_id(foreign),
            at=at,
            promise_id=promise_id,
            what="call back",
            due=(instant(at) + dt.timedelta(seconds=due)).astimezone(self.case.hours.zone),
        )
        self.attempt(event, problem=promise_id in taken)

    @rule(data=st.data(), kept=st.booleans(), when=WHEN, foreign=FOREIGN)
    def settle(self, data: st.DataObject, kept: bool, when: int, foreign: bool) -> None:  # noqa: FBT001
        """CMP-PROMISE: keep or break a promise, open or not, or one never made."""
        known = [p.promise_id for p in self.case.promises]
        promise_id = data.draw(st.sampled_from([*known, "never-made"]))
        kind = PromiseKept if kept else PromiseBroken
        event = kind(self.complaint_id(foreign), at=self.at(when), promise_id=promise_id)
        open_ids = {p.promise_id for p in self.case.promises if p.status is PromiseStatus.OPEN}
        self.attempt(event, problem=promise_id not in open_ids)

    # -- invariants -------------------------------------------------------------------------------

    @invariant()
    def stage_follows_the_six_steps(self) -> None:
        """CMP-STEPS: the stage is a Stage, the one the six steps' order leads to."""
        case = self.case
        state = model(case)
        assert isinstance(case.stage, Stage)
        assert case.stage is state.stage, (case.stage, state.word)
        assert case.closed == (case.stage is Stage.CLOSED)
        if case.closed:
            assert SIX_STEPS.fullmatch(state.word), state.word

    @invariant()
    def next_allowed_is_what_the_steps_allow(self) -> None:
        """CMP-STEPS: next_allowed() is in EventKind order, as documented, () once closed."""
        case = self.case
        allowed = case.next_allowed()
        order = list(EventKind)
        assert list(allowed) == sorted(set(allowed), key=order.index)
        assert set(allowed) == allowed_by_model(case, model(case))
        if case.closed:
            assert allowed == ()

    @invariant()
    def promises_follow_their_events(self) -> None:
        """CMP-PROMISE: statuses match the events; a closed case has no open promise."""
        case = self.case
        promises = {p.promise_id: p for p in case.promises}
        assert len(promises) == len(case.promises)
        for event in case.events:
            if isinstance(event, PromiseMade):
                assert promises[event.promise_id].due == event.due
            elif isinstance(event, PromiseKept):
                promise = promises[event.promise_id]
                late = instant(event.at) > instant(promise.due)
                assert promise.status is (PromiseStatus.KEPT_LATE if late else PromiseStatus.KEPT)
                assert promise.settled_at == event.at
            elif isinstance(event, PromiseBroken):
                assert promises[event.promise_id].status is PromiseStatus.BROKEN
        if case.closed:
            assert all(p.status is not PromiseStatus.OPEN for p in case.promises)

    @invariant()
    def compensation_above_the_limit_was_approved(self) -> None:
        """CMP-COMPENSATE: each resolution of an amount above the proposer's limit had approval."""
        case = self.case
        policy = case.policy
        proposal: ResolutionProposed | None = None
        approval: CompensationApproved | None = None
        for event in case.events:
            if isinstance(event, ResolutionProposed):
                proposal, approval = event, None
            elif isinstance(event, CompensationApproved):
                approval = event
            elif isinstance(event, Resolved):
                assert proposal is not None
                amount = proposal.chosen.amount
                if not policy.covers(proposal.role, amount):
                    assert approval is not None, proposal
                    assert approval.amount >= amount
                    assert policy.covers(approval.role, approval.amount)

    @invariant()
    def case_explains_itself(self) -> None:
        """CMP-STEPS: reasons() names the stage; a follow-up task exists only once resolved."""
        case = self.case
        reasons = case.reasons()
        assert reasons[0].rule_id == "CMP-STEPS"
        allowed = {"CMP-STEPS", "CMP-CHOICE", "CMP-COMPENSATE", "CMP-PROMISE"}
        assert {r.rule_id for r in reasons} <= allowed
        assert any(r.rule_id == "CMP-CHOICE" for r in reasons) == (case.stage is Stage.PROPOSED)
        assert any(r.rule_id == "CMP-COMPENSATE" for r in reasons) == case.awaiting_approval
        task = case.follow_up_task()
        assert (task is not None) == (case.stage is Stage.RESOLVED)
        if task is not None:
            assert case.resolved_at is not None
            resolved_day = case.resolved_at.astimezone(case.hours.zone).date()
            assert task.due >= resolved_day + dt.timedelta(days=case.policy.follow_up_days)
            assert case.hours.calendar.is_working_day(task.due)

    @invariant()
    def time_never_goes_back(self) -> None:
        """CMP-STEPS: events are in time order, none before the complaint arrived."""
        case = self.case
        times = [case.complaint.received_at, *(event.at for event in case.events)]
        assert all(instant(a) <= instant(b) for a, b in itertools.pairwise(times))
        assert case.last_at == times[-1]

    @invariant()
    def sla_clocks_read_at_the_last_event(self) -> None:
        """CMP-NOW: clocks read without error, used <= wall time, breaches dated and fixed."""
        case = self.case
        at = case.last_at
        status = sla_status(case, at)
        for clock in status.clocks:
            check_clock(clock, case, at)
            name = clock.clock.value
            if name in self.breaches:
                seen = self.breaches[name]
                assert clock.breached_at is not None, (name, self.breaches)
                assert instant(clock.breached_at) == instant(seen), (name, self.breaches)
            elif clock.breached_at is not None:
                self.breaches[name] = clock.breached_at


CaseMachine.TestCase.settings = settings(stateful_step_count=40)
TestCaseMachine = CaseMachine.TestCase


# --- the strategies themselves ---------------------------------------------------------------


@given(CASES)
def test_cases_strategy_draws_cases_of_allowed_events(case: Case) -> None:
    """rst.cases: re-folding the events gives the same case, and time never goes back."""
    again = Case.open(case.complaint, hours=case.hours, policy=case.policy, events=case.events)
    assert again == case
    assert again.stage is case.stage
    assert all(instant(a.at) <= instant(b.at) for a, b in itertools.pairwise(case.events))


# --- CMP-LESSON --------------------------------------------------------------------------------


@settings(max_examples=30)
@given(case_lists(), st.data())
def test_lessons_ignore_the_order_of_the_cases(cases: list[Case], data: st.DataObject) -> None:
    """CMP-LESSON: lessons() gives an equal result for any order of the cases."""
    shuffled = data.draw(st.permutations(cases), label="shuffled")
    assert lessons(shuffled) == lessons(cases)
    assert lessons(reversed(cases)) == lessons(cases)


@settings(max_examples=30)
@given(case_lists())
def test_lessons_cause_counts_add_up(cases: list[Case]) -> None:
    """CMP-LESSON: by_cause counts sum to every row's n, the diagnosed cases; shares add up."""
    result = lessons(cases)
    diagnosed = sum(case.cause is not None for case in cases)
    total = sum(row.count for row in result.by_cause)
    assert total == diagnosed
    for row in result.by_cause:
        assert row.n == total
    if result.by_cause:
        assert result.by_cause[-1].cumulative == 1
    counts = [row.count for row in result.by_cause]
    assert counts == sorted(counts, reverse=True)


# --- CMP-NOW -----------------------------------------------------------------------------------


@given(CASES, st.data())
def test_sla_used_never_decreases_with_time(case: Case, data: st.DataObject) -> None:
    """CMP-NOW: for one case, each clock's used working time is non-decreasing in the instant."""
    beyond = dt.timedelta(days=3)
    first = data.draw(instants(case, beyond=beyond), label="first")
    second = data.draw(instants(case, beyond=beyond), label="second")
    early, late = sorted((first, second))
    before, after = sla_status(case, early), sla_status(case, late)
    for a, b in zip(before.clocks, after.clocks, strict=True):
        assert a.used <= b.used, (a, b)
        check_clock(a, case, early)
        check_clock(b, case, late)


@given(CASES, st.data())
def test_sla_breach_never_moves(case: Case, data: st.DataObject) -> None:
    """CMP-NOW: a clock breached at t1 shows the same breached_at at any later t2."""
    beyond = dt.timedelta(days=3)
    first = data.draw(instants(case, beyond=beyond), label="first")
    second = data.draw(instants(case, beyond=beyond), label="second")
    early, late = sorted((first, second))
    for a, b in zip(sla_status(case, early).clocks, sla_status(case, late).clocks, strict=True):
        if a.breached_at is not None:
            assert b.breached_at is not None, (a, b)
            assert instant(b.breached_at) == instant(a.breached_at), (a, b)


# --- StoreHours ----------------------------------------------------------------------------------

#: Instants in 2025 on every store's local calendar (New York is behind UTC on 1 January).
YEAR_2025 = (dt.datetime(2025, 1, 2, tzinfo=dt.UTC), dt.datetime(2025, 12, 31, tzinfo=dt.UTC))
#: Whole seconds of 2025, or whole quarter hours, where the opening windows start and end
#: (every zone used is a whole number of hours off UTC).
MOMENTS = st.one_of(
    st.integers(0, int((YEAR_2025[1] - YEAR_2025[0]).total_seconds())),
    st.integers(0, int((YEAR_2025[1] - YEAR_2025[0]).total_seconds()) // 900).map(
        lambda q: q * 900
    ),
).map(lambda s: YEAR_2025[0] + dt.timedelta(seconds=s))


@given(HOURS, MOMENTS, MOMENTS, MOMENTS)
def test_working_time_adds_up_over_a_split(
    hours: StoreHours, a: dt.datetime, b: dt.datetime, c: dt.datetime
) -> None:
    """CMP-NOW: working_time(a, c) == working_time(a, b) + working_time(b, c) for a <= b <= c."""
    a, b, c = sorted((a, b, c))
    assert hours.working_time(a, c) == hours.working_time(a, b) + hours.working_time(b, c)


#: Working time to add: up to 48 hours, which even a store open 15 minutes a day has
#: left in the calendar after any instant of 2025.
SPANS = st.integers(0, 48 * 3600).map(lambda s: dt.timedelta(seconds=s))


@given(HOURS, MOMENTS, SPANS)
def test_working_time_undoes_add(hours: StoreHours, start: dt.datetime, span: dt.timedelta) -> None:
    """CMP-NOW: working_time(start, add(start, d)) == d, and add never goes back in time."""
    end = hours.add(start, span)
    assert instant(end) >= instant(start)
    assert hours.working_time(start, end) == span


@given(HOURS, MOMENTS)
def test_is_open_exactly_when_the_next_second_is_working_time(
    hours: StoreHours, at: dt.datetime
) -> None:
    """CMP-NOW: is_open(t) says whether the second from t on counts as working time."""
    second = dt.timedelta(seconds=1)
    assert hours.is_open(at) == (hours.working_time(at, at + second) == second)


# --- bugs found ----------------------------------------------------------------------------------


def test_policy_and_case_print() -> None:
    """CMP-NOW: a policy, its SLA table and a case have a repr (no unsortable keys)."""
    policy = ComplaintPolicy()
    assert [policy.sla.target(p) for p in Priority] == [
        policy.sla.urgent,
        policy.sla.high,
        policy.sla.normal,
        policy.sla.low,
    ]
    assert "ComplaintPolicy(" in repr(policy)
    assert "SlaPolicy(" in repr(policy)


def test_policy_evolves() -> None:
    """CMP-NOW: attrs.evolve() changes one field of a policy and keeps the others."""
    sla = attrs.evolve(SlaPolicy(), at_risk=Decimal("0.5"))
    policy = attrs.evolve(ComplaintPolicy(), sla=sla)
    assert policy.sla.normal == ComplaintPolicy().sla.normal
    assert policy.sla.at_risk == Decimal("0.5")
    assert policy.limits == ComplaintPolicy().limits
