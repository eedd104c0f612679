"""Reading a store's CSV exports: every file type, every error path, line numbers."""

from __future__ import annotations

import csv
import datetime as dt
import doctest
import io
import pickle
import zoneinfo
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import exports
from retention.cadence import Channel, EventKind
from retention.calendar import StoreCalendar
from retention.complaints import (
    Cause,
    ComplaintChannel,
    Option,
    Priority,
    PromiseStatus,
    Remedy,
    Stage,
)
from retention.customers import Purchase
from retention.exceptions import InvalidInputError, InvalidTypeError, RetentionError
from retention.exports import (
    ExportError,
    read_complaints,
    read_customers,
    read_events,
    read_purchases,
    read_staff,
    read_survey,
)
from retention.hours import StoreHours
from retention.satisfaction import Scale, SurveyMethod, Topic
from retention.segmentation import AbcClass
from retention.testing import strategies as rst

SHANGHAI = zoneinfo.ZoneInfo("Asia/Shanghai")


def _error(call: object, text: str, **kwargs: object) -> ExportError:
    """Run a reader on ``text`` and return the ExportError it raises."""
    with pytest.raises(ExportError) as info:
        call(text, **kwargs)  # type: ignore[operator]
    return info.value


# -- the format ----------------------------------------------------------------------


def test_module_examples_run() -> None:
    """The examples in the module's docstring give what they show."""
    result = doctest.testmod(exports)
    assert result.attempted >= 3
    assert result.failed == 0


def test_purchases_with_every_column() -> None:
    """Each column lands in its Purchase field; empty optional cells are None."""
    text = (
        "customer_id,date,amount,brand,product,category,quantity\n"
        "C1,2025-03-01,19.90,Acme,Day Cream,skin care,2\n"
        "C2,2025-03-02,5,,,,\n"
    )
    assert read_purchases(text) == (
        Purchase(
            "C1",
            date=dt.date(2025, 3, 1),
            amount=Decimal("19.90"),
            brand="Acme",
            product="Day Cream",
            category="skin care",
        ),
        Purchase("C2", date=dt.date(2025, 3, 2), amount=Decimal(5)),
    )


def test_header_names_are_matched_loosely_and_columns_in_any_order() -> None:
    """`Customer ID`, `AMOUNT` and ` Date ` name the columns, in any order."""
    text = "AMOUNT, Date ,Customer ID\n7.50,2025-01-02,C9\n"
    (purchase,) = read_purchases(text)
    assert (purchase.customer_id, purchase.date, purchase.amount) == (
        "C9",
        dt.date(2025, 1, 2),
        Decimal("7.50"),
    )


def test_excel_bom_crlf_and_quoted_cells() -> None:
    """A byte-order mark, CRLF line ends and quoted cells with commas and quotes are read."""
    text = '\ufeffcustomer_id,date,amount,brand\r\nC1,2025-01-01,1,"Acme, ""the"" brand"\r\n'
    (purchase,) = read_purchases(text)
    assert purchase.brand == 'Acme, "the" brand'


def test_blank_lines_and_empty_rows_are_skipped_but_counted() -> None:
    """Blank lines and rows of empty cells are skipped; later lines keep their numbers."""
    text = "customer_id,date,amount\n\nC1,2025-01-01,1\n,,\n   \nC2,2025-01-01,x\n"
    error = _error(read_purchases, text)
    assert error.line == 6


def test_lines_may_come_as_an_iterable_without_line_ends() -> None:
    """A list of lines (with or without line ends) reads like the whole text."""
    lines = ["\ufeffcustomer_id,date,amount", "C1,2025-01-01,1", "C2,2025-01-02,x"]
    error = _error(read_purchases, lines)
    assert (error.line, error.source) == (3, "purchases.csv")
    assert len(read_purchases(lines[:2])) == 1


def test_spaces_around_cells_are_trimmed() -> None:
    """Spaces around a cell go; `  ` is an empty cell."""
    (purchase,) = read_purchases("customer_id,date,amount,brand\n C1 , 2025-01-01 , 3 ,  \n")
    assert (purchase.customer_id, purchase.amount, purchase.brand) == ("C1", Decimal(3), None)


def test_a_header_only_file_has_no_rows() -> None:
    """A file with a header and no rows gives no purchases."""
    assert read_purchases("customer_id,date,amount\n") == ()


# -- errors: the header --------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "detail"),
    [
        (
            "",
            (
                "expected a header row naming the columns (customer_id, date, amount and "
                "optionally brand, product, category, quantity), got an empty file"
            ),
        ),
        (
            "\ufeff\n\n",
            (
                "expected a header row naming the columns (customer_id, date, amount and "
                "optionally brand, product, category, quantity), got an empty file"
            ),
        ),
        (
            "customer_id,date\n",
            (
                "expected the columns customer_id, date, amount and optionally brand, product, "
                "category, quantity, got a header without amount"
            ),
        ),
        (
            "customer_id,date,amount,qty\n",
            (
                "column 4: expected one of customer_id, date, amount and optionally brand, "
                'product, category, quantity; got "qty"'
            ),
        ),
        (
            "customer_id,date,amount,Date\n",
            'column 4: expected each column once, got "Date" again',
        ),
        (
            "customer_id,,date,amount\n",
            "column 2: expected a column name, got an empty header cell",
        ),
        (
            "customer_id;date;amount\n",
            (
                "expected comma-separated columns (customer_id, date, amount and optionally "
                'brand, product, category, quantity), got the single column "customer_id;date;'
                'amount" (semicolons or tabs between the names? export as CSV with commas)'
            ),
        ),
    ],
)
def test_a_bad_header_is_refused_at_line_1(text: str, detail: str) -> None:
    """Empty file, missing, unknown, repeated or empty column names, semicolons: line 1."""
    error = _error(read_purchases, text, source="till.csv")
    assert (error.source, error.line, error.detail) == ("till.csv", 1, detail)
    assert str(error) == f"till.csv line 1: {detail}"


