"""Distances and kernels (lime_teach.kernels, chapters 04 and 08) against scikit-learn, lime and the formulas."""

import itertools
import math

import numpy as np
import pytest
import sklearn.metrics
from lime import lime_image

import lime_teach as lt


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


# --- the Shapley kernel (chapter 08) ----------------------------------------------------------------

def all_coalitions(num_superpixels):
    """Every 0/1 row of num_superpixels columns, after a first all-ones row (the image, as lt.sample puts it)."""
    rows = np.array(list(itertools.product([0, 1], repeat=num_superpixels)), dtype=np.uint8)
    return np.vstack([np.ones((1, num_superpixels), np.uint8), rows])


def test_shapley_kernel_is_the_kernelshap_formula():
    masks = all_coalitions(6)
    weights = lt.shapley_kernel(masks)
    assert weights.shape == (len(masks),)
    for row, weight in zip(masks, weights):
        k = int(row.sum())
        if k in (0, 6):
            assert weight == lt.kernels.SHAPLEY_EDGE_WEIGHT
        else:
            assert weight == pytest.approx(5 / (math.comb(6, k) * k * (6 - k)), rel=1e-15)


def test_shapley_kernel_weighs_small_and_large_coalitions_most():
    """Unlike lime's kernel it is symmetric in k and K - k, and smallest for half-full rows."""
    masks = np.tril(np.ones((9, 8), np.uint8), -1)[1:]  # rows with 1..8 ones
    weights = lt.shapley_kernel(masks)
    np.testing.assert_allclose(weights[:7], weights[:7][::-1])
    assert weights[3] == weights[:7].min()


def pieces_and_interactions(masks):
    """A black box of 5 superpixels whose superpixels act alone and together."""
    m = masks.astype(float)
    return 0.1 + 0.3 * m[:, 0] - 0.2 * m[:, 1] + 0.5 * m[:, 2] * m[:, 3] + 0.4 * m[:, 1] * m[:, 3] * m[:, 4]


def exact_shapley_values(model, num_superpixels):
    """phi_i = sum over coalitions S without i of |S|! (K - |S| - 1)! / K! (f(S + i) - f(S))."""
    values = np.zeros(num_superpixels)
    for i in range(num_superpixels):
        others = [j for j in range(num_superpixels) if j != i]
        for size in range(num_superpixels):
            share = math.factorial(size) * math.factorial(num_superpixels - size - 1) / math.factorial(num_superpixels)
            for coalition in itertools.combinations(others, size):
                without = np.zeros((1, num_superpixels), np.uint8)
                without[0, list(coalition)] = 1
                with_i = without.copy()
                with_i[0, i] = 1
                values[i] += share * (model(with_i) - model(without))[0]
    return values


@pytest.mark.parametrize("model, expected", [
    (lambda m: m.astype(float) @ np.array([0.3, -0.2, 0.5, 0.0, 0.1]) + 0.2, [0.3, -0.2, 0.5, 0.0, 0.1]),
    (pieces_and_interactions, None),
], ids=["additive", "with interactions"])
def test_shapley_kernel_with_alpha_0_on_every_coalition_gives_the_shapley_values(model, expected):
    masks = all_coalitions(5)
    expected = exact_shapley_values(model, 5) if expected is None else np.array(expected)

    fit = lt.fit_surrogate(masks, model(masks), lt.shapley_kernel(masks), alpha=0.0, feature_selection="none")

    got = dict(fit.local_exp)
    np.testing.assert_allclose([got[i] for i in range(5)], expected, atol=1e-6)
    # The weights sum to f(image) - f(nothing): the edge weight pins both ends.
    assert sum(got.values()) == pytest.approx(model(masks[:1])[0] - model(np.zeros((1, 5), np.uint8))[0], abs=1e-6)


def test_lime_kernel_does_not_give_the_shapley_values_with_interactions():
    """The claim above can fail: another kernel on the same samples gives other weights."""
    masks = all_coalitions(5)
    fit = lt.fit_surrogate(masks, pieces_and_interactions(masks), lt.kernel(lt.cosine_distance(masks)), alpha=0.0,
                           feature_selection="none")
    got = dict(fit.local_exp)
    assert np.abs([got[i] for i in range(5)] - exact_shapley_values(pieces_and_interactions, 5)).max() > 0.05
