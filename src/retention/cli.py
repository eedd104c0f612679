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

The conventions (issue 18): columns a file type does not know are ignored and named on
stderr; ``-`` as an input file reads standard input (one input at most); ``-o FILE``
writes the output; the help is plain text; tables are sized to their content;
``--top N`` cuts a long table (not the records); every bad row of a file is reported,
up to 20, before the command stops with exit status 2.
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
from retention.customers import Purchase
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
)

if TYPE_CHECKING:
    from retention.cadence import (
        CadencePolicy,
        ContactDecision,
        ContactPlan,
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
        Rows,
    )
    from retention.sample import SampleStore
    from retention.satisfaction import (
        SatisfactionPolicy,
        SatisfactionReport,
        Scale,
        Survey,
    )
    from retention.store import PurchaseLedger, Store, StoreReview, Visits

__all__ = ["main"]


def _pct(value: Decimal) -> str:
    return f"{value * 100:5.1f} %"


def _grid(
    heads: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    right: Collection[int] = (),
    indent: str = "  ",
) -> list[str]:
    """A text table sized to its content: each column as wide as its longest cell.

    The columns at the indices ``right`` (numbers) are right-aligned, the others
    left-aligned; two spaces between columns, no trailing blanks.
    """
    body = [[str(cell) for cell in row] for row in rows]
    widths = [max([len(head), *(len(row[i]) for row in body)]) for i, head in enumerate(heads)]

    def line(cells: Sequence[str]) -> str:
        padded = (
            cell.rjust(width) if i in right else cell.ljust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        )
        return (indent + "  ".join(padded)).rstrip()

    return [line(heads), *(line(row) for row in body)]


def _shown_rows(total: int, top: int) -> int:
    """How many of ``total`` detail rows ``--top`` shows (0: all)."""
    return total if top == 0 else min(top, total)


def _first(shown: int, total: int) -> str:
    """``"all 12"`` or ``"the first 20 of 18,849"``, for a table's title."""
    return f"all {total:,}" if shown >= total else f"the first {shown:,} of {total:,}"


def _more_line(total: int, shown: int, what: str) -> list[str]:
    """The line under a cut table: how many rows the records hold besides."""
    if shown >= total:
        return []
    more = (
        f"  ... and {total - shown:,} more {what} (--top N shows more, --top 0 all; "
        "--format csv or json gives every one)"
    )
    return [more]


def _abc_table(abc: AbcResult) -> list[str]:
    cut = abc.cutoffs
    lines = [
        (
            f"ABC classes (SEG-ABC, {cut.policy.describe()}; total spend {cut.total:,f}, "
            f"{cut.customers:,} customers)"
        ),
        *_grid(
            ("class", "customers", "share", "spend", "share", "lowest"),
            (
                (
                    row.abc_class.value,
                    f"{row.customers:,}",
                    _pct(row.share_of_customers).strip(),
                    f"{row.spend:,f}",
                    _pct(row.share_of_spend).strip(),
                    "-" if row.lowest_spend is None else f"{row.lowest_spend:,f}",
                )
                for row in abc.summary
            ),
            right=range(1, 6),
        ),
    ]
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


def _cadence(review: StoreReview, calendar: StoreCalendar) -> list[str]:
    """The review's contact plan: summary, contacts per day, staff load, two timelines."""
    plan, abc = review.plan, review.classes
    lines = [
        *_plan_summary(plan),
        *plan.summary().lines()[1:],
        "",
        *_day_table(plan, calendar),
        "",
        *_staff_table(plan),
    ]
    for cid in _timeline_picks(plan):
        cls = abc.get(cid)
        lines += ["", f"Timeline of {cid} (class {cls.value if cls is not None else '-'}):"]
        for decision in plan.for_customer(cid):
            lines.extend(f"  {line}" for line in decision.explain().splitlines())
    return lines


def demo(store: SampleStore, *, days: int = 60) -> list[str]:
    """Return the demo's report on ``store`` as lines of text."""
    return _demo_report(store, _demo_review(store, days), days)


def _demo_review(store: SampleStore, days: int) -> StoreReview:
    """The sample store's review as of its day, by the store API."""
    from retention.store import Store  # noqa: PLC0415 - loaded when used

    return Store.from_sample(store).review(store.as_of, days=days)


