"""The explorer of chapter 00 (lime_teach.explorers.toy2d): LIME on the plane, its figure and sliders."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lime_teach import toy  # noqa: E402
from lime_teach.explorers import toy2d  # noqa: E402


@pytest.fixture(scope="module")
def forest():
    return toy.black_box(random_state=0)


def test_toy_figure_shows_the_kernel_width_and_the_fidelity(forest):
    fig = toy2d.draw((0.5, 0.25), kernel_width=0.4, num_samples=100, forest=forest)
    ax = fig.axes[0]
    exp = toy.explain_point(forest.predict_proba, (0.5, 0.25), kernel_width=0.4, num_samples=100, random_state=0)
    assert "kernel_width=0.4" in ax.get_title()
    assert f"{exp.score:.2f}" in ax.get_title()
    dashed = [line for line in ax.get_lines() if line.get_linestyle() == "--" and len(line.get_xdata()) == 2]
    assert dashed, "the local boundary is drawn"
    np.testing.assert_allclose(np.column_stack([dashed[0].get_xdata(), dashed[0].get_ydata()]) @ exp.coef + exp.intercept,
                               [0.5, 0.5], atol=1e-9)


def test_toy_figure_draws_on_the_given_axes(forest):
    fig, axes = plt.subplots(1, 2)
    grid = toy2d.probability_grid(forest, resolution=20)
    assert toy2d.draw((1.0, 0.4), 1.0, 50, forest=forest, grid=grid, ax=axes[1]) is fig
    assert axes[1].get_title() and not axes[0].get_title()


def test_toy_explorer_has_a_slider_per_parameter():
    widget = toy2d.explorer()
    controls, figure = widget.children
    names = [child.description for child in controls.children]
    assert names == ["x1", "x2", "kernel_width", "scale", "num_samples"]
    assert bytes(figure.value).startswith(b"\x89PNG")


def test_toy_explorer_labels_fit_their_full_names():
    from lime_teach.explorers.widgets import CHAR_PX

    controls = toy2d.explorer().children[0].children
    for control in controls:
        assert int(control.style.description_width.removesuffix("px")) >= len("num_samples") * CHAR_PX


def test_toy_figure_title_names_every_setting(forest):
    title = toy2d.draw((1.0, -0.5), kernel_width=0.3, num_samples=60, scale=0.5, forest=forest).axes[0].get_title()
    for shown in ("point=(1.00, -0.50)", "kernel_width=0.3", "scale=0.5", "60 samples"):
        assert shown in title
