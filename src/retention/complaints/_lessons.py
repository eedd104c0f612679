"""Lessons across cases: where the store keeps failing (CMP-LESSON, seed 004 step 6)."""

# The Chinese texts of the HTML picture use Chinese punctuation (full-width commas,
# colons and brackets).
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Literal

import attrs

from retention import _charts, _frames_out, _tables
from retention._decimal import SHARE, share
from retention._i18n import Labels, Language, check_language, in_language
from retention._text import percent, plural
from retention._validate import check_instance, check_iterable
from retention.complaints._case import Case
from retention.complaints._events import EventKind
from retention.complaints._model import Cause, PromiseStatus
from retention.complaints._sla import SlaState, in_hours, sla_status
from retention.exceptions import DuplicateError
from retention.rules import Reason

__all__ = ["Lessons", "Median", "Rate", "Tally", "lessons"]

#: The cumulative share up to which causes count as the "vital few" of a Pareto table.
PARETO_SHARE = Decimal("0.8")


@attrs.frozen
class Tally:
    """One row of a count table: a label, how many cases, and their share.

    Attributes:
        label: The cause, product or staff member.
        count: Cases with that label.
        share: ``count / n``.
        cumulative: The share of this row and every row ranked above it (Pareto).
        n: The cases behind the table (those that have such a label).
    """

    label: str
    count: int = attrs.field(kw_only=True)
    share: Decimal = attrs.field(kw_only=True)
    cumulative: Decimal = attrs.field(kw_only=True)
    n: int = attrs.field(kw_only=True)


@attrs.frozen
class Median:
    """A median duration and how many cases stand behind it.

    Attributes:
        value: The median working time (``None`` when ``n`` is 0).
        n: The cases behind it.
    """

    value: dt.timedelta | None
    n: int = attrs.field(kw_only=True)


@attrs.frozen
class Rate:
    """A share of cases (or promises) and how many stand behind it.

    Attributes:
        value: ``count / n`` (``None`` when ``n`` is 0: nothing to divide).
        count: How many met the condition.
        n: How many could have.
    """

    value: Decimal | None
    count: int = attrs.field(kw_only=True)
    n: int = attrs.field(kw_only=True)

    def __str__(self) -> str:
        """Render as ``"80 % of 5"`` or ``"n/a (0)"``."""
        if self.value is None:
            return "n/a (0)"
        return f"{percent(self.value, trim=True)} of {self.n}"


def _rate(count: int, n: int) -> Rate:
    return Rate(share(count, n) if n else None, count=count, n=n)


def _median(values: list[dt.timedelta]) -> Median:
    if not values:
        return Median(None, n=0)
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return Median(ordered[middle], n=len(ordered))
    return Median((ordered[middle - 1] + ordered[middle]) / 2, n=len(ordered))


def _table(counts: Counter[str], rank: dict[str, int] | None = None) -> tuple[Tally, ...]:
    """Rank labels by count (ties by ``rank`` then label) with shares and cumulative shares."""
    n = sum(counts.values())
    order = sorted(counts, key=lambda k: (-counts[k], (rank or {}).get(k, 0), k))
    rows, running = [], 0
    for label in order:
        running += counts[label]
        rows.append(
            Tally(
                label,
                count=counts[label],
                share=share(counts[label], n),
                cumulative=share(running, n),
                n=n,
            )
        )
    return tuple(rows)


