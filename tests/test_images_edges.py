"""Edge cases of lime_teach.images: pixel conversion per dtype, cropping bounds, resizing, names and exact messages."""

import os
import re

import numpy as np
import pytest

from lime_teach import images


@pytest.fixture
def two_images_folder(tmp_path, monkeypatch):
    """A data folder holding the course images "apple" and "pear" (only listed, never read)."""
    (tmp_path / "pear.jpg").write_bytes(b"")
    (tmp_path / "apple.png").write_bytes(b"")
    (tmp_path / "notes.txt").write_text("not an image")
    monkeypatch.setattr(images, "DATA_DIR", tmp_path)
    return tmp_path


# --- to_rgb_uint8: every dtype comes back as uint8 on the 0..255 scale ------------------------------

def test_bool_pixels_are_uint8_black_and_white():
    rgb = images.to_rgb_uint8(np.array([[False, True]]))
    assert rgb.dtype == np.uint8 and rgb.shape == (1, 2, 3)
    np.testing.assert_array_equal(rgb[0, :, 0], [0, 255])


def test_sixteen_bit_pixels_are_divided_by_257_and_rounded():
    # 128 / 257 = 0.498 -> 0, 129 / 257 = 0.502 -> 1, 25828 / 257 = 100.498 -> 100, 25829 -> 101
    deep = np.array([[0, 128, 129, 25828, 25829, 65535]], dtype=np.uint16)
    rgb = images.to_rgb_uint8(deep)
    assert rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb[0, :, 2], [0, 0, 1, 100, 101, 255])


@pytest.mark.parametrize("dtype", [np.int64, np.int32, np.int16, np.uint32])
def test_other_integers_keep_their_values_even_at_most_one(dtype):
    # integers are on the 0..255 scale whatever their maximum: [0, 1] is not the 0..1 float scale
    rgb = images.to_rgb_uint8(np.array([[0, 1]], dtype=dtype))
    assert rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb[0, :, 0], [0, 1])
    np.testing.assert_array_equal(images.to_rgb_uint8(np.array([[7, 255]], dtype=dtype))[0, :, 1], [7, 255])


def test_floats_up_to_one_are_multiplied_by_255():
    rgb = images.to_rgb_uint8(np.array([[0.0, 0.2, 0.8, 1.0]]))
    assert rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb[0, :, 0], [0, 51, 204, 255])   # 0.8 * 255 = 204, not 0.8 * 256 = 204.8


@pytest.mark.parametrize("pixels, expected", [
    ([[0.0, 1.5, 2.0]], [0, 2, 2]),               # maximum just above 1: the 0..255 scale
    ([[0.4, 1.0000001]], [0, 1]),
    ([[10.4, 10.6, 254.5]], [10, 11, 254]),       # rounded half to even
])
def test_floats_above_one_are_on_the_byte_scale(pixels, expected):
    rgb = images.to_rgb_uint8(np.array(pixels, dtype=np.float32))
    assert rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb[0, :, 1], expected)


@pytest.mark.parametrize("pixels, expected", [
    ([[-5.0, 100.0, 255.6, 300.0]], [0, 100, 255, 255]),
    ([[-0.5, 0.5, 1.0]], [0, 128, 255]),          # 0..1 scale: -127.5 clipped to 0
])
def test_floats_out_of_range_are_clipped_not_wrapped(pixels, expected):
    rgb = images.to_rgb_uint8(np.array(pixels))
    assert rgb.dtype == np.uint8
    np.testing.assert_array_equal(rgb[0, :, 0], expected)


@pytest.mark.parametrize("channels", [1, 2])
def test_one_channel_and_gray_alpha_images_become_three_equal_channels(channels):
    gray = np.arange(2 * 3, dtype=np.uint8).reshape(2, 3) * 40
    pixels = np.stack([gray] + [np.full_like(gray, 255)] * (channels - 1), axis=-1)   # (2, 3, channels)
    rgb = images.to_rgb_uint8(pixels)
    assert rgb.shape == (2, 3, 3) and rgb.dtype == np.uint8
    for channel in range(3):
        np.testing.assert_array_equal(rgb[..., channel], gray)


def test_one_channel_image_of_one_column_becomes_rgb():
    column = np.array([[[10]], [[20]], [[30]]], dtype=np.uint8)   # (3, 1, 1)
    rgb = images.to_rgb_uint8(column)
    assert rgb.shape == (3, 1, 3)
    np.testing.assert_array_equal(rgb[:, 0, :], [[10] * 3, [20] * 3, [30] * 3])


# --- center_crop ------------------------------------------------------------------------------------

@pytest.mark.parametrize("shape, aspect, expected", [
    ((1, 10), 1.0, (1, 1)), ((10, 1), 1.0, (1, 1)),          # at least one pixel, never two
    ((4, 4), 100.0, (4, 1)), ((4, 4), 0.01, (1, 4)),
    ((6, 9), 6 / 9, (6, 9)), ((9, 6), 1.5, (9, 6)),          # already of that aspect: unchanged
    ((6, 10), 0.6, (6, 10)), ((5, 10), 0.5, (5, 10)),
])
def test_center_crop_sizes(shape, aspect, expected):
    assert images.center_crop(np.zeros(shape), aspect).shape == expected


