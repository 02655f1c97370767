"""Where lime 0.2.0.1 is wrong and lime_teach is right, shown side by side.

1. lime overwrites ``score`` and ``local_pred`` for every label it explains:
   what it keeps is the last label's. lime_teach keeps one per label.
2. lime assumes superpixel labels 0..K-1. With SLIC's default ``start_label=1``
   it hides labels 0..K-1, so label 0 (no pixel) is a feature that hides
   nothing and the last superpixel is never hidden. lime_teach relabels.
"""

import numpy as np
import pytest
import sklearn.metrics
from lime import lime_image
from skimage.segmentation import slic
from skimage.transform import resize
from sklearn.linear_model import Ridge

import lime_teach as lt
from blackboxes import RecordingClassifier, RegionColourClassifier

NUM_SAMPLES = 150


@pytest.fixture(scope="module")
def chelsea():
    image = lt.load_image("chelsea")
    return (resize(image, (96, 96), anti_aliasing=True) * 255).round().astype(np.uint8)


EXPLAINED = {"top_labels": {"top_labels": 3}, "labels": {"top_labels": None, "labels": (9, 2, 5)}}


@pytest.fixture(scope="module", params=list(EXPLAINED))
def both(chelsea, request):
    """The same explanation from lime_teach and from lime, of three labels, with the same random_state."""
    kwargs = EXPLAINED[request.param]
    classifier = RegionColourClassifier()
    ours = lt.explain(chelsea, classifier, num_samples=NUM_SAMPLES, random_state=0, progress=False, **kwargs)
    theirs = lime_image.LimeImageExplainer(random_state=0).explain_instance(
        chelsea, classifier, num_samples=NUM_SAMPLES, **kwargs)
    return ours, theirs


def first_and_last(theirs):
    """The first and the last label lime fitted. With top_labels lime fits them from the least
    probable up, so the last is the most probable; with labels, in the order given."""
    order = [int(label) for label in theirs.local_exp]
    return order[0], order[-1]


def test_lime_keeps_only_the_last_labels_score(both):
    ours, theirs = both
    first, last = first_and_last(theirs)
    assert np.isscalar(theirs.score), "lime has one score for all labels"
    assert theirs.score == pytest.approx(ours.score[last], abs=1e-9)
    assert abs(theirs.score - ours.score[first]) > 1e-3, "...which is not the first label's"


def test_lime_keeps_only_the_last_labels_local_pred(both):
    ours, theirs = both
    first, last = first_and_last(theirs)
    lime_local_pred = float(np.ravel(theirs.local_pred)[0])
    assert np.size(theirs.local_pred) == 1, "lime has one local prediction for all labels"
    assert lime_local_pred == pytest.approx(ours.local_pred[last], abs=1e-9)
    assert abs(lime_local_pred - ours.local_pred[first]) > 1e-3, "...which is not the first label's"


def test_score_and_local_pred_per_label_are_those_of_a_direct_weighted_ridge_fit(both):
    ours, _ = both
    for label in ours.labels:
        features = [feature for feature, _ in ours.local_exp[label]]
        X = ours.masks[:, features]
        y = ours.predictions[:, label]
        ridge = Ridge(alpha=1.0).fit(X, y, sample_weight=ours.weights)
        assert ours.score[label] == pytest.approx(
            sklearn.metrics.r2_score(y, ridge.predict(X), sample_weight=ours.weights), abs=1e-9)
        assert ours.local_pred[label] == pytest.approx(ridge.predict(X[:1])[0], abs=1e-9)
        assert ours.intercept[label] == pytest.approx(ridge.intercept_, abs=1e-9)


def test_local_pred_is_close_to_the_black_box_for_each_label(both):
    """A check a student can make: each label's surrogate predicts that label's own probability."""
    ours, _ = both
    for label in ours.labels:
        black_box = ours.predictions[0, label]
        assert abs(ours.local_pred[label] - black_box) < 0.5 * black_box + 0.02


# --- 2. superpixel labels that start at 1 -----------------------------------------------------------

def slic_from_one(image):
    """scikit-image's SLIC as students call it: labels start at 1 (start_label=1 is its default)."""
    return slic(image, n_segments=20, compactness=10)


@pytest.fixture(scope="module")
def slic_runs(chelsea):
    """lime and lime_teach, each with SLIC from 1, and the images each showed the classifier."""
    assert slic_from_one(chelsea).min() == 1
    lime_classifier = RecordingClassifier(RegionColourClassifier())
    theirs = lime_image.LimeImageExplainer(random_state=0).explain_instance(
        chelsea, lime_classifier, segmentation_fn=slic_from_one, top_labels=1, num_samples=NUM_SAMPLES)
    our_classifier = RecordingClassifier(RegionColourClassifier())
    ours = lt.explain(chelsea, our_classifier, segmentation_fn=slic_from_one, top_labels=1,
                      num_samples=NUM_SAMPLES, random_state=0, progress=False)
    return theirs, lime_classifier.images, ours, our_classifier.images


def test_lime_never_hides_the_last_slic_superpixel(chelsea, slic_runs):
    theirs, lime_images, _, _ = slic_runs
    segments = theirs.segments
    last = segments.max()
    assert last == len(np.unique(segments)), "labels 1..K"
    where = segments == last
    for perturbed in lime_images:
        np.testing.assert_array_equal(perturbed[where], chelsea[where])


def test_lime_explains_a_superpixel_0_that_hides_nothing(chelsea, slic_runs):
    theirs, lime_images, _, _ = slic_runs
    label = theirs.top_labels[0]
    features = [int(feature) for feature, _ in theirs.local_exp[label]]
    assert 0 in features, "lime gives a weight to superpixel 0..."
    assert not (theirs.segments == 0).any(), "...which has no pixel"
    # lime's masks, redrawn: it draws a segmentation seed first, then the masks.
    random_state = np.random.RandomState(0)
    random_state.randint(0, high=1000)
    masks = lt.sample_masks(len(np.unique(theirs.segments)), NUM_SAMPLES, random_state)
    # Column k hides superpixel k for k = 1..K-1; column 0 hides nothing and superpixel K stays.
    what_lime_hides = np.column_stack([masks[:, 1:], np.ones(NUM_SAMPLES, np.uint8)])
    np.testing.assert_array_equal(lime_images, lt.perturb(chelsea, theirs.segments - 1, what_lime_hides))


def test_lime_teach_relabels_so_every_superpixel_is_hidden_in_some_sample(chelsea, slic_runs):
    theirs, _, ours, our_images = slic_runs
    np.testing.assert_array_equal(ours.segments, theirs.segments - 1)
    num_superpixels = ours.masks.shape[1]
    assert num_superpixels == len(np.unique(theirs.segments))
    for superpixel in range(num_superpixels):
        where = ours.segments == superpixel
        assert any((image[where] != chelsea[where]).any() for image in our_images), (
            f"superpixel {superpixel} is hidden in some sample")
    label = ours.top_labels[0]
    assert sorted(feature for feature, _ in ours.local_exp[label]) == list(range(num_superpixels))
