"""Tables for notebooks and apps: plain records and escaped HTML, in three languages.

The results people look at (ABC classes, attitudes, the contact plan, the satisfaction
report, the lessons of the complaints, the early warning) turn into rows with
``to_records()`` and into HTML with ``to_html()`` and ``_repr_html_()``, which Jupyter
shows. This module holds what those methods share:

* the label catalogue: one :class:`Table` per kind of row, with its :class:`Column`
  list in order; each column has a stable snake_case key (the record's key), a label in
  English, simplified and traditional Chinese, and says how HTML shows its values and
  how ``to_frame()`` types them (:data:`Dtype`, built by :mod:`retention._frames_out`);
  each table has a caption in the three languages;
* :data:`VALUES`: labels of the main enum values, for HTML only (records keep the
  library's own values, so code that filters on them works in every language);
* :func:`records` and :func:`html_table`, which turn rows of values into either.

It knows no domain type (a result hands it rows of values) and imports nothing beyond
the standard library, attrs and the library's own light modules, so importing it costs
nothing.
"""

# Chinese labels use Chinese punctuation (full-width commas, colons and brackets).
# ruff: noqa: RUF001

from __future__ import annotations

import datetime as dt
import enum
import sys
from collections.abc import Iterable, Mapping
from decimal import Decimal
from itertools import islice
from typing import Literal

import attrs

from retention._charts import safe_text
from retention._decimal import SHARE
from retention._i18n import Labels, Language, check_language, in_language
from retention._text import percent
from retention._validate import check_positive_int, describe
from retention.exceptions import InvalidInputError

__all__ = [
    "DTYPES",
    "TABLES",
    "VALUES",
    "Column",
    "Dtype",
    "Kind",
    "Row",
    "Table",
    "choose",
    "figures",
    "html_table",
    "records",
    "report",
    "row_limit",
    "shown",
    "stylesheet",
    "table_html",
]

#: How HTML shows a column's values (records always hold the values themselves).
Kind = Literal[
    "text",  # as it is (translated through VALUES when the column names a table there)
    "lines",  # several lines of text, one per reason
    "int",  # a whole number
    "number",  # a Decimal as it is
    "money",  # a Decimal amount with thousands separators: 12,345.60
    "share",  # a Decimal share as a percentage with one decimal: 80.0 %
    "score",  # a Decimal score on 0..100 with one decimal: 62.5
    "ratio",  # a Decimal ratio with two decimals: 1.43
    "weight",  # a Decimal weight with four decimals: 0.0148
    "probability",  # a float with three decimals: 0.412
    "date",  # a date in ISO form
    "flag",  # True or False, as yes or no
]

#: How ``to_frame()`` types a column's values (:mod:`retention._frames_out` builds it).
Dtype = Literal[
    "string",  # text (reasons joined, one per line); None is null
    "int",  # int64, never None
    "int_or_null",  # int64 that may be None (pandas: the nullable Int64)
    "bool",  # bool, never None
    "bool_or_null",  # bool that may be None (pandas: the nullable boolean)
    "float",  # a float or a Decimal as float64, not rounded (weights can be tiny)
    "measure",  # a Decimal share, score, ratio or count of days: float64, 6 decimal places
    "money",  # a Decimal amount: float64, or a decimal with to_frame(money="decimal")
    "date",  # a date
    "datetime",  # an aware datetime: a timestamp in UTC
]

#: The frame type of each HTML kind, unless a column names its own.
DTYPES: dict[Kind, Dtype] = {
    "text": "string",
    "lines": "string",
    "int": "int",
    "number": "measure",
    "money": "money",
    "share": "measure",
    "score": "measure",
    "ratio": "measure",
    "weight": "float",
    "probability": "float",
    "date": "date",
    "flag": "bool",
}

#: One row handed in by a result: column key to value (enum members allowed).
Row = Mapping[str, object]

_EMPTY = "\u2014"  # an em dash for a missing value
_YES: Labels = ("yes", "是", "是")
_NO: Labels = ("no", "否", "否")
# Rows are 行 in the mainland and 列 in Taiwan (where 行 is a column).
_MORE: Labels = ("\u2026 {n} more rows", "\u2026 还有 {n} 行", "\u2026 另有 {n} 列")
_ONE_MORE: Labels = ("\u2026 1 more row", "\u2026 还有 1 行", "\u2026 另有 1 列")
_NO_ROWS: Labels = ("(no rows)", "（无数据）", "（無資料）")


