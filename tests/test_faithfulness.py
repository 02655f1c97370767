"""Deletion and insertion curves (RISE protocol) on a black box whose answer is known."""

import numpy as np
import pytest

from blackboxes import grid_segmentation
from lime_teach import PredictionCache, faithfulness

WATCHED = 6   # the one superpixel the black box looks at


@pytest.fixture(scope="module")
def image():
    return np.random.RandomState(0).randint(60, 256, (12, 12, 3)).astype(np.uint8)


@pytest.fixture(scope="module")
def segments(image):
    return grid_segmentation(4)(image)   # 16 superpixels of 3 x 3 pixels


class WatchesOneSuperpixel:
    """p(label 0) = mean brightness of one superpixel / 255; label 1 gets the rest."""

    def __init__(self, segments, superpixel=WATCHED):
        self.where = segments == superpixel
        self.calls = 0

    def __call__(self, images):
        self.calls += len(images)
        p = np.asarray(images, float)[:, self.where].mean(axis=(1, 2)) / 255
        return np.stack([p, 1 - p], axis=1)


def weights_ranking(superpixel, position, num=16):
    """Weights whose deletion order puts ``superpixel`` at ``position`` (0 = first)."""
    order = [s for s in range(num) if s != superpixel]
    order.insert(position, superpixel)
    return faithfulness.order_weights(order)


@pytest.mark.parametrize("position", [0, 3, 15])
def test_deletion_curve_drops_exactly_at_the_known_superpixel(image, segments, position):
    model = WatchesOneSuperpixel(segments)
    curve = faithfulness.deletion_curve(image, segments, weights_ranking(WATCHED, position), model, 0, hide_color=0)
    p = model(image[None])[0, 0]
    assert curve.shape == (17,)
    assert np.allclose(curve[:position + 1], p), "unchanged until the watched superpixel is hidden"
    assert np.allclose(curve[position + 1:], 0), "zero from the step that hides it"


@pytest.mark.parametrize("position", [0, 7])
def test_insertion_curve_rises_exactly_at_the_known_superpixel(image, segments, position):
    model = WatchesOneSuperpixel(segments)
    curve = faithfulness.insertion_curve(image, segments, weights_ranking(WATCHED, position), model, 0, hide_color=0)
    p = model(image[None])[0, 0]
    assert np.allclose(curve[:position + 1], 0) and np.allclose(curve[position + 1:], p)


def test_the_true_explanation_has_the_best_areas_and_random_orders_lie_between(image, segments):
    model = WatchesOneSuperpixel(segments)
    best, worst = weights_ranking(WATCHED, 0), weights_ranking(WATCHED, 15)
    p = model(image[None])[0, 0]
    deletion = faithfulness.auc(faithfulness.deletion_curve(image, segments, best, model, 0, hide_color=0))
    insertion = faithfulness.auc(faithfulness.insertion_curve(image, segments, best, model, 0, hide_color=0))
    assert deletion == pytest.approx(p / 2 / 16) and insertion == pytest.approx(p * (1 - 1 / 32))
    worst_deletion = faithfulness.auc(faithfulness.deletion_curve(image, segments, worst, model, 0, hide_color=0))
    for order in faithfulness.random_orders(16, 5, random_state=0):
        weights = faithfulness.order_weights(order)
        random_deletion = faithfulness.auc(faithfulness.deletion_curve(image, segments, weights, model, 0, 0))
        assert deletion <= random_deletion <= worst_deletion


def test_negative_weights_are_deleted_last(image, segments):
    weights = np.zeros(16)
    weights[WATCHED] = -1.0   # evidence against: the most positive come first
    order = faithfulness.deletion_order(weights)
    assert order[-1] == WATCHED and order[:3].tolist() == [0, 1, 2], "ties keep the lower superpixel first"


def test_curve_masks_start_from_the_image_for_deletion_and_from_nothing_for_insertion():
    deletion = faithfulness.curve_masks([2, 0, 1])
    assert deletion.tolist() == [[1, 1, 1], [1, 1, 0], [0, 1, 0], [0, 0, 0]]
    assert faithfulness.curve_masks([2, 0, 1], insertion=True).tolist() == (1 - deletion).tolist()


@pytest.mark.parametrize("curve,area", [([1, 1, 1], 1.0), ([1, 0], 0.5), ([1, 0.5, 0], 0.5),
                                        ([0, 1, 0], 0.5), ([1, 0, 0, 0, 0], 0.125)])
def test_auc_is_the_trapezoid_over_the_fraction_of_superpixels(curve, area):
    assert faithfulness.auc(curve) == pytest.approx(area)


def test_a_cache_predicts_the_image_and_the_all_hidden_image_once(image, segments):
    model, cache = WatchesOneSuperpixel(segments), PredictionCache()
    weights = weights_ranking(WATCHED, 0)
    faithfulness.deletion_curve(image, segments, weights, model, 0, hide_color=0, cache=cache)
    faithfulness.insertion_curve(image, segments, weights, model, 0, hide_color=0, cache=cache)
    assert model.calls == 17 + 15


def test_random_orders_are_permutations_and_reproducible():
    orders = faithfulness.random_orders(9, 4, random_state=3)
    assert orders.shape == (4, 9) and all(sorted(o) == list(range(9)) for o in orders)
    assert np.array_equal(orders, faithfulness.random_orders(9, 4, random_state=3))


def test_order_weights_give_back_the_order():
    order = np.random.RandomState(5).permutation(11)
    assert np.array_equal(faithfulness.deletion_order(faithfulness.order_weights(order)), order)


@pytest.mark.parametrize("kwargs,match", [
    ({"weights": np.ones(15)}, "weights"),
    ({"weights": np.full(16, np.nan)}, "weights"),
    ({"label": -1}, "label"),
    ({"label": 5}, "label"),
    ({"classifier_fn": "model"}, "classifier_fn"),
    ({"cache": {}}, "cache"),
    ({"hide_color": "grey"}, "hide_color"),
])
def test_bad_input_names_the_argument(image, segments, kwargs, match):
    arguments = {"image": image, "segments": segments, "weights": np.arange(16.0),
                 "classifier_fn": WatchesOneSuperpixel(segments), "label": 0, **kwargs}
    with pytest.raises((ValueError, TypeError), match=match):
        faithfulness.deletion_curve(**arguments)


@pytest.mark.parametrize("call,match", [
    (lambda: faithfulness.auc([0.5]), "curve"),
    (lambda: faithfulness.auc([[0.5, 1]]), "curve"),
    (lambda: faithfulness.curve_masks([0, 0, 1]), "order"),
    (lambda: faithfulness.random_orders(0), "num_superpixels"),
])
def test_bad_input_to_the_helpers_names_the_argument(call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call()
