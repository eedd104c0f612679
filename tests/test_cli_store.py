"""The command line calls the store API: its records equal the API's on the same files.

Each data command reads files and renders; the results come from
:class:`retention.store.Store`. Here the same files are read with the library's own
readers (:mod:`retention.exports`), put in a ``Store`` and asked directly; the CLI's
``-o out.json`` records must be the same rows. The ``--html`` report is one HTML5 page
holding the result's own HTML with its charts.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from decimal import Decimal
from pathlib import Path

import html5lib
import pytest

from retention import cli
from retention.churn import BgNbdParams
from retention.cli import main
from retention.complaints import case_records
from retention.exceptions import RetentionError
from retention.exports import read_complaints, read_purchases
from retention.sample import sample_store
from retention.store import Store

SAMPLE = sample_store(customers=120)
AS_OF = SAMPLE.as_of

COMPLAINTS = """\
complaint_id,at,kind,by,customer_id,channel,summary,priority,cause,options,chosen,role
K1,2025-11-26 10:00,received,,NEW1,in_store,The cream broke out my skin,high,,,,
K1,2025-11-26 10:10,listened,S1,,,,,,,,
K1,2025-11-26 10:20,apologised,S1,,,,,,,,
K1,2025-11-26 11:00,cause_diagnosed,S1,,,,,product_quality,,,
K1,2025-11-26 11:30,resolution_proposed,S1,,,,,,refund:25|replacement,refund:25,clerk
K1,2025-11-27 10:00,resolved,S1,,,,,,,,
K2,2025-11-28 20:00,received,,C0002,online,Parcel came late,,,,,
"""


def _plain(value: object) -> object:
    """A value as the CLI's JSON holds it."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _json(records: list[dict[str, object]]) -> list[dict[str, object]]:
    loaded: list[dict[str, object]] = json.loads(
        json.dumps([{k: _plain(v) for k, v in r.items()} for r in records])
    )
    return loaded


@pytest.fixture(params=["columns", "careful"])
def files(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The sample store's purchases (till and today's sales) and a complaint log, as CSV."""
    if request.param == "careful":
        monkeypatch.setattr(cli, "_frames_engine", lambda: None)
    rows = ["customer_id,date,amount,brand,product,category,till"]
    rows += [
        f"{p.customer_id},{p.date},{p.amount},{p.brand or ''},{p.product or ''},"
        f"{p.category or ''},T1"
        for p in SAMPLE.purchases + SAMPLE.todays_sales
    ]
    (tmp_path / "purchases.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "complaints.csv").write_text(COMPLAINTS, encoding="utf-8")
    return tmp_path


def _store(files: Path, *, complaints: bool = False) -> Store:
    """The Store of the same files, read by the library's readers."""
    purchases = read_purchases(
        (files / "purchases.csv").read_text(encoding="utf-8"), extra_columns="ignore"
    )
    log = None
    if complaints:
        log = read_complaints(
            (files / "complaints.csv").read_text(encoding="utf-8"), timezone="Asia/Shanghai"
        )
    return Store(
        purchases=purchases,
        country="CN",
        complaints=() if log is None else log.complaints.values(),
        complaint_events=() if log is None else [e for es in log.events.values() for e in es],
    )


def _cli(files: Path, *argv: str) -> list[dict[str, object]]:
    out = files / "out.json"
    assert main([*argv, "--format", "json", "-o", str(out), "--quiet"]) == 0
    records: list[dict[str, object]] = json.loads(out.read_text(encoding="utf-8"))
    return records


def test_segments_records_are_the_stores(files: Path) -> None:
    """SEG-ABC, SEG-ATTITUDE: segments' rows are Store.classes, attitudes and the visits."""
    got = _cli(files, "segments", "--purchases", str(files / "purchases.csv"))
    store = _store(files)
    as_of = store.default_as_of()
    classes = store.classes(as_of=as_of)
    attitudes = store.attitudes(as_of=as_of)
    assert attitudes is not None
    visits = store.purchases.up_to(as_of).visits()
    want = classes.to_records()
    for record in want:
        cid = str(record["customer_id"])
        record["purchases"] = visits[cid].purchases
        record["first_purchase"], record["last_purchase"] = visits[cid].first, visits[cid].last
        record["attitude"] = attitudes[cid].attitude
        record["pattern"] = attitudes[cid].pattern
    assert got == _json(want)


def test_churn_records_are_the_stores(files: Path) -> None:
    """CHURN-NOSURPRISE: churn's rows are Store.churn with the fitted BG/NBD, and cases."""
    got = _cli(
        files,
        "churn",
        "--country",
        "CN",
        "--purchases",
        str(files / "purchases.csv"),
        "--complaints",
        str(files / "complaints.csv"),
    )
    store = _store(files, complaints=True)
    as_of = store.default_as_of()
    params: BgNbdParams | None = None
    try:
        params = store.fit_churn(as_of)
    except (ImportError, RetentionError):  # no scipy, or no fit: the rhythm alone
        params = None
    report = store.churn(as_of, params=params)
    channels = report.winback_channels()
    want = report.to_records()
    for record in want:
        record["winback_channel"] = channels[str(record["customer_id"])]
    assert want
    assert got == _json(want)