def _demo_report(store: SampleStore, review: StoreReview, days: int) -> list[str]:
    """The review of the sample store as lines of text."""
    from retention.store import Store  # noqa: PLC0415 - loaded when used

    api = Store.from_sample(store)
    abc, early, series = review.classes, review.early_adopters, review.series
    attitudes = review.attitudes if review.attitudes is not None else {}
    brands = {p.brand for p in api.purchases.purchases()}
    lines = [
        f"Sample store: {len(api.purchases):,} purchases by {len(abc):,} customers, "
        f"{len(brands)} brands, launches: "
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
    if review.satisfaction is not None:
        lines += ["", *_satisfaction(review.satisfaction)]
    lines += ["", *_churn(review.churn)]
    end = review.as_of + dt.timedelta(days=days - 1)
    first = min((c.received_at.year for c in api.complaints), default=review.as_of.year)
    calendar = api.calendar(range(min(first, review.as_of.year), end.year + 2))
    lines += ["", *_cadence(review, calendar)]
    if api.complaints:
        lines += ["", *_complaints(api, review, calendar)]
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
    lines += _grid(
        ("item", "topic", "seen", "expected", "gap", "failing"),
        (
            (
                i.item_id,
                i.topic.value,
                _num(i.perception),
                _num(i.expectation),
                _num(i.gap),
                f"{i.failing:,}",
            )
            for i in report.items
        ),
        right=range(2, 6),
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
    ]
    rows = []
    for risk in report.at_risk[:10]:
        check = risk.overdue
        top = risk.likely[0].reason.value.replace("_", " ") if risk.likely else "none on record"
        abc = risk.abc.value if risk.abc else "-"
        rows.append(
            (
                risk.customer_id,
                abc,
                f"{check.days_since:,}",
                f"{check.limit}",
                check.signal.value,
                top,
            )
        )
    lines += _grid(
        ("customer", "class", "days since", "limit", "rule", "likely reason"), rows, right=(2, 3)
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
    lines += _grid(
        ("cause", "cases", "share", "cumulative"),
        (
            (row.label, f"{row.count:,}", _pct(row.share).strip(), _pct(row.cumulative).strip())
            for row in result.by_cause
        ),
        right=(1, 2, 3),
    )
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


def _complaints(api: Store, review: StoreReview, calendar: StoreCalendar) -> list[str]:
    """Walk the first complaint through its events; the open cases; the lessons."""
    from retention.complaints import Case  # noqa: PLC0415 - loaded when used

    first = api.complaints[0]
    events = [e for e in api.complaint_events if e.complaint_id == first.complaint_id]
    lines = [
        *_walk(Case.open(first, hours=api.store_hours(calendar)), events),
        "",
        *_open_cases(review.cases, review.at),
    ]
    if review.lessons is not None:
        lines += ["", *_lessons_table(review.lessons)]
    return lines


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
_MAX_PROBLEMS = 20  # the problems named a file, as retention.exports.MAX_PROBLEMS


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
    #: The result's own HTML (``to_html()``), made only for ``--html``.
    html: Callable[[], str] = attrs.field(default=lambda: "", kw_only=True)


class _Progress:
    """Progress lines on stderr, with the seconds since the command started."""

    def __init__(self, *, on: bool) -> None:
        self.on = on
        self.start = time.perf_counter()

    def __call__(self, text: str) -> None:
        if self.on:
            elapsed = time.perf_counter() - self.start
            print(f"[{elapsed:6.1f} s] {escape_controls(text)}", file=sys.stderr, flush=True)


class _Stdin(str):
    """The name of an input given as ``-``: standard input, named ``<stdin>`` in messages."""

    __slots__ = ()


_STDIN = _Stdin("<stdin>")


def _read_bytes(path: str) -> bytes:
    """The bytes of ``path`` (standard input's for ``-``), or an input error naming it."""
    try:
        if isinstance(path, _Stdin):
            stream = sys.stdin.buffer if hasattr(sys.stdin, "buffer") else None
            if stream is None:  # a text stream put in its place (a test, an embedding host)
                return sys.stdin.read().encode("utf-8")
            data: bytes = stream.read()
            return data
        return Path(path).read_bytes()
    except OSError as exc:
        what = "standard input" if isinstance(path, _Stdin) else "the file"
        msg = f"{path}: cannot read {what} ({exc.strerror or exc})"
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


def _html_page(title: str, body: str) -> str:
    """One self-contained HTML5 page around the library's HTML (its style included)."""
    import html  # noqa: PLC0415 - only for --html

    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(title)}</title>\n</head>\n<body>\n{body}\n</body>\n</html>\n"
    )


class _WriteError(Exception):
    """An output that could not be written: exit status 1."""


def _write(text: str, path: str | None, *, what: str = "") -> None:
    """Print ``text``, or write it to ``path`` all at once (a temporary file, renamed).

    Raises:
        _WriteError: The output could not be written (the message names it).
    """
    try:
        _write_out(text, path)
    except OSError as exc:
        where = "to stdout" if path is None else path
        named = f"{what} " if what else ""
        msg = f"cannot write {named}{where} ({exc.strerror or exc})"
        raise _WriteError(msg) from None


def _write_out(text: str, path: str | None) -> None:
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
    notes: list[str] = attrs.field(factory=list)

    def ignored(self, source: str, columns: Sequence[str]) -> None:
        """Note the columns of ``source`` left unread, once, for stderr."""
        if columns:
            names = ", ".join(repr(name) for name in columns)
            plural = "s" if len(columns) > 1 else ""
            self.notes.append(f"ignored column{plural} {names} in {source}")


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


def _calendar(store: _Store, api: Store, years: range) -> StoreCalendar:
    """The store's calendar of its country (checked up front) for ``years``."""
    with _refused(store):
        return api.calendar(years)


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


_POLICY_FIELDS = ("abc", "attitude", "cadence", "complaints", "satisfaction", "churn")


def _ledger(rows: _Columns | Sequence[Purchase] | None) -> PurchaseLedger:
    """The purchases a command read, as the store's ledger (no Purchase values by columns)."""
    from retention.store import PurchaseLedger  # noqa: PLC0415 - loaded when used

    if not isinstance(rows, _Columns):
        return PurchaseLedger.of(rows or ())
    # A label column with no value in the rows kept is left out, as PurchaseLedger.of does.
    labels = {name: cells for name, cells in rows.labels.items() if any(cells)}
    return PurchaseLedger._of(rows.ids, rows.days, rows.units, rows.amounts, labels)  # noqa: SLF001


