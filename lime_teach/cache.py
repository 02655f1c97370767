"""Remembering the black box's answers, so that a new setting costs only new images (chapter 07)."""

import hashlib

import numpy as np

from .validation import check_predictions


class PredictionCache:
    """Remembers the black box's predictions by image content.

    Pass one to ``sample(cache=...)`` or ``explain(cache=...)`` and a second
    run that shows the model the same perturbed images (same image, segments,
    masks and hide_color, e.g. a smaller num_samples with the same
    random_state) costs no model call for them. ``wrap(classifier_fn)`` gives
    a caching classifier that lime's ``explain_instance`` can use as well.
    ``calls`` counts the images the model really saw.
    """

    def __init__(self):
        self._predictions = {}
        self._unhashable = {}  # id -> classifier, kept alive so that its id is not reused
        self.calls = 0

    def predict(self, classifier_fn, images):
        """classifier_fn(images) for (B, H, W, 3) images, calling it only for unseen ones.

        Returns (B, C) float; the classifier's output for the unseen images is checked.
        """
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
