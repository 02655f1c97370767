"""Bad input is rejected at the boundary with an error that names the argument; what lime accepts works.

Every rejection is a ValueError, TypeError or KeyError whose message names the
argument (checked with ``match``), never an IndexError or AttributeError from
deep inside numpy, and never a silent NaN.
"""

import numpy as np
import pytest
from lime import lime_image
from skimage.transform import resize

import lime_teach as lt
from blackboxes import RegionColourClassifier, grid_segmentation
from lime_teach import plotting, regression
from lime_teach.perturbation import replacement_image

NUM_SAMPLES = 20
# A 4x4 grid: RegionColourClassifier looks at the mean colour of a 3x3 grid of regions,
# which hiding a 3x3 grid's cells with their own mean colour would not change at all.
SEGMENTATION_FN = grid_segmentation(4)


@pytest.fixture(scope="module")
def image():
    chelsea = lt.load_image("chelsea")
    return (resize(chelsea, (32, 32), anti_aliasing=True) * 255).round().astype(np.uint8)


def explain(image, classifier_fn=None, **kwargs):
    """lt.explain with small, fast defaults for these tests."""
    kwargs = {"num_samples": NUM_SAMPLES, "segmentation_fn": SEGMENTATION_FN, "progress": False,
              "random_state": 0, **kwargs}
    return lt.explain(image, classifier_fn or RegionColourClassifier(), **kwargs)


@pytest.fixture(scope="module")
def explanation(image):
    return explain(image, top_labels=2)


def with_nan(image):
    image = image / 255.0
    image[3, 4, 1] = np.nan
    return image


def with_inf(image):
    image = image / 255.0
    image[0, 0, 0] = np.inf
    return image


# --- the image --------------------------------------------------------------------------------------

BAD_IMAGES = {
    "rgba": (lambda im: np.dstack([im, np.full(im.shape[:2], 255, np.uint8)]), ValueError, r"image.*alpha"),
    "one channel": (lambda im: im[..., :1], ValueError, r"image must have shape \(H, W, 3\)"),
    "empty": (lambda im: im[:0, :0], ValueError, r"image must not be empty"),
    "no rows": (lambda im: im[:0], ValueError, r"image must not be empty"),
    "nan pixel": (with_nan, ValueError, r"image must hold finite pixels"),
    "inf pixel": (with_inf, ValueError, r"image must hold finite pixels, got NaN or infinite"),
    "bool": (lambda im: im > 100, TypeError, r"image must hold numbers.*bool"),
    "object": (lambda im: im.astype(object), TypeError, r"image must hold numbers.*object"),
    "4-D batch": (lambda im: im[None], ValueError, r"image must have shape"),
    "1-D": (lambda im: im[0, :, 0], ValueError, r"image must have shape"),
    "a name": (lambda im: "chelsea", TypeError, r"image must be a numpy array"),
    "None": (lambda im: None, TypeError, r"image must be a numpy array"),
}


@pytest.mark.parametrize("case", BAD_IMAGES)
def test_bad_image_is_rejected_by_explain(image, case):
    make, error, match = BAD_IMAGES[case]
    classifier = RegionColourClassifier()
    with pytest.raises(error, match=match):
        explain(make(image), classifier)
    assert classifier.calls == 0, "rejected before any model call"


@pytest.mark.parametrize("case", ["rgba", "one channel", "empty", "nan pixel", "bool"])
def test_bad_image_is_rejected_by_segment_and_perturb(image, case):
    make, error, match = BAD_IMAGES[case]
    with pytest.raises(error, match=match):
        lt.segment(make(image), "slic")
    with pytest.raises(error, match=match):
        lt.perturb(make(image), np.zeros(image.shape[:2], int), np.ones((2, 1), np.uint8))


# --- the classifier ---------------------------------------------------------------------------------

class ClassesChangeAfterFirstBatch:
    def __init__(self):
        self.batches = 0

    def __call__(self, images):
        self.batches += 1
        return np.full((len(images), 10 if self.batches == 1 else 9), 0.1)


