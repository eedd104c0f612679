"""The command line: ``python -m retention demo``.

This is the only module of the package that prints. The demo builds the sample store
(:mod:`retention.sample`) and shows what the library makes of it: the ABC table, the
attitude groups, the series index and five customers with the reasons behind their
segments, the contact plan of the next weeks, one complaint walked through the six
steps with its SLA clocks, the open cases and the lessons of the store's complaints.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from decimal import Decimal

from retention._text import percent
from retention.cadence import (
    Channel,
    ContactPlan,
    Purpose,
    Status,
    SuppressReason,
    build_profiles,
    plan_contacts,
)
from retention.calendar import StoreCalendar
from retention.complaints import (
    Case,
    Event,
    Lessons,
    SlaClock,
    SlaState,
    Tally,
    lessons,
    sla_status,
)
from retention.customers import build_histories, spend_totals
from retention.hours import StoreHours
from retention.sample import SampleStore, sample_store
from retention.segmentation import (
    AbcClass,
    AbcResult,
    Attitude,
    AttitudeResult,
    EarlyAdoption,
    KotlerPattern,
    classify_abc,
    classify_attitudes,
    find_early_adopters,
    series_index,
)

__all__ = ["main"]


def _pct(value: Decimal) -> str:
    return f"{value * 100:5.1f} %"


def _abc_table(abc: AbcResult) -> list[str]:
    cut = abc.cutoffs
    lines = [
        (
            f"ABC classes (SEG-ABC, {cut.policy.describe()}; total spend {cut.total:,f}, "
            f"{cut.customers} customers)"
        ),
        f"  {'class':<6}{'customers':>10}{'share':>10}{'spend':>14}{'share':>10}{'lowest':>11}",
    ]
    for row in abc.summary:
        lowest = "-" if row.lowest_spend is None else f"{row.lowest_spend:,f}"
        lines.append(
            f"  {row.abc_class.value:<6}{row.customers:>10}{_pct(row.share_of_customers):>10}"
            f"{row.spend:>14,f}{_pct(row.share_of_spend):>10}{lowest:>11}"
        )
    lines.append(
        f"  cut-off spends: A >= {cut.a_cutoff:,f}, B >= {cut.b_cutoff:,f}"
        if cut.a_cutoff is not None and cut.b_cutoff is not None
        else f"  cut-off spends: A >= {cut.a_cutoff}, B >= {cut.b_cutoff}"
    )
    return lines


def _attitude_table(attitudes: Mapping[str, AttitudeResult]) -> list[str]:
    results = list(attitudes.values())
    groups = Counter(r.attitude for r in results)
    patterns = Counter(r.pattern for r in results)
    decided = Counter(r.decided_by for r in results)
    lines = ["Attitude groups (SEG-ATTITUDE)"]
    for attitude in (*Attitude, None):
        name = "not enough evidence" if attitude is None else attitude.value
        lines.append(f"  {name:<22}{groups[attitude]:>5}")
    lines.append(
        "  Kotler patterns: "
        + ", ".join(f"{p.value} {patterns[p]}" for p in KotlerPattern)
        + f", none {patterns[None]}"
    )
    lines.append(
        "  decided by: " + ", ".join(f"{e.value} {n}" for e, n in sorted(decided.items(), key=str))
    )
    return lines


def _pick_customers(
    abc: AbcResult,
    attitudes: Mapping[str, AttitudeResult],
    early: Mapping[str, EarlyAdoption],
) -> list[str]:
    """Five customers worth showing: top A, a B, a C, an early adopter, a shifter."""
    by_spend = sorted(abc, key=lambda c: (-abc.totals[c], c))
    first_b = next(c for c in by_spend if abc[c] is AbcClass.B)
    last_c = by_spend[-1]
    picks = [by_spend[0], first_b, last_c]
    picks += [next(c for c in sorted(early) if c not in picks)]
    picks += [
        next(
            c
            for c in sorted(attitudes)
            if attitudes[c].pattern is KotlerPattern.SHIFTING and c not in picks
        )
    ]
    return picks


def _plan_summary(plan: ContactPlan) -> list[str]:
    statuses = Counter(d.status for d in plan.decisions)
    reasons = Counter(d.suppressed.value for d in plan.decisions if d.suppressed is not None)
    purposes = Counter(d.purpose.value for d in plan.planned)
    return [
        f"Contact plan {plan.start} .. {plan.end} ({plan.policy.describe()})",
        f"  {len(plan)} candidate contacts: "
        + ", ".join(f"{s.value} {statuses[s]}" for s in Status)
        + (
            " (" + ", ".join(f"{k} {n}" for k, n in sorted(reasons.items())) + ")"
            if reasons
            else ""
        ),
        "  planned by purpose: " + ", ".join(f"{k} {n}" for k, n in sorted(purposes.items())),
    ]


def _day_table(plan: ContactPlan, calendar: StoreCalendar) -> list[str]:
    counts = plan.counts_by_day()
    occasions = {o.date: o.name for o in calendar.occasions(plan.start, plan.end)}
    channels = [c.value for c in Channel]
    lines = [
        "Contacts per day by channel (CAD-WORKDAY: staff tasks only on working days)",
        f"  {'day':<15}{'work':<6}" + "".join(f"{c:>11}" for c in channels) + "  occasion",
    ]
    day = plan.start
    while day <= plan.end:
        row = counts.get(day)
        figures = "".join(f"{(row[c] if row else 0):>11}" for c in channels)
        work = "yes" if calendar.is_working_day(day) else "-"
        name = occasions.get(day) or calendar.holiday_name(day) or ""
        lines.append(f"  {day} {day:%a}  {work:<6}{figures}  {name}".rstrip())
        day += dt.timedelta(days=1)
    return lines


def _staff_table(plan: ContactPlan) -> list[str]:
    lines = ["Staff load (CAD-CAPACITY: never above a member's daily capacity)"]
    members = sorted({row.staff_id for row in plan.staff_load})
    for member in members:
        rows = [row for row in plan.staff_load if row.staff_id == member]
        tasks = sum(row.tasks for row in rows)
        capacity = sum(row.capacity for row in rows)
        full = sum(1 for row in rows if row.free == 0 and row.capacity)
        busiest = max(rows, key=lambda row: (row.tasks, -row.date.toordinal()))
        lines.append(
            f"  {member}: {tasks} tasks on {len(rows)} working days, capacity {capacity}; "
            f"full on {full} days; busiest {busiest.date} ({busiest.tasks}/{busiest.capacity})"
        )
    overflow = plan.overflow
    lines.append(f"  overflow (reported, not dropped): {len(overflow)} staff tasks")
    return lines


def _timeline_picks(plan: ContactPlan) -> list[str]:
    """Two customers worth reading: one phoned and wished a holiday, one held back."""
    phoned = {
        d.customer_id
        for d in plan.planned
        if d.channel is Channel.PHONE and d.purpose is Purpose.INVITE
    }
    wished = {d.customer_id for d in plan.planned if d.purpose is Purpose.HOLIDAY}
    first = min(phoned & wished or phoned or wished or {plan.decisions[0].customer_id})
    held = sorted(
        (d.suppressed is SuppressReason.WINDOW_EXPIRED, d.customer_id)
        for d in plan.decisions
        if d.status is Status.SUPPRESSED and d.customer_id != first
    )
    return [first, held[0][1]] if held else [first]


def _cadence(
    store: SampleStore,
    abc: AbcResult,
    attitudes: Mapping[str, AttitudeResult],
    days: int,
    calendar: StoreCalendar,
) -> list[str]:
    profiles = build_profiles(
        abc,
        attitudes=attitudes,
        club_members=store.club_members,
        owners=store.owners,
        opt_outs=store.opt_outs,
    )
    plan = plan_contacts(
        profiles,
        purchases=store.purchases + store.todays_sales,
        start=store.as_of,
        end=store.as_of + dt.timedelta(days=days - 1),
        calendar=calendar,
        staff=store.staff,
        events=store.events,
        service_tasks=store.service_tasks,
    )
    lines = [*_plan_summary(plan), "", *_day_table(plan, calendar), "", *_staff_table(plan)]
    for cid in _timeline_picks(plan):
        lines += ["", f"Timeline of {cid} (class {abc[cid].value}):"]
        for decision in plan.for_customer(cid):
            lines.extend(f"  {line}" for line in decision.explain().splitlines())
    return lines


def demo(store: SampleStore, *, days: int = 60) -> list[str]:
    """Return the demo's report on ``store`` as lines of text."""
    abc = classify_abc(spend_totals(store.purchases))
    histories = build_histories(store.purchases)
    attitudes = classify_attitudes(histories, declared=store.declared)
    early = find_early_adopters(store.purchases, store.launches)
    series = series_index(abc, attitudes=attitudes, early_adopters=early)
    lines = [
        f"Sample store: {len(store.purchases)} purchases by {len(histories)} customers, "
        f"{len({p.brand for p in store.purchases})} brands, launches: "
        + ", ".join(f"{launch.product} ({launch.date})" for launch in store.launches),
        "",
        *_abc_table(abc),
        "",
        *_attitude_table(attitudes),
        "",
        f"Early adopters (SEG-EARLY): {len(early)} customers",
        "",
        (
            f"Customer series (SEG-SERIES): index {series.index:.3f} "
            f"({len(series.members)} of {series.customers}; loyal {series.loyal}, "
            f"early adopters {series.early_adopters}, class A {series.a_class})"
        ),
        "",
        "Five customers and why:",
    ]
    for cid in _pick_customers(abc, attitudes, early):
        result = attitudes[cid]
        group = result.attitude.value if result.attitude else "not enough evidence"
        flag = ", early adopter" if cid in early else ""
        lines.append(f"  {cid}: class {abc[cid].value}, {group}{flag}")
        reasons = [*abc.explain(cid), *result.reasons]
        if cid in early:
            reasons += early[cid].reasons
        lines.extend(f"    - {reason}" for reason in reasons)
    calendar = StoreCalendar.build(
        store.country,
        years=[
            min(c.received_at.year for c in store.complaints)
            if store.complaints
            else store.as_of.year,
            (store.as_of + dt.timedelta(days=days)).year,
        ],
        language="en",
        store_days=store.store_days,
    )
    lines += ["", *_cadence(store, abc, attitudes, days, calendar)]
    if store.complaints:
        lines += ["", *_complaints(store, StoreHours(calendar, timezone=store.timezone))]
    return lines


