"""ContactPlan: every candidate's decision, the staff's load and the overflow."""

# The Chinese texts of the HTML picture use Chinese punctuation (full-width commas,
# colons and brackets).
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Iterator, Sequence
from typing import Literal

import attrs

from retention import _charts, _frames_out, _tables
from retention._charts import safe_text
from retention._i18n import Labels, Language, check_language, in_language
from retention._validate import (
    check_count,
    check_date,
    check_id,
    check_instance,
    check_items,
    describe,
    is_a,
    validator,
)
from retention.cadence._lifecycle import CustomerStage, Stage
from retention.cadence._model import (
    Channel,
    ContactDecision,
    Purpose,
    Status,
    SuppressReason,
)
from retention.cadence._policy import CadencePolicy
from retention.cadence._rows import (
    ASSIGNEE,
    BLOCKED_BY,
    CHANNEL,
    CHANNELS,
    CONTACT,
    CUSTOMER,
    DATE,
    DUE,
    INTO,
    PLANNED_CODES,
    PURPOSE,
    PURPOSES,
    REASONS,
    STATUS,
    STATUS_CODE,
    STATUSES,
    SUBJECT,
    SUPPRESS_CODE,
    SUPPRESSED,
    SUPPRESSIONS,
    DecisionTable,
    Row,
)
from retention.cadence._summary import DayLoad, PlanSummary, summarize
from retention.exceptions import (
    DuplicateError,
    InvalidInputError,
    UnknownContactError,
)
from retention.mappings import FrozenMap
from retention.rules import Reason

__all__ = ["ContactPlan", "StaffDay"]


@attrs.frozen
class StaffDay:
    """One staff member's load on one working day (CAD-CAPACITY).

    Attributes:
        staff_id: Who.
        date: Which day.
        tasks: Staff tasks on that day: planned ones and done ones from the history.
        capacity: The member's daily capacity.
    """

    staff_id: str = attrs.field(validator=validator(check_id))
    date: dt.date = attrs.field(kw_only=True, validator=validator(check_date))
    tasks: int = attrs.field(kw_only=True, validator=validator(check_count))
    capacity: int = attrs.field(kw_only=True, validator=validator(check_count))

    @property
    def free(self) -> int:
        """Tasks the member could still take that day."""
        return self.capacity - self.tasks


_CHANNELS = tuple(channel.value for channel in Channel)
_NOT_PLANNED = frozenset({STATUS_CODE[Status.MERGED], STATUS_CODE[Status.SUPPRESSED]})
_OVERFLOW = frozenset({SUPPRESS_CODE[SuppressReason.OVERFLOW]})


def _staff_days(value: Iterable[StaffDay]) -> tuple[StaffDay, ...]:
    return tuple(check_items("staff_load", value, StaffDay, "StaffDay objects"))


def _stages(value: object) -> FrozenMap[str, CustomerStage]:
    if isinstance(value, FrozenMap) and all(
        isinstance(item, CustomerStage) and item.customer_id == key for key, item in value.items()
    ):
        return value
    items = check_items("stages", value, CustomerStage, "CustomerStage objects")
    found: dict[str, CustomerStage] = {}
    for item in sorted(items, key=lambda s: s.customer_id):
        if item.customer_id in found:
            msg = f"stages: expected one stage per customer, got two for {item.customer_id!r}"
            raise DuplicateError(msg)
        found[item.customer_id] = item
    return FrozenMap(found)


def _decision_table(decisions: Iterable[ContactDecision]) -> DecisionTable:
    return DecisionTable.of(decisions)


