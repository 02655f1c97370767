"""A Clever Hans classifier (chapter 09): a dataset whose background gives the label away.

Ribeiro et al. (2016) trained a classifier to tell huskies from wolves on
photos where every wolf stood in snow: it learnt to detect snow. This module
builds the same trap with a known answer. The label is a shape drawn on the
image (``CLASSES``: a circle or a square); the background is a texture from
scikit-image (``TEXTURES``: grass or brick) that agrees with the label in a
chosen fraction of the images::

    train = make_dataset(2000, agreement=0.95, random_state=0)   # the cue holds 95% of the time
    flipped = make_dataset(500, agreement=0.0, random_state=2)   # the cue always lies
    model = train_cnn(train.images, train.labels, random_state=0)

``object_masks`` say which pixels belong to the shape, so how much of an
explanation falls on the background is a number (``background_share``).
TensorFlow is imported only inside ``train_cnn``: ``import lime_teach`` stays light.
"""

import os
import time
from typing import NamedTuple

import numpy as np
from skimage import data as skdata
from skimage import draw, transform

from .validation import check_int_between, check_positive_int, check_random_state

CLASSES = ("circle", "square")
# TEXTURES[k] is the background that agrees with CLASSES[k].
TEXTURES = ("grass", "brick")
IMAGE_SIZE = 64
# Textures are 512 px; halving them keeps a few grass blades and bricks in each 64 px crop.
TEXTURE_SCALE = 0.5
TEXTURE_SIZE = int(512 * TEXTURE_SCALE)  # the largest image a crop can fill
# Shape radius (circle) or half-side (square), in pixels, for 64 px images.
OBJECT_SIZE = (9, 14)


class CleverHansData(NamedTuple):
    """images (N, S, S, 3) uint8; labels (N,) int64 index into CLASSES;
    object_masks (N, S, S) bool, True on the shape; backgrounds (N,) int64 index into TEXTURES."""
    images: np.ndarray
    labels: np.ndarray
    object_masks: np.ndarray
    backgrounds: np.ndarray

    @property
    def agrees(self):
        """(N,) bool: the background is the one that goes with the label."""
        return self.backgrounds == self.labels


def _textures():
    """The background textures as float images in 0..1, (512 * TEXTURE_SCALE,) * 2 each."""
    return [transform.rescale(getattr(skdata, name)() / 255.0, TEXTURE_SCALE, anti_aliasing=True)
            for name in TEXTURES]


def _crop(texture, size, rng):
    top, left = rng.randint(0, texture.shape[0] - size + 1), rng.randint(0, texture.shape[1] - size + 1)
    return texture[top:top + size, left:left + size]


def _object_mask(label, size, rng):
    """(size, size) bool: a filled circle (label 0) or square (label 1) of random size and place."""
    scale = size / IMAGE_SIZE
    radius = rng.uniform(*OBJECT_SIZE) * scale
    # The square gets the circle's area, so that size says nothing about the class.
    half = radius * np.sqrt(np.pi) / 2 if label == 1 else radius
    margin = int(np.ceil(half)) + 1
    row, col = rng.uniform(margin, size - margin, 2)
    mask = np.zeros((size, size), bool)
    if label == 0:
        mask[draw.disk((row, col), radius, shape=mask.shape)] = True
    else:
        rr, cc = draw.rectangle((round(row - half), round(col - half)), (round(row + half) - 1, round(col + half) - 1),
                                shape=mask.shape)
        mask[rr, cc] = True
    return mask


def make_dataset(num_images, agreement=0.95, image_size=IMAGE_SIZE, random_state=None):
    """A seeded dataset of shapes on textures; the texture agrees with the label in a fraction of images.

    num_images: N >= 1. agreement: fraction in [0, 1] of images whose
    background is the label's own texture (round(agreement * N) of them,
    chosen at random); 1 is a perfect cue, 0.5 no cue, 0 a flipped cue.
    Labels are balanced (N // 2 squares, in random order). Every shape has a
    random colour, size and place, so only its outline tells the class.
    Returns a ``CleverHansData``.
    """
    num_images = check_positive_int(num_images, "num_images")
    image_size = check_int_between(image_size, "image_size", 32, TEXTURE_SIZE, " pixels")
    if isinstance(agreement, bool) or not isinstance(agreement, (int, float, np.floating)) \
            or not 0 <= agreement <= 1:
        raise ValueError(f"agreement must be a fraction in [0, 1], got {agreement!r}")
    rng = check_random_state(random_state)
    labels = rng.permutation(np.arange(num_images) % 2).astype(np.int64)
    agrees = np.zeros(num_images, bool)
    agrees[rng.permutation(num_images)[:int(round(agreement * num_images))]] = True
    backgrounds = np.where(agrees, labels, 1 - labels).astype(np.int64)

    textures = _textures()
    images = np.empty((num_images, image_size, image_size, 3), np.uint8)
    object_masks = np.empty((num_images, image_size, image_size), bool)
    for i in range(num_images):
        background = _crop(textures[backgrounds[i]], image_size, rng)
        mask = _object_mask(labels[i], image_size, rng)
        colour = rng.uniform(0, 1, 3)
        image = np.repeat(background[..., None], 3, axis=2)
        image[mask] = colour
        images[i] = np.round(image * 255)
        object_masks[i] = mask
    return CleverHansData(images, labels, object_masks, backgrounds)


