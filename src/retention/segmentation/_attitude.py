"""Attitude toward the brand: Kotler's four patterns and the seed's three groups.

SEG-ATTITUDE (seed 004) sorts customers into loyal customers (early adopters of new
products among them), brand-switching customers and customers with no brand loyalty.
The library reads that attitude from behaviour, the sequence of brands (or stores) a
customer bought in time order, through Kotler's four loyalty patterns:

===========  ==========  ===============================================  =========
pattern      example     test (thresholds in :class:`AttitudePolicy`)       group
===========  ==========  ===============================================  =========
hard-core    ``AAAAAA``  the top brand holds >= ``hard_core_share``         loyal
shifting     ``AAABBB``  each brand is one run of >= ``shift_min_run``      switching
                         purchases and no brand comes back
split        ``AABBAB``  the top ``split_brands`` brands bought more       loyal
                         than once hold >= ``split_share``
switcher     ``ACEBDB``  none of the above                                   no loyalty
===========  ==========  ===============================================  =========

The tests run in that order. Split loyalty counts only brands the customer came back
to: ``ABC`` (three brands, one purchase each) shows no loyalty to anything. The tests
look only at which purchases share a brand, never at brand names, so relabelling
brands never changes the answer. Fewer purchases than ``min_purchases`` give no
pattern ("not enough evidence") rather than a guess. A declared attitude (from a
survey) can be passed too; the result reports both and says which one decided.
"""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import groupby

import attrs

from retention import _frames_out, _tables
from retention._decimal import share
from retention._i18n import Language
from retention._text import percent, plural
from retention._validate import (
    RANGE,
    SHARE_RANGE,
    as_policy_error,
    check_fraction,
    check_id,
    check_iterable,
    describe,
    policy_int_field,
    to_share,
)
from retention.customers import CustomerHistory
from retention.exceptions import (
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    UnknownCustomerError,
)
from retention.mappings import FrozenMap
from retention.rules import Reason

__all__ = [
    "Attitude",
    "AttitudePolicy",
    "AttitudeResult",
    "Evidence",
    "KotlerPattern",
    "classify_attitude",
    "classify_attitudes",
]


class KotlerPattern(enum.Enum):
    """Kotler's four brand-loyalty patterns, read from a brand sequence."""

    HARD_CORE = "hard_core"
    """Buys one brand all the time (``AAAAAA``)."""
    SPLIT = "split"
    """Loyal to two or three brands (``AABBAB``)."""
    SHIFTING = "shifting"
    """Moves from one brand to another and stays (``AAABBB``)."""
    SWITCHER = "switcher"
    """No loyalty to any brand (``ACEBDB``)."""

    @property
    def attitude(self) -> Attitude:
        """The seed's group for this pattern."""
        return _GROUP[self]


class Attitude(enum.Enum):
    """The seed's three attitude groups (SEG-ATTITUDE, seed 004)."""

    LOYAL = "loyal"
    """Loyal customers; early adopters of new products count among them."""
    SWITCHING = "switching"
    """Brand-switching customers."""
    NO_LOYALTY = "no_loyalty"
    """Customers with no brand loyalty."""


_GROUP = {
    KotlerPattern.HARD_CORE: Attitude.LOYAL,
    KotlerPattern.SPLIT: Attitude.LOYAL,
    KotlerPattern.SHIFTING: Attitude.SWITCHING,
    KotlerPattern.SWITCHER: Attitude.NO_LOYALTY,
}


class Evidence(enum.Enum):
    """What decided a customer's attitude."""

    BEHAVIOUR = "behaviour"
    """The brand sequence of the customer's purchases."""
    DECLARATION = "declaration"
    """What the customer declared, e.g. in a survey."""
    NONE = "none"
    """Nothing decided; too few purchases and no declaration."""


def _fraction(field: str, value: object) -> Decimal:
    return as_policy_error(lambda: check_fraction(field, to_share(field, value)))


def _hard_core_share(value: object) -> Decimal:
    return _fraction("hard_core_share", value)


