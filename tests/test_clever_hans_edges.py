"""Clever Hans edges: exact shapes, colours and textures, the input checks, the CNN's layers and its seeded training."""

import json
import os
import pathlib
import subprocess
import sys
import time
import types

import numpy as np
import pytest
from skimage import data as skdata
from skimage import transform

from lime_teach import clever_hans


class EndsOfRanges(np.random.RandomState):
    """A seeded RandomState whose ``uniform`` draws all land on one end ("low" or "high") of their range."""

    end = "low"

    def uniform(self, low=0.0, high=1.0, size=None):
        value = low if self.end == "low" else high
        return value if size is None else np.full(size, float(value))


def ends_of_ranges(end, seed=0):
    rng = EndsOfRanges(seed)
    rng.end = end
    return rng


def disk(size, centre, radius):
    """(size, size) bool: the pixels strictly closer than ``radius`` to ``centre``."""
    rows, cols = np.mgrid[:size, :size]
    return (rows - centre) ** 2 + (cols - centre) ** 2 < radius ** 2


def square(size, first, last):
    """(size, size) bool: rows and columns first..last (inclusive)."""
    mask = np.zeros((size, size), bool)
    mask[first:last + 1, first:last + 1] = True
    return mask


@pytest.fixture(scope="module")
def textures():
    """grass and brick as the module promises them: halved to 256 px with anti-aliasing, grey levels 0..255."""
    return [np.round(transform.resize(getattr(skdata, name)() / 255.0, (256, 256), anti_aliasing=True) * 255)
            .astype(np.uint8) for name in ("grass", "brick")]


# --- make_dataset: the shapes, their colours and their backgrounds ---

# At 32 px the scale is 1/2: radius 4.5 (smallest) or 7 (largest); the square has the disk's area, half-side
# radius * sqrt(pi) / 2; the centre lies at least ceil(half-size) + 1 from each edge.
EXPECTED_SHAPES = {
    ("low", 0): disk(32, 6, 4.5),     # margin ceil(4.5) + 1 = 6
    ("low", 1): square(32, 1, 8),     # half 3.988, margin 5: round(1.012) .. round(8.988) - 1
    ("high", 0): disk(32, 24, 7.0),   # margin 8, centre 32 - 8
    ("high", 1): square(32, 18, 29),  # half 6.204, margin 8: round(17.796) .. round(30.204) - 1
}


@pytest.mark.parametrize("end, colour", [("low", 0), ("high", 255)])
def test_shapes_at_the_ends_of_their_random_ranges_are_known(end, colour):
    data = clever_hans.make_dataset(2, agreement=1, image_size=32, random_state=ends_of_ranges(end))
    assert sorted(data.labels) == [0, 1] and np.array_equal(data.backgrounds, data.labels)   # agreement 1: all agree
    for image, label, mask in zip(data.images, data.labels, data.object_masks):
        np.testing.assert_array_equal(mask, EXPECTED_SHAPES[end, label])
        assert np.all(image[mask] == colour)


def test_shapes_scale_with_the_image_size():
    data = clever_hans.make_dataset(2, image_size=128, random_state=ends_of_ranges("low"))
    areas = {label: mask.sum() for label, mask in zip(data.labels, data.object_masks)}
    assert areas[0] == disk(128, 19, 18.0).sum()      # radius 9 * 2, centre ceil(18) + 1
    assert areas[1] == 32 * 32                        # half 15.95, centre 17: round(1.05) .. round(32.95) - 1


def test_each_shape_has_one_colour_drawn_channel_by_channel():
    data = clever_hans.make_dataset(12, image_size=32, random_state=0)
    colours = np.array([np.unique(image[mask], axis=0)[0] for image, mask in zip(data.images, data.object_masks)])
    assert all(len(np.unique(image[mask], axis=0)) == 1 for image, mask in zip(data.images, data.object_masks))
    assert all(len(set(colour)) > 1 for colour in colours)         # not grey: three draws, not one
    assert colours.min() < 40 and colours.max() > 215