BAD_CLASSIFIERS = {
    "one value per image": (lambda images: np.ones(len(images)), r"classifier_fn must return .*\(20,\)"),
    "a row short": (lambda images: np.ones((len(images) - 1, 10)), r"classifier_fn must return .*\(19, 10\)"),
    "3-D output": (lambda images: np.ones((len(images), 10, 1)), r"classifier_fn must return"),
    "None": (lambda images: None, r"classifier_fn must return"),
    "NaN": (lambda images: np.full((len(images), 10), np.nan), r"classifier_fn must return finite numbers, got NaN"),
    "one NaN": (lambda images: np.where(np.arange(10) == 3, np.nan, np.full((len(images), 10), 0.1)),
                r"classifier_fn must return finite numbers, got NaN"),
    "inf": (lambda images: np.full((len(images), 10), np.inf), r"classifier_fn must return finite numbers"),
    "strings": (lambda images: np.full((len(images), 10), "cat"), r"classifier_fn must .*non-numeric"),
}


@pytest.mark.parametrize("case", BAD_CLASSIFIERS)
def test_bad_classifier_output_is_rejected(image, case):
    classifier_fn, match = BAD_CLASSIFIERS[case]
    with pytest.raises(ValueError, match=match):
        explain(image, classifier_fn, batch_size=NUM_SAMPLES)


def test_classifier_changing_its_number_of_classes_is_rejected(image):
    with pytest.raises(ValueError, match=r"classifier_fn must return the same number of classes for every batch"):
        explain(image, ClassesChangeAfterFirstBatch(), batch_size=5)


def test_classifier_that_is_not_callable_is_rejected(image):
    with pytest.raises(TypeError, match=r"^classifier_fn must be callable \(images -> probabilities\), "
                                        r"got 'efficientnet_lite0'$"):
        explain(image, "efficientnet_lite0")


class ReusesItsOutputBuffer:
    """A classifier that writes every batch's probabilities into the same preallocated array."""

    def __init__(self):
        self.classifier = RegionColourClassifier()
        self.buffer = np.zeros((64, 10))

    def __call__(self, images):
        self.buffer[:len(images)] = self.classifier(images)
        return self.buffer[:len(images)]


@pytest.mark.parametrize("cached", [False, True], ids=["no cache", "cache"])
def test_a_classifier_reusing_its_output_array_gets_the_right_predictions(image, cached):
    classifier, cache = ReusesItsOutputBuffer(), lt.PredictionCache() if cached else None
    got = explain(image, classifier, batch_size=5, cache=cache)
    if cached:  # the second time every prediction comes from the cache
        got = explain(image, classifier, batch_size=5, cache=cache)
    np.testing.assert_allclose(got.predictions, explain(image, RegionColourClassifier(), batch_size=5).predictions)


def test_bad_classifier_output_is_rejected_through_the_cache(image):
    cache = lt.PredictionCache()
    with pytest.raises(ValueError, match=r"classifier_fn must return finite numbers, got NaN"):
        explain(image, BAD_CLASSIFIERS["NaN"][0], cache=cache)
    assert len(cache) == 0, "nothing bad is remembered"


# --- numbers and options of explain -----------------------------------------------------------------

