"""The testing kit a host uses: ``st.from_type`` on the library's types, the pytest plugin.

The host project test makes a project in a temporary directory and runs pytest on it in
a fresh process, so the hypothesis entry point is loaded from the installed metadata,
as in a host's own suite. Subprocesses cost seconds: there are two.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import json
import subprocess
import sys
import textwrap
from decimal import Decimal
from typing import Any

import attrs
import pytest
from hypothesis import find, given, settings
from hypothesis import strategies as st

from retention.cadence import CadencePolicy, CustomerProfile, EventKind, StaffMember, StoreEvent
from retention.calendar import StoreCalendar
from retention.churn import ChurnPolicy
from retention.complaints import Case, Complaint, ComplaintPolicy, SlaPolicy
from retention.customers import CustomerHistory, Purchase
from retention.hours import StoreHours
from retention.sample import SampleStore
from retention.satisfaction import LoyaltyCurve, SatisfactionPolicy, Survey
from retention.segmentation import AbcPolicy, AttitudePolicy, EarlyAdopterPolicy
from retention.testing import _hypothesis
from retention.testing.pytest_plugin import CALENDAR_YEARS, TODAY

#: Every type the hook registers, written out so that a type dropped from the hook fails.
REGISTERED: tuple[type[Any], ...] = (
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
    Case,
    Survey,
    SatisfactionPolicy,
    LoyaltyCurve,
    ChurnPolicy,
)
#: ``find`` settings that give the same minimal example on every run.
REPEATABLE = settings(derandomize=True, database=None, max_examples=10)
HEAVY = ("hypothesis", "pytest", "holidays", "cattrs", "pandas")


def minimal(kind: type[Any]) -> Any:
    """The example ``st.from_type(kind)`` shrinks to."""
    return find(st.from_type(kind), lambda _: True, settings=REPEATABLE)


# --- a host project ---------------------------------------------------------------------

HOST_CONFTEST = """
pytest_plugins = ["retention.testing.pytest_plugin"]
"""

HOST_TESTS = """
from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from retention.cadence import CadencePolicy, CustomerProfile, StaffMember, StoreEvent
from retention.calendar import StoreCalendar
from retention.churn import ChurnPolicy
from retention.complaints import Case, Complaint, ComplaintPolicy, SlaPolicy
from retention.customers import CustomerHistory, Purchase, spend_totals
from retention.hours import StoreHours
from retention.sample import SampleStore
from retention.satisfaction import LoyaltyCurve, SatisfactionPolicy, Survey
from retention.segmentation import AbcPolicy, AttitudePolicy, EarlyAdopterPolicy, classify_abc

FAST = settings(max_examples=10, deadline=None)
TYPES = [
    Purchase, CustomerHistory, AbcPolicy, AttitudePolicy, EarlyAdopterPolicy, CadencePolicy,
    CustomerProfile, StaffMember, StoreEvent, StoreCalendar, StoreHours, Complaint,
    ComplaintPolicy, SlaPolicy, Case, Survey, SatisfactionPolicy, LoyaltyCurve, ChurnPolicy,
]


@FAST
@given(st.lists(st.from_type(Purchase), min_size=1), st.from_type(AbcPolicy))
def test_every_customer_gets_a_class(purchases, policy):
    assume(any(p.amount > 0 for p in purchases))
    result = classify_abc(spend_totals(purchases), policy)
    assert set(result) == {p.customer_id for p in purchases}


@pytest.mark.parametrize("kind", TYPES, ids=lambda kind: kind.__name__)
@FAST
@given(data=st.data())
def test_from_type_gives_valid_values(kind, data):
    value = data.draw(st.from_type(kind))
    assert type(value) is kind
    assert attrs.evolve(value) == value  # the validators accept it again


@FAST
@given(...)
def test_type_hints_are_enough(policy: CadencePolicy, profile: CustomerProfile):
    assert policy.greet_from <= policy.greet_to
    assert profile.customer_id


@FAST
@given(hours=st.from_type(StoreHours))
def test_fixture_with_given(retention_today, hours):
    assert hours.calendar.covers(retention_today)


def test_today_is_the_sample_store_day(retention_today, retention_sample_store):
    assert retention_today == dt.date(2025, 12, 1)
    assert isinstance(retention_sample_store, SampleStore)
    assert retention_sample_store.as_of == retention_today


