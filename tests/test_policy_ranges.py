"""Every policy number has a documented range, checked when the policy is built."""

from __future__ import annotations

import datetime as dt
import re
import typing
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention._validate import RANGE
from retention.cadence import CadencePolicy, CustomerProfile, plan_contacts
from retention.calendar import StoreCalendar
from retention.churn import ChurnPolicy
from retention.complaints import ComplaintPolicy, SlaPolicy, SlaTarget
from retention.customers import Purchase
from retention.exceptions import InvalidPolicyError
from retention.satisfaction import LoyaltyCurve, SatisfactionPolicy
from retention.segmentation import AbcPolicy, AttitudePolicy, EarlyAdopterPolicy

POLICIES: tuple[type, ...] = (
    AbcPolicy,
    AttitudePolicy,
    EarlyAdopterPolicy,
    CadencePolicy,
    ComplaintPolicy,
    SlaPolicy,
    SlaTarget,
    SatisfactionPolicy,
    LoyaltyCurve,
    ChurnPolicy,
)
NUMBER_TYPES = (int, Decimal, Decimal | None, dt.timedelta)


def _numbers(cls: type) -> list[attrs.Attribute[Any]]:
    """The fields of ``cls`` that hold a number (by their resolved type hints)."""
    hints = typing.get_type_hints(cls)
    return [field for field in attrs.fields(cls) if hints[field.name] in NUMBER_TYPES]


NUMBERS = [(cls, field) for cls in POLICIES for field in _numbers(cls)]
INTS = [(cls, field) for cls, field in NUMBERS if typing.get_type_hints(cls)[field.name] is int]
DOCS = Path(__file__).parent.parent / "docs" / "config.md"


def _build(cls: type, **values: Any) -> Any:
    """Build ``cls`` with ``values``; an SlaTarget needs both of its durations."""
    if cls is SlaTarget:
        first = values.get("first_response", dt.timedelta(hours=1))
        resolution = values.get("resolution", max(first, dt.timedelta(hours=2)))
        return SlaTarget(first, resolution=resolution)
    return cls(**values)


def _ids(pairs: list[tuple[type, attrs.Attribute[Any]]]) -> list[str]:
    return [f"{cls.__name__}.{field.name}" for cls, field in pairs]


def test_every_policy_number_is_found() -> None:
    """The table of numbers covers every policy (a new policy class joins POLICIES)."""
    assert {cls for cls, _ in NUMBERS} == set(POLICIES)
    assert len(NUMBERS) >= 45


@pytest.mark.parametrize(("cls", "field"), NUMBERS, ids=_ids(NUMBERS))
def test_every_policy_number_has_a_range_holding_its_default(
    cls: type, field: attrs.Attribute[Any]
) -> None:
    """Each number carries (low, high) in its metadata, and its default lies in it."""
    low, high = field.metadata[RANGE]
    assert low < high
    default = getattr(_build(cls), field.name)
    if default is not None:
        assert low <= default <= high


@pytest.mark.parametrize(("cls", "field"), NUMBERS, ids=_ids(NUMBERS))
def test_a_number_beyond_its_range_is_refused_naming_the_field(
    cls: type, field: attrs.Attribute[Any]
) -> None:
    """Past either end (10**9 days is a mistake, not a plan): InvalidPolicyError."""
    low, high = field.metadata[RANGE]
    step = dt.timedelta(microseconds=1) if isinstance(high, dt.timedelta) else 1
    for bad in (high + step, high + (high - low) * 10**6, low - step):
        with pytest.raises(InvalidPolicyError, match=rf"^{field.name}: expected "):
            _build(cls, **{field.name: bad})


@pytest.mark.parametrize(("cls", "field"), INTS, ids=_ids(INTS))
def test_both_ends_of_an_int_range_are_accepted(cls: type, field: attrs.Attribute[Any]) -> None:
    """The range is inclusive: low and high themselves build a policy (alone)."""
    low, high = field.metadata[RANGE]
    for good in (low, high):
        try:
            policy = _build(cls, **{field.name: good})
        except InvalidPolicyError as error:
            message = str(error)
        else:
            message = None
            assert getattr(policy, field.name) == good
        # Only a cross-field rule may refuse it (greet_from > greet_to, ...).
        assert message is None or not message.startswith(f"{field.name}: expected an int")


def test_the_configuration_page_lists_every_range() -> None:
    """docs/config.md has one row per policy number with its range, as the code has it."""
    text = DOCS.read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+\.\w+)` \| [^|]+ \| ([^|]+) \|", text, re.MULTILINE))
    for cls, field in NUMBERS:
        low, high = field.metadata[RANGE]
        key = f"{cls.__name__}.{field.name}"
        assert key in rows, key
        assert rows[key].strip() == _range_text(low, high), key


def _range_text(low: object, high: object) -> str:
    def text(value: object) -> str:
        if isinstance(value, dt.timedelta):
            return f"{value.days} days" if value.days else "0"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    return f"{text(low)} to {text(high)}"


def _max_cadence() -> CadencePolicy:
    """Every day count of the cadence policy at the top of its range."""
    highs = {field.name: field.metadata[RANGE][1] for field in _numbers(CadencePolicy)}
    return CadencePolicy(**highs)


@given(
    policy=st.sampled_from(["max", "default"]),
    offset=st.integers(min_value=-800, max_value=376),
)
def test_the_top_of_every_range_still_plans_at_the_last_calendar_year(
    policy: str, offset: int
) -> None:
    """CAD-CAP: every cadence number at its maximum, a plan in year 9998, purchases to 9999."""
    calendar = StoreCalendar.build("CN", years=[9997, 9998], language="en")
    start, end = dt.date(9998, 12, 1), dt.date(9998, 12, 31)
    purchase_day = min(start + dt.timedelta(days=offset), dt.date.max)
    plan = plan_contacts(
        [CustomerProfile("c1", club_member=True, abc="A", attitude="loyal")],
        purchases=[
            Purchase("c1", date=dt.date(9997, 1, 2), amount=Decimal(10)),
            Purchase("c1", date=purchase_day, amount=Decimal(10)),
        ],
        start=start,
        end=end,
        calendar=calendar,
        policy=_max_cadence() if policy == "max" else CadencePolicy(),
    )
    assert all(d.date is None or start <= d.date <= end for d in plan.decisions)
