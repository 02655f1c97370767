"""What the explorers' snapshots cannot see: PNG encoding, redraw triggers, caching, model calls, defaults, messages."""

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import lime_teach as lt  # noqa: E402
from blackboxes import STUDY_IMAGE as IMAGE, STUDY_SEGMENTATIONS as SEGMENTATIONS  # noqa: E402
from blackboxes import NamedStudyBlackBox as NamedBlackBox, study_black_box as black_box  # noqa: E402
from lime_teach import toy  # noqa: E402
from lime_teach.cache import PredictionCache  # noqa: E402
from lime_teach.explanation import fit  # noqa: E402
from lime_teach.explorers import parameters, toy2d  # noqa: E402
from lime_teach.explorers import widgets as explorer_widgets  # noqa: E402



def quiet_study(**kwargs):
    return parameters.ParameterStudy(IMAGE, black_box, **{"segmentations": SEGMENTATIONS, "progress": False,
                                                           "top_labels": 3, **kwargs})


def full_frame_figure():
    """2 x 1 inches, filled by an image: the tight bounding box is the figure plus 0.1 inch all round."""
    fig = plt.figure(figsize=(2, 1))
    ax = fig.add_axes([0, 0, 1, 1])
    ax.imshow(np.zeros((10, 20)), aspect="auto")
    ax.axis("off")
    return fig


# --- widgets.py ---

def test_to_png_is_a_tight_png_at_one_and_a_half_times_the_screen_resolution():
    # (2 + 2 * 0.1) x (1 + 2 * 0.1) inches at 100 * 1.5 dpi, whatever the savefig settings say.
    with matplotlib.rc_context({"savefig.format": "svg", "savefig.dpi": 72, "savefig.bbox": None}):
        png = explorer_widgets.to_png(full_frame_figure())
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert explorer_widgets.png_size(png) == (330, 180)
    assert explorer_widgets.png_size(explorer_widgets.to_png(full_frame_figure(), dpi=50)) == (110, 60)


def test_to_png_compresses_fast():
    # zlib's header names its level: 0x78 0x01 is the fastest (compress_level 1), 0x78 0x9c the default.
    png = explorer_widgets.to_png(full_frame_figure())
    idat = png.index(b"IDAT")
    assert png[idat + 4:idat + 6] == b"\x78\x01"


def test_to_png_closes_its_figure_not_the_current_one():
    fig = full_frame_figure()
    current = plt.figure()
    explorer_widgets.to_png(fig)
    assert plt.get_fignums() == [current.number]


def test_png_size_reads_both_four_byte_big_endian_fields():
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\x0dIHDR" + (0x01020304).to_bytes(4, "big") + \
        (0x05060708).to_bytes(4, "big") + b"\x08\x06\x00\x00\x00"
    assert explorer_widgets.png_size(header) == (0x01020304, 0x05060708)


def test_show_png_shows_the_image_at_its_css_size():
    image = explorer_widgets.figure_image()
    png = explorer_widgets.to_png(full_frame_figure())
    explorer_widgets.show_png(image, png)
    assert bytes(image.value) == png
    assert image.layout.width == "220px"   # 330 pixels / 1.5


def test_label_style_fits_the_longest_name():
    assert explorer_widgets.label_style(["a", "kernel_width", "x1"]) == {"description_width": "104px"}


def test_live_figure_redraws_when_a_value_changes_and_only_then():
    ipywidgets = pytest.importorskip("ipywidgets")
    slider = ipywidgets.IntSlider(value=2, min=1, max=5, description="n")
    drawn = []

    def draw(n):
        drawn.append(n)
        return full_frame_figure()

    image, redraw = explorer_widgets.live_figure(draw, {"n": slider})
    assert drawn == [2] and explorer_widgets.png_size(bytes(image.value)) == (330, 180)
    slider.description = "number"
    slider.disabled = True
    assert drawn == [2], "only a new value redraws"
    slider.value = 4
    assert drawn == [2, 4]
    redraw()
    assert drawn == [2, 4, 4]


# --- toy2d.py ---

def tiny_png(monkeypatch, *modules):
    """Make the explorers' to_png cheap: the figure closed, a 1-pixel PNG shown instead."""
    png = explorer_widgets.to_png(plt.figure(figsize=(0.01, 0.01)), dpi=100)

    def to_png(fig, *args, **kwargs):
        plt.close(fig)
        return png

    for module in modules:
        monkeypatch.setattr(module, "to_png", to_png)


@pytest.mark.parametrize("random_state", [None, 1])
def test_toy2d_explorer_builds_its_black_box_and_grid_once(monkeypatch, random_state):
    tiny_png(monkeypatch, explorer_widgets)
    forests, grids = [], []
    black_box_of, grid_of = toy.black_box, toy2d.probability_grid
    monkeypatch.setattr(toy, "black_box", lambda random_state=0: forests.append(random_state) or
                        black_box_of(random_state))
    monkeypatch.setattr(toy2d, "probability_grid", lambda forest, *args, **kwargs: grids.append(forest) or
                        grid_of(forest, *args, **kwargs))
    explorer = toy2d.explorer() if random_state is None else toy2d.explorer(random_state)
    controls = explorer.children[0].children
    controls[0].value = 1.0
    controls[2].value = 0.3
    assert forests == [0 if random_state is None else 1]
    assert len(grids) == 1


