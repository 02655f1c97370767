"""Explorer of chapter 07: every LIME parameter at once, re-fitted from cached predictions.

A ``ParameterStudy`` holds one image, one classifier and a ``PredictionCache``.
Its ``explanation(...)`` returns the explanation for one setting of all the
parameters, asking the model only for what it has not seen yet:

- ``kernel_width``, ``feature_selection``, ``num_features``: a re-fit of the
  stored samples, no model call;
- ``num_samples`` up to the largest count computed so far: the first rows of
  the stored samples (lime's masks for fewer samples are the first rows of
  those for more, under the same seed), no model call;
- ``hide_color``, ``segmentation``, or more samples: new perturbed images,
  predicted by the model (with a progress bar).

``plot_parameter_study`` draws one setting, its title naming every parameter;
``explorer`` puts a slider, a menu or a checkbox on every parameter. The measures that compare two explanations live in ``lime_teach.metrics``.
"""

from types import SimpleNamespace

import matplotlib.pyplot as plt
import numpy as np

from .. import kernels, plotting, segmentation
from ..cache import PredictionCache
from ..explanation import fit
from ..sampling import sample
from ..regression import FEATURE_SELECTIONS
from ..validation import check_choice, check_image, check_positive_int
from .widgets import control_grid, figure_image, show_png, style_controls, to_png
from ..metrics import heatmap_correlation, top_k_overlap, top_k_superpixels  # noqa: F401 (chapter 07 reads them here)

# Named segmentations: keyword arguments of lt.segment.
SEGMENTATIONS = {
    "quickshift (lime)": {"method": "quickshift"},
    "quickshift, coarser": {"method": "quickshift", "kernel_size": 6, "max_dist": 300, "ratio": 0.2},
    "slic, 25": {"method": "slic", "n_segments": 25},
    "slic, 100": {"method": "slic", "n_segments": 100},
    "felzenszwalb": {"method": "felzenszwalb"},
}
# Named hide colours (menus cannot hold None): the values are explain's hide_color.
HIDE_COLORS = {"superpixel mean (None)": None, "black (0)": 0, "grey (128)": 128, "blur": "blur"}


class ParameterStudy:
    """One image and one classifier, explained under many parameter settings.

    image: (H, W, 3); classifier_fn: (N, H, W, 3) -> (N, C), with ``.labels``
    (class names) if it has them; random_state: an int, the same for every
    setting so that settings differ only in what they set; top_labels: how
    many of the most probable labels can be explained.
    """

    def __init__(self, image, classifier_fn, random_state=0, top_labels=5, segmentations=None,
                 cache=None, progress=True):
        if isinstance(random_state, bool) or not isinstance(random_state, (int, np.integer)):
            raise TypeError(f"random_state must be an int (each setting restarts from it), got {random_state!r}")
        self.image = check_image(image)
        self.classifier_fn = classifier_fn
        self.random_state = int(random_state)
        self.segmentations = dict(SEGMENTATIONS if segmentations is None else segmentations)
        self.cache = PredictionCache() if cache is None else cache
        self.progress = progress
        self.class_names = getattr(classifier_fn, "labels", None)
        # The model's answer for the image itself: which labels there are to explain.
        self.probabilities = self.cache.predict(classifier_fn, self.image[None])[0]
        top_labels = check_positive_int(top_labels, "top_labels")
        self.labels = [int(label) for label in np.argsort(self.probabilities)[::-1][:top_labels]]
        self._segments = {}  # segmentation name -> (H, W) labels 0..K-1
        self._samples = {}   # (segmentation name, hide_color) -> lt.Samples, the most rows computed

    def name(self, label):
        """The class name of ``label`` if the classifier has names, else the number."""
        return self.class_names[label] if self.class_names is not None else str(label)

    def segments(self, segmentation="quickshift (lime)"):
        """(H, W) superpixels of the named segmentation, computed once."""
        check_choice(segmentation, list(self.segmentations), "segmentation")
        if segmentation not in self._segments:
            self._segments[segmentation] = _segment(self.image, self.segmentations[segmentation])
        return self._segments[segmentation]

    def samples(self, num_samples=1000, hide_color=None, segmentation="quickshift (lime)"):
        """lt.Samples of one setting (num_samples rows), calling the model only for new images."""
        num_samples = check_positive_int(num_samples, "num_samples")
        if self.needs_model(num_samples, hide_color, segmentation):
            random_state = np.random.RandomState(self.random_state)
            random_state.randint(0, high=1000)  # lime's segmentation seed, as in explain: the same masks
            self._samples[(segmentation, _hashable(hide_color))] = sample(
                self.image, self.classifier_fn, self.segments(segmentation), num_samples, hide_color,
                random_state, cache=self.cache, progress=self.progress)
        return self._samples[(segmentation, _hashable(hide_color))].first(num_samples)

    def num_computed(self, hide_color=None, segmentation="quickshift (lime)"):
        """How many samples of this hide_color and segmentation the model has seen (0 if none)."""
        stored = self._samples.get((segmentation, _hashable(hide_color)))
        return 0 if stored is None else len(stored.masks)

    def needs_model(self, num_samples=1000, hide_color=None, segmentation="quickshift (lime)"):
        """True if this setting shows the model images it has not seen yet."""
        return self.num_computed(hide_color, segmentation) < num_samples

    def explanation(self, label=None, num_samples=1000, hide_color=None, segmentation="quickshift (lime)",
                    kernel_width=0.25, feature_selection="auto", num_features=100000):
        """The Explanation of ``label`` (default: the top label) under one parameter setting."""
        label = self.labels[0] if label is None else int(label)
        return fit(self.samples(num_samples, hide_color, segmentation), [label], kernel_width=kernel_width,
                   feature_selection=feature_selection, num_features=num_features)


