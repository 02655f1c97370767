"""How close is a perturbed sample to the image being explained? (chapter 04)

Each sample is a mask row: 1 where a superpixel is kept, 0 where hidden. The
image itself is the all-ones row. lime measures the cosine distance of every
row to it and turns distances into weights with an exponential kernel.
"""

import numpy as np

from .validation import check_distances, check_masks, check_positive_float


def cosine_distance(masks):
    """Cosine distance of each mask row to the all-ones row.

    masks: (num_samples, num_features) 0/1 -> (num_samples,) float in [0, 1].

    With k ones among n features, cos = k / (sqrt(k) sqrt(n)), so the distance
    is 1 - sqrt(k / n): it depends only on how many superpixels are kept, not
    on which. An all-zeros row (nothing kept) is at distance 1, as in lime
    (scikit-learn treats the zero vector as orthogonal to everything).
    """
    masks = check_masks(masks)
    kept = masks.sum(axis=1)
    return 1.0 - np.sqrt(kept / masks.shape[1])


def kernel(distances, kernel_width=0.25):
    """lime's exponential kernel: sqrt(exp(-d**2 / kernel_width**2)).

    distances: (num_samples,) -> weights (num_samples,) in (0, 1].
    The square root makes it exp(-d**2 / (2 * kernel_width**2)): a Gaussian
    bump of standard deviation kernel_width, written as lime writes it so that a
    width means the same thing here and there.
    """
    kernel_width = check_positive_float(kernel_width, "kernel_width")
    if kernel_width**2 == 0:
        raise ValueError(f"kernel_width is too small to square in floating point: {kernel_width}")
    distances = check_distances(distances)
    return np.sqrt(np.exp(-(distances**2) / kernel_width**2))


def effective_sample_size(weights):
    """Kish's effective sample size (sum w)**2 / sum w**2.

    weights: (num_samples,) -> float between 1 and num_samples. It says how many
    equally weighted samples the weighted regression is worth: a narrow kernel
    leaves 1000 samples worth only a handful.
    """
    weights = np.asarray(weights, dtype=float)
    if weights.ndim != 1 or weights.size == 0:
        raise ValueError(f"weights must be a non-empty 1-D array, got shape {weights.shape}")
    if (weights < 0).any() or not np.isfinite(weights).all() or weights.sum() == 0:
        raise ValueError("weights must be finite, non-negative and not all zero")
    return float(weights.sum() ** 2 / (weights**2).sum())
