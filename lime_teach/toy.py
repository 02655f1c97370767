"""LIME in two dimensions: a toy black box and the steps of LIME on a plane (chapter 00).

Before images, LIME on points (x1, x2), where everything can be drawn: a
random forest trained on scikit-learn's two moons is the black box; LIME
samples points around the one to explain, weighs them by their distance to it
with an exponential kernel, and fits a weighted line to the black box's
probabilities. Where that line crosses 0.5 is the *local* decision boundary,
to compare with the black box's own.
"""

from typing import NamedTuple

import numpy as np
from sklearn.datasets import make_moons
from sklearn.ensemble import RandomForestClassifier

from .kernels import kernel
from .regression import weighted_r2, weighted_ridge
from .validation import check_point, check_positive_float, check_positive_int, check_random_state

# The toy data set and forest, fixed here so that every figure of chapter 00 shows the same black box.
NUM_POINTS = 500
NOISE = 0.2
NUM_TREES = 100
MIN_SAMPLES_LEAF = 5  # a few points per leaf: probabilities vary smoothly enough to fit a line to


def moons(num_points=NUM_POINTS, noise=NOISE, random_state=0):
    """scikit-learn's two moons: points (num_points, 2) float and their classes (num_points,) 0/1."""
    return make_moons(n_samples=num_points, noise=noise, random_state=random_state)


def black_box(random_state=0):
    """A random forest trained on ``moons(random_state=random_state)``.

    Its ``predict_proba`` is the classifier function LIME may call:
    points (N, 2) -> probabilities (N, 2) of class 0 and class 1.
    """
    points, classes = moons(random_state=random_state)
    forest = RandomForestClassifier(n_estimators=NUM_TREES, min_samples_leaf=MIN_SAMPLES_LEAF,
                                    random_state=random_state)
    return forest.fit(points, classes)


def sample_around(point, num_samples, scale=1.0, random_state=None):
    """``num_samples`` points around ``point``: row 0 is the point itself, as in lime.

    point: (2,); returns (num_samples, 2). The other rows are
    ``point + scale * z`` with z standard normal, so the samples are centred
    on the point and spread ``scale`` along each axis.
    """
    point = check_point(point)
    num_samples = check_positive_int(num_samples, "num_samples")
    scale = check_positive_float(scale, "scale")
    rng = check_random_state(random_state)
    samples = point + scale * rng.normal(size=(num_samples, 2))
    # lime puts the instance first: its local prediction is read off row 0.
    samples[0] = point
    return samples


def distances(samples, point):
    """Euclidean distance of each sample (N, 2) to ``point`` (2,) -> (N,)."""
    return np.linalg.norm(np.asarray(samples, dtype=float) - check_point(point), axis=1)


def proximity_weights(samples, point, kernel_width):
    """lime's exponential kernel of the distance to ``point``: (N, 2) -> (N,) in (0, 1]."""
    return kernel(distances(samples, point), kernel_width)


def fit_weighted_line(samples, y, weights):
    """Weighted least squares: the (coef (K,), intercept) minimising sum_i w_i (y_i - coef.x_i - b)**2.

    A plain weighted fit without ridge penalty, as scikit-learn's
    ``LinearRegression().fit(samples, y, sample_weight=weights)``.
    """
    return weighted_ridge(samples, y, weights, alpha=0.0)


def local_boundary(coef, intercept, xlim, ylim, threshold=0.5):
    """Two points (2, 2) on the line coef.x + intercept = threshold, crossing the box xlim x ylim.

    That line is where the surrogate's prediction crosses ``threshold``: the
    local decision boundary. Returns None for a flat surrogate (coef = 0),
    which has no boundary.
    """
    (a, b), c = np.asarray(coef, dtype=float), float(intercept) - threshold
    if a == 0 and b == 0:
        return None
    # Solve for the coordinate with the larger slope, so the division is well conditioned.
    if abs(b) >= abs(a):
        x1 = np.asarray(xlim, dtype=float)
        return np.column_stack([x1, -(a * x1 + c) / b])
    x2 = np.asarray(ylim, dtype=float)
    return np.column_stack([-(b * x2 + c) / a, x2])


class ToyExplanation(NamedTuple):
    """Everything LIME computed to explain one point of the plane."""
    point: np.ndarray      # (2,)
    samples: np.ndarray    # (num_samples, 2), row 0 = point
    y: np.ndarray          # (num_samples,) the black box's probability of ``label``
    weights: np.ndarray    # (num_samples,)
    coef: np.ndarray       # (2,) the local line's slopes
    intercept: float
    score: float           # weighted R^2 of the line on the samples: its local fidelity


def explain_point(classifier_fn, point, kernel_width=0.5, num_samples=500, scale=1.0, label=1,
                  random_state=None):
    """LIME on the plane: sample around ``point``, weigh, fit a weighted line to P(label)."""
    samples = sample_around(point, num_samples, scale=scale, random_state=random_state)
    y = np.asarray(classifier_fn(samples))[:, label]
    weights = proximity_weights(samples, point, kernel_width)
    coef, intercept = fit_weighted_line(samples, y, weights)
    score = weighted_r2(y, samples @ coef + intercept, weights)
    return ToyExplanation(samples[0].copy(), samples, y, weights, coef, intercept, score)
