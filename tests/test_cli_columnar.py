"""The command line's columnar reader: the frames extra's path and the careful reader's."""

from __future__ import annotations

import datetime as dt
import importlib.util
import random
from pathlib import Path

import pytest

from retention import cli
from retention.cli import main
from retention.exports import read_purchases
from retention.sample import sample_store
from retention.store import PurchaseLedger

pytestmark = pytest.mark.skipif(
    cli._frames_engine() is None, reason="the frames extra (pyarrow or pandas) is not installed"
)

ENGINES = [
    pytest.param(
        name,
        marks=pytest.mark.skipif(
            importlib.util.find_spec(name) is None, reason=f"{name} is not installed"
        ),
    )
    for name in ("pyarrow", "pandas")
]

# Leading zeros, a BOM and Excel's headings, CRLF, a blank line, amounts of 0 to 4 places.
SMALL = (
    "\ufeffCustomer ID,Date,Amount,Quantity\r\n"
    "007,2025-03-03,60.00,1\r\n"
    "7,2025-03-10,12.5,2\r\n"
    "\r\n"
    "0042,2025-04-28,25,\r\n"
    "C9,2025-05-30,10.1234,+01\r\n"
    "007,2025-05-31,5.5,1\r\n"
)


def _write(folder: Path, text: str, name: str = "purchases.csv") -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8", newline="")
    return path


