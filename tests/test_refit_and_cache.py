"""Explain once, then re-fit and re-explain without asking the model again.

``Explanation.refit`` re-weighs and re-fits the same samples: it must give what
a fresh ``explain`` with the new settings gives, with no model call, fast
enough for a slider. ``PredictionCache`` remembers predictions by image
content, so anything that shows the model an image it has seen is free.
"""

import gc
import time
import tracemalloc
import warnings

import numpy as np
import pytest
from lime import lime_image

import lime_teach as lt
from blackboxes import RegionColourClassifier, grid_segmentation

NUM_SAMPLES = 200
SEGMENTATION_FN = grid_segmentation(4)
REFIT_TARGET_SECONDS = 0.050  # COURSE.md: refit under 50 ms
REFIT_BOUND_SECONDS = 0.5  # what we assert on a busy shared machine


def explain(image, classifier_fn, **kwargs):
    kwargs = {"num_samples": NUM_SAMPLES, "segmentation_fn": SEGMENTATION_FN, "random_state": 0,
              "top_labels": 3, "progress": False, **kwargs}
    return lt.explain(image, classifier_fn, **kwargs)


def assert_same_numbers(got, expected, atol=1e-9):
    assert got.labels == expected.labels
    assert got.top_labels == expected.top_labels
    for label in expected.labels:
        assert [f for f, _ in got.local_exp[label]] == [f for f, _ in expected.local_exp[label]], label
        np.testing.assert_allclose([w for _, w in got.local_exp[label]],
                                   [w for _, w in expected.local_exp[label]], atol=atol, rtol=0)
        for name in ("intercept", "score", "local_pred"):
            assert getattr(got, name)[label] == pytest.approx(getattr(expected, name)[label], abs=atol), name


def assert_same_as_lime(ours, theirs):
    assert set(ours.local_exp) == {int(label) for label in theirs.local_exp}
    for label, expected in theirs.local_exp.items():
        assert [f for f, _ in ours.local_exp[label]] == [int(f) for f, _ in expected]
        np.testing.assert_allclose([w for _, w in ours.local_exp[label]], [w for _, w in expected], atol=1e-9)


def unique_rows(masks):
    return len(np.unique(masks, axis=0))


# --- refit ------------------------------------------------------------------------------------------

def test_refit_with_the_same_arguments_reproduces_the_numbers(chelsea):
    exp = explain(chelsea, RegionColourClassifier(), num_features=5)
    assert_same_numbers(exp.refit(), exp, atol=0)
    assert_same_numbers(exp.refit(kernel_width=0.25, feature_selection="auto", num_features=5, alpha=1.0), exp,
                        atol=0)


REFITS = [
    {"kernel_width": 0.5},
    {"kernel_width": 0.1},
    {"kernel_width": 2.0},
    {"feature_selection": "forward_selection", "num_features": 3},
    {"feature_selection": "highest_weights", "num_features": 6},
    {"feature_selection": "lasso_path", "num_features": 4},
    {"feature_selection": "none"},
    {"num_features": 4},
    {"num_features": 10},
    {"alpha": 0.0},
    {"alpha": 0.1},
    {"alpha": 10.0},
    {"kernel_width": 0.4, "feature_selection": "forward_selection", "num_features": 2, "alpha": 0.5},
]


@pytest.fixture(scope="module")
def explained_once(chelsea):
    classifier = RegionColourClassifier()
    return explain(chelsea, classifier), classifier


@pytest.mark.parametrize("kwargs", REFITS, ids=str)
def test_refit_equals_a_fresh_explain_without_model_calls(chelsea, explained_once, kwargs):
    exp, classifier = explained_once
    calls = classifier.calls

    refitted = exp.refit(**kwargs)

    assert classifier.calls == calls, "refit asks the model nothing"
    assert_same_numbers(refitted, explain(chelsea, RegionColourClassifier(), **kwargs))
    assert refitted.masks is exp.masks and refitted.predictions is exp.predictions


