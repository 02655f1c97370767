"""The model-randomisation sanity check (Adebayo et al., NeurIPS 2018), chapter 08.

An explanation of a model should depend on the model. Re-initialise the
model's layers one after another, from the output down ("cascading
randomisation"), explain the same image with each damaged model, and compare
with the trained model's explanation by rank correlation. A method whose
explanation barely changes when the weights become random explains the image
rather than the model.

The layers are the torch module's parameterised children in registration
order, which for EfficientNet-Lite (and torchvision's models) is the forward
order; containers (``ModuleList``, ``Sequential``) are opened one level, so
each block of EfficientNet counts as a layer.
"""

import copy

import numpy as np

from .perturbation import replacement_image
from .segmentation import num_superpixels
from .validation import check_image, check_positive_int, check_seed, check_segments, check_torch_classifier


def _has_parameters(module):
    return any(True for _ in module.parameters())


def layer_names(module):
    """Names of the module's layers, input side first: ["_conv_stem", "_bn0", "_blocks.0", ...]."""
    import torch

    names = []
    for name, child in module.named_children():
        if isinstance(child, (torch.nn.ModuleList, torch.nn.Sequential)):
            names += [f"{name}.{sub}" for sub, grandchild in child.named_children() if _has_parameters(grandchild)]
        elif _has_parameters(child):
            names.append(name)
    return names


def randomize_top_layers(classifier, num_layers, random_state=0):
    """A copy of ``classifier`` whose top ``num_layers`` layers are re-initialised.

    classifier: a TorchClassifier; num_layers: 1 .. len(layer_names(classifier.model)).
    Every submodule of those layers that has ``reset_parameters`` (convolutions,
    linear layers, batch norms with their running statistics) gets torch's
    initialisation again, drawn from ``random_state`` (an int seed); the
    original classifier is not touched. Returns a classifier of the same type
    with the same labels, input size and preprocessing.
    """
    import torch

    classifier = check_torch_classifier(classifier)
    names = layer_names(classifier.model)
    num_layers = check_positive_int(num_layers, "num_layers")
    if num_layers > len(names):
        raise ValueError(f"num_layers must be at most the number of layers ({len(names)}), got {num_layers}")
    random_state = check_seed(random_state)
    model = copy.deepcopy(classifier.model)
    # A private generator state: the global torch RNGs are left as they were, the GPUs' too
    # (manual_seed seeds every device, and reset_parameters draws on the model's own).
    with torch.random.fork_rng():
        torch.manual_seed(random_state)
        for name in names[-num_layers:]:
            for submodule in model.get_submodule(name).modules():
                if hasattr(submodule, "reset_parameters"):
                    submodule.reset_parameters()
    return type(classifier)(model, classifier.input_size, labels=classifier.labels, preprocess=classifier.preprocess,
                            name=f"{classifier.name} (top {num_layers} layers random)",
                            device=getattr(classifier, "device", None), batch_size=classifier.batch_size)


def image_change(image, segments, hide_color=None):
    """How much hiding each superpixel changes the pixels: (K,) sum of |image - replacement| over it.

    No model enters: an explanation that ranks superpixels like this after
    the model's weights were randomised is explaining the image, not the model.
    """
    image = check_image(image)
    segments = check_segments(segments, image.shape)
    change = np.abs(image.astype(float) - replacement_image(image, segments, hide_color).astype(float)).sum(axis=2)
    return np.bincount(segments.ravel(), weights=change.ravel(), minlength=num_superpixels(segments))
