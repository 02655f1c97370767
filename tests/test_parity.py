"""lime_teach gives lime's numbers: same random_state, same arguments, same explanation."""

import numpy as np
import pytest
from lime import lime_image
from skimage.segmentation import felzenszwalb
from skimage.transform import resize

import lime_teach as lt
from blackboxes import RegionColourClassifier, grid_segmentation, small_image

NUM_SAMPLES = 150



def small(name, size=128):
    return small_image(name, size)


@pytest.fixture(scope="module")
def chelsea():
    return small("chelsea")


def lime_explain(image, classifier_fn, random_state, **kwargs):
    explainer_kwargs = {k: kwargs.pop(k) for k in ("kernel_width", "feature_selection") if k in kwargs}
    explainer = lime_image.LimeImageExplainer(random_state=random_state, **explainer_kwargs)
    return explainer.explain_instance(image, classifier_fn, **kwargs)


def assert_same_explanation(ours, theirs):
    assert ours.top_labels == getattr(theirs, "top_labels", None)
    assert_same_surrogates(ours, theirs)


def assert_same_surrogates(ours, theirs):
    assert set(ours.local_exp) == set(theirs.local_exp)
    for label, expected in theirs.local_exp.items():
        got = ours.local_exp[label]
        assert [f for f, _ in got] == [int(f) for f, _ in expected], f"label {label}: other superpixels"
        np.testing.assert_allclose([w for _, w in got], [w for _, w in expected], atol=1e-6, rtol=0)
        assert ours.intercept[label] == pytest.approx(theirs.intercept[label], abs=1e-6)
    # lime overwrites score and local_pred per label: what it keeps is the last label's.
    last = list(theirs.local_exp)[-1]
    assert ours.score[last] == pytest.approx(theirs.score, abs=1e-6)
    assert ours.local_pred[last] == pytest.approx(float(np.ravel(theirs.local_pred)[0]), abs=1e-6)


def check_parity(image, random_state=0, classifier=None, **kwargs):
    classifier = classifier or RegionColourClassifier()
    kwargs.setdefault("num_samples", NUM_SAMPLES)
    ours = lt.explain(image, classifier, random_state=random_state, progress=False, **kwargs)
    theirs = lime_explain(image, classifier, random_state, **kwargs)
    assert_same_explanation(ours, theirs)
    return ours


def test_default_arguments_match_lime(chelsea):
    check_parity(chelsea)


@pytest.mark.parametrize("feature_selection", ["auto", "none", "highest_weights", "forward_selection", "lasso_path"])
@pytest.mark.parametrize("num_features", [3, 10])
def test_every_feature_selection_matches_lime(chelsea, feature_selection, num_features):
    check_parity(chelsea, feature_selection=feature_selection, num_features=num_features)


@pytest.mark.parametrize("hide_color", [None, 0, 128, (255, 0, 0), 17.9])
def test_hide_colours_match_lime(chelsea, hide_color):
    check_parity(chelsea, hide_color=hide_color)


@pytest.mark.parametrize("batch_size", [1, 7, 10, 500])
def test_batch_sizes_match_lime(chelsea, batch_size):
    check_parity(chelsea, batch_size=batch_size, num_samples=40)


@pytest.mark.parametrize("random_state", [1, 42, 2024])
def test_random_states_match_lime(chelsea, random_state):
    check_parity(chelsea, random_state=random_state)


def test_the_steps_with_lime_random_seed_match_lime(chelsea):
    """Given a random_seed, lime draws no segmentation seed: its masks are random_state's first draws,
    which is what lt.sample draws. (lt.explain has no random_seed: it would seed nothing.)"""
    classifier = RegionColourClassifier()
    samples = lt.sample(chelsea, classifier, lt.segment(chelsea), num_samples=NUM_SAMPLES, random_state=3,
                        progress=False)
    ours = lt.fit(samples, lt.top_labels(samples.predictions[0], 5))
    theirs = lime_explain(chelsea, classifier, 3, random_seed=7, num_samples=NUM_SAMPLES)
    assert ours.labels == theirs.top_labels
    assert_same_surrogates(ours, theirs)