def test_center_crop_of_a_tall_image_keeps_the_middle_rows():
    image = np.arange(10 * 4).reshape(10, 4)
    np.testing.assert_array_equal(images.center_crop(image, 1.0), image[3:7])
    np.testing.assert_array_equal(images.center_crop(image[:9], 1.0), image[2:6])   # odd margin: one more below


@pytest.mark.parametrize("shape", [(0, 5), (5, 0), (0, 0)])
@pytest.mark.parametrize("aspect", [0.0, 0.5, 1.0, 2.0])
def test_center_crop_of_an_empty_image_is_empty_for_any_aspect(shape, aspect):
    assert images.center_crop(np.zeros(shape), aspect).size == 0


# --- crop_and_resize --------------------------------------------------------------------------------

def test_crop_to_the_requested_size_returns_the_crop_itself_without_resampling():
    image = np.random.RandomState(0).randint(0, 256, (4, 6, 3)).astype(np.uint8)
    square = images.crop_and_resize(image, 4)
    np.testing.assert_array_equal(square, image[:, 1:5])
    assert np.shares_memory(square, image)


def test_enlarging_is_bilinear():
    # pixels 100 i + 100 j, doubled: bilinear samples at -0.25, 0.25, 0.75, 1.25 (mirrored at the borders)
    ramp = np.add.outer([0, 100], [0, 100]).astype(np.uint8)
    big = images.crop_and_resize(np.stack([ramp] * 3, axis=-1), (4, 4))
    assert big.dtype == np.uint8
    line = np.array([25, 25, 75, 75])
    for channel in range(3):
        np.testing.assert_array_equal(big[..., channel], np.add.outer(line, line))


def test_shrinking_by_an_odd_factor_is_anti_aliased():
    # a one-pixel checkerboard shrunk 3 times: unfiltered samples fall on pixel centres (black or white)
    checkerboard = ((np.indices((96, 96)).sum(axis=0) % 2) * 255).astype(np.uint8)
    small = images.crop_and_resize(np.stack([checkerboard] * 3, axis=-1), 32)
    assert small.shape == (32, 32, 3) and small.dtype == np.uint8
    assert np.all(np.abs(small.astype(int) - 127.5) <= 1)


def test_resized_pixels_out_of_range_are_clipped():
    image = np.full((6, 6, 3), 300.0)
    image[:3] = -40.0
    small = images.crop_and_resize(image, 3)
    assert small.dtype == np.uint8
    np.testing.assert_array_equal(small[0], 0)
    np.testing.assert_array_equal(small[2], 255)


# --- names and paths --------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("chelsea", True), ("motorcycle_left", True),
    ("chelsea.png", False), ("data/chelsea", False), ("./chelsea", False), ("data/chelsea.png", False),
])
def test_is_image_name(text, expected):
    assert images.is_image_name(text) is expected


def test_a_slash_means_a_path_also_where_the_separator_is_a_backslash(monkeypatch):
    monkeypatch.setattr(os, "sep", "\\")
    assert images.is_image_name("data/chelsea") is False
    assert images.is_image_name("data\\chelsea") is False
    assert images.is_image_name("chelsea") is True


def test_unknown_name_message_lists_the_images(two_images_folder):
    with pytest.raises(ValueError, match=r"^name_or_path must be a course image \(apple, pear\) or a path, "
                                         r"got 'banana'$"):
        images.image_path("banana")
    with pytest.raises(ValueError, match=r"^name_or_path must be a course image \(apple, pear\) or a path, "):
        images.load_image("banana")


def test_missing_file_message_lists_the_images(two_images_folder, tmp_path):
    missing = tmp_path / "missing.png"
    expected = (f"name_or_path must be an image file or a course image (apple, pear), got {str(missing)!r}: "
                "no such file")
    with pytest.raises(FileNotFoundError, match=f"^{re.escape(expected)}$"):
        images.read_image(missing)
    with pytest.raises(FileNotFoundError, match=f"^{re.escape(expected)}$"):
        images.load_image(missing)


def test_unreadable_file_message_names_the_file(tmp_path):
    path = tmp_path / "notes.png"
    path.write_text("not an image")
    prefix = f"name_or_path must be a readable image file, got {str(path)!r} ("
    with pytest.raises(ValueError, match=f"(?s)^{re.escape(prefix)}.+\\)$"):
        images.load_image(path)


@pytest.mark.parametrize("bad, got", [(np.zeros((4, 4, 3), np.uint8), "ndarray"), (42, "int"), (None, "NoneType")])
def test_name_or_path_of_another_type_message(bad, got):
    with pytest.raises(TypeError, match=f"^name_or_path must be an image name or a path, got {got}$"):
        images.load_image(bad)
