"""Edge cases of the attacks: resizing and preprocess in the gradient, PGD's box and start, defaults, messages."""

import re

import numpy as np
import pytest

torch = pytest.importorskip("torch")

from lime_teach import attacks  # noqa: E402
from lime_teach import TorchClassifier  # noqa: E402
from lime_teach.torch_classifier import efficientnet_lite_preprocess  # noqa: E402

SIZE = (4, 5)
LABELS = ["a", "b", "c"]


def linear_classifier(seed=0, preprocess=None):
    """logits = W x on the flattened (3, 4, 5) model input, weights small enough not to saturate the softmax."""
    rng = np.random.RandomState(seed)
    layer = torch.nn.Linear(3 * SIZE[0] * SIZE[1], len(LABELS))
    with torch.no_grad():
        layer.weight.copy_(torch.tensor(rng.normal(scale=0.01, size=layer.weight.shape), dtype=torch.float32))
        layer.bias.zero_()
    return TorchClassifier(torch.nn.Sequential(torch.nn.Flatten(), layer), SIZE, labels=LABELS, preprocess=preprocess,
                           device="cpu")


def affine_map(classifier, shape):
    """(A, c) with logits(x) = A x + c, read off the classifier's own forward pass (its resize and preprocess;
    predict_batch: the logits, before __call__'s softmax).

    The model is linear and the resize and preprocess are affine, so basis images give A column by column.
    """
    c = classifier.predict_batch(np.zeros((1,) + shape, dtype=np.uint8))[0]
    basis = np.zeros((int(np.prod(shape)),) + shape, dtype=np.uint8)
    basis.reshape(len(basis), -1)[np.arange(len(basis)), np.arange(len(basis))] = 255
    return ((classifier.predict_batch(basis) - c) / 255).T, c


def reference_gradient(classifier, image, label):
    """d cross-entropy(label) / d pixels = A^T (softmax(A x + c) - onehot), as (H, W, 3)."""
    a, c = affine_map(classifier, image.shape)
    logits = a @ image.astype(float).ravel() + c
    p = np.exp(logits - logits.max())
    p /= p.sum()
    p[label] -= 1
    return (a.T @ p).reshape(image.shape)


def closed_form_gradient(classifier, image, label):
    """The same for an image already at the model's size and no preprocess, from the weights."""
    weights = classifier.model[1].weight.detach().double().numpy()
    x = image.astype(float).transpose(2, 0, 1).ravel()
    logits = weights @ x
    p = np.exp(logits - logits.max())
    p /= p.sum()
    p[label] -= 1
    return (weights.T @ p).reshape(3, *SIZE).transpose(1, 2, 0)


def reference_pgd(classifier, image, epsilon, step_size, num_steps, label, noise=None):
    """PGD by its definition, with the closed-form gradient: start (maybe noisy) in the box, then signed steps."""
    low = np.maximum(image.astype(float) - epsilon, 0)
    high = np.minimum(image.astype(float) + epsilon, 255)
    adversarial = image.astype(float)
    if noise is not None:
        adversarial = np.minimum(np.maximum(adversarial + noise, low), high)
    adversarial = np.rint(adversarial)
    for _ in range(num_steps):
        sign = np.sign(closed_form_gradient(classifier, adversarial.astype(np.uint8), label))
        stepped = np.minimum(np.maximum(np.rint(adversarial + step_size * sign), 0), 255)
        adversarial = np.minimum(np.maximum(stepped, low), high)
    return adversarial.astype(np.uint8)


def image_of(shape, seed=0, low=60, high=200):
    return np.random.RandomState(seed).randint(low, high, shape).astype(np.uint8)


@pytest.mark.parametrize("shape", [(9, 11, 3), (3, 4, 3), (8, 10, 3)])
@pytest.mark.parametrize("preprocess", [None, efficientnet_lite_preprocess])
def test_loss_gradient_goes_through_the_classifiers_own_resize_and_preprocess(shape, preprocess):
    # Down- and upsampling (antialias matters when shrinking) and the preprocess: the gradient is the one of the
    # loss of what the classifier itself computes from the image.
    clf, image = linear_classifier(1, preprocess), image_of(shape, seed=3)
    label = int(clf(image[None])[0].argmin())   # the least probable class: a gradient far from 0
    got = attacks.loss_gradient(clf, image, label)
    assert got.shape == shape and got.dtype == np.float64
    expected = reference_gradient(clf, image, label)
    assert np.allclose(got, expected, rtol=1e-3, atol=1e-6 * np.abs(expected).max())


