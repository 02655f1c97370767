"""The Keras adapter (lime_teach.keras_classifier) keeps the classifier contract."""

import numpy as np
import pytest
from scipy.special import softmax

import lime_teach as lt


def random_images(n, height=8, width=8, seed=0):
    return np.random.RandomState(seed).randint(0, 256, (n, height, width, 3)).astype(np.uint8)


def scale_to_unit(x):
    return x / 255.0


@pytest.fixture(scope="module")
def keras():
    return pytest.importorskip("keras")


def tiny_keras_model(keras, activation):
    """(n, 8, 8, 3) -> (n, 4), a fixed random dense layer on the channel means."""
    inputs = keras.Input((8, 8, 3))
    pooled = keras.layers.GlobalAveragePooling2D()(inputs)
    outputs = keras.layers.Dense(4, activation=activation, kernel_initializer=keras.initializers.RandomNormal(seed=0),
                                 bias_initializer="zeros")(pooled)
    return keras.Model(inputs, outputs, name=f"tiny_{activation}")


def test_keras_softmax_model_keeps_its_probabilities(keras):
    model = tiny_keras_model(keras, "softmax")
    clf = lt.KerasClassifier(model, preprocess=scale_to_unit)
    images = random_images(5)
    expected = keras.ops.convert_to_numpy(model(images.astype(np.float32) / 255.0))
    np.testing.assert_allclose(clf(images), expected, rtol=1e-5)
    assert clf.input_size == (8, 8) and clf.labels == ["0", "1", "2", "3"] and clf.name == "tiny_softmax"


def test_keras_logits_model_gets_a_softmax(keras):
    model = tiny_keras_model(keras, None)
    clf = lt.KerasClassifier(model, labels=list("abcd"), preprocess=scale_to_unit)
    images = random_images(5)
    logits = keras.ops.convert_to_numpy(model(images.astype(np.float32) / 255.0))
    np.testing.assert_allclose(clf(images), softmax(logits.astype(np.float64), axis=1), rtol=1e-5)
    assert clf.predict_top(images[0], k=1)[0].label in "abcd"


def test_keras_batches_and_resizing_follow_the_contract(keras):
    clf = lt.KerasClassifier(tiny_keras_model(keras, "softmax"), batch_size=2)
    images = random_images(5)
    single = clf(images[3:4])
    np.testing.assert_allclose(clf(images)[3], single[0], atol=1e-6)
    flat = np.full((1, 20, 30, 3), 77, np.uint8)   # a flat image stays flat when resized
    np.testing.assert_allclose(clf(flat), clf(np.full((1, 8, 8, 3), 77, np.uint8)), atol=1e-6)
    with pytest.raises(ValueError, match=r"image\[None\]"):
        clf(images[0])


def test_keras_model_of_any_size_needs_input_size(keras):
    inputs = keras.Input((None, None, 3))
    model = keras.Model(inputs, keras.layers.Dense(2)(keras.layers.GlobalAveragePooling2D()(inputs)))
    with pytest.raises(ValueError, match="input_size"):
        lt.KerasClassifier(model)
    assert lt.KerasClassifier(model, input_size=16).input_size == (16, 16)