def test_a_texture_as_large_as_the_image_is_the_whole_background(textures):
    data = clever_hans.make_dataset(2, agreement=0.0, image_size=256, random_state=0)
    assert np.array_equal(data.backgrounds, 1 - data.labels)
    for image, mask, background in zip(data.images, data.object_masks, data.backgrounds):
        grey = textures[background][~mask]
        np.testing.assert_array_equal(image[~mask], np.stack([grey] * 3, axis=1))
    crops = clever_hans.texture_images([0, 1, 1, 0, 1, 0, 0, 1, 1, 0], image_size=256, random_state=0)
    for crop, background in zip(crops, [0, 1, 1, 0, 1, 0, 0, 1, 1, 0]):
        np.testing.assert_array_equal(crop, np.stack([textures[background]] * 3, axis=2))


def test_smallest_image_size_is_32():
    data = clever_hans.make_dataset(1, image_size=32, random_state=0)
    assert data.images.shape == (1, 32, 32, 3)
    with pytest.raises(ValueError, match=r"^image_size must be between 32 and 256 pixels, got 31$"):
        clever_hans.make_dataset(1, image_size=31)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"num_images": 0}, ValueError, r"^num_images must be at least 1, got 0$"),
    ({"num_images": 2.0}, TypeError, r"^num_images must be an integer, got 2\.0$"),
    ({"num_images": 2, "image_size": 0}, ValueError, r"^image_size must be between 32 and 256 pixels, got 0$"),
    ({"num_images": 2, "image_size": 32.0}, TypeError, r"^image_size must be an integer, got 32\.0$"),
    ({"num_images": 2, "agreement": 1.5}, ValueError, r"^agreement must be a fraction in \[0, 1\], got 1\.5$"),
    ({"num_images": 2, "agreement": -0.1}, ValueError, r"^agreement must be a fraction in \[0, 1\], got -0\.1$"),
    ({"num_images": 2, "agreement": True}, ValueError, r"^agreement must be a fraction in \[0, 1\], got True$"),
    ({"num_images": 2, "agreement": "0.5"}, ValueError, r"^agreement must be a fraction in \[0, 1\], got '0\.5'$"),
])
def test_make_dataset_says_which_argument_is_wrong(kwargs, error, message):
    with pytest.raises(error, match=message):
        clever_hans.make_dataset(**kwargs)


def test_agreement_one_and_numpy_floats_are_allowed():
    assert clever_hans.make_dataset(4, agreement=1, image_size=32, random_state=0).agrees.all()
    assert clever_hans.make_dataset(4, agreement=np.float64(0.5), image_size=32, random_state=0).agrees.sum() == 2


def test_an_image_larger_than_the_textures_is_refused_with_a_clear_message():
    with pytest.raises(ValueError, match=r"^image_size must be between 32 and 256 pixels, got 257$"):
        clever_hans.make_dataset(1, image_size=257, random_state=0)
    with pytest.raises(ValueError, match=r"^image_size must be between 1 and 256 pixels, got 257$"):
        clever_hans.texture_images([0], image_size=257, random_state=0)
    assert clever_hans.texture_images([0], image_size=256, random_state=0).shape == (1, 256, 256, 3)


# --- texture_images ---

@pytest.mark.parametrize("backgrounds", [[[0, 1]], [2], [0, -1]])
def test_texture_images_refuses_what_is_not_a_list_of_texture_indices(backgrounds):
    with pytest.raises(ValueError, match=r"^backgrounds must be a 1-D array of texture indices 0\.\.1$"):
        clever_hans.texture_images(backgrounds)


def test_texture_images_checks_the_size_and_follows_the_seed():
    with pytest.raises(ValueError, match=r"^image_size must be between 1 and 256 pixels, got 0$"):
        clever_hans.texture_images([0], image_size=0)
    first = clever_hans.texture_images([0, 1], image_size=32, random_state=3)
    assert np.array_equal(first, clever_hans.texture_images(np.array([0, 1]), image_size=32, random_state=3))
    assert not np.array_equal(first, clever_hans.texture_images([0, 1], image_size=32, random_state=4))


# --- grid_segments ---

def test_grid_segments_default_is_an_8_by_8_grid_of_64_px():
    grid = clever_hans.grid_segments()
    assert grid.shape == (64, 64) and grid.dtype == np.int64
    np.testing.assert_array_equal(grid, np.kron(np.arange(64).reshape(8, 8), np.ones((8, 8), int)))


def test_grid_segments_allow_one_pixel_per_cell_but_not_fewer():
    np.testing.assert_array_equal(clever_hans.grid_segments(4, 4), np.arange(16).reshape(4, 4))
    with pytest.raises(ValueError, match=r"^cells must be at most image_size \(4\), got 5$"):
        clever_hans.grid_segments(4, 5)


