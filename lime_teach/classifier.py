"""The black box's contract: a batch of images in, class probabilities out (chapter 01).

LIME needs nothing from a model but a function from a batch of images to class
probabilities. Every course classifier is a ``Classifier``, that function::

    probs = clf(images)        # (N, H, W, 3) uint8 -> (N, num_classes) float64, rows sum to 1
    clf.labels[probs[0].argmax()]

A framework adapter (``TorchClassifier``, ``KerasClassifier``) only says how
to run one batch through its model; the checks, the batching and the turn
from outputs to probabilities are here, once. Named models: ``lime_teach.zoo``.
"""

import json
from typing import NamedTuple

import numpy as np

from . import images as course_images
from .validation import check_images, check_positive_int, check_predictions, check_size

# Rows already non-negative and summing to 1 within this are probabilities, not logits.
PROBABILITY_TOLERANCE = 1e-3


def imagenet_class_index():
    """``{"0": ["n01440764", "tench"], ...}`` from ``DATA_DIR/imagenet_class_index.json``."""
    path = course_images.DATA_DIR / "imagenet_class_index.json"
    if not path.is_file():
        raise FileNotFoundError(f"ImageNet class index not found at {str(path)!r} "
                                "(set LIME_TEACH_DATA to the course's data folder)")
    return json.loads(path.read_text())


def imagenet_labels():
    """The 1000 ImageNet class names, in class order: ``["tench", "goldfish", ...]``; every adapter's default."""
    index = imagenet_class_index()
    return [index[str(i)][1] for i in range(len(index))]


def to_probabilities(outputs):
    """Model outputs as probabilities: (N, C) -> (N, C) float64, rows sum to 1.

    The rule: outputs whose rows are all non-negative and sum to 1 (within
    ``PROBABILITY_TOLERANCE``) are already probabilities (a softmax layer) and
    are only renormalised; anything else is taken as logits and goes through
    a softmax. Computed in float64, so rows sum to 1 to about 1e-15.
    """
    outputs = check_predictions(outputs, len(outputs) if np.ndim(outputs) else 0, name="the model")
    if outputs.shape[1] == 0:
        raise ValueError(f"the model must return at least one class, got shape {outputs.shape}")
    sums = outputs.sum(axis=1, keepdims=True)
    if outputs.min() >= 0 and np.all(np.abs(sums - 1) <= PROBABILITY_TOLERANCE):
        return outputs / sums
    exp = np.exp(outputs - outputs.max(axis=1, keepdims=True))  # shifted: no overflow
    return exp / exp.sum(axis=1, keepdims=True)


class Prediction(NamedTuple):
    """One line of a top-k list: class index, class name, probability."""
    index: int
    label: str
    probability: float


class Classifier:
    """The contract every course model keeps: a batch of images in, class probabilities out.

    Subclasses define ``predict_batch(batch) -> (n, num_classes)`` outputs
    (logits or probabilities) for at most ``batch_size`` images; this class
    checks the input, splits it into batches and turns outputs into
    probabilities (``to_probabilities``).

    Attributes: ``name``, ``labels`` (class names), ``input_size`` ((height,
    width) the model was trained on; other sizes are resized to it), and
    ``batch_size`` (images per forward pass; change it freely).
    """

    def __init__(self, name, labels, input_size, batch_size):
        self.name = name
        self.labels = list(labels)
        self.input_size = check_size(input_size, "input_size")
        self.batch_size = batch_size

    def __call__(self, images):
        """Class probabilities: images (N, H, W, 3) uint8 -> (N, num_classes) float64, rows sum to 1.

        Images of another size than ``input_size`` are resized to it (bilinear,
        anti-aliased, without cropping, so the model sees every pixel).
        """
        images = check_images(images)
        # Checked here, not when set: batch_size is an attribute students change freely.
        batch_size = check_positive_int(self.batch_size, "batch_size")
        outputs = [self.predict_batch(images[start:start + batch_size])
                   for start in range(0, len(images), batch_size)]
        probabilities = to_probabilities(np.concatenate(outputs))
        if probabilities.shape != (len(images), len(self.labels)):
            raise ValueError(f"the model must return shape {(len(images), len(self.labels))} "
                             f"(one column per label), got {probabilities.shape}")
        return probabilities

    def predict_batch(self, batch):
        """(n, H, W, 3) checked pixels -> (n, num_classes) logits or probabilities: each adapter's job."""
        raise NotImplementedError

    def predict_top(self, image_or_images, k=5):
        """The ``k`` most probable classes, most probable first.

        image_or_images: one (H, W, 3) image -> a list of k ``Prediction``
        (index, label, probability); or a batch (N, H, W, 3) -> a list of N such lists.
        """
        k = check_positive_int(k, "k")
        batch = np.asarray(image_or_images)
        single = batch.ndim == 3
        probabilities = self(batch[None] if single else batch)
        tops = [[Prediction(int(i), self.labels[i], float(row[i])) for i in np.argsort(-row, kind="stable")[:k]]
                for row in probabilities]
        return tops[0] if single else tops

    def __repr__(self):
        return (f"{type(self).__name__}(name={self.name!r}, input_size={self.input_size}, "
                f"num_classes={len(self.labels)}, batch_size={self.batch_size})")
