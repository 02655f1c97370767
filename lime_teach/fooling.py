"""Fooling LIME: a classifier that behaves when it is being explained (chapter 10).

Slack et al. (2020) fooled LIME on tabular data with a *scaffold*: a detector
tells LIME's perturbed samples from real inputs; on real inputs the scaffold
answers with a biased model, on detected samples with an innocuous one. LIME
only ever asks about perturbed samples, so it explains the innocuous model.

The image version here:

- the *biased* model reads a cue region, the top-left corner where a
  watermark would sit; the *innocuous* model reads the centre, where the object
  is. Both answer from the texture in their region (``region_texture``), which
  every kind of hiding (mean colour, black, blur) removes, so LIME would see
  either of them if it were asked honestly;
- the *detector* is a logistic regression on three cheap statistics of an
  image (``texture_features``): LIME's hidden superpixels are flat patches that
  photos rarely have;
- ``scaffold`` routes each image to one of the two models.

All functions are pure and deterministic for a given ``random_state``.
"""

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from .perturbation import perturb
from .validation import (check_hide_color, check_image, check_positive_float, check_positive_int,
                         check_random_state, check_segments, check_size, check_uint8_images)

# Side of the square cue regions, as a share of the image's shorter side.
REGION_SHARE = 0.3
# A pixel is "smooth" when no channel steps by more than this many levels to its right or lower neighbour.
SMOOTH_STEP = 2
# Pixels within this many levels of 0 or 255 in every channel count as saturated.
SATURATED = 6
FEATURE_NAMES = ("flat share", "smooth share", "edge energy")


def square_region(shape, where, share=REGION_SHARE):
    """(H, W) bool: a square of side ``share`` * min(H, W) at the "top-left" corner or the "centre"."""
    height, width = shape[:2]
    side = max(1, int(round(share * min(height, width))))
    if where == "top-left":
        top, left = 0, 0
    elif where == "centre":
        top, left = (height - side) // 2, (width - side) // 2
    else:
        raise ValueError(f"where must be 'top-left' or 'centre', got {where!r}")
    region = np.zeros((height, width), dtype=bool)
    region[top:top + side, left:left + side] = True
    return region


def _planes(images):
    """(N, 3, H, W) int16 copy: each difference then runs over contiguous rows, and 3 - 5 is -2, not 254."""
    return images.transpose(0, 3, 1, 2).astype(np.int16)


def _steps(x):
    """(N, H-1, W-1) of (N, 3, H, W) planes: the largest step, over channels, to the right or lower neighbour."""
    steps = np.maximum(np.abs(x[:, :, :-1, 1:] - x[:, :, :-1, :-1]), np.abs(x[:, :, 1:, :-1] - x[:, :, :-1, :-1]))
    return np.maximum(np.maximum(steps[:, 0], steps[:, 1]), steps[:, 2])


def texture_features(images):
    """(N, 3) float, per image: flat share, smooth share, edge energy (see FEATURE_NAMES).

    images: (N, H, W, 3) uint8. Flat share: pixels identical to their right and
    lower neighbours, not counting saturated ones (all channels above
    255 - SATURATED or below SATURATED: white or black backgrounds are flat in
    photos too); a superpixel painted with its mean colour is all flat.
    Smooth share: steps of at most SMOOTH_STEP levels (blur). Edge energy: the
    mean step over 255.
    """
    planes = _planes(check_uint8_images(images, min_size=2))
    steps = _steps(planes)
    r, g, b = planes[:, 0, :-1, :-1], planes[:, 1, :-1, :-1], planes[:, 2, :-1, :-1]
    saturated = ((r > 255 - SATURATED) & (g > 255 - SATURATED) & (b > 255 - SATURATED)) \
        | ((r < SATURATED) & (g < SATURATED) & (b < SATURATED))
    return np.stack([((steps == 0) & ~saturated).mean(axis=(1, 2)), (steps <= SMOOTH_STEP).mean(axis=(1, 2)),
                     steps.mean(axis=(1, 2)) / 255], axis=1)


