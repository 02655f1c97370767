"""Perturbed images: hide some superpixels, keep the others (chapter 03).

A *mask* row says which superpixels a sample keeps (1) and which it hides (0).
Hidden superpixels are painted with a *replacement image*: each superpixel's
mean colour (lime's default, ``hide_color=None``), a fixed colour, or a blurred
copy of the image.
"""

import numpy as np
from skimage.filters import gaussian

from .segmentation import relabel
from .validation import (check_hide_color, check_image, check_mask_width, check_masks, check_positive_int,
                         check_random_state, check_segments)

# Standard deviation in pixels of the blur used by hide_color="blur".
BLUR_SIGMA = 8.0


def sample_masks(num_superpixels, num_samples, random_state=None):
    """lime's samples: independent fair coin flips per superpixel, first row all ones.

    Returns (num_samples, num_superpixels) uint8. The draws are lime's own
    (``random_state.randint(0, 2, num_samples * num_superpixels)``), so the same
    random state gives the same masks as lime. Row 0 is the image itself.
    """
    return _sample_masks(check_positive_int(num_superpixels, "num_superpixels"),
                         check_positive_int(num_samples, "num_samples"), check_random_state(random_state))


def _sample_masks(num_superpixels, num_samples, random_state):
    masks = random_state.randint(0, 2, num_samples * num_superpixels).reshape((num_samples, num_superpixels))
    masks[0, :] = 1
    return masks.astype(np.uint8)


def _superpixel_means(image, labels):
    """(K, 3) mean colour of each superpixel; labels: (H, W) 0..K-1."""
    labels = labels.ravel()
    counts = np.bincount(labels)
    sums = np.stack([np.bincount(labels, weights=image[..., c].ravel()) for c in range(3)], axis=1)
    return sums / counts[:, None]


def replacement_image(image, segments, hide_color=None):
    """What hidden superpixels are painted with, as an image of ``image``'s dtype.

    image: (H, W, 3); segments: (H, W) labels 0..K-1; hide_color: None (each
    superpixel's mean colour), a number, an (r, g, b) triple, or "blur".
    Like lime, the result keeps the image's dtype: means are truncated to
    integers for a uint8 image.
    """
    image = check_image(image)
    segments = check_segments(segments, image.shape)
    return _replacement_image(image, segments, check_hide_color(hide_color, image.dtype))


def _replacement_image(image, segments, hide_color):
    if hide_color is None:
        labels = relabel(segments)
        return _superpixel_means(image, labels)[labels].astype(image.dtype)
    if isinstance(hide_color, str):  # "blur", the only string check_hide_color lets through
        blurred = gaussian(image.astype(float), sigma=BLUR_SIGMA, channel_axis=-1, preserve_range=True)
        return blurred.astype(image.dtype)
    filled = np.empty_like(image)
    filled[:] = hide_color
    return filled


def perturb(image, segments, masks, hide_color=None):
    """All perturbed images at once.

    image: (H, W, 3); segments: (H, W) labels 0..K-1; masks: (N, K) 0/1.
    Returns (N, H, W, 3) of the image's dtype: sample i shows the image where
    ``masks[i, segments]`` is 1 and the replacement image elsewhere.
    For many samples prefer ``perturb_batches``: N full images can be large.
    """
    image, segments, masks, hide_color = _checked(image, segments, masks, hide_color)
    return next(_perturb_batches(image, segments, masks, hide_color, batch_size=len(masks)))


def perturb_batches(image, segments, masks, hide_color=None, batch_size=64):
    """Like ``perturb``, one batch of at most ``batch_size`` images at a time.

    Yields (B, H, W, 3) arrays, so memory holds one batch, not all N images.
    """
    image, segments, masks, hide_color = _checked(image, segments, masks, hide_color)
    return _perturb_batches(image, segments, masks, hide_color, check_positive_int(batch_size, "batch_size"))


def _checked(image, segments, masks, hide_color):
    """The inputs of perturb and perturb_batches, checked."""
    image = check_image(image)
    segments = check_segments(segments, image.shape)
    masks = check_mask_width(check_masks(masks), segments)
    return image, segments, masks, check_hide_color(hide_color, image.dtype)


def _perturb_batches(image, segments, masks, hide_color, batch_size):
    fill = _replacement_image(image, segments, hide_color)
    # Each mask row becomes a per-pixel keep/hide map: keep[i, y, x, c] =
    # masks[i, segments[y, x]]. Looking up per channel (not broadcasting a
    # (N, H, W, 1) map over the channels) makes np.where several times faster.
    channels = np.repeat(segments[..., None], image.shape[2], axis=2)
    for start in range(0, len(masks), batch_size):
        keep = np.take(masks[start:start + batch_size].astype(bool), channels, axis=1)
        yield np.where(keep, image, fill)
