"""The 2-D toy LIME of chapter 00 against scikit-learn and lime's own LimeBase."""

import numpy as np
import pytest
from lime.lime_base import LimeBase
from lime.lime_tabular import LimeTabularExplainer
from sklearn.linear_model import LinearRegression
from sklearn.metrics import pairwise_distances

from lime_teach import kernels, toy

POINT = np.array([0.5, 0.25])


@pytest.fixture(scope="module")
def forest():
    return toy.black_box(random_state=0)


def test_black_box_is_seeded_and_fits_the_moons(forest):
    points, classes = toy.moons(random_state=0)
    assert (forest.predict(points) == classes).mean() > 0.9
    np.testing.assert_array_equal(toy.black_box(random_state=0).predict_proba(points), forest.predict_proba(points))


def test_sample_around_starts_with_the_point_and_spreads_scale():
    samples = toy.sample_around(POINT, 20000, scale=0.3, random_state=0)
    assert samples.shape == (20000, 2)
    np.testing.assert_array_equal(samples[0], POINT)
    np.testing.assert_allclose(samples[1:].mean(axis=0), POINT, atol=0.01)
    np.testing.assert_allclose(samples[1:].std(axis=0), [0.3, 0.3], rtol=0.03)


def test_sample_around_is_reproducible_and_accepts_a_random_state():
    first = toy.sample_around(POINT, 10, random_state=3)
    np.testing.assert_array_equal(first, toy.sample_around(POINT, 10, random_state=np.random.RandomState(3)))
    assert not np.allclose(first, toy.sample_around(POINT, 10, random_state=4))


@pytest.mark.parametrize("point,num_samples,scale,argument", [
    ((1.0, 2.0, 3.0), 10, 1.0, "point"),
    ((np.nan, 0.0), 10, 1.0, "point"),
    (POINT, 0, 1.0, "num_samples"),
    (POINT, 10, 0.0, "scale"),
])
def test_sample_around_names_the_bad_argument(point, num_samples, scale, argument):
    with pytest.raises((ValueError, TypeError), match=argument):
        toy.sample_around(point, num_samples, scale=scale)


def test_proximity_weights_match_lime_tabular_kernel():
    samples = toy.sample_around(POINT, 50, random_state=0)
    lime_kernel = LimeTabularExplainer(np.zeros((4, 2)), kernel_width=0.7, discretize_continuous=False).base.kernel_fn
    expected = lime_kernel(pairwise_distances(samples, POINT.reshape(1, -1)).ravel())
    np.testing.assert_allclose(toy.proximity_weights(samples, POINT, 0.7), expected, rtol=1e-12)


def test_fit_weighted_line_matches_linear_regression():
    rng = np.random.RandomState(0)
    X = rng.normal(size=(100, 2))
    y = np.sin(X[:, 0]) + X[:, 1] ** 2
    w = rng.uniform(size=100)
    coef, intercept = toy.fit_weighted_line(X, y, w)
    reference = LinearRegression().fit(X, y, sample_weight=w)
    np.testing.assert_allclose(coef, reference.coef_, rtol=1e-9)
    np.testing.assert_allclose(intercept, reference.intercept_, rtol=1e-9)


def test_explain_point_matches_lime_base_with_linear_regression(forest):
    exp = toy.explain_point(forest.predict_proba, POINT, kernel_width=0.5, num_samples=300, random_state=0)
    base = LimeBase(lambda d: kernels.kernel(d, 0.5))
    intercept, local_exp, score, local_pred = base.explain_instance_with_data(
        exp.samples, forest.predict_proba(exp.samples), toy.distances(exp.samples, POINT), label=1,
        num_features=2, feature_selection="none", model_regressor=LinearRegression())
    np.testing.assert_allclose(exp.coef, [dict(local_exp)[0], dict(local_exp)[1]], rtol=1e-9)
    np.testing.assert_allclose(exp.intercept, intercept, rtol=1e-9)
    np.testing.assert_allclose(exp.score, score, rtol=1e-9)


def test_a_very_wide_kernel_gives_the_unweighted_fit(forest):
    exp = toy.explain_point(forest.predict_proba, POINT, kernel_width=1e4, num_samples=300, random_state=0)
    reference = LinearRegression().fit(exp.samples, exp.y)
    np.testing.assert_allclose(exp.coef, reference.coef_, rtol=1e-5)


def test_local_boundary_is_where_the_line_crosses_the_threshold():
    for coef in ([0.3, -0.7], [2.0, 0.1], [0.0, 1.0], [1.0, 0.0]):
        ends = toy.local_boundary(coef, 0.2, xlim=(-2, 3), ylim=(-1, 2), threshold=0.5)
        assert ends.shape == (2, 2)
        np.testing.assert_allclose(ends @ np.array(coef) + 0.2, [0.5, 0.5], atol=1e-12)
        assert not np.allclose(ends[0], ends[1])


def test_a_flat_surrogate_has_no_boundary():
    assert toy.local_boundary([0.0, 0.0], 0.4, xlim=(0, 1), ylim=(0, 1)) is None
