"""The data commands never end in a traceback: any files and options give exit 0 or 2.

Hypothesis builds small store exports (junk cells, dates from 0001-01-01 to 9999-12-31,
huge amounts, header-only and empty files, control characters, byte-order marks, extra
and missing columns), policy files with every policy number at the ends of its range and
past them, and options in and out of their ranges, then runs ``main()`` in-process for
each data command. A refusal is exit status 2 with one ``python -m retention: error:``
line per problem, no control character in it, nothing on stdout and no output file; a
usage error is argparse's exit status 2 naming the option.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import functools
import io
import json
import tempfile
import unicodedata
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from retention._validate import RANGE
from retention.cli import main
from retention.config import Policies, to_dict

# A property runs a whole command per example: half the profile's examples (100 in
# the repeatable profile, 1,000 under make fuzz) keeps this file well under a minute.
FEW = settings(max_examples=max(10, settings.default.max_examples // 2))

CONTROL = "\x00\x07\x1b\t\r\n\x0b\x0c\x1c\x85\u2028\u2029\u202e\u200b\x7f"
ESCAPED = {"Cc", "Cf", "Cs", "Zl", "Zp"}  # what no error line may hold raw
JUNK = st.text(st.characters(exclude_categories=["Cs"]) | st.sampled_from(CONTROL), max_size=6)

# --- the exports ---------------------------------------------------------------------------

Cell = Callable[[bool], st.SearchStrategy[str]]


def cell(good: list[str], bad: list[str]) -> Cell:
    """A good value in a clean file; in a dirty one also a bad value, or junk."""
    return lambda clean: st.sampled_from(good) if clean else st.sampled_from(good + bad) | JUNK


DAYS = ["2025-03-01", "2025-05-30", "2025-05-31", "2024-12-31", "1900-01-01", "2999-12-31"]
BAD_DAYS = ["0001-01-01", "9999-12-31", "2025-02-30", "31/05/2025", "", "2025-13-01"]
CUSTOMERS = ["C1", "C2", "C3", "C4", "顾客", "C\x85", "C\u2028", "C\x1b[31m"]
TIMES = [
    "2025-05-26 10:00",
    "2025-05-26T10:30+08:00",
    "2025-05-27 09:00",
    "2025-05-28T20:00Z",
    "2025-12-31 23:59",
]
EXTREME_TIMES = ["1900-01-01 00:00", "1900-01-01T00:00+14:00", "2999-12-31T23:58-12:00"]
BAD_TIMES = ["0001-01-01 00:00", "9999-12-31 23:59", "2025-05-26", "10:00", "2025-02-30 10:00"]

PURCHASES: dict[str, Cell] = {
    "customer_id": cell(CUSTOMERS, ["", " "]),
    "date": cell(DAYS, BAD_DAYS),
    "amount": cell(
        ["10", "0", "0.01", "5.5", "1" + "0" * 40, "99999999999999999999.99"],
        ["-5", "12,5", "1e5", "NaN", ""],
    ),
    "brand": cell(["", "Acme", "Brio", "Cato"], ["\x85"]),
    "product": cell(["", "cream"], ["\u2028"]),
    "category": cell(["", "skin", "lips"], ["\x00"]),
    "quantity": cell(["", "1", "3"], ["0", "-1", "9" * 30, "1.5"]),
}
SURVEY: dict[str, Cell] = {
    "respondent_id": cell(CUSTOMERS, ["", "C1"]),
    "segment": cell(["", "A", "B", "C"], ["Z", "\x85"]),
    "price.perception": cell(["1", "3", "5"], ["", "0", "6", "x", "9" * 30]),
    "price.expectation": cell(["1", "4", "5"], ["", "0", "6", "-1"]),
    "service_staff.perception": cell(["1", "5"], [""]),
    "service_staff.expectation": cell(["1", "5"], [""]),
    "recommend": cell(["", "0", "10"], ["11", "-1"]),
    "effort": cell(["", "1", "7"], ["8"]),
}
CUSTOMER_LIST: dict[str, Cell] = {
    "customer_id": cell(["C1", "C2", "C3", "C9"], ["", "C1"]),
    "club_member": cell(["", "yes", "no"], ["maybe"]),
    "staff_id": cell(["", "S1"], ["S9"]),
    "opt_out_message": cell(["", "2025-01-01", "2999-12-31"], BAD_DAYS),
    "opt_out_phone": cell(["", "1900-01-01"], BAD_DAYS),
}
STAFF: dict[str, Cell] = {
    "staff_id": cell(["S1", "S2"], ["", "S1"]),
    "daily_capacity": cell(["0", "2", "9" * 18], ["-1", "x", "9" * 19]),
    "days_off": cell(["", "2025-06-02", "2025-06-02|2999-12-31"], ["0001-01-01", "2025-06-02|x"]),
}
EVENTS: dict[str, Cell] = {
    "event_id": cell(["E1", "E2"], ["", "E1"]),
    "date": cell(DAYS, BAD_DAYS),
    "kind": cell(["promotion", "new_product", "expert_visit"], ["party"]),
    "name": cell(["Sale", "Launch"], [""]),
    "segments": cell(["", "A", "A|B"], ["Z", "A|"]),
}
TABLES: dict[str, tuple[dict[str, Cell], list[str]]] = {
    "purchases": (PURCHASES, ["customer_id", "date", "amount"]),
    "survey": (SURVEY, ["respondent_id", "price.perception", "price.expectation"]),
    "customers": (CUSTOMER_LIST, ["customer_id"]),
    "staff": (STAFF, ["staff_id", "daily_capacity"]),
    "events": (EVENTS, ["event_id", "date", "kind", "name"]),
}
BROKEN = [b"", b"\xef\xbb\xbf", b"\n\n", b"a;b;c\n1;2;3\n", b"x,\xff\n", b'"customer_id,date\n']


def csv_bytes(draw: st.DrawFn, header: list[str], rows: list[list[str]]) -> bytes:
    """The file: maybe a BOM, headings with spaces for underscores, either line ending."""
    spaced = draw(st.booleans())
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow([name.replace("_", " ") if spaced else name for name in header])
    writer.writerows(rows)
    bom = "\ufeff" if draw(st.booleans()) else ""
    return (bom + buffer.getvalue()).encode("utf-8")


@st.composite
def table(draw: st.DrawFn, kind: str) -> bytes:
    """An export of ``kind``: clean, dirty, header-only, short of a column, or broken."""
    columns, required = TABLES[kind]
    shape = draw(st.integers(0, 9))  # shrinks toward a clean file
    if shape == 9:
        return draw(st.sampled_from(BROKEN))
    optional = [name for name in columns if name not in required]
    names = [*required, *draw(st.lists(st.sampled_from(optional), unique=True))]
    if shape == 8:
        names = names[1:] + draw(st.sampled_from([[], ["till"], ["Customer-ID"]]))
    header = draw(st.permutations(names))
    clean = shape < 6
    cells = {name: columns[name](clean) if name in columns else JUNK for name in header}
    rows = draw(
        st.lists(
            st.fixed_dictionaries(cells).map(lambda row: [row[name] for name in header]),
            min_size=0 if shape == 7 else 1,
            max_size=0 if shape == 7 else 6,
        )
    )
    if not clean and draw(st.booleans()):  # a row with a cell too many, or too few
        rows.append(draw(st.lists(JUNK, max_size=len(header) + 1)))
    return csv_bytes(draw, header, rows)


COMPLAINT_COLUMNS = [
    "complaint_id",
    "at",
    "kind",
    "by",
    "customer_id",
    "channel",
    "summary",
    "priority",
    "cause",
    "options",
    "chosen",
    "role",
    "satisfied",
    "promise_id",
    "what",
    "due",
]
STEPS: list[tuple[str, dict[str, str]]] = [
    ("listened", {"by": "S1"}),
    ("apologised", {"by": "S1"}),
    ("promise_made", {"promise_id": "P1", "what": "a call", "due": "2999-12-31 23:59"}),
    ("cause_diagnosed", {"cause": "product_quality"}),
    ("promise_kept", {"promise_id": "P1"}),
    (
        "resolution_proposed",
        {"options": "refund:25|replacement", "chosen": "refund:25", "role": "clerk"},
    ),
    ("resolved", {}),
    ("followed_up", {"satisfied": "yes"}),
]


@st.composite
def complaint_log(draw: st.DrawFn) -> bytes:
    """A complaint log: complaints walked some steps at extreme times; some rows spoilt."""
    shape = draw(st.integers(0, 9))
    if shape == 9:
        return draw(st.sampled_from(BROKEN))
    rows: list[dict[str, str]] = []
    ids = st.lists(st.sampled_from(["K1", "K2", "K\x85"]), min_size=int(shape != 7), unique=True)
    for complaint_id in draw(ids):
        extremes = TIMES + EXTREME_TIMES if shape == 5 else TIMES
        times = sorted(draw(st.lists(st.sampled_from(extremes), min_size=1, max_size=4)))
        rows.append(
            {
                "complaint_id": complaint_id,
                "at": times[0],
                "kind": "received",
                "customer_id": draw(st.sampled_from(CUSTOMERS)),
                "channel": draw(st.sampled_from(["phone", "in_store"])),
                "summary": draw(st.sampled_from(["It broke", "Late\nagain", "Late\u2029"])),
                "priority": draw(st.sampled_from(["", "urgent", "low"])),
            }
        )
        for (kind, cells), at in zip(STEPS, times[1:], strict=False):
            rows.append({"complaint_id": complaint_id, "at": at, "kind": kind, **cells})
    if shape >= 8 and rows:
        row = draw(st.sampled_from(rows))
        name = draw(st.sampled_from(COMPLAINT_COLUMNS))
        row[name] = draw(st.sampled_from([*BAD_TIMES, "bogus", ""]) | JUNK)
    draw(st.randoms()).shuffle(rows)
    return csv_bytes(
        draw, COMPLAINT_COLUMNS, [[r.get(c, "") for c in COMPLAINT_COLUMNS] for r in rows]
    )


EXPORTS: dict[str, st.SearchStrategy[bytes]] = {
    **{kind: table(kind) for kind in TABLES},
    "complaints": complaint_log(),
}

# --- the policy file -----------------------------------------------------------------------


def settings_of(policy: object, prefix: str = "") -> list[tuple[str, object, Any]]:
    """Every setting of ``policy``: its dotted TOML key, plain default and range (or None)."""
    plain = to_dict(policy)
    found: list[tuple[str, object, Any]] = []
    for field in attrs.fields(type(policy)):
        value = getattr(policy, field.name)
        if attrs.has(type(value)):
            found += settings_of(value, f"{prefix}{field.name}.")
        else:
            found.append((prefix + field.name, plain[field.name], field.metadata.get(RANGE)))
    return found


@functools.cache
def all_settings() -> list[tuple[str, object, Any]]:
    """Every setting of the policies, worked out when first drawn (not at collection).

    to_dict resolves the policies' annotations, which tests/test_policy_ranges.py reads as
    strings while it collects its tests.
    """
    return settings_of(Policies())


def hours(span: dt.timedelta) -> str:
    """A duration as config writes one, in whole hours."""
    return f"PT{span // dt.timedelta(hours=1)}H"


def extreme(default: object, bounds: Any) -> st.SearchStrategy[object]:
    """A value at either end of the setting's range, just past it, or far past it."""
    if bounds is None:  # flags, enums, sets, role limits: a few forms
        return st.sampled_from([default, "bogus", [], ["A"], 0, "none"])
    low, high = bounds
    if isinstance(low, dt.timedelta):
        ends = [hours(low + dt.timedelta(hours=1)), hours(high)]
        return st.sampled_from([*ends, *ends, "PT0S", hours(high + dt.timedelta(hours=1))])
    one = 1 if isinstance(low, int) else Decimal(1)
    ends = [low, high, low, high, low - one, high + one, high * 1_000_000_000]
    if isinstance(low, int):
        return st.sampled_from(ends)
    return st.sampled_from([str(end) for end in ends] + ["NaN", "1E+999999"])


