"""Superpixels: the features LIME switches on and off (chapter 02).

LIME does not explain single pixels; it explains *superpixels*, groups of
neighbouring pixels of similar colour. Every segmentation here returns labels
0..K-1, because lime assumes them: it hides superpixel ``z`` for each
``z in range(K)``, so a segmentation that starts at 1 (SLIC does) leaves its
last superpixel visible in every sample.
"""

import numpy as np
from skimage import segmentation as sk

from .validation import check_choice, check_image

# lime's default segmentation (lime_image.LimeImageExplainer.explain_instance).
QUICKSHIFT_DEFAULTS = {"kernel_size": 4, "max_dist": 200, "ratio": 0.2}
SLIC_DEFAULTS = {"n_segments": 50, "compactness": 10.0, "start_label": 0}
FELZENSZWALB_DEFAULTS = {"scale": 100.0, "sigma": 0.5, "min_size": 50}

METHODS = {
    "quickshift": (sk.quickshift, QUICKSHIFT_DEFAULTS),
    "slic": (sk.slic, SLIC_DEFAULTS),
    "felzenszwalb": (sk.felzenszwalb, FELZENSZWALB_DEFAULTS),
}


def relabel(segments):
    """Map any integer labels to 0..K-1, keeping their order.

    segments: (H, W) int -> (H, W) int64 with labels 0..K-1, K = number of distinct labels.
    """
    _, labels = np.unique(segments, return_inverse=True)
    return labels.reshape(np.shape(segments)).astype(np.int64)


def segment(image, method="quickshift", **params):
    """Superpixels of ``image`` with scikit-image's ``method``.

    image: (H, W, 3) or (H, W); method: "quickshift" (lime's default, with
    kernel_size=4, max_dist=200, ratio=0.2), "slic" or "felzenszwalb".
    ``params`` override the defaults and go to the scikit-image function.
    Returns (H, W) int64 labels 0..K-1.
    """
    image = check_image(image)
    check_choice(method, tuple(METHODS), "method")
    return _segment(image, method, params)


def _segment(image, method, params):
    function, defaults = METHODS[method]
    try:
        segments = function(image, **{**defaults, **params})
    except TypeError as error:
        raise TypeError(f"{method} does not take these parameters {sorted(params)}: {error}") from None
    return relabel(segments)


def num_superpixels(segments):
    """K, the number of superpixels (distinct labels) in ``segments``: the masks' number of columns."""
    return int(np.unique(segments).size)
