"""Perturbation and superpixels at their edges (lime_teach.perturbation, .segmentation), with known answers."""

import numpy as np
import pytest
from skimage import segmentation as sk

import lime_teach as lt
from lime_teach import perturbation

# A 2 x 3 image of two superpixels: the left column (label 0) and the two right columns (label 1).
IMAGE = np.array([[[10, 20, 30], [100, 110, 120], [200, 210, 220]],
                  [[12, 22, 32], [102, 112, 122], [202, 212, 222]]], np.uint8)
SEGMENTS = np.array([[0, 1, 1], [0, 1, 1]])


def test_sample_masks_known_draws():
    """lime's draws: randint(0, 2, N * K) row by row, then row 0 set to ones."""
    expected = np.random.RandomState(3).randint(0, 2, 12).reshape(4, 3)
    expected[0] = 1
    masks = lt.sample_masks(3, 4, random_state=3)
    np.testing.assert_array_equal(masks, expected)
    assert masks.dtype == np.uint8 and masks.shape == (4, 3)


def test_a_single_sample_is_the_image():
    np.testing.assert_array_equal(lt.sample_masks(5, 1, random_state=0), np.ones((1, 5), np.uint8))


def test_mean_replacement_of_a_known_image():
    filled = lt.perturbation.replacement_image(IMAGE, SEGMENTS)
    # Left column: means 11, 21, 31. Right: (100 + 200 + 102 + 202) / 4 = 151, then 161, 171.
    np.testing.assert_array_equal(filled[:, 0], [[11, 21, 31]] * 2)
    np.testing.assert_array_equal(filled[:, 1:], [[[151, 161, 171]] * 2] * 2)
    assert filled.dtype == np.uint8


def test_mean_replacement_truncates_like_lime():
    image = np.zeros((1, 2, 3), np.uint8)
    image[0, 1] = 1  # mean 0.5 per channel, truncated to 0 in uint8
    np.testing.assert_array_equal(lt.perturbation.replacement_image(image, np.zeros((1, 2), int)), 0)
    as_float = lt.perturbation.replacement_image(image.astype(float), np.zeros((1, 2), int))
    np.testing.assert_array_equal(as_float, 0.5)


def test_mean_replacement_relabels_labels_that_do_not_start_at_zero():
    filled = lt.perturbation.replacement_image(IMAGE, SEGMENTS + 5)
    np.testing.assert_array_equal(filled, lt.perturbation.replacement_image(IMAGE, SEGMENTS))


@pytest.mark.parametrize("hide_color, expected", [(0, [0, 0, 0]), (255, [255, 255, 255]), ((1, 2, 3), [1, 2, 3])])
def test_fixed_colour_replacement(hide_color, expected):
    filled = lt.perturbation.replacement_image(IMAGE, SEGMENTS, hide_color)
    np.testing.assert_array_equal(filled, np.broadcast_to(np.array(expected, np.uint8), IMAGE.shape))
    assert filled.dtype == np.uint8


def test_blur_replacement_is_a_gaussian_of_sigma_8():
    rng = np.random.RandomState(0)
    image = rng.randint(0, 256, (20, 20, 3)).astype(np.uint8)
    from skimage.filters import gaussian
    expected = gaussian(image.astype(float), sigma=8.0, channel_axis=-1, preserve_range=True).astype(np.uint8)
    np.testing.assert_array_equal(lt.perturbation.replacement_image(image, np.zeros((20, 20), int), "blur"), expected)
    assert perturbation.BLUR_SIGMA == 8.0


@pytest.mark.parametrize("hide_color", [256, -1, (0, 0, 256), 255.5])
def test_hide_color_just_outside_uint8_is_rejected_by_perturb_and_replacement_image(hide_color):
    masks = np.ones((1, 2), np.uint8)
    with pytest.raises(ValueError, match="hide_color must lie in 0..255"):
        lt.perturb(IMAGE, SEGMENTS, masks, hide_color=hide_color)
    with pytest.raises(ValueError, match="hide_color must lie in 0..255"):
        lt.perturbation.replacement_image(IMAGE, SEGMENTS, hide_color)
    with pytest.raises(ValueError, match="hide_color must lie in 0..255"):
        next(lt.perturb_batches(IMAGE, SEGMENTS, masks, hide_color=hide_color))