def test_header_after_blank_lines_gives_its_own_line() -> None:
    """A header after two blank lines is reported at line 3."""
    assert _error(read_purchases, "\n\ncustomer_id,date\n").line == 3


# -- errors: rows and cells ----------------------------------------------------------


@pytest.mark.parametrize(
    ("row", "detail"),
    [
        ("C1,2025-03-01,12,5", "expected 3 cells as in the header, got 4"),
        ("C1,2025-03-01", "expected 3 cells as in the header, got 2"),
        (
            'C1,2025-03-01,"12,5"',
            (
                "amount: expected a decimal number like 12.50 (a point, no "
                'thousands separator), got "12,5"'
            ),
        ),
        ("C1,2025-03-01,1e3", 'amount: expected a decimal number like 12.50, got "1e3"'),
        ("C1,2025-03-01,NaN", 'amount: expected a decimal number like 12.50, got "NaN"'),
        ("C1,2025-03-01,1_000", 'amount: expected a decimal number like 12.50, got "1_000"'),
        (
            "C1,2025-03-01,-3.00",
            'amount: expected a non-negative amount (net refunds before exporting), got "-3.00"',
        ),
        ("C1,2025-03-01,", "amount: expected a decimal number like 12.50, got an empty cell"),
        (",2025-03-01,1", "customer_id: expected a customer ID, got an empty cell"),
        ("C1,3/1/2025,1", 'date: expected an ISO date like 2025-03-01, got "3/1/2025"'),
        ("C1,20250301,1", 'date: expected an ISO date like 2025-03-01, got "20250301"'),
        (
            "C1,2025-02-30,1",
            (
                'date: expected an ISO date like 2025-03-01, got "2025-02-30" (day is out of '
                "range for month)"
            ),
        ),
    ],
)
def test_a_bad_row_names_its_line_and_column(row: str, detail: str) -> None:
    """Each bad cell gives the file, the row's line and what the column expected."""
    error = _error(read_purchases, f"customer_id,date,amount\nC0,2025-01-01,1\n{row}\n")
    assert str(error) == f"purchases.csv line 3: {detail}"
    assert error.line == 3


@pytest.mark.parametrize(
    ("cell", "detail"),
    [
        ("0", 'quantity: expected a whole number >= 1, got "0"'),
        ("1.5", 'quantity: expected a whole number, got "1.5"'),
        ("two", 'quantity: expected a whole number, got "two"'),
    ],
)
def test_quantity_is_a_whole_number_of_at_least_one(cell: str, detail: str) -> None:
    """The optional quantity column is checked, though the amount is the row's total."""
    text = f"customer_id,date,amount,quantity\nC1,2025-01-01,1,{cell}\n"
    assert _error(read_purchases, text).detail == detail


def test_a_long_bad_cell_is_cut_short_in_the_message() -> None:
    """A bad cell longer than 60 characters is shown cut, ending in '...'."""
    error = _error(read_purchases, f"customer_id,date,amount\nC1,{'9' * 80},1\n")
    assert f'got "{"9" * 57}..."' in error.detail


def test_line_numbers_after_a_multi_line_cell() -> None:
    """A quoted cell over three lines: the next row's error names its own first line."""
    text = 'customer_id,date,amount,brand\nC1,2025-01-01,1,"line one\nline two\nthree"\nC2,x,1,\n'
    error = _error(read_purchases, text)
    assert error.line == 5
    good = read_purchases(text.replace(",x,", ",2025-01-02,"))
    assert good[0].brand == "line one\nline two\nthree"


def test_a_bad_row_that_starts_on_a_multi_line_cell_names_its_first_line() -> None:
    """A bad row whose cell spans lines 2-3 is reported at line 2."""
    text = 'customer_id,date,amount,brand\nC1,2025-13-01,1,"a\nb"\n'
    assert _error(read_purchases, text).line == 2


def test_line_numbers_after_a_bom() -> None:
    """The byte-order mark does not shift the line numbers."""
    error = _error(read_purchases, "\ufeffcustomer_id,date,amount\nC1,2025-01-01,x\n")
    assert error.line == 2


def test_an_unclosed_quote_names_the_line_it_opened_on() -> None:
    """A quote that never closes is reported where its row starts."""
    text = 'customer_id,date,amount,brand\nC1,2025-01-01,1,ok\nC2,2025-01-01,1,"open\nmore\n'
    error = _error(read_purchases, text)
    assert (error.line, error.detail) == (
        3,
        'a quoted cell is not closed: its " runs to the end of the file',
    )


def test_text_after_a_closing_quote_is_not_valid_csv() -> None:
    """`"2"x` is refused with the csv module's reason and the line."""
    error = _error(read_purchases, 'customer_id,date,amount\nC1,2025-01-01,"2"x\n')
    assert error.line == 2
    assert error.detail.startswith("not valid CSV (")


