"""ABC classes by spend or by count (SEG-ABC) and the focus they imply (SEG-FOCUS).

The rule, exactly. Let ``T`` be the total spend of ``n`` customers and, for a customer
with spend ``s``:

* ``G(s)`` = the spend of all customers who spent strictly more than ``s``;
* ``G'(s)`` = the spend of all customers who spent at least ``s`` (ties included);
* ``N(s)`` = the number of customers who spent strictly more than ``s``.

=================  =============================================================
policy             class
=================  =============================================================
spend, "upper"     A if ``G(s) < a*T``, else B if ``G(s) < b*T``, else C
spend, "inclusive" A if ``G'(s) <= a*T``, else B if ``G'(s) <= b*T``, else C
count              A if ``N(s) < a*n``, else B if ``N(s) < b*n``, else C
=================  =============================================================

A customer with zero spend is always C. Every comparison is exact (Decimal arithmetic
with rounding trapped), and each class is a threshold on spend, so equal spenders
always share a class and input order never matters.

The work splits in two, for engines that partition customers: :func:`fit_abc` does the
global step once (sort, cumulative sums, cut-off spends) and returns small
:class:`AbcCutoffs`; :meth:`AbcCutoffs.classify` then classifies any single spend
anywhere. :func:`classify_abc` does both and keeps what ``explain`` needs.
"""

# The Chinese texts of the HTML picture use Chinese punctuation (full-width commas,
# colons and brackets).
# ruff: noqa: RUF001

from __future__ import annotations

import enum
import functools
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import ROUND_CEILING, Decimal, InvalidOperation, localcontext
from itertools import accumulate
from typing import Literal, cast, overload

import attrs

from retention import _charts, _frames_out, _tables
from retention._decimal import EXACT, ZERO, share
from retention._i18n import Labels, Language, check_language, in_language
from retention._text import percent, plural
from retention._validate import (
    RANGE,
    SHARE_RANGE,
    as_policy_error,
    check_by_customer,
    check_fraction,
    check_instance,
    describe,
    to_enum,
    to_money,
    to_share,
)
from retention.customers import SpendTotals
from retention.exceptions import (
    EmptyInputError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    UnknownCustomerError,
)
from retention.mappings import FrozenMap
from retention.rules import Reason

#: The numbers ABC runs on: exact ints of 1/10,000ths (from spend_totals) or Decimals.
_Number = int | Decimal

__all__ = [
    "AbcBasis",
    "AbcClass",
    "AbcClassSummary",
    "AbcCutoffs",
    "AbcPolicy",
    "AbcResult",
    "Boundary",
    "classify_abc",
    "fit_abc",
]


@functools.total_ordering
class AbcClass(enum.Enum):
    """The three classes of SEG-ABC. Members compare by rank: ``A < B < C``."""

    A = "A"
    B = "B"
    C = "C"

    @property
    def focus(self) -> str:
        """What SEG-FOCUS asks the store to do for customers of this class."""
        return _FOCUS[self]

    @property
    def rank(self) -> int:
        """The order of priority when capacity is short; 0 for A, 1 for B, 2 for C."""
        return _RANK[self]

    def __lt__(self, other: object) -> bool:
        """Order by priority: A before B before C."""
        if not isinstance(other, AbcClass):
            return NotImplemented
        return _RANK[self] < _RANK[other]


_RANK = {AbcClass.A: 0, AbcClass.B: 1, AbcClass.C: 2}

#: SEG-FOCUS (seed 004): win and hold A, take care of B, serve C at the lowest cost.
_FOCUS = {
    AbcClass.A: "win and hold: the store's focus, served first when capacity is short",
    AbcClass.B: "take care of: served after A when capacity is short",
    AbcClass.C: "serve at the lowest cost: served last when capacity is short",
}


class AbcBasis(enum.Enum):
    """What the ABC cut-offs are shares of."""

    SPEND = "spend"
    """Cumulative share of total spend; the default, with 80 % / 15 % / 5 %."""
    COUNT = "count"
    """Share of the number of customers (e.g. top 20 % / next 30 % / last 50 %)."""


class Boundary(enum.Enum):
    """Which side of the line the customer who crosses it falls on (spend basis)."""

    UPPER = "upper"
    """The customer who crosses the ``a`` line is in A, so A holds at least ``a*T``."""
    INCLUSIVE = "inclusive"
    """A holds customers whose cumulative spend, ties included, stays within ``a*T``.

    This is the convention of SAP's ABC analysis and similar tools."""


