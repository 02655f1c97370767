"""FGSM and PGD in pixel space, checked on a tiny linear torch model whose gradient is known in closed form."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from lime_teach import attacks  # noqa: E402
from lime_teach import TorchClassifier  # noqa: E402

SIZE = (4, 5)
NUM_CLASSES = 3


def linear_classifier(seed=0):
    """logits = W x + b on the flattened (3, H, W) pixels, scaled so that the softmax is not saturated."""
    rng = np.random.RandomState(seed)
    layer = torch.nn.Linear(3 * SIZE[0] * SIZE[1], NUM_CLASSES)
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(rng.normal(scale=0.01, size=layer.weight.shape), dtype=torch.float32))
        layer.bias.zero_()
    model = torch.nn.Sequential(torch.nn.Flatten(), layer)
    return TorchClassifier(model, SIZE, labels=["a", "b", "c"], device="cpu")


def linear_gradient(classifier, image, label):
    """d cross-entropy / d pixels of a linear model: W^T (softmax(Wx + b) - onehot), as (H, W, 3)."""
    layer = classifier.model[1]
    weights = layer.weight.detach().double().numpy()
    x = image.astype(float).transpose(2, 0, 1).ravel()
    logits = weights @ x + layer.bias.detach().double().numpy()
    p = np.exp(logits - logits.max())
    p /= p.sum()
    p[label] -= 1
    return (weights.T @ p).reshape(3, *SIZE).transpose(1, 2, 0)


def mid_image(seed=0):
    return np.random.RandomState(seed).randint(60, 200, SIZE + (3,)).astype(np.uint8)


def test_loss_gradient_is_the_closed_form_of_a_linear_model():
    clf, image = linear_classifier(), mid_image()
    got = attacks.loss_gradient(clf, image, 1)
    assert got.shape == image.shape and got.dtype == np.float64
    assert np.allclose(got, linear_gradient(clf, image, 1), rtol=1e-4, atol=1e-7)


@pytest.mark.parametrize("epsilon", [1, 2, 8])
def test_fgsm_moves_every_pixel_by_exactly_epsilon_times_the_gradient_sign(epsilon):
    clf, image = linear_classifier(), mid_image()
    label = int(clf(image[None])[0].argmax())
    adversarial = attacks.fgsm(clf, image, epsilon)   # label None: the predicted class
    signs = np.sign(linear_gradient(clf, image, label))
    assert adversarial.dtype == np.uint8 and adversarial.shape == image.shape
    assert np.array_equal(adversarial.astype(int) - image.astype(int), (epsilon * signs).astype(int))


def test_fgsm_lowers_the_probability_of_the_predicted_class():
    clf, image = linear_classifier(), mid_image()
    label = int(clf(image[None])[0].argmax())
    before = clf(image[None])[0, label]
    after = clf(attacks.fgsm(clf, image, 8)[None])[0, label]
    assert after < before


def test_fgsm_step_clips_at_0_and_255_instead_of_wrapping_around():
    image = np.array([[[0, 1, 254], [255, 128, 3]]], dtype=np.uint8)
    gradient = np.array([[[-1.0, -1.0, 1.0], [1.0, -0.5, -2.0]]])
    got = attacks.fgsm_step(image, gradient, 4)
    assert got.dtype == np.uint8
    assert got.tolist() == [[[0, 0, 255], [255, 124, 0]]]


def test_fgsm_step_leaves_pixels_with_zero_gradient_alone():
    image = np.full((2, 2, 3), 100, dtype=np.uint8)
    gradient = np.zeros((2, 2, 3))
    gradient[0, 0, 0] = 1e-12
    got = attacks.fgsm_step(image, gradient, 3)
    assert got[0, 0, 0] == 103 and (got.ravel()[1:] == 100).all()


def test_pgd_stays_in_the_epsilon_box_and_in_range_and_repeats_with_its_seed():
    clf = linear_classifier()
    image = np.random.RandomState(1).randint(0, 256, SIZE + (3,)).astype(np.uint8)
    first = attacks.pgd(clf, image, epsilon=3, step_size=2, num_steps=4, random_start=True, random_state=5)
    again = attacks.pgd(clf, image, epsilon=3, step_size=2, num_steps=4, random_start=True, random_state=5)
    assert first.dtype == np.uint8 and np.array_equal(first, again)
    assert np.abs(first.astype(int) - image.astype(int)).max() <= 3


def test_pgd_lowers_the_label_probability_at_least_as_much_as_one_small_step():
    clf, image = linear_classifier(), mid_image(2)
    label = int(clf(image[None])[0].argmax())
    one_step = clf(attacks.fgsm(clf, image, 1, label)[None])[0, label]
    several = clf(attacks.pgd(clf, image, epsilon=4, step_size=1, num_steps=4, label=label)[None])[0, label]
    assert several < one_step


def test_perturbation_norms_known_answer_without_uint8_wraparound():
    image = np.zeros((2, 2, 3), dtype=np.uint8)
    moved = image + np.uint8(2)
    moved[0, 0, 0] = 0
    norms = attacks.perturbation_norms(moved, image)   # image - moved would wrap to 254 in uint8
    assert norms["linf"] == 2
    assert np.isclose(norms["l2"], np.sqrt(11 * 4))
    assert np.isclose(norms["rms"], np.sqrt(11 * 4 / 12))


def test_success_rate_counts_changed_predictions():
    def by_first_pixel(images):   # class 1 when the first pixel is bright
        p = (images[:, 0, 0, 0] > 127).astype(float)
        return np.stack([1 - p, p], axis=1)

    images = np.zeros((4, 2, 2, 3), dtype=np.uint8)
    adversarials = images.copy()
    adversarials[[1, 3], 0, 0, 0] = 200
    rate, flipped = attacks.success_rate(by_first_pixel, images, adversarials)
    assert rate == 0.5 and flipped.tolist() == [False, True, False, True]


@pytest.mark.parametrize("epsilon,error,words", [
    (0.008, ValueError, "pixel levels"), (0, ValueError, "(0, 255]"), (300, ValueError, "(0, 255]"),
    (float("nan"), ValueError, "(0, 255]"), (True, TypeError, "number"), ("2", TypeError, "number"),
])
def test_bad_epsilon_is_named(epsilon, error, words):
    with pytest.raises(error, match="epsilon") as info:
        attacks.fgsm_step(mid_image(), np.ones(SIZE + (3,)), epsilon)
    assert words in str(info.value)


def test_bad_images_gradients_and_classifiers_are_named():
    with pytest.raises(TypeError, match="image must be uint8"):
        attacks.fgsm_step(mid_image().astype(float), np.ones(SIZE + (3,)), 2)
    with pytest.raises(ValueError, match="gradient must have the image's shape"):
        attacks.fgsm_step(mid_image(), np.ones((2, 2, 3)), 2)
    with pytest.raises(TypeError, match="classifier must be a lime_teach TorchClassifier"):
        attacks.loss_gradient(lambda images: images, mid_image(), 0)
    with pytest.raises(ValueError, match="label must be a class index in 0..2"):
        attacks.loss_gradient(linear_classifier(), mid_image(), 3)
    with pytest.raises(TypeError, match="label must be a class index"):
        attacks.loss_gradient(linear_classifier(), mid_image(), 1.0)
    with pytest.raises(ValueError, match="adversarial must have the image's shape"):
        attacks.perturbation_norms(mid_image(), np.zeros((2, 2, 3), dtype=np.uint8))
    with pytest.raises(ValueError, match="num_steps must be at least 1"):
        attacks.pgd(linear_classifier(), mid_image(), 2, num_steps=0)
