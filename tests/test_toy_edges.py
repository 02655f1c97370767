"""Edge cases of the 2-D toy LIME (lime_teach.toy): its defaults, exact formulas, ties and messages."""

import numpy as np
import pytest
from sklearn.datasets import make_moons
from sklearn.ensemble import RandomForestClassifier

from lime_teach import toy

POINT = np.array([0.5, 0.25])
GRID = np.stack(np.meshgrid(np.linspace(-1.5, 2.5, 9), np.linspace(-1, 1.5, 6)), axis=-1).reshape(-1, 2)


def linear_classifier(points):
    """P(class 1) = 0.2 + 0.1 x1 - 0.05 x2: a black box a line fits exactly."""
    p = 0.2 + 0.1 * points[:, 0] - 0.05 * points[:, 1]
    return np.column_stack([1 - p, p])


def test_moons_defaults_are_500_points_with_noise_0_2_and_seed_0():
    points, classes = toy.moons()
    expected_points, expected_classes = make_moons(n_samples=500, noise=0.2, random_state=0)
    np.testing.assert_array_equal(points, expected_points)
    np.testing.assert_array_equal(classes, expected_classes)


def test_moons_passes_its_arguments_to_scikit_learn():
    points, classes = toy.moons(num_points=40, noise=0.1, random_state=3)
    expected_points, expected_classes = make_moons(n_samples=40, noise=0.1, random_state=3)
    np.testing.assert_array_equal(points, expected_points)
    np.testing.assert_array_equal(classes, expected_classes)


def test_black_box_default_is_the_seed_0_forest_of_100_trees_with_5_points_per_leaf():
    forest = toy.black_box()
    params = forest.get_params()
    assert (params["n_estimators"], params["min_samples_leaf"], params["random_state"]) == (100, 5, 0)
    reference = RandomForestClassifier(n_estimators=100, min_samples_leaf=5, random_state=0)
    reference.fit(*make_moons(n_samples=500, noise=0.2, random_state=0))
    np.testing.assert_array_equal(forest.predict_proba(GRID), reference.predict_proba(GRID))


def test_black_box_reads_the_module_constants(monkeypatch):
    """NUM_TREES and MIN_SAMPLES_LEAF fix the forest of every figure: changing them changes the forest."""
    monkeypatch.setattr(toy, "NUM_TREES", 3)
    monkeypatch.setattr(toy, "MIN_SAMPLES_LEAF", 40)
    forest = toy.black_box(random_state=1)
    assert len(forest.estimators_) == 3
    assert forest.get_params()["min_samples_leaf"] == 40
    assert forest.get_params()["random_state"] == 1


def test_sample_around_is_the_point_plus_scale_times_standard_normal_draws():
    rng = np.random.RandomState(0)
    expected = POINT + 1.0 * rng.normal(size=(6, 2))  # the default scale is 1
    expected[0] = POINT
    np.testing.assert_array_equal(toy.sample_around(POINT, 6, random_state=0), expected)
    rng = np.random.RandomState(0)
    expected = POINT + 0.3 * rng.normal(size=(6, 2))
    expected[0] = POINT
    np.testing.assert_array_equal(toy.sample_around(list(POINT), 6, scale=0.3, random_state=0), expected)


def test_sample_around_one_sample_is_the_point_itself():
    np.testing.assert_array_equal(toy.sample_around(POINT, 1, random_state=0), [POINT])


@pytest.mark.parametrize("num_samples,scale,error,message", [
    (0, 1.0, ValueError, "num_samples must be at least 1, got 0"),
    (2.5, 1.0, TypeError, "num_samples must be an integer, got 2.5"),
    (10, 0.0, ValueError, "scale must be a positive finite number, got 0.0"),
    (10, -1, ValueError, "scale must be a positive finite number, got -1"),
    (10, np.inf, ValueError, "scale must be a positive finite number, got inf"),
    (10, "1", TypeError, "scale must be a number, got '1'"),
])
def test_sample_around_refuses_bad_input_by_name(num_samples, scale, error, message):
    with pytest.raises(error) as raised:
        toy.sample_around(POINT, num_samples, scale=scale)
    assert str(raised.value) == message


