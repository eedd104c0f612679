"""SEG-ATTITUDE: attitude groups from Kotler's loyalty patterns."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from retention import (
    Attitude,
    AttitudePolicy,
    AttitudeResult,
    InvalidInputError,
    InvalidPolicyError,
    InvalidTypeError,
    KotlerPattern,
    Purchase,
    UnknownCustomerError,
    build_histories,
    classify_attitude,
    classify_attitudes,
)
from retention.segmentation import Evidence
from retention.testing import strategies as rst


@pytest.mark.parametrize(
    ("sequence", "pattern", "attitude"),
    [
        ("AAAAAA", KotlerPattern.HARD_CORE, Attitude.LOYAL),
        ("AABBAB", KotlerPattern.SPLIT, Attitude.LOYAL),
        ("AAABBB", KotlerPattern.SHIFTING, Attitude.SWITCHING),
        ("ACEBDB", KotlerPattern.SWITCHER, Attitude.NO_LOYALTY),
    ],
)
def test_seg_attitude_kotler_examples(
    sequence: str, pattern: KotlerPattern, attitude: Attitude
) -> None:
    """SEG-ATTITUDE: the four textbook sequences give their pattern and the seed's group."""
    result = classify_attitude(list(sequence))
    assert result.pattern is pattern
    assert result.attitude is attitude
    assert result.behaviour is attitude
    assert result.decided_by is Evidence.BEHAVIOUR
    assert result.reasons[0].rule_id == "SEG-ATTITUDE"
    assert pattern.value in result.reasons[0].detail


def test_seg_attitude_too_few_purchases_is_not_a_guess() -> None:
    """SEG-ATTITUDE: fewer purchases than the policy minimum give no pattern."""
    result = classify_attitude(["Acme", "Acme"])
    assert result.pattern is None
    assert result.attitude is None
    assert result.decided_by is Evidence.NONE
    assert not result.enough_evidence
    assert not result.is_loyal
    assert "not enough evidence" in result.reasons[0].detail


def test_seg_attitude_minimum_is_a_policy_setting() -> None:
    """SEG-ATTITUDE: with min_purchases=2, two purchases of one brand are hard-core."""
    result = classify_attitude(["Acme", "Acme"], AttitudePolicy(min_purchases=2))
    assert result.pattern is KotlerPattern.HARD_CORE


def test_seg_attitude_hard_core_share_threshold() -> None:
    """SEG-ATTITUDE: 5 of 6 on one brand (83 %) is hard-core at 0.8, not at 1."""
    sequence = list("AAAAAB")
    assert classify_attitude(sequence).pattern is KotlerPattern.HARD_CORE
    strict = classify_attitude(sequence, AttitudePolicy(hard_core_share=1))
    # not hard-core; runs A(5) B(1): B's run is shorter than 2, so no clean shift; split
    assert strict.pattern is KotlerPattern.SPLIT


def test_seg_attitude_top_brand_exactly_at_the_hard_core_share_is_hard_core() -> None:
    """SEG-ATTITUDE: 4 of 5 on one brand is exactly 80 %, which meets the 0.8 hard-core share."""
    result = classify_attitude(list("AAAAB"))
    assert result.pattern is KotlerPattern.HARD_CORE
    assert result.attitude is Attitude.LOYAL


def test_seg_attitude_shift_needs_runs_of_the_minimum_length() -> None:
    """SEG-ATTITUDE: AAABBB is no shift when each run must be 4 long; it reads as split."""
    result = classify_attitude(list("AAABBB"), AttitudePolicy(shift_min_run=4))
    assert result.pattern is KotlerPattern.SPLIT


def test_seg_attitude_shift_never_returns_to_a_brand() -> None:
    """SEG-ATTITUDE: AABBAA returns to A, so it is split, not shifting."""
    assert classify_attitude(list("AABBAA")).pattern is KotlerPattern.SPLIT
    assert classify_attitude(list("AABBCC")).pattern is KotlerPattern.SHIFTING


