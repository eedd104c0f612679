"""The exception hierarchy: every error is a RetentionError and the builtin a caller expects."""

from __future__ import annotations

import pytest

from retention import (
    DuplicateError,
    EmptyInputError,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    RetentionError,
    UnknownCustomerError,
    UnknownRuleError,
    rule,
)

BOOM = "boom"

ALL_ERRORS = (
    InvalidInputError,
    InvalidTypeError,
    InvalidPolicyError,
    EmptyInputError,
    DuplicateError,
    UnknownCustomerError,
    UnknownRuleError,
)


def test_retention_error_is_an_exception() -> None:
    """The root of the hierarchy is an ordinary Exception, so `except Exception` catches it."""
    assert issubclass(RetentionError, Exception)
    assert not issubclass(RetentionError, (ValueError, TypeError, KeyError))


@pytest.mark.parametrize("error", ALL_ERRORS)
def test_every_error_is_a_retention_error(error: type[Exception]) -> None:
    """Every exception class of the library is caught by `except RetentionError`."""
    assert issubclass(error, RetentionError)
    with pytest.raises(RetentionError, match="boom"):
        raise error(BOOM)


@pytest.mark.parametrize(
    ("error", "builtin"),
    [
        (InvalidInputError, ValueError),
        (InvalidPolicyError, ValueError),
        (EmptyInputError, ValueError),
        (DuplicateError, ValueError),
        (InvalidTypeError, TypeError),
        (UnknownCustomerError, KeyError),
        (UnknownRuleError, KeyError),
    ],
)
def test_every_error_is_the_builtin_a_caller_expects(
    error: type[Exception], builtin: type[Exception]
) -> None:
    """Code that knows nothing of retention still catches its errors by the usual builtin."""
    assert issubclass(error, builtin)
    with pytest.raises(builtin, match="boom"):
        raise error(BOOM)


@pytest.mark.parametrize("error", [EmptyInputError, DuplicateError])
def test_empty_and_duplicate_are_invalid_input(error: type[Exception]) -> None:
    """Empty and duplicate inputs are kinds of invalid input."""
    assert issubclass(error, InvalidInputError)


@pytest.mark.parametrize(
    ("error", "other"),
    [
        (InvalidTypeError, ValueError),
        (InvalidInputError, TypeError),
        (InvalidPolicyError, TypeError),
        (UnknownCustomerError, ValueError),
        (UnknownRuleError, ValueError),
        (InvalidPolicyError, InvalidInputError),
    ],
)
def test_errors_are_not_the_wrong_builtin(error: type[Exception], other: type[Exception]) -> None:
    """An error does not claim a builtin it has nothing to do with."""
    assert not issubclass(error, other)


@pytest.mark.parametrize("error", [UnknownCustomerError, UnknownRuleError])
def test_key_errors_print_the_plain_message(error: type[Exception]) -> None:
    """str() of the KeyError children is the message itself, not KeyError's quoted repr."""
    message = "customer_id: no customer 'c9' in this input"
    assert str(error(message)) == message
    assert str(KeyError(message)) == repr(message)  # what the override avoids


@pytest.mark.parametrize("error", [UnknownCustomerError, UnknownRuleError])
def test_key_errors_without_a_message_print_empty(error: type[Exception]) -> None:
    """A KeyError child raised with no arguments prints as the empty string."""
    assert str(error()) == ""


def test_library_error_caught_as_key_error_keeps_plain_message() -> None:
    """An unknown rule raised by the library is caught as KeyError and reads plainly."""
    with pytest.raises(KeyError) as caught:
        rule("NOPE")
    assert isinstance(caught.value, UnknownRuleError)
    assert str(caught.value).startswith("rule_id: ")
    assert "'NOPE'" in str(caught.value)
