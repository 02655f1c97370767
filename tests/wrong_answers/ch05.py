"""Typical wrong answers to the exercises of chapter 05 (weighted regression)."""


def _ridge(centre, gram_extra="", penalty="alpha"):
    """A closed-form ridge answer with one thing changed."""
    return (
        "def weighted_ridge(X, y, weights, alpha):\n"
        f"{centre}"
        "    Xc, yc = X - x_mean, y - y_mean\n"
        f"    gram = Xc.T @ (weights[:, None] * Xc) + {penalty} * np.eye(X.shape[1]){gram_extra}\n"
        "    coef = np.linalg.solve(gram, Xc.T @ (weights * yc))\n"
        "    return coef, float(y_mean - x_mean @ coef)\n"
    )


WEIGHTED_MEANS = (
    "    x_mean = np.average(X, axis=0, weights=weights)\n"
    "    y_mean = np.average(y, weights=weights)\n"
)

WRONG_ANSWERS = {
    "ex_weighted_ridge": {
        "unweighted ridge": (
            "def weighted_ridge(X, y, weights, alpha):\n"
            "    x_mean, y_mean = X.mean(axis=0), y.mean()\n"
            "    Xc, yc = X - x_mean, y - y_mean\n"
            "    coef = np.linalg.solve(Xc.T @ Xc + alpha * np.eye(X.shape[1]), Xc.T @ yc)\n"
            "    return coef, float(y_mean - x_mean @ coef)\n"
        ),
        "alpha scaled by the number of samples": _ridge(WEIGHTED_MEANS, penalty="alpha * len(X)"),
        "alpha scaled by the sum of the weights": _ridge(WEIGHTED_MEANS, penalty="alpha * weights.sum()"),
        "centring with the unweighted means": _ridge("    x_mean, y_mean = X.mean(axis=0), y.mean()\n"),
        "no centring, no intercept": (
            "def weighted_ridge(X, y, weights, alpha):\n"
            "    gram = X.T @ (weights[:, None] * X) + alpha * np.eye(X.shape[1])\n"
            "    return np.linalg.solve(gram, X.T @ (weights * y)), 0.0\n"
        ),
        "intercept as an extra column, penalised too": (
            "def weighted_ridge(X, y, weights, alpha):\n"
            "    Xa = np.column_stack([X, np.ones(len(X))])\n"
            "    gram = Xa.T @ (weights[:, None] * Xa) + alpha * np.eye(Xa.shape[1])\n"
            "    solution = np.linalg.solve(gram, Xa.T @ (weights * y))\n"
            "    return solution[:-1], float(solution[-1])\n"
        ),
        "weights squared (sqrt(w) applied twice)": (
            "def weighted_ridge(X, y, weights, alpha):\n"
            "    return _ridge_with(X, y, weights**2, alpha)\n"
            "def _ridge_with(X, y, weights, alpha):\n"
            "    x_mean = np.average(X, axis=0, weights=weights)\n"
            "    y_mean = np.average(y, weights=weights)\n"
            "    Xc, yc = X - x_mean, y - y_mean\n"
            "    coef = np.linalg.solve(Xc.T @ (weights[:, None] * Xc) + alpha * np.eye(X.shape[1]), Xc.T @ (weights * yc))\n"
            "    return coef, float(y_mean - x_mean @ coef)\n"
        ),
    },
    "ex_weighted_r2": {
        "unweighted R^2": (
            "def weighted_r2(y, y_pred, weights):\n"
            "    return float(1 - np.sum((y - y_pred) ** 2) / np.sum((y - y.mean()) ** 2))\n"
        ),
        "weighted sums around the unweighted mean": (
            "def weighted_r2(y, y_pred, weights):\n"
            "    return float(1 - np.sum(weights * (y - y_pred) ** 2) / np.sum(weights * (y - y.mean()) ** 2))\n"
        ),
        "weights squared": (
            "def weighted_r2(y, y_pred, weights):\n"
            "    y_mean = np.average(y, weights=weights)\n"
            "    w2 = weights**2\n"
            "    return float(1 - np.sum(w2 * (y - y_pred) ** 2) / np.sum(w2 * (y - y_mean) ** 2))\n"
        ),
        "fraction unexplained (1 - R^2)": (
            "def weighted_r2(y, y_pred, weights):\n"
            "    y_mean = np.average(y, weights=weights)\n"
            "    return float(np.sum(weights * (y - y_pred) ** 2) / np.sum(weights * (y - y_mean) ** 2))\n"
        ),
        "squared correlation": (
            "def weighted_r2(y, y_pred, weights):\n"
            "    return float(np.corrcoef(y, y_pred)[0, 1] ** 2)\n"
        ),
    },
}


def _forward(score_line, fit_weights="weights", steps="min(num_features, X.shape[1])"):
    """A forward selection answer with one thing changed."""
    return (
        "def forward_selection(X, y, weights, num_features):\n"
        f"    fit_weights = {fit_weights}\n"
        "    root = np.sqrt(fit_weights)\n"
        "    chosen = []\n"
        f"    for _ in range({steps}):\n"
        "        best, best_score = None, -np.inf\n"
        "        for feature in range(X.shape[1]):\n"
        "            if feature in chosen:\n"
        "                continue\n"
        "            columns = X[:, chosen + [feature]]\n"
        "            centred = columns - np.average(columns, axis=0, weights=fit_weights)\n"
        "            y_centred = y - np.average(y, weights=fit_weights)\n"
        "            coef = np.linalg.lstsq(root[:, None] * centred, root * y_centred, rcond=None)[0]\n"
        "            residual = y_centred - centred @ coef\n"
        f"            score = {score_line}\n"
        "            if score > best_score:\n"
        "                best, best_score = feature, score\n"
        "        chosen.append(best)\n"
        "    return np.array(chosen, dtype=int)\n"
    )


WRONG_ANSWERS["ex_forward_selection"] = {
    "unweighted R^2 to compare candidates": _forward(
        "1 - np.sum(residual ** 2) / np.sum((y - y.mean()) ** 2)"),
    "unweighted fit and R^2": _forward(
        "1 - np.sum(residual ** 2) / np.sum(y_centred ** 2)", fit_weights="np.ones(len(y))"),
    "greedy by the size of the new coefficient": _forward("abs(coef[-1])"),
    "num_features steps even when there are fewer features": _forward(
        "1 - np.sum(weights * residual ** 2) / np.sum(weights * y_centred ** 2)", steps="num_features"),
    "largest coefficients of one fit on all features": (
        "def forward_selection(X, y, weights, num_features):\n"
        "    root = np.sqrt(weights)\n"
        "    centred = X - np.average(X, axis=0, weights=weights)\n"
        "    y_centred = y - np.average(y, weights=weights)\n"
        "    coef = np.linalg.lstsq(root[:, None] * centred, root * y_centred, rcond=None)[0]\n"
        "    return np.argsort(-np.abs(coef))[:num_features]\n"
    ),
}
