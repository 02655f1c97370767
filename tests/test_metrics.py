"""The trust measures of chapter 08 on toy cases with known answers: stability, local fidelity."""

import numpy as np
import pytest

import lime_teach as lt
from lime_teach import metrics, stability


def test_jaccard_of_identical_explanations_is_1():
    weights = np.random.RandomState(0).normal(size=(4, 20))
    same = np.repeat(weights[:1], 4, axis=0)
    sets = stability.top_k_sets(same, k=5)
    assert stability.pairwise_jaccard(sets).tolist() == [1.0] * 6
    assert stability.jaccard_interval(sets, random_state=0) == (1.0, 1.0, 1.0)


def test_jaccard_of_disjoint_top_k_is_0():
    sets = [{0, 1, 2}, {3, 4, 5}, {6, 7, 8}]
    assert stability.jaccard_interval(sets, random_state=0) == (0.0, 0.0, 0.0)


def test_pairwise_jaccard_lists_pairs_i_before_j():
    sets = [{0, 1}, {1, 2}, {0, 1}]
    # (0, 1): 1/3; (0, 2): 1; (1, 2): 1/3
    assert np.allclose(stability.pairwise_jaccard(sets), [1 / 3, 1.0, 1 / 3])


def test_top_k_sets_rank_by_absolute_weight_ties_to_the_lower_superpixel():
    weights = np.array([[0.1, -0.9, 0.5, 0.5, 0.0]])
    assert stability.top_k_sets(weights, 2) == [{1, 2}]
    assert stability.top_k_sets(weights, 3) == [{1, 2, 3}]


def test_bootstrap_interval_contains_the_mean_and_narrows_with_more_runs():
    rng = np.random.RandomState(1)
    few = stability.top_k_sets(rng.normal(size=(4, 12)) + np.linspace(3, 0, 12), 4)
    many = stability.top_k_sets(rng.normal(size=(40, 12)) + np.linspace(3, 0, 12), 4)
    mean, low, high = stability.jaccard_interval(few, random_state=0)
    assert low <= mean <= high
    mean2, low2, high2 = stability.jaccard_interval(many, random_state=0)
    assert low2 <= mean2 <= high2
    assert high2 - low2 < high - low


def test_bootstrap_interval_is_reproducible_under_a_seed():
    sets = stability.top_k_sets(np.random.RandomState(2).normal(size=(6, 10)), 3)
    assert stability.jaccard_interval(sets, random_state=5) == stability.jaccard_interval(sets, random_state=5)


def test_random_jaccard_matches_the_hypergeometric_by_hand():
    # K = 4, k = 2: overlap 0 (p 1/6, J 0), 1 (p 4/6, J 1/3), 2 (p 1/6, J 1)
    assert stability.random_jaccard(4, 2) == pytest.approx(4 / 6 / 3 + 1 / 6)
    assert stability.random_jaccard(10, 10) == pytest.approx(1.0)


def test_random_jaccard_matches_simulated_random_top_k():
    rng = np.random.RandomState(3)
    sets = [set(rng.permutation(30)[:5].tolist()) for _ in range(400)]
    assert stability.pairwise_jaccard(sets).mean() == pytest.approx(stability.random_jaccard(30, 5), abs=0.01)


@pytest.mark.parametrize("lower,expected", [
    ([0.5, 0.85, 0.9, 0.95], 200),   # first reaches and stays
    ([0.9, 0.7, 0.85, 0.9], 300),    # reaches at 100, drops at 200: counts from 300
    ([0.9, 0.9, 0.9, 0.7], None),    # falls at the end: no count is enough
    ([0.8, 0.8, 0.8, 0.8], 100),     # on the threshold counts (>=)
])
def test_samples_needed_is_the_count_from_which_the_bound_stays_above(lower, expected):
    assert stability.samples_needed([100, 200, 300, 400], lower, threshold=0.8) == expected


def test_superpixel_weights_places_each_weight_and_zero_for_the_rest():
    assert metrics.superpixel_weights([(2, 0.5), (0, -0.25)], 4).tolist() == [-0.25, 0.0, 0.5, 0.0]


def test_rank_correlation_of_a_monotone_transform_is_1():
    a = np.random.RandomState(4).normal(size=30)
    assert metrics.rank_correlation(a, np.exp(a)) == pytest.approx(1.0)
    assert metrics.rank_correlation(a, -a) == pytest.approx(-1.0)


def test_local_fidelity_reads_the_surrogate_and_the_models_first_sample():
    class Fake:
        samples = type("S", (), {"predictions": np.array([[0.2, 0.8], [0.5, 0.5]])})()
        score, local_pred = {1: 0.6}, {1: 0.7}

    fidelity = metrics.local_fidelity(Fake(), 1)
    assert fidelity == pytest.approx({"score": 0.6, "local_pred": 0.7, "probability": 0.8, "gap": -0.1})


@pytest.mark.parametrize("call,match", [
    (lambda: stability.top_k_sets(np.ones(5), 2), "weights"),
    (lambda: stability.top_k_sets(np.ones((2, 5)), 0), "k"),
    (lambda: stability.pairwise_jaccard([{1}]), "top_sets"),
    (lambda: stability.jaccard_interval([{1}, {2}], confidence=1.5), "confidence"),
    (lambda: stability.jaccard_interval([{1}, {2}], num_resamples=0), "num_resamples"),
    (lambda: stability.random_jaccard(3, 5), "k"),
    (lambda: stability.samples_needed([200, 100], [0.9, 0.9]), "num_samples"),
    (lambda: stability.samples_needed([100, 200], [0.9]), "lower"),
    (lambda: metrics.superpixel_weights([(7, 1.0)], 4), "local_exp"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()


def test_stability_is_exported_from_the_package():
    assert lt.stability.jaccard_interval is stability.jaccard_interval
