"""The early warning: who is drifting away, why, and the win-back contacts.

:func:`early_warning` checks every customer with purchases against their own rhythm
(CHURN-NOSURPRISE), adds BG/NBD's P(alive) when the host passes fitted parameters, and
for each customer at risk ranks the likely reasons from their complaints, survey
answers and purchases (CHURN-REASONS). :meth:`ChurnReport.winbacks` turns the at-risk
customers into win-back contacts for the cadence engine (CHURN-WINBACK): a message,
or a call for the classes the policy names (A by default).
"""

# The Chinese texts of the HTML picture use Chinese punctuation (full-width commas,
# colons and brackets).
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from typing import Literal

import attrs

from retention import _charts, _frames_out, _tables
from retention._i18n import Labels, Language, check_language, in_language
from retention._text import plural
from retention._validate import (
    add_days,
    check_date,
    check_id,
    check_instance,
    check_iterable,
    check_positive_int,
    describe,
    policy_or_default,
    to_enum,
)
from retention.cadence import Channel, WinBack
from retention.churn._bgnbd import (
    BgNbdParams,
    RfmSummary,
    checked_p_alive,
    checked_rfm_summary,
)
from retention.churn._policy import ChurnPolicy
from retention.churn._reasons import LikelyReason, checked_likely_reasons
from retention.churn._rhythm import Overdue, rhythm_check
from retention.complaints import Case
from retention.customers import Purchase, check_purchase
from retention.exceptions import InvalidInputError, InvalidTypeError
from retention.mappings import FrozenMap
from retention.rules import Reason
from retention.satisfaction import SatisfactionPolicy, Survey
from retention.segmentation import AbcClass

__all__ = ["ChurnReport", "ChurnRisk", "early_warning"]

_CLASS_RANK = {AbcClass.A: 0, AbcClass.B: 1, AbcClass.C: 2, None: 3}


@attrs.frozen
class ChurnRisk:
    """One customer the early warning flags, with why and what to do.

    Attributes:
        customer_id: The customer.
        abc: Their ABC class, if the host passed classes.
        overdue: The rhythm check (CHURN-NOSURPRISE).
        p_alive: BG/NBD P(alive), if parameters were given.
        summary: The ``(x, t_x, T)`` behind :attr:`p_alive`.
        likely: The likely reasons, best supported first (CHURN-REASONS).
        reasons: Why the customer is flagged.
    """

    customer_id: str
    abc: AbcClass | None = attrs.field(kw_only=True)
    overdue: Overdue = attrs.field(kw_only=True)
    p_alive: float | None = attrs.field(kw_only=True)
    summary: RfmSummary | None = attrs.field(kw_only=True)
    likely: tuple[LikelyReason, ...] = attrs.field(kw_only=True)
    reasons: tuple[Reason, ...] = attrs.field(kw_only=True)


