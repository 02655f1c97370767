"""What the figures of lime_teach.plotting show, pixel by pixel, on a 3 x 3 grid of known colours and weights."""

import dataclasses
import logging

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from blackboxes import grid_segmentation

import lime_teach as lt
from lime_teach import plotting
from lime_teach.explanation import PerLabel

matplotlib.use("Agg")  # figures are drawn, never shown

# A 9 x 9 image cut into a 3 x 3 grid of 3 x 3 superpixels, labels 0..8 row by row;
# superpixel k has the colour (20 + 20k, 100, 200 - 20k) on lime's 0..255 scale.
SEGMENTS = grid_segmentation(3)(np.zeros((9, 9, 3)))
IMAGE = np.zeros((9, 9, 3), np.uint8)
for _k in range(9):
    IMAGE[SEGMENTS == _k] = (20 + 20 * _k, 100, 200 - 20 * _k)
PIXELS = IMAGE / 255.0
CENTRE = {k: (3 * (k // 3) + 1, 3 * (k % 3) + 1) for k in range(9)}  # the one pixel of k not on its border
POSITIVE, NEGATIVE = np.array(plotting.POSITIVE), np.array(plotting.NEGATIVE)


def mean_brightness(images):
    brightness = np.asarray(images, float).mean(axis=(1, 2, 3)) / 255
    return np.stack([1 - brightness, brightness], axis=1)


@pytest.fixture(scope="module")
def fitted():
    samples = lt.sample(IMAGE, mean_brightness, SEGMENTS, num_samples=20, hide_color=0, random_state=0,
                        progress=False)
    return lt.fit(samples, [1], alpha=0.0, feature_selection="none")


@pytest.fixture
def explained(fitted):
    """An Explanation of IMAGE whose weights for label 1 are the ones given, by decreasing |weight|."""
    return lambda weights: dataclasses.replace(fitted, local_exp=PerLabel({1: list(weights)}))


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def drawn(ax, index=0):
    """The RGB(A) data of the Axes' index-th image as a float array; pixels matplotlib masked (NaN) stay NaN."""
    return np.ma.filled(np.ma.asarray(ax.get_images()[index].get_array(), dtype=float), np.nan)


DRAWINGS = {
    "segments": lambda exp, ax: plotting.show_segments(exp.image, exp.segments, ax=ax),
    "explanation": lambda exp, ax: plotting.show_explanation(exp, 1, ax=ax),
    "heatmap": lambda exp, ax: plotting.show_heatmap(exp, 1, ax=ax),
}


@pytest.mark.parametrize("draw", sorted(DRAWINGS))
def test_a_new_figure_is_four_inches_square_with_its_axis_hidden(explained, draw):
    exp = explained([(4, 0.5), (0, -0.4)])
    ax = DRAWINGS[draw](exp, None)
    assert ax.figure.get_size_inches().tolist() == [4.0, 4.0]
    assert not ax.axison, "no ticks or frame around an image"
    _, given = plt.subplots(figsize=(2, 3))
    assert DRAWINGS[draw](exp, given) is given and not given.axison
    assert given.figure.get_size_inches().tolist() == [2.0, 3.0], "a given Axes keeps its figure"


def test_show_explanation_tints_the_top_five_superpixels_by_default(explained):
    ax = plotting.show_explanation(explained([(4, 0.5), (0, -0.4), (1, 0.3), (8, -0.2), (2, 0.1), (3, 0.05)]), 1)
    shown = drawn(ax)
    assert ax.get_title() == "label 1: top 5 superpixels"
    for k, colour in [(4, POSITIVE), (0, NEGATIVE), (1, POSITIVE), (8, NEGATIVE), (2, POSITIVE)]:
        np.testing.assert_allclose(shown[CENTRE[k]], 0.55 * PIXELS[CENTRE[k]] + 0.45 * colour)
    for k in (3, 5, 6, 7):  # the sixth weight and the unweighted superpixels: dimmed, not tinted
        np.testing.assert_allclose(shown[SEGMENTS == k], 0.55 * PIXELS[SEGMENTS == k])


def test_show_explanation_blends_with_the_opacity_given(explained):
    ax = plotting.show_explanation(explained([(4, 0.5), (0, -0.4)]), 1, num_features=2, opacity=0.2)
    shown = drawn(ax)
    np.testing.assert_allclose(shown[CENTRE[4]], 0.8 * PIXELS[CENTRE[4]] + 0.2 * POSITIVE)
    np.testing.assert_allclose(shown[CENTRE[0]], 0.8 * PIXELS[CENTRE[0]] + 0.2 * NEGATIVE)
    np.testing.assert_allclose(shown[SEGMENTS == 8], 0.55 * PIXELS[SEGMENTS == 8])  # dimming ignores opacity


def test_only_a_positive_weight_is_evidence_for_a_zero_weight_is_tinted_red(explained):
    shown = drawn(plotting.show_explanation(explained([(5, 1e-12), (4, 0.0)]), 1, num_features=2))
    np.testing.assert_allclose(shown[CENTRE[4]], 0.55 * PIXELS[CENTRE[4]] + 0.45 * NEGATIVE)
    np.testing.assert_allclose(shown[CENTRE[5]], 0.55 * PIXELS[CENTRE[5]] + 0.45 * POSITIVE)


def test_the_outline_is_white_along_the_inner_border_of_each_tinted_superpixel(explained):
    shown = drawn(plotting.show_explanation(explained([(4, 0.5), (1, -0.3)]), 1, num_features=2))
    white = np.zeros((9, 9), int)
    white[0:3, 3] = white[0:3, 5] = white[2:6, 3] = white[2:6, 5] = white[2, 4] = white[3, 4] = white[5, 4] = 1
    np.testing.assert_array_equal((shown == 1.0).all(axis=-1).astype(int), white)
    assert not np.isnan(shown).any()


def test_superpixel_zero_is_outlined_like_any_other(explained):
    shown = drawn(plotting.show_explanation(explained([(0, 0.5)]), 1, num_features=1))
    white = np.zeros((9, 9), int)
    white[0:3, 2] = white[2, 0:3] = 1  # its border with superpixels 1 and 3
    np.testing.assert_array_equal((shown == 1.0).all(axis=-1).astype(int), white)


def test_show_explanation_draws_within_the_valid_range_without_clipping(explained, caplog):
    # superpixel 8 is bright (180/255 in red); dimmed it stays below 1, and the outline is exactly 1
    with caplog.at_level(logging.WARNING, logger="matplotlib"):
        shown = drawn(plotting.show_explanation(explained([(4, 0.5)]), 1))
    assert not [r for r in caplog.records if "Clipping" in r.getMessage()], "matplotlib clipped the pixels"
    assert 0.0 <= np.nanmin(shown) and np.nanmax(shown) == 1.0
    np.testing.assert_allclose(shown[SEGMENTS == 8], 0.55 * PIXELS[SEGMENTS == 8])


def test_show_explanation_uses_the_title_given(explained):
    assert plotting.show_explanation(explained([(4, 0.5)]), 1, title="why a cat").get_title() == "why a cat"


def test_show_heatmap_lays_the_weights_over_the_faded_image(explained):
    ax = plotting.show_heatmap(explained([(4, 0.4), (0, -0.8), (8, 0.2)]), 1)
    background, heat = ax.get_images()
    np.testing.assert_allclose(drawn(ax, 0), PIXELS)
    assert background.get_alpha() == 0.35
    expected = np.zeros((9, 9))
    expected[SEGMENTS == 4], expected[SEGMENTS == 0], expected[SEGMENTS == 8] = 0.4, -0.8, 0.2
    np.testing.assert_allclose(drawn(ax, 1), expected)
    assert heat.get_alpha() == 0.75 and heat.get_cmap().name == "RdYlGn"
    assert heat.get_clim() == (-0.8, 0.8), "symmetric around 0 (white) even when the largest weight is smaller"
    assert heat.colorbar is not None and heat.colorbar.ax.figure is ax.figure
    assert ax.get_title() == "label 1: superpixel weights"


def test_show_heatmap_of_all_zero_weights_spans_minus_one_to_one(explained):
    heat = plotting.show_heatmap(explained([(4, 0.0), (0, 0.0)]), 1, title="nothing").get_images()[1]
    assert heat.get_clim() == (-1.0, 1.0)
    assert heat.axes.get_title() == "nothing"


def test_the_colorbar_takes_a_slim_strip_right_of_the_heatmap(explained):
    _, ax = plt.subplots()
    before = ax.get_position(original=True)
    heat = plotting.show_heatmap(explained([(4, 0.4)]), 1, ax=ax).get_images()[1]
    bar, after = heat.colorbar.ax.get_position(original=True), ax.get_position(original=True)
    assert bar.width == pytest.approx(0.046 * before.width)  # fraction=0.046 of the Axes' width
    assert bar.x0 - after.x1 == pytest.approx(0.04 * before.width)  # pad=0.04
    assert bar.x1 == pytest.approx(before.x1) and (bar.y0, bar.height) == pytest.approx((before.y0, before.height))
