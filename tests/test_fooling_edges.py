"""Fooling's edges: exact regions, features by pixel loops, seeded draws, detector, routing, messages."""

import functools
import re

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression

from lime_teach import fooling


def noise(shape, seed=0):
    return np.random.RandomState(seed).randint(0, 256, shape).astype(np.uint8)


def grid(size, cell):
    rows, cols = np.indices(size) // cell
    return rows * ((size[1] + cell - 1) // cell) + cols


def exact(message):
    return "^" + re.escape(message) + "$"


def reference_steps(image):
    """(H-1, W-1) ints by pixel loops: the largest step over channels to the right or lower neighbour."""
    x = image.astype(int)
    height, width = x.shape[:2]
    steps = np.zeros((height - 1, width - 1), dtype=int)
    for i in range(height - 1):
        for j in range(width - 1):
            steps[i, j] = max(max(abs(x[i, j + 1, c] - x[i, j, c]), abs(x[i + 1, j, c] - x[i, j, c]))
                              for c in range(3))
    return steps


def reference_features(image):
    """texture_features of one image, by pixel loops, from the docstring's definitions."""
    steps = reference_steps(image)
    flat = 0
    for i in range(steps.shape[0]):
        for j in range(steps.shape[1]):
            pixel = [int(v) for v in image[i, j]]
            saturated = all(v > 255 - 6 for v in pixel) or all(v < 6 for v in pixel)
            flat += steps[i, j] == 0 and not saturated
    return [flat / steps.size, (steps <= 2).mean(), steps.mean() / 255]


def mt_state_whose_next_rand_is(value_bits):
    """A RandomState whose next rand() is (a * 2**26 + b) / 2**53 for value_bits = (a, b): MT19937 emits
    key[pos] tempered, so the key holds the untempered words (a << 5 and b << 6)."""
    def untemper(y):
        y ^= y >> 18
        y ^= (y << 15) & 0xefc60000
        r = y
        for _ in range(5):
            r = y ^ ((r << 7) & 0x9d2c5680)
        y = r & 0xffffffff
        r = y
        for _ in range(3):
            r = y ^ (r >> 11)
        return r & 0xffffffff

    a, b = value_bits
    key = np.zeros(624, dtype=np.uint32)
    key[0], key[1] = untemper(a << 5), untemper(b << 6)
    state = np.random.RandomState()
    state.set_state(("MT19937", key, 0))
    return state


# --- square_region ---

def test_square_regions_exact_position_on_a_wide_image_and_an_image_shape():
    centre = fooling.square_region((10, 16), "centre", share=0.2)      # side 2, top (10-2)//2, left (16-2)//2
    expected = np.zeros((10, 16), dtype=bool)
    expected[4:6, 7:9] = True
    assert centre.dtype == bool and np.array_equal(centre, expected)
    # An image's (H, W, 3) shape gives the same region as (H, W).
    assert np.array_equal(fooling.square_region((10, 16, 3), "centre", share=0.2), expected)
    corner = fooling.square_region((7, 9, 3), "top-left", share=0.5)    # round(3.5) = 4
    assert np.array_equal(np.argwhere(corner).max(axis=0), [3, 3]) and corner.sum() == 16


def test_a_square_region_keeps_at_least_one_pixel():
    corner = fooling.square_region((3, 3), "top-left", share=0.1)      # round(0.3) = 0 -> 1 pixel
    assert corner.sum() == 1 and corner[0, 0]
    centre = fooling.square_region((5, 5), "centre", share=0.1)
    assert np.argwhere(centre).tolist() == [[2, 2]]


# --- texture_features ---

BOUNDARY_LEVELS = (0, 5, 6, 7, 100, 248, 249, 250, 255)


def test_flat_colours_are_flat_unless_every_channel_is_saturated():
    colours = np.array([(r, g, b) for r in BOUNDARY_LEVELS for g in BOUNDARY_LEVELS for b in BOUNDARY_LEVELS])
    images = np.broadcast_to(colours[:, None, None, :], (len(colours), 3, 3, 3)).astype(np.uint8)
    features = fooling.texture_features(images)
    saturated = (colours > 249).all(axis=1) | (colours < 6).all(axis=1)
    assert features[:, 0].tolist() == (~saturated).astype(float).tolist()
    assert features[:, 1].tolist() == [1.0] * len(colours) and features[:, 2].tolist() == [0.0] * len(colours)
    # Spot checks of the boundaries: 249 and 6 are not saturated, 250 and 5 are.
    flat = dict(zip(map(tuple, colours.tolist()), features[:, 0]))
    assert flat[(250, 250, 250)] == 0 and flat[(249, 250, 250)] == 1 and flat[(250, 250, 249)] == 1
    assert flat[(5, 5, 5)] == 0 and flat[(6, 5, 5)] == 1 and flat[(5, 5, 6)] == 1 and flat[(100, 0, 0)] == 1


def test_texture_features_match_a_pixel_loop_reference_on_block_images():
    rng = np.random.RandomState(0)
    levels = np.array(BOUNDARY_LEVELS + (3, 252))
    blocks = rng.choice(levels, size=(4, 6, 5, 3))                     # 4 images of 6 x 5 blocks
    images = np.kron(blocks, np.ones((1, 3, 3, 1), dtype=int)).astype(np.uint8)   # blocks of 3 x 3 pixels
    images[1, ::2] = np.clip(images[1, ::2].astype(int) + 1, 0, 255)  # small steps: smooth, not flat
    images[2, :9] = 100                                                # unsaturated top, varied below
    images[3, :, :6] = 0                                               # black left, varied right
    got = fooling.texture_features(images)
    assert got.shape == (4, 3)
    for image, row in zip(images, got):
        assert row.tolist() == pytest.approx(reference_features(image), abs=1e-12)


def test_saturation_is_read_per_pixel_not_from_the_first_row_or_column():
    top_grey = np.zeros((1, 6, 6, 3), dtype=np.uint8)
    top_grey[0, :3] = 100
    left_grey = np.zeros((1, 6, 6, 3), dtype=np.uint8)
    left_grey[0, :, :3] = 100
    features = fooling.texture_features(np.concatenate([top_grey, left_grey, 255 - top_grey, 255 - left_grey]))
    # Of the 5 x 5 step positions, the grey ones with flat neighbours: rows (or columns) 0..1 -> 10 of 25.
    assert features[:, 0].tolist() == [10 / 25] * 4


def test_images_need_two_pixels_each_way_for_texture():
    with pytest.raises(ValueError, match=exact("images must be a batch (N, H, W, 3) of at least one image of at "
                                               "least 2 x 2 pixels, got shape (1, 1, 5, 3)")):
        fooling.texture_features(np.zeros((1, 1, 5, 3), dtype=np.uint8))
    with pytest.raises(ValueError, match=exact("images must be a batch (N, H, W, 3) of at least one image of at "
                                               "least 2 x 2 pixels, got shape (1, 5, 1, 3)")):
        fooling.region_texture(np.zeros((1, 5, 1, 3), dtype=np.uint8), np.ones((5, 1), dtype=bool))
    two = np.zeros((1, 2, 2, 3), dtype=np.uint8)
    two[0, 1, 0] = 4                                                   # one step of 4 levels, downwards
    assert fooling.texture_features(two)[0].tolist() == [0.0, 0.0, 4 / 255]
    assert fooling.region_texture(two, np.ones((2, 2), dtype=bool)).tolist() == [4.0]


# --- region_texture and cue_classifier ---

def reference_region_texture(images, region):
    return np.array([reference_steps(image)[np.asarray(region, bool)[:-1, :-1]].mean() for image in images])


def test_region_texture_on_tall_images_and_regions_away_from_the_edges():
    tall = noise((2, 12, 5, 3), seed=4)
    bottom = np.zeros((12, 5), dtype=bool)
    bottom[7:11, 1:3] = True                 # near the bottom of an image taller than wide
    middle = np.zeros((12, 5), dtype=bool)
    middle[2:5, 1:4] = True                  # three columns, away from the right edge
    for region in (bottom, middle, fooling.square_region((12, 5), "centre", 0.6)):
        assert np.allclose(fooling.region_texture(tall, region), reference_region_texture(tall, region))


def test_region_texture_takes_the_region_as_any_zero_one_mask():
    images = noise((2, 6, 7, 3), seed=5)
    as_ints = [[int(2 <= i < 5 and 1 <= j < 4) for j in range(7)] for i in range(6)]
    got = fooling.region_texture(images, as_ints)
    assert got.shape == (2,) and np.allclose(got, reference_region_texture(images, as_ints))


def test_region_texture_names_the_expected_shape():
    images = np.zeros((1, 4, 6, 3), dtype=np.uint8)
    with pytest.raises(ValueError, match=exact("region must be a non-empty (H, W) boolean mask of shape (4, 6), "
                                               "got shape (4, 4)")):
        fooling.region_texture(images, np.ones((4, 4), dtype=bool))
    with pytest.raises(ValueError, match=exact("region must be a non-empty (H, W) boolean mask of shape (4, 6), "
                                               "got shape (4, 6)")):
        fooling.region_texture(images, np.zeros((4, 6), dtype=bool))


def ramp(step, shape=(6, 8)):
    """(1, H, W, 3): every pixel ``step`` levels brighter than its left neighbour, so every step is ``step``."""
    row = np.arange(shape[1]) * step
    return np.broadcast_to(row[None, :, None], shape + (3,))[None].astype(np.uint8)


def test_cue_classifier_defaults_threshold_6_and_scale_2():
    region = fooling.square_region((6, 8), "centre", share=0.5)
    assert fooling.cue_classifier(ramp(6), region).tolist() == [[0.5, 0.5]]
    p = 1 / (1 + np.exp(-1.0))                                         # (8 - 6) / 2 = 1
    assert np.allclose(fooling.cue_classifier(ramp(8), region), [[1 - p, p]])
    assert np.allclose(fooling.cue_classifier(ramp(8), region, threshold=12, scale=4), [[p, 1 - p]])


def test_cue_classifier_names_a_bad_scale():
    region = fooling.square_region((6, 8), "centre")
    with pytest.raises(ValueError, match=exact("scale must be a positive finite number, got 0")):
        fooling.cue_classifier(ramp(6), region, scale=0)


# --- real_images ---

def reference_crops(photos, num_images, size, rs):
    """Crops drawn from rs in the documented order: photo, top, left, then mirrored when rand() < 0.5."""
    crops = []
    for _ in range(num_images):
        photo = photos[rs.randint(len(photos))]
        top, left = rs.randint(photo.shape[0] - size[0] + 1), rs.randint(photo.shape[1] - size[1] + 1)
        crop = photo[top:top + size[0], left:left + size[1]]
        crops.append(crop[:, ::-1] if rs.rand() < 0.5 else crop)
    return np.stack(crops)


def test_real_images_are_the_seeded_crops_half_of_them_mirrored():
    photos = [noise((9, 14, 3), seed=1), noise((12, 10, 3), seed=2)]
    got = fooling.real_images(photos, 12, size=(6, 5), random_state=7)
    assert got.shape == (12, 6, 5, 3) and got.dtype == np.uint8
    assert np.array_equal(got, reference_crops(photos, 12, (6, 5), np.random.RandomState(7)))
    assert np.array_equal(fooling.real_images(photos, 12, (6, 5), np.random.RandomState(7)), got)


def test_real_images_of_photos_exactly_the_size_and_the_default_size():
    photo = noise((7, 5, 3), seed=3)
    got = fooling.real_images([photo], 20, size=(7, 5), random_state=0)
    assert {("plain" if np.array_equal(c, photo) else "mirrored" if np.array_equal(c, photo[:, ::-1]) else "?")
            for c in got} == {"plain", "mirrored"}
    big = noise((230, 226, 3), seed=4)
    assert fooling.real_images([big], 1, random_state=0).shape == (1, 224, 224, 3)


def test_a_draw_of_exactly_one_half_is_not_mirrored():
    # Doubles in [0, 1) below 0.5 are exactly half of them: "< 0.5" mirrors half the crops.
    photo = noise((4, 5, 3), seed=6)
    half = mt_state_whose_next_rand_is((1 << 26, 0))
    assert mt_state_whose_next_rand_is((1 << 26, 0)).rand() == 0.5
    assert np.array_equal(fooling.real_images([photo], 1, size=(4, 5), random_state=half)[0], photo)
    below = mt_state_whose_next_rand_is(((1 << 26) - 1, (1 << 26) - 1))
    assert np.array_equal(fooling.real_images([photo], 1, size=(4, 5), random_state=below)[0], photo[:, ::-1])


def test_real_images_bad_input_is_named():
    message = "images must be a non-empty list of photos of at least 5 x 5 pixels"
    for photos in ([noise((4, 20, 3))], [noise((20, 4, 3))], [noise((9, 9, 3)), noise((4, 9, 3))], []):
        with pytest.raises(ValueError, match=exact(message)):
            fooling.real_images(photos, 2, size=(5, 5), random_state=0)
    with pytest.raises(TypeError, match=exact("images[i] must be a numpy array of shape (H, W, 3), got int")):
        fooling.real_images([5], 1, size=(1, 1))
    with pytest.raises(ValueError, match=exact("num_images must be at least 1, got 0")):
        fooling.real_images([noise((5, 5, 3))], 0, size=(5, 5))


# --- keep_masks and lime_samples ---

def test_keep_masks_are_the_seeded_uniform_draws_below_the_probability():
    expected = np.random.RandomState(4).rand(6, 5) < 0.5
    expected[0] = True
    got = fooling.keep_masks(5, 6, random_state=4)                    # default keep_probability 0.5
    assert got.dtype == np.uint8 and np.array_equal(got, expected)
    assert np.array_equal(fooling.keep_masks(5, 6, 0.5, np.random.RandomState(4)), expected)
    # A draw equal to the probability hides its superpixel: kept only when strictly below.
    draws = np.random.RandomState(9).rand(2, 3)
    at = fooling.keep_masks(3, 2, keep_probability=draws[1, 1], random_state=9)
    assert at[1, 1] == 0 and at[1].tolist() == (draws[1] < draws[1, 1]).astype(int).tolist()


def test_keep_masks_bad_input_is_named():
    for bad in (0, 0.0, 1, 1.0, True, -0.5):
        with pytest.raises(ValueError, match=exact(f"keep_probability must lie strictly between 0 and 1, "
                                                   f"got {bad!r}")):
            fooling.keep_masks(3, 4, keep_probability=bad)
    with pytest.raises(ValueError, match=exact("num_superpixels must be at least 1, got 0")):
        fooling.keep_masks(0, 4)
    with pytest.raises(TypeError, match=exact("num_samples must be an integer, got 2.0")):
        fooling.keep_masks(3, 2.0)


def reference_lime_masks(num_superpixels, num_images, keep_probability, rs):
    """LIME-distributed rows, drawn num_images + 1 at a time (the first, all-ones, row of each draw
    dropped), rows that keep everything dropped, until num_images are there."""
    rows = []
    while len(rows) < num_images:
        drawn = rs.rand(num_images + 1, num_superpixels) < keep_probability
        rows += [row for row in drawn[1:] if not row.all()]
    return np.array(rows[:num_images])


def perturbed_by_hand(image, segments, masks, fill):
    keep = np.asarray(masks, bool)[:, segments]
    return np.where(keep[..., None], image, fill).astype(np.uint8)


def test_lime_samples_are_the_seeded_masks_applied_to_the_image():
    image, segments = noise((8, 8, 3), seed=3), grid((8, 8), 4)           # 4 superpixels
    for seed, num in ((0, 1), (1, 6), (2, 30)):
        rs, reference = np.random.RandomState(seed), np.random.RandomState(seed)
        got = fooling.lime_samples(image, segments, num, hide_color=0, random_state=rs)
        masks = reference_lime_masks(4, num, 0.5, reference)
        assert got.shape == (num, 8, 8, 3) and got.dtype == np.uint8
        assert np.array_equal(got, perturbed_by_hand(image, segments, masks, 0))
        # The generator is left where the reference left it: the draws taken are exactly those.
        assert rs.rand() == reference.rand()
    # The same seed as an int; hide_color (255, 0, 7) and a keep_probability.
    got = fooling.lime_samples(image, segments, 5, hide_color=(255, 0, 7), keep_probability=0.7, random_state=5)
    masks = reference_lime_masks(4, 5, 0.7, np.random.RandomState(5))
    assert np.array_equal(got, perturbed_by_hand(image, segments, masks, np.array([255, 0, 7])))


def test_lime_samples_hide_with_the_superpixel_mean_by_default():
    image = np.zeros((4, 4, 3), dtype=np.uint8)
    image[0::2, :2], image[1::2, :2] = [10, 20, 30], [30, 40, 50]       # left half: mean (20, 30, 40)
    segments = grid((4, 4), 2) % 2                                          # left half 0, right half 1
    got = fooling.lime_samples(image, segments, 3, random_state=0)        # default hide_color and keep_probability
    masks = reference_lime_masks(2, 3, 0.5, np.random.RandomState(0))
    means = np.zeros_like(image)
    means[:, :2], means[:, 2:] = [20, 30, 40], 0
    assert np.array_equal(got, perturbed_by_hand(image, segments, masks, means))


def test_lime_samples_check_everything_before_drawing():
    image, segments = noise((6, 6, 3)), grid((6, 6), 3)
    rs = np.random.RandomState(0)
    with pytest.raises(ValueError, match=exact("hide_color must lie in 0..255 for a uint8 image, got 300")):
        fooling.lime_samples(image, segments, 3, hide_color=300, random_state=rs)
    assert rs.rand() == np.random.RandomState(0).rand()                     # no draw taken
    with pytest.raises(ValueError, match=exact("num_images must be at least 1, got 0")):
        fooling.lime_samples(image, segments, 0)
    with pytest.raises(ValueError, match=exact("keep_probability must lie strictly between 0 and 1, got 1")):
        fooling.lime_samples(image, segments, 2, keep_probability=1)


# --- detector_data, train_detector, held_out_accuracy, detect ---

def test_detector_data_are_the_features_of_the_seeded_crops_then_samples():
    photo, image, segments = noise((12, 11, 3), seed=8), noise((8, 8, 3), seed=9), grid((8, 8), 4)
    real, perturbed = fooling.detector_data(photo, image, segments, 4, 5, hide_color=0, keep_probability=0.6,
                                            random_state=3)
    reference = np.random.RandomState(3)                                   # the crops draw first, then LIME
    assert np.array_equal(real, fooling.texture_features(reference_crops([photo], 4, (8, 8), reference)))
    masks = reference_lime_masks(4, 5, 0.6, reference)
    assert np.array_equal(perturbed, fooling.texture_features(perturbed_by_hand(image, segments, masks, 0)))
    # Defaults: 20 of each; a shared generator goes on where the first call left it.
    shared = np.random.RandomState(1)
    first = fooling.detector_data(photo, image, segments, random_state=shared)
    second = fooling.detector_data(photo, image, segments, random_state=shared)
    assert first[0].shape == first[1].shape == (20, 3)
    again = np.random.RandomState(1)
    assert all(np.array_equal(a, b) for a, b in zip(fooling.detector_data(photo, image, segments,
                                                                          random_state=again), first))
    assert all(np.array_equal(a, b) for a, b in zip(fooling.detector_data(photo, image, segments,
                                                                          random_state=again), second))


def test_train_detector_is_a_default_logistic_regression_on_standardised_features():
    rng = np.random.RandomState(0)
    real = rng.normal([0, 1000], [1, 300], size=(15, 2))
    fake = rng.normal([1, 1300], [1, 300], size=(12, 2))                  # overlapping: C matters
    X = np.concatenate([real, fake])
    y = np.r_[np.zeros(15), np.ones(12)]
    mean, std = X.mean(axis=0), X.std(axis=0)
    reference = LogisticRegression().fit((X - mean) / std, y)
    test = rng.normal([0.5, 1100], [2, 500], size=(7, 2))
    got = fooling.train_detector(real, fake).predict_proba(test)
    assert np.allclose(got, reference.predict_proba((test - mean) / std), atol=1e-6)
    # Standardised: a feature in other units gives the same detector.
    scaled = fooling.train_detector(real * [1000, 0.001], fake * [1000, 0.001])
    assert np.allclose(scaled.predict_proba(test * [1000, 0.001]), got, atol=1e-6)


def test_train_detector_names_bad_shapes():
    cases = [((np.zeros((0, 3)), np.ones((2, 3))), "(0, 3) and (2, 3)"),
             ((np.ones((2, 3)), np.zeros((0, 3))), "(2, 3) and (0, 3)"),
             ((np.zeros(3), np.ones((2, 3))), "(3,) and (2, 3)"),
             ((np.ones((2, 3)), np.zeros(3)), "(2, 3) and (3,)"),
             ((np.ones((2, 3)), np.ones((2, 2))), "(2, 3) and (2, 2)")]
    for (real, fake), shapes in cases:
        with pytest.raises(ValueError, match=exact("real_features and perturbed_features must be (N, F) with the "
                                                   f"same F, got {shapes}")):
            fooling.train_detector(real, fake)


def test_held_out_accuracy_trains_on_the_other_photos_only():
    normal = (np.array([[0.0], [1.0]]), np.array([[10.0], [11.0]]))      # perturbed samples score high
    reversed_ = (np.array([[10.0], [11.0]]), np.array([[0.0], [1.0]]))   # here they score low
    # Each photo is judged by a detector trained on the other: every answer is wrong.
    assert fooling.held_out_accuracy([normal, reversed_]).tolist() == [0.0, 0.0]
    assert fooling.held_out_accuracy([normal, normal]).tolist() == [1.0, 1.0]
    with pytest.raises(ValueError, match=exact("data must hold the features of at least 2 photos, got 1")):
        fooling.held_out_accuracy([normal])
    with pytest.raises(ValueError, match=exact("data must hold the features of at least 2 photos, got 0")):
        fooling.held_out_accuracy([])


def test_held_out_accuracy_counts_a_tie_as_perturbed():
    other = (np.array([[0.0], [1.0]]), np.array([[2.0], [3.0]]))
    tied = (np.array([[1.7]]), np.array([[1.7]]))                          # one real and one perturbed, alike
    p = fooling.train_detector(*other).predict_proba([[1.7]])[0, 1]
    # At P = threshold, the real image is called perturbed (wrong) and the perturbed one too (right).
    assert fooling.held_out_accuracy([tied, other], threshold=p)[0] == 0.5


class FlatShareDetector:
    """A stand-in detector: P(perturbed) = the flat share, the first texture feature."""

    def predict_proba(self, features):
        features = np.asarray(features)
        assert features.shape[1] == len(fooling.FEATURE_NAMES)
        return np.c_[1 - features[:, 0], features[:, 0]]


def test_detect_is_the_detectors_second_column_on_the_texture_features():
    flat = np.full((1, 5, 5, 3), 90, dtype=np.uint8)
    half = flat.copy()
    half[0, :, 3:] = 20                                                    # column 2 steps to 20: 5 of 20 not flat
    got = fooling.detect(FlatShareDetector(), np.concatenate([flat, half, noise((1, 5, 5, 3))]))
    assert got.tolist() == [1.0, 0.75, 0.0]


# --- scaffold ---

def test_scaffold_with_a_detector_routes_flat_images_to_the_innocuous_model():
    flat = np.full((1, 5, 5, 3), 90, dtype=np.uint8)
    images = np.concatenate([noise((1, 5, 5, 3)), flat, noise((1, 5, 5, 3), seed=1)])
    detect = functools.partial(fooling.detect, FlatShareDetector())
    got = fooling.scaffold(images, detect, lambda b: [[1, 0]] * len(b), lambda b: [[0.25, 0.75]] * len(b))
    # The biased model answers in ints; the scaffold's answers are floats, the innocuous ones kept whole.
    assert got.dtype == np.float64 and got.tolist() == [[1.0, 0.0], [0.25, 0.75], [1.0, 0.0]]


def test_scaffold_compares_half_precision_probabilities_in_double():
    images = noise((2, 3, 3, 3))

    def detect(batch):                                                      # float16(0.1) is just below 0.1
        return np.array([0.1, 0.2], dtype=np.float16)

    def biased(batch):
        return np.zeros((len(batch), 1))

    def innocuous(batch):
        return np.ones((len(batch), 1))

    assert fooling.scaffold(images, detect, biased, innocuous, threshold=0.1).tolist() == [[0.0], [1.0]]
    assert fooling.scaffold(images, detect, biased, innocuous).tolist() == [[0.0], [0.0]]   # default 0.5