@attrs.frozen
class ChurnReport:
    """The early warning of one day.

    Attributes:
        as_of: The day checked.
        checks: Every customer's rhythm check, by customer ID.
        at_risk: The customers flagged: class A first, then the most overdue, then by ID.
        policy: The policy used.
    """

    as_of: dt.date
    checks: FrozenMap[str, Overdue] = attrs.field(kw_only=True)
    at_risk: tuple[ChurnRisk, ...] = attrs.field(kw_only=True)
    policy: ChurnPolicy = attrs.field(kw_only=True, repr=False)

    def winback_channels(self) -> dict[str, Channel]:
        """The channel of each at-risk customer's win-back (CHURN-WINBACK), by customer.

        A call for the policy's ``call_classes`` (A by default), else a message: the
        channels :meth:`winbacks` gives, without making the contacts.
        """
        return {risk.customer_id: self._channel(risk) for risk in self.at_risk}

    def _channel(self, risk: ChurnRisk) -> Channel:
        return Channel.PHONE if risk.abc in self.policy.call_classes else Channel.MESSAGE

    def winbacks(self, *, due: dt.date | None = None) -> tuple[WinBack, ...]:
        """Win-back contacts for the at-risk customers (CHURN-WINBACK).

        Pass them to :func:`~retention.cadence.plan_contacts` as ``winbacks``; the
        planner keeps them within the caps, opt-outs and staff capacity like any
        invitation. Each is anchored on the customer's last purchase, so planning again
        on a later day finds the same contact and never invites twice for one lapse.

        Args:
            due: The day the contacts are due (default: the day after :attr:`as_of`).

        Raises:
            InvalidInputError: No ``due`` and :attr:`as_of` is 9999-12-31, which has no
                day after it.
            InvalidTypeError: ``due`` is not a date.
        """
        day = add_days("due", self.as_of, 1) if due is None else check_date("due", due)
        out = []
        for risk in self.at_risk:
            top = risk.likely[0] if risk.likely else None
            why = (
                f"likely {top.reason.value.replace('_', ' ')}: {top.cure}"
                if top
                else "no likely reason on record: ask them why (lost-customer analysis)"
            )
            out.append(
                WinBack(
                    risk.customer_id,
                    anchor=risk.overdue.last_purchase,
                    due=day,
                    channel=self._channel(risk),
                    window_days=self.policy.winback_window_days,
                    why=why,
                )
            )
        return tuple(out)

    def to_records(
        self,
        *,
        table: Literal["at_risk", "checks"] = "at_risk",
        labels: Language | None = None,
    ) -> list[dict[str, object]]:
        """Return the warning as plain rows, ready for ``pandas.DataFrame(...)``.

        Args:
            table: ``"at_risk"``: one row per customer at risk in the report's order
                (class A first, then the most overdue), keys ``customer_id``,
                ``abc_class``, ``signal``, ``last_purchase``, ``days_since``,
                ``purchase_days``, ``median_gap``, ``limit``, ``lateness`` (days since
                over the limit), ``p_alive`` (a float, ``None`` without BG/NBD
                parameters), ``likely_reason`` and ``cure`` (of the best supported
                reason, ``None`` if none is on record) and ``reasons`` (one line per
                reason). ``"checks"``: every customer's rhythm check in customer-ID
                order, keys ``customer_id``, ``overdue`` and the rhythm keys above.
            labels: ``None`` for those keys, or ``"en"``, ``"zh_CN"`` or ``"zh_TW"``
                to key each row by the column labels in that language.

        Raises:
            InvalidInputError: An unknown table or language.
        """
        chosen = _tables.choose(table, _CHURN_TABLES)
        return _tables.records(chosen, self._rows(chosen), labels)

    def to_frame(
        self,
        backend: _frames_out.Backend = "pandas",
        *,
        money: _frames_out.Money = "float",
        table: Literal["at_risk", "checks"] = "at_risk",
        labels: Language | None = None,
    ) -> _frames_out.Frame:
        """Return the table of :meth:`to_records` as a typed data frame.

        The column types are the table's, whatever the values (an empty result has them
        too): ``last_purchase`` is a date, the day counts int64, ``overdue`` a bool, the
        median gap, the limit and the lateness float64 rounded to 6 decimal places,
        ``p_alive`` float64 (null without BG/NBD parameters), the rest strings (``None`` as
        null). The backend is imported now, never before.

        Args:
            backend: ``"pandas"`` or ``"polars"`` (a ``DataFrame``), or ``"pyarrow"``
                (a ``Table``).
            money: ``"float"`` or ``"decimal"`` (checked; the tables hold no money).
            table: ``"at_risk"`` or ``"checks"``, as for :meth:`to_records`.
            labels: ``None``, or a language to name the columns by their labels.

        Raises:
            InvalidInputError: An unknown backend, money type, table or language.
            MissingDependencyError: The backend is not installed.
        """
        chosen = _tables.choose(table, _CHURN_TABLES)
        return _frames_out.table_frame(
            chosen, self._rows(chosen), labels, backend=backend, money=money
        )

    def to_html(
        self,
        *,
        table: Literal["at_risk", "checks"] | None = None,
        language: Language = "en",
        max_rows: int | None = 50,
    ) -> str:
        """Return the warning as escaped HTML with the library's own stylesheet.

        With no ``table``, the whole picture, summary first: the key figures (customers
        checked, at risk, class A at risk, the median P(alive) of those at risk), the
        customers by early-warning state (CHURN-NOSURPRISE) and, with BG/NBD
        parameters, a histogram of the P(alive) of the customers at risk (inline SVG
        charts), then the customers at risk in the report's order. With a ``table``,
        that table alone.

        Args:
            table: ``None`` for the whole picture, or ``"at_risk"`` or ``"checks"``, as
                for :meth:`to_records`.
            language: The language of the labels, the caption, the figures and the charts.
            max_rows: Most rows shown (``None`` for all); a last line counts the rest.

        Raises:
            InvalidInputError: An unknown table or language, or ``max_rows`` below 1.
        """
        if table is not None:
            chosen = _tables.choose(table, _CHURN_TABLES)
            return _tables.html_table(
                chosen,
                self._rows(chosen),
                count=len(self.at_risk) if chosen is _tables.CHURN else len(self.checks),
                caption=self._caption(),
                language=language,
                max_rows=max_rows,
            )
        lang = check_language(language)
        _tables.row_limit(max_rows)
        detail = _tables.table_html(
            _tables.CHURN,
            self._rows(_tables.CHURN),
            count=len(self.at_risk),
            caption=self._caption(),
            language=lang,
            max_rows=max_rows,
        )
        alive = [risk.p_alive for risk in self.at_risk if risk.p_alive is not None]
        parts = [self._figures(alive, lang), self._states(lang)]
        if alive:
            parts.append(
                _charts.histogram(
                    alive,
                    title=in_language(_HTML_P_ALIVE, lang),
                    x_label=in_language(_HTML_P_ALIVE_AXIS, lang),
                    name="churn-p-alive",
                )
            )
        parts.append(detail)
        return _tables.report(parts, tables=[_tables.CHURN], name="churn-report")

    def _repr_html_(self) -> str:
        """The whole picture in English, for Jupyter (see :meth:`to_html`)."""
        return self.to_html()

    def _caption(self) -> dict[str, object]:
        return {
            "as_of": self.as_of.isoformat(),
            "at_risk": f"{len(self.at_risk):,}",
            "customers": f"{len(self.checks):,}",
        }

    def _figures(self, alive: list[float], language: Language) -> str:
        class_a = sum(risk.abc is AbcClass.A for risk in self.at_risk)
        median = "\u2014" if not alive else f"{statistics.median(alive):.3f}"
        pairs = [
            (_HTML_DAY, self.as_of.isoformat()),
            (_HTML_CHECKED, f"{len(self.checks):,}"),
            (_HTML_AT_RISK, f"{len(self.at_risk):,}"),
            (_HTML_CLASS_A, f"{class_a:,}"),
            (_HTML_MEDIAN, median),
        ]
        return _tables.figures((in_language(label, language), value) for label, value in pairs)

    def _states(self, language: Language) -> str:
        """Customers within their rhythm, overdue, and at risk by P(alive) alone."""
        overdue = sum(check.overdue for check in self.checks.values())
        low = sum(not risk.overdue.overdue for risk in self.at_risk)
        counts = {"within": len(self.checks) - overdue - low, "overdue": overdue, "low": low}
        return _charts.bars(
            [(key, in_language(_HTML_STATES[key], language), n) for key, n in counts.items()],
            title=in_language(_HTML_STATE_TITLE, language).format(as_of=self.as_of.isoformat()),
            name="churn-states",
        )

    def _rows(self, table: _tables.Table) -> Iterator[dict[str, object]]:
        if table is _tables.CHURN_CHECKS:
            for customer_id, check in self.checks.items():
                yield {"customer_id": customer_id, "overdue": check.overdue, **_rhythm(check)}
            return
        for risk in self.at_risk:
            top = risk.likely[0] if risk.likely else None
            yield {
                "customer_id": risk.customer_id,
                "abc_class": risk.abc,
                **_rhythm(risk.overdue),
                "lateness": risk.overdue.lateness,
                "p_alive": risk.p_alive,
                "likely_reason": None if top is None else top.reason,
                "cure": None if top is None else top.cure,
                "reasons": "\n".join(str(reason) for reason in risk.reasons),
            }


