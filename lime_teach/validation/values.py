"""Checks of single values: counts, widths, choices, functions, objects, seeds."""

import numbers

import numpy as np


def check_positive_int(value, name):
    if _integer(value, name) < 1:
        raise ValueError(f"{name} must be at least 1, got {value}")
    return int(value)


def check_int_between(value, name, low, high, unit=""):
    """An int in low..high (both included); ``unit`` names what it counts, e.g. " pixels"."""
    if not low <= _integer(value, name) <= high:
        raise ValueError(f"{name} must be between {low} and {high}{unit}, got {value}")
    return int(value)


def check_positive_float(value, name):
    if _real(value, name) <= 0 or not np.isfinite(value):
        raise ValueError(f"{name} must be a positive finite number, got {value}")
    return float(value)


def check_non_negative_float(value, name):
    if not _real(value, name) >= 0 or not np.isfinite(value):
        raise ValueError(f"{name} must be a non-negative number, got {value}")
    return float(value)


def _integer(value, name):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {value!r}")
    return value


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


def check_class_index(label, num_classes=None, name="label"):
    """One class index: an int >= 0 (and below num_classes when given)."""
    if isinstance(label, bool) or not isinstance(label, numbers.Integral) or label < 0:
        raise TypeError(f"{name} must be a class index (an int >= 0), got {label!r}")
    if num_classes is not None and label >= num_classes:
        raise ValueError(f"{name} must be a class index in 0..{num_classes - 1}, got {label}")
    return int(label)


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


def check_torch_classifier(classifier, name="classifier"):
    """A classifier with a torch module: ``model``, ``preprocess``, ``input_size``, ``labels`` (a TorchClassifier)."""
    missing = [a for a in ("model", "preprocess", "input_size", "labels") if not hasattr(classifier, a)]
    if missing or not hasattr(getattr(classifier, "model", None), "parameters"):
        raise TypeError(f"{name} must be a lime_teach TorchClassifier (a torch module as .model, .preprocess, "
                        f".input_size, .labels), got {type(classifier).__name__}")
    return classifier