@attrs.frozen(kw_only=True, repr=False)
class ContactPlan:
    """The contact plan for a date range: one decision per candidate contact.

    Built by :func:`~retention.cadence.plan_contacts`. Decisions are sorted by day
    (planned day, else due day), customer, priority and contact ID, so equal inputs in
    any order give equal plans.

    The plan keeps its decisions as compact rows and builds the
    :class:`~retention.cadence.ContactDecision` objects the first time
    :attr:`decisions` is read; :attr:`planned`, :meth:`for_customer`, ``plan[id]``,
    :meth:`counts_by_day` and the tables read the rows and build only what they return.

    Args:
        start: First day of the plan.
        end: Last day of the plan, on or after ``start``.
        policy: The policy it was planned with.
        decisions: Every candidate contact's decision, one per contact ID, kept in the
            order given (:func:`~retention.cadence.plan_contacts` gives plan order).
        staff_load: Each staff member's load on each of their working days in the range.
        stages: Each customer's lifecycle stage on ``start``
            (:class:`~retention.cadence.CustomerStage` values, kept by customer ID).

    Raises:
        InvalidTypeError: An argument of the wrong type.
        InvalidInputError: ``end`` before ``start``.
        DuplicateError: Two decisions about one contact ID, or two stages of one customer.
    """

    start: dt.date = attrs.field(validator=validator(check_date))
    end: dt.date = attrs.field(validator=validator(check_date))
    policy: CadencePolicy = attrs.field(validator=is_a(CadencePolicy))
    _table: DecisionTable = attrs.field(alias="decisions", converter=_decision_table)
    staff_load: tuple[StaffDay, ...] = attrs.field(converter=_staff_days)
    stages: FrozenMap[str, CustomerStage] = attrs.field(
        factory=lambda: FrozenMap({}), converter=_stages
    )

    def __attrs_post_init__(self) -> None:
        """Check that the range runs forward (a cross-field rule)."""
        if self.end < self.start:
            msg = f"end: expected a date on or after start ({self.start}), got {self.end}"
            raise InvalidInputError(msg)

    @property
    def decisions(self) -> tuple[ContactDecision, ...]:
        """Every candidate contact's decision, in plan order (built once, then kept)."""
        return self._table.all()

    def __repr__(self) -> str:
        """Name the range and count the decisions and staff days (not list them)."""
        return (
            f"ContactPlan(start={self.start!r}, end={self.end!r}, policy={self.policy!r}, "
            f"decisions=<{len(self._table):,} decisions>, "
            f"staff_load=<{len(self.staff_load):,} staff days>)"
        )

    def __len__(self) -> int:
        """Return the number of decisions."""
        return len(self._table)

    def __getitem__(self, contact_id: str) -> ContactDecision:
        """Return the decision about ``contact_id``.

        Raises:
            UnknownContactError: The plan has no such contact (a ``KeyError``).
        """
        position = self._table.position(contact_id)
        if position is None:
            msg = f"contact_id: expected a contact ID of this plan, got {describe(contact_id)}"
            raise UnknownContactError(msg)
        return self._table[position]

    def __contains__(self, contact_id: object) -> bool:
        """Say whether the plan decided about ``contact_id``."""
        return self._table.position(contact_id) is not None

    @property
    def planned(self) -> tuple[ContactDecision, ...]:
        """The contacts to make: planned on their due day or deferred."""
        return self._table.select(PLANNED_CODES, STATUS)

    @property
    def not_planned(self) -> tuple[ContactDecision, ...]:
        """The candidates that will not be made in this plan: merged or suppressed."""
        return self._table.select(_NOT_PLANNED, STATUS)

    @property
    def overflow(self) -> tuple[ContactDecision, ...]:
        """Staff tasks that found no staff member with capacity (CAD-CAPACITY)."""
        return self._table.select(_OVERFLOW, SUPPRESSED)

    def with_status(self, status: Status) -> tuple[ContactDecision, ...]:
        """The decisions with ``status``.

        Raises:
            InvalidTypeError: ``status`` is not a :class:`~retention.cadence.Status`.
        """
        check_instance("status", status, Status)
        return self._table.select(frozenset({STATUS_CODE[status]}), STATUS)

    def for_customer(self, customer_id: str) -> tuple[ContactDecision, ...]:
        """One customer's timeline: their decisions in day order (empty if none)."""
        table = self._table
        return tuple(table[i] for i, row in enumerate(table.rows) if row[CUSTOMER] == customer_id)

    def on(self, day: dt.date) -> tuple[ContactDecision, ...]:
        """The contacts planned on ``day`` (a date; a numpy or pandas day at midnight too)."""
        day = check_date("day", day)
        table = self._table
        return tuple(
            table[i]
            for i, row in enumerate(table.rows)
            if row[DATE] == day and row[STATUS] in PLANNED_CODES
        )

    def counts_by_day(self) -> FrozenMap[dt.date, FrozenMap[str, int]]:
        """Planned contacts per day and channel value (days without any are left out).

        Example: ``plan.counts_by_day()[day]["message"]``.
        """
        counts: dict[dt.date, dict[str, int]] = {}
        for row in self._table.rows:
            channel = CHANNELS[row[CHANNEL]]
            if row[STATUS] in PLANNED_CODES and row[DATE] is not None and channel:
                per_day = counts.setdefault(row[DATE], dict.fromkeys(_CHANNELS, 0))
                per_day[channel.value] += 1
        return FrozenMap({day: FrozenMap(c) for day, c in counts.items()})

    def summary(self) -> PlanSummary:
        """What the plan will do to the store (CAD-CAPACITY).

        The planned contacts of each day by channel and purpose, the busiest day, the
        typical day, the customers by stage, the store's daily limits, and a warning
        for each day far above the typical day or at a limit. One pass over the rows:
        no :class:`~retention.cadence.ContactDecision` is built.

        Example: ``plan.summary().busiest`` or ``plan.summary().lines()``.
        """
        return summarize(self)

    def explain(self, contact_id: str) -> str:
        """The decision about ``contact_id`` and its reasons, one per line."""
        return self[contact_id].explain()

    def to_records(
        self,
        *,
        table: Literal["decisions", "staff_load"] = "decisions",
        labels: Language | None = None,
    ) -> list[dict[str, object]]:
        """Return the plan as plain rows, ready for ``pandas.DataFrame(...)``.

        Values are plain Python (``str``, ``int``, ``datetime.date``, ``None``); enums
        are their values (``"phone"``, ``"planned"``).

        Args:
            table: ``"decisions"``: one row per decision in the plan's order, keys
                ``contact_id``, ``customer_id``, ``due``, ``date`` (``None`` unless
                planned, deferred or done), ``channel``, ``purpose``, ``rule_id``,
                ``status``, ``assignee``, ``suppressed``, ``into``, ``blocked_by``,
                ``subject`` and ``reasons`` (one line per reason). ``"staff_load"``:
                one row per staff member and working day, keys ``staff_id``,
                ``date``, ``tasks``, ``capacity`` and ``free``.
            labels: ``None`` for those keys, or ``"en"``, ``"zh_CN"`` or ``"zh_TW"``
                to key each row by the column labels in that language.

        Raises:
            InvalidInputError: An unknown table or language.
        """
        chosen = _tables.choose(table, _PLAN_TABLES)
        return _tables.records(chosen, self._rows(chosen), labels)

    def to_frame(
        self,
        backend: _frames_out.Backend = "pandas",
        *,
        money: _frames_out.Money = "float",
        table: Literal["decisions", "staff_load"] = "decisions",
        labels: Language | None = None,
    ) -> _frames_out.Frame:
        """Return the table of :meth:`to_records` as a typed data frame.

        The column types are the table's, whatever the values (an empty result has them
        too): ``due`` and ``date`` are dates (``date`` null unless the contact is made), the
        staff counts int64, the rest strings (``None`` as null), the reasons one per line.
        The backend is imported now, never before.

        Args:
            backend: ``"pandas"`` or ``"polars"`` (a ``DataFrame``), or ``"pyarrow"``
                (a ``Table``).
            money: ``"float"`` or ``"decimal"`` (checked; the tables hold no money).
            table: ``"decisions"`` or ``"staff_load"``, as for :meth:`to_records`.
            labels: ``None``, or a language to name the columns by their labels.

        Raises:
            InvalidInputError: An unknown backend, money type, table or language.
            MissingDependencyError: The backend is not installed.
        """
        chosen = _tables.choose(table, _PLAN_TABLES)
        return _frames_out.table_frame(
            chosen, self._rows(chosen), labels, backend=backend, money=money
        )

    def to_html(
        self,
        *,
        table: Literal["decisions", "staff_load"] | None = None,
        language: Language = "en",
        max_rows: int | None = 50,
    ) -> str:
        """Return the plan as escaped HTML with the library's own stylesheet.

        With no ``table``, the whole picture, summary first: the key figures of
        :meth:`summary` (planned contacts, the busiest and the typical day), its
        CAD-CAPACITY warnings, three inline SVG charts (the contacts planned per day by
        channel and by purpose, the customers by lifecycle stage), then the decisions:
        the contacts planned first, by day, then the rest (merged, suppressed, done),
        by day. With a ``table``, that table alone, in the same order. Records keep the
        plan's order; only the HTML puts the planned contacts first.

        Args:
            table: ``None`` for the whole picture, or ``"decisions"`` or
                ``"staff_load"``, as for :meth:`to_records`.
            language: The language of the labels, the caption, the figures and the charts.
            max_rows: Most rows shown (``None`` for all); a last line counts the rest.

        Raises:
            InvalidInputError: An unknown table or language, or ``max_rows`` below 1.
        """
        if table is not None:
            chosen = _tables.choose(table, _PLAN_TABLES)
            count = len(self._table) if chosen is _tables.PLAN else len(self.staff_load)
            rows = self._rows(chosen) if chosen is _tables.STAFF_LOAD else self._planned_first()
            return _tables.html_table(
                chosen,
                rows,
                count=count,
                caption=self._caption(),
                language=language,
                max_rows=max_rows,
            )
        lang = check_language(language)
        _tables.row_limit(max_rows)
        summary = self.summary()
        detail = _tables.table_html(
            _tables.PLAN,
            self._planned_first(),
            count=len(self._table),
            caption=self._caption(),
            language=lang,
            max_rows=max_rows,
        )
        parts = [
            _plan_figures(self, summary, lang),
            *_plan_notes(summary),
            *_plan_charts(self, summary, lang),
            detail,
        ]
        return _tables.report(parts, tables=[_tables.PLAN], name="plan-report")

    def _repr_html_(self) -> str:
        """The whole picture in English, for Jupyter (see :meth:`to_html`)."""
        return self.to_html()

    def _caption(self) -> dict[str, object]:
        rows = self._table.rows
        return {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "decisions": f"{len(self._table):,}",
            "planned": f"{sum(row[STATUS] in PLANNED_CODES for row in rows):,}",
            "overflow": f"{sum(row[SUPPRESSED] in _OVERFLOW for row in rows):,}",
        }

    def _planned_first(self) -> Iterator[dict[str, object]]:
        """The decision rows for reading: planned and deferred by day, then the rest."""
        rows, reasons = self._table.rows, self._table.reasons
        yield from (_decision_row(row, reasons) for row in rows if row[STATUS] in PLANNED_CODES)
        yield from (_decision_row(row, reasons) for row in rows if row[STATUS] not in PLANNED_CODES)

    def _rows(self, table: _tables.Table) -> Iterator[dict[str, object]]:
        if table is _tables.STAFF_LOAD:
            for day in self.staff_load:
                yield {
                    "staff_id": day.staff_id,
                    "date": day.date,
                    "tasks": day.tasks,
                    "capacity": day.capacity,
                    "free": day.free,
                }
            return
        reasons = self._table.reasons
        for row in self._table.rows:
            yield _decision_row(row, reasons)


