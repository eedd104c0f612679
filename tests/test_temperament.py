"""SEG-TEMPER and SEG-MOTIVE: the five temperaments, their handling, and the nine motives."""

from __future__ import annotations

import pytest

from retention import InvalidInputError, Motive, Temperament
from retention.segmentation import Guidance

# Labels from seed 001 (traditional Chinese in the seed; simplified by hand).
TEMPERAMENT_LABELS = {
    Temperament.IRRITABLE: ("Irritable", "烦躁型", "煩躁型"),
    Temperament.DEPENDENT: ("Dependent", "依赖型", "依賴型"),
    Temperament.PICKY: ("Picky", "挑剔型", "挑剔型"),
    Temperament.EXPERIMENTING: ("Experimenting", "尝试型", "嘗試型"),
    Temperament.RATIONAL: ("Rational", "常识型", "常識型"),
}

MOTIVE_LABELS = {
    Motive.BEAUTY: ("求美", "求美"),
    Motive.LOW_PRICE: ("求廉", "求廉"),
    Motive.NOVELTY: ("求新", "求新"),
    Motive.PRESTIGE: ("求名", "求名"),
    Motive.PRACTICALITY: ("求实", "求實"),
    Motive.COMPARISON: ("攀比", "攀比"),
    Motive.CONFORMITY: ("从众", "從眾"),
    Motive.CURIOSITY: ("猎奇", "獵奇"),
    Motive.HABIT: ("癖好", "癖好"),
}


# --- SEG-TEMPER ------------------------------------------------------------------------------


def test_seg_temper_has_the_five_temperaments() -> None:
    """SEG-TEMPER: exactly the seed's five temperaments, in the seed's order."""
    assert [t.value for t in Temperament] == [
        "irritable",
        "dependent",
        "picky",
        "experimenting",
        "rational",
    ]


@pytest.mark.parametrize(("temperament", "labels"), TEMPERAMENT_LABELS.items())
def test_seg_temper_labels_in_three_languages(
    temperament: Temperament, labels: tuple[str, str, str]
) -> None:
    """SEG-TEMPER: each temperament is labelled in en, zh_CN and zh_TW."""
    en, zh_cn, zh_tw = labels
    assert temperament.label("en") == en
    assert temperament.label("zh_CN") == zh_cn
    assert temperament.label("zh_TW") == zh_tw


def test_seg_temper_label_defaults_to_english() -> None:
    """SEG-TEMPER: label() without a language is English."""
    assert Temperament.IRRITABLE.label() == "Irritable"


@pytest.mark.parametrize("language", ["fr", "zh", "zh-CN", "EN", "", None, 0])
def test_seg_temper_unknown_language_raises(language: object) -> None:
    """SEG-TEMPER: a language outside en/zh_CN/zh_TW raises InvalidInputError naming language."""
    with pytest.raises(InvalidInputError, match=r"^language: expected one of en, zh_CN, zh_TW"):
        Temperament.PICKY.label(language)  # type: ignore[arg-type]


@pytest.mark.parametrize("temperament", list(Temperament))
def test_seg_temper_guidance_has_handling_and_a_reason(temperament: Temperament) -> None:
    """SEG-TEMPER: each temperament's guidance has traits, handling and a SEG-TEMPER reason."""
    guidance = temperament.guidance
    assert isinstance(guidance, Guidance)
    assert guidance.temperament is temperament
    assert guidance.traits.strip()
    assert guidance.handling
    assert all(step.strip() for step in guidance.handling)
    (reason,) = guidance.reasons
    assert reason.rule_id == "SEG-TEMPER"
    assert reason.detail == f"{temperament.label()} customer: {guidance.handling[0]}"


def test_seg_temper_irritable_handling() -> None:
    """SEG-TEMPER: irritable customers get warmth, gentleness, patience and a fast clear answer."""
    handling = " ".join(Temperament.IRRITABLE.guidance.handling)
    for word in ("warm", "gentle", "patient", "clear answer", "fast"):
        assert word in handling


def test_seg_temper_dependent_handling() -> None:
    """SEG-TEMPER: dependent customers are guided with consultative suggestions."""
    handling = " ".join(Temperament.DEPENDENT.guidance.handling)
    assert "guide" in handling
    assert "suggestions" in handling
    assert "consultative" in handling


def test_seg_temper_picky_handling() -> None:
    """SEG-TEMPER: picky customers get patience, several options and an answer to each objection."""
    handling = " ".join(Temperament.PICKY.guidance.handling)
    for phrase in ("patience", "several options", "each objection"):
        assert phrase in handling


def test_seg_temper_experimenting_guidance_mentions_new_products() -> None:
    """SEG-TEMPER: experimenting customers are patiently guided and told about new products."""
    guidance = Temperament.EXPERIMENTING.guidance
    handling = " ".join(guidance.handling)
    assert "new products" in handling
    assert "patiently" in handling
    assert "new products" in guidance.traits


def test_seg_temper_rational_handling() -> None:
    """SEG-TEMPER: rational customers get facts and reasoned persuasion, no empty talk."""
    handling = " ".join(Temperament.RATIONAL.guidance.handling)
    for phrase in ("facts", "empty talk", "reasoned persuasion"):
        assert phrase in handling


# --- SEG-MOTIVE -------------------------------------------------------------------------------


def test_seg_motive_has_the_nine_motives() -> None:
    """SEG-MOTIVE: exactly the seed's nine purchase motives, in the seed's order."""
    assert [m.value for m in Motive] == [
        "beauty",
        "low_price",
        "novelty",
        "prestige",
        "practicality",
        "comparison",
        "conformity",
        "curiosity",
        "habit",
    ]


@pytest.mark.parametrize(("motive", "labels"), MOTIVE_LABELS.items())
def test_seg_motive_chinese_labels(motive: Motive, labels: tuple[str, str]) -> None:
    """SEG-MOTIVE: each motive carries the seed's name in simplified and traditional Chinese."""
    zh_cn, zh_tw = labels
    assert motive.label("zh_CN") == zh_cn
    assert motive.label("zh_TW") == zh_tw


@pytest.mark.parametrize(
    ("motive", "english"),
    [
        (Motive.BEAUTY, "Beauty"),
        (Motive.LOW_PRICE, "Low price"),
        (Motive.PRACTICALITY, "Practicality"),
        (Motive.COMPARISON, "Keeping up with peers"),
        (Motive.HABIT, "Habit or hobby"),
    ],
)
def test_seg_motive_english_labels(motive: Motive, english: str) -> None:
    """SEG-MOTIVE: motives have English labels, the default language."""
    assert motive.label() == english
    assert motive.label("en") == english


def test_seg_motive_every_label_is_non_empty() -> None:
    """SEG-MOTIVE: every motive has a non-empty label in every language."""
    for motive in Motive:
        for language in ("en", "zh_CN", "zh_TW"):
            assert motive.label(language).strip(), (motive, language)  # type: ignore[arg-type]


@pytest.mark.parametrize("language", ["de", "zh_HK", None])
def test_seg_motive_unknown_language_raises(language: object) -> None:
    """SEG-MOTIVE: a language outside en/zh_CN/zh_TW raises InvalidInputError naming language."""
    with pytest.raises(InvalidInputError, match=r"^language: .* got "):
        Motive.PRACTICALITY.label(language)  # type: ignore[arg-type]
