"""FrozenMap: the read-only, hashable, sorted mapping every result is returned as."""

from __future__ import annotations

import copy
import datetime as dt
import pickle
import random
from collections.abc import Mapping
from types import MappingProxyType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import (
    FrozenMap,
    InvalidTypeError,
    Purchase,
    SpendTotals,
    UnknownCustomerError,
    spend_totals,
)


class MissingError(KeyError):
    """A KeyError child raised by the missing-key hook in these tests."""


def missing(key: object) -> MissingError:
    """Build the hook's exception for ``key``."""
    return MissingError(f"no such key {key!r}")


def test_frozen_map_is_a_mapping() -> None:
    """A FrozenMap is a collections.abc.Mapping with the usual lookups."""
    fmap = FrozenMap({"b": 2, "a": 1})
    assert isinstance(fmap, Mapping)
    assert fmap["a"] == 1
    assert len(fmap) == 2
    assert "a" in fmap
    assert "z" not in fmap
    assert fmap.get("z", 0) == 0


def test_frozen_map_equals_a_dict_with_the_same_contents() -> None:
    """A FrozenMap equals a dict with the same items, on either side of ==."""
    fmap = FrozenMap({"b": 2, "a": 1})
    assert fmap == {"a": 1, "b": 2}
    assert {"a": 1, "b": 2} == fmap  # noqa: SIM300 - the dict on the left tests reflected ==
    assert fmap != {"a": 1}
    assert fmap != {"a": 1, "b": 3}


def test_frozen_map_equality_ignores_build_order() -> None:
    """Two FrozenMaps built in different orders from the same items are equal."""
    assert FrozenMap({"a": 1, "b": 2}) == FrozenMap({"b": 2, "a": 1})
    assert FrozenMap({"a": 1, "b": 2}) != FrozenMap({"a": 1, "b": 2, "c": 3})


def test_frozen_map_equals_another_mapping_type() -> None:
    """Equality also holds against a Mapping that is not a dict or a FrozenMap."""
    assert FrozenMap({"x": 1}) == MappingProxyType({"x": 1})
    assert FrozenMap({"x": 1}) != MappingProxyType({"x": 2})
    assert FrozenMap({"x": 1}) == FrozenMap({"x": 1}, missing=missing)  # the hook is no content


def test_frozen_map_is_not_equal_to_a_non_mapping() -> None:
    """A FrozenMap never equals something that is not a mapping."""
    fmap = FrozenMap({"a": 1})
    assert fmap != [("a", 1)]
    assert fmap != "a"
    assert fmap != 1


def test_frozen_map_hash_equal_for_equal_contents() -> None:
    """Equal contents hash alike whatever the build order, so FrozenMaps work as dict keys."""
    one, two = FrozenMap({"a": 1, "b": 2}), FrozenMap({"b": 2, "a": 1})
    assert hash(one) == hash(two)
    assert {one: "x"}[two] == "x"
    assert len({one, two}) == 1


def test_frozen_map_with_unhashable_values_is_unhashable() -> None:
    """Hashing needs hashable values, as for a tuple."""
    with pytest.raises(TypeError, match="unhashable"):
        hash(FrozenMap({"a": [1]}))


def test_frozen_map_iterates_in_sorted_key_order() -> None:
    """Keys, values and items come in sorted key order, not in build order."""
    fmap = FrozenMap({"c": 3, "a": 1, "b": 2})
    assert list(fmap) == ["a", "b", "c"]
    assert list(fmap.keys()) == ["a", "b", "c"]
    assert list(fmap.values()) == [1, 2, 3]
    assert list(fmap.items()) == [("a", 1), ("b", 2), ("c", 3)]
    assert list(fmap) == ["a", "b", "c"]  # a second pass gives the same order


def test_frozen_map_views_answer_membership_and_length() -> None:
    """The values and items views know their length and what they hold."""
    fmap = FrozenMap({"b": 2, "a": 1})
    assert len(fmap.values()) == 2
    assert 2 in fmap.values()
    assert 3 not in fmap.values()
    assert ("a", 1) in fmap.items()
    assert ("a", 2) not in fmap.items()
    assert ("z", 1) not in fmap.items()


def test_frozen_map_items_view_membership_with_a_missing_hook() -> None:
    """An absent key in an items-membership test is simply absent, even with a hook."""
    fmap = FrozenMap({"a": 1}, missing=missing)
    assert ("z", 1) not in fmap.items()


def test_frozen_map_repr_is_in_key_order() -> None:
    """The repr shows the contents in sorted key order whatever the build order."""
    assert repr(FrozenMap({"b": 2, "a": 1})) == "FrozenMap({'a': 1, 'b': 2})"
    assert repr(FrozenMap({})) == "FrozenMap({})"


