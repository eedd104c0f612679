"""The HTML people look at: summary first, inline SVG charts, then the detail (issue 18).

Every result's ``_repr_html_()`` is parsed with a strict HTML5 parser (a parse error
fails the test), each chart is found by its ``data-chart`` name, and the numbers it
plots are read back from the markup and compared with the result's own.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from decimal import Decimal
from itertools import accumulate
from typing import Any
from xml.etree.ElementTree import Element

import html5lib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import InvalidInputError
from retention._charts import (
    _allowed,
    bars,
    diverging_bars,
    histogram,
    pareto_curve,
    safe_text,
    sla_clocks,
    split_bar,
    stacked_bars,
)
from retention._i18n import LANGUAGES
from retention._tables import ABC, PLAN, stylesheet
from retention.cadence import CadencePolicy, ContactPlan, Status
from retention.churn import BgNbdParams, early_warning
from retention.complaints import lessons
from retention.sample import sample_store
from retention.segmentation import AttitudeResult, classify_abc
from retention.segmentation._abc import _Cumulative
from test_tables import hand_churn, hand_lessons, hand_report, sample_results

SVG = "{http://www.w3.org/2000/svg}"
RESULTS = ("abc", "plan", "churn", "report", "lessons")
TABLES = {
    "abc": ("customers", "summary"),
    "plan": ("decisions", "staff_load"),
    "report": ("items", "dimensions", "respondents"),
    "lessons": ("causes", "products", "staff", "figures", "repeat_customers"),
    "churn": ("at_risk", "checks"),
}


def parse(text: str) -> Element:
    """Parse ``text`` as an HTML5 fragment in a page body; any parse error raises."""
    parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
    fragment: Element = parser.parseFragment(text)
    return fragment


def chart(tree: Element, name: str) -> Element:
    """The one chart named ``name`` (its root ``<svg>``), checked for what every chart has."""
    found = [e for e in tree.iter(f"{SVG}svg") if e.get("data-chart") == name]
    assert len(found) == 1, name
    svg = found[0]
    assert svg.get("role") == "img"
    assert svg.get("class") == "retention-chart"
    assert svg.find(f"{SVG}title") is not None
    assert (svg.find(f"{SVG}title").text or "").strip()  # type: ignore[union-attr]
    return svg


def charts(tree: Element) -> list[str]:
    """The names of the charts in ``tree``, in order."""
    return [str(e.get("data-chart")) for e in tree.iter(f"{SVG}svg")]


def by(svg: Element, tag: str, attribute: str) -> dict[str, Element]:
    """The ``tag`` elements of ``svg`` that carry ``attribute``, by its value."""
    return {str(e.get(attribute)): e for e in svg.iter(f"{SVG}{tag}") if attribute in e.attrib}


def values(svg: Element, key: str = "data-key") -> dict[str, Decimal]:
    """Each bar's ``data-value`` by its key."""
    return {k: Decimal(str(e.get("data-value"))) for k, e in by(svg, "rect", key).items()}


def body_rows(tree: Element) -> list[list[str]]:
    """The body rows of the (last) table, as the text of their cells."""
    table = list(tree.iter("table"))[-1]
    return [
        ["".join(td.itertext()) for td in tr.iter("td")]
        for tbody in table.iter("tbody")
        for tr in tbody.iter("tr")
    ]


def order_of(tree: Element) -> list[str]:
    """The top-level blocks of the wrapper, in order: style, dl, svg, ul, table."""
    wrapper = next(iter(tree))
    assert wrapper.tag == "div"
    assert "retention" in str(wrapper.get("class")).split()
    return [child.tag.replace(SVG, "") for child in wrapper]


# --- every result, every language ---------------------------------------------------------


