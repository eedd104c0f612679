"""The demo: ``python -m retention demo`` on the built-in sample store."""

from __future__ import annotations

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
