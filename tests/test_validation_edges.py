"""Every input check (lime_teach.validation) on both sides of its boundary, with the message it gives."""

import numpy as np
import pytest

from lime_teach import validation as v


@pytest.mark.parametrize("value, expected", [(1, 1), (np.int64(3), 3), (10**6, 10**6)])
def test_positive_int_accepts_integers_from_1(value, expected):
    got = v.check_positive_int(value, "n")
    assert got == expected and type(got) is int


@pytest.mark.parametrize("value, error, message", [
    (0, ValueError, "n must be at least 1, got 0"), (-1, ValueError, "n must be at least 1, got -1"),
    (True, TypeError, "n must be an integer, got True"), (1.0, TypeError, "n must be an integer, got 1.0"),
    ("1", TypeError, "n must be an integer, got '1'"),
])
def test_positive_int_rejects(value, error, message):
    with pytest.raises(error) as raised:
        v.check_positive_int(value, "n")
    assert str(raised.value) == message


def test_positive_float_boundaries():
    assert v.check_positive_float(1e-300, "w") == 1e-300
    assert type(v.check_positive_float(2, "w")) is float
    for bad in (0.0, -1e-300, float("inf"), float("nan")):
        with pytest.raises(ValueError, match=r"^w must be a positive finite number, got"):
            v.check_positive_float(bad, "w")
    for bad in (True, "1", None):
        with pytest.raises(TypeError, match=r"^w must be a number, got"):
            v.check_positive_float(bad, "w")


def test_non_negative_float_boundaries():
    assert v.check_non_negative_float(0, "alpha") == 0.0 and type(v.check_non_negative_float(0, "alpha")) is float
    assert v.check_non_negative_float(2.5, "alpha") == 2.5
    for bad in (-1e-300, float("inf"), float("nan")):
        with pytest.raises(ValueError, match=r"^alpha must be a non-negative number, got"):
            v.check_non_negative_float(bad, "alpha")
    with pytest.raises(TypeError, match=r"^alpha must be a number, got False"):
        v.check_non_negative_float(False, "alpha")


def test_kernel_width_whose_square_underflows():
    assert v.check_kernel_width(1e-150) == 1e-150
    with pytest.raises(ValueError, match=r"^kernel_width must be large enough to square in floating point, got 1e-200"):
        v.check_kernel_width(1e-200)
    with pytest.raises(ValueError, match=r"^width must be a positive finite number"):
        v.check_kernel_width(0, name="width")


def test_choice():
    assert v.check_choice("a", ("a", "b"), "mode") == "a"
    with pytest.raises(ValueError) as raised:
        v.check_choice("c", ("a", "b"), "mode")
    assert str(raised.value) == "mode must be one of 'a', 'b'; got 'c'"
    with pytest.raises(ValueError, match=r"^mode must be one of 'a', 'b' or a function; got \['a'\]"):
        v.check_choice(["a"], ("a", "b"), "mode", or_callable=True)
    for unhashable in ({"a": 1}, np.array(["a"])):
        with pytest.raises(ValueError, match="mode must be one of"):
            v.check_choice(unhashable, ("a", "b"), "mode")
    assert v.check_choice(len, ("a",), "mode", or_callable=True) is len
    with pytest.raises(ValueError, match="mode must be one of 'a'; got <built-in function len>"):
        v.check_choice(len, ("a",), "mode")


def test_callable_and_instance():
    assert v.check_callable(len, "f", "x -> y") is len
    with pytest.raises(TypeError) as raised:
        v.check_callable(3, "f", "x -> y")
    assert str(raised.value) == "f must be callable (x -> y), got 3"
    assert v.check_instance(3, int, "n", "an int") == 3
    with pytest.raises(TypeError) as raised:
        v.check_instance("3", int, "n", "an int")
    assert str(raised.value) == "n must be an int, got str"


