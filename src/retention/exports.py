r"""Read a store's CSV exports into the library's values (the command line's input).

Each ``read_*`` function takes the text of one CSV file (a ``str``, or an iterable of
lines such as a file opened with ``newline=""``) and returns library values:
:class:`~retention.customers.Purchase`, :class:`~retention.cadence.StaffMember`,
:class:`~retention.cadence.StoreEvent`, the customers' club membership, owners and
opt-outs, complaints with their events, and a :class:`~retention.satisfaction.Survey`.
This module does no I/O: the caller reads the file (:mod:`retention.cli` does) and hands
the text in.

The format, the same for every file:

* UTF-8, with or without a byte-order mark (Excel's "CSV UTF-8" adds one); commas
  between cells, double quotes around a cell that holds a comma, a quote or a line
  break (a quoted cell may run over several lines).
* A header row names the columns, in any order. Names are matched without case, and
  spaces or hyphens in them count as underscores (``Customer ID`` is ``customer_id``).
  A column the file's type does not know is an error, so a misspelt optional column
  never goes silently unread; with ``extra_columns="ignore"`` such columns are left
  unread instead, and the result names them (``ignored_columns``). A duplicate name and
  a missing required column are errors either way.
* Every row has as many cells as the header. Spaces around a cell are trimmed; an empty
  cell is "not given". Blank lines and rows of empty cells are skipped.
* Dates are ISO (``2025-03-01``), amounts plain decimals with a point and no thousands
  separator (``1234.50``), flags ``true``/``false`` (or ``yes``/``no``, ``1``/``0``),
  lists (days off, segments, options) cells with ``|`` between the items.

A bad row raises :class:`ExportError`, an
:class:`~retention.exceptions.InvalidInputError` that carries the file's name, the line
the row starts on and what is wrong with which column:
``purchases.csv line 17: amount: expected a decimal number like 12.50, got "12,5"``.
The reader goes on past a bad row, so the error also lists every bad row of the file
(:attr:`ExportError.problems`, the first 20, and :attr:`ExportError.more`, how many
besides); its own message is the first problem found.

Example:
    >>> rows = "customer_id,date,amount\nC1,2025-03-01,19.90\nC2,2025-03-02,5\n"
    >>> [(p.customer_id, str(p.date), p.amount) for p in read_purchases(rows)]
    [('C1', '2025-03-01', Decimal('19.90')), ('C2', '2025-03-02', Decimal('5'))]
    >>> read_purchases("customer_id,date,amount\nC1,2025-03-01,12,5\n")
    Traceback (most recent call last):
    ...
    retention.exports.ExportError: purchases.csv line 2: expected 3 cells as in the header, got 4
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
import zoneinfo
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, Literal, ParamSpec, TypeVar

import attrs

from retention._instants import utc
from retention._text import ISO_DATE, escape_controls, iso_date, why
from retention._validate import check_aware, check_id, check_iterable, describe
from retention.cadence import OptOut, StaffMember, StoreEvent
from retention.complaints import (
    Apologised,
    Case,
    CauseDiagnosed,
    ClockPaused,
    ClockResumed,
    Closed,
    CompensationApproved,
    Complaint,
    ComplaintPolicy,
    Event,
    FollowedUp,
    Listened,
    Option,
    PromiseBroken,
    PromiseKept,
    PromiseMade,
    Recorded,
    ResolutionProposed,
    Resolved,
)
from retention.customers import Purchase
from retention.exceptions import InvalidInputError, InvalidTypeError, RetentionError
from retention.hours import StoreHours
from retention.mappings import FrozenMap
from retention.satisfaction import (
    Item,
    ItemAnswer,
    Response,
    Scale,
    Survey,
    SurveyMethod,
    Topic,
)

__all__ = [
    "COMPLAINT_KINDS",
    "MAX_PROBLEMS",
    "ComplaintLog",
    "CustomerList",
    "Dates",
    "ExportError",
    "ExtraColumns",
    "Rows",
    "ignored_columns",
    "read_complaints",
    "read_customers",
    "read_events",
    "read_purchases",
    "read_staff",
    "read_survey",
]

_T = TypeVar("_T")
_P = ParamSpec("_P")

Lines = str | Iterable[str]
"""What a reader takes: the whole text, or its lines (with or without line endings)."""

Dates = tuple[dt.date, dt.date]
"""The first and the last day a date in a file may fall on (both included)."""

ExtraColumns = Literal["error", "ignore"]
"""What a reader does with a column its file type does not know: refuse the file
(``"error"``, the default) or leave the column unread and name it in the result
(``"ignore"``)."""

#: The problems an :class:`ExportError` lists at most; the rest are counted.
MAX_PROBLEMS = 20


class ExportError(InvalidInputError):
    """A CSV export the library cannot read: a bad header, row or cell.

    The message starts with the file and line: ``purchases.csv line 17: amount: ...``.

    Attributes:
        source: The file's name as the caller gave it (for the message).
        line: The line the bad row starts on (1 is the header), or ``None`` when the
            problem is not one row's (e.g. an empty file has line 1).
        detail: The message without the file and line, control characters escaped.
        more: How many problems were found besides :attr:`problems`.
    """

    def __init__(
        self,
        detail: str,
        *,
        source: str,
        line: int | None = None,
        problems: Sequence[ExportError] = (),
        more: int = 0,
    ) -> None:
        """Build the error; the message is ``"{source} line {line}: {detail}"``.

        Control characters in the detail (a cell's line break, an escape sequence) are
        escaped as Python's ``repr`` writes them, so the message is one line.
        ``problems`` lists every problem found (this one among them); empty means this
        one alone.
        """
        self.source = source
        self.line = line
        self.detail = escape_controls(detail)
        self._problems = tuple(problems)
        self.more = more
        where = source if line is None else f"{source} line {line}"
        super().__init__(f"{escape_controls(where)}: {self.detail}")

    @property
    def problems(self) -> tuple[ExportError, ...]:
        """Every problem found in the file, in line order, up to :data:`MAX_PROBLEMS` (20).

        This one alone unless the reader went on past it.
        """
        return self._problems or (self,)

    def __reduce__(self) -> tuple[object, ...]:
        """Pickle with the keyword arguments (the default passes only the message)."""
        return (_rebuild_error, (self.detail, self.source, self.line, self._problems, self.more))


def _rebuild_error(
    detail: str,
    source: str,
    line: int | None,
    problems: tuple[ExportError, ...] = (),
    more: int = 0,
) -> ExportError:
    return ExportError(detail, source=source, line=line, problems=problems, more=more)


def _names(names: Iterable[str]) -> tuple[str, ...]:
    """Column names as a tuple (the converter of ``ignored_columns``)."""
    return tuple(names)


class _Problems:
    """The problems of one file as a reader finds them: the first 20 kept, the rest counted."""

    __slots__ = ("found", "more")

    def __init__(self) -> None:
        self.found: list[ExportError] = []
        self.more = 0

    def add(self, error: ExportError) -> None:
        for problem in error.problems:
            if len(self.found) < MAX_PROBLEMS:
                self.found.append(problem)
            else:
                self.more += 1
        self.more += error.more

    def check(self) -> None:
        """Raise the first problem found, listing them all, if there is any."""
        if not self.found:
            return
        first = self.found[0]
        if len(self.found) == 1 and not self.more:
            raise first
        ordered = sorted(self.found, key=lambda e: 0 if e.line is None else e.line)
        raise ExportError(
            first.detail, source=first.source, line=first.line, problems=ordered, more=self.more
        )


class Rows(tuple[_T, ...]):  # noqa: SLOT001 - a tuple subclass cannot slot a field
    """What a reader of rows returns: the values in file order, a tuple.

    It also names the header's columns the reader left unread
    (``extra_columns="ignore"``), as written in the file.

    Attributes:
        ignored_columns: The columns ignored, in file order; empty when none were.
    """

    ignored_columns: tuple[str, ...]

    def __new__(cls, values: Iterable[_T] = (), ignored_columns: Iterable[str] = ()) -> Rows[_T]:
        """Build the tuple of ``values`` naming ``ignored_columns``."""
        self = super().__new__(cls, values)
        self.ignored_columns = tuple(ignored_columns)
        return self


_SHOWN = 60  # characters of a bad cell shown in a message


def _shown(cell: str) -> str:
    """A cell for a message, in double quotes like a spreadsheet shows it."""
    if len(cell) > _SHOWN:
        cell = cell[: _SHOWN - 3] + "..."
    return '"' + cell + '"'


def _column_name(cell: str) -> str:
    return re.sub(r"[\s\-]+", "_", cell.strip().lower())


class _Row:
    """One data row: its first line, its cells by column name, the dates it may hold."""

    __slots__ = ("cells", "dates", "line", "source")

    def __init__(
        self, cells: dict[str, str], *, line: int, source: str, dates: Dates | None = None
    ) -> None:
        self.cells = cells
        self.line = line
        self.source = source
        self.dates = dates

    def fail(self, detail: str) -> ExportError:
        return ExportError(detail, source=self.source, line=self.line)

    def get(self, name: str) -> str | None:
        """The cell of column ``name``, ``None`` if it is empty or the column absent."""
        return self.cells.get(name) or None

    def need(self, name: str, expected: str) -> str:
        cell = self.cells.get(name)
        if not cell:
            got = "an empty cell" if name in self.cells else f"no {name} column"
            msg = f"{name}: expected {expected}, got {got}"
            raise self.fail(msg)
        return cell

    def date(self, name: str) -> dt.date:
        return _parse_date(self, name, self.need(name, ISO_DATE))

    def optional_date(self, name: str) -> dt.date | None:
        cell = self.get(name)
        return None if cell is None else _parse_date(self, name, cell)

    def amount(self, name: str) -> Decimal:
        return _parse_amount(self, name, self.need(name, _AMOUNT))

    def count(self, name: str) -> int:
        return _parse_int(self, name, self.need(name, _INT))

    def integer(self, name: str) -> int | None:
        cell = self.get(name)
        return None if cell is None else _parse_int(self, name, cell)

    def flag(self, name: str, *, required: bool = False) -> bool:
        cell = self.need(name, _FLAG) if required else self.get(name)
        if cell is None:
            return False
        value = _FLAGS.get(cell.lower())
        if value is None:
            msg = f"{name}: expected {_FLAG}, got {_shown(cell)}"
            raise self.fail(msg)
        return value

    def moment(self, name: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
        return _parse_moment(self, name, self.need(name, _MOMENT), zone)

    def build(self, make: Callable[_P, _T], /, *args: _P.args, **kwargs: _P.kwargs) -> _T:
        """Return ``make(*args, **kwargs)``; a library error becomes an error at this row."""
        try:
            return make(*args, **kwargs)
        except RetentionError as exc:
            raise self.fail(str(exc)) from None


_AMOUNT = "a decimal number like 12.50"
_INT = "a whole number"
_INT_DIGITS = 18  # a count, a capacity or a rating: more digits are a shifted cell
_FLAG = "true or false (yes/no, 1/0)"
_MOMENT = "an ISO date and time like 2025-11-24 10:05 (or 2025-11-24T10:05+08:00)"
_FLAGS = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}
_AMOUNT_FORM = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)")
_MOMENT_FORM = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?"
    r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?"
)


def _parse_date(row: _Row, name: str, cell: str) -> dt.date:
    try:
        day = iso_date(cell)
    except ValueError as exc:
        msg = f"{name}: expected {ISO_DATE}, got {_shown(cell)}{why(exc)}"
        raise row.fail(msg) from None
    _check_day(row, name, cell, day, "a day")
    return day


def _check_day(row: _Row, name: str, cell: str, day: dt.date, what: str) -> None:
    """Refuse a date outside the row's dates, if it has any."""
    if row.dates is not None and not row.dates[0] <= day <= row.dates[1]:
        first, last = row.dates
        msg = f"{name}: expected {what} from {first} to {last}, got {_shown(cell)}"
        raise row.fail(msg)


def _parse_int(row: _Row, name: str, cell: str) -> int:
    if not re.fullmatch(r"[+-]?[0-9]+", cell):
        msg = f"{name}: expected {_INT}, got {_shown(cell)}"
        raise row.fail(msg)
    if len(cell.lstrip("+-0")) > _INT_DIGITS:
        msg = f"{name}: expected {_INT} of at most {_INT_DIGITS} digits, got {_shown(cell)}"
        raise row.fail(msg)
    return int(cell)


def _parse_amount(row: _Row, name: str, cell: str) -> Decimal:
    if not _AMOUNT_FORM.fullmatch(cell):
        hint = " (a point, no thousands separator)" if "," in cell else ""
        msg = f"{name}: expected {_AMOUNT}{hint}, got {_shown(cell)}"
        raise row.fail(msg)
    if cell.startswith("-"):
        msg = (
            f"{name}: expected a non-negative amount (net refunds before exporting), "
            f"got {_shown(cell)}"
        )
        raise row.fail(msg)
    return Decimal(cell)


def _parse_moment(row: _Row, name: str, cell: str, zone: zoneinfo.ZoneInfo) -> dt.datetime:
    if not _MOMENT_FORM.fullmatch(cell):
        msg = f"{name}: expected {_MOMENT}, got {_shown(cell)}"
        raise row.fail(msg)
    try:
        moment = dt.datetime.fromisoformat(cell)
    except ValueError as exc:
        msg = f"{name}: expected {_MOMENT}, got {_shown(cell)} ({exc})"
        raise row.fail(msg) from None
    _check_day(row, name, cell, moment.date(), "a time")
    # A time without an offset is the store's wall-clock time.
    return moment.replace(tzinfo=zone) if moment.tzinfo is None else moment


def _split(cell: str | None) -> list[str]:
    """The items of a ``|``-separated cell (none for an empty cell)."""
    if cell is None:
        return []
    return [part.strip() for part in cell.split("|")]


# -- the table -----------------------------------------------------------------------


def _lines(lines: Lines, source: str) -> Iterator[str]:
    given: object = lines  # hosts call from untyped code: check at run time
    items: Iterable[object]
    if isinstance(given, str):
        items = io.StringIO(given, newline="")
    elif isinstance(given, bytes | bytearray) or not isinstance(given, Iterable):
        msg = f"lines: expected the text of {source} or its lines, got {describe(given)}"
        raise InvalidTypeError(msg)
    else:
        items = given
    first = True
    for line in items:
        if not isinstance(line, str):
            msg = f"lines: expected str lines of {source}, got {describe(line)}"
            raise InvalidTypeError(msg)
        if first:
            first = False
            line = line.removeprefix("\ufeff")  # noqa: PLW2901 - the BOM goes, nothing else
        yield line


def _cells(lines: Lines, source: str) -> Iterator[tuple[int, list[str]]]:
    """Each record's first line and cells; blank lines and empty rows are skipped."""
    reader = csv.reader(_lines(lines, source), strict=True)
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            detail = (
                'a quoted cell is not closed: its " runs to the end of the file'
                if "end of data" in str(exc)
                else f"not valid CSV ({exc})"
            )
            raise ExportError(detail, source=source, line=start) from None
        stripped = [cell.strip() for cell in cells]
        if any(stripped):
            yield start, stripped


def _columns_text(required: Iterable[str], optional: Iterable[str]) -> str:
    text = ", ".join(required)
    extra = ", ".join(optional)
    return f"{text} and optionally {extra}" if extra else text


@attrs.frozen
class _Header:
    """The columns a file type knows: required ones, optional ones, and patterns."""

    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    pattern: re.Pattern[str] | None = None
    pattern_text: str = ""

    def describe(self) -> str:
        text = _columns_text(self.required, self.optional)
        return f"{text}, {self.pattern_text}" if self.pattern_text else text

    def knows(self, name: str) -> bool:
        return (
            name in self.required
            or name in self.optional
            or (self.pattern is not None and self.pattern.fullmatch(name) is not None)
        )


def _extra(extra_columns: object) -> bool:
    """Whether unknown columns are ignored: ``extra_columns`` is "error" or "ignore"."""
    if extra_columns not in ("error", "ignore"):
        msg = f"extra_columns: expected 'error' or 'ignore', got {describe(extra_columns)}"
        raise InvalidInputError(msg)
    return extra_columns == "ignore"


@attrs.frozen
class _Read:
    """A file's header checked: the columns kept, those ignored, and the data rows."""

    names: list[str]
    ignored: tuple[str, ...]
    rows: Iterator[_Row]


def _table(
    lines: Lines,
    source: str,
    header: _Header,
    dates: object = None,
    *,
    extra_columns: object = "error",
    problems: _Problems | None = None,
) -> _Read:
    """Read the header row, check it, and return the columns and the data rows.

    With ``problems``, a row of the wrong width is recorded there and skipped, and a
    file that stops being valid CSV is recorded and ends the rows.
    """
    ignore = _extra(extra_columns)
    window = _check_dates(dates)
    records = _cells(lines, source)
    first = next(records, None)
    if first is None:
        msg = f"expected a header row naming the columns ({header.describe()}), got an empty file"
        raise ExportError(msg, source=source, line=1)
    line, cells = first
    names = [_column_name(cell) for cell in cells]
    ignored = _check_header(names, cells, header, source=source, line=line, ignore=ignore)
    keep = [i for i, name in enumerate(names) if header.knows(name)] if ignored else None
    kept = names if keep is None else [names[i] for i in keep]
    rows = _data_rows(records, names, source, window, keep=keep, problems=problems)
    return _Read(kept, tuple(ignored), rows)


def ignored_columns(lines: Lines, *, kind: str, source: str = "export.csv") -> tuple[str, ...]:
    """The columns of a file's header that the reader of ``kind`` leaves unread.

    Reads the header row alone (e.g. for :func:`read_survey`, whose
    :class:`~retention.satisfaction.Survey` has no room to name them), checking it as
    the reader does with ``extra_columns="ignore"``.

    Args:
        lines: The file's text, or its lines.
        kind: ``purchases``, ``customers``, ``staff``, ``events``, ``complaints`` or
            ``survey``.
        source: The file's name, for messages.

    Returns:
        The names as written in the header, in file order.

    Raises:
        ExportError: A header the reader refuses even when ignoring columns.
        InvalidInputError: An unknown ``kind``.
    """
    given: object = kind  # hosts call from untyped code: check at run time
    header = _HEADERS.get(given) if isinstance(given, str) else None
    if header is None:
        known = ", ".join(_HEADERS)
        msg = f"kind: expected one of {known}, got {describe(given)}"
        raise InvalidInputError(msg)
    return _table(lines, _check_source(source), header, extra_columns="ignore").ignored


def _check_dates(dates: object) -> Dates | None:
    """Return ``dates`` if it is ``None`` or a ``(first, last)`` pair of dates in order."""
    if dates is None:
        return None
    if not (
        isinstance(dates, tuple)
        and len(dates) == 2  # noqa: PLR2004 - a pair
        and all(isinstance(d, dt.date) and not isinstance(d, dt.datetime) for d in dates)
    ):
        msg = f"dates: expected a (first, last) pair of datetime.date values, got {describe(dates)}"
        raise InvalidTypeError(msg)
    first, last = dates
    if last < first:
        msg = f"dates: expected the last day on or after the first ({first}), got {last}"
        raise InvalidInputError(msg)
    return first, last


def _check_header(
    names: list[str], cells: list[str], header: _Header, *, source: str, line: int, ignore: bool
) -> list[str]:
    """Refuse a bad header; return the cells of the columns ignored (with ``ignore``)."""

    def fail(detail: str) -> ExportError:
        return ExportError(detail, source=source, line=line)

    if len(cells) == 1 and any(sep in cells[0] for sep in ";\t"):
        msg = (
            f"expected comma-separated columns ({header.describe()}), got the single column "
            f"{_shown(cells[0])} (semicolons or tabs between the names? export as CSV with "
            "commas)"
        )
        raise fail(msg)
    seen: set[str] = set()
    ignored: list[str] = []
    for index, (name, cell) in enumerate(zip(names, cells, strict=True), start=1):
        if not name:
            msg = f"column {index}: expected a column name, got an empty header cell"
            raise fail(msg)
        if name in seen:
            msg = f"column {index}: expected each column once, got {_shown(cell)} again"
            raise fail(msg)
        seen.add(name)
        if not header.knows(name):
            if ignore:
                ignored.append(cell)
                continue
            msg = f"column {index}: expected one of {header.describe()}; got {_shown(cell)}"
            raise fail(msg)
    missing = [name for name in header.required if name not in seen]
    if missing:
        lacking = ", ".join(missing)
        msg = f"expected the columns {header.describe()}, got a header without {lacking}"
        raise fail(msg)
    return ignored


def _data_rows(
    records: Iterator[tuple[int, list[str]]],
    names: list[str],
    source: str,
    dates: Dates | None,
    *,
    keep: list[int] | None = None,
    problems: _Problems | None = None,
) -> Iterator[_Row]:
    """The rows as cells by name (only the columns at ``keep`` when given)."""
    width = len(names)
    try:
        for line, cells in records:
            if len(cells) != width:
                msg = f"expected {width} cells as in the header, got {len(cells)}"
                error = ExportError(msg, source=source, line=line)
                if problems is None:
                    raise error
                problems.add(error)
                continue
            by_name = (
                dict(zip(names, cells, strict=True))
                if keep is None
                else {names[i]: cells[i] for i in keep}
            )
            yield _Row(by_name, line=line, source=source, dates=dates)
    except ExportError as exc:  # not valid CSV from here on: the rows end
        if problems is None:
            raise
        problems.add(exc)


def _check_source(source: object) -> str:
    return check_id("source", source)


def _unique(row: _Row, name: str, value: str, seen: dict[str, int], what: str) -> None:
    first = seen.setdefault(value, row.line)
    if first != row.line:
        msg = (
            f"{name}: expected one row per {what}, got {_shown(value)} again "
            f"(first on line {first})"
        )
        raise row.fail(msg)


# -- purchases -----------------------------------------------------------------------

_PURCHASES = _Header(
    ("customer_id", "date", "amount"), ("brand", "product", "category", "quantity")
)


def read_purchases(
    lines: Lines,
    *,
    source: str = "purchases.csv",
    dates: Dates | None = None,
    extra_columns: ExtraColumns = "error",
) -> Rows[Purchase]:
    """Read a till's purchases export: one row per purchase (or receipt line).

    Columns: ``customer_id``, ``date`` (ISO), ``amount`` (what the customer paid for
    the row, a non-negative decimal) and optionally ``brand``, ``product``,
    ``category`` (labels) and ``quantity`` (a whole number >= 1; checked, not used:
    ``amount`` is already the row's total).

    Args:
        lines: The file's text, or its lines.
        source: The file's name, for messages.
        dates: The first and last day a date may fall on, e.g. ``(date(1900, 1, 1),
            date(2999, 12, 31))``; a date outside is an :class:`ExportError` at its line.
            ``None`` (the default) takes any date.
        extra_columns: ``"error"`` (the default) refuses a column the file type does
            not know; ``"ignore"`` leaves it unread and names it in the result.

    Returns:
        The purchases in file order (a tuple naming the columns ignored).

    Raises:
        ExportError: A bad header, row or cell (with its line; every bad row's in
            ``problems``).
        InvalidTypeError: ``lines`` is not text.
    """
    source = _check_source(source)
    problems = _Problems()
    read = _table(lines, source, _PURCHASES, dates, extra_columns=extra_columns, problems=problems)
    out = []
    for row in read.rows:
        try:
            out.append(_purchase(row))
        except ExportError as exc:
            problems.add(exc)
    problems.check()
    return Rows(out, read.ignored)


def _purchase(row: _Row) -> Purchase:
    customer = row.need("customer_id", "a customer ID")
    day = _parse_date(row, "date", row.need("date", ISO_DATE))
    amount = row.amount("amount")
    quantity = row.integer("quantity")
    if quantity is not None and quantity < 1:
        msg = f"quantity: expected a whole number >= 1, got {_shown(row.cells['quantity'])}"
        raise row.fail(msg)
    try:
        return Purchase(
            customer,
            date=day,
            amount=amount,
            brand=row.get("brand"),
            product=row.get("product"),
            category=row.get("category"),
        )
    except RetentionError as exc:  # pragma: no cover - the cells are checked above
        raise row.fail(str(exc)) from None


# -- customers, staff, events --------------------------------------------------------

_CUSTOMERS = _Header(
    ("customer_id",), ("club_member", "staff_id", "opt_out_message", "opt_out_phone")
)


@attrs.frozen
class CustomerList:
    """What a CRM export says about customers besides their purchases.

    The fields are the keyword arguments of :func:`~retention.cadence.build_profiles`;
    ``CustomerList()`` is a store with no such export.

    Attributes:
        customer_ids: Every customer listed, in file order.
        club_members: The club's members (CAD-CLUB).
        owners: The staff member who looks after a customer, by customer ID.
        opt_outs: Each customer's opt-outs (CAD-CAP), by customer ID.
        lines: The line of each customer's row, by customer ID (for messages); empty
            for a list not read from a file.
        ignored_columns: The file's columns left unread (``extra_columns="ignore"``),
            as written.
    """

    customer_ids: tuple[str, ...] = ()
    club_members: frozenset[str] = attrs.field(default=frozenset(), kw_only=True)
    owners: FrozenMap[str, str] = attrs.field(factory=lambda: FrozenMap({}), kw_only=True)
    opt_outs: FrozenMap[str, tuple[OptOut, ...]] = attrs.field(
        factory=lambda: FrozenMap({}), kw_only=True
    )
    lines: FrozenMap[str, int] = attrs.field(factory=lambda: FrozenMap({}), kw_only=True)
    ignored_columns: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_names)

    def only(self, customer_ids: Collection[str]) -> CustomerList:
        """The same list cut to ``customer_ids`` (e.g. those with purchases)."""
        keep = set(customer_ids)
        return CustomerList(
            tuple(c for c in self.customer_ids if c in keep),
            club_members=self.club_members & keep,
            owners=FrozenMap({c: s for c, s in self.owners.items() if c in keep}),
            opt_outs=FrozenMap({c: o for c, o in self.opt_outs.items() if c in keep}),
            lines=FrozenMap({c: n for c, n in self.lines.items() if c in keep}),
            ignored_columns=self.ignored_columns,
        )


