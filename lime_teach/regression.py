"""The local surrogate: a weighted linear model on the masks (chapter 05).

LIME explains the black box near one image by a linear model of the masks,
fitted by weighted ridge regression: samples close to the image count more.
Everything here is closed form with numpy and follows scikit-learn's ``Ridge``
with ``sample_weight``, which lime uses:

- centring with the *weighted* means of the masks and of the predictions,
  so the intercept is not penalised;
- minimise sum_i w_i (y_i - x_i.coef - b)**2 + alpha * |coef|**2, with alpha
  *not* scaled by the number of samples or the sum of the weights.
"""

from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import lars_path
from threadpoolctl import ThreadpoolController

from .validation import (check_choice, check_masks, check_matrix, check_non_negative_float, check_positive_int,
                         check_targets, check_weights)

FEATURE_SELECTIONS = ("auto", "none", "highest_weights", "forward_selection", "lasso_path")

# The surrogate's matrices are small (samples x superpixels): BLAS threads cost
# far more than they save there, up to 100x on a busy 2-core machine.
_BLAS = ThreadpoolController()


def _solve(gram, rhs):
    """Solve gram @ coef = rhs for a symmetric positive (semi-)definite gram.

    As scikit-learn's Ridge: when gram is positive definite (Cholesky succeeds)
    solve directly; when it is singular (a superpixel that never varies, alpha=0)
    use the pseudo-inverse, as its SVD fallback does.
    """
    try:
        np.linalg.cholesky(gram)
        return np.linalg.solve(gram, rhs)
    except np.linalg.LinAlgError:
        u, s, vt = np.linalg.svd(gram)
        inverse = np.where(s > 1e-15, 1.0 / np.where(s > 1e-15, s, 1.0), 0.0)
        return (vt.T * inverse) @ (u.T @ rhs)


def _weighted_centre(X, y, weights):
    """Centred X and y, and their weighted means, for a fit with intercept."""
    x_mean = np.average(X, axis=0, weights=weights)
    y_mean = np.average(y, weights=weights)
    return X - x_mean, y - y_mean, x_mean, y_mean


def weighted_ridge(X, y, weights, alpha=1.0):
    """Weighted ridge regression with intercept, in closed form.

    X: (N, K); y: (N,); weights: (N,) non-negative; alpha >= 0.
    Returns (coef (K,), intercept float), the minimiser of
    sum_i w_i (y_i - X_i.coef - intercept)**2 + alpha * |coef|**2.
    """
    X = check_matrix(X)
    return _weighted_ridge(X, check_targets(y, len(X)), check_weights(weights, len(X)),
                           check_non_negative_float(alpha, "alpha"))


def _weighted_ridge(X, y, weights, alpha):
    Xc, yc, x_mean, y_mean = _weighted_centre(X, y, weights)
    gram = Xc.T @ (weights[:, None] * Xc) + alpha * np.eye(X.shape[1])
    coef = _solve(gram, Xc.T @ (weights * yc))
    return coef, float(y_mean - x_mean @ coef)


def weighted_r2(y, y_pred, weights):
    """Weighted R**2, as scikit-learn's ``r2_score(y, y_pred, sample_weight=weights)``.

    1 - sum w (y - y_pred)**2 / sum w (y - weighted mean of y)**2. When y does
    not vary at all, 1.0 for a perfect fit and 0.0 otherwise (scikit-learn's rule).
    """
    residual = np.sum(weights * (y - y_pred) ** 2)
    total = np.sum(weights * (y - np.average(y, weights=weights)) ** 2)
    if total == 0:
        return 1.0 if residual == 0 else 0.0
    return float(1.0 - residual / total)


def _by_magnitude(values):
    """Indices of values from largest |value| to smallest, ties in original order (Python's sorted)."""
    return np.argsort(-np.abs(values), kind="stable")


def highest_weights(X, y, weights, num_features):
    """The num_features features with the largest |coef| in a ridge fit (alpha=0.01) on all of them."""
    coef, _ = _weighted_ridge(X, y, weights, alpha=0.01)
    return _by_magnitude(coef)[:num_features]


