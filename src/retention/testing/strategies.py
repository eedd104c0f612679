"""Hypothesis strategies that generate valid :mod:`retention` inputs.

Use them in your own tests::

    from hypothesis import given
    from retention.testing import strategies as rst

    @given(rst.purchases())
    def test_my_report(purchases): ...

    @given(rst.stores())
    def test_my_contact_report(store):
        plan = store.plan()  # plan_contacts on a small, consistent store
        ...

Every strategy says what it shrinks toward, so a failing example comes out small.
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
import zoneinfo
from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
from hypothesis import strategies as st

from retention._instants import utc
from retention.cadence import (
    CadencePolicy,
    Channel,
    ContactPlan,
    ContactRecord,
    CustomerProfile,
    EventKind,
    OptOut,
    Purpose,
    ServiceTask,
    StaffMember,
    StoreEvent,
    Visit,
    plan_contacts,
)
from retention.calendar import StoreCalendar, StoreDay
from retention.churn import ChurnPolicy
from retention.complaints import (
    DEFAULT_LIMITS,
    Apologised,
    Case,
    Cause,
    CauseDiagnosed,
    ClockPaused,
    ClockResumed,
    Closed,
    CompensationApproved,
    Complaint,
    ComplaintChannel,
    ComplaintPolicy,
    Event,
    FollowedUp,
    Listened,
    Option,
    Priority,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
    PromiseStatus,
    Recorded,
    Remedy,
    ResolutionProposed,
    Resolved,
    SlaPolicy,
    SlaTarget,
)
from retention.complaints import EventKind as CaseEventKind
from retention.customers import Purchase
from retention.hours import StoreHours
from retention.satisfaction import (
    CES_SCALE,
    NPS_SCALE,
    Item,
    ItemAnswer,
    LoyaltyCurve,
    Response,
    SatisfactionPolicy,
    Scale,
    Survey,
    SurveyMethod,
    Topic,
)
from retention.segmentation import (
    AbcClass,
    AbcPolicy,
    Attitude,
    AttitudePolicy,
    Boundary,
    EarlyAdopterPolicy,
    Evidence,
)

if TYPE_CHECKING:
    from hypothesis.vendor.pretty import RepresentationPrinter

__all__ = [
    "StoreInputs",
    "abc_policies",
    "amounts",
    "attitude_policies",
    "brand_sequences",
    "cadence_policies",
    "calendars",
    "cases",
    "churn_policies",
    "complaint_events",
    "complaint_policies",
    "complaints",
    "customer_ids",
    "customer_profiles",
    "early_adopter_policies",
    "loyalty_curves",
    "purchase_lists",
    "purchases",
    "satisfaction_policies",
    "sla_policies",
    "spend_totals",
    "staff_lists",
    "staff_members",
    "store_events",
    "store_hours",
    "stores",
    "surveys",
]

_EPOCH = dt.date(2020, 1, 1)


def customer_ids(*, count: int = 50) -> st.SearchStrategy[str]:
    """Customer IDs ``"c000"`` ... drawn from ``count`` of them; shrinks toward ``"c000"``."""
    width = len(str(max(count - 1, 0)))
    return st.integers(0, count - 1).map(lambda i: f"c{i:0{max(width, 3)}d}")


def amounts(*, max_cents: int = 10_000_00, allow_zero: bool = True) -> st.SearchStrategy[Decimal]:
    """Money amounts with two decimals, from 0 (or 0.01) to ``max_cents``/100.

    Shrinks toward the smallest amount allowed.
    """
    low = 0 if allow_zero else 1
    return st.integers(low, max_cents).map(lambda cents: Decimal(cents).scaleb(-2))


def purchases(
    *,
    customers: int = 50,
    brands: tuple[str, ...] = ("A", "B", "C", "D"),
    products: tuple[str, ...] = ("p1", "p2", "p3"),
    start: dt.date = _EPOCH,
    days: int = 730,
) -> st.SearchStrategy[Purchase]:
    """One valid purchase: a customer among ``customers``, a day in ``start + [0, days)``.

    Shrinks toward customer ``"c000"`` on ``start`` paying 0.00, with no brand, product
    or category.
    """
    return st.builds(
        Purchase,
        customer_ids(count=customers),
        date=st.integers(0, days - 1).map(lambda d: start + dt.timedelta(days=d)),
        amount=amounts(),
        brand=st.none() | st.sampled_from(brands),
        product=st.none() | st.sampled_from(products),
        category=st.none() | st.sampled_from(("food", "beauty", "home")),
    )


def purchase_lists(
    *, min_size: int = 0, max_size: int = 60, customers: int = 20
) -> st.SearchStrategy[list[Purchase]]:
    """Lists of purchases by up to ``customers`` customers; shrinks toward short lists."""
    return st.lists(purchases(customers=customers), min_size=min_size, max_size=max_size)


def spend_totals(
    *, min_customers: int = 1, max_customers: int = 40, positive: bool = True
) -> st.SearchStrategy[dict[str, Decimal]]:
    """Customer ID -> spend, with ties likely (amounts from a small pool).

    With ``positive`` (the default) the total is above zero, so ABC can rank it.
    Shrinks toward one customer with the smallest spend.
    """
    pool = st.sampled_from([Decimal(v) for v in ("0", "1", "5", "10", "10", "99.99", "250")])
    spend = st.one_of(pool, amounts())

    def valid(totals: dict[str, Decimal]) -> bool:
        return not positive or sum(totals.values()) > 0

    return st.dictionaries(
        customer_ids(count=max(max_customers * 2, 10)),
        spend,
        min_size=min_customers,
        max_size=max_customers,
    ).filter(valid)


@st.composite
def abc_policies(draw: st.DrawFn) -> AbcPolicy:
    """Valid ABC policies (``0 < a < b <= 1``), by spend or count, either boundary.

    Shrinks toward a spend policy with boundary "upper" and small lines (``a = 0.01``).
    """
    a = draw(st.integers(1, 98))
    b = draw(st.integers(a + 1, 100))
    a_share, b_share = Decimal(a).scaleb(-2), Decimal(b).scaleb(-2)
    # Both branches draw the same choices, so shrinking prefers the spend branch (False).
    boundary = draw(st.sampled_from(Boundary))
    if draw(st.booleans()):
        return AbcPolicy.by_count(a=a_share, b=b_share)
    return AbcPolicy.by_spend(a=a_share, b=b_share, boundary=boundary)


def brand_sequences(
    *, alphabet: str = "ABCDEF", min_size: int = 0, max_size: int = 12
) -> st.SearchStrategy[list[str]]:
    """Brand sequences over one-letter brands; shrinks toward short runs of ``"A"``."""
    return st.lists(st.sampled_from(tuple(alphabet)), min_size=min_size, max_size=max_size)


# --- cadence engine ---------------------------------------------------------------------

_OPT_OUT_CHANNELS = (Channel.MESSAGE, Channel.PHONE)
_EVENT_NAMES = ("Spring launch", "Member evening", "Skin-care expert day")
#: Plan starts near the calendars' hard cases: Spring Festival with its make-up Sunday
#: (CN 2025), National Day golden week (CN 2025), Thanksgiving to New Year (US), and
#: Spring Festival 2026. ``stores`` draws them first, so it shrinks toward the first.
_STARTS = (
    dt.date(2025, 1, 20),
    dt.date(2025, 9, 22),
    dt.date(2025, 11, 17),
    dt.date(2025, 12, 15),
    dt.date(2026, 2, 2),
)
_YEARS = (2025, 2026)
_MAX_DAYS = 45  # longest plan `stores` draws: keeps property tests fast
_PURCHASE_LOOKBACK = 120  # days before the plan that `stores` puts purchases in
_HISTORY_LOOKBACK = 60  # days before the plan that `stores` puts contact history in
_AMOUNT = Decimal("19.90")  # the planner never looks at amounts: one saves draws


def _dates(start: dt.date, days: int) -> st.SearchStrategy[dt.date]:
    """Days in ``start + [0, days)``; shrinks toward ``start``."""
    return st.integers(0, max(days, 1) - 1).map(lambda d: start + dt.timedelta(days=d))


def _staff_id(index: int) -> str:
    return f"s{index:02d}"


@st.composite
def customer_profiles(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str] | None = None,
    staff_ids: Sequence[str] = (),
    start: dt.date = _EPOCH,
    days: int = 730,
    max_opt_outs: int = 2,
) -> CustomerProfile:
    """One customer profile for the cadence engine.

    The ABC class and the attitude may be ``None``; ``close`` is ``None``, ``True`` or
    ``False``; opt-outs are of ``message`` or ``phone`` from a day in
    ``start + [0, days)``; ``staff_id`` is one of ``staff_ids`` or ``None``.

    Args:
        ids: Strategy for the customer ID (default :func:`customer_ids`).
        staff_ids: The staff IDs a profile may name as its owner.
        start: First day an opt-out may start.
        days: Number of days opt-outs may start in.
        max_opt_outs: Most opt-outs a profile has.

    Shrinks toward customer ``"c000"`` with no class, no attitude, no close flag, not in
    the club, no owner and no opt-outs.
    """
    customer_id = draw(customer_ids() if ids is None else ids)
    owners = tuple(staff_ids)
    opt_outs = st.lists(
        st.builds(OptOut, st.sampled_from(_OPT_OUT_CHANNELS), since=_dates(start, days)),
        min_size=min(max_opt_outs, 1),
        max_size=max_opt_outs,
    )
    return CustomerProfile(
        customer_id,
        abc=draw(st.none() | st.sampled_from(AbcClass)),
        attitude=draw(st.none() | st.sampled_from(Attitude)),
        close=draw(st.none() | st.booleans()),
        club_member=draw(st.booleans()),
        staff_id=draw(st.none() | st.sampled_from(owners)) if owners else None,
        opt_outs=draw(st.just(()) | st.just(()) | opt_outs),
    )


@st.composite
def staff_members(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn,
    *,
    ids: st.SearchStrategy[str] | None = None,
    max_capacity: int = 3,
    start: dt.date = _EPOCH,
    days: int = 730,
    max_days_off: int = 4,
) -> StaffMember:
    """One staff member with a daily capacity from 0 to ``max_capacity``.

    Args:
        ids: Strategy for the staff ID (default ``"s00"`` ... ``"s09"``).
        max_capacity: Largest daily capacity.
        start: First day a personal day off may fall on.
        days: Number of days the days off may fall in.
        max_days_off: Most personal days off.

    Shrinks toward ``"s00"`` with capacity 0 and no days off.
    """
    staff_id = draw(st.integers(0, 9).map(_staff_id) if ids is None else ids)
    return StaffMember(
        staff_id,
        daily_capacity=draw(st.integers(0, max_capacity)),
        days_off=draw(st.frozensets(_dates(start, days), max_size=max_days_off)),
    )


@st.composite
def staff_lists(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn,
    *,
    min_size: int = 0,
    max_size: int = 4,
    max_capacity: int = 3,
    start: dt.date = _EPOCH,
    days: int = 730,
) -> list[StaffMember]:
    """Staff with unique IDs ``"s00"``, ``"s01"``, ... (see :func:`staff_members`).

    Args:
        min_size: Fewest members.
        max_size: Most members.
        max_capacity: Largest daily capacity of a member.
        start: First day a personal day off may fall on.
        days: Number of days the days off may fall in.

    Shrinks toward ``min_size`` members of capacity 0 without days off.
    """
    count = draw(st.integers(min_size, max_size))
    return [
        draw(
            staff_members(
                ids=st.just(_staff_id(index)), max_capacity=max_capacity, start=start, days=days
            )
        )
        for index in range(count)
    ]


@st.composite
def store_events(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn,
    *,
    start: dt.date,
    end: dt.date,
    min_size: int = 0,
    max_size: int = 4,
) -> list[StoreEvent]:
    """Store events with unique IDs ``"e0"``, ``"e1"``, ... on days from start to end.

    Args:
        start: First day an event may fall on.
        end: Last day an event may fall on.
        min_size: Fewest events.
        max_size: Most events.

    Shrinks toward ``min_size`` new-product events on ``start`` open to every class.
    """
    count = draw(st.integers(min_size, max_size))
    days = (end - start).days + 1
    return [
        StoreEvent(
            f"e{index}",
            date=draw(_dates(start, days)),
            kind=draw(st.sampled_from(EventKind)),
            name=draw(st.sampled_from(_EVENT_NAMES)),
            segments=draw(st.frozensets(st.sampled_from(AbcClass))),
        )
        for index in range(count)
    ]


def _near(default: int, low: int, high: int) -> st.SearchStrategy[int]:
    """``default`` or any int in ``[low, high]``; shrinks toward ``default`` if allowed."""
    numbers = st.integers(low, high)
    return st.just(default) | numbers if low <= default <= high else numbers


@st.composite
def cadence_policies(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn,
    *,
    max_cap_per_window: int = 6,
    max_window_days: int = 40,
    call_fallback: bool | None = None,
) -> CadencePolicy:
    """Valid cadence policies, whose fields agree with each other.

    ``greet_from <= greet_to``, ``survey_from <= survey_to`` and ``cap_per_day <=
    cap_per_window``; every number is at its minimum or above.

    Numbers stay small (windows of days to weeks) so that short plans meet the caps,
    the rhythms and the windows' ends.

    Args:
        max_cap_per_window: Largest ``cap_per_window`` (at least 1).
        max_window_days: Largest ``cap_window_days`` (at least 1).
        call_fallback: Fix ``call_fallback_to_message``; ``None`` draws it.

    Shrinks toward the default :class:`~retention.cadence.CadencePolicy`, field by
    field.
    """
    default = CadencePolicy()
    greet_from = draw(_near(default.greet_from, 1, 5))
    survey_from = draw(_near(default.survey_from, 1, 12))
    cap_per_day = draw(_near(default.cap_per_day, 1, min(3, max_cap_per_window)))
    fallback = draw(st.booleans().map(lambda b: not b)) if call_fallback is None else call_fallback
    return CadencePolicy(
        door_for_new_customers=draw(st.booleans()),
        door_for_visits=draw(st.booleans()),
        greet_from=greet_from,
        greet_to=draw(_near(default.greet_to, greet_from, greet_from + 5)),
        survey_from=survey_from,
        survey_to=draw(_near(default.survey_to, survey_from, survey_from + 7)),
        keep_interval=draw(_near(default.keep_interval, 1, 45)),
        keep_slack=draw(_near(default.keep_slack, 0, 10)),
        holiday_window=draw(_near(default.holiday_window, 0, 10)),
        invite_lead=draw(_near(default.invite_lead, 1, 7)),
        close_classes=draw(
            st.just(default.close_classes) | st.frozensets(st.sampled_from(AbcClass))
        ),
        close_attitudes=draw(
            st.just(default.close_attitudes) | st.frozensets(st.sampled_from(Attitude))
        ),
        call_fallback_to_message=fallback,
        cap_per_day=cap_per_day,
        cap_per_window=draw(_near(default.cap_per_window, cap_per_day, max_cap_per_window)),
        cap_window_days=draw(_near(default.cap_window_days, 1, max_window_days)),
        frequent_purchases=draw(_near(default.frequent_purchases, 1, 8)),
        frequent_lookback_days=draw(_near(default.frequent_lookback_days, 1, 365)),
        club_interval=draw(_near(default.club_interval, 1, 120)),
        no_wish_occasions=draw(st.just(default.no_wish_occasions) | st.just(frozenset())),
        new_days=draw(_near(default.new_days, 1, 60)),
        # purchases lie up to ~120 days before the plan: a short lapse meets them
        lapse_days=draw(_near(default.lapse_days, 20, 200)),
        winback_spacing_days=draw(_near(default.winback_spacing_days, 1, 20)),
        messages_per_day=draw(_near(default.messages_per_day, 1, 12)),
        calls_per_day=draw(_near(default.calls_per_day, 1, 6)),
        busy_day_factor=draw(_near(default.busy_day_factor, 1, 5)),
    )


# Building a calendar loads the `holidays` package and takes milliseconds, so the
# calendars are built once per argument tuple. lru_cache is acceptable here: it holds
# only frozen, immutable StoreCalendar values keyed by hashable build arguments, so no
# draw can change what another sees (the library keeps no mutable global state).
@functools.lru_cache(maxsize=32)
def _built_calendars(
    countries: tuple[str, ...], years: tuple[int, ...], store_days: tuple[StoreDay, ...]
) -> tuple[StoreCalendar, ...]:
    return tuple(
        StoreCalendar.build(country, years=years, store_days=store_days) for country in countries
    )


def calendars(
    *,
    countries: Sequence[str] = ("CN", "US"),
    years: Sequence[int] = _YEARS,
    store_days: Sequence[StoreDay] = (),
) -> st.SearchStrategy[StoreCalendar]:
    """Store calendars of ``countries`` covering ``years``, with ``store_days``.

    The calendars are built (and ``holidays`` imported) only when the strategy is first
    drawn from, then reused.

    Args:
        countries: Country codes to pick from.
        years: The years every calendar covers.
        store_days: The store's own days, the same in every calendar.

    Shrinks toward the first country.
    """
    key = (tuple(countries), tuple(years), tuple(store_days))
    return st.deferred(lambda: st.sampled_from(_built_calendars(*key)))


def _calendar_call(calendar: StoreCalendar) -> str:
    """The call that builds ``calendar`` (its repr shows every day off, which is long)."""
    args = [repr(calendar.country), f"years={calendar.years!r}"]
    if calendar.language != "en":
        args.append(f"language={calendar.language!r}")
    if calendar.subdivision is not None:
        args.append(f"subdivision={calendar.subdivision!r}")
    if calendar.store_days:
        args.append(f"store_days={calendar.store_days!r}")
    return f"StoreCalendar.build({', '.join(args)})"


@attrs.frozen(kw_only=True)
class StoreInputs:
    """Everything :func:`~retention.cadence.plan_contacts` takes, drawn by :func:`stores`.

    The parts agree with each other: purchases, visits, service tasks and history are
    all for profiled customers, every staff ID a profile or record names is on the
    staff, IDs are unique, and the calendar covers ``start`` to ``end``. Use
    :func:`attrs.evolve` to change a part.

    Attributes:
        customers: The profiles.
        purchases: Purchases in the ~120 days before ``start`` and inside the plan.
        start: First day of the plan.
        end: Last day of the plan.
        calendar: A calendar covering the plan.
        staff: The staff.
        events: Store events around the plan.
        history: Contacts already made, some with planner contact IDs.
        visits: Visits without a purchase.
        service_tasks: Service contacts to make.
        policy: The cadence policy.
    """

    customers: tuple[CustomerProfile, ...]
    purchases: tuple[Purchase, ...]
    start: dt.date
    end: dt.date
    calendar: StoreCalendar = attrs.field(repr=_calendar_call)
    staff: tuple[StaffMember, ...]
    events: tuple[StoreEvent, ...]
    history: tuple[ContactRecord, ...]
    visits: tuple[Visit, ...]
    service_tasks: tuple[ServiceTask, ...]
    policy: CadencePolicy

    def _repr_pretty_(self, printer: RepresentationPrinter, cycle: bool) -> None:  # noqa: FBT001  # hypothesis's protocol
        """Pretty-print a failing example with the calendar as the call that builds it."""
        if cycle:  # pragma: no cover - a StoreInputs never contains itself
            printer.text("StoreInputs(...)")
            return
        with printer.group(indent=4, open="StoreInputs(", close=")"):
            for index, name in enumerate(attrs.fields_dict(StoreInputs)):
                if index:
                    printer.text(",")
                printer.breakable()
                printer.text(f"{name}=")
                value = getattr(self, name)
                if isinstance(value, StoreCalendar):
                    printer.text(_calendar_call(value))
                else:
                    printer.pretty(value)

    def plan(self, *, previous: ContactPlan | None = None) -> ContactPlan:
        """Return :func:`~retention.cadence.plan_contacts` of these inputs.

        Args:
            previous: The plan made before, for a stable re-plan (``plan_contacts``'s
                ``previous``).
        """
        return plan_contacts(
            self.customers,
            purchases=self.purchases,
            start=self.start,
            end=self.end,
            calendar=self.calendar,
            staff=self.staff,
            events=self.events,
            history=self.history,
            visits=self.visits,
            service_tasks=self.service_tasks,
            policy=self.policy,
            previous=previous,
        )


def _record_channels(purpose: Purpose) -> tuple[Channel, ...]:
    """The channels a recorded contact for ``purpose`` plausibly went over."""
    if purpose is Purpose.DOOR:
        return (Channel.IN_PERSON,)
    if purpose in (Purpose.SERVICE, Purpose.INVITE):
        return (Channel.PHONE, Channel.MESSAGE)
    return (Channel.MESSAGE,)


def _known_contacts(
    customer_id: str,
    bought: Sequence[dt.date],
    events: Sequence[StoreEvent],
    tasks: Sequence[ServiceTask],
    occasions: Sequence[dt.date],
) -> list[tuple[str, Purpose, Channel]]:
    """Planner contact IDs a customer's history may hold, each with purpose and channel."""
    known: list[tuple[str, Purpose, Channel]] = []
    for day in bought:
        known += [
            (f"{customer_id}/CAD-GREET/{day}", Purpose.GREET, Channel.MESSAGE),
            (f"{customer_id}/CAD-SURVEY/{day}", Purpose.SURVEY, Channel.MESSAGE),
            (f"{customer_id}/CAD-DOOR/{day}", Purpose.DOOR, Channel.IN_PERSON),
            (f"{customer_id}/CAD-KEEP/{day}", Purpose.KEEP, Channel.MESSAGE),
        ]
    known += [
        (f"{customer_id}/CAD-INVITE/{event.event_id}", Purpose.INVITE, Channel.MESSAGE)
        for event in events
    ]
    known += [
        (f"{customer_id}/CMP-STEPS/{task.case_id}/{task.due}", Purpose.SERVICE, task.channel)
        for task in tasks
    ]
    known += [
        (f"{customer_id}/CAD-KEEP/holiday/{day}", Purpose.HOLIDAY, Channel.MESSAGE)
        for day in occasions
    ]
    return known


