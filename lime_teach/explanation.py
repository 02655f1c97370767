"""LIME assembled (chapter 06): segment -> sample -> fit -> Explanation.

``explain`` is the whole pipeline in a few readable lines, composed of public
steps a notebook can also call one by one: ``segment``, ``sample`` (the only
step that calls the model) and ``fit`` (distances, a kernel, one weighted
surrogate per label). It gives the same numbers as
``lime_image.LimeImageExplainer(random_state=S).explain_instance`` for the
same ``random_state`` and arguments, with two differences on purpose:
``score`` and ``local_pred`` are kept per label (lime keeps only the last
label's), and superpixel labels are always 0..K-1 (lime assumes it silently).
"""

import dataclasses
import numbers

import numpy as np

from . import regression
from .cache import PredictionCache
from .kernels import _cosine_distance, _kernel, _shapley_kernel
from .sampling import DEFAULT_BATCH_SIZE, Samples, _sample
from .segmentation import QUICKSHIFT_DEFAULTS, _segment, relabel
from .validation import (check_callable, check_choice, check_hide_color, check_image, check_instance,
                         check_kernel_width, check_labels, check_non_negative_float, check_positive_int,
                         check_random_state, check_segments, check_targets, check_weights)

# fit's kernels by name; a function masks (N, K) -> weights (N,) works too.
KERNELS = ("lime", "shapley")


class PerLabel(dict):
    """A dict of per-label results whose missing keys say which labels exist."""

    def __missing__(self, label):
        raise KeyError(f"label {label!r} was not explained; explained labels: {sorted(self)}")


@dataclasses.dataclass(eq=False, repr=False)
class Explanation:
    """What LIME found for one image: the samples, and one surrogate per label. Made by ``fit``.

    samples: the ``Samples`` fitted (also as image, segments, masks,
    predictions); labels: the labels explained; top_labels: the same list
    when ``explain`` chose them by probability (most probable first), None
    when they were given; kernel, kernel_width, feature_selection,
    num_features, alpha: the fit's settings; distances, weights: (N,);
    and per label (dicts): local_exp [(superpixel, weight), ...] by
    decreasing |weight|, intercept, score (weighted R**2), local_pred.
    """

    samples: Samples
    labels: list
    top_labels: list
    kernel: object
    kernel_width: float
    feature_selection: str
    num_features: int
    alpha: float
    distances: np.ndarray
    weights: np.ndarray
    local_exp: PerLabel
    intercept: PerLabel
    score: PerLabel
    local_pred: PerLabel

    image = property(lambda self: self.samples.image, doc="(H, W, 3) the image explained")
    segments = property(lambda self: self.samples.segments, doc="(H, W) superpixel labels 0..K-1")
    masks = property(lambda self: self.samples.masks, doc="(N, K) 0/1, row 0 the image itself")
    predictions = property(lambda self: self.samples.predictions, doc="(N, C) the black box's outputs")

    def refit(self, kernel=None, kernel_width=None, feature_selection=None, num_features=None, alpha=None):
        """``fit`` on the same samples with some settings changed: a new Explanation, no model call.

        Any argument left None keeps this explanation's value.
        """
        kernel = self.kernel if kernel is None else check_choice(kernel, KERNELS, "kernel", or_callable=True)
        kernel_width = self.kernel_width if kernel_width is None else check_kernel_width(kernel_width)
        alpha = self.alpha if alpha is None else check_non_negative_float(alpha, "alpha")
        feature_selection = (self.feature_selection if feature_selection is None else
                             check_choice(feature_selection, regression.FEATURE_SELECTIONS, "feature_selection"))
        num_features = self.num_features if num_features is None else check_positive_int(num_features, "num_features")
        return _fit(self.samples, self.labels, kernel, kernel_width, alpha, feature_selection, num_features,
                    top_labels=self.top_labels)

    def heatmap(self, label):
        """(H, W) float: every pixel carries its superpixel's weight for ``label`` (0 if unselected)."""
        per_superpixel = np.zeros(self.masks.shape[1])
        for superpixel, weight in self.local_exp[label]:
            per_superpixel[superpixel] = weight
        return per_superpixel[self.segments]

    def get_image_and_mask(self, label, positive_only=True, negative_only=False, hide_rest=False,
                           num_features=5, min_weight=0.0):
        """lime's ``ImageExplanation.get_image_and_mask``, same arguments and results.

        num_features here is lime's: the number of superpixels shown (not the
        surrogate's cap). Returns (image, mask): mask (H, W) is 1 on the chosen
        superpixels (and -1 on negative ones when both signs are shown); with
        hide_rest the rest of the image is black; with both signs, one channel
        of each chosen superpixel is set to the image's maximum (green for
        positive, red for negative).
        """
        exp = self.local_exp[label]
        if positive_only and negative_only:
            raise ValueError("positive_only and negative_only cannot both be True")
        if isinstance(num_features, bool) or not isinstance(num_features, numbers.Integral):
            raise TypeError(f"num_features must be an integer, got {num_features!r}")
        mask = np.zeros(self.segments.shape, self.segments.dtype)
        shown = np.zeros(self.image.shape) if hide_rest else self.image.copy()
        if positive_only or negative_only:
            sign = 1 if positive_only else -1
            chosen = [f for f, w in exp if sign * w > 0 and abs(w) > min_weight][:num_features]
            where = np.isin(self.segments, chosen)
            shown[where] = self.image[where]
            mask[where] = 1
            return shown, mask
        for superpixel, weight in exp[:num_features]:
            if abs(weight) < min_weight:
                continue
            where = self.segments == superpixel
            mask[where] = -1 if weight < 0 else 1
            shown[where] = self.image[where]
            shown[where, 0 if weight < 0 else 1] = np.max(self.image)
        return shown, mask

    def __repr__(self):
        kernel = self.kernel if isinstance(self.kernel, str) else getattr(self.kernel, "__name__", "a function")
        return (f"Explanation(labels={self.labels}, superpixels={self.masks.shape[1]}, "
                f"num_samples={len(self.masks)}, kernel={kernel!r}, kernel_width={self.kernel_width})")


