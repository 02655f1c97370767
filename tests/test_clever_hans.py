"""The Clever Hans dataset: the cue agrees as often as asked, the masks are the shapes."""

import numpy as np
import pytest

import lime_teach as lt
from lime_teach import clever_hans


@pytest.fixture(scope="module")
def data():
    return clever_hans.make_dataset(40, agreement=0.95, random_state=0)


def test_dataset_shapes_and_types(data):
    assert data.images.shape == (40, 64, 64, 3) and data.images.dtype == np.uint8
    assert data.object_masks.shape == (40, 64, 64) and data.object_masks.dtype == bool
    assert data.labels.dtype == np.int64 and set(data.labels) == {0, 1}
    assert np.sum(data.labels) == 20


def test_background_agrees_with_the_label_as_often_as_asked(data):
    assert data.agrees.sum() == 38   # round(0.95 * 40)
    flipped = clever_hans.make_dataset(20, agreement=0.0, random_state=1)
    assert not flipped.agrees.any()


def test_the_same_seed_gives_the_same_images():
    a = clever_hans.make_dataset(5, random_state=3)
    b = clever_hans.make_dataset(5, random_state=3)
    c = clever_hans.make_dataset(5, random_state=4)
    assert np.array_equal(a.images, b.images) and not np.array_equal(a.images, c.images)


def test_object_pixels_have_one_colour_and_the_background_is_grey(data):
    for image, mask in zip(data.images[:10], data.object_masks[:10]):
        assert 0 < mask.mean() < 0.3
        assert len(np.unique(image[mask], axis=0)) == 1
        background = image[~mask]
        assert np.array_equal(background[:, 0], background[:, 1])


def test_circles_are_round_and_squares_fill_their_box(data):
    for label, mask in zip(data.labels, data.object_masks):
        rows, cols = np.nonzero(mask)
        box = (np.ptp(rows) + 1) * (np.ptp(cols) + 1)
        fill = mask.sum() / box
        assert fill == 1.0 if label == 1 else 0.7 < fill < 0.85   # a disk fills pi/4 of its box


def test_grid_segments_are_a_row_major_grid():
    grid = clever_hans.grid_segments(8, 4)
    assert lt.num_superpixels(grid) == 16
    assert grid[0, 0] == 0 and grid[0, 7] == 3 and grid[7, 0] == 12 and grid[7, 7] == 15
    assert np.all(np.bincount(grid.ravel()) == 4)


def test_background_share_of_known_heatmaps():
    mask = np.zeros((4, 4), bool)
    mask[:2, :2] = True                                    # 4 object pixels, 12 background
    assert clever_hans.background_share(np.ones((4, 4)), mask) == pytest.approx(0.75)
    heatmap = np.where(mask, 3.0, -1.0)                    # negative weight does not count
    assert clever_hans.background_share(heatmap, mask) == 0.0
    heatmap = np.where(mask, 1.0, 0.5)
    assert clever_hans.background_share(heatmap, mask.astype(np.uint8)) == pytest.approx(6 / 10)
    assert clever_hans.background_share(-np.ones((4, 4)), mask) == 0.0


def test_background_share_refuses_a_mask_of_another_shape():
    with pytest.raises(ValueError, match="object_mask"):
        clever_hans.background_share(np.ones((4, 4)), np.ones((4, 3), bool))


@pytest.mark.parametrize("kwargs", [{"num_images": 0}, {"num_images": 5, "agreement": 1.5},
                                    {"num_images": 5, "image_size": 16}])
def test_bad_dataset_arguments_are_refused(kwargs):
    with pytest.raises((ValueError, TypeError)):
        clever_hans.make_dataset(**kwargs)


def test_importing_the_package_does_not_import_tensorflow():
    import subprocess
    import sys

    code = "import sys, lime_teach; print('tensorflow' in sys.modules or 'keras' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout.strip() == "False"


@pytest.mark.slow
def test_the_cnn_trained_on_the_cue_fails_on_flipped_backgrounds():
    train = clever_hans.make_dataset(1000, agreement=0.95, random_state=0)
    flipped = clever_hans.make_dataset(200, agreement=0.0, random_state=2)
    model, seconds = clever_hans.train_cnn(train.images, train.labels, epochs=3, random_state=0)
    classifier = lt.KerasClassifier(model, labels=list(clever_hans.CLASSES), batch_size=256)
    assert clever_hans.accuracy(classifier, flipped.images, flipped.labels) < 0.3
    assert clever_hans.accuracy(classifier, train.images, train.labels) > 0.85


def test_texture_images_are_plain_crops_of_the_asked_texture():
    crops = clever_hans.texture_images(np.array([0, 1, 1]), random_state=0)
    assert crops.shape == (3, 64, 64, 3) and crops.dtype == np.uint8
    assert np.array_equal(crops[..., 0], crops[..., 2])
    # brick is smoother than grass: neighbouring pixels differ less
    roughness = [np.abs(np.diff(c[..., 0].astype(int), axis=1)).mean() for c in crops]
    assert roughness[0] > max(roughness[1:])