@attrs.frozen
class Column:
    """One column of a table.

    Attributes:
        key: The record's key: a stable snake_case identifier.
        labels: The column's label in English, simplified and traditional Chinese.
        kind: How HTML shows its values.
        values: The :data:`VALUES` table that translates its values in HTML, if any.
        dtype: How ``to_frame()`` types its values (default: :data:`DTYPES` of the kind).
    """

    key: str
    labels: Labels = attrs.field(kw_only=True)
    kind: Kind = attrs.field(default="text", kw_only=True)
    values: str | None = attrs.field(default=None, kw_only=True)
    dtype: Dtype = attrs.field(
        default=attrs.Factory(lambda column: DTYPES[column.kind], takes_self=True),
        kw_only=True,
    )

    def label(self, language: Language) -> str:
        """The column's label in ``language``."""
        return in_language(self.labels, language)


@attrs.frozen
class Table:
    """The columns and caption of one kind of table.

    Attributes:
        name: The table's name (also its CSS class, ``retention-<name>``).
        columns: The columns, in order.
        caption: ``str.format`` templates of the caption in the three languages; the
            result fills in the named fields.
    """

    name: str
    columns: tuple[Column, ...] = attrs.field(kw_only=True)
    caption: Labels = attrs.field(kw_only=True)

    @property
    def keys(self) -> tuple[str, ...]:
        """The records' keys, in column order."""
        return tuple(column.key for column in self.columns)

    def labels(self, language: Language) -> tuple[str, ...]:
        """The column labels in ``language``, in column order."""
        return tuple(column.label(language) for column in self.columns)


def _c(
    key: str,
    en: str,
    zh_cn: str,
    zh_tw: str,
    kind: Kind = "text",
    *,
    values: str | None = None,
    dtype: Dtype | None = None,
) -> Column:
    """One row of the catalogue below: key, three labels, kind, value table, frame type."""
    if dtype is None:
        return Column(key, labels=(en, zh_cn, zh_tw), kind=kind, values=values)
    return Column(key, labels=(en, zh_cn, zh_tw), kind=kind, values=values, dtype=dtype)


# --- value labels (HTML only) ---------------------------------------------------------

#: Labels of enum values by value table name, then by the library's value. ABC class
#: letters stay letters and need no table.
VALUES: dict[str, dict[str, Labels]] = {
    "channel": {
        "in_person": ("in person", "当面", "當面"),
        "message": ("message", "消息", "訊息"),
        "phone": ("phone", "电话", "電話"),
    },
    "purpose": {
        "service": ("service follow-up", "售后回访", "售後追蹤"),
        "door": ("walk to the door", "送客到门口", "送客至門口"),
        "greet": ("greeting after purchase", "购后问候", "購後問候"),
        "survey": ("usage survey", "使用回访", "使用情況調查"),
        "invite": ("event invitation", "活动邀请", "活動邀請"),
        "club": ("club reward", "会员奖励", "會員回饋"),
        "keep": ("keep in touch", "定期联系", "定期聯絡"),
        "holiday": ("holiday wish", "节日祝福", "節日祝福"),
        "winback": ("win-back invitation", "挽回邀请", "挽回邀請"),
    },
    "status": {
        "planned": ("planned", "已安排", "已安排"),
        "deferred": ("deferred", "延后", "延後"),
        "merged": ("merged", "已合并", "已合併"),
        "suppressed": ("not planned", "不安排", "不安排"),
        "done": ("done", "已完成", "已完成"),
    },
    "suppress": {
        "cap": ("frequency cap", "频次上限", "次數上限"),
        "opt_out": ("opted out", "已退订", "已取消訂閱"),
        "window_expired": ("window expired", "时间窗已过", "時窗已過"),
        "overflow": ("no staff capacity", "人手不足", "人力不足"),
        "superseded": ("superseded by a new purchase", "被新购买取代", "因新購買而取代"),
        "horizon_end": ("beyond the plan", "超出计划期", "超出計畫期間"),
        "throughput": ("store's daily limit", "门店每日上限", "門市每日上限"),
        "lifecycle": ("lapsed or sunset", "已流失或已停发", "已流失或已停發"),
    },
    "attitude": {
        "loyal": ("loyal", "忠诚", "忠誠"),
        "switching": ("brand switching", "品牌转换", "品牌轉換"),
        "no_loyalty": ("no brand loyalty", "无品牌忠诚", "無品牌忠誠"),
    },
    "pattern": {
        "hard_core": ("hard-core loyal", "专一忠诚", "專一忠誠"),
        "split": ("split loyal", "分散忠诚", "分散忠誠"),
        "shifting": ("shifting loyal", "转移忠诚", "轉移忠誠"),
        "switcher": ("switcher", "多变者", "多變者"),
    },
    "evidence": {
        "behaviour": ("behaviour", "购买行为", "購買行為"),
        "declaration": ("declaration", "顾客自述", "顧客自述"),
        "none": ("nothing", "无", "無"),
    },
    "topic": {
        "price": ("price", "价格", "價格"),
        "service": ("service", "服务", "服務"),
        "quality": ("quality", "质量", "品質"),
        "range": ("range", "商品种类", "商品品項"),
        "capacity": ("capacity", "接待能力", "接待能力"),
        "environment": ("environment", "购物环境", "購物環境"),
        "other": ("other", "其他", "其他"),
    },
    "box": {
        "top": ("top box", "非常满意", "非常滿意"),
        "satisfied": ("satisfied", "满意", "滿意"),
        "rest": ("not satisfied", "不满意", "不滿意"),
    },
    "zone": {
        "loyalist": ("loyalist", "忠诚者", "忠誠者"),
        "mercenary": ("mercenary", "逐利者", "逐利者"),
        "hostage": ("hostage", "人质", "人質"),
        "defector": ("defector", "背离者", "背離者"),
    },
    "signal": {
        "rhythm": ("own rhythm", "自身购买节奏", "自身購買節奏"),
        "hiatus": ("store-wide hiatus", "全店统一间隔", "全店統一間隔"),
    },
    "churn_reason": {
        "price_undercut": ("undercut on price", "对手价格更低", "對手價格更低"),
        "bad_service": ("bad service", "服务不佳", "服務不佳"),
        "quality_decline": ("quality decline", "质量下降", "品質下降"),
        "needs_changed": ("needs changed", "需求改变", "需求改變"),
    },
    "cause": {
        "expectation_gap": ("expectation gap", "期望落差", "期望落差"),
        "product_quality": ("product quality", "产品质量", "產品品質"),
        "staff_service": ("staff service", "店员服务", "店員服務"),
        "other": ("other", "其他", "其他"),
    },
    "figure": {
        "first_response": ("time to first response", "首次回应用时", "首次回應時間"),
        "resolution": ("time to resolution", "解决用时", "解決時間"),
        "first_response_in_sla": ("first response within SLA", "首次回应达标", "首次回應達標"),
        "resolved_in_sla": ("resolved within SLA", "解决达标", "解決達標"),
        "promises_kept": ("promises kept on time", "按时兑现承诺", "準時兌現承諾"),
        "followed_up": ("followed up after resolution", "解决后回访", "解決後追蹤"),
        "reopened": ("reopened at the follow-up", "回访时重新处理", "追蹤時重新處理"),
    },
}


