"""The course images: load a photo by name or path as a uint8 RGB array (chapter 01).

Every function here returns images as ``(H, W, 3) uint8`` arrays, the form the
classifiers and LIME expect. The photos come from scikit-image and
scikit-learn and ship in the repository's ``data/`` folder (see
``data/README.md`` for their sources and licences).
"""

import os
import pathlib

import numpy as np

from .validation import check_instance, check_pixels, check_size

# The course's data folder, next to the package in the repository. Set the
# environment variable LIME_TEACH_DATA to use a copy kept somewhere else.
DATA_DIR = pathlib.Path(os.environ.get("LIME_TEACH_DATA",
                                       pathlib.Path(__file__).resolve().parent.parent / "data"))

IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg")


def image_files():
    """``{name: path}`` of the course images in ``DATA_DIR`` (``"chelsea"`` -> ``DATA_DIR/chelsea.png``)."""
    if not DATA_DIR.is_dir():
        return {}
    return {p.stem: p for p in sorted(DATA_DIR.iterdir()) if p.suffix.lower() in IMAGE_SUFFIXES}


def available_images():
    """Names of the course images, sorted: ``["astronaut", "camera", ...]``."""
    return sorted(image_files())


def is_image_name(text):
    """True for a bare word such as ``"chelsea"``; False for anything with a suffix or a folder."""
    return not pathlib.PurePath(text).suffix and "/" not in text and os.sep not in text


def image_path(name):
    """Path of the course image called ``name``, or a ValueError listing the names there are."""
    files = image_files()
    if name not in files:
        raise ValueError(f"name_or_path must be a course image ({', '.join(sorted(files))}) or a path, "
                         f"got {name!r}")
    return files[name]


def to_rgb_uint8(image):
    """Any image array as ``(H, W, 3) uint8``.

    image: (H, W) grayscale, (H, W, 2) grayscale + alpha, (H, W, 3) RGB or
        (H, W, 4) RGBA; bool, integer or float. Alpha is dropped, grayscale is
        repeated into three channels. Floats whose maximum is at most 1 are
        read on the 0..1 scale (scikit-image's convention), other floats on the
        0..255 scale; both are rounded and clipped to 0..255. uint16 pixels
        (16-bit PNGs) are rescaled from 0..65535; other integers must lie in 0..255.
    """
    image = check_pixels(image)
    if image.ndim == 3 and image.shape[-1] in (2, 4):
        image = image[..., :-1]
    if image.ndim == 3 and image.shape[-1] == 1:
        image = image[..., 0]
    if image.ndim == 2:
        image = np.stack([image] * 3, axis=-1)
    return _as_uint8(image)


def _as_uint8(image):
    """Checked pixels (see ``check_pixels``) as uint8."""
    if image.dtype == np.uint8:
        return image
    if image.dtype == bool:
        return image.astype(np.uint8) * 255
    if image.dtype == np.uint16:  # 16-bit PNGs use the full 0..65535 range
        return np.round(image / 257).astype(np.uint8)
    if np.issubdtype(image.dtype, np.integer):  # check_pixels: within 0..255
        return image.astype(np.uint8)
    scale = 255.0 if image.max() <= 1.0 else 1.0
    return np.clip(np.round(image * scale), 0, 255).astype(np.uint8)


def center_crop(image, aspect):
    """The largest centred part of ``image`` whose height / width is ``aspect``.

    image: (H, W, ...) array. Returns a view (h, w, ...) with h / w as close to
    ``aspect`` as whole pixels allow.
    """
    height, width = image.shape[:2]
    if width * aspect > height:          # too wide: keep the full height
        new_height, new_width = height, max(1, round(height / aspect))
    else:                                # too tall: keep the full width
        new_height, new_width = max(1, round(width * aspect)), width
    top, left = (height - new_height) // 2, (width - new_width) // 2
    return image[top:top + new_height, left:left + new_width]


def crop_and_resize(image, size):
    """``image`` centre-cropped to the aspect of ``size``, then resized to ``size``.

    image: (H, W, 3) uint8. size: int or (height, width). Returns
    (height, width, 3) uint8. Cropping first keeps the objects' proportions
    (a cat stays a cat, not a stretched cat); shrinking is anti-aliased, so
    fine textures do not turn into moiré.
    """
    from skimage.transform import resize

    height, width = check_size(size)
    image = center_crop(image, height / width)
    if image.shape[:2] == (height, width):
        return image
    resized = resize(image, (height, width), order=1, anti_aliasing=True, preserve_range=True)
    return np.clip(np.round(resized), 0, 255).astype(np.uint8)


def read_image(path):
    """The pixels of the image file at ``path``, as the file stores them."""
    from skimage.io import imread

    path = pathlib.Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"name_or_path must be an image file or a course image "
                                f"({', '.join(available_images())}), got {str(path)!r}: no such file")
    try:
        return imread(path)
    except Exception as error:  # each image library has its own error types
        raise ValueError(f"name_or_path must be a readable image file, got {str(path)!r} ({error})") from error


def load_image(name_or_path, size=None):
    """A course image by name (``"chelsea"``) or any image file by path, as ``(H, W, 3) uint8``.

    name_or_path: a name from ``available_images()``, or a path (str or
        pathlib.Path) to a PNG, JPEG or other image file.
    size: None keeps the file's size; an int or a (height, width) pair
        centre-crops the image to that aspect and resizes it, e.g.
        ``load_image("chelsea", size=clf.input_size)``.

    Grayscale images come back as RGB, alpha channels are dropped, float and
    16-bit pixels are converted to uint8 (see ``to_rgb_uint8``).
    """
    name_or_path = check_instance(name_or_path, (str, os.PathLike), "name_or_path", "an image name or a path")
    if size is not None:
        size = check_size(size)
    if isinstance(name_or_path, str) and is_image_name(name_or_path):
        path = image_path(name_or_path)
    else:
        path = pathlib.Path(name_or_path).expanduser()
    image = to_rgb_uint8(read_image(path))
    if size is not None:
        image = crop_and_resize(image, size)
    return image
