"""The store as one value (retention.store): each part equals the step it runs."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from collections.abc import Callable
from decimal import Decimal

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention.cadence import ServiceTask, build_profiles, plan_contacts
from retention.calendar import StoreCalendar
from retention.churn import BgNbdParams, early_warning, fit_bgnbd, rfm_summary
from retention.complaints import Case, Complaint, lessons, sla_status
from retention.config import Policies
from retention.customers import Purchase, build_histories, spend_totals
from retention.exceptions import (
    DuplicateError,
    EmptyInputError,
    InvalidInputError,
    InvalidTypeError,
)
from retention.hours import StoreHours
from retention.sample import sample_store
from retention.satisfaction import satisfaction_report
from retention.segmentation import (
    AbcPolicy,
    classify_abc,
    classify_attitudes,
    find_early_adopters,
    series_index,
)
from retention.store import UNIT_DAYS, PurchaseLedger, Store, StoreReview, Visits
from retention.testing.strategies import purchase_lists

SAMPLE = sample_store()
STORE = Store.from_sample(SAMPLE)
REVIEW = STORE.review(SAMPLE.as_of, days=30)
ALL = SAMPLE.purchases + SAMPLE.todays_sales


def _purchase(cid: str, day: str, amount: str, brand: str | None = None) -> Purchase:
    return Purchase(cid, date=dt.date.fromisoformat(day), amount=Decimal(amount), brand=brand)


# -- PurchaseLedger -------------------------------------------------------------------


def test_ledger_totals_equal_spend_totals() -> None:
    """SEG-ABC: the ledger's totals are spend_totals() of the same purchases."""
    ledger = PurchaseLedger.of(ALL)
    assert dict(ledger.totals()) == dict(spend_totals(ALL))
    assert len(ledger) == len(ALL)


def test_ledger_keeps_places_of_the_amounts() -> None:
    """SEG-ABC: totals show the most places an amount was given with, as spend_totals does."""
    ledger = PurchaseLedger.of(
        [_purchase("a", "2025-01-01", "10.5"), _purchase("a", "2025-01-02", "1")]
    )
    assert str(ledger.totals()["a"]) == "11.5"


def test_ledger_refuses_a_non_purchase() -> None:
    """A ledger takes Purchase values only, and says which item was not one."""
    with pytest.raises(InvalidTypeError, match="purchases: expected Purchase items, got 'x'"):
        PurchaseLedger.of([_purchase("a", "2025-01-01", "1"), "x"])


def test_ledger_refuses_more_than_four_places() -> None:
    """A ledger counts in 1/10,000ths: an amount with more places is refused, by index."""
    with pytest.raises(InvalidInputError, match=r"purchases\[1\]\.amount: expected at most 4"):
        PurchaseLedger.of(
            [_purchase("a", "2025-01-01", "1"), _purchase("a", "2025-01-01", "0.00001")]
        )


def test_ledger_up_to_keeps_the_earlier_days() -> None:
    """A ledger up to a day holds the purchases of that day and before, and drops empty labels."""
    ledger = PurchaseLedger.of(
        [_purchase("a", "2025-01-01", "1"), _purchase("b", "2025-01-03", "2", brand="X")]
    )
    assert ledger.up_to(dt.date(2025, 1, 5)) is ledger
    early = ledger.up_to(dt.date(2025, 1, 2))
    assert early.customer_ids == ("a",)
    assert not early.has_brands
    assert ledger.has_brands
    assert (early.first_day, early.last_day) == (dt.date(2025, 1, 1), dt.date(2025, 1, 1))


def test_empty_ledger_has_no_days() -> None:
    """An empty ledger has no first or last day and no totals."""
    ledger = PurchaseLedger.of([])
    assert (ledger.first_day, ledger.last_day) == (None, None)
    assert len(ledger.totals()) == 0


def test_ledger_visits_and_purchase_days() -> None:
    """A customer's visits count every purchase; the purchase days are distinct and in order."""
    ledger = PurchaseLedger.of(
        [
            _purchase("a", "2025-01-03", "1"),
            _purchase("a", "2025-01-01", "1"),
            _purchase("a", "2025-01-03", "2"),
        ]
    )
    assert ledger.visits() == {"a": Visits(3, first=dt.date(2025, 1, 1), last=dt.date(2025, 1, 3))}
    assert ledger.purchase_days() == {"a": [dt.date(2025, 1, 1), dt.date(2025, 1, 3)]}


