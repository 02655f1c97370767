"""Masks and perturbed images (lime_teach.perturbation, chapter 03) against lime's own draws and images."""

import numpy as np
import pytest
from lime import lime_image

import lime_teach as lt
from blackboxes import RecordingClassifier, RegionColourClassifier, grid_segmentation, small_image
from lime_teach.perturbation import replacement_image

@pytest.mark.parametrize("seed", [0, 1, 42])
@pytest.mark.parametrize("num_superpixels, num_samples", [(16, 50), (4, 1), (9, 7)])
def test_sample_masks_match_lime_draws(chelsea, seed, num_superpixels, num_samples):
    cells = int(np.sqrt(num_superpixels))
    segments = grid_segmentation(cells)(chelsea)
    explainer = lime_image.LimeImageExplainer(random_state=seed)
    lime_masks, _ = explainer.data_labels(chelsea, chelsea, segments, RegionColourClassifier(), num_samples)

    masks = lt.sample_masks(num_superpixels, num_samples, random_state=seed)

    assert masks.shape == (num_samples, num_superpixels)
    assert masks.dtype == np.uint8
    np.testing.assert_array_equal(masks, lime_masks)
    assert (masks[0] == 1).all(), "row 0 is the image itself: every superpixel kept"
    # An int seed and a RandomState seeded with it are the same thing.
    np.testing.assert_array_equal(lt.sample_masks(num_superpixels, num_samples, np.random.RandomState(seed)), masks)


def test_sample_masks_use_no_hidden_global_state():
    """random_state=None draws fresh masks: seeding numpy's global generator does not fix them."""
    np.random.seed(0)
    first = lt.sample_masks(20, 50)
    np.random.seed(0)
    assert not np.array_equal(first, lt.sample_masks(20, 50))


def test_sample_masks_advance_a_given_random_state():
    """As in lime and scikit-learn, a RandomState passed in is used, not copied."""
    random_state = np.random.RandomState(0)
    first = lt.sample_masks(20, 50, random_state)
    assert not np.array_equal(first, lt.sample_masks(20, 50, random_state))


def test_sample_masks_are_fair_coin_flips():
    masks = lt.sample_masks(20, 2000, random_state=0)
    assert set(np.unique(masks)) == {0, 1}
    assert masks[1:].mean() == pytest.approx(0.5, abs=0.02)


def lime_perturbed_images(image, segments, hide_color, random_state, num_samples):
    """The images lime's explain_instance shows the classifier, recorded in order."""
    recorder = RecordingClassifier(RegionColourClassifier())
    explainer = lime_image.LimeImageExplainer(random_state=random_state)
    # A given random_seed keeps lime from drawing one, so its masks are the first draws.
    explainer.explain_instance(image, recorder, hide_color=hide_color, num_samples=num_samples, top_labels=1,
                               segmentation_fn=lambda _: segments, random_seed=0)
    return recorder.images


@pytest.mark.parametrize("hide_color", [None, 0, (255, 0, 0), 117])
@pytest.mark.parametrize("dtype", ["uint8", "float"])
def test_perturb_matches_lime_data_labels(chelsea, chelsea_segments, hide_color, dtype):
    image = chelsea if dtype == "uint8" else chelsea / 255.0
    if dtype == "float" and hide_color is not None:
        hide_color = np.divide(hide_color, 255.0)
        hide_color = tuple(hide_color) if hide_color.ndim else float(hide_color)
    num_samples = 25
    expected = lime_perturbed_images(image, chelsea_segments, hide_color, random_state=3, num_samples=num_samples)
    masks = lt.sample_masks(chelsea_segments.max() + 1, num_samples, random_state=3)

    got = lt.perturb(image, chelsea_segments, masks, hide_color=hide_color)

    assert got.dtype == expected.dtype == image.dtype
    if dtype == "uint8":
        np.testing.assert_array_equal(got, expected)
    else:  # superpixel means summed in another order: equal up to rounding
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


def test_perturb_keeps_kept_superpixels_and_fills_hidden_ones(chelsea, chelsea_segments):
    masks = lt.sample_masks(chelsea_segments.max() + 1, 10, random_state=0)
    fill = replacement_image(chelsea, chelsea_segments, hide_color=None)
    images = lt.perturb(chelsea, chelsea_segments, masks)
    for image, row in zip(images, masks):
        kept = row[chelsea_segments].astype(bool)
        np.testing.assert_array_equal(image[kept], chelsea[kept])
        np.testing.assert_array_equal(image[~kept], fill[~kept])
    np.testing.assert_array_equal(images[0], chelsea)


def test_mean_replacement_is_each_superpixels_mean_colour(chelsea, chelsea_segments):
    fill = replacement_image(chelsea.astype(float), chelsea_segments, hide_color=None)
    for label in np.unique(chelsea_segments):
        where = chelsea_segments == label
        np.testing.assert_allclose(fill[where], np.broadcast_to(chelsea[where].mean(axis=0), fill[where].shape))


@pytest.mark.parametrize("batch_size", [1, 7, 30, 100])
def test_perturb_batches_equal_perturb(chelsea, chelsea_segments, batch_size):
    masks = lt.sample_masks(chelsea_segments.max() + 1, 30, random_state=1)
    batches = list(lt.perturb_batches(chelsea, chelsea_segments, masks, hide_color=0, batch_size=batch_size))
    assert all(len(batch) <= batch_size for batch in batches)
    assert len(batches) == -(-30 // batch_size)
    np.testing.assert_array_equal(np.concatenate(batches), lt.perturb(chelsea, chelsea_segments, masks, hide_color=0))


def detail(image):
    """Mean absolute difference between neighbouring pixels: high for sharp images."""
    image = np.asarray(image, dtype=float)
    return np.abs(np.diff(image, axis=0)).mean() + np.abs(np.diff(image, axis=1)).mean()


@pytest.mark.parametrize("dtype", ["uint8", "float"])
def test_blur_hides_detail(dtype):
    image = small_image("astronaut", 96)
    image = image if dtype == "uint8" else image / 255.0
    segments = lt.segment(image, "slic", n_segments=16)
    blurred = replacement_image(image, segments, hide_color="blur")

    assert blurred.dtype == image.dtype and blurred.shape == image.shape
    assert detail(blurred) < 0.3 * detail(image), "the blur removes most of the fine detail"
    # ...but not the colours: the mean colour stays close, unlike a black or grey fill.
    np.testing.assert_allclose(blurred.mean(axis=(0, 1)), image.mean(axis=(0, 1)), rtol=0.05)
    masks = np.array([[1] * (segments.max() + 1), [0] * (segments.max() + 1)])
    shown, hidden = lt.perturb(image, segments, masks, hide_color="blur")
    np.testing.assert_array_equal(shown, image)
    np.testing.assert_array_equal(hidden, blurred)
