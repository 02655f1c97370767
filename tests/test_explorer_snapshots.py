"""Every explorer's figures and widgets match their reviewed snapshots (tests/fixtures/explorers/*.json).

Each test draws an explorer's figure with fixed settings (several where a branch depends on
them), or builds its widget and records the figures it shows, and compares their description
(tests/snapshots.py: sizes, titles, labels, limits, ticks, legends, every artist's colours, line
widths, markers, colour maps and data; every control's range, step, value, layout and style)
with the reviewed snapshot. A missing or different snapshot fails, naming the first differing keys.

After an intended change: look at the figures first (``LIME_TEACH_SNAPSHOT_PNGS=/tmp/figures``
saves each one there as a PNG), then rewrite the snapshots with
``LIME_TEACH_UPDATE_SNAPSHOTS=1 pytest tests/test_explorer_snapshots.py`` and review the diff.
"""

import os
import pathlib

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

pytest.importorskip("ipywidgets")

from blackboxes import STUDY_IMAGE as IMAGE, STUDY_SEGMENTATIONS as SEGMENTATIONS  # noqa: E402
from blackboxes import NamedStudyBlackBox as NamedBlackBox, four_quadrants  # noqa: E402
from snapshots import compare, describe_figure, describe_widget  # noqa: E402

from lime_teach import sample_masks, toy  # noqa: E402
from lime_teach.explorers import kernel_width, parameters, superpixels, toy2d  # noqa: E402
from lime_teach.explorers import widgets as explorer_widgets  # noqa: E402

FIXTURES = pathlib.Path(__file__).parent / "fixtures" / "explorers"


def check_figure(name, fig):
    """Compare ``fig`` with the snapshot ``name``.json (saving it as a PNG for review if asked)."""
    description = describe_figure(fig)   # before any drawing, which would move the axes and map the colours
    review = os.environ.get("LIME_TEACH_SNAPSHOT_PNGS")
    if review:
        pathlib.Path(review).mkdir(parents=True, exist_ok=True)
        fig.savefig(pathlib.Path(review) / f"{name}.png", dpi=80)
    plt.close(fig)
    compare(description, FIXTURES / f"{name}.json")


class Shown(list):
    """Descriptions of the figures shown; once ``rendered`` is False, a redraw makes a tiny PNG only (faster)."""

    rendered = True


@pytest.fixture
def shown(monkeypatch, request):
    """The descriptions of the figures the explorers turn into PNGs, in order."""
    figures = Shown()
    original = explorer_widgets.to_png

    def record(fig, *args, **kwargs):
        figures.append(describe_figure(fig))
        review = os.environ.get("LIME_TEACH_SNAPSHOT_PNGS")
        if review:
            pathlib.Path(review).mkdir(parents=True, exist_ok=True)
            fig.savefig(pathlib.Path(review) / f"{request.node.name}-shown-{len(figures)}.png", dpi=80)
        if not figures.rendered:
            plt.close(fig)
            fig = plt.figure(figsize=(0.1, 0.1))
        return original(fig, *args, **kwargs)

    monkeypatch.setattr(explorer_widgets, "to_png", record)
    monkeypatch.setattr(parameters, "to_png", record)
    return figures


# --- chapter 00: LIME on the plane ---

@pytest.fixture(scope="module")
def forest():
    return toy.black_box(random_state=1)


class StepForest:
    """A black box on the plane: class 1 exactly where x1 > 0 (a flat surrogate far from x1 = 0)."""

    def predict_proba(self, points):
        p = (np.asarray(points)[:, 0] > 0).astype(float)
        return np.column_stack([1 - p, p])


class SlopeForest:
    """A black box on the plane whose P(class 1) rises from 0.25 to 0.75 across x1 = 0: a vertical boundary."""

    def predict_proba(self, points):
        p = 0.25 + 0.5 / (1 + np.exp(-4 * np.asarray(points)[:, 0]))
        return np.column_stack([1 - p, p])


def test_toy2d_defaults():
    # No forest, no grid: the default black box (random_state 0) and its grid; default point and settings.
    check_figure("toy2d_defaults", toy2d.draw())


def test_toy2d_given_forest_and_grid(forest):
    # The given forest and a coarse grid are used as they are, even with another random_state.
    grid = toy2d.probability_grid(forest, resolution=25)
    check_figure("toy2d_given_forest_and_grid",
                 toy2d.draw((1.0, -0.3), kernel_width=0.3, num_samples=80, scale=0.5, random_state=2, forest=forest,
                            grid=grid))


def test_toy2d_without_a_local_boundary():
    # Every sample on the same side of the step: a flat surrogate, no dashed line (only the legend's proxy).
    step = StepForest()
    fig = toy2d.draw((2.0, 0.5), kernel_width=0.2, num_samples=50, scale=0.1, forest=step,
                     grid=toy2d.probability_grid(step, resolution=30))
    assert not [line for line in fig.axes[0].lines if line.get_linestyle() == "--" and len(line.get_xdata())]
    check_figure("toy2d_without_a_local_boundary", fig)


