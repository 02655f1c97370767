"""Typical wrong answers to the exercises of chapter 05 (weighted regression).

Each is a list of (old, new) replacements applied to the solution cell.
"""

WRONG_ANSWERS = {
    "ex_weighted_ridge": {
        "unweighted means for the centring": [
            ("x_mean = np.average(X, axis=0, weights=weights)\n    y_mean = np.average(y, weights=weights)",
             "x_mean, y_mean = X.mean(axis=0), y.mean()")],
        "alpha scaled by the number of samples": [("alpha * np.eye", "alpha * len(X) * np.eye")],
        "alpha scaled by the sum of the weights": [("alpha * np.eye", "alpha * weights.sum() * np.eye")],
        "no default alpha": [("alpha=1.0):", "alpha):")],
        "default alpha 0.01 (lime's highest_weights ridge)": [("alpha=1.0):", "alpha=0.01):")],
        "weights squared (sqrt(w) applied twice)": [
            ("gram = Xc.T @ (weights[:, None] * Xc)", "gram = Xc.T @ (weights[:, None] ** 2 * Xc)"),
            ("Xc.T @ (weights * yc)", "Xc.T @ (weights**2 * yc)")],
        "weights left out of the right-hand side": [("Xc.T @ (weights * yc)", "Xc.T @ yc")],
        "no centring, intercept 0": [
            ("Xc, yc = X - x_mean, y - y_mean", "Xc, yc = X, y"),
            ("return coef, float(y_mean - x_mean @ coef)", "return coef, 0.0")],
        "coef as a list": [("return coef, float(", "return list(coef), float(")],
        "intercept as an array": [("float(y_mean - x_mean @ coef)", "np.atleast_1d(y_mean - x_mean @ coef)")],
        "calls scikit-learn's Ridge": [
            ("    x_mean = np.average(X, axis=0, weights=weights)\n",
             "    model = Ridge(alpha=alpha).fit(X, y, sample_weight=weights)\n"
             "    return model.coef_, float(model.intercept_)\n"
             "    x_mean = np.average(X, axis=0, weights=weights)\n")],
    },
    "ex_weighted_r2": {
        "unweighted R^2": [
            ("residual = np.sum(weights * (y - y_pred) ** 2)", "residual = np.sum((y - y_pred) ** 2)"),
            ("total = np.sum(weights * (y - mean) ** 2)", "total = np.sum((y - y.mean()) ** 2)")],
        "weighted sums around the unweighted mean": [
            ("mean = np.sum(weights * y) / np.sum(weights)", "mean = y.mean()")],
        "weights squared": [
            ("residual = np.sum(weights * (y - y_pred) ** 2)", "residual = np.sum(weights**2 * (y - y_pred) ** 2)"),
            ("total = np.sum(weights * (y - mean) ** 2)", "total = np.sum(weights**2 * (y - mean) ** 2)")],
        "fraction unexplained (1 - R^2)": [("float(1 - residual / total)", "float(residual / total)")],
        "squared correlation": [("return float(1 - residual / total)", "return float(np.corrcoef(y, y_pred)[0, 1] ** 2)")],
        "fails on lists": [
            ("    y, y_pred, weights = (np.asarray(a, dtype=float) for a in (y, y_pred, weights))\n", "")],
        "a numpy array instead of a float": [
            ("return float(1 - residual / total)", "return np.atleast_1d(1 - residual / total)")],
        "calls r2_score": [("return float(1 - residual / total)",
                            "return float(r2_score(y, y_pred, sample_weight=weights))")],
    },
    "ex_forward_selection": {
        "unweighted R^2 to compare candidates": [
            ("score = 1 - np.sum(weights * (y_centred - centred @ coef) ** 2) / total",
             "score = 1 - np.sum((y_centred - centred @ coef) ** 2) / np.sum(y_centred**2)")],
        "unweighted fit": [("root = np.sqrt(weights)", "root = np.ones_like(weights)")],
        "greedy by the size of the new coefficient": [
            ("score = 1 - np.sum(weights * (y_centred - centred @ coef) ** 2) / total", "score = abs(coef[-1])")],
        "ties to the higher index (>= instead of >)": [("if score > best_score:", "if score >= best_score:")],
        "num_features steps even when there are fewer features": [
            ("for _ in range(min(num_features, X.shape[1])):", "for _ in range(num_features):")],
        "sorted instead of in the order added": [
            ("return np.array(chosen, dtype=int)", "return np.array(sorted(chosen), dtype=int)")],
        "a list instead of an array": [("return np.array(chosen, dtype=int)", "return chosen")],
        "float indices": [("return np.array(chosen, dtype=int)", "return np.array(chosen, dtype=float)")],
        "largest coefficients of one fit on all features": [
            ("    chosen = []\n",
             "    centred = X - np.average(X, axis=0, weights=weights)\n"
             "    coef = np.linalg.lstsq(root[:, None] * centred, root * y_centred, rcond=None)[0]\n"
             "    return np.argsort(-np.abs(coef))[:num_features]\n"
             "    chosen = []\n")],
        "calls lime": [
            ("    X, y, weights = (np.asarray(a, dtype=float) for a in (X, y, weights))\n",
             "    return lime_base.LimeBase(kernel_fn=None).forward_selection(X, y, weights, num_features)\n")],
    },
    "ex_choose_num_features": {
        "strictly above the threshold (> instead of >=)": [("if fit.score >= target:", "if fit.score > target:")],
        "no default tolerance": [("tolerance=0.05,", "tolerance,")],
        "default tolerance 0.1": [("tolerance=0.05,", "tolerance=0.1,")],
        "budgets counted from 0": [("range(1, max_features + 1)", "range(max_features + 1)")],
        "returns the score instead of the budget": [("            return n\n", "            return fit.score\n")],
        "compares with the last budget's score instead of all superpixels'": [
            ('target = lt.fit_surrogate(masks, y, weights, feature_selection="none").score - tolerance',
             'target = lt.fit_surrogate(masks, y, weights, feature_selection="forward_selection", '
             'num_features=max_features).score - tolerance')],
        "None when no budget qualifies": [("    return max_features\n", "    return None\n")],
        "numpy integer from a search over an array": [
            ("for n in range(1, max_features + 1):", "for n in np.arange(1, max_features + 1):")],
    },
}
