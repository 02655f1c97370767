"""Each concept of lime_teach checked on its own against its reference (lime, scikit-learn, the formula)."""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
import sklearn.metrics
from lime import lime_base, lime_image
from skimage.transform import resize
from sklearn.linear_model import Ridge

import lime_teach as lt
from blackboxes import RecordingClassifier, RegionColourClassifier, grid_segmentation
from lime_teach import plotting, regression, segmentation
from lime_teach.perturbation import replacement_image

matplotlib.use("Agg")  # figures are drawn, never shown

SIZE = 64


def small(name, size=SIZE):
    image = lt.load_image(name)
    return (resize(image, (size, size), anti_aliasing=True) * 255).round().astype(np.uint8)


@pytest.fixture(scope="module")
def chelsea():
    return small("chelsea")


@pytest.fixture(scope="module")
def chelsea_segments(chelsea):
    return lt.segment(chelsea, "slic", n_segments=20)


@pytest.fixture(scope="module")
def explanation(chelsea):
    """A small explanation with a few superpixels left out of local_exp (num_features=4)."""
    return lt.explain(chelsea, RegionColourClassifier(), segmentation_fn=grid_segmentation(4), num_samples=200,
                      num_features=4, top_labels=3, random_state=0, progress=False)


@pytest.fixture(scope="module")
def label(explanation):
    """A label whose top three superpixels hold evidence both for and against it."""
    return next(label for label in explanation.labels
                if len({np.sign(w) for _, w in explanation.local_exp[label][:3]}) == 2)


def regression_problem(seed=0, num_samples=300, num_features=12):
    """Masks, black-box-like outputs and kernel weights, as LIME's regression sees them."""
    rng = np.random.RandomState(seed)
    masks = lt.sample_masks(num_features, num_samples, rng)
    beta = rng.normal(size=num_features) * (rng.rand(num_features) < 0.5)
    y = masks @ beta + 0.3 * rng.normal(size=num_samples)
    weights = lt.kernel(lt.cosine_distance(masks), kernel_width=0.5)
    return masks, y, weights


# --- chapter 03: masks and perturbed images ---------------------------------------------------------

@pytest.mark.parametrize("seed", [0, 1, 42])
@pytest.mark.parametrize("num_features, num_samples", [(16, 50), (4, 1), (9, 7)])
def test_sample_masks_match_lime_draws(chelsea, seed, num_features, num_samples):
    cells = int(np.sqrt(num_features))
    segments = grid_segmentation(cells)(chelsea)
    explainer = lime_image.LimeImageExplainer(random_state=seed)
    lime_masks, _ = explainer.data_labels(chelsea, chelsea, segments, RegionColourClassifier(), num_samples)

    masks = lt.sample_masks(num_features, num_samples, random_state=seed)

    assert masks.shape == (num_samples, num_features)
    assert masks.dtype == np.uint8
    np.testing.assert_array_equal(masks, lime_masks)
    assert (masks[0] == 1).all(), "row 0 is the image itself: every superpixel kept"
    # An int seed and a RandomState seeded with it are the same thing.
    np.testing.assert_array_equal(lt.sample_masks(num_features, num_samples, np.random.RandomState(seed)), masks)


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
    image = small("astronaut", 96)
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


# --- chapter 04: distances and kernels --------------------------------------------------------------

def test_cosine_distance_matches_sklearn():
    masks = lt.sample_masks(13, 500, random_state=0)
    masks[5] = 0  # nothing kept: lime's pairwise_distances puts it at distance 1
    expected = sklearn.metrics.pairwise_distances(masks, masks[:1], metric="cosine").ravel()

    distances = lt.cosine_distance(masks)

    np.testing.assert_allclose(distances, expected, atol=1e-12)
    assert distances[0] == 0 and distances[5] == 1


def test_cosine_distance_has_closed_form():
    """With k of n superpixels kept the distance is 1 - sqrt(k / n), whichever k they are."""
    n = 10
    for k in range(n + 1):
        masks = np.zeros((5, n), np.uint8)
        for row in range(5):
            masks[row, np.random.RandomState(row).choice(n, k, replace=False)] = 1
        np.testing.assert_allclose(lt.cosine_distance(masks), 1 - np.sqrt(k / n), atol=1e-15)


