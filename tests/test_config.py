"""retention.config: every policy to and from plain data (TOML, JSON, a database column).

Expected dicts and messages are written out by hand from the policies' documented
defaults and the forms in the module docstring: Decimal as a string, durations as ISO
8601 ``PT..`` strings, enums as their values, sets as sorted lists, ``None`` as
``"none"``.
"""

from __future__ import annotations

import copy
import datetime as dt
import enum
import json
import pkgutil
import re
import subprocess
import sys
import tomllib
import types
import unicodedata
from decimal import Decimal
from typing import Any, get_args, get_origin

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import retention
from retention import RetentionError
from retention import config as config_module
from retention.cadence import CadencePolicy
from retention.churn import ChurnPolicy
from retention.complaints import ComplaintPolicy, SlaPolicy, SlaTarget
from retention.config import NONE, Policies, from_dict, to_dict
from retention.exceptions import InvalidPolicyError, InvalidTypeError
from retention.mappings import FrozenMap
from retention.satisfaction import LoyaltyCurve, SatisfactionPolicy
from retention.segmentation import (
    AbcClass,
    AbcPolicy,
    Attitude,
    AttitudePolicy,
    EarlyAdopterPolicy,
    Evidence,
)
from retention.testing import strategies as rst

HOUR = dt.timedelta(hours=1)
MINUTE = dt.timedelta(minutes=1)

POLICY_STRATEGIES: dict[type[Any], st.SearchStrategy[Any]] = {
    AbcPolicy: rst.abc_policies(),
    AttitudePolicy: rst.attitude_policies(),
    EarlyAdopterPolicy: rst.early_adopter_policies(),
    CadencePolicy: rst.cadence_policies(),
    ComplaintPolicy: rst.complaint_policies(),
    SlaPolicy: rst.sla_policies(),
    SlaTarget: rst.sla_policies().map(lambda sla: sla.urgent),
    SatisfactionPolicy: rst.satisfaction_policies(),
    LoyaltyCurve: rst.loyalty_curves(),
    ChurnPolicy: rst.churn_policies(),
}


def bundles() -> st.SearchStrategy[Policies]:
    """Any bundle of valid policies."""
    return st.builds(
        Policies,
        country=st.none() | st.from_regex(r"[A-Za-z]{2,3}", fullmatch=True),
        abc=rst.abc_policies(),
        attitude=rst.attitude_policies(),
        early_adopter=rst.early_adopter_policies(),
        cadence=rst.cadence_policies(),
        complaints=rst.complaint_policies(),
        satisfaction=rst.satisfaction_policies(),
        churn=rst.churn_policies(),
    )


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def toml_text(data: dict[str, Any], prefix: tuple[str, ...] = ()) -> str:
    """Write to_dict's plain data as TOML with dotted keys (the test's own tiny writer)."""
    lines = []
    for key, value in data.items():
        keys = (*prefix, key)
        if isinstance(value, dict):
            lines.append(toml_text(value, keys))
            continue
        dotted = ".".join(k if _BARE.fullmatch(k) else json.dumps(k) for k in keys)
        lines.append(f"{dotted} = {json.dumps(value, ensure_ascii=False)}")
    return "\n".join(lines)


def problems(cls: type[Any], data: object) -> list[str]:
    """The lines of the InvalidPolicyError that ``from_dict(cls, data)`` raises."""
    with pytest.raises(InvalidPolicyError) as caught:
        from_dict(cls, data)  # type: ignore[arg-type]
    return str(caught.value).splitlines()


# --- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize("cls", list(POLICY_STRATEGIES), ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_every_policy_round_trips(cls: type[Any], data: Any) -> None:
    """from_dict(cls, to_dict(p)) == p for every policy class, over the public strategies."""
    policy = data.draw(POLICY_STRATEGIES[cls])
    assert type(policy) is cls
    assert from_dict(cls, to_dict(policy)) == policy


@given(bundles())
def test_bundle_round_trips_through_json(policies: Policies) -> None:
    """A bundle survives json.dumps and json.loads of its plain data."""
    text = json.dumps(to_dict(policies))
    assert from_dict(Policies, json.loads(text)) == policies


@given(bundles())
def test_bundle_round_trips_through_toml(policies: Policies) -> None:
    """A bundle survives being written as TOML and read back with tomllib."""
    text = toml_text(to_dict(policies))
    assert from_dict(Policies, tomllib.loads(text)) == policies


def plain_types(value: object) -> set[type]:
    """The types of every value inside ``value``, containers included."""
    found = {type(value)}
    if isinstance(value, dict):
        assert all(type(key) is str for key in value)
        for inner in value.values():
            found |= plain_types(inner)
    if isinstance(value, list):
        for inner in value:
            found |= plain_types(inner)
    return found


@given(bundles())
def test_to_dict_writes_only_what_toml_and_json_hold(policies: Policies) -> None:
    """Plain data is dicts with string keys, lists, str, int and bool: no float, no None."""
    assert plain_types(to_dict(policies)) <= {dict, list, str, int, bool}


