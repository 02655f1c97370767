"""The course images: names, files, conversion to uint8 RGB, cropping and resizing."""

import importlib
import json
import pathlib

import numpy as np
import pytest
import skimage.data
import skimage.io
from sklearn.datasets import load_sample_image

from lime_teach import images

DATA = pathlib.Path(__file__).resolve().parent.parent / "data"
COURSE_IMAGES = ["astronaut", "camera", "chelsea", "china", "coffee", "coins", "flower", "horse",
                 "motorcycle_left", "motorcycle_right", "rocket"]


def test_available_images_lists_the_course_photos_sorted():
    names = images.available_images()
    assert names == sorted(names)
    assert set(COURSE_IMAGES) <= set(names)


@pytest.mark.parametrize("name", COURSE_IMAGES)
def test_every_course_image_loads_as_uint8_rgb(name):
    image = images.load_image(name)
    assert image.dtype == np.uint8 and image.ndim == 3 and image.shape[2] == 3
    assert image.shape[0] > 100 and image.shape[1] > 100


@pytest.mark.parametrize("name", COURSE_IMAGES)
def test_every_course_image_is_documented(name):
    sources = (DATA / "README.md").read_text()
    assert f"`{images.image_path(name).name}`" in sources


def test_photos_equal_their_originals_in_scikit_image_and_scikit_learn():
    np.testing.assert_array_equal(images.load_image("chelsea"), skimage.data.chelsea())
    np.testing.assert_array_equal(images.load_image("coffee"), skimage.data.coffee())
    np.testing.assert_array_equal(images.load_image("rocket"), skimage.data.rocket())
    np.testing.assert_array_equal(images.load_image("china"), load_sample_image("china.jpg"))
    np.testing.assert_array_equal(images.load_image("flower"), load_sample_image("flower.jpg"))


def test_grayscale_photo_becomes_three_equal_channels():
    camera = images.load_image("camera")
    for channel in range(3):
        np.testing.assert_array_equal(camera[..., channel], skimage.data.camera())


def test_a_path_loads_the_same_pixels_as_the_name():
    np.testing.assert_array_equal(images.load_image(DATA / "chelsea.png"), images.load_image("chelsea"))
    np.testing.assert_array_equal(images.load_image(str(DATA / "chelsea.png")), images.load_image("chelsea"))


@pytest.mark.parametrize("size, shape", [(224, (224, 224, 3)), ((260, 260), (260, 260, 3)),
                                         ((100, 300), (100, 300, 3)), ([50, 40], (50, 40, 3))])
def test_size_gives_the_requested_shape(size, shape):
    image = images.load_image("chelsea", size=size)
    assert image.shape == shape and image.dtype == np.uint8


def test_size_crops_the_centre_instead_of_stretching(tmp_path):
    # red | green | red, each side a quarter of the width: a square crop keeps only green.
    image = np.zeros((100, 200, 3), np.uint8)
    image[:, :50, 0] = image[:, 150:, 0] = 255
    image[:, 50:150, 1] = 255
    path = tmp_path / "stripes.png"
    skimage.io.imsave(path, image, check_contrast=False)
    square = images.load_image(path, size=20)
    assert np.all(square[..., 1] == 255) and np.all(square[..., 0] == 0)


def test_center_crop_keeps_the_largest_centred_part():
    image = np.arange(6 * 10).reshape(6, 10)
    assert images.center_crop(image, 1.0).shape == (6, 6)
    np.testing.assert_array_equal(images.center_crop(image, 1.0), image[:, 2:8])
    assert images.center_crop(image, 2.0).shape == (6, 3)
    assert images.center_crop(image, 0.5).shape == (5, 10)
    assert images.center_crop(image, 0.6).shape == (6, 10)


def test_shrinking_is_anti_aliased():
    # A one-pixel checkerboard shrunk 8 times is a flat grey; sampling without a filter gives black or white.
    checkerboard = ((np.indices((256, 256)).sum(axis=0) % 2) * 255).astype(np.uint8)
    small = images.crop_and_resize(np.stack([checkerboard] * 3, axis=-1), 32)
    assert small.shape == (32, 32, 3)
    assert np.all(np.abs(small.astype(int) - 128) <= 2)


