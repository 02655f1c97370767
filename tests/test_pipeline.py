"""LIME's public steps (lime_teach.sampling, lime_teach.explanation): sample calls the model, fit does not.

explain = segment -> sample -> fit; test_parity.py checks the composition
against lime. Here: each step keeps its own promise (what it costs, what it
returns), and fit's kernels (lime's, the Shapley kernel, a function) are the
kernels of lime_teach.kernels.
"""

import itertools
import math

import numpy as np
import pytest
from skimage.transform import resize

import lime_teach as lt
from blackboxes import RecordingClassifier, RegionColourClassifier, grid_segmentation

NUM_SAMPLES = 120


@pytest.fixture(scope="module")
def chelsea():
    image = lt.load_image("chelsea")
    return (resize(image, (48, 48), anti_aliasing=True) * 255).round().astype(np.uint8)


@pytest.fixture(scope="module")
def segments(chelsea):
    return grid_segmentation(4)(chelsea)


@pytest.fixture(scope="module")
def samples(chelsea, segments):
    return lt.sample(chelsea, RegionColourClassifier(), segments, num_samples=NUM_SAMPLES, random_state=0,
                     progress=False)


# --- sample -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("batch_size", [None, 7, 1000])
def test_sample_costs_exactly_num_samples_model_calls(chelsea, segments, batch_size):
    classifier = RegionColourClassifier()
    lt.sample(chelsea, classifier, segments, num_samples=NUM_SAMPLES, random_state=0, batch_size=batch_size,
              progress=False)
    assert classifier.calls == NUM_SAMPLES


def test_sample_holds_the_masks_images_and_answers_of_one_run(chelsea, segments):
    recorder = RecordingClassifier(RegionColourClassifier())
    samples = lt.sample(chelsea, recorder, segments, num_samples=NUM_SAMPLES, hide_color=0, random_state=3,
                        progress=False)

    assert isinstance(samples, lt.Samples)
    np.testing.assert_array_equal(samples.masks, lt.sample_masks(16, NUM_SAMPLES, random_state=3))
    assert samples.masks.dtype == np.uint8 and (samples.masks[0] == 1).all(), "row 0 is the image itself"
    np.testing.assert_array_equal(recorder.images, lt.perturb(chelsea, segments, samples.masks, hide_color=0))
    np.testing.assert_array_equal(samples.predictions, RegionColourClassifier()(recorder.images))
    assert samples.predictions.shape == (NUM_SAMPLES, 10) and samples.hide_color == 0
    np.testing.assert_array_equal(samples.image, chelsea)
    np.testing.assert_array_equal(samples.segments, segments)


def test_sample_relabels_segments_that_start_at_one(chelsea, segments):
    samples = lt.sample(chelsea, RegionColourClassifier(), segments + 1, num_samples=5, random_state=0,
                        progress=False)
    np.testing.assert_array_equal(samples.segments, segments)
    assert samples.masks.shape == (5, 16)


def test_samples_cannot_be_changed(samples):
    with pytest.raises(AttributeError):
        samples.masks = samples.masks[:10]


def test_first_samples_are_those_of_a_smaller_num_samples(chelsea, segments, samples):
    fewer = lt.sample(chelsea, RegionColourClassifier(), segments, num_samples=30, random_state=0, progress=False)
    first = samples.first(30)
    np.testing.assert_array_equal(first.masks, fewer.masks)
    np.testing.assert_allclose(first.predictions, fewer.predictions, atol=1e-12)
    assert len(samples.masks) == NUM_SAMPLES, "the original keeps every sample"


def test_sample_through_a_cache_asks_only_for_unseen_images(chelsea, segments):
    classifier, cache = RegionColourClassifier(), lt.PredictionCache()
    first = lt.sample(chelsea, classifier, segments, num_samples=NUM_SAMPLES, random_state=0, cache=cache,
                      progress=False)
    calls = classifier.calls
    again = lt.sample(chelsea, classifier, segments, num_samples=NUM_SAMPLES, random_state=0, cache=cache,
                      progress=False)
    assert classifier.calls == calls == len(np.unique(first.masks, axis=0))
    np.testing.assert_array_equal(again.predictions, first.predictions)


# --- top_labels -------------------------------------------------------------------------------------

