"""SP-LIME for images (chapter 09): which few explanations should a person look at?

Ribeiro et al. (2016, section 4) pick B instances whose explanations together
cover the features that matter most across a whole dataset. With n
explanations over d features in a matrix W (n, d):

- importance of feature j:  I_j = sqrt(sum_i |W_ij|)
- coverage of a set V:      c(V) = sum_j 1[exists i in V: W_ij > 0] * I_j
- pick: start empty, add the instance with the largest coverage gain, B times.

Coverage is submodular (adding an image helps less the more is already
covered), so the greedy pick is within 1 - 1/e of the best set of B.

Two choices differ from the paper on purpose. The paper counts a feature as
covered when W_ij != 0 (its explanations are sparse: K features each); with
LIME's dense image explanations every image would then cover every feature.
Here a feature counts when it speaks *for* the explained class (W_ij > 0),
so the picks show what the model relies on. And features must mean the same
thing in every row: for images, one segmentation shared by all of them
(``clever_hans.grid_segments``), which lime's own ``SubmodularPick`` cannot
give, since it segments and samples each image anew.
"""

import numpy as np

from .validation import check_explanation_matrix, check_positive_int, check_random_state


def explanation_matrix(explanations, labels, num_features=None):
    """W (n, d) float: row i holds explanation i's weight for each superpixel for labels[i].

    explanations: n ``Explanation`` objects whose superpixel j means the same
    region in all of them (one shared segmentation); labels: n class indices
    (e.g. each image's predicted class). num_features: d; None takes the
    largest superpixel count. Superpixels a surrogate left out get 0.
    """
    explanations, labels = list(explanations), list(labels)
    if not explanations or len(labels) != len(explanations):
        raise ValueError(f"labels must give one class per explanation ({len(explanations)}), got {len(labels)}")
    widths = [exp.masks.shape[1] for exp in explanations]
    d = max(widths) if num_features is None else check_positive_int(num_features, "num_features")
    if max(widths) > d:
        raise ValueError(f"num_features={d} is smaller than an explanation's {max(widths)} superpixels")
    W = np.zeros((len(explanations), d))
    for i, (exp, label) in enumerate(zip(explanations, labels)):
        for feature, weight in exp.local_exp[label]:
            W[i, feature] = weight
    return W


def feature_importance(W):
    """I (d,) float: sqrt of the column sums of |W|, the paper's global importance."""
    return np.sqrt(np.abs(check_explanation_matrix(W)).sum(axis=0))


def coverage(W, picked, importance=None):
    """c(V): total importance of the features with a positive weight in a picked row.

    picked: row indices (any order, repeats allowed, may be empty);
    importance: (d,) or None for ``feature_importance(W)``. Returns a float.
    """
    W = check_explanation_matrix(W)
    importance = feature_importance(W) if importance is None else np.asarray(importance, dtype=float)
    if importance.shape != (W.shape[1],):
        raise ValueError(f"importance must have shape ({W.shape[1]},), one value per feature, got {importance.shape}")
    picked = np.asarray(picked, dtype=int).reshape(-1)
    if picked.size and (picked.min() < 0 or picked.max() >= len(W)):
        raise ValueError(f"picked must hold row indices in 0..{len(W) - 1}, got {picked.tolist()}")
    covered = (W[picked] > 0).any(axis=0)
    return float(importance[covered].sum())


def submodular_pick(W, budget):
    """The greedy SP-LIME pick: a list of ``budget`` row indices, in the order picked.

    Each step adds the row with the largest coverage gain; ties go to the
    lowest row index. ``budget`` is at most n (no row is picked twice); once
    everything is covered the gains are 0 and the lowest unpicked rows follow.
    """
    W = check_explanation_matrix(W)
    budget = check_positive_int(budget, "budget")
    if budget > len(W):
        raise ValueError(f"budget must be at most the number of explanations ({len(W)}), got {budget}")
    importance = feature_importance(W)
    positive = W > 0
    covered = np.zeros(W.shape[1], bool)
    picked = []
    for _ in range(budget):
        gains = (positive & ~covered) @ importance
        gains[picked] = -np.inf
        best = int(np.argmax(gains))  # argmax returns the first maximum: the lowest index
        picked.append(best)
        covered |= positive[best]
    return picked


def random_pick_coverage(W, budget, num_draws=100, random_state=None):
    """(num_draws,) coverages of ``budget`` rows drawn at random without replacement: SP-LIME's baseline."""
    W = check_explanation_matrix(W)
    budget, num_draws = check_positive_int(budget, "budget"), check_positive_int(num_draws, "num_draws")
    if budget > len(W):
        raise ValueError(f"budget must be at most the number of explanations ({len(W)}), got {budget}")
    rng = check_random_state(random_state)
    importance = feature_importance(W)
    return np.array([coverage(W, rng.choice(len(W), budget, replace=False), importance) for _ in range(num_draws)])
