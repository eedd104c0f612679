"""Candidate contacts from purchases, visits, events, service tasks and the club.

* CAD-DOOR, CAD-GREET, CAD-SURVEY: :func:`post_purchase`
* CAD-INVITE: :func:`invitations` (close relationships by phone: :func:`is_close`)
* CAD-CLUB: :func:`club`
* Service contacts (complaint follow-ups, CMP-STEPS step 5): :func:`service`
* Win-back contacts from the churn early warning (CHURN-WINBACK): :func:`winbacks`
"""

from __future__ import annotations

import datetime as dt

from retention.cadence._engine import ONE, Planner, Waiting
from retention.cadence._model import (
    Channel,
    CustomerProfile,
    Purpose,
    ServiceTask,
    StoreEvent,
    WinBack,
)
from retention.cadence._policy import CadencePolicy

__all__ = ["club", "invitations", "is_close", "post_purchase", "service", "winbacks"]


def post_purchase(
    customer: CustomerProfile,
    days: tuple[dt.date, ...],
    visit_days: set[dt.date],
    planner: Planner,
) -> list[Waiting]:
    """Door walk, greeting and survey candidates from the purchase days (and visits)."""
    policy = planner.policy
    start, end = planner.start, planner.end
    cid = customer.customer_id
    out: list[Waiting] = []
    # A plan starts in year 2 or later (a calendar's first year) and a policy's days are
    # at most 365, so the look-back is a day a date can hold.
    lookback = start - dt.timedelta(days=max(policy.greet_to, policy.survey_to))
    first_purchase = days[0] if days else None
    door_days = sorted({d for d in days if start <= d <= end} | visit_days)
    for day in door_days:
        bought = day in days
        returning = first_purchase is not None and first_purchase < day
        if bought and not (returning or policy.door_for_new_customers):
            continue
        what = (
            "a paying returning customer"
            if returning and bought
            else ("a paying first-time customer" if bought else "a customer served without buying")
        )
        out.append(
            planner.waiting(
                customer,
                contact_id=f"{cid}/CAD-DOOR/{day}",
                purpose=Purpose.DOOR,
                channel=Channel.IN_PERSON,
                due=day,
                last=day,
                rule_id="CAD-DOOR",
                detail=f"walk {what} to the door on {day}; remind them to come often "
                "and bring friends",
            )
        )
    for day in days:
        if day < lookback or day > end:
            continue
        for purpose, rule_id, low, high, text in (
            (Purpose.GREET, "CAD-GREET", policy.greet_from, policy.greet_to, "greeting"),
            (Purpose.SURVEY, "CAD-SURVEY", policy.survey_from, policy.survey_to, "usage survey"),
        ):
            due = day + dt.timedelta(days=low)
            if due > end:
                continue
            out.append(
                planner.waiting(
                    customer,
                    contact_id=f"{cid}/{rule_id}/{day}",
                    purpose=purpose,
                    channel=Channel.MESSAGE,
                    due=due,
                    last=day + dt.timedelta(days=high),
                    rule_id=rule_id,
                    detail=f"{text} message day {low}-{high} after the purchase on {day}",
                )
            )
    return out


def is_close(customer: CustomerProfile, policy: CadencePolicy) -> tuple[bool, str]:
    if customer.close is not None:
        return customer.close, "the store marks the relationship as close" if customer.close else (
            "the store marks the relationship as not close"
        )
    close = customer.abc in policy.close_classes and customer.attitude in policy.close_attitudes
    abc = customer.abc.value if customer.abc else "unclassified"
    attitude = customer.attitude.value if customer.attitude else "unknown attitude"
    verdict = "close" if close else "not close"
    return close, f"class {abc} and {attitude}: {verdict} by the policy"