@given(bundles())
def test_set_fields_are_sorted_lists(policies: Policies) -> None:
    """Sets are written as sorted lists, so the same policy always gives the same text."""
    data = to_dict(policies)
    for values in (
        data["cadence"]["close_classes"],
        data["cadence"]["close_attitudes"],
        data["cadence"]["no_wish_occasions"],
        data["churn"]["call_classes"],
    ):
        assert values == sorted(set(values))


# --- what to_dict writes ------------------------------------------------------------------


def test_default_complaint_policy_as_plain_data() -> None:
    """Durations as ISO 8601, amounts as strings, the owner's missing limit as "none"."""
    assert to_dict(ComplaintPolicy()) == {
        "sla": {
            "urgent": {"first_response": "PT30M", "resolution": "PT4H"},
            "high": {"first_response": "PT1H", "resolution": "PT12H"},
            "normal": {"first_response": "PT2H", "resolution": "PT24H"},
            "low": {"first_response": "PT4H", "resolution": "PT48H"},
            "at_risk": "0.75",
        },
        "limits": {"clerk": "50", "supervisor": "300", "manager": "2000", "owner": "none"},
        "follow_up_days": 2,
        "follow_up_window_days": 3,
    }


def test_default_cadence_policy_as_plain_data() -> None:
    """Ints and bools as they are, enum sets as sorted lists of their values."""
    assert to_dict(CadencePolicy()) == {
        "door_for_new_customers": False,
        "door_for_visits": False,
        "greet_from": 1,
        "greet_to": 2,
        "survey_from": 6,
        "survey_to": 9,
        "keep_interval": 30,
        "keep_slack": 7,
        "holiday_window": 7,
        "invite_lead": 3,
        "close_classes": ["A"],
        "close_attitudes": ["loyal"],
        "call_fallback_to_message": True,
        "cap_per_day": 1,
        "cap_per_window": 4,
        "cap_window_days": 30,
        "frequent_purchases": 6,
        "frequent_lookback_days": 365,
        "club_interval": 90,
        "no_wish_occasions": ["Ching Ming Festival", "Tomb-Sweeping Day"],
        "new_days": 30,
        "lapse_days": 180,
        "winback_spacing_days": 14,
        "messages_per_day": 1000,
        "calls_per_day": 100,
        "busy_day_factor": 3,
    }


def test_abc_and_churn_policies_as_plain_data() -> None:
    """Enums as their values; Decimals keep their digits ("0.20", not "0.2")."""
    assert to_dict(AbcPolicy.by_count()) == {
        "basis": "count",
        "a": "0.20",
        "b": "0.50",
        "boundary": "upper",
    }
    churn = ChurnPolicy(call_classes={AbcClass.C, AbcClass.A}, rhythm_factor="2.5")
    assert to_dict(churn) == {
        "rhythm_factor": "2.5",
        "min_purchases": 3,
        "hiatus_days": 180,
        "p_alive_below": "0.5",
        "recent_purchases": 3,
        "winback_window_days": 7,
        "call_classes": ["A", "C"],
    }


def test_satisfaction_policy_writes_none_and_the_curves() -> None:
    """veto_cap None is "none"; each loyalty curve is a nested mapping."""
    data = to_dict(SatisfactionPolicy(veto_cap=None))
    assert data["veto_cap"] == NONE == "none"
    assert data["high_competition"] == {"top": "0.9", "satisfied": "0.15", "rest": "0.05"}
    assert data["told_by_dissatisfied"] == 15


@pytest.mark.parametrize(
    ("duration", "text"),
    [
        (30 * MINUTE, "PT30M"),
        (90 * MINUTE, "PT1H30M"),
        (48 * HOUR, "PT48H"),
        (dt.timedelta(seconds=1.5), "PT1.5S"),
        (HOUR + dt.timedelta(microseconds=1), "PT1H0.000001S"),
        (dt.timedelta(0), "PT0S"),
    ],
)
def test_durations_are_written_in_hours_minutes_and_seconds(
    duration: dt.timedelta, text: str
) -> None:
    """A duration never uses days (48 hours of working time is not two calendar days)."""
    assert config_module._duration_text(duration) == text


def test_early_adopter_and_attitude_policies_as_plain_data() -> None:
    """Small policies write every field."""
    assert to_dict(EarlyAdopterPolicy()) == {"window_days": 30, "include_preorders": True}
    assert to_dict(AttitudePolicy(prefer=Evidence.DECLARATION)) == {
        "min_purchases": 3,
        "hard_core_share": "0.8",
        "split_brands": 3,
        "split_share": "0.75",
        "shift_min_run": 2,
        "prefer": "declaration",
    }


# --- what from_dict reads -----------------------------------------------------------------

