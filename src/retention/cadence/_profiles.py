"""Build customer profiles for the planner from segmentation results."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from retention._validate import check_id, check_iterable, describe
from retention.cadence._model import CustomerProfile, OptOut
from retention.exceptions import InvalidTypeError, UnknownCustomerError
from retention.segmentation import AbcClass, AttitudeResult

__all__ = ["build_profiles"]


def build_profiles(
    abc: Mapping[str, AbcClass],
    *,
    attitudes: Mapping[str, AttitudeResult] | None = None,
    club_members: Iterable[str] = (),
    owners: Mapping[str, str] | None = None,
    opt_outs: Mapping[str, Iterable[OptOut]] | None = None,
) -> tuple[CustomerProfile, ...]:
    """Return one :class:`CustomerProfile` per customer of an ABC result.

    Args:
        abc: Each customer's ABC class, e.g. an :class:`~retention.AbcResult`.
        attitudes: Attitude results by customer (from
            :func:`~retention.classify_attitudes`); missing customers get ``None``.
        club_members: IDs of the club's members (CAD-CLUB).
        owners: The staff member who looks after each customer, by customer ID.
        opt_outs: Each customer's opt-outs, by customer ID.

    Returns:
        The profiles, sorted by customer ID.

    Raises:
        UnknownCustomerError: ``club_members``, ``owners`` or ``opt_outs`` names a
            customer ``abc`` does not have.
        InvalidTypeError: An argument of the wrong type.

    Example:
        >>> from retention import classify_abc
        >>> profiles = build_profiles(classify_abc({"a": 100, "b": 5}), club_members=["b"])
        >>> [(p.customer_id, p.abc.value, p.club_member) for p in profiles]
        [('a', 'A', False), ('b', 'C', True)]
    """
    if not isinstance(abc, Mapping):
        msg = f"abc: expected a mapping of customer ID to AbcClass, got {describe(abc)}"
        raise InvalidTypeError(msg)
    members = {
        check_id("club_members", c)
        for c in check_iterable("club_members", club_members, "customer IDs")
    }
    owner_of = dict(owners or {})
    outs = {cid: tuple(items) for cid, items in (opt_outs or {}).items()}
    for field, ids in (("club_members", members), ("owners", owner_of), ("opt_outs", outs)):
        for cid in ids:
            if cid not in abc:
                msg = f"{field}: expected customers of the ABC result, got {cid!r}"
                raise UnknownCustomerError(msg)
    profiles = []
    for cid in sorted(abc):
        result = attitudes.get(cid) if attitudes is not None else None
        profiles.append(
            CustomerProfile(
                cid,
                abc=abc[cid],
                attitude=result.attitude if result is not None else None,
                club_member=cid in members,
                staff_id=owner_of.get(cid),
                opt_outs=outs.get(cid, ()),
            )
        )
    return tuple(profiles)
