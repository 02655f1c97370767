"""Each exercise's solution and the package function it mirrors give the same results.

Students write, in the notebooks, the functions that ``lime_teach`` already
has; the rest of a chapter then uses the package. If the two drifted apart,
a chapter would teach one thing and run another. Each row of ``MIRRORS``
names an exercise, the package function, and how to draw random inputs; the
test runs both on the inputs of many seeds and asserts identical results
(values, dtype and shape).

Adding a row for a new exercise (chapters 04-10)::

    Mirror("ex_kernel", "04_kernels", "kernel", lt.kernel,
           lambda rng: ((rng.uniform(0, 1, rng.randint(1, 50)), rng.uniform(0.05, 2)), {})),

``inputs(rng)`` returns ``(args, kwargs)`` drawn from ``rng`` (a
numpy RandomState); include sizes past 255 and seeds other than 0 and 42
where they apply. An exercise with no package counterpart goes into
``NO_MIRROR`` with the reason.
"""

import functools
import os
from dataclasses import dataclass
from typing import Callable

import numpy as np
import pytest

import lime_teach as lt
from lime_teach import toy
from lime_teach.segmentation import relabel
from course_notebooks import cell_by_id, chapters, exercises, read, setup_cells, solution_path

SEEDS = range(20)


@dataclass(frozen=True)
class Mirror:
    exercise: str                 # grade_id of the answer cell
    chapter: str
    name: str                     # the function the answer cell defines
    package: Callable             # the package function it mirrors
    inputs: Callable              # rng -> (args, kwargs)
    adapt: Callable = None        # optional: answer function -> a function comparable with `package`
    seeds: range = SEEDS
    rtol: float = 0.0             # 0: identical; a float tolerance where the two sum in another order


def _random_segments(rng, max_labels=400):
    """(H, W) labels 0..K-1 with K drawn up to ``max_labels``, so that some exceed 255."""
    num = rng.randint(1, max_labels)
    height, width = rng.randint(1, 30), rng.randint(1, 30)
    while height * width < num:
        height, width = height + 5, width + 5
    segments = np.concatenate([np.arange(num), rng.randint(0, num, height * width - num)])
    return rng.permutation(segments).reshape(height, width)


def _sample_around_inputs(rng):
    return (rng.normal(size=2) * 3, rng.randint(1, 300)), {"scale": rng.uniform(0.1, 3),
                                                          "random_state": rng.randint(2**31)}


def _proximity_inputs(rng):
    point = rng.normal(size=2)
    return (point + rng.normal(size=(rng.randint(1, 100), 2)) * 2, point, rng.uniform(0.05, 3)), {}


def _weighted_line_inputs(rng):
    samples = rng.normal(size=(rng.randint(10, 200), rng.randint(1, 4)))
    weights = rng.uniform(0, 1, len(samples))
    return (samples, samples @ rng.normal(size=samples.shape[1]) + rng.normal(size=len(samples)), weights), {}


def _relabel_inputs(rng):
    values = rng.choice(10**6, size=rng.randint(1, 400), replace=False) - 1000
    return (values[_random_segments(rng, len(values) + 1) % len(values)],), {}


def _means_inputs(rng):
    segments = _random_segments(rng)
    return (rng.uniform(0, 255, size=segments.shape + (3,)), segments), {}


def _sample_masks_inputs(rng):
    return (rng.randint(1, 400), rng.randint(1, 60)), {"random_state": rng.randint(2**31)}


def _perturb_inputs(rng):
    segments = _random_segments(rng)
    image = rng.randint(0, 256, size=segments.shape + (3,)).astype(np.uint8)
    num = segments.max() + 1
    masks = rng.randint(0, 2, size=(rng.randint(1, 8), num)).astype(np.uint8)
    hide_color = [None, 0, int(rng.randint(256)), tuple(int(v) for v in rng.randint(0, 256, 3))][rng.randint(4)]
    return (image, segments, masks), {"hide_color": hide_color}


def _top_labels_inputs(rng):
    row = rng.dirichlet(np.ones(rng.randint(2, 1200)))
    if rng.rand() < 0.5:  # ties: the order lime gives equal probabilities matters
        row = np.round(row * 20) / 20
    return (row, rng.randint(1, len(row) + 1)), {}