def test_seg_attitude_split_brands_setting() -> None:
    """SEG-ATTITUDE: ABCABC is split among 3 brands, a switcher if split means 2 at most."""
    assert classify_attitude(list("ABCABC")).pattern is KotlerPattern.SPLIT
    narrow = classify_attitude(list("ABCABC"), AttitudePolicy(split_brands=2))
    assert narrow.pattern is KotlerPattern.SWITCHER  # top 2 hold 4/6 = 67 % < 75 %


def test_seg_attitude_split_needs_brands_bought_again() -> None:
    """SEG-ATTITUDE: ABC (no brand bought twice) is a switcher; AAAB (75 % on A) is split."""
    assert classify_attitude(list("ABC")).pattern is KotlerPattern.SWITCHER
    assert classify_attitude(list("ABCA")).pattern is KotlerPattern.SWITCHER  # A holds 50 %
    assert classify_attitude(list("AAAB")).pattern is KotlerPattern.SPLIT


def test_seg_attitude_declaration_decides_without_behaviour() -> None:
    """SEG-ATTITUDE: with too few purchases a declared attitude decides."""
    result = classify_attitude(["Acme"], declared="loyal")
    assert result.attitude is Attitude.LOYAL
    assert result.declared is Attitude.LOYAL
    assert result.behaviour is None
    assert result.decided_by is Evidence.DECLARATION


def test_seg_attitude_agreeing_declaration_is_reported() -> None:
    """SEG-ATTITUDE: a declaration that agrees is reported next to the behaviour."""
    result = classify_attitude(list("AAAA"), declared=Attitude.LOYAL)
    assert result.attitude is Attitude.LOYAL
    assert result.decided_by is Evidence.BEHAVIOUR
    assert "agrees" in result.reasons[-1].detail


def test_seg_attitude_behaviour_wins_a_disagreement_by_default() -> None:
    """SEG-ATTITUDE: by default behaviour decides when a declaration disagrees."""
    result = classify_attitude(list("ACEBDB"), declared=Attitude.LOYAL)
    assert result.behaviour is Attitude.NO_LOYALTY
    assert result.declared is Attitude.LOYAL
    assert result.attitude is Attitude.NO_LOYALTY
    assert result.decided_by is Evidence.BEHAVIOUR
    assert "disagrees" in result.reasons[-1].detail


def test_seg_attitude_policy_may_prefer_the_declaration() -> None:
    """SEG-ATTITUDE: prefer='declaration' lets the survey answer win a disagreement."""
    policy = AttitudePolicy(prefer="declaration")  # type: ignore[arg-type]
    result = classify_attitude(list("ACEBDB"), policy, declared=Attitude.LOYAL)
    assert result.attitude is Attitude.LOYAL
    assert result.decided_by is Evidence.DECLARATION


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"min_purchases": 0}, "min_purchases"),
        ({"min_purchases": True}, "min_purchases"),
        ({"split_brands": 1}, "split_brands"),
        ({"shift_min_run": 0}, "shift_min_run"),
        ({"hard_core_share": "1.5"}, "hard_core_share"),
        ({"split_share": 0}, "split_share"),
        ({"split_share": "most"}, "split_share"),
        ({"prefer": "gut"}, "prefer: expected 'behaviour' or 'declaration'"),
        ({"prefer": Evidence.NONE}, "prefer"),
    ],
)
def test_seg_attitude_policy_refuses_bad_settings(kwargs: dict[str, object], match: str) -> None:
    """SEG-ATTITUDE: bad thresholds raise InvalidPolicyError naming the field."""
    with pytest.raises(InvalidPolicyError, match=match):
        AttitudePolicy(**kwargs)  # type: ignore[arg-type]


def test_seg_attitude_refuses_bad_input() -> None:
    """SEG-ATTITUDE: a string, empty or non-string brands and unknown declarations are refused."""
    with pytest.raises(InvalidTypeError, match=r"brands: .*list\('AABBAB'\)"):
        classify_attitude("AABBAB")
    with pytest.raises(InvalidInputError, match=r"brands\[1\]"):
        classify_attitude(["A", "", "A"])
    with pytest.raises(InvalidTypeError, match=r"brands\[0\]"):
        classify_attitude([3, 3, 3])  # type: ignore[list-item]
    with pytest.raises(InvalidInputError, match="declared: expected an Attitude"):
        classify_attitude(list("AAA"), declared="fan")
    with pytest.raises(InvalidTypeError, match="policy: expected an AttitudePolicy"):
        classify_attitude(list("AAA"), {"min_purchases": 3})  # type: ignore[arg-type]


