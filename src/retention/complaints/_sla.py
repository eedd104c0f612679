"""SLA clocks: first response and resolution, in the store's working time (CMP-NOW)."""

from __future__ import annotations

import datetime as dt
import enum
from decimal import Decimal
from fractions import Fraction

import attrs

from retention import _frames_out, _tables
from retention._decimal import SHARE
from retention._i18n import Language
from retention._instants import local, utc
from retention._text import duration, percent
from retention._validate import check_aware, check_instance
from retention.complaints._case import Case, Span
from retention.exceptions import InvalidInputError, OutOfCalendarError
from retention.hours import StoreHours
from retention.rules import Reason

__all__ = ["Clock", "SlaClock", "SlaState", "SlaStatus", "sla_status"]

_NOTHING = dt.timedelta(0)
_MICROSECOND = dt.timedelta(microseconds=1)
_MICROSECONDS_PER_HUNDREDTH_HOUR = 36_000_000


def in_hours(span: dt.timedelta | None) -> Decimal | None:
    """A duration in hours to the hundredth (one rounding, half to even); ``None`` stays."""
    if span is None:
        return None
    microseconds = span // _MICROSECOND
    hundredths = round(Fraction(microseconds, _MICROSECONDS_PER_HUNDREDTH_HOUR))
    return Decimal(hundredths).scaleb(-2)


