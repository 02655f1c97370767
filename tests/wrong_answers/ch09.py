"""Typical wrong answers to the exercises of chapter 09 (a Clever Hans classifier, SP-LIME)."""

WRONG_ANSWERS = {
    "ex_background_share": {
        "absolute weights: negative evidence counted as positive": [
            ("np.clip(np.asarray(heatmap, dtype=float), 0, None)", "np.abs(np.asarray(heatmap, dtype=float))")],
        "signed weights: negative evidence subtracted": [
            ("np.clip(np.asarray(heatmap, dtype=float), 0, None)", "np.asarray(heatmap, dtype=float)")],
        "the object's share instead of the background's": [
            ("np.asarray(object_mask) == 0", "np.asarray(object_mask) != 0")],
        "~mask, wrong for a 0/1 uint8 mask (~1 == 254)": [
            ("np.asarray(object_mask) == 0", "~np.asarray(object_mask)")],
        "no guard: NaN when no weight is positive": [
            ("    if total == 0:\n        return 0.0\n", "")],
        "counts pixels with positive weight, not the weight": [
            ("positive[on_background].sum() / total", "np.count_nonzero(positive[on_background]) / np.count_nonzero(positive)")],
        "mean weight per region: areas ignored": [
            ("float(positive[on_background].sum() / total)",
             "float(positive[on_background].mean() / (positive[on_background].mean() + positive[~on_background].mean()))")],
        "a numpy float instead of a Python float": [
            ("return float(positive[on_background].sum() / total)", "return positive[on_background].sum() / total")],
    },
    "ex_submodular_pick": {
        "ties to the highest index (>=, as lime's loop)": [("if gain > best_gain:", "if gain >= best_gain:")],
        "negative weights counted as coverage (W != 0)": [
            ("gain = importance[(W[i] > 0) & ~covered].sum()", "gain = importance[(W[i] != 0) & ~covered].sum()"),
            ("covered |= W[best] > 0", "covered |= W[best] != 0")],
        "importance without the square root": [
            ("np.sqrt(np.abs(W).sum(axis=0))", "np.abs(W).sum(axis=0)")],
        "importance from signed weights (W instead of |W|)": [
            ("np.sqrt(np.abs(W).sum(axis=0))", "np.sqrt(np.clip(W.sum(axis=0), 0, None))")],
        "total instead of marginal gain (covered features counted again)": [
            ("(W[i] > 0) & ~covered", "W[i] > 0")],
        "a row may be picked twice": [("            if i in picked:\n                continue\n", "")],
        "best gain starts at 0: rows that add nothing are never picked": [
            ("best, best_gain = None, -1.0", "best, best_gain = None, 0.0")],
        "a numpy array instead of a list": [("return picked", "return np.array(picked)")],
    },
    "ex_choose_budget": {
        "> instead of >= (the threshold itself does not qualify)": [
            (">= min_coverage * reachable", "> min_coverage * reachable")],
        "share of the total importance, features nobody covers included": [
            ("reachable = submodular.coverage(W, range(len(W)), importance)", "reachable = importance.sum()")],
        "default min_coverage left out": [("min_coverage=0.9", "min_coverage")],
        "counts covered features instead of weighing them": [
            ("reachable = submodular.coverage(W, range(len(W)), importance)",
             "reachable = np.count_nonzero((W > 0).any(axis=0))"),
            ("submodular.coverage(W, order[:budget], importance)",
             "np.count_nonzero((W[order[:budget]] > 0).any(axis=0))")],
        "rows in index order instead of the greedy pick": [
            ("order = submodular.submodular_pick(W, len(W))", "order = list(range(len(W)))")],
        "off by one: the last budget that falls short": [("return budget", "return budget - 1")],
        "returns the pick instead of its size": [("return budget", "return order[:budget]")],
        "budgets counted from 0": [("range(1, len(W) + 1)", "range(len(W))")],
    },
}
