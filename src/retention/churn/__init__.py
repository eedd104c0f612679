"""Churn early warning: overdue rhythm, BG/NBD P(alive), likely reasons, win-back.

Where each rule lives:

* CHURN-NOSURPRISE (overdue against the customer's own rhythm): :func:`overdue`
  (``_rhythm.py``); P(alive): :func:`p_alive` (``_bgnbd.py``); both together:
  :func:`early_warning` (``_warning.py``); the parameters P(alive) needs:
  :func:`fit_bgnbd` (``_fit.py``, with the optional numpy and scipy)
* CHURN-REASONS (the four reasons and their cures): :func:`likely_reasons`
  (``_reasons.py``), its evidence weights are the tables there
* CHURN-WINBACK: :meth:`ChurnReport.winbacks`, planned by
  :func:`~retention.cadence.plan_contacts`
* The numbers: :class:`ChurnPolicy` (``_policy.py``)

Example:
    >>> from retention.churn import BgNbdParams, p_alive
    >>> round(p_alive(1, 1, 2, BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)), 6)
    0.712487
"""

from __future__ import annotations

from retention.churn._bgnbd import BgNbdParams, RfmSummary, p_alive, rfm_summary
from retention.churn._fit import fit_bgnbd
from retention.churn._policy import ChurnPolicy
from retention.churn._reasons import ChurnReason, LikelyReason, likely_reasons
from retention.churn._rhythm import Overdue, Signal, overdue
from retention.churn._warning import ChurnReport, ChurnRisk, early_warning

__all__ = [
    "BgNbdParams",
    "ChurnPolicy",
    "ChurnReason",
    "ChurnReport",
    "ChurnRisk",
    "LikelyReason",
    "Overdue",
    "RfmSummary",
    "Signal",
    "early_warning",
    "fit_bgnbd",
    "likely_reasons",
    "overdue",
    "p_alive",
    "rfm_summary",
]
