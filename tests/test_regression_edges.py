"""The surrogate's edge cases (lime_teach.regression): singular systems, feature selection at its limits."""

import numpy as np
import pytest
from lime import lime_base

import lime_teach as lt
from lime_teach import regression

# Column 0 never varies; y = 0.5 + 2 x1 - 3 x2 exactly.
CONSTANT_COLUMN_X = np.array([[1, 0, 1], [1, 1, 1], [1, 0, 0], [1, 1, 0], [1, 1, 1]], float)
CONSTANT_COLUMN_Y = 0.5 + 2 * CONSTANT_COLUMN_X[:, 1] - 3 * CONSTANT_COLUMN_X[:, 2]


def test_weighted_ridge_without_penalty_on_a_constant_column_uses_the_pseudo_inverse():
    """alpha=0 and a column that never varies: a singular system, solved with coefficient 0 for that column."""
    coef, intercept = lt.weighted_ridge(CONSTANT_COLUMN_X, CONSTANT_COLUMN_Y, np.ones(5), alpha=0.0)
    np.testing.assert_allclose(coef, [0.0, 2.0, -3.0], atol=1e-12)
    assert intercept == pytest.approx(0.5, abs=1e-12)


def test_singular_solve_is_the_minimum_norm_solution():
    gram = np.array([[2.0, 2.0], [2.0, 2.0]])  # rank 1
    np.testing.assert_allclose(regression._solve(gram, np.array([4.0, 4.0])), [1.0, 1.0], atol=1e-12)
    np.testing.assert_allclose(regression._solve(np.zeros((2, 2)), np.zeros(2)), [0.0, 0.0])


def test_positive_definite_solve_is_the_direct_solve():
    """Not the SVD fallback, whose result differs in the last bits."""
    gram = np.array([[4.0, 1.0], [1.0, 3.0]])
    np.testing.assert_array_equal(regression._solve(gram, np.array([1.0, 2.0])), np.linalg.solve(gram, [1.0, 2.0]))


def test_singular_solve_inverts_small_singular_values():
    gram = np.array([[0.5, 0.0], [0.0, 0.0]])
    np.testing.assert_allclose(regression._solve(gram, np.array([1.0, 0.0])), [2.0, 0.0], atol=1e-12)


def test_local_exp_ties_keep_feature_order_beyond_16_features():
    """numpy's default sort is stable only for short arrays: lime's sorted() is stable for any length."""
    rng = np.random.RandomState(0)
    coef = rng.choice([0.1, 0.2, 0.3], 40) * rng.choice([-1, 1], 40)
    surrogate = regression.Surrogate(features=np.arange(40), coef=coef, intercept=0.0, score=1.0, local_pred=0.0)
    expected = sorted(range(40), key=lambda i: -abs(coef[i]))  # Python's sort: stable
    assert [feature for feature, _ in surrogate.local_exp] == expected


def test_weighted_ridge_takes_plain_lists():
    X = CONSTANT_COLUMN_X[:, 1:]
    weights = [1.0, 2.0, 0.5, 1.0, 3.0]
    coef, intercept = lt.weighted_ridge(X.tolist(), CONSTANT_COLUMN_Y.tolist(), weights, alpha=0.0)
    np.testing.assert_allclose(coef, [2.0, -3.0], atol=1e-12)
    assert intercept == pytest.approx(0.5, abs=1e-12)
    list_fit = lt.fit_surrogate(X.astype(np.uint8).tolist(), list(CONSTANT_COLUMN_Y), weights, alpha=0.0,
                                feature_selection="none")
    np.testing.assert_allclose(list_fit.coef, [2.0, -3.0], atol=1e-12)


def test_weighted_ridge_penalty_shrinks_by_the_known_amount():
    """One centred feature x = +-1 with unit weights: coef = sum x y / (sum x**2 + alpha)."""
    X = np.array([[0.0], [1.0], [0.0], [1.0]])
    y = np.array([0.0, 1.0, 0.0, 1.0])
    coef, intercept = lt.weighted_ridge(X, y, np.ones(4), alpha=1.0)
    assert coef[0] == pytest.approx(1.0 / (1.0 + 1.0))  # centred x: +-0.5, sum x**2 = 1, sum x y = 1
    assert intercept == pytest.approx(0.5 - 0.5 * coef[0])


