"""Edge cases of lime_teach.metrics: ties, the smallest inputs, exact messages, the explanation-level measures."""

import numpy as np
import pytest
from scipy import stats

from lime_teach import metrics


class FakeExplanation:
    """What the measures read of an Explanation: local_exp and heatmap by label, segments, samples.masks."""

    def __init__(self, local_exp=None, heatmaps=None, num_superpixels=4):
        self.local_exp = local_exp or {}
        self.heatmaps = {label: np.asarray(h, dtype=float) for label, h in (heatmaps or {}).items()}
        shape = next(iter(self.heatmaps.values())).shape if self.heatmaps else (2, 2)
        self.segments = np.zeros(shape, dtype=int)
        self.samples = type("Samples", (), {"masks": np.ones((3, num_superpixels), dtype=np.uint8)})()

    def heatmap(self, label):
        return self.heatmaps[label]


# --- top_k_superpixels, jaccard, top_k_overlap ---

LOCAL_EXP = [(3, 0.1), (1, -0.9), (2, 0.5), (0, 0.5), (4, -0.05)]


@pytest.mark.parametrize("k,expected", [(1, {1}), (2, {1, 2}), (3, {0, 1, 2}), (4, {0, 1, 2, 3}),
                                        (10, {0, 1, 2, 3, 4})])
def test_top_k_superpixels_ranks_by_absolute_weight_and_ties_keep_local_exp_order(k, expected):
    """|-0.9| first; 2 and 0 tie at 0.5: 2 comes first in local_exp, so k=2 takes 2, not 0."""
    chosen = metrics.top_k_superpixels(LOCAL_EXP, k)
    assert chosen == expected
    assert all(type(feature) is int for feature in chosen)


def test_top_k_superpixels_reads_numpy_pairs_as_python_ints():
    local_exp = [(np.int64(5), np.float64(-2.0)), (np.int64(7), np.float64(1.0))]
    assert metrics.top_k_superpixels(local_exp, 1) == {5}
    assert [type(f) for f in metrics.top_k_superpixels(local_exp, 2)] == [int, int]


@pytest.mark.parametrize("a,b,expected", [
    (set(), set(), 1.0),          # two empty sets agree
    ([], [], 1.0),
    ({1, 2}, {2, 3}, 1 / 3),
    ({1, 2}, {3, 4}, 0.0),
    ([1, 1, 2], [2], 0.5),        # lists are read as sets
    ({1}, set(), 0.0),
])
def test_jaccard_known_answers(a, b, expected):
    assert metrics.jaccard(a, b) == pytest.approx(expected)


# Superpixels 0..9 of label 1: a ranks them 0, 1, ..., 9 (signs alternate), b ranks them 0 1 2 7 8 3 4 5 6 9.
EXP_A = FakeExplanation({1: [(i, (-1) ** i * (10 - i)) for i in range(10)], 0: [(9, 1.0), (8, 0.5)]})
EXP_B = FakeExplanation({1: [(f, 10.0 - r) for r, f in enumerate([0, 1, 2, 7, 8, 3, 4, 5, 6, 9])],
                         0: [(9, -2.0), (7, 0.1)]})


def test_top_k_overlap_default_k_is_5():
    # top-5 {0..4} and {0, 1, 2, 7, 8}: 3 of 5 shared (top-6 would share 4 of 6)
    assert metrics.top_k_overlap(EXP_A, EXP_B, 1) == pytest.approx(0.6)


@pytest.mark.parametrize("label,k,expected", [(1, 1, 1.0), (1, 3, 1.0), (1, 6, 4 / 6), (1, 10, 1.0),
                                              (0, 1, 1.0), (0, 2, 0.5)])
def test_top_k_overlap_is_the_shared_share_of_k(label, k, expected):
    assert metrics.top_k_overlap(EXP_A, EXP_B, label, k=k) == pytest.approx(expected)


@pytest.mark.parametrize("k,error,message", [
    (0, ValueError, "k must be at least 1, got 0"),
    (None, TypeError, "k must be an integer, got None"),
    (2.0, TypeError, "k must be an integer, got 2.0"),
])
def test_top_k_overlap_refuses_a_bad_k_by_name(k, error, message):
    with pytest.raises(error) as raised:
        metrics.top_k_overlap(EXP_A, EXP_B, 1, k=k)
    assert str(raised.value) == message


# --- rank_correlation ---

@pytest.mark.parametrize("a,b", [
    ([1, 1, 2, 3, 3, 3], [2, 1, 4, 3, 6, 5]),   # ties in a share the mean of their ranks
    ([0, 0, 1, 1], [0, 1, 2, 3]),               # tied ranks 1.5, 1.5, 3.5, 3.5: standard deviation exactly 1
    ([0, 1, 2, 3], [0, 0, 1, 1]),
    ([5.0, -1.0, 2.5, 2.5, 7.0], [1.0, 2.0, 2.0, 3.0, 0.0]),
])
def test_rank_correlation_matches_scipy_spearman_with_ties(a, b):
    assert metrics.rank_correlation(a, b) == pytest.approx(stats.spearmanr(a, b).statistic, abs=1e-12)


def test_rank_correlation_of_two_values_is_plus_or_minus_1():
    assert metrics.rank_correlation([1, 2], [3, 5]) == pytest.approx(1.0)
    assert metrics.rank_correlation(np.array([1.0, 2.0]), np.array([5.0, 3.0])) == pytest.approx(-1.0)


def test_rank_correlation_ravels_its_inputs():
    assert metrics.rank_correlation([[1, 2], [3, 4]], [4, 3, 2, 1]) == pytest.approx(-1.0)