def test_frozen_map_is_read_only() -> None:
    """A FrozenMap refuses item assignment, deletion and new attributes."""
    fmap = FrozenMap({"a": 1})
    with pytest.raises(TypeError, match="does not support item assignment"):
        fmap["a"] = 2  # type: ignore[index]
    with pytest.raises(TypeError, match="does not support item deletion"):
        del fmap["a"]  # type: ignore[attr-defined]
    with pytest.raises(AttributeError):
        fmap.extra = 1  # type: ignore[attr-defined]
    assert fmap == {"a": 1}


def test_frozen_map_missing_key_without_hook_raises_key_error() -> None:
    """Without a hook a missing key raises a plain KeyError carrying the key."""
    with pytest.raises(KeyError) as caught:
        FrozenMap({"a": 1})["z"]
    assert type(caught.value) is KeyError
    assert caught.value.args == ("z",)


def test_frozen_map_missing_key_hook_builds_the_exception() -> None:
    """With a hook a missing key raises the hook's exception, without the inner KeyError."""
    fmap = FrozenMap({"a": 1}, missing=missing)
    with pytest.raises(MissingError, match="no such key 'z'") as caught:
        fmap["z"]
    assert caught.value.__suppress_context__
    assert caught.value.__cause__ is None
    assert fmap.get("z") is None  # get() still works: the hook raises a KeyError
    assert fmap["a"] == 1


def test_frozen_map_pickle_round_trips() -> None:
    """Pickling gives back an equal FrozenMap with the same order and hash."""
    fmap = FrozenMap({"b": 2, "a": 1})
    loaded = pickle.loads(pickle.dumps(fmap))  # noqa: S301 - our own bytes
    assert type(loaded) is FrozenMap
    assert loaded == fmap
    assert list(loaded.items()) == [("a", 1), ("b", 2)]
    assert hash(loaded) == hash(fmap)


def test_frozen_map_pickle_of_a_result_keeps_contents_and_key_error() -> None:
    """A pickled library result keeps its contents, and a missing key is still a KeyError."""
    totals = spend_totals(
        [
            Purchase("c2", date=dt.date(2025, 1, 1), amount="1.50"),
            Purchase("c1", date=dt.date(2025, 1, 1), amount=2),
        ]
    )
    loaded = pickle.loads(pickle.dumps(totals))  # noqa: S301 - our own bytes
    assert loaded == totals
    assert list(loaded) == ["c1", "c2"]
    with pytest.raises(KeyError):
        loaded["c9"]


@pytest.mark.parametrize("clone", [lambda m: pickle.loads(pickle.dumps(m)), copy.copy])  # noqa: S301
def test_frozen_map_subclass_round_trips_as_itself(clone: object) -> None:
    """Pickling or copying a SpendTotals gives a SpendTotals raising UnknownCustomerError."""
    totals = spend_totals([Purchase("c1", date=dt.date(2025, 1, 1), amount=2)])
    loaded = clone(totals)  # type: ignore[operator]
    assert type(loaded) is SpendTotals
    with pytest.raises(UnknownCustomerError):
        loaded["c9"]


@given(st.dictionaries(st.text(max_size=3), st.integers(), max_size=12), st.randoms())
def test_frozen_map_order_and_equality_are_build_order_free(
    contents: dict[str, int], rnd: random.Random
) -> None:
    """Any build order gives an equal map, equal hash, and the same sorted iteration."""
    pairs = list(contents.items())
    rnd.shuffle(pairs)
    one, two = FrozenMap(dict(contents)), FrozenMap(dict(pairs))
    assert one == two
    assert hash(one) == hash(two)
    assert list(one.items()) == list(two.items()) == sorted(contents.items())


def test_frozen_map_with_unorderable_keys_iterates_by_repr() -> None:
    """Enum keys, which do not order, iterate in repr order whatever order built the map."""
    import enum  # noqa: PLC0415  # only this test needs it

    class Size(enum.Enum):
        SMALL = "s"
        BIG = "b"

    forward = FrozenMap({Size.SMALL: 1, Size.BIG: 2})
    backward = FrozenMap({Size.BIG: 2, Size.SMALL: 1})
    assert list(forward) == list(backward) == [Size.BIG, Size.SMALL]
    assert "Size.BIG" in repr(forward)


def test_frozen_map_refuses_contents_that_are_not_a_dict() -> None:
    """FrozenMap(None) fails at once, naming data, not later at len() or a lookup."""
    with pytest.raises(InvalidTypeError) as caught:
        FrozenMap(None)  # type: ignore[arg-type]
    assert str(caught.value) == "data: expected a dict, got None (NoneType)"
    with pytest.raises(InvalidTypeError) as caught:
        FrozenMap({}, missing=5)  # type: ignore[arg-type]
    assert str(caught.value) == "missing: expected None or a function of the key, got 5 (int)"
