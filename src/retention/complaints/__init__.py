"""Complaint process: the six-step case, SLA clocks, authority, promises and lessons.

A case is a pure fold of the events the host records; the library keeps no store.

Where each rule lives:

* CMP-STEPS (the six steps in order, reopening at the follow-up), CMP-CHOICE (options
  and the customer's choice), CMP-PROMISE (promises, overdue, no close with one open):
  :class:`Case` in ``_case.py``; the events in ``_events.py``
* CMP-CAUSE (:class:`Cause`), CMP-REMEDY (:class:`Remedy`, appointments as promises):
  ``_model.py``
* CMP-COMPENSATE (limits per role, approval above them): :class:`ComplaintPolicy` in
  ``_policy.py`` and the approval check in ``_case.py``
* CMP-NOW (first-response and resolution clocks in working time): :func:`sla_status` in
  ``_sla.py``, counting :class:`retention.hours.StoreHours`
* CMP-LESSON (causes ranked, medians, rates over many cases): :func:`lessons` in
  ``_lessons.py``

Cases and SLA clocks as rows (``to_records()``, ``to_frame()``, ``to_html()``):
:meth:`Case.to_records`, :meth:`SlaStatus.to_records`, and :func:`case_records`,
:func:`case_frame` and :func:`case_html` for many cases, in ``_records.py``. Events,
complaints and whole cases to and from plain data (JSON): :mod:`retention.config`.

Every number is a field of :class:`ComplaintPolicy`.
"""

from __future__ import annotations

from retention.complaints._case import Case
from retention.complaints._events import (
    Apologised,
    CauseDiagnosed,
    ClockPaused,
    ClockResumed,
    Closed,
    CompensationApproved,
    Event,
    EventKind,
    FollowedUp,
    Listened,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
    Recorded,
    ResolutionProposed,
    Resolved,
)
from retention.complaints._lessons import Lessons, Median, Rate, Tally, lessons
from retention.complaints._model import (
    Cause,
    Complaint,
    ComplaintChannel,
    Option,
    Priority,
    Promise,
    PromiseStatus,
    Remedy,
    Stage,
)
from retention.complaints._policy import DEFAULT_LIMITS, ComplaintPolicy, SlaPolicy, SlaTarget
from retention.complaints._records import case_frame, case_html, case_records
from retention.complaints._sla import Clock, SlaClock, SlaState, SlaStatus, sla_status

__all__ = [
    "DEFAULT_LIMITS",
    "Apologised",
    "Case",
    "Cause",
    "CauseDiagnosed",
    "Clock",
    "ClockPaused",
    "ClockResumed",
    "Closed",
    "CompensationApproved",
    "Complaint",
    "ComplaintChannel",
    "ComplaintPolicy",
    "Event",
    "EventKind",
    "FollowedUp",
    "Lessons",
    "Listened",
    "Median",
    "Option",
    "Priority",
    "Promise",
    "PromiseBroken",
    "PromiseKept",
    "PromiseMade",
    "PromiseStatus",
    "Rate",
    "Recorded",
    "Remedy",
    "ResolutionProposed",
    "Resolved",
    "SlaClock",
    "SlaPolicy",
    "SlaState",
    "SlaStatus",
    "SlaTarget",
    "Stage",
    "Tally",
    "case_frame",
    "case_html",
    "case_records",
    "lessons",
    "sla_status",
]
