"""Customer-retention rules for stores: who the big customers are, who is loyal.

``import retention`` is light: it loads only :mod:`retention.exceptions`, and never
holidays, cattrs, hypothesis, pytest or pandas. The names most hosts need are
re-exported here and imported on first use (PEP 562), so ``from retention import
plan_contacts`` costs what :mod:`retention.cadence` costs, and ``import retention``
almost nothing. Each module documents the rest.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from retention.exceptions import (
    DuplicateError,
    EmptyInputError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTransitionError,
    InvalidTypeError,
    MissingDependencyError,
    OutOfCalendarError,
    RetentionError,
    UnknownContactError,
    UnknownCustomerError,
    UnknownRuleError,
)

if TYPE_CHECKING:
    from retention.cadence import (
        CadencePolicy,
        ContactDecision,
        ContactPlan,
        CustomerProfile,
        StaffMember,
        StoreEvent,
        build_profiles,
        plan_contacts,
    )
    from retention.calendar import (
        StoreCalendar,
        StoreDay,
    )
    from retention.churn import (
        fit_bgnbd,
    )
    from retention.complaints import (
        Case,
        Complaint,
        ComplaintPolicy,
        lessons,
        sla_status,
    )
    from retention.customers import (
        CustomerHistory,
        Purchase,
        SpendTotals,
        build_histories,
        spend_totals,
    )
    from retention.hours import (
        StoreHours,
    )
    from retention.mappings import (
        FrozenMap,
    )
    from retention.rules import (
        RULES,
        Reason,
        Rule,
        rule,
    )
    from retention.segmentation import (
        AbcClass,
        AbcCutoffs,
        AbcPolicy,
        AbcResult,
        Attitude,
        AttitudePolicy,
        AttitudeResult,
        EarlyAdopterPolicy,
        KotlerPattern,
        Launch,
        Motive,
        SeriesIndex,
        Temperament,
        classify_abc,
        classify_attitude,
        classify_attitudes,
        find_early_adopters,
        fit_abc,
        series_index,
    )
    from retention.store import (
        Store,
        StoreReview,
    )

__version__ = "0.1.0.dev0"

#: Where each lazily re-exported name lives: one place to add a name.
_LAZY: dict[str, str] = {
    "AbcClass": "retention.segmentation",
    "AbcCutoffs": "retention.segmentation",
    "AbcPolicy": "retention.segmentation",
    "AbcResult": "retention.segmentation",
    "Attitude": "retention.segmentation",
    "AttitudePolicy": "retention.segmentation",
    "AttitudeResult": "retention.segmentation",
    "CadencePolicy": "retention.cadence",
    "Case": "retention.complaints",
    "Complaint": "retention.complaints",
    "ComplaintPolicy": "retention.complaints",
    "ContactDecision": "retention.cadence",
    "ContactPlan": "retention.cadence",
    "CustomerHistory": "retention.customers",
    "CustomerProfile": "retention.cadence",
    "EarlyAdopterPolicy": "retention.segmentation",
    "FrozenMap": "retention.mappings",
    "KotlerPattern": "retention.segmentation",
    "Launch": "retention.segmentation",
    "Motive": "retention.segmentation",
    "Purchase": "retention.customers",
    "RULES": "retention.rules",
    "Reason": "retention.rules",
    "Rule": "retention.rules",
    "SeriesIndex": "retention.segmentation",
    "SpendTotals": "retention.customers",
    "StaffMember": "retention.cadence",
    "Store": "retention.store",
    "StoreCalendar": "retention.calendar",
    "StoreDay": "retention.calendar",
    "StoreEvent": "retention.cadence",
    "StoreHours": "retention.hours",
    "StoreReview": "retention.store",
    "Temperament": "retention.segmentation",
    "build_histories": "retention.customers",
    "build_profiles": "retention.cadence",
    "classify_abc": "retention.segmentation",
    "classify_attitude": "retention.segmentation",
    "classify_attitudes": "retention.segmentation",
    "find_early_adopters": "retention.segmentation",
    "fit_abc": "retention.segmentation",
    "fit_bgnbd": "retention.churn",
    "lessons": "retention.complaints",
    "plan_contacts": "retention.cadence",
    "rule": "retention.rules",
    "series_index": "retention.segmentation",
    "sla_status": "retention.complaints",
    "spend_totals": "retention.customers",
}


def __getattr__(name: str) -> object:
    """Import a re-exported name's module on first use and return the name."""
    module = _LAZY.get(name)
    if module is None:
        msg = f"module 'retention' has no attribute {name!r}"
        raise AttributeError(msg)
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value  # later lookups skip this function, as a plain import would
    return value


def __dir__() -> list[str]:
    """List the module's names, the lazy ones included (for tab completion)."""
    return sorted({*globals(), *_LAZY})


__all__ = [
    "RULES",
    "AbcClass",
    "AbcCutoffs",
    "AbcPolicy",
    "AbcResult",
    "Attitude",
    "AttitudePolicy",
    "AttitudeResult",
    "CadencePolicy",
    "Case",
    "Complaint",
    "ComplaintPolicy",
    "ContactDecision",
    "ContactPlan",
    "CustomerHistory",
    "CustomerProfile",
    "DuplicateError",
    "EarlyAdopterPolicy",
    "EmptyInputError",
    "FrozenMap",
    "InvalidInputError",
    "InvalidPolicyError",
    "InvalidTransitionError",
    "InvalidTypeError",
    "KotlerPattern",
    "Launch",
    "MissingDependencyError",
    "Motive",
    "OutOfCalendarError",
    "Purchase",
    "Reason",
    "RetentionError",
    "Rule",
    "SeriesIndex",
    "SpendTotals",
    "StaffMember",
    "Store",
    "StoreCalendar",
    "StoreDay",
    "StoreEvent",
    "StoreHours",
    "StoreReview",
    "Temperament",
    "UnknownContactError",
    "UnknownCustomerError",
    "UnknownRuleError",
    "__version__",
    "build_histories",
    "build_profiles",
    "classify_abc",
    "classify_attitude",
    "classify_attitudes",
    "find_early_adopters",
    "fit_abc",
    "fit_bgnbd",
    "lessons",
    "plan_contacts",
    "rule",
    "series_index",
    "sla_status",
    "spend_totals",
]