def _boundary(value: object) -> Boundary:
    return as_policy_error(lambda: to_enum("boundary", Boundary, value))


def _basis(value: object) -> AbcBasis:
    return as_policy_error(lambda: to_enum("basis", AbcBasis, value))


def _a(value: object) -> Decimal:
    return as_policy_error(lambda: to_share("a", value))


def _b(value: object) -> Decimal:
    return as_policy_error(lambda: to_share("b", value))


def _spend(field: str, value: object) -> Decimal:
    """Return a valid spend: a finite Decimal without a sign as it is, else converted.

    A signed zero (``Decimal("-0")``) goes through :func:`to_money`, which makes it zero.
    """
    if type(value) is Decimal and value.is_finite() and not value.is_signed():
        return value
    return to_money(field, value)


@attrs.frozen(kw_only=True)
class AbcPolicy:
    """How customers are cut into A, B and C (SEG-ABC).

    ``AbcPolicy()`` is the spend policy with the defaults: A = the customers making up
    the first 80 % of spend, B = the next 15 %, C = the last 5 %. Build other policies
    with :meth:`by_spend` and :meth:`by_count`.

    Attributes:
        basis: Shares of spend or shares of the number of customers.
        a: The A line, a share with ``0 < a < b``.
        b: The B line, a share with ``a < b <= 1``.
        boundary: Who takes the customer crossing a line (spend basis only).

    Raises:
        InvalidPolicyError: The lines are out of order or out of range.
    """

    basis: AbcBasis = attrs.field(default=AbcBasis.SPEND, converter=_basis)
    a: Decimal = attrs.field(default=Decimal("0.80"), converter=_a, metadata={RANGE: SHARE_RANGE})
    b: Decimal = attrs.field(default=Decimal("0.95"), converter=_b, metadata={RANGE: SHARE_RANGE})
    boundary: Boundary = attrs.field(default=Boundary.UPPER, converter=_boundary)

    def __attrs_post_init__(self) -> None:
        """Check ``0 < a < b <= 1``."""
        try:
            check_fraction("a", self.a, allow_one=False)
            check_fraction("b", self.b)
        except InvalidInputError as exc:
            raise InvalidPolicyError(str(exc)) from None
        if not self.a < self.b:
            msg = f"a, b: expected 0 < a < b <= 1, got a={self.a}, b={self.b}"
            raise InvalidPolicyError(msg)

    @classmethod
    def by_spend(
        cls,
        *,
        a: Decimal | str | int = Decimal("0.80"),
        b: Decimal | str | int = Decimal("0.95"),
        boundary: Boundary | Literal["upper", "inclusive"] = "upper",
    ) -> AbcPolicy:
        """Cut by cumulative share of spend (default 80 % / 95 %, crossing customer in A)."""
        return cls(basis=AbcBasis.SPEND, a=a, b=b, boundary=boundary)

    @classmethod
    def by_count(
        cls,
        *,
        a: Decimal | str | int = Decimal("0.20"),
        b: Decimal | str | int = Decimal("0.50"),
    ) -> AbcPolicy:
        """Cut by share of customers ranked by spend (default top 20 %, next 30 %)."""
        return cls(basis=AbcBasis.COUNT, a=a, b=b)

    def describe(self) -> str:
        """Say the policy in a few words, e.g. ``"spend 80 % / 95 %, upper"``."""
        a, b = _pct(self.a), _pct(self.b)
        if self.basis is AbcBasis.COUNT:
            return f"count {a} / {b} of customers"
        return f"spend {a} / {b}, {self.boundary.value}"


def _neg(value: _Number) -> _Number:
    """Key that lets ``bisect`` search the descending spend list."""
    return -value


def _pct(fraction: Decimal) -> str:
    """Render a share as a percentage with at most two decimals, e.g. ``"80 %"``."""
    return percent(fraction, places=2, trim=True)


def _money(value: Decimal) -> str:
    return f"{value:,f}"