def _open_store(
    store: _Store,
    ledger: PurchaseLedger | None,
    *,
    timezone: str | None = None,
    customers: CustomerList | None = None,
    staff: Sequence[StaffMember] = (),
    events: Sequence[StoreEvent] = (),
    log: ComplaintLog | None = None,
    survey: Survey | None = None,
) -> Store:
    """One :class:`~retention.store.Store` of what a command read, with its policies."""
    from retention.store import Store  # noqa: PLC0415 - loaded when used

    args = store.args
    given = store.policies
    policies = None
    if given != _Policies():
        # Loaded only with a policy file: retention.config loads every step's module.
        from retention.config import Policies  # noqa: PLC0415

        policies = Policies(
            country=given.country,
            **{
                name: value
                for name in _POLICY_FIELDS
                if (value := getattr(given, name)) is not None
            },
        )
    paths = (getattr(args, name, None) for name in _FILES)
    with _refused(store, *paths):
        return Store(
            purchases=ledger if ledger is not None else _ledger(None),
            country=store.country,
            timezone=timezone,
            hours=getattr(args, "hours", (dt.time(9), dt.time(21))),
            customers=customers,
            staff=staff,
            events=events,
            complaints=() if log is None else log.complaints.values(),
            complaint_events=() if log is None else [e for es in log.events.values() for e in es],
            survey=survey,
            competition=getattr(args, "competition", None) or "moderate",
            policies=policies,
        )


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
_KNOWN_ORDER = (*_REQUIRED, *_LABELS, "quantity")
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
        ignored: The file's columns left unread, as written in its header.
    """

    frame: Any
    places: int
    ids: list[str]
    days: list[int]
    units: list[int]
    amounts: list[str]
    labels: dict[str, list[str | None]]
    ignored: tuple[str, ...] = ()


def _frames_engine() -> str | None:
    """``"pyarrow"`` or ``"pandas"`` if the frames extra is installed, else ``None``.

    Looked up, not imported: the engine is imported when a file is read.
    """
    for name in ("pyarrow", "pandas"):
        with contextlib.suppress(ImportError, ValueError):
            if importlib.util.find_spec(name) is not None:
                return name
    return None


@attrs.frozen
class _PlainHeader:
    """A plain file's header: every column's name, where the rows start, those ignored."""

    names: list[str]
    start: int
    ignored: tuple[str, ...]

    @property
    def kept(self) -> list[str]:
        """The purchases' columns the file has, in file order (the ones read)."""
        return [name for name in self.names if name in _KNOWN]


def _plain_header(data: bytes) -> _PlainHeader | None:
    """The column names of a file the bulk checks can take and where its rows start.

    ``None`` unless the file is plain (see ``_PLAIN``), starts with its header row, and
    names its columns once each, the purchases' required ones included; any other
    column is ignored (not read), as the careful reader ignores it.
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
    cells = [cell.strip() for cell in first.split(",")]
    names = [re.sub(r"[\s\-]+", "_", cell.lower()) for cell in cells]
    if len(set(names)) != len(names) or not all(names) or not set(_REQUIRED).issubset(names):
        return None
    ignored = tuple(cell for cell, name in zip(cells, names, strict=True) if name not in _KNOWN)
    return _PlainHeader(names, end + 1, ignored)


def _read_columns(data: bytes, engine: str) -> _Columns | None:
    """The purchases in ``data`` read by columns, or ``None`` for the careful reader."""
    header = _plain_header(data)
    if header is None:
        return None
    try:
        read = _arrow_columns if engine == "pyarrow" else _pandas_columns
        found = read(memoryview(data)[header.start :], header.names, header.kept)
    except Exception:  # noqa: BLE001 - any failure (a row of the wrong width, a day that
        # does not exist, an engine's own error) sends the file to the careful reader
        return None
    return None if found is None else attrs.evolve(found, ignored=header.ignored)


def _arrow_columns(body: memoryview, names: list[str], kept: list[str]) -> _Columns | None:
    # The frames extra, imported when a file is read (untyped: hence import_module).
    pa = importlib.import_module("pyarrow")
    pc = importlib.import_module("pyarrow.compute")
    pa_csv = importlib.import_module("pyarrow.csv")

    table = pa_csv.read_csv(
        pa.BufferReader(pa.py_buffer(body)),
        read_options=pa_csv.ReadOptions(column_names=names, use_threads=False),
        parse_options=pa_csv.ParseOptions(quote_char=False),
        convert_options=pa_csv.ConvertOptions(
            # Only the purchases' columns are converted; pyarrow still checks every row's
            # width (a row of the wrong width is an error, which the careful reader words).
            include_columns=kept,
            column_types=dict.fromkeys(kept, pa.string()),
            strings_can_be_null=False,
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
        or ("quantity" in kept and not every("quantity", _QUANTITY_FORM))
        or any(edged(name) for name in kept)
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
        {name: [c or None for c in table[name].to_pylist()] for name in _LABELS if name in kept},
    )


def _pandas_columns(body: memoryview, names: list[str], kept: list[str]) -> _Columns | None:
    pd = importlib.import_module("pandas")  # the frames extra, when a file is read

    if len(kept) < len(names):
        # pandas reads only the columns it is told to and then overlooks a row of the
        # wrong width: check every row's (no quotes here, so commas count the cells).
        commas = len(names) - 1
        rows = bytes(body).split(b"\n")
        if any(row.count(b",") != commas for row in rows if row.strip(b"\r")):
            return None
    frame = pd.read_csv(
        io.BytesIO(body),
        header=None,
        names=names,
        usecols=kept if len(kept) < len(names) else None,
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
        or ("quantity" in kept and not every("quantity", _QUANTITY_FORM))
        or any(some(name, _EDGE_BLANK) for name in kept)
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
        {name: [c or None for c in frame[name].tolist()] for name in _LABELS if name in kept},
    )


def _load_purchases(path: str, *, columns: bool = True) -> _Columns | Rows[Purchase]:
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

    return read_purchases(_decode(data, path), source=path, dates=_DATES, extra_columns="ignore")


def _purchase_rows(store: _Store) -> tuple[PurchaseLedger, dt.date]:
    """The purchases up to ``--as-of`` (read by columns if it can) and the as-of day.

    The as-of day defaults to the day after the last purchase.
    """
    path = store.args.purchases
    loaded = _load_purchases(path)
    if isinstance(loaded, _Columns):
        ordinals, ignored = loaded.days, loaded.ignored
    else:
        ordinals = [p.date.toordinal() for p in loaded]
        ignored = loaded.ignored_columns
    store.ignored(path, ignored)
    store.say(f"read {len(ordinals):,} purchases from {path}")
    if not ordinals:
        msg = f"{path}: expected at least one purchase (a row under the header), got none"
        raise _InputError(msg)
    # At most the day after _LAST_DAY: the arithmetic from it stays far inside the years.
    as_of = store.args.as_of or dt.date.fromordinal(max(ordinals)) + dt.timedelta(days=1)
    ledger = _ledger(loaded)
    kept = ledger.up_to(as_of)
    if not len(kept):
        first = dt.date.fromordinal(min(ordinals))
        msg = (
            f"{path}: expected at least one purchase on or before --as-of {as_of}, got none "
            f"(the first is on {first}): give a later --as-of"
        )
        raise _InputError(msg)
    if len(kept) < len(ledger):
        store.say(f"left out {len(ledger) - len(kept):,} purchases after {as_of}")
    return kept, as_of


def _no_spend(store: _Store, count: int, last: dt.date) -> _InputError:
    msg = (
        f"{store.args.purchases}: expected a purchase with an amount above 0, got only "
        f"amounts of 0 ({count:,} purchases up to {last}): the ABC classes rank customers "
        "by what they spent"
    )
    return _InputError(msg)


def _classes(store: _Store, api: Store, as_of: dt.date) -> AbcResult:
    """The store's ABC classes up to ``as_of``, refused with the purchases file named."""
    ledger = api.purchases
    if not any(ledger.units):
        last = ledger.last_day
        assert last is not None  # noqa: S101  # the readers refuse a file without purchases
        raise _no_spend(store, len(ledger), last)
    with _refused(store, store.args.purchases):
        abc = api.classes(as_of=as_of)
    shares = ", ".join(f"{row.abc_class.value} {row.customers:,}" for row in abc.summary)
    store.say(f"segmented {len(abc):,} customers ({shares})")
    return abc