BAD_ARGUMENTS = [
    ({"num_samples": 0}, ValueError, r"num_samples must be at least 1, got 0"),
    ({"num_samples": -1}, ValueError, r"num_samples must be at least 1, got -1"),
    ({"num_samples": 2.5}, TypeError, r"num_samples must be an integer, got 2.5"),
    ({"num_samples": True}, TypeError, r"num_samples must be an integer, got True"),
    ({"num_samples": "100"}, TypeError, r"num_samples must be an integer"),
    ({"kernel_width": 0}, ValueError, r"kernel_width must be a positive finite number, got 0"),
    ({"kernel_width": -0.25}, ValueError, r"kernel_width must be a positive"),
    ({"kernel_width": float("nan")}, ValueError, r"kernel_width must be a positive finite number, got nan"),
    ({"kernel_width": float("inf")}, ValueError, r"kernel_width must be a positive finite"),
    ({"kernel_width": "0.25"}, TypeError, r"kernel_width must be a number"),
    ({"num_features": 0}, ValueError, r"num_features must be at least 1"),
    ({"num_features": 2.5}, TypeError, r"num_features must be an integer"),
    ({"feature_selection": "greedy"}, ValueError, r"feature_selection must be one of .*'forward_selection'"),
    ({"feature_selection": None}, ValueError, r"feature_selection must be one of"),
    ({"hide_color": "red"}, ValueError, r"hide_color must be None, a number, an \(r, g, b\) triple or 'blur'"),
    ({"hide_color": "Blur"}, ValueError, r"hide_color must be"),
    ({"hide_color": (10, 20, 30, 255)}, ValueError, r"hide_color must be.*\(10, 20, 30, 255\)"),
    ({"hide_color": (1, 2)}, ValueError, r"hide_color must be"),
    ({"hide_color": 300}, ValueError, r"hide_color must lie in 0..255 for a uint8 image, got 300"),
    ({"hide_color": -1}, ValueError, r"hide_color must lie in 0..255"),
    ({"hide_color": float("nan")}, ValueError, r"hide_color must be.*nan"),
    ({"hide_color": (0, float("nan"), 0)}, ValueError, r"hide_color must be"),
    ({"random_state": "seed"}, TypeError, r"random_state must be None, an int or a numpy.random.RandomState"),
    ({"random_state": 1.5}, TypeError, r"random_state must be"),
    ({"random_state": True}, TypeError, r"random_state must be"),
    ({"random_state": np.random.default_rng(0)}, TypeError, r"random_state must be .*RandomState"),
    ({"top_labels": -1}, ValueError, r"top_labels must be at least 1"),
    ({"top_labels": 0}, ValueError, r"top_labels must be at least 1"),
    ({"top_labels": 2.5}, TypeError, r"top_labels must be an integer"),
    ({"top_labels": None, "labels": [50]}, ValueError, r"labels must be class indices in 0..9, got \[50\]"),
    ({"top_labels": None, "labels": [-1]}, ValueError, r"labels must be class indices"),
    ({"top_labels": None, "labels": []}, ValueError, r"labels must be class indices"),
    ({"top_labels": None, "labels": 3}, TypeError, r"labels must be a sequence of class indices"),
    ({"top_labels": None, "labels": "cat"}, TypeError, r"labels must be a sequence of class indices"),
    ({"batch_size": 0}, ValueError, r"batch_size must be at least 1"),
    ({"alpha": -1.0}, ValueError, r"alpha must be a non-negative number"),
    ({"alpha": None}, TypeError, r"alpha must be a number, got None"),
    ({"segmentation_fn": "slic"}, TypeError, r"^segmentation_fn must be callable \(image -> \(H, W\) labels\), got 'slic'$"),
    ({"cache": {}}, TypeError, r"^cache must be None or a lime_teach\.PredictionCache, got dict$"),
    ({"segmentation_fn": lambda im: np.zeros((5, 5), int)}, ValueError,
     r"segmentation_fn must have the image's height and width \(32, 32\), got shape \(5, 5\)"),
    ({"segmentation_fn": lambda im: grid_segmentation(4)(im).T[:, :-1]}, ValueError, r"segmentation_fn must have"),
    ({"segmentation_fn": lambda im: None}, ValueError, r"segmentation_fn must have"),
    ({"segmentation_fn": lambda im: grid_segmentation(4)(im).astype(float)}, TypeError,
     r"segmentation_fn must hold integer superpixel labels, got dtype float64"),
]


def _stable_id(kwargs):
    """A test id without memory addresses, so that every pytest-xdist worker collects the same tests."""
    def show(value):
        return value.__name__ if callable(value) else type(value).__name__ if "0x" in repr(value) else repr(value)

    return ", ".join(f"{name}={show(value)}" for name, value in kwargs.items())


@pytest.mark.parametrize("kwargs, error, match", BAD_ARGUMENTS,
                         ids=[f"{i}: {_stable_id(k)}" for i, (k, _, _) in enumerate(BAD_ARGUMENTS)])
def test_bad_argument_is_rejected_by_explain(image, kwargs, error, match):
    with pytest.raises(error, match=match):
        explain(image, **kwargs)


@pytest.mark.parametrize("kwargs", [
    {"num_samples": 0}, {"kernel_width": 0}, {"num_features": 0}, {"feature_selection": "greedy"},
    {"hide_color": "red"}, {"random_state": "seed"}, {"batch_size": 0},
    {"alpha": -1.0}, {"cache": {}},
], ids=str)
def test_bad_argument_costs_no_model_call(image, kwargs):
    classifier = RegionColourClassifier()
    with pytest.raises((ValueError, TypeError), match=next(iter(kwargs))):
        explain(image, classifier, **kwargs)
    assert classifier.calls == 0


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
def test_a_kernel_width_whose_square_underflows_is_named(image):
    with pytest.raises(ValueError, match=r"kernel_width"):
        explain(image, kernel_width=1e-200)