def test_resizing_to_the_same_size_changes_nothing():
    chelsea = images.load_image("chelsea")
    np.testing.assert_array_equal(images.crop_and_resize(chelsea, chelsea.shape[:2]), chelsea)


def test_alpha_is_dropped(tmp_path):
    rgba = np.random.RandomState(0).randint(0, 256, (20, 30, 4)).astype(np.uint8)
    path = tmp_path / "rgba.png"
    skimage.io.imsave(path, rgba, check_contrast=False)
    np.testing.assert_array_equal(images.load_image(path), rgba[..., :3])


def test_sixteen_bit_png_is_scaled_to_uint8(tmp_path):
    deep = np.array([[0, 257 * 100, 65535]], dtype=np.uint16)
    path = tmp_path / "deep.png"
    skimage.io.imsave(path, deep, check_contrast=False)
    np.testing.assert_array_equal(images.load_image(path)[0, :, 0], [0, 100, 255])


def test_float_pixels_are_read_on_their_scale():
    unit = np.array([[0.0, 0.5, 1.0]])
    np.testing.assert_array_equal(images.to_rgb_uint8(unit)[0, :, 0], [0, 128, 255])
    bytes_scale = np.array([[0.0, 99.6, 255.0]])
    np.testing.assert_array_equal(images.to_rgb_uint8(bytes_scale)[0, :, 0], [0, 100, 255])


def test_bool_pixels_become_black_and_white():
    np.testing.assert_array_equal(images.to_rgb_uint8(np.array([[False, True]]))[0, :, 1], [0, 255])


@pytest.mark.parametrize("bad, error", [
    (np.full((4, 4, 3), np.nan), ValueError),
    (np.zeros((0, 4, 3)), ValueError),
    (np.zeros((4, 4, 5)), ValueError),
    (np.full((4, 4), 300), ValueError),
    (np.zeros((4, 4, 3), complex), TypeError),
])
def test_to_rgb_uint8_rejects_bad_pixels(bad, error):
    with pytest.raises(error, match="image"):
        images.to_rgb_uint8(bad)


def test_unknown_name_lists_the_available_images():
    with pytest.raises(ValueError, match="name_or_path.*chelsea.*coffee"):
        images.load_image("tabby")


def test_missing_file_is_file_not_found(tmp_path):
    with pytest.raises(FileNotFoundError, match="name_or_path"):
        images.load_image(tmp_path / "missing.png")


def test_unreadable_file_names_the_argument(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("not an image")
    with pytest.raises(ValueError, match="name_or_path.*notes.png"):
        images.load_image(path)


@pytest.mark.parametrize("size, error", [(0, ValueError), ((224, -1), ValueError), ("224", TypeError),
                                         ((224, 224, 3), TypeError), (2.5, TypeError), (True, TypeError)])
def test_bad_size_names_the_argument(size, error):
    with pytest.raises(error, match="size"):
        images.load_image("chelsea", size=size)


def test_name_must_be_a_string_or_path():
    with pytest.raises(TypeError, match="name_or_path"):
        images.load_image(skimage.data.chelsea())


def test_environment_variable_moves_the_data_folder(tmp_path, monkeypatch):
    skimage.io.imsave(tmp_path / "dot.png", np.full((5, 5, 3), 7, np.uint8), check_contrast=False)
    monkeypatch.setenv("LIME_TEACH_DATA", str(tmp_path))
    try:
        importlib.reload(images)
        assert images.DATA_DIR == tmp_path
        assert images.available_images() == ["dot"]
        assert images.load_image("dot")[0, 0, 0] == 7
    finally:
        monkeypatch.delenv("LIME_TEACH_DATA")
        importlib.reload(images)
    assert images.DATA_DIR == DATA


def test_class_index_has_the_known_imagenet_pairs():
    index = json.loads((DATA / "imagenet_class_index.json").read_text())
    assert len(index) == 1000 and sorted(map(int, index)) == list(range(1000))
    assert index["0"] == ["n01440764", "tench"]
    assert index["285"] == ["n02124075", "Egyptian_cat"]
    assert index["967"] == ["n07920052", "espresso"]
    wnids = [index[str(i)][0] for i in range(1000)]
    assert wnids == sorted(set(wnids)), "WordNet ids must be distinct and in ImageNet's sorted order"
    assert not any(" " in name for _, name in index.values())
