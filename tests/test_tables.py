"""Notebook interop: to_records(), to_html() and _repr_html_() of the results people look at."""

# The expected Chinese texts use Chinese punctuation (full-width commas, colons, brackets).
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
import enum
import functools
import re
from collections import Counter
from decimal import Decimal
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import InvalidInputError, InvalidTypeError
from retention._i18n import LANGUAGES
from retention._tables import TABLES, VALUES, Table, records
from retention.cadence import (
    CadencePolicy,
    Channel,
    ContactDecision,
    ContactPlan,
    Purpose,
    StaffDay,
    Status,
    SuppressReason,
    build_profiles,
    plan_contacts,
)
from retention.calendar import StoreCalendar
from retention.churn import (
    ChurnPolicy,
    ChurnReason,
    ChurnReport,
    ChurnRisk,
    LikelyReason,
    Overdue,
    Signal,
    early_warning,
)
from retention.complaints import Cause, Lessons, Median, Rate, Tally, lessons
from retention.customers import build_histories, spend_totals
from retention.hours import StoreHours
from retention.mappings import FrozenMap
from retention.rules import Reason
from retention.sample import sample_store
from retention.satisfaction import (
    Item,
    ItemAnswer,
    Response,
    SatisfactionReport,
    Scale,
    Survey,
    satisfaction_report,
)
from retention.satisfaction._loyalty import Box, LoyaltyZone
from retention.satisfaction._survey import Topic
from retention.segmentation import (
    AbcClass,
    Attitude,
    AttitudeResult,
    Evidence,
    KotlerPattern,
    classify_abc,
    classify_attitude,
    classify_attitudes,
)
from retention.testing import strategies as rst

NASTY = '<b>&"'
DAY = dt.date(2025, 12, 1)


class Cells(HTMLParser):
    """Read an HTML table back: caption, header cells, body rows, footer text."""

    def __init__(self, text: str) -> None:
        """Parse ``text`` at once."""
        super().__init__(convert_charrefs=True)
        self.caption = ""
        self.head: list[str] = []
        self.rows: list[list[str]] = []
        self.foot = ""
        self._where: list[str] = []
        self._cell: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        """Track where we are; open a cell."""
        if tag in ("caption", "thead", "tbody", "tfoot"):
            self._where.append(tag)
        elif tag == "tr" and self._where[-1] == "tbody":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        """Close a section or a cell."""
        if tag in ("caption", "thead", "tbody", "tfoot"):
            self._where.pop()
        elif tag in ("td", "th") and self._cell is not None:
            text = "".join(self._cell)
            self._cell = None
            section = self._where[-1]
            if section == "thead":
                self.head.append(text)
            elif section == "tbody":
                self.rows[-1].append(text)
            else:
                self.foot = text

    def handle_data(self, data: str) -> None:
        """Collect text."""
        if self._cell is not None:
            self._cell.append(data)
        elif self._where and self._where[-1] == "caption":
            self.caption += data


# --- the label catalogue --------------------------------------------------------------

# Characters that only simplified Chinese writes this way, and their traditional forms:
# a simplified one in a zh_TW label (or the other way round) is a mistake.
SIMPLIFIED_ONLY = (
    "顾编号类别额费据诚转换变态为显联应规则状负责员并于题维"
    "访权后层总会区间诉计标时达兑现处务产质价种购环请奖励节门问数单无证"
)
TRADITIONAL_ONLY = (
    "顧編號類別額費據誠轉換變態為顯聯應規則狀負責員併於題維"
    "訪權後層總會區間訴計標時達兌現處務產質價種購環請獎勵節門問數單無證"
)


def all_labels() -> list[tuple[str, str, str]]:
    """Every three-language text of the catalogue: columns, captions, values."""
    out = [column.labels for table in TABLES.values() for column in table.columns]
    out += [table.caption for table in TABLES.values()]
    out += [labels for values in VALUES.values() for labels in values.values()]
    return out


def test_every_column_has_a_snake_case_key_and_three_distinct_labels() -> None:
    """Keys are unique snake_case; no label is missing or shared by two columns of a table."""
    for table in TABLES.values():
        keys = table.keys
        assert len(set(keys)) == len(keys), table.name
        assert all(re.fullmatch(r"[a-z][a-z0-9_]*", key) for key in keys), table.name
        for language in LANGUAGES:
            labels = table.labels(language)
            assert all(label.strip() for label in labels), (table.name, language)
            assert len(set(labels)) == len(labels), (table.name, language)


def test_chinese_labels_use_their_own_script() -> None:
    """No simplified-only character in a zh_TW text and no traditional-only one in zh_CN."""
    assert len(SIMPLIFIED_ONLY) == len(TRADITIONAL_ONLY)
    for _, simplified, traditional in all_labels():
        assert not set(traditional) & set(SIMPLIFIED_ONLY), traditional
        assert not set(simplified) & set(TRADITIONAL_ONLY), simplified


