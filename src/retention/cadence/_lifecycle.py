"""Lifecycle stages: new, active, at risk, lapsed, sunset (CHURN-NOSURPRISE, CHURN-WINBACK).

A plan treats each customer by their stage on its first day (:attr:`ContactPlan.stages`):

* **new**: the first purchase is at most ``new_days`` before the plan (CAD-GREET,
  CAD-SURVEY are their contacts), or no purchase yet;
* **active**: buying within their own rhythm;
* **at risk**: overdue against their own rhythm, or P(alive) below the churn policy's
  line where BG/NBD parameters are given (CHURN-NOSURPRISE); routine contacts still go;
* **lapsed**: no purchase for more than ``lapse_days``: routine contacts stop and the
  win-back sequence runs (CHURN-WINBACK);
* **sunset**: the win-back sequence ended without a purchase: no marketing until they
  buy again; service contacts still go (CAD-CAP: not so often that it annoys).

Stages move only with evidence: time passing moves a customer down the list (new,
active, at risk, lapsed, sunset); a purchase brings them back. The thresholds are
fields of :class:`~retention.cadence.CadencePolicy` and
:class:`~retention.churn.ChurnPolicy`.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import TYPE_CHECKING

import attrs

from retention._text import plural
from retention._validate import (
    add_days_or_edge,
    check_date,
    check_id,
    check_optional_date,
    validator,
)
from retention.rules import Reason

if TYPE_CHECKING:
    from retention.cadence._policy import CadencePolicy
    from retention.churn import BgNbdParams, ChurnPolicy

__all__ = ["CustomerStage", "Stage", "WinbackSequence", "stage_of"]


def _reason(rule_id: str, detail: str) -> Reason:
    """A new :class:`~retention.rules.Reason` (``stage_of``'s default ``why``)."""
    return Reason(rule_id, detail=detail)


class Stage(enum.Enum):
    """Where a customer is in their life with the store, on one day."""

    NEW = "new"
    """First purchase recent (``new_days``), or no purchase yet."""
    ACTIVE = "active"
    """Buying within their own rhythm."""
    AT_RISK = "at_risk"
    """Overdue against their own rhythm, or P(alive) low (CHURN-NOSURPRISE)."""
    LAPSED = "lapsed"
    """No purchase for more than ``lapse_days``: the win-back sequence (CHURN-WINBACK)."""
    SUNSET = "sunset"
    """The win-back sequence ended without a purchase: no marketing until they buy."""

    @property
    def routine(self) -> bool:
        """Whether routine contacts (keep-in-touch, wishes, invitations, club) go."""
        return self in (Stage.NEW, Stage.ACTIVE, Stage.AT_RISK)

    @property
    def rank(self) -> int:
        """Position in the order time moves a customer without a purchase (0: new)."""
        return _RANK[self]


_RANK = {stage: rank for rank, stage in enumerate(Stage)}


def _stage(value: object) -> Stage:
    if isinstance(value, Stage):
        return value
    from retention._validate import to_enum  # noqa: PLC0415  # the rare path

    return to_enum("stage", Stage, value)


def _reasons(field: str, value: object) -> None:
    if not isinstance(value, tuple) or not value or not all(isinstance(r, Reason) for r in value):
        from retention._validate import describe  # noqa: PLC0415  # the error path

        msg = f"{field}: expected a non-empty tuple of Reason objects, got {describe(value)}"
        from retention.exceptions import InvalidTypeError  # noqa: PLC0415  # the error path

        raise InvalidTypeError(msg)


@attrs.frozen
class CustomerStage:
    """One customer's lifecycle stage on one day, with why.

    Attributes:
        customer_id: The customer.
        stage: Their stage.
        as_of: The day it holds (the plan's first day).
        last_purchase: Their last purchase before :attr:`as_of`, if any.
        lapse_day: The first day they count as lapsed without a new purchase
            (``None`` without a purchase).
        reasons: Why, with the rules and the figures.
    """

    customer_id: str = attrs.field(validator=validator(check_id))
    stage: Stage = attrs.field(kw_only=True, converter=_stage)
    as_of: dt.date = attrs.field(kw_only=True, validator=validator(check_date))
    last_purchase: dt.date | None = attrs.field(
        kw_only=True, validator=validator(check_optional_date)
    )
    lapse_day: dt.date | None = attrs.field(kw_only=True, validator=validator(check_optional_date))
    reasons: tuple[Reason, ...] = attrs.field(kw_only=True, validator=validator(_reasons))


@attrs.frozen
class WinbackSequence:
    """The win-back sequence of one lapse, as the planner laid it out.

    Attributes:
        starts: The first step's due day: the lapse day, or later when the rhythm's
            next contact comes later (the win-back takes the keep-in-touch's turn).
        ends: The last day of the last step's window; the customer is sunset after it.
    """

    starts: dt.date
    ends: dt.date


def stage_of(  # the evidence a stage rests on, all keyword-only
    customer_id: str,
    days: tuple[dt.date, ...],
    *,
    as_of: dt.date,
    policy: CadencePolicy,
    churn_policy: ChurnPolicy,
    params: BgNbdParams | None,
    unit_days: int,
    sequence: WinbackSequence | None,
    why: Callable[[str, str], Reason] = _reason,
) -> CustomerStage:
    """The stage of a customer with sorted distinct purchase ``days`` before ``as_of``.

    ``sequence`` is the win-back sequence of the current lapse, if the planner laid one
    out; without one (it starts after the plan) a lapsed customer is lapsed. ``why``
    makes a reason from a rule ID and a detail (the planner shares equal ones).
    """
    if not days:
        return CustomerStage(
            customer_id,
            stage=Stage.NEW,
            as_of=as_of,
            last_purchase=None,
            lapse_day=None,
            reasons=(why("CAD-KEEP", "no purchase on record yet: a new customer"),),
        )
    first, last = days[0], days[-1]
    since = (as_of - last).days
    lapse_day = add_days_or_edge(last, policy.lapse_days + 1)
    if as_of >= lapse_day:
        return _lapsed(customer_id, as_of, last, lapse_day, since, policy, sequence, why)
    from retention.churn._bgnbd import p_alive, rfm_summary  # noqa: PLC0415  # churn imports cadence
    from retention.churn._rhythm import is_overdue, rhythm_check  # noqa: PLC0415  # churn imports cadence

    late = is_overdue(days, since, churn_policy)
    # the early warning's own check gives the reason, with its figures (only where late:
    # it is the slow path, and most customers are not)
    reasons = (
        list(rhythm_check(customer_id, days, as_of=as_of, policy=churn_policy).reasons)
        if late
        else []
    )
    low = False
    if params is not None:
        summary = rfm_summary(days, as_of=as_of, unit_days=unit_days)
        alive = p_alive(summary.x, summary.t_x, summary.T, params)
        low = alive < churn_policy.p_alive_below
        reasons.append(
            why(
                "CHURN-NOSURPRISE",
                f"BG/NBD P(alive) {alive:.3f} "
                f"{'below' if low else 'at or above'} {churn_policy.p_alive_below}",
            )
        )
    if late or low:
        stage = Stage.AT_RISK
        reasons.append(
            why(
                "CHURN-NOSURPRISE",
                "at risk: routine contacts go on, to keep them in touch before they lapse "
                f"on {lapse_day}",
            )
        )
    elif (as_of - first).days <= policy.new_days:
        stage = Stage.NEW
        reasons.append(
            why(
                "CAD-KEEP",
                f"new: first purchase on {first}, at most {policy.new_days} days ago",
            )
        )
    else:
        stage = Stage.ACTIVE
        reasons.append(
            why(
                "CAD-KEEP",
                f"active: {plural(since, 'day')} since the last purchase, within the "
                f"rhythm and the {policy.lapse_days}-day lapse",
            )
        )
    return CustomerStage(
        customer_id,
        stage=stage,
        as_of=as_of,
        last_purchase=last,
        lapse_day=lapse_day,
        reasons=tuple(reasons),
    )


def _lapsed(  # noqa: PLR0917  # private helper, one call site
    customer_id: str,
    as_of: dt.date,
    last: dt.date,
    lapse_day: dt.date,
    since: int,
    policy: CadencePolicy,
    sequence: WinbackSequence | None,
    why: Callable[[str, str], Reason],
) -> CustomerStage:
    told = (
        f"{plural(since, 'day')} since the last purchase on {last}, over the "
        f"{policy.lapse_days}-day lapse (lapsed from {lapse_day})"
    )
    ends = sequence.ends if sequence is not None else None
    if ends is not None and as_of > ends:
        stage = Stage.SUNSET
        detail = (
            f"sunset: {told}; the win-back sequence ended on {ends} without a purchase, so "
            "no marketing until they buy again (service contacts still go)"
        )
        rule = "CAD-CAP"
    else:
        stage = Stage.LAPSED
        run = f" ({sequence.starts}..{ends})" if sequence is not None else ""
        detail = f"lapsed: {told}; routine contacts stop, the win-back sequence runs{run}"
        rule = "CHURN-WINBACK"
    return CustomerStage(
        customer_id,
        stage=stage,
        as_of=as_of,
        last_purchase=last,
        lapse_day=lapse_day,
        reasons=(why(rule, detail),),
    )
