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

``plot_parameter_study`` draws one setting; ``explorer`` puts a slider or a
menu on every parameter. ``top_k_overlap`` and ``heatmap_correlation``
compare two explanations with a number.
"""

import matplotlib.pyplot as plt
import numpy as np

from .. import kernels, plotting, segmentation
from ..explanation import Explanation, PredictionCache, explain
from ..regression import FEATURE_SELECTIONS
from ..validation import check_choice, check_image, check_positive_int
from . import to_png

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
        self._samples = {}   # (segmentation name, hide_color) -> (masks, predictions), the most rows computed

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
        """(masks (N, K), predictions (N, C)) for one setting, calling the model only for new images."""
        num_samples = check_positive_int(num_samples, "num_samples")
        if self.needs_model(num_samples, hide_color, segmentation):
            segments = self.segments(segmentation)
            exp = explain(self.image, self.classifier_fn, top_labels=None, labels=self.labels[:1],
                          hide_color=hide_color, num_samples=num_samples,
                          segmentation_fn=lambda image: segments, random_state=self.random_state,
                          cache=self.cache, progress=self.progress)
            self._samples[(segmentation, _hashable(hide_color))] = (exp.masks, exp.predictions)
        masks, predictions = self._samples[(segmentation, _hashable(hide_color))]
        return masks[:num_samples], predictions[:num_samples]

    def num_computed(self, hide_color=None, segmentation="quickshift (lime)"):
        """How many samples of this hide_color and segmentation the model has seen (0 if none)."""
        stored = self._samples.get((segmentation, _hashable(hide_color)))
        return 0 if stored is None else len(stored[0])

    def needs_model(self, num_samples=1000, hide_color=None, segmentation="quickshift (lime)"):
        """True if this setting shows the model images it has not seen yet."""
        return self.num_computed(hide_color, segmentation) < num_samples

    def explanation(self, label=None, num_samples=1000, hide_color=None, segmentation="quickshift (lime)",
                    kernel_width=0.25, feature_selection="auto", num_features=100000):
        """The Explanation of ``label`` (default: the top label) under one parameter setting."""
        label = self.labels[0] if label is None else int(label)
        masks, predictions = self.samples(num_samples, hide_color, segmentation)
        return Explanation(self.image, self.segments(segmentation), masks, predictions, [label], top_labels=False,
                           kernel_width=kernel_width, feature_selection=feature_selection,
                           num_features=num_features)


def _segment(image, params):
    params = dict(params)
    return segmentation.segment(image, params.pop("method", "quickshift"), **params)


def _hashable(hide_color):
    """hide_color as a dict key: an (r, g, b) array becomes a tuple."""
    if hide_color is None or isinstance(hide_color, str):
        return hide_color
    return tuple(np.ravel(hide_color).tolist())


def plot_parameter_study(study, label=None, num_samples=1000, hide_color=None, segmentation="quickshift (lime)",
                         kernel_width=0.25, feature_selection="auto", num_features=5):
    """One setting of every parameter: superpixels, the top superpixels, the weights; returns the Figure.

    num_features is both the surrogate's (as in lime's explain_instance) and
    the number of superpixels tinted (as in get_image_and_mask).
    """
    label = study.labels[0] if label is None else int(label)
    exp = study.explanation(label, num_samples, hide_color, segmentation, kernel_width, feature_selection,
                            num_features)
    fig, axes = plt.subplots(1, 3, figsize=(14, 4.8), layout="constrained")
    plotting.show_segments(study.image, exp.segments, ax=axes[0],
                           title=f"{segmentation}: {exp.masks.shape[1]} superpixels")
    plotting.show_explanation(exp, label, num_features=num_features, ax=axes[1],
                              title=f"top {min(num_features, len(exp.local_exp[label]))} superpixels")
    plotting.show_heatmap(exp, label, ax=axes[2], title="superpixel weights")
    ess = kernels.effective_sample_size(exp.weights)
    fig.suptitle(
        f"'{study.name(label)}' (model p = {study.probabilities[label]:.3f}, surrogate at the image "
        f"{exp.local_pred[label]:.3f}, weighted R² = {exp.score[label]:.2f})   "
        f"{num_samples} samples, effective {ess:.0f}   model calls so far: {study.cache.calls}")
    return fig


def explorer(study, max_samples=1000):
    """Menus and sliders over every parameter, and ``plot_parameter_study``'s figure.

    Moving kernel_width, feature_selection, num_features, or num_samples below
    what was computed redraws at once; hide_color, segmentation and more
    samples first show the model the new images (progress bar). The first
    figure uses what the study computed for the first segmentation and hide
    colour, so opening the explorer costs no model call when there is some.
    """
    import ipywidgets as widgets

    max_samples = check_positive_int(max_samples, "max_samples")
    computed = study.num_computed(HIDE_COLORS[next(iter(HIDE_COLORS))], next(iter(study.segmentations)))
    start = min(computed or 200, max_samples)
    style = {"description_width": "120px"}
    controls = {
        "label": widgets.Dropdown(options=[(study.name(label), label) for label in study.labels],
                                  description="label", style=style),
        "num_samples": widgets.IntSlider(value=start, min=min(50, start), max=max_samples, step=50,
                                         description="num_samples", continuous_update=False, style=style),
        "hide_color": widgets.Dropdown(options=list(HIDE_COLORS), description="hide_color", style=style),
        "segmentation": widgets.Dropdown(options=list(study.segmentations), description="segmentation",
                                         style=style),
        "kernel_width": widgets.FloatLogSlider(value=0.25, base=10, min=-2, max=1, step=0.05,
                                               description="kernel_width", continuous_update=False, style=style),
        "feature_selection": widgets.Dropdown(options=list(FEATURE_SELECTIONS), description="feature_selection",
                                              style=style),
        "num_features": widgets.IntSlider(value=5, min=1, max=20, description="num_features",
                                          continuous_update=False, style=style),
    }
    # The figure is a PNG in an Image widget (see explorers.live_figure for
    # why); the Output only holds the progress bar while the model is called.
    figure = widgets.Image(format="png")
    progress = widgets.Output()

    def redraw(_=None):
        settings = {name: control.value for name, control in controls.items()}
        settings["hide_color"] = HIDE_COLORS[settings["hide_color"]]
        if study.needs_model(settings["num_samples"], settings["hide_color"], settings["segmentation"]):
            with progress:
                progress.clear_output()
                fig = plot_parameter_study(study, **settings)
        else:
            fig = plot_parameter_study(study, **settings)
        figure.value = to_png(fig)

    for control in controls.values():
        control.observe(redraw, names="value")
    redraw()
    names = list(controls)
    return widgets.VBox([widgets.HBox([controls[n] for n in names[:4]]),
                         widgets.HBox([controls[n] for n in names[4:]]), progress, figure])


def top_k_superpixels(local_exp, k):
    """The set of the k superpixels of largest |weight| in ``local_exp`` [(superpixel, weight), ...]."""
    ranked = sorted(local_exp, key=lambda pair: abs(pair[1]), reverse=True)
    return {int(feature) for feature, _ in ranked[:k]}


def top_k_overlap(exp_a, exp_b, label, k=5):
    """Share of ``label``'s top-k superpixels two explanations have in common: 0 (none) to 1 (all).

    Both must explain the same image with the same superpixels: superpixel 3
    of one is superpixel 3 of the other.
    """
    k = check_positive_int(k, "k")
    return len(top_k_superpixels(exp_a.local_exp[label], k) & top_k_superpixels(exp_b.local_exp[label], k)) / k


def heatmap_correlation(exp_a, exp_b, label):
    """Pearson correlation of ``label``'s per-pixel weights in two explanations of the same image.

    Unlike top_k_overlap it compares explanations with different superpixels
    (another segmentation), pixel by pixel.
    """
    a, b = exp_a.heatmap(label).ravel(), exp_b.heatmap(label).ravel()
    if a.shape != b.shape:
        raise ValueError(f"the explanations cover images of different sizes: {exp_a.segments.shape} and "
                         f"{exp_b.segments.shape}")
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])