@attrs.frozen(kw_only=True)
class _Draws:
    """The strategies one :func:`stores` draw reuses for every customer (built once)."""

    profile: st.SearchStrategy[CustomerProfile]
    purchase_offsets: st.SearchStrategy[list[int]]
    visit_offsets: st.SearchStrategy[list[int]]
    task_offset: st.SearchStrategy[int]
    history_offset: st.SearchStrategy[int]
    assignee: st.SearchStrategy[str | None]


def _draw_history(
    draw: st.DrawFn,
    customer_id: str,
    *,
    start: dt.date,
    draws: _Draws,
    known: list[tuple[str, Purpose, Channel]],
) -> list[ContactRecord]:
    """Up to three history records of one customer; shrinks toward none."""
    records = []
    for _ in range(draw(st.integers(0, 3))):
        contact_id: str | None = None
        if draw(st.booleans()) and known:
            contact_id, purpose, channel = known[draw(st.integers(0, len(known) - 1))]
        else:
            purpose = draw(st.sampled_from(Purpose))
            channel = draw(st.sampled_from(_record_channels(purpose)))
        assignee = draw(draws.assignee) if channel.staff_task else None
        records.append(
            ContactRecord(
                customer_id,
                date=start + dt.timedelta(days=draw(draws.history_offset)),
                channel=channel,
                purpose=purpose,
                contact_id=contact_id,
                assignee=assignee,
            )
        )
    return records