@pytest.mark.parametrize("args, message", [((0, 1), r"^image_size must be at least 1, got 0$"),
                                           ((8, 0), r"^cells must be at least 1, got 0$")])
def test_grid_segments_say_which_argument_is_wrong(args, message):
    with pytest.raises(ValueError, match=message):
        clever_hans.grid_segments(*args)


# --- background_share ---

def test_background_share_refuses_other_masks_with_their_message():
    with pytest.raises(ValueError, match=r"^object_mask must be boolean \(or 0/1\): True on the object$"):
        clever_hans.background_share(np.ones((2, 2)), np.full((2, 2), 2))
    with pytest.raises(ValueError, match=r"^heatmap and object_mask must be \(H, W\) arrays of one shape, "
                                         r"got \(4, 4\) and \(4, 3\)$"):
        clever_hans.background_share(np.ones((4, 4)), np.ones((4, 3), bool))


def test_background_share_sums_a_half_precision_heatmap_in_double():
    heatmap = np.full((3, 3), 0.1, np.float16)     # nine equal weights, one on the object
    mask = np.zeros((3, 3), bool)
    mask[0, 0] = True
    assert clever_hans.background_share(heatmap, mask) == pytest.approx(8 / 9, rel=1e-12)
    large = np.full((4, 4), 10000, np.float16)     # 160000 overflows float16
    assert clever_hans.background_share(large, np.eye(4, dtype=bool)) == pytest.approx(12 / 16)
    assert clever_hans.background_share([[1, 1], [1, 1]], [[1, 0], [0, 0]]) == pytest.approx(3 / 4)


# --- accuracy ---

def test_accuracy_compares_the_most_probable_class_with_the_labels():
    seen = []

    def brightness(images):   # class 1 for bright images, 0 for dark ones
        seen.append(type(images))
        mean = images.mean(axis=(1, 2, 3)) / 255
        return np.stack([1 - mean, mean], axis=1)

    images = [np.full((2, 2, 3), value, np.uint8).tolist() for value in (10, 250, 200, 30)]
    result = clever_hans.accuracy(brightness, images, [0, 1, 0, 0])
    assert result == 0.75 and type(result) is float and seen == [np.ndarray]


# --- build_cnn and train_cnn ---
# TensorFlow cannot run an op in a process forked after it ran one (mutation testing forks one process per
# mutant), so here Keras only builds models; the one real training runs in a fresh interpreter.

@pytest.fixture
def keras():
    return pytest.importorskip("keras")


def test_build_cnn_layers_shapes_and_activations(keras):
    model = clever_hans.build_cnn(12, 3)
    assert model.name == "clever_hans_cnn"
    assert [type(layer).__name__ for layer in model.layers] == [
        "Rescaling", "Conv2D", "MaxPooling2D", "Conv2D", "MaxPooling2D", "Conv2D", "GlobalMaxPooling2D", "Dense"]
    assert [tuple(layer.output.shape) for layer in model.layers] == [
        (None, 12, 12, 3), (None, 12, 12, 8), (None, 6, 6, 8), (None, 6, 6, 16), (None, 3, 3, 16),
        (None, 3, 3, 32), (None, 32), (None, 3)]
    assert model.input_shape == (None, 12, 12, 3)
    assert model.layers[0].scale == 1 / 255 and model.layers[0].offset == 0     # pixels 0..255 -> 0..1
    convolutions = [layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D)]
    assert [(c.kernel_size, c.padding, c.activation) for c in convolutions] == \
        [((3, 3), "same", keras.activations.relu)] * 3
    assert model.layers[-1].activation is keras.activations.softmax
    assert model.count_params() == (27 * 8 + 8) + (72 * 16 + 16) + (144 * 32 + 32) + (32 * 3 + 3)


def test_build_cnn_defaults_to_64_px_and_two_classes(keras):
    model = clever_hans.build_cnn()
    assert model.input_shape == (None, 64, 64, 3) and model.output_shape == (None, 2)


FIT_SECONDS = 0.02