@attrs.frozen(kw_only=True)
class AbcCutoffs:
    """The fitted cut-off spends: the global step of ABC, small enough to ship anywhere.

    Attributes:
        policy: The policy the cut-offs were fitted with.
        customers: How many customers the fit saw.
        total: Their total spend ``T``.
        a_cutoff: The lowest spend in class A (``None`` when A is empty).
        b_cutoff: The lowest spend in class B (``None`` when B is empty).
    """

    policy: AbcPolicy
    customers: int
    total: Decimal
    a_cutoff: Decimal | None
    b_cutoff: Decimal | None

    def classify(self, spend: Decimal | int | str) -> AbcClass:
        """Classify one spend: A at or above the A cut-off, else B at or above B's.

        A spend of zero is always C. For a spend the fit saw, the answer is the one
        :func:`classify_abc` gives; a spend it did not see is placed by the same
        thresholds.

        Raises:
            InvalidInputError: ``spend`` is negative or not finite.
            InvalidTypeError: ``spend`` is not a number.
        """
        return self._classify(_spend("spend", spend))

    def _classify(self, amount: Decimal) -> AbcClass:
        if not amount:
            return AbcClass.C
        a, b = self.a_cutoff, self.b_cutoff
        if a is not None and amount >= a:
            return AbcClass.A
        if b is not None and amount >= b:
            return AbcClass.B
        return AbcClass.C


@attrs.frozen(kw_only=True)
class AbcClassSummary:
    """One row of the ABC table.

    Attributes:
        abc_class: The class.
        customers: How many customers are in it.
        spend: Their total spend.
        share_of_customers: ``customers / n`` (28 digits).
        share_of_spend: ``spend / T`` (28 digits).
        lowest_spend: The lowest spend in the class (``None`` when it is empty).
    """

    abc_class: AbcClass
    customers: int
    spend: Decimal
    share_of_customers: Decimal
    share_of_spend: Decimal
    lowest_spend: Decimal | None


def _missing_customer(key: object) -> UnknownCustomerError:
    return UnknownCustomerError(f"customer_id: no customer {key!r} in this ABC result")


