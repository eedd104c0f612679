"""The command line: ``python -m retention demo`` and commands on a store's CSV exports.

This is the only module of the package that reads files or prints. The demo builds the
sample store (:mod:`retention.sample`) and shows what the library makes of it: the ABC
table, the attitude groups, the series index and five customers with the reasons behind
their segments, the satisfaction survey's report, the customers drifting away with the
likely reasons, the contact plan of the next weeks (win-back contacts included), one
complaint walked through the six steps with its SLA clocks, the open cases and the
lessons of the store's complaints.

The other commands read a store's own CSV exports (the columns are in
:mod:`retention.exports`): ``segments`` (ABC classes and attitudes), ``plan`` (the
contact plan), ``cases`` (complaint cases and their lessons), ``satisfaction`` (the
survey's report) and ``churn`` (the early warning), as a table, JSON or CSV. Every
refusal, of a row, a file, a policy or an option, stops the command with exit status 2
and a message naming the file, line and column, or the option, and nothing is written;
no input ends in a traceback. With pyarrow or pandas installed (the ``frames`` extra's
engines) the purchases file is read by columns and checked in bulk; a file the bulk
checks do not take goes to the careful reader of :mod:`retention.exports`, whose
messages name the line.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import csv
import datetime as dt
import enum
import importlib
import importlib.util
import io
import json
import os
import re
import sys
import tempfile
import time
import tomllib
import zoneinfo
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import attrs

from retention import _tables
from retention._text import ISO_DATE, escape_controls, iso_date, percent, why
from retention.customers import Purchase, SpendTotals, build_histories, spend_totals
from retention.exceptions import RetentionError
from retention.segmentation import (
    AbcClass,
    AbcPolicy,
    AbcResult,
    Attitude,
    AttitudePolicy,
    AttitudeResult,
    EarlyAdoption,
    KotlerPattern,
    classify_abc,
    classify_attitudes,
    find_early_adopters,
    series_index,
)

if TYPE_CHECKING:
    from retention.cadence import (
        CadencePolicy,
        ContactPlan,
        CustomerProfile,
        ServiceTask,
        StaffMember,
        StoreEvent,
    )
    from retention.calendar import StoreCalendar
    from retention.churn import BgNbdParams, ChurnPolicy, ChurnReport
    from retention.complaints import (
        Case,
        ComplaintPolicy,
        Event,
        Lessons,
        SlaClock,
        Tally,
    )
    from retention.exports import (
        ComplaintLog,
        CustomerList,
    )
    from retention.hours import StoreHours
    from retention.sample import SampleStore
    from retention.satisfaction import (
        SatisfactionPolicy,
        SatisfactionReport,
        Scale,
        Survey,
    )

__all__ = ["main"]

#: Names of the library the module gives on first use, so ``import retention.cli`` stays
#: light (the commands import what they need when they run).
_LAZY = {"plan_contacts": "retention.cadence"}


def __getattr__(name: str) -> Any:  # noqa: ANN401 - whatever the library's name is
    """Import ``plan_contacts`` when first asked for (PEP 562)."""
    if name in _LAZY:
        return getattr(importlib.import_module(_LAZY[name]), name)
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


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
    from retention.cadence import Status  # noqa: PLC0415 - loaded when used

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
    from retention.cadence import Channel  # noqa: PLC0415 - loaded when used

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
    from retention.cadence import Channel, Purpose, Status, SuppressReason  # noqa: PLC0415 - loaded when used

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
    from retention.cadence import build_profiles, plan_contacts  # noqa: PLC0415 - loaded when used

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
        churn_policy=churn.policy,
    )
    lines = [
        *_plan_summary(plan),
        *plan.summary().lines()[1:],
        "",
        *_day_table(plan, calendar),
        "",
        *_staff_table(plan),
    ]
    for cid in _timeline_picks(plan):
        lines += ["", f"Timeline of {cid} (class {abc[cid].value}):"]
        for decision in plan.for_customer(cid):
            lines.extend(f"  {line}" for line in decision.explain().splitlines())
    return lines


def demo(store: SampleStore, *, days: int = 60) -> list[str]:
    """Return the demo's report on ``store`` as lines of text."""
    from retention.calendar import StoreCalendar  # noqa: PLC0415 - loaded when used
    from retention.churn import early_warning  # noqa: PLC0415 - loaded when used
    from retention.hours import StoreHours  # noqa: PLC0415 - loaded when used
    from retention.satisfaction import satisfaction_report  # noqa: PLC0415 - loaded when used

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
            # The store's own days may lie beyond a short plan (--days 30).
            *(d.date.year for d in store.store_days),
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
    lines.append(
        f"  {len(report.at_risk)} at risk keep their routine contacts; once lapsed, the plan "
        "gives them the win-back sequence (CHURN-WINBACK)"
    )
    return lines


def _clock_text(clock: SlaClock) -> str:
    from retention.complaints import SlaState  # noqa: PLC0415 - loaded when used

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
    from retention.complaints import sla_status  # noqa: PLC0415 - loaded when used

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
    from retention.complaints import sla_status  # noqa: PLC0415 - loaded when used

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
    from retention.complaints import Case  # noqa: PLC0415 - loaded when used

    by_case = _events(store)
    return [Case.open(c, hours=hours, events=by_case[c.complaint_id]) for c in store.complaints]


def _complaints(store: SampleStore, hours: StoreHours, cases: list[Case]) -> list[str]:
    """Walk the first complaint through its events; the open cases; the lessons."""
    from retention.complaints import Case, lessons  # noqa: PLC0415 - loaded when used

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


# -- commands on a store's CSV exports ------------------------------------------------

_FORMATS = ("table", "json", "csv")

# The days the commands work on: --as-of and every date and time in the files. A store's
# exports hold nothing earlier or later (a till's 0001-01-01 or 9999-12-31 is a blank
# field, not a day), and within these days the library's date arithmetic, up to ten
# years either way, stays inside the years a calendar can load.
_FIRST_DAY = dt.date(1900, 1, 1)
_LAST_DAY = dt.date(2999, 12, 31)
_DATES = (_FIRST_DAY, _LAST_DAY)
_MAX_DAYS = 3660  # --days: ten years of plan
_SCALE_ENDS = 100  # --scale LOW..HIGH: both from -100 to 100
_DEMO_CUSTOMERS = (10, 10_000)  # demo --customers


class _InputError(Exception):
    """A problem with a file or an option the user gave: printed, exit status 2.

    Its lines are the message, one problem a line (a policy file may have several).
    """

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


@attrs.frozen
class _Policies:
    """The policies of ``--policy FILE.toml``; ``None`` for the library's defaults.

    ``country`` is the store's country the file names, ``None`` if it names none.
    """

    country: str | None = None
    abc: AbcPolicy | None = None
    attitude: AttitudePolicy | None = None
    cadence: CadencePolicy | None = None
    complaints: ComplaintPolicy | None = None
    satisfaction: SatisfactionPolicy | None = None
    churn: ChurnPolicy | None = None


@attrs.frozen
class _Output:
    """What a command produced: the table's lines, and the records for json and csv."""

    table: list[str]
    columns: tuple[str, ...]
    records: list[dict[str, object]]


class _Progress:
    """Progress lines on stderr, with the seconds since the command started."""

    def __init__(self, *, on: bool) -> None:
        self.on = on
        self.start = time.perf_counter()

    def __call__(self, text: str) -> None:
        if self.on:
            elapsed = time.perf_counter() - self.start
            print(f"[{elapsed:6.1f} s] {escape_controls(text)}", file=sys.stderr, flush=True)


def _read_bytes(path: str) -> bytes:
    """The bytes of ``path``, or an input error naming it."""
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        msg = f"{path}: cannot read the file ({exc.strerror or exc})"
        raise _InputError(msg) from None


