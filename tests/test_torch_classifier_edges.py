"""Edge cases of lime_teach.torch_classifier: default device, batch size, name and labels, devices, resizing."""

import numpy as np
import pytest
import torch

from lime_teach import torch_classifier
from lime_teach.torch_classifier import TorchClassifier

SIZE = (4, 5)


class Recorder(torch.nn.Module):
    """No parameters (so it can be "moved" to any device): remembers each input, returns zero logits on the CPU."""

    def __init__(self, num_classes=3):
        super().__init__()
        self.num_classes = num_classes
        self.inputs = []

    def forward(self, x):
        self.inputs.append(x.detach().clone())
        return torch.zeros(len(x), self.num_classes)


def tiny_conv():
    return torch.nn.Sequential(torch.nn.Conv2d(3, 2, 2), torch.nn.Flatten(), torch.nn.Linear(2 * 3 * 4, 3))


# --- device and batch size -----------------------------------------------------------------------------

def test_without_a_gpu_the_default_device_is_the_cpu_with_batches_of_four(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    clf = TorchClassifier(Recorder(), SIZE, labels=list("abc"))
    assert clf.device == torch.device("cpu")
    assert clf.batch_size == torch_classifier.CPU_BATCH_SIZE == 4


def test_with_a_gpu_the_default_device_is_cuda_with_batches_of_64(monkeypatch):
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    clf = TorchClassifier(Recorder(), SIZE, labels=list("abc"))
    assert clf.device == torch.device("cuda")
    assert clf.batch_size == torch_classifier.GPU_BATCH_SIZE == 64


@pytest.mark.parametrize("device, batch_size", [("cpu", 4), ("cuda", 64), ("meta", 64), (torch.device("cpu"), 4)])
def test_default_batch_size_follows_the_device(device, batch_size):
    clf = TorchClassifier(Recorder(), SIZE, labels=list("abc"), device=device)
    assert clf.device == torch.device(device) and clf.batch_size == batch_size


def test_an_explicit_batch_size_is_kept():
    assert TorchClassifier(Recorder(), SIZE, labels=list("abc"), device="cpu", batch_size=7).batch_size == 7


def test_the_model_moves_to_the_device_in_channels_last_layout():
    model = tiny_conv()
    clf = TorchClassifier(model, SIZE, labels=list("abc"), device="meta")
    assert clf.model is model and not model.training
    assert all(p.device.type == "meta" for p in model.parameters())
    assert model[0].weight.is_contiguous(memory_format=torch.channels_last)


def test_on_the_cpu_the_model_is_channels_last_and_in_eval_mode():
    model = tiny_conv().train()
    TorchClassifier(model, SIZE, labels=list("abc"), device="cpu")
    assert not model.training
    assert model[0].weight.is_contiguous(memory_format=torch.channels_last)
    assert not model[0].weight.is_contiguous()


def test_the_images_are_moved_to_the_device_before_the_model():
    model = Recorder()
    clf = TorchClassifier(model, SIZE, labels=list("abc"), device="meta")
    probabilities = clf(np.zeros((2,) + SIZE + (3,), np.uint8))
    np.testing.assert_allclose(probabilities, np.full((2, 3), 1 / 3))
    assert [x.device.type for x in model.inputs] == ["meta"]
    assert tuple(model.inputs[0].shape) == (2, 3) + SIZE


# --- name and labels -----------------------------------------------------------------------------------

def test_the_name_defaults_to_the_model_class():
    assert TorchClassifier(Recorder(), SIZE, labels=list("abc"), device="cpu").name == "Recorder"
    assert TorchClassifier(tiny_conv(), SIZE, labels=list("abc"), device="cpu").name == "Sequential"
    assert TorchClassifier(Recorder(), SIZE, labels=list("abc"), name="mine", device="cpu").name == "mine"


def test_the_labels_default_to_the_imagenet_classes():
    clf = TorchClassifier(Recorder(1000), SIZE, device="cpu")
    assert len(clf.labels) == 1000 and clf.labels[:2] == ["tench", "goldfish"] and clf.labels[999] == "toilet_tissue"
    assert clf.predict_top(np.zeros(SIZE + (3,), np.uint8), k=1)[0].label == "tench"   # all tied: the first class


# --- resizing to input_size ----------------------------------------------------------------------------

def test_enlarging_is_bilinear_with_pixel_centres_aligned():
    # columns 0 and 100 stretched to 5: samples at -0.3, 0.1, 0.5, 0.9, 1.3 input pixels, clamped at the borders
    model = Recorder()
    clf = TorchClassifier(model, SIZE, labels=list("abc"), device="cpu")
    clf(np.tile(np.array([0, 100], np.uint8)[None, None, :, None], (1, 4, 1, 3)))
    seen = model.inputs[0]
    assert tuple(seen.shape) == (1, 3) + SIZE
    torch.testing.assert_close(seen, torch.tensor([0.0, 10, 50, 90, 100]).expand(1, 3, 4, 5), atol=1e-4, rtol=0)


def test_shrinking_is_anti_aliased():
    # a one-pixel checkerboard shrunk 3 times: unfiltered bilinear samples fall on pixel centres (0 or 255)
    model = Recorder()
    clf = TorchClassifier(model, SIZE, labels=list("abc"), device="cpu")
    checkerboard = ((np.indices((12, 15)).sum(axis=0) % 2) * 255).astype(np.uint8)
    clf(np.stack([checkerboard] * 3, axis=-1)[None])
    seen = model.inputs[0]
    assert tuple(seen.shape) == (1, 3) + SIZE
    assert torch.all((seen - 127.5).abs() <= 2)


def test_images_of_the_input_size_reach_the_model_unchanged():
    model = Recorder()
    clf = TorchClassifier(model, SIZE, labels=list("abc"), device="cpu")
    pixels = np.random.RandomState(0).randint(0, 256, (2,) + SIZE + (3,)).astype(np.uint8)
    clf(pixels)
    torch.testing.assert_close(model.inputs[0], torch.from_numpy(pixels).permute(0, 3, 1, 2).float(), atol=0, rtol=0)


def test_an_in_place_preprocess_leaves_the_callers_float32_images_alone():
    clf = TorchClassifier(Recorder(), SIZE, labels=list("abc"), preprocess=lambda x: x.div_(255.0), device="cpu")
    pixels = np.full((1,) + SIZE + (3,), 200.0, np.float32)
    clf(pixels)
    assert np.all(pixels == 200.0)


# --- preprocessing -------------------------------------------------------------------------------------

def test_imagenet_normalizer_works_on_the_device_of_its_input():
    normalize = torch_classifier.imagenet_normalizer([0.5, 0.25, 0.0], [0.5, 0.25, 1.0])
    assert normalize(torch.zeros(2, 3, 4, 5, device="meta")).device.type == "meta"
    white = torch.full((1, 3, 2, 2), 255.0)
    torch.testing.assert_close(normalize(white)[0, :, 0, 0], torch.tensor([1.0, 3.0, 1.0]))
