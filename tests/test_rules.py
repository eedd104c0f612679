"""The rule catalogue against RULES.md, and the Reason every decision carries.

The catalogue is compared with the parsed specification rather than with literal IDs:
the rulecheck tool ignores a file that names 15 or more different rule IDs.
"""

from __future__ import annotations

import re
from pathlib import Path

import attrs
import pytest

from retention import (
    RULES,
    InvalidInputError,
    InvalidTypeError,
    Reason,
    Rule,
    UnknownRuleError,
    rule,
)
from retention.rules import RULE_IDS

DOMAIN = Path(__file__).resolve().parents[2] / "shared" / "domain"
RULES_MD = DOMAIN / "RULES.md"
SEEDS = DOMAIN.parent / "seeds"

# A table row of RULES.md: "| ID | Rule | Source |" (the same pattern as rulecheck).
ROW = re.compile(r"^\| ([A-Z]+-[A-Z0-9-]+) \|(.*)\|\s*$", re.MULTILINE)


def spec_rows() -> list[tuple[str, str]]:
    """Return (ID, source cell) for every rule row of RULES.md, or skip without it."""
    if not RULES_MD.is_file():
        pytest.skip(f"{RULES_MD} is absent (a clone without shared/)")
    rows = []
    for match in ROW.finditer(RULES_MD.read_text(encoding="utf-8")):
        source = match.group(2).rsplit("|", 1)[-1].strip()
        rows.append((match.group(1), source))
    return rows


def spec_ids() -> list[str]:
    """Return the rule IDs of RULES.md in their order."""
    return [rid for rid, _ in spec_rows()]


def test_spec_parses_to_rules() -> None:
    """The parser finds rule rows in RULES.md (guards the tests below against a blind regex)."""
    ids = spec_ids()
    assert len(ids) > 20
    assert "SEG-ABC" in ids


def test_catalogue_has_one_rule_per_spec_id_in_order() -> None:
    """RULES holds exactly one Rule per ID of RULES.md, in the specification's order."""
    ids = spec_ids()
    assert [r.id for r in RULES] == ids
    assert len(set(ids)) == len(ids)


def test_rule_ids_is_the_set_of_spec_ids() -> None:
    """RULE_IDS is the set of the specification's IDs."""
    assert frozenset(spec_ids()) == RULE_IDS


def test_every_rule_is_a_rule_with_text() -> None:
    """Each catalogue entry is a Rule with a non-empty title and summary."""
    for entry in RULES:
        assert isinstance(entry, Rule)
        assert entry.title.strip(), entry.id
        assert entry.summary.strip(), entry.id


def test_every_rule_lives_in_a_retention_module() -> None:
    """Each rule's home module is inside the retention package."""
    for entry in RULES:
        assert entry.module.startswith("retention."), (entry.id, entry.module)


def test_rule_seeds_are_files_of_the_seeds_folder() -> None:
    """Each rule names at least one seed, and every seed is an existing file of seeds/."""
    if not SEEDS.is_dir():
        pytest.skip(f"{SEEDS} is absent (a clone without shared/)")
    existing = {p.name for p in SEEDS.iterdir() if p.is_file()}
    for entry in RULES:
        assert entry.seeds, entry.id
        assert set(entry.seeds) <= existing, (entry.id, entry.seeds)


def test_rule_seeds_match_the_spec_source_column() -> None:
    """Each rule's seeds are the seed numbers its Source column of RULES.md gives."""
    by_id = {entry.id: entry for entry in RULES}
    for rid, source in spec_rows():
        cited = set(re.findall(r"\b\d{3}\b", source))
        assert cited, (rid, source)
        assert {seed[:3] for seed in by_id[rid].seeds} == cited, (rid, source)


def test_rule_looks_up_the_catalogue_entry() -> None:
    """rule(ID) returns the catalogue entry with that ID for every ID of the spec."""
    for position, rid in enumerate(spec_ids()):
        assert rule(rid) is RULES[position]


@pytest.mark.parametrize("value", ["NOPE", "seg-abc", "SEG-ABC ", ""])
def test_rule_unknown_id_raises_naming_the_value(value: str) -> None:
    """rule() with an ID the catalogue lacks raises UnknownRuleError naming what arrived."""
    with pytest.raises(UnknownRuleError, match=re.escape(repr(value))):
        rule(value)


@pytest.mark.parametrize("value", [5, None, ["SEG-ABC"]])
def test_rule_non_string_raises_unknown_rule(value: object) -> None:
    """rule() with a non-string (even an unhashable one) raises UnknownRuleError."""
    with pytest.raises(UnknownRuleError, match=r"^rule_id: "):
        rule(value)  # type: ignore[arg-type]


def test_rule_is_frozen() -> None:
    """A catalogue entry cannot be changed."""
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        RULES[0].title = "changed"  # type: ignore[misc]


# --- Reason ----------------------------------------------------------------------------