@pytest.mark.parametrize("a,b", [([3, 3, 3], [1, 2, 3]), ([1, 2, 3], [3, 3, 3]), ([2, 2], [2, 2])])
def test_rank_correlation_with_a_constant_vector_is_0(a, b):
    assert metrics.rank_correlation(a, b) == 0.0


@pytest.mark.parametrize("a,b,shapes", [
    ([1.0], [2.0], "(1,) and (1,)"),
    ([], [], "(0,) and (0,)"),
    ([1, 2, 3], [1, 2], "(3,) and (2,)"),
    ([1], [1, 2], "(1,) and (2,)"),
])
def test_rank_correlation_refuses_vectors_of_different_or_too_small_lengths(a, b, shapes):
    with pytest.raises(ValueError) as raised:
        metrics.rank_correlation(a, b)
    assert str(raised.value) == f"a and b must be vectors of the same length (at least 2), got shapes {shapes}"


@pytest.mark.parametrize("a,b", [([1j, 2.0, 3.0], [1.0, 2.0, 3.0]), ([1.0, 2.0, 3.0], [1.0, 2.0 + 1j, 3.0])])
def test_rank_correlation_refuses_complex_values_instead_of_dropping_their_imaginary_part(a, b):
    """Weights are real: complex numbers have no order to rank by."""
    with pytest.raises(TypeError, match="complex"):
        metrics.rank_correlation(a, b)


@pytest.mark.filterwarnings("ignore:Mean of empty slice", "ignore:invalid value encountered")
@pytest.mark.parametrize("bad", [np.nan, np.inf, -np.inf])
def test_rank_correlation_refuses_nan(bad):
    """A NaN is never tied (it equals nothing) and would be ranked as the largest: a number would come out."""
    for a, b in (([bad, 1.0, 2.0], [1.0, 2.0, 3.0]), ([1.0, 2.0, 3.0], [1.0, bad, 2.0])):
        with pytest.raises(ValueError, match=r"^a and b must be finite, got NaN or infinite weights$"):
            metrics.rank_correlation(a, b)


# --- heatmap_correlation ---

HEATMAP_A = FakeExplanation(heatmaps={1: [[1, 2], [3, 4]], 0: [[0, 1], [0, 1]]})
HEATMAP_B = FakeExplanation(heatmaps={1: [[2, 1], [4, 3]], 0: [[1, 0], [1, 0]]})


def test_heatmap_correlation_is_the_pixelwise_pearson_correlation_of_the_label():
    # (1, 2, 3, 4) against (2, 1, 4, 3): covariance 0.75 over variance 1.25
    assert metrics.heatmap_correlation(HEATMAP_A, HEATMAP_B, 1) == pytest.approx(0.6)
    assert metrics.heatmap_correlation(HEATMAP_A, HEATMAP_B, 0) == pytest.approx(-1.0)
    assert metrics.heatmap_correlation(HEATMAP_A, HEATMAP_A, 1) == pytest.approx(1.0)


def test_heatmap_correlation_with_a_constant_heatmap_is_0():
    flat = FakeExplanation(heatmaps={1: [[0.5, 0.5], [0.5, 0.5]]})
    assert metrics.heatmap_correlation(flat, HEATMAP_B, 1) == 0.0
    assert metrics.heatmap_correlation(HEATMAP_A, flat, 1) == 0.0
    assert metrics.heatmap_correlation(flat, flat, 1) == 0.0


def test_heatmap_correlation_refuses_images_of_different_sizes():
    taller = FakeExplanation(heatmaps={1: np.arange(6).reshape(3, 2)})
    with pytest.raises(ValueError) as raised:
        metrics.heatmap_correlation(HEATMAP_A, taller, 1)
    assert str(raised.value) == "the explanations cover images of different sizes: (2, 2) and (3, 2)"


# --- superpixel_weights, explanation_weights ---

def test_superpixel_weights_accepts_the_last_superpixel_and_numpy_ints():
    weights = metrics.superpixel_weights([(np.int64(3), 0.5), (0, -1.0)], 4)
    assert weights.tolist() == [-1.0, 0.0, 0.0, 0.5]
    assert metrics.superpixel_weights([], 2).tolist() == [0.0, 0.0]


@pytest.mark.parametrize("feature", [4, 5, -1])
def test_superpixel_weights_refuses_a_superpixel_outside_0_to_k_minus_1(feature):
    with pytest.raises(ValueError) as raised:
        metrics.superpixel_weights([(0, 1.0), (feature, 1.0)], 4)
    assert str(raised.value) == f"local_exp names superpixel {feature}, outside 0..3"


@pytest.mark.parametrize("num_superpixels,error,message", [
    (0, ValueError, "num_superpixels must be at least 1, got 0"),
    (4.0, TypeError, "num_superpixels must be an integer, got 4.0"),
])
def test_superpixel_weights_refuses_a_bad_count_by_name(num_superpixels, error, message):
    with pytest.raises(error) as raised:
        metrics.superpixel_weights([(0, 1.0)], num_superpixels)
    assert str(raised.value) == message


def test_explanation_weights_spreads_the_labels_local_exp_over_every_superpixel():
    exp = FakeExplanation({1: [(2, -0.3), (0, 0.5)], 0: [(3, 1.0)]}, num_superpixels=5)
    assert metrics.explanation_weights(exp, 1).tolist() == [0.5, 0.0, -0.3, 0.0, 0.0]
    assert metrics.explanation_weights(exp, 0).tolist() == [0.0, 0.0, 0.0, 1.0, 0.0]