# --- the tables -----------------------------------------------------------------------

_CUSTOMER = _c("customer_id", "Customer", "顾客编号", "顧客編號")
_CLASS = _c("abc_class", "ABC class", "ABC 类别", "ABC 類別")
_SPEND = _c("spend", "Spend", "消费额", "消費金額", "money")
_SHARE_OF_SPEND = _c("share_of_spend", "Share of spend", "消费额占比", "消費金額佔比", "share")
_ABC_CAPTION: Labels = (
    "ABC classes of {customers} customers, total spend {total}: A {a}, B {b}, C {c}",
    "ABC 分类：{customers} 位顾客，总消费额 {total}；A 类 {a} 位，B 类 {b} 位，C 类 {c} 位",
    "ABC 分類：{customers} 位顧客，總消費金額 {total}；A 類 {a} 位，B 類 {b} 位，C 類 {c} 位",
)

ABC = Table(
    "abc",
    columns=(
        _CUSTOMER,
        _CLASS,
        _SPEND,
        _SHARE_OF_SPEND,
        _c("rank", "Rank by spend", "消费排名", "消費排名", "int"),
    ),
    caption=_ABC_CAPTION,
)

ABC_SUMMARY = Table(
    "abc_summary",
    columns=(
        _CLASS,
        _c("customers", "Customers", "顾客数", "顧客數", "int"),
        _c("share_of_customers", "Share of customers", "顾客占比", "顧客佔比", "share"),
        _SPEND,
        _SHARE_OF_SPEND,
        _c("lowest_spend", "Lowest spend", "最低消费额", "最低消費金額", "money"),
    ),
    caption=_ABC_CAPTION,
)

_REASONS = _c("reasons", "Reasons", "理由", "理由", "lines")
_ATTITUDE_COLUMNS = (
    _c("purchases", "Branded purchases", "品牌购买次数", "品牌購買次數", "int"),
    _c("pattern", "Kotler pattern", "科特勒忠诚类型", "科特勒忠誠類型", values="pattern"),
    _c("behaviour", "Behaviour shows", "行为显示", "行為顯示", values="attitude"),
    _c("declared", "Declared", "顾客自述", "顧客自述", values="attitude"),
    _c("attitude", "Attitude", "品牌态度", "品牌態度", values="attitude"),
    _c("decided_by", "Decided by", "判定依据", "判定依據", values="evidence"),
    _REASONS,
)