def test_traditional_chinese_uses_taiwan_terms_not_a_character_swap() -> None:
    """Where the usual term differs (quality, channel, contact, probability), zh_TW has its own."""
    assert VALUES["topic"]["quality"] == ("quality", "质量", "品質")
    plan = TABLES["plan"]
    assert plan.labels("zh_CN")[4] == "渠道"
    assert plan.labels("zh_TW")[4] == "管道"
    assert plan.labels("zh_TW")[0] == "聯絡編號"
    churn = {c.key: c for c in TABLES["churn"].columns}
    assert churn["p_alive"].labels == ("P(alive)", "存活概率", "存活機率")


ENUM_TABLES: dict[str, type[enum.Enum]] = {
    "channel": Channel,
    "purpose": Purpose,
    "status": Status,
    "suppress": SuppressReason,
    "attitude": Attitude,
    "pattern": KotlerPattern,
    "evidence": Evidence,
    "topic": Topic,
    "box": Box,
    "zone": LoyaltyZone,
    "signal": Signal,
    "churn_reason": ChurnReason,
    "cause": Cause,
}


def test_every_enum_value_has_labels_and_every_value_table_is_used() -> None:
    """Each value table covers exactly its enum's values; every column names a real one."""
    for name, kind in ENUM_TABLES.items():
        assert set(VALUES[name]) == {member.value for member in kind}, name
    assert set(VALUES) == {*ENUM_TABLES, "figure"}
    used = {c.values for t in TABLES.values() for c in t.columns if c.values is not None}
    assert used == set(VALUES)
    for labels in all_labels():
        assert len(labels) == 3
        assert all(text.strip() for text in labels)


PLAIN_VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(), st.decimals(allow_nan=False), st.dates()
)


@given(table=st.sampled_from(list(TABLES.values())), data=st.data())
def test_records_in_any_language_hold_the_same_values_in_the_same_order(
    table: Table, data: st.DataObject
) -> None:
    """Labelled records map one to one onto the keyed ones: same values, same order."""
    row = {key: data.draw(PLAIN_VALUES) for key in table.keys}
    keyed = records(table, [row], None)[0]
    assert list(keyed) == list(table.keys)
    for language in LANGUAGES:
        labelled = records(table, [row], language)[0]
        assert list(labelled) == list(table.labels(language))
        assert list(labelled.values()) == list(keyed.values())


def test_unknown_labels_language_and_table_are_refused() -> None:
    """labels=, language=, table= and max_rows= are checked, naming the argument."""
    abc = classify_abc({"a": 1})
    with pytest.raises(InvalidInputError, match=r"^labels: expected one of en, zh_CN, zh_TW"):
        abc.to_records(labels="fr")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^language: expected one of en, zh_CN"):
        abc.to_html(language="zh")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^table: expected one of 'customers', 'summary'"):
        abc.to_records(table="classes")  # type: ignore[arg-type]
    with pytest.raises(InvalidInputError, match=r"^max_rows: expected an int >= 1, got 0"):
        abc.to_html(max_rows=0)
    with pytest.raises(InvalidTypeError, match=r"^max_rows: expected an int >= 1, got '5'"):
        abc.to_html(max_rows="5")  # type: ignore[arg-type]


# --- ABC ------------------------------------------------------------------------------


def test_abc_records_one_row_per_customer_in_id_order() -> None:
    """Class letter, spend, share of total spend and rank by spend, as plain values."""
    abc = classify_abc({"small": 50, "mid": 150, "big": 800, "zero": 0})
    assert abc.to_records() == [
        {
            "customer_id": "big",
            "abc_class": "A",
            "spend": Decimal(800),
            "share_of_spend": Decimal("0.8"),
            "rank": 1,
        },
        {
            "customer_id": "mid",
            "abc_class": "B",
            "spend": Decimal(150),
            "share_of_spend": Decimal("0.15"),
            "rank": 2,
        },
        {
            "customer_id": "small",
            "abc_class": "C",
            "spend": Decimal(50),
            "share_of_spend": Decimal("0.05"),
            "rank": 3,
        },
        {
            "customer_id": "zero",
            "abc_class": "C",
            "spend": Decimal(0),
            "share_of_spend": Decimal(0),
            "rank": 4,
        },
    ]


def test_abc_equal_spenders_share_a_rank() -> None:
    """Two customers who spent the same rank together; the next rank skips."""
    abc = classify_abc({"a": 100, "b": 100, "c": 50})
    assert [row["rank"] for row in abc.to_records()] == [1, 1, 3]