def test_plan_records_are_the_stores(files: Path) -> None:
    """CAD-*: plan's rows are Store.plan, the follow-up of a complainant who never bought too."""
    got = _cli(
        files,
        "plan",
        "--country",
        "CN",
        "--purchases",
        str(files / "purchases.csv"),
        "--complaints",
        str(files / "complaints.csv"),
        "--days",
        "14",
    )
    store = _store(files, complaints=True)
    plan = store.plan(store.default_as_of(), days=14)
    assert any(d.customer_id == "NEW1" for d in plan.decisions)
    assert got == _json(plan.to_records())


def test_cases_records_are_the_stores(files: Path) -> None:
    """CMP-NOW: cases' rows are case_records of Store.cases at the start of --as-of."""
    got = _cli(
        files,
        "cases",
        "--country",
        "CN",
        "--complaints",
        str(files / "complaints.csv"),
        "--as-of",
        str(AS_OF),
    )
    store = _store(files, complaints=True)
    at = store.start_of(AS_OF)
    want = case_records(store.cases(at), at)
    assert [r["complaint_id"] for r in want] == ["K1", "K2"]
    assert got == _json(want)


def test_demo_numbers_are_the_reviews(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo shows Store.review's classes (today's sales included) and its churn."""
    assert main(["demo", "--customers", "120"]) == 0
    out = capsys.readouterr().out
    review = Store.from_sample(SAMPLE).review(SAMPLE.as_of, days=60)
    cut = review.classes.cutoffs
    assert f"total spend {cut.total:,f}, {cut.customers} customers)" in out
    assert f"{len(review.churn.at_risk)} of {len(review.churn.checks)} customers overdue" in out
    assert f"  {len(review.plan)} candidate contacts: " in out


# -- --html ---------------------------------------------------------------------------------


def _page(path: Path) -> str:
    text = path.read_text(encoding="utf-8")
    html5lib.HTMLParser(strict=True).parse(text)  # raises on any parse error
    assert text.startswith("<!DOCTYPE html>")
    assert '<meta charset="utf-8">' in text
    assert re.search(r"<title>[^<]+</title>", text)
    assert re.search(r'<svg[^>]*data-chart="[^"]+"', text)
    return text


@pytest.mark.parametrize(
    ("command", "extra"),
    [
        ("segments", ()),
        ("churn", ("--country", "CN")),
        ("plan", ("--country", "CN", "--days", "14")),
        ("cases", ("--country", "CN")),
        ("satisfaction", ()),
    ],
)
def test_html_report_is_one_page_with_a_chart(
    files: Path, capsys: pytest.CaptureFixture[str], command: str, extra: tuple[str, ...]
) -> None:
    """--html writes one self-contained HTML5 page holding the result's HTML and its chart."""
    page = files / "report.html"
    argv = [command, *extra, "--html", str(page)]
    if command == "cases":
        argv += ["--complaints", str(files / "complaints.csv"), "--as-of", str(AS_OF)]
    elif command == "satisfaction":
        survey = files / "survey.csv"
        survey.write_text(
            "respondent_id,price.perception,price.expectation,recommend\n"
            "R1,5,3,10\nR2,2,4,3\nR3,4,4,8\n",
            encoding="utf-8",
        )
        argv += ["--survey", str(survey)]
    else:
        argv += ["--purchases", str(files / "purchases.csv")]
    assert main(argv) == 0
    capsys.readouterr()
    _page(page)


def test_demo_html_report(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The demo with --html writes the StoreReview's HTML as one page."""
    page = tmp_path / "demo.html"
    assert main(["demo", "--customers", "60", "--html", str(page)]) == 0
    assert "Five customers and why:" in capsys.readouterr().out
    text = _page(page)
    assert "Store review as of" in text


def test_html_is_not_written_when_the_command_is_refused(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A refused command writes no --html page either (exit status 2)."""
    page = files / "report.html"
    status = main(["segments", "--purchases", str(files / "nothing.csv"), "--html", str(page)])
    assert status == 2
    assert "cannot read the file" in capsys.readouterr().err
    assert not page.exists()


def test_html_report_holds_the_stores_own_html(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SEG-ABC: segments --html holds Store.classes' HTML itself: every chart and number."""
    page = files / "report.html"
    assert main(["segments", "--purchases", str(files / "purchases.csv"), "--html", str(page)]) == 0
    capsys.readouterr()
    text = _page(page)
    store = _store(files)
    assert store.classes(as_of=store.default_as_of()).to_html() in text
