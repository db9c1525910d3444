"""WCAG 2.1 contrast of theme colours."""

import pytest

from ebiblio_portal.defaults.national_theme import NATIONAL
from ebiblio_portal.themes.contrast import PAIRS, Pair, contrast_ratio, failures, parse, relative_luminance
from ebiblio_portal.themes.folders import load_folder
from ebiblio_portal.themes.looks import colours_of, theme_failures

from .conftest import THEMES


def test_luminance_and_ratio_follow_wcag():
    assert relative_luminance((255, 255, 255)) == pytest.approx(1.0)
    assert relative_luminance((0, 0, 0)) == 0
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#fff", "#ffffff") == pytest.approx(1.0)
    # Order does not matter; a well-known pair from WebAIM: #767676 on white is 4.54:1.
    assert contrast_ratio("#ffffff", "#767676") == pytest.approx(4.542, abs=0.001)


def test_colours_are_parsed_only_as_hex():
    assert parse("#0B4f3c") == (11, 79, 60)
    assert parse("#abc") == (170, 187, 204)
    for bad in ("red", "#12345", "rgb(0,0,0)", "#gggggg", "", "#1234567"):
        assert parse(bad) is None


def test_the_example_themes_pass():
    from ebiblio_theme_kauniainen.plugin import THEME

    assert theme_failures(NATIONAL) == []
    assert theme_failures(THEME) == []
    assert theme_failures(load_folder(f"{THEMES}/jakobstad")) == []


def test_a_grey_just_too_light_fails_and_is_named_with_its_ratio():
    tokens = dict(colours_of(NATIONAL), **{"color-text": "#777777"})
    (first, *_rest) = failures(tokens)
    assert first.describe() == "text #777777 on background #ffffff is 4.48:1, needs 4.5:1"
    tokens["color-text"] = "#767676"
    # Now only the darker surface is too light for it.
    assert [(f.pair.foreground, f.pair.background) for f in failures(tokens)] == [("color-text", "color-surface")]


def test_the_minimum_itself_passes_and_a_hair_below_fails():
    exact = contrast_ratio("#767676", "#ffffff")
    tokens = {"color-text": "#767676", "color-background": "#ffffff"}
    assert failures(tokens, [Pair("color-text", "color-background", exact, "x")]) == []
    (failure,) = failures(tokens, [Pair("color-text", "color-background", exact + 1e-9, "x")])
    assert failure.ratio == exact


def test_a_failing_ratio_is_never_shown_rounded_up_to_its_minimum():
    # #158a00 on white is 4.4994:1; rounded it would read "4.50:1, needs 4.5:1".
    tokens = dict(colours_of(NATIONAL), **{"color-primary": "#158a00"})
    failure = next(f for f in failures(tokens) if f.pair.foreground == "color-primary")
    assert 4.499 < failure.ratio < 4.5
    assert failure.describe() == "primary #158a00 on background #ffffff is 4.49:1, needs 4.5:1"
    # #959595 on white is 2.995:1 against the focus ring's 3:1.
    (focus,) = failures(dict(colours_of(NATIONAL), **{"color-focus": "#959595"}))
    assert focus.describe() == "focus #959595 on background #ffffff is 2.99:1, needs 3:1"


def test_non_text_pairs_need_three_to_one():
    focus = next(pair for pair in PAIRS if pair.foreground == "color-focus")
    assert focus.minimum == 3.0
    tokens = dict(colours_of(NATIONAL), **{"color-focus": "#a0a0a0"})  # 2.6:1 on white
    assert [failure.pair for failure in failures(tokens)] == [focus]


def test_a_colour_that_is_not_hex_fails_without_a_ratio():
    tokens = dict(colours_of(NATIONAL), **{"color-primary": "navy"})
    found = failures(tokens)
    assert found and all(failure.ratio is None for failure in found)
    assert "'navy'" in found[0].describe()