def test_abc_summary_records_and_chinese_labels() -> None:
    """The summary table has one row per class, A first; labels= keys it in Chinese."""
    abc = classify_abc({"small": 50, "mid": 150, "big": 800, "zero": 0})
    assert abc.to_records(table="summary", labels="zh_CN") == [
        {
            "ABC 类别": "A",
            "顾客数": 1,
            "顾客占比": Decimal("0.25"),
            "消费额": Decimal(800),
            "消费额占比": Decimal("0.8"),
            "最低消费额": Decimal(800),
        },
        {
            "ABC 类别": "B",
            "顾客数": 1,
            "顾客占比": Decimal("0.25"),
            "消费额": Decimal(150),
            "消费额占比": Decimal("0.15"),
            "最低消费额": Decimal(150),
        },
        {
            "ABC 类别": "C",
            "顾客数": 2,
            "顾客占比": Decimal("0.5"),
            "消费额": Decimal(50),
            "消费额占比": Decimal("0.05"),
            "最低消费额": Decimal(0),
        },
    ]
    assert list(abc.to_records(labels="zh_TW")[0]) == [
        "顧客編號",
        "ABC 類別",
        "消費金額",
        "消費金額佔比",
        "消費排名",
    ]


def test_abc_html_escapes_ids_and_formats_values_for_reading() -> None:
    """A customer ID with markup is escaped; money has separators, shares are percentages."""
    abc = classify_abc({NASTY: Decimal("1200.5"), "b": Decimal(300)})
    text = abc._repr_html_()
    assert text == abc.to_html()
    assert "<b>" not in text
    assert "&lt;b&gt;&amp;&quot;" in text
    cells = Cells(text)
    assert cells.caption == "ABC classes of 2 customers, total spend 1,500.5: A 1, B 1, C 0"
    assert cells.head == ["Customer", "ABC class", "Spend", "Share of spend", "Rank by spend"]
    assert cells.rows == [
        [NASTY, "A", "1,200.5", "80.0 %", "1"],
        ["b", "B", "300", "20.0 %", "2"],
    ]
    assert cells.foot == ""


def test_abc_html_truncates_after_max_rows_and_counts_the_rest() -> None:
    """50 rows by default, biggest spender first, then '… N more rows' in the language asked."""
    abc = classify_abc({f"c{i:02d}": i + 1 for i in range(60)})
    cells = Cells(abc.to_html())
    assert len(cells.rows) == 50
    assert cells.rows[0][0] == "c59"
    assert cells.rows[-1][0] == "c10"
    assert cells.foot == "\u2026 10 more rows"
    assert Cells(abc.to_html(max_rows=59)).foot == "\u2026 1 more row"
    assert Cells(abc.to_html(language="zh_CN", max_rows=5)).foot == "\u2026 还有 55 行"
    assert Cells(abc.to_html(language="zh_TW", max_rows=5)).foot == "\u2026 另有 55 列"
    everything = Cells(abc.to_html(max_rows=None))
    assert len(everything.rows) == 60
    assert everything.foot == ""


def test_html_max_rows_past_what_an_index_counts_shows_every_row() -> None:
    """max_rows=10**30 shows every row like None (islice() took at most sys.maxsize)."""
    abc = classify_abc({f"c{i:02d}": i + 1 for i in range(60)})
    assert abc.to_html(max_rows=10**30) == abc.to_html(max_rows=None)


def test_abc_html_in_traditional_chinese() -> None:
    """Column labels and caption follow language=; class letters stay letters."""
    abc = classify_abc({"a": 800, "b": 200})
    cells = Cells(abc.to_html(language="zh_TW", table="summary"))
    assert cells.caption == (
        "ABC 分類：2 位顧客，總消費金額 1,000；A 類 1 位，B 類 1 位，C 類 0 位"
    )
    assert cells.head[:3] == ["ABC 類別", "顧客數", "顧客佔比"]
    assert [row[0] for row in cells.rows] == ["A", "B", "C"]
    assert cells.rows[2][5] == "\u2014"  # no lowest spend in an empty class


@given(rst.spend_totals())
def test_abc_rank_is_one_plus_the_customers_who_spent_more(totals: dict[str, Decimal]) -> None:
    """Rank follows the definition; records follow the result's order, one per customer."""
    abc = classify_abc(totals)
    rows = abc.to_records()
    assert [row["customer_id"] for row in rows] == list(abc)
    for row in rows:
        spend = totals[str(row["customer_id"])]
        assert row["rank"] == 1 + sum(1 for other in totals.values() if other > spend)
        assert row["abc_class"] == abc[str(row["customer_id"])].value


# --- attitude -------------------------------------------------------------------------

SPLIT_REASON = (
    "SEG-ATTITUDE: 6 purchases of 2 brands in 4 runs; the top 2 brands bought again "
    "hold 100.0 % >= 75.0 %: split -> loyal"
)
THIN_REASON = (
    "SEG-ATTITUDE: 1 branded purchase < 3: not enough evidence to read an attitude from behaviour"
)


def test_attitude_records_one_row_with_enum_values() -> None:
    """A single result is one row; enums are their values, reasons one per line."""
    result = classify_attitude(list("AABBAB"))
    assert result.to_records() == [
        {
            "purchases": 6,
            "pattern": "split",
            "behaviour": "loyal",
            "declared": None,
            "attitude": "loyal",
            "decided_by": "behaviour",
            "reasons": SPLIT_REASON,
        }
    ]


