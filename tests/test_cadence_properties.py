"""Property tests of the cadence engine: caps, staff, decisions, order, re-planning.

Every test draws a small, consistent store from :func:`retention.testing.strategies.stores`
and checks one rule of ``plan_contacts`` on the plan it gets.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from typing import TypeVar

import attrs
from hypothesis import Phase, given, settings
from hypothesis import strategies as st

from caps import assert_within_caps, made_records
from retention.cadence import (
    Channel,
    ContactDecision,
    ContactPlan,
    ContactRecord,
    Purpose,
    ServiceTask,
    Status,
    SuppressReason,
)
from retention.customers import Purchase
from retention.rules import RULE_IDS
from retention.testing import strategies as rst
from retention.testing.strategies import StoreInputs

ONE = dt.timedelta(days=1)
T = TypeVar("T")

# plan_contacts takes ~1 ms on these stores; drawing one takes ~25 ms, so the example
# counts below keep the whole file well under a minute on the ci profile.
FEW = 40
SOME = 50


def planned(plan: ContactPlan) -> list[ContactDecision]:
    """The planned and deferred decisions, each with a date and a channel."""
    found = []
    for decision in plan.planned:
        assert decision.date is not None
        assert decision.channel is not None
        found.append(decision)
    return found


# --- CAD-CAP -------------------------------------------------------------------------------


@settings(max_examples=SOME)
@given(rst.stores())
def test_cad_cap_caps_never_exceeded(store: StoreInputs) -> None:
    """CAD-CAP: a day or rolling window with a planned capped contact stays within the caps."""
    assert_within_caps(store.plan(), store.history, store.policy)


# --- CAD-WORKDAY and CAD-CAPACITY ----------------------------------------------------------


@settings(max_examples=SOME)
@given(rst.stores())
def test_cad_workday_and_cad_capacity_hold_for_every_staff_task(store: StoreInputs) -> None:
    """CAD-WORKDAY, CAD-CAPACITY: staff tasks on the assignee's working days, within capacity."""
    plan = store.plan()
    staff = {member.staff_id: member for member in store.staff}
    done_load: Counter[tuple[str, dt.date]] = Counter(
        (record.assignee, record.date)
        for record in store.history
        if record.assignee is not None and store.start <= record.date <= store.end
    )
    tasks: Counter[tuple[str, dt.date]] = Counter()
    for decision in planned(plan):
        assert decision.channel is not None
        assert decision.date is not None
        if not decision.channel.staff_task:
            assert decision.assignee is None, decision
            continue
        assert decision.assignee in staff, decision
        assert store.calendar.is_working_day(decision.date), decision
        assert decision.date not in staff[decision.assignee].days_off, decision
        tasks[decision.assignee, decision.date] += 1
    for (staff_id, day), count in tasks.items():
        assert done_load[staff_id, day] + count <= staff[staff_id].daily_capacity, (staff_id, day)

    rows = {(row.staff_id, row.date): row for row in plan.staff_load}
    assert len(rows) == len(plan.staff_load)
    working = list(store.calendar.working_days(store.start, store.end))
    assert set(rows) == {
        (member.staff_id, day)
        for member in store.staff
        for day in working
        if day not in member.days_off
    }
    for key, row in rows.items():
        assert row.tasks == done_load[key] + tasks[key], row
        assert row.capacity == staff[row.staff_id].daily_capacity


# --- one decision per candidate ------------------------------------------------------------


def _check_status(decision: ContactDecision, into_targets: set[str]) -> None:
    status = decision.status
    if status is Status.PLANNED:
        assert decision.date == decision.due
    elif status is Status.DEFERRED:
        assert decision.date is not None
        assert decision.date > decision.due
    elif status is Status.MERGED:
        assert decision.date is None
        assert decision.into in into_targets, decision
    elif status is Status.SUPPRESSED:
        assert decision.date is None
        assert decision.suppressed is not None
    else:
        assert status is Status.DONE
        assert decision.date is not None
    if status.planned:
        assert decision.channel is not None
        assert decision.suppressed is None
        assert decision.into is None
        if decision.channel.staff_task:
            assert decision.assignee is not None
    assert decision.reasons
    assert {reason.rule_id for reason in decision.reasons} <= RULE_IDS