def _decision_row(row: Row, reasons: Sequence[tuple[Reason, ...]]) -> dict[str, object]:
    """One decision row of the ``decisions`` table."""
    purpose = PURPOSES[row[PURPOSE]]
    return {
        "contact_id": row[CONTACT],
        "customer_id": row[CUSTOMER],
        "due": row[DUE],
        "date": row[DATE],
        "channel": CHANNELS[row[CHANNEL]],
        "purpose": purpose,
        "rule_id": purpose.rule_id,
        "status": STATUSES[row[STATUS]],
        "assignee": row[ASSIGNEE],
        "suppressed": SUPPRESSIONS[row[SUPPRESSED]],
        "into": row[INTO],
        "blocked_by": row[BLOCKED_BY],
        "subject": row[SUBJECT],
        "reasons": "\n".join(str(reason) for reason in reasons[row[REASONS]]),
    }


# The texts of the HTML picture, in English, simplified and traditional Chinese.
_HTML_PERIOD: Labels = ("Plan", "计划期", "計畫期間")
_HTML_DECISIONS: Labels = ("Decisions", "决定", "決定")
_HTML_PLANNED: Labels = ("Contacts planned", "安排联系", "安排聯絡")
_HTML_NOT_PLANNED: Labels = ("Not planned", "不安排", "不安排")
_HTML_OVERFLOW: Labels = ("Without staff capacity", "人手不足", "人力不足")
_HTML_BUSIEST: Labels = ("Busiest day", "最忙的一天", "最忙的一天")
_HTML_TYPICAL: Labels = ("Typical day", "一般的一天", "一般的一天")
_HTML_BY_CHANNEL: Labels = (
    "Contacts planned per day, by channel",
    "每日安排的联系（按渠道）",
    "每日安排的聯絡（依管道）",
)
_HTML_BY_PURPOSE: Labels = (
    "Contacts planned per day, by purpose",
    "每日安排的联系（按目的）",
    "每日安排的聯絡（依目的）",
)
_HTML_STAGES: Labels = (
    "Customers by lifecycle stage on {start}",
    "{start} 各生命周期阶段的顾客数",
    "{start} 各生命週期階段的顧客數",
)
_HTML_STAGE: dict[Stage, Labels] = {
    Stage.NEW: ("new", "新顾客", "新顧客"),
    Stage.ACTIVE: ("active", "活跃", "活躍"),
    Stage.AT_RISK: ("at risk", "有流失风险", "有流失風險"),
    Stage.LAPSED: ("lapsed", "已流失", "已流失"),
    Stage.SUNSET: ("sunset", "已停发", "已停發"),
}