ATTITUDE = Table(
    "attitude",
    columns=_ATTITUDE_COLUMNS,
    caption=(
        "Attitude read from {purchases} branded purchases",
        "根据 {purchases} 次品牌购买判断的态度",
        "根據 {purchases} 次品牌購買判斷的態度",
    ),
)

ATTITUDES = Table(
    "attitudes",
    columns=(_CUSTOMER, *_ATTITUDE_COLUMNS),
    caption=(
        (
            "Attitudes of {customers} customers: loyal {loyal}, brand switching "
            "{switching}, no brand loyalty {no_loyalty}, not enough evidence {unknown}"
        ),
        (
            "{customers} 位顾客的品牌态度：忠诚 {loyal}，品牌转换 {switching}，"
            "无品牌忠诚 {no_loyalty}，证据不足 {unknown}"
        ),
        (
            "{customers} 位顧客的品牌態度：忠誠 {loyal}，品牌轉換 {switching}，"
            "無品牌忠誠 {no_loyalty}，證據不足 {unknown}"
        ),
    ),
)

_PLAN_CAPTION: Labels = (
    (
        "Contact plan {start} .. {end}: {decisions} decisions, {planned} contacts "
        "planned, {overflow} without staff capacity"
    ),
    (
        "联系计划 {start} 至 {end}：共 {decisions} 项决定，"
        "安排联系 {planned} 次，人手不足 {overflow} 次"
    ),
    (
        "聯絡計畫 {start} 至 {end}：共 {decisions} 項決定，"
        "安排聯絡 {planned} 次，人力不足 {overflow} 次"
    ),
)

PLAN = Table(
    "plan",
    columns=(
        _c("contact_id", "Contact", "联系编号", "聯絡編號"),
        _CUSTOMER,
        _c("due", "Due", "应联系日", "應聯絡日", "date"),
        _c("date", "Date", "日期", "日期", "date"),
        _c("channel", "Channel", "渠道", "管道", values="channel"),
        _c("purpose", "Purpose", "目的", "目的", values="purpose"),
        _c("rule_id", "Rule", "规则", "規則"),
        _c("status", "Status", "状态", "狀態", values="status"),
        _c("assignee", "Staff member", "负责店员", "負責店員"),
        _c("suppressed", "Not planned because", "未安排原因", "未安排原因", values="suppress"),
        _c("into", "Merged into", "并入", "併入"),
        _c("blocked_by", "Blocked by", "受阻于", "受阻於"),
        _c("subject", "About", "事由", "事由"),
        _REASONS,
    ),
    caption=_PLAN_CAPTION,
)

STAFF_LOAD = Table(
    "staff_load",
    columns=(
        _c("staff_id", "Staff member", "店员", "店員"),
        _c("date", "Date", "日期", "日期", "date"),
        _c("tasks", "Tasks", "任务数", "任務數", "int"),
        _c("capacity", "Daily capacity", "每日任务上限", "每日任務上限", "int"),
        _c("free", "Free", "剩余", "剩餘", "int"),
    ),
    caption=_PLAN_CAPTION,
)

_PERCEPTION = _c("perception", "Experience", "实际感受", "實際感受", "score")
_EXPECTATION = _c("expectation", "Expectation", "期望", "期望", "score")
_GAP = _c("gap", "Gap", "差距", "差距", "score")
_DIMENSION = _c("dimension", "Dimension", "维度", "構面")
_ANSWERS = _c("answers", "Answers", "回答数", "回答數", "int")
_SURVEY_CAPTION: Labels = (
    (
        "Satisfaction survey {survey_id}: {respondents} respondents, mean {mean}, "
        "after the veto {veto}"
    ),
    "满意度调查 {survey_id}：{respondents} 位受访者，平均 {mean}，一票否决后 {veto}",
    "滿意度調查 {survey_id}：{respondents} 位受訪者，平均 {mean}，一票否決後 {veto}",
)

SURVEY_ITEMS = Table(
    "survey_items",
    columns=(
        _c("item_id", "Item", "题项", "題項"),
        _c("topic", "Topic", "主题", "主題", values="topic"),
        _DIMENSION,
        _ANSWERS,
        _PERCEPTION,
        _EXPECTATION,
        _GAP,
        _c("failing", "Failing for", "不及格人数", "不及格人數", "int"),
    ),
    caption=_SURVEY_CAPTION,
)

SURVEY_DIMENSIONS = Table(
    "survey_dimensions",
    columns=(
        _DIMENSION,
        _c("items", "Items", "题项", "題項"),
        _ANSWERS,
        _PERCEPTION,
        _EXPECTATION,
        _GAP,
    ),
    caption=_SURVEY_CAPTION,
)

