"""The store as one value: its data checked once, and its whole review as of a day.

Where each part lives:

* :class:`Store` (``_store.py``): the store's purchases, customers, staff, events,
  complaints and survey, checked once; one method per step (classes, attitudes, early
  adopters, cases, churn, plan, satisfaction) and :meth:`Store.review` for all of them;
* :class:`PurchaseLedger` (``_ledger.py``): the purchases checked once and held by
  columns, so steps that need no ``Purchase`` values (totals, purchase days) make none;
* :class:`StoreReview` (``_review.py``): the review's results, key figures and HTML.

Example:
    >>> from retention.sample import sample_store
    >>> from retention.store import Store
    >>> store = Store.from_sample(sample_store())
    >>> review = store.review(days=30)
    >>> review.as_of == store.default_as_of()
    True
"""

from __future__ import annotations

from retention.store._ledger import PurchaseLedger, Visits
from retention.store._review import StoreReview
from retention.store._store import UNIT_DAYS, Store

__all__ = ["UNIT_DAYS", "PurchaseLedger", "Store", "StoreReview", "Visits"]
