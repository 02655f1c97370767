"""Input checks, done once at the boundary of each public function.

Each check returns the cleaned value or raises a ``ValueError``/``TypeError``
whose message names the argument and what was expected, so that bad input
never surfaces as an IndexError deep inside numpy.
"""

import numbers

import numpy as np


def check_image(image, name="image"):
    """Return ``image`` as an (H, W, 3) array; a 2-D grayscale image becomes RGB as lime does.

    Accepted: uint8 or float arrays of shape (H, W) or (H, W, 3), finite, not empty.
    """
    if not isinstance(image, np.ndarray):
        if isinstance(image, (list, tuple)):
            image = np.asarray(image)
        else:
            raise TypeError(f"{name} must be a numpy array of shape (H, W, 3), got {type(image).__name__}")
    if image.dtype == bool or not np.issubdtype(image.dtype, np.number):
        raise TypeError(f"{name} must hold numbers (uint8 or float), got dtype {image.dtype}")
    if image.ndim == 2:
        # lime calls skimage's gray2rgb: three identical channels.
        image = np.stack([image] * 3, axis=-1)
    if image.ndim != 3 or image.shape[2] != 3:
        raise ValueError(
            f"{name} must have shape (H, W, 3) or (H, W), got {image.shape}"
            + (" (drop the alpha channel: image[..., :3])" if image.ndim == 3 and image.shape[2] == 4 else "")
        )
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise ValueError(f"{name} is empty: shape {image.shape}")
    if np.issubdtype(image.dtype, np.floating) and not np.isfinite(image).all():
        raise ValueError(f"{name} contains NaN or infinite pixels")
    return image


def check_segments(segments, image_shape, name="segments"):
    """Return ``segments`` as an int array of shape image_shape[:2]."""
    segments = np.asarray(segments)
    if segments.shape != tuple(image_shape[:2]):
        raise ValueError(f"{name} must have the image's height and width {tuple(image_shape[:2])}, got shape {segments.shape}")
    if not np.issubdtype(segments.dtype, np.integer):
        raise TypeError(f"{name} must hold integer superpixel labels, got dtype {segments.dtype}")
    return segments


def check_masks(masks, name="masks"):
    """Return ``masks`` as a (num_samples, num_features) array of 0s and 1s."""
    masks = np.asarray(masks)
    if masks.ndim != 2 or masks.shape[0] == 0 or masks.shape[1] == 0:
        raise ValueError(f"{name} must have shape (num_samples, num_features) with both at least 1, got {masks.shape}")
    if not np.isin(masks, (0, 1)).all():
        raise ValueError(f"{name} must hold only 0 (superpixel hidden) and 1 (kept)")
    return masks


def check_positive_int(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    if value < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def check_positive_float(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def check_distances(distances, name="distances"):
    distances = np.asarray(distances, dtype=float)
    if not np.isfinite(distances).all() or (distances < 0).any():
        raise ValueError(f"{name} must be finite and non-negative")
    return distances


def check_non_negative_float(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number, got {value!r}")
    if not np.isfinite(value) or value < 0:
        raise ValueError(f"{name} must be a non-negative number, got {value}")
    return float(value)


def check_targets(y, num_samples, name="y"):
    """The regression targets: (num_samples,) finite floats."""
    y = np.asarray(y, dtype=float)
    if y.shape != (num_samples,):
        raise ValueError(f"{name} must have shape ({num_samples},), one value per sample, got {y.shape}")
    if not np.isfinite(y).all():
        raise ValueError(f"{name} contains NaN or infinite values")
    return y


def check_choice(value, choices, name):
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}; got {value!r}")
    return value


def check_hide_color(hide_color, dtype):
    """None, a number, an (r, g, b) triple or "blur"; numbers must fit a uint8 image's 0..255."""
    message = f"hide_color must be None, a number, an (r, g, b) triple or 'blur', got {hide_color!r}"
    if hide_color is None:
        return None
    if isinstance(hide_color, str):
        if hide_color != "blur":
            raise ValueError(message)
        return hide_color
    try:
        color = np.asarray(hide_color, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(message) from None
    if color.shape not in ((), (3,)) or not np.isfinite(color).all():
        raise ValueError(message)
    if dtype == np.uint8 and ((color < 0) | (color > 255)).any():
        raise ValueError(f"hide_color must lie in 0..255 for a uint8 image, got {hide_color!r}")
    return hide_color


def check_random_state(random_state):
    """None, an int or a ``np.random.RandomState`` -> a RandomState.

    Unlike scikit-learn, None gives a fresh unseeded RandomState rather than
    numpy's global one: no hidden state shared between calls.
    """
    if random_state is None:
        return np.random.RandomState()
    if isinstance(random_state, np.random.RandomState):
        return random_state
    if isinstance(random_state, numbers.Integral) and not isinstance(random_state, bool):
        return np.random.RandomState(random_state)
    raise TypeError(
        f"random_state must be None, an int or a numpy.random.RandomState (lime's generator), got {random_state!r}"
    )


def check_weights(weights, num_samples, name="weights"):
    weights = np.asarray(weights, dtype=float)
    if weights.shape != (num_samples,):
        raise ValueError(f"{name} must have shape ({num_samples},), one weight per sample, got {weights.shape}")
    if not np.isfinite(weights).all() or (weights < 0).any():
        raise ValueError(f"{name} must be finite and non-negative")
    if weights.sum() <= 0:
        raise ValueError(f"{name} are all zero: no sample counts (is the kernel width too small?)")
    return weights


def check_predictions(predictions, num_images, name="classifier_fn"):
    """The classifier's output for ``num_images`` images: (num_images, num_classes), finite."""
    predictions = np.asarray(predictions)
    if predictions.ndim != 2 or predictions.shape[0] != num_images:
        raise ValueError(
            f"{name} must return an array of shape (num_images, num_classes) = ({num_images}, C), "
            f"got shape {predictions.shape}"
        )
    if not np.issubdtype(predictions.dtype, np.number) or not np.isfinite(predictions).all():
        raise ValueError(f"{name} returned NaN, infinite or non-numeric predictions")
    # A copy: a classifier may reuse its output buffer for the next batch.
    return np.array(predictions, dtype=float)