def test_ledger_gives_back_the_purchases() -> None:
    """A ledger's purchases are the purchases it was made of (only some customers' if asked)."""
    ledger = PurchaseLedger.of(ALL)
    assert Counter(ledger.purchases()) == Counter(ALL)
    one = ALL[0].customer_id
    assert Counter(ledger.purchases({one})) == Counter(p for p in ALL if p.customer_id == one)


def test_ledger_equality_ignores_order() -> None:
    """Two ledgers of the same purchases in another order are equal; a ledger is not a tuple."""
    assert PurchaseLedger.of(ALL) == PurchaseLedger.of(reversed(ALL))
    assert PurchaseLedger.of(ALL) != PurchaseLedger.of(ALL[1:])
    assert PurchaseLedger.of(ALL).__eq__(ALL) is NotImplemented


# -- Store: checks --------------------------------------------------------------------


def test_store_takes_purchases_or_a_ledger() -> None:
    """A store built from Purchase values equals one built from their ledger."""
    ledger = PurchaseLedger.of(ALL)
    assert Store(purchases=ALL, country="cn") == Store(purchases=ledger, country="CN")


@pytest.mark.parametrize(
    ("kwargs", "error", "match"),
    [
        ({"country": "C1"}, InvalidInputError, "country: expected an ISO 3166 code"),
        ({"timezone": "Mars/Base"}, InvalidInputError, "timezone: expected an IANA time zone"),
        ({"hours": (dt.time(21), dt.time(9))}, InvalidInputError, "hours: expected"),
        ({"hours": "9-21"}, InvalidInputError, "hours: expected"),
        ({"staff": ["x"]}, InvalidTypeError, "staff: expected StaffMember"),
        ({"customers": {}}, InvalidTypeError, "customers: expected a CustomerList"),
        ({"survey": "x"}, InvalidTypeError, "survey: expected a Survey"),
        ({"policies": AbcPolicy()}, InvalidTypeError, "policies: expected a Policies"),
        ({"declared": ["x"]}, InvalidInputError, "declared: expected a mapping"),
        ({"competition": "fierce"}, InvalidInputError, "competition: expected"),
    ],
)
def test_store_refuses_bad_fields(
    kwargs: dict[str, object], error: type[Exception], match: str
) -> None:
    """A store names the field it refuses, what it expected and what it got."""
    fields = {"purchases": ALL, "country": "CN", **kwargs}
    with pytest.raises(error, match=match):
        Store(**fields)  # type: ignore[arg-type]


def test_store_refuses_two_complaints_with_one_id() -> None:
    """CMP-STEPS: one case per complaint ID."""
    first = SAMPLE.complaints[0]
    with pytest.raises(DuplicateError, match="complaints: expected one complaint per ID"):
        Store(purchases=ALL, country="CN", complaints=[first, first])


def test_store_refuses_events_of_unknown_complaints() -> None:
    """CMP-STEPS: an event names a complaint the store holds."""
    with pytest.raises(InvalidInputError, match="complaint_events: expected events of the store"):
        Store(purchases=ALL, country="CN", complaint_events=SAMPLE.complaint_events[:1])


def test_store_takes_declared_attitudes_as_text() -> None:
    """SEG-ATTITUDE: a declared attitude may be given by its value."""
    cid, attitude = next(iter(SAMPLE.declared.items()))
    store = Store(purchases=ALL, country="CN", declared={cid: attitude.value})
    assert store.declared[cid] is attitude


def test_zone_defaults_only_for_china() -> None:
    """CMP-SLA: the SLA clocks need the store's zone; only CN has a default."""
    assert Store(purchases=ALL, country="CN").zone().key == "Asia/Shanghai"
    with pytest.raises(InvalidInputError, match="timezone: expected the store's IANA time zone"):
        Store(purchases=ALL, country="US").zone()
    assert Store(purchases=ALL, country="US", timezone="America/New_York").zone().key == (
        "America/New_York"
    )


