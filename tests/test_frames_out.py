"""to_frame(): typed pandas, polars and pyarrow frames of every result with to_records()."""

from __future__ import annotations

import datetime as dt
import functools
import math
import re
import subprocess
import sys
import zoneinfo
from collections import Counter
from collections.abc import Callable, Mapping
from decimal import Decimal, localcontext
from typing import Any

import pandas as pd
import polars as pl
import pyarrow as pa
import pytest

from retention import InvalidInputError, MissingDependencyError, _frames_out, _tables
from retention.cadence import CadencePolicy, ContactPlan, build_profiles, plan_contacts
from retention.cadence._summary import _SCHEMA as SUMMARY_SCHEMA
from retention.calendar import StoreCalendar
from retention.churn import (
    ChurnPolicy,
    ChurnReason,
    ChurnReport,
    ChurnRisk,
    LikelyReason,
    Overdue,
    Signal,
    early_warning,
)
from retention.complaints import Case, lessons
from retention.customers import build_histories, spend_totals
from retention.hours import StoreHours
from retention.mappings import FrozenMap
from retention.rules import Reason
from retention.sample import sample_store
from retention.satisfaction import satisfaction_report
from retention.segmentation import AbcClass, AttitudeResult, classify_abc, classify_attitudes

BACKENDS = ("pandas", "polars", "pyarrow")
DAY = dt.date(2025, 12, 1)

# What each declared type becomes, written out here (not read from the module under test).
PANDAS = {
    "string": "string",
    "int": "int64",
    "int_or_null": "Int64",
    "bool": "bool",
    "bool_or_null": "boolean",
    "float": "float64",
    "measure": "float64",
    "money": "float64",
    "date": "datetime64[s]",
    "datetime": "datetime64[us, UTC]",
}
POLARS = {
    "string": "String",
    "int": "Int64",
    "int_or_null": "Int64",
    "bool": "Boolean",
    "bool_or_null": "Boolean",
    "float": "Float64",
    "measure": "Float64",
    "money": "Float64",
    "date": "Date",
    "datetime": "Datetime(time_unit='us', time_zone='UTC')",
}
PYARROW = {
    "string": "string",
    "int": "int64",
    "int_or_null": "int64",
    "bool": "bool",
    "bool_or_null": "bool",
    "float": "double",
    "measure": "double",
    "money": "double",
    "date": "date32[day]",
    "datetime": "timestamp[us, tz=UTC]",
}
EXPECTED = {"pandas": PANDAS, "polars": POLARS, "pyarrow": PYARROW}
DECIMAL = {
    "pandas": "decimal128(38, {scale})[pyarrow]",
    "polars": "Decimal(precision=38, scale={scale})",
    "pyarrow": "decimal128(38, {scale})",
}


# --- the sample store's results -------------------------------------------------------


@functools.cache
def results() -> dict[str, Any]:
    """Every result with to_records(), from the sample store (built once)."""
    store = sample_store()
    abc = classify_abc(spend_totals(store.purchases))
    calendar = StoreCalendar.build(store.country, years=[2025, 2026], store_days=store.store_days)
    attitudes = classify_attitudes(build_histories(store.purchases), declared=store.declared)
    profiles = build_profiles(
        abc,
        attitudes=attitudes,
        club_members=store.club_members,
        owners=store.owners,
        opt_outs=store.opt_outs,
    )
    plan = plan_contacts(
        profiles,
        purchases=store.purchases + store.todays_sales,
        start=store.as_of,
        end=store.as_of + dt.timedelta(days=13),
        calendar=calendar,
        staff=store.staff,
        events=store.events,
        service_tasks=store.service_tasks,
    )
    assert store.survey is not None
    report = satisfaction_report(
        store.survey,
        population=Counter(c.value for c in abc.values()),
        competition=store.competition,
    )
    churn = early_warning(
        store.purchases + store.todays_sales, as_of=store.as_of, survey=store.survey, classes=abc
    )
    hours = StoreHours(calendar, timezone=store.timezone)
    events: dict[str, list[Any]] = {}
    for event in store.complaint_events:
        events.setdefault(event.complaint_id, []).append(event)
    cases = [
        Case.open(c, hours=hours, events=events.get(c.complaint_id, [])) for c in store.complaints
    ]
    return {
        "abc": abc,
        "attitude": next(iter(attitudes.values())),
        "attitudes": attitudes,
        "plan": plan,
        "summary": plan.summary(),
        "lessons": lessons(cases),
        "report": report,
        "churn": churn,
    }