TOML = """
[abc]
basis = "count"
a = "0.2"
b = 0.5

[cadence]
cap_per_window = 3
close_classes = ["B", "A"]
no_wish_occasions = []

[complaints.sla.urgent]
first_response = "PT15M"

[complaints.limits]
clerk = 80
supervisor = "300.50"
owner = "none"

[satisfaction]
veto_cap = "none"
high_competition = { top = "0.95" }

[churn]
call_classes = ["A", "B"]
"""


def test_a_toml_file_with_only_the_changes() -> None:
    """Each section changes only the keys it names; nested tables keep their field's defaults."""
    expected = Policies(
        abc=AbcPolicy.by_count(a=Decimal("0.2"), b=Decimal("0.5")),
        cadence=CadencePolicy(
            cap_per_window=3, close_classes={AbcClass.A, AbcClass.B}, no_wish_occasions=[]
        ),
        complaints=ComplaintPolicy(
            sla=SlaPolicy(urgent=SlaTarget(15 * MINUTE, resolution=4 * HOUR)),
            limits={"clerk": Decimal(80), "supervisor": Decimal("300.50"), "owner": None},
        ),
        satisfaction=SatisfactionPolicy(
            veto_cap=None,
            high_competition=LoyaltyCurve(
                top=Decimal("0.95"), satisfied=Decimal("0.15"), rest=Decimal("0.05")
            ),
        ),
        churn=ChurnPolicy(call_classes={AbcClass.A, AbcClass.B}),
    )
    assert from_dict(Policies, tomllib.loads(TOML)) == expected


@pytest.mark.parametrize("cls", [Policies, *POLICY_STRATEGIES], ids=lambda cls: cls.__name__)
def test_empty_mapping_gives_the_defaults(cls: type[Any]) -> None:
    """A missing key keeps its default, so {} is the default policy (SlaTarget has none)."""
    if cls is SlaTarget:
        assert problems(cls, {}) == [
            "$.first_response: missing, and it has no default",
            "$.resolution: missing, and it has no default",
        ]
    else:
        assert from_dict(cls, {}) == cls()


def test_nested_table_changes_only_its_keys_over_the_fields_default() -> None:
    """high_competition {top} keeps 0.15 and 0.05, not LoyaltyCurve's own 0.4 and 0.15."""
    policy = from_dict(SatisfactionPolicy, {"high_competition": {"top": "0.95"}})
    assert policy.high_competition == LoyaltyCurve(
        top=Decimal("0.95"), satisfied=Decimal("0.15"), rest=Decimal("0.05")
    )
    sla = from_dict(SlaPolicy, {"low": {"resolution": "PT72H"}})
    assert sla.low == SlaTarget(4 * HOUR, resolution=72 * HOUR)
    assert sla.urgent == SlaPolicy().urgent


def test_limits_and_lists_replace_the_default_whole() -> None:
    """A limits table names every role there is; a list is the whole set."""
    policy = from_dict(ComplaintPolicy, {"limits": {"clerk": 80}})
    assert dict(policy.limits) == {"clerk": Decimal(80)}
    cadence = from_dict(CadencePolicy, {"close_attitudes": ["switching"]})
    assert cadence.close_attitudes == frozenset({Attitude.SWITCHING})


@pytest.mark.parametrize("value", [None, "none"])
def test_none_is_null_or_the_string_none(value: object) -> None:
    """A setting that may be None takes JSON null or, for TOML, the string "none"."""
    policy = from_dict(ComplaintPolicy, {"limits": {"owner": value, "clerk": "50"}})
    assert policy.limits["owner"] is None
    assert from_dict(SatisfactionPolicy, {"veto_cap": value}).veto_cap is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("0.6", Decimal("0.6")),
        ("6E-1", Decimal("0.6")),
        (".6", Decimal("0.6")),
        (0.6, Decimal("0.6")),
        (0.1, Decimal("0.1")),
        (Decimal("0.60"), Decimal("0.60")),
    ],
)
def test_decimal_from_string_float_or_decimal(value: object, expected: Decimal) -> None:
    """A float is read as the shortest decimal that gives it: 0.1 is exactly 0.1."""
    policy = from_dict(SlaPolicy, {"at_risk": value})
    assert policy.at_risk == expected
    assert str(policy.at_risk) == str(expected)


def test_decimal_from_int() -> None:
    """An int is a decimal number too."""
    assert from_dict(SatisfactionPolicy, {"veto_floor": 30}).veto_floor == Decimal(30)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PT45M", 45 * MINUTE),
        ("PT90M", 90 * MINUTE),
        ("PT1H30M", 90 * MINUTE),
        ("PT2H0M10S", 2 * HOUR + dt.timedelta(seconds=10)),
        ("PT0.25S", dt.timedelta(milliseconds=250)),
        ("PT100H", 100 * HOUR),
    ],
)
def test_durations_from_iso_8601(text: str, expected: dt.timedelta) -> None:
    """Hours, minutes and seconds in ISO 8601 order; any of them may be left out."""
    target = from_dict(SlaTarget, {"first_response": text, "resolution": "PT200H"})
    assert target.first_response == expected