def test_alpha_of_a_wrong_type_is_named(image):
    with pytest.raises(TypeError, match=r"alpha"):
        explain(image, alpha="1")


def test_unknown_keyword_is_a_type_error(image):
    with pytest.raises(TypeError, match=r"num_sample"):
        explain(image, num_sample=10)


def test_random_seed_is_not_a_keyword_of_explain(image):
    """lime's random_seed seeds only quickshift, which no longer takes it: explain has no such keyword."""
    with pytest.raises(TypeError, match=r"random_seed"):
        explain(image, random_seed=7)


# --- the steps: sample, fit, top_labels -------------------------------------------------------------

BAD_SAMPLE_ARGUMENTS = [
    ({"segments": np.zeros((5, 32), int)}, ValueError, r"segments must have the image's height and width"),
    ({"segments": np.zeros((32, 32))}, TypeError, r"segments must hold integer superpixel labels"),
    ({"num_samples": 0}, ValueError, r"num_samples must be at least 1, got 0"),
    ({"hide_color": "red"}, ValueError, r"hide_color must be None, a number"),
    ({"random_state": "seed"}, TypeError, r"random_state must be None, an int"),
    ({"batch_size": 0}, ValueError, r"batch_size must be at least 1"),
    ({"cache": {}}, TypeError, r"cache must be None or a lime_teach.PredictionCache, got dict"),
    ({"image": np.zeros((32, 32, 4))}, ValueError, r"image must have shape \(H, W, 3\)"),
]


@pytest.mark.parametrize("kwargs, error, match", BAD_SAMPLE_ARGUMENTS,
                         ids=[_stable_id(k) for k, _, _ in BAD_SAMPLE_ARGUMENTS])
def test_bad_argument_is_rejected_by_sample_before_any_model_call(image, kwargs, error, match):
    classifier = RegionColourClassifier()
    kwargs = {"image": image, "classifier_fn": classifier, "segments": SEGMENTATION_FN(image), "num_samples": 10,
              "progress": False, **kwargs}
    with pytest.raises(error, match=match):
        lt.sample(**kwargs)
    assert classifier.calls == 0


def test_sample_needs_a_callable_classifier(image):
    with pytest.raises(TypeError, match=r"classifier_fn must be callable \(images -> probabilities\)"):
        lt.sample(image, None, SEGMENTATION_FN(image))


@pytest.fixture(scope="module")
def samples(image):
    return lt.sample(image, RegionColourClassifier(), SEGMENTATION_FN(image), num_samples=NUM_SAMPLES,
                     random_state=0, progress=False)


BAD_FIT_ARGUMENTS = [
    ({"labels": [10]}, ValueError, r"labels must be class indices in 0..9, got \[10\]"),
    ({"labels": 3}, TypeError, r"labels must be a sequence of class indices"),
    ({"kernel": "gaussian"}, ValueError, r"kernel must be one of 'lime', 'shapley' or a function; got 'gaussian'"),
    ({"kernel": None}, ValueError, r"kernel must be one of"),
    ({"kernel_width": 0}, ValueError, r"kernel_width must be a positive finite number, got 0"),
    ({"kernel_width": 1e-200}, ValueError, r"kernel_width must be large enough to square"),
    ({"alpha": -1.0}, ValueError, r"alpha must be a non-negative number"),
    ({"feature_selection": "best"}, ValueError, r"feature_selection must be one of"),
    ({"num_features": 0}, ValueError, r"num_features must be at least 1"),
    ({"kernel": lambda masks: np.ones(3)}, ValueError, r"the kernel's weights must have shape \(20,\)"),
    ({"kernel": lambda masks: np.full(len(masks), np.nan)}, ValueError, r"the kernel's weights must be finite"),
    ({"kernel": lambda masks: np.zeros(len(masks))}, ValueError, r"the kernel's weights must not all be zero"),
]


@pytest.mark.parametrize("kwargs, error, match", BAD_FIT_ARGUMENTS,
                         ids=[f"{i}: {_stable_id(k)}" for i, (k, _, _) in enumerate(BAD_FIT_ARGUMENTS)])
def test_bad_argument_is_rejected_by_fit(samples, kwargs, error, match):
    kwargs = {"labels": [0], **kwargs}
    with pytest.raises(error, match=match):
        lt.fit(samples, **kwargs)


