"""LIME assembled (chapter 06): segment, sample, perturb, predict, weigh, fit.

``explain`` is the whole pipeline in one readable function. It gives the same
numbers as ``lime_image.LimeImageExplainer(random_state=S).explain_instance``
for the same ``random_state`` and arguments, with two differences on purpose:
``score`` and ``local_pred`` are kept per label (lime keeps only the last
label's), and superpixel labels are always 0..K-1 (lime assumes it silently).
"""

import hashlib
import numbers

import numpy as np
from tqdm.auto import tqdm

from . import kernels, perturbation, regression, segmentation
from .validation import (check_choice, check_hide_color, check_image, check_non_negative_float,
                         check_positive_float, check_positive_int, check_predictions, check_random_state,
                         check_segments)

DEFAULT_BATCH_SIZE = 64


class PerLabel(dict):
    """A dict of per-label results whose missing keys say which labels exist."""

    def __missing__(self, label):
        raise KeyError(f"label {label!r} was not explained; explained labels: {sorted(self)}")


class PredictionCache:
    """Remembers the black box's predictions by image content.

    Pass one to ``explain(cache=...)`` and a second explanation that shows
    the model the same perturbed images (same image, segments, masks and
    hide_color, e.g. a smaller num_samples with the same random_state) costs
    no model call for them. ``wrap(classifier_fn)`` gives a caching classifier
    that lime's ``explain_instance`` can use as well. ``calls`` counts the
    images the model really saw.
    """

    def __init__(self):
        self._predictions = {}
        self._unhashable = {}  # id -> classifier, kept alive so that its id is not reused
        self.calls = 0

    def predict(self, classifier_fn, images):
        """classifier_fn(images) for (B, H, W, 3) images, calling it only for unseen ones."""
        images = np.asarray(images)
        owner = self._owner(classifier_fn)
        keys = [self._key(owner, image) for image in images]
        unseen = {}
        for key, image in zip(keys, images):
            if key not in self._predictions:
                unseen.setdefault(key, image)
        if unseen:
            predictions = check_predictions(classifier_fn(np.stack(list(unseen.values()))), len(unseen))
            self._predictions.update(zip(unseen, predictions))
            self.calls += len(unseen)
        return np.stack([self._predictions[key] for key in keys])

    def wrap(self, classifier_fn):
        """A classifier with ``classifier_fn``'s contract that goes through this cache."""
        return lambda images: self.predict(classifier_fn, images)

    def _owner(self, classifier_fn):
        # Bound methods (model.predict) are new objects on every access but
        # compare equal: key on the classifier itself whenever it is hashable.
        try:
            hash(classifier_fn)
            return classifier_fn
        except TypeError:
            self._unhashable[id(classifier_fn)] = classifier_fn
            return id(classifier_fn)

    @staticmethod
    def _key(owner, image):
        digest = hashlib.blake2b(np.ascontiguousarray(image).tobytes(), digest_size=16).digest()
        return owner, image.shape, image.dtype.str, digest

    def __len__(self):
        return len(self._predictions)


def predict_batches(image, segments, masks, classifier_fn, hide_color=None, batch_size=DEFAULT_BATCH_SIZE,
                    cache=None, progress=True):
    """The black box's output for every perturbed image, one batch at a time.

    Returns (num_samples, num_classes) float. Only one batch of images is in
    memory at once.
    """
    predict = classifier_fn if cache is None else cache.wrap(classifier_fn)
    batches = perturbation.perturb_batches(image, segments, masks, hide_color, batch_size)
    predictions = []
    with tqdm(total=len(masks), desc="model calls", unit="img", disable=not progress) as bar:
        for batch in batches:
            predictions.append(check_predictions(predict(batch), len(batch)))
            bar.update(len(batch))
    if len({p.shape[1] for p in predictions}) > 1:
        raise ValueError("classifier_fn returned a different number of classes for different batches")
    return np.concatenate(predictions)


def _segments_of(image, segmentation_fn):
    if segmentation_fn is None:
        # lime's default. (lime also hands quickshift a random_seed, which
        # scikit-image's quickshift no longer takes: lime drops it silently.)
        return segmentation.segment(image, "quickshift", **segmentation.QUICKSHIFT_DEFAULTS)
    if not callable(segmentation_fn):
        raise TypeError(f"segmentation_fn must be callable (image -> (H, W) labels), got {segmentation_fn!r}")
    segments = check_segments(segmentation_fn(image), image.shape, "the output of segmentation_fn")
    return segmentation.relabel(segments)


def _labels_to_explain(first_prediction, top_labels, labels):
    if top_labels:
        top_labels = check_positive_int(top_labels, "top_labels")
        # lime's own expression: the top classes, most probable first.
        return [int(label) for label in np.argsort(first_prediction)[-top_labels:][::-1]]
    try:
        labels = [int(label) for label in labels]
    except (TypeError, ValueError):
        raise TypeError(f"labels must be a sequence of class indices, got {labels!r}") from None
    bad = [label for label in labels if not 0 <= label < len(first_prediction)]
    if bad or not labels:
        raise ValueError(f"labels must be class indices in 0..{len(first_prediction) - 1}, got {labels!r}")
    return labels


