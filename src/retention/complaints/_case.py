"""Case: a complaint and the fold of its events through the six steps (CMP-STEPS)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from retention import _frames_out, _tables
from retention._i18n import Language
from retention._instants import utc
from retention._text import escape_controls
from retention._validate import (
    add_days,
    check_aware,
    check_iterable,
    describe,
    is_a,
)
from retention.cadence import ServiceTask
from retention.complaints._events import (
    CauseDiagnosed,
    CompensationApproved,
    Event,
    EventKind,
    FollowedUp,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
    Recorded,
    ResolutionProposed,
)
from retention.complaints._model import (
    Cause,
    Complaint,
    Option,
    Promise,
    PromiseStatus,
    Stage,
)
from retention.complaints._policy import ComplaintPolicy, SlaTarget
from retention.exceptions import InvalidTransitionError, InvalidTypeError
from retention.hours import StoreHours
from retention.rules import Reason

__all__ = ["Case"]

#: The step each stage waits for (CMP-STEPS), before the side events.
_NEXT_STEP: dict[Stage, EventKind | None] = {
    Stage.RECEIVED: EventKind.LISTENED,
    Stage.LISTENED: EventKind.APOLOGISED,
    Stage.APOLOGISED: EventKind.CAUSE_DIAGNOSED,
    Stage.DIAGNOSED: EventKind.RESOLUTION_PROPOSED,
    Stage.PROPOSED: EventKind.RESOLVED,
    Stage.RESOLVED: EventKind.FOLLOWED_UP,
    Stage.FOLLOWED_UP: EventKind.RECORDED,
    Stage.REOPENED: EventKind.CAUSE_DIAGNOSED,
    Stage.RECORDED: EventKind.CLOSED,
    Stage.CLOSED: None,
}

#: The stage each step event leads to.
_STEP_TO: dict[EventKind, Stage] = {
    EventKind.LISTENED: Stage.LISTENED,
    EventKind.APOLOGISED: Stage.APOLOGISED,
    EventKind.CAUSE_DIAGNOSED: Stage.DIAGNOSED,
    EventKind.RESOLUTION_PROPOSED: Stage.PROPOSED,
    EventKind.RESOLVED: Stage.RESOLVED,
    EventKind.RECORDED: Stage.RECORDED,
    EventKind.CLOSED: Stage.CLOSED,
}

#: Stages in which the resolution clock runs (pausing makes sense only then).
_RUNNING = frozenset(
    {
        Stage.RECEIVED,
        Stage.LISTENED,
        Stage.APOLOGISED,
        Stage.DIAGNOSED,
        Stage.PROPOSED,
        Stage.REOPENED,
    }
)

Span = tuple[dt.datetime, dt.datetime | None]


def _pause_open(pauses: Sequence[Span]) -> bool:
    """Whether the last pause has not ended (the clocks are paused now)."""
    return bool(pauses) and pauses[-1][1] is None


@attrs.frozen
class _State:
    """What the events add up to; built only by :func:`_fold`."""

    stage: Stage
    last_at: dt.datetime
    failures: int
    causes: tuple[Cause, ...]
    proposal: ResolutionProposed | None
    approval: CompensationApproved | None
    promises: tuple[Promise, ...]
    pauses: tuple[Span, ...]
    first_response_at: dt.datetime | None
    resolving: tuple[Span, ...]
    record: Recorded | None
    allowed: tuple[EventKind, ...]
    awaiting_approval: bool


class _Fold:
    """The mutable accumulator of one fold; it never leaves :func:`_fold`."""

    def __init__(self, complaint: Complaint, policy: ComplaintPolicy) -> None:
        self.complaint = complaint
        self.policy = policy
        self.stage = Stage.RECEIVED
        self.last_at = complaint.received_at
        self.failures = 0
        self.causes: list[Cause] = []
        self.proposal: ResolutionProposed | None = None
        self.approval: CompensationApproved | None = None
        self.promises: dict[str, Promise] = {}
        self.pauses: list[Span] = []
        self.first_response_at: dt.datetime | None = None
        self.resolving: list[Span] = [(complaint.received_at, None)]
        self.record: Recorded | None = None

    # -- what may come next ------------------------------------------------------------

    @property
    def paused(self) -> bool:
        return _pause_open(self.pauses)

    def needs_approval(self) -> bool:
        """Whether the chosen option's amount is above the proposer's limit, unapproved."""
        if self.proposal is None or self.approval is not None:
            return False
        return not self.policy.covers(self.proposal.role, self.proposal.chosen.amount)

    def open_promises(self) -> list[Promise]:
        return [p for p in self.promises.values() if p.status is PromiseStatus.OPEN]

    def allowed(self) -> tuple[EventKind, ...]:
        """The kinds of event the case takes now, in :class:`EventKind` order."""
        if self.stage is Stage.CLOSED:
            return ()
        kinds: set[EventKind] = {EventKind.PROMISE_MADE}
        step = _NEXT_STEP[self.stage]
        if self.stage is Stage.PROPOSED:
            kinds.add(EventKind.RESOLUTION_PROPOSED)
            if self.needs_approval():
                kinds.add(EventKind.COMPENSATION_APPROVED)
                step = None
        if self.stage is Stage.RECORDED and self.open_promises():
            step = None
        if step is not None:
            kinds.add(step)
        if self.open_promises():
            kinds |= {EventKind.PROMISE_KEPT, EventKind.PROMISE_BROKEN}
        if self.paused:
            kinds.add(EventKind.CLOCK_RESUMED)
        elif self.stage in _RUNNING:
            kinds.add(EventKind.CLOCK_PAUSED)
        return tuple(kind for kind in EventKind if kind in kinds)

    # -- applying one event ------------------------------------------------------------

    def refuse(self, event: Event, why: str) -> InvalidTransitionError:
        allowed = ", ".join(k.value for k in self.allowed()) or "nothing (the case is closed)"
        msg = (
            f"{event.kind.value} at {event.at.isoformat()}: {why} (case "
            f"{escape_controls(self.complaint.complaint_id)} is at stage "
            f"{self.stage.value}; allowed next: {allowed})"
        )
        return InvalidTransitionError(msg)

    def apply(self, event: Event) -> None:  # noqa: C901  # one branch per kind of event
        if not isinstance(event, Event):
            msg = f"event: expected a complaint Event, got {describe(event)}"
            raise InvalidTypeError(msg)
        if event.complaint_id != self.complaint.complaint_id:
            raise self.refuse(
                event, f"the event belongs to complaint {event.complaint_id!r}, not this one"
            )
        if utc(event.at) < utc(self.last_at):
            raise self.refuse(
                event,
                f"events go forward in time; the last one was at {self.last_at.isoformat()}",
            )
        kind = event.kind
        if kind not in self.allowed():
            raise self.refuse(event, self._why_not(kind))
        if isinstance(event, PromiseMade):
            self._promise(event)
        elif isinstance(event, PromiseKept | PromiseBroken):
            self._settle(event)
        elif kind is EventKind.CLOCK_PAUSED:
            self.pauses.append((event.at, None))
        elif kind is EventKind.CLOCK_RESUMED:
            self._end_pause(event.at)
        elif isinstance(event, CompensationApproved):
            self._approve(event)
        elif isinstance(event, FollowedUp):
            self._follow_up(event)
        else:
            self._step(event)
        self.last_at = event.at

    def _why_not(self, kind: EventKind) -> str:  # noqa: PLR0911  # one answer a kind
        if kind is EventKind.CLOSED and self.stage is Stage.RECORDED:
            return "a case cannot close with an open promise (CMP-PROMISE)"
        if kind is EventKind.RESOLVED and self.needs_approval():
            assert self.proposal is not None  # noqa: S101  # needs_approval() says so
            chosen = self.proposal.chosen
            return (
                f"compensation {chosen.amount} is above the {self.proposal.role}'s limit "
                f"{self.policy.limit(self.proposal.role)}; it needs approval first (CMP-COMPENSATE)"
            )
        if kind in (EventKind.PROMISE_KEPT, EventKind.PROMISE_BROKEN):
            return "there is no open promise (CMP-PROMISE)"
        if kind is EventKind.CLOCK_PAUSED:
            return "the SLA clocks are already paused or no longer run (CMP-NOW)"
        if kind is EventKind.CLOCK_RESUMED:
            return "the SLA clocks are not paused (CMP-NOW)"
        if kind is EventKind.COMPENSATION_APPROVED:
            return "no proposal waits for approval (CMP-COMPENSATE)"
        if self.stage is Stage.CLOSED:
            return "the case is closed and takes no more events (CMP-STEPS)"
        return "the six steps go in order (CMP-STEPS)"

    def _step(self, event: Event) -> None:
        kind = event.kind
        if kind is EventKind.APOLOGISED:
            self.first_response_at = event.at
        elif isinstance(event, CauseDiagnosed):
            self.causes.append(event.cause)
        elif isinstance(event, ResolutionProposed):
            self.policy.limit(event.role)  # an unknown role is refused here
            self.proposal, self.approval = event, None
            self._appointment(event)
        elif kind is EventKind.RESOLVED:
            start, _ = self.resolving[-1]
            self.resolving[-1] = (start, event.at)
            if self.paused:
                self._end_pause(event.at)
        elif isinstance(event, Recorded):
            self.record = event
        self.stage = _STEP_TO[kind]

    def _appointment(self, event: ResolutionProposed) -> None:
        """A chosen delivery or installation is a promise due at its time (CMP-REMEDY)."""
        chosen = event.chosen
        if chosen.appointment is None:
            return
        promise_id = f"{chosen.remedy.value}@{chosen.appointment.isoformat()}"
        prefix = f"{chosen.remedy.value}@"
        if any(  # the same appointment, however its time zone was written
            p.promise_id.startswith(prefix) and utc(p.due) == utc(chosen.appointment)
            for p in self.promises.values()
        ):
            return
        self._add_promise(
            Promise(
                promise_id,
                what=chosen.describe(),
                made_at=event.at,
                due=chosen.appointment,
            ),
            event,
        )

    def _add_promise(self, promise: Promise, event: Event) -> None:
        if utc(promise.due) < utc(event.at):
            raise self.refuse(event, "a promise cannot be due before it is made (CMP-PROMISE)")
        self.promises[promise.promise_id] = promise

    def _promise(self, event: PromiseMade) -> None:
        if event.promise_id in self.promises:
            raise self.refuse(event, f"promise {event.promise_id!r} was already made")
        self._add_promise(
            Promise(event.promise_id, what=event.what, made_at=event.at, due=event.due), event
        )

    def _settle(self, event: PromiseKept | PromiseBroken) -> None:
        promise = self.promises.get(event.promise_id)
        if promise is None or promise.status is not PromiseStatus.OPEN:
            raise self.refuse(event, f"promise {event.promise_id!r} is not an open promise")
        if isinstance(event, PromiseBroken):
            status = PromiseStatus.BROKEN
        else:
            kept = utc(event.at) <= utc(promise.due)
            status = PromiseStatus.KEPT if kept else PromiseStatus.KEPT_LATE
        self.promises[event.promise_id] = attrs.evolve(promise, status=status, settled_at=event.at)

    def _end_pause(self, at: dt.datetime) -> None:
        start, _ = self.pauses[-1]
        self.pauses[-1] = (start, at)

    def _approve(self, event: CompensationApproved) -> None:
        assert self.proposal is not None  # noqa: S101  # allowed() only offers it then
        needed = self.proposal.chosen.amount
        if event.amount < needed:
            raise self.refuse(
                event,
                f"the approval covers {event.amount}, the chosen option needs {needed} "
                "(CMP-COMPENSATE)",
            )
        if not self.policy.covers(event.role, event.amount):
            raise self.refuse(
                event,
                f"the {event.role}'s limit {self.policy.limit(event.role)} does not cover "
                f"{event.amount} (CMP-COMPENSATE)",
            )
        self.approval = event

    def _follow_up(self, event: FollowedUp) -> None:
        if event.satisfied:
            self.stage = Stage.FOLLOWED_UP
            return
        # Still unhappy: back to step 3, and the resolution clock runs again.
        self.failures += 1
        self.stage = Stage.REOPENED
        self.proposal = self.approval = None
        self.resolving.append((event.at, None))

    def freeze(self) -> _State:
        return _State(
            stage=self.stage,
            last_at=self.last_at,
            failures=self.failures,
            causes=tuple(self.causes),
            proposal=self.proposal,
            approval=self.approval,
            promises=tuple(self.promises.values()),
            pauses=tuple(self.pauses),
            first_response_at=self.first_response_at,
            resolving=tuple(self.resolving),
            record=self.record,
            allowed=self.allowed(),
            awaiting_approval=self.stage is Stage.PROPOSED and self.needs_approval(),
        )


def _events(value: object) -> tuple[Event, ...]:
    return tuple(check_iterable("events", value, "complaint events"))


@attrs.frozen
class Case:
    """A complaint and everything recorded on it: a pure fold of its events.

    Build one with :meth:`open` and add events with :meth:`apply` (or pass them all to
    :meth:`open`). Every event is checked against the state the earlier ones left: an
    event out of the six steps' order, a second close, a follow-up before resolution, a
    close with a promise open, an event of another complaint or one dated before the
    last raises :class:`~retention.exceptions.InvalidTransitionError`, and the case the
    caller holds is unchanged (cases are immutable). Times are compared as instants, in
    UTC: in the hour the clocks go back, an event at 02:05 with ``fold=1`` (the second
    02:05) comes after one at 02:10 with ``fold=0``. The events keep the zone they were
    written in.

    Attributes:
        complaint: The complaint.
        policy: The policy in force when the complaint arrived; its SLA targets and
            limits stay with the case, so a later policy change never re-dates a breach.
        hours: The store's working time, which the SLA clocks count.
        events: The events, in the order they happened.
    """

    complaint: Complaint = attrs.field(validator=is_a(Complaint))
    policy: ComplaintPolicy = attrs.field(kw_only=True, validator=is_a(ComplaintPolicy))
    hours: StoreHours = attrs.field(kw_only=True, validator=is_a(StoreHours))
    events: tuple[Event, ...] = attrs.field(default=(), kw_only=True, converter=_events)
    _state: _State = attrs.field(init=False, repr=False, eq=False)

    def __attrs_post_init__(self) -> None:
        """Fold the events; any refused event refuses the whole case."""
        fold = _Fold(self.complaint, self.policy)
        for event in self.events:
            fold.apply(event)
        object.__setattr__(self, "_state", fold.freeze())

    @classmethod
    def open(
        cls,
        complaint: Complaint,
        *,
        hours: StoreHours,
        policy: ComplaintPolicy | None = None,
        events: Iterable[Event] = (),
    ) -> Case:
        """Open a case for ``complaint`` and fold ``events`` into it.

        Args:
            complaint: The complaint.
            hours: The store's working time (for the SLA clocks).
            policy: The policy in force (default :class:`ComplaintPolicy`).
            events: Events already recorded, in the order they happened.

        Raises:
            InvalidTransitionError: An event the case cannot take at that point.
            InvalidInputError: An event naming a role the policy does not have.
            InvalidTypeError: An argument of the wrong type.
        """
        return cls(
            complaint,
            policy=ComplaintPolicy() if policy is None else policy,
            hours=hours,
            events=events,  # the converter checks and copies it
        )

    def apply(self, event: Event) -> Case:
        """Return the case with ``event`` added; this case stays as it was.

        Raises:
            InvalidTransitionError: The case cannot take the event now (the message says
                which events it can take).
            InvalidInputError: A proposal or approval names a role the policy does not
                have.
            InvalidTypeError: ``event`` is not a complaint event.
        """
        return attrs.evolve(self, events=(*self.events, event))

    # -- the state ---------------------------------------------------------------------

    @property
    def complaint_id(self) -> str:
        """The complaint's ID."""
        return self.complaint.complaint_id

    @property
    def stage(self) -> Stage:
        """Where the case stands in the six steps."""
        return self._state.stage

    @property
    def closed(self) -> bool:
        """Whether the case is closed."""
        return self._state.stage is Stage.CLOSED

    @property
    def last_at(self) -> dt.datetime:
        """When the last event happened (the receipt, before any event)."""
        return self._state.last_at

    @property
    def failures(self) -> int:
        """How many follow-ups found the customer still unhappy (each reopened the case)."""
        return self._state.failures

    @property
    def cause(self) -> Cause | None:
        """The latest diagnosed cause (CMP-CAUSE), ``None`` before step 3."""
        return self._state.causes[-1] if self._state.causes else None

    @property
    def causes(self) -> tuple[Cause, ...]:
        """Every diagnosis in order (more than one after a reopen)."""
        return self._state.causes

    @property
    def options(self) -> tuple[Option, ...]:
        """The options of the current proposal (CMP-CHOICE), empty before step 4."""
        proposal = self._state.proposal
        return () if proposal is None else proposal.options

    @property
    def chosen(self) -> Option | None:
        """The option the customer chose in the current proposal."""
        proposal = self._state.proposal
        return None if proposal is None else proposal.chosen

    @property
    def compensation(self) -> Decimal:
        """The chosen option's amount (``0`` before a choice)."""
        chosen = self.chosen
        return Decimal(0) if chosen is None else chosen.amount

    @property
    def awaiting_approval(self) -> bool:
        """Whether the chosen compensation is above the proposer's limit and unapproved."""
        return self._state.awaiting_approval

    @property
    def promises(self) -> tuple[Promise, ...]:
        """Every promise made, in the order made (CMP-PROMISE)."""
        return self._state.promises

    @property
    def paused(self) -> bool:
        """Whether the SLA clocks are paused now (waiting on the customer)."""
        return _pause_open(self._state.pauses)

    @property
    def pauses(self) -> tuple[Span, ...]:
        """The pauses as ``(start, end)``; the last one's end is ``None`` while it lasts."""
        return self._state.pauses

    @property
    def first_response_at(self) -> dt.datetime | None:
        """When step 2 completed the first response, ``None`` before."""
        return self._state.first_response_at

    @property
    def resolved_at(self) -> dt.datetime | None:
        """When the case was last resolved, ``None`` if it is not resolved now."""
        return self._state.resolving[-1][1]

    @property
    def resolving(self) -> tuple[Span, ...]:
        """The spans in which the resolution clock ran.

        Receipt to resolution, then reopen to the next resolution; the last end is
        ``None`` while unresolved.
        """
        return self._state.resolving

    @property
    def record(self) -> Recorded | None:
        """The step-6 record (details and lesson), ``None`` before it (CMP-LESSON)."""
        return self._state.record

    @property
    def target(self) -> SlaTarget:
        """The SLA targets of the complaint's priority."""
        return self.policy.sla.target(self.complaint.priority)

    def kinds(self, kind: EventKind) -> tuple[Event, ...]:
        """Return the events of one kind, in order."""
        return tuple(e for e in self.events if e.kind is kind)

    def next_allowed(self) -> tuple[EventKind, ...]:
        """The kinds of event the case takes now, steps first (empty once closed)."""
        return self._state.allowed

    def overdue_promises(self, at: dt.datetime) -> tuple[Promise, ...]:
        """The promises still open after their due time at instant ``at`` (CMP-PROMISE)."""
        at = check_aware("at", at)
        return tuple(p for p in self._state.promises if p.overdue(at))

    def reasons(self) -> tuple[Reason, ...]:
        """Say where the case stands and what it waits for, with rule IDs."""
        state = self._state
        out = [Reason("CMP-STEPS", detail=_STAGE_TEXT[state.stage])]
        if state.failures:
            out.append(
                Reason(
                    "CMP-STEPS",
                    detail=f"reopened {state.failures} time(s): the customer was still unhappy "
                    "at the follow-up",
                )
            )
        if state.proposal is not None and state.stage is Stage.PROPOSED:
            out.append(Reason("CMP-CHOICE", detail=_choice_text(state.proposal, self.complaint)))
        if self.awaiting_approval:
            proposal = state.proposal
            assert proposal is not None  # noqa: S101  # awaiting_approval says so
            out.append(
                Reason(
                    "CMP-COMPENSATE",
                    detail=f"compensation {proposal.chosen.amount} is above the {proposal.role}'s "
                    f"limit {self.policy.limit(proposal.role)}: needs approval before resolving",
                )
            )
        open_promises = [p for p in state.promises if p.status is PromiseStatus.OPEN]
        if open_promises:
            next_due = min((p.due for p in open_promises), key=utc)
            out.append(
                Reason(
                    "CMP-PROMISE",
                    detail=f"{len(open_promises)} open promise(s), the next due "
                    f"{next_due.isoformat()}; the case cannot close "
                    "before they are kept or broken",
                )
            )
        return tuple(out)

    def to_records(
        self, *, at: dt.datetime | None = None, labels: Language | None = None
    ) -> list[dict[str, object]]:
        """Return the case as one plain row, ready for ``pandas.DataFrame(...)``.

        The row's keys are ``complaint_id``, ``customer_id``, ``priority``, ``channel``,
        ``received_at``, ``stage``, ``cause`` (the latest diagnosis, CMP-CAUSE),
        ``compensation`` (the chosen option's amount), ``open_promises`` (how many,
        CMP-PROMISE), ``follow_up_due`` (the step-5 call's day, see
        :meth:`follow_up_task`), ``next`` (the kinds of event the case takes now, comma
        separated, CMP-STEPS; ``None`` once closed), then both SLA clocks at ``at``:
        ``first_response`` and ``resolution`` (the state), ``first_response_deadline``,
        ``first_response_breached_at``, ``resolution_deadline`` and
        ``resolution_breached_at`` (CMP-NOW; all six ``None`` without ``at``). Enums are
        their values. For many cases use :func:`~retention.complaints.case_records`.

        Args:
            at: The instant to read the SLA clocks at (aware, not before the complaint
                arrived), or ``None`` for no clocks.
            labels: ``None`` for those keys, or ``"en"``, ``"zh_CN"`` or ``"zh_TW"``
                to key the row by the column labels in that language.

        Raises:
            InvalidInputError: A naive ``at``, one before the complaint arrived, or an
                unknown language.
            OutOfCalendarError: The case's time runs outside the calendar's years.
        """
        from retention.complaints import _records  # noqa: PLC0415  # it imports this module

        return _tables.records(_tables.CASES, [_records.case_row(self, at)], labels)

    def to_frame(
        self,
        backend: _frames_out.Backend = "pandas",
        *,
        at: dt.datetime | None = None,
        money: _frames_out.Money = "float",
        labels: Language | None = None,
    ) -> _frames_out.Frame:
        """Return :meth:`to_records`'s row as a typed one-row data frame.

        See :func:`~retention.complaints.case_frame` for the column types; the backend is
        imported now, never before.

        Raises:
            InvalidInputError: As :meth:`to_records`, or an unknown backend or money type.
            MissingDependencyError: The backend is not installed.
        """
        from retention.complaints import _records  # noqa: PLC0415  # it imports this module

        return _frames_out.table_frame(
            _tables.CASES, [_records.case_row(self, at)], labels, backend=backend, money=money
        )

    def to_html(self, *, at: dt.datetime | None = None, language: Language = "en") -> str:
        """Return :meth:`to_records`'s row as a one-row HTML table, every text escaped.

        Raises:
            InvalidInputError: As :meth:`to_records`.
        """
        from retention.complaints import _records  # noqa: PLC0415  # it imports this module

        return _records.html([_records.case_row(self, at)], at=at, language=language)

    def _repr_html_(self) -> str:
        """The case in English without SLA clocks, for Jupyter (see :meth:`to_html`)."""
        return self.to_html()

    def follow_up_task(self) -> ServiceTask | None:
        """The step-5 follow-up as a service contact for the cadence engine, once resolved.

        Due on the first working day at least :attr:`ComplaintPolicy.follow_up_days`
        after the resolution's local day in the store's time zone (a call is a staff
        task, CAD-WORKDAY), a phone call by default; ``None`` unless the case is at stage
        *resolved*. A day beyond the calendar's years is left as it is (the cadence
        engine, given a calendar that covers it, then moves it to a working day). Pass
        it to :func:`retention.cadence.plan_contacts` as a ``service_tasks`` entry:
        service contacts are exempt from the caps, never from an opt-out.
        """
        resolved = self.resolved_at
        if self._state.stage is not Stage.RESOLVED or resolved is None:
            return None
        day = resolved.astimezone(self.hours.zone).date()
        due = add_days("due", day, self.policy.follow_up_days)
        calendar = self.hours.calendar
        working = calendar.next_working_day(due) if calendar.covers(due) else None
        return ServiceTask(
            self.complaint_id,
            customer_id=self.complaint.customer_id,
            due=due if working is None else working,
            window_days=self.policy.follow_up_window_days,
        )


