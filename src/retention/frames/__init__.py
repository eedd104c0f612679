"""DataFrames in: the library's steps on pandas, polars, pyarrow, DuckDB and Dask frames.

Install the ``frames`` extra (``pip install 'retention-kit[frames]'``): it brings
`narwhals <https://narwhals-dev.github.io/narwhals/>`_, through which every step runs in
the frame's own engine (group-by, sort, cumulative sums, expressions) without the
library importing pandas, polars or anything else unasked. Column names are keyword
arguments whose defaults are the :class:`~retention.customers.Purchase` field names.

The answers are the object path's, to the cent: amounts become whole 1/10,000ths inside
the engine (checked for loss), totals are exact integer sums, and equal spenders are
never split. A bad value is named with its row, as the object path names it.

- :func:`spend_totals`, :func:`fit_abc`, :func:`abc_classes`, :func:`classify_abc`:
  ABC (SEG-ABC).
- :func:`churn`, :func:`p_alive`, :func:`summaries`, :func:`fit_bgnbd`: the churn step per customer
  (CHURN-NOSURPRISE, CHURN-PALIVE).
- :func:`purchases` and :func:`histories`: :class:`~retention.customers.Purchase`
  values and histories for the steps that need one object per purchase (attitude,
  early adopters, plans).

A Dask DataFrame is handed to :mod:`retention.chain` (the ``chain`` extra), which runs
the same steps partition by partition: lazy results stay lazy, and only what a global
step needs (the distinct totals, one summary row per customer) reaches the driver.
"""

from __future__ import annotations

from retention.frames._abc import abc_classes, classify_abc, fit_abc, spend_totals
from retention.frames._churn import churn, fit_bgnbd, p_alive, summaries
from retention.frames._objects import histories, purchases

__all__ = [
    "abc_classes",
    "churn",
    "classify_abc",
    "fit_abc",
    "fit_bgnbd",
    "histories",
    "p_alive",
    "purchases",
    "spend_totals",
    "summaries",
]