def _split_share(value: object) -> Decimal:
    return _fraction("split_share", value)


def _evidence(value: object) -> Evidence:
    if value in (Evidence.BEHAVIOUR, Evidence.DECLARATION):
        return value
    if value in ("behaviour", "declaration"):
        return Evidence(value)
    msg = f"prefer: expected 'behaviour' or 'declaration', got {describe(value)}"
    raise InvalidPolicyError(msg)


@attrs.frozen(kw_only=True)
class AttitudePolicy:
    """Thresholds for reading attitude from behaviour (SEG-ATTITUDE).

    The seed gives no numbers; these defaults are the library's decision.

    Every number has a range, checked on construction: ``min_purchases`` 1 to 1,000,
    ``split_brands`` 2 to 100, ``shift_min_run`` 1 to 1,000, and the shares more than
    0 and at most 1.

    Attributes:
        min_purchases: Fewer branded purchases than this give "not enough evidence".
        hard_core_share: The top brand's share of purchases that makes a hard-core loyal.
        split_brands: How many brands a split loyal divides purchases among at most.
        split_share: The share of purchases those brands (each bought more than once)
            must hold together. The default 0.75 makes ``AAAB`` split loyal.
        shift_min_run: The fewest consecutive purchases of each brand in a shift.
        prefer: Which evidence decides when behaviour and a declaration disagree.
    """

    min_purchases: int = policy_int_field("min_purchases", 3, low=1, high=1_000)
    hard_core_share: Decimal = attrs.field(
        default=Decimal("0.8"), converter=_hard_core_share, metadata={RANGE: SHARE_RANGE}
    )
    split_brands: int = policy_int_field("split_brands", 3, low=2, high=100)
    split_share: Decimal = attrs.field(
        default=Decimal("0.75"), converter=_split_share, metadata={RANGE: SHARE_RANGE}
    )
    shift_min_run: int = policy_int_field("shift_min_run", 2, low=1, high=1_000)
    prefer: Evidence = attrs.field(default=Evidence.BEHAVIOUR, converter=_evidence)


def _check_declared(value: object) -> Attitude | None:
    if value is None or isinstance(value, Attitude):
        return value
    try:
        return Attitude(value)
    except ValueError:
        choices = ", ".join(repr(a.value) for a in Attitude)
        msg = f"declared: expected an Attitude or one of {choices}, got {describe(value)}"
        raise InvalidInputError(msg) from None