@attrs.frozen
class Lessons:
    """What a collection of cases says about the store (CMP-LESSON).

    Every figure says how many cases (or promises) stand behind it.

    Attributes:
        cases: How many cases were looked at.
        by_cause: The latest diagnosed cause of each diagnosed case, ranked (Pareto).
        by_product: Cases per product named on the complaint, ranked.
        by_staff: Cases per staff member the complaint concerns, ranked.
        first_response: Median working time to the first response (pauses excluded).
        resolution: Median working time to resolution, of the cases resolved now.
        first_response_in_sla: Share of first responses within their target.
        resolved_in_sla: Share of the resolved cases resolved within their target.
        promises_kept: Share of settled promises kept by their due time.
        followed_up: Share of the cases ever resolved that had a step-5 follow-up.
        reopened: Share of cases reopened at least once at a follow-up.
        repeat_customers: ``(customer ID, complaints)`` for customers who complained
            more than once, most complaints first.
        reasons: CMP-LESSON: the causes that make up the vital few, and the figures.
    """

    cases: int
    by_cause: tuple[Tally, ...] = attrs.field(kw_only=True)
    by_product: tuple[Tally, ...] = attrs.field(kw_only=True)
    by_staff: tuple[Tally, ...] = attrs.field(kw_only=True)
    first_response: Median = attrs.field(kw_only=True)
    resolution: Median = attrs.field(kw_only=True)
    first_response_in_sla: Rate = attrs.field(kw_only=True)
    resolved_in_sla: Rate = attrs.field(kw_only=True)
    promises_kept: Rate = attrs.field(kw_only=True)
    followed_up: Rate = attrs.field(kw_only=True)
    reopened: Rate = attrs.field(kw_only=True)
    repeat_customers: tuple[tuple[str, int], ...] = attrs.field(kw_only=True)
    reasons: tuple[Reason, ...] = attrs.field(kw_only=True)

    @property
    def vital_few(self) -> tuple[str, ...]:
        """The top causes that together make up 80 % of the diagnosed cases (Pareto)."""
        out = []
        for row in self.by_cause:
            out.append(row.label)
            if row.cumulative >= PARETO_SHARE:
                break
        return tuple(out)

    def to_records(
        self,
        *,
        table: _LessonTable = "causes",
        labels: Language | None = None,
    ) -> list[dict[str, object]]:
        """Return the lessons as plain rows, ready for ``pandas.DataFrame(...)``.

        Args:
            table: ``"causes"`` (the Pareto table, ranked), ``"products"`` or
                ``"staff"``: one row per label, keys ``cause``, ``product`` or
                ``staff_id``, then ``cases``, ``share``, ``cumulative`` and ``n`` (the
                cases behind the table). ``"figures"``: one row per figure, keys
                ``figure`` (``first_response``, ``resolution``,
                ``first_response_in_sla``, ``resolved_in_sla``, ``promises_kept``,
                ``followed_up``, ``reopened``), ``hours`` (the two medians, in working
                hours to the hundredth), ``share`` (the five rates), ``count`` and
                ``n``. ``"repeat_customers"``: keys ``customer_id`` and ``complaints``.
            labels: ``None`` for those keys, or ``"en"``, ``"zh_CN"`` or ``"zh_TW"``
                to key each row by the column labels in that language.

        Raises:
            InvalidInputError: An unknown table or language.
        """
        chosen = _tables.choose(table, _LESSON_TABLES)
        return _tables.records(chosen, self._rows(chosen), labels)

    def to_frame(
        self,
        backend: _frames_out.Backend = "pandas",
        *,
        money: _frames_out.Money = "float",
        table: _LessonTable = "causes",
        labels: Language | None = None,
    ) -> _frames_out.Frame:
        """Return the table of :meth:`to_records` as a typed data frame.

        The column types are the table's, whatever the values (an empty result has them
        too): the counts are int64 (``count`` of the figures null for the two medians), the
        shares and hours float64 rounded to 6 decimal places, the labels strings. The
        backend is imported now, never before.

        Args:
            backend: ``"pandas"`` or ``"polars"`` (a ``DataFrame``), or ``"pyarrow"``
                (a ``Table``).
            money: ``"float"`` or ``"decimal"`` (checked; the tables hold no money).
            table: A table of :meth:`to_records`.
            labels: ``None``, or a language to name the columns by their labels.

        Raises:
            InvalidInputError: An unknown backend, money type, table or language.
            MissingDependencyError: The backend is not installed.
        """
        chosen = _tables.choose(table, _LESSON_TABLES)
        return _frames_out.table_frame(
            chosen, self._rows(chosen), labels, backend=backend, money=money
        )

    def to_html(
        self,
        *,
        table: _LessonTable | None = None,
        language: Language = "en",
        max_rows: int | None = 50,
    ) -> str:
        """Return the lessons as escaped HTML with the library's own stylesheet.

        With no ``table``, the whole picture, summary first: the key figures (cases,
        diagnosed, the vital few causes, the median first response, the share resolved
        within the SLA), the complaints by cause (an inline SVG chart, CMP-LESSON), then
        the causes table (the Pareto table). With a ``table``, that table alone.

        Args:
            table: ``None`` for the whole picture, or a table of :meth:`to_records`.
            language: The language of the labels, the caption, the causes and the chart.
            max_rows: Most rows shown (``None`` for all); a last line counts the rest.

        Raises:
            InvalidInputError: An unknown table or language, or ``max_rows`` below 1.
        """
        if table is not None:
            chosen = _tables.choose(table, _LESSON_TABLES)
            rows = self._rows(chosen)
            return _tables.html_table(
                chosen,
                rows,
                count=len(rows),
                caption=self._caption(),
                language=language,
                max_rows=max_rows,
            )
        lang = check_language(language)
        _tables.row_limit(max_rows)
        rows = self._rows(_tables.LESSON_CAUSES)
        detail = _tables.table_html(
            _tables.LESSON_CAUSES,
            rows,
            count=len(rows),
            caption=self._caption(),
            language=lang,
            max_rows=max_rows,
        )
        causes = _tables.VALUES["cause"]
        chart = _charts.bars(
            [(row.label, in_language(causes[row.label], lang), row.count) for row in self.by_cause],
            title=in_language(_HTML_CAUSES, lang),
            name="lessons-causes",
            shown=[f"{row.count:,} ({percent(row.share)})" for row in self.by_cause],
        )
        parts = [self._html_figures(lang), chart, detail]
        return _tables.report(parts, tables=[_tables.LESSON_CAUSES], name="lessons-report")

    def _repr_html_(self) -> str:
        """The whole picture in English, for Jupyter (see :meth:`to_html`)."""
        return self.to_html()

    def _caption(self) -> dict[str, object]:
        return {
            "cases": f"{self.cases:,}",
            "diagnosed": f"{self.by_cause[0].n:,}" if self.by_cause else 0,
        }

    def _html_figures(self, language: Language) -> str:
        causes = _tables.VALUES["cause"]
        hours = in_hours(self.first_response.value)
        resolved = self.resolved_in_sla.value
        pairs = [
            (_HTML_CASES, f"{self.cases:,}"),
            (_HTML_DIAGNOSED, f"{self.by_cause[0].n:,}" if self.by_cause else "0"),
            (
                _HTML_VITAL_FEW,
                ", ".join(in_language(causes[cause], language) for cause in self.vital_few)
                or "\u2014",
            ),
            (_HTML_FIRST_RESPONSE, "\u2014" if hours is None else f"{hours} h"),
            (_HTML_IN_SLA, "\u2014" if resolved is None else percent(resolved)),
        ]
        return _tables.figures((in_language(label, language), value) for label, value in pairs)

    def _rows(self, table: _tables.Table) -> list[dict[str, object]]:
        if table is _tables.LESSON_FIGURES:
            return self._figures()
        if table is _tables.LESSON_REPEATS:
            return [
                {"customer_id": customer_id, "complaints": complaints}
                for customer_id, complaints in self.repeat_customers
            ]
        key, tallies = {
            _tables.LESSON_CAUSES.name: ("cause", self.by_cause),
            _tables.LESSON_PRODUCTS.name: ("product", self.by_product),
            _tables.LESSON_STAFF.name: ("staff_id", self.by_staff),
        }[table.name]
        return [
            {
                key: row.label,
                "cases": row.count,
                "share": row.share,
                "cumulative": row.cumulative,
                "n": row.n,
            }
            for row in tallies
        ]

    def _figures(self) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = [
            {
                "figure": name,
                "hours": in_hours(median.value),
                "share": None,
                "count": None,
                "n": median.n,
            }
            for name, median in (
                ("first_response", self.first_response),
                ("resolution", self.resolution),
            )
        ]
        rows += [
            {"figure": name, "hours": None, "share": rate.value, "count": rate.count, "n": rate.n}
            for name, rate in (
                ("first_response_in_sla", self.first_response_in_sla),
                ("resolved_in_sla", self.resolved_in_sla),
                ("promises_kept", self.promises_kept),
                ("followed_up", self.followed_up),
                ("reopened", self.reopened),
            )
        ]
        return rows


