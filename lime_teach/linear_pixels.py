"""A check with a known answer: a model linear in the pixels (chapter 08).

For a model f(image) = sum of pixel_weights * image + bias, a perturbed image
is the replacement image plus, for each kept superpixel s, that superpixel's
difference to it. So f of a perturbed image is exactly linear in the mask z:

    f(z) = f(replacement) + sum_s z_s * c_s,  c_s = sum over s's pixels of pixel_weights * (image - replacement)

LIME's surrogate is a linear model in z, so with no penalty (alpha=0) and
masks that pin every coefficient down (all 2**K of them, or enough random
ones), its coefficients are the c_s and its intercept is f(replacement), to
rounding. The ridge penalty (lime's alpha=1) shrinks them: how much is
measurable here.
"""

import numpy as np

from .perturbation import perturb_batches, replacement_image
from . import segmentation
from .validation import check_image, check_images, check_instance, check_positive_int, check_segments

# 2**K masks: beyond this K, "every mask" no longer fits in memory comfortably.
MAX_ALL_MASKS_SUPERPIXELS = 16


class LinearPixelModel:
    """A black box linear in the pixels: (N, H, W, 3) -> (N, 1) scores, sum(pixel_weights * image) + bias.

    pixel_weights: (H, W, 3) finite floats. The output is a score, not a
    probability; LIME needs only numbers (column 0 is the "label").
    """

    def __init__(self, pixel_weights, bias=0.0):
        pixel_weights = np.asarray(pixel_weights, dtype=float)
        if pixel_weights.ndim != 3:   # check_image would turn (H, W) into RGB: weights must say all three
            raise ValueError(f"pixel_weights must have shape (H, W, 3), got {pixel_weights.shape}")
        self.pixel_weights, self.bias = check_image(pixel_weights, "pixel_weights"), float(bias)

    def __call__(self, images):
        images = check_images(images)
        if images.shape[1:] != self.pixel_weights.shape:
            raise ValueError(f"images must have shape (N, {', '.join(map(str, self.pixel_weights.shape))}), "
                             f"got {images.shape}")
        # A matrix product in float64: rounding stays near 1e-12, far below the 1e-6 the check asks.
        return (images.reshape(len(images), -1).astype(float) @ self.pixel_weights.ravel() + self.bias)[:, None]


def exact_contributions(model, image, segments, hide_color=None):
    """Each superpixel's exact contribution c_s to a LinearPixelModel's score: (K,) float.

    c_s = sum over superpixel s of pixel_weights * (image - replacement), the
    replacement image being what ``perturb`` paints hidden superpixels with.
    """
    model = check_instance(model, LinearPixelModel, "model", "a LinearPixelModel")
    image = check_image(image)
    segments = check_segments(segments, image.shape)
    difference = image.astype(float) - replacement_image(image, segments, hide_color).astype(float)
    per_pixel = (model.pixel_weights * difference).sum(axis=2)
    return np.bincount(segments.ravel(), weights=per_pixel.ravel(),
                       minlength=segmentation.num_superpixels(segments))


def all_masks(num_superpixels):
    """Every one of the 2**K masks: (2**K, K) uint8, row 0 all ones (the image), as lime's row 0."""
    num_superpixels = check_positive_int(num_superpixels, "num_superpixels")
    if num_superpixels > MAX_ALL_MASKS_SUPERPIXELS:
        raise ValueError(f"num_superpixels must be at most {MAX_ALL_MASKS_SUPERPIXELS} for all 2**K masks, "
                         f"got {num_superpixels}")
    codes = np.arange(2**num_superpixels - 1, -1, -1)  # all ones first
    return ((codes[:, None] >> np.arange(num_superpixels - 1, -1, -1)) & 1).astype(np.uint8)


def every_mask_samples(model, image, segments, hide_color=None, batch_size=64):
    """An ``lt.Samples`` with every mask (``all_masks``) and ``model``'s predictions for them.

    What ``lt.sample`` returns, with all 2**K masks instead of random ones.
    """
    from . import Samples  # the pipeline's dataclass; imported late, as the package imports this module

    image = check_image(image)
    segments = check_segments(segments, image.shape)
    masks = all_masks(segmentation.num_superpixels(segments))
    predictions = np.concatenate([model(batch) for batch in perturb_batches(image, segments, masks, hide_color,
                                                                            batch_size)])
    return Samples(image=image, segments=segments, masks=masks, predictions=predictions, hide_color=hide_color)