def _merge_targets(store: StoreInputs, plan: ContactPlan) -> set[str]:
    """IDs a keep-in-touch may merge into: holiday wishes of the plan, planned or done.

    A wish the history holds (with or without a contact ID) comes back as a done decision.
    """
    del store  # the plan alone must hold every merge target
    return {
        d.contact_id
        for d in plan.decisions
        if d.purpose is Purpose.HOLIDAY and d.status in {Status.PLANNED, Status.DONE}
    }


@settings(max_examples=SOME)
@given(rst.stores())
def test_every_decision_is_unique_and_fits_its_status(store: StoreInputs) -> None:
    """CAD-KEEP and all CAD rules: one decision per contact ID, each consistent with its status."""
    plan = store.plan()
    ids = [decision.contact_id for decision in plan.decisions]
    assert len(ids) == len(set(ids))
    customers = {profile.customer_id for profile in store.customers}
    targets = _merge_targets(store, plan)
    for decision in plan.decisions:
        assert decision.customer_id in customers
        _check_status(decision, targets)
        assert plan[decision.contact_id] is decision


def _bought(store: StoreInputs) -> dict[str, set[dt.date]]:
    days_of: dict[str, set[dt.date]] = defaultdict(set)
    for purchase in store.purchases:
        days_of[purchase.customer_id].add(purchase.date)
    return days_of


def _expected_doors(store: StoreInputs) -> set[str]:
    """Door walks CAD-DOOR asks for: returning payers (and new ones, visitors by policy)."""
    policy, start, end = store.policy, store.start, store.end
    expected = set()
    for cid, days_bought in _bought(store).items():
        first = min(days_bought)
        expected |= {
            f"{cid}/CAD-DOOR/{day}"
            for day in days_bought
            if start <= day <= end and (policy.door_for_new_customers or day != first)
        }
    if policy.door_for_visits:  # a visit on a day the customer bought is that purchase
        bought = _bought(store)
        expected |= {
            f"{visit.customer_id}/CAD-DOOR/{visit.date}"
            for visit in store.visits
            if start <= visit.date <= end and visit.date not in bought[visit.customer_id]
        }
    return expected


def _expected_invitations(store: StoreInputs) -> set[str]:
    """Invitations CAD-INVITE asks for: old customers, events due in the plan, segments."""
    lead = dt.timedelta(days=store.policy.invite_lead)
    bought = _bought(store)
    return {
        f"{profile.customer_id}/CAD-INVITE/{event.event_id}"
        for profile in store.customers
        if bought[profile.customer_id]
        for event in store.events
        if min(bought[profile.customer_id]) < event.date - lead <= store.end
        and event.date - ONE >= store.start
        and (not event.segments or profile.abc in event.segments)
    }


def _expected_ids(store: StoreInputs) -> dict[Purpose, set[str]]:
    """Contact IDs of the door walks, invitations and service contacts the rules ask for."""
    return {
        Purpose.DOOR: _expected_doors(store),
        Purpose.INVITE: _expected_invitations(store),
        Purpose.SERVICE: {
            f"{task.customer_id}/CMP-STEPS/{task.case_id}/{task.due}"
            for task in store.service_tasks
            if task.due <= store.end
        },
    }


@settings(max_examples=SOME)
@given(rst.stores())
def test_every_candidate_has_exactly_one_decision(store: StoreInputs) -> None:
    """CAD-DOOR, CAD-INVITE, CMP-STEPS: each contact the rules ask for gets a decision, no more."""
    plan = store.plan()
    expected = _expected_ids(store)
    made = {
        record.contact_id
        for record in store.history
        if record.contact_id is not None and store.start <= record.date <= store.end
    }
    for purpose in (Purpose.DOOR, Purpose.INVITE, Purpose.SERVICE):
        got = {d.contact_id for d in plan.decisions if d.purpose is purpose}
        assert expected[purpose] <= got, purpose
        for contact_id in got - expected[purpose]:  # only contacts the history reports made
            assert contact_id in made, contact_id
            assert plan[contact_id].status is Status.DONE