def test_toy2d_steep_local_boundary_and_probabilities_inside_0_1():
    # The local line is steeper than 45 degrees (it spans the y limits); colours still span 0..1.
    slope = SlopeForest()
    grid = toy2d.probability_grid(slope, resolution=30)
    check_figure("toy2d_steep_local_boundary",
                 toy2d.draw((0.3, 0.2), kernel_width=0.6, num_samples=60, scale=0.6, forest=slope, grid=grid))


def test_toy2d_explorer(shown):
    widget = toy2d.explorer(random_state=1)
    opened = describe_widget(widget)
    *_, scale, num_samples = widget.children[0].children
    shown.rendered = False
    num_samples.value = 100
    scale.value = 0.5
    compare({"widget": opened, "figures": shown}, FIXTURES / "toy2d_explorer.json")


# --- chapter 02: superpixels ---

@pytest.fixture(scope="module")
def quadrants():
    return four_quadrants()


def test_superpixels_defaults(quadrants):
    check_figure("superpixels_defaults", superpixels.draw(quadrants))


def test_superpixels_named_with_parameters(quadrants):
    check_figure("superpixels_named_with_parameters",
                 superpixels.draw(quadrants, "slic", name="quadrants", n_segments=6, compactness=20))


def test_superpixels_one_superpixel(quadrants):
    check_figure("superpixels_one_superpixel", superpixels.draw(quadrants, "felzenszwalb", scale=1000,
                                                                min_size=3000))


def test_superpixels_explorer(quadrants, shown):
    widget = superpixels.explorer({"quadrants": quadrants, "flipped": quadrants[::-1]})
    opened = describe_widget(widget)
    method = widget.children[0].children[1]
    method.value = "slic"
    compare({"widget": opened, "figures": shown, "widget after choosing slic": describe_widget(widget)},
            FIXTURES / "superpixels_explorer.json")


def test_superpixels_explorer_of_one_image(quadrants, shown):
    widget = superpixels.explorer(quadrants[:24, :24])
    compare({"widget": describe_widget(widget), "figures": shown}, FIXTURES / "superpixels_explorer_of_one_image.json")


# --- chapter 04: the kernel width ---

@pytest.fixture(scope="module")
def masks():
    return sample_masks(12, 60, random_state=0)


def test_kernel_width_defaults(masks):
    check_figure("kernel_width_defaults", kernel_width.draw(masks))


def test_kernel_width_explorer(masks, shown):
    widget = kernel_width.explorer(masks)
    opened = describe_widget(widget)
    shown.rendered = False
    widget.children[0].children[0].value = 2.0
    compare({"widget": opened, "figures": shown}, FIXTURES / "kernel_width_explorer.json")


# --- chapter 07: every parameter ---



def test_parameters_defaults():
    # The default segmentations (quickshift first), 1000 samples, the top label, five superpixels.
    study = parameters.ParameterStudy(IMAGE, NamedBlackBox(), progress=False)
    check_figure("parameters_defaults", parameters.plot_parameter_study(study))


def test_parameters_positive_only():
    study = parameters.ParameterStudy(IMAGE, NamedBlackBox(), top_labels=3, segmentations=SEGMENTATIONS,
                                      progress=False)
    check_figure("parameters_positive_only", parameters.plot_parameter_study(
        study, label=study.labels[1], num_samples=60, hide_color=0, segmentation="slic, 16", kernel_width=0.5,
        feature_selection="highest_weights", num_features=3, positive_only=True))


def test_parameters_without_feature_selection():
    # All 16 superpixels in the surrogate, three of them tinted.
    study = parameters.ParameterStudy(IMAGE, NamedBlackBox(), top_labels=3, segmentations=SEGMENTATIONS,
                                      progress=False)
    check_figure("parameters_without_feature_selection", parameters.plot_parameter_study(
        study, num_samples=50, segmentation="slic, 16", feature_selection="none", num_features=3))


def test_parameters_explorer(shown):
    study = parameters.ParameterStudy(IMAGE, NamedBlackBox(), top_labels=3, segmentations=SEGMENTATIONS,
                                      progress=False)
    widget = parameters.explorer(study, max_samples=300)
    compare({"widget": describe_widget(widget), "figures": shown}, FIXTURES / "parameters_explorer.json")


def test_parameters_explorer_after_a_study():
    # 130 samples computed for the first segmentation: the slider starts there; defaults: max_samples 1000.
    study = parameters.ParameterStudy(IMAGE, NamedBlackBox(), top_labels=2, segmentations=SEGMENTATIONS,
                                      progress=False)
    study.samples(130, None, "slic, 16")
    widget = parameters.explorer(study)
    compare(describe_widget(widget), FIXTURES / "parameters_explorer_after_a_study.json")