def read_customers(
    lines: Lines,
    *,
    source: str = "customers.csv",
    dates: Dates | None = None,
    extra_columns: ExtraColumns = "error",
) -> CustomerList:
    """Read a CRM export: club membership, owner and opt-outs, one row per customer.

    Columns: ``customer_id`` and optionally ``club_member`` (a flag, empty is false),
    ``staff_id`` (who looks after the customer), ``opt_out_message`` and
    ``opt_out_phone`` (the date each opt-out holds from; empty for none).

    Args:
        lines: The file's text, or its lines.
        source: The file's name, for messages.
        dates: The first and last day a date may fall on, e.g. ``(date(1900, 1, 1),
            date(2999, 12, 31))``; a date outside is an :class:`ExportError` at its line.
            ``None`` (the default) takes any date.
        extra_columns: ``"error"`` (the default) refuses a column the file type does
            not know; ``"ignore"`` leaves it unread and names it in the result.

    Raises:
        ExportError: A bad header, row or cell, or a customer listed twice (every bad
            row's in ``problems``).
        InvalidTypeError: ``lines`` is not text.
    """
    source = _check_source(source)
    problems = _Problems()
    read = _table(lines, source, _CUSTOMERS, dates, extra_columns=extra_columns, problems=problems)
    ids: list[str] = []
    seen: dict[str, int] = {}
    members: set[str] = set()
    owners: dict[str, str] = {}
    opt_outs: dict[str, tuple[OptOut, ...]] = {}
    for row in read.rows:
        try:
            cid = row.need("customer_id", "a customer ID")
            _unique(row, "customer_id", cid, seen, "customer")
            member = row.flag("club_member")
            outs = []
            for channel in ("message", "phone"):
                since = row.optional_date(f"opt_out_{channel}")
                if since is not None:
                    outs.append(OptOut(channel, since=since))
        except ExportError as exc:
            problems.add(exc)
            continue
        ids.append(cid)
        if member:
            members.add(cid)
        owner = row.get("staff_id")
        if owner is not None:
            owners[cid] = owner
        if outs:
            opt_outs[cid] = tuple(outs)
    problems.check()
    return CustomerList(
        tuple(ids),
        club_members=frozenset(members),
        owners=FrozenMap(owners),
        opt_outs=FrozenMap(opt_outs),
        lines=FrozenMap(seen),
        ignored_columns=read.ignored,
    )


