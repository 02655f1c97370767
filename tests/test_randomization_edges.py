"""Cascading randomisation at its edges (lime_teach.randomization): nested layers, the copy's settings, image_change."""

import re

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import lime_teach as lt  # noqa: E402
from lime_teach import randomization  # noqa: E402

SIZE = (4, 4)


class Nested(torch.nn.Module):
    """A stem, a Sequential block of two convolutions around a ReLU, a parameter-free container, a ModuleList head."""

    def __init__(self):
        super().__init__()
        self.stem = torch.nn.Conv2d(3, 2, 1)
        self.blocks = torch.nn.Sequential(torch.nn.Conv2d(2, 2, 1), torch.nn.ReLU(),
                                          torch.nn.Sequential(torch.nn.Conv2d(2, 2, 1)))
        self.act = torch.nn.ReLU()
        self.empty = torch.nn.Sequential(torch.nn.ReLU())
        self.heads = torch.nn.ModuleList([torch.nn.Linear(2 * SIZE[0] * SIZE[1], 3)])

    def forward(self, x):
        return self.heads[0](self.act(self.blocks(self.stem(x))).flatten(1))


def small_classifier(cls=lt.TorchClassifier, **kwargs):
    torch.manual_seed(0)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 2, 1), torch.nn.Flatten(), torch.nn.Linear(2 * SIZE[0] * SIZE[1], 3))
    return cls(model, SIZE, labels=["a", "b", "c"], **{"device": "cpu", **kwargs})


def state(classifier):
    return {name: p.detach().clone() for name, p in classifier.model.state_dict().items()}


def same_state(a, b):
    return a.keys() == b.keys() and all(torch.equal(a[n], b[n]) for n in a)


def test_layer_names_open_containers_one_level_and_skip_parameter_free_children():
    assert randomization.layer_names(Nested()) == ["stem", "blocks.0", "blocks.2", "heads.0"]


def test_randomising_a_layer_inside_a_container_resets_it_alone():
    clf = lt.TorchClassifier(Nested(), SIZE, labels=["a", "b", "c"], device="cpu")
    before = state(clf)
    after = state(randomization.randomize_top_layers(clf, 2, random_state=0))
    changed = {n for n in before if not torch.equal(before[n], after[n])}
    assert changed == {"heads.0.weight", "heads.0.bias", "blocks.2.0.weight", "blocks.2.0.bias"}


def test_the_default_seed_is_0():
    clf = small_classifier()
    default = state(randomization.randomize_top_layers(clf, 1))
    assert same_state(default, state(randomization.randomize_top_layers(clf, 1, random_state=0)))
    assert not same_state(default, state(randomization.randomize_top_layers(clf, 1, random_state=1)))


def test_the_copy_keeps_preprocess_batch_size_and_says_what_was_randomised():
    def preprocess(x):
        return (x - 127) / 128

    clf = small_classifier(preprocess=preprocess, batch_size=7)
    random_top = randomization.randomize_top_layers(clf, 2)
    assert random_top.preprocess is preprocess and random_top.batch_size == 7
    assert random_top.name == "Sequential (top 2 layers random)"
    named = small_classifier(name="tiny")
    assert randomization.randomize_top_layers(named, 1).name == "tiny (top 1 layers random)"


class DeviceRecordingClassifier(lt.TorchClassifier):
    """A TorchClassifier that remembers the device it was built with (this machine has only a CPU)."""

    def __init__(self, *args, device="not given", **kwargs):
        self.device_given = device
        super().__init__(*args, device="cpu", **kwargs)


def test_the_copy_is_built_with_the_classifier_s_device():
    clf = small_classifier(DeviceRecordingClassifier)
    random_top = randomization.randomize_top_layers(clf, 1)
    assert type(random_top) is DeviceRecordingClassifier
    assert random_top.device_given == torch.device("cpu") and random_top.device_given is clf.device


class NoDeviceClassifier:
    """A torch classifier type without a ``device`` attribute: its copy is asked for device None."""

    def __init__(self, model, input_size, labels=None, preprocess=None, name=None, device="not given",
                 batch_size=None):
        self.model, self.input_size, self.labels, self.preprocess = model, input_size, labels, preprocess
        self.name, self.batch_size, self.device_given = name, batch_size, device


def test_a_classifier_without_a_device_attribute_gets_device_none():
    torch.manual_seed(0)
    clf = NoDeviceClassifier(torch.nn.Sequential(torch.nn.Linear(2, 2)), SIZE, labels=["a", "b"], name="duck",
                             batch_size=3)
    random_top = randomization.randomize_top_layers(clf, 1)
    assert random_top.device_given is None and random_top.batch_size == 3
    assert random_top.name == "duck (top 1 layers random)"


@pytest.mark.parametrize("num_layers, random_state, error, message", [
    (0, 0, ValueError, "num_layers must be at least 1, got 0"),
    (1.0, 0, TypeError, "num_layers must be an integer, got 1.0"),
    (3, 0, ValueError, "num_layers must be at most the number of layers (2), got 3"),
    (1, None, TypeError, "random_state must be an int >= 0 (a seed), got None"),
    (1, -1, TypeError, "random_state must be an int >= 0 (a seed), got -1"),
])
def test_bad_arguments_exact_messages(num_layers, random_state, error, message):
    with pytest.raises(error, match="^" + re.escape(message) + "$"):
        randomization.randomize_top_layers(small_classifier(), num_layers, random_state=random_state)


# --- image_change ----------------------------------------------------------------------------------------

# A 2 x 3 uint8 image: the left column (label 0) and the two right columns (label 1).
IMAGE = np.array([[[10, 20, 30], [100, 110, 120], [200, 210, 220]],
                  [[12, 22, 32], [102, 112, 122], [202, 212, 222]]], np.uint8)
SEGMENTS = np.array([[0, 1, 1], [0, 1, 1]])


def test_image_change_by_each_superpixel_s_mean_colour_the_default():
    # Means (uint8, truncated): left 11, 21, 31; right 151, 161, 171.
    # Left: 1 per channel per pixel, 6 in all. Right: |100-151| + |200-151| + |102-151| + |202-151| = 200
    # per channel, 600 in all (no uint8 wrap-around: 100 - 151 would be 205).
    got = randomization.image_change(IMAGE, SEGMENTS)
    assert got.dtype == np.float64 and got.tolist() == [6.0, 600.0]


def test_image_change_by_a_hide_colour():
    # Left: (10+20+30) + (12+22+32) = 126; right: the sum of the 12 right-column values.
    right = int(IMAGE[:, 1:].astype(int).sum())
    assert randomization.image_change(IMAGE, SEGMENTS, hide_color=0).tolist() == [126.0, float(right)]
    # 255: |x - 255| with no wrap-around; a list image counts as well.
    expected = [float((255 - IMAGE[:, :1].astype(int)).sum()), float((255 - IMAGE[:, 1:].astype(int)).sum())]
    assert randomization.image_change(IMAGE.tolist(), SEGMENTS.tolist(), 255).tolist() == expected


def test_image_change_of_a_float_image_and_a_grey_one():
    image = np.array([[0.0, 1.0], [3.0, 3.0]])   # (H, W): made RGB, three identical channels
    got = randomization.image_change(image, np.array([[0, 0], [1, 1]]))
    assert got.tolist() == [3.0, 0.0]   # means 0.5 and 3: 2 * 0.5 per channel


def test_image_change_bad_segments_exact_message():
    message = r"^segments must have the image's height and width \(2, 3\), got shape \(2, 2\)$"
    with pytest.raises(ValueError, match=message):
        randomization.image_change(IMAGE, np.zeros((2, 2), int))