MIRRORS = [
    Mirror("ex_sample_around", "00_lime_in_2d", "sample_around", toy.sample_around, _sample_around_inputs),
    Mirror("ex_proximity_weights", "00_lime_in_2d", "proximity_weights", toy.proximity_weights,
           _proximity_inputs, rtol=1e-12),
    Mirror("ex_fit_weighted_line", "00_lime_in_2d", "fit_weighted_line", toy.fit_weighted_line,
           _weighted_line_inputs, rtol=1e-7),
    Mirror("ex_top_labels", "01_black_box", "top_labels", lambda row, k: lt.top_labels(row, k),
           _top_labels_inputs),
    Mirror("ex_relabel", "02_superpixels", "relabel", relabel, _relabel_inputs),
    Mirror("ex_superpixel_means", "02_superpixels", "superpixel_means",
           lambda image, segments: lt.perturbation.replacement_image(image, segments, None), _means_inputs,
           adapt=lambda answer: lambda image, segments: answer(image, segments)[segments], rtol=1e-9),
    Mirror("ex_sample_masks", "03_perturbations", "sample_masks", lt.sample_masks, _sample_masks_inputs),
    Mirror("ex_perturb", "03_perturbations", "perturb", lt.perturb, _perturb_inputs),
]

NO_MIRROR = {
    "ex_choose_kernel_width": "a decision (a number), not a package function",
    "ex_obeys_contract": "a check the student designs; the package checks classifier output its own way",
    "ex_classifier_fn": "compared with clf, the package's classifier, by its own tests (the model is slow)",
    "ex_choose_segmentation": "a decision (parameters), not a package function",
    "ex_sample_masks_p": "lime has no such sampler, so the package has none: lt.sample_masks keeps p = 1/2",
    "ex_keep_probability": "a decision (a number), not a package function",
}



# Chapters 04-07.
def _masks_inputs(rng):
    masks = rng.randint(0, 2, size=(rng.randint(1, 60), rng.randint(1, 400))).astype(np.uint8)
    masks[0] = 1
    return (masks,), {}


def _kernel_inputs(rng):
    return (rng.uniform(0, 1, size=rng.randint(1, 50)), rng.uniform(0.05, 2)), {}


def _weights_inputs(rng):
    weights = rng.uniform(0, 1, rng.randint(1, 500))
    weights[rng.randint(len(weights))] = 1.0   # never all zero
    return (weights,), {}


def _regression_inputs(rng, num_features=None):
    X = rng.randint(0, 2, size=(rng.randint(20, 120), num_features or rng.randint(1, 12))).astype(np.uint8)
    X[0] = 1
    y = X @ rng.uniform(-0.3, 0.3, X.shape[1]) + 0.1 * rng.randn(len(X))
    return X, y, rng.uniform(0.01, 1, len(X))


def _ridge_inputs(rng):
    return _regression_inputs(rng), {"alpha": float(rng.choice([0.0, 0.01, 1.0, 10.0]))}


def _r2_inputs(rng):
    X, y, weights = _regression_inputs(rng)
    return (y, y + 0.1 * rng.randn(len(y)), weights), {}


def _forward_inputs(rng):
    X, y, weights = _regression_inputs(rng)
    return (X, y, weights, rng.randint(1, 15)), {}


def _weight_map_inputs(rng):
    segments = _random_segments(rng)
    num = segments.max() + 1
    chosen = rng.choice(num, rng.randint(0, num + 1), replace=False)
    return (segments, [(int(f), float(rng.normal())) for f in chosen]), {}


MIRRORS += [
    Mirror("ex_cosine_distance", "04_kernels", "cosine_distance", lt.cosine_distance, _masks_inputs),
    Mirror("ex_kernel", "04_kernels", "kernel", lt.kernel, _kernel_inputs, rtol=1e-12),
    Mirror("ex_effective_sample_size", "04_kernels", "effective_sample_size", lt.effective_sample_size,
           _weights_inputs, rtol=1e-12),
    Mirror("ex_weighted_ridge", "05_weighted_regression", "weighted_ridge", lt.weighted_ridge, _ridge_inputs,
           rtol=1e-9),
    Mirror("ex_weighted_r2", "05_weighted_regression", "weighted_r2", lt.regression.weighted_r2, _r2_inputs,
           rtol=1e-12),
    Mirror("ex_forward_selection", "05_weighted_regression", "forward_selection", lt.regression.forward_selection,
           _forward_inputs),
    Mirror("ex_weight_map", "07_parameter_study", "weight_map",
           lambda segments, local_exp: lt.metrics.superpixel_weights(local_exp, segments.max() + 1)[segments],
           _weight_map_inputs),
]
NO_MIRROR.update({
    "ex_kernel_width_for": "the package has no inverse of the kernel: a derivation, checked through lt.kernel",
    "ex_choose_num_features": "a decision rule over lt.fit_surrogate, not a package function",
    "ex_my_explain": "lt.explain is its counterpart; both are pinned to lime itself (its tests, tests/test_parity.py)",
    "ex_explanation_mask": "the package's is Explanation.get_image_and_mask; both are pinned to lime's own method",
    "ex_pick_setting": "a decision rule, not a package function",
})


