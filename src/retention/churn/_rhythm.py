"""Overdue against the customer's own rhythm (CHURN-NOSURPRISE).

Seed 003: a defection should never be a surprise. A customer with at least
``min_purchases`` purchase days is overdue when the days since their last purchase
exceed ``rhythm_factor`` times their median gap between purchase days; with fewer
purchase days the store-wide ``hiatus_days`` applies. Several purchases on one day count
as one visit, so a basket split over two receipts does not halve the rhythm.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import statistics
from collections.abc import Iterable, Sequence
from decimal import Decimal

import attrs

from retention._decimal import EXACT, SHARE
from retention._text import plural
from retention._validate import check_date, check_id, check_iterable, policy_or_default
from retention.churn._policy import ChurnPolicy
from retention.exceptions import EmptyInputError, InvalidInputError
from retention.rules import Reason

__all__ = ["Overdue", "Signal", "is_overdue", "overdue", "rhythm_check"]


class Signal(enum.Enum):
    """Which test decided (CHURN-NOSURPRISE)."""

    RHYTHM = "rhythm"
    """The customer's own rhythm: days since > k x median gap."""
    HIATUS = "hiatus"
    """Too few purchase days for a rhythm: days since > the store-wide hiatus."""


@attrs.frozen
class Overdue:
    """Whether one customer is overdue, and the numbers that decided.

    Attributes:
        customer_id: The customer.
        signal: The test used.
        overdue: Whether they are overdue.
        last_purchase: Their last purchase day.
        days_since: Days from it to ``as_of``.
        purchase_days: Distinct purchase days.
        median_gap: Median days between purchase days (``None`` under the hiatus test).
        limit: The days since that would make them overdue when exceeded.
        reasons: Why (CHURN-NOSURPRISE), with the figures.
    """

    customer_id: str
    signal: Signal = attrs.field(kw_only=True)
    overdue: bool = attrs.field(kw_only=True)
    last_purchase: dt.date = attrs.field(kw_only=True)
    days_since: int = attrs.field(kw_only=True)
    purchase_days: int = attrs.field(kw_only=True)
    median_gap: Decimal | None = attrs.field(kw_only=True)
    limit: Decimal = attrs.field(kw_only=True)
    reasons: tuple[Reason, ...] = attrs.field(kw_only=True)

    @property
    def lateness(self) -> Decimal:
        """Days since over the limit (above 1: overdue), for ranking warnings."""
        return SHARE.divide(Decimal(self.days_since), self.limit) if self.limit else Decimal(0)


def is_overdue(days: Sequence[dt.date], since: int, policy: ChurnPolicy) -> bool:
    """:func:`overdue`'s verdict alone, in whole numbers (for many customers at once).

    ``days`` are sorted distinct purchase days, ``since`` the days from the last to the
    day checked. Over ``rhythm_factor`` times the median gap is ``2 * since`` over the
    factor times twice the median, which is a whole number of days.
    """
    if len(days) < policy.min_purchases:
        return since > policy.hiatus_days
    gaps = sorted((b - a).days for a, b in itertools.pairwise(days))
    middle = len(gaps) // 2
    twice_median = gaps[middle] * 2 if len(gaps) % 2 else gaps[middle - 1] + gaps[middle]
    return 2 * since > policy.rhythm_factor * twice_median


def _plain(number: Decimal) -> Decimal:
    """``29.0`` as ``29``; other numbers as they are."""
    whole = number.to_integral_value()
    return whole if number == whole else number


def overdue(
    customer_id: str,
    dates: Iterable[dt.date],
    *,
    as_of: dt.date,
    policy: ChurnPolicy | None = None,
) -> Overdue:
    """Whether ``customer_id``, who bought on ``dates``, is overdue on ``as_of``.

    Example:
        >>> import datetime as dt
        >>> days = [dt.date(2025, 1, 1), dt.date(2025, 1, 31), dt.date(2025, 3, 2)]
        >>> check = overdue("c1", days, as_of=dt.date(2025, 5, 10))
        >>> check.overdue, check.median_gap, check.limit
        (True, Decimal('30'), Decimal('60'))

    Raises:
        EmptyInputError: No purchase days.
        InvalidInputError: A purchase after ``as_of``.
    """
    customer_id = check_id("customer_id", customer_id)
    as_of = check_date("as_of", as_of)
    used = policy_or_default(policy, ChurnPolicy)
    days = sorted({check_date("dates", d) for d in check_iterable("dates", dates, "dates")})
    if not days:
        msg = f"dates: expected at least one purchase day for {customer_id!r}, got none"
        raise EmptyInputError(msg)
    last = days[-1]
    if last > as_of:
        msg = f"dates: expected days on or before as_of ({as_of}), got {last} for {customer_id!r}"
        raise InvalidInputError(msg)
    return rhythm_check(customer_id, days, as_of=as_of, policy=used)


def rhythm_check(
    customer_id: str, days: Sequence[dt.date], *, as_of: dt.date, policy: ChurnPolicy
) -> Overdue:
    """:func:`overdue` of checked input: sorted distinct ``days``, none after ``as_of``."""
    used = policy
    last = days[-1]
    since = (as_of - last).days
    told = f"{since} days since the last purchase on {last}"
    counted = plural(len(days), "purchase day")
    median: Decimal | None = None
    if len(days) >= used.min_purchases:
        gaps = [(b - a).days for a, b in itertools.pairwise(days)]
        median = _plain(Decimal(str(statistics.median(gaps))))
        limit = _plain(EXACT.multiply(used.rhythm_factor, median))
        signal = Signal.RHYTHM
        test = (
            f"{used.rhythm_factor} x the median gap of {median} days between {counted} "
            f"({limit} days)"
        )
    else:
        limit = Decimal(used.hiatus_days)
        signal = Signal.HIATUS
        test = (
            f"the store's {used.hiatus_days}-day hiatus (only {counted}, fewer than "
            f"{used.min_purchases} for a rhythm of their own)"
        )
    late = since > limit
    return Overdue(
        customer_id,
        signal=signal,
        overdue=late,
        last_purchase=last,
        days_since=since,
        purchase_days=len(days),
        median_gap=median,
        limit=limit,
        reasons=(
            # Figures and days only (the customer ID is not in it): no check needed.
            Reason._of("CHURN-NOSURPRISE", f"{told}, {'over' if late else 'within'} {test}"),  # noqa: SLF001
        ),
    )
