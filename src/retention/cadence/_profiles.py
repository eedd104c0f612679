"""Build customer profiles for the planner from segmentation results."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from retention._validate import (
    check_by_customer,
    check_id,
    check_instance,
    check_iterable,
    to_money,
)
from retention.cadence._model import CustomerProfile, OptOut
from retention.exceptions import UnknownCustomerError
from retention.segmentation import AbcClass, AttitudeResult

__all__ = ["build_profiles"]


def build_profiles(
    abc: Mapping[str, AbcClass],
    *,
    attitudes: Mapping[str, AttitudeResult] | None = None,
    club_members: Iterable[str] = (),
    owners: Mapping[str, str] | None = None,
    opt_outs: Mapping[str, Iterable[OptOut]] | None = None,
    values: Mapping[str, object] | None = None,
) -> tuple[CustomerProfile, ...]:
    """Return one :class:`CustomerProfile` per customer of an ABC result.

    Args:
        abc: Each customer's ABC class, e.g. an :class:`~retention.AbcResult`.
        attitudes: Attitude results by customer (from
            :func:`~retention.classify_attitudes`); missing customers get ``None``.
        club_members: IDs of the club's members (CAD-CLUB).
        owners: The staff member who looks after each customer, by customer ID.
        opt_outs: Each customer's opt-outs, by customer ID.
        values: What each customer is worth, by customer ID; by default the spend of
            an :class:`~retention.AbcResult` (its ``totals``), else ``None``. Within a
            class, higher values go first where the store's daily limits are short.

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
    classes = check_by_customer("abc", abc, "AbcClass")
    members = {
        check_id("club_members", c)
        for c in check_iterable("club_members", club_members, "customer IDs")
    }
    results = check_by_customer("attitudes", attitudes or {}, "AttitudeResult")
    for cid, result in results.items():
        check_instance(f"attitudes[{cid!r}]", result, AttitudeResult)
    owner_of = check_by_customer("owners", owners or {}, "staff ID")
    outs = {
        cid: tuple(check_iterable(f"opt_outs[{cid!r}]", items, "OptOut objects"))
        for cid, items in check_by_customer("opt_outs", opt_outs or {}, "OptOut objects").items()
    }
    if values is None:
        values = getattr(abc, "totals", None) or {}
    worth = check_by_customer("values", values, "amount", to_money)
    for field, ids in (
        ("club_members", members),
        ("owners", owner_of),
        ("opt_outs", outs),
        ("values", worth),
    ):
        for cid in ids:
            if cid not in classes:
                msg = f"{field}: expected customers of the ABC result, got {cid!r}"
                raise UnknownCustomerError(msg)
    profiles = []
    for cid in sorted(classes):
        result = results.get(cid)
        profiles.append(
            CustomerProfile(
                cid,
                abc=classes[cid],
                attitude=result.attitude if result is not None else None,
                club_member=cid in members,
                staff_id=owner_of.get(cid),
                opt_outs=outs.get(cid, ()),
                value=worth.get(cid),
            )
        )
    return tuple(profiles)