def test_export_error_is_an_invalid_input_error_and_pickles() -> None:
    """ExportError is a RetentionError and a ValueError; it pickles with its fields."""
    error = ExportError("amount: expected a number", source="p.csv", line=4)
    assert isinstance(error, InvalidInputError)
    assert isinstance(error, ValueError)
    assert isinstance(error, RetentionError)
    again = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own object
    assert (again.source, again.line, again.detail, str(again)) == (
        "p.csv",
        4,
        "amount: expected a number",
        "p.csv line 4: amount: expected a number",
    )
    assert str(ExportError("unreadable", source="p.csv")) == "p.csv: unreadable"


def test_readers_refuse_bytes_and_non_text_lines() -> None:
    """Bytes, a number or a list holding bytes are InvalidTypeError, naming what came."""
    with pytest.raises(InvalidTypeError, match=r"lines: expected the text of purchases\.csv"):
        read_purchases(b"customer_id,date,amount\n")  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="lines: expected the text"):
        read_purchases(42)  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="lines: expected str lines"):
        read_purchases([b"customer_id,date,amount"])  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="source: expected a non-empty string ID"):
        read_purchases("customer_id,date,amount\n", source=" ")


# -- customers, staff, events --------------------------------------------------------


def test_customers_give_club_members_owners_and_opt_outs() -> None:
    """Flags, owners and the two opt-out dates become build_profiles' arguments."""
    text = (
        "customer_id,club_member,staff_id,opt_out_message,opt_out_phone\n"
        "C1,yes,S1,,\n"
        "C2,FALSE,,2025-01-05,2025-02-01\n"
        "C3,,S2,,\n"
        "C4,1,,,\n"
    )
    customers = read_customers(text)
    assert customers.customer_ids == ("C1", "C2", "C3", "C4")
    assert customers.club_members == {"C1", "C4"}
    assert dict(customers.owners) == {"C1": "S1", "C3": "S2"}
    (message, phone) = customers.opt_outs["C2"]
    assert (message.channel, message.since) == (Channel.MESSAGE, dt.date(2025, 1, 5))
    assert (phone.channel, phone.since) == (Channel.PHONE, dt.date(2025, 2, 1))
    cut = customers.only({"C2", "C3", "C9"})
    assert cut.customer_ids == ("C2", "C3")
    assert cut.club_members == frozenset()
    assert dict(cut.owners) == {"C3": "S2"}
    assert set(cut.opt_outs) == {"C2"}


@pytest.mark.parametrize(
    ("row", "line", "detail"),
    [
        ("C1,maybe,,,", 2, 'club_member: expected true or false (yes/no, 1/0), got "maybe"'),
        (
            "C1,,,tomorrow,",
            2,
            'opt_out_message: expected an ISO date like 2025-03-01, got "tomorrow"',
        ),
        (
            "C0,,,,",
            3,
            'customer_id: expected one row per customer, got "C0" again (first on line 2)',
        ),
    ],
)  # fmt: skip
def test_bad_customer_rows(row: str, line: int, detail: str) -> None:
    """A bad flag, a bad date and a customer listed twice name the line."""
    text = "customer_id,club_member,staff_id,opt_out_message,opt_out_phone\n"
    if line == 3:
        text += "C0,,,,\n"
    error = _error(read_customers, text + row + "\n")
    assert (error.line, error.detail) == (line, detail)


def test_staff_with_days_off() -> None:
    """Capacity and `|`-separated days off become StaffMember values."""
    text = "staff_id,daily_capacity,days_off\nS1,4,2025-12-10 | 2025-12-11\nS2,0,\n"
    first, second = read_staff(text)
    assert (first.staff_id, first.daily_capacity) == ("S1", 4)
    assert first.days_off == {dt.date(2025, 12, 10), dt.date(2025, 12, 11)}
    assert (second.daily_capacity, second.days_off) == (0, frozenset())


@pytest.mark.parametrize(
    ("row", "detail"),
    [
        ("S1,-1,", "daily_capacity: expected an int >= 0, got -1"),
        ("S1,,", "daily_capacity: expected a whole number, got an empty cell"),
        ("S1,2,2025-12-10|soon", 'days_off: expected an ISO date like 2025-03-01, got "soon"'),
        ("S0,1,", 'staff_id: expected one row per staff member, got "S0" again (first on line 2)'),
    ],
)
def test_bad_staff_rows(row: str, detail: str) -> None:
    """The library's own check (capacity >= 0) comes back with the row's line."""
    error = _error(read_staff, f"staff_id,daily_capacity,days_off\nS0,1,\n{row}\n")
    assert (error.line, error.detail) == (3, detail)


def test_events_with_segments() -> None:
    """Kind, date and `A|B` segments become StoreEvent values; empty means everyone."""
    text = (
        "event_id,date,kind,name,segments\n"
        "EV1,2025-12-12,promotion,Double-12 sale,\n"
        "EV2,2026-01-10,expert_visit,Expert day,A|B\n"
    )
    first, second = read_events(text)
    assert (first.kind, first.segments) == (EventKind.PROMOTION, frozenset())
    assert second.segments == {AbcClass.A, AbcClass.B}
    assert second.date == dt.date(2026, 1, 10)


@pytest.mark.parametrize(
    ("row", "detail"),
    [
        (
            "EV1,2025-12-12,party,Sale,",
            "kind: expected 'new_product', 'promotion' or 'expert_visit', got 'party' (str)",
        ),
        ("EV1,2025-12-12,promotion,Sale,A|D", "segments: expected 'A', 'B' or 'C', got 'D' (str)"),
        ("EV1,2025-12-12,promotion,,", "name: expected the event's name, got an empty cell"),
        (
            "EV0,2025-12-12,promotion,Sale,",
            'event_id: expected one row per event, got "EV0" again (first on line 2)',
        ),
    ],
)  # fmt: skip
def test_bad_event_rows(row: str, detail: str) -> None:
    """An unknown kind or class, an empty name, a repeated ID: the line and the column."""
    text = f"event_id,date,kind,name,segments\nEV0,2025-12-01,promotion,Old,\n{row}\n"
    error = _error(read_events, text)
    assert (error.line, error.detail) == (3, detail)