def test_weighted_ridge_of_one_feature_with_unequal_weights():
    X = np.array([[0.0], [1.0]])
    y = np.array([1.0, 3.0])
    coef, intercept = lt.weighted_ridge(X, y, np.array([3.0, 1.0]), alpha=0.0)
    assert coef[0] == pytest.approx(2.0) and intercept == pytest.approx(1.0)


def test_weighted_r2_known_values():
    y = np.array([0.0, 1.0, 2.0])
    assert regression.weighted_r2(y, y, np.ones(3)) == 1.0
    assert regression.weighted_r2(y, np.ones(3), np.ones(3)) == pytest.approx(0.0)
    # residual 1 on the middle sample only, weighted 2: 1 - 2 / (1 + 0 + 1)
    assert regression.weighted_r2(y, np.array([0.0, 2.0, 2.0]), np.array([1.0, 2.0, 1.0])) == pytest.approx(0.0)
    assert regression.weighted_r2(y, np.array([0.0, 1.5, 2.0]), np.ones(3)) == pytest.approx(1 - 0.25 / 2)


def test_weighted_r2_of_a_constant_target():
    y = np.full(3, 0.5)  # a mean without rounding (0.4 averages to 0.4000000000000001, here and in scikit-learn)
    assert regression.weighted_r2(y, y, np.ones(3)) == 1.0
    assert regression.weighted_r2(y, y + 0.1, np.ones(3)) == 0.0


def test_forward_selection_never_returns_more_features_than_columns():
    masks = lt.sample_masks(4, 60, random_state=0)
    y = masks @ np.array([1.0, 2.0, 3.0, 4.0])
    weights = lt.kernel(lt.cosine_distance(masks))
    selected = regression.forward_selection(masks.astype(float), y, weights, num_features=9)
    assert list(selected) == [3, 2, 1, 0]


def test_forward_selection_picks_the_strongest_feature_first():
    masks = lt.sample_masks(5, 200, random_state=1)
    y = masks @ np.array([0.1, -2.0, 0.3, 0.0, 1.0])
    weights = np.ones(200)
    assert list(regression.forward_selection(masks.astype(float), y, weights, 2)) == [1, 4]


def test_forward_selection_skips_a_feature_already_explained():
    """Column 2 is a copy of column 0: once 0 is chosen, 2 adds nothing and 1 comes next."""
    rng = np.random.RandomState(0)
    base = rng.randint(0, 2, (100, 2)).astype(float)
    X = np.column_stack([base[:, 0], base[:, 1], base[:, 0]])
    y = 2 * base[:, 0] + 0.5 * base[:, 1]
    assert list(regression.forward_selection(X, y, np.ones(100), 2)) == [0, 1]


def test_forward_selection_ignores_a_constant_column():
    rng = np.random.RandomState(0)
    X = np.column_stack([np.ones(50), rng.randint(0, 2, 50), rng.randint(0, 2, 50)]).astype(float)
    y = X[:, 1] + 0.1 * X[:, 2]
    assert list(regression.forward_selection(X, y, np.ones(50), 3)) == [1, 2, 0]


@pytest.mark.parametrize("num_features, method", [(6, "forward_selection"), (7, "highest_weights")])
def test_auto_switches_from_forward_selection_to_highest_weights_after_6(num_features, method):
    """On this problem the two methods choose differently at both 6 and 7 features."""
    rng = np.random.RandomState(0)
    masks = lt.sample_masks(12, 300, rng)
    y = masks @ rng.normal(size=12) + 0.3 * rng.normal(size=300)
    weights = lt.kernel(lt.cosine_distance(masks), 0.5)
    other = {"forward_selection": "highest_weights", "highest_weights": "forward_selection"}[method]

    auto = regression.select_features(masks, y, weights, num_features, "auto")

    np.testing.assert_array_equal(auto, regression.select_features(masks, y, weights, num_features, method))
    assert list(auto) != list(regression.select_features(masks, y, weights, num_features, other))
    np.testing.assert_array_equal(auto, lime_base.LimeBase(None).feature_selection(masks, y, weights, num_features,
                                                                                   "auto"))


