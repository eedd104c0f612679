"""Read-only mappings that the library returns.

Every mapping the library returns (spend totals, histories, ABC classes, attitudes,
early adopters) is a :class:`FrozenMap`: read-only, hashable, iterated in sorted key
order whatever order the input came in, and raising a ``KeyError`` subclass such as
:class:`~retention.exceptions.UnknownCustomerError` for a missing key.
"""

from __future__ import annotations

from collections.abc import Callable, ItemsView, Iterator, Mapping, ValuesView
from typing import Any, Generic, TypeVar

from retention._validate import check_instance, describe
from retention.exceptions import InvalidTypeError

__all__ = ["FrozenMap"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenMap(Mapping[K, V], Generic[K, V]):
    """A read-only, hashable mapping that iterates in sorted key order.

    Lookups cost what a dict lookup costs. The sorted key order is worked out the first
    time something iterates, so building one from a large dict costs no sort until
    somebody asks for the order. Equal contents compare equal whatever order built them.

    Args:
        data: The contents. The map takes ownership: do not change ``data`` afterwards.
        missing: Builds the exception raised for a missing key (default ``KeyError``).
    """

    __slots__ = ("_data", "_missing", "_order")

    def __init__(
        self,
        data: dict[K, V],
        *,
        missing: Callable[[object], Exception] | None = None,
    ) -> None:
        """Wrap ``data`` without copying it.

        Raises:
            InvalidTypeError: ``data`` is not a dict, or ``missing`` is neither ``None``
                nor callable.
        """
        check_instance("data", data, dict)
        self._data = data
        if missing is not None and not callable(missing):
            msg = f"missing: expected None or a function of the key, got {describe(missing)}"
            raise InvalidTypeError(msg)
        self._missing = missing
        self._order: tuple[K, ...] | None = None

    def __getitem__(self, key: K) -> V:
        """Return the value for ``key``."""
        try:
            return self._data[key]
        except KeyError:
            if self._missing is None:
                raise
            raise self._missing(key) from None

    def __contains__(self, key: object) -> bool:
        """Say whether ``key`` is present."""
        return key in self._raw()

    def __len__(self) -> int:
        """Return the number of keys."""
        return len(self._raw())

    def __iter__(self) -> Iterator[K]:
        """Iterate over the keys in sorted order (by ``repr`` if they do not order)."""
        order = self._order
        if order is None:
            try:
                order = tuple(sorted(self._raw()))  # type: ignore[type-var]
            except TypeError:  # e.g. enum members: still one order, whatever built the map
                order = tuple(sorted(self._raw(), key=repr))
            self._order = order
        return iter(order)

    def values(self) -> ValuesView[V]:
        """The values, in sorted key order."""
        return _Values(self)

    def items(self) -> ItemsView[K, V]:
        """The ``(key, value)`` pairs, in sorted key order."""
        return _Items(self)

    def __eq__(self, other: object) -> bool:
        """Compare contents, ignoring the order they were built in."""
        if isinstance(other, FrozenMap):
            return self._raw() == other._raw()
        if isinstance(other, Mapping):
            return self._raw() == dict(other.items())
        return NotImplemented

    def __hash__(self) -> int:
        """Hash the contents (values must be hashable)."""
        return hash(frozenset(self._raw().items()))

    def __repr__(self) -> str:
        """Show the contents in key order."""
        data = self._raw()
        body = ", ".join(f"{k!r}: {data[k]!r}" for k in self)
        return f"{type(self).__name__}({{{body}}})"

    def _raw(self) -> dict[K, V]:
        """The wrapped dict, in build order, for the library's own loops. Do not change it."""
        return self._data

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickle as the plain contents (the missing-key hook is rebuilt as KeyError).

        Subclasses that build their own missing-key error pickle as themselves.
        """
        return (FrozenMap, (dict(self._raw()),))


class _Values(ValuesView[V]):
    """Values of a :class:`FrozenMap`, iterated at C speed in sorted key order."""

    __slots__ = ()
    _mapping: FrozenMap[Any, V]

    def __iter__(self) -> Iterator[V]:
        """Iterate over the values in sorted key order."""
        mapping = self._mapping
        return map(mapping._raw().__getitem__, iter(mapping))  # noqa: SLF001 - this module's map


class _Items(ItemsView[K, V]):
    """Items of a :class:`FrozenMap`, iterated at C speed in sorted key order."""

    __slots__ = ()
    _mapping: FrozenMap[K, V]

    def __iter__(self) -> Iterator[tuple[K, V]]:
        """Iterate over the pairs in sorted key order."""
        mapping = self._mapping
        data = mapping._raw()  # noqa: SLF001 - the map of this module
        return ((key, data[key]) for key in mapping)
