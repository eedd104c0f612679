"""Hypothesis entry point: ``st.from_type`` knows the library's public value types.

The package metadata declares :func:`_hypothesis_setup_hook` under the ``hypothesis``
entry point, so hypothesis calls it when it is imported, and only then: a host's test
suite can write ``st.from_type(Purchase)`` (or ask ``@given`` for a ``Purchase`` by type
hint) and get valid purchases, with nothing to import or register.

Registering is cheap. The hook imports the library's value types (needed as keys) but
not :mod:`retention.testing.strategies`, nor hypothesis beyond what is already loaded,
nor ``holidays``: each type maps to a function that looks the strategy up when
hypothesis first resolves the type. That also keeps the hook safe when the strategies
module itself is what imports hypothesis (it is only half loaded while the hook runs).

The strategies are those of :mod:`retention.testing.strategies` with their default
arguments, so ``st.from_type(T)`` shrinks toward what that function's docstring says.
Use the function itself to narrow the draw (a country, a date range, a size).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import attrs

if TYPE_CHECKING:
    from collections.abc import Callable

    from hypothesis.strategies import SearchStrategy

    from retention.cadence import StoreEvent
    from retention.customers import CustomerHistory, Purchase
    from retention.hours import StoreHours

__all__: list[str] = []

#: The days a :class:`~retention.cadence.StoreEvent` from ``st.from_type`` falls on: the
#: years the strategies' cached calendars cover.
_EVENT_DAYS = (dt.date(2025, 1, 1), dt.date(2026, 12, 31))
#: Most purchases in a :class:`~retention.customers.CustomerHistory` from ``st.from_type``.
_MAX_HISTORY = 20


def _customer_histories(_type: type[Any]) -> SearchStrategy[CustomerHistory]:
    """One customer's history of 1 to 20 purchases (shrinks toward one ``"c000"`` purchase)."""
    from hypothesis import strategies as st  # noqa: PLC0415 - hypothesis is loaded by now

    from retention.customers import CustomerHistory  # noqa: PLC0415 - see _resolvers
    from retention.testing import strategies as rst  # noqa: PLC0415 - loaded on first use

    @st.composite
    def draw_history(draw: st.DrawFn) -> CustomerHistory:
        customer_id = draw(rst.customer_ids())
        bought = draw(st.lists(rst.purchases(customers=1), min_size=1, max_size=_MAX_HISTORY))
        return CustomerHistory.of(customer_id, [_for(purchase, customer_id) for purchase in bought])

    return draw_history()


def _for(purchase: Purchase, customer_id: str) -> Purchase:
    """``purchase`` made by ``customer_id``."""
    return attrs.evolve(purchase, customer_id=customer_id)


def _store_events(_type: type[Any]) -> SearchStrategy[StoreEvent]:
    """One store event ``"e0"`` in 2025-2026 (shrinks toward a new-product event on 1 Jan 2025)."""
    from retention.testing import strategies as rst  # noqa: PLC0415 - loaded on first use

    start, end = _EVENT_DAYS
    return rst.store_events(start=start, end=end, min_size=1, max_size=1).map(_only)


def _only(events: list[StoreEvent]) -> StoreEvent:
    """The one event of ``events``."""
    (event,) = events
    return event


def _store_hours(_type: type[Any]) -> SearchStrategy[StoreHours]:
    """Store hours in Shanghai or New York (shrinks toward the CN store's default hours)."""
    from retention.testing import strategies as rst  # noqa: PLC0415 - loaded on first use

    return rst.store_hours(country="CN") | rst.store_hours(country="US")


def _lazy(function: str) -> Callable[[type[Any]], SearchStrategy[Any]]:
    """A resolver that calls the strategies module's ``function`` with its defaults."""

    def resolve(_type: type[Any]) -> SearchStrategy[Any]:
        from retention.testing import strategies as rst  # noqa: PLC0415 - loaded on first use

        strategy: SearchStrategy[Any] = getattr(rst, function)()
        return strategy

    return resolve


def _resolvers() -> dict[type[Any], Callable[[type[Any]], SearchStrategy[Any]]]:
    """Every registered type and the function hypothesis calls to resolve it."""
    # Imported here, when hypothesis calls the hook, so that importing this module
    # costs nothing (see the module docstring).
    from retention.cadence import (  # noqa: PLC0415
        CadencePolicy,
        CustomerProfile,
        StaffMember,
        StoreEvent,
    )
    from retention.calendar import StoreCalendar  # noqa: PLC0415
    from retention.churn import ChurnPolicy  # noqa: PLC0415
    from retention.complaints import (  # noqa: PLC0415
        Case,
        Complaint,
        ComplaintPolicy,
        SlaPolicy,
    )
    from retention.customers import CustomerHistory, Purchase  # noqa: PLC0415
    from retention.hours import StoreHours  # noqa: PLC0415
    from retention.satisfaction import LoyaltyCurve, SatisfactionPolicy, Survey  # noqa: PLC0415
    from retention.segmentation import (  # noqa: PLC0415
        AbcPolicy,
        AttitudePolicy,
        EarlyAdopterPolicy,
    )

    return {
        Purchase: _lazy("purchases"),
        CustomerHistory: _customer_histories,
        AbcPolicy: _lazy("abc_policies"),
        AttitudePolicy: _lazy("attitude_policies"),
        EarlyAdopterPolicy: _lazy("early_adopter_policies"),
        CadencePolicy: _lazy("cadence_policies"),
        CustomerProfile: _lazy("customer_profiles"),
        StaffMember: _lazy("staff_members"),
        StoreEvent: _store_events,
        StoreCalendar: _lazy("calendars"),
        StoreHours: _store_hours,
        Complaint: _lazy("complaints"),
        ComplaintPolicy: _lazy("complaint_policies"),
        SlaPolicy: _lazy("sla_policies"),
        Case: _lazy("cases"),
        Survey: _lazy("surveys"),
        SatisfactionPolicy: _lazy("satisfaction_policies"),
        LoyaltyCurve: _lazy("loyalty_curves"),
        ChurnPolicy: _lazy("churn_policies"),
    }


def _hypothesis_setup_hook() -> None:
    """Register a strategy for each public value type, for ``st.from_type``.

    Hypothesis calls this when it is imported. Calling it again registers the same
    resolvers again, which changes nothing.
    """
    from hypothesis import strategies as st  # noqa: PLC0415 - only when hypothesis runs us

    for kind, resolve in _resolvers().items():
        st.register_type_strategy(kind, resolve)