def test_top_labels_are_the_most_probable_first():
    assert lt.top_labels(np.array([0.1, 0.6, 0.05, 0.25]), 2) == [1, 3]
    assert lt.top_labels([0.1, 0.6, 0.05, 0.25], 10) == [1, 3, 0, 2], "k above the number of classes: all"


def test_top_labels_break_ties_as_lime_does():
    """lime takes the last k of np.argsort and reverses them: of two equal classes the later comes first."""
    row = np.array([0.1, 0.4, 0.25, 0.25])
    assert lt.top_labels(row, 3) == [int(label) for label in np.argsort(row)[-3:][::-1]] == [1, 3, 2]


# --- fit --------------------------------------------------------------------------------------------

def test_fit_with_a_function_equals_fit_with_the_named_kernel(samples):
    labels = [0, 4]
    for named, function in [
        ({"kernel": "lime", "kernel_width": 0.4}, lambda masks: lt.kernel(lt.cosine_distance(masks), 0.4)),
        ({"kernel": "shapley"}, lt.shapley_kernel),
    ]:
        by_name, by_function = lt.fit(samples, labels, **named), lt.fit(samples, labels, kernel=function)
        np.testing.assert_array_equal(by_name.weights, by_function.weights)
        for label in labels:
            assert by_name.local_exp[label] == by_function.local_exp[label]


def test_fit_keeps_its_samples_and_settings(samples):
    exp = lt.fit(samples, [2], kernel="shapley", alpha=0.0, feature_selection="none", num_features=7)
    assert exp.samples is samples and exp.masks is samples.masks and exp.predictions is samples.predictions
    assert (exp.labels, exp.top_labels, exp.kernel, exp.alpha, exp.num_features) == ([2], None, "shapley", 0.0, 7)
    np.testing.assert_array_equal(exp.distances, lt.cosine_distance(samples.masks))
    np.testing.assert_array_equal(exp.weights, lt.shapley_kernel(samples.masks))


def test_a_kernel_that_ignores_some_samples_ignores_them(samples):
    """Weights of zero drop samples: the fit equals a fit on the other samples alone."""
    keep = np.arange(NUM_SAMPLES) < 80
    exp = lt.fit(samples, [3], kernel=lambda masks: keep.astype(float), feature_selection="none")
    alone = lt.fit_surrogate(samples.masks[keep], samples.predictions[keep, 3], np.ones(80), feature_selection="none")
    np.testing.assert_allclose([w for _, w in exp.local_exp[3]], [w for _, w in alone.local_exp], atol=1e-10)


def every_coalition_samples(image, segments, classifier):
    """Samples whose masks are the image's row and then every coalition of the superpixels."""
    num_superpixels = lt.num_superpixels(segments)
    masks = np.vstack([np.ones((1, num_superpixels), np.uint8),
                       np.array(list(itertools.product([0, 1], repeat=num_superpixels)), np.uint8)])
    predictions = classifier(lt.perturb(image, segments, masks, hide_color=0))
    return lt.Samples(image, segments, masks, predictions, hide_color=0)


def shapley_values(samples, label):
    """Shapley's formula over the recorded predictions: phi_i = sum_S |S|!(K-|S|-1)!/K! (f(S+i) - f(S))."""
    num_superpixels = samples.masks.shape[1]
    value = {tuple(row): p for row, p in zip(samples.masks[1:], samples.predictions[1:, label])}
    phi = np.zeros(num_superpixels)
    for row, p in value.items():
        for i in np.flatnonzero(row):
            without = list(row)
            without[i] = 0
            size = sum(without)
            phi[i] += (math.factorial(size) * math.factorial(num_superpixels - size - 1)
                       / math.factorial(num_superpixels) * (p - value[tuple(without)]))
    return phi


def test_fit_with_the_shapley_kernel_and_alpha_0_is_kernelshap(chelsea):
    segments = grid_segmentation(2)(chelsea)
    samples = every_coalition_samples(chelsea, segments, RegionColourClassifier())
    label = int(np.argmax(samples.predictions[0]))

    exp = lt.fit(samples, [label], kernel="shapley", alpha=0.0)

    got = dict(exp.local_exp[label])
    np.testing.assert_allclose([got[i] for i in range(4)], shapley_values(samples, label), atol=1e-6)
    lime = dict(lt.fit(samples, [label], kernel="lime", alpha=0.0).local_exp[label])
    assert not np.allclose([lime[i] for i in range(4)], shapley_values(samples, label), atol=1e-4), \
        "lime's kernel on the same samples gives other numbers"
