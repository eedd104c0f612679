"""Keep in touch about monthly, on holidays where one is near (CAD-KEEP)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right

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
    """Plan one customer's keep-in-touch chain and holiday wishes (CAD-KEEP)."""
    cid = customer.customer_id
    seat = planner.seats[cid]
    policy, start, end = planner.policy, planner.start, planner.end
    bought = set(purchase_days)
    touches = sorted(bought.union(planner.touches[seat]))
    if not touches:
        return
    before = bisect_left(touches, start)
    anchor = touches[before - 1] if before else touches[0]
    if anchor > end:  # the first touch comes after the plan (maybe in 9999)
        return
    interval = dt.timedelta(days=policy.keep_interval)
    window = policy.holiday_window
    while True:
        due = max(anchor + interval, start)
        if due > end:
            return
        keep_id = f"{cid}/CAD-KEEP/{anchor}"
        pos = bisect_right(touches, anchor)
        if pos < len(touches) and touches[pos] <= due:
            touch = touches[pos]
            if touch in bought and touch >= start and keep_id not in planner.done:
                _superseded(planner, customer, keep_id, anchor, due, touch)
            anchor = touch
            continue
        cand = Candidate(
            customer,
            seat=seat,
            contact_id=keep_id,
            purpose=Purpose.KEEP,
            channel=Channel.MESSAGE,
            due=due,
            last=due + dt.timedelta(days=policy.keep_slack),
            reason=planner.why(
                "CAD-KEEP",
                detail=f"keep in touch about monthly: {policy.keep_interval} days after the "
                f"last contact or purchase on {anchor}",
            ),
        )
        if keep_id in planner.done:
            decision = planner.emit_done(cand)
            made = decision[DATE]
            if made is not None and made > end:  # made after the plan (a record up to 9999)
                return
        else:
            near = sorted(
                (o for o in occasions if anchor < o.date and abs((o.date - due).days) <= window),
                key=lambda o: (abs((o.date - due).days), o.date, o.name),
            )
            decision = _merge_into_holiday(planner, cand, near) or planner.place(cand)
        new_anchor = decision[DATE] or planner.holiday_day.get(decision[INTO] or "") or due
        if new_anchor <= anchor:  # a record of this contact dated before its anchor
            new_anchor = due
        _add_touch(touches, new_anchor)
        anchor = new_anchor


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
    cand = Candidate(
        customer,
        seat=planner.seats[customer.customer_id],
        contact_id=keep_id,
        purpose=Purpose.KEEP,
        channel=Channel.MESSAGE,
        due=due,
        last=due,
        reason=planner.why(
            "CAD-KEEP", detail=f"keep in touch {planner.policy.keep_interval} days after {anchor}"
        ),
    )
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
