"""Superpixels (lime_teach.segmentation, chapter 02): labels 0..K-1, lime's default, parameters."""

import numpy as np
import pytest

import lime_teach as lt
from blackboxes import small_image
from lime_teach import segmentation

@pytest.mark.parametrize("method", ["quickshift", "slic", "felzenszwalb"])
@pytest.mark.parametrize("dtype", ["uint8", "float"])
def test_segment_labels_start_at_zero_and_are_consecutive(method, dtype):
    image = small_image("chelsea", 96)
    image = image if dtype == "uint8" else image / 255.0
    segments = lt.segment(image, method)
    assert segments.shape == image.shape[:2]
    assert np.issubdtype(segments.dtype, np.integer)
    assert segments.max() >= 2, "a real segmentation, not one superpixel"
    np.testing.assert_array_equal(np.unique(segments), np.arange(segments.max() + 1))


def test_segment_relabels_slic_that_starts_at_one(chelsea):
    segments = lt.segment(chelsea, "slic", start_label=1)
    assert segments.min() == 0
    np.testing.assert_array_equal(np.unique(segments), np.arange(segments.max() + 1))


def test_default_segmentation_is_limes_quickshift(chelsea):
    from lime.wrappers.scikit_image import SegmentationAlgorithm
    lime_segments = SegmentationAlgorithm("quickshift", kernel_size=4, max_dist=200, ratio=0.2)(chelsea)
    np.testing.assert_array_equal(lt.segment(chelsea), lime_segments)


def test_segment_parameters_reach_scikit_image(chelsea):
    few, many = lt.segment(chelsea, "slic", n_segments=5), lt.segment(chelsea, "slic", n_segments=60)
    assert segmentation.num_superpixels(few) < segmentation.num_superpixels(many)


def test_relabel():
    segments = np.array([[5, 5, 9], [2, 9, 2], [-1, -1, 5]])
    np.testing.assert_array_equal(segmentation.relabel(segments), [[2, 2, 3], [1, 3, 1], [0, 0, 2]])
    consecutive = np.array([[0, 1], [2, 1]])
    np.testing.assert_array_equal(segmentation.relabel(consecutive), consecutive)
    assert segmentation.relabel(segments).shape == segments.shape
