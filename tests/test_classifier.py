"""The black box's contract (lime_teach.classifier), on a tiny torch model through TorchClassifier."""

import numpy as np
import pytest
import torch
from scipy.special import softmax

from lime_teach import classifier, torch_classifier


class MeanColour(torch.nn.Module):
    """(n, 3, h, w) -> (n, 3) logits: each channel's mean. Remembers the input shapes it saw."""

    def __init__(self):
        super().__init__()
        self.shapes = []

    def forward(self, x):
        self.shapes.append(tuple(x.shape))
        return x.mean(dim=(2, 3))


def scale_to_unit(x):
    return x / 255.0


@pytest.fixture
def colour_clf():
    return torch_classifier.TorchClassifier(MeanColour(), input_size=(8, 8), preprocess=scale_to_unit,
                                  labels=["red", "green", "blue"], name="mean_colour", device="cpu")


def random_images(n, height=8, width=8, seed=0):
    return np.random.RandomState(seed).randint(0, 256, (n, height, width, 3)).astype(np.uint8)


# --- the contract, on a tiny torch model -------------------------------------------------------

def test_probabilities_are_the_softmax_of_the_model_outputs(colour_clf):
    images = random_images(5)
    expected = softmax(images.reshape(5, -1, 3).mean(axis=1) / 255.0, axis=1)
    probabilities = colour_clf(images)
    assert probabilities.dtype == np.float64 and probabilities.shape == (5, 3)
    np.testing.assert_allclose(probabilities, expected, rtol=1e-6)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-12)


@pytest.mark.parametrize("batch_size", [1, 2, 7, 100])
def test_batch_size_does_not_change_the_probabilities(colour_clf, batch_size):
    images = random_images(7)
    expected = colour_clf(images)
    colour_clf.batch_size = batch_size
    colour_clf.model.shapes.clear()
    np.testing.assert_allclose(colour_clf(images), expected, atol=1e-7)
    assert max(shape[0] for shape in colour_clf.model.shapes) == min(batch_size, 7)


def test_other_sizes_are_resized_to_input_size(colour_clf):
    colour_clf(random_images(2, height=30, width=50))
    assert colour_clf.model.shapes[-1] == (2, 3, 8, 8)
    flat = np.full((1, 30, 50, 3), [200, 10, 90], np.uint8)   # a flat colour stays that colour
    np.testing.assert_allclose(colour_clf(flat)[0], softmax(np.array([200, 10, 90]) / 255.0), rtol=1e-5)


def test_input_images_are_not_modified(colour_clf):
    images = random_images(3)
    before = images.copy()
    colour_clf(images)
    np.testing.assert_array_equal(images, before)


def test_float_pixels_on_the_byte_scale_work(colour_clf):
    images = random_images(3)
    np.testing.assert_allclose(colour_clf(images.astype(np.float64)), colour_clf(images), atol=1e-12)


@pytest.mark.parametrize("bad, error, message", [
    (np.zeros((8, 8, 3), np.uint8), ValueError, r"image\[None\]"),
    (np.zeros((2, 8, 8, 4), np.uint8), ValueError, r"\(N, H, W, 3\)"),
    (np.zeros((2, 8, 8), np.uint8), ValueError, r"\(N, H, W, 3\)"),
    (np.zeros((0, 8, 8, 3), np.uint8), ValueError, "at least one"),
    (np.full((1, 8, 8, 3), np.nan), ValueError, "finite"),
    (np.full((1, 8, 8, 3), 256.0), ValueError, "0..255"),
    (np.full((1, 8, 8, 3), -1), ValueError, "0..255"),
    (np.zeros((1, 8, 8, 3), bool), TypeError, "dtype"),
    (np.full((1, 8, 8, 3), "a"), TypeError, "dtype"),
])
def test_bad_images_get_an_error_naming_the_argument(colour_clf, bad, error, message):
    with pytest.raises(error, match=message) as info:
        colour_clf(bad)
    assert "images" in str(info.value)


def test_bad_batch_size_is_a_value_error(colour_clf):
    colour_clf.batch_size = 0
    with pytest.raises(ValueError, match="batch_size"):
        colour_clf(random_images(1))


def test_outputs_not_matching_the_labels_are_an_error():
    clf = torch_classifier.TorchClassifier(MeanColour(), input_size=8, labels=["red", "green"], device="cpu")
    with pytest.raises(ValueError, match="one column per label"):
        clf(random_images(1))


def test_predict_top_orders_classes_by_probability(colour_clf):
    image = np.full((8, 8, 3), [10, 250, 100], np.uint8)
    top = colour_clf.predict_top(image, k=2)
    assert [p.label for p in top] == ["green", "blue"] and [p.index for p in top] == [1, 2]
    assert top[0].probability == pytest.approx(colour_clf(image[None])[0, 1])
    reddish = np.full((8, 8, 3), [200, 100, 50], np.uint8)
    batch_top = colour_clf.predict_top(np.stack([image, reddish]), k=3)
    assert len(batch_top) == 2 and [p.label for p in batch_top[1]] == ["red", "green", "blue"]


@pytest.mark.parametrize("k, error", [(0, ValueError), (-1, ValueError), (1.5, TypeError), (True, TypeError)])
def test_predict_top_rejects_bad_k(colour_clf, k, error):
    with pytest.raises(error, match="k must be"):
        colour_clf.predict_top(random_images(1)[0], k=k)


# --- outputs to probabilities -------------------------------------------------------------------

def test_logits_go_through_a_softmax():
    logits = np.random.RandomState(0).normal(size=(4, 10)) * 20
    np.testing.assert_allclose(classifier.to_probabilities(logits), softmax(logits, axis=1), rtol=1e-12)


def test_huge_logits_do_not_overflow():
    probabilities = classifier.to_probabilities(np.array([[1000.0, 0.0, -1000.0]]))
    np.testing.assert_allclose(probabilities, [[1.0, 0.0, 0.0]])


def test_probabilities_stay_as_they_are():
    probabilities = np.random.RandomState(0).dirichlet(np.ones(10), size=4).astype(np.float32)
    result = classifier.to_probabilities(probabilities)
    np.testing.assert_allclose(result, probabilities, rtol=1e-6)
    np.testing.assert_allclose(result.sum(axis=1), 1.0, atol=1e-12)


@pytest.mark.parametrize("bad", [np.array([[np.nan, 1.0]]), np.zeros(3), np.zeros((2, 0))])
def test_broken_model_outputs_are_an_error(bad):
    with pytest.raises(ValueError, match="the model"):
        classifier.to_probabilities(bad)


# --- the torch adapter's preprocessing -----------------------------------------------------------

def test_imagenet_normalizer_maps_the_mean_colour_to_zero():
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    normalize = torch_classifier.imagenet_normalizer(mean, std)
    mean_colour = torch.tensor(mean).reshape(1, 3, 1, 1).expand(2, 3, 4, 4) * 255
    torch.testing.assert_close(normalize(mean_colour), torch.zeros(2, 3, 4, 4), atol=1e-6, rtol=0)
    white = torch.full((1, 3, 1, 1), 255.0)
    torch.testing.assert_close(normalize(white).flatten(), (1 - torch.tensor(mean)) / torch.tensor(std))


def test_efficientnet_lite_scaling_maps_pixels_to_about_minus_one_to_one():
    pixels = torch.tensor([0.0, 127.0, 255.0])
    torch.testing.assert_close(torch_classifier.efficientnet_lite_preprocess(pixels),
                               torch.tensor([-127 / 128, 0.0, 1.0]))