def _read_text(path: str) -> str:
    """The text of ``path``: UTF-8, with or without a byte-order mark."""
    return _decode(_read_bytes(path), path)


def _decode(data: bytes, path: str) -> str:
    """``data`` of ``path`` as UTF-8 text, a byte-order mark dropped."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        from retention.exports import ExportError  # noqa: PLC0415 - only when refused

        line = data.count(b"\n", 0, exc.start) + 1
        detail = (
            f"expected UTF-8 text, got the byte 0x{data[exc.start]:02x} "
            "(save the export as CSV UTF-8)"
        )
        raise ExportError(detail, source=path, line=line) from None


def _load_policies(path: str | None) -> _Policies:
    if path is None:
        return _Policies()
    # Imported here: cattrs loads only when a policy file is given.
    from retention.config import Policies, from_dict  # noqa: PLC0415

    try:
        data = tomllib.loads(_read_text(path))
    except ValueError as exc:  # TOMLDecodeError, or an int of more than 4,300 digits
        msg = f"{path}: expected a TOML file of policies, got invalid TOML ({exc})"
        raise _InputError(msg) from None
    try:
        loaded = from_dict(Policies, data)
    except RetentionError as exc:
        # One problem a line, each with the file: "policy.toml: $.cadence.greet_from: ..."
        raise _InputError(*(f"{path}: {line}" for line in str(exc).split("\n"))) from None
    return _Policies(
        country=loaded.country,
        abc=loaded.abc,
        attitude=loaded.attitude,
        cadence=loaded.cadence,
        complaints=loaded.complaints,
        satisfaction=loaded.satisfaction,
        churn=loaded.churn,
    )


def _iso_date(text: str) -> dt.date:
    """An argparse type: an ISO date from ``_FIRST_DAY`` to ``_LAST_DAY``."""
    try:
        day = iso_date(text)
    except ValueError as exc:
        msg = f"expected {ISO_DATE}, got {text!r}{why(exc)}"
        raise argparse.ArgumentTypeError(msg) from None
    if not _FIRST_DAY <= day <= _LAST_DAY:
        msg = f"expected a day from {_FIRST_DAY} to {_LAST_DAY}, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return day


def _whole(text: str, low: int, high: int, unit: str) -> int:
    """``text`` as a whole number from ``low`` to ``high``, or an argparse error."""
    found = re.fullmatch(r"[0-9]{1,18}", text)
    if found is None or not low <= int(text) <= high:
        msg = f"expected {low} to {high} {unit}, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return int(text)


def _days(text: str) -> int:
    """An argparse type: a number of days from 1 to ``_MAX_DAYS``."""
    return _whole(text, 1, _MAX_DAYS, "days")


def _customers(text: str) -> int:
    """An argparse type: the demo's number of customers."""
    return _whole(text, *_DEMO_CUSTOMERS, "customers")


def _scale(text: str) -> Scale:
    """An argparse type: a rating scale ``LOW..HIGH``, both ends from -100 to 100."""
    from retention.satisfaction import Scale  # noqa: PLC0415 - loaded when used

    found = re.fullmatch(r"(-?[0-9]{1,3})\.\.(-?[0-9]{1,3})", text)
    if found is None or not -_SCALE_ENDS <= int(found[1]) < int(found[2]) <= _SCALE_ENDS:
        msg = (
            f"expected a scale LOW..HIGH like 1..5, whole numbers from -{_SCALE_ENDS} to "
            f"{_SCALE_ENDS} with LOW below HIGH, got {text!r}"
        )
        raise argparse.ArgumentTypeError(msg)
    return Scale(int(found[1]), high=int(found[2]))


def _file(text: str) -> str:
    """An argparse type: a file name (not empty, no NUL character)."""
    if not text or "\x00" in text:
        msg = f"expected a file name, got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return text


def _hours_span(text: str) -> tuple[dt.time, dt.time]:
    """An argparse type: opening hours ``HH:MM-HH:MM``."""
    found = re.fullmatch(r"([0-9]{2}:[0-9]{2})-([0-9]{2}:[0-9]{2})", text)
    try:
        if found is None:
            raise ValueError  # noqa: TRY301 - one message for both shapes of bad input
        opens, closes = dt.time.fromisoformat(found[1]), dt.time.fromisoformat(found[2])
    except ValueError:
        msg = f"expected opening hours like 09:00-21:00, got {text!r}"
        raise argparse.ArgumentTypeError(msg) from None
    if closes <= opens:
        msg = f"expected opening hours like 09:00-21:00 (closing after opening), got {text!r}"
        raise argparse.ArgumentTypeError(msg)
    return opens, closes


def _plain(value: object) -> object:
    """A value as JSON holds it: Decimal and dates as strings, enums as their value."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _money_cell(value: Decimal) -> str:
    return f"{value:f}"


def _no_cell(_value: None) -> str:
    return ""


#: The cells of the commonest types, made directly (a CSV of 20,000 customers has 200,000).
_CELLS: dict[type, Callable[[Any], str]] = {
    str: str,
    int: str,
    float: str,
    Decimal: _money_cell,
    dt.date: dt.date.isoformat,
    type(None): _no_cell,
}


def _cell(value: object) -> str:
    """A value as a CSV cell: ``true``/``false``, empty for ``None``."""
    fast = _CELLS.get(type(value))
    if fast is not None:
        return fast(value)
    plain = _plain(value)
    if plain is None:
        return ""
    if isinstance(plain, bool):
        return "true" if plain else "false"
    if isinstance(plain, list):
        return "|".join(_cell(v) for v in plain)
    return str(plain)


def _render(output: _Output, kind: str) -> str:
    if kind == "table":
        return "\n".join(output.table) + "\n"
    if kind == "json":
        rows = [{k: _plain(v) for k, v in record.items()} for record in output.records]
        return json.dumps(rows, ensure_ascii=False, indent=2) + "\n"
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(output.columns)
    writer.writerows([_cell(r.get(c)) for c in output.columns] for r in output.records)
    return buffer.getvalue()


def _write(text: str, path: str | None) -> None:
    """Print ``text``, or write it to ``path`` all at once (a temporary file, renamed)."""
    if path is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    target = Path(path)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        # mkstemp makes the file private (0600); give it the mode a new file would get.
        umask = os.umask(0)
        os.umask(umask)
        Path(temporary).chmod(0o666 & ~umask)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


@attrs.frozen
class _Store:
    """What the data commands share: the options, the progress lines, the policies.

    ``country`` is the store's country for its calendar (``plan``, ``cases`` and
    ``churn``), from ``--country`` or the policy file and checked; ``None`` for the
    commands without a calendar.
    """

    args: argparse.Namespace
    say: _Progress
    policies: _Policies
    country: str | None = None


def _zone_name(store: _Store) -> str:
    """The store's time zone: ``--timezone``, checked, or ``Asia/Shanghai`` for CN."""
    args = store.args
    if args.timezone is not None:
        name = str(args.timezone)
        try:
            zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America"
            msg = (
                "--timezone: expected an IANA time zone like Asia/Shanghai or "
                f"America/New_York, got {name!r}"
            )
            raise _InputError(msg) from None
        return name
    country = store.country
    assert country is not None  # noqa: S101  # the commands with a calendar resolve it first
    if country == "CN":
        return "Asia/Shanghai"
    named = (
        f"--country {country}"
        if args.country is not None
        else f'country = "{country}" in {args.policy}'
    )
    msg = (
        f"--timezone: expected the store's IANA time zone (e.g. America/New_York) for "
        f"{named}; only CN has a default (Asia/Shanghai)"
    )
    raise _InputError(msg)