def test_random_state():
    state = np.random.RandomState(0)
    assert v.check_random_state(state) is state
    np.testing.assert_array_equal(v.check_random_state(5).randint(0, 100, 5),
                                  np.random.RandomState(5).randint(0, 100, 5))
    np.testing.assert_array_equal(v.check_random_state(np.int32(5)).rand(2), np.random.RandomState(5).rand(2))
    np.random.seed(0)
    fresh = v.check_random_state(None)
    assert isinstance(fresh, np.random.RandomState) and fresh is not v.check_random_state(None)
    assert not np.array_equal(fresh.rand(5), np.random.RandomState(0).rand(5)), "not numpy's global state"
    for bad in (True, 1.0, "0", np.random.default_rng(0)):
        with pytest.raises(TypeError, match="^random_state must be None, an int or a numpy.random.RandomState"):
            v.check_random_state(bad)


def test_image_accepts_and_converts():
    grey = np.arange(6, dtype=np.uint8).reshape(2, 3)
    rgb = v.check_image(grey)
    assert rgb.shape == (2, 3, 3)
    np.testing.assert_array_equal(rgb[..., 2], grey)
    np.testing.assert_array_equal(v.check_image(grey.tolist())[..., 0], grey)
    np.testing.assert_array_equal(v.check_image(((1.0, 2.0, 3.0),)), [[[1.0] * 3, [2.0] * 3, [3.0] * 3]])
    image = np.zeros((1, 1, 3))
    assert v.check_image(image) is image
    assert v.check_image(np.zeros((1, 1, 3), np.int16)).dtype == np.int16


@pytest.mark.parametrize("image, error, message", [
    ("img", TypeError, "image must be a numpy array of shape (H, W, 3), got str"),
    (np.zeros((2, 2, 3), bool), TypeError, "image must hold numbers (uint8 or float), got dtype bool"),
    (np.array([["a"]]), TypeError, "image must hold numbers (uint8 or float), got dtype <U1"),
    (np.zeros((2, 2, 4)), ValueError, "image must have shape (H, W, 3) or (H, W), got (2, 2, 4) "
                                      "(drop the alpha channel: image[..., :3])"),
    (np.zeros((2, 2, 2)), ValueError, "image must have shape (H, W, 3) or (H, W), got (2, 2, 2)"),
    (np.zeros(3), ValueError, "image must have shape (H, W, 3) or (H, W), got (3,)"),
    (np.zeros((0, 2, 3)), ValueError, "image must not be empty, got shape (0, 2, 3)"),
    (np.zeros((2, 0)), ValueError, "image must not be empty, got shape (2, 0, 3)"),
    (np.full((1, 1, 3), np.nan), ValueError, "image must hold finite pixels, got NaN or infinite ones"),
    (np.full((1, 1, 3), -np.inf), ValueError, "image must hold finite pixels, got NaN or infinite ones"),
])
def test_image_rejects(image, error, message):
    with pytest.raises(error) as raised:
        v.check_image(image)
    assert str(raised.value) == message


def test_images_batch():
    batch = np.zeros((2, 1, 1, 3), np.uint8)
    assert v.check_images(batch) is batch
    assert v.check_images(np.full((1, 1, 1, 3), 255.0)).dtype == float
    assert v.check_images(np.zeros((1, 1, 1, 3), np.int64)).dtype == np.int64
    assert v.check_images(np.zeros((1, 1, 1, 3), np.float32), name="x").dtype == np.float32


@pytest.mark.parametrize("images, error, message", [
    (np.zeros((2, 2, 3)), ValueError, "images must be a batch (N, H, W, 3), got one image of shape (2, 2, 3); "
                                      "pass image[None] for a batch of one"),
    (np.zeros((1, 2, 2, 4)), ValueError, "images must be a batch (N, H, W, 3) of at least one RGB image of at least "
                                         "one pixel, got shape (1, 2, 2, 4)"),
    (np.zeros((0, 2, 2, 3)), ValueError, "images must be a batch (N, H, W, 3) of at least one RGB image of at least "
                                         "one pixel, got shape (0, 2, 2, 3)"),
    (np.zeros((1, 2, 0, 3)), ValueError, "images must be a batch"),
    (np.zeros((1, 0, 2, 3)), ValueError, "images must be a batch"),
    (np.zeros((1, 1, 1, 3), bool), TypeError, "images must hold uint8 (or real-valued) pixels, got dtype bool"),
    (np.zeros((1, 1, 1, 3), complex), TypeError, "images must hold uint8 (or real-valued) pixels"),
    (np.full((1, 1, 1, 3), 255.5), ValueError, "images must hold finite pixel values in 0..255, got 255.5..255.5"),
    (np.full((1, 1, 1, 3), -1), ValueError, "images must hold finite pixel values in 0..255, got -1..-1"),
    (np.full((1, 1, 1, 3), np.nan), ValueError, "images must hold finite pixel values in 0..255"),
])
def test_images_rejects(images, error, message):
    with pytest.raises(error) as raised:
        v.check_images(images)
    assert str(raised.value).startswith(message)


