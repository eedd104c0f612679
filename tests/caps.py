"""What the cadence, churn and lifecycle properties share: CAD-CAP's check, made contacts."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable

from retention.cadence import CadencePolicy, ContactPlan, ContactRecord

ONE = dt.timedelta(days=1)


def made_records(plan: ContactPlan, before: dt.date | None = None) -> list[ContactRecord]:
    """The plan's contacts (those before ``before``, if given) as the host records them."""
    return [
        ContactRecord(
            d.customer_id,
            date=d.date,
            channel=d.channel,
            purpose=d.purpose,
            contact_id=d.contact_id,
            assignee=d.assignee,
        )
        for d in plan.planned
        if d.date is not None and (before is None or d.date < before)
    ]


def assert_within_caps(
    plan: ContactPlan, history: Iterable[ContactRecord], policy: CadencePolicy
) -> None:
    """Every day and rolling window with a planned capped contact stays within the caps.

    The contact history counts toward the caps like the planned contacts do.
    """
    counts: dict[str, Counter[dt.date]] = defaultdict(Counter)
    planned_days: dict[str, set[dt.date]] = defaultdict(set)
    for decision in plan.planned:
        assert decision.date is not None
        if decision.purpose.capped:
            counts[decision.customer_id][decision.date] += 1
            planned_days[decision.customer_id].add(decision.date)
    for record in history:
        if record.purpose.capped:
            counts[record.customer_id][record.date] += 1
    span = dt.timedelta(days=policy.cap_window_days - 1)
    for cid, on_days in planned_days.items():
        count = counts[cid]
        for day in on_days:
            assert count[day] <= policy.cap_per_day, (cid, day)
            begin = day - span
            while begin <= day:
                in_window = sum(n for when, n in count.items() if begin <= when <= begin + span)
                assert in_window <= policy.cap_per_window, (cid, begin)
                begin += ONE