@pytest.mark.parametrize("name", RESULTS)
def test_every_repr_html_is_valid_html5_summary_then_charts_then_detail(name: str) -> None:
    """_repr_html_ parses without error: the wrapper's style, key figures, charts, table."""
    result = sample_results()[name]
    text = result._repr_html_()
    assert text == result.to_html()
    blocks = [block for block in order_of(parse(text)) if block != "ul"]
    assert blocks[:2] == ["style", "dl"]
    assert blocks[-1] == "table"
    assert set(blocks[2:-1]) == {"svg"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_table_and_picture_is_valid_html5_in_every_language(language: str) -> None:
    """Each table alone and each whole picture parse strictly, in all three languages."""
    results = sample_results()
    for name, tables in TABLES.items():
        result = results[name]
        parse(result.to_html(language=language, max_rows=3))
        for table in tables:
            tree = parse(result.to_html(table=table, language=language, max_rows=3))
            assert order_of(tree) == ["style", "table"]
    parse(AttitudeResult.html_of(results["attitudes"], language=language))


def test_tables_read_well_outside_jupyter() -> None:
    """The stylesheet is scoped under .retention: borders, and numbers right-aligned."""
    css = stylesheet([ABC, ABC, PLAN])
    rules = css.removeprefix("<style>\n").removesuffix("\n</style>").splitlines()
    assert all(rule.startswith(".retention") for rule in rules)
    assert "border:1px solid" in css
    right = next(rule for rule in rules if ".retention-abc" in rule)
    for place in (3, 4, 5):  # spend, share of spend, rank
        assert f".retention .retention-abc tbody td:nth-child({place})" in right
    assert "nth-child(1)" not in right
    assert "nth-child(2)" not in right
    assert right.endswith("{text-align:right;white-space:nowrap}")
    assert css.count(".retention-abc tbody") == 3  # ABC once, however often it is named
    assert ".retention .retention-plan tbody td:nth-child(14){min-width:24em}" in css


# --- ABC --------------------------------------------------------------------------------


def test_seg_abc_pareto_cutoffs_are_the_summary_rows() -> None:
    """SEG-ABC: the Pareto's A and B points hold the A and A+B customers and spend exactly."""
    abc = sample_results()["abc"]
    svg = chart(parse(abc._repr_html_()), "abc-pareto")
    cutoffs = by(svg, "g", "data-label")
    a, b, _ = abc.summary
    six = Decimal("0.000001")
    expected = {
        "A": (a.customers, a.spend, a.share_of_customers, a.share_of_spend),
        "B": (
            a.customers + b.customers,
            a.spend + b.spend,
            a.share_of_customers + b.share_of_customers,
            a.share_of_spend + b.share_of_spend,
        ),
    }
    for label, (customers, spend, share_customers, share_spend) in expected.items():
        point = cutoffs[label]
        assert int(str(point.get("data-customers"))) == customers
        assert Decimal(str(point.get("data-spend"))) == spend
        assert Decimal(str(point.get("data-share-of-customers"))) == share_customers.quantize(six)
        assert Decimal(str(point.get("data-share-of-spend"))) == share_spend.quantize(six)
    curve = next(svg.iter(f"{SVG}polyline"))
    assert str(curve.get("data-customers")).split()[-1] == str(len(abc))
    assert Decimal(str(curve.get("data-spend")).split()[-1]) == abc.cutoffs.total


def test_seg_abc_html_lists_the_biggest_spenders_first_ties_by_id() -> None:
    """SEG-ABC: HTML rows go highest spend first, equal spends by ID; records keep ID order."""
    abc = classify_abc({"b": 5, "a": 5, "c": 9, "d": 1})
    assert [row[0] for row in body_rows(parse(abc.to_html()))] == ["c", "a", "b", "d"]
    two = parse(abc.to_html(max_rows=2))
    assert [row[0] for row in body_rows(two)] == ["c", "a"]
    assert [row[0] for row in body_rows(parse(abc.to_html(table="customers")))][:1] == ["c"]
    assert [row["customer_id"] for row in abc.to_records()] == ["a", "b", "c", "d"]
    assert [row[0] for row in body_rows(parse(abc.to_html(table="summary")))] == ["A", "B", "C"]


def test_seg_abc_html_separates_thousands_and_rounds_shares() -> None:
    """SEG-ABC: '1,234' not '1234' in the caption, figures and rank; shares one decimal."""
    abc = classify_abc({f"c{i:04d}": i + 1 for i in range(3000)})
    text = abc.to_html(max_rows=None)
    a, b, c = (row.customers for row in abc.summary)
    assert a >= 1000
    assert f"ABC classes of 3,000 customers, total spend 4,501,500: A {a:,}, B {b:,}, C {c:,}" in (
        text
    )
    rows = body_rows(parse(text))
    assert rows[-1][4] == "3,000"
    assert rows[0][3] == "0.1 %"


def test_seg_abc_pareto_of_a_large_store_is_sampled_with_exact_cutoffs() -> None:
    """SEG-ABC: 20,000 customers draw about 300 points; the A and B points stay exact."""
    abc = classify_abc({f"c{i:05d}": (i % 997) + 1 for i in range(20_000)})
    svg = chart(parse(abc.to_html(max_rows=5)), "abc-pareto")
    counts = [int(k) for k in str(next(svg.iter(f"{SVG}polyline")).get("data-customers")).split()]
    assert len(counts) <= 303
    assert counts[0] == 0
    assert counts[-1] == 20_000
    in_a = abc.summary[0].customers
    assert {in_a, in_a + abc.summary[1].customers} <= set(counts)


def test_cumulative_view_reads_money_by_index_and_by_slice() -> None:
    """The Pareto's view of the fit's sums converts only what it is asked for."""
    view = _Cumulative([0, 15000, 25000], lambda units: Decimal(units) / 10_000)
    assert len(view) == 3
    assert view[1] == Decimal("1.5")
    assert view[-1] == Decimal("2.5")
    assert view[0:2] == [Decimal(0), Decimal("1.5")]


# --- the contact plan -------------------------------------------------------------------


def test_cad_capacity_plan_charts_count_the_contacts_of_each_day() -> None:
    """CAD-CAPACITY: per-day contacts by channel and purpose, and stages, match summary()."""
    plan = sample_results()["plan"]
    tree = parse(plan._repr_html_())
    assert charts(tree) == ["plan-channels", "plan-purposes", "plan-stages"]
    summary = plan.summary()
    by_day = plan.counts_by_day()
    channels = chart(tree, "plan-channels")
    purposes = chart(tree, "plan-purposes")
    for load in summary.per_day:
        day = load.date.isoformat()
        bar = by(channels, "g", "data-category")[day]
        assert int(str(bar.get("data-total"))) == load.total
        parts = {
            str(rect.get("data-series")): int(str(rect.get("data-value")))
            for rect in bar.iter(f"{SVG}rect")
        }
        assert parts == dict(by_day.get(load.date, dict.fromkeys(parts, 0)).items())
        stack = by(purposes, "g", "data-category")[day]
        shown = {
            str(rect.get("data-series")): int(str(rect.get("data-value")))
            for rect in stack.iter(f"{SVG}rect")
            if rect.get("data-value") != "0"
        }
        assert shown == dict(load.by_purpose.items())
    assert sum(int(str(g.get("data-total"))) for g in by(channels, "g", "data-category").values())
    stages = values(chart(tree, "plan-stages"))
    assert stages == {key: Decimal(n) for key, n in summary.stages.items()}


def test_cad_plan_html_lists_planned_contacts_first_by_day() -> None:
    """CAD-CAPACITY: planned and deferred contacts first, by day, then the rest by day."""
    plan = sample_results()["plan"]
    rows = body_rows(parse(plan.to_html(max_rows=None)))
    planned_labels = {"planned", "deferred"}
    statuses = [row[7] for row in rows]
    first_other = next(i for i, status in enumerate(statuses) if status not in planned_labels)
    assert set(statuses[:first_other]) <= planned_labels
    assert not planned_labels & set(statuses[first_other:])
    days = [row[3] for row in rows[:first_other]]
    assert days == sorted(days)
    assert first_other == len(plan.planned)
    assert len(rows) == len(plan)
    assert [row[0] for row in body_rows(parse(plan.to_html(table="decisions", max_rows=3)))] == [
        decision.contact_id
        for decision in sorted(
            plan.planned, key=lambda d: (d.date, d.customer_id, d.purpose.priority, d.contact_id)
        )[:3]
    ]
    assert plan.with_status(Status.PLANNED)


def test_cad_empty_plan_html_has_no_busiest_day_no_warnings_and_empty_charts() -> None:
    """CAD-CAPACITY: a plan without decisions still draws its charts, with zeros."""
    day = dt.date(2025, 12, 1)
    plan = ContactPlan(start=day, end=day, policy=CadencePolicy(), decisions=[], staff_load=[])
    tree = parse(plan.to_html(language="zh_CN"))
    assert "ul" not in order_of(tree)
    assert values(chart(tree, "plan-stages")) == {
        key: Decimal(0) for key in ("new", "active", "at_risk", "lapsed", "sunset")
    }
    assert by(chart(tree, "plan-purposes"), "rect", "data-series") == {}
    assert "\u2014" in "".join(next(tree.iter("dl")).itertext())


# --- the early warning ------------------------------------------------------------------


def test_churn_nosurprise_states_chart_counts_every_checked_customer() -> None:
    """CHURN-NOSURPRISE: within rhythm + overdue + low P(alive) = customers checked."""
    churn = sample_results()["churn"]
    tree = parse(churn._repr_html_())
    assert charts(tree) == ["churn-states"]  # no BG/NBD parameters: no P(alive) chart
    states = values(chart(tree, "churn-states"))
    assert sum(states.values()) == len(churn.checks)
    assert states["overdue"] == sum(check.overdue for check in churn.checks.values())
    assert states["overdue"] + states["low"] == len(churn.at_risk)


def test_churn_nosurprise_p_alive_histogram_counts_the_customers_at_risk() -> None:
    """CHURN-NOSURPRISE: with BG/NBD parameters, each bin counts the at-risk P(alive)s."""
    store = sample_store(customers=60, seed=3)
    params = BgNbdParams(r=0.243, alpha=4.414, a=0.793, b=2.426)
    churn = early_warning(store.purchases, as_of=store.as_of, params=params)
    tree = parse(churn._repr_html_())
    assert charts(tree) == ["churn-states", "churn-p-alive"]
    svg = chart(tree, "churn-p-alive")
    alive = [risk.p_alive for risk in churn.at_risk if risk.p_alive is not None]
    assert alive
    assert int(str(svg.get("data-count"))) == len(alive)
    expected = Counter(min(int(p * 10), 9) for p in alive)
    assert values(svg, "data-bin") == {str(i): Decimal(expected[i]) for i in range(10)}
    assert charts(parse(hand_churn().to_html(language="zh_TW"))) == [
        "churn-states",
        "churn-p-alive",
    ]


# --- satisfaction -----------------------------------------------------------------------


def test_sat_gap_and_sat_nps_charts_match_the_report() -> None:
    """SAT-GAP and SAT-NPS: each item's gap and the promoters/passives/detractors split."""
    report = sample_results()["report"]
    tree = parse(report._repr_html_())
    assert charts(tree) == ["satisfaction-gaps", "satisfaction-nps"]
    gaps = values(chart(tree, "satisfaction-gaps"))
    assert gaps == {item.item_id: item.gap for item in report.items if item.gap is not None}
    assert report.nps is not None
    split = values(chart(tree, "satisfaction-nps"))
    assert split == {
        "promoters": report.nps.promoters,
        "passives": report.nps.passives,
        "detractors": report.nps.detractors,
    }


def test_sat_report_without_nps_answers_draws_only_the_gaps() -> None:
    """SAT-GAP: a survey nobody answered 'recommend' on has no NPS chart."""
    report = hand_report()
    assert report.nps is None
    assert charts(parse(report.to_html(language="zh_CN"))) == ["satisfaction-gaps"]


# --- lessons ----------------------------------------------------------------------------


def test_cmp_lesson_chart_counts_the_cases_of_each_cause() -> None:
    """CMP-LESSON: one bar per diagnosed cause, its count as the value, ranked."""
    for result in (sample_results()["lessons"], hand_lessons()):
        svg = chart(parse(result._repr_html_()), "lessons-causes")
        assert list(values(svg)) == [row.label for row in result.by_cause]
        assert values(svg) == {row.label: Decimal(row.count) for row in result.by_cause}
    empty = parse(lessons([]).to_html(language="zh_TW"))
    assert values(chart(empty, "lessons-causes")) == {}


# --- SLA clocks -------------------------------------------------------------------------


def test_cmp_now_sla_clocks_show_used_against_allowed_and_breaches() -> None:
    """CMP-NOW: each clock keeps its figures and whether it is breached; labels escaped."""
    clocks = [
        ("K1 <first> response", Decimal("1.5"), 4, False),
        ("K2 resolution", 30.25, Decimal(24), True),
        ("K3 resolution", 0, 8, False),
    ]
    text = sla_clocks(clocks)
    assert "<first>" not in text
    svg = chart(parse(text), "sla-clocks")
    shown = by(svg, "g", "data-label")
    assert list(shown) == [label for label, *_ in clocks]
    for label, used, allowed, breached in clocks:
        clock = shown[label]
        assert Decimal(str(clock.get("data-used"))) == Decimal(str(used))
        assert Decimal(str(clock.get("data-allowed"))) == Decimal(allowed)
        assert clock.get("data-breached") == ("true" if breached else "false")
    assert "breached" in "".join(shown["K2 resolution"].itertext())
    assert "breached" not in "".join(shown["K3 resolution"].itertext())


# --- bad input to the charts ------------------------------------------------------------


@pytest.mark.parametrize(
    ("draw", "message"),
    [
        (lambda: pareto_curve([0], title="t", x_label="x", y_label="y"), "at least 2"),
        (lambda: pareto_curve([0, 0], title="t", x_label="x", y_label="y"), "above 0"),
        (
            lambda: pareto_curve([0, 1], lines=[("A", 2)], title="t", x_label="x", y_label="y"),
            "0..1",
        ),
        (
            lambda: pareto_curve([0, 1], lines=[("A", True)], title="t", x_label="x", y_label="y"),
            "0..1",
        ),
        (lambda: pareto_curve([0, "1"], title="t", x_label="x", y_label="y"), "a number"),
        (
            lambda: pareto_curve([0, float("inf")], title="t", x_label="x", y_label="y"),
            "finite",
        ),
        (lambda: stacked_bars([("d", "d")], [("s", "s", [])], title="t", name="n"), "1 values"),
        (lambda: stacked_bars([("d", "d")], [("s", "s", [-1])], title="t", name="n"), "counts"),
        (lambda: stacked_bars([("d", "d")], [("s", "s", [1.0])], title="t", name="n"), "counts"),
        (lambda: bars([("k", "k", -1)], title="t", name="n"), "0 or more"),
        (lambda: bars([("k", "k", 1)], title="t", name="n", shown=[]), "1 texts"),
        (lambda: histogram([1.5], title="t", x_label="x", name="n"), "0..1"),
        (lambda: histogram([], bins=0, title="t", x_label="x", name="n"), "bins"),
        (lambda: diverging_bars([("k", "k", Decimal("NaN"))], title="t", name="n"), "finite"),
        (lambda: split_bar([("k", "k", -2)], title="t", name="n"), "0 or more"),
        (lambda: sla_clocks([("c", -1, 1, False)]), "0 or more"),
        (lambda: sla_clocks([("c", 1, 0, False)]), "above 0"),
        (lambda: sla_clocks([("c", 1, 1, "yes")]), "True or False"),  # type: ignore[list-item]
    ],
)
def test_charts_refuse_bad_numbers(draw: Any, message: str) -> None:
    """A chart of a wrong number raises InvalidInputError naming what was expected."""
    with pytest.raises(InvalidInputError, match=message):
        draw()


def test_safe_text_replaces_what_html_forbids() -> None:
    """Markup is escaped; control characters and noncharacters become U+FFFD."""
    assert safe_text('<a href="x">&</a>') == "&lt;a href=&quot;x&quot;&gt;&amp;&lt;/a&gt;"
    assert safe_text("a\x00b\x85c\ufdd0d\U0001fffee\tf\ng") == (
        "a\ufffdb\ufffdc\ufffdd\ufffde\tf\ng"
    )
    parse(f"<p>{safe_text(chr(1) + chr(0xFFFF))}</p>")


# --- properties -------------------------------------------------------------------------

LABELS = st.text(alphabet=st.characters(blacklist_characters="\r"), max_size=12)
AMOUNTS = st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False)