# -- complaints ----------------------------------------------------------------------

LOG_HEADER = (
    "complaint_id,at,kind,by,note,customer_id,channel,summary,priority,product,staff_id,"
    "asks_for,cause,options,chosen,role,amount,satisfied,details,lesson,promise_id,what,due\n"
)


def _log(*rows: str) -> str:
    return LOG_HEADER + "".join(row + "\n" for row in rows)


def _hours() -> StoreHours:
    return StoreHours(StoreCalendar.build("CN", years=[2025]), timezone="Asia/Shanghai")


def _blank(**cells: str) -> str:
    """A complaint-log row with the given cells filled, the others empty."""
    columns = LOG_HEADER.strip().split(",")
    unknown = set(cells) - set(columns)
    assert not unknown, unknown
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="").writerow([cells.get(c, "") for c in columns])
    return buffer.getvalue()


WALK = (
    _blank(complaint_id="K1", at="2025-11-24 10:00", kind="received", customer_id="C1",
           channel="in_store", summary="Rash after the serum", priority="high",
           product="Serum", staff_id="S2", asks_for="refund"),
    _blank(complaint_id="K1", at="2025-11-24 10:05", kind="listened", by="S1"),
    _blank(complaint_id="K1", at="2025-11-24 10:15", kind="apologised", by="S1"),
    _blank(complaint_id="K1", at="2025-11-24 17:00", kind="cause_diagnosed", by="S1",
           cause="product_quality", note="batch 2511"),
    _blank(complaint_id="K1", at="2025-11-24 17:30", kind="resolution_proposed", by="S1",
           options="refund:320|replacement|delivery@2025-11-26 15:00", chosen="refund:320",
           role="clerk"),
    _blank(complaint_id="K1", at="2025-11-24T09:35:00Z", kind="promise_made", by="S1",
           promise_id="P1", what="call back", due="2025-11-25 12:00"),
    _blank(complaint_id="K1", at="2025-11-25 10:00", kind="compensation_approved", by="S3",
           role="manager", amount="320"),
    _blank(complaint_id="K1", at="2025-11-25 10:05", kind="promise_kept", promise_id="P1"),
    _blank(complaint_id="K1", at="2025-11-25 11:00", kind="resolved", by="S1"),
)  # fmt: skip


def test_a_complaint_log_becomes_cases() -> None:
    """Received row, steps, options, a promise and an approval fold into one case."""
    log = read_complaints(_log(*WALK), timezone="Asia/Shanghai")
    complaint = log.complaints["K1"]
    assert complaint.received_at == dt.datetime(2025, 11, 24, 10, tzinfo=SHANGHAI)
    assert (complaint.channel, complaint.priority) == (ComplaintChannel.IN_STORE, Priority.HIGH)
    assert (complaint.product, complaint.staff_id, complaint.asks_for) == (
        "Serum",
        "S2",
        Remedy.REFUND,
    )
    assert log.lines["K1"] == 2
    assert log.event_lines["K1"] == (3, 4, 5, 6, 7, 8, 9, 10)
    (case,) = log.cases(hours=_hours())
    assert case.stage is Stage.RESOLVED
    assert case.cause is Cause.PRODUCT_QUALITY
    assert case.chosen == Option("refund", amount=320)
    assert case.options[2] == Option(
        "delivery", appointment=dt.datetime(2025, 11, 26, 15, tzinfo=SHANGHAI)
    )
    assert case.compensation == 320
    (promise,) = case.promises
    assert promise.status is PromiseStatus.KEPT
    # 09:35 UTC is 17:35 in Shanghai: an offset in the cell is kept as it is.
    assert promise.made_at == dt.datetime(2025, 11, 24, 17, 35, tzinfo=SHANGHAI)
    assert log.last_at == dt.datetime(2025, 11, 25, 11, tzinfo=SHANGHAI)


def test_complaint_rows_in_any_order_are_applied_in_time_order() -> None:
    """Events before the received row and out of time order still fold in time order."""
    rows = [WALK[2], WALK[1], WALK[0]]
    log = read_complaints(_log(*rows), timezone="Asia/Shanghai")
    assert log.event_lines["K1"] == (3, 2)
    (case,) = log.cases(hours=_hours())
    assert case.stage is Stage.APOLOGISED