def test_loss_gradient_at_the_models_size_with_a_preprocess():
    clf, image = linear_classifier(2, efficientnet_lite_preprocess), image_of(SIZE + (3,), seed=4)
    expected = closed_form_gradient(linear_classifier(2), ((image.astype(float) - 127) / 128), 0) / 128
    got = attacks.loss_gradient(clf, image, 0)
    assert np.allclose(got, expected, rtol=1e-4, atol=1e-9)


def test_loss_gradient_accepts_an_in_place_preprocess_like_the_classifier_does():
    def in_place(x):
        return x.sub_(127.0).div_(128.0)

    clf, image = linear_classifier(2, in_place), image_of(SIZE + (3,), seed=4)
    clf(image[None])   # the classifier itself works with it
    got = attacks.loss_gradient(clf, image, 0)
    expected = closed_form_gradient(linear_classifier(2), ((image.astype(float) - 127) / 128), 0) / 128
    assert np.allclose(got, expected, rtol=1e-4, atol=1e-9)


@pytest.mark.parametrize("shape", [SIZE + (3,), (6, 7, 3)])
def test_loss_gradient_works_on_the_classifiers_device_whatever_torchs_default_device(shape):
    # torch.set_default_device("cuda") with a CPU classifier: every tensor must be made on classifier.device.
    clf, image = linear_classifier(5), image_of(shape, seed=5)
    expected = reference_gradient(clf, image, 1)
    with torch.device("meta"):
        got = attacks.loss_gradient(clf, image, 1)
    assert np.allclose(got, expected, rtol=1e-3, atol=1e-6 * np.abs(expected).max())


def test_fgsm_step_takes_a_boolean_gradient_as_zeros_and_ones():
    image = np.full((1, 2, 3), 100, dtype=np.uint8)
    gradient = np.array([[[True, False, True], [False, False, True]]])
    assert attacks.fgsm_step(image, gradient, 5).tolist() == [[[105, 100, 105], [100, 100, 105]]]
    assert attacks.fgsm_step(image, gradient.tolist(), 5).tolist() == [[[105, 100, 105], [100, 100, 105]]]


def test_pgd_defaults_are_five_steps_of_one_level_from_the_image_itself():
    clf, image = linear_classifier(3), image_of(SIZE + (3,), seed=6)
    label = int(clf(image[None])[0].argmax())
    got = attacks.pgd(clf, image, 10)   # step_size=1, num_steps=5, label=None, random_start=False
    assert got.dtype == np.uint8
    assert np.array_equal(got, reference_pgd(clf, image, 10, 1, 5, label))
    assert np.abs(got.astype(int) - image.astype(int)).max() == 5


@pytest.mark.parametrize("seed", [7, 8])
def test_pgd_random_start_is_the_seeded_uniform_noise_clipped_to_the_box_and_to_0_255(seed):
    clf = linear_classifier(4)
    image = image_of(SIZE + (3,), seed=9, low=0, high=256)
    image[0] = [[0, 0, 1], [2, 0, 3], [255, 254, 253], [255, 255, 252], [1, 255, 0]]   # dark and bright pixels
    image[1, :3] = [[0, 0, 0], [255, 255, 255], [3, 252, 128]]
    noise = np.random.RandomState(seed).uniform(-3, 3, image.shape)
    got = attacks.pgd(clf, image, epsilon=3, step_size=1, num_steps=1, label=1, random_start=True,
                      random_state=seed)
    expected = reference_pgd(clf, image, 3, 1, 1, 1, noise)
    assert got.dtype == np.uint8 and np.array_equal(got, expected)
    assert np.abs(got.astype(int) - image.astype(int)).max() <= 3
    # The same start from a RandomState as from its seed.
    again = attacks.pgd(clf, image, epsilon=3, step_size=1, num_steps=1, label=1, random_start=True,
                        random_state=np.random.RandomState(seed))
    assert np.array_equal(again, expected)


