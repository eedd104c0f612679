"""Small helpers for the sentences in reasons and messages.

Numbers in sentences are worked out in the library's own decimal context, so a caller
who lowered the precision of theirs never breaks an explanation.
"""

from __future__ import annotations

from decimal import Decimal

from retention._decimal import SHARE

__all__ = ["percent", "plural"]


def plural(count: int, noun: str) -> str:
    """Return ``"1 customer"`` or ``"3 customers"``: the count with the noun agreeing."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def percent(fraction: Decimal, *, places: int = 1, trim: bool = False) -> str:
    """Render a share as a percentage: ``percent(Decimal("0.8"))`` gives ``"80.0 %"``.

    With ``trim``, trailing zeros go: ``"80 %"``, ``"80.08 %"``.
    """
    value = SHARE.quantize(SHARE.multiply(fraction, 100), Decimal(1).scaleb(-places))
    if trim:
        value = SHARE.normalize(value)
    return f"{value:f} %"
