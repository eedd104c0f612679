"""Only a RetentionError escapes a public call: junk of every type, and days near 1 and 9999.

Issue 17 ("Reliability"). The junk properties walk the public API: every name in the
``__all__`` of the domain modules (constructors and functions) and the public methods of
the main result and value objects. Each call gets valid arguments (from
:mod:`retention.testing.strategies` or a sample store run through every step) except for
at least one, which is junk: ``None``, huge ints, NaN, control characters, naive and
aware datetimes at the ends of time, a generator that fails midway, iterables and dicts
of junk, a valid list with junk slipped in... The call must return or raise a
:class:`~retention.exceptions.RetentionError` whose message is one line of printable text
that starts with the field it is about. A caller's own generator may fail: its exception
comes out unchanged.

The extreme properties feed valid inputs at the ends of the calendar (days at or near
0001-01-01 and 9999-12-31, instants in far time zones) and policies with every number at
the top or bottom of its range through the main steps, with the same promise.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
import importlib
import inspect
import math
import re
from collections import Counter
from collections.abc import Callable, Iterator
from decimal import Decimal
from fractions import Fraction
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import retention
from fits import CONVERGING
from retention import complaints
from retention._validate import RANGE
from retention.cadence import (
    CadencePolicy,
    Channel,
    ContactDecision,
    ContactPlan,
    ContactRecord,
    CustomerProfile,
    EventKind,
    OptOut,
    Purpose,
    ServiceTask,
    StaffMember,
    Status,
    StoreEvent,
    Visit,
    WinBack,
    build_profiles,
    plan_contacts,
)
from retention.calendar import StoreCalendar
from retention.churn import (
    BgNbdParams,
    ChurnPolicy,
    ChurnReport,
    RfmSummary,
    early_warning,
    overdue,
    p_alive,
    rfm_summary,
)
from retention.complaints import (
    Case,
    Complaint,
    ComplaintPolicy,
    Event,
    Lessons,
    Priority,
    SlaPolicy,
    SlaTarget,
    lessons,
    sla_status,
)
from retention.customers import CustomerHistory, Purchase, SpendTotals
from retention.exceptions import InvalidPolicyError, InvalidTransitionError, RetentionError
from retention.hours import StoreHours
from retention.mappings import FrozenMap
from retention.sample import SampleStore, sample_store
from retention.satisfaction import (
    Ces,
    Competition,
    Csat,
    LoyaltyCurve,
    Nps,
    SatisfactionPolicy,
    SatisfactionReport,
    Scale,
    Survey,
    Weights,
    satisfaction_report,
)
from retention.segmentation import (
    AbcClass,
    AbcCutoffs,
    AbcPolicy,
    AbcResult,
    AttitudePolicy,
    AttitudeResult,
    EarlyAdopterPolicy,
    Launch,
    Motive,
    Temperament,
)
from retention.store import PurchaseLedger, Store, StoreReview
from retention.testing import strategies as rst

#: The modules whose ``__all__`` the walk calls (the exceptions: constructors only).
MODULES = (
    "customers",
    "segmentation",
    "cadence",
    "complaints",
    "satisfaction",
    "churn",
    "calendar",
    "hours",
    "mappings",
    "rules",
    "exceptions",
    "store",
)

#: Junk calls are cheap: each junk property draws this many times the profile's examples.
_PROFILE_EXAMPLES = settings().max_examples  # the profile's: 100 in make test
_JUNK_EXAMPLES = 5 * _PROFILE_EXAMPLES
_BIG = settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_MANY = settings(_BIG, max_examples=_JUNK_EXAMPLES)

# --- junk ----------------------------------------------------------------------------------


class Unrelated(enum.Enum):
    """An enum the library knows nothing about; two values are also library values."""

    RED = "red"
    A = "A"
    PHONE = "phone"


class CallersOwnError(Exception):
    """What a caller's generator raises midway: it must come out unchanged."""


class SneakyRepr:
    """An object whose own repr holds control characters (a message must not pass them on)."""

    def __repr__(self) -> str:
        """Two lines, a terminal escape and a line separator."""
        return "sneaky\nrepr\x1b[31m\u2028"


def _failing(items: tuple[object, ...]) -> Iterator[object]:
    """Yield ``items``, then fail as a caller's broken generator would."""
    yield from items
    msg = "the caller's generator broke"
    raise CallersOwnError(msg)


def _no_op() -> None:
    """A function where a value goes (junk, like a lambda)."""


_UTC = dt.UTC
_EAST = dt.timezone(dt.timedelta(hours=14))
_WEST = dt.timezone(-dt.timedelta(hours=23, minutes=59))
_FIRST_MOMENT = dt.datetime.min  # noqa: DTZ901 - naive on purpose: junk
_LAST_MOMENT = dt.datetime.max  # noqa: DTZ901 - naive on purpose: junk

#: Junk of every type: the wrong type, or the right type with a value nothing can hold.
JUNK: tuple[object, ...] = (
    None,
    True,
    False,
    0,
    -1,
    10**30,
    -(10**30),
    1.5,
    math.nan,
    math.inf,
    -math.inf,
    -0.0,
    Decimal("NaN"),
    Decimal("sNaN"),
    Decimal("Infinity"),
    Decimal("-Infinity"),
    Decimal("1e999999"),
    Decimal("1e-999999"),
    Fraction(1, 3),
    1 + 2j,
    "",
    " ",
    "\x00",
    "\x85",
    "\u2028",
    "line\r\nbreak",
    "\x1b[31mred",
    "tab\there",
    b"bytes",
    (1, 2),
    (),
    frozenset({1}),
    dt.date.min,
    dt.date.max,
    dt.date(2025, 3, 1),
    _FIRST_MOMENT,
    _LAST_MOMENT,
    _FIRST_MOMENT.replace(year=2025, month=3, day=1, hour=12),  # naive, where a date goes
    _FIRST_MOMENT.replace(tzinfo=_UTC),
    _LAST_MOMENT.replace(tzinfo=_UTC),
    _FIRST_MOMENT.replace(tzinfo=_EAST),  # before 0001-01-01 in UTC
    _LAST_MOMENT.replace(tzinfo=_WEST),  # after 9999-12-31 in UTC
    dt.datetime(2025, 3, 1, 12, 0, tzinfo=_UTC),
    dt.time(12, 0),
    dt.timedelta.max,
    dt.timedelta.min,
    dt.timedelta(0),
    -dt.timedelta(days=1),
    Unrelated.RED,
    Unrelated.A,
    Unrelated.PHONE,
    SneakyRepr(),
    object(),
    range(3),
)


def _hashable(value: object) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


#: The junk that can be a dict key or a set member (all but a signalling NaN).
HASHABLE_JUNK = tuple(value for value in JUNK if _hashable(value))
_JUNK_ITEMS = st.sampled_from(JUNK)
_JUNK_KEYS = st.sampled_from(HASHABLE_JUNK)


