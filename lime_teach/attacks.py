"""Adversarial examples: an invisible change that flips the prediction (chapter 10).

The fast gradient sign method (FGSM, Goodfellow et al. 2015) moves every pixel
by the same small step ``epsilon`` in the direction that raises the loss of
the predicted class; projected gradient descent (PGD, Madry et al. 2018)
repeats smaller steps and projects back into the ``epsilon`` box around the
image. Everything here works in the course's pixel space: images are
``(H, W, 3) uint8``, ``epsilon`` and step sizes are in pixel levels (0..255,
so ``epsilon=2`` is 2/255 of the range), results are clipped to 0..255 and
returned as uint8, the images a classifier actually receives.

Gradients come from the torch model inside a ``TorchClassifier``
(``clf.model``, ``clf.preprocess``, ``clf.input_size``, ``clf.device``).
"""

import numpy as np

from .validation import (check_class_index, check_image, check_pixel_levels, check_positive_int, check_random_state,
                         check_torch_classifier, check_uint8_images)


def fgsm_step(image, gradient, epsilon):
    """One signed-gradient step in pixel space: clip(image + epsilon * sign(gradient), 0, 255).

    image: (H, W, 3) uint8; gradient: (H, W, 3) float, d loss / d pixel;
    epsilon: pixel levels (>= 1). Returns (H, W, 3) uint8. The sum is taken in
    float: in uint8, 254 + 2 would wrap around to 0.
    """
    image = check_uint8_images(image, "image", batch=False)
    gradient = np.asarray(gradient, dtype=float)
    if gradient.shape != image.shape:
        raise ValueError(f"gradient must have the image's shape {image.shape}, got {gradient.shape}")
    epsilon = check_pixel_levels(epsilon)
    moved = image.astype(float) + epsilon * np.sign(gradient)
    return np.clip(np.rint(moved), 0, 255).astype(np.uint8)


def loss_gradient(classifier, image, label):
    """Gradient of the cross-entropy loss of class ``label`` with respect to the pixels.

    classifier: a TorchClassifier; image: (H, W, 3) uint8; label: class index.
    Returns (H, W, 3) float64, d loss / d pixel level. Moving along it lowers
    the probability of ``label``.
    """
    import torch
    import torch.nn.functional as F

    classifier = check_torch_classifier(classifier)
    image = check_uint8_images(image, "image", batch=False)
    label = check_class_index(label, len(classifier.labels))
    x = torch.tensor(image, dtype=torch.float32, device=classifier.device).permute(2, 0, 1)[None]
    x.requires_grad_(True)
    resized = x.clone()  # not the leaf itself: preprocess may work in place, as TorchClassifier allows
    if tuple(x.shape[2:]) != tuple(classifier.input_size):
        resized = F.interpolate(x, size=tuple(classifier.input_size), mode="bilinear", antialias=True,
                                align_corners=False)
    inputs = resized if classifier.preprocess is None else classifier.preprocess(resized)
    logits = classifier.model(inputs)
    loss = F.cross_entropy(logits, torch.tensor([int(label)], device=classifier.device))
    (gradient,) = torch.autograd.grad(loss, x)
    return gradient[0].permute(1, 2, 0).double().cpu().numpy()


def fgsm(classifier, image, epsilon, label=None):
    """The FGSM adversarial image: one step of ``epsilon`` pixel levels away from ``label``.

    label: the class to move away from; None means the predicted class.
    Returns (H, W, 3) uint8, within ``epsilon`` of ``image`` in every pixel.
    """
    image = check_uint8_images(image, "image", batch=False)
    if label is None:
        label = int(classifier(image[None])[0].argmax())
    return fgsm_step(image, loss_gradient(classifier, image, label), epsilon)


def pgd(classifier, image, epsilon, step_size=1, num_steps=5, label=None, random_start=False,
        random_state=None):
    """Projected gradient descent: ``num_steps`` signed steps, each projected into the epsilon box.

    step_size: pixel levels per step; random_start: begin at a random point
    of the box (drawn from ``random_state``). Returns (H, W, 3) uint8 with
    |adversarial - image| <= epsilon everywhere, pixels in 0..255.
    """
    image = check_uint8_images(image, "image", batch=False)
    epsilon = check_pixel_levels(epsilon)
    step_size = check_pixel_levels(step_size, "step_size")
    num_steps = check_positive_int(num_steps, "num_steps")
    if label is None:
        label = int(classifier(image[None])[0].argmax())
    low = np.clip(image.astype(float) - epsilon, 0, 255)
    high = np.clip(image.astype(float) + epsilon, 0, 255)
    adversarial = image.astype(float)
    if random_start:
        noise = check_random_state(random_state).uniform(-epsilon, epsilon, image.shape)
        adversarial = np.clip(adversarial + noise, low, high)
    adversarial = np.rint(adversarial).astype(np.uint8)
    for _ in range(num_steps):
        stepped = fgsm_step(adversarial, loss_gradient(classifier, adversarial, label), step_size)
        # The projection: back into the box, which lies inside 0..255, so the result stays uint8.
        adversarial = np.clip(stepped, low, high).astype(np.uint8)
    return adversarial


def perturbation_norms(image, adversarial):
    """Size of the change, in pixel levels: {"linf": max |d|, "l2": ||d||_2, "rms": sqrt(mean d**2)}.

    image, adversarial: (H, W, 3) of the same shape. Differences are taken in
    float, so uint8 images do not wrap around.
    """
    image, adversarial = check_image(image), check_image(adversarial, "adversarial")
    if image.shape != adversarial.shape:
        raise ValueError(f"adversarial must have the image's shape {image.shape}, got {adversarial.shape}")
    difference = adversarial.astype(float) - image.astype(float)
    return {"linf": float(np.abs(difference).max()), "l2": float(np.sqrt(np.sum(difference**2))),
            "rms": float(np.sqrt(np.mean(difference**2)))}


def success_rate(classifier, images, adversarials):
    """Share of images whose predicted class the attack changed, and the per-image flags.

    images, adversarials: (N, H, W, 3) uint8. Returns (rate in [0, 1], (N,) bool).
    """
    images, adversarials = np.asarray(images), np.asarray(adversarials)
    if images.shape != adversarials.shape or images.ndim != 4:
        raise ValueError(f"images and adversarials must be batches (N, H, W, 3) of the same shape, "
                         f"got {images.shape} and {adversarials.shape}")
    flipped = classifier(images).argmax(axis=1) != classifier(adversarials).argmax(axis=1)
    return float(flipped.mean()), flipped
