"""ContactPlan: every candidate's decision, the staff's load and the overflow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Literal

import attrs

from retention import _tables
from retention._i18n import Language
from retention.cadence._model import Channel, ContactDecision, Status, SuppressReason
from retention.cadence._policy import CadencePolicy
from retention.mappings import FrozenMap

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

    staff_id: str
    date: dt.date = attrs.field(kw_only=True)
    tasks: int = attrs.field(kw_only=True)
    capacity: int = attrs.field(kw_only=True)

    @property
    def free(self) -> int:
        """Tasks the member could still take that day."""
        return self.capacity - self.tasks


_CHANNELS = tuple(channel.value for channel in Channel)


def _missing_contact(key: object) -> KeyError:
    return KeyError(f"contact_id: expected a contact ID of this plan, got {key!r}")


@attrs.frozen(kw_only=True)
class ContactPlan:
    """The contact plan for a date range: one decision per candidate contact.

    Built by :func:`~retention.cadence.plan_contacts`. Decisions are sorted by day
    (planned day, else due day), customer, priority and contact ID, so equal inputs in
    any order give equal plans.

    Attributes:
        start: First day of the plan.
        end: Last day of the plan.
        policy: The policy it was planned with.
        decisions: Every candidate contact's decision.
        staff_load: Each staff member's load on each of their working days in the range.
    """

    start: dt.date
    end: dt.date
    policy: CadencePolicy
    decisions: tuple[ContactDecision, ...]
    staff_load: tuple[StaffDay, ...]
    _by_id: FrozenMap[str, ContactDecision] = attrs.field(
        init=False, repr=False, eq=False, hash=False
    )

    def __attrs_post_init__(self) -> None:
        """Index the decisions by contact ID."""
        index = {decision.contact_id: decision for decision in self.decisions}
        object.__setattr__(self, "_by_id", FrozenMap(index, missing=_missing_contact))

    def __len__(self) -> int:
        """Return the number of decisions."""
        return len(self.decisions)

    def __getitem__(self, contact_id: str) -> ContactDecision:
        """Return the decision about ``contact_id``.

        Raises:
            KeyError: The plan has no such contact.
        """
        return self._by_id[contact_id]

    def __contains__(self, contact_id: object) -> bool:
        """Say whether the plan decided about ``contact_id``."""
        return contact_id in self._by_id

    @property
    def planned(self) -> tuple[ContactDecision, ...]:
        """The contacts to make: planned on their due day or deferred."""
        return tuple(d for d in self.decisions if d.status.planned)

    @property
    def not_planned(self) -> tuple[ContactDecision, ...]:
        """The candidates that will not be made in this plan: merged or suppressed."""
        return tuple(d for d in self.decisions if d.status in (Status.MERGED, Status.SUPPRESSED))

    @property
    def overflow(self) -> tuple[ContactDecision, ...]:
        """Staff tasks that found no staff member with capacity (CAD-CAPACITY)."""
        return tuple(d for d in self.decisions if d.suppressed is SuppressReason.OVERFLOW)

    def with_status(self, status: Status) -> tuple[ContactDecision, ...]:
        """The decisions with ``status``."""
        return tuple(d for d in self.decisions if d.status is status)

    def for_customer(self, customer_id: str) -> tuple[ContactDecision, ...]:
        """One customer's timeline: their decisions in day order (empty if none)."""
        return tuple(d for d in self.decisions if d.customer_id == customer_id)

    def on(self, day: dt.date) -> tuple[ContactDecision, ...]:
        """The contacts planned on ``day``."""
        return tuple(d for d in self.decisions if d.status.planned and d.date == day)

    def counts_by_day(self) -> FrozenMap[dt.date, FrozenMap[str, int]]:
        """Planned contacts per day and channel value (days without any are left out).

        Example: ``plan.counts_by_day()[day]["message"]``.
        """
        counts: dict[dt.date, dict[str, int]] = {}
        for decision in self.decisions:
            if decision.status.planned and decision.date is not None and decision.channel:
                per_day = counts.setdefault(decision.date, dict.fromkeys(_CHANNELS, 0))
                per_day[decision.channel.value] += 1
        return FrozenMap({day: FrozenMap(c) for day, c in counts.items()})

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

    def to_html(
        self,
        *,
        table: Literal["decisions", "staff_load"] = "decisions",
        language: Language = "en",
        max_rows: int | None = 50,
    ) -> str:
        """Return the table of :meth:`to_records` as escaped HTML with a caption.

        Args:
            table: ``"decisions"`` or ``"staff_load"``, as for :meth:`to_records`.
            language: The language of the labels, the caption and the main values.
            max_rows: Most rows shown (``None`` for all); a last line counts the rest.

        Raises:
            InvalidInputError: An unknown table or language, or ``max_rows`` below 1.
        """
        chosen = _tables.choose(table, _PLAN_TABLES)
        count = len(self.decisions) if chosen is _tables.PLAN else len(self.staff_load)
        return _tables.html_table(
            chosen,
            self._rows(chosen),
            count=count,
            caption={
                "start": self.start.isoformat(),
                "end": self.end.isoformat(),
                "decisions": f"{len(self.decisions):,}",
                "planned": f"{sum(d.status.planned for d in self.decisions):,}",
                "overflow": f"{len(self.overflow):,}",
            },
            language=language,
            max_rows=max_rows,
        )

    def _repr_html_(self) -> str:
        """The decisions in English, for Jupyter (see :meth:`to_html`)."""
        return self.to_html()

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
        for d in self.decisions:
            yield {
                "contact_id": d.contact_id,
                "customer_id": d.customer_id,
                "due": d.due,
                "date": d.date,
                "channel": d.channel,
                "purpose": d.purpose,
                "rule_id": d.rule_id,
                "status": d.status,
                "assignee": d.assignee,
                "suppressed": d.suppressed,
                "into": d.into,
                "blocked_by": d.blocked_by,
                "subject": d.subject,
                "reasons": "\n".join(str(reason) for reason in d.reasons),
            }


_PLAN_TABLES = {"decisions": _tables.PLAN, "staff_load": _tables.STAFF_LOAD}