def _complaint_log(store: _Store, path: str, zone: str) -> ComplaintLog:
    from retention.exports import read_complaints  # noqa: PLC0415 - loaded when used

    log = read_complaints(
        _read_text(path), timezone=zone, source=path, dates=_DATES, extra_columns="ignore"
    )
    store.ignored(path, log.ignored_columns)
    events = sum(len(e) for e in log.events.values())
    store.say(f"read {len(log.complaints):,} complaints and {events:,} events from {path}")
    return log


def _check_received(log: ComplaintLog, zone: str, as_of: dt.date) -> None:
    """Refuse complaints received too early for the SLA clocks' calendar, each at its line."""
    from retention.calendar import MAX_YEARS  # noqa: PLC0415 - loaded when used
    from retention.exports import ExportError  # noqa: PLC0415 - loaded when used

    tz = zoneinfo.ZoneInfo(zone)
    now = log.until(dt.datetime.combine(as_of, dt.time(0), tzinfo=tz))
    # The SLA clocks count working time on a calendar from the first complaint's year to
    # the year after as_of, which may hold at most MAX_YEARS years.
    earliest = as_of.year + 2 - MAX_YEARS
    received = sorted(
        (c.received_at.astimezone(tz), log.lines[cid]) for cid, c in now.complaints.items()
    )

    def too_early(when: dt.datetime, line: int) -> ExportError:
        msg = (
            f"at: expected a complaint received in {earliest} or later, got one received "
            f"on {when:%Y-%m-%d %H:%M}: the SLA clocks read a calendar of at most "
            f"{MAX_YEARS} years, up to the year after --as-of {as_of}; cut the older "
            "complaints from the log or give an earlier --as-of"
        )
        return ExportError(msg, source=log.source, line=line)

    early = sorted((line, when) for when, line in received if when.year < earliest)
    if early:
        # Every complaint received too early, by line; the message is the earliest one's.
        oldest = too_early(*received[0])
        problems = [too_early(when, line) for line, when in early]
        raise ExportError(
            oldest.detail,
            source=log.source,
            line=oldest.line,
            problems=problems[:_MAX_PROBLEMS] if len(problems) > 1 else (),
            more=max(len(problems) - _MAX_PROBLEMS, 0),
        )


def _cases_at(
    store: _Store, api: Store, log: ComplaintLog, as_of: dt.date
) -> tuple[tuple[Case, ...], dt.datetime]:
    """The store's cases at the start of ``as_of``; a refused event named by its line."""
    at = api.start_of(as_of)
    with _refused(store, log.source):
        try:
            cases = api.cases(at)
        except RetentionError:
            # The reader names the line of the event a case refuses.
            now = log.until(at)
            first = min(c.received_at.astimezone(at.tzinfo).year for c in now.complaints.values())
            calendar = api.calendar(range(first, as_of.year + 2))
            now.cases(hours=api.store_hours(calendar), policy=store.policies.complaints)
            raise
    store.say(f"opened {len(cases):,} complaint cases as of {at:%Y-%m-%d %H:%M %Z}")
    return cases, at


