"""The satisfaction report: gap, veto, standard scores, word of mouth, loyalty, advice.

:func:`satisfaction_report` scores one :class:`~retention.satisfaction.Survey`:

* per answer, perception and expectation rescale to 0..100 and the gap is perception
  minus expectation (SAT-GAP);
* per respondent, the mean of the items and, next to it, the veto score: a respondent
  with a failing item scores at most the policy's cap (SAT-VETO, "100 - 1 = 0");
* every aggregate is a weighted mean: each respondent weighs the same, or, given a
  ``population``, what post-stratification gives their segment (SAT-SURVEY);
* NPS, CSAT and CES from the answers that have them; word of mouth (SAT-WOM); the
  loyalty outlook (SAT-LOYALTY) and the advice (SAT-LEVERS, SAT-DELIGHT,
  SAT-EXPERIENCE).
"""

# The Chinese texts of the HTML picture use Chinese punctuation (full-width commas,
# colons and brackets).
# ruff: noqa: RUF001

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from decimal import Decimal
from fractions import Fraction
from typing import Literal, TypeVar

import attrs

from retention import _charts, _frames_out, _tables
from retention._decimal import SHARE
from retention._i18n import Labels, Language, check_language, in_language
from retention._text import percent, plural
from retention._validate import check_instance, check_positive_int, policy_or_default, to_enum
from retention.mappings import FrozenMap
from retention.rules import Reason
from retention.satisfaction._levers import Recommendation, recommend
from retention.satisfaction._loyalty import (
    Box,
    LoyaltyZone,
    box_of,
    loyalty_zone,
    rate,
    secure,
)
from retention.satisfaction._policy import Competition, SatisfactionPolicy
from retention.satisfaction._results import (
    DimensionScore,
    ItemScore,
    LoyaltyOutlook,
    RespondentScore,
)
from retention.satisfaction._standard import Ces, Csat, Nps, effective, normalised, to_decimal
from retention.satisfaction._survey import Response, Survey, SurveyMethod
from retention.satisfaction._weights import Weights, poststratify
from retention.satisfaction._wom import WordOfMouth, word_of_mouth

__all__ = ["SatisfactionReport", "satisfaction_report"]


