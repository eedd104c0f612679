"""Languages the library labels things in."""

from __future__ import annotations

from typing import Literal

from retention._validate import describe
from retention.exceptions import InvalidInputError

__all__ = ["LANGUAGES", "Language", "check_language"]

#: English, simplified Chinese, traditional Chinese.
Language = Literal["en", "zh_CN", "zh_TW"]
LANGUAGES: tuple[Language, ...] = ("en", "zh_CN", "zh_TW")


def check_language(value: object) -> Language:
    """Return ``value`` if it is one of :data:`LANGUAGES`."""
    if value not in LANGUAGES:
        msg = f"language: expected one of {', '.join(LANGUAGES)}, got {describe(value)}"
        raise InvalidInputError(msg)
    return value