#: (result, table) -> the declared table (None: PlanSummary's own schema).
TABLES: dict[tuple[str, str | None], _tables.Table | None] = {
    ("abc", "customers"): _tables.ABC,
    ("abc", "summary"): _tables.ABC_SUMMARY,
    ("attitude", None): _tables.ATTITUDE,
    ("attitudes", None): _tables.ATTITUDES,
    ("plan", "decisions"): _tables.PLAN,
    ("plan", "staff_load"): _tables.STAFF_LOAD,
    ("summary", None): None,
    ("lessons", "causes"): _tables.LESSON_CAUSES,
    ("lessons", "products"): _tables.LESSON_PRODUCTS,
    ("lessons", "staff"): _tables.LESSON_STAFF,
    ("lessons", "figures"): _tables.LESSON_FIGURES,
    ("lessons", "repeat_customers"): _tables.LESSON_REPEATS,
    ("report", "items"): _tables.SURVEY_ITEMS,
    ("report", "dimensions"): _tables.SURVEY_DIMENSIONS,
    ("report", "respondents"): _tables.SURVEY_RESPONDENTS,
    ("churn", "at_risk"): _tables.CHURN,
    ("churn", "checks"): _tables.CHURN_CHECKS,
}
CASES = list(TABLES)


def case_id(case: tuple[str, str | None]) -> str:
    """``abc-customers``, ``summary``."""
    return "-".join(part for part in case if part)


def schema_of(case: tuple[str, str | None]) -> list[tuple[str, str]]:
    """The declared column names and types of a case."""
    table = TABLES[case]
    if table is None:
        return list(SUMMARY_SCHEMA)
    return [(column.key, column.dtype) for column in table.columns]


def records_of(result: Any, case: tuple[str, str | None], **kwargs: Any) -> list[dict[str, Any]]:
    """``to_records()`` (or ``records_of``) of a case."""
    name, table = case
    if name == "attitudes":
        return AttitudeResult.records_of(result, **kwargs)
    return (
        result.to_records(**kwargs) if table is None else result.to_records(table=table, **kwargs)
    )


def frame_of(result: Any, case: tuple[str, str | None], backend: str, **kwargs: Any) -> Any:
    """``to_frame()`` (or ``frame_of``) of a case."""
    name, table = case
    if name == "attitudes":
        return AttitudeResult.frame_of(result, backend, **kwargs)  # type: ignore[arg-type]
    if table is None:
        return result.to_frame(backend, **kwargs)
    return result.to_frame(backend, table=table, **kwargs)


def columns(frame: Any, backend: str) -> list[str]:
    """The column names of a frame, in order."""
    return list(frame.column_names) if backend == "pyarrow" else list(frame.columns)


def dtypes(frame: Any, backend: str) -> dict[str, str]:
    """Each column's type, as its backend writes it."""
    if backend == "pandas":
        return {name: str(dtype) for name, dtype in frame.dtypes.items()}
    if backend == "polars":
        return {name: str(dtype) for name, dtype in frame.schema.items()}
    return {field.name: str(field.type) for field in frame.schema}


def _plain(value: object) -> object:
    """A frame's value as Python: nulls as None, pandas timestamps as datetimes."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    return value


def values(frame: Any, backend: str, name: str) -> list[object]:
    """One column's values as Python."""
    if backend == "pandas":
        raw = frame[name].tolist()
    elif backend == "polars":
        raw = frame[name].to_list()
    else:
        raw = frame.column(name).to_pylist()
    return [_plain(value) for value in raw]