def _clock_text(clock: SlaClock) -> str:
    name = clock.clock.value.replace("_", " ")
    if clock.state is SlaState.BREACHED:
        assert clock.breached_at is not None  # noqa: S101  # breached means dated
        return f"{name} BREACHED at {clock.breached_at:%m-%d %H:%M}"
    if clock.state is SlaState.MET:
        return f"{name} met ({_hours(clock.used)} of {_hours(clock.target)})"
    state = clock.state.value.replace("_", " ")
    paused = ", paused" if clock.paused else ""
    return f"{name} {state}, {_hours(clock.left)} left{paused}"


def _hours(span: dt.timedelta) -> str:
    minutes = span // dt.timedelta(minutes=1)
    hours, rest = divmod(minutes, 60)
    return f"{hours}h{rest:02d}" if hours else f"{rest} min"


def _walk(case: Case, events: Sequence[Event]) -> list[str]:
    """Replay ``events`` on ``case``, one block of lines per event (CMP-STEPS)."""
    complaint = case.complaint
    head = (
        f"Complaint {complaint.complaint_id} walked through the six steps (CMP-STEPS): "
        f"{complaint.customer_id}, {complaint.priority.value} priority, "
        f"{complaint.channel.value}, received {complaint.received_at:%Y-%m-%d %H:%M}"
    )
    lines = [head, f'  "{complaint.summary}"']
    for event in events:
        case = case.apply(event)
        status = sla_status(case, event.at)
        by = f" by {event.by}" if event.by else ""
        lines += [
            f"  {event.at:%m-%d %H:%M} {event.kind.value}{by} -> stage {case.stage.value}",
            f"      SLA: {'; '.join(_clock_text(c) for c in status.clocks)}",
            "      next: " + (", ".join(k.value for k in case.next_allowed()) or "(closed)"),
        ]
        lines.extend(f"      {reason}" for reason in case.reasons()[1:])
    return lines


