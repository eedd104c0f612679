"""Instants: aware datetimes compared and subtracted on the UTC time line.

Python compares and subtracts two datetimes that share one ``tzinfo`` object by their
wall-clock fields: it ignores ``fold`` and the zone's offset. In the hour a zone repeats
when its clocks go back, ``02:05`` with ``fold=1`` (the second 02:05) is 55 minutes
*after* ``02:10`` with ``fold=0``, yet ``<`` says it is before; subtracting the two gives
minus five minutes. Between two different ``tzinfo`` objects Python compares in UTC, but
``==`` is always false when either side is in a repeated or a skipped hour. So the
library never compares, orders or subtracts a caller's datetimes as they come: it turns
them into UTC first with :func:`utc`, and builds the instants it gives back in a zone
with :func:`local`, from UTC, so that their ``fold`` is right.

Example:
    >>> import datetime as dt
    >>> from zoneinfo import ZoneInfo
    >>> berlin = ZoneInfo("Europe/Berlin")
    >>> first = dt.datetime(2025, 10, 26, 2, 10, tzinfo=berlin)  # 02:10 CEST
    >>> second = dt.datetime(2025, 10, 26, 2, 5, fold=1, tzinfo=berlin)  # 02:05 CET
    >>> second < first, utc(second) < utc(first)
    (True, False)
    >>> utc(second) - utc(first)
    datetime.timedelta(seconds=3300)
"""

from __future__ import annotations

import datetime as dt

__all__ = ["local", "utc"]


def utc(value: dt.datetime) -> dt.datetime:
    """Return the aware ``value`` as the same instant in UTC.

    Every ordering, ``min``/``max``, sort key, equality of instants and subtraction of
    two aware datetimes goes through this, whatever zone the caller wrote them in.
    """
    return value.astimezone(dt.UTC)


def local(value: dt.datetime, zone: dt.tzinfo) -> dt.datetime:
    """Return the aware ``value`` as the same instant in ``zone``, built from UTC.

    Unlike ``value.astimezone(zone)``, which gives ``value`` back unchanged when it
    already has ``zone`` as its ``tzinfo``, this sets ``fold`` from the offset and turns
    a wall-clock time that does not exist (in the hour skipped when the clocks go
    forward) into the one that does.
    """
    return value.astimezone(dt.UTC).astimezone(zone)