def test_durations_from_a_timedelta() -> None:
    """A database interval arrives as a timedelta and is taken as it is."""
    target = from_dict(SlaTarget, {"first_response": 20 * MINUTE, "resolution": "PT1H"})
    assert target == SlaTarget(20 * MINUTE, resolution=HOUR)


def test_any_mapping_will_do() -> None:
    """A read-only mapping (e.g. a database row's) works like a dict."""
    data = types.MappingProxyType({"cadence": FrozenMap({"cap_per_window": 2})})
    assert from_dict(Policies, data).cadence.cap_per_window == 2


def test_from_dict_does_not_change_its_input() -> None:
    """Filling nested defaults happens on copies; the caller's data stays as it was."""
    data = tomllib.loads(TOML)
    before = copy.deepcopy(data)
    from_dict(Policies, data)
    assert data == before


# --- refused: wrong types -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("four", '"four"'),
        (9.9, "9.9"),
        (9.0, "9.0"),
        ("9", '"9"'),
        (True, "true"),
        (None, "null"),
        ([4], "a list"),
        ({"n": 4}, "a mapping"),
        (Decimal(4), "Decimal('4') (Decimal)"),
    ],
)
def test_int_field_refuses_anything_but_an_int(value: object, shown: str) -> None:
    """No silent 9.9 -> 9, "9" -> 9 or true -> 1."""
    assert problems(Policies, {"cadence": {"cap_per_window": value}}) == [
        f"$.cadence.cap_per_window: expected int, got {shown}"
    ]


@pytest.mark.parametrize(("value", "shown"), [("false", '"false"'), (0, "0"), (1, "1")])
def test_bool_field_refuses_anything_but_a_bool(value: object, shown: str) -> None:
    """No "false" -> True, no 0 or 1."""
    assert problems(Policies, {"early_adopter": {"include_preorders": value}}) == [
        f"$.early_adopter.include_preorders: expected true or false, got {shown}"
    ]


DECIMAL = 'a decimal number (a string such as "0.75", an int or a float)'


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        ("NaN", '"NaN"'),
        ("Infinity", '"Infinity"'),
        (" 0.75", '" 0.75"'),
        ("0,75", '"0,75"'),
        ("1_0", '"1_0"'),
        ("75%", '"75%"'),
        (True, "true"),
        (float("inf"), "inf"),
        (float("nan"), "nan"),
        (Decimal("NaN"), "Decimal('NaN') (Decimal)"),
        (None, "null"),
        ("none", '"none"'),
    ],
)
def test_decimal_field_refuses_what_is_not_a_finite_number(value: object, shown: str) -> None:
    """Strings must be plain decimal numbers; bools, NaN and infinities are refused."""
    assert problems(Policies, {"complaints": {"sla": {"at_risk": value}}}) == [
        f"$.complaints.sla.at_risk: expected {DECIMAL}, got {shown}"
    ]


def test_optional_decimal_names_the_none_form() -> None:
    """Where None is allowed the message says how to write it; "None" is not "none"."""
    assert problems(SatisfactionPolicy, {"veto_cap": "None"}) == [
        f'$.veto_cap: expected {DECIMAL} or "none", got "None"'
    ]


@pytest.mark.parametrize(
    "text", ["P1D", "P1DT2H", "PT", "PT1.5H", "PT1h", "4h", "-PT1H", "PT1M2H", " PT1H", "PT1.S"]
)
def test_duration_refuses_days_and_other_forms(text: str) -> None:
    """Only PT with hours, minutes and (fractional) seconds, in that order."""
    assert problems(SlaTarget, {"first_response": text, "resolution": "PT1H"}) == [
        (
            "$.first_response: expected an ISO 8601 duration in hours, minutes and seconds, "
            f'such as "PT4H" or "PT1H30M", got {json.dumps(text)}'
        )
    ]


def test_duration_refuses_numbers() -> None:
    """A bare number has no unit: 240 minutes or 240 hours?"""
    assert problems(SlaTarget, {"first_response": 240, "resolution": "PT1H"}) == [
        (
            "$.first_response: expected an ISO 8601 duration in hours, minutes and seconds, "
            'such as "PT4H" or "PT1H30M", got 240'
        )
    ]


def test_duration_beyond_timedelta_is_refused() -> None:
    """A duration too long for a timedelta is a problem with its path, not an OverflowError."""
    assert problems(SlaTarget, {"first_response": "PT1H", "resolution": f"PT{10**13}H"}) == [
        f'$.resolution: expected a duration of at most 999999999 days, got "PT{10**13}H"'
    ]


@pytest.mark.parametrize(
    ("value", "shown"), [("SPEND", '"SPEND"'), ("cnt", '"cnt"'), (1, "1"), (None, "null")]
)
def test_enum_field_takes_only_its_values(value: object, shown: str) -> None:
    """Enums are their exact values, case included."""
    assert problems(Policies, {"abc": {"basis": value}}) == [
        f'$.abc.basis: expected one of "spend", "count", got {shown}'
    ]


