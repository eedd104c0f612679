"""Opt-in pytest fixtures for hosts that test their code on :mod:`retention`.

Load the plugin from the host's top-level ``conftest.py``::

    pytest_plugins = ["retention.testing.pytest_plugin"]

It is not registered through pytest's ``pytest11`` entry point, so installing
``retention`` adds no fixture to a project that did not ask for them. Every fixture's
name starts with ``retention_`` so that it never shadows a host's own fixture, and every
fixture is session-scoped: what they give is immutable, so one value serves every test.

The fixtures:

- ``retention_today``: 1 December 2025, the sample store's "today".
- ``retention_sample_store``: the built-in :class:`~retention.sample.SampleStore`.
- ``retention_cn_calendar``: a :class:`~retention.calendar.StoreCalendar` of China.
- ``retention_us_calendar``: a :class:`~retention.calendar.StoreCalendar` of the United
  States.
"""

from __future__ import annotations

import datetime as dt

import pytest

from retention.calendar import StoreCalendar
from retention.sample import SampleStore, sample_store

__all__ = [
    "CALENDAR_YEARS",
    "TODAY",
    "retention_cn_calendar",
    "retention_sample_store",
    "retention_today",
    "retention_us_calendar",
]

#: The day :func:`retention_today` gives: Monday 1 December 2025, the sample store's
#: :attr:`~retention.sample.SampleStore.as_of` (the day after its last purchase).
TODAY = dt.date(2025, 12, 1)
#: The years the calendar fixtures cover: the sample store's 2025 (its purchases) and
#: 2026 (the 60 days it plans after :data:`TODAY`), with a year of margin either side.
CALENDAR_YEARS = (2024, 2025, 2026, 2027)


@pytest.fixture(scope="session")
def retention_today() -> dt.date:
    """A fixed "today" for tests: 1 December 2025 (:data:`TODAY`).

    It is the sample store's ``as_of``, a Monday inside the calendars' years. Pass it
    wherever the library takes ``as_of``, ``start`` or a day: the library never reads
    the clock, and neither should a test.
    """
    return TODAY


@pytest.fixture(scope="session")
def retention_sample_store() -> SampleStore:
    """The built-in sample store, :func:`retention.sample.sample_store` with its defaults.

    240 customers in China with purchases over 2025, staff, events, complaints and a
    survey; the same on every machine. Built once per test session (it is immutable).
    """
    return sample_store()


@pytest.fixture(scope="session")
def retention_cn_calendar() -> StoreCalendar:
    """China's calendar for 2024 to 2027 (:data:`CALENDAR_YEARS`), names in English.

    Public holidays and make-up workdays only: no store days. Build your own with
    ``store_days=retention_sample_store.store_days`` to add the sample store's.
    """
    return StoreCalendar.build("CN", years=CALENDAR_YEARS, language="en")


@pytest.fixture(scope="session")
def retention_us_calendar() -> StoreCalendar:
    """The United States' calendar for 2024 to 2027 (:data:`CALENDAR_YEARS`), in English.

    Federal public holidays only (no state's), and no store days.
    """
    return StoreCalendar.build("US", years=CALENDAR_YEARS, language="en")