@attrs.frozen
class SatisfactionReport:
    """A survey's scores, with the reasons behind them.

    Attributes:
        survey_id: The survey scored.
        method: How it was collected.
        third_party: Whether an outside party ran it.
        respondents: Respondents behind the item scores (those who answered an item).
        effective_respondents: Kish's effective sample size of them.
        mean: The plain weighted mean of the respondents' item means, 0..100.
        veto: The same mean after the veto, never above :attr:`mean` (SAT-VETO).
        vetoed: Respondents with a failing item.
        vetoing: Each failing item and how many respondents it failed for.
        items: One :class:`ItemScore` per item.
        dimensions: One :class:`DimensionScore` per dimension named by an item.
        scores: One :class:`RespondentScore` per response.
        weights: The post-stratification, or ``None`` when every respondent weighs the
            same.
        nps: From the ``recommend`` answers (``None`` if nobody answered).
        csat: Top-box share of the ``overall`` answers.
        ces: From the ``effort`` answers.
        satisfied_share: Weighted share of satisfied respondents.
        dissatisfied_share: Weighted share of dissatisfied respondents (vetoed or below
            the policy's line).
        word_of_mouth: Word of mouth of the respondents themselves (SAT-WOM); use
            :meth:`reach` for a whole customer base.
        loyalty: The loyalty outlook (SAT-LOYALTY).
        advice: What to do, most urgent first.
        reasons: Why: the rules and figures behind the headline scores.
        policy: The policy used.
    """

    survey_id: str
    method: SurveyMethod = attrs.field(kw_only=True)
    third_party: bool = attrs.field(kw_only=True)
    respondents: int = attrs.field(kw_only=True)
    effective_respondents: Decimal = attrs.field(kw_only=True)
    mean: Decimal | None = attrs.field(kw_only=True)
    veto: Decimal | None = attrs.field(kw_only=True)
    vetoed: tuple[str, ...] = attrs.field(kw_only=True)
    vetoing: FrozenMap[str, int] = attrs.field(kw_only=True)
    items: tuple[ItemScore, ...] = attrs.field(kw_only=True)
    dimensions: tuple[DimensionScore, ...] = attrs.field(kw_only=True)
    scores: tuple[RespondentScore, ...] = attrs.field(kw_only=True)
    weights: Weights | None = attrs.field(kw_only=True)
    nps: Nps | None = attrs.field(kw_only=True)
    csat: Csat | None = attrs.field(kw_only=True)
    ces: Ces | None = attrs.field(kw_only=True)
    satisfied_share: Decimal | None = attrs.field(kw_only=True)
    dissatisfied_share: Decimal | None = attrs.field(kw_only=True)
    word_of_mouth: WordOfMouth = attrs.field(kw_only=True)
    loyalty: LoyaltyOutlook = attrs.field(kw_only=True)
    advice: tuple[Recommendation, ...] = attrs.field(kw_only=True)
    reasons: tuple[Reason, ...] = attrs.field(kw_only=True)
    policy: SatisfactionPolicy = attrs.field(kw_only=True, repr=False)

    def reach(self, customers: int) -> WordOfMouth:
        """Word of mouth of a base of ``customers``, projected from the weighted shares.

        Example: with 60 % satisfied and 10 % dissatisfied, 1,000 customers reach
        600 x 6 = 3,600 people with good news and 100 x 15 = 1,500 with bad.

        Raises:
            InvalidInputError: ``customers`` negative or not an int.
        """
        base = Decimal(check_positive_int("customers", customers, minimum=0))
        return word_of_mouth(
            satisfied=SHARE.multiply(base, self.satisfied_share or Decimal(0)),
            dissatisfied=SHARE.multiply(base, self.dissatisfied_share or Decimal(0)),
            told_by_satisfied=self.policy.told_by_satisfied,
            told_by_dissatisfied=self.policy.told_by_dissatisfied,
        )

    def to_records(
        self,
        *,
        table: Literal["items", "dimensions", "respondents"] = "items",
        labels: Language | None = None,
    ) -> list[dict[str, object]]:
        """Return the report's scores as plain rows, ready for ``pandas.DataFrame(...)``.

        Scores are ``Decimal`` on 0..100 (``None`` where nobody answered); enums are
        their values.

        Args:
            table: ``"items"``: one row per item in the survey's order, keys
                ``item_id``, ``topic``, ``dimension``, ``answers``, ``perception``,
                ``expectation``, ``gap`` and ``failing``. ``"dimensions"``: one row
                per dimension, keys ``dimension``, ``items`` (the item IDs, comma
                separated), ``answers``, ``perception``, ``expectation`` and ``gap``.
                ``"respondents"``: one row per response, keys ``respondent_id``,
                ``segment``, ``weight``, ``mean``, ``veto``, ``vetoed_by`` (the failing
                item IDs, comma separated), ``level``, ``box``, ``loyal`` and ``zone``.
            labels: ``None`` for those keys, or ``"en"``, ``"zh_CN"`` or ``"zh_TW"``
                to key each row by the column labels in that language.

        Raises:
            InvalidInputError: An unknown table or language.
        """
        chosen = _tables.choose(table, _REPORT_TABLES)
        return _tables.records(chosen, self._rows(chosen), labels)

    def to_frame(
        self,
        backend: _frames_out.Backend = "pandas",
        *,
        money: _frames_out.Money = "float",
        table: Literal["items", "dimensions", "respondents"] = "items",
        labels: Language | None = None,
    ) -> _frames_out.Frame:
        """Return the table of :meth:`to_records` as a typed data frame.

        The column types are the table's, whatever the values (an empty result has them
        too): scores are float64 rounded to 6 decimal places (null where nobody answered), a
        weight float64 as it is, the counts int64, ``loyal`` a nullable bool, the rest
        strings. The backend is imported now, never before.

        Args:
            backend: ``"pandas"`` or ``"polars"`` (a ``DataFrame``), or ``"pyarrow"``
                (a ``Table``).
            money: ``"float"`` or ``"decimal"`` (checked; the tables hold no money).
            table: ``"items"``, ``"dimensions"`` or ``"respondents"``, as for
                :meth:`to_records`.
            labels: ``None``, or a language to name the columns by their labels.

        Raises:
            InvalidInputError: An unknown backend, money type, table or language.
            MissingDependencyError: The backend is not installed.
        """
        chosen = _tables.choose(table, _REPORT_TABLES)
        return _frames_out.table_frame(
            chosen, self._rows(chosen), labels, backend=backend, money=money
        )

    def to_html(
        self,
        *,
        table: Literal["items", "dimensions", "respondents"] | None = None,
        language: Language = "en",
        max_rows: int | None = 50,
    ) -> str:
        """Return the report as escaped HTML with the library's own stylesheet.

        With no ``table``, the whole picture, summary first: the key figures
        (respondents, the mean and the mean after the veto, NPS, CSAT, CES), the gap of
        each item (experience minus expectation, SAT-GAP) and the NPS split into
        promoters, passives and detractors (inline SVG charts), then the items table.
        With a ``table``, that table alone.

        Args:
            table: ``None`` for the whole picture, or ``"items"``, ``"dimensions"`` or
                ``"respondents"``, as for :meth:`to_records`.
            language: The language of the labels, the caption, the figures and the charts.
            max_rows: Most rows shown (``None`` for all); a last line counts the rest.

        Raises:
            InvalidInputError: An unknown table or language, or ``max_rows`` below 1.
        """
        if table is not None:
            chosen = _tables.choose(table, _REPORT_TABLES)
            count = (
                len(self.items)
                if chosen is _tables.SURVEY_ITEMS
                else len(self.dimensions)
                if chosen is _tables.SURVEY_DIMENSIONS
                else len(self.scores)
            )
            return _tables.html_table(
                chosen,
                self._rows(chosen),
                count=count,
                caption=self._caption(),
                language=language,
                max_rows=max_rows,
            )
        lang = check_language(language)
        _tables.row_limit(max_rows)
        detail = _tables.table_html(
            _tables.SURVEY_ITEMS,
            self._rows(_tables.SURVEY_ITEMS),
            count=len(self.items),
            caption=self._caption(),
            language=lang,
            max_rows=max_rows,
        )
        gaps = [
            (item.item_id, item.item_id, item.gap) for item in self.items if item.gap is not None
        ]
        parts = [
            self._figures(lang),
            _charts.diverging_bars(
                gaps, title=in_language(_HTML_GAPS, lang), name="satisfaction-gaps"
            ),
        ]
        if self.nps is not None:
            nps = self.nps
            split = [
                (key, in_language(_HTML_NPS_PARTS[key], lang), count)
                for key, count in (
                    ("promoters", nps.promoters),
                    ("passives", nps.passives),
                    ("detractors", nps.detractors),
                )
            ]
            title = in_language(_HTML_NPS, lang).format(score=_tables.shown(nps.score, "score"))
            parts.append(_charts.split_bar(split, title=title, name="satisfaction-nps"))
        parts.append(detail)
        return _tables.report(parts, tables=[_tables.SURVEY_ITEMS], name="satisfaction-report")

    def _repr_html_(self) -> str:
        """The whole picture in English, for Jupyter (see :meth:`to_html`)."""
        return self.to_html()

    def _caption(self) -> dict[str, object]:
        return {
            "survey_id": self.survey_id,
            "respondents": f"{self.respondents:,}",
            "mean": _tables.shown(self.mean, "score"),
            "veto": _tables.shown(self.veto, "score"),
        }

    def _figures(self, language: Language) -> str:
        nps, csat, ces = self.nps, self.csat, self.ces
        pairs = [
            (_HTML_SURVEY, self.survey_id),
            (_HTML_RESPONDENTS, f"{self.respondents:,}"),
            (_HTML_MEAN, _tables.shown(self.mean, "score")),
            (_HTML_VETO, _tables.shown(self.veto, "score")),
            (_HTML_NPS_LABEL, "\u2014" if nps is None else _tables.shown(nps.score, "score")),
            (_HTML_CSAT, "\u2014" if csat is None else _tables.shown(csat.share, "share")),
            (_HTML_CES, "\u2014" if ces is None else _tables.shown(ces.mean, "ratio")),
        ]
        return _tables.figures((in_language(label, language), value) for label, value in pairs)

    def _rows(self, table: _tables.Table) -> Iterator[dict[str, object]]:
        if table is _tables.SURVEY_DIMENSIONS:
            for dimension in self.dimensions:
                yield {
                    "dimension": dimension.name,
                    "items": ", ".join(dimension.items),
                    "answers": dimension.answers,
                    "perception": dimension.perception,
                    "expectation": dimension.expectation,
                    "gap": dimension.gap,
                }
        elif table is _tables.SURVEY_RESPONDENTS:
            for score in self.scores:
                yield {
                    "respondent_id": score.respondent_id,
                    "segment": score.segment,
                    "weight": score.weight,
                    "mean": score.mean,
                    "veto": score.veto,
                    "vetoed_by": ", ".join(score.vetoed_by),
                    "level": score.level,
                    "box": score.box,
                    "loyal": score.loyal,
                    "zone": score.zone,
                }
        else:
            for item in self.items:
                yield {
                    "item_id": item.item_id,
                    "topic": item.topic,
                    "dimension": item.dimension,
                    "answers": item.answers,
                    "perception": item.perception,
                    "expectation": item.expectation,
                    "gap": item.gap,
                    "failing": item.failing,
                }