def test_attitude_records_of_many_put_the_customer_first() -> None:
    """records_of() gives one row per customer in the mapping's order."""
    results = {"x": classify_attitude(list("AABBAB")), "y": classify_attitude(["A"])}
    rows = AttitudeResult.records_of(results, labels="en")
    assert rows == [
        {
            "Customer": "x",
            "Branded purchases": 6,
            "Kotler pattern": "split",
            "Behaviour shows": "loyal",
            "Declared": None,
            "Attitude": "loyal",
            "Decided by": "behaviour",
            "Reasons": SPLIT_REASON,
        },
        {
            "Customer": "y",
            "Branded purchases": 1,
            "Kotler pattern": None,
            "Behaviour shows": None,
            "Declared": None,
            "Attitude": None,
            "Decided by": "none",
            "Reasons": THIN_REASON,
        },
    ]


def test_attitude_html_translates_the_groups() -> None:
    """HTML of many: a caption counting the groups, patterns and groups in Chinese."""
    results = {NASTY: classify_attitude(list("AABBAB")), "y": classify_attitude(["A"])}
    text = AttitudeResult.html_of(results, language="zh_CN")
    assert "<b>" not in text
    cells = Cells(text)
    assert cells.caption == ("2 位顾客的品牌态度：忠诚 1，品牌转换 0，无品牌忠诚 0，证据不足 1")
    assert cells.rows[0][:7] == [NASTY, "6", "分散忠诚", "忠诚", "\u2014", "忠诚", "购买行为"]
    assert cells.rows[0][7] == SPLIT_REASON
    single = Cells(results["y"]._repr_html_())
    assert single.caption == "Attitude read from 1 branded purchases"
    assert single.rows == [["1", "\u2014", "\u2014", "\u2014", "\u2014", "nothing", THIN_REASON]]


def test_attitude_records_of_refuses_what_is_not_a_mapping_of_results() -> None:
    """A list, or a value that is not an AttitudeResult, is refused by name."""
    with pytest.raises(InvalidTypeError, match=r"^results: expected a mapping"):
        AttitudeResult.records_of([classify_attitude(["A"])])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"^results\['x'\]: expected an AttitudeResult"):
        AttitudeResult.html_of({"x": "loyal"})  # type: ignore[dict-item]


# --- contact plan ---------------------------------------------------------------------


def hand_plan() -> ContactPlan:
    """Three decisions (planned call, capped message, merged keep-in-touch) and one staff day."""
    call = ContactDecision(
        f"{NASTY}/CAD-INVITE/e1",
        customer_id=NASTY,
        purpose=Purpose.INVITE,
        status=Status.PLANNED,
        due=DAY,
        date=DAY,
        channel=Channel.PHONE,
        assignee="S01",
        subject="e1",
        reasons=(
            Reason("CAD-INVITE", detail="new product e1 on 2025-12-05"),
            Reason("CAD-CAPACITY", detail="S01 has room"),
        ),
    )
    capped = ContactDecision(
        "c2/CAD-CLUB/2025-12-02",
        customer_id="c2",
        purpose=Purpose.CLUB,
        status=Status.SUPPRESSED,
        due=DAY + dt.timedelta(days=1),
        suppressed=SuppressReason.CAP,
        blocked_by="c2/CAD-GREET/2025-11-30",
        reasons=(Reason("CAD-CAP", detail="2 contacts in 7 days"),),
    )
    merged = ContactDecision(
        "c2/CAD-KEEP/2025-11-01",
        customer_id="c2",
        purpose=Purpose.KEEP,
        status=Status.MERGED,
        due=DAY + dt.timedelta(days=2),
        into="c2/CAD-KEEP/holiday/2025-12-25",
        reasons=(Reason("CAD-KEEP", detail="folded into the holiday wish"),),
    )
    return ContactPlan(
        start=DAY,
        end=DAY + dt.timedelta(days=6),
        policy=CadencePolicy(),
        decisions=(call, capped, merged),
        staff_load=(StaffDay("S01", date=DAY, tasks=1, capacity=4),),
    )