def expected(value: object, dtype: str, money: str) -> object:
    """What a record's value becomes in a frame."""
    if value is None:
        return None
    if dtype == "money":
        assert isinstance(value, Decimal)
        return value if money == "decimal" else pytest.approx(float(value), rel=1e-15)
    if dtype == "measure":
        assert isinstance(value, Decimal)
        return float(round(value, 6))
    if dtype == "float":
        assert isinstance(value, float | Decimal)
        return float(value)
    return value


def check_values(
    frame: Any, backend: str, rows: list[dict[str, Any]], schema: list[tuple[str, str]], money: str
) -> None:
    """Every column holds the records' values, converted as its type says."""
    for name, dtype in schema:
        got = values(frame, backend, name)
        if dtype == "date" and backend == "pandas":
            got = [None if day is None else day.date() for day in got]  # type: ignore[attr-defined]
        want = [expected(row[name], dtype, money) for row in rows]
        assert got == want, name


# --- every result, every backend ------------------------------------------------------


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_columns_and_types_are_the_declared_ones(
    case: tuple[str, str | None], backend: str
) -> None:
    """The frame has to_records()'s columns in order, typed as the table declares them."""
    result = results()[case[0]]
    frame = frame_of(result, case, backend)
    schema = schema_of(case)
    assert columns(frame, backend) == [name for name, _ in schema]
    assert list(records_of(result, case)[0]) == [name for name, _ in schema]
    assert dtypes(frame, backend) == {name: EXPECTED[backend][dtype] for name, dtype in schema}


@pytest.mark.parametrize("money", ["float", "decimal"])
@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_values_are_the_records(case: tuple[str, str | None], backend: str, money: str) -> None:
    """Same rows, same order: money exact as decimals, measures to 6 places, dates as dates."""
    result = results()[case[0]]
    rows = records_of(result, case)
    frame = frame_of(result, case, backend, money=money)
    assert len(frame) == len(rows) if backend != "pyarrow" else frame.num_rows == len(rows)
    check_values(frame, backend, rows, schema_of(case), money)


@pytest.mark.parametrize("backend", BACKENDS)
def test_decimal_money_keeps_every_cent(backend: str) -> None:
    """money="decimal" gives a 38-digit decimal with the amounts' places, sums exact."""
    abc = results()["abc"]
    frame = abc.to_frame(backend, money="decimal")
    assert dtypes(frame, backend)["spend"] == DECIMAL[backend].format(scale=2)
    spend = values(frame, backend, "spend")
    assert sum(spend, Decimal(0)) == abc.cutoffs.total  # type: ignore[arg-type]
    assert dtypes(frame, backend)["share_of_spend"] == EXPECTED[backend]["measure"]


@pytest.mark.parametrize("backend", BACKENDS)
def test_money_scale_is_the_longest_amounts_and_at_least_cents(backend: str) -> None:
    """Whole amounts keep two places; an amount with three makes the column three."""
    whole = classify_abc({"a": 800, "b": 150})
    assert dtypes(whole.to_frame(backend, money="decimal"), backend)["spend"] == DECIMAL[
        backend
    ].format(scale=2)
    fine = classify_abc({"a": Decimal(800), "b": Decimal("0.125")})
    frame = fine.to_frame(backend, money="decimal")
    assert dtypes(frame, backend)["spend"] == DECIMAL[backend].format(scale=3)
    assert values(frame, backend, "spend") == [Decimal(800), Decimal("0.125")]


def test_money_too_long_for_38_digits_is_refused_naming_the_column() -> None:
    """An amount with more digits than decimal128 holds asks for money="float"."""
    abc = classify_abc({"a": Decimal("1e40"), "b": 1})
    with pytest.raises(InvalidInputError, match=r"^money: expected amounts that fit 38 digits"):
        abc.to_frame("pyarrow", money="decimal")
    assert abc.to_frame("pyarrow").column("spend").to_pylist() == [1e40, 1.0]


