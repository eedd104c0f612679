"""Keep in touch about monthly, on holidays where one is near (CAD-KEEP)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right

from retention._validate import add_days_or_edge
from retention.cadence._engine import Candidate, Planner
from retention.cadence._model import (
    Channel,
    CustomerProfile,
    Purpose,
    Status,
    SuppressReason,
)
from retention.cadence._rows import DATE, INTO, Row
from retention.calendar import Occasion

__all__ = ["keep_in_touch"]


def keep_in_touch(
    planner: Planner,
    customer: CustomerProfile,
    purchase_days: tuple[dt.date, ...],
    occasions: tuple[Occasion, ...],
) -> None:
    """Plan one customer's keep-in-touch chain, holiday wishes and win-back sequence.

    The rhythm runs from the last contact or purchase: ``keep_interval`` days later the
    next keep-in-touch is due (CAD-KEEP). A due day whose window closed before the plan
    starts passes as if it had come and gone, so planning again later finds the same
    chain. When the rhythm's next contact comes after the customer has lapsed, the
    win-back sequence takes its turn (CHURN-WINBACK); when it ends without a purchase,
    the customer is sunset and the chain stops until they buy again.
    """
    seat = planner.seats[customer.customer_id]
    bought = set(purchase_days)
    # A contact made after the customer lapsed (a win-back step, a service call) does
    # not restart the rhythm: the lapse decides the win-back sequence, and a sunset
    # customer stays sunset until they buy.
    made = planner.touches[seat]
    if bought:
        made = tuple(day for day in made if planner.lapsed_on(seat, day) is None)
    touches = sorted(bought.union(made))
    if not touches:
        return
    before = bisect_left(touches, planner.start)
    anchor: dt.date | None = touches[before - 1] if before else touches[0]
    while anchor is not None:
        anchor = _step(planner, customer, anchor, touches, bought, occasions)


_LAST = dt.date.max


def _step(  # noqa: PLR0917  # private helper, one call site
    planner: Planner,
    customer: CustomerProfile,
    anchor: dt.date,
    touches: list[dt.date],
    bought: set[dt.date],
    occasions: tuple[Occasion, ...],
) -> dt.date | None:
    """Take the rhythm one step on from ``anchor``: the next anchor, or ``None`` to stop."""
    start, end = planner.start, planner.end
    seat = planner.seats[customer.customer_id]
    interval, slack = planner.keep_interval, planner.keep_slack
    # the next due day comes after the plan, or past 9999-12-31 with its window
    if anchor > _LAST - interval - slack or anchor + interval > end:
        return None
    due = anchor + interval
    keep_id = f"{customer.customer_id}/CAD-KEEP/{anchor}"
    pos = bisect_right(touches, anchor)
    closed = due + slack < start and keep_id not in planner.done and keep_id not in planner.pins
    touch = touches[pos] if pos < len(touches) else None
    # a contact before the keep-in-touch can go out: by its due day, or by the plan's
    # first day while its window is still open; the rhythm goes on from the contact
    if touch is not None and (touch <= due or (touch <= start and not closed)):
        if touch in bought and touch >= start and keep_id not in planner.done:
            _superseded(planner, customer, keep_id, anchor, due, touch)
        return touch
    lapsed = planner.lapsed_on(seat, due)
    if lapsed is not None:
        return _winback(planner, customer, due, lapsed)
    if closed:
        # its window closed before the plan: the rhythm moves on
        bounds = [start - slack, *touches[pos : pos + 1]]
        lapse_day = planner.lapse_day(seat, anchor)
        if lapse_day is not None:
            bounds.append(lapse_day)
        return _skip(anchor, interval, bounds)
    decision = _keep(planner, customer, keep_id, anchor, due, occasions)
    if decision is None:
        return None
    new_anchor = decision[DATE] or planner.holiday_day.get(decision[INTO] or "") or due
    if new_anchor <= anchor:  # a record of this contact dated before its anchor
        new_anchor = due
    _add_touch(touches, new_anchor)
    return new_anchor


def _keep(  # noqa: PLR0917  # private helper, one call site
    planner: Planner,
    customer: CustomerProfile,
    keep_id: str,
    anchor: dt.date,
    due: dt.date,
    occasions: tuple[Occasion, ...],
) -> Row | None:
    """Decide about the keep-in-touch due on ``due``; ``None`` if made after the plan."""
    policy = planner.policy
    cand = _keep_candidate(
        planner,
        customer,
        keep_id,
        due,
        due + planner.keep_slack,
        f"keep in touch about monthly: {policy.keep_interval} days after the last contact or "
        f"purchase on {anchor}",
    )
    if keep_id in planner.done:
        decision = planner.emit_done(cand)
        made = decision[DATE]
        if made is not None and made > planner.end:  # made after the plan (up to 9999)
            return None
        return decision
    if keep_id in planner.pins:
        return planner.pins[keep_id]
    window = policy.holiday_window
    near = sorted(
        (o for o in occasions if anchor < o.date and abs((o.date - due).days) <= window),
        key=lambda o: (abs((o.date - due).days), o.date, o.name),
    )
    return _merge_into_holiday(planner, cand, near) or planner.place(cand)


def _skip(anchor: dt.date, interval: dt.timedelta, bounds: list[dt.date]) -> dt.date:
    """Step the rhythm on by whole keep intervals, to just before the first bound.

    A due day whose window closed before the plan passes as if it had come and gone. The
    bounds are where the rhythm must stop and look again: the first due day whose window
    reaches the plan, the next contact, and the day the customer lapses. Each lies after
    the next due day, so the rhythm always moves on.
    """
    steps = min(-(-(bound - anchor).days // interval.days) for bound in bounds) - 1
    return anchor + interval * steps


def _winback(
    planner: Planner,
    customer: CustomerProfile,
    due: dt.date,
    lapsed: dt.date,
) -> dt.date | None:
    """Lay out the win-back sequence that takes the rhythm's turn on ``due`` (CHURN-WINBACK).

    A message, then a call for the classes the churn policy calls, then a last message,
    ``winback_spacing_days`` apart. A purchase ends it: the steps after it are
    superseded and the chain goes on from the purchase (the returned anchor). Without
    one the customer is sunset after the last step's window: ``None``.
    """
    seat = planner.seats[customer.customer_id]
    days = planner.bought[seat]
    last_purchase = days[bisect_right(days, due) - 1]
    starts = due  # the rhythm's turn, on or after the lapse
    churn = planner.churn_policy
    window = churn.winback_window_days - 1
    spacing = planner.policy.winback_spacing_days
    steps = (
        (1, Channel.MESSAGE, "a message"),
        (2, Channel.PHONE, "a call"),
        (3, Channel.MESSAGE, "a last message"),
    )
    # Held at 9999-12-31: near the end of the calendar the sequence runs out of days.
    ends = add_days_or_edge(starts, spacing * 2 + window)
    after = bisect_right(days, last_purchase)
    came_back = days[after] if after < len(days) else None
    if last_purchase < planner.start:
        planner.sequences[seat] = (starts, ends)
    # the host's own win-back for this lapse takes the sequence's place: no step of it
    # is placed or cancelled
    given = last_purchase in planner.given_winbacks.get(customer.customer_id, frozenset())
    calls = customer.abc in churn.call_classes
    for number, channel, what in steps:
        step_due = add_days_or_edge(starts, spacing * (number - 1))
        if given or step_due > planner.end:
            break
        if channel is Channel.PHONE and not calls:
            continue
        contact_id = f"{customer.customer_id}/CHURN-WINBACK/{last_purchase}/{number}"
        cand = Candidate(
            customer,
            seat=seat,
            contact_id=contact_id,
            purpose=Purpose.WINBACK,
            channel=channel,
            due=step_due,
            last=add_days_or_edge(step_due, window),
            subject=str(last_purchase),
            reason=planner.why(
                "CHURN-WINBACK",
                detail=f"win-back step {number} of 3 ({what}): lapsed on {lapsed}, no purchase "
                f"since {last_purchase}",
            ),
        )
        if came_back is not None and came_back <= step_due:
            if step_due >= planner.start and not (
                contact_id in planner.done or contact_id in planner.pins
            ):
                _cancelled_step(planner, cand, came_back)
        elif add_days_or_edge(step_due, window) >= planner.start:
            planner.place(cand)
    return came_back


def _cancelled_step(planner: Planner, cand: Candidate, came_back: dt.date) -> None:
    """Report a step of the sequence that a purchase made unnecessary (CHURN-WINBACK)."""
    planner.emit(
        cand,
        Status.SUPPRESSED,
        suppressed=SuppressReason.SUPERSEDED,
        reasons=(
            cand.reason,
            planner.why(
                "CHURN-WINBACK", detail=f"cancelled: the customer bought again on {came_back}"
            ),
        ),
    )


def _keep_candidate(  # noqa: PLR0917  # private helper
    planner: Planner,
    customer: CustomerProfile,
    keep_id: str,
    due: dt.date,
    last: dt.date,
    detail: str,
) -> Candidate:
    """A keep-in-touch message candidate (CAD-KEEP) due on ``due``, its window to ``last``."""
    return Candidate(
        customer,
        seat=planner.seats[customer.customer_id],
        contact_id=keep_id,
        purpose=Purpose.KEEP,
        channel=Channel.MESSAGE,
        due=due,
        last=last,
        reason=planner.why("CAD-KEEP", detail=detail),
    )


def _add_touch(touches: list[dt.date], day: dt.date) -> None:
    index = bisect_left(touches, day)
    if index == len(touches) or touches[index] != day:
        touches.insert(index, day)


def _superseded(  # noqa: PLR0917  # private helper, one call site
    planner: Planner,
    customer: CustomerProfile,
    keep_id: str,
    anchor: dt.date,
    due: dt.date,
    purchase: dt.date,
) -> None:
    detail = f"keep in touch {planner.policy.keep_interval} days after {anchor}"
    cand = _keep_candidate(planner, customer, keep_id, due, due, detail)
    cancelled = f"cancelled: the purchase on {purchase} starts the post-purchase sequence again"
    planner.emit(
        cand,
        Status.SUPPRESSED,
        suppressed=SuppressReason.SUPERSEDED,
        reasons=(cand.reason, planner.why("CAD-KEEP", detail=cancelled)),
    )


def _merge_into_holiday(planner: Planner, cand: Candidate, near: list[Occasion]) -> Row | None:
    """Move a keep-in-touch onto the nearest occasion that takes it, as the wish."""
    cid = cand.customer.customer_id
    for occasion in near:
        holiday_id = f"{cid}/CAD-KEEP/holiday/{occasion.date}"
        existing = planner.holidays_done.get((cid, occasion.date))
        if existing is None:
            wish = Candidate(
                cand.customer,
                seat=cand.seat,
                contact_id=holiday_id,
                purpose=Purpose.HOLIDAY,
                channel=Channel.MESSAGE,
                due=occasion.date,
                last=occasion.date,
                reason=planner.why(
                    "CAD-KEEP",
                    detail=f"holiday wish for {occasion.name} on {occasion.date}: holidays "
                    "are the best moments to keep in touch",
                ),
            )
            if holiday_id in planner.done:  # made already, perhaps on another day
                planner.emit_done(wish)
            else:
                block, _member = planner.day_block(wish, Channel.MESSAGE, occasion.date)
                if block is not None:
                    continue
                planner.commit(wish, Channel.MESSAGE, occasion.date, None, ())
            existing = holiday_id
            planner.holidays_done[cid, occasion.date] = holiday_id
        planner.holiday_day[existing] = occasion.date
        days = (occasion.date - cand.due).days
        detail = (
            f"{occasion.name} on {occasion.date} is {abs(days)} day(s) "
            f"{'after' if days > 0 else 'before'} the aim {cand.due}; the contact "
            "becomes the holiday wish"
            if days
            else f"the aim {cand.due} is {occasion.name}; the contact becomes the holiday wish"
        )
        return planner.emit(
            cand,
            Status.MERGED,
            into=existing,
            reasons=(cand.reason, planner.why("CAD-KEEP", detail=detail)),
        )
    return None
