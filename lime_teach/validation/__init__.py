"""Input checks, all of them (every chapter): a public function checks each argument once, with
these, and hands the cleaned value to private helpers that trust it.

A check returns the cleaned value or raises ValueError or TypeError in one style: the argument's
name, what was expected, what came (``num_samples must be at least 1, got 0``).

    values   one value: counts, widths, choices, functions, objects, seeds
    pixels   images, a classifier's batch, an image file's pixels, a size, a hide colour
    arrays   segments, masks, X / y / weights, distances, predictions, labels

Import them from here (``from .validation import check_masks``), not from the parts.
"""

from .values import (  # noqa: F401
    check_positive_int, check_int_between, check_positive_float, check_non_negative_float, check_kernel_width, check_choice,
    check_callable, check_instance, check_random_state, check_seed, check_confidence, check_class_index,
    check_pixel_levels, check_torch_classifier)
from .pixels import (  # noqa: F401
    check_image, check_images, check_uint8_images, check_pixels, check_size, check_hide_color)
from .arrays import (  # noqa: F401
    check_segments, check_masks, check_mask_width, check_matrix, check_targets, check_weights,
    check_distances, check_superpixel_weights, check_predictions, check_num_classes, check_labels,
    check_explanation_matrix, check_point)