def fake_keras(monkeypatch):
    """keras and tensorflow replaced, for train_cnn, by stand-ins that record what is called, in order.

    They take Keras' defaults (Model.fit: epochs=1, batch_size=None, verbose="auto", shuffle=True), so
    what is checked is what Keras would do; the stand-in fit takes FIT_SECONDS."""
    events = []

    class Model:
        def __init__(self, layers=None, name=None):
            events.append("build")
            self.layers, self.name = layers, name

        def compile(self, optimizer="rmsprop", loss=None, metrics=None):
            events.append("compile")
            self.compiled = optimizer, loss, metrics

        def fit(self, x=None, y=None, batch_size=None, epochs=1, verbose="auto", shuffle=True):
            events.append("fit")
            time.sleep(FIT_SECONDS)
            self.fitted = {"x": x, "y": y, "batch_size": batch_size, "epochs": epochs, "verbose": verbose,
                           "shuffle": shuffle}

    class Adam:
        def __init__(self, learning_rate=0.001):
            self.learning_rate = learning_rate

    class Layers:
        def __getattr__(self, kind):
            return lambda *args, **kwargs: (kind, args, kwargs)

    keras = types.ModuleType("keras")
    keras.Sequential, keras.Input, keras.layers = Model, lambda shape: ("Input", shape), Layers()
    keras.optimizers = types.SimpleNamespace(Adam=Adam)
    keras.utils = types.SimpleNamespace(set_random_seed=lambda seed: events.append(("seed", seed, type(seed))))
    tensorflow = types.ModuleType("tensorflow")
    tensorflow.config = types.SimpleNamespace(experimental=types.SimpleNamespace(
        enable_op_determinism=lambda: events.append("deterministic ops")))
    monkeypatch.setitem(sys.modules, "keras", keras)
    monkeypatch.setitem(sys.modules, "tensorflow", tensorflow)
    return events, Adam


def tiny_data(n, size=8, seed=0):
    rng = np.random.RandomState(seed)
    return rng.randint(0, 256, (n, size, size, 3)).astype(np.uint8), np.arange(n) % 2


def test_train_cnn_seeds_builds_compiles_and_fits_as_documented(monkeypatch):
    monkeypatch.delenv("TF_CPP_MIN_LOG_LEVEL", raising=False)
    events, adam = fake_keras(monkeypatch)
    images, labels = tiny_data(5)
    before = time.perf_counter()
    model, seconds = clever_hans.train_cnn(images, labels)
    elapsed = time.perf_counter() - before
    assert events == [("seed", 0, int), "deterministic ops", "build", "compile", "fit"]
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "3"                # set before TensorFlow's first import
    assert model.name == "clever_hans_cnn" and model.layers[0] == ("Input", (8, 8, 3))
    optimizer, loss, metrics = model.compiled
    assert type(optimizer) is adam and optimizer.learning_rate == 3e-3
    assert loss == "sparse_categorical_crossentropy" and metrics == ["accuracy"]
    fitted = model.fitted
    assert fitted["x"].dtype == np.float32 and np.array_equal(fitted["x"], images)
    assert np.array_equal(fitted["y"], labels)
    assert (fitted["epochs"], fitted["batch_size"], fitted["verbose"], fitted["shuffle"]) == (3, 32, 0, True)
    assert FIT_SECONDS <= seconds <= elapsed                      # the time fit took


def test_train_cnn_passes_its_arguments_on(monkeypatch):
    monkeypatch.setenv("TF_CPP_MIN_LOG_LEVEL", "1")
    events, _ = fake_keras(monkeypatch)
    images, labels = tiny_data(6, size=12)
    model, _ = clever_hans.train_cnn(images, list(labels), epochs=2, batch_size=5, learning_rate=0.01,
                                     random_state=np.int64(7))
    assert events[0] == ("seed", 7, int)                           # Keras seeds from a Python int
    assert model.layers[0] == ("Input", (12, 12, 3)) and model.compiled[0].learning_rate == 0.01
    assert (model.fitted["epochs"], model.fitted["batch_size"]) == (2, 5)
    assert np.array_equal(model.fitted["y"], labels)
    assert os.environ["TF_CPP_MIN_LOG_LEVEL"] == "1"               # a level the user chose is kept


