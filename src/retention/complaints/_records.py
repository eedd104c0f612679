"""Cases as plain rows: one row a case, with both SLA clocks at an instant (CMP-NOW).

:meth:`Case.to_records` gives one case's row; :func:`case_records`, :func:`case_frame`
and :func:`case_html` give many cases' rows, as records, a typed data frame or HTML.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from retention import _frames_out, _tables
from retention._i18n import Language
from retention._instants import utc
from retention._validate import check_aware
from retention.complaints._case import Case
from retention.complaints._lessons import _cases
from retention.complaints._model import PromiseStatus, Stage
from retention.complaints._sla import SlaClock, sla_status
from retention.exceptions import InvalidInputError

__all__ = ["case_frame", "case_html", "case_records", "case_row"]

_NO_INSTANT = "\u2014"  # the caption's instant when the row has no SLA clocks


def _clock(prefix: str, clock: SlaClock | None) -> dict[str, object]:
    if clock is None:
        return {prefix: None, f"{prefix}_deadline": None, f"{prefix}_breached_at": None}
    return {
        prefix: clock.state,
        f"{prefix}_deadline": clock.deadline,
        f"{prefix}_breached_at": clock.breached_at,
    }


def case_row(case: Case, at: dt.datetime | None) -> dict[str, object]:
    """One case's row of the ``cases`` table; the SLA columns are ``None`` without ``at``.

    Raises:
        InvalidInputError: ``at`` is naive or before the complaint arrived.
    """
    complaint = case.complaint
    status = None
    if at is not None:
        at = check_aware("at", at)
        if utc(at) < utc(complaint.received_at):
            msg = (
                f"at: expected an instant at or after complaint {complaint.complaint_id!r} "
                f"arrived ({complaint.received_at.isoformat()}), got {at.isoformat()}"
            )
            raise InvalidInputError(msg)
        status = sla_status(case, at)
    task = case.follow_up_task()
    nexts = case.next_allowed()
    return {
        "complaint_id": case.complaint_id,
        "customer_id": complaint.customer_id,
        "priority": complaint.priority,
        "channel": complaint.channel,
        "received_at": complaint.received_at,
        "stage": case.stage,
        "cause": case.cause,
        "compensation": case.compensation,
        "open_promises": sum(1 for p in case.promises if p.status is PromiseStatus.OPEN),
        "follow_up_due": None if task is None else task.due,
        "next": ", ".join(kind.value for kind in nexts) if nexts else None,
        **_clock("first_response", None if status is None else status.first_response),
        **_clock("resolution", None if status is None else status.resolution),
    }


def _rows(cases: Iterable[Case], at: object) -> list[dict[str, object]]:
    instant = check_aware("at", at)
    ordered = sorted(_cases(cases), key=lambda case: case.complaint_id)
    return [case_row(case, instant) for case in ordered]


def case_records(
    cases: Iterable[Case], at: dt.datetime, *, labels: Language | None = None
) -> list[dict[str, object]]:
    """Return one plain row per case, in complaint ID order, with both SLA clocks at ``at``.

    Each row is :meth:`Case.to_records`'s row with the SLA columns filled in:
    ``first_response`` and ``resolution`` (the clock's state: ``on_track``,
    ``at_risk``, ``breached`` or ``met``), ``first_response_deadline`` and
    ``resolution_deadline`` (when the target runs out if the clock keeps running,
    ``None`` once it stopped, is paused or breached), ``first_response_breached_at`` and
    ``resolution_breached_at`` (when the target ran out, ``None`` if it has not), all
    as :func:`sla_status` works them out (CMP-NOW).

    Args:
        cases: The cases, one per complaint, each received by ``at``.
        at: The instant (timezone-aware).
        labels: ``None`` for the keys, or ``"en"``, ``"zh_CN"`` or ``"zh_TW"`` to key
            each row by the column labels in that language.

    Raises:
        InvalidInputError: A naive ``at``, one before a complaint arrived, or an unknown
            language.
        DuplicateError: Two cases of the same complaint.
        InvalidTypeError: Something that is not a Case.
        OutOfCalendarError: A case's time runs outside its calendar's years.
    """
    return _tables.records(_tables.CASES, _rows(cases, at), labels)


def case_frame(
    cases: Iterable[Case],
    at: dt.datetime,
    backend: _frames_out.Backend = "pandas",
    *,
    money: _frames_out.Money = "float",
    labels: Language | None = None,
) -> _frames_out.Frame:
    """Return :func:`case_records`'s rows as a typed data frame.

    ``compensation`` is money (float64, or an exact decimal with ``money="decimal"``),
    ``open_promises`` int64, the instants timestamps in UTC, ``follow_up_due`` a date,
    the rest strings. The backend is imported now, never before.

    Raises:
        InvalidInputError: As :func:`case_records`, or an unknown backend or money type.
        MissingDependencyError: The backend is not installed.
    """
    return _frames_out.table_frame(
        _tables.CASES, _rows(cases, at), labels, backend=backend, money=money
    )


def case_html(
    cases: Iterable[Case],
    at: dt.datetime,
    *,
    language: Language = "en",
    max_rows: int | None = 50,
) -> str:
    """Return :func:`case_records`'s table as escaped HTML, with a caption counting the cases.

    Raises:
        InvalidInputError: As :func:`case_records`, or ``max_rows`` below 1.
    """
    rows = _rows(cases, at)
    return html(rows, at=at, language=language, max_rows=max_rows)


def html(
    rows: list[dict[str, object]],
    *,
    at: dt.datetime | None,
    language: Language,
    max_rows: int | None = 50,
) -> str:
    """The ``cases`` table of ``rows`` as HTML (``at``: the SLA clocks' instant, if any)."""
    closed = sum(1 for row in rows if row["stage"] is Stage.CLOSED)
    return _tables.html_table(
        _tables.CASES,
        rows,
        count=len(rows),
        caption={
            "cases": f"{len(rows):,}",
            "closed": f"{closed:,}",
            "at": _NO_INSTANT if at is None else at.isoformat(),
        },
        language=language,
        max_rows=max_rows,
    )
