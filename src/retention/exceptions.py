"""Exceptions raised by :mod:`retention`.

Every exception the library raises on purpose is a :class:`RetentionError`. Each child
also inherits the builtin exception a caller would catch anyway (``ValueError``,
``TypeError``, ``KeyError``), so ``except ValueError`` keeps working in code that does
not know this library.

Messages name the field, what was expected and what arrived, e.g.
``amount: expected a finite, non-negative amount, got Decimal('NaN')``.
"""

from __future__ import annotations

__all__ = [
    "DuplicateError",
    "EmptyInputError",
    "InvalidInputError",
    "InvalidPolicyError",
    "InvalidTransitionError",
    "InvalidTypeError",
    "MissingDependencyError",
    "OutOfCalendarError",
    "RetentionError",
    "UnknownContactError",
    "UnknownCustomerError",
    "UnknownRuleError",
]


class RetentionError(Exception):
    """Root of every exception that :mod:`retention` raises on purpose."""


class InvalidInputError(RetentionError, ValueError):
    """An input has the right type but a value the library cannot accept."""


class InvalidTransitionError(RetentionError, ValueError):
    """An event a complaint case cannot take in its current state (CMP-STEPS).

    The case the caller holds is unchanged: cases are immutable, and a refused event
    never leaves a half-applied one.
    """


class InvalidTypeError(RetentionError, TypeError):
    """An input has the wrong type."""


class InvalidPolicyError(RetentionError, ValueError):
    """A policy's settings contradict each other or leave their allowed range."""


class MissingDependencyError(RetentionError, ImportError):
    """A feature needs an optional package that is not installed.

    The message names the package and the extra that installs it, e.g.
    ``fit_bgnbd needs scipy: pip install 'retention-kit[fit]'``. It is an
    ``ImportError``, so ``except ImportError`` around an optional feature keeps working.
    """


class EmptyInputError(InvalidInputError):
    """An input that must hold something is empty, or holds nothing to work on."""


class DuplicateError(InvalidInputError):
    """Two inputs claim the same identity where only one may."""


class OutOfCalendarError(InvalidInputError):
    """A date falls outside the years a :class:`~retention.calendar.StoreCalendar` loaded."""


class UnknownCustomerError(RetentionError, KeyError):
    """A customer ID was asked for that the input does not contain."""

    def __str__(self) -> str:
        """Return the message itself, not ``KeyError``'s quoted repr of it."""
        return str(self.args[0]) if self.args else ""


class UnknownContactError(RetentionError, KeyError):
    """A contact ID was asked of a plan that did not decide about it."""

    def __str__(self) -> str:
        """Return the message itself, not ``KeyError``'s quoted repr of it."""
        return str(self.args[0]) if self.args else ""


class UnknownRuleError(RetentionError, KeyError):
    """A rule ID was used that the catalogue (``RULES.md``) does not contain."""

    def __str__(self) -> str:
        """Return the message itself, not ``KeyError``'s quoted repr of it."""
        return str(self.args[0]) if self.args else ""