def test_plan_records_one_row_per_decision_in_plan_order() -> None:
    """Every field of each decision, enums as values, reasons one per line."""
    empty = dict.fromkeys(
        ("date", "channel", "assignee", "suppressed", "into", "blocked_by", "subject")
    )
    assert hand_plan().to_records() == [
        {
            "contact_id": f"{NASTY}/CAD-INVITE/e1",
            "customer_id": NASTY,
            "due": DAY,
            "date": DAY,
            "channel": "phone",
            "purpose": "invite",
            "rule_id": "CAD-INVITE",
            "status": "planned",
            "assignee": "S01",
            "suppressed": None,
            "into": None,
            "blocked_by": None,
            "subject": "e1",
            "reasons": "CAD-INVITE: new product e1 on 2025-12-05\nCAD-CAPACITY: S01 has room",
        },
        {
            "contact_id": "c2/CAD-CLUB/2025-12-02",
            "customer_id": "c2",
            "due": dt.date(2025, 12, 2),
            **empty,
            "purpose": "club",
            "rule_id": "CAD-CLUB",
            "status": "suppressed",
            "suppressed": "cap",
            "blocked_by": "c2/CAD-GREET/2025-11-30",
            "reasons": "CAD-CAP: 2 contacts in 7 days",
        },
        {
            "contact_id": "c2/CAD-KEEP/2025-11-01",
            "customer_id": "c2",
            "due": dt.date(2025, 12, 3),
            **empty,
            "purpose": "keep",
            "rule_id": "CAD-KEEP",
            "status": "merged",
            "into": "c2/CAD-KEEP/holiday/2025-12-25",
            "reasons": "CAD-KEEP: folded into the holiday wish",
        },
    ]


def test_plan_staff_load_records() -> None:
    """The staff table: one row per member and working day, with what is left free."""
    assert hand_plan().to_records(table="staff_load", labels="zh_TW") == [
        {"店員": "S01", "日期": DAY, "任務數": 1, "每日任務上限": 4, "剩餘": 3}
    ]


def test_plan_html_translates_the_main_enums_and_escapes() -> None:
    """Status, channel, purpose and suppress reason in Chinese; the nasty ID escaped."""
    text = hand_plan().to_html(language="zh_TW")
    assert "<b>" not in text
    cells = Cells(text)
    assert cells.caption == (
        "聯絡計畫 2025-12-01 至 2025-12-07：共 3 項決定，安排聯絡 1 次，人力不足 0 次"
    )
    first, capped, merged = cells.rows
    assert first[:9] == [
        f"{NASTY}/CAD-INVITE/e1",
        NASTY,
        "2025-12-01",
        "2025-12-01",
        "電話",
        "活動邀請",
        "CAD-INVITE",
        "已安排",
        "S01",
    ]
    assert first[13] == "CAD-INVITE: new product e1 on 2025-12-05\nCAD-CAPACITY: S01 has room"
    assert capped[4:10] == ["\u2014", "會員回饋", "CAD-CLUB", "不安排", "\u2014", "次數上限"]
    assert merged[7] == "已合併"
    english = Cells(hand_plan()._repr_html_())
    assert english.rows[1][7] == "not planned"
    assert english.rows[1][9] == "frequency cap"


@given(rst.stores())
def test_plan_records_are_one_per_decision(store: rst.StoreInputs) -> None:
    """Whatever the store, one record per decision, in the plan's order, in every language."""
    plan = store.plan()
    rows = plan.to_records()
    assert len(rows) == len(plan.decisions)
    assert [row["contact_id"] for row in rows] == [d.contact_id for d in plan.decisions]
    assert len(plan.to_records(labels="zh_CN")) == len(plan.decisions)
    assert len(plan.to_records(table="staff_load")) == len(plan.staff_load)
    assert len(Cells(plan.to_html(max_rows=None)).rows) == len(plan.decisions)


# --- satisfaction ---------------------------------------------------------------------


def hand_report() -> SatisfactionReport:
    """Two respondents rating two items on 1..5 (0, 25, 50, 75, 100 on the 0..100 scale)."""
    survey = Survey(
        NASTY,
        scale=Scale(1, high=5),
        items=[
            Item("price", topic="price", dimension="offer"),
            Item("staff", topic="service", dimension="people"),
        ],
        responses=[
            Response(
                "r1",
                segment="A",
                answers=[
                    ItemAnswer("price", perception=4, expectation=4),
                    ItemAnswer("staff", perception=5, expectation=4),
                ],
                overall=5,
                repurchase=5,
            ),
            Response(
                "r2",
                segment="B",
                answers=[
                    ItemAnswer("price", perception=2, expectation=4),
                    ItemAnswer("staff", perception=3, expectation=3),
                ],
            ),
        ],
    )
    return satisfaction_report(survey)


def test_satisfaction_item_records() -> None:
    """Per item: perception, expectation and gap on 0..100, and respondents it failed for."""
    report = hand_report()
    assert report.to_records() == [
        {
            "item_id": "price",
            "topic": "price",
            "dimension": "offer",
            "answers": 2,
            "perception": Decimal(50),
            "expectation": Decimal(75),
            "gap": Decimal(-25),
            "failing": 1,
        },
        {
            "item_id": "staff",
            "topic": "service",
            "dimension": "people",
            "answers": 2,
            "perception": Decimal(75),
            "expectation": Decimal("62.5"),
            "gap": Decimal("12.5"),
            "failing": 0,
        },
    ]


