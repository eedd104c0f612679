"""What a plan will do to the store: contacts per day, the busiest day, the stages (CAD-CAPACITY).

:func:`summarize` reads a :class:`~retention.cadence.ContactPlan` once, row by row (it
builds no :class:`~retention.cadence.ContactDecision`), and returns a
:class:`PlanSummary`: the planned contacts of each day by channel and purpose, the
busiest day, the plan's typical day (the median of the days with any contact), the
customers of each lifecycle stage, the store's daily limits, and a warning for each day
far above the typical day or at a limit.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from itertools import pairwise
from operator import itemgetter
from typing import TYPE_CHECKING

import attrs

from retention import _frames_out
from retention._decimal import EXACT, SHARE, ZERO
from retention._text import count_of
from retention._validate import (
    check_count,
    check_date,
    check_items,
    check_positive_int,
    describe,
    to_enum,
    validator,
)
from retention.cadence._lifecycle import Stage
from retention.cadence._model import Channel, Purpose
from retention.cadence._rows import (
    CHANNEL,
    CHANNELS,
    DATE,
    PLANNED_CODES,
    PURPOSE,
    PURPOSES,
    STATUS,
)
from retention.exceptions import InvalidInputError, InvalidTypeError
from retention.mappings import FrozenMap
from retention.rules import Reason

if TYPE_CHECKING:
    from retention.cadence._plan import ContactPlan

__all__ = ["DayLoad", "PlanSummary", "summarize"]

#: The keys of :attr:`PlanSummary.limits`: the policy fields they come from.
_LIMITS = ("messages_per_day", "calls_per_day")

#: The columns of :meth:`PlanSummary.to_records` and their frame types: the day, then
#: the planned contacts by channel, in all, and by purpose.
_SCHEMA: tuple[tuple[str, _frames_out.Dtype], ...] = (
    ("date", "date"),
    *((key, "int") for key in ("messages", "calls", "in_person", "total")),
    *((purpose.value, "int") for purpose in Purpose),
)


def _mapping(field: str, value: object, what: str) -> Mapping[object, object]:
    if not isinstance(value, Mapping):
        msg = f"{field}: expected a mapping of {what}, got {describe(value)}"
        raise InvalidTypeError(msg)
    return value


def _purpose_counts(value: object) -> FrozenMap[str, int]:
    """Purpose value to planned count, each at least 1 (purposes without one left out)."""
    found: dict[str, int] = {}
    for key, count in _mapping("by_purpose", value, "purpose value to count").items():
        purpose = to_enum("by_purpose key", Purpose, key).value
        found[purpose] = check_positive_int(f"by_purpose[{purpose!r}]", count, minimum=1)
    return FrozenMap(found)


def _stage_counts(value: object) -> FrozenMap[str, int]:
    """Stage value to customers, every stage present, built in :class:`Stage` order."""
    given: dict[Stage, int] = {}
    for key, count in _mapping("stages", value, "stage value to count").items():
        stage = to_enum("stages key", Stage, key)
        given[stage] = check_positive_int(f"stages[{stage.value!r}]", count, minimum=0)
    missing = [stage.value for stage in Stage if stage not in given]
    if missing:
        msg = f"stages: expected a count for every stage, got none for {', '.join(missing)}"
        raise InvalidInputError(msg)
    return FrozenMap({stage.value: given[stage] for stage in Stage})


def _limits(value: object) -> FrozenMap[str, int]:
    """The two daily limits, by the policy fields' names, each at least 1."""
    given: dict[str, int] = {}
    for key, limit in _mapping("limits", value, "limit name to count").items():
        if key not in _LIMITS:
            msg = f"limits key: expected 'messages_per_day' or 'calls_per_day', got {describe(key)}"
            raise InvalidInputError(msg)
        name = str(key)
        given[name] = check_positive_int(f"limits[{name!r}]", limit, minimum=1)
    missing = [name for name in _LIMITS if name not in given]
    if missing:
        msg = f"limits: expected messages_per_day and calls_per_day, got none for {missing[0]}"
        raise InvalidInputError(msg)
    return FrozenMap({name: given[name] for name in _LIMITS})


def _day_loads(value: object) -> tuple[DayLoad, ...]:
    return tuple(check_items("per_day", value, DayLoad, "DayLoad values"))


def _reasons(value: object) -> tuple[Reason, ...]:
    return tuple(check_items("warnings", value, Reason, "Reason objects"))