@st.composite
def stores(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn,
    *,
    start: dt.date | None = None,
    days: int | None = None,
    max_customers: int = 8,
    countries: Sequence[str] = ("CN", "US"),
    policies: st.SearchStrategy[CadencePolicy] | None = None,
    service_after_end: int = 3,
) -> StoreInputs:
    """A small store whose inputs to :func:`~retention.cadence.plan_contacts` agree.

    Up to ``max_customers`` profiles (IDs ``"c000"``, ...), each with purchases in the
    120 days before ``start`` and inside the plan, visits, service tasks and contact
    history (some records carry the planner's contact IDs, so some candidates are
    done); up to three staff members who own some customers; up to three events
    around the plan; a calendar from :func:`calendars`; a policy from
    :func:`cadence_policies`.

    Args:
        start: First day of the plan; ``None`` draws one in 2025-2026, often near a
            holiday season.
        days: Length of the plan in days; ``None`` draws 1 to 45.
        max_customers: Most customer profiles (at least 1; keep it small).
        countries: Countries the calendar may be of.
        policies: Strategy for the policy (default :func:`cadence_policies`).
        service_after_end: Days after ``end`` a service task may fall due (they wait
            for a later plan); 0 for none.

    Shrinks toward a one-day plan from 2025-01-20 on a calendar of the first country
    with the default policy, one customer with nothing bought, no staff, no events and
    no history.
    """
    first = (
        start
        if start is not None
        else draw(st.sampled_from(_STARTS) | st.dates(dt.date(2025, 1, 1), dt.date(2026, 11, 16)))
    )
    length = days if days is not None else draw(st.integers(1, _MAX_DAYS))
    last = first + dt.timedelta(days=length - 1)
    covered = _YEARS[0] <= first.year and last.year <= _YEARS[-1]
    calendar = draw(
        calendars(countries=countries, years=_YEARS if covered else (first.year, last.year))
    )
    policy = draw(cadence_policies() if policies is None else policies)
    staff = draw(staff_lists(max_size=3, start=first, days=length))
    staff_ids = tuple(member.staff_id for member in staff)
    events = draw(
        store_events(
            start=first - dt.timedelta(days=2), end=last + dt.timedelta(days=10), max_size=3
        )
    )
    occasions = [o.date for o in calendar.occasions(first, last)]
    draws = _Draws(
        profile=customer_profiles(
            ids=st.just("c000"),
            staff_ids=staff_ids,
            start=first - dt.timedelta(days=30),
            days=length + 30,
        ),
        purchase_offsets=st.lists(
            st.integers(-10, length - 1) | st.integers(-_PURCHASE_LOOKBACK, length - 1),
            max_size=8,
        ),
        visit_offsets=st.lists(st.integers(-3, length - 1), max_size=2),
        task_offset=st.integers(-6, length - 1 + service_after_end),
        history_offset=st.integers(-_HISTORY_LOOKBACK, length - 1),
        assignee=st.none() | st.sampled_from(staff_ids) if staff_ids else st.none(),
    )
    profiles: list[CustomerProfile] = []
    bought: list[Purchase] = []
    seen: list[Visit] = []
    tasks: list[ServiceTask] = []
    history: list[ContactRecord] = []
    for index in range(draw(st.integers(1, max(max_customers, 1)))):
        cid = f"c{index:03d}"
        profiles.append(attrs.evolve(draw(draws.profile), customer_id=cid))
        days_bought = sorted({first + dt.timedelta(days=d) for d in draw(draws.purchase_offsets)})
        bought += [Purchase(cid, date=day, amount=_AMOUNT) for day in days_bought]
        seen += [Visit(cid, date=first + dt.timedelta(days=d)) for d in draw(draws.visit_offsets)]
        mine = [
            ServiceTask(
                f"case{number}",
                customer_id=cid,
                due=first + dt.timedelta(days=draw(draws.task_offset)),
                channel=draw(st.sampled_from(_OPT_OUT_CHANNELS[::-1])),
                window_days=draw(st.integers(1, 5)),
            )
            for number in range(draw(st.integers(0, 2)))
        ]
        tasks += mine
        known = _known_contacts(cid, days_bought, events, mine, occasions)
        history += _draw_history(draw, cid, start=first, draws=draws, known=known)
    return StoreInputs(
        customers=tuple(profiles),
        purchases=tuple(bought),
        start=first,
        end=last,
        calendar=calendar,
        staff=tuple(staff),
        events=tuple(events),
        history=tuple(_unique_contact_ids(history)),
        visits=tuple(seen),
        service_tasks=tuple(tasks),
        policy=policy,
    )


