"""The command line's conventions (issue 18): extra columns, stdin, -o, help, tables, --top.

Also: every bad row of a file reported (up to 20), and the cases' SLA deadlines and
breach instants.
"""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import random
import re
from pathlib import Path

import pytest

from retention import cli
from retention.cli import main
from retention.exports import (
    MAX_PROBLEMS,
    ExportError,
    ignored_columns,
    read_complaints,
    read_customers,
    read_events,
    read_purchases,
    read_staff,
    read_survey,
)

PROG = "python -m retention"


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _cdnow_like(customers: int = 150, seed: int = 18) -> str:
    """Purchases as CDNOW's log has them, with a till's `store` column after the others."""
    rng = random.Random(seed)  # noqa: S311 - test data, not secrets
    lines = ["customer_id,date,amount,quantity,store"]
    for number in range(1, customers + 1):
        day = rng.randrange(1, 90)
        for _ in range(rng.choice((1, 1, 1, 2, 3, 5, 8))):
            month, rest = divmod(day, 28)
            cents = rng.randrange(500, 30000)
            lines.append(
                f"C{number:05d},1997-{month % 12 + 1:02d}-{rest + 1:02d},"
                f"{cents // 100}.{cents % 100:02d},{rng.randrange(1, 4)},S{rng.randrange(1, 9)}"
            )
            day = min(day + rng.randrange(3, 120), 12 * 28 - 1)
    return "\n".join(lines) + "\n"


ENGINES = [
    pytest.param(
        name,
        marks=pytest.mark.skipif(
            importlib.util.find_spec(name) is None, reason=f"{name} is not installed"
        ),
    )
    for name in ("pyarrow", "pandas")
]


# -- extra columns -------------------------------------------------------------------


