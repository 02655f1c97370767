"""SP-LIME's greedy pick, on explanation matrices whose best pick is known."""

import itertools

import numpy as np
import pytest

from lime_teach import submodular

# Rows 0 and 1 each cover two features; row 2 covers the three most important ones alone.
W_KNOWN = np.array([
    [4.0, 0.0, 0.0, 0.0],
    [0.0, 0.0, 0.0, 1.0],
    [0.0, 1.0, 1.0, 0.0],
    [0.0, 1.0, 1.0, 1.0],
])


def test_importance_is_the_root_of_the_column_sums_of_absolute_weights():
    W = np.array([[1.0, -4.0, 0.0], [3.0, 5.0, 0.0]])
    assert np.allclose(submodular.feature_importance(W), [2.0, 3.0, 0.0])


def test_coverage_counts_only_positive_weights():
    W = np.array([[1.0, -4.0], [0.0, 5.0]])   # importances 1 and 3
    assert submodular.coverage(W, [0]) == pytest.approx(1.0)
    assert submodular.coverage(W, [1]) == pytest.approx(3.0)
    assert submodular.coverage(W, []) == 0.0


def test_greedy_pick_finds_the_known_best_pair():
    # importances: 2, sqrt 2, sqrt 2, sqrt 2; row 0 covers 2, row 3 covers 3 sqrt 2 ~ 4.24.
    assert submodular.submodular_pick(W_KNOWN, 2) == [3, 0]
    best = max(itertools.combinations(range(4), 2), key=lambda pair: submodular.coverage(W_KNOWN, pair))
    assert set(best) == {0, 3}


def test_ties_go_to_the_lowest_index():
    W = np.eye(3)   # every row gains the same
    assert submodular.submodular_pick(W, 3) == [0, 1, 2]
    W = np.array([[0.0, 1.0], [0.0, 1.0], [1.0, 0.0]])
    assert submodular.submodular_pick(W, 2) == [0, 2]


def test_picks_continue_with_the_lowest_rows_once_everything_is_covered():
    W = np.array([[0.0, 0.0], [1.0, 1.0], [0.0, 0.0], [1.0, 0.0]])
    assert submodular.submodular_pick(W, 4) == [1, 0, 2, 3]


def test_coverage_of_the_greedy_pick_grows_and_gains_shrink():
    W = np.random.RandomState(3).normal(size=(30, 40)) * (np.random.RandomState(4).rand(30, 40) < 0.2)
    picked = submodular.submodular_pick(W, 30)
    curve = [submodular.coverage(W, picked[:b]) for b in range(31)]
    assert np.all(np.diff(curve) >= 0)
    assert np.all(np.diff(np.diff(curve)) <= 1e-12)   # submodular: diminishing gains along the greedy path


def test_greedy_is_within_one_minus_one_over_e_of_the_best_pick():
    rng = np.random.RandomState(7)
    for _ in range(20):
        W = rng.normal(size=(8, 6)) * (rng.rand(8, 6) < 0.3)
        best = max(submodular.coverage(W, pair) for pair in itertools.combinations(range(8), 3))
        assert submodular.coverage(W, submodular.submodular_pick(W, 3)) >= (1 - 1 / np.e) * best - 1e-12


def test_explanation_matrix_puts_each_weight_in_its_column():
    class Fake:
        masks = np.ones((3, 4))
        local_exp = {1: [(2, 0.5), (0, -0.25)], 0: [(3, 9.0)]}

    W = submodular.explanation_matrix([Fake(), Fake()], [1, 0])
    assert np.array_equal(W, [[-0.25, 0, 0.5, 0], [0, 0, 0, 9.0]])


def test_random_pick_coverage_is_seeded():
    W = np.random.RandomState(0).normal(size=(10, 5))
    a = submodular.random_pick_coverage(W, 3, num_draws=20, random_state=5)
    assert a.shape == (20,) and np.array_equal(a, submodular.random_pick_coverage(W, 3, num_draws=20, random_state=5))
    assert a.max() <= submodular.coverage(W, range(10)) + 1e-12


@pytest.mark.parametrize("W,budget,error", [
    (np.ones((3, 2)), 4, ValueError),
    (np.ones((3, 2)), 0, ValueError),
    (np.ones(3), 1, ValueError),
    (np.array([[np.nan, 1.0]]), 1, ValueError),
    (np.array([["a", "b"]]), 1, TypeError),
])
def test_bad_input_names_the_argument(W, budget, error):
    with pytest.raises(error, match="W|budget"):
        submodular.submodular_pick(W, budget)