def _careful(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the command line read as it does without the frames extra."""
    monkeypatch.setattr(cli, "_frames_engine", lambda: None)


def _both(
    monkeypatch: pytest.MonkeyPatch, folder: Path, *argv: str
) -> tuple[tuple[int, bytes], tuple[int, bytes]]:
    """Run ``argv`` with the frames extra, then without; each status and output file."""
    results = []
    for name in ("columns", "careful"):
        if name == "careful":
            _careful(monkeypatch)
        output = folder / f"{name}.out"
        status = main([*argv, "--output", str(output), "--quiet"])
        results.append((status, output.read_bytes()))
    return results[0], results[1]


@pytest.mark.parametrize("engine", ENGINES)
def test_the_columns_hold_what_the_careful_reader_reads(engine: str) -> None:
    """Every engine's columns give the careful reader's purchases, leading zeros kept."""
    columns = cli._read_columns(SMALL.encode(), engine)
    assert columns is not None
    assert columns.ids == ["007", "7", "0042", "C9", "007"]
    assert columns.places == 4
    assert columns.units == [600_000, 125_000, 250_000, 101_234, 55_000]
    assert cli._ledger(columns).purchases() == list(read_purchases(SMALL))


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize(
    "row",
    [
        "C1,2025-03-03",  # too few cells
        "C1,2025-03-03,1,2,3",  # too many
        '"C1",2025-03-03,1,1',  # a quote
        " C1,2025-03-03,1,1",  # a blank at an edge
        ",2025-03-03,1,1",  # no customer
        "C1,2025-02-30,1,1",  # no such day
        "C1,2025-3-03,1,1",  # not ISO
        "C1,1899-12-31,1,1",  # before the first day
        "C1,2025-03-03,-1,1",  # negative
        "C1,2025-03-03,1e3,1",  # not a plain decimal
        "C1,2025-03-03,1.23456,1",  # more than four places
        "C1,2025-03-03,1,0",  # a quantity under 1
        "C1,2025-03-03\t,1,1",  # a control character
        "C1\u3000,2025-03-03,1,1",  # a blank str.strip() removes
    ],
)
def test_anything_odd_goes_to_the_careful_reader(engine: str, row: str) -> None:
    """The bulk checks refuse what the careful reader might read otherwise or refuse."""
    text = "customer_id,date,amount,quantity\nC0,2025-03-01,1,1\n" + row + "\n"
    assert cli._read_columns(text.encode(), engine) is None


@pytest.mark.parametrize(
    "header",
    ["customer_id,date", "customer_id,date,amount,Amount", "customer_id,,date,amount"],
)
def test_a_header_the_bulk_checks_do_not_take_goes_to_the_careful_reader(header: str) -> None:
    """A missing, repeated or unnamed column: the careful reader words the refusal."""
    assert cli._plain_header(f"{header}\nC1,2025-03-01,1\n".encode()) is None


def test_a_bad_line_falls_back_and_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The careful reader names the first bad line and column, as without the extra."""
    path = _write(tmp_path, SMALL + "C5,2025-05-31,12,5,\r\n")
    statuses, errors = [], []
    for careful in (False, True):
        if careful:
            _careful(monkeypatch)
        statuses.append(main(["segments", "--purchases", str(path)]))
        errors.append(capsys.readouterr().err)
    assert statuses == [2, 2]
    assert errors[0] == errors[1]
    assert errors[0].endswith("line 8: expected 4 cells as in the header, got 5\n")


def test_a_bad_amount_is_named_at_its_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A decimal comma: the careful reader's message, file, line and column."""
    path = _write(tmp_path, "customer_id,date,amount\nC1,2025-03-01,1\nC2,2025-03-02,12;5\n")
    assert main(["segments", "--purchases", str(path)]) == 2
    expected = f'{path} line 3: amount: expected a decimal number like 12.50, got "12;5"'
    assert capsys.readouterr().err == f"python -m retention: error: {expected}\n"


def test_a_leading_zero_id_is_kept(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Customer 007 is 007, not 7: the IDs are read as strings."""
    path = _write(tmp_path, SMALL)
    assert isinstance(cli._load_purchases(str(path)), cli._Columns)
    assert main(["segments", "--purchases", str(path), "--format", "csv"]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    assert sorted(row.split(",")[0] for row in rows) == ["0042", "007", "7", "C9"]


@pytest.mark.parametrize(
    "argv",
    [
        ["segments", "--format", "csv"],
        ["segments", "--format", "json"],
        ["segments"],
        ["segments", "--as-of", "2025-05-01", "--format", "csv"],
        ["churn", "--country", "CN", "--format", "csv"],
        ["churn", "--country", "CN"],
    ],
    ids=["segments-csv", "segments-json", "segments-table", "segments-as-of", "churn-csv", "churn"],
)
def test_both_paths_write_the_same_bytes_on_a_small_csv(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str]
) -> None:
    """The columnar path and the careful one write the same output file, byte for byte."""
    path = _write(tmp_path, SMALL)
    columns, careful = _both(monkeypatch, tmp_path, *argv, "--purchases", str(path))
    assert columns == careful
    assert columns[0] == 0


def _sample_csv(folder: Path, *, brands: bool) -> Path:
    store = sample_store(customers=300, seed=7)
    rows = ["customer_id,date,amount,brand,category"]
    rows += [
        f"{p.customer_id},{p.date},{p.amount},{p.brand if brands and p.brand else ''},"
        f"{p.category or ''}"
        for p in store.purchases
    ]
    return _write(folder, "\n".join(rows) + "\n", "sample.csv")


@pytest.mark.parametrize("brands", [False, True], ids=["no-brands", "brands"])
@pytest.mark.parametrize(
    "argv",
    [
        ["segments", "--format", "csv"],
        ["segments"],
        ["churn", "--country", "CN", "--format", "csv"],
        ["churn", "--country", "CN", "--format", "json"],
        ["churn", "--country", "CN"],
    ],
    ids=["segments-csv", "segments-table", "churn-csv", "churn-json", "churn-table"],
)
def test_both_paths_write_the_same_bytes_on_the_sample_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, argv: list[str], *, brands: bool
) -> None:
    """On the sample store's purchases the two paths agree, P(alive) and reasons included."""
    path = _sample_csv(tmp_path, brands=brands)
    columns, careful = _both(monkeypatch, tmp_path, *argv, "--purchases", str(path))
    assert columns == careful
    assert columns[0] == 0


def _generated_csv(folder: Path) -> Path:
    """300 customers buying at their own pace for 18 months, until they stop: BG/NBD fits."""
    rng = random.Random(14)  # noqa: S311 - test data, not cryptography
    rows = ["customer_id,date,amount"]
    start = dt.date(2024, 1, 1)
    for number in range(300):
        day = start + dt.timedelta(days=rng.randrange(90))
        pace, left = rng.choice([7, 14, 30, 60]), rng.randrange(30, 500)
        while (day - start).days < 540 and left > 0:
            rows.append(f"C{number:04d},{day},{rng.randrange(1, 200)}.{rng.randrange(100):02d}")
            gap = max(1, int(rng.expovariate(1 / pace)))
            day, left = day + dt.timedelta(days=gap), left - gap
    return _write(folder, "\n".join(rows) + "\n", "generated.csv")


_SCIPY = pytest.mark.skipif(importlib.util.find_spec("scipy") is None, reason="no scipy")


@_SCIPY
@pytest.mark.parametrize("kind", ["csv", "json", "table"])
def test_both_paths_write_the_same_p_alive(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """With a BG/NBD fit, the two paths flag the same customers with the same P(alive)."""
    path = _generated_csv(tmp_path)
    argv = ["churn", "--country", "CN", "--purchases", str(path), "--format", kind]
    columns, careful = _both(monkeypatch, tmp_path, *argv)
    assert columns == careful
    assert b"P(alive) " in columns[1]


@_SCIPY
def test_churn_fits_bgnbd_and_writes_p_alive(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With scipy, churn fits BG/NBD and gives each customer at risk a P(alive)."""
    path = _generated_csv(tmp_path)
    assert main(["churn", "--country", "CN", "--purchases", str(path), "--format", "json"]) == 0
    out = capsys.readouterr().out
    assert '"p_alive": null' not in out
    assert '"p_alive": ' in out
    assert main(["churn", "--country", "CN", "--purchases", str(path)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert "P(alive)" in table[1]
    assert table[-1].startswith("  P(alive) (CHURN-NOSURPRISE): BG/NBD fitted on ")


def test_churn_without_a_fit_says_why(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Four customers are too few for BG/NBD: no P(alive), and the table says why."""
    path = _write(
        tmp_path,
        "customer_id,date,amount\nC1,2025-03-03,1\nC1,2025-03-10,1\nC2,2025-03-05,1\n",
    )
    assert main(["churn", "--country", "CN", "--purchases", str(path)]) == 0
    table = capsys.readouterr().out.splitlines()
    assert "P(alive)" not in table[1]
    assert table[-1].startswith("  P(alive): not fitted (")


def test_the_purchase_days_are_distinct_and_in_order() -> None:
    """Several purchases on one day are one visit (CHURN-NOSURPRISE), by the store's ledger."""
    day = dt.date(2025, 3, 3).toordinal()
    ledger = PurchaseLedger._of(
        ["a", "b", "a", "a"], [day + 7, day, day, day + 7], [1, 1, 1, 1], ["1"] * 4, {}
    )
    days = ledger.purchase_days()
    assert days == {"a": [dt.date(2025, 3, 3), dt.date(2025, 3, 10)], "b": [dt.date(2025, 3, 3)]}


def test_the_competition_levels_are_the_librarys() -> None:
    """--competition's choices, written out to keep the parser light, are Competition's."""
    from retention.satisfaction import Competition  # noqa: PLC0415 - the check's one import

    assert [c.value for c in Competition] == ["low", "moderate", "high"]
