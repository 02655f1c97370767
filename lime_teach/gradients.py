"""A model-based baseline: gradient times input, summed per superpixel (chapter 08).

LIME treats the model as a black box and asks it about perturbed images. A
torch model can also be asked directly how its score for a label changes with
each input value: the gradient. *Gradient times input* (Shrikumar et al.
2016) multiplies the gradient by the input, a first-order estimate of each
value's contribution relative to an all-zero input. Summed over the pixels of
each superpixel it becomes a weight per superpixel, comparable with LIME's.

It needs the torch module, ``classifier.model``, and the classifier's
``preprocess``: the gradient is taken with respect to the model's own input
(for EfficientNet-Lite (x - 127) / 128, so "zero" means mid-grey).
"""

import numpy as np

from .segmentation import num_superpixels
from .validation import check_class_index, check_image, check_segments, check_torch_classifier


def gradient_x_input(classifier, image, label):
    """Gradient of the label's score times the model's input, summed over the colour channels.

    classifier: a TorchClassifier; image: (H, W, 3) at ``classifier.input_size``;
    label: class index. The score is the model's output before any softmax
    (the logit for EfficientNet). Returns (H, W) float64.
    """
    import torch

    classifier = check_torch_classifier(classifier)
    image = check_image(image)
    if tuple(image.shape[:2]) != tuple(classifier.input_size):
        raise ValueError(f"image must have the model's input size {tuple(classifier.input_size)}, "
                         f"got {image.shape[:2]}")
    label = check_class_index(label, len(classifier.labels))
    device = getattr(classifier, "device", "cpu")
    x = torch.from_numpy(np.ascontiguousarray(image, dtype=np.float32)).permute(2, 0, 1)[None].to(device)
    with torch.enable_grad():
        x = x.requires_grad_(True)
        model_input = x if classifier.preprocess is None else classifier.preprocess(x)
        scores = classifier.model(model_input)
        # Only the input's gradient: the parameters' gradients are never computed.
        (gradient,) = torch.autograd.grad(scores[0, label], model_input)
    saliency = (gradient * model_input.detach())[0].sum(dim=0)
    return saliency.double().cpu().numpy()


def per_superpixel(pixel_map, segments):
    """Sum a per-pixel map over each superpixel: (H, W), (H, W) labels 0..K-1 -> (K,) float."""
    pixel_map = np.asarray(pixel_map, dtype=float)
    segments = check_segments(segments, pixel_map.shape, "segments")
    if pixel_map.ndim != 2 or not np.isfinite(pixel_map).all():
        raise ValueError(f"pixel_map must be a finite (H, W) array, got shape {pixel_map.shape}")
    return np.bincount(segments.ravel(), weights=pixel_map.ravel(), minlength=num_superpixels(segments))


def gradient_weights(classifier, image, segments, label):
    """Gradient times input summed per superpixel: (K,) float, LIME's shape."""
    return per_superpixel(gradient_x_input(classifier, image, label), segments)