# The texts of the HTML picture, in English, simplified and traditional Chinese.
_HTML_CASES: Labels = ("Cases", "投诉件数", "客訴件數")
_HTML_DIAGNOSED: Labels = ("With a diagnosed cause", "已查明原因", "已查明原因")
_HTML_VITAL_FEW: Labels = ("The vital few causes", "关键少数原因", "關鍵少數原因")
_HTML_FIRST_RESPONSE: Labels = (
    "First response (median)",
    "首次回应用时（中位数）",
    "首次回應時間（中位數）",
)
_HTML_IN_SLA: Labels = ("Resolved within SLA", "解决达标", "解決達標")
_HTML_CAUSES: Labels = (
    "Complaints by cause (diagnosed cases)",
    "各原因的投诉件数（已查明原因）",
    "各原因的客訴件數（已查明原因）",
)

_LessonTable = Literal["causes", "products", "staff", "figures", "repeat_customers"]
_LESSON_TABLES = {
    "causes": _tables.LESSON_CAUSES,
    "products": _tables.LESSON_PRODUCTS,
    "staff": _tables.LESSON_STAFF,
    "figures": _tables.LESSON_FIGURES,
    "repeat_customers": _tables.LESSON_REPEATS,
}


def _cases(value: object) -> Iterator[Case]:
    seen: set[str] = set()
    for index, case in enumerate(check_iterable("cases", value, "Case")):
        check_instance(f"cases[{index}]", case, Case)
        if case.complaint_id in seen:
            msg = (
                f"cases[{index}]: expected one case per complaint, got {case.complaint_id!r} twice"
            )
            raise DuplicateError(msg)
        seen.add(case.complaint_id)
        yield case