def test_satisfaction_dimension_and_respondent_records() -> None:
    """Dimensions by name; respondents with weight, mean, veto, box, loyalty and zone."""
    report = hand_report()
    assert report.to_records(table="dimensions") == [
        {
            "dimension": "offer",
            "items": "price",
            "answers": 2,
            "perception": Decimal(50),
            "expectation": Decimal(75),
            "gap": Decimal(-25),
        },
        {
            "dimension": "people",
            "items": "staff",
            "answers": 2,
            "perception": Decimal(75),
            "expectation": Decimal("62.5"),
            "gap": Decimal("12.5"),
        },
    ]
    assert report.to_records(table="respondents") == [
        {
            "respondent_id": "r1",
            "segment": "A",
            "weight": Decimal("0.5"),
            "mean": Decimal("87.5"),
            "veto": Decimal("87.5"),
            "vetoed_by": "",
            "level": Decimal(100),
            "box": "top",
            "loyal": True,
            "zone": "loyalist",
        },
        {
            "respondent_id": "r2",
            "segment": "B",
            "weight": Decimal("0.5"),
            "mean": Decimal("37.5"),
            "veto": Decimal(0),
            "vetoed_by": "price",
            "level": Decimal("37.5"),
            "box": "rest",
            "loyal": None,
            "zone": None,
        },
    ]


def test_satisfaction_html_in_simplified_chinese() -> None:
    """The caption gives mean and veto score to a tenth; topics in Chinese; ID escaped."""
    report = hand_report()
    text = report.to_html(language="zh_CN")
    assert "<b>" not in text
    cells = Cells(text)
    assert cells.caption == f"满意度调查 {NASTY}：2 位受访者，平均 62.5，一票否决后 43.8"
    assert cells.head == [
        "题项",
        "主题",
        "维度",
        "回答数",
        "实际感受",
        "期望",
        "差距",
        "不及格人数",
    ]
    assert cells.rows == [
        ["price", "价格", "offer", "2", "50.0", "75.0", "-25.0", "1"],
        ["staff", "服务", "people", "2", "75.0", "62.5", "12.5", "0"],
    ]
    respondents = Cells(report.to_html(table="respondents", language="zh_TW"))
    assert respondents.head[4] == "否決後得分"
    assert respondents.rows[0][2] == "0.5000"
    assert respondents.rows[0][7:] == ["非常滿意", "是", "忠誠者"]
    assert respondents.rows[1][7:] == ["不滿意", "\u2014", "\u2014"]
    assert report._repr_html_() == report.to_html()


# --- lessons --------------------------------------------------------------------------


def hand_lessons() -> Lessons:
    """Five cases: four diagnosed, one product named, timings and rates."""
    return Lessons(
        5,
        by_cause=(
            Tally("staff_service", count=3, share=Decimal("0.75"), cumulative=Decimal("0.75"), n=4),
            Tally("other", count=1, share=Decimal("0.25"), cumulative=Decimal(1), n=4),
        ),
        by_product=(Tally(NASTY, count=1, share=Decimal(1), cumulative=Decimal(1), n=1),),
        by_staff=(),
        first_response=Median(dt.timedelta(minutes=20), n=4),
        resolution=Median(dt.timedelta(minutes=7, seconds=30), n=2),
        first_response_in_sla=Rate(Decimal("0.75"), count=3, n=4),
        resolved_in_sla=Rate(None, count=0, n=0),
        promises_kept=Rate(Decimal(1), count=1, n=1),
        followed_up=Rate(Decimal("0.5"), count=1, n=2),
        reopened=Rate(Decimal(0), count=0, n=5),
        repeat_customers=(("c1", 2),),
        reasons=(),
    )


def test_lessons_cause_records_are_the_pareto_table() -> None:
    """Causes ranked as the result ranks them, with share and cumulative share."""
    assert hand_lessons().to_records() == [
        {
            "cause": "staff_service",
            "cases": 3,
            "share": Decimal("0.75"),
            "cumulative": Decimal("0.75"),
            "n": 4,
        },
        {"cause": "other", "cases": 1, "share": Decimal("0.25"), "cumulative": Decimal(1), "n": 4},
    ]
    assert hand_lessons().to_records(table="products") == [
        {"product": NASTY, "cases": 1, "share": Decimal(1), "cumulative": Decimal(1), "n": 1}
    ]
    assert hand_lessons().to_records(table="staff") == []
    assert hand_lessons().to_records(table="repeat_customers") == [
        {"customer_id": "c1", "complaints": 2}
    ]


def test_lessons_figures_give_hours_to_the_hundredth_and_rates() -> None:
    """Medians in working hours (half to even: 7.5 min is 0.125 h, shown 0.12) and rates."""
    assert hand_lessons().to_records(table="figures") == [
        {
            "figure": "first_response",
            "hours": Decimal("0.33"),
            "share": None,
            "count": None,
            "n": 4,
        },
        {"figure": "resolution", "hours": Decimal("0.12"), "share": None, "count": None, "n": 2},
        {
            "figure": "first_response_in_sla",
            "hours": None,
            "share": Decimal("0.75"),
            "count": 3,
            "n": 4,
        },
        {"figure": "resolved_in_sla", "hours": None, "share": None, "count": 0, "n": 0},
        {"figure": "promises_kept", "hours": None, "share": Decimal(1), "count": 1, "n": 1},
        {"figure": "followed_up", "hours": None, "share": Decimal("0.5"), "count": 1, "n": 2},
        {"figure": "reopened", "hours": None, "share": Decimal(0), "count": 0, "n": 5},
    ]