def _open_windows(store: StoreInputs) -> list[tuple[str, dt.date, str, dt.date, dt.date]]:
    """Greetings and surveys due by the end whose window is open on the plan's first day.

    Each as (customer, purchase day, rule, due, last day of the window).
    """
    policy, start, end = store.policy, store.start, store.end
    found = []
    for purchase in store.purchases:
        for rule_id, low, high in (
            ("CAD-GREET", policy.greet_from, policy.greet_to),
            ("CAD-SURVEY", policy.survey_from, policy.survey_to),
        ):
            due = purchase.date + dt.timedelta(days=low)
            last = purchase.date + dt.timedelta(days=high)
            if last >= start and due <= end:
                found.append((purchase.customer_id, purchase.date, rule_id, due, last))
    return found


@settings(max_examples=SOME)
@given(rst.stores())
def test_every_open_post_purchase_window_has_a_decision(store: StoreInputs) -> None:
    """CAD-GREET, CAD-SURVEY: a purchase whose window is open at start and due by end is decided."""
    plan = store.plan()
    for cid, day, rule_id, _due, _last in _open_windows(store):
        assert f"{cid}/{rule_id}/{day}" in plan, (rule_id, day)


@st.composite
def late_greeting_stores(draw: st.DrawFn) -> StoreInputs:
    """Stores whose greeting window outlasts the survey's, and a purchase in the gap.

    The purchase's greeting window is still open on the plan's first day; its survey
    window has closed.
    """
    store = draw(rst.stores(max_customers=2))
    survey_to = draw(st.integers(1, 4))
    greet_to = survey_to + draw(st.integers(1, 4))
    policy = attrs.evolve(
        store.policy, greet_from=1, greet_to=greet_to, survey_from=1, survey_to=survey_to
    )
    day = store.start - dt.timedelta(days=draw(st.integers(survey_to + 1, greet_to)))
    cid = draw(st.sampled_from(store.customers)).customer_id
    bought = Purchase(cid, date=day, amount=1)
    return attrs.evolve(store, policy=policy, purchases=(*store.purchases, bought))


@settings(max_examples=FEW)
@given(late_greeting_stores())
def test_cad_greet_window_open_at_start_is_decided_when_greet_to_exceeds_survey_to(
    store: StoreInputs,
) -> None:
    """CAD-GREET: a greeting whose window outlasts the survey's and is open at start is decided."""
    plan = store.plan()
    for cid, day, rule_id, _due, _last in _open_windows(store):
        assert f"{cid}/{rule_id}/{day}" in plan, (rule_id, day)


@st.composite
def recorded_wish_stores(draw: st.DrawFn) -> StoreInputs:
    """US stores in which c000's keep-in-touch merges into a wish recorded without an ID.

    The plan runs from 2025-06-25; c000's keep-in-touch falls due on 2025-07-01, three
    days before Independence Day, whose wish the history holds without a contact ID.
    """
    policies = rst.cadence_policies().map(
        lambda p: attrs.evolve(
            p, keep_interval=30, holiday_window=max(p.holiday_window, 3), no_wish_occasions=()
        )
    )
    store = draw(
        rst.stores(start=dt.date(2025, 6, 25), days=16, countries=("US",), policies=policies)
    )

    def others(items: tuple[T, ...]) -> tuple[T, ...]:
        return tuple(item for item in items if getattr(item, "customer_id", "") != "c000")

    recorded = (
        ContactRecord("c000", date=dt.date(2025, 6, 1), channel="message", purpose="keep"),
        ContactRecord("c000", date=dt.date(2025, 7, 4), channel="message", purpose="holiday"),
    )
    return attrs.evolve(
        store,
        purchases=others(store.purchases),
        history=others(store.history) + recorded,
        visits=others(store.visits),
        service_tasks=others(store.service_tasks),
    )


@settings(max_examples=FEW, phases=[Phase.explicit, Phase.generate])
@given(recorded_wish_stores())
def test_cad_keep_merge_target_can_be_looked_up(store: StoreInputs) -> None:
    """CAD-KEEP: a merged contact's `into` is a decision of the plan or a history contact ID."""
    plan = store.plan()
    merged = plan.with_status(Status.MERGED)
    assert merged
    for decision in merged:
        assert decision.into is not None
        target = plan[decision.into]
        assert target.purpose is Purpose.HOLIDAY, decision
        assert target.status in {Status.PLANNED, Status.DONE}, decision


# --- order independence, determinism ------------------------------------------------------


