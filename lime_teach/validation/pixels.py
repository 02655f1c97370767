"""Checks of images and of what stands for pixels: an image for LIME, a classifier's batch,
an image file's pixels, a size, a hide colour."""

import numpy as np


def check_image(image, name="image"):
    """An image for LIME: (H, W, 3) or (H, W) (made RGB as lime does), uint8 or float, finite, not empty."""
    if not isinstance(image, np.ndarray):
        if not isinstance(image, (list, tuple)):
            raise TypeError(f"{name} must be a numpy array of shape (H, W, 3), got {type(image).__name__}")
        image = np.asarray(image)
    if image.dtype == bool or not np.issubdtype(image.dtype, np.number):
        raise TypeError(f"{name} must hold numbers (uint8 or float), got dtype {image.dtype}")
    if image.ndim == 2:
        # lime calls skimage's gray2rgb: three identical channels.
        image = np.stack([image] * 3, axis=-1)
    if image.ndim != 3 or image.shape[2] != 3:
        alpha = " (drop the alpha channel: image[..., :3])" if image.ndim == 3 and image.shape[2] == 4 else ""
        raise ValueError(f"{name} must have shape (H, W, 3) or (H, W), got {image.shape}{alpha}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise ValueError(f"{name} must not be empty, got shape {image.shape}")
    if np.issubdtype(image.dtype, np.floating) and not np.isfinite(image).all():
        raise ValueError(f"{name} must hold finite pixels, got NaN or infinite ones")
    return image


def check_images(images, name="images"):
    """A classifier's input: an (N, H, W, 3) batch of uint8 pixels, or other real ones finite in 0..255."""
    images = np.asarray(images)
    if images.ndim == 3 and images.shape[-1] == 3:
        raise ValueError(f"{name} must be a batch (N, H, W, 3), got one image of shape {images.shape}; "
                         "pass image[None] for a batch of one")
    if images.ndim != 4 or images.shape[-1] != 3 or min(images.shape[:3]) == 0:
        raise ValueError(f"{name} must be a batch (N, H, W, 3) of at least one RGB image of at least one pixel, "
                         f"got shape {images.shape}")
    if images.dtype == np.uint8:
        return images
    if images.dtype == bool or not np.issubdtype(images.dtype, np.integer) | np.issubdtype(images.dtype, np.floating):
        raise TypeError(f"{name} must hold uint8 (or real-valued) pixels, got dtype {images.dtype}")
    if not np.all(np.isfinite(images)) or images.min() < 0 or images.max() > 255:
        raise ValueError(f"{name} must hold finite pixel values in 0..255, got {images.min()}..{images.max()}")
    return images


def check_uint8_images(images, name="images", batch=True, min_size=1):
    """uint8 pixels: an (N, H, W, 3) batch of at least one image (or one (H, W, 3) image), H and W >= min_size."""
    images = np.asarray(images)
    ndim, what = (4, "a batch (N, H, W, 3) of at least one image") if batch else (3, "an image (H, W, 3)")
    if images.ndim != ndim or images.shape[-1] != 3 or min(images.shape[:-1]) < 1 \
            or min(images.shape[-3:-1]) < min_size:
        raise ValueError(f"{name} must be {what} of at least {min_size} x {min_size} pixels, got shape {images.shape}")
    if images.dtype != np.uint8:
        raise TypeError(f"{name} must be uint8 (pixel levels 0..255), got dtype {images.dtype}")
    return images


def check_pixels(image, name="image"):
    """An image file's pixels: (H, W) or (H, W, 1..4) (gray, gray + alpha, RGB, RGBA); bool, uint16,
    other integers in 0..255, or finite floats."""
    image = np.asarray(image)
    if not (image.ndim == 2 or (image.ndim == 3 and image.shape[-1] in (1, 2, 3, 4))):
        raise ValueError(f"{name} must have shape (H, W), (H, W, 3) or (H, W, 4), got shape {image.shape}")
    if image.shape[0] == 0 or image.shape[1] == 0:
        raise ValueError(f"{name} must not be empty, got shape {image.shape}")
    if image.dtype in (bool, np.uint8, np.uint16):
        return image
    if np.issubdtype(image.dtype, np.integer):
        if image.min() < 0 or image.max() > 255:
            raise ValueError(f"{name} must hold integer pixels in 0..255, got {image.min()}..{image.max()}")
        return image
    if not np.issubdtype(image.dtype, np.floating):
        raise TypeError(f"{name} must hold bool, integer or float pixels, got dtype {image.dtype}")
    if not np.all(np.isfinite(image)):
        raise ValueError(f"{name} must hold finite pixel values, got NaN or inf")
    return image


def check_size(size, name="size"):
    """``size`` as a ``(height, width)`` pair of positive ints (an int means a square)."""
    if isinstance(size, (int, np.integer)) and not isinstance(size, bool):
        size = (size, size)
    if (not isinstance(size, (tuple, list)) or len(size) != 2
            or not all(isinstance(s, (int, np.integer)) and not isinstance(s, bool) for s in size)):
        raise TypeError(f"{name} must be an int or a (height, width) pair of ints, got {size!r}")
    if min(size) < 1:
        raise ValueError(f"{name} must hold positive sizes, got {size!r}")
    return int(size[0]), int(size[1])


def check_hide_color(hide_color, dtype):
    """None, a number, an (r, g, b) triple or "blur"; numbers must fit a uint8 image's 0..255."""
    if hide_color is None or (isinstance(hide_color, str) and hide_color == "blur"):
        return hide_color
    try:
        color = np.asarray(hide_color, dtype=float)
    except (TypeError, ValueError):
        color = np.array(np.nan)
    if color.shape not in ((), (3,)) or not np.isfinite(color).all():
        raise ValueError(f"hide_color must be None, a number, an (r, g, b) triple or 'blur', got {hide_color!r}")
    if dtype == np.uint8 and ((color < 0) | (color > 255)).any():
        raise ValueError(f"hide_color must lie in 0..255 for a uint8 image, got {hide_color!r}")
    return hide_color