def test_a_store_without_country_has_no_calendar() -> None:
    """CAD-WORKDAY: the calendar needs the store's country; classes do not."""
    store = Store(purchases=ALL)
    assert store.classes() == STORE.classes()
    with pytest.raises(InvalidInputError, match="country: expected the store's country"):
        store.calendar([2025])
    with pytest.raises(InvalidInputError, match="for country None"):
        store.zone()


def test_default_as_of_is_the_day_after_the_last_purchase() -> None:
    """The review's "today" defaults to the day after the last purchase."""
    assert STORE.default_as_of() == max(p.date for p in ALL) + dt.timedelta(days=1)
    with pytest.raises(EmptyInputError, match="purchases: expected at least one purchase"):
        Store(purchases=[], country="CN").default_as_of()
    last = Store(purchases=[_purchase("a", "9999-12-31", "1")], country="CN")
    with pytest.raises(InvalidInputError, match="before 9999-12-31"):
        last.default_as_of()


# -- Store: each part is the step it runs ----------------------------------------------


def test_classes_are_classify_abc_of_the_purchases_up_to_as_of() -> None:
    """SEG-ABC: the store's classes are classify_abc of the spend up to as_of."""
    as_of = SAMPLE.as_of - dt.timedelta(days=40)
    upto = [p for p in ALL if p.date <= as_of]
    assert STORE.classes(as_of=as_of) == classify_abc(spend_totals(upto))
    assert STORE.classes() == classify_abc(spend_totals(ALL))


def test_classes_use_the_store_policy() -> None:
    """SEG-ABC: the store's ABC policy cuts the classes."""
    policy = AbcPolicy(a=Decimal("0.5"), b=Decimal("0.9"))
    store = attrs.evolve(STORE, policies=Policies(abc=policy))
    assert store.classes() == classify_abc(spend_totals(ALL), policy)


def test_classes_refuse_a_store_without_spend() -> None:
    """SEG-ABC: classes rank by spend, so a store whose purchases are all free has none."""
    store = Store(purchases=[_purchase("a", "2025-01-01", "0")], country="CN")
    with pytest.raises(
        EmptyInputError, match="only amounts of 0 \\(1 purchases up to 2025-01-01\\)"
    ):
        store.classes()
    with pytest.raises(EmptyInputError, match=r"only amounts of 0 \(0 purchases\)"):
        Store(purchases=[], country="CN").classes()


def test_attitudes_are_classify_attitudes_of_the_histories() -> None:
    """SEG-ATTITUDE: the store's attitudes are classify_attitudes of the histories."""
    expected = classify_attitudes(build_histories(ALL), declared=SAMPLE.declared)
    assert STORE.attitudes() == expected


def test_no_brands_no_attitudes() -> None:
    """SEG-ATTITUDE: without a brand on any purchase there is nothing to classify."""
    assert Store(purchases=[_purchase("a", "2025-01-01", "1")], country="CN").attitudes() is None


def test_early_adopters_and_series() -> None:
    """SEG-EARLY, SEG-SERIES: the store's early adopters and series index are the steps'."""
    early = find_early_adopters(ALL, SAMPLE.launches)
    assert STORE.early_adopters() == early
    assert STORE.series() == series_index(
        classify_abc(spend_totals(ALL)),
        attitudes=classify_attitudes(build_histories(ALL), declared=SAMPLE.declared),
        early_adopters=early,
    )
    assert len(Store(purchases=ALL, country="CN").early_adopters()) == 0


def _hours(years: range) -> StoreHours:
    calendar = StoreCalendar.build("CN", years=years, store_days=SAMPLE.store_days)
    return StoreHours(calendar, timezone="Asia/Shanghai")


def test_cases_at_an_instant_hold_what_was_known_then() -> None:
    """CMP-STEPS: the cases at an instant hold the complaints and events up to it."""
    at = REVIEW.at
    hours = _hours(range(2025, 2027))
    expected = tuple(
        Case.open(
            c,
            hours=hours,
            events=[e for e in SAMPLE.complaint_events if e.complaint_id == c.complaint_id],
        )
        for c in sorted(SAMPLE.complaints, key=lambda c: c.complaint_id)
    )
    assert STORE.cases(at) == expected
    assert REVIEW.cases == expected
    first = min(c.received_at for c in SAMPLE.complaints)
    assert STORE.cases(first - dt.timedelta(seconds=1)) == ()
    assert len(STORE.cases(first)) == 1