@attrs.frozen(kw_only=True)
class AbcResult(Mapping[str, AbcClass]):
    """The ABC class of every customer, with the cut-offs and the reasons.

    A read-only mapping from customer ID to :class:`AbcClass`, iterated in customer-ID
    order. An unknown ID raises :class:`~retention.exceptions.UnknownCustomerError`
    (a ``KeyError``). Built by :func:`classify_abc`; not meant to be constructed by hand.

    Attributes:
        cutoffs: The fitted cut-off spends (see :class:`AbcCutoffs`).
        classes: A read-only mapping from customer ID to class.
        totals: The spend behind each class, per customer.
        summary: One :class:`AbcClassSummary` row per class, A first.
    """

    cutoffs: AbcCutoffs
    classes: FrozenMap[str, AbcClass]
    totals: Mapping[str, Decimal] = attrs.field(eq=False, repr=False)
    summary: tuple[AbcClassSummary, AbcClassSummary, AbcClassSummary]
    # The raw numbers the fit ran on (exact ints of 1/10,000ths, or Decimals), for explain().
    _numbers: Mapping[str, _Number] = attrs.field(eq=False, repr=False)
    _descending: list[_Number] = attrs.field(eq=False, repr=False)
    _prefix: list[_Number] = attrs.field(eq=False, repr=False)
    _to_money: Callable[[_Number], Decimal] = attrs.field(eq=False, repr=False)

    def __getitem__(self, customer_id: str) -> AbcClass:
        """Return the class of ``customer_id``."""
        return self.classes[customer_id]

    def __iter__(self) -> Iterator[str]:
        """Iterate over customer IDs in sorted order."""
        return iter(self.classes)

    def __len__(self) -> int:
        """Return the number of customers."""
        return len(self.classes)

    def __contains__(self, customer_id: object) -> bool:
        """Say whether ``customer_id`` was classified."""
        return customer_id in self.classes

    def row(self, abc_class: AbcClass) -> AbcClassSummary:
        """Return the summary row of one class (an :class:`AbcClass` or its value, ``"A"``).

        Raises:
            InvalidInputError: ``abc_class`` is not an ABC class.
        """
        return self.summary[to_enum("abc_class", AbcClass, abc_class).rank]

    def explain(self, customer_id: str) -> tuple[Reason, ...]:
        """Say why ``customer_id`` is in its class: SEG-ABC with the figures, then SEG-FOCUS.

        Raises:
            UnknownCustomerError: The customer was not classified.
            InvalidTypeError: ``customer_id`` is not a string.
        """
        abc_class = self.classes[check_instance("customer_id", customer_id, str)]
        return (
            Reason("SEG-ABC", detail=self._abc_detail(customer_id, abc_class)),
            Reason("SEG-FOCUS", detail=f"class {abc_class.value}: {abc_class.focus}"),
        )

    def to_records(
        self,
        *,
        table: Literal["customers", "summary"] = "customers",
        labels: Language | None = None,
    ) -> list[dict[str, object]]:
        """Return the result as plain rows, ready for ``pandas.DataFrame(...)``.

        Values are plain Python (``str``, ``int``, ``Decimal``); the class is its letter.

        Args:
            table: ``"customers"``: one row per customer in customer-ID order, keys
                ``customer_id``, ``abc_class``, ``spend``, ``share_of_spend`` (of total
                spend) and ``rank`` (1 for the biggest spender; equal spenders share a
                rank). ``"summary"``: one row per class, A first, keys ``abc_class``,
                ``customers``, ``share_of_customers``, ``spend``, ``share_of_spend``
                and ``lowest_spend``.
            labels: ``None`` for those keys, or ``"en"``, ``"zh_CN"`` or ``"zh_TW"``
                to key each row by the column labels in that language.

        Raises:
            InvalidInputError: An unknown table or language.
        """
        chosen = _tables.choose(table, _ABC_TABLES)
        return _tables.records(chosen, self._rows(chosen), labels)

    def to_frame(
        self,
        backend: _frames_out.Backend = "pandas",
        *,
        money: _frames_out.Money = "float",
        table: Literal["customers", "summary"] = "customers",
        labels: Language | None = None,
    ) -> _frames_out.Frame:
        """Return the table of :meth:`to_records` as a typed data frame.

        The column types are the table's, whatever the values (an empty result has
        them too): money is float64, or an exact decimal with ``money="decimal"``;
        shares are float64 rounded to 6 decimal places; the class is a string and the
        counts and the rank int64. The backend is imported now, never before.

        Args:
            backend: ``"pandas"`` or ``"polars"`` (a ``DataFrame``), or ``"pyarrow"``
                (a ``Table``).
            money: ``"float"`` or ``"decimal"``.
            table: ``"customers"`` or ``"summary"``, as for :meth:`to_records`.
            labels: ``None``, or a language to name the columns by their labels.

        Raises:
            InvalidInputError: An unknown backend, money type, table or language.
            MissingDependencyError: The backend is not installed.
        """
        chosen = _tables.choose(table, _ABC_TABLES)
        return _frames_out.table_frame(
            chosen, self._rows(chosen), labels, backend=backend, money=money
        )

    def to_html(
        self,
        *,
        table: Literal["customers", "summary"] | None = None,
        language: Language = "en",
        max_rows: int | None = 50,
    ) -> str:
        """Return the result as escaped HTML with the library's own stylesheet.

        With no ``table``, the whole picture, summary first: the key figures (customers,
        total spend, each class's customers and share of spend), the Pareto curve with
        the A and B lines (an inline SVG chart, SEG-ABC), then the customers table,
        highest spend first (ties by customer ID). With a ``table``, that table alone.
        Records keep customer-ID order; only the HTML reads biggest spenders first.

        Args:
            table: ``None`` for the whole picture, or ``"customers"`` or ``"summary"``,
                as for :meth:`to_records`.
            language: The language of the labels, the caption, the figures and the chart.
            max_rows: Most customers shown (``None`` for all); a last line counts the rest.

        Raises:
            InvalidInputError: An unknown table or language, or ``max_rows`` below 1.
        """
        if table is not None:
            chosen = _tables.choose(table, _ABC_TABLES)
            rows = (
                self._rows(chosen)
                if chosen is _tables.ABC_SUMMARY
                else self._customer_rows(self._by_spend(_tables.row_limit(max_rows)))
            )
            return _tables.html_table(
                chosen,
                rows,
                count=len(self.classes) if chosen is _tables.ABC else len(self.summary),
                caption=self._caption(),
                language=language,
                max_rows=max_rows,
            )
        lang = check_language(language)
        limit = _tables.row_limit(max_rows)
        detail = _tables.table_html(
            _tables.ABC,
            self._customer_rows(self._by_spend(limit)),
            count=len(self.classes),
            caption=self._caption(),
            language=lang,
            max_rows=max_rows,
        )
        parts = [self._figures(lang), self._pareto(lang), detail]
        return _tables.report(parts, tables=[_tables.ABC], name="abc-report")

    def _repr_html_(self) -> str:
        """The whole picture in English, for Jupyter (see :meth:`to_html`)."""
        return self.to_html()

    def _caption(self) -> dict[str, object]:
        return {
            "customers": f"{self.cutoffs.customers:,}",
            "total": _money(self.cutoffs.total),
            "a": f"{self.summary[0].customers:,}",
            "b": f"{self.summary[1].customers:,}",
            "c": f"{self.summary[2].customers:,}",
        }

    def _by_spend(self, limit: int | None) -> list[str]:
        """Customer IDs highest spend first, ties by ID: the first ``limit`` (all if None)."""
        numbers = self._numbers

        def key(customer_id: str) -> tuple[_Number, str]:
            return -numbers[customer_id], customer_id

        if limit is None or limit >= len(numbers):
            return sorted(numbers, key=key)
        floor = self._descending[limit - 1]  # only spends at or above it can be shown
        return sorted((cid for cid, spend in numbers.items() if spend >= floor), key=key)[:limit]

    def _customer_rows(self, customer_ids: Iterable[str]) -> Iterator[dict[str, object]]:
        total, desc = self.cutoffs.total, self._descending
        for customer_id in customer_ids:
            spend = self.totals[customer_id]
            yield {
                "customer_id": customer_id,
                "abc_class": self.classes[customer_id],
                "spend": spend,
                "share_of_spend": share(spend, total),
                "rank": bisect_left(desc, -self._numbers[customer_id], key=_neg) + 1,
            }

    def _figures(self, language: Language) -> str:
        pairs = [
            (in_language(_HTML_CUSTOMERS, language), f"{self.cutoffs.customers:,}"),
            (in_language(_HTML_TOTAL, language), _money(self.cutoffs.total)),
        ]
        for row in self.summary:
            label = in_language(_HTML_CLASS, language).format(c=row.abc_class.value)
            value = in_language(_HTML_CLASS_FIGURES, language).format(
                customers=f"{row.customers:,}",
                share_customers=percent(row.share_of_customers),
                share_spend=percent(row.share_of_spend),
            )
            pairs.append((label, value))
        pairs.append((in_language(_HTML_POLICY, language), self.cutoffs.policy.describe()))
        return _tables.figures(pairs)

    def _pareto(self, language: Language) -> str:
        in_a = self.summary[0].customers
        return _charts.pareto_curve(
            _Cumulative(self._prefix, self._to_money),
            lines=[("A", in_a), ("B", in_a + self.summary[1].customers)],
            title=in_language(_HTML_PARETO, language),
            x_label=in_language(_HTML_PARETO_X, language),
            y_label=in_language(_HTML_PARETO_Y, language),
        )

    def _rows(self, table: _tables.Table) -> Iterator[dict[str, object]]:
        if table is _tables.ABC_SUMMARY:
            for row in self.summary:
                yield {
                    "abc_class": row.abc_class,
                    "customers": row.customers,
                    "share_of_customers": row.share_of_customers,
                    "spend": row.spend,
                    "share_of_spend": row.share_of_spend,
                    "lowest_spend": row.lowest_spend,
                }
            return
        total, desc = self.cutoffs.total, self._descending
        for customer_id, abc_class in self.classes.items():
            spend = self.totals[customer_id]
            yield {
                "customer_id": customer_id,
                "abc_class": abc_class,
                "spend": spend,
                "share_of_spend": share(spend, total),
                "rank": bisect_left(desc, -self._numbers[customer_id], key=_neg) + 1,
            }

    def _abc_detail(self, customer_id: str, abc_class: AbcClass) -> str:
        policy, total, n = self.cutoffs.policy, self.cutoffs.total, self.cutoffs.customers
        desc, prefix, to_money = self._descending, self._prefix, self._to_money
        spend = self._numbers[customer_id]
        above = bisect_left(desc, -spend, key=_neg)  # customers who spent strictly more
        rank = f"spend {_money(to_money(spend))} ranks {above + 1} of {n}"
        if not spend:
            return f"{rank}; zero spend is always class C"
        if policy.basis is AbcBasis.COUNT:
            figure = f"{plural(above, 'customer')} spent more ({_pct(share(above, n))} of {n})"
            under, over = "under", "at or over"
        elif policy.boundary is Boundary.UPPER:
            held = to_money(prefix[above])
            figure = (
                f"customers who spent more hold {_pct(share(held, total))} "
                f"of total spend {_money(total)}"
            )
            under, over = "under", "at or over"
        else:
            held = to_money(prefix[bisect_right(desc, -spend, key=_neg)])
            figure = (
                f"customers who spent at least as much hold {_pct(share(held, total))} "
                f"of total spend {_money(total)}"
            )
            under, over = "within", "over"
        a_line, b_line = f"the A line {_pct(policy.a)}", f"the B line {_pct(policy.b)}"
        where = {
            AbcClass.A: f"{under} {a_line}",
            AbcClass.B: f"{over} {a_line}, {under} {b_line}",
            AbcClass.C: f"{over} {b_line}",
        }[abc_class]
        return f"{rank}; {figure}, {where}: class {abc_class.value} ({policy.describe()})"


