"""The parameter-study explorer of chapter 07 (lime_teach.explorers.parameters): re-fits without the model, computes only what is new."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest

import lime_teach as lt
from blackboxes import STUDY_IMAGE as IMAGE, STUDY_SEGMENTATIONS as SEGMENTATIONS  # the model's stand-in
from blackboxes import study_black_box as black_box
from lime_teach.explorers import parameters



@pytest.fixture
def study():
    return parameters.ParameterStudy(IMAGE, black_box, random_state=0, top_labels=3,
                                     segmentations=SEGMENTATIONS, progress=False)


def test_study_matches_explain(study):
    exp = study.explanation(study.labels[1], num_samples=80, segmentation="slic, 16", kernel_width=0.4)
    segments = study.segments("slic, 16")
    reference = lt.explain(IMAGE, black_box, top_labels=None, labels=[study.labels[1]], num_samples=80,
                           segmentation_fn=lambda image: segments, kernel_width=0.4, random_state=0,
                           progress=False)
    np.testing.assert_allclose(exp.local_exp[study.labels[1]], reference.local_exp[study.labels[1]], atol=1e-12)


def test_labels_are_the_most_probable(study):
    assert study.labels == list(np.argsort(black_box(IMAGE[None])[0])[::-1][:3])


def test_refit_parameters_make_no_model_call(study):
    study.explanation(num_samples=100, segmentation="slic, 16")
    calls = study.cache.calls
    for setting in [dict(kernel_width=0.1), dict(kernel_width=2.0), dict(feature_selection="lasso_path", num_features=3),
                    dict(feature_selection="forward_selection", num_features=2), dict(label=study.labels[2])]:
        study.explanation(num_samples=100, segmentation="slic, 16", **setting)
    assert study.cache.calls == calls


def test_fewer_samples_reuse_the_first_rows(study):
    study.explanation(num_samples=100, segmentation="slic, 16")
    calls = study.cache.calls
    exp = study.explanation(num_samples=40, segmentation="slic, 16")
    assert study.cache.calls == calls
    direct = parameters.ParameterStudy(IMAGE, black_box, random_state=0, top_labels=3, segmentations=SEGMENTATIONS,
                                       progress=False).explanation(num_samples=40, segmentation="slic, 16")
    np.testing.assert_array_equal(exp.masks, direct.masks)
    label = study.labels[0]
    np.testing.assert_allclose(exp.local_exp[label], direct.local_exp[label], atol=1e-12)


def test_more_samples_hide_color_and_segmentation_call_the_model(study):
    study.explanation(num_samples=50, segmentation="slic, 16")
    calls = study.cache.calls
    study.explanation(num_samples=70, segmentation="slic, 16")
    assert study.cache.calls == calls + 20, "only the 20 new samples need the model"
    for setting in [dict(hide_color=0), dict(hide_color="blur"), dict(segmentation="felzenszwalb")]:
        calls = study.cache.calls
        study.explanation(num_samples=30, **{"segmentation": "slic, 16", **setting})
        assert study.cache.calls > calls, f"{setting} shows the model new images"


def test_hide_color_triple_is_a_setting_of_its_own(study):
    grey = study.explanation(num_samples=30, segmentation="slic, 16", hide_color=(128, 128, 128))
    calls = study.cache.calls
    again = study.explanation(num_samples=30, segmentation="slic, 16", hide_color=np.array([128, 128, 128]))
    assert study.cache.calls == calls
    assert grey.local_exp == again.local_exp


def test_plot_returns_a_figure_with_three_panels(study):
    fig = parameters.plot_parameter_study(study, label=study.labels[1], num_samples=60, segmentation="felzenszwalb",
                                          hide_color="blur", kernel_width=0.5, num_features=3)
    assert isinstance(fig, plt.Figure)
    assert len([ax for ax in fig.axes if ax.images]) == 3
    plt.close(fig)


def test_unknown_segmentation_names_the_argument(study):
    with pytest.raises(ValueError, match="segmentation"):
        study.explanation(num_samples=20, segmentation="watershed")


def test_random_state_must_be_an_int():
    with pytest.raises(TypeError, match="random_state"):
        parameters.ParameterStudy(IMAGE, black_box, random_state=np.random.RandomState(0))


def test_explorer_builds_and_redraws(study):
    pytest.importorskip("ipywidgets")
    box = parameters.explorer(study, max_samples=100)
    calls = study.cache.calls
    sliders = {child.description: child for grid in box.children[:2] for child in grid.children}
    sliders["kernel_width"].value = 1.0
    sliders["num_features"].value = 2
    assert study.cache.calls == calls
    sliders["hide_color"].value = "black (0)"
    assert study.cache.calls > calls
    assert bytes(box.children[-1].value).startswith(b"\x89PNG"), "the figure is shown as a PNG"
    assert not plt.get_fignums(), "redrawing leaves no figure open"


def test_opening_the_explorer_reuses_what_was_computed():
    pytest.importorskip("ipywidgets")
    study = parameters.ParameterStudy(IMAGE, black_box, random_state=0, top_labels=3, segmentations=SEGMENTATIONS,
                                      progress=False)
    study.explanation(num_samples=130, segmentation="slic, 16")
    calls = study.cache.calls
    box = parameters.explorer(study, max_samples=1000)
    assert study.cache.calls == calls
    sliders = {child.description: child for grid in box.children[:2] for child in grid.children}
    assert sliders["num_samples"].value == 130
    plt.close("all")


def test_needs_model_says_what_costs_model_calls(study):
    assert study.needs_model(50, None, "slic, 16")
    study.explanation(num_samples=50, segmentation="slic, 16")
    assert not study.needs_model(50, None, "slic, 16")
    assert not study.needs_model(20, None, "slic, 16")
    assert study.needs_model(51, None, "slic, 16")
    assert study.needs_model(20, 0, "slic, 16")
    assert study.needs_model(20, None, "felzenszwalb")


def _explanation(weights, label=0):
    from types import SimpleNamespace

    return SimpleNamespace(local_exp={label: list(enumerate(weights))})


def test_top_k_superpixels_ranks_by_absolute_weight():
    assert parameters.top_k_superpixels([(0, 0.1), (1, -0.9), (2, 0.5), (3, -0.2)], 2) == {1, 2}
    assert parameters.top_k_superpixels([(0, 0.1)], 3) == {0}


def test_top_k_overlap_counts_shared_superpixels():
    a = _explanation([0.9, -0.8, 0.1, 0.05, 0.7])
    b = _explanation([0.9, 0.01, 0.6, -0.8, 0.02])
    assert parameters.top_k_overlap(a, b, 0, k=3) == pytest.approx(1 / 3)
    assert parameters.top_k_overlap(a, a, 0, k=3) == 1.0


def test_heatmap_correlation_is_one_for_the_same_explanation(study):
    exp = study.explanation(num_samples=40, segmentation="slic, 16")
    other = study.explanation(num_samples=40, segmentation="felzenszwalb")
    label = study.labels[0]
    assert parameters.heatmap_correlation(exp, exp, label) == pytest.approx(1.0)
    assert -1.0 <= parameters.heatmap_correlation(exp, other, label) <= 1.0


def test_plot_title_names_every_setting(study):
    fig = parameters.plot_parameter_study(study, num_samples=60, segmentation="felzenszwalb", hide_color=0,
                                          kernel_width=0.5, feature_selection="lasso_path", num_features=3,
                                          positive_only=True)
    title = fig.get_suptitle()
    for shown in ("segmentation=felzenszwalb", "hide_color=black (0)", "num_samples=60", "kernel_width=0.5",
                  "feature_selection=lasso_path", "num_features=3", "positive only", f"'{study.name(study.labels[0])}'"):
        assert shown in title
    plt.close(fig)


def test_positive_only_tints_only_superpixels_for_the_label(study):
    label = study.labels[0]
    exp = study.explanation(label, num_samples=80, segmentation="slic, 16", num_features=16)
    positives = [f for f, w in exp.local_exp[label] if w > 0]
    fig = parameters.plot_parameter_study(study, num_samples=80, segmentation="slic, 16", num_features=16,
                                          positive_only=True)
    assert fig.axes[1].get_title() == f"top {len(positives)} positive superpixels"
    plt.close(fig)


def test_explorer_labels_are_whole_and_the_progress_bar_goes_away(study):
    pytest.importorskip("ipywidgets")
    from lime_teach.explorers.widgets import CHAR_PX

    box = parameters.explorer(study, max_samples=100)
    menus, sliders, progress, figure = box.children
    controls = {c.description: c for c in (*menus.children, *sliders.children)}
    for control in controls.values():
        assert int(control.style.description_width.removesuffix("px")) >= len(control.description) * CHAR_PX
    assert progress.layout.display == "none"
    controls["hide_color"].value = "grey (128)"   # asks the model
    assert progress.layout.display == "none" and not progress.outputs, "hidden again once the model is done"
    assert set(controls) == {"label", "segmentation", "hide_color", "feature_selection", "num_samples",
                             "kernel_width", "num_features", "positive only"}
    plt.close("all")