def test_highest_weights_uses_a_small_penalty():
    """highest_weights ranks the coefficients of a ridge fit with alpha=0.01, as lime does."""
    rng = np.random.RandomState(3)
    masks = lt.sample_masks(10, 40, rng)
    y = masks @ rng.normal(size=10) + rng.normal(size=40)
    weights = lt.kernel(lt.cosine_distance(masks), 0.5)
    coef, _ = regression._weighted_ridge(masks.astype(float), y, weights, 0.01)
    expected = np.argsort(-np.abs(coef), kind="stable")[:4]
    np.testing.assert_array_equal(regression.highest_weights(masks.astype(float), y, weights, 4), expected)


def test_none_selects_every_feature_in_order():
    masks = lt.sample_masks(5, 20, random_state=0)
    np.testing.assert_array_equal(regression.select_features(masks, np.arange(20.0), np.ones(20), 2, "none"),
                                  np.arange(5))


def test_lasso_path_with_room_for_every_feature_keeps_the_active_ones():
    rng = np.random.RandomState(0)
    masks = lt.sample_masks(6, 200, rng)
    y = masks @ np.array([1.0, 0.0, -2.0, 0.0, 0.5, 0.0]) + 0.01 * rng.normal(size=200)
    weights = np.ones(200)
    expected = lime_base.LimeBase(None).feature_selection(masks, y, weights, 2, "lasso_path")
    selected = regression.lasso_path(masks.astype(float), y, weights, 2)
    np.testing.assert_array_equal(selected, expected)
    assert sorted(selected) == [0, 2]


def test_local_exp_ties_keep_feature_order():
    surrogate = regression.Surrogate(features=np.array([4, 1, 7]), coef=np.array([0.5, -0.5, 1.0]), intercept=0.0,
                                     score=1.0, local_pred=1.0)
    assert surrogate.local_exp == [(7, 1.0), (4, 0.5), (1, -0.5)]


def test_fit_surrogate_reports_score_and_local_pred():
    masks = np.array([[1, 1], [0, 1], [1, 0], [0, 0]], np.uint8)
    y = np.array([0.9, 0.4, 0.6, 0.1])  # 0.1 + 0.5 x0 + 0.3 x1
    fit = lt.fit_surrogate(masks, y, np.ones(4), alpha=0.0, feature_selection="none")
    np.testing.assert_allclose(fit.coef, [0.5, 0.3], atol=1e-12)
    assert fit.intercept == pytest.approx(0.1) and fit.local_pred == pytest.approx(0.9)
    assert fit.score == pytest.approx(1.0)
    assert fit.features.tolist() == [0, 1]


def test_fit_surrogate_with_the_default_penalty():
    masks = np.array([[1, 1], [0, 1], [1, 0], [0, 0]], np.uint8)
    y = np.array([0.9, 0.4, 0.6, 0.1])
    default = lt.fit_surrogate(masks, y, np.ones(4), feature_selection="none")
    coef, intercept = lt.weighted_ridge(masks, y, np.ones(4), alpha=1.0)
    np.testing.assert_allclose(default.coef, coef)
    assert default.intercept == pytest.approx(intercept)
    assert default.score < 1.0


def test_fit_surrogate_caps_the_features():
    masks = lt.sample_masks(8, 100, random_state=0)
    y = masks @ np.arange(8.0)
    fit = lt.fit_surrogate(masks, y, np.ones(100), num_features=2, feature_selection="forward_selection")
    assert sorted(fit.features.tolist()) == [6, 7]
    assert len(fit.local_exp) == 2


def test_fit_surrogate_default_selection_is_auto():
    masks = lt.sample_masks(8, 100, random_state=0)
    y = masks @ np.arange(8.0) + 0.1 * np.random.RandomState(0).normal(size=100)
    weights = lt.kernel(lt.cosine_distance(masks))
    default = lt.fit_surrogate(masks, y, weights, num_features=3)
    auto = lt.fit_surrogate(masks, y, weights, num_features=3, feature_selection="auto")
    np.testing.assert_array_equal(default.features, auto.features)
    assert len(lt.fit_surrogate(masks, y, weights).features) == 8  # default cap: every superpixel