def _check_country(args: argparse.Namespace, policies: _Policies) -> str:
    """The store's country: ``--country``, else the policy file's; refused unless known.

    Checked before any export is read. ``--country`` wins over the policy file's
    ``country``; with neither, the command does not guess one.

    Returns:
        The country code in upper case, one the holidays package knows.

    Raises:
        _InputError: No country from either, or one the holidays package does not know,
            named as ``--country`` or as the policy file's ``$.country``.
    """
    import holidays  # noqa: PLC0415  # a calendar loads it anyway; not on `import retention.cli`

    expected = "expected a country code the holidays package knows, like CN, US or DE"
    country: str | None = args.country
    if country is not None:
        where, shown = "--country", repr(country)
    elif policies.country is not None:
        country, where = policies.country, f"{args.policy}: $.country"
        shown = json.dumps(country)
    else:
        file = args.policy if args.policy is not None else "(--policy FILE.toml)"
        msg = (
            "--country: expected a country code for the store's calendar (like CN, US or DE), "
            f'got none: give --country CC or put country = "CC" in the policy file {file}'
        )
        raise _InputError(msg)
    if country.upper() not in holidays.list_supported_countries():
        msg = f"{where}: {expected}, got {shown}"
        raise _InputError(msg)
    return country.upper()


def _calendar(store: _Store, years: range) -> StoreCalendar:
    """The store's calendar of its country (checked up front) for ``years``."""
    from retention.calendar import StoreCalendar  # noqa: PLC0415 - loaded when used

    assert store.country is not None  # noqa: S101  # the commands with a calendar resolve it first
    with _refused(store):
        return StoreCalendar.build(store.country, years=years)


@contextlib.contextmanager
def _refused(store: _Store, *paths: str | None) -> Iterator[None]:
    """Turn the library's refusal of the data into a message naming the files it came from.

    An :class:`~retention.exports.ExportError` names its file and line already; any
    other :class:`~retention.exceptions.RetentionError` gets the files (and the policy
    file) in front: ``purchases.csv, staff.csv (--policy p.toml): ...``.
    """
    try:
        yield
    except RetentionError as exc:
        from retention.exports import ExportError  # noqa: PLC0415 - only when refused

        if isinstance(exc, ExportError):
            raise
        names = ", ".join(path for path in paths if path is not None) or "the options"
        policy = f" (--policy {store.args.policy})" if store.args.policy is not None else ""
        msg = f"{names}{policy}: {exc}"
        raise _InputError(msg) from None


# -- the columnar reader (the frames extra) --------------------------------------------
#
# With pyarrow or pandas installed, the purchases file is read by columns and checked in
# bulk. The bulk checks accept a subset of what the careful reader (read_purchases)
# accepts, and on that subset give the same values; anything else (a quote, a control
# character, a bad cell, a row of the wrong width, an empty file) sends the file to the
# careful reader, which names the first bad line and column as it always has.

_REQUIRED = ("customer_id", "date", "amount")
_LABELS = ("brand", "product", "category")
_KNOWN = frozenset((*_REQUIRED, *_LABELS, "quantity"))
#: Plain printable ASCII and the line ends: an ASCII file of only these reads the same both
#: ways (no quotes, no control characters; the only blank is the space).
_PLAIN = bytes(range(0x20, 0x7F)).replace(b'"', b"") + b"\n\r"
#: In a file that is not ASCII: what sends it to the careful reader (quotes, control and
#: format characters, and every blank str.strip() removes but the space).
_UNPLAIN = re.compile(
    '["\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\xa0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f'
    "\u3000\ufeff\ufff9-\ufffb]"
)
_DATE_FORM = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
_AMOUNT_FORM = r"^(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)$"
_QUANTITY_FORM = r"^(?:\+?0*[1-9][0-9]{0,17})?$"  # empty, or a whole number >= 1 (18 digits)
_EDGE_BLANK = r"^ | $"
#: Amounts read as floats are exact in 1/10,000ths below this.
_MAX_AMOUNT = 1e11
_MAX_PLACES = 4
_UNIT = 10.0**_MAX_PLACES


def _places(amount: str) -> int:
    """The decimal places ``amount`` is written with (``"12.50"``: 2)."""
    point = amount.find(".")
    return 0 if point < 0 else len(amount) - point - 1


#: date32 (days since 1970-01-01) to proleptic ordinals (days since 0001-01-01, day 1).
_EPOCH = dt.date(1970, 1, 1).toordinal()


@attrs.frozen
class _Columns:
    """The purchases file read by columns, checked in bulk, one list per column.

    Attributes:
        frame: The native frame read: a ``pyarrow.Table`` (or, without pyarrow, a
            ``pandas.DataFrame``) of the file's columns as strings.
        places: The most decimal places an amount was written with (totals show them).
        ids: The customer IDs as written (leading zeros kept).
        days: The purchase days as proleptic ordinals (``date.toordinal()``).
        units: The amounts in 1/10,000ths, exact.
        amounts: The amounts as written.
        labels: ``brand``, ``product`` and ``category`` if the file has them, ``None``
            for an empty cell.
    """

    frame: Any
    places: int
    ids: list[str]
    days: list[int]
    units: list[int]
    amounts: list[str]
    labels: dict[str, list[str | None]]

    def only(self, keep: Sequence[int]) -> _Columns:
        """The rows at the indices ``keep`` (the frame is kept whole)."""
        amounts = [self.amounts[i] for i in keep]
        return _Columns(
            self.frame,
            # The totals show the places of the amounts kept, as spend_totals() does.
            max(map(_places, amounts)),
            [self.ids[i] for i in keep],
            [self.days[i] for i in keep],
            [self.units[i] for i in keep],
            amounts,
            {name: [cells[i] for i in keep] for name, cells in self.labels.items()},
        )

    def purchases(self, customers: Collection[str] | None = None) -> list[Purchase]:
        """The rows as :class:`Purchase` values (only ``customers``' when given)."""
        labels = {name: self.labels.get(name) for name in _LABELS}
        brand, product, category = (labels[name] for name in _LABELS)
        # The columns were checked as Purchase checks its fields (the careful reader
        # takes any file that fails a bulk check): the values are made without checks.
        made = Purchase._of  # noqa: SLF001 - the library's own trusted constructor
        return [
            made(
                cid,
                dt.date.fromordinal(self.days[i]),
                Decimal(self.amounts[i]),
                brand[i] if brand is not None else None,
                product[i] if product is not None else None,
                category[i] if category is not None else None,
                units=(self.units[i], _places(self.amounts[i])),
            )
            for i, cid in enumerate(self.ids)
            if customers is None or cid in customers
        ]


def _frames_engine() -> str | None:
    """``"pyarrow"`` or ``"pandas"`` if the frames extra is installed, else ``None``.

    Looked up, not imported: the engine is imported when a file is read.
    """
    for name in ("pyarrow", "pandas"):
        with contextlib.suppress(ImportError, ValueError):
            if importlib.util.find_spec(name) is not None:
                return name
    return None


def _plain_header(data: bytes) -> tuple[list[str], int] | None:
    """The column names of a file the bulk checks can take and where its rows start.

    ``None`` unless the file is plain (see ``_PLAIN``), starts with its header row, and
    names the purchases' columns once each, the required ones included.
    """
    start = 3 if data.startswith(codecs.BOM_UTF8) else 0
    if data.isascii():
        if data.translate(None, _PLAIN):
            return None
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            return None
        if _UNPLAIN.search(text, 1 if start else 0):
            return None
    if data.count(b"\r") != data.count(b"\r\n"):
        return None  # a lone carriage return: leave line ends to the careful reader
    end = data.find(b"\n", start)
    end = len(data) if end < 0 else end
    first = data[start:end].decode("utf-8").removesuffix("\r")
    names = [re.sub(r"[\s\-]+", "_", cell.strip().lower()) for cell in first.split(",")]
    if len(set(names)) != len(names) or not _KNOWN.issuperset(names):
        return None
    return (names, end + 1) if set(_REQUIRED).issubset(names) else None