def test_labels_name_the_columns_as_to_records_does() -> None:
    """labels="zh_CN" gives the Chinese column labels, the types unchanged."""
    report = results()["report"]
    frame = report.to_frame("polars", labels="zh_CN")
    assert frame.columns == list(report.to_records(labels="zh_CN")[0])
    assert str(frame.schema["实际感受"]) == "Float64"
    assert str(frame.schema["回答数"]) == "Int64"


# --- empty results and late values ----------------------------------------------------


def empty_results() -> list[tuple[Any, tuple[str, str | None]]]:
    """Results with no rows in a table."""
    churn = ChurnReport(DAY, checks=FrozenMap({}), at_risk=(), policy=ChurnPolicy())
    plan = ContactPlan(start=DAY, end=DAY, policy=CadencePolicy(), decisions=(), staff_load=())
    none = lessons([])
    return [
        (churn, ("churn", "at_risk")),
        (churn, ("churn", "checks")),
        (plan, ("plan", "decisions")),
        (plan, ("plan", "staff_load")),
        (none, ("lessons", "causes")),
        (none, ("lessons", "repeat_customers")),
        ({}, ("attitudes", None)),
    ]


@pytest.mark.parametrize("money", ["float", "decimal"])
@pytest.mark.parametrize("backend", BACKENDS)
def test_an_empty_result_keeps_typed_columns(backend: str, money: str) -> None:
    """No rows, yet every column is there with its declared type."""
    for result, case in empty_results():
        assert records_of(result, case) == []
        frame = frame_of(result, case, backend, money=money)
        schema = schema_of(case)
        assert columns(frame, backend) == [name for name, _ in schema], case
        assert dtypes(frame, backend) == {
            name: EXPECTED[backend][dtype] for name, dtype in schema
        }, case
        assert (frame.num_rows if backend == "pyarrow" else len(frame)) == 0


def late_churn(quiet: int = 150) -> ChurnReport:
    """``quiet`` customers at risk with no class, reason or P(alive), then one with all."""

    def risk(customer_id: str, *, known: bool) -> ChurnRisk:
        check = Overdue(
            customer_id,
            signal=Signal.RHYTHM,
            overdue=True,
            last_purchase=dt.date(2025, 11, 1),
            days_since=30,
            purchase_days=5,
            median_gap=Decimal(10) if known else None,
            limit=Decimal("20.5"),
            reasons=(Reason("CHURN-NOSURPRISE", detail="30 days since, over 20.5"),),
        )
        why = Reason("CHURN-REASONS", detail="complaint k1 still open")
        likely = LikelyReason(
            ChurnReason.BAD_SERVICE,
            weight=3,
            evidence=("complaint k1 still open",),
            cure="apologise and put it right",
            reasons=(why,),
        )
        return ChurnRisk(
            customer_id,
            abc=AbcClass.A if known else None,
            overdue=check,
            p_alive=0.25 if known else None,
            summary=None,
            likely=(likely,) if known else (),
            reasons=check.reasons,
        )

    at_risk = tuple(risk(f"c{i:04}", known=False) for i in range(quiet))
    at_risk += (risk("last", known=True),)
    checks = FrozenMap({r.customer_id: r.overdue for r in at_risk})
    return ChurnReport(DAY, checks=checks, at_risk=at_risk, policy=ChurnPolicy())


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_column_none_in_its_first_150_rows_is_still_typed(backend: str) -> None:
    """Class, reason and cure are strings, P(alive) and the gap floats, the last row read."""
    churn = late_churn()
    frame = churn.to_frame(backend)
    types = dtypes(frame, backend)
    for name in ("abc_class", "likely_reason", "cure"):
        assert types[name] == EXPECTED[backend]["string"]
        assert values(frame, backend, name)[:150] == [None] * 150
    assert types["p_alive"] == types["median_gap"] == EXPECTED[backend]["float"]
    assert values(frame, backend, "abc_class")[-1] == "A"
    assert values(frame, backend, "likely_reason")[-1] == "bad_service"
    assert values(frame, backend, "cure")[-1] == "apologise and put it right"
    assert values(frame, backend, "p_alive")[-1] == 0.25
    assert values(frame, backend, "median_gap")[-1] == 10.0
    check_values(frame, backend, churn.to_records(), schema_of(("churn", "at_risk")), "float")