def test_refit_with_another_kernel_is_fit_with_that_kernel_and_no_model_call(chelsea):
    classifier = RegionColourClassifier()
    samples = lt.sample(chelsea, classifier, SEGMENTATION_FN(chelsea), num_samples=NUM_SAMPLES, random_state=1,
                        progress=False)
    exp = lt.fit(samples, [1, 5])
    calls = classifier.calls

    shap = exp.refit(kernel="shapley", alpha=0.0)
    back = shap.refit(kernel="lime", alpha=1.0)
    custom = exp.refit(kernel=lambda masks: np.ones(len(masks)))

    assert classifier.calls == calls == NUM_SAMPLES, "sample cost num_samples calls, refit none"
    for refitted, expected in [(shap, lt.fit(samples, [1, 5], kernel="shapley", alpha=0.0)), (back, exp),
                               (custom, lt.fit(samples, [1, 5], kernel=lambda masks: np.ones(len(masks))))]:
        assert refitted.samples is samples
        for label in (1, 5):
            assert refitted.local_exp[label] == expected.local_exp[label]
    assert shap.refit(num_features=3).kernel == "shapley", "refit keeps what it is not told to change"


def test_refit_of_a_refit_keeps_the_earlier_changes(chelsea, explained_once):
    exp, _ = explained_once
    twice = exp.refit(kernel_width=0.5).refit(num_features=3)
    assert_same_numbers(twice, explain(chelsea, RegionColourClassifier(), kernel_width=0.5, num_features=3))


def test_refit_keeps_explicit_labels(chelsea):
    exp = explain(chelsea, RegionColourClassifier(), top_labels=None, labels=(4, 2))
    refitted = exp.refit(kernel_width=0.5)
    assert refitted.top_labels is None and refitted.labels == [4, 2]
    assert_same_numbers(refitted, explain(chelsea, RegionColourClassifier(), top_labels=None, labels=(4, 2),
                                          kernel_width=0.5))


def test_refit_does_not_change_the_original(explained_once):
    exp, _ = explained_once
    before = {label: list(exp.local_exp[label]) for label in exp.labels}
    exp.refit(kernel_width=3.0, num_features=2)
    assert {label: exp.local_exp[label] for label in exp.labels} == before
    assert exp.kernel_width == 0.25


@pytest.fixture(scope="module")
def large_explanation(chelsea):
    """1000 samples, 49 superpixels, 5 labels: a full-size explanation for timing refit."""
    return explain(chelsea, RegionColourClassifier(), num_samples=1000, segmentation_fn=grid_segmentation(7),
                   top_labels=5)


@pytest.mark.parametrize("kwargs", [
    {"feature_selection": "highest_weights"},
    {"feature_selection": "forward_selection", "num_features": 5},
    {"kernel_width": 0.5},
    {"kernel": "shapley", "alpha": 0.0},
], ids=str)
def test_refit_is_fast(large_explanation, kwargs):
    assert large_explanation.masks.shape == (1000, 49) and len(large_explanation.labels) == 5
    large_explanation.refit(**kwargs)  # warm up (imports, caches)
    timings = []
    for _ in range(3):
        start = time.perf_counter()
        large_explanation.refit(**kwargs)
        timings.append(time.perf_counter() - start)
    best = min(timings)
    print(f"refit({kwargs}): best of 3 {1000 * best:.1f} ms")
    if best > REFIT_TARGET_SECONDS:
        warnings.warn(f"refit({kwargs}) took {1000 * best:.1f} ms, over the {1000 * REFIT_TARGET_SECONDS:.0f} ms "
                      "target (this machine may be busy)", UserWarning)
    assert best < REFIT_BOUND_SECONDS


# --- PredictionCache --------------------------------------------------------------------------------

def test_same_image_and_random_state_again_costs_no_call(chelsea):
    classifier, cache = RegionColourClassifier(), lt.PredictionCache()
    first = explain(chelsea, classifier, cache=cache)
    assert classifier.calls == cache.calls == unique_rows(first.masks)

    second = explain(chelsea, classifier, cache=cache)

    assert classifier.calls == cache.calls == unique_rows(first.masks), "no new model call"
    assert_same_numbers(second, first, atol=0)
    # Caching changes nothing (beyond rounding: the model sees the new images in other batches).
    assert_same_numbers(first, explain(chelsea, RegionColourClassifier()), atol=1e-12)


def test_fewer_samples_with_the_same_random_state_cost_no_call(chelsea):
    classifier, cache = RegionColourClassifier(), lt.PredictionCache()
    full = explain(chelsea, classifier, cache=cache)
    calls = classifier.calls

    fewer = explain(chelsea, classifier, cache=cache, num_samples=50)

    assert classifier.calls == calls
    np.testing.assert_array_equal(fewer.masks, full.masks[:50])  # the masks are a prefix
    assert_same_numbers(fewer, explain(chelsea, RegionColourClassifier(), num_samples=50), atol=1e-12)