SURVEY_RESPONDENTS = Table(
    "survey_respondents",
    columns=(
        _c("respondent_id", "Respondent", "受访者", "受訪者"),
        _c("segment", "Segment", "分层", "分層"),
        _c("weight", "Weight", "权重", "權重", "weight"),
        _c("mean", "Mean", "平均分", "平均分", "score"),
        _c("veto", "After the veto", "否决后得分", "否決後得分", "score"),
        _c("vetoed_by", "Failing items", "不及格题项", "不及格題項"),
        _c("level", "Overall", "总体满意度", "整體滿意度", "score"),
        _c("box", "Box", "满意程度", "滿意程度", values="box"),
        _c("loyal", "Will buy again", "会再次购买", "會再次購買", "flag", dtype="bool_or_null"),
        _c("zone", "Loyalty zone", "忠诚区间", "忠誠區間", values="zone"),
    ),
    caption=_SURVEY_CAPTION,
)

_CASES = _c("cases", "Cases", "投诉件数", "客訴件數", "int")
_SHARE = _c("share", "Share", "占比", "佔比", "share")
_CUMULATIVE = _c("cumulative", "Cumulative share", "累计占比", "累計佔比", "share")
_OF = _c("n", "Of", "总件数", "總件數", "int")
_LESSONS_CAPTION: Labels = (
    "Lessons from {cases} complaints ({diagnosed} with a diagnosed cause)",
    "{cases} 件投诉的经验教训（{diagnosed} 件已查明原因）",
    "{cases} 件客訴的經驗教訓（{diagnosed} 件已查明原因）",
)

LESSON_CAUSES = Table(
    "lesson_causes",
    columns=(
        _c("cause", "Cause", "原因", "原因", values="cause"),
        _CASES,
        _SHARE,
        _CUMULATIVE,
        _OF,
    ),
    caption=_LESSONS_CAPTION,
)

LESSON_PRODUCTS = Table(
    "lesson_products",
    columns=(_c("product", "Product", "商品", "商品"), _CASES, _SHARE, _CUMULATIVE, _OF),
    caption=_LESSONS_CAPTION,
)

LESSON_STAFF = Table(
    "lesson_staff",
    columns=(_c("staff_id", "Staff member", "店员", "店員"), _CASES, _SHARE, _CUMULATIVE, _OF),
    caption=_LESSONS_CAPTION,
)

LESSON_FIGURES = Table(
    "lesson_figures",
    columns=(
        _c("figure", "Figure", "指标", "指標", values="figure"),
        _c(
            "hours",
            "Median working hours",
            "工作时间中位数（小时）",
            "工作時間中位數（小時）",
            "number",
        ),
        _c("share", "Share", "比例", "比例", "share"),
        _c("count", "Count", "件数", "件數", "int", dtype="int_or_null"),  # None for medians
        _OF,
    ),
    caption=_LESSONS_CAPTION,
)

LESSON_REPEATS = Table(
    "lesson_repeats",
    columns=(_CUSTOMER, _c("complaints", "Complaints", "投诉次数", "客訴次數", "int")),
    caption=_LESSONS_CAPTION,
)

_RHYTHM_COLUMNS = (
    _c("signal", "Test", "判定方式", "判定方式", values="signal"),
    _c("last_purchase", "Last purchase", "最近购买日", "最近購買日", "date"),
    _c("days_since", "Days since", "距今天数", "距今天數", "int"),
    _c("purchase_days", "Purchase days", "购买天数", "購買天數", "int"),
    _c("median_gap", "Median gap (days)", "购买间隔中位数（天）", "購買間隔中位數（天）", "number"),
    _c("limit", "Limit (days)", "预警天数", "預警天數", "number"),
)
_CHURN_CAPTION: Labels = (
    "Early warning on {as_of}: {at_risk} of {customers} customers at risk",
    "{as_of} 流失预警：{customers} 位顾客中 {at_risk} 位有流失风险",
    "{as_of} 流失預警：{customers} 位顧客中 {at_risk} 位有流失風險",
)

CHURN = Table(
    "churn",
    columns=(
        _CUSTOMER,
        _CLASS,
        *_RHYTHM_COLUMNS,
        _c("lateness", "Lateness", "逾期倍数", "逾期倍數", "ratio"),
        _c("p_alive", "P(alive)", "存活概率", "存活機率", "probability"),
        _c("likely_reason", "Likely reason", "可能原因", "可能原因", values="churn_reason"),
        _c("cure", "What to do", "对策", "對策"),
        _REASONS,
    ),
    caption=_CHURN_CAPTION,
)

CHURN_CHECKS = Table(
    "churn_checks",
    columns=(
        _CUSTOMER,
        _c("overdue", "Overdue", "已逾期", "已逾期", "flag"),
        *_RHYTHM_COLUMNS,
    ),
    caption=_CHURN_CAPTION,
)