def _read_columns(data: bytes, engine: str) -> _Columns | None:
    """The purchases in ``data`` read by columns, or ``None`` for the careful reader."""
    header = _plain_header(data)
    if header is None:
        return None
    names, start = header
    try:
        read = _arrow_columns if engine == "pyarrow" else _pandas_columns
        return read(memoryview(data)[start:], names)
    except Exception:  # noqa: BLE001 - any failure (a row of the wrong width, a day that
        # does not exist, an engine's own error) sends the file to the careful reader
        return None


def _arrow_columns(body: memoryview, names: list[str]) -> _Columns | None:
    # The frames extra, imported when a file is read (untyped: hence import_module).
    pa = importlib.import_module("pyarrow")
    pc = importlib.import_module("pyarrow.compute")
    pa_csv = importlib.import_module("pyarrow.csv")

    table = pa_csv.read_csv(
        pa.BufferReader(pa.py_buffer(body)),
        read_options=pa_csv.ReadOptions(column_names=names, use_threads=False),
        parse_options=pa_csv.ParseOptions(quote_char=False),
        convert_options=pa_csv.ConvertOptions(
            column_types=dict.fromkeys(names, pa.string()), strings_can_be_null=False
        ),
    )
    if table.num_rows == 0:
        return None

    def every(column: str, pattern: str) -> bool:
        return bool(pc.all(pc.match_substring_regex(table[column], pattern)).as_py())

    def edged(column: str) -> bool:
        cells = table[column]
        return bool(pc.any(pc.or_(pc.starts_with(cells, " "), pc.ends_with(cells, " "))).as_py())

    if (
        pc.min(pc.binary_length(table["customer_id"])).as_py() == 0
        or not every("date", _DATE_FORM)
        or not every("amount", _AMOUNT_FORM)
        or ("quantity" in names and not every("quantity", _QUANTITY_FORM))
        or any(edged(name) for name in names)
    ):
        return None
    days = pc.cast(table["date"], pa.date32())
    first, last = (pc.min(days).as_py(), pc.max(days).as_py())
    if first < _FIRST_DAY or last > _LAST_DAY:
        return None
    # No Python number meets pyarrow here: converting one makes pyarrow import pandas.
    amounts = table["amount"]
    places = max(map(_places, pc.unique(amounts).to_pylist()))
    money = pc.cast(amounts, pa.float64())
    if places > _MAX_PLACES or pc.max(money).as_py() >= _MAX_AMOUNT:
        return None
    units = [round(value * _UNIT) for value in money.to_pylist()]
    return _Columns(
        table,
        places,
        table["customer_id"].to_pylist(),
        [day + _EPOCH for day in pc.cast(days, pa.int32()).to_pylist()],
        units,
        amounts.to_pylist(),
        {name: [c or None for c in table[name].to_pylist()] for name in _LABELS if name in names},
    )


def _pandas_columns(body: memoryview, names: list[str]) -> _Columns | None:
    pd = importlib.import_module("pandas")  # the frames extra, when a file is read

    frame = pd.read_csv(
        io.BytesIO(body),
        header=None,
        names=names,
        dtype=str,
        na_filter=False,
        quoting=csv.QUOTE_NONE,
        engine="c",
    )
    if frame.empty or frame.isna().to_numpy().any():  # a short row is filled with NaN
        return None

    def every(column: str, pattern: str) -> bool:
        return bool(frame[column].str.contains(pattern, regex=True).all())

    def some(column: str, pattern: str) -> bool:
        return bool(frame[column].str.contains(pattern, regex=True).any())

    if (
        not every("customer_id", "^.")
        or not every("date", _DATE_FORM)
        or not every("amount", _AMOUNT_FORM)
        or ("quantity" in names and not every("quantity", _QUANTITY_FORM))
        or any(some(name, _EDGE_BLANK) for name in names)
    ):
        return None
    stamps = pd.to_datetime(frame["date"], format="%Y-%m-%d").to_numpy().astype("datetime64[D]")
    days = [day + _EPOCH for day in stamps.astype("int64").tolist()]
    if min(days) < _FIRST_DAY.toordinal() or max(days) > _LAST_DAY.toordinal():
        return None
    amounts = frame["amount"]
    places = max(map(_places, amounts.unique().tolist()))
    money = amounts.astype("float64")
    if places > _MAX_PLACES or money.max() >= _MAX_AMOUNT:
        return None
    units = [round(value * _UNIT) for value in money.tolist()]
    return _Columns(
        frame,
        places,
        frame["customer_id"].tolist(),
        days,
        units,
        amounts.tolist(),
        {name: [c or None for c in frame[name].tolist()] for name in _LABELS if name in names},
    )


def _load_purchases(path: str, *, columns: bool = True) -> _Columns | tuple[Purchase, ...]:
    """The purchases file, by columns or by the careful reader.

    By columns when ``columns`` is true, the frames extra is installed and the bulk
    checks pass; else by the careful reader, which raises an :class:`ExportError` at the
    first bad line.
    """
    data = _read_bytes(path)
    engine = _frames_engine() if columns else None
    if engine is not None:
        found = _read_columns(data, engine)
        if found is not None:
            return found
    from retention.exports import read_purchases  # noqa: PLC0415 - the careful reader, lazily

    return read_purchases(_decode(data, path), source=path, dates=_DATES)


def _purchase_rows(store: _Store) -> tuple[_Columns | list[Purchase], dt.date]:
    """The purchases up to ``--as-of`` (by columns if it can) and the as-of day.

    The as-of day defaults to the day after the last purchase.
    """
    path = store.args.purchases
    loaded = _load_purchases(path)
    ordinals = loaded.days if isinstance(loaded, _Columns) else [p.date.toordinal() for p in loaded]
    store.say(f"read {len(ordinals):,} purchases from {path}")
    if not ordinals:
        msg = f"{path}: expected at least one purchase (a row under the header), got none"
        raise _InputError(msg)
    # At most the day after _LAST_DAY: the arithmetic from it stays far inside the years.
    as_of = store.args.as_of or dt.date.fromordinal(max(ordinals)) + dt.timedelta(days=1)
    limit = as_of.toordinal()
    keep = [i for i, day in enumerate(ordinals) if day <= limit]
    if not keep:
        first = dt.date.fromordinal(min(ordinals))
        msg = (
            f"{path}: expected at least one purchase on or before --as-of {as_of}, got none "
            f"(the first is on {first}): give a later --as-of"
        )
        raise _InputError(msg)
    if len(keep) < len(ordinals):
        store.say(f"left out {len(ordinals) - len(keep):,} purchases after {as_of}")
        if isinstance(loaded, _Columns):
            return loaded.only(keep), as_of
        return [loaded[i] for i in keep], as_of
    return (loaded if isinstance(loaded, _Columns) else list(loaded)), as_of


def _purchases(store: _Store) -> tuple[list[Purchase], dt.date]:
    """The purchases up to ``--as-of`` and the as-of day (default: after the last one)."""
    rows, as_of = _purchase_rows(store)
    return (rows.purchases() if isinstance(rows, _Columns) else rows), as_of


def _no_spend(store: _Store, count: int, last: dt.date) -> _InputError:
    msg = (
        f"{store.args.purchases}: expected a purchase with an amount above 0, got only "
        f"amounts of 0 ({count:,} purchases up to {last}): the ABC classes rank customers "
        "by what they spent"
    )
    return _InputError(msg)


def _classify(store: _Store, totals: SpendTotals) -> AbcResult:
    with _refused(store, store.args.purchases):
        abc = classify_abc(totals, store.policies.abc)
    shares = ", ".join(f"{row.abc_class.value} {row.customers:,}" for row in abc.summary)
    store.say(f"segmented {len(abc):,} customers ({shares})")
    return abc


