"""A model linear in the pixels: LIME recovers each superpixel's exact contribution; KernelSHAP's weights."""

import math

import numpy as np
import pytest

import lime_teach as lt
from blackboxes import grid_segmentation
from lime_teach import linear_pixels


@pytest.fixture(scope="module")
def image():
    return np.random.RandomState(0).randint(0, 256, (12, 12, 3)).astype(np.uint8)


@pytest.fixture(scope="module")
def segments(image):
    return grid_segmentation(3)(image)   # 9 superpixels: 512 masks


@pytest.fixture(scope="module")
def model(image):
    return linear_pixels.LinearPixelModel(np.random.RandomState(1).normal(size=image.shape) / 100, bias=0.3)


def every_mask_samples(image, segments, model, hide_color):
    masks = linear_pixels.all_masks(lt.num_superpixels(segments))
    return lt.Samples(image=image, segments=segments, masks=masks,
                      predictions=model(lt.perturb(image, segments, masks, hide_color)), hide_color=hide_color)


@pytest.mark.parametrize("hide_color", [None, 0, (255, 128, 0)])
def test_lime_without_penalty_recovers_each_superpixels_exact_contribution(image, segments, model, hide_color):
    samples = every_mask_samples(image, segments, model, hide_color)
    exp = lt.fit(samples, [0], alpha=0)
    exact = linear_pixels.exact_contributions(model, image, segments, hide_color)
    got = lt.metrics.superpixel_weights(exp.local_exp[0], len(exact))
    assert np.allclose(got, exact, rtol=0, atol=1e-6)
    fill = lt.perturbation.replacement_image(image, segments, hide_color)
    assert exp.intercept[0] == pytest.approx(model(fill[None])[0, 0], abs=1e-6), "the intercept is f(replacement)"
    assert exp.score[0] == pytest.approx(1.0), "a linear model is fitted perfectly"


def test_lime_samples_are_enough_when_they_pin_every_coefficient(image, segments, model):
    samples = lt.sample(image, model, segments, num_samples=60, random_state=0, progress=False)
    got = lt.metrics.superpixel_weights(lt.fit(samples, [0], alpha=0).local_exp[0], 9)
    assert np.allclose(got, linear_pixels.exact_contributions(model, image, segments), atol=1e-6)


def test_lime_s_ridge_penalty_shrinks_the_contributions(image, segments, model):
    samples = every_mask_samples(image, segments, model, None)
    exact = linear_pixels.exact_contributions(model, image, segments)
    got = lt.metrics.superpixel_weights(lt.fit(samples, [0], alpha=1.0).local_exp[0], 9)
    assert np.all(np.abs(got) < np.abs(exact)), "alpha=1 pulls every weight towards 0"
    assert np.abs(got - exact).max() > 1e-4


def test_all_masks_lists_every_mask_once_image_first():
    masks = linear_pixels.all_masks(4)
    assert masks.shape == (16, 4) and masks.dtype == np.uint8
    assert masks[0].tolist() == [1, 1, 1, 1] and masks[-1].tolist() == [0, 0, 0, 0]
    assert len({tuple(row) for row in masks}) == 16


def test_shapley_kernel_weights_follow_the_formula_and_pin_the_edges():
    masks = linear_pixels.all_masks(4)
    weights = lt.shapley_kernel(masks)
    kept = masks.sum(axis=1)
    for k, expected in [(1, 3 / (4 * 1 * 3)), (2, 3 / (6 * 2 * 2)), (3, 3 / (4 * 3 * 1))]:
        assert np.allclose(weights[kept == k], expected)
    assert weights[kept == 4].min() > 1e4 * weights[(kept > 0) & (kept < 4)].max()
    assert weights[kept == 0].min() > 1e4 * weights[(kept > 0) & (kept < 4)].max()
    assert math.isclose(weights[kept == 1][0], weights[kept == 3][0]), "symmetric in k and K - k"


def test_kernel_shap_on_every_mask_gives_the_shapley_values_of_an_interaction():
    # f(z) = z0 * z1 (a pure interaction) + 0.5 z2: Shapley values 0.5, 0.5, 0.5.
    masks = linear_pixels.all_masks(3)
    y = masks[:, 0] * masks[:, 1] + 0.5 * masks[:, 2]
    image = np.zeros((3, 3, 3), np.uint8)
    segments = np.repeat(np.arange(3)[None], 3, axis=0)
    samples = lt.Samples(image=image, segments=segments, masks=masks, predictions=y[:, None].astype(float),
                         hide_color=None)
    exp = lt.fit(samples, [0], kernel="shapley", alpha=0)
    assert np.allclose(lt.metrics.superpixel_weights(exp.local_exp[0], 3), [0.5, 0.5, 0.5], atol=1e-5)
    lime = lt.fit(samples, [0], alpha=0)
    assert not np.allclose(lt.metrics.superpixel_weights(lime.local_exp[0], 3), [0.5, 0.5, 0.5], atol=1e-3), \
        "lime's kernel gives the interaction another share"


@pytest.mark.parametrize("call,match", [
    (lambda: linear_pixels.all_masks(17), "num_superpixels"),
    (lambda: linear_pixels.LinearPixelModel(np.ones((4, 4))), "pixel_weights"),
    (lambda: linear_pixels.LinearPixelModel(np.ones((4, 4, 3)))(np.ones((2, 5, 4, 3))), "images"),
    (lambda: linear_pixels.exact_contributions("model", np.zeros((4, 4, 3)), np.zeros((4, 4), int)), "model"),
])
def test_bad_input_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
