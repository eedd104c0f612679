"""Store: a store's data as one checked value, and its review as of a day.

The steps of the library each take their own inputs; a store has them all at once. A
:class:`Store` holds them checked (the purchases in a :class:`PurchaseLedger`, checked
and held by columns once), and each method runs one step the way a store runs it:

* :meth:`Store.classes` (SEG-ABC), :meth:`Store.attitudes` (SEG-ATTITUDE),
  :meth:`Store.early_adopters` (SEG-EARLY), :meth:`Store.series` (SEG-SERIES);
* :meth:`Store.cases` (CMP-STEPS, CMP-SLA): the complaint cases as they stood at an
  instant;
* :meth:`Store.churn` (CHURN-NOSURPRISE, CHURN-REASONS): the early warning, with the
  cases and the survey as evidence; :meth:`Store.fit_churn` fits BG/NBD for P(alive);
* :meth:`Store.plan` (the ``CAD-*`` rules): the contact plan, the complaints' follow-ups
  included, also for a complainant who never bought;
* :meth:`Store.satisfaction` (the ``SAT-*`` rules), weighted by ABC class;
* :meth:`Store.review`: all of them as of one day, each step run once.

What a store decides is in its :class:`~retention.config.Policies`, so one value (one
TOML file) changes a default everywhere.
"""

from __future__ import annotations

import datetime as dt
import importlib
import zoneinfo
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import attrs

from retention._validate import (
    check_aware,
    check_date,
    check_id,
    check_instance,
    check_items,
    check_iterable,
    check_positive_int,
    describe,
    to_enum,
    validator,
)
from retention.exceptions import DuplicateError, EmptyInputError, InvalidInputError
from retention.mappings import FrozenMap
from retention.store._ledger import PurchaseLedger

# The steps' modules load when a store first needs them (a store that only classifies
# never loads the planner, the complaints or the satisfaction survey).
if TYPE_CHECKING:
    from retention.cadence import (
        ContactPlan,
        CustomerProfile,
        ServiceTask,
        StaffMember,
        StoreEvent,
    )
    from retention.calendar import StoreCalendar, StoreDay
    from retention.churn import BgNbdParams, ChurnReport
    from retention.complaints import Case, Complaint, Event
    from retention.config import Policies
    from retention.exports import CustomerList
    from retention.hours import StoreHours
    from retention.satisfaction import Competition, SatisfactionReport, Survey
    from retention.segmentation import (
        AbcClass,
        AbcResult,
        Attitude,
        AttitudeResult,
        EarlyAdoption,
        Launch,
        SeriesIndex,
    )
    from retention.store._review import StoreReview

__all__ = ["UNIT_DAYS", "Store"]

#: The time unit of the BG/NBD parameters a store fits and uses: a week, as in CDNOW.
UNIT_DAYS = 7
_OPENS, _CLOSES = dt.time(9), dt.time(21)
#: The one country whose zone the store assumes when none is given.
_DEFAULT_ZONES = {"CN": "Asia/Shanghai"}


def _ledger(value: object) -> PurchaseLedger:
    if isinstance(value, PurchaseLedger):
        return value
    return PurchaseLedger.of(value)  # type: ignore[arg-type]  # checked there


def _items(field: str, value: object, module: str, kind: str, item: str) -> tuple[Any, ...]:
    """The items of ``value``, each checked to be a ``kind`` of ``module``, as a tuple.

    The default (an empty tuple) is taken as it is, so a store without, say, complaints
    never loads the module that defines them.
    """
    if isinstance(value, tuple) and not value:
        return ()
    cls = getattr(importlib.import_module(module), kind)
    return tuple(check_items(field, value, cls, item))


def _staff(value: object) -> tuple[StaffMember, ...]:
    return _items("staff", value, "retention.cadence", "StaffMember", "StaffMember values")


def _events(value: object) -> tuple[StoreEvent, ...]:
    return _items("events", value, "retention.cadence", "StoreEvent", "StoreEvent values")


def _tasks(value: object) -> tuple[ServiceTask, ...]:
    return _items("service_tasks", value, "retention.cadence", "ServiceTask", "ServiceTask values")


def _complaints(value: object) -> tuple[Complaint, ...]:
    return _items("complaints", value, "retention.complaints", "Complaint", "Complaint values")


def _complaint_events(value: object) -> tuple[Event, ...]:
    return _items("complaint_events", value, "retention.complaints", "Event", "complaint events")


