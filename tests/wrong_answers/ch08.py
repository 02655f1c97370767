"""Typical wrong answers to the exercises of chapter 08 (can we trust the explanation?)."""

WRONG_ANSWERS = {
    "ex_samples_needed": {
        "the first count that reaches the threshold, even if it falls again": [
            ("counts[::-1], bounds[::-1]", "counts, bounds"),
            ("if bound < threshold:\n            break\n        needed = int(count)",
             "if bound >= threshold:\n            return int(count)"),
        ],
        "> instead of >=: a bound exactly at the threshold fails": [
            ("if bound < threshold:", "if bound <= threshold:")],
        "default threshold left out": [("threshold=0.8)", "threshold)")],
        "threshold hard-coded at the default": [("if bound < threshold:", "if bound < 0.8:")],
        "a numpy integer instead of a Python int": [("needed = int(count)", "needed = count")],
        "the largest count of the plateau instead of the smallest": [
            ("needed = int(count)", "needed = needed or int(count)")],
        "the last count when nothing is enough, instead of None": [("needed = None", "needed = int(counts[-1])")],
    },
    "ex_deletion_curve": {
        "ordered by |weight|: negative evidence deleted first": [
            ('np.argsort(-weights, kind="stable")', 'np.argsort(-np.abs(weights), kind="stable")')],
        "least important first": [('np.argsort(-weights, kind="stable")', 'np.argsort(weights, kind="stable")')],
        "reversed ascending sort: ties in the wrong order": [
            ('np.argsort(-weights, kind="stable")', 'np.argsort(weights, kind="stable")[::-1]')],
        "K points: the image itself is missing": [
            ("np.ones((len(weights) + 1, len(weights))", "np.ones((len(weights), len(weights))")],
        "hidden superpixels come back: one hidden at a time": [
            ("masks[step:, order[step - 1]] = 0", "masks[step, order[step - 1]] = 0")],
        "hide_color ignored (always the mean colour)": [
            ("lt.perturb(image, segments, masks, hide_color)", "lt.perturb(image, segments, masks)")],
        "default hide_color left out": [("hide_color=None):", "hide_color):")],
        "weights as a list break the negation": [("weights = np.asarray(weights, dtype=float)\n", "")],
        "uint8 superpixel ids: labels past 255 wrap around": [
            ('order = np.argsort(-weights, kind="stable")',
             'order = np.argsort(-weights, kind="stable").astype(np.uint8)')],
    },
    "ex_auc": {
        "the mean (rectangles), not trapezoids": [
            ("(curve.sum() - (curve[0] + curve[-1]) / 2) / steps", "curve.mean()")],
        "not normalised: area over 0..K steps": [("/ 2) / steps)", "/ 2))")],
        "divides by the number of points instead of the number of steps": [
            ("steps = len(curve) - 1", "steps = len(curve)")],
        "left Riemann sum": [("(curve.sum() - (curve[0] + curve[-1]) / 2) / steps", "curve[:-1].sum() / steps")],
        "a list has no .sum()": [("curve = np.asarray(curve, dtype=float)\n", "")],
        "only the last point halved": [("(curve[0] + curve[-1]) / 2", "curve[-1] / 2")],
    },
}