@attrs.frozen(kw_only=True)
class AttitudeResult:
    """A customer's attitude, the evidence behind it and the reasons.

    Attributes:
        purchases: How many branded purchases were read.
        pattern: Kotler's pattern, or ``None`` with too few purchases.
        behaviour: The group the behaviour shows, or ``None`` with too few purchases.
        declared: The declared group, if one was passed.
        attitude: The group the library settles on, or ``None`` if nothing decided.
        decided_by: Which evidence decided.
        reasons: Why (SEG-ATTITUDE).
    """

    purchases: int
    pattern: KotlerPattern | None
    behaviour: Attitude | None
    declared: Attitude | None
    attitude: Attitude | None
    decided_by: Evidence
    reasons: tuple[Reason, ...]

    @property
    def enough_evidence(self) -> bool:
        """Whether anything decided the attitude."""
        return self.decided_by is not Evidence.NONE

    @property
    def is_loyal(self) -> bool:
        """Whether the customer counts as loyal."""
        return self.attitude is Attitude.LOYAL

    def to_records(self, *, labels: Language | None = None) -> list[dict[str, object]]:
        """Return the result as one plain row, ready for ``pandas.DataFrame(...)``.

        The row's keys are ``purchases``, ``pattern``, ``behaviour``, ``declared``,
        ``attitude``, ``decided_by`` and ``reasons`` (one line per reason); enums are
        their values. For many customers use :meth:`records_of`.

        Args:
            labels: ``None`` for those keys, or ``"en"``, ``"zh_CN"`` or ``"zh_TW"``
                to key the row by the column labels in that language.

        Raises:
            InvalidInputError: An unknown language.
        """
        return _tables.records(_tables.ATTITUDE, [self._row()], labels)

    def to_frame(
        self,
        backend: _frames_out.Backend = "pandas",
        *,
        money: _frames_out.Money = "float",
        labels: Language | None = None,
    ) -> _frames_out.Frame:
        """Return :meth:`to_records`'s row as a typed one-row data frame.

        ``purchases`` is int64, the rest strings (``None`` as null); for many customers
        use :meth:`frame_of`. The backend is imported now, never before.

        Args:
            backend: ``"pandas"`` or ``"polars"`` (a ``DataFrame``), or ``"pyarrow"``
                (a ``Table``).
            money: ``"float"`` or ``"decimal"`` (checked; the row holds no money).
            labels: ``None``, or a language to name the columns by their labels.

        Raises:
            InvalidInputError: An unknown backend, money type or language.
            MissingDependencyError: The backend is not installed.
        """
        return _frames_out.table_frame(
            _tables.ATTITUDE, [self._row()], labels, backend=backend, money=money
        )

    def to_html(self, *, language: Language = "en") -> str:
        """Return the result as a one-row HTML table with a caption, every text escaped.

        Raises:
            InvalidInputError: An unknown language.
        """
        return _tables.html_table(
            _tables.ATTITUDE,
            [self._row()],
            count=1,
            caption={"purchases": self.purchases},
            language=language,
        )

    def _repr_html_(self) -> str:
        """The result in English, for Jupyter (see :meth:`to_html`)."""
        return self.to_html()

    @staticmethod
    def records_of(
        results: Mapping[str, AttitudeResult], *, labels: Language | None = None
    ) -> list[dict[str, object]]:
        """Return one plain row per customer of ``results``, in the mapping's order.

        Each row is :meth:`to_records`'s with ``customer_id`` first; pass what
        :func:`classify_attitudes` returns.

        Raises:
            InvalidInputError: An unknown language.
            InvalidTypeError: ``results`` is not a mapping of customer ID to result.
        """
        return _tables.records(_tables.ATTITUDES, _many(results), labels)

    @staticmethod
    def frame_of(
        results: Mapping[str, AttitudeResult],
        backend: _frames_out.Backend = "pandas",
        *,
        money: _frames_out.Money = "float",
        labels: Language | None = None,
    ) -> _frames_out.Frame:
        """Return :meth:`records_of`'s rows as a typed data frame (see :meth:`to_frame`).

        Raises:
            InvalidInputError: An unknown backend, money type or language.
            InvalidTypeError: ``results`` is not a mapping of customer ID to result.
            MissingDependencyError: The backend is not installed.
        """
        return _frames_out.table_frame(
            _tables.ATTITUDES, _many(results), labels, backend=backend, money=money
        )

    @staticmethod
    def html_of(
        results: Mapping[str, AttitudeResult],
        *,
        language: Language = "en",
        max_rows: int | None = 50,
    ) -> str:
        """Return :meth:`records_of`'s table as escaped HTML, with a caption counting the groups.

        Raises:
            InvalidInputError: An unknown language, or ``max_rows`` below 1.
            InvalidTypeError: ``results`` is not a mapping of customer ID to result.
        """
        groups = Counter(result.attitude for result in _checked_results(results).values())
        return _tables.html_table(
            _tables.ATTITUDES,
            _many(results),
            count=len(results),
            caption={
                "customers": f"{len(results):,}",
                "loyal": groups[Attitude.LOYAL],
                "switching": groups[Attitude.SWITCHING],
                "no_loyalty": groups[Attitude.NO_LOYALTY],
                "unknown": groups[None],
            },
            language=language,
            max_rows=max_rows,
        )

    def _row(self) -> dict[str, object]:
        return {
            "purchases": self.purchases,
            "pattern": self.pattern,
            "behaviour": self.behaviour,
            "declared": self.declared,
            "attitude": self.attitude,
            "decided_by": self.decided_by,
            "reasons": "\n".join(str(reason) for reason in self.reasons),
        }