_STAFF = _Header(("staff_id", "daily_capacity"), ("days_off",))


def read_staff(
    lines: Lines,
    *,
    source: str = "staff.csv",
    dates: Dates | None = None,
    extra_columns: ExtraColumns = "error",
) -> Rows[StaffMember]:
    """Read the staff list: who does door walks and calls, and how many a day.

    Columns: ``staff_id``, ``daily_capacity`` (staff tasks a day, 0 or more) and
    optionally ``days_off`` (ISO dates separated by ``|``: leave, rota).

    Args:
        lines: The file's text, or its lines.
        source: The file's name, for messages.
        dates: The first and last day a date may fall on, e.g. ``(date(1900, 1, 1),
            date(2999, 12, 31))``; a date outside is an :class:`ExportError` at its line.
            ``None`` (the default) takes any date.
        extra_columns: ``"error"`` (the default) refuses a column the file type does
            not know; ``"ignore"`` leaves it unread and names it in the result.

    Raises:
        ExportError: A bad header, row or cell, or a staff member listed twice (every
            bad row's in ``problems``).
        InvalidTypeError: ``lines`` is not text.
    """
    source = _check_source(source)
    problems = _Problems()
    read = _table(lines, source, _STAFF, dates, extra_columns=extra_columns, problems=problems)
    out = []
    seen: dict[str, int] = {}
    for row in read.rows:
        try:
            staff_id = row.need("staff_id", "a staff ID")
            _unique(row, "staff_id", staff_id, seen, "staff member")
            capacity = row.count("daily_capacity")
            days = [_parse_date(row, "days_off", day) for day in _split(row.get("days_off"))]
            out.append(row.build(StaffMember, staff_id, daily_capacity=capacity, days_off=days))
        except ExportError as exc:
            problems.add(exc)
    problems.check()
    return Rows(out, read.ignored)


