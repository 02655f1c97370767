"""Edge cases of lime_teach.stability: ties, the fewest runs, exact messages, the bootstrap's known answers."""

import numpy as np
import pytest

from lime_teach import metrics, stability

# 100 weights, |w| in {0.5, 0.1}: a long row where a sort that is not stable reorders the ties.
TIED_ROW = np.random.RandomState(0).choice([0.5, -0.5, 0.1], size=100)


@pytest.mark.parametrize("k", [1, 7, 10, 20])
def test_top_k_sets_break_ties_towards_the_lower_superpixel_in_long_rows(k):
    expected = set(np.flatnonzero(np.abs(TIED_ROW) == 0.5)[:k].tolist())
    assert stability.top_k_sets(TIED_ROW[None, :], k) == [expected]


def test_top_k_sets_read_lists_one_set_per_run():
    assert stability.top_k_sets([[0.0, 2.0, -3.0], [1.0, 1.0, 1.0]], 2) == [{1, 2}, {0, 1}]


@pytest.mark.parametrize("weights,k,error,message", [
    (np.ones(5), 2, ValueError, "weights must be a finite (num_samples, num_features) array, got shape (5,)"),
    ([[1.0, np.nan]], 1, ValueError, "weights must be a finite (num_samples, num_features) array, got shape (1, 2)"),
    (np.ones((2, 5)), 0, ValueError, "k must be at least 1, got 0"),
    (np.ones((2, 5)), 1.5, TypeError, "k must be an integer, got 1.5"),
])
def test_top_k_sets_refuse_bad_input_by_name(weights, k, error, message):
    with pytest.raises(error) as raised:
        stability.top_k_sets(weights, k)
    assert str(raised.value) == message


def test_pairwise_jaccard_of_two_runs_is_their_one_pair():
    assert stability.pairwise_jaccard([{0, 1}, {1, 2}]).tolist() == pytest.approx([1 / 3])
    assert stability.pairwise_jaccard([[0, 1], [0, 1]]).tolist() == [1.0]


@pytest.mark.parametrize("function", [stability.pairwise_jaccard, stability.jaccard_interval])
@pytest.mark.parametrize("top_sets,runs", [([{1}], 1), ([], 0)])
def test_fewer_than_2_runs_are_refused(function, top_sets, runs):
    with pytest.raises(ValueError) as raised:
        function(top_sets)
    assert str(raised.value) == f"top_sets must hold at least 2 runs to compare, got {runs}"


def test_jaccard_interval_of_two_runs_is_their_one_jaccard():
    """Every resample that draws both runs compares that one pair; those drawing one run twice are skipped."""
    assert stability.jaccard_interval([{0}, {0, 1}], random_state=0) == (0.5, 0.5, 0.5)


def test_jaccard_interval_known_answer_with_three_runs():
    """Runs {0}, {1}, {0, 1}: J01 = 0, J02 = J12 = 1/2, mean 1/3. A resample of 3 runs holds all three
    (probability 6/27: mean 1/3) or two of them (6/27 each: that pair's J) or one (skipped). So the
    resampled means are 0, 1/3, 1/2, 1/2 with probability 1/4 each; at confidence 0.4 the interval runs
    from the 30% quantile (1/3) to the 70% quantile (1/2)."""
    mean, low, high = stability.jaccard_interval([{0}, {1}, {0, 1}], confidence=0.4, num_resamples=4000,
                                                 random_state=0)
    assert (mean, low, high) == pytest.approx((1 / 3, 1 / 3, 1 / 2))


def reference_interval(top_sets, confidence, num_resamples, seed):
    """The percentile bootstrap over runs as jaccard_interval's docstring describes it."""
    rng = np.random.RandomState(seed)
    runs = len(top_sets)
    pairs = [(i, j) for i in range(runs) for j in range(i + 1, runs)]
    mean = np.mean([metrics.jaccard(top_sets[i], top_sets[j]) for i, j in pairs])
    means = []
    for _ in range(num_resamples):
        draw = rng.randint(0, runs, runs)
        values = [metrics.jaccard(top_sets[draw[i]], top_sets[draw[j]])
                  for i in range(runs) for j in range(runs) if draw[i] != draw[j]]
        if values:
            means.append(np.mean(values))
    low, high = np.percentile(means, [50 * (1 - confidence), 50 * (1 + confidence)])
    return mean, low, high