def test_pixels():
    for ok in (np.zeros((2, 2), bool), np.zeros((2, 2, 1), np.uint16), np.full((2, 2, 2), 255, np.int32),
               np.zeros((1, 1, 4), np.int8), np.full((1, 1, 3), 0.5), np.full((1, 1), 0.5, np.float32)):
        assert v.check_pixels(ok) is not None
    for bad, error, message in [
        (np.zeros((2, 2, 5)), ValueError, "image must have shape (H, W), (H, W, 3) or (H, W, 4), got shape (2, 2, 5)"),
        (np.zeros(4), ValueError, "image must have shape (H, W), (H, W, 3) or (H, W, 4), got shape (4,)"),
        (np.zeros((0, 2)), ValueError, "image must not be empty, got shape (0, 2)"),
        (np.zeros((2, 0, 3)), ValueError, "image must not be empty, got shape (2, 0, 3)"),
        (np.full((1, 1), 256, np.int32), ValueError, "image must hold integer pixels in 0..255, got 256..256"),
        (np.full((1, 1), -1, np.int32), ValueError, "image must hold integer pixels in 0..255, got -1..-1"),
        (np.array([["a"]]), TypeError, "image must hold bool, integer or float pixels, got dtype <U1"),
        (np.full((1, 1), np.inf), ValueError, "image must hold finite pixel values, got NaN or inf"),
    ]:
        with pytest.raises(error) as raised:
            v.check_pixels(bad)
        assert str(raised.value) == message


def test_size():
    assert v.check_size(5) == (5, 5)
    assert v.check_size((2, np.int64(3))) == (2, 3)
    assert v.check_size([1, 1]) == (1, 1)
    for bad in ((1, 2, 3), (1.0, 2), True, (True, 2), "5", None):
        with pytest.raises(TypeError, match=r"^size must be an int or a \(height, width\) pair of ints"):
            v.check_size(bad)
    for bad in (0, (0, 3), (3, -1)):
        with pytest.raises(ValueError, match=r"^size must hold positive sizes"):
            v.check_size(bad)


def test_hide_color():
    for ok in (None, "blur", 0, 255, (0, 128, 255), [1, 2, 3], np.array([1, 2, 3]), 0.0):
        assert v.check_hide_color(ok, np.dtype(np.uint8)) is ok
    assert v.check_hide_color(-5.0, np.dtype(float)) == -5.0
    assert v.check_hide_color(300, np.dtype(np.int64)) == 300
    for bad in (256, -1, (0, 0, 255.5), (-0.5, 0, 0)):
        with pytest.raises(ValueError) as raised:
            v.check_hide_color(bad, np.dtype(np.uint8))
        assert str(raised.value) == f"hide_color must lie in 0..255 for a uint8 image, got {bad!r}"
    for bad in ("gray", (1, 2), object(), (np.nan, 0, 0), float("inf"), ((1, 2, 3),)):
        with pytest.raises(ValueError, match=r"^hide_color must be None, a number, an \(r, g, b\) triple or 'blur'"):
            v.check_hide_color(bad, np.dtype(float))


def test_segments():
    assert v.check_segments([[0, 1]], (1, 2, 3)).shape == (1, 2)
    with pytest.raises(ValueError) as raised:
        v.check_segments(np.zeros((2, 2), int), (2, 3, 3))
    assert str(raised.value) == "segments must have the image's height and width (2, 3), got shape (2, 2)"
    with pytest.raises(TypeError) as raised:
        v.check_segments(np.zeros((2, 3)), (2, 3), name="labels")
    assert str(raised.value) == "labels must hold integer superpixel labels, got dtype float64"