def _choice_text(proposal: ResolutionProposed, complaint: Complaint) -> str:
    """Say what was offered and chosen, and how it compares with what was asked for."""
    count = len(proposal.options)
    text = (
        f"offered {count} option{'s' if count > 1 else ''}, the customer chose "
        f"{proposal.chosen.describe()}"
    )
    asked = complaint.asks_for
    if asked is not None:
        same = "as" if asked is proposal.chosen.remedy else "not what"
        text += f" ({same} they asked for: {asked.value.replace('_', ' ')})"
    return text


_STAGE_TEXT: dict[Stage, str] = {
    Stage.RECEIVED: "received: step 1 is next, listen and accept the criticism sincerely",
    Stage.LISTENED: "step 1 done (listened): step 2 is next, apologise and calm the customer",
    Stage.APOLOGISED: "step 2 done (first response complete): step 3 is next, find the true cause",
    Stage.DIAGNOSED: "step 3 done (cause found): step 4 is next, offer choices and resolve fast",
    Stage.PROPOSED: "step 4 under way: the customer chose an option; carry it out",
    Stage.RESOLVED: "step 4 done (resolved): step 5 is next, contact again and apologise again",
    Stage.FOLLOWED_UP: "step 5 done (customer content): step 6 is next, record and draw the lesson",
    Stage.REOPENED: "reopened at the follow-up: back to step 3, find the true cause",
    Stage.RECORDED: "step 6 done (recorded): the case can close once no promise is open",
    Stage.CLOSED: "closed after all six steps",
}