# The texts of the HTML picture, in English, simplified and traditional Chinese.
_HTML_SURVEY: Labels = ("Survey", "调查", "調查")
_HTML_RESPONDENTS: Labels = ("Respondents", "受访者", "受訪者")
_HTML_MEAN: Labels = ("Mean", "平均分", "平均分")
_HTML_VETO: Labels = ("After the veto", "否决后得分", "否決後得分")
_HTML_NPS_LABEL: Labels = ("NPS", "NPS", "NPS")
_HTML_CSAT: Labels = ("CSAT", "CSAT", "CSAT")
_HTML_CES: Labels = ("CES", "CES", "CES")
_HTML_GAPS: Labels = (
    "Gap per item: experience minus expectation",
    "各题项差距：实际感受减期望",
    "各題項差距：實際感受減期望",
)
_HTML_NPS: Labels = (
    "NPS {score}: promoters, passives and detractors",
    "NPS {score}：推荐者、被动者与贬损者",
    "NPS {score}：推薦者、被動者與批評者",
)
_HTML_NPS_PARTS: dict[str, Labels] = {
    "promoters": ("promoters", "推荐者", "推薦者"),
    "passives": ("passives", "被动者", "被動者"),
    "detractors": ("detractors", "贬损者", "批評者"),
}

_REPORT_TABLES = {
    "items": _tables.SURVEY_ITEMS,
    "dimensions": _tables.SURVEY_DIMENSIONS,
    "respondents": _tables.SURVEY_RESPONDENTS,
}


