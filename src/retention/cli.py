"""The command line: ``python -m retention demo``.

This is the only module of the package that prints. The demo builds the sample store
(:mod:`retention.sample`) and shows what the library makes of it: the ABC table, the
attitude groups, the series index and five customers with the reasons behind their
segments, the satisfaction survey's report, the customers drifting away with the likely
reasons, the contact plan of the next weeks (win-back contacts included), one complaint
walked through the six steps with its SLA clocks, the open cases and the lessons of the
store's complaints.
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
from retention.churn import ChurnReport, early_warning
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
from retention.satisfaction import SatisfactionReport, satisfaction_report
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
    *,
    churn: ChurnReport,
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
        winbacks=churn.winbacks(),
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
    hours = StoreHours(calendar, timezone=store.timezone)
    cases = _cases(store, hours)
    if store.survey is not None:
        lines += [
            "",
            *_satisfaction(
                satisfaction_report(
                    store.survey,
                    population=Counter(c.value for c in abc.values()),
                    competition=store.competition,
                )
            ),
        ]
    churn = early_warning(
        store.purchases + store.todays_sales,
        as_of=store.as_of,
        cases=cases,
        survey=store.survey,
        classes=abc,
    )
    lines += ["", *_churn(churn)]
    lines += ["", *_cadence(store, abc, attitudes, days, calendar, churn=churn)]
    if store.complaints:
        lines += ["", *_complaints(store, hours, cases)]
    return lines


def _num(value: Decimal | None, places: int = 1) -> str:
    return "-" if value is None else f"{value:.{places}f}"


def _satisfaction(report: SatisfactionReport) -> list[str]:
    """The survey's report: strata, mean vs veto, standard scores, word of mouth, loyalty."""
    method = report.method.value.replace("_", " ")
    lines = [
        (
            f"Satisfaction survey {report.survey_id!r} ({method}; {report.respondents} "
            f"respondents, effective {_num(report.effective_respondents)})"
        ),
    ]
    if report.weights is not None:
        lines.append("  strata (SAT-SURVEY: each class counts by its share of customers)")
        lines.extend(
            f"    {s.segment}: {percent(s.population_share)} of customers, "
            f"{percent(s.answer_share)} of answers ({s.answers}), weight per answer "
            f"{s.weight:.4f}"
            for s in report.weights.strata
        )
    lines.append(
        f"  mean {_num(report.mean)} / 100; after the veto (SAT-VETO, 100 - 1 = 0) "
        f"{_num(report.veto)}: {len(report.vetoed)} respondents with a failing item"
    )
    lines.append(f"  {'item':<10}{'topic':<13}{'seen':>7}{'expected':>10}{'gap':>8}{'failing':>9}")
    lines.extend(
        f"  {i.item_id:<10}{i.topic.value:<13}{_num(i.perception):>7}{_num(i.expectation):>10}"
        f"{_num(i.gap):>8}{i.failing:>9}"
        for i in report.items
    )
    if report.nps is not None:
        lines.append(
            f"  NPS {_num(report.nps.score)} (promoters {report.nps.promoters}, detractors "
            f"{report.nps.detractors}, n={report.nps.answers})"
        )
    if report.csat is not None:
        lines.append(f"  CSAT (top-2-box) {percent(report.csat.share)} (n={report.csat.answers})")
    if report.ces is not None:
        lines.append(
            f"  CES {_num(report.ces.mean, 2)} of 7, easy {percent(report.ces.easy_share)} "
            f"(n={report.ces.answers})"
        )
    reach = report.reach(1000)
    lines.append(
        f"  word of mouth per 1,000 customers (SAT-WOM): {_num(reach.positive, 0)} hear good "
        f"news, {_num(reach.negative, 0)} bad, net {_num(reach.net, 0)}"
    )
    loyalty = report.loyalty
    zones = ", ".join(f"{k} {v}" for k, v in loyalty.zones.items())
    lines.append(
        f"  loyalty ({loyalty.competition.value} competition, SAT-LOYALTY): expected "
        f"{percent(loyalty.expected or Decimal(0))}, secure "
        f"{percent(loyalty.secure_share or Decimal(0))}; zones: {zones}"
    )
    lines.append("  advice, most urgent first:")
    for advice in report.advice:
        lines.append(f"    {advice.advice.value.replace('_', ' ')}")
        lines.extend(f"      - {reason}" for reason in advice.reasons)
    return lines


def _churn(report: ChurnReport) -> list[str]:
    """The customers drifting away, with the likely reasons and the seed's cures."""
    lines = [
        (
            f"Early warning on {report.as_of} (CHURN-NOSURPRISE): {len(report.at_risk)} of "
            f"{len(report.checks)} customers overdue against their own rhythm"
        ),
        f"  {'customer':<10}{'class':<7}{'days since':>11}{'limit':>8}  {'rule':<8}likely reason",
    ]
    for risk in report.at_risk[:10]:
        check = risk.overdue
        top = risk.likely[0].reason.value.replace("_", " ") if risk.likely else "none on record"
        abc = risk.abc.value if risk.abc else "-"
        lines.append(
            f"  {risk.customer_id:<10}{abc:<7}{check.days_since:>11}{check.limit:>8}  "
            f"{check.signal.value:<8}{top}"
        )
    with_reason = [r for r in report.at_risk if r.likely]
    if with_reason:
        risk = with_reason[0]
        lines.append(f"  why {risk.customer_id}, and what to do (CHURN-REASONS):")
        lines.extend(f"    - {reason}" for reason in risk.reasons)
        lines.append(f"    cure: {risk.likely[0].cure}")
    calls = sum(1 for w in report.winbacks() if w.channel is Channel.PHONE)
    lines.append(
        f"  win-back contacts for the plan (CHURN-WINBACK): {len(report.at_risk)} "
        f"({calls} calls for class A, the rest messages)"
    )
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


def _events(store: SampleStore) -> dict[str, list[Event]]:
    by_case: dict[str, list[Event]] = {c.complaint_id: [] for c in store.complaints}
    for event in store.complaint_events:
        by_case[event.complaint_id].append(event)
    return by_case


def _cases(store: SampleStore, hours: StoreHours) -> list[Case]:
    by_case = _events(store)
    return [Case.open(c, hours=hours, events=by_case[c.complaint_id]) for c in store.complaints]


def _complaints(store: SampleStore, hours: StoreHours, cases: list[Case]) -> list[str]:
    """Walk the first complaint through its events; the open cases; the lessons."""
    by_case = _events(store)
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
