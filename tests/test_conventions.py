"""One way to check a field: every value class holds to it (no attrs validators, no lambdas)."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from typing import Any

import attrs
import pytest

import retention

MODULES = [
    importlib.import_module(info.name)
    for info in pkgutil.walk_packages(retention.__path__, "retention.")
    if ".testing" not in info.name and not info.name.endswith(("cli", "__main__"))
]
CLASSES = sorted(
    {
        obj
        for module in MODULES
        for obj in vars(module).values()
        if inspect.isclass(obj) and attrs.has(obj) and obj.__module__.startswith("retention.")
    },
    key=lambda cls: f"{cls.__module__}.{cls.__qualname__}",
)
FIELDS = [(cls, field) for cls in CLASSES for field in attrs.fields(cls) if field.init]


def _id(pair: tuple[type, attrs.Attribute[Any]]) -> str:
    cls, field = pair
    return f"{cls.__qualname__}.{field.name}"


def test_the_value_classes_were_found() -> None:
    """The walk finds the value classes of every domain package."""
    names = {cls.__qualname__ for cls in CLASSES}
    assert {"Purchase", "CadencePolicy", "ContactDecision", "Complaint", "Survey"} <= names
    assert len(CLASSES) > 80


@pytest.mark.parametrize("pair", FIELDS, ids=[_id(pair) for pair in FIELDS])
def test_a_field_is_checked_the_one_way(pair: tuple[type, attrs.Attribute[Any]]) -> None:
    """A validator is a _validate check; a converter a named library function, not a lambda."""
    _cls, field = pair
    if field.validator is not None:
        assert hasattr(field.validator, "__retention_check__"), field.validator
    if field.converter is not None:
        converter = field.converter
        assert inspect.isfunction(converter), converter
        assert converter.__name__ != "<lambda>"
        assert converter.__module__.startswith("retention."), converter.__module__


def test_a_decision_takes_an_enum_or_its_value_and_nothing_else() -> None:
    """ContactDecision(purpose="greet") reads the value; a bad one is an InvalidInputError."""
    import datetime as dt  # noqa: PLC0415 - local to this one test

    from retention.cadence import ContactDecision, Purpose, Status  # noqa: PLC0415
    from retention.exceptions import InvalidInputError, InvalidTypeError  # noqa: PLC0415
    from retention.rules import Reason  # noqa: PLC0415

    reason = Reason("CAD-GREET", detail="greeting")
    decision = ContactDecision(
        "c1/CAD-GREET/2025-03-01",
        customer_id="c1",
        purpose="greet",  # type: ignore[arg-type]
        status="planned",  # type: ignore[arg-type]
        due=dt.date(2025, 3, 2),
        date=dt.date(2025, 3, 2),
        channel="message",  # type: ignore[arg-type]
        reasons=[reason],
    )
    assert (decision.purpose, decision.status) == (Purpose.GREET, Status.PLANNED)
    with pytest.raises(InvalidInputError, match=r"^purpose: expected .*got 'hello' \(str\)"):
        ContactDecision(
            "c1/x",
            customer_id="c1",
            purpose="hello",  # type: ignore[arg-type]
            status=Status.PLANNED,
            due=dt.date(2025, 3, 2),
        )
    with pytest.raises(InvalidTypeError, match=r"^date: expected a datetime.date"):
        ContactDecision(
            "c1/x",
            customer_id="c1",
            purpose=Purpose.GREET,
            status=Status.PLANNED,
            due=dt.date(2025, 3, 2),
            date="2025-03-02",  # type: ignore[arg-type]
        )