def _share(used: dt.timedelta, target: dt.timedelta) -> Decimal:
    """``used / target`` as a Decimal, exact to 28 digits."""
    return SHARE.divide(Decimal(used // _MICROSECOND), Decimal(target // _MICROSECOND))


class Clock(enum.Enum):
    """The two clocks of a case."""

    FIRST_RESPONSE = "first_response"
    """From receipt to step 2 (listened and apologised)."""
    RESOLUTION = "resolution"
    """From receipt to step 4 done; it runs again after a reopen."""


class SlaState(enum.Enum):
    """How a clock stands at an instant."""

    ON_TRACK = "on_track"
    """Running, less than the policy's at-risk share of the target used."""
    AT_RISK = "at_risk"
    """Running, at least the at-risk share used, the target not yet passed."""
    BREACHED = "breached"
    """The target ran out before the clock stopped (or the instant asked, if it runs)."""
    MET = "met"
    """Stopped by the instant its target ran out (that very instant counts)."""


@attrs.frozen
class SlaClock:
    """One clock of a case at one instant.

    Attributes:
        clock: First response or resolution.
        state: On track, at risk, breached or met.
        target: The working time allowed.
        used: The working time used up to the instant (pauses excluded).
        left: What is left of the target (zero once breached).
        deadline: When the target runs out if the clock keeps running from the instant;
            ``None`` when the clock is stopped or paused (or the calendar ends first).
        breached_at: When the target ran out, ``None`` if it has not. It is worked out
            from the events and pauses as they happened, so it never moves earlier.
        stopped_at: When the clock stopped (``None`` while it runs).
        paused: Whether the clock is paused at the instant.
        reasons: CMP-NOW, with the figures.
    """

    clock: Clock
    state: SlaState = attrs.field(kw_only=True)
    target: dt.timedelta = attrs.field(kw_only=True)
    used: dt.timedelta = attrs.field(kw_only=True)
    left: dt.timedelta = attrs.field(kw_only=True)
    deadline: dt.datetime | None = attrs.field(kw_only=True)
    breached_at: dt.datetime | None = attrs.field(kw_only=True)
    stopped_at: dt.datetime | None = attrs.field(kw_only=True)
    paused: bool = attrs.field(kw_only=True)
    reasons: tuple[Reason, ...] = attrs.field(kw_only=True)

    @property
    def share_used(self) -> Decimal:
        """The share of the target used (above 1 once breached)."""
        return _share(self.used, self.target)

    @property
    def overdue(self) -> dt.timedelta:
        """The working time used beyond the target (zero while within it)."""
        return max(self.used - self.target, _NOTHING)


@attrs.frozen
class SlaStatus:
    """Both clocks of a case at one instant (CMP-NOW).

    Attributes:
        complaint_id: The case.
        at: The instant.
        first_response: The first-response clock.
        resolution: The resolution clock.
    """

    complaint_id: str
    at: dt.datetime = attrs.field(kw_only=True)
    first_response: SlaClock = attrs.field(kw_only=True)
    resolution: SlaClock = attrs.field(kw_only=True)

    @property
    def clocks(self) -> tuple[SlaClock, SlaClock]:
        """Both clocks, first response first."""
        return (self.first_response, self.resolution)

    @property
    def breached(self) -> bool:
        """Whether either clock is breached."""
        return any(c.state is SlaState.BREACHED for c in self.clocks)

    @property
    def reasons(self) -> tuple[Reason, ...]:
        """Both clocks' reasons."""
        return self.first_response.reasons + self.resolution.reasons

    def to_records(self, *, labels: Language | None = None) -> list[dict[str, object]]:
        """Return both clocks as plain rows, first response first.

        Each row's keys are ``complaint_id``, ``clock`` (``first_response`` or
        ``resolution``), ``state`` (``on_track``, ``at_risk``, ``breached``, ``met``),
        ``target_hours``, ``used_hours``, ``left_hours`` and ``overdue_hours`` (working
        hours to the hundredth, pauses excluded; ``left_hours`` is zero once breached,
        ``overdue_hours`` zero until then), ``deadline``, ``breached_at`` and
        ``stopped_at`` (aware datetimes in the store's zone, or ``None``; see
        :class:`SlaClock`), ``paused`` and ``reasons`` (one line per reason, CMP-NOW).

        Args:
            labels: ``None`` for those keys, or ``"en"``, ``"zh_CN"`` or ``"zh_TW"``
                to key each row by the column labels in that language.

        Raises:
            InvalidInputError: An unknown language.
        """
        return _tables.records(_tables.SLA_CLOCKS, self._rows(), labels)

    def to_frame(
        self,
        backend: _frames_out.Backend = "pandas",
        *,
        money: _frames_out.Money = "float",
        labels: Language | None = None,
    ) -> _frames_out.Frame:
        """Return :meth:`to_records`'s rows as a typed two-row data frame.

        The hours are float64 rounded to 6 decimal places, the instants timestamps in
        UTC, ``paused`` bool, the rest strings. The backend is imported now, never before.

        Args:
            backend: ``"pandas"`` or ``"polars"`` (a ``DataFrame``), or ``"pyarrow"``
                (a ``Table``).
            money: ``"float"`` or ``"decimal"`` (checked; the rows hold no money).
            labels: ``None``, or a language to name the columns by their labels.

        Raises:
            InvalidInputError: An unknown backend, money type or language.
            MissingDependencyError: The backend is not installed.
        """
        return _frames_out.table_frame(
            _tables.SLA_CLOCKS, self._rows(), labels, backend=backend, money=money
        )

    def to_html(self, *, language: Language = "en") -> str:
        """Return both clocks as an HTML table with a caption, every text escaped.

        Raises:
            InvalidInputError: An unknown language.
        """
        return _tables.html_table(
            _tables.SLA_CLOCKS,
            self._rows(),
            count=2,
            caption={"complaint_id": self.complaint_id, "at": self.at.isoformat()},
            language=language,
        )

    def _repr_html_(self) -> str:
        """Both clocks in English, for Jupyter (see :meth:`to_html`)."""
        return self.to_html()

    def _rows(self) -> list[dict[str, object]]:
        return [
            {
                "complaint_id": self.complaint_id,
                "clock": clock.clock,
                "state": clock.state,
                "target_hours": in_hours(clock.target),
                "used_hours": in_hours(clock.used),
                "left_hours": in_hours(clock.left),
                "overdue_hours": in_hours(clock.overdue),
                "deadline": clock.deadline,
                "breached_at": clock.breached_at,
                "stopped_at": clock.stopped_at,
                "paused": clock.paused,
                "reasons": "\n".join(str(reason) for reason in clock.reasons),
            }
            for clock in self.clocks
        ]


def _in_utc(spans: tuple[Span, ...]) -> tuple[Span, ...]:
    """The spans with both ends in UTC, so that they compare as instants."""
    return tuple((utc(start), None if end is None else utc(end)) for start, end in spans)


def _subtract(
    spans: list[tuple[dt.datetime, dt.datetime]], pauses: tuple[Span, ...], at: dt.datetime
) -> list[tuple[dt.datetime, dt.datetime]]:
    """Remove the paused stretches from ``spans`` (all in UTC)."""
    out = spans
    for start, end in pauses:
        stop = at if end is None else min(end, at)
        if stop <= start:
            continue
        cut: list[tuple[dt.datetime, dt.datetime]] = []
        for low, high in out:
            if high <= start or low >= stop:
                cut.append((low, high))
                continue
            if low < start:
                cut.append((low, start))
            if high > stop:
                cut.append((stop, high))
        out = cut
    return out


def _running(
    spans: tuple[Span, ...], pauses: tuple[Span, ...], at: dt.datetime
) -> tuple[list[tuple[dt.datetime, dt.datetime]], dt.datetime | None]:
    """The stretches the clock ran up to ``at``, and when it stopped (``None``: running).

    ``spans``, ``pauses`` and ``at`` are in UTC.
    """
    clipped: list[tuple[dt.datetime, dt.datetime]] = []
    stopped: dt.datetime | None = None
    for start, end in spans:
        if start > at:
            break
        if end is not None and end <= at:
            clipped.append((start, end))
            stopped = end
        else:
            clipped.append((start, at))
            stopped = None
    return _subtract(clipped, pauses, at), stopped


def _paused_at(pauses: tuple[Span, ...], at: dt.datetime) -> bool:
    return any(start <= at and (end is None or end > at) for start, end in pauses)


def _clock(
    clock: Clock,
    *,
    spans: tuple[Span, ...],
    case: Case,
    target: dt.timedelta,
    at: dt.datetime,
) -> SlaClock:
    """One clock at ``at``, an instant in UTC; ``spans`` in any zone."""
    hours: StoreHours = case.hours
    zone = hours.zone
    pauses = _in_utc(case.pauses)
    running, stopped = _running(_in_utc(spans), pauses, at)
    used = _NOTHING
    reached: dt.datetime | None = None  # when the used time first reached the target
    for low, high in running:
        part = hours.working_time(low, high)
        if reached is None and part and used + part >= target:
            # target - used > 0 here: an earlier stretch would have reached it otherwise.
            reached = utc(hours.add(low, target - used))
        used += part
    # The target ran out at ``reached``: a clock that stopped by then met it, one that
    # stopped later, or still runs after it, breached it then (closed hours between the
    # two do not help: the deadline had passed).
    end = at if stopped is None else stopped
    breached_at = reached if reached is not None and end > reached else None
    paused = stopped is None and _paused_at(pauses, at)
    left = max(target - used, _NOTHING)
    deadline: dt.datetime | None = None
    if stopped is None and not paused and breached_at is None:
        try:
            deadline = hours.add(at, left)
        except OutOfCalendarError:
            deadline = None
    if breached_at is not None:
        state = SlaState.BREACHED
    elif stopped is not None:
        state = SlaState.MET
    elif _share(used, target) >= case.policy.sla.at_risk:
        state = SlaState.AT_RISK
    else:
        state = SlaState.ON_TRACK
    result = SlaClock(
        clock,
        state=state,
        target=target,
        used=used,
        left=left,
        deadline=deadline,
        breached_at=None if breached_at is None else local(breached_at, zone),
        stopped_at=None if stopped is None else local(stopped, zone),
        paused=paused,
        reasons=(),
    )
    return attrs.evolve(result, reasons=(Reason("CMP-NOW", detail=_explain(result, case)),))


def _explain(clock: SlaClock, case: Case) -> str:
    name = clock.clock.value.replace("_", " ")
    used = percent(clock.share_used, trim=True)
    head = (
        f"{name} target {duration(clock.target)} of working time "
        f"({case.complaint.priority.value} priority), {duration(clock.used)} used ({used})"
    )
    if clock.state is SlaState.BREACHED:
        assert clock.breached_at is not None  # noqa: S101  # breached means dated
        return f"{head}: breached at {clock.breached_at.isoformat()}"
    if clock.state is SlaState.MET:
        assert clock.stopped_at is not None  # noqa: S101  # met means stopped
        return f"{head}: met at {clock.stopped_at.isoformat()}"
    tail = f"{duration(clock.left)} left"
    if clock.paused:
        tail += ", paused while the store waits on the customer"
    elif clock.deadline is not None:
        tail += f", due by {clock.deadline.isoformat()}"
    if clock.state is SlaState.AT_RISK:
        tail = f"at risk (from {percent(case.policy.sla.at_risk, trim=True)}), " + tail
    return f"{head}: {tail}"


def sla_status(case: Case, at: dt.datetime) -> SlaStatus:
    """Return both SLA clocks of ``case`` at instant ``at`` (CMP-NOW).

    Events after ``at`` are ignored, so asking about an earlier instant shows the case
    as it stood then. Instants are compared in UTC, whatever zone each is written in
    (in the hour the clocks go back, 02:05 with ``fold=1`` comes after 02:10 with
    ``fold=0``); the status keeps ``at`` as given, and the instants it works out
    (deadlines, breaches, stops) are in the store's zone.

    Args:
        case: The case.
        at: The instant (timezone-aware), not before the complaint arrived.

    Raises:
        InvalidInputError: A naive ``at`` or one before the complaint arrived.
        OutOfCalendarError: The case's time runs outside the calendar's years.
    """
    check_instance("case", case, Case)
    given = check_aware("at", at)
    at = utc(given)
    received = case.complaint.received_at
    if at < utc(received):
        msg = (
            f"at: expected an instant at or after the complaint arrived "
            f"({received.isoformat()}), got {given.isoformat()}"
        )
        raise InvalidInputError(msg)
    target = case.target
    first = case.first_response_at
    return SlaStatus(
        case.complaint_id,
        at=given,
        first_response=_clock(
            Clock.FIRST_RESPONSE,
            spans=((received, first),),
            case=case,
            target=target.first_response,
            at=at,
        ),
        resolution=_clock(
            Clock.RESOLUTION, spans=case.resolving, case=case, target=target.resolution, at=at
        ),
    )
