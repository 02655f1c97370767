"""The scaffold that fools LIME: features, routing, detector and the fooling measure, on known answers."""

import functools

import numpy as np
import pytest

import lime_teach as lt
from lime_teach import fooling, fooling_audit


def noise_images(num, size=(64, 64), seed=0):
    return np.random.RandomState(seed).randint(0, 256, (num,) + size + (3,)).astype(np.uint8)


def grid_segments(size=(64, 64), cell=16):
    rows, cols = np.indices(size) // cell
    return rows * (size[1] // cell) + cols


def test_texture_features_of_a_flat_image_and_a_checkerboard():
    flat = np.full((1, 8, 8, 3), 90, dtype=np.uint8)
    checker = (np.indices((8, 8)).sum(axis=0) % 2 * 255).astype(np.uint8)
    checker = np.repeat(checker[None, ..., None], 3, axis=3)
    features = fooling.texture_features(np.concatenate([flat, checker]))
    assert features.shape == (2, len(fooling.FEATURE_NAMES))
    assert features[0].tolist() == [1.0, 1.0, 0.0]
    assert features[1].tolist() == [0.0, 0.0, 1.0]


def test_steps_are_taken_in_signed_integers_not_wrapping_uint8():
    image = np.zeros((1, 2, 2, 3), dtype=np.uint8)
    image[0, :, 0] = 5
    image[0, :, 1] = 3
    # 3 - 5 in uint8 is 254; the step is 2 levels: all pixels are "smooth".
    assert fooling.texture_features(image)[0].tolist() == [0.0, 1.0, 2 / 255]


def test_region_texture_equals_the_mean_step_over_the_whole_image_where_the_region_is():
    images = noise_images(3, (20, 24), seed=1)
    region = np.zeros((20, 24), dtype=bool)
    region[5:19, 17:24] = True    # touches the last column: no right neighbour there
    x = images.astype(int)
    steps = np.maximum(np.abs(x[:, :-1, 1:] - x[:, :-1, :-1]), np.abs(x[:, 1:, :-1] - x[:, :-1, :-1])).max(axis=-1)
    expected = steps[:, region[:-1, :-1]].mean(axis=1)
    assert np.allclose(fooling.region_texture(images, region), expected)


def test_cue_classifier_reads_only_its_region():
    image = np.full((1, 64, 64, 3), 120, dtype=np.uint8)
    corner = fooling.square_region((64, 64), "top-left")
    centre = fooling.square_region((64, 64), "centre")
    image[0][corner] = noise_images(1)[0][corner]   # texture in the corner only
    from_corner = fooling.cue_classifier(image, corner)
    from_centre = fooling.cue_classifier(image, centre)
    assert np.allclose(from_corner.sum(axis=1), 1) and np.allclose(from_centre.sum(axis=1), 1)
    assert from_corner[0, 1] > 0.95 and from_centre[0, 1] < 0.05


def test_square_regions_have_the_share_and_do_not_overlap():
    corner, centre = fooling.square_region((224, 224), "top-left"), fooling.square_region((224, 224), "centre")
    side = round(fooling.REGION_SHARE * 224)
    assert corner.sum() == centre.sum() == side**2
    assert corner[0, 0] and centre[112, 112] and not (corner & centre).any()


def test_scaffold_routes_detected_inputs_to_the_innocuous_model_and_ties_too():
    images = noise_images(4, (6, 6))

    def detect(batch):   # the first pixel's red value decides, by design of the test
        return np.array([0.2, 0.5, 0.7, 0.49999])[: len(batch)]

    biased = lambda batch: np.tile([1.0, 0.0], (len(batch), 1))       # noqa: E731
    innocuous = lambda batch: np.tile([0.0, 1.0], (len(batch), 1))    # noqa: E731
    got = fooling.scaffold(images, detect, biased, innocuous)
    assert got.dtype == np.float64 and got[:, 1].tolist() == [0.0, 1.0, 1.0, 0.0]
    assert fooling.scaffold(images, detect, biased, innocuous, threshold=0.1)[:, 1].tolist() == [1.0] * 4


def test_lime_samples_never_show_the_image_itself_and_keep_the_asked_share():
    image, segments = noise_images(1)[0], grid_segments()
    samples = fooling.lime_samples(image, segments, 200, hide_color=0, keep_probability=0.95, random_state=0)
    assert samples.shape == (200, 64, 64, 3)
    assert not any(np.array_equal(s, image) for s in samples)
    masks = fooling.keep_masks(16, 2000, 0.8, random_state=3)
    assert masks[0].all() and masks.dtype == np.uint8 and abs(masks[1:].mean() - 0.8) < 0.02


def test_white_and_black_backgrounds_do_not_count_as_flat():
    images = np.zeros((2, 4, 4, 3), dtype=np.uint8)
    images[1] = 255
    assert fooling.texture_features(images)[:, 0].tolist() == [0.0, 0.0]


def test_detector_tells_lime_samples_from_photos_it_has_not_seen():
    size = (128, 128)
    rng = np.random.RandomState(0)
    data = []
    for name in ["chelsea", "coffee", "motorcycle_left", "china", "flower"]:
        image = lt.load_image(name, size=size)
        segments = lt.segment(image, method="slic", n_segments=40)
        data.append(fooling.detector_data(lt.load_image(name, size=(150, 150)), image, segments, 30, 30,
                                          random_state=rng))
    accuracies = fooling.held_out_accuracy(data)
    assert accuracies.shape == (5,) and accuracies.mean() > 0.9, accuracies


def test_cue_share_and_is_fooled_known_answer():
    segments = grid_segments((4, 4), 2)            # four 2x2 superpixels: 0 1 / 2 3
    region = np.zeros((4, 4), dtype=bool)
    region[:2, :2] = True                          # exactly superpixel 0
    other = np.zeros((4, 4), dtype=bool)
    other[2:, 2:] = True                           # exactly superpixel 3
    local_exp = [(3, 0.9), (1, 0.5), (0, 0.2), (2, -1.0)]
    assert fooling_audit.cue_share(local_exp, segments, region, k=1) == 0.0
    assert fooling_audit.cue_share(local_exp, segments, other, k=2) == 0.5
    assert fooling_audit.cue_share(local_exp, segments, region, k=3) == pytest.approx(1 / 3)
    assert fooling_audit.cue_share([(0, -0.1)], segments, region) == 0.0      # no positive weight
    assert fooling_audit.is_fooled(local_exp, segments, biased_region=region, innocuous_region=other, k=1)
    assert not fooling_audit.is_fooled(local_exp, segments, biased_region=other, innocuous_region=region, k=1)


def test_lime_sees_the_corner_model_in_the_corner_and_the_centre_model_in_the_centre():
    images, segments = list(noise_images(2)), [grid_segments()] * 2
    corner, centre = fooling.square_region((64, 64), "top-left"), fooling.square_region((64, 64), "centre")
    on_corner = functools.partial(fooling.cue_classifier, region=corner)
    on_centre = functools.partial(fooling.cue_classifier, region=centre)
    rate, fooled = fooling_audit.fooling_rate(images, segments, on_centre, corner, centre, num_samples=150,
                                              seeds=(0, 1))
    assert fooled.shape == (2, 2) and rate == 1.0
    assert fooling_audit.fooling_rate(images, segments, on_corner, corner, centre, num_samples=150)[0] == 0.0
    # Another sampler, same verdict.
    assert fooling_audit.fooling_rate(images, segments, on_centre, corner, centre, num_samples=150,
                                keep_probability=0.8)[0] == 1.0


def test_bad_input_is_named():
    with pytest.raises(ValueError, match="where must be 'top-left' or 'centre'"):
        fooling.square_region((10, 10), "bottom")
    with pytest.raises(ValueError, match="region must be a non-empty"):
        fooling.region_texture(noise_images(1, (8, 8)), np.ones((4, 4), dtype=bool))
    with pytest.raises(TypeError, match="images must be uint8"):
        fooling.texture_features(noise_images(1, (8, 8)).astype(float))
    with pytest.raises(ValueError, match="images must be a batch"):
        fooling.texture_features(noise_images(1, (8, 8))[0])
    with pytest.raises(ValueError, match="detect must return one probability per image"):
        fooling.scaffold(noise_images(3, (4, 4)), lambda b: np.zeros(2), lambda b: b, lambda b: b)
    with pytest.raises(ValueError, match="keep_probability must lie strictly between 0 and 1"):
        fooling.keep_masks(5, 10, keep_probability=1.0)
    with pytest.raises(ValueError, match="at least 32 x 32"):
        fooling.real_images([noise_images(1, (16, 16))[0]], 3, size=(32, 32))
    with pytest.raises(ValueError, match="at least 2 photos"):
        fooling.held_out_accuracy([(np.zeros((3, 3)), np.ones((3, 3)))])
    with pytest.raises(ValueError, match="same F"):
        fooling.train_detector(np.zeros((3, 2)), np.zeros((3, 3)))
    with pytest.raises(ValueError, match="equally long"):
        fooling_audit.fooling_rate([noise_images(1)[0]], [], None, None, None)