_ABC_TABLES = {"customers": _tables.ABC, "summary": _tables.ABC_SUMMARY}

# The texts of the HTML picture, in English, simplified and traditional Chinese.
_HTML_CUSTOMERS: Labels = ("Customers", "顾客数", "顧客數")
_HTML_TOTAL: Labels = ("Total spend", "总消费额", "總消費金額")
_HTML_CLASS: Labels = ("Class {c}", "{c} 类", "{c} 類")
_HTML_CLASS_FIGURES: Labels = (
    "{customers} customers ({share_customers}), {share_spend} of spend",
    "{customers} 位顾客（{share_customers}），占消费额 {share_spend}",
    "{customers} 位顧客（{share_customers}），佔消費金額 {share_spend}",
)
_HTML_POLICY: Labels = ("Cut", "分类规则", "分類規則")
_HTML_PARETO: Labels = (
    "Pareto curve: the share of spend held by the biggest spenders",
    "帕累托曲线：消费最多的顾客所占的消费额",
    "帕累托曲線：消費最多的顧客所佔的消費金額",
)
_HTML_PARETO_X: Labels = (
    "Share of customers, biggest spenders first",
    "顾客占比（按消费额从高到低）",
    "顧客佔比（依消費金額由高至低）",
)
_HTML_PARETO_Y: Labels = ("Share of spend", "消费额占比", "消費金額佔比")