def test_distances_known_answers_from_lists_of_ints():
    np.testing.assert_allclose(toy.distances([[0, 0], [3, 4], [-3, 4]], (0, 0)), [0.0, 5.0, 5.0])
    np.testing.assert_allclose(toy.distances(np.array([[0.5, 0.25], [3.5, 4.25]]), POINT), [0.0, 5.0])


def test_distances_refuse_complex_samples():
    """Points of the plane are real: complex coordinates are refused, not measured by their modulus."""
    with pytest.raises(TypeError, match="complex"):
        toy.distances([[1j, 0.0], [3.0, 4.0]], (0, 0))


@pytest.mark.parametrize("coef,intercept,threshold,expected", [
    # |a| = |b|: solved for x2 along xlim; x1 + x2 = 0.5
    ((1.0, 1.0), 0.0, 0.5, [[0.0, 0.5], [1.0, -0.5]]),
    # -x1 + x2 = 0.5, still the tie
    ((-1.0, 1.0), 0.0, 0.5, [[0.0, 0.5], [1.0, 1.5]]),
    # |b| > |a|: 0.5 x1 + 2 x2 + 0.1 = 0.3
    ((0.5, 2.0), 0.1, 0.3, [[0.0, 0.1], [1.0, -0.15]]),
    # |a| > |b|: solved for x1 along ylim; 2 x1 + 0.5 x2 = 0.5
    ((2.0, 0.5), 0.0, 0.5, [[1.5, -5.0], [-1.0, 5.0]]),
])
def test_local_boundary_known_answers(coef, intercept, threshold, expected):
    ends = toy.local_boundary(coef, intercept, xlim=(0, 1), ylim=(-5, 5), threshold=threshold)
    np.testing.assert_allclose(ends, expected, atol=1e-12)


def test_local_boundary_default_threshold_is_one_half():
    np.testing.assert_allclose(toy.local_boundary([1, 1], 0, xlim=[0, 1], ylim=[0, 1]), [[0, 0.5], [1, -0.5]])


@pytest.mark.parametrize("coef,xlim,ylim", [
    ([1j, 1.0], (0, 1), (0, 1)),
    ([0.0, 1.0], (0j, 1), (0, 1)),      # |b| >= |a|: the ends lie along xlim
    ([1.0, 0.0], (0, 1), (0, 1 + 1j)),  # |a| > |b|: along ylim
])
def test_local_boundary_refuses_complex_numbers(coef, xlim, ylim):
    with pytest.raises(TypeError, match="complex"):
        toy.local_boundary(coef, 0.0, xlim=xlim, ylim=ylim)


def test_explain_point_defaults_500_samples_kernel_width_one_half_label_1():
    exp = toy.explain_point(linear_classifier, POINT, random_state=0)
    np.testing.assert_array_equal(exp.samples, toy.sample_around(POINT, 500, scale=1.0, random_state=0))
    np.testing.assert_array_equal(exp.point, POINT)
    distances = np.sqrt(((exp.samples - POINT) ** 2).sum(axis=1))
    np.testing.assert_allclose(exp.weights, np.sqrt(np.exp(-distances**2 / 0.5**2)), rtol=1e-12)
    np.testing.assert_allclose(exp.y, 0.2 + 0.1 * exp.samples[:, 0] - 0.05 * exp.samples[:, 1], rtol=1e-12)
    np.testing.assert_allclose(exp.coef, [0.1, -0.05], atol=1e-10)
    assert exp.intercept == pytest.approx(0.2, abs=1e-10)
    assert exp.score == pytest.approx(1.0, abs=1e-10)


def test_explain_point_passes_scale_num_samples_and_label_on():
    exp = toy.explain_point(linear_classifier, POINT, kernel_width=2.0, num_samples=50, scale=0.3, label=0,
                            random_state=1)
    np.testing.assert_array_equal(exp.samples, toy.sample_around(POINT, 50, scale=0.3, random_state=1))
    distances = np.sqrt(((exp.samples - POINT) ** 2).sum(axis=1))
    np.testing.assert_allclose(exp.weights, np.sqrt(np.exp(-distances**2 / 2.0**2)), rtol=1e-12)
    np.testing.assert_allclose(exp.coef, [-0.1, 0.05], atol=1e-10)
    assert exp.intercept == pytest.approx(0.8, abs=1e-10)