class _Respondent:
    """One respondent's exact figures while the report is worked out."""

    def __init__(
        self, response: Response, survey: Survey, weight: Fraction, policy: SatisfactionPolicy
    ) -> None:
        scale = survey.scale
        self.response = response
        self.weight = weight
        # exact fractions throughout: one rounding, when a figure leaves as a Decimal
        self.items: dict[str, tuple[Fraction, Fraction]] = {
            a.item_id: (scale.exact(a.perception), scale.exact(a.expectation))
            for a in response.answers
        }
        self.failing = tuple(
            item_id
            for item_id, (seen, hoped) in self.items.items()
            if seen <= policy.veto_floor or seen - hoped <= policy.veto_gap
        )
        scores = [seen for seen, _ in self.items.values()]
        self.exact_mean = sum(scores, Fraction(0)) / len(scores) if scores else None
        self.exact_veto = self.exact_mean
        if self.exact_mean is not None and self.failing:
            cap = (
                min(self.items[i][0] for i in self.failing)
                if policy.veto_cap is None
                else Fraction(policy.veto_cap)
            )
            self.exact_veto = min(self.exact_mean, cap)
        self.mean = None if self.exact_mean is None else to_decimal(self.exact_mean)
        self.veto = None if self.exact_veto is None else to_decimal(self.exact_veto)
        self.level = scale.score(response.overall) if response.overall is not None else self.mean
        self.box = (
            None
            if self.level is None
            else box_of(self.level, vetoed=bool(self.failing), policy=policy)
        )
        self.loyal = (
            None
            if response.repurchase is None
            else scale.score(response.repurchase) >= policy.satisfied_from
        )
        self.satisfied = self.box in (Box.TOP, Box.SATISFIED)
        self.dissatisfied = self.level is not None and (
            bool(self.failing) or self.level < policy.dissatisfied_below
        )

    def score(self) -> RespondentScore:
        zone = (
            None
            if self.loyal is None or self.box is None
            else loyalty_zone(satisfied=self.satisfied, loyal=self.loyal)
        )
        return RespondentScore(
            self.response.respondent_id,
            segment=self.response.segment,
            weight=to_decimal(self.weight),
            mean=self.mean,
            veto=self.veto,
            vetoed_by=self.failing,
            level=self.level,
            box=self.box,
            loyal=self.loyal,
            zone=zone,
        )