def _plan_figures(plan: ContactPlan, summary: PlanSummary, language: Language) -> str:
    busiest = summary.busiest
    not_planned = sum(row[STATUS] in _NOT_PLANNED for row in plan._table.rows)  # noqa: SLF001  # the plan's own rows
    overflow = sum(row[SUPPRESSED] in _OVERFLOW for row in plan._table.rows)  # noqa: SLF001  # the plan's own rows
    pairs = [
        (_HTML_PERIOD, f"{plan.start.isoformat()} .. {plan.end.isoformat()}"),
        (_HTML_DECISIONS, f"{len(plan):,}"),
        (_HTML_PLANNED, f"{summary.planned:,}"),
        (_HTML_NOT_PLANNED, f"{not_planned:,}"),
        (_HTML_OVERFLOW, f"{overflow:,}"),
        (
            _HTML_BUSIEST,
            "\u2014" if busiest is None else f"{busiest.date.isoformat()} ({busiest.total:,})",
        ),
        (_HTML_TYPICAL, _tables.shown(summary.typical, "number")),
    ]
    return _tables.figures((in_language(label, language), value) for label, value in pairs)


def _plan_notes(summary: PlanSummary) -> list[str]:
    """The summary's CAD-CAPACITY warnings as a list (none: nothing)."""
    if not summary.warnings:
        return []
    items = [f"<li>{safe_text(str(reason))}</li>" for reason in summary.warnings]
    return ['<ul class="retention-notes">', *items, "</ul>"]


