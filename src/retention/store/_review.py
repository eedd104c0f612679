"""StoreReview: every step's result for one store as of one day."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from retention._i18n import Language, check_language

if TYPE_CHECKING:
    from retention.cadence import ContactPlan
    from retention.churn import ChurnReport
    from retention.complaints import Case, Lessons, SlaStatus
    from retention.mappings import FrozenMap
    from retention.satisfaction import SatisfactionReport
    from retention.segmentation import AbcResult, AttitudeResult, EarlyAdoption, SeriesIndex

__all__ = ["StoreReview"]


@attrs.frozen(kw_only=True)
class StoreReview:
    """A store's review as of one day, from :meth:`Store.review <retention.store.Store.review>`.

    Attributes:
        as_of: "Today".
        at: The instant the complaint cases are read at: the start of :attr:`as_of` in
            the store's time zone.
        classes: ABC classes by spend (SEG-ABC).
        attitudes: Attitude groups (SEG-ATTITUDE); ``None`` when no purchase names a brand.
        early_adopters: The early adopters of the store's launches (SEG-EARLY).
        series: The customer series index (SEG-SERIES).
        cases: The complaint cases at :attr:`at`, by complaint ID (CMP-STEPS).
        lessons: What the cases teach (CMP-LESSON); ``None`` with no case.
        churn: The early warning (CHURN-NOSURPRISE, CHURN-REASONS).
        plan: The contact plan (the ``CAD-*`` rules).
        satisfaction: The survey's report (the ``SAT-*`` rules); ``None`` without a survey.
    """

    as_of: dt.date = attrs.field(kw_only=False)
    at: dt.datetime
    classes: AbcResult
    attitudes: FrozenMap[str, AttitudeResult] | None
    early_adopters: FrozenMap[str, EarlyAdoption]
    series: SeriesIndex
    cases: tuple[Case, ...]
    lessons: Lessons | None
    churn: ChurnReport
    plan: ContactPlan
    satisfaction: SatisfactionReport | None

    def sla(self) -> tuple[SlaStatus, ...]:
        """Both SLA clocks of every case still open at :attr:`at` (CMP-SLA)."""
        from retention.complaints import sla_status  # noqa: PLC0415 - loaded when used

        return tuple(sla_status(case, self.at) for case in self.cases if not case.closed)

    def headline(self) -> dict[str, object]:
        """The review's key figures, one value each, for a dashboard's first row."""
        abc = Counter(c.value for c in self.classes.values())
        return {
            "as_of": self.as_of,
            "customers": len(self.classes),
            "class_a": abc.get("A", 0),
            "class_b": abc.get("B", 0),
            "class_c": abc.get("C", 0),
            "loyal": self.series.loyal,
            "early_adopters": len(self.early_adopters),
            "at_risk": len(self.churn.at_risk),
            "planned_contacts": len(self.plan.planned),
            "open_cases": sum(1 for case in self.cases if not case.closed),
            "breached_cases": sum(1 for status in self.sla() if status.breached),
            "nps": (
                self.satisfaction.nps.score
                if self.satisfaction is not None and self.satisfaction.nps is not None
                else None
            ),
        }

    def to_html(self, *, language: Language = "en") -> str:
        """The review as one HTML fragment: key figures, the SLA clocks, each part's picture.

        Each part is its own ``to_html()`` (summary, charts, detail table), in the order a
        store manager reads them: classes, early warning, plan, complaints, satisfaction.
        """
        from retention import _charts, _tables  # noqa: PLC0415 - loaded when used
        from retention.complaints import SlaState  # noqa: PLC0415 - loaded when used
        from retention.complaints._sla import in_hours  # noqa: PLC0415 - the one rounding

        language = check_language(language)
        parts = [
            f"<h3>Store review as of {self.as_of}</h3>",
            _tables.figures(
                (key.replace("_", " "), _figure(value))
                for key, value in self.headline().items()
                if key != "as_of"
            ),
        ]
        clocks = [
            (
                f"{status.complaint_id} {clock.clock.value.replace('_', ' ')}",
                in_hours(clock.used) or Decimal(0),
                in_hours(clock.target) or Decimal(0),
                clock.state is SlaState.BREACHED,
            )
            for status in self.sla()
            for clock in status.clocks
        ]
        if clocks:
            parts.append(_charts.sla_clocks(clocks))
        parts += [
            self.classes.to_html(language=language),
            self.churn.to_html(language=language),
            self.plan.to_html(language=language),
        ]
        if self.lessons is not None:
            parts.append(self.lessons.to_html(language=language))
        if self.satisfaction is not None:
            parts.append(self.satisfaction.to_html(language=language))
        return _tables.report(parts, tables=(), name="review")

    def _repr_html_(self) -> str:
        return self.to_html()


def _figure(value: object) -> str:
    """A key figure as text: a whole number with separators, a dash for none."""
    if value is None:
        return "\u2014"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        return f"{value:,.1f}"
    return str(value)
