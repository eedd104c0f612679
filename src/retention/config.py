"""Policies to and from plain data, for TOML files, JSON and database columns.

:func:`to_dict` turns any policy into a dict of plain data that TOML and JSON can hold,
and :func:`from_dict` builds the policy back, refusing anything it would have to guess
at. :class:`Policies` bundles every policy, so one TOML file holds them all::

    import tomllib
    from retention.config import Policies, from_dict

    text = '''
    [cadence]
    cap_per_window = 3
    '''
    policies = from_dict(Policies, tomllib.loads(text))
    policies.cadence.cap_per_window  # 3; every other setting keeps its default

The classes it converts: :class:`Policies`, :class:`~retention.segmentation.AbcPolicy`,
:class:`~retention.segmentation.AttitudePolicy`,
:class:`~retention.segmentation.EarlyAdopterPolicy`,
:class:`~retention.cadence.CadencePolicy`, :class:`~retention.complaints.ComplaintPolicy`
(with :class:`~retention.complaints.SlaPolicy` and
:class:`~retention.complaints.SlaTarget`),
:class:`~retention.satisfaction.SatisfactionPolicy` (with
:class:`~retention.satisfaction.LoyaltyCurve`) and :class:`~retention.churn.ChurnPolicy`.
:class:`Policies` also names the store's country for its calendar: a top-level
``country = "US"`` beside the tables.

The plain forms (what :func:`to_dict` writes; :func:`from_dict` takes these and nothing
looser):

========================  ==========================  =================================
Python                    written as                  also read
========================  ==========================  =================================
``int``                   int                         nothing else: not ``9.9``,
                                                      ``"9"`` or ``true``
``bool``                  ``true`` / ``false``        nothing else: not ``"false"``,
                                                      ``0`` or ``1``
``str`` (the country)     string, ``"US"``            the code in any case (``"us"``);
                                                      not ``"USA1"``, ``"U"`` or ``1``
``Decimal``               string, ``"0.75"``          an int, a finite float (TOML's
                                                      ``0.75``, read as the shortest
                                                      decimal that gives it) or a
                                                      ``Decimal``; not ``"NaN"``,
                                                      ``" 1"`` or ``true``
``timedelta``             ISO 8601 duration in        a ``timedelta`` (a database
                          hours, minutes and          interval); days, weeks, months
                          seconds: ``"PT4H"``,        and years are refused (a day of
                          ``"PT1H30M"``               working time is not 24 hours)
an enum                   its value, ``"spend"``      nothing else
a set                     list, sorted, no repeats    nothing else (repeats refused)
role limits               mapping of role to amount   any mapping with string keys
``None``                  ``"none"``                  ``null`` (JSON, Python ``None``)
a nested policy           mapping                     any mapping
========================  ==========================  =================================

TOML has no null, so a setting that may be ``None`` (a role's compensation limit with no
limit, :attr:`~retention.satisfaction.SatisfactionPolicy.veto_cap` capping at the failing
item's own score, a :class:`Policies` that names no country) is written as the string
``"none"``.

A missing key keeps its default, so a host writes only what it changes. A mapping for a
nested policy (``complaints.sla``, ``complaints.sla.urgent``,
``satisfaction.high_competition``) changes only the keys it names, on top of that
field's default. A mapping of role limits and a list replace the default whole.

Everything that does not fit is refused with :class:`~retention.exceptions.
InvalidPolicyError`, one line per problem, all of them at once, each with its JSON path,
e.g. ``$.cadence.cap_per_window: expected int, got "four"``. Unknown keys are problems
too, and so is a number out of its range, at its own path with the value as written:
``$.cadence.holiday_window: expected an int from 0 to 90, got -5``. A check across a
policy's fields (``greet_from`` after ``greet_to``) runs once each field is fine on its
own and carries the path of the policy: ``$.cadence: greet_to: expected at least
greet_from (5), got 2``. Control characters in a key, a value or a policy's message (a
line break, NEL, a line separator, a terminal's escape sequence) are escaped as JSON and
TOML strings write them, so a problem never takes more than its line.

Complaints and their events: a host's complaint log goes to plain data and back with
:func:`event_to_dict` / :func:`event_from_dict` (the dict's ``"kind"`` is the
:class:`~retention.complaints.EventKind` value naming the event's class),
:func:`complaint_to_dict` / :func:`complaint_from_dict`, and :func:`case_to_dict` /
:func:`case_from_dict` for a whole case (``"complaint"``, ``"policy"`` as :func:`to_dict`
writes it, ``"events"``; the store hours go back in as an argument). Their forms are the
table's, except: an instant is ISO 8601 with its offset, then its IANA zone in brackets
when it has one (RFC 9557, ``"2025-10-26T02:30:00+01:00[Europe/Berlin]"``, so that a
time in the hour the clocks go back reads back equal); the text without the zone and an
aware ``datetime`` are read too, a time without an offset never. An amount is a decimal
string, an int or a ``Decimal``, never a float. ``None`` is ``null`` (a note may say
"none"). Keys without a default must be there; a problem of form is an
:class:`~retention.exceptions.InvalidInputError`, one line per problem with its JSON path.
"""

from __future__ import annotations

import datetime as dt
import difflib
import enum
import functools
import json
import math
import re
import types
import zoneinfo
from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar, cast, get_args, get_origin

import attrs

