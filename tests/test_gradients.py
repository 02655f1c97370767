"""Gradient times input on a model with a known gradient; cascading randomisation of a small torch model."""

import numpy as np
import pytest

torch = pytest.importorskip("torch")

import lime_teach as lt  # noqa: E402
from blackboxes import grid_segmentation  # noqa: E402
from lime_teach import gradients, randomization  # noqa: E402

SIZE = (8, 8)


def linear_classifier(seed=0):
    """Two scores linear in the pixels: score_c = sum W_c * x, so gradient x input = W_c * x exactly."""
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Flatten(), torch.nn.Linear(3 * SIZE[0] * SIZE[1], 2, bias=False))
    return lt.TorchClassifier(model, SIZE, labels=["a", "b"], preprocess=None, device="cpu")


def small_cnn(seed=0):
    torch.manual_seed(seed)
    model = torch.nn.Sequential(torch.nn.Conv2d(3, 4, 3, padding=1), torch.nn.BatchNorm2d(4), torch.nn.ReLU(),
                                torch.nn.Flatten(), torch.nn.Linear(4 * SIZE[0] * SIZE[1], 3))
    with torch.no_grad():   # a "trained" batch norm: not at its initial values
        model[1].weight.fill_(2.0)
        model[1].running_mean.fill_(0.5)
    return lt.TorchClassifier(model, SIZE, labels=["a", "b", "c"], preprocess=lambda x: (x - 127) / 128,
                              device="cpu")


@pytest.fixture(scope="module")
def image():
    return np.random.RandomState(0).randint(0, 256, SIZE + (3,)).astype(np.uint8)


def test_gradient_x_input_of_a_linear_model_is_weight_times_pixel(image):
    clf = linear_classifier()
    weights = clf.model[1].weight.detach().numpy()[1].reshape(3, *SIZE).transpose(1, 2, 0)
    expected = (weights * image).sum(axis=2)
    assert np.allclose(gradients.gradient_x_input(clf, image, 1), expected, rtol=1e-5, atol=1e-4)


def test_gradient_weights_sum_the_pixels_of_each_superpixel(image):
    clf = linear_classifier()
    segments = grid_segmentation(2)(image)
    pixel_map = gradients.gradient_x_input(clf, image, 0)
    expected = [pixel_map[segments == s].sum() for s in range(4)]
    assert np.allclose(gradients.gradient_weights(clf, image, segments, 0), expected)
    # For a linear model without bias the superpixels add up to the score itself.
    score = clf.model(torch.from_numpy(image.astype(np.float32)).permute(2, 0, 1)[None])[0, 0].item()
    assert sum(expected) == pytest.approx(score, rel=1e-4)


def test_layer_names_list_parameterised_layers_input_side_first():
    assert randomization.layer_names(small_cnn().model) == ["0", "1", "4"]


def parameters_of(classifier):
    return {name: p.detach().clone() for name, p in classifier.model.state_dict().items()}


def test_randomising_the_top_layer_changes_it_alone_and_leaves_the_original_untouched(image):
    clf = small_cnn()
    before = parameters_of(clf)
    random_top = randomization.randomize_top_layers(clf, 1, random_state=0)
    after, changed = parameters_of(clf), parameters_of(random_top)
    assert all(torch.equal(before[n], after[n]) for n in before), "the trained model is not touched"
    assert not torch.equal(changed["4.weight"], before["4.weight"])
    assert all(torch.equal(changed[n], before[n]) for n in before if not n.startswith("4."))
    assert random_top.labels == clf.labels and random_top.input_size == clf.input_size
    assert random_top(image[None]).shape == (1, 3)


def test_cascading_randomisation_reaches_down_and_is_seeded():
    clf = small_cnn()
    before = parameters_of(clf)
    two = parameters_of(randomization.randomize_top_layers(clf, 2, random_state=1))
    assert two["1.weight"].tolist() == [1.0] * 4 and two["1.running_mean"].tolist() == [0.0] * 4, \
        "the batch norm is back at its initial values, running statistics included"
    assert torch.equal(two["0.weight"], before["0.weight"])
    again = parameters_of(randomization.randomize_top_layers(clf, 2, random_state=1))
    other = parameters_of(randomization.randomize_top_layers(clf, 2, random_state=2))
    assert all(torch.equal(two[n], again[n]) for n in two)
    assert not torch.equal(two["4.weight"], other["4.weight"])


def test_randomisation_leaves_torch_s_global_random_state_alone():
    clf = small_cnn()
    torch.manual_seed(123)
    expected = torch.rand(3)
    torch.manual_seed(123)
    randomization.randomize_top_layers(clf, 3, random_state=0)
    assert torch.equal(torch.rand(3), expected)


@pytest.mark.parametrize("call,match", [
    (lambda clf, image: gradients.gradient_x_input(clf, image[:4], 0), "image"),
    (lambda clf, image: gradients.gradient_x_input(clf, image, -1), "label"),
    (lambda clf, image: gradients.gradient_x_input(clf, image, 7), "label"),
    (lambda clf, image: gradients.gradient_x_input(lambda x: x, image, 0), "classifier"),
    (lambda clf, image: gradients.per_superpixel(np.ones((8, 8)), np.zeros((4, 4), int)), "segments"),
    (lambda clf, image: randomization.randomize_top_layers(clf, 4), "num_layers"),
    (lambda clf, image: randomization.randomize_top_layers(clf, 0), "num_layers"),
    (lambda clf, image: randomization.randomize_top_layers(clf, 1, random_state=None), "random_state"),
])
def test_bad_input_names_the_argument(image, call, match):
    with pytest.raises((ValueError, TypeError), match=match):
        call(small_cnn(), image)


@pytest.mark.slow
def test_efficientnet_lite0_has_21_layers_and_its_gradient_baseline_ranks_superpixels():
    clf = lt.load_model("efficientnet_lite0")
    names = randomization.layer_names(clf.model)
    assert len(names) == 21 and names[:3] == ["_conv_stem", "_bn0", "_blocks.0"] and names[-1] == "_fc"
    image = lt.load_image("chelsea", size=clf.input_size)
    segments = lt.segment(image, method="quickshift")
    label = lt.top_labels(clf(image[None])[0], 1)[0]
    weights = gradients.gradient_weights(clf, image, segments, label)
    assert weights.shape == (lt.num_superpixels(segments),) and np.isfinite(weights).all() and weights.std() > 0
    random_head = randomization.randomize_top_layers(clf, 1, random_state=0)
    assert not np.allclose(random_head(image[None]), clf(image[None])), "a random head changes the output"
