"""Typical wrong answers to the exercises of chapter 00 (LIME in two dimensions).

Each wrong answer is the solution cell with a few (old, new) replacements.
"""

WRONG_ANSWERS = {
    "ex_sample_around": {
        "default scale left out": [("num_samples, scale=1.0,", "num_samples, scale,")],
        "default random_state left out": [("random_state=None):", "random_state):")],
        "default seed 0 instead of None": [("random_state=None):", "random_state=0):")],
        "numpy's global generator seeded": [
            ("        generator = np.random.RandomState(random_state)",
             "        np.random.seed(random_state)\n        generator = np.random"),
        ],
        "only int seeds (a RandomState is not accepted)": [
            ("    if isinstance(random_state, np.random.RandomState):\n        generator = random_state\n    else:\n"
             "        generator = np.random.RandomState(random_state)",
             "    generator = np.random.RandomState(random_state)"),
        ],
        "noise drawn for rows 1.. only (other samples for the same seed)": [
            ("samples = point + scale * generator.normal(size=(num_samples, 2))",
             "samples = np.vstack([point, point + scale * generator.normal(size=(num_samples - 1, 2))])"),
        ],
        "scale used as a variance": [("point + scale * generator", "point + scale**2 * generator")],
        "uniform in a square": [("scale * generator.normal(size=(num_samples, 2))",
                                 "generator.uniform(-scale, scale, size=(num_samples, 2))")],
        "point not in row 0": [("    samples[0] = point  # lime puts the instance first\n", "")],
        "float32 to save memory": [("    return samples\n", "    return samples.astype(np.float32)\n")],
        "same noise on both coordinates": [
            ("scale * generator.normal(size=(num_samples, 2))",
             "scale * np.repeat(generator.normal(size=(num_samples, 1)), 2, axis=1)"),
        ],
        "int point kept as int (a list of ints fails)": [
            ("    point = np.asarray(point, dtype=float)\n", ""),
            ("    samples[0] = point", "    samples = samples.astype(np.asarray(point).dtype)\n    samples[0] = point"),
        ],
    },
    "ex_proximity_weights": {
        "no square root": [("return np.sqrt(np.exp(", "return (np.exp(")],
        "width not squared": [("(distances**2) / kernel_width**2", "(distances**2) / kernel_width")],
        "weights grow with distance": [("np.exp(-(distances**2)", "np.exp((distances**2)")],
        "squared distance used as the distance": [("distances = np.sqrt(np.sum(offsets**2, axis=1))",
                                                   "distances = np.sum(offsets**2, axis=1)")],
        "Manhattan distance": [("np.sqrt(np.sum(offsets**2, axis=1))", "np.sum(np.abs(offsets), axis=1)")],
        "distance to the origin": [("np.asarray(samples, dtype=float) - np.asarray(point, dtype=float)",
                                    "np.asarray(samples, dtype=float)")],
        "keepdims: shape (N, 1)": [("np.sum(offsets**2, axis=1)", "np.sum(offsets**2, axis=1, keepdims=True)")],
        "a list of samples is not an array": [("np.asarray(samples, dtype=float) - np.asarray(point, dtype=float)",
                                               "samples - point")],
        "float32 weights": [("    return np.sqrt(np.exp(-(distances**2) / kernel_width**2))",
                             "    return np.sqrt(np.exp(-(distances**2) / kernel_width**2)).astype(np.float32)")],
    },
    "ex_fit_weighted_line": {
        "unweighted fit": [("root = np.sqrt(weights)", "root = np.ones_like(weights)")],
        "rows multiplied by w, not sqrt(w)": [("root = np.sqrt(weights)", "root = weights")],
        "no intercept": [("np.column_stack([np.ones(len(samples)), samples])",
                          "np.column_stack([np.zeros(len(samples)), samples])")],
        "only y weighted": [("root[:, None] * design, root * y", "design, root * y")],
        "intercept and coef swapped": [("return solution[1:], float(solution[0])",
                                        "return solution[:-1], float(solution[-1])")],
        "intercept returned as a 1-element array": [("float(solution[0])", "solution[:1]")],
        "lists not accepted": [
            ("    samples, y, weights = (np.asarray(a, dtype=float) for a in (samples, y, weights))\n", ""),
            ("np.ones(len(samples))", "np.ones(samples.shape[0])"),
        ],
        "centred with unweighted means": [
            ("    design = np.column_stack([np.ones(len(samples)), samples])  # a column of ones for the intercept\n"
             "    root = np.sqrt(weights)  # w (error)**2 = (sqrt(w) error)**2\n"
             "    solution, *_ = np.linalg.lstsq(root[:, None] * design, root * y, rcond=None)\n"
             "    return solution[1:], float(solution[0])",
             "    root = np.sqrt(weights)\n"
             "    x_mean, y_mean = samples.mean(axis=0), y.mean()\n"
             "    coef, *_ = np.linalg.lstsq(root[:, None] * (samples - x_mean), root * (y - y_mean), rcond=None)\n"
             "    return coef, float(y_mean - x_mean @ coef)"),
        ],
        "zero-weight samples kept with weight 1": [("root = np.sqrt(weights)",
                                                    "root = np.sqrt(np.where(weights > 0, weights, 1.0))")],
    },
    "ex_choose_kernel_width": {
        "the chapter's KERNEL_WIDTH, 0.5": [("CHOSEN_KERNEL_WIDTH = 0.25", "CHOSEN_KERNEL_WIDTH = 0.5")],
        "as local as possible": [("CHOSEN_KERNEL_WIDTH = 0.25", "CHOSEN_KERNEL_WIDTH = 0.05")],
        "too narrow: 0.1": [("CHOSEN_KERNEL_WIDTH = 0.25", "CHOSEN_KERNEL_WIDTH = 0.1")],
        "wide: 2.0": [("CHOSEN_KERNEL_WIDTH = 0.25", "CHOSEN_KERNEL_WIDTH = 2.0")],
        "a string": [("CHOSEN_KERNEL_WIDTH = 0.25", "CHOSEN_KERNEL_WIDTH = '0.25'")],
        "an int": [("CHOSEN_KERNEL_WIDTH = 0.25", "CHOSEN_KERNEL_WIDTH = 1")],
        "a list of candidates": [("CHOSEN_KERNEL_WIDTH = 0.25", "CHOSEN_KERNEL_WIDTH = [0.2, 0.25, 0.3]")],
    },
}