def test_another_hide_color_costs_calls_except_for_the_image_itself(chelsea):
    classifier, cache = RegionColourClassifier(), lt.PredictionCache()
    first = explain(chelsea, classifier, cache=cache)
    calls = classifier.calls

    explain(chelsea, classifier, cache=cache, hide_color=0)

    # Every perturbed image is new; only the image itself (row 0, nothing hidden) is shared.
    perturbed = first.masks[first.masks.min(axis=1) == 0]
    assert classifier.calls - calls == unique_rows(perturbed) > 0


def test_lime_through_the_cache_costs_no_call_and_gives_the_same_explanation(chelsea):
    classifier, cache = RegionColourClassifier(), lt.PredictionCache()
    ours = explain(chelsea, classifier, cache=cache)
    calls = classifier.calls

    theirs = lime_image.LimeImageExplainer(random_state=0).explain_instance(
        chelsea, cache.wrap(classifier), top_labels=3, num_samples=NUM_SAMPLES, segmentation_fn=SEGMENTATION_FN)

    assert classifier.calls == calls == cache.calls
    assert_same_as_lime(ours, theirs)


def test_lime_first_then_lime_teach_costs_no_call(chelsea):
    classifier, cache = RegionColourClassifier(), lt.PredictionCache()
    theirs = lime_image.LimeImageExplainer(random_state=0).explain_instance(
        chelsea, cache.wrap(classifier), top_labels=3, num_samples=NUM_SAMPLES, segmentation_fn=SEGMENTATION_FN)
    calls = classifier.calls

    ours = explain(chelsea, classifier, cache=cache)

    assert classifier.calls == calls
    assert_same_as_lime(ours, theirs)


def test_two_classifiers_never_share_cache_entries(chelsea):
    cache = lt.PredictionCache()
    for seed in (1, 2, 3):
        # A new classifier object each time: a reused id() must not bring back another's predictions.
        got = explain(chelsea, RegionColourClassifier(seed=seed), cache=cache)
        assert_same_numbers(got, explain(chelsea, RegionColourClassifier(seed=seed)), atol=1e-12)
    for seed in (4, 5):
        classifier = RegionColourClassifier(seed=seed)
        got = explain(chelsea, lambda images: classifier(images), cache=cache)
        assert_same_numbers(got, explain(chelsea, RegionColourClassifier(seed=seed)), atol=1e-12)


def test_wrapped_classifiers_of_two_caches_are_independent(chelsea):
    a, b = RegionColourClassifier(seed=1), RegionColourClassifier(seed=2)
    cache = lt.PredictionCache()
    images = lt.perturb(chelsea, SEGMENTATION_FN(chelsea), lt.sample_masks(16, 5, random_state=0))
    np.testing.assert_array_equal(cache.wrap(a)(images), a(images))
    np.testing.assert_array_equal(cache.wrap(b)(images), b(images))
    assert len(cache) == 10


class Model:
    """A classifier exposed as a method, as Keras and scikit-learn models are."""

    def __init__(self):
        self.classifier = RegionColourClassifier()

    def predict(self, images):
        return self.classifier(images)


def test_the_same_bound_method_hits_the_cache(chelsea):
    model, cache = Model(), lt.PredictionCache()
    explain(chelsea, model.predict, cache=cache)
    calls = model.classifier.calls
    explain(chelsea, model.predict, cache=cache)
    assert model.classifier.calls == calls


def test_cache_stores_one_prediction_per_unique_image(chelsea):
    """Few superpixels, many samples: many repeated images, each predicted and stored once."""
    classifier, cache = RegionColourClassifier(), lt.PredictionCache()
    exp = explain(chelsea, classifier, cache=cache, segmentation_fn=grid_segmentation(2), num_samples=100)
    assert exp.masks.shape == (100, 4)
    assert len(cache) == cache.calls == classifier.calls == unique_rows(exp.masks) <= 16


def test_cache_keeps_predictions_not_images(chelsea):
    classifier, cache = RegionColourClassifier(), lt.PredictionCache()
    masks = lt.sample_masks(16, 200, random_state=0)
    images = lt.perturb(chelsea, SEGMENTATION_FN(chelsea), masks)
    gc.collect()
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        predictions = cache.predict(classifier, images)
        del predictions
        gc.collect()
        kept = tracemalloc.get_traced_memory()[0] - before
    finally:
        tracemalloc.stop()
    per_image = kept / len(cache)
    assert len(cache) == unique_rows(masks)
    assert per_image < 1000, f"{per_image:.0f} bytes per image kept; an image is {images[0].nbytes} bytes"
