"""The model linear in the pixels at its edges (lime_teach.linear_pixels): known scores, every mask, messages."""

import re

import numpy as np
import pytest

import lime_teach as lt
from blackboxes import RecordingClassifier
from lime_teach import linear_pixels

# A 2 x 3 uint8 image: the left column (label 0) and the two right columns (label 1).
IMAGE = np.array([[[10, 20, 30], [100, 110, 120], [200, 210, 220]],
                  [[12, 22, 32], [102, 112, 122], [202, 212, 222]]], np.uint8)
SEGMENTS = np.array([[0, 1, 1], [0, 1, 1]])


def exact_message(message):
    return "^" + re.escape(message) + "$"


# --- LinearPixelModel ------------------------------------------------------------------------------------

def test_score_known_answer_default_bias_0():
    model = linear_pixels.LinearPixelModel(np.ones((1, 2, 3)))
    images = np.array([[[[1, 2, 3], [4, 5, 6]]], [[[0, 0, 0], [0, 0, 250]]]], np.uint8)
    scores = model(images)
    assert scores.dtype == np.float64 and scores.tolist() == [[21.0], [250.0]]   # uint8 sums do not wrap


def test_score_known_answer_with_a_bias_and_integer_weights():
    weights = [[[1, 0, 0], [0, 0, -2]]]    # a list of ints: read as floats
    model = linear_pixels.LinearPixelModel(weights, bias=0.5)
    images = np.array([[[[3, 9, 9], [9, 9, 4]]]], np.uint8)
    assert model(images).tolist() == [[3 - 8 + 0.5]]
    assert model.pixel_weights.dtype == np.float64 and model.bias == 0.5


@pytest.mark.parametrize("pixel_weights, error, message", [
    (np.ones((2, 2)), ValueError, "pixel_weights must have shape (H, W, 3), got (2, 2)"),
    (np.ones((2, 2, 4)), ValueError, ("pixel_weights must have shape (H, W, 3) or (H, W), got (2, 2, 4) "
                                      "(drop the alpha channel: image[..., :3])")),
    (np.full((1, 1, 3), np.inf), ValueError, "pixel_weights must hold finite pixels, got NaN or infinite ones"),
    ([[[1.0, None, 0.0]]], ValueError, "pixel_weights must hold finite pixels, got NaN or infinite ones"),
    (np.ones((0, 2, 3)), ValueError, "pixel_weights must not be empty, got shape (0, 2, 3)"),
])
def test_bad_pixel_weights_exact_messages(pixel_weights, error, message):
    with pytest.raises(error, match=exact_message(message)):
        linear_pixels.LinearPixelModel(pixel_weights)


def test_images_of_another_shape_exact_message():
    model = linear_pixels.LinearPixelModel(np.ones((4, 5, 3)))
    with pytest.raises(ValueError, match=exact_message("images must have shape (N, 4, 5, 3), got (2, 5, 4, 3)")):
        model(np.ones((2, 5, 4, 3)))


# --- exact_contributions ---------------------------------------------------------------------------------

def test_exact_contributions_known_answer_with_the_mean_colour():
    # Means (uint8): left 11, 21, 31; right 151, 161, 171. With all weights 1:
    # left (10-11)+(12-11) = 0 per channel; right (100-151)+(200-151)+(102-151)+(202-151) = 0 as well.
    model = linear_pixels.LinearPixelModel(np.ones((2, 3, 3)))
    np.testing.assert_allclose(linear_pixels.exact_contributions(model, IMAGE, SEGMENTS), [0.0, 0.0])
    # Weights 1 on the first row only: left -1 per channel, right (100-151) + (200-151) = -2 per channel.
    weights = np.zeros((2, 3, 3))
    weights[0] = 1
    got = linear_pixels.exact_contributions(linear_pixels.LinearPixelModel(weights), IMAGE, SEGMENTS)
    assert got.dtype == np.float64 and got.tolist() == [-3.0, -6.0]


def test_exact_contributions_with_a_hide_colour_do_not_wrap_around():
    weights = np.zeros((2, 3, 3))
    weights[:, :, 0] = 1     # the red channel only
    model = linear_pixels.LinearPixelModel(weights)
    got = linear_pixels.exact_contributions(model, IMAGE, SEGMENTS, hide_color=255)
    assert got.tolist() == [(10 - 255) + (12 - 255), (100 - 255) + (200 - 255) + (102 - 255) + (202 - 255)]