def test_fit_needs_samples(explanation):
    with pytest.raises(TypeError, match=r"samples must be a lime_teach.Samples \(from sample\), got Explanation"):
        lt.fit(explanation, [0])


@pytest.mark.parametrize("row, k, error, match", [
    (np.ones(5), 0, ValueError, r"k must be at least 1, got 0"),
    (np.ones(5), 2.0, TypeError, r"k must be an integer"),
    (np.ones((2, 5)), 1, ValueError, r"prediction_row must be a non-empty 1-D array, got shape \(2, 5\)"),
    (np.array([0.5, np.nan]), 1, ValueError, r"prediction_row must be finite"),
], ids=["k=0", "k float", "2-D", "NaN"])
def test_bad_argument_is_rejected_by_top_labels(row, k, error, match):
    with pytest.raises(error, match=match):
        lt.top_labels(row, k)


def test_shapley_kernel_rejects_masks_that_are_not_0_1_rows():
    with pytest.raises(ValueError, match=r"masks must hold only 0"):
        lt.shapley_kernel(np.full((3, 4), 2))


# --- labels that were not explained -----------------------------------------------------------------

@pytest.mark.parametrize("ask", [
    lambda exp: exp.local_exp[999],
    lambda exp: exp.intercept[999],
    lambda exp: exp.score[999],
    lambda exp: exp.local_pred[999],
    lambda exp: exp.get_image_and_mask(999),
    lambda exp: exp.heatmap(999),
    lambda exp: plotting.show_explanation(exp, 999),
], ids=["local_exp", "intercept", "score", "local_pred", "get_image_and_mask", "heatmap", "show_explanation"])
def test_label_not_explained_is_a_key_error_naming_the_explained_labels(explanation, ask):
    explained = sorted(explanation.labels)
    with pytest.raises(KeyError, match=rf"label 999 was not explained; explained labels: \[{explained[0]}, "
                                        rf"{explained[1]}\]"):
        ask(explanation)


def test_positive_only_and_negative_only_together_are_rejected(explanation):
    with pytest.raises(ValueError, match=r"positive_only and negative_only cannot both be True"):
        explanation.get_image_and_mask(explanation.labels[0], positive_only=True, negative_only=True)


def test_get_image_and_mask_needs_an_integer_num_features(explanation):
    with pytest.raises(TypeError, match=r"num_features must be an integer"):
        explanation.get_image_and_mask(explanation.labels[0], num_features=2.5)


@pytest.mark.parametrize("kwargs, error, match", [
    ({"kernel_width": 0}, ValueError, r"kernel_width must be a positive"),
    ({"kernel_width": float("nan")}, ValueError, r"kernel_width"),
    ({"num_features": 0}, ValueError, r"num_features must be at least 1"),
    ({"feature_selection": "best"}, ValueError, r"feature_selection must be one of"),
    ({"alpha": -2}, ValueError, r"alpha must be a non-negative number"),
    ({"kernel": "gauss"}, ValueError, r"kernel must be one of 'lime', 'shapley' or a function"),
], ids=str)
def test_bad_argument_is_rejected_by_refit(explanation, kwargs, error, match):
    with pytest.raises(error, match=match):
        explanation.refit(**kwargs)


# --- the building blocks ----------------------------------------------------------------------------

def test_masks_narrower_than_the_segments_are_rejected(image):
    segments = SEGMENTATION_FN(image)
    with pytest.raises(ValueError, match=r"mask"):
        lt.perturb(image, segments, np.ones((4, 15), np.uint8))
    with pytest.raises(ValueError, match=r"mask"):
        next(lt.perturb_batches(image, segments, np.ones((4, 15), np.uint8)))


def test_masks_wider_than_the_segments_are_rejected(image):
    segments = SEGMENTATION_FN(image)
    with pytest.raises(ValueError, match=r"masks"):
        lt.perturb(image, segments, np.ones((4, 17), np.uint8))


@pytest.mark.parametrize("masks, match", [
    (np.full((3, 16), 2), r"masks must hold only 0 .* and 1"),
    (np.full((3, 16), 0.5), r"masks must hold only 0"),
    (np.ones(16), r"masks must have shape \(num_samples, num_superpixels\)"),
    (np.ones((0, 16)), r"masks must have shape"),
], ids=["twos", "halves", "1-D", "no rows"])
def test_masks_that_are_not_0_1_rows_are_rejected(image, masks, match):
    segments = SEGMENTATION_FN(image)
    with pytest.raises(ValueError, match=match):
        lt.perturb(image, segments, masks)
    with pytest.raises(ValueError, match=match):
        lt.cosine_distance(masks)