def test_follow_up_record_and_close_rows() -> None:
    """followed_up, recorded and closed rows finish the case; clock rows pause it."""
    rows = [
        *WALK,
        _blank(complaint_id="K1", at="2025-11-27 10:00", kind="followed_up", satisfied="yes"),
        _blank(complaint_id="K1", at="2025-11-27 10:30", kind="recorded", details="rash",
               lesson="patch test"),
        _blank(complaint_id="K1", at="2025-11-27 10:31", kind="closed"),
        _blank(complaint_id="K2", at="2025-11-27 10:00", kind="received", customer_id="C2",
               channel="phone", summary="Charged twice"),
        _blank(complaint_id="K2", at="2025-11-27 10:10", kind="listened"),
        _blank(complaint_id="K2", at="2025-11-27 10:20", kind="apologised"),
        _blank(complaint_id="K2", at="2025-11-27 10:30", kind="clock_paused", note="statement"),
        _blank(complaint_id="K2", at="2025-11-28 10:30", kind="clock_resumed"),
        _blank(complaint_id="K3", at="2025-11-28 10:00", kind="received", customer_id="C3",
               channel="message", summary="Late"),
        _blank(complaint_id="K3", at="2025-11-28 10:10", kind="listened"),
        _blank(complaint_id="K3", at="2025-11-28 10:20", kind="apologised"),
        _blank(complaint_id="K3", at="2025-11-28 10:30", kind="cause_diagnosed", cause="other",
               note="courier"),
        _blank(complaint_id="K3", at="2025-11-28 10:40", kind="resolution_proposed",
               options="small_gift:30", chosen="small_gift:30", role="clerk"),
        _blank(complaint_id="K3", at="2025-11-28 11:00", kind="promise_made", promise_id="P",
               what="a call", due="2025-11-29 10:00"),
        _blank(complaint_id="K3", at="2025-11-28 12:00", kind="promise_broken", promise_id="P"),
    ]  # fmt: skip
    log = read_complaints(_log(*rows), timezone="Asia/Shanghai")
    first, second, third = log.cases(hours=_hours())
    assert first.closed
    assert first.record is not None
    assert first.record.lesson == "patch test"
    assert second.paused is False
    assert len(second.pauses) == 1
    assert third.promises[0].status is PromiseStatus.BROKEN
    assert third.complaint.priority is Priority.NORMAL


def test_until_keeps_what_happened_up_to_an_instant() -> None:
    """`until` drops later complaints and events, and keeps the line numbers in step."""
    log = read_complaints(_log(*WALK), timezone="Asia/Shanghai")
    evening = dt.datetime(2025, 11, 24, 18, tzinfo=SHANGHAI)
    now = log.until(evening)
    assert now.event_lines["K1"] == (3, 4, 5, 6, 7)
    (case,) = now.cases(hours=_hours())
    assert case.stage is Stage.PROPOSED
    before = log.until(dt.datetime(2025, 11, 24, 9, tzinfo=SHANGHAI))
    assert (len(before.complaints), before.last_at) == (0, None)
    assert log.until(dt.datetime(2025, 11, 24, 10, 1, tzinfo=SHANGHAI)).events == {}


def test_a_refused_event_is_reported_at_its_line() -> None:
    """An event the case cannot take names its own line and the case's reason."""
    rows = [WALK[0], WALK[1], _blank(complaint_id="K1", at="2025-11-24 10:20", kind="resolved")]
    log = read_complaints(_log(*rows), timezone="Asia/Shanghai")
    with pytest.raises(ExportError) as info:
        log.cases(hours=_hours())
    assert info.value.line == 4
    assert str(info.value) == (
        "complaints.csv line 4: resolved at 2025-11-24T10:20:00+08:00: the six steps go in "
        "order (CMP-STEPS) (case K1 is at stage listened; allowed next: apologised, "
        "promise_made, clock_paused)"
    )


@pytest.mark.parametrize(
    ("row", "detail"),
    [
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="escalated"),
            ('kind: expected one of received listened apologised cause_diagnosed '
            'resolution_proposed compensation_approved resolved followed_up recorded closed '
            'promise_made promise_kept promise_broken clock_paused clock_resumed, got "escalated"'),
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="listened", cause="other"),
            ('cause: expected an empty cell on a listened row (cause belongs to cause_diagnosed '
            'rows), got "other"'),
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="listened", role="clerk"),
            ('role: expected an empty cell on a listened row (role belongs to '
            'resolution_proposed and compensation_approved rows), got "clerk"'),
        ),
        (
            _blank(complaint_id="K1", at="24/11/2025 11:00", kind="listened"),
            ("at: expected an ISO date and time like 2025-11-24 10:05 (or "
            '2025-11-24T10:05+08:00), got "24/11/2025 11:00"'),
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 25:00", kind="listened"),
            ("at: expected an ISO date and time like 2025-11-24 10:05 (or "
            '2025-11-24T10:05+08:00), got "2025-11-24 25:00" (hour must be in 0..23)'),
        ),
        (
            _blank(complaint_id="K9", at="2025-11-24 11:00", kind="listened"),
            'complaint_id: expected a complaint with a received row, got "K9"',
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="received", customer_id="C1",
                   channel="phone", summary="again"),
            ('complaint_id: expected one row per received complaint, got "K1" again (first on '
            "line 2)"),
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="cause_diagnosed",
                   cause="bad luck"),
            ("cause: expected 'expectation_gap', 'product_quality', 'staff_service' or 'other', "
            "got 'bad luck' (str)"),
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="resolution_proposed",
                   options="refund:abc", chosen="refund:abc", role="clerk"),
            'options: expected a decimal number like 12.50, got "abc"',
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="resolution_proposed",
                   options=":5", chosen="refund", role="clerk"),
            'options: expected options like refund:320|replacement, got ":5"',
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="resolution_proposed",
                   options="repair", chosen="refund", role="clerk"),
            "chosen: expected one of the options offered (CMP-CHOICE), got 'refund'",
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="resolution_proposed",
                   options="delivery", chosen="delivery", role="clerk"),
            ("appointment: expected the agreed time for a delivery (CMP-REMEDY: on time, "
            "courteous), got None"),
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="followed_up"),
            "satisfied: expected true or false (yes/no, 1/0), got an empty cell",
        ),
        (
            _blank(complaint_id="K1", at="2025-11-24 11:00", kind="promise_made", promise_id="P",
                   what="call", due="2025-11-24 10:00"),
            ("due: expected a time at or after the promise was made (2025-11-24T11:00:00+08:00), "
            "got 2025-11-24T10:00:00+08:00"),
        ),
    ],
)  # fmt: skip
def test_bad_complaint_rows(row: str, detail: str) -> None:
    """Unknown kinds, cells in another kind's column, bad times and values: line 3."""
    error = _error(read_complaints, _log(WALK[0], row), timezone="Asia/Shanghai")
    assert (error.line, error.detail) == (3, detail)