def region_texture(images, region):
    """(N,) float: the mean step (pixel levels) inside ``region`` (H, W) bool of each image."""
    images = check_uint8_images(images, min_size=2)
    region = np.asarray(region, dtype=bool)
    if region.shape != images.shape[1:3] or not region.any():
        raise ValueError(f"region must be a non-empty (H, W) boolean mask of shape {images.shape[1:3]}, "
                         f"got shape {region.shape}")
    # Only the region's bounding box (and one more row and column, the neighbours) is needed.
    rows, cols = np.flatnonzero(region.any(axis=1)), np.flatnonzero(region.any(axis=0))
    bottom, right = min(rows[-1] + 2, region.shape[0]), min(cols[-1] + 2, region.shape[1])
    inside = region[rows[0]:bottom - 1, cols[0]:right - 1]
    return _steps(_planes(images[:, rows[0]:bottom, cols[0]:right]))[:, inside].mean(axis=1)


def cue_classifier(images, region, threshold=6.0, scale=2.0):
    """A two-class model that looks only at ``region``: (N, H, W, 3) uint8 -> (N, 2) probabilities.

    p(class 1) = sigmoid((region_texture - threshold) / scale): a textured
    region (in pixel levels) says class 1, a flat one class 0.
    """
    threshold = float(threshold)
    scale = check_positive_float(scale, "scale")
    texture = region_texture(images, region)
    p = 1 / (1 + np.exp(-(texture - threshold) / scale))
    return np.stack([1 - p, p], axis=1)


def real_images(images, num_images, size=(224, 224), random_state=None):
    """(num_images, h, w, 3) uint8: random crops of ``size``, half of them mirrored, of the given images.

    images: a list of (H, W, 3) uint8 photos, each at least ``size``. These
    stand for the real inputs the scaffold meets in deployment.
    """
    num_images = check_positive_int(num_images, "num_images")
    height, width = check_size(size)
    random_state = check_random_state(random_state)
    photos = [check_image(image, "images[i]") for image in images]
    if not photos or any(p.shape[0] < height or p.shape[1] < width for p in photos):
        raise ValueError(f"images must be a non-empty list of photos of at least {height} x {width} pixels")
    crops = []
    for _ in range(num_images):
        photo = photos[random_state.randint(len(photos))]
        top = random_state.randint(photo.shape[0] - height + 1)
        left = random_state.randint(photo.shape[1] - width + 1)
        crop = photo[top:top + height, left:left + width]
        crops.append(crop[:, ::-1] if random_state.rand() < 0.5 else crop)
    return np.stack(crops).astype(np.uint8)


def keep_masks(num_superpixels, num_samples, keep_probability=0.5, random_state=None):
    """(num_samples, num_superpixels) uint8: each superpixel kept (1) with ``keep_probability``, row 0 all ones.

    keep_probability=0.5 is the distribution of lime's sampler (not its exact
    draws: use ``lt.sample_masks`` for those); a larger one gives samples closer to the image.
    """
    num_superpixels = check_positive_int(num_superpixels, "num_superpixels")
    num_samples = check_positive_int(num_samples, "num_samples")
    if isinstance(keep_probability, bool) or not 0 < keep_probability < 1:
        raise ValueError(f"keep_probability must lie strictly between 0 and 1, got {keep_probability!r}")
    masks = (check_random_state(random_state).rand(num_samples, num_superpixels) < keep_probability)
    masks[0] = True
    return masks.astype(np.uint8)


def lime_samples(image, segments, num_images, hide_color=None, keep_probability=0.5, random_state=None):
    """(num_images, H, W, 3): perturbed images as LIME's sampler makes them, none of them the image itself.

    segments: (H, W) labels 0..K-1. Each superpixel is kept with
    ``keep_probability`` (lime: 1/2); rows that happen to keep everything are
    dropped and drawn again, since they are the real image.
    """
    image = check_image(image)
    segments = check_segments(segments, image.shape)
    num_images = check_positive_int(num_images, "num_images")
    hide_color = check_hide_color(hide_color, image.dtype)
    random_state = check_random_state(random_state)
    num_superpixels = int(segments.max()) + 1
    masks = np.zeros((0, num_superpixels), dtype=np.uint8)
    while len(masks) < num_images:
        drawn = keep_masks(num_superpixels, num_images + 1, keep_probability, random_state)[1:]
        masks = np.concatenate([masks, drawn[~drawn.all(axis=1)]])
    return perturb(image, segments, masks[:num_images], hide_color)