def fit(samples, labels, kernel="lime", kernel_width=0.25, alpha=1.0, feature_selection="auto",
        num_features=100000):
    """Weigh the samples and fit one linear surrogate per label: no model call.

    samples: from ``sample``; labels: class indices to explain; kernel:
    "lime" (``kernel(cosine_distance(masks), kernel_width)``), "shapley"
    (``shapley_kernel(masks)``; with alpha=0 this is KernelSHAP), or a function
    masks (N, K) -> weights (N,); alpha: the ridge penalty (lime: 1);
    feature_selection and num_features (the surrogate's cap on superpixels):
    as in lime. Returns an ``Explanation``.
    """
    samples = check_instance(samples, Samples, "samples", "a lime_teach.Samples (from sample)")
    return _fit(samples, check_labels(labels, samples.predictions.shape[1]),
                kernel=check_choice(kernel, KERNELS, "kernel", or_callable=True),
                kernel_width=check_kernel_width(kernel_width), alpha=check_non_negative_float(alpha, "alpha"),
                feature_selection=check_choice(feature_selection, regression.FEATURE_SELECTIONS, "feature_selection"),
                num_features=check_positive_int(num_features, "num_features"))


def _fit(samples, labels, kernel, kernel_width, alpha, feature_selection, num_features, top_labels=None):
    distances = _cosine_distance(samples.masks)
    if kernel == "lime":
        weights = _kernel(distances, kernel_width)
    elif kernel == "shapley":
        weights = _shapley_kernel(samples.masks)
    else:
        weights = kernel(samples.masks)
    # The one check of the weights: a user's kernel, or masks without the image's all-ones row.
    weights = check_weights(weights, len(samples.masks), name="the kernel's weights")
    per_label = {name: PerLabel() for name in ("local_exp", "intercept", "score", "local_pred")}
    for label in labels:
        surrogate = regression._fit_surrogate(samples.masks, samples.predictions[:, label], weights, alpha,
                                              feature_selection, num_features)
        for name, values in per_label.items():
            values[label] = getattr(surrogate, name)
    return Explanation(samples, list(labels), top_labels, kernel, kernel_width, feature_selection, num_features,
                       alpha, distances, weights, **per_label)


