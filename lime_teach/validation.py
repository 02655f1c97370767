"""Input checks, all of them (every chapter): a public function checks each argument once, here,
and hands the cleaned value to private helpers that trust it.

A check returns the cleaned value or raises ValueError or TypeError in one style: the argument's
name, what was expected, what came (``num_samples must be at least 1, got 0``).
"""

import numbers

import numpy as np


def check_positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def check_positive_float(value, name):
    if _real(value, name) <= 0 or not np.isfinite(value):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def check_non_negative_float(value, name):
    if not _real(value, name) >= 0 or not np.isfinite(value):
        raise ValueError(f"{name} must be a non-negative number, got {value}")
    return float(value)


def _real(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    return value


def check_kernel_width(kernel_width, name="kernel_width"):
    """A positive finite width whose square is not 0 in floating point (the kernel divides by it)."""
    kernel_width = check_positive_float(kernel_width, name)
    if kernel_width**2 == 0:
        raise ValueError(f"{name} must be large enough to square in floating point, got {kernel_width}")
    return kernel_width


def check_choice(value, choices, name, or_callable=False):
    """``value`` if it is one of ``choices`` (or, with ``or_callable``, any function)."""
    if or_callable and callable(value):
        return value
    if isinstance(value, (list, dict, np.ndarray)) or value not in choices:
        alternatives = ", ".join(map(repr, choices)) + (" or a function" if or_callable else "")
        raise ValueError(f"{name} must be one of {alternatives}; got {value!r}")
    return value


def check_callable(value, name, expected):
    """``value`` if it can be called; ``expected`` says what it should map, e.g. "images -> probabilities"."""
    if not callable(value):
        raise TypeError(f"{name} must be callable ({expected}), got {value!r}")
    return value


def check_instance(value, types, name, expected):
    """``value`` if it is an instance of ``types``; ``expected`` names them, e.g. "None or a PredictionCache"."""
    if not isinstance(value, types):
        raise TypeError(f"{name} must be {expected}, got {type(value).__name__}")
    return value


def check_random_state(random_state):
    """None, an int or a ``np.random.RandomState`` -> a RandomState. Unlike scikit-learn, None gives
    a fresh unseeded RandomState, not numpy's global one: no hidden state shared between calls."""
    if random_state is None:
        return np.random.RandomState()
    if isinstance(random_state, np.random.RandomState):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return np.random.RandomState(random_state)
    raise TypeError(f"random_state must be None, an int or a numpy.random.RandomState (lime's generator), "
                    f"got {random_state!r}")


def check_image(image, name="image"):
    """An image for LIME: (H, W, 3) or (H, W) (made RGB as lime does), uint8 or float, finite, not empty."""
    if not isinstance(image, np.ndarray):
        if not isinstance(image, (list, tuple)):
            raise TypeError(f"{name} must be a numpy array of shape (H, W, 3), got {type(image).__name__}")
        image = np.asarray(image)
    if image.dtype == bool or not np.issubdtype(image.dtype, np.number):
        raise TypeError(f"{name} must hold numbers (uint8 or float), got dtype {image.dtype}")
    if image.ndim == 2:
        # lime calls skimage's gray2rgb: three identical channels.
        image = np.stack([image] * 3, axis=-1)
    if image.ndim != 3 or image.shape[2] != 3:
        alpha = " (drop the alpha channel: image[..., :3])" if image.ndim == 3 and image.shape[2] == 4 else ""
        raise ValueError(f"{name} must have shape (H, W, 3) or (H, W), got {image.shape}{alpha}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise ValueError(f"{name} must not be empty, got shape {image.shape}")
    if np.issubdtype(image.dtype, np.floating) and not np.isfinite(image).all():
        raise ValueError(f"{name} must hold finite pixels, got NaN or infinite ones")
    return image


def check_images(images, name="images"):
    """A classifier's input: an (N, H, W, 3) batch of uint8 pixels, or other real ones finite in 0..255."""
    images = np.asarray(images)
    if images.ndim == 3 and images.shape[-1] == 3:
        raise ValueError(f"{name} must be a batch (N, H, W, 3), got one image of shape {images.shape}; "
                         "pass image[None] for a batch of one")
    if images.ndim != 4 or images.shape[-1] != 3 or min(images.shape[:3]) == 0:
        raise ValueError(f"{name} must be a batch (N, H, W, 3) of at least one RGB image of at least one pixel, "
                         f"got shape {images.shape}")
    if images.dtype == np.uint8:
        return images
    if images.dtype == bool or not np.issubdtype(images.dtype, np.integer) | np.issubdtype(images.dtype, np.floating):
        raise TypeError(f"{name} must hold uint8 (or real-valued) pixels, got dtype {images.dtype}")
    if not np.all(np.isfinite(images)) or images.min() < 0 or images.max() > 255:
        raise ValueError(f"{name} must hold finite pixel values in 0..255, got {images.min()}..{images.max()}")
    return images


def check_pixels(image, name="image"):
    """An image file's pixels: (H, W) or (H, W, 1..4) (gray, gray + alpha, RGB, RGBA); bool, uint16,
    other integers in 0..255, or finite floats."""
    image = np.asarray(image)
    if not (image.ndim == 2 or (image.ndim == 3 and image.shape[-1] in (1, 2, 3, 4))):
        raise ValueError(f"{name} must have shape (H, W), (H, W, 3) or (H, W, 4), got shape {image.shape}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise ValueError(f"{name} must not be empty, got shape {image.shape}")
    if image.dtype in (bool, np.uint8, np.uint16):
        return image
    if np.issubdtype(image.dtype, np.integer):
        if image.min() < 0 or image.max() > 255:
            raise ValueError(f"{name} must hold integer pixels in 0..255, got {image.min()}..{image.max()}")
        return image
    if not np.issubdtype(image.dtype, np.floating):
        raise TypeError(f"{name} must hold bool, integer or float pixels, got dtype {image.dtype}")
    if not np.all(np.isfinite(image)):
        raise ValueError(f"{name} must hold finite pixel values, got NaN or inf")
    return image


def check_size(size, name="size"):
    """``size`` as a ``(height, width)`` pair of positive ints (an int means a square)."""
    if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
        size = (size, size)
    if (not isinstance(size, (tuple, list)) or len(size) != 2
            or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in size)):
        raise TypeError(f"{name} must be an int or a (height, width) pair of ints, got {size!r}")
    if min(size) < 1:
        raise ValueError(f"{name} must hold positive sizes, got {size!r}")
    return int(size[0]), int(size[1])


def check_hide_color(hide_color, dtype):
    """None, a number, an (r, g, b) triple or "blur"; numbers must fit a uint8 image's 0..255."""
    if hide_color is None or (isinstance(hide_color, str) and hide_color == "blur"):
        return hide_color
    try:
        color = np.asarray(hide_color, dtype=float)
    except (TypeError, ValueError):
        color = np.array(np.nan)
    if color.shape not in ((), (3,)) or not np.isfinite(color).all():
        raise ValueError(f"hide_color must be None, a number, an (r, g, b) triple or 'blur', got {hide_color!r}")
    if dtype == np.uint8 and ((color < 0) | (color > 255)).any():
        raise ValueError(f"hide_color must lie in 0..255 for a uint8 image, got {hide_color!r}")
    return hide_color


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


# --- chapter 08: trust measures ---

def check_class_index(label, num_classes=None, name="label"):
    """One class index: an int >= 0 (and below num_classes when given)."""
    if isinstance(label, bool) or not isinstance(label, numbers.Integral) or label < 0:
        raise TypeError(f"{name} must be a class index (an int >= 0), got {label!r}")
    if num_classes is not None and label >= num_classes:
        raise ValueError(f"{name} must be a class index in 0..{num_classes - 1}, got {label}")
    return int(label)


def check_superpixel_weights(weights, num_superpixels, name="weights"):
    """One finite weight per superpixel: (num_superpixels,) float."""
    weights = np.asarray(weights, dtype=float)
    if weights.shape != (num_superpixels,):
        raise ValueError(f"{name} must have shape ({num_superpixels},), one weight per superpixel, got {weights.shape}")
    if not np.isfinite(weights).all():
        raise ValueError(f"{name} must be finite, got NaN or infinite values")
    return weights


def check_torch_classifier(classifier, name="classifier"):
    """A classifier with a torch module: ``model``, ``preprocess``, ``input_size``, ``labels`` (a TorchClassifier)."""
    missing = [a for a in ("model", "preprocess", "input_size", "labels") if not hasattr(classifier, a)]
    if missing or not hasattr(getattr(classifier, "model", None), "parameters"):
        raise TypeError(f"{name} must be a lime_teach TorchClassifier (a torch module as .model, .preprocess, "
                        f".input_size, .labels), got {type(classifier).__name__}")
    return classifier


def check_seed(seed, name="random_state"):
    """An int >= 0, for generators that take a seed only (torch)."""
    if isinstance(seed, bool) or not isinstance(seed, numbers.Integral) or seed < 0:
        raise TypeError(f"{name} must be an int >= 0 (a seed), got {seed!r}")
    return int(seed)


def check_confidence(confidence, name="confidence"):
    """A confidence level strictly between 0 and 1."""
    if isinstance(confidence, bool) or not isinstance(confidence, numbers.Real) or not 0 < confidence < 1:
        raise ValueError(f"{name} must lie strictly between 0 and 1, got {confidence!r}")
    return float(confidence)


def check_pixel_levels(value, name="epsilon"):
    """A step in uint8 pixel levels (attacks): a finite number in [1, 255]; 0.01-style shares of 1 are refused."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number of pixel levels (e.g. 2 for 2/255), got {value!r}")
    if not np.isfinite(value) or not 0 < value <= 255:
        raise ValueError(f"{name} must lie in (0, 255] pixel levels (e.g. 2 for 2/255), got {value}")
    if value < 1:
        # A step below one level vanishes when the image is rounded back to uint8.
        raise ValueError(f"{name} is in pixel levels 0..255, not a share of 1: got {value}; "
                         f"for {value} of the range pass {value * 255:g}")
    return float(value)


def check_uint8_images(images, name="images", batch=True, min_size=1):
    """uint8 pixels: an (N, H, W, 3) batch of at least one image (or one (H, W, 3) image), H and W >= min_size."""
    images = np.asarray(images)
    ndim, what = (4, "a batch (N, H, W, 3) of at least one image") if batch else (3, "an image (H, W, 3)")
    if images.ndim != ndim or images.shape[-1] != 3 or min(images.shape[:-1]) < 1 \
            or min(images.shape[-3:-1]) < min_size:
        raise ValueError(f"{name} must be {what} of at least {min_size} x {min_size} pixels, got shape {images.shape}")
    if images.dtype != np.uint8:
        raise TypeError(f"{name} must be uint8 (pixel levels 0..255), got dtype {images.dtype}")
    return images