def _checked_results(results: object) -> Mapping[str, AttitudeResult]:
    if not isinstance(results, Mapping):
        msg = (
            f"results: expected a mapping of customer ID to AttitudeResult, got {describe(results)}"
        )
        raise InvalidTypeError(msg)
    for cid, result in results.items():
        if not isinstance(result, AttitudeResult):
            msg = f"results[{cid!r}]: expected an AttitudeResult, got {describe(result)}"
            raise InvalidTypeError(msg)
    return results


def _many(results: Mapping[str, AttitudeResult]) -> Iterator[dict[str, object]]:
    for customer_id, result in _checked_results(results).items():
        yield {"customer_id": customer_id, **result._row()}  # noqa: SLF001  # same module


def _pattern(brands: Sequence[str], policy: AttitudePolicy) -> tuple[KotlerPattern, str]:
    """Return the pattern of a long-enough brand sequence and the figures that decided."""
    n = len(brands)
    counts = sorted(Counter(brands).values(), reverse=True)
    distinct = len(counts)
    runs = [sum(1 for _ in run) for _, run in groupby(brands)]
    top = share(counts[0], n)
    head = f"{plural(n, 'purchase')} of {plural(distinct, 'brand')} in {plural(len(runs), 'run')}"
    if top >= policy.hard_core_share:
        return KotlerPattern.HARD_CORE, (
            f"{head}; the top brand holds {percent(top)} >= {percent(policy.hard_core_share)}"
        )
    if len(runs) == distinct and min(runs) >= policy.shift_min_run:
        return KotlerPattern.SHIFTING, (
            f"{head}; each brand is one run of >= {policy.shift_min_run} and none comes back"
        )
    repeated = [count for count in counts[: policy.split_brands] if count > 1]
    held = share(sum(repeated), n)
    if held >= policy.split_share:
        return KotlerPattern.SPLIT, (
            f"{head}; the top {plural(len(repeated), 'brand')} bought again hold "
            f"{percent(held)} >= {percent(policy.split_share)}"
        )
    return KotlerPattern.SWITCHER, (
        f"{head}; no brand holds {percent(policy.hard_core_share)}, the top "
        f"{policy.split_brands} brands bought again hold only {percent(held)} < "
        f"{percent(policy.split_share)}, and it is no clean shift"
    )


def classify_attitude(
    brands: Iterable[str],
    policy: AttitudePolicy | None = None,
    *,
    declared: Attitude | str | None = None,
) -> AttitudeResult:
    """Read a customer's attitude from the brands they bought, in time order.

    Args:
        brands: The brand (or store) of each purchase, oldest first.
        policy: Thresholds; ``AttitudePolicy()`` when omitted.
        declared: What the customer declared (e.g. in a survey), if known.

    Returns:
        The pattern, the behavioural and declared groups, the deciding group and reasons.

    Raises:
        InvalidTypeError: ``brands`` is a string (not a sequence of brands) or holds a
            non-string, or ``policy`` is not an :class:`AttitudePolicy`.
        InvalidInputError: A brand is empty, or ``declared`` is not an attitude.

    Example:
        >>> classify_attitude(list("AABBAB")).pattern
        <KotlerPattern.SPLIT: 'split'>
    """
    policy = AttitudePolicy() if policy is None else policy
    if not isinstance(policy, AttitudePolicy):
        msg = f"policy: expected an AttitudePolicy, got {describe(policy)}"
        raise InvalidTypeError(msg)
    if isinstance(brands, str | bytes):
        msg = (
            "brands: expected a sequence of brand names (use list('AABBAB') for letters), "
            f"got {describe(brands)}"
        )
        raise InvalidTypeError(msg)
    sequence = tuple(check_iterable("brands", brands, "brand names"))
    for i, brand in enumerate(sequence):
        check_id(f"brands[{i}]", brand)
    wish = _check_declared(declared)
    reasons: list[Reason] = []
    pattern = behaviour = None
    if len(sequence) >= policy.min_purchases:
        pattern, detail = _pattern(sequence, policy)
        behaviour = pattern.attitude
        reasons.append(
            Reason("SEG-ATTITUDE", detail=f"{detail}: {pattern.value} -> {behaviour.value}")
        )
    else:
        reasons.append(
            Reason(
                "SEG-ATTITUDE",
                detail=(
                    f"{plural(len(sequence), 'branded purchase')} < {policy.min_purchases}: "
                    "not enough evidence to read an attitude from behaviour"
                ),
            )
        )
    attitude, decided_by = _decide(behaviour, wish, policy, reasons)
    return AttitudeResult(
        purchases=len(sequence),
        pattern=pattern,
        behaviour=behaviour,
        declared=wish,
        attitude=attitude,
        decided_by=decided_by,
        reasons=tuple(reasons),
    )