def _mean(pairs: Sequence[tuple[Fraction | Decimal, Fraction]]) -> Decimal | None:
    if not pairs:
        return None
    pairs = normalised(pairs)
    total = sum((w for _, w in pairs), Fraction(0))
    return to_decimal(sum((Fraction(v) * w for v, w in pairs), Fraction(0)) / total)


def _share(flags: list[tuple[bool, Fraction]]) -> Decimal | None:
    return _mean([(Decimal(int(flag)), w) for flag, w in flags])


def _weights(survey: Survey, population: Mapping[str, object] | None) -> Weights | None:
    if population is None:
        return None
    return poststratify(survey.responses, population)


def satisfaction_report(
    survey: Survey,
    *,
    population: Mapping[str, object] | None = None,
    competition: Competition | str = Competition.MODERATE,
    policy: SatisfactionPolicy | None = None,
) -> SatisfactionReport:
    """Score ``survey``: gap, veto, NPS/CSAT/CES, word of mouth, loyalty and advice.

    Args:
        survey: The survey to score.
        population: Customers per segment for post-stratified weights (SAT-SURVEY),
            e.g. the ABC class counts; ``None`` weighs every respondent the same.
        competition: How hard the market competes (SAT-LOYALTY), default moderate.
        policy: The numbers; :class:`SatisfactionPolicy` defaults if ``None``.

    Returns:
        The report. The same survey gives the same report whatever the order of its
        items and responses.

    Raises:
        InvalidTypeError: ``survey`` is not a :class:`Survey`.
        EmptyInputError: A segment of ``population`` with customers and no answers.
        InvalidInputError: A response without a segment ``population`` has.
        InvalidPolicyError: ``policy`` is not a :class:`SatisfactionPolicy`.
    """
    check_instance("survey", survey, Survey)
    used = policy_or_default(policy, SatisfactionPolicy)
    market = to_enum("competition", Competition, competition)
    weights = _weights(survey, population)
    count = len(survey.responses)
    people = [
        _Respondent(
            response,
            survey,
            weights.exact(response.respondent_id) if weights else Fraction(1, count),
            used,
        )
        for response in survey.responses
    ]
    scored = [p for p in people if p.mean is not None]
    items = _item_scores(survey, scored)
    vetoed = tuple(p.response.respondent_id for p in scored if p.failing)
    mean = _mean([(p.exact_mean, p.weight) for p in scored if p.exact_mean is not None])
    veto = _mean([(p.exact_veto, p.weight) for p in scored if p.exact_veto is not None])
    leveled = [p for p in people if p.level is not None]
    satisfied_share = _share([(p.satisfied, p.weight) for p in leveled])
    dissatisfied_share = _share([(p.dissatisfied, p.weight) for p in leveled])
    loyalty = _loyalty(people, market, used)
    return SatisfactionReport(
        survey.survey_id,
        method=survey.method,
        third_party=survey.third_party,
        respondents=len(scored),
        effective_respondents=effective(p.weight for p in scored),
        mean=mean,
        veto=veto,
        vetoed=vetoed,
        vetoing=FrozenMap({i.item_id: i.failing for i in items if i.failing}),
        items=items,
        dimensions=_dimensions(survey, scored),
        scores=tuple(p.score() for p in people),
        weights=weights,
        nps=_standard(people, "recommend", Nps.of),
        csat=_standard(
            people, "overall", lambda pairs: Csat.of(pairs, survey.scale, used.csat_boxes)
        ),
        ces=_standard(people, "effort", Ces.of),
        satisfied_share=satisfied_share,
        dissatisfied_share=dissatisfied_share,
        word_of_mouth=word_of_mouth(
            satisfied=sum(p.satisfied for p in leveled),
            dissatisfied=sum(p.dissatisfied for p in leveled),
            told_by_satisfied=used.told_by_satisfied,
            told_by_dissatisfied=used.told_by_dissatisfied,
        ),
        loyalty=loyalty,
        advice=recommend(items, vetoed=vetoed, loyalty=loyalty, policy=used),
        reasons=_reasons(survey, weights=weights, mean=mean, veto=veto, vetoed=vetoed, items=items),
        policy=used,
    )