def _column_abc(store: _Store, rows: _Columns) -> AbcResult:
    """:func:`_abc` of purchases read by columns: the same totals, summed as integers."""
    if not any(rows.units):
        raise _no_spend(store, len(rows.ids), dt.date.fromordinal(max(rows.days)))
    units: dict[str, int] = {}
    get = units.get
    for cid, amount in zip(rows.ids, rows.units, strict=True):
        units[cid] = get(cid, 0) + amount
    return _classify(store, SpendTotals(units=units, places=rows.places))


def _abc(store: _Store, purchases: Sequence[Purchase]) -> AbcResult:
    if not any(p.amount for p in purchases):
        raise _no_spend(store, len(purchases), max(p.date for p in purchases))
    return _classify(store, spend_totals(purchases))


def _attitudes(store: _Store, purchases: Sequence[Purchase]) -> Mapping[str, AttitudeResult] | None:
    """The attitudes if the purchases name brands (else ``None``)."""
    if not any(p.brand is not None for p in purchases):
        return None
    with _refused(store, store.args.purchases):
        return classify_attitudes(build_histories(purchases), store.policies.attitude)


def _complaint_log(store: _Store, path: str, zone: str) -> ComplaintLog:
    from retention.exports import read_complaints  # noqa: PLC0415 - loaded when used

    log = read_complaints(_read_text(path), timezone=zone, source=path, dates=_DATES)
    events = sum(len(e) for e in log.events.values())
    store.say(f"read {len(log.complaints):,} complaints and {events:,} events from {path}")
    return log


def _open_log(
    store: _Store, log: ComplaintLog, zone: str, as_of: dt.date
) -> tuple[list[Case], dt.datetime]:
    """The cases as they stood at the start of ``as_of`` in the store's time zone."""
    from retention.calendar import MAX_YEARS  # noqa: PLC0415 - loaded when used
    from retention.exports import ExportError  # noqa: PLC0415 - loaded when used
    from retention.hours import StoreHours  # noqa: PLC0415 - loaded when used

    tz = zoneinfo.ZoneInfo(zone)
    at = dt.datetime.combine(as_of, dt.time(0), tzinfo=tz)
    now = log.until(at)
    # The SLA clocks count working time on a calendar from the first complaint's year to
    # the year after as_of, which may hold at most MAX_YEARS years.
    earliest = as_of.year + 2 - MAX_YEARS
    received = sorted(
        (c.received_at.astimezone(tz), log.lines[cid]) for cid, c in now.complaints.items()
    )
    if received and received[0][0].year < earliest:
        when, line = received[0]
        msg = (
            f"at: expected a complaint received in {earliest} or later, got one received "
            f"on {when:%Y-%m-%d %H:%M}: the SLA clocks read a calendar of at most "
            f"{MAX_YEARS} years, up to the year after --as-of {as_of}; cut the older "
            "complaints from the log or give an earlier --as-of"
        )
        raise ExportError(msg, source=log.source, line=line)
    first = received[0][0].year if received else as_of.year
    calendar = _calendar(store, range(first, as_of.year + 2))
    opens, closes = store.args.hours
    hours = StoreHours(calendar, timezone=zone, opens=opens, closes=closes)
    with _refused(store, log.source):
        cases = list(now.cases(hours=hours, policy=store.policies.complaints))
    store.say(f"opened {len(cases):,} complaint cases as of {at:%Y-%m-%d %H:%M %Z}")
    return cases, at


def _read_survey(store: _Store, path: str, abc: AbcResult | None) -> Survey:
    """The survey; with ``abc``, an empty segment cell takes the respondent's class.

    With ``abc`` the answers are weighted by class, so a segment cell must name a class
    that has customers (SAT-SURVEY).
    """
    from retention.exports import read_survey  # noqa: PLC0415 - loaded when used

    segments = {cid: cls.value for cid, cls in abc.items()} if abc is not None else None
    survey = read_survey(
        _read_text(path),
        source=path,
        scale=store.args.scale,
        segments=segments,
        strata=None if segments is None else set(segments.values()),
    )
    store.say(f"read {len(survey.responses):,} survey responses from {path}")
    return survey


def _check_answers(store: _Store, survey: Survey, abc: AbcResult | None) -> None:
    """Refuse a survey without answers, or, weighted by class, without one from a class."""
    path = store.args.survey
    if not survey.responses:
        msg = f"{path}: expected at least one response (a row under the header), got none"
        raise _InputError(msg)
    classes = Counter(cls.value for cls in abc.values()) if abc is not None else Counter()
    answered = {response.segment for response in survey.responses}
    for segment in sorted(set(classes) - answered):
        msg = (
            f"{path}: expected at least one answer from each ABC class with customers in "
            f"{store.args.purchases}, got none from class {segment} ({classes[segment]:,} "
            f"of {sum(classes.values()):,} customers): weighting by class needs one (leave "
            "out --purchases for an unweighted report)"
        )
        raise _InputError(msg)


def _visits(purchases: Iterable[Purchase]) -> dict[str, tuple[int, dt.date, dt.date]]:
    """Each customer's purchases, first and last purchase day, in one pass."""
    seen: dict[str, tuple[int, dt.date, dt.date]] = {}
    for purchase in purchases:
        day = purchase.date
        known = seen.get(purchase.customer_id)
        if known is None:
            seen[purchase.customer_id] = (1, day, day)
        else:
            count, first, last = known
            seen[purchase.customer_id] = (count + 1, min(first, day), max(last, day))
    return seen


def _segment_records(
    abc: AbcResult,
    visits: Mapping[str, tuple[int, dt.date, dt.date]],
    attitudes: Mapping[str, AttitudeResult] | None,
) -> list[dict[str, object]]:
    """ABC's records, with each customer's purchases, first and last day, and attitude."""
    records = abc.to_records()
    for record in records:
        cid = str(record["customer_id"])
        result = attitudes.get(cid) if attitudes is not None else None
        record["purchases"], record["first_purchase"], record["last_purchase"] = visits[cid]
        record["attitude"] = result.attitude if result is not None else None
        record["pattern"] = result.pattern if result is not None else None
    return records


_SEGMENT_COLUMNS = (
    *_tables.ABC.keys,
    "purchases",
    "first_purchase",
    "last_purchase",
    "attitude",
    "pattern",
)


def _column_visits(rows: _Columns) -> dict[str, tuple[int, dt.date, dt.date]]:
    """:func:`_visits` of purchases read by columns."""
    seen: dict[str, list[int]] = {}
    for cid, day in zip(rows.ids, rows.days, strict=True):
        known = seen.get(cid)
        if known is None:
            seen[cid] = [1, day, day]
            continue
        known[0] += 1
        if day < known[1]:
            known[1] = day
        elif day > known[2]:
            known[2] = day
    to_date = dt.date.fromordinal
    return {cid: (n, to_date(first), to_date(last)) for cid, (n, first, last) in seen.items()}


def _run_segments(store: _Store) -> _Output:
    rows, as_of = _purchase_rows(store)
    if isinstance(rows, _Columns) and not any(rows.labels.get("brand") or ()):
        # By columns: no Purchase values (without brands there are no attitudes).
        abc = _column_abc(store, rows)
        table = [f"Segments as of {as_of}: {len(rows.ids):,} purchases", "", *_abc_table(abc)]
        table += ["", "Attitude groups (SEG-ATTITUDE): no brand column, not classified"]
        return _Output(table, _SEGMENT_COLUMNS, _segment_records(abc, _column_visits(rows), None))
    purchases = rows.purchases() if isinstance(rows, _Columns) else rows
    abc = _abc(store, purchases)
    attitudes = _attitudes(store, purchases)
    table = [f"Segments as of {as_of}: {len(purchases):,} purchases", "", *_abc_table(abc), ""]
    if attitudes is None:
        table.append("Attitude groups (SEG-ATTITUDE): no brand column, not classified")
    else:
        store.say(f"classified the attitude of {len(attitudes):,} customers")
        table += _attitude_table(attitudes)
    return _Output(table, _SEGMENT_COLUMNS, _segment_records(abc, _visits(purchases), attitudes))