def test_churn_is_the_early_warning_of_every_purchase() -> None:
    """CHURN-NOSURPRISE: the store's early warning equals early_warning of all purchases."""
    params = BgNbdParams(
        r=Decimal("0.243"), alpha=Decimal("4.414"), a=Decimal("0.793"), b=Decimal("2.426")
    )
    expected = early_warning(
        ALL,
        as_of=SAMPLE.as_of,
        cases=REVIEW.cases,
        survey=SAMPLE.survey,
        classes=REVIEW.classes,
        params=params,
    )
    assert STORE.churn(SAMPLE.as_of, params=params) == expected
    assert REVIEW.churn == early_warning(
        ALL, as_of=SAMPLE.as_of, cases=REVIEW.cases, survey=SAMPLE.survey, classes=REVIEW.classes
    )


def test_churn_refuses_bad_params() -> None:
    """CHURN-NOSURPRISE: P(alive) needs BgNbdParams."""
    with pytest.raises(InvalidTypeError, match="params: expected a BgNbdParams"):
        STORE.churn(SAMPLE.as_of, params={"r": 1})  # type: ignore[arg-type]


def test_plan_is_plan_contacts_of_the_store() -> None:
    """CAD-GREET, CMP-FOLLOWUP: the store's plan is plan_contacts of its parts and follow-ups."""
    classes, attitudes = REVIEW.classes, REVIEW.attitudes
    tasks = STORE.tasks(REVIEW.cases)
    profiles = build_profiles(
        classes,
        attitudes=attitudes,
        club_members=SAMPLE.club_members,
        owners=SAMPLE.owners,
        opt_outs=SAMPLE.opt_outs,
    )
    end = SAMPLE.as_of + dt.timedelta(days=29)
    calendar = STORE.calendar(range(2025, 2027))
    expected = plan_contacts(
        profiles,
        purchases=ALL,
        start=SAMPLE.as_of,
        end=end,
        calendar=calendar,
        staff=SAMPLE.staff,
        events=SAMPLE.events,
        service_tasks=tasks,
    )
    assert REVIEW.plan == expected
    assert STORE.plan(SAMPLE.as_of, days=30) == expected


def _drifting_store() -> Store:
    """300 customers who buy every ~40 days until they leave (15 % after each purchase)."""
    rng = random.Random(7)  # noqa: S311  # seeded test data, not secrets
    bought = []
    for i in range(300):
        day = dt.date(2024, 1, 1) + dt.timedelta(days=rng.randrange(200))
        while day < dt.date(2025, 6, 1):
            bought.append(Purchase(f"c{i:03d}", date=day, amount=Decimal(rng.randrange(1, 100))))
            day += dt.timedelta(days=int(rng.expovariate(1 / 40)) + 1)
            if rng.random() < 0.15:  # the chance of leaving
                break
    return Store(purchases=bought, country="CN")


def test_fit_churn_is_fit_bgnbd_of_the_summaries_in_weeks() -> None:
    """CHURN-NOSURPRISE: the store fits BG/NBD on every customer's (x, t_x, T) in weeks."""
    store = _drifting_store()
    as_of = dt.date(2025, 6, 1)
    summaries = [
        rfm_summary(days, as_of=as_of, unit_days=UNIT_DAYS)
        for days in store.purchases.purchase_days().values()
    ]
    assert store.fit_churn(as_of) == fit_bgnbd(summaries)
    with pytest.raises(InvalidInputError, match="x, t_x, T: expected data the BG/NBD"):
        STORE.fit_churn(SAMPLE.as_of)


def test_plan_takes_a_calendar_and_fitted_params() -> None:
    """CAD-HOLIDAY, CHURN-NOSURPRISE: a plan on the caller's calendar, with P(alive)."""
    params = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    calendar = STORE.calendar(range(2025, 2027))
    plan = STORE.plan(SAMPLE.as_of, days=7, params=params, calendar=calendar)
    assert plan == STORE.review(SAMPLE.as_of, days=7, params=params).plan
    assert STORE.churn(SAMPLE.as_of, params=params).at_risk[0].p_alive is not None