def test_set_field_refuses_a_string_bad_members_and_repeats() -> None:
    """A set is a list; each member is checked at its index; repeats are refused."""
    assert problems(CadencePolicy, {"close_classes": "A"}) == [
        '$.close_classes: expected a list, got "A"'
    ]
    assert problems(CadencePolicy, {"close_classes": ["A", "D", "A", 3]}) == [
        '$.close_classes[1]: expected one of "A", "B", "C", got "D"',
        '$.close_classes[2]: expected no repeats, got "A" again',
        '$.close_classes[3]: expected one of "A", "B", "C", got 3',
    ]
    assert problems(CadencePolicy, {"no_wish_occasions": ["Easter", 1]}) == [
        "$.no_wish_occasions[1]: expected a string, got 1"
    ]


def test_limits_refuse_a_non_mapping_non_string_keys_and_bad_amounts() -> None:
    """Each role's limit has its own path; a role that is not an identifier is bracketed."""
    assert problems(ComplaintPolicy, {"limits": "50"}) == ['$.limits: expected a mapping, got "50"']
    assert problems(ComplaintPolicy, {"limits": {"store manager": "x", 3: "1"}}) == [
        f'$.limits["store manager"]: expected {DECIMAL} or "none", got "x"',
        "$.limits[3]: expected a string key, got 3",
    ]


def test_a_policy_must_be_a_mapping() -> None:
    """The whole input and each nested policy must be mappings."""
    assert problems(Policies, ["cadence"]) == [
        "$: expected a mapping of Policies settings, got a list"
    ]
    assert problems(Policies, {"cadence": 4}) == [
        "$.cadence: expected a mapping of CadencePolicy settings, got 4"
    ]
    assert problems(SlaPolicy, {"urgent": "PT1H"}) == [
        '$.urgent: expected a mapping of SlaTarget settings, got "PT1H"'
    ]


# --- refused: unknown keys ----------------------------------------------------------------


def test_unknown_keys_are_refused_with_a_suggestion() -> None:
    """A misspelt key is a problem at its own path, with the closest real key."""
    assert problems(Policies, {"cadnce": {}}) == ['$.cadnce: unknown key, did you mean "cadence"?']
    data = {"complaints": {"sla": {"urgent": {"first_responce": "PT10M"}}}}
    assert problems(Policies, data) == [
        '$.complaints.sla.urgent.first_responce: unknown key, did you mean "first_response"?'
    ]


def test_unknown_keys_without_a_close_match() -> None:
    """Keys nothing like a field are just unknown; keys that are not strings too."""
    assert problems(Policies, {"flavour": "red", 7: 1}) == [
        "$.flavour: unknown key",
        "$[7]: unknown key",
    ]


# --- refused: the policy's own checks -----------------------------------------------------


def test_policy_check_carries_the_policys_path() -> None:
    """greet_from after greet_to: the policy refuses, under the policy's path."""
    assert problems(Policies, {"cadence": {"greet_from": 5, "greet_to": 2}}) == [
        "$.cadence: greet_to: expected at least greet_from (5), got 2"
    ]


@pytest.mark.parametrize(
    ("cls", "data", "message"),
    [
        (AbcPolicy, {"a": "0.9", "b": "0.5"}, "$: a, b: expected 0 < a < b <= 1, got a=0.9, b=0.5"),
        (
            SlaTarget,
            {"first_response": "PT1H", "resolution": "PT30M"},
            "$: resolution: expected at least the first-response target 1:00:00, got 0:30:00",
        ),
        (
            LoyaltyCurve,
            {"rest": "0.5"},
            "$: LoyaltyCurve: expected rest <= satisfied <= top, got 0.5, 0.4, 0.9",
        ),
    ],
)
def test_policy_checks_at_the_top(cls: type[Any], data: dict[str, Any], message: str) -> None:
    """A policy read on its own reports its checks across fields at "$"."""
    assert problems(cls, data) == [message]


@pytest.mark.parametrize(
    ("cls", "data", "message"),
    [
        (
            CadencePolicy,
            {"cap_per_window": 0},
            "$.cap_per_window: expected an int from 1 to 100, got 0",
        ),
        (
            SlaTarget,
            {"first_response": "PT0S", "resolution": "PT1H"},
            (
                "$.first_response: expected a positive datetime.timedelta of working time up "
                'to 365 days, got "PT0S"'
            ),
        ),
        (ComplaintPolicy, {"limits": {}}, "$.limits: expected at least one role, got none"),
        (SlaPolicy, {"at_risk": 1}, "$.at_risk: expected a share with 0 < at_risk < 1, got 1"),
        (
            AttitudePolicy,
            {"prefer": "none"},
            "$.prefer: expected 'behaviour' or 'declaration', got \"none\"",
        ),
    ],
)
def test_a_value_the_policy_refuses_is_reported_at_its_field(
    cls: type[Any], data: dict[str, Any], message: str
) -> None:
    """A value of the right form out of the field's range: at its path, shown as written."""
    assert problems(cls, data) == [message]