from retention._text import escape_controls
from retention._validate import check_instance, describe, is_a
from retention.cadence import CadencePolicy
from retention.churn import ChurnPolicy
from retention.complaints import (
    Apologised,
    Case,
    CauseDiagnosed,
    ClockPaused,
    ClockResumed,
    Closed,
    CompensationApproved,
    Complaint,
    ComplaintPolicy,
    Event,
    FollowedUp,
    Listened,
    Option,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
    Recorded,
    ResolutionProposed,
    Resolved,
    SlaPolicy,
    SlaTarget,
)
from retention.exceptions import (
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    RetentionError,
)
from retention.hours import StoreHours
from retention.mappings import FrozenMap
from retention.satisfaction import LoyaltyCurve, SatisfactionPolicy
from retention.segmentation import AbcPolicy, AttitudePolicy, EarlyAdopterPolicy

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "NONE",
    "Policies",
    "case_from_dict",
    "case_to_dict",
    "complaint_from_dict",
    "complaint_to_dict",
    "event_from_dict",
    "event_to_dict",
    "from_dict",
    "to_dict",
]

_P = TypeVar("_P")

#: How a ``None`` setting is written (TOML has no null).
NONE = "none"

_COUNTRY = re.compile(r"[A-Za-z]{2,3}")


def _country_code(value: object) -> str | None:
    """``value`` as a country code in upper case: 2 or 3 ASCII letters, or ``None``."""
    if value is None:
        return None
    if not isinstance(value, str) or not _COUNTRY.fullmatch(value):
        msg = (
            "country: expected a country code of 2 or 3 ASCII letters like CN or US, "
            f"got {describe(value)}"
        )
        raise InvalidPolicyError(msg)
    return value.upper()


@attrs.frozen(kw_only=True)
class Policies:
    """Every policy of the library in one value, for one TOML file or one database row.

    Each policy field defaults to that policy's defaults (and ``country`` to ``None``), so
    ``Policies()`` is the library's behaviour out of the box and ``from_dict(Policies, {})``
    gives it too.

    Attributes:
        country: The store's country, for its calendar (working days, holidays): an ISO
            3166 code of 2 or 3 letters as the ``holidays`` package takes it, such as
            ``"CN"`` or ``"US"``, stored in upper case; ``None`` (the default) when the
            policies name none. Whether the ``holidays`` package knows the code is
            checked where a calendar is built (the command line refuses an unknown one).
        abc: How customers are cut into A, B and C.
        attitude: Thresholds for reading attitude from behaviour.
        early_adopter: Who counts as an early adopter.
        cadence: The rhythm of contact.
        complaints: SLA targets, compensation limits, the follow-up.
        satisfaction: Scoring, the veto, word of mouth and loyalty.
        churn: The early warning and win-back.

    Raises:
        InvalidPolicyError: A field that is not a policy of its kind, or a ``country``
            that is not 2 or 3 ASCII letters.
    """

    country: str | None = attrs.field(default=None, converter=_country_code)
    abc: AbcPolicy = attrs.field(factory=AbcPolicy, validator=is_a(AbcPolicy, policy=True))
    attitude: AttitudePolicy = attrs.field(
        factory=AttitudePolicy, validator=is_a(AttitudePolicy, policy=True)
    )
    early_adopter: EarlyAdopterPolicy = attrs.field(
        factory=EarlyAdopterPolicy, validator=is_a(EarlyAdopterPolicy, policy=True)
    )
    cadence: CadencePolicy = attrs.field(
        factory=CadencePolicy, validator=is_a(CadencePolicy, policy=True)
    )
    complaints: ComplaintPolicy = attrs.field(
        factory=ComplaintPolicy, validator=is_a(ComplaintPolicy, policy=True)
    )
    satisfaction: SatisfactionPolicy = attrs.field(
        factory=SatisfactionPolicy, validator=is_a(SatisfactionPolicy, policy=True)
    )
    churn: ChurnPolicy = attrs.field(factory=ChurnPolicy, validator=is_a(ChurnPolicy, policy=True))