def invitations(
    customer: CustomerProfile,
    first_purchase: dt.date | None,
    events: list[StoreEvent],
    planner: Planner,
) -> list[Waiting]:
    """Invitation candidates for the store events (CAD-INVITE)."""
    if first_purchase is None:
        return []
    lead = dt.timedelta(days=planner.policy.invite_lead)
    cid = customer.customer_id
    out = []
    close, why = is_close(customer, planner.policy)
    for event in events:
        # The event day is checked first: an event on 0001-01-01 has no day before it.
        if event.date <= planner.start:
            continue
        due = event.date - lead
        if due > planner.end:
            continue
        if first_purchase >= due:
            continue  # not an old customer yet when the invitation goes out
        if event.segments and customer.abc not in event.segments:
            continue
        channel = Channel.PHONE if close else Channel.MESSAGE
        how = "phone" if close else "message"
        out.append(
            planner.waiting(
                customer,
                contact_id=f"{cid}/CAD-INVITE/{event.event_id}",
                purpose=Purpose.INVITE,
                channel=channel,
                due=due,
                last=event.date - ONE,
                subject=event.event_id,
                rule_id="CAD-INVITE",
                detail=f"invite an old customer to {event.kind.value.replace('_', ' ')} "
                f"{event.name!r} on {event.date} by {how} ({why})",
            )
        )
    return out


def service(customer: CustomerProfile, tasks: list[ServiceTask], planner: Planner) -> list[Waiting]:
    """Service contacts due inside the plan (later ones wait for a later plan)."""
    cid = customer.customer_id
    return [
        planner.waiting(
            customer,
            contact_id=f"{cid}/CMP-STEPS/{task.case_id}/{task.due}",
            purpose=Purpose.SERVICE,
            channel=task.channel,
            due=task.due,
            last=task.due + dt.timedelta(days=task.window_days - 1),
            subject=task.case_id,
            rule_id="CMP-STEPS",
            detail=f"follow up case {task.case_id} (step 5: contact again, apologise "
            "again); exempt from the caps",
        )
        for task in tasks
        if task.due <= planner.end
    ]


def club(
    customer: CustomerProfile,
    days: tuple[dt.date, ...],
    recent: int,
    planner: Planner,
) -> list[Waiting]:
    """Club reward candidates every ``club_interval`` days (CAD-CLUB).

    The rhythm runs on a fixed grid from the customer's first purchase, so a reward sent
    late does not move the later ones and re-planning finds the same contact IDs; the
    contact history marks a reward done by its contact ID.
    """
    policy, start = planner.policy, planner.start
    if not customer.club_member and recent < policy.frequent_purchases:
        return []
    who = (
        "club member"
        if customer.club_member
        else f"frequent customer ({recent} purchases in {policy.frequent_lookback_days} days)"
    )
    if not days:
        return []
    base = days[0]
    if base > planner.end:  # the first purchase comes after the plan (maybe in 9999)
        return []
    interval = dt.timedelta(days=policy.club_interval)
    slack = dt.timedelta(days=policy.keep_slack)
    skipped = max(0, (start - slack - base).days // policy.club_interval)
    due = base + interval * max(1, skipped)
    out = []
    while due <= planner.end:
        if due + slack >= start:
            out.append(
                planner.waiting(
                    customer,
                    contact_id=f"{customer.customer_id}/CAD-CLUB/{due}",
                    purpose=Purpose.CLUB,
                    channel=Channel.MESSAGE,
                    due=due,
                    last=due + slack,
                    rule_id="CAD-CLUB",
                    detail=f"reward message for a {who}, every {policy.club_interval} "
                    f"days from {base}",
                )
            )
        due += interval
    return out


def winbacks(customer: CustomerProfile, asked: list[WinBack], planner: Planner) -> list[Waiting]:
    """Win-back candidates due inside the plan (CHURN-WINBACK)."""
    cid = customer.customer_id
    return [
        planner.waiting(
            customer,
            contact_id=f"{cid}/CHURN-WINBACK/{item.anchor}",
            purpose=Purpose.WINBACK,
            channel=item.channel,
            due=item.due,
            last=item.due + dt.timedelta(days=item.window_days - 1),
            subject=str(item.anchor),
            rule_id="CHURN-WINBACK",
            detail=f"invite back a customer who last bought on {item.anchor} by "
            f"{item.channel.value}" + (f"; {item.why}" if item.why else ""),
        )
        for item in asked
        if item.due <= planner.end  # one whose window closed is reported as expired
    ]
