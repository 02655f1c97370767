"""Figures of explanations (lime_teach.plotting): drawn on the Axes given, integer images as uint8."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

import lime_teach as lt
from blackboxes import RegionColourClassifier, grid_segmentation, small_image
from lime_teach import plotting

matplotlib.use("Agg")  # figures are drawn, never shown

SIZE = 64




@pytest.fixture(scope="module")
def chelsea():
    return small_image("chelsea")


@pytest.fixture(scope="module")
def chelsea_segments(chelsea):
    return lt.segment(chelsea, "slic", n_segments=20)


@pytest.fixture(scope="module")
def explanation(chelsea):
    """A small explanation with a few superpixels left out of local_exp (num_features=4)."""
    return lt.explain(chelsea, RegionColourClassifier(), segmentation_fn=grid_segmentation(4), num_samples=200,
                      num_features=4, top_labels=3, random_state=0, progress=False)


@pytest.fixture(scope="module")
def label(explanation):
    """A label whose top three superpixels hold evidence both for and against it."""
    return next(label for label in explanation.labels
                if len({np.sign(w) for _, w in explanation.local_exp[label][:3]}) == 2)


@pytest.mark.parametrize("draw", ["segments", "explanation", "heatmap"])
def test_plotting_functions_return_axes(explanation, label, draw):
    calls = {
        "segments": lambda ax: plotting.show_segments(explanation.image, explanation.segments, ax=ax),
        "explanation": lambda ax: plotting.show_explanation(explanation, label, num_features=3, ax=ax),
        "heatmap": lambda ax: plotting.show_heatmap(explanation, label, ax=ax),
    }
    try:
        new = calls[draw](None)
        assert isinstance(new, matplotlib.axes.Axes)
        _, given = plt.subplots()
        assert calls[draw](given) is given, "an Axes passed in is drawn on and returned"
        assert given.get_images(), "something was drawn"
    finally:
        plt.close("all")


def test_plots_draw_an_integer_image_as_its_uint8_twin(chelsea, chelsea_segments):
    try:
        as_uint8 = plotting.show_segments(chelsea, chelsea_segments).get_images()[0].get_array()
        as_int64 = plotting.show_segments(chelsea.astype(np.int64), chelsea_segments).get_images()[0].get_array()
        np.testing.assert_allclose(as_int64, as_uint8)
    finally:
        plt.close("all")
