"""Cadence engine: contact plans that follow the seeds' rhythm of keeping in touch.

Where each rule lives:

* CAD-DOOR, CAD-GREET, CAD-SURVEY, CAD-INVITE, CAD-CLUB: the candidate builders in
  ``_candidates.py``; their numbers are fields of :class:`CadencePolicy` (``_policy.py``)
* CAD-KEEP (monthly rhythm, holiday wishes): ``keep_in_touch`` in ``_keep.py``
* Lifecycle stages (new, active, at risk, lapsed, sunset) and the win-back sequence
  (CHURN-NOSURPRISE, CHURN-WINBACK): ``_lifecycle.py``; the sequence is laid out in
  ``_keep.py``, where it takes the keep-in-touch's turn
* CAD-CAP, CAD-CAPACITY, CAD-WORKDAY: ``Planner.day_block`` in ``_engine.py``
* CHURN-WINBACK (win-back contacts from :mod:`retention.churn`): ``winbacks`` in
  ``_candidates.py``
* The three passes: :func:`plan_contacts` in ``_planner.py``; the inputs checked and
  grouped: ``_inputs.py``; the inputs and the decision values: ``_model.py``; the plan:
  ``_plan.py``, its decisions as compact rows: ``_rows.py``; profiles from segmentation
  results: ``_profiles.py``

The entry point is :func:`plan_contacts`; it returns a :class:`ContactPlan`.
"""

from __future__ import annotations

from retention.cadence._lifecycle import CustomerStage, Stage
from retention.cadence._model import (
    Channel,
    ContactDecision,
    ContactRecord,
    CustomerProfile,
    EventKind,
    OptOut,
    Purpose,
    ServiceTask,
    StaffMember,
    Status,
    StoreEvent,
    SuppressReason,
    Visit,
    WinBack,
)
from retention.cadence._plan import ContactPlan, StaffDay
from retention.cadence._planner import plan_contacts
from retention.cadence._policy import CadencePolicy
from retention.cadence._profiles import build_profiles
from retention.cadence._summary import DayLoad, PlanSummary

__all__ = [
    "CadencePolicy",
    "Channel",
    "ContactDecision",
    "ContactPlan",
    "ContactRecord",
    "CustomerProfile",
    "CustomerStage",
    "DayLoad",
    "EventKind",
    "OptOut",
    "PlanSummary",
    "Purpose",
    "ServiceTask",
    "StaffDay",
    "StaffMember",
    "Stage",
    "Status",
    "StoreEvent",
    "SuppressReason",
    "Visit",
    "WinBack",
    "build_profiles",
    "plan_contacts",
]