def _unique_contact_ids(records: list[ContactRecord]) -> list[ContactRecord]:
    """Keep the first record of each planner contact ID (the engine refuses two)."""
    taken: set[str] = set()
    kept = []
    for record in records:
        if record.contact_id is not None:
            if record.contact_id in taken:
                continue
            taken.add(record.contact_id)
        kept.append(record)
    return kept


# --- complaints ---------------------------------------------------------------------------

#: The time zone :func:`store_hours` gives a store of each country it knows.
_ZONES: dict[str, str] = {"CN": "Asia/Shanghai", "DE": "Europe/Berlin", "US": "America/New_York"}
_QUARTERS = 24 * 4  # quarter hours in a day: opening hours are drawn on quarter hours
_OPENS = 9 * 4  # 09:00, StoreHours' default opening time, in quarter hours
_CLOSES = 21 * 4  # 21:00, its default closing time
_SUMMARIES = ("Rude at the till", "Cream caused a rash", "Delivery came late", "Wrong size")
_PRODUCTS = ("serum", "toner", "cushion")
_COMPLAINT_STAFF = ("s00", "s01", "s02")
_NOTES = ("asked twice", "customer waits for a call back", "see the receipt")
_PROMISES = ("call back", "refund to the card", "send a sample")
_LESSONS = ("train the till staff", "check stock before promising", "test the batch")
#: The priorities in the order :func:`complaints` shrinks through (the usual one first).
_PRIORITIES = (Priority.NORMAL, Priority.URGENT, Priority.HIGH, Priority.LOW)
#: The six steps' events and the close, which move a case forward (CMP-STEPS).
_STEP_KINDS = frozenset(
    {
        CaseEventKind.LISTENED,
        CaseEventKind.APOLOGISED,
        CaseEventKind.CAUSE_DIAGNOSED,
        CaseEventKind.RESOLUTION_PROPOSED,
        CaseEventKind.COMPENSATION_APPROVED,
        CaseEventKind.RESOLVED,
        CaseEventKind.FOLLOWED_UP,
        CaseEventKind.RECORDED,
        CaseEventKind.CLOSED,
    }
)
#: The events with nothing but the common fields.
_PLAIN_EVENTS: dict[CaseEventKind, type[Event]] = {
    CaseEventKind.LISTENED: Listened,
    CaseEventKind.APOLOGISED: Apologised,
    CaseEventKind.RESOLVED: Resolved,
    CaseEventKind.CLOSED: Closed,
    CaseEventKind.CLOCK_PAUSED: ClockPaused,
    CaseEventKind.CLOCK_RESUMED: ClockResumed,
}
_MAX_GAP = dt.timedelta(days=2)  # default longest time between two events of a case
#: How far from a clock change (daylight saving) the instants drawn near one reach.
_NEAR_CHANGE = dt.timedelta(hours=2)
_ONE_SECOND = dt.timedelta(seconds=1)
_ONE_DAY = dt.timedelta(days=1)
_MAX_AHEAD = dt.timedelta(days=14)  # longest time to an appointment or a promise's due time
_CENT = Decimal("0.01")


