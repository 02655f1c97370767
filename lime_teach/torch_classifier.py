"""A PyTorch model behind the course's classifier contract (chapter 01; gradients: 08, attacks: 10).

torch is imported only when a model is built, so ``import lime_teach`` stays light.
"""

import numpy as np

from .classifier import Classifier, imagenet_labels

# Images per forward pass. On a CPU small batches are faster per image, as their
# activations stay in the cache (EfficientNet-Lite0, one core: about 20 ms per image in
# batches of 2 to 4, 25 ms in batches of 8, 42 ms in batches of 32); a GPU wants large ones.
CPU_BATCH_SIZE = 4
GPU_BATCH_SIZE = 64


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
            # (n, H, W, 3) -> (n, 3, H, W) is a view: its strides are already channels-last. Then always a
            # copy (a float32 batch would otherwise stay the caller's array): preprocess may work in place.
            x = torch.from_numpy(np.ascontiguousarray(batch)).to(self.device).permute(0, 3, 1, 2)
            x = x.to(torch.float32, copy=True)
            if tuple(x.shape[2:]) != self.input_size:
                x = F.interpolate(x, size=self.input_size, mode="bilinear", antialias=True, align_corners=False)
            if self.preprocess is not None:
                x = self.preprocess(x)
            return self.model(x.contiguous(memory_format=torch.channels_last)).double().cpu().numpy()


def imagenet_normalizer(mean, std):
    """A preprocess function: pixels 0..255 -> (x / 255 - mean) / std, per channel."""
    import torch

    mean = torch.tensor(mean).reshape(1, 3, 1, 1)
    std = torch.tensor(std).reshape(1, 3, 1, 1)

    def normalize(x):
        return (x / 255.0 - mean.to(x.device)) / std.to(x.device)

    return normalize


def efficientnet_lite_preprocess(x):
    """EfficientNet-Lite's input scaling: pixels 0..255 -> about -1..1."""
    return (x - 127.0) / 128.0
