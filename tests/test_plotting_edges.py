"""Figures at their edges (lime_teach.plotting): a bad label leaves no figure behind, titles and colours are known."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import lime_teach as lt  # noqa: E402
from lime_teach import plotting  # noqa: E402
from test_explanation_edges import SEGMENTS, IMAGE, QuadrantBrightness  # noqa: E402


@pytest.fixture(scope="module")
def explanation():
    samples = lt.sample(IMAGE, QuadrantBrightness(), SEGMENTS, num_samples=40, hide_color=0, random_state=0,
                        progress=False)
    exp = lt.fit(samples, [0, 2], alpha=0.0, feature_selection="none")
    exp.local_exp[2] = [(2, 0.4), (1, -0.2), (0, 0.0), (3, 0.0)]
    return exp


@pytest.mark.parametrize("draw", [plotting.show_explanation, plotting.show_heatmap])
def test_an_unexplained_label_raises_before_opening_a_figure(explanation, draw):
    plt.close("all")
    with pytest.raises(KeyError, match="label 7 was not explained"):
        draw(explanation, 7)
    assert plt.get_fignums() == []


def test_show_explanation_tints_for_green_and_against_red(explanation):
    ax = plotting.show_explanation(explanation, 2, num_features=2)
    shown = ax.get_images()[0].get_array()
    image = IMAGE / 255.0
    np.testing.assert_allclose(shown[5, 1], 0.55 * image[5, 1] + 0.45 * np.array(plotting.POSITIVE))
    np.testing.assert_allclose(shown[1, 5], 0.55 * image[1, 5] + 0.45 * np.array(plotting.NEGATIVE))
    np.testing.assert_allclose(shown[6, 6], 0.55 * image[6, 6])  # not chosen: dimmed
    assert ax.get_title() == "label 2: top 2 superpixels"
    assert shown[4, 0].tolist() == [1.0, 1.0, 1.0]  # the outline, inside the tinted superpixel


def test_show_heatmap_is_symmetric_around_white(explanation):
    ax = plotting.show_heatmap(explanation, 2, title="weights")
    heat = ax.get_images()[1]
    assert heat.get_clim() == (-0.4, 0.4)
    np.testing.assert_allclose(heat.get_array(), explanation.heatmap(2))
    assert ax.get_title() == "weights"


def test_show_segments_counts_the_superpixels():
    ax = plotting.show_segments(IMAGE, SEGMENTS)
    assert ax.get_title() == "4 superpixels"
    assert plotting.show_segments(IMAGE, SEGMENTS, title="grid").get_title() == "grid"


def test_float_images_are_clipped_and_integer_images_scaled():
    np.testing.assert_allclose(plotting._as_float(np.array([[0, 255]], np.uint8)), [[0.0, 1.0]])
    np.testing.assert_allclose(plotting._as_float(np.array([[-0.5, 0.5, 1.5]])), [[0.0, 0.5, 1.0]])
