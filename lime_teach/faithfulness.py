"""Does the explanation point at what the model uses? Deletion and insertion curves (chapter 08).

The protocol of RISE (Petsiuk, Das & Saenko, BMVC 2018), on superpixels:

- *deletion*: hide the superpixels one by one in the explanation's order (the
  most important first), painting them with the hide colour, and track the
  model's probability of the label. A faithful explanation makes it drop
  fast: a *low* area under the curve is good.
- *insertion*: start from the image with every superpixel hidden and reveal
  them in the same order. A faithful explanation makes the probability rise
  fast: a *high* area is good.

A curve has K + 1 points for K superpixels: after 0, 1, ..., K steps. Its
area is taken over the *fraction* of superpixels hidden (or shown), 0 to 1,
by the trapezoid rule, so it lies in [0, 1] for probabilities. A random
order is the baseline any explanation must beat.
"""

import numpy as np

from .cache import PredictionCache
from .perturbation import perturb
from . import segmentation
from .validation import (check_callable, check_class_index, check_hide_color, check_image, check_instance,
                         check_positive_int, check_predictions, check_random_state, check_segments,
                         check_superpixel_weights)


def deletion_order(weights):
    """Superpixels from the most to the least important: (K,) int.

    Important means a large *positive* weight (evidence for the label), so
    negative superpixels come last. Ties keep the lower superpixel first.
    """
    return np.argsort(-np.asarray(weights, dtype=float), kind="stable")


def curve_masks(order, insertion=False):
    """The K + 1 masks of a deletion (or insertion) curve: (K + 1, K) uint8.

    Row i hides the first i superpixels of ``order`` (deletion: row 0 is the
    image, row K hides everything) or shows only them (insertion: row 0 hides
    everything, row K is the image).
    """
    order = np.asarray(order)
    k = len(order)
    if order.ndim != 1 or k == 0 or not np.array_equal(np.sort(order), np.arange(k)):
        raise ValueError(f"order must be a permutation of 0..K-1, got {order!r}")
    steps = np.zeros((k + 1, k), dtype=np.uint8)
    for i in range(1, k + 1):
        steps[i, order[:i]] = 1  # row i marks the first i superpixels
    return steps if insertion else 1 - steps


def _curve(image, segments, weights, classifier_fn, label, hide_color, cache, insertion):
    image = check_image(image)
    segments = check_segments(segments, image.shape)
    weights = check_superpixel_weights(weights, segmentation.num_superpixels(segments))
    classifier_fn = check_callable(classifier_fn, "classifier_fn", "images -> probabilities")
    label = check_class_index(label)
    hide_color = check_hide_color(hide_color, image.dtype)
    cache = check_instance(cache, (type(None), PredictionCache), "cache", "None or a lime_teach.PredictionCache")
    images = perturb(image, segments, curve_masks(deletion_order(weights), insertion), hide_color)
    if cache is None:
        predictions = check_predictions(classifier_fn(images), len(images))
    else:  # the cache checks what the classifier returns for the images it has not seen
        predictions = cache.predict(classifier_fn, images)
    return predictions[:, check_class_index(label, predictions.shape[1])]


def deletion_curve(image, segments, weights, classifier_fn, label, hide_color=None, cache=None):
    """The probability of ``label`` as superpixels are hidden, most important first.

    image: (H, W, 3); segments: (H, W) labels 0..K-1; weights: (K,) one per
    superpixel (the explanation); classifier_fn: (N, H, W, 3) -> (N, C);
    hide_color as in ``perturb`` (None: each superpixel's mean colour, lime's
    default). Returns (K + 1,) float: the image's probability first, the
    all-hidden image's last. ``cache``: a PredictionCache, so that the image
    and the all-hidden image are predicted once for every curve.
    """
    return _curve(image, segments, weights, classifier_fn, label, hide_color, cache, insertion=False)


def insertion_curve(image, segments, weights, classifier_fn, label, hide_color=None, cache=None):
    """The probability of ``label`` as superpixels are revealed, most important first.

    As ``deletion_curve``, starting from the all-hidden image: (K + 1,) float,
    the all-hidden image's probability first, the image's last.
    """
    return _curve(image, segments, weights, classifier_fn, label, hide_color, cache, insertion=True)


def auc(curve):
    """Area under a curve of K + 1 equally spaced points over [0, 1], by the trapezoid rule.

    curve: (K + 1,) with K >= 1 -> float; for probabilities it lies in [0, 1].
    """
    curve = np.asarray(curve, dtype=float)
    if curve.ndim != 1 or curve.size < 2 or not np.isfinite(curve).all():
        raise ValueError(f"curve must be a 1-D array of at least 2 finite values, got shape {curve.shape}")
    steps = curve.size - 1
    return float((curve.sum() - (curve[0] + curve[-1]) / 2) / steps)


def random_orders(num_superpixels, num_orders=5, random_state=None):
    """(num_orders, K) int: random permutations of the superpixels, the baseline's orders."""
    num_superpixels = check_positive_int(num_superpixels, "num_superpixels")
    num_orders = check_positive_int(num_orders, "num_orders")
    random_state = check_random_state(random_state)
    return np.stack([random_state.permutation(num_superpixels) for _ in range(num_orders)])


def order_weights(order):
    """(K,) weights whose ``deletion_order`` is ``order``: K - 1 for the first, 0 for the last."""
    order = np.asarray(order)
    weights = np.empty(len(order))
    weights[order] = np.arange(len(order) - 1, -1, -1)
    return weights