def test_segments_of_another_shape_are_rejected_by_perturb(image):
    with pytest.raises(ValueError, match=r"segments must have the image's height and width"):
        lt.perturb(image, np.zeros((5, 32), int), np.ones((2, 1), np.uint8))
    with pytest.raises(TypeError, match=r"segments must hold integer"):
        replacement_image(image, np.zeros((32, 32)), hide_color=0)


def test_segment_rejects_unknown_method_and_parameters(image):
    with pytest.raises(ValueError, match=r"method must be one of 'quickshift', 'slic', 'felzenszwalb'"):
        lt.segment(image, "watershed")
    with pytest.raises(TypeError, match=r"slic does not take these parameters \['bogus'\]"):
        lt.segment(image, "slic", bogus=3)


def test_sample_masks_rejects_bad_counts():
    with pytest.raises(ValueError, match=r"num_superpixels must be at least 1"):
        lt.sample_masks(0, 10)
    with pytest.raises(ValueError, match=r"num_samples must be at least 1"):
        lt.sample_masks(5, 0)
    with pytest.raises(TypeError, match=r"random_state"):
        lt.sample_masks(5, 10, random_state="0")


def test_kernel_rejects_bad_widths():
    for width in (0, -1, float("nan")):
        with pytest.raises(ValueError, match=r"kernel_width"):
            lt.kernel(np.zeros(3), width)


def test_kernel_rejects_nan_distances():
    with pytest.raises(ValueError, match=r"distances"):
        lt.kernel(np.array([0.0, np.nan]))


def test_effective_sample_size_rejects_bad_weights():
    for weights in (np.array([-1.0, 2.0]), np.zeros(3), np.array([np.nan, 1.0])):
        with pytest.raises(ValueError, match=r"weights"):
            lt.effective_sample_size(weights)
    with pytest.raises(ValueError, match=r"weights must be a non-empty 1-D array"):
        lt.effective_sample_size(np.ones((2, 2)))


def test_weighted_ridge_rejects_bad_weights():
    X, y = np.eye(5)[:, :2], np.arange(5.0)
    with pytest.raises(ValueError, match=r"weights must have shape \(5,\)"):
        lt.weighted_ridge(X, y, np.ones(4))
    with pytest.raises(ValueError, match=r"weights must not all be zero.*kernel width"):
        lt.weighted_ridge(X, y, np.zeros(5))
    with pytest.raises(ValueError, match=r"weights must be finite and non-negative"):
        lt.weighted_ridge(X, y, -np.ones(5))


@pytest.mark.parametrize("y, alpha, match", [
    (np.arange(4.0), 1.0, r"y must have shape \(5,\)"),
    (np.array([0, 1, np.nan, 3, 4.0]), 1.0, r"y .*NaN"),
    (np.arange(5.0), -1.0, r"alpha must be a non-negative number"),
], ids=["short y", "NaN in y", "negative alpha"])
def test_weighted_ridge_rejects_bad_targets_and_alpha(y, alpha, match):
    with pytest.raises(ValueError, match=match):
        lt.weighted_ridge(np.eye(5)[:, :2], y, np.ones(5), alpha=alpha)


def test_fit_surrogate_rejects_bad_arguments():
    masks = lt.sample_masks(4, 30, random_state=0)
    y, weights = np.linspace(0, 1, 30), np.ones(30)
    with pytest.raises(ValueError, match=r"y must have shape \(30,\)"):
        lt.fit_surrogate(masks, y[:-1], weights)
    with pytest.raises(ValueError, match=r"feature_selection must be one of"):
        lt.fit_surrogate(masks, y, weights, feature_selection="best")
    with pytest.raises(ValueError, match=r"num_features must be at least 1"):
        lt.fit_surrogate(masks, y, weights, num_features=0)
    with pytest.raises(ValueError, match=r"weights must have shape"):
        lt.fit_surrogate(masks, y, weights[:-1])