def detector_data(photo, image, segments, num_real=20, num_perturbed=20, hide_color=None, keep_probability=0.5,
                  random_state=None):
    """Features of one photo's real crops and of LIME's samples of it.

    Returns (real (num_real, F), perturbed (num_perturbed, F)).

    photo: (H', W', 3) uint8, at least as large as image; image: (H, W, 3)
    uint8, the photo at the size the scaffold sees; segments: image's superpixels.
    """
    random_state = check_random_state(random_state)
    real = texture_features(real_images([photo], num_real, image.shape[:2], random_state))
    perturbed = texture_features(lime_samples(image, segments, num_perturbed, hide_color, keep_probability,
                                              random_state))
    return real, perturbed


def train_detector(real_features, perturbed_features, random_state=0):
    """A logistic regression on standardised features: predict_proba(...)[:, 1] = P(perturbed).

    real_features, perturbed_features: (N_real, F) and (N_perturbed, F).
    """
    real, fake = np.asarray(real_features, float), np.asarray(perturbed_features, float)
    if real.ndim != 2 or fake.ndim != 2 or real.shape[1] != fake.shape[1] or not len(real) or not len(fake):
        raise ValueError(f"real_features and perturbed_features must be (N, F) with the same F, "
                         f"got {real.shape} and {fake.shape}")
    features = np.concatenate([real, fake])
    is_perturbed = np.r_[np.zeros(len(real)), np.ones(len(fake))]
    detector = make_pipeline(StandardScaler(), LogisticRegression(C=1.0, random_state=random_state))
    return detector.fit(features, is_perturbed)


def held_out_accuracy(data, threshold=0.5):
    """Leave-one-photo-out accuracy: for each photo, a detector trained on the others, tested on it.

    data: list of (real, perturbed) feature pairs, one per photo (``detector_data``).
    Returns (N,) float, the share of that photo's real and perturbed images the detector gets right.
    """
    if len(data) < 2:
        raise ValueError(f"data must hold the features of at least 2 photos, got {len(data)}")
    accuracies = []
    for i, (real, perturbed) in enumerate(data):
        others = [pair for j, pair in enumerate(data) if j != i]
        detector = train_detector(np.concatenate([r for r, _ in others]), np.concatenate([p for _, p in others]))
        right = np.r_[detector.predict_proba(real)[:, 1] < threshold,
                      detector.predict_proba(perturbed)[:, 1] >= threshold]
        accuracies.append(right.mean())
    return np.array(accuracies)


def detect(detector, images):
    """(N,) float: the detector's probability that each image is one of LIME's perturbed samples."""
    return detector.predict_proba(texture_features(images))[:, 1]


def scaffold(images, detect, biased, innocuous, threshold=0.5):
    """The scaffolded classifier: innocuous(images) where detect says "perturbed", biased(images) elsewhere.

    images: (N, H, W, 3) uint8; detect: images -> (N,) P(perturbed), e.g.
    ``functools.partial(fooling.detect, detector)``; biased, innocuous: classifiers
    images -> (N, C). An image counts as perturbed when P(perturbed) >= threshold
    (a tie goes to the innocuous model). Returns (N, C) float, rows in image order.
    """
    images = check_uint8_images(images)
    suspect = np.asarray(detect(images), dtype=float)
    if suspect.shape != (len(images),):
        raise ValueError(f"detect must return one probability per image, shape ({len(images)},), "
                         f"got {suspect.shape}")
    suspect = suspect >= threshold
    predictions = np.array(biased(images), dtype=float)
    if suspect.any():
        predictions[suspect] = innocuous(images[suspect])
    return predictions