def test_calendars(retention_cn_calendar, retention_us_calendar):
    assert retention_cn_calendar.country == "CN"
    assert retention_us_calendar.country == "US"
    assert not retention_cn_calendar.is_working_day(dt.date(2025, 10, 1))
    assert not retention_us_calendar.is_working_day(dt.date(2025, 11, 27))
"""

HOST_TEST_COUNT = 1 + 19 + 1 + 1 + 2  # the parametrized test runs once per type


def test_host_project_uses_from_type_and_the_fixtures(pytester: pytest.Pytester) -> None:
    """A host project with only the plugin line passes tests built on from_type and fixtures."""
    pytester.makeconftest(HOST_CONFTEST)
    pytester.makepyfile(test_host=HOST_TESTS)
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider", "-W", "error")
    result.assert_outcomes(passed=HOST_TEST_COUNT)


def test_imports_stay_light_until_hypothesis_draws() -> None:
    """Importing retention and retention.testing loads nothing heavy; the hook no strategy.

    ``retention.testing.strategies`` imports hypothesis, which runs the hook while the
    strategies module is half loaded: that must work, and still load no ``holidays``.
    """
    code = textwrap.dedent(
        f"""
        import json, sys
        heavy = lambda: sorted(m for m in sys.modules if m.split(".")[0] in {HEAVY!r})
        import retention, retention.testing, retention.testing._hypothesis
        light = heavy()
        from retention.testing import strategies
        hooked = "retention.cadence" in sys.modules and "holidays" not in sys.modules
        from hypothesis import find, strategies as st
        from retention.customers import Purchase
        found = find(st.from_type(Purchase), lambda p: p.amount > 1)
        print(json.dumps([light, hooked, found.customer_id, str(found.amount)]))
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert json.loads(out) == [[], True, "c000", "1.01"]


def test_the_plugin_is_opt_in() -> None:
    """No pytest11 entry point loads the plugin: a host must name it in pytest_plugins."""
    plugins = importlib.metadata.entry_points(group="pytest11")
    assert not [ep for ep in plugins if ep.value.startswith("retention")]


def test_the_hook_is_declared_in_the_metadata() -> None:
    """The installed package declares the hook under hypothesis' entry point group."""
    hooks = importlib.metadata.entry_points(group="hypothesis")
    assert [ep.value for ep in hooks if ep.value.startswith("retention")] == [
        "retention.testing._hypothesis:_hypothesis_setup_hook"
    ]


# --- st.from_type ------------------------------------------------------------------------


def test_the_hook_registers_every_public_value_type() -> None:
    """The hook registers exactly the types listed in the docs (no more, no fewer)."""
    assert set(_hypothesis._resolvers()) == set(REGISTERED)


@pytest.mark.parametrize("kind", REGISTERED, ids=lambda kind: kind.__name__)
@settings(max_examples=20)
@given(data=st.data())
def test_from_type_gives_valid_instances(kind: type[Any], data: st.DataObject) -> None:
    """Every registered type's from_type draws an instance its own validation accepts."""
    value = data.draw(st.from_type(kind))
    assert type(value) is kind
    assert attrs.evolve(value) == value  # re-runs the validators and the checks after them


def test_purchase_shrinks_to_the_documented_purchase() -> None:
    """from_type(Purchase) shrinks toward c000 on 2020-01-01 paying 0.00, with no labels."""
    assert minimal(Purchase) == Purchase("c000", date=dt.date(2020, 1, 1), amount=Decimal("0.00"))


def test_a_condition_narrows_the_shrunk_purchase() -> None:
    """A condition on the amount shrinks it to the smallest cent that meets it."""
    found = find(st.from_type(Purchase), lambda p: p.amount > 100, settings=REPEATABLE)
    assert found == Purchase("c000", date=dt.date(2020, 1, 1), amount=Decimal("100.01"))


def test_history_shrinks_to_one_purchase() -> None:
    """from_type(CustomerHistory) shrinks toward c000 with a single zero purchase."""
    first = Purchase("c000", date=dt.date(2020, 1, 1), amount=Decimal("0.00"))
    assert minimal(CustomerHistory) == CustomerHistory("c000", purchases=(first,))


