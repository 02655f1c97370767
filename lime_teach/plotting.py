"""Figures of superpixels and explanations (chapters 02 and 06-08).

Every function draws on a matplotlib Axes (a new one when ``ax`` is None)
and returns it, so notebooks can arrange them in grids.
"""

import matplotlib.pyplot as plt
import numpy as np
from skimage.segmentation import find_boundaries, mark_boundaries

POSITIVE = (0.1, 0.7, 0.2)   # green: evidence for the label
NEGATIVE = (0.85, 0.1, 0.1)  # red: evidence against it


def _axes(ax):
    return plt.subplots(figsize=(4, 4))[1] if ax is None else ax


def _as_float(image):
    image = np.asarray(image)
    # Integer pixels are on lime's 0..255 scale, float pixels on 0..1.
    return image / 255.0 if np.issubdtype(image.dtype, np.integer) else np.clip(image, 0, 1)


def show_segments(image, segments, ax=None, title=None):
    """The image with the superpixel boundaries drawn in yellow."""
    ax = _axes(ax)
    ax.imshow(mark_boundaries(_as_float(image), segments))
    ax.set_title(title if title is not None else f"{len(np.unique(segments))} superpixels")
    ax.axis("off")
    return ax


def show_explanation(exp, label, num_features=5, ax=None, title=None, opacity=0.45):
    """The image with its top superpixels tinted: green for, red against ``label``.

    The num_features superpixels of largest |weight| are tinted and outlined;
    the rest of the image is dimmed.
    """
    chosen = exp.local_exp[label][:num_features]  # before the figure: an unknown label leaves none open
    ax = _axes(ax)
    image = _as_float(exp.image)
    shown = image * 0.55
    tint = np.zeros(exp.segments.shape, bool)
    for feature, weight in chosen:
        where = exp.segments == feature
        colour = np.array(POSITIVE if weight > 0 else NEGATIVE)
        shown[where] = (1 - opacity) * image[where] + opacity * colour
        tint |= where
    # Both sides of every edge between labels (-1: not chosen), kept inside the chosen superpixels. (skimage's
    # "inner" mode would take label 0 for background and never outline superpixel 0.)
    outline = find_boundaries(np.where(tint, exp.segments, -1)) & tint
    shown[outline] = 1.0
    ax.imshow(shown)
    ax.set_title(title if title is not None else f"label {label}: top {len(chosen)} superpixels")
    ax.axis("off")
    return ax


def show_heatmap(exp, label, ax=None, title=None):
    """Each superpixel coloured by its weight for ``label`` (diverging map, 0 = white)."""
    heat = exp.heatmap(label)  # before the figure: an unknown label leaves none open
    ax = _axes(ax)
    limit = np.abs(heat).max() or 1.0
    ax.imshow(_as_float(exp.image), alpha=0.35)
    shown = ax.imshow(heat, cmap="RdYlGn", vmin=-limit, vmax=limit, alpha=0.75)
    ax.figure.colorbar(shown, ax=ax, fraction=0.046, pad=0.04)  # ax's own figure, current or not
    ax.set_title(title if title is not None else f"label {label}: superpixel weights")
    ax.axis("off")
    return ax