_CHURN_TABLES = {"at_risk": _tables.CHURN, "checks": _tables.CHURN_CHECKS}

# The texts of the HTML picture, in English, simplified and traditional Chinese.
_HTML_DAY: Labels = ("Day", "日期", "日期")
_HTML_CHECKED: Labels = ("Customers checked", "检查的顾客", "檢查的顧客")
_HTML_AT_RISK: Labels = ("At risk", "有流失风险", "有流失風險")
_HTML_CLASS_A: Labels = ("Class A at risk", "A 类有流失风险", "A 類有流失風險")
_HTML_MEDIAN: Labels = (
    "Median P(alive) at risk",
    "有流失风险顾客的存活概率中位数",
    "有流失風險顧客的存活機率中位數",
)
_HTML_STATE_TITLE: Labels = (
    "Customers by early-warning state on {as_of}",
    "{as_of} 顾客的流失预警状态",
    "{as_of} 顧客的流失預警狀態",
)
_HTML_STATES: dict[str, Labels] = {
    "within": ("within their rhythm", "按自身节奏购买", "依自身節奏購買"),
    "overdue": ("overdue (at risk)", "已逾期（有流失风险）", "已逾期（有流失風險）"),
    "low": (
        "low P(alive) only (at risk)",
        "仅存活概率低（有流失风险）",
        "僅存活機率低（有流失風險）",
    ),
}
_HTML_P_ALIVE: Labels = (
    "P(alive) of the customers at risk",
    "有流失风险顾客的存活概率",
    "有流失風險顧客的存活機率",
)
_HTML_P_ALIVE_AXIS: Labels = ("P(alive)", "存活概率", "存活機率")


