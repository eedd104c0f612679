"""Languages the library labels things in."""

from __future__ import annotations

from typing import Literal

from retention._validate import describe
from retention.exceptions import InvalidInputError

__all__ = ["LANGUAGES", "Labels", "Language", "check_language", "in_language"]

#: English, simplified Chinese, traditional Chinese.
Language = Literal["en", "zh_CN", "zh_TW"]
LANGUAGES: tuple[Language, ...] = ("en", "zh_CN", "zh_TW")

#: One text in each of :data:`LANGUAGES`, in that order.
Labels = tuple[str, str, str]


def check_language(value: object, *, field: str = "language") -> Language:
    """Return ``value`` if it is one of :data:`LANGUAGES` (``field`` names it in the error)."""
    if value not in LANGUAGES:
        msg = f"{field}: expected one of {', '.join(LANGUAGES)}, got {describe(value)}"
        raise InvalidInputError(msg)
    return value


def in_language(labels: Labels, language: Language) -> str:
    """Return the text of ``labels`` in ``language`` (already checked)."""
    return labels[LANGUAGES.index(language)]