def _shuffled(store: StoreInputs, rnd: random.Random) -> StoreInputs:
    def shuffle(items: tuple[T, ...]) -> tuple[T, ...]:
        out = list(items)
        rnd.shuffle(out)
        return tuple(out)

    return attrs.evolve(
        store,
        customers=shuffle(store.customers),
        purchases=shuffle(store.purchases),
        staff=shuffle(store.staff),
        events=shuffle(store.events),
        history=shuffle(store.history),
        visits=shuffle(store.visits),
        service_tasks=shuffle(store.service_tasks),
    )


@settings(max_examples=SOME)
@given(rst.stores(), st.randoms(use_true_random=False))
def test_plan_does_not_depend_on_input_order(store: StoreInputs, rnd: random.Random) -> None:
    """Every CAD rule, order independence: shuffled inputs give an equal plan in equal order."""
    plan = store.plan()
    again = _shuffled(store, rnd).plan()
    assert again == plan
    assert [d.contact_id for d in again.decisions] == [d.contact_id for d in plan.decisions]


@settings(max_examples=FEW)
@given(rst.stores())
def test_plan_is_deterministic(store: StoreInputs) -> None:
    """Every CAD rule, determinism: planning the same inputs twice gives equal plans."""
    assert store.plan() == store.plan()


# --- the plan's views ----------------------------------------------------------------------


@settings(max_examples=SOME)
@given(rst.stores())
def test_plan_views_agree_with_the_decisions(store: StoreInputs) -> None:
    """Every CAD rule, the plan's views: read from the rows, they filter the decisions."""
    fresh = store.plan()  # asked before its decisions are built
    planned_now, not_planned, overflow = fresh.planned, fresh.not_planned, fresh.overflow
    by_status = {status: fresh.with_status(status) for status in Status}
    customers = {c.customer_id for c in store.customers} | {"nobody"}
    timelines = {c: fresh.for_customer(c) for c in customers}
    days = {store.start + ONE * i for i in range((store.end - store.start).days + 1)}
    on_day = {day: fresh.on(day) for day in days}
    counts, records = fresh.counts_by_day(), fresh.to_records()
    decisions = store.plan().decisions
    assert planned_now == tuple(d for d in decisions if d.status.planned)
    assert not_planned == tuple(
        d for d in decisions if d.status in (Status.MERGED, Status.SUPPRESSED)
    )
    assert overflow == tuple(d for d in decisions if d.suppressed is SuppressReason.OVERFLOW)
    for status, found in by_status.items():
        assert found == tuple(d for d in decisions if d.status is status)
    for customer, timeline in timelines.items():
        assert timeline == tuple(d for d in decisions if d.customer_id == customer)
    for day, contacts in on_day.items():
        assert contacts == tuple(d for d in decisions if d.status.planned and d.date == day)
    expected: Counter[tuple[dt.date, str]] = Counter(
        (d.date, d.channel.value)
        for d in planned(fresh)  # type: ignore[union-attr]
    )
    assert {(day, ch): n for day, per in counts.items() for ch, n in per.items() if n} == expected
    assert [r["contact_id"] for r in records] == [d.contact_id for d in decisions]
    assert all(fresh[d.contact_id] == d and d.contact_id in fresh for d in decisions)


@settings(max_examples=FEW)
@given(rst.stores())
def test_plan_rebuilt_from_its_decisions_is_equal(store: StoreInputs) -> None:
    """Every CAD rule, plan values: the same decisions in a new plan give an equal plan."""
    plan = store.plan()
    again = ContactPlan(
        start=plan.start,
        end=plan.end,
        policy=plan.policy,
        decisions=store.plan().decisions,
        staff_load=plan.staff_load,
        stages=plan.stages.values(),
    )
    assert again == plan
    assert plan == again
    assert hash(again) == hash(plan)


# --- re-planning ---------------------------------------------------------------------------


@settings(max_examples=SOME)
@given(rst.stores())
def test_replanning_after_doing_everything_plans_nothing(store: StoreInputs) -> None:
    """Every CAD rule, re-planning: once every planned contact is made, re-planning plans none."""
    first = store.plan()
    done = made_records(first)
    second = attrs.evolve(store, history=store.history + tuple(done)).plan()
    assert not second.planned, [d.contact_id for d in second.planned]


