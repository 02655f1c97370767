"""Does the explanation stay put under another seed? (chapter 08)

LIME's samples are random, so two runs with two seeds give two explanations.
Explain one image under S seeds, take each run's top-k superpixels, and
compare every pair of runs by the Jaccard index of their top-k sets: 1 when
all runs agree, near k / (2K - k) for random picks among K superpixels.
The mean over pairs comes with a bootstrap confidence interval over the
seeds; plotted against ``num_samples`` it says how many samples the top-k
needs before it stops changing.
"""

from math import comb

import numpy as np

from .metrics import jaccard
from .validation import check_confidence, check_matrix, check_positive_int, check_random_state


def top_k_sets(weights, k):
    """The top-k superpixels (largest |weight|) of each run: a list of S sets.

    weights: (S, K) one row per run. Ties keep the lower superpixel first.
    """
    weights = check_matrix(weights, "weights")
    k = check_positive_int(k, "k")
    return [set(np.argsort(-np.abs(row), kind="stable")[:k].tolist()) for row in weights]


def jaccard_matrix(top_sets):
    """(S, S) Jaccard index of every pair of sets; 1 on the diagonal."""
    top_sets = [set(s) for s in top_sets]
    return np.array([[jaccard(a, b) for b in top_sets] for a in top_sets])


def pairwise_jaccard(top_sets):
    """The Jaccard index of each pair of runs i < j: (S (S - 1) / 2,) float."""
    if len(top_sets) < 2:
        raise ValueError(f"top_sets must hold at least 2 runs to compare, got {len(top_sets)}")
    matrix = jaccard_matrix(top_sets)
    return matrix[np.triu_indices(len(top_sets), k=1)]


def jaccard_interval(top_sets, confidence=0.95, num_resamples=2000, random_state=None):
    """Mean pairwise Jaccard of the runs, with a bootstrap confidence interval: (mean, low, high).

    The runs (seeds) are what is random, so the bootstrap resamples runs with
    replacement and averages the Jaccard over pairs of *different* draws (a
    run drawn twice would agree with itself and inflate the mean).
    The interval is the percentile interval of the resampled means.
    """
    matrix = jaccard_matrix(top_sets)
    runs = len(matrix)
    if runs < 2:
        raise ValueError(f"top_sets must hold at least 2 runs to compare, got {runs}")
    confidence = check_confidence(confidence)
    num_resamples = check_positive_int(num_resamples, "num_resamples")
    random_state = check_random_state(random_state)
    mean = matrix[np.triu_indices(runs, k=1)].mean()
    means = []
    for _ in range(num_resamples):
        draw = random_state.randint(0, runs, runs)
        different = draw[:, None] != draw[None, :]
        if different.any():  # all draws the same run: no pair to compare
            means.append(matrix[np.ix_(draw, draw)][different].mean())
    low, high = np.quantile(means, [(1 - confidence) / 2, (1 + confidence) / 2])
    return float(mean), float(low), float(high)


def random_jaccard(num_superpixels, k):
    """Expected Jaccard index of two independent random top-k picks among K superpixels.

    The overlap m of two random k-subsets is hypergeometric; J = m / (2k - m).
    """
    num_superpixels = check_positive_int(num_superpixels, "num_superpixels")
    k = check_positive_int(k, "k")
    if k > num_superpixels:
        raise ValueError(f"k must be at most num_superpixels ({num_superpixels}), got {k}")
    total = comb(num_superpixels, k)
    return sum(comb(k, m) * comb(num_superpixels - k, k - m) / total * m / (2 * k - m) for m in range(k + 1))


def samples_needed(num_samples, lower, threshold=0.8):
    """The smallest sample count from which the interval's lower bound stays >= threshold.

    num_samples: (M,) increasing counts; lower: (M,) lower confidence bounds
    of the stability at those counts. "Stays": at that count and every larger
    one; a count that reaches the threshold and falls below it again does not
    count. Returns an int, or None when even the largest count is not enough.
    """
    num_samples = np.asarray(num_samples)
    lower = np.asarray(lower, dtype=float)
    if num_samples.ndim != 1 or num_samples.shape != lower.shape or num_samples.size == 0:
        raise ValueError(f"num_samples and lower must be 1-D of the same length, got shapes {num_samples.shape} "
                         f"and {lower.shape}")
    if not np.isfinite(lower).all():  # NaN < threshold is False: a NaN bound would count as reaching it
        raise ValueError("lower must be finite, got NaN or infinite bounds")
    if np.any(np.diff(num_samples) <= 0):
        raise ValueError(f"num_samples must be increasing, got {num_samples.tolist()}")
    needed = None
    for count, bound in zip(num_samples[::-1], lower[::-1]):
        if bound < threshold:
            break
        needed = int(count)
    return needed