def test_masks():
    assert v.check_masks([[0, 1]]).shape == (1, 2)
    assert v.check_masks(np.array([[True, False]])).dtype == bool
    for bad in (np.zeros(3), np.zeros((0, 3)), np.zeros((3, 0)), np.zeros((1, 1, 1))):
        with pytest.raises(ValueError, match=r"^masks must have shape \(num_samples, num_superpixels\) with both "
                                             r"at least 1, got"):
            v.check_masks(bad)
    with pytest.raises(ValueError) as raised:
        v.check_masks([[0, 2, -1]])
    assert str(raised.value) == "masks must hold only 0 (superpixel hidden) and 1 (kept), got [-1  0  2]"


def test_mask_width():
    masks = np.ones((1, 3))
    assert v.check_mask_width(masks, np.array([[0, 2]])) is masks
    for segments in (np.array([[0, 1]]), np.array([[0, 3]]), np.array([[-1, 2]])):
        with pytest.raises(ValueError, match="^masks must have one column per superpixel .* got 3 columns for labels"):
            v.check_mask_width(masks, segments)


def test_matrix_targets_weights_distances():
    assert v.check_matrix([[1, 2]]).dtype == float
    for bad in (np.ones(3), np.array([[np.nan]]), np.array([[np.inf]])):
        with pytest.raises(ValueError, match=r"^X must be a finite \(num_samples, num_features\) array"):
            v.check_matrix(bad)
    np.testing.assert_array_equal(v.check_targets([1, 2]), [1.0, 2.0])
    for bad in ([], [[1.0]], 3.0):
        with pytest.raises(ValueError, match=r"^y must be a non-empty 1-D array, got shape"):
            v.check_targets(bad)
    with pytest.raises(ValueError, match=r"^y must be finite, got NaN or infinite values"):
        v.check_targets([1.0, np.inf], 2)
    assert v.check_weights([0.0, 1e-300]).tolist() == [0.0, 1e-300]
    assert v.check_weights([0.5]).tolist() == [0.5]  # a single weight
    with pytest.raises(ValueError) as raised:
        v.check_weights([0.0, 0.0])
    assert str(raised.value) == ("weights must not all be zero: no sample would count "
                                 "(is the kernel width too small?)")
    with pytest.raises(ValueError, match=r"^w must be finite and non-negative, got -1.0"):
        v.check_weights([1.0, -1.0], name="w")
    np.testing.assert_array_equal(v.check_distances([[0.0, 2.0]]), [[0.0, 2.0]])
    for bad in ([-1e-300], [np.nan], [np.inf]):
        with pytest.raises(ValueError, match="^distances must be finite and non-negative"):
            v.check_distances(bad)


def test_predictions():
    raw = np.array([[1, 0]], np.int64)
    checked = v.check_predictions(raw, 1)
    assert checked.dtype == float and checked is not raw
    for bad in (np.ones(2), np.ones((2, 2)), np.ones((1, 2, 1))):
        with pytest.raises(ValueError, match=r"^classifier_fn must return an array of shape \(num_images, "
                                             r"num_classes\) = \(1, C\), got shape"):
            v.check_predictions(bad, 1)
    for bad in ([[np.nan]], [["a"]], [[np.inf]]):
        with pytest.raises(ValueError, match="^classifier_fn must return finite numbers"):
            v.check_predictions(np.array(bad), 1)
    np.testing.assert_array_equal(v.check_num_classes([np.ones((1, 2)), np.zeros((2, 2))]), [[1, 1], [0, 0], [0, 0]])
    with pytest.raises(ValueError) as raised:
        v.check_num_classes([np.ones((1, 2)), np.ones((1, 3))])
    assert str(raised.value) == "classifier_fn must return the same number of classes for every batch, got [2, 3]"


def test_labels():
    assert v.check_labels((np.int64(0), 2), 3) == [0, 2]
    assert v.check_labels(["1"], 2) == [1]
    with pytest.raises(ValueError) as raised:
        v.check_labels([3], 3)
    assert str(raised.value) == "labels must be class indices in 0..2, got [3]"
    for bad in ([], [-1], [0, 3]):
        with pytest.raises(ValueError, match=r"^labels must be class indices in 0..2"):
            v.check_labels(bad, 3)
    for bad in (3, [None], ["a"]):
        with pytest.raises(TypeError, match="^labels must be a sequence of class indices"):
            v.check_labels(bad, 3)


