"""SP-LIME (lime_teach.submodular) at its edges: exact input checks, boundaries, defaults and known coverages."""

import re

import numpy as np
import pytest

from lime_teach import submodular


class Fake:
    """The two attributes explanation_matrix reads of an Explanation: masks (N, K) and local_exp."""

    def __init__(self, num_superpixels, local_exp):
        self.masks = np.ones((3, num_superpixels))
        self.local_exp = local_exp


# --- explanation_matrix ---

def test_num_features_widens_the_matrix_with_zero_columns():
    W = submodular.explanation_matrix([Fake(2, {0: [(1, 0.5)]}), Fake(3, {0: [(2, -1.0), (0, 2.0)]})], [0, 0],
                                      num_features=5)
    np.testing.assert_array_equal(W, [[0, 0.5, 0, 0, 0], [2.0, 0, -1.0, 0, 0]])
    W = submodular.explanation_matrix([Fake(2, {0: [(1, 0.5)]}), Fake(3, {0: [(2, -1.0)]})], np.array([0, 0]))
    assert W.shape == (2, 3), "None takes the widest explanation"


@pytest.mark.parametrize("explanations,labels,message", [
    ([Fake(2, {0: [(0, 1.0)]}), Fake(2, {0: [(0, 1.0)]})], [0], "(2), got 1"),
    ([Fake(2, {0: [(0, 1.0)]})], [0, 0], "(1), got 2"),
    ([], [], "(0), got 0"),
])
def test_labels_must_give_one_class_per_explanation(explanations, labels, message):
    with pytest.raises(ValueError, match="^" + re.escape("labels must give one class per explanation " + message) + "$"):
        submodular.explanation_matrix(explanations, labels)


@pytest.mark.parametrize("num_features,error,message", [
    (0, ValueError, "num_features must be at least 1, got 0"),
    (2.0, TypeError, "num_features must be an integer, got 2.0"),
    (True, TypeError, "num_features must be an integer, got True"),
    (2, ValueError, "num_features=2 is smaller than an explanation's 3 superpixels"),
])
def test_num_features_must_hold_every_superpixel(num_features, error, message):
    with pytest.raises(error, match="^" + message + "$"):
        submodular.explanation_matrix([Fake(3, {1: [(2, 1.0)]}), Fake(1, {1: []})], [1, 1], num_features)


def test_num_features_equal_to_the_widest_explanation_is_enough():
    W = submodular.explanation_matrix([Fake(3, {1: [(2, 1.0)]}), Fake(1, {1: [(0, -1.0)]})], [1, 1], 3)
    np.testing.assert_array_equal(W, [[0, 0, 1.0], [-1.0, 0, 0]])


# --- coverage ---

W3 = np.array([  # importances 1, 1, 2 (sqrt of 1, 1, 4)
    [1.0, -1.0, 0.0],
    [0.0, 0.0, 4.0],
    [0.0, 0.0, 0.0],
])


def test_coverage_uses_the_importance_given():
    assert submodular.coverage(W3, [0, 1], importance=[10, 20, 30]) == 40.0
    assert submodular.coverage(W3, [0, 1]) == 3.0
    assert submodular.coverage(W3, [0, 1], None) == 3.0


def test_coverage_sums_a_float32_importance_in_float64():
    importance = np.array([1e8, 1.0, 1.0], np.float32)  # in float32, 1e8 + 1 == 1e8
    assert submodular.coverage(np.ones((1, 3)), [0], importance) == 100000002.0


@pytest.mark.parametrize("importance", [[1.0, 2.0], np.ones((3, 1)), 1.0])
def test_importance_must_have_one_value_per_feature(importance):
    shape = np.shape(importance)
    with pytest.raises(ValueError, match=r"^importance must have shape \(3,\), one value per feature, got "
                                         + re.escape(str(shape)) + "$"):
        submodular.coverage(W3, [0], importance)


@pytest.mark.parametrize("picked,expected", [
    (1, 2.0), (np.int64(0), 1.0), ([[0], [1]], 3.0), (np.array([[0, 1], [1, 2]]), 3.0), ((2, 2), 0.0),
    ([0, 0, 1], 3.0), (range(3), 3.0), ([], 0.0),
])
def test_picked_may_be_a_scalar_or_any_shape_with_repeats(picked, expected):
    assert submodular.coverage(W3, picked) == expected


@pytest.mark.parametrize("picked,got", [([-1], "[-1]"), ([0, 3], "[0, 3]"), ([[3]], "[3]"), (-3, "[-3]")])
def test_picked_must_be_row_indices(picked, got):
    with pytest.raises(ValueError, match=r"^picked must hold row indices in 0\.\.2, got " + re.escape(got) + "$"):
        submodular.coverage(W3, picked)


def test_the_last_row_is_a_valid_pick():
    assert submodular.coverage(W3, [2]) == 0.0 and submodular.coverage(W3[:2], [1]) == 2.0


# --- submodular_pick and random_pick_coverage: budgets ---

@pytest.mark.parametrize("pick", [submodular.submodular_pick, submodular.random_pick_coverage])
@pytest.mark.parametrize("budget,error,message", [
    (0, ValueError, "budget must be at least 1, got 0"),
    (1.0, TypeError, "budget must be an integer, got 1.0"),
    (4, ValueError, r"budget must be at most the number of explanations \(3\), got 4"),
])
def test_budget_is_checked_with_its_name(pick, budget, error, message):
    with pytest.raises(error, match="^" + message + "$"):
        pick(W3, budget)


@pytest.mark.parametrize("num_draws,error,message", [
    (0, ValueError, "num_draws must be at least 1, got 0"),
    (2.5, TypeError, "num_draws must be an integer, got 2.5"),
])
def test_num_draws_is_checked_with_its_name(num_draws, error, message):
    with pytest.raises(error, match="^" + message + "$"):
        submodular.random_pick_coverage(W3, 1, num_draws=num_draws)


def test_a_budget_of_every_row_picks_each_once():
    assert sorted(submodular.submodular_pick(W3, 3)) == [0, 1, 2]
    W = np.eye(3)
    draws = submodular.random_pick_coverage(W, 3, num_draws=50, random_state=0)
    np.testing.assert_array_equal(draws, np.full(50, 3.0))  # without replacement: every draw covers all


def test_random_picks_draw_a_hundred_times_by_default():
    draws = submodular.random_pick_coverage(np.eye(4), 1, random_state=1)
    np.testing.assert_array_equal(draws, np.ones(100))  # one row of the identity covers one feature


def test_random_picks_are_numpys_choices_without_replacement():
    W = np.random.RandomState(2).normal(size=(6, 5))
    rng = np.random.RandomState(3)
    expected = [submodular.coverage(W, rng.choice(6, 2, replace=False)) for _ in range(7)]
    np.testing.assert_array_equal(submodular.random_pick_coverage(W, 2, num_draws=7, random_state=3), expected)
    np.testing.assert_array_equal(
        submodular.random_pick_coverage(W, 2, num_draws=7, random_state=np.random.RandomState(3)), expected)