def junk() -> st.SearchStrategy[object]:
    """One junk value: plain, an empty container, a function, a failing generator...

    ... or a list of junk, or a dict of junk (some keys with control characters).
    """
    return st.one_of(
        _JUNK_ITEMS,
        st.sampled_from([list, dict, set, bytearray]).map(lambda kind: kind()),
        st.just(_no_op),
        st.lists(_JUNK_ITEMS, max_size=3).map(lambda items: _failing(tuple(items))),
        st.lists(_JUNK_ITEMS, min_size=1, max_size=3),
        st.dictionaries(_JUNK_KEYS, _JUNK_ITEMS, min_size=1, max_size=3),
    )


def _poisoned(valid: object, bad: object) -> object:
    """``valid`` (a container) with ``bad`` slipped in among its items, keys or values."""
    if isinstance(valid, FrozenMap | dict):
        data = dict(valid.items())
        first = next(iter(data), None)
        if (first is not None and isinstance(bad, str | int | float)) or not _hashable(bad):
            data[first] = bad  # a junk value under a good key
        else:
            data[bad] = next(iter(data.values()), bad)  # a junk key
        return data
    if isinstance(valid, frozenset | set) and _hashable(bad):
        return frozenset({*valid, bad})
    items = list(valid)  # type: ignore[call-overload]
    items.insert(len(items) // 2, bad)
    return items


def _is_container(value: object) -> bool:
    return isinstance(value, list | tuple | frozenset | set | dict | FrozenMap)


# --- the sample world: valid instances of every public type -------------------------------


@attrs.frozen
class World:
    """Valid objects of every public type, from the sample store run through every step."""

    store: SampleStore
    calendar: StoreCalendar
    hours: StoreHours
    found: dict[type, tuple[Any, ...]]

    def of(self, kind: type) -> tuple[Any, ...]:
        """The instances of exactly ``kind`` found."""
        return self.found.get(kind, ())


def _collect(value: object, found: dict[type, list[object]], seen: set[int]) -> None:
    """Walk ``value`` and what it holds, collecting instances of the library's types."""
    if id(value) in seen or isinstance(value, str | bytes | int | float | Decimal):
        return
    seen.add(id(value))
    kind = type(value)
    if kind.__module__.startswith("retention.") and not isinstance(value, enum.Enum):
        found.setdefault(kind, []).append(value)
    if attrs.has(kind):
        for field in attrs.fields(kind):
            _collect(getattr(value, field.name), found, seen)
    elif isinstance(value, FrozenMap | dict):
        for item in list(value.values())[:50]:
            _collect(item, found, seen)
    elif isinstance(value, list | tuple | frozenset | set):
        for item in list(value)[:50]:
            _collect(item, found, seen)


_DAY = dt.date(2025, 6, 1)


@functools.cache
def world() -> World:
    """Run a 40-customer sample store through every public step; keep what comes out."""
    store = sample_store(customers=40)
    purchases = store.purchases
    totals = retention.spend_totals(purchases)
    abc = retention.classify_abc(totals)
    histories = retention.build_histories(purchases)
    attitudes = retention.classify_attitudes(histories, declared=store.declared)
    early = retention.find_early_adopters(purchases, store.launches)
    calendar = StoreCalendar.build("CN", years=[2025, 2026], store_days=store.store_days)
    hours = StoreHours(calendar, timezone=store.timezone)
    cases = [
        Case.open(
            complaint,
            hours=hours,
            events=[e for e in store.complaint_events if e.complaint_id == complaint.complaint_id],
        )
        for complaint in store.complaints
    ]
    now = dt.datetime.combine(store.as_of, dt.time(11), tzinfo=hours.zone)
    assert store.survey is not None
    warning = early_warning(
        purchases, as_of=store.as_of, cases=cases, survey=store.survey, classes=abc
    )
    profiles = build_profiles(
        abc,
        attitudes=attitudes,
        club_members=store.club_members,
        owners=store.owners,
        opt_outs=store.opt_outs,
    )
    plan = plan_contacts(
        profiles,
        purchases=purchases,
        start=store.as_of,
        end=store.as_of + dt.timedelta(days=20),
        calendar=calendar,
        staff=store.staff,
        events=store.events,
        service_tasks=store.service_tasks,
        winbacks=warning.winbacks(),
    )
    whole = Store.from_sample(store)
    everything = (
        store,
        (whole, whole.purchases, whole.review(store.as_of, days=10)),
        list(whole.purchases.visits().values())[:5],
        (totals, abc, abc.cutoffs, histories, attitudes, early),
        retention.series_index(abc, attitudes=attitudes, early_adopters=early),
        (calendar, hours, cases, [sla_status(case, now) for case in cases], lessons(cases)),
        satisfaction_report(
            store.survey,
            population=Counter(c.value for c in abc.values()),
            competition=store.competition,
        ),
        (warning, warning.winbacks(), profiles, plan, plan.decisions[:40], plan.staff_load),
        plan.summary(),
        [t.guidance for t in Temperament],
        BgNbdParams(r=Decimal("0.24"), alpha=Decimal("4.41"), a=Decimal("0.79"), b="2.43"),
        retention.RULES[:3],
        (CadencePolicy(), ComplaintPolicy(), SlaPolicy(), ChurnPolicy(), SatisfactionPolicy()),
        (AbcPolicy(), AttitudePolicy(), EarlyAdopterPolicy(), LoyaltyCurve()),
        FrozenMap({"a": 1}),
        ContactRecord("C0001", date=_DAY, channel="phone", purpose="greet"),
        Visit("C0001", date=_DAY),
        Event("K-01", at=now),
        rfm_summary([_DAY, _DAY + dt.timedelta(days=30)], as_of=_DAY + dt.timedelta(days=90)),
    )
    found: dict[type, list[object]] = {}
    _collect(everything, found, set())
    return World(
        store=store,
        calendar=calendar,
        hours=hours,
        found={kind: tuple(items) for kind, items in found.items()},
    )


#: The types ``st.from_type`` knows (retention.testing registers them): drawn that way too.
_REGISTERED = (
    Purchase,
    CustomerHistory,
    AbcPolicy,
    AttitudePolicy,
    EarlyAdopterPolicy,
    CadencePolicy,
    CustomerProfile,
    StaffMember,
    StoreEvent,
    StoreCalendar,
    StoreHours,
    Complaint,
    ComplaintPolicy,
    SlaPolicy,
    Survey,
    SatisfactionPolicy,
    LoyaltyCurve,
    ChurnPolicy,
)


def samples(kind: type) -> st.SearchStrategy[Any]:
    """Valid instances of ``kind``: the world's, or ``st.from_type``'s where registered."""
    if issubclass(kind, enum.Enum):
        return st.sampled_from(kind)
    found = st.deferred(lambda: st.sampled_from(world().of(kind)))
    return found | st.from_type(kind) if kind in _REGISTERED else found


# --- the public API ------------------------------------------------------------------------


@attrs.frozen
class Target:
    """A public callable: a function or constructor, or a method of a drawn instance."""

    label: str
    module: str
    params: tuple[inspect.Parameter, ...]
    function: Callable[..., object] | None = None
    owner: type | None = None
    method: str | None = None


def _params(function: Callable[..., object], *, bound: bool) -> tuple[inspect.Parameter, ...]:
    params = list(inspect.signature(function).parameters.values())
    if bound and params and params[0].name in {"self", "cls"}:
        params = params[1:]
    return tuple(p for p in params if p.kind not in {p.VAR_POSITIONAL, p.VAR_KEYWORD})


def _public_methods(owner: type) -> list[str]:
    return [
        name
        for name, value in vars(owner).items()
        if not name.startswith("_")
        and (isinstance(value, classmethod | staticmethod) or inspect.isfunction(value))
    ]


#: The types whose public methods are called on drawn instances.
OBJECTS: tuple[type, ...] = (
    Purchase,
    CustomerHistory,
    SpendTotals,
    AbcPolicy,
    AbcCutoffs,
    AbcResult,
    AttitudeResult,
    Temperament,
    Motive,
    CadencePolicy,
    CustomerProfile,
    ContactPlan,
    ContactDecision,
    Case,
    ComplaintPolicy,
    SlaPolicy,
    Lessons,
    complaints.Promise,
    complaints.Option,
    Scale,
    Survey,
    SatisfactionPolicy,
    SatisfactionReport,
    Weights,
    Nps,
    Csat,
    Ces,
    ChurnReport,
    StoreCalendar,
    StoreHours,
    FrozenMap,
    Store,
    PurchaseLedger,
    StoreReview,
)

#: An exception takes its message, by position.
_MESSAGE = (inspect.Parameter("message", inspect.Parameter.POSITIONAL_ONLY),)


def _targets() -> list[Target]:
    targets = []
    for short in MODULES:
        module = importlib.import_module(f"retention.{short}")
        for public in module.__all__:
            obj = getattr(module, public)
            if inspect.isclass(obj) and issubclass(obj, BaseException):
                targets.append(Target(public, short, _MESSAGE, function=obj))
            elif inspect.isfunction(obj) or (
                inspect.isclass(obj) and not issubclass(obj, enum.Enum)
            ):
                targets.append(Target(public, short, _params(obj, bound=False), function=obj))
    for owner in OBJECTS:
        short = owner.__module__.split(".")[1]
        for method in _public_methods(owner):
            attribute = inspect.getattr_static(owner, method)
            static = isinstance(attribute, staticmethod)
            function = (
                attribute.__func__ if static or isinstance(attribute, classmethod) else attribute
            )
            targets.append(
                Target(
                    f"{owner.__name__}.{method}",
                    short,
                    _params(function, bound=not static),
                    owner=owner,
                    method=method,
                )
            )
    return targets


TARGETS = _targets()

# --- valid arguments -----------------------------------------------------------------------


def _aware(day: dt.date = _DAY) -> st.SearchStrategy[dt.datetime]:
    """Instants on the minute in the 30 days from 09:00 on ``day``, in the store's zone."""
    return st.deferred(
        lambda: st.integers(0, 60 * 24 * 30).map(
            lambda minutes: (
                dt.datetime.combine(day, dt.time(9), tzinfo=world().hours.zone)
                + dt.timedelta(minutes=minutes)
            )
        )
    )


_DAYS = st.dates(dt.date(2025, 1, 1), dt.date(2026, 12, 31))
_IDS = st.sampled_from(["C0001", "C0002", "c000", "nobody"])
_RATINGS = st.lists(st.integers(1, 5), min_size=1, max_size=5)
_PAIRS = st.lists(
    st.tuples(st.integers(1, 5), st.fractions(0, 3).filter(bool)), min_size=1, max_size=4
)


def _w(path: str) -> st.SearchStrategy[Any]:
    """A part of the world, by attribute path (``"store.purchases"``)."""

    def get() -> st.SearchStrategy[Any]:
        value: Any = world()
        for part in path.split("."):
            value = getattr(value, part)
        return st.just(value)

    return st.deferred(get)


def _all(kind: type) -> st.SearchStrategy[Any]:
    """Every instance of ``kind`` the world holds, as a list."""
    return st.deferred(lambda: st.just(list(world().of(kind))))


def _first(kind: type) -> st.SearchStrategy[Any]:
    """The first instance of ``kind`` the world holds."""
    return st.deferred(lambda: st.just(world().of(kind)[0]))


def _by_customer(kind: type) -> st.SearchStrategy[dict[str, Any]]:
    """Up to ten instances of ``kind`` (histories, attitude results) under customer IDs."""

    def build() -> st.SearchStrategy[dict[str, Any]]:
        items = world().of(kind)[:10]
        return st.just({f"C{number + 1:04d}": item for number, item in enumerate(items)})

    return st.deferred(build)


#: Valid values of parameters by ``label.parameter`` (a function of the instance the
#: method is called on where the value depends on it); the rest take their defaults.
VALID: dict[str, st.SearchStrategy[Any] | Callable[[Any], st.SearchStrategy[Any]]] = {
    # customers
    "CustomerHistory.of.customer_id": st.just("C0001"),
    "CustomerHistory.of.purchases": _w("store.purchases").map(
        lambda ps: [p for p in ps if p.customer_id == "C0001"]
    ),
    "build_histories.purchases": rst.purchase_lists(),
    "spend_totals.purchases": rst.purchase_lists(),
    "SpendTotals.data": rst.spend_totals(),
    "SpendTotals.to_money.units": st.integers(0, 10**6) | rst.amounts(),
    # segmentation
    "classify_abc.totals": rst.spend_totals(),
    "classify_abc.policy": st.none() | rst.abc_policies(),
    "fit_abc.totals": rst.spend_totals(),
    "fit_abc.policy": st.none() | rst.abc_policies(),
    "classify_attitude.brands": rst.brand_sequences(),
    "classify_attitude.policy": st.none() | rst.attitude_policies(),
    "classify_attitudes.histories": _by_customer(CustomerHistory).map(
        lambda found: {h.customer_id: h for h in found.values()}
    ),
    "find_early_adopters.purchases": _w("store.purchases"),
    "find_early_adopters.launches": _w("store.launches"),
    "series_index.abc": samples(AbcResult),
    "build_profiles.abc": samples(AbcResult),
    "AbcResult.row.abc_class": st.sampled_from(AbcClass),
    "AbcResult.explain.customer_id": _IDS,
    "AbcCutoffs.classify.spend": rst.amounts(),
    "AttitudeResult.records_of.results": _by_customer(AttitudeResult),
    "AttitudeResult.frame_of.results": _by_customer(AttitudeResult),
    "AttitudeResult.html_of.results": _by_customer(AttitudeResult),
    # cadence
    "plan_contacts.customers": _all(CustomerProfile),
    "plan_contacts.purchases": _w("store.purchases"),
    "plan_contacts.start": st.just(dt.date(2025, 12, 1)),
    "plan_contacts.end": st.just(dt.date(2025, 12, 10)),
    "plan_contacts.calendar": _w("calendar"),
    "plan_contacts.staff": _w("store.staff"),
    "plan_contacts.events": _w("store.events"),
    "plan_contacts.service_tasks": _w("store.service_tasks"),
    "ContactPlan.with_status.status": st.sampled_from(Status),
    "ContactPlan.for_customer.customer_id": _IDS,
    "ContactPlan.on.day": _DAYS,
    "ContactPlan.explain.contact_id": lambda plan: st.sampled_from(
        [d.contact_id for d in plan.decisions[:20]] or ["none"]
    ),
    "CustomerProfile.opted_out.channel": st.sampled_from(Channel),
    "CustomerProfile.opted_out.day": _DAYS,
    # complaints
    "Case.open.complaint": _w("store.complaints").map(lambda cs: cs[0]),
    "Case.open.hours": _w("hours"),
    "Case.apply.event": lambda case: (
        rst.complaint_events(case) | st.sampled_from(world().store.complaint_events)
    ),
    "Case.kinds.kind": st.sampled_from(complaints.EventKind),
    "Case.overdue_promises.at": _aware(),
    "Promise.overdue.at": _aware(),
    "sla_status.case": samples(Case),
    "sla_status.at": _aware(dt.date(2025, 11, 20)),
    "lessons.cases": _all(Case),
    "case_records.cases": _all(Case),
    "case_records.at": _aware(dt.date(2025, 11, 20)),
    "case_frame.cases": _all(Case),
    "case_frame.at": _aware(dt.date(2025, 11, 20)),
    "case_html.cases": _all(Case),
    "case_html.at": _aware(dt.date(2025, 11, 20)),
    # store
    "Store.classes.as_of": st.none() | _w("store.as_of"),
    "Store.attitudes.as_of": st.none() | _w("store.as_of"),
    "Store.early_adopters.as_of": st.none() | _w("store.as_of"),
    "Store.series.as_of": st.none() | _w("store.as_of"),
    "Store.cases.at": _aware(dt.date(2025, 11, 20)),
    "Store.fit_churn.as_of": _w("store.as_of"),
    "Store.churn.as_of": _w("store.as_of"),
    "Store.plan.as_of": _w("store.as_of"),
    "Store.plan.days": st.integers(1, 10),
    "Store.review.as_of": _w("store.as_of"),
    "Store.review.days": st.integers(1, 10),
    "Store.profiles.classes": samples(AbcResult),
    "Store.tasks.cases": _all(Case),
    "Store.calendar.years": st.just([2025, 2026]),
    "Store.store_hours.calendar": _w("calendar"),
    "Store.start_of.day": _w("store.as_of"),
    "Store.from_sample.sample": _w("store"),
    "PurchaseLedger.of.purchases": rst.purchase_lists(),
    "PurchaseLedger.up_to.day": _w("store.as_of"),
    "Visits.purchases": st.integers(1, 10),
    "Visits.first": _w("store.as_of"),
    "Visits.last": _w("store.as_of"),
    "ComplaintPolicy.limit.role": st.sampled_from(["clerk", "owner", "janitor"]),
    "ComplaintPolicy.covers.role": st.sampled_from(["clerk", "owner"]),
    "ComplaintPolicy.covers.amount": rst.amounts(),
    "SlaPolicy.target.priority": st.sampled_from(Priority),
    # satisfaction
    "Scale.check.field": st.just("rating"),
    "Scale.check.value": st.integers(1, 5),
    "Scale.score.rating": lambda scale: st.integers(scale.low, scale.high),
    "Scale.exact.rating": lambda scale: st.integers(scale.low, scale.high),
    "Scale.span.points": st.integers(0, 4),
    "Scale.top.boxes": st.integers(1, 5),
    "Survey.item.item_id": st.sampled_from(["i0", "price", "nope"]),
    "Weights.exact.respondent_id": lambda weights: st.sampled_from(
        sorted(weights.by_respondent) or ["nobody"]
    ),
    "SatisfactionReport.reach.customers": st.integers(0, 10**6),
    "SatisfactionPolicy.curve.competition": st.sampled_from(Competition),
    "satisfaction_report.survey": rst.surveys(),
    "poststratify.responses": rst.surveys().map(lambda s: s.responses),
    "poststratify.population": st.just({"A": 10, "B": 30, "C": 60}),
    "ces.ratings": st.lists(st.integers(1, 7), min_size=1, max_size=5),
    "csat.ratings": _RATINGS,
    "nps.scores": st.lists(st.integers(0, 10), min_size=1, max_size=5),
    "Nps.of.pairs": _PAIRS,
    "Ces.of.pairs": _PAIRS,
    "Csat.of.pairs": _PAIRS,
    "Csat.of.scale": st.just(Scale(1, high=5)),
    "Csat.of.boxes": st.integers(1, 5),
    "expected_loyalty.level": st.decimals(0, 1, places=2),
    "loyalty_zone.satisfied": st.booleans(),
    "loyalty_zone.loyal": st.booleans(),
    "recommend.items": _first(SatisfactionReport).map(lambda report: report.items),
    "recommend.vetoed": _first(SatisfactionReport).map(lambda report: report.vetoed),
    "recommend.loyalty": _first(SatisfactionReport).map(lambda report: report.loyalty),
    "recommend.policy": st.just(SatisfactionPolicy()),
    "word_of_mouth.satisfied": st.integers(0, 1000),
    "word_of_mouth.dissatisfied": st.integers(0, 1000),
    # churn
    "early_warning.purchases": _w("store.purchases"),
    "early_warning.as_of": _w("store.as_of"),
    "early_warning.cases": _all(Case),
    "early_warning.survey": st.none() | _w("store.survey"),
    "likely_reasons.purchases": _w("store.purchases").map(lambda ps: ps[:12]),
    "overdue.customer_id": st.just("C0001"),
    "overdue.dates": st.lists(_DAYS, min_size=1, max_size=6),
    "overdue.as_of": st.just(dt.date(2027, 1, 1)),
    "rfm_summary.dates": st.lists(_DAYS, min_size=1, max_size=6),
    "rfm_summary.as_of": st.just(dt.date(2027, 1, 1)),
    "p_alive.x": st.integers(0, 5),
    "p_alive.t_x": st.just(0),
    "p_alive.T": st.integers(1, 50),
    "p_alive.params": samples(BgNbdParams),
    # twelve customers the fit converges on (docs/churn.md, "Fitting the parameters")
    "fit_bgnbd.summaries": st.just([RfmSummary(x, t_x=t_x, T=t) for x, t_x, t in CONVERGING]),
    "fit_bgnbd.penalizer": st.sampled_from([0.001, 0.01, 0.1]),
    "ChurnReport.winbacks.due": st.none() | _DAYS,
    # calendar, hours
    "StoreCalendar.build.country": st.sampled_from(["CN", "US"]),
    "StoreCalendar.build.years": st.just([2025]),
    "StoreCalendar.covers.day": _DAYS,
    "StoreCalendar.is_working_day.day": _DAYS,
    "StoreCalendar.next_working_day.day": _DAYS,
    "StoreCalendar.working_days.start": st.just(dt.date(2025, 3, 1)),
    "StoreCalendar.working_days.end": st.just(dt.date(2025, 3, 20)),
    "StoreCalendar.holiday_name.day": _DAYS,
    "StoreCalendar.occasions.start": st.just(dt.date(2025, 3, 1)),
    "StoreCalendar.occasions.end": st.just(dt.date(2025, 5, 20)),
    "StoreHours.window.day": _DAYS,
    "StoreHours.is_open.at": _aware(),
    "StoreHours.working_time.start": _aware(),
    "StoreHours.working_time.end": _aware(dt.date(2025, 7, 1)),
    "StoreHours.add.start": _aware(),
    "StoreHours.add.duration": st.timedeltas(dt.timedelta(0), dt.timedelta(days=3)),
    # mappings, rules, exceptions
    "FrozenMap.data": st.dictionaries(_IDS, st.integers()),
    "rule.rule_id": st.sampled_from(sorted(retention.rules.RULE_IDS)),
}

#: Valid values of parameters by name alone, wherever they appear.
BY_NAME: dict[str, st.SearchStrategy[Any]] = {
    "labels": st.none() | st.sampled_from(["en", "zh_CN", "zh_TW"]),
    "language": st.sampled_from(["en", "zh_CN", "zh_TW"]),
    "max_rows": st.none() | st.integers(0, 60),
    "message": st.just("field: expected something, got junk"),
}


def _from_instance(kind: type) -> Callable[[object], dict[str, Any]]:
    """The constructor's arguments that rebuild ``instance`` (a valid set, together)."""

    def arguments(instance: object) -> dict[str, Any]:
        return {
            field.alias: getattr(instance, field.name) for field in attrs.fields(kind) if field.init
        }

    return arguments


def valid_kwargs(target: Target, instance: object = None) -> st.SearchStrategy[dict[str, Any]]:
    """Valid values for the parameters of ``target`` (a method's: on ``instance``).

    Raises:
        AssertionError: A parameter without a default has no valid value here.
    """
    kind = target.function
    if target.owner is None and inspect.isclass(kind) and attrs.has(kind):
        return samples(kind).map(_from_instance(kind))
    strategies = {}
    for param in target.params:
        valid = VALID.get(f"{target.label}.{param.name}", BY_NAME.get(param.name))
        if callable(valid):
            valid = valid(instance)
        if valid is not None:
            strategies[param.name] = valid
        elif param.default is inspect.Parameter.empty:
            msg = f"no valid value for {target.label}.{param.name}"
            raise AssertionError(msg)
    return st.fixed_dictionaries(strategies)


# --- the calls ---------------------------------------------------------------------------


@attrs.frozen(repr=False)
class Call:
    """A drawn call: the target, the instance it is called on, the arguments."""

    target: Target
    instance: object
    kwargs: dict[str, Any]
    junk: tuple[str, ...]

    def run(self) -> object:
        """Make the call, by name (Python's own argument checks are not what is tested)."""
        if self.target.owner is None:
            function: Callable[..., object] = self.target.function  # type: ignore[assignment]
        else:
            function = getattr(self.instance, self.target.method)  # type: ignore[arg-type]
        by_position = {p.name for p in self.target.params if p.kind is p.POSITIONAL_ONLY}
        positional = [v for k, v in self.kwargs.items() if k in by_position]
        named = {k: v for k, v in self.kwargs.items() if k not in by_position}
        return function(*positional, **named)

    def __repr__(self) -> str:
        """The call as code, the junk arguments marked."""
        args = ", ".join(
            f"{name}={_short(value)}{' (junk)' if name in self.junk else ''}"
            for name, value in self.kwargs.items()
        )
        on = "" if self.target.owner is None else f"<a {type(self.instance).__name__}>."
        return f"{on}{self.target.label}({args})"


def _short(value: object) -> str:
    """``repr(value)``, control characters escaped, cut at 200 characters."""
    text = "".join(ch if ch.isprintable() else repr(ch)[1:-1] for ch in repr(value))
    return text if len(text) <= 200 else text[:197] + "..."


@st.composite
def calls(draw: st.DrawFn, targets: list[Target]) -> Call:
    """A call of one of ``targets`` with at least one junk argument (mostly exactly one)."""
    target = draw(st.sampled_from(targets))
    instance = None if target.owner is None else draw(samples(target.owner))
    kwargs = draw(valid_kwargs(target, instance))
    names = [p.name for p in target.params]
    if not names:  # a method without arguments: called on a valid instance
        return Call(target, instance, kwargs, ())
    most = draw(st.sampled_from([1, 1, 1, 2, len(names)]))
    bad = draw(st.lists(st.sampled_from(names), min_size=1, max_size=most, unique=True))
    for name in bad:
        valid = kwargs.get(name)
        if _is_container(valid) and draw(st.booleans()):
            kwargs[name] = _poisoned(valid, draw(junk()))
        else:
            kwargs[name] = draw(junk())
    return Call(target, instance, kwargs, tuple(bad))


# --- what a caller can rely on -----------------------------------------------------------

#: The head of a message: a field (``amount``, ``purchases[3]``, ``totals key``,
#: ``responses['r1'].segment``) or the fields a cross-field rule is about (``a, b``).
HEAD = re.compile(r"^[A-Za-z_]\w*(\[[^\]]*\]|\.\w+| key)*(, [A-Za-z_]\w*)*: \S")
#: The head of a refused complaint event: the event and when (``listened at 2025-...: ``).
EVENT_HEAD = re.compile(r"^[a-z_]+ at \d{4}-\d\d-\d\dT[\d:.+-]+: \S")


def check_error(error: RetentionError, call: object) -> None:
    """The message is one line of printable text and starts with the field it is about."""
    message = str(error)
    bad = sorted({repr(ch) for ch in message if not ch.isprintable()})
    assert not bad, f"{call}: control characters {bad} in the message {message!r}"
    head = EVENT_HEAD if isinstance(error, InvalidTransitionError) else HEAD
    assert head.match(message), f"{call}: no 'field: ' head in {message!r}"


def outcome(call: Call) -> None:
    """Run ``call``: it returns, raises a well-formed RetentionError, or the caller's own."""
    try:
        call.run()
    except RetentionError as error:
        check_error(error, call)
    except CallersOwnError:
        pass  # the caller's generator broke: its exception comes out as it was
    except Exception as error:  # noqa: BLE001 - any other exception is the failure reported
        pytest.fail(f"{call} raised {type(error).__name__}: {error}")


def _of(*modules: str) -> list[Target]:
    return [target for target in TARGETS if target.module in modules]


def test_the_walk_finds_every_public_callable_with_valid_values_for_it() -> None:
    """Every public name and the main objects' methods are walked, each with valid values."""
    labels = {target.label for target in TARGETS}
    assert {"spend_totals", "plan_contacts", "Case.apply", "StoreHours.add", "p_alive"} <= labels
    assert {"RetentionError", "FrozenMap", "rule", "SpendTotals.to_money"} <= labels
    assert len(TARGETS) > 190
    for target in TARGETS:
        kind = target.owner or target.function
        if inspect.isclass(kind) and (attrs.has(kind) or target.owner is not None):
            assert issubclass(kind, enum.Enum) or world().of(kind), target.label
        if target.owner is None:
            valid_kwargs(target)  # a method's may depend on its instance: drawn in calls()


@_MANY
@given(call=calls(_of("customers", "mappings", "rules", "exceptions")))
def test_junk_into_customers_mappings_and_rules_raises_only_retention_errors(call: Call) -> None:
    """Junk into retention.customers, mappings, rules, exceptions: a result or a RetentionError."""
    outcome(call)


@_MANY
@given(call=calls(_of("segmentation")))
def test_junk_into_segmentation_raises_only_retention_errors(call: Call) -> None:
    """SEG-*: junk into retention.segmentation gives a result or a RetentionError."""
    outcome(call)


@_MANY
@given(call=calls(_of("cadence")))
def test_junk_into_cadence_raises_only_retention_errors(call: Call) -> None:
    """CAD-*: junk into retention.cadence gives a result or a RetentionError."""
    outcome(call)


@_MANY
@given(call=calls(_of("complaints")))
def test_junk_into_complaints_raises_only_retention_errors(call: Call) -> None:
    """CMP-*: junk into retention.complaints gives a result or a RetentionError."""
    outcome(call)


@_MANY
@given(call=calls(_of("satisfaction")))
def test_junk_into_satisfaction_raises_only_retention_errors(call: Call) -> None:
    """SAT-*: junk into retention.satisfaction gives a result or a RetentionError."""
    outcome(call)


@_MANY
@given(call=calls(_of("churn")))
def test_junk_into_churn_raises_only_retention_errors(call: Call) -> None:
    """CHURN-*: junk into retention.churn gives a result or a RetentionError."""
    outcome(call)


@_MANY
@given(call=calls(_of("store")))
def test_junk_into_store_raises_only_retention_errors(call: Call) -> None:
    """Junk into retention.store (the store and its review): a result or a RetentionError."""
    outcome(call)


@_MANY
@given(call=calls(_of("calendar", "hours")))
def test_junk_into_calendar_and_hours_raises_only_retention_errors(call: Call) -> None:
    """CAD-WORKDAY, CMP-NOW: junk into the calendar and hours: a result or a RetentionError."""
    outcome(call)


# --- the extremes: valid inputs at the ends of the calendar -------------------------------

#: The first and last two years a calendar can hold (2 to 9998).
_EDGE_YEARS = {"low": (2, 3), "high": (9997, 9998)}
EDGES = st.sampled_from(sorted(_EDGE_YEARS))


@functools.cache
def edge_calendar(edge: str) -> StoreCalendar:
    """A CN calendar of the first or the last two years a calendar can hold."""
    return StoreCalendar.build("CN", years=_EDGE_YEARS[edge])


def near(edge: str, *, span: int = 400) -> st.SearchStrategy[dt.date]:
    """Days at most ``span`` days from 0001-01-01 (``"low"``) or 9999-12-31 (``"high"``)."""
    if edge == "low":
        return st.integers(0, span).map(lambda days: dt.date.min + dt.timedelta(days=days))
    return st.integers(0, span).map(lambda days: dt.date.max - dt.timedelta(days=days))


@st.composite
def extreme_policy(draw: st.DrawFn, kind: type, defaults: object = None) -> Any:
    """A ``kind`` policy with each number at the top or the bottom of its range.

    Flags are drawn, nested policies and targets are extreme too. A cross-field rule
    (``greet_from <= greet_to``) may refuse the choice: the fields its message names go
    back to their defaults until the policy builds.
    """
    base = kind() if defaults is None else defaults
    values: dict[str, object] = {}
    for field in attrs.fields(kind):
        default = getattr(base, field.name)
        if RANGE in field.metadata:
            low, high = field.metadata[RANGE]
            values[field.name] = draw(st.sampled_from([low, high, high, default]))
        elif isinstance(default, bool):
            values[field.name] = draw(st.booleans())
        elif isinstance(default, SlaPolicy | SlaTarget | LoyaltyCurve):
            values[field.name] = draw(extreme_policy(type(default), default))
    for _ in range(len(values) + 1):
        try:
            if kind is SlaTarget:
                return SlaTarget(values["first_response"], resolution=values["resolution"])
            return kind(**values)
        except InvalidPolicyError as error:
            named = [
                name
                for name, value in values.items()
                if re.search(rf"\b{name}\b", str(error)) and value != getattr(base, name)
            ]
            if not named:
                break
            for name in named:
                values[name] = getattr(base, name)
    return base


def survives(step: str, function: Callable[[], Any]) -> Any:
    """Run one step: its result, or ``None`` after a well-formed RetentionError."""
    try:
        return function()
    except RetentionError as error:
        check_error(error, step)
        return None
    except Exception as error:  # noqa: BLE001 - any other exception is the failure reported
        pytest.fail(f"{step} raised {type(error).__name__}: {error}")


def _purchases(edge: str, *, span: int = 400) -> st.SearchStrategy[list[Purchase]]:
    """Up to 12 purchases of four customers, near 0001-01-01 or 9999-12-31."""
    purchase = st.builds(
        Purchase,
        rst.customer_ids(count=4),
        date=near(edge, span=span),
        amount=rst.amounts(),
        brand=st.sampled_from(["A", "B"]),
        product=st.sampled_from(["p1", "p2"]),
    )
    return st.lists(purchase, min_size=1, max_size=12)


@_BIG
@given(data=st.data(), edge=EDGES)
def test_segmentation_at_the_ends_of_time_raises_only_retention_errors(
    data: st.DataObject, edge: str
) -> None:
    """SEG-ABC, SEG-ATTITUDE, SEG-EARLY, SEG-SERIES: days near 0001 and 9999, extreme policies."""
    purchases = data.draw(_purchases(edge))
    launches = data.draw(
        st.lists(
            st.builds(Launch, st.sampled_from(["p1", "p2"]), date=near(edge, span=30)),
            min_size=1,
            max_size=2,
            unique_by=lambda launch: launch.product,
        )
    )
    abc_policy = data.draw(extreme_policy(AbcPolicy))
    attitude_policy = data.draw(extreme_policy(AttitudePolicy))
    early_policy = data.draw(extreme_policy(EarlyAdopterPolicy))
    totals = survives("spend_totals", lambda: retention.spend_totals(purchases))
    abc = survives("classify_abc", lambda: retention.classify_abc(totals, abc_policy))
    histories = survives("build_histories", lambda: retention.build_histories(purchases))
    attitudes = survives(
        "classify_attitudes", lambda: retention.classify_attitudes(histories, attitude_policy)
    )
    early = survives(
        "find_early_adopters",
        lambda: retention.find_early_adopters(purchases, launches, early_policy),
    )
    if abc is not None:
        survives(
            "series_index",
            lambda: retention.series_index(abc, attitudes=attitudes, early_adopters=early or ()),
        )
        survives("build_profiles", lambda: build_profiles(abc, attitudes=attitudes))


def _winback(customer_id: str, *, anchor: dt.date, gap: int, window_days: int) -> WinBack | None:
    """A win-back ``gap`` days after ``anchor``, if that day exists."""
    if anchor > dt.date.max - dt.timedelta(days=gap):
        return None
    due = anchor + dt.timedelta(days=gap)
    return WinBack(customer_id, anchor=anchor, due=due, window_days=window_days)


@settings(_BIG, max_examples=_PROFILE_EXAMPLES // 2)
@given(data=st.data(), edge=EDGES)
def test_plans_at_the_ends_of_time_raise_only_retention_errors(
    data: st.DataObject, edge: str
) -> None:
    """CAD-*: plans in year 2 or 9998; purchases, tasks, events, history near 0001 and 9999."""
    calendar = edge_calendar(edge)
    first, last = dt.date(calendar.years[0], 1, 1), dt.date(calendar.years[-1], 12, 31)
    length = dt.timedelta(days=data.draw(st.integers(0, 40)))
    offset = dt.timedelta(days=data.draw(st.integers(0, 30)))
    start = first + offset if edge == "low" else last - offset - length
    ids = ["c000", "c001", "c002", "c003"]
    customers = st.sampled_from(ids)
    day = near(edge, span=800)
    window = st.sampled_from([1, 7, 365])
    profiles = [
        CustomerProfile(
            cid,
            abc=data.draw(st.sampled_from(AbcClass)),
            attitude="loyal",
            club_member=data.draw(st.booleans()),
            opt_outs=data.draw(
                st.lists(st.builds(OptOut, st.just("phone"), since=day), max_size=1)
            ),
        )
        for cid in ids
    ]
    tasks = st.builds(
        ServiceTask, st.just("k1"), customer_id=customers, due=day, window_days=window
    )
    winbacks = st.builds(
        _winback, customers, anchor=day, gap=st.integers(1, 400), window_days=window
    )
    events = st.builds(
        StoreEvent,
        st.sampled_from(["e1", "e2"]),
        date=day,
        kind=st.sampled_from(EventKind),
        name=st.just("Launch"),
    )
    records = st.builds(
        ContactRecord,
        customers,
        date=day,
        channel=st.sampled_from(Channel),
        purpose=st.sampled_from(Purpose),
        contact_id=st.none() | st.builds("{}/CAD-KEEP/{}".format, customers, day),
    )
    drawn_winbacks = [w for w in data.draw(st.lists(winbacks, max_size=2)) if w is not None]
    policy = data.draw(extreme_policy(CadencePolicy))
    plan = survives(
        "plan_contacts",
        lambda: plan_contacts(
            profiles,
            purchases=data.draw(_purchases(edge, span=800)),
            start=start,
            end=start + length,
            calendar=calendar,
            staff=[StaffMember("s1", daily_capacity=2, days_off=data.draw(st.frozensets(day)))],
            events=data.draw(st.lists(events, max_size=2, unique_by=lambda e: e.event_id)),
            history=data.draw(
                st.lists(records, max_size=3, unique_by=lambda r: r.contact_id or id(r))
            ),
            visits=data.draw(st.lists(st.builds(Visit, customers, date=day), max_size=2)),
            service_tasks=data.draw(
                st.lists(tasks, max_size=2, unique_by=lambda t: (t.customer_id, t.due))
            ),
            winbacks=list({(w.customer_id, w.anchor): w for w in drawn_winbacks}.values()),
            policy=policy,
        ),
    )
    if plan is not None:
        survives("ContactPlan.to_records", plan.to_records)
        survives("ContactPlan.counts_by_day", plan.counts_by_day)
        for decision in plan.decisions[:5]:
            survives("ContactPlan.explain", functools.partial(plan.explain, decision.contact_id))


@_BIG
@given(data=st.data(), edge=EDGES)
def test_churn_at_the_ends_of_time_raises_only_retention_errors(
    data: st.DataObject, edge: str
) -> None:
    """CHURN-*: purchases and as-of days near 0001 and 9999, extreme policies and units."""
    purchases = data.draw(_purchases(edge))
    as_of = data.draw(near(edge))
    policy = data.draw(extreme_policy(ChurnPolicy))
    unit_days = data.draw(st.sampled_from([1, 7, 365, 3660]))
    params = data.draw(st.none() | samples(BgNbdParams))
    report = survives(
        "early_warning",
        lambda: early_warning(
            purchases, as_of=as_of, policy=policy, params=params, unit_days=unit_days
        ),
    )
    if report is not None:
        due = data.draw(near(edge))
        survives("ChurnReport.winbacks", report.winbacks)
        survives("ChurnReport.winbacks(due)", lambda: report.winbacks(due=due))
        survives("ChurnReport.to_records", report.to_records)
    dates = [p.date for p in purchases]
    survives("overdue", lambda: overdue("c000", dates, as_of=as_of, policy=policy))
    summary = survives("rfm_summary", lambda: rfm_summary(dates, as_of=as_of, unit_days=unit_days))
    if summary is not None and params is not None:
        survives("p_alive", lambda: p_alive(summary.x, summary.t_x, summary.T, params))


#: Store zones: far east, far west, one with daylight saving and one without.
_ZONES = st.sampled_from(["Asia/Shanghai", "America/New_York", "Pacific/Kiritimati", "Etc/GMT+12"])
_GAPS = st.sampled_from(
    [dt.timedelta(0), dt.timedelta(minutes=5), dt.timedelta(hours=13), dt.timedelta(days=400)]
)


def _later(at: dt.datetime, gap: dt.timedelta) -> dt.datetime | None:
    """``at + gap`` on the same wall clock, or ``None`` past the last datetime."""
    if at.replace(tzinfo=None) > _LAST_MOMENT - gap:
        return None
    return at + gap


def _instants(edge: str, zone: dt.tzinfo) -> st.SearchStrategy[dt.datetime]:
    """Aware datetimes on the minute, on days near 0001-01-01 or 9999-12-31, in ``zone``."""
    return st.builds(
        lambda day, minute: dt.datetime.combine(
            day, dt.time(minute // 60, minute % 60), tzinfo=zone
        ),
        near(edge, span=800),
        st.integers(0, 24 * 60 - 1),
    )


def _case_events(complaint_id: str) -> list[Callable[[dt.datetime], Event]]:
    """The six steps' events with a promise kept and a close, in an order a case takes."""
    refund = complaints.Option("refund", amount=Decimal(10))
    return [
        lambda at: complaints.Listened(complaint_id, at=at),
        lambda at: complaints.Apologised(complaint_id, at=at),
        lambda at: complaints.CauseDiagnosed(complaint_id, at=at, cause="product_quality"),
        lambda at: complaints.PromiseMade(
            complaint_id,
            at=at,
            promise_id="p1",
            what="call back",
            due=_later(at, dt.timedelta(days=1)) or at,
        ),
        lambda at: complaints.ResolutionProposed(
            complaint_id, at=at, options=(refund,), chosen=refund, role="owner"
        ),
        lambda at: complaints.PromiseKept(complaint_id, at=at, promise_id="p1"),
        lambda at: complaints.Resolved(complaint_id, at=at),
        lambda at: complaints.FollowedUp(complaint_id, at=at, satisfied=True),
        lambda at: complaints.Recorded(complaint_id, at=at, details="melted", lesson="keep cool"),
        lambda at: complaints.Closed(complaint_id, at=at),
    ]


@_BIG
@given(data=st.data(), edge=EDGES, zone=_ZONES)
def test_complaints_at_the_ends_of_time_raise_only_retention_errors(
    data: st.DataObject, edge: str, zone: str
) -> None:
    """CMP-*: complaints and their events near 0001 and 9999 in far zones, extreme policies."""
    hours = StoreHours(edge_calendar(edge), timezone=zone)
    written = data.draw(st.sampled_from([hours.zone, _UTC, _EAST, _WEST]))
    received = data.draw(_instants(edge, written))
    complaint = survives(
        "Complaint",
        lambda: Complaint(
            "k1", customer_id="c1", received_at=received, channel="phone", summary="melted"
        ),
    )
    policy = data.draw(extreme_policy(ComplaintPolicy))
    case = survives("Case.open", lambda: Case.open(complaint, hours=hours, policy=policy))
    at: dt.datetime | None = received
    opened = []
    for build in _case_events("k1"):
        if case is None or at is None:
            break
        opened.append(case)
        now = _later(at, data.draw(_GAPS))
        if now is not None:
            survives("sla_status", functools.partial(sla_status, case, now))
            survives("Case.overdue_promises", functools.partial(case.overdue_promises, now))
        survives("Case.follow_up_task", case.follow_up_task)
        survives("Case.reasons", case.reasons)
        at = _later(at, data.draw(_GAPS))
        event = None if at is None else survives("an event", functools.partial(build, at))
        case = (
            None if event is None else survives("Case.apply", functools.partial(case.apply, event))
        )
    if opened:
        found = survives("lessons", lambda: lessons(opened))
        if found is not None:
            survives("Lessons.to_records", found.to_records)


@_BIG
@given(data=st.data(), edge=EDGES, zone=_ZONES)
def test_store_hours_at_the_ends_of_time_raise_only_retention_errors(
    data: st.DataObject, edge: str, zone: str
) -> None:
    """CMP-NOW, CAD-WORKDAY: working time and calendar lookups near 0001 and 9999."""
    calendar = edge_calendar(edge)
    hours = StoreHours(calendar, timezone=zone)
    written = data.draw(st.sampled_from([hours.zone, _UTC, _EAST, _WEST]))
    start, end = data.draw(_instants(edge, written)), data.draw(_instants(edge, written))
    duration = data.draw(_GAPS | st.just(dt.timedelta.max))
    day = data.draw(near(edge, span=800))
    first, last = sorted([day, start.date()])
    survives("StoreHours.is_open", lambda: hours.is_open(start))
    survives("StoreHours.working_time", lambda: hours.working_time(start, end))
    survives("StoreHours.add", lambda: hours.add(start, duration))
    survives("StoreHours.window", lambda: hours.window(day))
    survives("StoreCalendar.next_working_day", lambda: calendar.next_working_day(day))
    survives("StoreCalendar.working_days", lambda: calendar.working_days(first, last))
    survives("StoreCalendar.occasions", lambda: calendar.occasions(first, last))


@_BIG
@given(
    data=st.data(),
    survey=rst.surveys(max_responses=8),
    held_on=EDGES.flatmap(near),
    policy=extreme_policy(SatisfactionPolicy),
)
def test_satisfaction_at_the_ends_raises_only_retention_errors(
    data: st.DataObject, survey: Survey, held_on: dt.date, policy: SatisfactionPolicy
) -> None:
    """SAT-*: a survey held near 0001 or 9999, extreme policies, populations of 10**30."""
    population = data.draw(
        st.dictionaries(st.sampled_from(["A", "B", "C"]), st.sampled_from([1, 10**30]), min_size=1)
    )
    competition = data.draw(st.sampled_from(Competition))
    report = survives(
        "satisfaction_report",
        lambda: satisfaction_report(
            attrs.evolve(survey, held_on=held_on),
            population=population,
            competition=competition,
            policy=policy,
        ),
    )
    if report is not None:
        customers = data.draw(st.sampled_from([0, 1, 10**30]))
        survives("SatisfactionReport.reach", lambda: report.reach(customers))
        survives("SatisfactionReport.to_records", report.to_records)


# --- escapes found in retention.complaints, pinned ------------------------------------------


def _resolved_case(day: dt.date, follow_up_days: int) -> Case:
    """A case of a CN store received and resolved at noon on ``day`` (Shanghai)."""
    hours = StoreHours(edge_calendar("high"), timezone="Asia/Shanghai")
    at = dt.datetime.combine(day, dt.time(12), tzinfo=hours.zone)
    refund = complaints.Option("refund")
    events = [
        complaints.Listened("K1", at=at),
        complaints.Apologised("K1", at=at),
        complaints.CauseDiagnosed("K1", at=at, cause="product_quality"),
        complaints.ResolutionProposed("K1", at=at, options=[refund], chosen=refund, role="clerk"),
        complaints.Resolved("K1", at=at),
    ]
    complaint = Complaint("K1", customer_id="c1", received_at=at, channel="phone", summary="x")
    policy = ComplaintPolicy(follow_up_days=follow_up_days)
    return Case.open(complaint, hours=hours, policy=policy, events=events)


def test_a_follow_up_past_9999_12_31_names_due() -> None:
    """CMP-STEPS: resolved on 9999-12-29, a follow-up 5 days on is refused naming due."""
    case = _resolved_case(dt.date(9999, 12, 29), follow_up_days=5)
    with pytest.raises(RetentionError, match=r"^due: 9999-12-29 \+ 5 days is past 9999-12-31"):
        case.follow_up_task()


@pytest.mark.parametrize(
    "call",
    [lambda p: p.limit([]), lambda p: p.covers([], 1), lambda p: p.covers("clerk", [])],
    ids=["limit-list", "covers-list-role", "covers-list-amount"],
)
def test_a_policy_names_a_role_or_amount_of_the_wrong_type(
    call: Callable[[ComplaintPolicy], object],
) -> None:
    """CMP-COMPENSATE: limit([]) and covers("clerk", []) raise a RetentionError naming it."""
    with pytest.raises(RetentionError, match=r"^(role|amount): expected "):
        call(ComplaintPolicy())


def test_a_refused_event_quotes_the_complaint_id_escaped() -> None:
    """CMP-STEPS: a refused event's message shows the case's ID with control chars escaped."""
    hours = StoreHours(edge_calendar("high"), timezone="Asia/Shanghai")
    at = dt.datetime(9998, 3, 2, 12, tzinfo=hours.zone)
    complaint = Complaint(
        "K\x1b[31m", customer_id="c1", received_at=at, channel="phone", summary="x"
    )
    with pytest.raises(InvalidTransitionError) as caught:
        Case.open(complaint, hours=hours).apply(complaints.Apologised("K\x1b[31m", at=at))
    check_error(caught.value, "Case.apply")


class BrokenRepr:
    """An object whose own repr raises (a caller's bug must not hide the message)."""

    def __repr__(self) -> str:
        """Fail as a half-built object's repr would."""
        msg = "repr of a half-built object"
        raise RuntimeError(msg)


@pytest.mark.parametrize(
    "call",
    [
        lambda: Purchase("c1", date=BrokenRepr(), amount=1),  # type: ignore[arg-type]
        lambda: retention.classify_abc(BrokenRepr()),  # type: ignore[arg-type]
        lambda: ComplaintPolicy(follow_up_days=BrokenRepr()),  # type: ignore[arg-type]
    ],
    ids=["Purchase.date", "classify_abc.totals", "ComplaintPolicy.follow_up_days"],
)
def test_a_value_whose_repr_raises_is_named_by_its_type(call: Callable[[], object]) -> None:
    """A value whose __repr__ raises gives a RetentionError naming the field and the type."""
    with pytest.raises(RetentionError) as caught:
        call()
    assert "<an object whose repr failed> (BrokenRepr)" in str(caught.value)