def _rhythm(check: Overdue) -> dict[str, object]:
    return {
        "signal": check.signal,
        "last_purchase": check.last_purchase,
        "days_since": check.days_since,
        "purchase_days": check.purchase_days,
        "median_gap": check.median_gap,
        "limit": check.limit,
    }


def _classes(value: object) -> dict[str, AbcClass]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        msg = f"classes: expected a mapping of customer ID to AbcClass, got {describe(value)}"
        raise InvalidTypeError(msg)
    return {
        check_id("classes", cid): to_enum(f"classes[{cid!r}]", AbcClass, abc)
        for cid, abc in value.items()
    }


def early_warning(
    purchases: Iterable[Purchase],
    *,
    as_of: dt.date,
    cases: Iterable[Case] = (),
    survey: Survey | None = None,
    undercut: Collection[str] = frozenset(),
    classes: Mapping[str, AbcClass] | None = None,
    params: BgNbdParams | None = None,
    unit_days: int = 7,
    policy: ChurnPolicy | None = None,
    satisfaction_policy: SatisfactionPolicy | None = None,
) -> ChurnReport:
    """Flag the customers drifting away on ``as_of``, with the likely reasons.

    Args:
        purchases: Every purchase, in any order; none after ``as_of``.
        as_of: "Today".
        cases: Complaint cases; a customer's own cases are evidence for their reasons.
        survey: A satisfaction survey; a customer's own response is evidence.
        undercut: Categories where a competitor undercuts the store's price.
        classes: ABC classes (e.g. an :class:`~retention.segmentation.AbcResult`), to
            rank A first and to call A-class customers back.
        params: Fitted BG/NBD parameters in units of ``unit_days`` days; with them a
            customer whose P(alive) falls below the policy's line is flagged too.
        unit_days: The time unit of ``params`` (7: weeks, as in the CDNOW fit).
        policy: The numbers; :class:`ChurnPolicy` defaults if ``None``.
        satisfaction_policy: What counts as a low answer.

    Returns:
        The report; the same inputs in any order give an equal report.

    Raises:
        InvalidInputError: A purchase after ``as_of``.
        InvalidTypeError: An argument of the wrong type.
    """
    as_of = check_date("as_of", as_of)
    used = policy_or_default(policy, ChurnPolicy)
    abc = _classes(classes)
    unit_days = check_positive_int("unit_days", unit_days)
    flagged_categories = frozenset(
        check_id("undercut", c) for c in check_iterable("undercut", undercut, "category names")
    )
    # Resolved once here, not once per customer at risk inside likely_reasons.
    satisfaction_policy = (
        SatisfactionPolicy()
        if satisfaction_policy is None
        else check_instance("satisfaction_policy", satisfaction_policy, SatisfactionPolicy)
    )
    if params is not None:
        check_instance("params", params, BgNbdParams)
    if survey is not None:
        check_instance("survey", survey, Survey)
    by_customer: dict[str, list[Purchase]] = {}
    for item in check_iterable("purchases", purchases, "Purchase values"):
        purchase = check_purchase(item)
        by_customer.setdefault(purchase.customer_id, []).append(purchase)
    days_of = {cid: sorted({p.date for p in bought}) for cid, bought in by_customer.items()}
    case_list = [
        check_instance("cases", c, Case) for c in check_iterable("cases", cases, "Case values")
    ]
    return warning_of_days(
        days_of,
        lambda flagged: {cid: by_customer[cid] for cid in flagged},
        as_of=as_of,
        cases=case_list,
        survey=survey,
        undercut=flagged_categories,
        classes=abc,
        params=params,
        unit_days=unit_days,
        policy=used,
        satisfaction_policy=satisfaction_policy,
    )