def test_ledger_of_text_amounts_keeps_their_places() -> None:
    """SEG-ABC: a reader's ledger of amounts as text shows the places they were written with."""
    ledger = PurchaseLedger._of(
        ["a", "a"], [dt.date(2025, 1, 1).toordinal()] * 2, [105000, 10000], ["10.50", "1"], {}
    )
    assert str(ledger.totals()["a"]) == "11.50"
    assert [p.amount for p in ledger.purchases()] == [Decimal("10.50"), Decimal(1)]


def test_tasks_add_each_case_follow_up_once() -> None:
    """CMP-FOLLOWUP: a case's follow-up joins the store's tasks unless already given."""
    owed = [t for case in REVIEW.cases if (t := case.follow_up_task()) is not None]
    tasks = STORE.tasks(REVIEW.cases)
    assert set(SAMPLE.service_tasks) <= set(tasks)
    assert {t.case_id for t in owed} <= {t.case_id for t in tasks}
    assert len({t.case_id for t in tasks}) == len(tasks)


def test_a_complainant_who_never_bought_gets_the_follow_up() -> None:
    """CMP-FOLLOWUP: a customer with a complaint and no purchase is still called back."""
    received = dt.datetime(2025, 11, 3, 10, tzinfo=STORE.zone())
    complaint = Complaint(
        "k-new", customer_id="stranger", received_at=received, channel="phone", summary="x"
    )
    task = ServiceTask("k-new", customer_id="stranger", due=dt.date(2025, 12, 3))
    store = attrs.evolve(STORE, complaints=(complaint,), complaint_events=(), service_tasks=(task,))
    profiles = store.profiles(store.classes(), tasks=[task])
    assert "stranger" in {p.customer_id for p in profiles}
    plan = store.plan(SAMPLE.as_of, days=5)
    assert "stranger" in {d.customer_id for d in plan.decisions}


def test_satisfaction_is_weighted_by_class() -> None:
    """SAT-SURVEY: the store's satisfaction report weights the answers by ABC class."""
    assert SAMPLE.survey is not None
    population = Counter(c.value for c in classify_abc(spend_totals(ALL)).values())
    expected = satisfaction_report(SAMPLE.survey, population=population, competition="high")
    assert STORE.satisfaction() == expected
    assert Store(purchases=ALL, country="CN").satisfaction() is None
    unweighted = Store(purchases=[], country="CN", survey=SAMPLE.survey, competition="high")
    assert unweighted.satisfaction() == satisfaction_report(SAMPLE.survey, competition="high")


def test_review_holds_every_part() -> None:
    """The review holds each step's result, the lessons of the cases and the open SLA clocks."""
    assert isinstance(REVIEW, StoreReview)
    assert REVIEW.lessons == lessons(REVIEW.cases)
    assert REVIEW.sla() == tuple(sla_status(c, REVIEW.at) for c in REVIEW.cases if not c.closed)
    figures = REVIEW.headline()
    assert figures["customers"] == len(REVIEW.classes)
    assert figures["at_risk"] == len(REVIEW.churn.at_risk)
    assert figures["open_cases"] == sum(1 for c in REVIEW.cases if not c.closed)
    html = REVIEW._repr_html_()
    assert html.startswith('<div class="retention retention-review">')
    assert "Store review as of 2025-12-01" in html


def test_review_without_complaints_or_survey() -> None:
    """A store with purchases alone has a review: no cases, no lessons, no satisfaction."""
    review = Store(purchases=ALL, country="CN").review(days=1)
    assert review.as_of == max(p.date for p in ALL) + dt.timedelta(days=1)
    assert (review.cases, review.lessons, review.satisfaction) == ((), None, None)
    assert review.headline()["nps"] is None
    assert "\u2014" in review.to_html()


def test_from_sample_refuses_anything_else() -> None:
    """Store.from_sample takes a SampleStore."""
    with pytest.raises(InvalidTypeError, match="sample: expected a SampleStore"):
        Store.from_sample(ALL)