_EVENTS = _Header(("event_id", "date", "kind", "name"), ("segments",))


def read_events(
    lines: Lines,
    *,
    source: str = "events.csv",
    dates: Dates | None = None,
    extra_columns: ExtraColumns = "error",
) -> Rows[StoreEvent]:
    """Read the store events old customers are invited to (CAD-INVITE).

    Columns: ``event_id``, ``date``, ``kind`` (``new_product``, ``promotion`` or
    ``expert_visit``), ``name`` and optionally ``segments`` (the ABC classes invited,
    e.g. ``A|B``; empty for every old customer).

    Args:
        lines: The file's text, or its lines.
        source: The file's name, for messages.
        dates: The first and last day a date may fall on, e.g. ``(date(1900, 1, 1),
            date(2999, 12, 31))``; a date outside is an :class:`ExportError` at its line.
            ``None`` (the default) takes any date.
        extra_columns: ``"error"`` (the default) refuses a column the file type does
            not know; ``"ignore"`` leaves it unread and names it in the result.

    Raises:
        ExportError: A bad header, row or cell, or an event listed twice (every bad
            row's in ``problems``).
        InvalidTypeError: ``lines`` is not text.
    """
    source = _check_source(source)
    problems = _Problems()
    read = _table(lines, source, _EVENTS, dates, extra_columns=extra_columns, problems=problems)
    out = []
    seen: dict[str, int] = {}
    for row in read.rows:
        try:
            event_id = row.need("event_id", "an event ID")
            _unique(row, "event_id", event_id, seen, "event")
            day = row.date("date")
            kind = row.need("kind", "new_product, promotion or expert_visit")
            name = row.need("name", "the event's name")
            segments = _split(row.get("segments"))
            out.append(
                row.build(StoreEvent, event_id, date=day, kind=kind, name=name, segments=segments)
            )
        except ExportError as exc:
            problems.add(exc)
    problems.check()
    return Rows(out, read.ignored)