def test_lessons_html_translates_causes_and_says_when_a_table_is_empty() -> None:
    """Causes in Chinese; an empty table says so instead of showing nothing."""
    cells = Cells(hand_lessons().to_html(language="zh_CN"))
    assert cells.caption == "5 件投诉的经验教训（4 件已查明原因）"
    assert cells.head == ["原因", "投诉件数", "占比", "累计占比", "总件数"]
    assert cells.rows == [
        ["店员服务", "3", "75.0 %", "75.0 %", "4"],
        ["其他", "1", "25.0 %", "100.0 %", "4"],
    ]
    empty = Cells(hand_lessons().to_html(table="staff", language="zh_TW"))
    assert empty.rows == []
    assert empty.foot == "（無資料）"
    assert Cells(hand_lessons()._repr_html_()).rows[0][0] == "staff service"
    assert "&lt;b&gt;" in hand_lessons().to_html(table="products")


# --- early warning --------------------------------------------------------------------


def hand_churn() -> ChurnReport:
    """Two checked customers, one of them at risk with a likely reason."""
    late = Overdue(
        "a1",
        signal=Signal.RHYTHM,
        overdue=True,
        last_purchase=dt.date(2025, 11, 1),
        days_since=30,
        purchase_days=5,
        median_gap=Decimal(10),
        limit=Decimal(20),
        reasons=(Reason("CHURN-NOSURPRISE", detail="30 days since, over 20"),),
    )
    fine = Overdue(
        "b2",
        signal=Signal.HIATUS,
        overdue=False,
        last_purchase=dt.date(2025, 11, 20),
        days_since=11,
        purchase_days=1,
        median_gap=None,
        limit=Decimal(90),
        reasons=(Reason("CHURN-NOSURPRISE", detail="11 days since, within 90"),),
    )
    why = Reason("CHURN-REASONS", detail="complaint k1 still open")
    risk = ChurnRisk(
        "a1",
        abc=AbcClass.A,
        overdue=late,
        p_alive=0.25,
        summary=None,
        likely=(
            LikelyReason(
                ChurnReason.BAD_SERVICE,
                weight=3,
                evidence=("complaint k1 still open",),
                cure="apologise and put it right",
                reasons=(why,),
            ),
        ),
        reasons=(*late.reasons, why),
    )
    return ChurnReport(
        DAY, checks=FrozenMap({"b2": fine, "a1": late}), at_risk=(risk,), policy=ChurnPolicy()
    )


def test_churn_records_one_row_per_customer_at_risk() -> None:
    """The rhythm figures, P(alive), the best supported reason and its cure."""
    assert hand_churn().to_records() == [
        {
            "customer_id": "a1",
            "abc_class": "A",
            "signal": "rhythm",
            "last_purchase": dt.date(2025, 11, 1),
            "days_since": 30,
            "purchase_days": 5,
            "median_gap": Decimal(10),
            "limit": Decimal(20),
            "lateness": Decimal("1.5"),
            "p_alive": 0.25,
            "likely_reason": "bad_service",
            "cure": "apologise and put it right",
            "reasons": "CHURN-NOSURPRISE: 30 days since, over 20\n"
            "CHURN-REASONS: complaint k1 still open",
        }
    ]


def test_churn_check_records_cover_every_customer_in_id_order() -> None:
    """The checks table holds every customer, overdue or not."""
    assert hand_churn().to_records(table="checks") == [
        {
            "customer_id": "a1",
            "overdue": True,
            "signal": "rhythm",
            "last_purchase": dt.date(2025, 11, 1),
            "days_since": 30,
            "purchase_days": 5,
            "median_gap": Decimal(10),
            "limit": Decimal(20),
        },
        {
            "customer_id": "b2",
            "overdue": False,
            "signal": "hiatus",
            "last_purchase": dt.date(2025, 11, 20),
            "days_since": 11,
            "purchase_days": 1,
            "median_gap": None,
            "limit": Decimal(90),
        },
    ]


def test_churn_html() -> None:
    """Caption counts the customers at risk; reason and test translated; P(alive) 3 places."""
    cells = Cells(hand_churn().to_html(language="zh_TW"))
    assert cells.caption == "2025-12-01 流失預警：2 位顧客中 1 位有流失風險"
    assert cells.rows[0][:12] == [
        "a1",
        "A",
        "自身購買節奏",
        "2025-11-01",
        "30",
        "5",
        "10",
        "20",
        "1.50",
        "0.250",
        "服務不佳",
        "apologise and put it right",
    ]
    checks = Cells(hand_churn().to_html(table="checks"))
    assert [row[1] for row in checks.rows] == ["yes", "no"]
    assert Cells(hand_churn()._repr_html_()).rows[0][2] == "own rhythm"