#: The classes :func:`to_dict` and :func:`from_dict` convert.
_CLASSES: tuple[type[Any], ...] = (
    Policies,
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
_NAMES = ", ".join(kind.__name__ for kind in _CLASSES)


def to_dict(policy: object) -> dict[str, Any]:
    """Turn ``policy`` into plain data: a dict of str, int, bool, lists and dicts.

    Every setting is written, defaults included. The result goes into ``json.dumps`` or
    a TOML writer as it is; the module docstring gives the forms.

    Args:
        policy: A :class:`Policies` bundle or one of the policies listed in the module
            docstring.

    Returns:
        A new dict; ``from_dict(type(policy), to_dict(policy)) == policy``.

    Raises:
        InvalidTypeError: ``policy`` is not one of those classes.
    """
    if type(policy) not in _CLASSES:
        msg = f"policy: expected one of {_NAMES}, got {describe(policy)}"
        raise InvalidTypeError(msg)
    return cast("dict[str, Any]", _converter().unstructure(policy))


def from_dict(cls: type[_P], data: Mapping[str, object]) -> _P:
    """Build a ``cls`` policy from plain data, such as ``tomllib.loads`` or ``json.loads`` gives.

    Missing keys keep their defaults; a mapping for a nested policy changes only the keys
    it names. Nothing is converted that would need a guess: see the module docstring.

    Args:
        cls: :class:`Policies` or one of the policies listed in the module docstring.
        data: The settings, a mapping from field name to plain value.

    Returns:
        The policy.

    Raises:
        InvalidTypeError: ``cls`` is not one of those classes.
        InvalidPolicyError: ``data`` does not fit: an unknown key, a value of the wrong
            type or form, or a value the policy refuses. The message has one line per
            problem, each starting with its JSON path (``$.cadence.cap_per_window:``).
    """
    if cls not in _CLASSES:
        msg = f"cls: expected one of {_NAMES}, got {describe(cls)}"
        raise InvalidTypeError(msg)
    try:
        return _converter().structure(data, cls)
    except _Bad as exc:
        problems = exc.problems
    # One line per problem: a control character in a key, a value or a policy's own
    # message (a line break, \x85, \u2028) is escaped, never allowed to split its line.
    msg = "\n".join(
        escape_controls(f"{_path(where)}: {message}", json=True) for where, message in problems
    )
    raise InvalidPolicyError(msg)


# --- problems and their paths -----------------------------------------------------------

_Where = tuple[object, ...]  # the keys and list indexes from the top to a value

_BARE_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SHOWN = 60  # characters of a bad value shown in a message


class _Bad(Exception):  # noqa: N818  # internal, never leaves this module
    """Plain data that does not fit; each problem's path is relative to the value."""

    def __init__(self, problems: list[tuple[_Where, str]]) -> None:
        super().__init__(problems)
        self.problems = problems


def _refuse(expected: str, value: object) -> NoReturn:
    """Raise the problem ``expected ..., got ...`` at the value's own path."""
    raise _Bad([((), f"expected {expected}, got {_shown(value)}")])


class _Missing:
    """Stands for a key that is not there, so that a hook refuses it in its own words."""


_MISSING = _Missing()


def _shown(value: object) -> str:  # noqa: PLR0911  # one form a line
    """Say what arrived, in the words of the plain data (JSON's, for scalars)."""
    if isinstance(value, _Missing):
        return "nothing: the key is missing"
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, Mapping):
        return "a mapping"
    if type(value) in {str, int, float}:
        text = json.dumps(value, ensure_ascii=False) if isinstance(value, str) else repr(value)
        return text if len(text) <= _SHOWN else text[: _SHOWN - 3] + "..."
    return describe(value)


def _path(where: _Where) -> str:
    """The JSON path of ``where``: ``$.complaints.limits["store manager"]``."""
    parts = ["$"]
    for key in where:
        if isinstance(key, str) and _BARE_KEY.fullmatch(key):
            parts.append(f".{key}")
        elif isinstance(key, str):
            parts.append(f"[{json.dumps(key, ensure_ascii=False)}]")
        else:
            parts.append(f"[{key!r}]")
    return "".join(parts)


def _unknown(key: object, fields: list[str]) -> str:
    close = difflib.get_close_matches(key, fields, n=1) if isinstance(key, str) else []
    return f"unknown key, did you mean {json.dumps(close[0])}?" if close else "unknown key"


# --- the converter ----------------------------------------------------------------------


def _int(value: object, _: object) -> int:
    if type(value) is not int:
        _refuse("int", value)
    return value


def _bool(value: object, _: object) -> bool:
    if type(value) is not bool:
        _refuse("true or false", value)
    return value


def _str(value: object, _: object) -> str:
    if type(value) is not str:
        _refuse("a string", value)
    return value


_DECIMAL_FORMS = 'a decimal number (a string such as "0.75", an int or a float)'
_DECIMAL = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def _decimal(value: object, _: object) -> Decimal:
    if type(value) is Decimal and value.is_finite():
        return value
    if type(value) is int:
        return Decimal(value)
    if type(value) is float and math.isfinite(value):
        # repr() gives the shortest decimal that reads back as the float: 0.75, not
        # 0.75000000000000000000001 or the like.
        return Decimal(repr(value))
    if type(value) is str and _DECIMAL.fullmatch(value):
        return Decimal(value)
    _refuse(_DECIMAL_FORMS, value)


def _decimal_text(value: Decimal) -> str:
    # str(), not format "f": "1E-999999999" stays short instead of a billion zeros.
    return str(value)


def _optional_decimal(value: object, kind: object) -> Decimal | None:
    if value is None or value == NONE:
        return None
    try:
        return _decimal(value, kind)
    except _Bad:
        _refuse(f'{_DECIMAL_FORMS} or "{NONE}"', value)


def _optional_decimal_text(value: Decimal | None) -> str:
    return NONE if value is None else _decimal_text(value)


def _optional_str(value: object, kind: object) -> str | None:
    if value is None or value == NONE:
        return None
    try:
        return _str(value, kind)
    except _Bad:
        _refuse(f'a string or "{NONE}"', value)


def _optional_str_text(value: str | None) -> str:
    return NONE if value is None else value


_DURATION = re.compile(
    r"PT(?=\d)(?:(?P<hours>\d+)H)?(?:(?P<minutes>\d+)M)?(?:(?P<seconds>\d+)(?:\.(?P<micro>\d{1,6}))?S)?"
)


def _duration(value: object, _: object) -> dt.timedelta:
    if isinstance(value, dt.timedelta):
        return value
    match = _DURATION.fullmatch(value) if type(value) is str else None
    if match is None:
        _refuse(
            'an ISO 8601 duration in hours, minutes and seconds, such as "PT4H" or "PT1H30M"', value
        )
    hours, minutes, seconds, micro = (
        match.group(name) or "0" for name in ("hours", "minutes", "seconds", "micro")
    )
    try:
        return dt.timedelta(
            hours=int(hours),
            minutes=int(minutes),
            seconds=int(seconds),
            microseconds=int(micro.ljust(6, "0")),
        )
    except OverflowError:
        _refuse(f"a duration of at most {dt.timedelta.max.days} days", value)