class StepForest:
    def predict_proba(self, points):
        p = (np.asarray(points)[:, 0] > 0).astype(float)
        return np.column_stack([1 - p, p])


def test_toy2d_look_does_not_depend_on_the_rc_settings():
    import warnings

    step = StepForest()
    grid = toy2d.probability_grid(step, resolution=30)
    with matplotlib.rc_context({"font.size": 14, "pcolor.shading": "gouraud", "lines.linewidth": 3}), \
            warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = toy2d.draw((0.1, 0.2), kernel_width=0.5, num_samples=40, forest=step, grid=grid).axes[0]
    mesh, contour = ax.collections[:2]
    assert mesh.get_coordinates().shape == (31, 31, 2), "cells centred on the grid points (shading auto)"
    assert list(contour.get_linewidth()) == [1.5]
    assert ax.title.get_fontsize() == 10


def test_probability_grid_defaults_cover_the_moons():
    class Sum:
        def predict_proba(self, points):
            return np.column_stack([np.zeros(len(points)), points.sum(axis=1)])

    x1, x2, p = toy2d.probability_grid(Sum())
    assert (len(x1), len(x2), p.shape) == (120, 120, (120, 120))
    assert (x1[0], x1[-1], x2[0], x2[-1]) == (-1.75, 2.75, -1.25, 1.75)
    np.testing.assert_allclose(p, x1[None, :] + x2[:, None])


# --- parameters.py: the study ---

def test_study_defaults(capsys):
    study = parameters.ParameterStudy(IMAGE, black_box)
    assert study.segmentations == parameters.SEGMENTATIONS
    assert study.labels == list(np.argsort(black_box(IMAGE[None])[0])[::-1][:5])
    assert study.progress is True
    assert study.name(study.labels[0]) == str(study.labels[0])
    np.testing.assert_array_equal(study.segments(), lt.segment(IMAGE))   # quickshift, lime's parameters
    samples = study.samples()
    assert "model calls" in capsys.readouterr().err, "a progress bar by default"
    assert len(samples.masks) == 1000
    assert study.num_computed() == 1000 and not study.needs_model()
    seeded = quiet_study(random_state=0, segmentations=None)
    np.testing.assert_array_equal(samples.masks, seeded.samples(1000, None, "quickshift (lime)").masks)
    exp = study.explanation()
    reference = fit(samples, [study.labels[0]], kernel_width=0.25, feature_selection="auto", num_features=100000)
    assert exp.local_exp == reference.local_exp


def test_a_quiet_study_shows_no_progress_bar(capsys):
    study = quiet_study()
    study.samples(20, None, "slic, 16")
    assert capsys.readouterr().err == ""
    loud = quiet_study(progress=True)
    loud.samples(20, None, "slic, 16")
    assert "model calls" in capsys.readouterr().err


def test_study_uses_the_given_cache_and_class_names():
    cache = PredictionCache()
    study = parameters.ParameterStudy(IMAGE, NamedBlackBox(), cache=cache, segmentations=SEGMENTATIONS)
    assert study.cache is cache and cache.calls == 1
    assert [study.name(label) for label in (0, 2, 5)] == ["apple", "cat", "fox"]


def test_study_messages():
    with pytest.raises(ValueError, match=r"^top_labels must be at least 1, got 0$"):
        quiet_study(top_labels=0)
    study = quiet_study()
    with pytest.raises(ValueError, match=r"^num_samples must be at least 1, got 0$"):
        study.samples(0, None, "slic, 16")
    with pytest.raises(ValueError, match=r"^segmentation must be one of 'slic, 16', 'felzenszwalb'; got 'watershed'$"):
        study.segments("watershed")


def test_segmentations_pass_their_parameters_and_default_to_quickshift():
    study = quiet_study(segmentations={"slic, 16": {"method": "slic", "n_segments": 16},
                                       "no method": {"kernel_size": 2, "max_dist": 20}})
    np.testing.assert_array_equal(study.segments("slic, 16"), lt.segment(IMAGE, "slic", n_segments=16))
    assert not np.array_equal(study.segments("slic, 16"), lt.segment(IMAGE, "slic"))
    np.testing.assert_array_equal(study.segments("no method"), lt.segment(IMAGE, "quickshift", kernel_size=2,
                                                                           max_dist=20))