# -- complaints ----------------------------------------------------------------------

#: The ``kind`` values of a complaint log: ``received`` opens a complaint, the others
#: are its events (:class:`~retention.complaints.EventKind`'s values).
COMPLAINT_KINDS = (
    "received",
    "listened",
    "apologised",
    "cause_diagnosed",
    "resolution_proposed",
    "compensation_approved",
    "resolved",
    "followed_up",
    "recorded",
    "closed",
    "promise_made",
    "promise_kept",
    "promise_broken",
    "clock_paused",
    "clock_resumed",
)

# The columns each kind takes besides complaint_id, at, kind, by and note: required
# ones first, then optional ones.
_KIND_FIELDS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "received": (
        ("customer_id", "channel", "summary"),
        ("priority", "product", "staff_id", "asks_for"),
    ),
    "cause_diagnosed": (("cause",), ()),
    "resolution_proposed": (("options", "chosen", "role"), ()),
    "compensation_approved": (("role", "amount"), ()),
    "followed_up": (("satisfied",), ()),
    "recorded": (("details", "lesson"), ()),
    "promise_made": (("promise_id", "what", "due"), ()),
    "promise_kept": (("promise_id",), ()),
    "promise_broken": (("promise_id",), ()),
}
_EVENT_FIELDS = sorted({name for req, opt in _KIND_FIELDS.values() for name in (*req, *opt)})
_COMPLAINTS = _Header(("complaint_id", "at", "kind"), ("by", "note", *_EVENT_FIELDS))