def _duration_text(value: dt.timedelta) -> str:
    """``value`` (not negative) as ``"PT1H30M"``: hours, minutes, seconds, never days."""
    seconds, micro = divmod(value // dt.timedelta(microseconds=1), 1_000_000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    text = "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "")
    if seconds or micro or text == "PT":
        fraction = f".{micro:06d}".rstrip("0") if micro else ""
        text += f"{seconds}{fraction}S"
    return text


def _is_enum(kind: object) -> bool:
    return isinstance(kind, type) and issubclass(kind, enum.Enum)


def _enum_hook(kind: type[enum.Enum]) -> Callable[[object, object], enum.Enum]:
    members = {member.value: member for member in kind}
    expected = "one of " + ", ".join(json.dumps(value) for value in members)

    def structure(value: object, _: object) -> enum.Enum:
        if type(value) is not str or value not in members:
            _refuse(expected, value)
        return members[value]

    return structure


def _enum_value(member: enum.Enum) -> object:
    return member.value


def _is_set(kind: object) -> bool:
    return get_origin(kind) is frozenset


def _set_hooks(
    converter: cattrs.Converter,
) -> tuple[Callable[[Any], Callable[..., Any]], Callable[[Any], Callable[..., Any]]]:
    def structure_factory(kind: Any) -> Callable[[object, object], frozenset[Any]]:  # noqa: ANN401
        (item,) = get_args(kind)

        def structure(value: object, _: object) -> frozenset[Any]:
            if type(value) is not list:
                _refuse("a list", value)
            seen: set[Any] = set()
            problems: list[tuple[_Where, str]] = []
            for index, raw in enumerate(value):
                try:
                    member = converter.structure(raw, item)
                except _Bad as exc:
                    problems.extend(((index, *inner), message) for inner, message in exc.problems)
                    continue
                if member in seen:
                    problems.append(((index,), f"expected no repeats, got {_shown(raw)} again"))
                seen.add(member)
            if problems:
                raise _Bad(problems)
            return frozenset(seen)

        return structure

    def unstructure_factory(kind: Any) -> Callable[[frozenset[Any]], list[Any]]:  # noqa: ANN401
        (item,) = get_args(kind)

        def unstructure(value: frozenset[Any]) -> list[Any]:
            return sorted(converter.unstructure(member, item) for member in value)

        return unstructure

    return structure_factory, unstructure_factory


def _is_map(kind: object) -> bool:
    return get_origin(kind) is FrozenMap


def _map_hooks(
    converter: cattrs.Converter,
) -> tuple[Callable[[Any], Callable[..., Any]], Callable[[Any], Callable[..., Any]]]:
    def structure_factory(kind: Any) -> Callable[[object, object], dict[str, Any]]:  # noqa: ANN401
        _key, item = get_args(kind)

        def structure(value: object, _: object) -> dict[str, Any]:
            if not isinstance(value, Mapping):
                _refuse("a mapping", value)
            result: dict[str, Any] = {}
            problems: list[tuple[_Where, str]] = []
            for key, raw in value.items():
                if type(key) is not str:
                    problems.append(((key,), f"expected a string key, got {_shown(key)}"))
                    continue
                try:
                    result[key] = converter.structure(raw, item)
                except _Bad as exc:
                    problems.extend(((key, *inner), message) for inner, message in exc.problems)
            if problems:
                raise _Bad(problems)
            return result

        return structure

    def unstructure_factory(kind: Any) -> Callable[[Mapping[str, Any]], dict[str, Any]]:  # noqa: ANN401
        _key, item = get_args(kind)

        def unstructure(value: Mapping[str, Any]) -> dict[str, Any]:
            return {key: converter.unstructure(raw, item) for key, raw in value.items()}

        return unstructure

    return structure_factory, unstructure_factory


def _class_hook(converter: cattrs.Converter) -> Callable[[Any], Callable[..., Any]]:
    def factory(kind: type[Any]) -> Callable[[object, object], Any]:
        attrs.resolve_types(kind)
        # A mapping for a nested policy changes only the keys it names, on top of the
        # field's default (which may differ from the nested class's own defaults).
        # Every class with a nested policy builds with its defaults alone.
        policies = [field for field in attrs.fields(kind) if field.type in _CLASSES]
        defaults = kind() if policies else None
        nested = {
            field.name: converter.unstructure(getattr(defaults, field.name), field.type)
            for field in policies
        }
        return functools.partial(_structure_policy, converter, kind, nested)

    return factory


def _structure_policy(
    converter: cattrs.Converter,
    kind: type[Any],
    nested: dict[str, dict[str, Any]],
    value: object,
    _: object,
) -> Any:  # noqa: ANN401
    """Build a ``kind`` policy from a mapping, or raise ``_Bad`` with every problem.

    Each field is read and checked on its own, so a bad value in one field, a number out
    of range in another and an unknown key are all reported at once. A check across
    fields (``greet_to`` before ``greet_from``) runs when every field is fine on its own.
    """
    if not isinstance(value, Mapping):
        _refuse(f"a mapping of {kind.__name__} settings", value)
    data = dict(value)
    for name, default in nested.items():
        given = data.get(name)
        if isinstance(given, Mapping):
            data[name] = {**default, **given}
    fields = attrs.fields(kind)
    names = [field.name for field in fields]
    built: dict[str, Any] = {}
    problems: list[tuple[_Where, str]] = []
    for field in fields:
        if field.name in data:
            found = _structure_field(converter, field, data[field.name], built)
            problems.extend(((field.name, *inner), text) for inner, text in found)
        elif field.default is attrs.NOTHING:
            problems.append(((field.name,), "missing, and it has no default"))
    extra = sorted(data.keys() - set(names), key=repr)
    unknown: list[tuple[_Where, str]] = [((key,), _unknown(key, names)) for key in extra]
    if problems:
        raise _Bad([*problems, *unknown])
    try:
        policy = kind(**built)
    except RetentionError as exc:  # a check across fields
        raise _Bad([((), str(exc)), *unknown]) from None
    if unknown:
        raise _Bad(unknown)
    return policy


def _structure_field(
    converter: cattrs.Converter, field: attrs.Attribute[Any], raw: object, built: dict[str, Any]
) -> list[tuple[_Where, str]]:
    """Structure one field's plain value into ``built``; return its problems, if any.

    The value is read in its plain form first (``_Bad`` for the wrong type or form),
    then put through the field's own converter and validator, so that a number out of
    its range is reported at the field's own path.
    """
    try:
        value = converter.structure(raw, cast("type[Any]", field.type))
    except _Bad as exc:
        return exc.problems
    try:
        if callable(field.converter):
            value = field.converter(value)
        if field.validator is not None:
            field.validator(None, field, value)
    except RetentionError as exc:
        text = str(exc).removeprefix(f"{field.name}: ")
        expected, got, _ = text.rpartition(", got ")
        if got and type(raw) in {str, int, float, bool}:
            # What arrived, as the file has it ("0"), not as Python holds it (Decimal('0')).
            text = f"{expected}, got {_shown(raw)}"
        return [((), text)]
    built[field.name] = value
    return []


@functools.cache
def _converter() -> cattrs.Converter:
    """The one converter, built on first use (strict hooks for every field type)."""
    import cattrs  # noqa: PLC0415  # loaded on the first conversion, not on import

    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(int, _int)
    converter.register_structure_hook(bool, _bool)
    converter.register_structure_hook(str, _str)
    converter.register_structure_hook(Decimal, _decimal)
    converter.register_unstructure_hook(Decimal, _decimal_text)
    optional = Decimal | None
    converter.register_structure_hook_func(lambda kind: kind == optional, _optional_decimal)
    converter.register_unstructure_hook_func(lambda kind: kind == optional, _optional_decimal_text)
    optional_str = str | None
    converter.register_structure_hook_func(lambda kind: kind == optional_str, _optional_str)
    converter.register_unstructure_hook_func(lambda kind: kind == optional_str, _optional_str_text)
    converter.register_structure_hook(dt.timedelta, _duration)
    converter.register_unstructure_hook(dt.timedelta, _duration_text)
    converter.register_structure_hook_factory(_is_enum, _enum_hook)
    converter.register_unstructure_hook_func(_is_enum, _enum_value)
    structure_set, unstructure_set = _set_hooks(converter)
    converter.register_structure_hook_factory(_is_set, structure_set)
    converter.register_unstructure_hook_factory(_is_set, unstructure_set)
    structure_map, unstructure_map = _map_hooks(converter)
    converter.register_structure_hook_factory(_is_map, structure_map)
    converter.register_unstructure_hook_factory(_is_map, unstructure_map)
    converter.register_structure_hook_factory(lambda kind: kind in _CLASSES, _class_hook(converter))
    return converter


# --- complaint events, complaints and cases ---------------------------------------------

#: Every kind of complaint event, by its ``"kind"`` value.
_EVENTS: dict[str, type[Event]] = {
    kind.kind.value: kind
    for kind in (
        Listened,
        Apologised,
        CauseDiagnosed,
        ResolutionProposed,
        CompensationApproved,
        Resolved,
        FollowedUp,
        Recorded,
        Closed,
        PromiseMade,
        PromiseKept,
        PromiseBroken,
        ClockPaused,
        ClockResumed,
    )
}
#: The classes the record converter builds from a mapping of their fields.
_RECORDS: tuple[type[Any], ...] = (Complaint, Option, *_EVENTS.values())
_KINDS = "one of " + ", ".join(json.dumps(kind) for kind in _EVENTS)
_EVENT_NAMES = ", ".join(kind.__name__ for kind in _EVENTS.values())
_CASE_KEYS = ("complaint", "policy", "events")


_INSTANT = re.compile(r"(?P<text>[^\[\]]+)(?:\[(?P<zone>[^\[\]]+)\])?")
_INSTANT_FORMS = (
    'an ISO 8601 date and time with its UTC offset, such as "2025-05-28T19:00:00+08:00", '
    'optionally followed by its IANA zone: "2025-05-28T19:00:00+08:00[Asia/Shanghai]"'
)


def _instant(value: object, _: object) -> dt.datetime:
    """An aware datetime from its text (RFC 9557: offset, then the zone if any)."""
    if isinstance(value, dt.datetime):  # a database's timestamp with time zone
        if value.utcoffset() is None:
            _refuse(f"{_INSTANT_FORMS} (a datetime without one names no instant)", value)
        return value
    match = _INSTANT.fullmatch(value) if type(value) is str else None
    if match is None:
        _refuse(_INSTANT_FORMS, value)
    try:
        parsed = dt.datetime.fromisoformat(match["text"])
    except ValueError:
        _refuse(_INSTANT_FORMS, value)
    offset = parsed.utcoffset()
    if offset is None:
        _refuse(f"{_INSTANT_FORMS} (a local time without one names no instant)", value)
    key = match["zone"]
    if key is None:
        return parsed
    try:
        zone = zoneinfo.ZoneInfo(key)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        _refuse("a time zone the IANA database knows in the brackets", value)
    wall = parsed.replace(tzinfo=None)
    for fold in (0, 1):  # in the hour the clocks go back, the offset says which time round
        written = wall.replace(tzinfo=zone, fold=fold)
        if written.utcoffset() == offset:
            return written
    _refuse(f"an offset that {key} has at that date and time", value)


def _instant_text(value: dt.datetime) -> str:
    """``value`` in ISO 8601 with its offset, then its IANA zone in brackets if it has one."""
    text = value.isoformat()
    zone = value.tzinfo
    if isinstance(zone, zoneinfo.ZoneInfo) and zone.key:
        text += f"[{zone.key}]"
    return text


_MONEY_FORMS = 'an amount as a decimal string such as "12.50", or an int'


def _money(value: object, _: object) -> Decimal:
    """An amount: a decimal string, an int or a Decimal; never a float (0.1 is not exact)."""
    if type(value) is Decimal:
        return value
    if type(value) is int:
        return Decimal(value)
    if type(value) is str and _DECIMAL.fullmatch(value):
        return Decimal(value)
    _refuse(_MONEY_FORMS, value)


def _is_optional(kind: object) -> bool:
    args = get_args(kind)
    return get_origin(kind) is types.UnionType and len(args) == 2 and type(None) in args  # noqa: PLR2004  # X | None


def _optional_hooks(
    converter: cattrs.Converter,
) -> tuple[Callable[[Any], Callable[..., Any]], Callable[[Any], Callable[..., Any]]]:
    def inner(kind: Any) -> Any:  # noqa: ANN401  # a field type
        return next(arg for arg in get_args(kind) if arg is not type(None))

    def structure_factory(kind: Any) -> Callable[[object, object], Any]:  # noqa: ANN401
        item = inner(kind)

        def structure(value: object, _: object) -> Any:  # noqa: ANN401  # the item or None
            if value is None:
                return None
            try:
                return converter.structure(value, item)
            except _Bad as exc:  # a scalar's hook: one problem, "expected ..., got ..."
                message = exc.problems[0][1].removeprefix("expected ")
                expected = message.removesuffix(f", got {_shown(value)}")
                _refuse(f"{expected} or null", value)

        return structure

    def unstructure_factory(kind: Any) -> Callable[[Any], Any]:  # noqa: ANN401
        item = inner(kind)

        def unstructure(value: object) -> object:
            return None if value is None else converter.unstructure(value, item)

        return unstructure

    return structure_factory, unstructure_factory


def _is_tuple(kind: object) -> bool:
    args = get_args(kind)
    return get_origin(kind) is tuple and len(args) == 2 and args[1] is Ellipsis  # noqa: PLR2004  # tuple[X, ...]


def _tuple_hooks(
    converter: cattrs.Converter,
) -> tuple[Callable[[Any], Callable[..., Any]], Callable[[Any], Callable[..., Any]]]:
    def structure_factory(kind: Any) -> Callable[[object, object], tuple[Any, ...]]:  # noqa: ANN401
        item = get_args(kind)[0]

        def structure(value: object, _: object) -> tuple[Any, ...]:
            if type(value) not in {list, tuple}:
                _refuse("a list", value)
            out: list[Any] = []
            problems: list[tuple[_Where, str]] = []
            for index, raw in enumerate(cast("list[object]", value)):
                try:
                    out.append(converter.structure(raw, item))
                except _Bad as exc:
                    problems.extend(((index, *inner), message) for inner, message in exc.problems)
            if problems:
                raise _Bad(problems)
            return tuple(out)

        return structure

    def unstructure_factory(kind: Any) -> Callable[[tuple[Any, ...]], list[Any]]:  # noqa: ANN401
        item = get_args(kind)[0]

        def unstructure(value: tuple[Any, ...]) -> list[Any]:
            return [converter.unstructure(member, item) for member in value]

        return unstructure

    return structure_factory, unstructure_factory


def _structure_record(converter: cattrs.Converter, kind: type[_P], value: object) -> _P:
    """Build a ``kind`` value from a mapping of its fields, or raise ``_Bad`` with every problem.

    Every field without a default must be there; a field with one may be left out. Each
    field is read in its plain form, then put through its own converter and validator;
    a check across fields (a cause ``other`` without a note) runs once each is fine.
    """
    if not isinstance(value, Mapping):
        _refuse(f"a mapping of {kind.__name__} fields", value)
    fields = [field for field in attrs.fields(cast("Any", kind)) if field.init]
    names = [field.name for field in fields]
    built: dict[str, Any] = {}
    problems: list[tuple[_Where, str]] = []
    for field in fields:
        if field.name in value:
            found = _structure_field(converter, field, value[field.name], built)
            problems.extend(((field.name, *inner), text) for inner, text in found)
        elif field.default is attrs.NOTHING:  # the field's hook refuses it in its words
            found = _structure_field(converter, field, _MISSING, built)
            problems.extend(((field.name, *inner), text) for inner, text in found)
    for key in sorted(value.keys() - set(names), key=repr):
        known = ", ".join(names)
        problems.append(((key,), f"{_unknown(key, names)} (the {kind.__name__} fields: {known})"))
    if problems:
        raise _Bad(problems)
    try:
        return kind(**built)
    except RetentionError as exc:  # a check across fields
        raise _Bad([((), str(exc))]) from None


def _record_dict(converter: cattrs.Converter, value: object) -> dict[str, Any]:
    """Every field of ``value`` in its plain form, in the class's order."""
    return {
        field.name: converter.unstructure(getattr(value, field.name), field.type)
        for field in attrs.fields(cast("Any", type(value)))
        if field.init
    }


@functools.cache
def _records_converter() -> cattrs.Converter:
    """The converter of complaints and their events, built on first use.

    Its own, not the policies': ``None`` is JSON's null here (a note may say "none"),
    an amount is never a float, and an instant is a string with its offset.
    """
    import cattrs  # noqa: PLC0415  # loaded on the first conversion, not on import

    converter = cattrs.Converter(forbid_extra_keys=True, detailed_validation=True)
    converter.register_structure_hook(int, _int)
    converter.register_structure_hook(bool, _bool)
    converter.register_structure_hook(str, _str)
    converter.register_structure_hook(Decimal, _money)
    converter.register_unstructure_hook(Decimal, _decimal_text)
    converter.register_structure_hook(dt.datetime, _instant)
    converter.register_unstructure_hook(dt.datetime, _instant_text)
    converter.register_structure_hook_factory(_is_enum, _enum_hook)
    converter.register_unstructure_hook_func(_is_enum, _enum_value)
    structure_optional, unstructure_optional = _optional_hooks(converter)
    converter.register_structure_hook_factory(_is_optional, structure_optional)
    converter.register_unstructure_hook_factory(_is_optional, unstructure_optional)
    structure_tuple, unstructure_tuple = _tuple_hooks(converter)
    converter.register_structure_hook_factory(_is_tuple, structure_tuple)
    converter.register_unstructure_hook_factory(_is_tuple, unstructure_tuple)
    for kind in _RECORDS:
        attrs.resolve_types(kind)
    converter.register_structure_hook_func(
        lambda kind: kind in _RECORDS,
        lambda value, kind: _structure_record(converter, kind, value),
    )
    converter.register_unstructure_hook_func(
        lambda kind: kind in _RECORDS, functools.partial(_record_dict, converter)
    )
    return converter


def _input_error(problems: list[tuple[_Where, str]]) -> InvalidInputError:
    """One line per problem, each starting with its JSON path, control characters escaped."""
    return InvalidInputError(
        "\n".join(
            escape_controls(f"{_path(where)}: {message}", json=True) for where, message in problems
        )
    )


def _event(converter: cattrs.Converter, value: object) -> Event:
    if not isinstance(value, Mapping):
        _refuse('a mapping of event fields with its "kind"', value)
    if "kind" not in value:
        raise _Bad([(("kind",), f"expected {_KINDS}, got {_shown(_MISSING)}")])
    kind = value["kind"]
    cls = _EVENTS.get(kind) if type(kind) is str else None
    if cls is None:
        raise _Bad([(("kind",), f"expected {_KINDS}, got {_shown(kind)}")])
    return _structure_record(converter, cls, {k: v for k, v in value.items() if k != "kind"})


def event_to_dict(event: Event) -> dict[str, Any]:
    """Turn a complaint event into plain data: ``"kind"`` first, then every field.

    ``"kind"`` is the event's :class:`~retention.complaints.EventKind` value
    (``"listened"``, ``"promise_made"``, ...); every field follows, ``None`` ones too
    (as ``null``). The forms are the module docstring's "Complaints and their events".

    Args:
        event: One of the fourteen kinds of :class:`~retention.complaints.Event`.

    Returns:
        A new dict of str, int, bool, ``None``, lists and dicts, ready for
        ``json.dumps``; ``event_from_dict(event_to_dict(event)) == event``.

    Raises:
        InvalidTypeError: ``event`` is not one of those kinds.
    """
    if type(event) not in _EVENTS.values():
        msg = f"event: expected one of {_EVENT_NAMES}, got {describe(event)}"
        raise InvalidTypeError(msg)
    return {"kind": event.kind.value, **_record_dict(_records_converter(), event)}


def event_from_dict(data: Mapping[str, object]) -> Event:
    """Build a complaint event from plain data, as :func:`event_to_dict` writes it.

    ``"kind"`` names the kind of event; every field without a default must be there,
    ``by`` and ``note`` may be left out. Nothing is converted that would need a guess.

    Args:
        data: A mapping with ``"kind"`` and the event's fields.

    Returns:
        The event.

    Raises:
        InvalidInputError: ``data`` does not fit: no ``"kind"`` or an unknown one, a
            missing or unknown key, a value of the wrong type or form (a number for a
            string, a float for an amount, a date and time without its UTC offset), or
            a value the event refuses. The message has one line per problem, each
            starting with its JSON path (``$.at:``), saying what was expected and what
            arrived.
    """
    try:
        return _event(_records_converter(), data)
    except _Bad as exc:
        raise _input_error(exc.problems) from None


def complaint_to_dict(complaint: Complaint) -> dict[str, Any]:
    """Turn a :class:`~retention.complaints.Complaint` into plain data, every field written.

    Returns:
        A new dict; ``complaint_from_dict(complaint_to_dict(complaint)) == complaint``.

    Raises:
        InvalidTypeError: ``complaint`` is not a Complaint.
    """
    check_instance("complaint", complaint, Complaint)
    return _record_dict(_records_converter(), complaint)


def complaint_from_dict(data: Mapping[str, object]) -> Complaint:
    """Build a :class:`~retention.complaints.Complaint` from plain data.

    ``complaint_id``, ``customer_id``, ``received_at``, ``channel`` and ``summary`` must
    be there; the others may be left out and keep their defaults.

    Raises:
        InvalidInputError: ``data`` does not fit (see :func:`event_from_dict`).
    """
    try:
        return _structure_record(_records_converter(), Complaint, data)
    except _Bad as exc:
        raise _input_error(exc.problems) from None


def case_to_dict(case: Case) -> dict[str, Any]:
    """Turn a :class:`~retention.complaints.Case` into plain data: its log.

    The dict has ``"complaint"`` (:func:`complaint_to_dict`), ``"policy"`` (the
    case's :class:`~retention.complaints.ComplaintPolicy`, as :func:`to_dict` writes
    it) and ``"events"`` (a list of :func:`event_to_dict`, in order). The store hours
    are not part of it: they are the store's, not the case's, and go back in with
    :func:`case_from_dict`.

    Returns:
        A new dict, ready for ``json.dumps``;
        ``case_from_dict(case_to_dict(case), hours=case.hours) == case``.

    Raises:
        InvalidTypeError: ``case`` is not a Case.
    """
    check_instance("case", case, Case)
    return {
        "complaint": complaint_to_dict(case.complaint),
        "policy": to_dict(case.policy),
        "events": [event_to_dict(event) for event in case.events],
    }


def case_from_dict(data: Mapping[str, object], *, hours: StoreHours) -> Case:
    """Rebuild a case from the plain data :func:`case_to_dict` writes, and fold its events.

    ``"complaint"`` must be there; ``"policy"`` may be left out (the default
    :class:`~retention.complaints.ComplaintPolicy`) or name only the settings it
    changes, as :func:`from_dict` reads a policy; ``"events"`` may be left out (no
    events). Every problem of form, in the complaint, the policy and each event, is
    reported at once; then the events are folded as :meth:`Case.open
    <retention.complaints.Case.open>` folds them.

    Args:
        data: A mapping with ``"complaint"``, ``"policy"`` and ``"events"``.
        hours: The store's working time, for the SLA clocks.

    Returns:
        The case.

    Raises:
        InvalidInputError: ``data`` does not fit (one line per problem, each with its
            JSON path: ``$.events[2].at: ...``), or a proposal names a role the policy
            does not have (``$.events[3]: ...``).
        InvalidTransitionError: An event the case cannot take at that point (CMP-STEPS),
            its path first: ``$.events[4]: closed at ...``.
        InvalidTypeError: ``hours`` is not a StoreHours.
    """
    check_instance("hours", hours, StoreHours)
    if not isinstance(data, Mapping):
        expected = f"a mapping of {', '.join(_CASE_KEYS)}"
        raise _input_error([((), f"expected {expected}, got {_shown(data)}")])
    converter = _records_converter()
    problems: list[tuple[_Where, str]] = []
    complaint = _part(
        problems,
        "complaint",
        data.get("complaint", _MISSING),
        functools.partial(_structure_record, converter, Complaint),
    )
    policy = _part(
        problems,
        "policy",
        data.get("policy", {}),
        functools.partial(_converter().structure, cl=ComplaintPolicy),
    )
    events = _part(
        problems, "events", data.get("events", []), functools.partial(_events, converter)
    )
    problems.extend(
        ((key,), f"{_unknown(key, list(_CASE_KEYS))} (the keys: {', '.join(_CASE_KEYS)})")
        for key in sorted(data.keys() - set(_CASE_KEYS), key=repr)
    )
    if complaint is None or policy is None or events is None or problems:
        raise _input_error(problems)
    return _fold(complaint, policy=policy, hours=hours, events=events)


def _part(
    problems: list[tuple[_Where, str]], key: str, raw: object, build: Callable[[object], _P]
) -> _P | None:
    """``build(raw)``, or ``None`` with its problems added to ``problems`` under ``key``."""
    try:
        return build(raw)
    except _Bad as exc:
        problems.extend(((key, *where), text) for where, text in exc.problems)
        return None


def _events(converter: cattrs.Converter, value: object) -> list[Event]:
    """The events of a list of their plain forms, or ``_Bad`` with every problem."""
    if type(value) not in {list, tuple}:
        _refuse("a list of events", value)
    events: list[Event] = []
    problems: list[tuple[_Where, str]] = []
    for index, raw in enumerate(cast("list[object]", value)):
        try:
            events.append(_event(converter, raw))
        except _Bad as exc:
            problems.extend(((index, *where), text) for where, text in exc.problems)
    if problems:
        raise _Bad(problems)
    return events


def _fold(
    complaint: Complaint, *, policy: ComplaintPolicy, hours: StoreHours, events: list[Event]
) -> Case:
    """The case of ``events``, or the first refused event's error with its path."""
    try:
        return Case.open(complaint, hours=hours, policy=policy, events=events)
    except RetentionError as exc:
        error = exc
    # A fold refuses every log from its first refused event on: find that event by
    # halving, keeping the error of the shortest refused log.
    low, high = 0, len(events)  # the first ``low`` events fold; the first ``high`` do not
    while high - low > 1:
        middle = (low + high) // 2
        try:
            Case.open(complaint, hours=hours, policy=policy, events=events[:middle])
        except RetentionError as exc:
            high, error = middle, exc
        else:
            low = middle
    return _raise(type(error)(f"$.events[{high - 1}]: {error}"))


def _raise(error: RetentionError) -> NoReturn:
    raise error
