"""CadencePolicy: every number of the contact rhythm in one place."""

from __future__ import annotations

import enum
from typing import TypeVar

import attrs

from retention._validate import (
    as_policy_error,
    check_id,
    check_iterable,
    policy_flag_field,
    policy_int_field,
    to_enum,
)
from retention.exceptions import InvalidPolicyError
from retention.segmentation import AbcClass, Attitude

__all__ = ["CadencePolicy"]

_E = TypeVar("_E", bound=enum.Enum)


def _member(field: str, enum_type: type[_E], value: object) -> _E:
    return as_policy_error(lambda: to_enum(field, enum_type, value))


def _names(value: object) -> frozenset[str]:
    items = as_policy_error(lambda: check_iterable("no_wish_occasions", value, "names"))
    return frozenset(_name(item) for item in items)


def _name(value: object) -> str:
    return as_policy_error(lambda: check_id("no_wish_occasions", value))


def _classes(value: object) -> frozenset[AbcClass]:
    items = as_policy_error(lambda: check_iterable("close_classes", value, "ABC classes"))
    return frozenset(_member("close_classes", AbcClass, item) for item in items)


def _attitudes(value: object) -> frozenset[Attitude]:
    items = as_policy_error(lambda: check_iterable("close_attitudes", value, "attitudes"))
    return frozenset(_member("close_attitudes", Attitude, item) for item in items)


