"""Edge cases of lime_teach.classifier: the ImageNet labels, top-k defaults and ties, the repr, exact messages."""

import json
import re

import numpy as np
import pytest
import torch

from lime_teach import classifier, images
from lime_teach.torch_classifier import TorchClassifier

SIZE = (4, 5)


def constant_classifier(logits, **kwargs):
    """A Linear layer on the 4 x 5 pixels with zero weights: every image gets the same ``logits``."""
    layer = torch.nn.Linear(3 * SIZE[0] * SIZE[1], len(logits))
    with torch.no_grad():
        layer.weight.zero_()
        layer.bias.copy_(torch.tensor(logits, dtype=torch.float32))
    labels = kwargs.pop("labels", [f"class{i}" for i in range(len(logits))])
    return TorchClassifier(torch.nn.Sequential(torch.nn.Flatten(), layer), SIZE, labels=labels, device="cpu",
                           **kwargs)


def image(seed=0):
    return np.random.RandomState(seed).randint(0, 256, SIZE + (3,)).astype(np.uint8)


# --- the ImageNet class index ------------------------------------------------------------------------

def test_imagenet_labels_are_the_1000_class_names_in_index_order():
    labels = classifier.imagenet_labels()
    assert len(labels) == 1000
    assert labels[:3] == ["tench", "goldfish", "great_white_shark"]
    assert labels[285] == "Egyptian_cat" and labels[967] == "espresso" and labels[999] == "toilet_tissue"


def test_imagenet_class_index_reads_the_json_of_the_data_folder(tmp_path, monkeypatch):
    index = {"0": ["n1", "zero"], "1": ["n2", "one"]}
    (tmp_path / "imagenet_class_index.json").write_text(json.dumps(index))
    monkeypatch.setattr(images, "DATA_DIR", tmp_path)
    assert classifier.imagenet_class_index() == index
    assert classifier.imagenet_labels() == ["zero", "one"]


def test_missing_class_index_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.setattr(images, "DATA_DIR", tmp_path)
    path = tmp_path / "imagenet_class_index.json"
    expected = (f"ImageNet class index not found at {str(path)!r} "
                "(set LIME_TEACH_DATA to the course's data folder)")
    with pytest.raises(FileNotFoundError, match=f"^{re.escape(expected)}$"):
        classifier.imagenet_class_index()
    with pytest.raises(FileNotFoundError, match=f"^{re.escape(expected)}$"):
        classifier.imagenet_labels()


# --- predict_top --------------------------------------------------------------------------------------

def test_predict_top_gives_five_classes_by_default():
    clf = constant_classifier(np.arange(7.0))
    top = clf.predict_top(image())
    assert [p.index for p in top] == [6, 5, 4, 3, 2]
    assert [p.label for p in top] == ["class6", "class5", "class4", "class3", "class2"]
    batch_top = clf.predict_top(np.stack([image(0), image(1)]))
    assert [len(t) for t in batch_top] == [5, 5]


def test_predict_top_breaks_ties_by_class_index():
    # Four classes tie for the top, the other sixteen tie below: lower indices first in each tie.
    logits = np.zeros(20)
    logits[[3, 7, 12, 18]] = 1.0
    clf = constant_classifier(logits)
    top = clf.predict_top(image(), k=6)
    assert [p.index for p in top] == [3, 7, 12, 18, 0, 1]
    assert top[0].probability == top[3].probability == pytest.approx(np.e / (4 * np.e + 16))


def test_predict_top_k_larger_than_the_number_of_classes_gives_them_all():
    top = constant_classifier([0.0, 2.0, 1.0]).predict_top(image(), k=10)
    assert [p.index for p in top] == [1, 2, 0]
    assert sum(p.probability for p in top) == pytest.approx(1.0)
    assert all(isinstance(p.index, int) and isinstance(p.probability, float) for p in top)


# --- repr -------------------------------------------------------------------------------------------

def test_repr_names_the_class_and_its_settings():
    clf = constant_classifier([0.0, 1.0, 2.0], name="tiny", batch_size=3)
    assert repr(clf) == "TorchClassifier(name='tiny', input_size=(4, 5), num_classes=3, batch_size=3)"


# --- to_probabilities: probabilities kept, logits through a softmax ------------------------------------

def test_probabilities_with_an_exact_zero_are_kept():
    np.testing.assert_array_equal(classifier.to_probabilities([[0.0, 1.0], [0.5, 0.5]]), [[0.0, 1.0], [0.5, 0.5]])


def test_probabilities_within_the_tolerance_are_divided_by_their_sum():
    got = classifier.to_probabilities([[0.25, 0.7495]])  # sums to 0.9995: a softmax output in float32
    np.testing.assert_allclose(got, [[0.25 / 0.9995, 0.7495 / 0.9995]], rtol=1e-15)


def test_logits_are_shifted_row_by_row_so_no_row_underflows():
    """Rows of very different scales: shifting by the largest logit of all would turn the second row's
    exponentials into 0 / 0."""
    e = np.e
    got = classifier.to_probabilities([[1000.0, 999.0], [0.0, -1.0]])
    np.testing.assert_allclose(got, [[e / (1 + e), 1 / (1 + e)]] * 2, rtol=1e-12)


def test_a_scalar_from_the_model_is_named_and_refused():
    with pytest.raises(ValueError, match=r"^the model must return an array of shape \(num_images, num_classes\) "
                                         r"= \(0, C\), got shape \(\)$"):
        classifier.to_probabilities(3.0)


class Fixed(classifier.Classifier):
    """The classifier contract around a model that always answers the same logits."""

    def predict_batch(self, batch):
        return np.tile([2.0, 0.0], (len(batch), 1))


def test_the_contract_names_a_bad_input_size_and_a_bad_batch_size():
    with pytest.raises(TypeError, match=r"^input_size must be an int or a \(height, width\) pair of ints, got 'x'$"):
        Fixed("fixed", ["a", "b"], "x", 4)
    model = Fixed("fixed", ["a", "b"], (4, 5), 4)
    model.batch_size = 0  # an attribute students change: checked when the model is called
    with pytest.raises(ValueError, match=r"^batch_size must be at least 1, got 0$"):
        model(np.zeros((1, 4, 5, 3), np.uint8))
