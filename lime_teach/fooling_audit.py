"""Was LIME fooled? Where an explanation's top superpixels point (chapter 10).

The scaffold of ``lime_teach.fooling`` answers LIME with a model that reads the
centre of the image, and everyone else with a model that reads the top-left
corner. An explanation is *fooled* when its top-k positive superpixels cover
more of the innocuous region than of the biased one; the *fooling rate* is the
share of fooled explanations over images and seeds. LIME on the biased model
alone gives the rate of an honest model (near 0); on the innocuous model
alone, the rate of a perfect scaffold (near 1).
"""

import numpy as np

from .explanation import explain, fit
from .fooling import keep_masks
from .perturbation import perturb
from .sampling import Samples
from .validation import check_positive_int


def cue_share(local_exp, segments, region, k=3):
    """Share of the pixels of the k superpixels of largest positive weight that lie in ``region``.

    local_exp: [(superpixel, weight), ...]; segments: (H, W); region: (H, W) bool.
    0.0 when no superpixel has a positive weight.
    """
    k = check_positive_int(k, "k")
    segments, region = np.asarray(segments), np.asarray(region, dtype=bool)
    if segments.shape != region.shape:
        raise ValueError(f"region must have the segments' shape {segments.shape}, got {region.shape}")
    top = [s for s, w in sorted(local_exp, key=lambda pair: -pair[1]) if w > 0][:k]
    chosen = np.isin(segments, top)
    return float(region[chosen].mean()) if chosen.any() else 0.0


def is_fooled(local_exp, segments, biased_region, innocuous_region, k=3):
    """True when LIME's top-k positive superpixels cover more of the innocuous region than of the biased one."""
    return (cue_share(local_exp, segments, innocuous_region, k)
            > cue_share(local_exp, segments, biased_region, k))


def explain_cue(image, classifier_fn, segments, hide_color=None, num_samples=300, keep_probability=None,
                random_state=None, label=1):
    """LIME's explanation of ``label`` on given superpixels, with lime's sampler or another one.

    keep_probability None: ``lt.explain`` itself (lime's masks); a number: the
    masks of ``keep_masks`` (a sampler that keeps more superpixels), fitted
    with ``lt.fit``. Returns an ``Explanation``.
    """
    if keep_probability is None:
        return explain(image, classifier_fn, top_labels=None, labels=(label,), hide_color=hide_color,
                       num_samples=num_samples, segmentation_fn=lambda _: segments, random_state=random_state,
                       progress=False)
    masks = keep_masks(int(segments.max()) + 1, num_samples, keep_probability, random_state)
    predictions = classifier_fn(perturb(image, segments, masks, hide_color))
    return fit(Samples(image, segments, masks, predictions, hide_color), [label])


def fooling_rate(images, segments, classifier_fn, biased_region, innocuous_region, hide_color=None,
                 num_samples=300, keep_probability=None, seeds=(0,), k=3, label=1):
    """How often LIME's top-k superpixels point at the innocuous region rather than the biased one.

    images: list of (H, W, 3) uint8; segments: their (H, W) superpixels;
    one explanation per image and seed (see ``explain_cue``). Returns
    (rate in [0, 1], (num_images, num_seeds) bool of ``is_fooled``).
    """
    if len(images) != len(segments) or not len(images):
        raise ValueError(f"images and segments must be equally long non-empty lists, "
                         f"got {len(images)} and {len(segments)}")
    fooled = np.zeros((len(images), len(seeds)), dtype=bool)
    for i, (image, segs) in enumerate(zip(images, segments)):
        for j, seed in enumerate(seeds):
            exp = explain_cue(image, classifier_fn, segs, hide_color, num_samples, keep_probability, seed, label)
            fooled[i, j] = is_fooled(exp.local_exp[label], segs, biased_region, innocuous_region, k)
    return float(fooled.mean()), fooled