# Chapter 09.
def _heatmap_and_mask_inputs(rng):
    height, width = rng.randint(1, 80), rng.randint(1, 80)
    segments = rng.randint(0, rng.randint(1, 400), (height, width))
    heatmap = rng.normal(size=segments.max() + 1)[segments]
    mask = rng.rand(height, width) < rng.uniform(0, 0.5)
    return (heatmap, mask.astype(np.uint8) if rng.rand() < 0.5 else mask), {}


def _explanation_matrix_inputs(rng):
    n, d = rng.randint(1, 40), rng.randint(1, 400)
    W = rng.normal(size=(n, d)) * (rng.rand(n, d) < rng.uniform(0.05, 0.5))
    return (W, rng.randint(1, n + 1)), {}


MIRRORS += [
    Mirror("ex_background_share", "09_clever_hans", "background_share", lt.clever_hans.background_share,
           _heatmap_and_mask_inputs),
    Mirror("ex_submodular_pick", "09_clever_hans", "submodular_pick", lt.submodular.submodular_pick,
           _explanation_matrix_inputs),
]
NO_MIRROR["ex_choose_budget"] = "a decision rule over lt.submodular's pick and coverage, not a package function"


# Chapter 10.
def _fgsm_step_inputs(rng):
    shape = (rng.randint(1, 40), rng.randint(1, 40), 3)
    gradient = rng.normal(size=shape) * (rng.rand(*shape) > 0.2)   # some exact zeros
    return (rng.randint(0, 256, shape).astype(np.uint8), gradient, int(rng.randint(1, 17))), {}


def _scaffold_inputs(rng):
    n = rng.randint(1, 300)
    images = rng.randint(0, 256, (n, 3, 3, 3)).astype(np.uint8)
    p = np.round(rng.rand(n), 1)                                     # ties at the threshold
    biased = lambda b: np.stack([b[:, 0, 0, 0] / 255, 1 - b[:, 0, 0, 0] / 255], axis=1)    # noqa: E731
    innocuous = lambda b: np.stack([b[:, 1, 1, 1] / 255, 1 - b[:, 1, 1, 1] / 255], axis=1)  # noqa: E731
    return (images, lambda b: p[:len(b)], biased, innocuous), {"threshold": float(np.round(rng.rand(), 1))}


MIRRORS += [Mirror("ex_fgsm_step", "10_attacks", "fgsm_step", lt.attacks.fgsm_step, _fgsm_step_inputs),
            Mirror("ex_scaffold", "10_attacks", "scaffold", lt.fooling.scaffold, _scaffold_inputs)]
NO_MIRROR["ex_epsilon"] = "a decision (a number), not a package function"


