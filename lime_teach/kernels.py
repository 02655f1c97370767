"""How much does each perturbed sample count? Distances and kernels (chapter 04; Shapley: 08).

Each sample is a mask row: 1 where a superpixel is kept, 0 where hidden. The
image itself is the all-ones row. lime measures the cosine distance of every
row to it and turns distances into weights with an exponential kernel.
KernelSHAP (Lundberg & Lee 2017) is the same regression with another kernel,
the Shapley kernel, and no ridge penalty.
"""

import math

import numpy as np

from .validation import check_distances, check_kernel_width, check_masks, check_weights

# The Shapley kernel gives the empty and the full coalition infinite weight
# (they pin the intercept and the sum of the weights). A large finite weight
# does the same to about 1e-6, as the shap package's KernelExplainer does.
SHAPLEY_EDGE_WEIGHT = 1e6


def cosine_distance(masks):
    """Cosine distance of each mask row to the all-ones row.

    masks: (num_samples, num_superpixels) 0/1 -> (num_samples,) float in [0, 1].

    With k ones among n superpixels, cos = k / (sqrt(k) sqrt(n)), so the
    distance is 1 - sqrt(k / n): it depends only on how many superpixels are
    kept, not on which. An all-zeros row (nothing kept) is at distance 1, as
    in lime (scikit-learn treats the zero vector as orthogonal to everything).
    """
    return _cosine_distance(check_masks(masks))


def _cosine_distance(masks):
    kept = masks.sum(axis=1)
    return 1.0 - np.sqrt(kept / masks.shape[1])


def kernel(distances, kernel_width=0.25):
    """lime's exponential kernel: sqrt(exp(-d**2 / kernel_width**2)).

    distances: (num_samples,) -> weights (num_samples,) in (0, 1].
    The square root makes it exp(-d**2 / (2 * kernel_width**2)): a Gaussian
    bump of standard deviation kernel_width, written as lime writes it so that a
    width means the same thing here and there.
    """
    return _kernel(check_distances(distances), check_kernel_width(kernel_width))


def _kernel(distances, kernel_width):
    return np.sqrt(np.exp(-(distances**2) / kernel_width**2))


def shapley_kernel(masks):
    """KernelSHAP's weights: (K - 1) / (C(K, k) k (K - k)) for a row with k ones out of K.

    masks: (num_samples, num_superpixels) 0/1 -> (num_samples,) float.
    Rows with k = 0 or k = K (infinite weight in theory) get SHAPLEY_EDGE_WEIGHT.
    Unlike lime's kernel, rows with few *and* rows with many superpixels
    count most. Weighted least squares (alpha=0) over every coalition with
    these weights gives the exact Shapley values.
    """
    return _shapley_kernel(check_masks(masks))


def _shapley_kernel(masks):
    num_superpixels = masks.shape[1]
    # One weight per possible count of ones, then looked up for every row.
    by_count = np.full(num_superpixels + 1, SHAPLEY_EDGE_WEIGHT)
    for k in range(1, num_superpixels):
        # Python's exact integers: C(K, k) overflows a float64 only for K over 1000.
        by_count[k] = (num_superpixels - 1) / (math.comb(num_superpixels, k) * k * (num_superpixels - k))
    return by_count[masks.sum(axis=1)]


def effective_sample_size(weights):
    """Kish's effective sample size (sum w)**2 / sum w**2.

    weights: (num_samples,) -> float between 1 and num_samples. It says how many
    equally weighted samples the weighted regression is worth: a narrow kernel
    leaves 1000 samples worth only a handful.
    """
    weights = check_weights(weights)
    return float(weights.sum() ** 2 / (weights**2).sum())