def _launches(value: object) -> tuple[Launch, ...]:
    return _items("launches", value, "retention.segmentation", "Launch", "Launch values")


def _store_days(value: object) -> tuple[StoreDay, ...]:
    return _items("store_days", value, "retention.calendar", "StoreDay", "StoreDay values")


def _customers(value: object) -> CustomerList | None:
    if value is None:
        return None
    from retention.exports import CustomerList  # noqa: PLC0415 - loaded when used

    return check_instance("customers", value, CustomerList)


def _declared(value: object) -> FrozenMap[str, Attitude]:
    from retention.segmentation import Attitude  # noqa: PLC0415 - loaded when used

    if not isinstance(value, Mapping):
        msg = f"declared: expected a mapping of customer ID to Attitude, got {describe(value)}"
        raise InvalidInputError(msg)
    out = {}
    for cid, attitude in value.items():
        out[check_id("declared", cid)] = to_enum("declared", Attitude, attitude)
    return FrozenMap(out)


def _competition(value: object) -> Competition | None:
    if value is None:
        return None
    from retention.satisfaction import Competition  # noqa: PLC0415 - loaded when used

    return to_enum("competition", Competition, value)


@validator
def _check_survey(field: str, value: object) -> None:
    if value is not None:
        from retention.satisfaction import Survey  # noqa: PLC0415 - loaded when used

        check_instance(field, value, Survey)


@validator
def _check_policies(field: str, value: object) -> None:
    if value is not None:
        from retention.config import Policies  # noqa: PLC0415 - loaded when used

        check_instance(field, value, Policies)


def _zone(value: object) -> str | None:
    if value is None:
        return None
    name = check_id("timezone", value)
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America"
        msg = f"timezone: expected an IANA time zone like Asia/Shanghai, got {name!r}"
        raise InvalidInputError(msg) from None
    return name


def _country(value: object) -> str | None:
    if value is None:
        return None
    code = check_id("country", value)
    if not (code.isascii() and code.isalpha() and len(code) in {2, 3}):
        msg = f"country: expected an ISO 3166 code of 2 or 3 letters like CN, got {code!r}"
        raise InvalidInputError(msg)
    return code.upper()


def _hours(value: object) -> tuple[dt.time, dt.time]:
    pair = tuple(value) if isinstance(value, tuple | list) else None
    if (
        pair is None
        or len(pair) != 2  # noqa: PLR2004  # opening and closing
        or not all(isinstance(t, dt.time) and t.tzinfo is None for t in pair)
        or not pair[0] < pair[1]
    ):
        msg = (
            "hours: expected (opens, closes), two times of day without a zone, opening "
            f"first, got {value!r}"
        )
        raise InvalidInputError(msg)
    return (pair[0], pair[1])