def warning_of_days(
    days_of: Mapping[str, Sequence[dt.date]],
    purchases_of: Callable[[Collection[str]], Mapping[str, Sequence[Purchase]]],
    *,
    as_of: dt.date,
    cases: Sequence[Case],
    survey: Survey | None,
    undercut: frozenset[str],
    classes: Mapping[str, AbcClass],
    params: BgNbdParams | None,
    unit_days: int,
    policy: ChurnPolicy,
    satisfaction_policy: SatisfactionPolicy,
) -> ChurnReport:
    """:func:`early_warning` of checked inputs, grouped by customer once by the caller.

    For :func:`early_warning` and :class:`~retention.store.Store`: ``days_of`` holds each
    customer's distinct purchase days in order, and ``purchases_of`` gives the purchases
    of the customers flagged (only they need their reasons read), so a caller that holds
    purchases by columns makes ``Purchase`` values for those alone.
    """
    used = policy
    cases_of: dict[str, list[Case]] = {}
    for case in cases:
        cases_of.setdefault(case.complaint.customer_id, []).append(case)
    responses = {r.respondent_id: r for r in survey.responses} if survey else {}
    checks: dict[str, Overdue] = {}
    found: list[tuple[str, Overdue, float | None, RfmSummary | None, list[Reason]]] = []
    for cid in sorted(days_of):
        days = days_of[cid]
        if days[-1] > as_of:
            msg = f"dates: expected days on or before as_of ({as_of}), got {days[-1]} for {cid!r}"
            raise InvalidInputError(msg)
        check = rhythm_check(cid, days, as_of=as_of, policy=used)
        checks[cid] = check
        alive = summary = None
        reasons = list(check.reasons)
        if params is not None:
            summary = checked_rfm_summary(days, as_of=as_of, unit=unit_days)
            alive = checked_p_alive(summary.x, summary.t_x, summary.T, params)
            low = alive < used.p_alive_below
            reasons.append(
                Reason._of(  # noqa: SLF001 - figures only, made here for every customer
                    "CHURN-NOSURPRISE",
                    f"BG/NBD P(alive) {alive:.3f} {'below' if low else 'at or above'} "
                    f"{used.p_alive_below} ({plural(summary.x, 'repeat purchase')}, last at "
                    f"{summary.t_x:.1f} of {summary.T:.1f} units of {unit_days} days)",
                )
            )
        if check.overdue or (alive is not None and alive < used.p_alive_below):
            found.append((cid, check, alive, summary, reasons))
    bought_by = purchases_of([cid for cid, *_ in found])
    risks = []
    for cid, check, alive, summary, reasons in found:
        likely = checked_likely_reasons(
            bought_by[cid],
            cases_of.get(cid, ()),
            undercut,
            recent=used.recent_purchases,
            policy=satisfaction_policy,
            response=responses.get(cid),
            survey=survey,
        )
        reasons += [r for item in likely for r in item.reasons]
        risks.append(
            ChurnRisk(
                cid,
                abc=classes.get(cid),
                overdue=check,
                p_alive=alive,
                summary=summary,
                likely=likely,
                reasons=tuple(reasons),
            )
        )
    risks.sort(key=lambda r: (_CLASS_RANK[r.abc], -r.overdue.lateness, r.customer_id))
    return ChurnReport(as_of, checks=FrozenMap(checks), at_risk=tuple(risks), policy=used)
