"""Gradient times input at its edges (lime_teach.gradients): preprocessing, device, per-superpixel sums, messages."""

import re

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import lime_teach as lt  # noqa: E402
from lime_teach import gradients  # noqa: E402

SIZE = (4, 4)
FAKE_DEVICE = "fake-gpu"   # routed to the CPU by a patched Tensor.to: this machine has no GPU


def linear_model(seed=0):
    """score_c = sum W_c * input: the gradient with respect to the input is W_c exactly."""
    torch.manual_seed(seed)
    return torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * SIZE[0] * SIZE[1], 2, bias=False))


def weights_of(model, label):
    """W_label as an (H, W, 3) array, the layout of the image."""
    return model[1].weight.detach().double().numpy()[label].reshape(3, *SIZE).transpose(1, 2, 0)


class DuckClassifier:
    """What check_torch_classifier asks for and nothing more: no ``device`` unless one is given."""

    def __init__(self, model, preprocess=None, **device):
        self.model, self.preprocess, self.input_size, self.labels = model, preprocess, SIZE, ["a", "b"]
        self.__dict__.update(device)


@pytest.fixture
def image():
    return np.random.RandomState(0).randint(0, 256, SIZE + (3,)).astype(np.uint8)


@pytest.fixture
def devices_asked(monkeypatch):
    """Every device a tensor is sent to with Tensor.to, in order; FAKE_DEVICE stands for the CPU."""
    asked, original = [], torch.Tensor.to

    def to(self, *args, **kwargs):
        if args and (args[0] is None or isinstance(args[0], (str, torch.device))):
            asked.append(args[0])
            args = ("cpu" if args[0] == FAKE_DEVICE else args[0],) + args[1:]
        return original(self, *args, **kwargs)

    monkeypatch.setattr(torch.Tensor, "to", to)
    return asked


def test_the_gradient_is_taken_with_respect_to_the_preprocessed_input(image):
    model = linear_model()
    clf = lt.TorchClassifier(model, SIZE, labels=["a", "b"], preprocess=lambda x: (x - 127) / 128, device="cpu")
    expected = (weights_of(model, 1) * (image - 127.0) / 128).sum(axis=2)
    got = gradients.gradient_x_input(clf, image, 1)
    assert got.dtype == np.float64 and got.shape == SIZE
    np.testing.assert_allclose(got, expected, rtol=1e-5, atol=1e-5)


def test_the_image_goes_to_the_classifier_s_device(image, devices_asked):
    model = linear_model()
    got = gradients.gradient_x_input(DuckClassifier(model, device=FAKE_DEVICE), image, 0)
    assert devices_asked == [FAKE_DEVICE]
    np.testing.assert_allclose(got, (weights_of(model, 0) * image).sum(axis=2), rtol=1e-5, atol=1e-4)


def test_a_classifier_without_a_device_runs_on_the_cpu(image, devices_asked):
    model = linear_model()
    got = gradients.gradient_x_input(DuckClassifier(model), image, 1)
    assert devices_asked == ["cpu"]
    np.testing.assert_allclose(got, (weights_of(model, 1) * image).sum(axis=2), rtol=1e-5, atol=1e-4)


def test_an_image_of_another_size_exact_message(image):
    message = "image must have the model's input size (4, 4), got (2, 4)"
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        gradients.gradient_x_input(DuckClassifier(linear_model()), image[:2], 0)


# --- per_superpixel --------------------------------------------------------------------------------------

def test_per_superpixel_known_sums_of_a_list_of_ints():
    got = gradients.per_superpixel([[1, 2], [3, 4]], [[0, 0], [1, 1]])
    assert got.dtype == np.float64 and got.tolist() == [3.0, 7.0]
    assert gradients.per_superpixel([[True, False], [True, True]], [[0, 1], [1, 1]]).tolist() == [1.0, 2.0]


@pytest.mark.parametrize("pixel_map, segments, message", [
    (np.ones((2, 2, 3)), np.zeros((2, 2), int), "pixel_map must be a finite (H, W) array, got shape (2, 2, 3)"),
    ([[1.0, np.nan], [0.0, 0.0]], np.zeros((2, 2), int), "pixel_map must be a finite (H, W) array, got shape (2, 2)"),
    ([[1.0, None], [0.0, 0.0]], np.zeros((2, 2), int), "pixel_map must be a finite (H, W) array, got shape (2, 2)"),
    (np.ones((2, 2)), np.zeros((3, 2), int),
     "segments must have the image's height and width (2, 2), got shape (3, 2)"),
])
def test_per_superpixel_bad_input_exact_messages(pixel_map, segments, message):
    with pytest.raises(ValueError, match="^" + re.escape(message) + "$"):
        gradients.per_superpixel(pixel_map, segments)


def test_per_superpixel_names_integer_segments_in_its_type_error():
    with pytest.raises(TypeError, match=r"^segments must hold integer superpixel labels, got dtype float64$"):
        gradients.per_superpixel(np.ones((2, 2)), np.zeros((2, 2)))