@settings(max_examples=SOME)
@given(rst.stores())
def test_replanning_reports_the_contacts_made_as_done(store: StoreInputs) -> None:
    """Every CAD rule, stable contact IDs: a contact planned, then made, is DONE on re-planning."""
    first = store.plan()
    done = made_records(first)
    second = attrs.evolve(store, history=store.history + tuple(done)).plan()
    for record in done:
        assert record.contact_id is not None
        assert record.contact_id in second, record
        assert second[record.contact_id].status is Status.DONE


# --- opt-outs, windows ---------------------------------------------------------------------


@settings(max_examples=SOME)
@given(rst.stores())
def test_cad_cap_opt_outs_are_respected(store: StoreInputs) -> None:
    """CAD-CAP: nothing is planned on a channel the customer opted out of by that day."""
    plan = store.plan()
    profiles = {p.customer_id: p for p in store.customers}
    for decision in planned(plan):
        assert decision.channel is not None
        assert decision.date is not None
        for opt_out in profiles[decision.customer_id].opt_outs:
            assert not (opt_out.channel is decision.channel and opt_out.since <= decision.date)


def _window_end(decision: ContactDecision, store: StoreInputs) -> dt.date:
    """The last day the rule of ``decision`` allows it on."""
    policy, due = store.policy, decision.due
    if decision.purpose is Purpose.GREET:
        return due + dt.timedelta(days=policy.greet_to - policy.greet_from)
    if decision.purpose is Purpose.SURVEY:
        return due + dt.timedelta(days=policy.survey_to - policy.survey_from)
    if decision.purpose in (Purpose.KEEP, Purpose.CLUB):
        return due + dt.timedelta(days=policy.keep_slack)
    if decision.purpose is Purpose.INVITE:
        (event,) = (e for e in store.events if e.event_id == decision.subject)
        return event.date - ONE
    if decision.purpose is Purpose.SERVICE:
        (task,) = (
            t
            for t in store.service_tasks
            if (t.customer_id, t.case_id, t.due) == (decision.customer_id, decision.subject, due)
        )
        return due + dt.timedelta(days=task.window_days - 1)
    return due  # a door walk or a holiday wish has its one day


@settings(max_examples=SOME)
@given(rst.stores())
def test_planned_contacts_stay_in_the_plan_and_their_window(store: StoreInputs) -> None:
    """CAD-GREET, CAD-SURVEY, CAD-INVITE, CAD-KEEP, CAD-CLUB: planned days lie in their window."""
    plan = store.plan()
    for decision in planned(plan):
        assert decision.date is not None
        assert store.start <= decision.date <= store.end, decision
        assert decision.due <= decision.date <= _window_end(decision, store), decision


# --- CAD-CAPACITY monotonicity ---------------------------------------------------------------


@settings(max_examples=SOME)
@given(rst.stores(), st.data())
def test_cad_capacity_more_capacity_never_adds_overflow(
    store: StoreInputs, data: st.DataObject
) -> None:
    """CAD-CAPACITY: raising every staff member's capacity never adds OVERFLOW decisions."""
    raised = tuple(
        attrs.evolve(m, daily_capacity=m.daily_capacity + data.draw(st.integers(1, 3)))
        for m in store.staff
    )
    before = store.plan()
    after = attrs.evolve(store, staff=raised).plan()
    assert len(after.overflow) <= len(before.overflow)
    assert all(d.suppressed is SuppressReason.OVERFLOW for d in after.overflow)


# --- service tasks after the plan ------------------------------------------------------


@settings(max_examples=FEW)
@given(rst.stores(service_after_end=7), st.data())
def test_service_task_due_after_the_end_waits_for_a_later_plan(
    store: StoreInputs, data: st.DataObject
) -> None:
    """CMP-STEPS: a service task due after the plan's end gets no decision and raises nothing."""
    cid = data.draw(st.sampled_from(store.customers)).customer_id
    late = ServiceTask(
        "late",
        customer_id=cid,
        due=store.end + dt.timedelta(days=data.draw(st.integers(1, 7))),
        channel=data.draw(st.sampled_from([Channel.PHONE, Channel.MESSAGE])),
    )
    plan = attrs.evolve(store, service_tasks=(*store.service_tasks, late)).plan()
    assert f"{cid}/CMP-STEPS/late/{late.due}" not in plan
