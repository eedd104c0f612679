"""Properties of lifecycle stages, the store's daily limits and stable re-plans (issue 16).

Rules: CAD-KEEP, CAD-CAP, CAD-CAPACITY, CHURN-WINBACK, CHURN-NOSURPRISE, SEG-FOCUS.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs
from hypothesis import given, settings
from hypothesis import strategies as st

from caps import made_records
from retention.cadence import (
    Channel,
    ContactPlan,
    Purpose,
    Stage,
    Status,
)
from retention.churn import ChurnPolicy, overdue
from retention.churn._rhythm import is_overdue
from retention.testing import strategies as rst
from retention.testing.strategies import StoreInputs

SOME = 50


def _replan(store: StoreInputs, first: ContactPlan, start: dt.date, end: dt.date) -> ContactPlan:
    """Plan ``store`` again from ``start``, with ``first``'s contacts before it made."""
    history = store.history + tuple(made_records(first, start))
    return attrs.evolve(store, start=start, end=end, history=history).plan(previous=first)


@st.composite
def replans(draw: st.DrawFn) -> tuple[StoreInputs, dt.date, dt.date]:
    """A store with no purchase on or after its start, and a later plan's range.

    Shrinks toward re-planning one day later over the same end.
    """
    store = draw(rst.stores())
    store = attrs.evolve(store, purchases=tuple(p for p in store.purchases if p.date < store.start))
    later = draw(st.integers(1, max(1, (store.end - store.start).days)))
    start = min(store.start + dt.timedelta(days=later), store.end)
    longer = draw(st.integers(0, 20))
    end = store.end + dt.timedelta(days=longer)
    if not store.calendar.covers(end):
        end = store.end
    return store, start, end


@settings(max_examples=SOME)
@given(replans())
def test_replanning_with_the_previous_plan_keeps_its_contacts(
    drawn: tuple[StoreInputs, dt.date, dt.date],
) -> None:
    """CAD-KEEP, CAD-CAP: a re-plan keeps each contact of the last one on its day and channel."""
    store, start, end = drawn
    first = store.plan()
    second = _replan(store, first, start, end)
    for decision in first.planned:
        assert decision.date is not None
        if decision.date < start:
            continue
        again = second[decision.contact_id]
        assert again.status.planned, (decision, again)
        assert (again.date, again.channel) == (decision.date, decision.channel), (decision, again)


@settings(max_examples=SOME)
@given(replans())
def test_stages_move_only_down_without_a_purchase(
    drawn: tuple[StoreInputs, dt.date, dt.date],
) -> None:
    """CHURN-NOSURPRISE: with no purchase, time only moves a stage down (new .. sunset)."""
    store, start, end = drawn
    first = store.plan()
    second = _replan(store, first, start, end)
    assert set(first.stages) == set(second.stages) == {c.customer_id for c in store.customers}
    for cid, stage in first.stages.items():
        later = second.stages[cid]
        if stage.last_purchase is None:
            assert later.stage is Stage.NEW
        else:
            assert later.stage.rank >= stage.stage.rank, (stage, later)
            assert later.last_purchase == stage.last_purchase


@settings(max_examples=SOME)
@given(rst.stores())
def test_the_store_daily_limits_are_never_exceeded(store: StoreInputs) -> None:
    """CAD-CAPACITY: planned and recorded messages and calls stay within the daily limits."""
    plan = store.plan()
    sent: Counter[tuple[Channel, dt.date]] = Counter()
    for decision in plan.planned:
        assert decision.channel is not None
        assert decision.date is not None
        sent[decision.channel, decision.date] += 1
    for record in store.history:
        if store.start <= record.date <= store.end:
            sent[record.channel, record.date] += 1
    limits = {
        Channel.MESSAGE: store.policy.messages_per_day,
        Channel.PHONE: store.policy.calls_per_day,
    }
    for (channel, day), count in sent.items():
        planned_here = sum(1 for d in plan.planned if (d.channel, d.date) == (channel, day))
        if channel in limits and planned_here:
            assert count <= limits[channel], (channel, day, count)


@settings(max_examples=SOME)
@given(rst.stores())
def test_routine_contacts_never_go_to_a_lapsed_customer(store: StoreInputs) -> None:
    """CHURN-WINBACK: no keep-in-touch, wish, invitation or club reward once the customer lapsed."""
    plan = store.plan()
    days: dict[str, list[dt.date]] = {}
    for purchase in store.purchases:
        days.setdefault(purchase.customer_id, []).append(purchase.date)
    for decision in plan.planned:
        if not decision.purpose.routine:
            continue
        assert decision.date is not None
        bought = [day for day in days.get(decision.customer_id, []) if day <= decision.date]
        if bought:
            assert (decision.date - max(bought)).days <= store.policy.lapse_days, decision


@settings(max_examples=SOME)
@given(rst.stores())
def test_stages_follow_their_thresholds(store: StoreInputs) -> None:
    """CHURN-WINBACK, CAD-KEEP: lapsed and sunset exactly past the lapse; new within new_days."""
    plan = store.plan()
    for cid, stage in plan.stages.items():
        bought = sorted(
            {p.date for p in store.purchases if p.customer_id == cid and p.date < store.start}
        )
        assert stage.last_purchase == (bought[-1] if bought else None)
        assert stage.reasons
        if not bought:
            assert stage.stage is Stage.NEW
            continue
        since = (store.start - bought[-1]).days
        assert (stage.stage in (Stage.LAPSED, Stage.SUNSET)) == (since > store.policy.lapse_days)
        if stage.stage is Stage.NEW:
            assert (store.start - bought[0]).days <= store.policy.new_days


@settings(max_examples=SOME)
@given(rst.stores())
def test_a_sunset_customer_gets_no_winback_and_no_routine_contact(store: StoreInputs) -> None:
    """CHURN-WINBACK, CAD-CAP: after the win-back sequence, no marketing until they buy again."""
    plan = store.plan()
    sunset = {cid for cid, s in plan.stages.items() if s.stage is Stage.SUNSET}
    bought_in_plan = {p.customer_id for p in store.purchases if p.date >= store.start}
    for decision in plan.planned:
        if decision.customer_id in sunset and decision.customer_id not in bought_in_plan:
            assert decision.purpose not in (
                Purpose.WINBACK,
                Purpose.KEEP,
                Purpose.HOLIDAY,
                Purpose.INVITE,
                Purpose.CLUB,
            ), decision
    assert all(d.status is not Status.MERGED or d.into for d in plan.decisions)


@settings(max_examples=SOME)
@given(
    st.lists(st.dates(dt.date(2020, 1, 1), dt.date(2025, 6, 30)), min_size=1, max_size=12),
    st.integers(0, 500),
    rst.churn_policies(),
)
def test_the_stages_rhythm_test_agrees_with_overdue(
    dates: list[dt.date], later: int, policy: ChurnPolicy
) -> None:
    """CHURN-NOSURPRISE: is_overdue, the stages' whole-number test, is overdue()'s verdict."""
    days = sorted(set(dates))
    limit = int(overdue("c1", days, as_of=days[-1], policy=policy).limit)
    # the days around the limit, where a rounding slip would show, and one drawn
    for since in {max(0, limit - 1), limit, limit + 1, later}:
        as_of = days[-1] + dt.timedelta(days=since)
        check = overdue("c1", days, as_of=as_of, policy=policy)
        assert is_overdue(days, since, policy) is check.overdue, (since, check)
