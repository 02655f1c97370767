"""Sampling: show the black box perturbed images and record its answers (chapter 06).

``sample`` is the only step of LIME that calls the model. It draws lime's
masks, paints the hidden superpixels, asks the classifier one batch at a time,
and returns everything the fit needs as a ``Samples``. Re-fitting the same
samples with another kernel, width or feature selection costs no model call.
"""

import dataclasses

import numpy as np
from tqdm.auto import tqdm

from .cache import PredictionCache
from .perturbation import _perturb_batches, _sample_masks
from .segmentation import num_superpixels, relabel
from .validation import (check_callable, check_hide_color, check_image, check_instance, check_num_classes,
                         check_positive_int, check_predictions, check_random_state, check_segments)

DEFAULT_BATCH_SIZE = 64


@dataclasses.dataclass(frozen=True, eq=False, repr=False)
class Samples:
    """What the black box was shown and what it answered.

    image: (H, W, 3); segments: (H, W) labels 0..K-1; masks: (N, K) uint8,
    row 0 all ones (the image itself); predictions: (N, C) float, row i the
    classifier's output for the image perturbed by masks[i]; hide_color: what
    hidden superpixels were painted with (see ``perturb``).
    """

    image: np.ndarray
    segments: np.ndarray
    masks: np.ndarray
    predictions: np.ndarray
    hide_color: object = None

    def first(self, num_samples):
        """The first ``num_samples`` samples. lime's masks for fewer samples under one
        seed are the first rows of those for more, so this is what a smaller num_samples gives."""
        num_samples = check_positive_int(num_samples, "num_samples")
        return dataclasses.replace(self, masks=self.masks[:num_samples], predictions=self.predictions[:num_samples])

    def __repr__(self):
        return (f"Samples(num_samples={len(self.masks)}, superpixels={self.masks.shape[1]}, "
                f"classes={self.predictions.shape[1]}, image={self.image.shape}, hide_color={self.hide_color!r})")


def sample(image, classifier_fn, segments, num_samples=1000, hide_color=None, random_state=None, batch_size=None,
           cache=None, progress=True):
    """Draw ``num_samples`` masks, perturb ``image`` with them, and ask ``classifier_fn`` about each.

    image: (H, W, 3) or (H, W); classifier_fn: (B, H, W, 3) -> (B, C)
    probabilities; segments: (H, W) integer superpixels (relabelled to
    0..K-1); hide_color: see ``perturb``; random_state: None, an int or a
    RandomState (the masks are ``sample_masks(K, num_samples, random_state)``);
    batch_size: images per classifier call (default 64); cache: a
    PredictionCache; progress: show a progress bar.
    Returns ``Samples``. Costs exactly num_samples model calls (fewer with a cache).
    """
    image = check_image(image)
    classifier_fn = check_callable(classifier_fn, "classifier_fn", "images -> probabilities")
    segments = relabel(check_segments(segments, image.shape))
    num_samples = check_positive_int(num_samples, "num_samples")
    hide_color = check_hide_color(hide_color, image.dtype)
    random_state = check_random_state(random_state)
    batch_size = DEFAULT_BATCH_SIZE if batch_size is None else check_positive_int(batch_size, "batch_size")
    cache = check_instance(cache, (PredictionCache, type(None)), "cache", "None or a lime_teach.PredictionCache")
    return _sample(image, classifier_fn, segments, num_samples, hide_color, random_state, batch_size, cache,
                   progress)


def _sample(image, classifier_fn, segments, num_samples, hide_color, random_state, batch_size, cache, progress):
    masks = _sample_masks(num_superpixels(segments), num_samples, random_state)
    predictions = _predict(image, segments, masks, classifier_fn, hide_color, batch_size, cache, progress)
    return Samples(image, segments, masks, predictions, hide_color)


def _predict(image, segments, masks, classifier_fn, hide_color, batch_size, cache, progress):
    """(N, C): the black box's output for every perturbed image; memory holds one batch of images at a time."""
    predictions = []
    with tqdm(total=len(masks), desc="model calls", unit="img", disable=not progress) as bar:
        for batch in _perturb_batches(image, segments, masks, hide_color, batch_size):
            if cache is None:
                predictions.append(check_predictions(classifier_fn(batch), len(batch)))
            else:  # the cache checks what the classifier returns for the images it has not seen
                predictions.append(cache.predict(classifier_fn, batch))
            bar.update(len(batch))
    return check_num_classes(predictions)