@pytest.mark.parametrize(
    ("cells", "detail"),
    [
        (
            {"by": "S1"},
            ("by: expected an empty cell on a received row (use staff_id for the staff member "
            'it concerns), got "S1"'),
        ),
        ({"note": "hm"}, 'note: expected an empty cell on a received row (use summary), got "hm"'),
        ({"summary": ""}, "summary: expected what the customer says, got an empty cell"),
        (
            {"channel": "fax"},
            ("channel: expected 'in_store', 'phone', 'message', 'online' or 'letter', got "
            "'fax' (str)"),
        ),
    ],
)  # fmt: skip
def test_bad_received_rows(cells: dict[str, str], detail: str) -> None:
    """A received row takes no `by` or `note`, needs a summary and a known channel."""
    base = {
        "complaint_id": "K1",
        "at": "2025-11-24 10:00",
        "kind": "received",
        "customer_id": "C1",
        "channel": "phone",
        "summary": "x",
    }
    error = _error(read_complaints, _log(_blank(**(base | cells))), timezone="Asia/Shanghai")
    assert (error.line, error.detail) == (2, detail)


def test_a_log_without_kind_columns_still_reads_simple_rows() -> None:
    """Only complaint_id, at and kind are required; a missing column reads as empty."""
    text = (
        "complaint_id,at,kind,customer_id,channel,summary\n"
        "K1,2025-11-24 10:00,received,C1,phone,x\n"
    )
    log = read_complaints(text, timezone="Asia/Shanghai")
    assert list(log.complaints) == ["K1"]
    text += "K1,2025-11-24 11:00,cause_diagnosed,,,\n"
    error = _error(read_complaints, text, timezone="Asia/Shanghai")
    assert error.detail == (
        "cause: expected expectation_gap, product_quality, staff_service or other, got no "
        "cause column"
    )


def test_a_bad_time_zone_is_refused() -> None:
    """The time zone must be an IANA name."""
    with pytest.raises(InvalidInputError, match="timezone: expected an IANA time zone"):
        read_complaints(LOG_HEADER, timezone="Mars/Olympus")


# -- survey --------------------------------------------------------------------------

SURVEY = (
    "respondent_id,segment,overall,repurchase,recommend,effort,"
    "price.perception,price.expectation,service_staff.perception,service_staff.expectation,"
    "waiting.perception,waiting.expectation\n"
    "r1,A,4,5,9,6,5,3,4,4,,\n"
    "r2,,2,,0,,1,4,,,2,5\n"
)


def test_a_survey_export_becomes_a_survey() -> None:
    """Two columns per item, topics from the item IDs, single questions, segments."""
    survey = read_survey(SURVEY, scale=Scale(1, high=5), method="phone_follow_up")
    assert survey.survey_id == "survey.csv"
    assert survey.method is SurveyMethod.PHONE_FOLLOW_UP
    topics = {item.item_id: item.topic for item in survey.items}
    assert topics == {"price": Topic.PRICE, "service_staff": Topic.SERVICE, "waiting": Topic.OTHER}
    first, second = survey.responses
    assert (first.segment, first.overall, first.repurchase, first.recommend, first.effort) == (
        "A", 4, 5, 9, 6,
    )  # fmt: skip
    assert [(a.item_id, a.perception, a.expectation) for a in first.answers] == [
        ("price", 5, 3),
        ("service_staff", 4, 4),
    ]
    assert (second.segment, second.repurchase, second.effort) == (None, None, None)
    assert [(a.item_id, a.perception, a.expectation) for a in second.answers] == [
        ("price", 1, 4),
        ("waiting", 2, 5),
    ]


def test_survey_segments_fill_empty_cells() -> None:
    """`segments` gives the respondents without a segment cell one; the cell wins."""
    survey = read_survey(SURVEY, segments={"r1": "C", "r2": "B"}, survey_id="nov")
    assert survey.survey_id == "nov"
    assert [r.segment for r in survey.responses] == ["A", "B"]
    error = _error(read_survey, SURVEY, segments={"r1": "A"})
    assert error.line == 3
    assert error.detail.startswith(
        "segment: expected the respondent's segment (an empty cell takes their class from "
        'the purchases, and "r2" has none)'
    )


@pytest.mark.parametrize(
    ("row", "detail"),
    [
        ("r3,,,,,,6,3,,,,", "price.perception: expected an int rating from 1 to 5, got 6"),
        ("r3,,,,,,5,0,,,,", "price.expectation: expected an int rating from 1 to 5, got 0"),
        ("r3,,9,,,,,,,,,", "overall: expected an int rating from 1 to 5, got 9"),
        ("r3,,,,11,,,,,,,", "recommend: expected an int rating from 0 to 10, got 11"),
        ("r3,,,,,0,,,,,,", "effort: expected an int rating from 1 to 7, got 0"),
        ("r3,,,,,,4.5,3,,,,", 'price.perception: expected a whole number, got "4.5"'),
        (
            "r3,,,,,,4,,,,,",
            ("price.expectation: expected a rating when price is answered (leave both cells "
            "empty for an item not answered), got an empty cell"),
        ),
        (
            "r3,,,,,,,4,,,,",
            ("price.perception: expected a rating when price is answered (leave both cells "
            "empty for an item not answered), got an empty cell"),
        ),
        (
            "r1,,,,,,,,,,,",
            'respondent_id: expected one row per respondent, got "r1" again (first on line 2)',
        ),
        ("r3,,,,,,,,,,", "expected 12 cells as in the header, got 11"),
    ],
)  # fmt: skip
def test_bad_survey_rows(row: str, detail: str) -> None:
    """Ratings off their scale, half-answered items, repeated respondents: line 4."""
    error = _error(read_survey, SURVEY + row + "\n")
    assert (error.line, error.detail) == (4, detail)