@attrs.frozen
class DayLoad:
    """The contacts a plan makes on one day, by channel and by purpose (CAD-CAPACITY).

    Attributes:
        date: Which day.
        messages: Planned messages.
        calls: Planned calls.
        in_person: Planned contacts in the store (the door walk).
        by_purpose: Purpose value (``"greet"``, ``"keep"``...) to planned contacts, only
            the purposes with at least one; the counts add up to :attr:`total`.

    Raises:
        InvalidTypeError: A field of the wrong type.
        InvalidInputError: A negative count, an unknown purpose, a purpose counted 0
            times, or purpose counts that do not add up to the channels' counts.
    """

    date: dt.date = attrs.field(validator=validator(check_date))
    messages: int = attrs.field(kw_only=True, validator=validator(check_count))
    calls: int = attrs.field(kw_only=True, validator=validator(check_count))
    in_person: int = attrs.field(kw_only=True, validator=validator(check_count))
    by_purpose: FrozenMap[str, int] = attrs.field(
        kw_only=True, factory=dict, converter=_purpose_counts
    )

    def __attrs_post_init__(self) -> None:
        """Check that the purposes' counts add up to the channels' (a cross-field rule)."""
        by_purpose = sum(self.by_purpose._raw().values())  # noqa: SLF001 - no sort needed
        if by_purpose != self.total:
            msg = (
                "by_purpose: expected counts adding up to messages + calls + in_person "
                f"({self.total}), got {by_purpose}"
            )
            raise InvalidInputError(msg)

    @property
    def total(self) -> int:
        """Every planned contact of the day."""
        return self.messages + self.calls + self.in_person