def test_fit_surrogate_rejects_nan_targets():
    masks = lt.sample_masks(4, 30, random_state=0)
    y = np.linspace(0, 1, 30)
    y[7] = np.nan
    with pytest.raises(ValueError, match=r"y .*NaN"):
        lt.fit_surrogate(masks, y, np.ones(30))


def test_select_features_rejects_unknown_method():
    masks = lt.sample_masks(4, 30, random_state=0)
    with pytest.raises(ValueError, match=r"feature_selection must be one of"):
        regression.select_features(masks, np.linspace(0, 1, 30), np.ones(30), 2, "best")


# --- what lime accepts works ------------------------------------------------------------------------

def lime_explain(image, classifier_fn, **kwargs):
    explainer = lime_image.LimeImageExplainer(random_state=0)
    return explainer.explain_instance(image, classifier_fn, segmentation_fn=SEGMENTATION_FN, **kwargs)


def assert_same_local_exp(ours, theirs):
    assert set(ours.local_exp) == set(theirs.local_exp)
    for label, expected in theirs.local_exp.items():
        assert [f for f, _ in ours.local_exp[label]] == [int(f) for f, _ in expected]
        np.testing.assert_allclose([w for _, w in ours.local_exp[label]], [w for _, w in expected], atol=1e-6)


@pytest.mark.parametrize("case", ["grayscale uint8", "grayscale float", "float64", "float32", "int64"])
def test_images_lime_accepts_work(image, case):
    converted = {
        "grayscale uint8": lambda: image[..., 0],
        "grayscale float": lambda: image[..., 0] / 255.0,
        "float64": lambda: image / 255.0,
        "float32": lambda: (image / 255.0).astype(np.float32),
        "int64": lambda: image.astype(np.int64),
    }[case]()
    classifier = RegionColourClassifier()
    ours = explain(converted, classifier, top_labels=2)
    assert ours.image.shape == image.shape, "a grayscale image becomes RGB"
    assert_same_local_exp(ours, lime_explain(converted, classifier, top_labels=2, num_samples=NUM_SAMPLES))


def test_a_tiny_kernel_width_leaves_the_image_alone_and_no_nan(image):
    classifier = RegionColourClassifier()
    ours = explain(image, classifier, top_labels=2, kernel_width=1e-6)
    explainer = lime_image.LimeImageExplainer(random_state=0, kernel_width=1e-6)
    theirs = explainer.explain_instance(image, classifier, segmentation_fn=SEGMENTATION_FN, top_labels=2,
                                        num_samples=NUM_SAMPLES)
    assert_same_local_exp(ours, theirs)
    for label in ours.labels:
        assert ours.local_pred[label] == pytest.approx(ours.predictions[0, label])


def test_top_labels_beyond_the_number_of_classes_explains_every_class(image):
    classifier = RegionColourClassifier(num_classes=4)
    ours = explain(image, classifier, top_labels=20)
    theirs = lime_explain(image, classifier, top_labels=20, num_samples=NUM_SAMPLES)
    assert sorted(ours.top_labels) == [0, 1, 2, 3]
    assert ours.top_labels == theirs.top_labels
    assert_same_local_exp(ours, theirs)


def test_a_single_sample_works_and_gives_no_nan(image):
    classifier = RegionColourClassifier()
    ours = explain(image, classifier, num_samples=1, top_labels=2)
    with pytest.warns(Warning):  # lime's R**2 of one sample: scikit-learn warns and returns NaN
        theirs = lime_explain(image, classifier, num_samples=1, top_labels=2)
    assert_same_local_exp(ours, theirs)
    for label in ours.labels:
        assert np.isfinite(ours.score[label]) and np.isfinite(ours.local_pred[label])


def test_labels_without_top_labels_explain_those_labels(image):
    classifier = RegionColourClassifier()
    ours = explain(image, classifier, top_labels=None, labels=[7, 2])
    theirs = lime_explain(image, classifier, top_labels=None, labels=[7, 2], num_samples=NUM_SAMPLES)
    assert ours.top_labels is None
    assert ours.labels == [7, 2]
    assert_same_local_exp(ours, theirs)


def test_lists_of_predictions_are_accepted(image):
    """lime takes any classifier whose output numpy can turn into an (N, C) array."""
    classifier = RegionColourClassifier()
    ours = explain(image, lambda images: classifier(images).tolist(), top_labels=2)
    assert_same_local_exp(ours, explain(image, classifier, top_labels=2))