@pytest.mark.parametrize("seed", [233, 1657])   # seeds where lime's randint(0, 1000) uses another random draw
def test_study_masks_are_those_of_explain(seed):
    study = quiet_study(random_state=seed)
    segments = study.segments("slic, 16")
    exp = lt.explain(IMAGE, black_box, top_labels=1, num_samples=30, segmentation_fn=lambda image: segments,
                     random_state=seed, progress=False)
    np.testing.assert_array_equal(study.samples(30, None, "slic, 16").masks, exp.masks)


def test_fewer_samples_keep_the_stored_ones():
    study = quiet_study()
    study.samples(100, None, "slic, 16")
    assert len(study.samples(40, None, "slic, 16").masks) == 40
    assert study.num_computed(None, "slic, 16") == 100
    assert study.num_computed(0, "slic, 16") == 0 and study.num_computed(None, "felzenszwalb") == 0


def test_explanation_passes_feature_selection_and_num_features():
    study = quiet_study()
    label = study.labels[1]
    samples = study.samples(60, None, "slic, 16")
    for selection, count in (("highest_weights", 2), ("forward_selection", 3), ("none", 16)):
        exp = study.explanation(label, 60, None, "slic, 16", kernel_width=0.7, feature_selection=selection,
                                num_features=count)
        reference = fit(samples, [label], kernel_width=0.7, feature_selection=selection, num_features=count)
        assert exp.local_exp == reference.local_exp
        assert len(exp.local_exp[label]) == count


def test_hashable_hide_colors():
    assert parameters._hashable(None) is None
    assert parameters._hashable("blur") == "blur"
    assert parameters._hashable(0) == (0,)
    assert parameters._hashable(np.array([1, 2, 3])) == (1, 2, 3)
    assert parameters.hide_color_name(np.array([128])) == "grey (128)"
    assert parameters.hide_color_name(None) == "superpixel mean (None)"
    assert parameters.hide_color_name((1, 2, 3)) == "(1, 2, 3)"


def test_positive_part_leaves_out_zero_and_negative_weights():
    from types import SimpleNamespace

    exp = SimpleNamespace(image="image", segments="segments", local_exp={4: [(0, 0.5), (1, 0.0), (2, -0.1), (3, 1e-9)]})
    part = parameters._positive_part(exp, 4)
    assert part.local_exp == {4: [(0, 0.5), (3, 1e-9)]}
    assert (part.image, part.segments) == ("image", "segments")


def test_settings_title_names_every_setting():
    assert parameters.settings_title("slic, 16", 0, 60, 0.5, "auto", 3) == (
        "segmentation=slic, 16   hide_color=black (0)   num_samples=60\n"
        "kernel_width=0.5   feature_selection=auto   num_features=3   shown: positive and negative")
    assert parameters.settings_title("felzenszwalb", "blur", 1000, 0.25, "none", 7, positive_only=True).endswith(
        "num_features=7   shown: positive only")


# --- parameters.py: the explorer ---

class Watching:
    """A black box that notes, at each model call, whether the explorer shows its progress bar."""

    def __init__(self):
        self.progress, self.study, self.seen = None, None, []

    def __call__(self, images):
        if self.progress is not None:
            self.seen.append((self.progress.layout.display, self.study.progress))
        return black_box(images)


def test_explorer_shows_a_progress_bar_only_while_the_model_works(monkeypatch):
    pytest.importorskip("ipywidgets")
    watching = Watching()
    study = parameters.ParameterStudy(IMAGE, watching, top_labels=3, segmentations=SEGMENTATIONS, progress=False)
    drawn, plot = [], parameters.plot_parameter_study

    def plot_watched(study, **settings):
        if watching.progress is not None:   # once the explorer is open
            drawn.append((settings["kernel_width"], watching.progress.layout.display, study.progress))
        return plot(study, **settings)

    monkeypatch.setattr(parameters, "plot_parameter_study", plot_watched)
    tiny_png(monkeypatch, parameters)
    box = parameters.explorer(study, max_samples=100)
    menus, sliders, progress, _ = box.children
    controls = {c.description: c for c in (*menus.children, *sliders.children)}
    watching.progress, watching.study = progress, study

    controls["kernel_width"].value = 1.0           # a re-fit: no model call, no bar
    assert drawn[-1] == (pytest.approx(1.0), "none", False) and not watching.seen
    controls["hide_color"].value = "black (0)"     # new images: the bar is shown, and the study made to report
    assert watching.seen and set(watching.seen) == {(None, True)}
    assert progress.layout.display == "none" and study.progress is False, "hidden and quiet again afterwards"
    watching.seen.clear()
    controls["segmentation"].value = "felzenszwalb"
    assert watching.seen and set(watching.seen) == {(None, True)}
    count = len(drawn)
    controls["num_features"].disabled = True       # not a value: no redraw
    controls["kernel_width"].description = "kernel width"
    assert len(drawn) == count


def test_explorer_rejects_a_bad_max_samples():
    with pytest.raises(ValueError, match=r"^max_samples must be at least 1, got 0$"):
        parameters.explorer(quiet_study(), max_samples=0)