def test_explain_is_segment_then_sample_then_fit(chelsea):
    classifier = RegionColourClassifier()
    exp = check_parity(chelsea, classifier=classifier, random_state=5, kernel_width=0.5, num_features=4)
    random_state = np.random.RandomState(5)
    random_state.randint(0, high=1000)  # lime's segmentation seed, which explain draws too
    samples = lt.sample(chelsea, classifier, lt.segment(chelsea), num_samples=NUM_SAMPLES, random_state=random_state,
                        progress=False)
    steps = lt.fit(samples, exp.labels, kernel="lime", kernel_width=0.5, num_features=4)
    for label in exp.labels:
        assert steps.local_exp[label] == exp.local_exp[label]
        assert steps.intercept[label] == exp.intercept[label]


@pytest.mark.parametrize("kernel_width", [0.1, 0.25, 1.0, 5.0])
def test_kernel_widths_match_lime(chelsea, kernel_width):
    check_parity(chelsea, kernel_width=kernel_width)


def test_felzenszwalb_segmentation_matches_lime(chelsea):
    check_parity(chelsea, segmentation_fn=lambda image: felzenszwalb(image, scale=50, sigma=0.5, min_size=20))


def test_custom_segmentation_matches_lime(chelsea):
    check_parity(chelsea, segmentation_fn=grid_segmentation(5))


def test_grayscale_image_matches_lime():
    camera = lt.load_image("camera")[..., 0]
    camera = (resize(camera, (128, 128), anti_aliasing=True) * 255).round().astype(np.uint8)
    assert camera.ndim == 2
    check_parity(camera)


def test_float_image_matches_lime(chelsea):
    check_parity(chelsea.astype(np.float64) / 255.0, segmentation_fn=grid_segmentation(4))


def test_labels_instead_of_top_labels_match_lime(chelsea):
    check_parity(chelsea, top_labels=None, labels=(0, 3, 7))


def test_other_black_boxes_match_lime(chelsea):
    for seed in (1, 2):
        check_parity(chelsea, classifier=RegionColourClassifier(num_classes=6, seed=seed), top_labels=3)


def test_get_image_and_mask_matches_lime(chelsea):
    classifier = RegionColourClassifier()
    ours = lt.explain(chelsea, classifier, random_state=0, num_samples=NUM_SAMPLES, progress=False)
    theirs = lime_explain(chelsea, classifier, 0, num_samples=NUM_SAMPLES)
    label = ours.top_labels[0]
    for kwargs in [{}, {"positive_only": False}, {"positive_only": False, "negative_only": True},
                   {"hide_rest": True, "num_features": 3}, {"positive_only": False, "min_weight": 0.01}]:
        got_image, got_mask = ours.get_image_and_mask(label, **kwargs)
        want_image, want_mask = theirs.get_image_and_mask(label, **kwargs)
        np.testing.assert_array_equal(got_mask, want_mask)
        np.testing.assert_allclose(got_image, want_image)
        assert got_image.dtype == want_image.dtype


def test_segments_match_lime(chelsea):
    classifier = RegionColourClassifier()
    ours = lt.explain(chelsea, classifier, random_state=0, num_samples=20, progress=False)
    theirs = lime_explain(chelsea, classifier, 0, num_samples=20)
    np.testing.assert_array_equal(ours.segments, theirs.segments)


@pytest.mark.slow
def test_real_model_matches_lime():
    clf = lt.load_model("efficientnet_lite0")
    image = lt.load_image("coffee", size=clf.input_size)
    cache = lt.PredictionCache()
    ours = lt.explain(image, clf, random_state=0, num_samples=100, top_labels=3, cache=cache, progress=False,
                      batch_size=10)
    theirs = lime_explain(image, cache.wrap(clf), 0, num_samples=100, top_labels=3, batch_size=10)
    assert cache.calls <= 100  # lime's run reused every prediction
    assert_same_explanation(ours, theirs)


@pytest.mark.parametrize("feature_selection", ["forward_selection", "highest_weights", "lasso_path"])
def test_many_superpixels_match_lime(chelsea, feature_selection):
    check_parity(chelsea, segmentation_fn=grid_segmentation(8), feature_selection=feature_selection,
                 num_features=6, num_samples=300)