def _read_survey(store: _Store, path: str, abc: AbcResult | None) -> Survey:
    """The survey; with ``abc``, an empty segment cell takes the respondent's class.

    With ``abc`` the answers are weighted by class, so a segment cell must name a class
    that has customers (SAT-SURVEY).
    """
    from retention.exports import ignored_columns, read_survey  # noqa: PLC0415 - loaded when used

    segments = {cid: cls.value for cid, cls in abc.items()} if abc is not None else None
    text = _read_text(path)
    store.ignored(path, ignored_columns(text, kind="survey", source=path))
    survey = read_survey(
        text,
        source=path,
        scale=store.args.scale,
        segments=segments,
        strata=None if segments is None else set(segments.values()),
        extra_columns="ignore",
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


def _segment_records(
    abc: AbcResult,
    visits: Mapping[str, Visits],
    attitudes: Mapping[str, AttitudeResult] | None,
) -> list[dict[str, object]]:
    """ABC's records, with each customer's purchases, first and last day, and attitude."""
    records = abc.to_records()
    for record in records:
        cid = str(record["customer_id"])
        result = attitudes.get(cid) if attitudes is not None else None
        seen = visits[cid]
        record["purchases"], record["first_purchase"], record["last_purchase"] = (
            seen.purchases,
            seen.first,
            seen.last,
        )
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


def _top_customers(records: Sequence[Mapping[str, object]], top: int) -> list[str]:
    """The customers with the highest spend, ``top`` of them (SEG-ABC's ranking)."""
    ranked = sorted(records, key=lambda r: (_rank(r["rank"]), str(r["customer_id"])))
    shown = _shown_rows(len(ranked), top)
    attitudes = any(r["attitude"] is not None for r in records)
    rows = []
    for record in ranked[:shown]:
        share = record["share_of_spend"]
        row = [
            f"{record['rank']}",
            str(record["customer_id"]),
            _plain_text(record["abc_class"]),
            f"{record['spend']:,f}" if isinstance(record["spend"], Decimal) else "",
            _pct(share).strip() if isinstance(share, Decimal) else "",
            f"{record['purchases']:,}",
            _plain_text(record["last_purchase"]),
        ]
        if attitudes:
            row.append(_plain_text(record["attitude"]) or "-")
        rows.append(row)
    heads = ["rank", "customer", "class", "spend", "share", "purchases", "last purchase"]
    if attitudes:
        heads.append("attitude")
    title = f"Customers by spend (SEG-ABC): {_first(shown, len(ranked))}"
    return [
        title,
        *_grid(heads, rows, right=(0, 3, 4, 5)),
        *_more_line(len(ranked), shown, "customers"),
    ]


def _rank(value: object) -> int:
    return value if isinstance(value, int) else 0


def _plain_text(value: object) -> str:
    """A record's value as a table cell: an enum's value, a date in ISO, empty for None."""
    plain = _plain(value)
    return "" if plain is None else str(plain)


def _run_segments(store: _Store) -> _Output:
    rows, as_of = _purchase_rows(store)
    api = _open_store(store, rows)
    abc = _classes(store, api, as_of)
    with _refused(store, store.args.purchases):
        attitudes = api.attitudes(as_of=as_of)
    ledger = api.purchases.up_to(as_of)
    records = _segment_records(abc, ledger.visits(), attitudes)
    table = [f"Segments as of {as_of}: {len(ledger):,} purchases", "", *_abc_table(abc), ""]
    if attitudes is None:
        table.append("Attitude groups (SEG-ATTITUDE): no brand column, not classified")
    else:
        store.say(f"classified the attitude of {len(attitudes):,} customers")
        table += _attitude_table(attitudes)
    table += ["", *_top_customers(records, store.args.top)]
    return _Output(table, _SEGMENT_COLUMNS, records, html=abc.to_html)


def _check_owners(
    store: _Store,
    customers: CustomerList,
    planned: Iterable[str],
    staff: Sequence[StaffMember],
) -> None:
    """Refuse customers looked after by someone the staff list lacks, each at their line."""
    members = {member.staff_id for member in staff}
    found: list[str] = []
    for cid in sorted(planned, key=lambda cid: customers.lines.get(cid, 0)):
        owner = customers.owners.get(cid)
        if owner is None or owner in members:
            continue
        where = f"{store.args.customers} line {customers.lines[cid]}"
        if store.args.staff is None:
            msg = (
                f"{where}: staff_id: expected a member of the staff list, got {owner!r} with "
                "no staff list: give --staff FILE, or leave the staff_id cells empty"
            )
        else:
            msg = f"{where}: staff_id: expected a staff member of {store.args.staff}, got {owner!r}"
        found.append(msg)
    if found:
        raise _InputError(*_at_most(found, store.args.customers))


def _at_most(lines: Sequence[str], source: str) -> list[str]:
    """The first ``_MAX_PROBLEMS`` of ``lines``, and a line counting the rest."""
    if len(lines) <= _MAX_PROBLEMS:
        return list(lines)
    more = len(lines) - _MAX_PROBLEMS
    return [
        *lines[:_MAX_PROBLEMS],
        f"{source}: and {more:,} more problems (the first {_MAX_PROBLEMS} are above)",
    ]


def _run_plan(store: _Store) -> _Output:
    from retention.exports import read_customers, read_events, read_staff  # noqa: PLC0415

    args = store.args
    rows, as_of = _purchase_rows(store)
    zone = log = None
    if args.complaints is not None:
        zone = _zone_name(store)
        log = _complaint_log(store, args.complaints, zone)
        _check_received(log, zone, as_of)
    survey = None if args.survey is None else _read_survey(store, args.survey, None)
    staff: tuple[StaffMember, ...] = ()
    if args.staff is not None:
        staff = read_staff(
            _read_text(args.staff), source=args.staff, dates=_DATES, extra_columns="ignore"
        )
        store.ignored(args.staff, staff.ignored_columns)
        store.say(f"read {len(staff):,} staff members from {args.staff}")
    events: tuple[StoreEvent, ...] = ()
    if args.events is not None:
        events = read_events(
            _read_text(args.events), source=args.events, dates=_DATES, extra_columns="ignore"
        )
        store.ignored(args.events, events.ignored_columns)
        store.say(f"read {len(events):,} store events from {args.events}")
    customers = None
    if args.customers is not None:
        customers = read_customers(
            _read_text(args.customers), source=args.customers, dates=_DATES, extra_columns="ignore"
        )
        store.ignored(args.customers, customers.ignored_columns)
        store.say(f"read {len(customers.customer_ids):,} customers from {args.customers}")
    api = _open_store(
        store,
        rows,
        timezone=zone,
        customers=customers,
        staff=staff,
        events=events,
        log=log,
        survey=survey,
    )
    abc = _classes(store, api, as_of)
    cases = _cases_at(store, api, log, as_of)[0] if log is not None else ()
    # A complainant with no purchase still gets the follow-up call (the store plans it).
    owed = {task.customer_id for task in api.tasks(cases)}
    if customers is not None:
        _check_owners(store, customers, sorted(set(abc) | owed), staff)
    end = as_of + dt.timedelta(days=args.days - 1)
    calendar = _calendar(store, api, range(as_of.year, end.year + 2))
    inputs = (args.purchases, args.customers, args.staff, args.events, args.complaints)
    with _refused(store, *inputs):
        plan = api.plan(as_of, days=args.days, calendar=calendar)
    store.say(f"planned {len(plan.planned):,} of {len(plan):,} candidate contacts")
    table = [*_plan_summary(plan), *plan.summary().lines()[1:], "", *_day_table(plan, calendar)]
    if staff:
        table += ["", *_staff_table(plan)]
    table += ["", *_next_contacts(plan, abc, args.top)]
    return _Output(table, _tables.PLAN.keys, plan.to_records(), html=plan.to_html)


def _next_contacts(plan: ContactPlan, abc: AbcResult, top: int) -> list[str]:
    """The planned contacts in date order, class A first on a day, ``top`` of them."""
    order = {cls: n for n, cls in enumerate(AbcClass)}

    def key(decision: ContactDecision) -> tuple[dt.date, int, str, str]:
        cls = abc.get(decision.customer_id)
        return (
            decision.date or decision.due,
            order.get(cls, len(order)) if cls is not None else len(order),
            decision.customer_id,
            decision.contact_id,
        )

    planned = sorted(plan.planned, key=key)
    shown = _shown_rows(len(planned), top)
    rows = []
    for decision in planned[:shown]:
        cls = abc.get(decision.customer_id)
        rows.append(
            (
                f"{decision.date or decision.due}",
                decision.customer_id,
                cls.value if cls is not None else "-",
                decision.channel.value if decision.channel is not None else "-",
                decision.purpose.value.replace("_", " "),
                decision.status.value,
                decision.assignee or "",
            )
        )
    return [
        f"Planned contacts in date order: {_first(shown, len(planned))}",
        *_grid(("date", "customer", "class", "channel", "purpose", "status", "staff"), rows),
        *_more_line(len(planned), shown, "planned contacts"),
    ]


def _run_cases(store: _Store) -> _Output:
    from retention.complaints import case_records  # noqa: PLC0415 - loaded when used

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
    _check_received(log, zone, as_of)
    api = _open_store(store, None, timezone=zone, log=log)
    cases, at = _cases_at(store, api, log, as_of)
    closed = sum(1 for case in cases if case.closed)
    records = case_records(cases, at)
    table = [
        f"Complaint cases at {at:%Y-%m-%d %H:%M} ({zone}): {len(cases)} cases, {closed} closed"
    ]
    table += ["", *_case_table(cases, records, at)]
    learned = None
    if cases:
        from retention.complaints import lessons  # noqa: PLC0415 - loaded when used

        learned = lessons(cases)
        table += ["", *_lessons_table(learned)]

    def page() -> str:
        from retention.complaints import case_html  # noqa: PLC0415 - only for --html

        found = case_html(cases, at, max_rows=None)
        return found + (learned.to_html() if learned is not None else "")

    return _Output(table, _tables.CASES.keys, records, html=page)


def _clock_cells(record: Mapping[str, object], clock: str) -> tuple[str, str]:
    """A clock's state and its instant: when it breached, or by when it must stop."""
    state = _plain_text(record[clock]).replace("_", " ")
    breached = record[f"{clock}_breached_at"]
    deadline = record[f"{clock}_deadline"]
    if isinstance(breached, dt.datetime):
        return state, f"breached {breached:%Y-%m-%d %H:%M}"
    if isinstance(deadline, dt.datetime):
        return state, f"due {deadline:%Y-%m-%d %H:%M}"
    return state, ""


def _case_table(
    cases: Sequence[Case], records: Sequence[Mapping[str, object]], at: dt.datetime
) -> list[str]:
    """The open cases with both SLA clocks: state, and the breach or the deadline (CMP-NOW)."""
    rows = []
    for case, record in zip(cases, records, strict=True):
        if case.closed:
            continue
        first, first_when = _clock_cells(record, "first_response")
        resolution, resolution_when = _clock_cells(record, "resolution")
        due = record["follow_up_due"]
        late = " overdue" if isinstance(due, dt.date) and due < at.date() else ""
        rows.append(
            (
                case.complaint_id,
                case.complaint.customer_id,
                case.complaint.priority.value,
                case.stage.value,
                first,
                first_when,
                resolution,
                resolution_when,
                f"{due}{late}" if due is not None else "",
            )
        )
    heads = (
        "case",
        "customer",
        "priority",
        "stage",
        "first response",
        "breach / deadline",
        "resolution",
        "breach / deadline",
        "follow-up due",
    )
    title = f"Open cases at {at:%Y-%m-%d %H:%M} (CMP-NOW): {len(rows)}"
    return [title, *_grid(heads, rows)] if rows else [title]


def _run_satisfaction(store: _Store) -> _Output:
    rows = None
    if store.args.purchases is not None:
        rows, _ = _purchase_rows(store)
    api = _open_store(store, rows)
    abc = _classes(store, api, api.default_as_of()) if rows is not None else None
    survey = _read_survey(store, store.args.survey, abc)
    _check_answers(store, survey, abc)
    with _refused(store, store.args.survey, store.args.purchases):
        report = attrs.evolve(api, survey=survey).satisfaction(classes=abc)
    assert report is not None  # noqa: S101  # the store holds the survey
    store.say(f"scored {report.respondents:,} respondents")
    return _Output(
        _satisfaction(report), _tables.SURVEY_ITEMS.keys, report.to_records(), html=report.to_html
    )


_CHURN_COLUMNS = (*_tables.CHURN.keys, "winback_channel")


_UNIT_DAYS = 7


def _fit_churn(store: _Store, api: Store, as_of: dt.date) -> tuple[BgNbdParams | None, str]:
    """BG/NBD parameters the store fits on every customer's purchase days, and a note.

    ``None`` when scipy is not installed or the fit fails (few customers, no maximum):
    the early warning then goes by the rhythm alone; the note says why.
    """
    if importlib.util.find_spec("scipy") is None:
        return None, "P(alive): not fitted (BG/NBD needs scipy: pip install scipy)"
    try:
        params = api.fit_churn(as_of)
    except RetentionError as exc:
        why = str(exc)
    except (ValueError, ArithmeticError) as exc:  # scipy's own, on data it cannot fit
        why = f"the fit failed: {exc}"
    else:
        why = ""
    if not why:
        customers = len(set(api.purchases.customer_ids))
        fitted = (
            f"P(alive) (CHURN-NOSURPRISE): BG/NBD fitted on {customers:,} customers, in "
            f"weeks: r {params.r:.4g}, alpha {params.alpha:.4g}, a {params.a:.4g}, "
            f"b {params.b:.4g}"
        )
        store.say(fitted)
        return params, fitted
    store.say(f"BG/NBD not fitted: {why}")
    return None, f"P(alive): not fitted ({why})"


def _run_churn(store: _Store) -> _Output:
    args = store.args
    rows, as_of = _purchase_rows(store)
    zone = log = None
    if args.complaints is not None:
        zone = _zone_name(store)
        log = _complaint_log(store, args.complaints, zone)
        _check_received(log, zone, as_of)
    survey = None if args.survey is None else _read_survey(store, args.survey, None)
    api = _open_store(store, rows, timezone=zone, log=log, survey=survey)
    abc = _classes(store, api, as_of)
    cases = _cases_at(store, api, log, as_of)[0] if log is not None else ()
    params, fitted = _fit_churn(store, api, as_of)
    with _refused(store, args.purchases, args.complaints, args.survey):
        report = api.churn(as_of, params=params, classes=abc, cases=cases)
    customers = len(report.checks)
    store.say(f"checked {customers:,} customers, {len(report.at_risk):,} overdue")
    channels = report.winback_channels()
    records = report.to_records()
    for record in records:
        record["winback_channel"] = channels[str(record["customer_id"])]
    table = [
        (
            f"Early warning on {report.as_of} (CHURN-NOSURPRISE): {len(report.at_risk):,} of "
            f"{customers:,} customers overdue against their own rhythm"
        ),
        *_risk_table(report, args.top, alive=params is not None),
        f"  {fitted}",
    ]
    return _Output(table, _CHURN_COLUMNS, records, html=report.to_html)


def _risk_table(report: ChurnReport, top: int, *, alive: bool) -> list[str]:
    """The customers at risk in the report's order (class A first, then the most overdue)."""
    shown = _shown_rows(len(report.at_risk), top)
    heads = ["customer", "class", "last", "days since", "limit"]
    if alive:
        heads.append("P(alive)")
    heads.append("likely reason")
    rows = []
    for risk in report.at_risk[:shown]:
        check = risk.overdue
        likely = risk.likely[0] if risk.likely else None
        row = [
            risk.customer_id,
            risk.abc.value if risk.abc is not None else "-",
            f"{check.last_purchase}",
            f"{check.days_since:,}",
            f"{check.limit:,.0f}",
        ]
        if alive:
            row.append(f"{risk.p_alive:.3f}" if risk.p_alive is not None else "")
        row.append(likely.reason.value.replace("_", " ") if likely else "none on record")
        rows.append(row)
    right = (3, 4, 5) if alive else (3, 4)
    return [*_grid(heads, rows, right=right), *_more_line(len(report.at_risk), shown, "at risk")]


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
            "--purchases",
            type=_file,
            required=True,
            metavar="FILE",
            help="purchases CSV ('-' reads standard input, as for every input file)",
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
        "--policy", type=_file, metavar="FILE.toml", help="policies in TOML (retention.config)"
    )
    command.add_argument("--format", choices=_FORMATS, default="table", help="default: table")
    command.add_argument(
        "-o",
        "--output",
        type=_file,
        metavar="FILE",
        help="write here instead of stdout, all at once and only on success ('-': stdout)",
    )
    _add_html(command)
    command.add_argument(
        "--progress", action="store_true", help="progress on stderr (default: if a terminal)"
    )
    command.add_argument("--quiet", action="store_true", help="no progress on stderr")