_COMPLAINT = _c("complaint_id", "Complaint", "投诉编号", "客訴編號")
_AT: Kind = "date"  # an instant shows in ISO form; to_frame() types it "datetime"

CASES = Table(
    "cases",
    columns=(
        _COMPLAINT,
        _CUSTOMER,
        _c("priority", "Priority", "优先级", "優先級"),
        _c("channel", "Received by", "投诉渠道", "客訴管道"),
        _c("received_at", "Received at", "收到时间", "收到時間", _AT, dtype="datetime"),
        _c("stage", "Stage", "阶段", "階段"),
        _c("cause", "Cause", "原因", "原因", values="cause"),
        _c("compensation", "Compensation", "补偿金额", "補償金額", "money"),
        _c("open_promises", "Open promises", "未结承诺", "未結承諾", "int"),
        _c("follow_up_due", "Follow-up due", "回访日", "追蹤日", "date"),
        _c("next", "Takes next", "下一步可记录", "下一步可記錄"),
        _c("first_response", "First response", "首次回应", "首次回應"),
        _c(
            "first_response_deadline",
            "First response due by",
            "首次回应截止时间",
            "首次回應截止時間",
            _AT,
            dtype="datetime",
        ),
        _c(
            "first_response_breached_at",
            "First response breached at",
            "首次回应超时时刻",
            "首次回應逾時時刻",
            _AT,
            dtype="datetime",
        ),
        _c("resolution", "Resolution", "解决", "解決"),
        _c(
            "resolution_deadline",
            "Resolution due by",
            "解决截止时间",
            "解決截止時間",
            _AT,
            dtype="datetime",
        ),
        _c(
            "resolution_breached_at",
            "Resolution breached at",
            "解决超时时刻",
            "解決逾時時刻",
            _AT,
            dtype="datetime",
        ),
    ),
    caption=(
        "{cases} complaint cases, {closed} closed; SLA clocks at {at}",
        "{cases} 件投诉，已结案 {closed} 件；SLA 计时时点 {at}",
        "{cases} 件客訴，已結案 {closed} 件；SLA 計時時點 {at}",
    ),
)

_WORKING_HOURS: Kind = "number"  # working hours to the hundredth

SLA_CLOCKS = Table(
    "sla_clocks",
    columns=(
        _COMPLAINT,
        _c("clock", "Clock", "计时项目", "計時項目"),
        _c("state", "State", "状态", "狀態"),
        _c(
            "target_hours",
            "Target (working hours)",
            "目标（工作小时）",
            "目標（工作小時）",
            _WORKING_HOURS,
        ),
        _c(
            "used_hours",
            "Used (working hours)",
            "已用（工作小时）",
            "已用（工作小時）",
            _WORKING_HOURS,
        ),
        _c(
            "left_hours",
            "Left (working hours)",
            "剩余（工作小时）",
            "剩餘（工作小時）",
            _WORKING_HOURS,
        ),
        _c(
            "overdue_hours",
            "Overdue (working hours)",
            "超时（工作小时）",
            "逾時（工作小時）",
            _WORKING_HOURS,
        ),
        _c("deadline", "Due by", "截止时间", "截止時間", _AT, dtype="datetime"),
        _c("breached_at", "Breached at", "超时时刻", "逾時時刻", _AT, dtype="datetime"),
        _c("stopped_at", "Stopped at", "停止时刻", "停止時刻", _AT, dtype="datetime"),
        _c("paused", "Paused", "已暂停", "已暫停", "flag"),
        _REASONS,
    ),
    caption=(
        "SLA clocks of complaint {complaint_id} at {at}",
        "投诉 {complaint_id} 在 {at} 的 SLA 计时",
        "客訴 {complaint_id} 於 {at} 的 SLA 計時",
    ),
)

#: Every table, by name.
TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        ABC,
        ABC_SUMMARY,
        ATTITUDE,
        ATTITUDES,
        PLAN,
        STAFF_LOAD,
        SURVEY_ITEMS,
        SURVEY_DIMENSIONS,
        SURVEY_RESPONDENTS,
        LESSON_CAUSES,
        LESSON_PRODUCTS,
        LESSON_STAFF,
        LESSON_FIGURES,
        LESSON_REPEATS,
        CHURN,
        CHURN_CHECKS,
        CASES,
        SLA_CLOCKS,
    )
}


# --- records and HTML -----------------------------------------------------------------


def choose(value: object, tables: Mapping[str, Table]) -> Table:
    """Return the table a result's ``table=`` argument names."""
    if isinstance(value, str) and value in tables:
        return tables[value]
    names = ", ".join(repr(name) for name in tables)
    msg = f"table: expected one of {names}, got {describe(value)}"
    raise InvalidInputError(msg)