@pytest.mark.parametrize("kernel_width", [0.05, 0.25, 1.0, 3.0])
def test_kernel_matches_lime(kernel_width):
    distances = np.linspace(0, 1, 101)
    lime_kernel = lime_image.LimeImageExplainer(kernel_width=kernel_width).base.kernel_fn
    np.testing.assert_allclose(lt.kernel(distances, kernel_width), lime_kernel(distances), rtol=1e-14)
    np.testing.assert_allclose(lt.kernel(distances, kernel_width),
                               np.exp(-distances**2 / (2 * kernel_width**2)), rtol=1e-12)


def test_kernel_default_width_is_limes():
    distances = np.linspace(0, 1, 11)
    np.testing.assert_allclose(lt.kernel(distances), lime_image.LimeImageExplainer().base.kernel_fn(distances))


def test_effective_sample_size_bounds():
    assert lt.effective_sample_size(np.ones(50)) == pytest.approx(50)
    assert lt.effective_sample_size(np.eye(50)[3]) == pytest.approx(1)
    weights = np.random.RandomState(0).rand(50)
    ess = lt.effective_sample_size(weights)
    assert 1 <= ess <= 50
    assert ess == pytest.approx(weights.sum() ** 2 / (weights**2).sum())
    assert lt.effective_sample_size(7 * weights) == pytest.approx(ess), "only relative weights matter"


def test_narrower_kernel_leaves_fewer_effective_samples():
    distances = lt.cosine_distance(lt.sample_masks(30, 1000, random_state=0))
    sizes = [lt.effective_sample_size(lt.kernel(distances, width)) for width in (0.05, 0.1, 0.25, 1.0, 10.0)]
    assert sizes == sorted(sizes)
    assert sizes[-1] == pytest.approx(1000, rel=0.01)


# --- chapter 05: weighted regression ----------------------------------------------------------------

@pytest.mark.parametrize("alpha", [0.0, 0.01, 1.0, 10.0])
@pytest.mark.parametrize("seed", [0, 1])
def test_weighted_ridge_matches_sklearn_ridge(alpha, seed):
    rng = np.random.RandomState(seed)
    X = rng.randint(0, 2, (200, 8)).astype(float)
    y = X @ rng.normal(size=8) + rng.normal(size=200)
    weights = rng.rand(200)
    expected = Ridge(alpha=alpha, fit_intercept=True).fit(X, y, sample_weight=weights)

    coef, intercept = lt.weighted_ridge(X, y, weights, alpha=alpha)

    np.testing.assert_allclose(coef, expected.coef_, atol=1e-9)
    assert intercept == pytest.approx(expected.intercept_, abs=1e-9)


def test_weighted_ridge_alpha_is_not_scaled_by_the_weights():
    """Scaling every weight by 10 is the same as dividing alpha by 10, as in scikit-learn."""
    masks, y, weights = regression_problem()
    np.testing.assert_allclose(lt.weighted_ridge(masks, y, 10 * weights, alpha=1.0)[0],
                               lt.weighted_ridge(masks, y, weights, alpha=0.1)[0], atol=1e-10)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_weighted_r2_matches_r2_score(seed):
    masks, y, weights = regression_problem(seed)
    coef, intercept = lt.weighted_ridge(masks, y, weights)
    expected = sklearn.metrics.r2_score(y, masks @ coef + intercept, sample_weight=weights)
    assert regression.weighted_r2(y, masks @ coef + intercept, weights) == pytest.approx(expected, abs=1e-12)


def test_weighted_r2_of_a_constant_target_follows_sklearn():
    X, weights = np.eye(4), np.ones(4)
    y = np.full(4, 0.3)
    for coef, intercept in [(np.zeros(4), 0.3), (np.ones(4), 0.0)]:
        expected = sklearn.metrics.r2_score(y, X @ coef + intercept, sample_weight=weights)
        assert regression.weighted_r2(y, X @ coef + intercept, weights) == expected


