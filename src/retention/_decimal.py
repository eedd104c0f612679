"""Decimal arithmetic that never depends on the caller's decimal context.

``Decimal`` operators use the thread's current context, which a host may have changed
(say, to 6 digits). Sums and boundaries in this library must be exact, so they run in
:data:`EXACT`, which has room for any digits and traps any rounding. Shares shown to
people are divided in :data:`SHARE`, a fixed 28-digit context.
"""

from __future__ import annotations

from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    ROUND_HALF_EVEN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
    Rounded,
)

__all__ = ["EXACT", "SHARE", "ZERO", "share"]

#: Exact arithmetic: no rounding ever happens silently (it would raise ``Inexact``).
EXACT = Context(
    prec=MAX_PREC,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    rounding=ROUND_HALF_EVEN,
    traps=[InvalidOperation, DivisionByZero, Overflow, Inexact, Rounded],
)

#: Shares for people: 28 significant digits, banker's rounding.
SHARE = Context(prec=28, rounding=ROUND_HALF_EVEN, traps=[InvalidOperation, DivisionByZero])

ZERO = Decimal(0)


def share(part: Decimal | int, whole: Decimal | int) -> Decimal:
    """Return ``part / whole`` to 28 digits, or zero when ``whole`` is zero."""
    if not whole:
        return ZERO
    return SHARE.divide(Decimal(part), Decimal(whole))