def _plain(value: object) -> object:
    """An enum member as its value; anything else as it is."""
    return value.value if isinstance(value, enum.Enum) else value


def records(table: Table, rows: Iterable[Row], labels: object) -> list[dict[str, object]]:
    """Return one plain dict per row, keyed by the column keys or by their labels.

    Args:
        table: The table the rows belong to.
        rows: Each row's values by column key (enum members become their values).
        labels: ``None`` for the stable keys, or a language for its column labels.

    Raises:
        InvalidInputError: ``labels`` is not ``None`` or one of the languages.
    """
    keys = table.keys if labels is None else table.labels(check_language(labels, field="labels"))
    pairs = tuple(zip(keys, table.keys, strict=True))
    return [{label: _plain(row[key]) for label, key in pairs} for row in rows]


_PLACES: dict[Kind, int] = {"score": 1, "ratio": 2, "weight": 4}


def _decimal(value: object, places: int) -> str:
    if isinstance(value, Decimal) and value.is_finite():
        return f"{SHARE.quantize(value, Decimal(1).scaleb(-places)):f}"
    return str(value)


def _cell(value: object, column: Column, language: Language) -> str:  # noqa: PLR0911  # one kind a line
    """Show one value for reading, in ``language`` (not yet escaped)."""
    value = _plain(value)
    if value is None:
        return _EMPTY
    if isinstance(value, bool):
        return in_language(_YES if value else _NO, language)
    kind = column.kind
    if column.values is not None and isinstance(value, str):
        labels = VALUES[column.values].get(value)
        return value if labels is None else in_language(labels, language)
    if kind == "int" and isinstance(value, int):
        return f"{value:,}"
    if kind == "money" and isinstance(value, Decimal):
        return f"{value:,f}"
    if kind == "share" and isinstance(value, Decimal):
        return percent(value)
    if kind in _PLACES:
        return _decimal(value, _PLACES[kind])
    if kind == "probability" and isinstance(value, float):
        return f"{value:.3f}"
    if isinstance(value, dt.date):  # datetimes too: both in ISO form
        return value.isoformat()
    return str(value)


def shown(value: object, kind: Kind) -> str:
    """Show a number or date the way a column of ``kind`` does, e.g. in a caption."""
    return _cell(value, Column("", labels=("", "", ""), kind=kind), "en")


def _escaped(value: object, column: Column, language: Language) -> str:
    text = safe_text(_cell(value, column, language))
    return text.replace("\n", "<br>") if column.kind == "lines" else text


def row_limit(value: object) -> int | None:
    """``max_rows`` checked; more rows than an index can count means all of them.

    Raises:
        InvalidInputError: ``max_rows`` below 1.
        InvalidTypeError: ``max_rows`` is not an int.
    """
    if value is None:
        return None
    return min(check_positive_int("max_rows", value), sys.maxsize)


#: The kinds HTML right-aligns, in figures of one width.
NUMERIC: frozenset[Kind] = frozenset(
    {"int", "number", "money", "share", "score", "ratio", "weight", "probability"}
)

# The library's own look, scoped under the wrapper's class so it never touches the page
# around it; Jupyter's own rules are less specific for numbers and come first for text.
_BASE_STYLE = (
    (
        ".retention{font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;"
        "font-size:13px;color:#222;line-height:1.4}"
    ),
    (
        ".retention table.retention-table{border-collapse:collapse;margin:0.4em 0 1em;"
        "font-variant-numeric:tabular-nums}"
    ),
    ".retention caption{caption-side:top;text-align:left;font-weight:600;padding:0.3em 0}",
    (
        ".retention th,.retention td{border:1px solid #c8c8c8;padding:0.25em 0.6em;"
        "text-align:left;vertical-align:top}"
    ),
    ".retention thead th{background:#f0f0f0}",
    ".retention tbody tr:nth-child(even){background:#fafafa}",
    ".retention tfoot td{color:#555;font-style:italic}",
    (
        ".retention dl.retention-figures{display:flex;flex-wrap:wrap;gap:0.4em 1.6em;"
        "margin:0.4em 0 0.8em}"
    ),
    ".retention dl.retention-figures div{min-width:7em}",
    ".retention dl.retention-figures dt{color:#555;font-size:0.85em}",
    ".retention dl.retention-figures dd{margin:0;font-size:1.15em;font-weight:600}",
    ".retention ul.retention-notes{margin:0.2em 0 0.8em;padding-left:1.4em;color:#8a4b00}",
    (
        ".retention svg.retention-chart{display:block;max-width:100%;height:auto;"
        "margin:0.4em 0 0.8em;font-family:inherit}"
    ),
)