@pytest.mark.parametrize("command", ["segments", "churn"])
def test_an_extra_store_column_is_ignored_on_both_reader_paths(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A CDNOW-like file with a `store` column: each reader path succeeds, the same bytes."""
    path = tmp_path / "purchases.csv"
    path.write_text(_cdnow_like(), encoding="utf-8")
    engines = [e for e in ("pyarrow", "pandas") if importlib.util.find_spec(e) is not None]
    results = {}
    for engine in [*engines, None]:
        monkeypatch.setattr(cli, "_frames_engine", lambda engine=engine: engine)
        if engine is not None:
            assert isinstance(cli._load_purchases(str(path)), cli._Columns)
        for kind in ("table", "csv"):
            argv = [command, "--purchases", path, "--format", kind, "--quiet"]
            if command == "churn":
                argv += ["--country", "US"]
            status, out, err = _run(capsys, *argv)
            assert status == 0, err
            assert err == f"{PROG}: ignored column 'store' in {path}\n"
            results[engine, kind] = out
    for kind in ("table", "csv"):
        assert len({out for (_, k), out in results.items() if k == kind}) == 1
    assert "store" not in results[None, "csv"].splitlines()[0]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_columnar_reader_reads_only_the_known_columns(engine: str) -> None:
    """The extra columns are not read: the frame holds the purchases' columns alone."""
    text = "Store,customer_id,date,amount,Till No\nS1,C1,2025-03-01,1.50,7\nS2,C2,2025-03-02,2,8\n"
    columns = cli._read_columns(text.encode(), engine)
    assert columns is not None
    assert list(columns.frame.column_names if engine == "pyarrow" else columns.frame.columns) == [
        "customer_id",
        "date",
        "amount",
    ]
    assert columns.ignored == ("Store", "Till No")
    assert cli._ledger(columns).purchases() == list(read_purchases(text, extra_columns="ignore"))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("row", ["C3,2025-03-03,1", "C3,2025-03-03,1,S1,X", "C3,2025-03-03,1,,"])
def test_a_row_of_the_wrong_width_in_an_ignored_column_goes_to_the_careful_reader(
    engine: str, row: str
) -> None:
    """A row short or long only in the ignored columns is still a row of the wrong width."""
    text = f"customer_id,date,amount,store\nC1,2025-03-01,1,S1\n{row}\n"
    assert cli._read_columns(text.encode(), engine) is None
    with pytest.raises(ExportError, match="line 3: expected 4 cells as in the header"):
        read_purchases(text, extra_columns="ignore")


def test_a_missing_required_column_is_still_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ignoring extra columns never excuses a missing one: exit 2, the header named."""
    path = tmp_path / "purchases.csv"
    path.write_text("customer_id,day,amount\nC1,2025-03-01,1\n", encoding="utf-8")
    status, out, err = _run(capsys, "segments", "--purchases", path)
    assert (status, out) == (2, "")
    assert err == (
        f"{PROG}: error: {path} line 1: expected the columns customer_id, date, amount and "
        "optionally brand, product, category, quantity, got a header without date\n"
    )


def test_extra_columns_in_every_input_are_ignored_and_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The plan command reads six files with a column of their system's each; each named once."""
    files = {
        "purchases": "customer_id,date,amount,till\nC1,2025-03-03,60,T1\nC2,2025-05-30,5,T2\n",
        "customers": "customer_id,email\nC1,a@example.com\n",
        "staff": "staff_id,daily_capacity,phone\nS1,2,555\n",
        "events": "event_id,date,kind,name,room\nE1,2025-06-10,promotion,Sale,R1\n",
        "complaints": (
            "complaint_id,at,kind,customer_id,channel,summary,ticket\n"
            "K1,2025-05-26 10:00,received,C2,phone,Late,T-9\n"
        ),
        "survey": "respondent_id,price.perception,price.expectation,email\nC1,4,4,x@y\n",
    }
    argv: list[str | Path] = ["plan", "--country", "CN", "--days", "7"]
    for name, text in files.items():
        (tmp_path / f"{name}.csv").write_text(text, encoding="utf-8")
        argv += [f"--{name}", tmp_path / f"{name}.csv"]
    status, out, err = _run(capsys, *argv)
    assert status == 0, err
    assert out.startswith("Contact plan")
    extras = {"purchases": "till", "customers": "email", "staff": "phone"}
    extras |= {"events": "room", "complaints": "ticket", "survey": "email"}
    assert sorted(err.splitlines()) == sorted(
        f"{PROG}: ignored column '{column}' in {tmp_path / name}.csv"
        for name, column in extras.items()
    )


def test_the_readers_name_the_columns_they_ignore() -> None:
    """extra_columns="ignore": each result names the columns left unread, as written."""
    purchases = read_purchases(
        "customer_id,date,amount,Store ID\nC1,2025-03-01,1,S1\n", extra_columns="ignore"
    )
    assert purchases.ignored_columns == ("Store ID",)
    assert purchases == tuple(read_purchases("customer_id,date,amount\nC1,2025-03-01,1\n"))
    assert read_purchases("customer_id,date,amount\nC1,2025-03-01,1\n").ignored_columns == ()
    customers = read_customers("customer_id,email\nC1,a@b\n", extra_columns="ignore")
    assert customers.ignored_columns == ("email",)
    assert customers.only({"C1"}).ignored_columns == ("email",)
    staff = read_staff("staff_id,daily_capacity,x\nS1,1,y\n", extra_columns="ignore")
    assert staff.ignored_columns == ("x",)
    events = read_events(
        "event_id,date,kind,name,x\nE1,2025-01-01,promotion,Y,z\n", extra_columns="ignore"
    )
    assert events.ignored_columns == ("x",)
    log = read_complaints(
        "complaint_id,at,kind,customer_id,channel,summary,x\n"
        "K1,2025-05-26 10:00,received,C1,phone,S,y\n",
        timezone="Asia/Shanghai",
        extra_columns="ignore",
    )
    assert log.ignored_columns == ("x",)
    survey = "respondent_id,q.perception,q.expectation,email\nR1,3,4,e\n"
    assert read_survey(survey, extra_columns="ignore").responses[0].respondent_id == "R1"
    assert ignored_columns(survey, kind="survey") == ("email",)


def test_the_readers_still_refuse_unknown_columns_by_default() -> None:
    """Without extra_columns="ignore" a column the file type does not know is an error."""
    with pytest.raises(ExportError, match="column 4: expected one of"):
        read_purchases("customer_id,date,amount,store\nC1,2025-03-01,1,S1\n")
    with pytest.raises(ValueError, match="extra_columns: expected 'error' or 'ignore'"):
        read_purchases("customer_id,date,amount\n", extra_columns="skip")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="kind: expected one of purchases"):
        ignored_columns("a\n", kind="orders")