_S = TypeVar("_S")


def _standard(
    people: list[_Respondent], name: str, build: Callable[[list[tuple[int, Fraction]]], _S]
) -> _S | None:
    pairs = [
        (rating, p.weight) for p in people if (rating := getattr(p.response, name)) is not None
    ]
    return build(pairs) if pairs else None


def _item_scores(survey: Survey, people: list[_Respondent]) -> tuple[ItemScore, ...]:
    out = []
    for item in survey.items:
        answered = [p for p in people if item.item_id in p.items]
        perception = _mean([(p.items[item.item_id][0], p.weight) for p in answered])
        expectation = _mean([(p.items[item.item_id][1], p.weight) for p in answered])
        gap = _mean(
            [(p.items[item.item_id][0] - p.items[item.item_id][1], p.weight) for p in answered]
        )
        out.append(
            ItemScore(
                item.item_id,
                topic=item.topic,
                dimension=item.dimension,
                answers=len(answered),
                perception=perception,
                expectation=expectation,
                gap=gap,
                failing=sum(item.item_id in p.failing for p in answered),
            )
        )
    return tuple(out)


def _dimensions(survey: Survey, people: list[_Respondent]) -> tuple[DimensionScore, ...]:
    names = sorted({i.dimension for i in survey.items if i.dimension is not None})
    out = []
    for name in names:
        ids = tuple(i.item_id for i in survey.items if i.dimension == name)
        seen = [(p.items[i][0], p.weight) for p in people for i in ids if i in p.items]
        hoped = [(p.items[i][1], p.weight) for p in people for i in ids if i in p.items]
        perception, expectation = _mean(seen), _mean(hoped)
        gap = _mean(
            [(p.items[i][0] - p.items[i][1], p.weight) for p in people for i in ids if i in p.items]
        )
        if perception is None or expectation is None or gap is None:
            continue  # nobody answered the dimension's items
        out.append(
            DimensionScore(
                name,
                items=ids,
                answers=len(seen),
                perception=perception,
                expectation=expectation,
                gap=gap,
            )
        )
    return tuple(out)