class _Cumulative(Sequence[Decimal]):
    """The cumulative spends of a fit as money, converted only where the chart reads."""

    def __init__(self, prefix: list[_Number], to_money: Callable[[_Number], Decimal]) -> None:
        self._prefix = prefix
        self._to_money = to_money

    def __len__(self) -> int:
        return len(self._prefix)

    @overload
    def __getitem__(self, index: int) -> Decimal: ...

    @overload
    def __getitem__(self, index: slice) -> list[Decimal]: ...

    def __getitem__(self, index: int | slice) -> Decimal | list[Decimal]:
        if isinstance(index, slice):
            return [self._to_money(value) for value in self._prefix[index]]
        return self._to_money(self._prefix[index])


def _checked_spends(
    totals: object,
) -> tuple[
    Mapping[str, Decimal],
    Mapping[str, _Number],
    Callable[[_Number], Decimal],
    list[_Number] | None,
]:
    """Check ``totals``; return a view, the raw numbers, their money form, maybe sorted.

    The last is the spends highest first when the check sorted them. Totals from
    :func:`~retention.customers.spend_totals` are trusted and may be exact integers of
    1/10,000ths, which sort and add faster than Decimals; every comparison below is
    exact for both.
    """
    if isinstance(totals, SpendTotals):
        numbers, money = totals._numbers()  # noqa: SLF001 - the library's own fast path
        return totals, numbers, money, None
    plain = _plain_spends(totals)
    if plain is not None:
        checked, descending = plain
        return FrozenMap(checked, missing=_missing_customer), checked, Decimal, descending
    checked = check_by_customer("totals", totals, "spend", _spend)
    return FrozenMap(checked, missing=_missing_customer), checked, Decimal, None


def _plain_spends(totals: object) -> tuple[dict[str, Decimal], list[_Number]] | None:
    """A copy of a plain ``dict`` of ``str`` to valid ``Decimal``, and its sorted spends.

    The common case, checked in a few passes without a call per customer (the
    per-customer checks of :func:`check_by_customer` cost more than the sort): the
    types in two passes, then the values on the sort the fit needs anyway (a NaN stops
    the sort, an infinity sorts first, a negative or signed zero last). ``None`` for any
    other input or any doubt: the careful way then names the bad entry.
    """
    if not _plain_types(totals):
        return None
    plain = cast("dict[str, Decimal]", totals)
    try:
        with localcontext(EXACT):  # traps InvalidOperation, whatever the caller's context
            descending: list[Decimal] = sorted(plain.values(), reverse=True)
    except InvalidOperation:  # a NaN
        return None
    if descending and not (descending[0].is_finite() and descending[-1] >= 0):
        return None
    for spend in reversed(descending):  # the zeros are last: none may be -0
        if not spend:
            if spend.is_signed():
                return None
        else:
            break
    return dict(plain), cast("list[_Number]", descending)


