"""Segmentation: ABC classes, attitude, early adopters, series index, temperaments.

Where each rule lives:

* SEG-ABC, SEG-FOCUS: :func:`classify_abc`, :func:`fit_abc` (``_abc.py``)
* SEG-ATTITUDE: :func:`classify_attitude`, :func:`classify_attitudes` (``_attitude.py``)
* SEG-EARLY: :func:`find_early_adopters` (``_early.py``)
* SEG-SERIES: :func:`series_index` (``_series.py``)
* SEG-TEMPER, SEG-MOTIVE: :class:`Temperament`, :class:`Motive` (``_temperament.py``)
"""

from __future__ import annotations

from retention.segmentation._abc import (
    AbcBasis,
    AbcClass,
    AbcClassSummary,
    AbcCutoffs,
    AbcPolicy,
    AbcResult,
    Boundary,
    classify_abc,
    fit_abc,
)
from retention.segmentation._attitude import (
    Attitude,
    AttitudePolicy,
    AttitudeResult,
    Evidence,
    KotlerPattern,
    classify_attitude,
    classify_attitudes,
)
from retention.segmentation._early import (
    EarlyAdopterPolicy,
    EarlyAdoption,
    Launch,
    find_early_adopters,
)
from retention.segmentation._series import SeriesIndex, series_index
from retention.segmentation._temperament import Guidance, Motive, Temperament

__all__ = [
    "AbcBasis",
    "AbcClass",
    "AbcClassSummary",
    "AbcCutoffs",
    "AbcPolicy",
    "AbcResult",
    "Attitude",
    "AttitudePolicy",
    "AttitudeResult",
    "Boundary",
    "EarlyAdopterPolicy",
    "EarlyAdoption",
    "Evidence",
    "Guidance",
    "KotlerPattern",
    "Launch",
    "Motive",
    "SeriesIndex",
    "Temperament",
    "classify_abc",
    "classify_attitude",
    "classify_attitudes",
    "find_early_adopters",
    "fit_abc",
    "series_index",
]