def _loyalty(
    people: list[_Respondent], market: Competition, policy: SatisfactionPolicy
) -> LoyaltyOutlook:
    boxed = [(p.box, p.weight) for p in people if p.box is not None]
    expected = _mean([(rate(box, market, policy), w) for box, w in boxed])
    top = _share([(box is Box.TOP, w) for box, w in boxed])
    satisfied = _share([(box is not Box.REST, w) for box, w in boxed])
    safe = _share([(secure(box, market), w) for box, w in boxed])
    zoned = [p for p in people if p.box is not None and p.loyal is not None]
    zones = {zone.value: 0 for zone in LoyaltyZone}
    for p in zoned:
        zones[loyalty_zone(satisfied=p.satisfied, loyal=bool(p.loyal)).value] += 1
    mercenary = _share([(p.satisfied and not p.loyal, p.weight) for p in zoned])
    curve = policy.curve(market)
    reasons = []
    if expected is not None and top is not None and satisfied is not None and safe is not None:
        reasons.append(
            Reason(
                "SAT-LOYALTY",
                detail=f"{market.value} competition: expected loyalty {percent(expected)} "
                f"(top box {percent(top)} x {curve.top}, satisfied below top "
                f"{percent(SHARE.subtract(satisfied, top))} x {curve.satisfied}, rest x "
                f"{curve.rest}); "
                f"secure {percent(safe)}",
            )
        )
    if mercenary is not None:
        reasons.append(
            Reason(
                "SAT-LOYALTY",
                detail=f"{percent(mercenary)} of {plural(len(zoned), 'respondent')} who said "
                "whether they will buy again are satisfied but not loyal (mercenaries)",
            )
        )
    return LoyaltyOutlook(
        market,
        answers=len(boxed),
        expected=expected,
        top_share=top,
        satisfied_share=satisfied,
        secure_share=safe,
        zones=FrozenMap(zones),
        mercenary_share=mercenary,
        reasons=tuple(reasons),
    )


def _reasons(
    survey: Survey,
    *,
    weights: Weights | None,
    mean: Decimal | None,
    veto: Decimal | None,
    vetoed: tuple[str, ...],
    items: tuple[ItemScore, ...],
) -> tuple[Reason, ...]:
    method = survey.method.value.replace("_", " ")
    who = "a third party" if survey.third_party else "the store itself"
    how = (
        "weighted so each segment counts by its share of customers ("
        + ", ".join(
            f"{s.segment} {percent(s.population_share)} of customers, {plural(s.answers, 'answer')}"
            for s in weights.strata
        )
        + ")"
        if weights is not None
        else "every respondent weighs the same (no population given)"
    )
    reasons = [
        Reason(
            "SAT-SURVEY",
            detail=f"{plural(len(survey.responses), 'response')} by {method}, run by {who}; {how}",
        )
    ]
    gaps = [i for i in items if i.gap is not None]
    if gaps:
        worst = min(gaps, key=lambda i: (i.gap, i.item_id))
        reasons.append(
            Reason(
                "SAT-GAP",
                detail="each item's gap is experience minus expectation (the mean and the "
                f"veto score are of experience); largest shortfall {worst.item_id} "
                f"({worst.gap:.1f} points)",
            )
        )
    if mean is not None and veto is not None:
        failed = ", ".join(f"{i.item_id} ({i.failing})" for i in items if i.failing) or "none"
        reasons.append(
            Reason(
                "SAT-VETO",
                detail=f"mean {mean:.1f}, after the veto {veto:.1f}: "
                f"{plural(len(vetoed), 'respondent')} with a failing item; failing items: {failed}",
            )
        )
    return tuple(reasons)