def _add_html(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--html",
        type=_file,
        metavar="FILE",
        help="also write the result as one self-contained HTML page with its charts",
    )


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
    "CSV files: UTF-8 (a BOM is fine), a header row, ISO dates, amounts like 1234.50; "
    "other columns are ignored and named on stderr; '-' as a file reads standard input "
    "(one input at most). "
    "purchases: customer_id, date, amount [brand, product, category, quantity]. "
    "customers: customer_id [club_member, staff_id, opt_out_message, opt_out_phone]. "
    "staff: staff_id, daily_capacity [days_off]. events: event_id, date, kind, name "
    "[segments]. complaints: complaint_id, at, kind, and the columns of each kind. "
    "survey: respondent_id, <item>.perception, <item>.expectation [segment, overall, "
    "repurchase, recommend, effort]. Exit status 0: done; 2: bad input (every bad line "
    "named on stderr, up to 20 a file; nothing written); 1: output not written. See the "
    "documentation's command-line page for every column."
)

#: --top's default: the detail rows of a long per-customer table shown.
_TOP = 20


def _top(text: str) -> int:
    """An argparse type: how many detail rows to show, 0 for all."""
    return _whole(text, 0, 10**9, "rows (0 for all)")


def _add_top(command: argparse.ArgumentParser, rows: str) -> None:
    command.add_argument(
        "--top",
        type=_top,
        default=_TOP,
        metavar="N",
        help=f"show the first N {rows} in the table (default {_TOP}, 0 for all); the json "
        "and csv records are always complete",
    )