def test_class_index():
    assert v.check_class_index(0) == 0 and v.check_class_index(np.int64(2), 3) == 2
    assert v.check_class_index(10**6) == 10**6
    with pytest.raises(ValueError) as raised:
        v.check_class_index(3, 3)
    assert str(raised.value) == "label must be a class index in 0..2, got 3"
    for bad in (-1, True, 1.0, "1"):
        with pytest.raises(TypeError, match=r"^label must be a class index \(an int >= 0\)"):
            v.check_class_index(bad)


def test_superpixel_weights():
    np.testing.assert_array_equal(v.check_superpixel_weights([1, 2], 2), [1.0, 2.0])
    assert v.check_superpixel_weights(np.array([1, 2]), 2).dtype == float
    with pytest.raises(ValueError) as raised:
        v.check_superpixel_weights([1, 2], 3)
    assert str(raised.value) == "weights must have shape (3,), one weight per superpixel, got (2,)"
    with pytest.raises(ValueError, match="^weights must be finite, got NaN or infinite values"):
        v.check_superpixel_weights([1, np.nan], 2)


def test_torch_classifier():
    class Model:
        def parameters(self):
            return []

    class Classifier:
        model, preprocess, input_size, labels = Model(), None, 224, []

    assert isinstance(v.check_torch_classifier(Classifier()), Classifier)
    for missing in ("model", "preprocess", "input_size", "labels"):
        partial = type("Partial", (), {k: getattr(Classifier, k) for k in ("model", "preprocess", "input_size",
                                                                           "labels") if k != missing})()
        with pytest.raises(TypeError, match="^classifier must be a lime_teach TorchClassifier .* got Partial"):
            v.check_torch_classifier(partial)
    no_parameters = type("NoParameters", (), {"model": object(), "preprocess": None, "input_size": 1, "labels": []})()
    with pytest.raises(TypeError, match="got NoParameters"):
        v.check_torch_classifier(no_parameters)


def test_seed_and_confidence():
    assert v.check_seed(0) == 0 and v.check_seed(np.int64(7)) == 7
    for bad in (-1, True, 1.5, None):
        with pytest.raises(TypeError, match=r"^random_state must be an int >= 0 \(a seed\)"):
            v.check_seed(bad)
    assert v.check_confidence(0.95) == 0.95 and type(v.check_confidence(0.5)) is float
    for bad in (0, 1, 1.5, True, "0.9", -0.1):
        with pytest.raises(ValueError, match="^confidence must lie strictly between 0 and 1"):
            v.check_confidence(bad)


def test_pixel_levels():
    assert v.check_pixel_levels(1) == 1.0 and v.check_pixel_levels(255) == 255.0
    for bad in (0, 255.5, float("nan"), float("inf"), -2):
        with pytest.raises(ValueError, match=r"^epsilon must lie in \(0, 255\] pixel levels"):
            v.check_pixel_levels(bad)
    with pytest.raises(ValueError) as raised:
        v.check_pixel_levels(0.01)
    assert str(raised.value) == "epsilon is in pixel levels 0..255, not a share of 1: got 0.01; for 0.01 of the " \
                                "range pass 2.55"
    for bad in (True, "2"):
        with pytest.raises(TypeError, match="^epsilon must be a number of pixel levels"):
            v.check_pixel_levels(bad)


def test_uint8_images():
    batch = np.zeros((1, 2, 2, 3), np.uint8)
    assert v.check_uint8_images(batch) is batch
    assert v.check_uint8_images(batch[0], batch=False).shape == (2, 2, 3)
    assert v.check_uint8_images(batch, min_size=2) is batch
    with pytest.raises(ValueError) as raised:
        v.check_uint8_images(batch, min_size=3)
    assert str(raised.value) == ("images must be a batch (N, H, W, 3) of at least one image of at least 3 x 3 pixels, "
                                 "got shape (1, 2, 2, 3)")
    for narrow in (np.zeros((1, 3, 2, 3), np.uint8), np.zeros((1, 2, 3, 3), np.uint8)):
        with pytest.raises(ValueError, match="of at least 3 x 3 pixels"):
            v.check_uint8_images(narrow, min_size=3)
    with pytest.raises(ValueError, match=r"^image must be an image \(H, W, 3\) of at least 1 x 1 pixels"):
        v.check_uint8_images(batch, name="image", batch=False)
    for bad in (np.zeros((0, 2, 2, 3), np.uint8), np.zeros((1, 2, 2, 4), np.uint8), np.zeros((1, 0, 2, 3), np.uint8)):
        with pytest.raises(ValueError, match="^images must be a batch"):
            v.check_uint8_images(bad)
    with pytest.raises(TypeError) as raised:
        v.check_uint8_images(batch.astype(float))
    assert str(raised.value) == "images must be uint8 (pixel levels 0..255), got dtype float64"


