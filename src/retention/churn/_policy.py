"""ChurnPolicy: every number of the early warning in one place."""

from __future__ import annotations

from decimal import Decimal

import attrs

from retention._validate import (
    as_policy_error,
    check_iterable,
    policy_int_field,
    policy_number_field,
    to_enum,
)
from retention.segmentation import AbcClass

__all__ = ["ChurnPolicy"]


def _classes(value: object) -> frozenset[AbcClass]:
    items = as_policy_error(lambda: check_iterable("call_classes", value, "ABC classes"))
    return frozenset(_member(item) for item in items)


def _member(item: object) -> AbcClass:
    return as_policy_error(lambda: to_enum("call_classes", AbcClass, item))


@attrs.frozen(kw_only=True)
class ChurnPolicy:
    """The numbers of the early warning (CHURN-NOSURPRISE) and of win-back (CHURN-WINBACK).

    The seeds give no numbers here; every default is the library's decision.

    Every number has a range, checked on construction: ``rhythm_factor`` 1 to 100,
    ``min_purchases`` 2 to 1,000, ``hiatus_days`` 1 to 3,660 (ten years),
    ``p_alive_below`` 0 to 1, ``recent_purchases`` 1 to 1,000 and
    ``winback_window_days`` 1 to 365.

    Attributes:
        rhythm_factor: A customer with at least :attr:`min_purchases` purchase days is
            overdue when the days since their last purchase exceed this many times their
            median gap between purchase days (``k``, default 2).
        min_purchases: Purchase days needed before the customer's own rhythm is trusted
            (3, i.e. two gaps).
        hiatus_days: With fewer purchase days, overdue after this many days without a
            purchase (180).
        p_alive_below: With BG/NBD parameters given, a customer whose P(alive) falls
            below this is at risk too (0.5).
        recent_purchases: Purchases compared with the earlier ones to see whether the
            customer's needs moved to other categories (CHURN-REASONS, 3).
        winback_window_days: Days a win-back contact may take from its due day
            (CHURN-WINBACK, 7).
        call_classes: ABC classes called back by staff; the others get a message
            (CHURN-WINBACK: "a message or a call"; default: A, the few big customers).
    """

    rhythm_factor: Decimal = policy_number_field("rhythm_factor", 2, low=1, high=100)
    min_purchases: int = policy_int_field("min_purchases", 3, low=2, high=1_000)
    hiatus_days: int = policy_int_field("hiatus_days", 180, low=1, high=3_660)
    p_alive_below: Decimal = policy_number_field("p_alive_below", "0.5", low=0, high=1)
    recent_purchases: int = policy_int_field("recent_purchases", 3, low=1, high=1_000)
    winback_window_days: int = policy_int_field("winback_window_days", 7, low=1, high=365)
    call_classes: frozenset[AbcClass] = attrs.field(
        default=frozenset({AbcClass.A}), converter=_classes
    )