TRAIN_FOR_REAL = """
import json
import numpy as np
from lime_teach import clever_hans

rng = np.random.RandomState(0)
images, labels = rng.randint(0, 256, (33, 8, 8, 3)).astype(np.uint8), np.arange(33) % 2
model, seconds = clever_hans.train_cnn(images, labels)

import keras   # the same training by hand: seed 0, Adam(3e-3), 3 shuffled epochs of 32 images
keras.utils.set_random_seed(0)
reference = clever_hans.build_cnn(8)
reference.compile(optimizer=keras.optimizers.Adam(3e-3), loss="sparse_categorical_crossentropy", metrics=["accuracy"])
reference.fit(images.astype(np.float32), labels, epochs=3, batch_size=32, verbose=0, shuffle=True)
print(json.dumps({
    "same_weights": all(np.array_equal(a, b) for a, b in zip(model.get_weights(), reference.get_weights())),
    "steps": int(model.optimizer.iterations),
    "probabilities": model.predict(images[:4], verbose=0).tolist(),
    "seconds": seconds,
}))
"""


def test_train_cnn_trains_a_real_model_as_the_documented_recipe_does():
    """A fresh interpreter: one seed gives one model, and fit prints nothing (verbose=0)."""
    pytest.importorskip("keras")
    package_parent = str(pathlib.Path(clever_hans.__file__).resolve().parents[1])
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [package_parent, os.environ.get("PYTHONPATH")])))
    run = subprocess.run([sys.executable, "-c", TRAIN_FOR_REAL], check=False, capture_output=True, text=True, env=env,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    lines = run.stdout.strip().splitlines()
    assert len(lines) == 1, run.stdout                              # no progress bar
    result = json.loads(lines[0])
    assert result["same_weights"] and result["steps"] == 3 * 2      # 3 epochs of ceil(33 / 32) batches
    probabilities = np.array(result["probabilities"])
    assert probabilities.shape == (4, 2) and np.allclose(probabilities.sum(axis=1), 1, atol=1e-6)
    assert result["seconds"] > 0


@pytest.mark.parametrize("shape", [(4, 8, 8), (4, 8, 6, 3), (4, 8, 8, 1), (4, 8, 8, 3, 1)])
def test_train_cnn_refuses_images_of_another_shape(shape, monkeypatch):
    fake_keras(monkeypatch)   # were they let through, the stand-in would train on them and nothing would be raised
    message = r"^images must have shape \(N, S, S, 3\), got " + repr(shape).replace("(", r"\(").replace(")", r"\)")
    with pytest.raises(ValueError, match=message + "$"):
        clever_hans.train_cnn(np.zeros(shape, np.uint8), np.arange(4) % 2)


@pytest.mark.parametrize("labels, described", [
    (np.array([0.0, 1.0, 0.0, 1.0]), r"shape \(4,\), dtype float64"),
    (np.array([0, 1, 2, 0]), r"shape \(4,\), dtype int64"),
    (np.array([0, 1, 0]), r"shape \(3,\), dtype int64"),
    (np.array([[0], [1], [0], [1]]), r"shape \(4, 1\), dtype int64"),
])
def test_train_cnn_refuses_labels_that_are_not_class_indices(labels, described, monkeypatch):
    fake_keras(monkeypatch)
    with pytest.raises(ValueError, match=r"^labels must be \(4,\) class indices 0\.\.1, got " + described + "$"):
        clever_hans.train_cnn(np.zeros((4, 8, 8, 3), np.uint8), labels)


@pytest.mark.parametrize("kwargs, error, message", [
    ({"epochs": 0}, ValueError, r"^epochs must be at least 1, got 0$"),
    ({"epochs": 1.0}, TypeError, r"^epochs must be an integer, got 1\.0$"),
    ({"batch_size": 0}, ValueError, r"^batch_size must be at least 1, got 0$"),
    ({"batch_size": 2.0}, TypeError, r"^batch_size must be an integer, got 2\.0$"),
    ({"random_state": True}, TypeError, r"^random_state must be an int \(Keras seeds from an int\), got True$"),
    ({"random_state": 1.5}, TypeError, r"^random_state must be an int \(Keras seeds from an int\), got 1\.5$"),
    ({"random_state": None}, TypeError, r"^random_state must be an int \(Keras seeds from an int\), got None$"),
    ({"random_state": "0"}, TypeError, r"^random_state must be an int \(Keras seeds from an int\), got '0'$"),
])
def test_train_cnn_says_which_argument_is_wrong(kwargs, error, message, monkeypatch):
    fake_keras(monkeypatch)
    with pytest.raises(error, match=message):
        clever_hans.train_cnn(np.zeros((4, 8, 8, 3), np.uint8), np.arange(4) % 2, **kwargs)