def cleaned(text: str) -> str:
    """What an attribute or text reads back as: forbidden characters replaced."""
    return "".join(char if _allowed(char) else "\ufffd" for char in text)


@given(
    spends=st.lists(AMOUNTS, min_size=1, max_size=60).filter(any),
    picks=st.lists(st.integers(min_value=0, max_value=60), max_size=3),
    label=LABELS,
    seed=st.integers(),
)
def test_pareto_curve_keeps_its_points_and_ignores_input_order(
    spends: list[Decimal], picks: list[int], label: str, seed: int
) -> None:
    """Well-formed SVG; every point and cut-off reads back; shuffled spends draw the same."""

    def draw(amounts: list[Decimal]) -> str:
        cumulative = [Decimal(0), *accumulate(sorted(amounts, reverse=True))]
        lines = [(f"{label}{i}", k % (len(amounts) + 1)) for i, k in enumerate(picks)]
        return pareto_curve(
            cumulative,
            lines=lines,
            title=f"Pareto {label}",
            x_label=label,
            y_label=label,
            max_points=20,
        )

    text = draw(spends)
    shuffled = spends[:]
    random.Random(seed).shuffle(shuffled)  # noqa: S311  # an order, not a secret
    assert draw(shuffled) == text
    svg = chart(parse(text), "abc-pareto")
    cumulative = [Decimal(0), *accumulate(sorted(spends, reverse=True))]
    curve = next(svg.iter(f"{SVG}polyline"))
    ks = [int(k) for k in str(curve.get("data-customers")).split()]
    assert [Decimal(s) for s in str(curve.get("data-spend")).split()] == [cumulative[k] for k in ks]
    points = list(svg.iter(f"{SVG}g"))
    assert len(points) == len(picks)
    for i, (point, k) in enumerate(zip(points, picks, strict=True)):
        assert point.get("data-label") == cleaned(f"{label}{i}")
        assert int(str(point.get("data-customers"))) == k % (len(spends) + 1)
        assert Decimal(str(point.get("data-spend"))) == cumulative[k % (len(spends) + 1)]