def forward_selection(X, y, weights, num_features):
    """Greedily add the feature that most raises the weighted R**2 of a least-squares fit.

    lime refits scikit-learn's Ridge(alpha=0) for every candidate at every
    step. The same choice in closed form: with weighted-centred data, Gram
    matrix G = Xc' W Xc and moments m = Xc' W yc, adding feature j to the
    chosen set S raises the explained sum of squares by

        (m_j - G_jS G_SS^-1 m_S)**2 / (G_jj - G_jS G_SS^-1 G_Sj),

    what j explains of y beyond S, over what of j that S does not explain.
    """
    Xc, yc, _, _ = _weighted_centre(np.asarray(X, float), np.asarray(y, float), weights)
    gram = Xc.T @ (weights[:, None] * Xc)
    # Nothing explains a constant target: every gain is 0 and the lowest indices
    # come first, as in lime. (The rounding left by its weighted mean would rank them by noise.)
    moments = Xc.T @ (weights * yc) if np.ptp(y) > 0 else np.zeros(X.shape[1])
    variance = np.diag(gram)
    chosen = []
    for _ in range(min(num_features, X.shape[1])):
        if chosen:
            projection = _solve(gram[np.ix_(chosen, chosen)], gram[chosen])  # G_SS^-1 G_S., (|S|, K)
            new_moment = moments - projection.T @ moments[chosen]
            new_variance = variance - np.einsum("sk,sk->k", gram[chosen], projection)
        else:
            new_moment, new_variance = moments, variance.copy()
        # A feature that S already explains (or that never varies) adds nothing.
        usable = new_variance > 1e-10 * np.maximum(variance, 1e-300)
        gain = np.where(usable, new_moment**2 / np.where(usable, new_variance, 1.0), 0.0)
        gain[chosen] = -np.inf
        # argmax takes the first of equal gains: the lowest feature index, as lime's loop does.
        chosen.append(int(np.argmax(gain)))
    return np.array(chosen, dtype=int)


def lasso_coefficients(X, y, weights):
    """The coefficients along the weighted lasso path: (K, steps), most penalised first (chapter 05's figure).

    scikit-learn's LARS on weighted, centred data, as lime runs it: weighted
    least squares is ordinary least squares on rows scaled by sqrt(weight).
    """
    X = check_matrix(X)
    return _lasso_coefficients(X, check_targets(y, len(X)), check_weights(weights, len(X)))


def _lasso_coefficients(X, y, weights):
    root = np.sqrt(weights)
    Xw = (X - np.average(X, axis=0, weights=weights)) * root[:, None]
    yw = (y - np.average(y, weights=weights)) * root
    return lars_path(Xw, yw, method="lasso", verbose=False)[2]


def lasso_path(X, y, weights, num_features):
    """The last point of the lasso path with at most num_features non-zero coefficients.

    As lime does: walk the path back from the least regularised end.
    """
    coefs = _lasso_coefficients(X, y, weights)
    selected = np.arange(X.shape[1])
    for i in range(coefs.shape[1] - 1, 0, -1):
        selected = coefs[:, i].nonzero()[0]
        if len(selected) <= num_features:
            break
    return selected


def select_features(masks, y, weights, num_features, method="auto"):
    """Indices of the features the surrogate may use, chosen by ``method``.

    "none": all; "highest_weights"; "forward_selection"; "lasso_path";
    "auto": forward selection for num_features <= 6, else highest weights.
    """
    check_choice(method, FEATURE_SELECTIONS, "feature_selection")
    return _select_features(masks, y, weights, num_features, method)


def _select_features(masks, y, weights, num_features, method):
    X = np.asarray(masks, dtype=float)
    if method == "auto":
        method = "forward_selection" if num_features <= 6 else "highest_weights"
    if method == "none":
        return np.arange(X.shape[1])
    chooser = {"highest_weights": highest_weights, "forward_selection": forward_selection,
               "lasso_path": lasso_path}[method]
    return chooser(X, np.asarray(y, dtype=float), weights, num_features)


@dataclass(frozen=True)
class Surrogate:
    """A fitted local surrogate for one label.

    features: (F,) selected superpixels; coef: (F,) their weights;
    intercept; score: weighted R**2 on the samples; local_pred: the
    surrogate's prediction for the image itself (the all-ones row).
    """

    features: np.ndarray
    coef: np.ndarray
    intercept: float
    score: float
    local_pred: float

    @property
    def local_exp(self):
        """[(feature, weight), ...] from the largest |weight| down, as lime lists them."""
        order = _by_magnitude(self.coef)
        return [(int(self.features[i]), float(self.coef[i])) for i in order]


def fit_surrogate(masks, y, weights, alpha=1.0, feature_selection="auto", num_features=100000):
    """Select features, then fit the weighted ridge surrogate on them, as lime does.

    masks: (N, K) 0/1 with row 0 the image; y: (N,) the black box's
    probability of one label; weights: (N,) from the kernel.
    """
    masks = check_masks(masks)
    return _fit_surrogate(masks, check_targets(y, len(masks)), check_weights(weights, len(masks)),
                          check_non_negative_float(alpha, "alpha"),
                          check_choice(feature_selection, FEATURE_SELECTIONS, "feature_selection"),
                          check_positive_int(num_features, "num_features"))


def _fit_surrogate(masks, y, weights, alpha, feature_selection, num_features):
    with _BLAS.limit(limits=1, user_api="blas"):
        features = _select_features(masks, y, weights, num_features, feature_selection)
        X = masks[:, features].astype(float)
        coef, intercept = _weighted_ridge(X, y, weights, alpha)
    return Surrogate(
        features=features,
        coef=coef,
        intercept=intercept,
        score=weighted_r2(y, X @ coef + intercept, weights),
        local_pred=float(X[0] @ coef + intercept),
    )