def _open_cases(cases: Sequence[Case], at: dt.datetime) -> list[str]:
    lines = [f"Open cases at {at:%Y-%m-%d %H:%M} (CMP-NOW):"]
    for case in cases:
        if case.closed:
            continue
        status = sla_status(case, at)
        lines.append(
            f"  {case.complaint_id} {case.stage.value:<10} "
            + "; ".join(_clock_text(c) for c in status.clocks)
        )
        task = case.follow_up_task()
        if task is not None:
            late = ", overdue" if task.due < at.date() else ""
            lines.append(
                f"      follow-up for the cadence engine: {task.channel.value} to "
                f"{task.customer_id} due {task.due}{late} (CMP-STEPS step 5)"
            )
    return lines


def _tally(title: str, rows: Sequence[Tally]) -> list[str]:
    if not rows:
        return [f"  {title}: none named"]
    cells = ", ".join(f"{r.label} {r.count} ({percent(r.share, trim=True)})" for r in rows)
    return [f"  {title} (of {rows[0].n}): {cells}"]


def _lessons_table(result: Lessons) -> list[str]:
    lines = [f"Lessons from {result.cases} complaints (CMP-LESSON):"]
    lines.append(f"  {'cause':<16} {'cases':>5} {'share':>7} {'cumulative':>10}")
    lines += [
        f"  {row.label:<16} {row.count:>5} {_pct(row.share):>7} {_pct(row.cumulative):>10}"
        for row in result.by_cause
    ]
    lines += _tally("by product", result.by_product)
    lines += _tally("by staff member", result.by_staff)
    for label, median in (
        ("first response", result.first_response),
        ("resolution", result.resolution),
    ):
        value = "n/a" if median.value is None else _hours(median.value)
        lines.append(f"  median working time to {label}: {value} (of {median.n})")
    lines += [
        f"  first response within SLA: {result.first_response_in_sla}",
        f"  resolved within SLA: {result.resolved_in_sla}",
        f"  promises kept on time: {result.promises_kept}",
        f"  followed up after resolution: {result.followed_up}",
        f"  reopened at the follow-up: {result.reopened}",
        "  complained more than once: "
        + (", ".join(f"{c} ({k})" for c, k in result.repeat_customers) or "nobody"),
    ]
    lines.extend(f"  {reason}" for reason in result.reasons)
    return lines