def _profiles(
    store: _Store,
    abc: AbcResult,
    attitudes: Mapping[str, AttitudeResult] | None,
    tasks: Sequence[ServiceTask],
    staff: Sequence[StaffMember],
) -> list[CustomerProfile]:
    from retention.cadence import CustomerProfile, build_profiles  # noqa: PLC0415 - loaded when used
    from retention.exports import CustomerList, read_customers  # noqa: PLC0415 - loaded when used

    customers = CustomerList()
    path = store.args.customers
    if path is not None:
        customers = read_customers(_read_text(path), source=path, dates=_DATES)
        store.say(f"read {len(customers.customer_ids):,} customers from {path}")
    known = customers.only(abc)
    with _refused(store, store.args.purchases, path):
        profiles = list(
            build_profiles(
                abc,
                attitudes=attitudes,
                club_members=known.club_members,
                owners=known.owners,
                opt_outs=known.opt_outs,
            )
        )
    # A complainant with no purchase still gets the follow-up call.
    profiles.extend(
        CustomerProfile(
            cid,
            club_member=cid in customers.club_members,
            staff_id=customers.owners.get(cid),
            opt_outs=customers.opt_outs.get(cid, ()),
        )
        for cid in sorted({t.customer_id for t in tasks} - set(abc))
    )
    _check_owners(store, customers, profiles, staff)
    return profiles


def _check_owners(
    store: _Store,
    customers: CustomerList,
    profiles: Sequence[CustomerProfile],
    staff: Sequence[StaffMember],
) -> None:
    """Refuse a customer looked after by someone the staff list lacks, at their line."""
    members = {member.staff_id for member in staff}
    for profile in sorted(profiles, key=lambda p: customers.lines.get(p.customer_id, 0)):
        owner = profile.staff_id
        if owner is None or owner in members:
            continue
        where = f"{store.args.customers} line {customers.lines[profile.customer_id]}"
        if store.args.staff is None:
            msg = (
                f"{where}: staff_id: expected a member of the staff list, got {owner!r} with "
                "no staff list: give --staff FILE, or leave the staff_id cells empty"
            )
        else:
            msg = f"{where}: staff_id: expected a staff member of {store.args.staff}, got {owner!r}"
        raise _InputError(msg)


def _early_warning(
    store: _Store,
    purchases: Sequence[Purchase],
    as_of: dt.date,
    *,
    cases: Sequence[Case],
    survey: Survey | None,
    abc: AbcResult,
    params: BgNbdParams | None = None,
) -> ChurnReport:
    from retention.churn import early_warning  # noqa: PLC0415 - loaded when used
    from retention.satisfaction import SatisfactionPolicy  # noqa: PLC0415 - loaded when used

    args = store.args
    with _refused(store, args.purchases, args.complaints, args.survey):
        return early_warning(
            purchases,
            as_of=as_of,
            cases=cases,
            survey=survey,
            classes=abc,
            params=params,
            unit_days=_UNIT_DAYS,
            policy=store.policies.churn,
            # One policy object for all customers (None would build the defaults for each).
            satisfaction_policy=store.policies.satisfaction or SatisfactionPolicy(),
        )


def _run_plan(store: _Store) -> _Output:
    from retention.exports import read_events, read_staff  # noqa: PLC0415 - loaded when used

    args = store.args
    purchases, as_of = _purchases(store)
    abc = _abc(store, purchases)
    attitudes = _attitudes(store, purchases)
    cases: list[Case] = []
    if args.complaints is not None:
        zone = _zone_name(store)
        log = _complaint_log(store, args.complaints, zone)
        cases, _ = _open_log(store, log, zone, as_of)
    tasks = [task for case in cases if (task := case.follow_up_task()) is not None]
    survey = None if args.survey is None else _read_survey(store, args.survey, None)
    churn = _early_warning(store, purchases, as_of, cases=cases, survey=survey, abc=abc)
    store.say(f"found {len(churn.at_risk):,} customers overdue (at risk)")
    staff: tuple[StaffMember, ...] = ()
    if args.staff is not None:
        staff = read_staff(_read_text(args.staff), source=args.staff, dates=_DATES)
        store.say(f"read {len(staff):,} staff members from {args.staff}")
    events: tuple[StoreEvent, ...] = ()
    if args.events is not None:
        events = read_events(_read_text(args.events), source=args.events, dates=_DATES)
        store.say(f"read {len(events):,} store events from {args.events}")
    end = as_of + dt.timedelta(days=args.days - 1)
    calendar = _calendar(store, range(as_of.year, end.year + 1))
    profiles = _profiles(store, abc, attitudes, tasks, staff)
    inputs = (args.purchases, args.customers, args.staff, args.events, args.complaints)
    with _refused(store, *inputs):
        # Looked up on the module (see __getattr__): a test may put its own planner there.
        plan = sys.modules[__name__].plan_contacts(
            profiles,
            purchases=purchases,
            start=as_of,
            end=end,
            calendar=calendar,
            staff=staff,
            events=events,
            service_tasks=tasks,
            policy=store.policies.cadence,
            churn_policy=store.policies.churn,
        )
    store.say(f"planned {len(plan.planned):,} of {len(plan):,} candidate contacts")
    table = [*_plan_summary(plan), *plan.summary().lines()[1:], "", *_day_table(plan, calendar)]
    if staff:
        table += ["", *_staff_table(plan)]
    return _Output(table, _tables.PLAN.keys, plan.to_records())


_CASE_COLUMNS = (
    "complaint_id",
    "customer_id",
    "priority",
    "channel",
    "received_at",
    "stage",
    "first_response",
    "resolution",
    "resolution_deadline",
    "cause",
    "compensation",
    "open_promises",
    "follow_up_due",
    "next",
)


def _case_records(cases: Sequence[Case], at: dt.datetime) -> list[dict[str, object]]:
    from retention.complaints import PromiseStatus, sla_status  # noqa: PLC0415 - loaded when used

    records: list[dict[str, object]] = []
    for case in cases:
        status = sla_status(case, at)
        task = case.follow_up_task()
        records.append(
            {
                "complaint_id": case.complaint_id,
                "customer_id": case.complaint.customer_id,
                "priority": case.complaint.priority,
                "channel": case.complaint.channel,
                "received_at": case.complaint.received_at,
                "stage": case.stage,
                "first_response": status.first_response.state,
                "resolution": status.resolution.state,
                "resolution_deadline": status.resolution.deadline,
                "cause": case.cause,
                "compensation": case.compensation,
                "open_promises": sum(1 for p in case.promises if p.status is PromiseStatus.OPEN),
                "follow_up_due": task.due if task is not None else None,
                "next": [kind.value for kind in case.next_allowed()],
            }
        )
    return records


def _run_cases(store: _Store) -> _Output:
    from retention.complaints import lessons  # noqa: PLC0415 - loaded when used

    args = store.args
    zone = _zone_name(store)
    log = _complaint_log(store, args.complaints, zone)
    as_of = args.as_of
    if as_of is None:
        last = log.last_at
        if last is None:
            msg = f"{args.complaints}: expected at least one complaint (or --as-of), got none"
            raise _InputError(msg)
        as_of = last.astimezone(zoneinfo.ZoneInfo(zone)).date() + dt.timedelta(days=1)
    cases, at = _open_log(store, log, zone, as_of)
    closed = sum(1 for case in cases if case.closed)
    table = [
        f"Complaint cases at {at:%Y-%m-%d %H:%M} ({zone}): {len(cases)} cases, {closed} closed"
    ]
    table += ["", *_open_cases(cases, at)]
    if cases:
        table += ["", *_lessons_table(lessons(cases))]
    return _Output(table, _CASE_COLUMNS, _case_records(cases, at))


