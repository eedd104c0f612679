"""ComplaintPolicy: SLA targets, compensation limits and the follow-up, in one place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal

import attrs

from retention._validate import (
    RANGE,
    SHARE_RANGE,
    as_policy_error,
    check_id,
    check_instance,
    describe,
    is_a,
    policy_int_field,
    to_enum,
    to_money,
    to_share,
)
from retention.complaints._model import Priority
from retention.exceptions import InvalidInputError, InvalidPolicyError
from retention.mappings import FrozenMap

__all__ = ["DEFAULT_LIMITS", "ComplaintPolicy", "SlaPolicy", "SlaTarget"]

_HOUR = dt.timedelta(hours=1)


#: The longest SLA target: a year of working time. A longer target is a mistake (and
#: would run the clock past the years a store calendar loads).
MAX_TARGET = dt.timedelta(days=365)
_NOTHING = dt.timedelta(0)


def _duration(field: str, value: object) -> dt.timedelta:
    if not isinstance(value, dt.timedelta) or not dt.timedelta(0) < value <= MAX_TARGET:
        msg = (
            f"{field}: expected a positive datetime.timedelta of working time up to "
            f"{MAX_TARGET.days} days, got {describe(value)}"
        )
        raise InvalidPolicyError(msg)
    return value


def _first_response(value: object) -> dt.timedelta:
    return _duration("first_response", value)


def _resolution(value: object) -> dt.timedelta:
    return _duration("resolution", value)


@attrs.frozen
class SlaTarget:
    """The service level of one priority, in the store's working time (CMP-NOW).

    Attributes:
        first_response: Working time from receipt to the first response (steps 1 and 2:
            listened and apologised); more than zero and at most 365 days.
        resolution: Working time from receipt to resolution (step 4 done); at least
            :attr:`first_response` and at most 365 days.

    Raises:
        InvalidPolicyError: A duration that is not a positive ``timedelta``, or a
            resolution target shorter than the first-response target.
    """

    first_response: dt.timedelta = attrs.field(
        converter=_first_response, metadata={RANGE: (_NOTHING, MAX_TARGET)}
    )
    resolution: dt.timedelta = attrs.field(
        kw_only=True, converter=_resolution, metadata={RANGE: (_NOTHING, MAX_TARGET)}
    )

    def __attrs_post_init__(self) -> None:
        """Check that resolving cannot be due before the first response."""
        if self.resolution < self.first_response:
            msg = (
                f"resolution: expected at least the first-response target {self.first_response}, "
                f"got {self.resolution}"
            )
            raise InvalidPolicyError(msg)


#: The library's default compensation limits per role (``None``: no limit).
DEFAULT_LIMITS: FrozenMap[str, Decimal | None] = FrozenMap(
    {
        "clerk": Decimal(50),
        "supervisor": Decimal(300),
        "manager": Decimal(2000),
        "owner": None,
    }
)


def _role(value: object) -> str:
    return as_policy_error(lambda: check_id("limits", value))


def _limit(role: str, value: object) -> Decimal | None:
    if value is None:
        return None
    return as_policy_error(lambda: to_money(f"limits[{role}]", value))


def _limits(value: object) -> FrozenMap[str, Decimal | None]:
    if not isinstance(value, Mapping):
        msg = f"limits: expected a mapping of role to compensation limit, got {describe(value)}"
        raise InvalidPolicyError(msg)
    limits = {_role(role): _limit(role, limit) for role, limit in value.items()}
    if not limits:
        msg = "limits: expected at least one role, got none"
        raise InvalidPolicyError(msg)
    return FrozenMap(limits)


def _at_risk(value: object) -> Decimal:
    share = as_policy_error(lambda: to_share("at_risk", value))
    if not 0 < share < 1:
        msg = f"at_risk: expected a share with 0 < at_risk < 1, got {share}"
        raise InvalidPolicyError(msg)
    return share


@attrs.frozen(kw_only=True)
class SlaPolicy:
    """The service levels of complaint handling, one per priority (CMP-NOW).

    The seed says only "at once"; the numbers are the library's decision, in working
    time (a 12-hour store day by default, see :class:`~retention.hours.StoreHours`).

    Attributes:
        urgent: Default 30 minutes to the first response, 4 hours to resolution.
        high: Default 1 hour and 12 hours.
        normal: Default 2 hours and 24 hours.
        low: Default 4 hours and 48 hours.
        at_risk: Share of a target used from which a running clock is *at risk*
            (default 0.75; between 0 and 1, both excluded).

    Raises:
        InvalidPolicyError: A target that is not an :class:`SlaTarget`, or an at-risk
            share out of range.
    """

    urgent: SlaTarget = attrs.field(
        default=SlaTarget(_HOUR / 2, resolution=4 * _HOUR), validator=is_a(SlaTarget, policy=True)
    )
    high: SlaTarget = attrs.field(
        default=SlaTarget(_HOUR, resolution=12 * _HOUR), validator=is_a(SlaTarget, policy=True)
    )
    normal: SlaTarget = attrs.field(
        default=SlaTarget(2 * _HOUR, resolution=24 * _HOUR), validator=is_a(SlaTarget, policy=True)
    )
    low: SlaTarget = attrs.field(
        default=SlaTarget(4 * _HOUR, resolution=48 * _HOUR), validator=is_a(SlaTarget, policy=True)
    )
    at_risk: Decimal = attrs.field(
        default=Decimal("0.75"), converter=_at_risk, metadata={RANGE: SHARE_RANGE}
    )

    def target(self, priority: Priority) -> SlaTarget:
        """Return the targets of ``priority`` (a :class:`Priority` or its value)."""
        member = as_policy_error(lambda: to_enum("priority", Priority, priority))
        return getattr(self, member.value)  # type: ignore[no-any-return]  # one field a priority


@attrs.frozen(kw_only=True)
class ComplaintPolicy:
    """Every number of complaint handling in one place (CMP-NOW, CMP-COMPENSATE, CMP-STEPS).

    Attributes:
        sla: The service levels per priority and the at-risk share (:class:`SlaPolicy`).
        limits: Compensation limit per role (:data:`DEFAULT_LIMITS`; ``None``: no limit).
            Compensation above the proposer's limit needs approval by a role whose
            limit covers it.
        follow_up_days: Days after resolution when the step-5 follow-up is due
            (default 2; 0 to 365: a follow-up a year later is no follow-up).
        follow_up_window_days: Days the follow-up may take from its due day (default 3;
            1 to 365).

    Raises:
        InvalidPolicyError: A value out of range or of the wrong type.
    """

    sla: SlaPolicy = attrs.field(factory=SlaPolicy, validator=is_a(SlaPolicy, policy=True))
    limits: FrozenMap[str, Decimal | None] = attrs.field(default=DEFAULT_LIMITS, converter=_limits)
    follow_up_days: int = policy_int_field("follow_up_days", 2, low=0, high=365)
    follow_up_window_days: int = policy_int_field("follow_up_window_days", 3, low=1, high=365)

    def limit(self, role: str) -> Decimal | None:
        """Return ``role``'s compensation limit (``None``: no limit).

        Raises:
            InvalidTypeError: A role that is not a string.
            InvalidInputError: The policy has no such role.
        """
        check_instance("role", role, str)
        try:
            return self.limits[role]
        except KeyError:
            roles = ", ".join(repr(r) for r in self.limits)
            msg = f"role: expected one of the policy's roles ({roles}), got {role!r}"
            raise InvalidInputError(msg) from None

    def covers(self, role: str, amount: Decimal) -> bool:
        """Say whether ``role`` may grant ``amount`` on its own authority.

        Raises:
            InvalidTypeError: A role that is not a string, or an amount of no money type.
            InvalidInputError: An unknown role, or an amount that is no amount of money.
        """
        limit = self.limit(role)
        money = to_money("amount", amount)
        return limit is None or money <= limit