def _complaints(store: SampleStore, hours: StoreHours) -> list[str]:
    """Walk the first complaint through its events; the open cases; the lessons."""
    by_case: dict[str, list[Event]] = {c.complaint_id: [] for c in store.complaints}
    for event in store.complaint_events:
        by_case[event.complaint_id].append(event)
    cases = [Case.open(c, hours=hours, events=by_case[c.complaint_id]) for c in store.complaints]
    first = store.complaints[0]
    now = dt.datetime.combine(store.as_of, dt.time(11), tzinfo=hours.zone)
    return [
        *_walk(Case.open(first, hours=hours), by_case[first.complaint_id]),
        "",
        *_open_cases(cases, now),
        "",
        *_lessons_table(lessons(cases)),
    ]


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m retention", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("demo", help="segment the built-in sample store and explain it")
    run.add_argument("--customers", type=int, default=240, help="sample size (default 240)")
    run.add_argument("--seed", type=int, default=2025, help="sample seed (default 2025)")
    run.add_argument("--days", type=int, default=60, help="days of contact plan (default 60)")
    args = parser.parse_args(argv)
    if args.days < 1:
        parser.error("--days: expected a number of days >= 1")
    store = sample_store(customers=args.customers, seed=args.seed)
    print("\n".join(demo(store, days=args.days)))
    return 0