def test_hide_color_past_255_is_fine_for_a_float_image():
    filled = lt.perturbation.replacement_image(IMAGE.astype(float), SEGMENTS, 256)
    np.testing.assert_array_equal(filled, 256.0)


@pytest.mark.parametrize("hide_color", ["red", (1, 2), [[1, 2, 3]], float("nan"), {}])
def test_malformed_hide_color_is_rejected_by_perturb_and_replacement_image(hide_color):
    with pytest.raises(ValueError, match="hide_color must be None, a number, an"):
        lt.perturb(IMAGE, SEGMENTS, np.ones((1, 2), np.uint8), hide_color=hide_color)
    with pytest.raises(ValueError, match="hide_color must be None, a number, an"):
        lt.perturbation.replacement_image(IMAGE, SEGMENTS, hide_color)


@pytest.mark.parametrize("shape", [(0, 3, 3), (2, 0, 3)])
def test_an_image_with_a_zero_sized_axis_is_rejected(shape):
    empty = np.zeros(shape, np.uint8)
    with pytest.raises(ValueError, match="image must not be empty"):
        lt.perturb(empty, np.zeros(shape[:2], int), np.ones((1, 1), np.uint8))
    with pytest.raises(ValueError, match="image must not be empty"):
        lt.perturbation.replacement_image(empty, np.zeros(shape[:2], int))
    with pytest.raises(ValueError, match="image must not be empty"):
        lt.segment(empty)


def test_perturb_rejects_segments_of_another_shape_directly():
    with pytest.raises(ValueError, match=r"segments must have the image's height and width \(2, 3\)"):
        lt.perturb(IMAGE, SEGMENTS[:, :2], np.ones((1, 2), np.uint8))
    with pytest.raises(ValueError, match="segments must have the image's height and width"):
        lt.perturbation.replacement_image(IMAGE, SEGMENTS.T)
    with pytest.raises(TypeError, match="segments must hold integer superpixel labels"):
        lt.perturbation.replacement_image(IMAGE, SEGMENTS.astype(float))


@pytest.mark.parametrize("masks, error, match", [
    (np.ones((1, 3), np.uint8), ValueError, "one column per superpixel"),
    (np.ones((1, 1), np.uint8), ValueError, "one column per superpixel"),
    (np.full((1, 2), 2, np.uint8), ValueError, "only 0"),
    (np.ones(2, np.uint8), ValueError, "num_samples, num_superpixels"),
])
def test_perturb_rejects_bad_masks_directly(masks, error, match):
    with pytest.raises(error, match=match):
        lt.perturb(IMAGE, SEGMENTS, masks)
    with pytest.raises(error, match=match):
        next(lt.perturb_batches(IMAGE, SEGMENTS, masks))


def test_perturb_rejects_negative_segment_labels():
    with pytest.raises(ValueError, match="one column per superpixel"):
        lt.perturb(IMAGE, SEGMENTS - 1, np.ones((1, 2), np.uint8))


def test_perturb_rejects_a_bad_image_directly():
    with pytest.raises(TypeError, match="image must be a numpy array"):
        lt.perturb("image", SEGMENTS, np.ones((1, 2), np.uint8))
    with pytest.raises(TypeError, match="image must be a numpy array"):
        lt.perturbation.replacement_image("image", SEGMENTS)


@pytest.mark.parametrize("batch_size", [0, -1, 1.5, True])
def test_perturb_batches_rejects_a_bad_batch_size(batch_size):
    with pytest.raises((TypeError, ValueError), match="^batch_size must be"):
        lt.perturb_batches(IMAGE, SEGMENTS, np.ones((1, 2), np.uint8), batch_size=batch_size)