def lessons(cases: Iterable[Case]) -> Lessons:
    """Add up what ``cases`` say about the store (CMP-LESSON).

    The order of ``cases`` does not matter. Times are working time as the SLA clocks
    count it (pauses excluded), each case's clocks read at its last event.

    Args:
        cases: The cases, one per complaint.

    Raises:
        DuplicateError: Two cases of the same complaint.
        InvalidTypeError: Something that is not a Case.
    """
    all_cases = sorted(_cases(cases), key=lambda c: c.complaint_id)
    causes: Counter[str] = Counter()
    products: Counter[str] = Counter()
    staff: Counter[str] = Counter()
    customers: Counter[str] = Counter()
    first: list[dt.timedelta] = []
    resolved: list[dt.timedelta] = []
    first_in = resolved_in = ever_resolved = followed = reopened = 0
    kept = settled = 0
    for case in all_cases:
        complaint = case.complaint
        customers[complaint.customer_id] += 1
        if case.cause is not None:
            causes[case.cause.value] += 1
        if complaint.product is not None:
            products[complaint.product] += 1
        if complaint.staff_id is not None:
            staff[complaint.staff_id] += 1
        status = sla_status(case, case.last_at)
        if case.first_response_at is not None:
            first.append(status.first_response.used)
            first_in += status.first_response.state is SlaState.MET
        if case.resolved_at is not None:
            resolved.append(status.resolution.used)
            resolved_in += status.resolution.state is SlaState.MET
        if case.kinds(EventKind.RESOLVED):
            ever_resolved += 1
            followed += bool(case.kinds(EventKind.FOLLOWED_UP))
        reopened += case.failures > 0
        for promise in case.promises:
            if promise.status is not PromiseStatus.OPEN:
                settled += 1
                kept += promise.status is PromiseStatus.KEPT
    cause_rank = {cause.value: index for index, cause in enumerate(Cause)}
    by_cause = _table(causes, cause_rank)
    repeat = tuple(
        sorted(
            ((c, k) for c, k in customers.items() if k > 1), key=lambda item: (-item[1], item[0])
        )
    )
    result = Lessons(
        len(all_cases),
        by_cause=by_cause,
        by_product=_table(products),
        by_staff=_table(staff),
        first_response=_median(first),
        resolution=_median(resolved),
        first_response_in_sla=_rate(first_in, len(first)),
        resolved_in_sla=_rate(resolved_in, len(resolved)),
        promises_kept=_rate(kept, settled),
        followed_up=_rate(followed, ever_resolved),
        reopened=_rate(reopened, len(all_cases)),
        repeat_customers=repeat,
        reasons=(),
    )
    return attrs.evolve(result, reasons=_reasons(result))


def _reasons(result: Lessons) -> tuple[Reason, ...]:
    if not result.by_cause:
        detail = f"no diagnosed cause yet among {plural(result.cases, 'case')}"
        return (Reason("CMP-LESSON", detail=detail),)
    n = result.by_cause[0].n
    few = result.vital_few
    top = ", ".join(
        f"{row.label} {row.count} ({percent(row.share, trim=True)})"
        for row in result.by_cause
        if row.label in few
    )
    cumulative = result.by_cause[len(few) - 1].cumulative
    out = [
        Reason(
            "CMP-LESSON",
            detail=f"{top}: {percent(SHARE.plus(cumulative), trim=True)} of "
            f"{plural(n, 'diagnosed case')}; fix these first",
        )
    ]
    if result.repeat_customers:
        out.append(
            Reason(
                "CMP-LESSON",
                detail=f"{plural(len(result.repeat_customers), 'customer')} complained more "
                "than once",
            )
        )
    return tuple(out)
