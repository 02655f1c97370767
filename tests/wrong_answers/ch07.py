"""Typical wrong answers to the exercises of chapter 07 (parameter study).

Each is a list of (old, new) replacements applied to the solution cell.
"""

WRONG_ANSWERS = {
    "ex_weight_map": {
        "one slot per pair in local_exp, not per superpixel": [
            ("per_superpixel = np.zeros(segments.max() + 1)", "per_superpixel = np.zeros(len(local_exp))")],
        "off by one: segments.max() slots": [
            ("per_superpixel = np.zeros(segments.max() + 1)", "per_superpixel = np.zeros(segments.max())")],
        "integer weights (the dtype of segments)": [
            ("per_superpixel = np.zeros(segments.max() + 1)",
             "per_superpixel = np.zeros(segments.max() + 1, dtype=segments.dtype)")],
        "missing superpixels as NaN": [
            ("per_superpixel = np.zeros(segments.max() + 1)", "per_superpixel = np.full(segments.max() + 1, np.nan)")],
        "absolute weights": [("per_superpixel[superpixel] = weight", "per_superpixel[superpixel] = abs(weight)")],
        "the rank instead of the weight": [
            ("for superpixel, weight in local_exp:\n        per_superpixel[superpixel] = weight",
             "for rank, (superpixel, weight) in enumerate(local_exp):\n        per_superpixel[superpixel] = rank")],
        "the (K,) vector instead of the map": [("return per_superpixel[segments]", "return per_superpixel")],
        "float32 map": [("return per_superpixel[segments]", "return per_superpixel[segments].astype(np.float32)")],
        "calls exp.heatmap's helper in lt.metrics": [
            ("    per_superpixel = np.zeros(segments.max() + 1)\n"
             "    for superpixel, weight in local_exp:\n        per_superpixel[superpixel] = weight\n",
             "    per_superpixel = lt.metrics.superpixel_weights(local_exp, segments.max() + 1)\n")],
    },
    "ex_pick_setting": {
        "strictly above the threshold (> instead of >=)": [
            ('if result["overlap"] >= min_overlap]', 'if result["overlap"] > min_overlap]')],
        "no default threshold": [("min_overlap=0.6):", "min_overlap):")],
        "default threshold 0.5": [("min_overlap=0.6):", "min_overlap=0.5):")],
        "ignores the score on equal calls": [('key=lambda result: (result["calls"], -result["score"])',
                                               'key=lambda result: result["calls"]')],
        "best score, whatever it costs": [('min(stable, key=lambda result: (result["calls"], -result["score"]))',
                                           'max(stable, key=lambda result: result["score"])')],
        "complete ties: the last one": [("min(stable, key=", "min(reversed(stable), key=")],
        "returns the dict, not its name": [('return best["name"]', "return best")],
        "the cheapest overall when nothing is stable": [
            ("    if not stable:\n        return None\n", "    if not stable:\n        stable = results\n")],
        "sorts results in place": [
            ('    stable = [result for result in results if result["overlap"] >= min_overlap]\n',
             '    results.sort(key=lambda result: result["calls"])\n'
             '    stable = [result for result in results if result["overlap"] >= min_overlap]\n')],
    },
}
