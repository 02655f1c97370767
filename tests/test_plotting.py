"""Figures of explanations (lime_teach.plotting): drawn on the Axes given, integer images as uint8."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest

from lime_teach import plotting

matplotlib.use("Agg")  # figures are drawn, never shown

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
