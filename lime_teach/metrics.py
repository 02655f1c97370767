"""Comparing explanations with a number (chapters 07 and 08).

Two explanations of the same image agree when they rank the same superpixels
first. The measures here are small pure functions with a known answer on a toy
case: the share of shared top-k superpixels, their Jaccard index, the rank
correlation of all weights, and the pixel-wise correlation of two heatmaps;
and, for one explanation, its weights as a (K,) vector and its local fidelity
(how well the surrogate matches the model near the image). Stability across
seeds, deletion curves and the randomisation check have their own modules
(``stability``, ``faithfulness``, ``randomization``).
"""

import numpy as np

from .validation import check_positive_int


def top_k_superpixels(local_exp, k):
    """The set of the k superpixels of largest |weight| in ``local_exp`` [(superpixel, weight), ...].

    Ties keep the order of ``local_exp`` (Python's sort is stable).
    """
    ranked = sorted(local_exp, key=lambda pair: abs(pair[1]), reverse=True)
    return {int(feature) for feature, _ in ranked[:k]}


def jaccard(a, b):
    """|a & b| / |a | b| of two sets: 1 for identical sets, 0 for disjoint ones, 1 for two empty sets."""
    a, b = set(a), set(b)
    union = a | b
    return 1.0 if not union else len(a & b) / len(union)


def top_k_overlap(exp_a, exp_b, label, k=5):
    """Share of ``label``'s top-k superpixels two explanations have in common: 0 (none) to 1 (all).

    Both must explain the same image with the same superpixels: superpixel 3
    of one is superpixel 3 of the other.
    """
    k = check_positive_int(k, "k")
    return len(top_k_superpixels(exp_a.local_exp[label], k) & top_k_superpixels(exp_b.local_exp[label], k)) / k


def _ranks(values):
    """Average ranks (1 = smallest), ties sharing the mean of their ranks, as Spearman's rho wants."""
    values = np.asarray(values, dtype=float)
    order = np.argsort(values, kind="stable")
    ranks = np.empty(len(values))
    ranks[order] = np.arange(1, len(values) + 1)
    for value in np.unique(values):
        tied = values == value
        ranks[tied] = ranks[tied].mean()
    return ranks


def rank_correlation(a, b):
    """Spearman's rank correlation of two equally long weight vectors, in [-1, 1].

    0.0 when either vector is constant (no ranking to compare).
    """
    a, b = np.asarray(a, dtype=float).ravel(), np.asarray(b, dtype=float).ravel()
    if a.shape != b.shape or a.size < 2:
        raise ValueError(f"a and b must be vectors of the same length (at least 2), got shapes {a.shape} and {b.shape}")
    if not (np.isfinite(a).all() and np.isfinite(b).all()):
        # NaN equals nothing, itself included: it would be ranked, never tied, and a number would come out.
        raise ValueError("a and b must be finite, got NaN or infinite weights")
    ra, rb = _ranks(a), _ranks(b)
    if ra.std() == 0 or rb.std() == 0:
        return 0.0
    return float(np.corrcoef(ra, rb)[0, 1])


def heatmap_correlation(exp_a, exp_b, label):
    """Pearson correlation of ``label``'s per-pixel weights in two explanations of the same image.

    Unlike top_k_overlap it compares explanations with different superpixels
    (another segmentation), pixel by pixel.
    """
    a, b = exp_a.heatmap(label).ravel(), exp_b.heatmap(label).ravel()
    if a.shape != b.shape:
        raise ValueError(f"the explanations cover images of different sizes: {exp_a.segments.shape} and "
                         f"{exp_b.segments.shape}")
    if a.std() == 0 or b.std() == 0:
        return 0.0
    return float(np.corrcoef(a, b)[0, 1])


def superpixel_weights(local_exp, num_superpixels):
    """``local_exp`` [(superpixel, weight), ...] as a (K,) array; superpixels it leaves out weigh 0."""
    num_superpixels = check_positive_int(num_superpixels, "num_superpixels")
    weights = np.zeros(num_superpixels)
    for feature, weight in local_exp:
        if not 0 <= feature < num_superpixels:
            raise ValueError(f"local_exp names superpixel {feature}, outside 0..{num_superpixels - 1}")
        weights[feature] = weight
    return weights


def local_fidelity(exp, label):
    """How well the surrogate matches the model near the image, for ``label``.

    Returns a dict: ``score`` (weighted R**2 of the surrogate on the samples),
    ``local_pred`` (the surrogate at the image itself), ``probability`` (the
    model at the image, the first sample) and ``gap`` = local_pred - probability.
    """
    probability = float(exp.samples.predictions[0, label])
    local_pred = float(exp.local_pred[label])
    return {"score": float(exp.score[label]), "local_pred": local_pred, "probability": probability,
            "gap": local_pred - probability}


def explanation_weights(exp, label):
    """``label``'s weight for every superpixel of an Explanation: (K,) float, 0 where a superpixel was not selected."""
    return superpixel_weights(exp.local_exp[label], exp.samples.masks.shape[1])