def _zone(timezone: object) -> zoneinfo.ZoneInfo:
    name = check_id("timezone", timezone)
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America"
        msg = f"timezone: expected an IANA time zone like 'Asia/Shanghai', got {name!r}"
        raise InvalidInputError(msg) from None


def _option(row: _Row, name: str, spec: str, zone: zoneinfo.ZoneInfo) -> Option:
    """``remedy[:amount][@time]``, e.g. ``refund:320`` or ``delivery@2025-11-26 15:00``."""
    found = re.fullmatch(r"(?P<remedy>[^:@]+)(?::(?P<amount>[^@]*))?(?:@(?P<at>.*))?", spec)
    if found is None:
        msg = f"{name}: expected options like refund:320|replacement, got {_shown(spec)}"
        raise row.fail(msg)
    amount = found["amount"]
    money = Decimal(0) if amount is None else _parse_amount(row, name, amount.strip())
    at = found["at"]
    when = None if at is None else _parse_moment(row, name, at.strip(), zone)
    remedy = found["remedy"].strip()
    return row.build(Option, remedy, amount=money, appointment=when)


def _cause_fields(row: _Row, _zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    return {"cause": row.need("cause", "expectation_gap, product_quality, staff_service or other")}


def _proposal_fields(row: _Row, zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    specs = _split(row.need("options", "options like refund:320|replacement"))
    return {
        "options": tuple(_option(row, "options", spec, zone) for spec in specs),
        "chosen": _option(row, "chosen", row.need("chosen", "one of the options"), zone),
        "role": row.need("role", "the proposer's role"),
    }


def _approval_fields(row: _Row, _zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    return {"role": row.need("role", "the approver's role"), "amount": row.amount("amount")}


def _follow_up_fields(row: _Row, _zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    return {"satisfied": row.flag("satisfied", required=True)}


def _record_fields(row: _Row, _zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    return {
        "details": row.need("details", "what happened"),
        "lesson": row.need("lesson", "the lesson drawn"),
    }


def _promise_fields(row: _Row, zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    return {
        "promise_id": row.need("promise_id", "the promise's ID"),
        "what": row.need("what", "what was promised"),
        "due": row.moment("due", zone),
    }


def _settle_fields(row: _Row, _zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    return {"promise_id": row.need("promise_id", "the promise's ID")}


def _no_fields(_row: _Row, _zone: zoneinfo.ZoneInfo) -> dict[str, Any]:
    return {}


# Each event kind: its class and the function that reads its own columns.
_EVENTS_BY_KIND: dict[
    str, tuple[type[Event], Callable[[_Row, zoneinfo.ZoneInfo], dict[str, Any]]]
] = {
    "listened": (Listened, _no_fields),
    "apologised": (Apologised, _no_fields),
    "cause_diagnosed": (CauseDiagnosed, _cause_fields),
    "resolution_proposed": (ResolutionProposed, _proposal_fields),
    "compensation_approved": (CompensationApproved, _approval_fields),
    "resolved": (Resolved, _no_fields),
    "followed_up": (FollowedUp, _follow_up_fields),
    "recorded": (Recorded, _record_fields),
    "closed": (Closed, _no_fields),
    "promise_made": (PromiseMade, _promise_fields),
    "promise_kept": (PromiseKept, _settle_fields),
    "promise_broken": (PromiseBroken, _settle_fields),
    "clock_paused": (ClockPaused, _no_fields),
    "clock_resumed": (ClockResumed, _no_fields),
}


def _event(row: _Row, kind: str, complaint_id: str, zone: zoneinfo.ZoneInfo) -> Event:
    at = row.moment("at", zone)
    event_type, fields = _EVENTS_BY_KIND[kind]
    extra = fields(row, zone)
    return row.build(
        event_type, complaint_id, at=at, by=row.get("by"), note=row.get("note"), **extra
    )


def _check_kind_fields(row: _Row, kind: str) -> None:
    """Refuse a cell filled in a column the row's kind does not take."""
    required, optional = _KIND_FIELDS.get(kind, ((), ()))
    taken = {*required, *optional}
    for name in _EVENT_FIELDS:
        cell = row.get(name)
        if cell is not None and name not in taken:
            owners = [k for k, (req, opt) in _KIND_FIELDS.items() if name in (*req, *opt)]
            msg = (
                f"{name}: expected an empty cell on a {kind} row ({name} belongs to "
                f"{' and '.join(owners)} rows), got {_shown(cell)}"
            )
            raise row.fail(msg)


def _complaint(row: _Row, complaint_id: str, zone: zoneinfo.ZoneInfo) -> Complaint:
    for name, instead in (("by", "staff_id for the staff member it concerns"), ("note", "summary")):
        cell = row.get(name)
        if cell is not None:
            msg = (
                f"{name}: expected an empty cell on a received row (use {instead}), "
                f"got {_shown(cell)}"
            )
            raise row.fail(msg)
    return row.build(
        Complaint,
        complaint_id,
        customer_id=row.need("customer_id", "the customer who complained"),
        received_at=row.moment("at", zone),
        channel=row.need("channel", "in_store, phone, message, online or letter"),
        summary=row.need("summary", "what the customer says"),
        priority=row.get("priority") or "normal",
        product=row.get("product"),
        staff_id=row.get("staff_id"),
        asks_for=row.get("asks_for"),
    )


@attrs.frozen
class ComplaintLog:
    """The complaints of a complaint log and what staff recorded on them.

    Attributes:
        source: The file's name, for messages.
        complaints: The complaints (the ``received`` rows), by complaint ID.
        events: Each complaint's events, in time order (rows with the same time in file
            order), by complaint ID.
        lines: The line of each complaint's ``received`` row, by complaint ID.
        event_lines: The line of each event, parallel to :attr:`events`.
        ignored_columns: The file's columns left unread (``extra_columns="ignore"``),
            as written.
    """

    source: str
    complaints: FrozenMap[str, Complaint] = attrs.field(kw_only=True)
    events: FrozenMap[str, tuple[Event, ...]] = attrs.field(kw_only=True)
    lines: FrozenMap[str, int] = attrs.field(kw_only=True)
    event_lines: FrozenMap[str, tuple[int, ...]] = attrs.field(kw_only=True)
    ignored_columns: tuple[str, ...] = attrs.field(default=(), kw_only=True, converter=_names)

    @property
    def last_at(self) -> dt.datetime | None:
        """The time of the log's latest row, ``None`` for an empty log."""
        times = [c.received_at for c in self.complaints.values()]
        times += [e.at for events in self.events.values() for e in events]
        return max(times, key=utc, default=None)

    def until(self, at: dt.datetime) -> ComplaintLog:
        """The log as it stood at ``at``: the complaints received and events up to it."""
        instant = utc(check_aware("at", at))
        complaints = {c: k for c, k in self.complaints.items() if utc(k.received_at) <= instant}
        events: dict[str, tuple[Event, ...]] = {}
        lines: dict[str, tuple[int, ...]] = {}
        for cid in complaints:
            kept = [
                (event, line)
                for event, line in zip(
                    self.events.get(cid, ()), self.event_lines.get(cid, ()), strict=True
                )
                if utc(event.at) <= instant
            ]
            if kept:
                events[cid] = tuple(event for event, _ in kept)
                lines[cid] = tuple(line for _, line in kept)
        return ComplaintLog(
            self.source,
            complaints=FrozenMap(complaints),
            events=FrozenMap(events),
            lines=FrozenMap({c: n for c, n in self.lines.items() if c in complaints}),
            event_lines=FrozenMap(lines),
            ignored_columns=self.ignored_columns,
        )

    def cases(
        self, *, hours: StoreHours, policy: ComplaintPolicy | None = None
    ) -> tuple[Case, ...]:
        """Open one :class:`~retention.complaints.Case` per complaint with its events.

        Args:
            hours: The store's working time, for the SLA clocks.
            policy: The complaint policy (:class:`ComplaintPolicy` defaults if ``None``).

        Returns:
            The cases, by complaint ID.

        Raises:
            ExportError: An event the case cannot take at that point (the message gives
                the event's line and the library's reason); every case's first such
                event is in its ``problems``.
        """
        out = []
        problems = _Problems()
        for complaint_id, complaint in self.complaints.items():
            events = self.events.get(complaint_id, ())
            try:
                case = Case.open(complaint, hours=hours, policy=policy, events=events)
            except RetentionError:
                try:
                    case = self._culprit(complaint, hours=hours, policy=policy)
                except ExportError as exc:
                    problems.add(exc)
                    continue
            out.append(case)
        problems.check()
        return tuple(out)

    def _culprit(
        self, complaint: Complaint, *, hours: StoreHours, policy: ComplaintPolicy | None
    ) -> Case:
        """Apply the events one by one to find the first the case refuses."""
        cid = complaint.complaint_id
        case = Case.open(complaint, hours=hours, policy=policy)
        for event, line in zip(self.events[cid], self.event_lines[cid], strict=True):
            try:
                case = case.apply(event)
            except RetentionError as exc:
                raise ExportError(str(exc), source=self.source, line=line) from None
        return case  # pragma: no cover - Case.open refused these very events


def read_complaints(
    lines: Lines,
    *,
    timezone: str,
    source: str = "complaints.csv",
    dates: Dates | None = None,
    extra_columns: ExtraColumns = "error",
) -> ComplaintLog:
    """Read a complaint log: one row per complaint received and per step taken on it.

    Columns: ``complaint_id``, ``at`` (ISO date and time; without an offset it is the
    store's wall-clock time in ``timezone``), ``kind`` (one of
    :data:`COMPLAINT_KINDS`) and optionally ``by`` (the staff member), ``note``, and
    the columns of the kinds:

    * ``received``: ``customer_id``, ``channel``, ``summary`` and optionally
      ``priority``, ``product``, ``staff_id``, ``asks_for``
    * ``cause_diagnosed``: ``cause``
    * ``resolution_proposed``: ``options`` (``remedy[:amount][@time]`` separated by
      ``|``, e.g. ``refund:320|replacement|delivery@2025-11-26 15:00``), ``chosen`` (one
      of them, written the same way) and ``role``
    * ``compensation_approved``: ``role`` and ``amount``
    * ``followed_up``: ``satisfied`` (a flag)
    * ``recorded``: ``details`` and ``lesson``
    * ``promise_made``: ``promise_id``, ``what`` and ``due``; ``promise_kept`` and
      ``promise_broken``: ``promise_id``

    A cell filled in a column the row's kind does not take is an error (it is usually a
    row shifted by a column). Rows may come in any order; a complaint's events are
    applied in time order.

    Args:
        lines: The file's text, or its lines.
        timezone: The store's IANA time zone, for times without an offset.
        source: The file's name, for messages.
        dates: The first and last day a time may fall on (its date as written), e.g.
            ``(date(1900, 1, 1), date(2999, 12, 31))``; a time outside is an
            :class:`ExportError` at its line. ``None`` (the default) takes any time.
        extra_columns: ``"error"`` (the default) refuses a column the file type does
            not know; ``"ignore"`` leaves it unread and names it in the result.

    Raises:
        ExportError: A bad header, row or cell; a complaint received twice; an event of
            a complaint with no ``received`` row (every bad row's in ``problems``).
        InvalidInputError: ``timezone`` is not an IANA time zone.
        InvalidTypeError: ``lines`` is not text.
    """
    source = _check_source(source)
    zone = _zone(timezone)
    problems = _Problems()
    read = _table(lines, source, _COMPLAINTS, dates, extra_columns=extra_columns, problems=problems)
    complaints: dict[str, Complaint] = {}
    lines_of: dict[str, int] = {}
    events: list[tuple[_Row, Event]] = []
    refused: set[str] = set()  # complaints whose received row was refused
    kinds = " ".join(COMPLAINT_KINDS)
    for row in read.rows:
        complaint_id = row.get("complaint_id")
        try:
            complaint_id = row.need("complaint_id", "a complaint ID")
            kind = row.need("kind", "a kind of row")
            if kind not in COMPLAINT_KINDS:
                msg = f"kind: expected one of {kinds}, got {_shown(kind)}"
                raise row.fail(msg)
            _check_kind_fields(row, kind)
            if kind == "received":
                _unique(row, "complaint_id", complaint_id, lines_of, "received complaint")
                complaints[complaint_id] = _complaint(row, complaint_id, zone)
            else:
                events.append((row, _event(row, kind, complaint_id, zone)))
        except ExportError as exc:
            problems.add(exc)
            if complaint_id is not None and row.get("kind") == "received":
                refused.add(complaint_id)
    by_case: dict[str, list[tuple[_Row, Event]]] = {}
    for row, event in events:
        if event.complaint_id not in complaints:
            if event.complaint_id not in refused:  # else its received row is reported
                msg = (
                    f"complaint_id: expected a complaint with a received row, got "
                    f"{_shown(event.complaint_id)}"
                )
                problems.add(row.fail(msg))
            continue
        by_case.setdefault(event.complaint_id, []).append((row, event))
    problems.check()
    for items in by_case.values():
        items.sort(key=lambda pair: (utc(pair[1].at), pair[0].line))
    return ComplaintLog(
        source,
        complaints=FrozenMap(complaints),
        events=FrozenMap({cid: tuple(e for _, e in items) for cid, items in by_case.items()}),
        lines=FrozenMap(lines_of),
        event_lines=FrozenMap(
            {cid: tuple(r.line for r, _ in items) for cid, items in by_case.items()}
        ),
        ignored_columns=read.ignored,
    )


# -- survey --------------------------------------------------------------------------

_SURVEY = _Header(
    ("respondent_id",),
    ("segment", "overall", "repurchase", "recommend", "effort"),
    re.compile(r"(?P<item>.+)\.(?P<part>perception|expectation)"),
    "and <item>.perception and <item>.expectation for each item",
)
_TOPICS = {topic.value: topic for topic in Topic}

#: Each file type's header, by the name :func:`ignored_columns` takes.
_HEADERS = {
    "purchases": _PURCHASES,
    "customers": _CUSTOMERS,
    "staff": _STAFF,
    "events": _EVENTS,
    "complaints": _COMPLAINTS,
    "survey": _SURVEY,
}


def _topic(item_id: str) -> Topic:
    """The topic an item's ID starts with (``price``, ``service_staff``), else other."""
    return _TOPICS.get(item_id.split("_", 1)[0], Topic.OTHER)


def _survey_items(names: list[str], source: str) -> tuple[str, ...]:
    parts: dict[str, set[str]] = {}
    for name in names:
        found = _SURVEY.pattern.fullmatch(name) if _SURVEY.pattern else None
        if found is not None and name not in _SURVEY.optional:
            parts.setdefault(found["item"], set()).add(found["part"])
    for item, got in parts.items():
        for part in ("perception", "expectation"):
            if part not in got:
                msg = (
                    f"expected {item}.perception and {item}.expectation (SAT-GAP compares "
                    f"the two), got no {item}.{part} column"
                )
                raise ExportError(msg, source=source, line=1)
    if not parts:
        msg = "expected at least one item: <item>.perception and <item>.expectation columns"
        raise ExportError(msg, source=source, line=1)
    return tuple(sorted(parts))


def _response(
    row: _Row,
    items: tuple[str, ...],
    scale: Scale,
    segments: Mapping[str, str] | None,
    strata: Collection[str] | None,
) -> Response:
    respondent = row.need("respondent_id", "a respondent ID")
    answers = []
    for item in items:
        seen = row.integer(f"{item}.perception")
        expected = row.integer(f"{item}.expectation")
        if (seen is None) != (expected is None):
            empty = f"{item}.perception" if seen is None else f"{item}.expectation"
            msg = (
                f"{empty}: expected a rating when {item} is answered (leave both cells "
                "empty for an item not answered), got an empty cell"
            )
            raise row.fail(msg)
        if seen is not None and expected is not None:
            row.build(scale.check, f"{item}.perception", seen)
            row.build(scale.check, f"{item}.expectation", expected)
            answers.append(ItemAnswer(item, perception=seen, expectation=expected))
    ratings = {name: row.integer(name) for name in ("overall", "repurchase", "recommend", "effort")}
    for name in ("overall", "repurchase"):
        rating = ratings[name]
        if rating is not None:
            row.build(scale.check, name, rating)
    segment = row.get("segment")
    if segment is None and segments is not None:
        segment = segments.get(respondent)
        if segment is None:
            msg = (
                "segment: expected the respondent's segment (an empty cell takes their "
                f"class from the purchases, and {_shown(respondent)} has none), got an "
                "empty cell"
            )
            raise row.fail(msg)
    if segment is not None and strata is not None and segment not in strata:
        known = ", ".join(sorted(strata)) or "none"
        msg = f"segment: expected one of the segments {known}, got {_shown(segment)}"
        raise row.fail(msg)
    return row.build(Response, respondent, answers=answers, segment=segment, **ratings)


def read_survey(
    lines: Lines,
    *,
    source: str = "survey.csv",
    scale: Scale | None = None,
    survey_id: str | None = None,
    method: SurveyMethod | str = SurveyMethod.FORM,
    third_party: bool = False,
    held_on: dt.date | None = None,
    segments: Mapping[str, str] | None = None,
    strata: Collection[str] | None = None,
    extra_columns: ExtraColumns = "error",
) -> Survey:
    """Read a survey tool's export: one row per respondent, two columns per item.

    Columns: ``respondent_id``; for each item, ``<item>.perception`` (how good it was)
    and ``<item>.expectation`` (how good the respondent expected it to be), both empty
    for an item not answered (SAT-GAP); optionally ``segment`` (for weighting),
    ``overall`` and ``repurchase`` (on ``scale``), ``recommend`` (0..10) and
    ``effort`` (1..7). An item whose ID starts with a topic (``price``,
    ``service_staff``, ``quality``, ``range``, ``capacity``, ``environment``) has that
    :class:`~retention.satisfaction.Topic`, which the advice and the churn reasons
    read; any other item is topic ``other``.

    Args:
        lines: The file's text, or its lines.
        source: The file's name, for messages; also the survey's ID by default.
        scale: The items' rating scale (default 1..5).
        survey_id: The survey's ID (default ``source``).
        method: How the answers were collected (default ``form``).
        third_party: Whether an outside party ran it.
        held_on: When it closed, if known.
        segments: Segments (e.g. ABC classes) by respondent, for the rows whose
            ``segment`` cell is empty; with it, a respondent in neither is an error.
        strata: The segments a respondent may be in (e.g. the ABC classes that have
            customers, for weighting); a segment outside them is an :class:`ExportError`
            at its line. ``None`` (the default) takes any segment.
        extra_columns: ``"error"`` (the default) refuses a column the file type does
            not know; ``"ignore"`` leaves it unread (:func:`ignored_columns` names the
            columns it would ignore; a :class:`~retention.satisfaction.Survey` does
            not).

    Raises:
        ExportError: A bad header, row or cell; a rating off its scale; a respondent
            listed twice (every bad row's in ``problems``).
        InvalidTypeError: ``lines`` is not text, or ``strata`` a string.
    """
    source = _check_source(source)
    allowed = None if strata is None else frozenset(check_iterable("strata", strata, "segments"))
    used = Scale(1, high=5) if scale is None else scale
    problems = _Problems()
    read = _table(lines, source, _SURVEY, extra_columns=extra_columns, problems=problems)
    items = _survey_items(read.names, source)
    responses = []
    seen: dict[str, int] = {}
    for row in read.rows:
        try:
            response = _response(row, items, used, segments, allowed)
            _unique(row, "respondent_id", response.respondent_id, seen, "respondent")
        except ExportError as exc:
            problems.add(exc)
            continue
        responses.append(response)
    problems.check()
    return Survey(
        survey_id or source,
        scale=used,
        items=[Item(item, topic=_topic(item)) for item in items],
        responses=responses,
        method=method,
        third_party=third_party,
        held_on=held_on,
    )