# The store's country: known, in lower case, unknown to the holidays package, malformed.
COUNTRIES = ["CN", "US", "de", "XX", "U1", "", "\x85", 1, "none"]


@st.composite
def policy_file(draw: st.DrawFn) -> bytes:
    """A TOML file of policies: a few settings at their extremes, now and then broken."""
    chosen = draw(st.lists(st.sampled_from(all_settings()), max_size=4, unique_by=lambda s: s[0]))
    lines = [
        f"{key} = "
        + json.dumps(
            draw(st.sampled_from(COUNTRIES) if key == "country" else extreme(default, bounds))
        )
        for key, default, bounds in chosen
    ]
    if draw(st.integers(0, 9)) == 9:
        lines.append(draw(st.sampled_from(["cadence.zz = 1", "[abc", 'x = "\\u0085"', "a = 1e"])))
    return "\n".join(lines).encode("utf-8")


# --- the options and the commands ----------------------------------------------------------


def option(
    name: str, good: list[str], bad: list[str], *, absent: int = 10
) -> st.SearchStrategy[list[str]]:
    """Not given (``absent`` times in 20), ``name`` with a good value or, once in 20, a bad one."""
    return st.integers(0, 19).flatmap(
        lambda kind: (
            st.just([])
            if kind < absent
            else st.sampled_from([[f"{name}={value}"] for value in (good if kind < 19 else bad)])
        )
    )