# --- polars.DataFrame(records) --------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=case_id)
def test_polars_reads_the_records_of_every_result_reading_every_row(
    case: tuple[str, str | None],
) -> None:
    """polars.DataFrame(records, infer_schema_length=None) holds the records' own values."""
    rows = records_of(results()[case[0]], case)
    frame = pl.DataFrame(rows, infer_schema_length=None)
    assert frame.columns == list(rows[0])
    assert frame.rows(named=True) == rows


def test_polars_reads_a_column_none_in_its_first_150_rows_reading_every_row() -> None:
    """With every row read, the late string and the late Decimal come through unchanged."""
    rows = late_churn().to_records()
    frame = pl.DataFrame(rows, infer_schema_length=None)
    assert str(frame.schema["cure"]) == "String"
    assert frame.rows(named=True) == rows


def test_polars_guesses_from_the_first_100_rows_by_default() -> None:
    """Why to_frame() exists: polars types a list of dicts from its first 100 rows.

    A list (a subclass too) always takes that path: polars never asks the list for a
    schema. A column None in those rows and a string later is refused; a Decimal with
    more places than any of those rows is rounded to their places. If polars ever reads
    such records whole, this test says so and the docs can drop the advice.
    """
    rows = late_churn().to_records()
    with pytest.raises(pl.exceptions.ComputeError, match="could not append value"):
        pl.DataFrame(rows)
    money = [{"m": Decimal("1.5")}] * 100 + [{"m": Decimal("0.19")}]
    assert pl.DataFrame(money)["m"].to_list()[-1] == Decimal("0.2")
    assert pl.DataFrame(money, infer_schema_length=None)["m"].to_list()[-1] == Decimal("0.19")


# --- arguments and missing libraries --------------------------------------------------


def to_frame_of(name: str) -> Callable[..., object]:
    """The to_frame() (or frame_of()) of one sample result."""
    if name == "attitudes":
        return functools.partial(AttitudeResult.frame_of, results()["attitudes"])
    method: Callable[..., object] = results()[name].to_frame
    return method


@pytest.mark.parametrize(
    "name", ["abc", "attitude", "attitudes", "plan", "summary", "lessons", "report", "churn"]
)
def test_a_bad_backend_or_money_is_refused_naming_the_argument(name: str) -> None:
    """backend= and money= must be one of their names; the message says which arrived."""
    call = to_frame_of(name)
    with pytest.raises(
        InvalidInputError,
        match=r"^backend: expected one of 'pandas', 'polars', 'pyarrow', got 'spark' \(str\)$",
    ):
        call(backend="spark")
    with pytest.raises(InvalidInputError, match=r"^backend: .*got None \(NoneType\)$"):
        call(backend=None)
    with pytest.raises(
        InvalidInputError, match=r"^money: expected one of 'float', 'decimal', got 'cents' \(str\)$"
    ):
        call(money="cents")
    with pytest.raises(InvalidInputError, match=r"^money: .*got 2 \(int\)$"):
        call(money=2)


def test_a_bad_table_or_language_is_refused_as_in_to_records() -> None:
    """table= and labels= are checked like to_records() checks them."""
    abc = results()["abc"]
    with pytest.raises(InvalidInputError, match=r"^table: expected one of 'customers', 'summary'"):
        abc.to_frame(table="classes")
    with pytest.raises(InvalidInputError, match=r"^labels: expected one of en, zh_CN, zh_TW"):
        abc.to_frame(labels="fr")


