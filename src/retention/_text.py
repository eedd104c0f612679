"""Small helpers for the sentences in reasons and messages.

Numbers in sentences are worked out in the library's own decimal context, so a caller
who lowered the precision of theirs never breaks an explanation.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from retention._decimal import SHARE

__all__ = ["ISO_DATE", "duration", "escape_controls", "iso_date", "percent", "plural", "why"]


def plural(count: int, noun: str) -> str:
    """Return ``"1 customer"`` or ``"3 customers"``: the count with the noun agreeing."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def count_of(count: int, noun: str) -> str:
    """:func:`plural` with thousands separators: ``"1 contact"``, ``"1,200 contacts"``."""
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"


def percent(fraction: Decimal, *, places: int = 1, trim: bool = False) -> str:
    """Render a share as a percentage: ``percent(Decimal("0.8"))`` gives ``"80.0 %"``.

    With ``trim``, trailing zeros go: ``"80 %"``, ``"80.08 %"``.
    """
    value = SHARE.quantize(SHARE.multiply(fraction, 100), Decimal(1).scaleb(-places))
    if trim:
        value = SHARE.normalize(value)
    return f"{value:f} %"


def duration(span: dt.timedelta) -> str:
    """Render a working-time span in hours and minutes: ``"26 h 30 min"``, ``"45 min"``.

    Working time is counted in hours, not calendar days, so a day never appears; seconds
    are shown only when the span has some (``"0 min 20 s"``).
    """
    sign = "-" if span < dt.timedelta(0) else ""
    seconds = abs(span) // dt.timedelta(seconds=1)
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [f"{hours} h"] if hours else []
    if minutes or not hours:
        parts.append(f"{minutes} min")
    if secs:
        parts.append(f"{secs} s")
    return sign + " ".join(parts)


#: What :func:`iso_date` reads, for messages.
ISO_DATE = "an ISO date like 2025-03-01"
_ISO_DATE_FORM = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def iso_date(text: str) -> dt.date:
    """Read ``YYYY-MM-DD`` and nothing else (no week dates, no ``20250301``).

    Raises:
        ValueError: Its message is empty when ``text`` does not have that shape, and
            says why the day does not exist when it has ("day is out of range for
            month"), so a caller can add it to its own message.
    """
    if not _ISO_DATE_FORM.fullmatch(text):
        raise ValueError
    return dt.date.fromisoformat(text)


def why(error: ValueError) -> str:
    """``" (reason)"`` for an :func:`iso_date` error that has one, else ``""``."""
    return f" ({error})" if str(error) else ""


# Control (C0, C1, DEL), format (bidirectional overrides, zero-width), surrogate, line and
# paragraph separator characters: each could split a message line (``str.splitlines``
# splits at \x85, \u2028, \x1c ...) or reach a terminal raw.
_ESCAPED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_NAMED = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}
_JSON_NAMED = {**_NAMED, "\b": "\\b", "\f": "\\f"}
_LATIN_1 = 0x100  # below: \xNN
_BMP = 0x10000  # below: \uNNNN; from here on \UNNNNNNNN, or a surrogate pair in JSON


def _escape_python(char: str) -> str:
    code = ord(char)
    if char in _NAMED:
        return _NAMED[char]
    if code < _LATIN_1:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < _BMP else f"\\U{code:08x}"


def _escape_json(char: str) -> str:
    if char in _JSON_NAMED:
        return _JSON_NAMED[char]
    code = ord(char)
    if code < _BMP:
        return f"\\u{code:04x}"
    high, low = divmod(code - _BMP, 0x400)
    return f"\\u{0xD800 + high:04x}\\u{0xDC00 + low:04x}"


def escape_controls(text: str, *, json: bool = False) -> str:
    r"""Return ``text`` with every control character escaped, so a message stays one line.

    Control characters (``\x00`` to ``\x1f``, ``\x7f`` to ``\x9f``), format
    characters (bidirectional overrides, zero-width spaces), lone surrogates and the
    line and paragraph separators (``\u2028``, ``\u2029``) are written as Python's
    ``repr`` writes them (``\t``, ``\x85``, ``\u2028``), or, with ``json``, as JSON
    and TOML strings write them (``\t``, ``\u0085``), so that a quoted key can be
    copied back into the file. Everything else, backslashes and quotes included, stays
    as it is.

    Example:
        >>> print(escape_controls("C1\x85\tC2"))
        C1\x85\tC2
        >>> print(escape_controls("C1\x85", json=True))
        C1\u0085
    """
    if text.isprintable():
        return text
    escape = _escape_json if json else _escape_python
    return "".join(
        escape(char) if unicodedata.category(char) in _ESCAPED else char for char in text
    )