def test_reason_str_is_id_colon_detail() -> None:
    """str(Reason) renders as "RULE-ID: detail"."""
    reason = Reason("SEG-ABC", detail="spend 120 is at or above the A cut-off 100")
    assert str(reason) == "SEG-ABC: spend 120 is at or above the A cut-off 100"


def test_reason_rule_is_the_catalogue_entry() -> None:
    """Reason.rule returns the catalogue's Rule for the reason's ID."""
    first = spec_ids()[0]
    reason = Reason(first, detail="why")
    assert reason.rule is RULES[0]
    assert reason.rule.id == first


def test_reason_accepts_every_spec_id() -> None:
    """A Reason can be built for every ID of the specification."""
    for rid in spec_ids():
        assert Reason(rid, detail="applies").rule_id == rid


def test_reason_unknown_rule_id_raises_unknown_rule() -> None:
    """A Reason naming an ID outside the catalogue raises UnknownRuleError naming it."""
    with pytest.raises(UnknownRuleError, match="'NOPE'"):
        Reason("NOPE", detail="x")


@pytest.mark.parametrize("value", [5, None, b"SEG-ABC"])
def test_reason_non_string_rule_id_raises_invalid_type(value: object) -> None:
    """A Reason whose rule_id is not a string raises InvalidTypeError naming rule_id."""
    with pytest.raises(InvalidTypeError, match=r"^rule_id: expected a non-empty string ID"):
        Reason(value, detail="x")  # type: ignore[arg-type]


@pytest.mark.parametrize("value", ["", "   "])
def test_reason_blank_rule_id_raises_invalid_input(value: str) -> None:
    """A Reason whose rule_id is blank raises InvalidInputError naming rule_id."""
    with pytest.raises(InvalidInputError, match=r"^rule_id: "):
        Reason(value, detail="x")


@pytest.mark.parametrize("value", ["", "  ", "\t"])
def test_reason_empty_detail_raises_invalid_input(value: str) -> None:
    """A Reason with an empty or blank detail raises InvalidInputError naming detail."""
    with pytest.raises(InvalidInputError, match=r"^detail: "):
        Reason("SEG-ABC", detail=value)


@pytest.mark.parametrize("value", ["first line\nsecond line", "ends with a newline\n"])
def test_reason_multi_line_detail_raises_invalid_input(value: str) -> None:
    """A Reason whose detail spans lines raises InvalidInputError asking for one line."""
    with pytest.raises(InvalidInputError, match=r"^detail: expected one line of text"):
        Reason("SEG-ABC", detail=value)


@pytest.mark.parametrize("value", ["first line\rsecond line", "first line\u2028second line"])
def test_reason_detail_with_other_line_breaks_raises_invalid_input(value: str) -> None:
    """A detail split by any line break str.splitlines() knows is refused as multi-line."""
    with pytest.raises(InvalidInputError, match=r"^detail: expected one line of text"):
        Reason("SEG-ABC", detail=value)


@pytest.mark.parametrize("value", [5, None])
def test_reason_non_string_detail_raises_invalid_type(value: object) -> None:
    """A Reason whose detail is not a string raises InvalidTypeError naming detail."""
    with pytest.raises(InvalidTypeError, match=r"^detail: "):
        Reason("SEG-ABC", detail=value)  # type: ignore[arg-type]


def test_reason_detail_is_keyword_only() -> None:
    """The detail must be passed by keyword, so rule ID and detail cannot be swapped."""
    with pytest.raises(TypeError, match="positional"):
        Reason("SEG-ABC", "detail")  # type: ignore[misc]


def test_reasons_compare_by_value() -> None:
    """Two Reasons with the same ID and detail are equal and hash alike; others differ."""
    one = Reason("SEG-ABC", detail="x")
    assert one == Reason("SEG-ABC", detail="x")
    assert hash(one) == hash(Reason("SEG-ABC", detail="x"))
    assert one != Reason("SEG-ABC", detail="y")


def test_reason_rule_works_without_the_spec_file() -> None:
    """Reason.rule returns the catalogue entry even in a clone without shared/."""
    reason = Reason("SEG-ABC", detail="why")
    assert reason.rule is rule("SEG-ABC")


def test_rule_quotes_what_arrived_escaped_and_typed() -> None:
    """rule() of a list, or of an object whose repr holds control characters: one clean line."""
    with pytest.raises(UnknownRuleError) as caught:
        rule(["SEG-ABC"])  # type: ignore[arg-type]
    assert str(caught.value) == (
        "rule_id: expected one of the catalogue's IDs (e.g. 'SEG-ABC'), got ['SEG-ABC'] (list)"
    )
    with pytest.raises(UnknownRuleError) as caught:
        rule("NOPE\x1b[31m")
    assert str(caught.value) == (
        r"rule_id: expected one of the catalogue's IDs (e.g. 'SEG-ABC'), got 'NOPE\x1b[31m' (str)"
    )