@attrs.frozen(kw_only=True, repr=False)
class PlanSummary:
    """What a plan will do to the store, day by day (CAD-CAPACITY).

    Built by :meth:`ContactPlan.summary() <retention.cadence.ContactPlan.summary>`. A
    planned contact is a decision planned or deferred; merged, suppressed and done ones
    are not counted.

    Attributes:
        start: The plan's first day.
        end: The plan's last day.
        per_day: One :class:`DayLoad` a day, in order, from :attr:`start` to :attr:`end`,
            days without a contact included (a hand-built plan with contacts outside
            its range gets those days too, so every planned contact is counted).
        stages: Stage value (``"new"``, ``"active"``, ``"at_risk"``, ``"lapsed"``,
            ``"sunset"``) to the customers in it on :attr:`start`, every stage present
            (0 where none). Like every :class:`~retention.mappings.FrozenMap` it
            iterates in key order; :meth:`lines` lists the stages in
            :class:`~retention.cadence.Stage` order.
        limits: The store's daily limits from the policy: ``"messages_per_day"`` and
            ``"calls_per_day"``.
        warnings: One CAD-CAPACITY reason for each day with more than the policy's
            ``busy_day_factor`` times the :attr:`typical` day's contacts, and one for
            each day whose messages or calls reach their limit; in day order.

    Raises:
        InvalidTypeError: A field of the wrong type.
        InvalidInputError: ``end`` before ``start``, days of :attr:`per_day` that are not
            consecutive or miss a day of the range, or a stage or limit missing.
    """

    start: dt.date = attrs.field(validator=validator(check_date))
    end: dt.date = attrs.field(validator=validator(check_date))
    per_day: tuple[DayLoad, ...] = attrs.field(converter=_day_loads)
    stages: FrozenMap[str, int] = attrs.field(converter=_stage_counts)
    limits: FrozenMap[str, int] = attrs.field(converter=_limits)
    warnings: tuple[Reason, ...] = attrs.field(default=(), converter=_reasons)

    def __attrs_post_init__(self) -> None:
        """Check the range and that :attr:`per_day` covers it, a day each (cross-field rules)."""
        if self.end < self.start:
            msg = f"end: expected a date on or after start ({self.start}), got {self.end}"
            raise InvalidInputError(msg)
        days = [load.date for load in self.per_day]
        if not _covers(days, self.start, self.end):
            shown = f" from {days[0]} to {days[-1]}" if days else ""
            msg = (
                f"per_day: expected one DayLoad a day, in order, from start ({self.start}) "
                f"to end ({self.end}), got {len(days)} days{shown}"
            )
            raise InvalidInputError(msg)

    @property
    def planned(self) -> int:
        """Every planned contact of the plan."""
        return sum(load.total for load in self.per_day)

    @property
    def busiest(self) -> DayLoad | None:
        """The day with the most contacts (ties: the earliest), ``None`` if none is planned."""
        return _busiest(self.per_day)

    @property
    def typical(self) -> Decimal:
        """The plan's typical day: the median contacts of the days with any (0 if none)."""
        return _median(self.per_day)

    def to_records(self) -> list[dict[str, object]]:
        """Return one plain dict per day of :attr:`per_day`, ready for ``pandas.DataFrame``.

        Keys: ``date``, ``messages``, ``calls``, ``in_person``, ``total``, then one per
        :class:`~retention.cadence.Purpose` value (``service``, ``door``, ``greet``...)
        with that purpose's planned contacts (0 where none).
        """
        purposes = [purpose.value for purpose in Purpose]
        return [
            {
                "date": load.date,
                "messages": load.messages,
                "calls": load.calls,
                "in_person": load.in_person,
                "total": load.total,
                **{purpose: load.by_purpose.get(purpose, 0) for purpose in purposes},
            }
            for load in self.per_day
        ]

    def to_frame(
        self, backend: _frames_out.Backend = "pandas", *, money: _frames_out.Money = "float"
    ) -> _frames_out.Frame:
        """Return :meth:`to_records`'s days as a typed data frame.

        ``date`` is a date, every count int64. The backend is imported now, never before.

        Args:
            backend: ``"pandas"`` or ``"polars"`` (a ``DataFrame``), or ``"pyarrow"``
                (a ``Table``).
            money: ``"float"`` or ``"decimal"`` (checked; the table holds no money).

        Raises:
            InvalidInputError: An unknown backend or money type.
            MissingDependencyError: The backend is not installed.
        """
        _frames_out.check_backend(backend)
        _frames_out.check_money(money)
        return _frames_out.build(self.to_records(), _SCHEMA, backend=backend, money=money)

    def lines(self) -> list[str]:
        """A short text summary for people (the command line): a line each, indented.

        The range and the planned contacts, the customers by stage, the busiest day
        with its channels, the typical day, the store's limits and the warnings.
        """
        busiest = self.busiest
        with_any = sum(1 for load in self.per_day if load.total)
        stages = self.stages
        by_stage = ", ".join(
            f"{stage.value.replace('_', ' ')} {stages[stage.value]:,}" for stage in Stage
        )
        lines = [
            f"Plan {self.start} .. {self.end}: {count_of(self.planned, 'contact')} planned",
            f"  Customers by stage: {by_stage}",
        ]
        if busiest is None:
            lines += ["  Busiest day: none, no contact is planned", "  Typical day: none"]
        else:
            typical = self.typical
            noun = "contact" if typical == 1 else "contacts"
            lines.append(
                f"  Busiest day: {busiest.date} ({busiest.date:%a}), "
                f"{count_of(busiest.total, 'contact')}: {_channels(busiest)}"
            )
            lines.append(
                f"  Typical day: {_number(typical)} {noun} (the median of the "
                f"{count_of(with_any, 'day')} with any)"
            )
        lines.append(
            f"  Store limits: {self.limits['messages_per_day']:,} messages and "
            f"{self.limits['calls_per_day']:,} calls a day"
        )
        if self.warnings:
            lines.append(f"  Warnings ({len(self.warnings)}):")
            lines += [f"    {warning}" for warning in self.warnings]
        else:
            lines.append("  Warnings: none")
        return lines

    def __repr__(self) -> str:
        """Name the range and count the days and contacts (not list them)."""
        return (
            f"PlanSummary(start={self.start!r}, end={self.end!r}, "
            f"per_day=<{len(self.per_day):,} days, {self.planned:,} contacts>, "
            f"stages={self.stages!r}, limits={self.limits!r}, "
            f"warnings=<{len(self.warnings):,} warnings>)"
        )


def _number(value: Decimal) -> str:
    """``"230"``, ``"1,230.5"``."""
    return f"{value:,f}"


def _channels(load: DayLoad) -> str:
    return (
        f"{count_of(load.messages, 'message')}, {count_of(load.calls, 'call')}, "
        f"{load.in_person:,} in person"
    )


