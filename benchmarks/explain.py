"""How fast is lime_teach.explain? One run, interleaved repeats, ratios.

Times on the real offline model (EfficientNet-Lite0) at num_samples=1000:

- lime_teach.explain;
- lime's LimeImageExplainer.explain_instance, same classifier and settings;
- the segmentation alone, and the model alone over the same perturbed
  images at its best batch size (the floor any LIME can reach);
- Explanation.refit, lime's kernel and the Shapley kernel (it holds no
  classifier, so it makes no model call);
- peak memory of explain (numpy allocations) for two sample counts, against
  the size of the masks and predictions.

The machine is shared and noisy, so the script prints ratios measured in
the same run, with the repeats interleaved, rather than absolute targets.

    python benchmarks/explain.py [--image coffee] [--num-samples 1000] [--repeats 5]
"""

import argparse
import time
import tracemalloc

import numpy as np
from lime import lime_image

import lime_teach as lt
from lime_teach.perturbation import perturb_batches
from lime_teach.segmentation import QUICKSHIFT_DEFAULTS

TARGETS = {"overhead": 1.05, "vs_lime": 1.0, "refit_seconds": 0.050}


def best_batch_size(clf, images, candidates=(16, 32, 64, 128)):
    """The batch size (images per classifier call) with the lowest time per image, best of two tries."""
    timings = {}
    for size in candidates:
        tries = []
        for _ in range(2):
            start = time.perf_counter()
            clf(images[:size])
            tries.append((time.perf_counter() - start) / size)
        timings[size] = min(tries)
    return min(timings, key=timings.get)


def model_alone(clf, images, batch_size):
    start = time.perf_counter()
    for i in range(0, len(images), batch_size):
        clf(images[i:i + batch_size])
    return time.perf_counter() - start


def timed(function):
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def peak_memory(image, segments_fn, num_samples):
    """Peak traced allocation of explain with a cheap black box, in MB."""
    def cheap(images):
        means = images.reshape(len(images), -1, 3).mean(axis=1)
        return np.tile(means / means.sum(axis=1, keepdims=True), (1, 4))

    tracemalloc.start()
    lt.explain(image, cheap, num_samples=num_samples, segmentation_fn=segments_fn, random_state=0,
               progress=False, top_labels=3)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak / 1e6


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--image", default="coffee")
    parser.add_argument("--num-samples", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()

    clf = lt.load_model("efficientnet_lite0")
    image = lt.load_image(args.image, size=clf.input_size)
    segments = lt.segment(image)
    masks = lt.sample_masks(segments.max() + 1, args.num_samples, np.random.RandomState(0))
    images = np.concatenate(list(perturb_batches(image, segments, masks, None, 256)))
    clf(images[:8])  # warm-up
    batch = best_batch_size(clf, images)
    print(f"image {args.image}, {segments.max() + 1} superpixels, num_samples {args.num_samples}, "
          f"best batch size {batch}")

    runs = {"segmentation": [], "model alone": [], "lime_teach.explain": [], "lime explain_instance": []}
    for repeat in range(args.repeats):
        runs["segmentation"].append(timed(lambda: lt.segment(image, "quickshift", **QUICKSHIFT_DEFAULTS))[0])
        runs["model alone"].append(model_alone(clf, images, batch))
        seconds, exp = timed(lambda: lt.explain(image, clf, num_samples=args.num_samples, random_state=0,
                                                batch_size=batch, progress=False))
        runs["lime_teach.explain"].append(seconds)
        explainer = lime_image.LimeImageExplainer(random_state=0)
        runs["lime explain_instance"].append(timed(lambda: explainer.explain_instance(
            image, clf, num_samples=args.num_samples, batch_size=batch))[0])
        print(f"repeat {repeat + 1}: " + ", ".join(f"{k} {v[-1]:.2f}s" for k, v in runs.items()))

    # Each repeat runs all four back to back, so a ratio within one repeat shares
    # the machine's state of the moment; the median over repeats discards the outliers.
    explain = np.array(runs["lime_teach.explain"])
    floor = np.array(runs["segmentation"]) + np.array(runs["model alone"])
    overhead = float(np.median(explain / floor))
    vs_lime = float(np.median(explain / np.array(runs["lime explain_instance"])))

    # An Explanation holds no classifier: refit cannot call the model.
    refits = {}
    for name, kwargs in {"kernel_width=0.5": {"kernel_width": 0.5},
                         "highest_weights, 10 features": {"feature_selection": "highest_weights", "num_features": 10},
                         "forward_selection, 5 features": {"feature_selection": "forward_selection", "num_features": 5},
                         "lasso_path, 5 features": {"feature_selection": "lasso_path", "num_features": 5},
                         "shapley kernel, alpha=0": {"kernel": "shapley", "alpha": 0.0}}.items():
        refits[name] = min(timed(lambda: exp.refit(**kwargs))[0] for _ in range(3))

    small, large = args.num_samples // 2, args.num_samples * 2
    peaks = {n: peak_memory(image, lambda im: segments, n) for n in (small, large)}
    growth = peaks[large] - peaks[small]
    # What has to grow: the masks (uint8, plus float copies in the fit) and the predictions.
    necessary = (large - small) * (segments.max() + 1) * (1 + 8) / 1e6 + (large - small) * 12 * 8 / 1e6

    print()
    print(f"median over {args.repeats} repeats of the ratios within each repeat:")
    print(f"explain / (segmentation + model alone) = {overhead:.3f}   (target <= {TARGETS['overhead']})")
    print(f"explain / lime explain_instance       = {vs_lime:.3f}   (target < {TARGETS['vs_lime']})")
    for name, seconds in refits.items():
        print(f"refit {name:<30} {seconds * 1000:6.1f} ms  (target < 50 ms)")
    print(f"peak memory of explain: {peaks[small]:.1f} MB at {small} samples, {peaks[large]:.1f} MB at {large}; "
          f"growth {growth:.1f} MB vs {necessary:.1f} MB of masks and predictions")


if __name__ == "__main__":
    main()
