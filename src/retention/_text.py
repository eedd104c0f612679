"""Small helpers for the sentences in reasons and messages."""

from __future__ import annotations

__all__ = ["plural"]


def plural(count: int, noun: str) -> str:
    """Return ``"1 customer"`` or ``"3 customers"``: the count with the noun agreeing."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"