@attrs.frozen(kw_only=True)
class Store:
    """A store's data, checked once: purchases, customers, staff, events, complaints, survey.

    Every field but ``purchases`` is optional; each method says what it reads. The same
    data in any order gives equal results.

    Attributes:
        purchases: Every purchase (a :class:`PurchaseLedger`, or ``Purchase`` values in
            any order, checked and held by columns).
        country: The store's country, for its calendar (working days, holidays): a code
            the ``holidays`` package knows, such as ``"CN"``; ``None`` for a store whose
            steps need no calendar (classes, attitudes, churn without complaints).
        timezone: The store's IANA time zone, for the complaints' SLA clocks; ``None``
            takes ``Asia/Shanghai`` for CN and is refused elsewhere once a step needs it.
        hours: When the store opens and closes (SLA clocks count working hours).
        customers: What the CRM says besides purchases: club members, owners, opt-outs
            (``None``: nothing beyond the purchases).
        staff: The staff who make the contacts, with their capacity (CAD-CAPACITY).
        events: The store's launches and promotions to invite to (CAD-INVITE).
        service_tasks: Contacts the host owes besides the complaints' follow-ups.
        complaints: The complaints received.
        complaint_events: What staff recorded on them (any order; each names its
            complaint).
        survey: A satisfaction survey, if one was run.
        launches: Product launches, for the early adopters (SEG-EARLY).
        declared: Attitudes customers declared, by customer ID (SEG-ATTITUDE).
        store_days: The store's own days (closures, occasions) on its calendar.
        competition: How hard the store's market competes (SAT-LOYALTY); ``None`` (the
            default) reads as moderate.
        policies: Every policy of the library; ``None`` (the default) for every
            policy's defaults, without loading :mod:`retention.config`.

    Raises:
        InvalidTypeError: A field of the wrong type.
        InvalidInputError: A bad country, time zone or opening hours.
        DuplicateError: Two complaints with one ID.
        UnknownCustomerError: An event for a complaint the store does not hold (raised
            as an :class:`~retention.exceptions.InvalidInputError` naming it).
    """

    purchases: PurchaseLedger = attrs.field(converter=_ledger)
    country: str | None = attrs.field(default=None, converter=_country)
    timezone: str | None = attrs.field(default=None, converter=_zone)
    hours: tuple[dt.time, dt.time] = attrs.field(default=(_OPENS, _CLOSES), converter=_hours)
    customers: CustomerList | None = attrs.field(default=None, converter=_customers)
    staff: tuple[StaffMember, ...] = attrs.field(default=(), converter=_staff)
    events: tuple[StoreEvent, ...] = attrs.field(default=(), converter=_events)
    service_tasks: tuple[ServiceTask, ...] = attrs.field(default=(), converter=_tasks)
    complaints: tuple[Complaint, ...] = attrs.field(default=(), converter=_complaints)
    complaint_events: tuple[Event, ...] = attrs.field(default=(), converter=_complaint_events)
    survey: Survey | None = attrs.field(default=None, validator=_check_survey)
    launches: tuple[Launch, ...] = attrs.field(default=(), converter=_launches)
    declared: FrozenMap[str, Attitude] = attrs.field(
        factory=lambda: FrozenMap({}), converter=_declared
    )
    store_days: tuple[StoreDay, ...] = attrs.field(default=(), converter=_store_days)
    competition: Competition | None = attrs.field(default=None, converter=_competition)
    policies: Policies | None = attrs.field(default=None, validator=_check_policies)

    def __attrs_post_init__(self) -> None:
        """Check the complaints against their events (a cross-field rule)."""
        seen: set[str] = set()
        for complaint in self.complaints:
            if complaint.complaint_id in seen:
                msg = (
                    "complaints: expected one complaint per ID, got "
                    f"{complaint.complaint_id!r} twice"
                )
                raise DuplicateError(msg)
            seen.add(complaint.complaint_id)
        for event in self.complaint_events:
            if event.complaint_id not in seen:
                msg = (
                    "complaint_events: expected events of the store's complaints, got one "
                    f"for {event.complaint_id!r}"
                )
                raise InvalidInputError(msg)

    def _policy(self, name: str) -> Any:  # noqa: ANN401  # the policy of that name
        """The policy ``name`` of :attr:`policies`, ``None`` (the defaults) without them."""
        return None if self.policies is None else getattr(self.policies, name)

    # -- the days -------------------------------------------------------------------

    def default_as_of(self) -> dt.date:
        """The day after the last purchase: a review's "today" when none is given.

        Raises:
            EmptyInputError: The store has no purchases.
            InvalidInputError: The last purchase is on 9999-12-31.
        """
        last = self.purchases.last_day
        if last is None:
            msg = "purchases: expected at least one purchase to take the day after, got none"
            raise EmptyInputError(msg)
        if last == dt.date.max:
            msg = "purchases: expected a last purchase before 9999-12-31, got 9999-12-31"
            raise InvalidInputError(msg)
        return last + dt.timedelta(days=1)

    def zone(self) -> zoneinfo.ZoneInfo:
        """The store's time zone: :attr:`timezone`, or CN's ``Asia/Shanghai``.

        Raises:
            InvalidInputError: No :attr:`timezone` and a country other than CN (or none).
        """
        name = self.timezone or _DEFAULT_ZONES.get(self.country or "")
        if name is None:
            msg = (
                f"timezone: expected the store's IANA time zone (e.g. America/New_York) for "
                f"country {self.country}, got None; only CN has a default (Asia/Shanghai)"
            )
            raise InvalidInputError(msg)
        return zoneinfo.ZoneInfo(name)

    def start_of(self, day: dt.date) -> dt.datetime:
        """The first instant of ``day`` in the store's time zone (when a review looks)."""
        return dt.datetime.combine(check_date("day", day), dt.time(0), tzinfo=self.zone())

    def calendar(self, years: Iterable[int]) -> StoreCalendar:
        """The store's calendar (its country's days off and its own days) for ``years``.

        The years of the store's own days are loaded too.

        Raises:
            InvalidInputError: The store has no :attr:`country`.
        """
        if self.country is None:
            msg = (
                "country: expected the store's country for its calendar (like CN, US or "
                "DE), got None"
            )
            raise InvalidInputError(msg)
        given = [check_positive_int("years", y) for y in check_iterable("years", years, "years")]
        wanted = [*given, *(d.date.year for d in self.store_days if d.date.year not in given)]
        from retention.calendar import StoreCalendar  # noqa: PLC0415 - loaded when used

        return StoreCalendar.build(self.country, years=wanted, store_days=self.store_days)

    def store_hours(self, calendar: StoreCalendar) -> StoreHours:
        """The store's working hours on ``calendar``, in its time zone."""
        from retention.hours import StoreHours  # noqa: PLC0415 - loaded when used

        opens, closes = self.hours
        return StoreHours(calendar, timezone=self.zone().key, opens=opens, closes=closes)

    def _upto(self, as_of: dt.date | None) -> PurchaseLedger:
        return self.purchases if as_of is None else self.purchases.up_to(as_of)

    # -- segmentation ---------------------------------------------------------------

    def classes(self, *, as_of: dt.date | None = None) -> AbcResult:
        """ABC classes by spend (SEG-ABC) of the purchases up to ``as_of`` (all if ``None``).

        Raises:
            EmptyInputError: No purchase with an amount above 0 up to ``as_of``.
        """
        from retention.segmentation import classify_abc  # noqa: PLC0415 - loaded when used

        ledger = self._upto(as_of)
        if not any(ledger.units):
            last = ledger.last_day
            upto = f" up to {last}" if last is not None else ""
            msg = (
                "purchases: expected a purchase with an amount above 0, got only amounts of "
                f"0 ({len(ledger):,} purchases{upto}): the ABC classes rank customers by "
                "what they spent"
            )
            raise EmptyInputError(msg)
        return classify_abc(ledger.totals(), self._policy("abc"))

    def attitudes(self, *, as_of: dt.date | None = None) -> FrozenMap[str, AttitudeResult] | None:
        """Each customer's attitude group (SEG-ATTITUDE); ``None`` if no purchase has a brand."""
        from retention.customers import build_histories  # noqa: PLC0415 - loaded when used
        from retention.segmentation import classify_attitudes  # noqa: PLC0415

        ledger = self._upto(as_of)
        if not ledger.has_brands:
            return None
        histories = build_histories(ledger.purchases())
        return classify_attitudes(histories, self._policy("attitude"), declared=self.declared)

    def early_adopters(self, *, as_of: dt.date | None = None) -> FrozenMap[str, EarlyAdoption]:
        """The customers who bought the store's launches early (SEG-EARLY)."""
        from retention.segmentation import find_early_adopters  # noqa: PLC0415

        if not self.launches:
            return FrozenMap({})
        ledger = self._upto(as_of)
        return find_early_adopters(ledger.purchases(), self.launches, self._policy("early_adopter"))

    def series(self, *, as_of: dt.date | None = None) -> SeriesIndex:
        """The customer series index (SEG-SERIES): loyal, early adopters and class A."""
        from retention.segmentation import series_index  # noqa: PLC0415 - loaded when used

        return series_index(
            self.classes(as_of=as_of),
            attitudes=self.attitudes(as_of=as_of),
            early_adopters=self.early_adopters(as_of=as_of),
        )

    # -- complaints -----------------------------------------------------------------

    def cases(self, at: dt.datetime, *, calendar: StoreCalendar | None = None) -> tuple[Case, ...]:
        """The complaint cases as they stood at ``at`` (CMP-STEPS, CMP-SLA).

        Only the complaints received and the events recorded up to ``at`` count. The
        cases come in order of complaint ID.

        Args:
            at: The instant (timezone-aware).
            calendar: The calendar the SLA clocks count working time on (default: the
                store's, from the first complaint's year to the year after ``at``).

        Raises:
            RetentionError: An event its case cannot take (the library's reason).
        """
        from retention._instants import utc  # noqa: PLC0415 - loaded when used
        from retention.calendar import StoreCalendar  # noqa: PLC0415
        from retention.complaints import Case  # noqa: PLC0415

        instant = utc(check_aware("at", at))
        if calendar is not None:
            check_instance("calendar", calendar, StoreCalendar)
        received = sorted(
            (c for c in self.complaints if utc(c.received_at) <= instant),
            key=lambda c: c.complaint_id,
        )
        if not received:
            return ()
        if calendar is None:
            zone = self.zone()
            first = min(c.received_at.astimezone(zone).year for c in received)
            calendar = self.calendar(range(first, at.astimezone(zone).year + 2))
        hours = self.store_hours(calendar)
        events: dict[str, list[Event]] = {}
        for event in self.complaint_events:
            if utc(event.at) <= instant:
                events.setdefault(event.complaint_id, []).append(event)
        return tuple(
            Case.open(
                complaint,
                hours=hours,
                policy=self._policy("complaints"),
                events=sorted(events.get(complaint.complaint_id, ()), key=lambda e: utc(e.at)),
            )
            for complaint in received
        )

    # -- churn ----------------------------------------------------------------------

    def fit_churn(self, as_of: dt.date) -> BgNbdParams:
        """BG/NBD parameters fitted on every customer's purchase days up to ``as_of``, in weeks.

        Raises:
            MissingDependencyError: numpy or scipy is not installed (the ``fit`` extra).
            RetentionError: Too few customers to fit, or no maximum found.
        """
        from retention.churn._fit import fit_arrays  # noqa: PLC0415 - numpy and scipy

        as_of = check_date("as_of", as_of)
        repeats, last, now = [], [], []
        for days in self.purchases.up_to(as_of).purchase_days().values():
            first = days[0]
            repeats.append(len(days) - 1)
            last.append((days[-1] - first).days / UNIT_DAYS)
            now.append((as_of - first).days / UNIT_DAYS)
        return fit_arrays(repeats, last, now)

    def churn(
        self,
        as_of: dt.date,
        *,
        params: BgNbdParams | None = None,
        classes: AbcResult | None = None,
        cases: Sequence[Case] | None = None,
    ) -> ChurnReport:
        """The early warning on ``as_of`` (CHURN-NOSURPRISE, CHURN-REASONS).

        Every customer is checked against their own rhythm on the purchases up to
        ``as_of``; with ``params`` (from :meth:`fit_churn`, in weeks) a customer whose
        P(alive) falls below the policy's line is flagged too. The complaint cases at the
        start of ``as_of`` and the survey are evidence for the likely reasons.

        Args:
            as_of: "Today".
            params: BG/NBD parameters in weeks, or ``None`` for the rhythm alone.
            classes: The ABC classes (default: :meth:`classes` up to ``as_of``; none
                when nothing was paid for).
            cases: The cases (default: :meth:`cases` at the start of ``as_of``).
        """
        from retention.churn import BgNbdParams, ChurnPolicy  # noqa: PLC0415 - loaded when used
        from retention.churn._warning import warning_of_days  # noqa: PLC0415
        from retention.satisfaction import SatisfactionPolicy  # noqa: PLC0415

        as_of = check_date("as_of", as_of)
        if params is not None:
            check_instance("params", params, BgNbdParams)
        if classes is not None:
            from retention.segmentation import AbcResult  # noqa: PLC0415 - loaded when used

            check_instance("classes", classes, AbcResult)
        if cases is not None:
            from retention.complaints import Case  # noqa: PLC0415 - loaded when used

            cases = check_items("cases", cases, Case, "Case values")
        ledger = self.purchases.up_to(as_of)
        abc: Mapping[str, AbcClass] = classes if classes is not None else {}
        if classes is None and any(ledger.units):
            abc = self.classes(as_of=as_of)
        if cases is None:
            cases = self.cases(self.start_of(as_of)) if self.complaints else ()
        return warning_of_days(
            ledger.purchase_days(),
            lambda flagged: _grouped(ledger.purchases(set(flagged))),
            as_of=as_of,
            cases=list(cases),
            survey=self.survey,
            undercut=frozenset(),
            classes=abc,
            params=params,
            unit_days=UNIT_DAYS,
            policy=self._policy("churn") or ChurnPolicy(),
            satisfaction_policy=self._policy("satisfaction") or SatisfactionPolicy(),
        )

    # -- contacts -------------------------------------------------------------------

    def profiles(
        self,
        classes: AbcResult,
        *,
        attitudes: Mapping[str, AttitudeResult] | None = None,
        tasks: Iterable[ServiceTask] = (),
    ) -> tuple[CustomerProfile, ...]:
        """Who the planner contacts: every classified customer, with the CRM's facts.

        A customer owed a service task (a complaint's follow-up) who never bought gets
        a profile too, so the follow-up call is planned (CMP-FOLLOWUP).
        """
        from retention.cadence import (  # noqa: PLC0415 - loaded when used
            CustomerProfile,
            ServiceTask,
            build_profiles,
        )
        from retention.segmentation import AbcResult  # noqa: PLC0415 - loaded when used

        check_instance("classes", classes, AbcResult)
        tasks = check_items("tasks", tasks, ServiceTask, "ServiceTask values")

        from retention.exports import CustomerList  # noqa: PLC0415 - loaded when used

        listed = self.customers if self.customers is not None else CustomerList()
        known = listed.only(classes)
        profiles = list(
            build_profiles(
                classes,
                attitudes=attitudes,
                club_members=known.club_members,
                owners=known.owners,
                opt_outs=known.opt_outs,
            )
        )
        profiles.extend(
            CustomerProfile(
                cid,
                club_member=cid in listed.club_members,
                staff_id=listed.owners.get(cid),
                opt_outs=listed.opt_outs.get(cid, ()),
            )
            for cid in sorted({t.customer_id for t in tasks} - set(classes))
        )
        return tuple(profiles)

    def tasks(self, cases: Iterable[Case]) -> tuple[ServiceTask, ...]:
        """The store's service tasks and each case's follow-up, once per case (CMP-FOLLOWUP)."""
        from retention.complaints import Case  # noqa: PLC0415 - loaded when used

        checked = check_items("cases", cases, Case, "Case values")
        owed = [task for case in checked if (task := case.follow_up_task()) is not None]
        given = {t.case_id for t in self.service_tasks}
        return (*self.service_tasks, *(t for t in owed if t.case_id not in given))

    def plan(
        self,
        as_of: dt.date,
        *,
        days: int = 30,
        params: BgNbdParams | None = None,
        calendar: StoreCalendar | None = None,
    ) -> ContactPlan:
        """The contact plan from ``as_of`` for ``days`` days (the ``CAD-*`` rules).

        The profiles come from the classes and attitudes up to ``as_of`` and the CRM's
        facts; the complaints' follow-ups at the start of ``as_of`` and the store's own
        service tasks are planned with the rest; the churn policy's win-back rules apply.
        """
        as_of = check_date("as_of", as_of)
        days = check_positive_int("days", days, maximum=3660)
        end = _plan_end(as_of, days)
        if calendar is None:
            calendar = self.calendar(range(as_of.year, end.year + 2))
        else:
            from retention.calendar import StoreCalendar  # noqa: PLC0415 - loaded when used

            check_instance("calendar", calendar, StoreCalendar)
        classes = self.classes(as_of=as_of)
        attitudes = self.attitudes(as_of=as_of)
        cases = self.cases(self.start_of(as_of), calendar=None) if self.complaints else ()
        return self._plan(as_of, end, calendar, classes, attitudes, cases, params)

    def _plan(  # noqa: PLR0917 - the parts a review has made already
        self,
        as_of: dt.date,
        end: dt.date,
        calendar: StoreCalendar,
        classes: AbcResult,
        attitudes: Mapping[str, AttitudeResult] | None,
        cases: Sequence[Case],
        params: BgNbdParams | None,
    ) -> ContactPlan:
        from retention.cadence import plan_contacts  # noqa: PLC0415 - loaded when used

        tasks = self.tasks(cases)
        return plan_contacts(
            self.profiles(classes, attitudes=attitudes, tasks=tasks),
            purchases=self.purchases.up_to(as_of).purchases(),
            start=as_of,
            end=end,
            calendar=calendar,
            staff=self.staff,
            events=self.events,
            service_tasks=tasks,
            policy=self._policy("cadence"),
            churn_policy=self._policy("churn"),
            params=params,
            unit_days=UNIT_DAYS,
        )

    # -- satisfaction ---------------------------------------------------------------

    def satisfaction(self, *, classes: AbcResult | None = None) -> SatisfactionReport | None:
        """The survey's report (the ``SAT-*`` rules) weighted by the ABC classes, or ``None``.

        ``None`` when the store has no survey.

        Args:
            classes: The ABC classes whose sizes weight the answers (default: the
                classes of all purchases; with no purchase, unweighted).
        """
        from retention.satisfaction import satisfaction_report  # noqa: PLC0415

        if classes is not None:
            from retention.segmentation import AbcResult  # noqa: PLC0415 - loaded when used

            check_instance("classes", classes, AbcResult)
        if self.survey is None:
            return None
        population = None
        if classes is None and any(self.purchases.units):
            classes = self.classes()
        if classes is not None:
            population = Counter(c.value for c in classes.values())
        return satisfaction_report(
            self.survey,
            population=population,
            competition=self.competition if self.competition is not None else "moderate",
            policy=self._policy("satisfaction"),
        )

    # -- all at once ----------------------------------------------------------------

    def review(
        self, as_of: dt.date | None = None, *, days: int = 30, params: BgNbdParams | None = None
    ) -> StoreReview:
        """The whole review as of ``as_of`` (default: the day after the last purchase).

        Classes, attitudes, early adopters and the series index; the complaint cases at
        the start of ``as_of`` and their lessons; the early warning; the contact plan
        for ``days`` days; the satisfaction report. Each step runs once and hands its
        result to the next, as the methods do one at a time.

        Args:
            as_of: "Today".
            days: How many days the plan covers (1 to 3,660).
            params: BG/NBD parameters in weeks (:meth:`fit_churn`) for P(alive), or
                ``None`` for the rhythm alone.
        """
        from retention.complaints import lessons  # noqa: PLC0415 - loaded when used
        from retention.segmentation import series_index  # noqa: PLC0415
        from retention.store._review import StoreReview  # noqa: PLC0415

        as_of = self.default_as_of() if as_of is None else check_date("as_of", as_of)
        days = check_positive_int("days", days, maximum=3660)
        end = _plan_end(as_of, days)
        at = self.start_of(as_of)
        zone = self.zone() if self.complaints else None
        first = min(
            (c.received_at.astimezone(zone).year for c in self.complaints if zone is not None),
            default=as_of.year,
        )
        calendar = self.calendar(range(min(first, as_of.year), max(end.year, as_of.year + 1) + 1))
        classes = self.classes(as_of=as_of)
        attitudes = self.attitudes(as_of=as_of)
        early = self.early_adopters(as_of=as_of)
        cases = self.cases(at, calendar=calendar) if self.complaints else ()
        return StoreReview(
            as_of,
            at=at,
            classes=classes,
            attitudes=attitudes,
            early_adopters=early,
            series=series_index(classes, attitudes=attitudes, early_adopters=early),
            cases=cases,
            lessons=lessons(cases) if cases else None,
            churn=self.churn(as_of, params=params, classes=classes, cases=cases),
            plan=self._plan(as_of, end, calendar, classes, attitudes, cases, params),
            satisfaction=self.satisfaction(classes=classes),
        )

    @classmethod
    def from_sample(cls, sample: object, *, policies: Policies | None = None) -> Store:
        """The store of a :class:`~retention.sample.SampleStore` (the demo's data).

        Today's sales (made on the sample's ``as_of``) join the purchases.
        """
        from retention.exports import CustomerList  # noqa: PLC0415 - loaded when used
        from retention.sample import SampleStore  # noqa: PLC0415

        sample = check_instance("sample", sample, SampleStore)
        return cls(
            purchases=sample.purchases + sample.todays_sales,
            country=sample.country,
            timezone=sample.timezone,
            customers=CustomerList(
                club_members=sample.club_members,
                owners=sample.owners,
                opt_outs=sample.opt_outs,
            ),
            staff=sample.staff,
            events=sample.events,
            service_tasks=sample.service_tasks,
            complaints=sample.complaints,
            complaint_events=sample.complaint_events,
            survey=sample.survey,
            launches=sample.launches,
            declared=sample.declared,
            store_days=sample.store_days,
            competition=sample.competition,
            policies=policies,
        )


def _plan_end(as_of: dt.date, days: int) -> dt.date:
    """The last day of a plan of ``days`` days from ``as_of``, refused past 9999-12-31."""
    if as_of.toordinal() + days - 1 > dt.date.max.toordinal():
        msg = f"days: expected a plan that ends by 9999-12-31, got {days} days from {as_of}"
        raise InvalidInputError(msg)
    return as_of + dt.timedelta(days=days - 1)


def _grouped(purchases: Iterable[Any]) -> dict[str, list[Any]]:
    out: dict[str, list[Any]] = {}
    for purchase in purchases:
        out.setdefault(purchase.customer_id, []).append(purchase)
    return out