@given(st.from_type(CustomerHistory))
def test_history_purchases_are_the_customers(history: CustomerHistory) -> None:
    """Every purchase of a drawn history is the history's customer's, in time order."""
    assert {p.customer_id for p in history.purchases} == {history.customer_id}
    assert list(history.purchases) == sorted(history.purchases, key=Purchase.sort_key)


def test_abc_policy_shrinks_to_a_spend_policy() -> None:
    """from_type(AbcPolicy) shrinks toward a spend policy, as abc_policies documents."""
    assert minimal(AbcPolicy).basis is AbcPolicy.by_spend().basis


def test_store_event_shrinks_to_the_first_day() -> None:
    """from_type(StoreEvent) shrinks toward a new-product event e0 on 1 January 2025."""
    assert minimal(StoreEvent) == StoreEvent(
        "e0", date=dt.date(2025, 1, 1), kind=EventKind.NEW_PRODUCT, name="Spring launch"
    )


def test_store_hours_shrink_to_the_default_cn_store() -> None:
    """from_type(StoreHours) shrinks toward 09:00-21:00 in Shanghai on a 2025-2026 calendar."""
    calendar = StoreCalendar.build("CN", years=[2025, 2026])
    assert minimal(StoreHours) == StoreHours(calendar, timezone="Asia/Shanghai")


@settings(max_examples=30)
@given(st.from_type(StoreHours))
def test_store_hours_come_from_both_countries(hours: StoreHours) -> None:
    """Drawn store hours are Chinese in Shanghai or American in New York."""
    zones = {"CN": "Asia/Shanghai", "US": "America/New_York"}
    assert zones[hours.calendar.country] == hours.timezone


def test_the_hook_can_run_twice() -> None:
    """Calling the hook again changes nothing: the types resolve as before."""
    before = minimal(Purchase)
    _hypothesis._hypothesis_setup_hook()
    _hypothesis._hypothesis_setup_hook()
    assert minimal(Purchase) == before
    assert set(_hypothesis._resolvers()) == set(REGISTERED)


# --- the pytest plugin's fixtures, in this process ------------------------------------------


def test_today_is_the_sample_store_day(
    retention_today: dt.date, retention_sample_store: SampleStore
) -> None:
    """retention_today is 1 December 2025, the sample store's as-of day."""
    assert retention_today == TODAY == dt.date(2025, 12, 1)
    assert retention_sample_store.as_of == retention_today


def test_sample_store_is_the_default_one(retention_sample_store: SampleStore) -> None:
    """retention_sample_store is the built-in store: 240 customers in China."""
    assert len({p.customer_id for p in retention_sample_store.purchases}) == 240
    assert retention_sample_store.country == "CN"


def test_cn_calendar_knows_holidays_and_makeup_days(retention_cn_calendar: StoreCalendar) -> None:
    """The CN calendar has National Day off and the make-up Sunday before it as a workday."""
    assert retention_cn_calendar.country == "CN"
    assert retention_cn_calendar.language == "en"
    assert retention_cn_calendar.years == CALENDAR_YEARS == (2024, 2025, 2026, 2027)
    assert not retention_cn_calendar.is_working_day(dt.date(2025, 10, 1))
    assert retention_cn_calendar.is_working_day(dt.date(2025, 9, 28))  # a Sunday
    assert retention_cn_calendar.store_days == ()


def test_us_calendar_knows_thanksgiving(retention_us_calendar: StoreCalendar) -> None:
    """The US calendar has Thanksgiving off and covers 2024 to 2027, in English."""
    assert retention_us_calendar.country == "US"
    assert retention_us_calendar.language == "en"
    assert retention_us_calendar.years == (2024, 2025, 2026, 2027)
    assert not retention_us_calendar.is_working_day(dt.date(2025, 11, 27))
    assert retention_us_calendar.is_working_day(dt.date(2025, 11, 26))


def test_calendars_cover_the_sample_stores_plan(
    retention_cn_calendar: StoreCalendar, retention_sample_store: SampleStore
) -> None:
    """The CN calendar covers every purchase and every event of the sample store."""
    days = [p.date for p in retention_sample_store.purchases]
    days += [event.date for event in retention_sample_store.events]
    assert all(retention_cn_calendar.covers(day) for day in days)