AS_OF = option(
    "--as-of", ["2025-06-01", "1900-01-01", "2999-12-31"], ["0001-01-01", "9999-12-31", "1/6/2025"]
)
STORE = st.tuples(
    # Mostly given: without it (or a policy file's country) every run stops at the start.
    option("--country", ["CN", "US", "de"], ["XX", "\x85", ""], absent=3),
    option("--timezone", ["Asia/Shanghai", "America/New_York"], ["America", "Mars/Base", ""]),
    option("--hours", ["09:00-21:00", "00:00-00:01", "23:58-23:59"], ["21:00-09:00"]),
).map(lambda parts: [arg for part in parts for arg in part])
SCALE = option("--scale", ["1..5", "0..10", "-100..100", "1..2"], ["1..999", "5..1"])
FORMAT = option("--format", ["table", "json", "csv"], ["xml"])

# Each command: the files it reads (a trailing "?": maybe) and its own options.
COMMANDS: dict[str, tuple[dict[str, str], list[st.SearchStrategy[list[str]]]]] = {
    "segments": ({"--purchases": "purchases"}, [AS_OF, FORMAT]),
    "plan": (
        {
            "--purchases": "purchases",
            "--customers": "customers?",
            "--staff": "staff?",
            "--events": "events?",
            "--complaints": "complaints?",
            "--survey": "survey?",
        },
        [AS_OF, FORMAT, STORE, SCALE, option("--days", ["1", "30", "3660"], ["0", "99999999"])],
    ),
    "cases": ({"--complaints": "complaints"}, [AS_OF, FORMAT, STORE]),
    "satisfaction": (
        {"--survey": "survey", "--purchases": "purchases?"},
        [AS_OF, FORMAT, SCALE, option("--competition", ["low", "high"], ["fierce"])],
    ),
    "churn": (
        {"--purchases": "purchases", "--complaints": "complaints?", "--survey": "survey?"},
        [AS_OF, FORMAT, STORE, SCALE],
    ),
}

