"""assert_no_calls, the hidden tests' check that an answer does the work itself."""

import numpy as np
import pytest

import lime_teach as lt
from lime_teach.autograde import assert_no_calls


def own_kernel(d, kernel_width):
    return np.sqrt(np.exp(-(d**2) / kernel_width**2))


def calls_the_package(d, kernel_width):
    return lt.kernel(d, kernel_width)


def calls_it_under_another_name(d, kernel_width):
    from lime_teach.kernels import kernel as k

    return k(d, kernel_width)


def calls_sklearn(masks):
    from sklearn.metrics import pairwise_distances

    return pairwise_distances(masks, np.ones((1, masks.shape[1])), metric="cosine").ravel()


def test_an_answer_that_does_the_work_passes_and_returns_its_result():
    d = np.linspace(0, 1, 5)
    np.testing.assert_allclose(assert_no_calls(own_kernel, d, 0.25), own_kernel(d, 0.25))


@pytest.mark.parametrize("answer", [calls_the_package, calls_it_under_another_name])
def test_an_answer_that_calls_the_package_fails(answer):
    with pytest.raises(AssertionError, match="lime_teach"):
        assert_no_calls(answer, np.linspace(0, 1, 5), 0.25)


def test_the_package_function_itself_as_the_answer_fails():
    with pytest.raises(AssertionError, match="own function"):
        assert_no_calls(lt.kernel, np.linspace(0, 1, 5), 0.25)


def test_an_answer_that_calls_sklearn_fails():
    with pytest.raises(AssertionError, match="sklearn"):
        assert_no_calls(calls_sklearn, np.ones((3, 4)))


def test_allowed_modules_may_be_called_with_their_own_helpers():
    # sample_masks calls lime_teach.validation: allowed, because the call comes from an allowed module.
    def uses_building_blocks(n):
        return lt.sample_masks(4, n, 0)

    masks = assert_no_calls(uses_building_blocks, 3, forbidden=("lime", "lime_teach"),
                            allowed=("lime_teach.perturbation",))
    assert masks.shape == (3, 4)


def test_the_profiler_is_restored_after_a_failure():
    import sys

    with pytest.raises(AssertionError):
        assert_no_calls(calls_the_package, np.zeros(2), 0.25)
    assert sys.getprofile() is None