def test_lasso_path_is_the_lasso_not_plain_lars():
    """On this problem LARS without the lasso's drop step keeps feature 1; the lasso (and lime) keep 0."""
    rng = np.random.RandomState(5)
    masks = rng.randint(0, 2, (10, 5))
    y = masks @ rng.normal(size=5) * 3 + rng.normal(size=10)
    weights = np.ones(10)
    selected = regression.lasso_path(masks.astype(float), y, weights, 4)
    assert list(selected) == [0, 2, 3, 4]
    np.testing.assert_array_equal(selected, lime_base.LimeBase(None).feature_selection(masks, y, weights, 4,
                                                                                       "lasso_path"))


def test_lasso_path_prints_nothing(capsys):
    masks, y = lt.sample_masks(5, 30, random_state=0), np.arange(30.0)
    regression.lasso_path(masks.astype(float), y, np.ones(30), 2)
    assert capsys.readouterr().out == ""


def test_defaults_of_the_regression_functions():
    masks = lt.sample_masks(8, 60, random_state=2)
    y = masks @ np.linspace(-1, 1, 8) + 0.1 * np.random.RandomState(2).normal(size=60)
    weights = lt.kernel(lt.cosine_distance(masks))
    np.testing.assert_allclose(lt.weighted_ridge(masks, y, weights)[0], lt.weighted_ridge(masks, y, weights, 1.0)[0])
    assert not np.allclose(lt.weighted_ridge(masks, y, weights)[0], lt.weighted_ridge(masks, y, weights, 2.0)[0])
    np.testing.assert_array_equal(regression.select_features(masks, y, weights, 3),
                                  regression.select_features(masks, y, weights, 3, "forward_selection"))


@pytest.mark.parametrize("kwargs, error, match", [
    (dict(alpha=-1.0), ValueError, "alpha must be a non-negative number"),
    (dict(alpha="1"), TypeError, "alpha must be a number"),
    (dict(num_features=0), ValueError, "num_features must be at least 1"),
    (dict(num_features=2.0), TypeError, "num_features must be an integer"),
    (dict(feature_selection="lars"), ValueError, "feature_selection must be one of"),
])
def test_fit_surrogate_names_the_bad_argument(kwargs, error, match):
    masks = lt.sample_masks(3, 10, random_state=0)
    with pytest.raises(error, match=match):
        lt.fit_surrogate(masks, np.arange(10.0), np.ones(10), **kwargs)


@pytest.mark.parametrize("args, match", [
    ((np.ones((3, 2)), np.ones(2), np.ones(3)), r"y must have shape \(3,\)"),
    ((np.ones((3, 2)), np.ones(3), np.ones(4)), r"weights must have shape \(3,\)"),
    ((np.ones(3), np.ones(3), np.ones(3)), r"X must be a finite \(num_samples, num_features\) array"),
    ((np.ones((3, 2)), [0, np.nan, 1], np.ones(3)), "y must be finite"),
    ((np.ones((3, 2)), np.ones(3), [1, -1, 1]), "weights must be finite and non-negative"),
])
def test_weighted_ridge_names_the_bad_argument(args, match):
    with pytest.raises(ValueError, match=match):
        lt.weighted_ridge(*args)
    with pytest.raises((ValueError, TypeError), match="alpha"):
        lt.weighted_ridge(np.ones((3, 2)), np.ones(3), np.ones(3), alpha=-0.5)


@pytest.mark.parametrize("args, match", [
    ((np.ones((3, 2), np.uint8), np.ones(2), np.ones(3)), r"y must have shape \(3,\)"),
    ((np.ones((3, 2), np.uint8), np.ones(3), np.ones(4)), r"weights must have shape \(3,\)"),
    ((np.full((3, 2), 2), np.ones(3), np.ones(3)), "masks must hold only 0"),
])
def test_fit_surrogate_names_the_bad_array(args, match):
    with pytest.raises(ValueError, match=match):
        lt.fit_surrogate(*args)


def test_select_features_names_an_unknown_method():
    with pytest.raises(ValueError, match="feature_selection must be one of 'auto', 'none'"):
        regression.select_features(np.ones((3, 2)), np.ones(3), np.ones(3), 1, "best")