def test_nested_policy_check_has_the_nested_path() -> None:
    """An SLA target that ends before it starts is refused at its priority's path."""
    data = {"complaints": {"sla": {"high": {"resolution": "PT30M"}}}}
    assert problems(Policies, data) == [
        (
            "$.complaints.sla.high: resolution: expected at least the first-response target "
            "1:00:00, got 0:30:00"
        )
    ]


# --- the store's country (issue 16) ------------------------------------------------------


def test_the_country_is_a_top_level_key_and_round_trips() -> None:
    """A top-level country = "US" round-trips; None is written "none" (issue 16)."""
    text = 'country = "US"\n\n[cadence]\ncap_per_window = 3\n'
    policies = from_dict(Policies, tomllib.loads(text))
    assert policies == Policies(country="US", cadence=CadencePolicy(cap_per_window=3))
    assert to_dict(policies)["country"] == "US"
    assert from_dict(Policies, to_dict(policies)) == policies
    assert to_dict(Policies())["country"] == NONE
    assert Policies().country is None
    assert from_dict(Policies, {"country": NONE}).country is None
    assert from_dict(Policies, {"country": None}).country is None


@pytest.mark.parametrize("value", ["us", "Us", "US", "deu", "DEU"])
def test_the_country_is_stored_in_upper_case(value: str) -> None:
    """Two or three ASCII letters in any case, kept as the holidays package names them."""
    assert Policies(country=value).country == value.upper()
    assert from_dict(Policies, {"country": value}).country == value.upper()


_COUNTRY_EXPECTED = "expected a country code of 2 or 3 ASCII letters like CN or US, got"


@pytest.mark.parametrize(
    ("value", "shown", "read"),
    [
        ("U", "'U' (str)", '"U"'),
        ("USAX", "'USAX' (str)", '"USAX"'),
        ("U1", "'U1' (str)", '"U1"'),
        ("", "'' (str)", '""'),
        (" US", "' US' (str)", '" US"'),
        ("ÜS", "'ÜS' (str)", '"ÜS"'),
        ("US\n", "'US\\n' (str)", '"US\\n"'),
        ("None", "'None' (str)", '"None"'),
    ],
)
def test_a_country_that_is_not_2_or_3_ascii_letters_is_refused(
    value: str, shown: str, read: str
) -> None:
    """Policies(country=...) and from_dict name the field and what arrived (issue 16)."""
    with pytest.raises(InvalidPolicyError) as caught:
        Policies(country=value)
    assert str(caught.value) == f"country: {_COUNTRY_EXPECTED} {shown}"
    assert problems(Policies, {"country": value}) == [f"$.country: {_COUNTRY_EXPECTED} {read}"]


@pytest.mark.parametrize(("value", "shown"), [(1, "1"), (True, "true"), (["US"], "a list")])
def test_a_country_that_is_not_a_string_is_refused(value: object, shown: str) -> None:
    """A number, a flag or a list for the country: InvalidPolicyError at $.country (issue 16)."""
    with pytest.raises(InvalidPolicyError, match=r"^country: expected a country code of 2 or 3 "):
        Policies(country=value)  # type: ignore[arg-type]
    assert problems(Policies, {"country": value}) == [
        f'$.country: expected a string or "{NONE}", got {shown}'
    ]


# --- all problems at once, and what is raised ---------------------------------------------


def test_every_problem_is_reported_in_field_order() -> None:
    """Problems in several policies come one per line, sections and fields in order."""
    data = {
        "churn": {"hiatus_days": "180"},
        "cadence": {"cap_per_window": "four", "greet_from": 9.9, "cap_per_windw": 3},
        "abc": {"a": True},
    }
    assert problems(Policies, data) == [
        f"$.abc.a: expected {DECIMAL}, got true",
        "$.cadence.greet_from: expected int, got 9.9",
        '$.cadence.cap_per_window: expected int, got "four"',
        '$.cadence.cap_per_windw: unknown key, did you mean "cap_per_window"?',
        '$.churn.hiatus_days: expected int, got "180"',
    ]


def test_errors_are_library_errors_with_no_cattrs_inside() -> None:
    """The caller catches InvalidPolicyError (a ValueError); no cattrs type is chained to it."""
    with pytest.raises(InvalidPolicyError) as caught:
        from_dict(Policies, {"cadence": {"cap_per_window": "four"}})
    error = caught.value
    assert isinstance(error, RetentionError)
    assert isinstance(error, ValueError)
    assert error.__cause__ is None
    assert error.__context__ is None


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=6),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3)
    ),
    max_leaves=6,
)
SECTIONS = {
    field.name: type(getattr(Policies(), field.name))
    for field in attrs.fields(Policies)
    if attrs.has(type(getattr(Policies(), field.name)))  # the policies, not the country
}