def _segment(image, params):
    params = dict(params)
    return segmentation.segment(image, params.pop("method", "quickshift"), **params)


def _hashable(hide_color):
    """hide_color as a dict key: an (r, g, b) array becomes a tuple."""
    if hide_color is None or isinstance(hide_color, str):
        return hide_color
    return tuple(np.ravel(hide_color).tolist())


def hide_color_name(hide_color):
    """The menu name of a hide colour ('black (0)'), or its value written out."""
    for name, value in HIDE_COLORS.items():
        if _hashable(value) == _hashable(hide_color):
            return name
    return repr(hide_color)


def _positive_part(exp, label):
    """What show_explanation needs of ``exp``, with only the superpixels that speak for ``label``."""
    return SimpleNamespace(image=exp.image, segments=exp.segments,
                           local_exp={label: [(f, w) for f, w in exp.local_exp[label] if w > 0]})


def settings_title(segmentation, hide_color, num_samples, kernel_width, feature_selection, num_features,
                   positive_only=False):
    """Every parameter of one setting, as the figure's title says it (so any change of a control shows)."""
    shown = "positive only" if positive_only else "positive and negative"
    return (f"segmentation={segmentation}   hide_color={hide_color_name(hide_color)}   num_samples={num_samples}\n"
            f"kernel_width={kernel_width:.3g}   feature_selection={feature_selection}   "
            f"num_features={num_features}   shown: {shown}")