#: Competition's values, written out: the parser does not import retention.satisfaction.
_COMPETITION = ("low", "moderate", "high")


def _add_data_commands(commands: argparse._SubParsersAction[_Parser]) -> None:

    def command(name: str, text: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=text, description=text + ".", epilog=_EPILOG)

    segments = command("segments", "ABC classes and attitudes from purchases")
    _add_data_options(segments, purchases="required")
    _add_top(segments, "customers by spend")

    plan = command("plan", "the contact plan of the next days")
    _add_data_options(plan, purchases="required")
    _add_store_options(plan)
    _add_top(plan, "planned contacts, in date order")
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
    _add_top(churn, "customers at risk (class A first, then the most overdue)")
    churn.add_argument(
        "--complaints", type=_file, metavar="FILE", help="complaint log CSV (evidence)"
    )
    churn.add_argument("--survey", type=_file, metavar="FILE", help="survey CSV (evidence)")
    churn.add_argument("--scale", type=_scale, metavar="LOW..HIGH", help="survey scale (1..5)")


_FILES = ("purchases", "customers", "staff", "events", "complaints", "survey")


def _stdin_input(args: argparse.Namespace) -> None:
    """Make an input given as ``-`` read standard input; refuse two such inputs.

    Raises:
        _InputError: Two or more inputs are ``-``.
    """
    given = [name for name in (*_FILES, "policy") if getattr(args, name, None) == "-"]
    if len(given) > 1:
        options = ", ".join(f"--{name}" for name in given)
        msg = (
            f"{options}: expected at most one input read from standard input ('-'), got "
            f"{len(given)}: give the others as files"
        )
        raise _InputError(msg)
    for name in given:
        setattr(args, name, _STDIN)
    if args.output == "-":
        args.output = None  # -o - is standard output


