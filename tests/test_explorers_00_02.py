"""The explorers of chapters 00 (toy LIME on the plane) and 02 (superpixels): figures and widgets."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

from lime_teach import segmentation, toy  # noqa: E402
from lime_teach.explorers import superpixels, toy2d  # noqa: E402


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def forest():
    return toy.black_box(random_state=0)


@pytest.fixture(scope="module")
def image():
    """48 x 48: four coloured quadrants with a little noise, quick to segment."""
    rng = np.random.RandomState(0)
    quadrants = np.kron(np.array([[0, 1], [2, 3]]), np.ones((24, 24), int))
    colours = np.array([[200, 30, 30], [30, 200, 30], [30, 30, 200], [220, 220, 40]])
    return np.clip(colours[quadrants] + rng.normal(0, 8, size=(48, 48, 3)), 0, 255).astype(np.uint8)


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
    from lime_teach.explorers import CHAR_PX

    controls = toy2d.explorer().children[0].children
    for control in controls:
        assert int(control.style.description_width.removesuffix("px")) >= len("num_samples") * CHAR_PX


def test_toy_figure_title_names_every_setting(forest):
    title = toy2d.draw((1.0, -0.5), kernel_width=0.3, num_samples=60, scale=0.5, forest=forest).axes[0].get_title()
    for shown in ("point=(1.00, -0.50)", "kernel_width=0.3", "scale=0.5", "60 samples"):
        assert shown in title


@pytest.mark.parametrize("method", ["quickshift", "slic", "felzenszwalb"])
def test_superpixel_figure_counts_the_superpixels(image, method):
    fig = superpixels.draw(image, method)
    expected = segmentation.num_superpixels(segmentation.segment(image, method))
    assert fig.axes[0].get_title() == f"{method}: {expected} superpixels"


def test_superpixel_figure_passes_the_parameters_on(image):
    few = superpixels.draw(image, "slic", n_segments=4).axes[0].get_title()
    many = superpixels.draw(image, "slic", n_segments=64).axes[0].get_title()
    assert int(few.split()[1]) < int(many.split()[1])
    fig = superpixels.draw(image, "slic", name="quadrants", n_segments=4, compactness=10)
    assert fig.get_suptitle() == "quadrants, slic, n_segments=4, compactness=10"


def test_one_superpixel_is_singular_and_its_size_axis_has_no_offset(image):
    fig = superpixels.draw(image, "slic", n_segments=1, compactness=10)
    assert fig.axes[0].get_title() == "slic: 1 superpixel"
    fig.canvas.draw()
    assert fig.axes[1].xaxis.get_offset_text().get_text() == ""
    assert "2304" in [tick.get_text() for tick in fig.axes[1].get_xticklabels()] or \
        max(tick.get_position()[0] for tick in fig.axes[1].get_xticklabels()) >= 2000


def test_superpixel_figure_rejects_an_unknown_method(image):
    with pytest.raises(ValueError, match="method"):
        superpixels.draw(image, "watershed")


def test_every_slider_default_is_within_its_range():
    for method, ranges in superpixels.SLIDERS.items():
        for name, (low, high, _) in ranges.items():
            assert low <= superpixels.DEFAULTS[method][name] <= high, (method, name)


def test_superpixel_explorer_shows_the_sliders_of_the_chosen_method(image):
    widget = superpixels.explorer({"a": image, "b": image[::-1]})
    controls, _ = widget.children
    image_menu, method_menu, *sliders = controls.children
    assert [s.description for s in sliders] == list(superpixels.SLIDERS["quickshift"])
    method_menu.value = "felzenszwalb"
    assert [s.description for s in controls.children[2:]] == list(superpixels.SLIDERS["felzenszwalb"])