def test_seg_attitude_refusals_list_the_choices_and_quote_the_value() -> None:
    """SEG-ATTITUDE: a bad declaration or policy is refused naming the choices and what arrived."""
    with pytest.raises(InvalidInputError) as caught:
        classify_attitude(list("AAA"), declared="fan")
    assert str(caught.value) == (
        "declared: expected an Attitude or one of 'loyal', 'switching', 'no_loyalty', "
        "got 'fan' (str)"
    )
    with pytest.raises(InvalidTypeError) as caught:
        classify_attitude(list("AAA"), {"min_purchases": 3})  # type: ignore[arg-type]
    assert str(caught.value).endswith("got {'min_purchases': 3} (dict)")


def _purchase(cid: str, day: int, brand: str) -> Purchase:
    return Purchase(cid, date=dt.date(2025, 1, day), amount=10, brand=brand)


def test_seg_attitude_over_histories_reads_brands_in_time_order() -> None:
    """SEG-ATTITUDE: classify_attitudes sorts each history by date before reading it."""
    purchases = [
        _purchase("x", 6, "B"),
        _purchase("x", 1, "A"),
        _purchase("x", 5, "B"),
        _purchase("x", 2, "A"),
        _purchase("x", 4, "B"),
        _purchase("x", 3, "A"),
        _purchase("y", 1, "A"),
    ]
    results = classify_attitudes(build_histories(purchases), declared={"y": "switching"})
    assert results["x"].pattern is KotlerPattern.SHIFTING  # AAABBB once sorted
    assert results["y"].attitude is Attitude.SWITCHING
    assert results["y"].decided_by is Evidence.DECLARATION
    with pytest.raises(UnknownCustomerError):
        results["z"]


def test_seg_attitude_unknown_customer_message_names_the_id() -> None:
    """SEG-ATTITUDE: asking the results for a customer without a history names that ID."""
    results = classify_attitudes(build_histories([_purchase("x", 1, "A")]))
    with pytest.raises(UnknownCustomerError) as caught:
        results["z"]
    assert str(caught.value) == "customer_id: no customer 'z' in these attitudes"


def test_seg_attitude_over_histories_refuses_bad_input() -> None:
    """SEG-ATTITUDE: unknown declared customers and wrong types are refused."""
    histories = build_histories([_purchase("x", 1, "A")])
    with pytest.raises(UnknownCustomerError, match="'ghost'"):
        classify_attitudes(histories, declared={"ghost": "loyal"})
    with pytest.raises(InvalidTypeError, match="histories"):
        classify_attitudes([("x", None)])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match="declared"):
        classify_attitudes(histories, declared=["loyal"])  # type: ignore[arg-type]
    with pytest.raises(InvalidTypeError, match=r"histories\['x'\]"):
        classify_attitudes({"x": ["A", "A", "A"]})  # type: ignore[dict-item]


def test_seg_attitude_non_mapping_arguments_are_quoted() -> None:
    """SEG-ATTITUDE: declared or results that are not mappings are refused quoting the value."""
    histories = build_histories([_purchase("x", 1, "A")])
    with pytest.raises(InvalidTypeError) as caught:
        classify_attitudes(histories, declared=["loyal"])  # type: ignore[arg-type]
    assert str(caught.value) == (
        "declared: expected a mapping of customer ID to attitude, got ['loyal'] (list)"
    )
    with pytest.raises(InvalidTypeError) as caught:
        AttitudeResult.records_of(["x"])  # type: ignore[arg-type]
    assert str(caught.value) == (
        "results: expected a mapping of customer ID to AttitudeResult, got ['x'] (list)"
    )