@pytest.mark.parametrize("method", ["none", "highest_weights", "forward_selection", "lasso_path", "auto"])
@pytest.mark.parametrize("num_features", [1, 3, 8])
@pytest.mark.parametrize("seed", [0, 1])
def test_feature_selection_matches_lime(method, num_features, seed):
    masks, y, weights = regression_problem(seed)
    lime = lime_base.LimeBase(kernel_fn=None, random_state=0)
    expected = lime.feature_selection(masks, y, weights, num_features, method)

    selected = regression.select_features(masks, y, weights, num_features, method)

    np.testing.assert_array_equal(selected, expected)


def test_fit_surrogate_matches_lime_explain_instance_with_data():
    masks, y, weights = regression_problem(3)
    distances = lt.cosine_distance(masks)
    lime = lime_base.LimeBase(kernel_fn=lambda d: lt.kernel(d, 0.5), random_state=0)
    intercept, local_exp, score, local_pred = lime.explain_instance_with_data(
        masks, y[:, None], distances, 0, num_features=5, feature_selection="auto")

    fit = lt.fit_surrogate(masks, y, weights, num_features=5)

    assert [f for f, _ in fit.local_exp] == [int(f) for f, _ in local_exp]
    np.testing.assert_allclose([w for _, w in fit.local_exp], [w for _, w in local_exp], atol=1e-10)
    assert fit.intercept == pytest.approx(intercept, abs=1e-10)
    assert fit.score == pytest.approx(score, abs=1e-10)
    assert fit.local_pred == pytest.approx(local_pred[0], abs=1e-10)


def test_surrogate_local_exp_is_sorted_by_magnitude():
    masks, y, weights = regression_problem(4)
    fit = lt.fit_surrogate(masks, y, weights, feature_selection="none")
    magnitudes = [abs(w) for _, w in fit.local_exp]
    assert magnitudes == sorted(magnitudes, reverse=True)
    assert sorted(f for f, _ in fit.local_exp) == list(range(masks.shape[1]))
    # The image is the all-ones row: its prediction is the intercept plus every weight.
    assert fit.local_pred == pytest.approx(fit.intercept + sum(w for _, w in fit.local_exp))


def test_a_constant_black_box_gets_zero_weights():
    """Nothing changes the output, so no superpixel matters, whatever the feature selection."""
    masks = lt.sample_masks(8, 100, random_state=0)
    weights = lt.kernel(lt.cosine_distance(masks))
    for method in ("none", "forward_selection", "highest_weights", "lasso_path"):
        fit = lt.fit_surrogate(masks, np.full(100, 0.1), weights, feature_selection=method, num_features=3)
        np.testing.assert_allclose(fit.coef, 0, atol=1e-15)
        assert fit.intercept == pytest.approx(0.1) and fit.local_pred == pytest.approx(0.1)


# --- chapter 02: superpixels ------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["quickshift", "slic", "felzenszwalb"])
@pytest.mark.parametrize("dtype", ["uint8", "float"])
def test_segment_labels_start_at_zero_and_are_consecutive(method, dtype):
    image = small("chelsea", 96)
    image = image if dtype == "uint8" else image / 255.0
    segments = lt.segment(image, method)
    assert segments.shape == image.shape[:2]
    assert np.issubdtype(segments.dtype, np.integer)
    assert segments.max() >= 2, "a real segmentation, not one superpixel"
    np.testing.assert_array_equal(np.unique(segments), np.arange(segments.max() + 1))


def test_segment_relabels_slic_that_starts_at_one(chelsea):
    segments = lt.segment(chelsea, "slic", start_label=1)
    assert segments.min() == 0
    np.testing.assert_array_equal(np.unique(segments), np.arange(segments.max() + 1))


def test_default_segmentation_is_limes_quickshift(chelsea):
    from lime.wrappers.scikit_image import SegmentationAlgorithm
    lime_segments = SegmentationAlgorithm("quickshift", kernel_size=4, max_dist=200, ratio=0.2)(chelsea)
    np.testing.assert_array_equal(lt.segment(chelsea), lime_segments)


def test_segment_parameters_reach_scikit_image(chelsea):
    few, many = lt.segment(chelsea, "slic", n_segments=5), lt.segment(chelsea, "slic", n_segments=60)
    assert segmentation.num_superpixels(few) < segmentation.num_superpixels(many)