def _plain_types(totals: object) -> bool:
    """Whether ``totals`` is a ``dict`` of non-blank ``str`` to ``Decimal`` (C-level passes)."""
    if type(totals) is not dict:
        return False
    try:
        if not all(map(str.strip, totals)):  # a blank ID strips to ""
            return False
    except TypeError:  # a key that is not a str
        return False
    return set(map(type, totals.values())) <= {Decimal}


def _lowest_at_or_above(desc: list[_Number], threshold: _Number | None) -> _Number | None:
    """Return the threshold itself, or the lowest positive spend if it is zero."""
    if threshold is None or threshold:
        return threshold
    # A zero threshold takes everybody, but zero spenders are C: the lowest member is
    # then the lowest positive spend.
    zero: _Number = ZERO
    positive = bisect_left(desc, zero, key=_neg)  # number of customers with spend > 0
    return desc[positive - 1] if positive else None


def _threshold(
    desc: list[_Number],
    prefix: list[_Number],
    line: Decimal,
    *,
    policy: AbcPolicy,
    total: _Number,
) -> _Number | None:
    """Return the lowest spend in the class-or-better that ends at ``line``."""
    n = len(desc)
    if policy.basis is AbcBasis.COUNT:
        # N(s) < line*n  <=>  N(s) < j with j = ceil(line*n)  <=>  s >= desc[j-1]
        j = int((line * n).to_integral_value(rounding=ROUND_CEILING))
        return desc[j - 1]
    limit = line * total
    if policy.boundary is Boundary.UPPER:
        # G(s) = prefix[N(s)] < limit  <=>  N(s) < j, j = first k with prefix[k] >= limit
        j = bisect_left(prefix, limit)
        return desc[j - 1]
    # G'(s) = prefix[#(spend >= s)] <= limit  <=>  #(spend >= s) < j,
    # j = first k with prefix[k] > limit  <=>  s > desc[j-1]
    j = bisect_right(prefix, limit)
    if j > n:
        return desc[-1]
    above = bisect_left(desc, -desc[j - 1], key=_neg)  # customers strictly above desc[j-1]
    return desc[above - 1] if above else None


@attrs.frozen(kw_only=True)
class _Fit:
    """What the global step leaves behind, in raw numbers."""

    cutoffs: AbcCutoffs
    a_cut: _Number | None
    b_cut: _Number | None
    descending: list[_Number]
    prefix: list[_Number]


def _fit(
    spends: Mapping[str, _Number],
    policy: AbcPolicy,
    to_money: Callable[[_Number], Decimal],
    descending: list[_Number] | None = None,
) -> _Fit:
    if not isinstance(policy, AbcPolicy):
        msg = f"policy: expected an AbcPolicy, got {describe(policy)}"
        raise InvalidTypeError(msg)
    n = len(spends)
    if not n:
        msg = "totals: expected at least one customer, got an empty mapping"
        raise EmptyInputError(msg)
    with localcontext(EXACT):
        desc: list[_Number] = (
            sorted(spends.values(), reverse=True) if descending is None else descending
        )
        prefix: list[_Number] = [0, *accumulate(desc)]
        total = prefix[-1]
        if not total:
            msg = (
                "totals: expected a positive total spend to rank, "
                f"got {plural(n, 'customer')} spending 0"
            )
            raise EmptyInputError(msg)
        a_thr = _threshold(desc, prefix, policy.a, policy=policy, total=total)
        b_thr = _threshold(desc, prefix, policy.b, policy=policy, total=total)
    a_cut = _lowest_at_or_above(desc, a_thr)
    b_cut = _lowest_at_or_above(desc, b_thr)
    if b_cut is not None and a_cut is not None and b_cut >= a_cut:
        b_cut = None  # everybody at or above B's threshold is already in A: B is empty
    cutoffs = AbcCutoffs(
        policy=policy,
        customers=n,
        total=to_money(total),
        a_cutoff=None if a_cut is None else to_money(a_cut),
        b_cutoff=None if b_cut is None else to_money(b_cut),
    )
    return _Fit(cutoffs=cutoffs, a_cut=a_cut, b_cut=b_cut, descending=desc, prefix=prefix)


