"""Deletion and insertion curves at their edges (lime_teach.faithfulness): dtypes, ties, defaults, exact messages."""

import re

import numpy as np
import pytest

from lime_teach import faithfulness

# A 2 x 2 uint8 image of two superpixels: the left column (label 0) and the right column (label 1).
IMAGE = np.array([[[10, 10, 10], [200, 200, 200]],
                  [[10, 10, 10], [200, 200, 200]]], np.uint8)
SEGMENTS = np.array([[0, 1], [0, 1]])


def right_column_brightness(images):
    """p(label 0) = mean of the right column / 255, label 1 the rest."""
    p = np.asarray(images, float)[:, :, 1].mean(axis=(1, 2)) / 255
    return np.stack([p, 1 - p], axis=1)


def arguments(**changes):
    return {"image": IMAGE, "segments": SEGMENTS, "weights": [0.0, 1.0],
            "classifier_fn": right_column_brightness, "label": 0, **changes}


# --- deletion_order --------------------------------------------------------------------------------------

def test_deletion_order_keeps_tied_superpixels_in_label_order_beyond_insertion_sort_sizes():
    # 20 weights (numpy's quicksort sorts only up to 16 by insertion): 7 ones, 13 zeros.
    weights = np.zeros(20)
    weights[::3] = 1
    expected = [0, 3, 6, 9, 12, 15, 18] + [i for i in range(20) if i % 3]
    assert faithfulness.deletion_order(weights).tolist() == expected


@pytest.mark.parametrize("weights, expected", [
    (np.array([1, 3, 2], np.uint8), [1, 2, 0]),      # negating uint8 would wrap around: 255, 253, 254
    ([False, True, False], [1, 0, 2]),                # booleans: True is the most important
    ([2, -1, 0], [0, 2, 1]),                          # a list of ints: negative last
])
def test_deletion_order_reads_weights_as_floats_whatever_their_dtype(weights, expected):
    assert faithfulness.deletion_order(weights).tolist() == expected


# --- curve_masks -----------------------------------------------------------------------------------------

def test_curve_masks_of_a_single_superpixel():
    assert faithfulness.curve_masks([0]).tolist() == [[1], [0]]
    assert faithfulness.curve_masks([0], insertion=True).tolist() == [[0], [1]]


@pytest.mark.parametrize("insertion", [False, True])
def test_curve_masks_are_uint8(insertion):
    masks = faithfulness.curve_masks(np.array([1, 0]), insertion=insertion)
    assert masks.dtype == np.uint8 and masks.shape == (3, 2)


@pytest.mark.parametrize("order, shown", [([], "array([], dtype=float64)"), ([0, 2], "array([0, 2])"),
                                          ([[0, 1]], "array([[0, 1]])")])
def test_curve_masks_refuse_what_is_not_a_permutation(order, shown):
    message = f"order must be a permutation of 0..K-1, got {shown}"
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        faithfulness.curve_masks(order)


# --- the curves ------------------------------------------------------------------------------------------

def test_deletion_curve_known_answer_with_lime_s_default_hide_color():
    # Right column first (weight 1): hidden by its own mean colour (200) it stays at 200/255;
    # the image's pixels are already each superpixel's mean, so the curve is flat.
    curve = faithfulness.deletion_curve(**arguments())
    np.testing.assert_allclose(curve, [200 / 255] * 3)
    curve = faithfulness.deletion_curve(**arguments(hide_color=0))
    np.testing.assert_allclose(curve, [200 / 255, 0, 0])
    curve = faithfulness.insertion_curve(**arguments(hide_color=0))
    np.testing.assert_allclose(curve, [0, 200 / 255, 200 / 255])


def test_deletion_curve_hides_the_left_column_first_when_it_weighs_most():
    deletion = faithfulness.deletion_curve(**arguments(hide_color=0, weights=[1.0, 0.0]))
    np.testing.assert_allclose(deletion, [200 / 255, 200 / 255, 0])


@pytest.mark.parametrize("changes, error, message", [
    ({"classifier_fn": "model"}, TypeError, "classifier_fn must be callable (images -> probabilities), got 'model'"),
    ({"cache": {}}, TypeError, "cache must be None or a lime_teach.PredictionCache, got dict"),
    ({"hide_color": 300}, ValueError, "hide_color must lie in 0..255 for a uint8 image, got 300"),
    # Arguments are checked in the signature's order: a uint8 image's range comes before the cache.
    ({"hide_color": 300, "cache": {}}, ValueError, "hide_color must lie in 0..255 for a uint8 image, got 300"),
    ({"hide_color": -1, "cache": "no"}, ValueError, "hide_color must lie in 0..255 for a uint8 image, got -1"),
])
@pytest.mark.parametrize("curve", [faithfulness.deletion_curve, faithfulness.insertion_curve])
def test_bad_curve_arguments_exact_messages(curve, changes, error, message):
    with pytest.raises(error, match="^" + re.escape(message) + "$"):
        curve(**arguments(**changes))


# --- auc -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("curve, area", [
    ([True, True, True], 1.0),                        # booleans, e.g. "the label is still the top class"
    ([True, False, False], 0.25),
    (np.array([200, 200], np.uint8), 200.0),          # uint8 must not wrap around: 200 + 200 = 400
    ([1, 0, 1], 0.5),                                 # a list of ints
])
def test_auc_reads_the_curve_as_floats(curve, area):
    assert faithfulness.auc(curve) == pytest.approx(area)


@pytest.mark.parametrize("curve, shape", [([0.5, None, 1.0], "(3,)"), ([0.5], "(1,)"), ([[0.5, 1]], "(1, 2)"),
                                          ([0.0, np.inf], "(2,)")])
def test_auc_refuses_missing_and_infinite_values_exact_message(curve, shape):
    message = f"curve must be a 1-D array of at least 2 finite values, got shape {shape}"
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        faithfulness.auc(curve)


# --- random_orders ---------------------------------------------------------------------------------------

def test_random_orders_default_to_five_permutations():
    orders = faithfulness.random_orders(4, random_state=0)
    assert orders.shape == (5, 4)
    np.testing.assert_array_equal(orders, faithfulness.random_orders(4, 5, random_state=0))


@pytest.mark.parametrize("call, error, message", [
    (lambda: faithfulness.random_orders(0), ValueError, "num_superpixels must be at least 1, got 0"),
    (lambda: faithfulness.random_orders(2.0), TypeError, "num_superpixels must be an integer, got 2.0"),
    (lambda: faithfulness.random_orders(3, 0), ValueError, "num_orders must be at least 1, got 0"),
    (lambda: faithfulness.random_orders(3, True), TypeError, "num_orders must be an integer, got True"),
])
def test_random_orders_bad_counts_exact_messages(call, error, message):
    with pytest.raises(error, match="^" + re.escape(message) + "$"):
        call()