def _quarter(index: int) -> dt.time:
    """The wall-clock time ``index`` quarter hours after midnight."""
    return dt.time(index // 4, index % 4 * 15)


@st.composite
def _opening_spans(draw: st.DrawFn) -> tuple[dt.time, dt.time]:
    """``(opens, closes)`` on quarter hours, opens first; shrinks toward 09:00-21:00."""
    opens = draw(_near(_OPENS, 0, _QUARTERS - 2))
    closes = draw(_near(_CLOSES, opens + 1, _QUARTERS - 1))
    return _quarter(opens), _quarter(closes)


def store_hours(
    *,
    country: str = "CN",
    timezone: str | None = None,
    store_days: Sequence[StoreDay] = (),
) -> st.SearchStrategy[StoreHours]:
    """Store hours on a cached calendar of ``country`` covering 2025 and 2026.

    Half the draws keep :class:`~retention.hours.StoreHours`' default hours (09:00-21:00
    every working day); the others open and close on any quarter hour (a window may be
    as short as 15 minutes or run from 00:00 to 23:45) and give up to three weekdays
    hours of their own.

    Args:
        country: ``"CN"`` (Asia/Shanghai), ``"DE"`` (Europe/Berlin) or ``"US"``
            (America/New_York); another country the ``holidays`` package knows needs
            ``timezone``.
        timezone: The store's IANA time zone (default: the country's, as above).
        store_days: The store's own days on the calendar (see :func:`calendars`), e.g.
            a daylight-saving Sunday declared open.

    Raises:
        ValueError: A country without a known zone and no ``timezone``.

    Shrinks toward the default hours.
    """
    zone = _ZONES.get(country) if timezone is None else timezone
    if zone is None:
        msg = f"store_hours: no default zone for {country!r}; pass timezone= as well"
        raise ValueError(msg)
    hours_calendars = calendars(countries=(country,), years=_YEARS, store_days=store_days)

    @st.composite
    def draw_hours(draw: st.DrawFn) -> StoreHours:
        calendar = draw(hours_calendars)
        if not draw(st.booleans()):
            return StoreHours(calendar, timezone=zone)
        opens, closes = draw(_opening_spans())
        week = draw(st.dictionaries(st.integers(0, 6), _opening_spans(), max_size=3))
        return StoreHours(calendar, timezone=zone, opens=opens, closes=closes, by_weekday=week)

    return draw_hours()


_customer_ids = customer_ids  # `complaints` takes an argument of this name


def complaints(
    *,
    complaint_id: str | None = None,
    customer_ids: st.SearchStrategy[str] | None = None,
    zone: str = "Asia/Shanghai",
    start: dt.datetime | None = None,
    end: dt.datetime | None = None,
) -> st.SearchStrategy[Complaint]:
    """Valid complaints received at an aware instant from ``start`` to ``end``.

    ``received_at`` is in ``zone`` and falls on a whole second; the priority, channel,
    product, staff member and the remedy asked for are drawn too. In a zone that changes
    its clocks between ``start`` and ``end``, half the draws fall within two hours of a
    change: in the hour that is repeated (``fold=1`` for the second time round) or
    around the one that is skipped, sometimes written as the wall-clock time that does
    not exist (02:30 on the night Berlin moves from 02:00 to 03:00 is 03:30 CEST).

    Args:
        complaint_id: The ID of every complaint drawn (default: one of ``"k000"`` ..
            ``"k099"``).
        customer_ids: Strategy for the customer (default: one of ten IDs ``"c000"`` ..,
            so that a few complaints often share a customer).
        zone: The IANA zone ``received_at`` is given in.
        start: Earliest receipt, aware (default 2025-01-01 00:00 in ``zone``).
        end: Latest receipt, aware, not before ``start`` (default 2025-12-31 23:59:59
            in ``zone``).

    Raises:
        ValueError: A naive ``start`` or ``end``, or ``end`` before ``start``.

    Shrinks toward ``"k000"`` from customer ``"c000"`` received in store at ``start``,
    normal priority, with no product, staff member or remedy asked for.
    """
    tz = zoneinfo.ZoneInfo(zone)
    first = dt.datetime(2025, 1, 1, tzinfo=tz) if start is None else start
    last = dt.datetime(2025, 12, 31, 23, 59, 59, tzinfo=tz) if end is None else end
    if first.utcoffset() is None or last.utcoffset() is None:
        msg = "complaints: start and end must be timezone-aware"
        raise ValueError(msg)
    if utc(last) < utc(first):
        msg = f"complaints: end {last.isoformat()} is before start {first.isoformat()}"
        raise ValueError(msg)
    origin = utc(first)
    seconds = int((utc(last) - origin).total_seconds())
    ids = (
        st.just(complaint_id)
        if complaint_id is not None
        else st.integers(0, 99).map("k{:03d}".format)
    )
    return st.builds(
        Complaint,
        ids,
        customer_id=_customer_ids(count=10) if customer_ids is None else customer_ids,
        received_at=_instants(origin, seconds, zone),
        channel=st.sampled_from(ComplaintChannel),
        summary=st.sampled_from(_SUMMARIES),
        priority=st.sampled_from(_PRIORITIES),
        product=st.none() | st.sampled_from(_PRODUCTS),
        staff_id=st.none() | st.sampled_from(_COMPLAINT_STAFF),
        asks_for=st.none() | st.sampled_from(Remedy),
    )


@st.composite
def _sla_targets(draw: st.DrawFn, priority: Priority) -> SlaTarget:
    """A valid target (resolution at least first response), in whole minutes."""
    default = SlaPolicy().target(priority)
    first = draw(_near(int(default.first_response.total_seconds()) // 60, 1, 8 * 60))
    resolution = draw(_near(int(default.resolution.total_seconds()) // 60, first, 72 * 60))
    return SlaTarget(dt.timedelta(minutes=first), resolution=dt.timedelta(minutes=resolution))


@st.composite
def complaint_policies(draw: st.DrawFn) -> ComplaintPolicy:
    """Valid complaint policies: SLA targets, compensation limits, at-risk share, follow-up.

    Half the draws are the default :class:`~retention.complaints.ComplaintPolicy`. The
    others draw every priority's targets in whole minutes (first response 1 minute to 8
    hours, resolution from there to 72 hours), a limit or no limit for each of the
    default roles (any of them may be left out, but not all), an at-risk share from
    0.01 to 0.99 and the follow-up days.

    Shrinks toward the default policy.
    """
    if not draw(st.booleans()):
        return ComplaintPolicy()
    targets = {priority.value: draw(_sla_targets(priority)) for priority in Priority}
    limits: dict[str, Decimal | None] = {}
    for role, default in DEFAULT_LIMITS.items():
        choice = draw(st.integers(0, 3))
        if choice == 0:
            limits[role] = default
        elif choice == 1:
            limits[role] = None
        elif choice == 2:  # noqa: PLR2004  # the third choice: a limit of its own
            limits[role] = draw(amounts(max_cents=5_000_00))
    if not limits:
        limits["owner"] = None
    return ComplaintPolicy(
        sla=SlaPolicy(**targets, at_risk=Decimal(draw(_near(75, 1, 99))).scaleb(-2)),
        limits=limits,
        follow_up_days=draw(_near(2, 0, 7)),
        follow_up_window_days=draw(_near(3, 1, 7)),
    )


@attrs.frozen
class _Common:
    """What every event drawn for a case has."""

    complaint_id: str
    at: dt.datetime
    by: str | None
    note: str | None


@functools.cache
def _clock_changes(zone: str, first_year: int, last_year: int) -> tuple[dt.datetime, ...]:
    """The instants (UTC) at which ``zone``'s offset changes in the years given, in order."""
    tz = zoneinfo.ZoneInfo(zone)
    changes = []
    day = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    end = dt.datetime(min(last_year, dt.MAXYEAR - 1) + 1, 1, 1, tzinfo=dt.UTC)
    while day < end:
        after = day + _ONE_DAY
        if day.astimezone(tz).utcoffset() != after.astimezone(tz).utcoffset():
            low, high = day, after  # the offset at ``low`` is the old one, at ``high`` the new
            while high - low > _ONE_SECOND:
                middle = low + dt.timedelta(seconds=(high - low) // _ONE_SECOND // 2)
                same = middle.astimezone(tz).utcoffset() == low.astimezone(tz).utcoffset()
                low, high = (middle, high) if same else (low, middle)
            changes.append(high)
        day = after
    return tuple(changes)


def _written(instant: dt.datetime, zone: str) -> st.SearchStrategy[dt.datetime]:
    """The ways to write ``instant`` in ``zone``; shrinks toward ``instant.astimezone(zone)``.

    Besides the usual form (with ``fold=1`` in the second pass of a repeated hour), an
    instant just after the clocks go forward can be written as the wall-clock time that
    was skipped (``fold=0`` takes the offset before the change, ``fold=1`` the one
    after), and ``fold=1`` on a time that is not ambiguous changes nothing.
    """
    tz = zoneinfo.ZoneInfo(zone)
    at = utc(instant)
    usual = at.astimezone(tz)
    ways = [usual]
    offsets = {(at + days).astimezone(tz).utcoffset() for days in (-_ONE_DAY, _ONE_DAY)}
    for offset in sorted(o for o in offsets if o is not None):
        wall = (at + offset).replace(tzinfo=tz)
        for fold in (0, 1):
            way = wall.replace(fold=fold)
            if utc(way) == at and not _same_writing(way, ways):
                ways.append(way)
    return st.sampled_from(ways)


def _same_writing(value: dt.datetime, ways: list[dt.datetime]) -> bool:
    """Whether ``value`` has the wall clock and fold of one of ``ways`` (all in one zone)."""
    return any(
        value.replace(tzinfo=None) == w.replace(tzinfo=None) and value.fold == w.fold for w in ways
    )


def _instants(origin: dt.datetime, seconds: int, zone: str) -> st.SearchStrategy[dt.datetime]:
    """Whole seconds from ``origin`` to ``seconds`` later, written in ``zone``.

    If the zone changes its clocks within two hours of the span, half the draws fall
    within two hours of such a change and an instant may be written in any way
    :func:`_written` knows; otherwise each is written the usual way. Shrinks toward
    ``origin``, written the usual way.
    """
    start = utc(origin)
    end = start + dt.timedelta(seconds=seconds)
    offsets = st.integers(0, seconds)
    near = [
        change
        for change in _clock_changes(zone, start.year, end.year)
        if start - _NEAR_CHANGE <= change <= end + _NEAR_CHANGE
    ]
    if not near:
        tz = zoneinfo.ZoneInfo(zone)
        return offsets.map(lambda s: (start + dt.timedelta(seconds=s)).astimezone(tz))
    reach = int(_NEAR_CHANGE / _ONE_SECOND)

    def around(change: dt.datetime) -> st.SearchStrategy[int]:
        middle = int((change - start) / _ONE_SECOND)
        return st.integers(max(0, middle - reach), min(seconds, middle + reach))

    near_offsets = st.sampled_from(near).flatmap(around)
    return (offsets | near_offsets).flatmap(
        lambda s: _written(start + dt.timedelta(seconds=s), zone)
    )


def _later(at: dt.datetime, zone: str) -> st.SearchStrategy[dt.datetime]:
    """Whole seconds from ``at`` to two weeks later, in ``zone``; shrinks toward ``at``."""
    return _instants(at, int(_MAX_AHEAD / _ONE_SECOND), zone)


def _compensation(policy: ComplaintPolicy) -> st.SearchStrategy[Decimal]:
    """Amounts at and just above each limit, or any up to 3000; shrinks toward 0."""
    edges = {Decimal(0)}
    for limit in policy.limits.values():
        if limit is not None:
            edges |= {limit, limit + _CENT}
    return st.sampled_from(sorted(edges)) | amounts(max_cents=3_000_00)


@st.composite
def _options(draw: st.DrawFn, at: dt.datetime, case: Case) -> Option:
    """One option offered at ``at``; an appointment is not before it."""
    remedy = draw(st.sampled_from(Remedy))
    appointment = draw(_later(at, case.hours.timezone)) if remedy.is_appointment else None
    policy = case.policy
    return Option(remedy, amount=draw(_compensation(policy)), appointment=appointment)


def _proposal(draw: st.DrawFn, case: Case, common: _Common) -> Event:
    policy = case.policy
    offered = draw(st.lists(_options(common.at, case), min_size=1, max_size=3, unique=True))
    return ResolutionProposed(
        common.complaint_id,
        at=common.at,
        by=common.by,
        note=common.note,
        options=tuple(offered),
        chosen=draw(st.sampled_from(offered)),
        role=draw(st.sampled_from(sorted(policy.limits))),
    )


def _approvers(case: Case) -> list[str]:
    """The roles whose limit covers the chosen compensation (CMP-COMPENSATE)."""
    policy = case.policy
    return sorted(r for r in policy.limits if policy.covers(r, case.compensation))


def _approval(draw: st.DrawFn, case: Case, common: _Common) -> Event:
    role = draw(st.sampled_from(_approvers(case)))
    needed = case.compensation
    limit = case.policy.limit(role)
    room = 100_00 if limit is None else int((limit - needed) / _CENT)
    extra = Decimal(draw(st.integers(0, room))) * _CENT
    return CompensationApproved(
        common.complaint_id,
        at=common.at,
        by=common.by,
        note=common.note,
        role=role,
        amount=needed + extra,
    )


def _diagnosis(draw: st.DrawFn, _case: Case, common: _Common) -> Event:
    cause = draw(st.sampled_from(Cause))
    note = common.note
    if cause is Cause.OTHER and note is None:
        note = draw(st.sampled_from(_NOTES))
    return CauseDiagnosed(common.complaint_id, at=common.at, by=common.by, note=note, cause=cause)


def _follow_up(draw: st.DrawFn, _case: Case, common: _Common) -> Event:
    return FollowedUp(
        common.complaint_id,
        at=common.at,
        by=common.by,
        note=common.note,
        satisfied=draw(st.booleans().map(operator.not_)),
    )


def _record(draw: st.DrawFn, _case: Case, common: _Common) -> Event:
    return Recorded(
        common.complaint_id,
        at=common.at,
        by=common.by,
        note=common.note,
        details=draw(st.sampled_from(_SUMMARIES)),
        lesson=draw(st.sampled_from(_LESSONS)),
    )


def _promise(draw: st.DrawFn, case: Case, common: _Common) -> Event:
    taken = {promise.promise_id for promise in case.promises}
    promise_id = next(f"p{n}" for n in range(len(taken) + 1) if f"p{n}" not in taken)
    return PromiseMade(
        common.complaint_id,
        at=common.at,
        by=common.by,
        note=common.note,
        promise_id=promise_id,
        what=draw(st.sampled_from(_PROMISES)),
        due=draw(_later(common.at, case.hours.timezone)),
    )


def _open_promise(draw: st.DrawFn, case: Case) -> str:
    open_ids = [p.promise_id for p in case.promises if p.status is PromiseStatus.OPEN]
    return draw(st.sampled_from(open_ids))


def _kept(draw: st.DrawFn, case: Case, common: _Common) -> Event:
    promise_id = _open_promise(draw, case)
    return PromiseKept(
        common.complaint_id, at=common.at, by=common.by, note=common.note, promise_id=promise_id
    )


def _broken(draw: st.DrawFn, case: Case, common: _Common) -> Event:
    promise_id = _open_promise(draw, case)
    return PromiseBroken(
        common.complaint_id, at=common.at, by=common.by, note=common.note, promise_id=promise_id
    )


_BUILDERS: dict[CaseEventKind, Callable[[st.DrawFn, Case, _Common], Event]] = {
    CaseEventKind.CAUSE_DIAGNOSED: _diagnosis,
    CaseEventKind.RESOLUTION_PROPOSED: _proposal,
    CaseEventKind.COMPENSATION_APPROVED: _approval,
    CaseEventKind.FOLLOWED_UP: _follow_up,
    CaseEventKind.RECORDED: _record,
    CaseEventKind.PROMISE_MADE: _promise,
    CaseEventKind.PROMISE_KEPT: _kept,
    CaseEventKind.PROMISE_BROKEN: _broken,
}


@st.composite
def _next_event(
    draw: st.DrawFn, case: Case, kinds: tuple[CaseEventKind, ...], max_gap: dt.timedelta
) -> Event:
    """One event of ``kinds`` that ``case`` takes; see :func:`complaint_events`."""
    steps = [kind for kind in kinds if kind in _STEP_KINDS]
    pool = steps if steps and draw(st.integers(0, 3)) < 3 else list(kinds)  # noqa: PLR2004  # 3 in 4
    kind = draw(st.sampled_from(pool))
    at = draw(_instants(case.last_at, int(max_gap / _ONE_SECOND), case.hours.timezone))
    common = _Common(
        case.complaint_id,
        at=at,
        by=draw(st.none() | st.sampled_from(_COMPLAINT_STAFF)),
        note=draw(st.none() | st.sampled_from(_NOTES)),
    )
    plain = _PLAIN_EVENTS.get(kind)
    if plain is not None:
        return plain(common.complaint_id, at=common.at, by=common.by, note=common.note)
    return _BUILDERS[kind](draw, case, common)


def complaint_events(case: Case, *, max_gap: dt.timedelta = _MAX_GAP) -> st.SearchStrategy[Event]:
    """Events that ``case`` takes now: :meth:`~retention.complaints.Case.apply` never refuses one.

    The kind is one of ``case.next_allowed()`` (three draws in four pick a step of the
    six, CMP-STEPS, when one is allowed); the event comes ``0`` to ``max_gap`` after
    the case's last event, in the store's zone, and is valid for the case as it
    stands: a role of the case's policy, an approval by a role whose limit covers the
    chosen amount (CMP-COMPENSATE), appointments and promises due up to two weeks
    ahead, a new promise ID, an open promise to keep or break (CMP-PROMISE). When the
    store's zone changes its clocks within two hours of that span, half the times fall
    within two hours of the change and may be written as :func:`complaints` says
    (``fold=1``, a wall clock of the skipped hour): later in UTC, whatever the wall
    clock shows.

    Empty (:func:`hypothesis.strategies.nothing`) once the case is closed, or if the
    only events it takes cannot be valid (an approval no role of the policy covers).

    Args:
        case: The case the event is for.
        max_gap: The longest time after the case's last event.

    Shrinks toward the first step allowed, at the time of the last event, by nobody,
    without a note.
    """
    kinds = tuple(
        kind
        for kind in case.next_allowed()
        if kind is not CaseEventKind.COMPENSATION_APPROVED or _approvers(case)
    )
    if not kinds:
        return st.nothing()
    return _next_event(case, kinds, max_gap)


@st.composite
def cases(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn,
    *,
    complaint: st.SearchStrategy[Complaint] | None = None,
    hours: st.SearchStrategy[StoreHours] | None = None,
    policies: st.SearchStrategy[ComplaintPolicy] | None = None,
    country: str = "CN",
    max_events: int = 30,
    max_gap: dt.timedelta = _MAX_GAP,
) -> Case:
    """A case driven through a random run of events it takes, open or closed.

    Each event is drawn from :func:`complaint_events`, so the case never saw a refused
    event; the run stops at random (one draw in twenty), after ``max_events`` or once the
    case is closed. Keep ``max_events * max_gap`` (plus two weeks for appointments)
    inside the calendar's years: the SLA clocks cannot count past them.

    Args:
        complaint: Strategy for the complaint (default :func:`complaints` in the
            store's zone).
        hours: Strategy for the store hours (default :func:`store_hours` of
            ``country``).
        policies: Strategy for the policy (default :func:`complaint_policies`).
        country: The country of the default store hours.
        max_events: Most events.
        max_gap: Longest time between two events.

    Shrinks toward a case with no events, of the complaint, hours and policy the
    strategies shrink toward.
    """
    store = draw(store_hours(country=country) if hours is None else hours)
    policy = draw(complaint_policies() if policies is None else policies)
    received = draw(complaints(zone=store.timezone) if complaint is None else complaint)
    case = Case.open(received, hours=store, policy=policy)
    for _ in range(max_events):
        if case.closed or draw(st.integers(0, 19)) == 0:
            break
        events = complaint_events(case, max_gap=max_gap)
        if events.is_empty:
            break
        case = case.apply(draw(events))
    return case


# --- satisfaction surveys -------------------------------------------------------------

#: The scales :func:`surveys` draws from by default: 1..5, 1..7 and 0..10.
_SURVEY_SCALES = (Scale(1, high=5), Scale(1, high=7), Scale(0, high=10))
_DIMENSIONS = ("reliability", "responsiveness", "empathy")


def _ratings(scale: Scale) -> st.SearchStrategy[int]:
    """Whole ratings on ``scale``; shrinks toward its worst answer."""
    return st.integers(scale.low, scale.high)


def _survey_item(draw: st.DrawFn, index: int) -> Item:
    """Item ``"i<index>"`` with a topic and maybe a dimension; shrinks toward price, none."""
    return Item(
        f"i{index}",
        topic=draw(st.sampled_from(Topic)),
        dimension=draw(st.none() | st.sampled_from(_DIMENSIONS)),
    )


def _survey_response(
    draw: st.DrawFn, respondent_id: str, scale: Scale, items: Sequence[Item], segment: str | None
) -> Response:
    """One respondent's answers, each item skipped one draw in four; shrinks toward all at low."""
    rating = _ratings(scale)
    answers = [
        ItemAnswer(item.item_id, perception=draw(rating), expectation=draw(rating))
        for item in items
        if draw(st.integers(0, 3)) != 3  # noqa: PLR2004  # one draw in four skips the item
    ]
    return Response(
        respondent_id,
        answers=answers,
        segment=segment,
        overall=draw(st.none() | rating),
        repurchase=draw(st.none() | rating),
        recommend=draw(st.none() | _ratings(NPS_SCALE)),
        effort=draw(st.none() | _ratings(CES_SCALE)),
    )


@st.composite
def surveys(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn,
    *,
    segments: Sequence[str] = ("A", "B", "C"),
    scales: Sequence[Scale] = _SURVEY_SCALES,
    max_items: int = 5,
    min_responses: int = 1,
    max_responses: int = 30,
) -> Survey:
    """A valid survey: every rating on its scale, every answer to one of its items.

    The scale is one of ``scales``; items ``"i0"``, ``"i1"``, ... each have a topic and,
    maybe, a dimension; responses ``"r00"``, ``"r01"``, ... each come from one of
    ``segments`` (``None`` when it is empty), answer each item with a perception and an
    expectation (or skip it, one draw in four, so a response may answer no item) and may
    give ``overall`` and ``repurchase`` on the scale, ``recommend`` on 0..10 and
    ``effort`` on 1..7. The method is any :class:`~retention.satisfaction.SurveyMethod`,
    run by a third party or not.

    Args:
        segments: The segments respondents come from, e.g. the ABC classes; give the
            same names to :func:`~retention.satisfaction.poststratify` as the population.
        scales: The scales the survey may use (default 1..5, 1..7 and 0..10).
        max_items: Most items (at least one).
        min_responses: Fewest responses.
        max_responses: Most responses.

    Shrinks toward a survey on the first scale (1..5) by form, not by a third party,
    with one price item without a dimension and ``min_responses`` responses from the
    first segment, each rating it at the bottom of the scale for both perception and
    expectation, without overall, repurchase, recommend or effort answers.
    """
    scale = draw(st.sampled_from(tuple(scales)))
    items = [_survey_item(draw, index) for index in range(draw(st.integers(1, max_items)))]
    count = draw(st.integers(min_responses, max_responses))
    width = max(len(str(max(count - 1, 0))), 2)
    labels = tuple(segments)
    responses = [
        _survey_response(
            draw,
            f"r{index:0{width}d}",
            scale,
            items,
            draw(st.sampled_from(labels)) if labels else None,
        )
        for index in range(count)
    ]
    return Survey(
        "survey",
        scale=scale,
        items=items,
        responses=responses,
        method=draw(st.just(SurveyMethod.FORM) | st.sampled_from(SurveyMethod)),
        third_party=draw(st.booleans()),
    )


# --- the other policies -----------------------------------------------------------------


def _hundredths(low: int, high: int) -> st.SearchStrategy[Decimal]:
    """Decimals ``low/100`` to ``high/100`` in hundredths; shrinks toward ``low/100``."""
    return st.integers(low, high).map(lambda n: Decimal(n).scaleb(-2))


def _tenths_near(default: Decimal, low: int, high: int) -> st.SearchStrategy[Decimal]:
    """``default`` or a decimal in tenths from ``low`` to ``high``; shrinks toward ``default``."""
    return st.just(default) | st.integers(low * 10, high * 10).map(lambda n: Decimal(n).scaleb(-1))


@st.composite
def attitude_policies(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn, *, prefer: Evidence | None = None
) -> AttitudePolicy:
    """Valid attitude policies: every threshold in its range.

    ``min_purchases`` 1 to 12, ``split_brands`` 2 to 6, ``shift_min_run`` 1 to 6, the
    two shares in hundredths from 0.01 to 1.

    Args:
        prefer: Fix which evidence wins (behaviour or declaration); ``None`` draws it.

    Shrinks toward the default :class:`~retention.segmentation.AttitudePolicy`, field
    by field.
    """
    default = AttitudePolicy()
    choices = st.sampled_from((Evidence.BEHAVIOUR, Evidence.DECLARATION))
    return AttitudePolicy(
        min_purchases=draw(_near(default.min_purchases, 1, 12)),
        hard_core_share=draw(st.just(default.hard_core_share) | _hundredths(1, 100)),
        split_brands=draw(_near(default.split_brands, 2, 6)),
        split_share=draw(st.just(default.split_share) | _hundredths(1, 100)),
        shift_min_run=draw(_near(default.shift_min_run, 1, 6)),
        prefer=draw(choices) if prefer is None else prefer,
    )


@st.composite
def early_adopter_policies(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn, *, max_window_days: int = 90
) -> EarlyAdopterPolicy:
    """Valid early-adopter policies: a window of 1 to ``max_window_days`` days, pre-orders or not.

    Args:
        max_window_days: Longest window (at least 1).

    Shrinks toward the default :class:`~retention.segmentation.EarlyAdopterPolicy`
    (30 days, pre-orders counted) when it fits, else toward a one-day window.
    """
    return EarlyAdopterPolicy(
        window_days=draw(_near(EarlyAdopterPolicy().window_days, 1, max_window_days)),
        include_preorders=draw(st.booleans().map(operator.not_)),
    )


@st.composite
def sla_policies(draw: st.DrawFn) -> SlaPolicy:
    """Valid SLA policies: every priority's targets in whole minutes, an at-risk share.

    First response 1 minute to 8 hours, resolution from there to 72 hours; the at-risk
    share in hundredths from 0.01 to 0.99.

    Shrinks toward the default :class:`~retention.complaints.SlaPolicy`.
    """
    targets = {priority.value: draw(_sla_targets(priority)) for priority in Priority}
    at_risk = Decimal(draw(_near(75, 1, 99))).scaleb(-2)
    return SlaPolicy(**targets, at_risk=at_risk)


@st.composite
def loyalty_curves(draw: st.DrawFn) -> LoyaltyCurve:
    """Valid loyalty curves: ``0 <= rest <= satisfied <= top <= 1``, in hundredths.

    Shrinks toward the default :class:`~retention.satisfaction.LoyaltyCurve` (0.90,
    0.40, 0.15).
    """
    rest = draw(_near(15, 0, 100))
    satisfied = draw(_near(40, rest, 100))
    top = draw(_near(90, satisfied, 100))
    return LoyaltyCurve(
        top=Decimal(top).scaleb(-2),
        satisfied=Decimal(satisfied).scaleb(-2),
        rest=Decimal(rest).scaleb(-2),
    )


@st.composite
def satisfaction_policies(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn, *, veto_cap: bool | None = None
) -> SatisfactionPolicy:
    """Valid satisfaction policies: every number in its range, the lines in order.

    Scores in tenths of a point (``dissatisfied_below <= satisfied_from``), word of
    mouth 0 to 30 and 0 to 50 people, 1 to 5 CSAT boxes, each loyalty curve the default
    or any :func:`loyalty_curves`, the mercenary alert in hundredths.

    Args:
        veto_cap: ``True`` draws a number for ``veto_cap``, ``False`` makes it ``None``
            (cap at the failing item's own score); ``None`` draws either.

    Shrinks toward the default :class:`~retention.satisfaction.SatisfactionPolicy`,
    field by field.
    """
    default = SatisfactionPolicy()
    satisfied_from = draw(_tenths_near(default.satisfied_from, 0, 100))
    dissatisfied = st.integers(0, int(satisfied_from * 10)).map(lambda n: Decimal(n).scaleb(-1))
    below = default.dissatisfied_below
    cap_number = _tenths_near(Decimal(0), 0, 100)
    caps = {True: cap_number, False: st.none(), None: cap_number | st.none()}[veto_cap]
    return SatisfactionPolicy(
        veto_floor=draw(_tenths_near(default.veto_floor, 0, 100)),
        veto_gap=draw(_tenths_near(default.veto_gap, -100, 0)),
        veto_cap=draw(caps),
        satisfied_from=satisfied_from,
        dissatisfied_below=draw(
            st.just(below) | dissatisfied if below <= satisfied_from else dissatisfied
        ),
        told_by_satisfied=draw(_near(default.told_by_satisfied, 0, 30)),
        told_by_dissatisfied=draw(_near(default.told_by_dissatisfied, 0, 50)),
        csat_boxes=draw(_near(default.csat_boxes, 1, 5)),
        low_competition=draw(st.just(default.low_competition) | loyalty_curves()),
        moderate_competition=draw(st.just(default.moderate_competition) | loyalty_curves()),
        high_competition=draw(st.just(default.high_competition) | loyalty_curves()),
        mercenary_alert=draw(st.just(default.mercenary_alert) | _hundredths(0, 100)),
        gap_attention=draw(_tenths_near(default.gap_attention, 0, 200)),
    )


@st.composite
def churn_policies(  # noqa: D417  # hypothesis passes `draw`, callers never do
    draw: st.DrawFn, *, max_hiatus_days: int = 720
) -> ChurnPolicy:
    """Valid churn policies: every number in its range.

    ``rhythm_factor`` in tenths from 1 to 100, ``min_purchases`` 2 to 10, ``hiatus_days``
    1 to ``max_hiatus_days``, ``p_alive_below`` in hundredths, ``recent_purchases`` 1 to
    10, ``winback_window_days`` 1 to 30, any set of ABC classes called back.

    Args:
        max_hiatus_days: Longest ``hiatus_days`` (at least 1).

    Shrinks toward the default :class:`~retention.churn.ChurnPolicy`, field by field.
    """
    default = ChurnPolicy()
    return ChurnPolicy(
        rhythm_factor=draw(_tenths_near(default.rhythm_factor, 1, 100)),
        min_purchases=draw(_near(default.min_purchases, 2, 10)),
        hiatus_days=draw(_near(default.hiatus_days, 1, max_hiatus_days)),
        p_alive_below=draw(st.just(default.p_alive_below) | _hundredths(0, 100)),
        recent_purchases=draw(_near(default.recent_purchases, 1, 10)),
        winback_window_days=draw(_near(default.winback_window_days, 1, 30)),
        call_classes=draw(st.just(default.call_classes) | st.frozensets(st.sampled_from(AbcClass))),
    )