def test_vectors_come_back_as_floats():
    assert v.check_targets([1, 2]).dtype == float
    assert v.check_weights([0, 1], 2).dtype == float
    assert v.check_distances([[0, 2]]).dtype == float


def test_a_bad_mask_message_shows_at_most_five_values():
    with pytest.raises(ValueError) as raised:
        v.check_masks([[0, 1, 2, 3, 4, 5, 6]])
    assert str(raised.value).endswith("got [0 1 2 3 4]")


# --- check_explanation_matrix (chapter 09) and check_point (chapter 00) ---

def test_explanation_matrix_comes_back_as_floats_whatever_numbers_came():
    for W in ([[1, 0], [0, 2]], np.array([[1, 0], [0, 2]], np.int8), np.array([[1, 0], [0, 2]], np.float32)):
        checked = v.check_explanation_matrix(W)
        assert checked.dtype == np.float64
        np.testing.assert_array_equal(checked, [[1.0, 0.0], [0.0, 2.0]])


@pytest.mark.parametrize("W, error, message", [
    ([["a", "b"]], TypeError, r"^W must hold numbers \(explanation weights\), got dtype <U1$"),
    ([[True, False]], TypeError, r"^W must hold numbers \(explanation weights\), got dtype bool$"),
    ([1.0, 2.0], ValueError, r"^W must have shape \(num_explanations, num_features\), both >= 1, got \(2,\)$"),
    (np.zeros((0, 3)), ValueError, r"^W must have shape \(num_explanations, num_features\), both >= 1, got \(0, 3\)$"),
    (np.zeros((2, 0)), ValueError, r"^W must have shape \(num_explanations, num_features\), both >= 1, got \(2, 0\)$"),
    ([[1.0, np.nan]], ValueError, r"^W must be finite, got NaN or infinite weights$"),
])
def test_explanation_matrix_names_what_is_wrong(W, error, message):
    with pytest.raises(error, match=message):
        v.check_explanation_matrix(W)


def test_a_point_comes_back_as_two_floats():
    for point in ([1, 2], (1, 2), np.array([1, 2], np.int64), ["1", "2.5"]):
        checked = v.check_point(point)
        assert checked.dtype == np.float64 and checked.shape == (2,)
    np.testing.assert_array_equal(v.check_point(["1", "2.5"]), [1.0, 2.5])


@pytest.mark.parametrize("point", [[1.0], [1.0, 2.0, 3.0], [[1.0, 2.0]], [np.inf, 0.0], [0.0, np.nan]])
def test_a_point_must_be_two_finite_coordinates(point):
    with pytest.raises(ValueError, match=r"^point must be two finite coordinates \(x1, x2\), got "):
        v.check_point(point)


@pytest.mark.parametrize("value, error, message", [
    (2, ValueError, r"^size must be between 3 and 5 pixels, got 2$"),
    (6, ValueError, r"^size must be between 3 and 5 pixels, got 6$"),
    (4.0, TypeError, r"^size must be an integer, got 4.0$"),
    (True, TypeError, r"^size must be an integer, got True$"),
])
def test_int_between_refuses_what_is_outside_or_not_an_int(value, error, message):
    with pytest.raises(error, match=message):
        v.check_int_between(value, "size", 3, 5, " pixels")


def test_int_between_keeps_both_ends_and_gives_a_python_int():
    assert [v.check_int_between(n, "size", 3, 5) for n in (3, np.int64(4), 5)] == [3, 4, 5]
    assert type(v.check_int_between(np.int16(3), "size", 3, 5)) is int
    with pytest.raises(ValueError, match=r"^k must be between 0 and 0, got 1$"):
        v.check_int_between(1, "k", 0, 0)
