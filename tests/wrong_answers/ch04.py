"""Typical wrong answers to the exercises of chapter 04 (distances and kernels).

Each is a list of (old, new) replacements applied to the solution cell.
"""

WRONG_ANSWERS = {
    "ex_cosine_distance": {
        "counts hidden superpixels instead of kept ones": [
            ("kept = masks.sum(axis=1, dtype=float)", "kept = masks.shape[1] - masks.sum(axis=1, dtype=float)")],
        "k / n without the square root": [("np.sqrt(kept / masks.shape[1])", "kept / masks.shape[1]")],
        "similarity instead of distance": [("return 1.0 - np.sqrt(", "return np.sqrt(")],
        "uint8 dot product overflows past 255 superpixels": [
            ("kept = masks.sum(axis=1, dtype=float)", "kept = (masks @ np.ones_like(masks[0])).astype(float)")],
        "distance to row 0 instead of the all-ones row": [
            ("kept = masks.sum(axis=1, dtype=float)", "kept = masks.astype(float) @ masks[0]")],
        "textbook cosine: 0/0 for a row that keeps nothing": [
            ("kept = masks.sum(axis=1, dtype=float)\n    return 1.0 - np.sqrt(kept / masks.shape[1])",
             "norms = np.linalg.norm(masks, axis=1) * np.sqrt(masks.shape[1])\n"
             "    return 1.0 - masks.sum(axis=1) / norms")],
        "a list instead of an array": [
            ("return 1.0 - np.sqrt(kept / masks.shape[1])", "return list(1.0 - np.sqrt(kept / masks.shape[1]))")],
        "float32 instead of float64": [("masks.sum(axis=1, dtype=float)", "masks.sum(axis=1, dtype=np.float32)")],
        "calls scikit-learn": [
            ("kept = masks.sum(axis=1, dtype=float)\n    return 1.0 - np.sqrt(kept / masks.shape[1])",
             'return pairwise_distances(masks, np.ones((1, masks.shape[1])), metric="cosine").ravel()')],
    },
    "ex_kernel": {
        "forgets the 1/2 in the exponent": [("(2 * kernel_width**2)", "kernel_width**2")],
        "width not squared": [("(2 * kernel_width**2)", "(2 * kernel_width)")],
        "distance not squared": [("-distances**2", "-distances")],
        "normalised Gaussian density": [
            ("return np.exp(", "return 1 / (kernel_width * np.sqrt(2 * np.pi)) * np.exp(")],
        "no default width": [("kernel_width=0.25)", "kernel_width)")],
        "default width 1": [("kernel_width=0.25)", "kernel_width=1.0)")],
        "fails on a list of distances": [("distances = np.asarray(distances, dtype=float)\n", "")],
        "flattens the distances": [("np.exp(-distances**2", "np.exp(-distances.ravel()**2")],
        "calls lime's kernel": [
            ("return np.exp(-distances**2 / (2 * kernel_width**2))",
             "return lime_image.LimeImageExplainer(kernel_width=kernel_width).base.kernel_fn(distances)")],
    },
    "ex_effective_sample_size": {
        "inverted: sum(w**2) / sum(w)**2": [
            ("weights.sum() ** 2 / np.sum(weights**2)", "np.sum(weights**2) / weights.sum() ** 2")],
        "mean weight": [("weights.sum() ** 2 / np.sum(weights**2)", "weights.sum() / len(weights)")],
        "number of non-zero weights": [("weights.sum() ** 2 / np.sum(weights**2)", "np.count_nonzero(weights)")],
        "squares the sum in the denominator too": [("np.sum(weights**2)", "np.sum(weights) ** 2")],
        "fails on a list": [("weights = np.asarray(weights, dtype=float)\n", "")],
        "uint8 weights: squares overflow past 255": [("np.asarray(weights, dtype=float)", "np.asarray(weights)")],
        "a numpy array instead of a float": [
            ("return float(weights.sum() ** 2 / np.sum(weights**2))",
             "return np.atleast_1d(weights.sum() ** 2 / np.sum(weights**2))")],
    },
    "ex_kernel_width_for": {
        "inverts lime's formula without its square root (no factor 2)": [
            ("np.sqrt(-2.0 * np.log(weight))", "np.sqrt(-np.log(weight))")],
        "hidden taken as kept": [("np.sqrt((num_superpixels - hidden) / num_superpixels)",
                                  "np.sqrt(hidden / num_superpixels)")],
        "no square root in the distance": [("np.sqrt((num_superpixels - hidden) / num_superpixels)",
                                            "((num_superpixels - hidden) / num_superpixels)")],
        "fraction hidden instead of the cosine distance": [
            ("distance = 1.0 - np.sqrt((num_superpixels - hidden) / num_superpixels)",
             "distance = hidden / num_superpixels")],
        "integer division": [("(num_superpixels - hidden) / num_superpixels", "(num_superpixels - hidden) // num_superpixels")],
        "log10 instead of the natural logarithm": [("np.log(weight)", "np.log10(weight)")],
        "solves for the squared width": [("return float(distance / np.sqrt(-2.0 * np.log(weight)))",
                                          "return float(distance**2 / (-2.0 * np.log(weight)))")],
        "no default weight": [("weight=0.5):", "weight):")],
        "a numpy float, not a Python float": [("return float(distance / np.sqrt(-2.0 * np.log(weight)))",
                                               "return distance / np.sqrt(-2.0 * np.log(weight))")],
        "numerical search with the package's kernel": [
            ("    distance = 1.0 - np.sqrt((num_superpixels - hidden) / num_superpixels)\n",
             "    row = (np.arange(num_superpixels) >= hidden).astype(np.uint8)[None, :]\n"
             "    widths = np.geomspace(1e-3, 10, 20000)\n"
             "    return float(widths[np.argmin(abs(np.array([lt.kernel(lt.cosine_distance(row), w)[0] "
             "for w in widths]) - weight))])\n"
             "    distance = 1.0 - np.sqrt((num_superpixels - hidden) / num_superpixels)\n")],
    },
}