def test_jaccard_interval_defaults_are_a_95_percent_interval_from_2000_resamples():
    sets = stability.top_k_sets(np.random.RandomState(0).normal(size=(12, 10)), 3)
    result = stability.jaccard_interval(sets, random_state=0)
    assert result == pytest.approx(reference_interval(sets, 0.95, 2000, seed=0), rel=1e-12)
    assert result == stability.jaccard_interval(sets, confidence=0.95, num_resamples=2000, random_state=0)


def test_jaccard_interval_matches_the_reference_bootstrap_at_other_settings():
    sets = stability.top_k_sets(np.random.RandomState(1).normal(size=(5, 8)), 2)
    result = stability.jaccard_interval(sets, confidence=0.5, num_resamples=300, random_state=7)
    assert result == pytest.approx(reference_interval(sets, 0.5, 300, seed=7), rel=1e-12)


@pytest.mark.parametrize("num_resamples,error,message", [
    (0, ValueError, "num_resamples must be at least 1, got 0"),
    (10.0, TypeError, "num_resamples must be an integer, got 10.0"),
])
def test_jaccard_interval_refuses_a_bad_num_resamples_by_name(num_resamples, error, message):
    with pytest.raises(error) as raised:
        stability.jaccard_interval([{1}, {2}], num_resamples=num_resamples)
    assert str(raised.value) == message


def test_random_jaccard_of_a_single_superpixel_is_1():
    assert stability.random_jaccard(1, 1) == pytest.approx(1.0)
    # K = 3, k = 1: the two picks agree with probability 1/3
    assert stability.random_jaccard(3, 1) == pytest.approx(1 / 3)


@pytest.mark.parametrize("num_superpixels,k,error,message", [
    (0, 1, ValueError, "num_superpixels must be at least 1, got 0"),
    (3.0, 1, TypeError, "num_superpixels must be an integer, got 3.0"),
    (3, 0, ValueError, "k must be at least 1, got 0"),
    (3, None, TypeError, "k must be an integer, got None"),
    (3, 4, ValueError, "k must be at most num_superpixels (3), got 4"),
])
def test_random_jaccard_refuses_bad_input_by_name(num_superpixels, k, error, message):
    with pytest.raises(error) as raised:
        stability.random_jaccard(num_superpixels, k)
    assert str(raised.value) == message


def test_samples_needed_default_threshold_is_0_8():
    assert stability.samples_needed([100, 200, 300], [0.79, 0.8, 0.81]) == 200
    assert stability.samples_needed([100, 200, 300], [0.9, 0.95, 0.79]) is None


@pytest.mark.parametrize("num_samples,lower,expected", [
    ([100], [0.9], 100),                  # a single count
    ([100], [0.1], None),
    ([1, 2, 3], [0.5, 0.9, 0.9], 2),      # counts one apart are increasing
    (np.array([10, 20]), np.array([0.95, 0.99]), 10),
])
def test_samples_needed_at_the_smallest_inputs(num_samples, lower, expected):
    assert stability.samples_needed(num_samples, lower, threshold=0.8) == expected


@pytest.mark.parametrize("num_samples,lower,message", [
    ([], [], "num_samples and lower must be 1-D of the same length, got shapes (0,) and (0,)"),
    ([100, 200], [0.9], "num_samples and lower must be 1-D of the same length, got shapes (2,) and (1,)"),
    ([[100, 200]], [[0.9, 0.9]], "num_samples and lower must be 1-D of the same length, got shapes (1, 2) and (1, 2)"),
    ([100, 100], [0.9, 0.9], "num_samples must be increasing, got [100, 100]"),
    ([100, 300, 200], [0.9, 0.9, 0.9], "num_samples must be increasing, got [100, 300, 200]"),
])
def test_samples_needed_refuses_bad_input(num_samples, lower, message):
    with pytest.raises(ValueError) as raised:
        stability.samples_needed(num_samples, lower)
    assert str(raised.value) == message


def test_samples_needed_refuses_complex_bounds():
    """Bounds are real: a complex one is refused, not compared by numpy's order of complex numbers."""
    with pytest.raises(TypeError, match="complex"):
        stability.samples_needed([100, 200], [0.9 + 0j, 0.9])


@pytest.mark.parametrize("bad", [np.nan, np.inf])
def test_samples_needed_refuses_a_bound_that_is_not_finite(bad):
    """NaN < threshold is False: a NaN lower bound would count as reaching the threshold."""
    with pytest.raises(ValueError, match=r"^lower must be finite, got NaN or infinite bounds$"):
        stability.samples_needed([100, 200], [0.9, bad])