def _decide(
    behaviour: Attitude | None,
    declared: Attitude | None,
    policy: AttitudePolicy,
    reasons: list[Reason],
) -> tuple[Attitude | None, Evidence]:
    if declared is None:
        if behaviour is None:
            return None, Evidence.NONE
        return behaviour, Evidence.BEHAVIOUR
    if behaviour is None:
        reasons.append(
            Reason("SEG-ATTITUDE", detail=f"declared {declared.value}, taken for lack of behaviour")
        )
        return declared, Evidence.DECLARATION
    if behaviour is declared:
        reasons.append(
            Reason("SEG-ATTITUDE", detail=f"declared {declared.value} agrees with behaviour")
        )
        return behaviour, policy.prefer
    winner = behaviour if policy.prefer is Evidence.BEHAVIOUR else declared
    reasons.append(
        Reason(
            "SEG-ATTITUDE",
            detail=(
                f"declared {declared.value} disagrees with behaviour {behaviour.value}; "
                f"the policy prefers {policy.prefer.value}: {winner.value}"
            ),
        )
    )
    return winner, policy.prefer


def _missing_customer(key: object) -> UnknownCustomerError:
    return UnknownCustomerError(f"customer_id: no customer {key!r} in these attitudes")


def classify_attitudes(
    histories: Mapping[str, CustomerHistory],
    policy: AttitudePolicy | None = None,
    *,
    declared: Mapping[str, Attitude | str] | None = None,
) -> FrozenMap[str, AttitudeResult]:
    """Classify the attitude of every customer in ``histories``.

    Args:
        histories: Customer ID to history (from
            :func:`~retention.customers.build_histories`).
        policy: Thresholds; ``AttitudePolicy()`` when omitted.
        declared: Declared attitudes by customer ID, for the customers who have one.

    Returns:
        A read-only mapping from customer ID to :class:`AttitudeResult`.

    Raises:
        UnknownCustomerError: ``declared`` names a customer with no history.
        InvalidTypeError: An argument has the wrong type.
    """
    if not isinstance(histories, Mapping):
        msg = f"histories: expected a mapping of customer ID to history, got {describe(histories)}"
        raise InvalidTypeError(msg)
    declared = {} if declared is None else declared
    if not isinstance(declared, Mapping):
        msg = f"declared: expected a mapping of customer ID to attitude, got {describe(declared)}"
        raise InvalidTypeError(msg)
    for cid in declared:
        if cid not in histories:
            msg = f"declared: customer {cid!r} has no purchase history"
            raise UnknownCustomerError(msg)
    results = {}
    for cid, history in histories.items():
        if not isinstance(history, CustomerHistory):
            msg = f"histories[{cid!r}]: expected a CustomerHistory, got {describe(history)}"
            raise InvalidTypeError(msg)
        results[cid] = classify_attitude(history.brands, policy, declared=declared.get(cid))
    return FrozenMap(results, missing=_missing_customer)