# -- properties -------------------------------------------------------------------------


@given(purchase_lists(min_size=1, max_size=40, customers=8), st.randoms(use_true_random=False))
def test_parts_do_not_depend_on_purchase_order(purchases: list[Purchase], rng: object) -> None:
    """The same purchases in any order give an equal store and equal classes and warnings."""
    shuffled = list(purchases)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    one, two = Store(purchases=purchases, country="CN"), Store(purchases=shuffled, country="CN")
    assert one == two
    as_of = one.default_as_of()
    assert one.churn(as_of) == two.churn(as_of)
    if any(p.amount for p in purchases):
        assert one.classes() == two.classes()
        assert one.attitudes() == two.attitudes()


@given(purchase_lists(min_size=1, max_size=40, customers=8), st.integers(0, 800))
def test_churn_equals_the_object_path(purchases: list[Purchase], back: int) -> None:
    """CHURN-NOSURPRISE: on random stores the store's warning equals early_warning's."""
    store = Store(purchases=purchases, country="CN")
    as_of = store.default_as_of() - dt.timedelta(days=back)
    upto = [p for p in purchases if p.date <= as_of]
    classes = classify_abc(spend_totals(upto)) if any(p.amount for p in upto) else None
    assert store.churn(as_of) == early_warning(upto, as_of=as_of, classes=classes)


def test_a_plan_past_the_last_day_is_refused() -> None:
    """CAD-GREET: a plan must end by 9999-12-31; the days are named."""
    with pytest.raises(InvalidInputError, match="days: expected a plan that ends by 9999-12-31"):
        STORE.plan(dt.date(9999, 12, 30), days=5)


@pytest.mark.parametrize(
    ("call", "match"),
    [
        (lambda: STORE.tasks([1]), "cases: expected Case values"),
        (
            lambda: STORE.profiles({"a": 1}),
            "classes: expected a AbcResult|classes: expected an AbcResult",
        ),
        (lambda: STORE.churn(SAMPLE.as_of, cases=[1]), "cases: expected Case values"),
        (lambda: STORE.satisfaction(classes={}), "classes: expected"),
        (lambda: STORE.plan(SAMPLE.as_of, calendar="CN"), "calendar: expected"),
        (lambda: STORE.cases(REVIEW.at, calendar="CN"), "calendar: expected"),
        (lambda: STORE.calendar(["2025"]), "years: expected"),
        (lambda: STORE.purchases.purchases(customers=True), "customers: expected"),
        (lambda: Store(purchases=ALL, declared={"a": "fond"}), "declared: expected"),
    ],
)
def test_store_methods_name_what_they_refuse(call: Callable[[], object], match: str) -> None:
    """Each method checks its arguments and names the one it refuses."""
    with pytest.raises((InvalidInputError, InvalidTypeError), match=match):
        call()


def test_review_html_is_valid_html5_with_the_sla_clocks() -> None:
    """CMP-SLA: the review's HTML parses as HTML5 and charts each open case's two clocks."""
    import html5lib  # noqa: PLC0415 - the test extra's parser

    from retention.complaints._sla import in_hours  # noqa: PLC0415 - the one rounding

    page = (
        f"<!DOCTYPE html><html><head><title>r</title></head><body>{REVIEW.to_html()}</body></html>"
    )
    tree = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False).parse(page)
    svg = "{http://www.w3.org/2000/svg}"
    charts = {e.get("data-chart"): e for e in tree.iter(f"{svg}svg")}
    assert {"abc-pareto", "sla-clocks"} <= set(charts)
    drawn = [
        (g.get("data-label"), Decimal(g.get("data-used")), g.get("data-breached"))
        for g in charts["sla-clocks"].iter(f"{svg}g")
        if g.get("class") == "clock"
    ]
    expected = [
        (f"{s.complaint_id} {c.clock.value.replace('_', ' ')}", in_hours(c.used))
        for s in REVIEW.sla()
        for c in s.clocks
    ]
    assert [(label, used) for label, used, _ in drawn] == expected
    assert [b == "true" for *_, b in drawn] == [
        c.state.value == "breached" for s in REVIEW.sla() for c in s.clocks
    ]