@given(
    days=st.lists(LABELS, max_size=8, unique=True),
    names=st.lists(LABELS, max_size=5, unique=True),
    data=st.data(),
)
def test_stacked_bars_read_back_every_count(
    days: list[str], names: list[str], data: st.DataObject
) -> None:
    """Each (category, series) count and each bar's total reads back exactly."""
    counts = {
        name: data.draw(st.lists(st.integers(0, 10**6), min_size=len(days), max_size=len(days)))
        for name in names
    }
    text = stacked_bars(
        [(day, day) for day in days],
        [(name, name, counts[name]) for name in names],
        title="contacts",
        name="plan-channels",
    )
    svg = chart(parse(text), "plan-channels")
    groups = [g for g in svg.iter(f"{SVG}g") if "data-category" in g.attrib]
    assert [g.get("data-category") for g in groups] == [cleaned(day) for day in days]
    for i, group in enumerate(groups):
        assert int(str(group.get("data-total"))) == sum(counts[name][i] for name in names)
        parts = [(r.get("data-series"), int(str(r.get("data-value")))) for r in group]
        assert parts == [(cleaned(name), counts[name][i]) for name in names]


NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**9),
    st.decimals(min_value=0, max_value=10**6, allow_nan=False, allow_infinity=False),
    st.floats(min_value=0, max_value=1e6),
)


