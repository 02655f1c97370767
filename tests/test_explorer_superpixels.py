"""The explorer of chapter 02 (lime_teach.explorers.superpixels): segmentations side by side, sliders per method."""

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

from blackboxes import four_quadrants  # noqa: E402
from lime_teach import segmentation  # noqa: E402
from lime_teach.explorers import superpixels  # noqa: E402


@pytest.fixture(scope="module")
def image():
    return four_quadrants()


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
