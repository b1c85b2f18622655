"""The WCAG contrast arithmetic the browser tests rely on, against the values WCAG itself gives."""

from __future__ import annotations

import pytest

from tests.web.support import blend, contrast_ratio, low_contrast, parse_colour, relative_luminance


def test_relative_luminance_and_ratio_match_wcag() -> None:
    assert relative_luminance((0, 0, 0)) == 0 and relative_luminance((255, 255, 255)) == pytest.approx(1)
    assert contrast_ratio((0, 0, 0), (255, 255, 255)) == pytest.approx(21)
    assert contrast_ratio((255, 255, 255), (0, 0, 0)) == pytest.approx(21), "order does not matter"
    assert contrast_ratio((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)  # #767676
    assert contrast_ratio((119, 119, 119), (255, 255, 255)) < 4.5  # #777777, the classic near miss


def test_computed_colours_and_layers() -> None:
    assert parse_colour("rgb(1, 2, 3)") == (1, 2, 3, 1.0)
    assert parse_colour("rgba(0, 0, 0, 0)") == (0, 0, 0, 0.0)
    assert blend((0, 0, 0, 0.5), (255, 255, 255)) == (127.5, 127.5, 127.5)
    with pytest.raises(ValueError):
        parse_colour("red")
    white_on_white = {"tag": "button", "id": "x", "cls": "link", "text": "转人工", "color": "rgb(255, 255, 255)"}
    samples = [
        {**white_on_white, "layers": ["rgba(0, 0, 0, 0)", "rgb(243, 243, 243)"]},
        {**white_on_white, "layers": ["rgb(179, 38, 30)"]},
    ]
    found = low_contrast(samples)
    assert [f.text for f in found] == ["转人工"] and found[0].ratio < 1.2