@pytest.mark.parametrize("backend", BACKENDS)
def test_a_missing_backend_raises_missing_dependency_error(
    backend: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A backend that cannot be imported is a MissingDependencyError (an ImportError)."""
    abc = results()["abc"]
    monkeypatch.setitem(sys.modules, backend, None)
    with pytest.raises(
        MissingDependencyError,
        match=rf"^to_frame\(backend='{backend}'\) needs {backend}: pip install {backend}$",
    ):
        abc.to_frame(backend)
    with pytest.raises(ImportError):
        results()["summary"].to_frame(backend)


def test_pandas_without_pyarrow_keeps_decimal_money_as_decimal_objects(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No pyarrow: money="decimal" gives pandas an object column of the Decimals themselves."""
    abc = results()["abc"]
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    frame = abc.to_frame("pandas", money="decimal")
    assert frame["spend"].dtype == object
    assert frame["spend"].tolist() == [row["spend"] for row in abc.to_records()]


def test_importing_the_library_loads_no_frame_library() -> None:
    """pandas, polars and pyarrow are imported by to_frame() only, never by an import."""
    code = (
        "import sys, retention._frames_out, retention.segmentation, retention.cadence, "
        "retention.churn, retention.complaints, retention.satisfaction\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('pandas', 'polars', 'pyarrow')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


# --- the machinery --------------------------------------------------------------------

ZONE = zoneinfo.ZoneInfo("Asia/Shanghai")
EVERY: list[tuple[str, _tables.Dtype, object]] = [
    ("text", "string", "late"),
    ("count", "int", 7),
    ("maybe_count", "int_or_null", 3),
    ("flag", "bool", True),
    ("maybe_flag", "bool_or_null", False),
    ("weight", "float", Decimal("0.0000033333333333333333333333")),
    ("share", "measure", Decimal("0.3333333333333333333333333333")),
    ("amount", "money", Decimal("12.345")),
    ("day", "date", dt.date(9999, 12, 31)),
    ("at", "datetime", dt.datetime(2025, 3, 7, 20, 0, tzinfo=ZONE)),
]
NULLABLE = {
    "string",
    "int_or_null",
    "bool_or_null",
    "float",
    "measure",
    "money",
    "date",
    "datetime",
}


def every_type_rows() -> list[dict[str, object]]:
    """150 rows of nulls (or zeros where a column may not be null), then one of values."""
    first = {
        name: (None if dtype in NULLABLE else {"int": 0, "bool": False}[dtype])
        for name, dtype, _ in EVERY
    }
    return [dict(first) for _ in range(150)] + [{name: value for name, _, value in EVERY}]


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_type_is_declared_not_guessed(backend: str) -> None:
    """Each type from the schema alone, the late values converted as documented."""
    schema = [(name, dtype) for name, dtype, _ in EVERY]
    frame = _frames_out.build(every_type_rows(), schema, backend=backend, money="float")
    assert dtypes(frame, backend) == {name: EXPECTED[backend][dtype] for name, dtype in schema}
    last = {name: values(frame, backend, name)[-1] for name, _ in schema}
    assert last["text"] == "late"
    assert last["count"] == 7
    assert last["maybe_count"] == 3
    assert last["flag"] is True
    assert last["maybe_flag"] is False
    assert last["weight"] == float(Decimal("0.0000033333333333333333333333"))  # not rounded
    assert last["share"] == 0.333333
    assert last["amount"] == 12.345
    day = last["day"]
    assert (day.date() if isinstance(day, dt.datetime) else day) == dt.date(9999, 12, 31)
    at = last["at"]
    assert isinstance(at, dt.datetime)
    assert at == dt.datetime(2025, 3, 7, 12, 0, tzinfo=dt.UTC)
    assert at.utcoffset() == dt.timedelta(0)
    assert values(frame, backend, "maybe_count")[0] is None
    assert values(frame, backend, "at")[0] is None


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_empty_schema_build_has_typed_columns(backend: str) -> None:
    """No rows at all: every declared type is there, money a decimal with two places."""
    schema = [(name, dtype) for name, dtype, _ in EVERY]
    frame = _frames_out.build([], schema, backend=backend, money="decimal")
    types = dtypes(frame, backend)
    assert types.pop("amount") == DECIMAL[backend].format(scale=2)
    assert types == {name: EXPECTED[backend][dtype] for name, dtype in schema if name != "amount"}


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        (Decimal("0.3333333333333333333333333333"), 0.333333),
        (Decimal("0.6666666666666666666666666667"), 0.666667),
        (Decimal("0.0000005"), 0.0),  # half to even
        (Decimal("0.0000015"), 0.000002),
        (Decimal("62.5"), 62.5),
        (Decimal(1), 1.0),
        (Decimal("-28.54166666666666666666666667"), -28.541667),
        (Decimal("1E+3"), 1000.0),
        (None, None),
    ],
)
def test_measures_are_rounded_half_even_to_six_places(
    value: Decimal | None, rounded: float | None
) -> None:
    """A 28-digit share becomes 0.333333, whatever the caller's decimal context."""
    assert _frames_out.PLACES == 6
    with localcontext() as context:
        context.prec = 3
        frame = _frames_out.build(
            [{"share": value}], [("share", "measure")], backend="pyarrow", money="float"
        )
    assert frame.column("share").to_pylist() == [rounded]