def test_relabel():
    segments = np.array([[5, 5, 9], [2, 9, 2], [-1, -1, 5]])
    np.testing.assert_array_equal(segmentation.relabel(segments), [[2, 2, 3], [1, 3, 1], [0, 0, 2]])
    consecutive = np.array([[0, 1], [2, 1]])
    np.testing.assert_array_equal(segmentation.relabel(consecutive), consecutive)
    assert segmentation.relabel(segments).shape == segments.shape


# --- chapter 06: the explanation --------------------------------------------------------------------

def test_heatmap(explanation, label):
    heat = explanation.heatmap(label)
    assert heat.shape == explanation.segments.shape
    chosen = dict(explanation.local_exp[label])
    assert len(chosen) == 4
    for feature in range(explanation.masks.shape[1]):
        where = explanation.segments == feature
        np.testing.assert_array_equal(heat[where], chosen.get(feature, 0.0))


def superpixels_in(mask, segments, value=1):
    return set(np.unique(segments[mask == value]).tolist())


def test_get_image_and_mask_positive_only(explanation, label):
    positive = [f for f, w in explanation.local_exp[label] if w > 0]
    image, mask = explanation.get_image_and_mask(label, num_features=2)
    assert superpixels_in(mask, explanation.segments) == set(positive[:2])
    assert set(np.unique(mask)) <= {0, 1}
    np.testing.assert_array_equal(image, explanation.image)  # hide_rest=False shows the whole image


def test_get_image_and_mask_negative_only_and_hide_rest(explanation, label):
    negative = [f for f, w in explanation.local_exp[label] if w < 0]
    assert negative, "the fixture should have negative evidence"
    image, mask = explanation.get_image_and_mask(label, positive_only=False, negative_only=True, hide_rest=True)
    assert superpixels_in(mask, explanation.segments) == set(negative)
    np.testing.assert_array_equal(image[mask == 1], explanation.image[mask == 1])
    assert (image[mask == 0] == 0).all(), "hide_rest blacks out everything else"


def test_get_image_and_mask_both_signs(explanation, label):
    image, mask = explanation.get_image_and_mask(label, positive_only=False, num_features=3)
    top = explanation.local_exp[label][:3]
    assert superpixels_in(mask, explanation.segments, 1) == {f for f, w in top if w > 0}
    assert superpixels_in(mask, explanation.segments, -1) == {f for f, w in top if w < 0}
    # Evidence for the label is painted green (channel 1), against it red (channel 0).
    for feature, weight in top:
        where = explanation.segments == feature
        assert (image[where, 0 if weight < 0 else 1] == explanation.image.max()).all()


def test_get_image_and_mask_min_weight(explanation, label):
    weights = [abs(w) for _, w in explanation.local_exp[label]]
    threshold = float(np.median(weights))
    _, mask = explanation.get_image_and_mask(label, positive_only=False, min_weight=threshold, num_features=10)
    expected = {f for f, w in explanation.local_exp[label] if abs(w) >= threshold}
    assert superpixels_in(mask, explanation.segments, 1) | superpixels_in(mask, explanation.segments, -1) == expected


# --- plotting ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("draw", ["segments", "explanation", "heatmap"])
def test_plotting_functions_return_axes(explanation, label, draw):
    calls = {
        "segments": lambda ax: plotting.show_segments(explanation.image, explanation.segments, ax=ax),
        "explanation": lambda ax: plotting.show_explanation(explanation, label, num_features=3, ax=ax),
        "heatmap": lambda ax: plotting.show_heatmap(explanation, label, ax=ax),
    }
    try:
        new = calls[draw](None)
        assert isinstance(new, matplotlib.axes.Axes)
        _, given = plt.subplots()
        assert calls[draw](given) is given, "an Axes passed in is drawn on and returned"
        assert given.get_images(), "something was drawn"
    finally:
        plt.close("all")


def test_plots_draw_an_integer_image_as_its_uint8_twin(chelsea, chelsea_segments):
    try:
        as_uint8 = plotting.show_segments(chelsea, chelsea_segments).get_images()[0].get_array()
        as_int64 = plotting.show_segments(chelsea.astype(np.int64), chelsea_segments).get_images()[0].get_array()
        np.testing.assert_allclose(as_int64, as_uint8)
    finally:
        plt.close("all")