@attrs.frozen(kw_only=True)
class CadencePolicy:
    """The rhythm of contact: windows, caps, priorities' thresholds (CAD-* rules).

    Where the seeds give a number it is the default; the rest are the library's
    decisions and say so. Days count from the anchor: the purchase day is day 0.

    Every number has a range, checked on construction (the table in the configuration
    page lists them all): windows, intervals and leads are at most 365 days, since a
    contact rhythm is planned within a year; the holiday window is at most 90 days;
    the frequency look-back at most 3,660 days (ten years); a customer gets at most
    10 capped contacts a day and 100 a window. A larger number is a mistake, not a
    plan, and is refused with :class:`~retention.exceptions.InvalidPolicyError`.

    Attributes:
        door_for_new_customers: Walk first-time buyers to the door too. The seed says
            "returning customers who pay" (CAD-DOOR), so the default is ``False``.
        door_for_visits: Also walk customers served without buying (CAD-DOOR's later
            extension). Default ``False``.
        greet_from: First day of the greeting window (CAD-GREET, "within two days": 1).
        greet_to: Last day of the greeting window (2).
        survey_from: First day of the usage-survey window (CAD-SURVEY, "about a week": 6).
        survey_to: Last day of the usage-survey window (9).
        keep_interval: Days from the last contact to the next keep-in-touch (CAD-KEEP,
            "about once a month": 30).
        keep_slack: Days a keep-in-touch may slip past its aim when blocked (7).
        holiday_window: A keep-in-touch within this many days of an occasion moves onto
            it and becomes the holiday wish (7).
        invite_lead: Days before a store event the invitation is due (CAD-INVITE, 3).
        close_classes: ABC classes that, together with :attr:`close_attitudes`, make a
            close relationship when the host gives no flag (default: A).
        close_attitudes: Attitudes that do so (default: loyal).
        call_fallback_to_message: A call that finds no staff capacity in its window
            becomes a message instead of overflow (default ``True``).
        cap_per_day: Most capped contacts a customer gets in one day (CAD-CAP, 1).
        cap_per_window: Most capped contacts in any rolling :attr:`cap_window_days`
            (CAD-CAP, 4).
        cap_window_days: Length of the rolling window (30).
        frequent_purchases: Purchases in :attr:`frequent_lookback_days` that make a
            frequent customer for the club cadence (CAD-CLUB, library decision: 6).
        frequent_lookback_days: The look-back for :attr:`frequent_purchases` (365).
        club_interval: Days between club reward messages (CAD-CLUB, decision: 90).
        no_wish_occasions: Occasions (by :attr:`~retention.calendar.Occasion.key`, the
            English name) that never get a holiday wish. Library decision: Qingming
            (``"Tomb-Sweeping Day"`` in CN and TW, ``"Ching Ming Festival"`` in HK and
            MO) is a day for remembering the dead, not for greetings; it stays a day off.
        new_days: A customer whose first purchase is at most this many days before the
            plan is *new* (library decision: 30, the first month, the greeting and the
            survey's time).
        lapse_days: A customer with no purchase for more than this many days has
            *lapsed*: routine contacts (keep-in-touch, holiday wishes, invitations,
            club rewards) stop, and the win-back sequence starts (CHURN-WINBACK).
            Library decision: 180, half a year, as the early warning's hiatus; stores
            that sunset e-mail use 90 to 180 days.
        winback_spacing_days: Days between the steps of the win-back sequence: a
            message, a call for the classes the churn policy calls (A by default), a
            last message (library decision: 14). When the last step's window ends
            without a purchase the customer is *sunset*: no marketing until they buy
            again; service contacts still go.
        messages_per_day: Most messages the store sends in one day, all purposes
            together (CAD-CAPACITY: a wave must not swamp the store or its customers'
            phones; library decision: 1,000). Waves spread over their windows by
            priority; what does not fit is reported.
        calls_per_day: Most calls the store makes in one day, on top of each staff
            member's capacity (library decision: 100).
        busy_day_factor: The plan's summary warns about a day with more than this many
            times the contacts of the plan's median busy day (library decision: 3).
    """

    door_for_new_customers: bool = policy_flag_field("door_for_new_customers", default=False)
    door_for_visits: bool = policy_flag_field("door_for_visits", default=False)
    greet_from: int = policy_int_field("greet_from", 1, low=1, high=365)
    greet_to: int = policy_int_field("greet_to", 2, low=1, high=365)
    survey_from: int = policy_int_field("survey_from", 6, low=1, high=365)
    survey_to: int = policy_int_field("survey_to", 9, low=1, high=365)
    keep_interval: int = policy_int_field("keep_interval", 30, low=1, high=365)
    keep_slack: int = policy_int_field("keep_slack", 7, low=0, high=365)
    holiday_window: int = policy_int_field("holiday_window", 7, low=0, high=90)
    invite_lead: int = policy_int_field("invite_lead", 3, low=1, high=365)
    close_classes: frozenset[AbcClass] = attrs.field(
        default=frozenset({AbcClass.A}), converter=_classes
    )
    close_attitudes: frozenset[Attitude] = attrs.field(
        default=frozenset({Attitude.LOYAL}), converter=_attitudes
    )
    call_fallback_to_message: bool = policy_flag_field("call_fallback_to_message", default=True)
    cap_per_day: int = policy_int_field("cap_per_day", 1, low=1, high=10)
    cap_per_window: int = policy_int_field("cap_per_window", 4, low=1, high=100)
    cap_window_days: int = policy_int_field("cap_window_days", 30, low=1, high=365)
    frequent_purchases: int = policy_int_field("frequent_purchases", 6, low=1, high=10_000)
    frequent_lookback_days: int = policy_int_field("frequent_lookback_days", 365, low=1, high=3_660)
    club_interval: int = policy_int_field("club_interval", 90, low=1, high=365)
    no_wish_occasions: frozenset[str] = attrs.field(
        default=frozenset({"Tomb-Sweeping Day", "Ching Ming Festival"}), converter=_names
    )

    new_days: int = policy_int_field("new_days", 30, low=1, high=3_660)
    lapse_days: int = policy_int_field("lapse_days", 180, low=1, high=3_660)
    winback_spacing_days: int = policy_int_field("winback_spacing_days", 14, low=1, high=365)
    messages_per_day: int = policy_int_field("messages_per_day", 1_000, low=1, high=10**9)
    calls_per_day: int = policy_int_field("calls_per_day", 100, low=1, high=10**9)
    busy_day_factor: int = policy_int_field("busy_day_factor", 3, low=1, high=1_000)

    def __attrs_post_init__(self) -> None:
        """Check that the windows and caps agree with each other."""
        for first, last in (("greet_from", "greet_to"), ("survey_from", "survey_to")):
            low, high = getattr(self, first), getattr(self, last)
            if low > high:
                msg = f"{last}: expected at least {first} ({low}), got {high}"
                raise InvalidPolicyError(msg)
        if self.cap_per_day > self.cap_per_window:
            msg = (
                f"cap_per_day: expected at most cap_per_window ({self.cap_per_window}), "
                f"got {self.cap_per_day}"
            )
            raise InvalidPolicyError(msg)

    def describe(self) -> str:
        """One line with the numbers that matter most, for reasons and reports."""
        return (
            f"greet day {self.greet_from}-{self.greet_to}, survey day "
            f"{self.survey_from}-{self.survey_to}, keep in touch every {self.keep_interval} "
            f"days, at most {self.cap_per_window} per {self.cap_window_days} days and "
            f"{self.cap_per_day} a day"
        )
