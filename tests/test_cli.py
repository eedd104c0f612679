"""The demo: ``python -m retention demo`` on the built-in sample store."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from retention import InvalidInputError, InvalidTypeError, Purchase
from retention.cli import main
from retention.sample import sample_store


def test_sample_store_is_big_enough_and_deterministic() -> None:
    """The sample store has 200+ customers, 2,000+ purchases, several brands, two launches."""
    store = sample_store()
    assert len({p.customer_id for p in store.purchases}) >= 200
    assert len(store.purchases) >= 2000
    assert len({p.brand for p in store.purchases}) >= 4
    assert len(store.launches) == 2
    assert all(isinstance(p, Purchase) for p in store.purchases)
    assert all(p.date < store.as_of for p in store.purchases)
    assert sample_store() == store
    assert sample_store(seed=1) != store


def test_sample_store_refuses_a_tiny_or_odd_size() -> None:
    """The sample size is an int of at least 10."""
    with pytest.raises(InvalidInputError, match="customers"):
        sample_store(customers=3)
    with pytest.raises(InvalidTypeError, match="customers"):
        sample_store(customers="many")  # type: ignore[arg-type]


def test_demo_prints_every_section(capsys: pytest.CaptureFixture[str]) -> None:
    """The demo prints the ABC table, attitudes, series index and five explained customers."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    for heading in (
        "ABC classes (SEG-ABC",
        "cut-off spends: A >=",
        "Attitude groups (SEG-ATTITUDE)",
        "Early adopters (SEG-EARLY)",
        "Customer series (SEG-SERIES): index",
        "Five customers and why:",
    ):
        assert heading in out
    explained = [line for line in out.splitlines() if line.startswith("  C") and "class" in line]
    assert len(explained) == 5
    assert "- SEG-FOCUS:" in out
    assert "- SEG-EARLY:" in out


def test_demo_walks_a_complaint_through_the_six_steps(capsys: pytest.CaptureFixture[str]) -> None:
    """CMP-STEPS: the demo replays K-01 step by step with SLA and next steps, then the lessons."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    walk = out[out.index("Complaint K-01 walked through the six steps (CMP-STEPS)") :]
    steps = [
        line.split()[2]
        for line in walk.splitlines()
        if line.startswith("  11-") and " -> stage " in line
    ]
    # The six steps in the seed's order, with the side events where they happened.
    assert [s for s in steps if not s.startswith(("clock", "promise", "compensation"))] == [
        "listened",
        "apologised",
        "cause_diagnosed",
        "resolution_proposed",
        "resolved",
        "followed_up",
        "recorded",
        "closed",
    ]
    assert "CMP-COMPENSATE: compensation 320 is above the clerk's limit 50" in walk
    assert "resolution on track, 11h30 left, paused" in walk  # 10:00-10:30 used of 12 h
    assert "resolution met (7h30 of 12h00)" in walk  # 0.5 h + 16:00-21:00 + 09:00-11:00
    assert "next: (closed)" in walk
    assert "K-08 listened   first response BREACHED at 11-28 11:00" in out  # high: 1 h
    assert "Lessons from 8 complaints (CMP-LESSON):" in out
    assert "complained more than once: C0002 (2), C0008 (2)" in out


def test_demo_is_deterministic(capsys: pytest.CaptureFixture[str]) -> None:
    """Two demo runs print the same report."""
    main(["demo"])
    first = capsys.readouterr().out
    main(["demo", "--seed", "2025"])
    assert capsys.readouterr().out == first


def test_python_m_retention_demo_runs() -> None:
    """`python -m retention demo` runs as a command and exits 0."""
    done = subprocess.run(
        [sys.executable, "-m", "retention", "demo", "--customers", "60"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "Five customers and why:" in done.stdout


def test_cli_without_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    """No subcommand exits with status 2 and a usage message."""
    with pytest.raises(SystemExit) as exit_info:
        main([])
    assert exit_info.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_module_entry_point_runs_the_cli(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`python -m retention` (the __main__ module) exits with the CLI's status."""
    import runpy  # noqa: PLC0415 - only this test runs a module as __main__

    monkeypatch.setattr(sys, "argv", ["retention", "demo", "--customers", "20"])
    with pytest.raises(SystemExit) as exit_info:
        runpy.run_module("retention", run_name="__main__")
    assert exit_info.value.code == 0
    assert "Five customers and why:" in capsys.readouterr().out


def test_demo_prints_the_satisfaction_report(capsys: pytest.CaptureFixture[str]) -> None:
    """SAT-VETO, SAT-SURVEY: the demo shows weighted strata, mean against veto and advice."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    section = out[out.index("Satisfaction survey") : out.index("Early warning")]
    assert "strata (SAT-SURVEY" in section
    for segment in ("A:", "B:", "C:"):
        assert f"    {segment}" in section
    mean_line = next(line for line in section.splitlines() if "after the veto" in line)
    found = re.search(r"mean ([\d.]+) / 100; after the veto .*\) ([\d.]+):", mean_line)
    assert found is not None
    assert float(found[1]) >= float(found[2])  # the veto never lifts a score above the mean
    for heading in ("NPS ", "CSAT (top-2-box)", "CES ", "word of mouth", "loyalty (high"):
        assert heading in section
    assert "- SAT-DELIGHT:" in section
    assert "- SAT-LEVERS:" in section


def test_demo_prints_the_early_warning_and_plans_win_backs(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """CHURN-NOSURPRISE, CHURN-WINBACK: at-risk customers with reasons become planned contacts."""
    assert main(["demo"]) == 0
    out = capsys.readouterr().out
    assert "Early warning on 2025-12-01 (CHURN-NOSURPRISE)" in out
    assert "- CHURN-REASONS:" in out
    assert "cure: " in out
    assert "once lapsed, the plan gives them the win-back sequence (CHURN-WINBACK)" in out
    stages = next(line for line in out.splitlines() if "Customers by stage:" in line)
    lapsed = int(stages.split("lapsed ")[1].split(",")[0])
    purposes = next(line for line in out.splitlines() if "planned by purpose" in line)
    planned = int(purposes.split("winback ")[1].split(",")[0])
    assert lapsed > 0
    assert planned > 0
