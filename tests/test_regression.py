"""The weighted surrogate (lime_teach.regression, chapter 05) against scikit-learn and lime."""

import numpy as np
import pytest
import sklearn.metrics
from lime import lime_base
from sklearn.linear_model import Ridge

import lime_teach as lt
from lime_teach import regression


def regression_problem(seed=0, num_samples=300, num_superpixels=12):
    """Masks, black-box-like outputs and kernel weights, as LIME's regression sees them."""
    rng = np.random.RandomState(seed)
    masks = lt.sample_masks(num_superpixels, num_samples, rng)
    beta = rng.normal(size=num_superpixels) * (rng.rand(num_superpixels) < 0.5)
    y = masks @ beta + 0.3 * rng.normal(size=num_samples)
    weights = lt.kernel(lt.cosine_distance(masks), kernel_width=0.5)
    return masks, y, weights


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


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_lasso_coefficients_are_limes_lars_path(seed):
    masks, y, weights = regression_problem(seed)
    # lime_base.LimeBase.feature_selection("lasso_path") weighs and centres the data so, then calls this.
    root = np.sqrt(weights)
    centred = (masks - np.average(masks, axis=0, weights=weights)) * root[:, None]
    _, expected = lime_base.LimeBase.generate_lars_path(centred, (y - np.average(y, weights=weights)) * root)
    path = regression.lasso_coefficients(masks, list(y), weights)
    np.testing.assert_allclose(path, expected, atol=1e-10)
    assert not path[:, 0].any(), "the most penalised end has no feature"
    # The least penalised end is the weighted least-squares fit.
    np.testing.assert_allclose(path[:, -1], regression.weighted_ridge(masks, y, weights, alpha=0)[0], atol=1e-8)


def test_lasso_coefficients_check_their_inputs():
    masks, y, weights = regression_problem()
    with pytest.raises(ValueError, match=r"^y must have shape \(300,\), one per sample, got \(299,\)"):
        regression.lasso_coefficients(masks, y[:-1], weights)
    with pytest.raises(ValueError, match="^weights must be finite and non-negative, got -1.0"):
        regression.lasso_coefficients(masks, y, -weights / weights)


def test_lasso_coefficients_need_one_weight_per_sample():
    masks, y, weights = regression_problem()
    with pytest.raises(ValueError, match=r"^weights must have shape \(300,\), one per sample, got \(299,\)"):
        regression.lasso_coefficients(masks, y, weights[:-1])