def _covers(days: list[dt.date], start: dt.date, end: dt.date) -> bool:
    """Whether ``days`` are consecutive, one each, and hold every day from start to end."""
    ordinals = [day.toordinal() for day in days]
    return (
        bool(ordinals)
        and ordinals[0] <= start.toordinal()
        and ordinals[-1] >= end.toordinal()
        and all(b - a == 1 for a, b in pairwise(ordinals))
    )


def _busiest(per_day: Iterable[DayLoad]) -> DayLoad | None:
    best: DayLoad | None = None
    for load in per_day:
        if load.total and (best is None or load.total > best.total):
            best = load
    return best


def _median(per_day: Iterable[DayLoad]) -> Decimal:
    totals = sorted(load.total for load in per_day if load.total)
    if not totals:
        return ZERO
    middle = len(totals) // 2
    if len(totals) % 2:
        return Decimal(totals[middle])
    return EXACT.divide(Decimal(totals[middle - 1] + totals[middle]), Decimal(2))


#: The fields of a row that :func:`summarize` counts by.
_KEY = itemgetter(STATUS, DATE, CHANNEL, PURPOSE)


def summarize(plan: ContactPlan) -> PlanSummary:
    """Return what ``plan`` will do to the store (CAD-CAPACITY).

    One pass over the plan's rows (no :class:`~retention.cadence.ContactDecision` is
    built): a plan of a million decisions is summarized in under a second.
    """
    tallies = Counter(map(_KEY, plan._table.rows))  # noqa: SLF001  # the package's own rows, read like counts_by_day
    channels: dict[dt.date, Counter[Channel]] = {}
    purposes: dict[dt.date, dict[str, int]] = {}
    for (status, day, channel_code, purpose_code), count in tallies.items():
        channel = CHANNELS[channel_code]
        if status not in PLANNED_CODES or day is None or channel is None:
            continue
        channels.setdefault(day, Counter())[channel] += count
        by_purpose = purposes.setdefault(day, {})
        purpose = PURPOSES[purpose_code].value
        by_purpose[purpose] = by_purpose.get(purpose, 0) + count
    first = min([plan.start, *channels])
    last = max([plan.end, *channels])
    per_day = []
    for offset in range((last - first).days + 1):
        day = first + dt.timedelta(days=offset)
        counts = channels.get(day, Counter())
        per_day.append(
            DayLoad(
                day,
                messages=counts[Channel.MESSAGE],
                calls=counts[Channel.PHONE],
                in_person=counts[Channel.IN_PERSON],
                by_purpose={
                    p.value: n for p in Purpose if (n := purposes.get(day, {}).get(p.value))
                },
            )
        )
    stages = Counter(item.stage for item in plan.stages._raw().values())  # noqa: SLF001 - no sort
    policy = plan.policy
    return PlanSummary(
        start=plan.start,
        end=plan.end,
        per_day=per_day,
        stages={stage: stages[stage] for stage in Stage},
        limits={"messages_per_day": policy.messages_per_day, "calls_per_day": policy.calls_per_day},
        warnings=_warnings(
            per_day, policy.busy_day_factor, policy.messages_per_day, policy.calls_per_day
        ),
    )


def _warnings(
    per_day: list[DayLoad], factor: int, messages_per_day: int, calls_per_day: int
) -> list[Reason]:
    """A CAD-CAPACITY reason per day far above the typical day, and per limit reached."""
    typical = _median(per_day)
    line = EXACT.multiply(typical, Decimal(factor))
    found = []
    for load in per_day:
        day = load.date
        if typical and load.total > line:
            times = SHARE.quantize(SHARE.divide(Decimal(load.total), typical), Decimal("0.1"))
            found.append(
                Reason(
                    "CAD-CAPACITY",
                    detail=f"{day}: {load.total:,} contacts, {times} times the typical day of "
                    f"{_number(typical)} (the policy warns above {factor} times)",
                )
            )
        for count, limit, noun in (
            (load.messages, messages_per_day, "messages"),
            (load.calls, calls_per_day, "calls"),
        ):
            if count == limit:
                found.append(
                    Reason(
                        "CAD-CAPACITY",
                        detail=f"{day}: {count:,} {noun} reach the store's limit of {limit:,} "
                        "a day; the rest were spread or reported",
                    )
                )
            elif count > limit:
                found.append(
                    Reason(
                        "CAD-CAPACITY",
                        detail=f"{day}: {count:,} {noun}, over the store's limit of {limit:,} "
                        "a day",
                    )
                )
    return found