@pytest.mark.parametrize(
    ("dtype", "value", "backend", "message"),
    [
        ("datetime", dt.datetime(2025, 3, 7), "polars", "an aware datetime, got datetime"),  # noqa: DTZ001
        ("datetime", DAY, "pyarrow", "an aware datetime, got datetime.date"),
        ("float", "0.5", "polars", "a number, got '0.5' (str)"),
        ("measure", True, "pyarrow", "a number, got True (bool)"),
        ("money", "12.50", "pandas", "a number, got '12.50' (str)"),
        ("date", "2025-12-01", "pandas", "a date, got '2025-12-01' (str)"),
    ],
)
def test_a_value_its_type_cannot_hold_is_refused_naming_the_column(
    dtype: _tables.Dtype, value: object, backend: str, message: str
) -> None:
    """A naive datetime names no instant; a text is not a number or a date."""
    with pytest.raises(InvalidInputError, match="^" + re.escape(f"cell: expected {message}")):
        _frames_out.build([{"cell": value}], [("cell", dtype)], backend=backend, money="float")


@pytest.mark.parametrize("backend", BACKENDS)
def test_decimal_money_may_be_null(backend: str) -> None:
    """A missing amount is a null in a decimal money column."""
    rows = [{"amount": None}, {"amount": Decimal("1.5")}]
    frame = _frames_out.build(rows, [("amount", "money")], backend=backend, money="decimal")
    assert values(frame, backend, "amount") == [None, Decimal("1.5")]


def test_records_stay_plain_lists_of_dicts() -> None:
    """to_records() is unchanged: a list of plain dicts pandas reads, with Decimal money."""
    rows = results()["abc"].to_records()
    assert type(rows) is list
    assert all(type(row) is dict for row in rows)
    assert isinstance(rows[0]["spend"], Decimal)
    assert pd.DataFrame(rows)["spend"].dtype == object
    assert isinstance(pa.Table.from_pylist(rows), pa.Table)


def test_mapping_of_results_is_checked_by_frame_of() -> None:
    """frame_of() refuses what records_of() refuses."""
    bad: Mapping[str, object] = {"c1": "loyal"}
    with pytest.raises(TypeError, match=r"^results\['c1'\]: expected an AttitudeResult"):
        AttitudeResult.frame_of(bad, "polars")  # type: ignore[arg-type]