# Chapter 08.
def _deletion_curve_inputs(rng):
    segments = _random_segments(rng)
    image = rng.randint(0, 256, size=segments.shape + (3,)).astype(np.uint8)
    weights = rng.normal(size=segments.max() + 1)
    if rng.rand() < 0.5:  # ties: equal weights are deleted lower superpixel first
        weights = np.round(weights)
    matrix = rng.normal(size=(3, 4)) * 5

    def classifier_fn(images):
        logits = np.asarray(images, dtype=float).mean(axis=(1, 2)) / 255 @ matrix
        e = np.exp(logits - logits.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    hide_color = [None, 0, tuple(int(v) for v in rng.randint(0, 256, 3))][rng.randint(3)]
    return (image, segments, list(weights) if rng.rand() < 0.3 else weights, classifier_fn, rng.randint(4)), \
        {"hide_color": hide_color}


def _samples_needed_inputs(rng):
    size = rng.randint(1, 10)
    counts = np.cumsum(rng.randint(1, 500, size))
    lower = np.round(rng.uniform(0, 1, size), 1)
    return (counts if rng.rand() < 0.5 else counts.tolist(), lower), {"threshold": float(rng.choice([0.5, 0.7, 0.8]))}


MIRRORS += [
    Mirror("ex_samples_needed", "08_trust", "samples_needed", lt.stability.samples_needed, _samples_needed_inputs),
    Mirror("ex_deletion_curve", "08_trust", "deletion_curve", lt.faithfulness.deletion_curve, _deletion_curve_inputs),
    Mirror("ex_auc", "08_trust", "auc", lt.faithfulness.auc, lambda rng: ((rng.uniform(0, 1, rng.randint(2, 400)),), {})),
]


@functools.lru_cache(maxsize=None)
def solution_namespace(chapter, exercise):
    """The names the setup cells and the exercise's solution cell define."""
    nb = read(solution_path(chapter))
    namespace = {"__name__": "__main__"}
    cwd = os.getcwd()
    os.chdir(solution_path(chapter).parent)
    try:
        for source in [c.source for c in setup_cells(nb)] + [cell_by_id(nb, exercise).source]:
            code = "\n".join(line for line in source.splitlines() if not line.lstrip().startswith(("%", "!")))
            exec(compile(code, f"<{chapter} {exercise}>", "exec"), namespace)
    finally:
        os.chdir(cwd)
    return namespace


def _assert_same(got, expected, rtol, where):
    if isinstance(expected, tuple):
        assert isinstance(got, tuple) and len(got) == len(expected), f"{where}: {got!r} vs {expected!r}"
        for g, e in zip(got, expected):
            _assert_same(g, e, rtol, where)
        return
    if isinstance(expected, np.ndarray):
        assert isinstance(got, np.ndarray), f"{where}: the solution returns {type(got).__name__}, the package an array"
        assert got.dtype == expected.dtype, f"{where}: dtype {got.dtype} vs the package's {expected.dtype}"
        assert got.shape == expected.shape, f"{where}: shape {got.shape} vs the package's {expected.shape}"
    else:
        assert type(got) is type(expected), f"{where}: {type(got).__name__} vs the package's {type(expected).__name__}"
    if rtol:
        np.testing.assert_allclose(got, expected, rtol=rtol, atol=rtol, err_msg=where)
    else:
        np.testing.assert_array_equal(got, expected, err_msg=where)


def _copy(value):
    return value.copy() if isinstance(value, np.ndarray) else value


@pytest.mark.parametrize("mirror", MIRRORS, ids=[m.exercise for m in MIRRORS])
def test_solution_matches_the_package(mirror):
    assert mirror.exercise in exercises(read(solution_path(mirror.chapter))), \
        f"{mirror.chapter} has no exercise {mirror.exercise}: update MIRRORS"
    answer = solution_namespace(mirror.chapter, mirror.exercise)[mirror.name]
    if mirror.adapt:
        answer = mirror.adapt(answer)
    for seed in mirror.seeds:
        args, kwargs = mirror.inputs(np.random.RandomState(seed))
        expected = mirror.package(*map(_copy, args), **kwargs)
        got = answer(*map(_copy, args), **kwargs)
        _assert_same(got, expected, mirror.rtol, f"{mirror.exercise}, inputs of seed {seed}")


@pytest.mark.parametrize("chapter", chapters())
def test_every_exercise_is_mirrored_or_says_why(chapter):
    listed = {m.exercise for m in MIRRORS} | set(NO_MIRROR)
    missing = [ex for ex in exercises(read(solution_path(chapter))) if ex not in listed]
    assert not missing, (f"{chapter}: add a row to MIRRORS in tests/test_solutions_match_package.py for "
                         f"{missing} (or a reason in NO_MIRROR)")


def test_the_table_inputs_reach_past_uint8():
    """The random inputs include more than 255 superpixels, where a uint8 label or count overflows."""
    sizes = [_sample_masks_inputs(np.random.RandomState(seed))[0][0] for seed in SEEDS]
    assert max(sizes) > 255
    assert max(_random_segments(np.random.RandomState(seed)).max() for seed in SEEDS) > 255


@pytest.mark.parametrize("exercise,wrong", [("ex_relabel", "uint8 labels (wrap past 255)"),
                                            ("ex_sample_masks", "int64 masks"),
                                            ("ex_perturb", "means rounded instead of truncated")])
def test_a_drifted_solution_is_caught(exercise, wrong):
    """The comparison is strict enough to see a small drift (a dtype, an overflow, a rounding)."""
    from test_exercises import wrong_source

    mirror = next(m for m in MIRRORS if m.exercise == exercise)
    namespace = dict(solution_namespace(mirror.chapter, exercise))
    exec(compile(wrong_source(mirror.chapter, exercise, wrong), "<drifted>", "exec"), namespace)
    with pytest.raises(AssertionError):
        for seed in mirror.seeds:
            args, kwargs = mirror.inputs(np.random.RandomState(seed))
            _assert_same(namespace[mirror.name](*map(_copy, args), **kwargs),
                         mirror.package(*map(_copy, args), **kwargs), mirror.rtol, f"seed {seed}")