def plot_parameter_study(study, label=None, num_samples=1000, hide_color=None, segmentation="quickshift (lime)",
                         kernel_width=0.25, feature_selection="auto", num_features=5, positive_only=False):
    """One setting of every parameter: superpixels, the top superpixels, the weights; returns the Figure.

    num_features is both the surrogate's (as in lime's explain_instance) and
    the number of superpixels tinted (as in get_image_and_mask);
    positive_only tints only those that speak for the label (lime's
    ``positive_only``). The title names every setting.
    """
    label = study.labels[0] if label is None else int(label)
    exp = study.explanation(label, num_samples, hide_color, segmentation, kernel_width, feature_selection,
                            num_features)
    # 10 x 4.3 inches: about 1000 x 430 CSS pixels in the explorer (widgets.SCREEN_DPI), less in a narrow cell.
    fig, axes = plt.subplots(1, 3, figsize=(10, 4.3), layout="constrained")
    plotting.show_segments(study.image, exp.segments, ax=axes[0], title=f"{exp.masks.shape[1]} superpixels")
    shown = _positive_part(exp, label) if positive_only else exp
    count = min(num_features, len(shown.local_exp[label]))
    plotting.show_explanation(shown, label, num_features=num_features, ax=axes[1],
                              title=f"top {count} {'positive ' if positive_only else ''}superpixels")
    plotting.show_heatmap(exp, label, ax=axes[2], title="superpixel weights")
    ess = kernels.effective_sample_size(exp.weights)
    fig.suptitle(
        f"'{study.name(label)}': model p = {study.probabilities[label]:.3f}, surrogate at the image "
        f"{exp.local_pred[label]:.3f}, weighted R² = {exp.score[label]:.2f}, effective samples {ess:.0f}, "
        f"model calls so far {study.cache.calls}\n"
        + settings_title(segmentation, hide_color, num_samples, kernel_width, feature_selection, num_features,
                         positive_only), fontsize=9.5)
    return fig


def explorer(study, max_samples=1000):
    """Menus, sliders and a checkbox over every parameter, and ``plot_parameter_study``'s figure.

    Moving kernel_width, feature_selection, num_features, positive only, or
    num_samples below what was computed redraws at once (a re-fit, no model
    call); hide_color, segmentation and more samples first show the model the
    new images (a progress bar, hidden again when done). The first figure uses
    what the study computed for the first segmentation and hide colour, so
    opening the explorer costs no model call when there is some.
    """
    import ipywidgets as widgets

    max_samples = check_positive_int(max_samples, "max_samples")
    computed = study.num_computed(HIDE_COLORS[next(iter(HIDE_COLORS))], next(iter(study.segmentations)))
    start = min(computed or 200, max_samples)
    # Menus and sliders in two grids, each with labels as wide as its own longest name: the long
    # "feature_selection" label would otherwise shorten every slider's track.
    menus = style_controls({
        "label": widgets.Dropdown(options=[(study.name(label), label) for label in study.labels],
                                  description="label"),
        "segmentation": widgets.Dropdown(options=list(study.segmentations), description="segmentation"),
        "hide_color": widgets.Dropdown(options=list(HIDE_COLORS), description="hide_color"),
        "feature_selection": widgets.Dropdown(options=list(FEATURE_SELECTIONS), description="feature_selection"),
    })
    sliders = style_controls({
        "num_samples": widgets.IntSlider(value=start, min=min(50, start), max=max_samples, step=50,
                                         description="num_samples", continuous_update=False),
        "kernel_width": widgets.FloatLogSlider(value=0.25, base=10, min=-2, max=1, step=0.05,
                                               description="kernel_width", continuous_update=False,
                                               readout_format=".3g"),
        "num_features": widgets.IntSlider(value=5, min=1, max=20, description="num_features",
                                          continuous_update=False),
        "positive_only": widgets.Checkbox(value=False, description="positive only"),
    })
    controls = {**menus, **sliders}
    # The figure is a PNG in an Image widget (see widgets.live_figure for
    # why); the Output holds the progress bar only while the model is called.
    figure = figure_image()
    progress = widgets.Output(layout=widgets.Layout(display="none"))

    def redraw(_=None):
        settings = {name: control.value for name, control in controls.items()}
        settings["hide_color"] = HIDE_COLORS[settings["hide_color"]]
        if study.needs_model(settings["num_samples"], settings["hide_color"], settings["segmentation"]):
            # a bar while the model works (even for a study made quiet), gone when the figure is back
            progress.layout.display = None
            quiet, study.progress = study.progress, True
            try:
                with progress:
                    fig = plot_parameter_study(study, **settings)
            finally:
                study.progress = quiet
                progress.clear_output()
                progress.layout.display = "none"
        else:
            fig = plot_parameter_study(study, **settings)
        show_png(figure, to_png(fig))

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    return widgets.VBox([control_grid(menus.values()), control_grid(sliders.values()), progress, figure])