@pytest.mark.parametrize(
    ("header", "detail"),
    [
        (
            "respondent_id,price.perception\n",
            (
                "expected price.perception and price.expectation (SAT-GAP compares the two), got "
                "no price.expectation column"
            ),
        ),
        (
            "respondent_id,overall\n",
            "expected at least one item: <item>.perception and <item>.expectation columns",
        ),
        (
            "respondent_id,price\n",
            (
                "column 2: expected one of respondent_id and optionally segment, overall, "
                "repurchase, recommend, effort, and <item>.perception and <item>.expectation for "
                'each item; got "price"'
            ),
        ),
    ],
)
def test_bad_survey_headers(header: str, detail: str) -> None:
    """Each item needs both columns; a survey needs an item; a bare name is unknown."""
    error = _error(read_survey, header)
    assert (error.line, error.detail) == (1, detail)


# -- properties ----------------------------------------------------------------------


def _csv_text(header: list[str], rows: list[list[object]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


@given(st.lists(rst.purchases(), max_size=30))
def test_purchases_round_trip_through_a_csv_export(purchases: list[Purchase]) -> None:
    """Purchases written as a till would export them read back equal, in order."""
    rows: list[list[object]] = [
        [p.customer_id, p.date.isoformat(), p.amount, p.brand or "", p.product or "",
         p.category or ""]
        for p in purchases
    ]  # fmt: skip
    header = ["customer_id", "date", "amount", "brand", "product", "category"]
    assert read_purchases(_csv_text(header, rows)) == tuple(purchases)


# Labels as a till might hold them: any text but control characters, with something
# other than a space at both ends (cells are trimmed).
_LABELS = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp")), min_size=1, max_size=12
).filter(lambda s: s == s.strip() and s != "")


@given(
    st.lists(
        st.tuples(_LABELS, st.none() | _LABELS, rst.amounts()),
        min_size=1,
        max_size=10,
    ),
    st.booleans(),
)
def test_any_labels_round_trip_with_their_line_numbers(
    rows: list[tuple[str, str | None, Decimal]],
    bom: bool,  # noqa: FBT001 - hypothesis passes the drawn values by position
) -> None:
    """Commas, quotes and non-ASCII in cells survive; a bad last row names its line."""
    cells: list[list[object]] = [
        [cid, "2025-01-01", amount, brand or ""] for cid, brand, amount in rows
    ]
    text = ("\ufeff" if bom else "") + _csv_text(["customer_id", "date", "amount", "brand"], cells)
    got = read_purchases(text)
    assert [(p.customer_id, p.brand, p.amount) for p in got] == rows
    error = _error(read_purchases, text + "X,2025-01-01,oops,\n")
    assert error.line == len(rows) + 2


# -- the days a file may hold, control characters, oversized numbers ----------------

DATES = (dt.date(1900, 1, 1), dt.date(2999, 12, 31))


@pytest.mark.parametrize(
    ("read", "text", "line", "detail"),
    [
        (
            read_purchases,
            "customer_id,date,amount\nC1,2025-01-01,5\nC1,9999-12-31,5\n",
            3,
            'date: expected a day from 1900-01-01 to 2999-12-31, got "9999-12-31"',
        ),
        (
            read_customers,
            "customer_id,opt_out_phone\nC1,1899-12-31\n",
            2,
            'opt_out_phone: expected a day from 1900-01-01 to 2999-12-31, got "1899-12-31"',
        ),
        (
            read_staff,
            "staff_id,daily_capacity,days_off\nS1,2,2025-01-01|0001-01-01\n",
            2,
            'days_off: expected a day from 1900-01-01 to 2999-12-31, got "0001-01-01"',
        ),
        (
            read_events,
            "event_id,date,kind,name\nE1,3000-01-01,promotion,Sale\n",
            2,
            'date: expected a day from 1900-01-01 to 2999-12-31, got "3000-01-01"',
        ),
    ],
)
def test_dates_outside_the_given_days_are_refused_at_their_line(
    read: object, text: str, line: int, detail: str
) -> None:
    """With dates=(first, last), a date outside is an ExportError at its line and column."""
    error = _error(read, text, dates=DATES)
    assert (error.line, error.detail) == (line, detail)
    assert read(text)  # type: ignore[operator]  # without dates: any date


def test_complaint_times_outside_the_given_days_are_refused_at_their_line() -> None:
    """A time is checked by its date as written, received rows, steps and promises alike."""
    received = _blank(complaint_id="K1", at="0001-01-01 00:00", kind="received",
                      customer_id="C1", channel="phone", summary="x")  # fmt: skip
    error = _error(read_complaints, _log(received), timezone="Asia/Shanghai", dates=DATES)
    assert (error.line, error.detail) == (
        2,
        'at: expected a time from 1900-01-01 to 2999-12-31, got "0001-01-01 00:00"',
    )
    promise = _blank(complaint_id="K1", at="2025-11-24 10:10", kind="promise_made",
                     promise_id="P1", what="call", due="9999-12-31T23:59+08:00")  # fmt: skip
    error = _error(read_complaints, _log(WALK[0], promise), timezone="Asia/Shanghai", dates=DATES)
    assert (error.line, error.detail) == (
        3,
        'due: expected a time from 1900-01-01 to 2999-12-31, got "9999-12-31T23:59+08:00"',
    )
    log = read_complaints(_log(WALK[0]), timezone="Asia/Shanghai", dates=DATES)
    assert list(log.complaints) == ["K1"]


@pytest.mark.parametrize(
    ("dates", "error", "message"),
    [
        ("2025", InvalidTypeError, "dates: expected a (first, last) pair of datetime.date"),
        (
            (dt.datetime(2025, 1, 1, tzinfo=dt.UTC), dt.date(2025, 2, 1)),
            InvalidTypeError,
            "dates: expected a (first, last) pair",
        ),
        (
            (dt.date(2025, 2, 1), dt.date(2025, 1, 1)),
            InvalidInputError,
            "dates: expected the last day on or after the first (2025-02-01), got 2025-01-01",
        ),
    ],
)
def test_dates_must_be_a_pair_of_days_in_order(
    dates: object, error: type[Exception], message: str
) -> None:
    """A caller's mistake in dates is refused before any row is read."""
    with pytest.raises(error) as info:
        read_purchases("customer_id,date,amount\n", dates=dates)  # type: ignore[arg-type]
    assert str(info.value).startswith(message)


@pytest.mark.parametrize(
    ("row", "detail"),
    [
        (
            'C1,2025-01-01,"5\x1b[31m"',
            'amount: expected a decimal number like 12.50, got "5\\x1b[31m"',
        ),
        ('C1,2025-01-01,"5\n6"', 'amount: expected a decimal number like 12.50, got "5\\n6"'),
        ("C1,2025-01-01,5\u20286", 'amount: expected a decimal number like 12.50, got "5\\u20286"'),
        (
            "C1,2025\x85-01-01,5",
            'date: expected an ISO date like 2025-03-01, got "2025\\x85-01-01"',
        ),
        ("C1,2025-01-01,\u202e5", 'amount: expected a decimal number like 12.50, got "\\u202e5"'),
    ],
)
def test_control_characters_in_a_cell_are_escaped_in_the_message(row: str, detail: str) -> None:
    r"""A line break, an escape sequence or \x85 never splits a message or reaches a terminal."""
    error = _error(read_purchases, "customer_id,date,amount\n" + row + "\n")
    assert error.detail == detail
    assert str(error).splitlines() == [str(error)]


def test_control_characters_in_a_header_and_the_file_name_are_escaped() -> None:
    """The header cell and the source are escaped too; the attribute keeps the source."""
    error = _error(read_purchases, "customer_id,date,amount,br\x1band\n", source="a\nb.csv")
    assert str(error) == (
        "a\\nb.csv line 1: column 4: expected one of customer_id, date, amount and optionally "
        'brand, product, category, quantity; got "br\\x1band"'
    )
    assert error.source == "a\nb.csv"


@pytest.mark.parametrize("text", ["9" * 19, "+" + "0" * 30 + "9" * 19, "9" * 5000])
def test_a_whole_number_of_more_than_18_digits_is_refused(text: str) -> None:
    """A count of 19 digits or more is a shifted cell (and int() stops at 4,300 digits)."""
    error = _error(read_staff, f"staff_id,daily_capacity\nS1,{text}\n")
    assert error.detail.startswith(
        'daily_capacity: expected a whole number of at most 18 digits, got "'
    )
    staff = read_staff("staff_id,daily_capacity\nS1,+000" + "9" * 18 + "\n")
    assert staff[0].daily_capacity == 10**18 - 1


@pytest.mark.parametrize("zone", ["America", "Asia/", "", "x" * 300, "UTC\x00"])
def test_a_time_zone_that_is_a_folder_or_no_name_is_refused(zone: str) -> None:
    """Not only unknown names: a folder of the zone database, an empty or absurd name."""
    with pytest.raises(InvalidInputError, match="timezone: expected"):
        read_complaints(LOG_HEADER, timezone=zone)


def test_the_customer_list_knows_each_customers_line() -> None:
    """CustomerList.lines gives each row's line (for messages); only() keeps them."""
    customers = read_customers("customer_id,staff_id\n\nC1,S1\nC2,S9\n")
    assert dict(customers.lines) == {"C1": 3, "C2": 4}
    assert dict(customers.only(["C2"]).lines) == {"C2": 4}
    assert dict(exports.CustomerList().lines) == {}


def test_survey_strata_refuse_a_segment_outside_them() -> None:
    """With strata (the classes with customers), a segment cell outside them is refused."""
    error = _error(read_survey, SURVEY, strata={"B", "C"})
    assert (error.line, error.detail) == (2, 'segment: expected one of the segments B, C, got "A"')
    survey = read_survey(SURVEY, segments={"r2": "B"}, strata={"A", "B"})
    assert [r.segment for r in survey.responses] == ["A", "B"]
    error = _error(read_survey, SURVEY, segments={"r2": "C"}, strata={"A", "B"})
    assert (error.line, error.detail) == (3, 'segment: expected one of the segments A, B, got "C"')
    with pytest.raises(InvalidTypeError, match="strata: expected an iterable of segments"):
        read_survey(SURVEY, strata="ABC")
