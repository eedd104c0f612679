"""Customer-retention rules for stores: who the big customers are, who is loyal.

``import retention`` is light: it never imports holidays, cattrs, hypothesis or
pytest. The names most hosts need are re-exported here; each module documents the
rest.
"""

from __future__ import annotations

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
from retention.calendar import StoreCalendar, StoreDay
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
from retention.exceptions import (
    DuplicateError,
    EmptyInputError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTransitionError,
    InvalidTypeError,
    OutOfCalendarError,
    RetentionError,
    UnknownCustomerError,
    UnknownRuleError,
)
from retention.hours import StoreHours
from retention.mappings import FrozenMap
from retention.rules import RULES, Reason, Rule, rule
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

__version__ = "0.1.0.dev0"

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
    "Motive",
    "OutOfCalendarError",
    "Purchase",
    "Reason",
    "RetentionError",
    "Rule",
    "SeriesIndex",
    "SpendTotals",
    "StaffMember",
    "StoreCalendar",
    "StoreDay",
    "StoreEvent",
    "StoreHours",
    "Temperament",
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
    "lessons",
    "plan_contacts",
    "rule",
    "series_index",
    "sla_status",
    "spend_totals",
]