def _refusal(exc: RetentionError) -> tuple[str, ...]:
    """The message lines of the library's refusal: every problem an ExportError lists."""
    from retention.exports import ExportError  # noqa: PLC0415 - only when refused

    if not isinstance(exc, ExportError):
        return (str(exc),)
    lines = [str(problem) for problem in exc.problems]
    if exc.more:
        shown = len(exc.problems)
        lines.append(f"{exc.source}: and {exc.more:,} more problems (the first {shown} are above)")
    return tuple(lines)


def _run_data(args: argparse.Namespace, prog: str) -> int:
    """Run a data command; print or write its output only if all of it succeeded.

    Every refusal, of a file, an option or the data, is exit status 2 with a message
    naming the file (and line) or the option; control characters in it are escaped.
    A file's problems are all named (up to 20 a file), and the columns ignored noted.
    """
    say = _Progress(on=(args.progress or sys.stderr.isatty()) and not args.quiet)
    notes: list[str] = []
    try:
        _stdin_input(args)
        policies = _load_policies(args.policy)
        # plan, cases and churn keep the store's calendar: its country, checked up front.
        country = _check_country(args, policies) if hasattr(args, "country") else None
        store = _Store(args, say, policies, country, notes)
        # A refusal the command did not word itself still names the files it read.
        with _refused(store, *(getattr(args, name, None) for name in _FILES)):
            output = _RUNS[args.command](store)
            text = _render(output, args.format)
    except _InputError as exc:
        lines = exc.lines
    except RetentionError as exc:  # an ExportError: the file and line are in it
        lines = _refusal(exc)
    else:
        lines = ()
    for note in notes:
        print(f"{prog}: {escape_controls(note)}", file=sys.stderr)
    if lines:
        for line in lines:
            print(f"{prog}: error: {escape_controls(line)}", file=sys.stderr)
        return 2
    try:
        if args.html is not None:
            title = f"{prog} {args.command}"
            _write(_html_page(title, output.html()), args.html, what="--html")
        _write(text, args.output)
    except _WriteError as exc:
        print(f"{prog}: error: {escape_controls(str(exc))}", file=sys.stderr)
        return 1
    if args.output is not None:
        say(
            f"wrote {len(output.records):,} records to {args.output}"
            if args.format != "table"
            else f"wrote the table to {args.output}"
        )
    return 0


_DESCRIPTION = (
    "Customer retention on a store's CSV exports. 'demo' runs the built-in sample store "
    "and explains what the library makes of it. The other commands read the store's own "
    "exports: 'segments' (ABC classes and attitudes), 'plan' (the contact plan), 'cases' "
    "(complaint cases, their SLA clocks and lessons), 'satisfaction' (the survey's "
    "report) and 'churn' (the early warning), as a table, JSON or CSV. Every refusal of a "
    "row, a file, a policy or an option stops the command with exit status 2 and names "
    "the file, line and column, or the option; nothing is written. Run a command with "
    "--help for its options."
)


def _parser() -> argparse.ArgumentParser:
    """The command line's parser: ``demo`` and the commands on CSV exports."""
    parser = _Parser(prog="python -m retention", description=_DESCRIPTION)
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
    _add_html(run)
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
    review = _demo_review(store, args.days)
    report = "\n".join(_demo_report(store, review, args.days)) + "\n"
    try:
        if args.html is not None:
            page = _html_page(f"{parser.prog} demo", review.to_html())
            _write(page, args.html, what="--html")
        _write(report, None)
    except _WriteError as exc:
        print(f"{parser.prog}: error: {escape_controls(str(exc))}", file=sys.stderr)
        return 1
    return 0