def fit_abc(totals: Mapping[str, Decimal], policy: AbcPolicy | None = None) -> AbcCutoffs:
    """Fit the cut-off spends over a whole customer base (the global step of SEG-ABC).

    Args:
        totals: Customer ID to total spend (e.g. from
            :func:`~retention.customers.spend_totals`); ints, Decimals, decimal strings.
        policy: The cut; ``AbcPolicy()`` (spend 80 % / 95 %, upper) when omitted.

    Returns:
        The cut-offs; :meth:`AbcCutoffs.classify` then classifies any customer alone.

    Raises:
        EmptyInputError: No customers, or a total spend of zero (nothing to rank).
        InvalidInputError: A spend is negative or not finite.
        InvalidTypeError: ``totals`` is not a mapping, or a key or value has a wrong type.
    """
    _, spends, to_money, descending = _checked_spends(totals)
    used = AbcPolicy() if policy is None else policy
    return _fit(spends, used, to_money, descending).cutoffs


def classify_abc(totals: Mapping[str, Decimal], policy: AbcPolicy | None = None) -> AbcResult:
    """Put every customer in class A, B or C (SEG-ABC), with reasons.

    Args:
        totals: Customer ID to total spend (e.g. from
            :func:`~retention.customers.spend_totals`); ints, Decimals, decimal strings.
        policy: The cut; ``AbcPolicy()`` (spend 80 % / 95 %, upper) when omitted.

    Returns:
        A read-only mapping from customer ID to class, with the cut-offs, a summary row
        per class and :meth:`AbcResult.explain`.

    Raises:
        EmptyInputError: No customers, or a total spend of zero (nothing to rank).
        InvalidInputError: A spend is negative or not finite.
        InvalidTypeError: ``totals`` is not a mapping, or a key or value has a wrong type.

    Example:
        >>> from retention.segmentation import classify_abc
        >>> result = classify_abc({"big": 800, "mid": 150, "small": 50})
        >>> [result[c].value for c in ("big", "mid", "small")]
        ['A', 'B', 'C']
    """
    view, spends, to_money, descending = _checked_spends(totals)
    fit = _fit(spends, AbcPolicy() if policy is None else policy, to_money, descending)
    # Inline thresholds: both cut-offs are positive, so a zero spend falls through to C.
    a_cut = _INFINITY if fit.a_cut is None else fit.a_cut
    b_cut = _INFINITY if fit.b_cut is None else fit.b_cut
    a, b, c = AbcClass.A, AbcClass.B, AbcClass.C
    classes = {
        cid: a if spend >= a_cut else b if spend >= b_cut else c for cid, spend in spends.items()
    }
    return AbcResult(
        cutoffs=fit.cutoffs,
        classes=FrozenMap(classes, missing=_missing_customer),
        totals=view,
        summary=_summarise(fit, to_money),
        numbers=spends,
        descending=fit.descending,
        prefix=fit.prefix,
        to_money=to_money,
    )


_INFINITY = Decimal("Infinity")


def _summarise(
    fit: _Fit, to_money: Callable[[_Number], Decimal]
) -> tuple[AbcClassSummary, AbcClassSummary, AbcClassSummary]:
    """Build the three table rows from the sorted spends, without a pass per customer."""
    desc, prefix = fit.descending, fit.prefix
    n, total = fit.cutoffs.customers, fit.cutoffs.total

    def at_or_above(cut: _Number | None) -> int:
        return 0 if cut is None else bisect_right(desc, -cut, key=_neg)

    in_a = at_or_above(fit.a_cut)
    in_ab = max(in_a, at_or_above(fit.b_cut))
    bounds = ((0, in_a), (in_a, in_ab), (in_ab, n))
    rows = []
    for abc_class, (start, stop) in zip(AbcClass, bounds, strict=True):
        with localcontext(EXACT):
            spend = to_money(prefix[stop] - prefix[start])
        lowest = to_money(desc[stop - 1]) if stop > start else None
        rows.append(
            AbcClassSummary(
                abc_class=abc_class,
                customers=stop - start,
                spend=spend,
                share_of_customers=share(stop - start, n),
                share_of_spend=share(spend, total),
                lowest_spend=lowest,
            )
        )
    return rows[0], rows[1], rows[2]