# -- stdin and -o --------------------------------------------------------------------

PURCHASES = "customer_id,date,amount\nC1,2025-03-03,60\nC2,2025-04-28,25\nC3,2025-05-30,10\n"


def _stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_a_dash_reads_standard_input_as_bytes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--purchases - reads stdin's bytes (a BOM dropped); messages name it <stdin>."""
    _stdin(monkeypatch, b"\xef\xbb\xbf" + PURCHASES.replace("amount", "amount,store").encode())
    status, _, err = _run(capsys, "segments", "--purchases", "-", "--format", "csv")
    assert status == 2
    assert err.splitlines() == [
        f"{PROG}: error: <stdin> line {line}: expected 4 cells as in the header, got 3"
        for line in (2, 3, 4)
    ]
    _stdin(monkeypatch, PURCHASES.encode())
    status, out, err = _run(capsys, "segments", "--purchases", "-", "--format", "csv")
    assert (status, err) == (0, "")
    assert [row["customer_id"] for row in csv.DictReader(io.StringIO(out))] == ["C1", "C2", "C3"]


def test_two_inputs_from_standard_input_are_refused(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Only one input may be '-': two are refused before any is read, exit 2."""
    _stdin(monkeypatch, PURCHASES.encode())
    status, out, err = _run(
        capsys, "satisfaction", "--purchases", "-", "--survey", "-", "--policy", "p.toml"
    )
    assert (status, out) == (2, "")
    assert err == (
        f"{PROG}: error: --purchases, --survey: expected at most one input read from standard "
        "input ('-'), got 2: give the others as files\n"
    )


def test_dash_o_writes_the_records_and_dash_means_stdout(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """-o FILE and --output FILE write the same file; -o - prints."""
    path = tmp_path / "purchases.csv"
    path.write_text(PURCHASES, encoding="utf-8")
    written = []
    for option in ("-o", "--output"):
        target = tmp_path / f"out{option}.csv"
        assert _run(capsys, "segments", "--purchases", path, "--format", "csv", option, target)[
            :2
        ] == (0, "")
        written.append(target.read_text(encoding="utf-8"))
    status, out, _ = _run(capsys, "segments", "--purchases", path, "--format", "csv", "-o", "-")
    assert status == 0
    assert written == [out, out]


# -- help ----------------------------------------------------------------------------


def test_no_help_shows_sphinx_or_myst_markup(capsys: pytest.CaptureFixture[str]) -> None:
    """--help of the program and of every command is plain text: no backticks, no :role:."""
    commands = ["demo", "segments", "plan", "cases", "satisfaction", "churn"]
    for argv in ([], *([command] for command in commands)):
        with pytest.raises(SystemExit):
            main([*argv, "--help"])
        text = capsys.readouterr().out
        assert "usage:" in text
        assert "`" not in text, argv
        assert not re.search(r":[a-z]+:", text), argv
        assert "{doc}" not in text
        assert "{py:" not in text


# -- tables --------------------------------------------------------------------------


def _overdue(tmp_path: Path, customers: int, long_id: str = "") -> Path:
    """Customers who bought weekly in January and stopped: all overdue by June."""
    lines = ["customer_id,date,amount"]
    for number in range(customers):
        cid = long_id if number == 0 and long_id else f"C{number:03d}"
        lines += [f"{cid},2025-01-{day:02d},{10 + number}" for day in (6, 13, 20, 27)]
    path = tmp_path / "purchases.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_tables_are_sized_to_a_long_customer_id(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CHURN-NOSURPRISE: a 40-character ID widens its column; the numbers stay aligned."""
    long_id = "CUSTOMER-0000000000000000000000000000042"
    path = _overdue(tmp_path, 3, long_id)
    status, out, _ = _run(
        capsys, "churn", "--country", "US", "--purchases", path, "--as-of", "2025-06-01"
    )
    assert status == 0
    lines = out.splitlines()
    head = lines[1]
    rows = lines[2:5]
    assert any(row.split()[0] == long_id for row in rows)
    assert all(row.split()[1] in {"A", "B", "C"} for row in rows)  # the class, not the ID
    end = head.index("days since") + len("days since")
    assert all(row[end - 1].isdigit() and row[end] == " " for row in rows)  # right-aligned
    assert head.index("class") == len("  ") + len(long_id) + 2


def test_churn_shows_the_top_rows_and_says_how_many_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--top N (default 20) cuts the table, not the records; --top 0 shows them all."""
    path = _overdue(tmp_path, 25)
    argv = ["churn", "--country", "US", "--purchases", path, "--as-of", "2025-06-01"]
    _, out, _ = _run(capsys, *argv)
    rows = [line for line in out.splitlines() if re.match(r"  C\d{3} ", line)]
    assert len(rows) == 20
    assert "  ... and 5 more at risk (--top N shows more" in out
    _, out, _ = _run(capsys, *argv, "--top", "3")
    assert len([line for line in out.splitlines() if re.match(r"  C\d{3} ", line)]) == 3
    assert "  ... and 22 more at risk" in out
    _, out, _ = _run(capsys, *argv, "--top", "0")
    assert len([line for line in out.splitlines() if re.match(r"  C\d{3} ", line)]) == 25
    assert "more at risk" not in out
    target = tmp_path / "churn.json"
    assert _run(capsys, *argv, "--top", "3", "--format", "json", "-o", target)[0] == 0
    assert len(json.loads(target.read_text(encoding="utf-8"))) == 25


def test_segments_and_plan_show_their_top_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SEG-ABC: segments lists the highest spenders first; plan its contacts by date."""
    path = _overdue(tmp_path, 25)
    status, out, _ = _run(capsys, "segments", "--purchases", path, "--top", "2")
    assert status == 0
    table = out.split("Customers by spend (SEG-ABC): the first 2 of 25\n")[1].splitlines()
    assert [line.split()[:3] for line in table[1:3]] == [["1", "C024", "A"], ["2", "C023", "A"]]
    assert table[3].startswith("  ... and 23 more customers")
    status, out, _ = _run(
        capsys, "plan", "--country", "US", "--purchases", path, "--days", "60", "--top", "4"
    )
    assert status == 0
    title = next(line for line in out.splitlines() if line.startswith("Planned contacts"))
    assert title.startswith("Planned contacts in date order: the first 4 of ")
    rows = out.split(title + "\n")[1].splitlines()[1:5]
    assert [row.split()[0] for row in rows] == sorted(row.split()[0] for row in rows)


def test_top_is_checked(capsys: pytest.CaptureFixture[str]) -> None:
    """--top takes a whole number, 0 for all: anything else is a usage error."""
    with pytest.raises(SystemExit) as exit_info:
        main(["churn", "--purchases", "p.csv", "--top", "-1"])
    assert exit_info.value.code == 2
    assert "argument --top: expected 0 to 1000000000 rows (0 for all), got '-1'" in (
        capsys.readouterr().err
    )


# -- every problem reported ----------------------------------------------------------

COMPLAINTS = """\
complaint_id,at,kind,by,customer_id,channel,summary,priority
K1,2025-05-26 10:00,received,,C1,in_store,Broken,high
K1,2025-05-26 10:10,closed,S1,,,,
K2,2025-05-26 11:00,received,,C2,phone,Late,
K2,2025-05-26 11:10,resolved,S1,,,,
K3,2025-05-27 09:00,received,,C3,online,Rude,
K4,2025-05-27 09:30,received,,C4,fax,Wrong size,
K5,2025-05-27 09:40,listened,S1,,,,
"""


def test_every_bad_complaint_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CMP-STEPS: two cases refusing an event, a bad channel, an orphan event: all named."""
    path = tmp_path / "complaints.csv"
    path.write_text(COMPLAINTS, encoding="utf-8")
    target = tmp_path / "cases.csv"
    status, out, err = _run(
        capsys, "cases", "--country", "CN", "--complaints", path, "--format", "csv", "-o", target
    )
    assert (status, out) == (2, "")
    assert not target.exists()
    lines = [line.removeprefix(f"{PROG}: error: {path} ") for line in err.splitlines()]
    assert [line.split(":")[0] for line in lines] == ["line 7", "line 8"]
    assert "channel: expected" in lines[0]
    assert 'complaint_id: expected a complaint with a received row, got "K5"' in lines[1]
    # Without the row-level problems, the cases' own: both refusals, each at its event.
    path.write_text(COMPLAINTS.rsplit("K4,", 1)[0], encoding="utf-8")
    status, _, err = _run(capsys, "cases", "--country", "CN", "--complaints", path)
    assert status == 2
    lines = [line.removeprefix(f"{PROG}: error: {path} ") for line in err.splitlines()]
    assert [line.split(":")[0] for line in lines] == ["line 3", "line 5"]


def test_the_problems_are_named_up_to_twenty_then_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """25 bad amounts: the first 20 lines named, then one line counting the other 5."""
    path = tmp_path / "purchases.csv"
    rows = [f"C{n},2025-03-01,{n},5" for n in range(25)]
    path.write_text("customer_id,date,amount\n" + "\n".join(rows) + "\n", encoding="utf-8")
    status, _, err = _run(capsys, "segments", "--purchases", path)
    assert status == 2
    lines = err.splitlines()
    assert len(lines) == MAX_PROBLEMS + 1 == cli._MAX_PROBLEMS + 1
    assert lines[0] == f"{PROG}: error: {path} line 2: expected 3 cells as in the header, got 4"
    assert lines[19].startswith(f"{PROG}: error: {path} line 21: ")
    assert lines[20] == f"{PROG}: error: {path}: and 5 more problems (the first 20 are above)"


def test_an_export_error_lists_its_problems() -> None:
    """The first problem is the error's message; problems and more hold the rest."""
    text = "customer_id,date,amount\nC1,2025-03-01,x\nC2,2025-13-01,1\nC3,2025-03-01,1\n"
    with pytest.raises(ExportError) as caught:
        read_purchases(text)
    error = caught.value
    assert (error.line, error.more) == (2, 0)
    assert [problem.line for problem in error.problems] == [2, 3]
    assert str(error).startswith("purchases.csv line 2: amount: expected a decimal number")


# -- cases: both clocks' deadlines and breaches ---------------------------------------


def test_cases_give_both_deadlines_and_the_breach_instants(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CMP-NOW: each clock's deadline while it runs and its breach instant once breached."""
    path = tmp_path / "complaints.csv"
    argv = ["cases", "--country", "CN", "--complaints", path, "--as-of", "2025-05-28"]
    path.write_text(
        "complaint_id,at,kind,customer_id,channel,summary,priority\n"
        "K1,2025-05-26 10:00,received,C1,in_store,Broken,high\n"
        "K2,2025-05-27 20:30,received,C2,phone,Late,\n",
        encoding="utf-8",
    )
    status, out, _ = _run(capsys, *argv, "--format", "json")
    assert status == 0
    by_id = {record["complaint_id"]: record for record in json.loads(out)}
    breached = by_id["K1"]
    assert breached["first_response"] == "breached"
    assert breached["first_response_breached_at"].startswith("2025-05-26T")
    assert breached["first_response_deadline"] is None
    running = by_id["K2"]
    assert running["first_response_breached_at"] is None
    assert running["first_response_deadline"].startswith("2025-05-28T")
    assert running["resolution_deadline"] is not None
    status, out, _ = _run(capsys, *argv)
    assert status == 0
    head = next(line for line in out.splitlines() if line.startswith("  case"))
    assert [cell.strip() for cell in head.split("  ") if cell] == [
        "case",
        "customer",
        "priority",
        "stage",
        "first response",
        "breach / deadline",
        "resolution",
        "breach / deadline",
        "follow-up due",
    ]
    k2 = next(line for line in out.splitlines() if line.startswith("  K2"))
    assert "due 2025-05-28 " in k2
    k1 = next(line for line in out.splitlines() if line.startswith("  K1"))
    assert "breached 2025-05-26" in k1