def test_seg_attitude_one_result_html_has_one_row_and_no_more_line() -> None:
    """SEG-ATTITUDE: one result's HTML table shows its single row with no "more rows" line."""
    html = classify_attitude(list("AAAAAA")).to_html()
    assert html.count("<tr><td>") == 1
    assert "more row" not in html
    assert "<tfoot>" not in html


@given(rst.brand_sequences(), st.permutations("ABCDEF"))
def test_seg_attitude_brand_names_never_matter(sequence: list[str], relabel: list[str]) -> None:
    """SEG-ATTITUDE: renaming brands one-to-one never changes the pattern or group."""
    mapping = dict(zip("ABCDEF", relabel, strict=True))
    renamed = [mapping[b] + "-brand" for b in sequence]
    first, second = classify_attitude(sequence), classify_attitude(renamed)
    assert (first.pattern, first.attitude) == (second.pattern, second.attitude)


@given(rst.brand_sequences(), st.integers(1, 6))
def test_seg_attitude_pattern_iff_enough_purchases(sequence: list[str], minimum: int) -> None:
    """SEG-ATTITUDE: a pattern exists exactly when there are min_purchases or more."""
    result = classify_attitude(sequence, AttitudePolicy(min_purchases=minimum))
    assert (result.pattern is not None) == (len(sequence) >= minimum)
    if result.pattern is not None:
        assert result.attitude is result.pattern.attitude
    assert result.purchases == len(sequence)


@given(rst.brand_sequences(min_size=3), st.sampled_from(Attitude), st.sampled_from(Evidence))
def test_seg_attitude_decider_is_reported(
    sequence: list[str], declared: Attitude, prefer: Evidence
) -> None:
    """SEG-ATTITUDE: the final group is the behaviour's or the declaration's, as reported."""
    if prefer is Evidence.NONE:
        prefer = Evidence.BEHAVIOUR
    result = classify_attitude(sequence, AttitudePolicy(prefer=prefer), declared=declared)
    chosen = result.behaviour if result.decided_by is Evidence.BEHAVIOUR else result.declared
    assert result.attitude is chosen
    if result.behaviour is not declared:
        assert result.decided_by is prefer


def test_seg_attitude_ignores_a_low_precision_caller_context() -> None:
    """SEG-ATTITUDE: a caller's 3-digit decimal context never breaks the reasons."""
    with decimal.localcontext() as ctx:
        ctx.prec = 3
        result = classify_attitude(list("AAAA"))
    assert "100.0 %" in result.reasons[0].detail


def test_classify_attitude_refuses_brands_that_are_not_iterable() -> None:
    """SEG-ATTITUDE: classify_attitude(None) names brands (not a bare TypeError)."""
    with pytest.raises(InvalidTypeError) as caught:
        classify_attitude(None)  # type: ignore[arg-type]
    assert str(caught.value) == "brands: expected an iterable of brand names, got None (NoneType)"


def test_classify_attitude_refuses_one_string_of_brands_and_says_why() -> None:
    """SEG-ATTITUDE: a string of letters is refused, the message naming brands and the fix."""
    with pytest.raises(InvalidTypeError) as caught:
        classify_attitude("AABBAB")  # type: ignore[arg-type]
    message = str(caught.value)
    assert message.startswith("brands: expected a sequence of brand names")
    assert "list('AABBAB')" in message
    assert "'AABBAB'" in message.rsplit("got", 1)[1]


def test_seg_attitude_table_of_results_names_the_bad_entry_and_its_value() -> None:
    """SEG-ATTITUDE: a non-result in the results names its key and quotes the value."""
    with pytest.raises(InvalidTypeError) as caught:
        AttitudeResult.html_of({"c1": 42})  # type: ignore[dict-item]
    assert str(caught.value) == "results['c1']: expected an AttitudeResult, got 42 (int)"


def test_seg_attitude_table_of_many_results_stops_at_max_rows() -> None:
    """SEG-ATTITUDE: html_of shows max_rows rows and says how many more there are."""
    results = {f"c{i}": classify_attitude(list("AAAA")) for i in range(5)}
    html = AttitudeResult.html_of(results, max_rows=2)
    assert html.count("<tr><td>") == 2
    assert "3 more row" in html
