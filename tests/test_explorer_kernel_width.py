"""The explorer of chapter 04 (lime_teach.explorers.kernel_width): its plain figure and its slider."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

from lime_teach import cosine_distance, effective_sample_size, kernel, sample_masks
from lime_teach.explorers import kernel_width as kernel_width_explorer


@pytest.fixture
def masks():
    return sample_masks(40, 300, random_state=0)


def test_draw_has_three_panels(masks):
    fig = kernel_width_explorer.draw(masks, kernel_width=0.25)
    assert isinstance(fig, matplotlib.figure.Figure)
    titled = [ax.get_title() for ax in fig.axes if ax.get_title()]
    assert len(titled) == 3


def test_draw_shows_the_kernel_of_its_width(masks):
    fig = kernel_width_explorer.draw(masks, kernel_width=0.4)
    lines = [line for ax in fig.axes for line in ax.get_lines() if line.get_label() == "kernel"]
    assert len(lines) == 1
    x, y = lines[0].get_data()
    assert np.allclose(y, kernel(x, 0.4))


def test_draw_reports_the_effective_sample_size(masks):
    for width in (0.05, 0.25, 2.0):
        fig = kernel_width_explorer.draw(masks, kernel_width=width)
        expected = effective_sample_size(kernel(cosine_distance(masks), width))
        assert f"effective sample size {expected:.0f} of 300" in [ax.get_title() for ax in fig.axes]
        marker = [line for line in fig.axes[2].get_lines() if line.get_marker() == "o"][0]
        assert np.isclose(marker.get_ydata()[0], expected)


def test_effective_sample_size_grows_with_the_kernel_width(masks):
    sizes = [effective_sample_size(kernel(cosine_distance(masks), w)) for w in (0.01, 0.1, 0.25, 1.0, 10.0)]
    assert np.all(np.diff(sizes) > 0)
    assert sizes[0] == pytest.approx(1.0, abs=0.01)   # only the image itself counts
    assert sizes[-1] == pytest.approx(300, rel=0.01)   # every sample counts the same


def test_draw_rejects_a_zero_width(masks):
    with pytest.raises(ValueError, match="kernel_width"):
        kernel_width_explorer.draw(masks, kernel_width=0)


def test_explorer_redraws_from_its_slider(masks, monkeypatch):
    pytest.importorskip("ipywidgets")
    drawn = []
    monkeypatch.setattr(kernel_width_explorer, "draw",
                        lambda masks, kernel_width: drawn.append(kernel_width) or plt.figure())
    explorer = kernel_width_explorer.explorer(masks, kernel_width=0.3)
    slider = explorer.children[0].children[0]
    assert slider.description == "kernel_width"
    slider.value = 1.0
    assert drawn[0] == pytest.approx(0.3)
    assert drawn[-1] == pytest.approx(1.0)


def test_explorer_figure_has_more_pixels_than_it_is_shown_with(masks):
    pytest.importorskip("ipywidgets")
    from lime_teach.explorers.widgets import PIXEL_RATIO, png_size

    figure = kernel_width_explorer.explorer(masks).children[-1]
    width, _ = png_size(bytes(figure.value))
    assert figure.layout.width == f"{round(width / PIXEL_RATIO)}px"
    assert figure.layout.max_width == "100%", "a narrow cell scales the figure down, never sideways out of view"
