"""Checks of the arrays LIME computes with: segments and masks, the regression's X, y and
weights, distances, the classifier's predictions and the labels to explain."""

import numpy as np


def check_segments(segments, image_shape, name="segments"):
    """``segments`` as an integer array of shape image_shape[:2]."""
    segments = np.asarray(segments)
    if segments.shape != tuple(image_shape[:2]):
        raise ValueError(f"{name} must have the image's height and width {tuple(image_shape[:2])}, "
                         f"got shape {segments.shape}")
    if not np.issubdtype(segments.dtype, np.integer):
        raise TypeError(f"{name} must hold integer superpixel labels, got dtype {segments.dtype}")
    return segments


def check_masks(masks, name="masks"):
    """``masks`` as a (num_samples, num_superpixels) array of 0s and 1s."""
    masks = np.asarray(masks)
    if masks.ndim != 2 or masks.shape[0] == 0 or masks.shape[1] == 0:
        raise ValueError(f"{name} must have shape (num_samples, num_superpixels) with both at least 1, "
                         f"got {masks.shape}")
    if not np.isin(masks, (0, 1)).all():
        raise ValueError(f"{name} must hold only 0 (superpixel hidden) and 1 (kept), got {np.unique(masks)[:5]}")
    return masks


def check_mask_width(masks, segments):
    """One mask column per superpixel: segments must have labels 0..K-1 for K = masks.shape[1]."""
    if segments.min() < 0 or segments.max() + 1 != masks.shape[1]:
        raise ValueError(f"masks must have one column per superpixel (labels 0..K-1, see segmentation.relabel), "
                         f"got {masks.shape[1]} columns for labels {segments.min()}..{segments.max()}")
    return masks


def check_matrix(X, name="X"):
    """A finite (num_samples, num_features) float array."""
    X = np.asarray(X, dtype=float)
    if X.ndim != 2 or not np.isfinite(X).all():
        raise ValueError(f"{name} must be a finite (num_samples, num_features) array, got shape {X.shape}")
    return X


def check_targets(y, num_samples=None, name="y"):
    """(num_samples,) finite floats, one per sample; num_samples None: any non-empty 1-D array."""
    y = _vector(y, num_samples, name)
    if not np.isfinite(y).all():
        raise ValueError(f"{name} must be finite, got NaN or infinite values")
    return y


def check_weights(weights, num_samples=None, name="weights"):
    """Sample weights: like check_targets, and non-negative, not all zero."""
    weights = check_distances(_vector(weights, num_samples, name), name)
    if weights.sum() <= 0:
        raise ValueError(f"{name} must not all be zero: no sample would count (is the kernel width too small?)")
    return weights


def _vector(values, num_samples, name):
    values = np.asarray(values, dtype=float)
    if num_samples is None and (values.ndim != 1 or values.size == 0):
        raise ValueError(f"{name} must be a non-empty 1-D array, got shape {values.shape}")
    if num_samples is not None and values.shape != (num_samples,):
        raise ValueError(f"{name} must have shape ({num_samples},), one per sample, got {values.shape}")
    return values


def check_distances(distances, name="distances"):
    """Finite, non-negative numbers of any shape."""
    distances = np.asarray(distances, dtype=float)
    bad = distances[~(distances >= 0) | ~np.isfinite(distances)]
    if bad.size:
        raise ValueError(f"{name} must be finite and non-negative, got {bad[0]}")
    return distances


def check_superpixel_weights(weights, num_superpixels, name="weights"):
    """One finite weight per superpixel: (num_superpixels,) float."""
    weights = np.asarray(weights, dtype=float)
    if weights.shape != (num_superpixels,):
        raise ValueError(f"{name} must have shape ({num_superpixels},), one weight per superpixel, got {weights.shape}")
    if not np.isfinite(weights).all():
        raise ValueError(f"{name} must be finite, got NaN or infinite values")
    return weights


def check_predictions(predictions, num_images, name="classifier_fn"):
    """The classifier's output for ``num_images`` images: (num_images, num_classes), finite."""
    predictions = np.asarray(predictions)
    if predictions.ndim != 2 or predictions.shape[0] != num_images:
        raise ValueError(f"{name} must return an array of shape (num_images, num_classes) = ({num_images}, C), "
                         f"got shape {predictions.shape}")
    if not np.issubdtype(predictions.dtype, np.number) or not np.isfinite(predictions).all():
        raise ValueError(f"{name} must return finite numbers, got NaN, infinite or non-numeric predictions")
    # A copy: a classifier may reuse its output buffer for the next batch.
    return np.array(predictions, dtype=float)


def check_num_classes(batches, name="classifier_fn"):
    """The predictions of every batch, (B_i, C) each with the same C, as one (N, C) array."""
    if len({batch.shape[1] for batch in batches}) > 1:
        raise ValueError(f"{name} must return the same number of classes for every batch, "
                         f"got {sorted({batch.shape[1] for batch in batches})}")
    return np.concatenate(batches)


def check_labels(labels, num_classes, name="labels"):
    """A non-empty sequence of class indices in 0..num_classes-1 -> a list of ints."""
    try:
        labels = [int(label) for label in labels]
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be a sequence of class indices, got {labels!r}") from None
    if not labels or any(not 0 <= label < num_classes for label in labels):
        raise ValueError(f"{name} must be class indices in 0..{num_classes - 1}, got {labels!r}")
    return labels


def check_explanation_matrix(W, name="W"):
    """SP-LIME's explanation matrix (chapter 09): an (n, d) float array, n, d >= 1, finite entries."""
    W = np.asarray(W)
    if W.dtype == bool or not np.issubdtype(W.dtype, np.number):
        raise TypeError(f"{name} must hold numbers (explanation weights), got dtype {W.dtype}")
    if W.ndim != 2 or min(W.shape) == 0:
        raise ValueError(f"{name} must have shape (num_explanations, num_features), both >= 1, got {W.shape}")
    if not np.isfinite(W).all():
        raise ValueError(f"{name} must be finite, got NaN or infinite weights")
    return W.astype(float)


def check_point(point, name="point"):
    """A point of chapter 00's plane: two finite coordinates (x1, x2)."""
    point = np.asarray(point, dtype=float)
    if point.shape != (2,) or not np.isfinite(point).all():
        raise ValueError(f"{name} must be two finite coordinates (x1, x2), got {point!r}")
    return point
