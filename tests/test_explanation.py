"""What an Explanation shows (lime_teach.explanation, chapter 06): heatmaps and lime's get_image_and_mask."""

import numpy as np


def test_heatmap(explanation, label):
    heat = explanation.heatmap(label)
    assert heat.shape == explanation.segments.shape
    chosen = dict(explanation.local_exp[label])
    assert len(chosen) == 4
    for feature in range(explanation.masks.shape[1]):
        where = explanation.segments == feature
        np.testing.assert_array_equal(heat[where], chosen.get(feature, 0.0))


def superpixels_in(mask, segments, value=1):
    return set(np.unique(segments[mask == value]).tolist())


def test_get_image_and_mask_positive_only(explanation, label):
    positive = [f for f, w in explanation.local_exp[label] if w > 0]
    image, mask = explanation.get_image_and_mask(label, num_features=2)
    assert superpixels_in(mask, explanation.segments) == set(positive[:2])
    assert set(np.unique(mask)) <= {0, 1}
    np.testing.assert_array_equal(image, explanation.image)  # hide_rest=False shows the whole image


def test_get_image_and_mask_negative_only_and_hide_rest(explanation, label):
    negative = [f for f, w in explanation.local_exp[label] if w < 0]
    assert negative, "the fixture should have negative evidence"
    image, mask = explanation.get_image_and_mask(label, positive_only=False, negative_only=True, hide_rest=True)
    assert superpixels_in(mask, explanation.segments) == set(negative)
    np.testing.assert_array_equal(image[mask == 1], explanation.image[mask == 1])
    assert (image[mask == 0] == 0).all(), "hide_rest blacks out everything else"


def test_get_image_and_mask_both_signs(explanation, label):
    image, mask = explanation.get_image_and_mask(label, positive_only=False, num_features=3)
    top = explanation.local_exp[label][:3]
    assert superpixels_in(mask, explanation.segments, 1) == {f for f, w in top if w > 0}
    assert superpixels_in(mask, explanation.segments, -1) == {f for f, w in top if w < 0}
    # Evidence for the label is painted green (channel 1), against it red (channel 0).
    for feature, weight in top:
        where = explanation.segments == feature
        assert (image[where, 0 if weight < 0 else 1] == explanation.image.max()).all()


def test_get_image_and_mask_min_weight(explanation, label):
    weights = [abs(w) for _, w in explanation.local_exp[label]]
    threshold = float(np.median(weights))
    _, mask = explanation.get_image_and_mask(label, positive_only=False, min_weight=threshold, num_features=10)
    expected = {f for f, w in explanation.local_exp[label] if abs(w) >= threshold}
    assert superpixels_in(mask, explanation.segments, 1) | superpixels_in(mask, explanation.segments, -1) == expected