@given(data=st.data())
def test_any_plain_data_gives_a_policy_or_an_invalid_policy_error(data: Any) -> None:
    """Whatever JSON puts in a field, from_dict builds a policy or names the section's path."""
    section = data.draw(st.sampled_from(sorted(SECTIONS)))
    names = [field.name for field in attrs.fields(SECTIONS[section])]
    key = data.draw(st.sampled_from([*names, "bogus"]))
    value = data.draw(JSON | st.sampled_from(["PT1H", "0.5", "A", "loyal", "none"]))
    try:
        policies = from_dict(Policies, {section: {key: value}})
    except InvalidPolicyError as error:
        lines = str(error).splitlines()
        assert lines
        assert all(line.startswith(f"$.{section}") for line in lines)
    else:
        assert isinstance(policies, Policies)


def test_a_bad_value_and_an_unknown_key_are_both_reported() -> None:
    """A number out of range and an unknown key in one policy: two lines, not one."""
    assert problems(Policies, {"cadence": {"holiday_window": -5, "zz": 1}}) == [
        "$.cadence.holiday_window: expected an int from 0 to 90, got -5",
        "$.cadence.zz: unknown key",
    ]


def test_every_kind_of_problem_at_once() -> None:
    """Wrong types, numbers out of range and unknown keys in several policies, all reported."""
    data = {
        "cadence": {"keep_interval": 0, "greet_from": "1", "holiday_window": 91, "gret_to": 2},
        "complaints": {"follow_up_days": 1_000_000_000, "sla": {"urgent": {"resolution": "P1D"}}},
        "churn": {"rhythm_factor": "0", "min_purchases": 1},
    }
    assert problems(Policies, data) == [
        '$.cadence.greet_from: expected int, got "1"',
        "$.cadence.keep_interval: expected an int from 1 to 365, got 0",
        "$.cadence.holiday_window: expected an int from 0 to 90, got 91",
        '$.cadence.gret_to: unknown key, did you mean "greet_to"?',
        (
            "$.complaints.sla.urgent.resolution: expected an ISO 8601 duration in hours, "
            'minutes and seconds, such as "PT4H" or "PT1H30M", got "P1D"'
        ),
        "$.complaints.follow_up_days: expected an int from 0 to 365, got 1000000000",
        '$.churn.rhythm_factor: expected a number from 1 to 100, got "0"',
        "$.churn.min_purchases: expected an int from 2 to 1000, got 1",
    ]


def test_a_check_across_fields_is_reported_beside_unknown_keys() -> None:
    """greet_to before greet_from is still reported when the policy also has an unknown key."""
    assert problems(Policies, {"cadence": {"greet_from": 5, "greet_to": 2, "zz": 1}}) == [
        "$.cadence: greet_to: expected at least greet_from (5), got 2",
        "$.cadence.zz: unknown key",
    ]


@pytest.mark.parametrize(
    ("data", "line"),
    [
        ({"cadence": {"\x85": 1}}, '$.cadence["\\u0085"]: unknown key'),
        ({"cadence": {"a\u2028b": 1}}, '$.cadence["a\\u2028b"]: unknown key'),
        ({"cadence": {"\r\n": 1}}, '$.cadence["\\r\\n"]: unknown key'),
        (
            {"cadence": {"greet_from": "\x00\t\u2029\x1b[31m"}},
            '$.cadence.greet_from: expected int, got "\\u0000\\t\\u2029\\u001b[31m"',
        ),
        (
            {"complaints": {"limits": {"clerk\x85": "-1"}}},
            (
                "$.complaints.limits: limits[clerk\\u0085]: expected a finite, non-negative "
                "amount, got Decimal('-1')"
            ),
        ),
        ({"cadence": {"\U000e0001": 1}}, '$.cadence["\\udb40\\udc01"]: unknown key'),
        (
            {"complaints": {"limits": {"clerk\x0c\x08": "-1"}}},
            (
                "$.complaints.limits: limits[clerk\\f\\b]: expected a finite, non-negative "
                "amount, got Decimal('-1')"
            ),
        ),
        (
            {"cadence": {"no_wish_occasions": ["\u202eQingming", "\u202eQingming"]}},
            '$.cadence.no_wish_occasions[1]: expected no repeats, got "\\u202eQingming" again',
        ),
    ],
)
def test_control_characters_in_keys_and_values_are_escaped(data: Any, line: str) -> None:
    r"""Line breaks, \x85, \u2028, escape sequences: escaped, never splitting a line."""
    assert problems(Policies, data) == [line]


_ESCAPED = {"Cc", "Cf", "Cs", "Zl", "Zp"}
_ODD_TEXT = st.text(
    st.characters() | st.sampled_from("\x85\u2028\u2029\r\n\t\x00\x1b\u202e\x1c\ud800"),
    max_size=4,
)
_ODD_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | _ODD_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(_ODD_TEXT, inner, max_size=3),
    max_leaves=6,
)


