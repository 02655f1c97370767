"""Small deterministic black boxes for fast tests: (N, H, W, 3) -> (N, C) probabilities."""

import numpy as np


class RegionColourClassifier:
    """Softmax of a fixed random linear map of the mean colour of a 3x3 grid of regions.

    Deterministic, cheap, and sensitive to which superpixels are hidden, so a
    LIME explanation of it has real structure. ``calls`` counts images seen.
    """

    def __init__(self, num_classes=10, seed=0):
        self.weights = np.random.RandomState(seed).normal(size=(27, num_classes)) * 4
        self.calls = 0

    def features(self, images):
        images = np.asarray(images, dtype=float)
        if images.max() > 1.5:
            images = images / 255.0
        rows = np.array_split(np.arange(images.shape[1]), 3)
        cols = np.array_split(np.arange(images.shape[2]), 3)
        means = [images[:, r][:, :, c].mean(axis=(1, 2)) for r in rows for c in cols]
        return np.concatenate(means, axis=1)

    def __call__(self, images):
        self.calls += len(images)
        logits = self.features(images) @ self.weights
        logits -= logits.max(axis=1, keepdims=True)
        probabilities = np.exp(logits)
        return probabilities / probabilities.sum(axis=1, keepdims=True)


def grid_segmentation(cells=4):
    """A segmentation function: a cells x cells grid, labels 0..cells**2-1."""

    def segment(image):
        h, w = image.shape[:2]
        rows = np.minimum(np.arange(h) * cells // h, cells - 1)
        cols = np.minimum(np.arange(w) * cells // w, cells - 1)
        return rows[:, None] * cells + cols[None, :]

    return segment


class RecordingClassifier:
    """Wraps a classifier and keeps a copy of every batch of images it is shown, in order."""

    def __init__(self, classifier):
        self.classifier = classifier
        self.batches = []

    def __call__(self, images):
        self.batches.append(np.array(images, copy=True))
        return self.classifier(images)

    @property
    def images(self):
        """(N, H, W, 3): every image seen, in the order seen."""
        return np.concatenate(self.batches)


def small_image(name, size=64):
    """A course image shrunk to size x size uint8: small enough for fast tests, still a photo."""
    from skimage.transform import resize

    import lime_teach as lt

    image = lt.load_image(name)
    return (resize(image, (size, size), anti_aliasing=True) * 255).round().astype(np.uint8)


def four_quadrants():
    """48 x 48 uint8: four coloured quadrants with a little noise, quick to segment (chapter 02's explorer)."""
    rng = np.random.RandomState(0)
    quadrants = np.kron(np.array([[0, 1], [2, 3]]), np.ones((24, 24), int))
    colours = np.array([[200, 30, 30], [30, 200, 30], [30, 30, 200], [220, 220, 40]])
    return np.clip(colours[quadrants] + rng.normal(0, 8, size=(48, 48, 3)), 0, 255).astype(np.uint8)


# --- A stand-in for the model in chapter 07's parameter study: a 40 x 40 image of 16 noisy blocks, and a
# fixed linear function of its pixels followed by a softmax over 6 classes. Fast, and far from linear in
# the masks once hidden blocks turn grey.
_STUDY_RNG = np.random.RandomState(3)
STUDY_PIXEL_WEIGHTS = _STUDY_RNG.normal(size=(40 * 40 * 3, 6)) / 30
_blocks = np.kron(_STUDY_RNG.randint(0, 256, size=(4, 4, 3)), np.ones((10, 10, 1))).astype(np.uint8)
STUDY_IMAGE = np.clip(_blocks + _STUDY_RNG.randint(-20, 20, size=_blocks.shape), 0, 255).astype(np.uint8)
STUDY_SEGMENTATIONS = {
    "slic, 16": {"method": "slic", "n_segments": 16},
    "felzenszwalb": {"method": "felzenszwalb", "scale": 50, "min_size": 20},
}


def study_black_box(images):
    """(N, 40, 40, 3) -> (N, 6) class probabilities (no class names)."""
    scores = np.asarray(images, dtype=float).reshape(len(images), -1) / 255 @ STUDY_PIXEL_WEIGHTS
    scores = np.exp(scores - scores.max(axis=1, keepdims=True))
    return scores / scores.sum(axis=1, keepdims=True)


class NamedStudyBlackBox:
    """study_black_box with class names."""

    labels = ("apple", "boat", "cat", "dog", "egg", "fox")

    def __call__(self, images):
        return study_black_box(images)