def texture_images(backgrounds, image_size=IMAGE_SIZE, random_state=None):
    """Backgrounds without a shape: (N,) indices into TEXTURES -> (N, S, S, 3) uint8 random crops.

    For interventions: paste a dataset's shapes (``images[object_masks]``)
    onto the other texture and see whether the prediction follows.
    """
    backgrounds = np.asarray(backgrounds)
    if backgrounds.ndim != 1 or not np.isin(backgrounds, range(len(TEXTURES))).all():
        raise ValueError(f"backgrounds must be a 1-D array of texture indices 0..{len(TEXTURES) - 1}")
    image_size = check_int_between(image_size, "image_size", 1, TEXTURE_SIZE, " pixels")
    rng = check_random_state(random_state)
    textures = _textures()
    crops = [_crop(textures[b], image_size, rng) for b in backgrounds]
    return np.round(np.repeat(np.array(crops).reshape(-1, image_size, image_size, 1), 3, axis=3) * 255).astype(np.uint8)


def grid_segments(image_size=IMAGE_SIZE, cells=8):
    """(S, S) int64 labels 0..cells**2-1: a cells x cells grid, row by row.

    The same segmentation for every image, so superpixel j is the same
    region in all of them (what SP-LIME needs to compare explanations).
    """
    image_size, cells = check_positive_int(image_size, "image_size"), check_positive_int(cells, "cells")
    if cells > image_size:
        raise ValueError(f"cells must be at most image_size ({image_size}), got {cells}")
    band = np.arange(image_size) * cells // image_size
    return (band[:, None] * cells + band[None, :]).astype(np.int64)


def background_share(heatmap, object_mask):
    """The share of the positive explanation weight that lies on the background.

    heatmap: (H, W) float, each pixel carrying its superpixel's weight
    (``Explanation.heatmap(label)``); object_mask: (H, W) bool or 0/1, True
    on the object. Positive weights are summed pixel by pixel (a superpixel
    counts by its area); returns sum over background / sum over all pixels,
    a float in [0, 1], and 0.0 when no weight is positive.
    """
    heatmap = np.asarray(heatmap, dtype=float)
    object_mask = np.asarray(object_mask)
    if heatmap.ndim != 2 or object_mask.shape != heatmap.shape:
        raise ValueError(f"heatmap and object_mask must be (H, W) arrays of one shape, "
                         f"got {heatmap.shape} and {object_mask.shape}")
    if not np.isin(object_mask, (0, 1)).all():
        raise ValueError("object_mask must be boolean (or 0/1): True on the object")
    positive = np.clip(heatmap, 0, None)
    total = positive.sum()
    if total == 0:
        return 0.0
    return float(positive[object_mask == 0].sum() / total)


def build_cnn(image_size=IMAGE_SIZE, num_classes=len(CLASSES)):
    """A small Keras CNN: (n, S, S, 3) pixels 0..255 -> (n, num_classes) softmax probabilities.

    Global max pooling lets it say "a corner somewhere": trained without the
    cue (agreement 0.5) it learns the shapes in two or three epochs.
    """
    import keras

    return keras.Sequential([
        keras.Input((image_size, image_size, 3)),
        keras.layers.Rescaling(1 / 255),
        keras.layers.Conv2D(8, 3, activation="relu", padding="same"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(16, 3, activation="relu", padding="same"),
        keras.layers.MaxPooling2D(),
        keras.layers.Conv2D(32, 3, activation="relu", padding="same"),
        keras.layers.GlobalMaxPooling2D(),
        keras.layers.Dense(num_classes, activation="softmax"),
    ], name="clever_hans_cnn")


def train_cnn(images, labels, epochs=3, batch_size=32, learning_rate=3e-3, random_state=0):
    """Train ``build_cnn`` on (N, S, S, 3) uint8 images and (N,) int labels; returns (model, seconds).

    Seeded with ``keras.utils.set_random_seed(random_state)`` and
    TensorFlow's deterministic ops (a setting for the whole process), so one
    seed gives one model on one machine. ``seconds`` is the time ``fit`` took.
    """
    images, labels = np.asarray(images), np.asarray(labels)
    if images.ndim != 4 or images.shape[1] != images.shape[2] or images.shape[3] != 3:
        raise ValueError(f"images must have shape (N, S, S, 3), got {images.shape}")
    if labels.shape != (len(images),) or not np.issubdtype(labels.dtype, np.integer) \
            or not np.isin(labels, range(len(CLASSES))).all():
        raise ValueError(f"labels must be ({len(images)},) class indices 0..{len(CLASSES) - 1}, "
                         f"got shape {labels.shape}, dtype {labels.dtype}")
    epochs, batch_size = check_positive_int(epochs, "epochs"), check_positive_int(batch_size, "batch_size")
    if isinstance(random_state, bool) or not isinstance(random_state, (int, np.integer)):
        raise TypeError(f"random_state must be an int (Keras seeds from an int), got {random_state!r}")
    # Keeps a harmless C++ graph warning out of the notebook (must precede TensorFlow's first import).
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(int(random_state))
    tf.config.experimental.enable_op_determinism()
    model = build_cnn(images.shape[1])
    model.compile(optimizer=keras.optimizers.Adam(learning_rate), loss="sparse_categorical_crossentropy",
                  metrics=["accuracy"])
    start = time.perf_counter()
    model.fit(images.astype(np.float32), labels, epochs=epochs, batch_size=batch_size, verbose=0, shuffle=True)
    return model, time.perf_counter() - start


def accuracy(classifier_fn, images, labels):
    """Fraction of ``images`` whose most probable class is ``labels``; classifier_fn as in LIME."""
    predictions = np.asarray(classifier_fn(np.asarray(images)))
    return float(np.mean(predictions.argmax(axis=1) == np.asarray(labels)))