@given(
    st.dictionaries(
        st.sampled_from(sorted(SECTIONS)) | _ODD_TEXT,
        st.dictionaries(
            st.sampled_from([field.name for field in attrs.fields(CadencePolicy)]) | _ODD_TEXT,
            _ODD_JSON,
            max_size=3,
        )
        | _ODD_JSON,
        max_size=3,
    )
)
def test_every_problem_is_one_line_without_control_characters(data: dict[str, Any]) -> None:
    """Any keys and values: each problem one line starting with its path, nothing raw in it."""
    try:
        from_dict(Policies, data)
    except InvalidPolicyError as error:
        message = str(error)
        lines = message.split("\n")
        assert lines == message.splitlines()
        assert all(line.startswith("$") for line in lines)
        assert not {unicodedata.category(char) for char in message.replace("\n", "")} & _ESCAPED


# --- the arguments ------------------------------------------------------------------------


def test_only_policy_classes_convert() -> None:
    """Other classes and values are refused with InvalidTypeError (a TypeError)."""
    with pytest.raises(InvalidTypeError, match=r"^cls: expected one of Policies, AbcPolicy, "):
        from_dict(dict, {})
    with pytest.raises(
        InvalidTypeError, match=r"^policy: expected one of Policies, .*got 5 \(int\)"
    ):
        to_dict(5)
    with pytest.raises(TypeError):
        to_dict({"cadence": {}})


def test_bundle_fields_must_be_their_policies() -> None:
    """Policies(cadence=...) takes a CadencePolicy and nothing else."""
    with pytest.raises(
        InvalidPolicyError, match=r"^cadence: expected a CadencePolicy, got AbcPolicy\("
    ):
        Policies(cadence=AbcPolicy())  # type: ignore[arg-type]
    assert Policies(cadence=CadencePolicy(cap_per_window=2)).cadence.cap_per_window == 2


# --- the converter ------------------------------------------------------------------------


def field_type_is_handled(kind: object) -> bool:
    """Whether the converter has a strict hook for ``kind`` (see retention.config)."""
    if kind in {int, bool, str, str | None, Decimal, Decimal | None, dt.timedelta}:
        return True
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return all(type(member.value) is str for member in kind)
    if get_origin(kind) is frozenset:
        return field_type_is_handled(get_args(kind)[0])
    if get_origin(kind) is FrozenMap:
        key, value = get_args(kind)
        return key is str and field_type_is_handled(value)
    return kind in config_module._CLASSES


@pytest.mark.parametrize("cls", config_module._CLASSES, ids=lambda cls: cls.__name__)
def test_every_field_type_has_a_strict_hook(cls: type[Any]) -> None:
    """A new field of a type the converter does not know makes this fail, not a host's load."""
    attrs.resolve_types(cls)
    for field in attrs.fields(cls):
        assert field_type_is_handled(field.type), (cls.__name__, field.name, field.type)


def test_converter_is_built_once() -> None:
    """The converter is cached: the hooks are generated once per process."""
    assert config_module._converter() is config_module._converter()


def test_config_is_the_only_module_that_imports_cattrs() -> None:
    """Every other module of the package loads without cattrs; config builds it lazily."""
    skip = {"retention.config", "retention.cli", "retention.__main__"}
    names = [
        info.name
        for info in pkgutil.walk_packages(retention.__path__, "retention.")
        if info.name not in skip and not info.name.startswith("retention.testing")
    ]
    code = (
        "import importlib, sys\n"
        f"for name in {names!r}: importlib.import_module(name)\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'cattrs'))\n"
        "import retention.config\n"
        "print(retention.config._converter.cache_info().currsize)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["[]", "0"]


# --- the strategies' narrowing arguments --------------------------------------------------


@given(rst.attitude_policies(prefer=Evidence.DECLARATION))
def test_attitude_policies_can_fix_the_preferred_evidence(policy: AttitudePolicy) -> None:
    """prefer= fixes which evidence wins."""
    assert policy.prefer is Evidence.DECLARATION


@given(rst.early_adopter_policies(max_window_days=3), rst.churn_policies(max_hiatus_days=10))
def test_window_and_hiatus_stay_within_their_maximum(
    early: EarlyAdopterPolicy, churn: ChurnPolicy
) -> None:
    """max_window_days and max_hiatus_days bound the drawn days."""
    assert 1 <= early.window_days <= 3
    assert 1 <= churn.hiatus_days <= 10


@given(rst.satisfaction_policies(veto_cap=True), rst.satisfaction_policies(veto_cap=False))
def test_satisfaction_policies_can_fix_whether_the_veto_caps_at_a_number(
    with_cap: SatisfactionPolicy, without: SatisfactionPolicy
) -> None:
    """veto_cap=True draws a number, veto_cap=False the weakest-link cap (None)."""
    assert with_cap.veto_cap is not None
    assert without.veto_cap is None
