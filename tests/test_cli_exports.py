"""The data commands: ``python -m retention segments|plan|cases|satisfaction|churn``."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest

from retention import cli
from retention._validate import RANGE
from retention.cli import main
from retention.config import Policies
from retention.exceptions import InvalidInputError

# Four customers, spend 60 / 25 / 10 / 5 (total 100). C1 bought weekly until 2025-04-07
# and stopped; C2 buys weekly; C3 and C4 bought once, C4 on 2025-05-31, the last day.
PURCHASES = """\
customer_id,date,amount,brand
C1,2025-03-03,10.00,Acme
C1,2025-03-10,10.00,Acme
C1,2025-03-17,10.00,Acme
C1,2025-03-24,10.00,Acme
C1,2025-03-31,10.00,Acme
C1,2025-04-07,10.00,Acme
C2,2025-04-28,5,Brio
C2,2025-05-05,5,Brio
C2,2025-05-12,5,Acme
C2,2025-05-19,5,Brio
C2,2025-05-26,5,Cato
C3,2025-05-30,10,
C4,2025-05-31,5,
"""

COMPLAINTS = """\
complaint_id,at,kind,by,customer_id,channel,summary,priority,cause,options,chosen,role
K1,2025-05-26 10:00,received,,C2,in_store,The cream broke out my skin,high,,,,
K1,2025-05-26 10:10,listened,S1,,,,,,,,
K1,2025-05-26 10:20,apologised,S1,,,,,,,,
K1,2025-05-26 11:00,cause_diagnosed,S1,,,,,product_quality,,,
K1,2025-05-26 11:30,resolution_proposed,S1,,,,,,refund:25|replacement,refund:25,clerk
K1,2025-05-27 10:00,resolved,S1,,,,,,,,
K2,2025-05-28 20:00,received,,C3,online,Parcel came late,,,,,
"""

SURVEY = """\
respondent_id,segment,price.perception,price.expectation
C1,,5,3
C3,,3,4
C4,,1,5
"""


@pytest.fixture
def store(tmp_path: Path) -> Path:
    """A directory with the store's exports."""
    (tmp_path / "purchases.csv").write_text(PURCHASES, encoding="utf-8")
    (tmp_path / "complaints.csv").write_text(COMPLAINTS, encoding="utf-8")
    (tmp_path / "survey.csv").write_text(SURVEY, encoding="utf-8")
    (tmp_path / "staff.csv").write_text("staff_id,daily_capacity\nS1,2\n", encoding="utf-8")
    return tmp_path