def test_pgd_never_leaves_0_255_nor_the_box_at_the_edges_of_the_range():
    clf = linear_classifier(6)
    image = np.zeros(SIZE + (3,), dtype=np.uint8)
    image[2:] = 255
    label = 0
    got = attacks.pgd(clf, image, epsilon=4, step_size=3, num_steps=3, label=label)
    assert np.array_equal(got, reference_pgd(clf, image, 4, 3, 3, label))
    sign = np.sign(closed_form_gradient(clf, image, label))
    # Dark pixels pushed down stay at 0, bright ones pushed up at 255: nothing is clipped to 1 or wraps.
    assert (got[:2][sign[:2] < 0] == 0).all() and (got[2:][sign[2:] > 0] == 255).all()
    assert (got[:2][sign[:2] > 0] == 4).all() and (got[2:][sign[2:] < 0] == 251).all()


def test_perturbation_norms_of_two_non_zero_images():
    image = np.full((2, 3, 3), 10, dtype=np.uint8)
    adversarial = image.copy()
    adversarial[0, 0] = [12, 7, 10]    # +2, -3, 0
    norms = attacks.perturbation_norms(image, adversarial)
    assert norms == {"linf": 3.0, "l2": pytest.approx(np.sqrt(13)), "rms": pytest.approx(np.sqrt(13 / 18))}
    assert attacks.perturbation_norms(image.tolist(), adversarial.astype(float)) == norms


def test_success_rate_compares_each_images_own_class():
    def fixed(images):   # the class is the first pixel's red value: 0, 1 or 2
        return np.eye(3)[images[:, 0, 0, 0].astype(int)] * 0.9 + 0.1 / 3

    images = np.zeros((3, 1, 1, 3), dtype=np.uint8)
    images[:, 0, 0, 0] = [2, 0, 1]
    adversarials = images.copy()
    rate, flipped = attacks.success_rate(fixed, images, adversarials)
    assert rate == 0.0 and flipped.tolist() == [False, False, False]
    adversarials[1, 0, 0, 0] = 2
    rate, flipped = attacks.success_rate(fixed, images, adversarials)
    assert rate == pytest.approx(1 / 3) and flipped.tolist() == [False, True, False]


@pytest.mark.parametrize("images,adversarials", [
    (np.zeros((2, 2, 2, 3)), np.zeros((3, 2, 2, 3))),
    (np.zeros((2, 2, 3)), np.zeros((2, 2, 3))),
])
def test_success_rate_refuses_batches_of_other_shapes(images, adversarials):
    def never(images):
        raise AssertionError("the classifier must not be called")

    message = (r"^images and adversarials must be batches \(N, H, W, 3\) of the same shape, "
               rf"got {re.escape(str(images.shape))} and {re.escape(str(adversarials.shape))}$")
    with pytest.raises(ValueError, match=message):
        attacks.success_rate(never, images, adversarials)


def test_exact_messages_name_the_argument():
    clf, image = linear_classifier(), image_of(SIZE + (3,))
    not_uint8 = r"^image must be uint8 \(pixel levels 0\.\.255\), got dtype float64$"
    for call in (lambda: attacks.fgsm(clf, image.astype(float), 2),
                 lambda: attacks.loss_gradient(clf, image.astype(float), 0),
                 lambda: attacks.pgd(clf, image.astype(float), 2),
                 lambda: attacks.fgsm_step(image.astype(float), np.ones(image.shape), 2)):
        with pytest.raises(TypeError, match=not_uint8):
            call()
    batch = r"^image must be an image \(H, W, 3\) of at least 1 x 1 pixels, got shape \(1, 4, 5, 3\)$"
    for call in (lambda: attacks.fgsm(clf, image[None], 2), lambda: attacks.loss_gradient(clf, image[None], 0),
                 lambda: attacks.pgd(clf, image[None], 2),
                 lambda: attacks.fgsm_step(image[None], np.ones(image[None].shape), 2)):
        with pytest.raises(ValueError, match=batch):
            call()
    with pytest.raises(ValueError, match=r"^step_size must lie in \(0, 255\] pixel levels \(e\.g\. 2 for 2/255\), "
                                         r"got 0$"):
        attacks.pgd(clf, image, 2, step_size=0)
    with pytest.raises(ValueError, match=r"^step_size is in pixel levels 0\.\.255, not a share of 1: got 0\.01; "
                                         r"for 0\.01 of the range pass 2\.55$"):
        attacks.pgd(clf, image, 2, step_size=0.01)
    with pytest.raises(TypeError, match=r"^adversarial must be a numpy array of shape \(H, W, 3\), got str$"):
        attacks.perturbation_norms(image, "adversarial")
    with pytest.raises(TypeError, match=r"^image must be a numpy array of shape \(H, W, 3\), got str$"):
        attacks.perturbation_norms("image", image)