@pytest.mark.parametrize("value", [0.2, 0.7, 1 / 3])
def test_forward_selection_of_a_constant_target_takes_the_lowest_indices_as_lime(value):
    """Nothing explains a constant: every gain is 0, so lime's loop keeps the first features in order."""
    masks = lt.sample_masks(6, 50, random_state=0)
    weights = lt.kernel(lt.cosine_distance(masks))
    y = np.full(50, value)
    selected = regression.forward_selection(masks.astype(float), y, weights, 3)
    assert list(selected) == [0, 1, 2]
    np.testing.assert_array_equal(selected, lime_base.LimeBase(None).feature_selection(masks, y, weights, 3,
                                                                                       "forward_selection"))


def test_lasso_path_centres_the_masks_with_the_kernel_weights():
    """With unweighted means this problem would keep feature 2 instead of 4."""
    rng = np.random.RandomState(2)
    masks = lt.sample_masks(5, 30, rng)
    y = masks @ rng.normal(size=5) + 0.5 * rng.normal(size=30)
    weights = lt.kernel(lt.cosine_distance(masks), 0.25)
    selected = regression.lasso_path(masks.astype(float), y, weights, 4)
    assert list(selected) == [0, 1, 3, 4]
    np.testing.assert_array_equal(selected, lime_base.LimeBase(None).feature_selection(masks, y, weights, 4,
                                                                                       "lasso_path"))


def test_lasso_path_with_room_for_all_keeps_every_active_feature():
    """The least regularised end of the path, where every feature is active, when num_features allows it."""
    rng = np.random.RandomState(0)
    masks = lt.sample_masks(6, 100, rng)
    y = masks @ np.array([1.0, -0.5, 0.8, 0.3, -1.2, 0.6]) + 0.1 * rng.normal(size=100)
    weights = lt.kernel(lt.cosine_distance(masks), 0.5)
    assert list(regression.lasso_path(masks.astype(float), y, weights, 6)) == [0, 1, 2, 3, 4, 5]
    assert list(regression.select_features(masks, y, weights, 100, "lasso_path")) == [0, 1, 2, 3, 4, 5]


def test_forward_selection_centres_with_the_kernel_weights():
    """With unweighted means this problem would choose 5 before 3."""
    rng = np.random.RandomState(12)
    masks = lt.sample_masks(6, 40, rng)
    y = masks @ rng.normal(size=6) + 0.5 * rng.normal(size=40)
    weights = lt.kernel(lt.cosine_distance(masks), 0.3)
    selected = regression.forward_selection(masks.astype(float), y, weights, 3)
    assert list(selected) == [1, 3, 5]
    np.testing.assert_array_equal(selected, lime_base.LimeBase(None).feature_selection(masks, y, weights, 3,
                                                                                       "forward_selection"))


def test_forward_selection_of_probabilities_that_vary_little():
    """A black box's probabilities: a range well below 1, still ranked by what explains them."""
    masks = lt.sample_masks(5, 200, random_state=3)
    y = 0.05 + 0.1 * masks[:, 0] + 0.3 * masks[:, 2] + 0.02 * masks[:, 4]
    weights = lt.kernel(lt.cosine_distance(masks))
    assert list(regression.forward_selection(masks.astype(float), y, weights, 3)) == [2, 0, 4]


def test_forward_selection_with_correlated_superpixels_is_limes():
    """Columns 4 = 0 or 1 and 5 = 2 and 3: what a feature adds beyond the chosen ones decides the order."""
    rng = np.random.RandomState(0)
    base = rng.randint(0, 2, (25, 4))
    masks = np.column_stack([base, base[:, 0] | base[:, 1], base[:, 2] & base[:, 3]]).astype(np.uint8)
    y = masks @ rng.normal(size=6) + 0.3 * rng.normal(size=25)
    weights = rng.rand(25) + 0.1
    expected = lime_base.LimeBase(None).feature_selection(masks, y, weights, 4, "forward_selection")
    np.testing.assert_array_equal(regression.forward_selection(masks.astype(float), y, weights, 4), expected)
