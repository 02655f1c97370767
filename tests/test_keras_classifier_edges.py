"""KerasClassifier (lime_teach.keras_classifier) around a stand-in keras module: what it hands the model,
how it sizes and labels, without TensorFlow (which cannot run in a process forked after it ran, as
mutation testing does: tests/test_keras_classifier.py has the real Keras)."""

import sys
import types

import numpy as np
import pytest

from lime_teach.classifier import imagenet_labels
from lime_teach.keras_classifier import KerasClassifier


class FakeModel:
    """A Keras-like model: records what it is called with; answers the logits 0, 2, 4... (not probabilities)."""

    def __init__(self, input_shape=(None, 4, 5, 3), output_shape=(None, 2), name="fake"):
        self.input_shape, self.output_shape, self.name = input_shape, output_shape, name
        self.calls = []

    def __call__(self, x, training=None):
        self.calls.append((np.array(x), training))
        return np.tile(2 * np.arange(self.output_shape[-1], dtype=np.float32), (len(x), 1))


@pytest.fixture
def keras(monkeypatch):
    """A stand-in ``keras`` module: resize records its arguments and returns zeros of the new size."""
    resized = []

    def resize(x, size, interpolation=None, antialias=None):
        resized.append((np.array(x), tuple(size), interpolation, antialias))
        return np.zeros((len(x), *size, 3), np.float32)

    fake = types.SimpleNamespace(ops=types.SimpleNamespace(image=types.SimpleNamespace(resize=resize),
                                                           convert_to_numpy=np.asarray), resized=resized)
    monkeypatch.setitem(sys.modules, "keras", fake)
    return fake


def test_the_model_gets_float32_pixels_in_inference_mode_and_answers_probabilities(keras):
    model = FakeModel()
    clf = KerasClassifier(model)
    images = np.arange(2 * 4 * 5 * 3, dtype=np.uint8).reshape(2, 4, 5, 3)
    probabilities = clf(images)
    (x, training), = model.calls
    assert x.dtype == np.float32 and training is False
    np.testing.assert_array_equal(x, images)
    e2 = np.exp(2.0)
    np.testing.assert_allclose(probabilities, [[1 / (1 + e2), e2 / (1 + e2)]] * 2)  # logits 0, 2: a softmax
    assert keras.resized == []  # already the model's size: no resize


def test_preprocess_sees_float32_pixels_on_the_0_255_scale_and_feeds_the_model(keras):
    model, seen = FakeModel(), []
    clf = KerasClassifier(model, preprocess=lambda x: seen.append(x.copy()) or x / 255.0)
    clf(np.full((1, 4, 5, 3), 255, np.uint8))
    assert seen[0].dtype == np.float32 and seen[0].max() == 255.0
    np.testing.assert_array_equal(model.calls[0][0], np.ones((1, 4, 5, 3)))


def test_other_sizes_are_resized_bilinearly_with_antialiasing(keras):
    model = FakeModel()
    KerasClassifier(model)(np.full((3, 8, 10, 3), 7, np.uint8))
    (x, size, interpolation, antialias), = keras.resized
    assert x.shape == (3, 8, 10, 3) and x.dtype == np.float32 and x.max() == 7
    assert (size, interpolation, antialias) == ((4, 5), "bilinear", True)
    assert model.calls[0][0].shape == (3, 4, 5, 3)


def test_names_sizes_labels_and_batches_come_from_the_model_unless_given(keras):
    clf = KerasClassifier(FakeModel(name="tiny"))
    assert (clf.name, clf.input_size, clf.labels, clf.batch_size) == ("tiny", (4, 5), ["0", "1"], 32)
    given = KerasClassifier(FakeModel(), labels=["cat", "dog"], input_size=(6, 7), name="mine", batch_size=3)
    assert (given.name, given.input_size, given.labels, given.batch_size) == ("mine", (6, 7), ["cat", "dog"], 3)
    assert KerasClassifier(FakeModel(output_shape=(None, 1000))).labels == imagenet_labels()


def test_batches_hold_at_most_batch_size_images(keras):
    model = FakeModel()
    KerasClassifier(model, batch_size=2)(np.zeros((5, 4, 5, 3), np.uint8))
    assert [len(x) for x, _ in model.calls] == [2, 2, 1]


@pytest.mark.parametrize("input_shape", [(None, None, 5, 3), (None, 4, None, 3), (None, None, None, 3)])
def test_a_model_of_any_size_needs_input_size(input_shape):
    with pytest.raises(ValueError, match=r"^input_size must be given \(height, width\) for a model that accepts any "
                                         r"size, got None and the model's input shape "):
        KerasClassifier(FakeModel(input_shape=input_shape))
    assert KerasClassifier(FakeModel(input_shape=input_shape), input_size=(4, 5)).input_size == (4, 5)
