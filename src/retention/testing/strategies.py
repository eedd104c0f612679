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
from collections.abc import Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs
from hypothesis import strategies as st

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
from retention.customers import Purchase
from retention.segmentation import AbcClass, AbcPolicy, Attitude, Boundary

if TYPE_CHECKING:
    from hypothesis.vendor.pretty import RepresentationPrinter

__all__ = [
    "StoreInputs",
    "abc_policies",
    "amounts",
    "brand_sequences",
    "cadence_policies",
    "calendars",
    "customer_ids",
    "customer_profiles",
    "purchase_lists",
    "purchases",
    "spend_totals",
    "staff_lists",
    "staff_members",
    "store_events",
    "stores",
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

    Shrinks toward a spend policy with boundary "upper", ``a = 0.01`` and ``b = 0.02``.
    """
    a = draw(st.integers(1, 98))
    b = draw(st.integers(a + 1, 100))
    a_share, b_share = Decimal(a).scaleb(-2), Decimal(b).scaleb(-2)
    if draw(st.booleans()):
        return AbcPolicy.by_count(a=a_share, b=b_share)
    boundary = draw(st.sampled_from(Boundary))
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

    def plan(self) -> ContactPlan:
        """Return :func:`~retention.cadence.plan_contacts` of these inputs."""
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