# --- the sample store, end to end -----------------------------------------------------

PLAIN_TYPES = (str, int, bool, Decimal, dt.date, dt.datetime, float, type(None))


def assert_plain(value: object) -> None:
    """Fail unless ``value`` is a plain value, or a list or dict of plain values."""
    if isinstance(value, list):
        for item in value:
            assert_plain(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            assert type(key) is str
            assert_plain(item)
    else:
        assert type(value) in PLAIN_TYPES, repr(value)


@functools.cache
def sample_results() -> dict[str, Any]:
    """Every result of a small sample store, built the way the demo builds them."""
    store = sample_store(customers=40, seed=7)
    abc = classify_abc(spend_totals(store.purchases))
    attitudes = classify_attitudes(build_histories(store.purchases), declared=store.declared)
    calendar = StoreCalendar.build(store.country, years=[2025, 2026], store_days=store.store_days)
    hours = StoreHours(calendar, timezone=store.timezone)
    events: dict[str, list[object]] = {c.complaint_id: [] for c in store.complaints}
    for event in store.complaint_events:
        events[event.complaint_id].append(event)
    from retention.complaints import Case  # noqa: PLC0415  # only this helper needs it

    cases = [Case.open(c, hours=hours, events=events[c.complaint_id]) for c in store.complaints]
    assert store.survey is not None
    report = satisfaction_report(
        store.survey, population=Counter(c.value for c in abc.values()), competition="high"
    )
    churn = early_warning(
        store.purchases + store.todays_sales,
        as_of=store.as_of,
        cases=cases,
        survey=store.survey,
        classes=abc,
    )
    plan = plan_contacts(
        build_profiles(abc, attitudes=attitudes, club_members=store.club_members),
        purchases=store.purchases + store.todays_sales,
        start=store.as_of,
        end=store.as_of + dt.timedelta(days=13),
        calendar=calendar,
        staff=store.staff,
        events=store.events,
        service_tasks=store.service_tasks,
        winbacks=churn.winbacks(),
    )
    return {
        "abc": abc,
        "attitudes": attitudes,
        "plan": plan,
        "report": report,
        "lessons": lessons(cases),
        "churn": churn,
    }


TABLE_ARGS = {
    "abc": ("customers", "summary"),
    "plan": ("decisions", "staff_load"),
    "report": ("items", "dimensions", "respondents"),
    "lessons": ("causes", "products", "staff", "figures", "repeat_customers"),
    "churn": ("at_risk", "checks"),
}


@pytest.mark.parametrize("labels", [None, *LANGUAGES])
def test_sample_store_records_hold_only_plain_values(labels: str | None) -> None:
    """Every table of every result is a list of dicts of str, int, Decimal, date, None..."""
    results = sample_results()
    for name, tables in TABLE_ARGS.items():
        for table in tables:
            rows = results[name].to_records(table=table, labels=labels)
            assert_plain(rows)
            assert all(not isinstance(v, enum.Enum) for row in rows for v in row.values())
    attitudes = results["attitudes"]
    assert_plain(AttitudeResult.records_of(attitudes, labels=labels))  # type: ignore[arg-type]


def test_sample_store_html_is_well_formed_for_every_table() -> None:
    """Each table parses back with one cell per column on every row."""
    results = sample_results()
    for name, tables in TABLE_ARGS.items():
        for table in tables:
            for language in LANGUAGES:
                result = results[name]
                text = result.to_html(table=table, language=language, max_rows=7)
                cells = Cells(text)
                assert all(len(row) == len(cells.head) for row in cells.rows)
                assert len(cells.rows) <= 7


def test_records_build_dataframes_with_the_expected_columns_and_dtypes() -> None:
    """Pandas keeps Decimal and date columns as objects (no float rounding) and ints as ints."""
    import pandas as pd  # noqa: PLC0415  # the library never imports it; only this test does

    results = sample_results()
    abc = pd.DataFrame(results["abc"].to_records())
    assert list(abc.columns) == ["customer_id", "abc_class", "spend", "share_of_spend", "rank"]
    assert len(abc) == 40
    assert str(abc["spend"].dtype) == "object"
    assert str(abc["share_of_spend"].dtype) == "object"
    assert isinstance(abc["spend"].iloc[0], Decimal)
    assert str(abc["rank"].dtype) == "int64"
    plan = pd.DataFrame(results["plan"].to_records())
    assert list(plan.columns) == list(TABLES["plan"].keys)
    assert str(plan["date"].dtype) == "object"
    planned = plan[plan["status"].isin(["planned", "deferred"])]
    per_day = planned.groupby(["date", "channel"]).size()
    assert per_day.sum() == len(results["plan"].planned)
    labelled = pd.DataFrame(results["report"].to_records(labels="zh_CN"))
    assert list(labelled.columns) == list(TABLES["survey_items"].labels("zh_CN"))