def test_perturb_of_known_masks():
    masks = np.array([[1, 1], [0, 1], [1, 0], [0, 0]], np.uint8)
    out = lt.perturb(IMAGE, SEGMENTS, masks, hide_color=0)
    assert out.shape == (4, 2, 3, 3) and out.dtype == np.uint8
    np.testing.assert_array_equal(out[0], IMAGE)
    np.testing.assert_array_equal(out[1][:, 0], 0)
    np.testing.assert_array_equal(out[1][:, 1:], IMAGE[:, 1:])
    np.testing.assert_array_equal(out[2][:, 0], IMAGE[:, 0])
    np.testing.assert_array_equal(out[2][:, 1:], 0)
    np.testing.assert_array_equal(out[3], 0)


def test_perturb_takes_a_grey_image_and_lists():
    grey = IMAGE[..., 0]
    out = lt.perturb(grey.tolist(), SEGMENTS.tolist(), [[0, 1]], hide_color=7)
    np.testing.assert_array_equal(out[0][..., 0], [[7, 100, 200], [7, 102, 202]])
    np.testing.assert_array_equal(out[0][..., 2], out[0][..., 0])


@pytest.mark.parametrize("batch_size", [1, 3, 4, 5])
def test_perturb_batches_sizes(batch_size):
    masks = lt.sample_masks(2, 4, random_state=0)
    batches = list(lt.perturb_batches(IMAGE, SEGMENTS, masks, batch_size=batch_size))
    assert [len(b) for b in batches] == [min(batch_size, 4 - start) for start in range(0, 4, batch_size)]
    np.testing.assert_array_equal(np.concatenate(batches), lt.perturb(IMAGE, SEGMENTS, masks))


def test_perturb_batches_default_batch_size_is_64():
    masks = lt.sample_masks(2, 65, random_state=0)
    assert [len(b) for b in lt.perturb_batches(IMAGE, SEGMENTS, masks)] == [64, 1]


# --- superpixels ----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def astronaut_small():
    from skimage import data
    return data.astronaut()[::8, ::8]


def test_slic_defaults_are_the_courses(astronaut_small):
    expected = sk.slic(astronaut_small, n_segments=50, compactness=10.0, start_label=0)
    np.testing.assert_array_equal(lt.segment(astronaut_small, "slic"), lt.segmentation.relabel(expected))


def test_felzenszwalb_defaults_are_the_courses(astronaut_small):
    expected = sk.felzenszwalb(astronaut_small, scale=100.0, sigma=0.5, min_size=50)
    np.testing.assert_array_equal(lt.segment(astronaut_small, "felzenszwalb"), lt.segmentation.relabel(expected))


def test_quickshift_defaults_are_limes(astronaut_small):
    expected = sk.quickshift(astronaut_small, kernel_size=4, max_dist=200, ratio=0.2)
    np.testing.assert_array_equal(lt.segment(astronaut_small), lt.segmentation.relabel(expected))


def test_a_parameter_overrides_one_default_only(astronaut_small):
    expected = sk.slic(astronaut_small, n_segments=10, compactness=10.0, start_label=0)
    np.testing.assert_array_equal(lt.segment(astronaut_small, "slic", n_segments=10),
                                  lt.segmentation.relabel(expected))


def test_segment_names_the_method_and_parameters_it_cannot_take(astronaut_small):
    with pytest.raises(TypeError, match=r"slic does not take these parameters \['bogus'\]"):
        lt.segment(astronaut_small, "slic", bogus=1)
    with pytest.raises(ValueError, match="method must be one of"):
        lt.segment(astronaut_small, "watershed")


def test_segment_of_a_grey_image_is_that_of_its_rgb(astronaut_small):
    grey = astronaut_small[..., 1]
    np.testing.assert_array_equal(lt.segment(grey, "felzenszwalb"),
                                  lt.segment(np.stack([grey] * 3, axis=-1), "felzenszwalb"))


def test_relabel_keeps_the_order_of_labels():
    segments = np.array([[7, 3], [3, -2]])
    relabelled = lt.segmentation.relabel(segments)
    np.testing.assert_array_equal(relabelled, [[2, 1], [1, 0]])
    assert relabelled.dtype == np.int64


def test_num_superpixels_counts_distinct_labels():
    assert lt.num_superpixels(np.array([[0, 5], [5, 9]])) == 3
    assert isinstance(lt.num_superpixels(np.zeros((2, 2), int)), int)