@given(items=st.lists(st.tuples(LABELS, NUMBERS), max_size=8))
def test_bars_split_and_diverging_bars_read_back_every_value(
    items: list[tuple[str, Any]],
) -> None:
    """Each value reads back exactly, with its own type's text, in the order given."""
    keyed = [(str(i), label, value) for i, (label, value) in enumerate(items)]
    signed = [(key, label, -value if int(key) % 2 else value) for key, label, value in keyed]
    for text, name, given_items in (
        (bars(keyed, title="t", name="bars"), "bars", keyed),
        (split_bar(keyed, title="t", name="split"), "split", keyed),
        (diverging_bars(signed, title="t", name="gaps"), "gaps", signed),
    ):
        svg = chart(parse(text), name)
        rects = [r for r in svg.iter(f"{SVG}rect") if "data-key" in r.attrib]
        assert [r.get("data-key") for r in rects] == [key for key, _, _ in given_items]
        for rect, (_, _, value) in zip(rects, given_items, strict=True):
            assert type(value)(str(rect.get("data-value"))) == value


@given(
    alive=st.lists(st.floats(min_value=0, max_value=1), max_size=40),
    bins=st.integers(1, 20),
    seed=st.integers(),
)
def test_histogram_counts_every_value_once_in_any_order(
    alive: list[float], bins: int, seed: int
) -> None:
    """The bins partition the values; shuffled values draw the same chart."""
    text = histogram(alive, bins=bins, title="P(alive)", x_label="P", name="churn-p-alive")
    shuffled = alive[:]
    random.Random(seed).shuffle(shuffled)  # noqa: S311  # an order, not a secret
    assert histogram(shuffled, bins=bins, title="P(alive)", x_label="P", name="churn-p-alive") == (
        text
    )
    svg = chart(parse(text), "churn-p-alive")
    expected = Counter(min(int(p * bins), bins - 1) for p in alive)
    assert values(svg, "data-bin") == {str(i): Decimal(expected[i]) for i in range(bins)}


@given(
    clocks=st.lists(
        st.tuples(LABELS, NUMBERS, NUMBERS.filter(lambda n: n > 0), st.booleans()), max_size=6
    )
)
def test_sla_clocks_read_back_every_clock(clocks: list[tuple[str, Any, Any, bool]]) -> None:
    """Each clock's label, used and allowed time and breach flag read back exactly."""
    svg = chart(parse(sla_clocks(clocks, title="SLA")), "sla-clocks")
    groups = list(svg.iter(f"{SVG}g"))
    assert len(groups) == len(clocks)
    for group, (label, used, allowed, breached) in zip(groups, clocks, strict=True):
        assert group.get("data-label") == cleaned(label)
        assert type(used)(str(group.get("data-used"))) == used
        assert type(allowed)(str(group.get("data-allowed"))) == allowed
        assert group.get("data-breached") == str(breached).lower()