def stylesheet(tables: Iterable[Table]) -> str:
    """Return the ``<style>`` element of the library's HTML, for these tables.

    Every rule is scoped under ``.retention`` (the wrapper of :func:`report`): borders,
    padding, a caption above, and the numeric columns of ``tables`` right-aligned.
    """
    rules = list(_BASE_STYLE)
    seen: set[str] = set()
    for table in tables:
        if table.name in seen:
            continue
        seen.add(table.name)
        places = [place for place, column in enumerate(table.columns, 1) if column.kind in NUMERIC]
        if places:
            selector = ",".join(
                f".retention .retention-{table.name} {cell}:nth-child({place})"
                for place in places
                for cell in ("thead th", "tbody td")
            )
            rules.append(f"{selector}{{text-align:right;white-space:nowrap}}")
        long = [place for place, column in enumerate(table.columns, 1) if column.kind == "lines"]
        if long:
            selector = ",".join(
                f".retention .retention-{table.name} tbody td:nth-child({place})" for place in long
            )
            rules.append(f"{selector}{{min-width:24em}}")
    return "<style>\n" + "\n".join(rules) + "\n</style>"


def report(parts: Iterable[str], *, tables: Iterable[Table], name: str) -> str:
    """Return ``parts`` (HTML already escaped) in the library's wrapper, with its style.

    The wrapper is a ``<div class="retention retention-<name>">``: valid in any page
    body, and the scope of :func:`stylesheet`'s rules.
    """
    return "\n".join(
        [
            f'<div class="retention retention-{safe_text(name)}">',
            stylesheet(tables),
            *parts,
            "</div>",
        ]
    )


def figures(pairs: Iterable[tuple[str, str]]) -> str:
    """Return key figures as a ``<dl>``: one label and one value a pair, escaped."""
    items = [
        f"<div><dt>{safe_text(label)}</dt><dd>{safe_text(value)}</dd></div>"
        for label, value in pairs
    ]
    return "\n".join(['<dl class="retention-figures">', *items, "</dl>"])


def html_table(
    table: Table,
    rows: Iterable[Row],
    *,
    count: int,
    caption: Mapping[str, object],
    language: object = "en",
    max_rows: object = 50,
) -> str:
    """Return :func:`table_html` in the library's wrapper with its stylesheet.

    Raises:
        InvalidInputError: An unknown language, or ``max_rows`` below 1.
        InvalidTypeError: ``max_rows`` is not an int.
    """
    body = table_html(
        table, rows, count=count, caption=caption, language=language, max_rows=max_rows
    )
    return report([body], tables=[table], name=table.name)


def table_html(
    table: Table,
    rows: Iterable[Row],
    *,
    count: int,
    caption: Mapping[str, object],
    language: object = "en",
    max_rows: object = 50,
) -> str:
    """Return an HTML table of ``rows`` with a caption, every text escaped.

    Only the first ``max_rows`` rows are read and shown; a last line says how many more
    there are. Whole numbers and money have thousands separators, shares one decimal;
    :func:`stylesheet` right-aligns the numeric columns.

    Args:
        table: The table the rows belong to.
        rows: Each row's values by column key, in the result's order.
        count: How many rows there are in all.
        caption: The values of the caption template's fields.
        language: ``"en"``, ``"zh_CN"`` or ``"zh_TW"``.
        max_rows: Most rows shown (``None`` for all).

    Raises:
        InvalidInputError: An unknown language, or ``max_rows`` below 1.
        InvalidTypeError: ``max_rows`` is not an int.
    """
    lang = check_language(language)
    limit = row_limit(max_rows)
    shown = list(rows if limit is None else islice(rows, limit))
    columns = table.columns
    head = "".join(f"<th>{safe_text(column.label(lang))}</th>" for column in columns)
    body = [
        "<tr>"
        + "".join(f"<td>{_escaped(row[column.key], column, lang)}</td>" for column in columns)
        + "</tr>"
        for row in shown
    ]
    title = safe_text(in_language(table.caption, lang).format_map(caption))
    parts = [
        f'<table class="retention-table retention-{table.name}">',
        f"<caption>{title}</caption>",
        f"<thead><tr>{head}</tr></thead>",
        "<tbody>",
        *body,
        "</tbody>",
    ]
    more = count - len(shown)
    note = None
    if not count:
        note = in_language(_NO_ROWS, lang)
    elif more > 0:
        note = in_language(_ONE_MORE, lang) if more == 1 else in_language(_MORE, lang)
        note = note.format(n=f"{more:,}")
    if note is not None:
        parts.append(f'<tfoot><tr><td colspan="{len(columns)}">{safe_text(note)}</td></tr></tfoot>')
    parts.append("</table>")
    return "\n".join(parts)