def _run_satisfaction(store: _Store) -> _Output:
    from retention.satisfaction import satisfaction_report  # noqa: PLC0415 - loaded when used

    abc = None
    if store.args.purchases is not None:
        purchases, _ = _purchases(store)
        abc = _abc(store, purchases)
    survey = _read_survey(store, store.args.survey, abc)
    _check_answers(store, survey, abc)
    with _refused(store, store.args.survey, store.args.purchases):
        report = satisfaction_report(
            survey,
            population=Counter(c.value for c in abc.values()) if abc is not None else None,
            competition=store.args.competition,
            policy=store.policies.satisfaction,
        )
    store.say(f"scored {report.respondents:,} respondents")
    return _Output(_satisfaction(report), _tables.SURVEY_ITEMS.keys, report.to_records())


_CHURN_COLUMNS = (*_tables.CHURN.keys, "winback_channel")


#: BG/NBD's time unit in days: weeks, as in the CDNOW papers.
_UNIT_DAYS = 7


def _purchase_days(ids: Sequence[str], ordinals: Sequence[int]) -> dict[str, list[dt.date]]:
    """Each customer's distinct purchase days, in order."""
    seen: dict[str, set[int]] = {}
    for cid, day in zip(ids, ordinals, strict=True):
        days = seen.get(cid)
        if days is None:
            seen[cid] = {day}
        else:
            days.add(day)
    to_date = dt.date.fromordinal
    return {cid: [to_date(day) for day in sorted(days)] for cid, days in seen.items()}


def _fit_bgnbd(
    store: _Store, days_of: Mapping[str, Sequence[dt.date]], as_of: dt.date
) -> tuple[BgNbdParams | None, str]:
    """BG/NBD parameters fitted on every customer's purchase days, in weeks, and a note.

    ``None`` when scipy is not installed or the fit fails (few customers, no maximum):
    the early warning then goes by the rhythm alone; the note says why.
    """
    if importlib.util.find_spec("scipy") is None:
        return None, "P(alive): not fitted (BG/NBD needs scipy: pip install scipy)"
    # Imported here: numpy and scipy load only when there is a fit to make.
    from retention.churn._fit import fit_arrays  # noqa: PLC0415

    repeats, last, now = [], [], []
    for days in days_of.values():
        first = days[0]
        repeats.append(len(days) - 1)
        last.append((days[-1] - first).days / _UNIT_DAYS)
        now.append((as_of - first).days / _UNIT_DAYS)
    try:
        params = fit_arrays(repeats, last, now)
    except RetentionError as exc:
        why = str(exc)
    except (ValueError, ArithmeticError) as exc:  # scipy's own, on data it cannot fit
        why = f"the fit failed: {exc}"
    else:
        why = ""
    if not why:
        fitted = (
            f"P(alive) (CHURN-NOSURPRISE): BG/NBD fitted on {len(days_of):,} customers, in "
            f"weeks: r {params.r:.4g}, alpha {params.alpha:.4g}, a {params.a:.4g}, "
            f"b {params.b:.4g}"
        )
        store.say(fitted)
        return params, fitted
    store.say(f"BG/NBD not fitted: {why}")
    return None, f"P(alive): not fitted ({why})"


def _flagged(
    days_of: Mapping[str, Sequence[dt.date]],
    as_of: dt.date,
    policy: ChurnPolicy,
    params: BgNbdParams | None,
) -> set[str]:
    """The customers the early warning may flag: overdue, or P(alive) under the line.

    A superset (P(alive) is given a hair of room): the early warning decides.
    """
    from retention.churn import p_alive  # noqa: PLC0415 - loaded when used
    from retention.churn._rhythm import is_overdue  # noqa: PLC0415 - loaded when used

    line = float(policy.p_alive_below) + 1e-9
    found = set()
    for cid, days in days_of.items():
        if is_overdue(days, (as_of - days[-1]).days, policy):
            found.add(cid)
        elif params is not None and len(days) > 1:
            first = days[0]
            t_x, big_t = (days[-1] - first).days / _UNIT_DAYS, (as_of - first).days / _UNIT_DAYS
            if p_alive(len(days) - 1, t_x, big_t, params) < line:
                found.add(cid)
    return found


def _run_churn(store: _Store) -> _Output:
    from retention.churn import ChurnPolicy  # noqa: PLC0415 - loaded when used

    args = store.args
    rows, as_of = _purchase_rows(store)
    if isinstance(rows, _Columns):
        abc = _column_abc(store, rows)
        days_of = _purchase_days(rows.ids, rows.days)
    else:
        abc = _abc(store, rows)
        days_of = _purchase_days([p.customer_id for p in rows], [p.date.toordinal() for p in rows])
    cases: list[Case] = []
    if args.complaints is not None:
        zone = _zone_name(store)
        log = _complaint_log(store, args.complaints, zone)
        cases, _ = _open_log(store, log, zone, as_of)
    survey = None if args.survey is None else _read_survey(store, args.survey, None)
    params, fitted = _fit_bgnbd(store, days_of, as_of)
    if isinstance(rows, _Columns):
        # Purchase values only for the customers the warning may flag: the others' checks
        # come to nothing, and the report lists only the flagged.
        flagged = _flagged(days_of, as_of, store.policies.churn or ChurnPolicy(), params)
        purchases = rows.purchases(flagged)
    else:
        purchases = rows
    report = _early_warning(
        store, purchases, as_of, cases=cases, survey=survey, abc=abc, params=params
    )
    customers = len(days_of)
    store.say(f"checked {customers:,} customers, {len(report.at_risk):,} overdue")
    channels = report.winback_channels()
    records = report.to_records()
    for record in records:
        record["winback_channel"] = channels[str(record["customer_id"])]
    alive = f"{'P(alive)':>9}" if params is not None else ""
    table = [
        (
            f"Early warning on {report.as_of} (CHURN-NOSURPRISE): {len(report.at_risk):,} of "
            f"{customers:,} customers overdue against their own rhythm"
        ),
        (
            f"  {'customer':<12}{'class':<7}{'last':<12}{'days since':>11}{'limit':>8}{alive}"
            "  likely reason"
        ),
    ]
    for risk in report.at_risk:
        check = risk.overdue
        top = risk.likely[0] if risk.likely else None
        reason = top.reason.value.replace("_", " ") if top is not None else "none on record"
        abc_class = risk.abc.value if risk.abc is not None else "-"
        shown = f"{risk.p_alive:>9.3f}" if risk.p_alive is not None else ""
        table.append(
            f"  {risk.customer_id:<12}{abc_class:<7}{check.last_purchase!s:<12}"
            f"{check.days_since:>11}{check.limit:>8.0f}{shown}  {reason}"
        )
    table.append(f"  {fitted}")
    return _Output(table, _CHURN_COLUMNS, records)


_RUNS: dict[str, Callable[[_Store], _Output]] = {
    "segments": _run_segments,
    "plan": _run_plan,
    "cases": _run_cases,
    "satisfaction": _run_satisfaction,
    "churn": _run_churn,
}


class _Parser(argparse.ArgumentParser):
    """argparse's parser, with control characters escaped in its usage errors."""

    def error(self, message: str) -> NoReturn:
        """Print the usage and ``message`` (an unknown argument shown escaped)."""
        super().error(escape_controls(message))