def test_exact_contributions_need_a_linear_pixel_model():
    with pytest.raises(TypeError, match=exact_message("model must be a LinearPixelModel, got function")):
        linear_pixels.exact_contributions(lambda images: images, IMAGE, SEGMENTS)


# --- all_masks -------------------------------------------------------------------------------------------

def test_all_masks_known_rows():
    assert linear_pixels.all_masks(1).tolist() == [[1], [0]]
    assert linear_pixels.all_masks(2).tolist() == [[1, 1], [1, 0], [0, 1], [0, 0]]


def test_all_masks_up_to_16_superpixels_and_not_beyond():
    masks = linear_pixels.all_masks(linear_pixels.MAX_ALL_MASKS_SUPERPIXELS)
    assert masks.shape == (2**16, 16) and masks.dtype == np.uint8
    message = "num_superpixels must be at most 16 for all 2**K masks, got 17"
    with pytest.raises(ValueError, match=exact_message(message)):
        linear_pixels.all_masks(17)


@pytest.mark.parametrize("num, error, message", [
    (0, ValueError, "num_superpixels must be at least 1, got 0"),
    (2.0, TypeError, "num_superpixels must be an integer, got 2.0"),
])
def test_all_masks_bad_counts_exact_messages(num, error, message):
    with pytest.raises(error, match=exact_message(message)):
        linear_pixels.all_masks(num)


# --- every_mask_samples ----------------------------------------------------------------------------------

def grid(cells, size=8):
    rows = np.arange(size) * cells // size
    return rows[:, None] * cells + rows[None, :]


@pytest.fixture
def image():
    return np.random.RandomState(0).randint(0, 256, (8, 8, 3)).astype(np.uint8)


@pytest.fixture
def model(image):
    return linear_pixels.LinearPixelModel(np.random.RandomState(1).normal(size=image.shape) / 100, bias=0.3)


@pytest.mark.parametrize("hide_color", [None, 0, (255, 128, 0)])
def test_every_mask_samples_known_answer(image, model, hide_color):
    segments = grid(2)  # 4 superpixels: 16 masks
    samples = linear_pixels.every_mask_samples(model, image.tolist(), segments.tolist(), hide_color=hide_color)
    assert isinstance(samples, lt.Samples) and samples.hide_color == hide_color
    np.testing.assert_array_equal(samples.image, image)
    np.testing.assert_array_equal(samples.segments, segments)
    np.testing.assert_array_equal(samples.masks, linear_pixels.all_masks(4))
    # f(z) = f(replacement) + sum_s z_s c_s, and the model of the perturbed images themselves.
    fill = lt.perturbation.replacement_image(image, segments, hide_color)
    exact = model(fill[None])[0, 0] + samples.masks @ linear_pixels.exact_contributions(model, image, segments,
                                                                                       hide_color)
    assert samples.predictions.shape == (16, 1)
    np.testing.assert_allclose(samples.predictions[:, 0], exact, rtol=0, atol=1e-9)
    np.testing.assert_allclose(samples.predictions, model(lt.perturb(image, segments, samples.masks, hide_color)))


def test_every_mask_samples_default_hide_colour_is_the_mean(image, model):
    samples = linear_pixels.every_mask_samples(model, image, grid(2))
    assert samples.hide_color is None
    fill = lt.perturbation.replacement_image(image, grid(2))
    assert samples.predictions[-1, 0] == pytest.approx(model(fill[None])[0, 0], abs=1e-12)


@pytest.mark.parametrize("batch_size, sizes", [({}, [64, 64]), ({"batch_size": 50}, [50, 50, 28])])
def test_every_mask_samples_batches_default_64(image, model, batch_size, sizes):
    recording = RecordingClassifier(model)
    segments = np.minimum(grid(4), 6)   # labels 0..6: 7 superpixels, 128 masks
    samples = linear_pixels.every_mask_samples(recording, image, segments, hide_color=0, **batch_size)
    assert [len(batch) for batch in recording.batches] == sizes
    np.testing.assert_allclose(samples.predictions, model(lt.perturb(image, segments, samples.masks, 0)))


def test_every_mask_samples_bad_input_exact_messages(image, model):
    with pytest.raises(ValueError, match=exact_message("segments must have the image's height and width (8, 8), "
                                                       "got shape (4, 4)")):
        linear_pixels.every_mask_samples(model, image, np.zeros((4, 4), int))
    with pytest.raises(ValueError, match=exact_message("batch_size must be at least 1, got 0")):
        linear_pixels.every_mask_samples(model, image, grid(2), batch_size=0)