def top_labels(prediction_row, k):
    """The k most probable class indices of ``prediction_row`` (C,), most probable first.

    lime's own expression, ties and all: ``np.argsort(row)[-k:][::-1]``.
    """
    return _top_labels(check_targets(prediction_row, name="prediction_row"), check_positive_int(k, "k"))


def _top_labels(prediction_row, k):
    return [int(label) for label in np.argsort(prediction_row)[-k:][::-1]]


def _segments_of(image, segmentation_fn):
    if segmentation_fn is None:
        # lime's default. (lime also hands quickshift a random_seed, which
        # scikit-image's quickshift no longer takes: lime drops it silently.)
        return _segment(image, "quickshift", QUICKSHIFT_DEFAULTS)
    return relabel(check_segments(segmentation_fn(image), image.shape, "the output of segmentation_fn"))


def explain(image, classifier_fn, top_labels=5, labels=(1,), hide_color=None, num_features=100000,
            num_samples=1000, batch_size=None, segmentation_fn=None, kernel_width=0.25,
            feature_selection="auto", alpha=1.0, random_state=None, cache=None, progress=True):
    """Explain ``classifier_fn``'s prediction for ``image`` with LIME.

    image: (H, W, 3) or (H, W), uint8 or float. classifier_fn: (B, H, W, 3) ->
    (B, C) probabilities. The keywords are lime's, with its defaults:
    top_labels, an int, explains the most probable classes (None: ``labels``
    instead); num_features caps the superpixels of each surrogate; ``alpha``
    is the surrogate's ridge penalty (lime: Ridge(alpha=1)), ``cache`` a
    PredictionCache, ``progress`` the progress bar. Returns an ``Explanation``.

    Like lime, explain first draws a seed for the segmentation from
    random_state, then the masks: ``sample(..., random_state=S)`` alone gives
    other masks than ``explain(..., random_state=S)``.
    """
    image = check_image(image)
    check_callable(classifier_fn, "classifier_fn", "images -> probabilities")
    if top_labels is not None:
        top_labels = check_positive_int(top_labels, "top_labels")
    hide_color = check_hide_color(hide_color, image.dtype)
    num_features = check_positive_int(num_features, "num_features")
    num_samples = check_positive_int(num_samples, "num_samples")
    batch_size = DEFAULT_BATCH_SIZE if batch_size is None else check_positive_int(batch_size, "batch_size")
    if segmentation_fn is not None:
        check_callable(segmentation_fn, "segmentation_fn", "image -> (H, W) labels")
    kernel_width = check_kernel_width(kernel_width)
    feature_selection = check_choice(feature_selection, regression.FEATURE_SELECTIONS, "feature_selection")
    alpha = check_non_negative_float(alpha, "alpha")
    random_state = check_random_state(random_state)
    cache = check_instance(cache, (PredictionCache, type(None)), "cache", "None or a lime_teach.PredictionCache")

    segments = _segments_of(image, segmentation_fn)
    random_state.randint(0, high=1000)  # lime's seed for its segmentation: drawn too, so the masks are lime's
    samples = _sample(image, classifier_fn, segments, num_samples, hide_color, random_state, batch_size, cache,
                      progress)
    if top_labels is None:
        explained = check_labels(labels, samples.predictions.shape[1])
    else:
        explained = _top_labels(samples.predictions[0], top_labels)
    return _fit(samples, explained, "lime", kernel_width, alpha, feature_selection, num_features,
                top_labels=explained if top_labels is not None else None)