def explain(image, classifier_fn, top_labels=5, labels=(1,), hide_color=None, num_features=100000,
            num_samples=1000, batch_size=None, segmentation_fn=None, random_seed=None, kernel_width=0.25,
            feature_selection="auto", alpha=1.0, random_state=None, cache=None, progress=True):
    """Explain ``classifier_fn``'s prediction for ``image`` with LIME.

    image: (H, W, 3) or (H, W), uint8 or float. classifier_fn: (B, H, W, 3) ->
    (B, C) probabilities. The keywords are lime's, with its defaults;
    ``alpha`` is the ridge penalty of the surrogate (lime: Ridge(alpha=1)),
    ``cache`` a PredictionCache, ``progress`` the progress bar.
    Returns an ``Explanation``.
    """
    image = check_image(image)
    if not callable(classifier_fn):
        raise TypeError(f"classifier_fn must be callable (images -> probabilities), got {classifier_fn!r}")
    num_samples = check_positive_int(num_samples, "num_samples")
    num_features = check_positive_int(num_features, "num_features")
    kernel_width = check_positive_float(kernel_width, "kernel_width")
    batch_size = DEFAULT_BATCH_SIZE if batch_size is None else check_positive_int(batch_size, "batch_size")
    check_choice(feature_selection, regression.FEATURE_SELECTIONS, "feature_selection")
    alpha = check_non_negative_float(alpha, "alpha")
    if cache is not None and not isinstance(cache, PredictionCache):
        raise TypeError(f"cache must be None or a lime_teach.PredictionCache, got {type(cache).__name__}")
    hide_color = check_hide_color(hide_color, image.dtype)
    random_state = check_random_state(random_state)
    if random_seed is None:
        # lime draws a seed for its segmentation first; drawing it too keeps the masks identical.
        random_seed = random_state.randint(0, high=1000)

    segments = _segments_of(image, segmentation_fn)
    masks = perturbation.sample_masks(segmentation.num_superpixels(segments), num_samples, random_state)
    predictions = predict_batches(image, segments, masks, classifier_fn, hide_color, batch_size, cache, progress)
    explained = _labels_to_explain(predictions[0], top_labels, labels)
    return Explanation(image, segments, masks, predictions, explained, top_labels=bool(top_labels),
                       kernel_width=kernel_width, feature_selection=feature_selection,
                       num_features=num_features, alpha=alpha)


class Explanation:
    """What LIME found for one image: the samples, and one surrogate per label.

    Attributes: image (H, W, 3); segments (H, W) labels 0..K-1; masks (N, K);
    predictions (N, C); distances and weights (N,); top_labels (list, most
    probable first, or None when ``labels`` were given); and per label
    (dicts): local_exp [(superpixel, weight), ...] by decreasing |weight|,
    intercept, score (weighted R**2) and local_pred.
    """

    def __init__(self, image, segments, masks, predictions, labels, top_labels=True, kernel_width=0.25,
                 feature_selection="auto", num_features=100000, alpha=1.0):
        self.image, self.segments, self.masks, self.predictions = image, segments, masks, predictions
        self.labels = list(labels)
        self.top_labels = list(labels) if top_labels else None
        self.kernel_width, self.feature_selection = kernel_width, feature_selection
        self.num_features, self.alpha = num_features, alpha
        self.distances = kernels.cosine_distance(masks)
        self.weights = kernels.kernel(self.distances, kernel_width)
        self.local_exp, self.intercept, self.score, self.local_pred = PerLabel(), PerLabel(), PerLabel(), PerLabel()
        for label in self.labels:
            fit = regression.fit_surrogate(masks, predictions[:, label], self.weights, alpha,
                                           feature_selection, num_features)
            self.local_exp[label] = fit.local_exp
            self.intercept[label] = fit.intercept
            self.score[label] = fit.score
            self.local_pred[label] = fit.local_pred

    def refit(self, kernel_width=None, feature_selection=None, num_features=None, alpha=None):
        """A new Explanation from the same samples and predictions: no model call.

        Any argument left None keeps this explanation's value.
        """
        def keep(new, old):
            return old if new is None else new

        feature_selection = check_choice(keep(feature_selection, self.feature_selection),
                                         regression.FEATURE_SELECTIONS, "feature_selection")
        return Explanation(
            self.image, self.segments, self.masks, self.predictions, self.labels,
            top_labels=self.top_labels is not None,
            kernel_width=check_positive_float(keep(kernel_width, self.kernel_width), "kernel_width"),
            feature_selection=feature_selection,
            num_features=check_positive_int(keep(num_features, self.num_features), "num_features"),
            alpha=check_non_negative_float(keep(alpha, self.alpha), "alpha"),
        )

    def heatmap(self, label):
        """(H, W) float: every pixel carries its superpixel's weight for ``label`` (0 if unselected)."""
        per_superpixel = np.zeros(self.masks.shape[1])
        for feature, weight in self.local_exp[label]:
            per_superpixel[feature] = weight
        return per_superpixel[self.segments]

    def get_image_and_mask(self, label, positive_only=True, negative_only=False, hide_rest=False,
                           num_features=5, min_weight=0.0):
        """lime's ``ImageExplanation.get_image_and_mask``, same arguments and results.

        Returns (image, mask): mask (H, W) is 1 on the chosen superpixels (and
        -1 on negative ones when both signs are shown); with hide_rest the rest
        of the image is black; with both signs, one channel of each chosen
        superpixel is set to the image's maximum (green for positive, red for negative).
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
        for feature, weight in exp[:num_features]:
            if abs(weight) < min_weight:
                continue
            where = self.segments == feature
            mask[where] = -1 if weight < 0 else 1
            shown[where] = self.image[where]
            shown[where, 0 if weight < 0 else 1] = np.max(self.image)
        return shown, mask

    def __repr__(self):
        return (f"Explanation(labels={self.labels}, superpixels={self.masks.shape[1]}, "
                f"num_samples={len(self.masks)}, kernel_width={self.kernel_width})")