USAGE = -2  # what run() gives for argparse's SystemExit(2)


def run(argv: list[str]) -> tuple[int, str, str]:
    """``main(argv)`` in-process: the exit status (USAGE for argparse's), stdout, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(argv)
        except SystemExit as exit_:
            status = USAGE if exit_.code == 2 else -1
    return status, out.getvalue(), err.getvalue()


def check_lines(err: str, prefix: str) -> None:
    """Every line of ``err`` starts with ``prefix``; no control character, no traceback."""
    assert err.endswith("\n"), err
    lines = err[:-1].split("\n")
    assert lines == err.splitlines(), err
    assert all(line.startswith(prefix) for line in lines), err
    assert "Traceback" not in err
    assert not {unicodedata.category(char) for char in "".join(lines)} & ESCAPED, err


@pytest.mark.parametrize("command", sorted(COMMANDS))
@FEW
@given(data=st.data())
def test_any_exports_and_options_exit_0_or_2(command: str, data: st.DataObject) -> None:
    """Junk, extremes, bad options: exit 0, or 2 with clean error lines and nothing written."""
    files, options = COMMANDS[command]
    with tempfile.TemporaryDirectory() as folder:
        argv = [command]
        for flag, kind in files.items():
            if kind.endswith("?") and not data.draw(st.booleans(), label=flag):
                continue
            path = Path(folder) / f"{kind.rstrip('?')}.csv"
            path.write_bytes(data.draw(EXPORTS[kind.rstrip("?")], label=flag))
            argv += [flag, str(path)]
        if data.draw(st.booleans(), label="--policy"):
            policy = Path(folder) / "policy.toml"
            policy.write_bytes(data.draw(policy_file(), label="policy.toml"))
            argv += ["--policy", str(policy)]
        for strategy in options:
            argv += data.draw(strategy)
        output = Path(folder) / "out.txt"
        status, out, err = run([*argv, "--output", str(output)])
        written = sorted(p.name for p in Path(folder).iterdir() if p.name.startswith(("out", ".")))
    assert out == ""
    if status == 0:
        assert (err, written) == ("", ["out.txt"])
    elif status == 2:
        check_lines(err, "python -m retention: error: ")
        assert written == []
    else:  # a usage error: argparse's usage, then one line naming the option
        assert status == USAGE, (status, err)
        check_lines(
            err.splitlines()[-1] + "\n", f"python -m retention {command}: error: argument --"
        )
        assert written == []


@FEW
@given(st.text(st.characters(exclude_categories=["Cs"]) | st.sampled_from(CONTROL), min_size=1))
def test_a_file_name_with_control_characters_is_escaped(name: str) -> None:
    """A missing file named with a line break or an escape sequence: one clean line, exit 2."""
    status, out, err = run(["segments", "--purchases", f"/nonexistent/{name}"])
    assert out == ""
    if "\x00" in name:  # refused by the option's own check, before any file is opened
        assert status == USAGE
        check_lines(err.splitlines()[-1] + "\n", "python -m retention segments: error: argument")
    else:
        assert status == 2
        check_lines(err, "python -m retention: error: /nonexistent/")