def _plan_charts(plan: ContactPlan, summary: PlanSummary, language: Language) -> list[str]:
    days = [(load.date.isoformat(), f"{load.date:%m-%d}") for load in summary.per_day]
    channel_names = _tables.VALUES["channel"]
    by_channel = [
        (
            channel.value,
            in_language(channel_names[channel.value], language),
            [_channel_count(load, channel) for load in summary.per_day],
        )
        for channel in (Channel.MESSAGE, Channel.PHONE, Channel.IN_PERSON)
    ]
    purpose_names = _tables.VALUES["purpose"]
    by_purpose = []
    for purpose in Purpose:
        counts = [load.by_purpose.get(purpose.value, 0) for load in summary.per_day]
        if any(counts):
            label = in_language(purpose_names[purpose.value], language)
            by_purpose.append((purpose.value, label, counts))
    stages = [
        (stage.value, in_language(_HTML_STAGE[stage], language), summary.stages[stage.value])
        for stage in Stage
    ]
    return [
        _charts.stacked_bars(
            days,
            by_channel,
            title=in_language(_HTML_BY_CHANNEL, language),
            name="plan-channels",
        ),
        _charts.stacked_bars(
            days,
            by_purpose,
            title=in_language(_HTML_BY_PURPOSE, language),
            name="plan-purposes",
        ),
        _charts.bars(
            stages,
            title=in_language(_HTML_STAGES, language).format(start=plan.start.isoformat()),
            name="plan-stages",
        ),
    ]


def _channel_count(load: DayLoad, channel: Channel) -> int:
    if channel is Channel.MESSAGE:
        return load.messages
    if channel is Channel.PHONE:
        return load.calls
    return load.in_person


_PLAN_TABLES = {"decisions": _tables.PLAN, "staff_load": _tables.STAFF_LOAD}