def _add_data_options(command: argparse.ArgumentParser, *, purchases: str | None) -> None:
    """The options every data command takes; ``purchases``: required, optional or none."""
    if purchases == "required":
        command.add_argument(
            "--purchases", type=_file, required=True, metavar="FILE", help="purchases CSV"
        )
    elif purchases == "optional":
        command.add_argument(
            "--purchases",
            type=_file,
            metavar="FILE",
            help="purchases CSV (weights answers by ABC class)",
        )
    command.add_argument(
        "--as-of",
        type=_iso_date,
        metavar="DATE",
        help="the day to report on; data after it are left out (default: the day after the "
        "last purchase, or after the last complaint row)",
    )
    command.add_argument(
        "--policy", type=_file, metavar="FILE.toml", help="policies (retention.config)"
    )
    command.add_argument("--format", choices=_FORMATS, default="table", help="default: table")
    command.add_argument(
        "--output", type=_file, metavar="FILE", help="write here instead of stdout"
    )
    command.add_argument(
        "--progress", action="store_true", help="progress on stderr (default: if a terminal)"
    )
    command.add_argument("--quiet", action="store_true", help="no progress on stderr")


def _add_store_options(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--country",
        metavar="CC",
        help="the store's country for its calendar (working days, holidays), like CN or US; "
        'required unless the policy file names it (country = "US"); given, it wins over the '
        "policy file's",
    )
    command.add_argument(
        "--timezone",
        metavar="ZONE",
        help="the store's IANA time zone for complaint times (default for CN: Asia/Shanghai)",
    )
    command.add_argument(
        "--hours",
        type=_hours_span,
        default=(dt.time(9), dt.time(21)),
        metavar="HH:MM-HH:MM",
        help="opening hours on working days, for the SLA clocks (default 09:00-21:00)",
    )


_EPILOG = (
    "CSV files: UTF-8 (a BOM is fine), a header row, ISO dates, amounts like 1234.50. "
    "purchases: customer_id, date, amount [brand, product, category, quantity]. "
    "customers: customer_id [club_member, staff_id, opt_out_message, opt_out_phone]. "
    "staff: staff_id, daily_capacity [days_off]. events: event_id, date, kind, name "
    "[segments]. complaints: complaint_id, at, kind, and the columns of each kind. "
    "survey: respondent_id, <item>.perception, <item>.expectation [segment, overall, "
    "repurchase, recommend, effort]. Exit status 0: done; 2: bad input (file, line and "
    "column on stderr, nothing written); 1: output not written. See the documentation's "
    "command-line page for every column."
)


#: Competition's values, written out: the parser does not import retention.satisfaction.
_COMPETITION = ("low", "moderate", "high")


def _add_data_commands(commands: argparse._SubParsersAction[_Parser]) -> None:

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=text, description=text + ".", epilog=_EPILOG)

    segments = command("segments", "ABC classes and attitudes from purchases")
    _add_data_options(segments, purchases="required")

    plan = command("plan", "the contact plan of the next days")
    _add_data_options(plan, purchases="required")
    _add_store_options(plan)
    plan.add_argument(
        "--days", type=_days, default=30, help=f"days of plan, 1 to {_MAX_DAYS} (default 30)"
    )
    plan.add_argument(
        "--customers", type=_file, metavar="FILE", help="customers CSV: club, owner, opt-outs"
    )
    plan.add_argument(
        "--staff", type=_file, metavar="FILE", help="staff CSV: daily capacity, days off"
    )
    plan.add_argument("--events", type=_file, metavar="FILE", help="store events CSV (CAD-INVITE)")
    plan.add_argument(
        "--complaints", type=_file, metavar="FILE", help="complaint log CSV (follow-ups)"
    )
    plan.add_argument(
        "--survey", type=_file, metavar="FILE", help="survey CSV (evidence for win-backs)"
    )
    plan.add_argument("--scale", type=_scale, metavar="LOW..HIGH", help="survey scale (1..5)")

    cases = command("cases", "complaint cases, SLA clocks and lessons")
    _add_data_options(cases, purchases=None)
    _add_store_options(cases)
    cases.add_argument(
        "--complaints", type=_file, required=True, metavar="FILE", help="complaint log CSV"
    )

    satisfaction = command("satisfaction", "the satisfaction survey's report")
    _add_data_options(satisfaction, purchases="optional")
    satisfaction.add_argument(
        "--survey", type=_file, required=True, metavar="FILE", help="survey CSV"
    )
    satisfaction.add_argument(
        "--scale", type=_scale, metavar="LOW..HIGH", help="the items' scale (default 1..5)"
    )
    satisfaction.add_argument(
        "--competition",
        choices=_COMPETITION,
        default="moderate",
        help="how hard the market competes (default moderate)",
    )

    churn = command("churn", "the early warning: customers drifting away")
    _add_data_options(churn, purchases="required")
    _add_store_options(churn)
    churn.add_argument(
        "--complaints", type=_file, metavar="FILE", help="complaint log CSV (evidence)"
    )
    churn.add_argument("--survey", type=_file, metavar="FILE", help="survey CSV (evidence)")
    churn.add_argument("--scale", type=_scale, metavar="LOW..HIGH", help="survey scale (1..5)")


_FILES = ("purchases", "customers", "staff", "events", "complaints", "survey")


def _run_data(args: argparse.Namespace, prog: str) -> int:
    """Run a data command; print or write its output only if all of it succeeded.

    Every refusal, of a file, an option or the data, is exit status 2 with a message
    naming the file (and line) or the option; control characters in it are escaped.
    """
    say = _Progress(on=(args.progress or sys.stderr.isatty()) and not args.quiet)
    try:
        policies = _load_policies(args.policy)
        # plan, cases and churn keep the store's calendar: its country, checked up front.
        country = _check_country(args, policies) if hasattr(args, "country") else None
        store = _Store(args, say, policies, country)
        # A refusal the command did not word itself still names the files it read.
        with _refused(store, *(getattr(args, name, None) for name in _FILES)):
            output = _RUNS[args.command](store)
            text = _render(output, args.format)
    except _InputError as exc:
        lines = exc.lines
    except RetentionError as exc:  # an ExportError: the file and line are in it
        lines = (str(exc),)
    else:
        lines = ()
    if lines:
        for line in lines:
            print(f"{prog}: error: {escape_controls(line)}", file=sys.stderr)
        return 2
    try:
        _write(text, args.output)
    except OSError as exc:
        where = "to stdout" if args.output is None else args.output
        msg = f"cannot write {where} ({exc.strerror or exc})"
        print(f"{prog}: error: {escape_controls(msg)}", file=sys.stderr)
        return 1
    if args.output is not None:
        say(
            f"wrote {len(output.records):,} records to {args.output}"
            if args.format != "table"
            else f"wrote the table to {args.output}"
        )
    return 0


def _parser() -> argparse.ArgumentParser:
    """The command line's parser: ``demo`` and the commands on CSV exports."""
    parser = _Parser(prog="python -m retention", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("demo", help="segment the built-in sample store and explain it")
    low, high = _DEMO_CUSTOMERS
    run.add_argument(
        "--customers",
        type=_customers,
        default=240,
        help=f"sample size, {low} to {high} (default 240)",
    )
    run.add_argument("--seed", type=int, default=2025, help="sample seed (default 2025)")
    run.add_argument(
        "--days", type=_days, default=60, help=f"days of plan, 1 to {_MAX_DAYS} (default 60)"
    )
    _add_data_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Exit status 0 on success, 2 on bad input (the message names the file, line and
    column, or the option; control characters in it escaped), 1 when the output cannot
    be written. A usage error (an option missing, malformed or out of its range) raises
    argparse's ``SystemExit(2)`` after printing the usage.
    """
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command != "demo":
        return _run_data(args, parser.prog)
    from retention.sample import sample_store  # noqa: PLC0415 - the demo's alone

    store = sample_store(customers=args.customers, seed=args.seed)
    print("\n".join(demo(store, days=args.days)))
    return 0