def _run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = main([str(arg) for arg in argv])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _csv(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


# -- segments ------------------------------------------------------------------------


def test_segments_table(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """SEG-ABC on 60/25/10/5: C1 and C2 (who crosses 80 %) are A, C3 B, C4 C."""
    status, out, err = _run(capsys, "segments", "--purchases", store / "purchases.csv")
    assert (status, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Segments as of 2025-06-01: 13 purchases"
    assert "  A              2  50.0 %  85.00  85.0 %   25.00" in lines
    assert "  C              1  25.0 %   5.00   5.0 %    5.00" in lines
    assert "Attitude groups (SEG-ATTITUDE)" in lines
    assert "  loyal                     1" in lines  # C1 bought Acme only


def test_segments_csv_and_json(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The csv and json formats give one record per customer: class, spend, dates, attitude."""
    status, out, _ = _run(
        capsys, "segments", "--purchases", store / "purchases.csv", "--format", "csv"
    )
    assert status == 0
    rows = _csv(out)
    assert [(r["customer_id"], r["abc_class"], r["spend"]) for r in rows] == [
        ("C1", "A", "60.00"),
        ("C2", "A", "25.00"),  # totals show the places of the most precise amount
        ("C3", "B", "10.00"),
        ("C4", "C", "5.00"),
    ]
    assert (rows[0]["purchases"], rows[0]["first_purchase"], rows[0]["last_purchase"]) == (
        "6",
        "2025-03-03",
        "2025-04-07",
    )
    assert (rows[0]["attitude"], rows[0]["pattern"]) == ("loyal", "hard_core")
    assert (rows[3]["attitude"], rows[3]["rank"]) == ("", "4")
    status, out, _ = _run(
        capsys, "segments", "--purchases", store / "purchases.csv", "--format", "json"
    )
    records = json.loads(out)
    assert records[1] == {
        "customer_id": "C2",
        "abc_class": "A",
        "spend": "25.00",
        "share_of_spend": "0.25",
        "rank": 2,
        "purchases": 5,
        "first_purchase": "2025-04-28",
        "last_purchase": "2025-05-26",
        "attitude": "no_loyalty",
        "pattern": "switcher",
    }


def test_segments_without_brands_skip_attitudes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With no brand column the attitudes are not classified, and the table says so."""
    path = tmp_path / "p.csv"
    path.write_text("customer_id,date,amount\nC1,2025-01-01,5\n", encoding="utf-8")
    status, out, _ = _run(capsys, "segments", "--purchases", path)
    assert status == 0
    assert "Attitude groups (SEG-ATTITUDE): no brand column, not classified" in out


def test_as_of_leaves_out_later_purchases(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--as-of 2025-05-29 drops C3's and C4's purchases; progress says how many."""
    status, out, err = _run(
        capsys,
        "segments",
        "--purchases",
        store / "purchases.csv",
        "--as-of",
        "2025-05-29",
        "--format",
        "csv",
        "--progress",
    )
    assert status == 0
    assert [r["customer_id"] for r in _csv(out)] == ["C1", "C2"]
    assert "left out 2 purchases after 2025-05-29" in err


def test_a_policy_file_changes_the_classes(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--policy with [abc] a = 0.5: C2 no longer crosses the A line and falls to B."""
    policy = store / "policy.toml"
    policy.write_text('[abc]\na = "0.5"\n', encoding="utf-8")
    status, out, _ = _run(
        capsys,
        "segments",
        "--purchases",
        store / "purchases.csv",
        "--policy",
        policy,
        "--format",
        "csv",
    )
    assert status == 0
    assert [r["abc_class"] for r in _csv(out)] == ["A", "B", "B", "C"]


# -- churn ---------------------------------------------------------------------------


def test_churn_flags_the_customer_who_stopped(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CHURN-NOSURPRISE: C1, weekly until 2025-04-07, is 55 days out on 2025-06-01."""
    status, out, _ = _run(
        capsys, "churn", "--country", "CN", "--purchases", store / "purchases.csv"
    )
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == (
        "Early warning on 2025-06-01 (CHURN-NOSURPRISE): 1 of 4 customers overdue against "
        "their own rhythm"
    )
    assert lines[2].split() == ["C1", "A", "2025-04-07", "55", "14", "none", "on", "record"]
    status, out, _ = _run(
        capsys,
        "churn",
        "--country",
        "CN",
        "--purchases",
        store / "purchases.csv",
        "--format",
        "csv",
    )
    (row,) = _csv(out)
    assert (row["customer_id"], row["days_since"], row["median_gap"], row["limit"]) == (
        "C1",
        "55",
        "7",
        "14",
    )
    assert row["winback_channel"] == "phone"  # class A is called back


def test_churn_uses_complaints_as_evidence(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """C2's complaint becomes a likely reason when C2 is overdue (as of mid-June)."""
    status, out, _ = _run(
        capsys,
        "churn",
        "--country",
        "CN",
        "--purchases",
        store / "purchases.csv",
        "--complaints",
        store / "complaints.csv",
        "--survey",
        store / "survey.csv",
        "--as-of",
        "2025-06-20",
        "--format",
        "json",
    )
    assert status == 0
    by_id = {r["customer_id"]: r for r in json.loads(out)}
    assert by_id["C2"]["days_since"] == 25
    assert by_id["C2"]["likely_reason"] == "quality_decline"


# -- plan ----------------------------------------------------------------------------


def test_plan_places_greetings_and_win_backs(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """C4 (bought 05-31) is greeted on 06-01; C1, overdue, not lapsed, gets no win-back."""
    status, out, _ = _run(
        capsys,
        "plan",
        "--country",
        "CN",
        "--purchases",
        store / "purchases.csv",
        "--staff",
        store / "staff.csv",
        "--days",
        "7",
        "--format",
        "csv",
    )
    assert status == 0
    rows = {r["contact_id"]: r for r in _csv(out)}
    greet = rows["C4/CAD-GREET/2025-05-31"]
    assert (greet["status"], greet["date"], greet["channel"]) == (
        "planned",
        "2025-06-01",
        "message",
    )
    # C1 (last bought 04-07) is overdue but has not lapsed (180 days): routine contacts
    # go on, and no win-back yet (CHURN-WINBACK)
    assert not [key for key in rows if key.startswith("C1/CHURN-WINBACK/")]


def test_plan_table_with_every_file(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Customers, events and complaints feed the plan; the table shows days and staff."""
    (store / "customers.csv").write_text(
        "customer_id,club_member,staff_id,opt_out_message\nC4,no,,2025-01-01\nC9,yes,,\n",
        encoding="utf-8",
    )
    (store / "events.csv").write_text(
        "event_id,date,kind,name,segments\nEV1,2025-06-05,promotion,Summer sale,A\n",
        encoding="utf-8",
    )
    status, out, _ = _run(
        capsys,
        "plan",
        "--country",
        "CN",
        "--purchases",
        store / "purchases.csv",
        "--staff",
        store / "staff.csv",
        "--customers",
        store / "customers.csv",
        "--events",
        store / "events.csv",
        "--complaints",
        store / "complaints.csv",
        "--days",
        "7",
        "--format",
        "json",
    )
    assert status == 0
    rows = {r["contact_id"]: r for r in json.loads(out)}
    # C4 opted out of messages: the greeting is suppressed.
    assert rows["C4/CAD-GREET/2025-05-31"]["suppressed"] == "opt_out"
    # K1 was resolved on 05-27: its follow-up call (CMP-STEPS step 5) is a service task.
    service = [r for r in rows.values() if r["purpose"] == "service"]
    assert [(r["customer_id"], r["subject"]) for r in service] == [("C2", "K1")]
    invites = sorted(r["customer_id"] for r in rows.values() if r["purpose"] == "invite")
    assert invites == ["C1", "C2"]  # the class-A customers
    status, out, _ = _run(
        capsys,
        "plan",
        "--country",
        "CN",
        "--purchases",
        store / "purchases.csv",
        "--staff",
        store / "staff.csv",
    )
    assert out.startswith("Contact plan 2025-06-01 .. 2025-06-30")
    assert "  2025-06-02 Mon  -               0          0          0  Dragon Boat" in out
    assert "Staff load (CAD-CAPACITY" in out


def test_a_complainant_without_purchases_still_gets_the_follow_up(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A resolved case of a customer with no purchase gives a profile and a service call."""
    text = COMPLAINTS.replace(
        "K1,2025-05-26 10:00,received,,C2,", "K1,2025-05-26 10:00,received,,C7,"
    )
    (store / "complaints.csv").write_text(text, encoding="utf-8")
    status, out, _ = _run(
        capsys,
        "plan",
        "--country",
        "CN",
        "--purchases",
        store / "purchases.csv",
        "--staff",
        store / "staff.csv",
        "--complaints",
        store / "complaints.csv",
        "--format",
        "csv",
    )
    assert status == 0
    service = [r for r in _csv(out) if r["purpose"] == "service"]
    assert [r["customer_id"] for r in service] == ["C7"]


# -- cases ---------------------------------------------------------------------------


def test_cases_table_and_records(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """CMP-NOW at the start of 2025-05-29: K1 resolved in time, K2 received after hours."""
    status, out, _ = _run(
        capsys,
        "cases",
        "--country",
        "CN",
        "--complaints",
        store / "complaints.csv",
        "--as-of",
        "2025-05-29",
    )
    assert status == 0
    assert out.splitlines()[0] == (
        "Complaint cases at 2025-05-29 00:00 (Asia/Shanghai): 2 cases, 0 closed"
    )
    assert "Lessons from 2 complaints (CMP-LESSON):" in out
    status, out, _ = _run(
        capsys,
        "cases",
        "--country",
        "CN",
        "--complaints",
        store / "complaints.csv",
        "--as-of",
        "2025-05-29",
        "--format",
        "csv",
    )
    first, second = _csv(out)
    assert (first["complaint_id"], first["stage"], first["cause"]) == (
        "K1",
        "resolved",
        "product_quality",
    )
    assert (first["first_response"], first["compensation"]) == ("met", "25")
    assert first["follow_up_due"] == "2025-05-29"  # two days after, a working day
    assert (second["stage"], second["first_response"], second["next"]) == (
        "received",
        "on_track",  # received at 20:00: one working hour used by closing time
        "listened, promise_made, clock_paused",  # case_records' cell
    )


def test_cases_as_of_defaults_to_the_day_after_the_last_row(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --as-of the cases stand at the start of the day after the last row."""
    status, out, _ = _run(
        capsys, "cases", "--country", "CN", "--complaints", store / "complaints.csv"
    )
    assert status == 0
    assert out.startswith("Complaint cases at 2025-05-29 00:00 (Asia/Shanghai)")


def test_cases_before_a_complaint_leave_it_out(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """As of 2025-05-27 00:00, K2 has not arrived and K1 is not yet resolved."""
    status, out, _ = _run(
        capsys,
        "cases",
        "--country",
        "CN",
        "--complaints",
        store / "complaints.csv",
        "--as-of",
        "2025-05-27",
        "--format",
        "json",
    )
    assert status == 0
    (case,) = json.loads(out)
    assert (case["complaint_id"], case["stage"]) == ("K1", "proposed")


# -- satisfaction --------------------------------------------------------------------


def test_satisfaction_unweighted(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Price seen 5, 3, 1 on 1..5 is 100, 50, 0: a mean of 50; expected 50, 75, 100."""
    status, out, _ = _run(capsys, "satisfaction", "--survey", store / "survey.csv")
    assert status == 0
    assert out.startswith("Satisfaction survey")
    status, out, _ = _run(
        capsys, "satisfaction", "--survey", store / "survey.csv", "--format", "csv"
    )
    (row,) = _csv(out)
    assert (row["item_id"], row["topic"], row["answers"]) == ("price", "price", "3")
    assert (row["perception"], row["expectation"], row["gap"]) == ("50", "75", "-25")


def test_satisfaction_weighted_by_abc_class(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SAT-SURVEY: with purchases, C1 (A) weighs 1/2, C3 (B) and C4 (C) 1/4: 62.5."""
    status, out, _ = _run(
        capsys,
        "satisfaction",
        "--survey",
        store / "survey.csv",
        "--purchases",
        store / "purchases.csv",
        "--format",
        "json",
    )
    assert status == 0
    (item,) = json.loads(out)
    assert item["perception"] == "62.5"


def test_satisfaction_with_a_class_nobody_answered_is_an_input_error(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Weighting by class needs an answer in every class: exit 2 with the reason."""
    (store / "survey.csv").write_text(SURVEY.replace("C4,,1,5\n", ""), encoding="utf-8")
    status, out, err = _run(
        capsys,
        "satisfaction",
        "--survey",
        store / "survey.csv",
        "--purchases",
        store / "purchases.csv",
    )
    assert (status, out) == (2, "")
    assert err == (
        f"python -m retention: error: {store / 'survey.csv'}: expected at least one answer from "
        f"each ABC class with customers in {store / 'purchases.csv'}, got none from class C "
        "(1 of 4 customers): weighting by class needs one (leave out --purchases for an "
        "unweighted report)\n"
    )


# -- errors, output, progress --------------------------------------------------------


def test_a_bad_row_exits_2_and_writes_nothing(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad amount: file, line and column on stderr, exit 2, no output file, no stdout."""
    bad = store / "purchases.csv"
    bad.write_text(PURCHASES + "C5,2025-05-31,12,5,\n", encoding="utf-8")
    output = store / "out.csv"
    status, out, err = _run(
        capsys, "segments", "--purchases", bad, "--format", "csv", "--output", output
    )
    assert (status, out) == (2, "")
    assert err == (
        f"python -m retention: error: {bad} line 15: expected 4 cells as in the header, got 5\n"
    )
    assert not output.exists()
    assert list(store.glob(".out.csv*")) == []


def test_a_failed_run_leaves_an_existing_output_as_it_was(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An output file from an earlier run survives a failed run unchanged."""
    output = store / "out.csv"
    output.write_text("earlier\n", encoding="utf-8")
    (store / "purchases.csv").write_text(PURCHASES + "C5,31/05/2025,1,\n", encoding="utf-8")
    status, _, err = _run(
        capsys, "segments", "--purchases", store / "purchases.csv", "--output", output
    )
    assert status == 2
    assert 'line 15: date: expected an ISO date like 2025-03-01, got "31/05/2025"' in err
    assert output.read_text(encoding="utf-8") == "earlier\n"


def test_output_file_gets_the_whole_output(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--output writes what stdout would show; stdout stays empty."""
    _, shown, _ = _run(capsys, "segments", "--purchases", store / "purchases.csv")
    output = store / "segments.txt"
    status, out, _ = _run(
        capsys, "segments", "--purchases", store / "purchases.csv", "--output", output
    )
    assert (status, out) == (0, "")
    assert output.read_text(encoding="utf-8") == shown


def test_an_unwritable_output_exits_1(store: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An output in a missing directory: exit 1, an error, nothing on stdout."""
    output = store / "missing" / "out.csv"
    status, out, err = _run(
        capsys, "segments", "--purchases", store / "purchases.csv", "--output", output
    )
    assert (status, out) == (1, "")
    assert err.startswith(f"python -m retention: error: cannot write {output} (")


def test_a_failed_rename_removes_the_temporary_file(
    store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """If the final rename fails, the temporary file goes and the exit status is 1."""

    def refuse(_self: Path, _target: Path) -> Path:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(Path, "replace", refuse)
    output = store / "out.csv"
    status, _, err = _run(
        capsys, "segments", "--purchases", store / "purchases.csv", "--output", output
    )
    assert status == 1
    assert "(Permission denied)" in err
    assert list(store.glob("*out.csv*")) == []


@pytest.mark.parametrize(
    ("content", "detail"),
    [
        (
            b"customer_id,date,amount\nC1,2025-01-01,\xff\n",
            "line 2: expected UTF-8 text, got the byte 0xff",
        ),
        (b"", "line 1: expected a header row naming the columns"),
        (b"customer_id,date,amount\n", ": expected at least one purchase (a row under the header)"),
    ],
)
def test_unreadable_or_empty_purchases_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes, detail: str
) -> None:
    """Bytes that are not UTF-8, an empty file, a file with no purchase: exit 2."""
    path = tmp_path / "p.csv"
    path.write_bytes(content)
    status, out, err = _run(capsys, "segments", "--purchases", path)
    assert (status, out) == (2, "")
    assert err.startswith(f"python -m retention: error: {path}")
    assert detail in err


def test_a_missing_file_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file that does not exist is named with the system's reason."""
    path = tmp_path / "nope.csv"
    status, _, err = _run(capsys, "segments", "--purchases", path)
    assert status == 2
    assert err == (
        f"python -m retention: error: {path}: cannot read the file (No such file or directory)\n"
    )


def test_an_as_of_before_every_purchase_exits_2(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--as-of before every purchase leaves none: the file, the day and what to do, exit 2."""
    status, _, err = _run(
        capsys, "segments", "--purchases", store / "purchases.csv", "--as-of", "2024-01-01"
    )
    assert status == 2
    assert err == (
        f"python -m retention: error: {store / 'purchases.csv'}: expected at least one purchase "
        "on or before --as-of 2024-01-01, got none (the first is on 2025-03-03): give a later "
        "--as-of\n"
    )


def test_a_library_refusal_names_the_files(
    store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A refusal the command does not word itself still says which files it came from."""

    def refuse(*_args: object, **_kwargs: object) -> None:
        msg = "customers: expected something else, got \x1b[31mred"
        raise InvalidInputError(msg)

    # The store plans (retention.store calls the library's planner when it plans).
    monkeypatch.setattr("retention.cadence.plan_contacts", refuse)
    policy = store / "policy.toml"
    policy.write_text("[cadence]\ncap_per_window = 3\n", encoding="utf-8")
    status, out, err = _run(
        capsys, "plan", "--country", "CN", "--purchases", store / "purchases.csv",
        "--staff", store / "staff.csv", "--policy", policy,
    )  # fmt: skip
    assert (status, out) == (2, "")
    assert err == (
        f"python -m retention: error: {store / 'purchases.csv'}, {store / 'staff.csv'} "
        f"(--policy {policy}): customers: expected something else, got \\x1b[31mred\n"
    )
    monkeypatch.setattr("retention.segmentation.classify_attitudes", refuse)
    status, _, err = _run(capsys, "segments", "--purchases", store / "purchases.csv")
    assert (status, err) == (
        2,
        (
            f"python -m retention: error: {store / 'purchases.csv'}: customers: expected something "
            "else, got \\x1b[31mred\n"
        ),
    )


@pytest.mark.parametrize(
    ("toml", "detail"),
    [
        ("[abc\n", "expected a TOML file of policies, got invalid TOML ("),
        ("[abc]\nletter = 1\n", "$.abc"),
        ('[abc]\na = "0.99"\nb = "0.5"\n', "$.abc"),
    ],
)
def test_a_bad_policy_file_exits_2(
    store: Path, capsys: pytest.CaptureFixture[str], toml: str, detail: str
) -> None:
    """Invalid TOML, an unknown key, lines out of order: the file and the path, exit 2."""
    policy = store / "policy.toml"
    policy.write_text(toml, encoding="utf-8")
    status, out, err = _run(
        capsys, "segments", "--purchases", store / "purchases.csv", "--policy", policy
    )
    assert (status, out) == (2, "")
    assert err.startswith(f"python -m retention: error: {policy}: ")
    assert detail in err


_DATE = "expected an ISO date like 2025-03-01, got"
_HOURS = "expected opening hours like 09:00-21:00"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["segments"], "the following arguments are required: --purchases"),
        (
            ["segments", "--purchases", "p.csv", "--as-of", "1/6/2025"],
            f"argument --as-of: {_DATE} '1/6/2025'",
        ),
        (
            ["segments", "--purchases", "p.csv", "--as-of", "2025-02-30"],
            f"argument --as-of: {_DATE} '2025-02-30' (day is out of range for month)",
        ),
        (
            ["segments", "--purchases", "p.csv", "--format", "xml"],
            "argument --format: invalid choice: 'xml'",
        ),
        (
            ["plan", "--purchases", "p.csv", "--days", "0"],
            "argument --days: expected 1 to 3660 days, got '0'",
        ),
        (
            ["plan", "--purchases", "p.csv", "--days", "99999999"],
            "argument --days: expected 1 to 3660 days, got '99999999'",
        ),
        (
            ["plan", "--purchases", "p.csv", "--as-of", "9999-12-31"],
            "argument --as-of: expected a day from 1900-01-01 to 2999-12-31, got '9999-12-31'",
        ),
        (
            ["churn", "--purchases", "p.csv", "--as-of", "1899-12-31"],
            "argument --as-of: expected a day from 1900-01-01 to 2999-12-31, got '1899-12-31'",
        ),
        (
            ["satisfaction", "--survey", "s.csv", "--scale=-101..5"],
            (
                "argument --scale: expected a scale LOW..HIGH like 1..5, whole numbers from -100 "
                "to 100 with LOW below HIGH, got '-101..5'"
            ),
        ),
        (
            ["segments", "--purchases", "p\x00.csv"],
            "argument --purchases: expected a file name, got 'p\\x00.csv'",
        ),
        (
            ["segments", "--purchases", "p.csv", "--output", ""],
            "argument -o/--output: expected a file name, got ''",
        ),
        (
            ["segments", "--purchases", "p.csv", "--colour\x1b[31m"],
            "unrecognized arguments: --colour\\x1b[31m",
        ),
        (["demo", "--days", "3661"], "argument --days: expected 1 to 3660 days, got '3661'"),
        (
            ["demo", "--customers", "5"],
            "argument --customers: expected 10 to 10000 customers, got '5'",
        ),
        (
            ["cases", "--complaints", "c.csv", "--hours", "21:00-09:00"],
            f"argument --hours: {_HOURS} (closing after opening), got '21:00-09:00'",
        ),
        (
            ["cases", "--complaints", "c.csv", "--hours", "9-21"],
            f"argument --hours: {_HOURS}, got '9-21'",
        ),
        (
            ["satisfaction", "--survey", "s.csv", "--scale", "5..1"],
            (
                "argument --scale: expected a scale LOW..HIGH like 1..5, whole numbers from -100 "
                "to 100 with LOW below HIGH, got '5..1'"
            ),
        ),
        (
            ["satisfaction", "--survey", "s.csv", "--competition", "fierce"],
            "argument --competition: invalid choice: 'fierce'",
        ),
    ],
)
def test_usage_errors_exit_2(
    capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    """Missing or malformed options: argparse's usage message and exit status 2."""
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    *_, last = capsys.readouterr().err.splitlines()
    assert message in last


def test_complaints_outside_china_need_a_time_zone(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--country US with a complaint log and no --timezone: exit 2, asking for one."""
    status, _, err = _run(
        capsys, "cases", "--complaints", store / "complaints.csv", "--country", "US"
    )
    assert status == 2
    assert "--timezone: expected the store's IANA time zone" in err
    status, out, _ = _run(
        capsys,
        "cases",
        "--complaints",
        store / "complaints.csv",
        "--country",
        "US",
        "--timezone",
        "America/New_York",
        "--hours",
        "10:00-18:00",
    )
    assert status == 0
    assert out.startswith("Complaint cases at 2025-05-29 00:00 (America/New_York)")


def test_an_empty_complaint_log_needs_an_as_of(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A log with no rows has no last day: exit 2 unless --as-of is given."""
    path = tmp_path / "c.csv"
    path.write_text("complaint_id,at,kind\n", encoding="utf-8")
    status, _, err = _run(capsys, "cases", "--country", "CN", "--complaints", path)
    assert status == 2
    assert "expected at least one complaint (or --as-of), got none" in err
    status, out, _ = _run(
        capsys, "cases", "--country", "CN", "--complaints", path, "--as-of", "2025-01-02"
    )
    assert status == 0
    assert "0 cases, 0 closed" in out


def test_a_refused_complaint_event_exits_2_with_its_line(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An event out of the six steps' order is reported at its line."""
    text = COMPLAINTS.replace("K1,2025-05-26 10:20,apologised,S1", "K1,2025-05-26 10:20,closed,S1")
    (store / "complaints.csv").write_text(text, encoding="utf-8")
    status, _, err = _run(
        capsys, "cases", "--country", "CN", "--complaints", store / "complaints.csv"
    )
    assert status == 2
    assert f"{store / 'complaints.csv'} line 4: closed at 2025-05-26T10:20:00+08:00" in err


def test_progress_goes_to_stderr_only_when_asked(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--progress reports each step on stderr; without it (no terminal) or --quiet: none."""
    argv = [
        "plan",
        "--country",
        "CN",
        "--purchases",
        store / "purchases.csv",
        "--output",
        store / "plan.txt",
    ]
    status, out, err = _run(capsys, *argv, "--progress")
    assert (status, out) == (0, "")
    steps = [line.split("] ", 1)[1] for line in err.splitlines()]
    assert steps == [
        f"read 13 purchases from {store / 'purchases.csv'}",
        "segmented 4 customers (A 2, B 1, C 1)",
        steps[2],
        f"wrote the table to {store / 'plan.txt'}",
    ]
    assert re.fullmatch(r"planned \d+ of \d+ candidate contacts", steps[2])
    assert _run(capsys, *argv)[2] == ""
    assert _run(capsys, *argv, "--progress", "--quiet")[2] == ""


def test_progress_is_on_by_default_on_a_terminal(
    store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When stderr is a terminal, progress shows without --progress."""
    monkeypatch.setattr(cli.sys.stderr, "isatty", lambda: True)
    argv = ["segments", "--purchases", store / "purchases.csv", "--format", "json"]
    status, _, err = _run(capsys, *argv, "--output", store / "s.json")
    assert status == 0
    assert "wrote 4 records to" in err


def test_python_m_retention_runs_a_data_command(store: Path) -> None:
    """`python -m retention segments` runs as a command: csv on stdout, exit 0."""
    done = subprocess.run(
        [sys.executable, "-m", "retention", "segments", "--purchases", "purchases.csv",
         "--format", "csv"],
        capture_output=True,
        text=True,
        check=False,
        cwd=store,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[1].startswith("C1,A,60.00,")


def test_satisfaction_on_another_scale(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--scale 1..7: ratings 7, 4 and 1 are 100, 50 and 0 on 0..100."""
    path = tmp_path / "s.csv"
    path.write_text(
        "respondent_id,quality.perception,quality.expectation\nr1,7,7\nr2,4,7\nr3,1,7\n",
        encoding="utf-8",
    )
    status, out, _ = _run(
        capsys, "satisfaction", "--survey", path, "--scale", "1..7", "--format", "csv"
    )
    assert status == 0
    (row,) = _csv(out)
    assert (row["perception"], row["expectation"], row["gap"]) == ("50", "100", "-50")


def test_csv_cells_for_plain_values() -> None:
    """CSV shows flags as true/false, None as empty and lists joined with `|`."""
    assert [cli._cell(v) for v in (True, False, None, ["a", 1], 2.5)] == [
        "true",
        "false",
        "",
        "a|1",
        "2.5",
    ]


def test_demo_still_refuses_zero_days(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo's --days has the same range as plan's: 0 days is a usage error."""
    with pytest.raises(SystemExit) as info:
        main(["demo", "--days", "0"])
    assert info.value.code == 2
    assert "argument --days: expected 1 to 3660 days, got '0'" in capsys.readouterr().err


def test_demo_runs_a_plan_shorter_than_the_store_days(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`demo --days 30`: the calendar still covers the store's January occasion."""
    assert main(["demo", "--days", "30"]) == 0
    assert "Contact plan 2025-12-01 .. 2025-12-30" in capsys.readouterr().out


def test_output_file_gets_the_usual_file_mode(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The output file is readable like any new file, not private like a temporary one."""
    umask = os.umask(0)
    os.umask(umask)
    output = store / "out.json"
    status, _, _ = _run(
        capsys, "segments", "--purchases", store / "purchases.csv", "--output", output
    )
    assert status == 0
    assert output.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_closed_stdout_exits_1(
    store: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """When stdout cannot take the output (a closed pipe), exit 1 and say so."""

    def closed(_text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")

    monkeypatch.setattr(cli.sys.stdout, "write", closed)
    status = main(["segments", "--purchases", str(store / "purchases.csv")])
    assert status == 1
    assert capsys.readouterr().err == (
        "python -m retention: error: cannot write to stdout (Broken pipe)\n"
    )


# -- every refusal is exit 2, in the user's words (issue 17) -------------------------


def _fails(capsys: pytest.CaptureFixture[str], folder: Path, *argv: str | Path) -> list[str]:
    """Run a command that must fail: exit 2, nothing on stdout or --output; the error lines."""
    output = folder / "out.txt"
    status, out, err = _run(capsys, *argv, "--output", output)
    assert (status, out) == (2, "")
    assert not output.exists()
    lines = err.splitlines()
    assert all(line.startswith("python -m retention: error: ") for line in lines)
    return [line.removeprefix("python -m retention: error: ") for line in lines]


def test_a_purchase_on_9999_12_31_is_refused_at_its_line(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A till's 9999-12-31 (the default --as-of would be the day after it): file and line."""
    path = store / "purchases.csv"
    path.write_text(PURCHASES + "C5,9999-12-31,5,\n", encoding="utf-8")
    for command in (["segments"], ["plan", "--country", "CN"], ["churn", "--country", "CN"]):
        assert _fails(capsys, store, *command, "--purchases", path) == [
            f'{path} line 15: date: expected a day from 1900-01-01 to 2999-12-31, got "9999-12-31"'
        ]


def test_a_purchase_on_the_last_day_takes_the_day_after_as_as_of(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """2999-12-31 is the last day a file may hold; the plan then starts on 3000-01-01."""
    path = store / "purchases.csv"
    path.write_text(PURCHASES + "C5,2999-12-31,5,\n", encoding="utf-8")
    status, out, _ = _run(
        capsys, "plan", "--country", "CN", "--purchases", path, "--days", "3660", "--format", "csv"
    )
    assert status == 0
    days = sorted(row["date"] for row in _csv(out) if row["date"])
    assert days[0] >= "3000-01-01"
    assert days[-1] <= "3010-01-08"  # 3,660 days from 3000-01-01


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        (
            "customer_id,date,amount\n",
            [],
            "expected at least one purchase (a row under the header)",
        ),
        (
            "customer_id,date,amount\n",
            ["--as-of", "2025-06-01"],
            "expected at least one purchase (a row under the header)",
        ),
        (
            "\ufeffCustomer ID,Date,Amount\n\n\n",
            [],
            "expected at least one purchase (a row under the header)",
        ),
        (
            "customer_id,date,amount\nC1,2025-01-01,0\nC2,2025-01-02,0.00\n",
            [],
            (
                "expected a purchase with an amount above 0, got only amounts of 0 (2 purchases "
                "up to 2025-01-02): the ABC classes rank customers by what they spent"
            ),
        ),
    ],
)
def test_purchases_without_anything_to_rank_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: str,
    extra: list[str],
    message: str,
) -> None:
    """A header-only file, with or without --as-of, or only zero amounts: the file, no API words."""
    path = tmp_path / "p.csv"
    path.write_text(content, encoding="utf-8")
    for command in (["segments"], ["plan", "--country", "CN"], ["churn", "--country", "CN"]):
        assert _fails(capsys, tmp_path, *command, "--purchases", path, *extra) == [
            f"{path}: {message}, got none" if "got" not in message else f"{path}: {message}"
        ]


_EXTREMES = {
    "cadence.keep_interval = 1000000000": (
        "$.cadence.keep_interval: expected an int from 1 to 365, got 1000000000"
    ),
    "cadence.holiday_window = -5": "$.cadence.holiday_window: expected an int from 0 to 90, got -5",
    "cadence.frequent_lookback_days = 99999999": (
        "$.cadence.frequent_lookback_days: expected an int from 1 to 3660, got 99999999"
    ),
    "complaints.follow_up_days = 1000000000": (
        "$.complaints.follow_up_days: expected an int from 0 to 365, got 1000000000"
    ),
    'complaints.sla.urgent.resolution = "PT9000H"': (
        "$.complaints.sla.urgent.resolution: expected a positive datetime.timedelta of working "
        'time up to 365 days, got "PT9000H"'
    ),
    "churn.hiatus_days = 3661": "$.churn.hiatus_days: expected an int from 1 to 3660, got 3661",
    'churn.rhythm_factor = "1e9"': (
        '$.churn.rhythm_factor: expected a number from 1 to 100, got "1e9"'
    ),
    "churn.winback_window_days = 0": (
        "$.churn.winback_window_days: expected an int from 1 to 365, got 0"
    ),
}


@pytest.mark.parametrize(("setting", "problem"), list(_EXTREMES.items()))
def test_a_policy_number_out_of_its_range_exits_2_with_its_path(
    store: Path, capsys: pytest.CaptureFixture[str], setting: str, problem: str
) -> None:
    """Extreme cadence, complaint and churn numbers: the file and the setting's path, exit 2."""
    policy = store / "policy.toml"
    policy.write_text(setting + "\n", encoding="utf-8")
    assert _fails(
        capsys,
        store,
        "plan",
        "--country",
        "CN",
        "--purchases",
        store / "purchases.csv",
        "--policy",
        policy,
    ) == [f"{policy}: {problem}"]


def test_every_problem_of_a_policy_file_is_a_line_of_its_own(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Several problems, one line each with the file; a control character in a key escaped."""
    policy = store / "policy.toml"
    policy.write_text("\n".join([*_EXTREMES, '"\\u0085" = 1']) + "\n", encoding="utf-8")
    lines = _fails(
        capsys,
        store,
        "churn",
        "--country",
        "CN",
        "--purchases",
        store / "purchases.csv",
        "--policy",
        policy,
    )
    in_field_order = [*list(_EXTREMES.values())[:3], *[_EXTREMES[key] for key in (
        'complaints.sla.urgent.resolution = "PT9000H"',
        "complaints.follow_up_days = 1000000000",
        'churn.rhythm_factor = "1e9"',
        "churn.hiatus_days = 3661",
        "churn.winback_window_days = 0",
    )]]  # fmt: skip
    assert lines == [f"{policy}: {problem}" for problem in in_field_order] + [
        f'{policy}: $["\\u0085"]: unknown key'
    ]


def test_a_toml_integer_beyond_python_s_limit_is_invalid_toml(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A 5,000-digit int (tomllib's ValueError) is a bad policy file, not a traceback."""
    policy = store / "policy.toml"
    policy.write_text("[cadence]\ncap_per_day = " + "9" * 5000 + "\n", encoding="utf-8")
    (line,) = _fails(
        capsys, store, "segments", "--purchases", store / "purchases.csv", "--policy", policy
    )
    assert line.startswith(f"{policy}: expected a TOML file of policies, got invalid TOML (")


def _end_settings(policy: object, top: bool) -> dict[str, object]:  # noqa: FBT001
    """Every ranged setting of ``policy`` at the top (or bottom) of its range, as plain data."""
    plain: dict[str, object] = {}
    for field in attrs.fields(type(policy)):
        value = getattr(policy, field.name)
        if attrs.has(type(value)):
            plain[field.name] = _end_settings(value, top)
        elif RANGE in field.metadata:
            end = field.metadata[RANGE][1 if top else 0]
            if isinstance(end, dt.timedelta):  # working time: more than 0
                plain[field.name] = f"PT{end // dt.timedelta(hours=1)}H" if end else "PT1S"
            else:
                plain[field.name] = str(end) if isinstance(end, Decimal) else end
    return plain


def _toml(data: dict[str, Any], prefix: str = "") -> list[str]:
    """Plain data as TOML lines with dotted keys."""
    lines = []
    for key, value in data.items():
        if isinstance(value, dict):
            lines += _toml(value, f"{prefix}{key}.")
        else:
            lines.append(f"{prefix}{key} = {json.dumps(value)}")
    return lines


# The ends a policy's own checks refuse (0 < a < b, 0 < at_risk < 1, shares above 0).
_INSIDE = {
    True: {"abc": {"a": "0.99"}, "complaints": {"sla": {"at_risk": "0.99"}}},
    False: {
        "abc": {"a": "0.01", "b": "0.02"},
        "attitude": {"hard_core_share": "0.01", "split_share": "0.01"},
        "complaints": {"sla": {"at_risk": "0.01"}},
    },
}


def _merge(data: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    return {
        key: _merge(value, changes.get(key, {})) if isinstance(value, dict) else value
        for key, value in data.items()
    } | {key: value for key, value in changes.items() if not isinstance(value, dict)}


@pytest.mark.parametrize("top", [True, False], ids=["top", "bottom"])
def test_every_policy_number_at_an_end_of_its_range_runs(
    store: Path,
    capsys: pytest.CaptureFixture[str],
    top: bool,  # noqa: FBT001
) -> None:
    """Every setting at the top (or bottom) of its range, plans of 3,660 days: exit 0.

    The file names the store's country, so plan, cases and churn run without --country.
    """
    policy = store / "policy.toml"
    settings = {"country": "CN"} | _merge(_end_settings(Policies(), top), _INSIDE[top])
    policy.write_text("\n".join(_toml(settings)) + "\n", encoding="utf-8")
    purchases = ["--purchases", store / "purchases.csv"]
    evidence = ["--complaints", store / "complaints.csv", "--survey", store / "survey.csv"]
    for argv, as_ofs in (
        (["segments", *purchases], ([], ["--as-of", "2999-12-31"])),
        (["plan", *purchases, "--staff", store / "staff.csv", "--days", "3660"], ([],)),
        (["plan", *purchases, *evidence], ([],)),
        (["plan", *purchases, "--days", "3660"], (["--as-of", "2999-12-31"],)),
        (["churn", *purchases, *evidence], ([],)),
        (["churn", *purchases], (["--as-of", "2999-12-31"],)),
        (["cases", "--complaints", store / "complaints.csv"], ([], ["--as-of", "2070-12-31"])),
        (["satisfaction", "--survey", store / "survey.csv"], ([], ["--as-of", "2999-12-31"])),
    ):
        for as_of in as_ofs:
            status, _, err = _run(capsys, *argv, "--policy", policy, *as_of)
            assert (status, err) == (0, ""), (argv, as_of)


def test_a_complaint_on_0001_01_01_is_refused_at_its_line(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Not the calendar's "years: expected years between 2 and 9998": the file, line, column."""
    path = store / "complaints.csv"
    path.write_text(COMPLAINTS.replace("2025-05-28 20:00", "0001-01-01 00:00"), encoding="utf-8")
    expected = [
        f'{path} line 8: at: expected a time from 1900-01-01 to 2999-12-31, got "0001-01-01 00:00"'
    ]
    assert _fails(capsys, store, "cases", "--country", "CN", "--complaints", path) == expected
    argv = ["--purchases", store / "purchases.csv", "--complaints", path]
    assert _fails(capsys, store, "plan", "--country", "CN", *argv) == expected
    assert _fails(capsys, store, "churn", "--country", "CN", *argv) == expected


def test_complaints_older_than_the_calendar_can_hold_are_refused_at_their_line(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The SLA clocks' calendar holds 50 years up to the year after --as-of: say so."""
    path = store / "complaints.csv"
    path.write_text(COMPLAINTS.replace("2025-05-28 20:00", "1960-05-28 20:00"), encoding="utf-8")
    assert _fails(capsys, store, "cases", "--country", "CN", "--complaints", path) == [
        (
            f"{path} line 8: at: expected a complaint received in 1977 or later, got one received "
            "on 1960-05-28 20:00: the SLA clocks read a calendar of at most 50 years, up to the "
            "year after --as-of 2025-05-28; cut the older complaints from the log or give an "
            "earlier --as-of"
        )
    ]
    status, _, _ = _run(
        capsys, "cases", "--country", "CN", "--complaints", path, "--as-of", "2000-01-01"
    )
    assert status == 0


def test_a_survey_segment_no_customer_is_in_is_refused_at_its_line(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Weighting by class: a segment cell naming a class without customers, at its line."""
    path = store / "survey.csv"
    path.write_text(SURVEY.replace("C3,,3,4", "C3,D,3,4"), encoding="utf-8")
    assert _fails(
        capsys, store, "satisfaction", "--survey", path, "--purchases", store / "purchases.csv"
    ) == [f'{path} line 3: segment: expected one of the segments A, B, C, got "D"']


def test_a_customer_looked_after_by_someone_not_on_the_staff_list(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An owner missing from the staff file, or with no staff file: every customer's line."""
    customers = store / "customers.csv"
    customers.write_text("customer_id,staff_id\nC1,S1\nC2,S9\n", encoding="utf-8")
    argv = [
        "plan",
        "--country",
        "CN",
        "--purchases",
        store / "purchases.csv",
        "--customers",
        customers,
    ]
    assert _fails(capsys, store, *argv, "--staff", store / "staff.csv") == [
        f"{customers} line 3: staff_id: expected a staff member of {store / 'staff.csv'}, got 'S9'"
    ]
    assert _fails(capsys, store, *argv) == [
        (
            f"{customers} line {line}: staff_id: expected a member of the staff list, got "
            f"'{owner}' with no staff list: give --staff FILE, or leave the staff_id cells empty"
        )
        for line, owner in ((2, "S1"), (3, "S9"))
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (
            ["--country", "XX"],
            (
                "--country: expected a country code the holidays package knows, like CN, US or DE, "
                "got 'XX'"
            ),
        ),
        (
            ["--country", "\x85"],
            (
                "--country: expected a country code the holidays package knows, like CN, US or DE, "
                "got '\\x85'"
            ),
        ),
        (
            ["--country", "CN", "--timezone", "America"],
            (
                "--timezone: expected an IANA time zone like Asia/Shanghai or America/New_York, "
                "got 'America'"
            ),
        ),
        (
            ["--country", "US", "--timezone", "Mars/Base"],
            (
                "--timezone: expected an IANA time zone like Asia/Shanghai or America/New_York, "
                "got 'Mars/Base'"
            ),
        ),
    ],
)
def test_a_store_option_the_library_cannot_use_is_named(
    store: Path, capsys: pytest.CaptureFixture[str], options: list[str], message: str
) -> None:
    """--country and --timezone are checked and named as options, not as API fields."""
    assert _fails(capsys, store, "cases", "--complaints", store / "complaints.csv", *options) == [
        message
    ]


def test_control_characters_never_reach_the_terminal(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad cell with an escape sequence and a line break: escaped, one line."""
    path = store / "purchases.csv"
    path.write_text(PURCHASES + 'C5,2025-05-31,"1\x1b[2J\n2",\n', encoding="utf-8")
    assert _fails(capsys, store, "segments", "--purchases", path) == [
        f'{path} line 15: amount: expected a decimal number like 12.50, got "1\\x1b[2J\\n2"'
    ]
    odd = store / "a\u2028b.csv"
    assert _fails(capsys, store, "segments", "--purchases", odd) == [
        f"{store}/a\\u2028b.csv: cannot read the file (No such file or directory)"
    ]


def test_a_survey_without_responses_has_nothing_to_report(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A header-only survey: satisfaction refuses it; as churn evidence it is just empty."""
    path = store / "survey.csv"
    path.write_text("respondent_id,price.perception,price.expectation\n", encoding="utf-8")
    expected = [f"{path}: expected at least one response (a row under the header), got none"]
    assert _fails(capsys, store, "satisfaction", "--survey", path) == expected
    weighted = ["--purchases", store / "purchases.csv"]
    assert _fails(capsys, store, "satisfaction", "--survey", path, *weighted) == expected
    status, _, err = _run(capsys, "churn", "--country", "CN", *weighted, "--survey", path)
    assert (status, err) == (0, "")


# -- the store's country, never guessed (issue 16) ----------------------------------

_STORE_COMMANDS = {
    "plan": ["--purchases", "purchases.csv", "--days", "7"],
    "cases": ["--complaints", "complaints.csv"],
    "churn": ["--purchases", "purchases.csv"],
}
_NO_COUNTRY = (
    "--country: expected a country code for the store's calendar (like CN, US or DE), got "
    'none: give --country CC or put country = "CC" in the policy file'
)


def _store_argv(store: Path, command: str) -> list[str | Path]:
    """``command`` on the store's exports, without --country."""
    return [
        command,
        *(store / arg if arg.endswith(".csv") else arg for arg in _STORE_COMMANDS[command]),
    ]


@pytest.mark.parametrize("command", sorted(_STORE_COMMANDS))
def test_a_command_on_the_calendar_without_a_country_exits_2_naming_country(
    store: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """plan, cases, churn without --country or a policy country: exit 2, --country (CAD-WORKDAY)."""
    assert _fails(capsys, store, *_store_argv(store, command)) == [
        f"{_NO_COUNTRY} (--policy FILE.toml)"
    ]
    policy = store / "policy.toml"
    policy.write_text("[cadence]\ncap_per_window = 3\n", encoding="utf-8")
    assert _fails(capsys, store, *_store_argv(store, command), "--policy", policy) == [
        f"{_NO_COUNTRY} {policy}"
    ]


def _plan_rows(
    capsys: pytest.CaptureFixture[str], store: Path, *argv: str | Path
) -> dict[str, Any]:
    """The 7-day plan's rows by contact ID, with the staff file."""
    status, out, err = _run(
        capsys,
        *_store_argv(store, "plan"),
        "--staff",
        store / "staff.csv",
        "--format",
        "csv",
        *argv,
    )
    assert (status, err) == (0, "")
    return {row["contact_id"]: row for row in _csv(out)}


def _plan_table(capsys: pytest.CaptureFixture[str], store: Path, *argv: str | Path) -> str:
    """The 7-day plan's table (its day table names the calendar's holidays)."""
    status, out, err = _run(capsys, *_store_argv(store, "plan"), *argv)
    assert (status, err) == (0, "")
    return out


def test_the_policy_file_s_country_keeps_the_calendar_without_country(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without --country the policy file's country ("us") keeps the calendar (CAD-WORKDAY)."""
    policy = store / "policy.toml"
    policy.write_text('country = "us"\n', encoding="utf-8")
    by_file = _plan_table(capsys, store, "--policy", policy)
    assert by_file == _plan_table(capsys, store, "--country", "US")
    assert by_file != _plan_table(capsys, store, "--country", "CN")  # Dragon Boat Festival
    assert _plan_rows(capsys, store, "--country", "US") == _plan_rows(
        capsys, store, "--policy", policy
    )


def test_country_wins_over_the_policy_file_s_country(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--country CN over the file's country = "US": China's calendar (CAD-WORKDAY, issue 16)."""
    policy = store / "policy.toml"
    policy.write_text('country = "US"\n', encoding="utf-8")
    china = _plan_table(capsys, store, "--country", "CN")
    assert _plan_table(capsys, store, "--policy", policy, "--country", "CN") == china
    # The file's country "XX" is not used, so it does not stop the command either.
    policy.write_text('country = "XX"\n', encoding="utf-8")
    assert _plan_table(capsys, store, "--policy", policy, "--country", "CN") == china


@pytest.mark.parametrize(
    ("country", "problem"),
    [
        ('"XX"', 'expected a country code the holidays package knows, like CN, US or DE, got "XX"'),
        ('"U1"', 'expected a country code of 2 or 3 ASCII letters like CN or US, got "U1"'),
        ('"none"', None),
        ("1", 'expected a string or "none", got 1'),
    ],
)
@pytest.mark.parametrize("command", sorted(_STORE_COMMANDS))
def test_a_bad_country_in_the_policy_file_exits_2_naming_the_file_and_the_path(
    store: Path,
    capsys: pytest.CaptureFixture[str],
    command: str,
    country: str,
    problem: str | None,
) -> None:
    """A policy country the calendar cannot use, or "none": exit 2 naming the file (issue 16)."""
    policy = store / "policy.toml"
    policy.write_text(f"country = {country}\n", encoding="utf-8")
    expected = f"{policy}: $.country: {problem}" if problem else f"{_NO_COUNTRY} {policy}"
    assert _fails(capsys, store, *_store_argv(store, command), "--policy", policy) == [expected]


def test_a_country_outside_china_from_the_policy_file_needs_a_time_zone(
    store: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The time zone's default follows the file's country too: none for the US (issue 16)."""
    policy = store / "policy.toml"
    policy.write_text('country = "US"\n', encoding="utf-8")
    assert _fails(capsys, store, *_store_argv(store, "cases"), "--policy", policy) == [
        (
            "--timezone: expected the store's IANA time zone (e.g. America/New_York) for "
            f'country = "US" in {policy}; only CN has a default (Asia/Shanghai)'
        )
    ]
    policy.write_text('country = "cn"\n', encoding="utf-8")
    status, out, _ = _run(capsys, *_store_argv(store, "cases"), "--policy", policy)
    assert status == 0
    assert out.startswith("Complaint cases at 2025-05-29 00:00 (Asia/Shanghai)")


def test_the_help_says_when_country_is_required(capsys: pytest.CaptureFixture[str]) -> None:
    """--country has no default: its help says when it is required and who wins (issue 16)."""
    for command in sorted(_STORE_COMMANDS):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        text = " ".join(capsys.readouterr().out.split())
        assert "required unless the policy file names it" in text
        assert "it wins over the policy file's" in text
        assert "default CN" not in text
